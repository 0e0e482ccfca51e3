"""Drafting every narrative part with a model: concurrent, so the whole takes about as long as the slowest part.

    python bench/bench_model_drafting.py [--latency 1.0] [--runs 3]

A small OpenAI-compatible server on 127.0.0.1 (tests/openai_server.py, standard library) answers each part
after ``--latency`` seconds; the real langchain-openai client drafts the nine parts of the sample report through
the project's drafter, once with every part in flight at the same time and once one part at a time. Prints the
median wall time of each, the sum of the latencies, and the ratio. Only the standard library and the project
are used; nothing leaves this machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import formats as F  # noqa: E402
from assistant.drafting.select import draft_report  # noqa: E402
from assistant.figures import load_report  # noqa: E402
from assistant.settings import load_settings  # noqa: E402
from tests.openai_server import OpenAIServer, Reply, by_part  # noqa: E402

SAMPLE = ROOT / "sample_reports" / "example_2021_county_bureau" / "figures.json"
ANSWER = "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，扎实做好政府信息公开各项工作，不断提升工作质量。"
FEES_ANSWER = "本年度本机关发出信息处理费收费通知2件，通知金额600元，实际收取信息处理费400元。"


def _draft(base_url: str, concurrency: int) -> tuple[float, int]:
    settings = load_settings(
        ROOT / "bench" / "absent.toml",
        model="openai:bench-model",
        base_url=base_url,
        timeout=30,
        retries=0,
        concurrency=concurrency,
    )
    report = load_report(SAMPLE)
    start = time.perf_counter()
    outcome = draft_report(report, settings, offline=False)
    elapsed = time.perf_counter() - start
    if outcome.fallbacks:
        reasons = "; ".join(f"{f.part}: {f.reason}" for f in outcome.fallbacks)
        raise SystemExit(f"unexpected fallbacks: {reasons}")
    return elapsed, len(outcome.drafted)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--latency", type=float, default=1.0, help="seconds before each answer (default 1.0)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    replies = {part.key: [Reply(ANSWER, delay=args.latency, chunk_size=4)] for part in F.NARRATIVE_PARTS}
    replies["other"] = [Reply(FEES_ANSWER, delay=args.latency, chunk_size=4)]  # 六 must state the fees
    with OpenAIServer(by_part(replies)) as server:
        _draft(server.base_url, len(F.NARRATIVE_PARTS))  # warm-up: imports, first connection
        concurrent = [_draft(server.base_url, len(F.NARRATIVE_PARTS)) for _ in range(args.runs)]
        sequential = [_draft(server.base_url, 1) for _ in range(max(1, args.runs // 2))]
    parts = concurrent[0][1]
    together = statistics.median(t for t, _ in concurrent)
    one_by_one = statistics.median(t for t, _ in sequential)
    print(f"{parts} parts, {args.latency:.1f} s latency per answer, sum of latencies {parts * args.latency:.1f} s")
    print(f"{'mode':32} {'median s':>9} {'min s':>7} {'max s':>7}")
    for name, runs in (("all parts at once (concurrency 9)", concurrent), ("one part at a time", sequential)):
        times = [t for t, _ in runs]
        print(f"{name:32} {statistics.median(times):9.2f} {min(times):7.2f} {max(times):7.2f}")
    print(f"speed-up {one_by_one / together:.1f}×; all at once = {together / args.latency:.2f} × one answer's latency")


if __name__ == "__main__":
    main()

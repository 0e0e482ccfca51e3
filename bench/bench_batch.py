"""Throughput and memory of ``batch``: N generated figures files to .docx + .html, in a fresh process.

    python bench/bench_batch.py [--counts 100,500] [--jobs 2] [--formats docx,html] [--keep]

For each count N it writes N different, valid figures files (varied from the 2021 sample: agency and every
table figure, the 表三 columns balanced) into a temporary folder, runs the batch on them in a new Python
process and prints the wall time, reports per second, and the peak resident memory of the batch process and
of its largest worker (``resource.getrusage``; POSIX only). Memory that stays flat from a small N to a large
one shows that nothing grows with the batch. Only the standard library is used.

The target (not a test): at least 20 reports per second to .docx + .html on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_reports" / "example_2021_county_bureau" / "figures.json"

TABLE3_PARTS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org")
TABLE3_NOT_SUMMED = ("new_received", "carried_in", "r7_total", "carried_out")

# Runs in the child: the batch, then its own and its workers' peak RSS as one JSON line on stdout.
CHILD = """
import json, resource, sys, time
from assistant.batch import batch_command
start = time.perf_counter()
code = batch_command([sys.argv[1]], sys.argv[2], formats=sys.argv[3].split(","), jobs=int(sys.argv[4]) or None,
                     out=open(sys.argv[5], "w", encoding="utf-8"))
elapsed = time.perf_counter() - start
scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, kB on Linux
me, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "code": code,
    "elapsed": elapsed,
    "cpu": me.ru_utime + me.ru_stime + workers.ru_utime + workers.ru_stime,
    "self_rss": me.ru_maxrss * scale,
    "children_rss": workers.ru_maxrss * scale,
}))
"""


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"CPU: {cpu}; cores: {os.cpu_count()} (usable here: {usable}); "
        f"Python {platform.python_version()} ({platform.python_implementation()}); {platform.platform()}"
    )


def varied(base: dict[str, Any], number: int, rng: random.Random) -> dict[str, Any]:
    """The sample with another agency and other figures; every table still adds up."""
    data = json.loads(json.dumps(base))
    data["meta"]["agency"] = f"桐溪县第{number}局"
    data["meta"]["preparer"] = data["meta"]["agency"]
    for block in data["table2"].values():
        for row in block.values():
            for column, value in row.items():
                if column == "amount_wan_yuan":
                    row[column] = f"{rng.randint(0, 5000)}.{rng.randint(0, 9)}"
                elif isinstance(value, int):
                    row[column] = rng.randint(0, 300)
    table3 = data["table3"]
    for column in TABLE3_PARTS:
        results = 0
        for row_key, row in table3.items():
            if row_key not in TABLE3_NOT_SUMMED:
                row[column] = rng.choice((0, 0, 0, rng.randint(0, 20)))
                results += row[column]
        carried_out = rng.randint(0, 3)
        carried_in = rng.randint(0, min(3, results + carried_out))
        table3["carried_in"][column] = carried_in
        table3["carried_out"][column] = carried_out
        table3["new_received"][column] = results + carried_out - carried_in  # the 勾稽关系 of each column
    for row in table3.values():
        row["total"] = None
    table3["r7_total"] = dict.fromkeys(table3["r7_total"])
    for block in data["table4"].values():
        for column in ("upheld", "corrected", "other", "pending"):
            block[column] = rng.randint(0, 2)
        block["total"] = None
    return data


def generate(folder: Path, count: int) -> None:
    base = json.loads(SAMPLE.read_text(encoding="utf-8"))
    rng = random.Random(count)
    for number in range(1, count + 1):
        text = json.dumps(varied(base, number, rng), ensure_ascii=False, indent=2)
        (folder / f"第{number:04d}局.json").write_text(text, encoding="utf-8")


def run(count: int, jobs: int, formats: str, keep: bool) -> dict[str, Any]:
    tmp = tempfile.mkdtemp(prefix="bench_batch_")
    try:
        folder, out_dir = Path(tmp) / "in", Path(tmp) / "out"
        folder.mkdir()
        generate(folder, count)
        log = Path(tmp) / "batch.log"
        command = [sys.executable, "-c", CHILD, str(folder), str(out_dir), formats, str(jobs), str(log)]
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False)
        wall = time.perf_counter() - start
        if done.returncode != 0 or not done.stdout.strip():
            sys.exit(f"batch failed ({done.returncode}):\n{done.stderr}\n{log.read_text(encoding='utf-8')}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        if result["code"] != 0:
            sys.exit(f"batch exit code {result['code']}:\n{log.read_text(encoding='utf-8')}")
        written = sum(1 for p in out_dir.iterdir() if p.suffix in {f".{f}" for f in formats.split(",")})
        result.update(count=count, wall=wall, written=written)
        return result
    finally:
        if keep:
            print(f"kept: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--counts", default="500", help="comma-separated numbers of reports (default 500)")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (default: one per usable core)")
    parser.add_argument("--formats", default="docx,html")
    parser.add_argument("--keep", action="store_true", help="keep the generated files and outputs")
    args = parser.parse_args()
    print(machine())
    jobs = f"{args.jobs} workers" if args.jobs else "one worker per usable core"
    print(f"batch to {args.formats}, {jobs}")
    print(
        f"{'N':>6} {'batch s':>8} {'process s':>9} {'reports/s':>10} {'CPU ms/report':>14} "
        f"{'batch RSS MB':>13} {'worker RSS MB':>14}"
    )
    for count in (int(c) for c in args.counts.split(",")):
        r = run(count, args.jobs, args.formats, args.keep)
        expected = count * len(args.formats.split(","))
        assert r["written"] == expected, f"{r['written']} files written, {expected} expected"
        print(
            f"{count:>6} {r['elapsed']:>8.2f} {r['wall']:>9.2f} {count / r['elapsed']:>10.1f} "
            f"{1000 * r['cpu'] / count:>14.1f} {r['self_rss'] / 2**20:>13.1f} {r['children_rss'] / 2**20:>14.1f}"
        )
    print(
        "batch s: inside the process (workers' start included); process s: with Python's own start-up.\n"
        "CPU ms/report: CPU time of the batch and its workers over N, start-up included; it does not depend on\n"
        "what else the machine is doing: cores × 1000 / it is the rate an otherwise idle machine reaches.\n"
        f"load average now: {', '.join(f'{x:.1f}' for x in os.getloadavg()) if hasattr(os, 'getloadavg') else 'n/a'}"
    )


if __name__ == "__main__":
    main()

"""Whole-process timing of the offline pipeline against the floor of starting Python with its libraries.

    python bench/bench_offline.py [--runs 15]

Prints the median wall time of each command over several runs (after one warm-up). The floor is
`python -c "import pydantic, jinja2"`: the pipeline cannot be faster than importing what it needs.
Only the standard library is used, so anyone can run it; /usr/bin/time -v gives memory if wanted.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "sample_reports" / "seed_2020_shanggao_audit" / "figures.json"


def _time(command: list[str], runs: int) -> list[float]:
    subprocess.run(command, check=True, capture_output=True)  # warm-up: disk cache, .pyc files
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "report.md")
        commands = {
            "floor: import pydantic, jinja2": [sys.executable, "-c", "import pydantic, jinja2"],
            "--from-json --offline -o .md": [
                sys.executable,
                "-m",
                "assistant",
                "--from-json",
                str(SEED),
                "--offline",
                "-o",
                out,
            ],
            "validate": [sys.executable, "-m", "assistant", "validate", str(SEED)],
        }
        results = {name: _time(cmd, args.runs) for name, cmd in commands.items()}
    floor = statistics.median(results["floor: import pydantic, jinja2"])
    print(f"{'command':34} {'median s':>9} {'min s':>7} {'max s':>7} {'× floor':>8}")
    for name, times in results.items():
        median = statistics.median(times)
        print(f"{name:34} {median:9.3f} {min(times):7.3f} {max(times):7.3f} {median / floor:8.2f}")


if __name__ == "__main__":
    main()

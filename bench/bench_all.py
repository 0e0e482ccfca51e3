"""Every speed benchmark in turn, each in its own process:

    python bench/bench_all.py [--quick]

* bench_offline.py: ``--from-json … --offline`` to .docx and to .md, and ``validate``, as whole processes,
  against the floor of starting Python with the libraries they need;
* bench_inprocess.py: ``validate`` on one report and the import of a published PDF report, in process;
* bench_tui.py: the terminal UI's first usable screen, and a keystroke in 表三 to updated totals.

``--quick`` runs each with fewer repetitions (a rough look, not figures to quote). Standard library only.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

QUICK = {
    "bench_offline.py": ["--runs", "5"],
    "bench_inprocess.py": ["--repeat", "5", "--pdf-runs", "2"],
    "bench_tui.py": ["--runs", "3", "--keys", "12"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    failed = []
    for script, quick_args in QUICK.items():
        done = subprocess.run([sys.executable, str(HERE / script), *(quick_args if args.quick else [])])
        if done.returncode:
            failed.append(script)
        print()
    if failed:
        raise SystemExit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()

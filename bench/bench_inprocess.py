"""In-process timing of the core: validating a figures file, and importing a published PDF report.

    python bench/bench_inprocess.py [--repeat 15] [--pdf-runs 5]

``validate`` is what ``report-assistant validate`` does once the program is loaded: read the figures file and
run every check. It is timed timeit-style after one warm-up call (which pays for the lazy imports and the
regular expressions): ``--repeat`` batches of several calls each, and the median time of one call.
The PDF import (:func:`assistant.importing.import_report`) reads each PDF of ``tests/data/corpus``: text
extraction, finding the sections and the three tables, building the figures; one warm-up, then the median of
``--pdf-runs`` runs. Only the standard library and the project are used.
"""

from __future__ import annotations

import argparse
import sys
import time
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import CORPUS, EXAMPLE_2021, ROOT, SEED, print_header, summary

sys.path.insert(0, str(ROOT))

from assistant.checks import run_checks
from assistant.figures import load_report


def validate(path: Path) -> None:
    run_checks(load_report(path))


def bench_validate(path: Path, repeat: int) -> None:
    start = time.perf_counter()
    validate(path)
    first = time.perf_counter() - start
    timer = timeit.Timer(lambda: validate(path))
    number, _ = timer.autorange()  # calls per batch: a batch of at least 0.2 s
    per_call = [t / number for t in timer.repeat(repeat=repeat, number=number)]
    median, low, high = summary(per_call)
    name = path.parent.name
    print(
        f"validate {name:30} median {1000 * median:7.2f} ms  min {1000 * low:7.2f}  max {1000 * high:7.2f}"
        f"  ({repeat} × {number} calls; first call {1000 * first:.1f} ms)"
    )


def bench_pdf_import(runs: int) -> None:
    from assistant.importing import import_report

    pdfs = sorted(CORPUS.glob("*.pdf"))
    if not pdfs:
        print("import PDF: no PDF in tests/data/corpus")
        return
    for pdf in pdfs:
        start = time.perf_counter()
        import_report(pdf)
        first = time.perf_counter() - start
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            import_report(pdf)
            times.append(time.perf_counter() - start)
        median, low, high = summary(times)
        size = pdf.stat().st_size // 1024
        print(
            f"import   {pdf.name[:30]:30} median {1000 * median:7.1f} ms  min {1000 * low:7.1f}  "
            f"max {1000 * high:7.1f}  ({runs} runs; first {1000 * first:.1f} ms; {size} KiB)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=15, help="batches of validate calls (default 15)")
    parser.add_argument("--pdf-runs", type=int, default=5, help="counted imports of each PDF (default 5)")
    args = parser.parse_args()
    print_header("in process (the program already loaded)")
    for path in (SEED, EXAMPLE_2021):
        bench_validate(path, args.repeat)
    bench_pdf_import(args.pdf_runs)


if __name__ == "__main__":
    main()

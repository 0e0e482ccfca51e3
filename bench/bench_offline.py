"""Whole-process timing of the offline pipeline against the floor of starting Python with its libraries.

    python bench/bench_offline.py [--runs 15] [--no-bytecode]

Each command runs as a new process, cold as a clerk starts it: ``--from-json … --offline`` to .docx and to .md,
and ``validate``. The floor is starting Python and importing the libraries the output needs
(``python -c "from pydantic import BaseModel; import jinja2, docx"`` for .docx, without docx for .md; a bare
``import pydantic`` is lazy and would leave out most of pydantic): the pipeline cannot be faster. A second
floor for .docx also defines one pydantic model class, since pydantic loads much of itself only then. After one
warm-up run of each, the commands take turns (A B C … A B C …) so that a drift of
the machine's speed touches them alike; the table gives median, min and max wall time and the median of the
per-turn ratios to the floor.

Byte code is cached (in a temporary directory, not in the checkout), as for an installed package, even when
the shell sets PYTHONDONTWRITEBYTECODE; ``--no-bytecode`` times the compile-every-time case instead.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, SEED, child_environment, pad, print_header, pycache_dir, summary

# ``import pydantic`` alone is lazy and loads next to nothing of pydantic; every program that defines a model
# imports BaseModel, so that is the floor's pydantic.
FLOOR_DOCX = "floor: from pydantic import BaseModel; import jinja2, docx"
FLOOR_MD = "floor: from pydantic import BaseModel; import jinja2"
# pydantic loads much of itself (schema generation, its plugin loader with importlib.metadata) only when the first
# model class is defined: a second floor, for what any program with a pydantic model pays.
FLOOR_DOCX_MODEL = "floor: from pydantic import BaseModel; import jinja2, docx; exec('class M(BaseModel): x: int')"


def _commands(out_dir: Path) -> dict[str, list[str]]:
    python = sys.executable
    run = [python, "-m", "assistant"]
    return {
        FLOOR_DOCX: [python, "-c", FLOOR_DOCX.removeprefix("floor: ")],
        FLOOR_DOCX_MODEL: [python, "-c", FLOOR_DOCX_MODEL.removeprefix("floor: ")],
        "--from-json --offline -o .docx": [*run, "--from-json", str(SEED), "--offline", "-o", str(out_dir / "r.docx")],
        FLOOR_MD: [python, "-c", FLOOR_MD.removeprefix("floor: ")],
        "--from-json --offline -o .md": [*run, "--from-json", str(SEED), "--offline", "-o", str(out_dir / "r.md")],
        "validate": [*run, "validate", str(SEED)],
    }


FLOOR_OF = {"--from-json --offline -o .docx": FLOOR_DOCX, "--from-json --offline -o .md": FLOOR_MD}
SECOND_FLOOR_OF = {"--from-json --offline -o .docx": FLOOR_DOCX_MODEL}


def _run(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):  # 1: the checks found errors, still a full run
        raise SystemExit(f"{command} failed ({done.returncode}):\n{done.stderr.decode('utf-8', 'replace')}")
    return elapsed


def measure(runs: int, env: dict[str, str]) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory() as tmp:
        commands = _commands(Path(tmp))
        for command in commands.values():
            _run(command, env)  # warm-up: disk cache, byte code
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                times[name].append(_run(command, env))
    return times


def report(times: dict[str, list[float]]) -> None:
    print(f"{pad('command', 38)} {'median s':>9} {'min s':>7} {'max s':>7} {'× floor':>8}  floor")
    for name, values in times.items():
        median, low, high = summary(values)
        floor = FLOOR_OF.get(name)
        line = f"{pad(name, 38)} {median:9.3f} {low:7.3f} {high:7.3f}"
        if floor:
            line += f" {_ratio(values, times[floor]):8.2f}  {floor.removeprefix('floor: ')}"
        print(line)
        second = SECOND_FLOOR_OF.get(name)
        if second:
            print(f"{pad('', 38)} {'':9} {'':7} {'':7} {_ratio(values, times[second]):8.2f}  with one model class")


def _ratio(values: list[float], floor: list[float]) -> float:
    """The median of the per-turn ratios: a drift of the machine's speed touches both sides of each alike."""
    return statistics.median(a / b for a, b in zip(values, floor, strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="counted runs of each command (default 15)")
    parser.add_argument("--no-bytecode", action="store_true", help="compile the sources in every run")
    args = parser.parse_args()
    print_header("whole process, cold (a new process each run)")
    with pycache_dir() as pycache:
        env = child_environment(pycache)
        if args.no_bytecode:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
            env.pop("PYTHONPYCACHEPREFIX")
        print(f"byte code: {'compiled in every run' if args.no_bytecode else 'cached, as for an installed package'}")
        print(f"runs: {args.runs} of each after one warm-up, commands in turn; input {SEED.relative_to(ROOT)}")
        report(measure(args.runs, env))


if __name__ == "__main__":
    main()

"""What the benchmarks share: the machine line, medians, and the environment of timed child processes.

Standard library only, so that anyone can run the benchmarks with the project's own Python.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "sample_reports" / "seed_2020_shanggao_audit" / "figures.json"
EXAMPLE_2021 = ROOT / "sample_reports" / "example_2021_county_bureau" / "figures.json"
CORPUS = ROOT / "tests" / "data" / "corpus"


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown CPU"


def machine_line() -> str:
    """CPU model, logical cores (and how many this process may use), Python version and platform."""
    cores = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    python = f"{platform.python_implementation()} {platform.python_version()}"
    return f"{cpu_model()}, {cores} logical cores ({usable} usable), {python}, {platform.system()} {platform.release()}"


def child_environment(pycache: str) -> dict[str, str]:
    """The environment of timed child processes: byte code cached (in ``pycache``, outside the checkout), as it
    is for an installed package, whatever PYTHONDONTWRITEBYTECODE this shell sets; the project importable."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = pycache
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def pycache_dir() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="report-assistant-bench-pyc-")


def pad(text: str, width: int) -> str:
    """``text`` left-aligned in ``width`` terminal columns (a CJK character takes two)."""
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - shown)


def summary(times: list[float]) -> tuple[float, float, float]:
    """(median, min, max)."""
    return statistics.median(times), min(times), max(times)


def print_header(title: str) -> None:
    print(f"== {title}")
    print(f"machine: {machine_line()}")
    print(f"python:  {sys.executable}")

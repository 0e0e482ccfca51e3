"""Regenerate the rendered outputs of every sample report: python sample_reports/regenerate.py

Each sample is a folder with a figures.json; its outputs are written beside it as report.<ext>, one per
format the assistant renders, offline (template drafting). tests/test_samples.py fails when a committed
output differs from what this script would write.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from assistant.drafting.templates import TemplateDrafter  # noqa: E402
from assistant.figures import load_report  # noqa: E402
from assistant.pipeline import build, render_outputs  # noqa: E402
from assistant.render import SUPPORTED_EXTENSIONS  # noqa: E402


def sample_dirs() -> list[Path]:
    return sorted(p.parent for p in HERE.glob("*/figures.json"))


def output_paths(sample: Path) -> list[Path]:
    return [sample / f"report{ext}" for ext in SUPPORTED_EXTENSIONS]


def regenerate(sample: Path) -> list[Path]:
    result = build(load_report(sample / "figures.json"), TemplateDrafter())
    if result.errors:
        lines = "\n".join(f.render() for f in result.errors)
        raise SystemExit(f"{sample.name}: 校验未通过，未生成：\n{lines}")
    return render_outputs(result, output_paths(sample), allow_errors=False)


def main() -> None:
    for sample in sample_dirs():
        for path in regenerate(sample):
            print(path.relative_to(HERE.parent))


if __name__ == "__main__":
    main()

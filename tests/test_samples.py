"""The committed sample outputs are what the assistant writes today.

Regenerate them with: python sample_reports/regenerate.py
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.drafting.templates import TemplateDrafter
from assistant.figures import load_report
from assistant.pipeline import build
from assistant.render import SUPPORTED_EXTENSIONS, build_document, renderer_for
from tests.conftest import SAMPLES

SAMPLE_DIRS = sorted(p.parent for p in SAMPLES.glob("*/figures.json"))


def test_there_are_two_samples() -> None:
    assert [p.name for p in SAMPLE_DIRS] == ["example_2021_county_bureau", "seed_2020_shanggao_audit"]


@pytest.mark.parametrize("sample", SAMPLE_DIRS, ids=lambda p: p.name)
def test_sample_passes_and_outputs_are_fresh(sample: Path) -> None:
    result = build(load_report(sample / "figures.json"), TemplateDrafter())
    assert result.errors == []
    document = build_document(result.report)
    for ext in SUPPORTED_EXTENSIONS:
        committed = sample / f"report{ext}"
        assert committed.exists(), f"{committed} is missing: run python sample_reports/regenerate.py"
        renderer = renderer_for(committed)
        assert renderer is not None
        assert renderer(document) == committed.read_bytes(), (
            f"{committed} is stale: run python sample_reports/regenerate.py"
        )


def test_seed_rendering_fixes_the_two_published_defects() -> None:
    text = (SAMPLES / "seed_2020_shanggao_audit" / "report.txt").read_text(encoding="utf-8")
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in text
    assert "0之和" not in text
    assert "结果维持" in text and "结果维护" not in text
    assert "国办公开办函〔2019〕60号" in text

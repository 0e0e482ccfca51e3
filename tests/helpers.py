"""Builders for test reports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assistant import formats as F
from assistant.model import ReportBase, blank_report


def zero_filled(
    year: int = 2025, *, agency: str = "测试县审计局", kind: F.BodyKind = F.BodyKind.DEPARTMENT
) -> ReportBase:
    """A report with every part cell 0, every total blank (computed), fees 0: it passes every table check."""
    report = blank_report(year, agency=agency, body_kind=kind)
    for block in report.fmt.table2:
        for row in block.rows:
            cells = getattr(getattr(report.table2, block.key), row.key)
            for column in block.columns:
                setattr(cells, column.key, 0)
    for row in report.fmt.table3_rows:
        if row.key == F.TABLE3_TOTAL_ROW:
            continue
        for column in F.TABLE3_PART_COLUMNS:
            setattr(getattr(report.table3, row.key), column, 0)
    for block in F.TABLE4_BLOCKS:
        for column in F.TABLE4_PART_COLUMNS:
            setattr(getattr(report.table4, block.key), column, 0)
    report.fees.notices_issued = 0
    return report


def set3(report: ReportBase, row: str, column: str, value: int | None) -> None:
    setattr(getattr(report.table3, row), column, value)


def set4(report: ReportBase, block: str, column: str, value: int | None) -> None:
    setattr(getattr(report.table4, block), column, value)


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def as_data(report: ReportBase) -> dict[str, Any]:
    return report.model_dump(mode="json")


# Texts of section 五 for the revision tests (tests/test_revise.py, tests/test_tui_revise.py): the current text,
# a shorter one, one stating a fact the clerk gave in the instruction, one inventing a number.
REVISE_CURRENT = "我局政府信息公开工作还存在政策解读形式单一等不足。\n下一步，我局将丰富解读形式，提升公开质量。"
REVISE_SHORTER = "我局政策解读形式较单一。下一步将丰富解读形式。"
REVISE_TRAINING = "我局政策解读形式较单一。下一步将丰富解读形式，今年已开展业务培训2次。"
REVISE_INVENTED = "我局政策解读形式较单一，全年收到意见建议37条。下一步将丰富解读形式。"

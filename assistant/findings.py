"""Findings: what a check reports, and where, in the official labels."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any, TextIO

from . import formats as F
from .formats import ReportFormat


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


# C0/C1 controls and bidi controls (as figures._UNPRINTABLE, without the surrogates a str from JSON cannot hold).
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

SEVERITY_LABELS: dict[Severity, str] = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


@dataclass(frozen=True)
class Location:
    """Where a finding points: a table cell (keys) or a narrative part (and a character offset).

    ``label`` is the place in official labels, ready for a clerk to read.
    """

    label: str
    table: str | None = None
    block: str | None = None
    row: str | None = None
    column: str | None = None
    part: str | None = None
    offset: int | None = None


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    location: Location | None = None
    expected: str | None = None
    found: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data

    def render(self) -> str:
        """One readable line: 【错误】T3-BALANCE 表三 …：message. Control and bidi characters quoted from the
        clerk's text are shown as \\uXXXX, so that printing a finding cannot drive the terminal."""
        place = f" {self.location.label}" if self.location else ""
        line = f"【{SEVERITY_LABELS[self.severity]}】{self.code}{place}：{self.message}"
        return _CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", line)


def show_value(value: object) -> str:
    """A cell value as a clerk reads it: 空白 for blank, plain digits otherwise."""
    if value is None:
        return "空白"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return str(value)


# ---------------------------------------------------------------------------------------------------------
# Places in official labels


def quoted(label: str) -> str:
    return f"“{label}”"


def table3_row_label(fmt: ReportFormat, row: str) -> str:
    """The row's label, prefixed by its group where the row is a numbered sub-row (（三）不予公开 1.属于国家秘密)."""
    label = fmt.table3_row(row).label
    group = fmt.table3_group_of(row)
    if group is not None and group.has_subrows:
        return f"{group.label} {label}"
    return label


def _column_label(columns: tuple[F.Column, ...], key: str) -> str:
    return next(c.label for c in columns if c.key == key)


def table2_place(fmt: ReportFormat, block: str, row: str, column: str | None = None) -> Location:
    b = fmt.table2_block(block)
    row_label = next(r.label for r in b.rows if r.key == row)
    label = f"表二 {b.title} {quoted(row_label)}"
    if column is not None:
        label += f" / {_column_label(b.columns, column)}"
    return Location(label, table="table2", block=block, row=row, column=column)


def table3_place(fmt: ReportFormat, row: str | None = None, column: str | None = None) -> Location:
    parts = ["表三"]
    if row is not None:
        parts.append(quoted(table3_row_label(fmt, row)))
    label = " ".join(parts)
    if column is not None:
        label += (
            f" / {_column_label(F.TABLE3_COLUMNS, column)}"
            if row is not None
            else f" {quoted(_column_label(F.TABLE3_COLUMNS, column))}列"
        )
    return Location(label, table="table3", row=row, column=column)


def table4_place(block: str, column: str | None = None) -> Location:
    b = next(x for x in F.TABLE4_BLOCKS if x.key == block)
    name = f"{b.parent}·{b.label}" if b.parent else b.label
    label = f"表四 {name}"
    if column is not None:
        label += f" / {_column_label(F.TABLE4_COLUMNS, column)}"
    return Location(label, table="table4", block=block, column=column)


def narrative_place(part: str, offset: int | None = None) -> Location:
    label = F.NARRATIVE_PART_BY_KEY[part].label
    if offset is not None:
        label += f"（第{offset + 1}字处）"
    return Location(label, part=part, offset=offset)


def meta_place(field_label: str, field_key: str) -> Location:
    return Location(f"基本信息 {quoted(field_label)}", part=f"meta.{field_key}")


_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def by_severity(findings: Iterable[Finding]) -> list[Finding]:
    """Errors first, then warnings, then info; the order within a severity is kept."""
    return sorted(findings, key=lambda f: _SEVERITY_ORDER[f.severity])


# ---------------------------------------------------------------------------------------------------------
# Showing findings on a terminal (the CLI's commands share these)

SHOWN_PER_CODE = 12  # in readable output, findings of one code beyond this are counted, not listed


def print_findings(findings: Iterable[Finding], stream: TextIO) -> None:
    """One line per finding; beyond :data:`SHOWN_PER_CODE` of a code and severity, a count instead."""
    shown: Counter[tuple[str, Severity]] = Counter()
    hidden: Counter[tuple[str, Severity]] = Counter()
    for finding in findings:
        key = (finding.code, finding.severity)
        if shown[key] >= SHOWN_PER_CODE:
            hidden[key] += 1
            continue
        shown[key] += 1
        print(finding.render(), file=stream)
    for (code, severity), count in hidden.items():
        print(f"  ……另有 {count} 处{SEVERITY_LABELS[severity]} {code} 未列出（--json 可查看全部）", file=stream)


def summary(findings: Sequence[Finding]) -> str:
    """错误 n 处，警告 n 处，提示 n 处."""
    counts = Counter(f.severity for f in findings)
    return "，".join(f"{SEVERITY_LABELS[s]} {counts[s]} 处" for s in Severity)

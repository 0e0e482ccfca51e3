"""What an import found, where, and what it could not find."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..findings import Location
from ..formats import FormatVersion
from ..model import ReportBase


@dataclass(frozen=True)
class Found:
    """A part of the report and where it is in the source (第12–40行, 第3页, 第5段)."""

    part: str  # title | preamble | overall | active | … | table2 | table3 | table4
    label: str  # how a clerk names the part
    place: str


@dataclass(frozen=True)
class Missing:
    """A part that is not in the source. Nothing is invented for it: its figures stay blank (null)."""

    part: str
    label: str
    reason: str  # one sentence in Chinese
    location: Location | None = None


@dataclass(frozen=True)
class LabelDifference:
    """A label printed differently from the official one (beyond width, spaces and numbering punctuation)."""

    location: Location
    printed: str
    official: str
    kind: str  # alias (a variant listed in formats.py) | old-format | cut | variant


@dataclass(frozen=True)
class Heading:
    """A section heading: the official one, and what the report printed (None when it is missing)."""

    section: str
    official: str
    printed: str | None
    status: str  # official | alias | variant | missing
    place: str | None = None


@dataclass(frozen=True)
class AnnouncedSection:
    printed: str
    section: str | None  # the official section it names; None when it names none of the six


@dataclass(frozen=True)
class CellProblem:
    """A table cell whose text is not a figure of its kind (CELL-TYPE); the cell is stored blank."""

    location: Location
    printed: str
    reason: str
    expected: str


@dataclass(frozen=True)
class ExtraRowKept:
    """A row that the official table does not have (a local addition), kept aside and never summed."""

    table: str
    block: str | None
    label: str
    values: tuple[str, ...]
    place: str


@dataclass(frozen=True)
class ShapeNote:
    """A table printed in another shape than the official one (TABLE-SHAPE), and what the import did."""

    location: Location
    message: str
    severity: str  # error | warning


@dataclass
class ImportResult:
    """A published report read into the model, with an account of every liberty and every gap."""

    report: ReportBase
    source: str
    source_kind: str  # text | layout | html | docx | pdf
    detected_version: FormatVersion
    version_evidence: list[str] = field(default_factory=list)
    table_versions: dict[str, FormatVersion | None] = field(default_factory=dict)
    found: list[Found] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    labels: list[LabelDifference] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    extra_headings: list[str] = field(default_factory=list)  # headings beyond 六 (an old outline)
    announced: list[AnnouncedSection] | None = None
    cell_problems: list[CellProblem] = field(default_factory=list)
    extra_rows: list[ExtraRowKept] = field(default_factory=list)
    shape: list[ShapeNote] = field(default_factory=list)
    table3_note: str | None = None  # the 勾稽 note as printed (None when absent, or cut by the end of the text)
    collapsed_other: bool = False  # a 2021-format 表三 printing （六）其他处理 as one row
    overview_topics: list[tuple[str, str | None]] = field(default_factory=list)  # (sub-heading, topic)
    notes: list[str] = field(default_factory=list)  # anything else a clerk should know

    @property
    def version_basis(self) -> str:
        """How the format was determined, for messages: from the labels, or (none telling) from the year."""
        if any("按年度确定" in e for e in self.version_evidence):
            return "表格中没有能区分格式的标签，按年度确定"
        return "按表格标签识别"

    def is_missing(self, part: str) -> bool:
        return any(m.part == part for m in self.missing)

    def summary_lines(self) -> list[str]:
        """What was read, for the command line: one line per fact, in Chinese."""
        report = self.report
        meta = report.meta
        lines = [
            f"机关：{meta.agency or '（未找到）'}；年度：{meta.year}；"
            f"格式：{self.detected_version.value}年格式（{self.version_basis}）",
        ]
        for found in self.found:
            lines.append(f"已找到 {found.label}（{found.place}）")
        rows: dict[str, list[Missing]] = {}
        for missing in self.missing:
            table, dot, _rest = missing.part.partition(".")
            if dot and table.startswith("table"):
                rows.setdefault(table, []).append(missing)
                continue
            lines.append(f"未找到 {missing.label}：{missing.reason}")
        for table_rows in rows.values():
            names = "、".join(m.label for m in table_rows[:3]) + ("等" if len(table_rows) > 3 else "")
            lines.append(f"未找到 {names} 共 {len(table_rows)} 行：原文中没有这些行，其数字留空（null），不作0。")
        for label in self.labels:
            lines.append(f"标签与统一格式不同：{label.location.label}（原文“{label.printed}”，应为“{label.official}”）")
        for extra in self.extra_rows:
            lines.append(f"地方增加的行（已单独保存，不计入合计）：{extra.label}（{extra.place}）")
        for problem in self.cell_problems:
            lines.append(f"非数字单元格（按空白导入）：{problem.location.label}“{problem.printed}”")
        for note in self.shape:
            lines.append(note.message)
        lines.extend(self.notes)
        return lines

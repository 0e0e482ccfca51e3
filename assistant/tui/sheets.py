"""The three tables as the terminal shows them: a label column and value columns, read from the layout.

A terminal cannot merge cells, so, like Markdown and plain text, it reads the official grids through the
flattened views of :mod:`assistant.layout` (表三 grouped, with its group labels on rows of their own). Each value
cell keeps the :class:`~assistant.layout.CellRef` of the figure it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .. import formats as F
from ..formats import ReportFormat
from ..layout import CellRef, FlatTable, flat_table2, flat_table3, flat_table4


class RowKind(StrEnum):
    DATA = "data"  # figures, with a label
    HEADING = "heading"  # a block or group label (第二十条第（一）项, （三）不予公开), no figures
    HEADER = "header"  # column labels inside the table (表二, whose blocks have columns of their own)


@dataclass(frozen=True)
class SheetColumn:
    key: str
    lines: tuple[str, ...]  # the header, as the official template breaks it over lines
    label: str = ""  # the header on one line (the official label)


@dataclass(frozen=True)
class SheetRow:
    kind: RowKind
    label: str
    cells: tuple[CellRef | None, ...] = ()  # data rows
    texts: tuple[str, ...] = ()  # header rows


@dataclass(frozen=True)
class Sheet:
    table: str  # table2 / table3 / table4
    title: str  # the section heading: 三、收到和处理政府信息公开申请情况
    caption: str | None
    columns: tuple[SheetColumn, ...]
    rows: tuple[SheetRow, ...]
    show_header: bool

    @property
    def refs(self) -> list[CellRef]:
        return [ref for row in self.rows for ref in row.cells if ref is not None]


def is_computed(ref: CellRef) -> bool:
    """Totals are the assistant's to compute (the 总计 column, the （七）总计 row, 表四 总计)."""
    if ref.table == "table3":
        return ref.column == F.TABLE3_TOTAL_COLUMN or ref.row == F.TABLE3_TOTAL_ROW
    if ref.table == "table4":
        return ref.column == F.TABLE4_TOTAL_COLUMN
    return False


def _flat_with_refs(build) -> tuple[FlatTable | list[FlatTable], list[CellRef]]:  # type: ignore[no-untyped-def]
    """Call a layout.flat_* builder with a lookup that records each cell's ref and returns its index."""
    refs: list[CellRef] = []

    def lookup(ref: CellRef) -> str:
        refs.append(ref)
        return str(len(refs) - 1)

    return build(lookup), refs


def _data_rows(table: FlatTable, refs: list[CellRef], width: int) -> list[SheetRow]:
    rows = []
    for index, (label, *values) in enumerate(table.rows):
        if index in table.section_rows:
            rows.append(SheetRow(RowKind.HEADING, label))
            continue
        cells = tuple(refs[int(v)] if v else None for v in values)
        rows.append(SheetRow(RowKind.DATA, label, cells + (None,) * (width - len(cells))))
    return rows


def _heading(table: str) -> str:
    return F.SECTION_BY_KEY[F.TABLE_SECTIONS[table]].heading


def _columns(columns: tuple[F.Column, ...]) -> tuple[SheetColumn, ...]:
    return tuple(SheetColumn(c.key, c.short_lines or (c.label,), c.label) for c in columns)


def table2_sheet(fmt: ReportFormat) -> Sheet:
    blocks, refs = _flat_with_refs(lambda lookup: flat_table2(fmt, lookup))
    assert isinstance(blocks, list)
    width = max(len(b.columns) for b in fmt.table2)
    rows: list[SheetRow] = []
    for block in blocks:
        rows.append(SheetRow(RowKind.HEADING, block.caption or ""))
        rows.append(SheetRow(RowKind.HEADER, block.header[0], texts=tuple(block.header[1:])))
        rows += _data_rows(block, refs, width)
    columns = tuple(SheetColumn(f"slot{i}", ("",)) for i in range(width))
    return Sheet("table2", _heading("table2"), None, columns, tuple(rows), show_header=False)


def table3_sheet(fmt: ReportFormat) -> Sheet:
    table, refs = _flat_with_refs(lambda lookup: flat_table3(fmt, lookup, grouped=True))
    assert isinstance(table, FlatTable)
    rows = _data_rows(table, refs, len(F.TABLE3_COLUMNS))
    return Sheet("table3", _heading("table3"), table.caption, _columns(F.TABLE3_COLUMNS), tuple(rows), True)


def table4_sheet() -> Sheet:
    table, refs = _flat_with_refs(flat_table4)
    assert isinstance(table, FlatTable)
    rows = _data_rows(table, refs, len(F.TABLE4_COLUMNS))
    return Sheet("table4", _heading("table4"), None, _columns(F.TABLE4_COLUMNS), tuple(rows), True)

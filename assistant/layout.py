"""The official grids of 表二, 表三 and 表四, merged cells included, derived from the format data.

Word and HTML draw these grids as they are; Markdown and plain text, which cannot merge cells, read the same
grids through :func:`flat_rows`. Grid sizes match the official Word template of the 2021 format
(spec §12): 表二 14 × 4, 表三 28 × 10, 表四 4 × 15.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from . import formats as F
from .formats import Column, ReportFormat


class Role(StrEnum):
    TITLE = "title"  # a block title row of 表二 (第二十条第（一）项)
    HEADER = "header"  # a column header
    NOTE = "note"  # the 勾稽 note of 表三
    LABEL = "label"  # a row label (stub)
    VALUE = "value"  # a figure


@dataclass(frozen=True)
class CellRef:
    """The figure a value cell shows: 表二 (block, row, column), 表三 (row, column), 表四 (block, column)."""

    table: str
    block: str | None
    row: str | None
    column: str


@dataclass(frozen=True)
class GridCell:
    row: int
    col: int
    text: str
    role: Role
    rowspan: int = 1
    colspan: int = 1
    ref: CellRef | None = None
    lines: tuple[str, ...] | None = None  # how a narrow header breaks over lines (商业⏎企业)


@dataclass(frozen=True)
class Grid:
    table: str
    n_rows: int
    n_cols: int
    header_rows: int  # rows repeated when the table breaks across pages (0 for 表二, whose blocks carry headers)
    cells: tuple[GridCell, ...]

    def at(self, row: int, col: int) -> GridCell | None:
        """The cell whose top-left corner is (row, col), if any."""
        return next((c for c in self.cells if c.row == row and c.col == col), None)

    def covering(self, row: int, col: int) -> GridCell:
        """The cell that covers (row, col), merged or not."""
        return next(c for c in self.cells if c.row <= row < c.row + c.rowspan and c.col <= col < c.col + c.colspan)


def _header(row: int, col: int, column: Column, **span: int) -> GridCell:
    return GridCell(row, col, column.label, Role.HEADER, lines=column.short_lines, **span)


def _value_spans(n_values: int, slots: int) -> list[int]:
    """Column spans of ``n_values`` value cells in ``slots`` grid columns: the last cell takes what remains."""
    return [1] * (n_values - 1) + [slots - n_values + 1]


def table2_grid(fmt: ReportFormat) -> Grid:
    slots = max(len(b.columns) for b in fmt.table2)
    n_cols = slots + 1
    cells: list[GridCell] = []
    r = 0
    for block in fmt.table2:
        cells.append(GridCell(r, 0, block.title, Role.TITLE, colspan=n_cols))
        r += 1
        spans = _value_spans(len(block.columns), slots)
        cells.append(GridCell(r, 0, F.TABLE2_ITEM_HEADER, Role.HEADER))
        col = 1
        for column, span in zip(block.columns, spans, strict=True):
            cells.append(_header(r, col, column, colspan=span))
            col += span
        r += 1
        for row in block.rows:
            cells.append(GridCell(r, 0, row.label, Role.LABEL))
            col = 1
            for column, span in zip(block.columns, spans, strict=True):
                ref = CellRef("table2", block.key, row.key, column.key)
                cells.append(GridCell(r, col, "", Role.VALUE, colspan=span, ref=ref))
                col += span
            r += 1
    return Grid("table2", r, n_cols, 0, tuple(cells))


def table3_grid(fmt: ReportFormat) -> Grid:
    columns = F.TABLE3_COLUMNS
    first_value_col = 3
    n_cols = first_value_col + len(columns)
    person, *orgs, total = columns
    cells: list[GridCell] = [
        GridCell(0, 0, F.TABLE3_NOTE, Role.NOTE, rowspan=3, colspan=3),
        GridCell(0, 3, F.TABLE3_APPLICANT_HEADER, Role.HEADER, colspan=len(columns)),
        _header(1, 3, person, rowspan=2),
        GridCell(1, 4, F.TABLE3_ORG_GROUP, Role.HEADER, colspan=len(orgs)),
        _header(1, 4 + len(orgs), total, rowspan=2),
        *(_header(2, 4 + i, column) for i, column in enumerate(orgs)),
    ]

    def values(r: int, row_key: str) -> list[GridCell]:
        return [
            GridCell(r, first_value_col + i, "", Role.VALUE, ref=CellRef("table3", None, row_key, column.key))
            for i, column in enumerate(columns)
        ]

    r = 3
    for top in (F.TABLE3_NEW_RECEIVED, F.TABLE3_CARRIED_IN):
        cells += [GridCell(r, 0, top.label, Role.LABEL, colspan=3), *values(r, top.key)]
        r += 1
    n_results = len(fmt.table3_result_rows)
    cells.append(GridCell(r, 0, F.TABLE3_RESULTS_LABEL, Role.LABEL, rowspan=n_results))
    for group in fmt.table3_groups:
        if group.has_subrows:
            cells.append(GridCell(r, 1, group.label, Role.LABEL, rowspan=len(group.rows)))
            for row in group.rows:
                cells += [GridCell(r, 2, row.label, Role.LABEL), *values(r, row.key)]
                r += 1
        else:
            row = group.rows[0]
            cells += [GridCell(r, 1, row.label, Role.LABEL, colspan=2), *values(r, row.key)]
            r += 1
    cells += [GridCell(r, 0, F.TABLE3_CARRIED_OUT.label, Role.LABEL, colspan=3), *values(r, F.TABLE3_CARRIED_OUT.key)]
    return Grid("table3", r + 1, n_cols, 3, tuple(cells))


def table4_grid() -> Grid:
    columns = F.TABLE4_COLUMNS
    width = len(columns)
    review, *litigation = F.TABLE4_BLOCKS
    cells: list[GridCell] = [
        GridCell(0, 0, review.label, Role.HEADER, colspan=width),
        GridCell(0, width, F.TABLE4_LITIGATION_LABEL, Role.HEADER, colspan=width * len(litigation)),
        *(_header(1, i, column, rowspan=2) for i, column in enumerate(columns)),
    ]
    for b, block in enumerate(litigation, start=1):
        cells.append(GridCell(1, b * width, block.label, Role.HEADER, colspan=width))
        cells += [_header(2, b * width + i, column) for i, column in enumerate(columns)]
    for b, block in enumerate(F.TABLE4_BLOCKS):
        cells += [
            GridCell(3, b * width + i, "", Role.VALUE, ref=CellRef("table4", block.key, None, column.key))
            for i, column in enumerate(columns)
        ]
    return Grid("table4", 4, width * len(F.TABLE4_BLOCKS), 3, tuple(cells))


def report_grids(fmt: ReportFormat) -> dict[str, Grid]:
    return {"table2": table2_grid(fmt), "table3": table3_grid(fmt), "table4": table4_grid()}


# ---------------------------------------------------------------------------------------------------------
# Flattened views for formats without merged cells


@dataclass(frozen=True)
class FlatTable:
    """A table as a header line and labelled rows, for Markdown and plain text."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str | None = None
    section_rows: tuple[int, ...] = ()  # indices of rows that are block titles (表二)


Lookup = Callable[[CellRef], str]


def flat_table2(fmt: ReportFormat, lookup: Lookup) -> list[FlatTable]:
    """表二 as one small table per 第二十条 block."""
    tables = []
    for block in fmt.table2:
        header = (F.TABLE2_ITEM_HEADER, *(c.label for c in block.columns))
        rows = tuple(
            (row.label, *(lookup(CellRef("table2", block.key, row.key, c.key)) for c in block.columns))
            for row in block.rows
        )
        tables.append(FlatTable(header, rows, caption=block.title))
    return tables


def flat_table3(fmt: ReportFormat, lookup: Lookup, *, grouped: bool = False) -> FlatTable:
    """表三 flattened. ``grouped``: group labels (三、本年度办理结果, （三）不予公开) get rows of their own, with
    no figures, and sub-rows are indented under them; otherwise each sub-row label carries its group."""
    header = ("", *(c.label for c in F.TABLE3_COLUMNS))
    blank = ("",) * len(F.TABLE3_COLUMNS)
    rows: list[tuple[str, ...]] = []
    headings: list[int] = []
    for row in fmt.table3_rows:
        group = fmt.table3_group_of(row.key)
        label = row.label
        if group is not None and grouped:
            if row.key == fmt.table3_result_rows[0].key:
                headings.append(len(rows))
                rows.append((F.TABLE3_RESULTS_LABEL, *blank))
            if group.has_subrows and row.key == group.rows[0].key:
                headings.append(len(rows))
                rows.append((f"  {group.label}", *blank))
            label = f"    {row.label}" if group.has_subrows else f"  {row.label}"
        elif group is not None and group.has_subrows:
            label = f"{group.label} {row.label}"
        rows.append((label, *(lookup(CellRef("table3", None, row.key, c.key)) for c in F.TABLE3_COLUMNS)))
    return FlatTable(header, tuple(rows), caption=F.TABLE3_NOTE, section_rows=tuple(headings))


def flat_table4(lookup: Lookup) -> FlatTable:
    header = ("", *(c.label for c in F.TABLE4_COLUMNS))
    rows = []
    for block in F.TABLE4_BLOCKS:
        label = f"{block.parent}：{block.label}" if block.parent else block.label
        rows.append((label, *(lookup(CellRef("table4", block.key, None, c.key)) for c in F.TABLE4_COLUMNS)))
    return FlatTable(header, tuple(rows))

"""Where the figures grid's cursor goes: onto figures only, past labels, headings and the header rows of 表二.

Rows and columns are the grid's (a row of the sheet is a row of the grid; a column is the index of a figure
column). The grid asks :func:`cursor_target` where a key takes the cursor and moves it there.
"""

from __future__ import annotations

from ...layout import CellRef
from ..sheets import Sheet

VERTICAL_MOVES = ("up", "down", "page_up", "page_down")


def figure_at(sheet: Sheet, row: int, column: int) -> CellRef | None:
    """The figure at ``row`` and ``column``, if the cell holds one."""
    if row >= len(sheet.rows):
        return None
    cells = sheet.rows[row].cells
    return cells[column] if column < len(cells) else None


def figure_columns(sheet: Sheet, row: int) -> list[int]:
    """The columns of ``row`` that hold a figure (none on a heading, a header row or past the last row)."""
    if row >= len(sheet.rows):
        return []
    return [c for c, ref in enumerate(sheet.rows[row].cells) if ref is not None]


def figure_row(sheet: Sheet, row: int, step: int, count: int) -> int:
    """The row ``count`` rows of figures away from ``row`` (up for a negative ``step``), or the last one that way
    before the table ends; ``row`` itself when there is none."""
    target = row
    r = row
    while count > 0 and 0 <= r + step < len(sheet.rows):
        r += step
        if figure_columns(sheet, r):
            target = r
            count -= 1
    return target


def is_last_figure_row(sheet: Sheet, row: int) -> bool:
    """No row below ``row`` holds a figure."""
    return not any(figure_columns(sheet, r) for r in range(row + 1, len(sheet.rows)))


def wrapped(sheet: Sheet, row: int, forward: bool) -> tuple[int, int] | None:
    """Tab past the end of a row (Shift+Tab past its start): the first (last) figure of the next (previous) row
    of figures, if any."""
    r = row
    step = 1 if forward else -1
    while 0 <= r + step < len(sheet.rows):
        r += step
        columns = figure_columns(sheet, r)
        if columns:
            return r, columns[0] if forward else columns[-1]
    return None


def cursor_target(sheet: Sheet, row: int, column: int, where: str, page_rows: int) -> tuple[int, int] | None:
    """Where a move (a grid action's ``where``: up, page_down, home, next …) takes the cursor from ``row`` and
    ``column``; ``None`` when it stays. A page is ``page_rows`` rows of figures; next and previous go on to the
    following or preceding row of figures at the end of a row."""
    if where in VERTICAL_MOVES:
        step = -1 if where in ("up", "page_up") else 1
        target = figure_row(sheet, row, step, page_rows if where.startswith("page") else 1)
        if target == row:
            return None
        return target, min(figure_columns(sheet, target), key=lambda c: abs(c - column))
    columns = figure_columns(sheet, row)
    if not columns:
        return None
    if where in ("home", "end"):
        return row, columns[0] if where == "home" else columns[-1]
    if where in ("left", "right", "next", "previous"):
        forward = where in ("right", "next")
        ahead = [c for c in columns if (c > column if forward else c < column)]
        if ahead:
            return row, ahead[0] if forward else ahead[-1]
        if where in ("next", "previous"):
            return wrapped(sheet, row, forward)
    return None

"""A spreadsheet-like grid for one table: official labels, cursor on figures only, typing edits in place.

Typing a digit on a cell starts editing it (as in a spreadsheet); every keystroke is posted as
:class:`FiguresGrid.CellEdited`, so totals and findings follow as the clerk types. Enter, Tab or an arrow
ends the edit and moves on; Esc puts back what the cell held before. The grid never changes the report:
whoever owns the report handles the message and sends back what each cell shows (:meth:`show_cells`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, CellType, ColumnKey, RowKey

from ...layout import CellRef
from ..keymap import GRID, bindings, current_keys
from ..sheets import RowKind, Sheet, is_computed


class CellState(StrEnum):
    NORMAL = "normal"
    BLANK = "blank"  # not filled in yet
    COMPUTED = "computed"  # a total, computed and read-only
    PARTIAL = "partial"  # a total whose parts are not all filled yet: the sum so far, marked ≥
    INVALID = "invalid"  # text the model refused
    ERROR = "error"  # a finding of severity error points here
    WARNING = "warning"


@dataclass(frozen=True)
class CellView:
    text: str
    state: CellState


_STYLES: dict[CellState, str] = {
    CellState.NORMAL: "",
    CellState.BLANK: "dim",
    CellState.COMPUTED: "bold cyan",
    CellState.PARTIAL: "cyan",
    CellState.INVALID: "bold white on red",
    CellState.ERROR: "bold red",
    CellState.WARNING: "yellow",
}
BLANK_MARK = "·"
PARTIAL_MARK = "≥"  # before the sum of the parts filled so far, while others are blank
EDIT_MARK = "▏"


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal cells (CJK characters take two), with an ellipsis when cut."""
    if cell_len(text) <= width:
        return text
    out = ""
    for char in text:
        if cell_len(out + char) > width - 1:
            break
        out += char
    return out + "…"


def split_to_widths(text: str, widths: list[int]) -> list[str]:
    """Spread a header over several columns (a label whose cell spans them in the official grid)."""
    opening = text.find("（")
    if len(widths) > 1 and opening > 0 and cell_len(text[:opening]) <= widths[0]:
        # Break before the bracket: 本年收费金额 | （单位：万元）
        return [text[:opening], *split_to_widths(text[opening:], widths[1:])]
    parts = []
    rest = text
    for i, width in enumerate(widths):
        if i == len(widths) - 1:
            parts.append(fit(rest, width))
            break
        piece = ""
        for char in rest:
            if cell_len(piece + char) > width:
                break
            piece += char
        parts.append(piece)
        rest = rest[len(piece) :]
    return parts


def _discard(cache: LRUCache[Any, Any], unwanted: Callable[[Any], bool]) -> None:
    keys = cache.keys()  # an LRUCache is not iterable itself
    for key in [k for k in keys if unwanted(k)]:
        cache.discard(key)


class FiguresGrid(DataTable, inherit_bindings=False):
    BINDINGS = bindings(GRID)

    class CellEdited(Message):
        """The clerk typed in, cleared or restored a cell; ``text`` is the cell's whole content now."""

        def __init__(self, grid: FiguresGrid, ref: CellRef, text: str) -> None:
            super().__init__()
            self.grid = grid
            self.ref = ref
            self.text = text

        @property
        def control(self) -> FiguresGrid:
            return self.grid

    class FillZeroChosen(Message):
        """The clerk asked to put 0 in every blank figure of this table."""

        def __init__(self, grid: FiguresGrid, refs: list[CellRef]) -> None:
            super().__init__()
            self.grid = grid
            self.refs = refs

    class ReadOnlyTouched(Message):
        """The clerk tried to type into a computed total."""

        def __init__(self, ref: CellRef) -> None:
            super().__init__()
            self.ref = ref

    def __init__(self, sheet: Sheet, *, id: str | None = None) -> None:
        self.template_header_lines = max((len(c.lines) for c in sheet.columns), default=1)
        super().__init__(
            id=id,
            cursor_type="cell",
            show_header=sheet.show_header,
            header_height=self.template_header_lines,
            cell_padding=1,
            zebra_stripes=False,
        )
        self.sheet = sheet
        self.label_width = 24
        self.one_line_header = False  # the column labels on one line (wider columns), to save a row
        self.value_widths = self.header_widths(one_line=False)
        if not sheet.show_header:  # 表二: the headers are rows of the table, one per block
            self.value_widths = [14] * len(sheet.columns)
            for row in sheet.rows:
                for i, text in enumerate(row.texts[:-1] if len(row.texts) > 1 else row.texts[:0]):
                    self.value_widths[i] = max(self.value_widths[i], min(16, cell_len(text)))
                if row.texts:
                    last = len(row.texts) - 1
                    self.value_widths[last] = max(self.value_widths[last], min(16, cell_len(row.texts[-1])))
        self._views: dict[CellRef, CellView] = {}
        self._coords: dict[CellRef, Coordinate] = {}
        self._footer: tuple[str, list[Text]] | None = None
        self._editing: CellRef | None = None
        self._paint_pending = False  # the cell being typed in is set, to be painted with what the edit changes
        self._buffer = ""
        self._original = ""
        self._built = False

    # -- building --------------------------------------------------------------------------------------------

    def natural_label_width(self) -> int:
        labels = [r.label for r in self.sheet.rows] + ([self._footer[0]] if self._footer else [])
        return max(cell_len(label) for label in labels)

    def header_widths(self, *, one_line: bool) -> list[int]:
        """The width of each figure column: its header's, as the template breaks it over lines or on one."""
        if one_line:
            return [max(5, cell_len(c.label or "".join(c.lines))) for c in self.sheet.columns]
        return [max(5, *(cell_len(line) for line in c.lines)) for c in self.sheet.columns]

    def natural_values_width(self, *, one_line_header: bool | None = None) -> int:
        """The cells the figure columns take (with their padding), with the headers as now or as asked."""
        one_line = self.one_line_header if one_line_header is None else one_line_header
        same = one_line == self.one_line_header or not self.sheet.show_header  # 表二's columns are its own
        widths = self.value_widths if same else self.header_widths(one_line=one_line)
        return sum(w + 2 for w in widths)

    def table_height(self, *, one_line_header: bool | None = None) -> int:
        """The rows the whole grid takes: headers, figures and the footer row."""
        one_line = self.one_line_header if one_line_header is None else one_line_header
        header = (1 if one_line else self.template_header_lines) if self.sheet.show_header else 0
        return header + len(self.sheet.rows) + (1 if self._footer is not None else 0)

    def build(self, label_width: int | None = None, *, one_line_header: bool | None = None) -> None:
        """(Re)draw every row; the cursor stays where it was."""
        if label_width is not None:
            self.label_width = label_width
        if one_line_header is not None and self.sheet.show_header:
            self.one_line_header = one_line_header
            self.value_widths = self.header_widths(one_line=one_line_header)
            self.header_height = 1 if one_line_header else self.template_header_lines
        cursor = self.cursor_coordinate
        self.clear(columns=True)
        for column, width in zip(self.sheet.columns, self.value_widths, strict=True):
            header = column.label if self.one_line_header else "\n".join(column.lines)
            self.add_column(Text(header, justify="center", style="bold"), width=width, key=column.key)
        self._coords.clear()
        for r, row in enumerate(self.sheet.rows):
            label = Text(fit(row.label, self.label_width), style="bold" if row.kind is not RowKind.DATA else "")
            if row.kind is RowKind.HEADER:
                self.add_row(*self._header_cells(row.texts), label=Text(fit(row.label, self.label_width), style="dim"))
                continue
            cells = []
            for c, ref in enumerate(row.cells):
                if ref is not None:
                    self._coords[ref] = Coordinate(r, c)
                cells.append(self._render(ref))
            if not cells:
                cells = [Text("")] * len(self.sheet.columns)
            self.add_row(*cells, label=label)
        if self._footer is not None:
            label, texts = self._footer
            self.add_row(*texts, label=Text(fit(label, self.label_width), style="bold"), key="footer")
        self._built = True
        if self.is_valid_coordinate(cursor) and self._ref_at(cursor) is not None:
            self.move_cursor(row=cursor.row, column=cursor.column, animate=False)
        else:
            self._move_to_first()

    def _header_cells(self, texts: tuple[str, ...]) -> list[Text]:
        """Column labels of a 表二 block; the last one may spread over the unused columns to its right."""
        n = len(self.value_widths)
        shown = list(texts[:-1]) + split_to_widths(texts[-1], self.value_widths[len(texts) - 1 :]) if texts else []
        shown = [fit(t, w) for t, w in zip(shown, self.value_widths, strict=False)]
        return [Text(t, style="dim") for t in shown] + [Text("")] * (n - len(shown))

    def _move_to_first(self) -> None:
        first = next(iter(self._coords.values()), None)
        if first is not None:
            self.move_cursor(row=first.row, column=first.column, animate=False)

    # -- redrawing one cell ----------------------------------------------------------------------------------

    def update_cell(
        self, row_key: RowKey | str, column_key: ColumnKey | str, value: CellType, *, update_width: bool = False
    ) -> None:
        """DataTable's update_cell, redrawing only the row that changed.

        Textual's counts every update into the render-cache key of every row (``_update_count``), so one changed
        cell redraws the whole table: a keystroke, with its totals, took a full repaint of up to 40 rows. Here the
        cell is set and only its row's cached renders are dropped. This uses DataTable's private caches (textual is
        pinned; ``tests/test_tui_grid_cache.py`` fails if their names or keys change)."""
        if update_width:
            super().update_cell(row_key, column_key, value, update_width=True)
            return
        row_key = RowKey(row_key) if isinstance(row_key, str) else row_key
        column_key = ColumnKey(column_key) if isinstance(column_key, str) else column_key
        if row_key not in self._row_locations or column_key not in self._column_locations:
            raise CellDoesNotExist(f"No cell exists for row_key={row_key!r}, column_key={column_key!r}.")
        self._data[row_key][column_key] = value
        self._forget_row(row_key)
        self.refresh()

    def _set_quietly(self, coordinate: Coordinate, value: Text) -> None:
        """Set a cell without asking for a repaint: the next one draws it."""
        row_key, column_key = self.coordinate_to_cell_key(coordinate)
        self._data[row_key][column_key] = value
        self._forget_row(row_key)

    def _forget_row(self, row_key: RowKey) -> None:
        """Drop what DataTable cached of one row: its lines, its cells, its formatted values; and the screen
        lines (cheap to rebuild from the rows' caches, and keyed by position, not by row)."""
        _discard(self._row_render_cache, lambda key: key[0] == row_key)
        _discard(self._cell_render_cache, lambda key: key[0] == row_key)
        row_index = self._row_locations.get(row_key)
        _discard(self._row_renderable_cache, lambda key: key[1] == row_index)
        self._line_cache.clear()

    # -- what cells show -------------------------------------------------------------------------------------

    def _render(self, ref: CellRef | None) -> Text:
        if ref is None:
            return Text("")
        if ref == self._editing:
            return Text(self._buffer + EDIT_MARK, style="reverse", justify="right")
        view = self._views.get(ref, CellView("", CellState.BLANK))
        text = view.text if view.text else (BLANK_MARK if view.state is not CellState.COMPUTED else "")
        return Text(text, style=_STYLES[view.state], justify="right")

    def show_cells(self, views: dict[CellRef, CellView]) -> None:
        """Update what cells show; only cells that changed are redrawn."""
        changed = [ref for ref, view in views.items() if self._views.get(ref) != view]
        self._views.update(views)
        if not self._built:
            return
        for ref in changed:
            if ref in self._coords and ref != self._editing:
                self.update_cell_at(self._coords[ref], self._render(ref))
        self._paint_if_pending()

    def _paint_if_pending(self) -> None:
        if self._paint_pending:
            self._paint_pending = False
            self.refresh()

    def set_footer(self, label: str, texts: list[Text]) -> None:
        """A last row that is not part of the table (表三's column balance)."""
        old = self._footer
        self._footer = (label, texts)
        if not self._built:
            return
        if old is None:
            self.build()
            return
        row = len(self.sheet.rows)
        for column, text in enumerate(texts):
            if old[1][column] != text:
                self.update_cell_at(Coordinate(row, column), text)

    # -- where the cursor is ---------------------------------------------------------------------------------

    def _ref_at(self, coordinate: Coordinate) -> CellRef | None:
        if coordinate.row >= len(self.sheet.rows):
            return None
        cells = self.sheet.rows[coordinate.row].cells
        return cells[coordinate.column] if coordinate.column < len(cells) else None

    @property
    def cursor_ref(self) -> CellRef | None:
        return self._ref_at(self.cursor_coordinate)

    def focus_ref(self, ref: CellRef) -> None:
        if ref in self._coords:
            self._finish_edit()
            coordinate = self._coords[ref]
            self.move_cursor(row=coordinate.row, column=coordinate.column)
        self.focus()

    def focus_column(self, column: str) -> None:
        """The first figure of a column (a finding about the whole column points there)."""
        ref = next((r for r in self._coords if r.column == column), None)
        if ref is not None:
            self.focus_ref(ref)

    def _columns_with_refs(self, row: int) -> list[int]:
        if row >= len(self.sheet.rows):
            return []
        return [c for c, ref in enumerate(self.sheet.rows[row].cells) if ref is not None]

    def action_move(self, where: str) -> None:
        self._finish_edit()
        row, column = self.cursor_coordinate
        if where in ("up", "down", "page_up", "page_down"):
            step = -1 if where in ("up", "page_up") else 1
            count = max(1, self.size.height - self.header_height - 1) if where.startswith("page") else 1
            target = row
            r = row
            while count > 0 and 0 <= r + step < len(self.sheet.rows):
                r += step
                if self._columns_with_refs(r):
                    target = r
                    count -= 1
            if target != row:
                columns = self._columns_with_refs(target)
                self.move_cursor(row=target, column=min(columns, key=lambda c: abs(c - column)))
            if (
                step > 0
                and self._footer is not None
                and not any(self._columns_with_refs(r) for r in range(target + 1, len(self.sheet.rows)))
            ):
                # On the last row of figures, show the footer row below it too (表三's column balance).
                self.call_after_refresh(self.scroll_end, animate=False)
            return
        columns = self._columns_with_refs(row)
        if not columns:
            return
        if where in ("home", "end"):
            self.move_cursor(column=columns[0] if where == "home" else columns[-1])
        elif where in ("left", "right", "next", "previous"):
            forward = where in ("right", "next")
            ahead = [c for c in columns if (c > column if forward else c < column)]
            if ahead:
                self.move_cursor(column=ahead[0] if forward else ahead[-1])
            elif where in ("next", "previous"):
                self._wrap(row, forward)

    def _wrap(self, row: int, forward: bool) -> None:
        r = row
        step = 1 if forward else -1
        while 0 <= r + step < len(self.sheet.rows):
            r += step
            columns = self._columns_with_refs(r)
            if columns:
                self.move_cursor(row=r, column=columns[0] if forward else columns[-1])
                return

    # -- editing ---------------------------------------------------------------------------------------------

    @property
    def editing(self) -> CellRef | None:
        return self._editing

    def _begin_edit(self, ref: CellRef, text: str) -> None:
        self._editing = ref
        self._original = self._views.get(ref, CellView("", CellState.BLANK)).text
        self._buffer = text
        self._redraw(ref)

    def _redraw(self, ref: CellRef) -> None:
        if ref in self._coords:
            self.update_cell_at(self._coords[ref], self._render(ref))

    def _typed(self) -> None:
        """A keystroke in the cell: the digit and the totals it changes appear in one paint, after the owner of
        the report has handled the edit and sent the new totals (:meth:`show_cells`); a timer paints the digit
        should no such update come."""
        assert self._editing is not None
        if self._editing in self._coords:
            self._set_quietly(self._coords[self._editing], self._render(self._editing))
            self._paint_pending = True
            self.set_timer(0.1, self._paint_if_pending)
        self.post_message(self.CellEdited(self, self._editing, self._buffer))

    def _finish_edit(self) -> None:
        ref, self._editing = self._editing, None
        if ref is not None:
            self._redraw(ref)

    def _editable(self, ref: CellRef | None) -> bool:
        if ref is None:
            return False
        if is_computed(ref):
            self.post_message(self.ReadOnlyTouched(ref))
            return False
        return True

    def _action_for(self, event: events.Key) -> str | None:
        """The grid action bound to this key, after the user's keymap."""
        keymap: dict[str, str] = getattr(self.app, "keymap", {})
        names = {event.key, *event.aliases}
        for spec in GRID.specs:
            if names & {k.strip() for k in current_keys(spec, keymap).split(",")}:
                return spec.action
        return None

    async def on_key(self, event: events.Key) -> None:
        # The grid's own keys run here, in order with the typing: a binding would run only once the key had
        # bubbled up to the app, after digits typed just behind it ("12⇥3" would put 3 into the wrong cell).
        action = self._action_for(event)
        if action is not None:
            event.stop()
            event.prevent_default()
            await self.run_action(action)
        elif event.key == "backspace":
            event.stop()
            event.prevent_default()
            if self._editing is not None:
                self._buffer = self._buffer[:-1]
                self._typed()
            elif self._editable(self.cursor_ref):
                assert self.cursor_ref is not None
                self._begin_edit(self.cursor_ref, "")
                self._typed()
        elif event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            if self._editing is None:
                if not self._editable(self.cursor_ref):
                    return
                assert self.cursor_ref is not None
                self._begin_edit(self.cursor_ref, "")
            self._buffer += event.character
            self._typed()

    def on_paste(self, event: events.Paste) -> None:
        text = event.text.strip()
        if "\n" in text or not text:
            return
        event.stop()
        if self._editing is None:
            if not self._editable(self.cursor_ref):
                return
            assert self.cursor_ref is not None
            self._begin_edit(self.cursor_ref, "")
        self._buffer += text
        self._typed()

    def on_blur(self) -> None:
        self._finish_edit()

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        # The cursor moved by other means than the grid's keys (a click): what was typed stays where it was.
        if self._editing is not None and self.cursor_ref != self._editing:
            self._finish_edit()

    def action_edit(self) -> None:
        """Enter: start editing the cell with what it holds, or, when editing, keep it and move down."""
        if self._editing is not None:
            self.action_move("down")
            return
        ref = self.cursor_ref
        if self._editable(ref):
            assert ref is not None
            self._begin_edit(ref, self._views.get(ref, CellView("", CellState.BLANK)).text)

    def action_cancel_edit(self) -> None:
        if self._editing is None:
            return
        ref = self._editing
        self._buffer = self._original
        self.post_message(self.CellEdited(self, ref, self._original))
        self._finish_edit()

    def action_clear(self) -> None:
        """Delete: blank the cell; on a total, drop a figure typed into it so that it is computed again."""
        ref = self.cursor_ref
        if ref is None:
            return
        self._finish_edit()
        self.post_message(self.CellEdited(self, ref, ""))

    def action_fill_zero(self) -> None:
        self._finish_edit()
        refs = [ref for ref in self._coords if not is_computed(ref)]
        self.post_message(self.FillZeroChosen(self, refs))

"""A spreadsheet-like grid for one table: official labels, cursor on figures only, typing edits in place.

Typing a digit on a cell starts editing it (as in a spreadsheet); every keystroke is posted as
:class:`FiguresGrid.CellEdited`, so totals and findings follow as the clerk types. Enter, Tab or an arrow
ends the edit and moves on; Esc puts back what the cell held before. The grid never changes the report:
whoever owns the report handles the message and sends back what each cell shows (:meth:`show_cells`).
Widths and heights come from :mod:`.grid_layout`, where the cursor may go from :mod:`.grid_navigation`, how a cell
looks from :mod:`.grid_cells`.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable

from ...layout import CellRef
from ..keymap import GRID, bindings, bound_action
from ..sheets import RowKind, Sheet, is_computed
from . import grid_layout
from .grid_cells import BLANK_VIEW, LABEL_STYLES, CellView, cell_text, editing_text, header_row_cells
from .grid_layout import fit, header_row_widths, header_widths
from .grid_navigation import cursor_target, figure_at, is_last_figure_row
from .row_redraw_table import RowRedrawTable


class FiguresGrid(RowRedrawTable, inherit_bindings=False):
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
        self.template_header_lines = grid_layout.template_header_lines(sheet)
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
        # 表二's headers are rows of the table, one per block: its columns are as wide as those.
        self.value_widths = header_widths(sheet, one_line=False) if sheet.show_header else header_row_widths(sheet)
        self._views: dict[CellRef, CellView] = {}
        self._coords: dict[CellRef, Coordinate] = {}
        self._footer: tuple[str, list[Text]] | None = None
        self._editing: CellRef | None = None
        self._buffer = ""
        self._original = ""
        self._built = False

    # -- building --------------------------------------------------------------------------------------------

    def natural_label_width(self) -> int:
        return grid_layout.natural_label_width(self.sheet, self._footer[0] if self._footer else None)

    def natural_values_width(self, *, one_line_header: bool | None = None) -> int:
        """The cells the figure columns take (with their padding), with the headers as now or as asked."""
        one_line = self.one_line_header if one_line_header is None else one_line_header
        same = one_line == self.one_line_header or not self.sheet.show_header  # 表二's columns are its own
        widths = self.value_widths if same else header_widths(self.sheet, one_line=one_line)
        return sum(w + 2 for w in widths)

    def table_height(self, *, one_line_header: bool | None = None) -> int:
        """The rows the whole grid takes: headers, figures and the footer row."""
        one_line = self.one_line_header if one_line_header is None else one_line_header
        return grid_layout.table_height(self.sheet, one_line_header=one_line, has_footer=self._footer is not None)

    def build(self, label_width: int | None = None, *, one_line_header: bool | None = None) -> None:
        """(Re)draw every row; the cursor stays where it was."""
        if label_width is not None:
            self.label_width = label_width
        if one_line_header is not None and self.sheet.show_header:
            self.one_line_header = one_line_header
            self.value_widths = header_widths(self.sheet, one_line=one_line_header)
            self.header_height = 1 if one_line_header else self.template_header_lines
        cursor = self.cursor_coordinate
        self.clear(columns=True)
        for column, width in zip(self.sheet.columns, self.value_widths, strict=True):
            header = column.label if self.one_line_header else "\n".join(column.lines)
            self.add_column(Text(header, justify="center", style="bold"), width=width, key=column.key)
        self._coords.clear()
        for r, row in enumerate(self.sheet.rows):
            label = Text(fit(row.label, self.label_width), style=LABEL_STYLES[row.kind])
            if row.kind is RowKind.HEADER:
                self.add_row(*header_row_cells(row.texts, self.value_widths), label=label)
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
        if self.is_valid_coordinate(cursor) and figure_at(self.sheet, *cursor) is not None:
            self.move_cursor(row=cursor.row, column=cursor.column, animate=False)
        else:
            self._move_to_first()

    def _move_to_first(self) -> None:
        first = next(iter(self._coords.values()), None)
        if first is not None:
            self.move_cursor(row=first.row, column=first.column, animate=False)

    # -- what cells show -------------------------------------------------------------------------------------

    def _render(self, ref: CellRef | None) -> Text:
        if ref is None:
            return Text("")
        if ref == self._editing:
            return editing_text(self._buffer)
        return cell_text(self._views.get(ref, BLANK_VIEW))

    def show_cells(self, views: dict[CellRef, CellView]) -> None:
        """Update what cells show; only cells that changed are redrawn."""
        changed = [ref for ref, view in views.items() if self._views.get(ref) != view]
        self._views.update(views)
        if not self._built:
            return
        for ref in changed:
            if ref in self._coords and ref != self._editing:
                self.update_cell_at(self._coords[ref], self._render(ref))
        self.paint_pending()  # the cell being typed in, with what the edit changed

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

    @property
    def cursor_ref(self) -> CellRef | None:
        return figure_at(self.sheet, *self.cursor_coordinate)

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

    def action_move(self, where: str) -> None:
        self._finish_edit()
        row, column = self.cursor_coordinate
        page_rows = max(1, self.size.height - self.header_height - 1)
        target = cursor_target(self.sheet, row, column, where, page_rows)
        if target is not None:
            self.move_cursor(row=target[0], column=target[1])
        below = row if target is None else target[0]
        if where in ("down", "page_down") and self._footer is not None and is_last_figure_row(self.sheet, below):
            # On the last row of figures, show the footer row below it too (表三's column balance).
            self.call_after_refresh(self.scroll_end, animate=False)

    # -- editing ---------------------------------------------------------------------------------------------

    @property
    def editing(self) -> CellRef | None:
        return self._editing

    def _begin_edit(self, ref: CellRef, text: str) -> None:
        self._editing = ref
        self._original = self._views.get(ref, BLANK_VIEW).text
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
            self.set_soon(self._coords[self._editing], self._render(self._editing), within=0.1)
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

    def _start_typing(self) -> bool:
        """Whether a cell is being edited, after starting an empty edit of the cell at the cursor if none was."""
        if self._editing is None:
            if not self._editable(self.cursor_ref):
                return False
            assert self.cursor_ref is not None
            self._begin_edit(self.cursor_ref, "")
        return True

    async def on_key(self, event: events.Key) -> None:
        # The grid's own keys run here, in order with the typing: a binding would run only once the key had
        # bubbled up to the app, after digits typed just behind it ("12⇥3" would put 3 into the wrong cell).
        action = bound_action(GRID, {event.key, *event.aliases}, getattr(self.app, "keymap", {}))
        if action is not None:
            event.stop()
            event.prevent_default()
            await self.run_action(action)
        elif event.key == "backspace":
            event.stop()
            event.prevent_default()
            if self._start_typing():
                self._buffer = self._buffer[:-1]
                self._typed()
        elif event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            if self._start_typing():
                self._buffer += event.character
                self._typed()

    def on_paste(self, event: events.Paste) -> None:
        text = event.text.strip()
        if "\n" in text or not text:
            return
        event.stop()
        if self._start_typing():
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
            self._begin_edit(ref, self._views.get(ref, BLANK_VIEW).text)

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

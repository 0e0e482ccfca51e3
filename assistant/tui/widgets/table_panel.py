"""One table tab (表二, 表三 or 表四): the grid, what is wrong at the cursor, and 表三's column balance.

The tab fits the terminal (:meth:`TablePanel._fit`): the label column gets what the figures leave; from
:data:`ROOMY_WIDTH` columns the lines around the grid lose the room they keep for wrapping, the caption follows
the title on its line when it fits, and the column headers go on one line when that, and only that, lets the whole
grid show without scrolling (表三 at 120×40).
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Label, Select, Static

from ... import formats as F
from ...findings import Finding, Location, Severity, table2_place, table3_place, table4_place
from ...formats import ReportFormat
from ...layout import CellRef
from ...model import ReportBase, report_model
from ..session import DraftSession, location_ref
from ..sheets import Sheet, is_computed
from ..text import tight
from .choice import Choice
from .figures_grid import FiguresGrid
from .grid_cells import PARTIAL_MARK, CellState, CellView

BALANCE_CODE = "T3-BALANCE"
BALANCE_LABEL = "勾稽：一＋二＝三＋四"
BALANCED, UNBALANCED = "✓", "✗"

ROOMY_WIDTH = 110  # from here a cell's message fits on one line (as app.tcss sizes the lines below the grid)
BALANCE_LINES = 2  # below ROOMY_WIDTH (app.tcss: #balance max-height)
WRAP_SLACK = 4  # cells a wrapped line may leave empty at its end (a number or word is not split)
STATUS_LINES = {False: 3, True: 2}  # the cell's place and message, narrow (a line to wrap into) and roomy
MIN_LABEL_WIDTH = 10
# Headers on one line widen the columns of 表三 by 14 cells. That is worth it while the label column keeps 40 cells:
# all but four labels of 表三 (two in 2019) need at most 32, and the status line below names the cell in full.
MIN_LABEL_WIDTH_ONE_LINE_HEADER = 40


def place_label(fmt: ReportFormat, ref: CellRef) -> str:
    """The cell's place in official labels, as findings name it."""
    if ref.table == "table2":
        return table2_place(fmt, str(ref.block), str(ref.row), ref.column).label
    if ref.table == "table3":
        return table3_place(fmt, ref.row, ref.column).label
    return table4_place(str(ref.block), ref.column).label


def _column_label(key: str) -> str:
    return next(c.label for c in F.TABLE3_COLUMNS if c.key == key)


class TablePanel(Vertical):
    class ProcurementUnitChosen(Message):
        """2019 表二: the clerk chose the unit of 采购总金额."""

        def __init__(self, unit: str | None) -> None:
            super().__init__()
            self.unit = unit

    def __init__(self, sheet: Sheet, fmt: ReportFormat, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="table-panel")
        self.sheet = sheet
        self.fmt = fmt
        self._session: DraftSession | None = None
        self._balance: Text | None = None  # 表三's balance line, whole (see _render_balance)

    @property
    def grid(self) -> FiguresGrid:
        return self.query_one(FiguresGrid)

    def compose(self) -> ComposeResult:
        with Vertical(classes="table-heading"):
            yield Static(self.sheet.title, classes="panel-title")
            if self.sheet.caption:
                yield Static(self.sheet.caption, classes="caption")
        yield FiguresGrid(self.sheet, id=f"{self.sheet.table}-grid")
        if self.sheet.table == "table3":
            yield Static("", id="balance")
        if self.sheet.table == "table2" and any(b.key == "art20_9" for b in self.fmt.table2):
            with Horizontal(classes="unit-row"):
                yield Label(f"{_procurement_unit_title(self.fmt)}：")
                options = [(unit, unit) for unit in F.PROCUREMENT_AMOUNT_UNITS]
                yield Choice(options, prompt="未选", compact=True, id="procurement-unit", allow_blank=True)
        yield Static("", id="cell-status")

    def on_mount(self) -> None:
        if self.sheet.table == "table3":
            self.grid.set_footer(BALANCE_LABEL, [Text("")] * len(self.sheet.columns))
        self.grid.build()
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """Spend the panel's rows and columns on the grid: see the module's docstring."""
        width, height = self.size
        if width <= 0:
            return
        roomy = width >= ROOMY_WIDTH
        self.set_class(roomy, "-roomy")
        caption = self.sheet.caption
        heading_width = cell_len(self.sheet.title) + cell_len(caption or "") + 4  # with their padding
        heading_on_one_line = caption is not None and heading_width <= width
        self.query_one(".table-heading").set_class(heading_on_one_line, "-one-line")
        heading_lines = 2 if caption is not None and not heading_on_one_line else 1
        grid = self.grid
        one_line_header = self._one_line_header_fits(height - heading_lines - self._lines_below_grid(roomy))
        label_width = max(MIN_LABEL_WIDTH, min(grid.natural_label_width(), self._label_room(one_line_header)))
        if (label_width, one_line_header) != (grid.label_width, grid.one_line_header):
            grid.build(label_width, one_line_header=one_line_header)
        self._render_balance()

    def _label_room(self, one_line_header: bool) -> int:
        """What the figures leave to the label column."""
        values = self.grid.natural_values_width(one_line_header=one_line_header)
        return self.size.width - values - 2 - 2  # label padding, scrollbar

    def _lines_below_grid(self, roomy: bool) -> int:
        balance = 1 if self.sheet.table == "table3" else 0
        unit = 1 if self.query(".unit-row") else 0
        return balance + unit + STATUS_LINES[roomy]

    def _one_line_header_fits(self, room: int) -> bool:
        """Whether the headers go on one line: when the grid needs more than ``room`` rows as the template breaks
        them, fits in it with them on one line, and the label column keeps enough width."""
        grid = self.grid
        if not self.sheet.show_header or grid.template_header_lines == 1:
            return False
        if grid.table_height(one_line_header=False) <= room or grid.table_height(one_line_header=True) > room:
            return False
        return self._label_room(one_line_header=True) >= MIN_LABEL_WIDTH_ONE_LINE_HEADER

    # -- showing the report ------------------------------------------------------------------------------------

    def show(self, session: DraftSession) -> None:
        self._session = session
        views = {ref: self._view(session, ref) for ref in self.sheet.refs}
        self.grid.show_cells(views)
        if self.sheet.table == "table3":
            self._show_balance(session)
        if self.sheet.table == "table2" and self.query("#procurement-unit"):
            unit = _procurement_unit(session.report)
            select = self.query_one("#procurement-unit", Select)
            wanted = unit if unit is not None else Select.NULL
            if select.value != wanted:
                with self.prevent(Select.Changed):
                    select.value = wanted
        self._show_status()

    def _view(self, session: DraftSession, ref: CellRef) -> CellView:
        text = session.cell_text(ref)
        if ref in session.invalid:
            return CellView(text, CellState.INVALID)
        partial = session.partial_total(ref) if is_computed(ref) and not text else None
        if partial is not None:
            text = f"{PARTIAL_MARK}{partial}"
        findings = session.cell_findings(ref)
        if any(f.is_error and (f.code != "CELL-BLANK" or is_computed(ref)) for f in findings):
            return CellView(text, CellState.ERROR)
        if any(f.severity is Severity.WARNING and f.code != "CELL-BLANK" for f in findings):
            return CellView(text, CellState.WARNING)
        if is_computed(ref):
            return CellView(text, CellState.PARTIAL if partial is not None else CellState.COMPUTED)
        return CellView(text, CellState.NORMAL if text else CellState.BLANK)

    def _show_balance(self, session: DraftSession) -> None:
        cells = []
        problems = []
        for column in self.sheet.columns:
            found = [f for f in session.column_findings("table3", column.key) if f.code == BALANCE_CODE]
            if found:
                cells.append(Text(UNBALANCED, style="bold red", justify="center"))
                problems.append(f"{_column_label(column.key)} 一＋二＝{found[0].expected}，三＋四＝{found[0].found}")
            else:
                cells.append(Text(BALANCED, style="green", justify="center"))
        self.grid.set_footer(BALANCE_LABEL, cells)
        if problems:
            self._balance = Text("勾稽不符：" + "；".join(problems), style="bold red")
        else:
            self._balance = Text("各列勾稽关系相符。", style="green")
        self._render_balance()

    def _render_balance(self) -> None:
        """The balance line, cut with "…" where its lines end (two, or one from ROOMY_WIDTH): a cut that
        does not show would let the clerk think every failing column is named (✗ marks each; 校验 has all)."""
        if self._balance is None or not self.query("#balance"):
            return
        widget = self.query_one("#balance", Static)
        width = (widget.size.width or self.size.width) - 2  # its padding: 0 1
        lines = 1 if self.size.width >= ROOMY_WIDTH else BALANCE_LINES
        room = lines * width - (lines - 1) * WRAP_SLACK  # a wrapped line may leave a few cells empty
        shown = self._balance.copy()
        if room > 0 and shown.cell_len > room:
            shown.truncate(room, overflow="ellipsis")
        widget.update(shown)

    @on(DataTable.CellHighlighted)
    def _cursor_moved(self) -> None:
        self._show_status()

    def _show_status(self) -> None:
        status = self.query_one("#cell-status", Static)
        ref = self.grid.cursor_ref
        if ref is None or self._session is None:
            status.update("")
            return
        place = place_label(self.fmt, ref) + ("（自动计算）" if is_computed(ref) else "")
        status.update(Text.assemble((place, "bold"), "\n", self._cell_message(self._session, ref)))

    def _cell_message(self, session: DraftSession, ref: CellRef) -> Text:
        findings: list[Finding] = session.cell_findings(ref)
        if ref.table == "table3":
            findings += [f for f in session.column_findings("table3", ref.column) if f.code == BALANCE_CODE]
        if findings:
            first = findings[0]
            style = "red" if first.is_error else "yellow"
            more = f"（另有{len(findings) - 1}条，见“校验”）" if len(findings) > 1 else ""
            if first.code == BALANCE_CODE:
                # The whole message names four rows and does not fit here; the figures do.
                message = f"“{_column_label(ref.column)}”列勾稽不符：一＋二＝{first.expected}，三＋四＝{first.found}"
            else:
                message = tight(first.message)
            return Text(f"{first.code}：{message}{more}", style=style)
        if is_computed(ref):
            partial = session.partial_total(ref) if session.value(ref) is None else None
            if partial is not None:
                return Text(f"总计由工具计算：已填各项之和为{partial}，还有空白格，填完即得总计。", style="dim")
            return Text("总计由工具计算，不能填写；误填的总计可按 Delete 清除。", style="dim")
        return Text("输入数字即可填写；Enter 确认并下移，Tab 右移，Esc 放弃本次输入，Delete 清空。", style="dim")

    # -- events ------------------------------------------------------------------------------------------------

    @on(FiguresGrid.ReadOnlyTouched)
    def _read_only(self, event: FiguresGrid.ReadOnlyTouched) -> None:
        self.notify("总计由工具根据各项自动计算，不能直接填写。", title="只读单元格", severity="warning", timeout=4)

    @on(Select.Changed, "#procurement-unit")
    def _unit_chosen(self, event: Select.Changed) -> None:
        event.stop()
        unit = event.value if isinstance(event.value, str) else None
        if self._session is not None and unit != _procurement_unit(self._session.report):
            self.post_message(self.ProcurementUnitChosen(unit))

    def focus_location(self, location: Location) -> None:
        ref = location_ref(location)
        if ref is not None:
            self.grid.focus_ref(ref)
        elif location.column is not None:
            self.grid.focus_column(location.column)
        else:
            self.grid.focus()


def _procurement_unit_title(fmt: ReportFormat) -> str:
    """The model's own title for the unit of 2019 表二 采购总金额."""
    model: Any = report_model(fmt.version)
    for key in ("table2", "art20_9", "central_procurement"):
        model = model.model_fields[key].annotation
    return model.model_fields["total_amount_unit"].title or "单位"


def _procurement_unit(report: ReportBase) -> str | None:
    table2 = getattr(report, "table2")  # noqa: B009
    block = getattr(table2, "art20_9", None)
    return None if block is None else block.central_procurement.total_amount_unit

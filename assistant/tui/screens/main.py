"""The working screen: one tab per part of the report, a status line, the keys at the bottom."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Input, Static, TabbedContent, TabPane

from ... import formats as F
from ...findings import Finding, Location
from ...startup import resume_collection
from ..session import DraftSession, draft_file_meta
from ..sheets import table2_sheet, table3_sheet, table4_sheet
from ..streaming import DrafterProvider
from ..widgets.export_panel import ExportPanel
from ..widgets.figures_grid import FiguresGrid
from ..widgets.findings_list import FindingsList
from ..widgets.findings_panel import FindingsPanel
from ..widgets.meta_form import MetaForm
from ..widgets.narrative_panel import NarrativePanel
from ..widgets.table_panel import TablePanel

TAB_TITLES: dict[str, str] = {
    "meta": "基本信息",
    "table2": F.TABLE_LABELS["table2"],
    "table3": F.TABLE_LABELS["table3"],
    "table4": F.TABLE_LABELS["table4"],
    "narrative": "叙述",
    "findings": "校验",
    "export": "导出",
}
TABLES = ("table2", "table3", "table4")


class MainScreen(Screen[None]):
    def __init__(
        self, session: DraftSession, drafters: DrafterProvider, key_hints: dict[str, str], export_dir: Path
    ) -> None:
        super().__init__()
        self.session = session
        self.export_dir = export_dir
        self.drafters = drafters
        self.key_hints = key_hints  # tab id → the key that shows it, as displayed
        self._error_count: int | None = None
        self.save_state = Text("")

    def compose(self) -> ComposeResult:
        fmt = self.session.report.fmt
        yield Static("", id="status-bar")
        with TabbedContent(initial="meta", id="tabs"):
            with TabPane(self._tab_title("meta"), id="meta"):
                yield MetaForm(id="meta-form")
            with TabPane(self._tab_title("table2"), id="table2"):
                yield TablePanel(table2_sheet(fmt), fmt, id="table2-panel")
            with TabPane(self._tab_title("table3"), id="table3"):
                yield TablePanel(table3_sheet(fmt), fmt, id="table3-panel")
            with TabPane(self._tab_title("table4"), id="table4"):
                yield TablePanel(table4_sheet(), fmt, id="table4-panel")
            with TabPane(self._tab_title("narrative"), id="narrative"):
                yield NarrativePanel(self.drafters, id="narrative-panel")
            with TabPane(self._tab_title("findings"), id="findings"):
                yield FindingsPanel(id="findings-panel")
            with TabPane(self._tab_title("export"), id="export"):
                yield ExportPanel(self.drafters, _default_stem(self.session, self.export_dir), id="export-panel")
        yield Footer()

    def _tab_title(self, tab: str, extra: str = "") -> str:
        hint = self.key_hints.get(tab)
        return f"{TAB_TITLES[tab]}{extra}" + (f" {hint}" if hint else "")

    def on_mount(self) -> None:
        self.refresh_views()
        # The clerk starts typing at once: in the visible tab's first field to fill, not on the tab bar.
        self._focus_tab(self.active_tab)
        self.call_after_refresh(resume_collection)  # the first screen is up: see assistant.startup

    # -- showing the session --------------------------------------------------------------------------------

    def refresh_views(self) -> None:
        session = self.session
        self.query_one(MetaForm).show(session)
        for table in TABLES:
            self.query_one(f"#{table}-panel", TablePanel).show(session)
        self.query_one(NarrativePanel).show(session)
        self.query_one(FindingsPanel).show(session)
        self.query_one(ExportPanel).show(session)
        errors = sum(1 for f in session.findings if f.is_error)
        if errors != self._error_count:
            self._error_count = errors
            tab = self.query_one(TabbedContent).get_tab("findings")
            tab.label = self._tab_title("findings", f"（{errors}）" if errors else "✓")
        self._show_status()

    def set_save_state(self, text: Text) -> None:
        self.save_state = text
        self._show_status()

    def _show_status(self) -> None:
        line = Text.assemble((draft_file_meta(self.session.report), "bold"), "  ", self.save_state)
        bars = self.query("#status-bar")  # absent while the screen is still being composed
        if bars:
            bars.first(Static).update(line)

    # -- moving around ---------------------------------------------------------------------------------------

    def show_tab(self, tab: str) -> None:
        self._switch_to(tab)
        self.call_after_refresh(self._focus_tab, tab)

    def _switch_to(self, tab: str) -> None:
        # Drop the focus first: a focused widget in the pane being hidden would pass the focus to its
        # neighbour, and TabbedContent would switch back to the pane that holds it.
        self.set_focus(None)
        self.query_one(TabbedContent).active = tab

    def _focus_tab(self, tab: str) -> None:
        if self.active_tab != tab:
            return
        if tab in TABLES:
            self.query_one(f"#{tab}-panel", TablePanel).grid.focus()
        elif tab == "meta":
            self.query_one(MetaForm).first_field().focus()
        elif tab == "narrative":
            self.query_one(NarrativePanel).text_area.focus()
        elif tab == "findings":
            self.query_one(FindingsPanel).focus_list()
        elif tab == "export":
            self.query_one("#export-stem", Input).focus()

    @property
    def active_tab(self) -> str:
        return self.query_one(TabbedContent).active

    @on(FindingsList.FindingChosen)
    def _finding_chosen(self, event: FindingsList.FindingChosen) -> None:
        event.stop()
        self.jump_to(event.finding)

    def jump_to(self, finding: Finding) -> None:
        location = finding.location
        tab = _tab_for(location)
        if location is None or tab is None:
            self.notify("这条问题针对整份报告，没有具体的单元格或段落。", title="无法定位")
            return
        self._switch_to(tab)
        self.call_after_refresh(self._focus_location, tab, location)

    def _focus_location(self, tab: str, location: Location) -> None:
        if tab in TABLES:
            self.query_one(f"#{tab}-panel", TablePanel).focus_location(location)
        elif tab == "narrative":
            self.query_one(NarrativePanel).focus_location(location)
        else:
            self.query_one(MetaForm).focus_location(location)

    def grid(self, table: str) -> FiguresGrid:
        return self.query_one(f"#{table}-panel", TablePanel).grid


def _tab_for(location: Location | None) -> str | None:
    if location is None:
        return None
    if location.table in TABLES:
        return location.table
    if location.part in F.NARRATIVE_PART_BY_KEY:
        return "narrative"
    if location.part and (location.part.startswith("meta") or location.part == "fees"):
        return "meta"
    return None


def _default_stem(session: DraftSession, folder: Path) -> Path:
    title = session.report.official_title if session.report.meta.agency else "政府信息公开工作年度报告"
    return folder / title

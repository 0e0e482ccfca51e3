"""How it looks and feels: an 80×24 terminal, a larger one, the help screen, remapped keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console

from assistant import formats as F
from assistant.drafting.templates import TemplateDrafter
from assistant.layout import CellRef
from assistant.tui.app import ReportApp
from assistant.tui.keymap import SPECS_BY_ID
from assistant.tui.screens.help import HelpScreen, keys_table
from assistant.tui.screens.main import TAB_TITLES
from assistant.tui.session import DraftSession
from assistant.tui.widgets.table_panel import ROOMY_WIDTH, TablePanel
from tests.helpers import zero_filled

pytestmark = pytest.mark.asyncio

TAB_KEYS = {"meta": "f2", "table2": "f3", "table3": "f4", "table4": "f5", "narrative": "f6", "findings": "f7"}


def make_app(tmp_path: Path, year: int = 2021, config: str | None = None) -> ReportApp:
    config_path = tmp_path / "config.toml"
    if config is not None:
        config_path.write_text(config, encoding="utf-8")
    session = DraftSession(zero_filled(year), tmp_path / "d.json")
    return ReportApp(session=session, data_dir=tmp_path / "data", config_path=config_path, drafter=TemplateDrafter())


def inside(inner, outer) -> bool:  # type: ignore[no-untyped-def]
    return inner.x >= outer.x and inner.y >= outer.y and inner.right <= outer.right and inner.bottom <= outer.bottom


@pytest.mark.parametrize("year", [2020, 2021])
async def test_every_tab_fits_an_80_by_24_terminal(tmp_path: Path, year: int) -> None:
    app = make_app(tmp_path, year)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        for tab, key in TAB_KEYS.items():
            await pilot.press(key)
            await pilot.pause()
            assert screen.query_one("#tabs").active == tab
            assert app.focused is not None and inside(app.focused.region, screen.region), tab
        for table in ("table2", "table3", "table4"):
            await pilot.press(TAB_KEYS[table])
            await pilot.pause()
            grid = screen.grid(table)
            # Every figure column shows without scrolling sideways; the label column keeps at least 10 cells.
            assert grid.virtual_size.width <= grid.scrollable_content_region.width, table
            assert grid.label_width >= 10
            status = screen.query_one(f"#{table}-panel #cell-status")
            assert inside(status.region, screen.region) and status.region.height >= 2
        # The cursor can reach the last row of 表三 and it scrolls into view.
        await pilot.press("f4", "pagedown", "pagedown", "pagedown", "pagedown")
        grid = screen.grid("table3")
        await pilot.pause()
        assert grid.cursor_ref == CellRef("table3", None, "carried_out", "natural_person")
        assert grid.scroll_y > 0
        # The full official label of the cell shows below the grid, whatever the label column cut.
        status = str(screen.query_one("#table3-panel #cell-status").render())
        assert F.TABLE3_CARRIED_OUT.label in status


async def test_a_larger_terminal_shows_the_labels_whole(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        grid = app.screen.grid("table3")
        assert grid.label_width == grid.natural_label_width()
        assert grid.size.height >= len(grid.sheet.rows) + 2  # every row at once
        await pilot.press("f6")
        await pilot.pause()
        panel = app.screen.query_one("#narrative-panel")
        assert panel.has_class("-wide")  # findings beside the text, not below it


@pytest.mark.parametrize("year", [2020, 2021])
async def test_table3_shows_whole_at_120_by_40(tmp_path: Path, year: int) -> None:
    """Every row of 表三, its totals and the balance row show at once, and below them the balance line and the
    cursor's place and message, all above the footer: nothing to scroll. 2021 has 30 rows: its headers go on
    one line for it, while the label column keeps 40 cells."""
    report = zero_filled(year)
    report.table3.new_received.natural_person = 5  # type: ignore[attr-defined]  # a column that does not balance
    session = DraftSession(report, tmp_path / "d.json")
    app = ReportApp(session=session, data_dir=tmp_path / "data", config_path=tmp_path / "c", drafter=TemplateDrafter())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f4", "down", "down")
        await pilot.pause()
        screen = app.screen
        grid = screen.grid("table3")
        panel = screen.query_one("#table3-panel", TablePanel)
        assert grid.virtual_size.height <= grid.scrollable_content_region.height  # no vertical scrolling
        assert grid.max_scroll_y == 0 and grid.max_scroll_x == 0
        assert grid.size.height >= grid.table_height()
        assert grid.label_width >= 40
        footer = screen.query_one("Footer")
        below = [panel.query_one(f"#{name}") for name in ("balance", "cell-status")]
        for widget in (grid, *below):
            assert inside(widget.region, screen.region) and widget.region.bottom <= footer.region.y
        assert "勾稽不符：自然人" in str(below[0].render())
        status = str(below[1].render())
        assert "（一）予以公开" in status and "T3-BALANCE" in status  # the place and the message, both shown
        # With room enough, the headers are broken over lines as the template has them, and the labels whole.
        await pilot.resize_terminal(140, 44)
        await pilot.pause()
        assert grid.header_height == grid.template_header_lines == 2
        assert grid.label_width == grid.natural_label_width()
        assert grid.max_scroll_y == 0


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_long_balance_line_is_cut_visibly(tmp_path: Path, size: tuple[int, int]) -> None:
    """Every column out of balance: the line cannot show them all; it ends in "…" within its lines."""
    report = zero_filled(2021)
    for column in F.TABLE3_PART_COLUMNS:
        setattr(report.table3.new_received, column, 123456)  # type: ignore[attr-defined]
    session = DraftSession(report, tmp_path / "d.json")
    app = ReportApp(session=session, data_dir=tmp_path / "data", config_path=tmp_path / "c", drafter=TemplateDrafter())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        balance = app.screen.query_one("#table3-panel", TablePanel).query_one("#balance")
        shown = str(balance.render())
        assert shown.startswith("勾稽不符：自然人") and shown.endswith("…")
        lines = 2 if size[0] < ROOMY_WIDTH else 1
        assert balance.size.height == lines
        assert cell_len(shown) <= lines * (balance.size.width - 2)


async def test_help_lists_every_key_with_its_id(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=120, record=True, file=open("/dev/null", "w", encoding="utf-8"))  # noqa: SIM115
        console.print(keys_table(app.keymap, app.get_key_display))
        text = console.export_text()
        for binding_id in SPECS_BY_ID:
            assert binding_id in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_keys_are_remapped_from_the_config_file(tmp_path: Path) -> None:
    config = '[tui.keymap]\n"app.tab.table3" = "f12"\n"grid.fill_zero" = "ctrl+z"\n"grid.bogus" = "x"\n'
    app = make_app(tmp_path, config=config)
    app.initial_session.report.table3.new_received.natural_person = None  # type: ignore[union-attr]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "快捷键配置有误" in [n.title for n in app._notifications]
        tabs = app.screen.query_one("#tabs")
        assert str(tabs.get_tab("table3").label) == f"{TAB_TITLES['table3']} F12"
        await pilot.press("f4")
        await pilot.pause()
        assert tabs.active == "meta"  # F4 no longer shows 表三
        await pilot.press("f12")
        await pilot.pause()
        assert tabs.active == "table3"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.session.report.t3("new_received", "natural_person") == 0


async def test_typing_into_a_total_is_refused_with_a_notice(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f5", "end", "9")
        await pilot.pause()
        panel = app.screen.query_one("#table4-panel", TablePanel)
        assert panel.grid.cursor_ref == CellRef("table4", "review", None, "total")
        assert app.session.report.t4("review", "total") is None
        assert "只读单元格" in [n.title for n in app._notifications]


async def test_showing_a_report_changes_nothing_in_it(tmp_path: Path) -> None:
    """Widgets announce their first value when they mount; none of that may reach the report."""
    report = zero_filled(2020, kind=F.BodyKind.GOVERNMENT)
    report.meta.self_reference = "我县"
    report.table2.art20_9.central_procurement.total_amount_unit = "万元"  # type: ignore[attr-defined]
    before = report.model_dump(mode="json")
    session = DraftSession(report, tmp_path / "d.json")
    app = ReportApp(session=session, data_dir=tmp_path / "data", config_path=tmp_path / "c", drafter=TemplateDrafter())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for key in ("f2", "f3", "f4", "f5", "f6", "f7", "f8", "f2"):
            await pilot.press(key)
            await pilot.pause()
        assert session.report.model_dump(mode="json") == before
        assert not app.autosaver.dirty


async def test_a_click_elsewhere_ends_the_edit(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f4", "4")
        grid = app.screen.grid("table3")
        assert grid.editing == CellRef("table3", None, "new_received", "natural_person")
        await pilot.click(grid, offset=(grid.label_width + 13, 3))  # 二、上年结转 / 商业企业
        await pilot.pause()
        assert grid.editing is None and grid.cursor_ref != CellRef("table3", None, "new_received", "natural_person")
        moved_to = grid.cursor_ref
        await pilot.press("5")
        await pilot.pause()
        assert app.session.report.t3("new_received", "natural_person") == 4
        assert moved_to is not None and app.session.report.t3(moved_to.row, moved_to.column) == 5

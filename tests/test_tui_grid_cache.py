"""The grid redraws only the row a keystroke changed, and the digit and its totals reach the screen together.

:class:`~assistant.tui.widgets.figures_grid.FiguresGrid` replaces DataTable's ``update_cell`` with one that drops
only the changed row's cached renders (Textual's bumps a counter that is part of every row's cache key, so each
keystroke redrew the whole table). It relies on DataTable's private caches: the first test fails, naming what
changed, when an upgrade of Textual (pinned) renames them or changes their keys.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.cache import LRUCache
from textual.widgets.data_table import RowKey

from assistant.drafting.templates import TemplateDrafter
from assistant.layout import CellRef
from assistant.tui.app import ReportApp
from assistant.tui.session import DraftSession
from assistant.tui.widgets.figures_grid import FiguresGrid
from tests.helpers import set3, zero_filled

pytestmark = pytest.mark.asyncio

CELL = CellRef("table3", None, "new_received", "natural_person")
TOTAL = CellRef("table3", None, "new_received", "total")


def make_app(tmp_path: Path) -> ReportApp:
    report = zero_filled(2021)
    set3(report, "new_received", "natural_person", None)
    session = DraftSession(report, tmp_path / "d.json")
    return ReportApp(session=session, data_dir=tmp_path / "data", config_path=tmp_path / "c", drafter=TemplateDrafter())


def cached(cache: LRUCache) -> list:  # type: ignore[type-arg]
    keys = cache.keys()  # an LRUCache is not iterable itself
    return list(keys)


def screen_lines(grid: FiguresGrid) -> list[str]:
    return [grid.render_line(y).text for y in range(grid.size.height)]


async def test_the_private_datatable_caches_the_grid_relies_on_are_still_there(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        grid = app.screen.grid("table3")
        for name in ("_row_render_cache", "_cell_render_cache", "_row_renderable_cache", "_line_cache"):
            assert isinstance(getattr(grid, name, None), LRUCache), f"DataTable.{name} is gone or changed"
        assert isinstance(grid._data, dict) and isinstance(grid._update_count, int)
        assert grid._row_locations.get_key(0) is not None
        # The keys the grid reads: a row's key first in the row and cell caches, the row's index second in the
        # renderables cache.
        row_keys = {k[0] for k in cached(grid._row_render_cache)}
        assert row_keys and all(isinstance(k, RowKey) for k in row_keys)
        assert all(isinstance(k[0], RowKey) for k in cached(grid._cell_render_cache))
        assert all(isinstance(k[1], int) for k in cached(grid._row_renderable_cache))


async def test_a_keystroke_redraws_its_rows_only_and_paints_digit_and_total_together(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        grid = app.screen.grid("table3")
        grid.focus_ref(CELL)
        await pilot.pause()
        before = screen_lines(grid)
        count = grid._update_count
        untouched = grid._row_locations.get_key(grid._coords[CellRef("table3", None, "r1_granted", "commercial")].row)
        cached_before = {k for k in cached(grid._row_render_cache) if k[0] == untouched}
        assert cached_before
        await pilot.press("4", "2")
        await pilot.pause()
        assert grid.editing == CELL and grid._views[TOTAL].text == "42"
        assert grid._update_count == count  # the whole table was not invalidated
        assert cached_before <= set(cached(grid._row_render_cache))  # an unchanged row kept its render
        after = screen_lines(grid)
        changed = [i for i, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
        row = next(i for i, line in enumerate(after) if "42▏" in line)
        assert "42" in after[row].replace("42▏", "", 1)  # the row's total, on the same paint as the digit
        assert row in changed and len(changed) <= 4  # the edited row, and the totals below it
        # A cell set before the owner's update arrives is painted anyway (the timer), never lost.
        grid._begin_edit(CELL, "")
        grid._buffer = "9"
        grid._typed()
        await pilot.pause(0.2)
        assert any("9▏" in line for line in screen_lines(grid))

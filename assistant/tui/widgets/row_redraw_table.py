"""A DataTable whose ``update_cell`` redraws only the row that changed, and that can defer painting a cell.

Textual's counts every update into the render-cache key of every row (``_update_count``), so one changed cell
redraws the whole table: in the figures grid a keystroke, with its totals, took a full repaint of up to 40 rows.
:class:`RowRedrawTable` sets the cell and drops only its row's cached renders. This uses DataTable's private caches
(textual is pinned; ``tests/test_tui_grid_cache.py`` fails if their names or keys change).
:meth:`RowRedrawTable.set_soon` sets a cell to be painted with whatever is updated next, so that a change and what
follows from it appear together.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.cache import LRUCache
from textual.coordinate import Coordinate
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, CellType, ColumnKey, RowKey


def _discard(cache: LRUCache[Any, Any], unwanted: Callable[[Any], bool]) -> None:
    keys = cache.keys()  # an LRUCache is not iterable itself
    for key in [k for k in keys if unwanted(k)]:
        cache.discard(key)


class RowRedrawTable(DataTable):
    """DataTable with a cheaper ``update_cell``, and :meth:`set_soon` to set a cell without a repaint yet."""

    _paint_pending = False  # a cell was set by set_soon and not painted yet

    def update_cell(
        self, row_key: RowKey | str, column_key: ColumnKey | str, value: CellType, *, update_width: bool = False
    ) -> None:
        """DataTable's update_cell, redrawing only the row that changed (see the module's docstring)."""
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

    def set_soon(self, coordinate: Coordinate, value: CellType, *, within: float) -> None:
        """Set a cell without asking for a repaint: the next one draws it, or :meth:`paint_pending` after
        ``within`` seconds should none come before."""
        row_key, column_key = self.coordinate_to_cell_key(coordinate)
        self._data[row_key][column_key] = value
        self._forget_row(row_key)
        self._paint_pending = True
        self.set_timer(within, self.paint_pending)

    def paint_pending(self) -> None:
        """Repaint if a cell set by :meth:`set_soon` may not show yet."""
        if self._paint_pending:
            self._paint_pending = False
            self.refresh()

    def _forget_row(self, row_key: RowKey) -> None:
        """Drop what DataTable cached of one row: its lines, its cells, its formatted values; and the screen
        lines (cheap to rebuild from the rows' caches, and keyed by position, not by row)."""
        _discard(self._row_render_cache, lambda key: key[0] == row_key)
        _discard(self._cell_render_cache, lambda key: key[0] == row_key)
        row_index = self._row_locations.get(row_key)
        _discard(self._row_renderable_cache, lambda key: key[1] == row_index)
        self._line_cache.clear()

"""What a cell of the figures grid shows: its state (blank, a computed total, an error …) and how each looks.

The owner of the report decides each cell's :class:`CellView`; :func:`cell_text` and :func:`editing_text` turn
it, or what the clerk is typing, into the text the grid draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from rich.text import Text

from ..sheets import RowKind
from .grid_layout import header_row_texts


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


BLANK_VIEW = CellView("", CellState.BLANK)  # a cell the owner has not described yet

STYLES: dict[CellState, str] = {
    CellState.NORMAL: "",
    CellState.BLANK: "dim",
    CellState.COMPUTED: "bold cyan",
    CellState.PARTIAL: "cyan",
    CellState.INVALID: "bold white on red",
    CellState.ERROR: "bold red",
    CellState.WARNING: "yellow",
}
LABEL_STYLES: dict[RowKind, str] = {RowKind.DATA: "", RowKind.HEADING: "bold", RowKind.HEADER: "dim"}
BLANK_MARK = "·"
PARTIAL_MARK = "≥"  # before the sum of the parts filled so far, while others are blank
EDIT_MARK = "▏"


def cell_text(view: CellView) -> Text:
    """A cell as its view says: the figure, or a dot for a blank one (a blank total shows nothing)."""
    text = view.text if view.text else (BLANK_MARK if view.state is not CellState.COMPUTED else "")
    return Text(text, style=STYLES[view.state], justify="right")


def header_row_cells(texts: tuple[str, ...], widths: list[int]) -> list[Text]:
    """Column labels of a 表二 block, dim, in as many cells as there are ``widths`` (the grid's columns)."""
    shown = header_row_texts(texts, widths)
    return [Text(t, style="dim") for t in shown] + [Text("")] * (len(widths) - len(shown))


def editing_text(typed: str) -> Text:
    """The cell being typed in: what was typed so far, and the caret."""
    return Text(typed + EDIT_MARK, style="reverse", justify="right")

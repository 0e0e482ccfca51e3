"""A drop-down choice (Textual's Select) whose pop-up list names its key in Chinese, as every other key here is."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Select
from textual.widgets._select import SelectCurrent, SelectOverlay


class ChoiceOverlay(SelectOverlay):
    BINDINGS = [Binding("escape", "dismiss", "收起选项")]  # noqa: RUF012 (Textual's own BINDINGS are lists)


class Choice(Select[str]):
    """Select, with the pop-up list's footer entry (Textual's "Dismiss menu") in Chinese."""

    def compose(self) -> ComposeResult:
        yield SelectCurrent(self.prompt)
        yield ChoiceOverlay(type_to_search=self._type_to_search).data_bind(compact=Select.compact)

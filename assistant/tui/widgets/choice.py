"""A drop-down choice (Textual's Select) whose pop-up list names its key in Chinese, as every other key here is,
and which tells when the clerk picked an option (Select's own Changed also comes when the program sets it)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Select
from textual.widgets._select import SelectCurrent, SelectOverlay


class ChoiceOverlay(SelectOverlay):
    BINDINGS = [Binding("escape", "dismiss", "收起选项")]  # noqa: RUF012 (Textual's own BINDINGS are lists)


class Choice(Select[str]):
    """Select, with the pop-up list's footer entry (Textual's "Dismiss menu") in Chinese."""

    class Picked(Message):
        """The clerk picked ``value`` in the pop-up list (by key or mouse), even the option already shown."""

        def __init__(self, choice: Choice, value: str) -> None:
            super().__init__()
            self.choice = choice
            self.value = value

        @property
        def control(self) -> Choice:
            return self.choice

    def compose(self) -> ComposeResult:
        yield SelectCurrent(self.prompt)
        yield ChoiceOverlay(type_to_search=self._type_to_search).data_bind(compact=Select.compact)

    @on(SelectOverlay.UpdateSelection)
    def _picked(self, event: SelectOverlay.UpdateSelection) -> None:
        # Runs before Select's own handler (which sets the value and stops the event): subclass handlers first.
        value = self._options[event.option_index][1]
        if isinstance(value, str):
            self.post_message(self.Picked(self, value))

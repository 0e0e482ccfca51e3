"""A yes-or-no question before an action that needs a deliberate choice (仍然采用 a revision with problems).

The safe answer has the focus, so an Enter pressed out of habit declines; Y or the button confirms.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from ..keymap import CONFIRM, bindings


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = bindings(CONFIRM)

    def __init__(self, title: str, question: Text | str, confirm_label: str) -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(Text(self.title_text), classes="panel-title")
            yield Static(Text(self.question) if isinstance(self.question, str) else self.question, id="confirm-text")
            with Horizontal(classes="confirm-buttons"):
                yield Button(self.confirm_label, id="confirm-yes", variant="warning", compact=True)
                yield Button("取消", id="confirm-no", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed, "#confirm-yes")
    def action_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def action_decline(self) -> None:
        self.dismiss(False)

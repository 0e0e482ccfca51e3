"""What changed between two texts of a part, for the revise and version screens.

The changes are the core's (:func:`assistant.history.diff`, aligned on clauses); here they only get a look that
reads in colour and without it: deletions as 〔删：…〕 struck through in red, insertions as 〔增：…〕 underlined
in green, the same markers ``report-assistant revise`` prints.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from ... import history

DELETE_STYLE = "red strike"
INSERT_STYLE = "bold green underline"
LEGEND = Text.assemble(
    ("〔删：", "red"),
    ("删去的", DELETE_STYLE),
    ("〕", "red"),
    " ",
    ("〔增：", "green"),
    ("新增的", INSERT_STYLE),
    ("〕", "green"),
)


def diff_markup(old: str, new: str) -> Text:
    """``new`` against ``old``: the unchanged text as it is, what went and what came marked."""
    shown = Text()
    for change in history.diff(old, new):
        if change.op == "equal":
            shown.append(change.text)
        elif change.op == "delete":
            shown.append("〔删：", style="red")
            shown.append(change.text, style=DELETE_STYLE)
            shown.append("〕", style="red")
        else:
            shown.append("〔增：", style="green")
            shown.append(change.text, style=INSERT_STYLE)
            shown.append("〕", style="green")
    return shown


class TextPane(Vertical):
    """A caption over a scrollable, read-only text (the current text, a revision, a version)."""

    def __init__(self, caption: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id, classes="text-pane")
        self._caption = caption

    def compose(self) -> ComposeResult:
        yield Label(Text(self._caption), classes="field-caption pane-caption")
        with VerticalScroll(classes="pane-scroll"):
            yield Static("", classes="pane-text", markup=False)

    def show(self, text: str | Text, caption: str | Text | None = None) -> None:
        self.query_one(".pane-text", Static).update(Text(text) if isinstance(text, str) else text)
        if caption is not None:
            self.query_one(".pane-caption", Label).update(Text(caption) if isinstance(caption, str) else caption)

    def scroll_to_end(self) -> None:
        self.query_one(".pane-scroll", VerticalScroll).scroll_end(animate=False)

    def scroll_to_start(self) -> None:
        self.query_one(".pane-scroll", VerticalScroll).scroll_home(animate=False)

"""现稿 beside 修改稿 on the revise screen (one above the other when it is narrow): the accepted text, and the
revision as it streams in, then as the changes it makes to the accepted text.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Container

from ...model import Version
from .diff_view import LEGEND, TextPane, diff_markup


def current_caption(accepted_index: int | None) -> str:
    return f"现稿（第{accepted_index + 1}版，现用）" if accepted_index is not None else "现稿"


def candidate_view(candidate: Version, accepted_text: str) -> tuple[str | Text, Text]:
    """The candidate as its pane shows it, marked against the accepted text, and the pane's caption."""
    if candidate.source == "revision":
        what = f"要求：“{candidate.instruction}”"
    else:
        what = f"模板的{candidate.instruction}写法"
    if candidate.text == accepted_text:
        return candidate.text, Text.assemble(("修改稿（与现稿相同）", "bold"), "  ", what)
    return diff_markup(accepted_text, candidate.text), Text.assemble(("修改稿", "bold"), "  ", what, "  ", LEGEND)


class RevisionPanes(Container):
    """The current text's pane and the candidate's."""

    def compose(self) -> ComposeResult:
        yield TextPane("现稿", id="current-pane")
        yield TextPane("修改稿", id="candidate-pane")

    def show_current(self, text: str, accepted_index: int | None) -> None:
        """The accepted text (version ``accepted_index``, counting from 0, when the history has it)."""
        shown = text or Text("（还没有文字）", style="dim")
        self.query_one("#current-pane", TextPane).show(shown, current_caption(accepted_index))

    def show_streamed(self, text: str, instruction: str | None = None) -> None:
        """The revision so far, at its end; the caption names ``instruction`` when given (else it stays)."""
        pane = self.query_one("#candidate-pane", TextPane)
        if instruction is None:
            pane.show(text)
        else:
            pane.show(text, Text.assemble(("修改稿（生成中…，Esc 取消）", "bold yellow"), f"  要求：“{instruction}”"))
        pane.scroll_to_end()

    def show_hint(self, hint: str) -> None:
        """No candidate yet: what the clerk can do to get one."""
        self.query_one("#candidate-pane", TextPane).show(Text(hint, style="dim"), "修改稿")

    def show_candidate(self, candidate: Version, accepted_text: str) -> None:
        pane = self.query_one("#candidate-pane", TextPane)
        pane.show(*candidate_view(candidate, accepted_text))
        pane.scroll_to_start()

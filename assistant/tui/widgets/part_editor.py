"""The editing side of the 叙述 tab: the part's title line, the clerk's notes, last year's text (read-only, folded
away), the part's text and the findings about it.

The narrative panel decides what it shows. Text loaded here does not post ``TextArea.Changed`` (a load is not
the clerk's edit); what the clerk types bubbles up to the panel as the text areas' own messages.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Container, Vertical
from textual.widgets import Collapsible, Label, Static, TextArea

from ... import formats as F
from ...findings import Finding
from ..keymap import first_key
from ..session import DraftSession
from .findings_list import FindingsList


def offset_to_location(text: str, offset: int) -> tuple[int, int]:
    """The (row, column) of a TextArea showing ``text`` at the character ``offset``."""
    before = text[:offset]
    row = before.count("\n")
    return row, len(before) - (before.rfind("\n") + 1)


def load_text(area: TextArea, text: str, *, unless_focused: bool = False) -> None:
    """Put ``text`` in ``area`` as a load, not an edit; ``unless_focused``: leave it alone while the clerk is in it."""
    if area.text == text or (unless_focused and area.has_focus):
        return
    with area.prevent(TextArea.Changed):
        area.load_text(text)


def part_heading(part: F.NarrativePart, session: DraftSession | None, *, drafting: bool) -> Text:
    """The title line: the part's label, and that it is being drafted, or which of its versions is in use."""
    state = ("  起草中…（Esc 取消）", "bold yellow") if drafting else ("", "")
    versions = ("", "")
    if session is not None and not drafting:
        slot = session.report.narrative_text(part.key)
        if slot.history:
            index = session.accepted_index(part.key)
            which = f"现用第{index + 1}版，" if index is not None else ""
            versions = (f"  {which}共{len(slot.history)}版", "dim")
    return Text.assemble((part.label, "bold"), state, versions)


class PartEditor(Vertical):
    """The title, notes, last year's text, text and findings of the part the narrative panel has chosen."""

    def compose(self) -> ComposeResult:
        yield Static("", id="part-title", classes="panel-title")
        yield Label("要点（经办人提供的事实，一行一条，起草时作为素材）", classes="field-caption")
        yield TextArea("", id="notes", soft_wrap=True, show_line_numbers=False)
        with Collapsible(title="上年文字（仅供参考）", id="last-year"):
            yield Static("", id="last-year-text", markup=False)
        with Container(id="part-body"):
            with Vertical(id="text-box"):
                yield Label("正文", id="text-caption", classes="field-caption")
                yield TextArea("", id="text", soft_wrap=True, show_line_numbers=False)
            with Vertical(id="findings-box"):
                yield Label("", id="part-findings-caption", classes="field-caption")
                yield FindingsList(id="part-findings")

    @property
    def text_area(self) -> TextArea:
        return self.query_one("#text", TextArea)

    def show_title(self, heading: Text, *, read_only: bool) -> None:
        """The title line; ``read_only``: the text is being drafted, the clerk cannot type in it."""
        self.query_one("#part-title", Static).update(heading)
        self.text_area.read_only = read_only

    def show_findings(self, findings: list[Finding]) -> None:
        self.query_one("#part-findings", FindingsList).show(findings)
        self.query_one("#part-findings", FindingsList).display = bool(findings)
        caption = f"本部分有{len(findings)}条问题（Enter 转到）：" if findings else "本部分没有发现问题。"
        self.query_one("#part-findings-caption", Label).update(caption)

    def show_last_year(self, text: str | None) -> None:
        """Last year's text of the part, if it has one: else the box is hidden."""
        box = self.query_one("#last-year", Collapsible)
        box.display = bool(text and text.strip())
        if box.display:
            key = first_key("narrative.last_year", getattr(self.app, "keymap", {}))
            box.title = f"上年文字（仅供参考，{key} 展开/收起）"
            self.query_one("#last-year-text", Static).update(Text(text or ""))

    def toggle_last_year(self, label: str) -> None:
        """Unfold or fold last year's text; tell the clerk when the part (called ``label``) has none."""
        box = self.query_one("#last-year", Collapsible)
        if not box.display:
            self.notify(
                f"“{label}”没有上年的文字（用 new --from-previous 从上年报告新建的数据文件才有）。",
                title="没有上年文字",
            )
            return
        box.collapsed = not box.collapsed

    def copy_text(self, label: str) -> None:
        """Put the text of the part (called ``label``) on the clipboard, and say how to get it should that fail."""
        text = self.text_area.text
        if not text.strip():
            self.notify(f"“{label}”还没有文字。", title="没有可复制的内容", severity="warning")
            return
        self.app.copy_to_clipboard(text)
        self.notify(
            f"已将“{label}”（{len(text)}字）复制到剪贴板。"
            "如粘贴不出，是终端不允许程序写剪贴板（tmux 需设置 set-clipboard on），请从导出的文件中复制。",
            title="已复制",
            timeout=8,
        )

    def focus_text(self, offset: int | None = None) -> None:
        """Put the clerk in the text, at the character ``offset`` (centred) if given."""
        area = self.text_area
        area.focus()
        if offset is not None:
            area.move_cursor(offset_to_location(area.text, offset), center=True)

    def append_chunk(self, chunk: str) -> None:
        """A piece of a draft arrived: it goes at the end of the text, in view."""
        area = self.text_area
        with area.prevent(TextArea.Changed):
            area.insert(chunk, area.document.end)
        area.scroll_end(animate=False)

    def show_draft(self, previous: str, draft: str) -> None:
        """The finished draft, as one undoable edit from the ``previous`` text, so Ctrl+Z gives it back."""
        area = self.text_area
        with area.prevent(TextArea.Changed):
            area.load_text(previous)
            area.replace(draft, (0, 0), area.document.end)
            area.move_cursor((0, 0))
            # After the scroll_end calls that the chunks queued, show the draft from its start.
            area.call_after_refresh(area.scroll_home, animate=False)

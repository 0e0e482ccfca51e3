"""版本记录: every text a part has had (template and model drafts, revisions, variants, the clerk's own edits,
restorations), newest first; beside the one highlighted, what restoring it would change. Enter restores it.

The screen only chooses: it returns the index of the version to restore (0 is the oldest), or None, and the app
restores it through the session (the core's :func:`~assistant.history.restore`, itself recorded as a version).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Container
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ... import formats as F
from ... import history
from ..keymap import VERSIONS, bindings
from ..session import DraftSession
from ..widgets.diff_view import LEGEND, TextPane, diff_markup


class VersionList(OptionList):
    """The versions; Enter (remappable: versions.restore) asks to restore the highlighted one."""

    BINDINGS = bindings(VERSIONS)[:1]

    def action_restore(self) -> None:
        self.screen.action_restore()  # type: ignore[attr-defined]


class VersionsScreen(Screen[int | None]):
    BINDINGS = bindings(VERSIONS)

    def __init__(self, session: DraftSession, part: str) -> None:
        super().__init__()
        self.session = session
        self.part = part
        self.versions = list(session.versions(part))
        self.accepted = session.accepted_index(part)
        # Newest first: the list's option i is version order[i].
        self.order = list(range(len(self.versions) - 1, -1, -1))

    def compose(self) -> ComposeResult:
        label = F.NARRATIVE_PART_BY_KEY[self.part].label
        count = f"共{len(self.versions)}版，*为现用" if self.versions else "还没有版本"
        yield Static(Text.assemble(("版本记录：", "bold"), (label, "bold"), f"（{count}）"), classes="panel-title")
        with Container(id="versions-body"):
            options = [Option(self._prompt(index)) for index in self.order]
            yield VersionList(*options, id="version-list")
            yield TextPane("", id="version-preview")
        yield Footer()

    def _prompt(self, index: int) -> Text:
        mark = "* " if index == self.accepted else "  "
        line = history.describe(self.versions[index], index)
        return Text(mark + line, style="bold" if index == self.accepted else "")

    def on_mount(self) -> None:
        versions = self.query_one(VersionList)
        if self.versions:
            versions.highlighted = 0
        else:
            self.query_one(TextPane).show("这一部分还没有版本记录：起草、修改或离开正文时会记下各版文字。")
        versions.focus()

    def on_resize(self) -> None:
        self.set_class(self.size.width >= 110, "-wide")

    @property
    def chosen(self) -> int | None:
        highlighted = self.query_one(VersionList).highlighted
        return None if highlighted is None or not self.versions else self.order[highlighted]

    @on(OptionList.OptionHighlighted, "#version-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        index = self.chosen
        if index is None:
            return
        version = self.versions[index]
        current = self.session.report.narrative_text(self.part).text or ""
        if index == self.accepted or version.text == current:
            body: Text = Text(version.text)
            caption = Text(f"第{index + 1}版（与现用文字相同）")
        else:
            body = diff_markup(current, version.text)
            caption = Text.assemble(f"恢复第{index + 1}版将作如下改动（Enter 恢复）  ", LEGEND)
        if version.problems:
            flag = "，经办人确认后仍采用" if version.override else ""
            problems = "\n".join(version.problems)
            body = Text.assemble(body, "\n\n", (f"核对发现的问题{flag}：", "bold red"), "\n", problems)
        self.query_one(TextPane).show(body, caption)

    @on(OptionList.OptionSelected, "#version-list")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click only shows the version; restoring is a key (Enter), not a stray click

    def action_restore(self) -> None:
        index = self.chosen
        if index is None:
            return
        if index == self.accepted:
            self.notify(f"第{index + 1}版就是现用的文字。", title="无需恢复")
            return
        self.dismiss(index)

    def action_close(self) -> None:
        self.dismiss(None)

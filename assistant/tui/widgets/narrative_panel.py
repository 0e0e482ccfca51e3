"""叙述: each narrative part with the clerk's notes, its text, and the findings about it; last year's text of
the part, read-only, for reference (shown on request, never copied into the text).

起草 streams a draft into the part through an async worker; Esc cancels the worker, and with it the request
(the task iterating the stream is cancelled), leaving the part as it was. The worker only posts messages;
the handlers here show them, and the app stores the finished draft (recorded as a version of the part).
修改 and 版本 ask the app for the revise and version screens; leaving the text asks it to record the clerk's
own edit as a version. The part list is :class:`.PartList`; the title, notes, text and findings are
:class:`.PartEditor`'s.
"""

from __future__ import annotations

from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Collapsible, Label, OptionList, TextArea
from textual.worker import Worker, WorkerState

from ... import formats as F
from ...findings import Location
from ..keymap import NARRATIVE, bindings
from ..session import DraftSession
from ..streaming import DrafterProvider, draft_updates
from .part_editor import PartEditor, load_text, part_heading
from .part_list import PartList, part_markers

DRAFT_GROUP = "draft"


class PartMessage(Message):
    """What the narrative panel's messages have in common: the key of the part they are about."""

    def __init__(self, part: str) -> None:
        super().__init__()
        self.part = part


class NarrativePanel(Horizontal):
    BINDINGS = bindings(NARRATIVE)

    class TextEdited(PartMessage):
        def __init__(self, part: str, text: str) -> None:
            super().__init__(part)
            self.text = text

    class NotesEdited(PartMessage):
        def __init__(self, part: str, notes: str) -> None:
            super().__init__(part)
            self.notes = notes

    class ChunkDrafted(PartMessage):
        """A piece of a draft arrived from the drafter (posted by the drafting worker)."""

        def __init__(self, part: str, chunk: str) -> None:
            super().__init__(part)
            self.chunk = chunk

    class DraftRestarted(PartMessage):
        """The draft failed the fact check and the model writes it again (posted by the drafting worker)."""

        def __init__(self, part: str, problems: str) -> None:
            super().__init__(part)
            self.problems = problems

    class SectionDrafted(PartMessage):
        """A part's draft is complete (posted by the drafting worker); the app keeps it. ``fallback``: why the
        template wrote it instead of the model."""

        def __init__(self, part: str, text: str, drafter: str, fallback: str | None = None) -> None:
            super().__init__(part)
            self.text = text
            self.drafter = drafter
            self.fallback = fallback

    class DraftCancelled(PartMessage):
        """A part's draft was cancelled (its worker was); the part keeps the text it had."""

    class TextLeft(PartMessage):
        """The clerk left the text of a part (its own edits become a version, if any)."""

    class ReviseRequested(PartMessage):
        """修改: the clerk asks to revise a part (the app opens the revise screen)."""

    class VersionsRequested(PartMessage):
        """版本: the clerk asks for a part's versions (the app opens the version list)."""

    def __init__(self, drafters: DrafterProvider, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.drafters = drafters
        self.part = F.NARRATIVE_PARTS[0].key
        self.streams: dict[str, str] = {}  # part → text drafted so far, while its worker runs
        self._session: DraftSession | None = None
        self._footer_state = (False, False)

    def compose(self) -> ComposeResult:
        with Vertical(id="parts-box"):
            yield Label("↑↓ 选部分，Enter 编辑正文", classes="field-caption")
            yield PartList(id="parts")
        yield PartEditor(id="part-editor")

    def on_mount(self) -> None:
        self.query_one("#parts", OptionList).highlighted = 0
        self.query_one("#last-year", Collapsible).display = False

    def on_resize(self) -> None:
        self.set_class(self.size.width >= 110, "-wide")

    # -- showing ---------------------------------------------------------------------------------------------

    @property
    def editor(self) -> PartEditor:
        return self.query_one(PartEditor)

    @property
    def text_area(self) -> TextArea:
        return self.editor.text_area

    @property
    def notes_area(self) -> TextArea:
        return self.query_one("#notes", TextArea)

    def show(self, session: DraftSession) -> None:
        self._session = session
        self.query_one("#parts", PartList).show_markers(part_markers(session, self.streams))
        slot = session.report.narrative_text(self.part)
        if self.part not in self.streams:
            load_text(self.text_area, slot.text or "", unless_focused=True)
        load_text(self.notes_area, slot.notes or "", unless_focused=True)
        self.editor.show_findings(session.part_findings(self.part))
        self.editor.show_last_year(slot.last_year)
        self._show_title()

    def _show_title(self) -> None:
        drafting_this = self.part in self.streams
        heading = part_heading(F.NARRATIVE_PART_BY_KEY[self.part], self._session, drafting=drafting_this)
        self.editor.show_title(heading, read_only=drafting_this)
        footer_state = (self.drafting, drafting_this)  # Esc 取消起草, 修改, 版本 come and go
        if footer_state != self._footer_state:
            self._footer_state = footer_state
            self.refresh_bindings()

    def reload(self) -> None:
        """Show the current part's text as the draft has it now, even while the clerk is in the text (after
        a revision was accepted or a version restored)."""
        if self._session is not None and self.part not in self.streams:
            load_text(self.text_area, self._session.report.narrative_text(self.part).text or "")
            self.show(self._session)

    def select_part(self, part: str) -> None:
        self.part = part
        self.query_one("#parts", PartList).highlight_part(part)
        if self._session is not None:
            slot = self._session.report.narrative_text(part)
            load_text(self.text_area, self.streams.get(part, slot.text or ""))
            load_text(self.notes_area, slot.notes or "")
            self.show(self._session)

    def focus_location(self, location: Location) -> None:
        if location.part not in F.NARRATIVE_PART_BY_KEY:
            return
        self.select_part(location.part)
        self.editor.focus_text(location.offset)

    @on(OptionList.OptionSelected, "#parts")
    def _part_chosen(self, event: OptionList.OptionSelected) -> None:
        """Enter (or a click) on a part: write in it."""
        event.stop()
        if event.option.id:
            self.select_part(event.option.id)
            self.text_area.focus()

    @on(OptionList.OptionHighlighted, "#parts")
    def _part_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_index != event.option_list.highlighted:
            # Stale: the highlight moved on while this waited (↓ held down). Following it would set the
            # highlight back, which posts another such message: the list would chase itself for ever.
            return
        if event.option.id and event.option.id != self.part:
            self.select_part(event.option.id)

    @on(TextArea.Changed, "#text")
    def _text_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if self.part not in self.streams:
            self.post_message(self.TextEdited(self.part, event.text_area.text))

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if event.widget is self.text_area:
            self.post_message(self.TextLeft(self.part))

    @on(TextArea.Changed, "#notes")
    def _notes_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.post_message(self.NotesEdited(self.part, event.text_area.text))

    # -- drafting --------------------------------------------------------------------------------------------

    def action_draft(self) -> None:
        self.start_draft(self.part)

    def action_draft_all(self) -> None:
        if self._session is None:
            return
        report = self._session.report
        blank = [p.key for p in F.NARRATIVE_PARTS if not (report.narrative_text(p.key).text or "").strip()]
        if not blank:
            self.notify("各部分都已有文字；要重新起草某一部分，请选中它后按起草本部分。", title="无需起草")
        for part in blank:
            self.start_draft(part)

    def start_draft(self, part: str) -> None:
        if self._session is None or part in self.streams:
            return
        if self._session.has_errors and not self.streams:
            self.notify("表格或基本信息还有错误；起草的文字按当前数字写成，修正后请重新起草。", title="提示", timeout=5)
        self.streams[part] = ""
        self.run_worker(self._stream(part, self._session.snapshot()), name=part, group=DRAFT_GROUP, exit_on_error=False)
        if part == self.part:
            load_text(self.text_area, "")
        self.show(self._session)

    async def _stream(self, part: str, report: Any) -> str:
        drafter = await self.drafters.aget()
        async for update in draft_updates(drafter, report, part):
            if update.kind == "chunk":
                self.post_message(self.ChunkDrafted(part, update.text))
            elif update.kind == "restart":
                self.post_message(self.DraftRestarted(part, update.note or ""))
            else:
                name = getattr(drafter, "name", "")
                self.post_message(self.SectionDrafted(part, update.text, name, update.note))
                return update.text
        return ""

    def action_cancel_draft(self) -> None:
        """Esc: every running draft stops; one notice for all of them (全部起草 runs nine at once)."""
        if not self.streams:
            return
        labels = [F.NARRATIVE_PART_BY_KEY[part].label for part in self.streams]
        what = f"“{labels[0]}”" if len(labels) == 1 else f"{len(labels)}个部分"
        self.workers.cancel_group(self, DRAFT_GROUP)
        self.notify(f"已取消{what}的起草，原有文字未改动。", title="已取消", timeout=5)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Esc means 取消起草 only while a draft runs; the footer shows it only then. While the part shown is
        # being drafted, 修改 and 版本 wait for the draft (and leave the footer room for Esc).
        if action == "cancel_draft":
            return bool(self.streams)
        if action in ("revise", "versions"):
            return self.part not in self.streams
        return True

    @property
    def drafting(self) -> bool:
        return bool(self.streams)

    @on(ChunkDrafted)
    def _chunk(self, event: ChunkDrafted) -> None:
        event.stop()
        if event.part not in self.streams:
            return  # arrived after a cancel
        self.streams[event.part] += event.chunk
        if event.part == self.part:
            self.editor.append_chunk(event.chunk)

    @on(DraftRestarted)
    def _restarted(self, event: DraftRestarted) -> None:
        event.stop()
        if event.part not in self.streams:
            return
        self.streams[event.part] = ""
        if event.part == self.part:
            load_text(self.text_area, "")
        label = F.NARRATIVE_PART_BY_KEY[event.part].label
        self.notify(event.problems, title=f"模型重写中：{label}", timeout=6, markup=False)

    @on(SectionDrafted)
    def _drafted(self, event: SectionDrafted) -> None:
        if self.streams.pop(event.part, None) is None:
            event.stop()  # cancelled meanwhile: keep what was there
            return
        if event.fallback:
            label = F.NARRATIVE_PART_BY_KEY[event.part].label
            self.notify(event.fallback, title=f"已改用模板起草：{label}", severity="warning", timeout=10, markup=False)
        if event.part == self.part and self._session is not None:
            self.editor.show_draft(self._session.report.narrative_text(event.part).text or "", event.text)
        self._show_title()

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != DRAFT_GROUP or event.state not in (WorkerState.CANCELLED, WorkerState.ERROR):
            return
        part = worker.name
        if self.streams.pop(part, None) is None:
            return
        if event.state is WorkerState.CANCELLED:
            self.post_message(self.DraftCancelled(part))
        else:
            label = F.NARRATIVE_PART_BY_KEY[part].label
            error = worker.error
            cause = str(error) or type(error).__name__
            self.notify(cause, title=f"起草失败：{label}", severity="error", timeout=12, markup=False)
        if self._session is not None:
            if part == self.part:
                load_text(self.text_area, self._session.report.narrative_text(part).text or "")
            self.show(self._session)

    # -- revising, versions, last year ---------------------------------------------------------------------

    def action_revise(self) -> None:
        self.post_message(self.ReviseRequested(self.part))

    def action_versions(self) -> None:
        self.post_message(self.VersionsRequested(self.part))

    def action_toggle_last_year(self) -> None:
        self.editor.toggle_last_year(F.NARRATIVE_PART_BY_KEY[self.part].label)

    def action_copy(self) -> None:
        self.editor.copy_text(F.NARRATIVE_PART_BY_KEY[self.part].label)

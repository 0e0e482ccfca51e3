"""修改: revise one narrative part on the clerk's instruction, see what changed, then accept, reject or revise again.

With a model, the clerk writes what to change (写得更简洁一些, 补充今年开展业务培训两次的情况 …) and the core's
:class:`~assistant.drafting.revise.Reviser` streams the new text in beside the current one; when it is complete
it shows as the changes from the accepted text, with what the fact check found. Another instruction revises the
newest revision further. Esc cancels the worker, and with it the model's request; the accepted text is untouched.
Without a model the instruction box is disabled, and the template's 简洁 and 详细 variants are offered instead.

What is recorded, accepted and written into the notes, and when, is the conversation's
(:class:`~assistant.tui.screens.revision_conversation.RevisionConversation`); a text with problems is accepted
only through a separate, confirmed “仍然采用”. The screen shows the conversation and runs the reviser.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static
from textual.worker import Worker, WorkerState

from ... import formats as F
from ...drafting.variants import CONCISE, DETAILED
from ...history import NotAcceptable
from ...model import ReportBase, Version
from ..keymap import REVISE, bindings, first_key
from ..session import DraftSession
from ..streaming import ReviserProvider
from ..widgets.revision_panes import RevisionPanes
from . import revise_text as say
from .confirm import ConfirmScreen
from .revise_text import EXAMPLES, VARIANT_HELP
from .revision_conversation import RevisionConversation

REVISE_GROUP = "revise"


class ReviseScreen(Screen[None]):
    BINDINGS = bindings(REVISE)

    class ReviserLoaded(Message):
        """The reviser is ready (loaded in the background), or there is none, and why."""

        def __init__(self, reviser: Any, problem: str | None) -> None:
            super().__init__()
            self.reviser = reviser
            self.problem = problem

    class ChunkRevised(Message):
        """A piece of the revision arrived (posted by the revising worker)."""

        def __init__(self, chunk: str) -> None:
            super().__init__()
            self.chunk = chunk

    class Revised(Message):
        """The revision is complete and checked (posted by the revising worker)."""

        def __init__(self, revision: Any) -> None:
            super().__init__()
            self.revision = revision

    def __init__(
        self, session: DraftSession, part: str, revisers: ReviserProvider, on_change: Callable[[], None]
    ) -> None:
        super().__init__()
        self.session = session
        self.part = part
        self.revisers = revisers
        self.on_change = on_change  # the app's: re-check, refresh the views, autosave
        self.loaded = False
        self.reviser: Any = None
        self.conversation = RevisionConversation(session, part)

    # -- showing ---------------------------------------------------------------------------------------------

    @property
    def label(self) -> str:
        return F.NARRATIVE_PART_BY_KEY[self.part].label

    @property
    def accepted_text(self) -> str:
        return self.conversation.accepted_text

    @property
    def candidate(self) -> Version | None:
        """The newest text offered, recorded, not yet accepted."""
        return self.conversation.candidate

    @property
    def streamed(self) -> str | None:
        """While a revision streams: the text so far."""
        return self.conversation.streamed

    @property
    def streaming(self) -> bool:
        return self.streamed is not None

    def key(self, binding_id: str) -> str:
        return first_key(binding_id, getattr(self.app, "keymap", {}))

    def compose(self) -> ComposeResult:
        yield Static("", id="revise-title", classes="panel-title")
        yield RevisionPanes(id="revise-body")
        yield Static("", id="revise-check")
        yield Static("", id="revise-note")
        with Horizontal(id="instruction-row"):
            yield Label("修改要求", classes="row-label")
            yield Input(placeholder=EXAMPLES, id="instruction", compact=True, disabled=True)
        with Horizontal(id="variant-row"):
            yield Label("离线写法", classes="row-label")
            yield Button(f"1 {CONCISE}", id="variant-concise", compact=True)
            yield Button(f"2 {DETAILED}", id="variant-detailed", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#variant-row").display = False
        self.query_one("#revise-note", Static).update(Text("正在准备模型…", style="dim"))
        self._show_title()
        self._show_current()
        self._show_candidate()
        self.run_worker(self._load(), group="reviser-load", exit_on_error=False)

    def on_resize(self) -> None:
        self.set_class(self.size.width >= 100, "-wide")

    def _show_title(self) -> None:
        who = getattr(self.reviser, "name", "") if self.reviser is not None else ("离线模板" if self.loaded else "")
        self.query_one("#revise-title", Static).update(say.title(self.label, who))

    def _show_current(self) -> None:
        self.query_one(RevisionPanes).show_current(self.accepted_text, self.session.accepted_index(self.part))

    def _show_candidate(self) -> None:
        panes = self.query_one(RevisionPanes)
        candidate = self.candidate
        verdict: Text | str = ""
        if self.streamed is not None:
            panes.show_streamed(self.streamed, self.conversation.instruction)
        elif candidate is None:
            panes.show_hint(say.waiting_hint(loaded=self.loaded, has_reviser=self.reviser is not None))
        else:
            panes.show_candidate(candidate, self.accepted_text)
            verdict = say.verdict(
                candidate,
                accept=self.key("revise.accept"),
                reject=self.key("revise.reject"),
                override=self.key("revise.override"),
                can_revise_again=self.reviser is not None,
                pending_facts=self.conversation.pending_facts,
            )
        self.query_one("#revise-check", Static).update(verdict)

    # -- the reviser -----------------------------------------------------------------------------------------

    async def _load(self) -> None:
        reviser = await self.revisers.aget()
        self.post_message(self.ReviserLoaded(reviser, self.revisers.problem))

    @on(ReviserLoaded)
    def _loaded(self, event: ReviserLoaded) -> None:
        event.stop()
        self.loaded = True
        self.reviser = event.reviser
        note = self.query_one("#revise-note", Static)
        instruction = self.query_one("#instruction", Input)
        if self.reviser is not None:
            instruction.disabled = False
            instruction.focus()
            note.update(Text(say.MODEL_NOTE, style="dim"))
        else:
            instruction.placeholder = "未配置模型，不能按文字要求修改"
            self.query_one("#variant-row").display = True
            reason = event.problem or "没有可用的模型。"
            note.update(Text.assemble((reason, "yellow"), "\n", VARIANT_HELP))
            self.query_one("#variant-concise", Button).focus()
        self._show_title()
        self._show_candidate()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel":
            return self.streaming
        if action == "close":
            return not self.streaming
        if action == "send":
            return self.reviser is not None and not self.streaming
        if action in ("accept", "reject"):
            return self.candidate is not None and not self.streaming
        if action == "override":
            return self.candidate is not None and bool(self.candidate.problems) and not self.streaming
        if action == "variant":
            return self.loaded and self.reviser is None and not self.streaming
        return True

    @on(Input.Submitted, "#instruction")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_send()

    def action_send(self) -> None:
        if self.reviser is None or self.streaming:
            return
        instruction = self.query_one("#instruction", Input).value.strip()
        if not instruction:
            self.notify(f"请写明要怎样修改（{EXAMPLES}）。", title="没有修改要求", severity="warning")
            return
        trial = self.conversation.start(instruction)
        self._show_candidate()
        self.run_worker(self._revise(self.reviser, trial, instruction), group=REVISE_GROUP, exit_on_error=False)
        self.refresh_bindings()

    async def _revise(self, reviser: Any, trial: ReportBase, instruction: str) -> None:
        def chunk_arrived(chunk: str) -> None:
            self.post_message(self.ChunkRevised(chunk))

        revision = await reviser.revise(trial, self.part, instruction, on_chunk=chunk_arrived)
        self.post_message(self.Revised(revision))

    @on(ChunkRevised)
    def _chunk(self, event: ChunkRevised) -> None:
        event.stop()
        if self.conversation.add_chunk(event.chunk):
            self.query_one(RevisionPanes).show_streamed(self.streamed or "")

    @on(Revised)
    def _revised(self, event: Revised) -> None:
        event.stop()
        if not self.conversation.finish(event.revision):
            return  # cancelled meanwhile: nothing is recorded
        self.on_change()
        self.query_one("#instruction", Input).value = ""
        self._show_candidate()
        self.refresh_bindings()

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != REVISE_GROUP or event.state is not WorkerState.ERROR:
            return
        self.conversation.stop()
        error = event.worker.error
        cause = str(error) or type(error).__name__
        self.notify(f"{cause}；现稿未改动。", title="修改失败", severity="error", timeout=12, markup=False)
        self._show_candidate()
        self.refresh_bindings()

    def action_cancel(self) -> None:
        if not self.streaming:
            return
        self.workers.cancel_group(self, REVISE_GROUP)
        self.conversation.stop()
        self._show_candidate()
        self.notify("已取消修改，现稿未改动。", title="已取消", timeout=5)
        self.refresh_bindings()

    # -- offline variants ------------------------------------------------------------------------------------

    @on(Button.Pressed, "#variant-concise")
    def _concise(self) -> None:
        self.action_variant(CONCISE)

    @on(Button.Pressed, "#variant-detailed")
    def _detailed(self) -> None:
        self.action_variant(DETAILED)

    def action_variant(self, name: str) -> None:
        if not self.loaded or self.reviser is not None or self.streaming:
            return
        self.conversation.offer_variant(name)
        self.on_change()
        self._show_candidate()
        self.refresh_bindings()

    # -- deciding --------------------------------------------------------------------------------------------

    def action_accept(self) -> None:
        if self.candidate is None or self.streaming:
            return
        try:
            version, added = self.conversation.accept()
        except NotAcceptable as error:
            self.notify(
                f"{error}（“仍然采用”：{self.key('revise.override')}）",
                title="不能直接采用",
                severity="warning",
                timeout=10,
                markup=False,
            )
            return
        self._accepted(version, added)

    def action_override(self) -> None:
        candidate = self.candidate
        if candidate is None or not candidate.problems or self.streaming:
            return
        question = say.override_question(candidate.problems)
        screen = ConfirmScreen("仍然采用有问题的修改稿？", question, "仍然采用（已知有问题）")
        self.app.push_screen(screen, self._override_answered)

    def _override_answered(self, confirmed: bool | None) -> None:
        if not confirmed or self.candidate is None:
            return
        self._accepted(*self.conversation.accept(override=True))

    def _accepted(self, version: Version, added: list[str]) -> None:
        self.on_change()
        if added:
            self.notify("；".join(added), title="已把修改要求中的事实记入要点", timeout=8, markup=False)
        number = self.conversation.number(version)
        self.notify(say.accepted_notice(self.label, number, version.override), title="已采用", timeout=6)
        self.dismiss(None)

    def action_reject(self) -> None:
        if self.candidate is None or self.streaming:
            return
        number, dropped = self.conversation.reject()
        self._show_candidate()
        notice = say.rejected_notice(number, dropped, can_revise_again=self.reviser is not None)
        self.notify(notice, title="未采用", timeout=6)
        self.refresh_bindings()

    def action_close(self) -> None:
        if self.streaming:
            return
        if self.candidate is not None:
            number, dropped = self.conversation.leave_undecided()
            notice = say.undecided_notice(number, self.key("narrative.versions"), dropped)
            self.notify(notice, title="未采用", timeout=6)
        self.dismiss(None)

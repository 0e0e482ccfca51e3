"""修改: revise one narrative part on the clerk's instruction, see what changed, then accept, reject or revise again.

With a model, the clerk writes what to change (写得更简洁一些, 补充今年开展业务培训两次的情况 …) and the core's
:class:`~assistant.drafting.revise.Reviser` streams the new text in beside the current one; when it is complete
it shows as the changes from the accepted text, with what the fact check found. Another instruction revises the
newest revision further. Esc cancels the worker, and with it the model's request; the accepted text is untouched.
Without a model the instruction box is disabled, and the template's 简洁 and 详细 variants are offered instead.

Every finished text is recorded in the part's history at once (the draft file keeps it, whatever the clerk
decides); accepting makes it the part's text. A text with problems is accepted only through a separate,
confirmed “仍然采用”, which the core records in the version. The revision runs on a copy of the report (its
text replaced by the one being revised, with the facts of the instructions it builds on as notes). The facts the
instructions state become notes of the real draft only when the clerk accepts the revision; a rejected one, a
cancelled one, or one left undecided (Esc, or quitting) leaves the notes exactly as the clerk wrote them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Container, Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static
from textual.worker import Worker, WorkerState

from ... import formats as F
from ...drafting.variants import CONCISE, DETAILED, offline_variants
from ...history import NotAcceptable
from ...model import ReportBase, Version
from ..keymap import REVISE, SPECS_BY_ID, bindings, current_keys, key_display
from ..session import DraftSession
from ..streaming import ReviserProvider
from ..widgets.diff_view import LEGEND, TextPane, diff_markup
from .confirm import ConfirmScreen

REVISE_GROUP = "revise"
EXAMPLES = "如：写得更简洁一些；补充今年开展业务培训两次的情况；语气更正式；删去第二段"
VARIANT_HELP = (
    "可以改用离线模板的写法：1 简洁（去掉括号中的细分和没有数字的套话）；"
    "2 详细（补上这一部分常写的内容，写成【待补充：…】由您填写）。"
)


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
        self.candidate: Version | None = None  # the newest text offered, recorded, not yet accepted
        self.streamed: str | None = None  # while a revision streams: the text so far
        self.instruction = ""  # the instruction being carried out
        # The instructions of the revisions the candidate builds on that state facts not yet in the notes (the
        # conversation since the last decision), and those facts: the notes gain them when it is accepted.
        self.pending_instructions: list[str] = []
        self.pending_facts: list[str] = []

    # -- showing ---------------------------------------------------------------------------------------------

    @property
    def label(self) -> str:
        return F.NARRATIVE_PART_BY_KEY[self.part].label

    @property
    def accepted_text(self) -> str:
        return self.session.report.narrative_text(self.part).text or ""

    @property
    def streaming(self) -> bool:
        return self.streamed is not None

    def key(self, binding_id: str) -> str:
        keys = current_keys(SPECS_BY_ID[binding_id], getattr(self.app, "keymap", {}))
        return key_display(keys.split(",")[0])

    def compose(self) -> ComposeResult:
        yield Static("", id="revise-title", classes="panel-title")
        with Container(id="revise-body"):
            yield TextPane("现稿", id="current-pane")
            yield TextPane("修改稿", id="candidate-pane")
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
        self.query_one("#revise-title", Static).update(
            Text.assemble(("修改：", "bold"), (self.label, "bold"), ("  " + who if who else "", "dim"))
        )

    def _show_current(self) -> None:
        index = self.session.accepted_index(self.part)
        caption = f"现稿（第{index + 1}版，现用）" if index is not None else "现稿"
        text = self.accepted_text
        self.query_one("#current-pane", TextPane).show(text or Text("（还没有文字）", style="dim"), caption)

    def _show_candidate(self) -> None:
        pane = self.query_one("#candidate-pane", TextPane)
        check = self.query_one("#revise-check", Static)
        if self.streamed is not None:
            caption = Text.assemble(("修改稿（生成中…，Esc 取消）", "bold yellow"), f"  要求：“{self.instruction}”")
            pane.show(self.streamed, caption)
            pane.scroll_to_end()
            check.update("")
            return
        candidate = self.candidate
        if candidate is None:
            if not self.loaded:
                hint = "正在准备…"
            elif self.reviser is not None:
                hint = "在下面写修改要求，按 Enter 发送。修改稿显示在这里，标出删去和新增的文字。"
            else:
                hint = "按 1 或 2 选一种写法。修改稿显示在这里，标出删去和新增的文字。"
            pane.show(Text(hint, style="dim"), "修改稿")
            check.update("")
            return
        if candidate.source == "revision":
            what = f"要求：“{candidate.instruction}”"
        else:
            what = f"模板的{candidate.instruction}写法"
        if candidate.text == self.accepted_text:
            pane.show(candidate.text, Text.assemble(("修改稿（与现稿相同）", "bold"), "  ", what))
        else:
            caption = Text.assemble(("修改稿", "bold"), "  ", what, "  ", LEGEND)
            pane.show(diff_markup(self.accepted_text, candidate.text), caption)
        pane.scroll_to_start()
        accept, reject = self.key("revise.accept"), self.key("revise.reject")
        again = "，或写新的要求接着改" if self.reviser is not None else ""
        if candidate.problems:
            problems = Text("\n".join(f"· {p}" for p in candidate.problems), style="red")
            verdict = Text.assemble(
                ("核对发现问题，不能直接采用", "bold red"),
                f"（确认无误后按 {self.key('revise.override')} 仍然采用；{reject} 不采用{again}）：\n",
                problems,
            )
        else:
            verdict = Text.assemble(
                ("核对无误", "bold green"), f"：数字都有出处。按 {accept} 采用，{reject} 不采用{again}。"
            )
        if self.pending_facts:
            verdict.append_text(Text.assemble(("\n采用后记入要点：", "dim"), "；".join(self.pending_facts)))
        check.update(verdict)

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
            note.update(
                Text(
                    "修改稿与初稿一样核对数字；要求中带数字的事实（如“培训两次”）作为数字的出处，采用修改稿时记入本部分的要点。",
                    style="dim",
                )
            )
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
        # Revise the newest revision when there is one (a conversation), else the accepted text; the facts of
        # the instructions it builds on are notes of the trial, as they will be of the draft if it is accepted.
        trial = self.session.snapshot()
        trial.narrative_text(self.part).text = self.candidate.text if self.candidate is not None else self.accepted_text
        if self.candidate is not None and self.pending_instructions:
            from ...drafting.revise import add_instruction_facts  # loaded already: there is a reviser

            for earlier in self.pending_instructions:
                add_instruction_facts(trial, self.part, earlier)
        self.instruction = instruction
        self.streamed = ""
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
        if self.streamed is None:
            return  # arrived after a cancel
        self.streamed += event.chunk
        self.query_one("#candidate-pane", TextPane).show(self.streamed)
        self.query_one("#candidate-pane", TextPane).scroll_to_end()

    @on(Revised)
    def _revised(self, event: Revised) -> None:
        event.stop()
        if self.streamed is None:
            return  # cancelled meanwhile: nothing is recorded
        self.streamed = None
        revision = event.revision
        if revision.notes_added:  # kept aside: the notes gain them only when this revision is accepted
            self.pending_instructions.append(revision.instruction)
            self.pending_facts.extend(f for f in revision.notes_added if f not in self.pending_facts)
        self.candidate = self.session.offer(
            self.part,
            revision.text,
            "revision",
            by=revision.by,
            instruction=revision.instruction,
            problems=list(revision.problems),
        )
        self.on_change()
        self.query_one("#instruction", Input).value = ""
        self._show_candidate()
        self.refresh_bindings()

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != REVISE_GROUP or event.state is not WorkerState.ERROR:
            return
        self.streamed = None
        error = event.worker.error
        cause = str(error) or type(error).__name__
        self.notify(f"{cause}；现稿未改动。", title="修改失败", severity="error", timeout=12, markup=False)
        self._show_candidate()
        self.refresh_bindings()

    def action_cancel(self) -> None:
        if not self.streaming:
            return
        self.workers.cancel_group(self, REVISE_GROUP)
        self.streamed = None
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
        text = offline_variants(self.session.report, self.part)[name]
        self._drop_pending_facts()  # a variant is written from the accepted text, not on any revision
        self.candidate = self.session.offer(self.part, text, "variant", by="模板", instruction=name)
        self.on_change()
        self._show_candidate()
        self.refresh_bindings()

    # -- deciding --------------------------------------------------------------------------------------------

    def _number(self, version: Version) -> int:
        versions = self.session.versions(self.part)
        return next((i for i, v in enumerate(versions) if v is version), len(versions) - 1) + 1

    def action_accept(self) -> None:
        if self.candidate is None or self.streaming:
            return
        try:
            version = self.session.accept(self.part, self.candidate)
        except NotAcceptable as error:
            self.notify(
                f"{error}（“仍然采用”：{self.key('revise.override')}）",
                title="不能直接采用",
                severity="warning",
                timeout=10,
                markup=False,
            )
            return
        self._accepted(version)

    def action_override(self) -> None:
        candidate = self.candidate
        if candidate is None or not candidate.problems or self.streaming:
            return
        question = Text.assemble(
            "这一稿核对发现以下问题：\n",
            ("\n".join(f"· {p}" for p in candidate.problems), "red"),
            "\n\n确认这些文字和数字无误（例如数字另有出处）、仍然采用这一稿吗？"
            "采用后，版本记录中注明“有问题仍采用”。\n\n",
            f"按 {key_display('y')} 或选“仍然采用”确认；Esc 取消。",
        )
        screen = ConfirmScreen("仍然采用有问题的修改稿？", question, "仍然采用（已知有问题）")
        self.app.push_screen(screen, self._override_answered)

    def _override_answered(self, confirmed: bool | None) -> None:
        if not confirmed or self.candidate is None:
            return
        self._accepted(self.session.accept(self.part, self.candidate, override=True))

    def _accepted(self, version: Version) -> None:
        added: list[str] = []
        for instruction in self.pending_instructions:
            added += self.session.add_instruction_facts(self.part, instruction)
        self.pending_instructions, self.pending_facts = [], []
        self.on_change()
        if added:
            self.notify("；".join(added), title="已把修改要求中的事实记入要点", timeout=8, markup=False)
        flag = "（有问题仍采用，已记入版本记录）" if version.override else ""
        self.notify(f"“{self.label}”已改用第{self._number(version)}版{flag}。", title="已采用", timeout=6)
        self.candidate = None
        self.dismiss(None)

    def action_reject(self) -> None:
        if self.candidate is None or self.streaming:
            return
        number = self._number(self.candidate)
        self.candidate = None
        facts = self._drop_pending_facts()
        self._show_candidate()
        again = "可以再写要求，" if self.reviser is not None else ""
        self.notify(
            f"修改稿未采用，留在版本记录中（第{number}版）{facts}。{again}按 Esc 返回。", title="未采用", timeout=6
        )
        self.refresh_bindings()

    def action_close(self) -> None:
        if self.streaming:
            return
        if self.candidate is not None:
            number, versions = self._number(self.candidate), self.key("narrative.versions")
            facts = self._drop_pending_facts()
            self.notify(
                f"修改稿未采用，留在版本记录中（第{number}版，{versions} 查看）{facts}。",
                title="未采用",
                timeout=6,
            )
        self.dismiss(None)

    def _drop_pending_facts(self) -> str:
        """Forget the facts of the revisions not accepted (the notes never had them); what to tell the clerk."""
        facts = "；".join(self.pending_facts)
        self.pending_instructions, self.pending_facts = [], []
        return f"；修改要求中的事实（{facts}）未记入要点" if facts else ""

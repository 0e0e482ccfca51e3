"""修改 and 版本 in the terminal UI: a part revised by instruction with LangChain's fake chat model (and the real
client over HTTP to the local server), shown as a diff beside the current text, accepted, rejected, revised again,
refused when the fact check finds an invented number unless the override is confirmed, cancelled mid-stream;
versions recorded for drafts, revisions and the clerk's own edits, restored, kept in the file across a restart,
and used by the export; without a model, the template's variants."""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from textual.widgets import Collapsible, Input, Label, Static
from textual.worker import WorkerState

from assistant.drafting.revise import Reviser
from assistant.drafting.templates import TemplateDrafter
from assistant.drafting.variants import CONCISE, DETAILED, offline_variants
from assistant.figures import load_report
from assistant.model import ReportBase
from assistant.settings import load_settings
from assistant.tui.app import ReportApp
from assistant.tui.screens.confirm import ConfirmScreen
from assistant.tui.screens.revise import ReviseScreen
from assistant.tui.screens.versions import VersionsScreen
from assistant.tui.session import DraftSession
from assistant.tui.widgets.narrative_panel import NarrativePanel
from tests.helpers import REVISE_CURRENT as CURRENT
from tests.helpers import REVISE_INVENTED as INVENTED
from tests.helpers import REVISE_SHORTER as SHORTER
from tests.helpers import REVISE_TRAINING as TRAINING
from tests.helpers import set3, zero_filled
from tests.openai_server import OpenAIServer, Reply

pytestmark = pytest.mark.asyncio

LAST_YEAR = "上年我局政府信息公开工作存在更新不及时的问题。"


@pytest.fixture(autouse=True)
def no_configured_model(no_model_settings: Path) -> None:
    """See tests/conftest.py: no model setting of this machine leaks in."""


def the_report() -> ReportBase:
    report = zero_filled(2025, agency="桐溪县审计局")
    report.meta.self_reference = "我局"
    set3(report, "new_received", "natural_person", 5)
    set3(report, "r1_granted", "natural_person", 5)
    report.narrative.problems.text = CURRENT
    return report


def fake_reviser(*answers: str, **extra: object) -> Reviser:
    settings = load_settings(model="openai:fake", timeout=5)
    return Reviser(settings, chat_model=FakeListChatModel(responses=list(answers), **extra))  # type: ignore[arg-type]


def make_app(tmp_path: Path, reviser: object = None, report: ReportBase | None = None, **kw: object) -> ReportApp:
    session = DraftSession(report or the_report(), tmp_path / "draft.json")
    return ReportApp(
        session=session,
        data_dir=tmp_path / "data",
        config_path=tmp_path / "c.toml",
        drafter=kw.pop("drafter", TemplateDrafter()),
        reviser=reviser,
        **kw,  # type: ignore[arg-type]
    )


async def until(pilot, condition: Callable[[], bool], timeout: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.02)


async def open_part(app: ReportApp, pilot, part: str = "problems") -> NarrativePanel:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("f6")
    await pilot.pause()
    panel = app.screen.query_one(NarrativePanel)
    panel.select_part(part)
    panel.text_area.focus()
    await pilot.pause()
    return panel


async def open_revise(app: ReportApp, pilot, part: str = "problems") -> ReviseScreen:  # type: ignore[no-untyped-def]
    await open_part(app, pilot, part)
    await pilot.press("ctrl+e")
    await until(pilot, lambda: isinstance(app.screen, ReviseScreen) and app.screen.loaded)
    screen = app.screen
    assert isinstance(screen, ReviseScreen)
    return screen


async def send(app: ReportApp, pilot, screen: ReviseScreen, instruction: str) -> None:  # type: ignore[no-untyped-def]
    screen.query_one("#instruction", Input).value = instruction
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


def shown(screen: object, pane: str) -> str:
    return screen.query_one(f"#{pane} .pane-text", Static).content.plain  # type: ignore[attr-defined,union-attr]


def titles(app: ReportApp) -> list[str]:
    return [n.title for n in app._notifications]


async def test_a_revision_is_shown_as_a_diff_beside_the_text_and_accepted(tmp_path: Path) -> None:
    app = make_app(tmp_path, fake_reviser(SHORTER))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_revise(app, pilot)
        assert shown(screen, "current-pane") == CURRENT
        assert not screen.query_one("#instruction", Input).disabled
        await send(app, pilot, screen, "写得更简洁一些")
        slot = app.session.report.narrative.problems
        # Recorded at once, not accepted until the clerk says so.
        assert screen.candidate is not None and screen.candidate.text == SHORTER
        assert slot.text == CURRENT
        assert [(v.source, v.instruction) for v in slot.history] == [("clerk", None), ("revision", "写得更简洁一些")]
        diff = shown(screen, "candidate-pane")
        assert "〔删：" in diff and "〔增：" in diff  # readable without colour
        assert "核对无误" in screen.query_one("#revise-check", Static).content.plain  # type: ignore[union-attr]
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert not isinstance(app.screen, ReviseScreen)
        assert slot.text == SHORTER
        assert app.screen.query_one(NarrativePanel).text_area.text == SHORTER
        assert "已采用" in titles(app)
        await app.autosaver.wait_until_saved()
    saved = load_report(tmp_path / "draft.json")
    assert saved.narrative.problems.text == SHORTER
    assert [v.by for v in saved.narrative.problems.history] == ["经办人", "模型（fake）"]


async def test_a_rejected_revision_stays_in_the_history_and_the_next_one_builds_on_it(tmp_path: Path) -> None:
    app = make_app(tmp_path, fake_reviser(SHORTER, SHORTER, TRAINING))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_revise(app, pilot)
        slot = app.session.report.narrative.problems
        await send(app, pilot, screen, "写得更简洁一些")
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert isinstance(app.screen, ReviseScreen) and screen.candidate is None
        assert slot.text == CURRENT and [v.text for v in slot.history] == [CURRENT, SHORTER]
        assert "未采用" in titles(app)
        # Revise again, twice: the second instruction works on the first one's result (a conversation).
        await send(app, pilot, screen, "写得更简洁一些")
        await send(app, pilot, screen, "补充今年开展业务培训两次的情况")
        assert screen.candidate is not None and screen.candidate.text == TRAINING
        assert screen.candidate.problems == []  # the fact typed in the instruction grounds “2次”
        assert slot.notes is None  # and becomes a note of the draft's part when the revision is accepted
        check = screen.query_one("#revise-check", Static).content.plain  # type: ignore[union-attr]
        assert "采用后记入要点：今年开展业务培训两次" in check
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert slot.text == TRAINING and slot.notes == "今年开展业务培训两次"
        assert "已把修改要求中的事实记入要点" in titles(app)
        assert [v.text for v in slot.history] == [CURRENT, SHORTER, TRAINING]  # the same text is kept once


async def test_an_invented_number_needs_the_confirmed_override(tmp_path: Path) -> None:
    app = make_app(tmp_path, fake_reviser(INVENTED))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_revise(app, pilot)
        await send(app, pilot, screen, "补充收到意见建议的情况")
        slot = app.session.report.narrative.problems
        candidate = screen.candidate
        assert candidate is not None and candidate.problems
        assert "37" in "".join(candidate.problems)
        check = screen.query_one("#revise-check", Static).content.plain  # type: ignore[union-attr]
        assert "不能直接采用" in check and "37" in check
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert isinstance(app.screen, ReviseScreen) and slot.text == CURRENT
        assert "不能直接采用" in titles(app)
        # The override is a separate action, and it asks first; Esc (or Enter on the focused 取消) declines.
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviseScreen) and slot.text == CURRENT and not candidate.override
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, ReviseScreen | ConfirmScreen)
        assert slot.text == INVENTED and slot.history[-1].override
        await app.autosaver.wait_until_saved()
    saved = load_report(tmp_path / "draft.json").narrative.problems
    assert saved.text == INVENTED and saved.history[-1].override and saved.history[-1].problems


async def test_escape_cancels_a_streaming_revision_and_keeps_the_text(tmp_path: Path) -> None:
    app = make_app(tmp_path, fake_reviser(SHORTER * 20, sleep=0.05))  # 20 s of streaming: never done in time
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_revise(app, pilot)
        screen.query_one("#instruction", Input).value = "写得更简洁一些"
        await pilot.press("enter")
        await until(pilot, lambda: bool(screen.streamed))
        # The revision streams in beside the current text.
        assert SHORTER.startswith(shown(screen, "candidate-pane"))
        assert shown(screen, "current-pane") == CURRENT
        [worker] = [w for w in app.workers if w.group == "revise"]
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert worker.state is WorkerState.CANCELLED
        assert isinstance(app.screen, ReviseScreen) and not screen.streaming and screen.candidate is None
        slot = app.session.report.narrative.problems
        assert slot.text == CURRENT and slot.history == []  # nothing recorded
        assert "已取消" in titles(app)
        await pilot.press("escape")  # a second Esc goes back
        await pilot.pause()
        assert not isinstance(app.screen, ReviseScreen)
        assert app.screen.query_one(NarrativePanel).text_area.text == CURRENT


async def test_escape_closes_the_models_http_request(tmp_path: Path) -> None:
    """The real langchain-openai client, streaming from the local server: Esc closes the connection."""
    with OpenAIServer(lambda request: Reply("修改稿" * 500, chunk_delay=0.05)) as server:
        settings = load_settings(model="openai:test-model", base_url=server.base_url, api_key="sk-t", timeout=10)
        app = make_app(tmp_path, Reviser(settings))
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_revise(app, pilot)
            screen.query_one("#instruction", Input).value = "写得更简洁一些"
            await pilot.press("enter")
            await until(pilot, lambda: bool(screen.streamed))
            await pilot.press("escape")
            await app.workers.wait_for_complete()
            assert await asyncio.to_thread(server.disconnected.wait, 3)
            assert app.session.report.narrative.problems.text == CURRENT


async def test_drafts_revisions_and_the_clerks_edits_are_versions_to_restore(tmp_path: Path) -> None:
    app = make_app(tmp_path, fake_reviser(SHORTER))
    template = TemplateDrafter().draft(the_report(), "problems")
    async with app.run_test(size=(100, 30)) as pilot:
        panel = await open_part(app, pilot)
        slot = app.session.report.narrative.problems
        await pilot.press("ctrl+r")  # 起草: the template's draft, recorded as a version
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert slot.text == template
        assert [(v.source, v.by) for v in slot.history] == [("clerk", "经办人"), ("template", "模板")]
        # The clerk's own edit becomes a version when the clerk leaves the text, not on every key.
        panel.text_area.focus()
        panel.text_area.move_cursor(panel.text_area.document.end)
        await pilot.press("好")
        await pilot.pause()
        assert len(slot.history) == 2
        await pilot.press("shift+tab")
        await pilot.pause()
        assert slot.history[-1].source == "clerk" and slot.history[-1].text == template + "好"
        screen = await open_revise(app, pilot)
        await send(app, pilot, screen, "写得更简洁一些")
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert [v.source for v in slot.history] == ["clerk", "template", "clerk", "revision"]
        # 版本: newest first, the accepted one marked; going back to the first (the clerk's original text).
        panel.text_area.focus()
        await pilot.press("ctrl+l")
        await pilot.pause()
        versions = app.screen
        assert isinstance(versions, VersionsScreen)
        assert "*" in str(versions.query_one("#version-list").get_option_at_index(0).prompt)
        await pilot.press("end")
        await pilot.pause()
        assert versions.chosen == 0
        assert "恢复第1版" in str(versions.query_one("#version-preview .pane-caption", Static).content)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, VersionsScreen)
        assert slot.text == CURRENT and slot.history[-1].source == "restored"
        assert panel.text_area.text == CURRENT
        assert len(slot.history) == 5  # nothing in between is lost
        assert "已恢复" in titles(app)


async def test_the_versions_survive_a_restart_and_the_export_uses_the_accepted_text(tmp_path: Path) -> None:
    import docx

    app = make_app(tmp_path, fake_reviser(SHORTER, TRAINING))
    draft = tmp_path / "draft.json"
    killed = tmp_path / "killed.json"
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_revise(app, pilot)
        await send(app, pilot, screen, "写得更简洁一些")
        await pilot.press("ctrl+y")
        await pilot.pause()
        screen = await open_revise(app, pilot)
        await send(app, pilot, screen, "补充今年开展业务培训两次的情况")
        await pilot.press("ctrl+d", "escape")  # rejected: kept in the history, not the text
        await pilot.pause()
        await app.autosaver.wait_until_saved()
        shutil.copyfile(draft, killed)  # what a kill would leave
        before = [v.model_dump() for v in app.session.report.narrative.problems.history]

    resumed = ReportApp(
        session=DraftSession.open(killed),
        data_dir=tmp_path / "data",
        config_path=tmp_path / "c.toml",
        drafter=TemplateDrafter(),
    )
    async with resumed.run_test(size=(100, 30)) as pilot:
        slot = resumed.session.report.narrative.problems
        assert [v.model_dump() for v in slot.history] == before
        assert [v.text for v in slot.history] == [CURRENT, SHORTER, TRAINING] and slot.text == SHORTER
        panel = await open_part(resumed, pilot)
        assert "现用第2版，共3版" in str(panel.query_one("#part-title", Static).content)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(resumed.screen, VersionsScreen)
        assert resumed.screen.query_one("#version-list").option_count == 3
        await pilot.press("escape", "f8")
        await pilot.pause()
        assert not resumed.session.has_errors, resumed.session.findings
        resumed.screen.query_one("#export-stem", Input).value = str(tmp_path / "报告")
        await pilot.press("ctrl+t")
        await resumed.workers.wait_for_complete()
        await pilot.pause()
    document = docx.Document(str(tmp_path / "报告.docx"))
    body = "\n".join(p.text for p in document.paragraphs)
    assert SHORTER in body
    assert "业务培训2次" not in body and "政策解读形式单一等不足" not in body


async def test_without_a_model_the_template_variants_are_offered(tmp_path: Path) -> None:
    app = make_app(tmp_path)  # a drafter given, no reviser: no model
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_revise(app, pilot)
        instruction = screen.query_one("#instruction", Input)
        assert screen.reviser is None and instruction.disabled
        note = screen.query_one("#revise-note", Static).content.plain  # type: ignore[union-attr]
        assert "没有配置模型" in note and "1 简洁" in note and "2 详细" in note
        variants = offline_variants(app.session.report, "problems")
        await pilot.press("2")
        await pilot.pause()
        assert screen.candidate is not None and screen.candidate.text == variants[DETAILED]
        assert "【待补充" in shown(screen, "candidate-pane")
        await pilot.press("ctrl+d", "1")
        await pilot.pause()
        assert screen.candidate is not None and screen.candidate.text == variants[CONCISE]
        await pilot.press("ctrl+y")
        await pilot.pause()
        slot = app.session.report.narrative.problems
        assert slot.text == variants[CONCISE]
        assert [(v.source, v.instruction) for v in slot.history] == [
            ("clerk", None),
            ("variant", DETAILED),
            ("variant", CONCISE),
        ]


async def test_a_blank_part_is_drafted_before_it_is_revised(tmp_path: Path) -> None:
    app = make_app(tmp_path, fake_reviser(SHORTER))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_part(app, pilot, "other")
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert not isinstance(app.screen, ReviseScreen)
        assert "没有可修改的文字" in titles(app)


async def test_last_years_text_is_shown_for_reference_only(tmp_path: Path) -> None:
    report = the_report()
    report.narrative.problems.last_year = LAST_YEAR
    app = make_app(tmp_path, report=report)
    async with app.run_test(size=(100, 30)) as pilot:
        panel = await open_part(app, pilot)
        box = panel.query_one("#last-year", Collapsible)
        assert box.display and box.collapsed
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert not box.collapsed
        assert panel.query_one("#last-year-text", Static).content.plain == LAST_YEAR  # type: ignore[union-attr]
        assert panel.text_area.text == CURRENT and app.session.report.narrative.problems.text == CURRENT
        panel.select_part("other")
        await pilot.pause()
        assert not box.display


async def test_a_failing_model_is_a_titled_notice_and_nothing_changes(tmp_path: Path) -> None:
    app = make_app(tmp_path, fake_reviser(SHORTER, error_on_chunk_number=3))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_revise(app, pilot)
        await send(app, pilot, screen, "写得更简洁一些")
        assert "修改失败" in titles(app)
        assert isinstance(app.screen, ReviseScreen) and not screen.streaming and screen.candidate is None
        slot = app.session.report.narrative.problems
        assert slot.text == CURRENT and slot.history == []
        assert screen.query_one("#instruction", Input).value == "写得更简洁一些"  # kept, to send again


CLERK_NOTES = "全年开展政策解读3次\n"  # the clerk's own, as typed (a trailing newline too)
MEETINGS = "我局政策解读形式较单一。今年已开展业务培训2次，召开专题会议7次。下一步将丰富解读形式。"


def messages(app: ReportApp, title: str) -> list[str]:
    return [n.message for n in app._notifications if n.title == title]


async def test_a_rejected_or_cancelled_revision_leaves_the_clerks_notes_as_they_were(tmp_path: Path) -> None:
    report = the_report()
    report.narrative.problems.notes = CLERK_NOTES
    app = make_app(tmp_path, fake_reviser(TRAINING, TRAINING, "很长的修改稿" * 100, sleep=0.01), report=report)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_revise(app, pilot)
        slot = app.session.report.narrative.problems
        await send(app, pilot, screen, "补充今年开展业务培训两次的情况")
        assert screen.candidate is not None and screen.candidate.problems == []  # grounded by the fact…
        assert slot.notes == CLERK_NOTES  # …which is not a note of the draft while the clerk decides
        check = screen.query_one("#revise-check", Static).content.plain  # type: ignore[union-attr]
        assert "采用后记入要点：今年开展业务培训两次" in check
        # Ctrl+D: not accepted, and its fact does not stay in the notes.
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert slot.notes == CLERK_NOTES and slot.text == CURRENT
        assert "修改要求中的事实（今年开展业务培训两次）未记入要点" in messages(app, "未采用")[-1]
        # Again; then another instruction on it, cancelled while it streams (Esc); then Esc leaves it undecided.
        await send(app, pilot, screen, "补充今年开展业务培训两次的情况")
        screen.query_one("#instruction", Input).value = "补充召开专题会议7次"
        await pilot.press("enter")
        await until(pilot, lambda: bool(screen.streamed))
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.candidate is not None and screen.candidate.text == TRAINING and slot.notes == CLERK_NOTES
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReviseScreen)
        assert slot.notes == CLERK_NOTES and slot.text == CURRENT
        assert "未记入要点" in messages(app, "未采用")[-1]
        assert app.screen.query_one(NarrativePanel).notes_area.text == CLERK_NOTES
        await app.autosaver.wait_until_saved()
    saved = load_report(tmp_path / "draft.json").narrative.problems
    assert saved.notes == CLERK_NOTES and saved.text == CURRENT
    assert [v.text for v in saved.history] == [CURRENT, TRAINING]  # the revision itself stays in the history


async def test_the_facts_of_a_conversation_become_notes_when_it_is_accepted(tmp_path: Path) -> None:
    report = the_report()
    report.narrative.problems.notes = CLERK_NOTES
    app = make_app(tmp_path, fake_reviser(TRAINING, MEETINGS), report=report)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_revise(app, pilot)
        slot = app.session.report.narrative.problems
        await send(app, pilot, screen, "补充今年开展业务培训两次的情况")
        await send(app, pilot, screen, "补充召开专题会议7次")
        # The second revision builds on the first: the first one's fact grounds its “2次” too.
        assert screen.candidate is not None and screen.candidate.text == MEETINGS
        assert screen.candidate.problems == []
        assert slot.notes == CLERK_NOTES
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert slot.text == MEETINGS
        assert slot.notes == "全年开展政策解读3次\n今年开展业务培训两次\n召开专题会议7次"
        assert messages(app, "已把修改要求中的事实记入要点") == ["今年开展业务培训两次；召开专题会议7次"]
        assert not app.session.has_errors and not [f for f in app.session.findings if "7次" in f.render()]


async def test_the_same_text_on_another_instruction_is_recorded_with_that_instruction(tmp_path: Path) -> None:
    app = make_app(tmp_path, fake_reviser(SHORTER, SHORTER, SHORTER))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_revise(app, pilot)
        slot = app.session.report.narrative.problems
        await send(app, pilot, screen, "写得更简洁一些")
        await pilot.press("ctrl+d")
        await send(app, pilot, screen, "语气更正式")  # the model answers with the same text
        assert screen.candidate is not None and screen.candidate.instruction == "语气更正式"
        caption = screen.query_one("#candidate-pane .pane-caption", Label).content  # type: ignore[union-attr]
        assert "要求：“语气更正式”" in str(caption)
        await pilot.press("ctrl+d")
        await send(app, pilot, screen, "语气更正式")  # the very same revision again: kept once
        assert [(v.source, v.instruction) for v in slot.history] == [
            ("clerk", None),
            ("revision", "写得更简洁一些"),
            ("revision", "语气更正式"),
        ]
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert slot.text == SHORTER and "已改用第3版" in messages(app, "已采用")[-1]
        await open_part(app, pilot)
        await pilot.press("ctrl+l")
        await pilot.pause()
        versions = app.screen
        assert isinstance(versions, VersionsScreen)
        newest = str(versions.query_one("#version-list").get_option_at_index(0).prompt)
        assert newest.startswith("* 第3版 按要求修改") and "“语气更正式”" in newest

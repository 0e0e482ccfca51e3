"""叙述: drafts stream in through an async worker; Esc cancels the request for real and keeps the old text."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from textual.worker import WorkerState

from assistant.model import ReportBase
from assistant.tui.app import ReportApp
from assistant.tui.session import DraftSession
from assistant.tui.widgets.narrative_panel import NarrativePanel
from tests.helpers import zero_filled

pytestmark = pytest.mark.asyncio

PREVIOUS = "这是经办人原来写的开头段。"


class HangingDrafter:
    """A model that sends one chunk and then never finishes (a stalled connection)."""

    name = "测试模型"

    def __init__(self) -> None:
        self.first_chunk_sent = asyncio.Event()
        self.cancelled = False
        self.finished = False

    def draft(self, report: ReportBase, part: str) -> str:  # the export path's contract
        return "不会用到"

    async def astream(self, report: ReportBase, part: str) -> AsyncIterator[str]:
        try:
            yield "新的开头"
            self.first_chunk_sent.set()
            await asyncio.Event().wait()
            yield "永远不会到达"
        except asyncio.CancelledError:
            self.cancelled = True
            raise
        finally:
            self.finished = True


class CharacterDrafter:
    """Streams a Chinese text one character at a time, as LangChain's fake chat models do."""

    name = "测试模型"

    def __init__(self, text: str) -> None:
        self.text = text
        self.seen: list[str] = []

    def draft(self, report: ReportBase, part: str) -> str:
        return self.text

    async def astream(self, report: ReportBase, part: str) -> AsyncIterator[str]:
        self.seen.append(part)
        for char in self.text:
            await asyncio.sleep(0)
            yield char


def make_app(tmp_path: Path, drafter: object) -> ReportApp:
    report = zero_filled(2021)
    report.narrative_text("preamble").text = PREVIOUS
    session = DraftSession(report, tmp_path / "draft.json")
    return ReportApp(session=session, data_dir=tmp_path / "data", config_path=tmp_path / "c.toml", drafter=drafter)


async def test_escape_cancels_a_streaming_draft_and_keeps_the_previous_text(tmp_path: Path) -> None:
    drafter = HangingDrafter()
    app = make_app(tmp_path, drafter)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        panel = app.screen.query_one(NarrativePanel)
        assert panel.part == "preamble" and panel.text_area.text == PREVIOUS
        await pilot.press("ctrl+r")
        await asyncio.wait_for(drafter.first_chunk_sent.wait(), 5)
        await pilot.pause()
        # The chunk shows while the draft streams; the report still holds the clerk's text.
        assert panel.drafting and panel.text_area.text == "新的开头"
        assert panel.text_area.read_only
        assert app.session.report.narrative_text("preamble").text == PREVIOUS
        [worker] = [w for w in app.workers if w.group == "draft"]
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert drafter.cancelled and drafter.finished  # the coroutine iterating the stream was cancelled
        assert worker.state is WorkerState.CANCELLED
        assert not panel.drafting
        assert panel.text_area.text == PREVIOUS and not panel.text_area.read_only
        assert app.session.report.narrative_text("preamble").text == PREVIOUS
        assert "已取消" in [n.title for n in app._notifications]


async def test_a_streamed_draft_is_kept_checked_and_can_be_copied(tmp_path: Path) -> None:
    text = "本报告依据《中华人民共和国政府信息公开条例》编制。XX"
    drafter = CharacterDrafter(text)
    app = make_app(tmp_path, drafter)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f6", "ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        panel = app.screen.query_one(NarrativePanel)
        assert drafter.seen == ["preamble"]
        assert panel.text_area.text == text
        assert app.session.report.narrative_text("preamble").text == text
        # The fact check beside the text: the placeholder left in the draft is a finding of this part.
        assert any(f.code == "PLACEHOLDER" for f in app.session.part_findings("preamble"))
        assert panel.query_one("#part-findings").findings == app.session.part_findings("preamble")
        # One undo gives the clerk's text back.
        panel.text_area.focus()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.session.report.narrative_text("preamble").text == PREVIOUS
        await pilot.press("ctrl+y")
        await pilot.pause()
        await pilot.press("ctrl+o")
        assert app.clipboard == text


async def test_a_failing_drafter_is_a_titled_notice_and_the_text_stays(tmp_path: Path) -> None:
    class BrokenDrafter:
        name = "测试模型"

        def draft(self, report: ReportBase, part: str) -> str:
            raise TimeoutError("模型服务在 30 秒内没有回应")

    app = make_app(tmp_path, BrokenDrafter())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f6", "ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        notes = [(n.title, n.message) for n in app._notifications]
        assert ("起草失败：报告说明（开头段）", "模型服务在 30 秒内没有回应") in notes
        assert app.session.report.narrative_text("preamble").text == PREVIOUS
        assert app.is_running


async def test_jumping_to_a_narrative_finding_puts_the_cursor_on_it(tmp_path: Path) -> None:
    report = zero_filled(2021)
    report.narrative_text("problems").text = "第一段。\n还有XX处需要补充。"
    app = ReportApp(
        session=DraftSession(report, tmp_path / "d.json"),
        data_dir=tmp_path / "data",
        config_path=tmp_path / "c",
        drafter=HangingDrafter(),
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        finding = next(f for f in app.session.findings if f.code == "PLACEHOLDER")
        app.screen.jump_to(finding)
        await pilot.pause()
        panel = app.screen.query_one(NarrativePanel)
        assert panel.part == "problems"
        assert app.focused is panel.text_area
        assert panel.text_area.cursor_location == (1, 2)


class HangingCheckedDrafter:
    """The model drafter's checked path (draft_part with progress events) on a model that stalls."""

    name = "测试模型"

    def __init__(self) -> None:
        self.first_chunk_sent = asyncio.Event()
        self.cancelled = False

    def draft(self, report: ReportBase, part: str) -> str:
        return "不会用到"

    async def draft_part(self, report: ReportBase, part: str, progress):  # type: ignore[no-untyped-def]
        from assistant.drafting.select import DraftEvent

        try:
            progress(DraftEvent(part, "chunk", "新的"))
            self.first_chunk_sent.set()
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            self.cancelled = True
            raise
        return "永远不会到达", None


async def test_escape_cancels_the_checked_drafting_task_too(tmp_path: Path) -> None:
    drafter = HangingCheckedDrafter()
    app = make_app(tmp_path, drafter)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f6", "ctrl+r")
        await asyncio.wait_for(drafter.first_chunk_sent.wait(), 5)
        await pilot.pause()
        panel = app.screen.query_one(NarrativePanel)
        assert panel.text_area.text == "新的"
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert drafter.cancelled
        assert panel.text_area.text == PREVIOUS
        assert app.session.report.narrative_text("preamble").text == PREVIOUS


@pytest.fixture
def model_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from assistant.settings import CONFIG_ENV, load_settings

    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "absent.toml"))
    return load_settings(timeout=5)


async def test_the_model_drafter_streams_checks_and_falls_back(tmp_path: Path, model_settings) -> None:  # type: ignore[no-untyped-def]
    """The real ModelDrafter on LangChain's fake chat model (it streams Chinese character by character)."""
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from assistant.drafting.model import ModelDrafter
    from assistant.drafting.templates import TemplateDrafter

    report = zero_filled(2021)
    good = TemplateDrafter().draft(report, "preamble")
    english = "Here is the draft you asked for: the bureau handled 5 requests in 2025."
    chat = FakeListChatModel(responses=[good, english, english])
    drafter = ModelDrafter(model_settings, chat_model=chat)
    app = make_app(tmp_path, drafter)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f6", "ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.session.report.narrative_text("preamble").text == good
        # The next part: English twice, so the model is asked again, then the template writes it.
        panel = app.screen.query_one(NarrativePanel)
        panel.select_part("overview")
        await pilot.pause()
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        titles = [n.title for n in app._notifications]
        assert "模型重写中：一、总体情况（综述段）" in titles
        assert "已改用模板起草：一、总体情况（综述段）" in titles
        expected = TemplateDrafter().draft(app.session.snapshot(), "overview")
        assert app.session.report.narrative_text("overview").text == expected

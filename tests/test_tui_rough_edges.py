"""What a new clerk met in a real terminal (tmux), kept fixed: keys named as on the keyboard and nothing in
English, totals that grow while typing, one notice when 全部起草 is cancelled, F1 closing the help, a closed
terminal saving what was typed, Chinese messages that wrap at the end of the line."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from textual.widgets import Footer

from assistant import formats as F
from assistant.drafting.templates import TemplateDrafter
from assistant.figures import load_report
from assistant.layout import CellRef
from assistant.model import ReportBase
from assistant.tui.app import ReportApp
from assistant.tui.keymap import SPECS_BY_ID, key_display
from assistant.tui.screens.help import HelpScreen
from assistant.tui.session import DraftSession
from assistant.tui.text import tight
from assistant.tui.widgets.figures_grid import CellState
from assistant.tui.widgets.narrative_panel import NarrativePanel
from tests.helpers import zero_filled


def make_app(tmp_path: Path, report: ReportBase | None = None, drafter: object = None) -> ReportApp:
    session = DraftSession(report or zero_filled(2021), tmp_path / "d.json")
    return ReportApp(
        session=session,
        data_dir=tmp_path / "data",
        config_path=tmp_path / "c.toml",
        drafter=drafter or TemplateDrafter(),
    )


def footer_text(app: ReportApp) -> str:
    return " ".join(
        f"{app.get_key_display(active.binding)} {active.binding.description}"
        for active in app.screen.active_bindings.values()
        if active.binding.show and active.enabled
    )


def test_keys_are_named_as_printed_on_the_keyboard() -> None:
    assert key_display("ctrl+q") == "Ctrl+Q"
    assert key_display("f4") == "F4"
    assert key_display("escape") == "Esc"
    assert key_display("enter") == "Enter"
    assert key_display("shift+tab") == "Shift+Tab"
    assert key_display("pagedown") == "PgDn"
    assert key_display("question_mark") == "?"


def test_chinese_messages_lose_the_spaces_that_would_break_their_lines() -> None:
    message = "之和为 6，应等于三、本年度办理结果（七）总计（3）加四 之和 4；相差 2。"
    assert tight(message) == "之和为6，应等于三、本年度办理结果（七）总计（3）加四之和4；相差2。"
    assert tight("Ctrl+R 起草") == "Ctrl+R起草"
    assert tight("ab cd") == "ab cd"  # only spaces next to Chinese go


@pytest.mark.asyncio
async def test_the_footer_names_keys_in_chinese_and_fits_80_columns(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in ("f2", "f4", "f6", "f7", "f8"):
            await pilot.press(key)
            await pilot.pause()
            shown = footer_text(app)
            assert "^" not in shown and "⏎" not in shown, shown
            footer = app.screen.query_one(Footer)
            assert max(key.region.right for key in footer.children) <= footer.region.right, shown
        # A drop-down list's own key is in Chinese too (Textual's says "Dismiss menu").
        await pilot.press("f2")
        app.screen.query_one("#field-body-kind").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "收起选项" in footer_text(app) and "Dismiss" not in footer_text(app)


@pytest.mark.asyncio
async def test_a_total_shows_the_sum_so_far_while_parts_are_blank(tmp_path: Path) -> None:
    report = zero_filled(2021)
    report.table3.r1_granted.research = None  # type: ignore[attr-defined]
    report.table3.r1_granted.natural_person = 3  # type: ignore[attr-defined]
    app = make_app(tmp_path, report)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        grid = app.screen.grid("table3")
        row_total = grid._views[CellRef("table3", None, "r1_granted", "total")]
        assert (row_total.text, row_total.state) == ("≥3", CellState.PARTIAL)
        column_total = grid._views[CellRef("table3", None, "r7_total", "research")]
        assert column_total.text == "≥0"
        # Filling the blank gives the total itself.
        await pilot.press("down", "down", "right", "right", "2", "enter")
        await pilot.pause()
        row_total = grid._views[CellRef("table3", None, "r1_granted", "total")]
        assert (row_total.text, row_total.state) == ("5", CellState.COMPUTED)


class SlowDrafter:
    name = "测试模型"

    def draft(self, report: ReportBase, part: str) -> str:
        return "不会用到"

    async def astream(self, report: ReportBase, part: str) -> AsyncIterator[str]:
        yield "起"
        await asyncio.Event().wait()


@pytest.mark.asyncio
async def test_cancelling_every_draft_gives_one_notice_and_esc_shows_only_while_drafting(tmp_path: Path) -> None:
    app = make_app(tmp_path, drafter=SlowDrafter())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        assert "取消起草" not in footer_text(app)
        await pilot.press("ctrl+g")
        await pilot.pause()
        panel = app.screen.query_one(NarrativePanel)
        assert len(panel.streams) == len(F.NARRATIVE_PARTS)
        assert "Esc 取消起草" in footer_text(app)
        footer = app.screen.query_one(Footer)
        assert max(key.region.right for key in footer.children) <= footer.region.right  # all six keys show
        app.clear_notifications()
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not panel.drafting
        cancelled = [n.message for n in app._notifications if n.title == "已取消"]
        assert cancelled == [f"已取消{len(F.NARRATIVE_PARTS)}个部分的起草，原有文字未改动。"]
        assert "取消起草" not in footer_text(app)


@pytest.mark.asyncio
async def test_f1_opens_and_closes_the_help(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Esc 关闭帮助" in footer_text(app)
        await pilot.press("f1")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


@pytest.mark.asyncio
async def test_a_closed_terminal_saves_what_was_typed_at_once(tmp_path: Path) -> None:
    """SIGHUP (the terminal window closed, ``tmux kill-session``) runs this: no autosave delay to wait for."""
    app = make_app(tmp_path)
    app.autosaver.delay = 60  # the autosave would come far too late
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f4", "4", "2")
        assert app.autosaver.dirty
        app._hang_up()
        await pilot.pause()
    assert load_report(tmp_path / "d.json").t3("new_received", "natural_person") == 42


@pytest.mark.asyncio
async def test_the_start_screen_proposes_last_year_by_the_apps_clock(tmp_path: Path) -> None:
    from datetime import datetime

    app = ReportApp(
        data_dir=tmp_path / "data",
        config_path=tmp_path / "c.toml",
        drafter=TemplateDrafter(),
        clock=lambda: datetime(2030, 1, 5, 8, 0),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#start-year").value == "2029"
        quit_key = key_display(SPECS_BY_ID["app.quit"].keys)
        assert quit_key == "Ctrl+Q"


@pytest.mark.asyncio
async def test_holding_down_in_the_part_list_settles_on_the_last_part(tmp_path: Path) -> None:
    """Keys faster than the app: each highlight's message arrives after the next key moved the highlight on.
    Following a stale one set the highlight back and the list chased itself, the app busy for ever."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        panel = app.screen.query_one(NarrativePanel)
        parts = panel.query_one("#parts")
        for index in (1, 2, 3):  # three ↓ before any of their messages is handled
            parts.highlighted = index
        for _ in range(20):
            await pilot.pause()
        assert parts.highlighted == 3 and panel.part == F.NARRATIVE_PARTS[3].key

"""What a new clerk met in a real terminal (tmux), kept fixed: keys named as on the keyboard and nothing in
English, totals that grow while typing, one notice when 全部起草 is cancelled, F1 closing the help, a closed
terminal saving what was typed, Chinese messages that wrap at the end of the line, typing that starts in the
first field to fill rather than on the tab bar, and a kind of body that follows the 机关全称 until it is picked."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from datetime import date
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
from assistant.tui.screens.main import MainScreen
from assistant.tui.screens.start import StartScreen
from assistant.tui.session import DraftSession
from assistant.tui.text import tight
from assistant.tui.widgets.grid_cells import CellState
from assistant.tui.widgets.narrative_panel import NarrativePanel
from tests.conftest import SAMPLES
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


# -- where typing starts ----------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_an_opened_report_starts_in_its_first_blank_field(tmp_path: Path) -> None:
    """The seed report has 机关全称 to 编制机构 filled and 发布日期 blank: typing goes there, not to the tab bar."""
    draft = tmp_path / "figures.json"
    shutil.copyfile(SAMPLES / "seed_2020_shanggao_audit" / "figures.json", draft)
    app = ReportApp(path=draft, data_dir=tmp_path / "data", config_path=tmp_path / "c.toml", drafter=TemplateDrafter())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and app.screen.active_tab == "meta"
        assert app.focused is not None and app.focused.id == "field-meta-published"
        await pilot.press(*"2021-01-20")
        await pilot.pause()
        assert app.session is not None and app.session.report.meta.published == date(2021, 1, 20)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("fill", "first"),
    [
        ("new", "field-meta-self_reference"),  # a draft just started: 机关全称 and 年度 only
        ("all", "field-meta-agency"),  # nothing blank: the first field
    ],
)
async def test_the_first_field_to_fill_is_focused_after_f2_too(tmp_path: Path, fill: str, first: str) -> None:
    report = zero_filled(2021)
    if fill == "all":
        meta = report.meta
        for key in ("self_reference", "preparer", "website_name", "website_url"):
            setattr(meta, key, "某")
        meta.published = date(2022, 1, 20)
        for key in ("office", "address", "phone", "postcode", "email"):
            setattr(meta.contact, key, "某")
        report.fees.notices_amount_yuan = 0  # type: ignore[assignment]
        report.fees.collected_yuan = 0  # type: ignore[assignment]
    app = make_app(tmp_path, report)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.focused is not None and app.focused.id == first
        await pilot.press("f4", "f2")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == first


# -- the kind of body on the start screen ---------------------------------------------------------------------


def start_app(tmp_path: Path) -> ReportApp:
    return ReportApp(data_dir=tmp_path / "data", config_path=tmp_path / "c.toml", drafter=TemplateDrafter())


def start_kind(app: ReportApp) -> object:
    return app.screen.query_one("#start-kind").value  # type: ignore[attr-defined]


async def type_agency(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.click("#start-agency")
    await pilot.press(*text)
    await pilot.pause()


async def pick_kind(app: ReportApp, pilot, label: str) -> None:  # type: ignore[no-untyped-def]
    """Open the drop-down of 机关类型 and pick ``label`` by keys, as the clerk would."""
    app.screen.query_one("#start-kind").focus()
    await pilot.press("enter")
    await pilot.pause()
    labels = list(F.BODY_KIND_LABELS.values())
    kind = app.screen.query_one("#start-kind")
    now = labels.index(F.BODY_KIND_LABELS[F.BodyKind(kind.value)])  # type: ignore[attr-defined]
    steps = labels.index(label) - now
    await pilot.press(*(["down"] * steps if steps > 0 else ["up"] * -steps), "enter")
    await pilot.pause()


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("agency", "kind"),
    [
        ("上高县泗溪镇人民政府", F.BodyKind.TOWNSHIP),
        ("重庆市九龙坡区二郎街道办事处", F.BodyKind.TOWNSHIP),
        ("宜春市人民政府", F.BodyKind.GOVERNMENT),
        ("上高县人民政府办公室", F.BodyKind.DEPARTMENT),
    ],
)
async def test_the_kind_of_body_follows_the_name_typed(tmp_path: Path, agency: str, kind: F.BodyKind) -> None:
    app = start_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        await type_agency(pilot, agency)
        assert start_kind(app) == kind.value
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.session is not None and app.session.report.meta.body_kind is kind


@pytest.mark.asyncio
async def test_a_kind_the_clerk_picked_is_kept_whatever_is_typed_next(tmp_path: Path) -> None:
    app = start_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_agency(pilot, "宜春市人民政府")
        assert start_kind(app) == F.BodyKind.GOVERNMENT.value
        # The clerk knows better (the report is the 办公室's own): 部门, picked before the name is finished.
        await pick_kind(app, pilot, F.BODY_KIND_LABELS[F.BodyKind.DEPARTMENT])
        assert start_kind(app) == F.BodyKind.DEPARTMENT.value
        await pilot.click("#start-agency")
        await pilot.press("end", "backspace", "backspace")  # 宜春市人民 …
        await pilot.press(*"政府")
        await pilot.pause()
        assert start_kind(app) == F.BodyKind.DEPARTMENT.value
        await pilot.press("enter")
        await pilot.pause()
        assert app.session is not None
        assert app.session.report.meta.agency == "宜春市人民政府"
        assert app.session.report.meta.body_kind is F.BodyKind.DEPARTMENT


@pytest.mark.asyncio
async def test_picking_the_kind_already_shown_is_a_choice_too(tmp_path: Path) -> None:
    """部门 is shown for 上高县 and the clerk picks 部门: 人民政府 typed after it does not make it a government."""
    app = start_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_agency(pilot, "上高县")
        assert start_kind(app) == F.BodyKind.DEPARTMENT.value
        await pick_kind(app, pilot, F.BODY_KIND_LABELS[F.BodyKind.DEPARTMENT])
        await pilot.click("#start-agency")
        await pilot.press("end", *"人民政府")
        await pilot.pause()
        assert app.screen.query_one("#start-agency").value == "上高县人民政府"  # type: ignore[attr-defined]
        assert start_kind(app) == F.BodyKind.DEPARTMENT.value

"""Nothing typed is lost: each change reaches the file within a second, and a new app resumes from it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant import formats as F
from assistant.drafting.templates import TemplateDrafter
from assistant.figures import load_report
from assistant.layout import CellRef
from assistant.tui.app import ReportApp
from assistant.tui.screens.main import MainScreen
from assistant.tui.session import DraftSession

pytestmark = pytest.mark.asyncio

CELL = CellRef("table3", None, "new_received", "natural_person")


def new_app(tmp_path: Path, **kw: object) -> ReportApp:
    return ReportApp(
        data_dir=tmp_path / "data",
        config_path=tmp_path / "c.toml",
        drafter=TemplateDrafter(),
        **kw,  # type: ignore[arg-type]
    )


async def test_a_killed_session_resumes_with_every_typed_value(tmp_path: Path) -> None:
    draft = tmp_path / "figures.json"
    report = DraftSession.new_report("2021", "某县审计局", F.BodyKind.DEPARTMENT)
    app = new_app(tmp_path, session=DraftSession.create(report, draft))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert draft.exists()  # a new draft has its file at once
        await pilot.press("f4", "4", "2", "tab", "7")  # mid-entry: the 7 is still being typed
        assert app.autosaver.delay < 1.0  # the save is scheduled within a second of the change
        await app.autosaver.wait_until_saved()
        # What a kill would leave: the file as it is now, with the app still running.
        killed = tmp_path / "killed.json"
        shutil.copyfile(draft, killed)
        await pilot.press("f2")
        app.screen.query_one("#field-contact-phone").focus()
        await pilot.press("0", "7", "9", "5")
        await app.autosaver.wait_until_saved()
        shutil.copyfile(draft, tmp_path / "killed-later.json")

    saved = load_report(killed)
    assert saved.t3("new_received", "natural_person") == 42
    assert saved.t3("new_received", "commercial") == 7
    assert load_report(tmp_path / "killed-later.json").meta.contact.phone == "0795"

    resumed = new_app(tmp_path, path=killed, session=DraftSession.open(killed))
    async with resumed.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        grid = resumed.screen.grid("table3")
        assert grid._views[CELL].text == "42"
        assert grid._views[CellRef("table3", None, "new_received", "commercial")].text == "7"


async def test_no_arguments_opens_the_last_draft(tmp_path: Path) -> None:
    app = new_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.click("#start-agency")
        for char in "某县审计局":
            await pilot.press(char)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("f4", "9")
        await app.autosaver.wait_until_saved()
        path = app.session.path

    again = new_app(tmp_path)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, MainScreen)
        assert again.session.path == path.resolve()
        assert again.session.report.t3("new_received", "natural_person") == 9
        assert "已打开上次的草稿" in [n.title for n in again._notifications]


async def test_a_file_that_does_not_exist_yet_becomes_the_draft(tmp_path: Path) -> None:
    target = tmp_path / "新文件.json"
    app = new_app(tmp_path, path=target)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.click("#start-agency")
        for char in "某镇人民政府":
            await pilot.press(char)
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.path == target
    assert load_report(target).meta.agency == "某镇人民政府"


async def test_a_failed_save_is_reported_and_the_app_goes_on(tmp_path: Path) -> None:
    draft = tmp_path / "d.json"
    report = DraftSession.new_report("2021", "某县审计局", F.BodyKind.DEPARTMENT)
    app = new_app(tmp_path, session=DraftSession.create(report, draft), autosave_delay=0.01)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        draft.unlink()
        draft.mkdir()  # the file cannot be replaced any more (a folder took its name)
        await pilot.press("f4", "1")
        with pytest.raises(TimeoutError):
            await app.autosaver.wait_until_saved(timeout=1)
        await pilot.pause()
        failures = [n for n in app._notifications if n.title == "自动保存失败"]
        assert failures and str(draft) in failures[0].message
        assert app.autosaver.dirty and app.is_running
        draft.rmdir()
        await pilot.press("2")
        await app.autosaver.wait_until_saved()
    assert load_report(draft).t3("new_received", "natural_person") == 12


async def test_an_opened_file_is_not_rewritten_until_something_changes(tmp_path: Path) -> None:
    from assistant.figures import report_to_json
    from tests.helpers import zero_filled

    figures = tmp_path / "figures.json"
    text = report_to_json(zero_filled(2021)).replace("\n", "\r\n")  # as a Windows editor may have saved it
    figures.write_bytes(text.encode("utf-8"))
    app = new_app(tmp_path, path=figures, session=DraftSession.open(figures))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        assert figures.read_bytes() == text.encode("utf-8")
        await pilot.press("3")
        await app.autosaver.wait_until_saved()
    assert load_report(figures).t3("new_received", "natural_person") == 3

"""A whole clerk's session, driven by keys through the real app (Textual pilot): start a 2021-format draft,
fill 表三 so that a column does not balance, see the finding, jump to it, fix it, draft the narrative
offline, export, and read the export back."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from assistant import formats as F
from assistant.drafting.templates import TemplateDrafter
from assistant.figures import load_report
from assistant.layout import CellRef
from assistant.render import SUPPORTED_EXTENSIONS
from assistant.tui.app import ReportApp
from assistant.tui.screens.main import MainScreen
from assistant.tui.screens.start import StartScreen
from assistant.tui.widgets.findings_list import FindingsList
from assistant.tui.widgets.grid_cells import CellState

pytestmark = pytest.mark.asyncio

SIZE = (100, 30)


def notices(app: ReportApp) -> list[tuple[str, str]]:
    return [(n.title, n.message) for n in app._notifications]


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    for char in text:
        await pilot.press(char)


async def test_whole_session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = ReportApp(
        data_dir=tmp_path / "data",
        config_path=tmp_path / "config.toml",
        drafter=TemplateDrafter(),  # offline, whatever model this machine may have configured
        autosave_delay=0.05,
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # 1. No draft yet: the start screen asks for the year (format follows), kind of body, 机关全称.
        assert isinstance(app.screen, StartScreen)
        await pilot.click("#start-year")
        await pilot.press("end", *["backspace"] * 4)
        await type_text(pilot, "2021")
        assert "2021年格式" in str(app.screen.query_one("#start-format").render())
        await pilot.click("#start-agency")
        await type_text(pilot, "某县审计局")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        session = app.session
        assert session is not None
        assert session.report.version is F.FormatVersion.V2021
        assert session.report.meta.agency == "某县审计局"
        assert session.path.parent == tmp_path / "data" / "drafts" and session.path.exists()

        # 2. 表三 by keys: 一 5, 二 1, （一）予以公开 3, 四 1 for 自然人: 5 + 1 ≠ 3 + 1.
        await pilot.press("f4")
        await pilot.pause()
        grid = app.screen.grid("table3")
        assert app.focused is grid
        assert grid.cursor_ref == CellRef("table3", None, "new_received", "natural_person")
        await pilot.press("5")
        await pilot.pause()
        # The finding is there while the clerk is still typing.
        assert [f.code for f in session.column_findings("table3", "natural_person")] == ["T3-BALANCE"]
        await pilot.press("enter", "1", "enter", "3")
        await pilot.press("down", "down", "down", "down", "down", "down", "down", "down")  # down to 四
        await pilot.press("down", "down", "down", "down", "down", "down", "down", "down", "down", "down", "down")
        await pilot.press("down", "down", "down", "down")
        assert grid.cursor_ref == CellRef("table3", None, "carried_out", "natural_person")
        await pilot.press("1", "enter")
        # A typo is marked at once, and Esc puts back what the cell held.
        await pilot.press("up", "x")
        await pilot.pause()
        typo = CellRef("table3", None, "r7_total", "natural_person")
        assert grid.cursor_ref == typo  # （七）总计 is computed: typing there is refused
        assert typo not in session.invalid
        await pilot.press("tab", "tab", "tab", "tab", "tab", "tab", "tab")  # wraps to the next row
        assert grid.cursor_ref == CellRef("table3", None, "carried_out", "natural_person")
        await pilot.press("up", "up", "right", "x")
        await pilot.pause()
        bad = CellRef("table3", None, "r6_3", "commercial")
        assert bad in session.invalid
        assert grid._views[bad].state is CellState.INVALID
        await pilot.press("escape")
        await pilot.pause()
        assert bad not in session.invalid
        # The rest of 表三, 表二 and 表四: no such cases this year, 0 (one key per table).
        await pilot.press("ctrl+f", "f3", "ctrl+f", "f5", "ctrl+f")
        await pilot.pause()
        assert session.report.t3("new_received", "natural_person") == 5
        assert session.report.t3("carried_in", "natural_person") == 1
        assert session.report.t3("r1_granted", "natural_person") == 3
        assert session.report.t3("carried_out", "natural_person") == 1
        assert session.report.t3("new_received", "commercial") == 0
        assert session.completed.t3("r7_total", "natural_person") == 3  # the core's total, shown read-only

        # 3. 信息处理费 on 基本信息 (a 2021 draft must state it).
        await pilot.press("f2")
        await pilot.pause()
        app.screen.query_one("#field-fees-notices_issued").focus()
        await pilot.press("0")
        await pilot.pause()

        # 4. The finding: the only errors left are the balance of 自然人 and so of 总计.
        errors = [f for f in session.findings if f.is_error]
        assert [(f.code, f.location.column) for f in errors] == [  # type: ignore[union-attr]
            ("T3-BALANCE", "natural_person"),
            ("T3-BALANCE", "total"),
        ]
        assert errors[0].expected == "6" and errors[0].found == "4"
        await pilot.press("f7")
        await pilot.pause()
        findings_list = app.screen.query_one("#all-findings", FindingsList)
        assert app.focused is findings_list
        assert findings_list.findings[0].code == "T3-BALANCE"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#tabs").active == "table3"
        assert app.focused is grid and grid.cursor_ref is not None
        assert grid.cursor_ref.column == "natural_person"

        # 5. Fix it: （一）予以公开 was 5, not 3.
        await pilot.press("down", "down", "5", "enter")
        await pilot.pause()
        assert session.report.t3("r1_granted", "natural_person") == 5
        assert not session.has_errors
        assert "各列勾稽关系相符" in str(app.screen.query_one("#balance").render())

        # 6. The narrative, offline (the template drafter), every blank part at once.
        await pilot.press("f6", "ctrl+g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        for part in F.NARRATIVE_PARTS:
            assert (session.report.narrative_text(part.key).text or "").strip(), part.key
        assert not session.has_errors, [f.render() for f in session.findings if f.is_error]

        # 7. Export: Word when the .docx renderer is registered, else Markdown; then read it back.
        await pilot.press("f8")
        await pilot.pause()
        stem = tmp_path / "out" / "报告"
        stem.parent.mkdir()
        export_stem = app.screen.query_one("#export-stem")
        export_stem.value = str(stem)
        for ext in SUPPORTED_EXTENSIONS:
            app.screen.query_one(f"#format-{ext.lstrip('.')}").value = ext == ".md" or ext == ".docx"
        await pilot.press("ctrl+t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        exported = [m for t, m in notices(app) if t == "已导出"]
        assert exported and f"{stem}.md" in exported[0]
        await app.autosaver.wait_until_saved()

    markdown = stem.with_suffix(".md").read_text(encoding="utf-8")
    assert "某县审计局2021年政府信息公开工作年度报告" in markdown
    assert "草稿" not in markdown
    assert F.TABLE3_NEW_RECEIVED.label in markdown
    if ".docx" in SUPPORTED_EXTENSIONS:
        import docx

        document = docx.Document(io.BytesIO(stem.with_suffix(".docx").read_bytes()))
        text = "\n".join(p.text for p in document.paragraphs)
        assert "某县审计局2021年政府信息公开工作年度报告" in text
        table_text = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
        assert F.TABLE3_NEW_RECEIVED.label in table_text and "5" in table_text
    # The draft on disk is the session: the figures typed and the narrative drafted.
    saved = load_report(session.path)
    assert saved.t3("r1_granted", "natural_person") == 5
    assert saved.narrative_text("overview").text == session.report.narrative_text("overview").text


async def test_export_is_blocked_while_errors_remain_unless_marked_as_draft(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.tui.session import DraftSession

    monkeypatch.chdir(tmp_path)
    report = DraftSession.new_report("2021", "某县审计局", F.BodyKind.DEPARTMENT)
    session = DraftSession.create(report, tmp_path / "draft.json")
    app = ReportApp(
        session=session, data_dir=tmp_path / "data", config_path=tmp_path / "c.toml", drafter=TemplateDrafter()
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        button = app.screen.query_one("#export-button")
        assert button.disabled
        assert "不能导出正式稿" in str(app.screen.query_one("#export-verdict").render())
        app.screen.query_one("#export-stem").value = str(tmp_path / "草稿")
        await pilot.click("#allow-errors")
        await pilot.pause()
        assert not button.disabled
        await pilot.press("ctrl+t")
        await app.workers.wait_for_complete()
        await pilot.pause()
    written = tmp_path / "草稿.md"
    assert written.exists()
    assert "草稿（未通过校验）" in written.read_text(encoding="utf-8")


async def test_an_unwritable_export_is_a_titled_notice_not_a_crash(tmp_path: Path) -> None:
    from assistant.tui.session import DraftSession
    from tests.helpers import zero_filled

    app = ReportApp(
        session=DraftSession(zero_filled(2021), tmp_path / "d.json"),
        data_dir=tmp_path / "data",
        config_path=tmp_path / "c.toml",
        drafter=TemplateDrafter(),
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        app.screen.query_one("#export-stem").value = str(tmp_path / "no" / "such" / "folder" / "报告")
        await pilot.press("ctrl+t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        titles = [t for t, _ in notices(app)]
        assert "无法写入文件" in titles
        assert app.is_running
    assert not list((tmp_path).glob("**/报告.*"))


@pytest.mark.asyncio
async def test_starting_from_last_years_report_carries_it_over(tmp_path: Path) -> None:
    """The start screen's “沿用其基本信息新建草稿” with last year's file: the same as `new --from-previous`."""
    from assistant.figures import save_report
    from tests.helpers import set3, zero_filled

    last = zero_filled(2024, agency="某县审计局")
    set3(last, "new_received", "natural_person", 4)
    set3(last, "carried_out", "natural_person", 4)
    last.narrative.problems.text = "2024年，我局政府信息公开工作还存在解读形式单一等不足。"
    save_report(last, tmp_path / "2024.json")
    app = ReportApp(data_dir=tmp_path / "data", config_path=tmp_path / "c.toml", drafter=TemplateDrafter())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one("#start-year").value = "2025"
        app.screen.query_one("#start-source").value = str(tmp_path / "2024.json")
        await pilot.click("#start-based-on")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        report = app.session.report
    assert report.meta.year == 2025 and report.meta.agency == "某县审计局"
    assert report.t3("carried_in", "natural_person") == 4 and report.t3("new_received", "natural_person") is None
    assert report.narrative.problems.text is None
    assert report.narrative.problems.last_year == last.narrative.problems.text
    assert report.meta.previous is not None and report.meta.previous.year == 2024

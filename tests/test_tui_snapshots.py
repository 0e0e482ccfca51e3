"""SVG snapshots of the main screens at 80×24 and 120×40: they guard the look (CJK alignment, what fits where).

The house style names pytest-textual-snapshot, but its 1.1.0 pins syrupy 4.8.0, which requires pytest<9, and this
project runs pytest 9.2.0. So the snapshots are taken the way that plugin takes them (``app.export_screenshot()``
in a pilot, after the animations), normalised, and compared with ``tests/snapshots/<name>.svg``.

Everything on screen is fixed: the figures file (``tests/snapshots/figures_2021.json``), the clock, a temporary
data folder, no model (the template drafter), the terminal size; cursors do not blink and notices are cleared.

After an intended change of the look, rewrite the snapshots and look at them before committing::

    UPDATE_SNAPSHOTS=1 python -m pytest tests/test_tui_snapshots.py

A failing comparison shows the difference of the screens' text and leaves the screen it got in pytest's temporary
folder (the path is in the message), to open in a browser beside the expected one.
"""

from __future__ import annotations

import difflib
import html
import os
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import Input, TextArea

from assistant.drafting.templates import TemplateDrafter
from assistant.tui.app import ReportApp
from assistant.tui.session import DraftSession

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
FIGURES = SNAPSHOTS / "figures_2021.json"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS", "") not in ("", "0")
NOW = datetime(2022, 1, 10, 9, 30, 0)
TITLE = "report-assistant"
CELL_WIDTH = 12.2  # rich's export_svg: a terminal cell is 0.61 × the 20 px font size wide

_UNIQUE_ID = re.compile(r"\bterminal-\d+-")  # rich's export_svg prefixes every class and id with a hash
_TITLE_TEXT = re.compile(r'(<text class="terminal-title"[^>]*>)[^<]*(</text>)')
_TEXT = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
    r'clip-path="url\(#terminal-line-(\d+)\)">([^<]*)</text>'
)


def normalise(svg: str) -> str:
    """The screenshot without what changes from run to run: the hash in ids and the terminal's title."""
    svg = _UNIQUE_ID.sub("terminal-", svg)
    return _TITLE_TEXT.sub(rf"\g<1>{TITLE}\g<2>", svg)


def screen_text(svg: str) -> list[str]:
    """The characters of a normalised screenshot, line by line, each at its column (for a readable difference)."""
    lines: dict[int, list[tuple[int, str]]] = {}
    for x, line, text in _TEXT.findall(svg):
        column = round(float(x) / CELL_WIDTH)
        lines.setdefault(int(line), []).append((column, html.unescape(text).replace("\xa0", " ")))
    screen = []
    for n in range(max(lines, default=-1) + 1):
        row = ""
        for column, text in sorted(lines.get(n, [])):
            row += " " * max(0, column - cell_len(row)) + text
        screen.append(row.rstrip())
    return screen


def assert_matches_snapshot(name: str, svg: str, tmp_path: Path) -> None:
    expected_file = SNAPSHOTS / f"{name}.svg"
    if UPDATE:
        expected_file.write_text(svg, encoding="utf-8")
        return
    if not expected_file.exists():
        pytest.fail(f"没有快照 {expected_file}：用 UPDATE_SNAPSHOTS=1 运行本测试生成，查看无误后提交。")
    expected = expected_file.read_text(encoding="utf-8")
    if svg == expected:
        return
    got = tmp_path / f"{name}.svg"
    got.write_text(svg, encoding="utf-8")
    diff = "\n".join(difflib.unified_diff(screen_text(expected), screen_text(svg), "expected", "got", lineterm="", n=1))
    pytest.fail(
        f"{name}: the screen differs from {expected_file.name} (got: {got}).\n"
        f"{diff or '(same characters; colours or styles differ)'}\n"
        "If the change is intended: UPDATE_SNAPSHOTS=1 python -m pytest tests/test_tui_snapshots.py"
    )


@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's NO_COLOR would turn the app monochrome (Textual reads it when an app is made)."""
    monkeypatch.delenv("NO_COLOR", raising=False)


def make_app(tmp_path: Path, *, with_draft: bool = True) -> ReportApp:
    session = None
    if with_draft:
        draft = tmp_path / "figures.json"
        shutil.copyfile(FIGURES, draft)
        session = DraftSession.open(draft)
    return ReportApp(
        session=session,
        data_dir=tmp_path / "data",
        config_path=tmp_path / "config.toml",  # absent: default keys
        drafter=TemplateDrafter(),
        clock=lambda: NOW,
    )


async def screenshot(app: ReportApp, pilot) -> str:  # type: ignore[no-untyped-def]
    app.theme = "textual-dark"  # whatever TEXTUAL_THEME says
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    for widget in app.screen.query(Input):
        widget.cursor_blink = False
    for widget in app.screen.query(TextArea):
        widget.cursor_blink = False
    app.clear_notifications()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    return normalise(app.export_screenshot(title=TITLE))


SCREENS = [
    # name, terminal size, keys pressed after the draft opens
    ("meta_80x24", (80, 24), ()),
    ("table3_80x24", (80, 24), ("f4", "down", "down")),
    ("narrative_80x24", (80, 24), ("f6",)),
    ("findings_80x24", (80, 24), ("f7",)),
    ("table3_120x40", (120, 40), ("f4", "down", "down")),
    ("narrative_120x40", (120, 40), ("f6",)),
]


@pytest.mark.asyncio
@pytest.mark.parametrize(("name", "size", "keys"), SCREENS, ids=[s[0] for s in SCREENS])
async def test_main_screen(tmp_path: Path, name: str, size: tuple[int, int], keys: tuple[str, ...]) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        svg = await screenshot(app, pilot)
    assert_matches_snapshot(name, svg, tmp_path)


@pytest.mark.asyncio
async def test_start_screen(tmp_path: Path) -> None:
    app = make_app(tmp_path, with_draft=False)
    async with app.run_test(size=(80, 24)) as pilot:
        svg = await screenshot(app, pilot)
    assert_matches_snapshot("start_80x24", svg, tmp_path)


@pytest.mark.asyncio
async def test_an_edit_shows_as_it_is_typed(tmp_path: Path) -> None:
    """表三 while a figure is typed: the cell being edited, the totals and the balance follow each key, and the
    status line says when it was saved (the fixed clock)."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f4", "down", "down", "right", "right", "7")  # （一）予以公开 / 科研机构, still editing
        await app.autosaver.wait_until_saved()
        svg = await screenshot(app, pilot)
    assert_matches_snapshot("table3_typing_80x24", svg, tmp_path)


def test_the_text_of_a_snapshot_can_be_read_back() -> None:
    """The failure message relies on it: the start screen's snapshot holds the app's own words."""
    text = "\n".join(screen_text((SNAPSHOTS / "start_80x24.svg").read_text(encoding="utf-8")))
    assert "新建草稿" in text and "机关全称" in text


@pytest.mark.asyncio
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_revise_screen_without_a_model(tmp_path: Path, size: tuple[int, int]) -> None:
    """修改 (Ctrl+E) on the opening part, no model: the instruction box disabled with the reason, the template's
    简洁 variant chosen, shown as the changes from the current text beside it."""
    from assistant.tui.screens.revise import ReviseScreen

    app = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("f6", "ctrl+e")
        for _ in range(100):
            if isinstance(app.screen, ReviseScreen) and app.screen.loaded:
                break
            await pilot.pause(0.02)
        await pilot.press("1")
        svg = await screenshot(app, pilot)
    assert_matches_snapshot(f"revise_{size[0]}x{size[1]}", svg, tmp_path)

"""The garbage collector is paused while a command starts and resumed for long-running work."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant import startup
from tests.conftest import ROOT


@pytest.fixture
def collector() -> Iterator[None]:
    """Whatever a test does, the collector is on again afterwards (pytest's own process)."""
    try:
        yield
    finally:
        startup._paused = False
        gc.enable()
        gc.unfreeze()


def test_pause_then_resume_switches_collection_back_on_and_freezes_startup(collector: None) -> None:
    startup.pause_collection()
    assert not gc.isenabled()
    made_at_startup = [[] for _ in range(100)]
    startup.resume_collection()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(made_at_startup)


def test_resume_without_pause_changes_nothing(collector: None) -> None:
    """Code that embeds the CLI (tests, other programs) keeps its own collector settings."""
    gc.disable()
    startup.resume_collection()
    assert not gc.isenabled()
    assert gc.get_freeze_count() == 0


SHOW_STATE = """
import gc, sys
from assistant.__main__ import run
import atexit
atexit.register(lambda: print("GC", gc.isenabled(), file=sys.stderr))
sys.argv = ["report-assistant", *sys.argv[1:]]
run()
"""


@pytest.mark.parametrize(
    ("args", "enabled"),
    [(["schema"], False), (["aggregate", "没有这个文件.json", "--agency", "某县", "-o", "x.json"], True)],
)
def test_the_entry_point_pauses_and_long_commands_resume(args: list[str], enabled: bool) -> None:
    """``aggregate`` (here refused for a missing file, after the collector is back on) is long-running."""
    done = subprocess.run(
        [sys.executable, "-c", SHOW_STATE, *args], cwd=ROOT, capture_output=True, text=True, encoding="utf-8"
    )
    assert f"GC {enabled}" in done.stderr, done.stderr


@pytest.mark.asyncio
@pytest.mark.parametrize("with_draft", [True, False], ids=["main screen", "start screen"])
async def test_the_ui_resumes_collection_once_its_first_screen_is_up(
    collector: None, tmp_path: Path, with_draft: bool
) -> None:
    from assistant.drafting.templates import TemplateDrafter
    from assistant.tui.app import ReportApp
    from assistant.tui.session import DraftSession
    from tests.helpers import zero_filled

    session = DraftSession(zero_filled(2021), tmp_path / "d.json") if with_draft else None
    startup.pause_collection()
    app = ReportApp(
        session=session, data_dir=tmp_path / "data", config_path=tmp_path / "c.toml", drafter=TemplateDrafter()
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0

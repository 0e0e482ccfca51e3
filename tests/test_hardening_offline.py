"""Offline means offline: with every network socket made to fail, the whole offline pipeline — new, validate,
--from-json --offline to every format, import and check of published reports, new from last year's report —
and a terminal-UI session without a model (drafting and exporting) run and succeed, and none of them even
tries to open a connection (an attempt that some code caught and survived would still be recorded here).

Stricter than the autouse guard of conftest.py, which lets connections to 127.0.0.1 through: here no socket
of any Internet family can be created, no name can be resolved, and asyncio cannot open a connection or a
datagram endpoint. Only ``socket.socketpair`` (an AF_UNIX pair inside the process, which asyncio's event loop
uses to wake itself) still works: it reaches nothing outside the process.
"""

from __future__ import annotations

import asyncio
import io
import os
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant import cli
from assistant import formats as F
from assistant.importing.commands import check_command, import_command, new_from_previous_command
from tests.conftest import DATA, ROOT, SAMPLES

EXAMPLE = SAMPLES / "example_2021_county_bureau"
SEED = SAMPLES / "seed_2020_shanggao_audit"
CONFIGURED_MODEL = {  # a model is configured: --offline must still open nothing
    "REPORT_ASSISTANT_MODEL": "openai:qwen2.5-72b-instruct",
    "REPORT_ASSISTANT_BASE_URL": "http://10.1.2.3:8000/v1",
    "REPORT_ASSISTANT_API_KEY": "sk-offline-test-never-used",
}


class SocketAttempt(AssertionError):
    """Code under test tried to use the network."""


class NoSockets:
    """Every way to the network fails, and every attempt is recorded."""

    def __init__(self) -> None:
        self.attempts: list[str] = []

    def refuse(self, what: str) -> SocketAttempt:
        self.attempts.append(what)
        return SocketAttempt(f"offline test: {what}")


@pytest.fixture
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> Iterator[NoSockets]:
    guard = NoSockets()
    real_socket = socket.socket

    class RefusingSocket(real_socket):  # type: ignore[misc, valid-type]
        def __init__(self, family: int = -1, type: int = -1, proto: int = -1, fileno: int | None = None) -> None:
            if fileno is None and family != getattr(socket, "AF_UNIX", object()):
                raise guard.refuse(f"socket.socket(family={family})")
            super().__init__(family, type, proto, fileno)

        def connect(self, address: object) -> None:
            raise guard.refuse(f"connect({address!r})")

        def connect_ex(self, address: object) -> int:
            raise guard.refuse(f"connect_ex({address!r})")

        def sendto(self, *args: object) -> int:
            raise guard.refuse("sendto")

    def refused(name: str):  # type: ignore[no-untyped-def]
        def fail(*args: object, **kwargs: object) -> None:
            raise guard.refuse(f"{name}{args[:2]!r}")

        return fail

    async def refused_async(self: object, *args: object, **kwargs: object) -> None:
        raise guard.refuse(f"asyncio create_connection{args[:2]!r}")

    monkeypatch.setattr(socket, "socket", RefusingSocket)
    for name in ("create_connection", "create_server", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, refused(f"socket.{name}"))
    for name in ("create_connection", "create_datagram_endpoint", "getaddrinfo", "create_server"):
        monkeypatch.setattr(asyncio.BaseEventLoop, name, refused_async)
    yield guard
    assert guard.attempts == [], guard.attempts


@pytest.fixture
def configured_model(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith(("REPORT_ASSISTANT_", "OPENAI_")):
            monkeypatch.delenv(name)
    for name, value in CONFIGURED_MODEL.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("REPORT_ASSISTANT_CONFIG", str(tmp_path / "missing-config.toml"))


def test_the_guard_refuses_and_records(no_sockets: NoSockets) -> None:
    with pytest.raises(SocketAttempt):
        socket.create_connection(("127.0.0.1", 9))
    with pytest.raises(SocketAttempt):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    assert len(no_sockets.attempts) == 2
    no_sockets.attempts.clear()  # the fixture fails a test that left any attempt behind
    a, b = socket.socketpair()  # what an event loop needs to wake itself, inside the process
    a.close()
    b.close()


def test_the_whole_offline_pipeline_with_no_sockets(
    no_sockets: NoSockets, configured_model: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blank = tmp_path / "blank.json"
    assert cli.main(["new", "--year", "2026", "--agency", "某县审计局", "-o", str(blank)]) == 0
    assert cli.main(["validate", str(blank)]) == 1  # blank cells are errors in a draft
    assert cli.main(["validate", str(EXAMPLE / "figures.json"), "--json"]) == 0
    out = tmp_path / "报告"
    arguments = ["--from-json", str(EXAMPLE / "figures.json"), "--offline", "--format", "docx,html,md,txt", "-o"]
    assert cli.main([*arguments, str(out)]) == 0
    for suffix in (".docx", ".html", ".md", ".txt"):
        assert out.with_suffix(suffix).stat().st_size > 1000
    assert cli.main(["--from-json", str(SEED / "figures.json"), "--offline"]) == 0  # Markdown to the screen
    imported = []
    sources = [SEED / "report.docx", SEED / "report.html", EXAMPLE / "report.txt"]
    sources += [DATA / "corpus" / "04_hongzequrenminzhengfu_2024.pdf"]
    for number, source in enumerate(sources):
        target = tmp_path / f"imported-{number}.json"
        assert import_command(str(source), str(target), out=io.StringIO(), err=io.StringIO()) == 0, source
        assert cli.main(["validate", str(target)]) in (0, 1)
        imported.append(target)
        assert check_command(str(source), out=io.StringIO(), err=io.StringIO()) in (0, 1)
    following = tmp_path / "next.json"
    assert new_from_previous_command(str(SEED / "report.docx"), 2021, str(following), out=io.StringIO()) == 0
    assert cli.main(["validate", str(following)]) == 1  # this year's figures are still blank
    assert _cli_commands_offline(tmp_path) == []
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err


def _cli_commands_offline(folder: Path) -> list[tuple[list[str], int]]:
    """The command line's other offline commands, where this version has them; the runs that failed."""
    parser_commands = set()
    for action in cli.build_parser()._actions:
        parser_commands.update(getattr(action, "choices", None) or {})
    runs = {
        "import": ["import", str(SEED / "report.html"), "-o", str(folder / "cli-imported.json")],
        "check": ["check", str(EXAMPLE / "report.docx")],
        "batch": [
            *("batch", str(EXAMPLE / "figures.json"), str(SEED / "report.txt")),
            *("-o", str(folder / "batch"), "-j", "1", "--format", "md,docx"),
        ],
        "aggregate": [
            *("aggregate", str(EXAMPLE / "figures.json"), "--agency", "某县人民政府"),
            *("-o", str(folder / "aggregate.json")),
        ],
    }
    failed = []
    for command, arguments in runs.items():
        if command in parser_commands:
            code = cli.main(arguments)
            if code not in (0, 1):
                failed.append((arguments, code))
    following = ["new", "--from-previous", str(SEED / "report.docx"), "--year", "2021", "-o", str(folder / "n.json")]
    if "new" in parser_commands and cli.main(following) not in (0, 1):
        failed.append((following, -1))
    return failed


def test_offline_drafting_with_a_model_configured_opens_nothing(no_sockets: NoSockets, configured_model: None) -> None:
    from assistant.drafting.select import draft_report, make_drafter
    from assistant.drafting.templates import TemplateDrafter
    from assistant.settings import load_settings
    from tests.helpers import zero_filled

    settings = load_settings()
    assert settings.model == CONFIGURED_MODEL["REPORT_ASSISTANT_MODEL"]
    assert isinstance(make_drafter(settings, offline=True), TemplateDrafter)
    _, drafted, fallbacks = draft_report(zero_filled(2025), settings, offline=True)
    assert len(drafted) == len(F.NARRATIVE_PARTS) and fallbacks == []


def test_the_command_line_in_a_fresh_interpreter_with_no_sockets(tmp_path: Path) -> None:
    """Import time included: nothing the CLI loads opens a connection, with a model configured."""
    script = textwrap.dedent(
        """
        import socket, sys
        def refuse(*args, **kwargs):
            raise SystemExit("a socket was opened: %r" % (args,))
        class Refusing(socket.socket):
            def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
                if fileno is None and family != socket.AF_UNIX:
                    refuse(family)
                super().__init__(family, type, proto, fileno)
        socket.socket = Refusing
        socket.create_connection = socket.getaddrinfo = refuse
        from assistant import cli
        code = cli.main(sys.argv[1:])
        heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("langchain", "langchain_core", "openai", "httpx"))
        print(code, heavy)
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORT_ASSISTANT_")}
    env.update(CONFIGURED_MODEL, REPORT_ASSISTANT_CONFIG=str(tmp_path / "absent.toml"), PYTHONPATH=str(ROOT))
    figures = EXAMPLE / "figures.json"
    out = tmp_path / "r"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            "--from-json",
            str(figures),
            "--offline",
            "--format",
            "docx,html",
            "-o",
            str(out),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0 []"
    assert out.with_suffix(".docx").exists() and out.with_suffix(".html").exists()


@pytest.mark.asyncio
async def test_a_tui_session_without_a_model_with_no_sockets(
    no_sockets: NoSockets, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No model configured (the config file does not exist): the app chooses the templates itself, drafts,
    checks and exports, and never touches the network."""
    from assistant.tui.app import ReportApp
    from assistant.tui.session import DraftSession
    from tests.helpers import zero_filled

    for name in list(os.environ):
        if name.startswith(("REPORT_ASSISTANT_", "OPENAI_")):
            monkeypatch.delenv(name)
    missing = tmp_path / "no-such-config.toml"
    # ReportApp's config_path is read for the keymap; the model settings come from REPORT_ASSISTANT_CONFIG.
    monkeypatch.setenv("REPORT_ASSISTANT_CONFIG", str(missing))
    monkeypatch.chdir(tmp_path)
    session = DraftSession(zero_filled(2021, agency="某县审计局"), tmp_path / "data" / "drafts" / "d.json")
    app = ReportApp(session=session, data_dir=tmp_path / "data", config_path=missing, autosave_delay=0.05)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f6", "ctrl+g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.drafters.problem is None
        for part in F.NARRATIVE_PARTS:
            assert (session.report.narrative_text(part.key).text or "").strip(), part.key
        await pilot.press("f8")
        await pilot.pause()
        stem = tmp_path / "报告"
        app.screen.query_one("#export-stem").value = str(stem)
        for ext in (".docx", ".html", ".md", ".txt"):
            app.screen.query_one(f"#format-{ext.lstrip('.')}").value = True
        await pilot.press("ctrl+t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.autosaver.wait_until_saved()
    for ext in (".docx", ".html", ".md", ".txt"):
        assert stem.with_suffix(ext).exists(), ext
    assert session.path.exists()

"""Secrets: a configured key never appears in any output, autosave, log record, error message or traceback,
and an endpoint without a key of its own never receives another endpoint's key — also when the server is
hostile (echoes the key back in its error and its headers, redirects to another address) and when every
library logs at DEBUG.

Complements tests/test_settings.py and tests/test_drafting_model.py (the ordinary paths).
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from assistant import formats as F
from assistant.drafting.select import draft_report
from assistant.figures import report_to_json
from assistant.model import ReportBase, with_computed_totals
from assistant.pipeline import BuildResult, render_outputs
from assistant.settings import KEYLESS_PLACEHOLDER, SettingsError, load_settings, redact
from tests.conftest import ROOT
from tests.helpers import set3, zero_filled
from tests.openai_server import OpenAIServer, Reply

KEY = "sk-hardening-TOP-SECRET-4242424242"
OTHER_KEY = "sk-other-endpoint-SECRET-777"
ENV_KEY = "sk-from-the-environment-SECRET-999"
MODEL = "openai:test-model"
GOOD = "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，扎实做好政府信息公开各项工作，不断提升工作质量。"


@pytest.fixture(autouse=True)
def clean_environment(no_model_settings: Path) -> None:
    """See tests/conftest.py: no model setting of this machine leaks in."""


@pytest.fixture
def report() -> ReportBase:
    built = zero_filled(2025, agency="桐溪县审计局")
    set3(built, "new_received", "natural_person", 2)
    set3(built, "r1_granted", "natural_person", 2)
    return with_computed_totals(built)


class _Hostile(BaseHTTPRequestHandler):
    """A model server that echoes the Authorization header back: in its error body, in its response headers
    (x-request-id, which the OpenAI client logs) and in its status line; or redirects elsewhere."""

    server: HostileServer  # type: ignore[assignment]
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return None

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        self.rfile.read(length)
        auth = self.headers.get("authorization", "")
        self.server.seen.append(auth)
        if self.server.redirect_to:
            self.send_response(307)
            self.send_header("location", self.server.redirect_to + "/chat/completions")
            self.send_header("content-length", "0")
            self.end_headers()
            return
        body = json.dumps({"error": {"message": f"bad key {auth}", "type": "auth", "code": auth}}).encode()
        self.send_response(self.server.status, f"Unauthorized {auth}")
        self.send_header("content-type", "application/json")
        self.send_header("x-request-id", auth)
        self.send_header("www-authenticate", auth)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class HostileServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, status: int = 401, redirect_to: str | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _Hostile)
        self.status = status
        self.redirect_to = redirect_to
        self.seen: list[str] = []
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "openai", "langchain", "langchain_core", "langchain_openai", "asyncio"):
        caplog.set_level(logging.DEBUG, logger=name)
    yield caplog


def _logged(caplog: pytest.LogCaptureFixture) -> str:
    parts = []
    for record in caplog.records:
        parts += [record.getMessage(), repr(record.args), record.exc_text or ""]
        if record.exc_info and record.exc_info[1] is not None:
            parts.append(str(record.exc_info[1]))
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------------------------
# Bad key values


@pytest.mark.parametrize(
    "bad_key",
    [f"{KEY}\nX-Injected: 1", f"{KEY} trailing", f"{KEY}中文", f"{KEY}\x00", f"\t{KEY}\r"],
    ids=["newline", "space", "chinese", "nul", "tab-cr"],
)
def test_a_bad_key_value_is_refused_without_being_shown(bad_key: str, tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(model=MODEL, api_key=bad_key)
    assert "api_key" in str(caught.value) and KEY not in str(caught.value) and "密钥" in str(caught.value)
    config = tmp_path / "config.toml"
    config.write_text(f'model = "{MODEL}"\napi_key = {json.dumps(bad_key)}\n', encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(config)
    assert KEY not in str(caught.value) and str(config) in str(caught.value)
    config.write_text(f'model = "{MODEL}"\n[endpoints]\n"http://10.0.0.1/v1" = {json.dumps(bad_key)}\n', "utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(config)
    assert KEY not in str(caught.value) and "endpoints" in str(caught.value)


def test_a_key_of_another_type_or_next_to_a_bad_setting_is_not_shown(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'model = "{MODEL}"\napi_key = "{KEY}"\ntimeout = "{KEY}"\nretries = -1\n', encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(config)
    assert KEY not in str(caught.value) and "timeout" in str(caught.value)
    config.write_text(f'model = "{MODEL}"\napi_key = 12345\n', encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(config)
    assert "12345" not in str(caught.value)
    config.write_text(f'model = "{MODEL}"\napi_key = "{KEY}\n', encoding="utf-8")  # broken TOML on the key's line
    with pytest.raises(SettingsError) as caught:
        load_settings(config)
    assert KEY not in str(caught.value)


# ---------------------------------------------------------------------------------------------------------
# A hostile server, everything logged at DEBUG


@pytest.mark.parametrize("status", [401, 500, 429])
def test_a_server_echoing_the_key_gets_it_nowhere_else(
    status: int, report: ReportBase, debug_logs: pytest.LogCaptureFixture, tmp_path: Path, capsys: Any
) -> None:
    with HostileServer(status) as server:
        settings = load_settings(model=MODEL, base_url=server.base_url, api_key=KEY, timeout=10, retries=0)
        outcome = draft_report(report, settings, offline=False)
    assert server.seen and set(server.seen) == {f"Bearer {KEY}"}  # it was sent there, and only there
    assert len(outcome.fallbacks) == len(F.NARRATIVE_PARTS)
    for fallback in outcome.fallbacks:
        assert KEY not in fallback.reason and f"HTTP {status}" in fallback.reason
    logged = _logged(debug_logs)
    assert debug_logs.records and KEY not in logged
    outputs = [tmp_path / f"r{ext}" for ext in (".md", ".txt", ".html", ".docx")]
    render_outputs(BuildResult(outcome.report, []), outputs, allow_errors=True)
    (tmp_path / "draft.json").write_text(report_to_json(outcome.report), encoding="utf-8")
    for path in [*outputs, tmp_path / "draft.json"]:
        assert KEY.encode() not in path.read_bytes()
    printed = capsys.readouterr()
    assert KEY not in printed.out + printed.err


def test_a_redirect_to_another_address_does_not_carry_the_key(report: ReportBase) -> None:
    with OpenAIServer(lambda request: Reply(GOOD)) as elsewhere, HostileServer(redirect_to=elsewhere.base_url) as first:
        settings = load_settings(model=MODEL, base_url=first.base_url, api_key=KEY, timeout=10, retries=0)
        draft_report(report, settings, offline=False)
    assert first.seen and set(first.seen) == {f"Bearer {KEY}"}
    for request in elsewhere.requests:  # followed or not, the key stays with the address it belongs to
        assert all(KEY not in value for value in request.headers.values())


def test_each_address_gets_its_own_key_or_none(report: ReportBase, tmp_path: Path, monkeypatch: Any) -> None:
    """The key of the configured address, a key from [endpoints], an address with none, the official address's
    key, and the provider's environment variables (OPENAI_API_KEY, OPENAI_BASE_URL) that must not interfere."""
    with (
        OpenAIServer(lambda r: Reply(GOOD)) as configured,
        OpenAIServer(lambda r: Reply(GOOD)) as listed,
        OpenAIServer(lambda r: Reply(GOOD)) as keyless,
        OpenAIServer(lambda r: Reply(GOOD)) as env_target,
    ):
        monkeypatch.setenv("OPENAI_API_KEY", ENV_KEY)
        monkeypatch.setenv("OPENAI_BASE_URL", env_target.base_url)
        config = tmp_path / "config.toml"
        config.write_text(
            f'model = "{MODEL}"\nbase_url = "{configured.base_url}"\napi_key = "{KEY}"\ntimeout = 10\nretries = 0\n'
            f'[endpoints]\n"{listed.base_url}/" = "{OTHER_KEY}"\n',
            encoding="utf-8",
        )
        settings = load_settings(config)
        for target in (configured, listed, keyless):
            draft_report(report, settings.with_overrides(base_url=target.base_url), offline=False)
        official = load_settings(model=MODEL, api_key=KEY, timeout=10, retries=0)  # bound to api.openai.com
        draft_report(report, official.with_overrides(base_url=keyless.base_url), offline=False)
    expected = {
        "configured": (configured, f"Bearer {KEY}"),
        "listed": (listed, f"Bearer {OTHER_KEY}"),
        "keyless": (keyless, f"Bearer {KEYLESS_PLACEHOLDER}"),
    }
    for name, (server, authorization) in expected.items():
        assert server.requests, name
        assert {r.headers.get("authorization") for r in server.requests} == {authorization}, name
    assert env_target.requests == []


# ---------------------------------------------------------------------------------------------------------
# Whatever the process prints


def test_redact_replaces_every_registered_key() -> None:
    from assistant.settings import register_secret

    register_secret(KEY)
    assert redact(f"Authorization: Bearer {KEY}; again {KEY}") == "Authorization: Bearer **********; again **********"
    assert redact("nothing secret") == "nothing secret"


def test_debug_tracebacks_logs_and_thread_errors_never_show_the_key(tmp_path: Path) -> None:
    """In a fresh interpreter with REPORT_ASSISTANT_DEBUG and logging to stderr at DEBUG: once the chat model
    is built, an uncaught exception whose text holds the key (as an HTTP library's error about a header
    would), a log record holding it, and an exception in a thread print ``**********`` instead."""
    script = textwrap.dedent(
        """
        import logging, os, threading
        logging.basicConfig(level=logging.DEBUG)
        from assistant.drafting.select import make_drafter
        from assistant.settings import load_settings
        key = os.environ["REPORT_ASSISTANT_API_KEY"]
        drafter = make_drafter(load_settings(), offline=False)
        print(repr(drafter), drafter.settings, drafter.settings.describe())
        logging.getLogger("httpx").debug("request headers: %s", {"authorization": "Bearer " + key})
        try:
            raise ValueError("header value " + key)
        except ValueError:
            logging.getLogger("openai").exception("request failed")
        worker = threading.Thread(target=lambda: (_ for _ in ()).throw(RuntimeError("in a thread " + key)))
        worker.start()
        worker.join()
        raise RuntimeError("Illegal header value b'Bearer " + key + "'")
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REPORT_ASSISTANT_", "OPENAI_"))}
    env.update(
        REPORT_ASSISTANT_MODEL=MODEL,
        REPORT_ASSISTANT_BASE_URL="http://127.0.0.1:9/v1",
        REPORT_ASSISTANT_API_KEY=KEY,
        REPORT_ASSISTANT_CONFIG=str(tmp_path / "absent.toml"),
        REPORT_ASSISTANT_DEBUG="1",
        PYTHONPATH=str(ROOT),
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    printed = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Illegal header value b'Bearer **********'" in result.stderr
    assert "in a thread **********" in result.stderr and "header value **********" in result.stderr
    assert "request headers: {'authorization': 'Bearer **********'}" in result.stderr
    assert KEY not in printed


def test_the_command_line_never_prints_the_key(tmp_path: Path) -> None:
    """Every command, good input and bad, with the key configured and REPORT_ASSISTANT_DEBUG set (one fresh
    interpreter running them in turn)."""
    figures = tmp_path / "figures.json"
    figures.write_text(report_to_json(zero_filled(2025)), encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text('{"meta": {"year": "x"}}', encoding="utf-8")
    runs = [
        ["--from-json", str(figures), "-o", str(tmp_path / "r.md")],
        ["--from-json", str(figures), "--offline", "-o", str(tmp_path / "o.md")],
        ["--from-json", str(figures)],
        ["validate", str(figures)],
        ["validate", str(broken)],
        ["new", "--year", "2026"],
        ["--help"],
    ]
    script = textwrap.dedent(
        """
        import json, sys
        from assistant import cli
        for arguments in json.loads(sys.argv[1]):
            try:
                code = cli.main(arguments)
            except SystemExit as stop:
                code = stop.code
            print("exit", code, file=sys.stderr)
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REPORT_ASSISTANT_", "OPENAI_"))}
    config = tmp_path / "config.toml"
    config.write_text(
        f'model = "{MODEL}"\nbase_url = "http://127.0.0.1:9/v1"\napi_key = "{KEY}"\nretries = 0\ntimeout = 5\n', "utf-8"
    )  # nothing listens on port 9: drafting falls back at once
    env.update(REPORT_ASSISTANT_CONFIG=str(config), REPORT_ASSISTANT_DEBUG="1", PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", script, json.dumps(runs)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    codes = re.findall(r"^exit (\S+)$", result.stderr, re.M)
    assert len(codes) == len(runs) and set(codes) <= {"0", "1", "2"}, result.stderr
    assert KEY not in result.stdout + result.stderr
    for path in tmp_path.iterdir():
        if path.name != "config.toml":
            assert KEY.encode() not in path.read_bytes(), path

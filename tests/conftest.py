"""Shared fixtures. No test may reach beyond this machine: any connection to a non-loopback address fails."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SAMPLES = ROOT / "sample_reports"


class NetworkAccessError(AssertionError):
    """A test tried to reach the network (a real model, a web page): that is never allowed."""


def _is_loopback(address: object) -> bool:
    if isinstance(address, str | bytes):  # AF_UNIX paths are local
        return True
    if not (isinstance(address, tuple) and address):
        return False
    host = str(address[0])
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded_connect(self: socket.socket, address: object) -> None:
        if not _is_loopback(address):
            raise NetworkAccessError(f"test tried to connect to {address!r}: tests must stay on 127.0.0.1")
        return real_connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: object) -> int:
        if not _is_loopback(address):
            raise NetworkAccessError(f"test tried to connect to {address!r}: tests must stay on 127.0.0.1")
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)


@pytest.fixture
def no_model_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No model setting of the machine running the tests leaks in: no REPORT_ASSISTANT_*, OPENAI_*, LangSmith
    or proxy variable, and the config file is one that does not exist (returned, for a test to write)."""
    import os

    for name in list(os.environ):
        if name.startswith(("REPORT_ASSISTANT_", "OPENAI_", "LANGSMITH_", "LANGCHAIN_")) or name.lower().endswith(
            "_proxy"
        ):
            monkeypatch.delenv(name)
    config = tmp_path / "absent.toml"
    monkeypatch.setenv("REPORT_ASSISTANT_CONFIG", str(config))
    return config

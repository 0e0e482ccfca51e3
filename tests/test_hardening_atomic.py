"""Crash safety: a process killed with SIGKILL at any moment of an export, a figures-file save or an autosave
leaves every earlier file whole and readable, and the temporary files it leaves are removed by the next
write to the same file.

A forked child writes the exports (.docx .html .md .txt, through the pipeline's ``render_outputs``), the
figures file (``save_report``), the TUI's autosave (``Autosaver.save_now``) and the last-draft pointer
(``DraftStore.remember``) over and over, alternating between two versions of a report; the parent kills it
after a random few milliseconds, many times, and after each kill finds every file byte for byte equal to one
complete version.
"""

from __future__ import annotations

import io
import json
import os
import random
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from assistant.atomic import temporaries_of, write_text_atomic
from assistant.figures import load_report, report_to_json, save_report
from assistant.model import ReportBase
from assistant.pipeline import BuildResult, render_outputs
from assistant.render import build_document, renderer_for
from tests.helpers import zero_filled

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)")

# REPORT_ASSISTANT_FUZZ_SCALE=25 kills 25 times as often (the long run stated in SECURITY.md).
KILLS = 20 * max(1, int(os.environ.get("REPORT_ASSISTANT_FUZZ_SCALE", "1")))
EXPORTS = ("report.docx", "report.html", "report.md", "report.txt")


def _version(name: str) -> ReportBase:
    report = zero_filled(2025, agency=f"{name}县审计局")
    report.narrative_text("preamble").text = f"这是{name}稿。" * 50
    return report


class _App:
    """What Autosaver needs of the Textual app, for use outside one."""

    def post_message(self, message: object) -> None:
        return None

    def set_timer(self, *args: Any, **kwargs: Any) -> None:
        return None


class _Session:
    def __init__(self, path: Path, report: ReportBase) -> None:
        self.path = path
        self.report = report
        self.is_new = False

    def to_json(self) -> str:
        return report_to_json(self.report)


def _expected_bytes(report: ReportBase, folder: Path) -> dict[str, bytes]:
    document = build_document(report)
    out = {name: renderer_for(name)(document) for name in EXPORTS}  # type: ignore[misc]
    out["figures.json"] = report_to_json(report).encode("utf-8")
    out["drafts/draft.json"] = out["figures.json"]
    out["last_draft.txt"] = (str((folder / "drafts" / "draft.json").resolve()) + "\n").encode("utf-8")
    return out


def _write_forever(folder: Path, versions: list[ReportBase], ready: int, stop_at: int | None) -> None:
    """The child: every kind of write, in turn, for ever (until killed). With ``stop_at``, the child says so
    on ``ready`` when it is about to flush that (1-based) temporary file to disk, and waits there: the parent
    kills it in the middle of a write for certain."""
    import stat

    from assistant.tui.autosave import Autosaver
    from assistant.tui.storage import DraftStore

    if stop_at is not None:
        real_fsync = os.fsync
        flushed = 0

        def fsync(fd: int) -> None:
            nonlocal flushed
            if not stat.S_ISDIR(os.fstat(fd).st_mode):
                flushed += 1
                if flushed == stop_at:
                    os.write(ready, b"w")
                    time.sleep(10)
            real_fsync(fd)

        os.fsync = fsync  # type: ignore[assignment]  # this process only: it is killed before it ends
    store = DraftStore(folder)
    saver = Autosaver(_App())  # type: ignore[arg-type]
    os.write(ready, b"1")
    n = 0
    while True:
        report = versions[n % 2]
        render_outputs(BuildResult(report, []), [folder / name for name in EXPORTS], allow_errors=False)
        save_report(report, folder / "figures.json")
        saver.session = _Session(folder / "drafts" / "draft.json", report)  # type: ignore[assignment]
        saver.save_now()
        store.remember(folder / "drafts" / "draft.json")
        n += 1


def _all_files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_sigkill_during_writes_leaves_every_file_whole(tmp_path: Path) -> None:
    versions = [_version("甲"), _version("乙")]
    expected = [_expected_bytes(v, tmp_path) for v in versions]
    (tmp_path / "drafts").mkdir()
    for name, data in expected[0].items():  # the files as they were before any of the killed runs
        (tmp_path / name).write_bytes(data)
    targets = sorted(expected[0])
    rng = random.Random(9)
    started = time.perf_counter()  # one round of every write, to spread the kills over all of its steps
    render_outputs(BuildResult(versions[0], []), [tmp_path / name for name in EXPORTS], allow_errors=False)
    save_report(versions[0], tmp_path / "figures.json")
    period = time.perf_counter() - started
    killed_with_leftovers = 0  # kills that left a temporary file: each one interrupted a write
    killed: set[int] = set()
    for kill in range(KILLS):
        ready_read, ready_write = os.pipe()
        # Every other kill is in the middle of a write for certain (the n-th file written: of the 8 of a round
        # or of the next); the others at a random moment, wherever the child is.
        stop_at = rng.randint(1, 16) if kill % 2 == 0 else None
        pid = os.fork()
        if pid == 0:  # the child never returns into pytest
            try:
                os.close(ready_read)
                _write_forever(tmp_path, versions, ready_write, stop_at)
            finally:
                os._exit(0)
        os.close(ready_write)
        assert os.read(ready_read, 1) == b"1"
        if stop_at is None:
            time.sleep(rng.uniform(0, 1.5 * period))
        else:
            assert os.read(ready_read, 1) == b"w"
        os.close(ready_read)
        os.kill(pid, signal.SIGKILL)
        killed.add(pid)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        for name in targets:
            data = (tmp_path / name).read_bytes()
            assert data in (expected[0][name], expected[1][name]), f"{name} is neither version after a kill"
        leftovers = 0
        for name in targets:
            found = temporaries_of(tmp_path / name)
            assert len(found) <= 1, found  # each write removes what earlier killed writers left
            for leftover in found:
                # Named recognisably: .{target}.{pid of a killed writer}.{random}.tmp
                assert any(leftover.name.startswith(f".{Path(name).name}.{p}.") for p in killed), leftover.name
                leftovers += 1
        killed_with_leftovers += bool(leftovers)
    # Every file parses as what it is.
    assert load_report(tmp_path / "figures.json").meta.agency in ("甲县审计局", "乙县审计局")
    assert load_report(tmp_path / "drafts" / "draft.json").meta.agency in ("甲县审计局", "乙县审计局")
    import docx

    assert docx.Document(io.BytesIO((tmp_path / "report.docx").read_bytes())).paragraphs
    assert killed_with_leftovers >= KILLS // 2, "the kills that should have interrupted a write did not"
    # A rerun of each kind of write removes what the killed writers left behind.
    render_outputs(BuildResult(versions[1], []), [tmp_path / name for name in EXPORTS], allow_errors=False)
    save_report(versions[1], tmp_path / "figures.json")
    write_text_atomic(tmp_path / "drafts" / "draft.json", report_to_json(versions[1]))
    write_text_atomic(tmp_path / "last_draft.txt", "x\n")
    assert _all_files(tmp_path) == sorted(targets)


def test_a_temporary_file_of_a_running_writer_is_left_alone(tmp_path: Path) -> None:
    """Only the files of processes that no longer run are removed: a parallel writer keeps its own."""
    target = tmp_path / "figures.json"
    parent = os.getppid()  # a process that certainly runs
    theirs = tmp_path / f".figures.json.{parent}.abc123.tmp"
    theirs.write_bytes(b"{")
    ours = tmp_path / f".figures.json.{os.getpid()}.def456.tmp"
    ours.write_bytes(b"{")
    unrelated = tmp_path / ".figures.json.notapid.tmp"
    unrelated.write_bytes(b"{")
    write_text_atomic(target, json.dumps({"a": 1}))
    assert theirs.exists() and ours.exists() and unrelated.exists()
    assert json.loads(target.read_text(encoding="utf-8")) == {"a": 1}


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("旧", encoding="utf-8")

    class Boom(Exception):
        pass

    from assistant import atomic

    def fill(handle: Any) -> None:
        handle.write("新".encode())
        raise Boom

    with pytest.raises(Boom):
        atomic.write_atomic(target, fill)
    assert target.read_text(encoding="utf-8") == "旧"
    assert _all_files(tmp_path) == ["report.md"]

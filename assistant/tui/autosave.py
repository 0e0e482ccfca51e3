"""Autosave: every change reaches the draft file within a second, atomically, so a killed terminal loses nothing.

A change schedules one save ``delay`` seconds later (changes meanwhile ride along); the JSON text is taken on
the UI thread, so the file holds a state the clerk actually saw, and written by a thread worker with the core's
atomic write. One save runs at a time; a change during a save schedules the next. The worker only posts
:class:`Autosaver.DraftSaved` or :class:`Autosaver.SaveFailed`; the app shows them.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message
from textual.timer import Timer

from ..atomic import write_text_atomic

if TYPE_CHECKING:
    from textual.app import App

    from .session import DraftSession


class Autosaver:
    class DraftSaved(Message):
        def __init__(self, path: Path, generation: int, when: datetime) -> None:
            super().__init__()
            self.path = path
            self.generation = generation
            self.when = when

    class SaveFailed(Message):
        def __init__(self, path: Path, generation: int, cause: str) -> None:
            super().__init__()
            self.path = path
            self.generation = generation
            self.cause = cause

    def __init__(self, app: App, delay: float = 0.5, clock: Callable[[], datetime] = datetime.now) -> None:
        self.app = app
        self.delay = delay
        self.clock = clock  # when a save happened, as the status line shows it
        self.session: DraftSession | None = None
        self.generation = 0  # counts changes
        self.saved_generation = 0  # the last change that is on disk
        self._timer: Timer | None = None
        self._in_flight = False
        self._disk_lock = threading.Lock()  # one writer at a time, and never an older state over a newer one
        self._on_disk = 0
        self._settled = asyncio.Event()
        self._settled.set()

    @property
    def dirty(self) -> bool:
        return self.saved_generation < self.generation

    def attach(self, session: DraftSession) -> None:
        """Save ``session`` from now on; a new draft gets its file at once, an opened file only when it changes."""
        self.session = session
        if session.is_new or not session.path.exists():
            self.generation += 1
            self.save_now()
            session.is_new = False

    def changed(self) -> None:
        self.generation += 1
        self._settled.clear()
        if self._timer is None and not self._in_flight:
            self._timer = self.app.set_timer(self.delay, self._start_save, name="autosave")

    def _start_save(self) -> None:
        self._timer = None
        if self.session is None or not self.dirty:
            self._settled.set()
            return
        self._in_flight = True
        path, text, generation = self.session.path, self.session.to_json(), self.generation
        self.app.run_worker(
            lambda: self._write(path, text, generation), thread=True, group="autosave", exit_on_error=False
        )

    def _write(self, path: Path, text: str, generation: int) -> None:
        """Runs in a thread: writes, then reports by message."""
        try:
            with self._disk_lock:
                if generation > self._on_disk:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    write_text_atomic(path, text)
                    self._on_disk = generation
        except OSError as exc:
            cause = f"无法写入 {path}（{exc.strerror or exc}）；修改仍在，下次修改时会再次保存。"
            self.app.post_message(self.SaveFailed(path, generation, cause))
            return
        self.app.post_message(self.DraftSaved(path, generation, self.clock()))

    def finished(self, generation: int, *, ok: bool) -> None:
        """Called by the app when a save's message arrives."""
        self._in_flight = False
        if ok:
            self.saved_generation = max(self.saved_generation, generation)
        if self.dirty and ok:
            self._timer = self.app.set_timer(self.delay, self._start_save, name="autosave")
        else:
            self._settled.set()

    def save_now(self) -> None:
        """Write at once, on this thread (Ctrl+S, quitting, switching drafts). Raises OSError."""
        if self.session is None:
            return
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        with self._disk_lock:
            self.session.path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(self.session.path, self.session.to_json())
            self._on_disk = self.generation
        self.saved_generation = self.generation
        if not self._in_flight:
            self._settled.set()

    async def wait_until_saved(self, timeout: float = 5.0) -> None:
        """Until every change so far is on disk (for tests and for an orderly exit)."""
        async with asyncio.timeout(timeout):
            while self.dirty or self._in_flight:
                await self._settled.wait()
                if self.dirty or self._in_flight:
                    await asyncio.sleep(0)

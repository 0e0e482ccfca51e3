"""Drafting for the 叙述 tab: one async stream of updates per part, whatever the drafter.

* A drafter with an async ``draft_part(report, part, progress)`` (the model drafter) is followed through its
  progress events: each chunk as the model sends it, a restart when a draft failed the fact check and the
  model writes again, and at the end the checked text, or the template's with the reason it fell back.
* A drafter with only ``astream(report, part)`` streams its chunks as they come.
* Any other drafter (the offline templates) runs in a thread and yields its text at once.

Cancelling the task that iterates the stream cancels the drafting task, and with it the model's request.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..model import ReportBase


@dataclass(frozen=True)
class DraftUpdate:
    kind: Literal["chunk", "restart", "done"]
    text: str = ""
    note: str | None = None  # restart: the problems the model is asked to fix; done: why the template wrote it


def _update_for(event: Any) -> DraftUpdate | None:
    kind = getattr(event, "kind", None)
    if kind == "chunk":
        return DraftUpdate("chunk", event.text)
    if kind == "retry":
        return DraftUpdate("restart", note=event.text)
    return None


async def _checked_updates(drafter: Any, report: ReportBase, part: str) -> AsyncIterator[DraftUpdate]:
    events: asyncio.Queue[Any] = asyncio.Queue()
    task = asyncio.ensure_future(drafter.draft_part(report, part, events.put_nowait))
    try:
        while True:
            getter = asyncio.ensure_future(events.get())
            await asyncio.wait({getter, task}, return_when=asyncio.FIRST_COMPLETED)
            if not getter.done():
                getter.cancel()
                break
            if (update := _update_for(getter.result())) is not None:
                yield update
        while not events.empty():
            if (update := _update_for(events.get_nowait())) is not None:
                yield update
        text, fallback = task.result()
        yield DraftUpdate("done", text, getattr(fallback, "reason", None))
    finally:
        if not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def draft_updates(drafter: Any, report: ReportBase, part: str) -> AsyncIterator[DraftUpdate]:
    draft_part = getattr(drafter, "draft_part", None)
    if draft_part is not None and inspect.iscoroutinefunction(draft_part):
        async for update in _checked_updates(drafter, report, part):
            yield update
        return
    astream = getattr(drafter, "astream", None)
    if callable(astream):
        pieces = []
        async for chunk in astream(report, part):
            pieces.append(chunk)
            yield DraftUpdate("chunk", chunk)
        yield DraftUpdate("done", "".join(pieces))
        return
    yield DraftUpdate("done", await asyncio.to_thread(drafter.draft, report, part))


def choose_drafter(config_path: Path | None = None) -> tuple[Any, str | None]:
    """The drafter the settings choose (the model's, or the templates when none is configured), and, when a
    configured model cannot be used, the reason, with the templates instead. Blocking: LangChain loads here."""
    from ..drafting.select import DrafterUnavailable, make_drafter
    from ..drafting.templates import TemplateDrafter
    from ..settings import SettingsError, load_settings, redact

    try:
        return make_drafter(load_settings(config_path), offline=False), None
    except (SettingsError, DrafterUnavailable) as error:
        return TemplateDrafter(), f"{error}（本次改用离线模板起草）"
    except Exception as error:  # a model package that fails to load: say so, keep working offline
        return TemplateDrafter(), redact(f"{type(error).__name__}：{error}（本次改用离线模板起草）")


class DrafterProvider:
    """The drafter, built once on first use, off the UI thread (loading a model's packages takes a while)."""

    def __init__(self, drafter: Any = None, *, config_path: Path | None = None) -> None:
        self._drafter = drafter
        self._config_path = config_path
        self.problem: str | None = None
        self._lock = threading.Lock()

    @property
    def ready(self) -> bool:
        return self._drafter is not None

    def get(self) -> Any:
        """Blocking: call from a thread worker."""
        with self._lock:
            if self._drafter is None:
                self._drafter, self.problem = choose_drafter(self._config_path)
            return self._drafter

    async def aget(self) -> Any:
        if self._drafter is not None:
            return self._drafter
        return await asyncio.to_thread(self.get)


NO_MODEL = "没有配置模型，不能按文字要求修改（配置方法见 README“用大模型起草”）。"


def choose_reviser(config_path: Path | None = None) -> tuple[Any, str | None]:
    """The model reviser the settings choose, or None and the reason (no model configured, or it cannot be
    used); the revise screen then offers the template's variants. Blocking: LangChain loads here."""
    from ..drafting.select import DrafterUnavailable, check_model_packages
    from ..settings import SettingsError, load_settings, redact

    try:
        settings = load_settings(config_path)
        if not settings.model:
            return None, NO_MODEL
        check_model_packages(settings)
        from ..drafting.revise import Reviser  # loads LangChain: only with a model configured

        return Reviser(settings), None
    except (SettingsError, DrafterUnavailable) as error:
        return None, f"配置的模型无法使用：{error}"
    except Exception as error:  # a model package that fails to load: say so, keep the offline variants
        return None, redact(f"配置的模型无法使用：{type(error).__name__}：{error}")


class ReviserProvider:
    """The reviser, built once on first use, off the UI thread. Given one (a test's fake model), that one;
    with ``from_settings`` false and none given, no model: only the template's variants."""

    def __init__(self, reviser: Any = None, *, from_settings: bool = True, config_path: Path | None = None) -> None:
        self._reviser = reviser
        self._config_path = config_path
        self._chosen = reviser is not None or not from_settings
        self.problem: str | None = None if reviser is not None or from_settings else NO_MODEL
        self._lock = threading.Lock()

    @property
    def ready(self) -> bool:
        return self._chosen

    def get(self) -> Any:
        """The reviser, or None (see :attr:`problem`). Blocking: call from a thread worker."""
        with self._lock:
            if not self._chosen:
                self._reviser, self.problem = choose_reviser(self._config_path)
                self._chosen = True
            return self._reviser

    async def aget(self) -> Any:
        if self._chosen:
            return self._reviser
        return await asyncio.to_thread(self.get)

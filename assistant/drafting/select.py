"""Choosing the drafter, and the one call the CLI and the TUI make to draft a report.

:func:`make_drafter` gives the offline :class:`~assistant.drafting.templates.TemplateDrafter` when ``offline``
is set or no model is configured (without importing LangChain, and without opening any socket), and the
:class:`~assistant.drafting.model.ModelDrafter` otherwise. :func:`draft_report` drafts every blank part with
it and says who wrote what and which parts fell back to the template, and why.

This module imports no LangChain: the model drafter's module is imported inside :func:`make_drafter`, only
when a model is configured.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, NamedTuple

from .. import formats as F
from ..model import ReportBase
from . import DraftedPart, Drafter, draft_missing
from .templates import TemplateDrafter

if TYPE_CHECKING:
    from ..settings import Settings
    from .model import ModelDrafter


class DrafterUnavailable(RuntimeError):
    """A model is configured but cannot be used here; the message (Chinese) says what to install."""


@dataclass(frozen=True)
class Fallback:
    """A part the model did not write: the template did, for ``reason`` (Chinese, shown to the clerk)."""

    part: str
    reason: str

    @property
    def label(self) -> str:
        return F.NARRATIVE_PART_BY_KEY[self.part].label


EventKind = Literal["started", "chunk", "retry", "drafted", "fallback"]


@dataclass(frozen=True)
class DraftEvent:
    """Progress of one part: ``started``; each ``chunk`` as it arrives; ``retry`` (text: the problems found);
    and the end, ``drafted`` (text: the final text) or ``fallback`` (text: the reason)."""

    part: str
    kind: EventKind
    text: str = ""
    attempt: int = 1

    @property
    def label(self) -> str:
        return F.NARRATIVE_PART_BY_KEY[self.part].label


ProgressCallback = Callable[[DraftEvent], None]


class DraftOutcome(NamedTuple):
    """A copy of the report with the blank parts drafted; who wrote each part; the parts that fell back."""

    report: ReportBase
    drafted: list[DraftedPart]
    fallbacks: list[Fallback]


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def check_model_packages(settings: Settings) -> None:
    """Raise :class:`DrafterUnavailable` naming the pip package when the provider's LangChain is missing."""
    from ..settings import provider_package

    provider = settings.provider or ""
    if not _installed("langchain"):
        raise DrafterUnavailable(
            "要用模型起草，需要先安装 LangChain：pip install langchain（也可以用 --offline 改用离线模板起草）。"
        )
    package = provider_package(provider)
    if not _installed(package.replace("-", "_")):
        raise DrafterUnavailable(
            f"要使用 {provider} 提供的模型，需要先安装它的 LangChain 接入包：pip install {package}"
            "（也可以用 --offline 改用离线模板起草）。"
        )


def make_drafter(settings: Settings | None, *, offline: bool) -> Drafter:
    """The template drafter when ``offline`` or no model is configured, else the model drafter."""
    if offline or settings is None or not settings.model:
        return TemplateDrafter()
    check_model_packages(settings)
    from .model import ModelDrafter  # loads LangChain: only here, only with a model configured

    return ModelDrafter(settings)


def _template_outcome(report: ReportBase, progress: ProgressCallback | None) -> DraftOutcome:
    drafted_report, drafted = draft_missing(report, TemplateDrafter())
    if progress is not None:
        for part in drafted:
            progress(DraftEvent(part.part, "started"))
            progress(DraftEvent(part.part, "drafted", part.text))
    return DraftOutcome(drafted_report, drafted, [])


async def adraft_report(
    report: ReportBase,
    settings: Settings | None,
    *,
    offline: bool,
    progress: ProgressCallback | None = None,
    parts: Sequence[str] | None = None,
    drafter: ModelDrafter | None = None,
) -> DraftOutcome:
    """:func:`draft_report` for a caller that already runs an event loop (the TUI). ``drafter`` lets a caller
    (or a test) supply a ModelDrafter built around its own chat model."""
    if drafter is None:
        chosen = make_drafter(settings, offline=offline)
        if isinstance(chosen, TemplateDrafter):
            return _template_outcome(report, progress)
        drafter = chosen  # type: ignore[assignment]
    assert drafter is not None
    return await drafter.draft_all(report, parts, progress)


def draft_report(
    report: ReportBase,
    settings: Settings | None,
    *,
    offline: bool,
    progress: ProgressCallback | None = None,
) -> DraftOutcome:
    """Draft every blank narrative part of ``report``; the one call the CLI makes.

    Returns ``(report, drafted, fallbacks)``: a drafted copy of the report, who wrote each part (DraftedPart
    with the drafter's name, 模板 or 模型（…）), and the parts the model did not write, each with a Chinese
    reason. ``offline`` (or no model configured) drafts from the templates and opens no socket. Raises
    :class:`DrafterUnavailable` when a model is configured but its LangChain package is not installed.
    """
    if offline or settings is None or not settings.model:
        return _template_outcome(report, progress)
    import asyncio  # only with a model: the offline path does without the event loop's imports

    return asyncio.run(adraft_report(report, settings, offline=False, progress=progress))

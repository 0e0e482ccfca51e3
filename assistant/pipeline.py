"""The one pipeline behind every way in: figures → checks → drafting → checks → render.

Nothing here prints; the CLI and the UI show what it returns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic import write_bytes_atomic
from .checks import CheckOptions, has_errors, run_checks
from .drafting import DraftedPart, Drafter, draft_missing
from .findings import Finding
from .model import ReportBase
from .render import build_document, renderer_for

if TYPE_CHECKING:
    from .drafting.select import Fallback

#: Drafts every blank part of a report: (drafted copy, who wrote what, parts that fell back to the template).
#: ``drafting.select.draft_report`` with its settings bound is one; :func:`build` makes one from a Drafter.
DraftStep = Callable[[ReportBase], "tuple[ReportBase, list[DraftedPart], Sequence[Fallback]]"]


@dataclass
class BuildResult:
    report: ReportBase  # with the narrative drafted
    findings: list[Finding]  # of the final report
    drafted: list[DraftedPart] = field(default_factory=list)
    fallbacks: Sequence[Fallback] = ()  # parts a model was asked for and the template wrote, with the reason
    blocked_before_drafting: bool = False  # the tables had errors, so nothing was drafted

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]


def build(
    report: ReportBase, drafter: Drafter, options: CheckOptions | None = None, *, draft_on_errors: bool = False
) -> BuildResult:
    """Check the figures; if they hold (or ``draft_on_errors``), draft every blank part and check again."""
    return build_with(report, lambda r: (*draft_missing(r, drafter), ()), options, draft_on_errors=draft_on_errors)


def build_with(
    report: ReportBase, draft: DraftStep, options: CheckOptions | None = None, *, draft_on_errors: bool = False
) -> BuildResult:
    """:func:`build` with any drafting step, e.g. the concurrent model drafting of ``drafting.select``.

    Exceptions of the step (``DrafterUnavailable``) propagate: nothing has been written yet.
    """
    options = options or CheckOptions()
    first = run_checks(report, options)
    if has_errors(first) and not draft_on_errors:
        # Drafting from figures that do not add up would put wrong numbers into prose.
        return BuildResult(report, first, blocked_before_drafting=True)
    drafted, parts, fallbacks = draft(report)
    final_options = CheckOptions(**{**options.__dict__, "final": True})
    return BuildResult(drafted, run_checks(drafted, final_options), parts, fallbacks)


def render_outputs(
    result: BuildResult, outputs: list[Path], *, allow_errors: bool, html_fragment: bool = False
) -> list[Path]:
    """Write each output atomically. With errors, write only when allowed, and then marked as a draft.

    Everything is rendered before anything is written, so a failure leaves no output half-made.
    """
    if result.errors and not allow_errors:
        return []
    error_lines = tuple(f.render() for f in result.errors)
    document = build_document(result.report, error_lines=error_lines)
    rendered = []
    for path in outputs:
        renderer = renderer_for(path, html_fragment=html_fragment)
        if renderer is None:
            raise ValueError(f"不支持的输出格式：{path}")
        rendered.append((path, renderer(document)))
    for path, data in rendered:
        write_bytes_atomic(path, data)
    return [path for path, _ in rendered]

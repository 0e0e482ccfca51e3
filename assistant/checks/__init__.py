"""The checks of ``spec/checks.md``: each check is a function from a report (and options) to findings.

Checks never change the report. :func:`run_checks` runs every check that needs only this report, on a copy
in which blank totals were computed (a given total is never overwritten, so a wrong one is still caught).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from ..findings import Finding, by_severity
from ..model import ReportBase, with_computed_totals


@dataclass(frozen=True)
class CheckOptions:
    """Settings that change what the checks report."""

    overview_max_chars: int | None = None  # LENGTH is off unless set (some provinces cap 总体情况 at 1000)
    today: date | None = None  # for DEADLINE; None: the date of the run
    # False while figures are being filled (a narrative part left blank is still to be drafted); True for the
    # report about to be written, where every section must have text.
    final: bool = False
    # Cross-year thresholds (checks/crossyear.py); None: the defaults there (0.8, fivefold, 10).
    similar_threshold: float | None = None
    jump_factor: float | None = None
    jump_minimum: int | None = None


Check = Callable[[ReportBase, CheckOptions], Iterable[Finding]]


def _all_checks() -> tuple[Check, ...]:
    from . import arithmetic, crossyear, narrative, text

    return (*arithmetic.CHECKS, *text.CHECKS, *narrative.CHECKS, *crossyear.CHECKS)


def run_checks(report: ReportBase, options: CheckOptions | None = None) -> list[Finding]:
    """Every single-report check, errors first, then warnings, then info; stable within a severity."""
    options = options or CheckOptions()
    # A draft's blank totals are the assistant's to compute; an imported report is checked as published.
    completed = report if report.meta.origin == "imported" else with_computed_totals(report)
    return by_severity(finding for check in _all_checks() for finding in check(completed, options))


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.is_error for f in findings)

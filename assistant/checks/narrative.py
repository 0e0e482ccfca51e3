"""Numbers in the narrative (spec/checks.md NARRATIVE-NUMBERS, NARRATIVE-UNVERIFIED).

Every narrative part with text is read by :mod:`assistant.grounding`: a number whose phrase names a figure of
the tables and disagrees with it is an error, and so is a statement that a figure is zero ("未发生行政复议",
"未收到政府信息公开申请", "未收取信息处理费") while the table holds more; a number that is neither a figure, a
sum of figures, a date of the reporting period, a law or document number, nor a number the clerk wrote in the
notes is a warning. Findings point at the part and the character offset of the number (or of the statement)
in that part's text as stored.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity, narrative_place
from ..grounding import NUMBERS, UNVERIFIED, ground_report
from ..model import ReportBase
from . import CheckOptions

_SEVERITY = {NUMBERS: Severity.ERROR, UNVERIFIED: Severity.WARNING}


def _findings(report: ReportBase, codes: tuple[str, ...]) -> Iterator[Finding]:
    for part, grounding in ground_report(report).items():
        for issue in grounding.issues:
            if issue.code not in codes:
                continue
            yield Finding(
                issue.code,
                _SEVERITY[issue.code],
                issue.message,
                narrative_place(part, issue.start),
                expected=issue.expected,
                found=issue.found,
            )


def check_narrative(report: ReportBase, options: CheckOptions) -> Iterator[Finding]:
    """Both codes from one reading of the text (grounding is the costly part of the checks)."""
    yield from _findings(report, (NUMBERS, UNVERIFIED))


CHECKS = (check_narrative,)

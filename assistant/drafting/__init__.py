"""Drafting the narrative parts.

The contract is :class:`Drafter`: given a report and the key of a narrative part (see
``formats.NARRATIVE_PARTS``), return the text of that part. A drafter never changes the report; the caller
decides what to keep. :func:`draft_missing` fills every part whose text is blank and says who wrote what.
The offline :class:`~assistant.drafting.templates.TemplateDrafter` is always available; model-backed drafters
(which import LangChain) live in their own module, imported only when a model is configured.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from .. import formats as F
from ..model import ReportBase


class Drafter(Protocol):
    """One small interface for every backend."""

    #: Shown to the clerk (报告说明 which parts a model or a template wrote).
    name: str

    def draft(self, report: ReportBase, part: str) -> str:
        """The text of narrative part ``part`` for ``report``; plain text, paragraphs separated by newlines."""
        ...


@dataclass(frozen=True)
class DraftedPart:
    part: str
    drafter: str
    text: str


def draft_missing(report: ReportBase, drafter: Drafter) -> tuple[ReportBase, list[DraftedPart]]:
    """A copy of ``report`` with every blank narrative part drafted; text the clerk wrote is kept as written."""
    drafted = report.model_copy(deep=True)
    done: list[DraftedPart] = []
    for part in F.NARRATIVE_PARTS:
        slot = drafted.narrative_text(part.key)
        if slot.text == "":
            continue  # an explicit empty string: the clerk left this part out on purpose
        if slot.text is None or not slot.text.strip():
            text = drafter.draft(drafted, part.key)
            slot.text = text
            done.append(DraftedPart(part.key, drafter.name, text))
    return drafted, done

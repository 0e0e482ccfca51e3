"""The list of narrative parts on the 叙述 tab, each marked with its state.

The marks: ○ no text yet, ✓ written, ✗ a finding of severity error, … being drafted. :func:`part_markers` works
them out from the draft; :class:`PartList` shows them, redrawing only when one changed.
"""

from __future__ import annotations

from collections.abc import Container

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ... import formats as F
from ..session import DraftSession


def part_title(part: F.NarrativePart) -> str:
    """How the part list names a part: its sub-heading under 一, else its label."""
    return f"  {part.heading}" if part.heading else part.label


def part_prompt(part: F.NarrativePart, marker: str = "○") -> Text:
    return Text(f"{marker} {part_title(part)}", no_wrap=True, overflow="ellipsis")


def part_markers(session: DraftSession, drafting: Container[str]) -> list[str]:
    """The mark of every part, in the order of the list; ``drafting``: the parts being drafted."""
    markers = []
    for part in F.NARRATIVE_PARTS:
        text = session.report.narrative_text(part.key).text
        if part.key in drafting:
            markers.append("…")
        elif any(f.is_error for f in session.part_findings(part.key)):
            markers.append("✗")
        else:
            markers.append("✓" if text and text.strip() else "○")
    return markers


class PartList(OptionList):
    """One option a part (its id the part's key), marked as :func:`part_markers` says."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(*[Option(part_prompt(p), id=p.key) for p in F.NARRATIVE_PARTS], id=id)
        self._markers: list[str] = []

    def show_markers(self, markers: list[str]) -> None:
        if markers == self._markers:
            return
        self._markers = markers
        for index, (part, marker) in enumerate(zip(F.NARRATIVE_PARTS, markers, strict=True)):
            self.replace_option_prompt_at_index(index, part_prompt(part, marker))

    def highlight_part(self, part: str) -> None:
        index = next(i for i, p in enumerate(F.NARRATIVE_PARTS) if p.key == part)
        if self.highlighted != index:
            self.highlighted = index

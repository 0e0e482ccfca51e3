"""One part's revision conversation, apart from the screen that shows it: the text offered, the revision
streaming in, and the facts its instructions carry until the clerk decides.

Every finished text is recorded in the part's history at once (the draft file keeps it, whatever the clerk
decides); accepting makes it the part's text. A text with problems is accepted only with ``override`` (the
screen's separate, confirmed “仍然采用”), which the core records in the version. A revision runs on a copy of the
report (its text replaced by the one being revised, with the facts of the instructions it builds on as notes). The
facts the instructions state become notes of the real draft only when the clerk accepts the revision; a rejected
one, a cancelled one, or one left undecided (Esc, or quitting) leaves the notes exactly as the clerk wrote them.
"""

from __future__ import annotations

from typing import Any

from ...drafting.variants import offline_variants
from ...model import ReportBase, Version
from ..session import DraftSession


class RevisionConversation:
    """What the revise screen of one part shows and decides on, kept in the clerk's draft through the session."""

    def __init__(self, session: DraftSession, part: str) -> None:
        self.session = session
        self.part = part
        self.candidate: Version | None = None  # the newest text offered, recorded, not yet accepted
        self.streamed: str | None = None  # while a revision streams: the text so far
        self.instruction = ""  # the instruction being carried out
        # The instructions of the revisions the candidate builds on that state facts not yet in the notes (the
        # conversation since the last decision), and those facts: the notes gain them when it is accepted.
        self.pending_instructions: list[str] = []
        self.pending_facts: list[str] = []

    @property
    def accepted_text(self) -> str:
        return self.session.report.narrative_text(self.part).text or ""

    def number(self, version: Version) -> int:
        """The version's number in the part's history, as the clerk counts them (from 1)."""
        versions = self.session.versions(self.part)
        return next((i for i, v in enumerate(versions) if v is version), len(versions) - 1) + 1

    # -- revising ----------------------------------------------------------------------------------------------

    def start(self, instruction: str) -> ReportBase:
        """Begin carrying out ``instruction``; the copy of the report for the reviser to work on."""
        # Revise the newest revision when there is one (a conversation), else the accepted text; the facts of
        # the instructions it builds on are notes of the trial, as they will be of the draft if it is accepted.
        trial = self.session.snapshot()
        trial.narrative_text(self.part).text = self.candidate.text if self.candidate is not None else self.accepted_text
        if self.candidate is not None and self.pending_instructions:
            from ...drafting.instruction import add_instruction_facts

            for earlier in self.pending_instructions:
                add_instruction_facts(trial, self.part, earlier)
        self.instruction = instruction
        self.streamed = ""
        return trial

    def add_chunk(self, chunk: str) -> bool:
        """A piece of the revision arrived; ``False`` when none streams (it arrived after a cancel)."""
        if self.streamed is None:
            return False
        self.streamed += chunk
        return True

    def stop(self) -> None:
        """The revision was cancelled or failed: nothing is recorded."""
        self.streamed = None

    def finish(self, revision: Any) -> bool:
        """The revision is complete and checked: it is recorded and offered. ``False`` when it was cancelled
        meanwhile: nothing is recorded."""
        if self.streamed is None:
            return False
        self.streamed = None
        if revision.notes_added:  # kept aside: the notes gain them only when this revision is accepted
            self.pending_instructions.append(revision.instruction)
            self.pending_facts.extend(f for f in revision.notes_added if f not in self.pending_facts)
        self.candidate = self.session.offer(
            self.part,
            revision.text,
            "revision",
            by=revision.by,
            instruction=revision.instruction,
            problems=list(revision.problems),
        )
        return True

    def offer_variant(self, name: str) -> None:
        """The template's variant ``name`` (简洁, 详细) of the part is recorded and offered."""
        text = offline_variants(self.session.report, self.part)[name]
        self._drop_pending_facts()  # a variant is written from the accepted text, not on any revision
        self.candidate = self.session.offer(self.part, text, "variant", by="模板", instruction=name)

    # -- deciding ----------------------------------------------------------------------------------------------

    def accept(self, *, override: bool = False) -> tuple[Version, list[str]]:
        """The candidate becomes the part's text, and the facts of its instructions notes of the part: the
        version and the facts added. :class:`~assistant.history.NotAcceptable`, with nothing changed, when the
        candidate has problems and there is no ``override``."""
        assert self.candidate is not None
        version = self.session.accept(self.part, self.candidate, override=override)
        added: list[str] = []
        for instruction in self.pending_instructions:
            added += self.session.add_instruction_facts(self.part, instruction)
        self.pending_instructions, self.pending_facts = [], []
        self.candidate = None
        return version, added

    def reject(self) -> tuple[int, list[str]]:
        """The candidate is not accepted (it stays in the history): its number, and the facts forgotten."""
        number, dropped = self.leave_undecided()
        self.candidate = None
        return number, dropped

    def leave_undecided(self) -> tuple[int, list[str]]:
        """The clerk leaves without deciding: the candidate's number, and the facts forgotten."""
        assert self.candidate is not None
        return self.number(self.candidate), self._drop_pending_facts()

    def _drop_pending_facts(self) -> list[str]:
        """Forget the facts of the revisions not accepted (the notes never had them); the facts forgotten."""
        facts = self.pending_facts
        self.pending_instructions, self.pending_facts = [], []
        return facts

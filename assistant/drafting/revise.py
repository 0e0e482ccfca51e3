"""Revising one narrative part on the clerk's instruction (写得更简洁一些, 补充今年开展业务培训两次的情况 …).

With a model, :class:`Reviser` sends the current text, the figures, the notes and the instruction — each as
delimited data, never as instructions to follow beyond the revision itself (``prompts/_revise.md``) — and
streams the rewritten part back. Facts typed in the instruction ("业务培训两次") first become notes of that
part (:func:`instruction_facts`), so that the model and the fact check ground them like any other note. The
revision runs on a copy of the report: the clerk's draft gains those notes only when the revision is accepted
(:func:`add_instruction_facts`, called by the ``revise`` command and the UI), so that a rejected or cancelled
revision leaves the notes exactly as the clerk wrote them. Every revision is checked
with the same :func:`~assistant.drafting.model.draft_problems` as a first draft; unlike drafting there is no
silent retry or fallback: the clerk sees the revision with its problems and decides (see
:mod:`assistant.history` for accepting, the override and undo).

The instruction cannot change which model, endpoint or file is used: the reviser is built from the settings
before any instruction exists, and the instruction only ever travels inside the ``<修改要求>`` data.

Without a model, :func:`offline_variants` (in :mod:`assistant.drafting.variants`) offers deterministic
variants from the templates. This module imports LangChain: import it only with a model configured.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from .. import formats as F
from ..model import ReportBase
from ..settings import Settings
from .instruction import add_instruction_facts
from .model import (
    PART_LENGTHS,
    _as_data,
    _render,
    _values,
    build_chat_model,
    clean_draft,
    describe_error,
    draft_problems,
)


def revise_messages(report: ReportBase, part: str, current: str, instruction: str) -> list[BaseMessage]:
    """The conversation for one revision: the system rules, then the data, the current text and the
    instruction, each between its tags."""
    values = _values(report, part)
    values.update(
        part_label=F.NARRATIVE_PART_BY_KEY[part].label,
        length=PART_LENGTHS[part],
        current=_as_data(current) or "（空）",
        instruction=_as_data(instruction),
    )
    return [SystemMessage(_render("_system", values)), HumanMessage(_render("_revise", values))]


class RevisionFailed(RuntimeError):
    """The model gave no usable revision (error, timeout, nothing); the message is Chinese."""


@dataclass
class Revision:
    """A revised text, who wrote it, and what the fact check found in it (empty: it may be accepted).

    ``notes_added``: the facts of the instruction that are not yet notes of the part; they grounded the check,
    and they become notes only when the revision is accepted."""

    part: str
    instruction: str
    text: str
    by: str
    problems: list[str] = field(default_factory=list)
    notes_added: list[str] = field(default_factory=list)


class Reviser:
    """Revises narrative parts with a chat model (built from the settings, or given, e.g. a fake in tests)."""

    def __init__(self, settings: Settings, *, chat_model: BaseChatModel | None = None) -> None:
        self.settings = settings
        label = settings.model_name or getattr(chat_model, "model_name", None) or "模型"
        self.name = f"模型（{label}）"
        self._chat = chat_model if chat_model is not None else build_chat_model(settings)

    async def astream(self, report: ReportBase, part: str, current: str, instruction: str) -> AsyncIterator[str]:
        """The revised text as the model sends it. Cancel the consuming task to stop: the request is closed."""
        async for chunk in self._chat.astream(revise_messages(report, part, current, instruction)):
            text = str(chunk.text)
            if text:
                yield text

    async def revise(
        self,
        report: ReportBase,
        part: str,
        instruction: str,
        *,
        on_chunk: Callable[[str], None] | None = None,
    ) -> Revision:
        """Revise ``part`` of ``report``. ``report`` is not changed: the instruction's facts are notes of a
        copy, and :attr:`Revision.notes_added` lists those the draft gains when the revision is accepted
        (:func:`add_instruction_facts`). Raises :class:`RevisionFailed`; CancelledError when cancelled."""
        if part not in F.NARRATIVE_PART_BY_KEY:
            raise KeyError(part)
        instruction = instruction.strip()
        if not instruction:
            raise RevisionFailed("请写明要怎样修改。")
        report = report.model_copy(deep=True)
        added = add_instruction_facts(report, part, instruction)
        current = report.narrative_text(part).text or ""
        pieces: list[str] = []
        try:
            async with asyncio.timeout(self.settings.timeout):
                async for chunk in self.astream(report, part, current, instruction):
                    pieces.append(chunk)
                    if on_chunk is not None:
                        on_chunk(chunk)
        except asyncio.CancelledError:
            raise
        except ValueError as error:
            if pieces or "No generation chunks" not in str(error):
                raise RevisionFailed(describe_error(error, self.settings.timeout)) from None
        except Exception as error:
            raise RevisionFailed(describe_error(error, self.settings.timeout)) from None
        text = clean_draft(part, "".join(pieces))
        return Revision(part, instruction, text, self.name, draft_problems(report, part, text), added)

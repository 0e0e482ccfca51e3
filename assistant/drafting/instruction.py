"""The facts a revision instruction states, and their place in the part's notes.

"补充今年开展业务培训两次的情况" states a fact with a number: when the revision it asked for is accepted (or,
later, restored), the fact becomes a note of the part, the source of that number for the checks. Kept apart from
:mod:`assistant.drafting.revise`, which loads LangChain, so that restoring a version needs no model.
"""

from __future__ import annotations

import re

from .. import history
from ..grounding import find_numbers
from ..model import ReportBase, Version
from .templates import note_items

# Verbs that open an instruction to add a fact, and endings that only say "the matter of".
_ADD_VERBS = re.compile(
    r"^(?:请|再|另外|并)?(?:补充|增加|加上|加入|添加|写上|写入|写明|注明|提到|提及|说明|加)(?:一下|一句)?[：:]?"
)
_TAIL = re.compile(r"(?:的|等)?(?:情况|内容|事项|表述|一句话?)$")
_CLAUSES = re.compile(r"[^，。；;,\n]+")
# References to the text itself (删去第二段, 把第3句改短) are editing, not facts.
_TEXT_PLACE = re.compile(r"第[一二三四五六七八九十两\d]+(?:段|句|部分|行|版|条|点|自然段)|前[一二三四五两\d]+(?:段|句)")


def instruction_facts(instruction: str) -> list[str]:
    """The facts a revision instruction states, to become notes: each clause that carries a number, with
    the verb that asks for it and the "…的情况" ending removed. 补充今年开展业务培训两次的情况 → 今年开展业务培训两次.
    """
    facts = []
    for match in _CLAUSES.finditer(instruction):
        clause = match.group(0).strip()
        if not clause or not find_numbers(_TEXT_PLACE.sub("", clause)):
            continue
        fact = _TAIL.sub("", _ADD_VERBS.sub("", clause)).strip()
        if fact and fact not in facts:
            facts.append(fact)
    return facts


def add_instruction_facts(report: ReportBase, part: str, instruction: str) -> list[str]:
    """Add the facts of ``instruction`` to the notes of ``part`` (those not there yet); returns the added."""
    slot = report.narrative_text(part)
    present = note_items(slot.notes)
    added = [fact for fact in instruction_facts(instruction) if fact not in present]
    if added:
        slot.notes = "\n".join([*(slot.notes or "").splitlines(), *added]).strip("\n")
    return added


def restore_with_facts(report: ReportBase, part: str, index: int) -> tuple[Version, list[str]]:
    """:func:`assistant.history.restore` of version ``index``; a revision's instruction facts become notes, as
    when it was accepted (one rejected then restored has them only now). The new version and the facts added."""
    old = report.narrative_text(part).history[index]
    version = history.restore(report, part, index)
    added = add_instruction_facts(report, part, old.instruction) if old.source == "revision" and old.instruction else []
    return version, added

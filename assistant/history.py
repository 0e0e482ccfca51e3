"""Versions of the narrative parts: every text a part has had, undo to any of them, and what changed.

The text of a part (``NarrativeText.text``) is always the accepted one, the one every export uses. Its
``history`` records, oldest first, each text the part has had or was offered: the template draft, model drafts,
revisions made on the clerk's instructions (accepted or not), template variants, the clerk's own edits, and
restorations of earlier versions. A revision whose fact check found problems can be accepted only with an
explicit override, and the override is recorded in the version.

Nothing here imports LangChain or Textual; the UI and the ``revise`` command call these functions.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from . import formats as F
from .model import NarrativeText, ReportBase, Version, VersionSource

#: The most versions kept per part: a clerk revising all afternoon should not grow the file without end.
#: The oldest are dropped first, except the first one (the original draft).
MAX_VERSIONS = 60


class NotAcceptable(ValueError):
    """A version with fact-check problems, accepted without the override; the message is Chinese."""


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _slot(report: ReportBase, part: str) -> NarrativeText:
    if part not in F.NARRATIVE_PART_BY_KEY:
        raise KeyError(part)
    return report.narrative_text(part)


def _append(slot: NarrativeText, version: Version) -> Version:
    slot.history.append(version)
    if len(slot.history) > MAX_VERSIONS:
        del slot.history[1 : len(slot.history) - MAX_VERSIONS + 1]
    return version


def record(
    report: ReportBase,
    part: str,
    text: str,
    source: VersionSource,
    *,
    by: str = "",
    instruction: str | None = None,
    problems: Sequence[str] = (),
    now: str | None = None,
) -> Version:
    """Add ``text`` to the history of ``part`` without accepting it (a revision the clerk has not decided on,
    or a rejected one), and return its version.

    A true duplicate of the newest version (the same text, source, author, instruction and problems: the same
    revision asked for twice) is not recorded twice; the newest version is returned. The same text on another
    instruction, or checked with other problems, is a version of its own, so that the history says which
    instruction gave it."""
    slot = _slot(report, part)
    ensure_baseline(report, part, now=now)
    if slot.history and _same_version(slot.history[-1], text, source, by, instruction, problems):
        return slot.history[-1]
    version = Version(
        text=text,
        source=source,
        by=by,
        instruction=instruction,
        created=now or _now(),
        problems=list(problems),
    )
    return _append(slot, version)


def _same_version(
    version: Version, text: str, source: VersionSource, by: str, instruction: str | None, problems: Sequence[str]
) -> bool:
    return (
        version.text == text
        and version.source == source
        and version.by == by
        and (version.instruction or None) == (instruction or None)
        and version.problems == list(problems)
    )


def ensure_baseline(report: ReportBase, part: str, *, now: str | None = None) -> None:
    """Record the part's current text as the first version when the history is empty, so that undo can
    always come back to it."""
    slot = _slot(report, part)
    if slot.history or not (slot.text or "").strip():
        return
    _append(slot, Version(text=slot.text or "", source="clerk", by="经办人", created=now or _now()))


def accept(report: ReportBase, part: str, version: Version, *, override: bool = False) -> Version:
    """Make ``version`` (one of the part's history, or a new one, then recorded) the part's text.

    A version with problems needs ``override``; the override is recorded in the version."""
    slot = _slot(report, part)
    if version.problems and not override:
        listed = "；".join(version.problems[:3]) + ("等" if len(version.problems) > 3 else "")
        raise NotAcceptable(f"这一稿核对发现问题（{listed}），不能直接采用；确认无误后可明确选择“仍然采用”。")
    if not any(v is version for v in slot.history):
        ensure_baseline(report, part)
        _append(slot, version)
    if version.problems and override:
        version.override = True
    slot.text = version.text
    return version


def restore(report: ReportBase, part: str, index: int, *, now: str | None = None) -> Version:
    """Go back to version ``index`` (0 is the oldest): its text becomes the part's text again, and the
    restoration is itself recorded, so nothing in between is lost. Problems travel with the text."""
    slot = _slot(report, part)
    if not 0 <= index < len(slot.history):
        raise IndexError(index)
    old = slot.history[index]
    version = Version(
        text=old.text,
        source="restored",
        by=old.by,
        instruction=f"恢复到第{index + 1}版",
        created=now or _now(),
        problems=list(old.problems),
        override=old.override,
    )
    _append(slot, version)
    slot.text = version.text
    return version


def note_clerk_edit(report: ReportBase, part: str, *, now: str | None = None) -> Version | None:
    """Record the part's current text as the clerk's own version when it differs from the newest one
    (call it when the clerk leaves the text, not on every key)."""
    slot = _slot(report, part)
    text = slot.text or ""
    if not text.strip():
        return None
    if accepted_index(slot) is not None:
        return None  # the text of a recorded version (after a rejected revision, the accepted one): not an edit
    if not slot.history:
        ensure_baseline(report, part, now=now)
        return slot.history[-1]
    return _append(slot, Version(text=text, source="clerk", by="经办人", created=now or _now()))


def accepted_index(slot: NarrativeText) -> int | None:
    """The newest version whose text is the part's text (the accepted one), or None."""
    for index in range(len(slot.history) - 1, -1, -1):
        if slot.history[index].text == slot.text:
            return index
    return None


SOURCE_LABELS: dict[str, str] = {
    "template": "模板起草",
    "model": "模型起草",
    "revision": "按要求修改",
    "variant": "模板变体",
    "clerk": "经办人修改",
    "restored": "恢复",
}


def describe(version: Version, index: int) -> str:
    """One line for a list of versions: 第3版 按要求修改（模型（qwen））“写得更简洁一些” 2026-11-26 10:02."""
    when = version.created[:16].replace("T", " ")
    by = f"（{version.by}）" if version.by and version.source in ("model", "revision") else ""
    what = f"“{version.instruction}”" if version.instruction and version.source != "restored" else ""
    source = version.instruction if version.source == "restored" and version.instruction else None
    flags = "，有问题仍采用" if version.override else ("，核对有问题" if version.problems else "")
    return f"第{index + 1}版 {source or SOURCE_LABELS[version.source]}{by}{what} {when}{flags}".rstrip()


# ---------------------------------------------------------------------------------------------------------
# What changed between two texts

Op = Literal["equal", "insert", "delete"]


@dataclass(frozen=True)
class Change:
    op: Op
    text: str


# Chinese has no spaces: compare by character, but align on whole clauses first, so that a rewritten
# clause shows as one deletion and one insertion rather than a confetti of single characters.
_CLAUSE = re.compile(r"[^，。；：！？、\n]*[，。；：！？、\n]?")


def _clauses(text: str) -> list[str]:
    return [m.group(0) for m in _CLAUSE.finditer(text) if m.group(0)]


def diff(old: str, new: str) -> list[Change]:
    """The changes from ``old`` to ``new``: runs of equal, deleted and inserted text, in order.

    Joining the equal and delete runs gives ``old``; joining the equal and insert runs gives ``new``."""
    a, b = _clauses(old), _clauses(new)
    changes: list[Change] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        left, right = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag == "equal":
            changes.append(Change("equal", left))
            continue
        if tag == "replace" and difflib.SequenceMatcher(None, left, right, autojunk=False).ratio() >= 0.5:
            # A clause lightly edited: show the characters that changed within it.
            inner = difflib.SequenceMatcher(None, left, right, autojunk=False)
            for itag, k1, k2, l1, l2 in inner.get_opcodes():
                if itag == "equal":
                    changes.append(Change("equal", left[k1:k2]))
                else:
                    if k2 > k1:
                        changes.append(Change("delete", left[k1:k2]))
                    if l2 > l1:
                        changes.append(Change("insert", right[l1:l2]))
            continue
        if left:
            changes.append(Change("delete", left))
        if right:
            changes.append(Change("insert", right))
    return _merged(changes)


def _merged(changes: Iterable[Change]) -> list[Change]:
    """Adjacent runs of one kind joined; a single character left equal between two changes (a comma inside a
    rewritten bracket) folded into them, so the change reads as one piece."""
    runs = [c for c in changes if c.text]
    folded: list[Change] = []
    i = 0
    while i < len(runs):
        change = runs[i]
        between = 0 < i < len(runs) - 1 and change.op == "equal" and len(change.text) == 1
        if between and runs[i - 1].op != "equal" and runs[i + 1].op != "equal":
            folded += [Change("delete", change.text), Change("insert", change.text)]
        else:
            folded.append(change)
        i += 1
    deletes_first: list[Change] = []
    for change in folded:  # within a stretch of changes: every deletion, then every insertion
        if change.op == "delete" and deletes_first and deletes_first[-1].op == "insert":
            j = len(deletes_first)
            while j > 0 and deletes_first[j - 1].op == "insert":
                j -= 1
            deletes_first.insert(j, change)
        else:
            deletes_first.append(change)
    out: list[Change] = []
    for change in deletes_first:
        if not change.text:
            continue
        if out and out[-1].op == change.op:
            out[-1] = Change(change.op, out[-1].text + change.text)
        else:
            out.append(change)
    return out


def diff_text(changes: Sequence[Change]) -> str:
    """The changes for a plain terminal: deletions as 〔删：…〕, insertions as 〔增：…〕."""
    marks = {"equal": "{}", "delete": "〔删：{}〕", "insert": "〔增：{}〕"}
    return "".join(marks[c.op].format(c.text) for c in changes)

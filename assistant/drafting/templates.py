"""The offline drafter: Jinja2 templates in ``templates/narrative/``, driven by the figures and the notes.

It states no number that is not a figure of the report (see :mod:`assistant.facts`), so what it writes
agrees with the tables. Where the format requires a fact that only the clerk knows and no note gives it,
the template writes a 【待补充：…】 marker, which the PLACEHOLDER check reports, instead of inventing it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

import jinja2

from .. import formats as F
from ..facts import report_facts
from ..model import ReportBase
from ..resources import templates_dir

_ORDINALS = "一二三四五六七八九十"
_BULLET = re.compile(
    r"^\s*(?:[-*•·●▪]|\d+[.、．)]|[（(]\d+[)）]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）])\s*"
)
_END_PUNCT = "。！？；…"


def number(value: int | Decimal | None) -> str:
    """A figure as it is written in prose: 12, 352.6 (no grouping commas, no trailing zeros)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = value.normalize()
        return format(value, "f")
    return str(value)


def note_items(notes: str | None) -> list[str]:
    """The clerk's notes as clean items: one per line, bullets and numbering removed, end punctuation dropped."""
    items = []
    for line in (notes or "").splitlines():
        item = _BULLET.sub("", line).strip().rstrip("，,;；。.")
        if item:
            items.append(item)
    return items


def sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in _END_PUNCT else text + "。"


def enumerate_zh(items: list[str]) -> str:
    """一是……；二是……。 as Chinese reports list points."""
    if len(items) == 1:
        return sentence(items[0])
    if len(items) > len(_ORDINALS):
        return "；".join(items) + "。"
    return "；".join(f"{_ORDINALS[i]}是{item}" for i, item in enumerate(items)) + "。"


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir() / "narrative", encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # plain text; each renderer escapes for its own format
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(n=number, sentence=sentence, enumerate_zh=enumerate_zh, items=note_items)
    return env


_SPACE_NEAR_CJK = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")


def _paragraphs(rendered: str) -> str:
    """Template output to clean text. As in Markdown, a blank line ends a paragraph and the lines of one
    paragraph are joined; white space next to Chinese text is dropped, Latin words keep one space."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", rendered):
        joined = "".join(line.strip() for line in block.splitlines())
        joined = _SPACE_NEAR_CJK.sub("", re.sub(r"\s+", " ", joined)).strip()
        if joined:
            paragraphs.append(joined)
    return "\n".join(paragraphs)


class TemplateDrafter:
    name = "模板"

    def draft(self, report: ReportBase, part: str) -> str:
        if part not in F.NARRATIVE_PART_BY_KEY:
            raise KeyError(part)
        template = _environment().get_template(f"{part}.j2")
        context = {
            "r": report,
            "meta": report.meta,
            "f": report_facts(report),
            "fmt": report.fmt,
            "notes": note_items(report.narrative_text(part).notes),
            "F": F,
        }
        return _paragraphs(template.render(context))

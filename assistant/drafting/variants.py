"""Deterministic variants of a part from the templates, for revising without a model (an intranet with none).

- 简洁: the template draft without what can go: breakdowns in brackets ("（其中自然人提出30件……）") and the
  generic sentences that state no figure and no note of the clerk's, keeping at least the opening sentence.
- 详细: the template draft followed by the optional topics reports of that part usually cover (政策解读,
  业务培训, 上年问题整改 …), each as a 【待补充：…】 marker for the clerk to fill in: the templates state no
  fact that the figures or notes do not give, so a topic the clerk has not described is a question, not a claim.
  The PLACEHOLDER check keeps an unfilled marker out of the final report.

Every variant is made only of the template's sentences and markers, so its numbers are the template's and agree
with the tables. No LangChain here.
"""

from __future__ import annotations

import re

from .. import formats as F
from ..model import ReportBase
from .templates import TemplateDrafter, note_items

CONCISE, DETAILED = "简洁", "详细"
VARIANTS = (CONCISE, DETAILED)

# Topics a part often covers beyond what the tables say; offered by 详细 when the notes do not mention them.
OPTIONAL_TOPICS: dict[str, tuple[tuple[str, str], ...]] = {
    "active_disclosure": (
        ("解读", "政策解读情况（解读材料的数量和形式，如图解、视频、新闻发布会）"),
        ("关切", "回应社会关切情况"),
    ),
    "on_request": (("流程", "依申请公开办理流程和答复规范化情况"),),
    "info_management": (
        ("审核", "政府信息公开前的审核、保密审查情况"),
        ("清理", "已公开政府信息的动态调整和清理情况"),
    ),
    "platform": (
        ("网站", "政府网站信息公开专栏的维护和更新情况"),
        ("新媒体", "政务新媒体（微信公众号、微博等）发布信息情况"),
    ),
    "supervision": (
        ("培训", "政府信息公开业务培训情况（次数、参加人数）"),
        ("考核", "政府信息公开工作考核、社会评议情况"),
    ),
    "problems": (("整改", "上一年度报告所列问题的整改情况"),),
}

_SENTENCE = re.compile(r"[^。！？；]*[。！？；]|[^。！？；]+$")
_BRACKETED = re.compile(r"（其中[^（）]*）")
_DIGIT = re.compile(r"\d")


def _concise(text: str, notes: list[str]) -> str:
    paragraphs = []
    for paragraph in text.split("\n"):
        sentences = [s for s in _SENTENCE.findall(_BRACKETED.sub("", paragraph)) if s.strip()]
        if not sentences:
            continue
        kept = [
            s
            for i, s in enumerate(sentences)
            if i == 0 or _DIGIT.search(s) or "【待补充" in s or any(n and n[:6] in s for n in notes)
        ]
        paragraphs.append("".join(kept))
    return "\n".join(paragraphs) if paragraphs else text


def _detailed(report: ReportBase, part: str, text: str, notes: list[str]) -> str:
    topics = list(OPTIONAL_TOPICS.get(part, ()))
    if part == "supervision" and F.BodyKind(report.meta.body_kind) is F.BodyKind.GOVERNMENT:
        topics = [t for t in topics if t[0] != "考核"]  # the template already asks for 考核、评议、追究 there
    wanted = [marker for keyword, marker in topics if not any(keyword in n for n in notes) and keyword not in text]
    if not wanted:
        return text
    return text + "\n" + "".join(f"【待补充：{marker}】" for marker in wanted)


def offline_variants(report: ReportBase, part: str) -> dict[str, str]:
    """简洁 and 详细 variants of ``part`` drafted from the templates (see the module docstring)."""
    if part not in F.NARRATIVE_PART_BY_KEY:
        raise KeyError(part)
    text = TemplateDrafter().draft(report, part)
    notes = note_items(report.narrative_text(part).notes)
    return {CONCISE: _concise(text, notes), DETAILED: _detailed(report, part, text, notes)}

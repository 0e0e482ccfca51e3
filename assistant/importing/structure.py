"""The text around the tables: title, publication date, contact data, section headings and narrative parts."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from .. import formats as F
from .normalize import fold, label_key, similarity, squeeze_spaces
from .sources import Extracted, Item

NUMERALS = "一二三四五六七八九十"
_HEADING = re.compile(r"^([一二三四五六七八九十])[、.](.{2,40})$")
_SUBHEADING = re.compile(r"^[（(]\s*([一二三四五六七八九十]{1,2})\s*[）)]")
_TERMINAL = re.compile(r"[。！？!?；;：:…]\s*[”’」』）)]*\s*$")
_POINT_START = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]{1,2}[）)]|[一二三四五六七八九十]{1,2}[、是]|\d{1,2}[.、．])"
)
_JUNK = re.compile(
    r"^(?:SOURCE|COMPLETENESS)\s*:|发布日期|发布时间|浏览量|浏览次数|点击数|点击率|字体|分享到|信息来源|来源[:：]|作者[:：]"
    r"|^登录|注册$|^首页|索引号|打印本页|关闭窗口|【\s*字体|扫一扫|当前位置|您现在的位置"
)
_DATE = r"(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})"
_PUBLISHED = re.compile(r"(?:发布日期|发布时间|公开日期|成文日期|发文日期|日期)[\s:：|]*" + _DATE)
_DATE_ONLY = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_TABLE3_TOP_KEYS = tuple(
    label_key(label)
    for label in (
        F.TABLE3_NEW_RECEIVED.label,
        F.TABLE3_CARRIED_IN.label,
        F.TABLE3_RESULTS_LABEL,
        F.TABLE3_CARRIED_OUT.label,
    )
)


def is_junk(text: str) -> bool:
    """Web-page furniture and file annotations around a report (发布日期, 浏览量, 字体, SOURCE: …)."""
    return len(text) <= 120 and bool(_JUNK.search(text))


def _date(match: re.Match[str]) -> date | None:
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def published_date(doc: Extracted, before: int) -> date | None:
    """The publication date given by the page (发布日期 …) in the items before the first section."""
    for item in doc.items[:before]:
        text = fold(" | ".join(c.text for c in item.cells))
        match = _PUBLISHED.search(text)
        if match:
            return _date(match)
    return None


# ---------------------------------------------------------------------------------------------------------
# Title


@dataclass
class TitleFound:
    printed: str
    agency: str | None
    year: int | None
    first_item: int
    last_item: int


_TITLE = re.compile(r"^(?P<pre>.*?)(?P<year>\d{4})\s*年度?(?P<post>.*?)(?:政府信息公开|政务公开|信息公开)")


def find_title(doc: Extracted, before: int) -> TitleFound | None:
    """The report title: a line saying 政府信息公开…报告 with a year, before the first section.

    A title printed over two lines (淮安市人民政府 ⏎ 2024年政府信息公开工作年度报告) takes the line above
    as the 机关全称.
    """
    for position, item in enumerate(doc.items[: min(before, 40)]):
        if item.kind != "line" and not doc.layout:
            continue
        text = squeeze_spaces(" ".join(c.text for c in item.cells).replace("\n", ""))
        key = label_key(text)
        if "政府信息公开" not in key or "报告" not in key[-4:] or len(key) > 70 or is_junk(text):
            continue
        match = _TITLE.match(fold(text))
        if match is None:
            continue
        year = int(match.group("year"))
        agency = (match.group("pre") or match.group("post")).strip(' 《“"').removesuffix("关于").strip() or None
        first = item.index
        printed = text
        if agency is None and position > 0:
            above = doc.items[position - 1]
            above_text = squeeze_spaces(" ".join(c.text for c in above.cells))
            if above_text and len(above_text) <= 40 and not is_junk(above_text) and not re.search(r"\d{4}", above_text):
                agency = above_text
                printed = above_text + text
                first = above.index
        return TitleFound(printed, agency, year, first, item.index)
    return None


# ---------------------------------------------------------------------------------------------------------
# Section headings


@dataclass
class HeadingFound:
    section: str | None  # the official section in this position (by its number), None beyond 六
    number: str  # 一 … as printed
    printed: str
    status: str  # official | alias | variant
    item: int

    @property
    def official(self) -> str | None:
        return F.SECTION_BY_KEY[self.section].heading if self.section else None


def _heading_candidate(doc: Extracted, item: Item) -> tuple[str, str, str] | None:
    if any(c.text and re.fullmatch(r"[\d.,，]+", c.text.strip()) for c in item.cells[1:]):
        return None
    text = squeeze_spaces(" ".join(c.text for c in item.cells))
    key = label_key(text)
    match = _HEADING.match(key)
    if match is None or "。" in key:
        return None
    if any(similarity(key, top) >= 0.8 for top in _TABLE3_TOP_KEYS):
        return None
    return match.group(1), match.group(2), text


def _bare(key: str) -> str:
    """A title key without list punctuation: 行政复议行政诉讼情况 is 行政复议、行政诉讼情况 with a 、 dropped."""
    return re.sub(r"[、,，;；]", "", key)


def _section_score(number: str, title_key: str) -> tuple[float, str]:
    index = NUMERALS.index(number)
    if index >= len(F.SECTIONS):
        return 0.0, "variant"
    section = F.SECTIONS[index]
    if _bare(title_key) == _bare(label_key(section.title)):
        return 1.0, "official"
    if any(_bare(title_key) == _bare(label_key(a)) for a in section.aliases):
        return 0.99, "alias"
    best = max(similarity(title_key, label_key(t)) for t in (section.title, *section.aliases))
    return best, "variant"


def find_headings(doc: Extracted) -> list[HeadingFound]:
    """The section headings, in order: for each number the first line that reads like its heading."""
    candidates = []
    for item in doc.items:
        found = _heading_candidate(doc, item)
        if found:
            candidates.append((item, *found))
    headings: list[HeadingFound] = []
    after = -1
    for number in NUMERALS:
        options = [c for c in candidates if c[1] == number and c[0].index > after]
        if not options:
            continue
        scored = [(c, *_section_score(number, c[2])) for c in options]
        good = [s for s in scored if s[1] >= 0.35]
        chosen, _score, status = (good or scored)[0]
        item, num, _title_key, text = chosen
        index = NUMERALS.index(num)
        section = F.SECTIONS[index].key if index < len(F.SECTIONS) else None
        headings.append(HeadingFound(section, num, text, status, item.index))
        after = item.index
    return headings


# ---------------------------------------------------------------------------------------------------------
# Paragraphs


@dataclass
class Paragraph:
    text: str
    item: int


def _joined(left: str, right: str) -> str:
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return f"{left} {right}"
    return left + right


def is_subheading(text: str) -> bool:
    return bool(_SUBHEADING.match(text)) and len(text) <= 40 and "。" not in text[:-1]


def paragraphs(doc: Extracted, items: list[Item], base_indent: int | None) -> list[Paragraph]:
    """Narrative paragraphs of ``items``.

    Layout text: a line indented beyond the body margin starts a paragraph, other lines continue it, and
    layout spaces are removed (the PDFs hold no space glyph between Chinese characters). Other sources:
    each line is a paragraph, except that a line broken off mid-sentence (no closing punctuation) is joined
    with the next unless either is a heading or the next starts a numbered point.
    """
    out: list[Paragraph] = []
    if doc.layout:
        base = base_indent or 0
        for item in items:
            text = squeeze_spaces(" ".join(c.text for c in item.cells))
            if not text:
                continue
            starts = item.indent >= base + 2 or not out or _SUBHEADING.match(text) is not None
            if starts:
                out.append(Paragraph(text, item.index))
            else:
                out[-1].text = _joined(out[-1].text, text)
        return out
    for item in items:
        for piece in " ".join(c.text for c in item.cells).split("\n"):
            text = squeeze_spaces(piece) if doc.kind == "html" else piece.strip()
            if not text:
                continue
            if out and _continues(out[-1].text, text):
                out[-1].text = _joined(out[-1].text, text)
            else:
                out.append(Paragraph(text, item.index))
    return out


def _continues(previous: str, text: str) -> bool:
    if _TERMINAL.search(previous) or is_subheading(previous) or _POINT_START.match(text) or is_subheading(text):
        return False
    if _DATE_ONLY.match(fold(text)):
        return False  # the date under a signature
    return len(previous) >= 8


def body_indent(doc: Extracted) -> int | None:
    """The left margin of body lines in layout text: the most common indent of long lines."""
    if not doc.layout:
        return None
    counts = Counter(item.indent for item in doc.items if len(item.text) >= 20)
    return counts.most_common(1)[0][0] if counts else 0


# ---------------------------------------------------------------------------------------------------------
# Section 一: the five topics

TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    "active_disclosure": ("主动公开",),
    "on_request": ("依申请",),
    "info_management": ("信息管理", "管理"),
    "platform": ("平台", "公开形式", "公开渠道", "渠道", "载体"),
    "supervision": ("监督", "保障", "考核"),
}


def topic_of(heading: str) -> str | None:
    """The 总体情况 topic a sub-heading names, or None when it names none or several."""
    key = label_key(heading)
    hits = {topic for topic, words in TOPIC_WORDS.items() if any(w in key for w in words)}
    return hits.pop() if len(hits) == 1 else None


def split_subheading(text: str) -> tuple[str, str] | None:
    """(heading, rest) of a paragraph that starts with （一）…: a heading line, or a run-in heading ending at 。"""
    if not _SUBHEADING.match(text):
        return None
    stop = text.find("。")
    if stop == -1:
        return (text, "") if len(text) <= 40 else None
    if stop > 40:
        return None
    return text[: stop + 1], text[stop + 1 :].strip()


@dataclass
class OverallSplit:
    parts: dict[str, str]  # narrative part → text
    topics: list[tuple[str, str | None]]  # (sub-heading as printed, topic or None)
    mapped: bool  # the sub-headings are the five topics (or some of them), each once


def split_overall(paras: list[Paragraph]) -> OverallSplit:
    subs = [(i, split) for i, p in enumerate(paras) if (split := split_subheading(p.text))]
    topics = [(split[0], topic_of(split[0])) for _i, split in subs]
    named = [t for _h, t in topics]
    mapped = bool(subs) and None not in named and len(set(named)) == len(named)
    if not mapped:
        text = "\n".join(p.text for p in paras)
        return OverallSplit({"overview": text} if text else {}, topics, False)
    parts: dict[str, list[str]] = {}
    lead = [p.text for p in paras[: subs[0][0]]]
    if lead:
        parts["overview"] = lead
    for n, (i, (_heading, rest)) in enumerate(subs):
        topic = named[n]
        assert topic is not None
        end = subs[n + 1][0] if n + 1 < len(subs) else len(paras)
        body = ([rest] if rest else []) + [p.text for p in paras[i + 1 : end]]
        if body:
            parts[topic] = body
    return OverallSplit({k: "\n".join(v) for k, v in parts.items()}, topics, True)


def strip_signature(paras: list[Paragraph], agency: str | None) -> tuple[list[Paragraph], date | None]:
    """Section 六 without the closing signature (机关名称 ⏎ 2024年1月17日) and page furniture; the date."""
    signed: date | None = None
    paras = list(paras)
    while paras:
        text = paras[-1].text.strip()
        date_match = _DATE_ONLY.match(fold(text))
        if date_match:
            signed = signed or _date(date_match)
            paras.pop()
            continue
        if is_junk(text) or (signed and len(text) <= 30 and not re.search(r"[。，；,;]", text)):
            paras.pop()
            continue
        if agency and label_key(text) == label_key(agency):
            paras.pop()
            continue
        break
    return paras, signed


# ---------------------------------------------------------------------------------------------------------
# Preamble: contact data, the outline it announces

_ADDRESS = re.compile(r"地址[:：]\s*([^，,。；;）)]+)")
_POSTCODE = re.compile(r"邮(?:政)?编(?:码)?[:：]\s*(\d{6})")
_PHONE = re.compile(r"(?:联系)?电话[:：]\s*([0-9][0-9\-—－–()（） ]{4,}[0-9])")
_EMAIL = re.compile(r"(?:电子邮箱|电子邮件|邮箱|E-?mail)[:：]\s*([\w.\-+]+@[\w\-]+(?:\.[\w\-]+)+)", re.IGNORECASE)
_OFFICE = re.compile(r"(?:请|可)(?:及时)?(?:与|和|向)(?P<o>[^，,。；;（(]{2,30}?)(?:取得)?联系")
_PREPARER = re.compile(r"报告由(?P<p>[^，,。；;（(《]{2,30}?)(?=根据|依据|依照|按照|结合|会同|负责|编制)")
_WEBSITE = re.compile(
    r"(?P<name>[^，,。；;（(\s]{2,40}?(?:网站|门户网站|网))\s*[（(]\s*(?P<url>(?:https?://)?[A-Za-z0-9][\w.\-/:]*?)\s*[）)]"
)
_WEBSITE_PREFIX = re.compile(r"^.*?(?:可以?从|可以?在|可以?通过|可登录|通过|登录|在|于)")


def contact_data(preamble: str) -> dict[str, str | None]:
    text = fold(preamble).replace("\n", "")
    text_raw = preamble.replace("\n", "")

    def first(pattern: re.Pattern[str], group: int | str = 1) -> str | None:
        match = pattern.search(text_raw) or pattern.search(text)
        return match.group(group).strip() if match else None

    website_name = website_url = None
    site = _WEBSITE.search(text_raw)
    if site:
        website_name = _WEBSITE_PREFIX.sub("", site.group("name")).strip() or None
        website_url = site.group("url")
    return {
        "office": first(_OFFICE, "o"),
        "address": first(_ADDRESS),
        "phone": first(_PHONE),
        "postcode": first(_POSTCODE),
        "email": first(_EMAIL),
        "preparer": first(_PREPARER, "p"),
        "website_name": website_name,
        "website_url": website_url,
    }


_OUTLINE = re.compile(
    r"(?:全文包括|全文由|报告由|本报告由|主要包括|内容包括|分为|包括)(?P<body>[^。；，,]{6,200}?)"
    r"(?:等?部分组成|组成|等部分|等内容|等。|。|；|，|,|$)"
)


@dataclass
class AnnouncedPart:
    printed: str
    section: str | None  # the official section it names, None when it names none


def announced_outline(preamble: str) -> list[AnnouncedPart] | None:
    """The sections the preamble says the report contains ("全文包括总体情况、…"), or None if it says nothing.

    Titles contain 、 themselves (行政复议、行政诉讼), so known titles are matched greedily before the rest
    is split at 、.
    """
    for match in _OUTLINE.finditer(preamble.replace("\n", "")):
        body = match.group("body")
        if "情况" not in body and "事项" not in body and "概述" not in body:
            continue
        parts = _outline_parts(body)
        if len(parts) >= 3:
            return parts
    return None


def _outline_parts(body: str) -> list[AnnouncedPart]:
    titles = []
    for section in F.SECTIONS:
        for title in (section.title, *section.aliases):
            titles.append((re.sub(r"[、，,]", "", label_key(title)), section.key))
    titles.sort(key=lambda t: len(t[0]), reverse=True)
    parts: list[AnnouncedPart] = []
    rest = body.strip()
    while rest:
        rest = re.sub(r"^[、，,及和与以\s]+", "", rest)
        rest = re.sub(r"^(?:以及|和|及)", "", rest)
        if not rest:
            break
        matched = False
        for title_key, section in titles:
            # Compare without 、 so that "行政复议行政诉讼情况" matches "行政复议、行政诉讼情况".
            consumed, kept = 0, ""
            while consumed < len(rest) and len(kept) < len(title_key):
                ch = label_key(rest[consumed]) if rest[consumed].strip() else ""
                consumed += 1
                if ch in ("、", ",", ""):
                    continue
                kept += ch
            if kept == title_key:
                parts.append(AnnouncedPart(rest[:consumed], section))
                rest = rest[consumed:]
                matched = True
                break
        if not matched:
            piece = re.split(r"[、，,]", rest, maxsplit=1)[0]
            parts.append(AnnouncedPart(piece, None))
            rest = rest[len(piece) :]
    return [p for p in parts if p.printed.strip("等 ")]


# ---------------------------------------------------------------------------------------------------------
# Small facts

_SELF = re.compile(r"我(?:局|委|办|市|区|县|镇|乡|厅|院|中心|街道|署|部|所|站)|本单位")
_FEE_COLLECTED = re.compile(r"收取[^。；]{0,20}?处理费[^。；\d]{0,6}?(\d+(?:\.\d+)?)\s*元")
_FEE_NONE = re.compile(
    r"(?:未|没有|无)(?:发生|产生)?[^。；]{0,6}?(?:收费|收取[^。；]{0,10}?(?:处理费|费用))|处理费[^。；\d]{0,6}?(?:0|零)\s*元"
)


def self_reference(texts: list[str]) -> str | None:
    counts = Counter(m.group() for text in texts for m in _SELF.finditer(text))
    if not counts:
        return None
    word, count = counts.most_common(1)[0]
    return word if count >= 2 else None


def fees_collected(other: str | None) -> str | None:
    """The 信息处理费 actually collected (元) as section 六 states it, or None when it says nothing."""
    if not other:
        return None
    text = fold(other)
    match = _FEE_COLLECTED.search(text)
    if match:
        return match.group(1)
    if _FEE_NONE.search(text):
        return "0"
    return None

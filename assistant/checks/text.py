"""Structure and text checks (spec/checks.md, "Structure and text" and "Info").

FORMAT-VERSION, SECTIONS, PLACEHOLDER, TITLE, YEAR, FEE-STATEMENT, FEE-CONSISTENCY, FEE-UNIT, PII, LENGTH,
DEADLINE, PARTIAL-RULE. Narrative findings point at the part and the character offset of the match in that
part's text as stored; title findings point at the 标题 field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal

from .. import formats as F
from ..findings import (
    Finding,
    Location,
    Severity,
    meta_place,
    narrative_place,
    quoted,
    show_value,
    table2_place,
    table3_place,
    table3_row_label,
)
from ..formats import BodyKind, FormatVersion
from ..model import Meta, ReportBase
from . import CheckOptions

# Full-width digits map one to one onto ASCII digits, so offsets survive the translation.
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_WHITESPACE = re.compile(r"\s+")


def _meta_label(key: str) -> str:
    """The clerk-facing name of a 基本信息 field, from the model's own field titles."""
    return Meta.model_fields[key].title or key


def _meta_place(key: str, offset: int | None = None) -> Location:
    place = meta_place(_meta_label(key), key)
    if offset is None:
        return place
    return replace(place, label=f"{place.label}（第{offset + 1}字处）", offset=offset)


def _texts(report: ReportBase) -> Iterator[tuple[str, str]]:
    """(part key, text) for every narrative part that has text, in print order."""
    for part in F.NARRATIVE_PARTS:
        text = report.narrative_text(part.key).text
        if text and text.strip():
            yield part.key, text


def _has_text(text: str | None) -> bool:
    return bool(text and text.strip())


def _snippet(text: str, start: int, end: int, *, limit: int = 30) -> str:
    found = text[start:end]
    return found if len(found) <= limit else found[:limit] + "…"


def _row_value(report: ReportBase, row: str) -> int | None:
    """A 表三 row's 总计, or the sum of its parts when the total is blank (None when everything is blank)."""
    total = report.t3(row, F.TABLE3_TOTAL_COLUMN)
    if total is not None:
        return total
    parts = [report.t3(row, c) for c in F.TABLE3_PART_COLUMNS]
    if all(v is None for v in parts):
        return None
    return sum(v or 0 for v in parts)


def _has_table3_row(report: ReportBase, row: str) -> bool:
    return any(r.key == row for r in report.fmt.table3_rows)


# ---------------------------------------------------------------------------------------------------------
# FORMAT-VERSION


def check_format_version(report: ReportBase, options: CheckOptions) -> Iterator[Finding]:
    explicit = report.meta.format_version
    if explicit is None:
        return
    expected = F.version_for_year(report.meta.year)
    if FormatVersion(explicit) == expected:
        return
    expected_fmt, found_fmt = F.format_for(expected), F.format_for(explicit)
    if report.meta.origin == "imported":
        advice = f"（按表格标签识别）；{report.meta.year}年度的报告不应再使用该格式"
    else:
        advice = f"；请改按{expected.value}年格式填报"
    yield Finding(
        "FORMAT-VERSION",
        Severity.ERROR,
        f"{report.meta.year}年度的报告应使用{expected.value}年格式（《{expected_fmt.name}》，{expected_fmt.basis.number}），"
        f"本报告使用的是{found_fmt.version.value}年格式（《{found_fmt.name}》）{advice}。",
        _meta_place("format_version"),
        expected=f"{expected.value}年格式",
        found=f"{found_fmt.version.value}年格式",
    )


# ---------------------------------------------------------------------------------------------------------
# SECTIONS


def _heading_pattern() -> re.Pattern[str]:
    """Any section's official heading (or a local variant), one named group per section key."""
    alternatives = []
    for section in F.SECTIONS:
        number = re.escape(section.number.rstrip("、"))
        titles = "|".join(re.escape(t) for t in sorted((section.title, *section.aliases), key=len, reverse=True))
        alternatives.append(rf"(?P<{section.key}>{number}[ \t\u3000]*[、.．][ \t\u3000]*(?:{titles}))")
    # Not the tail of a longer number (十二、) or of a sub-heading (（二）), and not a reference to a section
    # (详见三、……; “五、……”).
    return re.compile(rf"(?<![一二三四五六七八九十百〇零（(见“《])(?:{'|'.join(alternatives)})")


_HEADING = _heading_pattern()
_LIST_GAP = re.compile(r"[\s；;，,。、：:]*")


def _stray_headings(text: str) -> Iterator[tuple[str, re.Match[str]]]:
    """(section key, match) of each section heading written inside ``text``.

    Headings that follow one another with only punctuation between them are an outline being listed
    ("全文包括：一、总体情况；二、主动公开政府信息情况；……"), not a section placed here, so they are skipped.
    """
    matches = list(_HEADING.finditer(text))
    for i, match in enumerate(matches):
        joined_before = i > 0 and _LIST_GAP.fullmatch(text, matches[i - 1].end(), match.start())
        joined_after = i + 1 < len(matches) and _LIST_GAP.fullmatch(text, match.end(), matches[i + 1].start())
        if joined_before or joined_after:
            continue
        key = next(k for k, v in match.groupdict().items() if v is not None)
        yield key, match


_OVERVIEW_PARTS = tuple(p.key for p in F.NARRATIVE_PARTS if p.section == "overall")


def check_sections(report: ReportBase, options: CheckOptions) -> Iterator[Finding]:
    if options.final:
        overall = F.SECTION_BY_KEY["overall"]
        if not any(_has_text(report.narrative_text(p).text) for p in _OVERVIEW_PARTS):
            yield Finding(
                "SECTIONS",
                Severity.ERROR,
                f"“{overall.heading}”还没有正文（综述段和五个方面都是空白）；定稿前必须填写。",
                narrative_place("overview"),
                expected="正文",
                found="空白",
            )
        for part, hint in (("problems", "请如实填写存在的问题和改进措施"), ("other", "没有其他事项的可写“无”")):
            if not _has_text(report.narrative_text(part).text):
                heading = F.SECTION_BY_KEY[F.NARRATIVE_PART_BY_KEY[part].section].heading
                yield Finding(
                    "SECTIONS",
                    Severity.ERROR,
                    f"“{heading}”还没有正文；定稿前必须填写（{hint}）。",
                    narrative_place(part),
                    expected="正文",
                    found="空白",
                )
    for part, text in _texts(report):
        own = F.NARRATIVE_PART_BY_KEY[part].section
        for key, match in _stray_headings(text):
            if key == own:
                continue
            section = F.SECTION_BY_KEY[key]
            where = F.NARRATIVE_PART_BY_KEY[part].label
            yield Finding(
                "SECTIONS",
                Severity.ERROR,
                f"“{where}”的正文里出现了另一部分的标题“{section.heading}”，各部分内容放错了位置；"
                f"请把该标题及其后的内容移到“{section.heading}”下。",
                narrative_place(part, match.start()),
                expected=f"“{section.heading}”的内容只出现在该部分",
                found=match.group(),
            )


# ---------------------------------------------------------------------------------------------------------
# PLACEHOLDER

_TEMPLATE = "未填写的模板占位符"
_GENERATED = "生成出错的文字"
_CHATBOT = "AI对话的残留语句"
_MARKDOWN = "Markdown排版符号"

_PLACEHOLDER_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # XX, xx, ＸＸ; a single X only where a date or count goes (20XX年X月, X件), so XML, X光 and Ⅹ stay clear.
    (
        re.compile(
            r"(?<![A-Za-zＡ-Ｚａ-ｚ])(?:[XxＸｘ]{2,}|[XxＸｘ](?=[年月日号件条个项期次名]))(?![A-Za-zＡ-Ｚａ-ｚ])"
        ),
        _TEMPLATE,
    ),
    (re.compile(r"[×✕╳]{2,}|(?<!\d)[×✕╳](?=[年月日号件条个项期次])"), _TEMPLATE),
    (re.compile(r"[_＿]{2,}|[□○△]{2,}"), _TEMPLATE),
    (re.compile(r"【[^】\n]{0,40}】"), _TEMPLATE),
    (re.compile(r"\{\{[^\n]{0,80}?\}\}|\{%[^\n]{0,80}?%\}|\{\{|\{%"), _TEMPLATE),
    # A document number without its number: 〔〕号, 〔2024〕号.
    (re.compile(r"[〔\[［(（]\s*(?:\d{4})?\s*[〕\]］)）]\s*[_＿]*\s*号"), _TEMPLATE),
    (re.compile(r"(?<![A-Za-z])(?:TODO|TBD|FIXME)(?![A-Za-z])", re.IGNORECASE), _TEMPLATE),
    (re.compile(r"待填写|此处(?:填写|插入|补充)|请在此处"), _TEMPLATE),
    (re.compile(r"(?<![A-Za-z])(?:None|null|NaN|nan|undefined)(?![A-Za-z])"), _GENERATED),
    (re.compile(r"作为(?:一[个名款])?(?:AI|ＡＩ|人工智能|语言模型|大模型|智能助手)"), _CHATBOT),
    (re.compile(r"希望[^。\n]{0,12}对您有(?:所)?帮助|希望[^。\n]{0,8}能帮到您"), _CHATBOT),
    (
        re.compile(r"如(?:需|果需要|有需要)(?:进一步|任何)?(?:的)?(?:修改|调整|完善|补充|润色|帮助|细化|优化|扩写)"),
        _CHATBOT,
    ),
    (re.compile(r"(?:请|可以|欢迎)?随时告诉我|请告诉我|根据您(?:提供|给出|的要求|的需求)"), _CHATBOT),
    # At a line start only: "好的，" and "以下是" also occur inside ordinary sentences.
    (re.compile(r"(?m)^[ \t\u3000]*(?:以下是|好的[，,！!。]|当然[，,！!])"), _CHATBOT),
    (re.compile(r"以下是(?:为您|您|一份|一篇|根据您)|当然[，,！!]\s*以下"), _CHATBOT),
    (re.compile(r"请根据(?:贵单位|本单位)?(?:的)?实际情况(?:修改|调整|补充|填写|完善)"), _CHATBOT),
    (re.compile(r"\*\*"), _MARKDOWN),
    (re.compile(r"(?m)^[ \t\u3000]*(?:#{1,6}(?=[ \t]|[\u4e00-\u9fff（(])|```)"), _MARKDOWN),
)

# "0之和，等于0之和": a bare number where the template expected a label. "3119与34之和" is real text: a
# conjunction before the number in the same clause means a sum of figures.
_SUM_OF = re.compile(r"(\d+(?:\.\d+)?)\s*之和")
_CLAUSE_BREAK = re.compile(r"[，。；：,;:\n（(]|等于|为")
_CONJUNCTION = re.compile(r"[与和加及同跟、+＋]")


def _broken_sums(text: str) -> Iterator[tuple[int, int]]:
    for match in _SUM_OF.finditer(text):
        head = text[max(0, match.start() - 30) : match.start()]
        breaks = list(_CLAUSE_BREAK.finditer(head))
        clause = head[breaks[-1].end() :] if breaks else head
        if not _CONJUNCTION.search(clause):
            yield match.start(), match.end()


def placeholders(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, kind) of every placeholder in ``text``, without overlaps, in text order."""
    text = text.translate(_DIGITS)
    hits = [(s, e, _GENERATED) for s, e in _broken_sums(text)]
    for pattern, kind in _PLACEHOLDER_PATTERNS:
        hits.extend((m.start(), m.end(), kind) for m in pattern.finditer(text) if m.end() > m.start())
    hits.sort(key=lambda h: (h[0], -h[1]))
    taken_until = -1
    for start, end, kind in hits:
        if start < taken_until:
            continue
        # A match anchored at a line start begins with the indentation; point at the mark itself.
        while start < end - 1 and text[start] in " \t\u3000":
            start += 1
        taken_until = end
        yield start, end, kind


def check_placeholders(report: ReportBase, options: CheckOptions) -> Iterator[Finding]:
    # The title as published, or (when none was given) the 机关全称 that the official title is built from.
    meta_key = "title" if report.meta.title else "agency"
    sources = [(f"meta.{meta_key}", report.meta.title or report.meta.agency), *_texts(report)]
    for source, text in sources:
        for start, end, kind in placeholders(text):
            found = _snippet(text, start, end)
            if source.startswith("meta."):
                place, where = _meta_place(meta_key, start), _meta_label(meta_key)
            else:
                place, where = narrative_place(source, start), F.NARRATIVE_PART_BY_KEY[source].label
            yield Finding(
                "PLACEHOLDER",
                Severity.ERROR,
                f"“{where}”中有{kind}“{found}”，请改为实际内容或删除后再定稿。",
                place,
                expected="实际内容",
                found=found,
            )


# ---------------------------------------------------------------------------------------------------------
# TITLE

_PERIOD_KEYWORD = re.compile(r"统计(?:期限|时限|期间|时间|区间|时段|周期)")
# A date as written, tolerant of a missing 年 or 月 so that a broken one can be named: 2024年1月1日,
# 12月31日, 20251月1日 (年 missing), 202111日 (年 and 月 missing). Applied to text without whitespace.
_LENIENT_DATE = re.compile(r"(?<!\d)(?:(?P<y>\d{4})(?P<ny>年)?)?(?P<m>\d{1,2}?)(?P<nm>月)?(?P<d>\d{1,2})日")


def _compress(text: str) -> tuple[str, list[int]]:
    """``text`` without whitespace (full-width digits made ASCII), and each kept character's original offset."""
    kept, offsets = [], []
    for i, ch in enumerate(text.translate(_DIGITS)):
        if not ch.isspace():
            kept.append(ch)
            offsets.append(i)
    return "".join(kept), offsets


def _date_problems(match: re.Match[str], year: int, *, start: bool) -> list[str]:
    which = "起始日期" if start else "截止日期"
    problems = []
    written_year = match.group("y")
    missing = []
    if written_year is not None and match.group("ny") is None:
        missing.append("年")
    if match.group("nm") is None:
        missing.append("月")
    if missing:
        problems.append(f"{which}缺少" + "".join(f"“{c}”" for c in missing) + "字")
    if written_year is None and start:
        problems.append("起始日期没有写年份")
    elif written_year is not None and int(written_year) != year:
        problems.append(f"{which}的年份应为{year}年，写成了{written_year}年")
    month, day = int(match.group("m")), int(match.group("d"))
    want = (1, 1) if start else (12, 31)
    if (month, day) != want:
        problems.append(f"{which}应为{want[0]}月{want[1]}日，写成了{month}月{day}日")
    return problems


def _period_findings(text: str, year: int) -> Iterator[Finding]:
    compact, offsets = _compress(text)
    keyword = _PERIOD_KEYWORD.search(compact)
    if keyword is None:
        return
    end = len(compact)
    stop = re.compile(r"[。；;]").search(compact, keyword.end())
    if stop is not None:
        end = stop.start()
    end = min(end, keyword.end() + 60)
    dates = [
        m
        for m in _LENIENT_DATE.finditer(compact, keyword.end(), end)
        if m.group("y") is not None or m.group("nm") is not None
    ][:2]
    if not dates:
        return  # "统计期限为2024年度" and the like: no dates to compare
    problems: list[str] = []
    if len(dates) == 1:
        only = dates[0]
        is_year_end = only.group("nm") and (int(only.group("m")), int(only.group("d"))) == (12, 31)
        if not is_year_end:
            problems += _date_problems(only, year, start=True)
            problems.append("没有写截止日期")
        else:
            problems += _date_problems(only, year, start=False)
    else:
        problems += _date_problems(dates[0], year, start=True)
        problems += _date_problems(dates[1], year, start=False)
    if not problems:
        return
    first, last = dates[0], dates[-1]
    start_offset = offsets[first.start()]
    end_offset = offsets[last.end() - 1] + 1
    found = text[start_offset:end_offset]
    expected = f"{year}年1月1日至{year}年12月31日"
    yield Finding(
        "TITLE",
        Severity.ERROR,
        f"统计期限“{found}”写法有误：{'；'.join(problems)}。应为{expected}。",
        narrative_place("preamble", start_offset),
        expected=expected,
        found=found,
    )


def check_title(report: ReportBase, options: CheckOptions) -> Iterator[Finding]:
    official = report.official_title
    title = report.title
    if _WHITESPACE.sub("", title) != _WHITESPACE.sub("", official):
        yield Finding(
            "TITLE",
            Severity.ERROR,
            f"标题应为“{official}”（机关全称＋年度＋“年政府信息公开工作年度报告”），现为“{title}”。",
            _meta_place("title"),
            expected=official,
            found=title,
        )
    preamble = report.narrative_text("preamble").text
    if _has_text(preamble):
        yield from _period_findings(preamble or "", report.meta.year)


# ---------------------------------------------------------------------------------------------------------
# YEAR

_YEAR_IN_TEXT = re.compile(r"(?<![\d.])(20\d{2})(?:\s*年|[-/](?:0?[1-9]|1[0-2])(?![\d.]))")
# Plans and targets legitimately name later years (2035年远景目标, 到2027年, 2021—2025年).
_PLAN_BEFORE = re.compile(r"(?:到|力争|争取|展望|预计|计划|将于|届时|面向|至(?<!截至)|[—–\-~～])\s*$")
_PLAN_AFTER = re.compile(r"^\s*年?\s*(?:度?(?:远景|目标|规划|愿景)|前|以前|之前|底前)")
_TITLE_YEAR = re.compile(r"(\d{4})\s*年")


def check_years(report: ReportBase, options: CheckOptions) -> Iterator[Finding]:
    year = report.meta.year
    limit = year + 1
    for part, raw in _texts(report):
        text = raw.translate(_DIGITS)
        for match in _YEAR_IN_TEXT.finditer(text):
            written = int(match.group(1))
            if written <= limit:
                continue
            before = text[max(0, match.start() - 6) : match.start()]
            after = text[match.start(1) + 4 : match.start(1) + 12]
            if _PLAN_BEFORE.search(before) or _PLAN_AFTER.search(after):
                continue
            found = raw[match.start() : match.end()]
            yield Finding(
                "YEAR",
                Severity.ERROR,
                f"正文写有“{found}”，晚于报告年度的下一年（{limit}年），请核对是否笔误。",
                narrative_place(part, match.start()),
                expected=f"不晚于{limit}年",
                found=found,
            )
    if report.meta.title:
        match = _TITLE_YEAR.search(report.meta.title.translate(_DIGITS))
        if match and int(match.group(1)) != year:
            yield Finding(
                "YEAR",
                Severity.ERROR,
                f"标题中的年度为{match.group(1)}年，与报告年度{year}年不一致。",
                _meta_place("title", match.start()),
                expected=f"{year}年",
                found=f"{match.group(1)}年",
            )


# ---------------------------------------------------------------------------------------------------------
# FEE-STATEMENT, FEE-CONSISTENCY, FEE-UNIT

# What counts as a 信息处理费 statement: the fee by name, its notices, or charging in the context of 政府信息公开
# ("政府信息公开未发生收费情况", 沭阳县发展和改革局 2023). 行政事业性收费 alone is the other fee and does not count.
_FEE_MENTION = re.compile(
    r"处理费|收费通知|(?:政府信息公开|依申请公开|公开申请)[^。；]{0,15}?(?<!行政事业性)(?:收费|收取费用|费用)"
)
_NO_FEE_NOTICE = re.compile(
    r"(?:未|没有|无|不曾)(?:向[^。，,]{0,10})?(?:发出|发放|出具|下发|开具|送达|制发)[^。]{0,10}?(?:收费|缴费)通知"
    r"|(?:收费|缴费)通知[^。\d]{0,6}?(?:0|零)\s*件"
    r"|(?:未|没有|无|不曾)(?:向[^。，,]{0,10})?收取[^。]{0,12}?(?:处理费|费用)"
    r"|(?:未|没有|无)(?:产生|发生)[^。]{0,8}?(?:处理费|收费)"
    r"|处理费[^。\d]{0,8}?(?:0|零)(?:\.0+)?\s*元"
)


def _is_2021(report: ReportBase) -> bool:
    return report.version == FormatVersion.V2021 and _has_table3_row(report, "r6_2")


def check_fee_statement(report: ReportBase, options: CheckOptions) -> Iterator[Finding]:
    if report.version != FormatVersion.V2021:
        return
    text = report.narrative_text("other").text
    if not _has_text(text) and not options.final:
        return  # still to be written
    if _has_text(text) and _FEE_MENTION.search(text or ""):
        return
    heading = F.SECTION_BY_KEY["other"].heading
    yield Finding(
        "FEE-STATEMENT",
        Severity.WARNING,
        f"2021年格式要求在“{heading}”中报告信息处理费收取情况（依据《{F.FEE_RULES_TITLE}》），"
        "本部分没有提到；没有收费的也请写明“本年度未收取信息处理费”。",
        narrative_place("other"),
        expected="信息处理费收取情况",
        found="未提及" if _has_text(text) else "空白",
    )


def check_fee_consistency(report: ReportBase, options: CheckOptions) -> Iterator[Finding]:
    if not _is_2021(report):
        return
    lapsed = _row_value(report, "r6_2")
    if not lapsed:
        return
    row_label = table3_row_label(report.fmt, "r6_2")
    heading = F.SECTION_BY_KEY["other"].heading
    if report.fees.notices_issued == 0:
        yield Finding(
            "FEE-CONSISTENCY",
            Severity.WARNING,
            f"表三“{row_label}”为 {lapsed} 件，说明发出过收费通知，但信息处理费的收费通知件数填的是 0；"
            f"如收费通知是上一年度发出的，请在“{heading}”中说明，否则请核对。",
            table3_place(report.fmt, "r6_2", F.TABLE3_TOTAL_COLUMN),
            expected=f"收费通知件数不少于{lapsed}（或说明为上年发出）",
            found="收费通知件数 0",
        )
    text = report.narrative_text("other").text or ""
    match = _NO_FEE_NOTICE.search(text)
    if match:
        found = _snippet(text, match.start(), match.end())
        yield Finding(
            "FEE-CONSISTENCY",
            Severity.WARNING,
            f"“{heading}”中写明“{found}”，但表三“{row_label}”为 {lapsed} 件（即发出过收费通知而申请人未缴费）；"
            "请写明发出收费通知的件数和金额，或核对表三。",
            narrative_place("other", match.start()),
            expected=f"发出过收费通知（表三为 {lapsed} 件）",
            found=found,
        )


# Above these amounts (万元) a 本年收费金额 is more likely typed in 元. 淮安市人民政府 2024: 96171.6 万元, real.
FEE_UNIT_LIMITS_WAN_YUAN: dict[BodyKind, Decimal] = {
    BodyKind.TOWNSHIP: Decimal(10_000),
    BodyKind.DEPARTMENT: Decimal(100_000),
    BodyKind.GOVERNMENT: Decimal(10_000_000),
}


def check_fee_unit(report: ReportBase, options: CheckOptions) -> Iterator[Finding]:
    if report.version != FormatVersion.V2021:
        return
    block = report.fmt.table2_block("art20_8")
    column = block.columns[0]
    row = block.rows[0]
    value = report.t2(block.key, row.key, column.key)
    if value is None:
        return
    limit = FEE_UNIT_LIMITS_WAN_YUAN[report.meta.body_kind]
    if Decimal(value) <= limit:
        return
    kind = F.BODY_KIND_LABELS[report.meta.body_kind]
    as_wan = show_value(Decimal(value) / 10_000)
    yield Finding(
        "FEE-UNIT",
        Severity.WARNING,
        f"“{column.label}”填的是 {show_value(value)} 万元，对{kind}来说明显偏大，可能是按“元”填写的；"
        f"若原数是元，应填 {as_wan} 万元。如金额属实，可忽略本提示。",
        table2_place(report.fmt, block.key, row.key, column.key),
        expected=f"不超过 {show_value(limit)} 万元（按元计则为 {as_wan} 万元）",
        found=f"{show_value(value)} 万元",
    )


# ---------------------------------------------------------------------------------------------------------
# PII

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_DIGIT_RUN = re.compile(r"(?<![0-9A-Za-z.])(?:\+?86[- ]?)?\d+(?![0-9A-Za-z]|\.\d)")
_GROUPED_MOBILE = re.compile(r"(?<![\d.])(?:\+?86[- ])?1[3-9]\d[- ]\d{4}[- ]\d{4}(?![\d]|\.\d)")
_GROUPED_CARD = re.compile(r"(?<![\d.])\d{4}(?:[- ]\d{4}){3}(?:[- ]\d{1,3})?(?![\d]|\.\d)")
_MOBILE = re.compile(r"(?:\+?86[- ]?)?(1[3-9]\d{9})")
_CODE_CONTEXT = re.compile(r"(?:代码|编码|文号|编号|批准号|登记号)[:：\s]*$")


def _id_number_ok(number: str) -> bool:
    """An 18-character 居民身份证号码: a real birth date and the ISO 7064 MOD 11-2 check character."""
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if not 1900 <= birth.year <= 2100:
        return False
    total = sum(int(c) * w for c, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def _credit_code_ok(code: str) -> bool:
    """An 18-character 统一社会信用代码 (GB 32100-2015) with a valid check character: an organisation, not a person."""
    code = code.upper()
    if len(code) != 18 or any(c not in _CREDIT_CHARS for c in code):
        return False
    total = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(code[:17], _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_CHARS[(31 - total % 31) % 31] == code[17]


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _bank_card(digits: str) -> bool:
    return (
        16 <= len(digits) <= 19
        and digits[0] != "0"
        and len(set(digits)) > 2
        and _luhn_ok(digits)
        and not _credit_code_ok(digits)
    )


def _mask(number: str, keep_head: int, keep_tail: int = 4) -> str:
    return number[:keep_head] + "*" * (len(number) - keep_head - keep_tail) + number[-keep_tail:]


def _personal_numbers(text: str) -> Iterator[tuple[int, str, str]]:
    """(offset, kind, masked number) of every ID number, mobile number and bank-card number in ``text``."""
    text = text.translate(_DIGITS)
    seen: set[int] = set()
    for match in _ID_NUMBER.finditer(text):
        if _CODE_CONTEXT.search(text[max(0, match.start() - 12) : match.start()]):
            continue
        if _id_number_ok(match.group()):
            seen.add(match.start())
            yield match.start(), "居民身份证号码", _mask(match.group(), 6)
    candidates = [*_DIGIT_RUN.finditer(text), *_GROUPED_MOBILE.finditer(text), *_GROUPED_CARD.finditer(text)]
    for match in sorted(candidates, key=lambda m: m.start()):
        if match.start() in seen or _CODE_CONTEXT.search(text[max(0, match.start() - 12) : match.start()]):
            continue
        digits = re.sub(r"[^\d]", "", match.group())
        mobile = _MOBILE.fullmatch(re.sub(r"[- ]", "", match.group()))
        if mobile is not None:
            seen.add(match.start())
            yield match.start(), "手机号码", _mask(mobile.group(1), 3)
        elif _bank_card(digits):
            seen.add(match.start())
            yield match.start(), "银行卡号", _mask(digits, 4)


def check_personal_information(report: ReportBase, options: CheckOptions) -> Iterator[Finding]:
    for part, text in _texts(report):
        for offset, kind, masked in _personal_numbers(text):
            yield Finding(
                "PII",
                Severity.WARNING,
                f"正文中有疑似{kind}（{masked}），公开发布会泄露个人信息；请删除或隐去。"
                "如确为对外公开的办公号码，可忽略本提示。",
                narrative_place(part, offset),
                expected="不含个人信息",
                found=f"{kind} {masked}",
            )


# ---------------------------------------------------------------------------------------------------------
# LENGTH


def check_overview_length(report: ReportBase, options: CheckOptions) -> Iterator[Finding]:
    limit = options.overview_max_chars
    if limit is None:
        return
    texts = [report.narrative_text(p).text or "" for p in _OVERVIEW_PARTS]
    count = sum(len(_WHITESPACE.sub("", t)) for t in texts)
    if count <= limit:
        return
    heading = F.SECTION_BY_KEY["overall"].heading
    yield Finding(
        "LENGTH",
        Severity.WARNING,
        f"“{heading}”正文共 {count} 字（不计空格和换行），超过规定的 {limit} 字，请精简 {count - limit} 字以上。",
        narrative_place("overview"),
        expected=f"不超过{limit}字",
        found=f"{count}字",
    )


# ---------------------------------------------------------------------------------------------------------
# DEADLINE


def _chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def check_deadline(report: ReportBase, options: CheckOptions) -> Iterator[Finding]:
    year = report.meta.year
    kind = report.meta.body_kind
    place = _meta_place("body_kind")
    if kind == BodyKind.TOWNSHIP:
        yield Finding(
            "DEADLINE",
            Severity.INFO,
            f"乡镇（街道）的{year}年度报告按本地政务公开主管部门的通知时限公布，请以当地通知为准。",
            place,
        )
        return
    if kind == BodyKind.GOVERNMENT:
        deadline = date(year + 1, 3, 31)
        rule = "县级以上地方人民政府的年度报告由本级政府信息公开工作主管部门"
    else:
        deadline = date(year + 1, 1, 31)
        rule = "县级以上人民政府部门应向本级政府信息公开工作主管部门提交年度报告，并"
    when = _chinese_date(deadline)
    today = options.today or date.today()
    published = report.meta.published
    rule = f"{rule}在{when}前向社会公布（《{F.REGULATION_TITLE}》第四十九条）"
    found: str | None = None
    if report.meta.origin == "draft" and today > deadline:
        found = _chinese_date(today)
        message = f"{rule}；今天是{found}，已超过期限，请尽快公布。"
    elif report.meta.origin == "imported" and published is not None and published > deadline:
        found = _chinese_date(published)
        message = f"{rule}；本报告发布于{found}，晚于期限。"
    else:
        message = f"{rule}。"
    yield Finding("DEADLINE", Severity.INFO, message, place, expected=f"{when}前公布", found=found)


# ---------------------------------------------------------------------------------------------------------
# PARTIAL-RULE


def check_partial_rule(report: ReportBase, options: CheckOptions) -> Iterator[Finding]:
    fmt = report.fmt
    if not any((_row_value(report, row.key) or 0) > 0 for row in fmt.table3_result_rows):
        return
    partial = fmt.table3_row("r2_partial").label
    not_others = {fmt.table3_group_of(row) for row in ("r1_granted", "r2_partial", F.TABLE3_TOTAL_ROW)}
    others = "、".join(group.label for group in fmt.table3_groups if group not in not_others)
    partial_count = _row_value(report, "r2_partial")
    yield Finding(
        "PARTIAL-RULE",
        Severity.INFO,
        f"一件申请部分公开、部分不公开（区分处理）的，只计入{quoted(partial)}，不再计入{others}；"
        "每件申请在办理结果中只计一次。",
        table3_place(fmt, "r2_partial"),
        found=None if partial_count is None else str(partial_count),
    )


CHECKS = (
    check_format_version,
    check_sections,
    check_placeholders,
    check_title,
    check_years,
    check_fee_statement,
    check_fee_consistency,
    check_fee_unit,
    check_personal_information,
    check_overview_length,
    check_deadline,
    check_partial_rule,
)

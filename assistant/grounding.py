"""Grounding: every number in a narrative text, and whether the figures of the report stand behind it.

Two steps, usable apart:

* :func:`find_numbers` finds every number in a text (Arabic numerals with thousands separators and decimals,
  Chinese numerals such as 一百二十三件, 两次, 十余, 三成, percentages), with its offset, its unit and its
  kind: a quantity or percentage that needs a source, or a year, a date, a law or document number, an
  ordinal, a duration or an identifier (telephone, postcode, address, URL), which do not.
* :func:`ground_text` judges each quantity and percentage against the figures of the report
  (:class:`FigureBook`): the table cells, the sums the templates state (新收＋上年结转, result groups, 表四
  totals, 行政诉讼 as the sum of its two blocks), percentages as a count over a base, and the numbers in the
  clerk's notes. It reads the phrase around a number, not the first number after a keyword: the topic is the
  keyword written right next to the number ("无法提供265件" is about （四）无法提供 even when "本机关不掌握"
  comes earlier in the clause), "受理申请 N 件" may mean 新收 or 新收＋上年结转, a number about another
  scope (全市, 各部门, 备案) or a change (较上年增加) is not judged against this body's table, and parts that
  the text says make up a whole (其中……) must not exceed it. A statement that a figure is zero, written
  without a digit ("未发生行政复议、行政诉讼", "未收到政府信息公开申请", "未收取信息处理费"), is judged too: the
  table must not hold more (the phrases are in ``_ZERO_RULES``).

The result feeds NARRATIVE-NUMBERS (a number or a statement of zero that its table counterpart contradicts:
error) and NARRATIVE-UNVERIFIED (a number with no source at all: warning) in :mod:`assistant.checks.narrative`,
and the model drafter's own check of each draft.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import cache

from . import formats as F
from .findings import show_value, table2_place, table3_place, table4_place
from .formats import FormatVersion
from .model import ReportBase

# ---------------------------------------------------------------------------------------------------------
# Finding numbers

# Full-width digits and signs map one to one onto ASCII, so offsets survive the translation.
_NORMALISE = str.maketrans("０１２３４５６７８９％．", "0123456789%.")


class Kind(StrEnum):
    """What a number in a text is. Only QUANTITY and PERCENT are claims that need a source."""

    QUANTITY = "quantity"  # 95件, 一百二十三件, 2.5万元, 180万次
    PERCENT = "percent"  # 33.9%, 百分之三十, 三成
    YEAR = "year"  # 2024年, 二〇二四年
    DATE = "date"  # 1月1日, 2024-12-31
    DOCUMENT = "document"  # 国务院令第711号, 〔2021〕30号
    ORDINAL = "ordinal"  # 第二十条, （一）, 一是, 1.
    DURATION = "duration"  # 四个季度, 20个工作日
    IDENTIFIER = "identifier"  # telephone, postcode, address, URL, 12345热线, H5, text inside 《》 and “”


CLAIM_KINDS = frozenset({Kind.QUANTITY, Kind.PERCENT})


@dataclass(frozen=True)
class Mention:
    """One number in a text. ``start``/``end`` cover the digits (and the unit, when it is part of the number)."""

    start: int
    end: int
    written: str  # as in the text, unit included: "3,119件", "四项", "33.9%"
    value: Decimal | None
    unit: str  # 件, 万元, %, "" …
    kind: Kind
    approximate: bool = False  # 余, 多, 超, 约, 近, 以上, 左右
    chinese: bool = False

    @property
    def is_claim(self) -> bool:
        return self.kind in CLAIM_KINDS

    @property
    def is_money(self) -> bool:
        return self.unit in _MONEY_UNITS


_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
_CN_CHARS = "".join(_CN_DIGITS) + "".join(_CN_UNITS) + "".join(_CN_BIG)


def parse_chinese_number(text: str) -> int | None:
    """一百二十三 → 123, 两千 → 2000, 三万五千 → 35000, 二〇二四 → 2024; None when ``text`` is not a numeral
    (十四五, 万一, 一一)."""
    if not text or (text[0] not in _CN_DIGITS and text[0] != "十"):
        return None
    if len(text) == 4 and all(c in _CN_DIGITS and c != "两" for c in text):  # a year written digit by digit
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    total, section, digit = 0, 0, None
    smallest_unit = 10_000  # units inside a section must fall: 千 > 百 > 十
    largest_big = 10**12
    for ch in text:
        if ch in _CN_DIGITS:
            if digit is not None:
                return None
            digit = _CN_DIGITS[ch] if _CN_DIGITS[ch] else None
            if _CN_DIGITS[ch] == 0:
                continue
        elif ch in _CN_UNITS:
            unit = _CN_UNITS[ch]
            if unit >= smallest_unit:
                return None
            section += (1 if digit is None else digit) * unit
            smallest_unit, digit = unit, None
        else:
            big = _CN_BIG[ch]
            if big >= largest_big:
                return None
            section += digit or 0
            if section == 0:
                return None
            total += section * big
            section, digit, smallest_unit, largest_big = 0, None, 10_000, big
    return total + section + (digit or 0)


# Units a count may carry, longest first. 万/亿 before a unit multiply (180万次); 万元 is its own unit.
_MONEY_UNITS = ("亿元", "万元", "元")
_COUNT_UNITS = (
    *("人次", "条次", "件次", "篇次", "个", "件", "条", "项", "次", "期", "场", "篇", "名", "人", "位", "家"),
    *("份", "类", "批", "起", "宗", "例", "户", "部", "套", "台", "处", "所", "支", "组", "轮", "张", "本"),
    *("册", "封", "幅", "首", "集"),
)
_DURATION_UNITS = ("个工作日", "工作日", "个季度", "季度", "个月", "小时", "分钟", "天", "周", "年", "日", "秒")
_IDENTIFIER_UNITS = ("号", "楼", "室", "层", "栋", "幢", "单元", "弄", "巷", "路", "版", "级", "星")
_UNIT_RE = "|".join(
    re.escape(u)
    for u in sorted({*_MONEY_UNITS, *_COUNT_UNITS, *_DURATION_UNITS, *_IDENTIFIER_UNITS}, key=len, reverse=True)
)
_APPROX_AFTER = r"余|多|以上|左右|上下|有余"
_APPROX_BEFORE = re.compile(r"(?:约|近|超过|超|逾|达到近|将近|大约|接近)\s*$")

# An Arabic number: grouped thousands or plain digits, a decimal part, then 万/亿, an approximation mark and
# a unit (all optional, spaces allowed, as PDF text has them).
_ARABIC = re.compile(
    rf"(?<![\d.])(?<!\d,)(?P<num>\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+)(?P<dec>\.\d+)?"
    rf"(?P<tail>\s*(?P<big>[万亿](?!元))?\s*(?P<approx>{_APPROX_AFTER})?\s*(?P<unit>%|‰|个百分点|{_UNIT_RE})?)"
)
_CHINESE = re.compile(
    rf"(?<![\d.{_CN_CHARS}])(?P<num>[{_CN_CHARS}]+)(?P<tail>(?P<approx>{_APPROX_AFTER})?(?P<unit>个百分点|成|{_UNIT_RE})?)"
)
_PERCENT_CN = re.compile(r"百分之(?P<num>[零〇一二两三四五六七八九十百]+)(?:点(?P<dec>[零〇一二三四五六七八九]+))?")
# 三成 is a percentage; 成为, 成立, 成效 … are not.
_CHENG_WORD = re.compile(r"[为立效果绩本员功熟长型就交都品分]")

# Phrases whose counters are not counts (political slogans and official formulas).
_IDIOMS = re.compile(
    r"八项规定|五位一体|四个(?:意识|自信|全面|服从)|两个(?:维护|确立|大局|责任|毫不动摇|一百年)|三个(?:代表|务必|有利于)"
    r"|十个明确|十四个坚持|十三个方面|三项制度|三张清单|一岗双责|两学一做|三会一课|四下基层|一网通办|一网统管|一件事"
)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    kind: Kind


def _spans(pattern: re.Pattern[str], text: str, kind: Kind, group: int | str = 0) -> Iterator[_Span]:
    for match in pattern.finditer(text):
        if match.end(group) > match.start(group):
            yield _Span(match.start(group), match.end(group), kind)


_QUOTED = re.compile(r"《[^《》\n]{0,80}》|“[^“”\n]{0,40}”|\"[^\"\n]{0,40}\"|【[^【】\n]{0,80}】|〈[^〈〉\n]{0,60}〉")
_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9._~:/?#\[\]@!$&'*+,;=%-]+|[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_CONTACT = re.compile(
    r"(?:地址|邮编|邮政编码|联系电话|咨询电话|办公电话|电话|传真|电子邮箱|邮箱|网址|E-?mail)"
    r"(?:\s*[:：]\s*[^，,；;。）)\n]{0,60}|\s*(?=[\d(（+])[^，,；;。）)\n]{0,30})",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<!\d)(?:[(（]?0\d{2,3}[)）]?\s*[-—–－]+\s*)\d{7,8}(?!\d)|(?<!\d)1[3-9]\d{9}(?!\d)")
_LATIN_CODE = re.compile(r"[A-Za-z][A-Za-z0-9.+_-]*\d[A-Za-z0-9.+_-]*|\d+(?:\.\d+)?[A-Za-z][A-Za-z0-9]*")
_HOTLINE = re.compile(
    r"\d{3,}(?=\s*[”\"]?\s*(?:热线|专线|报警|急救|服务热线|市民服务|政务服务|便民))|(?<=热线)\s*\d{3,}"
)
_DOCUMENT = re.compile(
    r"令\s*第\s*[\d零〇一二两三四五六七八九十百千]+\s*号"
    r"|[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*第?\s*\d+\s*号"
    r"|第\s*\d+\s*号"
)
_ORDINAL = re.compile(
    rf"第\s*(?:\d+|[{_CN_CHARS}]+)"
    rf"|[（(]\s*(?:\d+|[{_CN_CHARS}]+)\s*[）)]"
    rf"|(?:(?<=^)|(?<=[\n。；;：:，,、]))\s*(?:\d+|[一二三四五六七八九十]+)\s*[.、．](?!\d)"
    rf"|[一二三四五六七八九十]+(?=是)|其[一二三四五六七八九十]"
    rf"|表[一二三四五六]|[一二三四五六]、",
    re.MULTILINE,
)
_YEAR = re.compile(
    r"(?<![\d.])(?:19|20)\d{2}(?=\s*(?:年|—|–|-|~|～|至|/|\.(?:0?[1-9]|1[0-2])(?![\d万亿元件条个项])|\d{1,2}\s*月))"
)
_YEAR_CN = re.compile(r"[零〇一二三四五六七八九]{4}(?=年)")
_DATE = re.compile(
    r"(?<![\d.])(?:(?:19|20)\d{2}\s*年?\s*)?(?:\d{1,2}\s*[-—–~～至到]\s*)?\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?"
    r"|(?<![\d.])\d{1,2}\s*[日号](?=\s*(?:前|起|止|至|到|，|,|。|；|、|以前|之前|以后|上午|下午))"
    r"|(?<![\d.])(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)"
)


def _normalised_phrases(protected: Iterable[str]) -> tuple[str, ...]:
    """The protected strings that can hold a number (two characters or more), normalised like the text."""
    return tuple(phrase.translate(_NORMALISE) for phrase in protected if phrase and len(phrase) >= 2)


def _protected_spans(text: str, phrases: tuple[str, ...]) -> list[_Span]:
    """Spans whose numbers are not claims: quotations, titles, contact details, codes, law numbers, dates.
    ``phrases``: see :func:`_normalised_phrases`."""
    # The specific kinds first: a number inside two spans takes the kind of the first.
    spans: list[_Span] = [
        *_spans(_DOCUMENT, text, Kind.DOCUMENT),
        *_spans(_YEAR, text, Kind.YEAR),
        *_spans(_YEAR_CN, text, Kind.YEAR),
        *_spans(_DATE, text, Kind.DATE),
        *_spans(_ORDINAL, text, Kind.ORDINAL),
    ]
    spans += _phrase_spans(text, phrases)
    spans += _spans(_IDIOMS, text, Kind.IDENTIFIER)
    spans += _spans(_QUOTED, text, Kind.IDENTIFIER)
    spans += _spans(_URL, text, Kind.IDENTIFIER)
    spans += _spans(_CONTACT, text, Kind.IDENTIFIER)
    spans += _spans(_PHONE, text, Kind.IDENTIFIER)
    spans += _spans(_LATIN_CODE, text, Kind.IDENTIFIER)
    spans += _spans(_HOTLINE, text, Kind.IDENTIFIER)
    return spans


def _phrase_spans(text: str, phrases: tuple[str, ...]) -> Iterator[_Span]:
    for phrase in phrases:  # every occurrence, left to right, without overlaps
        at = text.find(phrase)
        while at >= 0:
            yield _Span(at, at + len(phrase), Kind.IDENTIFIER)
            at = text.find(phrase, at + len(phrase))


def _covering(spans: list[_Span], start: int, end: int) -> _Span | None:
    for span in spans:
        if span.start <= start and end <= span.end:
            return span
    return None


def _decimal(digits: str) -> Decimal | None:
    try:
        return Decimal(digits.replace(",", ""))
    except InvalidOperation:
        return None


def _kind_for_unit(unit: str) -> Kind:
    if unit in ("%", "‰", "成"):
        return Kind.PERCENT
    if unit in _DURATION_UNITS:
        return Kind.DURATION
    if unit in _IDENTIFIER_UNITS:
        return Kind.IDENTIFIER
    return Kind.QUANTITY


def _arabic_mentions(text: str, norm: str, spans: list[_Span]) -> Iterator[Mention]:
    for match in _ARABIC.finditer(norm):
        digits = match.group("num") + (match.group("dec") or "")
        value = _decimal(digits)
        unit = match.group("unit") or ""
        big = match.group("big")
        last = next((g for g in ("unit", "approx", "big", "dec") if match.group(g)), "num")
        start, end = match.start("num"), match.end(last)
        approximate = bool(match.group("approx")) or bool(_APPROX_BEFORE.search(norm[max(0, start - 4) : start]))
        if value is not None and big:
            value *= _CN_BIG[big]
        covering = _covering(spans, start, match.end("num"))
        if unit == "个百分点":
            kind = Kind.QUANTITY
        elif covering is not None:
            kind = covering.kind
        else:
            kind = _kind_for_unit(unit)
            # A long bare number is a code (postcode, account, hotline), not a count.
            if not unit and not big and len(match.group("num")) >= 5 and not match.group("dec"):
                kind = Kind.IDENTIFIER
        yield Mention(start, end, text[start:end], value, unit, kind, approximate, chinese=False)


def _chinese_mentions(text: str, norm: str, spans: list[_Span]) -> Iterator[Mention]:
    for match in _PERCENT_CN.finditer(norm):
        whole = parse_chinese_number(match.group("num"))
        if whole is None:
            continue
        value = Decimal(whole)
        if match.group("dec"):
            value += Decimal("0." + "".join(str(_CN_DIGITS[c]) for c in match.group("dec")))
        covering = _covering(spans, match.start(), match.end())
        kind = covering.kind if covering else Kind.PERCENT
        yield Mention(match.start(), match.end(), text[match.start() : match.end()], value, "%", kind, chinese=True)
    taken = [(m.start(), m.end()) for m in _PERCENT_CN.finditer(norm)]
    for match in _CHINESE.finditer(norm):
        start = match.start("num")
        if any(s <= start < e for s, e in taken):
            continue
        unit = match.group("unit") or ""
        approximate = bool(match.group("approx"))
        numeral = match.group("num")
        covering = _covering(spans, start, match.end("num"))
        if covering is not None and covering.kind in (Kind.ORDINAL, Kind.YEAR, Kind.DOCUMENT):
            value = parse_chinese_number(numeral)
            kind = covering.kind
        else:
            if not unit:
                continue  # 二十大, 三同步, 两会: a numeral with no counter is a name, not a count
            if unit == "成" and _CHENG_WORD.match(norm, match.end("unit")):
                continue
            value = parse_chinese_number(numeral)
            if value is None:
                continue
            kind = covering.kind if covering is not None else _kind_for_unit(unit)
        if value is None:
            continue
        number = Decimal(value)
        if unit == "成":
            number *= 10
        end = match.end("unit") if unit else match.end("approx") if approximate else match.end("num")
        yield Mention(start, end, text[start:end], number, unit, kind, approximate, chinese=True)


def find_numbers(text: str, *, protected: Iterable[str] = ()) -> list[Mention]:
    """Every number in ``text``, in text order, each with its kind. ``protected`` are strings of the report
    (the agency's name, the contact details) whose numbers are part of a name, not claims."""
    return _find_numbers(text, _normalised_phrases(protected))


def _find_numbers(text: str, phrases: tuple[str, ...]) -> list[Mention]:
    norm = text.translate(_NORMALISE)
    spans = _protected_spans(norm, phrases)
    mentions = [*_arabic_mentions(text, norm, spans), *_chinese_mentions(text, norm, spans)]
    mentions.sort(key=lambda m: m.start)
    return mentions


# ---------------------------------------------------------------------------------------------------------
# The figures of a report


@dataclass(frozen=True)
class Figure:
    """A number the tables (or the fee statement) give, under a name a clerk recognises."""

    key: str
    label: str
    value: Decimal | None  # None: the table leaves it blank
    money_unit: str | None = None  # 元 or 万元 for amounts; None for counts

    @property
    def shown(self) -> str:
        """The value with its unit, as prose writes it: 95件, 2.5万元, 6个, 3项."""
        unit = self.money_unit or "件"
        if self.key.endswith(".projects"):
            unit = "个"
        elif self.key.endswith((".prev_items", ".delta")):
            unit = "项"
        return f"{show_value(self.value)}{unit}"


def _dec(value: object) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value))


def _sum_known(values: Iterable[Decimal | None]) -> Decimal | None:
    known = [v for v in values if v is not None]
    return sum(known, Decimal(0)) if known else None


class FigureBook:
    """Every figure of a report that a narrative may state, with the sums the templates state.

    A blank total is the sum of its parts that are filled in (imported reports leave totals blank); a figure
    whose cells are all blank is None and is never judged.
    """

    def __init__(self, report: ReportBase) -> None:
        self.report = report
        self.figures: dict[str, Figure] = {}
        fmt = report.fmt
        self._table3(report, fmt)
        self._table4(report)
        self._table2(report, fmt)
        fees = report.fees
        self._add("fees.notices", "信息处理费收费通知件数", _dec(fees.notices_issued))
        self._add("fees.notices_amount", "信息处理费收费通知金额", _dec(fees.notices_amount_yuan), "元")
        self._add("fees.collected", "实际收取的信息处理费", _dec(fees.collected_yuan), "元")

    # -- building

    def _add(self, key: str, label: str, value: Decimal | None, money_unit: str | None = None) -> None:
        self.figures[key] = Figure(key, label, value, money_unit)

    def _row(self, report: ReportBase, row: str, column: str = F.TABLE3_TOTAL_COLUMN) -> Decimal | None:
        if not any(r.key == row for r in report.fmt.table3_rows):
            return None
        given = report.t3(row, column)
        if given is not None or column != F.TABLE3_TOTAL_COLUMN:
            return _dec(given)
        return _sum_known(_dec(report.t3(row, c)) for c in F.TABLE3_PART_COLUMNS)

    def _table3(self, report: ReportBase, fmt: F.ReportFormat) -> None:
        def label(row: str) -> str:
            return table3_place(fmt, row).label

        new = self._row(report, "new_received")
        carried_in = self._row(report, "carried_in")
        self._add("t3.new", label("new_received"), new)
        self._add("t3.carried_in", label("carried_in"), carried_in)
        self._add("t3.handled", "表三“一、本年新收”与“二、上年结转”之和", _sum_known([new, carried_in]))
        self._add("t3.carried_out", label(F.TABLE3_CARRIED_OUT.key), self._row(report, F.TABLE3_CARRIED_OUT.key))
        persons = self._row(report, "new_received", "natural_person")
        self._add("t3.persons", "表三“一、本年新收”中自然人提出的申请", _dec(persons))
        orgs = _sum_known(self._row(report, "new_received", c) for c in F.TABLE3_ORG_COLUMNS)
        self._add("t3.orgs", f"表三“一、本年新收”中{F.TABLE3_ORG_GROUP}提出的申请", orgs)
        groups: dict[str, Decimal | None] = {}
        for group in fmt.table3_groups:
            if group.key == "r7":
                continue
            rows = {r.key: self._row(report, r.key) for r in group.rows}
            groups[group.key] = _sum_known(rows.values())
            name = group.label.split("（区分处理")[0]
            suffix = "各项之和" if group.has_subrows else ""
            self._add(f"t3.{group.key}", f"表三“{name}”{suffix}", groups[group.key])
            if group.has_subrows:
                for row in group.rows:
                    self._add(f"t3.{row.key}", label(row.key), rows[row.key])
        concluded = self._row(report, F.TABLE3_TOTAL_ROW)
        if concluded is None:
            concluded = _sum_known(groups.values())
        self._add("t3.concluded", label(F.TABLE3_TOTAL_ROW), concluded)
        self._add("t3.r1r2", "表三“（一）予以公开”与“（二）部分公开”之和", _sum_known([groups["r1"], groups["r2"]]))

    def _table4(self, report: ReportBase) -> None:
        for block in F.TABLE4_BLOCKS:
            parts = {c: _dec(report.t4(block.key, c)) for c in F.TABLE4_PART_COLUMNS}
            total = _dec(report.t4(block.key, F.TABLE4_TOTAL_COLUMN))
            if total is None:
                total = _sum_known(parts.values())
            for column in F.TABLE4_COLUMNS:
                value = total if column.key == F.TABLE4_TOTAL_COLUMN else parts[column.key]
                self._add(f"t4.{block.key}.{column.key}", table4_place(block.key, column.key).label, value)
        for column in F.TABLE4_COLUMNS:
            value = _sum_known(
                self.figures[f"t4.{b}.{column.key}"].value for b in ("litigation_direct", "litigation_after_review")
            )
            label = f"表四 {F.TABLE4_LITIGATION_LABEL}（未经复议直接起诉与复议后起诉之和）/ {column.label}"
            self._add(f"t4.litigation.{column.key}", label, value)

    def _table2(self, report: ReportBase, fmt: F.ReportFormat) -> None:
        for block in fmt.table2:
            for row in block.rows:
                for column in block.columns:
                    value = _dec(report.t2(block.key, row.key, column.key))
                    money = None
                    if column.kind is F.CellKind.AMOUNT:
                        money = column.unit or getattr(
                            getattr(getattr(report.table2, block.key), row.key),
                            "total_amount_unit",
                            None,  # type: ignore[attr-defined]
                        )
                        money = money or "元"
                    label = table2_place(fmt, block.key, row.key, column.key).label
                    self._add(f"t2.{block.key}.{row.key}.{column.key}", label, value, money)

    # -- reading

    def __getitem__(self, key: str) -> Figure:
        return self.figures[key]

    def get(self, key: str) -> Figure | None:
        return self.figures.get(key)

    @property
    def known(self) -> list[Figure]:
        return [f for f in self.figures.values() if f.value is not None]

    def money_values_yuan(self) -> frozenset[Decimal]:
        return frozenset(_to_yuan(f.value, f.money_unit) for f in self.known if f.money_unit)  # type: ignore[arg-type]

    def ratio_pairs(self) -> tuple[tuple[Decimal, Decimal], ...]:
        """(count, base) pairs a percentage may be: a result over the applications, a 表四 column over its total."""
        bases = {k: self.figures[k].value for k in ("t3.concluded", "t3.new", "t3.handled")}
        counts = {k: f.value for k, f in self.figures.items() if k.startswith("t3.") and k not in bases}
        pairs = [(c, b) for c in counts.values() for b in bases.values() if c is not None and b]
        for block in ("review", "litigation_direct", "litigation_after_review", "litigation"):
            total = self.figures[f"t4.{block}.total"].value
            if total:
                for column in F.TABLE4_PART_COLUMNS:
                    part = self.figures[f"t4.{block}.{column}"].value
                    if part is not None:
                        pairs.append((part, total))
        return tuple(pairs)


def _to_yuan(value: Decimal, unit: str | None) -> Decimal:
    return value * {"万元": 10_000, "亿元": 100_000_000}.get(unit or "元", 1)


# ---------------------------------------------------------------------------------------------------------
# Topics: which figure a phrase is about


@dataclass(frozen=True)
class _Rule:
    """A phrase that names a figure. ``pattern`` is matched at the end of the text before the number (or, for
    ``after`` rules, at the start of the text after it); its last group is the slack between keyword and
    number, which must not hold 等 (an open list: "不掌握等原因无法提供" is about 无法提供)."""

    topics: tuple[str, ...]
    pattern: re.Pattern[str]
    after: bool = False
    table2_row: tuple[str, str] | None = None  # (block, row): the column follows from the verb


_SLACK = r"(?P<slack>[^，,。；;：:（(）)\n]{0,%d}?)"


def _before(keyword: str, topics: Iterable[str], slack: int = 0, tail: str = "") -> _Rule:
    return _Rule(tuple(topics), re.compile(rf"(?:{keyword}){tail}{_SLACK % slack}$"))


def _after(keyword: str, topics: Iterable[str], slack: int = 0) -> _Rule:
    return _Rule(tuple(topics), re.compile(rf"^{_SLACK % slack}(?:{keyword})"), after=True)


_OBJ = r"(?:[^，,。；;：:（(）)\n]{0,14}?(?:申请|依申请(?:信息)?公开))(?:事项|件数|数量|总数|总量)?"
_REQUEST_RULES: tuple[_Rule, ...] = (
    _before(r"(?:本年(?:度)?)?新(?:收|接收|受理|收到)" + _OBJ, ("t3.new",)),
    _before(r"新(?:收|接收)(?:申请)?(?:数量)?", ("t3.new",)),
    _before(r"(?:受理|收到|接收|接到|收悉)" + _OBJ, ("t3.new", "t3.handled")),
    _before(
        r"(?:依申请(?:信息)?公开|政府信息公开申请|信息公开申请)(?:事项|件数|数量|总数|总量)?", ("t3.new", "t3.handled")
    ),
    _before(r"(?:申请(?:数量|总数|总量|件数))", ("t3.new", "t3.handled")),
    _before(r"(?:办理|处理)" + _OBJ, ("t3.new", "t3.handled", "t3.concluded")),
    _before(r"(?:答复|作出答复|完成答复)" + _OBJ + "?", ("t3.concluded", "t3.new", "t3.handled")),
    _before(r"(?:办结|已办结|办理完毕|审结)(?:[^，,。；;：:（(）)\n]{0,10}?申请)?(?:数量)?", ("t3.concluded",)),
    _before(
        r"(?:上年(?:度)?|上一年(?:度)?|去年)(?:结转|转结|遗留)(?:[^，,。；;：:（(）)\n]{0,10}?申请)?(?:数量)?",
        ("t3.carried_in",),
    ),
    _before(
        r"(?:结转|转入|顺延|转至)(?:到|至|入)?(?:下一?年度?|下年|次年|明年)(?:继续办理|办理|答复)?(?:的)?(?:申请)?(?:数量)?",
        ("t3.carried_out",),
    ),
    _after(r"(?:结转|顺延|转入|转至|延续)(?:到|至|入)?(?:下一?年度?|下年|次年|明年)", ("t3.carried_out",), slack=16),
    _before(r"自然人(?:提出|申请)?(?:的)?(?:申请)?", ("t3.persons",)),
    _before(r"法人(?:或|和|及)其他组织(?:提出|申请)?(?:的)?(?:申请)?", ("t3.orgs",)),
    _before(r"(?:予以公开|全部公开|同意公开)(?:及|和|与|、|或|以及)部分公开|全部或部分公开", ("t3.r1r2",)),
    _before(r"(?:予以公开|全部公开|同意公开)", ("t3.r1", "t3.r1r2"), tail="(?:的)?"),
    _before(r"部分公开", ("t3.r2",), tail="(?:的)?"),
    _before(r"不予公开", ("t3.r3",), tail="(?:的)?"),
    _before(r"无法提供", ("t3.r4",), tail="(?:的)?"),
    _before(r"不予处理", ("t3.r5",), tail="(?:的)?"),
    _before(r"其他处理", ("t3.r6",), tail="(?:的)?"),
    _before(r"国家秘密", ("t3.r3_1",), 6),
    _before(r"法律行政法规禁止公开", ("t3.r3_2",), 6),
    _before(r"三安全一稳定", ("t3.r3_3",), 6),
    _before(r"第三方合法权益", ("t3.r3_4",), 6),
    _before(r"内部事务信息", ("t3.r3_5",), 6),
    _before(r"过程性信息", ("t3.r3_6",), 6),
    _before(r"行政执法案卷", ("t3.r3_7",), 6),
    _before(r"行政查询事项", ("t3.r3_8",), 6),
    _before(r"不掌握(?:相关)?(?:的)?(?:政府)?信息", ("t3.r4_1",), 6),
    _before(r"没有现成信息|另行制作", ("t3.r4_2",), 6),
    _before(r"补正后(?:申请内容)?仍不明确", ("t3.r4_3",), 6),
    _before(r"信访(?:举报投诉|投诉举报)类?(?:申请)?", ("t3.r5_1",), 6),
    _before(r"重复申请", ("t3.r5_2",), 6),
    _before(r"公开出版物", ("t3.r5_3",), 6),
    _before(r"大量反复申请", ("t3.r5_4",), 6),
    _before(r"确认或重新出具", ("t3.r5_5",), 6),
    _before(r"逾期不补正", ("t3.r6_1",), 12),
    _before(r"(?:逾期)?未按收费通知(?:要求)?缴纳费用", ("t3.r6_2",), 12),
)
_DISPUTE_RULES: tuple[_Rule, ...] = (
    _before(r"(?:未经复议)?直接(?:提起)?(?:行政)?(?:起诉|诉讼)(?:案件)?", ("t4.litigation_direct.total",)),
    _before(r"复议后(?:提起)?(?:行政)?(?:起诉|诉讼)(?:案件)?", ("t4.litigation_after_review.total",)),
    _before(r"(?:行政)?复议(?:案件)?(?:申请)?", ("t4.review.total",)),
    _before(
        r"(?:行政)?(?:诉讼|起诉|应诉)(?:案件)?",
        ("t4.litigation.total", "t4.litigation_direct.total", "t4.litigation_after_review.total"),
    ),
)
# 表四 result columns: judged against the block the sentence is about (see _dispute_context).
_RESULT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("upheld", re.compile(r"(?:结果维持|维持原(?:决定|行政行为|答复)?|被维持|维持)(?:的)?$")),
    ("corrected", re.compile(r"(?:结果纠正|被纠正|纠正|被纠错|纠错)(?:的)?$")),
    ("other", re.compile(r"其他结果(?:的)?$")),
    ("pending", re.compile(r"(?:尚未审结|未审结|未结案|尚在审理|审理中|正在审理)(?:的)?$")),
)
_FEE_RULES: tuple[_Rule, ...] = (
    _before(r"收费通知(?:书)?", ("fees.notices",)),
    _before(r"通知(?:收费)?金额", ("fees.notices_amount",)),
    _before(r"(?:收取|实收|收缴|收到|实际收取)[^，,。；;：:（(）)\n]{0,14}?处理费(?:用)?", ("fees.collected",)),
    _before(r"信息处理费(?:收入|金额)?", ("fees.collected", "fees.notices_amount")),
)

_ISSUED = r"制发|出台|印发|制定|发布|新制定|新出台|新增"
_REPEALED = r"废止|废除|宣布失效|失效"
_IN_FORCE = r"现行有效|有效|现行"
_VERBS_2021 = (("issued", _ISSUED), ("repealed", _REPEALED), ("in_force", _IN_FORCE))
_VERBS_2019 = (
    ("new_made", r"新制作|制作|制发|出台|印发|制定"),
    ("new_published", r"新公开|本年公开|新增公开"),
    ("total_public", r"对外公开总|累计公开|公开总|现行有效|有效"),
)


@cache
def _table2_rules(version: FormatVersion) -> tuple[_Rule, ...]:
    docs_row = "admin_normative_docs" if version is FormatVersion.V2021 else "normative_docs"
    rules = [
        _Rule(
            (), re.compile(rf"(?<!部门)(?<!部门行政)(?:政府)?规章{_SLACK % 0}$"), table2_row=("art20_1", "regulations")
        ),
        _Rule((), re.compile(rf"(?<!部门)(?:行政)?规范性文件{_SLACK % 0}$"), table2_row=("art20_1", docs_row)),
        _Rule((), re.compile(rf"^{_SLACK % 0}(?:的)?(?:政府)?规章"), after=True, table2_row=("art20_1", "regulations")),
        _Rule(
            (), re.compile(rf"^{_SLACK % 0}(?:的)?(?:行政)?规范性文件"), after=True, table2_row=("art20_1", docs_row)
        ),
    ]
    decisions = r"(?:处理)?决定(?:书)?"
    for row, keyword in (("licensing", "行政许可"), ("penalty", "行政处罚"), ("coercion", "行政强制")):
        block = "art20_5" if row == "licensing" else "art20_6"
        if version is FormatVersion.V2021:
            rules.append(_before(rf"{keyword}(?:{decisions})?(?:数量)?", (f"t2.{block}.{row}.decisions",)))
            rules.append(_after(rf"(?:的)?{keyword}{decisions}", (f"t2.{block}.{row}.decisions",)))
        else:
            columns = ("prev_items", "delta", "decisions")
            rules.append(
                _before(rf"{keyword}(?:{decisions}|事项)?(?:数量)?", (f"t2.{block}.{row}.{c}" for c in columns))
            )
    if version is FormatVersion.V2021:
        rules.append(_before(r"行政事业性收费(?:金额|总额|收入)?", ("t2.art20_8.admin_fees.amount_wan_yuan",)))
    else:
        other = ("prev_items", "delta", "decisions")
        rules.append(_before(r"其他对外管理服务事项(?:处理决定)?", (f"t2.art20_5.other_services.{c}" for c in other)))
        rules.append(
            _before(
                r"行政事业性收费(?:项目)?(?:数量)?", ("t2.art20_8.admin_fees.prev_items", "t2.art20_8.admin_fees.delta")
            )
        )
        rules.append(_before(r"(?:政府)?集中采购项目(?:数量)?", ("t2.art20_9.central_procurement.projects",)))
        rules.append(_before(r"采购总?金额", ("t2.art20_9.central_procurement.total_amount",)))
    return tuple(rules)


# The scope of a number is another body's (全市备案的复议案件, 各部门) or it is a change, not a level.
_OTHER_SCOPE = re.compile(
    r"全市|全县|全区|全省|全州|全盟|全旗|全镇|全乡|全国|各地|各级|各部门|各单位|各县(?:市)?区|各区县|各乡镇|各街道"
    r"|(?:市|县|区)级部门|所属|下属|下级|系统内|辖区|备案|全系统|部门规范性文件"
)
_CHANGE = re.compile(r"较|同比|环比|比上年|比去年|增加|减少|增长|下降|上升|回落|降低|提高|增幅|降幅")
_FILLER = re.compile(r"(?:共计|总计|合计|累计|共|计|为|达到|达|了|约|近|超过|超|逾|分别为|分别是|均为|是|有)\s*$")

_CLAUSE_BREAKS = "，,；;。！？!?：:\n"
_SENTENCE_BREAKS = "。！？!?\n"
_OPEN, _CLOSE = "（(", "）)"


def _back(text: str, end: int, breaks: str) -> str:
    """The text before ``end`` back to a break, with closed parentheses (and what they hold) left out; an
    unmatched opening parenthesis ends it."""
    out: list[str] = []
    depth = 0
    i = end - 1
    while i >= 0:
        ch = text[i]
        if ch in _CLOSE:
            depth += 1
        elif ch in _OPEN:
            if depth == 0:
                break
            depth -= 1
        elif depth == 0:
            if ch in breaks:
                break
            out.append(ch)
        i -= 1
    return "".join(reversed(out))


def _forward(text: str, start: int, breaks: str = _CLAUSE_BREAKS) -> str:
    end = start
    while end < len(text) and text[end] not in breaks and text[end] not in _OPEN:
        end += 1
    return text[start:end]


@dataclass
class _Topic:
    keys: tuple[str, ...]
    slack: int
    keyword_len: int
    each: bool = False


def _match_rule(rule: _Rule, before: str, after: str) -> tuple[int, int] | None:
    """(slack, keyword length) when ``rule`` names the number, else None."""
    if rule.after:
        match = rule.pattern.search(after)
        if match is None:
            return None
        slack = match.group("slack")
        return (len(slack), match.end() - match.end("slack")) if "等" not in slack else None
    match = rule.pattern.search(before)
    if match is None:
        return None
    slack = match.group("slack")
    return (len(slack), match.start("slack") - match.start()) if "等" not in slack else None


def _table2_columns(rule: _Rule, clause: str, version: FormatVersion) -> tuple[str, ...]:
    block, row = rule.table2_row  # type: ignore[misc]
    verbs = _VERBS_2021 if version is FormatVersion.V2021 else _VERBS_2019
    found: list[tuple[int, str]] = []
    for column, pattern in verbs:
        for match in re.finditer(pattern, clause):
            found.append((match.end(), column))
    if found:
        column = max(found)[1]  # the verb nearest the number
        return (f"t2.{block}.{row}.{column}",)
    columns = [c.key for c in F.format_for(version).table2_block(block).columns]
    return tuple(f"t2.{block}.{row}.{c}" for c in columns)


_DISPUTE_CONTEXT = re.compile(
    r"复议后(?:提起)?(?:行政)?(?:起诉|诉讼)|直接(?:提起)?(?:行政)?(?:起诉|诉讼)|诉讼|起诉|复议"
)


def _dispute_context(sentence: str) -> tuple[str, ...] | None:
    """The 表四 blocks the last dispute named in ``sentence`` belongs to."""
    matches = list(_DISPUTE_CONTEXT.finditer(sentence))
    if not matches:
        return None
    last = matches[-1].group()
    if last.startswith("复议后"):
        return ("litigation_after_review",)
    if last.startswith("直接"):
        return ("litigation_direct",)
    if last == "复议":
        return ("review",)
    return ("litigation", "litigation_direct", "litigation_after_review")


# ---------------------------------------------------------------------------------------------------------
# Statements that a figure is zero, written without a digit


@dataclass(frozen=True)
class _Zero:
    """Something a text may say there was none of ("未发生行政复议", "未收到政府信息公开申请", "未收取信息处理费"):
    the figures ``keys`` must then be 0 or blank. ``noun`` is the noun phrase (a regex without capturing
    groups). ``any_modifier``: after a verb, any words may come before the noun ("未发生因……引起的行政复议");
    otherwise only words that do not narrow the noun down to a part may (_ZERO_MODIFIER: "未收到任何形式的
    政府信息公开申请" is a zero, "未收到信函申请" is not)."""

    keys: tuple[str, ...]
    noun: str
    any_modifier: bool = False


# First match wins at a position: the specific nouns before the ones they contain (复议后起诉 before 复议,
# 收费通知 before 收费, 被申请行政复议 before 申请).
_ZERO_RULES: tuple[_Zero, ...] = (
    _Zero(("t4.litigation_after_review.total",), r"复议后(?:被?提起)?(?:行政)?(?:起诉|诉讼)", any_modifier=True),
    _Zero(("t4.litigation_direct.total",), r"直接(?:被?提起)?(?:行政)?(?:起诉|诉讼)", any_modifier=True),
    _Zero(("t4.review.total",), r"(?:被?申请)?(?:行政)?复议", any_modifier=True),
    _Zero(("t4.litigation.total",), r"(?:被?提起|被)?(?:行政)?(?:诉讼|起诉|应诉)", any_modifier=True),
    _Zero(("t3.carried_in",), r"上一?年度?(?:结转|转结|遗留)的?(?:政府信息公开)?申请"),
    _Zero(("t3.carried_out",), r"结转(?:到|至)?下一?年度?(?:继续办理)?的?(?:政府信息公开)?申请"),
    _Zero(("t3.new",), r"(?:(?:政府)?信息公开|依申请公开的?)?申请|依申请公开"),
    _Zero(("fees.notices",), r"(?:信息处理费)?(?:收费|缴费)通知(?:书)?"),
    _Zero(("fees.collected",), r"(?:信息)?处理费(?:用)?|收费|费用"),
)
# The nouns, each in its group z0, z1 …, and what may follow the last one ("案件", "等情况").
_ZERO_NOUN = re.compile(
    "(?:"
    + "|".join(f"(?P<z{i}>{rule.noun})" for i, rule in enumerate(_ZERO_RULES))
    + r")等?(?:的?(?:案件|事项|情况|情形|事件|现象|数量|总数))?"
)
# 未 / 没有 / 无 (不 before 收取) and the verb of the claim; 为零, or ：无 ending a clause, closes a claim whose
# nouns come first ("行政复议为零", "行政复议：无").
_NEGATION = re.compile(
    r"(?:没有|未曾|未|无|不(?=收取|收缴))(?:再|曾)?(?:向申请人)?"
    r"(?P<verb>发生|出现|产生|收到|接到|接收|收悉|受理|新收|涉及|遇到|收取|收缴|发出|发放|开具|出具|下发|送达)?"
    r"|(?P<zero>为零|[：:]\s*(?:无|没有)(?=\s*(?:[。；;，,\n]|$)))"  # "行政复议：无", as a list of items writes it
)
# Words before the noun that keep the whole of it: a time, 任何, the cause (因政府信息公开工作引起的). Others
# narrow it down (信函申请) or name another thing (行政事业性收费, the other fee of spec FEE-STATEMENT).
_ZERO_MODIFIER = re.compile(
    r"(?:\d{4}年度?|本年度?|全年|今年)?(?:任何(?:形式的)?)?(?:因|涉及|有关|关于)?(?:政府信息公开|信息公开)?"
    r"(?:工作|事项|方面|类|申请)?(?:而|所)?(?:引起|引发|产生|导致)?的?(?:公民、法人(?:和|或|及)其他组织(?:提出)?的)?"
)
# A condition, a plan or another year: not a statement about this year's figures.
_NOT_A_FACT = re.compile(
    r"如|若|一旦|力争|争取|确保|保证|力求|避免|防止|杜绝|是否|有无|以免|今后|以后|上一?年|去年|往年|前年"
)
_ZERO_AND = frozenset({"、", "和", "及", "与", "或", "以及", "或者"})
_ZERO_BEFORE_NEXT = ("、", "和", "及", "与", "或", "也", "亦", "且", "并", "同时")  # "未收到申请，也未发生……"
_ZERO_ADVERBS = ("均", "都", "也", "亦", "全部", "一直", "从", "全年", "本年度", "本年", "今年")  # "行政复议均未发生"
_ZERO_BREAKS = _CLAUSE_BREAKS + _OPEN + _CLOSE


@dataclass(frozen=True)
class _ZeroClaim:
    start: int
    end: int
    rules: tuple[_Zero, ...]


def _strip_end(text: str, endings: tuple[str, ...]) -> str:
    while ending := next((e for e in endings if text.endswith(e)), None):
        text = text.removesuffix(ending)
    return text


def _zero_nouns(phrase: str) -> list[re.Match[str]]:
    """The nouns that end ``phrase``: the last one and those joined to it by 、和及与或."""
    nouns = list(_ZERO_NOUN.finditer(phrase))
    if not nouns or nouns[-1].end() != len(phrase):
        return []
    joined = [nouns[-1]]
    for noun in reversed(nouns[:-1]):
        if phrase[noun.end() : joined[0].start()] not in _ZERO_AND:
            break
        joined.insert(0, noun)
    return joined


def _zero_rule(phrase: str, noun: re.Match[str]) -> _Zero:
    """The rule of ``noun``; for 行政诉讼 after a kind of it and 的 ("复议后起诉的行政诉讼"), the kind's."""
    rule = _ZERO_RULES[int((noun.lastgroup or "z")[1:])]
    if rule.keys != ("t4.litigation.total",):
        return rule
    for kind in (r for r in _ZERO_RULES if r.keys[0].startswith("t4.litigation_")):
        if re.search(rf"(?:{kind.noun})的?$", phrase[: noun.start()]):
            return kind
    return rule


def _zero_claim(text: str, negation: re.Match[str]) -> _ZeroClaim | None:
    """The statement a _NEGATION match makes, when it says there was none of a _ZERO_RULES noun this year:
    the nouns follow it (未发生……行政复议) or, with a verb or 为零 and nothing after, come before it in the
    clause (行政复议……均未发生). ``text`` is normalised."""
    clause_start = max(text.rfind(ch, 0, negation.start()) for ch in _ZERO_BREAKS) + 1
    stated = bool(negation.group("verb") or negation.group("zero"))
    predicate = "" if negation.group("zero") else _forward(text, negation.end(), _ZERO_BREAKS)
    following = _NEGATION.search(predicate)
    predicate = _strip_end(predicate[: following.start()] if following else predicate, _ZERO_BEFORE_NEXT)
    if predicate:
        phrase = predicate
        nouns = _zero_nouns(phrase)
        if not nouns:
            return None
        start, end = negation.start(), negation.end() + nouns[-1].end()
    elif stated:
        phrase = _strip_end(text[clause_start : negation.start()], _ZERO_ADVERBS)
        nouns = _zero_nouns(phrase)
        if not nouns:
            return None
        start, end = clause_start + nouns[0].start(), negation.end()
    else:
        return None
    slack = phrase[: nouns[0].start()]
    rules = tuple(_zero_rule(phrase, noun) for noun in nouns)
    if (not stated or not all(r.any_modifier for r in rules)) and not _ZERO_MODIFIER.fullmatch(slack):
        return None
    if _NOT_A_FACT.search(text, clause_start, start):
        return None
    if _OTHER_SCOPE.search(_back(text, start, _SENTENCE_BREAKS) + text[start:end]):
        return None
    return _ZeroClaim(start, end, rules)


# ---------------------------------------------------------------------------------------------------------
# Judging


class Verdict(StrEnum):
    MATCHES = "matches"  # its table counterpart agrees
    CONTRADICTS = "contradicts"  # its table counterpart disagrees (NARRATIVE-NUMBERS)
    GROUNDED = "grounded"  # a figure, a sum of figures, a ratio of figures, or a number of the notes
    UNVERIFIED = "unverified"  # none of these (NARRATIVE-UNVERIFIED)
    NOT_A_CLAIM = "not_a_claim"  # a year, a date, a document number, an ordinal, a code …


@dataclass(frozen=True)
class Judgement:
    mention: Mention
    verdict: Verdict
    figures: tuple[Figure, ...] = ()  # the counterparts the phrase names
    reason: str = ""


@dataclass(frozen=True)
class Issue:
    """A problem to report: code NARRATIVE-NUMBERS (error) or NARRATIVE-UNVERIFIED (warning)."""

    code: str
    start: int
    end: int
    message: str
    expected: str | None
    found: str


@dataclass
class Grounding:
    text: str
    judgements: list[Judgement] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def contradictions(self) -> list[Issue]:
        return [i for i in self.issues if i.code == NUMBERS]

    @property
    def unverified(self) -> list[Issue]:
        return [i for i in self.issues if i.code == UNVERIFIED]


NUMBERS = "NARRATIVE-NUMBERS"
UNVERIFIED = "NARRATIVE-UNVERIFIED"


def _protected_strings(report: ReportBase) -> list[str]:
    meta = report.meta
    strings = [meta.agency, meta.preparer, meta.self_reference, meta.website_name, meta.website_url, meta.title]
    strings += list(meta.contact.model_dump().values())
    fmt = report.fmt
    strings += [fmt.basis.number, fmt.basis.title, F.REGULATION_NUMBER, F.REGULATION_TITLE, fmt.name]
    # Official row labels without their numbering ("属于三类内部事务信息", "3.危及“三安全一稳定”").
    for row in fmt.table3_rows:
        strings.append(re.sub(r"^\d+\.", "", row.label))
    return [s for s in strings if s]


def _value_in(mention: Mention, figure: Figure) -> bool:
    """Whether ``mention`` states ``figure`` (units converted for amounts; approximations allowed for)."""
    if figure.value is None or mention.value is None:
        return False
    if (figure.money_unit is None) != (mention.unit not in _MONEY_UNITS):
        if figure.money_unit is not None and mention.unit == "":
            pass  # "采购总金额251000" with the unit left out
        else:
            return False
    target = figure.value
    stated = mention.value
    if figure.money_unit is not None:
        target = _to_yuan(target, figure.money_unit)
        stated = _to_yuan(stated, mention.unit or figure.money_unit)
    if mention.approximate:
        return stated <= target <= stated * Decimal("1.5") or abs(target - stated) <= stated * Decimal("0.1")
    return stated == target


def _percent_ok(percent: Decimal, count: Decimal, base: Decimal) -> bool:
    if not base:
        return False
    exact = count * 100 / base
    exponent = percent.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return abs(exact - percent) < Decimal(1).scaleb(-places)


@dataclass(frozen=True)
class _Sources:
    """What every part of one report is judged against. Built once per report, not once per part: the
    figure book alone has a few hundred labelled figures."""

    book: FigureBook
    rules: tuple[_Rule, ...]
    protected: tuple[str, ...]  # normalised (_normalised_phrases)
    note_values: frozenset[Decimal]


def _sources(report: ReportBase, notes: Iterable[str]) -> _Sources:
    protected = _normalised_phrases(_protected_strings(report))
    note_values = frozenset(m.value for note in notes for m in _find_numbers(note, protected) if m.value is not None)
    rules = (*_REQUEST_RULES, *_DISPUTE_RULES, *_FEE_RULES, *_table2_rules(report.version))
    return _Sources(FigureBook(report), rules, protected, note_values)


class _Judge:
    def __init__(self, report: ReportBase, text: str, sources: _Sources, *, strict: bool = False) -> None:
        self.report = report
        self.strict = strict
        self.book = sources.book
        self.text = text
        self.norm = text.translate(_NORMALISE)
        self.version = report.version
        self.rules = sources.rules
        self.mentions = _find_numbers(text, sources.protected)
        self.note_values = sources.note_values
        self.protected = sources.protected

    # -- topics

    def _topic(self, mention: Mention) -> _Topic | None:
        text = self.norm
        before = _back(text, mention.start, _CLAUSE_BREAKS)
        each = False
        stripped = before
        while True:
            shorter = _FILLER.sub("", stripped)
            if shorter == stripped:
                break
            stripped = shorter
        if stripped.endswith("各"):
            each, stripped = True, stripped[:-1]
        sentence = _back(text, mention.start, _SENTENCE_BREAKS)
        if _OTHER_SCOPE.search(sentence) or _CHANGE.search(before):
            return None
        after = _forward(text, mention.end)
        if _CHANGE.match(after) or after.startswith(("以上", "以下")):
            return None
        items = re.split(r"[和、及与]", stripped) if each else [stripped]
        topics: list[_Topic] = []
        for item in items:
            best: _Topic | None = None
            for rule in self.rules:
                if rule.after and (each or mention.kind is not Kind.QUANTITY or mention.unit in _MONEY_UNITS):
                    continue
                found = _match_rule(rule, item, after)
                if found is None:
                    continue
                slack, length = found
                keys = rule.topics
                if rule.table2_row is not None:
                    keys = _table2_columns(rule, before, self.version)
                candidate = _Topic(keys, slack, length, each)
                if best is None or (slack, -length) < (best.slack, -best.keyword_len):
                    best = candidate
            result = self._result_topic(item, sentence)
            if result is not None and (
                best is None or (result.slack, -result.keyword_len) < (best.slack, -best.keyword_len)
            ):
                best = result
            if best is not None:
                topics.append(best)
        if not topics:
            return None
        if each:
            return _Topic(tuple(k for t in topics for k in t.keys), 0, 0, each=True)
        return topics[0]

    def _result_topic(self, before: str, sentence: str) -> _Topic | None:
        blocks = _dispute_context(sentence)
        if blocks is None:
            return None
        for column, pattern in _RESULT_RULES:
            match = pattern.search(before)
            if match:
                return _Topic(tuple(f"t4.{b}.{column}" for b in blocks), 0, match.end() - match.start())
        return None

    # -- judgements

    def judge(self) -> Grounding:
        result = Grounding(self.text)
        judged: dict[int, Judgement] = {}
        for mention in self.mentions:
            judged[mention.start] = self._judge_one(mention, judged)
        self._sum_problems(result, judged)
        self._all_upheld(result, judged)
        self._zero_claims(result)
        result.judgements = [judged[m.start] for m in self.mentions]
        for judgement in result.judgements:
            issue = self._issue(judgement)
            if issue is not None:
                result.issues.append(issue)
        result.issues.sort(key=lambda i: i.start)
        return result

    def _judge_one(self, mention: Mention, judged: dict[int, Judgement]) -> Judgement:
        if not mention.is_claim or mention.value is None:
            return Judgement(mention, Verdict.NOT_A_CLAIM)
        if mention.chinese and mention.value == 1 and mention.kind is Kind.QUANTITY:
            return Judgement(mention, Verdict.NOT_A_CLAIM, reason="一")  # 一名、一次性、一件事: not a count
        if mention.kind is Kind.PERCENT:
            return self._judge_percent(mention, judged)
        topic = self._topic(mention)
        if topic is not None:
            figures = tuple(self.book[k] for k in topic.keys if k in self.book.figures)
            known = tuple(f for f in figures if f.value is not None)
            if known:
                if topic.each:
                    ok = all(_value_in(mention, f) for f in known)
                else:
                    ok = any(_value_in(mention, f) for f in known)
                return Judgement(mention, Verdict.MATCHES if ok else Verdict.CONTRADICTS, known)
        return self._ground(mention)

    def _ground(self, mention: Mention) -> Judgement:
        value = mention.value
        assert value is not None
        if value == 0 and not mention.approximate:
            return Judgement(mention, Verdict.GROUNDED, reason="零")
        if value in self.note_values:
            return Judgement(mention, Verdict.GROUNDED, reason="要点")
        if self.strict:
            return Judgement(mention, Verdict.UNVERIFIED)
        if mention.unit in _MONEY_UNITS:
            grounded = _to_yuan(value, mention.unit) in self.book.money_values_yuan()
        else:
            figures = (f for f in self.book.known if f.money_unit is None)
            grounded = mention.unit != "个百分点" and any(_value_in(mention, f) for f in figures)
        return Judgement(
            mention, Verdict.GROUNDED if grounded else Verdict.UNVERIFIED, reason="表格" if grounded else ""
        )

    def _judge_percent(self, mention: Mention, judged: dict[int, Judgement]) -> Judgement:
        value = mention.value
        assert value is not None
        before = _back(self.norm, mention.start, _CLAUSE_BREAKS)
        sentence = _back(self.norm, mention.start, _SENTENCE_BREAKS)
        # "不予公开35件，占4.34%": the count is the last count before the percentage in the sentence.
        count: Judgement | None = None
        if re.search(
            r"占(?:比)?(?:[^，,。；;]{0,12}?的)?(?:比例|比重)?(?:为|达)?\s*$", before
        ) and not _OTHER_SCOPE.search(sentence):
            previous = [
                j for j in judged.values() if j.mention.kind is Kind.QUANTITY and j.mention.end <= mention.start
            ]
            if previous:
                last = max(previous, key=lambda j: j.mention.start)
                if (
                    self.norm.count("。", last.mention.end, mention.start) == 0
                    and mention.start - last.mention.end <= 12
                ):
                    count = last
        if count is not None and count.figures:
            bases = [self.book[k].value for k in ("t3.concluded", "t3.new", "t3.handled")]
            if any(k.key.startswith("t4.") for k in count.figures):
                bases = [self.book[f"t4.{k.key.split('.')[1]}.total"].value for k in count.figures]
            numerators = [count.mention.value, *(f.value for f in count.figures)]
            if any(_percent_ok(value, n, b) for n in numerators for b in bases if n is not None and b):
                return Judgement(mention, Verdict.MATCHES, count.figures)
            if any(b for b in bases):
                return Judgement(mention, Verdict.CONTRADICTS, count.figures, reason="百分比")
        if value in self.note_values:
            return Judgement(mention, Verdict.GROUNDED, reason="要点")
        if count is not None and count.mention.value is not None:
            bases = [self.book[k].value for k in ("t3.concluded", "t3.new", "t3.handled")]
            if any(_percent_ok(value, count.mention.value, b) for b in bases if b):
                return Judgement(mention, Verdict.GROUNDED, reason="比例")
        if not self.strict and any(_percent_ok(value, c, b) for c, b in self.book.ratio_pairs()):
            return Judgement(mention, Verdict.GROUNDED, reason="比例")
        return Judgement(mention, Verdict.UNVERIFIED)

    # -- statements about several numbers

    def _parts_of(self, marker: re.Match[str]) -> tuple[Mention | None, list[Mention]]:
        """The whole a 其中 refers to and the parts listed after it, at the same depth of parentheses."""
        text = self.norm
        start = marker.end()
        colon = bool(re.match(r"\s*[：:]", text[start:]))
        stops = "。！？!?\n" if colon else "。！？!?\n；;"
        depth, end = 0, start
        while end < len(text):
            ch = text[end]
            if ch in _OPEN:
                depth += 1
            elif ch in _CLOSE:
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and ch in stops:
                break
            end += 1
        parts = [
            m
            for m in self.mentions
            if start <= m.start < end and m.kind is Kind.QUANTITY and self._depth(start, m.start) == 0
        ]
        # The whole: the last count at this depth before 其中, in this sentence or (for a 其中 that opens a
        # sentence) in the sentence before, when that one says 共/合计.
        head = marker.start()
        before = [
            m for m in self.mentions
            if m.end <= head and m.kind is Kind.QUANTITY and self._depth(m.start, head) in (0, 1)
        ]  # fmt: skip
        if not before:
            return None, parts
        whole = max(before, key=lambda m: m.start)
        between = text[whole.end : head]
        opens_sentence = re.fullmatch(r"\s*[。]\s*", between) is not None
        if opens_sentence:
            sentence = _back(text, whole.start, _SENTENCE_BREAKS)
            if not re.search(r"共|合计|总计|累计", sentence):
                return None, parts
        elif re.search(r"[。！？!?\n]", between) or len(_strip_parens(between)) > 3:
            return None, parts
        return whole, parts

    def _depth(self, start: int, end: int) -> int:
        depth = 0
        lowest = 0
        for ch in self.norm[start:end]:
            if ch in _OPEN:
                depth += 1
            elif ch in _CLOSE:
                depth -= 1
                lowest = min(lowest, depth)
        return depth if lowest == 0 else -1

    def _sum_problems(self, result: Grounding, judged: dict[int, Judgement]) -> None:
        listed: set[int] = set()  # parts of a 其中 list: not also the parts of an enclosing parenthesis
        for marker in re.finditer(r"其中", self.norm):
            whole, parts = self._parts_of(marker)
            listed.update(p.start for p in parts)
            if whole is None or whole.value is None or whole.approximate or len(parts) < 2:
                continue
            if any(
                p.approximate or p.value is None or p.unit != whole.unit or p.is_money != whole.is_money for p in parts
            ):
                continue
            if any(_CHANGE.search(_back(self.norm, p.start, _CLAUSE_BREAKS)) for p in parts):
                continue
            total = sum((p.value for p in parts if p.value is not None), Decimal(0))
            if total > whole.value:
                listed = "＋".join(show_value(p.value) for p in parts)
                result.issues.append(
                    Issue(
                        NUMBERS,
                        whole.start,
                        whole.end,
                        f"正文写“{whole.written}”，其中所列各项（{listed}＝{show_value(total)}{whole.unit}）"
                        f"超过了总数，请核对。",
                        expected=f"各项之和不超过{show_value(whole.value)}{whole.unit}",
                        found=f"{listed}＝{show_value(total)}{whole.unit}",
                    )
                )
            elif (
                total == whole.value
                and judged[whole.start].verdict is Verdict.UNVERIFIED
                and _all_sourced(parts, judged)
            ):
                # A whole made of parts that each have a source is itself a sum of figures.
                judged[whole.start] = Judgement(whole, Verdict.GROUNDED, reason="各项之和")
        # "主动公开242项(行政许可239项……;行政处罚3项……)": a parenthesis right after a count lists its parts.
        for whole in self.mentions:
            if whole.kind is not Kind.QUANTITY or judged[whole.start].verdict is not Verdict.UNVERIFIED:
                continue
            if whole.end >= len(self.norm) or self.norm[whole.end] not in _OPEN:
                continue
            close = self._closing(whole.end)
            inner = [
                m for m in self.mentions if whole.end < m.start < close and self._depth(whole.end + 1, m.start) == 0
            ]
            inner = [m for m in inner if m.kind is Kind.QUANTITY and m.unit == whole.unit and m.start not in listed]
            if len(inner) >= 2 and sum((m.value or 0) for m in inner) == whole.value and _all_sourced(inner, judged):
                judged[whole.start] = Judgement(whole, Verdict.GROUNDED, reason="各项之和")

    def _closing(self, open_at: int) -> int:
        depth = 0
        for i in range(open_at, len(self.norm)):
            if self.norm[i] in _OPEN:
                depth += 1
            elif self.norm[i] in _CLOSE:
                depth -= 1
                if depth == 0:
                    return i
        return len(self.norm)

    def _all_upheld(self, result: Grounding, judged: dict[int, Judgement]) -> None:
        """ "行政复议7件，诉讼9件，均获维持": every dispute counted before it in the sentence was upheld."""
        pattern = re.compile(r"均(?:获|被|予以|已)?维持|全部(?:获|被|予以)?维持|均(?:已)?审结|全部审结")
        for match in pattern.finditer(self.norm):
            column = "upheld" if "维持" in match.group() else "pending"
            sentence_start = match.start() - len(_back(self.norm, match.start(), _SENTENCE_BREAKS))
            problems: list[str] = []
            for judgement in judged.values():
                mention = judgement.mention
                if not (sentence_start <= mention.start < match.start()) or judgement.verdict is not Verdict.MATCHES:
                    continue
                totals = [f for f in judgement.figures if f.key.startswith("t4.") and f.key.endswith(".total")]
                if not totals:
                    continue
                block = totals[0].key.split(".")[1]
                part = self.book[f"t4.{block}.{column}"]
                total = self.book[f"t4.{block}.total"]
                want = total.value if column == "upheld" else Decimal(0)
                if part.value is not None and part.value != want:
                    name = "行政复议" if block == "review" else "行政诉讼"
                    shown = [
                        f"{c.label}{show_value(v)}件"
                        for c in F.TABLE4_COLUMNS
                        if c.key != F.TABLE4_TOTAL_COLUMN and (v := self.book[f"t4.{block}.{c.key}"].value)
                    ]
                    problems.append(f"表四{name}共{show_value(total.value)}件，{'、'.join(shown)}")
            if problems:
                claim = match.group()
                result.issues.append(
                    Issue(
                        NUMBERS,
                        match.start(),
                        match.end(),
                        f"正文称“{claim}”，与表四不符：{'；'.join(problems)}。请核对正文或表四。",
                        expected="；".join(problems),
                        found=claim,
                    )
                )

    def _zero_claims(self, result: Grounding) -> None:
        """ "未发生行政复议", "未收到政府信息公开申请", "行政复议和行政诉讼均未发生": a statement that a figure is
        zero has no digit to judge, yet it contradicts a table that holds more (see _ZERO_RULES). Inside
        quotation marks, titles and the report's own strings (row labels) it is not a claim."""
        literal: list[_Span] | None = None
        for negation in _NEGATION.finditer(self.norm):
            claim = _zero_claim(self.norm, negation)
            if claim is None:
                continue
            if literal is None:
                literal = [*_spans(_QUOTED, self.norm, Kind.IDENTIFIER), *_phrase_spans(self.norm, self.protected)]
            if _covering(literal, negation.start(), negation.end()):
                continue
            keys = dict.fromkeys(k for rule in claim.rules for k in rule.keys)
            held = [f for k in keys if (f := self.book[k]).value]
            if held:
                written = self.text[claim.start : claim.end]
                in_tables = "；".join(f"{f.label}为{f.shown}" for f in held)
                result.issues.append(
                    Issue(
                        NUMBERS,
                        claim.start,
                        claim.end,
                        f"正文称“{written}”，与表格不符：{in_tables}。请核对正文或表格。",
                        expected=in_tables,
                        found=written,
                    )
                )

    def _issue(self, judgement: Judgement) -> Issue | None:
        mention = judgement.mention
        phrase = phrase_around(self.text, mention)
        if judgement.verdict is Verdict.CONTRADICTS:
            if judgement.reason == "百分比":
                return Issue(
                    NUMBERS,
                    mention.start,
                    mention.end,
                    f"正文“{phrase}”中的百分比{mention.written}与件数和总数算出的比例不符"
                    f"（{'、'.join(f'{f.label}为{show_value(f.value)}' for f in judgement.figures)}），请核对。",
                    expected="件数÷总数",
                    found=mention.written,
                )
            options = "；".join(f"{f.label}为{f.shown}" for f in judgement.figures)
            return Issue(
                NUMBERS,
                mention.start,
                mention.end,
                f"正文“{phrase}”中的 {mention.written} 与表格不符：{options}。请核对正文或表格。",
                expected=" 或 ".join(f.shown for f in judgement.figures),
                found=mention.written,
            )
        if judgement.verdict is Verdict.UNVERIFIED:
            return Issue(
                UNVERIFIED,
                mention.start,
                mention.end,
                f"正文“{phrase}”中的 {mention.written} 在表格数据、合计、经办人要点中都找不到出处，请核对；"
                "如确有依据，可忽略本提示。",
                expected="表格数据、合计或要点中的数字",
                found=mention.written,
            )
        return None


def _all_sourced(mentions: Iterable[Mention], judged: dict[int, Judgement]) -> bool:
    return all(judged[m.start].verdict in (Verdict.MATCHES, Verdict.GROUNDED) for m in mentions)


def _strip_parens(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"[（(][^（()）]*[）)]", "", text)
    return text


def phrase_around(text: str, mention: Mention, *, before: int = 20, after: int = 6) -> str:
    """The words around a number, within its clause ("区政府办代表区政府受理政府信息公开申请17件"); "…" where the
    clause is longer than ``before`` characters."""
    breaks = "，,；;。！？!?：:\n（(）)“”《》"
    start = mention.start
    limit = max(0, start - before)
    while start > limit and text[start - 1] not in breaks:
        start -= 1
    cut = start > 0 and text[start - 1] not in breaks
    # Do not begin inside a number or a year cut in two ("0年全年……").
    while start < mention.start and (text[start].isdigit() or (start > 0 and text[start - 1].isdigit())):
        start += 1
    end = mention.end
    limit = min(len(text), mention.end + after)
    while end < limit and text[end] not in breaks:
        end += 1
    return ("…" if cut else "") + text[start:end].strip()


def ground_text(
    report: ReportBase, text: str, *, notes: Iterable[str] | None = None, strict: bool = False
) -> Grounding:
    """Judge every number of ``text`` (a narrative part, as stored or as drafted) against ``report``.

    ``notes`` default to the clerk's notes of every part of the report: a number the clerk wrote down is
    grounded wherever it appears. ``strict`` (for model drafts) grounds a number only through the phrase
    that names its figure, the notes, or parts that add up to it: a count that merely happens to equal some
    cell of the tables ("组织培训3次" when some row holds 3) is unverified.
    """
    if notes is None:
        notes = [n for p in F.NARRATIVE_PARTS if (n := report.narrative_text(p.key).notes)]
    return _Judge(report, text, _sources(report, notes), strict=strict).judge()


def ground_report(report: ReportBase) -> dict[str, Grounding]:
    """:func:`ground_text` for every narrative part that has text."""
    results = {}
    notes = [n for p in F.NARRATIVE_PARTS if (n := report.narrative_text(p.key).notes)]
    sources: _Sources | None = None
    for part in F.NARRATIVE_PARTS:
        text = report.narrative_text(part.key).text
        if text and text.strip():
            sources = sources or _sources(report, notes)
            results[part.key] = _Judge(report, text, sources).judge()
    return results

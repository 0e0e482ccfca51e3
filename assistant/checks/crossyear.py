"""Checks against last year's report (spec/checks.md "Against last year's report"; report-format.md §7.3).

All are warnings: a difference can be legitimate, and every message says what would justify it.

- CARRY-OVER: 表三 二、上年结转 = last year's 四、结转下年度继续办理, column by column. The two rows did not
  change in 2021, so this holds across the 2019→2021 change (a 2020 report against a 2021 one).
- STOCK-FLOW (2021 format, both years): last 现行有效件数 + 本年制发件数 − 本年废止件数 = this 现行有效件数.
- ITEMS-CHAIN (2019 format, both years): this 上一年项目数量 = last 上一年项目数量 + last 本年增/减.
- JUMP: a figure more than fivefold (or a fifth) of last year's, or gone from large to 0.
- SIMILAR: a narrative section that repeats last year's text (character 3-gram similarity ≥ 0.8).
- PROBLEMS-FOLLOW-UP (2021 format): section 五 does not refer back to last year's problems.
- PREVIOUS-YEAR: the file given as last year's report is not for the year before; nothing else is compared.

Thresholds come from the options when they carry them (``similar_threshold``, ``jump_factor``,
``jump_minimum``), else from the defaults below.

:func:`start_from_previous` begins this year's figures from last year's report.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from .. import formats as F
from ..findings import (
    Finding,
    Location,
    Severity,
    narrative_place,
    quoted,
    show_value,
    table2_place,
    table3_place,
    table3_row_label,
    table4_place,
)
from ..formats import FormatVersion
from ..model import Meta, PreviousYear, ReportBase, blank_report, with_computed_totals
from . import CheckOptions

SIMILAR_THRESHOLD = 0.8
JUMP_FACTOR = 5
JUMP_MINIMUM = 10  # a figure must reach this (in one of the years) before a jump is worth a word
SIMILAR_MIN_CHARS = 40  # shorter texts ("无。") repeat by nature


def _setting(options: CheckOptions, name: str, default: float) -> float:
    value = getattr(options, name, None)
    return default if value is None else value


def _completed(report: ReportBase) -> ReportBase:
    return report if report.meta.origin == "imported" else with_computed_totals(report)


def check_against_previous(
    report: ReportBase, previous: ReportBase, options: CheckOptions | None = None
) -> list[Finding]:
    """Every cross-year warning for ``report`` given last year's ``previous`` report."""
    options = options or CheckOptions()
    if previous.meta.year != report.meta.year - 1:
        return [
            Finding(
                "PREVIOUS-YEAR",
                Severity.WARNING,
                f"作为上年报告提供的是{previous.meta.year}年度的报告，不是{report.meta.year - 1}年度的，"
                "未进行跨年度核对；请提供上一年度的报告。",
                Location("上年报告"),
                expected=f"{report.meta.year - 1}年度",
                found=f"{previous.meta.year}年度",
            )
        ]
    this, last = _completed(report), _completed(previous)
    return [
        *_carry_over(this, last),
        *_stock_flow(this, last),
        *_items_chain(this, last),
        *_jumps(this, last, options),
        *_similar(this, last, options),
        *_problems_follow_up(this, last),
    ]


def _recorded_previous(report: ReportBase) -> ReportBase | None:
    """Last year's report as far as the draft recorded it (``meta.previous`` and each part's ``last_year``),
    or None when the draft was not begun from last year's report."""
    recorded = report.meta.previous
    if recorded is None:
        return None
    last = blank_report(recorded.year, agency=recorded.agency or report.meta.agency, body_kind=report.meta.body_kind)
    if recorded.in_force and last.version is FormatVersion.V2021:
        block = getattr(last.table2, "art20_1")  # noqa: B009
        for row, value in recorded.in_force.items():
            cells = getattr(block, row, None)
            if cells is not None:
                cells.in_force = value
    for part in F.NARRATIVE_PARTS:
        last.narrative_text(part.key).text = report.narrative_text(part.key).last_year
    return last


def check_recorded_previous(report: ReportBase, options: CheckOptions) -> Iterator[Finding]:
    """STOCK-FLOW, SIMILAR and PROBLEMS-FOLLOW-UP against what the draft recorded of last year (a draft begun
    with ``new --from-previous``), so that they run without last year's file; --previous adds the rest."""
    last = _recorded_previous(report)
    if last is None or last.meta.year != report.meta.year - 1:
        return
    this = _completed(report)
    yield from _stock_flow(this, last)
    yield from _similar(this, last, options)
    yield from _problems_follow_up(this, last)


CHECKS = (check_recorded_previous,)


# ---------------------------------------------------------------------------------------------------------
# CARRY-OVER


def _carry_over(this: ReportBase, last: ReportBase) -> Iterator[Finding]:
    carried_in = F.TABLE3_CARRIED_IN.label
    carried_out = F.TABLE3_CARRIED_OUT.label
    for column in F.TABLE3_COLUMNS:
        now = this.t3(F.TABLE3_CARRIED_IN.key, column.key)
        before = last.t3(F.TABLE3_CARRIED_OUT.key, column.key)
        if now is None or before is None or now == before:
            continue
        yield Finding(
            "CARRY-OVER",
            Severity.WARNING,
            f"本年“{carried_in}”（{column.label}）为 {now}，上年报告“{carried_out}”为 {before}，两者应相等。"
            "如因机构调整合并、更正上年数据或调整申请人类别而不同，请在报告中说明原因；否则请核对。",
            table3_place(this.fmt, F.TABLE3_CARRIED_IN.key, column.key),
            expected=str(before),
            found=str(now),
        )


# ---------------------------------------------------------------------------------------------------------
# STOCK-FLOW and ITEMS-CHAIN


def _stock_flow(this: ReportBase, last: ReportBase) -> Iterator[Finding]:
    if this.version is not FormatVersion.V2021 or last.version is not FormatVersion.V2021:
        return
    block = this.fmt.table2_block("art20_1")
    labels = {c.key: c.label for c in block.columns}
    for row in block.rows:
        before = last.t2(block.key, row.key, "in_force")
        issued = this.t2(block.key, row.key, "issued")
        repealed = this.t2(block.key, row.key, "repealed")
        now = this.t2(block.key, row.key, "in_force")
        if None in (before, issued, repealed):
            continue
        assert before is not None and issued is not None and repealed is not None
        if repealed > before + issued:
            yield Finding(
                "STOCK-FLOW",
                Severity.WARNING,
                f"“{row.label}”本年{labels['repealed']} {repealed} 件，超过了上年{labels['in_force']} {before} 件"
                f"与本年{labels['issued']} {issued} 件之和；废止的文件应在现行有效之列，请核对。"
                "如上年数据有误或统计口径调整，请在报告中说明。",
                table2_place(this.fmt, block.key, row.key, "repealed"),
                expected=f"不超过 {before + issued}",
                found=str(repealed),
            )
        if now is None:
            continue
        expected = before + issued - repealed
        if now != expected:
            yield Finding(
                "STOCK-FLOW",
                Severity.WARNING,
                f"“{row.label}”上年{labels['in_force']} {before} 件 + 本年{labels['issued']} {issued} 件 − "
                f"本年{labels['repealed']} {repealed} 件 = {expected} 件，本年{labels['in_force']}为 {now} 件。"
                "如有修改、清理、失效或统计口径调整，请在报告中加以说明；否则请核对。",
                table2_place(this.fmt, block.key, row.key, "in_force"),
                expected=str(expected),
                found=str(now),
            )


def _items_chain(this: ReportBase, last: ReportBase) -> Iterator[Finding]:
    if this.version is not FormatVersion.V2019 or last.version is not FormatVersion.V2019:
        return
    for block in this.fmt.table2:
        keys = {c.key for c in block.columns}
        if not {"prev_items", "delta"} <= keys:
            continue
        labels = {c.key: c.label for c in block.columns}
        for row in block.rows:
            now = this.t2(block.key, row.key, "prev_items")
            before = last.t2(block.key, row.key, "prev_items")
            delta = last.t2(block.key, row.key, "delta")
            if None in (now, before, delta):
                continue
            assert before is not None and delta is not None
            expected = before + delta
            if now != expected:
                yield Finding(
                    "ITEMS-CHAIN",
                    Severity.WARNING,
                    f"“{row.label}”本年“{labels['prev_items']}”为 {now}，按上年报告应为上年“{labels['prev_items']}”"
                    f" {before} 加上年“{labels['delta']}” {delta}，即 {expected}。"
                    "如事项清单调整或上年数据更正，请在报告中说明；否则请核对。",
                    table2_place(this.fmt, block.key, row.key, "prev_items"),
                    expected=str(expected),
                    found=str(now),
                )


# ---------------------------------------------------------------------------------------------------------
# JUMP


def _comparable_cells(this: ReportBase, last: ReportBase) -> Iterator[tuple[Location, str, object, object]]:
    """(place, name, this year's, last year's) for the figures both reports hold under the same meaning."""
    last_blocks = {b.key: b for b in last.fmt.table2}
    for block in this.fmt.table2:
        other = last_blocks.get(block.key)
        if other is None:
            continue
        other_rows = {r.key for r in other.rows}
        other_columns = {c.key for c in other.columns}
        for row in block.rows:
            if row.key not in other_rows:
                continue
            for column in block.columns:
                if column.key in other_columns:
                    place = table2_place(this.fmt, block.key, row.key, column.key)
                    name = f"{quoted(row.label)} {column.label}"
                    yield place, name, this.t2(block.key, row.key, column.key), last.t2(block.key, row.key, column.key)
    last_rows = {r.key for r in last.fmt.table3_rows}
    for row in this.fmt.table3_rows:
        if row.key in last_rows:
            place = table3_place(this.fmt, row.key, F.TABLE3_TOTAL_COLUMN)
            name = f"{quoted(table3_row_label(this.fmt, row.key))} 总计"
            yield place, name, this.t3(row.key, F.TABLE3_TOTAL_COLUMN), last.t3(row.key, F.TABLE3_TOTAL_COLUMN)
    for block in F.TABLE4_BLOCKS:
        place = table4_place(block.key, F.TABLE4_TOTAL_COLUMN)
        yield place, f"{block.label} 总计", this.t4(block.key, "total"), last.t4(block.key, "total")


def _jumps(this: ReportBase, last: ReportBase, options: CheckOptions) -> Iterator[Finding]:
    factor = Decimal(str(_setting(options, "jump_factor", JUMP_FACTOR)))
    minimum = Decimal(str(_setting(options, "jump_minimum", JUMP_MINIMUM)))
    for place, name, now, before in _comparable_cells(this, last):
        if now is None or before is None:
            continue
        a, b = Decimal(str(before)), Decimal(str(now))
        if a < 0 or b < 0 or max(a, b) < minimum:
            continue
        if b == 0 and a >= minimum:
            change = f"从上年的 {show_value(before)} 降为 0"
        elif a > 0 and b > 0 and (b > a * factor or a > b * factor):
            change = f"本年为 {show_value(now)}，上年为 {show_value(before)}，变化超过{show_value(factor)}倍"
        else:
            continue
        yield Finding(
            "JUMP",
            Severity.WARNING,
            f"{name}{change}。如属实（如职能划转、集中清理、统计口径变化），请在报告中说明原因；否则请核对是否填错。",
            place,
            expected=f"与上年 {show_value(before)} 相近，或说明原因",
            found=show_value(now),
        )


# ---------------------------------------------------------------------------------------------------------
# SIMILAR

_NOT_TEXT = re.compile(r"[\s\W_]+", re.UNICODE)
SIMILAR_SECTIONS: tuple[str, ...] = ("overall", "problems", "other")


def text_similarity(a: str, b: str, n: int = 3) -> float:
    """Dice coefficient of the character n-gram multisets of two texts (punctuation and spaces ignored)."""
    a, b = _NOT_TEXT.sub("", a), _NOT_TEXT.sub("", b)
    if len(a) < n or len(b) < n:
        return 1.0 if a == b else 0.0
    grams_a = Counter(a[i : i + n] for i in range(len(a) - n + 1))
    grams_b = Counter(b[i : i + n] for i in range(len(b) - n + 1))
    shared = sum((grams_a & grams_b).values())
    return 2 * shared / (sum(grams_a.values()) + sum(grams_b.values()))


def _section_text(report: ReportBase, section: str) -> tuple[str, str | None]:
    parts = [p.key for p in F.NARRATIVE_PARTS if p.section == section]
    texts = [(p, report.narrative_text(p).text) for p in parts]
    first = next((p for p, t in texts if t and t.strip()), None)
    return "\n".join(t for _p, t in texts if t), first


def _similar(this: ReportBase, last: ReportBase, options: CheckOptions) -> Iterator[Finding]:
    threshold = _setting(options, "similar_threshold", SIMILAR_THRESHOLD)
    for section in SIMILAR_SECTIONS:
        now, part = _section_text(this, section)
        before, _ = _section_text(last, section)
        if part is None or len(_NOT_TEXT.sub("", now)) < SIMILAR_MIN_CHARS:
            continue
        if len(_NOT_TEXT.sub("", before)) < SIMILAR_MIN_CHARS:
            continue
        ratio = text_similarity(now, before)
        if ratio < threshold:
            continue
        heading = F.SECTION_BY_KEY[section].heading
        yield Finding(
            "SIMILAR",
            Severity.WARNING,
            f"“{heading}”与上年报告的文字相似度为 {ratio:.0%}（提示线 {threshold:.0%}），内容雷同的年度报告会被通报。"
            "请按本年度的实际工作、数据和新举措重写；如本年情况确与上年相同，也请写明本年度的具体情况。",
            narrative_place(part),
            expected=f"相似度低于 {threshold:.0%}",
            found=f"{ratio:.0%}",
        )


# ---------------------------------------------------------------------------------------------------------
# PROBLEMS-FOLLOW-UP


def _follow_up_pattern(year: int) -> re.Pattern[str]:
    return re.compile(rf"上一?年度?|去年|前一年|上期|以往|{year - 1}\s*年")


def _problems_follow_up(this: ReportBase, last: ReportBase) -> Iterator[Finding]:
    if this.version is not FormatVersion.V2021:
        return
    text = this.narrative_text("problems").text
    if not text or not text.strip():
        return
    if _follow_up_pattern(this.meta.year).search(text):
        return
    earlier = (last.narrative_text("problems").text or "").strip()
    hint = ""
    if earlier:
        first = re.split(r"[。；\n]", earlier)[0][:40]
        hint = f"上年报告提出的问题如：“{first}……”。"
    heading = F.SECTION_BY_KEY["problems"].heading
    yield Finding(
        "PROBLEMS-FOLLOW-UP",
        Severity.WARNING,
        f"“{heading}”没有提到上年度所列问题的改进情况。{hint}"
        "请说明上年问题的整改结果，再写本年度的问题和改进措施；上年未列问题的，可写明“上年度无遗留问题”。",
        narrative_place("problems"),
        expected="上年度问题的改进情况",
        found="未提及",
    )


# ---------------------------------------------------------------------------------------------------------
# Starting this year's figures from last year's report


@dataclass(frozen=True)
class PreviousReference:
    """What this year's draft keeps of last year's report, outside its figures.

    ``in_force``: last year's 现行有效件数 by 表二 row (2021 format only), the baseline of STOCK-FLOW.
    ``narrative``: last year's text by narrative part, for reference only; it is never copied into the draft.
    """

    year: int
    agency: str
    in_force: dict[str, int | None]
    narrative: dict[str, str]


def previous_reference(previous: ReportBase) -> PreviousReference:
    in_force: dict[str, int | None] = {}
    if previous.version is FormatVersion.V2021:
        block = previous.fmt.table2_block("art20_1")
        in_force = {row.key: previous.t2(block.key, row.key, "in_force") for row in block.rows}  # type: ignore[misc]
    narrative = {
        p.key: text for p in F.NARRATIVE_PARTS if (text := previous.narrative_text(p.key).text) and text.strip()
    }
    return PreviousReference(previous.meta.year, previous.meta.agency, in_force, narrative)


def start_from_previous(previous: ReportBase, year: int) -> ReportBase:
    """This year's blank figures, begun from last year's report.

    - The format is this year's (2021 from 2021 on), whatever last year's was.
    - 二、上年结转政府信息公开申请数量 is last year's 四、结转下年度继续办理, column by column (blank stays blank;
      a draft's blank total is computed first).
    - 机关全称, type, self-reference, preparer, website and contact carry over; title and date do not.
    - Every other figure is blank, and no narrative text is copied: last year's text is kept beside each
      part as ``last_year`` (reference, and the SIMILAR check), never as its text; last year's 现行有效件数
      are kept in ``meta.previous`` (the STOCK-FLOW baseline). See :func:`check_recorded_previous`.
    """
    if year != previous.meta.year + 1:
        expected = previous.meta.year + 1
        raise ValueError(
            f"上年报告为{previous.meta.year}年度，只能据此生成{expected}年度的数据文件，不能生成{year}年度的。"
        )
    last = _completed(previous)
    draft = blank_report(year, agency=previous.meta.agency, body_kind=previous.meta.body_kind)
    old = previous.meta
    draft.meta = Meta.model_construct(
        agency=old.agency,
        year=year,
        format_version=draft.version,
        body_kind=old.body_kind,
        self_reference=old.self_reference,
        preparer=old.preparer,
        website_name=old.website_name,
        website_url=old.website_url,
        contact=old.contact.model_copy(deep=True),
        title=None,
        published=None,
        origin="draft",
    )
    carried_in = getattr(draft.table3, F.TABLE3_CARRIED_IN.key)  # type: ignore[attr-defined]
    for column in F.TABLE3_COLUMNS:
        setattr(carried_in, column.key, last.t3(F.TABLE3_CARRIED_OUT.key, column.key))
    reference = previous_reference(previous)
    draft.meta.previous = PreviousYear(year=reference.year, agency=reference.agency, in_force=reference.in_force)
    for part, text in reference.narrative.items():
        draft.narrative_text(part).last_year = text  # for reference and SIMILAR only; never the draft's text
    return draft

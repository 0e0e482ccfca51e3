"""The offline drafter: prose in the register of a real report, stating only numbers from the figures."""

from __future__ import annotations

import re
from dataclasses import asdict
from decimal import Decimal

import pytest

from assistant import formats as F
from assistant.checks import CheckOptions, run_checks
from assistant.drafting import draft_missing
from assistant.drafting.templates import TemplateDrafter, enumerate_zh, note_items
from assistant.facts import report_facts
from assistant.model import ReportBase, with_computed_totals
from tests.helpers import set3, set4, zero_filled

NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _drafted(report: ReportBase) -> dict[str, str]:
    done, parts = draft_missing(report, TemplateDrafter())
    assert {p.part for p in parts} == {p.key for p in F.NARRATIVE_PARTS}
    return {p.key: done.narrative_text(p.key).text or "" for p in F.NARRATIVE_PARTS}


def _allowed_numbers(report: ReportBase) -> set[str]:
    """Every figure of the report, every derived sum the templates state, and the fixed numbers of citations."""
    done = with_computed_totals(report)
    values: set[object] = {done.meta.year, 1, 12, 31, 711}
    values |= {int(x) for x in re.findall(r"\d+", done.fmt.basis.number)}
    for row in done.fmt.table3_rows:
        values |= {done.t3(row.key, c.key) for c in F.TABLE3_COLUMNS}
    for block in F.TABLE4_BLOCKS:
        values |= {done.t4(block.key, c.key) for c in F.TABLE4_COLUMNS}
    for block in done.fmt.table2:
        values |= {done.t2(block.key, r.key, c.key) for r in block.rows for c in block.columns}
    facts = report_facts(report)
    values |= set(asdict(facts.requests).values()) | {facts.litigation_total}
    for dispute in (facts.review, facts.litigation_direct, facts.litigation_after_review):
        values |= {v for k, v in asdict(dispute).items() if k != "label"}
    d, a = facts.litigation_direct, facts.litigation_after_review
    values |= {d.upheld + a.upheld, d.corrected + a.corrected, d.other + a.other, d.pending + a.pending}
    values |= {done.fees.notices_issued, done.fees.notices_amount_yuan, done.fees.collected_yuan}
    return {format(Decimal(str(v)).normalize(), "f") for v in values if v is not None}


def _numbers(text: str) -> set[str]:
    return {format(Decimal(n).normalize(), "f") for n in NUMBER.findall(text)}


def _busy_report(year: int = 2025, kind: F.BodyKind = F.BodyKind.DEPARTMENT) -> ReportBase:
    report = zero_filled(year, kind=kind)
    set3(report, "new_received", "natural_person", 37)
    set3(report, "new_received", "commercial", 4)
    set3(report, "new_received", "legal_service", 2)
    set3(report, "carried_in", "natural_person", 3)
    set3(report, "r1_granted", "natural_person", 18)
    set3(report, "r1_granted", "commercial", 3)
    set3(report, "r2_partial", "natural_person", 5)
    set3(report, "r3_4", "natural_person", 2)
    set3(report, "r4_1", "natural_person", 9)
    set3(report, "r4_1", "legal_service", 2)
    set3(report, "r5_2", "commercial", 1)
    set3(report, "carried_out", "natural_person", 2)
    set3(report, "r6_2" if year >= 2021 else "r6_other", "natural_person", 4)
    set4(report, "review", "upheld", 1)
    set4(report, "review", "pending", 1)
    set4(report, "litigation_direct", "upheld", 1)
    if year >= 2021:
        report.table2.art20_5.licensing.decisions = 1260
        report.table2.art20_6.penalty.decisions = 86
        report.table2.art20_1.admin_normative_docs.issued = 3
        report.table2.art20_1.admin_normative_docs.in_force = 21
        report.table2.art20_8.admin_fees.amount_wan_yuan = Decimal("352.6")
        report.fees.notices_issued = 2
        report.fees.notices_amount_yuan = Decimal("600")
        report.fees.collected_yuan = Decimal("400")
    else:
        report.table2.art20_9.central_procurement.projects = 4
        report.table2.art20_9.central_procurement.total_amount = Decimal("78.84")
        report.table2.art20_9.central_procurement.total_amount_unit = "万元"
        report.fees.notices_issued = None  # the fee regime began in 2021
    return report


def test_busy_2021_report_states_its_figures() -> None:
    report = _busy_report(2025)
    texts = _drafted(report)
    assert "新收政府信息公开申请43件（其中自然人提出37件，法人或其他组织提出6件），上年结转3件" in texts["on_request"]
    assert (
        "本年度办结44件，其中予以公开21件、部分公开5件、不予公开2件、无法提供11件、不予处理1件、其他处理4件"
        in (texts["on_request"])
    )
    assert "另有2件结转下年度继续办理" in texts["on_request"]
    assert "被申请行政复议2件，其中结果维持1件、尚未审结1件" in texts["on_request"]
    assert "申请人逾期未按收费通知要求缴纳费用的4件" in texts["on_request"]
    assert "作出行政许可决定1260件、行政处罚决定86件" in texts["active_disclosure"]
    assert "收取行政事业性收费352.6万元" in texts["active_disclosure"]
    assert "发出信息处理费收费通知2件，通知金额600元，实际收取信息处理费400元" in texts["other"]
    assert "国办公开办函〔2021〕30号" in texts["preamble"]
    assert "统计期限自2025年1月1日起至2025年12月31日止" in texts["preamble"]


def test_quiet_report_says_so_without_numbers_it_lacks() -> None:
    report = zero_filled(2024)
    texts = _drafted(report)
    assert "未收到政府信息公开申请，也无上年结转的申请" in texts["on_request"]
    assert "全年未发生因政府信息公开工作引起的行政复议和行政诉讼" in texts["on_request"]
    assert "本年未制发规章和行政规范性文件" in texts["active_disclosure"]
    assert texts["other"] == "2024年，本机关未发出信息处理费收费通知。"  # 实收 blank: nothing said of it


@pytest.mark.parametrize(
    ("collected", "expected"),
    [(0, "未发出信息处理费收费通知，未收取信息处理费。"), (120, "未发出信息处理费收费通知，实际收取信息处理费120元。")],
)
def test_no_fee_notices_says_what_was_collected(collected: int, expected: str) -> None:
    """Fees may be collected on last year's notices: "no notices" does not mean "nothing collected"."""
    report = zero_filled(2024)
    report.fees.collected_yuan = Decimal(collected)
    assert expected in _drafted(report)["other"]


def test_2019_format_cites_its_own_basis_and_procurement() -> None:
    report = _busy_report(2020)
    texts = _drafted(report)
    assert "国办公开办函〔2019〕60号" in texts["preamble"] and "2021" not in texts["preamble"]
    assert "政府集中采购项目4个、采购总金额78.84万元" in texts["active_disclosure"]
    assert texts["other"] == "无。"
    assert "逾期未按收费通知" not in texts["on_request"]


def test_pending_review_only() -> None:
    report = zero_filled(2025)
    set4(report, "review", "pending", 2)
    text = _drafted(report)["on_request"]
    assert "被申请行政复议2件，其中尚未审结2件" in text
    assert "未发生因政府信息公开工作引起的行政诉讼" in text


@pytest.mark.parametrize("year", [2020, 2025])
@pytest.mark.parametrize("kind", list(F.BodyKind))
def test_every_number_in_a_draft_is_a_figure(year: int, kind: F.BodyKind) -> None:
    report = _busy_report(year, kind)
    report.meta.contact.phone = None  # a phone number is contact data, not a figure
    for part, text in _drafted(report).items():
        unexpected = _numbers(text) - _allowed_numbers(report)
        assert not unexpected, (part, unexpected, text)


def test_government_without_supervision_notes_is_told_to_supply_them() -> None:
    report = _busy_report(2025, F.BodyKind.GOVERNMENT)
    done, _ = draft_missing(report, TemplateDrafter())
    placeholder = [f for f in run_checks(done, CheckOptions(final=True)) if f.code == "PLACEHOLDER"]
    assert "工作考核、社会评议和责任追究结果情况" in (done.narrative_text("supervision").text or "")
    if placeholder:  # the PLACEHOLDER check lands with the text checks; when present it must point here
        assert {f.location.part for f in placeholder} == {"supervision"}
    report.narrative_text("supervision").notes = "年度考核中政务公开工作获评优秀"
    assert "【" not in _drafted(report)["supervision"]


def test_notes_are_used_and_cleaned() -> None:
    report = zero_filled(2025)
    report.narrative_text("problems").notes = "- 政策解读形式单一\n2. 网站栏目更新不够及时。\n\n"
    report.narrative_text("platform").notes = "（1）新开设“政策解读”专栏"
    texts = _drafted(report)
    assert "主要是：一是政策解读形式单一；二是网站栏目更新不够及时。" in texts["problems"]
    assert texts["platform"].endswith("新开设“政策解读”专栏。")


def test_clerk_text_is_kept_and_empty_string_leaves_a_part_out() -> None:
    report = zero_filled(2025)
    report.narrative_text("overview").text = "我局自行撰写的综述。"
    report.narrative_text("platform").text = ""
    done, parts = draft_missing(report, TemplateDrafter())
    assert done.narrative_text("overview").text == "我局自行撰写的综述。"
    assert done.narrative_text("platform").text == ""
    assert {"overview", "platform"}.isdisjoint({p.part for p in parts})
    assert report.narrative_text("preamble").text is None  # the input is not changed


def test_note_helpers() -> None:
    assert note_items("一、开展培训\n(2) 更新目录；\n• 回应关切") == ["开展培训", "更新目录", "回应关切"]
    assert enumerate_zh(["甲", "乙"]) == "一是甲；二是乙。"
    assert enumerate_zh(["甲"]) == "甲。"


def test_a_total_without_its_parts_writes_no_empty_breakdown() -> None:
    """An imported or partly filled report: 办结3件 given, the result rows blank. No dangling "其中。"."""
    from tests.helpers import zero_filled

    report = zero_filled(2025)
    report.table3.new_received.natural_person = 3
    report.table3.r7_total.total = 3
    report.table4.review.total = 2
    text = TemplateDrafter().draft(report, "on_request")
    assert "本年度办结3件。" in text and "被申请行政复议2件。" in text
    assert "其中。" not in text and "其中，" not in text

"""Grounding: finding every number in a narrative text and judging it against the figures (NARRATIVE-NUMBERS,
NARRATIVE-UNVERIFIED), on hand-made phrases, on the real reports of tests/data/corpus, and on what the
template drafter writes for many generated reports."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest

from assistant import formats as F
from assistant.checks import CheckOptions, run_checks
from assistant.checks import narrative as narrative_checks
from assistant.drafting import draft_missing
from assistant.drafting.templates import TemplateDrafter
from assistant.figures import load_report
from assistant.findings import Finding, Severity, narrative_place
from assistant.grounding import (
    NUMBERS,
    UNVERIFIED,
    Kind,
    Verdict,
    find_numbers,
    ground_report,
    ground_text,
    parse_chinese_number,
    phrase_around,
)
from assistant.model import ReportBase, blank_report, with_computed_totals
from tests.conftest import DATA
from tests.helpers import set3, set4, zero_filled

CORPUS = DATA / "corpus"
SHANGHAI = CORPUS / "01_shanghaishirenminzhengfubangongting_2019.json"
HUAIAN = CORPUS / "02_huaianshirenminzhengfu_2024.json"
HONGZE = CORPUS / "04_hongzequrenminzhengfu_2024.json"
CHANGCHUN_KEJI = CORPUS / "13_changchunxinqukejiju_2023.json"
LINKONG = CORPUS / "14_changchunlinkongjingjishifanqu_2025.json"


def narrative_findings(report: ReportBase, options: CheckOptions | None = None) -> list[Finding]:
    """The narrative checks called directly, on the report as run_checks prepares it."""
    options = options or CheckOptions()
    completed = report if report.meta.origin == "imported" else with_computed_totals(report)
    return [f for check in narrative_checks.CHECKS for f in check(completed, options)]


def _one(text: str, value: str | None = None, *, kind: Kind | None = None):
    mentions = [m for m in find_numbers(text) if value is None or m.written.startswith(value)]
    assert len(mentions) == 1, (text, mentions)
    if kind is not None:
        assert mentions[0].kind is kind, mentions[0]
    return mentions[0]


# ---------------------------------------------------------------------------------------------------------
# Finding numbers


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("一百二十三", 123), ("一百零五", 105), ("两千", 2000),
        ("三万五千", 35000), ("二〇二四", 2024), ("十四五", None), ("万一", None), ("一一", None), ("百", None),
    ],
)  # fmt: skip
def test_chinese_numerals_parse(numeral: str, value: int | None) -> None:
    assert parse_chinese_number(numeral) == value


@pytest.mark.parametrize(
    ("text", "written", "value", "unit", "kind"),
    [
        ("受理申请3,119件，", "3,119件", "3119", "件", Kind.QUANTITY),
        ("收费2.5万元。", "2.5万元", "2.5", "万元", Kind.QUANTITY),
        ("阅读量达180万次", "180万次", "1800000", "次", Kind.QUANTITY),
        ("占33.9%", "33.9%", "33.9", "%", Kind.PERCENT),
        ("占３３．９％", "３３．９％", "33.9", "%", Kind.PERCENT),
        ("受理政府信息公开申请 17 件", "17 件", "17", "件", Kind.QUANTITY),
        ("收到申请１７件", "１７件", "17", "件", Kind.QUANTITY),
        ("办理一百二十三件", "一百二十三件", "123", "件", Kind.QUANTITY),
        ("开展检查两次", "两次", "2", "次", Kind.QUANTITY),
        ("出台四项规范性文件", "四项", "4", "项", Kind.QUANTITY),
        ("约占三成，", "三成", "30", "成", Kind.PERCENT),
        ("达到百分之三十", "百分之三十", "30", "%", Kind.PERCENT),
        ("公开信息5500余条", "5500余条", "5500", "条", Kind.QUANTITY),
        ("在2024年四个季度", "四个季度", "4", "个季度", Kind.DURATION),
        ("自2024年1月1日起", "2024年", "2024", "年", Kind.YEAR),
    ],
)
def test_numbers_are_found_with_value_unit_and_kind(text: str, written: str, value: str, unit: str, kind: Kind) -> None:
    mention = _one(text, written[:2])
    assert mention.written == written
    assert mention.value == Decimal(value)
    assert mention.unit == unit
    assert mention.kind is kind
    assert text[mention.start : mention.end] == written


def test_approximations_are_marked() -> None:
    assert _one("十余件").approximate
    assert _one("6700多次").approximate
    assert _one("超2300万").approximate
    assert not _one("2300件").approximate


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("《中华人民共和国政府信息公开条例》（国务院令第711号）", Kind.DOCUMENT),
        ("（国办公开办函〔2021〕30号）", Kind.DOCUMENT),
        ("统计期限自2024年1月1日至2024年12月31日", Kind.DATE),
        ("10月29日正式上线", Kind.DATE),
        ("第二十条第（一）项", Kind.ORDINAL),
        ("一是完善制度；二是加强培训", Kind.ORDINAL),
        ("第一时间发布", Kind.ORDINAL),
        ("15个工作日内答复", Kind.DURATION),
        ("电话：0517-83605210，邮编：223001", Kind.IDENTIFIER),
        ("电子邮箱：hazwgkc@163.com", Kind.IDENTIFIER),
        ("“12345”市民服务热线", Kind.IDENTIFIER),
        ("推送H5作品", Kind.IDENTIFIER),
        ("地址：淮安市翔宇南道1号", Kind.IDENTIFIER),
        ("执行三级审核制度", Kind.IDENTIFIER),
        ("《现在为您导航！2019上海再出发》", Kind.IDENTIFIER),
    ],
)
def test_numbers_that_are_not_claims(text: str, kind: Kind) -> None:
    mentions = find_numbers(text)
    assert mentions
    assert all(not m.is_claim for m in mentions), mentions
    assert any(m.kind is kind for m in mentions), mentions


@pytest.mark.parametrize(
    "text", ["党的二十大和二十届二中、三中全会", "“十四五”规划", "进一步统一规范", "落实“三同步”", "召开两会", "零败诉"]
)
def test_numerals_without_a_counter_are_not_numbers(text: str) -> None:
    assert [m for m in find_numbers(text) if m.is_claim] == []


# ---------------------------------------------------------------------------------------------------------
# Judging phrases against the figures


def _requests(new: int = 713, carried_in: int = 36, granted: int = 700, carried_out: int = 49) -> ReportBase:
    report = zero_filled(2025, agency="沭阳县某局")
    set3(report, "new_received", "natural_person", new)
    set3(report, "carried_in", "natural_person", carried_in)
    set3(report, "r1_granted", "natural_person", granted)
    set3(report, "carried_out", "natural_person", new + carried_in - granted)
    return with_computed_totals(report)


def _verdicts(report: ReportBase, text: str, **kw: object) -> dict[str, Verdict]:
    grounding = ground_text(report, text, **kw)  # type: ignore[arg-type]
    return {j.mention.written: j.verdict for j in grounding.judgements if j.mention.is_claim}


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("全年共受理政府信息公开申请713件。", Verdict.MATCHES),  # 新收
        ("全年共受理政府信息公开申请749件。", Verdict.MATCHES),  # 新收＋上年结转 (沭阳县 2025)
        ("全年共受理政府信息公开申请750件。", Verdict.CONTRADICTS),
        ("本年新收政府信息公开申请749件。", Verdict.CONTRADICTS),  # 新收 alone is 713
        ("上年结转政府信息公开申请36件。", Verdict.MATCHES),
        ("另有49件顺延到下年度答复。", Verdict.MATCHES),
        ("另有48件顺延到下年度答复。", Verdict.CONTRADICTS),
        ("全市各部门共受理政府信息公开申请5000件。", Verdict.UNVERIFIED),  # another scope: not judged
        ("申请数量较上年增加12件。", Verdict.UNVERIFIED),  # a change, not a level
    ],
)
def test_request_phrases(text: str, verdict: Verdict) -> None:
    report = _requests()
    (number,) = [v for k, v in _verdicts(report, text).items() if not k.endswith("%")]
    assert number is verdict


def test_the_keyword_next_to_the_number_decides_not_the_first_keyword_in_the_clause() -> None:
    report = zero_filled(2025)
    set3(report, "new_received", "natural_person", 400)
    set3(report, "r4_1", "natural_person", 265)
    set3(report, "r4_2", "natural_person", 72)
    set3(report, "r1_granted", "natural_person", 63)
    report = with_computed_totals(report)
    verdicts = _verdicts(report, "因本机关不掌握等原因无法提供265件。")
    assert verdicts["265件"] is Verdict.CONTRADICTS  # 无法提供 is 337; 265 is only its row 1
    assert _verdicts(report, "本机关不掌握相关政府信息265件。")["265件"] is Verdict.MATCHES


def test_each_of_several_topics() -> None:
    report = zero_filled(2025)
    set3(report, "new_received", "natural_person", 2)
    set3(report, "r3_4", "natural_person", 1)
    set3(report, "r4_1", "natural_person", 1)
    report = with_computed_totals(report)
    text = "保护第三方合法权益和本机关不掌握相关政府信息各1项。"
    assert _verdicts(report, text)["1项"] is Verdict.MATCHES
    set3(report, "r4_1", "natural_person", 0)
    set3(report, "r4_1", "total", 0)
    set3(report, "r5_2", "natural_person", 1)
    assert _verdicts(report, text)["1项"] is Verdict.CONTRADICTS


def test_percentages_are_a_count_over_a_base() -> None:
    report = zero_filled(2025)
    set3(report, "new_received", "natural_person", 805)
    set3(report, "r3_1", "natural_person", 35)
    set3(report, "r1_granted", "natural_person", 770)
    report = with_computed_totals(report)
    assert _verdicts(report, "不予公开35件，占4.34%。")["4.34%"] is Verdict.MATCHES  # 35/805 = 4.3478 cut
    assert _verdicts(report, "不予公开35件，占4.35%。")["4.35%"] is Verdict.MATCHES  # rounded
    grounding = ground_text(report, "不予公开35件，占5.2%。")
    assert [i.found for i in grounding.contradictions] == ["5.2%"]
    assert _verdicts(report, "差评数占评价总数的0.27%。")["0.27%"] is Verdict.UNVERIFIED


def test_parts_must_not_exceed_their_whole() -> None:
    report = zero_filled(2025)
    bad = ground_text(report, "全年共公开信息100条，其中政策文件60条、通知公告50条。", notes=["100条 60条 50条"])
    (issue,) = bad.contradictions
    assert issue.start == bad.text.index("100条")
    assert "60＋50＝110条" in issue.message
    good = ground_text(report, "全年共公开信息110条，其中政策文件60条、通知公告50条。", notes=["60条 50条"])
    assert good.issues == []  # the whole is the sum of parts that have a source
    # A colon carries the list across semicolons (沭阳县 2023); a comma ends it at the first semicolon
    # (长春临空 2025: "行政许可239项,其中,……1项;行政处罚3项").
    listed = "共发布信息20条，其中：文件9条；解读7条；动态4条。"
    assert ground_text(report, listed, notes=["20 9 7 4"]).issues == []
    nested = "主动公开12项(政策文件9项,其中,甲局5项,乙局4项;工作动态3项)。"
    assert ground_text(report, nested, notes=["12 9 5 4 3"]).contradictions == []


def test_all_upheld_must_hold_in_table4() -> None:
    report = zero_filled(2025)
    set4(report, "review", "upheld", 5)
    set4(report, "review", "pending", 2)
    set4(report, "litigation_direct", "upheld", 9)
    report = with_computed_totals(report)
    grounding = ground_text(report, "行政复议7件，诉讼9件，均获维持。")
    (issue,) = grounding.contradictions
    assert issue.found == "均获维持"
    assert "行政复议共7件，结果维持5件、尚未审结2件" in issue.message
    assert "行政诉讼" not in issue.message  # 诉讼 9 were all upheld
    set4(report, "review", "upheld", 7)
    set4(report, "review", "pending", 0)
    set4(report, "review", "total", 7)
    assert ground_text(report, "行政复议7件，诉讼9件，均获维持。").issues == []


def test_litigation_results_sum_over_both_blocks_and_skip_the_parenthesis() -> None:
    report = zero_filled(2025)
    set4(report, "litigation_direct", "upheld", 13)
    set4(report, "litigation_after_review", "upheld", 12)
    set4(report, "litigation_after_review", "pending", 6)
    report = with_computed_totals(report)
    text = "被提起行政诉讼31件（未经复议直接起诉13件，复议后起诉18件），其中结果维持25件、尚未审结6件。"
    assert set(_verdicts(report, text).values()) == {Verdict.MATCHES}


def test_amounts_convert_units() -> None:
    report = zero_filled(2025)
    report.table2.art20_8.admin_fees.amount_wan_yuan = Decimal("2.5")  # type: ignore[attr-defined]
    assert _verdicts(report, "收取行政事业性收费2.5万元。")["2.5万元"] is Verdict.MATCHES
    assert _verdicts(report, "收取行政事业性收费25000元。")["25000元"] is Verdict.MATCHES
    assert _verdicts(report, "收取行政事业性收费3万元。")["3万元"] is Verdict.CONTRADICTS


def test_notes_ground_numbers_and_strict_mode_refuses_coincidences() -> None:
    report = zero_filled(2025)
    set3(report, "new_received", "natural_person", 3)
    set3(report, "r1_granted", "natural_person", 3)
    report = with_computed_totals(report)
    text = "全年组织业务培训3次，参训120人次。"
    assert _verdicts(report, text) == {"3次": Verdict.GROUNDED, "120人次": Verdict.UNVERIFIED}
    assert _verdicts(report, text, notes=["培训3次，120人次"]) == {"3次": Verdict.GROUNDED, "120人次": Verdict.GROUNDED}
    # Strict (model drafts): 3 equals a cell by chance only, so it is an invented number.
    assert _verdicts(report, text, strict=True) == {"3次": Verdict.UNVERIFIED, "120人次": Verdict.UNVERIFIED}
    assert _verdicts(report, "新收政府信息公开申请3件。", strict=True) == {"3件": Verdict.MATCHES}


def test_report_strings_and_official_labels_are_not_claims() -> None:
    report = zero_filled(2025, agency="新疆生产建设兵团第十二师审计局")
    report.meta.contact.address = "乌鲁木齐市头屯河区12号"
    text = "新疆生产建设兵团第十二师审计局地址为乌鲁木齐市头屯河区12号；属于三类内部事务信息的0件。"
    assert ground_text(report, text).issues == []


# ---------------------------------------------------------------------------------------------------------
# Statements that a figure is zero, written without a digit

REVIEW = "表四 行政复议 / 总计为2件"
LITIGATION = "表四 行政诉讼（未经复议直接起诉与复议后起诉之和）/ 总计为1件"
NEW = "表三 “一、本年新收政府信息公开申请数量”为5件"
CARRIED_IN = "表三 “二、上年结转政府信息公开申请数量”为1件"
COLLECTED = "实际收取的信息处理费为100元"
NOTICES = "信息处理费收费通知件数为2件"


def _busy() -> ReportBase:
    """新收 5, 上年结转 1, 行政复议 2, 行政诉讼 1, 收费通知 2件, 实收信息处理费 100元."""
    report = zero_filled(2025)
    set3(report, "new_received", "natural_person", 5)
    set3(report, "carried_in", "natural_person", 1)
    set3(report, "r1_granted", "natural_person", 6)
    set4(report, "review", "upheld", 2)
    set4(report, "litigation_direct", "upheld", 1)
    report.fees.notices_issued = 2
    report.fees.notices_amount_yuan = Decimal("150")
    report.fees.collected_yuan = Decimal("100")
    return with_computed_totals(report)


def _quiet() -> ReportBase:
    """Every figure 0."""
    report = zero_filled(2025)
    report.fees.collected_yuan = Decimal("0")
    return with_computed_totals(report)


ZERO_CLAIMS = [
    ("本年度未发生政府信息公开行政复议、行政诉讼案件。", "未发生政府信息公开行政复议、行政诉讼案件",
     [REVIEW, LITIGATION]),
    ("全年未发生因政府信息公开工作引起的行政复议和行政诉讼。", "未发生因政府信息公开工作引起的行政复议和行政诉讼",
     [REVIEW, LITIGATION]),  # the template's own sentence
    ("我局没有因政府信息公开被申请行政复议。", "没有因政府信息公开被申请行政复议", [REVIEW]),
    ("本机关未被提起行政诉讼。", "未被提起行政诉讼", [LITIGATION]),
    ("未因政府信息公开被申请行政复议或被提起行政诉讼。", "未因政府信息公开被申请行政复议或被提起行政诉讼",
     [REVIEW, LITIGATION]),
    ("无涉及政府信息公开行政复议、行政诉讼情况。", "无涉及政府信息公开行政复议、行政诉讼情况",
     [REVIEW, LITIGATION]),  # 长春临空经济示范区 2025
    ("本年度行政复议和行政诉讼案件均未发生。", "行政复议和行政诉讼案件均未发生", [REVIEW, LITIGATION]),
    ("政府信息公开行政复议、行政诉讼均为零。", "行政复议、行政诉讼均为零", [REVIEW, LITIGATION]),
    ("本年度未收到政府信息公开申请。", "未收到政府信息公开申请", [NEW]),
    ("我局没有收到公民、法人或其他组织提出的政府信息公开申请。",
     "没有收到公民、法人或其他组织提出的政府信息公开申请", [NEW]),
    ("本年度无依申请公开事项。", "无依申请公开事项", [NEW]),
    ("2023年度未收到依申请公开事项。", "未收到依申请公开事项", [NEW]),  # 长春新区科技局 2023
    ("我单位未接到任何形式的政府信息公开申请。", "未接到任何形式的政府信息公开申请", [NEW]),  # 上高县审计局 2020
    ("我局未新收政府信息公开申请。", "未新收政府信息公开申请", [NEW]),  # the template's own sentence
    ("本年度政府信息公开申请数量为零。", "政府信息公开申请数量为零", [NEW]),
    ("未收到政府信息公开申请，也无上年结转的申请。", "无上年结转的申请", [CARRIED_IN]),  # and 未收到: see below
    ("本年度未收取信息处理费。", "未收取信息处理费", [COLLECTED]),
    ("没有收取任何费用。", "没有收取任何费用", [COLLECTED]),
    ("未向申请人收取任何费用。", "未向申请人收取任何费用", [COLLECTED]),
    ("县发展和改革局政府信息公开未发生收费情况。", "未发生收费情况", [COLLECTED]),  # 沭阳县发展和改革局 2023
    ("我局未发出信息处理费收费通知。", "未发出信息处理费收费通知", [NOTICES]),
    ("本机关不收取信息处理费。", "不收取信息处理费", [COLLECTED]),
    ("被申请行政复议：无。被提起行政诉讼：无。", "被申请行政复议：无", [REVIEW]),  # and 诉讼: see below
    ("依申请公开：没有；", "依申请公开：没有", [NEW]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "found", "held"), ZERO_CLAIMS)
def test_a_statement_of_zero_contradicts_a_table_that_holds_more(text: str, found: str, held: list[str]) -> None:
    grounding = ground_text(_busy(), text)
    issue = next(i for i in grounding.contradictions if i.found == found)
    assert issue.code == NUMBERS
    assert text[issue.start : issue.end] == found
    assert issue.expected == "；".join(held)
    assert issue.message == f"正文称“{found}”，与表格不符：{'；'.join(held)}。请核对正文或表格。"
    assert [i.found for i in grounding.issues] == [i.found for i in grounding.contradictions]  # nothing else


@pytest.mark.parametrize(("text", "found", "held"), ZERO_CLAIMS)
def test_a_statement_of_zero_holds_when_the_table_is_zero_or_blank(text: str, found: str, held: list[str]) -> None:
    assert ground_text(_quiet(), text).issues == []
    blank = blank_report(2025, agency="测试县审计局", body_kind=F.BodyKind.DEPARTMENT)
    assert ground_text(blank, text).issues == []


def test_each_statement_of_zero_is_judged_against_its_own_figure() -> None:
    report = _quiet()
    set3(report, "carried_in", "natural_person", 1)
    set3(report, "carried_in", "total", 1)
    set4(report, "review", "upheld", 2)
    set4(report, "review", "total", 2)
    text = "本年度未收到政府信息公开申请，也无上年结转的申请。全年未发生行政复议和行政诉讼。"
    grounding = ground_text(report, text)
    assert [(i.found, i.expected) for i in grounding.contradictions] == [
        ("无上年结转的申请", CARRIED_IN),  # 未收到 is about 新收 (0), not 新收＋上年结转
        ("未发生行政复议和行政诉讼", REVIEW),  # 行政诉讼 is 0: only 行政复议 is named
    ]
    # 复议后起诉 is its own block of 表四.
    set4(report, "litigation_direct", "upheld", 1)
    set4(report, "litigation_direct", "total", 1)
    assert ground_text(report, "未发生复议后起诉案件。").issues == []
    assert ground_text(report, "未发生复议后起诉的行政诉讼。").issues == []  # the kind before 的 names the block
    for text in ("未发生直接起诉案件。", "未发生直接起诉的行政诉讼。"):
        assert [i.expected for i in ground_text(report, text).issues] == ["表四 行政诉讼·未经复议直接起诉 / 总计为1件"]


def test_a_list_of_items_with_none_names_each() -> None:
    found = [i.found for i in ground_text(_busy(), "被申请行政复议：无。被提起行政诉讼：无。").contradictions]
    assert found == ["被申请行政复议：无", "被提起行政诉讼：无"]


def test_a_statement_of_zero_beside_numbers() -> None:
    text = "全年新收政府信息公开申请5件，上年结转1件。未发生行政复议。"
    grounding = ground_text(_busy(), text)
    assert {j.mention.written: j.verdict for j in grounding.judgements} == {
        "5件": Verdict.MATCHES,
        "1件": Verdict.MATCHES,
    }
    (issue,) = grounding.issues
    assert (issue.start, issue.found) == (text.index("未发生行政复议"), "未发生行政复议")


@pytest.mark.parametrize(
    "text",
    [
        "全市各部门未收到政府信息公开申请。",  # another scope
        "本机关所属单位未发生行政复议。",
        "全年未发现泄密事件。",  # a negation about something else
        "未发生因公开不当引发的舆情。",
        "如未收到政府信息公开申请，应在报告中写明。",  # a condition, a plan
        "力争不发生行政复议、行政诉讼案件。",
        "若全年未发生行政复议，也应报告。",
        "上年度未发生行政复议。",  # another year
        "及时更正了栏目中“本年度未收到政府信息公开申请。”的表述。",  # quoted
        "编印《全年未发生行政复议，依法行政见成效》宣传册。",
        "未收到信函申请。",  # a part of the applications, not all of them
        "未收到申请人的投诉。",
        "未收取行政事业性收费。",  # the other fee (表二)
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请。",  # a 表三 row label
        "对无法提供的申请，均说明理由。",
        "未发生无正当理由大量反复申请的情况。",
        "另有未审结的行政诉讼。",  # a 表四 result column
        "行政诉讼均为未经复议直接起诉。",
        "未发生行政复议决定被纠错的情况。",  # a part of the 行政复议
        "申请人未收到答复的，可以依法申请行政复议。",
        "今后不收取信息处理费。",  # a plan
        "传真：无。",  # ：无 after something else
        "行政复议：无法确定。",  # ：无 that does not end the clause
    ],
)
def test_negations_that_are_not_a_statement_of_zero(text: str) -> None:
    assert ground_text(_busy(), text).contradictions == []


# ---------------------------------------------------------------------------------------------------------
# The real reports


def _numbers_findings(path: Path) -> list[Finding]:
    return [f for f in narrative_findings(load_report(path)) if f.code == NUMBERS]


def _at(report: ReportBase, part: str, needle: str, nth: int = 0) -> int:
    text = report.narrative_text(part).text or ""
    offset = -1
    for _ in range(nth + 1):
        offset = text.index(needle, offset + 1)
    return offset


def test_shanghai_2019_narrative_contradicts_its_tables() -> None:
    report = load_report(SHANGHAI)
    findings = _numbers_findings(SHANGHAI)
    assert all(f.severity is Severity.ERROR for f in findings)
    by_offset = {f.location.offset: f for f in findings if f.location}  # type: ignore[union-attr]
    granted = _at(report, "on_request", "258件")
    unable = _at(report, "on_request", "265件")
    upheld = _at(report, "on_request", "均获维持")
    percent = _at(report, "on_request", "33.9%")
    assert set(by_offset) == {granted, percent, unable, upheld}
    assert by_offset[granted].location == narrative_place("on_request", granted)
    assert "275件" in by_offset[granted].message and by_offset[granted].found == "258件"
    assert "337件" in by_offset[unable].message and "（四）无法提供" in by_offset[unable].message
    assert "行政复议共7件，结果维持5件、尚未审结2件" in by_offset[upheld].message
    assert "行政诉讼共9件，结果维持8件、尚未审结1件" in by_offset[upheld].message
    # 不予公开35件 占4.34%, 不予处理158件 占19.6%, 答复805件, 含上年度结转申请18件, 72件顺延: all agree.
    grounding = ground_report(report)["on_request"]
    for written in ("35件", "4.34%", "158件", "19.6%", "805件", "18件", "72件", "859件", "7件", "9件"):
        (judgement,) = [j for j in grounding.judgements if j.mention.written == written]
        assert judgement.verdict is Verdict.MATCHES, written


def test_hongze_2024_received_17_against_95() -> None:
    report = load_report(HONGZE)
    (finding,) = _numbers_findings(HONGZE)
    assert finding.location == narrative_place("on_request", _at(report, "on_request", "17件"))
    assert finding.found == "17件"
    assert "95件" in finding.message and "一、本年新收政府信息公开申请数量" in finding.message


def test_changchun_keji_2023_four_normative_documents_against_0() -> None:
    report = load_report(CHANGCHUN_KEJI)
    (finding,) = _numbers_findings(CHANGCHUN_KEJI)
    assert finding.location == narrative_place("overview", _at(report, "overview", "四项"))
    assert "行政规范性文件" in finding.message and "本年制发件数为0件" in finding.message


def test_huaian_2024_has_no_contradiction() -> None:
    report = load_report(HUAIAN)
    assert _numbers_findings(HUAIAN) == []
    grounding = ground_report(report)["on_request"]
    verdicts = {j.mention.written: j.verdict for j in grounding.judgements if j.mention.is_claim}
    for written in ("3119件", "3050件", "34件", "103件", "351件", "72件", "46件", "25件"):
        assert verdicts[written] in (Verdict.MATCHES, Verdict.GROUNDED), written
    for written in ("34件", "103件", "351件", "46件"):
        assert verdicts[written] is Verdict.MATCHES, written
    other = ground_report(report)["other"]
    assert [j.verdict for j in other.judgements if j.mention.written == "3940元"] == [Verdict.MATCHES]


def test_linkong_2025_has_no_contradiction() -> None:
    assert _numbers_findings(LINKONG) == []
    grounding = ground_report(load_report(LINKONG))["overview"]
    verdicts = {(j.mention.written, j.mention.start): j.verdict for j in grounding.judgements}
    matched = {w for (w, _), v in verdicts.items() if v is Verdict.MATCHES}
    assert {"239项", "3项", "4项", "2项", "1项"} <= matched
    assert verdicts[("242项", grounding.text.index("242项"))] is Verdict.GROUNDED  # 239 + 3, both in 表二


# Every NARRATIVE-UNVERIFIED warning on the corpus, reviewed by hand: each is a count or a rate that no table
# of the format holds (信息条数, 新闻发布会, 粉丝数, 满意率 …). A change here is either a new false positive
# or a lost true one.
CORPUS_UNVERIFIED = [
    ("01", "active_disclosure", "162件"), ("01", "active_disclosure", "141件"), ("01", "active_disclosure", "53个"),
    ("01", "active_disclosure", "2261项"), ("01", "active_disclosure", "99.58%"), ("01", "active_disclosure", "132件"),
    ("01", "on_request", "12.3%"), ("01", "info_management", "90.2%"), ("01", "info_management", "十一个"),
    ("01", "platform", "24期"), ("01", "platform", "112件"), ("01", "platform", "45件"), ("01", "platform", "83件"),
    ("01", "platform", "180万次"), ("01", "platform", "41条"), ("01", "platform", "2300万"), ("01", "platform", "26%"),
    ("01", "platform", "550万"), ("01", "platform", "770万"), ("01", "supervision", "70家"),
    ("02", "active_disclosure", "5500余条"), ("02", "active_disclosure", "21个"), ("02", "platform", "95个"),
    ("02", "platform", "100%"),
    ("04", "active_disclosure", "2428条"), ("04", "active_disclosure", "7期"), ("04", "active_disclosure", "7条"),
    ("06", "active_disclosure", "249条"), ("06", "active_disclosure", "9条"), ("06", "active_disclosure", "7条"),
    ("06", "active_disclosure", "39条"), ("06", "active_disclosure", "6条"), ("06", "active_disclosure", "185条"),
    ("06", "active_disclosure", "182件"),
    ("11", "overview", "15条"), ("11", "overview", "38条"),
    ("12", "active_disclosure", "314条"), ("12", "active_disclosure", "3条"), ("12", "active_disclosure", "2条"),
    ("12", "active_disclosure", "1条"), ("12", "active_disclosure", "8条"), ("12", "active_disclosure", "12条"),
    ("12", "active_disclosure", "20条"), ("12", "active_disclosure", "268条"),
    ("14", "overview", "246项"), ("14", "overview", "189项"), ("14", "overview", "42项"), ("14", "overview", "7项"),
    ("15", "overview", "423件"),
    ("16", "overview", "58件"), ("16", "overview", "32件"), ("16", "overview", "6期"), ("16", "overview", "13件"),
    ("17", "active_disclosure", "41条"), ("17", "active_disclosure", "1条"), ("17", "active_disclosure", "20条"),
    ("17", "active_disclosure", "13条"), ("17", "active_disclosure", "4条"), ("17", "active_disclosure", "3条"),
    ("18", "overview", "131条次"), ("18", "overview", "39条"), ("18", "overview", "92篇"), ("18", "overview", "1名"),
    ("18", "overview", "92篇"), ("18", "overview", "6700多次"), ("18", "overview", "2000多次"),
]  # fmt: skip


def test_corpus_unverified_warnings_are_exactly_the_reviewed_ones() -> None:
    found = []
    for path in sorted(CORPUS.glob("*.json")):
        for finding in narrative_findings(load_report(path)):
            if finding.code == UNVERIFIED:
                assert finding.severity is Severity.WARNING
                assert finding.location is not None and finding.location.part is not None
                found.append((path.name[:2], finding.location.part, finding.found))
    assert found == CORPUS_UNVERIFIED


def test_only_the_known_contradictions_in_the_corpus() -> None:
    errors = {path.name[:2]: len(_numbers_findings(path)) for path in sorted(CORPUS.glob("*.json"))}
    assert errors == {
        "01": 4,
        "02": 0,
        "04": 1,
        "06": 0,
        "11": 0,
        "12": 0,
        "13": 1,
        "14": 0,
        "15": 0,
        "16": 0,
        "17": 0,
        "18": 0,
    }


def test_through_run_checks() -> None:
    findings = run_checks(load_report(HONGZE))
    (error,) = [f for f in findings if f.code == NUMBERS]
    assert error.render().startswith("【错误】NARRATIVE-NUMBERS 一、总体情况（二）依申请公开（第")
    warnings = [f for f in findings if f.code == UNVERIFIED]
    assert [w.found for w in warnings] == ["2428条", "7期", "7条"]
    assert findings.index(error) < min(findings.index(w) for w in warnings)  # errors first


# ---------------------------------------------------------------------------------------------------------
# What the template drafter writes


def generated_report(seed: int) -> ReportBase:
    """A report with random, consistent figures, contact details and notes."""
    rng = random.Random(seed)
    year = rng.choice([2019, 2020, 2021, 2023, 2025])
    agency = rng.choice(["桐溪县审计局", "第一师市场监督管理局", "九龙坡区二郎街道办事处", "某市人民政府"])
    report = zero_filled(year, agency=agency, kind=rng.choice(list(F.BodyKind)))
    high = rng.choice([3, 20, 500, 5000])

    def value() -> int:
        return rng.choice([0, 0, rng.randint(0, high)])

    for block in report.fmt.table2:
        for row in block.rows:
            cells = getattr(getattr(report.table2, block.key), row.key)
            for column in block.columns:
                if column.kind is F.CellKind.AMOUNT:
                    setattr(cells, column.key, Decimal(rng.choice(["0", "2.5", "12.34", "251000", "96171.6"])))
                elif column.kind is F.CellKind.SIGNED_COUNT:
                    setattr(cells, column.key, rng.randint(-5, 5))
                else:
                    setattr(cells, column.key, value())
            if block.key == "art20_9":
                cells.total_amount_unit = rng.choice(["元", "万元", None])
    for row in report.fmt.table3_rows:
        if row.key != F.TABLE3_TOTAL_ROW:
            for column in F.TABLE3_PART_COLUMNS:
                set3(report, row.key, column, value())
    for column in F.TABLE3_PART_COLUMNS:  # 新收 + 上年结转 = 办结 + 结转下年度
        results = sum(report.t3(r, column) or 0 for r in report.fmt.table3_summed_rows)
        new, carried_in = report.t3("new_received", column) or 0, report.t3("carried_in", column) or 0
        if new + carried_in < results:
            new = results - carried_in + rng.randint(0, 3)
            set3(report, "new_received", column, new)
        set3(report, "carried_out", column, new + carried_in - results)
    for block in F.TABLE4_BLOCKS:
        for column in F.TABLE4_PART_COLUMNS:
            set4(report, block.key, column, value())
    report.fees.notices_issued = rng.choice([None, 0, 3])
    if report.fees.notices_issued:
        report.fees.notices_amount_yuan = Decimal(rng.choice(["150", "20.5"]))
        report.fees.collected_yuan = Decimal(rng.choice(["100", "0"]))
    if rng.random() < 0.7:
        contact = report.meta.contact
        contact.address = rng.choice(["桐溪县人民路12号", "某市翔宇南道1号3楼"])
        contact.postcode = "341900"
        contact.phone = rng.choice(["0797-1234567", "13812345678", "0527—83593059"])
        contact.email = "gk123@163.com"
        report.meta.website_name = "桐溪县人民政府网站"
        report.meta.website_url = "http://www.tongxi.gov.cn/col/col123/"
    if rng.random() < 0.5:
        report.narrative.problems.notes = "政策解读形式单一\n培训次数偏少，全年仅组织培训2次"  # type: ignore[attr-defined]
        report.narrative.supervision.notes = "组织业务培训3次，参训120人次"  # type: ignore[attr-defined]
    return with_computed_totals(report)


@pytest.mark.parametrize("seed", range(40))
def test_template_drafts_are_fully_grounded(seed: int) -> None:
    report = generated_report(seed)
    drafted, _ = draft_missing(report, TemplateDrafter())
    assert [f.render() for f in narrative_findings(drafted)] == []
    # Strictly too: every number the templates write is named as its figure, none is a coincidence.
    for part in F.NARRATIVE_PARTS:
        text = drafted.narrative_text(part.key).text
        if text:
            grounding = ground_text(drafted, text, strict=True)
            assert grounding.issues == [], (part.key, text, grounding.issues)


def test_a_changed_figure_in_a_template_draft_is_caught() -> None:
    report = generated_report(3)
    drafted, _ = draft_missing(report, TemplateDrafter())
    text = drafted.narrative_text("on_request").text or ""
    new = report.t3("new_received", "total")
    assert f"新收政府信息公开申请{new}件" in text
    drafted.narrative_text("on_request").text = text.replace(f"申请{new}件", f"申请{new + 1}件", 1)
    (finding,) = [f for f in narrative_findings(drafted) if f.code == NUMBERS]
    assert finding.location == narrative_place("on_request", text.index(f"{new}件"))


def test_phrase_around_a_number_stays_in_its_clause() -> None:
    text = "2024年，区政府办代表区政府受理政府信息公开申请17件，均已在法定期限内予以答复。"
    (mention,) = [m for m in find_numbers(text) if m.is_claim]
    assert phrase_around(text, mention) == "区政府办代表区政府受理政府信息公开申请17件"
    long = "全年通过区政府信息公开网站和政务新媒体共公开信息314条。"
    (mention,) = [m for m in find_numbers(long) if m.is_claim]
    assert phrase_around(long, mention) == "…区政府信息公开网站和政务新媒体共公开信息314条"
    assert _one("收取行政事业性收费2024.5万元", "2024").kind is Kind.QUANTITY  # not the year 2024

"""Structure and text checks (assistant/checks/text.py): each code trips on a defect and stays quiet on real text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from assistant import formats as F
from assistant.checks import CheckOptions, run_checks
from assistant.checks import text as T
from assistant.findings import Finding, Severity
from assistant.formats import BodyKind
from assistant.model import REPORT_ADAPTER, ReportBase, blank_report

# ---------------------------------------------------------------------------------------------------------
# Real text: 淮安市人民政府 2024 (corpus 02, the clean report). Line breaks of the PDF joined, numbers unchanged.

HUAIAN_TITLE = "淮安市人民政府 2024 年政府信息公开工作年度报告"
HUAIAN_PREAMBLE = (
    "本报告由淮安市人民政府办公室根据《中华人民共和国政府信息公开条例》（国令第 711 号）（以下简称《条例》）规定编"
    "制。报告所列统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日。\n如对本报告有疑问，请与淮安市人民政府办公室联系"
    "（地址：淮安市翔宇南道 1 号，邮编：223001，电话：0517-83605210，电子邮箱：hazwgkc@163.com）。"
)
HUAIAN_OVERVIEW = (
    "2024 年，我市坚持以习近平新时代中国特色社会主义思想为指导，认真学习宣传贯彻党的二十大和二十届二中、三中全会精"
    "神，按照党中央国务院、省委省政府决策部署和市委工作要求，严格落实《中华人民共和国政府信息公开条例》各项规定，圆满"
    "完成了各项任务。"
)
HUAIAN_ACTIVE = (
    "2024 年，市政府网站主动公开各类政府信息 5500 余条，全年新增公开市政府规章 1 件、市"
    "政府及市政府办政策性文件 11 件，通过文字、图片等形式制作政策解读 21 个，制作《淮安市人民"
    "政府公报》6 期。紧紧围绕保障民生、深化改革、科技创新等工作主线，组织召开了“春节前后服务企业用"
    "工和促进返乡人员就业创业专项活动”“建设‘四最’一流营商环境高质量推进产业发展”“加快建设长三角"
    "北部重要产业科技创新高地的若干政策”等新闻发布会 12 场，努力传递政府声音、宣传政策法规、回应"
    "舆论关切。"
)
HUAIAN_ON_REQUEST = (
    "定期对政府信息公开申请集中的领域和热点问题进行研判，探索从源头上解决实际问题。着力强化与申请人的"
    "直接沟通，准确了解申请人诉求，提高答复的及时性和针对性。2024 年，全市共受理政府信息公开申请"
    " 3119 件，答复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度答复"
    "），均在法定期限内予以答复。政府信息公开行政复议 351 件，其中结果维持 72 件，结果纠正 "
    "64 件，其他结果 178 件，尚未审结 37 件；政府信息公开行政诉讼 46 件，其中结果维持"
    " 25 件，结果纠正 5 件，其他结果 9 件，尚未审结 7 件。"
)
HUAIAN_PLATFORM = (
    "进一步优化政务公开专栏设置，省市联动制作“全力巩固和增强经济回升向好态势”“推动大规模设备更新和消费品以旧换新”等专题"
    "专栏。在日常读网巡查的基础上，定期对政府信息公开栏目进行检查，将栏目不更新、政策解读不通俗易懂、互动咨询不回应等问"
    "题列入重点检查范围。深入开展防治政务新媒体“指尖上的形式主义”工作，聚焦解决政务新媒体开而少用、更新不及时、不互动不"
    "回应、表述不规范等新老问题。截至目前，全市在运维政务新媒体共计 95 个，在省办 2024 年四个季度政务新媒体检查抽查中，"
    "合格率均为 100%。"
)
HUAIAN_SUPERVISION = (
    "根据省政务公开年度和季度监测指标，全年组织 4 次政府信息公开栏目全覆盖检查，并出具各县区、各部"
    "门政务公开评估分报告。在日常巡查的基础上，按季度开展政务新媒体专项检查，针对突出问题和日常共性问"
    "题，及时督促整改。针对具体问题，创新开展调研式培训、过堂式培训，不断提高全市政务公开工作人员的工"
    "作能力和水平。"
)
HUAIAN_PROBLEMS = (
    "对照上级新要求和公众新期待，还有一些需要加强和改进的地方。主要表现在：一是政策解读质量仍需提升，个别单位政策解读内"
    "容简单、形式单一；二是政务公开队伍建设还需进一步加强，个别单位存在人员配备不足、兼职多、流动性过快的问题。\n"
    "针对存在问题，下一步，我市将着力加强政策解读质效，重点提升解读的针对性和通俗化，探索建立政社合作、多元参与的政策宣"
    "传解读模式，开发更多可读、可视、可感的政策解读产品，积极回应企业和群众的实际需求；建立健全“传帮带”机制，对新上岗人"
    "员开展“面对面、手把手”指导，定期组织业务培训，全面提升政务公开工作队伍水平，同时加强先进典型宣传和正面激励，增强队"
    "伍凝聚力。"
)
HUAIAN_OTHER = "2024 年，市政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费 3940 元。"

# Statistical periods as other real reports write them (corpus 01, 04, 06, 09, 12, 16 and the seed).
REAL_PERIODS = (
    (2019, "本年度报告中所列数据统计期限从2019年1月1日到12月31日止。本年度报告电子版可从“中国上海”门户网站下载。"),
    (
        2024,
        "报告中所列数据统计期限自 2024 年 1 月 1 日\n起至 2024 年 12 月 31 日止。"
        "如对本报告有疑问，请与淮安市洪泽区人民政府办公室联系。",
    ),
    (2023, "本报告中所列数据统计时限为2023年1月1日至2023年12月31日。"),
    (
        2021,
        "本报告统计期限为:2021年1月1日—2021年12月31日,如对本报告有任何疑问,"
        "请及时与剑阁县义兴镇人民政府取得联系(联系电话:0839-6376002)。",
    ),
    (2022, "本报告所列数据统计期限为:2022年1月1日-2022年12月31日。"),
    (2020, "本报告中所列数据的统计时间为2020年1月1日至2020年12月31日。"),
    (
        2020,
        "本年度报告中所列数据的统计期限自2020年1月1日起至2020年12月31日止。全文包括总体情况、主动公开政府信息情况、"
        "收到和处理政府信息公开申请情况、政府信息公开行政复议行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。",
    ),
)

# Corpus 10 (吴起县周湾镇 2021) and 15 (长春新区管委会 2025): broken statistical periods.
ZHOUWAN_PREAMBLE = (
    "根据《中华人民共和国政府信息公开条例》(以下简称《条例》)有关规定编制本报告。本年度报告由周湾镇人民政府编制,本报告由"
    "概述、主动公开政府信息情况、政府信息依申请公开办理情况、政府信息公开的收费及减免情况、存在的主要问题和改进情况等部分"
    "组成。本报告中所列数据的统计期限自202111日起至20211230日止。"
)
CHANGCHUN_PREAMBLE = (
    "按照《中华人民共和国政府信息公开条例》(以下简称《条例》)有关规定,特向社会公布2025年度长春新区管委会政府信息公开工作"
    "年度报告。报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、"
    "存在的主要问题及改进情况、其他需要报告的事项组成。本报告中所列数据统计期限自20251月1日至202512月31日截止。"
)
# The seed report (上高县审计局 2020): the 表三 note left as an unfilled generated field.
SEED_BROKEN_NOTE = "本列数据的勾稽关系为：0之和，等于0之和"


# ---------------------------------------------------------------------------------------------------------
# Helpers


def run(report: ReportBase, **options: object) -> list[Finding]:
    """Every text check, with the given CheckOptions."""
    opts = CheckOptions(**options)  # type: ignore[arg-type]
    return [f for check in T.CHECKS for f in check(report, opts)]


def only(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def report_2024(**kwargs: object) -> ReportBase:
    return blank_report(2024, agency="测试县审计局", **kwargs)  # type: ignore[arg-type]


def with_text(report: ReportBase, part: str, text: str | None) -> ReportBase:
    report.narrative_text(part).text = text
    return report


def set_t3(report: ReportBase, row: str, column: str, value: int) -> None:
    setattr(getattr(report.table3, row), column, value)  # type: ignore[attr-defined]


def huaian_report() -> ReportBase:
    """淮安市人民政府 2024 as imported: its narrative and the figures the text checks read."""
    r = blank_report(2024, agency="淮安市人民政府", body_kind=BodyKind.GOVERNMENT)
    r.meta.origin = "imported"
    r.meta.title = HUAIAN_TITLE
    r.meta.contact.phone = "0517-83605210"
    for part, text in (
        ("preamble", HUAIAN_PREAMBLE),
        ("overview", HUAIAN_OVERVIEW),
        ("active_disclosure", HUAIAN_ACTIVE),
        ("on_request", HUAIAN_ON_REQUEST),
        ("platform", HUAIAN_PLATFORM),
        ("supervision", HUAIAN_SUPERVISION),
        ("problems", HUAIAN_PROBLEMS),
        ("other", HUAIAN_OTHER),
    ):
        with_text(r, part, text)
    r.table2.art20_8.admin_fees.amount_wan_yuan = Decimal("96171.6")  # type: ignore[attr-defined]
    r.table2.art20_6.penalty.decisions = 3985758  # type: ignore[attr-defined]
    for row, total in (("new_received", 3119), ("carried_in", 34), ("r2_partial", 454), ("r6_2", 6)):
        set_t3(r, row, "total", total)
    r.fees.collected_yuan = Decimal("3940")
    return r


# ---------------------------------------------------------------------------------------------------------
# Real text raises nothing but advice


def test_huaian_2024_raises_only_info() -> None:
    findings = run(huaian_report(), final=True, today=date(2025, 3, 1))
    assert [f for f in findings if f.severity is not Severity.INFO] == []
    assert {f.code for f in findings} == {"DEADLINE", "PARTIAL-RULE"}


@pytest.mark.parametrize(("year", "preamble"), REAL_PERIODS)
def test_real_statistical_periods_pass(year: int, preamble: str) -> None:
    r = blank_report(year, agency="某机关")
    with_text(r, "preamble", preamble)
    assert only(run(r), "TITLE") == []
    assert only(run(r), "PII") == []
    assert only(run(r), "SECTIONS") == []


def test_run_checks_includes_text_checks_on_a_blank_report() -> None:
    codes = {f.code for f in run_checks(report_2024(), CheckOptions(today=date(2025, 1, 2)))}
    assert "DEADLINE" in codes
    assert "SECTIONS" not in codes  # blank parts are still to be drafted


# ---------------------------------------------------------------------------------------------------------
# FORMAT-VERSION


def test_format_version_mismatch_is_an_error() -> None:
    r = REPORT_ADAPTER.validate_python({"meta": {"agency": "测试局", "year": 2022, "format_version": "2019"}})
    [finding] = only(run(r), "FORMAT-VERSION")
    assert finding.severity is Severity.ERROR
    assert finding.location is not None and finding.location.part == "meta.format_version"
    assert (finding.expected, finding.found) == ("2021年格式", "2019年格式")
    assert F.FORMAT_2021.basis.number in finding.message


@pytest.mark.parametrize(
    "meta",
    [
        {"agency": "测试局", "year": 2022},
        {"agency": "测试局", "year": 2020, "format_version": "2019"},
        {"agency": "测试局", "year": 2021, "format_version": "2021"},
    ],
)
def test_format_version_matching_the_year_passes(meta: dict[str, object]) -> None:
    assert only(run(REPORT_ADAPTER.validate_python({"meta": meta})), "FORMAT-VERSION") == []


# ---------------------------------------------------------------------------------------------------------
# SECTIONS


def test_final_report_needs_every_text_section() -> None:
    findings = only(run(report_2024(), final=True), "SECTIONS")
    assert [(f.severity, f.location.part if f.location else None) for f in findings] == [
        (Severity.ERROR, "overview"),
        (Severity.ERROR, "problems"),
        (Severity.ERROR, "other"),
    ]
    assert all(f.found == "空白" for f in findings)
    assert "一、总体情况" in findings[0].message


def test_blank_parts_are_not_findings_while_drafting() -> None:
    assert only(run(report_2024()), "SECTIONS") == []


def test_one_topic_a_problems_text_and_an_explicit_none_complete_the_sections() -> None:
    r = report_2024()
    with_text(r, "supervision", "我局将政务公开工作纳入年度考核。")
    with_text(r, "problems", "一是政策解读形式较为单一。")
    with_text(r, "other", "无")
    assert only(run(r, final=True), "SECTIONS") == []


def test_whitespace_only_text_is_empty_in_the_final_report() -> None:
    r = report_2024()
    with_text(r, "overview", "概述。")
    with_text(r, "problems", " \n ")
    with_text(r, "other", "无")
    [finding] = only(run(r, final=True), "SECTIONS")
    assert finding.location is not None and finding.location.part == "problems"


@pytest.mark.parametrize(
    "text",
    [
        "我局全年主动公开信息32条。\n五、存在的主要问题及改进情况\n一是公开形式较为单一。",
        "我局全年主动公开信息32条。五、存在的主要问题及改进情况：一是公开形式较为单一。",
        "我局全年主动公开信息32条。\n  五、存在的问题及改进措施\n一是公开形式较为单一。",
    ],
)
def test_another_sections_heading_inside_a_part_is_an_error(text: str) -> None:
    r = with_text(report_2024(), "overview", text)
    [finding] = only(run(r), "SECTIONS")
    assert finding.severity is Severity.ERROR
    assert finding.location is not None
    assert finding.location.part == "overview"
    assert finding.location.offset == text.index("五")
    assert finding.found is not None and finding.found.startswith("五")


def test_heading_of_section_one_inside_section_six_is_an_error() -> None:
    text = "本年度未收取信息处理费。\n一、总体情况\n我局……"
    r = with_text(report_2024(), "other", text)
    [finding] = only(run(r), "SECTIONS")
    assert finding.location is not None and finding.location.offset == text.index("一、总体情况")


@pytest.mark.parametrize(
    ("part", "text"),
    [
        ("overview", "一、总体情况\n我局认真落实《条例》。"),  # its own heading
        (
            "preamble",
            "全文包括：一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；"
            "四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；六、其他需要报告的事项。",
        ),
        ("active_disclosure", "按照第二十条第（一）项、第（五）项的要求公开。（二）依申请公开情况另述。"),
        ("other", "十二、其他事项"),
        ("on_request", "办理结果详见三、收到和处理政府信息公开申请情况。"),
        ("on_request", "办理结果见“三、收到和处理政府信息公开申请情况”。"),
        ("problems", HUAIAN_PROBLEMS),
    ],
)
def test_headings_that_are_not_out_of_place(part: str, text: str) -> None:
    assert only(run(with_text(report_2024(), part, text)), "SECTIONS") == []


# ---------------------------------------------------------------------------------------------------------
# PLACEHOLDER


@pytest.mark.parametrize(
    ("text", "marker"),
    [
        ("我局XX年共公开信息32条。", "XX"),
        ("20xx年，我局持续推进政务公开。", "xx"),
        ("本年度共公开信息X条。", "X"),
        ("××局高度重视政务公开工作。", "××"),
        ("联系电话：＿＿＿＿。", "＿＿＿＿"),
        ("邮编：______。", "______"),
        ("【单位名称】高度重视政务公开工作。", "【单位名称】"),
        ("{{ agency }}高度重视。", "{{ agency }}"),
        ("{% if fees %}收取了费用。", "{% if fees %}"),
        ("依据《关于做好年度报告工作的通知》（苏政办函〔〕号）。", "〔〕号"),
        ("依据市政府办公室〔2024〕号文件。", "〔2024〕号"),
        ("TODO: 补充数据。", "TODO"),
        ("具体时间TBD。", "TBD"),
        ("全年受理申请None件。", "None"),
        (SEED_BROKEN_NOTE, "0之和"),
        ("以下是为您撰写的2024年度报告总体情况。", "以下是"),
        ("好的，以下是总体情况部分。", "好的，"),
        ("当然，以下是修改后的内容。", "当然，"),
        ("作为一个AI语言模型，我无法核实数据。", "作为一个AI"),
        ("我局持续推进政务公开。希望对您有帮助！", "希望对您有帮助"),
        ("我局持续推进政务公开。如需进一步修改，请告诉我。", "如需进一步修改"),
        ("我局**高度重视**政务公开工作。", "**"),
        ("## 一、总体情况\n我局高度重视。", "##"),
        ("我局高度重视。\n```\n", "```"),
    ],
)
def test_placeholders_are_errors(text: str, marker: str) -> None:
    r = with_text(report_2024(), "overview", text)
    findings = only(run(r), "PLACEHOLDER")
    assert findings, text
    first = findings[0]
    assert first.severity is Severity.ERROR
    assert first.location is not None
    assert first.location.part == "overview"
    assert first.location.offset == text.index(marker)
    assert first.found is not None and first.found.startswith(marker)


def test_seed_broken_note_points_at_both_sums() -> None:
    r = with_text(report_2024(), "problems", SEED_BROKEN_NOTE)
    findings = only(run(r), "PLACEHOLDER")
    assert [(f.location.offset if f.location else None, f.found) for f in findings] == [
        (SEED_BROKEN_NOTE.index("0之和"), "0之和"),
        (SEED_BROKEN_NOTE.rindex("0之和"), "0之和"),
    ]
    assert all(f.location and f.location.part == "problems" for f in findings)


def test_placeholder_in_title_and_agency() -> None:
    r = report_2024()
    r.meta.title = "XX局2024年政府信息公开工作年度报告"
    [finding] = only(run(r), "PLACEHOLDER")
    assert finding.location is not None
    assert (finding.location.part, finding.location.offset) == ("meta.title", 0)
    r = blank_report(2024, agency="县ＸＸ局")
    [finding] = only(run(r), "PLACEHOLDER")
    assert finding.location is not None
    assert (finding.location.part, finding.location.offset) == ("meta.agency", 1)


@pytest.mark.parametrize(
    "text",
    [
        "按照第二十条第（一）项、第（五）项、第（六）项的规定主动公开。",
        "严格落实《条例》和国办公开办函〔2021〕30号的要求。",
        "全年行政处罚3985758件，行政强制88283件。",
        "第Ⅹ批试点单位；以XML格式报送数据；购置X光机1台。",
        "新收3119与上年结转34之和为3153件。",
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "对效果好的，及时总结推广。",
        "如需进一步了解，请与我局办公室联系。",
        "本报告中所列数据统计期限自2024年1月1日起至2024年12月31日止。",
        "联系电话：0517-83605210；电子邮箱：hazwgkc@163.com。",
        "二〇二四年，我局不断完善工作机制。",
        HUAIAN_ACTIVE,
        HUAIAN_ON_REQUEST,
        HUAIAN_PLATFORM,
    ],
)
def test_real_text_is_not_a_placeholder(text: str) -> None:
    assert only(run(with_text(report_2024(), "overview", text)), "PLACEHOLDER") == []


# ---------------------------------------------------------------------------------------------------------
# TITLE


def test_title_not_in_the_official_form_is_an_error() -> None:
    r = blank_report(2025, agency="长春新区管委会")
    r.meta.origin = "imported"
    r.meta.title = "2025年度长春新区管委会政府信息公开工作年度报告"
    [finding] = only(run(r), "TITLE")
    assert finding.severity is Severity.ERROR
    assert finding.location is not None and finding.location.part == "meta.title"
    assert finding.expected == "长春新区管委会2025年政府信息公开工作年度报告"
    assert finding.found == "2025年度长春新区管委会政府信息公开工作年度报告"


def test_title_differing_only_in_whitespace_passes() -> None:
    r = blank_report(2024, agency="淮安市人民政府")
    r.meta.title = HUAIAN_TITLE
    assert only(run(r), "TITLE") == []
    assert only(run(report_2024()), "TITLE") == []  # no title given: the official one is used


def test_zhouwan_2021_broken_period_is_an_error() -> None:
    r = with_text(blank_report(2021, agency="吴起县周湾镇人民政府"), "preamble", ZHOUWAN_PREAMBLE)
    [finding] = only(run(r), "TITLE")
    assert finding.severity is Severity.ERROR
    assert finding.location is not None
    assert finding.location.part == "preamble"
    assert finding.location.offset == ZHOUWAN_PREAMBLE.index("202111日")
    assert finding.expected == "2021年1月1日至2021年12月31日"
    assert finding.found == "202111日起至20211230日"
    assert "起始日期缺少“年”“月”字" in finding.message
    assert "截止日期应为12月31日，写成了12月30日" in finding.message


def test_changchun_2025_broken_period_is_an_error() -> None:
    r = with_text(blank_report(2025, agency="长春新区管委会"), "preamble", CHANGCHUN_PREAMBLE)
    [finding] = only(run(r), "TITLE")
    assert finding.location is not None
    assert finding.location.offset == CHANGCHUN_PREAMBLE.index("20251月1日")
    assert finding.found == "20251月1日至202512月31日"
    assert finding.expected == "2025年1月1日至2025年12月31日"
    assert "起始日期缺少“年”字" in finding.message and "截止日期缺少“年”字" in finding.message
    assert "12月31日，写成了" not in finding.message


@pytest.mark.parametrize(
    ("preamble", "problem"),
    [
        ("本报告统计期限自2023年1月1日至2023年12月31日。", "起始日期的年份应为2024年，写成了2023年"),
        ("本报告统计期限自2024年1月1日至2024年12月30日。", "截止日期应为12月31日，写成了12月30日"),
        ("本报告统计期限自2024年2月1日至2024年12月31日。", "起始日期应为1月1日，写成了2月1日"),
        ("本报告统计期限自２０２４年１月１日起。", "没有写截止日期"),
    ],
)
def test_wrong_period_names_the_problem(preamble: str, problem: str) -> None:
    [finding] = only(run(with_text(report_2024(), "preamble", preamble)), "TITLE")
    assert problem in finding.message
    assert finding.location is not None and finding.location.part == "preamble"


@pytest.mark.parametrize(
    "preamble",
    [
        "本报告统计期限自２０２４年１月１日至２０２４年１２月３１日。",
        "本报告统计期限自2024年1月1日至12月31日。",
        "数据统计时间截至2024年12月31日。",
        "本报告统计期限为2024年度。",
        "本报告依据《条例》编制。",  # no period stated: nothing to compare
    ],
)
def test_period_variants_that_pass(preamble: str) -> None:
    assert only(run(with_text(report_2024(), "preamble", preamble)), "TITLE") == []


# ---------------------------------------------------------------------------------------------------------
# YEAR


@pytest.mark.parametrize(("text", "found"), [("2027年，我局继续推进。", "2027年"), ("更新于2027-01。", "2027-01")])
def test_year_later_than_next_year_is_an_error(text: str, found: str) -> None:
    [finding] = only(run(with_text(report_2024(), "on_request", text)), "YEAR")
    assert finding.severity is Severity.ERROR
    assert finding.location is not None
    assert (finding.location.part, finding.location.offset) == ("on_request", text.index("2027"))
    assert (finding.expected, finding.found) == ("不晚于2025年", found)


@pytest.mark.parametrize(
    "text",
    [
        "本报告于2025年1月20日公布。",
        "对标“十四五”规划和2035年远景目标。",
        "力争到2027年实现全覆盖。",
        "计划于2026年底前完成平台迁移。",
        "全年行政处罚3985758件；电话：0517-20271234。",
        "收费金额2030.5万元。",
    ],
)
def test_years_that_pass(text: str) -> None:
    assert only(run(with_text(report_2024(), "overview", text)), "YEAR") == []


def test_plan_period_in_a_2021_report_passes() -> None:
    r = with_text(blank_report(2021, agency="某局"), "overview", "“十四五”（2021—2025年）期间。")
    assert only(run(r), "YEAR") == []


def test_title_year_must_match_the_report_year() -> None:
    r = blank_report(2024, agency="淮安市人民政府")
    r.meta.origin = "imported"
    r.meta.title = "淮安市人民政府2023年政府信息公开工作年度报告"
    [finding] = only(run(r), "YEAR")
    assert finding.location is not None
    assert (finding.location.part, finding.location.offset) == ("meta.title", r.meta.title.index("2023"))
    assert (finding.expected, finding.found) == ("2024年", "2023年")


# ---------------------------------------------------------------------------------------------------------
# FEE-STATEMENT


@pytest.mark.parametrize("text", ["无", "我局积极办理人大代表建议和政协提案。", "本年度行政事业性收费情况见表二。"])
def test_section_six_without_fee_statement_warns(text: str) -> None:
    [finding] = only(run(with_text(report_2024(), "other", text)), "FEE-STATEMENT")
    assert finding.severity is Severity.WARNING
    assert finding.location is not None and finding.location.part == "other"
    assert finding.found == "未提及"


def test_blank_section_six_warns_only_in_the_final_report() -> None:
    assert only(run(report_2024()), "FEE-STATEMENT") == []
    assert only(run(with_text(report_2024(), "other", "")), "FEE-STATEMENT") == []
    [finding] = only(run(report_2024(), final=True), "FEE-STATEMENT")
    assert finding.found == "空白"


@pytest.mark.parametrize(
    "text",
    [
        "本年度未收取信息处理费。",
        "本年度未收取处理费。",
        "本年度未发出收费通知。",
        "2023年度，县发展和改革局政府信息公开未发生收费情况。",  # corpus 06, 沭阳县发展和改革局
        HUAIAN_OTHER,
    ],
)
def test_fee_statement_present(text: str) -> None:
    assert only(run(with_text(report_2024(), "other", text)), "FEE-STATEMENT") == []


def test_fee_statement_not_required_in_2019_format() -> None:
    r = with_text(blank_report(2020, agency="某局"), "other", "无")
    assert only(run(r, final=True), "FEE-STATEMENT") == []


# ---------------------------------------------------------------------------------------------------------
# FEE-CONSISTENCY


def test_lapsed_fee_applications_with_no_notices_warn() -> None:
    r = report_2024()
    set_t3(r, "r6_2", "total", 2)
    r.fees.notices_issued = 0
    [finding] = only(run(r), "FEE-CONSISTENCY")
    assert finding.severity is Severity.WARNING
    assert finding.location is not None
    assert (finding.location.table, finding.location.row, finding.location.column) == ("table3", "r6_2", "total")
    assert finding.found == "收费通知件数 0"


@pytest.mark.parametrize(
    "text",
    ["本年度未发出信息处理费收费通知。", "2024年，我局未收取信息处理费。", "2024年，政府信息公开未发生收费情况。"],
)
def test_section_six_denying_notices_while_table_has_lapsed_fees_warns(text: str) -> None:
    r = with_text(report_2024(), "other", text)
    set_t3(r, "r6_2", "natural_person", 1)  # total blank: the parts count
    [finding] = only(run(r), "FEE-CONSISTENCY")
    assert finding.location is not None
    assert (finding.location.part, finding.location.offset) == ("other", text.index("未"))


def test_fee_consistency_quiet_cases() -> None:
    r = with_text(report_2024(), "other", "本年度未收取信息处理费。")
    set_t3(r, "r6_2", "total", 0)
    r.fees.notices_issued = 0
    assert only(run(r), "FEE-CONSISTENCY") == []
    assert only(run(huaian_report()), "FEE-CONSISTENCY") == []  # 6 lapsed, 3940 元 collected, notices unknown


# ---------------------------------------------------------------------------------------------------------
# FEE-UNIT


@pytest.mark.parametrize(
    ("kind", "amount"),
    [(BodyKind.DEPARTMENT, "250000"), (BodyKind.TOWNSHIP, "12000.5"), (BodyKind.GOVERNMENT, "20000000")],
)
def test_fee_amount_that_looks_like_yuan_warns(kind: BodyKind, amount: str) -> None:
    r = report_2024(body_kind=kind)
    r.table2.art20_8.admin_fees.amount_wan_yuan = Decimal(amount)  # type: ignore[attr-defined]
    [finding] = only(run(r), "FEE-UNIT")
    assert finding.severity is Severity.WARNING
    assert finding.location is not None
    assert (finding.location.block, finding.location.row, finding.location.column) == (
        "art20_8",
        "admin_fees",
        "amount_wan_yuan",
    )
    assert finding.found == f"{amount} 万元"
    assert "本年收费金额（单位：万元）" in finding.message


@pytest.mark.parametrize(
    ("kind", "amount"),
    [(BodyKind.GOVERNMENT, "96171.6"), (BodyKind.DEPARTMENT, "96171.6"), (BodyKind.TOWNSHIP, "12.3")],
)
def test_plausible_fee_amount_passes(kind: BodyKind, amount: str) -> None:
    r = report_2024(body_kind=kind)
    r.table2.art20_8.admin_fees.amount_wan_yuan = Decimal(amount)  # type: ignore[attr-defined]
    assert only(run(r), "FEE-UNIT") == []


# ---------------------------------------------------------------------------------------------------------
# PII


@pytest.mark.parametrize(
    ("text", "number", "kind"),
    [
        ("申请人张某（身份证号11010519491231002X）提出申请。", "11010519491231002X", "居民身份证号码"),
        ("申请人联系电话13812345678。", "13812345678", "手机号码"),
        ("联系人手机：138-1234-5678。", "138-1234-5678", "手机号码"),
        ("退费至账户6222021234567890128。", "6222021234567890128", "银行卡号"),
        ("退费至账户6217 0012 3456 7893。", "6217 0012 3456 7893", "银行卡号"),
    ],
)
def test_personal_numbers_warn(text: str, number: str, kind: str) -> None:
    r = with_text(report_2024(), "on_request", text)
    [finding] = only(run(r), "PII")
    assert finding.severity is Severity.WARNING
    assert finding.location is not None
    assert (finding.location.part, finding.location.offset) == ("on_request", text.index(number))
    assert finding.found is not None and finding.found.startswith(kind)
    assert number not in finding.message  # the number is masked in what is shown


@pytest.mark.parametrize(
    "text",
    [
        "电话：0517-83605210。",
        "全年行政处罚3985758件，行政许可447228件。",
        "身份证号110105194912310021。",  # wrong check digit
        "编号138123456789。",  # 12 digits: not a phone number
        "账户6222021234567890127。",  # fails Luhn
        "统一社会信用代码：11320800014087365Q。",
        HUAIAN_PREAMBLE,
        HUAIAN_ON_REQUEST,
    ],
)
def test_numbers_that_are_not_personal(text: str) -> None:
    assert only(run(with_text(report_2024(), "on_request", text)), "PII") == []


def test_published_contact_phone_is_not_pii() -> None:
    r = report_2024()
    r.meta.contact.phone = "13812345678"
    assert only(run(r), "PII") == []


# ---------------------------------------------------------------------------------------------------------
# LENGTH


def test_overview_longer_than_configured_limit_warns() -> None:
    r = with_text(report_2024(), "overview", "一二三四五 六七八九十")
    with_text(r, "platform", "甲乙\n丙")
    [finding] = only(run(r, overview_max_chars=12), "LENGTH")
    assert finding.severity is Severity.WARNING
    assert finding.location is not None and finding.location.part == "overview"
    assert (finding.expected, finding.found) == ("不超过12字", "13字")
    assert "13" in finding.message and "12" in finding.message


def test_length_is_off_unless_configured_and_quiet_under_the_limit() -> None:
    r = with_text(report_2024(), "overview", "一二三四五六七八九十" * 200)
    assert only(run(r), "LENGTH") == []
    assert only(run(r, overview_max_chars=2000), "LENGTH") == []


# ---------------------------------------------------------------------------------------------------------
# DEADLINE


def test_overdue_draft_of_a_department() -> None:
    [finding] = only(run(report_2024(), today=date(2025, 2, 1)), "DEADLINE")
    assert finding.severity is Severity.INFO
    assert finding.expected == "2025年1月31日前公布"
    assert finding.found == "2025年2月1日"
    assert "已超过期限" in finding.message


def test_deadline_stated_before_it_passes() -> None:
    [finding] = only(run(report_2024(), today=date(2025, 1, 31)), "DEADLINE")
    assert finding.expected == "2025年1月31日前公布"
    assert finding.found is None and "已超过" not in finding.message


def test_government_deadline_is_march_31() -> None:
    r = report_2024(body_kind=BodyKind.GOVERNMENT)
    [finding] = only(run(r, today=date(2025, 2, 15)), "DEADLINE")
    assert finding.expected == "2025年3月31日前公布" and "已超过" not in finding.message


def test_township_follows_local_notice() -> None:
    [finding] = only(run(report_2024(body_kind=BodyKind.TOWNSHIP), today=date(2025, 6, 1)), "DEADLINE")
    assert finding.severity is Severity.INFO and "本地" in finding.message


def test_imported_report_is_not_overdue() -> None:
    [finding] = only(run(huaian_report(), today=date(2026, 1, 1)), "DEADLINE")
    assert "已超过" not in finding.message


# ---------------------------------------------------------------------------------------------------------
# PARTIAL-RULE


@pytest.mark.parametrize(
    ("row", "column"), [("r2_partial", "total"), ("r2_partial", "commercial"), ("r1_granted", "total")]
)
def test_partial_rule_reminder_when_there_are_results(row: str, column: str) -> None:
    r = report_2024()
    set_t3(r, row, column, 3)
    [finding] = only(run(r), "PARTIAL-RULE")
    assert finding.severity is Severity.INFO
    assert finding.location is not None
    assert (finding.location.table, finding.location.row) == ("table3", "r2_partial")
    assert F.FORMAT_2021.table3_row("r2_partial").label in finding.message


def test_no_partial_rule_reminder_without_results() -> None:
    r = report_2024()
    assert only(run(r), "PARTIAL-RULE") == []
    set_t3(r, "r2_partial", "total", 0)
    set_t3(r, "new_received", "total", 5)  # received but not yet handled
    assert only(run(r), "PARTIAL-RULE") == []

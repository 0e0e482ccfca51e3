"""NARRATIVE-NUMBERS for statements that a figure is zero, written without a digit ("未发生行政复议",
"未收到政府信息公开申请", "未收取信息处理费"): the findings the checks give, the real reports that write them,
and what the template drafter writes (assistant.grounding._ZERO_RULES; phrase-level cases are in
tests/test_grounding.py)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from assistant import formats as F
from assistant.checks import run_checks
from assistant.drafting import draft_missing
from assistant.drafting.templates import TemplateDrafter
from assistant.figures import load_report
from assistant.findings import Finding, Severity, narrative_place
from assistant.grounding import NUMBERS
from assistant.model import ReportBase, with_computed_totals
from tests.conftest import SAMPLES
from tests.helpers import set3, set4, zero_filled
from tests.test_grounding import CORPUS, generated_report, narrative_findings

SHUYANG = CORPUS / "06_shuyangxianfazhanhegaigeju_2023.json"
CHANGCHUN_KEJI = CORPUS / "13_changchunxinqukejiju_2023.json"
LINKONG = CORPUS / "14_changchunlinkongjingjishifanqu_2025.json"
SEED = SAMPLES / "seed_2020_shanggao_audit" / "figures.json"
FIGURES = [*sorted(SAMPLES.glob("*/figures.json")), *sorted(CORPUS.glob("*.json"))]


def _errors(report: ReportBase) -> list[Finding]:
    return [f for f in narrative_findings(report) if f.code == NUMBERS]


def _zero_report() -> ReportBase:
    """Every figure 0, fees included: the templates state every zero in words."""
    report = zero_filled(2025)
    report.fees.collected_yuan = Decimal("0")
    report.fees.notices_amount_yuan = Decimal("0")
    return with_computed_totals(report)


def test_a_statement_of_zero_against_a_nonzero_table_is_a_narrative_numbers_error() -> None:
    report = zero_filled(2025)
    set3(report, "new_received", "natural_person", 3)
    set3(report, "r1_granted", "natural_person", 3)
    set4(report, "review", "upheld", 2)
    text = "2025年，我局新收政府信息公开申请3件，均予以公开。全年未发生因政府信息公开工作引起的行政复议和行政诉讼。"
    report.narrative_text("on_request").text = text
    (finding,) = _errors(report)
    claim = "未发生因政府信息公开工作引起的行政复议和行政诉讼"
    assert finding.severity is Severity.ERROR
    assert finding.location == narrative_place("on_request", text.index(claim))
    assert finding.found == claim
    assert finding.expected == "表四 行政复议 / 总计为2件"
    assert finding.message == f"正文称“{claim}”，与表格不符：表四 行政复议 / 总计为2件。请核对正文或表格。"


def test_through_run_checks() -> None:
    report = zero_filled(2025)
    report.fees.notices_issued = 1
    report.fees.notices_amount_yuan = Decimal("120")
    report.fees.collected_yuan = Decimal("120")
    set3(report, "new_received", "natural_person", 1)
    set3(report, "r1_granted", "natural_person", 1)
    report.narrative_text("other").text = "2025年，我局未发出信息处理费收费通知，未收取信息处理费。"
    errors = [f for f in run_checks(report) if f.code == NUMBERS]
    assert [f.found for f in errors] == ["未发出信息处理费收费通知", "未收取信息处理费"]
    assert errors[0].render().startswith("【错误】NARRATIVE-NUMBERS 六、其他需要报告的事项（第9字处）")
    assert "信息处理费收费通知件数为1件" in errors[0].message
    assert "实际收取的信息处理费为120元" in errors[1].message


# ---------------------------------------------------------------------------------------------------------
# Real reports: each states a zero that its tables bear out (or leave blank); with a table changed, the same
# sentence is caught where it is written.


@pytest.mark.parametrize(
    ("path", "part", "claim", "change", "held"),
    [
        (CHANGCHUN_KEJI, "overview", "未收到依申请公开事项", lambda r: set3(r, "new_received", "total", 3),
         "表三 “一、本年新收政府信息公开申请数量”为3件"),
        (LINKONG, "overview", "无涉及政府信息公开行政复议、行政诉讼情况", lambda r: set4(r, "review", "total", 1),
         "表四 行政复议 / 总计为1件"),
        (SHUYANG, "other", "未发生收费情况", lambda r: setattr(r.fees, "collected_yuan", Decimal("50")),
         "实际收取的信息处理费为50元"),
        (SEED, "on_request", "未接到任何形式的政府信息公开申请",
         lambda r: (set3(r, "new_received", "natural_person", 2), set3(r, "new_received", "total", 2)),
         "表三 “一、本年新收政府信息公开申请数量”为2件"),
    ],
)  # fmt: skip
def test_real_statements_of_zero(
    path: Path, part: str, claim: str, change: Callable[[ReportBase], object], held: str
) -> None:
    report = load_report(path)
    before = _errors(report)
    assert all(f.found != claim for f in before)
    change(report)
    text = report.narrative_text(part).text or ""
    (finding,) = [f for f in _errors(report) if f.found == claim]
    assert finding.location == narrative_place(part, text.index(claim))
    assert finding.expected == held


# ---------------------------------------------------------------------------------------------------------
# What the template drafter writes


@pytest.mark.parametrize("path", FIGURES, ids=lambda p: p.parent.name if p.name == "figures.json" else p.stem[:2])
def test_template_drafts_of_the_samples_and_the_corpus_figures_state_no_false_zero(path: Path) -> None:
    report = load_report(path)
    for part in F.NARRATIVE_PARTS:
        report.narrative_text(part.key).text = None
    drafted, _ = draft_missing(report, TemplateDrafter())
    assert [f.render() for f in _errors(drafted)] == []


def test_the_templates_zeros_are_read_and_caught_when_the_tables_change() -> None:
    drafted, _ = draft_missing(_zero_report(), TemplateDrafter())
    assert _errors(drafted) == []
    on_request = drafted.narrative_text("on_request").text or ""
    other = drafted.narrative_text("other").text or ""
    assert "未收到政府信息公开申请，也无上年结转的申请" in on_request
    assert "全年未发生因政府信息公开工作引起的行政复议和行政诉讼" in on_request
    assert "未发出信息处理费收费通知，未收取信息处理费" in other
    # The same text against tables that hold more: every zero it states is an error, where it is written.
    for row in ("new_received", "carried_in"):
        set3(drafted, row, "natural_person", 1)
        set3(drafted, row, "total", 1)
    set4(drafted, "litigation_after_review", "upheld", 1)
    set4(drafted, "litigation_after_review", "total", 1)
    drafted.fees.notices_issued = 1
    drafted.fees.collected_yuan = Decimal("10")
    found = {(f.location.part, f.location.offset, f.found) for f in _errors(drafted) if f.location}
    assert found == {
        ("on_request", on_request.index("未收到"), "未收到政府信息公开申请"),
        ("on_request", on_request.index("无上年"), "无上年结转的申请"),
        ("on_request", on_request.index("未发生"), "未发生因政府信息公开工作引起的行政复议和行政诉讼"),
        ("other", other.index("未发出"), "未发出信息处理费收费通知"),
        ("other", other.index("未收取"), "未收取信息处理费"),
    }


@pytest.mark.parametrize("seed", range(40, 100))
def test_template_drafts_of_generated_reports_state_no_false_zero(seed: int) -> None:
    drafted, _ = draft_missing(generated_report(seed), TemplateDrafter())
    assert [f.render() for f in _errors(drafted)] == []

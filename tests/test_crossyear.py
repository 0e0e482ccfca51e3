"""Checks against last year's report, and starting this year's figures from it.

Every warning is shown to trip on a report that breaks its rule and to stay quiet on one that keeps it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant import formats as F
from assistant.checks import CheckOptions, run_checks
from assistant.checks.crossyear import (
    check_against_previous,
    previous_reference,
    start_from_previous,
    text_similarity,
)
from assistant.figures import InputError, load_report
from assistant.formats import FormatVersion
from assistant.importing import import_report
from assistant.importing.commands import check_command, new_from_previous_command, previous_findings
from assistant.model import ReportBase
from tests.conftest import DATA, SAMPLES
from tests.helpers import set3, set4, zero_filled

CORPUS = DATA / "corpus"
SEED = SAMPLES / "seed_2020_shanggao_audit" / "figures.json"
HUAIAN = CORPUS / "02_huaianshirenminzhengfu_2024"


def _codes(findings: list) -> list[str]:
    return [f.code for f in findings]


def _pair(last_year: int = 2020, this_year: int = 2021) -> tuple[ReportBase, ReportBase]:
    """Two consistent years: last year carried 3 applications out, this year carries them in."""
    last = zero_filled(last_year)
    set3(last, "new_received", "natural_person", 3)
    set3(last, "carried_out", "natural_person", 3)
    this = zero_filled(this_year)
    set3(this, "carried_in", "natural_person", 3)
    set3(this, "r1_granted", "natural_person", 3)
    return this, last


def _set2(report: ReportBase, block: str, row: str, column: str, value: object) -> None:
    setattr(getattr(getattr(report.table2, block), row), column, value)


# ---------------------------------------------------------------------------------------------------------
# CARRY-OVER


def test_carry_over_holds_across_the_2019_to_2021_change() -> None:
    this, last = _pair(2020, 2021)
    assert (last.version, this.version) == (FormatVersion.V2019, FormatVersion.V2021)
    assert check_against_previous(this, last) == []


def test_carry_over_trips_at_the_column_that_differs() -> None:
    this, last = _pair()
    set3(this, "carried_in", "natural_person", 2)
    set3(this, "r1_granted", "natural_person", 2)
    findings = check_against_previous(this, last)
    carry = [f for f in findings if f.code == "CARRY-OVER"]
    # The 自然人 cell and the computed 总计 of the row differ.
    assert [(f.location.row, f.location.column, f.expected, f.found) for f in carry] == [
        ("carried_in", "natural_person", "3", "2"),
        ("carried_in", "total", "3", "2"),
    ]
    assert all(f.severity.value == "warning" for f in carry)
    assert "如因机构调整合并、更正上年数据" in carry[0].message
    assert carry[0].location.label == "表三 “二、上年结转政府信息公开申请数量” / 自然人"


def test_carry_over_against_a_published_report() -> None:
    """淮安市 2024 carried 103 applications out; a 2025 draft begun from it carries them in."""
    last = import_report(HUAIAN.with_suffix(".pdf")).report
    this = start_from_previous(last, 2025)
    assert [this.t3("carried_in", c.key) for c in F.TABLE3_COLUMNS] == [103, 0, 0, 0, 0, 0, 103]
    assert "CARRY-OVER" not in _codes(check_against_previous(this, last))


def test_a_report_of_another_year_is_not_compared() -> None:
    this, last = _pair(2020, 2021)
    last.meta.year = 2019
    findings = check_against_previous(this, last)
    assert _codes(findings) == ["PREVIOUS-YEAR"]
    assert "不是2020年度的" in findings[0].message


# ---------------------------------------------------------------------------------------------------------
# STOCK-FLOW and ITEMS-CHAIN


def test_stock_flow_trips_and_stays_quiet() -> None:
    this, last = _pair(2022, 2023)
    _set2(last, "art20_1", "admin_normative_docs", "in_force", 20)
    _set2(this, "art20_1", "admin_normative_docs", "issued", 5)
    _set2(this, "art20_1", "admin_normative_docs", "repealed", 2)
    _set2(this, "art20_1", "admin_normative_docs", "in_force", 23)
    assert "STOCK-FLOW" not in _codes(check_against_previous(this, last))
    _set2(this, "art20_1", "admin_normative_docs", "in_force", 30)
    flow = [f for f in check_against_previous(this, last) if f.code == "STOCK-FLOW"]
    assert [(f.location.row, f.location.column, f.expected, f.found) for f in flow] == [
        ("admin_normative_docs", "in_force", "23", "30")
    ]
    assert "修改、清理" in flow[0].message
    _set2(this, "art20_1", "admin_normative_docs", "repealed", 40)
    repealed = [f for f in check_against_previous(this, last) if f.location.column == "repealed"]
    assert len(repealed) == 1 and repealed[0].code == "STOCK-FLOW"


def test_stock_flow_needs_two_2021_format_years() -> None:
    this, last = _pair(2020, 2021)
    _set2(this, "art20_1", "regulations", "in_force", 99)
    assert "STOCK-FLOW" not in _codes(check_against_previous(this, last))


def test_items_chain_trips_and_stays_quiet() -> None:
    this, last = _pair(2019, 2020)
    _set2(last, "art20_5", "licensing", "prev_items", 716)
    _set2(last, "art20_5", "licensing", "delta", -417)
    _set2(this, "art20_5", "licensing", "prev_items", 299)
    assert "ITEMS-CHAIN" not in _codes(check_against_previous(this, last))
    _set2(this, "art20_5", "licensing", "prev_items", 716)
    chain = [f for f in check_against_previous(this, last) if f.code == "ITEMS-CHAIN"]
    assert [(f.location.block, f.location.row, f.expected, f.found) for f in chain] == [
        ("art20_5", "licensing", "299", "716")
    ]


# ---------------------------------------------------------------------------------------------------------
# JUMP


def test_jump_trips_on_fivefold_and_on_large_to_zero() -> None:
    this, last = _pair(2023, 2024)
    _set2(last, "art20_6", "penalty", "decisions", 100)
    _set2(this, "art20_6", "penalty", "decisions", 501)
    _set2(last, "art20_5", "licensing", "decisions", 40)
    _set2(this, "art20_5", "licensing", "decisions", 0)
    set4(last, "review", "upheld", 12)
    set4(this, "review", "upheld", 2)
    jumps = {(f.location.block, f.location.row) for f in check_against_previous(this, last) if f.code == "JUMP"}
    assert jumps == {("art20_6", "penalty"), ("art20_5", "licensing"), ("review", None)}


def test_jump_stays_quiet_on_small_figures_and_moderate_changes() -> None:
    this, last = _pair(2023, 2024)
    _set2(last, "art20_6", "penalty", "decisions", 100)
    _set2(this, "art20_6", "penalty", "decisions", 480)  # under fivefold
    _set2(last, "art20_6", "coercion", "decisions", 1)
    _set2(this, "art20_6", "coercion", "decisions", 8)  # fivefold, but small
    _set2(last, "art20_5", "licensing", "decisions", 9)
    _set2(this, "art20_5", "licensing", "decisions", 0)  # to 0, but small
    assert "JUMP" not in _codes(check_against_previous(this, last))


def test_jump_compares_like_with_like_across_formats() -> None:
    """处理决定数量 (2019) and 本年处理决定数量 (2021) are the same figure; 采购项目数量 has no successor."""
    this, last = _pair(2020, 2021)
    _set2(last, "art20_6", "penalty", "decisions", 10)
    _set2(this, "art20_6", "penalty", "decisions", 100)
    _set2(last, "art20_9", "central_procurement", "projects", 50)
    jumps = [f for f in check_against_previous(this, last) if f.code == "JUMP"]
    assert [(f.location.block, f.location.row) for f in jumps] == [("art20_6", "penalty")]


# ---------------------------------------------------------------------------------------------------------
# SIMILAR and PROBLEMS-FOLLOW-UP

PROBLEMS = (
    "我局政府信息公开工作虽然取得一定成绩，但仍存在一些问题和不足。主要表现在政务信息公开工作人员工作能力有待进一步提高，"
    "信息公开质量有待进一步加强。针对存在的问题，一是进一步强化组织领导；二是加大信息公开工作力度。"
)


def _with_problems(report: ReportBase, text: str) -> ReportBase:
    report.narrative_text("problems").text = text
    return report


def test_similar_trips_on_repeated_text() -> None:
    this, last = _pair(2023, 2024)
    _with_problems(last, PROBLEMS)
    _with_problems(this, "上年度问题已整改。" + PROBLEMS)
    similar = [f for f in check_against_previous(this, last) if f.code == "SIMILAR"]
    assert len(similar) == 1 and similar[0].location.part == "problems"
    assert "雷同" in similar[0].message


def test_similar_stays_quiet_on_new_text_and_short_text() -> None:
    this, last = _pair(2023, 2024)
    _with_problems(last, PROBLEMS)
    _with_problems(
        this,
        "针对上年度指出的政策解读形式单一问题，本年度制作图解和视频解读十二期。本年度存在的问题主要是依申请公开答复文书"
        "规范性不足，下一步将编制答复模板并开展专题培训，提升答复质量。",
    )
    last.narrative_text("other").text = "无。"
    this.narrative_text("other").text = "无。"
    assert "SIMILAR" not in _codes(check_against_previous(this, last))


def test_similar_threshold_comes_from_the_options() -> None:
    @dataclass(frozen=True)
    class Options(CheckOptions):
        similar_threshold: float = 0.2

    this, last = _pair(2023, 2024)
    _with_problems(last, PROBLEMS)
    _with_problems(this, "上年度问题已整改。" + PROBLEMS[:60] + "本年度将加强培训，规范答复，完善制度。" * 3)
    assert "SIMILAR" not in _codes(check_against_previous(this, last))
    assert "SIMILAR" in _codes(check_against_previous(this, last, Options()))


def test_text_similarity_measure() -> None:
    assert text_similarity(PROBLEMS, PROBLEMS) == 1.0
    assert text_similarity(PROBLEMS, PROBLEMS.replace("，", ",")) == 1.0  # punctuation ignored
    assert text_similarity(PROBLEMS, "完全不同的一段文字，讲的是另外一件事情。") < 0.1


def test_problems_follow_up_trips_and_stays_quiet() -> None:
    this, last = _pair(2023, 2024)
    _with_problems(last, PROBLEMS)
    _with_problems(this, "本年度存在的问题是答复文书不够规范。下一步将编制答复模板。")
    follow = [f for f in check_against_previous(this, last) if f.code == "PROBLEMS-FOLLOW-UP"]
    assert len(follow) == 1 and follow[0].location.part == "problems"
    assert "上年报告提出的问题如：“我局政府信息公开工作虽然取得一定成绩，但仍存在一些问题和不足" in follow[0].message
    for mention in ("针对上年度提出的问题，已全部整改。", "2023年报告所列问题已整改。", "去年指出的问题已解决。"):
        _with_problems(this, mention + "本年度存在的问题是答复文书不够规范。")
        assert "PROBLEMS-FOLLOW-UP" not in _codes(check_against_previous(this, last)), mention


def test_problems_follow_up_is_for_the_2021_format_only() -> None:
    this, last = _pair(2019, 2020)
    _with_problems(this, "本年度存在的问题是答复文书不够规范。")
    assert "PROBLEMS-FOLLOW-UP" not in _codes(check_against_previous(this, last))


# ---------------------------------------------------------------------------------------------------------
# Starting from last year's report


def test_start_from_previous_carries_figures_and_never_narrative() -> None:
    last = load_report(SEED)  # 2020, 2019 format, narrative filled
    set3(last, "carried_out", "natural_person", 4)
    set3(last, "carried_out", "total", None)  # a draft's blank total is computed first
    draft = start_from_previous(last, 2021)
    assert draft.version is FormatVersion.V2021 and draft.meta.year == 2021
    assert draft.meta.origin == "draft" and draft.meta.title is None and draft.meta.published is None
    assert (draft.meta.agency, draft.meta.contact) == (last.meta.agency, last.meta.contact)
    assert [draft.t3("carried_in", c.key) for c in F.TABLE3_COLUMNS] == [4, 0, 0, 0, 0, 0, 4]
    assert all(draft.narrative_text(p.key).text is None for p in F.NARRATIVE_PARTS)
    assert all(draft.narrative_text(p.key).notes is None for p in F.NARRATIVE_PARTS)
    # Last year's text is kept beside each part for reference, never as its text, and never reaches the report.
    from assistant.drafting.templates import TemplateDrafter
    from assistant.pipeline import build
    from assistant.render import build_document
    from assistant.render.text import render_markdown

    page = render_markdown(build_document(build(draft, TemplateDrafter(), draft_on_errors=True).report))
    for part in F.NARRATIVE_PARTS:
        text = last.narrative_text(part.key).text
        assert draft.narrative_text(part.key).last_year == text
        if text and len(text) >= 20:
            assert text[:20] not in page.decode("utf-8"), part.key
    # Every other figure is blank, for this year's clerk to fill.
    assert draft.t3("new_received", "natural_person") is None
    assert draft.t2("art20_1", "regulations", "issued") is None
    assert "CARRY-OVER" not in _codes(check_against_previous(draft, last))
    assert not any(f.code == "FORMAT-VERSION" for f in run_checks(draft))


def test_previous_reference_keeps_the_baseline_and_the_text() -> None:
    last = import_report(HUAIAN.with_suffix(".txt")).report
    reference = previous_reference(last)
    assert reference.in_force == {"regulations": 11, "admin_normative_docs": 66}
    assert reference.narrative["other"].startswith("2024年，市政府严格落实")
    assert previous_reference(load_report(SEED)).in_force == {}  # the 2019 format has no 现行有效件数


def test_start_from_previous_refuses_a_year_that_does_not_follow() -> None:
    last = load_report(SEED)
    with pytest.raises(ValueError, match="只能据此生成2021年度"):
        start_from_previous(last, 2023)


# ---------------------------------------------------------------------------------------------------------
# The commands


def test_new_from_previous_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "2025.json"
    assert new_from_previous_command(str(HUAIAN.with_suffix(".pdf")), 2025, str(output)) == 0
    out = capsys.readouterr().out
    assert "已生成" in out and "自然人 103" in out and "行政规范性文件 66 件" in out and "仅供参考" in out
    draft = load_report(output)
    assert draft.meta.year == 2025 and draft.t3("carried_in", "total") == 103
    assert all(draft.narrative_text(p.key).text is None for p in F.NARRATIVE_PARTS)
    assert new_from_previous_command(str(HUAIAN.with_suffix(".pdf")), 2025, str(output)) == 2
    assert "已存在" in capsys.readouterr().err
    assert new_from_previous_command(str(HUAIAN.with_suffix(".pdf")), 2030, str(tmp_path / "x.json")) == 2
    assert "只能据此生成2025年度" in capsys.readouterr().err


def test_previous_findings_reads_json_and_published_reports(tmp_path: Path) -> None:
    this = start_from_previous(load_report(SEED), 2021)
    set3(this, "carried_in", "natural_person", 5)
    assert "CARRY-OVER" in _codes(previous_findings(this, str(SEED)))
    huaian_2025 = start_from_previous(import_report(HUAIAN.with_suffix(".pdf")).report, 2025)
    assert previous_findings(huaian_2025, str(HUAIAN.with_suffix(".pdf"))) == []
    with pytest.raises(InputError):
        previous_findings(this, str(tmp_path / "missing.json"))


def test_check_command_with_previous(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    last = zero_filled(2023, agency="淮安市人民政府")
    set3(last, "carried_out", "natural_person", 30)
    previous = tmp_path / "2023.json"
    previous.write_text(json.dumps(last.model_dump(mode="json"), ensure_ascii=False), encoding="utf-8")
    assert check_command(str(HUAIAN.with_suffix(".txt")), previous=str(previous), as_json=True) == 0
    findings = json.loads(capsys.readouterr().out)
    carry = [f for f in findings if f["code"] == "CARRY-OVER"]
    assert {(f["location"]["column"], f["expected"], f["found"]) for f in carry} == {
        ("natural_person", "30", "34"),
        ("total", "30", "34"),
    }


def test_a_draft_begun_from_last_year_checks_against_it_without_the_file() -> None:
    last = import_report(HUAIAN.with_suffix(".txt")).report  # 2024: 规章 11, 行政规范性文件 66 in force
    draft = start_from_previous(last, 2025)
    assert draft.meta.previous is not None and draft.meta.previous.in_force == {
        "regulations": 11,
        "admin_normative_docs": 66,
    }
    for column, value in (("issued", 2), ("repealed", 1), ("in_force", 70)):
        setattr(draft.table2.art20_1.admin_normative_docs, column, value)  # 66 + 2 - 1 = 67, not 70
    draft.narrative.other.text = last.narrative.other.text  # copied from last year
    findings = run_checks(draft)
    stock = [f for f in findings if f.code == "STOCK-FLOW"]
    assert len(stock) == 1 and stock[0].location.row == "admin_normative_docs" and stock[0].expected == "67"
    similar = [f for f in findings if f.code == "SIMILAR"]
    assert [f.location.part for f in similar] == ["other"]
    # With the file given too, each finding is reported once.
    from assistant.importing.commands import dedupe_findings

    both = dedupe_findings([*findings, *check_against_previous(draft, last)])
    assert [f.code for f in both].count("STOCK-FLOW") == 1 and [f.code for f in both].count("SIMILAR") == 1
    # A draft not begun from last year's report has nothing recorded to compare.
    assert not [f for f in run_checks(zero_filled(2025)) if f.code in ("STOCK-FLOW", "SIMILAR")]

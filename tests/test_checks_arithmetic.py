"""Table arithmetic: each rule trips at the right cell, and stays quiet when the table holds."""

from __future__ import annotations

from assistant import formats as F
from assistant.checks import CheckOptions, has_errors, run_checks
from assistant.findings import Finding, Severity
from tests.helpers import set3, set4, zero_filled

ARITHMETIC = {"T3-BALANCE", "T3-RESULTS", "T3-ROWTOTAL", "T4-TOTAL", "CELL-BLANK"}


def _table_findings(report) -> list[Finding]:
    return [f for f in run_checks(report, CheckOptions()) if f.code in ARITHMETIC]


def _balanced(year: int = 2025):
    report = zero_filled(year)
    set3(report, "new_received", "natural_person", 10)
    set3(report, "new_received", "commercial", 2)
    set3(report, "carried_in", "natural_person", 1)
    set3(report, "r1_granted", "natural_person", 6)
    set3(report, "r2_partial", "natural_person", 1)
    set3(report, "r3_4", "natural_person", 1)
    set3(report, "r4_1", "commercial", 2)
    set3(report, "r6_2" if year >= 2021 else "r6_other", "natural_person", 1)
    set3(report, "carried_out", "natural_person", 2)
    set4(report, "review", "upheld", 1)
    set4(report, "review", "pending", 1)
    return report


def test_balanced_tables_raise_nothing() -> None:
    for year in (2020, 2025):
        assert _table_findings(_balanced(year)) == []


def test_balance_names_the_column_and_rows() -> None:
    report = _balanced()
    set3(report, "carried_out", "natural_person", 3)  # one too many carried out
    findings = _table_findings(report)
    assert [f.code for f in findings] == ["T3-BALANCE", "T3-BALANCE"]  # 自然人 and, through its total, 总计
    first = findings[0]
    assert first.severity is Severity.ERROR
    assert (first.location.table, first.location.row, first.location.column) == ("table3", None, "natural_person")
    assert first.location.label == "表三 “自然人”列"
    assert "一、本年新收政府信息公开申请数量（10）" in first.message
    assert "四、结转下年度继续办理（3）" in first.message
    assert (first.expected, first.found) == ("11", "12")
    assert findings[1].location.column == "total"


def test_given_results_total_is_checked() -> None:
    report = _balanced()
    set3(report, "r7_total", "commercial", 3)
    findings = _table_findings(report)
    codes = {(f.code, f.location.row, f.location.column) for f in findings}
    assert ("T3-RESULTS", "r7_total", "commercial") in codes
    results = next(f for f in findings if f.code == "T3-RESULTS")
    assert (results.expected, results.found) == ("2", "3")
    assert ("T3-BALANCE", None, "commercial") in codes  # 2 + 0 ≠ 3 + 0 as well


def test_given_row_total_is_checked() -> None:
    report = _balanced()
    set3(report, "new_received", "total", 11)
    findings = _table_findings(report)
    row_total = [f for f in findings if f.code == "T3-ROWTOTAL"]
    assert len(row_total) == 1
    assert row_total[0].location.label == "表三 “一、本年新收政府信息公开申请数量” / 总计"
    assert (row_total[0].expected, row_total[0].found) == ("12", "11")
    assert "10 + 2 + 0 + 0 + 0 + 0 = 12" in row_total[0].message


def test_correct_given_totals_pass() -> None:
    report = _balanced()
    set3(report, "new_received", "total", 12)
    set3(report, "r7_total", "natural_person", 9)
    set3(report, "r7_total", "total", 11)
    set4(report, "review", "total", 2)
    assert _table_findings(report) == []


def test_table4_total() -> None:
    report = _balanced()
    set4(report, "litigation_after_review", "corrected", 1)
    set4(report, "litigation_after_review", "total", 0)
    findings = _table_findings(report)
    assert [(f.code, f.location.label, f.expected, f.found) for f in findings] == [
        ("T4-TOTAL", "表四 行政诉讼·复议后起诉 / 总计", "1", "0")
    ]


def test_blank_cells_in_a_draft_are_errors() -> None:
    report = _balanced()
    set3(report, "r5_2", "research", None)
    set4(report, "litigation_direct", "other", None)
    report.table2.art20_6.coercion.decisions = None
    findings = _table_findings(report)
    assert {(f.code, f.severity, f.location.label) for f in findings} == {
        ("CELL-BLANK", Severity.ERROR, "表三 “（五）不予处理 2.重复申请” / 科研机构"),
        ("CELL-BLANK", Severity.ERROR, "表四 行政诉讼·未经复议直接起诉 / 其他结果"),
        ("CELL-BLANK", Severity.ERROR, "表二 第二十条第（六）项 “行政强制” / 本年处理决定数量"),
    }
    # The totals over those blanks cannot be computed, but they are not reported twice.
    assert len(findings) == 3


def test_blank_cells_in_an_imported_report_are_warnings_except_totals_with_parts() -> None:
    report = _balanced()
    report.meta.origin = "imported"
    for row in report.fmt.table3_rows:
        set3(report, row.key, "total", None)
    set3(report, "r2_partial", "research", None)
    set3(report, "new_received", "total", 12)
    findings = _table_findings(report)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    # Every blank 总计 whose row has figures is an error with the expected value; empty rows' totals only warn.
    expected_errors = {
        ("table3", "carried_in", "total", "1"),
        ("table3", "r1_granted", "total", "6"),
        ("table3", "r2_partial", "total", "1"),
        ("table3", "r3_4", "total", "1"),
        ("table3", "r4_1", "total", "2"),
        ("table3", "r6_2", "total", "1"),
        ("table3", "r7_total", "natural_person", "9"),
        ("table3", "r7_total", "commercial", "2"),
        ("table3", "carried_out", "total", "2"),
        ("table4", None, "total", "2"),
    }
    assert {(f.location.table, f.location.row, f.location.column, f.expected) for f in errors} == expected_errors
    assert all(f.code == "CELL-BLANK" for f in errors)
    warnings = [f for f in findings if f.severity is Severity.WARNING]
    assert ("r2_partial", "research") in {(f.location.row, f.location.column) for f in warnings}
    # The arithmetic over what was published still holds, so no other code appears.
    assert {f.code for f in findings} == {"CELL-BLANK"}


def test_fee_figures_must_be_filled_in_a_2021_draft() -> None:
    report = _balanced()
    report.fees.notices_issued = None
    findings = [f for f in run_checks(report) if f.location and f.location.part == "fees"]
    assert [(f.code, f.severity, f.location.column) for f in findings] == [
        ("CELL-BLANK", Severity.ERROR, "notices_issued")
    ]
    report.fees.notices_issued = 2
    findings = [f for f in run_checks(report) if f.location and f.location.part == "fees"]
    assert [f.location.column for f in findings] == ["notices_amount_yuan", "collected_yuan"]
    report_2020 = _balanced(2020)
    report_2020.fees.notices_issued = None
    assert not [f for f in run_checks(report_2020) if f.location and f.location.part == "fees"]


def test_every_single_cell_change_is_caught() -> None:
    """Change any one part cell of a balanced 表三 and some error points at that cell's column."""
    base = _balanced()
    for row in base.fmt.table3_rows:
        if row.key == F.TABLE3_TOTAL_ROW:
            continue
        for column in F.TABLE3_PART_COLUMNS:
            report = base.model_copy(deep=True)
            set3(report, row.key, column, (report.t3(row.key, column) or 0) + 1)
            findings = run_checks(report)
            assert has_errors(findings), (row.key, column)
            assert any(f.location and f.location.column == column for f in findings if f.is_error)

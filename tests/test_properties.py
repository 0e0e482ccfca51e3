"""Property-based tests over the model, the checks and the figures loader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant import formats as F
from assistant.checks import CheckOptions, run_checks
from assistant.cli import main
from assistant.model import ReportBase, with_computed_totals
from tests.helpers import as_data, set3, set4, zero_filled

ARITHMETIC = {"T3-BALANCE", "T3-RESULTS", "T3-ROWTOTAL", "T4-TOTAL"}
counts = st.integers(min_value=0, max_value=5000)


@st.composite
def consistent_reports(draw: st.DrawFn) -> ReportBase:
    """Random results and carry-over, with 一、本年新收 chosen so that every column balances."""
    year = draw(st.sampled_from([2019, 2020, 2021, 2024, 2026]))
    report = zero_filled(year)
    fmt = report.fmt
    for column in F.TABLE3_PART_COLUMNS:
        results = 0
        for row in fmt.table3_summed_rows:
            value = draw(st.integers(min_value=0, max_value=300))
            set3(report, row, column, value)
            results += value
        carried_out = draw(st.integers(min_value=0, max_value=50))
        carried_in = draw(st.integers(min_value=0, max_value=results + carried_out))
        set3(report, "carried_out", column, carried_out)
        set3(report, "carried_in", column, carried_in)
        set3(report, "new_received", column, results + carried_out - carried_in)
    for block in F.TABLE4_BLOCKS:
        for column in F.TABLE4_PART_COLUMNS:
            set4(report, block.key, column, draw(counts))
    if draw(st.booleans()):  # give the totals explicitly, as a hand-typed file would
        return with_computed_totals(report)
    return report


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_reports())
def test_reports_with_computed_totals_pass_the_arithmetic(report: ReportBase) -> None:
    findings = run_checks(report, CheckOptions())
    assert [f.render() for f in findings if f.code in ARITHMETIC or f.code == "CELL-BLANK"] == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_reports(), st.data())
def test_any_single_cell_change_is_caught_at_its_column(report: ReportBase, data: st.DataObject) -> None:
    done = with_computed_totals(report)
    row = data.draw(st.sampled_from([r.key for r in done.fmt.table3_rows]))
    column = data.draw(st.sampled_from([c.key for c in F.TABLE3_COLUMNS]))
    delta = data.draw(st.integers(min_value=1, max_value=20))
    set3(done, row, column, (done.t3(row, column) or 0) + delta)
    errors = [f for f in run_checks(done, CheckOptions()) if f.is_error]
    assert errors, (row, column)
    assert any(f.location and f.location.table == "table3" and f.location.column == column for f in errors)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=25,
)


@st.composite
def mutated_figures(draw: st.DrawFn) -> object:
    """A valid figures file with random parts replaced by arbitrary JSON."""
    data = as_data(zero_filled(draw(st.sampled_from([2020, 2025]))))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        section = draw(st.sampled_from(["meta", "table2", "table3", "table4", "fees", "narrative", None]))
        if section is None:
            return draw(json_values)
        target = data[section]
        while isinstance(target, dict) and target and draw(st.booleans()):
            key = draw(st.sampled_from(sorted(target)))
            if not isinstance(target[key], dict):
                target[key] = draw(json_values)
                break
            target = target[key]
        else:
            if isinstance(target, dict):
                target[draw(st.text(min_size=1, max_size=8))] = draw(json_values)
    return data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutated_figures())
def test_any_json_gives_a_chinese_message_and_an_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], document: object
) -> None:
    path = tmp_path / "figures.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    code = main(["validate", str(path)])
    out, err = capsys.readouterr()
    assert code in (0, 1, 2)
    if code == 2:
        assert err.startswith(f"无法读取 {path}：\n")
    else:
        assert "校验" in out
    assert "Traceback" not in out + err

"""The county roll-up (aggregate) and the hierarchy check (validate --children)."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from assistant import formats as F
from assistant.aggregate import (
    AGG_BLANK,
    HIERARCHY,
    AggregateError,
    aggregate,
    aggregate_command,
    blank_findings,
    children_findings,
    summed_cells,
    total_cells,
)
from assistant.figures import load_report
from assistant.findings import Severity
from assistant.model import ReportBase, with_computed_totals
from tests.conftest import SAMPLES
from tests.helpers import as_data, set3, set4, write_json, zero_filled

EXAMPLE_2021 = SAMPLES / "example_2021_county_bureau" / "figures.json"
SEED_2020 = SAMPLES / "seed_2020_shanggao_audit" / "figures.json"


def _distinct(year: int, agency: str, seed: int) -> ReportBase:
    """A report whose every summed cell holds its own figure (so that a wrong cell in a sum shows)."""
    report = zero_filled(year, agency=agency)
    for n, cell in enumerate(summed_cells(report.fmt), 1):
        if cell.table == "table2" and cell.column in ("amount_wan_yuan", "total_amount"):
            cell.put(report, Decimal(f"{seed}.{n % 10}5"))
        elif cell.table == "fees" and cell.column != "notices_issued":
            cell.put(report, Decimal(f"{seed * 100 + n}.5"))
        elif cell.table == "table2" and cell.column == "delta":
            cell.put(report, -n if seed % 2 else n)
        else:
            cell.put(report, seed * 1000 + n)
    if report.version is F.FormatVersion.V2019:
        report.table2.art20_9.central_procurement.total_amount_unit = "元"  # type: ignore[attr-defined]
    return report


def _balanced(report: ReportBase) -> ReportBase:
    """The report with 一、本年新收 set so that every 表三 column balances (T3-BALANCE)."""
    for column in F.TABLE3_PART_COLUMNS:
        results = sum(report.t3(r, column) or 0 for r in report.fmt.table3_summed_rows)
        carried = (report.t3("carried_out", column) or 0) - (report.t3("carried_in", column) or 0)
        set3(report, "new_received", column, results + carried)
    return report


def _figures(path: Path, report: ReportBase) -> Path:
    return write_json(path, as_data(report))


@pytest.mark.parametrize("year", [2020, 2025])
def test_sums_cell_for_cell_and_computes_totals(year: int) -> None:
    children = [_distinct(year, f"测试县第{i}局", i) for i in (1, 2, 3)]
    rollup, bodies = aggregate(children, agency="测试县人民政府")
    assert bodies == ["测试县第1局", "测试县第2局", "测试县第3局"]
    assert rollup.meta.agency == "测试县人民政府" and rollup.meta.year == year
    assert rollup.version is F.version_for_year(year)
    for cell in summed_cells(rollup.fmt):
        expected = sum(cell.get(c) for c in children)  # type: ignore[misc]
        assert cell.get(rollup) == expected, cell
    completed = [with_computed_totals(c) for c in children]
    for total, _parts in total_cells(rollup.fmt):
        assert total.get(rollup) == sum(total.get(c) for c in completed), total  # type: ignore[misc]
    if year == 2020:
        assert rollup.t2("art20_9", "central_procurement", "total_amount") == sum(
            c.t2("art20_9", "central_procurement", "total_amount")
            for c in children  # type: ignore[misc]
        )
    assert blank_findings(children) == []


def test_sample_reports_add_up() -> None:
    example = load_report(EXAMPLE_2021)
    other = zero_filled(example.meta.year, agency="测试县审计局")
    set3(other, "new_received", "natural_person", 5)
    set4(other, "review", "upheld", 2)
    rollup, bodies = aggregate([example, other], agency="桐溪县人民政府")
    assert bodies == ["桐溪县自然资源局", "测试县审计局"]
    done = with_computed_totals(example)
    assert rollup.t3("new_received", "natural_person") == done.t3("new_received", "natural_person") + 5  # type: ignore[operator]
    assert rollup.t3("new_received", "total") == done.t3("new_received", "total") + 5  # type: ignore[operator]
    assert rollup.t4("review", "total") == done.t4("review", "total") + 2  # type: ignore[operator]
    assert rollup.t2("art20_8", "admin_fees", "amount_wan_yuan") == Decimal("352.6")
    assert rollup.fees.notices_issued == 2  # type: ignore[attr-defined]
    assert all(rollup.narrative_text(p.key).text is None for p in F.NARRATIVE_PARTS)


def test_a_blank_counts_as_0_with_a_warning_naming_the_body() -> None:
    a, b, c = (zero_filled(2025, agency=name) for name in ("甲局", "乙局", "丙局"))
    set3(a, "r3_1", "commercial", 4)
    set3(b, "r3_1", "commercial", None)
    for report in (a, b, c):
        set3(report, "r3_2", "research", None)  # blank everywhere
    rollup, _ = aggregate([a, b, c])
    assert rollup.t3("r3_1", "commercial") == 4
    assert rollup.t3("r3_2", "research") is None
    findings = blank_findings([a, b, c])
    assert len(findings) == 1
    finding = findings[0]
    assert (finding.code, finding.severity) == (AGG_BLANK, Severity.WARNING)
    assert finding.location is not None
    assert (finding.location.table, finding.location.row, finding.location.column) == ("table3", "r3_1", "commercial")
    assert "乙局" in finding.message and "甲局" not in finding.message and "按0计算" in finding.message


def test_procurement_amounts_in_yuan_and_wan_yuan_are_summed_in_yuan() -> None:
    a, b = zero_filled(2020, agency="甲局"), zero_filled(2020, agency="乙局")
    a.table2.art20_9.central_procurement.total_amount = Decimal("251000")  # type: ignore[attr-defined]
    a.table2.art20_9.central_procurement.total_amount_unit = "元"  # type: ignore[attr-defined]
    b.table2.art20_9.central_procurement.total_amount = Decimal("3.5")  # type: ignore[attr-defined]
    b.table2.art20_9.central_procurement.total_amount_unit = "万元"  # type: ignore[attr-defined]
    rollup, _ = aggregate([a, b])
    cells = rollup.table2.art20_9.central_procurement  # type: ignore[attr-defined]
    assert (cells.total_amount, cells.total_amount_unit) == (Decimal("286000"), "元")

    b.table2.art20_9.central_procurement.total_amount_unit = None  # type: ignore[attr-defined]
    rollup, _ = aggregate([a, b])
    assert rollup.t2("art20_9", "central_procurement", "total_amount") is None
    [finding] = blank_findings([a, b])
    assert "乙局" in finding.message and "单位" in finding.message


@pytest.mark.parametrize(
    ("second", "words"),
    [
        (zero_filled(2024, agency="乙局"), ["不同年度", "2024年度", "2025年度"]),
        (zero_filled(2025, agency="甲局"), ["出现了两次"]),
    ],
)
def test_refuses_what_cannot_be_summed(second: ReportBase, words: list[str]) -> None:
    with pytest.raises(AggregateError) as caught:
        aggregate([zero_filled(2025, agency="甲局"), second])
    for word in words:
        assert word in str(caught.value)


def test_refuses_mixed_formats_of_one_year() -> None:
    data = as_data(zero_filled(2020, agency="乙局"))
    data["meta"]["year"] = 2021  # 2019-format tables in a 2021 report
    from assistant.figures import report_from_data

    old_format = report_from_data(data, "乙局.json")
    with pytest.raises(AggregateError, match="表格格式不同"):
        aggregate([zero_filled(2021, agency="甲局"), old_format])
    with pytest.raises(AggregateError, match="应使用2021年格式"):
        aggregate([old_format])
    with pytest.raises(AggregateError):
        aggregate([])


# ---------------------------------------------------------------------------------------------------------
# The command


def _run(sources: list[Path | str], output: Path, **kwargs: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = aggregate_command(
        [str(s) for s in sources],
        agency=str(kwargs.pop("agency", "测试县人民政府")),
        output=str(output),
        out=out,
        err=err,
        **kwargs,  # type: ignore[arg-type]
    )
    return code, out.getvalue(), err.getvalue()


def test_command_writes_the_rollup_and_lists_the_bodies(tmp_path: Path) -> None:
    children = [_balanced(_distinct(2025, f"测试县第{i}局", i)) for i in (1, 2)]
    sources = [_figures(tmp_path / f"{i}.json", c) for i, c in enumerate(children, 1)]
    output = tmp_path / "county.json"
    code, out, err = _run(sources, output)
    assert code == 0, out + err
    rollup = load_report(output)
    assert rollup.meta.agency == "测试县人民政府" and rollup.meta.body_kind is F.BodyKind.GOVERNMENT
    assert rollup.t3("r3_4", "legal_service") == sum(
        load_report(s).t3("r3_4", "legal_service")
        for s in sources  # type: ignore[misc]
    )
    assert "已汇总 2 个单位" in out
    assert "1. 测试县第1局" in out and "2. 测试县第2局" in out


@pytest.mark.parametrize(
    ("agency", "kind", "expected"),
    [
        ("测试县测试镇人民政府", None, F.BodyKind.TOWNSHIP),  # a township rolls up its own units
        ("测试县教育局", None, F.BodyKind.DEPARTMENT),
        ("测试县教育局", "government", F.BodyKind.GOVERNMENT),  # as the clerk says
    ],
)
def test_the_kind_of_the_rollup_follows_its_name_unless_given(
    tmp_path: Path, agency: str, kind: str | None, expected: F.BodyKind
) -> None:
    sources = [_figures(tmp_path / f"{i}.json", _balanced(_distinct(2025, f"测试县第{i}局", i))) for i in (1, 2)]
    output = tmp_path / "rollup.json"
    code, out, err = _run(sources, output, agency=agency, body_kind=kind)
    assert code == 0, out + err
    assert load_report(output).meta.body_kind is expected

    # Never overwritten.
    before = output.read_bytes()
    code, _, err = _run(sources, output)
    assert code == 2 and "已存在" in err
    assert output.read_bytes() == before


def test_command_takes_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "各部门"
    folder.mkdir()
    for i in (1, 2, 3):
        _figures(folder / f"{i}.json", zero_filled(2025, agency=f"测试县第{i}局"))
    (folder / "说明.xlsx").write_bytes(b"x")
    code, out, _ = _run([folder], tmp_path / "county.json")
    assert code == 0
    assert "已汇总 3 个单位" in out


def test_command_refuses_mixed_years_and_unreadable_files(tmp_path: Path) -> None:
    a = _figures(tmp_path / "a.json", zero_filled(2025, agency="甲局"))
    b = _figures(tmp_path / "b.json", zero_filled(2024, agency="乙局"))
    output = tmp_path / "county.json"
    code, _, err = _run([a, b], output)
    assert code == 2 and "不同年度" in err and "b.json" in err
    assert not output.exists()

    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    code, _, err = _run([a, broken, tmp_path / "没有.json"], output)
    assert code == 2
    assert "无法读取" in err and "broken.json" in err and "文件不存在" in err
    assert not output.exists()

    code, _, err = _run([a], output, agency="  ")
    assert code == 2 and "--agency" in err


def test_command_refuses_an_earlier_rollup_among_the_bodies(tmp_path: Path) -> None:
    folder = tmp_path / "各部门"
    folder.mkdir()
    for i in (1, 2):
        _figures(folder / f"{i}.json", zero_filled(2025, agency=f"测试县第{i}局"))
    assert _run([folder], folder / "county.json")[0] == 0
    code, _, err = _run([folder], folder / "county2.json")  # the first roll-up is now in the folder
    assert code == 2 and "county.json" in err and "之前生成的汇总文件" in err
    assert not (folder / "county2.json").exists()


def test_command_exits_1_when_a_body_has_table_errors(tmp_path: Path) -> None:
    bad = zero_filled(2025, agency="错误局")
    set3(bad, "new_received", "natural_person", 3)  # received, never answered nor carried over
    sources = [_figures(tmp_path / "bad.json", bad), _figures(tmp_path / "good.json", zero_filled(2025, agency="好局"))]
    code, out, _ = _run(sources, tmp_path / "county.json")
    assert code == 1
    assert "错误局 的表格有错误" in out and "T3-BALANCE" in out
    assert (tmp_path / "county.json").exists()


# ---------------------------------------------------------------------------------------------------------
# validate --children


def test_hierarchy_warning_at_the_right_cell_only(tmp_path: Path) -> None:
    children = [_distinct(2025, f"测试县第{i}局", i) for i in (1, 2)]
    paths = [_figures(tmp_path / f"{i}.json", c) for i, c in enumerate(children)]
    parent, _ = aggregate(children, agency="测试县人民政府")
    assert children_findings(parent, paths) == []

    right = parent.t3("r4_2", "research")
    assert right is not None
    set3(parent, "r4_2", "research", right + 10)
    set3(parent, "r4_2", "total", None)  # a draft's total is computed again: it differs too, but follows
    set3(parent, "r7_total", "research", None)
    set3(parent, "r7_total", "total", None)
    findings = children_findings(parent, paths)
    assert len(findings) == 1, [f.render() for f in findings]
    finding = findings[0]
    assert (finding.code, finding.severity) == (HIERARCHY, Severity.WARNING)
    assert finding.location is not None
    assert (finding.location.table, finding.location.row, finding.location.column) == ("table3", "r4_2", "research")
    assert finding.location.label == "表三 “（四）无法提供 2.没有现成信息需要另行制作” / 科研机构"
    assert (finding.expected, finding.found) == (str(right), str(right + 10))
    assert "测试县第1局" in finding.message and "测试县第2局" in finding.message


def test_hierarchy_compares_a_given_total_whose_parts_agree() -> None:
    children = [_distinct(2025, f"测试县第{i}局", i) for i in (1, 2)]
    parent, _ = aggregate(children, agency="测试县人民政府")
    given = parent.t4("litigation_direct", "total")
    assert given is not None
    set4(parent, "litigation_direct", "total", given + 1)
    [finding] = children_findings(parent, children)
    assert finding.location is not None
    assert (finding.location.table, finding.location.block, finding.location.column) == (
        "table4",
        "litigation_direct",
        "total",
    )
    assert finding.expected == str(given)


def test_hierarchy_with_children_of_another_year_says_it_did_not_compare() -> None:
    parent = zero_filled(2025, agency="测试县人民政府")
    findings = children_findings(parent, [zero_filled(2024, agency="甲局")])
    assert len(findings) == 1
    assert findings[0].code == HIERARCHY and "未进行上下级核对" in findings[0].message
    [finding] = children_findings(parent, [zero_filled(2025, agency="测试县人民政府")])
    assert "出现了两次" in finding.message


def test_hierarchy_reads_children_files(tmp_path: Path) -> None:
    from assistant.figures import InputError

    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"meta": {}}), encoding="utf-8")
    with pytest.raises(InputError):
        children_findings(zero_filled(2025, agency="县"), [broken])
    (tmp_path / "空").mkdir()
    with pytest.raises(InputError, match="没有数据文件或报告"):
        children_findings(zero_filled(2025, agency="县"), [tmp_path / "空"])

    folder = tmp_path / "各部门"
    folder.mkdir()
    children = [_distinct(2025, f"测试县第{i}局", i) for i in (1, 2)]
    for i, child in enumerate(children):
        _figures(folder / f"{i}.json", child)
    parent, _ = aggregate(children, agency="测试县人民政府")
    set4(parent, "review", "pending", 0)
    [finding] = children_findings(parent, [folder])
    assert finding.location is not None and finding.location.label == "表四 行政复议 / 尚未审结"

"""Rolling up the figures of many bodies into one, and checking a report against its bodies.

- ``report-assistant aggregate FILES… --agency 机关全称 -o county.json`` → :func:`aggregate_command`: one
  figures file whose tables are the sums of the bodies' tables, for a county (or any body) that reports
  for the units under it. The narrative is left blank, to be written (or drafted) for the whole.
- ``report-assistant validate parent.json --children FILES…`` → :func:`children_findings`: HIERARCHY
  warnings wherever the parent report differs from the sum of its children.

What is summed
    Every cell of 表三 and 表四 that is not a total, every cell of 表二 and the 信息处理费 figures
    (notices issued, amounts in 元). Totals (表三 总计 column and （七）总计 row, 表四 总计) are not added up
    from the children's totals but computed from the summed parts, so the roll-up always adds up; a child
    whose own totals do not add up is reported (and the command exits 1) rather than carried along.

    All of 表二 is additive across bodies. Counts of the year (本年制发件数, 本年废止件数, 处理决定数量,
    本年新制作/新公开数量, 采购项目数量) and amounts (本年收费金额（万元）, 采购总金额) obviously are. So are the
    stocks, 现行有效件数, 对外公开总数量 and 上一年项目数量: a stock summed across bodies is the stock of the
    whole (what must not be summed is a stock across years), provided each document or item belongs to one
    body; a document issued jointly (联合发文) by two bodies is counted by each, which the clerk should know
    when the roll-up is for publication. 本年增/减 (2019) is signed and sums as such. 采购总金额 (2019) is
    stored with its unit: amounts in one unit are summed in it; amounts in 元 and 万元 are summed in 元
    (exact); an amount whose unit is not given cannot be added to one that has a unit, so that cell is left
    blank with a warning.

Blank cells
    A blank is not 0, but a county clerk rolling up twenty departments expects a figure, not a blank sum
    because one department left one cell empty (published reports routinely leave zero cells blank). So a
    cell is the sum of the bodies that filled it in, and each cell where some body left it blank gets an
    ``AGG-BLANK`` warning naming those bodies, so that the clerk can ask them. A cell blank in every body stays
    blank (the CELL-BLANK check then reports it in the roll-up). The table checks count a blank part as 0
    in the same way.

Refused (:class:`AggregateError`, exit 2)
    Reports of different years; tables of different formats (a 2020 and a 2021 report, or a 2021 report in
    the 2019 format); tables in a format the year does not use; the same body twice (its figures would be
    counted twice); no report at all. The command also refuses a file that cannot be read (a roll-up missing
    a body is wrong, so nothing is summed), and a body with the roll-up's own name (an earlier roll-up left
    in the folder would be counted again). Nothing is written then. An existing output file is never
    overwritten.

Sources
    Files (figures ``.json`` or importable reports), folders (their files of those kinds, not their
    subfolders) and patterns such as ``各部门/*.json``, expanded here because the Windows command prompt
    does not expand them.
"""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from . import formats as F
from .body_kind import suggested_body_kind
from .checks import CheckOptions, run_checks
from .exits import EXIT_CHECKS, EXIT_OK, EXIT_USAGE, refuse_existing
from .findings import (
    SEVERITY_LABELS,
    Finding,
    Location,
    Severity,
    quoted,
    show_value,
    table2_place,
    table3_place,
    table4_place,
)
from .formats import BodyKind, FormatVersion
from .model import Fees, ReportBase, blank_report, with_computed_totals

AGG_BLANK = "AGG-BLANK"
HIERARCHY = "HIERARCHY"
SHOWN_PER_CODE = 12
BREAKDOWN_MAX_BODIES = 8  # a HIERARCHY message lists each child's figure when there are at most this many
YUAN_PER_WAN = Decimal(10000)
PROCUREMENT = ("art20_9", "central_procurement", "total_amount")
FEE_FIELDS: tuple[str, ...] = ("notices_issued", "notices_amount_yuan", "collected_yuan")


class AggregateError(ValueError):
    """Reports that cannot be summed into one; the message says why, in Chinese."""


# ---------------------------------------------------------------------------------------------------------
# Cells


@dataclass(frozen=True)
class Cell:
    """One figure of a report: a table cell or a 信息处理费 field."""

    table: str  # table2 | table3 | table4 | fees
    row: str
    column: str
    block: str | None = None  # table2 block, or table4 block (then ``row`` repeats it)

    def get(self, report: ReportBase) -> int | Decimal | None:
        if self.table == "table2":
            assert self.block is not None
            return report.t2(self.block, self.row, self.column)
        if self.table == "table3":
            return report.t3(self.row, self.column)
        if self.table == "table4":
            return report.t4(self.row, self.column)
        return getattr(getattr(report, "fees"), self.column)  # noqa: B009

    def put(self, report: ReportBase, value: int | Decimal | None) -> None:
        if self.table == "table2":
            target = getattr(getattr(getattr(report, "table2"), str(self.block)), self.row)  # noqa: B009
        elif self.table == "fees":
            target = getattr(report, "fees")  # noqa: B009
        else:
            target = getattr(getattr(report, self.table), self.row)
        setattr(target, self.column, value)

    def place(self, report: ReportBase) -> Location:
        if self.table == "table2":
            assert self.block is not None
            return table2_place(report.fmt, self.block, self.row, self.column)
        if self.table == "table3":
            return table3_place(report.fmt, self.row, self.column)
        if self.table == "table4":
            return table4_place(self.row, self.column)
        title = Fees.model_fields[self.column].title or self.column
        return Location(f"信息处理费 {quoted(title)}", part="fees", column=self.column)


def summed_cells(fmt: F.ReportFormat) -> list[Cell]:
    """The cells a roll-up adds up: every figure but the totals (computed from them) and the 2019 采购总金额
    (summed with its unit, apart)."""
    cells = [
        Cell("table2", r.key, c.key, b.key)
        for b in fmt.table2
        for r in b.rows
        for c in b.columns
        if (b.key, r.key, c.key) != PROCUREMENT
    ]
    cells += [
        Cell("table3", r.key, c) for r in fmt.table3_rows if r.key != F.TABLE3_TOTAL_ROW for c in F.TABLE3_PART_COLUMNS
    ]
    cells += [Cell("table4", b.key, c, b.key) for b in F.TABLE4_BLOCKS for c in F.TABLE4_PART_COLUMNS]
    cells += [Cell("fees", "fees", f) for f in FEE_FIELDS]
    return cells


def total_cells(fmt: F.ReportFormat) -> list[tuple[Cell, list[Cell]]]:
    """Each total cell with the part cells it is the sum of."""
    parts3 = F.TABLE3_PART_COLUMNS
    totals: list[tuple[Cell, list[Cell]]] = []
    for row in fmt.table3_rows:
        if row.key == F.TABLE3_TOTAL_ROW:
            continue
        totals.append((Cell("table3", row.key, F.TABLE3_TOTAL_COLUMN), [Cell("table3", row.key, c) for c in parts3]))
    for column in parts3:
        parts = [Cell("table3", r, column) for r in fmt.table3_summed_rows]
        totals.append((Cell("table3", F.TABLE3_TOTAL_ROW, column), parts))
    everything = [Cell("table3", r, c) for r in fmt.table3_summed_rows for c in parts3]
    totals.append((Cell("table3", F.TABLE3_TOTAL_ROW, F.TABLE3_TOTAL_COLUMN), everything))
    for block in F.TABLE4_BLOCKS:
        parts = [Cell("table4", block.key, c, block.key) for c in F.TABLE4_PART_COLUMNS]
        totals.append((Cell("table4", block.key, F.TABLE4_TOTAL_COLUMN, block.key), parts))
    return totals


def _procurement_unit(report: ReportBase) -> str | None:
    block, row, _column = PROCUREMENT
    return getattr(getattr(getattr(report, "table2"), block), row).total_amount_unit  # noqa: B009


def _in_yuan(value: Decimal | int, unit: str | None) -> Decimal:
    return Decimal(value) * YUAN_PER_WAN if unit == "万元" else Decimal(value)


# ---------------------------------------------------------------------------------------------------------
# Summing


def body_names(reports: Sequence[ReportBase]) -> list[str]:
    """How each report is named in messages: its 机关全称, or its place in the list when it has none."""
    return [r.meta.agency.strip() or f"第{i}份报告（机关全称未填）" for i, r in enumerate(reports, 1)]


def check_summable(reports: Sequence[ReportBase], names: Sequence[str] | None = None) -> None:
    """Raise :class:`AggregateError` unless ``reports`` are of one year and one format, each body once."""
    if not reports:
        raise AggregateError("没有可汇总的报告。")
    names = list(names) if names is not None else body_names(reports)
    years = {r.meta.year for r in reports}
    if len(years) > 1:
        listed = "；".join(f"{n}：{r.meta.year}年度" for n, r in zip(names, reports, strict=True))
        raise AggregateError(f"不能汇总不同年度的报告（{listed}）。请只选同一年度的报告。")
    versions = {r.version for r in reports}
    if len(versions) > 1:
        listed = "；".join(f"{n}：{r.version.value}年格式" for n, r in zip(names, reports, strict=True))
        raise AggregateError(f"不能汇总表格格式不同的报告（{listed}）。请先按统一格式更正后再汇总。")
    year = years.pop()
    version = versions.pop()
    expected = F.version_for_year(year)
    if version is not expected:
        raise AggregateError(
            f"{year}年度的报告应使用{expected.value}年格式，这些报告的表格是{version.value}年格式，无法汇总为"
            f"{year}年度的报告。请先按{expected.value}年格式更正。"
        )
    seen: dict[str, str] = {}
    for name, report in zip(names, reports, strict=True):
        agency = report.meta.agency.strip()
        if not agency:
            continue
        if agency in seen:
            raise AggregateError(f"“{agency}”出现了两次（{seen[agency]}、{name}），其数据会被重复计算。请只保留一份。")
        seen[agency] = name


def aggregate(
    reports: Sequence[ReportBase], *, agency: str = "", body_kind: BodyKind = BodyKind.GOVERNMENT
) -> tuple[ReportBase, list[str]]:
    """The roll-up of ``reports`` and the bodies it summed (their 机关全称, in the order given).

    Raises :class:`AggregateError` for reports that cannot be summed (see the module docstring). The
    roll-up is a draft figures file of the same year and format for ``agency``, its totals computed and
    its narrative blank.
    """
    names = body_names(reports)
    check_summable(reports, names)
    first = reports[0]
    rollup = blank_report(first.meta.year, agency=agency, body_kind=body_kind)
    for cell in summed_cells(first.fmt):
        value, _blank_in = _sum_cell(cell, reports)
        cell.put(rollup, value)
    if first.version is FormatVersion.V2019:
        amount, unit, _blank_in, _unit_missing = _sum_procurement(reports)
        block, row, column = PROCUREMENT
        target = getattr(getattr(getattr(rollup, "table2"), block), row)  # noqa: B009
        setattr(target, column, amount)
        target.total_amount_unit = unit
    return with_computed_totals(rollup), names


def _sum_cell(cell: Cell, reports: Sequence[ReportBase]) -> tuple[int | Decimal | None, list[int]]:
    """The sum over the reports that filled the cell in (None if none did), and the indexes that left it blank."""
    values = [cell.get(r) for r in reports]
    given = [v for v in values if v is not None]
    blank_in = [i for i, v in enumerate(values) if v is None]
    if not given:
        return None, blank_in
    total: int | Decimal = sum(given[1:], start=given[0])
    return total, blank_in


def _sum_procurement(reports: Sequence[ReportBase]) -> tuple[Decimal | None, str | None, list[int], list[int]]:
    """2019 采购总金额: (sum, unit, reports with it blank, reports with an amount but no unit)."""
    block, row, column = PROCUREMENT
    values = [r.t2(block, row, column) for r in reports]
    units = [_procurement_unit(r) for r in reports]
    given = [(Decimal(v), u) for v, u in zip(values, units, strict=True) if v is not None]
    blank_in = [i for i, v in enumerate(values) if v is None]
    unit_missing = [i for i, (v, u) in enumerate(zip(values, units, strict=True)) if v is not None and u is None]
    if not given:
        return None, None, blank_in, unit_missing
    given_units = {u for _v, u in given}
    if len(given_units) == 1:
        unit = given_units.pop()
        return sum((v for v, _u in given), Decimal(0)), unit, blank_in, []
    if unit_missing:
        return None, None, blank_in, unit_missing
    return sum((_in_yuan(v, u) for v, u in given), Decimal(0)), "元", blank_in, []


def blank_findings(reports: Sequence[ReportBase]) -> list[Finding]:
    """AGG-BLANK warnings: each summed cell that some bodies left blank while others filled it in.

    Also a warning for a 2019 采购总金额 that could not be summed because a unit is missing.
    """
    if not reports:
        return []
    names = body_names(reports)
    first = reports[0]
    findings = []
    for cell in summed_cells(first.fmt):
        value, blank_in = _sum_cell(cell, reports)
        if value is None or not blank_in:
            continue
        findings.append(_blank_finding(cell.place(first), [names[i] for i in blank_in], len(reports)))
    if first.version is FormatVersion.V2019:
        amount, _unit, blank_in, unit_missing = _sum_procurement(reports)
        place = table2_place(first.fmt, *PROCUREMENT)
        if unit_missing:
            listed = "、".join(names[i] for i in unit_missing)
            findings.append(
                Finding(
                    AGG_BLANK,
                    Severity.WARNING,
                    f"{listed}的采购总金额没有注明单位（元或万元），无法与其他单位的金额相加，汇总数留空。"
                    "请在其数据文件中填写 total_amount_unit 后重新汇总。",
                    place,
                    expected="注明单位的金额",
                    found="未注明单位",
                )
            )
        elif amount is not None and blank_in:
            findings.append(_blank_finding(place, [names[i] for i in blank_in], len(reports)))
    return findings


def _blank_finding(place: Location, blank_bodies: list[str], total: int) -> Finding:
    listed = "、".join(blank_bodies)
    return Finding(
        AGG_BLANK,
        Severity.WARNING,
        f"{listed}（{len(blank_bodies)}/{total} 个单位）此格为空白，汇总时按0计算。"
        "空白不等于0：请向这些单位核实；如确为0，请其在数据文件中填写0。",
        place,
        expected="各单位均已填写",
        found=f"{len(blank_bodies)} 个单位空白",
    )


# ---------------------------------------------------------------------------------------------------------
# The hierarchy check


def children_findings(
    parent: ReportBase,
    children: Sequence[str | os.PathLike[str] | ReportBase],
    options: CheckOptions | None = None,
) -> list[Finding]:
    """HIERARCHY warnings: every cell where ``parent`` differs from the sum of ``children``.

    ``children`` are reports or paths (figures files or importable reports, folders, patterns: as for
    :func:`aggregate_command`); a path that cannot be read, or a folder or pattern with no report in it,
    raises :class:`~assistant.figures.InputError` (the caller prints it and exits 2). Children that cannot
    be summed with the parent (another year or format, one body twice, the parent among them) give one
    warning saying why nothing was compared. A total is compared only when none of its parts already
    differs, so one wrong figure is one warning, not one for each total above it. ``options`` is accepted
    for symmetry with the other checks; no threshold applies.
    """
    from .figures import InputError
    from .importing import load_any_report

    reports = [c for c in children if isinstance(c, ReportBase)]
    paths, empty = expand_sources([os.fspath(c) for c in children if not isinstance(c, ReportBase)])
    if empty:
        problem = Finding("INPUT", Severity.ERROR, "其中没有数据文件或报告。")
        raise InputError(empty[0], [problem])
    reports += [load_any_report(p) for p in paths]
    names = body_names(reports)
    try:
        check_summable([parent, *reports], [parent.meta.agency or "本报告", *names])
    except AggregateError as exc:
        return [_not_compared(str(exc))]
    summed, _ = aggregate(reports)
    this = parent if parent.meta.origin == "imported" else with_computed_totals(parent)
    completed = [r if r.meta.origin == "imported" else with_computed_totals(r) for r in reports]
    findings: list[Finding] = []
    differing: set[Cell] = set()
    for cell in summed_cells(this.fmt):
        finding = _compare(cell, this, summed, completed, names)
        if finding is not None:
            differing.add(cell)
            findings.append(finding)
    if this.version is FormatVersion.V2019:
        findings += _compare_procurement(this, reports, names)
    for total, parts in total_cells(this.fmt):
        if differing.intersection(parts):
            continue
        finding = _compare(total, this, summed, completed, names)
        if finding is not None:
            findings.append(finding)
    return findings


def _not_compared(reason: str) -> Finding:
    return Finding(
        HIERARCHY,
        Severity.WARNING,
        f"未进行上下级核对：{reason}",
        Location("下级单位报告"),
        expected="同一年度、同一格式的下级单位报告，每个单位一份",
        found=reason,
    )


def _compare(
    cell: Cell, parent: ReportBase, summed: ReportBase, children: Sequence[ReportBase], names: Sequence[str]
) -> Finding | None:
    actual = cell.get(parent)
    expected = cell.get(summed)
    if actual is None or expected is None or actual == expected:
        return None
    values = [cell.get(c) for c in children]
    return _hierarchy_finding(cell.place(parent), actual, expected, values, names)


def _compare_procurement(parent: ReportBase, children: Sequence[ReportBase], names: Sequence[str]) -> list[Finding]:
    block, row, column = PROCUREMENT
    actual = parent.t2(block, row, column)
    amount, unit, _blank, unit_missing = _sum_procurement(children)
    if actual is None or amount is None or unit_missing:
        return []
    parent_unit = _procurement_unit(parent)
    if parent_unit != unit:
        if parent_unit is None or unit is None:
            return []  # amounts in unknown units cannot be compared
        actual_yuan, expected_yuan = _in_yuan(actual, parent_unit), _in_yuan(amount, unit)
        if actual_yuan == expected_yuan:
            return []
        shown_actual, shown_expected = f"{show_value(actual_yuan)}元", f"{show_value(expected_yuan)}元"
    else:
        if actual == amount:
            return []
        shown_actual, shown_expected = f"{show_value(actual)}{unit or ''}", f"{show_value(amount)}{unit or ''}"
    place = table2_place(parent.fmt, block, row, column)
    return [
        Finding(
            HIERARCHY,
            Severity.WARNING,
            f"本报告为 {shown_actual}，{len(children)} 个下级单位合计为 {shown_expected}，两者应相等。"
            "如本报告还包含未列入的单位或本机关自身的数据，请在报告中说明；否则请核对。",
            place,
            expected=shown_expected,
            found=shown_actual,
        )
    ]


def _hierarchy_finding(
    place: Location,
    actual: int | Decimal,
    expected: int | Decimal,
    values: Sequence[int | Decimal | None],
    names: Sequence[str],
) -> Finding:
    breakdown = ""
    if len(values) <= BREAKDOWN_MAX_BODIES:
        breakdown = "（其中" + "，".join(f"{n} {show_value(v)}" for n, v in zip(names, values, strict=True)) + "）"
    blanks = "；空白按0计" if any(v is None for v in values) else ""
    return Finding(
        HIERARCHY,
        Severity.WARNING,
        f"本报告为 {show_value(actual)}，{len(values)} 个下级单位合计为 {show_value(expected)}{breakdown}{blanks}，"
        "两者应相等。如本报告还包含未列入的单位或本机关自身的数据，请在报告中说明；否则请核对。",
        place,
        expected=show_value(expected),
        found=show_value(actual),
    )


# ---------------------------------------------------------------------------------------------------------
# The command


def expand_sources(sources: Sequence[str]) -> tuple[list[str], list[str]]:
    """Files to read: a folder gives its figures files and reports (not its subfolders); a pattern such as
    ``各部门/*.json`` is expanded here too, since the Windows command prompt does not. Returns the files and
    the patterns or folders that matched nothing."""
    from .importing.sources import SUPPORTED_SUFFIXES

    wanted = {".json", *SUPPORTED_SUFFIXES}
    files: list[str] = []
    empty: list[str] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            found = sorted(
                str(p)
                for p in path.iterdir()
                if p.is_file() and p.suffix.lower() in wanted and not p.name.startswith((".", "~$"))
            )
        elif not path.exists() and glob.has_magic(source):
            found = sorted(glob.glob(source))
        else:
            found = [source]
        if not found:
            empty.append(source)
        files += found
    return list(dict.fromkeys(files)), empty


def aggregate_command(
    sources: Sequence[str],
    *,
    agency: str,
    output: str,
    body_kind: BodyKind | str | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Sum the bodies' figures into ``output`` (a new figures file). Exit 0 done; 1 written, but a body's
    tables or the roll-up's have errors; 2 bad usage, a file that cannot be read, reports that cannot be
    summed, or ``output`` already exists (nothing written). Without ``body_kind``, the kind ``agency`` suggests
    (:func:`assistant.body_kind.suggested_body_kind`: 某某县人民政府 is a government)."""
    from .atomic import write_text_atomic
    from .figures import InputError, report_to_json
    from .importing import load_any_report

    out, err = out or sys.stdout, err or sys.stderr
    try:
        kind = BodyKind(body_kind) if body_kind is not None else suggested_body_kind(agency)
    except ValueError:
        choices = "、".join(f"{k.value}（{F.BODY_KIND_LABELS[k]}）" for k in BodyKind)
        print(f"错误：机关类型应为 {choices} 之一，实际为 {body_kind}。", file=err)
        return EXIT_USAGE
    agency = agency.strip()
    if not agency:
        print("错误：请用 --agency 指定汇总报告的机关全称，如：某某县人民政府。", file=err)
        return EXIT_USAGE
    if refuse_existing(output, err):
        return EXIT_USAGE
    files, empty = expand_sources(sources)
    for source in empty:
        print(f"错误：{source} 中没有数据文件或报告。", file=err)
    if empty or not files:
        if not files:
            print("错误：请指定要汇总的数据文件或报告。", file=err)
        return EXIT_USAGE

    reports: list[ReportBase] = []
    failed = False
    for file in files:
        try:
            reports.append(load_any_report(file))
        except InputError as error:
            print(error.render(), file=err)
            failed = True
    if failed:
        print("有文件无法读取，未进行汇总。缺少任何一个单位，汇总数都不完整。", file=err)
        return EXIT_USAGE

    names = [r.meta.agency.strip() or "（机关全称未填）" for r in reports]
    itself = [f for f, n in zip(files, names, strict=True) if n == agency]
    if itself:
        print(
            f"错误：{'、'.join(itself)} 的机关全称就是“{agency}”，可能是之前生成的汇总文件或本级报告；"
            "汇总只应包含下级单位，请把它移出后重试。",
            file=err,
        )
        return EXIT_USAGE
    try:
        check_summable(reports, [f"{f}（{n}）" for f, n in zip(files, names, strict=True)])
        rollup, _bodies = aggregate(reports, agency=agency, body_kind=kind)
    except AggregateError as exc:
        print(f"错误：{exc}", file=err)
        return EXIT_USAGE

    try:
        write_text_atomic(output, report_to_json(rollup))
    except OSError as exc:
        print(f"错误：无法写入 {output}（{exc.strerror or exc}）。", file=err)
        return EXIT_USAGE

    fmt = rollup.fmt
    print(
        f"已汇总 {len(reports)} 个单位 → {output}：{agency}，{rollup.meta.year}年度，{fmt.version.value}年格式。",
        file=out,
    )
    for number, (name, file) in enumerate(zip(names, files, strict=True), 1):
        print(f"  {number}. {name}（{file}）", file=out)
    _print_limited(blank_findings(reports), out)

    child_errors = list(_children_table_errors(reports, names))
    for line in child_errors:
        print(line, file=out)
    # Sums of tables that add up add up too: the roll-up's own errors only repeat its bodies' ones.
    rollup_errors = [f for f in run_checks(rollup) if f.is_error and f.location and f.location.table]
    if not child_errors:
        _print_limited(rollup_errors, out)
    print("汇总数据的文字部分为空白，请填写要点后起草，或直接填写。", file=out)
    if child_errors or rollup_errors:
        print("下级单位或汇总数据的表格有错误（见上），汇总数可能不准确；请更正后重新汇总。", file=out)
        return EXIT_CHECKS
    return EXIT_OK


def _children_table_errors(reports: Sequence[ReportBase], names: Sequence[str]) -> Iterator[str]:
    for name, report in zip(names, reports, strict=True):
        errors = [f for f in run_checks(report) if f.is_error and f.location and f.location.table]
        if not errors:
            continue
        counts: dict[str, int] = {}
        for finding in errors:
            counts[finding.code] = counts.get(finding.code, 0) + 1
        listed = "，".join(f"{code} {n} 处" for code, n in counts.items())
        yield f"【{SEVERITY_LABELS[Severity.ERROR]}】{name} 的表格有错误（{listed}），请先更正该单位的数据。"


def _print_limited(findings: Sequence[Finding], out: TextIO) -> None:
    shown: dict[str, int] = {}
    hidden: dict[str, int] = {}
    for finding in findings:
        if shown.get(finding.code, 0) >= SHOWN_PER_CODE:
            hidden[finding.code] = hidden.get(finding.code, 0) + 1
            continue
        shown[finding.code] = shown.get(finding.code, 0) + 1
        print(finding.render(), file=out)
    for code, count in hidden.items():
        print(f"  ……另有 {count} 处 {code} 未列出", file=out)

"""Table arithmetic (report-format.md §7.1–7.2): T3-BALANCE, T3-RESULTS, T3-ROWTOTAL, T4-TOTAL, CELL-BLANK.

Blank parts count as 0 in the sums (each blank has its own CELL-BLANK finding); a blank total is not
compared, it is a CELL-BLANK finding of its own, an error when its parts are not all zero.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import formats as F
from ..findings import Finding, Location, Severity, show_value, table2_place, table3_place, table4_place
from ..model import ReportBase
from . import CheckOptions


def _z(value: int | None) -> int:
    return value or 0


def _column_label(key: str) -> str:
    return next(c.label for c in F.TABLE3_COLUMNS if c.key == key)


def _results_sum(report: ReportBase, column: str) -> int:
    return sum(_z(report.t3(r, column)) for r in report.fmt.table3_summed_rows)


def check_table3_row_totals(report: ReportBase, options: CheckOptions) -> Iterator[Finding]:
    fmt = report.fmt
    for row in fmt.table3_rows:
        given = report.t3(row.key, F.TABLE3_TOTAL_COLUMN)
        if given is None:
            continue
        parts = [report.t3(row.key, c) for c in F.TABLE3_PART_COLUMNS]
        expected = sum(_z(v) for v in parts)
        if given != expected:
            shown = " + ".join(show_value(v) for v in parts)
            yield Finding(
                "T3-ROWTOTAL",
                Severity.ERROR,
                f"本行总计应等于自然人与法人或其他组织各列之和（{shown} = {expected}），实际填写为 {given}。",
                table3_place(fmt, row.key, F.TABLE3_TOTAL_COLUMN),
                expected=str(expected),
                found=str(given),
            )


def check_table3_results(report: ReportBase, options: CheckOptions) -> Iterator[Finding]:
    fmt = report.fmt
    for column in F.TABLE3_COLUMNS:
        given = report.t3(F.TABLE3_TOTAL_ROW, column.key)
        if given is None:
            continue
        parts = [_known(report, r, column.key) for r in fmt.table3_summed_rows]
        if None in parts:
            continue  # a blank row total over non-zero parts: CELL-BLANK reports it, the sum is unknown
        expected = sum(p or 0 for p in parts)
        if given != expected:
            yield Finding(
                "T3-RESULTS",
                Severity.ERROR,
                f"（七）总计应等于（一）至（六）各项办理结果之和 {expected}，实际填写为 {given}。",
                table3_place(fmt, F.TABLE3_TOTAL_ROW, column.key),
                expected=str(expected),
                found=str(given),
            )


def _known(report: ReportBase, row: str, column: str) -> int | None:
    """A cell's value for the balance: blank counts as 0, except a blank 总计 over non-zero parts (unknown)."""
    value = report.t3(row, column)
    if value is not None:
        return value
    if column == F.TABLE3_TOTAL_COLUMN and any(report.t3(row, c) for c in F.TABLE3_PART_COLUMNS):
        return None
    return 0


def check_table3_balance(report: ReportBase, options: CheckOptions) -> Iterator[Finding]:
    """The official 勾稽 note: 一 + 二 = 三（七）总计 + 四, for each column.

    A column with an unknown operand (a blank total that CELL-BLANK already reports) is not judged.
    """
    fmt = report.fmt
    for column in F.TABLE3_COLUMNS:
        c = column.key
        new, carried_in, carried_out = (_known(report, r, c) for r in ("new_received", "carried_in", "carried_out"))
        results = report.t3(F.TABLE3_TOTAL_ROW, c)
        results_shown = show_value(results)
        if results is None:
            parts = [_known(report, r, c) for r in fmt.table3_summed_rows]
            results = None if None in parts else sum(p or 0 for p in parts)
            results_shown = f"空白，按各项计算为 {results}"
        if new is None or carried_in is None or carried_out is None or results is None:
            continue
        left = new + carried_in
        right = results + carried_out
        if left != right:
            shown = [show_value(report.t3(r, c)) for r in ("new_received", "carried_in", "carried_out")]
            yield Finding(
                "T3-BALANCE",
                Severity.ERROR,
                f"{F.TABLE3_NEW_RECEIVED.label}（{shown[0]}）加{F.TABLE3_CARRIED_IN.label}"
                f"（{shown[1]}）之和为 {left}，应等于三、本年度办理结果（七）总计（{results_shown}）加"
                f"{F.TABLE3_CARRIED_OUT.label}（{shown[2]}）之和 {right}；相差 {abs(left - right)}。",
                table3_place(fmt, None, c),
                expected=str(left),
                found=str(right),
            )


def check_table4_totals(report: ReportBase, options: CheckOptions) -> Iterator[Finding]:
    for block in F.TABLE4_BLOCKS:
        given = report.t4(block.key, F.TABLE4_TOTAL_COLUMN)
        if given is None:
            continue
        parts = [report.t4(block.key, c) for c in F.TABLE4_PART_COLUMNS]
        expected = sum(_z(v) for v in parts)
        if given != expected:
            shown = " + ".join(show_value(v) for v in parts)
            yield Finding(
                "T4-TOTAL",
                Severity.ERROR,
                f"总计应等于结果维持、结果纠正、其他结果、尚未审结之和（{shown} = {expected}），实际填写为 {given}。",
                table4_place(block.key, F.TABLE4_TOTAL_COLUMN),
                expected=str(expected),
                found=str(given),
            )


# ---------------------------------------------------------------------------------------------------------
# CELL-BLANK


def _blank(location: Location, *, imported: bool, is_total: bool, parts_sum: int | None) -> Finding:
    if is_total and parts_sum:
        return Finding(
            "CELL-BLANK",
            Severity.ERROR,
            f"总计单元格为空白，但其各项之和为 {parts_sum}：请填写总计。",
            location,
            expected=str(parts_sum),
            found="空白",
        )
    if imported:
        return Finding(
            "CELL-BLANK",
            Severity.WARNING,
            "单元格为空白；空白不等于0，没有发生的事项应填0。",
            location,
            expected="0 或实际数",
            found="空白",
        )
    return Finding(
        "CELL-BLANK",
        Severity.ERROR,
        "单元格尚未填写；没有发生的事项请填0。",
        location,
        expected="数字（没有请填0）",
        found="空白",
    )


def check_blank_cells(report: ReportBase, options: CheckOptions) -> Iterator[Finding]:
    fmt = report.fmt
    imported = report.meta.origin == "imported"
    for block in fmt.table2:
        for row in block.rows:
            for column in block.columns:
                if report.t2(block.key, row.key, column.key) is None:
                    place = table2_place(fmt, block.key, row.key, column.key)
                    yield _blank(place, imported=imported, is_total=False, parts_sum=None)
    for t3row in fmt.table3_rows:
        for column in F.TABLE3_COLUMNS:
            if report.t3(t3row.key, column.key) is not None:
                continue
            parts_sum: int | None = None
            if column.key == F.TABLE3_TOTAL_COLUMN:
                parts_sum = sum(_z(report.t3(t3row.key, c)) for c in F.TABLE3_PART_COLUMNS)
            elif t3row.key == F.TABLE3_TOTAL_ROW:
                parts_sum = _results_sum(report, column.key)
            is_total = parts_sum is not None
            if is_total and not imported:
                continue  # a draft's total is computed once its blank parts are filled; report only those
            yield _blank(
                table3_place(fmt, t3row.key, column.key), imported=imported, is_total=is_total, parts_sum=parts_sum
            )
    for t4block in F.TABLE4_BLOCKS:
        for column in F.TABLE4_COLUMNS:
            if report.t4(t4block.key, column.key) is not None:
                continue
            is_total = column.key == F.TABLE4_TOTAL_COLUMN
            if is_total and not imported:
                continue
            parts_sum = sum(_z(report.t4(t4block.key, c)) for c in F.TABLE4_PART_COLUMNS) if is_total else None
            yield _blank(
                table4_place(t4block.key, column.key), imported=imported, is_total=is_total, parts_sum=parts_sum
            )


def check_blank_fees(report: ReportBase, options: CheckOptions) -> Iterator[Finding]:
    """A 2021-format draft states its 信息处理费 in section 六, so the figures must be filled (0 when none)."""
    if report.version is not F.FormatVersion.V2021 or report.meta.origin == "imported":
        return
    fees = report.fees
    required = ["notices_issued"]
    if fees.notices_issued:
        required += ["notices_amount_yuan", "collected_yuan"]
    for key in required:
        if getattr(fees, key) is None:
            title = type(fees).model_fields[key].title or key
            yield Finding(
                "CELL-BLANK",
                Severity.ERROR,
                "信息处理费情况须在第六部分报告：请填写（没有请填0）。",
                Location(f"信息处理费 “{title}”", part="fees", column=key),
                expected="数字（没有请填0）",
                found="空白",
            )


CHECKS = (
    check_table3_balance,
    check_table3_results,
    check_table3_row_totals,
    check_table4_totals,
    check_blank_cells,
    check_blank_fees,
)

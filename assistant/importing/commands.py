"""The command-line side of reading published reports: one function per command, for cli.py to call.

Each prints in Chinese and returns the exit code (0 done; 1 the checks found errors; 2 bad usage or input
that cannot be read). Nothing final is written on error, and an existing file is never overwritten.

- ``report-assistant import FILE [-o figures.json] [--agency 名称] [--year 年度]`` → :func:`import_command`
- ``report-assistant check FILE [--previous FILE] [--json]`` → :func:`check_command`
- ``--previous FILE`` on ``validate`` and ``--from-json`` → :func:`previous_findings`
- ``report-assistant new --from-previous FILE [--year Y] [-o figures.json]`` → :func:`new_from_previous_command`
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

from .. import formats as F
from ..atomic import write_text_atomic
from ..checks import CheckOptions, has_errors, run_checks
from ..exits import EXIT_CHECKS, EXIT_OK, EXIT_USAGE, refuse_existing
from ..figures import InputError, load_report, report_to_json
from ..findings import Finding, by_severity, print_findings, summary
from ..model import ReportBase
from . import ImportResult, import_report, load_any_report


def _fail(error: InputError, stream: TextIO) -> int:
    print(error.render(), file=stream)
    return EXIT_USAGE


def _emit(text: str, output: str | None, out: TextIO, err: TextIO) -> bool:
    """The figures file to ``output`` (atomically), or to the screen; False (and why) when it cannot be written."""
    if not output:
        out.write(text)
        return True
    try:
        write_text_atomic(output, text)
    except OSError as exc:
        print(f"错误：无法写入 {output}（{exc.strerror or exc}）。", file=err)
        return False
    return True


def dedupe_findings(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str, str | None]] = set()
    out = []
    for finding in findings:
        key = (finding.code, finding.message, finding.location.label if finding.location else None)
        if key not in seen:
            seen.add(key)
            out.append(finding)
    return by_severity(out)


# ---------------------------------------------------------------------------------------------------------
# import


def import_command(
    source: str,
    output: str | None = None,
    *,
    agency: str | None = None,
    year: int | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Read a published report and write its figures file (to ``output``, or to the screen)."""
    out, err = out or sys.stdout, err or sys.stderr
    if refuse_existing(output, err):
        return EXIT_USAGE
    try:
        result = import_report(source, agency=agency, year=year)
    except InputError as error:
        return _fail(error, err)
    text = report_to_json(result.report)
    report_stream = out if output else err
    if not _emit(text, output, out, err):
        return EXIT_USAGE
    meta = result.report.meta
    fmt = F.format_for(result.detected_version)
    target = f" → {output}" if output else ""
    print(
        f"已导入 {source}{target}：{meta.agency or '（机关全称未找到）'}，{meta.year}年度，"
        f"{fmt.version.value}年格式（{result.version_basis}）。",
        file=report_stream,
    )
    for line in result.summary_lines()[1:]:
        print(f"  {line}", file=report_stream)
    if not meta.agency:
        where = f"{output} 的 meta.agency" if output else "数据文件的 meta.agency"
        print(f"请在 {where} 中填写机关全称，或用 --agency 重新导入。", file=report_stream)
    print("空白单元格已保留为空白（null），未作0；可用 report-assistant check 检查原报告。", file=report_stream)
    return EXIT_OK


# ---------------------------------------------------------------------------------------------------------
# check


def check_findings(
    source: str, *, previous: str | None = None, options: CheckOptions | None = None
) -> tuple[ReportBase, ImportResult | None, list[Finding]]:
    """Every applicable check on a published report (or a figures file): the report's own checks, the
    published-text checks and, with ``previous``, the cross-year checks. Raises InputError."""
    from ..checks.crossyear import check_against_previous
    from ..checks.published import check_published

    options = options or CheckOptions()
    result: ImportResult | None = None
    if source.lower().endswith(".json"):
        report = load_report(source)
        findings = run_checks(report, options)
    else:
        result = import_report(source)
        report = result.report
        findings = [*_not_judged(run_checks(report, options), result), *check_published(result, options)]
    if previous:
        findings += check_against_previous(report, load_any_report(previous), options)
    return report, result, dedupe_findings(findings)


def check_command(
    source: str,
    *,
    previous: str | None = None,
    as_json: bool = False,
    options: CheckOptions | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Check a published report; exit 1 when it has errors."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        report, result, findings = check_findings(source, previous=previous, options=options)
    except InputError as error:
        return _fail(error, err)
    if as_json:
        print(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2), file=out)
        return EXIT_CHECKS if has_errors(findings) else EXIT_OK
    meta = report.meta
    if result is not None:
        print(
            f"已读取 {source}：{meta.agency or '（机关全称未找到）'}，{meta.year}年度，"
            f"{result.detected_version.value}年格式（{result.version_basis}）。",
            file=out,
        )
    print_findings(findings, out)
    verdict = "发现错误" if has_errors(findings) else "未发现错误"
    print(f"{source}：检查{verdict}（{summary(findings)}）。", file=out)
    return EXIT_CHECKS if has_errors(findings) else EXIT_OK


_SUMS = {"T3-BALANCE": "table3", "T3-RESULTS": "table3", "T4-TOTAL": "table4"}


def _not_judged(findings: list[Finding], result: ImportResult) -> list[Finding]:
    """The report's findings without those about parts the source does not contain.

    A table or row that is not in the source is one NOT-FOUND warning (from check_published), not a
    CELL-BLANK for each of its cells; and the sums of a table with rows missing cannot be judged, since
    a missing row is not a row of zeros.
    """
    missing_tables = {m.part for m in result.missing if m.part in F.TABLE_LABELS}
    missing_rows = {
        (m.location.table, m.location.block or m.location.row)
        for m in result.missing
        if m.location is not None and ((m.part.startswith("table") and "." in m.part) or m.part.startswith("cells:"))
    }
    incomplete = {table for table, _row in missing_rows}
    if result.collapsed_other:
        # （六）其他处理 printed as one row: TABLE-SHAPE says rows 1 and 2 are blank; one finding, not fourteen.
        # The sums still hold: the row's figures were recorded under 3.其他.
        missing_rows |= {("table3", "r6_1"), ("table3", "r6_2")}
    kept = []
    for finding in findings:
        place = finding.location
        not_in_source = place is not None and (
            place.table in missing_tables or (place.table, place.block or place.row) in missing_rows
        )
        if finding.code == "CELL-BLANK" and not_in_source:
            continue
        if finding.code in _SUMS and _SUMS[finding.code] in incomplete:
            continue
        kept.append(finding)
    return kept


# ---------------------------------------------------------------------------------------------------------
# --previous on validate and --from-json


def previous_findings(report: ReportBase, previous: str, options: CheckOptions | None = None) -> list[Finding]:
    """The cross-year warnings of ``report`` against last year's report (figures JSON or any importable file).

    Raises InputError when the previous file cannot be read; the caller prints it and exits 2.
    """
    from ..checks.crossyear import check_against_previous

    return check_against_previous(report, load_any_report(previous), options)


# ---------------------------------------------------------------------------------------------------------
# new --from-previous


def new_from_previous_command(
    previous: str,
    year: int | None = None,
    output: str | None = None,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Start this year's figures file from last year's report."""
    from ..checks.crossyear import previous_reference, start_from_previous

    out, err = out or sys.stdout, err or sys.stderr
    if refuse_existing(output, err):
        return EXIT_USAGE
    try:
        last = load_any_report(previous)
    except InputError as error:
        return _fail(error, err)
    year = year if year is not None else last.meta.year + 1
    try:
        draft = start_from_previous(last, year)
    except ValueError as exc:
        print(f"错误：{exc}", file=err)
        return EXIT_USAGE
    text = report_to_json(draft)
    stream = out if output else err
    if not _emit(text, output, out, err):
        return EXIT_USAGE
    fmt = F.format_for(draft.version)
    carried = "，".join(
        f"{c.label} {'空白' if (v := draft.t3(F.TABLE3_CARRIED_IN.key, c.key)) is None else v}"
        for c in F.TABLE3_COLUMNS
    )
    target = output or "（屏幕）"
    print(f"已生成 {target}：{year}年度，{fmt.name}（{fmt.basis.number}）。", file=stream)
    print(
        f"“{F.TABLE3_CARRIED_IN.label}”已按{last.meta.year}年度报告的“{F.TABLE3_CARRIED_OUT.label}”填写：{carried}。",
        file=stream,
    )
    reference = previous_reference(last)
    if reference.in_force:
        block = F.FORMAT_2021.table2_block("art20_1")
        shown = "，".join(
            f"{r.label} {'空白' if reference.in_force.get(r.key) is None else reference.in_force[r.key]} 件"
            for r in block.rows
        )
        print(f"上年现行有效件数（{shown}）已记作本年现行有效件数的核对基数，校验时自动核对。", file=stream)
    if reference.narrative:
        print(
            "上年报告的文字已记在各部分的“上年文字（仅供参考）”中，用于对照和雷同检查，不会写入本年报告；"
            "请按本年度实际情况撰写。",
            file=stream,
        )
    print(f"其他跨年度核对（结转、大幅变化）请在校验时加 --previous {previous}。", file=stream)
    if not draft.meta.agency:
        print("上年报告中没有机关全称，请在数据文件的 meta.agency 中填写。", file=stream)
    return EXIT_OK

"""Checks that only exist in published text: what an import saw that the figures model cannot hold.

The report itself (title, period, years, tables, narrative) is checked by :func:`~assistant.checks.run_checks`
on ``result.report``; this module adds what only the printed page shows:

- LABEL (error): a row, column or block label printed differently from the official one (结果维护,
  其他法律行政止公开, 只计这一情况), a 2019 label in a 2021-format table (规范性文件), a label cut short (本年新).
  Differences of width, spaces and numbering punctuation ("1、" for "1.") are not reported.
- FORMAT-VERSION (error): tables of one report in different formats (表二 of 2019, 表三 of 2021). A report
  wholly in the old format in a new year is reported by run_checks from ``meta.format_version``.
- TABLE-SHAPE: 2021 （六）其他处理 collapsed to one row (error); rows printed narrower than the table, local
  rows kept aside, figures beyond the columns (warnings).
- CELL-TYPE (error): a cell whose text is not a figure (略, 详见附件, 7545元 in a 万元 column).
- BASIS-CITATION (warning): a report for 2021 or later citing 国办公开办函〔2019〕60号.
- SECTIONS (error): headings that are not the official ones (local variants listed in formats.py pass), more
  than six sections, and the outline the preamble announces against the sections present.
- PLACEHOLDER (error): the 表三 勾稽 note left as template text ("0之和，等于0之和").
- NOT-FOUND (warning): a part that is not in the source (the report lacks it, or the text given is cut).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import formats as F
from ..findings import Finding, Location, Severity, by_severity, narrative_place, table2_place, table3_place
from ..formats import FormatVersion
from ..importing.normalize import fold, label_key
from ..importing.result import ImportResult
from . import CheckOptions
from .text import placeholders

NOTE_PLACE = Location("表三 勾稽关系说明（表头左上角）", table="table3")


def check_published(result: ImportResult, options: CheckOptions | None = None) -> list[Finding]:
    """Every published-text finding of an import, errors first."""
    options = options or CheckOptions()
    findings = [
        *_labels(result),
        *_mixed_format(result),
        *_shape(result),
        *_cell_types(result),
        *_basis(result),
        *_headings(result),
        *_announced(result),
        *_note(result),
        *_missing(result),
    ]
    return by_severity(findings)


def heading_place(section: str) -> Location:
    heading = F.SECTION_BY_KEY[section].heading
    return Location(f"“{heading}”的标题", part=f"heading.{section}")


# ---------------------------------------------------------------------------------------------------------


def _labels(result: ImportResult) -> Iterator[Finding]:
    year = result.report.meta.year
    version = result.detected_version
    other = F.format_for(FormatVersion.V2019 if version is FormatVersion.V2021 else FormatVersion.V2021)
    for label in result.labels:
        if label.kind == "old-format":
            message = (
                f"印作“{label.printed}”，这是{other.version.value}年格式的写法；{year}年度报告使用的是"
                f"{version.value}年格式，应为“{label.official}”。"
            )
        elif label.kind == "cut":
            message = f"只印出“{label.printed}”，标签不完整，统一格式为“{label.official}”。"
        else:
            message = f"印作“{label.printed}”，与统一格式的“{label.official}”不符，请按统一格式改正。"
        yield Finding("LABEL", Severity.ERROR, message, label.location, expected=label.official, found=label.printed)


def _mixed_format(result: ImportResult) -> Iterator[Finding]:
    version = result.detected_version
    fmt = result.report.fmt
    mixed_blocks = False
    for key, other in result.table_versions.items():
        table, _dot, block = key.partition(".")
        if table != "table2" or not block or other == version:
            continue
        title = next((b.title for b in F.format_for(other).table2 if b.key == block), block)
        yield Finding(
            "FORMAT-VERSION",
            Severity.ERROR,
            f"表二“{title}”的栏目为{other.value}年格式，表二其余部分为{version.value}年格式；同一份报告不能混用两种格式。"
            "该栏目的数字未导入，请按统一格式重新填报。",
            Location(f"表二 {title}", table="table2", block=block if any(b.key == block for b in fmt.table2) else None),
            expected=f"{version.value}年格式",
            found=f"{other.value}年格式",
        )
        mixed_blocks = True
    t2 = result.table_versions.get("table2")
    t3 = result.table_versions.get("table3")
    if mixed_blocks or t2 is None or t3 is None or t2 == t3 or result.collapsed_other:
        return
    yield Finding(
        "FORMAT-VERSION",
        Severity.ERROR,
        f"同一份报告的表格混用了两种格式：表二为{t2.value}年格式，表三为{t3.value}年格式"
        f"（{'；'.join(result.version_evidence)}）。请统一按{F.version_for_year(result.report.meta.year).value}年格式填报。",
        Location("表二、表三", table="table3"),
        expected=f"{F.version_for_year(result.report.meta.year).value}年格式",
        found=f"表二{t2.value}年格式，表三{t3.value}年格式",
    )


def _shape(result: ImportResult) -> Iterator[Finding]:
    for note in result.shape:
        yield Finding("TABLE-SHAPE", Severity(note.severity), note.message, note.location)
    fmt = result.report.fmt
    for extra in result.extra_rows:
        values = "、".join(v for v in extra.values if v) or "无数字"
        if extra.table == "table2" and extra.block and any(b.key == extra.block for b in fmt.table2):
            block = fmt.table2_block(extra.block)
            place = Location(f"表二 {block.title}", table="table2", block=extra.block)
        else:
            place = Location(F.TABLE_LABELS.get(extra.table, extra.table), table=extra.table)
        yield Finding(
            "TABLE-SHAPE",
            Severity.WARNING,
            f"有统一格式之外的行“{extra.label}”（{values}，{extra.place}）；已单独记录，不计入任何合计。"
            "如确需报告，请写在正文中。",
            place,
            found=extra.label,
        )


def _cell_types(result: ImportResult) -> Iterator[Finding]:
    for problem in result.cell_problems:
        yield Finding(
            "CELL-TYPE",
            Severity.ERROR,
            f"单元格内容为“{problem.printed}”（{problem.reason}），应为{problem.expected}；导入时按空白处理。",
            problem.location,
            expected=problem.expected,
            found=problem.printed,
        )


def _basis_pattern(number: str) -> re.Pattern[str]:
    """A document number as written in practice: any bracket pair, optional spaces (国办公开办函〔2019〕60号)."""
    match = re.fullmatch(r"(.+?)〔(\d{4})〕(\d+)号", number)
    assert match is not None, number
    prefix, year, serial = match.groups()
    return re.compile(rf"{re.escape(prefix)}\s*[〔\[［(（【]\s*{year}\s*[〕\]］)）】]\s*{serial}\s*号")


_OLD_BASIS = _basis_pattern(F.FORMAT_2019.basis.number)


def _basis(result: ImportResult) -> Iterator[Finding]:
    report = result.report
    if report.meta.year < F.FIRST_YEAR_OF_2021_FORMAT:
        return
    new = F.FORMAT_2021.basis
    for part in F.NARRATIVE_PARTS:
        text = report.narrative_text(part.key).text
        if not text:
            continue
        for match in _OLD_BASIS.finditer(fold(text)):
            yield Finding(
                "BASIS-CITATION",
                Severity.WARNING,
                f"{report.meta.year}年度报告引用了{F.FORMAT_2019.basis.number}（2019年试行格式的通知）作为依据；"
                f"自2021年度起应依据{new.citation}。如只是回顾沿革，可忽略本提示。",
                narrative_place(part.key, match.start()),
                expected=new.number,
                found=text[match.start() : match.end()],
            )


def _headings(result: ImportResult) -> Iterator[Finding]:
    for heading in result.headings:
        if heading.status != "variant" or heading.printed is None:
            continue
        yield Finding(
            "SECTIONS",
            Severity.ERROR,
            f"标题印作“{heading.printed}”，不是统一格式的标题，应为“{heading.official}”。",
            heading_place(heading.section),
            expected=heading.official,
            found=heading.printed,
        )
    for printed in result.extra_headings:
        yield Finding(
            "SECTIONS",
            Severity.ERROR,
            f"正文有统一格式之外的部分“{printed}”；统一格式只有六个部分，其内容应归入相应部分。",
            Location("报告结构"),
            expected="六个部分",
            found=printed,
        )


def _announced(result: ImportResult) -> Iterator[Finding]:
    announced = result.announced
    if not announced:
        return
    official = [s.key for s in F.SECTIONS]
    present = [h.section for h in result.headings if h.status != "missing"]
    named = [a.section for a in announced if a.section]
    unknown = [a.printed for a in announced if a.section is None]
    listed = "、".join(a.printed for a in announced)
    body = "、".join(F.SECTION_BY_KEY[s].title for s in present) or "（未找到）"
    problems = []
    if unknown:
        problems.append(f"其中“{'”“'.join(unknown)}”不是统一格式的部分")
    if named != sorted(named, key=official.index):
        problems.append("顺序与统一格式不同")
    complete = len(present) == len(official)
    omitted = [s for s in present if s not in named]
    if complete and omitted and not unknown:
        problems.append("没有提到" + "、".join(f"“{F.SECTION_BY_KEY[s].title}”" for s in omitted))
    if not problems:
        return
    yield Finding(
        "SECTIONS",
        Severity.ERROR,
        f"开头段列出的报告结构（{listed}）与正文不一致：{'；'.join(problems)}。正文的部分为：{body}。"
        "请按统一格式的六个部分改写开头段的介绍。",
        narrative_place("preamble"),
        expected="、".join(s.title for s in F.SECTIONS),
        found=listed,
    )


_NOTE_BODY = label_key(F.TABLE3_NOTE).strip("()")


def _note(result: ImportResult) -> Iterator[Finding]:
    note = result.table3_note
    if not note:
        return
    hits = list(placeholders(note))
    if hits:
        start, end, kind = hits[0]
        yield Finding(
            "PLACEHOLDER",
            Severity.ERROR,
            f"表三的勾稽关系说明印作“{note}”，是{kind}“{note[start:end]}”；统一格式为“{F.TABLE3_NOTE}”。",
            NOTE_PLACE,
            expected=F.TABLE3_NOTE,
            found=note,
        )
        return
    if label_key(note).strip("()") != _NOTE_BODY:
        yield Finding(
            "LABEL",
            Severity.ERROR,
            f"表三的勾稽关系说明印作“{note}”，与统一格式的“{F.TABLE3_NOTE}”不符。",
            NOTE_PLACE,
            expected=F.TABLE3_NOTE,
            found=note,
        )


def _missing(result: ImportResult) -> Iterator[Finding]:
    fmt = result.report.fmt
    rows: dict[str, list[str]] = {}
    first_row: dict[str, Location | None] = {}
    for missing in result.missing:
        table, dot, _rest = missing.part.partition(".")
        if dot and table.startswith("table"):
            rows.setdefault(table, []).append(missing.label)
            first_row.setdefault(table, missing.location)
            continue
        location = missing.location
        if location is None:
            location = Location(missing.label)
        elif missing.part in F.SECTION_BY_KEY:
            location = heading_place(missing.part)
        yield Finding("NOT-FOUND", Severity.WARNING, f"未找到{missing.label}：{missing.reason}", location)
    for table, labels in rows.items():
        shown = "、".join(labels[:3]) + ("等" if len(labels) > 3 else "")
        place = first_row[table] or (table3_place(fmt) if table == "table3" else Location(F.TABLE_LABELS[table]))
        if table == "table2" and place is None:
            place = table2_place(fmt, fmt.table2[0].key, fmt.table2[0].rows[0].key)
        yield Finding(
            "NOT-FOUND",
            Severity.WARNING,
            f"{F.TABLE_LABELS[table]}有 {len(labels)} 行在原文中没有找到（{shown}）；其数字留空，不作0。"
            "如原表确有这些行，请检查原文是否完整。",
            place,
            found=f"缺 {len(labels)} 行",
        )

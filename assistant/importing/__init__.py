"""Reading published reports (.docx, .html/.htm, .pdf, plain text) into the report model.

:func:`import_report` finds the title, the contact data, the preamble, the six sections with their narrative
parts and the three tables; it detects the format from the table labels (not from the year) and maps every
row and column to the official one. It never invents: a part that is not in the source stays blank and is
listed in :attr:`ImportResult.missing`; a blank cell stays ``None``; a cell whose text is not a figure is
stored blank and listed in :attr:`ImportResult.cell_problems`. The report comes back with
``meta.origin == "imported"``.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from decimal import Decimal
from typing import Any

from .. import formats as F
from ..body_kind import suggested_body_kind
from ..figures import InputError, load_report
from ..findings import Finding, Location, Severity, table2_place, table3_place, table3_row_label, table4_place
from ..formats import FormatVersion
from ..model import Contact, Meta, ReportBase, report_model
from . import structure as S
from .normalize import fold, label_key, similarity
from .result import (
    AnnouncedSection,
    CellProblem,
    ExtraRowKept,
    Found,
    Heading,
    ImportResult,
    LabelDifference,
    Missing,
    ShapeNote,
)
from .sources import MAX_BYTES, MAX_PDF_PAGES, SUPPORTED_SUFFIXES, Extracted, extract
from .tables import (
    TABLE2_TITLE,
    Printed,
    RowValues,
    TableRead,
    cell_value,
    item_key,
    place_table2,
    place_table3,
    read_table2,
    read_table3,
    read_table4,
)

__all__ = [
    "MAX_BYTES",
    "MAX_PDF_PAGES",
    "SUPPORTED_SUFFIXES",
    "ImportResult",
    "import_report",
    "load_any_report",
]

_KIND_EXPECTATION = {
    F.CellKind.COUNT: "非负整数",
    F.CellKind.SIGNED_COUNT: "整数（减少用负数）",
    F.CellKind.AMOUNT: "不小于0的数",
}


MAX_TABLE_ITEMS = 1_000  # lines or rows from a table's title to the next heading; a real table has under 100


def _problem(message: str) -> Finding:
    return Finding("INPUT", Severity.ERROR, message)


def load_any_report(path: str | os.PathLike[str]) -> ReportBase:
    """A figures file (.json) or any importable published report, as a report (for --previous)."""
    if str(path).lower().endswith(".json"):
        return load_report(path)
    return import_report(path).report


def import_report(path: str | os.PathLike[str], *, agency: str | None = None, year: int | None = None) -> ImportResult:
    """Read a published report. ``agency`` and ``year`` supply what the report does not print (or correct it).

    Raises :class:`~assistant.figures.InputError` for a file that cannot be read (missing, too large, broken,
    an unsupported type) or whose reporting year cannot be determined.
    """
    doc = extract(path)
    return _Importer(doc, str(path), agency, year).run()


# ---------------------------------------------------------------------------------------------------------


class _Importer:
    def __init__(self, doc: Extracted, source: str, agency: str | None, year: int | None) -> None:
        self.doc = doc
        self.source = source
        self.agency_override = agency
        self.year_override = year
        self.missing: list[Missing] = []
        self.found: list[Found] = []
        self.notes: list[str] = []

    # -- layout of the document ------------------------------------------------------------------------

    def _markers(self) -> dict[str, int | None]:
        items = self.doc.items
        t2 = next((i.index for i in items if TABLE2_TITLE.match(item_key(i))), None)
        t3 = next(
            (
                i.index
                for i in items
                if (t2 is None or i.index > t2)
                and any("勾稽关系" in label_key(c.text) or label_key(c.text) == "申请人情况" for c in i.cells)
            ),
            None,
        )
        after = t3 if t3 is not None else (t2 if t2 is not None else -1)
        t4 = None
        for i in items:
            if i.index <= after:
                continue
            keys = [label_key(c.text) for c in i.cells]
            window = keys + [label_key(c.text) for j in items[i.index + 1 : i.index + 3] for c in j.cells]
            if keys and keys[0] == "行政复议" and "行政诉讼" in window:
                t4 = i.index
                break
        return {"table2": t2, "table3": t3, "table4": t4}

    def _regions(self) -> None:
        headings = S.find_headings(self.doc)
        self.heading_found = {h.section: h for h in headings if h.section}
        self.extra_headings = [h for h in headings if not h.section]
        markers = self._markers()
        starts: dict[str, int | None] = {}
        heads = {key: h.item for key, h in self.heading_found.items()}
        for table, section in F.TABLE_SECTIONS.items():
            marker = markers[table]
            head = heads.get(section)
            starts[table] = marker if marker is not None else (head + 1 if head is not None else None)
        boundaries = sorted({*heads.values(), *(s for s in starts.values() if s is not None)})
        end = len(self.doc.items)
        self.regions: dict[str, tuple[int, int]] = {}
        for table, start in starts.items():
            if start is None:
                continue
            stop = next((b for b in boundaries if b > start), end)
            # A table's region ends at the next heading or table, not at the heading of its own section.
            self.regions[table] = (start, stop)
        for section in ("overall", "problems", "other"):
            head = heads.get(section)
            if head is None:
                continue
            stop = next((b for b in boundaries if b > head), end)
            self.regions[section] = (head + 1, stop)
        self.first_section = min([*heads.values(), *(s for s in starts.values() if s is not None)], default=end)

    # -- the run ---------------------------------------------------------------------------------------

    def run(self) -> ImportResult:
        doc = self.doc
        if not doc.items:
            raise InputError(self.source, [_problem("文件中没有可读取的文字。")])
        self._regions()
        for table, (start, stop) in self.regions.items():
            if table.startswith("table") and stop - start > MAX_TABLE_ITEMS:
                name = F.TABLE_LABELS[table]
                raise InputError(
                    self.source,
                    [
                        _problem(
                            f"{name}所在部分（{doc.place(start, stop - 1)}）有 {stop - start} 行，超过上限 "
                            f"{MAX_TABLE_ITEMS} 行，不像是一份年度报告的表格；请检查文件，或只导入报告本身。"
                        )
                    ],
                )
        title = S.find_title(doc, self.first_section)
        preamble_paras = self._preamble(title)
        preamble = "\n".join(p.text for p in preamble_paras) or None
        year = self._year(title, preamble)
        year_version = F.version_for_year(year)

        end = len(doc.items)
        reads: dict[str, TableRead] = {}
        if "table2" in self.regions:
            reads["table2"] = read_table2(doc, *self.regions["table2"])
        if "table3" in self.regions:
            start, stop = self.regions["table3"]
            reads["table3"] = read_table3(doc, start, stop, at_document_end=stop == end)
        if "table4" in self.regions:
            start, stop = self.regions["table4"]
            reads["table4"] = read_table4(doc, start, stop, at_document_end=stop == end)
        version, evidence = self._version(reads, year_version)
        if "table2" in reads:
            place_table2(reads["table2"], doc, version)
        if "table3" in reads:
            place_table3(reads["table3"], version)

        fmt = F.format_for(version)
        self.fmt = fmt
        self.cell_problems: list[CellProblem] = []
        self.shape: list[ShapeNote] = []
        data: dict[str, Any] = {
            "table2": self._table2_data(reads.get("table2")),
            "table3": self._table3_data(reads.get("table3")),
            "table4": self._table4_data(reads.get("table4")),
        }
        narrative, topics, signed = self._narrative(preamble, title)
        data["narrative"] = {key: {"text": text} for key, text in narrative.items()}
        data["fees"] = {"collected_yuan": S.fees_collected(narrative.get("other"))}
        # The tables and texts are validated here; the metadata is set below as read (机关全称 may be missing).
        data["meta"] = {"agency": "-", "year": year, "format_version": version.value}
        report = report_model(version).model_validate(data)

        agency = self.agency_override or (title.agency if title else None)
        contact = S.contact_data(preamble or "")
        published = S.published_date(doc, self.first_section) or signed
        texts = [t for t in narrative.values() if t]
        report.meta = Meta.model_construct(
            agency=agency or "",
            year=year,
            format_version=version,
            body_kind=suggested_body_kind(agency),
            self_reference=S.self_reference(texts),
            preparer=contact.pop("preparer"),
            website_name=contact.pop("website_name"),
            website_url=contact.pop("website_url"),
            contact=Contact(**contact),
            title=title.printed if title else None,
            published=published,
            origin="imported",
        )
        self._account(title, agency, preamble, reads)
        result = ImportResult(
            report=report,
            source=self.source,
            source_kind=doc.kind,
            detected_version=version,
            version_evidence=evidence,
            table_versions=self._table_versions(reads),
            found=self.found,
            missing=self.missing,
            labels=self._label_differences(reads, version),
            headings=self._headings(),
            extra_headings=[h.printed for h in self.extra_headings],
            announced=self._announced(preamble),
            cell_problems=self.cell_problems,
            extra_rows=self._extra_rows(reads),
            shape=self.shape,
            table3_note=self._note(reads.get("table3")),
            collapsed_other=bool(reads.get("table3") and reads["table3"].collapsed_other and version.value == "2021"),
            overview_topics=topics,
            notes=self.notes + [p for r in reads.values() for p in r.problems],
        )
        return result

    # -- title, year, version --------------------------------------------------------------------------

    def _year(self, title: S.TitleFound | None, preamble: str | None) -> int:
        if self.year_override is not None:
            year = self.year_override
        elif title and title.year:
            year = title.year
        else:
            year = self._year_from_text(preamble)
            if year is None:
                raise InputError(
                    self.source,
                    [_problem("无法确定报告年度：原文没有标题，正文中也没有找到年度；请用 --year 指定。")],
                )
        if not F.FIRST_REPORT_YEAR <= year <= 2100:
            raise InputError(
                self.source,
                [
                    _problem(
                        f"报告年度为{year}年，早于现行格式（{F.FIRST_REPORT_YEAR}年起）或不合理；"
                        "本工具只处理2019年及以后的年度报告。"
                    )
                ],
            )
        return year

    def _year_from_text(self, preamble: str | None) -> int | None:
        period = re.search(r"统计(?:期限|时限|期间|时间)[^。]{0,20}?(20\d{2})", fold(preamble or ""))
        if period:
            self.notes.append(f"原文没有标题，年度（{period.group(1)}年）取自开头段的统计期限。")
            return int(period.group(1))
        start, stop = self.regions.get("overall", (0, min(len(self.doc.items), 30)))
        text = fold(" ".join(i.text for i in self.doc.items[max(0, start - 5) : stop]))
        years = Counter(int(y) for y in re.findall(r"(20\d{2})\s*年", text))
        if not years:
            return None
        year = years.most_common(1)[0][0]
        self.notes.append(f"原文没有标题，年度（{year}年）取自正文中出现最多的年份，请核对。")
        return year

    def _version(self, reads: dict[str, TableRead], year_version: FormatVersion) -> tuple[FormatVersion, list[str]]:
        """The format the labels say: 表二's columns and rows, 表三's （六）; the year only breaks a tie."""
        evidence = [e for r in reads.values() for e in r.version_evidence]
        votes: Counter[FormatVersion] = Counter()
        if "table2" in reads:
            votes.update(reads["table2"].votes)
        t3 = reads.get("table3")
        if t3 is not None and t3.version is not None:
            votes[t3.version] += 2
        if not votes:
            evidence.append(f"表格中没有能区分格式的标签，按年度确定为{year_version.value}年格式")
            return year_version, evidence
        votes[year_version] += 0.5  # type: ignore[assignment]
        return votes.most_common(1)[0][0], evidence

    @staticmethod
    def _table_versions(reads: dict[str, TableRead]) -> dict[str, FormatVersion | None]:
        versions = {table: read.version for table, read in reads.items()}
        if "table2" in reads:
            versions.update({f"table2.{b}": v for b, v in reads["table2"].block_versions.items()})
        return versions

    # -- tables -----------------------------------------------------------------------------------------

    def _store(self, token: Any, column: F.Column, location: Location) -> Any:
        value, unit, problem = cell_value(token, column)
        if problem is not None:
            self.cell_problems.append(
                CellProblem(location, token.text.replace("\n", ""), problem, _KIND_EXPECTATION[column.kind])
            )
        if isinstance(value, Decimal) and column.kind is F.CellKind.AMOUNT:
            exponent = value.as_tuple().exponent
            if isinstance(exponent, int) and exponent < -4:
                self.cell_problems.append(
                    CellProblem(location, token.text, "小数位过多（最多4位）", _KIND_EXPECTATION[column.kind])
                )
                return None, unit
        return value, unit

    def _table2_data(self, read: TableRead | None) -> dict[str, Any]:
        fmt = self.fmt
        data: dict[str, Any] = {}
        for block in fmt.table2:
            rows: dict[str, Any] = {}
            for row in block.rows:
                found = read.rows.get((block.key, row.key)) if read else None
                cells: dict[str, Any] = {}
                if found is not None:
                    for column, token in zip(block.columns, found.values, strict=True):
                        place = table2_place(fmt, block.key, row.key, column.key)
                        value, unit = self._store(token, column, place)
                        cells[column.key] = value
                        is_procurement = block.key == "art20_9" and column.key == "total_amount"
                        if is_procurement and value is not None and unit in F.PROCUREMENT_AMOUNT_UNITS:
                            cells["total_amount_unit"] = unit
                    self._row_gaps(
                        found,
                        place_table=lambda c, b=block.key, r=row.key: table2_place(fmt, b, r, c),
                        columns=[c.key for c in block.columns],
                        label=f"表二 {block.title}“{row.label}”",
                    )
                rows[row.key] = cells
            data[block.key] = rows
        return data

    def _row_gaps(self, found: RowValues, place_table: Any, columns: list[str], label: str) -> None:
        """Say what a row is missing: cut off where the text ends, or printed with fewer cells."""
        missing = [c for c, v in zip(columns, found.values, strict=True) if v is None]
        if not missing:
            return
        if found.truncated:
            self.missing.append(
                Missing(
                    f"cells:{label}",
                    label,
                    f"原文在此行中断，缺少 {len(missing)} 个单元格（留空，不作0）。",
                    place_table(missing[0]),
                )
            )

    def _table3_data(self, read: TableRead | None) -> dict[str, Any]:
        fmt = self.fmt
        data: dict[str, Any] = {}
        columns = F.TABLE3_COLUMNS
        zero_rows: list[str] = []
        unplaced_rows: list[str] = []
        for row in fmt.table3_rows:
            found = read.rows.get((None, row.key)) if read else None
            cells: dict[str, Any] = {}
            if found is not None:
                printed = [v for v in found.values if v is not None]
                if found.short and printed and all(v.cell.kind == "number" and v.cell.value == 0 for v in printed):
                    # Every printed cell is 0 and the row is complete in the source, only narrower (a
                    # flattening loss): a row of zeros. Said plainly, so that a clerk can check it.
                    cells = {c.key: 0 for c in columns}
                    zero_rows.append(f"“{table3_row_label(fmt, row.key)}”（{len(printed)}个）")
                elif found.short:
                    unplaced_rows.append(f"“{table3_row_label(fmt, row.key)}”（{len(printed)}个）")
                else:
                    for column, token in zip(columns, found.values, strict=True):
                        cells[column.key] = self._store(token, column, table3_place(fmt, row.key, column.key))[0]
                    self._row_gaps(
                        found,
                        lambda c, r=row.key: table3_place(fmt, r, c),
                        [c.key for c in columns],
                        f"表三“{row.label}”",
                    )
                if found.overflow:
                    self.shape.append(
                        ShapeNote(
                            table3_place(fmt, row.key),
                            f"表三“{row.label}”行多出 {len(found.overflow)} 个数"
                            f"（{'、'.join(t.text for t in found.overflow)}），未导入。",
                            "warning",
                        )
                    )
            data[row.key] = cells
        width = len(columns)
        if zero_rows:
            self.shape.append(
                ShapeNote(
                    table3_place(fmt),
                    f"表三有 {len(zero_rows)} 行印出的数少于 {width} 个：{'、'.join(zero_rows)}；"
                    f"这些行印出的数全部为0，已按整行为0导入，请对照原表核实。",
                    "warning",
                )
            )
        if unplaced_rows:
            self.shape.append(
                ShapeNote(
                    table3_place(fmt),
                    f"表三有 {len(unplaced_rows)} 行印出的数少于 {width} 个：{'、'.join(unplaced_rows)}；"
                    "无法确定各数对应的列，这些行按空白导入，请对照原表填写。",
                    "warning",
                )
            )
        if read is not None and read.collapsed_other is not None and fmt.version is FormatVersion.V2021:
            collapsed = read.collapsed_other
            cells = {}
            for column, token in zip(columns, collapsed.values, strict=True):
                cells[column.key] = self._store(token, column, table3_place(fmt, "r6_3", column.key))[0]
            data["r6_3"] = cells
            group = next(g for g in fmt.table3_groups if g.key == "r6")
            self.shape.append(
                ShapeNote(
                    table3_place(fmt, "r6_3"),
                    f"2021年格式的表三“{group.label}”应分为三行（"
                    + "；".join(r.label for r in group.rows)
                    + "），本报告只印了一行；导入时该行数字记入“3.其他”，1、2两行留空。",
                    "error",
                )
            )
        return data

    def _table4_data(self, read: TableRead | None) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for block in F.TABLE4_BLOCKS:
            found = read.rows.get((block.key, "")) if read else None
            cells: dict[str, Any] = {}
            if found is not None:
                for column, token in zip(F.TABLE4_COLUMNS, found.values, strict=True):
                    cells[column.key] = self._store(token, column, table4_place(block.key, column.key))[0]
                self._row_gaps(
                    found,
                    lambda c, b=block.key: table4_place(b, c),
                    [c.key for c in F.TABLE4_COLUMNS],
                    f"表四“{block.label}”",
                )
            data[block.key] = cells
        return data

    # -- narrative -------------------------------------------------------------------------------------

    def _preamble(self, title: S.TitleFound | None) -> list[S.Paragraph]:
        doc = self.doc
        start = title.last_item + 1 if title else 0
        stop = self.first_section
        items = []
        for item in doc.items[start:stop]:
            text = " ".join(c.text for c in item.cells)
            if S.is_junk(text):
                continue
            if item.kind == "row" and not doc.layout:
                continue  # page metadata tables (索引号 | 发布机构 | …)
            if not re.search(r"[\u4e00-\u9fff]", text) or len(re.findall(r"[A-Za-z]", text)) > len(text) * 0.6:
                continue
            items.append(item)
        return S.paragraphs(doc, items, S.body_indent(doc))

    def _section_paragraphs(self, section: str) -> list[S.Paragraph] | None:
        if section not in self.regions:
            return None
        start, stop = self.regions[section]
        items = [i for i in self.doc.items[start:stop] if not S.is_junk(i.text)]
        return S.paragraphs(self.doc, items, S.body_indent(self.doc))

    def _narrative(
        self, preamble: str | None, title: S.TitleFound | None
    ) -> tuple[dict[str, str | None], list[tuple[str, str | None]], Any]:
        texts: dict[str, str | None] = {p.key: None for p in F.NARRATIVE_PARTS}
        texts["preamble"] = preamble
        topics: list[tuple[str, str | None]] = []
        overall = self._section_paragraphs("overall")
        if overall:
            split = S.split_overall(overall)
            texts.update(split.parts)
            topics = split.topics
            if split.topics and not split.mapped:
                self.notes.append(
                    "“一、总体情况”的小标题（"
                    + "、".join(h for h, _t in split.topics)
                    + "）不是统一格式的五个方面，全部内容记入综述段。"
                )
        problems = self._section_paragraphs("problems")
        if problems:
            texts["problems"] = "\n".join(p.text for p in problems) or None
        signed = None
        other = self._section_paragraphs("other")
        if other:
            agency = self.agency_override or (title.agency if title else None)
            kept, signed = S.strip_signature(other, agency)
            texts["other"] = "\n".join(p.text for p in kept) or None
        return texts, topics, signed

    # -- the account -----------------------------------------------------------------------------------

    def _place(self, first: int, last: int | None = None) -> str:
        return self.doc.place(first, last)

    def _account(
        self, title: S.TitleFound | None, agency: str | None, preamble: str | None, reads: dict[str, TableRead]
    ) -> None:
        if title:
            self.found.append(Found("title", "标题", self._place(title.first_item, title.last_item)))
        else:
            self.missing.append(
                Missing(
                    "title",
                    "标题",
                    "原文开头没有“……年政府信息公开工作年度报告”标题"
                    + ("（机关全称已按指定填写）。" if self.agency_override else "。"),
                )
            )
        if not agency:
            self.missing.append(
                Missing("agency", "机关全称", "原文中没有找到机关全称；导入后请填写（命令行可用 --agency 指定）。")
            )
        if preamble:
            self.found.append(Found("preamble", "开头段", "第一部分之前"))
        else:
            self.missing.append(Missing("preamble", "开头段（报告说明）", "“一、总体情况”之前没有说明文字。"))
        for section in F.SECTIONS:
            heading = self.heading_found.get(section.key)
            if heading is not None:
                self.found.append(Found(section.key, section.heading, self._place(heading.item)))
            else:
                self.missing.append(
                    Missing(
                        section.key,
                        section.heading,
                        "原文中没有这一部分的标题（原文缺少该部分，或所给文本不完整）。",
                        Location(section.heading, part=section.key),
                    )
                )
        for table, (label, title) in F.TABLE_TITLES.items():
            name = f"{label}（{title}）"
            read = reads.get(table)
            if read is None or not read.found or not read.rows:
                self.missing.append(
                    Missing(
                        table, name, "原文中没有找到该表；其数字全部留空（null），不作0。", Location(name, table=table)
                    )
                )
                continue
            assert read.first_item is not None and read.last_item is not None
            self.found.append(Found(table, name, self._place(read.first_item, read.last_item)))
            self._missing_rows(table, read)

    def _missing_rows(self, table: str, read: TableRead) -> None:
        fmt = self.fmt
        if table == "table2":
            for block in fmt.table2:
                for row in block.rows:
                    if (block.key, row.key) not in read.rows:
                        self.missing.append(
                            Missing(
                                f"table2.{block.key}.{row.key}",
                                f"表二 {block.title}“{row.label}”",
                                "原文中没有这一行；其数字留空。",
                                table2_place(fmt, block.key, row.key),
                            )
                        )
        elif table == "table3":
            collapsed = read.collapsed_other is not None
            for row in fmt.table3_rows:
                if (None, row.key) in read.rows or (collapsed and row.key in ("r6_1", "r6_2", "r6_3")):
                    continue
                self.missing.append(
                    Missing(
                        f"table3.{row.key}",
                        f"表三“{row.label}”",
                        "原文中没有这一行；其数字留空。",
                        table3_place(fmt, row.key),
                    )
                )
        else:
            for block in F.TABLE4_BLOCKS:
                if (block.key, "") not in read.rows:
                    self.missing.append(
                        Missing(
                            f"table4.{block.key}",
                            f"表四“{block.label}”",
                            "原文中没有这一组数字。",
                            table4_place(block.key),
                        )
                    )

    def _label_differences(self, reads: dict[str, TableRead], version: FormatVersion) -> list[LabelDifference]:
        fmt = F.format_for(version)
        other = F.format_for(FormatVersion.V2019 if version is FormatVersion.V2021 else FormatVersion.V2021)
        out: list[LabelDifference] = []
        for table, read in reads.items():
            for (kind, block, row, column), printed in read.labels.items():
                kind_of = _difference_kind(printed, _other_labels(other, table, kind, block, row, column))
                if kind_of is None:
                    continue
                if kind_of == "cut" and printed.item == len(self.doc.items) - 1:
                    continue  # the available text ends inside this label: the source is cut, not the report
                location = _label_location(fmt, table, kind, block, row, column)
                out.append(LabelDifference(location, printed.printed.replace("\n", ""), printed.official, kind_of))
        return out

    def _note(self, read: TableRead | None) -> str | None:
        if read is None or read.note is None or read.note.item == len(self.doc.items) - 1:
            return None
        return read.note.text.replace("\n", "")

    def _headings(self) -> list[Heading]:
        out = []
        for section in F.SECTIONS:
            found = self.heading_found.get(section.key)
            if found is None:
                out.append(Heading(section.key, section.heading, None, "missing"))
            else:
                out.append(Heading(section.key, section.heading, found.printed, found.status, self._place(found.item)))
        return out

    def _announced(self, preamble: str | None) -> list[AnnouncedSection] | None:
        parts = S.announced_outline(preamble or "")
        if parts is None:
            return None
        return [AnnouncedSection(p.printed, p.section) for p in parts]

    def _extra_rows(self, reads: dict[str, TableRead]) -> list[ExtraRowKept]:
        return [
            ExtraRowKept(e.table, e.block, e.label.replace("\n", ""), tuple(e.values), self._place(e.item))
            for read in reads.values()
            for e in read.extra_rows
        ]


def _other_labels(
    other: F.ReportFormat, table: str, kind: str, block: str | None, row: str | None, column: str | None
) -> list[str]:
    """The other format's labels for the same place (规范性文件 for 行政规范性文件)."""
    if table != "table2" or block is None:
        return []
    other_block = next((b for b in other.table2 if b.key == block), None)
    if other_block is None:
        return []
    if kind == "row":
        return [r.label for r in other_block.rows]
    if kind == "column":
        return [c.label for c in other_block.columns]
    return []


def _difference_kind(printed: Printed, other_labels: list[str]) -> str | None:
    key = label_key(printed.printed)
    official = label_key(printed.official)
    if key == official or (key.startswith(official) and re.fullmatch(r"\(.*\)", key[len(official) :])):
        return None
    if any(key == label_key(o) for o in other_labels):
        return "old-format"
    if printed.alias:
        return "alias"
    if len(key) >= 2 and official.startswith(key):
        return "cut"
    if similarity(key, official) < 0.5:
        return None  # not recognisably this label: the row was matched by position, say nothing of its label
    return "variant"


def _label_location(
    fmt: F.ReportFormat, table: str, kind: str, block: str | None, row: str | None, column: str | None
) -> Location:
    if table == "table2":
        assert block is not None
        b = fmt.table2_block(block)
        if kind == "row" and row is not None:
            return table2_place(fmt, block, row)
        if kind == "column" and column is not None:
            label = next(c.label for c in b.columns if c.key == column)
            return Location(f"表二 {b.title} 栏目“{label}”", table="table2", block=block, column=column)
        return Location(f"表二 {b.title}", table="table2", block=block)
    if table == "table3":
        if kind == "row" and row is not None:
            return table3_place(fmt, row)
        label = next(c.label for c in F.TABLE3_COLUMNS if c.key == column)
        return Location(f"表三 栏目“{label}”", table="table3", column=column)
    assert block is not None and column is not None
    return table4_place(block, column)

"""The Word export, read back with python-docx: every table cell where the official table has it (merged spans
included), every figure, the fonts, the page, the draft marking, and the same bytes for the same report."""

from __future__ import annotations

import importlib.util
import io
import zipfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from assistant import formats as F
from assistant.drafting.templates import TemplateDrafter
from assistant.layout import Grid, Role, report_grids
from assistant.model import ReportBase
from assistant.pipeline import build
from assistant.render import DRAFT_MARK, SUPPORTED_EXTENSIONS, Document, build_document, renderer_for
from assistant.render.docx import render_docx
from assistant.resources import templates_dir
from tests.helpers import set3, set4, zero_filled

YEARS = (2020, 2021)  # one report in each format
TABLE_KEYS = ("table2", "table3", "table4")
ERRORS = ("【错误】表三 第一行：示例错误。", "【错误】表四 总计：另一处示例错误。")


# ---------------------------------------------------------------------------------------------------------
# A report whose every figure differs from every other, so a figure in the wrong cell cannot pass.


def distinct_figures(year: int, *, agency: str = "测试县审计局") -> tuple[ReportBase, dict[tuple, str]]:
    """A report that passes every check, with distinct non-zero figures, and the figure each cell must show.

    Keys of the expectations: ("table2", block, row, column), ("table3", row, column), ("table4", block, column).
    Totals are left blank in the report (the assistant computes them) and summed here independently.
    """
    report = zero_filled(year, agency=agency)
    fmt = report.fmt
    expected: dict[tuple, str] = {}
    n = 1001  # 表二 1001…, 表三 1…146 and 201…, 表四 2040…
    for block in fmt.table2:
        for row in block.rows:
            cells = getattr(getattr(report.table2, block.key), row.key)
            for column in block.columns:
                if column.kind == F.CellKind.AMOUNT:
                    value: int | Decimal = Decimal(f"{n}.5")
                elif column.kind == F.CellKind.SIGNED_COUNT:
                    value = -n
                else:
                    value = n
                setattr(cells, column.key, value)
                shown = str(value)
                if block.key == "art20_9" and column.key == "total_amount":
                    cells.total_amount_unit = "万元"
                    shown += "万元"
                expected[("table2", block.key, row.key, column.key)] = shown
                n += 1
    # 表三: result row k, part column j holds 7k + j + 1 (all different); 一 and 二 are chosen so that the
    # 勾稽 balance 一 + 二 = （七）总计 + 四 holds in every column.
    results = fmt.table3_summed_rows
    parts = F.TABLE3_PART_COLUMNS
    for k, row in enumerate(results):
        for j, column in enumerate(parts):
            set3(report, row, column, 7 * k + j + 1)
    for j, column in enumerate(parts):
        results_total = sum(7 * k + j + 1 for k in range(len(results)))
        carried_in, carried_out = 201 + j, 301 + j
        set3(report, F.TABLE3_CARRIED_IN.key, column, carried_in)
        set3(report, F.TABLE3_CARRIED_OUT.key, column, carried_out)
        set3(report, F.TABLE3_NEW_RECEIVED.key, column, results_total + carried_out - carried_in)
    for row in fmt.table3_rows:
        if row.key == F.TABLE3_TOTAL_ROW:
            values = [sum(report.t3(r, c) or 0 for r in results) for c in parts]
        else:
            values = [report.t3(row.key, c) or 0 for c in parts]
        for column, value in zip(parts, values, strict=True):
            expected[("table3", row.key, column)] = str(value)
        expected[("table3", row.key, F.TABLE3_TOTAL_COLUMN)] = str(sum(values))
    for b, block in enumerate(F.TABLE4_BLOCKS):
        values = [2040 + 10 * b + j for j in range(len(F.TABLE4_PART_COLUMNS))]
        for column, value in zip(F.TABLE4_PART_COLUMNS, values, strict=True):
            set4(report, block.key, column, value)
            expected[("table4", block.key, column)] = str(value)
        expected[("table4", block.key, F.TABLE4_TOTAL_COLUMN)] = str(sum(values))
    return report, expected


def drafted_document(report: ReportBase, *, error_lines: tuple[str, ...] = ()) -> Document:
    result = build(report, TemplateDrafter())
    assert result.errors == [], [f.render() for f in result.errors]
    return build_document(result.report, error_lines=error_lines)


def expectation_key(ref) -> tuple:
    if ref.table == "table2":
        return ("table2", ref.block, ref.row, ref.column)
    if ref.table == "table3":
        return ("table3", ref.row, ref.column)
    return ("table4", ref.block, ref.column)


@dataclass
class Rendered:
    year: int
    document: Document
    expected: dict[tuple, str]
    data: bytes

    @property
    def word(self):
        return docx.Document(io.BytesIO(self.data))


@pytest.fixture(scope="module", params=YEARS, ids=lambda y: f"format-of-{y}")
def rendered(request: pytest.FixtureRequest) -> Rendered:
    report, expected = distinct_figures(request.param)
    document = drafted_document(report)
    return Rendered(request.param, document, expected, render_docx(document))


# ---------------------------------------------------------------------------------------------------------
# Reading a Word table back as a grid of merged cells, from the XML alone.


@dataclass
class ReadCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    paragraphs: list[str]
    tc: object

    @property
    def text(self) -> str:
        return "".join(self.paragraphs)


def read_table(table) -> dict[tuple[int, int], ReadCell]:
    """Cells by the (row, column) of their top-left corner; w:gridSpan gives columns, w:vMerge rows."""
    cells: dict[tuple[int, int], ReadCell] = {}
    open_by_column: dict[int, ReadCell] = {}
    for r, tr in enumerate(table._tbl.tr_lst):
        col = 0
        for tc in tr.tc_lst:
            tc_pr = tc.tcPr
            span_el = tc_pr.find(qn("w:gridSpan")) if tc_pr is not None else None
            span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
            merge_el = tc_pr.find(qn("w:vMerge")) if tc_pr is not None else None
            merge = None if merge_el is None else (merge_el.get(qn("w:val")) or "continue")
            if merge == "continue":
                above = open_by_column[col]
                assert above.colspan == span, f"row {r} col {col}: a continued merge must keep its width"
                above.rowspan += 1
                assert all(not "".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.p_lst)
            else:
                paragraphs = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.p_lst]
                cell = ReadCell(r, col, 1, span, paragraphs, tc)
                cells[(r, col)] = cell
                if merge == "restart":
                    open_by_column[col] = cell
                else:
                    open_by_column.pop(col, None)
            col += span
        assert col == len(table.columns), f"row {r} covers {col} grid columns"
    return cells


def word_tables(word) -> dict[str, object]:
    assert len(word.tables) == 3
    return dict(zip(TABLE_KEYS, word.tables, strict=True))


def find(cells: dict[tuple[int, int], ReadCell], text: str) -> ReadCell:
    matches = [c for c in cells.values() if c.text == text]
    assert len(matches) == 1, f"{text}: {len(matches)} cells"
    return matches[0]


# ---------------------------------------------------------------------------------------------------------
# Tables


@pytest.mark.parametrize("key", TABLE_KEYS)
def test_every_cell_is_where_the_official_grid_has_it(rendered: Rendered, key: str) -> None:
    grid: Grid = rendered.document.grids[key]
    table = word_tables(rendered.word)[key]
    assert (len(table.rows), len(table.columns)) == (grid.n_rows, grid.n_cols)
    cells = read_table(table)
    assert set(cells) == {(c.row, c.col) for c in grid.cells}
    for expected in grid.cells:
        got = cells[(expected.row, expected.col)]
        where = f"{key} ({expected.row}, {expected.col}) {expected.text}"
        assert (got.rowspan, got.colspan) == (expected.rowspan, expected.colspan), where
        if expected.role == Role.VALUE:
            assert expected.ref is not None
            assert got.text == rendered.expected[expectation_key(expected.ref)], where
        else:
            assert got.text == expected.text, where
            if expected.lines:  # 商业⏎企业: one paragraph a line, as the official template has them
                assert got.paragraphs == list(expected.lines), where


def test_every_figure_is_printed_once_and_all_differ(rendered: Rendered) -> None:
    tables = word_tables(rendered.word)
    printed = []
    for key in TABLE_KEYS:
        cells = read_table(tables[key])
        printed += [cells[(c.row, c.col)].text for c in rendered.document.grids[key].cells if c.role == Role.VALUE]
    assert sorted(printed) == sorted(rendered.expected.values())
    fmt = rendered.document.report.fmt
    parts = [rendered.expected[("table3", r, c)] for r in fmt.table3_summed_rows for c in F.TABLE3_PART_COLUMNS] + [
        v for k, v in rendered.expected.items() if k[0] == "table2" or (k[0] == "table4" and k[2] != "total")
    ]
    assert len(parts) == len(set(parts)), "the fixture's figures must all differ"


def test_hand_typed_spans_of_the_official_tables(rendered: Rendered) -> None:
    tables = word_tables(rendered.word)
    t2, t3, t4 = (read_table(tables[k]) for k in TABLE_KEYS)
    is_2021 = rendered.year >= 2021
    # 表二: 14 × 4 in 2021; every block title spans the four columns; single values span three.
    assert (len(tables["table2"].rows), len(tables["table2"].columns)) == ((14, 4) if is_2021 else (18, 4))
    titles = [c for c in t2.values() if c.text.startswith("第二十条第")]
    assert len(titles) == (4 if is_2021 else 5)
    assert all((c.col, c.rowspan, c.colspan) == (0, 1, 4) for c in titles)
    if is_2021:
        assert (t2[(5, 1)].text, t2[(5, 1)].colspan) == ("本年处理决定数量", 3)
        licensing = rendered.expected[("table2", "art20_5", "licensing", "decisions")]
        assert (t2[(6, 1)].text, t2[(6, 1)].colspan) == (licensing, 3)
        assert (t2[(13, 0)].text, t2[(13, 1)].colspan, t2[(13, 1)].text.endswith(".5")) == ("行政事业性收费", 3, True)
    else:  # 2019: （八） has two value columns, （九） two, the last of each spanning the rest
        assert [(t2[(13, c)].text, t2[(13, c)].colspan) for c in (1, 2)] == [("上一年项目数量", 1), ("本年增/减", 2)]
        assert t2[(14, 2)].text.startswith("-")  # 本年增/减 is signed
        assert (t2[(17, 0)].text, t2[(17, 2)].colspan) == ("政府集中采购", 2)
        assert t2[(17, 2)].text.endswith(".5万元")
    # 表三: 28 × 10 in 2021, 26 × 10 in 2019.
    assert (len(tables["table3"].rows), len(tables["table3"].columns)) == ((28, 10) if is_2021 else (26, 10))
    note = t3[(0, 0)]
    assert (note.rowspan, note.colspan, note.text) == (3, 3, F.TABLE3_NOTE)
    assert (t3[(0, 3)].text, t3[(0, 3)].colspan) == (F.TABLE3_APPLICANT_HEADER, 7)
    assert (t3[(1, 3)].rowspan, t3[(1, 4)].colspan, t3[(1, 9)].rowspan) == (2, 5, 2)
    assert t3[(1, 4)].text == F.TABLE3_ORG_GROUP
    assert [t3[(2, c)].paragraphs for c in (4, 5)] == [["商业", "企业"], ["科研", "机构"]]
    results = t3[(5, 0)]
    assert (results.text, results.rowspan, results.colspan) == (F.TABLE3_RESULTS_LABEL, 22 if is_2021 else 20, 1)
    assert (t3[(3, 0)].colspan, t3[(4, 0)].colspan) == (3, 3)  # 一、 二、
    assert t3[(5, 1)].colspan == 2  # （一）予以公开 over B–C
    spans = {label: find(t3, label).rowspan for label in ("（三）不予公开", "（四）无法提供", "（五）不予处理")}
    assert spans == {"（三）不予公开": 8, "（四）无法提供": 3, "（五）不予处理": 5}
    other = find(t3, "（六）其他处理")
    assert (other.rowspan, other.colspan) == ((3, 1) if is_2021 else (1, 2))
    last = max(t3.values(), key=lambda c: c.row)
    assert (last.col, last.colspan, last.text) == (0, 3, F.TABLE3_CARRIED_OUT.label)
    # 表四: 4 × 15, three header rows.
    assert (len(tables["table4"].rows), len(tables["table4"].columns)) == (4, 15)
    assert [(c.text, c.colspan) for c in (t4[(0, 0)], t4[(0, 5)])] == [("行政复议", 5), ("行政诉讼", 10)]
    assert [(t4[(1, c)].text, t4[(1, c)].rowspan) for c in range(5)] == [
        ("结果维持", 2),
        ("结果纠正", 2),
        ("其他结果", 2),
        ("尚未审结", 2),
        ("总计", 2),
    ]
    assert [(t4[(1, c)].text, t4[(1, c)].colspan) for c in (5, 10)] == [("未经复议直接起诉", 5), ("复议后起诉", 5)]
    assert t4[(3, 4)].text == rendered.expected[("table4", "review", "total")] == str(2040 + 2041 + 2042 + 2043)


def test_the_grids_drawn_are_the_layout_grids(rendered: Rendered) -> None:
    assert rendered.document.grids == report_grids(rendered.document.report.fmt)


def test_header_rows_repeat_and_rows_do_not_split(rendered: Rendered) -> None:
    for key, table in word_tables(rendered.word).items():
        header_rows = rendered.document.grids[key].header_rows
        for index, row in enumerate(table.rows):
            tr_pr = row._tr.trPr
            assert tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None
            assert (tr_pr.find(qn("w:tblHeader")) is not None) == (index < header_rows), (key, index)
    assert [rendered.document.grids[k].header_rows for k in TABLE_KEYS] == [0, 3, 3]


def test_tables_fill_the_type_area_with_full_borders_and_centred_figures(rendered: Rendered) -> None:
    word = rendered.word
    section = word.sections[0]
    type_width = (section.page_width - section.left_margin - section.right_margin) // 635  # EMU → twips
    assert abs(type_width - Mm(156).twips) <= 2
    style = word.styles["公文表格"]
    borders = style.element.find(qn("w:tblPr")).find(qn("w:tblBorders"))
    sides = {b.tag.split("}")[1]: b.get(qn("w:val")) for b in borders}
    assert sides == dict.fromkeys(("top", "left", "bottom", "right", "insideH", "insideV"), "single")
    for key, table in word_tables(word).items():
        widths = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(widths) == type_width, key
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        assert table.style.name == "公文表格"
        cells = read_table(table)
        for grid_cell in rendered.document.grids[key].cells:
            tc = cells[(grid_cell.row, grid_cell.col)].tc
            assert int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) == sum(
                widths[grid_cell.col : grid_cell.col + grid_cell.colspan]
            )
            if grid_cell.role == Role.VALUE:
                paragraph = tc.p_lst[0]
                assert paragraph.pPr.find(qn("w:jc")).get(qn("w:val")) == "center"
        for paragraph in table._tbl.iter(qn("w:p")):
            assert paragraph.style == "TableText"


# ---------------------------------------------------------------------------------------------------------
# Text, fonts and page


def effective(word, paragraph, tag: str, attribute: str) -> str | None:
    """A run property as Word resolves it: the run, the paragraph style and its bases, the document defaults."""
    for run in paragraph.runs:
        rpr = run._r.rPr
        element = rpr.find(qn(tag)) if rpr is not None else None
        if element is not None and element.get(qn(attribute)) is not None:
            return element.get(qn(attribute))
    style = paragraph.style
    while style is not None:
        rpr = style.element.rPr
        element = rpr.find(qn(tag)) if rpr is not None else None
        if element is not None and element.get(qn(attribute)) is not None:
            return element.get(qn(attribute))
        style = style.base_style
    defaults = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    element = defaults.find(qn(tag))
    return None if element is None else element.get(qn(attribute))


def test_title_headings_and_body_in_order_with_their_styles(rendered: Rendered) -> None:
    document = rendered.document
    paragraphs = [p for p in rendered.word.paragraphs if p.text.strip()]
    title = paragraphs[0]
    assert title.style.name == "Title"
    assert title.text.replace("\n", "") == document.title == f"测试县审计局{rendered.year}年政府信息公开工作年度报告"
    assert title.style.element.pPr.find(qn("w:jc")).get(qn("w:val")) == "center"
    expected = [(p, "Normal") for p in document.preamble]
    for section in document.sections:
        expected.append((section.heading, "Heading 1"))
        for block in section.blocks:
            if block.heading:
                expected.append((block.heading, "Heading 2"))
            expected += [(p, "Normal") for p in block.paragraphs]
    assert [(p.text, p.style.name) for p in paragraphs[1:]] == expected
    assert [h for h, s in expected if s == "Heading 1"] == [s.heading for s in F.SECTIONS]


def test_east_asian_and_latin_fonts_and_sizes(rendered: Rendered) -> None:
    word = rendered.word
    by_style = {}
    for paragraph in word.paragraphs:
        by_style.setdefault(paragraph.style.name, paragraph)
    expectations = {
        "Title": ("方正小标宋简体", 44),
        "Normal": ("仿宋_GB2312", 32),
        "Heading 1": ("黑体", 32),
        "Heading 2": ("楷体_GB2312", 32),
    }
    for style, (east_asia, half_points) in expectations.items():
        paragraph = by_style[style]
        assert effective(word, paragraph, "w:rFonts", "w:eastAsia") == east_asia, style
        assert effective(word, paragraph, "w:rFonts", "w:ascii") == "Times New Roman", style
        assert effective(word, paragraph, "w:rFonts", "w:hAnsi") == "Times New Roman", style
        assert effective(word, paragraph, "w:sz", "w:val") == str(half_points), style
        assert effective(word, paragraph, "w:b", "w:val") in (None, "0"), style
    cell_paragraph = word.tables[1].rows[3].cells[3].paragraphs[0]
    assert effective(word, cell_paragraph, "w:rFonts", "w:eastAsia") == "仿宋_GB2312"
    assert effective(word, cell_paragraph, "w:sz", "w:val") == "21"  # 五号
    footer = word.sections[0].footer.paragraphs[0]
    assert effective(word, footer, "w:rFonts", "w:eastAsia") == "宋体"
    assert effective(word, footer, "w:sz", "w:val") == "28"  # 四号


def test_chinese_language_and_font_fallbacks(rendered: Rendered) -> None:
    package = zipfile.ZipFile(io.BytesIO(rendered.data))
    styles = package.read("word/styles.xml").decode("utf-8")
    settings = package.read("word/settings.xml").decode("utf-8")
    assert 'w:eastAsia="zh-CN"' in styles and 'w:eastAsia="zh-CN"' in settings
    assert "ja-JP" not in styles + settings
    fonts = docx.oxml.parse_xml(package.read("word/fontTable.xml"))
    alt_names = {
        f.get(qn("w:name")): f.find(qn("w:altName")).get(qn("w:val"))
        for f in fonts.findall(qn("w:font"))
        if f.find(qn("w:altName")) is not None
    }
    assert {k: alt_names[k] for k in ("仿宋_GB2312", "楷体_GB2312", "方正小标宋简体")} == {
        "仿宋_GB2312": "仿宋",
        "楷体_GB2312": "楷体",
        "方正小标宋简体": "宋体",
    }
    charsets = {f.get(qn("w:name")): f.find(qn("w:charset")).get(qn("w:val")) for f in fonts.findall(qn("w:font"))}
    assert all(charsets[name] == "86" for name in ("仿宋_GB2312", "楷体_GB2312", "黑体", "宋体", "方正小标宋简体"))
    assert "80" not in charsets.values()  # no Japanese (Shift-JIS) faces left from the python-docx template


def test_page_setup_body_spacing_and_page_numbers(rendered: Rendered) -> None:
    word = rendered.word
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm, 1) for m in margins] == [37.0, 35.0, 28.0, 26.0]
    normal = word.styles["Normal"].element.pPr
    spacing = normal.find(qn("w:spacing"))
    assert (spacing.get(qn("w:lineRule")), spacing.get(qn("w:line"))) == ("exact", "579")  # 28.95 pt
    indent = normal.find(qn("w:ind"))
    assert (indent.get(qn("w:firstLineChars")), indent.get(qn("w:firstLine"))) == ("200", "640")
    assert word.settings.odd_and_even_pages_header_footer
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        assert not footer.is_linked_to_previous
        paragraph = footer.paragraphs[0]
        xml = paragraph._p.xml
        assert 'w:fldCharType="begin"' in xml and " PAGE " in xml and 'w:fldCharType="end"' in xml
        texts = [t.text for t in paragraph._p.iter(qn("w:t"))]
        assert texts == ["— ", "1", " —"]
        assert paragraph._p.pPr.find(qn("w:jc")).get(qn("w:val")) == side


def test_long_title_breaks_after_the_agency_name() -> None:
    report, _ = distinct_figures(2021, agency="长春新区管理委员会科技创新局")
    word = docx.Document(io.BytesIO(render_docx(drafted_document(report))))
    title = next(p for p in word.paragraphs if p.style.name == "Title")
    assert title.text == "长春新区管理委员会科技创新局\n2021年政府信息公开工作年度报告"


# ---------------------------------------------------------------------------------------------------------
# Draft marking, determinism, registration


def all_xml(data: bytes) -> str:
    package = zipfile.ZipFile(io.BytesIO(data))
    return "".join(package.read(n).decode("utf-8") for n in package.namelist() if n.endswith(".xml"))


def test_a_draft_says_so_on_top_on_every_page_and_lists_its_errors() -> None:
    report, _ = distinct_figures(2021)
    document = drafted_document(report, error_lines=ERRORS)
    assert document.draft_notice
    word = docx.Document(io.BytesIO(render_docx(document)))
    first = word.paragraphs[0]
    assert (first.text, first.style.name) == (document.draft_notice, "草稿提示")
    assert first.text.startswith(DRAFT_MARK)
    section = word.sections[0]
    for header in (section.header, section.even_page_header):
        assert not header.is_linked_to_previous
        assert header.paragraphs[0].text == DRAFT_MARK
    tail = [p.text for p in word.paragraphs[-len(ERRORS) - 1 :]]
    assert tail == ["未通过的校验：", *ERRORS]
    assert all(p.style.name == "校验错误" for p in word.paragraphs[-len(ERRORS) - 1 :])


def test_a_final_report_carries_no_draft_marking(rendered: Rendered) -> None:
    assert DRAFT_MARK not in all_xml(rendered.data)
    assert "未通过的校验" not in all_xml(rendered.data)


def test_same_report_same_bytes_with_fixed_properties(rendered: Rendered) -> None:
    report, _ = distinct_figures(rendered.year)
    assert render_docx(drafted_document(report)) == rendered.data
    package = zipfile.ZipFile(io.BytesIO(rendered.data))
    assert package.namelist()[0] == "[Content_Types].xml"
    assert {i.date_time for i in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    core = rendered.word.core_properties
    assert (core.author, core.last_modified_by, core.revision) == ("report-assistant", "report-assistant", 1)
    assert core.title == rendered.document.title
    assert core.created == core.modified
    assert core.created.year == 2000


def test_the_publication_date_dates_the_document() -> None:
    report, _ = distinct_figures(2021)
    report.meta.published = date(2022, 1, 28)
    word = docx.Document(io.BytesIO(render_docx(drafted_document(report))))
    assert (word.core_properties.created.date(), word.core_properties.modified.date()) == (date(2022, 1, 28),) * 2


def test_untrusted_text_stays_text() -> None:
    report, _ = distinct_figures(2021, agency="测试局<script>alert(1)</script>")
    report.narrative_text("problems").text = '问题<w:p/>&amp;"<b>加粗</b>'
    word = docx.Document(io.BytesIO(render_docx(drafted_document(report))))
    texts = [p.text for p in word.paragraphs]
    assert '问题<w:p/>&amp;"<b>加粗</b>' in texts
    assert any("测试局<script>alert(1)</script>" in t for t in texts)


@pytest.mark.parametrize("text", ["规章", "3&4<5>", " 前后空格 ", "甲\t乙", "一\n二\r三", '"引号"', "\t"])
def test_table_text_is_written_as_python_docx_writes_a_run(text: str) -> None:
    """The tables are written as XML directly; their runs must be the runs python-docx's add_run makes."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from assistant.render.docx import _run_xml

    def shape(element) -> tuple:  # type: ignore[no-untyped-def]
        return element.tag, dict(element.attrib), element.text, [shape(child) for child in element]

    ours = parse_xml(f"<w:p {nsdecls('w')}>{_run_xml(text)}</w:p>")[0]
    theirs = docx.Document().add_paragraph().add_run(text)._r
    assert shape(ours) == shape(theirs)


def test_docx_is_registered() -> None:
    assert renderer_for("report.docx") is render_docx
    assert renderer_for("REPORT.DOCX") is render_docx
    assert ".docx" in SUPPORTED_EXTENSIONS


def test_reference_docx_is_what_its_script_builds() -> None:
    script = templates_dir() / "build_reference_docx.py"
    spec = importlib.util.spec_from_file_location("build_reference_docx", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == (templates_dir() / "reference.docx").read_bytes(), (
        "templates/reference.docx is stale: run python templates/build_reference_docx.py"
    )

"""Word (.docx) export in the 公文 layout of GB/T 9704-2012.

The layout lives in ``templates/reference.docx`` (built by ``templates/build_reference_docx.py``): A4 with the
standard margins, the styles with their East Asian faces (``w:eastAsia``), and the "— 1 —" page numbers. This
module only adds content, by style name, and draws the three tables from the grids of :mod:`assistant.layout`,
merged cells as they are. The output is the same bytes for the same document: fixed core properties, fixed zip
entry dates, entries stored uncompressed (deflate output differs between zlib builds).
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from functools import cache

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips

from ..layout import Grid, GridCell, Role
from ..resources import templates_dir
from . import DRAFT_MARK, Document
from .text import display_width

REFERENCE_DOCX = "reference.docx"
ERRORS_HEADING = "未通过的校验："  # above the list of errors of a draft (Word and HTML)
AUTHOR = "report-assistant"
FIXED_TIMESTAMP = datetime(2000, 1, 1)  # core properties of a report without a publication date
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

# Style names, as defined in the reference document.
STYLE_TITLE = "Title"
STYLE_BODY = "Normal"
STYLE_HEADING_1 = "Heading 1"
STYLE_HEADING_2 = "Heading 2"
STYLE_HEADER = "Header"
STYLE_TABLE_TEXT = "表格文字"
STYLE_DRAFT_NOTICE = "草稿提示"
STYLE_CHECK_ERROR = "校验错误"
STYLE_TABLE = "公文表格"

# Table geometry, in twips. Table text is 五号 (10.5 pt): a CJK character is 210 twips, a digit half that.
CHAR_WIDTH = 210
CELL_PADDING = 2 * 40 + 20  # the left and right cell margins of the table style, and a little air
MIN_VALUE_DIGITS = 5  # a value column holds a five-digit figure on one line
MIN_ROW_HEIGHT = 397  # 7 mm
TITLE_CHARS_PER_LINE = 20  # 二号 (22 pt) characters on a 156 mm line
TABLE3_STUB_CHARS = (2, 4)  # 三、本年度办理结果 and the group cells （三）不予公开: characters per line

_EMU_PER_TWIP = 635
_GROUP_NUMBER = re.compile(r"^([（(][一二三四五六七八九十]+[）)])(.+)$")


def _text_width(text: str) -> int:
    """Twips a line of table text needs, cell margins included."""
    return display_width(text) * CHAR_WIDTH // 2 + CELL_PADDING


def _spread(total: int, count: int) -> list[int]:
    base, extra = divmod(total, count)
    return [base + (1 if i < extra else 0) for i in range(count)]


def column_widths(grid: Grid, width: int) -> list[int]:
    """Grid column widths (twips) that fill ``width``, the type area.

    Value columns are as wide as their one-column headers' longest line (商业⏎企业: two characters) and a
    five-digit figure; 表三's stub columns take what remains, the first two narrow, the third the rest; 表二's
    item column is as wide as its longest label, its value columns share the rest.
    """
    min_value = MIN_VALUE_DIGITS * CHAR_WIDTH // 2 + CELL_PADDING
    if grid.table == "table2":
        labels = [c.text for c in grid.cells if c.col == 0 and c.colspan == 1]
        first = min(max(_text_width(t) for t in labels), width * 3 // 10)
        return [first, *_spread(width - first, grid.n_cols - 1)]
    needed = [0] * grid.n_cols
    for cell in grid.cells:
        if cell.colspan == 1 and cell.role in (Role.HEADER, Role.VALUE):
            lines = cell.lines or (cell.text,)
            needed[cell.col] = max(needed[cell.col], min_value, *(_text_width(line) for line in lines))
    if grid.table == "table3":
        stubs = [n * CHAR_WIDTH + CELL_PADDING for n in TABLE3_STUB_CHARS]
        values = needed[len(stubs) + 1 :]
        return [*stubs, width - sum(stubs) - sum(values), *values]
    spare = width - sum(needed)
    return [n + extra for n, extra in zip(needed, _spread(spare, grid.n_cols), strict=True)]


def cell_lines(grid: Grid, cell: GridCell) -> tuple[str, ...]:
    """The lines a cell prints: the official breaks (商业⏎企业), and 表三's group cells after their number."""
    if cell.lines:
        return cell.lines
    if grid.table == "table3" and cell.role == Role.LABEL and cell.col == 1 and cell.rowspan > 1:
        match = _GROUP_NUMBER.match(cell.text)
        if match:
            return match.group(1), match.group(2)
    return (cell.text,)


def flush_left(grid: Grid, cell: GridCell) -> bool:
    """As in the official Word template: block titles, the note and 表三's row stubs flush left, the rest centred."""
    return cell.role in (Role.TITLE, Role.NOTE) or (cell.role == Role.LABEL and grid.table == "table3")


def _keeps_with_next(grid: Grid) -> list[bool]:
    """Per row: its cells keep with the next row. A table stays in one piece where the page allows, except that
    表二 may break between its blocks (before a block title row)."""
    title_rows = {c.row for c in grid.cells if c.role == Role.TITLE}
    return [index + 1 < grid.n_rows and index + 1 not in title_rows for index in range(grid.n_rows)]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _run_xml(text: str) -> str:
    """A run holding ``text``, as python-docx's ``add_run`` writes it: tabs as w:tab, line breaks as w:br."""
    parts = []
    for piece in re.split(r"(\t|\r|\n)", text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            parts.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            parts.append(f"<w:t{space}>{_escape(piece)}</w:t>")
    return f"<w:r>{''.join(parts)}</w:r>"


def _rows_xml(grid: Grid, document: Document, widths: list[int], style_id: str) -> str:
    """The w:tr elements of a table, merged cells as Word merges them.

    A merged cell is one w:tc with w:gridSpan across its columns and w:vMerge="restart" in its first row, and a
    w:tc with an empty w:vMerge (a continuation, showing the cell above) in each further row. Every w:tc has its
    width and a paragraph in the table text style (a continuation's empty paragraph in the body style would
    stretch its row to a body line). Content is centred vertically, except row labels merged down several rows:
    they sit at the top of their span, so that where a page breaks through the span (LibreOffice ignores
    keep-with-next in tables) the label stays whole beside its first rows. Rows never split across pages and
    the header rows repeat on each page.
    """
    keeps = _keeps_with_next(grid)
    owner: dict[tuple[int, int], GridCell] = {}
    for cell in grid.cells:
        for row in range(cell.row, cell.row + cell.rowspan):
            for col in range(cell.col, cell.col + cell.colspan):
                owner[(row, col)] = cell
    p_style = f'<w:pStyle w:val="{_escape(style_id)}"/>'
    out = []
    for row in range(grid.n_rows):
        header = "<w:tblHeader/>" if row < grid.header_rows else ""
        out.append(f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{MIN_ROW_HEIGHT}"/>{header}</w:trPr>')
        col = 0
        while col < grid.n_cols:
            cell = owner.get((row, col))
            span = cell.colspan if cell else 1
            width = sum(widths[col : col + span])
            grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            tc_w = f'<w:tcW w:type="dxa" w:w="{width}"/>'
            if cell and cell.row < row:  # a continuation of a cell merged down from above
                out.append(
                    f"<w:tc><w:tcPr>{tc_w}{grid_span}<w:vMerge/></w:tcPr><w:p><w:pPr>{p_style}</w:pPr></w:p></w:tc>"
                )
                col += span
                continue
            v_merge = '<w:vMerge w:val="restart"/>' if cell and cell.rowspan > 1 else ""
            top = cell is not None and cell.role == Role.LABEL and cell.rowspan > 1
            v_align = f'<w:vAlign w:val="{"top" if top else "center"}"/>'
            out.append(f"<w:tc><w:tcPr>{tc_w}{grid_span}{v_merge}{v_align}</w:tcPr>")
            if cell is None:  # a position no grid cell covers: an empty cell
                keep = "<w:keepNext/>" if keeps[row] else ""
                out.append(f"<w:p><w:pPr>{p_style}{keep}</w:pPr></w:p></w:tc>")
                col += 1
                continue
            keep = "<w:keepNext/>" if any(keeps[cell.row : cell.row + cell.rowspan]) else ""
            jc = '<w:jc w:val="left"/>' if flush_left(grid, cell) else '<w:jc w:val="center"/>'
            lines = (document.value(cell.ref),) if cell.role == Role.VALUE and cell.ref else cell_lines(grid, cell)
            for line in lines:
                run = _run_xml(line) if line else ""
                out.append(f"<w:p><w:pPr>{p_style}{keep}{jc}</w:pPr>{run}</w:p>")
            out.append("</w:tc>")
            col += span
        out.append("</w:tr>")
    return "".join(out)


def _add_table(word, grid: Grid, document: Document, type_width: int) -> None:
    """The table at the end of the document body. Its rows are written as XML in one go, in the form python-docx
    gives merged cells: python-docx's cell API walks the whole table on every call (about a second in all)."""
    widths = column_widths(grid, type_width)
    table = word.add_table(rows=0, cols=grid.n_cols)
    table.style = word.styles[STYLE_TABLE]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        table._tbl.tblPr.append(tbl_w)
    tbl_w.set(qn("w:w"), str(sum(widths)))
    tbl_w.set(qn("w:type"), "dxa")
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Twips(width)
    rows = _rows_xml(grid, document, widths, word.styles[STYLE_TABLE_TEXT].style_id)
    table._tbl.extend(parse_xml(f"<w:tbl {nsdecls('w')}>{rows}</w:tbl>"))


def title_lines(document: Document) -> tuple[str, ...]:
    """The title as printed: a title too long for one line breaks after the agency's name (上高县审计局 ⏎
    2020年政府信息公开工作年度报告), as published reports set it, rather than wherever the line fills up."""
    title, agency = document.title, document.report.meta.agency
    rest = title.removeprefix(agency)
    fits = display_width(title) <= 2 * TITLE_CHARS_PER_LINE
    if fits or not agency or rest == title or display_width(rest) > 2 * TITLE_CHARS_PER_LINE:
        return (title,)
    return agency, rest


class _Paragraphs:
    """Adds paragraphs to the body by style name, each style's id looked up once: python-docx looks it up anew
    (reading every style of the document) for each paragraph."""

    def __init__(self, word) -> None:
        self._word = word
        self._style_ids: dict[str, str | None] = {}

    def add(self, text: str = "", *, style: str):
        if style not in self._style_ids:
            self._style_ids[style] = self._word.part.get_style_id(style, WD_STYLE_TYPE.PARAGRAPH)
        paragraph = self._word.add_paragraph(text)
        paragraph._p.style = self._style_ids[style]
        return paragraph


def _add_title(body: _Paragraphs, document: Document) -> None:
    paragraph = body.add(style=STYLE_TITLE)
    for index, line in enumerate(title_lines(document)):
        if index:
            paragraph.runs[-1].add_break()
        paragraph.add_run(line)


def _draft_header(word) -> None:
    """草稿（未通过校验） at the top of every page, odd and even, so no printed page passes for the final report."""
    section = word.sections[0]
    for header in (section.header, section.even_page_header):
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        paragraph.style = word.styles[STYLE_HEADER]
        paragraph.add_run(DRAFT_MARK)


def _core_properties(word, document: Document) -> None:
    core = word.core_properties
    published = document.report.meta.published
    stamp = datetime(published.year, published.month, published.day) if published else FIXED_TIMESTAMP
    core.title = document.title
    core.author = core.last_modified_by = AUTHOR
    core.language = "zh-CN"
    core.revision = 1
    core.created = core.modified = stamp


def _type_area_width(word) -> int:
    section = word.sections[0]
    return (section.page_width - section.left_margin - section.right_margin) // _EMU_PER_TWIP


def _normalised_zip(data: bytes) -> bytes:
    """The package with entries in their written order, fixed dates and attributes, stored uncompressed."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.create_system = 0
            entry.external_attr = 0
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


@cache
def _reference_bytes() -> bytes:
    return (templates_dir() / REFERENCE_DOCX).read_bytes()


def render_docx(document: Document) -> bytes:
    """The report as a Word document in the 公文 layout."""
    word = docx.Document(io.BytesIO(_reference_bytes()))
    body = _Paragraphs(word)
    if document.draft_notice:
        _draft_header(word)
        body.add(document.draft_notice, style=STYLE_DRAFT_NOTICE)
    _add_title(body, document)
    for text in document.preamble:
        body.add(text, style=STYLE_BODY)
    type_width = _type_area_width(word)
    for section in document.sections:
        body.add(section.heading, style=STYLE_HEADING_1)
        for block in section.blocks:
            if block.heading:
                body.add(block.heading, style=STYLE_HEADING_2)
            for text in block.paragraphs:
                body.add(text, style=STYLE_BODY)
        if section.table:
            _add_table(word, document.grids[section.table], document, type_width)
            body.add(style=STYLE_BODY)  # a blank line between a table and the next heading
    if document.errors:
        body.add(ERRORS_HEADING, style=STYLE_CHECK_ERROR)
        for line in document.errors:
            body.add(line, style=STYLE_CHECK_ERROR)
    _core_properties(word, document)
    buffer = io.BytesIO()
    word.save(buffer)
    return _normalised_zip(buffer.getvalue())

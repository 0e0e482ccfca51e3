"""The HTML export, parsed back with the standard library: the same tables (rowspan/colspan, labels, figures),
a self-contained page, a CMS fragment, the draft marking, and untrusted text that stays inert."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

from assistant import formats as F
from assistant.layout import Role
from assistant.render import DRAFT_MARK, SUPPORTED_EXTENSIONS, Document, renderer_for
from assistant.render.html import render_html, render_html_fragment
from tests.test_export_docx import ERRORS, TABLE_KEYS, YEARS, distinct_figures, drafted_document, expectation_key

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE_BREAKOUT = '"><img src=x onerror=alert(1)>'


@dataclass
class Cell:
    tag: str
    rowspan: int
    colspan: int
    attrs: dict[str, str | None]
    lines: list[str] = field(default_factory=lambda: [""])

    @property
    def text(self) -> str:
        return "".join(self.lines)


@dataclass
class Table:
    attrs: dict[str, str | None]
    head: list[list[Cell]] = field(default_factory=list)
    body: list[list[Cell]] = field(default_factory=list)

    @property
    def rows(self) -> list[list[Cell]]:
        return self.head + self.body


class ReportParser(HTMLParser):
    """Collects every start tag, the text of headings and paragraphs, and the tables cell by cell."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.start_tags: list[tuple[str, dict[str, str | None]]] = []
        self.blocks: list[tuple[str, str]] = []  # (tag, text) of h1/h2/h3/p/li/title
        self.tables: list[Table] = []
        self._block: tuple[str, list[str]] | None = None
        self._cell: Cell | None = None
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.start_tags.append((tag, attributes))
        if tag in ("h1", "h2", "h3", "p", "li", "title"):
            self._block = (tag, [])
        elif tag == "table":
            self.tables.append(Table(attributes))
        elif tag == "thead":
            self._in_head = True
        elif tag == "tbody":
            self._in_head = False
        elif tag == "tr":
            table = self.tables[-1]
            (table.head if self._in_head else table.body).append([])
        elif tag in ("td", "th"):
            self._cell = Cell(tag, int(attributes.get("rowspan") or 1), int(attributes.get("colspan") or 1), attributes)
            table = self.tables[-1]
            (table.head if self._in_head else table.body)[-1].append(self._cell)
        elif tag == "br" and self._cell is not None:
            self._cell.lines.append("")

    def handle_endtag(self, tag: str) -> None:
        if self._block is not None and tag == self._block[0]:
            self.blocks.append((tag, "".join(self._block[1])))
            self._block = None
        elif tag in ("td", "th"):
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.lines[-1] += data.strip()
        elif self._block is not None:
            self._block[1].append(data)


def parse(data: bytes) -> ReportParser:
    parser = ReportParser()
    parser.feed(data.decode("utf-8"))
    parser.close()
    return parser


def positioned(table: Table) -> dict[tuple[int, int], Cell]:
    """Cells by the (row, column) of their top-left corner, by the HTML table model (rowspans occupy below)."""
    occupied: set[tuple[int, int]] = set()
    cells: dict[tuple[int, int], Cell] = {}
    for r, row in enumerate(table.rows):
        col = 0
        for cell in row:
            while (r, col) in occupied:
                col += 1
            cells[(r, col)] = cell
            occupied |= {(r + i, col + j) for i in range(cell.rowspan) for j in range(cell.colspan)}
            col += cell.colspan
    return cells


@dataclass
class Rendered:
    year: int
    document: Document
    expected: dict[tuple, str]
    page: ReportParser
    fragment: ReportParser
    page_bytes: bytes
    fragment_bytes: bytes


@pytest.fixture(scope="module", params=YEARS, ids=lambda y: f"format-of-{y}")
def rendered(request: pytest.FixtureRequest) -> Rendered:
    report, expected = distinct_figures(request.param)
    document = drafted_document(report)
    page, fragment = render_html(document), render_html_fragment(document)
    return Rendered(request.param, document, expected, parse(page), parse(fragment), page, fragment)


def tables_of(parser: ReportParser) -> dict[str, Table]:
    assert len(parser.tables) == 3
    return dict(zip(TABLE_KEYS, parser.tables, strict=True))


# ---------------------------------------------------------------------------------------------------------
# Tables, in the page and in the fragment


@pytest.mark.parametrize("part", ["page", "fragment"])
@pytest.mark.parametrize("key", TABLE_KEYS)
def test_every_cell_is_where_the_official_grid_has_it(rendered: Rendered, key: str, part: str) -> None:
    grid = rendered.document.grids[key]
    table = tables_of(getattr(rendered, part))[key]
    assert len(table.rows) == grid.n_rows
    assert len(table.head) == grid.header_rows
    cells = positioned(table)
    assert set(cells) == {(c.row, c.col) for c in grid.cells}
    for expected in grid.cells:
        got = cells[(expected.row, expected.col)]
        where = f"{key} ({expected.row}, {expected.col}) {expected.text}"
        assert (got.rowspan, got.colspan) == (expected.rowspan, expected.colspan), where
        if expected.role == Role.VALUE:
            assert expected.ref is not None
            assert got.tag == "td" and got.text == rendered.expected[expectation_key(expected.ref)], where
            assert "text-align:center" in (got.attrs.get("style") or ""), where
        else:
            assert got.tag == "th" and got.text == expected.text, where
            if expected.lines:  # 商业⏎企业
                assert got.lines == list(expected.lines), where
    for r in range(grid.n_rows):  # every grid row is covered exactly, no cell sticks out
        covered = [c for (row, col), c in cells.items() for i in range(c.rowspan) if row + i == r]
        assert sum(c.colspan for c in covered) == grid.n_cols, (key, r)


def test_hand_typed_spans(rendered: Rendered) -> None:
    t2, t3, t4 = (positioned(t) for t in tables_of(rendered.page).values())
    is_2021 = rendered.year >= 2021
    assert all(c.colspan == 4 for c in t2.values() if c.text.startswith("第二十条第"))
    assert (t3[(0, 0)].rowspan, t3[(0, 0)].colspan, t3[(0, 0)].text) == (3, 3, F.TABLE3_NOTE)
    assert (t3[(0, 3)].text, t3[(0, 3)].colspan) == ("申请人情况", 7)
    assert (t3[(1, 4)].text, t3[(1, 4)].colspan) == ("法人或其他组织", 5)
    assert (t3[(1, 3)].text, t3[(1, 3)].rowspan, t3[(1, 9)].text, t3[(1, 9)].rowspan) == ("自然人", 2, "总计", 2)
    assert [t3[(2, c)].lines for c in (4, 5)] == [["商业", "企业"], ["科研", "机构"]]
    assert (t3[(5, 0)].text, t3[(5, 0)].rowspan) == ("三、本年度办理结果", 22 if is_2021 else 20)
    assert {
        c.text: c.rowspan for c in t3.values() if c.text in ("（三）不予公开", "（四）无法提供", "（五）不予处理")
    } == {
        "（三）不予公开": 8,
        "（四）无法提供": 3,
        "（五）不予处理": 5,
    }
    assert [(t4[(0, 0)].text, t4[(0, 0)].colspan), (t4[(0, 5)].text, t4[(0, 5)].colspan)] == [
        ("行政复议", 5),
        ("行政诉讼", 10),
    ]
    assert (t4[(1, 0)].lines, t4[(1, 0)].rowspan) == (["结果", "维持"], 2)


def test_headings_and_paragraphs_in_order(rendered: Rendered) -> None:
    document = rendered.document
    for parser in (rendered.page, rendered.fragment):
        blocks = [b for b in parser.blocks if b[0] != "title"]
        expected = [("h1", document.title), *(("p", p) for p in document.preamble)]
        for section in document.sections:
            expected.append(("h2", section.heading))
            for block in section.blocks:
                if block.heading:
                    expected.append(("h3", block.heading))
                expected += [("p", p) for p in block.paragraphs]
        assert blocks == expected


# ---------------------------------------------------------------------------------------------------------
# Page and fragment


def test_the_page_is_self_contained_utf8_chinese_and_printable(rendered: Rendered) -> None:
    text = rendered.page_bytes.decode("utf-8")
    assert text.startswith("<!DOCTYPE html>")
    tags = rendered.page.start_tags
    assert ("html", {"lang": "zh-CN"}) in tags
    assert ("meta", {"charset": "utf-8"}) in tags
    assert ("title", rendered.document.title) in rendered.page.blocks
    assert not [t for t, a in tags if t in ("script", "link", "img", "iframe")]
    assert not [a for _, a in tags if "src" in a or "href" in a]
    assert "@page" in text and "size: A4" in text and "@media print" in text
    assert "display: table-header-group" in text  # header rows repeat on each printed page


def test_the_fragment_is_only_the_body(rendered: Rendered) -> None:
    text = rendered.fragment_bytes.decode("utf-8")
    assert text.lstrip().startswith("<article") and text.rstrip().endswith("</article>")
    names = {t for t, _ in rendered.fragment.start_tags}
    assert not names & {"html", "head", "body", "style", "title", "meta", "script"}
    # The fragment is the page's body, verbatim.
    assert text.strip() in rendered.page_bytes.decode("utf-8")
    # Borders live on the tables themselves, so they survive a CMS that drops <style>.
    for table in rendered.fragment.tables:
        assert "border-collapse:collapse" in (table.attrs.get("style") or "")
        assert all("border:1px solid #000" in (c.attrs.get("style") or "") for row in table.rows for c in row)


def test_same_report_same_bytes(rendered: Rendered) -> None:
    report, _ = distinct_figures(rendered.year)
    document = drafted_document(report)
    assert render_html(document) == rendered.page_bytes
    assert render_html_fragment(document) == rendered.fragment_bytes


def test_a_final_report_carries_no_draft_marking(rendered: Rendered) -> None:
    for data, parser in ((rendered.page_bytes, rendered.page), (rendered.fragment_bytes, rendered.fragment)):
        text = data.decode("utf-8")
        assert DRAFT_MARK not in text and "未通过的校验" not in text
        assert not [a for _, a in parser.start_tags if a.get("class") in ("draft-notice", "check-errors")]


@pytest.mark.parametrize("render", [render_html, render_html_fragment], ids=["page", "fragment"])
def test_a_draft_says_so_first_and_lists_its_errors(render) -> None:
    report, _ = distinct_figures(2021)
    document = drafted_document(report, error_lines=ERRORS)
    parser = parse(render(document))
    paragraphs = [(t, text) for t, text in parser.blocks if t != "title"]
    assert paragraphs[0] == ("p", document.draft_notice)
    assert document.draft_notice and document.draft_notice.startswith(DRAFT_MARK)
    notice_tags = [a for t, a in parser.start_tags if t == "p" and a.get("class") == "draft-notice"]
    assert notice_tags and notice_tags[0].get("role") == "alert"
    assert paragraphs[-len(ERRORS) - 1 :] == [("p", "未通过的校验："), *(("li", e) for e in ERRORS)]


# ---------------------------------------------------------------------------------------------------------
# Untrusted text


@pytest.mark.parametrize("render", [render_html, render_html_fragment], ids=["page", "fragment"])
def test_script_in_agency_name_and_narrative_comes_out_inert(render) -> None:
    report, _ = distinct_figures(2021, agency=f"测试局{SCRIPT}")
    report.narrative_text("problems").text = f"存在问题{SCRIPT}{ATTRIBUTE_BREAKOUT}&lt;b&gt;"
    report.narrative_text("active_disclosure").text = f"主动公开{SCRIPT}"
    document = drafted_document(report, error_lines=(f"【错误】{SCRIPT}",))
    data = render(document)
    parser = parse(data)
    names = [t for t, _ in parser.start_tags]
    assert "script" not in names and "img" not in names
    assert not [a for _, a in parser.start_tags if any(k.startswith("on") for k in a)]
    texts = [text for _, text in parser.blocks]
    assert f"存在问题{SCRIPT}{ATTRIBUTE_BREAKOUT}&lt;b&gt;" in texts  # shown as typed, entities included
    assert f"主动公开{SCRIPT}" in texts
    assert f"【错误】{SCRIPT}" in texts
    assert any(t == "h1" and text.startswith(f"测试局{SCRIPT}") for t, text in parser.blocks)
    assert SCRIPT not in data.decode("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in data.decode("utf-8")


def test_html_is_registered() -> None:
    assert renderer_for("report.html") is render_html
    assert ".html" in SUPPORTED_EXTENSIONS

"""HTML export: one self-contained page for a disclosure website, or only its body for pasting into a CMS.

Clerk notes and model drafts are untrusted text, so the templates run with ``autoescape=True``: every string
is escaped, and markup comes only from the templates. ``StrictUndefined`` makes a misspelt field fail loudly.
The tables keep the official merged cells (rowspan/colspan) of :mod:`assistant.layout`; the body carries
inline styles on the tables so that the borders survive a CMS that strips ``<style>`` elements.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import jinja2

from ..layout import Grid, GridCell, Role
from ..resources import templates_dir
from . import Document
from .docx import ERRORS_HEADING, cell_lines, column_widths, flush_left, title_lines

PAGE_TEMPLATE = "report.html.j2"
BODY_TEMPLATE = "_report_body.html.j2"
TYPE_AREA_TWIPS = 8845  # 156 mm, the A4 type area of GB/T 9704


@dataclass(frozen=True)
class HtmlCell:
    """One cell as the template prints it: ``th`` for titles, headers, the note and row labels, ``td`` for figures."""

    tag: str
    lines: tuple[str, ...]
    rowspan: int
    colspan: int
    role: str
    align: str  # left / center


@dataclass(frozen=True)
class HtmlTable:
    key: str
    column_widths: tuple[str, ...]  # CSS percentages, the proportions of the Word tables
    header_rows: tuple[tuple[HtmlCell, ...], ...]  # repeated on every printed page (thead)
    body_rows: tuple[tuple[HtmlCell, ...], ...]


def _html_cell(grid: Grid, cell: GridCell, document: Document) -> HtmlCell:
    if cell.role == Role.VALUE and cell.ref is not None:
        return HtmlCell("td", (document.value(cell.ref),), cell.rowspan, cell.colspan, cell.role.value, "center")
    align = "left" if flush_left(grid, cell) else "center"
    return HtmlCell("th", cell_lines(grid, cell), cell.rowspan, cell.colspan, cell.role.value, align)


def html_table(grid: Grid, document: Document) -> HtmlTable:
    """The grid as rows of cells in reading order; covered positions of merged cells are simply absent."""
    widths = column_widths(grid, TYPE_AREA_TWIPS)  # the proportions of the Word tables
    percentages = tuple(f"{w * 100 / sum(widths):.2f}%" for w in widths)
    rows = [
        tuple(_html_cell(grid, c, document) for c in sorted(grid.cells, key=lambda c: c.col) if c.row == r)
        for r in range(grid.n_rows)
    ]
    return HtmlTable(grid.table, percentages, tuple(rows[: grid.header_rows]), tuple(rows[grid.header_rows :]))


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir(), encoding="utf-8"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _render(template: str, document: Document) -> bytes:
    tables = {key: html_table(grid, document) for key, grid in document.grids.items()}
    context = {"doc": document, "title_lines": title_lines(document), "tables": tables}
    text = _environment().get_template(template).render(**context, errors_heading=ERRORS_HEADING)
    return text.encode("utf-8")


def render_html(document: Document) -> bytes:
    """The whole page: utf-8, lang="zh-CN", inline CSS, print-friendly (A4, 公文 margins)."""
    return _render(PAGE_TEMPLATE, document)


def render_html_fragment(document: Document) -> bytes:
    """Only the report body (one ``<article>``), for pasting into a website's CMS editor."""
    return _render(BODY_TEMPLATE, document)

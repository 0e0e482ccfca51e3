"""Rendering the final report. Every renderer reads the same :class:`Document`, built once per report."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import formats as F
from ..findings import show_value
from ..layout import CellRef, Grid, report_grids
from ..model import ReportBase, with_computed_totals

DRAFT_MARK = "草稿（未通过校验）"


@dataclass(frozen=True)
class Block:
    """A titled run of paragraphs inside a section (（一）主动公开), or untitled (heading None)."""

    heading: str | None
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class DocSection:
    key: str
    heading: str  # 一、总体情况
    blocks: tuple[Block, ...] = ()
    table: str | None = None  # table2 / table3 / table4 for sections 二–四


@dataclass(frozen=True)
class Document:
    """The report as it will be printed: title, preamble, the six sections, and a way to read any figure."""

    report: ReportBase
    title: str
    preamble: tuple[str, ...]
    sections: tuple[DocSection, ...]
    grids: dict[str, Grid]
    draft_notice: str | None = None  # set when errors were overridden
    errors: tuple[str, ...] = field(default=())

    def value(self, ref: CellRef) -> str:
        """The figure a table cell shows, as printed (blank cells stay blank)."""
        r = self.report
        if ref.table == "table2":
            assert ref.block is not None and ref.row is not None
            value = r.t2(ref.block, ref.row, ref.column)
            if value is None:
                return ""
            if ref.block == "art20_9" and ref.column == "total_amount":
                unit = getattr(getattr(r.table2, "art20_9"), "central_procurement").total_amount_unit or ""  # noqa: B009
                return show_value(value) + unit
            return show_value(value)
        if ref.table == "table3":
            assert ref.row is not None
            value = r.t3(ref.row, ref.column)
        else:
            assert ref.block is not None
            value = r.t4(ref.block, ref.column)
        return "" if value is None else show_value(value)


def _paragraphs(text: str | None) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def build_document(report: ReportBase, *, error_lines: tuple[str, ...] = ()) -> Document:
    """The printable document. ``error_lines`` non-empty marks it 草稿（未通过校验）."""
    done = report if report.meta.origin == "imported" else with_computed_totals(report)
    sections = []
    for section in F.SECTIONS:
        blocks = tuple(
            Block(part.heading, _paragraphs(done.narrative_text(part.key).text))
            for part in F.NARRATIVE_PARTS
            if part.section == section.key and _paragraphs(done.narrative_text(part.key).text)
        )
        table = next((t for t, s in F.TABLE_SECTIONS.items() if s == section.key), None)
        sections.append(DocSection(section.key, section.heading, blocks, table))
    notice = None
    if error_lines:
        notice = f"{DRAFT_MARK}：本稿存在 {len(error_lines)} 处错误，不得作为正式报告发布。"
    return Document(
        report=done,
        title=done.title,
        preamble=_paragraphs(done.narrative_text("preamble").text),
        sections=tuple(sections),
        grids=report_grids(done.fmt),
        draft_notice=notice,
        errors=error_lines,
    )


Renderer = Callable[[Document], bytes]


# Extension → (module, function): each renderer's libraries are imported only when that format is written.
_RENDERERS: dict[str, tuple[str, str]] = {
    ".md": ("text", "render_markdown"),
    ".txt": ("text", "render_text"),
    ".docx": ("docx", "render_docx"),
    ".html": ("html", "render_html"),
}
SUPPORTED_EXTENSIONS = tuple(_RENDERERS)


def renderer_for(path: str | Path, *, html_fragment: bool = False) -> Renderer | None:
    """The renderer for an output file, chosen by its extension; None for an unknown extension.

    ``html_fragment``: .html gets only the report's body, for pasting into a website's CMS.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in _RENDERERS:
        return None
    module_name, function = _RENDERERS[suffix]
    if suffix == ".html" and html_fragment:
        function = "render_html_fragment"
    module = importlib.import_module(f"{__name__}.{module_name}")
    renderer: Renderer = getattr(module, function)
    return renderer

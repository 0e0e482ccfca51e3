"""Rendering the final report. Every renderer reads the same :class:`Document`, built once per report.

Clerk notes, imported text and model drafts are untrusted. :func:`build_document` makes every string it hands
to a renderer inert in one place (:func:`inert_text`): control characters (which Word cannot store and a
terminal may obey) and the bidirectional overrides, embeddings and isolates (which make text read differently
from how it is stored) are removed. What is left is ordinary text, which each renderer then escapes for its
format: HTML through autoescaping, Markdown through ``md_escape``; Word receives it as plain runs, so text
that looks like a field code (``{ HYPERLINK … }``) stays text.
"""

from __future__ import annotations

import importlib
import re
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


# C0 controls except tab, line feed and carriage return; DEL and the C1 controls; the bidirectional marks,
# embeddings, overrides and isolates (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069); lone surrogates
# and the non-characters U+FFFE and U+FFFF, which XML (and so Word) cannot hold.
_NOT_TEXT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_LINE_BREAKS = re.compile("[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")


def inert_text(text: str) -> str:
    """``text`` without the characters that are not text (see the module docstring); ordinary text,
    Chinese and all, comes back unchanged."""
    return _NOT_TEXT.sub("", text)


def inert_line(text: str) -> str:
    """One line (a title, a name): :func:`inert_text`, with any line break made a space."""
    return inert_text(_LINE_BREAKS.sub(" ", text)).strip()


def _paragraphs(text: str | None) -> tuple[str, ...]:
    lines = (inert_text(line).strip() for line in (text or "").splitlines())
    return tuple(line for line in lines if line)


def build_document(report: ReportBase, *, error_lines: tuple[str, ...] = ()) -> Document:
    """The printable document. ``error_lines`` non-empty marks it 草稿（未通过校验）."""
    done = report if report.meta.origin == "imported" else with_computed_totals(report)
    agency = inert_line(done.meta.agency or "")
    if agency != (done.meta.agency or ""):  # renderers read the name from the report (the title's line break)
        done = done.model_copy(update={"meta": done.meta.model_copy(update={"agency": agency})})
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
        title=inert_line(done.title),
        preamble=_paragraphs(done.narrative_text("preamble").text),
        sections=tuple(sections),
        grids=report_grids(done.fmt),
        draft_notice=notice,
        errors=tuple(inert_line(line) for line in error_lines),
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

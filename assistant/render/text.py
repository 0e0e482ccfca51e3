"""Markdown and plain-text renderers. Neither can merge cells, so tables are read through the flat views."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import jinja2

from ..layout import FlatTable, flat_table2, flat_table3, flat_table4
from ..resources import templates_dir
from . import Document

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&])")


def md_escape(text: str) -> str:
    """Clerk and model text is untrusted: in Markdown it must stay text, never markup or HTML."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"^(\s*)([-+]|\d+[.)])(\s)", r"\1\\\2\3", escaped)


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_NO_LINE_START = set("、，。；：）》”’！？")


def _wrap(text: str, width: int) -> list[str]:
    """Break ``text`` into lines of at most ``width`` columns; closing punctuation never starts a line."""
    lines, current = [], ""
    for ch in text:
        if display_width(current + ch) > width and ch not in _NO_LINE_START:
            lines.append(current)
            current = ""
        current += ch
    return [*lines, current] if current or not lines else lines


def _pad(text: str, width: int, *, right: bool = False) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def text_table(table: FlatTable, *, label_width: int = 40) -> str:
    """A plain-text table aligned for CJK (wide) characters; long row labels wrap within their column."""
    widths = [max(display_width(h), *(display_width(r[i]) for r in table.rows)) for i, h in enumerate(table.header)]
    widths[0] = min(label_width, max(widths[0], 8))
    lines = ["  ".join(_pad(h, w, right=i > 0) for i, (h, w) in enumerate(zip(table.header, widths, strict=True)))]
    lines.append("-" * display_width(lines[0]))
    for row in table.rows:
        indent = row[0][: len(row[0]) - len(row[0].lstrip(" "))]
        label_lines = _wrap(row[0].lstrip(" "), widths[0] - len(indent))
        label_lines = [indent + line for line in label_lines]
        first = [_pad(label_lines[0], widths[0])] + [
            _pad(v, w, right=True) for v, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(first).rstrip())
        lines += [_pad(extra, widths[0]).rstrip() for extra in label_lines[1:]]
    return "\n".join(lines)


def markdown_table(table: FlatTable) -> str:
    header = "| " + " | ".join(md_escape(h) or " " for h in table.header) + " |"
    rule = "|" + "|".join([" --- "] + [" ---: "] * (len(table.header) - 1)) + "|"
    rows = ["| " + " | ".join(md_escape(cell) or " " for cell in row) + " |" for row in table.rows]
    return "\n".join([header, rule, *rows])


def _tables(document: Document, *, grouped: bool) -> dict[str, list[FlatTable]]:
    fmt = document.report.fmt
    return {
        "table2": flat_table2(fmt, document.value),
        "table3": [flat_table3(fmt, document.value, grouped=grouped)],
        "table4": [flat_table4(document.value)],
    }


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir(), encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown escaping is explicit (md_escape); plain text needs none
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md=md_escape, md_table=markdown_table, text_table=text_table)
    return env


def _render(template: str, document: Document, *, grouped: bool) -> bytes:
    tables = _tables(document, grouped=grouped)
    text = _environment().get_template(template).render(doc=document, tables=tables)
    return re.sub(r"\n{3,}", "\n\n", text).encode("utf-8")


def render_markdown(document: Document) -> bytes:
    return _render("report.md.j2", document, grouped=False)


def render_text(document: Document) -> bytes:
    return _render("report.txt.j2", document, grouped=True)

"""The figures grid's geometry, worked out from its sheet alone: column widths, header lines, label width, height.

Widths are in terminal cells (a CJK character takes two); :func:`fit` cuts a label to a width and
:func:`split_to_widths` spreads one over several columns. Nothing here needs a widget, so the grid and the panel
around it can ask what a layout would take before choosing it.
"""

from __future__ import annotations

from rich.cells import cell_len

from ..sheets import Sheet


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal cells (CJK characters take two), with an ellipsis when cut."""
    if cell_len(text) <= width:
        return text
    out = ""
    for char in text:
        if cell_len(out + char) > width - 1:
            break
        out += char
    return out + "…"


def split_to_widths(text: str, widths: list[int]) -> list[str]:
    """Spread a header over several columns (a label whose cell spans them in the official grid)."""
    opening = text.find("（")
    if len(widths) > 1 and opening > 0 and cell_len(text[:opening]) <= widths[0]:
        # Break before the bracket: 本年收费金额 | （单位：万元）
        return [text[:opening], *split_to_widths(text[opening:], widths[1:])]
    parts = []
    rest = text
    for i, width in enumerate(widths):
        if i == len(widths) - 1:
            parts.append(fit(rest, width))
            break
        piece = ""
        for char in rest:
            if cell_len(piece + char) > width:
                break
            piece += char
        parts.append(piece)
        rest = rest[len(piece) :]
    return parts


def template_header_lines(sheet: Sheet) -> int:
    """The lines of the tallest column header, as the official template breaks the headers."""
    return max((len(c.lines) for c in sheet.columns), default=1)


def header_widths(sheet: Sheet, *, one_line: bool) -> list[int]:
    """The width of each figure column: its header's, as the template breaks it over lines or on one."""
    if one_line:
        return [max(5, cell_len(c.label or "".join(c.lines))) for c in sheet.columns]
    return [max(5, *(cell_len(line) for line in c.lines)) for c in sheet.columns]


def header_row_widths(sheet: Sheet) -> list[int]:
    """The width of each figure column of 表二, whose headers are rows of the table (one per block): as wide as
    the labels above it, from 14 to 16 cells."""
    widths = [14] * len(sheet.columns)
    for row in sheet.rows:
        for i, text in enumerate(row.texts[:-1] if len(row.texts) > 1 else row.texts[:0]):
            widths[i] = max(widths[i], min(16, cell_len(text)))
        if row.texts:
            last = len(row.texts) - 1
            widths[last] = max(widths[last], min(16, cell_len(row.texts[-1])))
    return widths


def header_row_texts(texts: tuple[str, ...], widths: list[int]) -> list[str]:
    """Column labels of a 表二 block, each cut to its column; the last one may spread over the unused columns to
    its right."""
    shown = list(texts[:-1]) + split_to_widths(texts[-1], widths[len(texts) - 1 :]) if texts else []
    return [fit(t, w) for t, w in zip(shown, widths, strict=False)]


def natural_label_width(sheet: Sheet, footer_label: str | None = None) -> int:
    """The cells the longest row label takes (the footer row's too, when there is one)."""
    labels = [r.label for r in sheet.rows] + ([footer_label] if footer_label is not None else [])
    return max(cell_len(label) for label in labels)


def table_height(sheet: Sheet, *, one_line_header: bool, has_footer: bool) -> int:
    """The rows the whole grid takes: headers, figures and the footer row."""
    header = (1 if one_line_header else template_header_lines(sheet)) if sheet.show_header else 0
    return header + len(sheet.rows) + (1 if has_footer else 0)

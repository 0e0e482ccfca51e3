"""Reading 表二, 表三 and 表四 out of a document's items.

The tables are found by their labels, not by their position on the page: every cell is a token, and a row
is a label followed by its figures. Labels are matched to the official ones through their keys
(:func:`~.normalize.label_key`) and, where a report misspells or cuts a label, by similarity, with the
official row order as a constraint (an alignment, so one bad label cannot shift the rows after it).

In layout text (``pdftotext -layout`` and PDFs) a label may wrap over several lines above, beside and below
its figures, and the stub columns of 表三 (三、本年度办理结果, （三）不予公开, 1.属于国家秘密) interleave. There
the fragments are first joined by column into label blocks, and each line of figures takes the block it
sits in (or the nearest one above it).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from .. import formats as F
from ..formats import Column, FormatVersion, ReportFormat
from .normalize import CellText, label_key, parse_cell, similarity
from .sources import Extracted, Item

MATCH_THRESHOLD = 0.6
TABLE2_TITLE = re.compile(r"^第二十条第\((一|五|六|八|九)\)项$")
BLOCK_BY_ITEM = {"一": "art20_1", "五": "art20_5", "六": "art20_6", "八": "art20_8", "九": "art20_9"}


@dataclass
class Token:
    text: str
    key: str
    cell: CellText
    item: int  # index of the item in the document
    x: int
    cells_in_item: int

    @property
    def is_label(self) -> bool:
        return self.cell.kind == "text"


@dataclass
class Printed:
    """A label as the report printed it, matched to an official one."""

    printed: str
    official: str
    alias: bool = False  # the printed form is a known variant listed in formats.py
    item: int | None = None  # where it was printed


@dataclass
class RowValues:
    """The figures of one row as printed: one token (or None when not printed) per official column."""

    label: Token | None
    values: list[Token | None]
    first_item: int
    last_item: int
    truncated: bool = False  # the text ends inside this row: the missing cells were never available
    short: bool = False  # fewer cells were printed than the table has columns, with the row complete
    overflow: list[Token] = field(default_factory=list)  # figures beyond the table's columns


@dataclass
class ExtraRow:
    """A row that is not in the official table (a local addition): kept aside, never summed."""

    table: str
    block: str | None
    label: str
    values: list[str]
    item: int


@dataclass
class TableRead:
    table: str
    first_item: int | None = None
    last_item: int | None = None
    version: FormatVersion | None = None  # what the labels say
    version_evidence: list[str] = field(default_factory=list)
    rows: dict[tuple[str | None, str], RowValues] = field(default_factory=dict)  # (block, row) → values
    labels: dict[tuple[str, str | None, str | None, str | None], Printed] = field(default_factory=dict)
    extra_rows: list[ExtraRow] = field(default_factory=list)
    note: Token | None = None  # 表三's 勾稽 note as printed
    collapsed_other: RowValues | None = None  # 2021 （六） printed as one row
    problems: list[str] = field(default_factory=list)
    header_x: dict[str | None, list[int]] = field(default_factory=dict)
    block_versions: dict[str, FormatVersion] = field(default_factory=dict)  # 表二 blocks in the other format
    votes: Counter[FormatVersion] = field(default_factory=Counter)  # label evidence for each format
    # What was read before the rows are matched to the chosen format (place_table2 / place_table3).
    blocks: list[_Block] = field(default_factory=list)
    candidates: list[_Candidate] = field(default_factory=list)
    header: list[Token] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.first_item is not None


# ---------------------------------------------------------------------------------------------------------
# Tokens


def tokens(doc: Extracted, start: int, end: int, *, keep_leading_blanks: bool = False) -> list[Token]:
    """Every cell of items[start:end] as a token, in reading order.

    Blank cells before the first non-blank cell of a row are merged stub cells (the empty part of a
    rowspan), not figures, and are dropped unless ``keep_leading_blanks``.
    """
    out: list[Token] = []
    for item in doc.items[start:end]:
        cells = item.cells
        seen_text = keep_leading_blanks
        for cell in cells:
            parsed = parse_cell(cell.text)
            if parsed.kind == "blank" and not seen_text:
                continue
            seen_text = True
            out.append(Token(cell.text, label_key(cell.text), parsed, item.index, cell.x, len(cells)))
    return out


def item_key(item: Item) -> str:
    return label_key("".join(c.text for c in item.cells))


# ---------------------------------------------------------------------------------------------------------
# Label matching


def _parenthetical_note(key: str, official: str) -> bool:
    """ "上一年项目数量(指2019年事项数)": the official label plus a local note in brackets (Hubei)."""
    return key.startswith(official) and bool(re.fullmatch(r"\(.*\)", key[len(official) :]))


def match_score(key: str, official: str, aliases: tuple[str, ...] = ()) -> tuple[float, bool]:
    """How well a printed key matches an official label (1.0 exact); and whether it matched a listed alias."""
    official_key = label_key(official)
    if key == official_key or _parenthetical_note(key, official_key):
        return 1.0, False
    for alias in aliases:
        alias_key = label_key(alias)
        if key == alias_key or _parenthetical_note(key, alias_key):
            return 0.99, True
    return similarity(key, official_key), False


def _other_version(version: FormatVersion) -> FormatVersion:
    return FormatVersion.V2019 if version is FormatVersion.V2021 else FormatVersion.V2021


# ---------------------------------------------------------------------------------------------------------
# 表二


@dataclass
class _Block:
    key: str
    title: Token
    headers: list[Token]
    rows: list[tuple[Token, list[Token]]]
    first_item: int
    last_item: int
    votes: Counter[FormatVersion] = field(default_factory=Counter)


def _table2_blocks(doc: Extracted, start: int, end: int) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    pending_label: Token | None = None
    for item in doc.items[start:end]:
        whole = item_key(item)
        title = TABLE2_TITLE.match(whole)
        if title:
            text = "".join(c.text for c in item.cells)
            token = Token(text, whole, parse_cell(text), item.index, item.indent, len(item.cells))
            current = _Block(BLOCK_BY_ITEM[title.group(1)], token, [], [], item.index, item.index)
            blocks.append(current)
            pending_label = None
            continue
        if current is None:
            continue
        current.last_item = item.index
        for token in tokens(doc, item.index, item.index + 1):
            if token.is_label:
                if not current.rows and pending_label is None and not _is_table2_row_label(current.key, token):
                    current.headers.append(token)
                    continue
                row_label = current.rows[-1][0] if current.rows else None
                if (
                    row_label is not None
                    and row_label.item == token.item
                    and row_label.cells_in_item > 1
                    and not _is_table2_row_label(current.key, token)
                ):
                    current.rows[-1][1].append(token)  # text in a figure's cell of the same row (略): CELL-TYPE
                    continue
                pending_label = token
                current.rows.append((token, []))
            elif current.rows:
                current.rows[-1][1].append(token)
    return blocks


def _table2_rows(block_key: str) -> dict[FormatVersion, tuple[F.Row, ...]]:
    found = {}
    for version, fmt in F.FORMATS.items():
        block = next((b for b in fmt.table2 if b.key == block_key), None)
        if block is not None:
            found[version] = block.rows
    return found


def _is_table2_row_label(block_key: str, token: Token) -> bool:
    for rows in _table2_rows(block_key).values():
        for row in rows:
            if match_score(token.key, row.label, row.aliases)[0] >= 0.8:
                return True
    return False


def _block_columns(version: FormatVersion, block_key: str) -> tuple[Column, ...] | None:
    block = next((b for b in F.format_for(version).table2 if b.key == block_key), None)
    return None if block is None else block.columns


def _header_tokens(headers: list[Token]) -> list[Token]:
    return [h for h in headers if h.key != label_key(F.TABLE2_ITEM_HEADER)]


def _column_vote(block: _Block) -> Counter[FormatVersion]:
    """Evidence for each format from a block's column headers and row labels."""
    votes: Counter[FormatVersion] = Counter()
    if block.key == "art20_9":
        votes[FormatVersion.V2019] += 2
    headers = _header_tokens(block.headers)
    for version in FormatVersion:
        columns = _block_columns(version, block.key)
        if columns is None:
            continue
        for header in headers:
            for column in columns:
                score, _ = match_score(header.key, column.label, column.aliases)
                official = label_key(column.label)
                if score == 1.0 or (len(header.key) >= 3 and official.startswith(header.key)):
                    votes[version] += 1
                    break
    # Row labels vote only where the formats differ (规范性文件 / 行政规范性文件, 其他对外管理服务事项).
    by_version = {v: {label_key(r.label) for r in rows} for v, rows in _table2_rows(block.key).items()}
    for label, _values in block.rows:
        owners = [v for v, keys in by_version.items() if label.key in keys]
        if len(owners) == 1:
            votes[owners[0]] += 1
    return votes


def read_table2(doc: Extracted, start: int, end: int) -> TableRead:
    read = TableRead("table2")
    blocks = _table2_blocks(doc, start, end)
    if not blocks:
        return read
    read.first_item, read.last_item = blocks[0].first_item, blocks[-1].last_item
    votes: Counter[FormatVersion] = Counter()
    for block in blocks:
        block.votes = _column_vote(block)
        votes.update(block.votes)
    read.votes = votes
    if votes:
        ranked = votes.most_common()
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            read.version = ranked[0][0]
            read.version_evidence.append(
                f"表二的栏目为{F.format_for(read.version).version.value}年格式（"
                + "、".join(dict.fromkeys(h.text.replace("\n", "") for b in blocks for h in _header_tokens(b.headers)))
                + "）"
            )
    read.header_x = {b.key: [h.x for h in _header_tokens(b.headers)] for b in blocks}
    read.blocks = blocks
    return read


def place_table2(read: TableRead, doc: Extracted, version: FormatVersion) -> None:
    """Match each block's rows and columns to ``version``'s 表二 (the format chosen for the whole report)."""
    fmt = F.format_for(version)
    for block in read.blocks:
        official = next((b for b in fmt.table2 if b.key == block.key), None)
        if official is None:
            read.problems.append(
                f"表二的“{block.title.text}”在{version.value}年格式中没有（该栏目属于"
                f"{_other_version(version).value}年格式），其数字未导入。"
            )
            for label, values in block.rows:
                read.extra_rows.append(ExtraRow("table2", block.key, label.text, [v.text for v in values], label.item))
            continue
        other = _other_version(version)
        if block.votes[other] > block.votes[version]:
            # This block prints the other format's columns (本年新制作数量 in a 2021 表二): its figures mean
            # something else, so they are kept aside, not put under this format's columns.
            read.block_versions[block.key] = other
            read.problems.append(
                f"表二“{official.title}”的栏目为{other.value}年格式（"
                + "、".join(h.text.replace("\n", "") for h in _header_tokens(block.headers))
                + f"），与表二其余部分的{version.value}年格式不一致；其数字未导入，已单独记录。"
            )
            for label, values in block.rows:
                read.extra_rows.append(ExtraRow("table2", block.key, label.text, [v.text for v in values], label.item))
            continue
        read.labels[("block", block.key, None, None)] = Printed(block.title.text, official.title, item=block.title.item)
        headers = _header_tokens(block.headers)
        _match_table2_columns(read, official, headers, version)
        taken: set[str] = set()
        for label, values in block.rows:
            best, best_score, alias = None, 0.0, False
            for row in official.rows:
                if row.key in taken:
                    continue
                score, is_alias = match_score(label.key, row.label, row.aliases)
                other_rows = _table2_rows(block.key).get(_other_version(version), ())
                if score < 1.0 and any(label.key == label_key(o.label) for o in other_rows) and score >= 0.5:
                    score = max(score, 0.9)  # the other format's label for the same row (规范性文件)
                if score > best_score:
                    best, best_score, alias = row, score, is_alias
            if best is None or best_score < MATCH_THRESHOLD:
                if any(v.cell.kind == "number" for v in values):
                    read.extra_rows.append(
                        ExtraRow("table2", block.key, label.text, [v.text for v in values], label.item)
                    )
                continue
            taken.add(best.key)
            read.labels[("row", block.key, best.key, None)] = Printed(label.text, best.label, alias, label.item)
            width = len(official.columns)
            cells = _fit(values, width, read.header_x.get(block.key) if doc.layout else None)
            last = max([label.item, *(v.item for v in values[:width])])
            read.rows[(block.key, best.key)] = RowValues(
                label,
                cells,
                label.item,
                last,
                truncated=len(values) < width and last == len(doc.items) - 1,
                overflow=[v for v in values[width:] if v.cell.kind != "blank"],
            )


def _match_table2_columns(read: TableRead, block: F.Table2Block, headers: list[Token], version: FormatVersion) -> None:
    for column, header in zip(block.columns, headers, strict=False):
        read.labels[("column", block.key, None, column.key)] = Printed(
            header.text, column.label, match_score(header.key, column.label, column.aliases)[1], header.item
        )


def _fit(values: list[Token], n: int, header_x: list[int] | None) -> list[Token | None]:
    """The first ``n`` cells of a row; in layout text, fewer figures are placed under their headers by column."""
    cells: list[Token | None] = list(values[:n])
    if len(cells) < n and header_x and len(header_x) == n and cells:
        placed: list[Token | None] = [None] * n
        for token in cells:
            assert token is not None
            nearest = min(range(n), key=lambda i: abs(header_x[i] - token.x))
            if placed[nearest] is None:
                placed[nearest] = token
        return placed
    return cells + [None] * (n - len(cells))


# ---------------------------------------------------------------------------------------------------------
# 表三

_COLLAPSED_OTHER = label_key("（六）其他处理")
_GROUP_LABELS = frozenset(
    label_key(g.label) for fmt in F.FORMATS.values() for g in fmt.table3_groups if g.has_subrows
) | {label_key(F.TABLE3_RESULTS_LABEL)}


@dataclass
class _Candidate:
    label: Token | None
    values: list[Token]
    first_item: int
    last_item: int
    closed_by: str = "label"  # label | end
    overflow: list[Token] = field(default_factory=list)
    label_text: str | None = None  # layout: the joined label block
    label_key: str = ""
    placed_by_column: bool = False  # layout: fewer figures than columns, each placed under its column


def _all_table3_labels() -> list[tuple[str, tuple[str, ...]]]:
    labels = {}
    for fmt in F.FORMATS.values():
        for row in fmt.table3_rows:
            labels[row.label] = row.aliases
    return list(labels.items())


_TABLE3_LABELS = _all_table3_labels()


def _is_row_label(key: str, threshold: float = MATCH_THRESHOLD) -> bool:
    if key == _COLLAPSED_OTHER:
        return True
    return any(match_score(key, label, aliases)[0] >= threshold for label, aliases in _TABLE3_LABELS)


def _looks_like_bad_cell(token: Token) -> bool:
    """Text where a figure belongs (略, 详见附件, 5件次): short, and not a label of the table."""
    return len(token.key) <= 10 and not _is_row_label(token.key, 0.5) and token.key not in _GROUP_LABELS


def _structured_candidates(toks: list[Token], columns: int, at_document_end: bool) -> list[_Candidate]:
    candidates: list[_Candidate] = []
    pending: list[Token] = []
    run: _Candidate | None = None
    run_item_cells = 0

    def close(reason: str) -> None:
        nonlocal run
        if run is not None:
            run.closed_by = reason
            candidates.append(run)
        run = None

    for token in toks:
        if run is not None and token.item != run.last_item and run_item_cells >= 2 and not token.is_label:
            close("row")  # a real table row ended; a new row of figures without a label is not this row's
        if token.is_label:
            if run is not None and len(run.values) < columns and _looks_like_bad_cell(token) and run.values:
                run.values.append(token)
                run.last_item = token.item
                continue
            if run is None and pending and _is_row_label(pending[-1].key) and _looks_like_bad_cell(token):
                run = _Candidate(pending[-1], [token], pending[-1].item, token.item)
                run_item_cells = pending[-1].cells_in_item
                pending = []
                continue
            close("label")
            pending.append(token)
            continue
        if run is None:
            if not pending:
                continue
            label = pending[-1]
            run = _Candidate(label, [], label.item, token.item)
            run_item_cells = label.cells_in_item
            pending = []
        if len(run.values) < columns:
            run.values.append(token)
        elif token.cell.kind == "number":
            run.overflow.append(token)
        run.last_item = token.item
    close("end" if at_document_end else "label")
    for candidate in candidates:
        candidate.label_key = candidate.label.key if candidate.label else ""
        candidate.label_text = candidate.label.text if candidate.label else None
    return candidates


_NUMBERED_FRAGMENT = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十]{1,3}\)|\d{1,2}[.、])")


@dataclass
class _Fragment:
    item: int
    line: int
    x: int
    token: Token


@dataclass
class _LabelBlock:
    x: int
    fragments: list[_Fragment]
    assigned: bool = False

    @property
    def first_line(self) -> int:
        return self.fragments[0].line

    @property
    def last_line(self) -> int:
        return self.fragments[-1].line

    @property
    def text(self) -> str:
        return "".join(f.token.text for f in self.fragments)

    @property
    def vertical(self) -> bool:
        return all(len(f.token.key.rstrip("、")) <= 1 for f in self.fragments)


def _layout_candidates(
    doc: Extracted, start: int, end: int, columns: int, at_document_end: bool
) -> tuple[list[_Candidate], list[Token]]:
    """Candidates from layout text: label fragments joined by column, figures taken line by line."""
    lines = []  # (item, label tokens, value tokens)
    for item in doc.items[start:end]:
        toks = tokens(doc, item.index, item.index + 1)
        values = [t for t in toks if t.cell.kind == "number"]
        labels = [t for t in toks if t.is_label]
        lines.append((item, labels, values))
    full = [v for _item, _labels, v in lines if len(v) >= 5]
    value_x = min((v[0].x for v in full), default=None)
    is_value_line = [bool(v) and (value_x is None or v[0].x >= value_x - 3) for _i, _l, v in lines]
    first_value = next((i for i, flag in enumerate(is_value_line) if flag), len(lines))
    header = [t for _item, labels, _v in lines[:first_value] for t in labels]

    blocks: list[_LabelBlock] = []
    recent: list[_LabelBlock] = []  # the blocks a fragment of this line may still join (in creation order)
    for item, labels, _values in lines[first_value:]:
        left: _LabelBlock | None = None
        recent = [b for b in recent if item.line - b.last_line <= 4]
        for token in labels:
            fragment = _Fragment(item.index, item.line, token.x, token)
            if left is not None and not _NUMBERED_FRAGMENT.match(token.key):
                # The rest of a label that the page justified apart ("…只计这一情   形，不").
                left.fragments.append(fragment)
                continue
            # One character a line is vertical text (三、本年度办理结果): it joins only vertical text.
            vertical = len(token.key.rstrip("、")) <= 1
            joinable = [
                b
                for b in recent
                if abs(b.x - token.x) <= 6
                and 0 < item.line - b.last_line <= 4
                and b.last_line != item.line
                and b.vertical == vertical
            ]
            if joinable and not _NUMBERED_FRAGMENT.match(token.key):
                left = min(joinable, key=lambda b: (abs(b.x - token.x), item.line - b.last_line))
                left.fragments.append(fragment)
            else:
                left = _LabelBlock(token.x, [fragment])
                blocks.append(left)
                recent.append(left)

    # Column centres of the figures, from the lines that print every column.
    complete = [v for v in full if len(v) == columns]
    centres = [sum(v[i].x for v in complete) / len(complete) for i in range(columns)] if complete else None

    candidates: list[_Candidate] = []
    value_lines = [(item, values) for (item, _l, values), flag in zip(lines, is_value_line, strict=True) if flag]
    chosen = _assign_blocks(blocks, [item for item, _values in value_lines])
    for n, (item, values) in enumerate(value_lines):
        block = chosen[n]
        placed: list[Token] = list(values[:columns])
        if len(values) < columns and centres:
            slots: list[Token | None] = [None] * columns
            for token in values:
                nearest = min(range(columns), key=lambda i: abs(centres[i] - token.x))
                if slots[nearest] is None:
                    slots[nearest] = token
            placed = slots  # type: ignore[assignment]
        label = block.fragments[0].token if block else None
        text = block.text if block else None
        is_last = n == len(value_lines) - 1
        candidate = _Candidate(
            label,
            placed,
            block.fragments[0].item if block else item.index,
            item.index,
            closed_by="end" if is_last and at_document_end else "label",
            overflow=list(values[columns:]),
            label_text=text,
            label_key=label_key(text) if text else "",
        )
        candidate.placed_by_column = len(values) < columns and bool(centres)
        candidates.append(candidate)
    return candidates, header


def _layout_note(doc: Extracted, header: list[Token]) -> Token | None:
    """The 勾稽 note, which layout text wraps over two or three lines in the same column."""
    start = next((t for t in header if "勾稽" in t.key), None)
    if start is None:
        return None
    parts = [start]
    line = doc.items[start.item].line
    for token in header:
        token_line = doc.items[token.item].line
        if token.item > parts[-1].item and abs(token.x - start.x) <= 3 and token_line - line <= 3:
            if any(match_score(token.key, c.label, c.aliases)[0] >= 0.99 for c in F.TABLE3_COLUMNS):
                break
            parts.append(token)
            line = token_line
            if token.key.endswith(")"):
                break
    text = "".join(t.text for t in parts)
    return Token(text, label_key(text), parse_cell(text), start.item, start.x, 1)


def _assign_blocks(blocks: list[_LabelBlock], value_items: list[Item]) -> list[_LabelBlock | None]:
    """The label block of each line of figures.

    First the lines that carry a label themselves take the block of their rightmost label. Then each
    remaining line takes the nearest block not yet taken, within two lines above or below: pdfplumber may
    print a label a line off its figures, since a tall cell centres its label. Vertical text
    (三、本年度办理结果 one character a line) and group labels (（三）不予公开) are never a row's label.
    """
    by_fragment: dict[tuple[int, int], _LabelBlock] = {}
    for block in blocks:
        for fragment in block.fragments:
            by_fragment[(fragment.line, fragment.x)] = block
    # Indexes by line, so that the work grows with the lines, not with lines × blocks.
    on_lines: dict[int, list[tuple[int, _LabelBlock]]] = {}
    for (line, x), block in by_fragment.items():
        on_lines.setdefault(line, []).append((x, block))
    order = {id(block): n for n, block in enumerate(blocks)}
    near_lines: dict[int, list[_LabelBlock]] = {}
    for block in blocks:
        for line in {f.line for f in block.fragments}:
            near_lines.setdefault(line, []).append(block)
    row_blocks = {id(block): _row_block(block) for block in blocks}
    chosen: list[_LabelBlock | None] = [None] * len(value_items)
    for n, item in enumerate(value_items):
        on_line = on_lines.get(item.line, [])
        eligible = [(x, b) for x, b in on_line if row_blocks[id(b)]] or on_line
        if eligible:
            block = max(eligible, key=lambda e: e[0])[1]
            block.assigned = True
            chosen[n] = block
    for n, item in enumerate(value_items):
        if chosen[n] is not None:
            continue
        near = []
        around = {id(b): b for line in range(item.line - 2, item.line + 3) for b in near_lines.get(line, [])}
        for block in sorted(around.values(), key=lambda b: order[id(b)]):
            if block.assigned or not row_blocks[id(block)]:
                continue
            distance = min(abs(f.line - item.line) for f in block.fragments)
            if distance <= 2:
                near.append((distance, -block.x, block.first_line > item.line, block))
        if near:
            block = min(near, key=lambda e: e[:3])[3]
            block.assigned = True
            chosen[n] = block
    return chosen


def _row_block(block: _LabelBlock) -> bool:
    return not block.vertical and label_key(block.text) not in _GROUP_LABELS


def _align(
    candidates: list[_Candidate], rows: tuple[F.Row, ...], version: FormatVersion
) -> list[tuple[int, int, float]]:
    """Monotone alignment of printed rows to official rows, maximising the total label similarity."""
    n, m = len(candidates), len(rows)
    scores = [[0.0] * m for _ in range(n)]
    for i, candidate in enumerate(candidates):
        for j, row in enumerate(rows):
            if candidate.label_key == _COLLAPSED_OTHER and version is FormatVersion.V2021:
                scores[i][j] = 0.9 if row.key == "r6_3" else 0.0
                continue
            score = match_score(candidate.label_key, row.label, row.aliases)[0]
            official = label_key(row.label)
            numbering = re.match(r"^\d+\.", official)
            if numbering and not candidate.label_key.startswith(numbering.group()):
                score *= 0.85
            scores[i][j] = score
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[""] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            options = []
            if i > 0 and j > 0 and scores[i - 1][j - 1] >= MATCH_THRESHOLD:
                options.append((best[i - 1][j - 1] + scores[i - 1][j - 1], "match"))
            if i > 0:
                options.append((best[i - 1][j], "extra"))
            if j > 0:
                options.append((best[i][j - 1], "skip"))
            best[i][j], move[i][j] = max(options, key=lambda o: (o[0], o[1] == "match"))
    pairs = []
    i, j = n, m
    while i > 0 or j > 0:
        step = move[i][j]
        if step == "match":
            pairs.append((i - 1, j - 1, scores[i - 1][j - 1]))
            i, j = i - 1, j - 1
        elif step == "extra":
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def read_table3(doc: Extracted, start: int, end: int, *, at_document_end: bool) -> TableRead:
    read = TableRead("table3")
    columns = len(F.TABLE3_COLUMNS)
    toks = tokens(doc, start, end)
    if not toks:
        return read
    read.first_item, read.last_item = toks[0].item, toks[-1].item
    note = next((t for t in toks if "勾稽" in t.key), None)
    read.note = note
    if doc.layout:
        candidates, header = _layout_candidates(doc, start, end, columns, at_document_end)
        read.note = _layout_note(doc, header)
    else:
        first_row = next(
            (i for i, t in enumerate(toks) if t.cell.kind == "number" or (t.is_label and _is_row_label(t.key, 0.7))),
            len(toks),
        )
        header = [t for t in toks[:first_row] if t.is_label]
        candidates = _structured_candidates(toks[first_row:], columns, at_document_end)
    candidates = [c for c in candidates if any(v is not None and v.cell.kind != "blank" for v in c.values) or c.label]
    if any(c.label_key in _sub_row_keys(FormatVersion.V2021) for c in candidates):
        read.version = FormatVersion.V2021
        read.version_evidence.append("表三的（六）其他处理分为1–3三行（2021年格式）")
    elif any(c.label_key == _COLLAPSED_OTHER for c in candidates):
        read.version = FormatVersion.V2019
        read.version_evidence.append("表三的（六）其他处理只有一行（2019年格式）")
    read.candidates = candidates
    read.header = header
    return read


def _sub_row_keys(version: FormatVersion) -> set[str]:
    group = next(g for g in F.format_for(version).table3_groups if g.key == "r6")
    keys = set()
    for row in group.rows:
        if group.has_subrows:
            keys.add(label_key(row.label))
            keys.update(label_key(a) for a in row.aliases)
    return keys


def place_table3(read: TableRead, version: FormatVersion) -> None:
    fmt: ReportFormat = F.format_for(version)
    candidates = read.candidates
    header = read.header
    columns = len(F.TABLE3_COLUMNS)
    _match_table3_header(read, header)
    rows = fmt.table3_rows
    pairs = _align(candidates, rows, version)
    matched = {i for i, _j, _s in pairs}
    for i, j, _score in pairs:
        candidate, row = candidates[i], rows[j]
        values: list[Token | None] = list(candidate.values[:columns])
        values += [None] * (columns - len(values))
        printed_count = sum(1 for v in candidate.values if v is not None)
        slots = candidate.placed_by_column
        result = RowValues(
            candidate.label,
            values,
            candidate.first_item,
            candidate.last_item,
            truncated=printed_count < columns and candidate.closed_by == "end",
            short=printed_count < columns and candidate.closed_by != "end" and not slots,
            overflow=candidate.overflow,
        )
        read.rows[(None, row.key)] = result
        printed = candidate.label_text or ""
        alias = match_score(candidate.label_key, row.label, row.aliases)[1]
        if candidate.label_key == _COLLAPSED_OTHER and version is FormatVersion.V2021:
            read.collapsed_other = result
            continue
        read.labels[("row", None, row.key, None)] = Printed(printed, row.label, alias, candidate.first_item)
    for i, candidate in enumerate(candidates):
        if i in matched:
            continue
        if any(v is not None and v.cell.kind == "number" for v in candidate.values):
            read.extra_rows.append(
                ExtraRow(
                    "table3",
                    None,
                    candidate.label_text or "（无标签）",
                    [v.text if v is not None else "" for v in candidate.values],
                    candidate.first_item,
                )
            )


def _match_table3_header(read: TableRead, header: list[Token]) -> None:
    for token in header:
        for column in F.TABLE3_COLUMNS:
            score, alias = match_score(token.key, column.label, column.aliases)
            if score >= 0.99 and ("column", None, None, column.key) not in read.labels:
                read.labels[("column", None, None, column.key)] = Printed(token.text, column.label, alias, token.item)
                break


# ---------------------------------------------------------------------------------------------------------
# 表四

TABLE4_WIDTH = len(F.TABLE4_BLOCKS) * len(F.TABLE4_COLUMNS)


def read_table4(doc: Extracted, start: int, end: int, *, at_document_end: bool) -> TableRead:
    read = TableRead("table4")
    toks = tokens(doc, start, end)
    if not toks:
        return read
    read.first_item, read.last_item = toks[0].item, toks[-1].item
    values: list[Token | None] | None = None
    value_item: int | None = None
    # A real row of figures: every cell of the row, blanks included (a blank first cell is a figure here).
    for item in doc.items[start:end]:
        row = tokens(doc, item.index, item.index + 1, keep_leading_blanks=True)
        if (
            len(row) >= TABLE4_WIDTH - 2
            and all(t.cell.is_value for t in row)
            and any(t.cell.kind == "number" for t in row)
        ):
            values = list(row[:TABLE4_WIDTH])
            value_item = item.index
            break
    if values is None:  # one cell a line: the first run of figures after the headers
        run = [t for t in toks if t.cell.kind == "number"]
        if run:
            values = list(run[:TABLE4_WIDTH])
            value_item = values[0].item if values[0] else None
    header = [t for t in toks if t.is_label and (value_item is None or t.item < value_item)]
    _match_table4_header(read, header)
    if values is None:
        return read
    truncated = len(values) < TABLE4_WIDTH and at_document_end
    if len(values) < TABLE4_WIDTH and not truncated:
        read.problems.append(f"表四只印出 {len(values)} 个数（应为 {TABLE4_WIDTH} 个），缺少的单元格按空白处理。")
    values = values + [None] * (TABLE4_WIDTH - len(values))
    width = len(F.TABLE4_COLUMNS)
    last = max(t.item for t in values if t is not None)
    for b, block in enumerate(F.TABLE4_BLOCKS):
        cells = values[b * width : (b + 1) * width]
        read.rows[(block.key, "")] = RowValues(
            None, cells, value_item or 0, last, truncated=truncated and any(c is None for c in cells)
        )
    return read


def _match_table4_header(read: TableRead, header: list[Token]) -> None:
    """Column headers in print order: 行政复议's five, then 未经复议直接起诉's, then 复议后起诉's."""
    seen: Counter[str] = Counter()
    for token in header:
        for column in F.TABLE4_COLUMNS:
            score, alias = match_score(token.key, column.label, column.aliases)
            if score >= 0.99:
                index = seen[column.key]
                seen[column.key] += 1
                if index < len(F.TABLE4_BLOCKS):
                    block = F.TABLE4_BLOCKS[index].key
                    read.labels[("column", block, None, column.key)] = Printed(
                        token.text, column.label, alias, token.item
                    )
                break


# ---------------------------------------------------------------------------------------------------------
# Values


def cell_value(token: Token | None, column: Column) -> tuple[int | Decimal | None, str | None, str | None]:
    """(value, unit, problem): the figure a cell holds; a problem text when it cannot be stored as printed."""
    if token is None or token.cell.kind == "blank":
        return None, None, None
    cell = token.cell
    if cell.kind == "text":
        return None, None, "不是数字"
    assert cell.value is not None
    value, unit = cell.value, cell.unit
    if column.kind is F.CellKind.AMOUNT:
        if value < 0:
            return None, unit, "金额不能为负数"
        if unit is not None and column.unit and unit != column.unit:
            return None, unit, f"单位“{unit}”与栏目单位“{column.unit}”不符"
        return value, unit, None
    if value != value.to_integral_value():
        return None, unit, "应为整数"
    if unit is not None and unit not in ("件", "项", "个", "条", "次", column.unit):
        return None, unit, f"数字后带有单位“{unit}”"
    if column.kind is F.CellKind.COUNT and value < 0:
        return None, unit, "不能为负数"
    number = int(value)
    if abs(number) > 999_999_999_999:
        return None, unit, "数值超出合理范围"
    return number, unit, None

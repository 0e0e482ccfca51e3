"""Reading a published report into one sequence of items, whatever the file type.

An item is a line of text or a table row (a list of cells). Word and HTML tables give real rows; the plain
text forms give rows too: '|'-separated lines, the tab-indented cells of a Word file saved as text (one cell a
line, rows separated by empty lines), and the columns of ``pdftotext -layout`` text, where every run of
characters separated by two or more spaces is a cell with its column position. A PDF is read with pdfplumber
in layout mode, so a PDF and its ``pdftotext -layout`` copy go through the same parser.

Every reader is bounded, so that no file, however made, can make the import crash, hang or exhaust memory;
each limit is far above any real annual report and a file past one is refused with an
:class:`~assistant.figures.InputError` that names the limit:

- the file size, :data:`MAX_BYTES` for its type;
- Word: :data:`MAX_DOCX_UNPACKED` unpacked in all, :data:`MAX_DOCX_XML` for the document part itself (the zip
  reader never unpacks more than an entry declares, so a lying header cannot get past these);
- HTML: :data:`MAX_HTML_TAGS` tags; elements nested deeper than :data:`MAX_HTML_DEPTH` are read as if they
  were siblings of the deepest one (no real page comes near it);
- PDF: :data:`MAX_PDF_PAGES` pages, :data:`MAX_PDF_CHARS` characters a page; the PDF library runs in a child
  process with :data:`MAX_PDF_SECONDS` seconds and (on POSIX) :data:`MAX_PDF_MEMORY` bytes of memory, so a
  compression bomb or a pathological page ends in a message, not in an exhausted machine;
- every type: :data:`MAX_ITEMS` lines and table rows, :data:`MAX_CELLS` table cells.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ..figures import InputError, read_limited_bytes
from ..findings import Finding, Severity
from ..pdf_text import LONE_SURROGATE, MB, TOO_HEAVY, PdfProblem, page_texts
from .normalize import clean_line, is_number_token

MAX_BYTES: dict[str, int] = {"text": 5 * MB, "html": 10 * MB, "docx": 20 * MB, "pdf": 30 * MB}
MAX_PDF_PAGES = 60
MAX_PDF_CHARS = 20_000  # characters on one page; a dense A4 page of small print has about 3,000
MAX_PDF_SECONDS = 60  # the whole PDF, in the child process
MAX_PDF_MEMORY = 2048 * MB  # address space of the child process (POSIX)
MAX_DOCX_UNPACKED = 100 * MB
MAX_DOCX_XML = 20 * MB  # word/document.xml; a long report with all its tables has about 1 MB
MAX_HTML_TAGS = 100_000  # a report page, site navigation included, has a few thousand
MAX_HTML_DEPTH = 200  # element nesting; real pages stay below 50
MAX_ITEMS = 20_000  # lines and rows; a real report has 100 to 300
MAX_CELLS = 20_000  # table cells of all rows together; a real report has 300 to 500

KIND_BY_SUFFIX: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".htm": "html",
    ".html": "html",
    ".shtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}
KIND_NAMES: dict[str, str] = {
    "text": "文本文件",
    "layout": "PDF 版面文本",
    "html": "网页文件",
    "docx": "Word 文件",
    "pdf": "PDF 文件",
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(KIND_BY_SUFFIX)


@dataclass
class Cell:
    text: str
    x: int = 0  # column position: character column in layout text, cell index elsewhere
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Item:
    kind: str  # "line" or "row"
    cells: list[Cell]
    index: int = 0  # position in the document's item sequence
    line: int = 0  # 1-based line of the source text (text files), or item ordinal
    page: int | None = None  # PDF page (1-based)
    style: str | None = None  # Word paragraph style or HTML tag of a line
    in_table: bool = False  # a row of a real table (Word, HTML)

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.cells if c.text)

    @property
    def indent(self) -> int:
        return self.cells[0].x if self.cells else 0


@dataclass
class Extracted:
    """A document as items, and how it was read."""

    items: list[Item]
    kind: str  # text | layout | html | docx | pdf
    layout: bool = False  # columns carry character positions (pdftotext -layout, PDF)
    pages: int | None = None
    notes: list[str] = field(default_factory=list)

    def place(self, first: int, last: int | None = None) -> str:
        """Where items first..last are, in words a clerk can follow in the source."""
        last = first if last is None else last
        a, b = self.items[first], self.items[last]
        if self.kind == "pdf" and a.page is not None:
            return f"第{a.page}页" if a.page == b.page else f"第{a.page}–{b.page}页"
        unit = "行" if self.kind in ("text", "layout") else "段"
        return f"第{a.line}{unit}" if a.line == b.line else f"第{a.line}–{b.line}{unit}"


def _problem(message: str) -> Finding:
    return Finding("INPUT", Severity.ERROR, message)


def kind_of(path: str | os.PathLike[str]) -> str:
    suffix = Path(path).suffix.lower()
    if suffix == ".doc":
        raise InputError(str(path), [_problem("不支持旧版 Word 的 .doc 格式；请在 Word 中另存为 .docx 后再导入。")])
    if suffix not in KIND_BY_SUFFIX:
        supported = "、".join(sorted({".docx", ".html", ".htm", ".pdf", ".txt"}))
        raise InputError(str(path), [_problem(f"不支持的文件类型“{suffix or '无扩展名'}”；可导入 {supported}。")])
    return KIND_BY_SUFFIX[suffix]


def read_bytes(path: str | os.PathLike[str], kind: str) -> bytes:
    limit = MAX_BYTES[kind]
    return read_limited_bytes(
        path,
        limit,
        lambda size: (
            f"文件过大（{size / MB:.1f} MB），超过{KIND_NAMES[kind]}的上限 {limit // MB} MB；"
            "年度报告通常只有几百 KB，请确认选择的是报告文件。"
        ),
    )


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)


# The character sets a web page may declare (by their names in the codecs module). Python's other codecs
# (unicode_escape, utf-7, punycode, undefined …) are not web encodings: some fail with errors of their own
# and some make lone surrogates, so a page naming one is read as if it named none.
_WEB_CODECS = frozenset(
    {
        "utf-8",
        "gb18030",
        "gbk",
        "gb2312",
        "hz",
        "big5",
        "big5hkscs",
        "cp950",
        "euc_jp",
        "shift_jis",
        "cp932",
        "iso2022_jp",
        "euc_kr",
        "cp949",
        "ascii",
        "koi8-r",
        "koi8-u",
        "mac-roman",
        "utf-16-le",
        "utf-16-be",
    }
)


def _web_codec(declared: str) -> str | None:
    """The codec for a page's declared charset, or None for a name that is no web encoding."""
    import codecs

    declared = declared.strip().lower()
    declared = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}.get(declared, declared)
    try:
        name = codecs.lookup(declared).name
    except LookupError:
        return None
    if name in _WEB_CODECS or name.startswith(("iso8859-", "cp125")):
        return name
    return None


def decode(data: bytes, source: str, *, html: bool = False) -> str:
    """Text of a user's file: a BOM, else the HTML charset, else UTF-8, else GB18030."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    if html:
        match = _META_CHARSET.search(data[:4096])
        codec = _web_codec(match.group(1).decode("ascii")) if match else None
        if codec is not None:
            try:
                return LONE_SURROGATE.sub("\ufffd", data.decode(codec))
            except (LookupError, ValueError):  # UnicodeDecodeError, and UnicodeError of odd codecs
                pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise InputError(source, [_problem("无法识别文件的文字编码，请另存为 UTF-8 后再试。")]) from None


def _numbered(items: list[Item]) -> list[Item]:
    for i, item in enumerate(items):
        item.index = i
        if not item.line:
            item.line = i + 1
    return items


# ---------------------------------------------------------------------------------------------------------
# Plain text

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_FOOTER = re.compile(r"^\s*[-—－–]\s*\d{1,3}\s*[-—－–]\s*$")
_GAP = re.compile(r"\S(?: {2,}|\t)\S")
_PIPES_ONLY = re.compile(r"^[\s|]*$")


def looks_like_layout(text: str) -> bool:
    """pdftotext -layout output: form feeds, or many lines with cells separated by runs of spaces."""
    if "\f" in text:
        return True
    lines = text.split("\n")
    gapped = sum(1 for line in lines if "|" not in line and len(_GAP.findall(line)) >= 2)
    return gapped >= 8 and gapped >= len(lines) // 20


def read_plain_text(text: str) -> Extracted:
    text = _BOOKMARK.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if looks_like_layout(text):
        return Extracted(read_layout_text(text), "layout", layout=True)
    items: list[Item] = []
    tab_row: Item | None = None
    for number, raw in enumerate(text.split("\n"), start=1):
        if raw.startswith("\t"):
            if tab_row is None:
                tab_row = Item("row", [], line=number, in_table=True)
                items.append(tab_row)
            tab_row.cells.append(Cell(clean_line(raw), x=len(tab_row.cells)))
            continue
        line = clean_line(raw)
        if tab_row is not None and line and tab_row.cells:
            # A cell that breaks over lines (商业⏎企业) continues without the tab.
            tab_row.cells[-1].text += "\n" + line
            continue
        tab_row = None
        if not line:
            continue
        if "|" in line:
            if _PIPES_ONLY.match(line):
                continue
            parts = line.split("|")
            if parts and not parts[0].strip():
                parts = parts[1:]
            if parts and not parts[-1].strip():
                parts = parts[:-1]
            cells = [Cell(clean_line(p), x=i) for i, p in enumerate(parts)]
            items.append(Item("row", cells, line=number))
            continue
        items.append(Item("line", [Cell(line)], line=number))
    return Extracted(_numbered(items), "text")


_CHUNK = re.compile(r"\S+(?: \S+)*")


def layout_cells(line: str) -> list[Cell]:
    """The cells of a layout line: runs separated by two or more spaces; trailing numbers split off.

    pdfplumber sometimes leaves one space between two figures ("3001 53"); a run that ends in figures is
    split at its single spaces so that every figure is a cell of its own, at its own column.
    """
    cells: list[Cell] = []
    for match in _CHUNK.finditer(line):
        words = [(m.start() + match.start(), m.group()) for m in re.finditer(r"\S+", match.group())]
        tail: list[tuple[int, str]] = []  # gathered from the end, reversed below
        while len(words) > 1 and is_number_token(words[-1][1]):
            tail.append(words.pop())
        if words and len(words) == 1 and tail and is_number_token(words[0][1]):
            tail.append(words.pop())
        tail.reverse()
        if words:
            start = words[0][0]
            cells.append(Cell(line[start : words[-1][0] + len(words[-1][1])], x=start))
        cells.extend(Cell(word, x=x) for x, word in tail)
    return cells


def read_layout_text(text: str, *, first_page: int = 1) -> list[Item]:
    items: list[Item] = []
    page = first_page
    for number, raw in enumerate(text.split("\n"), start=1):
        page += raw.count("\f")
        line = raw.replace("\f", "").replace("\t", "    ").replace("\u3000", "  ").rstrip()
        if not line.strip() or _FOOTER.match(line):
            continue
        cells = layout_cells(line)
        if not cells:
            continue
        items.append(Item("row" if len(cells) > 1 else "line", cells, line=number, page=page))
    return _numbered(items)


# ---------------------------------------------------------------------------------------------------------
# Word


def _docx_text(element) -> str:  # type: ignore[no-untyped-def]
    """Text of a w:p: runs, tabs and line breaks (python-docx's Paragraph.text)."""
    from docx.text.paragraph import Paragraph

    return Paragraph(element, None).text


def read_docx(data: bytes, source: str) -> Extracted:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except Exception:  # BadZipFile, and NotImplementedError for a version or method zipfile does not know
        raise InputError(source, [_problem("无法打开 Word 文件：文件已损坏，或不是 .docx 格式。")]) from None
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_DOCX_UNPACKED:
        raise InputError(
            source,
            [
                _problem(
                    f"Word 文件解压后过大（{unpacked // MB} MB，上限 {MAX_DOCX_UNPACKED // MB} MB），"
                    "不像是一份年度报告。"
                )
            ],
        )
    body = max((i.file_size for i in infos if i.filename.lower().startswith("word/document")), default=0)
    if body > MAX_DOCX_XML:
        raise InputError(
            source,
            [_problem(f"Word 文件的正文部分过大（{body // MB} MB，上限 {MAX_DOCX_XML // MB} MB），不像是年度报告。")],
        )
    try:
        import docx
        from docx.oxml.ns import qn

        document = docx.Document(io.BytesIO(data))
    except InputError:
        raise
    except Exception as exc:  # python-docx raises many kinds for broken packages
        raise InputError(
            source, [_problem(f"无法打开 Word 文件：文件已损坏，或不是 .docx 格式（{type(exc).__name__}）。")]
        ) from None

    items: list[Item] = []
    w_p, w_tbl, w_sdt, w_content = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")
    w_tr, w_tc, w_tcpr = qn("w:tr"), qn("w:tc"), qn("w:tcPr")
    w_span, w_vmerge, w_val, w_pstyle = qn("w:gridSpan"), qn("w:vMerge"), qn("w:val"), qn("w:pStyle")
    style_names = {s.style_id: s.name for s in document.styles}

    def cell_text(tc) -> str:  # type: ignore[no-untyped-def]
        lines = []
        for child in tc.iter(w_p):
            lines.append(_docx_text(child))
        return "\n".join(line for line in lines if line.strip())

    def has_nested_table(tbl) -> bool:  # type: ignore[no-untyped-def]
        return any(True for _ in tbl.iter(w_tbl) if _ is not tbl)

    def walk(parent) -> None:  # type: ignore[no-untyped-def]
        for child in parent.iterchildren():
            if child.tag == w_p:
                text = clean_line(_docx_text(child))
                if text:
                    ppr = child.pPr
                    style_el = ppr.find(w_pstyle) if ppr is not None else None
                    style = style_names.get(style_el.get(w_val)) if style_el is not None else None
                    items.append(Item("line", [Cell(text)], style=style))
            elif child.tag == w_sdt:
                content = child.find(w_content)
                if content is not None:
                    walk(content)
            elif child.tag == w_tbl:
                if has_nested_table(child):
                    # A layout table: its cells are the page's flow. Only its own rows and cells are walked
                    # here (nested tables in turn by walk), so each paragraph is read once, in order.
                    for tr in child.iterchildren(w_tr):
                        for tc in tr.iterchildren(w_tc):
                            walk(tc)
                    continue
                for tr in child.iterchildren(w_tr):
                    cells: list[Cell] = []
                    col = 0
                    for tc in tr.iterchildren(w_tc):
                        pr = tc.find(w_tcpr)
                        span = 1
                        covered = False
                        if pr is not None:
                            span_el = pr.find(w_span)
                            if span_el is not None:
                                span = _span(span_el.get(w_val))
                            vmerge = pr.find(w_vmerge)
                            covered = vmerge is not None and vmerge.get(w_val) in (None, "continue")
                        if not covered:
                            cells.append(Cell(cell_text(tc), x=col, colspan=span))
                        col += span
                    if cells:
                        items.append(Item("row", cells, in_table=True))

    walk(document.element.body)
    return Extracted(_numbered(items), "docx")


# ---------------------------------------------------------------------------------------------------------
# HTML

_VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "source", "embed"})
_SKIP = frozenset({"script", "style", "noscript", "head", "title", "template", "svg", "select", "button"})
_BLOCK = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "nav",
        "aside",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "center",
        "form",
        "figure",
        "figcaption",
        "address",
        "table",
        "tr",
        "td",
        "th",
        "caption",
        "tbody",
        "thead",
        "tfoot",
        "body",
        "html",
    }
)
_AUTO_CLOSE = {"p": {"p"}, "li": {"li"}, "td": {"td", "th"}, "th": {"td", "th"}, "tr": {"tr", "td", "th"}}


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    children: list[_Node | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    """A forgiving DOM: unclosed p/li/td/tr are closed by their successors; stray end tags are ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root", {})
        self.stack: list[_Node] = [self.root]
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping:
            if tag in _SKIP:
                self.skipping += 1
            return
        if tag in _SKIP:
            self.skipping = 1
            return
        closes = _AUTO_CLOSE.get(tag)
        if closes:
            for depth in range(len(self.stack) - 1, 0, -1):
                node = self.stack[depth]
                if node.tag == "table":
                    break
                if node.tag in closes:
                    del self.stack[depth:]
                    break
        node = _Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID and len(self.stack) < MAX_HTML_DEPTH:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skipping:
            self.stack[-1].children.append(_Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag in _SKIP:
                self.skipping -= 1
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return
            if self.stack[depth].tag == "table" and tag != "table":
                return

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.stack[-1].children.append(data)


def _span(value: str | None) -> int:
    try:
        return max(1, min(int((value or "1").strip()), 100))
    except ValueError:
        return 1


class _HtmlItems:
    def __init__(self) -> None:
        self.items: list[Item] = []
        self.buffer: list[str] = []
        self.style: str | None = None

    def flush(self) -> None:
        text = clean_line("".join(self.buffer).replace("\n", " "))
        for part in text.split("\x00"):
            part = clean_line(part)
            if part:
                self.items.append(Item("line", [Cell(part)], style=self.style))
        self.buffer = []
        self.style = None

    def inline_text(self, node: _Node | str, out: list[str]) -> None:
        if isinstance(node, str):
            out.append(node)
            return
        if node.tag == "br":
            out.append("\n")
            return
        block = node.tag in _BLOCK
        if block:
            out.append("\n")
        for child in node.children:
            self.inline_text(child, out)
        if block:
            out.append("\n")

    def walk(self, node: _Node | str) -> None:
        if isinstance(node, str):
            self.buffer.append(node)
            return
        tag = node.tag
        if tag == "br":
            self.buffer.append("\x00")
            return
        if tag == "table":
            self.flush()
            if any(isinstance(d, _Node) and d.tag == "table" for d in _descendants(node)):
                for child in node.children:  # a layout table: its cells are the page's flow
                    self.walk(child)
                    self.flush()
                return
            for tr in (d for d in _descendants(node) if isinstance(d, _Node) and d.tag == "tr"):
                cells = []
                for i, td in enumerate(c for c in tr.children if isinstance(c, _Node) and c.tag in ("td", "th")):
                    out: list[str] = []
                    for child in td.children:
                        self.inline_text(child, out)
                    lines = [clean_line(x) for x in "".join(out).split("\n")]
                    text = "\n".join(x for x in lines if x)
                    cells.append(
                        Cell(text, x=i, colspan=_span(td.attrs.get("colspan")), rowspan=_span(td.attrs.get("rowspan")))
                    )
                if cells:
                    self.items.append(Item("row", cells, in_table=True))
            return
        if tag in _BLOCK:
            self.flush()
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.style = tag
        for child in node.children:
            self.walk(child)
        if tag in _BLOCK:
            self.flush()


def _descendants(node: _Node):  # type: ignore[no-untyped-def]
    for child in node.children:
        if isinstance(child, _Node):
            yield child
            yield from _descendants(child)


def read_html(text: str, source: str = "") -> Extracted:
    tags = text.count("<")
    if tags > MAX_HTML_TAGS:
        raise InputError(
            source,
            [_problem(f"网页文件的标签过多（约 {tags} 个，上限 {MAX_HTML_TAGS} 个），不像是一份年度报告的网页。")],
        )
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    reader = _HtmlItems()
    reader.walk(builder.root)
    reader.flush()
    return Extracted(_numbered(reader.items), "html")


# ---------------------------------------------------------------------------------------------------------
# PDF


def _limits() -> dict[str, int]:
    return {
        "max_pages": MAX_PDF_PAGES,
        "max_chars": MAX_PDF_CHARS,
        "seconds": MAX_PDF_SECONDS,
        "memory": MAX_PDF_MEMORY,
    }


def _pdf_page_texts(data: bytes) -> tuple[int, list[str]]:
    """The layout text of every page, read in this process. Raises :class:`PdfProblem`."""
    return page_texts(data, **_limits())


# The child imports assistant.pdf_text only (not this package, whose import builds the report models).
_CHILD_CODE = (
    "import sys; sys.path.insert(0, sys.argv[1]); from assistant.pdf_text import child_main; "
    "child_main(*map(int, sys.argv[2:]))"
)


def _pdf_page_texts_isolated(data: bytes) -> tuple[int, list[str]]:
    """:func:`_pdf_page_texts` in a child process, under the time and memory limits."""
    if not sys.executable:  # embedded without an interpreter to start: read here
        return _pdf_page_texts(data)
    package_root = str(Path(__file__).resolve().parents[2])
    heavy = TOO_HEAVY.format(seconds=MAX_PDF_SECONDS, memory=MAX_PDF_MEMORY // MB)
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD_CODE, package_root, *map(str, _limits().values())],
            input=data,
            capture_output=True,
            timeout=MAX_PDF_SECONDS,
            check=False,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
    except subprocess.TimeoutExpired:
        raise PdfProblem(heavy) from None
    except OSError:  # no child process can be started here: read in this process
        return _pdf_page_texts(data)
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        answer = None
    if done.returncode != 0 or not isinstance(answer, dict):
        raise PdfProblem(heavy)
    if "problem" in answer:
        raise PdfProblem(str(answer["problem"]))
    return int(answer["pages"]), [str(t) for t in answer["texts"]]


def read_pdf(data: bytes, source: str) -> Extracted:
    try:
        pages, texts = _pdf_page_texts_isolated(data)
    except PdfProblem as problem:
        raise InputError(source, [_problem(problem.message)]) from None
    text = "\f".join(texts)
    if not text.strip():
        raise InputError(
            source, [_problem("PDF 中没有可提取的文字（可能是扫描件）；请使用文字版 PDF、Word 或网页版本导入。")]
        )
    return Extracted(read_layout_text(text), "pdf", layout=True, pages=pages)


def extract(path: str | os.PathLike[str]) -> Extracted:
    """Read any supported file into items; an InputError names what is wrong."""
    source = str(path)
    kind = kind_of(path)
    data = read_bytes(path, kind)
    if kind == "docx":
        doc = read_docx(data, source)
    elif kind == "pdf":
        doc = read_pdf(data, source)
    else:
        text = decode(data, source, html=kind == "html")
        if kind == "html" or re.search(r"<(?:html|body|table|p)\b", text[:2000], re.I):
            doc = read_html(text, source)
        else:
            doc = read_plain_text(text)
    if len(doc.items) > MAX_ITEMS:
        raise InputError(
            source, [_problem(f"文件内容过多（超过 {MAX_ITEMS} 行），不像是一份年度报告；请只导入报告本身。")]
        )
    cells = sum(len(item.cells) for item in doc.items if item.kind == "row")
    if cells > MAX_CELLS:
        raise InputError(
            source,
            [
                _problem(
                    f"文件中的表格单元格过多（{cells} 个，上限 {MAX_CELLS} 个），不像是一份年度报告；请只导入报告本身。"
                )
            ],
        )
    return doc

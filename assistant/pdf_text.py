"""The text of a PDF's pages, read with pdfplumber, meant to run in a child process under limits.

This module imports nothing of the project and only the standard library at the top, so that the child
process the importer starts for each PDF (:mod:`assistant.importing.sources`) loads pdfplumber and little
else: importing the importer itself would first build the report models and cost that process about a tenth
of a second more.
"""

from __future__ import annotations

import io
import json
import re
import sys

MB = 1024 * 1024

TOO_HEAVY = (
    "读取 PDF 时超出了内存或时间上限（{seconds} 秒，{memory} MB），文件可能已损坏或经过特殊构造；"
    "请使用 Word 或网页版本导入。"
)

LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class PdfProblem(Exception):
    """A PDF that cannot be read; ``message`` is for the clerk."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def page_texts(data: bytes, *, max_pages: int, max_chars: int, seconds: int, memory: int) -> tuple[int, list[str]]:
    """The layout text of every page, read in this process. Raises :class:`PdfProblem`; ``seconds`` and
    ``memory`` are the limits the process runs under, named when they are hit."""
    try:
        import pdfplumber

        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many kinds for broken or encrypted files
        raise PdfProblem(f"无法打开 PDF 文件：文件已损坏、已加密，或不是 PDF（{type(exc).__name__}）。") from None
    try:
        with pdf:
            pages = len(pdf.pages)
            if pages > max_pages:
                raise PdfProblem(f"PDF 共 {pages} 页，超过上限 {max_pages} 页；年度报告通常不超过 20 页。")
            texts = []
            for number, page in enumerate(pdf.pages, start=1):
                chars = len(page.chars)
                if chars > max_chars:
                    raise PdfProblem(
                        f"PDF 第{number}页有 {chars} 个字符，超过每页上限 {max_chars} 个，不像是一份年度报告。"
                    )
                # A font's character map may name a lone surrogate, which no text file can hold: U+FFFD instead.
                texts.append(LONE_SURROGATE.sub("\ufffd", page.extract_text(layout=True) or ""))
                page.flush_cache()
    except PdfProblem:
        raise
    except Exception as exc:  # MemoryError included, also when pdfminer wraps it in an exception of its own
        if _caused_by(exc, MemoryError):
            raise PdfProblem(TOO_HEAVY.format(seconds=seconds, memory=memory // MB)) from None
        raise PdfProblem(f"读取 PDF 内容失败（{type(exc).__name__}）。") from None
    return pages, texts


def _caused_by(error: BaseException, kind: type[BaseException]) -> bool:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, kind):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _limit_own_resources(memory: int, seconds: int) -> None:
    """In the child process: at most ``memory`` bytes of address space and ``seconds`` of CPU (POSIX)."""
    try:
        import resource
    except ImportError:  # Windows: the parent's timeout still applies
        return
    for which, value in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_CPU, seconds + 5)):
        try:
            _, hard = resource.getrlimit(which)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(which, (value, hard))
        except (ValueError, OSError):
            pass


def child_main(max_pages: int, max_chars: int, seconds: int, memory: int) -> None:
    """Entry point of the child process: the PDF's bytes on stdin, a JSON answer on stdout."""
    _limit_own_resources(memory, seconds)
    data = sys.stdin.buffer.read()
    try:
        pages, texts = page_texts(data, max_pages=max_pages, max_chars=max_chars, seconds=seconds, memory=memory)
        answer: dict[str, object] = {"pages": pages, "texts": texts}
    except PdfProblem as problem:
        answer = {"problem": problem.message}
    sys.stdout.buffer.write(json.dumps(answer, ensure_ascii=True).encode("ascii"))
    sys.stdout.flush()

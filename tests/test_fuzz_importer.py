"""Fuzzing the importer: mutated copies of real reports (.docx, .html, .pdf, text) and hostile files made on
purpose (zip bombs, deeply nested HTML, enormous tables, binary junk) must each end in an import or in a
Chinese :class:`InputError`, never in another exception, within a bounded time.

The normal suite runs a few hundred deterministic cases (fixed seeds). For a longer run:

    python -m tests.test_fuzz_importer 5000          # 5000 mutated files per type, prints the slowest

The seeds are the corpus (tests/data/corpus, see its NOTES.md) and the sample reports' rendered outputs.
"""

from __future__ import annotations

import io
import random
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.figures import InputError, report_to_json
from assistant.importing import import_report
from assistant.importing import sources as S
from assistant.importing.commands import check_command
from tests.conftest import DATA, SAMPLES

CORPUS = DATA / "corpus"
CASE_SECONDS = 10.0  # any one file, however made; the slowest seen offline is stated in SECURITY.md


def _seeds(kind: str) -> list[Path]:
    samples = sorted(SAMPLES.glob("*/report.*"))
    if kind == "text":
        return sorted(CORPUS.glob("*.txt")) + [p for p in samples if p.suffix in (".txt", ".md")]
    if kind == "pdf":
        return sorted(CORPUS.glob("*.pdf"))
    return [p for p in samples if p.suffix == f".{kind}"]


# ---------------------------------------------------------------------------------------------------------
# Mutations of bytes


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _flip(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 30)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _junk(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.randbytes(rng.randint(1, 4000)) + data[at:]


def _delete(rng: random.Random, data: bytes) -> bytes:
    a = rng.randrange(len(data) + 1)
    b = min(len(data), a + rng.randint(1, 5000))
    return data[:a] + data[b:]


def _repeat(rng: random.Random, data: bytes) -> bytes:
    a = rng.randrange(len(data) + 1)
    chunk = data[a : a + rng.randint(1, 400)]
    return data[:a] + chunk * rng.randint(2, 200) + data[a:]


def _splice(rng: random.Random, data: bytes) -> bytes:
    """Two random pieces swapped: lines and cells out of order."""
    if len(data) < 4:
        return data
    a, b = sorted(rng.sample(range(len(data)), 2))
    c = rng.randrange(b, len(data) + 1)
    return data[:a] + data[b:c] + data[a:b] + data[c:]


def _inject(rng: random.Random, data: bytes) -> bytes:
    """Text a hostile or careless source may carry, put somewhere in the middle."""
    pieces = [
        "\x00",
        "\x1b[2J",
        "\u202e",
        "\ufeff",
        "\ud7ff",
        "|" * 50,
        "\t" * 20,
        "\f" * 5,
        "<table><tr><td>" * 30,
        "</td></tr></table>" * 30,
        "<script>alert(1)</script>",
        "&#xD800;&#0;&#x202E;&#99999999;",
        "一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n",
        "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和\n",
        "99999999999999999999999 " * 10,
        "-1 -2 x.5 1e9 ％ 万元 ",
        "2020年" * 50,
    ]
    at = rng.randrange(len(data) + 1)
    text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
    encoding = rng.choice(["utf-8", "gb18030", "utf-16"]) if rng.random() < 0.1 else "utf-8"
    return data[:at] + text.encode(encoding, errors="surrogatepass") + data[at:]


BYTE_MUTATIONS: tuple[Callable[[random.Random, bytes], bytes], ...] = (
    _truncate,
    _flip,
    _junk,
    _delete,
    _repeat,
    _splice,
    _inject,
)


def mutate(rng: random.Random, data: bytes) -> bytes:
    for _ in range(rng.randint(1, 3)):
        data = rng.choice(BYTE_MUTATIONS)(rng, data)
    return data


# Mutations of text: the file stays readable, so the parser behind the decoder is what gets exercised.

_NUMBERS = ["0", "1", "-1", "12.5", "99999999999", "１２", "三", "", " ", "x", "—", "1,234", "5%", "0.0001"]


def _text_lines(rng: random.Random, lines: list[str]) -> list[str]:
    if not lines:
        return lines
    choice = rng.randrange(7)
    i = rng.randrange(len(lines))
    j = min(len(lines), i + rng.randint(1, 40))
    if choice == 0:
        return lines[:i] + lines[j:]  # lines lost
    if choice == 1:
        return lines[:j] + lines[i:j] * rng.randint(1, 30) + lines[j:]  # a stretch repeated
    if choice == 2:
        k = rng.randrange(len(lines))
        lines = list(lines)
        lines[i], lines[k] = lines[k], lines[i]  # two lines swapped
        return lines
    if choice == 3:  # figures replaced by odd ones
        return [re_digits(rng, line) if i <= n < j else line for n, line in enumerate(lines)]
    if choice == 4:  # separators changed: cells merge or split
        old, new = rng.choice([("|", "  "), ("  ", "|"), ("\t", "|"), ("|", ""), (" ", "")])
        return [line.replace(old, new) if i <= n < j else line for n, line in enumerate(lines)]
    if choice == 5:
        return [*lines[:i], _inject(rng, b"").decode("utf-8", "replace"), *lines[i:]]
    return lines[: rng.randrange(len(lines) + 1)]  # cut short


def re_digits(rng: random.Random, line: str) -> str:
    import re

    return re.sub(r"\d+", lambda _: rng.choice(_NUMBERS), line)


def mutate_text(rng: random.Random, data: bytes) -> bytes:
    """Mostly readable text with lines lost, repeated, swapped, figures made odd; sometimes raw bytes."""
    if rng.random() < 0.2:
        return mutate(rng, data)
    lines = data.decode("utf-8", errors="replace").split("\n")
    for _ in range(rng.randint(1, 4)):
        lines = _text_lines(rng, lines)
    encoding = "gb18030" if rng.random() < 0.1 else "utf-8"
    return "\n".join(lines).encode(encoding, errors="replace")


def mutate_html(rng: random.Random, data: bytes) -> bytes:
    """Text mutations, and tags of tables (tr, td, table) dropped, repeated or given odd spans."""
    if rng.random() < 0.5:
        return mutate_text(rng, data)
    import re

    text = data.decode("utf-8", errors="replace")
    for _ in range(rng.randint(1, 5)):
        tags = list(re.finditer(r"</?(?:table|tr|td|th|tbody|p|div|br)\b[^>]*>", text))
        if not tags:
            break
        tag = rng.choice(tags)
        replacement = rng.choice(
            [
                "",
                tag.group() * rng.randint(2, 50),
                '<td rowspan="999999" colspan="-3">',
                '<td colspan="x">',
                "<table>",
                "</table>",
                "<tr>",
            ]
        )
        text = text[: tag.start()] + replacement + text[tag.end() :]
    return text.encode("utf-8")


def mutate_docx(rng: random.Random, data: bytes) -> bytes:
    """The package's bytes; or its document part as XML with elements dropped, repeated, moved or changed
    (the package stays readable); or a part's bytes mutated; re-zipped."""
    if rng.random() < 0.15:
        return mutate(rng, data)
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    target = "word/document.xml" if rng.random() < 0.85 else rng.choice(names)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", rng.choice([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])) as package:
        for name in names:
            if name == target and rng.random() < 0.03:
                continue  # a part missing altogether
            part = source.read(name)
            if name == target:
                part = (
                    _mutate_xml(rng, part) if name == "word/document.xml" and rng.random() < 0.8 else mutate(rng, part)
                )
            package.writestr(name, part)
    return out.getvalue()


def _mutate_xml(rng: random.Random, data: bytes) -> bytes:
    from lxml import etree

    root = etree.fromstring(data)
    elements = list(root.iter())
    for _ in range(rng.randint(1, 6)):
        element = rng.choice(elements)
        parent = element.getparent()
        choice = rng.randrange(6)
        if parent is None:
            continue
        if choice == 0:
            parent.remove(element)
        elif choice == 1:
            for _ in range(rng.randint(1, 20)):
                parent.insert(parent.index(element), etree.fromstring(etree.tostring(element)))
        elif choice == 2:
            other = rng.choice(elements)
            if other is not element and element not in other.iterancestors() and other not in element.iterancestors():
                other.addnext(etree.fromstring(etree.tostring(element)))
        elif choice == 3 and element.text:
            element.text = re_digits(rng, element.text) if rng.random() < 0.7 else ""
        elif choice == 4:
            for key in list(element.attrib):
                element.attrib[key] = rng.choice(["0", "-1", "x", "999999999", "continue", "restart", ""])
        else:
            wrapper = etree.SubElement(parent, element.tag)
            wrapper.append(etree.fromstring(etree.tostring(element)))
        elements = list(root.iter())
    return etree.tostring(root)


# ---------------------------------------------------------------------------------------------------------
# Hostile files made on purpose


def _docx_with_body(body: bytes) -> bytes:
    seed = SAMPLES / "example_2021_county_bureau" / "report.docx"
    source = zipfile.ZipFile(seed)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name in source.namelist():
            part = source.read(name)
            if name == "word/document.xml":
                start = part.index(b"<w:body>") + len(b"<w:body>")
                part = part[:start] + body + part[part.index(b"<w:sectPr") :]
            package.writestr(name, part)
    return out.getvalue()


def _zip_bomb() -> bytes:
    """A .docx whose document part unpacks to 150 MB (160 kB packed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package, package.open("word/document.xml", "w") as part:
        block = b"<w:p/>" * 100_000
        for _ in range(250):
            part.write(block)
    return out.getvalue()


def _lying_zip() -> bytes:
    """A document part that declares 1 kB but unpacks to 50 MB: the zip reader stops at the declared size."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"<w:p/>" * 9_000_000)
    data = bytearray(out.getvalue())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.index(signature)
        data[at + offset : at + offset + 4] = (1024).to_bytes(4, "little")
    return bytes(data)


def _zip_field(offsets: dict[bytes, int], value: int) -> bytes:
    """The sample .docx with a two-byte field of every zip header set to ``value`` (offset by signature)."""
    data = bytearray((SAMPLES / "example_2021_county_bureau" / "report.docx").read_bytes())
    for signature, offset in offsets.items():
        at = data.find(signature)
        while at != -1:
            data[at + offset : at + offset + 2] = value.to_bytes(2, "little")
            at = data.find(signature, at + 4)
    return bytes(data)


P = "<w:p><w:r><w:t>2021年</w:t></w:r></w:p>".encode()


def _nested_word_tables(depth: int) -> bytes:
    body = P
    for _ in range(depth):
        body = b"<w:tbl><w:tr><w:tc>" + body + b"</w:tc><w:tc>" + P + b"</w:tc></w:tr></w:tbl>" + P
    return _docx_with_body(body + P)


def _flate_bomb_pdf(megabytes: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``megabytes`` MB of spaces."""
    import zlib

    squeezer = zlib.compressobj(1)  # fast; the stream is still a hundred times smaller
    chunk = b" " * (1024 * 1024)
    stream = b"".join(squeezer.compress(chunk) for _ in range(megabytes)) + squeezer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _html_table(rows: int, columns: int, *, closed: bool = True) -> bytes:
    row = "<tr>" + ("<td>1</td>" if closed else "<td>1") * columns + ("</tr>" if closed else "")
    return ("<html><body><p>2021年政府信息公开工作年度报告</p><table>" + row * rows + "</table>").encode()


def _page_declaring(charset: str) -> bytes:
    """A page that names an odd codec: Python's own escapes and transforms are no web encodings."""
    body = "<p>2021年政府信息公开工作年度报告</p><p>一、总体情况</p><p>+2AA- \\ud800 &#xD800; 正文</p>"
    return f'<html><head><meta charset="{charset}"></head><body>{body}</body></html>'.encode()


@dataclass(frozen=True)
class Hostile:
    name: str
    make: Callable[[], bytes]
    refused: str | None  # a phrase of the expected refusal; None: any outcome but a crash


HOSTILE: tuple[Hostile, ...] = (
    Hostile("zip_bomb.docx", _zip_bomb, "解压后过大"),
    Hostile("lying_zip.docx", _lying_zip, "无法打开 Word 文件"),
    # Found by the long run: a zip whose headers ask for a newer zip version (NotImplementedError).
    Hostile("zip_version.docx", lambda: _zip_field({b"PK\x01\x02": 6}, 229), "无法打开 Word 文件"),
    Hostile("zip_method.docx", lambda: _zip_field({b"PK\x01\x02": 10, b"PK\x03\x04": 8}, 99), "无法打开 Word 文件"),
    Hostile("nested_tables.docx", lambda: _nested_word_tables(40), None),
    Hostile(
        "bad_grid_span.docx",
        lambda: _docx_with_body(
            b'<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="x"/></w:tcPr>' + P + b"</w:tc></w:tr></w:tbl>"
        ),
        None,
    ),
    Hostile("junk.docx", lambda: random.Random(1).randbytes(20_000), "无法打开 Word 文件"),
    Hostile("empty.docx", lambda: b"", "无法打开 Word 文件"),
    Hostile("deep.html", lambda: b"<div>" * 60_000 + "2021年".encode(), None),
    Hostile("deep_tables.html", lambda: b"<table><tr><td>" * 20_000, None),
    Hostile("huge_table.html", lambda: _html_table(2_000, 200), "标签过多"),
    Hostile("wide_table.html", lambda: _html_table(700, 30, closed=False), "单元格过多"),
    Hostile("junk.html", lambda: random.Random(2).randbytes(50_000), "编码"),
    *(
        Hostile(f"charset_{name}.html", lambda name=name: _page_declaring(name), None)  # type: ignore[misc]
        for name in ("undefined", "unicode_escape", "utf-7", "punycode", "rot13", "zlib", "utf-32", "x-unknown")
    ),
    Hostile("junk.pdf", lambda: b"%PDF-1.7\n" + random.Random(3).randbytes(20_000), "PDF"),
    Hostile("many_lines.txt", lambda: b"2021\n" * 25_000, "内容过多"),
    Hostile("many_cells.txt", lambda: "2021年\n".encode() + b"|1" * 25_000 + b"|\n", "单元格过多"),
    Hostile("layout_numbers.txt", lambda: "2021年\f".encode() + b"1 " * 40_000, None),
    Hostile("one_long_line.txt", lambda: "2021年政府信息公开".encode() * 30_000, None),
    Hostile("nul.txt", lambda: b"\x00" * 100_000, None),
)


# ---------------------------------------------------------------------------------------------------------
# Running one case


@dataclass
class Outcome:
    name: str
    seconds: float
    result: str  # imported / refused


def run_case(directory: Path, name: str, data: bytes) -> Outcome:
    path = directory / name
    path.write_bytes(data)
    started = time.perf_counter()
    try:
        result = import_report(path)
        outcome = "imported"
        assert result.report.meta.origin == "imported"
        # What `import -o` writes and prints must be storable as UTF-8 (no lone surrogates, whatever the file).
        report_to_json(result.report).encode("utf-8")
        "\n".join(result.summary_lines()).encode("utf-8")
    except InputError as error:
        text = error.render()
        assert text.startswith(f"无法读取 {path}："), text
        assert error.problems and all(_is_chinese(p.message) for p in error.problems), text
        outcome = "refused: " + "；".join(p.message for p in error.problems)
    seconds = time.perf_counter() - started
    assert seconds < CASE_SECONDS, (name, seconds)
    return Outcome(name, seconds, outcome)


def _is_chinese(message: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in message)


def mutated_cases(kind: str, count: int, seed: int) -> Iterator[tuple[str, bytes]]:
    rng = random.Random(seed)
    seeds = [(p, p.read_bytes()) for p in _seeds(kind)]
    suffix = {"text": ".txt", "html": ".html", "docx": ".docx", "pdf": ".pdf"}[kind]
    for number in range(count):
        path, data = rng.choice(seeds)
        mutator = {"docx": mutate_docx, "html": mutate_html, "text": mutate_text, "pdf": mutate}[kind]
        mutated = mutator(rng, data)
        yield f"{kind}-{number}-{path.stem[:12]}{suffix}", mutated


# ---------------------------------------------------------------------------------------------------------
# The tests (quick: a few hundred cases with fixed seeds)

QUICK = {"text": 80, "html": 50, "docx": 50, "pdf": 3}


@pytest.mark.parametrize("kind", list(QUICK))
def test_mutated_files_import_or_are_refused_in_chinese(kind: str, tmp_path: Path) -> None:
    outcomes = [run_case(tmp_path, name, data) for name, data in mutated_cases(kind, QUICK[kind], seed=8)]
    assert len(outcomes) == QUICK[kind]


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda h: h.name)
def test_hostile_files_are_refused_or_read_in_bounded_time(hostile: Hostile, tmp_path: Path) -> None:
    outcome = run_case(tmp_path, hostile.name, hostile.make())
    if hostile.refused is not None:
        assert hostile.refused in outcome.result, outcome.result


def test_the_pdf_reader_is_bounded_even_when_a_page_is_heavy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A PDF that makes the reading process exceed its time is ended, and named: here with a 1-second limit."""
    monkeypatch.setattr(S, "MAX_PDF_SECONDS", 1)
    monkeypatch.setattr(S, "_CHILD_CODE", "import time; time.sleep(30)")
    started = time.perf_counter()
    outcome = run_case(tmp_path, "slow.pdf", (CORPUS / "04_hongzequrenminzhengfu_2024.pdf").read_bytes())
    assert "超出了内存或时间上限（1 秒" in outcome.result
    assert time.perf_counter() - started < 5


def test_a_pdf_compression_bomb_ends_at_the_memory_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A content stream that inflates past the reading process's memory: refused with the limits named. Here
    with a 200 MB limit and a 300 MB stream, to stay quick; the long run uses the real limit."""
    if sys.platform == "win32":
        pytest.skip("the memory limit is POSIX only; on Windows the time limit applies")
    monkeypatch.setattr(S, "MAX_PDF_MEMORY", 200 * S.MB)
    outcome = run_case(tmp_path, "flate_bomb.pdf", _flate_bomb_pdf(300))
    assert "超出了内存或时间上限（60 秒，200 MB）" in outcome.result


def test_the_check_command_survives_mutated_files(tmp_path: Path) -> None:
    """import → every check of a published report → printed findings: exit 0, 1 or 2, never an exception."""
    codes = []
    for name, data in mutated_cases("text", 30, seed=81):
        path = tmp_path / name
        path.write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        codes.append(check_command(str(path), out=out, err=err))
        assert "Traceback" not in out.getvalue() + err.getvalue()
    assert set(codes) <= {0, 1, 2} and len(set(codes)) > 1


# ---------------------------------------------------------------------------------------------------------
# The long run


def _long_run(per_kind: int) -> None:  # pragma: no cover - run by hand, see the module docstring
    import resource
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        for kind in QUICK:
            count = per_kind if kind != "pdf" else max(1, per_kind // 20)
            outcomes = []
            for name, data in mutated_cases(kind, count, seed=2026):
                outcomes.append(run_case(directory, name, data))
                (directory / name).unlink()
            refused = sum(1 for o in outcomes if o.result.startswith("refused"))
            slowest = max(outcomes, key=lambda o: o.seconds)
            print(f"{kind}: {len(outcomes)} cases, {refused} refused, slowest {slowest.seconds:.2f} s ({slowest.name})")
        for hostile in HOSTILE:
            outcome = run_case(directory, hostile.name, hostile.make())
            print(f"{hostile.name}: {outcome.seconds:.2f} s, {outcome.result[:60]}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"peak memory of this process: {peak} MB")


if __name__ == "__main__":  # pragma: no cover
    _long_run(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)

"""More property-based tests (see tests/test_properties.py for the first ones):

- a single-cell change that breaks a sum is caught at that very cell: its column (the balance, or the
  results) and its row (the row total) in 表三; its block and column in 表四;
- any document at all, as bytes — arbitrary bytes, a BOM, GBK, UTF-16, lone surrogates, numbers too large
  for anything, nesting ten thousand deep, controls and bidi overrides in every text — gives exit 0, 1 or 2
  and a message in Chinese, never a traceback or an English library message; and when it is a figures file,
  --from-json renders it to every format without a crash.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant import formats as F
from assistant.checks import CheckOptions, run_checks
from assistant.cli import main
from assistant.model import ReportBase, with_computed_totals
from tests.helpers import as_data, set3, set4, zero_filled
from tests.test_properties import consistent_reports, mutated_figures

# REPORT_ASSISTANT_FUZZ_SCALE=50 runs fifty times the examples (the long run stated in SECURITY.md).
SCALE = max(1, int(os.environ.get("REPORT_ASSISTANT_FUZZ_SCALE", "1")))
QUICK = settings(
    max_examples=60 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
# What the libraries say in English; none of it may reach the clerk.
ENGLISH = re.compile(
    r"Traceback|Input should|Field required|validation error|Value error|Extra inputs|unable to parse|"
    r"Expecting|Exceeds the limit|object has no attribute|codec can't"
)


def _errors_at(report: ReportBase) -> list[tuple[str | None, str | None, str | None, str | None]]:
    return [
        (f.location.table, f.location.block, f.location.row, f.location.column)
        for f in run_checks(report, CheckOptions())
        if f.is_error and f.location is not None
    ]


@QUICK
@given(consistent_reports(), st.data())
def test_a_changed_part_cell_of_table3_is_caught_at_its_row_and_its_column(
    report: ReportBase, data: st.DataObject
) -> None:
    done = with_computed_totals(report)
    fmt = done.fmt
    rows = [r.key for r in fmt.table3_rows if r.key != F.TABLE3_TOTAL_ROW]
    row = data.draw(st.sampled_from(rows))
    column = data.draw(st.sampled_from(list(F.TABLE3_PART_COLUMNS)))
    value = done.t3(row, column) or 0
    delta = data.draw(st.integers(min_value=-value, max_value=50).filter(lambda d: d != 0))
    set3(done, row, column, value + delta)
    errors = _errors_at(done)
    assert any(t == "table3" and c == column for t, _b, _r, c in errors), (row, column, errors)
    assert any(t == "table3" and r == row for t, _b, r, _c in errors), (row, column, errors)


@QUICK
@given(consistent_reports(), st.data())
def test_a_changed_cell_of_table4_is_caught_at_its_block(report: ReportBase, data: st.DataObject) -> None:
    """表四 has one sum a block (总计 = the four results): a change is caught at that block's total."""
    done = with_computed_totals(report)
    block = data.draw(st.sampled_from([b.key for b in F.TABLE4_BLOCKS]))
    column = data.draw(st.sampled_from([c.key for c in F.TABLE4_COLUMNS]))
    value = done.t4(block, column) or 0
    delta = data.draw(st.integers(min_value=-value, max_value=50).filter(lambda d: d != 0))
    set4(done, block, column, value + delta)
    errors = _errors_at(done)
    assert [(t, b) for t, b, _r, _c in errors] == [("table4", block)], (block, column, errors)


# ---------------------------------------------------------------------------------------------------------
# Any document at all

NASTY_TEXT = st.lists(
    st.sampled_from(
        [
            "\ud800",
            "\udfff",
            "\x00",
            "\x1b[2J",
            "\u202e",
            "\u2066",
            "\ufeff",
            "\ufffe",
            "<script>",
            "&#x202E;",
            "{ HYPERLINK x }",
            "\r\n",
            "\x0b",
            "【待补充：",
            "一、总体情况",
            "12345678901234567890",
            "-1",
            "中文",
        ]
    )
    | st.text(max_size=8),
    max_size=6,
).map("".join)


@st.composite
def nasty_figures(draw: st.DrawFn) -> dict[str, object]:
    """A figures file that is right in shape, with hostile text in every text field."""
    data = as_data(zero_filled(draw(st.sampled_from([2020, 2025]))))
    meta = data["meta"]
    assert isinstance(meta, dict)
    for key in ("agency", "title", "self_reference", "preparer", "website_name"):
        if draw(st.booleans()):
            meta[key] = draw(NASTY_TEXT)
    narrative = data["narrative"]
    assert isinstance(narrative, dict)
    for part in F.NARRATIVE_PARTS:
        slot = narrative[part.key]
        assert isinstance(slot, dict)
        slot["notes"] = draw(st.none() | NASTY_TEXT)
        slot["text"] = draw(st.none() | NASTY_TEXT)
    return data


def _encodings(text: str) -> st.SearchStrategy[bytes]:
    def encode(encoding: str) -> bytes:
        return text.encode(encoding, errors="surrogatepass" if "utf" in encoding else "replace")

    return st.sampled_from(["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le", "big5"]).map(encode)


@st.composite
def any_document(draw: st.DrawFn) -> bytes:
    """Bytes that may or may not be a figures file, in any of the ways such a file goes wrong."""
    kind = draw(st.sampled_from(["mutated", "nasty", "bytes", "number", "deep", "escape"]))
    if kind == "bytes":
        return draw(st.binary(max_size=300))
    if kind == "number":
        number = draw(
            st.sampled_from(["9" * 5000, "1e400", "-1e400", "1e-400", "-0", "0x10", "1_000", "１２", "NaN", "Infinity"])
        )
        data = as_data(zero_filled(2025))
        text = json.dumps(data).replace(
            '"new_received": {"natural_person": 0', f'"new_received": {{"natural_person": {number}'
        )
        return text.encode("utf-8")
    if kind == "deep":
        depth = draw(st.sampled_from([50, 900, 5_000, 50_000]))
        return ('{"meta": ' + "[" * depth + "]" * depth + "}").encode()
    if kind == "escape":  # JSON escapes of lone surrogates and controls in keys and values
        data = as_data(zero_filled(2025))
        data["meta"]["agency"] = "机关\\ud800\\u0000"  # type: ignore[index]
        text = json.dumps(data, ensure_ascii=False).replace("\\\\", "\\")
        if draw(st.booleans()):
            text = text.replace('"agency"', '"\\udfffagency"')
        return text.encode("utf-8")
    document = draw(mutated_figures() if kind == "mutated" else nasty_figures())
    text = json.dumps(document, ensure_ascii=draw(st.booleans()))
    return draw(_encodings(text))


def _check_output(code: int, out: str, err: str, path: Path) -> None:
    assert code in (0, 1, 2), (code, err)
    assert not ENGLISH.search(out + err), out + err
    if code == 2:
        assert err.startswith(f"无法读取 {path}：\n") or err.startswith("错误："), err
        assert re.search(r"[\u4e00-\u9fff]", err.split("\n", 1)[1] if "\n" in err else err)


@settings(max_examples=120 * SCALE, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(any_document())
def test_any_document_is_validated_with_a_chinese_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], document: bytes
) -> None:
    path = tmp_path / "figures.json"
    path.write_bytes(document)
    code = main(["validate", str(path)])
    out, err = capsys.readouterr()
    _check_output(code, out, err, path)
    if code != 2:
        assert "校验" in out


@settings(max_examples=30 * SCALE, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(any_document(), nasty_figures().map(lambda d: json.dumps(d).encode("utf-8"))))
def test_any_document_renders_or_is_refused_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], document: bytes
) -> None:
    """--from-json to every format, --allow-errors so that even a file with errors is rendered as a draft."""
    path = tmp_path / "figures.json"
    path.write_bytes(document)
    stem = tmp_path / "out" / "报告"
    stem.parent.mkdir(exist_ok=True)
    arguments = ["--from-json", str(path), "--offline", "--allow-errors", "--format", "docx,html,md,txt"]
    code = main([*arguments, "-o", str(stem)])
    out, err = capsys.readouterr()
    _check_output(code, out, err, path)
    written = sorted(p.suffix for p in stem.parent.iterdir())
    assert written == ([] if code == 2 else [".docx", ".html", ".md", ".txt"])
    for p in stem.parent.iterdir():
        p.unlink()

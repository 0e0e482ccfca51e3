"""The checks on real published reports (tests/data/corpus, typed from the .txt beside each file) and on the
two sample reports.

The expected findings were worked out by hand from the published tables (see tests/data/corpus/NOTES.md):
each test names the cells, the expected and the found values, so that a check that goes quiet, fires at
the wrong place or fires on a clean report fails here.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from assistant import formats as F
from assistant.checks import run_checks
from assistant.figures import load_report
from assistant.findings import Finding, Severity, table3_place, table4_place
from assistant.model import ReportBase
from tests.conftest import DATA, SAMPLES

CORPUS = DATA / "corpus"
SHANGHAI = CORPUS / "01_shanghaishirenminzhengfubangongting_2019.json"
HUAIAN = CORPUS / "02_huaianshirenminzhengfu_2024.json"
HONGZE = CORPUS / "04_hongzequrenminzhengfu_2024.json"
SHUYANG = CORPUS / "06_shuyangxianfazhanhegaigeju_2023.json"
SEED = SAMPLES / "seed_2020_shanggao_audit" / "figures.json"
EXAMPLE = SAMPLES / "example_2021_county_bureau" / "figures.json"

CORPUS_FILES = sorted(CORPUS.glob("*.json"))
TABLE_ARITHMETIC = {"T3-BALANCE", "T3-RESULTS", "T3-ROWTOTAL", "T4-TOTAL"}


def _findings(path: Path) -> list[Finding]:
    return run_checks(load_report(path))


def _key(f: Finding) -> tuple[str, str, str | None, str | None, str | None]:
    assert f.location is not None
    return (f.code, f.severity.value, f.location.table, f.location.row or f.location.block, f.location.column)


def _table_findings(findings: list[Finding], *severities: Severity) -> list[Finding]:
    """Findings that point into a table (表二/三/四), of the given severities."""
    return [f for f in findings if f.location and f.location.table and f.severity in severities]


def _null_cells(report: ReportBase) -> set[tuple[str, str, str]]:
    """Every blank cell, as (table, row or block, column)."""
    cells: set[tuple[str, str, str]] = set()
    for block in report.fmt.table2:
        for row in block.rows:
            cells |= {("table2", row.key, c.key) for c in block.columns if report.t2(block.key, row.key, c.key) is None}
    for row in report.fmt.table3_rows:
        cells |= {("table3", row.key, c.key) for c in F.TABLE3_COLUMNS if report.t3(row.key, c.key) is None}
    for t4 in F.TABLE4_BLOCKS:
        cells |= {("table4", t4.key, c.key) for c in F.TABLE4_COLUMNS if report.t4(t4.key, c.key) is None}
    return cells


# ---------------------------------------------------------------------------------------------------------
# The typed files are faithful to the published text


def _source(path: Path) -> str:
    return path.with_suffix(".txt").read_text(encoding="utf-8")


def _squeezed(text: str) -> str:
    """Text without page footers (-3-) and without any whitespace: PDF layout and HTML line breaks vanish."""
    text = re.sub(r"(?m)^\s*-\d+-\s*$", "", text)
    return re.sub(r"\s+", "", text)


# Numbers standing alone in a table cell: between whitespace or '|' ("| 821 |", "  3001  "), never the "1."
# of a row label or a page footer "-4-". 采购总金额 carries its unit in the cell ("251000元").
_CELL_NUMBER = re.compile(r"(?<![^\s|])(\d+(?:\.\d+)?)(?:万元|元)?(?![^\s|])")
# Numbers printed in a table that have no place in our model (recorded in NOTES.md).
_UNTYPED = {"16_xiaoganshirenminzhengfubangongshi_2020.json": ["56", "45"]}  # local row 其他主动公开文件


def _typed_in_print_order(report: ReportBase) -> list[str]:
    values: list[object] = []
    for block in report.fmt.table2:
        for row in block.rows:
            values += [report.t2(block.key, row.key, c.key) for c in block.columns]
    for row in report.fmt.table3_rows:
        values += [report.t3(row.key, c.key) for c in F.TABLE3_COLUMNS]
    for t4 in F.TABLE4_BLOCKS:
        values += [report.t4(t4.key, c.key) for c in F.TABLE4_COLUMNS]
    return [str(v) for v in values if v is not None]


def _printed_table_numbers(source: str) -> list[str]:
    lines = source.split("\n")
    start = next(i for i, line in enumerate(lines) if re.match(r"\s*二、", line))
    end = next((i for i, line in enumerate(lines) if re.match(r"\s*五、", line)), len(lines))
    return _CELL_NUMBER.findall("\n".join(lines[start:end]))


def test_every_corpus_file_has_its_source_text() -> None:
    assert len(CORPUS_FILES) >= 4
    for path in CORPUS_FILES:
        assert path.with_suffix(".txt").is_file(), path.name
        report = load_report(path)
        assert report.meta.origin == "imported", path.name


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem[:2])
def test_table_numbers_are_the_published_ones_in_print_order(path: Path) -> None:
    """Every number printed in 表二–表四 is typed, in order, and nothing else is (blank cells stay blank)."""
    typed = _typed_in_print_order(load_report(path)) + _UNTYPED.get(path.name, [])
    assert _printed_table_numbers(_source(path)) == typed


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem[:2])
def test_narrative_and_title_are_verbatim(path: Path) -> None:
    report = load_report(path)
    source = _squeezed(_source(path))
    if report.meta.title is not None:
        assert _squeezed(report.meta.title) in source
    for part in F.NARRATIVE_PARTS:
        text = report.narrative_text(part.key).text
        if text is not None:
            assert text == text.strip() and "\n\n" not in text, part.key
            for paragraph in text.split("\n"):
                assert _squeezed(paragraph) in source, (part.key, paragraph[:30])


@pytest.mark.parametrize("path", [SHANGHAI, SHUYANG], ids=["01", "06"])
def test_blank_positions_match_the_html_table(path: Path) -> None:
    """In the '|'-separated copies the place of every blank is visible: compare cell by cell."""
    report = load_report(path)
    source = _source(path)
    section3 = source[source.index("三、收到和处理") : source.index("四、政府信息公开行政复议")]
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in section3.split("\n")]
    data_rows = [r[-7:] for r in rows if len(r) >= 8]
    assert len(data_rows) == len(report.fmt.table3_rows)
    for row, printed in zip(report.fmt.table3_rows, data_rows, strict=True):
        typed = [report.t3(row.key, c.key) for c in F.TABLE3_COLUMNS]
        assert [None if cell == "" else int(cell) for cell in printed] == typed, row.key
    section4 = source[source.index("四、政府信息公开行政复议") : source.index("五、")]
    last = section4.strip().split("\n")[-1]
    printed4 = [c.strip() for c in last.strip().strip("|").split("|")]
    typed4 = [report.t4(b.key, c.key) for b in F.TABLE4_BLOCKS for c in F.TABLE4_COLUMNS]
    assert [None if cell == "" else int(cell) for cell in printed4] == typed4


# ---------------------------------------------------------------------------------------------------------
# 上海市人民政府办公厅 2019: blank 总计 column in the results, 126 blank cells, no arithmetic mismatch

# The 总计 of every result row with figures is blank; CELL-BLANK must report each with the sum of its parts.
SHANGHAI_BLANK_TOTALS = {
    "r1_granted": 272,  # 258 + 12 + 1 + 1
    "r2_partial": 3,
    "r3_1": 14,
    "r3_5": 5,
    "r3_6": 4,  # 3 + 1
    "r3_8": 12,  # 10 + 2
    "r4_1": 265,  # 252 + 12 + 1
    "r4_2": 47,  # 44 + 3
    "r4_3": 25,
    "r5_1": 149,  # 148 + 1
    "r5_2": 9,  # 5 + 4
}


def test_shanghai_blank_totals_are_errors_with_the_expected_sum() -> None:
    report = load_report(SHANGHAI)
    errors = [f for f in _findings(SHANGHAI) if f.code == "CELL-BLANK" and f.is_error]
    got = {(f.location.table, f.location.row, f.location.column): (f.expected, f.found) for f in errors}
    assert got == {("table3", row, "total"): (str(total), "空白") for row, total in SHANGHAI_BLANK_TOTALS.items()}
    first = next(f for f in errors if f.location.row == "r1_granted")
    assert first.location.label == table3_place(report.fmt, "r1_granted", "total").label
    assert first.location.label == "表三 “（一）予以公开” / 总计"
    assert "272" in first.message


def test_shanghai_other_blanks_are_warnings() -> None:
    report = load_report(SHANGHAI)
    blanks = _null_cells(report)
    table3_blanks = {c for c in blanks if c[0] == "table3"}
    assert len(table3_blanks) == 126  # of 161 cells (INDEX.md)
    assert {c for c in blanks if c[0] != "table3"} == {
        ("table4", "review", "corrected"),
        ("table4", "review", "other"),
        ("table4", "litigation_direct", "corrected"),
        ("table4", "litigation_direct", "other"),
        *{("table4", "litigation_after_review", c.key) for c in F.TABLE4_COLUMNS},
    }
    errors = {("table3", row, "total") for row in SHANGHAI_BLANK_TOTALS}
    warnings = [f for f in _findings(SHANGHAI) if f.code == "CELL-BLANK" and f.severity is Severity.WARNING]
    places = [(f.location.table, f.location.row or f.location.block, f.location.column) for f in warnings]
    assert len(places) == len(set(places)) == 124 == len(blanks) - len(errors)
    assert set(places) == blanks - errors
    # Blank totals whose parts are all blank (sum 0) are warnings, not errors: the （七）总计 of 科研机构, and
    # the whole 复议后起诉 block.
    by_place = {(f.location.table, f.location.row or f.location.block, f.location.column): f for f in warnings}
    assert by_place[("table3", "r7_total", "research")].location.label == "表三 “（七）总计” / 科研机构"
    after_review = by_place[("table4", "litigation_after_review", "total")]
    assert after_review.location.label == table4_place("litigation_after_review", "total").label
    assert after_review.found == "空白"


def _shanghai_arithmetic() -> list[Finding]:
    return [f for f in _findings(SHANGHAI) if f.code in TABLE_ARITHMETIC]


def test_shanghai_published_arithmetic_holds_apart_from_the_blank_totals() -> None:
    """By hand: every column balances (821+18 = 767+72; 35 = 35; 2 = 2; 1 = 1; 859+18 = 805+72), every row that
    prints a 总计 adds up (821+35+2+1 = 859; 767+35+2+1 = 805), 表四 adds up (5+2 = 7; 8+1 = 9), and the
    （七）总计 805 equals the sum of the (blank) result-row totals 272+3+14+5+4+12+265+47+25+149+9, so no
    arithmetic finding is due: the blanks are CELL-BLANK findings of their own."""
    assert [_key(f) for f in _shanghai_arithmetic()] == []


# ---------------------------------------------------------------------------------------------------------
# 淮安市人民政府 2024: clean


def test_huaian_raises_no_error_and_no_table_warning() -> None:
    findings = _findings(HUAIAN)
    assert [f.render() for f in findings if f.is_error] == []
    assert [f.render() for f in _table_findings(findings, Severity.WARNING)] == []
    assert _null_cells(load_report(HUAIAN)) == set()


def test_huaian_figures_the_narrative_states() -> None:
    report = load_report(HUAIAN)
    assert (report.t3("new_received", "total"), report.t3("carried_in", "total")) == (3119, 34)
    assert (report.t3("r7_total", "total"), report.t3("carried_out", "total")) == (3050, 103)
    assert report.t4("review", "total") == 351
    assert report.t4("litigation_direct", "total") + report.t4("litigation_after_review", "total") == 46
    assert report.t2("art20_8", "admin_fees", "amount_wan_yuan") == Decimal("96171.6")


# ---------------------------------------------------------------------------------------------------------
# 淮安市洪泽区人民政府 2024: （六）其他处理 printed as one row, typed into 3.其他


def test_hongze_raises_no_table_arithmetic_error() -> None:
    findings = _findings(HONGZE)
    assert [f.render() for f in findings if f.code in TABLE_ARITHMETIC] == []
    assert [f.render() for f in _table_findings(findings, Severity.ERROR)] == []


def test_hongze_collapsed_other_row_leaves_rows_1_and_2_blank() -> None:
    report = load_report(HONGZE)
    assert [report.t3("r6_3", c.key) for c in F.TABLE3_COLUMNS] == [0] * 7
    expected = {("table3", row, c.key) for row in ("r6_1", "r6_2") for c in F.TABLE3_COLUMNS}
    assert _null_cells(report) == expected
    warnings = _table_findings(_findings(HONGZE), Severity.WARNING)
    assert {_key(f) for f in warnings} == {("CELL-BLANK", "warning", *cell) for cell in expected}
    assert len(warnings) == 14


# ---------------------------------------------------------------------------------------------------------
# 沭阳县发展和改革局 2023: 125 blank cells, arithmetic balances (26 + 0 = 26 + 0)


def test_shuyang_raises_only_blank_cell_warnings_in_its_tables() -> None:
    findings = _findings(SHUYANG)
    table = _table_findings(findings, Severity.ERROR, Severity.WARNING)
    assert {(f.code, f.severity) for f in table} == {("CELL-BLANK", Severity.WARNING)}
    assert len(table) == 125
    # The five 法人或其他组织 columns are blank in every one of the 25 rows; nothing else is.
    expected = {("table3", row.key, c) for row in F.FORMAT_2021.table3_rows for c in F.TABLE3_ORG_COLUMNS}
    assert {(f.location.table, f.location.row, f.location.column) for f in table} == expected
    assert all(f.expected == "0 或实际数" and f.found == "空白" for f in table)


def test_shuyang_2019_row_label_is_typed_as_admin_normative_docs() -> None:
    report = load_report(SHUYANG)
    assert report.version is F.FormatVersion.V2021
    assert [report.t2("art20_1", "admin_normative_docs", c) for c in ("issued", "repealed", "in_force")] == [8, 0, 18]


# ---------------------------------------------------------------------------------------------------------
# The sample reports


def test_seed_raises_no_error() -> None:
    report = load_report(SEED)
    assert report.meta.origin == "draft" and report.version is F.FormatVersion.V2019
    assert [f.render() for f in run_checks(report) if f.is_error] == []
    assert _null_cells(report) == set()
    assert report.t2("art20_9", "central_procurement", "projects") == 4
    assert report.t2("art20_9", "central_procurement", "total_amount") == Decimal("78.84")
    assert report.table2.art20_9.central_procurement.total_amount_unit == "万元"
    assert report.narrative_text("preamble").text is None and report.narrative_text("platform").text is None
    assert report.narrative_text("other").text == "无"


def test_example_raises_no_error_and_its_totals_are_computed() -> None:
    report = load_report(EXAMPLE)
    assert report.meta.origin == "draft" and report.version is F.FormatVersion.V2021
    assert [f.render() for f in run_checks(report) if f.is_error] == []
    # Every total is left to the assistant; every other cell is filled.
    totals = {("table3", r.key, "total") for r in report.fmt.table3_rows}
    totals |= {("table3", "r7_total", c) for c in F.TABLE3_PART_COLUMNS}
    totals |= {("table4", b.key, "total") for b in F.TABLE4_BLOCKS}
    assert _null_cells(report) == totals
    assert report.t3("r6_2", "natural_person") == 1
    assert all(report.narrative_text(p.key).text is None for p in F.NARRATIVE_PARTS)
    for key in (*F.OVERVIEW_TOPIC_KEYS, "problems", "other"):
        assert report.narrative_text(key).notes, key


def test_example_tables_trip_when_a_cell_changes() -> None:
    """The example is clean only because its figures hold: one more 予以公开 unbalances its column."""
    report = load_report(EXAMPLE)
    report.table3.r1_granted.natural_person += 1
    errors = [f for f in run_checks(report) if f.is_error]
    assert ("T3-BALANCE", "error", "table3", None, "natural_person") in {_key(f) for f in errors}

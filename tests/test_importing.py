"""Reading published reports: every corpus report, the PDFs, the seed, our own exports, and bad files.

The expected figures are the hand-typed files beside each source (tests/data/corpus/*.json, NOTES.md):
every table must come out cell for cell as typed, blank cells blank (None), never 0.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from assistant import formats as F
from assistant.figures import InputError, load_report
from assistant.formats import FormatVersion
from assistant.importing import MAX_BYTES, import_report, load_any_report
from assistant.importing.commands import check_command, import_command
from assistant.importing.normalize import TRADITIONAL_TO_SIMPLIFIED, label_key, parse_cell
from assistant.model import ReportBase, with_computed_totals
from tests.conftest import DATA, SAMPLES

CORPUS = DATA / "corpus"
FIGURES = sorted(CORPUS.glob("*.json"))
SEED_TEXT = DATA / "seed" / "000_dda405f3101c73c3.txt"
SEED_FIGURES = SAMPLES / "seed_2020_shanggao_audit" / "figures.json"
EXAMPLE = SAMPLES / "example_2021_county_bureau" / "figures.json"
HUAIAN = CORPUS / "02_huaianshirenminzhengfu_2024"
HONGZE = CORPUS / "04_hongzequrenminzhengfu_2024"
SHUYANG = CORPUS / "06_shuyangxianfazhanhegaigeju_2023"


def cells(report: ReportBase) -> dict[tuple[str, ...], object]:
    """Every cell of the three tables, blank ones included, keyed by place."""
    out: dict[tuple[str, ...], object] = {}
    for block in report.fmt.table2:
        for row in block.rows:
            for column in block.columns:
                out[("table2", block.key, row.key, column.key)] = report.t2(block.key, row.key, column.key)
    if report.version is FormatVersion.V2019:
        out[("table2", "art20_9", "unit")] = report.table2.art20_9.central_procurement.total_amount_unit
    for row in report.fmt.table3_rows:
        for column in F.TABLE3_COLUMNS:
            out[("table3", row.key, column.key)] = report.t3(row.key, column.key)
    for block in F.TABLE4_BLOCKS:
        for column in F.TABLE4_COLUMNS:
            out[("table4", block.key, column.key)] = report.t4(block.key, column.key)
    return out


def assert_same_tables(got: ReportBase, expected: ReportBase) -> None:
    assert got.version is expected.version
    a, b = cells(got), cells(expected)
    assert [(k, a[k], b[k]) for k in b if a[k] != b[k]] == []


def _narrative(report: ReportBase) -> dict[str, str | None]:
    return {p.key: report.narrative_text(p.key).text for p in F.NARRATIVE_PARTS}


# ---------------------------------------------------------------------------------------------------------
# The corpus, cell for cell


@pytest.mark.parametrize("figures", FIGURES, ids=lambda p: p.stem[:2])
def test_corpus_text_imports_to_the_hand_typed_figures(figures: Path) -> None:
    expected = load_report(figures)
    result = import_report(figures.with_suffix(".txt"))
    report = result.report
    assert report.meta.origin == "imported"
    assert report.meta.year == expected.meta.year
    assert report.meta.format_version == expected.meta.format_version
    assert_same_tables(report, expected)
    # The title as published; the 机关全称 from it (11 prints 平利县正阳镇 where INDEX.md names the 人民政府).
    assert report.meta.title == expected.meta.title
    if expected.meta.title and not figures.name.startswith("11_"):
        assert report.meta.agency == expected.meta.agency
    if expected.meta.title is None:
        assert report.meta.agency == "" and result.is_missing("agency") and result.is_missing("title")
    assert report.meta.published == expected.meta.published


@pytest.mark.parametrize("figures", FIGURES, ids=lambda p: p.stem[:2])
def test_corpus_narrative_parts_are_split_as_typed(figures: Path) -> None:
    """Preamble, the lead paragraph and five topics of 一, 五 and 六 come out as NOTES.md types them."""
    assert _narrative(import_report(figures.with_suffix(".txt")).report) == _narrative(load_report(figures))


@pytest.mark.parametrize("stem", [HUAIAN, HONGZE], ids=["02", "04"])
def test_pdf_and_its_layout_text_give_the_same_report(stem: Path) -> None:
    from_pdf = import_report(stem.with_suffix(".pdf"))
    from_text = import_report(stem.with_suffix(".txt"))
    assert from_pdf.source_kind == "pdf" and from_text.source_kind == "layout"
    assert_same_tables(from_pdf.report, from_text.report)
    assert_same_tables(from_pdf.report, load_report(stem.with_suffix(".json")))
    assert _narrative(from_pdf.report) == _narrative(from_text.report)
    assert from_pdf.report.meta == from_text.report.meta
    assert [(d.location.label, d.printed) for d in from_pdf.labels] == [
        (d.location.label, d.printed) for d in from_text.labels
    ]


def test_contact_data_and_fees_come_from_the_text() -> None:
    huaian = import_report(HUAIAN.with_suffix(".pdf")).report
    expected = load_report(HUAIAN.with_suffix(".json"))
    assert huaian.meta.contact == expected.meta.contact
    assert huaian.meta.preparer == "淮安市人民政府办公室"
    assert huaian.meta.body_kind is F.BodyKind.GOVERNMENT
    assert huaian.fees.collected_yuan == Decimal("3940")
    shuyang = import_report(SHUYANG.with_suffix(".txt")).report
    assert shuyang.meta.contact == load_report(SHUYANG.with_suffix(".json")).meta.contact
    assert (shuyang.meta.website_name, shuyang.meta.website_url) == ("沭阳县人民政府网站", "http://www.shuyang.gov.cn/")
    assert shuyang.fees.collected_yuan == Decimal("0")  # "未发生收费情况"
    shanghai = import_report(CORPUS / "01_shanghaishirenminzhengfubangongting_2019.txt").report
    assert shanghai.meta.website_name == "“中国上海”门户网站"


def test_the_format_comes_from_the_labels_not_the_year() -> None:
    pingli = import_report(CORPUS / "11_pinglixianzhengyangzhen_2021.txt")
    assert pingli.report.meta.year == 2021 and pingli.detected_version is FormatVersion.V2019
    assert any("2019年格式" in e for e in pingli.version_evidence)
    # Nothing in the labels: the year decides, and the import says so.
    jiange = import_report(CORPUS / "09_jiangexianyixingzhenrenminzhengfu_2021.txt")
    assert jiange.detected_version is FormatVersion.V2021
    assert any("按年度确定" in e for e in jiange.version_evidence)


def test_blank_cells_stay_blank() -> None:
    shuyang = import_report(SHUYANG.with_suffix(".txt")).report
    assert [shuyang.t3("new_received", c.key) for c in F.TABLE3_COLUMNS] == [26, None, None, None, None, None, 26]
    shanghai = import_report(CORPUS / "01_shanghaishirenminzhengfubangongting_2019.txt").report
    assert shanghai.t3("r1_granted", "total") is None
    assert [shanghai.t4("litigation_after_review", c.key) for c in F.TABLE4_COLUMNS] == [None] * 5
    assert shanghai.t2("art20_9", "central_procurement", "total_amount") == Decimal("251000")
    assert shanghai.table2.art20_9.central_procurement.total_amount_unit == "元"


def test_hongze_collapsed_other_row_goes_to_3_other() -> None:
    result = import_report(HONGZE.with_suffix(".pdf"))
    report = result.report
    assert result.collapsed_other
    assert [report.t3("r6_3", c.key) for c in F.TABLE3_COLUMNS] == [0] * 7
    assert [report.t3("r6_1", c.key) for c in F.TABLE3_COLUMNS] == [None] * 7
    assert any(n.severity == "error" and "只印了一行" in n.message for n in result.shape)


def test_local_rows_are_kept_aside_and_never_summed() -> None:
    result = import_report(CORPUS / "16_xiaoganshirenminzhengfubangongshi_2020.txt")
    assert [(e.table, e.block, e.label, e.values) for e in result.extra_rows] == [
        ("table2", "art20_1", "其他主动公开文件", ("56", "45"))
    ]
    numbers = {v for v in cells(result.report).values() if isinstance(v, int)}
    assert not numbers & {56, 45}


def test_label_variants_are_listed_with_the_official_label() -> None:
    hongze = import_report(HONGZE.with_suffix(".txt"))
    assert [(d.location.row, d.printed, d.official) for d in hongze.labels] == [
        ("r3_2", "2.其他法律行政止公开", "2.其他法律行政法规禁止公开")
    ]
    shuyang = import_report(SHUYANG.with_suffix(".txt"))
    assert [(d.kind, d.printed, d.official) for d in shuyang.labels] == [("old-format", "规范性文件", "行政规范性文件")]
    yangling = import_report(CORPUS / "17_yanglingqutongjiju_2020.txt")
    assert [(d.kind, d.location.column, d.printed) for d in yangling.labels] == [
        ("cut", "new_made", "本年新"),
        ("cut", "new_published", "本年新"),
    ]
    # Numbering written "1、" (淮安市) and half-width punctuation (11–18) are not differences.
    assert import_report(HUAIAN.with_suffix(".txt")).labels == []
    assert import_report(CORPUS / "12_chongqingjiulongpoquerlangjiedaobanshichu_2022.txt").labels == []


def test_heading_with_a_dropped_list_comma_is_official(tmp_path: Path) -> None:
    source = SHUYANG.with_suffix(".txt").read_text(encoding="utf-8")
    path = tmp_path / "heading.txt"
    path.write_text(
        source.replace("四、政府信息公开行政复议、行政诉讼情况", "四、政府信息公开行政复议行政诉讼情况"),
        encoding="utf-8",
    )
    review = next(h for h in import_report(path).headings if h.section == "review")
    assert (review.printed, review.status) == ("四、政府信息公开行政复议行政诉讼情况", "official")


def test_headings_as_printed_and_as_announced() -> None:
    shuyang = import_report(SHUYANG.with_suffix(".txt"))
    problems = next(h for h in shuyang.headings if h.section == "problems")
    assert (problems.printed, problems.status) == ("五、存在的主要问题及整改措施", "variant")
    shanghai = import_report(CORPUS / "01_shanghaishirenminzhengfubangongting_2019.txt")
    assert [a.section for a in shanghai.announced or []] == [s.key for s in F.SECTIONS]
    assert next(h for h in shanghai.headings if h.section == "problems").status == "alias"
    jiange = import_report(CORPUS / "09_jiangexianyixingzhenrenminzhengfu_2021.txt")
    assert [a.printed for a in jiange.announced or []] == [
        "概述",
        "政府信息主动公开情况",
        "依申请公开政府信息办理情况",
        "载体建设情况",
    ]
    assert all(a.section is None for a in jiange.announced or [])


# ---------------------------------------------------------------------------------------------------------
# Partial reports: a clear "not found", never an invented part


@pytest.mark.parametrize(
    "name",
    [p.name for p in sorted(CORPUS.glob("*.txt")) if not p.name.startswith(("01_", "02_", "04_", "06_"))],
)
def test_partial_reports_say_what_is_missing(name: str) -> None:
    result = import_report(CORPUS / name)
    missing = {m.part for m in result.missing}
    assert {"problems", "other"} <= missing  # every partial file ends before 五
    assert all(m.reason for m in result.missing)
    for table in ("table2", "table3", "table4"):
        if table in missing:
            assert all(v is None for k, v in cells(result.report).items() if k[0] == table), table
    assert any(line.startswith("未找到") for line in result.summary_lines())


def test_a_table_cut_by_the_end_of_the_text_keeps_what_was_printed() -> None:
    result = import_report(CORPUS / "14_changchunlinkongjingjishifanqu_2025.txt")
    report = result.report
    assert [report.t3("r3_5", c.key) for c in F.TABLE3_COLUMNS] == [0, 0, 0, 0, 0, 0, None]
    assert any(m.part.startswith("cells:") and "中断" in m.reason for m in result.missing)
    assert result.is_missing("table3.r4_1") and result.is_missing("table4")
    assert report.t3("r4_1", "natural_person") is None  # the 1 application of （四）1 is not in the text


# ---------------------------------------------------------------------------------------------------------
# The seed


def test_seed_text_imports_to_the_sample_figures() -> None:
    result = import_report(SEED_TEXT)
    expected = load_report(SEED_FIGURES)
    assert_same_tables(result.report, expected)
    assert result.report.meta.year == 2020 and result.report.meta.agency == ""
    assert result.is_missing("title") and result.is_missing("agency")
    # Narrative: the same parts as the sample figures, except the preamble, which the sample leaves to be
    # drafted while the import keeps the published one.
    got, typed = _narrative(result.report), _narrative(expected)
    assert {k: v for k, v in got.items() if k != "preamble"} == {k: v for k, v in typed.items() if k != "preamble"}
    assert got["preamble"] is not None and got["preamble"].startswith("本报告依据《中华人民共和国政府信息公开条例》")
    assert typed["preamble"] is None
    assert result.table3_note == "本列数据的勾稽关系为：0之和，等于0之和"
    assert result.report.meta.contact.address == expected.meta.contact.address
    assert result.report.meta.website_name == expected.meta.website_name
    # The seed prints five cells in the rows of 三: all zeros, said plainly.
    assert any("印出的数全部为0" in n.message for n in result.shape)


# ---------------------------------------------------------------------------------------------------------
# Our own export, read back


def _documents() -> list[tuple[str, ReportBase]]:
    from assistant.drafting.templates import TemplateDrafter
    from assistant.pipeline import build

    reports = [(p.stem[:2], load_report(p)) for p in FIGURES]
    for name, path in (("seed", SEED_FIGURES), ("example", EXAMPLE)):
        drafted = build(load_report(path), TemplateDrafter()).report
        reports.append((name, with_computed_totals(drafted)))
    return reports


# Word export takes about a second a report; these cover both formats, full and partial, blanks, a
# collapsed （六）, local labels, and two drafts with every narrative part written by the template drafter.
DOCX_SAMPLE = {"01", "04", "06", "11", "seed", "example"}


@pytest.mark.parametrize("suffix", [".docx", ".html"])
def test_our_export_reads_back_identically(suffix: str, tmp_path: Path) -> None:
    from assistant.render import build_document
    from assistant.render.docx import render_docx
    from assistant.render.html import render_html

    render = render_docx if suffix == ".docx" else render_html
    for name, report in _documents():
        if suffix == ".docx" and name not in DOCX_SAMPLE:
            continue
        path = tmp_path / f"{name}{suffix}"
        path.write_bytes(render(build_document(report)))
        back = import_report(path).report
        assert_same_tables(back, report)
        # 11's title prints 平利县正阳镇 where its 机关全称 is the 人民政府: the title is what is read back.
        agency = "平利县正阳镇" if name == "11" else report.meta.agency
        assert (back.meta.agency, back.meta.year, back.version) == (agency, report.meta.year, report.version), name
        assert _narrative(back) == _narrative(report), name


# ---------------------------------------------------------------------------------------------------------
# Real-world variation


def _to_traditional(text: str) -> str:
    reverse = {v: k for k, v in TRADITIONAL_TO_SIMPLIFIED.items()}
    return "".join(chr(reverse.get(ord(ch), ord(ch))) for ch in text)


def test_traditional_characters_read_like_simplified(tmp_path: Path) -> None:
    source = SHUYANG.with_suffix(".txt").read_text(encoding="utf-8")
    mirrored = _to_traditional(source)
    assert mirrored != source and "報告" in mirrored and "開" in mirrored
    path = tmp_path / "mirror.txt"
    path.write_text(mirrored, encoding="utf-8")
    assert_same_tables(import_report(path).report, load_report(SHUYANG.with_suffix(".json")))


def test_html_page_with_merged_cells_and_entities(tmp_path: Path) -> None:
    """01 as the web page had it: a table with rowspans, &nbsp; blanks, <br> inside header cells."""
    source = (CORPUS / "01_shanghaishirenminzhengfubangongting_2019.txt").read_text(encoding="utf-8")
    html = ["<html><head><meta charset='utf-8'><title>年报</title></head><body><div class='article'>"]
    in_table = False
    for line in source.split("\n")[2:]:
        if line.startswith("|"):
            if not in_table:
                html.append("<table border='1'>")
                in_table = True
            cells_ = [c.strip() for c in line.strip().strip("|").split("|")]
            tds = "".join(f"<td>{c.replace('商业企业', '商业<br>企业') if c else '&nbsp;'}</td>" for c in cells_)
            html.append(f"<tr>{tds}</tr>")
            continue
        if in_table:
            html.append("</table>")
            in_table = False
        if line.strip():
            html.append(f"<p>{line}</p>")
    html.append("</div><script>var x = '一、总体情况';</script></body></html>")
    path = tmp_path / "page.htm"
    path.write_text("\n".join(html), encoding="utf-8")
    result = import_report(path)
    assert result.source_kind == "html"
    expected = load_report(CORPUS / "01_shanghaishirenminzhengfubangongting_2019.json")
    assert_same_tables(result.report, expected)
    assert result.report.meta.title == expected.meta.title


def test_big5_mirror_page_inside_a_layout_table(tmp_path: Path) -> None:
    """A 繁体 mirror (big5) whose article sits in a page-layout table: the inner tables are the data."""
    source = SHUYANG.with_suffix(".txt").read_text(encoding="utf-8").split("\n")[8:]
    html = ['<html><head><meta charset="big5"></head><body><table><tr><td>首頁 &gt; 信息公開</td></tr><tr><td>']
    rows: list[str] = []
    for line in source:
        if line.startswith("|"):
            rows.append(
                "<tr>" + "".join(f"<td>{c.strip() or '&nbsp;'}</td>" for c in line.strip("|").split("|")) + "</tr>"
            )
            continue
        if rows:
            html.append("<table>" + "".join(rows) + "</table>")
            rows = []
        html.append(f"<p>{line}</p>")
    html.append("</td></tr></table></body></html>")
    path = tmp_path / "mirror.html"
    path.write_bytes(_to_traditional("\n".join(html)).encode("big5hkscs", errors="xmlcharrefreplace"))
    result = import_report(path)
    assert_same_tables(result.report, load_report(SHUYANG.with_suffix(".json")))
    assert result.report.meta.year == 2023 and "報告" in (result.report.meta.title or "")


def test_cell_values_blank_marks_units_and_text() -> None:
    assert parse_cell("—").kind == "blank" and parse_cell("-").kind == "blank" and parse_cell("无").kind == "blank"
    assert parse_cell("  ").kind == "blank"
    assert (parse_cell("3,985,758").value, parse_cell("１２").value) == (Decimal("3985758"), Decimal("12"))
    assert (parse_cell("78.84万元").value, parse_cell("78.84万元").unit) == (Decimal("78.84"), "万元")
    assert parse_cell("-417").value == Decimal("-417")
    assert parse_cell("略").kind == "text" and parse_cell("详见附件").kind == "text"
    assert label_key("（三） 不予公开") == label_key("(三)不予公开")
    assert label_key("1、其他") == label_key("1.其他")


def test_text_in_a_figure_cell_is_stored_blank_and_named(tmp_path: Path) -> None:
    source = SHUYANG.with_suffix(".txt").read_text(encoding="utf-8")
    changed = source.replace("| 行政许可 | 0 |", "| 行政许可 | 略 |").replace(
        "| 8.属于行政查询事项 | 0 |", "| 8.属于行政查询事项 | 详见附件 |"
    )
    assert changed != source
    path = tmp_path / "cells.txt"
    path.write_text(changed, encoding="utf-8")
    result = import_report(path)
    assert result.report.t2("art20_5", "licensing", "decisions") is None
    assert result.report.t3("r3_8", "natural_person") is None
    problems = {(p.location.label, p.printed) for p in result.cell_problems}
    assert problems == {
        ("表二 第二十条第（五）项 “行政许可” / 本年处理决定数量", "略"),
        ("表三 “（三）不予公开 8.属于行政查询事项” / 自然人", "详见附件"),
    }


# ---------------------------------------------------------------------------------------------------------
# Bad files: a Chinese message naming the problem, never a traceback


def test_files_over_the_size_limit_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:
        handle.truncate(MAX_BYTES["text"] + 1)
    with pytest.raises(InputError) as caught:
        import_report(big)
    assert "文件过大" in caught.value.render() and "5 MB" in caught.value.render()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("old.doc", b"\xd0\xcf\x11\xe0", "另存为 .docx"),
        ("report.xlsx", b"PK", "不支持的文件类型"),
        ("broken.docx", b"not a zip", "Word 文件"),
        ("broken.pdf", b"%PDF-1.4 garbage", "PDF"),
        ("empty.txt", b"", "没有可读取的文字"),
        ("no_year.txt", "一、总体情况\n我局认真做好政府信息公开工作。\n".encode(), "无法确定报告年度"),
        ("old_year.txt", "某局2017年政府信息公开工作年度报告\n一、总体情况\n".encode(), "2017"),
    ],
)
def test_unreadable_files_raise_input_error(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        import_report(path)
    assert message in caught.value.render()


def test_missing_file_and_gbk_text(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="文件不存在"):
        import_report(tmp_path / "none.txt")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(SHUYANG.with_suffix(".txt").read_text(encoding="utf-8").encode("gb18030"))
    assert_same_tables(import_report(gbk).report, load_report(SHUYANG.with_suffix(".json")))


def test_year_and_agency_can_be_given(tmp_path: Path) -> None:
    result = import_report(CORPUS / "13_changchunxinqukejiju_2023.txt", agency="长春新区科技局")
    assert result.report.meta.agency == "长春新区科技局" and not result.is_missing("agency")
    assert result.report.meta.year == 2023
    assert import_report(SEED_TEXT, year=2020).report.meta.year == 2020


def test_load_any_report_reads_json_and_published_files() -> None:
    assert load_any_report(SEED_FIGURES).meta.agency == "上高县审计局"
    assert load_any_report(HUAIAN.with_suffix(".pdf")).meta.agency == "淮安市人民政府"


# ---------------------------------------------------------------------------------------------------------
# The import and check commands


def test_import_command_writes_a_figures_file_that_loads_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "figures.json"
    assert import_command(str(HUAIAN.with_suffix(".pdf")), str(output)) == 0
    out = capsys.readouterr().out
    assert "已导入" in out and "淮安市人民政府，2024年度，2021年格式（按表格标签识别）" in out
    assert_same_tables(load_report(output), load_report(HUAIAN.with_suffix(".json")))
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["meta"]["origin"] == "imported"
    # An existing file is never overwritten.
    assert import_command(str(HUAIAN.with_suffix(".pdf")), str(output)) == 2
    assert "已存在" in capsys.readouterr().err


def test_import_command_says_what_to_fill_in(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "seed.json"
    assert import_command(str(SEED_TEXT), str(output)) == 0
    out = capsys.readouterr().out
    assert "未找到 标题" in out and "meta.agency" in out
    assert import_command(str(tmp_path / "none.pdf"), str(tmp_path / "x.json")) == 2
    assert "文件不存在" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()


def test_check_command_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_command(str(HUAIAN.with_suffix(".pdf"))) == 0
    assert "未发现错误" in capsys.readouterr().out
    assert check_command(str(SEED_TEXT)) == 1
    out = capsys.readouterr().out
    assert "PLACEHOLDER" in out and "结果维护" in out
    assert check_command(str(SEED_TEXT), as_json=True) == 1
    codes = {f["code"] for f in json.loads(capsys.readouterr().out)}
    assert {"PLACEHOLDER", "LABEL", "NOT-FOUND"} <= codes


def test_every_supported_suffix_is_listed() -> None:
    from assistant.importing import SUPPORTED_SUFFIXES

    assert {".docx", ".html", ".htm", ".pdf", ".txt"} <= set(SUPPORTED_SUFFIXES)

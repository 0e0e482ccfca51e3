"""Checks that only exist in published text, over the corpus defects of INDEX.md and made-up variations.

Each INDEX.md defect that lives in the text or the labels is asserted with its code and place; the clean
淮安市 2024 report (text and PDF) must give no error at all.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from assistant.checks import CheckOptions
from assistant.checks.published import check_published
from assistant.findings import Finding, Severity
from assistant.importing import ImportResult, import_report
from assistant.importing.commands import check_findings
from tests.conftest import DATA

CORPUS = DATA / "corpus"
SEED_TEXT = DATA / "seed" / "000_dda405f3101c73c3.txt"


def _path(prefix: str) -> Path:
    if prefix == "seed":
        return SEED_TEXT
    return next(CORPUS.glob(f"{prefix}_*.txt"))


@cache
def _imported(prefix: str) -> ImportResult:
    return import_report(_path(prefix))


@cache
def _all(prefix: str) -> tuple[Finding, ...]:
    """What `report-assistant check` reports: the report's own checks and the published-text checks."""
    return tuple(check_findings(str(_path(prefix)))[2])


def _places(findings: tuple[Finding, ...] | list[Finding], *severities: Severity) -> set[tuple[str, str]]:
    wanted = severities or (Severity.ERROR,)
    return {(f.code, f.location.label if f.location else "") for f in findings if f.severity in wanted}


# ---------------------------------------------------------------------------------------------------------
# INDEX.md, report by report

EXPECTED_ERRORS: dict[str, set[tuple[str, str]]] = {
    "04": {
        ("LABEL", "表三 “（三）不予公开 2.其他法律行政法规禁止公开”"),
        ("TABLE-SHAPE", "表三 “（六）其他处理 3.其他”"),
    },
    "06": {
        ("LABEL", "表二 第二十条第（一）项 “行政规范性文件”"),
        ("SECTIONS", "“五、存在的主要问题及改进情况”的标题"),
    },
    "09": {("SECTIONS", "报告说明（开头段）")},
    "10": {
        ("SECTIONS", "报告说明（开头段）"),
        ("SECTIONS", "“二、主动公开政府信息情况”的标题"),
    },
    "13": {("LABEL", "表三 “（二）部分公开（区分处理的，只计这一情形，不计其他情形）”")},
    "16": {("SECTIONS", "“二、主动公开政府信息情况”的标题")},
    "17": {
        ("LABEL", "表二 第二十条第（一）项 栏目“本年新制作数量”"),
        ("LABEL", "表二 第二十条第（一）项 栏目“本年新公开数量”"),
    },
    "seed": {
        ("PLACEHOLDER", "表三 勾稽关系说明（表头左上角）"),
        ("LABEL", "表四 行政复议 / 结果维持"),
        ("LABEL", "表四 行政诉讼·未经复议直接起诉 / 结果维持"),
        ("LABEL", "表四 行政诉讼·复议后起诉 / 结果维持"),
        ("LABEL", "表三 栏目“总计”"),
        ("LABEL", "表三 “（二）部分公开（区分处理的，只计这一情形，不计其他情形）”"),
        ("LABEL", "表三 “（五）不予处理 1.信访举报投诉类申请”"),
    },
    # Nothing in the text or labels of these (their defects, if any, are in the tables or the narrative).
    "01": set(),
    "02": set(),
    "11": set(),
    "12": set(),
    "14": set(),
    "15": set(),
    "18": set(),
}


@pytest.mark.parametrize("prefix", sorted(EXPECTED_ERRORS))
def test_published_text_errors_are_exactly_the_index_defects(prefix: str) -> None:
    assert _places(check_published(_imported(prefix))) == EXPECTED_ERRORS[prefix]


def test_defects_found_by_the_report_checks_on_the_imported_text() -> None:
    """INDEX.md defects that run_checks finds once the text is imported: the period, the format."""
    assert ("TITLE", "报告说明（开头段）（第135字处）") in _places(_all("10"))
    assert ("TITLE", "报告说明（开头段）（第158字处）") in _places(_all("15"))
    assert ("FORMAT-VERSION", "基本信息 “格式版本”") in _places(_all("11"))


@pytest.mark.parametrize("suffix", [".txt", ".pdf"])
def test_clean_huaian_report_gives_no_error_and_no_warning(suffix: str) -> None:
    _report, _result, findings = check_findings(str(CORPUS / f"02_huaianshirenminzhengfu_2024{suffix}"))
    assert [f.render() for f in findings if f.is_error] == []
    # Numbers of the narrative with no table counterpart (5500余条) are advice, not defects.
    warnings = [f.render() for f in findings if f.severity is Severity.WARNING and f.code != "NARRATIVE-UNVERIFIED"]
    assert warnings == []


def test_narrative_defects_are_found_in_the_imported_text() -> None:
    """INDEX.md's narrative defects, once the text is imported (the narrative checks are another module's)."""
    narrative = pytest.importorskip("assistant.checks.narrative")
    checks = getattr(narrative, "CHECKS", ())
    if not checks:
        pytest.skip("assistant.checks.narrative has no CHECKS yet")

    def numbers(prefix: str) -> set[str | None]:
        report = _imported(prefix).report
        found = [f for check in checks for f in check(report, CheckOptions())]
        return {f.found for f in found if f.code == "NARRATIVE-NUMBERS" and f.is_error}

    assert "17件" in numbers("04")  # 受理政府信息公开申请 17 件 vs 表三 95
    assert {"258件", "265件"} <= numbers("01")
    assert numbers("02") == set()


def test_label_messages_name_printed_and_official_labels() -> None:
    hongze = [f for f in check_published(_imported("04")) if f.code == "LABEL"]
    assert len(hongze) == 1
    assert (hongze[0].found, hongze[0].expected) == ("2.其他法律行政止公开", "2.其他法律行政法规禁止公开")
    shuyang = next(f for f in check_published(_imported("06")) if f.code == "LABEL")
    assert "2019年格式的写法" in shuyang.message and shuyang.location.row == "admin_normative_docs"
    seed = [f for f in check_published(_imported("seed")) if f.code == "LABEL" and f.found == "结果维护"]
    assert len(seed) == 3 and all(f.expected == "结果维持" for f in seed)


def test_seed_check_reports_the_unfilled_note_and_the_misspelt_header() -> None:
    findings = _all("seed")
    note = next(f for f in findings if f.code == "PLACEHOLDER")
    assert note.found == "本列数据的勾稽关系为：0之和，等于0之和" and note.is_error
    assert "0之和" in note.message
    assert any(f.code == "LABEL" and f.found == "结果维护" for f in findings)


def test_partial_reports_warn_about_what_is_missing_without_false_errors() -> None:
    for prefix in ("12", "14", "18"):
        findings = _all(prefix)
        assert [f.render() for f in findings if f.is_error] == [], prefix
        assert any(f.code == "NOT-FOUND" for f in findings), prefix
    # 14 stops inside 表三: its sums cannot be judged, and the cells never printed are not CELL-BLANK.
    fourteen = _all("14")
    assert not any(f.code in ("T3-BALANCE", "T3-RESULTS") for f in fourteen)
    assert sum(1 for f in fourteen if f.code == "CELL-BLANK") <= 1


def test_local_rows_and_narrow_rows_are_table_shape_warnings() -> None:
    xiaogan = [f for f in check_published(_imported("16")) if f.code == "TABLE-SHAPE"]
    assert len(xiaogan) == 1 and xiaogan[0].severity is Severity.WARNING
    assert "其他主动公开文件" in xiaogan[0].message and "不计入任何合计" in xiaogan[0].message
    seed = [f for f in check_published(_imported("seed")) if f.code == "TABLE-SHAPE"]
    assert len(seed) == 1 and seed[0].severity is Severity.WARNING and "整行为0" in seed[0].message


# ---------------------------------------------------------------------------------------------------------
# Made-up variations of real reports


def _variant(tmp_path: Path, prefix: str, old: str, new: str, name: str = "variant.txt") -> ImportResult:
    source = _path(prefix).read_text(encoding="utf-8")
    assert old in source, old
    path = tmp_path / name
    path.write_text(source.replace(old, new), encoding="utf-8")
    return import_report(path)


def test_basis_citation_of_the_2019_notice_in_a_2021_report(tmp_path: Path) -> None:
    result = _variant(
        tmp_path,
        "06",
        "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求",
        "根据《中华人民共和国政府信息公开条例》和国办公开办函〔2019〕60号要求",
    )
    basis = [f for f in check_published(result) if f.code == "BASIS-CITATION"]
    assert len(basis) == 1 and basis[0].severity is Severity.WARNING
    assert basis[0].location.part == "preamble" and basis[0].found == "国办公开办函〔2019〕60号"
    assert "国办公开办函〔2021〕30号" in basis[0].message
    # The seed (a 2020 report) cites it rightly.
    assert not any(f.code == "BASIS-CITATION" for f in check_published(_imported("seed")))
    # Half-width brackets and spaces are the same citation.
    loose = _variant(tmp_path, "06", "（以下简称《条例》）要求", "（国办公开办函[2019] 60号）要求", "loose.txt")
    assert any(f.code == "BASIS-CITATION" for f in check_published(loose))


def test_a_table2_block_in_the_other_format(tmp_path: Path) -> None:
    """第二十条第（一）项 with the 2019 columns inside a 2021 表二: its figures are kept aside, not misplaced."""
    result = _variant(
        tmp_path,
        "06",
        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |",
    )
    assert result.detected_version.value == "2021"  # 表二's other blocks and 表三's （六） say 2021
    mixed = [f for f in check_published(result) if f.code == "FORMAT-VERSION"]
    assert len(mixed) == 1 and mixed[0].is_error
    assert mixed[0].location.label == "表二 第二十条第（一）项" and "栏目为2019年格式" in mixed[0].message
    assert result.report.t2("art20_1", "admin_normative_docs", "in_force") is None
    assert [e.values for e in result.extra_rows] == [("0", "0", "0"), ("8", "0", "18")]


def test_table2_and_table3_in_different_formats(tmp_path: Path) -> None:
    """A 2019 表二 with a 2021 表三 (（六） in three rows): FORMAT-VERSION, and the three rows kept aside."""
    zeros = " | 0" * 7 + " |"
    split = (
        f"| （六）其他处理 | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请{zeros}\n"
        f"| 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请{zeros}\n"
        f"| 3.其他{zeros}"
    )
    result = _variant(tmp_path, "01", "| （六）其他处理 |  |  |  |  |  |  |  |", split)
    assert result.detected_version.value == "2019"
    mixed = [f for f in check_published(result) if f.code == "FORMAT-VERSION"]
    assert len(mixed) == 1 and "表二为2019年格式，表三为2021年格式" in mixed[0].message
    assert result.is_missing("table3.r6_other")
    assert [e.label for e in result.extra_rows if e.table == "table3"][-1] == "3.其他"


def test_text_in_a_cell_is_a_cell_type_error(tmp_path: Path) -> None:
    result = _variant(tmp_path, "06", "| 行政处罚 | 0 |", "| 行政处罚 | 略 |")
    errors = [f for f in check_published(result) if f.code == "CELL-TYPE"]
    assert len(errors) == 1 and errors[0].is_error
    assert errors[0].location.label == "表二 第二十条第（六）项 “行政处罚” / 本年处理决定数量"
    assert errors[0].found == "略"


def test_fee_in_yuan_in_a_wan_yuan_cell_is_a_cell_type_error(tmp_path: Path) -> None:
    result = _variant(tmp_path, "06", "| 行政事业性收费 | 0 |", "| 行政事业性收费 | 7545元 |")
    errors = [f for f in check_published(result) if f.code == "CELL-TYPE"]
    assert len(errors) == 1 and "单位“元”" in errors[0].message
    assert result.report.t2("art20_8", "admin_fees", "amount_wan_yuan") is None


def test_a_note_that_is_not_the_official_one(tmp_path: Path) -> None:
    result = _variant(
        tmp_path,
        "06",
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "（本列数据的勾稽关系为：第一项等于第三项）",
    )
    assert _places(check_published(result)) >= {("LABEL", "表三 勾稽关系说明（表头左上角）")}


def test_a_seventh_section_and_an_unannounced_one(tmp_path: Path) -> None:
    result = _variant(tmp_path, "01", "六、其他需要报告的事项\n无。", "六、其他需要报告的事项\n无。\n七、附件\n无。")
    assert ("SECTIONS", "报告结构") in _places(check_published(result))
    shortened = _variant(
        tmp_path,
        "01",
        "政府信息公开工作存在的主要问题及改进情况及其他需要报告的事项。",
        "政府信息公开工作存在的主要问题及改进情况。",
        "short.txt",
    )
    sections = [f for f in check_published(shortened) if f.code == "SECTIONS"]
    assert len(sections) == 1 and "没有提到“其他需要报告的事项”" in sections[0].message


def test_options_are_accepted() -> None:
    assert check_published(_imported("02"), CheckOptions(final=True)) == []


def test_a_collapsed_other_row_is_one_finding_not_a_blank_per_cell() -> None:
    findings = _all("04")
    shape = [f for f in findings if f.code == "TABLE-SHAPE" and f.is_error]
    assert len(shape) == 1 and "1、2两行留空" in shape[0].message
    assert not [f for f in findings if f.code == "CELL-BLANK" and f.location.row in ("r6_1", "r6_2")]

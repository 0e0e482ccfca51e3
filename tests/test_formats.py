"""Every official label of both formats, typed here from spec/report-format.md (not copied from the code)."""

from __future__ import annotations

import pytest

from assistant import formats as F
from assistant.layout import Role, table2_grid, table3_grid, table4_grid

SECTION_HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]

TABLE2_2019 = [
    ("第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"], ["规章", "规范性文件"]),
    ("第二十条第（五）项", ["上一年项目数量", "本年增/减", "处理决定数量"], ["行政许可", "其他对外管理服务事项"]),
    ("第二十条第（六）项", ["上一年项目数量", "本年增/减", "处理决定数量"], ["行政处罚", "行政强制"]),
    ("第二十条第（八）项", ["上一年项目数量", "本年增/减"], ["行政事业性收费"]),
    ("第二十条第（九）项", ["采购项目数量", "采购总金额"], ["政府集中采购"]),
]
TABLE2_2021 = [
    ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "行政规范性文件"]),
    ("第二十条第（五）项", ["本年处理决定数量"], ["行政许可"]),
    ("第二十条第（六）项", ["本年处理决定数量"], ["行政处罚", "行政强制"]),
    ("第二十条第（八）项", ["本年收费金额（单位：万元）"], ["行政事业性收费"]),
]

TABLE3_COMMON_HEAD = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
]
TABLE3_2019 = [*TABLE3_COMMON_HEAD, "（六）其他处理", "（七）总计", "四、结转下年度继续办理"]
TABLE3_2021 = [
    *TABLE3_COMMON_HEAD,
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
]
TABLE3_COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
TABLE3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
TABLE4_COLUMNS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def test_section_headings() -> None:
    assert [s.heading for s in F.SECTIONS] == SECTION_HEADINGS


@pytest.mark.parametrize(("fmt", "expected"), [(F.FORMAT_2019, TABLE2_2019), (F.FORMAT_2021, TABLE2_2021)])
def test_table2_labels(fmt: F.ReportFormat, expected: list) -> None:
    actual = [(b.title, [c.label for c in b.columns], [r.label for r in b.rows]) for b in fmt.table2]
    assert actual == expected


@pytest.mark.parametrize(("fmt", "cells"), [(F.FORMAT_2019, 22), (F.FORMAT_2021, 10)])
def test_table2_cell_count(fmt: F.ReportFormat, cells: int) -> None:
    assert sum(len(b.columns) * len(b.rows) for b in fmt.table2) == cells


@pytest.mark.parametrize(("fmt", "expected"), [(F.FORMAT_2019, TABLE3_2019), (F.FORMAT_2021, TABLE3_2021)])
def test_table3_rows(fmt: F.ReportFormat, expected: list[str]) -> None:
    assert [r.label for r in fmt.table3_rows] == expected
    assert len(fmt.table3_rows) * len(F.TABLE3_COLUMNS) == (161 if fmt.version == "2019" else 175)


def test_table3_header_and_groups() -> None:
    assert [c.label for c in F.TABLE3_COLUMNS] == TABLE3_COLUMNS
    assert F.TABLE3_NOTE == TABLE3_NOTE
    assert F.TABLE3_APPLICANT_HEADER == "申请人情况"
    assert F.TABLE3_ORG_GROUP == "法人或其他组织"
    assert F.TABLE3_RESULTS_LABEL == "三、本年度办理结果"
    groups_2021 = [(g.label, len(g.rows)) for g in F.FORMAT_2021.table3_groups]
    assert groups_2021 == [
        ("（一）予以公开", 1),
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1),
        ("（三）不予公开", 8),
        ("（四）无法提供", 3),
        ("（五）不予处理", 5),
        ("（六）其他处理", 3),
        ("（七）总计", 1),
    ]
    assert [(g.label, len(g.rows)) for g in F.FORMAT_2019.table3_groups][5] == ("（六）其他处理", 1)


def test_table4_labels() -> None:
    assert [c.label for c in F.TABLE4_COLUMNS] == TABLE4_COLUMNS
    assert [(b.label, b.parent) for b in F.TABLE4_BLOCKS] == [
        ("行政复议", None),
        ("未经复议直接起诉", "行政诉讼"),
        ("复议后起诉", "行政诉讼"),
    ]


def test_basis_documents_and_version_by_year() -> None:
    assert F.FORMAT_2019.basis.number == "国办公开办函〔2019〕60号"
    assert F.FORMAT_2021.basis.number == "国办公开办函〔2021〕30号"
    assert F.FORMAT_2021.basis.citation == (
        "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》"
        "（国办公开办函〔2021〕30号）"
    )
    assert [F.version_for_year(y) for y in (2019, 2020, 2021, 2026)] == ["2019", "2019", "2021", "2021"]


def test_known_misspellings_are_aliases_not_labels() -> None:
    upheld = next(c for c in F.TABLE4_COLUMNS if c.key == "upheld")
    assert "结果维护" in upheld.aliases and upheld.label == "结果维持"
    assert "2.其他法律行政止公开" in F.FORMAT_2021.table3_row("r3_2").aliases


# ---------------------------------------------------------------------------------------------------------
# Grids: sizes of the official Word template (spec §12) and every merged cell.


def _spans(grid) -> dict[str, tuple[int, int, int, int]]:
    return {c.text: (c.row, c.col, c.rowspan, c.colspan) for c in grid.cells if c.role is not Role.VALUE}


def _assert_tiles(grid) -> None:
    """Every grid position is covered by exactly one cell."""
    covered = [[0] * grid.n_cols for _ in range(grid.n_rows)]
    for c in grid.cells:
        for r in range(c.row, c.row + c.rowspan):
            for k in range(c.col, c.col + c.colspan):
                covered[r][k] += 1
    assert all(v == 1 for row in covered for v in row)


def test_table2_grid_2021() -> None:
    grid = table2_grid(F.FORMAT_2021)
    assert (grid.n_rows, grid.n_cols) == (14, 4)
    _assert_tiles(grid)
    titles = [c for c in grid.cells if c.role is Role.TITLE]
    assert all(c.colspan == 4 for c in titles)
    licensing = [c for c in grid.cells if c.ref and c.ref.row == "licensing"]
    assert [(c.col, c.colspan) for c in licensing] == [(1, 3)]


def test_table2_grid_2019() -> None:
    grid = table2_grid(F.FORMAT_2019)
    assert (grid.n_rows, grid.n_cols) == (18, 4)
    _assert_tiles(grid)
    procurement = [c for c in grid.cells if c.ref and c.ref.row == "central_procurement"]
    assert [(c.col, c.colspan) for c in procurement] == [(1, 1), (2, 2)]


@pytest.mark.parametrize(("fmt", "rows", "results_span"), [(F.FORMAT_2019, 26, 20), (F.FORMAT_2021, 28, 22)])
def test_table3_grid(fmt: F.ReportFormat, rows: int, results_span: int) -> None:
    grid = table3_grid(fmt)
    assert (grid.n_rows, grid.n_cols, grid.header_rows) == (rows, 10, 3)
    _assert_tiles(grid)
    spans = _spans(grid)
    assert spans[TABLE3_NOTE] == (0, 0, 3, 3)
    assert spans["申请人情况"] == (0, 3, 1, 7)
    assert spans["自然人"] == (1, 3, 2, 1)
    assert spans["法人或其他组织"] == (1, 4, 1, 5)
    assert spans["总计"] == (1, 9, 2, 1)
    assert [spans[x][:2] for x in TABLE3_COLUMNS[1:6]] == [(2, 4), (2, 5), (2, 6), (2, 7), (2, 8)]
    assert spans["一、本年新收政府信息公开申请数量"] == (3, 0, 1, 3)
    assert spans["三、本年度办理结果"] == (5, 0, results_span, 1)
    assert spans["（一）予以公开"] == (5, 1, 1, 2)
    assert spans["（三）不予公开"] == (7, 1, 8, 1)
    assert spans["（四）无法提供"] == (15, 1, 3, 1)
    assert spans["（五）不予处理"] == (18, 1, 5, 1)
    if fmt.version == "2021":
        assert spans["（六）其他处理"] == (23, 1, 3, 1)
    else:
        assert spans["（六）其他处理"] == (23, 1, 1, 2)
    assert spans["四、结转下年度继续办理"] == (rows - 1, 0, 1, 3)
    header_lines = {c.text: c.lines for c in grid.cells if c.role is Role.HEADER}
    assert header_lines["商业企业"] == ("商业", "企业")


def test_table4_grid() -> None:
    grid = table4_grid()
    assert (grid.n_rows, grid.n_cols) == (4, 15)
    _assert_tiles(grid)
    headers = [(c.text, c.row, c.col, c.rowspan, c.colspan) for c in grid.cells if c.role is Role.HEADER]
    assert ("行政复议", 0, 0, 1, 5) in headers
    assert ("行政诉讼", 0, 5, 1, 10) in headers
    assert ("未经复议直接起诉", 1, 5, 1, 5) in headers
    assert ("复议后起诉", 1, 10, 1, 5) in headers
    assert ("结果维持", 1, 0, 2, 1) in headers
    assert ("结果维持", 2, 5, 1, 1) in headers and ("总计", 2, 14, 1, 1) in headers
    values = [c for c in grid.cells if c.role is Role.VALUE]
    assert len(values) == 15 and all(c.row == 3 for c in values)

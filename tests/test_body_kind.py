"""The kind of body a 机关全称 suggests (assistant.body_kind), tried on the names of real reporting bodies."""

from __future__ import annotations

import doctest
import json
import subprocess
import sys
from pathlib import Path

import pytest

import assistant.body_kind
from assistant.body_kind import suggested_body_kind
from assistant.formats import BodyKind
from tests.conftest import ROOT

CORPUS = ROOT / "tests" / "data" / "corpus"

DEPARTMENT, GOVERNMENT, TOWNSHIP = BodyKind.DEPARTMENT, BodyKind.GOVERNMENT, BodyKind.TOWNSHIP

# The bodies of the published reports in tests/data/corpus (its INDEX.md) and of sample_reports, with the kind
# each one is: two of them have only a .txt and no figures file.
REAL_BODIES = [
    ("上海市人民政府办公厅", DEPARTMENT),
    ("淮安市人民政府", GOVERNMENT),
    ("淮安市洪泽区人民政府", GOVERNMENT),
    ("沭阳县发展和改革局", DEPARTMENT),
    ("剑阁县义兴镇人民政府", TOWNSHIP),
    ("吴起县周湾镇人民政府", TOWNSHIP),
    ("平利县正阳镇人民政府", TOWNSHIP),
    ("重庆市九龙坡区二郎街道办事处", TOWNSHIP),
    ("长春新区科技局", DEPARTMENT),
    ("长春临空经济示范区", DEPARTMENT),  # a development zone's own report: not a government
    ("长春新区管委会", DEPARTMENT),
    ("孝感市人民政府办公室", DEPARTMENT),
    ("杨陵区统计局", DEPARTMENT),
    ("抚远市生态环境局", DEPARTMENT),
    ("上高县审计局", DEPARTMENT),
    ("桐溪县自然资源局", DEPARTMENT),
]


@pytest.mark.parametrize(("agency", "kind"), REAL_BODIES, ids=[name for name, _ in REAL_BODIES])
def test_real_bodies(agency: str, kind: BodyKind) -> None:
    assert suggested_body_kind(agency) is kind


def test_every_corpus_figures_file_has_the_kind_its_name_suggests() -> None:
    """The kinds in the corpus were set by reading each report; the names alone give the same."""
    files = sorted(CORPUS.glob("*.json"))
    assert len(files) >= 10
    seen = set()
    for path in files:
        meta = json.loads(path.read_text(encoding="utf-8"))["meta"]
        assert suggested_body_kind(meta["agency"]).value == meta["body_kind"], path.name
        seen.add(meta["body_kind"])
    assert seen == {kind.value for kind in BodyKind}  # the corpus has every kind: the test can tell them apart


@pytest.mark.parametrize(
    "agency",
    [
        "上高县泗溪镇人民政府",
        "某镇人民政府",
        "上高县南港镇政府",
        "上高县蒙山乡人民政府",
        "某某县某某乡政府",
        "某某县某某民族乡人民政府",
        "某某街道办事处",
        "宜春市袁州区灵泉街道办事处",
        "北京市东城区人民政府东华门街道办事处",  # a 街道 of a district government: still a 街道
        "某区某某街道办",
        "某区某某街道",
        "吴起县周湾镇",  # a title's short form: 周湾镇2021年政府信息公开工作年度报告
        "阿拉善左旗巴彦木仁苏木人民政府",  # Inner Mongolia's 苏木 is a township
    ],
)
def test_townships_and_sub_districts(agency: str) -> None:
    assert suggested_body_kind(agency) is TOWNSHIP


@pytest.mark.parametrize(
    "agency",
    [
        "上高县人民政府",
        "宜春市人民政府",
        "江西省人民政府",
        "宜春市袁州区人民政府",
        "内蒙古自治区人民政府",
        "延边朝鲜族自治州人民政府",
        "阿拉善左旗人民政府",
        "神农架林区人民政府",
        "宜春市政府",
        "大兴安岭地区行政公署",
        "某某地区行署",
        # Places whose names hold 镇 or 乡: only the level just before 人民政府 counts.
        "镇江市人民政府",
        "湘乡市人民政府",
        "乡宁县人民政府",
        "镇原县人民政府",
    ],
)
def test_governments_at_county_level_and_above(agency: str) -> None:
    assert suggested_body_kind(agency) is GOVERNMENT


@pytest.mark.parametrize(
    "agency",
    [
        "上高县人民政府办公室",  # the office of a government is one of its departments
        "江西省人民政府办公厅",
        "宜春市人民政府外事办公室",
        "上高县政府办",
        "上高县人民政府国有资产监督管理委员会",
        "宜春市发展和改革委员会",
        "上高县住房和城乡建设局",
        "宜春市公安局交通警察支队",
        "上高县人民政府驻南昌办事处",  # an office 驻某地, not a 街道办事处
        "上高县镇江路社区卫生服务中心",
        "宜春市袁州区灵泉街道社区卫生服务中心",  # a 街道 in the name, but a department's own body
        "上高县乡村振兴局",
        "上高县",  # a place alone says nothing about the body
        "",
        "   ",
    ],
)
def test_everything_else_is_a_department(agency: str) -> None:
    assert suggested_body_kind(agency) is DEPARTMENT


def test_spaces_typed_in_the_name_do_not_count() -> None:
    assert suggested_body_kind(" 上高县 泗溪镇人民政府　") is TOWNSHIP
    assert suggested_body_kind("上高县人民 政府\n") is GOVERNMENT
    assert suggested_body_kind(None) is DEPARTMENT


def test_the_examples_in_the_docstring_hold() -> None:
    result = doctest.testmod(assistant.body_kind)
    assert result.attempted >= 2 and result.failed == 0


def test_the_module_loads_without_textual() -> None:
    """The CLI's ``new`` can use it: it is core, not UI."""
    code = "import sys, assistant.body_kind\nprint('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=Path(ROOT), capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"

"""Reading figures files: every problem is named in Chinese at its place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.figures import InputError, load_report, report_to_json, save_report
from tests.helpers import as_data, write_json, zero_filled


def _problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_report(path)
    return [f"{p.location.label if p.location else ''}：{p.message}" for p in caught.value.problems]


def test_negative_count_is_named_by_table_row_and_column(tmp_path: Path) -> None:
    data = as_data(zero_filled(2025))
    data["table3"]["new_received"]["natural_person"] = -1
    problems = _problems(write_json(tmp_path / "f.json", data))
    assert problems == ['表三 “一、本年新收政府信息公开申请数量” / 自然人：应为非负整数，实际为 "-1"']


def test_text_in_a_number_cell_is_a_cell_type_problem(tmp_path: Path) -> None:
    data = as_data(zero_filled(2025))
    data["table3"]["r3_1"]["commercial"] = "略"
    data["table2"]["art20_8"]["admin_fees"]["amount_wan_yuan"] = "12万元"
    data["table4"]["litigation_direct"]["upheld"] = 1.5
    with pytest.raises(InputError) as caught:
        load_report(write_json(tmp_path / "f.json", data))
    problems = caught.value.problems
    assert {p.code for p in problems} == {"CELL-TYPE"}
    labels = sorted(p.location.label for p in problems if p.location)
    assert labels == sorted(
        [
            "表三 “（三）不予公开 1.属于国家秘密” / 商业企业",
            "表二 第二十条第（八）项 “行政事业性收费” / 本年收费金额（单位：万元）",
            "表四 行政诉讼·未经复议直接起诉 / 结果维持",
        ]
    )
    assert any(p.found == '"12万元"' for p in problems)


def test_signed_delta_accepted_only_in_2019(tmp_path: Path) -> None:
    data = as_data(zero_filled(2020))
    data["table2"]["art20_5"]["licensing"]["delta"] = -417
    assert load_report(write_json(tmp_path / "ok.json", data)).t2("art20_5", "licensing", "delta") == -417
    data["table2"]["art20_5"]["licensing"]["prev_items"] = -1
    assert _problems(write_json(tmp_path / "bad.json", data)) == [
        '表二 第二十条第（五）项 “行政许可” / 上一年项目数量：应为非负整数，实际为 "-1"'
    ]


def test_unknown_keys_are_named_with_a_suggestion(tmp_path: Path) -> None:
    data = as_data(zero_filled(2025))
    data["tabel4"] = data.pop("table4")
    data["table3"]["r6_other"] = {}
    problems = _problems(write_json(tmp_path / "f.json", data))
    assert any("“tabel4”" in p and "“table4”" in p for p in problems)
    assert any(p.startswith("表三：") and "“r6_other”" in p for p in problems)


def test_an_unknown_top_level_key_named_like_a_format_is_still_named(tmp_path: Path) -> None:
    """Errors carry no format tag in their location any more; a key named like one is named as it is."""
    data = as_data(zero_filled(2025))
    data["2021"] = {}
    assert any(p.startswith("文件顶层：") and "“2021”" in p for p in _problems(write_json(tmp_path / "f.json", data)))


def test_metadata_problems(tmp_path: Path) -> None:
    data = as_data(zero_filled(2025))
    data["meta"]["agency"] = ""
    data["meta"]["year"] = 2010
    data["meta"]["body_kind"] = "部门"
    problems = _problems(write_json(tmp_path / "f.json", data))
    assert '基本信息 “机关全称”：不能为空，实际为 ""' in problems
    assert any(p.startswith("基本信息 “年度”：年度应为 2019 至 2100") for p in problems)
    assert any(p.startswith("基本信息 “机关类型”：应为以下之一：department、government、township") for p in problems)


def test_missing_meta(tmp_path: Path) -> None:
    assert _problems(write_json(tmp_path / "f.json", {"table3": {}})) == ["基本信息：缺少必填项"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"meta": {"agency": "x",, }}', "第 1 行第 25 列：JSON 格式错误"),
        (b"[1, 2]", "应为一个 JSON 对象"),
        (b'{"meta": 1, "meta": 2}', "出现了两次"),
        (b'{"meta": NaN}', "不是有效的数字"),
        (b"[" * 100000 + b"]" * 100000, "嵌套层数过深"),
        (b"\xff\xfe\x00\x01", "不是 UTF-8 编码"),
        (b"", "文件是空的"),
        (b'{"meta": {"agency": "x", "year": 20', "意外结束，内容不完整"),
        (b'{"meta": {"agency": "x"}\n', "意外结束，内容不完整"),
    ],
)
def test_unreadable_json(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(content)
    problems = _problems(path)
    assert len(problems) == 1 and expected in problems[0]


def test_bom_and_gbk_are_read(tmp_path: Path) -> None:
    text = report_to_json(zero_filled(2025, agency="上高县审计局"))
    (tmp_path / "bom.json").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (tmp_path / "gbk.json").write_bytes(text.encode("gbk"))
    assert load_report(tmp_path / "bom.json").meta.agency == "上高县审计局"
    assert load_report(tmp_path / "gbk.json").meta.agency == "上高县审计局"


def test_file_system_problems(tmp_path: Path) -> None:
    assert _problems(tmp_path / "none.json") == ["：文件不存在。"]
    assert _problems(tmp_path) == ["：这是一个文件夹，不是文件。"]


def test_save_is_readable_and_keeps_chinese(tmp_path: Path) -> None:
    report = zero_filled(2025, agency="上高县审计局")
    save_report(report, tmp_path / "f.json")
    raw = (tmp_path / "f.json").read_text(encoding="utf-8")
    assert "上高县审计局" in raw and json.loads(raw)["meta"]["year"] == 2025
    assert load_report(tmp_path / "f.json") == report
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]  # no temporary file left behind


def test_atomic_write_gives_ordinary_permissions(tmp_path: Path) -> None:
    import os
    import stat

    from assistant.atomic import write_text_atomic

    umask = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "new.txt", "甲")
        assert stat.S_IMODE(os.stat(tmp_path / "new.txt").st_mode) == 0o644
        os.chmod(tmp_path / "new.txt", 0o640)
        write_text_atomic(tmp_path / "new.txt", "乙")
        assert stat.S_IMODE(os.stat(tmp_path / "new.txt").st_mode) == 0o640
        assert (tmp_path / "new.txt").read_text(encoding="utf-8") == "乙"
    finally:
        os.umask(umask)

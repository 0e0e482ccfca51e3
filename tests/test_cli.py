"""The command line: exit codes, Chinese messages, and no output file left behind on failure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli import main
from tests.conftest import ROOT
from tests.helpers import as_data, set3, write_json, zero_filled


def _good_figures(tmp_path: Path) -> Path:
    report = zero_filled(2025, agency="测试县审计局")
    set3(report, "new_received", "natural_person", 3)
    set3(report, "r1_granted", "natural_person", 2)
    set3(report, "carried_out", "natural_person", 1)
    return write_json(tmp_path / "figures.json", as_data(report))


def _broken_figures(tmp_path: Path) -> Path:
    data = json.loads(_good_figures(tmp_path).read_text(encoding="utf-8"))
    data["table3"]["carried_out"]["natural_person"] = 5
    return write_json(tmp_path / "figures.json", data)


def test_from_json_writes_markdown_and_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    figures = _good_figures(tmp_path)
    code = main(["--from-json", str(figures), "--offline", "-o", str(tmp_path / "r.md"), "-o", str(tmp_path / "r.txt")])
    assert code == 0
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert md.startswith("# 测试县审计局2025年政府信息公开工作年度报告")
    assert "| 一、本年新收政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |" in md
    txt = (tmp_path / "r.txt").read_text(encoding="utf-8")
    assert "二、主动公开政府信息情况" in txt and "草稿" not in txt
    assert "已生成" in capsys.readouterr().err


def test_format_option_names_files_after_the_output_stem(tmp_path: Path) -> None:
    figures = _good_figures(tmp_path)
    assert main(["--from-json", str(figures), "--format", "md,txt", "-o", str(tmp_path / "年报")]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figures.json", "年报.md", "年报.txt"]


def test_broken_column_exits_1_names_it_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    figures = _broken_figures(tmp_path)
    out = tmp_path / "r.md"
    assert main(["--from-json", str(figures), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "T3-BALANCE 表三 “自然人”列" in err
    assert "一、本年新收政府信息公开申请数量（3）" in err and "四、结转下年度继续办理（5）" in err
    assert "未生成正式报告" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figures.json"]


def test_allow_errors_writes_a_marked_draft(tmp_path: Path) -> None:
    figures = _broken_figures(tmp_path)
    out = tmp_path / "r.md"
    assert main(["--from-json", str(figures), "-o", str(out), "--allow-errors"]) == 1
    text = out.read_text(encoding="utf-8")
    assert text.startswith("> **草稿（未通过校验）")
    assert "T3-BALANCE" in text


def test_unreadable_input_exits_2_with_the_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(_good_figures(tmp_path).read_text(encoding="utf-8"))
    data["table3"]["new_received"]["natural_person"] = -1
    figures = write_json(tmp_path / "figures.json", data)
    assert main(["--from-json", str(figures), "-o", str(tmp_path / "r.md")]) == 2
    err = capsys.readouterr().err
    assert f"无法读取 {figures}" in err
    assert '表三 “一、本年新收政府信息公开申请数量” / 自然人：应为非负整数，实际为 "-1"' in err
    assert not (tmp_path / "r.md").exists()


def test_unknown_output_format_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--from-json", str(_good_figures(tmp_path)), "-o", str(tmp_path / "r.pdfx")]) == 2
    assert "不支持的输出格式" in capsys.readouterr().err


def test_unwritable_output_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "missing-dir" / "r.md"
    assert main(["--from-json", str(_good_figures(tmp_path)), "-o", str(target)]) == 2
    assert "无法写入" in capsys.readouterr().err


def test_validate_readable_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(_good_figures(tmp_path))]) == 0
    assert "校验通过" in capsys.readouterr().out
    broken = _broken_figures(tmp_path)
    assert main(["validate", str(broken), "--json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    balance = [f for f in findings if f["code"] == "T3-BALANCE"]
    assert balance[0]["location"]["column"] == "natural_person"
    assert balance[0]["severity"] == "error" and balance[0]["expected"] == "3" and balance[0]["found"] == "7"


def test_new_writes_a_blank_file_of_the_right_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "figures.json"
    assert main(["new", "--year", "2026", "--agency", "某县审计局", "-o", str(target)]) == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["meta"]["format_version"] == "2021" and data["meta"]["agency"] == "某县审计局"
    assert "r6_1" in data["table3"] and data["table3"]["new_received"]["natural_person"] is None
    assert main(["new", "--year", "2026", "-o", str(target)]) == 2  # never overwrites
    assert "已存在" in capsys.readouterr().err
    assert main(["new", "--year", "2020"]) == 0
    assert json.loads(capsys.readouterr().out)["meta"]["format_version"] == "2019"


def test_schema_is_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "政府信息公开工作年度报告 数据文件"


def test_bad_usage_is_explained_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["validate"])
    assert exit_info.value.code == 2
    assert "缺少必需的参数：数据文件" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--bogus"])
    assert "无法识别的参数：--bogus" in capsys.readouterr().err


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False
    )


def test_python_dash_m_and_lean_offline_imports(tmp_path: Path) -> None:
    """The offline pipeline, as a whole process, imports neither LangChain nor Textual (a structure check)."""
    figures = _good_figures(tmp_path)
    argv = ["report-assistant", "--from-json", str(figures), "--offline", "-o", str(tmp_path / "r.md")]
    heavy = ("langchain", "langchain_core", "langchain_openai", "textual", "openai")
    script = (
        "import sys, runpy\n"
        f"sys.argv = {argv!r}\n"
        "try:\n    runpy.run_module('assistant', run_name='__main__')\n"
        "except SystemExit as e:\n    code = e.code\n"
        f"print(code, sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r}))\n"
    )
    result = _run("-c", script, cwd=ROOT)
    assert result.stdout.strip() == "0 []", result.stderr
    assert (tmp_path / "r.md").exists()


def test_no_traceback_on_garbage_input(tmp_path: Path) -> None:
    garbage = tmp_path / "g.json"
    garbage.write_bytes(b"\x00\x01garbage{{{")
    result = _run("-m", "assistant", "validate", str(garbage), cwd=ROOT)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "无法读取" in result.stderr

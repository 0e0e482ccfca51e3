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


def test_new_takes_the_kind_of_body_from_its_name_unless_given(capsys: pytest.CaptureFixture[str]) -> None:
    def kind(*args: str) -> str:
        assert main(["new", "--year", "2025", *args]) == 0
        return json.loads(capsys.readouterr().out)["meta"]["body_kind"]

    assert kind("--agency", "上高县泗溪镇人民政府") == "township"
    assert kind("--agency", "上高县人民政府") == "government"
    assert kind("--agency", "上高县审计局") == "department"
    assert kind("--agency", "上高县泗溪镇人民政府", "--kind", "department") == "department"


def test_schema_is_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "政府信息公开工作年度报告 数据文件"


def test_bad_usage_is_explained_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["validate"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "缺少必需的参数：数据文件" in err
    assert err.startswith("用法：report-assistant validate ")  # one prefix, not 用法：用法：
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


# ---------------------------------------------------------------------------------------------------------
# The commands wired in from the importer, the cross-year checks, the drafting settings and the UI

SEED_TEXT = next((ROOT / "tests" / "data" / "seed").glob("*.txt"))


def test_import_then_check_the_seed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    figures = tmp_path / "seed.json"
    assert main(["import", str(SEED_TEXT), "-o", str(figures)]) == 0
    assert "已导入" in capsys.readouterr().out
    data = json.loads(figures.read_text(encoding="utf-8"))
    assert data["meta"]["year"] == 2020 and data["meta"]["origin"] == "imported"
    assert main(["import", str(SEED_TEXT), "-o", str(figures)]) == 2  # never overwrites
    assert "已存在" in capsys.readouterr().err

    assert main(["check", str(SEED_TEXT)]) == 1
    out = capsys.readouterr().out
    assert "【错误】PLACEHOLDER" in out and "结果维护" in out and "检查发现错误" in out
    assert main(["check", str(SEED_TEXT), "--json"]) == 1
    codes = {f["code"] for f in json.loads(capsys.readouterr().out)}
    assert {"PLACEHOLDER", "LABEL"} <= codes


def test_check_of_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "无此文件.docx")]) == 2
    err = capsys.readouterr().err
    assert "无此文件.docx" in err and "Traceback" not in err


def _previous_year(tmp_path: Path, carried_out: int) -> Path:
    last = zero_filled(2024, agency="测试县审计局")
    set3(last, "new_received", "natural_person", carried_out)
    set3(last, "carried_out", "natural_person", carried_out)
    return write_json(tmp_path / "last.json", as_data(last))


def test_previous_on_validate_and_from_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    figures = _good_figures(tmp_path)  # 上年结转 0
    last = _previous_year(tmp_path, carried_out=4)  # but last year carried 4 over
    assert main(["validate", str(figures), "--previous", str(last), "--json"]) == 0  # warnings only
    carry = [f for f in json.loads(capsys.readouterr().out) if f["code"] == "CARRY-OVER"]
    assert carry and carry[0]["location"]["column"] == "natural_person"
    assert carry[0]["expected"] == "4"

    out = tmp_path / "r.md"
    assert main(["--from-json", str(figures), "--offline", "--previous", str(last), "-o", str(out)]) == 0
    assert "CARRY-OVER" in capsys.readouterr().err and out.exists()

    assert main(["validate", str(figures), "--previous", str(tmp_path / "none.json")]) == 2
    assert "none.json" in capsys.readouterr().err
    assert main(["--from-json", str(figures), "--previous", str(tmp_path / "none.json"), "-o", str(out)]) == 2


def test_new_from_previous_carries_over_and_defaults_the_year(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    last = _previous_year(tmp_path, carried_out=4)
    target = tmp_path / "2025.json"
    assert main(["new", "--from-previous", str(last), "-o", str(target)]) == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["meta"]["year"] == 2025 and data["meta"]["agency"] == "测试县审计局"
    assert data["table3"]["carried_in"]["natural_person"] == 4
    assert data["table3"]["new_received"]["natural_person"] is None  # this year's figures are the clerk's
    assert "核对基数" in capsys.readouterr().out
    assert data["meta"]["previous"]["year"] == 2024

    assert main(["new", "-o", str(tmp_path / "x.json")]) == 2
    assert "--year" in capsys.readouterr().err


def test_a_bad_model_setting_exits_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    figures = _good_figures(tmp_path)
    out = tmp_path / "r.md"
    monkeypatch.setenv("REPORT_ASSISTANT_CONFIG", str(tmp_path / "missing.toml"))
    assert main(["--from-json", str(figures), "--model", "不是模型", "-o", str(out)]) == 2
    assert "--model" in capsys.readouterr().err
    config = tmp_path / "config.toml"
    config.write_text('model = "openai:qwen"\ntimeout = "很久"\n', encoding="utf-8")
    monkeypatch.setenv("REPORT_ASSISTANT_CONFIG", str(config))
    assert main(["--from-json", str(figures), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "timeout" in err and str(config) in err
    assert not out.exists()


def test_offline_ignores_the_configured_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('model = "openai:qwen"\nbase_url = "http://10.255.0.1:8000/v1"\n', encoding="utf-8")
    monkeypatch.setenv("REPORT_ASSISTANT_CONFIG", str(config))
    out = tmp_path / "r.md"
    assert main(["--from-json", str(_good_figures(tmp_path)), "--offline", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    # Not a model attempt that failed and fell back (the network guard would make it fail): no attempt at all.
    assert "已由模板起草" in err and "模型" not in err


def test_a_provider_without_its_package_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPORT_ASSISTANT_CONFIG", str(tmp_path / "missing.toml"))
    out = tmp_path / "r.md"
    code = main(["--from-json", str(_good_figures(tmp_path)), "--model", "nosuchprovider:m1", "-o", str(out)])
    assert code == 2
    assert "pip install langchain-nosuchprovider" in capsys.readouterr().err
    assert not out.exists()


def test_without_a_terminal_the_ui_explains_itself(capsys: pytest.CaptureFixture[str]) -> None:
    # Under pytest stdin is not a terminal: the UI is not started, and the clerk is told why.
    assert main([]) == 2
    assert "交互界面需要在终端窗口中运行" in capsys.readouterr().err
    assert main(["tui", "figures.json"]) == 2
    with pytest.raises(SystemExit):
        main(["--offline"])  # an option of --from-json alone
    assert "需要与 --from-json 一起使用" in capsys.readouterr().err


def test_batch_aggregate_and_children_through_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bodies = tmp_path / "各单位"
    bodies.mkdir()
    for name, persons in (("甲局", 3), ("乙局", 2)):
        report = zero_filled(2025, agency=f"测试县{name}")
        set3(report, "new_received", "natural_person", persons)
        set3(report, "r1_granted", "natural_person", persons)
        write_json(bodies / f"{name}.json", as_data(report))
    out = tmp_path / "报告"
    assert main(["batch", str(bodies), "-o", str(out), "--format", "md", "-j", "1"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["乙局.md", "汇总.csv", "汇总.md", "甲局.md"]
    assert "测试县甲局2025年政府信息公开工作年度报告" in (out / "甲局.md").read_text(encoding="utf-8")
    (bodies / "坏.json").write_text("{", encoding="utf-8")
    assert main(["batch", str(bodies), "-o", str(out), "--format", "md", "-j", "1"]) == 2
    assert "坏.json" in (out / "汇总.md").read_text(encoding="utf-8")
    (bodies / "坏.json").unlink()

    county = tmp_path / "全县.json"
    assert main(["aggregate", str(bodies), "--agency", "测试县人民政府", "-o", str(county)]) == 0
    data = json.loads(county.read_text(encoding="utf-8"))
    assert data["table3"]["new_received"]["natural_person"] == 5
    assert main(["validate", str(county), "--children", str(bodies)]) == 0
    data["table3"]["new_received"]["natural_person"] = 6
    data["table3"]["r1_granted"]["natural_person"] = 6
    for row in ("new_received", "r1_granted", "r7_total"):
        data["table3"][row]["total"] = None  # computed again
    data["table3"]["r7_total"]["natural_person"] = None
    write_json(county, data)
    capsys.readouterr()
    assert main(["validate", str(county), "--children", str(bodies), "--json"]) == 0  # a warning
    hierarchy = [f for f in json.loads(capsys.readouterr().out) if f["code"] == "HIERARCHY"]
    assert hierarchy and hierarchy[0]["expected"] == "5" and hierarchy[0]["found"] == "6"
    assert main(["validate", str(county), "--children", str(tmp_path / "无.json")]) == 2

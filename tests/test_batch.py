"""The batch command: many sources in, one report per good source out, a summary naming the others and why.

Outputs are read back (python-docx, html.parser, csv). Most tests run the jobs in this process (jobs=1);
the folder test and the crash test start real spawned workers.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest

from assistant import formats as F
from assistant.atomic import write_atomic
from assistant.batch import (
    IN_FLIGHT_PER_WORKER,
    SUMMARY_CSV,
    SUMMARY_MD,
    Job,
    Outcome,
    Status,
    StopSignal,
    Task,
    batch_command,
    output_names,
    process,
    run_jobs,
    safe_stem,
)
from assistant.checks import CheckOptions
from assistant.importing.sources import SUPPORTED_SUFFIXES
from tests.conftest import ROOT, SAMPLES
from tests.helpers import as_data, set3, write_json, zero_filled

EXAMPLE_2021 = SAMPLES / "example_2021_county_bureau"
SEED_2020 = SAMPLES / "seed_2020_shanggao_audit"
NEW_RECEIVED = F.TABLE3_NEW_RECEIVED.label


def _good(path: Path, agency: str, received: int = 3) -> Path:
    report = zero_filled(2025, agency=agency)
    set3(report, "new_received", "natural_person", received)
    set3(report, "r1_granted", "natural_person", received - 1)
    set3(report, "carried_out", "natural_person", 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_json(path, as_data(report))


def _with_table_error(path: Path, agency: str) -> Path:
    _good(path, agency)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["table3"]["carried_out"]["natural_person"] = 5  # 3 + 0 ≠ 2 + 5
    return write_json(path, data)


def _run(sources: list[str | Path], out_dir: Path, **kwargs: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = batch_command([str(s) for s in sources], str(out_dir), out=out, err=err, **kwargs)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


def _csv_rows(out_dir: Path) -> list[dict[str, str]]:
    raw = (out_dir / SUMMARY_CSV).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "the CSV must carry a BOM so that Excel reads it as utf-8"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def _row_for(rows: list[dict[str, str]], name: str) -> dict[str, str]:
    matches = [r for r in rows if Path(r["源文件"]).name == name]
    assert len(matches) == 1, [r["源文件"] for r in rows]
    return matches[0]


def _docx_title_and_received(path: Path) -> tuple[str, str]:
    """The title paragraph and the 总计 of 一、本年新收 in the Word file's 表三."""
    word = docx.Document(str(path))
    title = next(p.text for p in word.paragraphs if p.text.strip())
    for table in word.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells]
            if cells and cells[0] == NEW_RECEIVED:
                return title, cells[-1]
    raise AssertionError(f"{path}: 表三 not found")


class _HtmlText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.h1: list[str] = []
        self.rows: list[list[str]] = []
        self._tag: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        if tag in ("h1", "td", "th"):
            self._tag = tag
            if tag == "h1":
                self.h1.append("")
            else:
                self.rows[-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._tag:
            self._tag = None

    def handle_data(self, data: str) -> None:
        if self._tag == "h1":
            self.h1[-1] += data.strip()
        elif self._tag in ("td", "th"):
            self.rows[-1][-1] += data.strip()


def _html_title_and_received(path: Path) -> tuple[str, str]:
    parser = _HtmlText()
    parser.feed(path.read_text(encoding="utf-8"))
    row = next(r for r in parser.rows if r and r[0] == NEW_RECEIVED)
    return parser.h1[0], row[-1]


# ---------------------------------------------------------------------------------------------------------
# The folder of the issue: good files, one with table errors, one corrupt


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "各部门"
    folder.mkdir()
    shutil.copy(EXAMPLE_2021 / "figures.json", folder / "自然资源局.json")
    shutil.copy(SEED_2020 / "figures.json", folder / "审计局2020.json")
    _good(folder / "财政局.json", "测试县财政局", received=7)
    shutil.copy(EXAMPLE_2021 / "report.docx", folder / "已发布报告.docx")  # a published report, imported
    _with_table_error(folder / "错误局.json", "测试县错误局")
    (folder / "损坏.docx").write_bytes(b"PK\x03\x04 this is not a Word file" + bytes(range(256)))
    (folder / "说明.xlsx").write_bytes(b"not a report")
    return folder


def test_folder_with_corrupt_erroneous_and_good_files(mixed_folder: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "输出"
    code, out, err = _run([mixed_folder], out_dir, jobs=2)

    assert code == 2, out + err  # an unreadable file outranks check errors
    good = {"自然资源局": "桐溪县自然资源局", "审计局2020": "上高县审计局", "财政局": "测试县财政局"}
    good["已发布报告"] = "桐溪县自然资源局"
    for stem, agency in good.items():
        title, _ = _docx_title_and_received(out_dir / f"{stem}.docx")
        assert title.startswith(agency), (stem, title)
        html_title, _ = _html_title_and_received(out_dir / f"{stem}.html")
        assert html_title.startswith(agency)
    assert _docx_title_and_received(out_dir / "财政局.docx")[1] == "7"
    assert _html_title_and_received(out_dir / "财政局.html")[1] == "7"
    produced = {p.name for p in out_dir.iterdir()}
    assert not {"错误局.docx", "错误局.html", "损坏.docx", "损坏.html"} & produced
    assert not [p for p in produced if p.endswith(".tmp")]

    rows = _csv_rows(out_dir)
    assert len(rows) == 6
    broken = _row_for(rows, "错误局.json")
    assert broken["结果"] == "有错误" and broken["已生成正式报告"] == "否"
    assert broken["机关"] == "测试县错误局"
    assert int(broken["错误 T3-BALANCE"]) >= 1
    assert "T3-BALANCE" in broken["原因"] and "自然人" in broken["原因"]
    corrupt = _row_for(rows, "损坏.docx")
    assert corrupt["结果"] == "无法读取" and corrupt["已生成正式报告"] == "否"
    assert "Word" in corrupt["原因"] and "损坏" in corrupt["原因"]
    for name in ("自然资源局.json", "审计局2020.json", "财政局.json", "已发布报告.docx"):
        row = _row_for(rows, name)
        assert (row["结果"], row["已生成正式报告"]) == ("通过", "是"), row
        assert row["错误数"] == "0"
    assert _row_for(rows, "财政局.json")["输出文件"] == "财政局.docx；财政局.html"

    summary = (out_dir / SUMMARY_MD).read_text(encoding="utf-8")
    assert "## 未通过的文件及原因" in summary
    assert "错误局.json（有错误）" in summary and "损坏.docx（无法读取）" in summary
    assert "说明.xlsx" in summary.split("## 跳过的文件")[1]
    assert "【有错误】" in out and "错误局.json" in out and "【无法读取】" in out and "损坏.docx" in out
    assert "说明.xlsx" in out
    assert "共 6 份：通过 4 份，有错误 1 份，无法读取 1 份" in out
    assert "已处理 6/6 份" in err  # not a terminal: one plain final line, no progress bar


def test_check_errors_alone_exit_1_and_allow_errors_writes_marked_drafts(tmp_path: Path) -> None:
    good = _good(tmp_path / "in" / "好.json", "测试县好局")
    bad = _with_table_error(tmp_path / "in" / "坏.json", "测试县坏局")
    out_dir = tmp_path / "out"
    code, out, _ = _run([good, bad], out_dir, jobs=1, formats=("md",))
    assert code == 1
    assert (out_dir / "好.md").exists() and not (out_dir / "坏.md").exists()
    assert "【有错误】" in out and "T3-BALANCE" in out

    code, _, _ = _run([good, bad], out_dir, jobs=1, formats=("md",), allow_errors=True)
    assert code == 1
    assert (out_dir / "坏.md").read_text(encoding="utf-8").startswith("> **草稿（未通过校验）")
    assert _row_for(_csv_rows(out_dir), "坏.json")["已生成正式报告"] == "否（已输出草稿）"


def test_all_passing_exits_0(tmp_path: Path) -> None:
    sources = [_good(tmp_path / f"{i}.json", f"测试县第{i}局") for i in range(3)]
    code, out, _ = _run(sources, tmp_path / "out", jobs=1, formats=("html",))
    assert code == 0
    assert "共 3 份：通过 3 份" in out
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["0.html", "1.html", "2.html", SUMMARY_CSV, SUMMARY_MD]


def test_same_stem_in_two_folders_gives_two_reports(tmp_path: Path) -> None:
    first = _good(tmp_path / "甲局" / "figures.json", "测试县甲局", received=4)
    second = _good(tmp_path / "乙局" / "figures.json", "测试县乙局", received=9)
    out_dir = tmp_path / "out"
    code, _, _ = _run([tmp_path / "甲局", tmp_path / "乙局"], out_dir, jobs=1, formats=("html",))
    assert code == 0
    assert _html_title_and_received(out_dir / "甲局-figures.html") == ("测试县甲局2025年政府信息公开工作年度报告", "4")
    assert _html_title_and_received(out_dir / "乙局-figures.html") == ("测试县乙局2025年政府信息公开工作年度报告", "9")
    rows = _csv_rows(out_dir)
    assert {r["源文件"]: r["输出文件"] for r in rows} == {
        str(first): "甲局-figures.html",
        str(second): "乙局-figures.html",
    }


def test_output_names_never_collide() -> None:
    paths = [
        Path("/x/甲局/figures.json"),
        Path("/x/乙局/figures.json"),
        Path("/x/乙局/figures.docx"),
        Path("/y/Report.json"),
        Path("/z/report.json"),
        Path("/x/汇总.json"),
        Path("/x/a:b?.json"),
    ]
    names = output_names(paths, reserved={"汇总"})
    assert names[:3] == ["甲局-figures", "乙局-figures-json", "乙局-figures-docx"]
    assert names[3:5] == ["y-Report", "z-report"]  # names differing only in case collide on Windows
    assert names[5] == "汇总-2"  # the summary's own name is taken
    assert names[6] == "a_b_"
    assert len({n.casefold() for n in names}) == len(names)
    # A source inside OUTDIR is never overwritten by its own report.
    assert output_names([Path("/out/已发布.docx")], occupied={"已发布.docx"}, suffixes=(".docx", ".html")) == [
        "已发布-2"
    ]
    assert safe_stem("CON") == "CON_" and safe_stem(" .. ") == "报告"
    assert len(safe_stem("很" * 200).encode("utf-8")) <= 180


def test_missing_path_is_reported_and_the_rest_still_runs(tmp_path: Path) -> None:
    good = _good(tmp_path / "好.json", "测试县好局")
    out_dir = tmp_path / "out"
    code, out, _ = _run([good, tmp_path / "没有这个文件.json"], out_dir, jobs=1, formats=("md",))
    assert code == 2
    assert (out_dir / "好.md").exists()
    row = _row_for(_csv_rows(out_dir), "没有这个文件.json")
    assert (row["结果"], row["原因"]) == ("无法读取", "文件不存在。")
    assert "没有这个文件.json：文件不存在。" in out


def test_empty_folder_is_bad_usage_and_writes_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "空"
    empty.mkdir()
    code, _, err = _run([empty], tmp_path / "out", jobs=1)
    assert code == 2
    assert "没有找到可处理的文件" in err
    assert not (tmp_path / "out" / SUMMARY_CSV).exists()


def test_bad_usage_exits_2(tmp_path: Path) -> None:
    good = _good(tmp_path / "好.json", "测试县好局")
    code, _, err = _run([good], tmp_path / "out", formats=("pdf",))
    assert code == 2 and "不支持的输出格式：.pdf" in err
    (tmp_path / "file").write_text("x", encoding="utf-8")
    code, _, err = _run([good], tmp_path / "file")
    assert code == 2 and "不是文件夹" in err
    code, _, err = _run([good], tmp_path / "out", jobs=0)
    assert code == 2 and "正整数" in err


def test_earlier_output_folders_and_stale_files(tmp_path: Path) -> None:
    source = tmp_path / "各部门"
    report = _good(source / "局.json", "测试县某局")
    inner_out = source / "输出"
    assert _run([source], inner_out, jobs=1, formats=("html",))[0] == 0
    # A second run over the same folder neither reads OUTDIR nor re-imports the HTML it wrote there.
    code, out, _ = _run([source], inner_out, jobs=1, formats=("html",))
    assert code == 0 and "共 1 份" in out
    # Another OUTDIR: the first one is recognised as earlier batch output and skipped.
    code, out, _ = _run([source], tmp_path / "另一个输出", jobs=1, formats=("html",))
    assert code == 0 and "之前批量生成的输出文件夹" in out
    # The figures go wrong: the old report stays, and the summary says it is out of date.
    _with_table_error(report, "测试县某局")
    code, _, _ = _run([source], inner_out, jobs=1, formats=("html",))
    assert code == 1
    row = _row_for(_csv_rows(inner_out), "局.json")
    assert "旧文件 局.html 本次未更新" in row["原因"]


def test_every_importable_suffix_is_taken_from_folders(tmp_path: Path) -> None:
    from assistant.batch import plan_batch

    for suffix in (*SUPPORTED_SUFFIXES, ".json", ".doc", ".xlsx"):
        (tmp_path / f"f{suffix}").write_bytes(b"")
    plan = plan_batch([str(tmp_path)], tmp_path / "out", (".html",))
    taken = {Path(j.source).suffix for j in plan.jobs}
    assert taken == {*SUPPORTED_SUFFIXES, ".json", ".doc"}
    assert [Path(p).name for p, _why in plan.skipped] == ["f.xlsx"]


def test_old_word_file_is_reported_not_skipped(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "旧.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    code, _, _ = _run([tmp_path / "in"], tmp_path / "out", jobs=1)
    assert code == 2
    assert "另存为 .docx" in _row_for(_csv_rows(tmp_path / "out"), "旧.doc")["原因"]


# ---------------------------------------------------------------------------------------------------------
# Workers


def crash_on_marked_source(job: Job) -> Outcome:
    """A task for the crash test: kills its worker process outright for a source named *crash*."""
    if "crash" in Path(job.source).name:
        os._exit(1)
    return Outcome(job.index, job.source, Status.PASSED)


def test_a_worker_that_dies_fails_only_its_own_file(tmp_path: Path) -> None:
    options = CheckOptions()
    names = ["a.json", "b.json", "crash.json", "c.json", "d.json", "e.json"]
    jobs = [Job(i, str(tmp_path / n), "figures", (), options, False) for i, n in enumerate(names)]
    outcomes = {Path(o.source).name: o for o in run_jobs(jobs, 2, crash_on_marked_source)}
    assert set(outcomes) == set(names)
    assert outcomes["crash.json"].status is Status.FAILED
    assert "处理进程意外退出" in outcomes["crash.json"].reasons[0]
    assert all(o.status is Status.PASSED for n, o in outcomes.items() if n != "crash.json")


def test_process_never_raises(tmp_path: Path) -> None:
    options = CheckOptions()
    good = _good(tmp_path / "好.json", "测试县好局")
    unwritable = tmp_path / "没有这个文件夹" / "好.md"
    outcome = process(Job(0, str(good), "figures", (str(unwritable),), options, False))
    assert outcome.status is Status.FAILED and "无法写入" in outcome.reasons[0]


def test_batch_imports_no_langchain(tmp_path: Path) -> None:
    good = _good(tmp_path / "好.json", "测试县好局")
    script = (
        "import sys\n"
        "from assistant.batch import batch_command\n"
        f"code = batch_command([{str(good)!r}], {str(tmp_path / 'out')!r}, jobs=1)\n"
        "assert code == 0, code\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('langchain', 'langchain_core', 'textual'))\n"
        "print(loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    sources = [_good(tmp_path / f"{i}.json", f"测试县第{i}局") for i in range(2)]
    terminal = _Terminal()
    code = batch_command(
        [str(s) for s in sources], str(tmp_path / "out"), formats=("md",), jobs=1, out=io.StringIO(), err=terminal
    )
    assert code == 0
    shown = terminal.getvalue()
    assert shown.startswith("\r批量处理 [") and shown.endswith("\n")
    assert shown.rstrip("\n").rsplit("\r", 1)[-1].startswith("批量处理 [" + "=" * 24 + "] 2/2")
    assert "已处理" not in shown


def test_patterns_are_expanded_for_the_windows_prompt(tmp_path: Path) -> None:
    for i in range(2):
        _good(tmp_path / "in" / f"{i}.json", f"测试县第{i}局")
    out_dir = tmp_path / "out"
    code, out, _ = _run([tmp_path / "in" / "*.json", tmp_path / "in" / "*.docx"], out_dir, jobs=1, formats=("md",))
    assert code == 2
    assert (out_dir / "0.md").exists() and (out_dir / "1.md").exists()
    assert "*.docx：没有与之匹配的文件。" in out


def test_summary_csv_keeps_names_as_text() -> None:
    from assistant.batch import summary_csv

    outcome = Outcome(0, "=cmd.json", Status.PASSED, agency='=HYPERLINK("x")', year=2025, version="2021")
    [row] = list(csv.DictReader(io.StringIO(summary_csv([outcome]), newline="")))
    assert row["源文件"] == "'=cmd.json" and row["机关"].startswith("'=")


# ---------------------------------------------------------------------------------------------------------
# Ctrl-C: the batch stops, and the summary of what was finished is still written


def _agencies(count: int, folder: Path) -> dict[str, str]:
    """``count`` passing figures files in ``folder``: {file name: agency}."""
    agencies = {}
    for i in range(count):
        agency = f"测试县第{i}局"
        _good(folder / f"{i:03d}.json", agency)
        agencies[f"{i:03d}.json"] = agency
    return agencies


def _assert_interrupted_summary(out_dir: Path, agencies: dict[str, str], out: str) -> list[str]:
    """The summary of an interrupted batch is marked so, tells finished from unprocessed sources correctly, and
    nothing half-written is left in OUTDIR; returns the names of the finished sources."""
    rows = _csv_rows(out_dir)
    assert len(rows) == len(agencies)  # every source has its row: done, or 未处理
    done = [r for r in rows if r["结果"] != "未处理"]
    left = [r for r in rows if r["结果"] == "未处理"]
    assert done and left, "the batch should have been stopped midway"
    for row in done:
        name = Path(row["源文件"]).name
        assert (row["结果"], row["机关"], row["已生成正式报告"]) == ("通过", agencies[name], "是"), row
        report = (out_dir / row["输出文件"]).read_text(encoding="utf-8")
        assert agencies[name] in report.splitlines()[0]  # the report of that source, whole
    for row in left:
        assert (row["机关"], row["已生成正式报告"], row["输出文件"]) == ("", "否", "") and "中断" in row["原因"]
    reports = {p.name for p in out_dir.iterdir() if p.suffix == ".md" and p.name != SUMMARY_MD}
    assert reports == {f"{Path(r['源文件']).stem}.md" for r in done}  # no report of an unprocessed source
    assert not [p.name for p in out_dir.iterdir() if p.name.startswith(".") or p.name.endswith(".tmp")]

    summary = (out_dir / SUMMARY_MD).read_text(encoding="utf-8")
    marked = f"已中断：完成 {len(done)} 份，共 {len(agencies)} 份；未处理的文件 {len(left)} 份"
    assert summary.startswith("# 批量生成汇总（已中断）") and marked in summary
    table, unprocessed = summary.split("## 未处理的文件（批量处理已中断）")
    bodies = [line.split(" | ")[1] for line in table.splitlines() if line.startswith("| ") and "序号" not in line]
    assert bodies == [r["机关"] for r in done]  # the table lists the finished bodies only
    listed = [line[2:].split("（")[0] for line in unprocessed.strip().splitlines() if line.startswith("- ")]
    assert listed == [r["源文件"] for r in left]
    assert marked in out
    return [Path(r["源文件"]).name for r in done]


@pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT to a process, as Ctrl-C does on POSIX")
def test_ctrl_c_stops_the_batch_and_writes_the_summary_of_what_was_finished(tmp_path: Path) -> None:
    agencies = _agencies(150, tmp_path / "in")
    out_dir = tmp_path / "out"
    # As from a terminal: SIGINT raises KeyboardInterrupt (even if this test runs with SIGINT ignored).
    script = (
        "import signal, sys\n"
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "from assistant.__main__ import run\n"
        f"sys.argv[1:] = ['batch', {str(tmp_path / 'in')!r}, '-o', {str(out_dir)!r}, '--format', 'md', '-j', '2']\n"
        "run()\n"
    )
    batch = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        deadline = time.monotonic() + 60
        while not (out_dir.is_dir() and any(p.suffix == ".md" and p.name[0].isdigit() for p in out_dir.iterdir())):
            assert batch.poll() is None and time.monotonic() < deadline, "no report appeared"
            time.sleep(0.01)
        batch.send_signal(signal.SIGINT)
        out, err = batch.communicate(timeout=60)
    finally:
        if batch.poll() is None:
            batch.kill()
    assert batch.returncode == 130, out + err
    assert "收到 Ctrl-C" in err and "Traceback" not in err
    finished = _assert_interrupted_summary(out_dir, agencies, out)
    assert len(finished) < len(agencies) - 10  # it stopped promptly, not after the rest of the files
    assert f"汇总（已中断，只含已完成的文件）：{out_dir / SUMMARY_MD}" in out


def _interrupting(presses: int, after: int) -> Task:
    """A stand-in for :func:`process` in this process that presses Ctrl-C ``presses`` times while job ``after``
    runs: once, before it is rendered (the job still finishes); twice, it is ended there."""
    real = process

    def task(job: Job) -> Outcome:
        if job.index == after:
            for _ in range(presses):
                signal.raise_signal(signal.SIGINT)
        return real(job)

    return task


@pytest.mark.parametrize(("presses", "finished"), [(1, 3), (2, 2)])
def test_ctrl_c_in_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, presses: int, finished: int) -> None:
    agencies = _agencies(6, tmp_path / "in")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "005.md").write_text("上次的报告", encoding="utf-8")  # an earlier run's report of an unprocessed one
    monkeypatch.setattr("assistant.batch.process", _interrupting(presses, after=2))
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal
    try:
        code, out, err = _run([tmp_path / "in"], out_dir, jobs=1, formats=("md",))
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # the batch's own handler is gone
    except KeyboardInterrupt:
        pytest.fail("Ctrl-C escaped the batch")
    finally:
        signal.signal(signal.SIGINT, previous)
    assert code == 130
    assert ("再次收到 Ctrl-C：立即停止" if presses == 2 else "收到 Ctrl-C：正在停止") in err
    (out_dir / "005.md").unlink()  # not this run's: set aside for the check of what this run wrote
    assert _assert_interrupted_summary(out_dir, agencies, out) == [f"{i:03d}.json" for i in range(finished)]
    row = _row_for(_csv_rows(out_dir), "005.json")
    assert "同名文件 005.md 未经本次完整处理，请勿使用" in row["原因"]


def _sleep_then_pass(job: Job) -> Outcome:
    time.sleep(0.3)
    return Outcome(job.index, job.source, Status.PASSED)


def _quick_or_stuck_writing(job: Job) -> Outcome:
    """Passes at once for a source named quick*; otherwise starts writing its output and never finishes."""
    if Path(job.source).name.startswith("quick"):
        return Outcome(job.index, job.source, Status.PASSED)
    write_atomic(job.outputs[0], lambda _handle: time.sleep(120))
    return Outcome(job.index, job.source, Status.PASSED)


def test_a_stop_request_finishes_the_running_jobs_and_starts_no_other(tmp_path: Path) -> None:
    options = CheckOptions()
    jobs = [Job(i, str(tmp_path / f"{i}.json"), "figures", (), options, False) for i in range(12)]
    told: list[str] = []
    stop = StopSignal(on_stop=told.append)
    outcomes = run_jobs(jobs, 2, _sleep_then_pass, stop)
    first = next(outcomes)
    stop.press()
    rest = list(outcomes)
    assert 1 <= len(rest) <= 2 * IN_FLIGHT_PER_WORKER - 1  # those already with a worker: finished, not dropped
    assert all(o.status is Status.PASSED for o in [first, *rest])
    assert len(told) == 1 and "不再开始新的文件" in told[0]


def test_a_second_press_ends_the_workers_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    options = CheckOptions()
    names = ["quick.json", "stuck-a.json", "stuck-b.json", "never.json"]
    jobs = [
        Job(i, str(tmp_path / n), "figures", (str(tmp_path / f"{i}.md"),), options, False) for i, n in enumerate(names)
    ]
    told: list[str] = []
    stop = StopSignal(on_stop=told.append)
    outcomes = run_jobs(jobs, 2, _quick_or_stuck_writing, stop)
    assert Path(next(outcomes).source).name == "quick.json"
    deadline = time.monotonic() + 30
    while len([p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]) < 2:  # both stuck jobs are writing
        assert time.monotonic() < deadline
        time.sleep(0.02)
    started = time.monotonic()
    stop.press()
    stop.press()
    assert list(outcomes) == []
    assert time.monotonic() - started < 10  # not the two minutes the stuck jobs would take
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no temporary file, and no output
    assert "立即停止" in told[-1]


def _report_sigint_blocked(job: Job) -> Outcome:
    blocked = signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, [])
    return Outcome(job.index, job.source, Status.PASSED, reasons=(str(blocked),))


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signal masks")
def test_workers_never_receive_the_terminals_ctrl_c(tmp_path: Path) -> None:
    """Ctrl-C in a terminal reaches every process of it; a worker still starting up would die of it (a traceback
    on the clerk's screen, its pool broken). Workers start with SIGINT blocked, and this process gets it back."""
    options = CheckOptions()
    jobs = [Job(i, str(tmp_path / f"{i}.json"), "figures", (), options, False) for i in range(4)]
    assert {o.reasons for o in run_jobs(jobs, 2, _report_sigint_blocked)} == {("True",)}
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])

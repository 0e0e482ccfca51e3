"""The command line: a thin shell over the pipeline. Messages in Chinese; exit 0 done, 1 check errors, 2 bad input."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from . import __version__
from . import formats as F
from .atomic import write_text_atomic
from .checks import CheckOptions, has_errors, run_checks
from .figures import InputError, load_report, report_to_json
from .findings import SEVERITY_LABELS, Finding, Severity
from .model import blank_report, report_json_schema

EXIT_OK, EXIT_CHECKS, EXIT_USAGE = 0, 1, 2
SHOWN_PER_CODE = 12  # in readable output, findings of one code beyond this are counted, not listed

DESCRIPTION = """政府信息公开年报助手：填报表格数据、自动计算合计、逐项校验勾稽关系，
起草文字部分，生成符合规范格式的政府信息公开工作年度报告。"""

EPILOG = """常用方式：
  report-assistant --from-json figures.json -o 报告.md    由数据文件生成报告（离线模板起草）
  report-assistant new --year 2026 -o figures.json       生成某年度的空白数据文件
  report-assistant validate figures.json                  校验数据文件
  report-assistant schema                                 输出数据文件的 JSON Schema

退出码：0 完成；1 校验发现错误（未生成正式报告）；2 用法错误或输入无法读取。"""


class _ChineseHelpFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, prefix or "用法：")


_ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (.*)", r"缺少必需的参数：\1"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (r"argument (\S+): expected one argument", r"参数 \1 后面需要一个值"),
    (r"argument (\S+): invalid int value: (.*)", r"参数 \1 应为整数，实际为 \2"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)", r"参数 \1 的取值 \2 无效，可选：\3"),
    (r"argument (\S+): ignored explicit argument (.*)", r"参数 \1 不接受值 \2"),
    (r"invalid choice: (.*?) \(choose from (.*)\)", r"无效的命令 \1，可用的命令：\2"),
)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", _ChineseHelpFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        for pattern, replacement in _ARGPARSE_MESSAGES:
            if re.fullmatch(pattern, message):
                message = re.sub(pattern, replacement, message)
                break
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"错误：{message}\n（查看帮助：report-assistant --help）\n")


def _add_check_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-overview-chars",
        type=int,
        metavar="字数",
        help="总体情况的字数上限（部分省份要求不超过1000字）；不设则不检查",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="report-assistant", description=DESCRIPTION, epilog=EPILOG)
    parser.add_argument("--version", action="version", version=f"report-assistant {__version__}", help="显示版本号")
    parser.add_argument("--from-json", metavar="数据文件", help="由数据文件（JSON）生成报告，不进入交互界面")
    parser.add_argument(
        "-o",
        "--output",
        action="append",
        metavar="输出文件",
        help="报告输出文件，按扩展名确定格式（.docx .html .md .txt）；可多次指定。与 --format 同用时作为文件名",
    )
    parser.add_argument(
        "--format",
        metavar="格式",
        help="一次输出多种格式，以逗号分隔，如 docx,html；文件名取自 -o，未指定则取数据文件名",
    )
    parser.add_argument(
        "--html-fragment",
        action="store_true",
        help="HTML 只输出报告正文片段（不含页面头部），便于粘贴到网站内容管理系统",
    )
    parser.add_argument("--offline", action="store_true", help="完全离线：用模板起草文字部分，不连接任何网络")
    parser.add_argument(
        "--allow-errors",
        action="store_true",
        help="校验有错误时仍输出一份标明“草稿（未通过校验）”的文件（退出码仍为1）",
    )
    parser.add_argument("--json", action="store_true", help="以 JSON 输出校验结果")
    _add_check_options(parser)

    commands = parser.add_subparsers(dest="command", title="命令", metavar="命令", parser_class=_Parser)
    commands.add_parser("schema", help="输出数据文件的 JSON Schema", description="输出数据文件的 JSON Schema。")

    new = commands.add_parser(
        "new", help="生成某年度的空白数据文件", description="生成某年度的空白数据文件，格式版本按年度确定。"
    )
    new.add_argument("--year", type=int, required=True, metavar="年度", help="报告年度，如 2026")
    new.add_argument("--agency", default="", metavar="机关全称", help="机关全称")
    new.add_argument(
        "--kind",
        choices=[k.value for k in F.BodyKind],
        default=F.BodyKind.DEPARTMENT.value,
        help="机关类型：department 部门；government 县级以上人民政府；township 乡镇街道",
    )
    new.add_argument("-o", "--output", metavar="输出文件", help="写入该文件（不覆盖已有文件）；不指定则输出到屏幕")

    validate = commands.add_parser(
        "validate", help="校验数据文件", description="按校验规则检查数据文件，列出全部问题。"
    )
    validate.add_argument("file", metavar="数据文件")
    validate.add_argument("--json", action="store_true", help="以 JSON 输出校验结果")
    _add_check_options(validate)
    return parser


# ---------------------------------------------------------------------------------------------------------
# Output helpers


def _print_findings(findings: Sequence[Finding], *, stream=None) -> None:  # type: ignore[no-untyped-def]
    stream = stream or sys.stdout
    shown: Counter[str] = Counter()
    hidden: Counter[tuple[str, Severity]] = Counter()
    for finding in findings:
        key = f"{finding.code}/{finding.severity}"
        if shown[key] >= SHOWN_PER_CODE:
            hidden[(finding.code, finding.severity)] += 1
            continue
        shown[key] += 1
        print(finding.render(), file=stream)
    for (code, severity), count in hidden.items():
        print(f"  ……另有 {count} 处{SEVERITY_LABELS[severity]} {code} 未列出（--json 可查看全部）", file=stream)


def _summary(findings: Sequence[Finding]) -> str:
    counts = Counter(f.severity for f in findings)
    return "，".join(f"{SEVERITY_LABELS[s]} {counts[s]} 处" for s in Severity)


def _fail_input(error: InputError) -> int:
    print(error.render(), file=sys.stderr)
    return EXIT_USAGE


def _check_options(args: argparse.Namespace) -> CheckOptions:
    return CheckOptions(overview_max_chars=args.max_overview_chars)


# ---------------------------------------------------------------------------------------------------------
# Commands


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(report_json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    if not F.FIRST_REPORT_YEAR <= args.year <= 2100:
        print(f"错误：年度应为 {F.FIRST_REPORT_YEAR} 至 2100 之间的整数，实际为 {args.year}。", file=sys.stderr)
        return EXIT_USAGE
    report = blank_report(args.year, agency=args.agency, body_kind=F.BodyKind(args.kind))
    text = report_to_json(report)
    if not args.output:
        sys.stdout.write(text)
        return EXIT_OK
    target = Path(args.output)
    if target.exists():
        print(f"错误：{target} 已存在，为免覆盖已填写的数据，请换一个文件名。", file=sys.stderr)
        return EXIT_USAGE
    write_text_atomic(target, text)
    fmt = F.format_for(report.version)
    print(f"已生成 {target}：{args.year}年度，{fmt.name}（{fmt.basis.number}）。请填写各表格数据后再校验。")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    try:
        report = load_report(args.file)
    except InputError as error:
        return _fail_input(error)
    findings = run_checks(report, _check_options(args))
    if args.json:
        print(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        _print_findings(findings)
        verdict = "未通过" if has_errors(findings) else "通过"
        print(f"{args.file}：校验{verdict}（{_summary(findings)}）。")
    return EXIT_CHECKS if has_errors(findings) else EXIT_OK


def _output_paths(args: argparse.Namespace) -> list[Path]:
    """-o files as given; with --format, one file per format, named after the first -o (or the figures file)."""
    explicit = [Path(o) for o in args.output or []]
    if not args.format:
        return explicit
    base = explicit[0] if explicit else Path(args.from_json)
    stem = base.with_suffix("") if base.suffix else base
    extensions = [f".{x.strip().lstrip('.').lower()}" for x in args.format.split(",") if x.strip()]
    paths = [*explicit[1:], *(stem.with_name(stem.name + ext) for ext in extensions)]
    if explicit and explicit[0].suffix and explicit[0].suffix.lower() not in extensions:
        paths.insert(0, explicit[0])
    return list(dict.fromkeys(paths))


def cmd_from_json(args: argparse.Namespace) -> int:
    from .drafting.templates import TemplateDrafter
    from .pipeline import build, render_outputs
    from .render import SUPPORTED_EXTENSIONS, renderer_for

    outputs = _output_paths(args)
    unknown = [str(o) for o in outputs if renderer_for(o) is None]
    if unknown:
        supported = "、".join(SUPPORTED_EXTENSIONS)
        print(f"错误：不支持的输出格式：{'、'.join(unknown)}（支持 {supported}）。", file=sys.stderr)
        return EXIT_USAGE
    try:
        report = load_report(args.from_json)
    except InputError as error:
        return _fail_input(error)

    # The template drafter is the only backend so far, so every run is offline.
    result = build(report, TemplateDrafter(), _check_options(args), draft_on_errors=args.allow_errors)
    if args.json:
        print(json.dumps([f.to_dict() for f in result.findings], ensure_ascii=False, indent=2))
    else:
        _print_findings(result.findings, stream=sys.stderr)
    if not outputs:
        if result.errors and not args.allow_errors:
            print(f"校验未通过（{_summary(result.findings)}），未输出报告。", file=sys.stderr)
            return EXIT_CHECKS
        from .render import build_document
        from .render.text import render_markdown

        error_lines = tuple(f.render() for f in result.errors)
        sys.stdout.write(render_markdown(build_document(result.report, error_lines=error_lines)).decode("utf-8"))
        return EXIT_CHECKS if result.errors else EXIT_OK
    try:
        written = render_outputs(result, outputs, allow_errors=args.allow_errors, html_fragment=args.html_fragment)
    except OSError as exc:
        print(
            f"错误：无法写入 {exc.filename or '输出文件'}（{exc.strerror or exc}）；未写入任何文件。", file=sys.stderr
        )
        return EXIT_USAGE
    if result.errors:
        if written:
            print(
                f"校验未通过（{_summary(result.findings)}）；已按要求输出草稿：{'、'.join(map(str, written))}",
                file=sys.stderr,
            )
        else:
            print(
                f"校验未通过（{_summary(result.findings)}），未生成正式报告。"
                "修正后重试，或用 --allow-errors 输出草稿。",
                file=sys.stderr,
            )
        return EXIT_CHECKS
    drafted = "、".join(F.NARRATIVE_PART_BY_KEY[p.part].label for p in result.drafted)
    if drafted:
        print(f"已由模板起草：{drafted}。", file=sys.stderr)
    print(f"已生成：{'、'.join(map(str, written))}（{_summary(result.findings)}）", file=sys.stderr)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "schema":
        return cmd_schema(args)
    if args.command == "new":
        return cmd_new(args)
    if args.command == "validate":
        return cmd_validate(args)
    if args.from_json:
        return cmd_from_json(args)
    if args.output:
        parser.error("-o 需要与 --from-json 一起使用")
    parser.print_help()
    return EXIT_OK


def run() -> None:
    """Console-script entry point: never a traceback for the clerk, and a clean exit on Ctrl-C."""
    try:
        code = main()
    except KeyboardInterrupt:
        print("\n已中断。", file=sys.stderr)
        code = 130
    except BrokenPipeError:
        code = EXIT_OK
    except Exception as exc:  # a bug of ours: say so plainly, keep the traceback for those who ask for it
        if os.environ.get("REPORT_ASSISTANT_DEBUG"):
            raise
        print(f"程序内部错误（{type(exc).__name__}：{exc}）。请把这段信息和所用文件报告给维护者。", file=sys.stderr)
        code = 3
    sys.exit(code)

"""The command line: a thin shell over the pipeline. Messages in Chinese; exit 0 done, 1 check errors, 2 bad input."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from . import __version__
from . import formats as F
from .atomic import write_text_atomic
from .body_kind import suggested_body_kind
from .checks import CheckOptions, has_errors, run_checks
from .exits import EXIT_CHECKS, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, refuse_existing
from .figures import InputError, load_report, report_to_json
from .findings import Finding, print_findings, summary
from .model import ReportBase, blank_report, report_json_schema
from .startup import resume_collection

DESCRIPTION = """政府信息公开年报助手：填报表格数据、自动计算合计、逐项校验勾稽关系，
起草文字部分，生成符合规范格式的政府信息公开工作年度报告。"""

EPILOG = """常用方式：
  report-assistant                                        进入交互界面（打开上次的草稿或新建）
  report-assistant tui figures.json                       在交互界面中打开数据文件
  report-assistant --from-json figures.json -o 报告.docx  由数据文件生成报告（未配置模型时用模板起草）
  report-assistant --from-json figures.json --offline -o 报告.docx   完全离线生成
  report-assistant new --year 2026 -o figures.json       生成某年度的空白数据文件
  report-assistant new --from-previous 2025年报告.docx -o figures.json   以上年报告为基础开始本年数据
  report-assistant import 2025年报告.pdf -o figures.json   读取已发布的报告（.docx .html .pdf .txt）
  report-assistant check 已发布报告.html --previous 上年报告.html   检查已发布的报告
  report-assistant validate figures.json --previous 上年figures.json   校验数据文件（含跨年度核对）
  report-assistant revise figures.json --part 五 --instruction "写得更简洁一些" -o figures.json   按要求修改
  report-assistant batch 各部门/ -o 报告/                   批量校验并生成报告，另附汇总表
  report-assistant aggregate 各部门/ --agency 某县人民政府 -o 全县.json   汇总各单位数据
  report-assistant schema                                 输出数据文件的 JSON Schema

退出码：0 完成；1 校验发现错误（未生成正式报告）；2 用法错误或输入无法读取；130 按 Ctrl-C 中断。"""


class _ChineseHelpFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        # argparse asks with prefix "" for the name of a command's own parser: that one has no prefix.
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


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


def _add_check_options(parser: argparse.ArgumentParser, *, previous: bool = True) -> None:
    parser.add_argument(
        "--max-overview-chars",
        type=int,
        metavar="字数",
        help="总体情况的字数上限（部分省份要求不超过1000字）；不设则不检查",
    )
    if previous:
        parser.add_argument(
            "--previous",
            metavar="上年报告",
            help="上一年度的报告（数据文件，或 .docx .html .pdf .txt），用于跨年度核对（结转、现行有效件数、"
            "大幅变化、文字雷同、问题整改）",
        )


def _add_model_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model",
        metavar="提供方:模型名",
        help="用该模型起草文字部分，如 openai:qwen2.5-72b-instruct（覆盖配置文件和环境变量）",
    )
    parser.add_argument(
        "--base-url",
        metavar="地址",
        help="模型服务地址（OpenAI 兼容接口），如 http://10.1.2.3:8000/v1；配置的密钥只发往其配置的地址",
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
    _add_model_options(parser)
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
        "new",
        help="生成某年度的空白数据文件（或以上年报告为基础）",
        description="生成某年度的空白数据文件，格式版本按年度确定；--from-previous 以上年报告为基础：\n"
        "“二、上年结转”按上年“四、结转下年度继续办理”填写，上年现行有效件数作为核对基数，\n"
        "上年文字仅供参考，不写入本年数据文件。",
    )
    new.add_argument(
        "--year", type=int, metavar="年度", help="报告年度，如 2026（--from-previous 时默认为上年的下一年）"
    )
    new.add_argument("--from-previous", metavar="上年报告", help="上年的报告（数据文件，或 .docx .html .pdf .txt）")
    new.add_argument("--agency", default="", metavar="机关全称", help="机关全称")
    new.add_argument(
        "--kind",
        choices=[k.value for k in F.BodyKind],
        help="机关类型：department 部门；government 县级以上人民政府；township 乡镇街道（不指定则按机关全称判断）",
    )
    new.add_argument("-o", "--output", metavar="输出文件", help="写入该文件（不覆盖已有文件）；不指定则输出到屏幕")

    validate = commands.add_parser(
        "validate", help="校验数据文件", description="按校验规则检查数据文件，列出全部问题。"
    )
    validate.add_argument("file", metavar="数据文件")
    validate.add_argument("--json", action="store_true", help="以 JSON 输出校验结果")
    validate.add_argument(
        "--children",
        nargs="+",
        metavar="下级单位文件",
        help="逐格核对本报告是否等于下级单位之和（数据文件、报告或文件夹；不一致为警告 HIERARCHY）",
    )
    _add_check_options(validate)

    batch = commands.add_parser(
        "batch",
        help="批量校验并生成多份报告",
        description="并行校验并生成多份报告（数据文件或已发布的报告），一份出错不影响其他；\n"
        "输出文件夹中另有汇总（汇总.md、汇总.csv）：每个单位的错误、警告和是否生成了正式报告。\n"
        "按 Ctrl-C 停止：处理中的几份完成后写出汇总，标明已中断并列出未处理的文件（再按一次立即停止）。\n"
        "退出码：0 全部通过；1 有报告未通过校验；2 有文件无法读取或处理失败；130 已中断。",
    )
    batch.add_argument(
        "sources", nargs="+", metavar="文件或文件夹", help="数据文件、报告或文件夹（含子文件夹），可用通配符"
    )
    batch.add_argument("-o", "--out", required=True, metavar="输出文件夹", help="报告和汇总的输出文件夹，不存在则创建")
    batch.add_argument("--format", default="docx,html", metavar="格式", help="输出格式，逗号分隔：docx、html、md、txt")
    batch.add_argument("-j", "--jobs", type=int, metavar="进程数", help="并行进程数，默认为可用核数；1 为不并行")
    batch.add_argument(
        "--allow-errors",
        action="store_true",
        help="有错误的报告也输出标明“草稿（未通过校验）”的文件（退出码仍非0）",
    )
    _add_check_options(batch, previous=False)

    aggregate = commands.add_parser(
        "aggregate",
        help="汇总下级单位的数据，生成本级数据文件",
        description="把各单位的表二、表三、表四（及信息处理费）逐格相加，生成一份汇总数据文件，\n"
        "列出汇总了哪些单位；年度或格式不同的不能汇总。某单位空白的单元格按未填报提示（AGG-BLANK）。",
    )
    aggregate.add_argument("sources", nargs="+", metavar="文件或文件夹", help="各单位的数据文件或报告，或所在文件夹")
    aggregate.add_argument("--agency", required=True, metavar="机关全称", help="汇总报告的机关全称，如：某某县人民政府")
    aggregate.add_argument("-o", "--output", required=True, metavar="输出文件", help="汇总数据文件（不覆盖已有文件）")
    aggregate.add_argument(
        "--kind",
        choices=[k.value for k in F.BodyKind],
        help="汇总报告的机关类型（不指定则按机关全称判断，如“某某县人民政府”为 government 县级以上人民政府）",
    )

    imported = commands.add_parser(
        "import",
        help="读取已发布的报告，生成数据文件",
        description="读取已发布的报告（.docx .html .pdf .txt），找出标题、联系方式、各部分和三张表格，\n"
        "生成数据文件。空白单元格保留为空白，找不到的部分如实说明，不作推测。",
    )
    imported.add_argument("file", metavar="报告文件")
    imported.add_argument("-o", "--output", metavar="数据文件", help="写入该文件（不覆盖已有文件）；不指定则输出到屏幕")
    imported.add_argument("--agency", metavar="机关全称", help="报告中找不到机关全称时，用此名称")
    imported.add_argument("--year", type=int, metavar="年度", help="报告中找不到年度时，用此年度")

    check = commands.add_parser(
        "check",
        help="检查已发布的报告",
        description="对已发布的报告（.docx .html .pdf .txt，或数据文件）运行全部适用的检查，\n"
        "包括只在成文报告中才有的问题：标签与官方不符、新年度用旧格式、依据文号、统计期限、\n"
        "章节标题、未填写的占位内容、文字中的数字与表格不符。",
    )
    check.add_argument("file", metavar="报告文件")
    check.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")
    _add_check_options(check)

    revise = commands.add_parser(
        "revise",
        help="按要求修改某一文字部分（或取模板变体、查看和恢复版本）",
        description="按修改要求让模型改写数据文件中的某一文字部分，修改稿同样核对数字；\n"
        "没有模型时可用 --variant 取模板的简洁或详细变体。每一稿都记入该部分的版本记录，可随时恢复。\n"
        "不指定 -o 时只显示修改结果，不改动文件。",
    )
    revise.add_argument("file", metavar="数据文件")
    revise.add_argument(
        "--part", required=True, metavar="部分", help="要修改的部分：五、六、一（二）、依申请公开、problems 等"
    )
    revise.add_argument("--instruction", metavar="修改要求", help="如“写得更简洁一些”“补充今年开展业务培训两次的情况”")
    revise.add_argument("--variant", metavar="变体", help="不用模型，取模板的变体：简洁 或 详细")
    revise.add_argument("--history", action="store_true", help="列出该部分的全部版本")
    revise.add_argument("--restore", type=int, metavar="版本号", help="恢复到第几版（见 --history）")
    revise.add_argument("-o", "--output", metavar="数据文件", help="写入该文件（可以就是原文件）；不指定则不改动文件")
    revise.add_argument(
        "--accept-with-problems",
        action="store_true",
        help="修改稿核对有问题时仍然采用（会记录在版本中）",
    )
    _add_model_options(revise)

    tui = commands.add_parser(
        "tui",
        help="在交互界面中打开数据文件",
        description="在交互界面中打开数据文件（不存在则新建）。不带任何参数运行 report-assistant 时，\n"
        "打开上次的草稿或新建。",
    )
    tui.add_argument("file", nargs="?", metavar="数据文件")
    return parser


# ---------------------------------------------------------------------------------------------------------
# Output helpers


def _fail_input(error: InputError) -> int:
    print(error.render(), file=sys.stderr)
    return EXIT_USAGE


def _check_options(args: argparse.Namespace) -> CheckOptions:
    return CheckOptions(overview_max_chars=args.max_overview_chars)


def _with_previous(report: ReportBase, findings: list[Finding], args: argparse.Namespace) -> list[Finding]:
    """``findings`` plus the cross-year checks against ``--previous`` (raises InputError when unreadable)."""
    if not getattr(args, "previous", None):
        return findings
    from .importing.commands import dedupe_findings, previous_findings

    # A draft begun from last year's report already checks some of these (meta.previous): once each.
    return dedupe_findings([*findings, *previous_findings(report, args.previous, _check_options(args))])


# ---------------------------------------------------------------------------------------------------------
# Commands


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(report_json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    if args.from_previous:
        from .importing.commands import new_from_previous_command

        if args.agency or args.kind:
            print("提示：--from-previous 时机关全称和机关类型取自上年报告，--agency、--kind 未使用。", file=sys.stderr)
        return new_from_previous_command(args.from_previous, args.year, args.output)
    if args.year is None:
        print(
            "错误：请用 --year 指定报告年度（如 --year 2026），或用 --from-previous 以上年报告为基础。", file=sys.stderr
        )
        return EXIT_USAGE
    if not F.FIRST_REPORT_YEAR <= args.year <= 2100:
        print(f"错误：年度应为 {F.FIRST_REPORT_YEAR} 至 2100 之间的整数，实际为 {args.year}。", file=sys.stderr)
        return EXIT_USAGE
    kind = F.BodyKind(args.kind) if args.kind else suggested_body_kind(args.agency)
    report = blank_report(args.year, agency=args.agency, body_kind=kind)
    text = report_to_json(report)
    if not args.output:
        sys.stdout.write(text)
        return EXIT_OK
    target = Path(args.output)
    if refuse_existing(target, sys.stderr):
        return EXIT_USAGE
    write_text_atomic(target, text)
    fmt = F.format_for(report.version)
    how = "" if args.kind else "，按机关全称判断，如不对请改 meta.body_kind 或用 --kind 指定"
    print(
        f"已生成 {target}：{args.year}年度，{fmt.name}（{fmt.basis.number}），"
        f"机关类型为{F.BODY_KIND_LABELS[kind]}{how}。请填写各表格数据后再校验。"
    )
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    try:
        report = load_report(args.file)
        findings = _with_previous(report, run_checks(report, _check_options(args)), args)
        if args.children:
            from .aggregate import children_findings

            findings += children_findings(report, args.children, _check_options(args))
    except InputError as error:
        return _fail_input(error)
    if args.json:
        print(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        print_findings(findings, sys.stdout)
        verdict = "未通过" if has_errors(findings) else "通过"
        print(f"{args.file}：校验{verdict}（{summary(findings)}）。")
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


def _progress_printer(settings_line: str):  # type: ignore[no-untyped-def]
    """Progress of model drafting, one line per event worth a line, on stderr."""
    from .drafting.select import DraftEvent

    print(f"正在用模型起草文字部分（{settings_line}）……", file=sys.stderr)

    def show(event: DraftEvent) -> None:
        if event.kind == "started":
            print(f"  开始起草：{event.label}", file=sys.stderr)
        elif event.kind == "retry":
            problems = event.text.split("；")
            shown = "；".join(problems[:3]) + ("等" if len(problems) > 3 else "")
            print(f"  {event.label}：初稿未通过核对（{shown}），重新起草", file=sys.stderr)
        elif event.kind == "drafted":
            print(f"  已完成：{event.label}（{len(event.text)}字）", file=sys.stderr)
        elif event.kind == "fallback":
            print(f"  {event.label}：模型未能写成，改用模板起草（原因见最后）", file=sys.stderr)

    return show


def _draft_step(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The drafting step of the pipeline: the model's when one is configured (or given), else the templates'.

    Raises SettingsError for a configuration that cannot be used; DrafterUnavailable (when drafting starts)
    for a model whose LangChain package is not installed.
    """
    if args.offline:
        if args.model or args.base_url:
            print("提示：已指定 --offline，用模板起草，--model、--base-url 未使用。", file=sys.stderr)
        from .drafting.select import draft_report

        return lambda report: draft_report(report, None, offline=True)
    from .drafting.select import draft_report
    from .settings import load_settings

    settings = load_settings().with_overrides(model=args.model, base_url=args.base_url)
    if not settings.model:
        if args.base_url:
            print("提示：没有配置模型（--model），--base-url 未使用；用模板起草。", file=sys.stderr)
        return lambda report: draft_report(report, None, offline=True)
    progress = _progress_printer(settings.describe().rstrip("。"))
    return lambda report: draft_report(report, settings, offline=False, progress=progress)


def _drafting_summary(result) -> None:  # type: ignore[no-untyped-def]
    by_drafter: dict[str, list[str]] = {}
    for part in result.drafted:
        by_drafter.setdefault(part.drafter, []).append(F.NARRATIVE_PART_BY_KEY[part.part].label)
    fallen = {f.part for f in result.fallbacks}
    for drafter, labels in by_drafter.items():
        print(f"已由{drafter}起草：{'、'.join(labels)}。", file=sys.stderr)
    if fallen:
        print(f"以下部分没有由模型写成，已改用模板起草（{len(fallen)}个）：", file=sys.stderr)
        for fallback in result.fallbacks:
            print(f"  {fallback.label}：{fallback.reason}", file=sys.stderr)


def cmd_from_json(args: argparse.Namespace) -> int:
    from .drafting.select import DrafterUnavailable
    from .pipeline import build_with, render_outputs
    from .render import SUPPORTED_EXTENSIONS, renderer_for

    unusable: tuple[type[Exception], ...] = (DrafterUnavailable,)
    if not args.offline:  # offline, no settings are read (and their libraries are not imported)
        from .settings import SettingsError

        unusable = (SettingsError, DrafterUnavailable)

    outputs = _output_paths(args)
    unknown = [str(o) for o in outputs if renderer_for(o) is None]
    if unknown:
        supported = "、".join(SUPPORTED_EXTENSIONS)
        print(f"错误：不支持的输出格式：{'、'.join(unknown)}（支持 {supported}）。", file=sys.stderr)
        return EXIT_USAGE
    try:
        report = load_report(args.from_json)
        previous = _with_previous(report, [], args)  # read before drafting: an unreadable file stops here
        result = build_with(report, _draft_step(args), _check_options(args), draft_on_errors=args.allow_errors)
    except InputError as error:
        return _fail_input(error)
    except unusable as error:
        print(f"错误：{error}", file=sys.stderr)
        return EXIT_USAGE
    result.findings.extend(previous)
    if args.json:
        print(json.dumps([f.to_dict() for f in result.findings], ensure_ascii=False, indent=2))
    else:
        print_findings(result.findings, sys.stderr)
    if not outputs:
        if result.errors and not args.allow_errors:
            print(f"校验未通过（{summary(result.findings)}），未输出报告。", file=sys.stderr)
            return EXIT_CHECKS
        from .render import build_document
        from .render.text import render_markdown

        error_lines = tuple(f.render() for f in result.errors)
        sys.stdout.write(render_markdown(build_document(result.report, error_lines=error_lines)).decode("utf-8"))
        _drafting_summary(result)
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
                f"校验未通过（{summary(result.findings)}）；已按要求输出草稿：{'、'.join(map(str, written))}",
                file=sys.stderr,
            )
        else:
            print(
                f"校验未通过（{summary(result.findings)}），未生成正式报告。修正后重试，或用 --allow-errors 输出草稿。",
                file=sys.stderr,
            )
        return EXIT_CHECKS
    _drafting_summary(result)
    print(f"已生成：{'、'.join(map(str, written))}（{summary(result.findings)}）", file=sys.stderr)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from .importing.commands import import_command

    return import_command(args.file, args.output, agency=args.agency, year=args.year)


def cmd_check(args: argparse.Namespace) -> int:
    from .importing.commands import check_command

    return check_command(args.file, previous=args.previous, as_json=args.json, options=_check_options(args))


def cmd_tui(path: str | None) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print(
            "交互界面需要在终端窗口中运行（当前输入或输出不是终端）。"
            "不经交互界面生成报告，请用 --from-json（查看帮助：report-assistant --help）。",
            file=sys.stderr,
        )
        return EXIT_USAGE
    from .tui import run_tui

    return run_tui(path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "schema":
        return cmd_schema(args)
    if args.command == "new":
        return cmd_new(args)
    if args.command == "validate":
        return cmd_validate(args)
    if args.command in ("import", "batch", "aggregate"):
        resume_collection()  # long-running: see assistant.startup (the UI resumes it once on screen)
    if args.command == "import":
        return cmd_import(args)
    if args.command == "check":
        return cmd_check(args)
    if args.command == "batch":
        from .batch import batch_command

        formats = [x.strip() for x in args.format.split(",") if x.strip()]
        return batch_command(
            args.sources,
            args.out,
            formats=formats,
            jobs=args.jobs,
            options=_check_options(args),
            allow_errors=args.allow_errors,
        )
    if args.command == "aggregate":
        from .aggregate import aggregate_command

        return aggregate_command(args.sources, agency=args.agency, output=args.output, body_kind=args.kind)
    if args.command == "revise":
        from .revising import revise_command

        return revise_command(
            args.file,
            args.part,
            instruction=args.instruction,
            variant=args.variant,
            restore=args.restore,
            show_history=args.history,
            output=args.output,
            accept_with_problems=args.accept_with_problems,
            model=args.model,
            base_url=args.base_url,
        )
    if args.command == "tui":
        return cmd_tui(args.file)
    if args.from_json:
        return cmd_from_json(args)
    if args.output:
        parser.error("-o 需要与 --from-json 一起使用")
    given = [a for a in ("format", "model", "base_url", "previous") if getattr(args, a, None)]
    if given or args.offline or args.allow_errors or args.json or args.html_fragment:
        parser.error("这些选项需要与 --from-json 一起使用")
    return cmd_tui(None)


def run() -> None:
    """Console-script entry point: never a traceback for the clerk, and a clean exit on Ctrl-C."""
    try:
        code = main()
    except KeyboardInterrupt:
        print("\n已中断。", file=sys.stderr)
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        code = EXIT_OK
    except Exception as exc:  # a bug of ours: say so plainly, keep the traceback for those who ask for it
        if os.environ.get("REPORT_ASSISTANT_DEBUG"):
            raise
        from .settings import redact  # a key that reached an exception's text is not printed

        message = redact(f"程序内部错误（{type(exc).__name__}：{exc}）。请把这段信息和所用文件报告给维护者。")
        print(message, file=sys.stderr)
        code = 3
    sys.exit(code)

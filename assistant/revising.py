"""``report-assistant revise``: revise one narrative part of a figures file, for scripts.

    report-assistant revise figures.json --part 五 --instruction "写得更简洁一些" [-o figures.json]
    report-assistant revise figures.json --part 五 --variant 简洁 [-o figures.json]       (no model needed)
    report-assistant revise figures.json --part 五 --history
    report-assistant revise figures.json --part 五 --restore 2 -o figures.json

The revision is checked like any draft. Exit codes as everywhere: 0 done; 1 the revision has problems (it is
recorded in the part's history, not accepted, unless ``--accept-with-problems``, which is recorded too; the
facts typed in the instruction become notes of the part only when the revision is accepted); 2 bad
usage, an unreadable file, or a model that cannot be used. Without ``-o`` nothing is written: the revised text
and what changed are shown. LangChain is imported only when a model revises.
"""

from __future__ import annotations

import asyncio
import re
import sys
from typing import TextIO

from . import formats as F
from . import history
from .atomic import write_text_atomic
from .exits import EXIT_CHECKS, EXIT_OK, EXIT_USAGE
from .figures import InputError, load_report, report_to_json
from .model import ReportBase


class _ModelFailed(RuntimeError):
    """The model gave no usable revision (RevisionFailed, seen without importing LangChain here)."""


def _part_names() -> dict[str, str]:
    """Names a clerk types for a part: the official ones from formats.py (section number and title, an aspect's
    heading without its number), and the usual short forms."""
    names = {"开头": "preamble", "开头段": "preamble", "报告说明": "preamble", "综述": "overview"}
    names |= {"平台建设": "platform", "问题": "problems", "其他": "other"}
    for part in F.NARRATIVE_PARTS:
        section = F.SECTION_BY_KEY.get(part.section)
        if part.heading:
            names[part.heading.split("）", 1)[1]] = part.key  # （二）依申请公开 → 依申请公开
        elif section is not None:
            names[section.title] = part.key  # 总体情况 (its 综述段), 存在的主要问题及改进情况 …
            names[section.heading.split("、", 1)[0]] = part.key  # 一, 五, 六
    return names


_PART_NAMES = _part_names()


def resolve_part(spec: str) -> str | None:
    """The part key for what a clerk would type: a key (problems), a label, 五, 六, 一（二）, 依申请公开 …"""
    spec = spec.strip().strip("“”\"'")
    if spec in F.NARRATIVE_PART_BY_KEY:
        return spec
    for part in F.NARRATIVE_PARTS:
        if spec in (part.label, part.heading):
            return part.key
    compact = spec.replace("、", "").replace("(", "（").replace(")", "）").replace(" ", "")
    numbered = re.fullmatch(r"一?(（[一二三四五]）)", compact)
    for part in F.NARRATIVE_PARTS:
        if not (part.heading and part.section == "overall"):
            continue
        if compact in (f"一{part.heading}", part.heading) or (numbered and part.heading.startswith(numbered[1])):
            return part.key
    return _PART_NAMES.get(compact.strip("（）"))


def part_choices() -> str:
    return "五、六、一（综述段）、一（一）至一（五）、开头段，或 " + "、".join(p.key for p in F.NARRATIVE_PARTS)


def _write(report: ReportBase, output: str, err: TextIO) -> bool:
    try:
        write_text_atomic(output, report_to_json(report))
    except OSError as exc:
        print(f"错误：无法写入 {output}（{exc.strerror or exc}）；文件未改动。", file=err)
        return False
    return True


def _show_history(report: ReportBase, part: str, out: TextIO) -> int:
    slot = report.narrative_text(part)
    label = F.NARRATIVE_PART_BY_KEY[part].label
    if not slot.history:
        print(f"“{label}”还没有版本记录。", file=out)
        return EXIT_OK
    current = history.accepted_index(slot)
    print(f"“{label}”的版本（共{len(slot.history)}版，*为现用）：", file=out)
    for index, version in enumerate(slot.history):
        mark = "*" if index == current else " "
        print(f"{mark} {history.describe(version, index)}", file=out)
    return EXIT_OK


def _model_revision(report: ReportBase, part: str, instruction: str, model: str | None, base_url: str | None):  # type: ignore[no-untyped-def]
    """Revise with the configured model. Raises SettingsError, DrafterUnavailable, RevisionFailed."""
    from .drafting.select import DrafterUnavailable, check_model_packages
    from .settings import load_settings

    settings = load_settings().with_overrides(model=model, base_url=base_url)
    if not settings.model:
        raise DrafterUnavailable(
            "没有配置模型，无法按要求修改。可以配置模型（见 README“用大模型起草”），"
            "或用 --variant 简洁 / --variant 详细 取得离线模板的变体。"
        )
    check_model_packages(settings)
    from .drafting.revise import Reviser, RevisionFailed

    try:
        return asyncio.run(Reviser(settings).revise(report, part, instruction))
    except RevisionFailed as error:
        raise _ModelFailed(str(error)) from None


def _keep_instruction_facts(report: ReportBase, part: str, instruction: str, err: TextIO) -> None:
    """The accepted revision's instruction facts become notes of the part (the sources of its numbers)."""
    from .drafting.instruction import add_instruction_facts

    for fact in add_instruction_facts(report, part, instruction):
        print(f"已把修改要求中的事实记入要点：{fact}", file=err)


def revise_command(
    source: str,
    part_spec: str,
    *,
    instruction: str | None = None,
    variant: str | None = None,
    restore: int | None = None,
    show_history: bool = False,
    output: str | None = None,
    accept_with_problems: bool = False,
    model: str | None = None,
    base_url: str | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    part = resolve_part(part_spec)
    if part is None:
        print(f"错误：不认识的部分“{part_spec}”；可用：{part_choices()}。", file=err)
        return EXIT_USAGE
    chosen = [x for x in (instruction, variant, restore) if x is not None]
    if len(chosen) + show_history != 1:
        print("错误：--instruction、--variant、--restore、--history 中请指定一项（只能一项）。", file=err)
        return EXIT_USAGE
    try:
        report = load_report(source)
    except InputError as error:
        print(error.render(), file=err)
        return EXIT_USAGE
    label = F.NARRATIVE_PART_BY_KEY[part].label
    if show_history:
        return _show_history(report, part, out)

    slot = report.narrative_text(part)
    before = slot.text or ""
    facts_not_kept: list[str] = []
    history.note_clerk_edit(report, part)  # a text edited by hand since the last version stays restorable
    if not before.strip() and restore is None:
        # Nothing to revise yet: start from the template draft, recorded as the first version.
        from .drafting.templates import TemplateDrafter

        before = TemplateDrafter().draft(report, part)
        history.accept(report, part, history.record(report, part, before, "template", by="模板"))

    if restore is not None:
        if not 1 <= restore <= len(slot.history):
            print(f"错误：“{label}”只有{len(slot.history)}个版本，没有第{restore}版。", file=err)
            return EXIT_USAGE
        from .drafting.instruction import restore_with_facts

        version, facts = restore_with_facts(report, part, restore - 1)
        for fact in facts:
            print(f"已把第{restore}版修改要求中的事实记入要点：{fact}", file=err)
    elif variant is not None:
        from .drafting.variants import VARIANTS, offline_variants

        if variant not in VARIANTS:
            print(f"错误：--variant 可选 {'、'.join(VARIANTS)}，实际为“{variant}”。", file=err)
            return EXIT_USAGE
        text = offline_variants(report, part)[variant]
        version = history.record(report, part, text, "variant", by="模板", instruction=variant)
        history.accept(report, part, version)
    else:
        from .drafting.select import DrafterUnavailable
        from .settings import SettingsError

        assert instruction is not None
        try:
            revision = _model_revision(report, part, instruction, model, base_url)
        except (SettingsError, DrafterUnavailable) as error:
            print(f"错误：{error}", file=err)
            return EXIT_USAGE
        except _ModelFailed as error:
            print(f"错误：模型没有给出修改稿（{error}）；文件未改动。", file=err)
            return EXIT_USAGE
        version = history.record(
            report,
            part,
            revision.text,
            "revision",
            by=revision.by,
            instruction=revision.instruction,
            problems=revision.problems,
        )
        if not revision.problems or accept_with_problems:
            history.accept(report, part, version, override=accept_with_problems)
            _keep_instruction_facts(report, part, revision.instruction, err)
        else:
            facts_not_kept = revision.notes_added  # they grounded only this revision: the notes stay the clerk's

    if version.text == before:
        print(version.text, file=out)
        print("（与现稿相同）", file=err)
    else:
        print(history.diff_text(history.diff(before, version.text)), file=out)
    accepted = slot.text == version.text
    if version.problems:
        print(f"“{label}”修改稿核对发现问题：", file=err)
        for problem in version.problems:
            print(f"  {problem}", file=err)
    if output and not _write(report, output, err):
        return EXIT_USAGE
    where = f"，已写入 {output}" if output else "（未指定 -o，文件未改动）"
    if version.problems and not accepted:
        kept = "已记入版本记录，未采用" if output else "未采用"
        print(f"{kept}；确认无误后可加 --accept-with-problems 采用{where}。", file=err)
        if facts_not_kept:
            print(f"修改要求中的事实未记入要点（采用时才记入）：{'；'.join(facts_not_kept)}", file=err)
        return EXIT_CHECKS
    flag = "（有问题仍采用，已记录）" if version.override else ""
    print(f"“{label}”已改用第{len(slot.history)}版{flag}{where}。", file=err)
    return EXIT_OK

"""What the revise screen says around its two texts: its title and hints, the fact check's verdict on a
revision, and the wording of its notices. Pure functions of what the screen knows, so the screen only places them.
"""

from __future__ import annotations

from rich.text import Text

from ...model import Version
from ..keymap import key_display

EXAMPLES = "如：写得更简洁一些；补充今年开展业务培训两次的情况；语气更正式；删去第二段"
VARIANT_HELP = (
    "可以改用离线模板的写法：1 简洁（去掉括号中的细分和没有数字的套话）；"
    "2 详细（补上这一部分常写的内容，写成【待补充：…】由您填写）。"
)
MODEL_NOTE = (
    "修改稿与初稿一样核对数字；要求中带数字的事实（如“培训两次”）作为数字的出处，采用修改稿时记入本部分的要点。"
)


def title(label: str, who: str) -> Text:
    """The screen's title: the part, and who revises it (the model's name, or 离线模板)."""
    return Text.assemble(("修改：", "bold"), (label, "bold"), ("  " + who if who else "", "dim"))


def waiting_hint(*, loaded: bool, has_reviser: bool) -> str:
    """What the candidate's pane says before there is a candidate."""
    if not loaded:
        return "正在准备…"
    if has_reviser:
        return "在下面写修改要求，按 Enter 发送。修改稿显示在这里，标出删去和新增的文字。"
    return "按 1 或 2 选一种写法。修改稿显示在这里，标出删去和新增的文字。"


def problem_lines(problems: list[str]) -> str:
    return "\n".join(f"· {p}" for p in problems)


def verdict(
    candidate: Version, *, accept: str, reject: str, override: str, can_revise_again: bool, pending_facts: list[str]
) -> Text:
    """What the fact check found, and what the clerk can do about it (the keys as the keymap has them)."""
    again = "，或写新的要求接着改" if can_revise_again else ""
    if candidate.problems:
        shown = Text.assemble(
            ("核对发现问题，不能直接采用", "bold red"),
            f"（确认无误后按 {override} 仍然采用；{reject} 不采用{again}）：\n",
            Text(problem_lines(candidate.problems), style="red"),
        )
    else:
        shown = Text.assemble(("核对无误", "bold green"), f"：数字都有出处。按 {accept} 采用，{reject} 不采用{again}。")
    if pending_facts:
        shown.append_text(Text.assemble(("\n采用后记入要点：", "dim"), "；".join(pending_facts)))
    return shown


def override_question(problems: list[str]) -> Text:
    """The confirmation asked before a revision with problems is accepted all the same."""
    return Text.assemble(
        "这一稿核对发现以下问题：\n",
        (problem_lines(problems), "red"),
        "\n\n确认这些文字和数字无误（例如数字另有出处）、仍然采用这一稿吗？采用后，版本记录中注明“有问题仍采用”。\n\n",
        f"按 {key_display('y')} 或选“仍然采用”确认；Esc 取消。",
    )


def accepted_notice(label: str, number: int, override: bool) -> str:
    flag = "（有问题仍采用，已记入版本记录）" if override else ""
    return f"“{label}”已改用第{number}版{flag}。"


def _dropped_facts(facts: list[str]) -> str:
    """Added to the notice that a revision was not accepted: the facts of its instructions left out of the notes."""
    return f"；修改要求中的事实（{'；'.join(facts)}）未记入要点" if facts else ""


def rejected_notice(number: int, dropped_facts: list[str], *, can_revise_again: bool) -> str:
    """The clerk rejected the revision (version ``number``); the screen stays."""
    again = "可以再写要求，" if can_revise_again else ""
    return f"修改稿未采用，留在版本记录中（第{number}版）{_dropped_facts(dropped_facts)}。{again}按 Esc 返回。"


def undecided_notice(number: int, versions_key: str, dropped_facts: list[str]) -> str:
    """The clerk left the screen without deciding on the revision (version ``number``)."""
    return f"修改稿未采用，留在版本记录中（第{number}版，{versions_key} 查看）{_dropped_facts(dropped_facts)}。"

"""Every key binding of the terminal UI, each with an id, and the user's remapping of them.

The bindings are declared here once, by scope, so the help screen can list them all and a config file can
remap any of them by id (Textual's keymap). The config is the TOML file in the user's config directory::

    [tui.keymap]
    "narrative.draft" = "f9"
    "app.tab.table3" = "f4,f12"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from textual.binding import Binding
from textual.keys import format_key


@dataclass(frozen=True)
class KeySpec:
    id: str
    keys: str  # Textual key names, comma-separated
    action: str
    description: str  # short, for the footer
    show: bool = False
    priority: bool = False
    help: str = ""  # longer, for the help screen; the description when empty

    @property
    def explanation(self) -> str:
        return self.help or self.description


@dataclass(frozen=True)
class Scope:
    key: str
    title: str  # how the help screen names the place where these keys work
    specs: tuple[KeySpec, ...]


APP = Scope(
    "app",
    "任何位置",
    (
        KeySpec("app.help", "f1", "help", "帮助", show=True, priority=True, help="帮助：列出全部按键"),
        KeySpec("app.tab.meta", "f2", "show_tab('meta')", "基本信息", priority=True),
        KeySpec("app.tab.table2", "f3", "show_tab('table2')", "表二", priority=True),
        KeySpec("app.tab.table3", "f4", "show_tab('table3')", "表三", priority=True),
        KeySpec("app.tab.table4", "f5", "show_tab('table4')", "表四", priority=True),
        KeySpec("app.tab.narrative", "f6", "show_tab('narrative')", "叙述（文字部分）", priority=True),
        KeySpec("app.tab.findings", "f7", "show_tab('findings')", "校验（全部问题）", priority=True),
        KeySpec("app.tab.export", "f8", "show_tab('export')", "导出", priority=True),
        KeySpec("app.save", "ctrl+s", "save", "保存", priority=True, help="立即保存（平时自动保存）"),
        KeySpec("app.start", "ctrl+n", "start", "新建/打开", priority=True, help="新建草稿，或打开数据文件"),
        KeySpec("app.quit", "ctrl+q", "quit", "退出", show=True, priority=True),
    ),
)

GRID = Scope(
    "grid",
    "表二、表三、表四",
    (
        KeySpec("grid.edit", "enter", "edit", "编辑", show=True, help="编辑单元格；编辑中则确认并下移"),
        KeySpec("grid.cancel", "escape", "cancel_edit", "放弃本次编辑"),
        KeySpec("grid.clear", "delete", "clear", "清空单元格（总计改回自动计算）"),
        KeySpec("grid.next", "tab", "move('next')", "下一格"),
        KeySpec("grid.previous", "shift+tab", "move('previous')", "上一格"),
        KeySpec("grid.up", "up", "move('up')", "上移"),
        KeySpec("grid.down", "down", "move('down')", "下移"),
        KeySpec("grid.left", "left", "move('left')", "左移"),
        KeySpec("grid.right", "right", "move('right')", "右移"),
        KeySpec("grid.page_up", "pageup", "move('page_up')", "上翻一页"),
        KeySpec("grid.page_down", "pagedown", "move('page_down')", "下翻一页"),
        KeySpec("grid.home", "home", "move('home')", "本行第一格"),
        KeySpec("grid.end", "end", "move('end')", "本行最后一格"),
        KeySpec(
            "grid.fill_zero",
            "ctrl+f",
            "fill_zero",
            "空白填0",
            show=True,
            help="本表所有空白单元格填0（没有发生的事项）",
        ),
    ),
)

NARRATIVE = Scope(
    "narrative",
    "叙述",
    (
        KeySpec("narrative.draft", "ctrl+r", "draft", "起草", show=True, help="起草当前部分（流式显示，可取消）"),
        KeySpec("narrative.draft_all", "ctrl+g", "draft_all", "全部起草", show=True, help="起草所有还没有文字的部分"),
        KeySpec(
            "narrative.cancel", "escape", "cancel_draft", "取消起草", show=True, help="取消正在进行的起草，原文不变"
        ),
        KeySpec("narrative.copy", "ctrl+o", "copy", "复制", help="把当前部分的正文复制到剪贴板"),
        # Ctrl+E also ends a line in the text box (End does that too): priority, so 修改 wins there.
        KeySpec(
            "narrative.revise",
            "ctrl+e",
            "revise",
            "修改",
            show=True,
            priority=True,
            help="按要求修改当前部分，看过改动再采用",
        ),
        KeySpec("narrative.versions", "ctrl+l", "versions", "版本", show=True, help="当前部分的版本记录，可恢复任一版"),
        KeySpec(
            "narrative.last_year",
            "ctrl+p",
            "toggle_last_year",
            "上年文字",
            help="显示或收起上年文字（仅供参考）",
        ),
    ),
)

REVISE = Scope(
    "revise",
    "修改文字部分",
    (
        KeySpec("revise.send", "enter", "send", "发送", show=True, priority=True, help="按写下的要求修改"),
        KeySpec("revise.accept", "ctrl+y", "accept", "采用", show=True, priority=True, help="采用修改稿，返回叙述"),
        KeySpec(
            "revise.reject",
            "ctrl+d",
            "reject",
            "不采用",
            show=True,
            priority=True,
            help="不采用（留在版本记录中）",
        ),
        KeySpec(
            "revise.override",
            "ctrl+o",
            "override",
            "仍然采用…",
            show=True,
            priority=True,
            help="采用核对有问题的修改稿（须确认）",
        ),
        KeySpec("revise.concise", "1", "variant('简洁')", "简洁", show=True, help="无模型时：模板的简洁写法"),
        KeySpec("revise.detailed", "2", "variant('详细')", "详细", show=True, help="无模型时：模板的详细写法"),
        KeySpec("revise.cancel", "escape", "cancel", "取消", show=True, help="取消生成中的修改稿"),
        KeySpec("revise.close", "escape", "close", "返回", show=True, help="返回叙述"),
    ),
)

VERSIONS = Scope(
    "versions",
    "版本记录",
    (
        KeySpec("versions.restore", "enter", "restore", "恢复这一版", show=True, help="恢复到选中的版本"),
        KeySpec("versions.close", "escape", "close", "返回", show=True),
    ),
)

CONFIRM = Scope(
    "confirm",
    "确认",
    (
        KeySpec("confirm.yes", "y", "confirm", "确认", show=True, help="确认（如仍然采用）"),
        KeySpec("confirm.no", "escape,n", "decline", "取消", show=True),
    ),
)

FINDINGS = Scope(
    "findings",
    "校验及叙述旁的问题列表",
    (KeySpec("findings.jump", "enter", "jump", "转到", show=True, help="转到问题所在的单元格或段落"),),
)

EXPORT = Scope(
    "export",
    "导出",
    (KeySpec("export.run", "ctrl+t", "export", "导出", show=True),),
)

START = Scope(
    "start",
    "新建或打开",
    (KeySpec("start.cancel", "escape", "cancel", "返回当前草稿", show=True),),
)

HELP = Scope(
    "help",
    "帮助",
    (KeySpec("help.close", "escape,f1", "close", "关闭帮助", show=True),),
)

SCOPES: tuple[Scope, ...] = (APP, GRID, NARRATIVE, REVISE, VERSIONS, CONFIRM, FINDINGS, EXPORT, START, HELP)
# How keys are named on screen: as printed on a PC keyboard (Ctrl+Q, Esc), not Textual's ^q and ⏎.
KEY_NAMES = {
    "escape": "Esc",
    "enter": "Enter",
    "tab": "Tab",
    "delete": "Delete",
    "backspace": "Backspace",
    "insert": "Insert",
    "space": "Space",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
}
MODIFIER_NAMES = {"ctrl": "Ctrl", "shift": "Shift", "alt": "Alt", "meta": "Meta", "super": "Super"}
SPECS_BY_ID: dict[str, KeySpec] = {spec.id: spec for scope in SCOPES for spec in scope.specs}


def bindings(scope: Scope) -> list[Binding]:
    """Textual bindings for a scope, each carrying its id so that a keymap can move it."""
    return [Binding(s.keys, s.action, s.description, show=s.show, priority=s.priority, id=s.id) for s in scope.specs]


def key_display(key: str) -> str:
    """A Textual key name as the clerk reads it on the keyboard: ``ctrl+q`` → Ctrl+Q, ``f4`` → F4."""
    *modifiers, name = key.strip().split("+")
    if name in KEY_NAMES:
        shown = KEY_NAMES[name]
    elif len(name) == 1 or (name[:1] == "f" and name[1:].isdigit()):
        shown = name.upper()
    else:
        shown = format_key(name)  # question_mark → ?
    return "+".join([*(MODIFIER_NAMES.get(m, m) for m in modifiers), shown])


def current_keys(spec: KeySpec, keymap: dict[str, str]) -> str:
    """The keys bound to ``spec`` once the user's keymap is applied."""
    return keymap.get(spec.id, spec.keys)


def first_key(binding_id: str, keymap: dict[str, str]) -> str:
    """The first key of a binding, after the clerk's keymap, as the screen names it (Ctrl+Q, F4)."""
    return key_display(current_keys(SPECS_BY_ID[binding_id], keymap).split(",")[0])


def bound_action(scope: Scope, key_names: set[str], keymap: dict[str, str]) -> str | None:
    """The action of ``scope`` bound to any of ``key_names`` (a key and its aliases), after the user's keymap."""
    for spec in scope.specs:
        if key_names & {k.strip() for k in current_keys(spec, keymap).split(",")}:
            return spec.action
    return None


def load_keymap(path: Path) -> tuple[dict[str, str], list[str]]:
    """The ``[tui.keymap]`` table of the config file, and any problems with it (in Chinese).

    A missing file is no problem; an unknown id or a value that is not a key string is reported and skipped.
    """
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        return {}, []
    except (OSError, tomllib.TOMLDecodeError) as exc:
        return {}, [f"无法读取配置文件 {path}（{exc}），快捷键按默认设置。"]
    table = data.get("tui", {}).get("keymap", {}) if isinstance(data.get("tui"), dict) else {}
    if not isinstance(table, dict):
        return {}, [f"配置文件 {path} 中的 [tui.keymap] 应为“编号 = 按键”的表，快捷键按默认设置。"]
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in table.items():
        if binding_id not in SPECS_BY_ID:
            problems.append(f"不认识的快捷键编号 “{binding_id}”（可用的编号见帮助 F1）。")
        elif not isinstance(keys, str) or not keys.strip():
            problems.append(f'快捷键 “{binding_id}” 的值应为按键文字，如 "ctrl+r"。')
        else:
            keymap[binding_id] = ",".join(k.strip() for k in keys.split(",") if k.strip())
    return keymap, problems + clashes(keymap)


def clashes(keymap: dict[str, str]) -> list[str]:
    """Keys the user's remapping gives to two actions that can be pressed in the same place: two of one scope,
    or one of any scope and one of the app's (which work everywhere and win). Only pairs with a remapped id are
    named: the defaults' own overlaps (F1 opens and closes the help) are meant."""
    problems = []
    for scope in SCOPES:
        others = scope.specs if scope is APP else (*scope.specs, *APP.specs)
        for spec in scope.specs:
            for other in others:
                if other is spec or (other in scope.specs and other.id < spec.id):
                    continue  # each pair of one scope once
                if not (_remapped(spec, keymap) or _remapped(other, keymap)):
                    continue
                shared = _key_set(spec, keymap) & _key_set(other, keymap)
                if shared:
                    keys = "、".join(key_display(k) for k in sorted(shared))
                    problems.append(
                        f"快捷键冲突：{keys} 同时用于 “{spec.id}”（{spec.description}）和 “{other.id}”"
                        f"（{other.description}），请在 [tui.keymap] 中改用其他按键。"
                    )
    return problems


def _remapped(spec: KeySpec, keymap: dict[str, str]) -> bool:
    return spec.id in keymap and _key_set(spec, keymap) != _key_set(spec, {})


def _key_set(spec: KeySpec, keymap: dict[str, str]) -> set[str]:
    return {k.strip() for k in current_keys(spec, keymap).split(",") if k.strip()}

"""Help: every key, where it works, and the id to remap it with in the config file."""

from __future__ import annotations

from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from ..keymap import HELP, SCOPES, bindings, current_keys


def keys_table(keymap: dict[str, str], display: callable) -> Table:  # type: ignore[valid-type]
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1), expand=True)
    table.add_column("按键", no_wrap=True)
    table.add_column("作用", ratio=1)
    table.add_column("编号", style="dim", no_wrap=True)
    for scope in SCOPES:
        table.add_row("", Text(scope.title, style="bold underline"), "")
        for spec in scope.specs:
            keys = "／".join(display(Binding(k.strip(), "")) for k in current_keys(spec, keymap).split(","))
            table.add_row(keys, spec.explanation, spec.id)
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings(HELP)

    def __init__(self, keymap: dict[str, str], config_path: Path) -> None:
        super().__init__()
        self.keymap = keymap
        self.config_path = config_path

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static("按键一览（Esc 关闭）", classes="panel-title")
            yield Static(keys_table(self.keymap, self.app.get_key_display))
            yield Static(
                Text.assemble(
                    "\n表格中直接输入数字即可填写；鼠标也可点选标签页、单元格和问题。\n更改按键：在配置文件 ",
                    (str(self.config_path), "bold"),
                    " 中写入\n",
                    ('[tui.keymap]\n"narrative.draft" = "f9"\n', "cyan"),
                    "（左边是编号，右边是按键，多个按键用逗号隔开），重新启动后生效。",
                )
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def action_close(self) -> None:
        self.dismiss(None)

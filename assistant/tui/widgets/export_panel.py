"""导出: formats and file name; blocked while errors remain, unless the clerk asks for a marked draft.

The export itself is the pipeline's (:func:`~assistant.pipeline.build` then
:func:`~assistant.pipeline.render_outputs`), run in a thread worker that only posts messages.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, Label, Static

from ...checks import CheckOptions
from ...model import ReportBase
from ...pipeline import BuildResult, build, render_outputs
from ...render import DRAFT_MARK, SUPPORTED_EXTENSIONS
from ..keymap import EXPORT, bindings
from ..session import DraftSession
from ..streaming import DrafterProvider
from ..text import tight

FORMAT_NAMES = {".docx": "Word", ".html": "网页", ".md": "Markdown", ".txt": "纯文本"}


class TickBox(Checkbox):
    """A checkbox that shows ✓ only when ticked: Textual's shows X either way, told apart by colour alone,
    which a monochrome terminal or a colour-blind clerk cannot see."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # Textual reads it by this name
        return "✓" if self.value else " "


class ExportPanel(VerticalScroll):
    BINDINGS = bindings(EXPORT)

    class ReportExported(Message):
        """The pipeline ran; ``written`` is empty when errors blocked the export."""

        def __init__(self, written: list[Path], result: BuildResult, allowed_errors: bool) -> None:
            super().__init__()
            self.written = written
            self.result = result
            self.allowed_errors = allowed_errors

    class ExportFailed(Message):
        def __init__(self, title: str, cause: str) -> None:
            super().__init__()
            self.title = title
            self.cause = cause

    def __init__(self, drafters: DrafterProvider, default_stem: Path, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="form")
        self.drafters = drafters
        self.default_stem = default_stem
        self._session: DraftSession | None = None
        self.running = False

    def compose(self) -> ComposeResult:
        yield Static("导出报告", classes="panel-title")
        yield Label("格式：", classes="field-caption")
        with Horizontal(id="formats"):
            for ext in SUPPORTED_EXTENSIONS:
                name = FORMAT_NAMES.get(ext, ext.lstrip("."))
                yield TickBox(f"{name}（{ext}）", value=ext in (".docx", ".md"), id=f"format-{ext.lstrip('.')}")
        yield Label("文件名（不含扩展名，可含文件夹）：", classes="field-caption")
        yield Input(str(self.default_stem), id="export-stem")
        yield Static("", id="export-verdict")
        yield TickBox(f"仍然导出草稿（文件醒目标明“{DRAFT_MARK}”，不得作为正式报告发布）", id="allow-errors")
        yield Button("导出", id="export-button", variant="primary", compact=True)
        yield Static("", id="export-result")
        yield Static("", id="draft-file")

    def show(self, session: DraftSession) -> None:
        self._session = session
        errors = sum(1 for f in session.findings if f.is_error)
        verdict = self.query_one("#export-verdict", Static)
        if errors:
            verdict.update(
                Text(f"还有{errors}处错误（见“校验”），不能导出正式稿。修正后再导出，或勾选下面一项导出草稿。", "red")
            )
        else:
            verdict.update(Text("校验没有错误，可以导出正式稿（未填写的文字部分将由模板起草）。", "green"))
        self.query_one("#draft-file", Static).update(Text(f"数据文件（自动保存）：{session.path}", style="dim"))
        self._update_button()

    def _update_button(self) -> None:
        blocked = self._session is None or (self._session.has_errors and not self._allow_errors)
        self.query_one("#export-button", Button).disabled = blocked or self.running

    @property
    def _allow_errors(self) -> bool:
        return self.query_one("#allow-errors", Checkbox).value

    @on(Checkbox.Changed, "#allow-errors")
    def _override_changed(self) -> None:
        self._update_button()

    def chosen_paths(self) -> list[Path]:
        stem = Path(self.query_one("#export-stem", Input).value.strip() or str(self.default_stem)).expanduser()
        paths = []
        for ext in SUPPORTED_EXTENSIONS:
            if self.query_one(f"#format-{ext.lstrip('.')}", Checkbox).value:
                paths.append(stem.with_name(stem.name + ext) if stem.suffix.lower() != ext else stem)
        return paths

    @on(Button.Pressed, "#export-button")
    def action_export(self) -> None:
        if self._session is None or self.running:
            return
        allow = self._allow_errors
        if self._session.has_errors and not allow:
            errors = sum(1 for f in self._session.findings if f.is_error)
            self.notify(
                f"还有{errors}处错误（见“校验”）。要导出标明“{DRAFT_MARK}”的文件，请先勾选“仍然导出草稿”。",
                title="不能导出正式稿",
                severity="warning",
                timeout=8,
            )
            return
        paths = self.chosen_paths()
        if not paths:
            self.notify("请至少选择一种格式。", title="没有选择格式", severity="warning")
            return
        self.running = True
        self._update_button()
        self.query_one("#export-result", Static).update("正在导出…")
        self._export(self._session.snapshot(), paths, allow)

    @work(thread=True, group="export", exit_on_error=False)
    def _export(self, report: ReportBase, paths: list[Path], allow: bool) -> None:
        try:
            result = build(report, self.drafters.get(), CheckOptions(), draft_on_errors=allow)
            written = render_outputs(result, paths, allow_errors=allow)
        except OSError as exc:
            where = exc.filename or "输出文件"
            self.post_message(self.ExportFailed("无法写入文件", f"{where}：{exc.strerror or exc}；未写入任何文件。"))
            return
        except Exception as exc:  # a renderer's or drafter's failure: say what it was, keep the session
            self.post_message(self.ExportFailed("导出失败", f"{type(exc).__name__}：{exc}"))
            return
        self.post_message(self.ReportExported(written, result, allow))

    @on(ReportExported)
    def _exported(self, event: ReportExported) -> None:
        self.running = False
        self._update_button()
        result = self.query_one("#export-result", Static)
        errors = len(event.result.errors)
        if event.written:
            names = "\n".join(f"  {p}" for p in event.written)
            head = f"已导出草稿（{errors}处错误，已标明“{DRAFT_MARK}”）：" if errors else "已导出："
            result.update(Text(f"{head}\n{names}", style="yellow" if errors else "green"))
            severity = "warning" if errors else "information"
            self.notify(
                "\n".join(map(str, event.written)), title=head.rstrip("："), severity=severity, timeout=10, markup=False
            )
        else:
            result.update(Text(f"校验有{errors}处错误，未导出。", style="red"))
            self.notify(
                "；".join(tight(f.render()) for f in event.result.errors[:3]) + ("……" if errors > 3 else ""),
                title=f"未导出：{errors}处错误",
                severity="error",
                timeout=10,
                markup=False,
            )

    @on(ExportFailed)
    def _failed(self, event: ExportFailed) -> None:
        self.running = False
        self._update_button()
        self.query_one("#export-result", Static).update(Text(f"{event.title}：{event.cause}", style="red"))
        self.notify(event.cause, title=event.title, severity="error", timeout=12, markup=False)

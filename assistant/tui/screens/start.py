"""Start: a new draft (year, the format it implies, kind of body, 机关全称), a figures file, or the last draft.

The kind of body follows the 机关全称 as it is typed (:func:`~assistant.body_kind.suggested_body_kind`) until the
clerk picks one.

The screen returns a :class:`~assistant.tui.session.DraftSession`, or None when the clerk goes back.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Select, Static

from ... import formats as F
from ...body_kind import suggested_body_kind
from ...figures import InputError
from ...formats import BodyKind
from ...model import Meta
from ...startup import resume_collection
from ..keymap import START, bindings, first_key
from ..session import DraftSession, typed_value
from ..storage import DraftStore
from ..widgets.choice import Choice


def format_hint(year_text: str, example: int) -> Text:
    """The format a year implies, as the clerk should read it."""
    year = typed_value(year_text)
    if not isinstance(year, int) or not F.FIRST_REPORT_YEAR <= year <= 2100:
        return Text(f"请输入{F.FIRST_REPORT_YEAR}年以后的年度，如{example}", style="yellow")
    fmt = F.format_for(F.version_for_year(year))
    return Text(f"按{fmt.version.value}年格式填报（{fmt.basis.number}）", style="green")


def input_error_text(error: InputError) -> str:
    return "\n".join(f"{p.location.label + '：' if p.location else ''}{p.message}" for p in error.problems)


class StartScreen(Screen[DraftSession | None]):
    BINDINGS = bindings(START)

    def __init__(
        self, store: DraftStore, default_year: int, *, target: Path | None = None, cancellable: bool = False
    ) -> None:
        super().__init__()
        self.store = store
        self.default_year = default_year  # last year: the report written this January
        self.target = target  # the file named on the command line, when it does not exist yet
        self.cancellable = cancellable
        self.kind_picked = False  # the clerk picked the kind: the name no longer suggests it

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="start"):
            yield Static(self.app.title, classes="app-title")
            yield Static("新建草稿", classes="group-title")
            with Horizontal(classes="field-row"):
                yield Label(Meta.model_fields["year"].title or "", classes="field-label")
                yield Input(str(self.default_year), id="start-year", compact=True, max_length=4)
            hint = format_hint(str(self.default_year), self.default_year)
            yield Static(hint, id="start-format", classes="field-note")
            with Horizontal(classes="field-row"):
                yield Label(Meta.model_fields["body_kind"].title or "", classes="field-label")
                options = [(label, kind.value) for kind, label in F.BODY_KIND_LABELS.items()]
                yield Choice(options, allow_blank=False, compact=True, id="start-kind")
            with Horizontal(classes="field-row"):
                yield Label(Meta.model_fields["agency"].title or "", classes="field-label")
                yield Input(placeholder="如：上高县审计局", id="start-agency", compact=True)
            if self.target is not None:
                yield Static(f"草稿将保存到：{self.target}", classes="field-note")
            yield Button("新建草稿", id="start-create", variant="primary", compact=True)
            yield Static("从数据文件开始", classes="group-title")
            with Horizontal(classes="field-row"):
                yield Label("数据文件", classes="field-label")
                hint = "如：2024年度数据.json（report-assistant 的数据文件）"
                yield Input(placeholder=hint, id="start-source", compact=True)
            with Horizontal(classes="button-row"):
                yield Button("打开并继续填写", id="start-open", compact=True)
                yield Button("沿用其基本信息新建草稿（年度见上）", id="start-based-on", compact=True)
            last = self.store.last_draft()
            if last is not None:
                yield Static("上次的草稿", classes="group-title")
                yield Button(f"继续：{escape(last.name)}", id="start-resume", compact=True)
            yield Static(f"{self._key('app.help')} 查看全部按键 · {self._key('app.quit')} 退出", classes="field-note")
        yield Footer()

    def _key(self, binding_id: str) -> str:
        """The first key of a binding, after the clerk's keymap, as the footer shows it."""
        return first_key(binding_id, getattr(self.app, "keymap", {}))

    def on_mount(self) -> None:
        self.query_one("#start-agency", Input).focus()
        self.call_after_refresh(resume_collection)  # the first screen is up: see assistant.startup

    @on(Input.Changed, "#start-year")
    def _year_changed(self, event: Input.Changed) -> None:
        self.query_one("#start-format", Static).update(format_hint(event.value, self.default_year))

    @on(Input.Changed, "#start-agency")
    def _agency_changed(self, event: Input.Changed) -> None:
        if self.kind_picked:
            return
        kind = self.query_one("#start-kind", Select)
        suggested = suggested_body_kind(event.value).value
        if kind.value != suggested:
            kind.value = suggested

    @on(Choice.Picked, "#start-kind")
    def _kind_picked(self) -> None:
        self.kind_picked = True

    def _kind(self) -> BodyKind:
        value = self.query_one("#start-kind", Select).value
        return BodyKind(value) if isinstance(value, str) else BodyKind.DEPARTMENT

    def _fail(self, title: str, cause: str) -> None:
        self.notify(cause, title=title, severity="error", timeout=12, markup=False)

    @on(Button.Pressed, "#start-create")
    @on(Input.Submitted, "#start-agency")
    def create(self) -> None:
        year = self.query_one("#start-year", Input).value
        agency = self.query_one("#start-agency", Input).value
        try:
            report = DraftSession.new_report(year, agency, self._kind())
        except InputError as error:
            self._fail("无法新建草稿", input_error_text(error))
            return
        path = self.target or self.store.new_draft_path(report.meta.year, report.meta.agency)
        self.dismiss(DraftSession.create(report, path))

    def _source(self) -> Path | None:
        text = self.query_one("#start-source", Input).value.strip().strip('"')
        if not text:
            self._fail("没有指定数据文件", "请先在“数据文件”中填写文件路径。")
            return None
        return Path(text).expanduser()

    @on(Button.Pressed, "#start-open")
    @on(Input.Submitted, "#start-source")
    def open_file(self) -> None:
        source = self._source()
        if source is None:
            return
        try:
            session = DraftSession.open(source)
        except InputError as error:
            self._fail("无法打开数据文件", error.render())
            return
        self.dismiss(session)

    @on(Button.Pressed, "#start-based-on")
    def based_on(self) -> None:
        source = self._source()
        if source is None:
            return
        from ...checks.crossyear import start_from_previous
        from ...importing import load_any_report

        try:
            previous = load_any_report(source)  # a figures file, or last year's published .docx/.html/.pdf/.txt
        except InputError as error:
            self._fail("无法读取数据文件", error.render())
            return
        year = self.query_one("#start-year", Input).value
        try:
            report = DraftSession.new_report(year, previous.meta.agency, previous.meta.body_kind)
        except InputError as error:
            self._fail("无法新建草稿", input_error_text(error))
            return
        path = self.target or self.store.new_draft_path(report.meta.year, report.meta.agency)
        if report.meta.year == previous.meta.year + 1:
            # Last year's report: 上年结转 from its 结转下年度, its 现行有效件数 as the baseline, its text for
            # reference only (the same as `new --from-previous`).
            self.dismiss(DraftSession.create(start_from_previous(previous, report.meta.year), path))
            return
        self.dismiss(DraftSession.create(report, path, previous=previous))

    @on(Button.Pressed, "#start-resume")
    def resume(self) -> None:
        last = self.store.last_draft()
        if last is None:
            return
        try:
            session = DraftSession.open(last)
        except InputError as error:
            self._fail("无法打开上次的草稿", error.render())
            return
        self.dismiss(session)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.cancellable if action == "cancel" else True

    def action_cancel(self) -> None:
        if self.cancellable:
            self.dismiss(None)

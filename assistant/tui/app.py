"""The clerk's interactive session: the app owns the draft, widgets post what the clerk did, the app applies it
through the session (which uses the core), re-checks, refreshes every view and schedules the autosave."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message

from .. import formats as F
from ..drafting.templates import TemplateDrafter
from ..figures import InputError
from .autosave import Autosaver
from .keymap import APP, bindings, first_key, key_display, load_keymap
from .screens.help import HelpScreen
from .screens.main import MainScreen
from .screens.revise import ReviseScreen
from .screens.start import StartScreen
from .screens.versions import VersionsScreen
from .session import DraftSession
from .storage import DraftStore, default_config_path, default_data_dir
from .streaming import DrafterProvider, ReviserProvider
from .widgets.export_panel import ExportPanel
from .widgets.figures_grid import FiguresGrid
from .widgets.meta_form import MetaForm
from .widgets.narrative_panel import NarrativePanel
from .widgets.table_panel import TablePanel

TABS = ("meta", "table2", "table3", "table4", "narrative", "findings", "export")


class ReportApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "政府信息公开年报助手"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings(APP),
        Binding("ctrl+c", "help_quit", show=False, system=True),
    ]

    def __init__(
        self,
        path: Path | None = None,
        *,
        session: DraftSession | None = None,
        data_dir: Path | None = None,
        config_path: Path | None = None,
        drafter: Any = None,
        reviser: Any = None,
        autosave_delay: float = 0.5,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        """``drafter`` and ``reviser`` replace what the settings choose (tests give fakes). A ``drafter``
        given without a ``reviser`` means no model: 修改 offers only the template's variants."""
        super().__init__()
        self.store = DraftStore(data_dir or default_data_dir())
        self.config_path = config_path or default_config_path()
        self.initial_path = path
        self.initial_session = session
        self.drafters = DrafterProvider(drafter, config_path=self.config_path)
        self.revisers = ReviserProvider(reviser, from_settings=drafter is None, config_path=self.config_path)
        self.session: DraftSession | None = None
        self.clock = clock  # the time the status line shows, and this year (the start screen's default)
        self.autosaver = Autosaver(self, autosave_delay, clock)
        self.keymap, self._keymap_problems = load_keymap(self.config_path)

    # -- starting ------------------------------------------------------------------------------------------

    class DrafterReady(Message):
        """The drafter the settings choose is loaded (in the background: a model's packages take a while)."""

        def __init__(self, name: str, problem: str | None) -> None:
            super().__init__()
            self.name = name
            self.problem = problem

    def _load_drafter(self) -> None:
        drafter = self.drafters.get()
        self.post_message(self.DrafterReady(getattr(drafter, "name", ""), self.drafters.problem))
        self.revisers.get()  # the same settings; LangChain, when a model is configured, is loaded by now

    def on_report_app_drafter_ready(self, event: DrafterReady) -> None:
        if event.problem:
            self.notify(event.problem, title="无法使用配置的模型", severity="warning", timeout=15, markup=False)

    def on_mount(self) -> None:
        if not self.is_headless:
            self._save_on_hangup()
        if not (self.drafters.ready and self.revisers.ready):
            self.run_worker(self._load_drafter, thread=True, group="drafter", exit_on_error=False)
        if self.keymap:
            self.set_keymap(self.keymap)
        if self._keymap_problems:
            self.notify("\n".join(self._keymap_problems), title="快捷键配置有误", severity="warning", markup=False)
        if self.initial_session is not None:
            self.open_session(self.initial_session)
            return
        path = self.initial_path
        if path is not None and not path.exists():
            self.show_start(target=path)
            return
        path = path or self.store.last_draft()
        if path is None:
            self.show_start()
            return
        try:
            session = DraftSession.open(path)
        except InputError as error:
            self.notify(error.render(), title="无法打开草稿", severity="error", timeout=15, markup=False)
            self.show_start()
            return
        if self.initial_path is None:
            self.notify(f"{path}\n（Ctrl+N 新建或打开其他文件）", title="已打开上次的草稿", timeout=6, markup=False)
        self.open_session(session)

    def _save_on_hangup(self) -> None:
        """Closing the terminal window (SIGHUP) or ``kill`` (SIGTERM) saves what was typed before the app ends,
        without waiting for the autosave's delay. Not on Windows, where asyncio has no signal handlers."""
        loop = asyncio.get_running_loop()
        for name in ("SIGHUP", "SIGTERM"):
            number = getattr(signal, name, None)
            if number is not None:
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.add_signal_handler(number, self._hang_up)

    def _hang_up(self) -> None:
        self._note_clerk_edit_in_progress()
        if self.session is not None and self.autosaver.dirty:
            self._save_now(quiet=True)
        self.exit(0)

    def show_start(self, *, target: Path | None = None, cancellable: bool = False) -> None:
        screen = StartScreen(self.store, self.clock().year - 1, target=target, cancellable=cancellable)
        self.push_screen(screen, self._start_chosen)

    def _start_chosen(self, session: DraftSession | None) -> None:
        if session is not None:
            self.open_session(session)

    def open_session(self, session: DraftSession) -> None:
        """Make ``session`` the draft being edited: saved at once, remembered as the last draft, shown."""
        if self.session is not None and self.autosaver.dirty:
            self._save_now(quiet=True)
        self.session = session
        try:
            self.autosaver.attach(session)
            self.store.remember(session.path)
        except OSError as exc:
            self.notify(
                f"{exc.filename or session.path}：{exc.strerror or exc}",
                title="无法保存草稿",
                severity="error",
                timeout=15,
                markup=False,
            )
        in_store = session.path.resolve().is_relative_to(self.store.drafts_dir.resolve())
        export_dir = Path.cwd() if in_store else session.path.resolve().parent
        screen = MainScreen(session, self.drafters, self._tab_key_hints(), export_dir)
        if isinstance(self.screen, MainScreen | StartScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        self.call_after_refresh(self._mark_saved)

    def _tab_key_hints(self) -> dict[str, str]:
        hints = {}
        for tab in TABS:
            hints[tab] = first_key(f"app.tab.{tab}", self.keymap)
        return hints

    @property
    def main(self) -> MainScreen | None:
        return next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)

    # -- what the clerk did ----------------------------------------------------------------------------------

    def changed(self) -> None:
        """After any edit: the core re-checks, every view follows, the autosave is scheduled."""
        assert self.session is not None
        self.session.recheck()
        if self.main is not None:
            self.main.refresh_views()
            self.main.set_save_state(Text("有修改，即将自动保存…", style="yellow"))
        self.autosaver.changed()

    def apply(self, edit: Callable[[DraftSession], object]) -> None:
        """Apply one edit through the session, then follow it. A failure of ours is a titled notice, and the
        session goes on (the autosave keeps what was typed before)."""
        if self.session is None:
            return
        try:
            edit(self.session)
            self.changed()
        except Exception as error:
            self.log.error(error)
            self.notify(
                f"{type(error).__name__}：{error}", title="程序内部错误，本次修改未完成", severity="error", markup=False
            )

    def on_figures_grid_cell_edited(self, event: FiguresGrid.CellEdited) -> None:
        self.apply(lambda session: session.set_cell(event.ref, event.text))

    def on_figures_grid_fill_zero_chosen(self, event: FiguresGrid.FillZeroChosen) -> None:
        filled: list[int] = []
        self.apply(lambda session: filled.append(session.fill_blank_cells(event.refs)))
        if filled:
            self.notify(f"已在{filled[0]}个空白单元格中填入0。", title="空白格填0")

    def on_table_panel_procurement_unit_chosen(self, event: TablePanel.ProcurementUnitChosen) -> None:
        self.apply(lambda session: session.set_procurement_unit(event.unit))

    def on_meta_form_field_edited(self, event: MetaForm.FieldEdited) -> None:
        self.apply(lambda session: session.set_field(event.key, event.text))

    def on_meta_form_body_kind_chosen(self, event: MetaForm.BodyKindChosen) -> None:
        self.apply(lambda session: session.set_body_kind(event.kind))

    def on_narrative_panel_text_edited(self, event: NarrativePanel.TextEdited) -> None:
        self.apply(lambda session: session.set_narrative_text(event.part, event.text))

    def on_narrative_panel_notes_edited(self, event: NarrativePanel.NotesEdited) -> None:
        self.apply(lambda session: session.set_narrative_notes(event.part, event.notes))

    def on_narrative_panel_section_drafted(self, event: NarrativePanel.SectionDrafted) -> None:
        by = TemplateDrafter.name if event.fallback else event.drafter
        template = by == TemplateDrafter.name
        self.apply(lambda session: session.keep_draft(event.part, event.text, by, template=template))

    def on_narrative_panel_text_left(self, event: NarrativePanel.TextLeft) -> None:
        if self.session is not None and self.session.note_clerk_edit(event.part):
            self.changed()

    def _note_clerk_edit_in_progress(self) -> None:
        """Before quitting: the text the clerk is still in becomes a version, as leaving it would."""
        main = self.main
        if self.session is None or main is None:
            return
        panel = main.query_one(NarrativePanel)
        if self.session.note_clerk_edit(panel.part):
            self.autosaver.changed()

    def on_narrative_panel_revise_requested(self, event: NarrativePanel.ReviseRequested) -> None:
        session = self.session
        if session is None:
            return
        label = F.NARRATIVE_PART_BY_KEY[event.part].label
        if not (session.report.narrative_text(event.part).text or "").strip():
            draft = first_key("narrative.draft", self.keymap)
            self.notify(f"“{label}”还没有文字：请先起草（{draft}）或写入文字，再按要求修改。", title="没有可修改的文字")
            return
        if session.note_clerk_edit(event.part):  # the clerk's own text is a version before it is revised
            self.changed()
        self.push_screen(ReviseScreen(session, event.part, self.revisers, self.changed), self._revise_closed)

    def _revise_closed(self, _: None) -> None:
        if self.main is not None:
            self.main.query_one(NarrativePanel).reload()

    def on_narrative_panel_versions_requested(self, event: NarrativePanel.VersionsRequested) -> None:
        session = self.session
        if session is None:
            return
        if session.note_clerk_edit(event.part):
            self.changed()
        part = event.part
        self.push_screen(VersionsScreen(session, part), lambda index: self._restore(part, index))

    def _restore(self, part: str, index: int | None) -> None:
        if index is None or self.session is None:
            return
        self.apply(lambda session: session.restore(part, index))
        if self.main is not None:
            self.main.query_one(NarrativePanel).reload()
        label = F.NARRATIVE_PART_BY_KEY[part].label
        self.notify(f"“{label}”已恢复到第{index + 1}版（恢复也记入了版本记录）。", title="已恢复")

    def on_export_panel_report_exported(self, event: ExportPanel.ReportExported) -> None:
        """Parts the export drafted become the draft's text, so the file and the screen say the same."""
        if self.session is None or not event.written or not event.result.drafted:
            return

        def keep_drafts(session: DraftSession) -> None:
            for drafted in event.result.drafted:
                if not (session.report.narrative_text(drafted.part).text or "").strip():
                    template = drafted.drafter == TemplateDrafter.name
                    session.keep_draft(drafted.part, drafted.text, drafted.drafter, template=template)

        self.apply(keep_drafts)

    # -- saving ----------------------------------------------------------------------------------------------

    def on_autosaver_draft_saved(self, event: Autosaver.DraftSaved) -> None:
        self.autosaver.finished(event.generation, ok=True)
        if not self.autosaver.dirty:
            self._mark_saved(event.when)

    def on_autosaver_save_failed(self, event: Autosaver.SaveFailed) -> None:
        self.autosaver.finished(event.generation, ok=False)
        self.notify(event.cause, title="自动保存失败", severity="error", timeout=15, markup=False)
        if self.main is not None:
            self.main.set_save_state(Text("自动保存失败！", style="bold red"))

    def _mark_saved(self, when: datetime | None = None) -> None:
        if self.main is not None and self.session is not None:
            name = self.session.path.name
            state = f"已自动保存 {when:%H:%M:%S} · {name}" if when else f"自动保存到 {name}"
            self.main.set_save_state(Text(state, style="green"))

    def _save_now(self, *, quiet: bool = False) -> bool:
        try:
            self.autosaver.save_now()
        except OSError as exc:
            cause = f"{exc.filename or ''}：{exc.strerror or exc}"
            self.notify(cause, title="保存失败", severity="error", timeout=15, markup=False)
            return False
        if not quiet and self.session is not None:
            self.notify(str(self.session.path), title="已保存", markup=False)
        self._mark_saved(self.autosaver.clock())
        return True

    # -- actions ---------------------------------------------------------------------------------------------

    def get_key_display(self, binding: Binding) -> str:
        """Keys as printed on the keyboard (Ctrl+Q, Esc, Enter), in the footer, the tabs and the help."""
        return binding.key_display or key_display(binding.key)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("save", "start", "show_tab"):
            return isinstance(self.screen, MainScreen)
        return True

    def action_show_tab(self, tab: str) -> None:
        if isinstance(self.screen, MainScreen):
            self.screen.show_tab(tab)

    def action_help(self) -> None:
        """F1 shows the help, and F1 again closes it (as the help says)."""
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
        else:
            self.push_screen(HelpScreen(self.keymap, self.config_path))

    def action_save(self) -> None:
        if self.session is not None:
            self._save_now()

    def action_start(self) -> None:
        if isinstance(self.screen, MainScreen):
            self.show_start(cancellable=True)

    async def action_quit(self) -> None:
        self._note_clerk_edit_in_progress()
        if self.session is not None and self.autosaver.dirty and not self._save_now(quiet=True):
            return  # the notice says why; the clerk decides (Ctrl+S again, or fix the disk)
        self.exit(0)

    def action_help_quit(self) -> None:
        self.notify(f"退出请按 {first_key('app.quit', self.keymap)}（草稿已自动保存）。", title="要退出吗？")

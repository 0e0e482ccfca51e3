"""校验: every finding of the draft, errors first; Enter goes to the place."""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from ...findings import SEVERITY_LABELS, Severity
from ..session import DraftSession
from .findings_list import FindingsList


class FindingsPanel(Vertical):
    def compose(self) -> ComposeResult:
        yield Static("", id="findings-summary", classes="panel-title")
        yield FindingsList(id="all-findings")

    def show(self, session: DraftSession) -> None:
        counts = Counter(f.severity for f in session.findings)
        summary = "，".join(f"{SEVERITY_LABELS[s]}{counts[s]}处" for s in Severity)
        verdict = ("还有错误，不能导出正式稿", "bold red") if session.has_errors else ("没有错误", "bold green")
        self.query_one("#findings-summary", Static).update(
            Text.assemble(verdict, f"（{summary}）。选中一条按Enter转到所在处。")
        )
        self.query_one(FindingsList).show(session.findings)

    def focus_list(self) -> None:
        self.query_one(FindingsList).focus()

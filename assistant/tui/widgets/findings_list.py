"""A list of findings; Enter (or a click) on one asks to go to the cell or paragraph it points at."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...findings import SEVERITY_LABELS, Finding, Severity
from ..keymap import FINDINGS, bindings
from ..text import tight

SEVERITY_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "bold blue"}


def finding_text(finding: Finding) -> Text:
    place = finding.location.label if finding.location else ""
    return Text.assemble(
        (f"【{SEVERITY_LABELS[finding.severity]}】", SEVERITY_STYLES[finding.severity]),
        (finding.code, "bold"),
        " ",
        (place, "underline"),
        "\n",
        tight(finding.message),
    )


class FindingsList(OptionList):
    BINDINGS = bindings(FINDINGS)

    class FindingChosen(Message):
        def __init__(self, finding: Finding) -> None:
            super().__init__()
            self.finding = finding

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.findings: list[Finding] = []

    def show(self, findings: list[Finding]) -> None:
        if findings == self.findings:
            return
        previous = self.highlighted
        self.findings = list(findings)
        self.clear_options()
        self.add_options([Option(finding_text(f)) for f in findings])
        if findings:
            self.highlighted = min(previous or 0, len(findings) - 1)

    def action_jump(self) -> None:
        if self.highlighted is not None and self.highlighted < len(self.findings):
            self.post_message(self.FindingChosen(self.findings[self.highlighted]))

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self.findings):
            self.post_message(self.FindingChosen(self.findings[event.option_index]))

"""The draft being edited: its report, the file it is saved to, the clerk's unreadable entries, and the findings.

No Textual here, and no business rule: a typed value goes into the core's model, which validates it; totals
come from :func:`~assistant.model.with_computed_totals`, findings from :func:`~assistant.checks.run_checks`, and
the message for a value the model refuses from the core's own file validation
(:func:`~assistant.figures.report_from_data`), so the UI says what ``report-assistant validate`` would say.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .. import formats as F
from .. import history
from ..checks import CheckOptions, has_errors, run_checks
from ..figures import InputError, load_report, report_from_data, report_to_json
from ..findings import Finding, Location, Severity, quoted, show_value
from ..formats import BodyKind, CellKind
from ..layout import CellRef
from ..model import (
    Contact,
    Fees,
    Meta,
    ReportBase,
    Version,
    VersionSource,
    blank_report,
    table3_total_parts,
    table4_total_parts,
    with_computed_totals,
)

# A field outside the tables: ("meta", key), ("contact", key) or ("fees", key).
FieldKey = tuple[str, str]
EntryKey = CellRef | FieldKey

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．－＋", "0123456789.-+")
_INTEGER = re.compile(r"[+-]?\d{1,30}")
_DECIMAL = re.compile(r"[+-]?(?:\d{1,30}\.\d{0,30}|\.\d{1,30})")

# The 基本信息 a new year's draft keeps from last year's file.
CARRIED_META = ("agency", "body_kind", "self_reference", "preparer", "website_name", "website_url")


def typed_value(text: str) -> int | Decimal | str | None:
    """What a typed cell holds: None when blank, a number when it reads as one (full-width digits too), else
    the text itself, which the model will refuse with the reason."""
    stripped = text.strip()
    plain = stripped.translate(_FULL_WIDTH)
    if not plain:
        return None
    if _INTEGER.fullmatch(plain):
        return int(plain)
    if _DECIMAL.fullmatch(plain):
        return Decimal(plain)
    return stripped


@dataclass(frozen=True)
class InvalidEntry:
    """Text the model refused, kept so the clerk sees what was typed and why it is wrong."""

    text: str
    finding: Finding


def cell_kind(report: ReportBase, ref: CellRef) -> CellKind:
    if ref.table == "table2" and ref.block is not None:
        block = report.fmt.table2_block(ref.block)
        return next(c.kind for c in block.columns if c.key == ref.column)
    return CellKind.COUNT


def location_ref(location: Location | None) -> CellRef | None:
    """The table cell a finding points at, if it points at one cell."""
    if location is None or location.table is None or location.column is None:
        return None
    if location.table == "table3" and location.row is None:
        return None  # a whole column (T3-BALANCE)
    return CellRef(location.table, location.block, location.row, location.column)


def _row_model(report: ReportBase, ref: CellRef) -> Any:
    table = getattr(report, ref.table)
    if ref.table == "table2":
        return getattr(getattr(table, str(ref.block)), str(ref.row))
    if ref.table == "table3":
        return getattr(table, str(ref.row))
    return getattr(table, str(ref.block))


def _field_owner(report: ReportBase, key: FieldKey) -> Any:
    group = key[0]
    if group == "meta":
        return report.meta
    if group == "contact":
        return report.meta.contact
    return report.fees


def field_title(key: FieldKey) -> str:
    model = {"meta": Meta, "contact": Contact, "fees": Fees}[key[0]]
    return model.model_fields[key[1]].title or key[1]


def field_location(key: FieldKey, label: str) -> Location:
    """Where a field's finding points, in the shape the checks use (meta.<key>, fees/<column>)."""
    group, name = key
    if group == "fees":
        return Location(label, part="fees", column=name)
    return Location(label, part=f"meta.{name}" if group == "meta" else f"meta.contact.{name}")


class DraftSession:
    """One report being edited, and where it autosaves."""

    def __init__(self, report: ReportBase, path: Path, options: CheckOptions | None = None) -> None:
        self.report = report
        self.path = path
        self.is_new = False  # a draft started here, not yet on disk (an opened file is not rewritten unchanged)
        self.options = options or CheckOptions()
        self.invalid: dict[EntryKey, InvalidEntry] = {}
        self.findings: list[Finding] = []
        self.completed: ReportBase = report
        self._typed_parts: set[str] = set()  # parts whose text the clerk typed since it was last recorded
        self.recheck()

    # -- starting ------------------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> DraftSession:
        """The draft in a figures file; InputError (with the places in Chinese) when it cannot be read."""
        return cls(load_report(path), path)

    @staticmethod
    def new_report(year_text: str, agency: str, body_kind: BodyKind, source: str = "新草稿") -> ReportBase:
        """A blank report of the format for the year; InputError naming every field that is not right."""
        year = typed_value(year_text)
        report_from_data({"meta": {"agency": agency.strip(), "year": year, "body_kind": body_kind.value}}, source)
        assert isinstance(year, int)  # validated just above
        return blank_report(year, agency=agency.strip(), body_kind=body_kind)

    @classmethod
    def create(cls, report: ReportBase, path: Path, previous: ReportBase | None = None) -> DraftSession:
        """A session on a new report; with ``previous``, the 基本信息 carried over from last year's file."""
        if previous is not None:
            for key in CARRIED_META:
                setattr(report.meta, key, getattr(previous.meta, key))
            report.meta.contact = previous.meta.contact.model_copy()
        session = cls(report, path)
        session.is_new = True
        return session

    def to_json(self) -> str:
        return report_to_json(self.report)

    def snapshot(self) -> ReportBase:
        """A copy for work that runs while the clerk goes on typing (drafting, export)."""
        return self.report.model_copy(deep=True)

    # -- editing -------------------------------------------------------------------------------------------

    def set_cell(self, ref: CellRef, text: str) -> None:
        """Put typed text into a table cell; a refused value leaves the cell blank and is kept as invalid."""
        self.invalid.pop(ref, None)
        cells = _row_model(self.report, ref)
        value = typed_value(text)
        try:
            setattr(cells, ref.column, value)
        except ValidationError:
            setattr(cells, ref.column, None)
            self.invalid[ref] = InvalidEntry(text.strip(), self._cell_problem(ref, value))

    def set_field(self, key: FieldKey, text: str) -> None:
        """Put typed text into a 基本信息 or 信息处理费 field."""
        self.invalid.pop(key, None)
        owner = _field_owner(self.report, key)
        value: Any = typed_value(text) if key[0] == "fees" or key == ("meta", "year") else text.strip() or None
        if key == ("meta", "agency"):
            value = text.strip()
        try:
            setattr(owner, key[1], value)
        except ValidationError:
            with contextlib.suppress(ValidationError):
                setattr(owner, key[1], None)  # optional fields go blank; required ones keep the last good value
            self.invalid[key] = InvalidEntry(text.strip(), self._field_problem(key, value))

    def set_body_kind(self, kind: BodyKind) -> None:
        self.report.meta.body_kind = kind

    def set_procurement_unit(self, unit: str | None) -> None:
        """2019 表二 第二十条第（九）项: the unit of 采购总金额 (元 or 万元), stored beside the figure."""
        cells = getattr(getattr(self.report, "table2"), "art20_9")  # noqa: B009
        cells.central_procurement.total_amount_unit = unit

    def set_narrative_text(self, part: str, text: str) -> None:
        """The clerk's own text; it becomes a version when the clerk leaves it (:meth:`note_clerk_edit`)."""
        self.report.narrative_text(part).text = text if text.strip() else None
        self._typed_parts.add(part)

    def set_narrative_notes(self, part: str, notes: str) -> None:
        self.report.narrative_text(part).notes = notes if notes.strip() else None

    # -- versions of the narrative parts (the core's history) ---------------------------------------------

    def note_clerk_edit(self, part: str) -> bool:
        """Record the clerk's typed text of ``part`` as a version, if the clerk typed in it since the last
        version (leaving the text, before a revision or a new draft); whether a version was added."""
        if part not in self._typed_parts:
            return False
        self._typed_parts.discard(part)
        return history.note_clerk_edit(self.report, part) is not None

    def keep_draft(self, part: str, text: str, by: str, *, template: bool) -> Version:
        """A finished draft (起草, or drafted by the export): recorded as a version and made the part's text."""
        self.note_clerk_edit(part)
        version = history.record(self.report, part, text, "template" if template else "model", by=by)
        return history.accept(self.report, part, version)

    def offer(
        self,
        part: str,
        text: str,
        source: VersionSource,
        *,
        by: str,
        instruction: str | None = None,
        problems: list[str] | None = None,
    ) -> Version:
        """Record a revision or variant in the part's history without accepting it (the clerk decides)."""
        return history.record(self.report, part, text, source, by=by, instruction=instruction, problems=problems or [])

    def accept(self, part: str, version: Version, *, override: bool = False) -> Version:
        """Make ``version`` the part's text; :class:`~assistant.history.NotAcceptable` when it has problems
        and no ``override`` (the core's rule and message)."""
        return history.accept(self.report, part, version, override=override)

    def restore(self, part: str, index: int) -> Version:
        """Go back to version ``index``; a revision's instruction facts become notes (see restore_with_facts)."""
        from ..drafting.instruction import restore_with_facts

        return restore_with_facts(self.report, part, index)[0]

    def versions(self, part: str) -> list[Version]:
        return self.report.narrative_text(part).history

    def accepted_index(self, part: str) -> int | None:
        return history.accepted_index(self.report.narrative_text(part))

    def add_instruction_facts(self, part: str, instruction: str) -> list[str]:
        """The facts a revision instruction states become notes of the part (the core's rule); the added."""
        from ..drafting.instruction import add_instruction_facts

        return add_instruction_facts(self.report, part, instruction)

    def fill_blank_cells(self, refs: list[CellRef]) -> int:
        """Put 0 in each of ``refs`` that is blank and not invalid (the clerk's 没有发生的填0); how many."""
        filled = 0
        for ref in refs:
            if ref not in self.invalid and getattr(_row_model(self.report, ref), ref.column) is None:
                setattr(_row_model(self.report, ref), ref.column, 0)
                filled += 1
        return filled

    # -- reading -------------------------------------------------------------------------------------------

    def recheck(self) -> None:
        """Totals and findings for the report as it is now; typed values the model refused come first."""
        self.completed = with_computed_totals(self.report)
        refused = {location_ref(e.finding.location) for e in self.invalid.values()}
        checked = [
            f
            for f in run_checks(self.report, self.options)
            if not (f.code == "CELL-BLANK" and location_ref(f.location) in refused)
        ]
        self.findings = [e.finding for e in self.invalid.values()] + checked

    @property
    def has_errors(self) -> bool:
        return has_errors(self.findings)

    def value(self, ref: CellRef) -> Any:
        """The cell as the report shows it: given, or computed for a blank total."""
        return getattr(_row_model(self.completed, ref), ref.column)

    def given(self, ref: CellRef) -> Any:
        """The cell as the clerk filled it (None for a blank or computed total)."""
        return getattr(_row_model(self.report, ref), ref.column)

    def partial_total(self, ref: CellRef) -> int | None:
        """For a total the core leaves blank because some of its parts are blank: the sum of the parts filled
        so far, so the clerk sees the total grow while typing (None when no part is filled yet)."""
        parts: list[int | None] | None = None
        if ref.table == "table3" and ref.row is not None:
            parts = table3_total_parts(self.report, ref.row, ref.column)
        elif ref.table == "table4" and ref.block is not None and ref.column == F.TABLE4_TOTAL_COLUMN:
            parts = table4_total_parts(self.report, ref.block)
        if parts is None:
            return None
        filled = [v for v in parts if isinstance(v, int)]
        return sum(filled) if filled else None

    def cell_text(self, ref: CellRef) -> str:
        """What a cell shows: the refused text, the value, or nothing."""
        if ref in self.invalid:
            return self.invalid[ref].text
        value = self.value(ref)
        return "" if value is None else show_value(value)

    def field_text(self, key: FieldKey) -> str:
        if key in self.invalid:
            return self.invalid[key].text
        value = getattr(_field_owner(self.report, key), key[1])
        if value is None:
            return ""
        return show_value(value) if isinstance(value, int | Decimal) else str(value)

    def cell_findings(self, ref: CellRef) -> list[Finding]:
        return [f for f in self.findings if location_ref(f.location) == ref]

    def column_findings(self, table: str, column: str) -> list[Finding]:
        """Findings about a whole column of 表三 (the 勾稽 balance)."""
        return [
            f
            for f in self.findings
            if f.location is not None
            and f.location.table == table
            and f.location.column == column
            and f.location.row is None
            and f.location.block is None
        ]

    def part_findings(self, part: str) -> list[Finding]:
        return [f for f in self.findings if f.location is not None and f.location.part == part]

    # -- the core's words for a refused value ----------------------------------------------------------------

    def _validation_problems(self, place: tuple[str, ...], value: Any) -> list[Finding]:
        data = self.report.model_dump(mode="json")
        target = data
        for key in place[:-1]:
            target = target[key]
        # A float, not a Decimal, so the message shows 1.5 rather than the JSON string "1.5".
        target[place[-1]] = float(value) if isinstance(value, Decimal) else value
        try:
            report_from_data(data, "草稿")
        except InputError as error:
            return error.problems
        return []

    def _cell_problem(self, ref: CellRef, value: Any) -> Finding:
        place = tuple(k for k in (ref.table, ref.block, ref.row, ref.column) if k is not None)
        for problem in self._validation_problems(place, value):
            if location_ref(problem.location) == ref:
                return problem
        return Finding("CELL-TYPE", Severity.ERROR, f"内容不符合要求，实际为 {quoted(str(value))}")

    def _field_problem(self, key: FieldKey, value: Any) -> Finding:
        title = field_title(key)
        place = {"meta": ("meta",), "contact": ("meta", "contact"), "fees": ("fees",)}[key[0]] + (key[1],)
        problems = self._validation_problems(place, value)
        chosen = next((p for p in problems if p.location and quoted(title) in p.location.label), None)
        if chosen is None:
            chosen = Finding("INPUT", Severity.ERROR, f"内容不符合要求，实际为 {quoted(str(value))}")
        label = chosen.location.label if chosen.location else title
        return replace(chosen, location=field_location(key, label))


def draft_file_meta(report: ReportBase) -> str:
    """One line naming the draft: 某县审计局 2025年度 · 2021年格式."""
    agency = report.meta.agency or "（未填机关全称）"
    return f"{agency} {report.meta.year}年度 · {report.version.value}年格式"

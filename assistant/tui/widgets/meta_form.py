"""基本信息: the body, the year, contact data and the 信息处理费 figures, one field a line.

Field names and hints are the model's own titles and descriptions, so they read as the schema does.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Select, Static

from ... import formats as F
from ...findings import Location
from ...formats import BodyKind
from ...model import Contact, Fees, Meta
from ..session import DraftSession, FieldKey, field_title
from .choice import Choice

GROUPS: tuple[tuple[str, tuple[FieldKey, ...]], ...] = (
    (
        "报告机关",
        (
            ("meta", "agency"),
            ("meta", "year"),
            ("meta", "self_reference"),
            ("meta", "preparer"),
            ("meta", "published"),
        ),
    ),
    (
        "网站与联系方式",
        (
            ("meta", "website_name"),
            ("meta", "website_url"),
            ("contact", "office"),
            ("contact", "address"),
            ("contact", "phone"),
            ("contact", "postcode"),
            ("contact", "email"),
        ),
    ),
    ("信息处理费（在第六部分报告）", tuple(("fees", key) for key in Fees.model_fields)),
)
_MODELS = {"meta": Meta, "contact": Contact, "fees": Fees}


def _input_id(key: FieldKey) -> str:
    return f"field-{key[0]}-{key[1]}"


def _hint(key: FieldKey) -> str:
    description = _MODELS[key[0]].model_fields[key[1]].description or ""
    if key == ("meta", "published"):
        return "如 2026-01-20"
    if key == ("meta", "year"):
        return "如 2025"
    return description


def field_key_for(location: Location) -> FieldKey | None:
    """The form field a finding points at (meta.agency, meta.contact.phone, fees/column)."""
    part = location.part or ""
    if part == "fees" and location.column:
        return ("fees", location.column)
    if part.startswith("meta.contact."):
        return ("contact", part.removeprefix("meta.contact."))
    if part in ("meta.format_version", "meta.year"):
        return ("meta", "year")
    if part.startswith("meta."):
        return ("meta", part.removeprefix("meta."))
    return None


class MetaForm(VerticalScroll):
    class FieldEdited(Message):
        def __init__(self, key: FieldKey, text: str) -> None:
            super().__init__()
            self.key = key
            self.text = text

    class BodyKindChosen(Message):
        def __init__(self, kind: BodyKind) -> None:
            super().__init__()
            self.kind = kind

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="form")
        self._fields: dict[str, FieldKey] = {}
        self._session: DraftSession | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="format-line", classes="panel-title")
        for title, keys in GROUPS:
            yield Static(title, classes="group-title")
            for key in keys:
                with Horizontal(classes="field-row"):
                    yield Label(field_title(key), classes="field-label")
                    self._fields[_input_id(key)] = key
                    yield Input(placeholder=_hint(key), compact=True, id=_input_id(key))
                yield Static("", id=f"{_input_id(key)}-problem", classes="field-problem")
                if key == ("meta", "year"):
                    with Horizontal(classes="field-row"):
                        yield Label(Meta.model_fields["body_kind"].title or "", classes="field-label")
                        options = [(label, kind.value) for kind, label in F.BODY_KIND_LABELS.items()]
                        yield Choice(options, allow_blank=False, compact=True, id="field-body-kind")

    def show(self, session: DraftSession) -> None:
        self._session = session
        fmt = session.report.fmt
        self.query_one("#format-line", Static).update(
            Text(f"按{fmt.version.value}年格式填报（{fmt.basis.number}）", style="bold")
        )
        for input_id, key in self._fields.items():
            field = self.query_one(f"#{input_id}", Input)
            text = session.field_text(key)
            if field.value != text and not field.has_focus:
                with field.prevent(Input.Changed):
                    field.value = text
            problem = session.invalid.get(key)
            field.set_class(problem is not None, "-invalid")
            note = self.query_one(f"#{input_id}-problem", Static)
            note.update(Text(problem.finding.message, style="red") if problem else "")
            note.display = problem is not None
        # The report is published in January of the year after the one it covers.
        self.query_one("#field-meta-published", Input).placeholder = f"如 {session.report.meta.year + 1}-01-20"
        kind = self.query_one("#field-body-kind", Select)
        if kind.value != session.report.meta.body_kind.value:
            with kind.prevent(Select.Changed):
                kind.value = session.report.meta.body_kind.value

    @on(Input.Changed)
    def _edited(self, event: Input.Changed) -> None:
        event.stop()
        key = self._fields.get(event.input.id or "")
        # Only what the clerk changed: not the echo of a value shown from the report.
        if key is not None and self._session is not None and event.value != self._session.field_text(key):
            self.post_message(self.FieldEdited(key, event.value))

    @on(Select.Changed, "#field-body-kind")
    def _kind_chosen(self, event: Select.Changed) -> None:
        event.stop()
        # A Select announces its first option when it mounts: only a choice that differs is the clerk's.
        session = self._session
        if isinstance(event.value, str) and session is not None and event.value != session.report.meta.body_kind:
            self.post_message(self.BodyKindChosen(BodyKind(event.value)))

    def first_field(self) -> Input:
        """Where the clerk starts on this form: the first field still to fill, or the first field. 编制机构 left
        blank is filled (it means the agency itself), so it is not where a clerk starts."""
        fields = [f for f in self.query(Input) if f.id != _input_id(("meta", "preparer"))]  # in the form's order
        return next((field for field in fields if not field.value.strip()), fields[0])

    def focus_location(self, location: Location) -> None:
        key = field_key_for(location)
        target = f"#{_input_id(key)}" if key is not None and _input_id(key) in self._fields else None
        if location.part == "meta.body_kind":
            target = "#field-body-kind"
        widget = self.query_one(target) if target else self.query_one(Input)
        widget.focus()
        self.scroll_to_widget(widget)

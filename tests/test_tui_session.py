"""The TUI's session layer (no Textual): typed values go through the core's model and messages."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rich.cells import cell_len

from assistant import formats as F
from assistant.figures import InputError
from assistant.layout import CellRef
from assistant.tui.keymap import SCOPES, SPECS_BY_ID, load_keymap
from assistant.tui.session import DraftSession, typed_value
from assistant.tui.sheets import is_computed, table2_sheet, table3_sheet, table4_sheet
from assistant.tui.storage import DraftStore
from assistant.tui.widgets.grid_layout import fit, split_to_widths
from tests.helpers import zero_filled


def cell3(row: str, column: str) -> CellRef:
    return CellRef("table3", None, row, column)


def new_session(tmp_path: Path, year: str = "2021") -> DraftSession:
    report = DraftSession.new_report(year, "某县审计局", F.BodyKind.DEPARTMENT)
    return DraftSession.create(report, tmp_path / "draft.json")


@pytest.mark.parametrize(
    ("text", "value"),
    [("", None), ("  ", None), ("12", 12), ("１２", 12), ("0", 0), ("1.5", Decimal("1.5")), ("-3", -3), ("略", "略")],
)
def test_typed_value(text: str, value: object) -> None:
    assert typed_value(text) == value


def test_new_report_takes_the_format_from_the_year() -> None:
    assert DraftSession.new_report("2020", "某县审计局", F.BodyKind.DEPARTMENT).version is F.FormatVersion.V2019
    assert DraftSession.new_report("2021", "某县审计局", F.BodyKind.GOVERNMENT).version is F.FormatVersion.V2021


def test_new_report_names_every_bad_field_in_chinese() -> None:
    with pytest.raises(InputError) as caught:
        DraftSession.new_report("1990", "", F.BodyKind.DEPARTMENT)
    text = caught.value.render()
    assert "机关全称" in text and "年度" in text


def test_a_refused_value_is_kept_marked_with_the_cores_message(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    ref = cell3("new_received", "natural_person")
    session.set_cell(ref, "略")
    session.recheck()
    assert session.report.t3("new_received", "natural_person") is None
    assert session.cell_text(ref) == "略"
    finding = session.findings[0]
    assert finding.code == "CELL-TYPE" and "应为非负整数" in finding.message
    assert finding.location is not None and finding.location.label.startswith("表三")
    # The blank-cell finding of the same cell is not listed twice.
    assert not [f for f in session.cell_findings(ref) if f.code == "CELL-BLANK"]
    session.set_cell(ref, "7")
    session.recheck()
    assert ref not in session.invalid and session.report.t3("new_received", "natural_person") == 7


def test_totals_are_the_cores_and_balance_findings_follow_each_edit(tmp_path: Path) -> None:
    session = DraftSession(zero_filled(2021), tmp_path / "draft.json")
    session.set_cell(cell3("new_received", "natural_person"), "5")
    session.recheck()
    assert session.value(cell3("new_received", "total")) == 5
    assert session.given(cell3("new_received", "total")) is None
    balance = session.column_findings("table3", "natural_person")
    assert [f.code for f in balance] == ["T3-BALANCE"] and balance[0].expected == "5"
    session.set_cell(cell3("r1_granted", "natural_person"), "5")
    session.recheck()
    assert not session.has_errors
    assert session.value(cell3("r7_total", "natural_person")) == 5


def test_fields_fees_and_narrative(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    session.set_field(("meta", "agency"), "")
    session.set_field(("fees", "notices_issued"), "x")
    session.set_field(("contact", "phone"), "0795-1234567")
    session.set_narrative_text("problems", "   ")
    session.recheck()
    assert session.report.meta.agency == "某县审计局"  # a required field keeps its last good value
    assert session.invalid[("meta", "agency")].finding.location.part == "meta.agency"  # type: ignore[union-attr]
    fee = session.invalid[("fees", "notices_issued")].finding
    assert fee.location is not None and fee.location.part == "fees" and fee.location.column == "notices_issued"
    assert session.report.meta.contact.phone == "0795-1234567"
    assert session.report.narrative_text("problems").text is None  # blank: still to be drafted


def test_fill_blank_cells_leaves_filled_and_invalid_cells_alone(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    sheet = table3_sheet(session.report.fmt)
    session.set_cell(cell3("new_received", "natural_person"), "4")
    session.set_cell(cell3("carried_in", "natural_person"), "x")
    refs = [r for r in sheet.refs if not is_computed(r)]
    assert session.fill_blank_cells(refs) == len(refs) - 2
    assert session.report.t3("new_received", "natural_person") == 4
    assert session.report.t3("carried_in", "natural_person") is None


def test_based_on_last_years_file_keeps_the_body_not_the_figures(tmp_path: Path) -> None:
    previous = zero_filled(2020, agency="上高县审计局")
    previous.meta.self_reference = "我局"
    report = DraftSession.new_report("2021", previous.meta.agency, previous.meta.body_kind)
    session = DraftSession.create(report, tmp_path / "d.json", previous=previous)
    assert session.report.meta.self_reference == "我局"
    assert session.report.version is F.FormatVersion.V2021
    assert session.report.t3("new_received", "natural_person") is None


def test_sheets_use_the_official_labels_and_refs() -> None:
    fmt = F.FORMAT_2021
    t3 = table3_sheet(fmt)
    assert [row.label.strip() for row in t3.rows][:3] == [
        F.TABLE3_NEW_RECEIVED.label,
        F.TABLE3_CARRIED_IN.label,
        F.TABLE3_RESULTS_LABEL,
    ]
    assert len(t3.refs) == len(fmt.table3_rows) * len(F.TABLE3_COLUMNS)
    assert len(table2_sheet(fmt).refs) == sum(len(b.rows) * len(b.columns) for b in fmt.table2)
    assert len(table4_sheet().refs) == len(F.TABLE4_BLOCKS) * len(F.TABLE4_COLUMNS)
    assert is_computed(cell3("r7_total", "natural_person")) and is_computed(cell3("carried_in", "total"))
    assert not is_computed(cell3("carried_in", "natural_person"))


def test_draft_store_names_and_remembers(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    first = store.new_draft_path(2025, "某县/审计局")
    assert first.name == "2025年-某县_审计局.json"
    first.parent.mkdir(parents=True)
    first.write_text("{}", encoding="utf-8")
    assert store.new_draft_path(2025, "某县/审计局").name == "2025年-某县_审计局-2.json"
    assert store.last_draft() is None
    store.remember(first)
    assert store.last_draft() == first.resolve()


def test_every_binding_has_a_unique_id_and_the_keymap_is_checked(tmp_path: Path) -> None:
    ids = [spec.id for scope in SCOPES for spec in scope.specs]
    assert len(ids) == len(set(ids)) == len(SPECS_BY_ID)
    config = tmp_path / "config.toml"
    config.write_text('[tui.keymap]\n"narrative.draft" = "f9"\n"no.such" = "f10"\n', encoding="utf-8")
    keymap, problems = load_keymap(config)
    assert keymap == {"narrative.draft": "f9"}
    assert len(problems) == 1 and "no.such" in problems[0]
    config.write_text("[tui.keymap\n", encoding="utf-8")
    assert load_keymap(config)[1]
    assert load_keymap(tmp_path / "missing.toml") == ({}, [])


@pytest.mark.parametrize(
    ("remap", "clash"),
    [
        ('"narrative.draft" = "ctrl+s"', ("Ctrl+S", "narrative.draft", "app.save")),  # the app's keys work everywhere
        ('"grid.fill_zero" = "enter"', ("Enter", "grid.edit", "grid.fill_zero")),  # two of one place
        ('"grid.fill_zero" = "ctrl+g"', None),
        ('"app.help" = "f1"', None),  # the default, written out: F1 also closes the help, as meant
        ('"narrative.draft" = "enter"', None),  # Enter in the grid is another place
    ],
)
def test_a_remapped_key_that_clashes_is_named(tmp_path: Path, remap: str, clash: tuple[str, ...] | None) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f"[tui.keymap]\n{remap}\n", encoding="utf-8")
    keymap, problems = load_keymap(config)
    assert len(keymap) == 1  # a clash is reported, the remapping still applies
    if clash is None:
        assert problems == []
    else:
        (problem,) = problems
        assert problem.startswith(f"快捷键冲突：{clash[0]} ") and all(f"“{i}”" in problem for i in clash[1:])


def test_labels_are_cut_by_terminal_cells_not_characters() -> None:
    label = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    for width in (10, 11, 20, 21):
        cut = fit(label, width)
        assert cell_len(cut) <= width and cut.endswith("…")
    assert split_to_widths("本年收费金额（单位：万元）", [14, 14, 14]) == ["本年收费金额", "（单位：万元）", ""]


def test_a_configured_model_that_cannot_load_falls_back_to_the_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.drafting.templates import TemplateDrafter
    from assistant.settings import CONFIG_ENV
    from assistant.tui.streaming import DrafterProvider

    config = tmp_path / "config.toml"
    config.write_text('model = "nosuchprovider:some-model"\n', encoding="utf-8")
    monkeypatch.setenv(CONFIG_ENV, str(config))
    provider = DrafterProvider()
    assert isinstance(provider.get(), TemplateDrafter)
    assert provider.problem is not None and "nosuchprovider" in provider.problem

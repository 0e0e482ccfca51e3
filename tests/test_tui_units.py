"""Fast tests of the UI's pure parts, without an app: where the grid's cursor goes, and the revision
conversation's decisions (the pilot tests drive the same through the screens)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assistant import formats as F
from assistant.tui.screens.revision_conversation import RevisionConversation
from assistant.tui.session import DraftSession
from assistant.tui.sheets import table2_sheet, table3_sheet
from assistant.tui.widgets.grid_navigation import cursor_target, figure_columns
from tests.helpers import zero_filled

# -- the grid's cursor -----------------------------------------------------------------------------------------


def test_the_cursor_moves_over_figures_only() -> None:
    sheet = table3_sheet(F.FORMAT_2021)
    rows = [r for r in range(len(sheet.rows)) if figure_columns(sheet, r)]
    first, second = rows[0], rows[1]
    assert cursor_target(sheet, first, 0, "up", 10) is None  # nothing above the first row of figures
    assert cursor_target(sheet, first, 3, "down", 10) == (second, 3)
    last = figure_columns(sheet, first)[-1]
    assert cursor_target(sheet, first, last, "right", 10) is None  # the row's end: right stays
    assert cursor_target(sheet, first, last, "next", 10) == (second, 0)  # Tab goes on to the next row
    assert cursor_target(sheet, second, 0, "previous", 10) == (first, last)
    assert cursor_target(sheet, first, 2, "end", 10) == (first, last)
    assert cursor_target(sheet, rows[-1], 0, "page_down", 10) is None
    assert cursor_target(sheet, first, 0, "page_down", 10) == (rows[10], 0)


def test_the_cursor_skips_the_header_rows_and_headings_of_table2() -> None:
    sheet = table2_sheet(F.FORMAT_2021)
    rows = [r for r in range(len(sheet.rows)) if figure_columns(sheet, r)]
    skipped = [r for r in range(rows[0], rows[-1]) if r not in rows]
    assert skipped  # 表二's blocks are separated by their titles and header rows
    for row in rows[:-1]:
        down = cursor_target(sheet, row, 0, "down", 10)
        assert down is not None and down[0] in rows and down[0] > row


# -- the revision conversation ---------------------------------------------------------------------------------


@dataclass
class Revision:
    """What the reviser returns, as far as the conversation reads it."""

    text: str
    instruction: str
    notes_added: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    by: str = "模型（测试）"


def _conversation(tmp_path: Path) -> RevisionConversation:
    report = zero_filled(2025)
    report.narrative_text("problems").text = "我局政府信息公开工作仍存在不足。"
    report.narrative_text("problems").notes = "更新不及时"
    return RevisionConversation(DraftSession(report, tmp_path / "d.json"), "problems")


def _revise(conversation: RevisionConversation, text: str, instruction: str, facts: list[str]) -> None:
    trial = conversation.start(instruction)
    assert trial is not conversation.session.report  # the reviser works on a copy
    assert conversation.add_chunk(text)
    assert conversation.finish(Revision(text, instruction, facts))


def test_facts_of_a_conversation_become_notes_when_its_revision_is_accepted(tmp_path: Path) -> None:
    conversation = _conversation(tmp_path)
    _revise(conversation, "我局开展业务培训两次。", "补充开展业务培训两次", ["开展业务培训两次"])
    _revise(conversation, "我局开展业务培训两次，更新栏目三个。", "再补充更新栏目三个", ["更新栏目三个"])
    slot = conversation.session.report.narrative_text("problems")
    assert slot.notes == "更新不及时"  # nothing yet: the clerk has not decided
    version, added = conversation.accept()
    assert slot.text == version.text == "我局开展业务培训两次，更新栏目三个。"
    assert added == ["开展业务培训两次", "更新栏目三个"]
    assert slot.notes == "更新不及时\n开展业务培训两次\n更新栏目三个"
    assert conversation.candidate is None and conversation.pending_facts == []


def test_a_rejected_revision_leaves_the_notes_and_the_text(tmp_path: Path) -> None:
    conversation = _conversation(tmp_path)
    _revise(conversation, "我局开展业务培训两次。", "补充开展业务培训两次", ["开展业务培训两次"])
    number, dropped = conversation.reject()
    slot = conversation.session.report.narrative_text("problems")
    assert dropped == ["开展业务培训两次"]
    assert slot.notes == "更新不及时" and slot.text == "我局政府信息公开工作仍存在不足。"
    assert conversation.session.versions("problems")[number - 1].text == "我局开展业务培训两次。"  # kept


def test_a_cancelled_revision_records_nothing(tmp_path: Path) -> None:
    conversation = _conversation(tmp_path)
    before = list(conversation.session.versions("problems"))
    conversation.start("写得更简洁一些")
    conversation.add_chunk("我局")
    conversation.stop()
    assert not conversation.add_chunk("政府")  # a piece arriving after the cancel is dropped
    assert not conversation.finish(Revision("我局政府信息公开。", "写得更简洁一些"))
    assert conversation.session.versions("problems") == before and conversation.candidate is None

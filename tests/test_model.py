from __future__ import annotations

import json
from decimal import Decimal

from assistant import formats as F
from assistant.model import (
    REPORT_ADAPTER,
    Report2019,
    Report2021,
    blank_report,
    report_json_schema,
    with_computed_totals,
)
from tests.helpers import set3, set4, zero_filled


def test_format_follows_the_year_unless_set() -> None:
    assert isinstance(REPORT_ADAPTER.validate_python({"meta": {"agency": "甲", "year": 2020}}), Report2019)
    assert isinstance(REPORT_ADAPTER.validate_python({"meta": {"agency": "甲", "year": 2021}}), Report2021)
    forced = REPORT_ADAPTER.validate_python({"meta": {"agency": "甲", "year": 2022, "format_version": "2019"}})
    assert isinstance(forced, Report2019) and forced.version == "2019"


def test_blank_report_has_every_cell_blank() -> None:
    report = blank_report(2026, agency="甲局")
    assert report.version == "2021"
    assert all(report.t3(r.key, c.key) is None for r in report.fmt.table3_rows for c in F.TABLE3_COLUMNS)
    data = report.model_dump(mode="json")
    assert list(data["table3"]) == [r.key for r in F.FORMAT_2021.table3_rows]
    assert list(data) == ["schema_version", "meta", "table2", "table3", "table4", "fees", "narrative"]


def test_round_trip_through_json() -> None:
    report = zero_filled(2025)
    set3(report, "new_received", "natural_person", 7)
    report.table2.art20_8.admin_fees.amount_wan_yuan = Decimal("352.6")
    again = REPORT_ADAPTER.validate_json(report.model_dump_json())
    assert again == report
    assert again.t2("art20_8", "admin_fees", "amount_wan_yuan") == Decimal("352.6")


def test_computed_totals() -> None:
    report = zero_filled(2025)
    set3(report, "new_received", "natural_person", 5)
    set3(report, "new_received", "commercial", 2)
    set3(report, "r1_granted", "natural_person", 3)
    set3(report, "r3_1", "commercial", 1)
    set3(report, "r6_2", "other_org", 1)
    set4(report, "review", "upheld", 2)
    set4(report, "review", "pending", 1)
    done = with_computed_totals(report)
    assert done.t3("new_received", "total") == 7
    assert done.t3("r7_total", "natural_person") == 3
    assert done.t3("r7_total", "commercial") == 1
    assert done.t3("r7_total", "other_org") == 1
    assert done.t3("r7_total", "total") == 5
    assert done.t4("review", "total") == 3
    assert report.t3("new_received", "total") is None  # the original is untouched


def test_given_totals_are_never_overwritten() -> None:
    report = zero_filled(2025)
    set3(report, "new_received", "natural_person", 5)
    set3(report, "new_received", "total", 9)
    set3(report, "r7_total", "natural_person", 4)
    set4(report, "review", "total", 1)
    done = with_computed_totals(report)
    assert done.t3("new_received", "total") == 9
    assert done.t3("r7_total", "natural_person") == 4
    assert done.t4("review", "total") == 1


def test_total_over_blank_parts_stays_blank() -> None:
    report = blank_report(2025, agency="甲")
    set3(report, "new_received", "natural_person", 5)
    assert with_computed_totals(report).t3("new_received", "total") is None


def test_schema_describes_both_formats_with_official_titles() -> None:
    schema = report_json_schema()
    text = json.dumps(schema, ensure_ascii=False)
    assert "一、本年新收政府信息公开申请数量" in text
    assert "本年收费金额（单位：万元）" in text and "采购总金额" in text
    assert len(schema["oneOf"]) == 2
    defs = schema["$defs"]
    assert set(defs["Table3V2021"]["properties"]) >= {"r6_1", "r6_2", "r6_3"}
    assert "r6_other" in defs["Table3V2019"]["properties"]
    assert "meta" in defs["Report2021"]["required"]
    assert "format_version" not in defs["Meta"].get("required", [])

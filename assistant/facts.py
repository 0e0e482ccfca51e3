"""Named figures derived from a report, for the narrative: what a drafter may state, and nothing else.

Every number here comes from the tables (with totals computed) or the fee figures, so a sentence built from
these facts agrees with the tables by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from . import formats as F
from .formats import BodyKind, FormatVersion
from .model import ReportBase, with_computed_totals


def _z(value: int | None) -> int:
    return value or 0


@dataclass(frozen=True)
class RequestFacts:
    """表三, column 总计, with the result groups summed."""

    new: int
    carried_in: int
    granted: int
    partial: int
    refused: int
    unable: int
    not_processed: int
    other: int
    concluded: int  # （七）总计
    carried_out: int
    from_persons: int  # 本年新收, 自然人
    from_orgs: int  # 本年新收, 法人或其他组织
    unpaid_fee: int | None  # 2021 （六）2, None in the 2019 format

    @property
    def handled(self) -> int:
        """新收 + 上年结转: what the body had to handle this year."""
        return self.new + self.carried_in


@dataclass(frozen=True)
class DisputeFacts:
    """One block of 表四."""

    label: str
    upheld: int
    corrected: int
    other: int
    pending: int
    total: int


@dataclass(frozen=True)
class FeeFacts:
    notices: int | None
    notices_amount: Decimal | None
    collected: Decimal | None


@dataclass(frozen=True)
class ReportFacts:
    agency: str
    year: int
    version: FormatVersion
    body_kind: BodyKind
    self_name: str  # 我局 / 本机关
    requests: RequestFacts
    review: DisputeFacts
    litigation_direct: DisputeFacts
    litigation_after_review: DisputeFacts
    fees: FeeFacts
    table2: dict[str, dict[str, dict[str, int | Decimal | None]]]

    @property
    def is_government(self) -> bool:
        return self.body_kind is BodyKind.GOVERNMENT

    @property
    def litigation_total(self) -> int:
        return self.litigation_direct.total + self.litigation_after_review.total


def _group_sum(report: ReportBase, group_key: str) -> int:
    group = next(g for g in report.fmt.table3_groups if g.key == group_key)
    return sum(_z(report.t3(r.key, F.TABLE3_TOTAL_COLUMN)) for r in group.rows)


def _dispute(report: ReportBase, block: F.Table4Block) -> DisputeFacts:
    values = {c: _z(report.t4(block.key, c)) for c in ("upheld", "corrected", "other", "pending", "total")}
    return DisputeFacts(block.label, **values)


def report_facts(report: ReportBase) -> ReportFacts:
    done = with_computed_totals(report)
    total = F.TABLE3_TOTAL_COLUMN

    def col(row: str, column: str = total) -> int:
        return _z(done.t3(row, column))

    requests = RequestFacts(
        new=col("new_received"),
        carried_in=col("carried_in"),
        granted=col("r1_granted"),
        partial=col("r2_partial"),
        refused=_group_sum(done, "r3"),
        unable=_group_sum(done, "r4"),
        not_processed=_group_sum(done, "r5"),
        other=_group_sum(done, "r6"),
        concluded=col(F.TABLE3_TOTAL_ROW),
        carried_out=col("carried_out"),
        from_persons=col("new_received", "natural_person"),
        from_orgs=sum(col("new_received", c) for c in F.TABLE3_ORG_COLUMNS),
        unpaid_fee=col("r6_2") if done.version is FormatVersion.V2021 else None,
    )
    blocks = {b.key: _dispute(done, b) for b in F.TABLE4_BLOCKS}
    table2 = {
        block.key: {
            row.key: {column.key: done.t2(block.key, row.key, column.key) for column in block.columns}
            for row in block.rows
        }
        for block in done.fmt.table2
    }
    fees = done.fees
    return ReportFacts(
        agency=done.meta.agency,
        year=done.meta.year,
        version=done.version,
        body_kind=done.meta.body_kind,
        self_name=done.meta.self_reference or "本机关",
        requests=requests,
        review=blocks["review"],
        litigation_direct=blocks["litigation_direct"],
        litigation_after_review=blocks["litigation_after_review"],
        fees=FeeFacts(fees.notices_issued, fees.notices_amount_yuan, fees.collected_yuan),
        table2=table2,
    )

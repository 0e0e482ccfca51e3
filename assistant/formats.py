"""The two national report formats as data.

Every official label lives here and nowhere else: the model, the checks, the renderers, the importer and the
UI read them from these objects. Sources and verification tags are in ``spec/report-format.md``; the
(section) references below point there.

Keys are stable English identifiers (used in figures files and code); labels are the official Chinese
strings, with their exact numbering and full-width punctuation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class CellKind(StrEnum):
    """What a table cell may hold."""

    COUNT = "count"  # whole number >= 0
    SIGNED_COUNT = "signed_count"  # whole number, may be negative (2019 本年增/减 only)
    AMOUNT = "amount"  # decimal >= 0


class FormatVersion(StrEnum):
    V2019 = "2019"
    V2021 = "2021"


class BodyKind(StrEnum):
    """Kind of reporting body; it changes deadlines and what 监督保障 must cover."""

    DEPARTMENT = "department"
    GOVERNMENT = "government"
    TOWNSHIP = "township"


BODY_KIND_LABELS: dict[BodyKind, str] = {
    BodyKind.DEPARTMENT: "部门",
    BodyKind.GOVERNMENT: "县级以上人民政府",
    BodyKind.TOWNSHIP: "乡镇街道",
}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: CellKind = CellKind.COUNT
    unit: str = "件"
    # Two header lines as the official Word template breaks them ("商业⏎企业"); None: one line.
    short_lines: tuple[str, ...] | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    aliases: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------------------------
# Sections (§2): identical in both formats.


@dataclass(frozen=True)
class Section:
    key: str
    number: str  # 一、
    title: str  # 总体情况
    aliases: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        return f"{self.number}{self.title}"


SECTIONS: tuple[Section, ...] = (
    Section("overall", "一、", "总体情况"),
    Section("active", "二、", "主动公开政府信息情况"),
    Section("requests", "三、", "收到和处理政府信息公开申请情况"),
    Section(
        "review",
        "四、",
        "政府信息公开行政复议、行政诉讼情况",
        aliases=(
            "因政府信息公开工作被申请行政复议和提起行政诉讼情况",
            "因政府信息公开工作被申请行政复议提起行政诉讼情况",
        ),
    ),
    Section(
        "problems",
        "五、",
        "存在的主要问题及改进情况",
        aliases=("政府信息公开工作存在的主要问题及改进情况", "存在的问题及改进措施"),
    ),
    Section("other", "六、", "其他需要报告的事项", aliases=("其他事项",)),
)
SECTION_BY_KEY: dict[str, Section] = {s.key: s for s in SECTIONS}


# ---------------------------------------------------------------------------------------------------------
# Narrative parts: what the clerk (or a drafter) writes. Section 一 has the five topics of the 2021 format
# (§4.1), used for both formats; section 五 and 六 are one part each. The preamble is the paragraph before 一.


@dataclass(frozen=True)
class NarrativePart:
    key: str
    section: str  # Section.key
    heading: str | None  # the sub-heading printed above the part, if any
    label: str  # how the UI and messages name the part


NARRATIVE_PARTS: tuple[NarrativePart, ...] = (
    NarrativePart("preamble", "preamble", None, "报告说明（开头段）"),
    NarrativePart("overview", "overall", None, "一、总体情况（综述段）"),
    NarrativePart("active_disclosure", "overall", "（一）主动公开", "一、总体情况（一）主动公开"),
    NarrativePart("on_request", "overall", "（二）依申请公开", "一、总体情况（二）依申请公开"),
    NarrativePart("info_management", "overall", "（三）政府信息管理", "一、总体情况（三）政府信息管理"),
    NarrativePart("platform", "overall", "（四）政府信息公开平台建设", "一、总体情况（四）政府信息公开平台建设"),
    NarrativePart("supervision", "overall", "（五）监督保障", "一、总体情况（五）监督保障"),
    NarrativePart("problems", "problems", None, "五、存在的主要问题及改进情况"),
    NarrativePart("other", "other", None, "六、其他需要报告的事项"),
)
NARRATIVE_PART_BY_KEY: dict[str, NarrativePart] = {p.key: p for p in NARRATIVE_PARTS}
OVERVIEW_TOPIC_KEYS: tuple[str, ...] = ("active_disclosure", "on_request", "info_management", "platform", "supervision")


# ---------------------------------------------------------------------------------------------------------
# 表二 (§3.2, §4.2): blocks of 第二十条 items, each a title row, a header row and data rows.

TABLE2_ITEM_HEADER = "信息内容"


@dataclass(frozen=True)
class Table2Block:
    key: str
    title: str  # 第二十条第（一）项
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


def _block(key: str, item: str, columns: tuple[Column, ...], rows: tuple[Row, ...]) -> Table2Block:
    return Table2Block(key, f"第二十条第（{item}）项", columns, rows)


_PREV_ITEMS = Column("prev_items", "上一年项目数量", unit="项")
_DELTA = Column("delta", "本年增/减", CellKind.SIGNED_COUNT, unit="项")
_DECISIONS_2019 = Column("decisions", "处理决定数量")
_DECISIONS_2021 = Column("decisions", "本年处理决定数量")

TABLE2_2019: tuple[Table2Block, ...] = (
    _block(
        "art20_1",
        "一",
        (
            Column("new_made", "本年新制作数量"),
            Column("new_published", "本年新公开数量"),
            Column("total_public", "对外公开总数量"),
        ),
        (Row("regulations", "规章"), Row("normative_docs", "规范性文件")),
    ),
    _block(
        "art20_5",
        "五",
        (_PREV_ITEMS, _DELTA, _DECISIONS_2019),
        (Row("licensing", "行政许可"), Row("other_services", "其他对外管理服务事项")),
    ),
    _block(
        "art20_6",
        "六",
        (_PREV_ITEMS, _DELTA, _DECISIONS_2019),
        (Row("penalty", "行政处罚"), Row("coercion", "行政强制")),
    ),
    _block("art20_8", "八", (_PREV_ITEMS, _DELTA), (Row("admin_fees", "行政事业性收费"),)),
    _block(
        "art20_9",
        "九",
        (Column("projects", "采购项目数量", unit="个"), Column("total_amount", "采购总金额", CellKind.AMOUNT, unit="")),
        (Row("central_procurement", "政府集中采购"),),
    ),
)

TABLE2_2021: tuple[Table2Block, ...] = (
    _block(
        "art20_1",
        "一",
        (
            Column("issued", "本年制发件数"),
            Column("repealed", "本年废止件数"),
            Column("in_force", "现行有效件数"),
        ),
        (Row("regulations", "规章"), Row("admin_normative_docs", "行政规范性文件", aliases=("规范性文件",))),
    ),
    _block("art20_5", "五", (_DECISIONS_2021,), (Row("licensing", "行政许可"),)),
    _block("art20_6", "六", (_DECISIONS_2021,), (Row("penalty", "行政处罚"), Row("coercion", "行政强制"))),
    _block(
        "art20_8",
        "八",
        (Column("amount_wan_yuan", "本年收费金额（单位：万元）", CellKind.AMOUNT, unit="万元"),),
        (Row("admin_fees", "行政事业性收费"),),
    ),
)

# The 2019 采购总金额 has no official unit; reports write 元 or 万元 (§3.2). The unit is stored beside it.
PROCUREMENT_AMOUNT_UNITS: tuple[str, ...] = ("元", "万元")


# ---------------------------------------------------------------------------------------------------------
# 表三 (§3.3, §4.3).

TABLE3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
TABLE3_APPLICANT_HEADER = "申请人情况"
TABLE3_ORG_GROUP = "法人或其他组织"
TABLE3_RESULTS_LABEL = "三、本年度办理结果"

TABLE3_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业", short_lines=("商业", "企业")),
    Column("research", "科研机构", short_lines=("科研", "机构")),
    Column("social_welfare", "社会公益组织", short_lines=("社会公益", "组织")),
    Column("legal_service", "法律服务机构", short_lines=("法律服务", "机构")),
    Column("other_org", "其他"),
    Column("total", "总计", aliases=("合计",)),
)
TABLE3_TOTAL_COLUMN = "total"
TABLE3_PART_COLUMNS: tuple[str, ...] = tuple(c.key for c in TABLE3_COLUMNS if c.key != TABLE3_TOTAL_COLUMN)
TABLE3_ORG_COLUMNS: tuple[str, ...] = TABLE3_PART_COLUMNS[1:]


@dataclass(frozen=True)
class Table3Group:
    """A group of result rows: （三）不予公开 with its numbered sub-rows, or a single row such as （一）予以公开."""

    key: str
    label: str
    rows: tuple[Row, ...]  # one row with the group's own label when the group has no sub-items

    @property
    def has_subrows(self) -> bool:
        return len(self.rows) > 1 or self.rows[0].label != self.label


_R3 = Table3Group(
    "r3",
    "（三）不予公开",
    (
        Row("r3_1", "1.属于国家秘密"),
        Row("r3_2", "2.其他法律行政法规禁止公开", aliases=("2.其他法律行政止公开",)),
        Row("r3_3", "3.危及“三安全一稳定”"),
        Row("r3_4", "4.保护第三方合法权益"),
        Row("r3_5", "5.属于三类内部事务信息"),
        Row("r3_6", "6.属于四类过程性信息"),
        Row("r3_7", "7.属于行政执法案卷"),
        Row("r3_8", "8.属于行政查询事项"),
    ),
)
_R4 = Table3Group(
    "r4",
    "（四）无法提供",
    (
        Row("r4_1", "1.本机关不掌握相关政府信息"),
        Row("r4_2", "2.没有现成信息需要另行制作"),
        Row("r4_3", "3.补正后申请内容仍不明确"),
    ),
)
_R5 = Table3Group(
    "r5",
    "（五）不予处理",
    (
        Row("r5_1", "1.信访举报投诉类申请", aliases=("1.信访投诉举报类申请",)),
        Row("r5_2", "2.重复申请"),
        Row("r5_3", "3.要求提供公开出版物"),
        Row("r5_4", "4.无正当理由大量反复申请"),
        Row("r5_5", "5.要求行政机关确认或重新出具已获取信息"),
    ),
)
_PARTIAL_LABEL = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
_R1 = Table3Group("r1", "（一）予以公开", (Row("r1_granted", "（一）予以公开"),))
_R2 = Table3Group(
    "r2",
    _PARTIAL_LABEL,
    (
        Row(
            "r2_partial",
            _PARTIAL_LABEL,
            aliases=(
                "（二）部分公开（区分处理的，只计这一情况，不计其他情况）",
                "（二）部分公开（区分处理的，只记这一情形，不记其他情形）",
            ),
        ),
    ),
)
_R6_2019 = Table3Group("r6", "（六）其他处理", (Row("r6_other", "（六）其他处理"),))
_R6_2021 = Table3Group(
    "r6",
    "（六）其他处理",
    (
        Row(
            "r6_1",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            aliases=("1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请",),
        ),
        Row(
            "r6_2",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            aliases=("2.申请人逾期未按收费通知要求缴纳费用，行政机关不再处理其政府信息公开申请",),
        ),
        Row("r6_3", "3.其他"),
    ),
)
_R7 = Table3Group("r7", "（七）总计", (Row("r7_total", "（七）总计"),))

TABLE3_NEW_RECEIVED = Row("new_received", "一、本年新收政府信息公开申请数量")
TABLE3_CARRIED_IN = Row("carried_in", "二、上年结转政府信息公开申请数量")
TABLE3_CARRIED_OUT = Row("carried_out", "四、结转下年度继续办理")
TABLE3_TOTAL_ROW = "r7_total"


# ---------------------------------------------------------------------------------------------------------
# 表四 (§3.4): identical in both formats.

TABLE4_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持", short_lines=("结果", "维持"), aliases=("结果维护",)),
    Column("corrected", "结果纠正", short_lines=("结果", "纠正")),
    Column("other", "其他结果", short_lines=("其他", "结果")),
    Column("pending", "尚未审结", short_lines=("尚未", "审结")),
    Column("total", "总计"),
)
TABLE4_TOTAL_COLUMN = "total"
TABLE4_PART_COLUMNS: tuple[str, ...] = tuple(c.key for c in TABLE4_COLUMNS if c.key != TABLE4_TOTAL_COLUMN)
TABLE4_LITIGATION_LABEL = "行政诉讼"


@dataclass(frozen=True)
class Table4Block:
    key: str
    label: str
    parent: str | None  # 行政诉讼 for the two litigation blocks


TABLE4_BLOCKS: tuple[Table4Block, ...] = (
    Table4Block("review", "行政复议", None),
    Table4Block("litigation_direct", "未经复议直接起诉", TABLE4_LITIGATION_LABEL),
    Table4Block("litigation_after_review", "复议后起诉", TABLE4_LITIGATION_LABEL),
)


# ---------------------------------------------------------------------------------------------------------
# The formats.


@dataclass(frozen=True)
class BasisDocument:
    number: str  # 国办公开办函〔2021〕30号
    title: str  # full title, without book-title marks

    @property
    def citation(self) -> str:
        """《title》（number）, with inner book-title marks turned into 〈〉 as quoting requires."""
        inner = self.title.replace("《", "〈").replace("》", "〉")
        return f"《{inner}》（{self.number}）"


REGULATION_TITLE = "中华人民共和国政府信息公开条例"
REGULATION_NUMBER = "国务院令第711号"
FEE_RULES_TITLE = "政府信息公开信息处理费管理办法"


@dataclass(frozen=True)
class ReportFormat:
    version: FormatVersion
    name: str
    basis: BasisDocument
    table2: tuple[Table2Block, ...]
    table3_groups: tuple[Table3Group, ...]
    sections: tuple[Section, ...] = SECTIONS
    table3_columns: tuple[Column, ...] = TABLE3_COLUMNS
    table4_blocks: tuple[Table4Block, ...] = TABLE4_BLOCKS
    table4_columns: tuple[Column, ...] = TABLE4_COLUMNS
    _row_index: dict[str, Row] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {r.key: r for r in self.table3_rows}
        object.__setattr__(self, "_row_index", index)

    @property
    def table3_result_rows(self) -> tuple[Row, ...]:
        """The rows of 三、本年度办理结果, （七）总计 included, in print order."""
        return tuple(r for g in self.table3_groups for r in g.rows)

    @property
    def table3_rows(self) -> tuple[Row, ...]:
        """Every data row of 表三 in print order."""
        return (TABLE3_NEW_RECEIVED, TABLE3_CARRIED_IN, *self.table3_result_rows, TABLE3_CARRIED_OUT)

    @property
    def table3_summed_rows(self) -> tuple[str, ...]:
        """Keys of the result rows that add up to （七）总计."""
        return tuple(r.key for r in self.table3_result_rows if r.key != TABLE3_TOTAL_ROW)

    def table3_row(self, key: str) -> Row:
        return self._row_index[key]

    def table3_group_of(self, row_key: str) -> Table3Group | None:
        for group in self.table3_groups:
            if any(r.key == row_key for r in group.rows):
                return group
        return None

    def table2_block(self, key: str) -> Table2Block:
        return next(b for b in self.table2 if b.key == key)


FORMAT_2019 = ReportFormat(
    version=FormatVersion.V2019,
    name="中华人民共和国政府信息公开工作年度报告格式（试行）",
    basis=BasisDocument(
        "国办公开办函〔2019〕60号",
        "国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知",
    ),
    table2=TABLE2_2019,
    table3_groups=(_R1, _R2, _R3, _R4, _R5, _R6_2019, _R7),
)

FORMAT_2021 = ReportFormat(
    version=FormatVersion.V2021,
    name="中华人民共和国政府信息公开工作年度报告格式",
    basis=BasisDocument(
        "国办公开办函〔2021〕30号",
        "国务院办公厅政府信息与政务公开办公室关于印发《中华人民共和国政府信息公开工作年度报告格式》的通知",
    ),
    table2=TABLE2_2021,
    table3_groups=(_R1, _R2, _R3, _R4, _R5, _R6_2021, _R7),
)

FORMATS: dict[FormatVersion, ReportFormat] = {FormatVersion.V2019: FORMAT_2019, FormatVersion.V2021: FORMAT_2021}
FIRST_YEAR_OF_2021_FORMAT = 2021
FIRST_REPORT_YEAR = 2019  # the Regulation as revised took effect in 2019


def version_for_year(year: int) -> FormatVersion:
    """The format a report for ``year`` must use: 2019 trial format for 2019 and 2020, then 2021 (§1.2)."""
    return FormatVersion.V2021 if year >= FIRST_YEAR_OF_2021_FORMAT else FormatVersion.V2019


def format_for(version: FormatVersion | str) -> ReportFormat:
    return FORMATS[FormatVersion(version)]


TABLE_LABELS: dict[str, str] = {"table2": "表二", "table3": "表三", "table4": "表四"}
TABLE_SECTIONS: dict[str, str] = {"table2": "active", "table3": "requests", "table4": "review"}
#: Each table with the title of its section: {"table3": ("表三", "收到和处理政府信息公开申请情况"), …}.
TABLE_TITLES: dict[str, tuple[str, str]] = {
    table: (TABLE_LABELS[table], SECTION_BY_KEY[section].title) for table, section in TABLE_SECTIONS.items()
}

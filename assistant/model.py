"""The report model (pydantic v2), built from the format data in :mod:`assistant.formats`.

A figures file is the JSON form of :data:`Report`. The table models are generated from the formats, so a
label or a row exists in exactly one place; field titles carry the official labels into the JSON Schema.

Cells are ``None`` when blank. A blank cell is not 0 (CELL-BLANK). Totals (the 总计 column, （七）总计,
表四 总计) may be left blank in a file: :func:`with_computed_totals` fills them, and the checks compare any
total that was given against its parts.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, TypeAdapter, create_model

from . import formats as F
from .formats import BodyKind, CellKind, Column, FormatVersion, ReportFormat

SCHEMA_VERSION = 1

MAX_CELL = 999_999_999_999  # far above any real count; larger numbers are typing accidents
Count = Annotated[int, Field(strict=True, ge=0, le=MAX_CELL)]
SignedCount = Annotated[int, Field(strict=True, ge=-MAX_CELL, le=MAX_CELL)]
Amount = Annotated[Decimal, Field(ge=0, allow_inf_nan=False, max_digits=20, decimal_places=4)]
CellValue = int | Decimal

_CELL_TYPES: dict[CellKind, Any] = {
    CellKind.COUNT: Count,
    CellKind.SIGNED_COUNT: SignedCount,
    CellKind.AMOUNT: Amount,
}

_STRICT = ConfigDict(extra="forbid", validate_assignment=True)


def _cell_field(column: Column, *, is_total: bool = False) -> Any:
    description = f"{column.label}（{'留空则自动计算' if is_total else '空白表示未填，不等于0'}）"
    return (_CELL_TYPES[column.kind] | None, Field(default=None, title=column.label, description=description))


def _row_model(name: str, columns: tuple[Column, ...], total_key: str | None, **extra: Any) -> type[BaseModel]:
    fields = {c.key: _cell_field(c, is_total=c.key == total_key) for c in columns}
    return create_model(name, __config__=_STRICT, **fields, **extra)


def _container(name: str, title: str, members: dict[str, tuple[type[BaseModel], str]]) -> type[BaseModel]:
    """A model whose fields are sub-models that default to empty (all cells blank)."""
    fields = {key: (model, Field(default_factory=model, title=label)) for key, (model, label) in members.items()}
    model = create_model(name, __config__=_STRICT, **fields)
    model.model_config["title"] = title
    return model


# ---------------------------------------------------------------------------------------------------------
# Tables


def _table2_model(fmt: ReportFormat) -> type[BaseModel]:
    blocks: dict[str, tuple[type[BaseModel], str]] = {}
    for block in fmt.table2:
        suffix = f"{block.key.title().replace('_', '')}V{fmt.version}"
        extra: dict[str, Any] = {}
        if block.key == "art20_9":
            extra["total_amount_unit"] = (
                Literal[F.PROCUREMENT_AMOUNT_UNITS] | None,  # type: ignore[valid-type]
                Field(default=None, title="采购总金额单位", description="元 或 万元，照报告原文"),
            )
        row_model = _row_model(f"Table2Row{suffix}", block.columns, None, **extra)
        rows = {row.key: (row_model, row.label) for row in block.rows}
        blocks[block.key] = (_container(f"Table2Block{suffix}", block.title, rows), block.title)
    return _container(f"Table2V{fmt.version}", f"表二（{fmt.version}年格式）", blocks)


_Table3Row = _row_model("Table3Row", F.TABLE3_COLUMNS, F.TABLE3_TOTAL_COLUMN)
_Table4Row = _row_model("Table4Row", F.TABLE4_COLUMNS, F.TABLE4_TOTAL_COLUMN)


def _table3_model(fmt: ReportFormat) -> type[BaseModel]:
    return _container(
        f"Table3V{fmt.version}",
        f"表三（{fmt.version}年格式）",
        {row.key: (_Table3Row, row.label) for row in fmt.table3_rows},
    )


Table4 = _container("Table4", "表四", {b.key: (_Table4Row, b.label) for b in F.TABLE4_BLOCKS})


# ---------------------------------------------------------------------------------------------------------
# Metadata, fees, narrative


class Contact(BaseModel):
    model_config = _STRICT

    office: str | None = Field(None, title="联系机构", description="如：上高县审计局办公室")
    address: str | None = Field(None, title="地址")
    phone: str | None = Field(None, title="电话")
    postcode: str | None = Field(None, title="邮编")
    email: str | None = Field(None, title="电子邮箱")


class PreviousYear(BaseModel):
    """What this year's draft keeps of last year's report (``new --from-previous``): the baselines of the
    cross-year checks, so that they run without the file of last year at hand."""

    model_config = _STRICT

    year: int = Field(title="上年年度", strict=True, ge=F.FIRST_REPORT_YEAR - 1, le=2100)
    agency: str = Field("", title="上年机关全称")
    in_force: dict[str, int | None] = Field(
        default_factory=dict,
        title="上年现行有效件数",
        description="表二第二十条第（一）项各行（regulations 规章、admin_normative_docs 行政规范性文件）"
        "上年末的现行有效件数",
    )


class Meta(BaseModel):
    model_config = _STRICT

    agency: str = Field(title="机关全称", min_length=1, max_length=100)
    year: int = Field(title="年度", strict=True, ge=F.FIRST_REPORT_YEAR, le=2100)
    format_version: FormatVersion | None = Field(
        None, title="格式版本", description="留空则按年度确定：2020年及以前为2019年格式，2021年起为2021年格式"
    )
    body_kind: BodyKind = Field(
        BodyKind.DEPARTMENT,
        title="机关类型",
        description="department 部门；government 县级以上人民政府；township 乡镇街道",
    )
    self_reference: str | None = Field(None, title="自称", description="正文中的自称，如：我局、我委、我市")
    preparer: str | None = Field(None, title="编制机构", description="编制本报告的机构，留空则为机关全称")
    website_name: str | None = Field(None, title="网站名称", description="报告电子版下载网站，如：上高县人民政府网站")
    website_url: str | None = Field(None, title="网址")
    contact: Contact = Field(default_factory=Contact, title="联系方式")
    title: str | None = Field(None, title="标题", description="已发布报告的原标题；留空则按规范生成")
    published: date | None = Field(None, title="发布日期")
    origin: Literal["draft", "imported"] = Field(
        "draft", title="来源", description="draft 本工具起草；imported 从已发布报告导入"
    )
    previous: PreviousYear | None = Field(
        None,
        exclude_if=lambda value: value is None,
        title="上年基数",
        description="以上年报告开始本年数据时记下的上年数据，用于跨年度核对",
    )


class Fees(BaseModel):
    """信息处理费 (国办函〔2020〕109号), reported in section 六."""

    model_config = _STRICT

    notices_issued: Count | None = Field(None, title="收费通知件数")
    notices_amount_yuan: Amount | None = Field(None, title="收费通知金额（元）")
    collected_yuan: Amount | None = Field(None, title="实收金额（元）")


VersionSource = Literal["template", "model", "revision", "variant", "clerk", "restored"]


class Version(BaseModel):
    """One text a narrative part has had: who or what wrote it, on which instruction, and what the fact
    check found. ``text`` of the part is always the accepted one; the history only records."""

    model_config = _STRICT

    text: str = Field(title="文字")
    source: VersionSource = Field(
        title="来源",
        description="template 模板起草；model 模型起草；revision 按要求修改；variant 模板变体；"
        "clerk 经办人修改；restored 恢复到早先的版本",
    )
    by: str = Field("", title="起草者", description="如 模板、模型（qwen2.5-72b-instruct）")
    instruction: str | None = Field(None, title="修改要求")
    created: str = Field("", title="时间", description="ISO 8601")
    problems: list[str] = Field(default_factory=list, title="核对发现的问题")
    override: bool = Field(False, title="明知有问题仍采用", description="经办人明确确认后采用了有问题的版本")


class NarrativeText(BaseModel):
    model_config = _STRICT

    text: str | None = Field(None, title="正文", description="留空则起草")
    notes: str | None = Field(None, title="要点", description="经办人提供的事实要点，起草时作为素材")
    last_year: str | None = Field(
        None,
        exclude_if=lambda value: value is None,
        title="上年文字（仅供参考）",
        description="上年报告这一部分的文字，只供参考和雷同检查，不会写入本年报告",
    )
    history: list[Version] = Field(
        default_factory=list,
        exclude_if=lambda versions: not versions,
        title="版本记录",
        description="各版本的文字（模板稿、模型稿、修改稿、经办人修改），最早的在前；报告只用 text",
    )


Narrative = create_model(
    "Narrative",
    __config__=_STRICT,
    **{p.key: (NarrativeText, Field(default_factory=NarrativeText, title=p.label)) for p in F.NARRATIVE_PARTS},
)


class ReportBase(BaseModel):
    """Fields shared by both formats; the concrete models add the tables in print order (see _report_model)."""

    model_config = _STRICT

    schema_version: Literal[1] = Field(SCHEMA_VERSION, title="文件格式版本")
    meta: Meta = Field(title="基本信息")

    #: The format whose tables this model holds; set on each concrete model by _report_model.
    FORMAT_VERSION: ClassVar[FormatVersion]

    @property
    def version(self) -> FormatVersion:
        """The format of the tables this report holds (meta.format_version may say otherwise: FORMAT-VERSION)."""
        return self.FORMAT_VERSION

    @property
    def fmt(self) -> ReportFormat:
        return F.format_for(self.version)

    @property
    def official_title(self) -> str:
        """The title the format prescribes: {机关全称}{年度}年政府信息公开工作年度报告."""
        return official_title(self.meta.agency, self.meta.year)

    @property
    def title(self) -> str:
        """The title as published (imported reports) or as the format prescribes."""
        return self.meta.title or self.official_title

    # Generic cell access, so that code outside this module never needs the generated attribute names.
    def t2(self, block: str, row: str, column: str) -> CellValue | None:
        return getattr(getattr(getattr(self, "table2"), block), row).__dict__.get(column)  # noqa: B009

    def t3(self, row: str, column: str) -> int | None:
        return getattr(getattr(self, "table3"), row).__dict__.get(column)  # noqa: B009

    def t4(self, block: str, column: str) -> int | None:
        return getattr(getattr(self, "table4"), block).__dict__.get(column)  # noqa: B009

    def narrative_text(self, part: str) -> NarrativeText:
        return getattr(getattr(self, "narrative"), part)  # noqa: B009


def official_title(agency: str, year: int) -> str:
    return f"{agency}{year}年政府信息公开工作年度报告"


def _report_model(fmt: ReportFormat) -> type[ReportBase]:
    t2 = _table2_model(fmt)
    t3 = _table3_model(fmt)
    model = create_model(
        f"Report{fmt.version}",
        __base__=ReportBase,
        table2=(t2, Field(default_factory=t2, title=" ".join(F.TABLE_TITLES["table2"]))),
        table3=(t3, Field(default_factory=t3, title=" ".join(F.TABLE_TITLES["table3"]))),
        table4=(Table4, Field(default_factory=Table4, title=" ".join(F.TABLE_TITLES["table4"]))),
        fees=(Fees, Field(default_factory=Fees, title="信息处理费")),
        narrative=(Narrative, Field(default_factory=Narrative, title="文字部分")),
    )
    model.FORMAT_VERSION = fmt.version
    return model


@cache
def report_model(version: FormatVersion) -> type[ReportBase]:
    """The model of a report in ``version``'s format, built on first use: a run needs one format, and each
    costs some milliseconds of pydantic's schema building."""
    return _report_model(F.format_for(version))


def _version_tag(data: Any) -> str:
    """Which format model validates ``data``: the explicit format_version, else the one for the year."""
    if isinstance(data, ReportBase):
        return data.version.value
    meta = data.get("meta") if isinstance(data, dict) else None
    if isinstance(meta, dict):
        explicit = meta.get("format_version")
        if explicit in (FormatVersion.V2019.value, FormatVersion.V2021.value):
            return str(explicit)
        year = meta.get("year")
        if isinstance(year, int) and not isinstance(year, bool):
            return F.version_for_year(year).value
    return FormatVersion.V2021.value


def model_for_data(data: Any) -> type[ReportBase]:
    """The model that validates ``data`` (a parsed figures file), chosen as the JSON Schema's union does."""
    return report_model(FormatVersion(_version_tag(data)))


@cache
def _report_adapter() -> TypeAdapter[ReportBase]:
    """Both formats as one discriminated union: the JSON Schema of a figures file."""
    union = Annotated[
        Annotated[report_model(FormatVersion.V2019), Tag("2019")]
        | Annotated[report_model(FormatVersion.V2021), Tag("2021")],
        Discriminator(_version_tag),
    ]
    return TypeAdapter(union)


def __getattr__(name: str) -> Any:
    """``Report2019``, ``Report2021`` and ``REPORT_ADAPTER``, built when first asked for (see report_model)."""
    if name == "Report2019":
        return report_model(FormatVersion.V2019)
    if name == "Report2021":
        return report_model(FormatVersion.V2021)
    if name == "REPORT_ADAPTER":
        return _report_adapter()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def report_json_schema() -> dict[str, Any]:
    schema = _report_adapter().json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "政府信息公开工作年度报告 数据文件"
    schema["description"] = (
        f"report-assistant figures file, schema_version {SCHEMA_VERSION}. The table layout follows meta.format_version "
        "(or, when it is omitted, the format for meta.year: 2019 format up to 2020, 2021 format from 2021). "
        "Blank cells are null; totals left null are computed."
    )
    return schema


def blank_report(year: int, *, agency: str = "", body_kind: BodyKind = BodyKind.DEPARTMENT) -> ReportBase:
    """An empty report of the right format for ``year``: every cell blank, every narrative part to draft.

    Built without validation: an empty ``agency`` is allowed here (the clerk fills it in), and reading the
    file back reports it as missing until then.
    """
    if not F.FIRST_REPORT_YEAR <= year <= 2100:
        raise ValueError(f"年度应为 {F.FIRST_REPORT_YEAR} 至 2100 之间的整数，实际为 {year}")
    version = F.version_for_year(year)
    meta = Meta.model_construct(
        agency=agency,
        year=year,
        format_version=version,
        body_kind=body_kind,
        contact=Contact(),
        self_reference=None,
        preparer=None,
        website_name=None,
        website_url=None,
        title=None,
        published=None,
        origin="draft",
    )
    return report_model(version)(meta=meta)


# ---------------------------------------------------------------------------------------------------------
# Totals


def _sum(values: list[int | None]) -> int | None:
    """The sum of parts, or None when any part is blank (a total over blanks is unknown)."""
    if any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None)


def table3_total_parts(report: ReportBase, row: str, column: str) -> list[int | None] | None:
    """The cells a 表三 total adds up, or None when the cell is not a total: a row's 总计 its columns, a
    （七）总计 cell its result rows, and the corner cell every result row in every column."""
    rows = report.fmt.table3_summed_rows if row == F.TABLE3_TOTAL_ROW else (row,)
    columns = F.TABLE3_PART_COLUMNS if column == F.TABLE3_TOTAL_COLUMN else (column,)
    if len(rows) == 1 and len(columns) == 1:
        return None
    return [report.t3(r, c) for r in rows for c in columns]


def table4_total_parts(report: ReportBase, block: str) -> list[int | None]:
    """The cells the 总计 of a 表四 block adds up."""
    return [report.t4(block, c) for c in F.TABLE4_PART_COLUMNS]


def computed_table3_row_total(report: ReportBase, row: str) -> int | None:
    return _sum([report.t3(row, c) for c in F.TABLE3_PART_COLUMNS])


def computed_table3_results_total(report: ReportBase, column: str) -> int | None:
    return _sum(table3_total_parts(report, F.TABLE3_TOTAL_ROW, column) or [])


def computed_table4_total(report: ReportBase, block: str) -> int | None:
    return _sum(table4_total_parts(report, block))


def with_computed_totals(report: ReportBase) -> ReportBase:
    """A copy in which every blank total is computed from its parts; totals that were given stay as given."""
    done = report.model_copy(deep=True)
    fmt = done.fmt
    table3 = getattr(done, "table3")  # noqa: B009
    # The 总计 column of every row but （七）总计, then the （七）总计 row, then its own 总计.
    for row in fmt.table3_rows:
        if row.key == F.TABLE3_TOTAL_ROW:
            continue
        cells = getattr(table3, row.key)
        if cells.total is None:
            cells.total = computed_table3_row_total(done, row.key)
    results = getattr(table3, F.TABLE3_TOTAL_ROW)
    for column in F.TABLE3_PART_COLUMNS:
        if getattr(results, column) is None:
            setattr(results, column, computed_table3_results_total(done, column))
    if results.total is None:
        results.total = computed_table3_row_total(done, F.TABLE3_TOTAL_ROW)
    for block in F.TABLE4_BLOCKS:
        cells = getattr(getattr(done, "table4"), block.key)  # noqa: B009
        if cells.total is None:
            cells.total = computed_table4_total(done, block.key)
    return done

"""Reading and writing figures files, with every problem named in Chinese at its place."""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError

from . import formats as F
from .atomic import write_text_atomic
from .findings import Finding, Location, Severity, quoted, table2_place, table3_place, table4_place
from .formats import CellKind, ReportFormat
from .model import Contact, Fees, Meta, NarrativeText, ReportBase, model_for_data, report_model

MAX_FILE_BYTES = 5 * 1024 * 1024  # a figures file is a few kB; anything this large is not one

KIND_EXPECTATIONS: dict[CellKind, str] = {
    CellKind.COUNT: "应为非负整数",
    CellKind.SIGNED_COUNT: "应为整数（减少用负数表示）",
    CellKind.AMOUNT: "应为不小于0的数（金额，不带单位）",
}


class InputError(Exception):
    """Input that cannot be read as a report. ``problems`` are findings naming each place."""

    def __init__(self, source: str, problems: list[Finding]):
        self.source = source
        self.problems = problems
        super().__init__(self.render())

    def render(self) -> str:
        lines = [f"无法读取 {self.source}："]
        lines += [f"  {p.location.label + '：' if p.location else ''}{p.message}" for p in self.problems]
        return "\n".join(lines)


def _problem(message: str, location: Location | None = None, code: str = "INPUT", **kw: Any) -> Finding:
    return Finding(code, Severity.ERROR, message, location, **kw)


# ---------------------------------------------------------------------------------------------------------
# Reading


_JSON_MESSAGES = {
    "Expecting ',' delimiter": "缺少逗号",
    "Expecting ':' delimiter": "缺少冒号",
    "Expecting property name enclosed in double quotes": "键名应使用英文双引号，或有多余的逗号",
    "Expecting value": "缺少值（或有多余的逗号、使用了中文引号）",
    "Unterminated string starting at": "字符串缺少结尾的引号",
    "Invalid control character at": "字符串中有控制字符",
    "Extra data": "JSON 内容结束后还有多余的文字",
    "Invalid \\escape": "无效的转义符（反斜杠）",
}


def _decode(data: bytes, source: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    raise InputError(
        source,
        [_problem(f"文件不是 UTF-8 编码的文本（第 {utf8_error.start + 1} 个字节无法识别），请另存为 UTF-8 后再试。")],
    )


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"键 {quoted(key)} 出现了两次")
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} 不是有效的数字")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _first_surrogate(data: Any) -> str | None:
    """Where the first string (key or value) holding a lone surrogate is, as keys joined by " / "; else None.
    JSON can spell one (\\ud800), and no file can store it as UTF-8 text, nor any output hold it."""
    stack: list[tuple[Any, tuple[str, ...]]] = [(data, ())]
    while stack:
        value, place = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                return " / ".join(place) or "文件顶层"
        elif isinstance(value, dict):
            for key, item in value.items():
                if _SURROGATE.search(key):
                    return " / ".join((*place, _SURROGATE.sub("?", key)))
                stack.append((item, (*place, key)))
        elif isinstance(value, list):
            stack.extend((item, (*place, str(n + 1))) for n, item in enumerate(value))
    return None


def parse_json(text: str, source: str) -> Any:
    data = _parse_json(text, source)
    place = _first_surrogate(data)
    if place is not None:
        raise InputError(
            source,
            [_problem(f"{place}：文字中有无法识别的字符（孤立的 \\ud800–\\udfff 转义），请删去后再试。")],
        )
    return data


def _parse_json(text: str, source: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        reason = next((zh for en, zh in _JSON_MESSAGES.items() if exc.msg.startswith(en)), exc.msg)
        if not text.strip():
            reason = "文件是空的，没有任何内容"
        elif exc.pos >= len(text.rstrip()) and not exc.msg.startswith("Extra data"):
            # The document stops where more was expected: a file cut short (a copy or save interrupted).
            reason = "文件在此意外结束，内容不完整（可能没有保存完整或复制时被截断），请用完整的文件重试"
        raise InputError(
            source, [_problem(f"第 {exc.lineno} 行第 {exc.colno} 列：JSON 格式错误，{reason}。")]
        ) from None
    except ValueError as exc:  # duplicate keys, NaN/Infinity, integers too long to convert
        if "integer string conversion" in str(exc):
            reason = "有位数过多的数字（超过 4300 位），不是表格数据"
        else:
            reason = str(exc)
        raise InputError(source, [_problem(f"JSON 内容有误：{reason}。")]) from None
    except RecursionError:
        raise InputError(source, [_problem("JSON 嵌套层数过深，不是报告数据文件。")]) from None


def read_limited_bytes(path: str | os.PathLike[str], limit: int, too_large: Callable[[int], str]) -> bytes:
    """A user's file as bytes, or an InputError naming it; ``too_large(size)`` words a file over ``limit``."""
    source = str(path)
    try:
        size = os.path.getsize(path)
        if size > limit:
            raise InputError(source, [_problem(too_large(size))])
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise InputError(source, [_problem("文件不存在。")]) from None
    except IsADirectoryError:
        raise InputError(source, [_problem("这是一个文件夹，不是文件。")]) from None
    except PermissionError:
        raise InputError(source, [_problem("没有读取该文件的权限。")]) from None
    except OSError as exc:
        raise InputError(source, [_problem(f"读取失败（{exc.strerror or exc}）。")]) from None


def read_text_file(path: str | os.PathLike[str]) -> str:
    """The text of a user's file (utf-8, BOM tolerated, GB18030 accepted), or an InputError naming the file."""
    data = read_limited_bytes(path, MAX_FILE_BYTES, lambda size: f"文件过大（{size} 字节），不是报告数据文件。")
    return _decode(data, str(path))


def load_report(path: str | os.PathLike[str]) -> ReportBase:
    source = str(path)
    return report_from_data(parse_json(read_text_file(path), source), source)


def report_from_data(data: Any, source: str) -> ReportBase:
    if not isinstance(data, dict):
        raise InputError(source, [_problem("文件内容应为一个 JSON 对象 { … }，这不是报告数据文件。")])
    model = model_for_data(data)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [_translate(error, F.format_for(model.FORMAT_VERSION)) for error in exc.errors()]
        raise InputError(source, problems) from None


# ---------------------------------------------------------------------------------------------------------
# Validation errors in the clerk's words


# Characters a terminal might obey (escape sequences) or that reorder a line (bidi controls), and lone
# surrogates, which cannot be printed as UTF-8: a value quoted in a message shows them as \\uXXXX.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _shown(value: Any) -> str:
    if isinstance(value, str):
        text = value[:200]
    else:
        try:
            text = json.dumps(value, ensure_ascii=False, default=str)[:200]
        except (ValueError, RecursionError):
            text = type(value).__name__
    if len(text) > 40:
        text = text[:40] + "…"
    text = _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return f'"{text}"'


def _unknown_key(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"，是否应为 {quoted(close[0])}" if close else ""
    return f"不认识的字段 {quoted(key)}{hint}（字段名见 report-assistant schema）"


def _field_title(model: type[BaseModel], key: str) -> str:
    info = model.model_fields.get(key)
    return info.title if info and info.title else key


def _cell_place(fmt: ReportFormat, loc: tuple[Any, ...]) -> tuple[Location, CellKind] | None:
    """The place and kind of a table cell addressed by ``loc`` (already without the format tag)."""
    table, *rest = loc
    if table == "table3" and len(rest) == 2:
        row, column = rest
        if row in {r.key for r in fmt.table3_rows} and column in {c.key for c in F.TABLE3_COLUMNS}:
            return table3_place(fmt, row, column), CellKind.COUNT
    if table == "table4" and len(rest) == 2:
        block, column = rest
        if block in {b.key for b in F.TABLE4_BLOCKS} and column in {c.key for c in F.TABLE4_COLUMNS}:
            return table4_place(block, column), CellKind.COUNT
    if table == "table2" and len(rest) == 3:
        block_key, row, column = rest
        block = next((b for b in fmt.table2 if b.key == block_key), None)
        if block and row in {r.key for r in block.rows}:
            col = next((c for c in block.columns if c.key == column), None)
            if col is not None:
                return table2_place(fmt, block_key, row, column), col.kind
    return None


_TOP_LEVEL_NAMES = {
    **F.TABLE_LABELS,
    "meta": "基本信息",
    "fees": "信息处理费",
    "narrative": "文字部分",
}


def _container_place(fmt: ReportFormat, loc: tuple[Any, ...]) -> tuple[str, list[str]]:
    """A human name for the object at ``loc`` and the keys it allows (for unknown-key messages)."""
    model_cls = report_model(fmt.version)
    if not loc:
        return "文件顶层", list(model_cls.model_fields)
    head = loc[0]
    name = _TOP_LEVEL_NAMES.get(head, str(head))
    if head == "table3" and len(loc) == 1:
        return name, [r.key for r in fmt.table3_rows]
    if head == "table3" and len(loc) == 2:
        return f"表三 {quoted(fmt.table3_row(loc[1]).label)}", [c.key for c in F.TABLE3_COLUMNS]
    if head == "table4" and len(loc) == 1:
        return name, [b.key for b in F.TABLE4_BLOCKS]
    if head == "table4" and len(loc) == 2:
        return f"表四 {next(b.label for b in F.TABLE4_BLOCKS if b.key == loc[1])}", [c.key for c in F.TABLE4_COLUMNS]
    if head == "table2" and len(loc) == 1:
        return name, [b.key for b in fmt.table2]
    if head == "table2":
        block = fmt.table2_block(loc[1])
        if len(loc) == 2:
            return f"表二 {block.title}", [r.key for r in block.rows]
        row = next(r for r in block.rows if r.key == loc[2])
        extra = ["total_amount_unit"] if block.key == "art20_9" else []
        return f"表二 {block.title} {quoted(row.label)}", [c.key for c in block.columns] + extra
    if head == "meta" and len(loc) == 2 and loc[1] == "contact":
        return "基本信息 联系方式", list(Contact.model_fields)
    if head == "meta":
        return name, list(Meta.model_fields)
    if head == "fees":
        return name, list(Fees.model_fields)
    if head == "narrative" and len(loc) == 1:
        return name, [p.key for p in F.NARRATIVE_PARTS]
    if head == "narrative":
        return f"文字部分 {quoted(F.NARRATIVE_PART_BY_KEY[loc[1]].label)}", list(NarrativeText.model_fields)
    return name, []


def _field_place(loc: tuple[Any, ...]) -> Location:
    head = loc[0] if loc else ""
    if head == "meta" and len(loc) >= 2:
        if loc[1] == "contact" and len(loc) >= 3:
            return Location(f"基本信息 联系方式 {quoted(_field_title(Contact, loc[2]))}", part="meta.contact")
        return Location(f"基本信息 {quoted(_field_title(Meta, loc[1]))}", part="meta")
    if head == "fees" and len(loc) >= 2:
        return Location(f"信息处理费 {quoted(_field_title(Fees, loc[1]))}", part="fees")
    if head == "narrative" and len(loc) >= 2 and loc[1] in F.NARRATIVE_PART_BY_KEY:
        suffix = f" {_field_title(NarrativeText, loc[2])}" if len(loc) >= 3 else ""
        return Location(f"文字部分 {quoted(F.NARRATIVE_PART_BY_KEY[loc[1]].label)}{suffix}", part=str(loc[1]))
    if head == "schema_version":
        return Location("文件格式版本 schema_version")
    if len(loc) == 1 and head in _TOP_LEVEL_NAMES:
        return Location(_TOP_LEVEL_NAMES[head])
    return Location(" / ".join(str(x) for x in loc) or "文件顶层")


_GENERIC_MESSAGES = {
    "missing": "缺少必填项",
    "string_type": "应为文字（用英文双引号括起）",
    "string_unicode": "文字中有无法识别的字符（孤立的 \\ud800–\\udfff 转义）",
    "string_too_short": "不能为空",
    "string_too_long": "文字过长",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "int_parsing": "应为整数",
    "model_type": "应为 JSON 对象 { … }",
    "model_attributes_type": "应为 JSON 对象 { … }",
    "dict_type": "应为 JSON 对象 { … }",
    "date_from_datetime_parsing": '应为日期，如 "2026-01-20"',
    "date_parsing": '应为日期，如 "2026-01-20"',
    "date_type": '应为日期，如 "2026-01-20"',
    "bool_type": "应为 true 或 false",
}


def _translate(error: Any, fmt: ReportFormat) -> Finding:
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")

    if kind == "extra_forbidden":
        where, known = _container_place(fmt, loc[:-1])
        return _problem(_unknown_key(str(loc[-1]), known), Location(where))

    cell = _cell_place(fmt, loc)
    if cell is not None:
        place, cell_kind = cell
        too_large = kind == "less_than_equal" or (kind == "greater_than_equal" and cell_kind is CellKind.SIGNED_COUNT)
        reason = "数值超出合理范围" if too_large else KIND_EXPECTATIONS[cell_kind]
        return _problem(
            f"{reason}，实际为 {_shown(value)}",
            place,
            code="CELL-TYPE",
            expected=KIND_EXPECTATIONS[cell_kind].removeprefix("应为"),
            found=_shown(value),
        )

    place = _field_place(loc)
    if loc == ("meta", "year") and kind in ("greater_than_equal", "less_than_equal"):
        message = f"年度应为 {F.FIRST_REPORT_YEAR} 至 2100 之间的整数，实际为 {_shown(value)}"
    elif kind in ("literal_error", "enum"):
        expected = (
            str(error.get("ctx", {}).get("expected", "")).replace("'", "").replace(" or ", ", ").replace(", ", "、")
        )
        message = f"应为以下之一：{expected}，实际为 {_shown(value)}"
    elif kind in _GENERIC_MESSAGES:
        message = _GENERIC_MESSAGES[kind] + ("" if kind == "missing" else f"，实际为 {_shown(value)}")
    elif kind.startswith(("decimal", "greater_than", "less_than", "finite")):
        message = f"应为不小于0的数，实际为 {_shown(value)}"
    else:
        message = f"内容不符合要求（{error.get('msg', kind)}），实际为 {_shown(value)}"
    return _problem(message, place)


# ---------------------------------------------------------------------------------------------------------
# Writing


def report_to_json(report: ReportBase) -> str:
    """The figures file text: utf-8 JSON, Chinese kept readable, keys in the model's (print) order."""
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def save_report(report: ReportBase, path: str | os.PathLike[str]) -> None:
    write_text_atomic(path, report_to_json(report))

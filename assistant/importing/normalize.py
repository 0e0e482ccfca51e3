"""Text normalisation for reading published reports (report-format.md §7.4).

Labels are compared through :func:`label_key`: full- and half-width forms folded (NFKC), every space and line
break removed, 繁体 characters of the labels mapped to 简体, quotes unified and the numbering of sub-items
("1." "1、" "1．") made one. Keys are for matching only; what a report printed is always kept as printed.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# 繁体 → 简体 for the characters that occur in the official labels, the section headings and the words the
# importer looks for (title, contact data, dates). Mirror sites convert character by character, so a
# character map is enough; this is not a general converter.
_TRADITIONAL = (
    "萬與業為舉於會體處複復決況減辦務動區單發號後國審對屬開強當總執護報據數無權條構類係糾納組織經結統繼續"
    "維繳罰範獲補規計認議記許訟訪訴詢請購費轉過這進採問題額項關內現穩險確祕機沒網門戶時間郵編電話聯廳縣鎮鄉"
    "員級劃監臺設載態勞絡應聞頭論實際該錄頁簽約積極樣難點眾備書見歷價評責貫徹傳稱簡專產製廢標準擬強蹤"
    "於覆誌雜離續賬資訊檔預態衛濟驗參與廣攝東營寫傷細從讀儘"
)
_SIMPLIFIED = (
    "万与业为举于会体处复复决况减办务动区单发号后国审对属开强当总执护报据数无权条构类系纠纳组织经结统继续"
    "维缴罚范获补规计认议记许讼访诉询请购费转过这进采问题额项关内现稳险确秘机没网门户时间邮编电话联厅县镇乡"
    "员级划监台设载态劳络应闻头论实际该录页签约积极样难点众备书见历价评责贯彻传称简专产制废标准拟强踪"
    "于复志杂离续账资讯档预态卫济验参与广摄东营写伤细从读尽"
)
assert len(_TRADITIONAL) == len(_SIMPLIFIED)
TRADITIONAL_TO_SIMPLIFIED = str.maketrans(_TRADITIONAL, _SIMPLIFIED)

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": '"', "’": '"', "「": '"', "」": '"', "『": '"', "』": '"', "'": '"'})
_SPACE = re.compile(r"\s+")
# Sub-item numbering written "1." "1、" "1．" "1," → "1."; group numbering "(三)" already folded by NFKC.
_SUB_NUMBER = re.compile(r"^(\d{1,2})[.、,]")


def fold(text: str) -> str:
    """NFKC (full-width → half-width), 繁体 → 简体, quotes unified; spaces kept."""
    text = unicodedata.normalize("NFKC", text)
    return text.translate(TRADITIONAL_TO_SIMPLIFIED).translate(_QUOTES).replace("\u2014", "-").replace("\u2013", "-")


@functools.lru_cache(maxsize=65536)  # labels repeat: the same cells are compared with many official labels
def label_key(text: str) -> str:
    """The matching key of a label: folded, without any whitespace, with one form of sub-item numbering.

    "（三） 不予公开" and "(三)不予公开" have the same key; so have "1、其他" and "1.其他"; and the 、/，
    variants of the （六） sub-rows (§4.3: accept both).
    """
    key = _SPACE.sub("", fold(text)).replace(",", "、")
    return _SUB_NUMBER.sub(r"\1.", key)


@functools.lru_cache(maxsize=65536)
def similarity(a: str, b: str) -> float:
    """How alike two keys are (0–1), difflib's ratio without the junk heuristic."""
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_SPACE_BETWEEN = re.compile(
    rf"(?<=[{_CJK}\d])[ \t\u3000\xa0]+(?=[{_CJK}\d])|(?<=[{_CJK}])[ \t\u3000\xa0]+|[ \t\u3000\xa0]+(?=[{_CJK}])"
)


def squeeze_spaces(text: str) -> str:
    """Spaces that only come from layout (between CJK characters, or between CJK and digits) removed;
    a space between two Latin words stays."""
    return _SPACE_BETWEEN.sub("", text).strip()


def clean_line(text: str) -> str:
    """A line of text with no-break spaces made spaces and runs of spaces collapsed, stripped."""
    return re.sub(r"[ \t\u3000\xa0]+", " ", text).strip()


# ---------------------------------------------------------------------------------------------------------
# Cell values

BLANK_MARKS = frozenset({"", "-", "--", "---", "/", "\\", "无", "空", "－", "—", "——", "–", "_", "—-"})
_NUMBER = re.compile(r"^([+-]?)(\d+(?:\.\d+)?)(万元|元|件|条|项|个|次|家|人)?$")
_GROUPED_DIGITS = re.compile(r"(?<=\d)[,，](?=\d{3}(?:\D|$))")


@dataclass(frozen=True)
class CellText:
    """A table cell as printed, classified: blank, a number (with the unit written beside it), or text."""

    printed: str
    kind: str  # "blank" | "number" | "text"
    value: Decimal | None = None
    unit: str | None = None

    @property
    def is_value(self) -> bool:
        return self.kind in ("blank", "number")


def parse_cell(text: str) -> CellText:
    printed = text.strip()
    folded = _SPACE.sub("", unicodedata.normalize("NFKC", printed).replace("\u2014", "-").replace("\u2013", "-"))
    if folded in BLANK_MARKS or printed in BLANK_MARKS:
        return CellText(printed, "blank")
    folded = _GROUPED_DIGITS.sub("", folded)
    match = _NUMBER.match(folded)
    if match is None:
        return CellText(printed, "text")
    sign, digits, unit = match.groups()
    try:
        value = Decimal(sign + digits)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        return CellText(printed, "text")
    return CellText(printed, "number", value, unit)


def is_number_token(text: str) -> bool:
    return parse_cell(text).kind == "number"

"""The kind of body (机关类型) that a 机关全称 suggests, for a new report.

The kind changes the deadline and what 监督保障 must cover, and a clerk who types 某镇人民政府 rarely thinks to
change the kind from its default, 部门. The full name says it in nearly every case:

- a township or sub-district: the name ends in 乡人民政府, 镇人民政府 (乡政府, 镇政府; 苏木人民政府 in Inner
  Mongolia) or 街道办事处 (街道办, 街道); a bare 某某镇 or 某某乡 is one too;
- a people's government at county level or above: the name ends in 人民政府 (or 政府), or in 行政公署 (行署),
  the office of a 地区 or 盟;
- everything else is a department: …局, …委员会, …管委会, and the 人民政府办公室 (办公厅) of a government,
  which is one of its departments, as is an office 驻某地办事处 that is not a 街道办事处.

Only the end of the name counts: the names of the places in it say nothing (镇江市人民政府 is a city's,
湘乡市人民政府 too). It is a suggestion: a kind the clerk chose is never replaced by it.
"""

from __future__ import annotations

import re

from .formats import BodyKind

__all__ = ["suggested_body_kind"]

_TOWNSHIP = re.compile(r"(?:乡|镇|苏木)(?:人民)?政府$|街道(?:办事处|办)?$|(?:乡|镇)$")
_GOVERNMENT = re.compile(r"政府$|行政公署$|行署$")
_SPACES = re.compile(r"\s+")


def suggested_body_kind(agency: str | None) -> BodyKind:
    """The kind of body that the full name ``agency`` suggests; 部门 when it suggests nothing else (or is blank).

    >>> suggested_body_kind("上高县泗溪镇人民政府").value, suggested_body_kind("宜春市人民政府").value
    ('township', 'government')
    >>> suggested_body_kind("上高县人民政府办公室").value
    'department'
    """
    name = _SPACES.sub("", agency or "")
    if _TOWNSHIP.search(name):
        return BodyKind.TOWNSHIP
    if _GOVERNMENT.search(name):
        return BodyKind.GOVERNMENT
    return BodyKind.DEPARTMENT

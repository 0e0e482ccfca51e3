"""Build templates/reference.docx, the Word document every .docx report starts from.

Run it from anywhere, offline: ``python templates/build_reference_docx.py``. It needs python-docx only and writes
the same bytes every time, so the committed file can be checked against it.

The reference document carries the whole 公文 layout (GB/T 9704-2012) and nothing else: styles, A4 page with the
standard margins, and the "— 1 —" page numbers. ``assistant/render/docx.py`` only adds content.

Fonts. Runs get their East Asian face through ``w:rFonts/@w:eastAsia`` (python-docx has no API for it), Latin
letters and digits Times New Roman. The GB2312 faces are named as the standard asks (仿宋_GB2312, 楷体_GB2312).
For machines without them: the font table gives each face an ``altName`` naming the face Windows ships (仿宋,
楷体, 宋体 for 方正小标宋简体), the GB2312 charset (86) and a PANOSE class, which is what Word reads to choose a
substitute; and the East Asian language is zh-CN everywhere (the python-docx template says ja-JP, and its font
table lists two Japanese faces, both removed), so a renderer that has to guess picks a Simplified Chinese face.
LibreOffice ignores ``altName`` (checked with 7.4) but follows the language: without the fonts it sets the text
in Noto Sans CJK SC.
"""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.oxml import serialize_part_xml
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips

HERE = Path(__file__).resolve().parent
TARGET = HERE / "reference.docx"

# Page (GB/T 9704-2012 §5.2): A4, top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; type area 156 × 225 mm.
TWIPS_PER_MM = 1440 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
FOOTER_DISTANCE_MM = 22  # the page number sits about 7 mm below the type area
HEADER_DISTANCE_MM = 15

# Fonts: (name, fallback, English name, PANOSE). The fallback is the face Windows ships.
FANGSONG = "仿宋_GB2312"
KAITI = "楷体_GB2312"
HEITI = "黑体"
SONGTI = "宋体"
TITLE_FONT = "方正小标宋简体"
LATIN = "Times New Roman"
FONT_TABLE = (
    (FANGSONG, "仿宋", "02010609030101010101", "modern", "fixed"),
    (KAITI, "楷体", "02010609030101010101", "modern", "fixed"),
    (TITLE_FONT, "宋体", "02000000000000000000", "auto", "variable"),
    ("仿宋", "FangSong", "02010609060101010101", "modern", "fixed"),
    ("楷体", "KaiTi", "02010609060101010101", "modern", "fixed"),
    (HEITI, "SimHei", "02010609060101010101", "modern", "fixed"),
    (SONGTI, "SimSun", "02010600030101010101", "auto", "variable"),
)

# Sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 五号 10.5 pt.
SIZE_2, SIZE_3, SIZE_4, SIZE_5 = 44, 32, 28, 21
BODY_LINE = 579  # exact line pitch in twips (28.95 pt): 22 lines fill the 225 mm type area
TITLE_LINE = 700  # 35 pt, for a title that runs over two lines
INDENT_2_CHARS = 2 * 320  # two 三号 characters
# Body text condensed by 0.3 pt a character, so that 28 characters fill the 156 mm line as the standard has it
# (28 × 16 pt is 158 mm); in twentieths of a point.
BODY_CONDENSE = -6

FIXED_DATE = datetime(2000, 1, 1, tzinfo=UTC)
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def mm(value: float) -> Twips:
    return Twips(round(value * TWIPS_PER_MM))


def rpr(east_asia: str, size: int, *, latin: str = LATIN, extra: str = "", spacing: int | None = None) -> str:
    fonts = f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}" w:hint="eastAsia"/>'
    condense = "" if spacing is None else f'<w:spacing w:val="{spacing}"/>'
    return f'<w:rPr {nsdecls("w")}>{fonts}{extra}{condense}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'


def ppr(inner: str) -> str:
    return f"<w:pPr {nsdecls('w')}>{inner}</w:pPr>"


def _exact(line: int, before: int = 0, after: int = 0) -> str:
    return f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="exact"/>'


_BODY_INDENT = f'<w:ind w:firstLineChars="200" w:firstLine="{INDENT_2_CHARS}"/>'
_NO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
_SINGLE = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'

# name -> (basedOn, pPr inner xml, rPr xml); pPr children in schema order (spacing, ind, jc). Built-in names
# (Title, Heading 1) keep their Word identity, so Word shows them localised (标题, 标题 1) and in the
# navigation pane; custom styles have Chinese names.
PARAGRAPH_STYLES: dict[str, tuple[str | None, str, str]] = {
    "Normal": (
        None,
        f'<w:widowControl/>{_exact(BODY_LINE)}{_BODY_INDENT}<w:jc w:val="both"/>',
        rpr(FANGSONG, SIZE_3, spacing=BODY_CONDENSE),
    ),
    "Title": (
        "Normal",
        f'<w:keepNext/>{_exact(TITLE_LINE, after=BODY_LINE)}{_NO_INDENT}<w:jc w:val="center"/>',
        rpr(TITLE_FONT, SIZE_2),
    ),
    "Heading 1": (
        "Normal",
        f"<w:keepNext/><w:keepLines/>{_exact(BODY_LINE)}<w:outlineLvl w:val=\"0\"/>",
        rpr(HEITI, SIZE_3, extra="<w:b w:val=\"0\"/><w:bCs w:val=\"0\"/>"),
    ),
    "Heading 2": (
        "Normal",
        f"<w:keepNext/><w:keepLines/>{_exact(BODY_LINE)}<w:outlineLvl w:val=\"1\"/>",
        rpr(KAITI, SIZE_3, extra="<w:b w:val=\"0\"/><w:bCs w:val=\"0\"/>"),
    ),
    "Header": ("Normal", f'{_SINGLE}{_NO_INDENT}<w:jc w:val="center"/>',
               rpr(HEITI, SIZE_4, extra='<w:color w:val="C00000"/>', spacing=0)),
    "Footer": ("Normal", f"{_SINGLE}{_NO_INDENT}", rpr(SONGTI, SIZE_4, latin=SONGTI, spacing=0)),
}  # fmt: skip

CUSTOM_PARAGRAPH_STYLES: dict[str, tuple[str, str, str, str]] = {
    # name: (style id, basedOn, pPr inner, rPr)
    "表格文字": (
        "TableText",
        "Normal",
        f'<w:snapToGrid w:val="0"/>{_SINGLE}{_NO_INDENT}<w:jc w:val="center"/>',
        rpr(FANGSONG, SIZE_5, spacing=0),
    ),
    "草稿提示": (
        "DraftNotice",
        "Normal",
        f'<w:keepNext/>{_exact(BODY_LINE, after=BODY_LINE)}{_NO_INDENT}<w:jc w:val="center"/>',
        rpr(HEITI, SIZE_3, extra='<w:color w:val="C00000"/>'),
    ),
    "校验错误": (
        "CheckError",
        "Normal",
        _exact(BODY_LINE),
        rpr(FANGSONG, SIZE_3, extra='<w:color w:val="C00000"/>'),
    ),
}

CELL_MARGIN = 40  # twips left and right (0.7 mm): 表三 needs its width for the row labels
TABLE_STYLE_NAME = "公文表格"
TABLE_STYLE_ID = "GongwenTable"
_BORDER = 'w:val="single" w:sz="4" w:space="0" w:color="000000"'
TABLE_STYLE_TBLPR = (
    f'<w:tblPr {nsdecls("w")}><w:jc w:val="center"/><w:tblBorders>'
    + "".join(f"<w:{side} {_BORDER}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    + f'</w:tblBorders><w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="{CELL_MARGIN}" w:type="dxa"/>'
    f'<w:bottom w:w="28" w:type="dxa"/><w:right w:w="{CELL_MARGIN}" w:type="dxa"/></w:tblCellMar></w:tblPr>'
)

# Styles of the python-docx default template that only add weight (colourful table styles, and the Word 2010
# copy of the styles part); the reference keeps what a report uses.
_UNUSED_STYLE_PREFIXES = ("Light", "Medium", "Dark", "Colorful")


def _replace_child(parent, tag: str, new) -> None:
    old = parent.find(qn(tag))
    if old is not None:
        parent.remove(old)
    if new is not None:
        parent.append(new)


def _set_style(style, based_on: str | None, ppr_inner: str, rpr_xml: str, styles) -> None:
    element = style.element
    for tag in ("w:basedOn", "w:pPr", "w:rPr"):
        old = element.find(qn(tag))
        if old is not None:
            element.remove(old)
    if based_on is not None:
        style.base_style = styles[based_on]
    # pPr and rPr must follow name/basedOn/next/…/qFormat (CT_Style order); insert before tblPr if any.
    element.insert_element_before(parse_xml(ppr(ppr_inner)), "w:rPr", "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr")
    element.insert_element_before(parse_xml(rpr_xml), "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr")


def _defaults(document) -> None:
    styles_element = document.styles.element
    doc_defaults = styles_element.find(qn("w:docDefaults"))
    rpr_default = doc_defaults.find(qn("w:rPrDefault"))
    fonts = f'<w:rFonts w:ascii="{LATIN}" w:hAnsi="{LATIN}" w:eastAsia="{FANGSONG}" w:cs="{LATIN}"/>'
    lang = '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
    size = f'<w:kern w:val="2"/><w:sz w:val="{SIZE_3}"/><w:szCs w:val="{SIZE_3}"/>'
    _replace_child(rpr_default, "w:rPr", parse_xml(f"<w:rPr {nsdecls('w')}>{fonts}{size}{lang}</w:rPr>"))
    ppr_default = doc_defaults.find(qn("w:pPrDefault"))
    _replace_child(ppr_default, "w:pPr", parse_xml(ppr('<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>')))


def _styles(document) -> None:
    styles = document.styles
    styles_element = styles.element
    for style in list(styles_element.findall(qn("w:style"))):
        if style.get(qn("w:styleId")).startswith(_UNUSED_STYLE_PREFIXES):
            styles_element.remove(style)
    for name, (based_on, ppr_inner, rpr_xml) in PARAGRAPH_STYLES.items():
        _set_style(styles[name], based_on, ppr_inner, rpr_xml, styles)
    # The linked character styles (标题 1 Char …) of the default template name theme fonts and colours.
    for style in styles_element.findall(qn("w:style")):
        if style.get(qn("w:type")) == "character" and style.get(qn("w:styleId")).endswith("Char"):
            _replace_child(style, "w:rPr", None)
    for name, (style_id, based_on, ppr_inner, rpr_xml) in CUSTOM_PARAGRAPH_STYLES.items():
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = style_id
        style.quick_style = True
        _set_style(style, based_on, ppr_inner, rpr_xml, styles)
    table_style = styles.add_style(TABLE_STYLE_NAME, WD_STYLE_TYPE.TABLE)
    table_style.style_id = TABLE_STYLE_ID
    table_style.base_style = styles["Normal Table"]
    table_style.element.append(parse_xml(TABLE_STYLE_TBLPR))


def _font_table(document) -> None:
    """The East Asian faces with their fallbacks; the Japanese faces of the default template go."""
    part = document.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
    )
    fonts = parse_xml(part.blob)
    for font in list(fonts.findall(qn("w:font"))):
        if font.find(qn("w:charset")).get(qn("w:val")) == "80":  # SHIFTJIS: ＭＳ 明朝, ＭＳ ゴシック
            fonts.remove(font)
    for name, alt, panose, family, pitch in FONT_TABLE:
        fonts.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/><w:panose1 w:val="{panose}"/>'
                f'<w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'
            )
        )
    part._blob = serialize_part_xml(fonts)  # a plain Part: python-docx keeps its bytes as loaded


def _settings(document) -> None:
    settings = document.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    lang.set(qn("w:eastAsia"), "zh-CN")
    document.settings.odd_and_even_pages_header_footer = True


def _page_number(paragraph) -> None:
    """— PAGE — with the number as a field, so Word and LibreOffice number every page."""

    def run(inner: str):
        element = parse_xml(f"<w:r {nsdecls('w')}>{inner}</w:r>")
        paragraph._p.append(element)

    run('<w:t xml:space="preserve">— </w:t>')
    run('<w:fldChar w:fldCharType="begin"/>')
    run('<w:instrText xml:space="preserve"> PAGE </w:instrText>')
    run('<w:fldChar w:fldCharType="separate"/>')
    run("<w:t>1</w:t>")
    run('<w:fldChar w:fldCharType="end"/>')
    run('<w:t xml:space="preserve"> —</w:t>')


def _page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Twips(PAGE_WIDTH), Twips(PAGE_HEIGHT)
    section.top_margin = mm(MARGINS_MM["top"])
    section.bottom_margin = mm(MARGINS_MM["bottom"])
    section.left_margin = mm(MARGINS_MM["left"])
    section.right_margin = mm(MARGINS_MM["right"])
    section.header_distance = mm(HEADER_DISTANCE_MM)
    section.footer_distance = mm(FOOTER_DISTANCE_MM)
    section.gutter = Twips(0)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is not None:
        section._sectPr.remove(grid)
    # GB/T 9704 §7.5: odd pages right, even pages left, each one character in from the edge.
    one_char = SIZE_4 * 10  # 四号, in twips
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = document.styles["Footer"]
        paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:ind {nsdecls("w")} w:{side}="{one_char}"/>'))
        paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:jc {nsdecls("w")} w:val="{side}"/>'))
        _page_number(paragraph)


def _package(document) -> None:
    """Fixed core properties; no thumbnail, no Word 2010 styles copy, no custom XML."""
    package = document.part.package
    for rId, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rId]
    for rId, rel in list(document.part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            del document.part.rels[rId]
    core = document.core_properties
    core.author = core.last_modified_by = "report-assistant"
    core.title = "政府信息公开工作年度报告"
    core.comments = ""
    core.revision = 1
    core.created = core.modified = FIXED_DATE.replace(tzinfo=None)


def normalised_zip(data: bytes) -> bytes:
    """The same package with fixed entry dates and attributes, stored uncompressed.

    Stored, not deflated: deflate output differs between zlib builds, and the file must be the same bytes on
    every machine.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.create_system = 0
            entry.external_attr = 0
            entry.compress_type = zipfile.ZIP_STORED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def build() -> bytes:
    document = docx.Document()
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _defaults(document)
    _styles(document)
    _font_table(document)
    _settings(document)
    _page(document)
    _package(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalised_zip(buffer.getvalue())


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else TARGET
    data = build()
    target.write_bytes(data)
    print(f"{target}（{len(data)} 字节）")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

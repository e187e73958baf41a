"""Word documents in the official layout of GB/T 9704 (党政机关公文格式); no domain imports.

A4 paper with the standard margins (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm), a red
issuer mark (红头) over a red rule, the title in 方正小标宋简体 2号 (黑体 where that font is
missing), the body in 仿宋_GB2312 3号 and headings in 黑体 3号 on a fixed 28.95 pt line (22
lines a page), and page numbers "— 1 —" in 宋体 4号: odd pages on the right, even pages on the
left, one character in from the edge.

Chinese text is drawn with a run's East Asian font, which Word reads from `w:eastAsia` and
not from the font name python-docx sets: every run here sets both.
"""

import io
from collections.abc import Iterable

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

FONT_TITLE = "方正小标宋简体"
FONT_TITLE_FALLBACK = "黑体"
FONT_BODY = "仿宋_GB2312"
FONT_BODY_FALLBACK = "仿宋"
FONT_HEADING = "黑体"
FONT_PAGE_NUMBER = "宋体"

SIZE_ISSUER = Pt(30)
SIZE_TITLE = Pt(22)  # 2号
SIZE_BODY = Pt(16)  # 3号
SIZE_PAGE_NUMBER = Pt(14)  # 4号

# 22 lines on the 225 mm type area: 28.95 pt, fixed.
LINE_SPACING = Pt(28.95)
# Two characters of 3号 text: the first-line indent of body paragraphs.
BODY_INDENT = Pt(32)
RED = RGBColor(0xFF, 0x00, 0x00)

MARGIN_TOP = Mm(37)
MARGIN_BOTTOM = Mm(35)
MARGIN_LEFT = Mm(28)
MARGIN_RIGHT = Mm(26)
FOOTER_DISTANCE = Mm(21)

# Substitutes Word uses when a computer lacks a font (declared in the font table).
FONT_FALLBACKS = {FONT_TITLE: FONT_TITLE_FALLBACK, FONT_BODY: FONT_BODY_FALLBACK}

_THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_run_font(run: Run, font: str, size: Length, *, bold: bool = False) -> Run:
    """`run` in `font` for Latin and East Asian text alike, at `size`."""
    run.font.name = font
    run.font.size = size
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), font)
    return run


class OfficialDocument:
    """One document in the official layout; add blocks top to bottom, then `to_bytes()`."""

    def __init__(self) -> None:
        self.document = Document()
        self._page_setup()
        self._default_fonts()
        self._declare_fallbacks()
        self._page_numbers()

    # --- setup ------------------------------------------------------------------------

    def _page_setup(self) -> None:
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width = Mm(210)
        section.page_height = Mm(297)
        section.top_margin = MARGIN_TOP
        section.bottom_margin = MARGIN_BOTTOM
        section.left_margin = MARGIN_LEFT
        section.right_margin = MARGIN_RIGHT
        section.footer_distance = FOOTER_DISTANCE

    def _default_fonts(self) -> None:
        # The template's defaults name theme fonts, which win over explicit font names in
        # Word: drop them so 仿宋_GB2312 is what unstyled text inherits.
        styles = self.document.styles.element
        for fonts in styles.iter(qn("w:rFonts")):
            for attribute in _THEME_ATTRIBUTES:
                fonts.attrib.pop(qn(attribute), None)
        for language in styles.iter(qn("w:lang")):
            language.set(qn("w:eastAsia"), "zh-CN")
        normal = self.document.styles["Normal"]
        normal.font.name = FONT_BODY
        normal.font.size = SIZE_BODY
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT_BODY)

    def _declare_fallbacks(self) -> None:
        # Word substitutes a missing font by the font table's `altName`; python-docx keeps
        # that part as plain bytes, so the entries are added to its XML directly.
        for part in self.document.part.package.parts:
            if str(part.partname) != "/word/fontTable.xml":
                continue
            table = parse_xml(part.blob)
            for name, fallback in FONT_FALLBACKS.items():
                font = OxmlElement("w:font")
                font.set(qn("w:name"), name)
                alt = OxmlElement("w:altName")
                alt.set(qn("w:val"), fallback)
                font.append(alt)
                charset = OxmlElement("w:charset")
                charset.set(qn("w:val"), "86")  # GB2312
                font.append(charset)
                table.append(font)
            part._blob = etree.tostring(  # no public setter on a plain part
                table, xml_declaration=True, encoding="UTF-8", standalone=True
            )

    def _page_numbers(self) -> None:
        self.document.settings.odd_and_even_pages_header_footer = True
        section = self.document.sections[0]
        self._page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
        self._page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)

    @staticmethod
    def _page_number(paragraph: Paragraph, alignment: WD_ALIGN_PARAGRAPH) -> None:
        paragraph.alignment = alignment
        if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = SIZE_PAGE_NUMBER
        else:
            paragraph.paragraph_format.left_indent = SIZE_PAGE_NUMBER
        set_run_font(paragraph.add_run("— "), FONT_PAGE_NUMBER, SIZE_PAGE_NUMBER)
        run = set_run_font(paragraph.add_run(), FONT_PAGE_NUMBER, SIZE_PAGE_NUMBER)
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1")):
            if kind is not None:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            elif text == "1":
                element = OxmlElement("w:t")
                element.text = text
            else:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            run._element.append(element)
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        run._element.append(end)
        set_run_font(paragraph.add_run(" —"), FONT_PAGE_NUMBER, SIZE_PAGE_NUMBER)

    # --- blocks -----------------------------------------------------------------------

    def _paragraph(
        self,
        alignment: WD_ALIGN_PARAGRAPH | None = None,
        *,
        indent: Length | None = None,
        fixed: bool = True,
    ) -> Paragraph:
        paragraph = self.document.add_paragraph()
        fmt = paragraph.paragraph_format
        if alignment is not None:
            paragraph.alignment = alignment
        if fixed:
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = LINE_SPACING
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        if indent is not None:
            fmt.first_line_indent = indent
        return paragraph

    def issuer_mark(self, text: str) -> Paragraph:
        """The red issuer mark (发文机关标志) at the top of the first page."""
        paragraph = self._paragraph(WD_ALIGN_PARAGRAPH.CENTER, fixed=False)
        paragraph.paragraph_format.space_after = Pt(12)
        run = set_run_font(paragraph.add_run(text), FONT_TITLE, SIZE_ISSUER)
        run.font.color.rgb = RED
        return paragraph

    def document_number(self, text: str, *, right: str = "") -> Paragraph:
        """The number line (督办〔2021〕第3号) closed by the red rule under the header.

        With `right`, the number sits on the left and `right` (e.g. issuer and date) on the
        right, as bulletins print them."""
        paragraph = self._paragraph(WD_ALIGN_PARAGRAPH.CENTER if not right else None)
        paragraph.paragraph_format.space_after = Pt(6)
        if right:
            paragraph.paragraph_format.tab_stops.add_tab_stop(
                Mm(210 - 28 - 26), alignment=WD_TAB_ALIGNMENT.RIGHT
            )
            set_run_font(paragraph.add_run(f"{text}\t{right}"), FONT_BODY, SIZE_BODY)
        else:
            set_run_font(paragraph.add_run(text), FONT_BODY, SIZE_BODY)
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "4")):
            bottom.set(qn(key), value)
        bottom.set(qn("w:color"), "FF0000")
        borders.append(bottom)
        paragraph._p.get_or_add_pPr().append(borders)
        return paragraph

    def title(self, text: str) -> Paragraph:
        """The document title: 方正小标宋简体 2号, centred, with a blank line above."""
        self.blank_line()
        paragraph = self._paragraph(WD_ALIGN_PARAGRAPH.CENTER)
        set_run_font(paragraph.add_run(text), FONT_TITLE, SIZE_TITLE)
        self.blank_line()
        return paragraph

    def heading(self, text: str) -> Paragraph:
        """A first-level heading (一、…): 黑体 3号, indented two characters."""
        paragraph = self._paragraph(indent=BODY_INDENT)
        set_run_font(paragraph.add_run(text), FONT_HEADING, SIZE_BODY)
        return paragraph

    def paragraph(self, text: str, *, lead: str = "", indent: bool = True) -> Paragraph:
        """A body paragraph in 仿宋_GB2312 3号; `lead` is printed before it in 黑体."""
        paragraph = self._paragraph(indent=BODY_INDENT if indent else None)
        if lead:
            set_run_font(paragraph.add_run(lead), FONT_HEADING, SIZE_BODY)
        set_run_font(paragraph.add_run(text), FONT_BODY, SIZE_BODY)
        return paragraph

    def paragraphs(self, texts: Iterable[str], *, lead: str = "") -> list[Paragraph]:
        """Several body paragraphs; `lead` goes before the first one only."""
        added = []
        for index, text in enumerate(texts):
            added.append(self.paragraph(text, lead=lead if index == 0 else ""))
        return added

    def signature(self, issuer: str, date_text: str) -> list[Paragraph]:
        """The issuer and the date (成文日期) at the end, right-aligned four characters in."""
        self.blank_line()
        added = []
        for text in (issuer, date_text):
            paragraph = self._paragraph(WD_ALIGN_PARAGRAPH.RIGHT)
            paragraph.paragraph_format.right_indent = BODY_INDENT * 2
            set_run_font(paragraph.add_run(text), FONT_BODY, SIZE_BODY)
            added.append(paragraph)
        return added

    def blank_line(self) -> Paragraph:
        paragraph = self._paragraph()
        set_run_font(paragraph.add_run(""), FONT_BODY, SIZE_BODY)
        return paragraph

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def chinese_date(year: int, month: int, day: int) -> str:
    """成文日期 as GB/T 9704-2012 prints it: 2021年10月8日 (Arabic numerals, no padding)."""
    return f"{year}年{month}月{day}日"


__all__ = [
    "FONT_BODY",
    "FONT_HEADING",
    "FONT_TITLE",
    "OfficialDocument",
    "chinese_date",
    "set_run_font",
]

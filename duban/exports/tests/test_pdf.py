"""The public table as PDF: selectable Chinese text in an embedded CJK font, no missing glyph,
A4 landscape, the header on every page, page numbers; the command and the public download."""

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from duban.exports.renderers import CONTENT_TYPES, EXTENSIONS, RENDERERS, pdf
from duban.exports.table import COLUMNS, PrintedRow, PrintedTable
from duban.publishing.selectors import printed_table

pytestmark = pytest.mark.django_db

TITLE = "2021年嘉兴市政府工作报告重点工作及政府绩效考核执行情况(上半年)"
_RENDERED: dict[str, bytes] = {}


@pytest.fixture
def seed_table(seed_publication) -> PrintedTable:
    return printed_table(publication=seed_publication)


@pytest.fixture
def seed_pdf(seed_table) -> bytes:
    """The seed as PDF, laid out once for the whole module (the table is the same each time)."""
    if "seed" not in _RENDERED:
        _RENDERED["seed"] = pdf.build_pdf(seed_table)
    return _RENDERED["seed"]


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def base_fonts(data: bytes) -> set[str]:
    fonts = set()
    pages: list[Any] = list(PdfReader(io.BytesIO(data)).pages)
    for page in pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


def squeeze(text: str) -> str:
    """Text without the line breaks and spaces the layout puts in."""
    return "".join(text.split())


def test_registered_as_a_renderer():
    assert RENDERERS["pdf"] is pdf.render_pdf
    assert CONTENT_TYPES["pdf"] == "application/pdf"
    assert EXTENSIONS["pdf"] == "pdf"


def test_text_is_selectable_with_title_meta_and_tasks(seed_pdf, seed_table):
    text = squeeze("".join(pages_text(seed_pdf)))
    assert squeeze(TITLE) in text
    assert "发布日期:2021-09-0817:17" in text
    assert "信息来源:市政府办公室" in text
    assert squeeze(seed_table.rows[0].task) in text
    assert squeeze(seed_table.rows[-1].task) in text
    assert "年内计划完成投资290亿元,1-6月完成投资110.95亿元" in text


def test_embedded_font_is_a_cjk_font(seed_pdf):
    fonts = base_fonts(seed_pdf)
    assert fonts
    assert all("WenQuanYi" in name for name in fonts), fonts
    first: Any = PdfReader(io.BytesIO(seed_pdf)).pages[0]
    font = next(iter(first["/Resources"]["/Font"].values())).get_object()
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    assert "/FontFile2" in descriptor  # embedded, not merely named


def test_no_missing_glyph_for_any_seed_character(seed_pdf, seed_table):
    characters = set(squeeze(pdf._text_of(seed_table)))
    source = pdf.font_file()
    assert source is not None
    cmap = TTFont(io.BytesIO(pdf.subset_font("".join(characters), source))).getBestCmap()
    assert sorted(c for c in characters if ord(c) not in cmap) == []  # no .notdef box
    extracted = "".join(pages_text(seed_pdf))
    assert "\ufffd" not in extracted
    assert characters <= set(extracted)


def test_a4_landscape_with_the_header_and_page_numbers_on_every_page(seed_pdf):
    reader = PdfReader(io.BytesIO(seed_pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    texts = pages_text(seed_pdf)
    assert len(texts) > 5
    header = squeeze(" ".join(COLUMNS))
    for number, text in enumerate(texts, start=1):
        assert header in squeeze(text), f"page {number} lacks the header row"
        assert f"第{number}页共{len(texts)}页" in squeeze(text)


def test_seed_pdf_is_small(seed_pdf):
    # The whole font would be 9 MB; the subset keeps the file small. (How long rendering takes
    # is a figure `make bench` prints, not a test: a busy machine would make it flaky.)
    assert len(seed_pdf) < 1_000_000


def test_a_row_taller_than_a_page_still_breaks_across_pages():
    long = "\n".join(f"{n}.第{n}段进展情况,内容较长需要换页。" for n in range(1, 160))
    table = PrintedTable(
        title="测试表",
        rows=[PrintedRow("1", "长任务", long, "市发展改革委", ["市发展改革委"], "", "按时推进")],
    )
    texts = pages_text(pdf.build_pdf(table))
    assert len(texts) > 1
    assert "159.第159段进展情况" in squeeze("".join(texts))


def test_without_a_font_file_the_font_chain_applies(monkeypatch):
    monkeypatch.setattr(pdf, "FONT_FILES", (pdf.FontFile(Path("/nonexistent.ttc"), 0, "X"),))
    pdf.font_file.cache_clear()
    try:
        table = PrintedTable(title="嘉兴市进展情况", rows=[])
        html = pdf._html(table)
        assert "@font-face" not in html
        assert 'font-family: "WenQuanYi Zen Hei", "Noto Sans CJK SC", sans-serif;' in html
        assert "嘉兴市进展情况" in squeeze("".join(pages_text(pdf.build_pdf(table))))
    finally:
        pdf.font_file.cache_clear()


def test_render_is_cached_by_content(monkeypatch):
    calls: list[str] = []

    def build(table: PrintedTable) -> bytes:
        calls.append(table.title)
        return b"%PDF-x"

    monkeypatch.setattr(pdf, "build_pdf", build)
    first = PrintedTable(title="甲表", rows=[])
    assert pdf.render_pdf(first) == b"%PDF-x"
    assert pdf.render_pdf(PrintedTable(title="甲表", rows=[])) == b"%PDF-x"
    pdf.render_pdf(PrintedTable(title="乙表", rows=[]))
    assert calls == ["甲表", "乙表"]


def test_no_url_but_the_embedded_font_is_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密", "utf-8")
    fetcher_row = PrintedRow("1", f'<img src="file://{secret}">', "", "", [], "", "")
    data = pdf.build_pdf(PrintedTable(title="表", rows=[fetcher_row]))
    text = squeeze("".join(pages_text(data)))
    assert "机密" not in text
    assert "<img" in text  # escaped, printed as text


def test_export_table_command_writes_pdf(seed_period, tmp_path):
    out = tmp_path / "table.pdf"
    call_command(
        "export_table",
        "--year",
        "2021",
        "--period",
        "上半年",
        "--format",
        "pdf",
        "--output",
        str(out),
    )
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    assert squeeze(TITLE) in squeeze(pages_text(data)[0])


def test_public_page_offers_pdf_and_serves_it(client, seed_publication, seed_pdf):
    page = client.get(reverse("publishing:publication_detail", args=[seed_publication.pk]))
    url = reverse("publishing:publication_download", args=[seed_publication.pk, "pdf"])
    assert f'href="{url}"' in page.content.decode()
    assert "PDF 文件(pdf)" in page.content.decode()
    response = client.get(url, {"status": "部分滞后"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="publication-{seed_publication.pk}-v1.pdf"' in response["Content-Disposition"]
    text = squeeze("".join(pages_text(response.content)))
    assert text.count("部分滞后") == 3

"""The table as a PDF: A4 landscape, the five columns, the header repeated on every page,
page numbers, and Chinese text that can be selected and searched.

WeasyPrint lays out an HTML template. The CJK font is the delicate part:

- HarfBuzz 6 (Debian 12) fails to subset WenQuanYi Zen Hei once a document uses more than
  about 900 of its glyphs — the seed table uses about 1,200 — and WeasyPrint then embeds the
  whole 9 MB font. So the renderer subsets the font itself with fontTools (about 0.3 s) to the
  characters the document contains and hands WeasyPrint that small font through `@font-face`
  under its own family name (WeasyPrint would otherwise pick the installed font of the same
  name). The PDF then carries a ~300 KB font instead of 9 MB.
- Characters the subset lacks (none in the seed) fall through the usual chain:
  "WenQuanYi Zen Hei", "Noto Sans CJK SC", sans-serif.
- When no font file is found, the chain alone applies (WeasyPrint finds fonts by name).

A published table never changes, so the bytes are cached by a digest of the HTML: the public
download of a 100-row table costs the layout once, not once per visitor.
"""

import base64
import functools
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache
from django.template.loader import render_to_string

from duban.exports.table import COLUMNS, PrintedTable


@dataclass(frozen=True)
class FontFile:
    """A CJK font to embed: its file, its face inside a collection, and the family name the
    embedded subset goes by (distinct from the installed font's, so it is the one used)."""

    path: Path
    index: int
    family: str


# First found wins.
FONT_FILES: tuple[FontFile, ...] = (
    FontFile(Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"), 0, "WenQuanYi Zen Hei Embedded"),
    FontFile(
        Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
        2,  # the collection's Simplified Chinese face
        "Noto Sans CJK SC Embedded",
    ),
)
# Also in the page-number footer, which the table text does not contain.
ALWAYS_INCLUDED = "0123456789第页共 -—()()"
CACHE_SECONDS = 24 * 60 * 60
# Bumped when the layout changes, so cached PDFs of the old layout are not served.
LAYOUT_VERSION = "1"


@functools.cache
def font_file() -> FontFile | None:
    """The CJK font file to embed, if one is installed."""
    return next((font for font in FONT_FILES if font.path.is_file()), None)


def subset_font(text: str, source: FontFile) -> bytes:
    """`source` cut down to the glyphs `text` needs, as font file bytes."""
    # Imported here, as WeasyPrint below: every process loads the renderers, few make PDFs.
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(source.path), fontNumber=source.index, lazy=True)
    options = subset.Options()
    # Bitmap strikes, vertical metrics and OpenType layout add size and nothing WeasyPrint
    # uses for horizontal Chinese text; hinting is irrelevant to print.
    options.drop_tables += ["BDF ", "EBDT", "EBLC", "EBSC", "vhea", "vmtx", "GSUB", "GPOS"]
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text + ALWAYS_INCLUDED)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _html(table: PrintedTable, family: str = "", font: bytes = b"") -> str:
    return render_to_string(
        "exports/table_pdf.html",
        {
            "table": table,
            "columns": COLUMNS,
            "embedded_family": family if font else "",
            "font_url": "data:font/sfnt;base64," + base64.b64encode(font).decode("ascii"),
        },
    )


def _text_of(table: PrintedTable) -> str:
    """Every character the page can show: the subset needs exactly these."""
    parts = [table.title, table.column, table.published_at, table.source, table.correction_note]
    parts += [*COLUMNS, "发布日期:", "信息来源:", "更正说明:", "【】"]
    for row in table.rows:
        parts += [row.seq, row.task, row.progress, row.departments_text, row.status_label]
    return "".join(parts)


def build_pdf(table: PrintedTable) -> bytes:
    """Lay the table out as PDF bytes (no cache)."""
    import weasyprint

    source = font_file()
    if source is None:
        html = _html(table)
    else:
        html = _html(table, source.family, subset_font(_text_of(table), source))
    # Only the embedded font (a data: URL) may be fetched: table text is escaped by the
    # template, and this keeps any URL that slipped in from reading files or the network.
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})
    return bytes(weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf())


def render_pdf(table: PrintedTable) -> bytes:
    """The table as PDF bytes, from the cache when this exact table was rendered before."""
    digest = hashlib.sha256(
        (LAYOUT_VERSION + _html(table)).encode("utf-8"), usedforsecurity=False
    ).hexdigest()
    key = f"exports:pdf:{digest}"
    cached = cache.get(key)
    if isinstance(cached, bytes):
        return cached
    data = build_pdf(table)
    cache.set(key, data, CACHE_SECONDS)
    return data

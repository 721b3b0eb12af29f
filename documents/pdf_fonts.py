"""The fonts the PDF renderers print with: Noto faces shipped in ``documents/fonts``.

fpdf2's built-in core fonts know only Windows-1252, so Thai and Chinese came out
as "?". Instead every PDF registers the shipped Unicode faces, with Noto Sans as
the main face and Thai, Chinese and emoji faces as fallbacks that fpdf2 picks
per character. HarfBuzz text shaping (``uharfbuzz``) is on, because Thai stacks
vowel and tone marks above one consonant and only a shaper places them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.output import OutputProducer

FONT = "NotoSans"
"""The main family; set it with ``pdf.set_font(FONT, style, size)``."""

_FONT_DIR = Path(str(files("documents") / "fonts"))
_FACES: tuple[tuple[str, str, str], ...] = (
    (FONT, "", "NotoSans-Regular.ttf"),
    (FONT, "B", "NotoSans-Bold.ttf"),
    ("NotoSansThai", "", "NotoSansThai-Regular.ttf"),
    ("NotoSansThai", "B", "NotoSansThai-Bold.ttf"),
    ("DealDeskSansSC", "", "DealDeskSansSC-Regular.otf"),
    ("NotoEmoji", "", "NotoEmoji-Regular.ttf"),
)
_FALLBACKS = ("NotoSansThai", "DealDeskSansSC", "NotoEmoji")
REPLACEMENT = "\ufffd"
"""Printed for a character no shipped face has (Noto Sans draws it)."""


class DocumentPdf(FPDF):
    """An A4 FPDF with the shipped faces, fallbacks and text shaping registered.

    fpdf2 2.8 switches to a fallback face (Thai, Chinese) inside a text object
    and then assumes the main face is still the page's font, so text drawn
    next in the main face used the fallback face's glyph codes ("99" printed as
    "TT"). Forgetting the page font after each drawn line makes fpdf2 set it
    again before the next one; it costs one font operator per line.
    """

    def __init__(self, *, shaping: bool = True) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        use_document_fonts(self, shaping=shaping)

    def _render_styled_text_line(self, *args: Any, **kwargs: Any) -> Any:
        # fpdf2's one drawing routine for every line of cell(), multi_cell() and
        # table cells; overriding it is the only place that covers wrapped lines.
        try:
            return super()._render_styled_text_line(*args, **kwargs)
        finally:
            self.current_font_is_set_on_page = False


def font_path(name: str) -> Path:
    """Where a shipped font file lives (tests and tools read it)."""
    return _FONT_DIR / name


def use_document_fonts(pdf: FPDF, *, shaping: bool = True) -> None:
    """Register the shipped faces on ``pdf``, with fallbacks and text shaping.

    ``exact_match=False`` lets bold text fall back to a regular face (the
    Chinese and emoji faces have no bold) instead of printing nothing.
    """
    for family, style, filename in _FACES:
        pdf.add_font(family, style, str(_FONT_DIR / filename))
    pdf.set_fallback_fonts(list(_FALLBACKS), exact_match=False)
    pdf.set_text_shaping(shaping)


def needs_shaping(texts: Iterable[str]) -> bool:
    """Whether any text has combining marks (Thai vowels and tone marks are).

    Shaping makes rendering about three times slower, and Latin, Chinese and
    emoji print correctly without it, so a document turns it on only when a
    mark needs placing.
    """
    return any(
        unicodedata.category(char) in ("Mn", "Mc") for text in texts for char in text
    )


ZERO_WIDTH_SPACE = 0x200B


def pdf_bytes(pdf: FPDF) -> bytes:
    """The finished ``pdf``, with every drawn glyph mapped back to text.

    When HarfBuzz turns one character into two glyphs (Thai SARA AM "ำ" becomes
    NIKHAHIT + SARA AA), fpdf2 maps the whole character to the first glyph and
    leaves the second unmapped, so text extraction and copy-paste show a stray
    control character there. Mapping such glyphs to a zero-width space keeps the
    extracted text what was written (the space is invisible). The fix runs in
    the output producer, after the footers and page numbers are drawn, when
    the list of glyphs is final.
    """
    return bytes(pdf.output(output_producer_class=_TextMappedOutputProducer))


class _TextMappedOutputProducer(OutputProducer):
    def bufferize(self) -> bytearray:
        for font in self.fpdf.fonts.values():
            subset = getattr(font, "subset", None)
            if subset is None:
                continue
            for glyph, _code in subset.items():
                if glyph is not None and glyph.unicode == ():
                    glyph.unicode = (ZERO_WIDTH_SPACE,)
        return super().bufferize()


@cache
def printable_characters() -> frozenset[int]:
    """Every code point at least one shipped face has a glyph for."""
    covered: set[int] = set()
    for _family, _style, filename in _FACES:
        font = TTFont(_FONT_DIR / filename, lazy=True)
        try:
            covered.update(font.getBestCmap())
        finally:
            font.close()
    return frozenset(covered)


__all__ = ["DocumentPdf", "FONT", "REPLACEMENT", "font_path", "needs_shaping", "pdf_bytes", "printable_characters", "use_document_fonts"]

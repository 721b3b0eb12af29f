"""The fonts the PDF renderers print with: Noto faces shipped in ``documents/fonts``.

fpdf2's built-in core fonts know only Windows-1252, so Thai and Chinese came out
as "?". Instead each PDF registers the shipped Unicode faces: Noto Sans as the
main face, and the Thai, Chinese and emoji faces as fallbacks that fpdf2 picks
per character. Only the fallbacks a document's text needs are registered (fpdf2
parses and embeds every registered face, which would cost a Latin-only quote
seconds and tens of KiB). HarfBuzz text shaping (``uharfbuzz``) is turned on
when the text has combining marks: Thai stacks vowel and tone marks above one
consonant, and only a shaper places them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class Family:
    name: str
    files: tuple[tuple[str, str], ...]
    """(style, file name): "" regular, "B" bold."""


MAIN = Family(FONT, (("", "NotoSans-Regular.ttf"), ("B", "NotoSans-Bold.ttf")))
FALLBACKS = (
    Family("NotoSansThai", (("", "NotoSansThai-Regular.ttf"), ("B", "NotoSansThai-Bold.ttf"))),
    Family("DealDeskSansSC", (("", "DealDeskSansSC-Regular.otf"),)),
    Family("NotoEmoji", (("", "NotoEmoji-Regular.ttf"),)),
)
"""In order of preference; the Chinese and emoji faces have no bold."""
REPLACEMENT = "\ufffd"
"""Printed for a character no shipped face has (Noto Sans draws it)."""
ZERO_WIDTH_SPACE = 0x200B


@cache
def _characters(filename: str) -> frozenset[int]:
    font = TTFont(_FONT_DIR / filename, lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


def _family_characters(family: Family) -> frozenset[int]:
    return _characters(family.files[0][1])


@cache
def printable_characters() -> frozenset[int]:
    """Every code point at least one shipped face has a glyph for."""
    covered: set[int] = set()
    for family in (MAIN, *FALLBACKS):
        covered |= _family_characters(family)
    return frozenset(covered)


def fallbacks_for(texts: Iterable[str]) -> tuple[Family, ...]:
    """The fallback families that draw a character of ``texts`` Noto Sans lacks."""
    main = _family_characters(MAIN)
    missing = {ord(char) for text in texts for char in text} - main
    needed = []
    for family in FALLBACKS:
        if missing & _family_characters(family):
            needed.append(family)
            missing -= _family_characters(family)
    return tuple(needed)


def needs_shaping(texts: Iterable[str]) -> bool:
    """Whether any text has combining marks (Thai vowels and tone marks are).

    Latin (in NFC), Chinese and emoji print correctly without shaping, which
    makes rendering several times slower, so a document only asks for it when
    a mark needs placing.
    """
    return any(unicodedata.category(char) in ("Mn", "Mc") for text in texts for char in text)


class DocumentPdf(FPDF):
    """An A4 FPDF with the faces ``texts`` need, their fallbacks and, if needed, shaping.

    ``texts`` are the strings the document will print (already through
    ``pdf_safe_text`` or not: only their characters matter).

    fpdf2 2.8 switches to a fallback face (Thai, Chinese) inside a text object
    and then assumes the main face is still the page's font, so text drawn
    next in the main face used the fallback face's glyph codes ("99" printed as
    "TT"). Forgetting the page font after each drawn line makes fpdf2 set it
    again before the next one; it costs one font operator per line.
    """

    def __init__(self, texts: Iterable[str] = ()) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        texts = tuple(texts)
        fallbacks = fallbacks_for(texts)
        for family in (MAIN, *fallbacks):
            for style, filename in family.files:
                self.add_font(family.name, style, str(_FONT_DIR / filename))
        if fallbacks:
            # exact_match=False: bold text falls back to a regular-only face.
            self.set_fallback_fonts([family.name for family in fallbacks], exact_match=False)
        self.set_text_shaping(needs_shaping(texts))

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


__all__ = [
    "FONT",
    "REPLACEMENT",
    "DocumentPdf",
    "fallbacks_for",
    "font_path",
    "needs_shaping",
    "pdf_bytes",
    "printable_characters",
]

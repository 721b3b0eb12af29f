"""Text the PDF's core fonts can print: Windows-1252, reached without ever failing.

fpdf2's 14 built-in fonts need no font file (nothing to ship, nothing a fresh
machine lacks) and are written with /WinAnsiEncoding, so "€", "—", "…" and
curly quotes print as themselves. Everything else (emoji, CJK, stray control
characters) must be transliterated or replaced *before* fpdf2 sees it, because
fpdf2 raises on a character its font cannot encode, and a customer's product
name must never make a quote unprintable.
"""

from __future__ import annotations

import unicodedata

PDF_ENCODING = "cp1252"
"""The core fonts' encoding (/WinAnsiEncoding is Windows-1252)."""

_FALLBACKS = {
    "\u2212": "-",  # minus sign, as some locales format negative amounts
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2015": "-",
    "\u2043": "-",
    "\u2032": "'",
    "\u2033": '"',
    "\u202f": " ",  # narrow no-break space (French number grouping)
    "\u2009": " ",
    "\u2007": " ",
    "\u2028": "\n",
    "\u2029": "\n",
}
_SKIN_TONES = frozenset(map(chr, range(0x1F3FB, 0x1F400)))


def pdf_safe_text(text: str) -> str:
    """``text`` reduced to what the core fonts can print, never raising.

    Per character: keep it if Windows-1252 has it; else use a known stand-in;
    else its compatibility decomposition stripped to ASCII ("ā" → "a",
    "ﬁ" → "fi"); else "?". Control and format characters are dropped (tabs
    become spaces) so stray bytes from a paste cannot corrupt the layout.
    """
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if char == "\n":
            out.append(char)
            continue
        if char == "\t":
            out.append(" ")
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Cs"):
            continue
        try:
            char.encode(PDF_ENCODING)
        except UnicodeEncodeError:
            pass
        else:
            out.append(char)
            continue
        if char in _FALLBACKS:
            out.append(_FALLBACKS[char])
        elif category.startswith("M") or category == "Co" or char in _SKIN_TONES:
            continue  # combining marks, variation selectors, private use, emoji modifiers
        else:
            ascii_form = (
                unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            )
            out.append(ascii_form or "?")
    return "".join(out)

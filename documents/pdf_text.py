"""Text the PDF fonts can print, reached without ever failing or corrupting a line.

The PDFs print with the Noto faces in ``documents/fonts`` (see
``documents.pdf_fonts``): Latin, Thai, Chinese, kana and emoji print as written.
What is left is cleaning: control and format characters from a paste are
dropped, and a character no shipped face has becomes U+FFFD "�", so one odd
character marks its own place and never turns the rest of the text into "?".
"""

from __future__ import annotations

import unicodedata

from documents.pdf_fonts import REPLACEMENT, printable_characters

_STAND_INS = {
    "\u2028": "\n",  # line and paragraph separators are line breaks
    "\u2029": "\n",
}
_SKIN_TONES = frozenset(map(chr, range(0x1F3FB, 0x1F400)))
"""Emoji modifiers: the emoji face is monochrome, so they would print as stray swatches."""


def pdf_safe_text(text: str) -> str:
    """``text`` reduced to what the shipped fonts can print, never raising.

    Per character (after NFC): keep newlines, turn tabs into spaces, drop
    control, format and surrogate characters (zero-width joiners, BOMs, bidi
    controls, NUL) and emoji skin-tone modifiers; keep anything a shipped face
    draws; drop an undrawable combining mark or variation selector (it only
    decorates its neighbour);
    print U+FFFD for anything else.
    """
    printable = printable_characters()
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if char == "\n":
            out.append(char)
        elif char == "\t":
            out.append(" ")
        elif char in _STAND_INS:
            out.append(_STAND_INS[char])
        elif unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co") or char in _SKIN_TONES:
            continue
        elif ord(char) in printable:
            out.append(char)
        elif unicodedata.category(char).startswith("M"):
            continue
        else:
            out.append(REPLACEMENT)
    return "".join(out)

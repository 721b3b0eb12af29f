"""Make the fonts in ``documents/fonts/`` from the published Noto fonts (run once, by hand).

The PDF renderer needs Latin, Thai and Chinese glyphs on a machine that has only
pip, so the fonts ship inside the package. The full Noto Sans CJK face is tens
of megabytes; this script cuts it to the characters people actually type
(GB2312 — the 6,763 common simplified hanzi with its punctuation, kana and
full-width forms — plus Big5 level 1, the 5,401 common traditional hanzi), and
drops hinting from every face (PDF viewers do not use TrueType hinting at the
sizes we print). fpdf2 subsets each font again when it embeds it, so a PDF only
carries the glyphs it draws.

Sources (SIL Open Font License 1.1, from the npm registry)::

    npm pack @embedpdf/fonts-latin@1.0.0 @expo-google-fonts/noto-sans-thai@0.4.2 \
             @embedpdf/fonts-sc@1.0.0 @expo-google-fonts/noto-emoji@0.4.7
    for f in *.tgz; do mkdir -p "${f%.tgz}" && tar xzf "$f" -C "${f%.tgz}"; done
    python tools/subset_fonts.py .   # the folder holding the unpacked packages

Requires ``fonttools`` (``pip install fonttools``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

OUT = Path(__file__).resolve().parent.parent / "documents" / "fonts"

LATIN = "embedpdf-fonts-latin-1.0.0/package/fonts"
THAI = "expo-google-fonts-noto-sans-thai-0.4.2/package"
CJK = "embedpdf-fonts-sc-1.0.0/package/fonts"
EMOJI = "expo-google-fonts-noto-emoji-0.4.7/package"

CJK_FAMILY = "DealDesk Sans SC"
"""The CJK subset's own name (see ``_rename``)."""

FACES: tuple[tuple[str, str, str], ...] = (
    # (source, output, which characters). Only the Thai faces keep their OpenType
    # layout tables (mark positioning, which HarfBuzz needs); for the others fpdf2
    # uses none of them, and parsing them made every PDF seconds slower.
    (f"{LATIN}/NotoSans-Regular.ttf", "NotoSans-Regular.ttf", "all"),
    (f"{LATIN}/NotoSans-Bold.ttf", "NotoSans-Bold.ttf", "all"),
    (f"{THAI}/400Regular/NotoSansThai_400Regular.ttf", "NotoSansThai-Regular.ttf", "layout"),
    (f"{THAI}/700Bold/NotoSansThai_700Bold.ttf", "NotoSansThai-Bold.ttf", "layout"),
    (f"{CJK}/NotoSansHans-Regular.otf", "DealDeskSansSC-Regular.otf", "cjk"),
    (f"{EMOJI}/400Regular/NotoEmoji_400Regular.ttf", "NotoEmoji-Regular.ttf", "all"),
)


def _double_byte_charset(encoding: str, lead: range, trail: range) -> set[str]:
    """Every character a double-byte legacy charset can encode in the given rows."""
    chars: set[str] = set()
    for hi in lead:
        for lo in trail:
            try:
                chars.add(bytes((hi, lo)).decode(encoding))
            except UnicodeDecodeError:
                continue
    return chars


def cjk_characters() -> set[int]:
    """GB2312 (all of it) + Big5 level 1 + ASCII, kana and CJK punctuation."""
    chars = _double_byte_charset("gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF))
    chars |= _double_byte_charset("big5", range(0xA4, 0xC7), range(0x40, 0xFF))
    codes = {ord(c) for c in chars}
    codes |= set(range(0x20, 0x7F))
    codes |= set(range(0x3000, 0x3100))  # CJK punctuation, hiragana, katakana
    codes |= set(range(0xFF00, 0xFFF0))  # full-width and half-width forms
    return codes


def make(
    source: Path,
    target: Path,
    unicodes: Iterable[int] | None,
    rename: str | None = None,
    layout: bool = False,
) -> None:
    """Write ``source`` cut to ``unicodes`` (all of its characters when None), unhinted.

    ``layout`` keeps the OpenType layout tables (GSUB/GPOS/GDEF); without it they go.
    """
    options = subset.Options()
    options.hinting = False
    options.desubroutinize = False
    options.layout_features = ["*"] if layout else []
    options.name_IDs = ["*"]  # keep the copyright and licence records
    options.notdef_outline = True
    options.drop_tables += ["DSIG", "VORG", "vhea", "vmtx", "BASE"]
    if not layout:
        options.drop_tables += ["GSUB", "GPOS", "GDEF"]
    font = TTFont(source)
    keep = set(font.getBestCmap()) if unicodes is None else set(unicodes)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=keep)
    subsetter.subset(font)
    if rename:
        _rename(font, rename)
    font.save(target)


def _rename(font: TTFont, family: str) -> None:
    """Give a cut-down face its own name.

    The 2014 Adobe/Google CJK release reserves its font name under the OFL, so a
    modified version (our subset) must not be published under it.
    """
    postscript = family.replace(" ", "") + "-Regular"
    names = {
        1: family,
        3: f"{postscript};subset",
        4: f"{family} Regular",
        6: postscript,
        16: family,
        17: "Regular",
    }
    table = font["name"]
    for record in list(table.names):
        if record.nameID in names:
            table.removeNames(nameID=record.nameID)
    for name_id, value in names.items():
        table.setName(value, name_id, 3, 1, 0x409)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [postscript]


def main(folder: str) -> None:
    base = Path(folder)
    OUT.mkdir(parents=True, exist_ok=True)
    for source, output, which in FACES:
        if which == "cjk":
            make(base / source, OUT / output, cjk_characters(), rename=CJK_FAMILY)
        else:
            make(base / source, OUT / output, None, layout=which == "layout")
        print(f"{output}: {(OUT / output).stat().st_size / 1024:,.0f} KiB")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")

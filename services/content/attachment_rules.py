"""Which files a content item may carry: names, the allowed types, and whether the bytes
are what the name says.

The type comes from the bytes, never from the client's ``Content-Type``: the head of the
file is sniffed (``filetype``, magic numbers; Office Open XML told apart by the ZIP's
entries) and must be the type the name's extension stands for. A ``.pdf`` that is an
executable, a ``.png`` that is a PDF, a ``.txt`` that is not UTF-8 text: all refused.
"""

from __future__ import annotations

import codecs
import unicodedata
import zipfile
from pathlib import Path, PurePosixPath

import filetype

FILE_NAME_MAX = 255
SNIFF_BYTES = 8192
"""How much of the head the sniffer reads (``filetype`` looks no further)."""

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
TEXT = frozenset({"text/plain", "text/csv"})

ALLOWED: dict[str, str] = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".mp4": "video/mp4",
    ".docx": DOCX,
    ".xlsx": XLSX,
    ".pptx": PPTX,
    ".txt": "text/plain",
    ".csv": "text/csv",
}
"""The allow-list: a name's extension (lower-cased) and the media type its bytes must be."""

OOXML_FOLDER = {DOCX: "word/", XLSX: "xl/", PPTX: "ppt/"}
"""The ZIP folder each Office Open XML type keeps its parts in."""


def file_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be an attachment's name, or None: it is shown and offered as the
    download's name, so it must be a plain file name (no folders, no control characters)."""
    if not name.strip():
        return "The file needs a name."
    if len(name) > FILE_NAME_MAX:
        return f"A file name has at most {FILE_NAME_MAX} characters."
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs") for c in name):
        return "A file name may not hold control or invisible formatting characters."
    if "/" in name or "\\" in name or name.strip() in (".", "..") or ":" in name:
        return "A file name may not hold a path (/, \\ or :)."
    return None


def expected_type(name: str) -> str | None:
    """The media type the name's extension allows, or None when it is not on the list."""
    return ALLOWED.get(PurePosixPath(name.strip()).suffix.lower())


def sniffed_type(head: bytes) -> str | None:
    """What the first bytes are, by their magic numbers; None when nothing matches (text)."""
    found = filetype.guess_mime(head[:SNIFF_BYTES])
    return None if found is None else str(found)


class TextCheck:
    """Whether bytes fed a chunk at a time are UTF-8 text without NUL characters."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self.ok = True

    def feed(self, chunk: bytes, final: bool = False) -> None:
        if not self.ok:
            return
        try:
            text = self._decoder.decode(chunk, final=final)
        except UnicodeDecodeError:
            self.ok = False
            return
        if "\x00" in text:
            self.ok = False


def ooxml_has_folder(path: Path, media_type: str) -> bool:
    """Whether the ZIP at ``path`` holds the parts of ``media_type`` (blocking: a thread).
    For an Office file whose head alone did not show which one it is."""
    folder = OOXML_FOLDER[media_type]
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
    return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)


def agrees(expected: str, sniffed: str | None, text_ok: bool) -> bool | None:
    """Whether the bytes are the ``expected`` type: True, False, or None when only the ZIP's
    entries can tell (an Office name over bytes sniffed as a plain ZIP)."""
    if expected in TEXT:
        return sniffed is None and text_ok
    if sniffed == expected:
        return True
    if expected in OOXML_FOLDER and sniffed == "application/zip":
        return None
    return False

"""Which files an item may carry: plain names with an allowed extension, over bytes of the
type that extension stands for."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from services.content.attachment_rules import (
    DOCX,
    XLSX,
    TextCheck,
    agrees,
    expected_type,
    file_name_problem,
    ooxml_has_folder,
    sniffed_type,
)


@pytest.mark.parametrize(
    "name",
    [
        "",
        "   ",
        "a/b.pdf",
        "..\\b.pdf",
        "c:sheet.pdf",
        "..",
        "bell\x07.pdf",
        "line\nbreak.pdf",
        "evil\u202efdp.exe",  # a right-to-left override hides the real extension
        "x" * 252 + ".pdf",
    ],
)
def test_names_with_paths_controls_or_too_long_are_refused(name: str) -> None:
    assert file_name_problem(name) is not None


@pytest.mark.parametrize("name", ["sheet.pdf", "ใบเสนอราคา.PDF", "价格表 2026.xlsx", "a.b.c.png"])
def test_plain_names_in_any_script_are_taken(name: str) -> None:
    assert file_name_problem(name) is None


def test_the_type_comes_from_the_extension_on_the_allow_list_only() -> None:
    assert expected_type("Deck.PPTX") is not None
    assert expected_type("photo.jpeg") == expected_type("photo.jpg") == "image/jpeg"
    assert expected_type("setup.exe") is None
    assert expected_type("page.html") is None
    assert expected_type("no-extension") is None


def test_an_executable_is_never_the_pdf_its_name_says() -> None:
    exe = b"MZ\x90\x00" + b"\x00" * 60
    assert sniffed_type(exe) != "application/pdf"
    assert agrees("application/pdf", sniffed_type(exe), text_ok=False) is False
    assert agrees("application/pdf", sniffed_type(b"%PDF-1.7\n"), text_ok=True) is True


def test_text_is_utf8_without_nul_and_matches_no_magic_number() -> None:
    check = TextCheck()
    data = "ราคา,价格\n".encode()
    check.feed(data[:2])  # a character split across chunks is still text
    check.feed(data[2:], final=True)
    assert check.ok and agrees("text/csv", sniffed_type(data), check.ok)
    broken = TextCheck()
    broken.feed(b"a\x00b", final=True)
    assert not broken.ok
    assert agrees("text/plain", "application/pdf", text_ok=True) is False


def _zip(tmp_path: Path, folder: str, padding: int) -> Path:
    path = tmp_path / "office.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("docProps/padding.bin", b"\0" * padding)  # pushes the part past the head
        archive.writestr(f"{folder}/main.xml", "<x/>")
    return path


def test_an_office_file_whose_head_shows_only_a_zip_is_told_by_its_entries(tmp_path: Path) -> None:
    path = _zip(tmp_path, "word", padding=20_000)
    head = path.read_bytes()[:8192]
    assert agrees(DOCX, sniffed_type(head), text_ok=False) is None  # undecided from the head
    assert ooxml_has_folder(path, DOCX)
    assert not ooxml_has_folder(path, XLSX)
    plain = tmp_path / "plain.zip"
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("a.txt", "x")
    assert not ooxml_has_folder(plain, DOCX)
    (tmp_path / "junk.docx").write_bytes(io.BytesIO(b"PK\x03\x04junk").getvalue())
    assert not ooxml_has_folder(tmp_path / "junk.docx", DOCX)

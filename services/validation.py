"""Small input checks shared by mutations; each raises ``Refused`` with the field at fault."""

from __future__ import annotations

import re
from collections.abc import Sequence

from services.refusal import Code, refuse

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def required_text(value: str, field: Sequence[str], *, max_length: int) -> str:
    text = value.strip()
    if not text:
        raise refuse(Code.REQUIRED, "This must not be blank.", field)
    if len(text) > max_length:
        raise refuse(Code.INVALID, f"At most {max_length} characters.", field)
    return text


def optional_text(value: str | None, field: Sequence[str], *, max_length: int) -> str | None:
    if value is None or not value.strip():
        return None
    return required_text(value, field, max_length=max_length)


def email_address(value: str, field: Sequence[str]) -> str:
    email = value.strip()
    if not EMAIL.match(email) or len(email) > 320:
        raise refuse(Code.INVALID, "This is not an email address.", field)
    return email


def segment_code(value: str, field: Sequence[str]) -> str:
    """A segment as stored: upper case, words joined by ``_`` (``mid-market`` → ``MID_MARKET``),
    so accounts, price books and promotions match exactly."""
    return required_text(value, field, max_length=50).upper().replace(" ", "_").replace("-", "_")

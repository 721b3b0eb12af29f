"""Why a signed link opened outside the API (an email's one-tap decision, an attachment
download) serves nothing: unlike a use case's ``Refusal`` it answers a plain HTTP request, so
it carries the status to answer with."""

from __future__ import annotations


class LinkRefused(Exception):
    """The HTTP ``status``, an ``ApiErrorCode`` value as ``code`` (e.g. INVALID_TOKEN,
    TOKEN_EXPIRED) and the ``message`` to show."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

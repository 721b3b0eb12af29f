"""Which URLs DealDesk will POST to: webhook endpoints and Web Push services.

https:// to any host by name or address; http:// only to the hosts a setting allows
(localhost in development). Refused: other schemes, credentials in the URL (``user:pass@``;
a secret belongs in the signing secret, not in a URL that is listed and logged), a fragment,
control characters or spaces, more than ``MAX_URL_LENGTH`` characters, a port out of range.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from services.refusal import Code, refuse

MAX_URL_LENGTH = 2000


def checked_url(value: str, field: Sequence[str], http_hosts: Sequence[str]) -> str:
    """``value`` when DealDesk may POST to it, else an INVALID refusal naming ``field``."""
    url = value.strip()

    def invalid(message: str) -> Exception:
        return refuse(Code.INVALID, message, field)

    if not url:
        raise refuse(Code.REQUIRED, "A URL is required.", field)
    if len(url) > MAX_URL_LENGTH:
        raise invalid(f"A URL has at most {MAX_URL_LENGTH} characters.")
    if any(ord(c) < 0x21 or ord(c) == 0x7F for c in url) or not url.isascii():
        raise invalid("A URL has no spaces, control or non-ASCII characters (percent-encode).")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise invalid("This is not a URL.") from None
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http"):
        raise invalid("Only https:// URLs (http:// to allowed hosts) are accepted.")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise invalid("A URL must not carry credentials; the signing secret authenticates.")
    host = (parts.hostname or "").lower()
    if not host:
        raise invalid("The URL names no host.")
    if port == 0:
        raise invalid("The URL's port is out of range.")
    if parts.fragment:
        raise invalid("A URL has no #fragment.")
    if scheme == "http" and host not in http_hosts:
        raise invalid("Plain http:// is only for allowed development hosts; use https://.")
    return url

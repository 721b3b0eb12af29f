"""Which URLs DealDesk will POST to: webhook endpoints and Web Push services.

https:// to any host by name or address; http:// only to the hosts a setting allows
(localhost in development). Refused: other schemes, credentials in the URL (``user:pass@``;
a secret belongs in the signing secret, not in a URL that is listed and logged), a fragment,
control characters or spaces, more than ``MAX_URL_LENGTH`` characters, a port out of range.
A webhook's host must also be public (``check_public_destination``): not a private, loopback
or link-local address nor a name resolving to one, unless a setting allows them; the check is
made again before every POST, as a name can start resolving elsewhere.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
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


RESOLVE_TIMEOUT_SECONDS = 2.0


def is_private_address(address: str) -> bool:
    """Whether ``address`` (an IP) is not on the public internet: private, loopback,
    link-local, unspecified, shared, reserved or multicast (an IPv4-mapped IPv6 as its IPv4)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


async def _addresses(host: str) -> list[str]:
    """The addresses ``host`` names: itself when it is an IP, else what DNS answers (none when
    it does not resolve within ``RESOLVE_TIMEOUT_SECONDS``)."""
    bare = host.strip("[]")
    try:
        ipaddress.ip_address(bare.split("%", 1)[0])
    except ValueError:
        pass
    else:
        return [bare]
    loop = asyncio.get_running_loop()
    try:
        found = await asyncio.wait_for(
            loop.getaddrinfo(bare, None, type=socket.SOCK_STREAM), RESOLVE_TIMEOUT_SECONDS
        )
    except (OSError, TimeoutError, UnicodeError):
        return []
    return [str(info[4][0]) for info in found]


async def private_destination(url: str) -> str | None:
    """Why DealDesk must not POST to ``url`` (its host is or resolves to a non-public
    address), or None. A name that does not resolve is not refused here: the POST fails."""
    host = urlsplit(url).hostname or ""
    for address in await _addresses(host):
        if is_private_address(address):
            return (
                f"The host {host[:200]} resolves to {address}, a private, loopback or "
                "link-local address; webhooks go to public addresses only."
            )
    return None


async def check_public_destination(url: str, field: Sequence[str], allow_private: bool) -> None:
    """Refuse (INVALID, naming ``field``) a URL whose host is or resolves to a non-public
    address, unless ``allow_private``."""
    if allow_private:
        return
    reason = await private_destination(url)
    if reason is not None:
        raise refuse(Code.INVALID, reason, field)

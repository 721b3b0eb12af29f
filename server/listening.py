"""The server's listening socket, bound by the command line before anything else starts.

Binding first means a busy port or a wrong ``--host`` is reported at once, in one line,
instead of after the database has started and "running" has been claimed; the bound
socket is then handed to uvicorn (and inherited by its workers).
"""

from __future__ import annotations

import contextlib
import errno
import socket

from server.cli_errors import CliError

ALL_INTERFACES = ("0.0.0.0", "::", "")


def bind(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port``, not yet listening; or a :class:`CliError` saying why."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as exc:
        raise CliError(
            f"cannot listen on {host!r}: not a known host name or address of this machine; "
            "use --host 127.0.0.1 (this machine) or --host 0.0.0.0 (every interface)"
        ) from exc
    sock = socket.socket(family, kind, proto)
    try:
        # Lets a restart rebind at once while old connections sit in TIME_WAIT; on Linux
        # it does not let two servers listen on one port.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise CliError(_bind_problem(exc, host, port)) from exc
    sock.set_inheritable(True)
    return sock


def _bind_problem(exc: OSError, host: str, port: int) -> str:
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} is in use on {host}; choose another with --port"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return (
            f"port {port} needs administrator rights on {host}; "
            "choose a port above 1023 with --port"
        )
    if exc.errno == errno.EADDRNOTAVAIL:
        return (
            f"{host} is not an address of this machine; use --host 127.0.0.1 (this machine) "
            "or --host 0.0.0.0 (every interface)"
        )
    return f"cannot listen on {host}:{port}: {exc.strerror or exc}"


def urls(host: str, port: int) -> list[str]:
    """Where to open the API: localhost for a local or all-interfaces bind, plus the LAN
    address when bound to every interface (what a phone on the same network uses)."""
    if host in ALL_INTERFACES:
        found = [f"http://localhost:{port}/graphql"]
        lan = lan_address()
        if lan:
            found.append(f"http://{lan}:{port}/graphql")
        return found
    if host in ("127.0.0.1", "::1", "localhost"):
        return [f"http://localhost:{port}/graphql"]
    shown = f"[{host}]" if ":" in host else host
    return [f"http://{shown}:{port}/graphql"]


def lan_address() -> str | None:
    """This machine's address on its network, or None when it has none.

    Connecting a UDP socket sends nothing; it only asks the kernel which local address
    would route to the outside.
    """
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed, never contacted
        address = str(probe.getsockname()[0])
        if not address.startswith("127."):
            return address
    return None

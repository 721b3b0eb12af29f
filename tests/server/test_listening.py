"""The listening socket ``dealdesk serve`` binds before anything else, and the addresses it
prints."""

from __future__ import annotations

import pytest

from server.cli_errors import CliError
from server.listening import bind, urls


def test_a_second_bind_on_a_port_is_refused_with_the_fix() -> None:
    with bind("127.0.0.1", 0) as first:
        port = first.getsockname()[1]
        first.listen()

        with pytest.raises(CliError) as refused:
            bind("127.0.0.1", port)

    assert str(refused.value) == f"port {port} is in use on 127.0.0.1; choose another with --port"


def test_every_interface_is_announced_as_localhost_first() -> None:
    assert urls("0.0.0.0", 8000)[0] == "http://localhost:8000/graphql"
    assert all(url.endswith(":8000/graphql") for url in urls("0.0.0.0", 8000))


def test_a_local_or_named_host_is_announced_as_given() -> None:
    assert urls("127.0.0.1", 8001) == ["http://localhost:8001/graphql"]
    assert urls("::1", 8001) == ["http://localhost:8001/graphql"]
    assert urls("192.168.1.20", 8001) == ["http://192.168.1.20:8001/graphql"]
    assert urls("fe80::1", 8001) == ["http://[fe80::1]:8001/graphql"]

"""The outbox's pure parts: the signature receivers verify, the backoff, which URLs pass,
which reminder is due, the VAPID keys the CLI prints."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from py_vapid import Vapid01

from server.cli import main
from services.notifications.config import NotificationConfig
from services.notifications.reminders import DUE, UPCOMING, reminder_kind
from services.notifications.urls import checked_url
from services.notifications.vapid import generate_vapid_keys
from services.notifications.webhook_delivery import backoff, signature, verify_signature
from services.refusal import Refused

DEV_HOSTS = ("localhost", "127.0.0.1", "::1")


def test_the_signature_is_hmac_sha256_of_the_timestamp_a_dot_and_the_raw_body() -> None:
    body = b'{"id":"evt_1","topic":"approval.requested"}'
    expected = hmac.new(b"whsec_k", b"1700000000." + body, hashlib.sha256).hexdigest()
    assert signature("whsec_k", 1700000000, body) == f"t=1700000000,v1={expected}"
    header = signature("whsec_k", 1700000000, body)
    assert verify_signature("whsec_k", header, body, now=1700000100)
    assert not verify_signature("whsec_k", header, body, now=1700000000 + 301)  # a replay
    assert not verify_signature("whsec_other", header, body, now=1700000000)
    assert not verify_signature("whsec_k", header, body + b" ", now=1700000000)
    assert not verify_signature("whsec_k", "t=abc,v1=00", body, now=1700000000)
    assert not verify_signature("whsec_k", "garbage", body, now=1700000000)


@given(st.integers(min_value=1, max_value=60), st.floats(min_value=0.001, max_value=100))
def test_the_backoff_doubles_within_its_cap_and_jitters_in_the_upper_half(
    attempts: int, base: float
) -> None:
    config = NotificationConfig(webhook_backoff_base_seconds=base, webhook_backoff_max_seconds=600)
    ceiling = min(600, base * 2 ** (attempts - 1))
    low = backoff(attempts, config, lambda a, b: a)
    high = backoff(attempts, config, lambda a, b: b)
    assert low == pytest.approx(ceiling / 2) and high == pytest.approx(ceiling)


@pytest.mark.parametrize(
    "url",
    [
        "https://erp.example.com/hook",
        "https://erp.example.com:8443/a/b?x=1",
        "https://10.0.0.5/hook",
        "http://localhost:8080/hook",
        "http://127.0.0.1:9/hook",
        "http://[::1]:8080/hook",
        "HTTPS://ERP.EXAMPLE.COM/hook",
    ],
)
def test_these_urls_are_accepted(url: str) -> None:
    assert checked_url(url, ("url",), DEV_HOSTS) == url


def test_plain_http_needs_an_allowed_host_and_production_allows_none() -> None:
    with pytest.raises(Refused):
        checked_url("http://localhost/hook", ("url",), ())
    with pytest.raises(Refused):
        checked_url("http://localhost.evil.example/hook", ("url",), DEV_HOSTS)
    with pytest.raises(Refused):
        checked_url("http://127.0.0.1@evil.example/hook", ("url",), DEV_HOSTS)


@given(st.text(max_size=300))
def test_any_text_is_a_url_or_a_refusal_never_a_crash(text: str) -> None:
    try:
        url = checked_url(text, ("url",), DEV_HOSTS)
    except Refused:
        return
    assert url.split("://", 1)[0].lower() in ("https", "http")


def test_the_reminder_due_follows_the_lead_and_the_end() -> None:
    end = date(2026, 12, 31)
    assert reminder_kind(end, date(2026, 12, 27), 3) is None
    assert reminder_kind(end, date(2026, 12, 28), 3) == UPCOMING
    assert reminder_kind(end, date(2026, 12, 30), 3) == UPCOMING
    assert reminder_kind(end, end, 3) == DUE
    assert reminder_kind(end, date(2027, 1, 5), 3) == DUE
    assert reminder_kind(end, date(2026, 12, 30), 0) is None


def test_vapid_keys_sign_and_the_cli_prints_a_pair(capsys: pytest.CaptureFixture[str]) -> None:
    private, public = generate_vapid_keys()
    raw = base64.urlsafe_b64decode(public + "=" * (-len(public) % 4))
    assert len(raw) == 65 and raw[0] == 4
    headers = Vapid01.from_string(private).sign(
        {"sub": "mailto:ops@example.com", "aud": "https://push.example.com", "exp": 9999999999}
    )
    assert "Authorization" in headers
    main(["vapid-keys"])
    out = capsys.readouterr().out.splitlines()
    assert [line.split("=", 1)[0] for line in out] == [
        "DEALDESK_VAPID_PRIVATE_KEY",
        "DEALDESK_VAPID_PUBLIC_KEY",
    ]


async def test_a_server_without_vapid_keys_refuses_push_subscriptions() -> None:
    from db.actor import Actor
    from services.notifications.push import register_push_subscription

    keys = generate_vapid_keys()[1]
    with pytest.raises(Refused) as refused:
        await register_push_subscription(
            None,  # type: ignore[arg-type]  # refused before any SQL
            Actor(1, frozenset()),
            None,  # type: ignore[arg-type]
            NotificationConfig(vapid_public_key=None),
            "https://push.example.com/x",
            keys,
            b64("0123456789abcdef"),
        )
    assert refused.value.refusals[0].code.value == "INVALID_STATE"


def b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode()

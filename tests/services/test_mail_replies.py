"""Reading an answer to an approval email: the first line's word, the comment up to the quoted
original, the token from the address or the references, and what is automatic mail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from approvals import DecisionKind
from services.mail.config import MailConfig
from services.mail.replies import Unreadable, command_of, parse_reply
from services.mail.tokens import read_reply_token, reply_token

CONFIG = MailConfig(
    secret="s" * 40,
    public_url="https://deals.example",
    from_address="approvals@deals.example",
    reply_domain="reply.deals.example",
    link_ttl=timedelta(days=7),
)
TOKEN = reply_token(CONFIG.secret, 42)


def raw(body: str, **headers: str) -> bytes:
    head = {"From": "Maya <maya@example.com>", "Subject": "Re: x", **headers}
    lines = [f"{k.replace('_', '-')}: {v}" for k, v in head.items()]
    return ("\r\n".join(lines) + "\r\n\r\n" + body).encode()


@pytest.mark.parametrize(
    ("first", "kind"),
    [
        ("APPROVE", DecisionKind.APPROVE),
        ("approved.", DecisionKind.APPROVE),
        ("Yes!", DecisionKind.APPROVE),
        ("reject", DecisionKind.REJECT),
        ("REJECTED - too deep", DecisionKind.REJECT),
        ("No", DecisionKind.REJECT),
        ("yes no", None),
        ("No problem, approved", None),
        ("Maybe", None),
        ("", None),
        ("Approvee", None),
    ],
)
def test_the_first_word_decides_and_a_line_saying_both_decides_nothing(
    first: str, kind: DecisionKind | None
) -> None:
    assert command_of(first) is kind


def test_the_comment_runs_from_the_first_line_to_the_quoted_original() -> None:
    body = (
        "Approve - fine by me\nKeep the term.\n\nOn Mon, 30 Nov 2026, DealDesk wrote:\n> REJECT\n"
    )

    reply = parse_reply(CONFIG, raw(body, To=f"approvals+{TOKEN}@reply.deals.example"))

    assert reply.first_line == "Approve - fine by me"
    assert reply.comment == "fine by me\nKeep the term."
    assert reply.email_ids == (42,) and reply.sender == "maya@example.com"
    assert not reply.automatic


def test_the_token_is_read_from_in_reply_to_and_a_forged_one_is_ignored() -> None:
    genuine = parse_reply(CONFIG, raw("yes", In_Reply_To=f"<approval.{TOKEN}@reply.deals.example>"))
    forged = parse_reply(
        CONFIG, raw("yes", In_Reply_To=f"<approval.43-{'a' * 26}@reply.deals.example>")
    )
    elsewhere = parse_reply(CONFIG, raw("yes", In_Reply_To=f"<approval.{TOKEN}@evil.example>"))

    assert (genuine.email_ids, forged.email_ids, elsewhere.email_ids) == ((42,), (), ())


def test_bounces_and_auto_replies_are_automatic() -> None:
    assert parse_reply(CONFIG, raw("APPROVE", Auto_Submitted="auto-replied")).automatic
    assert parse_reply(CONFIG, raw("APPROVE", Precedence="bulk")).automatic
    assert not parse_reply(CONFIG, raw("APPROVE", Auto_Submitted="no")).automatic


def test_mail_without_a_single_sender_is_unreadable() -> None:
    with pytest.raises(Unreadable):
        parse_reply(CONFIG, b"Subject: x\r\n\r\nAPPROVE\r\n")
    with pytest.raises(Unreadable):
        parse_reply(CONFIG, raw("APPROVE", From="a@b.c, d@e.f"))


@given(st.binary(max_size=2000))
def test_any_bytes_are_read_or_refused_never_a_crash(data: bytes) -> None:
    try:
        reply = parse_reply(CONFIG, data)
    except Unreadable:
        return
    assert reply.email_ids == ()


@given(st.text(max_size=120))
def test_only_our_own_tokens_are_read(token: str) -> None:
    assert read_reply_token(CONFIG.secret, token) in (None, *(() if token != TOKEN else (42,)))

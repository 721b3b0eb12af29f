"""``POST /ingest/activities``: a batch of activities beside GraphQL, for dialers and CRMs.

The same batch ``recordActivities`` takes, without GraphQL's per-field work: the body is a
JSON array of activities (or ``{"activities": [...]}``), or NDJSON (one activity per line,
``Content-Type: application/x-ndjson``); each activity has the input's field names
(``kind``, ``occurredAt``, ``repId``, ``quantity``, ``amount``, ``durationSeconds``,
``accountId``, ``quoteId``, ``contact``, ``externalId``, ``attributes`` as a list of
``{name, value}`` or an object). The same bearer token signs in, the same bounds hold (text
lengths, no NUL or lone surrogates, decimals in plain notation, times with an offset, at
most 20 attributes, 1,000 activities), the same use case records the batch in one
transaction, all or nothing, and re-sending it is harmless (the external id).

Answers: 200 ``{"recorded", "alreadyKnown", "userErrors": []}``; 422 with the userErrors
(codes and field paths as ``recordActivities`` gives them, nothing stored); 400 for a body
that is not JSON of that shape; 401 without a valid token; 413 over ``MAX_BODY_BYTES``;
415 for another content type.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from gamification.activities import ActivityInput
from gamification.facts import attributes_of
from schema.context import viewer_for
from schema.ids import NO_ROW, node_key, split_global_id
from schema.scalars import parse_datetime, parse_decimal
from server.auth import TokenUser
from services.performance.activities import record_activities
from services.performance.context import MAX_BATCH
from services.refusal import Code, Refusal
from services.transaction import in_transaction

MAX_BODY_BYTES = 4 * 1024 * 1024
"""A full batch of 1,000 activities with every field is about 600 KB."""
KEY, TEXT = 64, 200
"""The text bounds of ``recordActivities``' input: kinds and attribute names, other text."""
MAX_ATTRIBUTES = 20
NDJSON = "application/x-ndjson"


class BadItem(ValueError):
    """A value the GraphQL input would refuse: its path and why."""

    def __init__(self, path: tuple[str, ...], message: str) -> None:
        super().__init__(message)
        self.path = path


def _text(value: Any, limit: int, path: tuple[str, ...]) -> str:
    if not isinstance(value, str):
        raise BadItem(path, "Expected a string.")
    if len(value) > limit:
        raise BadItem(path, f"At most {limit} characters.")
    if "\x00" in value:
        raise BadItem(path, "Text cannot hold NUL characters.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadItem(path, "Text cannot hold lone surrogates.") from None
    return value


class UnknownId(ValueError):
    """A global ID of another type, or of no row: NOT_FOUND, as ``decode_id`` refuses it."""

    def __init__(self, path: tuple[str, ...], type_name: str) -> None:
        super().__init__(f"No {type_name} with this id.")
        self.path = path


def _attributes(value: Any, path: tuple[str, ...]) -> dict[str, str]:
    pairs = value.items() if isinstance(value, dict) else None
    if pairs is None:
        if not isinstance(value, list) or not all(isinstance(a, dict) for a in value):
            raise BadItem(path, "Attributes are a list of {name, value} or an object.")
        pairs = [(a.get("name"), a.get("value")) for a in value]
    if len(pairs) > MAX_ATTRIBUTES:
        raise BadItem(path, "At most 20 attributes.")
    return {
        _text(n, KEY, (*path, str(i), "name")): _text(v, TEXT, (*path, str(i), "value"))
        for i, (n, v) in enumerate(pairs)
    }


FIELDS = frozenset(
    {
        "kind",
        "occurredAt",
        "repId",
        "quantity",
        "amount",
        "durationSeconds",
        "accountId",
        "quoteId",
        "contact",
        "externalId",
        "attributes",
    }
)
ONE = Decimal(1)


class Decoder:
    """Decodes a batch's activities as ``recordActivities`` does, remembering the global IDs
    it has read (a batch names a few hundred reps a thousand times)."""

    def __init__(self, viewer: int) -> None:
        self.viewer = viewer
        self.ids: dict[tuple[str, Any], int] = {}

    def id_of(self, value: Any, type_name: str, path: tuple[str, ...]) -> int:
        """The database id inside a global ID of ``type_name`` (as ``decode_id`` reads it)."""
        known = self.ids.get((type_name, value))
        if known is not None:
            return known
        parts = split_global_id(_text(value, TEXT, path))
        key = node_key(parts[1]) if parts is not None and parts[0] == type_name else NO_ROW
        if key == NO_ROW:
            raise UnknownId(path, type_name)
        self.ids[(type_name, value)] = key
        return key

    def activity(self, index: int, item: Any) -> ActivityInput:
        """One activity, or ``BadItem`` / ``UnknownId`` naming the field at fault."""
        path = ("input", "activities", str(index))
        if not isinstance(item, dict):
            raise BadItem(path, "An activity is a JSON object.")
        if not FIELDS.issuperset(item):
            unknown = sorted(set(item) - FIELDS)[0]
            raise BadItem((*path, unknown), f"Unknown field {unknown!r}.")
        get = item.get
        kind, at = get("kind"), get("occurredAt")
        if kind is None or at is None:
            missing = "kind" if kind is None else "occurredAt"
            raise BadItem((*path, missing), f"{missing} is required.")
        try:
            occurred_at = parse_datetime(at)
        except ValueError as error:
            raise BadItem((*path, "occurredAt"), str(error)) from None
        if occurred_at.tzinfo is None:
            raise BadItem((*path, "occurredAt"), "Give the time with its offset.")
        rep, account, quote = get("repId"), get("accountId"), get("quoteId")
        duration, attributes = get("durationSeconds"), get("attributes")
        contact, external_id = get("contact"), get("externalId")
        if duration is not None and (
            isinstance(duration, bool)
            or not isinstance(duration, int)
            or not -(2**31) <= duration < 2**31
        ):
            raise BadItem((*path, "durationSeconds"), "Expected a 32-bit integer.")
        return ActivityInput(
            rep_id=self.viewer if rep is None else self.id_of(rep, "User", (*path, "repId")),
            kind=_text(kind, KEY, (*path, "kind")),
            occurred_at=occurred_at,
            quantity=self.decimal(get("quantity"), (*path, "quantity"), ONE),
            amount=self.decimal(get("amount"), (*path, "amount"), None),
            duration_seconds=duration,
            account_id=None
            if account is None
            else self.id_of(account, "Account", (*path, "accountId")),
            quote_id=None if quote is None else self.id_of(quote, "Quote", (*path, "quoteId")),
            contact=None if contact is None else _text(contact, TEXT, (*path, "contact")),
            external_id=None
            if external_id is None
            else _text(external_id, TEXT, (*path, "externalId")),
            attributes=()
            if not attributes
            else attributes_of(_attributes(attributes, (*path, "attributes"))),
        )

    @staticmethod
    def decimal(value: Any, path: tuple[str, ...], missing: Decimal | None) -> Decimal | None:
        if value is None:
            return missing
        try:
            return parse_decimal(value)
        except ValueError as error:
            raise BadItem(path, str(error)) from None


def items_of(body: bytes, content_type: str) -> list[Any]:
    """The activities a body holds (``ValueError`` when it is not one of the shapes)."""
    if content_type == NDJSON:
        return [json.loads(line) for line in body.splitlines() if line.strip()]
    parsed = json.loads(body)
    if isinstance(parsed, dict) and set(parsed) == {"activities"}:
        parsed = parsed["activities"]
    if not isinstance(parsed, list):
        raise ValueError("The body is a JSON array of activities.")
    return parsed


def _errors(refusals: list[Refusal], status: int = 422) -> JSONResponse:
    return JSONResponse(
        {
            "recorded": 0,
            "alreadyKnown": 0,
            "userErrors": [
                {"code": r.code.value, "field": list(r.field) or None, "message": r.message}
                for r in refusals
            ],
        },
        status_code=status,
    )


def _fault(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status
    )


def ingest_endpoint(
    sessions: async_sessionmaker[AsyncSession],
) -> Callable[[Request], Any]:
    async def ingest_activities(request: Request) -> Response:
        user = request.scope.get("user")
        if not isinstance(user, TokenUser):
            return _fault(401, "UNAUTHENTICATED", "Sign in to record activities.")
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type not in ("application/json", NDJSON):
            return _fault(415, "BAD_REQUEST", f"Send application/json or {NDJSON}.")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY_BYTES:
                return _fault(413, "BAD_REQUEST", f"A batch is at most {MAX_BODY_BYTES} bytes.")
        try:
            items = items_of(bytes(body), content_type)
        except (ValueError, RecursionError) as error:
            return _fault(400, "BAD_REQUEST", f"The body is not a batch of activities: {error}")
        if len(items) > MAX_BATCH:
            message = f"A batch holds at most {MAX_BATCH} activities, not {len(items)}."
            return _errors([Refusal(Code.INVALID, message, ("input", "activities"))])
        claims = user.claims
        problems: list[Refusal] = []
        batch: list[ActivityInput] = []
        decoder = Decoder(claims.user_id)
        for index, item in enumerate(items):
            try:
                batch.append(decoder.activity(index, item))
            except BadItem as bad:
                problems.append(Refusal(Code.INVALID, str(bad), bad.path))
            except UnknownId as unknown:
                problems.append(Refusal(Code.NOT_FOUND, str(unknown), unknown.path))
        if problems:
            return _errors(problems)

        async def work(session: AsyncSession) -> Any:
            actor = await viewer_for(session, claims)
            return await record_activities(session, actor, datetime.now(UTC), batch)

        outcome = await in_transaction(sessions.begin, work)
        if outcome.refusals:
            return _errors(list(outcome.refusals))
        done = outcome.value
        return JSONResponse(
            {"recorded": done.recorded, "alreadyKnown": done.already_known, "userErrors": []}
        )

    return ingest_activities

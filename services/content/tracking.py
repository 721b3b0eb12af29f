"""What reps do with content: read it, share it with a quote's customer, pass its quiz.

Each is recorded per rep and feeds the sales-performance activities through
``record_activities`` (the same path a phone's activity batch takes), with an external id
that makes a retry add nothing: CONTENT_SHARED for a share, ROI_DEMO for an ROI tool shared
or opened with a customer (a view naming a quote), TRAINING_COMPLETED for a training
module's quiz passed (which completes an onboarding item waiting for that kind).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from content.rules import ContentKind
from content.window import ContentStatus, readable, status
from db.actor import Actor
from db.models.content import ContentEvent, ContentItem
from db.models.quotes import Quote
from db.models.users import Role
from db.queries.content import share_of
from gamification.activities import ActivityInput
from gamification.facts import Attributes
from services.performance.activities import record_activities
from services.refusal import Code, refuse
from services.rows import visible_or_refuse

VIEW = "VIEW"
SHARE = "SHARE"


async def readable_item(
    session: AsyncSession, actor: Actor, now: datetime, item_id: int, field: str
) -> ContentItem:
    """A live item in the actor's audience: NOT_FOUND for one they may not see (never saying
    it exists), INVALID_STATE for a retired (or, for OPS, a scheduled) one."""
    item = await session.get(ContentItem, item_id)
    if item is None or not readable(
        item.audience_roles,
        item.publish_at,
        [r.value for r in actor.roles],
        now,
        sees_all=actor.has_any(Role.OPS),
    ):
        raise refuse(Code.NOT_FOUND, "No ContentItem with this id.", ("input", field))
    if status(item.publish_at, item.retire_at, now) is not ContentStatus.LIVE:
        raise refuse(Code.INVALID_STATE, "This item is not live (retired).", ("input", field))
    return item


async def _quote(session: AsyncSession, actor: Actor, quote_id: int) -> Quote:
    return await visible_or_refuse(session, actor, Quote, quote_id, field=("input", "quoteId"))


async def record_activity(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    kind: str,
    external_id: str,
    *,
    quote: Quote | None = None,
    attributes: Attributes = (),
) -> None:
    """One activity of the actor's own, known by ``external_id`` (a second is ignored)."""
    activity = ActivityInput(
        rep_id=actor.user_id,
        kind=kind,
        occurred_at=now,
        account_id=None if quote is None else quote.account_id,
        quote_id=None if quote is None else quote.id,
        external_id=external_id,
        attributes=attributes,
    )
    await record_activities(session, actor, now, [activity])


def _about(item: ContentItem) -> Attributes:
    return (("content_item", str(item.id)), ("content_kind", item.kind))


async def record_content_view(
    session: AsyncSession, actor: Actor, now: datetime, item_id: int, quote_id: int | None
) -> ContentEvent:
    """``recordContentView``: the rep opened the item (with a quote's customer when
    ``quote_id`` is given: an ROI tool shown so is an ROI demo, once per quote)."""
    item = await readable_item(session, actor, now, item_id, "contentItemId")
    quote = None if quote_id is None else await _quote(session, actor, quote_id)
    event = ContentEvent(
        action=VIEW,
        content_item_id=item.id,
        rep_id=actor.user_id,
        quote_id=None if quote is None else quote.id,
        occurred_at=now,
    )
    session.add(event)
    await session.flush()
    if quote is not None and item.kind == ContentKind.ROI_TOOL.value:
        roi = f"content-roi:{item.id}:{quote.id}"
        await record_activity(
            session, actor, now, "ROI_DEMO", roi, quote=quote, attributes=_about(item)
        )
    return event


async def share_content(
    session: AsyncSession, actor: Actor, now: datetime, item_id: int, quote_id: int
) -> ContentEvent:
    """``shareContent``: the item appears in the quote's customer view; once per rep, item
    and quote (sharing again returns the first share)."""
    item = await readable_item(session, actor, now, item_id, "contentItemId")
    quote = await _quote(session, actor, quote_id)
    known = await share_of(session, actor.user_id, item.id, quote.id)
    if known is not None:
        return known
    event = ContentEvent(
        action=SHARE,
        content_item_id=item.id,
        rep_id=actor.user_id,
        quote_id=quote.id,
        occurred_at=now,
    )
    session.add(event)
    await session.flush()
    about = _about(item)
    shared = f"content-share:{item.id}:{quote.id}"
    await record_activity(
        session, actor, now, "CONTENT_SHARED", shared, quote=quote, attributes=about
    )
    if item.kind == ContentKind.ROI_TOOL.value:
        roi = f"content-roi:{item.id}:{quote.id}"
        await record_activity(session, actor, now, "ROI_DEMO", roi, quote=quote, attributes=about)
    return event

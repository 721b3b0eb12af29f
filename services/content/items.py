"""OPS's edits of content items: create, update (optimistic on ``version``), retire.

Each write checks sizes with ``content.rules``, renders the Markdown body to safe HTML and
prepares the indexed text (Thai and Chinese cut into words and character pairs) off the
event loop; the database computes the search vector from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from content.rules import ContentKind, ItemText, check_text, normal_keys
from content.terms import Segmenters, index_text, readable_text
from content.window import ContentStatus, retire_instant, status
from db.actor import Actor
from db.models.content import ContentItem
from db.models.users import Role
from db.queries.content import missing_product_ids
from services.audit import record_new
from services.content import versions
from services.content.markdown import safe_html
from services.content.segmenters import prepared
from services.refusal import Code, Refusal, Refused, refuse
from services.rows import audited_edit, copy_given

SNIPPET_SOURCE_MAX = 20_000
"""How much of the body snippets are cut from (``ts_headline`` re-parses all it is given)."""


@dataclass(frozen=True, slots=True)
class NewContentItem:
    kind: ContentKind
    title: str
    language: str
    summary: str = ""
    body: str = ""
    tags: Sequence[str] = ()
    product_ids: Sequence[int] = ()
    families: Sequence[str] = ()
    competitors: Sequence[str] = ()
    segments: Sequence[str] = ()
    industries: Sequence[str] = ()
    audience_roles: Sequence[Role] = ()
    publish_at: datetime | None = None
    """None: now."""
    retire_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ContentItemChanges:
    """Fields left None stay as they are; an empty list clears a list."""

    kind: ContentKind | None = None
    title: str | None = None
    language: str | None = None
    summary: str | None = None
    body: str | None = None
    tags: Sequence[str] | None = None
    product_ids: Sequence[int] | None = None
    families: Sequence[str] | None = None
    competitors: Sequence[str] | None = None
    segments: Sequence[str] | None = None
    industries: Sequence[str] | None = None
    audience_roles: Sequence[Role] | None = None
    publish_at: datetime | None = None
    retire_at: datetime | None = None
    change_note: str | None = None
    """Why, kept on the version the change opens (if it opens one)."""


def _distinct(values: Sequence[str]) -> list[str]:
    """Product families as stored: trimmed, each once, blanks dropped, in given order."""
    return list(dict.fromkeys(v.strip() for v in values if v.strip()))


def _checked(text: ItemText) -> None:
    problems = check_text(text)
    if problems:
        raise Refused(*(Refusal(Code.INVALID, p.message, ("input", p.field)) for p in problems))


async def _check_products(session: AsyncSession, ids: Sequence[int]) -> None:
    if len(ids) > 50:
        raise refuse(Code.INVALID, "At most 50 products.", ("input", "productIds"))
    if await missing_product_ids(session, ids):
        raise refuse(Code.NOT_FOUND, "No Product with this id.", ("input", "productIds"))


def indexed_columns(
    title: str, tags: Sequence[str], summary: str, body: str, segmenters: Segmenters
) -> dict[str, str]:
    """The columns an item's text is indexed and shown by (the database computes the search
    vector from the ``terms_*``): what every write stores, and what a bulk load must store."""
    return {
        "body_html": safe_html(body),
        "terms_a": index_text(title, segmenters),
        "terms_b": index_text("\n".join([*tags, summary]), segmenters),
        "terms_c": index_text(body, segmenters),
        "snippet_text": readable_text(body[:SNIPPET_SOURCE_MAX], segmenters),
    }


def _indexed(item: ContentItem, segmenters: Segmenters) -> dict[str, str]:
    return indexed_columns(item.title, item.tags, item.summary, item.body, segmenters)


async def _index(item: ContentItem) -> None:
    for name, value in (await prepared(lambda s: _indexed(item, s))).items():
        setattr(item, name, value)


def _check_window(item: ContentItem) -> None:
    if item.retire_at is not None and item.retire_at <= item.publish_at:
        raise refuse(Code.INVALID, "An item retires after it is published.", ("input", "retireAt"))


async def create_content_item(
    session: AsyncSession, actor: Actor, now: datetime, new: NewContentItem
) -> ContentItem:
    _checked(
        ItemText(
            new.title,
            new.summary,
            new.body,
            new.language,
            new.tags,
            new.competitors,
            new.segments,
            new.industries,
        )
    )
    await _check_products(session, new.product_ids)
    item = ContentItem(
        kind=new.kind.value,
        title=new.title.strip(),
        summary=new.summary,
        body=new.body,
        language=new.language,
        tags=list(normal_keys(new.tags)),
        product_ids=list(dict.fromkeys(new.product_ids)),
        families=_distinct(new.families),
        competitors=list(normal_keys(new.competitors)),
        segments=list(normal_keys(new.segments)),
        industries=list(normal_keys(new.industries)),
        audience_roles=sorted({role.value for role in new.audience_roles}),
        publish_at=new.publish_at or now,
        retire_at=new.retire_at,
        created_by_id=actor.user_id,
    )
    _check_window(item)
    await _index(item)
    await record_new(session, actor, "createContentItem", item)
    versions.record_first(session, actor, item)
    return item


async def update_content_item(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    item_id: int,
    version: int,
    changes: ContentItemChanges,
) -> ContentItem:
    """Change an item; a retired one is refused (INVALID_STATE): publish a new one instead."""
    _checked(
        ItemText(
            changes.title,
            changes.summary,
            changes.body,
            changes.language,
            changes.tags,
            changes.competitors,
            changes.segments,
            changes.industries,
        )
    )
    async with audited_edit(
        session, actor, "updateContentItem", ContentItem, item_id, version, name="ContentItem"
    ) as item:
        if status(item.publish_at, item.retire_at, now) is ContentStatus.RETIRED:
            raise refuse(Code.INVALID_STATE, "This item is retired.", ("input", "id"))
        seen = versions.reader_view(item)
        if changes.product_ids is not None:
            await _check_products(session, changes.product_ids)
            item.product_ids = list(dict.fromkeys(changes.product_ids))
        copy_given(item, changes, ("summary", "body", "language", "publish_at", "retire_at"))
        if changes.kind is not None:
            item.kind = changes.kind.value
        if changes.title is not None:
            item.title = changes.title.strip()
        if changes.tags is not None:
            item.tags = list(normal_keys(changes.tags))
        for name in ("competitors", "segments", "industries"):
            if (keys := getattr(changes, name)) is not None:
                setattr(item, name, list(normal_keys(keys)))
        if changes.families is not None:
            item.families = _distinct(changes.families)
        if changes.audience_roles is not None:
            item.audience_roles = sorted({role.value for role in changes.audience_roles})
        _check_window(item)
        await _index(item)
        await versions.record_edit(session, actor, now, item, seen, changes.change_note)
    return item


async def retire_content_item(
    session: AsyncSession, actor: Actor, now: datetime, item_id: int, version: int
) -> ContentItem:
    """Retire now: it is no longer found; reading it by id says it was retired."""
    async with audited_edit(
        session, actor, "retireContentItem", ContentItem, item_id, version, name="ContentItem"
    ) as item:
        if status(item.publish_at, item.retire_at, now) is ContentStatus.RETIRED:
            raise refuse(Code.INVALID_STATE, "This item is already retired.", ("input", "id"))
        if item.publish_at > now:
            item.publish_at = now  # never published: its window closes as it opens
        item.retire_at = retire_instant(item.retire_at, now)
        await versions.record_retired(session, now, item)
    return item

"""The inputs of the content mutations: sizes declared at the edge (documented in the SDL)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry import relay

from content.rules import BODY_MAX, COMPETITOR_MAX, CUSTOMER_KEY_MAX, SUMMARY_MAX, TAG_MAX
from db.models.content_versions import CHANGE_NOTE_MAX
from resolvers.mutation import EditInput, empty_list_field, idempotency_key_field
from schema.text_limits import Family, IdempotencyKey, LongName, MaxLength
from schema.types.content import ContentKind
from schema.types.user import Role

Summary = Annotated[str, MaxLength(SUMMARY_MAX)]
Body = Annotated[str, MaxLength(BODY_MAX)]
Language = Annotated[str, MaxLength(20)]
Tag = Annotated[str, MaxLength(TAG_MAX)]
Competitor = Annotated[str, MaxLength(COMPETITOR_MAX)]
CustomerKey = Annotated[str, MaxLength(CUSTOMER_KEY_MAX)]
ChangeNote = Annotated[str, MaxLength(CHANGE_NOTE_MAX)]

_BODY = (
    "The body in Markdown (CommonMark and tables). Raw HTML in it is sanitised when rendered: "
    "scripts, styles, iframes, event handlers and `javascript:` links are removed."
)


@strawberry.input(description="A new content item; published now unless `publishAt` says later.")
class CreateContentItemInput:
    kind: ContentKind  # type: ignore[valid-type]
    """What it is."""
    title: LongName
    """Its title (not blank)."""
    language: Language
    """Its language as a BCP 47 tag, e.g. "en", "th", "zh-Hans"."""
    summary: Summary = ""
    """A short plain-text summary."""
    body: Body = strawberry.field(default="", description=_BODY)
    tags: list[Tag] = empty_list_field("At most 30 tags.")
    product_ids: list[relay.GlobalID] = empty_list_field("The products it is about (at most 50).")
    families: list[Family] = empty_list_field("The product families it is about.")
    competitors: list[Competitor] = empty_list_field(
        'Competitors it is about, as keys, e.g. "acme" (≤ 50).'
    )
    segments: list[CustomerKey] = empty_list_field(
        'Customer segments it is for, as keys, e.g. "mid-market" (≤ 50); deals of '
        "accounts in one of them rank it higher."
    )
    industries: list[CustomerKey] = empty_list_field(
        'Customer industries it is for, as keys, e.g. "retail" (≤ 50); deals of '
        "accounts in one of them rank it higher."
    )
    audience_roles: list[Role] = empty_list_field(  # type: ignore[valid-type]
        "Who may read it; empty: everyone signed in."
    )
    publish_at: datetime | None = None
    """When it is published; null: now."""
    retire_at: datetime | None = None
    """When it retires (after `publishAt`); null: open-ended."""
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


@strawberry.input(description="Fields left out (null) stay as they are; a given list replaces.")
class UpdateContentItemInput(EditInput):
    kind: ContentKind | None = None  # type: ignore[valid-type]
    """What it is."""
    title: LongName | None = None
    """A new title (not blank)."""
    language: Language | None = None
    """A new language tag."""
    summary: Summary | None = None
    """A new summary."""
    body: Body | None = strawberry.field(default=None, description=_BODY)
    tags: list[Tag] | None = None
    """New tags (at most 30)."""
    product_ids: list[relay.GlobalID] | None = None
    """New products (at most 50)."""
    families: list[Family] | None = None
    """New product families."""
    competitors: list[Competitor] | None = None
    """New competitor keys."""
    segments: list[CustomerKey] | None = None
    """New customer segment keys."""
    industries: list[CustomerKey] | None = None
    """New customer industry keys."""
    audience_roles: list[Role] | None = None  # type: ignore[valid-type]
    """A new audience; an empty list: everyone signed in."""
    publish_at: datetime | None = None
    """A new publish instant."""
    retire_at: datetime | None = None
    """A new retire instant (after `publishAt`)."""
    change_note: ChangeNote | None = None
    """Why: kept on the version this change opens, when it changes what readers see."""

"""``createContentItem``, ``updateContentItem`` and ``retireContentItem`` (OPS)."""

from __future__ import annotations

import strawberry

from db.models.users import Role
from resolvers.content.attachments import ContentAttachmentMutations
from resolvers.content.inputs import CreateContentItemInput, UpdateContentItemInput
from resolvers.content.tracking import ContentTrackingMutations
from resolvers.fields import mutation_field
from resolvers.mutation import Arguments, command, key, mutation, mutation_on, version_field
from schema.types.content import ContentItem
from services.content import items
from services.content.items import ContentItemChanges, NewContentItem


def _products(ids: list[strawberry.relay.GlobalID] | None) -> list[object] | None:
    return None if ids is None else [key(i, "Product", "productIds") for i in ids]


@mutation(items.create_content_item, ContentItem)
def create_content_item(input: CreateContentItemInput) -> Arguments:
    """The new item: kind, title, language, texts, links, audience and dates."""
    return (command(NewContentItem, input, product_ids=_products(input.product_ids)),)


@mutation(items.update_content_item, ContentItem)
def update_content_item(input: UpdateContentItemInput) -> Arguments:
    return (
        key(input.id, "ContentItem"),
        input.version,
        command(ContentItemChanges, input, product_ids=_products(input.product_ids)),
    )


retire_content_item = mutation_on(
    "retire", items.retire_content_item, ContentItem, version=(int, version_field())
)


@strawberry.type
class ContentMutations(ContentTrackingMutations, ContentAttachmentMutations):
    create_content_item = mutation_field(
        create_content_item,
        "Publish a content item; the body's Markdown is rendered to sanitised HTML. "
        "Errors: INVALID (sizes, language, dates), NOT_FOUND (a product).",
        Role.OPS,
    )
    update_content_item = mutation_field(
        update_content_item,
        "Change a content item. Errors: CONFLICT (stale version), INVALID, NOT_FOUND, "
        "INVALID_STATE (retired).",
        Role.OPS,
    )
    retire_content_item = mutation_field(
        retire_content_item,
        "Retire a content item now: search no longer finds it; reading it by id says it was "
        "retired. Errors: CONFLICT, NOT_FOUND, INVALID_STATE (already retired).",
        Role.OPS,
    )

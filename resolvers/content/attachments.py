"""``addContentAttachment`` and ``removeContentAttachment`` (OPS).

The file arrives by the GraphQL multipart request spec (an ``Upload`` variable); the use
case reads it a chunk at a time and refuses it with a typed error before anything is kept.
"""

from __future__ import annotations

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload

from db.models.users import Role
from resolvers.fields import mutation_field
from resolvers.mutation import Arguments, key, mutation
from schema.types.content import ContentItem
from schema.types.content_attachments import ContentAttachment
from services.content import attachments


@strawberry.input(description="The file to attach to a content item, and the item.")
class AddContentAttachmentInput:
    content_item_id: relay.GlobalID
    """The global ID of the ContentItem to attach it to."""
    file: Upload = strawberry.field(
        description="The file, as a multipart part (GraphQL multipart request spec). Its name "
        "needs an allowed extension (.pdf .png .jpg .jpeg .webp .gif .mp4 .docx .xlsx .pptx "
        ".txt .csv) and its bytes must be of that type."
    )


@strawberry.input(description="Which attachment `removeContentAttachment` removes.")
class RemoveContentAttachmentInput:
    id: relay.GlobalID
    """The global ID of the ContentAttachment."""


@mutation(attachments.add_content_attachment, ContentAttachment)
def add_content_attachment(input: AddContentAttachmentInput, info: strawberry.Info) -> Arguments:
    return (
        info.context.config.attachments,
        key(input.content_item_id, "ContentItem", "contentItemId"),
        input.file,
    )


@mutation(attachments.remove_content_attachment, ContentItem)
def remove_content_attachment(input: RemoveContentAttachmentInput) -> Arguments:
    return (key(input.id, "ContentAttachment"),)


@strawberry.type
class ContentAttachmentMutations:
    add_content_attachment = mutation_field(
        add_content_attachment,
        "Attach a file to a content item (multipart upload). The same bytes attached to the "
        "same item again return the first attachment. Errors: FILE_TOO_LARGE (over "
        "DEALDESK_ATTACHMENT_MAX_BYTES, 25 MB by default), UNSUPPORTED_FILE_TYPE (extension "
        "not allowed, or the bytes are not what the name says), INVALID (empty file, a name "
        "with a path or control characters), LIMIT_REACHED (the item holds the most "
        "attachments), INVALID_STATE (retired item), NOT_FOUND.",
        Role.OPS,
    )
    remove_content_attachment = mutation_field(
        remove_content_attachment,
        "Remove an attachment from its item; the item back. Errors: NOT_FOUND.",
        Role.OPS,
    )

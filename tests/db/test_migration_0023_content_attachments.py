"""Revision 0023 adds content attachments (one row per item and SHA-256, a positive size, a
lower-case hex digest) and takes them away again."""

from __future__ import annotations

import asyncio

import pytest
from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import content_item, execute, tables, user

TABLE = ("content_attachments",)
DIGEST = "ab" * 32
ATTACH = (
    "INSERT INTO content_attachments (content_item_id, file_name, media_type, size, sha256, "
    "uploaded_by_id) SELECT c.id, 'a.pdf', 'application/pdf', {size}, '{sha}', u.id "
    "FROM content_items c, users u"
)


def test_the_revision_goes_up_and_down_and_holds_one_row_per_item_and_digest(
    scratch_url: str,
) -> None:
    upgrade(scratch_url, "0023_content_attachments")
    assert tables(scratch_url, *TABLE) == 1
    asyncio.run(
        execute(
            scratch_url,
            user("OPS"),
            content_item("PRODUCT_SHEET"),
            (ATTACH.format(size=10, sha=DIGEST),),
        )
    )
    with pytest.raises(Exception, match="uq_content_attachments_content_item_id_sha256"):
        asyncio.run(execute(scratch_url, (ATTACH.format(size=10, sha=DIGEST),)))
    with pytest.raises(Exception, match="size_positive"):
        asyncio.run(execute(scratch_url, (ATTACH.format(size=0, sha="cd" * 32),)))
    with pytest.raises(Exception, match="sha256_hex"):
        asyncio.run(execute(scratch_url, (ATTACH.format(size=1, sha="AB" * 32),)))

    command.downgrade(alembic_config(scratch_url), "0022_content_search_stemming")

    assert tables(scratch_url, *TABLE) == 0

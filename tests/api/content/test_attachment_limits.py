"""The size and count limits of attachments, on an app configured with small ones: an
oversized file is a typed error and stores nothing; a body far over the limit is cut off
with 413 while it streams in; an item holds at most so many files."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from db.models.users import Role
from server.app import UPLOAD_OVERHEAD_BYTES, create_app
from server.settings import Settings
from services.storage.blobs import LocalBlobStore
from tests.api.conftest import Api, People, started_client
from tests.api.content.attachment_helpers import PDF, attached, new_item, upload, upload_response

MAX = 1000


async def test_oversized_uploads_are_refused_and_nothing_is_kept(
    settings: Settings, tmp_path: Path
) -> None:
    small = settings.model_copy(
        update={
            "attachment_max_bytes": MAX,
            "attachments_per_item": 2,
            "attachments_dir": tmp_path,
        }
    )
    app = create_app(small)
    store = LocalBlobStore(small.resolved_attachments_dir)
    async with started_client(app) as http:
        people = People(app, Api(http))
        ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
        item = await new_item(ops)

        just_over = PDF + os.urandom(MAX + 1 - len(PDF))
        payload = await upload(ops, item["id"], "big.pdf", just_over)
        assert payload["contentAttachment"] is None
        assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [
            ("FILE_TOO_LARGE", ["input", "file"])
        ]
        assert "1,000 bytes" in payload["userErrors"][0]["message"]
        assert not store.path(hashlib.sha256(just_over).hexdigest()).exists()
        assert list(store.incoming.glob("*")) == []

        huge = PDF + b"\0" * (MAX + UPLOAD_OVERHEAD_BYTES)
        cut = await upload_response(ops, item["id"], "huge.pdf", huge)
        assert cut.status_code == 413
        assert cut.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"

        at_limit = PDF + os.urandom(MAX - len(PDF))
        assert (await attached(ops, item["id"], "limit.pdf", at_limit))["size"] == MAX
        await attached(ops, item["id"], "second.pdf", PDF + b"2")
        full = await upload(ops, item["id"], "third.pdf", PDF + b"3")
        assert [(e["code"], e["field"]) for e in full["userErrors"]] == [
            ("LIMIT_REACHED", ["input", "contentItemId"])
        ]

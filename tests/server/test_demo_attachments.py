"""The demo's attachments: a CSV and a PNG made by the loader, stored once, their types
sniffed as for any upload; loading twice adds nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from starlette.applications import Starlette

from db.engine import create_session_factory
from db.models.content_attachments import ContentAttachment
from server.demo.content import load_content
from server.demo.content_attachments import demo_attachments, load_content_attachments
from server.demo.running import OPS, run_as
from services.storage.blobs import LocalBlobStore
from tests.conftest import load_demo_org, truncate_all


async def test_two_demo_items_carry_a_generated_file_once(app: Starlette, tmp_path: Path) -> None:
    await load_demo_org(app)
    sessions = create_session_factory(app.state.engine)
    now = datetime.now(UTC)
    attachments = demo_attachments(tmp_path)

    async def attach(session: object, actor: object, at: datetime) -> int:
        return await load_content_attachments(session, actor, at, attachments)  # type: ignore[arg-type]

    try:
        await run_as(sessions, OPS, now, load_content)
        first = await run_as(sessions, OPS, now, attach)
        second = await run_as(sessions, OPS, now, attach)
        async with sessions() as session:
            rows = list((await session.scalars(select(ContentAttachment))).all())
    finally:
        await truncate_all(app)

    assert (first, second) == (2, 2)
    assert sorted((r.file_name, r.media_type) for r in rows) == [
        ("edge-server-chassis.csv", "text/csv"),
        ("security-suite-growth.png", "image/png"),
    ]
    store = LocalBlobStore(tmp_path)
    assert all(store.path(r.sha256).stat().st_size == r.size for r in rows)

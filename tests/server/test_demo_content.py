"""The demo's enablement library: every kind, three languages, linked to demo products and
competitors, a training module with its quiz; found by a Thai and a Chinese word; loading
twice adds nothing (``tests/server/test_demo.py`` counts it in the whole demo)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from sqlalchemy import select
from starlette.applications import Starlette

from content.rules import ContentKind
from db.actor import Actor
from db.engine import create_session_factory
from db.models.content import ContentItem, ContentQuiz
from db.models.users import Role
from server.demo.content import load_content
from server.demo.running import OPS, run_as
from services.content.search import ContentSearch, search_content
from tests.conftest import load_demo_org, truncate_all


async def test_the_demo_library_is_loaded_once_in_three_languages(app: Starlette) -> None:
    await load_demo_org(app)
    sessions = create_session_factory(app.state.engine)
    now = datetime.now(UTC)
    try:
        made = await run_as(sessions, OPS, now, load_content)
        again = await run_as(sessions, OPS, now, load_content)
        async with sessions() as session:
            items = list((await session.scalars(select(ContentItem))).all())
            quizzes = list((await session.scalars(select(ContentQuiz))).all())
            rep = Actor(user_id=items[0].created_by_id, roles=frozenset({Role.REP}))
            thai = await search_content(session, rep, now, ContentSearch(query="จีพียู"))
            chinese = await search_content(session, rep, now, ContentSearch(query="显卡"))
    finally:
        await truncate_all(app)

    assert (made, again, len(items)) == (len(items), 0, len(items))
    assert 20 <= len(items) <= 40
    assert {i.kind for i in items} == {k.value for k in ContentKind}
    languages = Counter(i.language.split("-")[0] for i in items)
    assert set(languages) == {"en", "th", "zh"} and min(languages.values()) >= 5
    assert sum(1 for i in items if i.product_ids) >= 15
    assert {c for i in items for c in i.competitors} == {"contoso", "fabrikam"}
    assert len(quizzes) == 1 and len(quizzes[0].questions) == 3
    assert {"เอกสารข้อมูลเซิร์ฟเวอร์เอดจ์", "วิธีชนะคู่แข่งคอนโทโซ"} <= {i.title for i in thai.items}
    assert "边缘服务器产品手册" in {i.title for i in chinese.items}

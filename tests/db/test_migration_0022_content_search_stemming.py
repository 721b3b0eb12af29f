"""Revision 0022 makes an English item's search vector with the ``english`` configuration
(stems) and any other with ``simple``, keeps the vocabulary of indexed words by a trigger
(filled from the items already there), and takes both away again."""

from __future__ import annotations

import asyncio

from alembic import command

from db.migrate import alembic_config, upgrade
from tests.db.scratch import execute, fetch_row, tables, user


def item(language: str, title: str) -> tuple[str]:
    return (
        "INSERT INTO content_items (kind, title, language, tags, product_ids, families, "
        "competitors, audience_roles, publish_at, created_by_id, terms_a) "
        f"SELECT 'PRICING_GUIDE', '{title}', '{language}', '{{}}', '{{}}', '{{}}', '{{}}', "
        f"'{{}}', now(), id, '{title}' FROM users",
    )


VECTORS = "SELECT string_agg(search_vector::text, ' / ' ORDER BY language) AS v FROM content_items"
TERMS = "SELECT string_agg(term, ' ' ORDER BY term) AS t FROM content_terms"
TERMS_TABLE = ("content_terms",)


def test_english_rows_are_stemmed_and_the_vocabulary_is_kept(scratch_url: str) -> None:
    upgrade(scratch_url, "0021_deal_relevance")
    asyncio.run(execute(scratch_url, user("OPS"), item("en-GB", "Pricing renewals")))

    upgrade(scratch_url, "0022_content_search_stemming")
    asyncio.run(execute(scratch_url, item("th", "Pricing ราคา")))
    vectors = asyncio.run(fetch_row(scratch_url, VECTORS))["v"]
    assert vectors == "'price':1A 'renew':2A / 'pricing':1A 'ราคา':2A"
    # words as written: the English row's from the fill, the Thai row's from the trigger
    assert asyncio.run(fetch_row(scratch_url, TERMS))["t"] == "pricing renewals"
    asyncio.run(
        execute(
            scratch_url, ("UPDATE content_items SET terms_a = 'Gateway' WHERE language = 'th'",)
        )
    )
    assert "gateway" in asyncio.run(fetch_row(scratch_url, TERMS))["t"].split()

    command.downgrade(alembic_config(scratch_url), "0021_deal_relevance")

    vectors = asyncio.run(fetch_row(scratch_url, VECTORS))["v"]
    assert vectors == "'pricing':1A 'renewals':2A / 'gateway':1A"
    assert tables(scratch_url, *TERMS_TABLE) == 0

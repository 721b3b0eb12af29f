"""content search: English items stemmed, and a vocabulary for misspelt words

The search vector of an item whose language is English (``en``, ``en-GB``…) is made with
the ``english`` configuration (stemming: "pricing" finds "price"); any other language keeps
``simple`` over the segmented Thai and Chinese words. PostgreSQL 15 cannot change a
generated column's expression, so the column and its GIN index are made again (the
vectors are recomputed from the ``terms_*`` columns already stored).

``content_terms`` holds the Latin-script words of three letters or more the items' indexed
text holds, as written (lower-cased, unstemmed: "onboarding", not "onboard", so a misspelt
"onbaording" is one swap away), kept by triggers as items are written and filled from the
items already there: the search corrects a misspelt query word against it (no ``pg_trgm``
in the embedded wheel).

Revision ID: 0022_content_search_stemming
Revises: 0021_deal_relevance
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0022_content_search_stemming"
down_revision = "0021_deal_relevance"

ROW_CONFIG = (
    "(CASE WHEN split_part(language, '-', 1) = 'en' "
    "THEN 'english'::regconfig ELSE 'simple'::regconfig END)"
)
STEMMED = " || ".join(
    f"setweight(to_tsvector({ROW_CONFIG}, terms_{w.lower()}), '{w}')" for w in "ABC"
)
SIMPLE = " || ".join(f"setweight(to_tsvector('simple', terms_{w.lower()}), '{w}')" for w in "ABC")

WRITTEN = "unnest(to_tsvector('simple', concat_ws(' ', {row}.terms_a, {row}.terms_b, {row}.terms_c)))"
WORDS = (
    "SELECT DISTINCT lexeme FROM {source} "
    "WHERE length(lexeme) >= 3 AND lexeme ~ '^[a-z][a-z0-9]*$'"
)
TRIGGER_FUNCTION = f"""
CREATE FUNCTION content_terms_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO content_terms (term)
    {WORDS.format(source="written, " + WRITTEN.format(row="written"))}
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$
"""
TRIGGERS = {"content_terms_added": "INSERT", "content_terms_changed": "UPDATE"}
"""Per statement, over the rows it wrote: a bulk load (``COPY``) adds its words in one
``INSERT``, not one per row."""


def _vector(expression: str) -> None:
    op.drop_index("ix_content_items_search", table_name="content_items")
    op.drop_column("content_items", "search_vector")
    op.add_column(
        "content_items",
        sa.Column(
            "search_vector",
            postgresql.TSVECTOR(),
            sa.Computed(expression, persisted=True),
            nullable=True,
        ),
    )
    op.create_index(
        "ix_content_items_search",
        "content_items",
        ["search_vector"],
        unique=False,
        postgresql_using="gin",
    )


def upgrade() -> None:
    _vector(STEMMED)
    op.create_table(
        "content_terms",
        sa.Column("term", sa.Text(collation="C"), nullable=False),
        sa.PrimaryKeyConstraint("term", name=op.f("pk_content_terms")),
    )
    source = "content_items, " + WRITTEN.format(row="content_items")
    op.execute(f"INSERT INTO content_terms (term) {WORDS.format(source=source)}")
    op.execute(TRIGGER_FUNCTION)
    for name, event in TRIGGERS.items():  # one event each: a transition table allows no more
        op.execute(
            f"CREATE TRIGGER {name} AFTER {event} ON content_items REFERENCING NEW TABLE AS "
            "written FOR EACH STATEMENT EXECUTE FUNCTION content_terms_keep()"
        )


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name} ON content_items")
    op.execute("DROP FUNCTION content_terms_keep()")
    op.drop_table("content_terms")
    _vector(SIMPLE)

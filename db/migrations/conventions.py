"""The schema's conventions as the revisions spell them: standard columns, checks and triggers.

Each function stands for one convention the models share (``db.base``,
``db.models.columns``) and gives the same columns, constraints or DDL the
revisions used to spell out table by table.

Revisions are history, and so is this module: a revision must build exactly the
schema it built when it first ran. Never change what a function here produces;
a revision that needs something else gets a new function.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


def stamped(name: str) -> sa.Column:
    """An instant the database's clock stamps when the row is written (UTC)."""
    return sa.Column(
        name, sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
    )


def timestamped() -> tuple[sa.Column, sa.Column]:
    """``created_at`` and ``updated_at`` (``db.base.Timestamped``)."""
    return stamped("created_at"), stamped("updated_at")


def versioned() -> sa.Column:
    """The optimistic-concurrency ``version`` (``db.base.Versioned``)."""
    return sa.Column("version", sa.Integer(), server_default="1", nullable=False)


def effective_dated() -> tuple[sa.Column, sa.Column]:
    """``valid_from`` and the open-ended ``valid_to`` (``db.models.columns.EffectiveDated``)."""
    return (
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
    )


def scoped() -> tuple[sa.Column, ...]:
    """What a pricing rule applies to, when, and whether it is on
    (``db.models.pricing_rules.Scoped``)."""
    return (
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("family", sa.String(length=100), nullable=True),
        *effective_dated(),
        sa.Column("active", sa.Boolean(), server_default="true", nullable=False),
    )


def quantity_band() -> tuple[sa.Column, sa.Column]:
    """``from_quantity`` and the uncapped ``to_quantity`` (``db.models.columns.QuantityBand``)."""
    return (
        sa.Column("from_quantity", sa.Integer(), nullable=False),
        sa.Column("to_quantity", sa.Integer(), nullable=True),
    )


def _check(table: str, name: str, condition: str) -> sa.CheckConstraint:
    """The check ``ck_<table>_<name>``."""
    return sa.CheckConstraint(condition, name=op.f(f"ck_{table}_{name}"))


def currency_iso(table: str) -> sa.CheckConstraint:
    """The row's ``currency`` is an ISO 4217 code (``db.models.columns.currency_iso``)."""
    return _check(table, "currency_iso", "currency ~ '^[A-Z]{3}$'")


def dates_ordered(table: str) -> sa.CheckConstraint:
    """An effective-dated row ends after it starts (``db.models.columns.dates_ordered``)."""
    return _check(table, "dates_ordered", "valid_to IS NULL OR valid_to > valid_from")


def bounds_ordered(table: str) -> sa.CheckConstraint:
    """A quantity band does not end before it starts (``db.models.columns.bounds_ordered``)."""
    return _check(table, "bounds_ordered", "to_quantity IS NULL OR to_quantity >= from_quantity")


def primary_key(table: str, *columns: str) -> sa.PrimaryKeyConstraint:
    """The table's primary key ``pk_<table>``, on ``id`` unless named."""
    return sa.PrimaryKeyConstraint(*(columns or ("id",)), name=op.f(f"pk_{table}"))


def references(
    table: str,
    column: str,
    target: str,
    ondelete: str,
    *,
    nullable: bool = False,
    type_: type[sa.Integer] = sa.Integer,
) -> sa.Column:
    """``column``, the id of a ``target`` row, under the foreign key
    ``fk_<table>_<column>_<target>`` (``db.models.columns.belongs_to`` and ``refers_to``)."""
    key = sa.ForeignKey(
        f"{target}.id", name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )
    return sa.Column(column, type_(), key, nullable=nullable)


def keyed(table: str) -> tuple[sa.Column, sa.PrimaryKeyConstraint]:
    """The integer surrogate key ``id`` and its primary key ``pk_<table>``."""
    return sa.Column("id", sa.Integer(), nullable=False), primary_key(table)


def append_only(*tables: str) -> None:
    """Refuse every UPDATE and DELETE on these ledger tables (function of revision 0001)."""
    for table in tables:
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only()"
        )


def drop_append_only(*tables: str) -> None:
    """Undo ``append_only``."""
    for table in tables:
        op.execute(f"DROP TRIGGER {table}_append_only ON {table}")


def drop_table(table: str, *indexes: str) -> None:
    """Drop the named indexes of a table, in that order, then the table."""
    for index in indexes:
        op.drop_index(index, table_name=table)
    op.drop_table(table)

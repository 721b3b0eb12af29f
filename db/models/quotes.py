"""Quotes, their revisions, lines and clauses, and the clause library.

A quote's content lives in revisions. Editing a quote that was approved or
sent starts a new revision; earlier revisions stay as they were, so a quote
always shows exactly what the customer saw. Each revision stores its priced
result (waterfall, totals, breaches) so reads never reprice: the quote-level part in
the revision's row (``priced_header``), each priced line in its own ``QuotePricedLine``
row, so an edit writes only the lines whose price changed. ``QuoteRevision.priced``
reads the whole snapshot back, as one document, in the statement that loads the row.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Sequence,
    String,
    Text,
    UniqueConstraint,
    case,
    cast,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSON, JSONB, aggregate_order_by
from sqlalchemy.orm import Mapped, column_property, mapped_column

from db.base import Base, Created, Keyed, Timestamped, Versioned
from db.models.columns import (
    MONEY,
    PERCENT,
    belongs_to,
    currency_iso,
    pg_enum,
    refers_to,
    stamped_on_insert,
)
from quotes.lifecycle import Action, Status

QUOTE_NUMBER = Sequence("quote_number_seq", start=1001)


QuoteStatus = Status
"""A quote's status is the status machine's own enum (``quotes.lifecycle``)."""


QUOTE_OWN_EVENTS = (
    "CREATED",
    "CLONED",
    "REVISED",
    "COMMENT",
    "EXPIRED",
    "COUNTER_ACCEPTED",
    "REVERSED",
    "PARTIALLY_REVERSED",
    "OPTION_SELECTED",
    "CHANGE_PROPOSED",
    "CHANGE_ACCEPTED",
    "CHANGE_DECLINED",
)
"""The events the use cases record beside the status moves."""

QuoteEventKind = enum.Enum(
    "QuoteEventKind",
    [(kind, kind) for kind in (*QUOTE_OWN_EVENTS, *(action.value for action in Action))],
    module=__name__,
)
"""What a ``QuoteEvent`` records, as its ``kind`` column stores it: the use cases' own
events, and every ``quotes.lifecycle.Action`` (a move records its action)."""


class Quote(Base, Keyed, Timestamped, Versioned):
    __tablename__ = "quotes"
    __table_args__ = (
        currency_iso(),
        CheckConstraint("current_revision >= 1", name="revision_positive"),
        Index("ix_quotes_owner_updated", "owner_id", "updated_at"),
    )

    number: Mapped[int] = mapped_column(
        QUOTE_NUMBER, server_default=QUOTE_NUMBER.next_value(), nullable=False, unique=True
    )
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    account_id: Mapped[int] = refers_to("accounts", index=True)
    owner_id: Mapped[int] = refers_to("users")
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    status: Mapped[QuoteStatus] = mapped_column(
        pg_enum(QuoteStatus, "quote_status"), nullable=False, index=True
    )
    current_revision: Mapped[int] = mapped_column(nullable=False, server_default="1")
    valid_until: Mapped[date] = mapped_column(Date, nullable=False)
    expected_close_date: Mapped[date | None] = mapped_column(Date)
    actual_close_date: Mapped[date | None] = mapped_column(Date)
    outcome_reason: Mapped[str | None] = mapped_column(String(500))
    cloned_from_id: Mapped[int | None] = mapped_column(ForeignKey("quotes.id", ondelete="SET NULL"))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Denormalised from the current revision, for lists and sorting.
    net_total: Mapped[Decimal] = mapped_column(MONEY, nullable=False, server_default="0")


class QuoteRevision(Base, Keyed, Timestamped):
    """One version of a quote's content. Frozen once approved or sent."""

    __tablename__ = "quote_revisions"
    __table_args__ = (UniqueConstraint("quote_id", "number"),)

    quote_id: Mapped[int] = belongs_to("quotes")
    number: Mapped[int] = mapped_column(nullable=False)
    terms: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    notes: Mapped[str] = mapped_column(Text, nullable=False, server_default="")  # internal only
    customer_notes: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    competitors: Mapped[list[str]] = mapped_column(
        ARRAY(String(100)), nullable=False, server_default="{}"
    )
    """The competitors named on the deal, as keys (trimmed, lower-cased, each once); internal."""
    quote_discount_percent: Mapped[Decimal | None] = mapped_column(PERCENT)
    quote_discount_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    pricing_date: Mapped[date] = mapped_column(Date, nullable=False)
    priced_header: Mapped[dict] = mapped_column(
        "priced", JSONB, nullable=False, server_default="{}"
    )
    """The priced snapshot without its lines (totals, quote-level steps, breaches, errors);
    the lines are ``QuotePricedLine`` rows. ``{}`` until the revision is priced."""
    non_standard: Mapped[bool] = mapped_column(nullable=False, server_default="false")
    # Line keys (L1, L2, …) are never reused, even after a line is removed.
    lines_added: Mapped[int] = mapped_column(nullable=False, server_default="0")
    frozen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    if TYPE_CHECKING:
        priced: Mapped[dict[str, Any]]
        """The whole priced snapshot (``db.codec.pricing``), read only: set below."""


class QuotePricedLine(Base):
    """One priced line of a revision's snapshot (``pricing.PricedLine`` in the tagged
    codec), at its place in the snapshot's ``lines`` (bundle children included)."""

    __tablename__ = "quote_priced_lines"

    revision_id: Mapped[int] = mapped_column(
        ForeignKey("quote_revisions.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True)
    """The line's index in the snapshot's lines, from 0."""
    line_id: Mapped[str] = mapped_column(Text, nullable=False)
    parent_line_id: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict] = mapped_column(JSONB, nullable=False)


def priced_snapshot() -> Any:
    """The revision's whole snapshot: its header with the ``lines`` its rows hold, in
    order (the header as it is when unpriced, ``{}``, or when it keeps its lines).

    Built as JSON text, the rows' texts joined into the header's: PostgreSQL builds a
    1,000-line ``jsonb`` document (``jsonb_agg``, ``||``) about eight times slower than
    it joins the same text, and the reader parses the text either way."""
    header = QuoteRevision.__table__.c.priced
    texts = (
        select(
            func.array_to_string(
                func.array_agg(
                    aggregate_order_by(cast(QuotePricedLine.data, Text), QuotePricedLine.position)
                ),
                literal_column("','"),
            )
        )
        .where(QuotePricedLine.revision_id == QuoteRevision.__table__.c.id)
        .correlate_except(QuotePricedLine)
        .scalar_subquery()
    )
    whole = func.concat(
        func.left(cast(header, Text), -1),
        literal_column("""', "lines": {"$tuple": ['"""),
        texts,
        literal_column("']}}'"),
    )
    return cast(
        case(
            (
                or_(header.has_key("lines"), header == literal_column("'{}'::jsonb")),
                cast(header, Text),
            ),
            else_=whole,
        ),
        JSON,
    )


QuoteRevision.priced = column_property(  # type: ignore[misc]
    priced_snapshot().label("priced"), expire_on_flush=False
)


class QuoteLine(Base, Keyed):
    __tablename__ = "quote_lines"
    __table_args__ = (
        UniqueConstraint("revision_id", "key"),
        # The paged ``lineItems`` read and an edit's line load (revision 0017).
        Index("ix_quote_lines_revision_position", "revision_id", "position"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint(
            "discount_percent IS NULL OR discount_amount IS NULL", name="one_discount_kind"
        ),
    )

    revision_id: Mapped[int] = belongs_to("quote_revisions", index=True)
    key: Mapped[str] = mapped_column(String(64), nullable=False)
    position: Mapped[int] = mapped_column(nullable=False)
    product_id: Mapped[int] = refers_to("products")
    quantity: Mapped[int] = mapped_column(nullable=False)
    configuration: Mapped[dict | None] = mapped_column(JSONB)
    discount_percent: Mapped[Decimal | None] = mapped_column(PERCENT)
    discount_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    term_months: Mapped[int | None] = mapped_column()


class Clause(Base, Keyed, Timestamped):
    """A standard clause in the library; its text is versioned in ``clause_versions``."""

    __tablename__ = "clauses"

    code: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    segment: Mapped[str | None] = mapped_column(String(50))  # null: every segment
    standard: Mapped[bool] = mapped_column(nullable=False, server_default="true")
    position: Mapped[int] = mapped_column(nullable=False, server_default="0")
    active: Mapped[bool] = mapped_column(nullable=False, server_default="true")


class ClauseVersion(Base, Keyed, Created):
    """Append-only clause text; quotes point at the version they included."""

    __tablename__ = "clause_versions"
    __table_args__ = (UniqueConstraint("clause_id", "version"),)

    clause_id: Mapped[int] = belongs_to("clauses")
    version: Mapped[int] = mapped_column(nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)


class QuoteClause(Base, Keyed):
    __tablename__ = "quote_clauses"

    revision_id: Mapped[int] = belongs_to("quote_revisions", index=True)
    clause_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("clause_versions.id", ondelete="RESTRICT")
    )
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    position: Mapped[int] = mapped_column(nullable=False)
    edited: Mapped[bool] = mapped_column(nullable=False, server_default="false")


class QuoteEvent(Base, Keyed):
    """Append-only history of a quote: status changes, customer comments, acceptance."""

    __tablename__ = "quote_events"
    __table_args__ = (
        Index("ix_quote_events_quote", "quote_id", "id"),
        Index("ix_quote_events_quote_at", "quote_id", "at", "id"),  # the timeline's pages
    )

    quote_id: Mapped[int] = belongs_to("quotes")
    revision: Mapped[int] = mapped_column(nullable=False)
    kind: Mapped[str] = mapped_column(String(50), nullable=False)
    from_status: Mapped[str | None] = mapped_column(String(30))
    to_status: Mapped[str | None] = mapped_column(String(30))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    customer_name: Mapped[str | None] = mapped_column(String(200))
    message: Mapped[str | None] = mapped_column(Text)
    change_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("quote_change_requests.id", ondelete="SET NULL")
    )
    """The customer's change request the event is about (proposed, accepted, declined)."""
    at: Mapped[datetime] = stamped_on_insert()

"""Queries over approval requests and delegations, and the engine facts they make.

Who may act on a request is decided at the moment of acting (see
``approvals.acting``), so readers and deciders load the delegations naming
the acting user and let the engine judge them against "now".
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Date,
    Integer,
    Select,
    String,
    Text,
    any_,
    bindparam,
    cast,
    false,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer, with_expression

import approvals as engine
from db.codec.approvals import decode
from db.models.approvals import (
    ApprovalDecision,
    ApprovalRequest,
    ApprovalRequestStatus,
    ApprovalRule,
    Delegation,
)
from db.models.catalog import Product
from db.models.price_books import PriceBook, PriceBookEntry
from db.models.users import User
from db.queries.together import fetch, only, stack


def delegation_fact(row: Delegation) -> engine.DelegationFact:
    return engine.DelegationFact(
        user_id=str(row.user_id),
        delegate_id=str(row.delegate_id),
        start=row.starts_at,
        end=row.ends_at,
    )


def acting_directory(users: Iterable[User], delegations: Iterable[Delegation]) -> engine.Directory:
    """A directory just big enough to judge who acts for whom: who is active, and the delegations.

    Roles, managers and authority are left out; plan building loads the full one.
    """
    return engine.Directory(
        users=tuple(engine.UserFact(user_id=str(u.id), active=u.active) for u in users),
        delegations=tuple(delegation_fact(d) for d in delegations),
    )


async def delegations_to(session: AsyncSession, delegate_id: int) -> Sequence[Delegation]:
    """Every delegation naming ``delegate_id`` as the delegate (the engine picks those in force)."""
    return (
        await session.scalars(select(Delegation).where(Delegation.delegate_id == delegate_id))
    ).all()


async def acting_directory_for(session: AsyncSession, user_id: int) -> engine.Directory:
    """The user and the delegations naming them: enough for ``approvals.represented``."""
    user = await session.get(User, user_id)
    return acting_directory(
        [user] if user is not None else [], await delegations_to(session, user_id)
    )


async def possible_stand_ins(session: AsyncSession, user_ids: Iterable[int]) -> list[int]:
    """Everyone ever named a delegate of one of ``user_ids``, whatever the window.

    Announcements carry them so a subscriber's cheap filter can skip events
    that could never concern them; whether one does is judged when it arrives.
    """
    ids = sorted(set(user_ids))
    if not ids:
        return []
    found = await session.scalars(
        select(Delegation.delegate_id).where(Delegation.user_id.in_(ids)).distinct()
    )
    return sorted(found.all())


def requests_awaiting(
    principals: Iterable[int], *, include_countered: bool = False
) -> Select[ApprovalRequest]:
    """The inbox: PENDING requests (and COUNTERED ones with ``include_countered``) with a
    seat (or escalation target) among ``principals``, the user and those they stand in for now."""
    statuses = [ApprovalRequestStatus.PENDING]
    if include_countered:
        statuses.append(ApprovalRequestStatus.COUNTERED)
    seats = [ApprovalRequest.approver_ids.contains([p]) for p in sorted(set(principals))]
    return select(ApprovalRequest).where(ApprovalRequest.status.in_(statuses), or_(false(), *seats))


def stored_as_text(stmt: Select[ApprovalRequest]) -> Select[ApprovalRequest]:
    """``stmt`` loading each request's facts and plan as JSON text (``facts_text``,
    ``plan_text``) instead of decoded JSON: a list decodes them through a cache keyed by that
    text (``db.codec.approvals.decode_text``), so an inbox page of cloned or unchanged documents
    neither parses JSON nor rebuilds engine values. ``facts`` and ``plan`` stay unloaded: read
    them only from rows loaded otherwise."""
    return stmt.options(
        defer(ApprovalRequest.facts, raiseload=True),
        defer(ApprovalRequest.plan, raiseload=True),
        with_expression(ApprovalRequest.facts_text, cast(ApprovalRequest.facts, Text)),
        with_expression(ApprovalRequest.plan_text, cast(ApprovalRequest.plan, Text)),
    )


def inbox_as_text(principals: Iterable[int], *, include_countered: bool = False) -> Select[Any]:
    """``stored_as_text(requests_awaiting(...))``: the inbox's statement, built once per set of
    principals (an immutable select, shared by every request of the same viewer): an inbox
    polled again neither rebuilds its options nor has SQLAlchemy key them for its cache again
    (``_inbox_as_text``)."""
    return _inbox_as_text(tuple(sorted(set(principals))), include_countered)


@functools.lru_cache(maxsize=1024)
def _inbox_as_text(principals: tuple[int, ...], include_countered: bool) -> Select[Any]:
    return stored_as_text(requests_awaiting(principals, include_countered=include_countered))


def request_state_of(
    row: ApprovalRequest,
    decisions: Iterable[ApprovalDecision],
    *,
    plan: engine.ApprovalPlan | None = None,
    facts: engine.QuoteFacts | None = None,
) -> engine.RequestState:
    """The request as the engine sees it: its stored plan and facts (``plan`` and ``facts``
    when the caller already decoded them), and ``decisions`` (its ledger, in order)."""
    return engine.RequestState(
        plan=decode(engine.ApprovalPlan, row.plan) if plan is None else plan,
        facts=decode(engine.QuoteFacts, row.facts) if facts is None else facts,
        submitted_at=row.submitted_at,
        decisions=tuple(decode(engine.RecordedDecision, d.recorded) for d in decisions),
    )


async def request_decisions(session: AsyncSession, request_id: int) -> Sequence[ApprovalDecision]:
    """A request's decision ledger, in the order it was written."""
    return (
        await session.scalars(
            select(ApprovalDecision)
            .where(ApprovalDecision.request_id == request_id)
            .order_by(ApprovalDecision.id)
        )
    ).all()


async def last_approved_request(session: AsyncSession, quote_id: int) -> ApprovalRequest | None:
    """The quote's latest request that left an approved envelope (a decision's or an
    accepted counter-offer's)."""
    return await session.scalar(
        select(ApprovalRequest)
        .where(ApprovalRequest.quote_id == quote_id, ApprovalRequest.envelope.is_not(None))
        .order_by(ApprovalRequest.id.desc())
        .limit(1)
    )


async def pending_requests_for_update(session: AsyncSession) -> Sequence[ApprovalRequest]:
    """Every PENDING request, locked; those another transaction holds are skipped."""
    return (
        await session.scalars(
            select(ApprovalRequest)
            .where(ApprovalRequest.status == ApprovalRequestStatus.PENDING)
            .with_for_update(skip_locked=True)
        )
    ).all()


async def approval_rules(
    session: AsyncSession, *, include_inactive: bool = False
) -> Sequence[ApprovalRule]:
    """Approval rules by level (then id); only the active ones unless ``include_inactive``."""
    stmt = select(ApprovalRule).order_by(ApprovalRule.level, ApprovalRule.id)
    if not include_inactive:
        stmt = stmt.where(ApprovalRule.active)
    return (await session.scalars(stmt)).all()


async def active_rules_in_id_order(session: AsyncSession) -> Sequence[ApprovalRule]:
    """The active rules in creation order: the order plans are built from."""
    return (
        await session.scalars(
            select(ApprovalRule).where(ApprovalRule.active).order_by(ApprovalRule.id)
        )
    ).all()


async def planning_directory(
    session: AsyncSession, default_authority_percent: Decimal
) -> engine.Directory:
    """Everyone and every delegation: what plan building and escalation resolve approvers in.

    A user without a discount authority of their own has ``default_authority_percent``.
    """
    users = (await session.scalars(select(User))).all()
    delegations = (await session.scalars(select(Delegation))).all()
    return directory_of(users, delegations, default_authority_percent)


def directory_of(
    users: Iterable[User], delegations: Iterable[Delegation], default_authority_percent: Decimal
) -> engine.Directory:
    """``planning_directory`` of rows already read."""
    return engine.Directory(
        users=tuple(
            engine.UserFact(
                user_id=str(u.id),
                roles=tuple(r.value for r in u.roles),
                manager_id=str(u.manager_id) if u.manager_id else None,
                active=u.active,
                discount_authority_pct=(
                    u.discount_authority_percent
                    if u.discount_authority_percent is not None
                    else default_authority_percent
                ),
            )
            for u in users
        ),
        delegations=tuple(delegation_fact(d) for d in delegations),
    )


async def products_by_id(session: AsyncSession, product_ids: Iterable[int]) -> dict[int, Product]:
    ids = set(product_ids)
    return {
        p.id: p for p in (await session.scalars(select(Product).where(Product.id.in_(ids)))).all()
    }


def _floors(currency: Any, products: ColumnElement[bool], on: Any) -> Select[Any]:
    """Floor prices of the standard book of ``currency`` on ``on``, for the ``products``
    condition's entries (values or bound placeholders)."""
    return (
        select(PriceBookEntry.product_id, PriceBookEntry.floor_price)
        .join(PriceBook, PriceBook.id == PriceBookEntry.price_book_id)
        .where(
            PriceBook.is_standard,
            PriceBook.active,
            PriceBook.currency == currency,
            products,
            PriceBookEntry.valid_from <= on,
            (PriceBookEntry.valid_to.is_(None)) | (PriceBookEntry.valid_to > on),
        )
    )


async def standard_floor_prices(
    session: AsyncSession, currency: str, product_ids: Iterable[int], on: date
) -> dict[int, Decimal | None]:
    """Each product's floor price in the active standard price book of ``currency`` on ``on``."""
    products = PriceBookEntry.product_id.in_(set(product_ids))
    rows = await session.execute(_floors(currency, products, on))
    return {product_id: floor for product_id, floor in rows.all()}


PLANNING = stack(
    select(Product.id, Product.family).where(
        Product.id == any_(bindparam("product_ids", type_=ARRAY(Integer)))
    ),
    _floors(
        bindparam("currency", type_=String),
        PriceBookEntry.product_id == any_(bindparam("product_ids", type_=ARRAY(Integer))),
        bindparam("on", type_=Date),
    ),
    select(ApprovalRule).where(ApprovalRule.active).order_by(ApprovalRule.id),
    select(User),
    select(Delegation),
)
"""What planning a deal's approvals reads, in one statement: its products' families, their
floors, the active rules (in creation order), everyone and every delegation."""


@dataclass(frozen=True, slots=True)
class PlanningContext:
    families: dict[int, str | None]
    floors: dict[int, Decimal | None]
    rules: list[ApprovalRule]
    users: list[User]
    delegations: list[Delegation]


async def planning_context(
    session: AsyncSession, currency: str, product_ids: Iterable[int], on: date
) -> PlanningContext:
    """``PLANNING``'s rows for ``product_ids`` priced in ``currency`` on ``on``."""
    families, floors, rules, users, delegations = await fetch(
        session, PLANNING, product_ids=sorted(set(product_ids)), currency=currency, on=on
    )
    return PlanningContext(
        families=dict(families),
        floors=dict(floors),
        rules=only(rules),
        users=only(users),
        delegations=only(delegations),
    )

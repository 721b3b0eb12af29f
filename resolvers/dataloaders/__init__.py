"""Every dataloader of one request (never shared across requests, so one user's cache
never answers another's). Named target-by-key.

Each loader (and each domain's group of them) is built on first use: a small request
reads through two or three of the fifty, and building them all up front cost more CPU
than such a request's own work. Once built, a loader is the request's own attribute, so
later uses cost a plain attribute read and every use within a request shares its batch
and cache as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from strawberry.dataloader import DataLoader

import db.models as m
from db.base import Base
from db.session import RequestDatabase
from resolvers.dataloaders.commissions import CommissionLoaders
from resolvers.dataloaders.content import ContentLoaders
from resolvers.dataloaders.factories import by_id, grouped_by
from resolvers.dataloaders.forecast import ForecastLoaders
from resolvers.dataloaders.negotiation import NegotiationLoaders
from resolvers.dataloaders.notifications import NotificationLoaders
from resolvers.dataloaders.performance_contests import ContestLoaders
from resolvers.dataloaders.quotes import QuoteLoaders


class _Derived:
    """``Loaders.derived``: values worked out from rows the loaders hold, kept for the request
    by whoever derives them (``schema.types.approval_access``: who the viewer acts for, who
    stands in for a plan's seats; ``schema.rows.from_row_now``: one object per row), each
    with the rows it came from, to check it still holds. A dict made on first read, then
    the instance's own attribute (like the loaders, see ``_Lazy``)."""

    def __get__(self, instance: Loaders | None, owner: type | None = None) -> dict[Any, Any]:
        if instance is None:
            raise AttributeError("derived values belong to one request's loaders")
        value: dict[Any, Any] = {}
        instance.__dict__["derived"] = value
        return value


class Loaders:
    """The request's loaders by name; each built when first read (see ``_Lazy``)."""

    user_by_id: DataLoader[int, m.User | None]
    account_by_id: DataLoader[int, m.Account | None]
    product_by_id: DataLoader[int, m.Product | None]
    price_book_by_id: DataLoader[int, m.PriceBook | None]
    bundle_option_by_id: DataLoader[int, m.BundleOption | None]
    configuration_rule_by_id: DataLoader[int, m.ConfigurationRule | None]
    price_book_entry_by_id: DataLoader[int, m.PriceBookEntry | None]
    discount_schedule_by_id: DataLoader[int, m.DiscountSchedule | None]
    block_price_by_id: DataLoader[int, m.BlockPrice | None]
    promotion_by_id: DataLoader[int, m.Promotion | None]
    contracted_price_by_id: DataLoader[int, m.ContractedPrice | None]
    tiers_by_schedule_id: DataLoader[int, list[m.DiscountTier]]
    quote_by_id: DataLoader[int, m.Quote | None]
    revisions_by_quote_id: DataLoader[int, list[m.QuoteRevision]]
    lines_by_revision_id: DataLoader[int, list[m.QuoteLine]]
    clauses_by_revision_id: DataLoader[int, list[m.QuoteClause]]
    events_by_quote_id: DataLoader[int, list[m.QuoteEvent]]
    approval_request_by_id: DataLoader[int, m.ApprovalRequest | None]
    approval_rule_by_id: DataLoader[int, m.ApprovalRule | None]
    approval_requests_by_quote_id: DataLoader[int, list[m.ApprovalRequest]]
    approval_decisions_by_request_id: DataLoader[int, list[m.ApprovalDecision]]
    approval_comments_by_request_id: DataLoader[int, list[m.ApprovalComment]]
    delegations_by_delegate_id: DataLoader[int, list[m.Delegation]]
    delegations_by_user_id: DataLoader[int, list[m.Delegation]]
    blocks_by_block_price_id: DataLoader[int, list[m.PriceBlock]]
    attributes_by_product_id: DataLoader[int, list[m.ProductAttribute]]
    costs_by_product_id: DataLoader[int, list[m.ProductCost]]
    features_by_bundle_id: DataLoader[int, list[m.BundleFeature]]
    options_by_feature_id: DataLoader[int, list[m.BundleOption]]
    rules_by_bundle_id: DataLoader[int, list[m.ConfigurationRule]]
    entries_by_price_book_id: DataLoader[int, list[m.PriceBookEntry]]
    commissions: CommissionLoaders
    forecast: ForecastLoaders
    contests: ContestLoaders
    content: ContentLoaders
    quotes: QuoteLoaders
    notifications: NotificationLoaders

    negotiation: NegotiationLoaders

    derived = _Derived()

    def __init__(self, db: RequestDatabase) -> None:
        self._db = db

    @classmethod
    def build(cls, db: RequestDatabase) -> Loaders:
        return cls(db)


class _Lazy:
    """Builds one of ``Loaders``' attributes on first read and stores it on the instance,
    which then answers every later read itself (a non-data descriptor is consulted only
    while the instance has no attribute of that name)."""

    __slots__ = ("build", "name")

    def __init__(self, name: str, build: Callable[[RequestDatabase], Any]) -> None:
        self.name = name
        self.build = build

    def __get__(self, instance: Loaders | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = self.build(instance._db)
        instance.__dict__[self.name] = value
        return value


# Loaders of one row by id: field, model.
_BY_ID: tuple[tuple[str, type[Base]], ...] = (
    ("user_by_id", m.User),
    ("account_by_id", m.Account),
    ("product_by_id", m.Product),
    ("price_book_by_id", m.PriceBook),
    ("bundle_option_by_id", m.BundleOption),
    ("configuration_rule_by_id", m.ConfigurationRule),
    ("price_book_entry_by_id", m.PriceBookEntry),
    ("discount_schedule_by_id", m.DiscountSchedule),
    ("block_price_by_id", m.BlockPrice),
    ("promotion_by_id", m.Promotion),
    ("contracted_price_by_id", m.ContractedPrice),
    ("quote_by_id", m.Quote),
    ("approval_request_by_id", m.ApprovalRequest),
    ("approval_rule_by_id", m.ApprovalRule),
)

# Loaders of the rows grouped by a key: field, key column (of the model), then the order.
_GROUPED: tuple[tuple[Any, ...], ...] = (
    ("tiers_by_schedule_id", m.DiscountTier.schedule_id, m.DiscountTier.from_quantity),
    ("revisions_by_quote_id", m.QuoteRevision.quote_id, m.QuoteRevision.number),
    ("lines_by_revision_id", m.QuoteLine.revision_id, m.QuoteLine.position),
    ("clauses_by_revision_id", m.QuoteClause.revision_id, m.QuoteClause.position),
    ("events_by_quote_id", m.QuoteEvent.quote_id, m.QuoteEvent.id),
    ("approval_requests_by_quote_id", m.ApprovalRequest.quote_id, m.ApprovalRequest.id),
    ("approval_decisions_by_request_id", m.ApprovalDecision.request_id, m.ApprovalDecision.id),
    ("approval_comments_by_request_id", m.ApprovalComment.request_id, m.ApprovalComment.id),
    ("delegations_by_delegate_id", m.Delegation.delegate_id, m.Delegation.id),
    ("delegations_by_user_id", m.Delegation.user_id, m.Delegation.id),
    ("blocks_by_block_price_id", m.PriceBlock.block_price_id, m.PriceBlock.from_quantity),
    (
        "attributes_by_product_id",
        m.ProductAttribute.product_id,
        m.ProductAttribute.position,
        m.ProductAttribute.id,
    ),
    ("costs_by_product_id", m.ProductCost.product_id, m.ProductCost.currency),
    (
        "features_by_bundle_id",
        m.BundleFeature.bundle_id,
        m.BundleFeature.position,
        m.BundleFeature.id,
    ),
    (
        "options_by_feature_id",
        m.BundleOption.feature_id,
        m.BundleOption.position,
        m.BundleOption.id,
    ),
    (
        "entries_by_price_book_id",
        m.PriceBookEntry.price_book_id,
        m.PriceBookEntry.product_id,
        m.PriceBookEntry.valid_from,
    ),
)


def _builders() -> dict[str, Callable[[RequestDatabase], Any]]:
    """How to build each attribute of ``Loaders``, by name."""
    builders: dict[str, Callable[[RequestDatabase], Any]] = {
        name: lambda db, model=model: by_id(db, model) for name, model in _BY_ID
    }
    for name, key, *order in _GROUPED:
        builders[name] = lambda db, key=key, order=tuple(order): grouped_by(
            db, key.class_, key, *order
        )
    builders["rules_by_bundle_id"] = lambda db: grouped_by(
        db,
        m.ConfigurationRule,
        m.ConfigurationRule.bundle_id,
        m.ConfigurationRule.id,
        active_only=True,
    )
    builders["commissions"] = CommissionLoaders.build
    builders["forecast"] = ForecastLoaders.build
    builders["contests"] = ContestLoaders.build
    builders["content"] = ContentLoaders.build
    builders["quotes"] = QuoteLoaders.build
    builders["notifications"] = NotificationLoaders.build

    builders["negotiation"] = NegotiationLoaders.build
    return builders


def _install() -> None:
    builders = _builders()
    declared = set(Loaders.__annotations__)
    if declared != set(builders):  # a loader declared without a builder, or the reverse
        raise TypeError(f"Loaders out of step with their builders: {declared ^ set(builders)}")
    for name, build in builders.items():
        setattr(Loaders, name, _Lazy(name, build))


_install()

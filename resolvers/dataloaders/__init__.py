"""Every dataloader, built together once per request (never shared across requests,
so one user's cache never answers another's). Named target-by-key."""

from __future__ import annotations

from dataclasses import dataclass

from strawberry.dataloader import DataLoader

from db.models.accounts import Account
from db.models.approvals import (
    ApprovalComment,
    ApprovalDecision,
    ApprovalRequest,
    ApprovalRule,
    Delegation,
)
from db.models.catalog import (
    BundleFeature,
    BundleOption,
    ConfigurationRule,
    Product,
    ProductAttribute,
    ProductCost,
)
from db.models.price_books import ContractedPrice, PriceBook, PriceBookEntry
from db.models.pricing_rules import (
    BlockPrice,
    DiscountSchedule,
    DiscountTier,
    PriceBlock,
    Promotion,
)
from db.models.quotes import Quote, QuoteClause, QuoteEvent, QuoteLine, QuoteRevision
from db.models.users import User
from db.session import RequestDatabase
from resolvers.dataloaders.commissions import CommissionLoaders
from resolvers.dataloaders.factories import by_id, grouped_by


@dataclass(frozen=True, slots=True)
class Loaders:
    user_by_id: DataLoader[int, User | None]
    account_by_id: DataLoader[int, Account | None]
    product_by_id: DataLoader[int, Product | None]
    price_book_by_id: DataLoader[int, PriceBook | None]
    bundle_option_by_id: DataLoader[int, BundleOption | None]
    configuration_rule_by_id: DataLoader[int, ConfigurationRule | None]
    price_book_entry_by_id: DataLoader[int, PriceBookEntry | None]
    discount_schedule_by_id: DataLoader[int, DiscountSchedule | None]
    block_price_by_id: DataLoader[int, BlockPrice | None]
    promotion_by_id: DataLoader[int, Promotion | None]
    contracted_price_by_id: DataLoader[int, ContractedPrice | None]
    tiers_by_schedule_id: DataLoader[int, list[DiscountTier]]
    quote_by_id: DataLoader[int, Quote | None]
    revisions_by_quote_id: DataLoader[int, list[QuoteRevision]]
    lines_by_revision_id: DataLoader[int, list[QuoteLine]]
    clauses_by_revision_id: DataLoader[int, list[QuoteClause]]
    events_by_quote_id: DataLoader[int, list[QuoteEvent]]
    approval_request_by_id: DataLoader[int, ApprovalRequest | None]
    approval_rule_by_id: DataLoader[int, ApprovalRule | None]
    approval_requests_by_quote_id: DataLoader[int, list[ApprovalRequest]]
    approval_decisions_by_request_id: DataLoader[int, list[ApprovalDecision]]
    approval_comments_by_request_id: DataLoader[int, list[ApprovalComment]]
    delegations_by_delegate_id: DataLoader[int, list[Delegation]]
    delegations_by_user_id: DataLoader[int, list[Delegation]]
    blocks_by_block_price_id: DataLoader[int, list[PriceBlock]]
    attributes_by_product_id: DataLoader[int, list[ProductAttribute]]
    costs_by_product_id: DataLoader[int, list[ProductCost]]
    features_by_bundle_id: DataLoader[int, list[BundleFeature]]
    options_by_feature_id: DataLoader[int, list[BundleOption]]
    rules_by_bundle_id: DataLoader[int, list[ConfigurationRule]]
    entries_by_price_book_id: DataLoader[int, list[PriceBookEntry]]
    commissions: CommissionLoaders

    @classmethod
    def build(cls, db: RequestDatabase) -> Loaders:
        return cls(
            user_by_id=by_id(db, User),
            account_by_id=by_id(db, Account),
            product_by_id=by_id(db, Product),
            price_book_by_id=by_id(db, PriceBook),
            bundle_option_by_id=by_id(db, BundleOption),
            configuration_rule_by_id=by_id(db, ConfigurationRule),
            price_book_entry_by_id=by_id(db, PriceBookEntry),
            discount_schedule_by_id=by_id(db, DiscountSchedule),
            block_price_by_id=by_id(db, BlockPrice),
            promotion_by_id=by_id(db, Promotion),
            contracted_price_by_id=by_id(db, ContractedPrice),
            tiers_by_schedule_id=grouped_by(db, DiscountTier, DiscountTier.schedule_id, DiscountTier.from_quantity),
            quote_by_id=by_id(db, Quote),
            revisions_by_quote_id=grouped_by(db, QuoteRevision, QuoteRevision.quote_id, QuoteRevision.number),
            lines_by_revision_id=grouped_by(db, QuoteLine, QuoteLine.revision_id, QuoteLine.position),
            clauses_by_revision_id=grouped_by(db, QuoteClause, QuoteClause.revision_id, QuoteClause.position),
            events_by_quote_id=grouped_by(db, QuoteEvent, QuoteEvent.quote_id, QuoteEvent.id),
            approval_request_by_id=by_id(db, ApprovalRequest),
            approval_rule_by_id=by_id(db, ApprovalRule),
            approval_requests_by_quote_id=grouped_by(db, ApprovalRequest, ApprovalRequest.quote_id, ApprovalRequest.id),
            approval_decisions_by_request_id=grouped_by(db, ApprovalDecision, ApprovalDecision.request_id, ApprovalDecision.id),
            approval_comments_by_request_id=grouped_by(db, ApprovalComment, ApprovalComment.request_id, ApprovalComment.id),
            delegations_by_delegate_id=grouped_by(db, Delegation, Delegation.delegate_id, Delegation.id),
            delegations_by_user_id=grouped_by(db, Delegation, Delegation.user_id, Delegation.id),
            blocks_by_block_price_id=grouped_by(db, PriceBlock, PriceBlock.block_price_id, PriceBlock.from_quantity),
            attributes_by_product_id=grouped_by(
                db, ProductAttribute, ProductAttribute.product_id, ProductAttribute.position, ProductAttribute.id
            ),
            costs_by_product_id=grouped_by(db, ProductCost, ProductCost.product_id, ProductCost.currency),
            features_by_bundle_id=grouped_by(
                db, BundleFeature, BundleFeature.bundle_id, BundleFeature.position, BundleFeature.id
            ),
            options_by_feature_id=grouped_by(
                db, BundleOption, BundleOption.feature_id, BundleOption.position, BundleOption.id
            ),
            rules_by_bundle_id=grouped_by(
                db, ConfigurationRule, ConfigurationRule.bundle_id, ConfigurationRule.id, active_only=True
            ),
            entries_by_price_book_id=grouped_by(
                db, PriceBookEntry, PriceBookEntry.price_book_id, PriceBookEntry.product_id, PriceBookEntry.valid_from
            ),
            commissions=CommissionLoaders.build(db),
        )


"""Building the schema: every domain's queries and mutations, the extensions, the limits."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.extensions import DisableIntrospection
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from db.session import RequestDatabase
from resolvers.accounts import AccountMutations, AccountQueries
from resolvers.approvals import ApprovalMutations, ApprovalQueries
from resolvers.auth import AuthMutations, AuthQueries
from resolvers.catalog.mutations import CatalogMutations
from resolvers.catalog.queries import CatalogQueries
from resolvers.commissions.mutations import CommissionMutations
from resolvers.commissions.queries import CommissionQueries
from resolvers.content import ContentMutations, ContentQueries
from resolvers.dataloaders import Loaders
from resolvers.deals.preview_deal import DealQueries
from resolvers.home import HomeQueries
from resolvers.notifications import NotificationMutations, NotificationQueries
from resolvers.performance.contests.mutations import ContestMutations
from resolvers.performance.contests.queries import ContestQueries
from resolvers.performance.contests.subscriptions import ContestSubscriptions
from resolvers.performance.forecast import (
    ForecastMutations,
    ForecastQueries,
    ForecastSubscriptions,
)
from resolvers.performance.kpis.queries import PerformanceQueries
from resolvers.performance.kpis.team import TeamQueries
from resolvers.performance.mutations import PerformanceMutations
from resolvers.pricing.queries import PricingQueries
from resolvers.quotes import ClauseMutations, ClauseQueries, QuoteMutations, QuoteQueries
from resolvers.quotes.negotiation import NegotiationMutations
from resolvers.quotes.negotiation_live import NegotiationSubscriptions
from resolvers.subscriptions import Subscription
from resolvers.sync import SyncQueries
from resolvers.users import UserMutations, UserQueries
from schema.error_codes import ErrorCodes, Schema
from schema.field_docs import describe_fields
from schema.input_guard import guard_text_fields, input_guard
from schema.lean_resolvers import use_lean_resolvers
from schema.limits import SchemaLimits, limit_extensions
from schema.nodes import NodeQueries
from schema.operation_name import RequireOperationName
from schema.operation_outcome import OperationOutcome
from schema.plain_leaves import executor_class, index_plain_leaves
from schema.scalars import SCALAR_MAP
from schema.text_limits import text_limits
from schema.types.account import Account
from schema.types.approval_rules import ApprovalRuleType
from schema.types.approvals import ApprovalRequest
from schema.types.catalog import BundleOption, ConfigurationRule, Product
from schema.types.content import ContentItem
from schema.types.content_attachments import ContentAttachment
from schema.types.negotiation import QuoteChangeRequest
from schema.types.notifications import WebhookDelivery, WebhookEndpoint
from schema.types.performance.badges import Badge
from schema.types.performance.contests import Contest
from schema.types.performance.forecast import SlippageEvent
from schema.types.performance.onboarding import OnboardingItem, OnboardingProgramme
from schema.types.price_books import (
    BlockPrice,
    ContractedPrice,
    DiscountSchedule,
    PriceBook,
    PriceBookEntry,
    Promotion,
)
from schema.types.quote import Quote
from schema.types.user import User


def build_loaders(db: RequestDatabase) -> Loaders:
    """Every dataloader for one request: handed to ``schema.context.build_context``
    by the server, which so never imports ``resolvers``."""
    return Loaders.build(db)


QUERIES = (
    AuthQueries,
    UserQueries,
    AccountQueries,
    CatalogQueries,
    PricingQueries,
    DealQueries,
    QuoteQueries,
    ClauseQueries,
    ApprovalQueries,
    CommissionQueries,
    ForecastQueries,
    PerformanceQueries,
    ContestQueries,
    TeamQueries,
    ContentQueries,
    SyncQueries,
    HomeQueries,
    NotificationQueries,
)
MUTATIONS = (
    AuthMutations,
    UserMutations,
    AccountMutations,
    CatalogMutations,
    QuoteMutations,
    NegotiationMutations,
    ClauseMutations,
    ApprovalMutations,
    CommissionMutations,
    ForecastMutations,
    PerformanceMutations,
    ContestMutations,
    ContentMutations,
    NotificationMutations,
)
SUBSCRIPTIONS = (
    Subscription,
    ForecastSubscriptions,
    ContestSubscriptions,
    NegotiationSubscriptions,
)

# Types reached only through `node` must still be in the schema.
ALL_NODE_TYPES = [
    User,
    Account,
    Product,
    BundleOption,
    ConfigurationRule,
    PriceBook,
    PriceBookEntry,
    DiscountSchedule,
    BlockPrice,
    Promotion,
    ContractedPrice,
    Quote,
    QuoteChangeRequest,
    ApprovalRequest,
    ApprovalRuleType,
    SlippageEvent,
    Contest,
    Badge,
    OnboardingProgramme,
    OnboardingItem,
    ContentItem,
    ContentAttachment,
    WebhookEndpoint,
    WebhookDelivery,
]


def _root(name: str, parts: tuple[type, ...], description: str) -> type:
    """A root type merged from each domain's fields, described like every other type."""
    merged: type = merge_types(name, parts)
    merged.__strawberry_definition__.description = description  # type: ignore[attr-defined]
    return merged


def build_schema(
    limits: SchemaLimits | None = None, extra_extensions: tuple[Any, ...] = ()
) -> strawberry.Schema:
    """The schema; ``extra_extensions`` (classes or factories) run outermost, e.g. tracing."""
    limits = limits or SchemaLimits()
    extensions: list[Any] = [
        *extra_extensions,
        OperationOutcome,  # before ErrorCodes: it reads the codes ErrorCodes sets
        ErrorCodes,
        RequireOperationName,
        *limit_extensions(limits),
    ]
    if not limits.introspection:
        extensions.append(DisableIntrospection)
    describe_fields()
    schema = Schema(
        query=_root(
            "Query",
            (NodeQueries, *QUERIES),
            "Everything a client can read. A screen is one query: each field says who may read"
            " it and what a caller who may not sees.",
        ),
        mutation=_root(
            "Mutation",
            MUTATIONS,
            "Everything a client can change. Each mutation is one transaction: it returns its"
            " payload with the changed object, or `userErrors` saying why nothing changed.",
        ),
        subscription=_root(
            "Subscription", SUBSCRIPTIONS, Subscription.__strawberry_definition__.description or ""
        ),
        types=ALL_NODE_TYPES,
        extensions=extensions,
        config=StrawberryConfig(scalar_map=SCALAR_MAP),
        execution_context_class=executor_class(),
    )
    # The text limits are read from the built schema (and documented in it), so the guard
    # wraps the fields that take text afterwards, and its hard caps join the extensions.
    guard_text_fields(schema._schema, text_limits(schema))
    guard = input_guard(limits.max_string_length, limits.max_list_length)
    schema.extensions = (*schema.extensions, guard)
    use_lean_resolvers(
        schema._schema, schema.config.info_class, schema.schema_converter._exception_handler_specs
    )  # after every wrapping, as the plain fields' index
    index_plain_leaves(schema._schema, schema.config.default_resolver)  # after every wrapping
    return schema

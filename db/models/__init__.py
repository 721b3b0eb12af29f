"""Every model, imported so ``Base.metadata`` knows all tables (Alembic autogenerate, tests)."""

from db.models.accounts import Account
from db.models.approvals import (
    ApprovalComment,
    ApprovalDecision,
    ApprovalRequest,
    ApprovalRequestStatus,
    ApprovalRule,
    Delegation,
)
from db.models.audit import AuditEvent
from db.models.auth import RefreshToken, SignInFailure
from db.models.catalog import (
    BundleFeature,
    BundleOption,
    ConfigurationRule,
    Product,
    ProductAttribute,
    ProductCost,
)
from db.models.content import ContentEvent, ContentItem, ContentQuiz, ContentQuizAttempt
from db.models.content_attachments import ContentAttachment
from db.models.content_versions import ContentItemVersion
from db.models.idempotency import IdempotencyKey
from db.models.negotiation import QuoteChangeRequest, QuoteOption
from db.models.outbox import (
    ContestRankMark,
    OutboxEvent,
    PeriodCloseReminder,
    PushDelivery,
    PushSubscription,
    WebhookDelivery,
    WebhookEndpoint,
)
from db.models.performance_activities import (
    Activity,
    ActivityKind,
    KpiTarget,
    MetricDefinitionRow,
    MetricDistinctKey,
    MetricRollup,
    PerformanceSettings,
)
from db.models.performance_badges import Badge, BadgeAward, BadgeLevel
from db.models.performance_contests import (
    Contest,
    ContestEnrolment,
    ContestPrize,
    ContestResult,
)
from db.models.performance_forecast import (
    ForecastCategory,
    ForecastCategoryChange,
    QuoteCloseDateChange,
    SlippageEvent,
)
from db.models.performance_onboarding import (
    OnboardingCompletion,
    OnboardingEnrolment,
    OnboardingItem,
    OnboardingProgramme,
)
from db.models.persisted_queries import PersistedQuery
from db.models.price_books import ContractedPrice, PriceBook, PriceBookEntry
from db.models.pricing_rules import (
    BlockPrice,
    DiscountSchedule,
    DiscountTier,
    PriceBlock,
    Promotion,
)
from db.models.quotes import (
    Clause,
    ClauseVersion,
    Quote,
    QuoteClause,
    QuoteEvent,
    QuoteLine,
    QuotePricedLine,
    QuoteRevision,
    QuoteStatus,
)
from db.models.users import Role, User

__all__ = [
    "Account",
    "Activity",
    "ActivityKind",
    "ApprovalComment",
    "ApprovalDecision",
    "ApprovalRequest",
    "ApprovalRequestStatus",
    "ApprovalRule",
    "AuditEvent",
    "BlockPrice",
    "BundleFeature",
    "BundleOption",
    "Clause",
    "ClauseVersion",
    "ConfigurationRule",
    "ContractedPrice",
    "Delegation",
    "DiscountSchedule",
    "DiscountTier",
    "IdempotencyKey",
    "KpiTarget",
    "MetricDefinitionRow",
    "MetricDistinctKey",
    "MetricRollup",
    "PerformanceSettings",
    "PersistedQuery",
    "PriceBlock",
    "PriceBook",
    "PriceBookEntry",
    "Product",
    "ProductAttribute",
    "ProductCost",
    "Promotion",
    "Quote",
    "QuoteChangeRequest",
    "QuoteClause",
    "QuoteEvent",
    "QuoteLine",
    "QuoteOption",
    "QuotePricedLine",
    "QuoteRevision",
    "QuoteStatus",
    "RefreshToken",
    "Role",
    "SignInFailure",
    "User",
]

from db.models.commissions import (
    CommissionAdjustment,
    CommissionAssignment,
    CommissionCalendar,
    CommissionCredit,
    CommissionInquiry,
    CommissionInquiryMessage,
    CommissionPeriod,
    CommissionPeriodState,
    CommissionPlan,
    CommissionPlanVersion,
    CommissionStatement,
    CommissionStatementApproval,
    CommissionStatementLine,
    ExchangeRate,
    QuoteSplit,
)

__all__ += [
    "CommissionAdjustment",
    "CommissionAssignment",
    "CommissionCalendar",
    "CommissionCredit",
    "CommissionInquiry",
    "CommissionInquiryMessage",
    "CommissionPeriod",
    "CommissionPeriodState",
    "CommissionPlan",
    "CommissionPlanVersion",
    "CommissionStatement",
    "CommissionStatementApproval",
    "CommissionStatementLine",
    "ExchangeRate",
    "QuoteSplit",
]

__all__ += [
    "Badge",
    "BadgeAward",
    "BadgeLevel",
    "Contest",
    "ContestEnrolment",
    "ContestPrize",
    "ContestResult",
    "ForecastCategory",
    "ForecastCategoryChange",
    "OnboardingCompletion",
    "OnboardingEnrolment",
    "OnboardingItem",
    "OnboardingProgramme",
    "QuoteCloseDateChange",
    "SlippageEvent",
]

__all__ += ["ContentEvent", "ContentItem", "ContentQuiz", "ContentQuizAttempt"]
__all__ += ["ContentAttachment", "ContentItemVersion"]
__all__ += [
    "OutboxEvent",
    "PeriodCloseReminder",
    "PushDelivery",
    "PushSubscription",
    "WebhookDelivery",
]
__all__ += ["ContestRankMark", "WebhookEndpoint"]

from db.models.approval_mail import ApprovalEmail  # noqa: E402  (approval emails, issue 18)

__all__ += ["ApprovalEmail"]

from db.models.commission_payouts import (  # noqa: E402  (draws and payments, issue 19)
    CommissionDraw,
    CommissionPayment,
    InvoicePayment,
)

__all__ += ["CommissionDraw", "CommissionPayment", "InvoicePayment"]

"""DealDesk's pricing engine: pure functions over frozen value objects.

``price_quote(PricingRequest) -> PricedQuote`` prices a quote; its waterfall
explains every step. ``price_with_state(request)`` prices it keeping a
``PricingState``, and ``reprice(state, edited_request)`` prices the edited quote
redoing only what the edit touched, with the same result as ``price_quote``.
``validate_configuration`` checks a configurable product on its own. Refusals are
reason codes in the results, never exceptions.
"""

from pricing.allocation import allocate_largest_remainder
from pricing.attributes import AttributeDefinition, AttributeType, AttributeValue
from pricing.catalog import (
    Bundle,
    BundleOption,
    Feature,
    OptionType,
    Product,
    QuantityMode,
)
from pricing.configuration import (
    Configuration,
    ConfigurationResult,
    OptionSelection,
    ResolvedOption,
    SelectionSource,
    validate_configuration,
)
from pricing.configuration_rules import (
    AttributeCondition,
    AttributeConstraint,
    AutoAddRule,
    ConfigurationRule,
    ConfigurationViolation,
    ExcludesRule,
    Operator,
    RequiresRule,
    ViolationCode,
)
from pricing.engine import price_quote
from pricing.guardrails import BreachCode, FloorPrice, GuardrailBreach, GuardrailPolicy
from pricing.incremental import PricingState, price_with_state, reprice
from pricing.money import CurrencyMismatchError, Money, minor_unit_quantum, round_money
from pricing.price_books import Account, ContractedPrice, PriceBook, PriceBookEntry
from pricing.promotions import Promotion, choose_promotions
from pricing.reasons import PricingError, ReasonCode
from pricing.request import PricingRequest, QuoteLineInput
from pricing.results import PricedLine, PricedQuote
from pricing.rules import Adjustment, AmountOff, PercentOff, is_effective
from pricing.tiers import Block, BlockPrice, DiscountSchedule, ScheduleBasis, Tier, TierMethod
from pricing.waterfall import StepKind, WaterfallStep

__all__ = [
    "Account",
    "Adjustment",
    "AmountOff",
    "AttributeCondition",
    "AttributeConstraint",
    "AttributeDefinition",
    "AttributeType",
    "AttributeValue",
    "AutoAddRule",
    "Block",
    "BlockPrice",
    "BreachCode",
    "Bundle",
    "BundleOption",
    "Configuration",
    "ConfigurationResult",
    "ConfigurationRule",
    "ConfigurationViolation",
    "ContractedPrice",
    "CurrencyMismatchError",
    "DiscountSchedule",
    "ExcludesRule",
    "Feature",
    "FloorPrice",
    "GuardrailBreach",
    "GuardrailPolicy",
    "Money",
    "Operator",
    "OptionSelection",
    "OptionType",
    "PercentOff",
    "PriceBook",
    "PriceBookEntry",
    "PricedLine",
    "PricedQuote",
    "PricingError",
    "PricingRequest",
    "PricingState",
    "Product",
    "Promotion",
    "QuantityMode",
    "QuoteLineInput",
    "ReasonCode",
    "RequiresRule",
    "ResolvedOption",
    "ScheduleBasis",
    "SelectionSource",
    "StepKind",
    "Tier",
    "TierMethod",
    "ViolationCode",
    "WaterfallStep",
    "allocate_largest_remainder",
    "choose_promotions",
    "is_effective",
    "minor_unit_quantum",
    "price_quote",
    "price_with_state",
    "reprice",
    "round_money",
    "validate_configuration",
]

"""What pricing returns: the per-line waterfall, totals, guardrail breaches and issues.

The enums are the pricing engine's own, so the API's codes never drift from
the engine's (a new engine code without a description stops the import). Cost
and margin fields are null for reps. Decimal fields are built at their stated
scale by ``schema.types.pricing_snapshot``: percentages at 2 places, unit prices
with a catalog unit price's precision (``schema.money.unit_precision``).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Protocol

import strawberry
from strawberry import relay

from pricing.configuration import SelectionSource as SelectionSourceEnum
from pricing.configuration import ViolationCode as ViolationCodeEnum
from pricing.guardrails import BreachCode as BreachCodeEnum
from pricing.reasons import ReasonCode
from pricing.waterfall import StepKind
from schema.enums import described_enum
from schema.money import PERCENT_SCALE, UNIT_PRICE_SCALE, Money
from schema.rows import related
from schema.scalars import CurrencyCode
from schema.types.catalog import BundleOption, Product, cost_viewers

WaterfallStepKind = described_enum(
    StepKind,
    "WaterfallStepKind",
    "What made a waterfall step, in the order steps appear from list price to net.",
    {
        "LIST_PRICE": "The list price from the standard price book: the waterfall's first step.",
        "CONTRACTED_PRICE": "The account's contracted price replaced the list price.",
        "SEGMENT_PRICE": "A segment, region or channel price book replaced the list price.",
        "BUNDLE_INCLUDED": "An INCLUDED bundle option, free with its bundle.",
        "VOLUME_TIER": "A quantity discount schedule's tier.",
        "BLOCK_PRICE": "A block price: a flat price for the band the quantity falls in.",
        "TERM_DISCOUNT": "A term-length discount schedule's tier.",
        "PROMOTION": "A promotion, percent or amount off.",
        "LINE_DISCOUNT": "The rep's own discount on this line.",
        "ROUNDING": "The line's one rounding to the currency's minor units.",
        "QUOTE_DISCOUNT": "This line's share of the quote-wide discount.",
        "NET": "The net amount: the waterfall's last step.",
    },
)
BreachCode = described_enum(
    BreachCodeEnum,
    "BreachCode",
    "A guardrail a price crossed; a breach needs approval.",
    {
        "BELOW_FLOOR": "The net unit price is below the book entry's floor price.",
        "DISCOUNT_ABOVE_AUTHORITY": "The discount is above what the rep may give alone.",
        "MARGIN_BELOW_MINIMUM": "The margin is below the minimum margin percentage.",
    },
)
PricingIssueCode = described_enum(
    ReasonCode,
    "PricingIssueCode",
    "Why a line or the quote could not be priced as asked.",
    {
        "UNKNOWN_CURRENCY": "The currency is not an ISO 4217 currency code.",
        "UNKNOWN_PRODUCT": "The line (or a bundle option) names a product that does not exist.",
        "INVALID_QUANTITY": "The quantity is outside 1 to 1,000,000,000.",
        "INVALID_TERM": "The term is outside 1 to 1,200 months.",
        "CURRENCY_MISMATCH": "The only price found is in another currency than the quote's.",
        "NO_PRICE": "No book entry in the quote's currency on the pricing date, "
        "or no block for the quantity.",
        "CONFIGURATION_INVALID": "The bundle configuration breaks a rule: see `configuration`.",
        "INVALID_DISCOUNT": "A discount is out of range: a percent outside 0–100, a negative "
        "amount, or a quote discount above the quote's net.",
    },
)
ConfigurationViolationCode = described_enum(
    ViolationCodeEnum,
    "ConfigurationViolationCode",
    "Why a bundle configuration is invalid.",
    {
        "UNKNOWN_OPTION": "A selected option is not an option of this bundle.",
        "DUPLICATE_SELECTION": "The same option is selected twice.",
        "OPTION_QUANTITY_OUT_OF_RANGE": "An option's quantity is outside its min and max.",
        "UNKNOWN_ATTRIBUTE": "An attribute value names no attribute of this product.",
        "DUPLICATE_ATTRIBUTE": "The same attribute is given twice.",
        "INVALID_ATTRIBUTE_VALUE": "An attribute value does not fit its type or choices.",
        "MISSING_ATTRIBUTE": "A required attribute is not set.",
        "REQUIRES_UNMET": "A selected option requires another that is not selected.",
        "EXCLUDED_TOGETHER": "Two selected options exclude each other.",
        "ATTRIBUTE_CONSTRAINT": "An attribute condition holds, and what it requires does not.",
        "FEATURE_MIN_OPTIONS": "A feature has fewer options selected than its minimum.",
        "FEATURE_MAX_OPTIONS": "A feature has more options selected than its maximum.",
    },
)
SelectionSource = described_enum(
    SelectionSourceEnum,
    "SelectionSource",
    "Why an option is in the resolved configuration.",
    {
        "USER": "The rep selected it.",
        "REQUIRED": "A REQUIRED option: it always comes with the bundle.",
        "INCLUDED": "An INCLUDED option: it always comes with the bundle, free.",
        "AUTO_ADDED": "An AUTO_ADD rule added it (`ruleId` names the rule).",
    },
)


#: The description of every per-unit price the pricing types show.
_PER_UNIT = (
    "Per unit, in the quote's currency: the extended amount ÷ quantity, "
    f"{UNIT_PRICE_SCALE}; null when the line has no price."
)
_PERCENT_OFF = f"(list − net) ÷ list, as a percentage: {PERCENT_SCALE}; null when list is zero"
_MARGIN_PERCENT = (
    f"Margin ÷ net, as a percentage: {PERCENT_SCALE}; null for reps, "
    "without a cost in the quote's currency, or when the net is zero."
)
_LINE_KEY = "The key of the line it concerns; null when it concerns the whole quote."
_RULE_ID = (
    "Global ID of the rule, book entry, contract, schedule, block price, promotion or "
    "bundle option (an INCLUDED option's step) behind it, which `node` resolves; null when "
    "there is none (the rep's own discount, rounding)."
)


@strawberry.type(description="One step of a price waterfall, naming the rule that made it.")
class WaterfallStep:
    kind: WaterfallStepKind  # type: ignore[valid-type]
    """What made the step."""
    label: str
    """What a phone shows for the step, naming the rule (never an ID)."""
    rule_id: strawberry.ID | None = strawberry.field(description=_RULE_ID)
    amount_delta: Money
    """What this step changed on the extended amount, shown rounded to minor units (the engine keeps
    full precision until the line's ROUNDING step, so shown deltas can differ from the net by a
    minor unit)."""
    amount_after: Money
    """The extended amount after this step, shown rounded to minor units."""
    unit_price_after: Decimal | None = strawberry.field(
        description=f"The unit price after this step, {UNIT_PRICE_SCALE}; null for a "
        "quote-wide summary step."
    )
    raises_price: bool
    """True when a rule priced above the running amount on purpose."""
    quote_level: bool
    """Set by a quote-wide rule, not by this line alone."""


@strawberry.type(description="A guardrail breach: what drives approvals.")
class PriceBreach:
    code: BreachCode  # type: ignore[valid-type]
    """Which guardrail was crossed."""
    line_key: str | None = strawberry.field(description=_LINE_KEY)
    threshold: Decimal = strawberry.field(
        description="The limit crossed: for BELOW_FLOOR the floor unit price in the quote's "
        f"currency, {UNIT_PRICE_SCALE}; else a percentage, {PERCENT_SCALE}."
    )
    actual: Decimal = strawberry.field(
        description="The figure that crossed it: for BELOW_FLOOR the net unit price, "
        f"{UNIT_PRICE_SCALE}; else the percentage, {PERCENT_SCALE}."
    )
    message: str
    """What a phone shows, with amounts as money."""
    rule_id: strawberry.ID | None = strawberry.field(
        description="Global ID of the price book entry whose floor was crossed, for BELOW_FLOOR; "
        "null otherwise."
    )


@strawberry.type(description="Why a line or the quote could not be priced as asked.")
class PricingIssue:
    code: PricingIssueCode  # type: ignore[valid-type]
    """Stable reason code."""
    message: str
    """What a phone shows."""
    line_key: str | None = strawberry.field(description=_LINE_KEY)
    field: list[str] | None
    """Path of the input at fault, e.g. ["lines", "0", "quantity"]; null when no single input is."""
    rule_id: strawberry.ID | None = strawberry.field(
        description="Global ID of the input that caused it (a book entry, contract, promotion), "
        "when there is one."
    )


@strawberry.type(description="One rule a bundle configuration breaks.")
class ConfigurationViolation:
    code: ConfigurationViolationCode  # type: ignore[valid-type]
    """Stable violation code."""
    message: str
    """What a phone shows: the rule's own message, or the engine's."""
    rule_id: strawberry.ID | None
    """Global ID of the ConfigurationRule broken; null for a bundle constraint (quantities, feature
    counts, attributes)."""
    option_ids: list[relay.GlobalID]
    """Global IDs of the BundleOptions involved; empty when none is."""
    attribute: str | None
    """Code of the attribute involved; null when none is."""


@strawberry.type(description="An option the configuration resolves to, with its computed quantity.")
class ResolvedOption:
    source: SelectionSource  # type: ignore[valid-type]
    """Why the option is in the configuration."""
    quantity_per_parent: int
    """The option's quantity per bundle unit (or fixed, for FIXED options)."""
    quantity: int
    """The quantity quoted: the child line's quantity."""
    rule_id: strawberry.ID | None
    """Global ID of the AUTO_ADD rule that added it; null otherwise."""
    option_id: strawberry.Private[int]
    product_id: strawberry.Private[int]

    option = related(
        "bundle_option_by_id",
        "option_id",
        BundleOption,
        description="The bundle option; null only for a stored quote whose option is gone.",
    )
    product = related(
        "product_by_id",
        "product_id",
        Product,
        description="The option's product; null only for a stored quote whose product is gone.",
    )


@strawberry.type(description="Every violated rule (not just the first) and the resolved options.")
class ConfigurationResult:
    valid: bool
    """True when no rule is violated."""
    violations: list[ConfigurationViolation]
    """Every rule the configuration breaks; empty when valid."""
    options: list[ResolvedOption]
    """The options the configuration resolves to, each quoted as a child line."""


@strawberry.type(description="One priced line, with its waterfall from list to net.")
class PricedLine:
    key: str
    """The key the client gave the line (child lines: parent key + option)."""
    parent_key: str | None
    """The bundle line's key, for a child line; null for a top-level line."""
    quantity: int
    """Units quoted, in the product's unit of measure."""
    list_unit_price: Decimal | None = strawberry.field(description=_PER_UNIT)
    list_amount: Money | None
    """List unit price × quantity, rounded to minor units; null when unpriced."""
    net_unit_price: Decimal | None = strawberry.field(description=_PER_UNIT)
    net_amount: Money | None
    """What the customer pays for the line, rounded to minor units; null when unpriced."""
    discount_percent: Decimal | None = strawberry.field(
        description=f"{_PERCENT_OFF} or the line is unpriced."
    )
    steps: list[WaterfallStep]
    """The waterfall from LIST_PRICE to NET; empty when unpriced."""
    breaches: list[PriceBreach]
    """Guardrails this line crosses; each needs approval."""
    issues: list[PricingIssue]
    """Why the line could not be priced as asked; empty when priced."""
    configuration: ConfigurationResult | None
    """The bundle configuration's check; null for a plain product."""
    product_id: strawberry.Private[int]
    cost_amount: Money | None = strawberry.field(
        extensions=cost_viewers(),
        description="Unit cost × quantity, rounded to minor units; null for reps or without "
        "a cost in the quote's currency.",
    )
    margin_amount: Money | None = strawberry.field(
        extensions=cost_viewers(),
        description="Net − cost, rounded to minor units; null for reps or without a cost.",
    )
    margin_percent: Decimal | None = strawberry.field(
        extensions=cost_viewers(), description=_MARGIN_PERCENT
    )

    product = related(
        "product_by_id",
        "product_id",
        Product,
        description="The product priced; null when the line named an unknown product "
        "(see `issues`).",
    )


class PricedParts(Protocol):
    """The lists of a ``PricedQuote``, built when a query asks for them (a 1,000-line quote's
    totals are read without building its lines): from the engine's value for a preview,
    from the stored snapshot for a saved quote (``schema.types.pricing_snapshot``)."""

    def lines(self) -> list[PricedLine]: ...

    def steps(self) -> list[WaterfallStep]: ...

    def breaches(self) -> list[PriceBreach]: ...

    def issues(self) -> list[PricingIssue]: ...

    def priced(self) -> bool: ...


def _lines(root: strawberry.Parent[PricedQuote]) -> list[PricedLine]:
    return root.parts.lines()


def _steps(root: strawberry.Parent[PricedQuote]) -> list[WaterfallStep]:
    return root.parts.steps()


def _breaches(root: strawberry.Parent[PricedQuote]) -> list[PriceBreach]:
    return root.parts.breaches()


def _issues(root: strawberry.Parent[PricedQuote]) -> list[PricingIssue]:
    return root.parts.issues()


@strawberry.type(description="The totals of a priced set of lines.")
class PricedTotals:
    """What ``PricedQuote`` and a quote's ``QuoteTotals`` both show (a base, not in the
    schema by itself)."""

    list_total: Money
    """Sum of the priced lines' list amounts, in minor units."""
    net_total: Money
    """Sum of the priced lines' net amounts, after the quote discount, in minor units."""
    discount_total: Money
    """List total − net total, in minor units."""
    total_discount_percent: Decimal | None = strawberry.field(
        description=f"Discount total ÷ list total, as a percentage: {PERCENT_SCALE}; "
        "null when the list total is zero."
    )
    cost_total: Money | None = strawberry.field(
        extensions=cost_viewers(),
        description="Sum of the lines' costs; null for reps or unless every priced line has one.",
    )
    margin_amount: Money | None = strawberry.field(
        extensions=cost_viewers(),
        description="Net total − cost total; null for reps or without a cost total.",
    )
    margin_percent: Decimal | None = strawberry.field(
        extensions=cost_viewers(), description=_MARGIN_PERCENT
    )


TOTALS = tuple(field.name for field in dataclasses.fields(PricedTotals))  # type: ignore[arg-type]
"""The names of the totals' fields."""


@strawberry.type(description="A priced set of lines: the live price a rep sees while configuring.")
class PricedQuote(PricedTotals):
    currency: CurrencyCode
    """The currency of every amount."""
    pricing_date: date
    """The date whose prices, contracts and promotions apply."""
    lines: list[PricedLine] = strawberry.field(
        resolver=_lines, description="Every line, bundle children after their bundle."
    )
    steps: list[WaterfallStep] = strawberry.field(
        resolver=_steps, description="The quote's waterfall, summed over lines."
    )
    breaches: list[PriceBreach] = strawberry.field(
        resolver=_breaches, description="Every guardrail crossed, per line and for the quote."
    )
    issues: list[PricingIssue] = strawberry.field(
        resolver=_issues, description="Every refusal, quote-level and each line's."
    )
    parts: strawberry.Private[PricedParts]

    @strawberry.field(description="True when every line priced and nothing is refused.")
    def priced(self) -> bool:
        return self.parts.priced()

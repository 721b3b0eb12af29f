"""What pricing returns: the per-line waterfall, totals, guardrail breaches and issues.

The enums are the pricing engine's own, so the API's codes never drift from
the engine's. Cost and margin fields are null for reps.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from strawberry import relay

from pricing.configuration import SelectionSource as SelectionSourceEnum
from pricing.configuration import ViolationCode as ViolationCodeEnum
from pricing.guardrails import BreachCode as BreachCodeEnum
from pricing.reasons import ReasonCode
from pricing.waterfall import StepKind
from schema.money import Money
from schema.rows import related
from schema.types.catalog import BundleOption, Product, cost_viewers

WaterfallStepKind = strawberry.enum(StepKind, name="WaterfallStepKind")
BreachCode = strawberry.enum(
    BreachCodeEnum, name="BreachCode", description="A guardrail a price crossed."
)
PricingIssueCode = strawberry.enum(ReasonCode, name="PricingIssueCode")
ConfigurationViolationCode = strawberry.enum(ViolationCodeEnum, name="ConfigurationViolationCode")
SelectionSource = strawberry.enum(SelectionSourceEnum, name="SelectionSource")


#: The description of every per-unit price the pricing types show.
_PER_UNIT = (
    "Per unit at full precision (exact when amount ÷ quantity terminates, "
    "else 28 significant digits); not rounded to minor units."
)


@strawberry.type(description="One step of a price waterfall, naming the rule that made it.")
class WaterfallStep:
    kind: WaterfallStepKind  # type: ignore[valid-type]
    label: str
    rule_id: strawberry.ID | None = strawberry.field(
        description="Global ID of the rule, book entry or promotion."
    )
    amount_delta: Money = strawberry.field(
        description=(
            "What this step changed on the extended amount, shown rounded to minor units "
            "(the engine keeps full precision until the line's ROUNDING step, "
            "so shown deltas can differ from the net by a minor unit)."
        )
    )
    amount_after: Money = strawberry.field(
        description="The extended amount after this step, shown rounded to minor units."
    )
    unit_price_after: Decimal | None = strawberry.field(description=_PER_UNIT)
    raises_price: bool
    quote_level: bool = strawberry.field(
        description="Set by a quote-wide rule, not by this line alone."
    )


@strawberry.type(description="A guardrail breach: what drives approvals.")
class PriceBreach:
    code: BreachCode  # type: ignore[valid-type]
    line_key: str | None
    threshold: Decimal
    actual: Decimal
    message: str
    rule_id: strawberry.ID | None


@strawberry.type(description="Why a line or the quote could not be priced as asked.")
class PricingIssue:
    code: PricingIssueCode  # type: ignore[valid-type]
    message: str
    line_key: str | None
    field: list[str] | None
    rule_id: strawberry.ID | None


@strawberry.type
class ConfigurationViolation:
    code: ConfigurationViolationCode  # type: ignore[valid-type]
    message: str
    rule_id: strawberry.ID | None
    option_ids: list[relay.GlobalID]
    attribute: str | None


@strawberry.type(description="An option the configuration resolves to, with its computed quantity.")
class ResolvedOption:
    source: SelectionSource  # type: ignore[valid-type]
    quantity_per_parent: int
    quantity: int
    rule_id: strawberry.ID | None
    option_id: strawberry.Private[int]
    product_id: strawberry.Private[int]

    option = related("bundle_option_by_id", "option_id", BundleOption)
    product = related("product_by_id", "product_id", Product)


@strawberry.type(description="Every violated rule (not just the first) and the resolved options.")
class ConfigurationResult:
    valid: bool
    violations: list[ConfigurationViolation]
    options: list[ResolvedOption]


@strawberry.type(description="One priced line, with its waterfall from list to net.")
class PricedLine:
    key: str = strawberry.field(
        description="The key the client gave the line (child lines: parent key + option)."
    )
    parent_key: str | None
    quantity: int
    list_unit_price: Decimal | None = strawberry.field(description=_PER_UNIT)
    list_amount: Money | None
    net_unit_price: Decimal | None = strawberry.field(description=_PER_UNIT)
    net_amount: Money | None
    discount_percent: Decimal | None
    steps: list[WaterfallStep]
    breaches: list[PriceBreach]
    issues: list[PricingIssue]
    configuration: ConfigurationResult | None
    product_id: strawberry.Private[int]
    cost_amount: Money | None = strawberry.field(extensions=cost_viewers())
    margin_amount: Money | None = strawberry.field(extensions=cost_viewers())
    margin_percent: Decimal | None = strawberry.field(extensions=cost_viewers())

    product = related("product_by_id", "product_id", Product)


@strawberry.type(description="A priced set of lines: the live price a rep sees while configuring.")
class PricedQuote:
    currency: str
    pricing_date: date
    lines: list[PricedLine]
    steps: list[WaterfallStep] = strawberry.field(
        description="The quote's waterfall, summed over lines."
    )
    list_total: Money
    net_total: Money
    discount_total: Money
    total_discount_percent: Decimal | None
    breaches: list[PriceBreach]
    issues: list[PricingIssue]
    cost_total: Money | None = strawberry.field(extensions=cost_viewers())
    margin_amount: Money | None = strawberry.field(extensions=cost_viewers())
    margin_percent: Decimal | None = strawberry.field(extensions=cost_viewers())

    @strawberry.field(description="True when every line priced and nothing is refused.")
    def priced(self) -> bool:
        return not self.issues and all(not line.issues for line in self.lines)

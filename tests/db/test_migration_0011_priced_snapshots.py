"""Revision 0011 rewrites quote revisions' hand-made priced JSON as the pricing engine's
``PricedQuote`` in the tagged codec, and back: a migrated snapshot reads back as the engine's
value and answers GraphQL exactly as before."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import strawberry
from alembic import command
from strawberry.relay import to_base64
from strawberry.schema.config import StrawberryConfig

import pricing as e
from db.actor import Actor
from db.migrate import alembic_config, upgrade
from db.models.quotes import QuoteRevision
from db.models.users import Role
from schema.decimals import PERCENT_PLACES, at_scale, plain_text
from schema.money import unit_precision
from schema.scalars import SCALAR_MAP
from schema.types.pricing import PricedQuote
from schema.types.pricing_snapshot import priced_quote_type
from services.pricing.snapshots import priced_quote_of
from tests.db.scratch import execute, fetch_row

QUOTE_ID = 5
DAY = date(2026, 11, 23)


def usd(amount: str) -> e.Money:
    return e.Money(Decimal(amount), "USD")


SERVER = e.Product(
    "1",
    "Server",
    family="Hardware",
    attributes=(
        e.AttributeDefinition("storage_tb", "Storage (TB)", e.AttributeType.NUMBER, required=True),
    ),
    bundle=e.Bundle(
        features=(
            e.Feature(
                "10",
                "Chassis",
                (e.BundleOption("20", "2", "Chassis"),),
                min_options=1,
                max_options=1,
            ),
            e.Feature(
                "11", "Support", (e.BundleOption("21", "3", "Support", e.OptionType.INCLUDED),)
            ),
        ),
        rules=(
            e.AttributeConstraint(
                "Q29uZmlndXJhdGlvblJ1bGU6Nw==",
                when=e.AttributeCondition("storage_tb", e.Operator.GT, Decimal(4)),
                requires_option_id="20",
                message="Over 4 TB needs the large chassis.",
            ),
        ),
    ),
    unit_costs=(usd("400"),),
)
PRODUCTS = (
    SERVER,
    e.Product("2", "Chassis", unit_costs=(usd("100"),)),
    e.Product("3", "Support"),
    e.Product("4", "Training", family="Services"),
)
BOOK = e.PriceBook(
    "UHJpY2VCb29rOjE=",
    "Standard",
    tuple(
        e.PriceBookEntry(f"UHJpY2VCb29rRW50cnk6{pid}", pid, usd(price))
        for pid, price in (("1", "1000"), ("2", "300"), ("3", "120"), ("4", "333.33"))
    ),
)


def request() -> e.PricingRequest:
    """A bundle with an option and an included option (below floor and authority), a line
    with an amount off that rounds, an invalid configuration and an unknown product."""
    return e.PricingRequest(
        quote_id=str(QUOTE_ID),
        currency="USD",
        pricing_date=DAY,
        account=e.Account("9", "Acme", segment="smb"),
        lines=(
            e.QuoteLineInput(
                "L1",
                "1",
                2,
                configuration=e.Configuration(
                    (e.OptionSelection("20"),), (e.AttributeValue("storage_tb", Decimal("2.5")),)
                ),
                discount=e.PercentOff(Decimal("15")),
            ),
            e.QuoteLineInput("L2", "4", 3, discount=e.AmountOff(usd("0.005"))),
            e.QuoteLineInput("L3", "1", 1, configuration=e.Configuration((), ())),
            e.QuoteLineInput("L4", "unknown:UXVvdGU6MQ==", 1),
        ),
        products=PRODUCTS,
        price_books=(BOOK,),
        guardrails=e.GuardrailPolicy(
            floor_prices=(e.FloorPrice("UHJpY2VCb29rRW50cnk6MQ==", "1", usd("900")),),
            discount_authority_percent=Decimal("10"),
            min_margin_percent=Decimal("20"),
        ),
        quote_discount=e.PercentOff(Decimal("2.5")),
    )


STEP = (
    "kind label ruleId amountDelta { amount currency } amountAfter { amount } unitPriceAfter"
    " raisesPrice quoteLevel"
)
BREACH = "code lineKey threshold actual message ruleId"
ISSUE = "code message lineKey field ruleId"
QUERY = f"""{{ pricing {{
  currency pricingDate priced listTotal {{ amount currency }} netTotal {{ amount }}
  discountTotal {{ amount }}
  totalDiscountPercent costTotal {{ amount }} marginAmount {{ amount }} marginPercent
  steps {{ {STEP} }} breaches {{ {BREACH} }} issues {{ {ISSUE} }}
  lines {{
    key parentKey quantity listUnitPrice listAmount {{ amount }} netUnitPrice
    netAmount {{ amount currency }}
    discountPercent costAmount {{ amount }} marginAmount {{ amount }} marginPercent
    steps {{ {STEP} }} breaches {{ {BREACH} }} issues {{ {ISSUE} }}
    configuration {{
      valid violations {{ code message ruleId optionIds attribute }}
      options {{ source quantityPerParent quantity ruleId }}
    }}
  }}
}} }}"""


@strawberry.type
class Query:
    @strawberry.field
    def pricing(self, info: strawberry.Info) -> PricedQuote:
        return info.context.pricing  # type: ignore[no-any-return]


SCHEMA = strawberry.Schema(query=Query, config=StrawberryConfig(scalar_map=SCALAR_MAP))
MANAGER = Actor(user_id=1, roles=frozenset({Role.MANAGER}))  # sees cost and margin


def graphql_output(pricing: PricedQuote) -> dict[str, Any]:
    """What the API answers for ``pricing``."""
    result = SCHEMA.execute_sync(
        QUERY, context_value=SimpleNamespace(viewer=MANAGER, pricing=pricing)
    )
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data


HERE = Path(__file__).parent / "snapshots"
# Exactly what resolvers/pricing/outputs.py wrote for ``request()`` before 0011, and what the
# API answered for it then (schema/types/pricing_snapshot.py of then, to a manager).
OLD: dict[str, Any] = json.loads((HERE / "priced_before_0011.json").read_text())
_PERCENTS = {"totalDiscountPercent", "marginPercent", "discountPercent"}
_UNIT_PRICES = {"listUnitPrice", "netUnitPrice", "unitPriceAfter"}


def at_issue_13_scales(answer: Any) -> Any:
    """A recorded USD answer with the output scales issue 13 gave its Decimal fields (the
    figures unchanged): percentages at 2 places, unit prices with a catalog unit price's
    precision, a breach's threshold and actual as one or the other by its code."""
    if isinstance(answer, list):
        return [at_issue_13_scales(item) for item in answer]
    if not isinstance(answer, dict):
        return answer

    def percent(text: str) -> str:
        return plain_text(at_scale(Decimal(text), PERCENT_PLACES))

    def unit_price(text: str) -> str:
        return plain_text(unit_precision(Decimal(text), "USD"))

    scaled = {key: at_issue_13_scales(value) for key, value in answer.items()}
    breach_scale = unit_price if scaled.get("code") == "BELOW_FLOOR" else percent
    for key, value in scaled.items():
        if value is None:
            continue
        if key in _PERCENTS:
            scaled[key] = percent(value)
        elif key in _UNIT_PRICES:
            scaled[key] = unit_price(value)
        elif key in ("threshold", "actual"):
            scaled[key] = breach_scale(value)
    return scaled


def with_node_rule_ids(answer: Any) -> Any:
    """A recorded answer with the rule IDs issue 13 gave it (the figures unchanged): a bare
    database key becomes the global ID ``node`` resolves (an INCLUDED option's step names its
    BundleOption), or null where the thing is no node (a feature count's violation)."""
    if isinstance(answer, list):
        return [with_node_rule_ids(item) for item in answer]
    if not isinstance(answer, dict):
        return answer
    shown = {key: with_node_rule_ids(value) for key, value in answer.items()}
    rule_id = shown.get("ruleId")
    if isinstance(rule_id, str) and rule_id.isdigit():
        included = shown.get("kind") == "BUNDLE_INCLUDED"
        shown["ruleId"] = to_base64("BundleOption", rule_id) if included else None
    return shown


GRAPHQL: dict[str, Any] = with_node_rule_ids(
    at_issue_13_scales(json.loads((HERE / "priced_graphql_before_0011.json").read_text()))
)


async def _seed(url: str) -> None:
    await execute(
        url,
        # Rows without their parents (quotes, products): only the stored JSON matters here.
        ("SET session_replication_role = replica",),
        (
            "INSERT INTO bundle_options (id, feature_id, product_id, option_type)"
            " VALUES (20, 10, 2, 'OPTIONAL'), (21, 11, 3, 'INCLUDED')",
        ),
        (
            "INSERT INTO quote_revisions (id, quote_id, number, pricing_date, priced)"
            " VALUES (1, $1, 1, $2, $3), (2, $1, 2, $2, '{}')",
            QUOTE_ID,
            DAY,
            json.dumps(OLD),
        ),
    )


def _stored(url: str, revision_id: int) -> Any:
    row = asyncio.run(
        fetch_row(url, f"SELECT priced FROM quote_revisions WHERE id = {revision_id}")
    )
    return json.loads(row["priced"])


def test_an_old_snapshot_reads_back_as_the_engine_value_with_the_same_graphql_output(
    scratch_url: str,
) -> None:
    upgrade(scratch_url, "0010_commission_codec")
    asyncio.run(_seed(scratch_url))

    upgrade(scratch_url, "0011_priced_snapshots")
    priced = priced_quote_of(QuoteRevision(priced=_stored(scratch_url, 1)))

    fresh = e.price_quote(request())
    # The old JSON kept -1 for a product id that named no row (L4's): all else is the engine's.
    lost = tuple(
        replace(line, product_id="-1") if line.line_id == "L4" else line for line in fresh.lines
    )
    assert priced == replace(fresh, lines=lost)
    assert graphql_output(priced_quote_type(priced)) == GRAPHQL
    assert _stored(scratch_url, 2) == {}  # never priced: left alone

    command.downgrade(alembic_config(scratch_url), "0010_commission_codec")

    assert _stored(scratch_url, 1) == OLD
    assert _stored(scratch_url, 2) == {}


def test_a_fresh_price_answers_graphql_as_the_old_snapshot_did() -> None:
    assert graphql_output(priced_quote_type(e.price_quote(request()))) == GRAPHQL

"""The floor for ``bench_quotes.py``: a stock strawberry + starlette app under uvicorn that
answers the quote benchmark's queries with the same JSON, from memory.

It knows nothing of DealDesk: plain strawberry types, filled once at start-up from the
answers the real server gave (a JSON file ``bench_quotes.py`` writes), so a request costs
only what strawberry, starlette and uvicorn cost to parse, validate, execute and serialize
that JSON. ``lineItems`` slices the lines in memory with an index cursor.

    python bench/quote_floor.py <port> <answers.json>
"""

from __future__ import annotations

import base64
import json
import sys
from typing import Any

import strawberry
import uvicorn
from starlette.applications import Starlette
from strawberry.asgi import GraphQL


@strawberry.type
class Money:
    amount: str
    currency: str | None = None


@strawberry.type
class Named:
    name: str | None = None
    sku: str | None = None


@strawberry.type
class Step:
    kind: str
    label: str
    amount_delta: Money


@strawberry.type
class Priced:
    net_unit_price: str | None
    list_amount: Money | None
    net_amount: Money | None
    discount_percent: str | None
    steps: list[Step]


@strawberry.type
class Line:
    key: str
    quantity: int
    discount_percent: str | None
    product: Named
    priced: Priced | None


@strawberry.type
class Breach:
    code: str


@strawberry.type
class Pricing:
    net_total: Money
    breaches: list[Breach]


@strawberry.type
class Clause:
    title: str


@strawberry.type
class Revision:
    number: int
    pricing: Pricing
    clauses: list[Clause]


@strawberry.type
class Totals:
    breach_count: int
    list_total: Money
    discount_total: Money
    net_total: Money
    total_discount_percent: str | None
    priced: bool


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Edge:
    cursor: str
    node: Line


@strawberry.type
class LineConnection:
    total_count: int
    totals: Totals
    page_info: PageInfo
    edges: list[Edge]


@strawberry.type
class Quote:
    number: str
    name: str
    status: str
    version: int
    valid_until: str
    net_total: Money
    account: Named
    owner: Named
    revision: Revision
    lines: list[Line]
    totals: strawberry.Private[Totals]

    @strawberry.field
    def line_items(self, first: int = 50, after: str | None = None) -> LineConnection:
        start = 0 if after is None else int(base64.b64decode(after)) + 1
        page = self.lines[start : start + first]
        edges = [
            Edge(cursor=base64.b64encode(str(start + i).encode()).decode(), node=line)
            for i, line in enumerate(page)
        ]
        return LineConnection(
            total_count=len(self.lines),
            totals=self.totals,
            page_info=PageInfo(
                has_next_page=start + first < len(self.lines),
                end_cursor=edges[-1].cursor if edges else None,
            ),
            edges=edges,
        )


def _money(value: dict[str, Any] | None) -> Money | None:
    return None if value is None else Money(amount=value["amount"], currency=value.get("currency"))


def _line(line: dict[str, Any]) -> Line:
    priced = line["priced"]
    return Line(
        key=line["key"],
        quantity=line["quantity"],
        discount_percent=line.get("discountPercent"),
        product=Named(**line["product"]),
        priced=None
        if priced is None
        else Priced(
            net_unit_price=priced.get("netUnitPrice"),
            list_amount=_money(priced.get("listAmount")),
            net_amount=_money(priced["netAmount"]),
            discount_percent=priced.get("discountPercent"),
            steps=[
                Step(kind=s["kind"], label=s["label"], amount_delta=Money(**s["amountDelta"]))
                for s in priced["steps"]
            ],
        ),
    )


def _quote(answer: dict[str, Any]) -> Quote:
    """A quote from the real server's answer: the full read's fields, its lines with every
    field any benchmark query selects, and the totals of the first screen."""
    totals = answer["totals"]
    revision = answer["revision"]
    return Quote(
        number=answer["number"],
        name=answer["name"],
        status=answer["status"],
        version=answer["version"],
        valid_until=answer["validUntil"],
        net_total=Money(**answer["netTotal"]),
        account=Named(**answer["account"]),
        owner=Named(**answer["owner"]),
        revision=Revision(
            number=revision["number"],
            pricing=Pricing(
                net_total=Money(**revision["pricing"]["netTotal"]),
                breaches=[Breach(**b) for b in revision["pricing"]["breaches"]],
            ),
            clauses=[Clause(**c) for c in revision["clauses"]],
        ),
        lines=[_line(line) for line in answer["lines"]],
        totals=Totals(
            breach_count=totals["breachCount"],
            list_total=Money(**totals["listTotal"]),
            discount_total=Money(**totals["discountTotal"]),
            net_total=Money(**totals["netTotal"]),
            total_discount_percent=totals["totalDiscountPercent"],
            priced=totals["priced"],
        ),
    )


def app(answers: dict[str, Any]) -> Starlette:
    quotes = {int(size): _quote(answer) for size, answer in answers.items()}

    @strawberry.type
    class Query:
        @strawberry.field
        def quote(self, size: int) -> Quote:
            return quotes[size]

    starlette = Starlette()
    starlette.add_route(
        "/graphql", GraphQL(strawberry.Schema(query=Query)), methods=["GET", "POST"]
    )
    return starlette


if __name__ == "__main__":
    port, path = int(sys.argv[1]), sys.argv[2]
    with open(path, encoding="utf-8") as file:
        uvicorn.run(app(json.load(file)), port=port, log_level="warning")

"""Property: no query or mutation a client can write makes the server fault.

hypothesis-graphql writes operations from the app's own schema (introspected over
HTTP): any root field, any arguments of the right types (strings from all of
Unicode, NUL included; IDs both random and real ones from the seeded demo org;
every enum; nulls), any selection. Each is sent as the signed-in ADMIN to the
real ASGI app on real PostgreSQL. A response may refuse the operation in any
typed way (validation, limits, BAD_USER_INPUT, NOT_FOUND, userErrors); it must
never be a 5xx or an ``INTERNAL_SERVER_ERROR``.

Numbers and dates are drawn within their types' ordinary ranges here: their
hostile extremes are the hostile-input suite's job. ``DEALDESK_FUZZ_EXAMPLES``
sets the number of operations (60 by default, a few seconds; CI may raise it).
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from decimal import Decimal

import graphql
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema, nodes

from tests.hostile.conftest import Seeded

EXAMPLES = int(os.environ.get("DEALDESK_FUZZ_EXAMPLES", "60"))


def _string(values: st.SearchStrategy[str]) -> st.SearchStrategy[graphql.StringValueNode]:
    return values.map(nodes.String)


def custom_scalars(real_ids: list[str]) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    decimals = st.decimals(
        min_value=Decimal("-1000000"), max_value=Decimal("1000000"), places=4, allow_nan=False
    )
    return {
        "Decimal": _string(decimals.map(str)),
        "Date": _string(st.dates(date(2000, 1, 1), date(2100, 12, 31)).map(date.isoformat)),
        "DateTime": _string(
            st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1), timezones=st.just(UTC)).map(
                datetime.isoformat
            )
        ),
        "CurrencyCode": _string(
            st.sampled_from(["USD", "EUR", "JPY", "THB", "GBP", "XYZ", "usd", ""])
        ),
        "JSON": _string(st.text(max_size=20)),
        "ID": _string(st.one_of(st.sampled_from(real_ids), st.text(max_size=30))),
        # a file only comes through the multipart spec: in a plain document it is any string
        # (the generation stops on a scalar it has no strategy for, whichever one it draws)
        "Upload": _string(st.text(max_size=10)),
    }


def faults(status: int, body: dict) -> list[str]:
    if status >= 500:
        return [f"HTTP {status}"]
    codes = [(e.get("extensions") or {}).get("code") for e in body.get("errors") or []]
    return [str(body["errors"])] if "INTERNAL_SERVER_ERROR" in codes or None in codes else []


async def test_no_generated_operation_faults_the_server(seeded: Seeded) -> None:
    admin_id = seeded.bases.ids.get("User")
    real_ids = sorted(i for i in seeded.bases.ids.values() if i != admin_id) or ["x"]
    operations = from_schema(
        seeded.schema, custom_scalars=custom_scalars(real_ids), allow_x00=True, codec=None
    )
    seen: list[str] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(operation=operations)
    def generated(operation: str) -> None:
        seen.append(operation)

    generated()  # hypothesis drives the generation; the requests go out on the test's event loop
    found: list[str] = []
    for operation in seen:
        try:
            response = await seeded.post(operation)
        except Exception as exc:  # the in-process transport re-raises what escaped the app: a 500
            found.append(f"{operation}\n  -> raised {exc!r}")
            continue
        problems = faults(response.status_code, response.json())
        if problems:
            found.append(f"{operation}\n  -> {problems}")

    assert len(seen) >= min(EXAMPLES, 50)
    assert not found, "\n\n".join(found[:10])

"""Plans decoded and validated once per process (``services.commissions.rep_plans``,
``commissions.context``), and that changes no answer: the decoding is keyed by the stored
JSON itself, so a version whose components changed (another process, a migration) is decoded
anew; the validation remembers successes only, so a bad plan is refused every time."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D

from commissions import BaseRate, PeriodKind, PlanVersion
from commissions.context import _validated
from commissions.plans import validate_plan_versions
from db.codec.commissions import components_json, components_of
from services.commissions import rep_plans


def test_the_same_json_is_decoded_once_and_changed_json_anew() -> None:
    ten = json.loads(json.dumps(components_json([BaseRate("base", "Base 10%", D("0.10"))])))
    twelve = json.loads(json.dumps(components_json([BaseRate("base", "Base 12%", D("0.12"))])))

    first = rep_plans.decoded_components(ten)
    again = rep_plans.decoded_components(json.loads(json.dumps(ten)))  # a new read, same JSON
    changed = rep_plans.decoded_components(twelve)

    assert first is again  # one decode for the same content
    assert first == components_of(ten) and changed == components_of(twelve)
    assert changed != first


def test_the_decoded_components_are_bounded() -> None:
    for n in range(rep_plans.DECODED_MAX + 10):
        rep_plans.decoded_components(
            components_json([BaseRate("base", f"Base {n}", D(n % 90) / 100)])
        )
    assert len(rep_plans._decoded) == rep_plans.DECODED_MAX


def _version(rate: str, currency: str = "USD") -> PlanVersion:
    base = BaseRate("base", "Base", D(rate))
    return PlanVersion("1", 1, "V1", date(2026, 1, 1), None, currency, PeriodKind.MONTH, (base,))


def test_validation_remembers_successes_and_refuses_a_bad_plan_every_time() -> None:
    good = (_version("0.10"),)
    bad = (_version("5"),)  # above the 100 % rate ceiling

    assert _validated(good) == () == validate_plan_versions(good)
    assert _validated(good) == ()
    refused = _validated(bad)
    assert refused and refused == validate_plan_versions(bad)
    assert _validated(bad) == refused  # found afresh, not remembered as valid

"""Every value the approvals engine can produce survives storage exactly.

"Exactly" is stricter than ``==``: in Python ``True == 1 == Decimal(1)``, so a
codec that turned a hit's ``True`` into ``Decimal(1)`` would pass an equality
check. :func:`shape` compares types as well, all the way down.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import types
import typing
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from approvals_builders import DAY, NOW, org
from hypothesis import given, settings
from hypothesis import strategies as st
from test_approvals_properties import any_condition, quotes, rule_sets

import approvals as engine
from db.codec.approvals import CODEC, decode, decode_sla, encode, encode_sla


def shape(value: Any) -> Any:
    """``value`` with the exact type of every part spelt out."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (
            type(value),
            tuple((f.name, shape(getattr(value, f.name))) for f in dataclasses.fields(value)),
        )
    if isinstance(value, (tuple, list)):
        return (type(value), tuple(shape(v) for v in value))
    if isinstance(value, frozenset):
        return (frozenset, frozenset(shape(v) for v in value))
    if isinstance(value, Decimal):
        return (Decimal, str(value))
    return (type(value), value)


def stored(value: Any) -> Any:
    """Through the codec and a JSON text, as a JSONB column would."""
    return json.loads(json.dumps(encode(value)))


def assert_exact(value: Any, kind: Any) -> None:
    back = decode(kind, stored(value))
    assert shape(back) == shape(value)
    assert back == value


# --- every registered dataclass, from its own type hints ------------------------------

decimals = st.decimals(
    allow_nan=False, allow_infinity=False, min_value=-(10**50), max_value=10**50
) | st.decimals(places=4, min_value=-(10**9), max_value=10**9)
offsets = st.sampled_from(
    (UTC, timezone(timedelta(hours=7)), timezone(timedelta(hours=-5, minutes=-30)))
)
LEAVES: dict[Any, st.SearchStrategy[Any]] = {
    Decimal: decimals,
    str: st.text(max_size=8),
    bool: st.booleans(),
    int: st.integers(),
    datetime: st.datetimes(timezones=offsets),
    date: st.dates(),
    timedelta: st.timedeltas(),
    type(None): st.none(),
}


def strategy(hint: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values of ``hint`` as the engine's annotations spell it (unions, tuples, dataclasses)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*(strategy(a, depth) for a in typing.get_args(hint)))
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return st.lists(strategy(args[0], depth + 1), max_size=0 if depth > 3 else 2).map(tuple)
        return st.tuples(*(strategy(a, depth + 1) for a in args))
    if origin is frozenset:
        return st.frozensets(strategy(typing.get_args(hint)[0], depth + 1), max_size=2)
    if hint in LEAVES:
        return LEAVES[hint]
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return st.sampled_from(hint)
    if dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        fields = {
            f.name: strategy(hints[f.name], depth + 1) for f in dataclasses.fields(hint) if f.init
        }
        return st.builds(hint, **fields)
    raise AssertionError(f"no strategy for {hint!r}")


DATACLASSES = [cls for cls in CODEC.classes if dataclasses.is_dataclass(cls)]
any_engine_value = st.sampled_from(DATACLASSES).flatmap(strategy)


def test_every_dataclass_and_enum_the_engine_exports_is_registered() -> None:
    exported = {getattr(engine, n) for n in engine.__all__}
    wanted = {
        c
        for c in exported
        if isinstance(c, type) and (dataclasses.is_dataclass(c) or issubclass(c, enum.Enum))
    }

    assert wanted <= set(CODEC.classes)
    assert {
        engine.ConditionHit,
        engine.PlanApprover,
        engine.Exceedance,
        engine.Escalation,
    } <= wanted


@settings(max_examples=300)
@given(any_engine_value)
def test_any_engine_dataclass_round_trips_exactly(value: Any) -> None:
    assert_exact(value, type(value))


@given(
    st.sampled_from(engine.ConditionKind),
    st.sampled_from(engine.Dimension),
    strategy(engine.conditions.Observed),
    strategy(engine.conditions.Observed),
)
def test_a_hit_keeps_the_type_of_what_it_observed(
    kind: engine.ConditionKind, dimension: engine.Dimension, observed: Any, threshold: Any
) -> None:
    hit = engine.ConditionHit(kind, dimension, observed, threshold, None)

    assert_exact(hit, engine.ConditionHit)


def test_a_non_standard_clause_hit_stays_a_yes_and_never_becomes_a_number() -> None:
    hit = engine.ConditionHit(
        engine.ConditionKind.NON_STANDARD_CLAUSES, engine.Dimension.CLAUSES, True, False
    )

    back = decode(engine.ConditionHit, stored(hit))

    assert back.observed is True and back.threshold is False


# --- what the engine actually produces ------------------------------------------------

DIRECTORY = org(delegations=(engine.DelegationFact("mgr", "desk", NOW - DAY, NOW + DAY),))


@settings(max_examples=150)
@given(quotes(), rule_sets(any_condition), st.sampled_from(engine.DecisionKind))
def test_conditions_facts_plans_hits_decisions_and_envelopes_round_trip(
    facts: engine.QuoteFacts, rules: tuple[engine.Rule, ...], kind: engine.DecisionKind
) -> None:
    plan = engine.build_plan(facts, rules, DIRECTORY, NOW)
    state = engine.RequestState(plan, facts, NOW)
    counter = engine.CounterOffer(
        (engine.LineCounter(facts.lines[0].line_id, Decimal(5)),), Decimal(3), "x"
    )
    outcome = None
    if plan.steps and plan.steps[0].approvers:
        step = plan.steps[0]
        decision = engine.Decision(
            step.approvers[0].user_id,
            kind,
            step.step_id,
            reason="why",
            counter_offer=counter if kind is engine.DecisionKind.COUNTER_OFFER else None,
        )
        outcome = engine.decide(state, decision, NOW, DIRECTORY)
    envelope = engine.envelope_from(facts, plan, NOW)
    reapproval = engine.reapproval_needed(envelope, facts, rules, DIRECTORY, NOW + DAY)

    for condition in (c for r in rules for c in r.conditions):
        assert_exact(condition, engine.Condition)
    for rule in rules:
        assert_exact(rule, engine.Rule)
    for hit in (h for s in plan.steps for h in s.hits):
        assert_exact(hit, engine.ConditionHit)
    assert_exact(facts, engine.QuoteFacts)
    assert_exact(plan, engine.ApprovalPlan)
    assert_exact(envelope, engine.ApprovedEnvelope)
    assert_exact(reapproval, engine.ReapprovalResult)
    if outcome is not None:
        assert_exact(outcome, engine.DecisionOutcome)


def test_escalations_with_their_durations_round_trip() -> None:
    from approvals_builders import d, line, quote, rule

    facts = quote(line("L1", discount="20"))
    plan = engine.build_plan(facts, (rule("MGR", engine.LineDiscountAbove(d(10))),), org(), NOW)
    state = engine.RequestState(plan, facts, NOW - 3 * DAY)

    found = engine.escalations(state, {1: engine.Sla(DAY, escalate_up=True)}, NOW, org())

    assert found and found[0].escalate_to == ("vp",)
    assert_exact(found, tuple[engine.Escalation, ...].__origin__)


@given(
    st.dictionaries(
        st.integers(1, 20),
        st.tuples(st.none() | st.integers(1, 24 * 366), st.booleans()),
        max_size=5,
    )
)
def test_a_requests_sla_reads_back_as_the_engines_for_every_level_with_hours(
    sla: dict[int, tuple[int | None, bool]],
) -> None:
    stored_sla = json.loads(json.dumps(encode_sla(sla)))

    assert decode_sla(stored_sla) == {
        level: engine.Sla(timedelta(hours=hours), up) for level, (hours, up) in sla.items() if hours
    }

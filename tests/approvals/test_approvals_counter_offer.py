"""Counter-offers: what an approver may propose and what accepting one sets."""

from approvals_builders import NOW, d, line, org, quote, rule

from approvals import (
    CounterOffer,
    Decision,
    DecisionKind,
    LineCounter,
    LineDiscountAbove,
    LineTarget,
    ReasonCode,
    RequestState,
    RequestStatus,
    accept_counter_offer,
    build_plan,
    decide,
)
from approvals.counter_offer import counter_offer_issues

FACTS = quote(line("L1", discount="30"), line("L2", discount="12"), total_discount="20")
RULES = (rule("MGR", LineDiscountAbove(d(10))),)


def countered(offer: CounterOffer) -> RequestState:
    state = RequestState(build_plan(FACTS, RULES, org(), NOW), FACTS, NOW)
    outcome = decide(
        state, Decision("mgr", DecisionKind.COUNTER_OFFER, "MGR", counter_offer=offer), NOW
    )
    assert outcome.status is RequestStatus.COUNTERED
    return outcome.state


def test_accepting_a_counter_offer_yields_targets_for_every_line() -> None:
    offer = CounterOffer((LineCounter("L1", discount_pct=d(18)),), total_discount_pct=d(15))

    result = accept_counter_offer(countered(offer), "rep")

    assert result.accepted and result.targets is not None
    assert result.targets.lines == (
        LineTarget("L1", d(18), None, True),
        LineTarget("L2", d(12), None, False),
    )
    assert result.targets.total_discount_pct == d(15)
    assert (result.targets.proposed_by, result.targets.step_id) == ("mgr", "MGR")


def test_a_counter_offer_may_propose_a_net_price_instead_of_a_discount() -> None:
    offer = CounterOffer((LineCounter("L2", net_unit_price=d(90)),))

    result = accept_counter_offer(countered(offer), "rep")

    assert result.targets is not None
    assert result.targets.lines[1] == LineTarget("L2", None, d(90), True)
    assert result.targets.total_discount_pct is None


def test_only_the_quote_owner_accepts_a_counter_offer() -> None:
    state = countered(CounterOffer(total_discount_pct=d(15)))

    assert accept_counter_offer(state, "mgr").reasons == (ReasonCode.NOT_QUOTE_OWNER,)


def test_a_request_that_was_not_countered_has_nothing_to_accept() -> None:
    state = RequestState(build_plan(FACTS, RULES, org(), NOW), FACTS, NOW)

    assert accept_counter_offer(state, "rep").reasons == (ReasonCode.REQUEST_NOT_COUNTERED,)


def test_a_usable_counter_offer_has_no_issues() -> None:
    assert counter_offer_issues(CounterOffer(total_discount_pct=d(0)), FACTS) == ()


def test_an_empty_counter_offer_is_invalid() -> None:
    assert counter_offer_issues(CounterOffer(), FACTS) == (ReasonCode.COUNTER_OFFER_INVALID,)


def test_a_line_counter_with_both_or_neither_target_is_invalid() -> None:
    both = CounterOffer((LineCounter("L1", discount_pct=d(5), net_unit_price=d(90)),))
    neither = CounterOffer((LineCounter("L1"),))

    assert counter_offer_issues(both, FACTS) == (ReasonCode.COUNTER_OFFER_INVALID,)
    assert counter_offer_issues(neither, FACTS) == (ReasonCode.COUNTER_OFFER_INVALID,)


def test_a_counter_offer_for_an_unknown_or_repeated_line_is_invalid() -> None:
    unknown = CounterOffer((LineCounter("L9", discount_pct=d(5)),))
    twice = CounterOffer(
        (LineCounter("L1", discount_pct=d(5)), LineCounter("L1", discount_pct=d(6)))
    )

    assert counter_offer_issues(unknown, FACTS) == (ReasonCode.COUNTER_OFFER_INVALID,)
    assert counter_offer_issues(twice, FACTS) == (ReasonCode.COUNTER_OFFER_INVALID,)


def test_a_counter_offer_out_of_range_is_invalid() -> None:
    for offer in (
        CounterOffer(total_discount_pct=d(101)),
        CounterOffer((LineCounter("L1", discount_pct=d(-1)),)),
        CounterOffer((LineCounter("L1", net_unit_price=d(-5)),)),
    ):
        assert counter_offer_issues(offer, FACTS) == (ReasonCode.COUNTER_OFFER_INVALID,)

from decimal import Decimal as D

from commission_builders import deal, line, period_of
from commission_plans import plan

from commissions import BaseRate, CreditRole, Deal, DealStatus, ReasonCode, Split, credit_deal


def codes(result):
    return [r.code for r in result.refusals]


def test_a_won_deal_credits_its_owner_in_full():
    result = credit_deal(deal(line(amount="1200", quantity="3")))
    (credit,) = result.credits
    assert (credit.rep_id, credit.role, credit.share) == ("alice", CreditRole.DIRECT, D(1))
    assert (credit.lines[0].amount, credit.lines[0].quantity) == (D(1200), D(3))
    assert credit.credit_date == credit.rated_on == deal().close_date


def test_splits_share_amounts_and_quantities():
    result = credit_deal(
        deal(line(amount="1000", quantity="10")), (Split("alice", D("0.6")), Split("bob", D("0.4")))
    )
    by_rep = {c.rep_id: c.lines[0] for c in result.credits}
    assert (by_rep["alice"].amount, by_rep["alice"].quantity) == (D("600.0"), D("6.0"))
    assert (by_rep["bob"].amount, by_rep["bob"].quantity) == (D("400.0"), D("4.0"))


def test_splits_that_do_not_sum_to_exactly_100_percent_are_refused():
    result = credit_deal(deal(), (Split("alice", D("0.5")), Split("bob", D("0.49"))))
    assert codes(result) == [ReasonCode.SPLITS_NOT_100]
    assert result.credits == ()


def test_a_rep_twice_in_the_splits_or_a_zero_share_is_refused():
    twice = credit_deal(deal(), (Split("alice", D("0.5")), Split("alice", D("0.5"))))
    zero = credit_deal(deal(), (Split("alice", D(1)), Split("bob", D(0))))
    assert codes(twice) == [ReasonCode.DUPLICATE_SPLIT_REP]
    assert codes(zero) == [ReasonCode.INVALID_SPLIT_SHARE]
    assert zero.refusals[0].field == ("splits", "1", "share")


def test_only_won_deals_earn_credit():
    assert codes(credit_deal(deal(status=DealStatus.OPEN))) == [ReasonCode.DEAL_NOT_WON]


def test_a_deal_without_lines_or_with_an_unknown_currency_is_refused():
    no_lines = Deal("D", "alice", DealStatus.WON, deal().close_date, "USD", ())
    assert codes(credit_deal(no_lines)) == [ReasonCode.DEAL_HAS_NO_LINES]
    assert codes(credit_deal(deal(currency="ZZZ"))) == [ReasonCode.UNKNOWN_CURRENCY]


def test_managers_up_the_hierarchy_get_roll_up_credit():
    result = credit_deal(deal(line(amount="500")), hierarchy={"alice": "maria", "maria": "victor"})
    rollups = {c.rep_id: c for c in result.credits if c.role is CreditRole.ROLLUP}
    assert set(rollups) == {"maria", "victor"}
    assert rollups["victor"].lines[0].amount == D(500)


def test_a_manager_above_two_split_reps_gets_one_roll_up_with_their_combined_share():
    result = credit_deal(
        deal(line(amount="1000")),
        (Split("alice", D("0.5")), Split("bob", D("0.3")), Split("carol", D("0.2"))),
        hierarchy={"alice": "maria", "bob": "maria", "carol": "ted"},
    )
    maria = [c for c in result.credits if c.rep_id == "maria"]
    assert len(maria) == 1
    assert (maria[0].share, maria[0].lines[0].amount) == (D("0.8"), D("800.0"))


def test_a_hierarchy_that_loops_is_refused():
    result = credit_deal(deal(), hierarchy={"alice": "maria", "maria": "alice"})
    assert codes(result) == [ReasonCode.HIERARCHY_CYCLE]


def test_the_deal_discount_is_the_revenue_weighted_mean_of_line_discounts():
    result = credit_deal(
        deal(
            line("L1", amount="3000", discount="0.1", margin="0.5"),
            line("L2", amount="1000", discount="0.5", margin="0.1"),
        )
    )
    credit = result.credits[0]
    assert credit.deal_discount == D("0.2")
    assert credit.deal_margin == D("0.4")


def test_a_managers_period_is_computed_from_the_roll_up_credits_of_the_team():
    team = credit_deal(
        deal(line(amount="30000"), deal_id="D1"), hierarchy={"alice": "maria"}
    ).credits
    team += credit_deal(
        deal(line(amount="20000"), deal_id="D2", owner="bob"), hierarchy={"bob": "maria"}
    ).credits
    manager_plan = plan(BaseRate("override", "Manager override 2%", D("0.02")))
    result = period_of(manager_plan, team, rep="maria", quota="200000")
    assert result.total == D("1000.00")
    assert result.attainment == D("0.25")
    assert [s.credit_id for s in result.skipped] == ["D1:DIRECT:alice", "D2:DIRECT:bob"]

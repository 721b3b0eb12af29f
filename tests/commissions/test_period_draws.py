"""A period's draws (issue 19, the gaps): every draw touching the period counts for its days, a
draw of an assignment prorated like its quota, one in another currency converted with the dated
rate (or refused), both kinds sharing a period paying the non-recoverable guarantee first."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from commissions.currency import ExchangeRate
from commissions.draws import Draw, DrawKind, DrawTerms, apply_draw, combine_draws, period_draws
from commissions.fiscal_calendar import FiscalPeriod, PeriodKind
from commissions.reasons import ReasonCode

SETTINGS = settings(max_examples=200, deadline=None)
Q1 = FiscalPeriod(PeriodKind.QUARTER, 2026, 1, date(2026, 1, 1), date(2026, 3, 31))  # 90 days
REC, NON = DrawKind.RECOVERABLE, DrawKind.NON_RECOVERABLE
CENTS = st.integers(1, 10_000_000).map(lambda cents: D(cents) / 100)
RATE = ExchangeRate("USD", "EUR", D("0.9"), date(2025, 12, 15))


def terms(
    draw_id: str,
    amount: str,
    start: date,
    end: date | None = None,
    *,
    kind: DrawKind = REC,
    currency: str = "USD",
    of_assignment: bool = True,
) -> DrawTerms:
    return DrawTerms(draw_id, kind, D(amount), currency, start, end, of_assignment)


def test_a_lone_draw_of_the_rep_pays_whole_as_before_even_from_mid_period() -> None:
    drawn = period_draws([terms("1", "900.00", date(2026, 2, 15), of_assignment=False)], Q1, "USD")
    assert drawn == period_draws([terms("1", "900.00", Q1.start, of_assignment=False)], Q1, "USD")
    assert drawn.draw == Draw(REC, D("900.00"))


def test_two_assignments_draws_in_a_split_period_each_pay_their_days() -> None:
    """Jan 1 to Feb 14 (45 days): 900.00 x 45/90 = 450.00; Feb 15 to Mar 31 (45 days): 1,200.00
    x 45/90 = 600.00 (telescoped on the period: 1,200 x 90/90 - 1,200 x 45/90)."""
    drawn = period_draws(
        [
            terms("1", "900.00", date(2026, 1, 1), date(2026, 2, 14)),
            terms("2", "1200.00", date(2026, 2, 15)),
        ],
        Q1,
        "USD",
    )
    assert drawn.draw == Draw(REC, D("1050.00"))
    assert drawn.conversions == drawn.refusals == ()


def test_a_draw_in_another_currency_is_converted_at_the_rate_of_the_periods_first_day() -> None:
    later = ExchangeRate("USD", "EUR", D("0.8"), date(2026, 1, 2))  # too late for Jan 1
    drawn = period_draws([terms("7", "500.00", Q1.start)], Q1, "EUR", [RATE, later])
    assert drawn.draw == Draw(REC, D("450.00"))
    [conversion] = drawn.conversions
    assert (conversion.draw_id, conversion.rate, conversion.original, conversion.converted) == (
        "7",
        RATE,
        D("500.00"),
        D("450.00"),
    )


def test_a_draw_without_a_rate_is_refused_never_dropped() -> None:
    drawn = period_draws([terms("7", "500.00", Q1.start)], Q1, "JPY", [RATE])
    assert drawn.draw is None
    assert [r.code for r in drawn.refusals] == [ReasonCode.EXCHANGE_RATE_MISSING]
    assert "USD to JPY" in drawn.refusals[0].message


def test_both_kinds_in_one_period_pay_the_non_recoverable_guarantee_first() -> None:
    draw = combine_draws([(NON, D("300.00")), (REC, D("500.00"))])
    assert draw == Draw(REC, D("800.00"), D("300.00"))
    outcome = apply_draw(D("100.00"), draw, D(0))  # 700.00 short: 300 kept, 400 advanced
    assert (outcome.paid, outcome.non_recoverable_paid, outcome.outstanding) == (
        D("800.00"),
        D("300.00"),
        D("400.00"),
    )


days = st.integers(0, 89)


@SETTINGS
@given(CENTS, days, st.sampled_from([REC, NON]))
def test_back_to_back_draws_of_one_amount_pay_exactly_one_periods_amount(
    amount: D, cut: int, kind: DrawKind
) -> None:
    """The same amount before and after any mid-period change pays the period's amount once."""
    last = Q1.start + timedelta(days=cut)
    drawn = period_draws(
        [
            terms("1", str(amount), date(2025, 10, 1), last, kind=kind),
            terms("2", str(amount), last + timedelta(days=1), kind=kind),
        ],
        Q1,
        "USD",
    )
    assert drawn.draw == Draw(kind, amount)


@SETTINGS
@given(CENTS, days, days)
def test_a_prorated_share_never_exceeds_the_draw_and_grows_with_the_days(
    amount: D, a: int, b: int
) -> None:
    shorter, longer = sorted((a, b))
    start = Q1.start

    def paid(cut: int) -> D:
        found = period_draws([terms("1", str(amount), start, start + timedelta(cut))], Q1, "USD")
        assert found.draw is not None
        return found.draw.amount

    assert D(0) <= paid(shorter) <= paid(longer) <= amount


@SETTINGS
@given(CENTS, st.integers(1, 10**7).map(lambda micro: D(micro) / 10**6), days)
def test_converting_a_draw_rounds_once_to_the_statement_currency(
    amount: D, value: D, cut: int
) -> None:
    rate = ExchangeRate("USD", "JPY", value, date(2025, 1, 1))
    drawn = period_draws(
        [terms("1", str(amount), Q1.start + timedelta(cut), of_assignment=False)], Q1, "JPY", [rate]
    )
    assert drawn.draw is not None
    assert drawn.draw.amount == (amount * value).quantize(D(1), "ROUND_HALF_UP")
    assert drawn.conversions[0].original == amount


@SETTINGS
@given(CENTS, CENTS, CENTS, CENTS)
def test_a_mixed_draw_pays_what_one_draw_of_the_total_pays_and_splits_only_the_kind(
    available: D, kept: D, advanced: D, outstanding: D
) -> None:
    mixed = apply_draw(available, combine_draws([(NON, kept), (REC, advanced)]), outstanding)
    single = apply_draw(available, Draw(REC, kept + advanced), outstanding)
    assert (mixed.paid, mixed.shortfall_paid, mixed.recovered) == (
        single.paid,
        single.shortfall_paid,
        single.recovered,
    )
    assert D(0) <= mixed.non_recoverable_paid <= kept
    assert mixed.outstanding + mixed.non_recoverable_paid == single.outstanding

"""Invariants of the commissions engine, checked on generated plans and deals."""

from datetime import date, timedelta
from decimal import Decimal as D

from commission_builders import CALENDAR, Q1, assignment, credits_of
from commission_plans import plan
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from commissions import (
    Account,
    Award,
    AwardKind,
    BaseRate,
    Deal,
    DealLine,
    DealStatus,
    Measure,
    PayoutCap,
    ProductRate,
    QuotaTiers,
    RateModifier,
    Reversal,
    ReversalKind,
    SegmentIncentive,
    Spif,
    Split,
    Tier,
    TierBasis,
    TierBoundary,
    TierMode,
    TimingAccelerator,
    claw_back,
    compute_period,
    estimate_deal,
)

SETTINGS = settings(max_examples=120, deadline=None)
CENT = D("0.01")
QUOTA = D(1000000)
Q1_DAYS = st.integers(0, 89).map(lambda n: date(2025, 1, 1) + timedelta(days=n))
AMOUNTS = st.integers(1, 6_000_000).map(lambda cents: D(cents) / 100)


@st.composite
def deals(draw, deal_id: str, close: date | None = None, owner: str = "alice") -> Deal:
    lines = tuple(
        DealLine(
            f"L{index}",
            draw(st.sampled_from(["P", "X", "Y", "Z", "S"])),
            draw(st.sampled_from(["F", "HW"])),
            draw(AMOUNTS),
            D(draw(st.integers(1, 12))),
            draw(st.sampled_from([D(0), D("0.1"), D("0.25")])),
            draw(st.sampled_from([None, D("0.2"), D("0.6")])),
        )
        for index in range(draw(st.integers(1, 4)))
    )
    account = Account(draw(st.sampled_from(["SMB", "ENTERPRISE"])), "RETAIL", draw(st.booleans()))
    return Deal(deal_id, owner, DealStatus.WON, close or draw(Q1_DAYS), "USD", lines, account)


@st.composite
def quota_tiers(
    draw, mode: TierMode, with_limits: bool = True, with_bases: bool = True
) -> QuotaTiers:
    floors = sorted(
        draw(st.sets(st.sampled_from([D("0.25"), D("0.5"), D(1), D("1.5"), D(2)]), max_size=3))
    )
    multipliers = st.sampled_from([D(0), D("0.5"), D(1), D("1.25"), D("1.5"), D(2)])
    tiers = tuple(
        Tier(f"T{i}", floor, draw(multipliers)) for i, floor in enumerate([D(0), *floors])
    )
    gate = draw(st.sampled_from([None, D("0.5")])) if with_limits else None
    cap = draw(st.sampled_from([None, D("1.5"), D(3)])) if with_limits else None
    basis = draw(st.sampled_from(TierBasis)) if with_bases else TierBasis.ATTAINMENT
    scale = {TierBasis.ATTAINMENT: D(1), TierBasis.AMOUNT: D(100000), TierBasis.UNITS: D(10)}
    if basis is not TierBasis.ATTAINMENT:  # the same table, in revenue or units (quota-less)
        tiers = tuple(Tier(t.name, t.floor * scale[basis], t.multiplier) for t in tiers)
        gate = None if gate is None else gate * scale[basis]
        cap = None if cap is None else cap * scale[basis]
    boundary = draw(st.sampled_from(TierBoundary))
    return QuotaTiers("tiers", "Tiers", mode, tiers, gate, cap, basis, boundary)


ALL_MODES = (None, *TierMode)


@st.composite
def plans(draw, modes=ALL_MODES, with_limits: bool = True, with_bases: bool = True):
    components: list = [
        BaseRate("base", "Base", draw(st.sampled_from([D("0.05"), D("0.1"), D("0.15")])))
    ]
    optional = [
        ProductRate("x", "X 20%", D("0.2"), product_ids=("X",)),
        ProductRate("z", "Z 5%", D("0.05"), product_ids=("Z",)),
        ProductRate("s", "S excluded", D(0), product_ids=("S",), counts_toward_quota=False),
        RateModifier("disc", "Discount > 20%", Measure.DISCOUNT, D("0.5"), above=D("0.2")),
        RateModifier("margin", "Margin < 30%", Measure.MARGIN, D("0.8"), below=D("0.3")),
        TimingAccelerator("qend", "Quarter end", D("1.2"), days=14),
        SegmentIncentive(
            "ent",
            "Enterprise",
            segments=("ENTERPRISE",),
            extra_rate=D("0.02"),
            amount_per_deal=D(100),
        ),
    ]
    components += [c for c in optional if draw(st.booleans())]
    mode = draw(st.sampled_from(modes))
    if mode is not None:
        components.append(draw(quota_tiers(mode, with_limits, with_bases)))
    if with_limits and draw(st.booleans()):
        components.append(PayoutCap("cap", "Cap", draw(st.sampled_from([D(5000), D(40000)]))))
    if with_limits and draw(st.booleans()):
        award = Award(draw(st.sampled_from(AwardKind)), D(750), "SPIF")
        components.append(
            Spif(
                "spif",
                "Y units",
                date(2025, 1, 1),
                date(2025, 3, 31),
                D(draw(st.sampled_from([5, 10, 20]))),
                award,
                product_ids=("Y",),
            )
        )
    return plan(*components)


@st.composite
def ledgers(draw, with_clawbacks: bool = True):
    """Alice's Q1 credits: sales (some split with bob), clawbacks of Q1 and Q4-2024 sales."""
    credits: tuple = ()
    for index in range(draw(st.integers(0, 7))):
        sale = draw(deals(f"D{index:02d}"))
        splits = (Split("alice", D("0.7")), Split("bob", D("0.3"))) if draw(st.booleans()) else ()
        credits += credits_of(sale, splits)
        if with_clawbacks and draw(st.integers(0, 4)) == 0:
            day = draw(st.integers(0, (date(2025, 3, 31) - sale.close_date).days))
            reversal = Reversal(
                f"R{index}",
                sale.deal_id,
                sale.close_date + timedelta(days=day),
                ReversalKind.CANCELLED,
            )
            credits += claw_back(credits, reversal).credits
    if with_clawbacks:
        for index in range(draw(st.integers(0, 2))):
            old = draw(deals(f"OLD{index}", close=date(2024, 12, 10 + index)))
            reversal = Reversal(f"RO{index}", old.deal_id, draw(Q1_DAYS), ReversalKind.RETURNED)
            credits += credits_of(old)
            credits += claw_back(credits, reversal).credits
    return credits


def period(version, credits, quota="100000"):
    return compute_period((version,), assignment(quota=quota), credits, CALENDAR, Q1)


def by_credit(result) -> dict[str, D]:
    totals: dict[str, D] = {}
    for line in result.lines:
        if line.credit_id is not None:
            totals[line.credit_id] = totals.get(line.credit_id, D(0)) + line.amount
    return totals


@SETTINGS
@given(version=plans(), credits=ledgers(), quota=st.sampled_from(["50000", "100000", "250000"]))
def test_the_components_always_sum_to_the_total(version, credits, quota):
    result = period(version, credits, quota)
    assert result.ok
    assert sum((c.amount for c in result.component_totals), D(0)) == result.total
    assert sum((x.amount for x in result.lines), D(0)) == result.total


@SETTINGS
@given(version=plans(), credits=ledgers(), data=st.data())
def test_an_estimate_equals_the_period_with_the_deal_minus_the_period_without_it(
    version, credits, data
):
    latest = max((c.credit_date for c in credits), default=Q1.start)
    close = data.draw(
        st.integers(0, (Q1.end - latest).days).map(lambda n: latest + timedelta(days=n))
    )
    new = data.draw(deals("ZNEW", close=close))
    without = period(version, credits)
    with_deal = period(version, credits + credits_of(new))
    estimate = estimate_deal(without.state, new, (version,), CALENDAR)
    assert estimate.placed_last
    assert estimate.amount == with_deal.total - without.total
    assert estimate.tier_after == with_deal.tier_reached


@SETTINGS
@given(
    version=plans(), credits=ledgers(), new=deals("ZNEW"), order=st.randoms(use_true_random=False)
)
def test_estimates_are_deterministic_whatever_order_the_state_was_built_in(
    version, credits, new, order
):
    state = period(version, credits).state
    shuffled = list(credits)
    order.shuffle(shuffled)
    rebuilt = period(version, tuple(shuffled)).state
    first = estimate_deal(state, new, (version,), CALENDAR)
    assert first == estimate_deal(state, new, (version,), CALENDAR)
    assert first == estimate_deal(rebuilt, new, (version,), CALENDAR)


@SETTINGS
@given(
    version=plans(modes=tuple(TierMode)),
    credits=ledgers(),
    sale=deals("ZSALE"),
    data=st.data(),
)
def test_adding_a_credit_and_clawing_it_back_nets_to_zero(version, credits, sale, data):
    sold = credits_of(sale)
    day = sale.close_date + timedelta(
        days=data.draw(st.integers(0, (Q1.end - sale.close_date).days))
    )
    clawback = claw_back(
        credits + sold, Reversal("RZ", sale.deal_id, day, ReversalKind.LOST_AFTER_WIN)
    ).credits
    without = period(version, credits)
    netted = period(version, credits + sold + clawback)
    assert netted.total == without.total
    assert netted.attainment == without.attainment
    assert netted.state.spifs == without.state.spifs


@SETTINGS
@given(version=plans(modes=(TierMode.MARGINAL,)), credits=ledgers(), data=st.data())
def test_under_marginal_tiers_a_new_deal_never_lowers_an_earlier_deals_commission(
    version, credits, data
):
    latest = max((c.credit_date for c in credits), default=Q1.start)
    close = data.draw(
        st.integers(0, (Q1.end - latest).days).map(lambda n: latest + timedelta(days=n))
    )
    before = by_credit(period(version, credits))
    after = by_credit(period(version, credits + credits_of(data.draw(deals("ZNEW", close=close)))))
    for credit_id, amount in before.items():
        assert after[credit_id] >= amount
        assert after[credit_id] == amount


@SETTINGS
@given(
    version=plans(modes=(TierMode.MARGINAL,), with_limits=False, with_bases=False),
    credits=ledgers(with_clawbacks=False),
    edge_index=st.integers(0, 4),
)
def test_marginal_tiers_are_continuous_at_tier_edges(version, credits, edge_index):
    tiers = next(c for c in version.components if isinstance(c, QuotaTiers))
    edges = [t.floor * QUOTA for t in tiers.tiers[1:]] or [QUOTA]
    edge = edges[edge_index % len(edges)]
    so_far = period(version, credits, QUOTA).state.quota_revenue
    assume(so_far < edge - 1)  # the edge must still lie ahead of the rep
    last_day = max((c.credit_date for c in credits), default=Q1.start)

    def total_at(revenue: D) -> D:
        line = DealLine("L0", "P", "F", revenue - so_far)
        closing = Deal("ZEDGE", "alice", DealStatus.WON, last_day, "USD", (line,))
        return period(version, credits + credits_of(closing), QUOTA).total

    below, at, above = total_at(edge - CENT), total_at(edge), total_at(edge + CENT)
    steepest = max(t.multiplier for t in tiers.tiers) * D("0.2") * D("1.2")  # top rate x timing
    slack = (
        2 * CENT * steepest + 4 * CENT
    )  # revenue step x steepest rate, plus rounding of a few lines
    assert abs(at - below) <= slack
    assert abs(above - at) <= slack

from datetime import date
from decimal import Decimal as D

from commission_builders import CALENDAR, assignment, credits_of, deal, line, period_of
from commission_plans import BASE_10, FLAT, plan, quota_tiers, spif_on_y

from commissions import (
    AwardKind,
    BaseRate,
    PeriodKind,
    QuotaTiers,
    ReasonCode,
    Tier,
    TierMode,
    TimingAccelerator,
    validate_assignments,
    validate_plan_versions,
    version_on,
)

BASE_12 = BaseRate("base", "Base 12%", D("0.12"))


def codes(refusals):
    return [r.code for r in refusals]


def test_versions_of_one_plan_that_overlap_are_refused():
    v1 = plan(BASE_10, version=1, start=date(2025, 1, 1), end=date(2025, 2, 15))
    v2 = plan(BASE_12, version=2, start=date(2025, 2, 15))
    assert codes(validate_plan_versions((v1, v2))) == [ReasonCode.OVERLAPPING_PLAN_VERSIONS]


def test_back_to_back_versions_are_fine_and_each_governs_its_own_dates():
    v1 = plan(BASE_10, version=1, start=date(2025, 1, 1), end=date(2025, 2, 14))
    v2 = plan(BASE_12, version=2, start=date(2025, 2, 15))
    assert validate_plan_versions((v1, v2)) == ()
    assert version_on((v1, v2), "PLAN", date(2025, 2, 14)) is v1
    assert version_on((v1, v2), "PLAN", date(2025, 2, 15)) is v2


def test_a_period_rates_each_credit_with_the_version_in_force_on_its_date():
    v1 = plan(BASE_10, version=1, start=date(2025, 1, 1), end=date(2025, 2, 14))
    v2 = plan(BASE_12, version=2, start=date(2025, 2, 15))
    early = credits_of(deal(line(amount="10000"), deal_id="D1", close=date(2025, 2, 1)))
    late = credits_of(deal(line(amount="10000"), deal_id="D2", close=date(2025, 3, 1)))
    result = period_of((v1, v2), early + late)
    assert [x.rate for x in result.lines] == [D("0.10"), D("0.12")]
    assert result.total == D("2200.00")


def test_overlapping_versions_stop_the_period_with_a_reason_code():
    v1 = plan(BASE_10, version=1, start=date(2025, 1, 1))
    v2 = plan(BASE_12, version=2, start=date(2025, 3, 1))
    result = period_of((v1, v2), ())
    assert codes(result.refusals) == [ReasonCode.OVERLAPPING_PLAN_VERSIONS]
    assert result.state is None


def test_overlapping_assignments_of_one_rep_are_refused():
    first = assignment(start=date(2025, 1, 1), end=date(2025, 3, 31))
    second = assignment(start=date(2025, 3, 31), plan_id="OTHER")
    other_rep = assignment("bob", start=date(2025, 1, 1))
    assert codes(validate_assignments((first, second, other_rep))) == [
        ReasonCode.OVERLAPPING_ASSIGNMENTS
    ]


def test_malformed_components_are_refused_with_the_component_index():
    spif = spif_on_y("spif", "S", target=0, kind=AwardKind.CASH, value=1, award="x")
    bad = plan(
        BASE_10,
        BASE_12,
        QuotaTiers("t", "T", TierMode.MARGINAL, (Tier("T1", D("0.5"), D(1)),)),
        TimingAccelerator("qend", "Q", D("1.2"), days=14, months=1),
        spif,
    )
    problems = validate_plan_versions((bad,))
    assert set(codes(problems)) == {ReasonCode.INVALID_PLAN}
    assert {p.field for p in problems} == {
        ("components",),
        ("components", "2"),
        ("components", "3"),
        ("components", "4"),
    }


def test_a_period_of_another_length_than_the_plan_pays_is_refused():
    month = CALENDAR.period(PeriodKind.MONTH, 2025, 1)
    result = period_of(plan(BASE_10), (), period=month)
    assert codes(result.refusals) == [ReasonCode.PERIOD_KIND_MISMATCH]


def test_a_rep_not_on_the_plan_during_the_period_gets_a_reason_not_a_zero():
    gone = assignment(start=date(2024, 1, 1), end=date(2024, 12, 31))
    result = period_of(plan(BASE_10), (), assigned=gone)
    assert codes(result.refusals) == [ReasonCode.ASSIGNMENT_NOT_ACTIVE]


def test_quota_tiers_without_a_quota_are_refused():
    tiers = quota_tiers(TierMode.MARGINAL, FLAT)
    result = period_of(plan(BASE_10, tiers), (), quota="0")
    assert codes(result.refusals) == [ReasonCode.MISSING_QUOTA]


def test_credits_of_other_reps_and_after_the_assignment_ends_are_skipped_with_reasons():
    ends = assignment(end=date(2025, 2, 28))
    mine_late = credits_of(deal(close=date(2025, 3, 10)))
    bobs = credits_of(deal(owner="bob", deal_id="D2"))
    result = period_of(plan(BASE_10), mine_late + bobs, assigned=ends)
    assert [s.code for s in result.skipped] == [
        ReasonCode.CREDIT_OUTSIDE_ASSIGNMENT,
        ReasonCode.CREDIT_FOR_OTHER_REP,
    ]
    assert result.total == D(0)


def _messages(*components) -> list[str]:
    return [r.message for r in validate_plan_versions((plan(*components),))]


def test_a_rate_above_its_ceiling_is_refused_and_a_raised_ceiling_allows_it():
    assert any("at most 100" in m for m in _messages(BaseRate("base", "Base", D("1.5"))))
    assert _messages(BaseRate("base", "Base", D("1.5"), rate_ceiling=D("2"))) == []
    assert any(
        "ceiling" in m for m in _messages(BaseRate("base", "Base", D("1"), rate_ceiling=D("11")))
    )


def test_figures_that_are_not_finite_or_absurd_are_refused_not_computed():
    for value in ("NaN", "Infinity", "-Infinity", "sNaN"):
        assert _messages(BaseRate("base", "Base", D(value))) == ["Every figure is a finite number."]
    huge = quota_tiers(TierMode.MARGINAL, (Tier("A", D(0), D("1e9")),))
    assert any("multiplier" in m for m in _messages(huge))

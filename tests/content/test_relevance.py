"""Relevance to a deal: products over competitors over families over the customer's industry
and segment, stage as a tie-breaker, nothing for an item sharing nothing with the deal."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from content.relevance import (
    STAGE_KINDS,
    WEIGHTS,
    Deal,
    Links,
    Reason,
    context_tags,
    customer_keys,
    judge,
    score,
)
from content.rules import ContentKind

DEAL = Deal((1, 2), ("Hardware",), "MID_MARKET", "Food & Beverage", "SENT", ("acme",))
STATUSES = ["DRAFT", "PENDING_APPROVAL", "APPROVED", "SENT", "ACCEPTED", "WON", "LOST", "EXPIRED"]
KINDS = [k.value for k in ContentKind]


def test_products_outrank_competitors_families_industry_and_segment() -> None:
    kind = "PLAYBOOK"  # no help at SENT
    by_product = score(DEAL, Links(kind, product_ids=(2,)))
    by_competitor = score(DEAL, Links(kind, competitors=("acme",)))
    by_family = score(DEAL, Links(kind, families=("Hardware",)))
    by_industry = score(DEAL, Links(kind, industries=("food & beverage",)))
    by_segment = score(DEAL, Links(kind, segments=("mid-market",)))

    assert by_product > by_competitor > by_family > by_industry > by_segment > 0
    assert score(DEAL, Links("OBJECTION_HANDLING", product_ids=(2,))) > by_product  # suits SENT
    unrelated = Links("OBJECTION_HANDLING", (9,), ("Software",), ("globex",), ("smb",), ("retail",))
    assert score(DEAL, unrelated) == 0
    assert context_tags(DEAL) == ("food & beverage", "food-&-beverage", "mid_market", "mid-market")


def test_a_battlecard_for_a_named_competitor_says_why_it_is_shown() -> None:
    card = judge(DEAL, Links("COMPETITOR_BATTLECARD", competitors=("acme", "globex")))

    assert card.reasons == (Reason.COMPETITOR, Reason.STAGE)
    assert card.score == 8
    assert (
        score(replace(DEAL, competitors=()), Links("COMPETITOR_BATTLECARD", competitors=("acme",)))
        == 0
    )


def test_old_items_still_match_the_customer_by_their_tags() -> None:
    by_tag = judge(DEAL, Links("PLAYBOOK", tags=("food-&-beverage", "mid_market")))

    assert by_tag.reasons == (Reason.INDUSTRY, Reason.SEGMENT)
    assert (
        by_tag.score
        == judge(
            DEAL, Links("PLAYBOOK", industries=("food & beverage",), segments=("mid_market",))
        ).score
    )
    assert customer_keys("  ") == () and customer_keys(None) == ()


keys = st.sampled_from(["acme", "globex", "initech"])
links_strategy = st.builds(
    Links,
    kind=st.sampled_from(KINDS),
    product_ids=st.tuples(*[st.integers(1, 5)] * 2) | st.just(()),
    families=st.lists(st.sampled_from(["Hardware", "Software", "Services"]), max_size=2).map(tuple),
    competitors=st.lists(keys, max_size=2).map(tuple),
    segments=st.lists(st.sampled_from(["smb", "mid-market", "enterprise"]), max_size=2).map(tuple),
    industries=st.lists(st.sampled_from(["retail", "food & beverage"]), max_size=2).map(tuple),
    tags=st.lists(st.sampled_from(["mid_market", "retail", "ai"]), max_size=2).map(tuple),
)
deals = st.builds(
    Deal,
    product_ids=st.lists(st.integers(1, 5), max_size=3).map(tuple),
    families=st.lists(st.sampled_from(["Hardware", "Software"]), max_size=2).map(tuple),
    segment=st.sampled_from([None, "SMB", "MID_MARKET", "Enterprise"]),
    industry=st.sampled_from([None, "Retail", "Food & Beverage"]),
    status=st.sampled_from(STATUSES),
    competitors=st.lists(keys, max_size=2).map(tuple),
)
LINK_FIELDS = ["product_ids", "families", "competitors", "segments", "industries", "tags"]


def _deal_value(deal: Deal, field: str) -> object:
    return {
        "product_ids": deal.product_ids[:1],
        "families": deal.families[:1],
        "competitors": deal.competitors[:1],
        "segments": customer_keys(deal.segment)[:1],
        "industries": customer_keys(deal.industry)[:1],
        "tags": context_tags(deal)[:1],
    }[field]


@given(deals, links_strategy, st.sampled_from(LINK_FIELDS))
def test_adding_a_link_the_deal_shares_never_lowers_the_score(
    deal: Deal, links: Links, field: str
) -> None:
    extra = _deal_value(deal, field)
    more = replace(links, **{field: (*getattr(links, field), *extra)})  # type: ignore[arg-type]

    assert score(deal, more) >= score(deal, links)
    if extra:
        assert score(deal, more) > 0


@given(deals, links_strategy)
def test_the_score_is_zero_exactly_when_nothing_is_shared(deal: Deal, links: Links) -> None:
    found = judge(deal, links)
    shared = [r for r in found.reasons if r is not Reason.STAGE]

    assert (found.score == 0) == (not shared)
    assert (found.score == 0) == (found.reasons == ())


@given(deals, links_strategy, st.sampled_from(["WON", "LOST", "REJECTED", "EXPIRED"]))
def test_a_closed_quote_gets_no_stage_bonus(deal: Deal, links: Links, status: str) -> None:
    closed = judge(replace(deal, status=status), links)
    open_ = judge(replace(deal, status="DRAFT"), links)

    assert Reason.STAGE not in closed.reasons
    assert closed.reasons == tuple(r for r in open_.reasons if r is not Reason.STAGE)
    assert closed.score <= open_.score


@given(deals, links_strategy)
def test_the_score_is_the_sum_of_its_reasons_and_the_stage_only_orders(
    deal: Deal, links: Links
) -> None:
    found = judge(deal, links)

    assert found.score == sum(WEIGHTS[r] for r in found.reasons)
    assert (Reason.STAGE in found.reasons) == (
        found.score > 0 and links.kind in [k.value for k in STAGE_KINDS.get(deal.status, ())]
    )

"""Relevance to a deal: products over families over the customer's industry, stage as a
tie-breaker, nothing for an item sharing nothing with the deal."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from content.relevance import Deal, context_tags, score

DEAL = Deal((1, 2), ("Hardware",), "MID_MARKET", "Food & Beverage", "SENT")


def test_products_outrank_families_which_outrank_the_customers_industry() -> None:
    by_product = score(DEAL, (2,), (), (), "PLAYBOOK")
    by_family = score(DEAL, (), ("Hardware",), (), "PLAYBOOK")
    by_industry = score(DEAL, (), (), ("food & beverage",), "PLAYBOOK")
    assert by_product > by_family > by_industry > 0
    assert score(DEAL, (2,), (), (), "OBJECTION_HANDLING") > by_product  # suits SENT
    assert score(DEAL, (9,), ("Software",), ("retail",), "OBJECTION_HANDLING") == 0
    assert context_tags(DEAL) == ("food & beverage", "food-&-beverage", "mid_market", "mid-market")


@given(
    st.lists(st.integers(1, 5), max_size=3),
    st.sampled_from(["PLAYBOOK", "ROI_TOOL", "CASE_STUDY"]),
    st.sampled_from(["DRAFT", "SENT", "WON"]),
)
def test_sharing_a_product_never_scores_lower_than_not(
    products: list[int], kind: str, status: str
) -> None:
    deal = Deal((1, 2), ("Hardware",), "SMB", None, status)
    without = score(deal, tuple(p for p in products if p not in (1, 2)), ("Hardware",), (), kind)
    with_one = score(deal, (*products, 1), ("Hardware",), (), kind)
    assert with_one > without > 0

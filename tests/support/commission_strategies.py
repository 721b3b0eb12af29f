"""Hypothesis strategies for commission-engine values, over the caller's own ranges."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

import commissions as engine


def payout_line_fields(
    texts: SearchStrategy[str],
    decimals: SearchStrategy[Any],
    optional: SearchStrategy[Any],
) -> tuple[SearchStrategy[Any], ...]:
    """A strategy for each field of a ``commissions.PayoutLine``, in order: ``texts`` for its
    strings, ``decimals`` for its amounts and ``optional`` for those that may be missing."""
    return (
        texts,
        st.sampled_from(list(engine.ComponentKind)),
        texts,
        decimals,
        decimals,
        optional,
        optional,
        st.none() | texts,
        st.none() | texts,
        st.none() | texts,
        st.lists(texts, max_size=3).map(tuple),
        st.booleans(),
        optional,
        optional,
    )

"""The quote status machine and clause rules, as properties."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from quotes import (
    Action,
    ClauseChoice,
    EditEffect,
    QuoteState,
    Refusal,
    StandardClause,
    Status,
    edit_effect,
    is_non_standard,
    transition,
)
from quotes.lifecycle import ALLOWED_FROM

TODAY = date(2026, 11, 23)
states = st.builds(
    QuoteState,
    status=st.sampled_from(Status),
    valid_until=st.dates(
        min_value=TODAY - timedelta(days=30), max_value=TODAY + timedelta(days=30)
    ),
    has_lines=st.booleans(),
    fully_priced=st.booleans(),
    needs_approval=st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(states, st.sampled_from(Action))
def test_an_action_from_a_status_it_does_not_start_from_is_always_illegal(
    state: QuoteState, action: Action
) -> None:
    outcome = transition(state, action, TODAY)

    if state.status not in ALLOWED_FROM[action]:
        assert outcome.refusal is Refusal.ILLEGAL_TRANSITION and outcome.status is None
    else:
        assert outcome.refusal is not Refusal.ILLEGAL_TRANSITION


@settings(max_examples=300, deadline=None)
@given(states, st.sampled_from(Action))
def test_closed_quotes_never_move(state: QuoteState, action: Action) -> None:
    if state.status in (Status.WON, Status.LOST):
        assert not transition(state, action, TODAY).allowed


@settings(max_examples=200, deadline=None)
@given(states)
def test_submit_goes_to_approval_exactly_when_approval_is_needed(state: QuoteState) -> None:
    draft = QuoteState(Status.DRAFT, state.valid_until, True, True, state.needs_approval)

    outcome = transition(draft, Action.SUBMIT, TODAY)

    assert outcome.status is (Status.PENDING_APPROVAL if state.needs_approval else Status.APPROVED)


def test_an_unpriced_or_empty_draft_cannot_be_submitted() -> None:
    empty = QuoteState(Status.DRAFT, TODAY, False, True, False)
    unpriced = QuoteState(Status.DRAFT, TODAY, True, False, False)

    assert transition(empty, Action.SUBMIT, TODAY).refusal is Refusal.NO_LINES
    assert transition(unpriced, Action.SUBMIT, TODAY).refusal is Refusal.NOT_PRICED


def test_an_offer_past_its_validity_cannot_be_accepted_and_expires() -> None:
    sent = QuoteState(Status.SENT, TODAY - timedelta(days=1), True, True, False)

    outcome = transition(sent, Action.ACCEPT, TODAY)

    assert outcome.refusal is Refusal.EXPIRED and outcome.status is Status.EXPIRED
    assert transition(sent, Action.EXPIRE, TODAY).status is Status.EXPIRED


def test_what_an_edit_does_depends_on_the_status() -> None:
    assert edit_effect(Status.DRAFT) is EditEffect.IN_PLACE
    assert {
        edit_effect(s) for s in (Status.APPROVED, Status.SENT, Status.REJECTED, Status.EXPIRED)
    } == {EditEffect.NEW_REVISION}
    assert {
        edit_effect(s) for s in (Status.PENDING_APPROVAL, Status.ACCEPTED, Status.WON, Status.LOST)
    } == {EditEffect.REFUSED}


LIBRARY = (StandardClause(1, None), StandardClause(2, None), StandardClause(3, "ENTERPRISE"))


@given(st.sampled_from(["ENTERPRISE", "SMB"]))
def test_the_standard_set_for_the_segment_is_standard(segment: str) -> None:
    chosen = [
        ClauseChoice(c.clause_version_id, False) for c in LIBRARY if c.segment in (None, segment)
    ]

    assert is_non_standard(chosen, LIBRARY, segment) is False


@given(st.sets(st.sampled_from([1, 2, 3])), st.booleans(), st.booleans())
def test_removing_editing_or_adding_a_clause_is_non_standard(
    kept: set[int], edit: bool, add_custom: bool
) -> None:
    chosen = [ClauseChoice(i, edit) for i in sorted(kept)]
    if add_custom:
        chosen.append(ClauseChoice(None, False))

    expected = kept != {1, 2, 3} or (edit and bool(kept)) or add_custom

    assert is_non_standard(chosen, LIBRARY, "ENTERPRISE") is expected

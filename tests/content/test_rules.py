"""Sizes and shapes of a content item, and when it is live."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from content.rules import (
    BODY_MAX,
    TAGS_MAX,
    TITLE_MAX,
    ItemText,
    Problem,
    check_text,
    normal_keys,
    primary_language,
)
from content.window import ContentStatus, in_audience, retire_instant, status

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)


def test_a_fitting_item_has_no_problems() -> None:
    text = ItemText("Title", "Summary", "Body", "zh-Hans", ["a", "b"], ["acme"])
    assert check_text(text) == []


def test_each_oversized_or_malformed_part_is_named() -> None:
    text = ItemText(
        "x" * (TITLE_MAX + 1),
        None,
        "y" * (BODY_MAX + 1),
        "english",
        [f"t{n}" for n in range(TAGS_MAX + 1)],
        ["  "],
    )
    assert [p.field for p in check_text(text)] == [
        "title",
        "body",
        "language",
        "tags",
        "competitors",
    ]


def test_a_blank_title_is_refused_and_an_absent_one_is_not_checked() -> None:
    assert check_text(ItemText(title="  ")) == [Problem("title", "A title is required.")]
    assert check_text(ItemText()) == []


@given(st.lists(st.text(min_size=1, max_size=10).filter(str.strip), max_size=20))
def test_normal_keys_are_trimmed_lower_cased_unique_and_keep_first_order(keys: list[str]) -> None:
    normal = normal_keys(keys)
    assert len(set(normal)) == len(normal)
    assert set(normal) == {k.strip().lower() for k in keys}


def test_the_primary_language_drops_script_and_region() -> None:
    assert primary_language("zh-Hans") == "zh"
    assert primary_language("th") == "th"


def test_an_item_is_scheduled_then_live_then_retired() -> None:
    hour = timedelta(hours=1)
    assert status(NOW + hour, None, NOW) is ContentStatus.SCHEDULED
    assert status(NOW - hour, None, NOW) is ContentStatus.LIVE
    assert status(NOW - hour, NOW + hour, NOW) is ContentStatus.LIVE
    assert status(NOW - hour, NOW, NOW) is ContentStatus.RETIRED


@given(st.one_of(st.none(), st.datetimes(timezones=st.just(UTC))))
def test_retiring_never_moves_the_retirement_later_than_now(retire_at: datetime | None) -> None:
    retired = retire_instant(retire_at, NOW)
    assert retired <= NOW
    assert status(min(retired, NOW - timedelta(days=1)), retired, NOW) is ContentStatus.RETIRED


def test_an_audience_restricts_to_its_roles_and_none_means_everyone() -> None:
    assert in_audience([], ["REP"])
    assert in_audience(["MANAGER", "OPS"], ["REP", "MANAGER"])
    assert not in_audience(["MANAGER"], ["REP"])

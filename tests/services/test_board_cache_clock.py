"""The clock part of a kept board's key (``services.performance.board_cache.clock_key``):
two instants with the same key give the same board, in every zone (whole-, half- and
quarter-hour offsets): the same status and the same local days of the window so far."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from gamification.contests import window_status
from services.performance.board_cache import BoardCache, clock_key
from services.performance.metric_source import window_span

ZONES = [UTC, *(ZoneInfo(z) for z in ("Asia/Kathmandu", "America/St_Johns", "Pacific/Chatham"))]
BASE = datetime(2026, 3, 1, tzinfo=UTC)
offsets = st.integers(min_value=0, max_value=60 * 24 * 3600 * 1_000_000)


def at(micros: int) -> datetime:
    return BASE + timedelta(microseconds=micros)


def board_clock(contest: Any, now: datetime) -> tuple[object, ...]:
    """What a live board reads of the clock: its status and each zone's window-so-far days."""
    end = max(contest.starts_at, min(now, contest.ends_at))
    spans = tuple(window_span((contest.starts_at, end), zone) for zone in ZONES)
    return window_status(contest.starts_at, contest.ends_at, now), spans


@given(offsets, offsets, offsets, st.integers(min_value=-90_000_000, max_value=90_000_000))
def test_instants_with_one_key_read_one_board(start: int, length: int, now: int, step: int) -> None:
    contest = SimpleNamespace(starts_at=at(start), ends_at=at(start + length + 1))
    first, second = at(now), at(max(0, now + step))
    if clock_key(contest, first) == clock_key(contest, second):  # type: ignore[arg-type]
        assert board_clock(contest, first) == board_clock(contest, second)


def test_the_key_moves_on_at_each_minute_and_at_the_start_and_end() -> None:
    contest = SimpleNamespace(starts_at=at(0), ends_at=BASE + timedelta(hours=1, seconds=30))
    minute = BASE + timedelta(minutes=10)
    key = clock_key(contest, minute)  # type: ignore[arg-type]
    assert clock_key(contest, minute - timedelta(seconds=59)) == key  # type: ignore[arg-type]
    assert clock_key(contest, minute + timedelta(microseconds=1)) != key  # type: ignore[arg-type]
    before = clock_key(contest, BASE - timedelta(seconds=1))  # type: ignore[arg-type]
    assert before != clock_key(contest, BASE)  # type: ignore[arg-type]
    ending = contest.ends_at
    assert clock_key(contest, ending - timedelta(microseconds=1)) != clock_key(  # type: ignore[arg-type]
        contest,  # type: ignore[arg-type]
        ending,
    )


def test_the_cache_keeps_the_most_recently_used_boards_and_only_under_their_key() -> None:
    cache = BoardCache(size=2)
    board: Any = object()
    key: Any = ("fingerprint", True, False, BASE)
    cache.put(1, key, board)
    cache.put(2, key, board)
    assert id(cache.get(1, key)) == id(board)  # 1 is now the most recent
    cache.put(3, key, board)
    assert cache.get(2, key) is None  # the least recently used went
    assert cache.get(1, ("other", True, False, BASE)) is None
    assert id(cache.get(3, key)) == id(board)

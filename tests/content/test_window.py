"""Who may read an item: the one rule behind reads by id, nodes, tracking and downloads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from content.window import readable

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
LATER = NOW + timedelta(days=1)


def test_the_back_office_reads_every_item_even_a_scheduled_one_outside_its_audience() -> None:
    assert readable(["MANAGER"], LATER, ["OPS"], NOW, sees_all=True)


def test_others_read_a_published_item_in_their_audience_only() -> None:
    assert readable([], NOW, ["REP"], NOW, sees_all=False)  # no audience: everyone
    assert readable(["REP", "MANAGER"], NOW, ["REP"], NOW, sees_all=False)
    assert not readable(["MANAGER"], NOW, ["REP"], NOW, sees_all=False)
    assert not readable([], LATER, ["REP"], NOW, sees_all=False)

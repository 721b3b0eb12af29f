"""What a request works out once from rows its loaders hold (``Loaders.derived``): who the
viewer acts for, who stands in for a plan's seats, one object per row. Each is kept only
while the loaders hold the very rows it came from: a row loaded again is worked out again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from strawberry.dataloader import DataLoader

from schema.rows import from_row_now
from schema.types.approval_access import live_delegates_now, principals_now, request_moment
from schema.types.user import User

NOW = datetime.now(UTC)
WINDOW = {"starts_at": NOW - timedelta(days=1), "ends_at": NOW + timedelta(days=1)}


def user(pk: int, *, active: bool = True) -> SimpleNamespace:
    return SimpleNamespace(
        id=pk, name=f"user {pk}", email=f"u{pk}@example.com", active=active, roles=[],
        manager_id=None, version=1, created_at=NOW, email_approvals=False,
    )  # fmt: skip


def delegation(user_id: int, delegate_id: int) -> SimpleNamespace:
    return SimpleNamespace(user_id=user_id, delegate_id=delegate_id, **WINDOW)


async def _unused(keys: Any) -> list[Any]:
    raise AssertionError("every row is primed")


def info_with(**primed: dict[int, Any]) -> Any:
    names = ("user_by_id", "delegations_by_delegate_id", "delegations_by_user_id")
    loaders = SimpleNamespace(derived={}, **{n: DataLoader(load_fn=_unused) for n in names})
    for name, rows in primed.items():
        getattr(loaders, name).prime_many(rows)
    return SimpleNamespace(context=SimpleNamespace(loaders=loaders))


def reload(info: Any, name: str, key: int, value: Any) -> None:
    loader = getattr(info.context.loaders, name)
    loader.clear(key)
    loader.prime(key, value)


async def test_who_the_viewer_acts_for_is_worked_out_again_for_rows_loaded_again() -> None:
    info = info_with(user_by_id={1: user(1)}, delegations_by_delegate_id={1: [delegation(2, 1)]})
    first = principals_now(info, 1)
    assert first == frozenset({"1", "2"})
    assert principals_now(info, 1) is first  # kept

    reload(info, "delegations_by_delegate_id", 1, [])

    assert principals_now(info, 1) == frozenset({"1"})
    assert request_moment(info) == request_moment(info)


async def test_who_stands_in_for_a_seat_is_worked_out_again_for_rows_loaded_again() -> None:
    info = info_with(user_by_id={3: user(3)}, delegations_by_user_id={2: [delegation(2, 3)], 5: []})
    first = live_delegates_now(info, ["2", "5"], "9")
    assert first == {"2": ("3",), "5": ()}
    assert live_delegates_now(info, ["2", "5"], "9") is first  # kept
    assert live_delegates_now(info, ["2", "5"], "3") == {"2": (), "5": ()}  # never the owner

    reload(info, "user_by_id", 3, user(3, active=False))
    assert live_delegates_now(info, ["2", "5"], "9") == {"2": (), "5": ()}

    reload(info, "delegations_by_user_id", 5, [delegation(5, 4)])
    assert live_delegates_now(info, ["2", "5"], "9") is None  # user 4 is not loaded


async def test_a_row_makes_one_object_per_request_until_it_is_loaded_again() -> None:
    info = info_with(user_by_id={1: user(1)})
    first = from_row_now(info, "user_by_id", 1, User)

    assert from_row_now(info, "user_by_id", 1, User) is first

    reload(info, "user_by_id", 1, user(1))
    again = from_row_now(info, "user_by_id", 1, User)
    assert again is not first and again.name == first.name

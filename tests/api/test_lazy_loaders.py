"""The per-request loaders are built on first use: a request pays only for those it reads."""

from __future__ import annotations

from typing import Any

from strawberry.dataloader import DataLoader

from db.session import RequestDatabase
from resolvers.dataloaders import Loaders
from resolvers.dataloaders.commissions import CommissionLoaders
from resolvers.dataloaders.quotes import QuoteLoaders


def _never_opened() -> Any:
    raise AssertionError("building a loader must not open a session")


def test_a_fresh_request_builds_no_loader() -> None:
    loaders = Loaders.build(RequestDatabase(_never_opened))
    assert vars(loaders) == {"_db": loaders._db}


def test_each_loader_is_built_once_on_first_read_and_then_shared() -> None:
    loaders = Loaders.build(RequestDatabase(_never_opened))
    first = loaders.user_by_id
    assert isinstance(first, DataLoader)
    assert loaders.user_by_id is first
    assert set(vars(loaders)) == {"_db", "user_by_id"}


def test_every_declared_loader_and_group_can_be_built() -> None:
    loaders = Loaders.build(RequestDatabase(_never_opened))
    for name in Loaders.__annotations__:
        value = getattr(loaders, name)
        assert value is getattr(loaders, name), name
        assert isinstance(value, (DataLoader, CommissionLoaders, QuoteLoaders)) or hasattr(
            value, "__dataclass_fields__"
        ), name
    assert isinstance(loaders.commissions, CommissionLoaders)


def test_requests_never_share_a_loader() -> None:
    one = Loaders.build(RequestDatabase(_never_opened))
    two = Loaders.build(RequestDatabase(_never_opened))
    assert one.quote_by_id is not two.quote_by_id
    assert one.quotes is not two.quotes

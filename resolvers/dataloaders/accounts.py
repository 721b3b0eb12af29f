"""Accounts by id."""

from __future__ import annotations

from collections.abc import Sequence

from strawberry.dataloader import DataLoader

from db.models.accounts import Account
from db.queries.accounts import accounts_by_ids
from db.session import RequestDatabase


class AccountByIdLoader(DataLoader[int, Account | None]):
    def __init__(self, db: RequestDatabase) -> None:
        async def load(ids: Sequence[int]) -> list[Account | None]:
            async with db.read() as session:
                found = await accounts_by_ids(session, ids)
            return [found.get(i) for i in ids]

        super().__init__(load_fn=load)

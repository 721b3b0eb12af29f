"""Every dataloader, built together once per request (never shared across requests,
so one user's cache never answers another's)."""

from __future__ import annotations

from dataclasses import dataclass

from db.session import RequestDatabase
from resolvers.dataloaders.accounts import AccountByIdLoader
from resolvers.dataloaders.users import UserByIdLoader


@dataclass(frozen=True, slots=True)
class Loaders:
    user_by_id: UserByIdLoader
    account_by_id: AccountByIdLoader

    @classmethod
    def build(cls, db: RequestDatabase) -> Loaders:
        return cls(user_by_id=UserByIdLoader(db), account_by_id=AccountByIdLoader(db))

"""Users by id: every ``owner``/``manager`` field goes through here."""

from __future__ import annotations

from collections.abc import Sequence

from strawberry.dataloader import DataLoader

from db.models.users import User
from db.queries.users import users_by_ids
from db.session import RequestDatabase


class UserByIdLoader(DataLoader[int, User | None]):
    def __init__(self, db: RequestDatabase) -> None:
        async def load(ids: Sequence[int]) -> list[User | None]:
            async with db.read() as session:
                found = await users_by_ids(session, ids)
            return [found.get(i) for i in ids]

        super().__init__(load_fn=load)

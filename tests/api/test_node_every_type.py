"""``node`` and ``nodes`` return every entity type by its global ID."""

from __future__ import annotations

from sqlalchemy import select
from starlette.applications import Starlette
from strawberry.relay import to_base64

from db.engine import create_session_factory
from db.models import (
    Account,
    ApprovalRequest,
    ApprovalRule,
    BlockPrice,
    BundleOption,
    ConfigurationRule,
    ContractedPrice,
    DiscountSchedule,
    PriceBook,
    PriceBookEntry,
    Product,
    Promotion,
    Quote,
    User,
)
from server.demo.org import DEMO_PASSWORD
from tests.api.conftest import People
from tests.conftest import load_full_demo

TYPES = {
    "User": User,
    "Account": Account,
    "Product": Product,
    "BundleOption": BundleOption,
    "ConfigurationRule": ConfigurationRule,
    "PriceBook": PriceBook,
    "PriceBookEntry": PriceBookEntry,
    "DiscountSchedule": DiscountSchedule,
    "BlockPrice": BlockPrice,
    "Promotion": Promotion,
    "ContractedPrice": ContractedPrice,
    "Quote": Quote,
    "ApprovalRequest": ApprovalRequest,
    "ApprovalRule": ApprovalRule,
}


async def test_node_round_trips_every_entity_type(app: Starlette, people: People) -> None:
    await load_full_demo(app)  # `load_demo`'s rows, copied back (loaded once per database)
    sessions = create_session_factory(app.state.engine)
    async with sessions() as session:
        ids = {
            name: (await session.scalar(select(model.id).order_by(model.id).limit(1)))
            for name, model in TYPES.items()
        }
        admin = await session.scalar(select(User).where(User.email == "admin@dealdesk.example"))
    api = await people.sign_in(admin, DEMO_PASSWORD)
    global_ids = [to_base64(name, pk) for name, pk in ids.items()]

    one_by_one = [
        (await api.data("query($id: ID!) { node(id: $id) { __typename id } }", {"id": gid}))["node"]
        for gid in global_ids
    ]
    batch = (
        await api.data(
            "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }", {"ids": global_ids}
        )
    )["nodes"]

    expected = [
        {"__typename": name, "id": gid} for name, gid in zip(TYPES, global_ids, strict=True)
    ]
    assert one_by_one == expected
    assert batch == expected

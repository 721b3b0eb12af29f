"""Customer accounts: lists by visibility, and the OPS mutations."""

from __future__ import annotations

import strawberry
from strawberry import relay

from db.models.accounts import Account as AccountRow
from db.models.users import Role
from db.queries.accounts import account_list
from resolvers.accounts.mutations.create_account import create_account
from resolvers.accounts.mutations.update_account import update_account
from resolvers.fields import mutation_field
from resolvers.mutation import decode_id
from resolvers.pagination import Listing
from schema.errors import NotFound
from schema.permissions import require_viewer, signed_in
from schema.text_limits import Segment
from schema.types.account import Account, AccountConnection
from services.refusal import Refused


@strawberry.input
class AccountFilter:
    search: str | None = strawberry.field(default=None, description="Part of the account name.")
    segment: Segment | None = None
    owner_id: relay.GlobalID | None = None
    active: bool | None = None


ACCOUNTS = Listing((AccountRow.name, AccountRow.id), AccountConnection, Account.from_row)


@strawberry.type
class AccountQueries:
    @strawberry.field(
        extensions=signed_in(),
        description=(
            "Accounts you may see: a rep their own, a manager their team's, back office all."
        ),
    )
    async def accounts(
        self,
        info: strawberry.Info,
        filter: AccountFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> AccountConnection:
        viewer = require_viewer(info)
        filter = filter or AccountFilter()
        owner_id = None
        if filter.owner_id is not None:
            try:
                owner_id = decode_id(filter.owner_id, "User")
            except Refused as exc:
                raise NotFound("`ownerId` is not the id of any User.", argument="filter") from exc
        stmt = account_list(
            viewer.visible_owner_ids(),
            search=filter.search,
            segment=filter.segment,
            owner_id=owner_id,
            active=filter.active,
        )
        return await ACCOUNTS.page(info, stmt, first, after, last, before)


@strawberry.type
class AccountMutations:
    create_account = mutation_field(create_account, "Add a customer account (OPS).", Role.OPS)
    update_account = mutation_field(
        update_account, "Edit, reassign, deactivate or reactivate an account (OPS).", Role.OPS
    )

"""Customer accounts: lists by visibility, and the OPS mutations."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from sqlalchemy import Select
from strawberry import relay

from db.models.accounts import Account as AccountRow
from db.models.users import Role
from db.queries.accounts import account_list
from resolvers.accounts.mutations.create_account import create_account
from resolvers.accounts.mutations.update_account import update_account
from resolvers.fields import mutation_field
from resolvers.pagination import Listing, argument_id
from schema.permissions import require_viewer, signed_in
from schema.text_limits import Segment
from schema.types.account import Account, AccountConnection


@strawberry.input(description="Narrows `accounts`; every field given must hold.")
class AccountFilter:
    search: str | None = None
    """Part of the account name."""
    segment: Segment | None = None
    """Only accounts in this segment."""
    owner_id: relay.GlobalID | None = None
    """Only accounts this user (global ID) owns."""
    active: bool | None = None
    """true: active accounts only; false: deactivated ones only; null (the default): both."""


AccountFilterArgument = Annotated[
    AccountFilter | None,
    strawberry.argument(description="Only the accounts that match; all you may see when null."),
]


ACCOUNTS = Listing((AccountRow.name, AccountRow.id), AccountConnection, Account.from_row)


@strawberry.type
class AccountQueries:
    @ACCOUNTS.field(
        signed_in(),
        "Accounts you may see: a rep their own, a manager their team's, back office all.",
    )
    def accounts(
        self,
        info: strawberry.Info,
        filter: AccountFilterArgument = None,
    ) -> Select[Any]:
        filter = filter or AccountFilter()
        return account_list(
            require_viewer(info).visible_owner_ids(),
            search=filter.search,
            segment=filter.segment,
            owner_id=argument_id(filter.owner_id, "User", "ownerId", argument="filter"),
            active=filter.active,
        )


@strawberry.type
class AccountMutations:
    create_account = mutation_field(create_account, "Add a customer account (OPS).", Role.OPS)
    update_account = mutation_field(
        update_account, "Edit, reassign, deactivate or reactivate an account (OPS).", Role.OPS
    )

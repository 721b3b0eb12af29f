"""Every catalog maintenance mutation is for OPS (and ADMIN, who holds every role)."""

from __future__ import annotations

from strawberry.permission import PermissionExtension

from db.models.users import Role
from resolvers.catalog.mutations import CatalogMutations
from schema.permissions import HasRole, IsAuthenticated


def test_every_catalog_mutation_requires_sign_in_and_the_ops_role() -> None:
    fields = CatalogMutations.__strawberry_definition__.fields  # type: ignore[attr-defined]

    for field in fields:
        [extension] = field.extensions
        assert isinstance(extension, PermissionExtension), field.name
        signed_in, has_role = extension.permissions
        assert isinstance(signed_in, IsAuthenticated), field.name
        assert isinstance(has_role, HasRole) and has_role.roles == (Role.OPS,), field.name
    assert len(fields) == 18

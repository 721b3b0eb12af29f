"""Reusable permission pieces, declared on fields.

``IsAuthenticated`` answers ``UNAUTHENTICATED``; ``HasRole`` answers
``FORBIDDEN``. Both run before the resolver, so a refused request touches no data.
Record-level visibility (whose rows) is the ``Actor``'s job, not these classes'.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.extensions.field_extension import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension

from db.actor import Actor
from db.models.users import Role
from schema.errors import Forbidden, Unauthenticated


def viewer_of(info: strawberry.Info) -> Actor | None:
    return getattr(info.context, "viewer", None)


def require_viewer(info: strawberry.Info) -> Actor:
    """The signed-in viewer, for resolvers already guarded by ``IsAuthenticated``."""
    viewer = viewer_of(info)
    if viewer is None:
        raise Unauthenticated("Sign in to do this.")
    return viewer


class IsAuthenticated(BasePermission):
    message = "Sign in to do this."
    error_class = Unauthenticated

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        return viewer_of(info) is not None


class HasRole(BasePermission):
    """Allows viewers holding any of ``roles``; ADMIN holds every role."""

    error_class = Forbidden

    def __init__(self, *roles: Role) -> None:
        self.roles = roles
        self.message = f"Requires one of the roles: {', '.join(r.value for r in roles)}."

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        # Always listed after IsAuthenticated, so a missing viewer never reaches here
        # as anything but a refusal.
        viewer = viewer_of(info)
        return viewer is not None and viewer.has_any(*self.roles)


def signed_in() -> list[FieldExtension]:
    return [PermissionExtension(permissions=[IsAuthenticated()])]


def roles(*allowed: Role) -> list[FieldExtension]:
    return [PermissionExtension(permissions=[IsAuthenticated(), HasRole(*allowed)])]

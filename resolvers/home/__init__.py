"""The home screens: ``repHome`` and ``managerHome``, each one query for one phone screen."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

import strawberry
from strawberry import relay

from gamification.calendar import local_day
from resolvers.home.manager import ManagerHome
from resolvers.home.rep import RepHome
from resolvers.pagination import argument_id
from resolvers.performance.kpis.queries import answered
from resolvers.reading import read
from schema.errors import NotFound
from schema.permissions import require_viewer, signed_in
from schema.rows import loader
from services.performance import home

Team = Annotated[
    relay.GlobalID | None,
    strawberry.argument(
        description="Another manager (a User) whose home to show; OPS and ADMIN. You by default."
    ),
]


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):  # a zone the server's tz database lacks: UTC
        return ZoneInfo("UTC")


@strawberry.type
class HomeQueries:
    @strawberry.field(
        extensions=signed_in(),
        description="Your home screen in one query (see `RepHome`). Anyone signed in: every "
        "section is about you only.",
    )
    async def rep_home(self, info: strawberry.Info) -> RepHome:
        viewer = require_viewer(info)
        me = await loader(info, "user_by_id").load(viewer.user_id)
        now = datetime.now(UTC)
        return RepHome(rep_id=viewer.user_id, now=now, today=local_day(now, _zone(me.time_zone)))

    @strawberry.field(
        extensions=signed_in(),
        description="A manager's home screen in one query (see `ManagerHome`): your team's, "
        "or for OPS and ADMIN another manager's (`team`). Anyone else is FORBIDDEN; a `team` "
        "that is not a manager you may see is NOT_FOUND.",
    )
    async def manager_home(self, info: strawberry.Info, team: Team = None) -> ManagerHome:
        viewer = require_viewer(info)
        manager_id = argument_id(team, "User", "team")
        now = datetime.now(UTC)
        scope = await answered(read(info, home.manager_scope, viewer, manager_id))
        # The reps' rows with the manager's: the sections show them (one statement, not two).
        users = await loader(info, "user_by_id").load_many([scope.manager_id, *scope.rep_ids])
        manager = users[0]
        if manager is None:
            raise NotFound("No such manager.", argument="team")
        return ManagerHome(
            manager_id=scope.manager_id,
            rep_ids=list(scope.rep_ids),
            owners=scope.owners,
            now=now,
            today=local_day(now, _zone(manager.time_zone)),
        )

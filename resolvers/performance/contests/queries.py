"""Contest, badge and onboarding queries: a contest, the contests a viewer may see, a rep's
badges and onboarding (the rep's home screen)."""

from __future__ import annotations

import strawberry

from db.queries.contests import contests_for
from resolvers.fields import node_field
from resolvers.reading import read
from schema.permissions import require_viewer, signed_in
from schema.rows import loader
from schema.types.performance.badges import BadgeAward
from schema.types.performance.contests import Contest, contest_visible
from schema.types.performance.onboarding import OnboardingProgress
from services.performance.badges import rep_badges
from services.performance.onboarding import onboarding_of


@strawberry.type
class ContestQueries:
    contest: Contest | None = node_field(
        Contest,
        "A contest with its standings; null when missing or not visible to you. Anyone signed "
        "in (team contests: the team, its managers, back office).",
        "The contest's global ID.",
    )

    @strawberry.field(
        extensions=signed_in(),
        description="The contests you may see, newest first (org-wide ones and your team's); "
        "at most 200. Anyone signed in.",
    )
    async def contests(self, info: strawberry.Info) -> list[Contest]:
        viewer = require_viewer(info)
        me = await loader(info, "user_by_id").load(viewer.user_id)
        manager = None if me is None else me.manager_id
        rows = await read(info, contests_for, None)
        return [Contest.from_row(r) for r in rows if contest_visible(viewer, manager, r)][:200]

    @strawberry.field(
        extensions=signed_in(),
        description="Your badges, each level with the facts that earned it. Anyone signed in.",
    )
    async def my_badges(self, info: strawberry.Info) -> list[BadgeAward]:
        viewer = require_viewer(info)
        found = await read(info, rep_badges, viewer, viewer.user_id)
        return [BadgeAward.of(award, badge) for award, badge in found]

    @strawberry.field(
        extensions=signed_in(),
        description="Your onboarding programmes with progress and the next item (the home "
        "screen). Anyone signed in.",
    )
    async def my_onboarding(self, info: strawberry.Info) -> list[OnboardingProgress]:
        found = await read(info, onboarding_of, require_viewer(info).user_id)
        return [OnboardingProgress.of(p) for p in found]

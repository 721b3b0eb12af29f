"""Commissions queries: the dashboard, the what-if estimate, and every list, by visibility.

A rep sees their own credits, statements, assignments and inquiries, a manager
the team's, FINANCE and OPS everyone's; lists are connections.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

import strawberry
from sqlalchemy import Select
from strawberry import relay

from db.models.commission_payouts import CommissionDraw as DrawRow
from db.models.commissions import CommissionAssignment as AssignmentRow
from db.models.commissions import CommissionCredit as CreditRow
from db.models.commissions import CommissionInquiry as InquiryRow
from db.models.commissions import CommissionPeriod as PeriodRow
from db.models.commissions import CommissionPeriodKind
from db.models.commissions import CommissionPlan as PlanRow
from db.models.commissions import CommissionStatement as StatementRow
from db.models.commissions import CommissionStatementLine as LineRow
from db.models.commissions import ExchangeRate as ExchangeRateRow
from db.models.users import Role
from db.queries import commission_lists as lists
from db.queries import commission_payouts as payout_queries
from db.queries import exchange_rates as rate_queries
from resolvers.commissions.dashboard import summary_type
from resolvers.commissions.estimate_commission import estimate_commission
from resolvers.pagination import Listing, Selection, argument_id
from resolvers.reading import read
from schema.permissions import require_viewer, roles, signed_in
from schema.scalars import CurrencyCode
from schema.types.commissions import (
    CommissionAssignment,
    CommissionAssignmentConnection,
    CommissionCalendar,
    CommissionCredit,
    CommissionCreditConnection,
    CommissionEstimate,
    CommissionInquiry,
    CommissionInquiryConnection,
    CommissionInquiryStatus,
    CommissionPeriod,
    CommissionPeriodConnection,
    CommissionPeriodStatus,
    CommissionPlan,
    CommissionPlanConnection,
    CommissionStatement,
    CommissionStatementConnection,
    CommissionStatementLineConnection,
    ExchangeRate,
    ExchangeRateConnection,
    RepCommissionSummary,
    statement_line,
)
from schema.types.commissions.draws_payments import (
    CommissionDraw,
    CommissionDrawConnection,
    CommissionPaymentStatus,
)
from services.commissions.calendar import load_calendar
from services.commissions.dashboard import rep_summaries

OneRep = Annotated[
    relay.GlobalID | None,
    strawberry.argument(description="Only this rep's, of those you may see."),
]
"""The ``repId`` argument of the commission lists."""


PlanId = Annotated[
    relay.GlobalID | None,
    strawberry.argument(description="Only assignments to this plan (from `CommissionPlan.id`)."),
]
QuoteId = Annotated[
    relay.GlobalID | None,
    strawberry.argument(description="Only credits of this quote (from `Quote.id`)."),
]
PeriodId = Annotated[
    relay.GlobalID | None,
    strawberry.argument(description="Only statements of this period (from `CommissionPeriod.id`)."),
]
StatementId = Annotated[
    relay.GlobalID,
    strawberry.argument(
        description="The statement whose lines to list (from `CommissionStatement.id`)."
    ),
]


COMMISSION_PLANS = Listing(
    (PlanRow.name, PlanRow.id), CommissionPlanConnection, CommissionPlan.from_row
)
COMMISSION_ASSIGNMENTS = Listing(
    (AssignmentRow.start_date, AssignmentRow.id), CommissionAssignmentConnection
)
COMMISSION_PERIODS = Listing(
    (PeriodRow.start_date,), CommissionPeriodConnection, CommissionPeriod.from_row, descending=True
)
COMMISSION_CREDITS = Listing(
    (CreditRow.id,), CommissionCreditConnection, CommissionCredit.from_row, descending=True
)
COMMISSION_STATEMENTS = Listing(
    (StatementRow.id,), CommissionStatementConnection, CommissionStatement.from_row, descending=True
)
COMMISSION_STATEMENT_LINES = Listing((LineRow.position,), CommissionStatementLineConnection)
EXCHANGE_RATES = Listing(
    (ExchangeRateRow.from_currency, ExchangeRateRow.to_currency, ExchangeRateRow.valid_from),
    ExchangeRateConnection,
    ExchangeRate.from_row,
)
COMMISSION_DRAWS = Listing(
    (DrawRow.rep_id, DrawRow.start_date), CommissionDrawConnection, CommissionDraw.from_row
)
COMMISSION_INQUIRIES = Listing(
    (InquiryRow.id,), CommissionInquiryConnection, CommissionInquiry.from_row, descending=True
)


@strawberry.type
class CommissionQueries:
    @strawberry.field(
        extensions=signed_in(),
        description="The fiscal calendar commission periods follow. Anyone signed in.",
    )
    async def commission_calendar(self, info: strawberry.Info) -> CommissionCalendar:
        setting = await read(info, load_calendar)
        return CommissionCalendar(
            first_month=setting.calendar.first_month,
            named_by_end_year=setting.calendar.named_by_end_year,
            period_kind=CommissionPeriodKind(setting.period_kind.value),
        )

    @strawberry.field(
        extensions=signed_in(),
        description=(
            "Your commission period to date (as of a day, today by default): earned, "
            "attainment, next tier, SPIFs and open pipeline; a manager also gets the team's. "
            "Anyone signed in."
        ),
    )
    async def my_commissions(
        self,
        info: strawberry.Info,
        as_of: Annotated[
            date | None,
            strawberry.argument(
                description="The day to report on: its period, to that day. Today (UTC) by default."
            ),
        ] = None,
    ) -> RepCommissionSummary:
        viewer = require_viewer(info)
        team = sorted(viewer.team_ids) if viewer.is_manager else []
        today = datetime.now(UTC).date()
        found = await read(info, rep_summaries, [viewer.user_id, *team], as_of or today)
        mine = summary_type(found[viewer.user_id])
        mine.team = [summary_type(found[rep]) for rep in team]
        return mine

    estimate_commission: CommissionEstimate = strawberry.field(
        resolver=estimate_commission,
        extensions=signed_in(),
        description=(
            "What proposed lines would pay if won, before saving anything; explained line by "
            "line. Anyone signed in, for themselves or (a manager) a rep of their team."
        ),
    )

    @COMMISSION_PLANS.field(
        roles(Role.OPS, Role.FINANCE, Role.MANAGER),
        "Commission plans by name. Requires the role OPS, FINANCE or MANAGER (ADMIN holds "
        "every role).",
    )
    def commission_plans(self, info: strawberry.Info) -> Select[Any]:
        return lists.plans()

    @COMMISSION_ASSIGNMENTS.field(
        signed_in(),
        "Plan assignments you may see, by start date: a rep their own, a manager the team's, "
        "OPS and FINANCE everyone's.",
    )
    async def commission_assignments(
        self,
        info: strawberry.Info,
        rep_id: OneRep = None,
        plan_id: PlanId = None,
    ) -> Selection:
        stmt = lists.assignments(
            require_viewer(info).visible_owner_ids(),
            argument_id(rep_id, "User", "repId"),
            argument_id(plan_id, "CommissionPlan", "planId"),
        )
        currencies = await read(info, lists.plan_currencies)
        return Selection(
            stmt, lambda row: CommissionAssignment.from_row(row, currencies[row.plan_id])
        )

    @COMMISSION_PERIODS.field(signed_in(), "Commission periods, newest first. Anyone signed in.")
    def commission_periods(
        self,
        info: strawberry.Info,
        status: Annotated[
            CommissionPeriodStatus | None,  # type: ignore[valid-type]
            strawberry.argument(description="Only periods in this status; null: all."),
        ] = None,
    ) -> Select[Any]:
        return lists.periods(status)

    @COMMISSION_CREDITS.field(
        signed_in(),
        "Credits and clawbacks you may see, newest first: a rep their own, a manager the "
        "team's, OPS and FINANCE everyone's.",
    )
    def commission_credits(
        self,
        info: strawberry.Info,
        rep_id: OneRep = None,
        quote_id: QuoteId = None,
        from_date: Annotated[
            date | None, strawberry.argument(description="Credited on or after this day.")
        ] = None,
        to_date: Annotated[
            date | None, strawberry.argument(description="Credited on or before this day.")
        ] = None,
    ) -> Select[Any]:
        return lists.credits(
            require_viewer(info).visible_owner_ids(),
            argument_id(rep_id, "User", "repId"),
            argument_id(quote_id, "Quote", "quoteId"),
            from_date,
            to_date,
        )

    @COMMISSION_STATEMENTS.field(
        signed_in(),
        "Statements you may see, newest first: a rep their own, a manager the team's, OPS and "
        "FINANCE everyone's.",
    )
    def commission_statements(
        self,
        info: strawberry.Info,
        period_id: PeriodId = None,
        rep_id: OneRep = None,
        payment_status: Annotated[
            list[CommissionPaymentStatus] | None,  # type: ignore[valid-type]
            strawberry.argument(
                description="Only statements in one of these payment statuses; null: all."
            ),
        ] = None,
    ) -> Select[Any]:
        return lists.statements(
            require_viewer(info).visible_owner_ids(),
            argument_id(period_id, "CommissionPeriod", "periodId"),
            argument_id(rep_id, "User", "repId"),
            [status.value for status in payment_status or ()],
        )

    @COMMISSION_STATEMENT_LINES.field(
        signed_in(),
        "A statement's lines in order, a page at a time; empty for a statement you may not see.",
    )
    async def commission_statement_lines(
        self,
        info: strawberry.Info,
        statement_id: StatementId,
    ) -> Selection:
        viewer = require_viewer(info)
        pk = argument_id(statement_id, "CommissionStatement", "statementId")
        statement = await info.context.loaders.commissions.statement_by_id.load(pk)
        visible = statement is not None and viewer.may_see_owner(statement.rep_id)
        currency = statement.currency if statement is not None else "USD"
        return Selection(
            lists.statement_lines(pk if visible else None),
            lambda row: statement_line(row, currency),
        )

    @COMMISSION_INQUIRIES.field(
        signed_in(),
        "Inquiries you may see, newest first: a rep their own, a manager the team's, OPS and "
        "FINANCE everyone's.",
    )
    def commission_inquiries(
        self,
        info: strawberry.Info,
        status: Annotated[
            list[CommissionInquiryStatus] | None,  # type: ignore[valid-type]
            strawberry.argument(description="Only inquiries in one of these statuses; null: all."),
        ] = None,
        rep_id: OneRep = None,
    ) -> Select[Any]:
        owners = require_viewer(info).visible_owner_ids()
        return lists.inquiries(owners, status, argument_id(rep_id, "User", "repId"))

    @EXCHANGE_RATES.field(
        roles(Role.OPS, Role.FINANCE),
        "Exchange rates by pair and start day. Requires the role OPS or FINANCE (ADMIN holds "
        "every role).",
    )
    def exchange_rates(
        self,
        info: strawberry.Info,
        from_currency: Annotated[
            CurrencyCode | None,
            strawberry.argument(description="Only rates converting from this currency."),
        ] = None,
        to_currency: Annotated[
            CurrencyCode | None,
            strawberry.argument(description="Only rates converting to this currency."),
        ] = None,
    ) -> Select[Any]:
        return rate_queries.listing(
            None if from_currency is None else str(from_currency),
            None if to_currency is None else str(to_currency),
        )

    @COMMISSION_DRAWS.field(
        signed_in(),
        "Draws you may see, by rep and start date: a rep their own, a manager the team's, OPS "
        "and FINANCE everyone's.",
    )
    def commission_draws(self, info: strawberry.Info, rep_id: OneRep = None) -> Select[Any]:
        return payout_queries.draws(
            require_viewer(info).visible_owner_ids(), argument_id(rep_id, "User", "repId")
        )


__all__ = ["CommissionQueries"]

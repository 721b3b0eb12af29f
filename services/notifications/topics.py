"""The topics of outbox events: what a webhook endpoint subscribes to."""

from __future__ import annotations

APPROVAL_REQUESTED = "approval.requested"
APPROVAL_DECIDED = "approval.decided"
APPROVAL_COUNTER_OFFERED = "approval.counter_offered"
APPROVAL_COUNTER_ANSWERED = "approval.counter_answered"
APPROVAL_RECALLED = "approval.recalled"
QUOTE_SLIPPED = "quote.slipped"
PERIOD_CLOSE_DUE = "period.close_due"
CONTEST_RANK_CHANGED = "contest.rank_changed"

TOPICS: dict[str, str] = {
    APPROVAL_REQUESTED: "An approval request waits for an approver (submitted, escalated, or "
    "its next step opened); pushed to the approvers.",
    APPROVAL_DECIDED: "An approval request was approved or rejected; pushed to the rep.",
    APPROVAL_COUNTER_OFFERED: "An approver answered with a counter-offer; pushed to the rep.",
    APPROVAL_COUNTER_ANSWERED: "The rep accepted or declined a counter-offer.",
    APPROVAL_RECALLED: "The rep recalled an approval request.",
    QUOTE_SLIPPED: "A quote's expected close moved to a later quarter; pushed to the managers.",
    PERIOD_CLOSE_DUE: "A commission period ends soon (UPCOMING) or ended and is still open "
    "(DUE); pushed to FINANCE.",
    CONTEST_RANK_CHANGED: "A participant moved on a running contest's board; pushed to them.",
}

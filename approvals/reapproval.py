"""Smart re-approval: does an edited quote need approving again, and by whom?

The edited quote is planned afresh, then every hit of every step is checked
against the stored :class:`ApprovedEnvelope`. A step stays approved when
each of its hits is inside what was approved (same line, no more discount,
no more units, no lower price, no lower margin, no bigger deal, the same
clauses, known products, segment and breaches). Only steps with a hit
beyond the envelope, or rules the approval never covered, are re-run; the
levels that hold them restart, the others stay approved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum, unique

from approvals.conditions import ConditionHit, ConditionKind, Dimension, Observed
from approvals.directory import Directory
from approvals.envelope import ApprovedEnvelope
from approvals.facts import QuoteFacts
from approvals.plan import ApprovalPlan, PlanStep
from approvals.planner import build_plan
from approvals.rules import Rule


@unique
class ExceedanceKind(StrEnum):
    """Why a step is not covered by the stored approval."""

    #: A hit's observed value goes beyond the approved bound.
    BEYOND_APPROVED = "BEYOND_APPROVED"
    #: The rule did not apply when the quote was approved (or is new).
    RULE_NOT_APPROVED = "RULE_NOT_APPROVED"


@dataclass(frozen=True, slots=True)
class Exceedance:
    """One reason to re-approve: which rule, which dimension, approved vs now.

    For ``RULE_NOT_APPROVED`` the dimension, line and values are ``None``.
    """

    kind: ExceedanceKind
    rule_id: str
    level: int
    dimension: Dimension | None = None
    line_id: str | None = None
    approved: Observed = None
    observed: Observed = None


@dataclass(frozen=True, slots=True)
class ReapprovalResult:
    """Whether the edit needs approval, why, and the plan to run if so.

    ``plan`` holds only the steps to re-run, in their levels; it is empty
    when ``needed`` is false. ``restart_levels`` lists those levels.
    """

    needed: bool
    plan: ApprovalPlan
    restart_levels: tuple[int, ...]
    exceeded: tuple[Exceedance, ...]


def _line_hit(env: ApprovedEnvelope, hit: ConditionHit, facts: QuoteFacts) -> tuple[bool, Observed]:
    """Coverage of a line-level hit: the line must be approved and not grown.

    Product and family hits are covered by the products approved on the
    quote, whichever line carries them; their prices are other hits' job.
    """
    if hit.dimension is Dimension.PRODUCTS:
        listed = env.product_ids if hit.kind is ConditionKind.PRODUCT_IN else env.families
        return hit.observed in listed, listed
    bound = env.line(hit.line_id or "")
    line = facts.line(hit.line_id or "")
    if bound is None or line is None or line.product_id != bound.product_id:
        return False, None
    no_more_units = line.quantity <= bound.max_quantity
    if hit.dimension is Dimension.LINE_DISCOUNT:
        ok = line.discount_pct <= bound.max_discount_pct and no_more_units
        return ok, bound.max_discount_pct
    same_money = facts.currency == env.currency
    ok = same_money and line.net_unit_price >= bound.min_net_unit_price and no_more_units
    return ok, bound.min_net_unit_price


def _quote_hit(
    env: ApprovedEnvelope, hit: ConditionHit, facts: QuoteFacts
) -> tuple[bool, Observed]:
    """Coverage of a quote-level hit against the envelope's quote bounds."""
    dim = hit.dimension
    if dim is Dimension.TOTAL_DISCOUNT:
        return facts.total_discount_pct <= env.max_total_discount_pct, env.max_total_discount_pct
    if dim is Dimension.MARGIN:
        if env.min_margin_pct is None:
            return True, None  # approved with margin unknown: any margin was accepted
        margin = facts.margin_pct
        return margin is not None and margin >= env.min_margin_pct, env.min_margin_pct
    if dim is Dimension.DEAL_SIZE:
        ok = facts.currency == env.currency and facts.total_net <= env.max_total_net
        return ok, env.max_total_net
    if dim is Dimension.CLAUSES:
        ok = env.has_non_standard_clauses and facts.clauses_hash == env.clauses_hash
        return ok, env.clauses_hash if env.has_non_standard_clauses else False
    if dim is Dimension.SEGMENT:
        return facts.segment == env.segment, env.segment
    if dim is Dimension.BREACH:
        return hit.observed in env.breach_codes, env.breach_codes
    return False, None


def _step_exceedances(
    env: ApprovedEnvelope, step: PlanStep, facts: QuoteFacts
) -> tuple[Exceedance, ...]:
    if step.rule_id not in env.approved_rule_ids:
        return (Exceedance(ExceedanceKind.RULE_NOT_APPROVED, step.rule_id, step.level),)
    found = []
    for hit in step.hits:
        check = _line_hit if hit.line_id is not None else _quote_hit
        covered, approved = check(env, hit, facts)
        if not covered:
            found.append(
                Exceedance(
                    ExceedanceKind.BEYOND_APPROVED,
                    step.rule_id,
                    step.level,
                    hit.dimension,
                    hit.line_id,
                    approved,
                    hit.observed,
                )
            )
    return tuple(found)


def reapproval_needed(
    envelope: ApprovedEnvelope,
    new_facts: QuoteFacts,
    rules: Iterable[Rule],
    directory: Directory,
    now: datetime,
) -> ReapprovalResult:
    """Whether ``new_facts`` still fit ``envelope``; if not, what to re-run.

    An edit inside the envelope (less discount, fewer units of a discounted
    line, a line removed) needs nothing. An edit beyond it re-runs only the
    rules whose hits went beyond: raising a discount re-runs the discount
    rules, adding non-standard clauses only the clause (legal) rules.
    """
    plan = build_plan(new_facts, rules, directory, now)
    exceeded = tuple(
        exceedance
        for step in plan.steps
        for exceedance in _step_exceedances(envelope, step, new_facts)
    )
    rerun = frozenset(e.rule_id for e in exceeded)
    restart = plan.only_steps(rerun)
    levels = tuple(level.level for level in restart.levels)
    return ReapprovalResult(bool(rerun), restart, levels, exceeded)

"""Who fills a rule's approver seat: hierarchy walk, roles, named users, delegation."""

from approvals_builders import DAY, NOW, org

from approvals import (
    ApprovalMode,
    DelegationFact,
    Directory,
    ManagerApprover,
    PlanApprover,
    ReasonCode,
    RoleApprover,
    UserApprover,
    UserFact,
)
from approvals.directory import index_users
from approvals.resolution import Resolution, resolve_approvers
from approvals.rules import ApproverSpec


def resolve(
    spec: ApproverSpec, directory: Directory | None = None, owner: str = "rep"
) -> Resolution:
    directory = directory or org()
    return resolve_approvers(spec, owner, index_users(directory), directory, NOW)


def test_manager_one_level_up_is_the_reps_direct_manager() -> None:
    assert resolve(ManagerApprover(1)).approvers == (PlanApprover("mgr"),)


def test_manager_two_levels_up_is_the_managers_manager() -> None:
    assert resolve(ManagerApprover(2)).approvers == (PlanApprover("vp"),)


def test_manager_three_levels_up_walks_the_whole_chain() -> None:
    assert resolve(ManagerApprover(3)).approvers == (PlanApprover("cro"),)


def test_no_manager_at_that_level_is_approver_unresolved() -> None:
    result = resolve(ManagerApprover(4))

    assert result.approvers == ()
    assert result.issues == (ReasonCode.APPROVER_UNRESOLVED,)


def test_an_inactive_manager_at_that_level_is_approver_unresolved() -> None:
    directory = org(UserFact("vp", ("VP",), "cro", active=False))

    assert resolve(ManagerApprover(2), directory).issues == (ReasonCode.APPROVER_UNRESOLVED,)


def test_a_rep_without_a_manager_leaves_a_manager_rule_unresolved() -> None:
    directory = org(UserFact("rep", ("REP",), None))

    assert resolve(ManagerApprover(1), directory).issues == (ReasonCode.APPROVER_UNRESOLVED,)


def test_a_role_resolves_to_every_active_holder_in_id_order() -> None:
    directory = org(UserFact("fin0", ("FINANCE",), active=False))

    assert resolve(RoleApprover("FINANCE"), directory).approvers == (
        PlanApprover("fin1"),
        PlanApprover("fin2"),
    )


def test_a_role_nobody_active_holds_is_approver_unresolved() -> None:
    assert resolve(RoleApprover("CHIEF_HAPPINESS")).issues == (ReasonCode.APPROVER_UNRESOLVED,)


def test_the_quote_owner_never_approves_their_own_quote() -> None:
    # vp owns this quote and holds VP; the only other VP is cro.
    assert resolve(RoleApprover("VP"), owner="vp").approvers == (PlanApprover("cro"),)
    assert resolve(UserApprover("vp"), owner="vp").issues == (ReasonCode.APPROVER_UNRESOLVED,)


def test_a_named_user_resolves_to_that_user() -> None:
    assert resolve(UserApprover("desk")).approvers == (PlanApprover("desk"),)


def test_an_unknown_or_inactive_named_user_is_approver_unresolved() -> None:
    directory = org(UserFact("desk", ("DEAL_DESK",), active=False))

    assert resolve(UserApprover("ghost")).issues == (ReasonCode.APPROVER_UNRESOLVED,)
    assert resolve(UserApprover("desk"), directory).issues == (ReasonCode.APPROVER_UNRESOLVED,)


def test_an_out_of_office_approver_is_joined_by_their_delegate() -> None:
    away = DelegationFact("mgr", "vp", NOW - DAY, NOW + DAY)

    result = resolve(ManagerApprover(1), org(delegations=(away,)))

    assert result.approvers == (PlanApprover("mgr", ("vp",)),)


def test_a_delegation_outside_its_window_is_ignored() -> None:
    past = DelegationFact("mgr", "vp", NOW - 2 * DAY, NOW - DAY)
    ends_now = DelegationFact("mgr", "cro", NOW - DAY, NOW)

    result = resolve(ManagerApprover(1), org(delegations=(past, ends_now)))

    assert result.approvers == (PlanApprover("mgr"),)


def test_an_inactive_delegate_or_the_owner_never_joins() -> None:
    delegations = (
        DelegationFact("mgr", "gone", NOW - DAY, NOW + DAY),
        DelegationFact("mgr", "rep", NOW - DAY, NOW + DAY),
    )
    directory = org(UserFact("gone", active=False), delegations=delegations)

    assert resolve(ManagerApprover(1), directory).approvers == (PlanApprover("mgr"),)


def test_approval_mode_values_are_the_public_enum_names() -> None:
    assert [m.value for m in ApprovalMode] == ["ANY", "ALL"]

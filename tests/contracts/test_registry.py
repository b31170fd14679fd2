"""Registry: roles, organisations and accounts, policy, budgets, encryption keys and the pause."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from eth_utils import function_signature_to_4byte_selector, keccak
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from tests.support.access import access_matrix
from tests.support.constants import (
    ACCESS_CALLERS,
    AGENCY2_ORG,
    AGENCY_ORG,
    ARBITER_ORG,
    AUDITOR_ORG,
    BUDGET_CEILING_IDR,
    CARRIER_ORG,
    CONTRACTOR_ORG,
    FISCAL_YEAR,
    GOVERNANCE_ORG,
    KIND,
    SUPPLIER_ORG,
    TREASURY_ORG,
)
from tests.support.examples import examples
from tests.support.registry import (
    NEWCOMER_INDEX,
    PARTICIPANT_ROLES,
    SPENDER_INDEX,
    SUSPENDED_ORG,
    UINT128_MAX,
    UINT256_MAX,
    ZERO_ADDRESS,
    bytes32,
)
from tests.support.reverts import reverts_with

UNKNOWN_ORG = 999
NEW_ORG = 99
DAY = 86_400
HOUR = 3_600

RANTAI_ROLES = (*PARTICIPANT_ROLES, "BUDGET_SPENDER_ROLE", "ESCROW_ROLE")
ROLE_NAMES = {
    "GOVERNOR_ROLE": "GOVERNOR",
    "AGENCY_ROLE": "AGENCY",
    "SUPPLIER_ROLE": "SUPPLIER",
    "CARRIER_ROLE": "CARRIER",
    "AUDITOR_ROLE": "AUDITOR",
    "ARBITER_ROLE": "ARBITER",
    "TREASURY_ROLE": "TREASURY",
    "BUDGET_SPENDER_ROLE": "BUDGET_SPENDER",
    "ESCROW_ROLE": "ESCROW",
}
DEFAULT_POLICY = {
    "minTenderPeriodSec": 3 * DAY,
    "confirmationWindowSec": 7 * DAY,
    "maxBidsPerTender": 200,
    "penaltyPerMillePerDay": 1,
    "penaltyCapBps": 500,
    "retentionBps": 500,
    "directPurchaseCeilingIdr": 200_000_000,
    "checkpointBackdateToleranceSec": DAY,
    "minBondPerMille": 5,
    "aboveHpsFlagCount": 3,
    "objectionBondPerMille": 0,
    "objectionWindowSec": 5 * DAY,
    "acceptanceWindowSec": 14 * DAY,
    "bondReturnTimeoutSec": 60 * DAY,
    "splitWindowSec": 90 * DAY,
    "disputeResponseWindowSec": 3 * DAY,
    "adendumCapBps": 1_000,
}
# setter, Policy field (also the PolicyChanged parameter), lowest and highest allowed value.
BOUNDED_SETTERS = [
    ("setMinTenderPeriod", "minTenderPeriodSec", HOUR, 365 * DAY),
    ("setConfirmationWindow", "confirmationWindowSec", HOUR, 90 * DAY),
    ("setMaxBidsPerTender", "maxBidsPerTender", 1, 200),
    ("setPenaltyPerMillePerDay", "penaltyPerMillePerDay", 0, 50),
    ("setPenaltyCapBps", "penaltyCapBps", 0, 10_000),
    ("setRetentionBps", "retentionBps", 0, 2_000),
    ("setCheckpointBackdateTolerance", "checkpointBackdateToleranceSec", 0, 7 * DAY),
    ("setMinBondPerMille", "minBondPerMille", 1, 100),
    ("setAboveHpsFlagCount", "aboveHpsFlagCount", 1, 200),
    ("setObjectionBondPerMille", "objectionBondPerMille", 0, 50),
    ("setObjectionWindow", "objectionWindowSec", HOUR, 30 * DAY),
    ("setAcceptanceWindow", "acceptanceWindowSec", DAY, 90 * DAY),
    ("setBondReturnTimeout", "bondReturnTimeoutSec", DAY, 365 * DAY),
    ("setDisputeResponseWindow", "disputeResponseWindowSec", HOUR, 30 * DAY),
    ("setAdendumCapBps", "adendumCapBps", 0, 5_000),
]
IACCESSCONTROL_FUNCTIONS = {"hasRole", "getRoleAdmin", "grantRole", "revokeRole", "renounceRole"}


# The fixture below transacts, so it is module-scoped: Ape reverts the module's snapshot at its
# end and no other test file sees the extra spender (docs/testing.md); so does `suspended_member`
# (tests/contracts/conftest.py).
@pytest.fixture(scope="module")
def spender(accounts: Any, participants: Any, registry: Any, governor: Any) -> Any:
    """An account with BUDGET_SPENDER_ROLE, standing in for the Tendering/OrderEscrow contracts."""
    account = accounts[SPENDER_INDEX]
    registry.grantRole(registry.BUDGET_SPENDER_ROLE(), account, sender=governor)
    return account


@pytest.fixture(scope="module")
def newcomer(accounts: Any) -> Any:
    """An account in no organisation, used to add and grant."""
    return accounts[NEWCOMER_INDEX]


def role(registry: Any, name: str) -> Any:
    return getattr(registry, name)()


def org_event(receipt: Any, event: Any) -> tuple[int, bytes]:
    """The organisation and the hash (of its metadata, or of the reason) of the one `event` of
    `receipt`: OrganisationMetadataUpdated, OrganisationSuspended or OrganisationReinstated."""
    [log] = receipt.decode_logs(event)
    org_id, digest = log.event_arguments.values()
    return org_id, bytes(digest)


def reverts_without_role(registry: Any, account: Any, role_name: str) -> Any:
    """`reverts_with` AccessControlUnauthorizedAccount: `account` lacks the role `role_name`."""
    return reverts_with(
        registry.AccessControlUnauthorizedAccount,
        account=account,
        neededRole=role(registry, role_name),
    )


def reverts_on_the_budget(error: Any, **amounts: int) -> Any:
    """`reverts_with` the budget `error` on the agency's fiscal-year budget, with `amounts`."""
    return reverts_with(error, agencyOrgId=AGENCY_ORG, fiscalYear=FISCAL_YEAR, **amounts)


def budget_change(receipt: Any, event: Any, spender: Any) -> tuple[int, int]:
    """The `(amountIdr, committedIdr)` of the one `event` (BudgetCommitted or BudgetReleased) in
    `receipt`, checked to be on the agency's budget of the fiscal year and by `spender`."""
    [log] = receipt.decode_logs(event)
    budget = (log.agencyOrgId, log.fiscalYear, log.spender)
    assert budget == (AGENCY_ORG, FISCAL_YEAR, spender.address)
    return log.amountIdr, log.committedIdr


def grant_of_another_kind_reverts(
    registry: Any, governor: Any, account: Any, role_name: str, org_id: int, kind: str
) -> None:
    """Granting `role_name` to `account`, a member of `org_id` of `kind`, reverts with
    RegistryRoleKindMismatch and grants nothing."""
    role_id = role(registry, role_name)
    with reverts_with(
        registry.RegistryRoleKindMismatch,
        account=account,
        role=role_id,
        orgId=org_id,
        kind=KIND[kind],
    ):
        registry.grantRole(role_id, account, sender=governor)
    assert not registry.hasRole(role_id, account)


def policy_of(registry: Any) -> dict[str, int]:
    policy = registry.policy()
    return {field: getattr(policy, field) for field in DEFAULT_POLICY}


# ------------------------------------------------------------------------------------ deployment


def test_role_ids_are_keccak_of_the_role_names(registry: Any) -> None:
    for getter, name in ROLE_NAMES.items():
        assert role(registry, getter) == keccak(text=name)


def test_constructor_grants_governor_default_admin_and_governor_roles(
    registry: Any, governor: Any, outsider: Any
) -> None:
    assert registry.hasRole(registry.DEFAULT_ADMIN_ROLE(), governor)
    assert registry.hasRole(registry.GOVERNOR_ROLE(), governor)
    assert not registry.hasRole(registry.GOVERNOR_ROLE(), outsider)


def test_governor_role_administers_every_rantai_role(registry: Any) -> None:
    for name in RANTAI_ROLES:
        assert registry.getRoleAdmin(role(registry, name)) == registry.GOVERNOR_ROLE()
    assert registry.getRoleAdmin(registry.GOVERNOR_ROLE()) == registry.DEFAULT_ADMIN_ROLE()


def test_constructor_sets_the_default_policy_and_emits_PolicyChanged_from_zero(
    project: Any, chain: Any, governor: Any
) -> None:
    fresh = project.Registry.deploy(governor, sender=governor)
    logs = chain.get_receipt(fresh.txn_hash).decode_logs(fresh.PolicyChanged)
    changes = {bytes(log.parameter): (log.oldValue, log.newValue) for log in logs}
    # Forfeited bonds go to the governor until a treasury account is set.
    treasury = (0, int(governor.address, 16))
    expected = {bytes32(field): (0, value) for field, value in DEFAULT_POLICY.items()}
    assert changes == {**expected, bytes32("treasuryAccount"): treasury}
    assert policy_of(fresh) == DEFAULT_POLICY
    assert fresh.treasuryAccount() == governor.address
    assert not fresh.paused()


def test_constructor_emits_RoleAdminChanged_for_every_rantai_role(
    project: Any, chain: Any, governor: Any
) -> None:
    fresh = project.Registry.deploy(governor, sender=governor)
    logs = chain.get_receipt(fresh.txn_hash).decode_logs(fresh.RoleAdminChanged)
    assert {bytes(log.role) for log in logs} == {bytes(role(fresh, name)) for name in RANTAI_ROLES}
    assert all(log.newAdminRole == fresh.GOVERNOR_ROLE() for log in logs)


def _interface_id(signatures: list[str]) -> bytes:
    value = 0
    for signature in signatures:
        value ^= int.from_bytes(function_signature_to_4byte_selector(signature), "big")
    return value.to_bytes(4, "big")


def test_supportsInterface_reports_IRegistry_IAccessControl_and_IERC165(
    project: Any, registry: Any
) -> None:
    own = [
        method.selector
        for method in project.IRegistry.contract_type.methods
        if method.name not in IACCESSCONTROL_FUNCTIONS
    ]
    assert registry.supportsInterface(_interface_id(own))
    assert registry.supportsInterface(bytes.fromhex("7965db0b"))  # IAccessControl
    assert registry.supportsInterface(bytes.fromhex("01ffc9a7"))  # IERC165
    assert not registry.supportsInterface(bytes.fromhex("ffffffff"))


# ------------------------------------------------------------------------------- organisations


def test_registerOrganisation_stores_it_and_emits_OrganisationRegistered(
    registry: Any, governor: Any
) -> None:
    receipt = registry.registerOrganisation(
        NEW_ORG, KIND["Contractor"], bytes32("profile"), sender=governor
    )
    [log] = receipt.decode_logs(registry.OrganisationRegistered)
    assert (log.orgId, log.kind, bytes(log.metadataHash)) == (
        NEW_ORG,
        KIND["Contractor"],
        bytes32("profile"),
    )
    org = registry.organisation(NEW_ORG)
    assert (org.kind, org.suspended, bytes(org.metadataHash)) == (
        KIND["Contractor"],
        False,
        bytes32("profile"),
    )


def test_organisation_of_an_unknown_id_reads_as_kind_none(registry: Any) -> None:
    assert registry.organisation(UNKNOWN_ORG).kind == 0


@pytest.mark.parametrize(("org_id", "kind"), [(0, KIND["Agency"]), (NEW_ORG, 0), (0, 0)])
def test_registerOrganisation_with_id_zero_or_kind_none_reverts_with_RegistryInvalidOrganisation(
    registry: Any, governor: Any, org_id: int, kind: int
) -> None:
    with reverts_with(registry.RegistryInvalidOrganisation, orgId=org_id, kind=kind):
        registry.registerOrganisation(org_id, kind, bytes32("x"), sender=governor)


def test_registerOrganisation_with_a_used_id_reverts_with_RegistryOrganisationExists(
    participants: Any, registry: Any, governor: Any
) -> None:
    with reverts_with(registry.RegistryOrganisationExists, orgId=AGENCY_ORG):
        registry.registerOrganisation(AGENCY_ORG, KIND["Supplier"], bytes32("x"), sender=governor)


def test_updateOrganisationMetadata_replaces_the_hash_and_emits_OrganisationMetadataUpdated(
    participants: Any, registry: Any, governor: Any
) -> None:
    receipt = registry.updateOrganisationMetadata(SUPPLIER_ORG, bytes32("v2"), sender=governor)
    assert org_event(receipt, registry.OrganisationMetadataUpdated) == (SUPPLIER_ORG, bytes32("v2"))
    org = registry.organisation(SUPPLIER_ORG)
    assert (org.kind, org.suspended, bytes(org.metadataHash)) == (
        KIND["Supplier"],
        False,
        bytes32("v2"),
    )


def test_suspendOrganisation_marks_it_suspended_and_emits_OrganisationSuspended(
    participants: Any, registry: Any, governor: Any
) -> None:
    receipt = registry.suspendOrganisation(SUPPLIER_ORG, bytes32("reason"), sender=governor)
    assert org_event(receipt, registry.OrganisationSuspended) == (SUPPLIER_ORG, bytes32("reason"))
    assert registry.organisation(SUPPLIER_ORG).suspended


def test_reinstateOrganisation_lifts_the_suspension_and_emits_OrganisationReinstated(
    participants: Any, registry: Any, governor: Any, supplier: Any
) -> None:
    registry.suspendOrganisation(SUPPLIER_ORG, bytes32("reason"), sender=governor)
    receipt = registry.reinstateOrganisation(SUPPLIER_ORG, bytes32("cleared"), sender=governor)
    assert org_event(receipt, registry.OrganisationReinstated) == (SUPPLIER_ORG, bytes32("cleared"))
    assert not registry.organisation(SUPPLIER_ORG).suspended
    assert registry.checkParticipant(supplier, registry.SUPPLIER_ROLE()) == SUPPLIER_ORG


@pytest.mark.parametrize(
    "call",
    [
        lambda r, g, a: r.updateOrganisationMetadata(UNKNOWN_ORG, bytes32("x"), sender=g),
        lambda r, g, a: r.suspendOrganisation(UNKNOWN_ORG, bytes32("x"), sender=g),
        lambda r, g, a: r.reinstateOrganisation(UNKNOWN_ORG, bytes32("x"), sender=g),
        lambda r, g, a: r.addAccount(a, UNKNOWN_ORG, sender=g),
        lambda r, g, a: r.setPayoutAccount(UNKNOWN_ORG, a, sender=g),
    ],
    ids=[
        "updateOrganisationMetadata",
        "suspendOrganisation",
        "reinstateOrganisation",
        "addAccount",
        "setPayoutAccount",
    ],
)
def test_unknown_organisation_reverts_with_RegistryUnknownOrganisation(
    participants: Any, registry: Any, governor: Any, newcomer: Any, call: Callable[..., Any]
) -> None:
    with reverts_with(registry.RegistryUnknownOrganisation, orgId=UNKNOWN_ORG):
        call(registry, governor, newcomer)


# ------------------------------------------------------------------------------------ accounts


def test_addAccount_makes_the_account_act_for_the_org_and_emits_AccountAdded(
    participants: Any, registry: Any, governor: Any, newcomer: Any
) -> None:
    receipt = registry.addAccount(newcomer, SUPPLIER_ORG, sender=governor)
    [log] = receipt.decode_logs(registry.AccountAdded)
    assert (log.account, log.orgId) == (newcomer.address, SUPPLIER_ORG)
    assert registry.orgOf(newcomer) == SUPPLIER_ORG


def test_orgOf_an_account_in_no_organisation_is_zero(registry: Any, outsider: Any) -> None:
    assert registry.orgOf(outsider) == 0


def test_addAccount_of_a_member_reverts_with_RegistryAccountAlreadyMember(
    participants: Any, registry: Any, governor: Any, supplier: Any
) -> None:
    with reverts_with(registry.RegistryAccountAlreadyMember, account=supplier, orgId=SUPPLIER_ORG):
        registry.addAccount(supplier, AGENCY_ORG, sender=governor)


def test_removeAccount_unlinks_it_revokes_participant_roles_and_emits_AccountRemoved(
    participants: Any, registry: Any, governor: Any, newcomer: Any
) -> None:
    registry.addAccount(newcomer, SUPPLIER_ORG, sender=governor)
    # A supplier organisation's account holds SUPPLIER only (issue 13 item 7).
    for name in ("SUPPLIER_ROLE", "GOVERNOR_ROLE", "BUDGET_SPENDER_ROLE"):
        registry.grantRole(role(registry, name), newcomer, sender=governor)

    receipt = registry.removeAccount(newcomer, sender=governor)

    [log] = receipt.decode_logs(registry.AccountRemoved)
    assert (log.account, log.orgId) == (newcomer.address, SUPPLIER_ORG)
    assert registry.orgOf(newcomer) == 0
    revoked = {bytes(log.role) for log in receipt.decode_logs(registry.RoleRevoked)}
    assert revoked == {bytes(registry.SUPPLIER_ROLE())}
    for name in PARTICIPANT_ROLES:
        assert not registry.hasRole(role(registry, name), newcomer)
    # GOVERNOR and the contract roles are not participant roles: revokeRole handles them.
    assert registry.hasRole(registry.GOVERNOR_ROLE(), newcomer)
    assert registry.hasRole(registry.BUDGET_SPENDER_ROLE(), newcomer)


def test_removeAccount_revokes_only_roles_the_account_holds(
    participants: Any, registry: Any, governor: Any, supplier: Any
) -> None:
    receipt = registry.removeAccount(supplier, sender=governor)
    [log] = receipt.decode_logs(registry.RoleRevoked)
    assert (bytes(log.role), log.account) == (bytes(registry.SUPPLIER_ROLE()), supplier.address)


def test_removed_account_can_join_another_organisation(
    participants: Any, registry: Any, governor: Any, supplier: Any
) -> None:
    registry.removeAccount(supplier, sender=governor)
    registry.addAccount(supplier, AGENCY_ORG, sender=governor)
    assert registry.orgOf(supplier) == AGENCY_ORG


def test_removeAccount_of_a_non_member_reverts_with_RegistryAccountNotMember(
    participants: Any, registry: Any, governor: Any, outsider: Any
) -> None:
    with reverts_with(registry.RegistryAccountNotMember, account=outsider):
        registry.removeAccount(outsider, sender=governor)


# ---------------------------------------------------------------------------------- roles (OZ)


def test_governor_grants_and_revokes_rantai_roles_with_RoleGranted_and_RoleRevoked(
    participants: Any, registry: Any, governor: Any, newcomer: Any
) -> None:
    agency_role = registry.AGENCY_ROLE()
    registry.addAccount(newcomer, AGENCY_ORG, sender=governor)
    granted = registry.grantRole(agency_role, newcomer, sender=governor)
    [log] = granted.decode_logs(registry.RoleGranted)
    assert (log.role, log.account, log.sender) == (agency_role, newcomer.address, governor.address)
    revoked = registry.revokeRole(agency_role, newcomer, sender=governor)
    assert len(revoked.decode_logs(registry.RoleRevoked)) == 1
    assert not registry.hasRole(agency_role, newcomer)


def test_grantRole_by_a_non_admin_reverts_with_AccessControlUnauthorizedAccount(
    participants: Any, registry: Any, agency: Any, newcomer: Any
) -> None:
    with reverts_without_role(registry, agency, "GOVERNOR_ROLE"):
        registry.grantRole(registry.AGENCY_ROLE(), newcomer, sender=agency)


def test_renounceRole_for_another_account_reverts_with_AccessControlBadConfirmation(
    participants: Any, registry: Any, agency: Any, supplier: Any
) -> None:
    with reverts_with(registry.AccessControlBadConfirmation):
        registry.renounceRole(registry.AGENCY_ROLE(), supplier, sender=agency)


def test_renounceRole_drops_the_callers_role(participants: Any, registry: Any, agency: Any) -> None:
    registry.renounceRole(registry.AGENCY_ROLE(), agency, sender=agency)
    assert not registry.hasRole(registry.AGENCY_ROLE(), agency)


# -------------------------------------------------------------------------------------- policy


@pytest.mark.parametrize(("setter", "field", "low", "high"), BOUNDED_SETTERS)
def test_policy_setter_accepts_its_bounds_and_emits_PolicyChanged(
    registry: Any, governor: Any, setter: str, field: str, low: int, high: int
) -> None:
    previous = DEFAULT_POLICY[field]
    for value in (low, high):
        receipt = getattr(registry, setter)(value, sender=governor)
        [log] = receipt.decode_logs(registry.PolicyChanged)
        assert (bytes(log.parameter), log.oldValue, log.newValue) == (
            bytes32(field),
            previous,
            value,
        )
        assert policy_of(registry) == {**DEFAULT_POLICY, field: value}
        previous = value


@pytest.mark.parametrize(("setter", "field", "low", "high"), BOUNDED_SETTERS)
def test_policy_setter_outside_its_range_reverts_with_RegistryInvalidPolicy(
    registry: Any, governor: Any, setter: str, field: str, low: int, high: int
) -> None:
    outside = [high + 1] + ([low - 1] if low > 0 else [])
    for value in outside:
        with reverts_with(registry.RegistryInvalidPolicy, parameter=bytes32(field), value=value):
            getattr(registry, setter)(value, sender=governor)
    assert policy_of(registry) == DEFAULT_POLICY


@pytest.mark.parametrize("ceiling_idr", [0, 1, UINT256_MAX])
def test_setDirectPurchaseCeiling_accepts_any_value_and_emits_PolicyChanged(
    registry: Any, governor: Any, ceiling_idr: int
) -> None:
    receipt = registry.setDirectPurchaseCeiling(ceiling_idr, sender=governor)
    [log] = receipt.decode_logs(registry.PolicyChanged)
    assert (bytes(log.parameter), log.oldValue, log.newValue) == (
        bytes32("directPurchaseCeilingIdr"),
        DEFAULT_POLICY["directPurchaseCeilingIdr"],
        ceiling_idr,
    )
    assert registry.policy().directPurchaseCeilingIdr == ceiling_idr


def test_packed_policy_fields_do_not_overwrite_each_other(registry: Any, governor: Any) -> None:
    wanted = {
        "minTenderPeriodSec": 365 * DAY,
        "confirmationWindowSec": 90 * DAY,
        "maxBidsPerTender": 200,
        "penaltyPerMillePerDay": 50,
        "penaltyCapBps": 10_000,
        "retentionBps": 2_000,
        "directPurchaseCeilingIdr": UINT256_MAX,
        "checkpointBackdateToleranceSec": 7 * DAY,
        "minBondPerMille": 100,
        "aboveHpsFlagCount": 200,
        "objectionBondPerMille": 50,
        "objectionWindowSec": 30 * DAY,
        "acceptanceWindowSec": 90 * DAY,
        "bondReturnTimeoutSec": 365 * DAY,
        "splitWindowSec": 365 * DAY,
        "disputeResponseWindowSec": 30 * DAY,
        "adendumCapBps": 5_000,
    }
    setters = {field: setter for setter, field, _, _ in BOUNDED_SETTERS}
    setters["directPurchaseCeilingIdr"] = "setDirectPurchaseCeiling"
    setters["splitWindowSec"] = "setSplitWindow"
    for field, value in wanted.items():
        getattr(registry, setters[field])(value, sender=governor)
    assert policy_of(registry) == wanted


# ---------------------------------------------------------------------------- checkParticipant


def test_checkParticipant_returns_the_organisation_of_an_active_role_holder(
    participants: Any, registry: Any, agency: Any, treasury: Any
) -> None:
    assert registry.checkParticipant(agency, registry.AGENCY_ROLE()) == AGENCY_ORG
    assert registry.checkParticipant(treasury, registry.TREASURY_ROLE()) == TREASURY_ORG


def test_checkParticipant_without_the_role_reverts_with_RegistryUnauthorizedAccount(
    participants: Any, registry: Any, supplier: Any
) -> None:
    agency_role = registry.AGENCY_ROLE()
    with reverts_with(
        registry.RegistryUnauthorizedAccount, account=supplier, neededRole=agency_role
    ):
        registry.checkParticipant.transact(supplier, agency_role, sender=supplier)


def test_a_participant_role_for_an_account_in_no_org_reverts_with_RegistryRoleKindMismatch(
    participants: Any, registry: Any, governor: Any, newcomer: Any
) -> None:
    """A role holder in no organisation cannot exist: the grant itself is refused."""
    agency_role = registry.AGENCY_ROLE()
    with reverts_with(
        registry.RegistryRoleKindMismatch, account=newcomer, role=agency_role, orgId=0, kind=0
    ):
        registry.grantRole(agency_role, newcomer, sender=governor)
    with reverts_with(
        registry.RegistryUnauthorizedAccount, account=newcomer, neededRole=agency_role
    ):
        registry.checkParticipant.transact(newcomer, agency_role, sender=newcomer)


def test_checkParticipant_of_a_suspended_org_reverts_with_RegistryOrganisationSuspended(
    participants: Any, registry: Any, governor: Any, agency: Any, agency2: Any
) -> None:
    registry.suspendOrganisation(AGENCY_ORG, bytes32("daftar hitam"), sender=governor)
    with reverts_with(registry.RegistryOrganisationSuspended, orgId=AGENCY_ORG):
        registry.checkParticipant.transact(agency, registry.AGENCY_ROLE(), sender=agency)
    assert registry.checkParticipant(agency2, registry.AGENCY_ROLE()) == AGENCY2_ORG


def test_checkParticipant_while_paused_reverts_with_EnforcedPause(
    participants: Any, registry: Any, governor: Any, agency: Any
) -> None:
    registry.pause(sender=governor)
    with reverts_with(registry.EnforcedPause):
        registry.checkParticipant.transact(agency, registry.AGENCY_ROLE(), sender=agency)
    registry.unpause(sender=governor)
    assert registry.checkParticipant(agency, registry.AGENCY_ROLE()) == AGENCY_ORG


def test_checkParticipant_reports_the_pause_before_anything_else(
    registry: Any, governor: Any, outsider: Any
) -> None:
    registry.pause(sender=governor)
    with reverts_with(registry.EnforcedPause):
        registry.checkParticipant.transact(outsider, registry.AGENCY_ROLE(), sender=outsider)


# ------------------------------------------------------------------------------------- budgets


def test_participants_fixture_allocated_the_agency_budgets(
    participants: Any, registry: Any
) -> None:
    for org_id in (AGENCY_ORG, AGENCY2_ORG):
        budget = registry.budget(org_id, FISCAL_YEAR)
        assert (budget.ceilingIdr, budget.committedIdr) == (BUDGET_CEILING_IDR, 0)


def test_allocateBudget_sets_the_ceiling_and_emits_BudgetAllocated(
    participants: Any, registry: Any, treasury: Any
) -> None:
    receipt = registry.allocateBudget(AGENCY_ORG, FISCAL_YEAR + 1, 7_000, sender=treasury)
    [log] = receipt.decode_logs(registry.BudgetAllocated)
    assert (log.agencyOrgId, log.fiscalYear, log.ceilingIdr) == (AGENCY_ORG, FISCAL_YEAR + 1, 7_000)
    assert registry.budget(AGENCY_ORG, FISCAL_YEAR + 1).ceilingIdr == 7_000
    assert registry.budget(AGENCY_ORG, FISCAL_YEAR).ceilingIdr == BUDGET_CEILING_IDR


def test_allocateBudget_may_lower_the_ceiling_down_to_what_is_committed(
    participants: Any, registry: Any, treasury: Any, spender: Any
) -> None:
    registry.commitBudget(AGENCY_ORG, FISCAL_YEAR, 1_000, sender=spender)
    registry.allocateBudget(AGENCY_ORG, FISCAL_YEAR, 1_000, sender=treasury)
    budget = registry.budget(AGENCY_ORG, FISCAL_YEAR)
    assert (budget.ceilingIdr, budget.committedIdr) == (1_000, 1_000)


def test_allocateBudget_below_committed_reverts_with_RegistryCeilingBelowCommitted(
    participants: Any, registry: Any, treasury: Any, spender: Any
) -> None:
    registry.commitBudget(AGENCY_ORG, FISCAL_YEAR, 1_000, sender=spender)
    with reverts_on_the_budget(
        registry.RegistryCeilingBelowCommitted, ceilingIdr=999, committedIdr=1_000
    ):
        registry.allocateBudget(AGENCY_ORG, FISCAL_YEAR, 999, sender=treasury)


@pytest.mark.parametrize(
    ("org_id", "kind"),
    [(SUPPLIER_ORG, KIND["Supplier"]), (TREASURY_ORG, KIND["Treasury"]), (UNKNOWN_ORG, 0)],
)
def test_allocateBudget_to_a_non_agency_reverts_with_RegistryInvalidOrganisation(
    participants: Any, registry: Any, treasury: Any, org_id: int, kind: int
) -> None:
    with reverts_with(registry.RegistryInvalidOrganisation, orgId=org_id, kind=kind):
        registry.allocateBudget(org_id, FISCAL_YEAR, 1, sender=treasury)


def test_allocateBudget_accepts_the_largest_uint128_ceiling(
    participants: Any, registry: Any, treasury: Any
) -> None:
    registry.allocateBudget(AGENCY_ORG, FISCAL_YEAR, UINT128_MAX, sender=treasury)
    assert registry.budget(AGENCY_ORG, FISCAL_YEAR).ceilingIdr == UINT128_MAX


def test_allocateBudget_above_uint128_reverts_with_SafeCastOverflowedUintDowncast(
    participants: Any, registry: Any, treasury: Any
) -> None:
    with reverts_with(registry.SafeCastOverflowedUintDowncast, bits=128, value=UINT128_MAX + 1):
        registry.allocateBudget(AGENCY_ORG, FISCAL_YEAR, UINT128_MAX + 1, sender=treasury)


@pytest.mark.parametrize(
    ("function", "caller"), [("allocateBudget", "treasury"), ("commitBudget", "spender")]
)
def test_budget_allocation_and_commitment_while_paused_revert_with_EnforcedPause(
    request: pytest.FixtureRequest,
    participants: Any,
    registry: Any,
    governor: Any,
    function: str,
    caller: str,
) -> None:
    """Releases go on while paused (below); allocating and committing stop."""
    registry.pause(sender=governor)
    with reverts_with(registry.EnforcedPause):
        getattr(registry, function)(
            AGENCY_ORG, FISCAL_YEAR, 1, sender=request.getfixturevalue(caller)
        )


# Committing and releasing move the committed total of one budget, never its ceiling, and emit
# the new total: (the step, its event, the total after a step of 200 on 400 committed).
BUDGET_STEPS = {
    "commitBudget_adds_to_committed_and_emits_BudgetCommitted_with_the_total": (
        lambda registry: (registry.commitBudget, registry.BudgetCommitted),
        600,
    ),
    "releaseBudget_frees_committed_and_emits_BudgetReleased_with_the_total": (
        lambda registry: (registry.releaseBudget, registry.BudgetReleased),
        200,
    ),
}


@pytest.mark.parametrize(("step", "total_idr"), BUDGET_STEPS.values(), ids=BUDGET_STEPS.keys())
def test_a_budget_step_changes_only_the_committed_total_and_emits_it(
    participants: Any,
    registry: Any,
    spender: Any,
    step: Callable[[Any], tuple[Any, Any]],
    total_idr: int,
) -> None:
    registry.commitBudget(AGENCY_ORG, FISCAL_YEAR, 400, sender=spender)
    function, event = step(registry)
    receipt = function(AGENCY_ORG, FISCAL_YEAR, 200, sender=spender)
    assert budget_change(receipt, event, spender) == (200, total_idr)
    budget = registry.budget(AGENCY_ORG, FISCAL_YEAR)
    assert (budget.ceilingIdr, budget.committedIdr) == (BUDGET_CEILING_IDR, total_idr)
    assert registry.budget(AGENCY2_ORG, FISCAL_YEAR).committedIdr == 0


def test_commitBudget_may_use_the_whole_ceiling(
    participants: Any, registry: Any, spender: Any
) -> None:
    registry.commitBudget(AGENCY_ORG, FISCAL_YEAR, BUDGET_CEILING_IDR, sender=spender)
    assert registry.budget(AGENCY_ORG, FISCAL_YEAR).committedIdr == BUDGET_CEILING_IDR


@pytest.mark.parametrize("amount_idr", [BUDGET_CEILING_IDR - 999, UINT256_MAX])
def test_commitBudget_beyond_the_ceiling_reverts_with_RegistryBudgetExceeded(
    participants: Any, registry: Any, spender: Any, amount_idr: int
) -> None:
    registry.commitBudget(AGENCY_ORG, FISCAL_YEAR, 1_000, sender=spender)
    available_idr = BUDGET_CEILING_IDR - 1_000
    with reverts_on_the_budget(
        registry.RegistryBudgetExceeded, requestedIdr=amount_idr, availableIdr=available_idr
    ):
        registry.commitBudget(AGENCY_ORG, FISCAL_YEAR, amount_idr, sender=spender)


def test_commitBudget_without_an_allocation_reverts_with_RegistryBudgetExceeded(
    participants: Any, registry: Any, spender: Any
) -> None:
    with reverts_with(registry.RegistryBudgetExceeded, requestedIdr=1, availableIdr=0):
        registry.commitBudget(AGENCY_ORG, FISCAL_YEAR + 1, 1, sender=spender)


def test_releaseBudget_works_while_paused_so_cancellations_can_free_budget(
    participants: Any, registry: Any, governor: Any, spender: Any
) -> None:
    registry.commitBudget(AGENCY_ORG, FISCAL_YEAR, 500, sender=spender)
    registry.pause(sender=governor)
    registry.releaseBudget(AGENCY_ORG, FISCAL_YEAR, 500, sender=spender)
    assert registry.budget(AGENCY_ORG, FISCAL_YEAR).committedIdr == 0


@pytest.mark.parametrize("amount_idr", [501, UINT256_MAX])
def test_releaseBudget_beyond_committed_reverts_with_RegistryBudgetReleaseExceedsCommitted(
    participants: Any, registry: Any, spender: Any, amount_idr: int
) -> None:
    registry.commitBudget(AGENCY_ORG, FISCAL_YEAR, 500, sender=spender)
    with reverts_on_the_budget(
        registry.RegistryBudgetReleaseExceedsCommitted, releasedIdr=amount_idr, committedIdr=500
    ):
        registry.releaseBudget(AGENCY_ORG, FISCAL_YEAR, amount_idr, sender=spender)


@pytest.mark.parametrize("function", ["commitBudget", "releaseBudget"])
def test_budget_spending_without_the_role_reverts_with_AccessControlUnauthorizedAccount(
    participants: Any, registry: Any, agency: Any, function: str
) -> None:
    with reverts_without_role(registry, agency, "BUDGET_SPENDER_ROLE"):
        getattr(registry, function)(AGENCY_ORG, FISCAL_YEAR, 0, sender=agency)


def test_budget_commitments_and_releases_track_a_model(
    chain: Any, participants: Any, registry: Any, treasury: Any, spender: Any
) -> None:
    """Stateful property: committed = commits - releases <= ceiling, whatever the sequence."""
    amounts = st.integers(min_value=0, max_value=1_200)

    class BudgetMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.snapshot = chain.snapshot()
            registry.allocateBudget(AGENCY_ORG, FISCAL_YEAR, 1_000, sender=treasury)
            self.ceiling_idr = 1_000
            self.committed_idr = 0

        @rule(ceiling_idr=amounts)
        def allocate(self, ceiling_idr: int) -> None:
            if ceiling_idr < self.committed_idr:
                with reverts_with(registry.RegistryCeilingBelowCommitted):
                    registry.allocateBudget(AGENCY_ORG, FISCAL_YEAR, ceiling_idr, sender=treasury)
                return
            registry.allocateBudget(AGENCY_ORG, FISCAL_YEAR, ceiling_idr, sender=treasury)
            self.ceiling_idr = ceiling_idr

        @rule(amount_idr=amounts)
        def commit(self, amount_idr: int) -> None:
            if self.committed_idr + amount_idr > self.ceiling_idr:
                with reverts_with(registry.RegistryBudgetExceeded):
                    registry.commitBudget(AGENCY_ORG, FISCAL_YEAR, amount_idr, sender=spender)
                return
            registry.commitBudget(AGENCY_ORG, FISCAL_YEAR, amount_idr, sender=spender)
            self.committed_idr += amount_idr

        @rule(amount_idr=amounts)
        def release(self, amount_idr: int) -> None:
            if amount_idr > self.committed_idr:
                with reverts_with(registry.RegistryBudgetReleaseExceedsCommitted):
                    registry.releaseBudget(AGENCY_ORG, FISCAL_YEAR, amount_idr, sender=spender)
                return
            registry.releaseBudget(AGENCY_ORG, FISCAL_YEAR, amount_idr, sender=spender)
            self.committed_idr -= amount_idr

        @invariant()
        def chain_matches_the_model(self) -> None:
            budget = registry.budget(AGENCY_ORG, FISCAL_YEAR)
            assert (budget.ceilingIdr, budget.committedIdr) == (
                self.ceiling_idr,
                self.committed_idr,
            )
            assert budget.committedIdr <= budget.ceilingIdr

        def teardown(self) -> None:
            chain.restore(self.snapshot)

    run_state_machine_as_test(
        BudgetMachine,
        settings=settings(max_examples=examples(20), stateful_step_count=12, deadline=None),
    )


# ------------------------------------------------------------------------------ encryption keys


@pytest.mark.parametrize("length", [1, 65, 128])
def test_publishEncryptionKey_stores_the_key_and_emits_EncryptionKeyPublished(
    participants: Any, registry: Any, supplier: Any, length: int
) -> None:
    key = bytes(range(1, length + 1))
    receipt = registry.publishEncryptionKey(key, sender=supplier)
    [log] = receipt.decode_logs(registry.EncryptionKeyPublished)
    assert (log.account, bytes(log.publicKey)) == (supplier.address, key)
    assert bytes(registry.encryptionKey(supplier)) == key


def test_publishEncryptionKey_again_replaces_the_key(
    participants: Any, registry: Any, supplier: Any
) -> None:
    registry.publishEncryptionKey(b"\x01" * 100, sender=supplier)
    registry.publishEncryptionKey(b"\x02" * 33, sender=supplier)
    assert bytes(registry.encryptionKey(supplier)) == b"\x02" * 33


def test_encryptionKey_of_an_account_without_one_is_empty(registry: Any, outsider: Any) -> None:
    assert bytes(registry.encryptionKey(outsider)) == b""


@pytest.mark.parametrize("length", [0, 129])
def test_publishEncryptionKey_of_a_bad_length_reverts_with_RegistryInvalidEncryptionKey(
    participants: Any, registry: Any, supplier: Any, length: int
) -> None:
    with reverts_with(registry.RegistryInvalidEncryptionKey, account=supplier, length=length):
        registry.publishEncryptionKey(b"\x01" * length, sender=supplier)


def test_publishEncryptionKey_by_a_non_member_reverts_with_RegistryAccountNotMember(
    participants: Any, registry: Any, outsider: Any
) -> None:
    with reverts_with(registry.RegistryAccountNotMember, account=outsider):
        registry.publishEncryptionKey(b"\x01" * 33, sender=outsider)


def test_publishEncryptionKey_while_paused_reverts_with_EnforcedPause(
    participants: Any, registry: Any, governor: Any, supplier: Any
) -> None:
    registry.pause(sender=governor)
    with reverts_with(registry.EnforcedPause):
        registry.publishEncryptionKey(b"\x01" * 33, sender=supplier)


# ----------------------------------------------------------------------------------- the pause


def test_pause_and_unpause_emit_Paused_and_Unpaused(registry: Any, governor: Any) -> None:
    paused = registry.pause(sender=governor)
    assert paused.decode_logs(registry.Paused)[0].account == governor.address
    assert registry.paused()
    unpaused = registry.unpause(sender=governor)
    assert unpaused.decode_logs(registry.Unpaused)[0].account == governor.address
    assert not registry.paused()


def test_pause_while_paused_reverts_with_EnforcedPause(registry: Any, governor: Any) -> None:
    registry.pause(sender=governor)
    with reverts_with(registry.EnforcedPause):
        registry.pause(sender=governor)


def test_unpause_while_running_reverts_with_ExpectedPause(registry: Any, governor: Any) -> None:
    with reverts_with(registry.ExpectedPause):
        registry.unpause(sender=governor)


@pytest.mark.parametrize("role_name", ["GOVERNOR_ROLE", "DEFAULT_ADMIN_ROLE"])
def test_the_last_admin_cannot_renounce_or_be_revoked_RegistryLastAdmin(
    registry: Any, governor: Any, role_name: str
) -> None:
    role_id = getattr(registry, role_name)()
    assert registry.adminCount(role_id) == 1
    with reverts_with(registry.RegistryLastAdmin, role=role_id, account=governor.address):
        registry.renounceRole(role_id, governor, sender=governor)
    with reverts_with(registry.RegistryLastAdmin, role=role_id, account=governor.address):
        registry.revokeRole(role_id, governor, sender=governor)
    assert registry.hasRole(role_id, governor)


@pytest.mark.parametrize("role_name", ["GOVERNOR_ROLE", "DEFAULT_ADMIN_ROLE"])
def test_admin_hand_over_is_two_step_grant_then_leave(
    registry: Any, governor: Any, newcomer: Any, role_name: str
) -> None:
    role_id = getattr(registry, role_name)()
    granted = registry.grantRole(role_id, newcomer, sender=governor)
    assert granted.decode_logs(registry.RoleGranted)[0].account == newcomer.address
    assert registry.adminCount(role_id) == 2
    left = registry.renounceRole(role_id, governor, sender=governor)
    assert left.decode_logs(registry.RoleRevoked)[0].account == governor.address
    assert registry.adminCount(role_id) == 1
    assert not registry.hasRole(role_id, governor)
    with reverts_with(registry.RegistryLastAdmin, role=role_id, account=newcomer.address):
        registry.renounceRole(role_id, newcomer, sender=newcomer)


def test_adminCount_ignores_grants_of_other_roles_and_repeated_grants(
    participants: Any, registry: Any, governor: Any, newcomer: Any
) -> None:
    governor_role = registry.GOVERNOR_ROLE()
    registry.grantRole(governor_role, governor, sender=governor)  # already held: no change
    registry.addAccount(newcomer, AUDITOR_ORG, sender=governor)
    registry.grantRole(registry.AUDITOR_ROLE(), newcomer, sender=governor)
    assert registry.adminCount(governor_role) == 1
    assert registry.adminCount(registry.AUDITOR_ROLE()) == 0


def test_pausedSeconds_is_zero_before_any_pause(project: Any, governor: Any) -> None:
    fresh = project.Registry.deploy(governor, sender=governor)
    assert fresh.pausedSeconds() == 0


def test_pausedSeconds_counts_the_running_pause_and_accumulates_ended_ones(
    registry: Any, governor: Any, chain: Any, fast_forward: Callable[[int], None]
) -> None:
    before = registry.pausedSeconds()
    paused_at = registry.pause(sender=governor).timestamp
    fast_forward(100)
    now = chain.blocks.head.timestamp
    assert registry.pausedSeconds() == before + (now - paused_at)
    unpaused_at = registry.unpause(sender=governor).timestamp
    first = unpaused_at - paused_at
    assert registry.pausedSeconds() == before + first
    fast_forward(1_000)  # running time does not count
    assert registry.pausedSeconds() == before + first
    paused_again = registry.pause(sender=governor).timestamp
    fast_forward(50)
    ended = registry.unpause(sender=governor).timestamp
    assert registry.pausedSeconds() == before + first + (ended - paused_again)


def test_tenderAwardTerms_returns_the_pause_clock_and_the_award_policy(
    registry: Any, governor: Any, fast_forward: Callable[[int], None]
) -> None:
    paused_at = registry.pause(sender=governor).timestamp
    fast_forward(100)
    unpaused_at = registry.unpause(sender=governor).timestamp
    registry.setObjectionWindow(2 * DAY, sender=governor)
    terms, policy = registry.tenderAwardTerms(), registry.policy()
    assert terms.pausedSeconds == registry.pausedSeconds() >= unpaused_at - paused_at
    assert (terms.objectionWindowSec, terms.acceptanceWindowSec, terms.bondReturnTimeoutSec) == (
        2 * DAY,
        policy.acceptanceWindowSec,
        policy.bondReturnTimeoutSec,
    )
    assert (terms.objectionBondPerMille, terms.aboveHpsFlagCount) == (
        policy.objectionBondPerMille,
        policy.aboveHpsFlagCount,
    )


def test_tenderAwardTerms_while_paused_reverts_with_EnforcedPause(
    registry: Any, governor: Any
) -> None:
    registry.pause(sender=governor)
    with reverts_with(registry.EnforcedPause):
        registry.tenderAwardTerms.transact(sender=governor)
    registry.unpause(sender=governor)  # the pause's start is cleared: readable again
    assert registry.tenderAwardTerms().pausedSeconds == registry.pausedSeconds()


def test_governance_works_while_paused(
    participants: Any, registry: Any, governor: Any, newcomer: Any, supplier: Any
) -> None:
    registry.pause(sender=governor)
    registry.registerOrganisation(NEW_ORG, KIND["Supplier"], bytes32("x"), sender=governor)
    registry.updateOrganisationMetadata(NEW_ORG, bytes32("y"), sender=governor)
    registry.addAccount(newcomer, NEW_ORG, sender=governor)
    registry.grantRole(registry.SUPPLIER_ROLE(), newcomer, sender=governor)
    registry.suspendOrganisation(SUPPLIER_ORG, bytes32("z"), sender=governor)
    registry.reinstateOrganisation(SUPPLIER_ORG, bytes32("z"), sender=governor)
    registry.removeAccount(supplier, sender=governor)
    registry.setPenaltyCapBps(400, sender=governor)
    registry.unpause(sender=governor)
    assert registry.checkParticipant(newcomer, registry.SUPPLIER_ROLE()) == NEW_ORG


def test_governor_governs_even_when_its_own_organisation_is_suspended(
    participants: Any, registry: Any, governor: Any
) -> None:
    registry.suspendOrganisation(GOVERNANCE_ORG, bytes32("x"), sender=governor)
    registry.reinstateOrganisation(GOVERNANCE_ORG, bytes32("x"), sender=governor)
    assert not registry.organisation(GOVERNANCE_ORG).suspended


# ------------------------------------------------------------------------------- access matrix

CALLERS = [*ACCESS_CALLERS, "suspended_member"]
MEMBERS = frozenset(CALLERS) - {"outsider"}


@dataclass(frozen=True)
class Guarded:
    """A state-changing call, who may make it and how the others are refused."""

    call: Callable[[Any, dict[str, Any], Any], Any]  # (registry, accounts by name, sender)
    guard: str  # "governor" | "treasury" | "spender" | "pauser" | "member" | "grantor" | "anyone"
    setup: Callable[[Any, dict[str, Any]], Any] | None = None

    def allowed(self) -> frozenset[str]:
        return {
            "governor": frozenset({"governor"}),
            "treasury": frozenset({"treasury"}),
            "spender": frozenset(),
            "pauser": frozenset(),
            "member": MEMBERS,
            "grantor": MEMBERS - {"governor"},  # a participant role, not GOVERNOR alone
            "anyone": frozenset(CALLERS),
        }[self.guard]


def _pause(r: Any, a: dict[str, Any]) -> Any:
    return r.pause(sender=a["governor"])


def _auditor_key(r: Any, a: dict[str, Any]) -> Any:
    return r.publishEncryptionKey(b"\x01" + b"\xaa" * 32, sender=a["auditor"])


MATRIX: dict[str, Guarded] = {
    "registerOrganisation": Guarded(
        lambda r, a, s: r.registerOrganisation(NEW_ORG, KIND["Agency"], bytes32("x"), sender=s),
        "governor",
    ),
    "updateOrganisationMetadata": Guarded(
        lambda r, a, s: r.updateOrganisationMetadata(SUPPLIER_ORG, bytes32("x"), sender=s),
        "governor",
    ),
    "suspendOrganisation": Guarded(
        lambda r, a, s: r.suspendOrganisation(SUPPLIER_ORG, bytes32("x"), sender=s), "governor"
    ),
    "reinstateOrganisation": Guarded(
        lambda r, a, s: r.reinstateOrganisation(SUSPENDED_ORG, bytes32("x"), sender=s),
        "governor",
    ),
    "addAccount": Guarded(
        lambda r, a, s: r.addAccount(a["newcomer"], SUPPLIER_ORG, sender=s), "governor"
    ),
    "removeAccount": Guarded(lambda r, a, s: r.removeAccount(a["carrier"], sender=s), "governor"),
    "grantRole": Guarded(
        lambda r, a, s: r.grantRole(r.AGENCY_ROLE(), a["newcomer"], sender=s),
        "governor",
        setup=lambda r, a: r.addAccount(a["newcomer"], AGENCY_ORG, sender=a["governor"]),
    ),
    "revokeRole": Guarded(
        lambda r, a, s: r.revokeRole(r.CARRIER_ROLE(), a["carrier"], sender=s), "governor"
    ),
    "renounceRole": Guarded(lambda r, a, s: r.renounceRole(r.AGENCY_ROLE(), s, sender=s), "anyone"),
    "setMinTenderPeriod": Guarded(lambda r, a, s: r.setMinTenderPeriod(DAY, sender=s), "governor"),
    "setConfirmationWindow": Guarded(
        lambda r, a, s: r.setConfirmationWindow(DAY, sender=s), "governor"
    ),
    "setMaxBidsPerTender": Guarded(lambda r, a, s: r.setMaxBidsPerTender(10, sender=s), "governor"),
    "setPenaltyPerMillePerDay": Guarded(
        lambda r, a, s: r.setPenaltyPerMillePerDay(2, sender=s), "governor"
    ),
    "setPenaltyCapBps": Guarded(lambda r, a, s: r.setPenaltyCapBps(1_000, sender=s), "governor"),
    "setRetentionBps": Guarded(lambda r, a, s: r.setRetentionBps(250, sender=s), "governor"),
    "setDirectPurchaseCeiling": Guarded(
        lambda r, a, s: r.setDirectPurchaseCeiling(1, sender=s), "governor"
    ),
    "setCheckpointBackdateTolerance": Guarded(
        lambda r, a, s: r.setCheckpointBackdateTolerance(60, sender=s), "governor"
    ),
    "setMinBondPerMille": Guarded(lambda r, a, s: r.setMinBondPerMille(7, sender=s), "governor"),
    "setAboveHpsFlagCount": Guarded(
        lambda r, a, s: r.setAboveHpsFlagCount(4, sender=s), "governor"
    ),
    "setObjectionBondPerMille": Guarded(
        lambda r, a, s: r.setObjectionBondPerMille(1, sender=s), "governor"
    ),
    "setObjectionWindow": Guarded(lambda r, a, s: r.setObjectionWindow(DAY, sender=s), "governor"),
    "setAcceptanceWindow": Guarded(
        lambda r, a, s: r.setAcceptanceWindow(DAY, sender=s), "governor"
    ),
    "setBondReturnTimeout": Guarded(
        lambda r, a, s: r.setBondReturnTimeout(DAY, sender=s), "governor"
    ),
    "setSplitWindow": Guarded(lambda r, a, s: r.setSplitWindow(DAY, sender=s), "governor"),
    "setTreasuryAccount": Guarded(
        lambda r, a, s: r.setTreasuryAccount(a["treasury"], sender=s), "governor"
    ),
    "setDisputeResponseWindow": Guarded(
        lambda r, a, s: r.setDisputeResponseWindow(DAY, sender=s), "governor"
    ),
    "setAdendumCapBps": Guarded(lambda r, a, s: r.setAdendumCapBps(0, sender=s), "governor"),
    "setPayoutAccount": Guarded(
        lambda r, a, s: r.setPayoutAccount(AGENCY_ORG, a["agency"], sender=s), "governor"
    ),
    "pause": Guarded(lambda r, a, s: r.pause(sender=s), "governor"),
    "unpause": Guarded(lambda r, a, s: r.unpause(sender=s), "governor", setup=_pause),
    # Only the emergency guardian (PAUSER, granted by DEFAULT_ADMIN), not even GOVERNOR.
    "emergencyPause": Guarded(lambda r, a, s: r.emergencyPause(sender=s), "pauser"),
    "allocateBudget": Guarded(
        lambda r, a, s: r.allocateBudget(AGENCY_ORG, FISCAL_YEAR, 1, sender=s), "treasury"
    ),
    "commitBudget": Guarded(
        lambda r, a, s: r.commitBudget(AGENCY_ORG, FISCAL_YEAR, 1, sender=s), "spender"
    ),
    "releaseBudget": Guarded(
        lambda r, a, s: r.releaseBudget(AGENCY_ORG, FISCAL_YEAR, 0, sender=s), "spender"
    ),
    "publishEncryptionKey": Guarded(
        lambda r, a, s: r.publishEncryptionKey(b"\x04" * 65, sender=s), "member"
    ),
    "recordDocumentGrant": Guarded(
        lambda r, a, s: r.recordDocumentGrant(
            [keccak(b"envelope")], a["auditor"], keccak(b"grant"), sender=s
        ),
        "grantor",
        setup=_auditor_key,
    ),
}


def test_access_matrix_covers_every_state_changing_function(registry: Any) -> None:
    assert set(MATRIX) == {method.name for method in registry.contract_type.mutable_methods}


def _refusal(registry: Any, guard: str, name: str, caller: Any) -> tuple[Any, dict[str, Any]]:
    """The error (and its inputs) with which `guard` refuses caller `name`."""
    if guard == "governor":
        return registry.AccessControlUnauthorizedAccount, {
            "account": caller,
            "neededRole": registry.GOVERNOR_ROLE(),
        }
    if guard == "spender":
        return registry.AccessControlUnauthorizedAccount, {
            "account": caller,
            "neededRole": registry.BUDGET_SPENDER_ROLE(),
        }
    if guard == "pauser":
        return registry.AccessControlUnauthorizedAccount, {
            "account": caller,
            "neededRole": registry.PAUSER_ROLE(),
        }
    if guard == "treasury" and name == "suspended_member":
        return registry.RegistryOrganisationSuspended, {"orgId": SUSPENDED_ORG}
    if guard == "treasury":
        return registry.RegistryUnauthorizedAccount, {
            "account": caller,
            "neededRole": registry.TREASURY_ROLE(),
        }
    if guard == "grantor":
        return registry.RegistryNotAGrantor, {"account": caller}
    assert guard == "member"
    return registry.RegistryAccountNotMember, {"account": caller}


@access_matrix(sorted(MATRIX), CALLERS, names=("function", "caller_name"))
def test_access_matrix_only_intended_callers_succeed(
    request: pytest.FixtureRequest,
    participants: Any,
    registry: Any,
    suspended_member: Any,
    newcomer: Any,
    function: str,
    caller_name: str,
) -> None:
    """Governance by GOVERNOR (role only), budgets by an active TREASURY, spending by contracts."""
    names = [*CALLERS, "newcomer"]
    accounts = {name: request.getfixturevalue(name) for name in names}
    entry = MATRIX[function]
    if entry.setup is not None:
        entry.setup(registry, accounts)
    caller = accounts[caller_name]
    if caller_name in entry.allowed():
        assert not entry.call(registry, accounts, caller).failed
        return
    error, inputs = _refusal(registry, entry.guard, caller_name, caller)
    with reverts_with(error, **inputs):
        entry.call(registry, accounts, caller)


# ------------------------------------------------------------------------------ document grants

ENVELOPE_A = keccak(b"envelope a")
ENVELOPE_B = keccak(b"envelope b")
GRANT_FILE = keccak(b"grant file")
MAX_GRANT_ENVELOPES = 64


@pytest.fixture
def keyed_auditor(participants: Any, registry: Any, auditor: Any) -> Any:
    """The auditor with a published encryption key: a valid grantee."""
    registry.publishEncryptionKey(b"\x01" + b"\xaa" * 32, sender=auditor)
    return auditor


def test_recordDocumentGrant_emits_DocumentAccessGranted_for_each_envelope(
    registry: Any, supplier: Any, keyed_auditor: Any
) -> None:
    receipt = registry.recordDocumentGrant(
        [ENVELOPE_A, ENVELOPE_B], keyed_auditor, GRANT_FILE, sender=supplier
    )
    logs = receipt.decode_logs(registry.DocumentAccessGranted)
    assert [
        (bytes(log.envelopeHash), log.grantee, log.granter, bytes(log.grantHash)) for log in logs
    ] == [
        (ENVELOPE_A, keyed_auditor.address, supplier.address, GRANT_FILE),
        (ENVELOPE_B, keyed_auditor.address, supplier.address, GRANT_FILE),
    ]


def test_recordDocumentGrant_by_a_suspended_organisations_member_is_allowed(
    registry: Any, suspended_member: Any, keyed_auditor: Any
) -> None:
    receipt = registry.recordDocumentGrant(
        [ENVELOPE_A], keyed_auditor, GRANT_FILE, sender=suspended_member
    )
    [log] = receipt.decode_logs(registry.DocumentAccessGranted)
    assert log.granter == suspended_member.address


def test_recordDocumentGrant_of_the_most_envelopes_emits_one_event_each(
    registry: Any, agency: Any, keyed_auditor: Any
) -> None:
    hashes = [keccak(i.to_bytes(2, "big")) for i in range(MAX_GRANT_ENVELOPES)]
    receipt = registry.recordDocumentGrant(hashes, keyed_auditor, GRANT_FILE, sender=agency)
    logs = receipt.decode_logs(registry.DocumentAccessGranted)
    assert [bytes(log.envelopeHash) for log in logs] == hashes


@pytest.mark.parametrize("who", ["outsider", "governor", "removed supplier", "roleless supplier"])
def test_recordDocumentGrant_by_a_non_grantor_reverts_with_RegistryNotAGrantor(
    registry: Any,
    governor: Any,
    supplier: Any,
    outsider: Any,
    keyed_auditor: Any,
    who: str,
) -> None:
    granter = {"outsider": outsider, "governor": governor}.get(who, supplier)
    if who == "removed supplier":  # revocation: removing the account stops its future grants
        registry.removeAccount(supplier, sender=governor)
    elif who == "roleless supplier":
        registry.revokeRole(registry.SUPPLIER_ROLE(), supplier, sender=governor)
    with reverts_with(registry.RegistryNotAGrantor, account=granter):
        registry.recordDocumentGrant([ENVELOPE_A], keyed_auditor, GRANT_FILE, sender=granter)


def test_recordDocumentGrant_to_a_non_auditor_reverts_with_RegistryUnauthorizedAccount(
    registry: Any, supplier: Any, supplier2: Any, participants: Any
) -> None:
    registry.publishEncryptionKey(b"\x01" + b"\xbb" * 32, sender=supplier2)
    with reverts_with(
        registry.RegistryUnauthorizedAccount,
        account=supplier2,
        neededRole=registry.AUDITOR_ROLE(),
    ):
        registry.recordDocumentGrant([ENVELOPE_A], supplier2, GRANT_FILE, sender=supplier)


def test_recordDocumentGrant_to_an_auditor_without_a_key_reverts_with_RegistryMissingEncryptionKey(
    registry: Any, supplier: Any, auditor: Any, participants: Any
) -> None:
    with reverts_with(registry.RegistryMissingEncryptionKey, account=auditor):
        registry.recordDocumentGrant([ENVELOPE_A], auditor, GRANT_FILE, sender=supplier)


@pytest.mark.parametrize(
    ("hashes", "grant"),
    [
        ([], GRANT_FILE),
        ([ENVELOPE_A] * (MAX_GRANT_ENVELOPES + 1), GRANT_FILE),
        ([ENVELOPE_A, bytes(32)], GRANT_FILE),
        ([ENVELOPE_A], bytes(32)),
    ],
    ids=["no envelope", "65 envelopes", "zero envelope hash", "zero grant hash"],
)
def test_recordDocumentGrant_of_a_malformed_grant_reverts_with_RegistryInvalidGrant(
    registry: Any, supplier: Any, keyed_auditor: Any, hashes: list[bytes], grant: bytes
) -> None:
    with reverts_with(registry.RegistryInvalidGrant, envelopeCount=len(hashes), grantHash=grant):
        registry.recordDocumentGrant(hashes, keyed_auditor, grant, sender=supplier)


def test_recordDocumentGrant_while_paused_reverts_with_EnforcedPause(
    registry: Any, governor: Any, supplier: Any, keyed_auditor: Any
) -> None:
    registry.pause(sender=governor)
    with reverts_with(registry.EnforcedPause):
        registry.recordDocumentGrant([ENVELOPE_A], keyed_auditor, GRANT_FILE, sender=supplier)


def test_set_treasury_account_moves_forfeits_and_rejects_zero_with_RegistryInvalidPolicy(
    registry: Any, governor: Any, treasury: Any
) -> None:
    old = registry.treasuryAccount()
    receipt = registry.setTreasuryAccount(treasury, sender=governor)
    [log] = receipt.decode_logs(registry.PolicyChanged)
    assert (bytes(log.parameter), log.oldValue, log.newValue) == (
        bytes32("treasuryAccount"),
        int(old, 16),
        int(treasury.address, 16),
    )
    assert registry.treasuryAccount() == treasury.address
    zero = "0x0000000000000000000000000000000000000000"
    with reverts_with(
        registry.RegistryInvalidPolicy, parameter=bytes32("treasuryAccount"), value=0
    ):
        registry.setTreasuryAccount(zero, sender=governor)


# ------------------------------------------------ issue 13 item 7: separation of duties (kinds)


@pytest.mark.parametrize(
    ("role_name", "org_id", "kind"),
    [
        ("SUPPLIER_ROLE", CARRIER_ORG, "Carrier"),
        ("CARRIER_ROLE", SUPPLIER_ORG, "Supplier"),
        ("CARRIER_ROLE", CONTRACTOR_ORG, "Contractor"),
        ("ARBITER_ROLE", AGENCY_ORG, "Agency"),
        ("ARBITER_ROLE", SUPPLIER_ORG, "Supplier"),
        ("AGENCY_ROLE", ARBITER_ORG, "Arbiter"),
        ("AUDITOR_ROLE", AGENCY_ORG, "Agency"),
        ("TREASURY_ROLE", GOVERNANCE_ORG, "Governance"),
        ("AGENCY_ROLE", TREASURY_ORG, "Treasury"),
    ],
)
def test_grantRole_outside_the_roles_kind_reverts_with_RegistryRoleKindMismatch(
    participants: Any,
    registry: Any,
    governor: Any,
    newcomer: Any,
    role_name: str,
    org_id: int,
    kind: str,
) -> None:
    registry.addAccount(newcomer, org_id, sender=governor)
    grant_of_another_kind_reverts(registry, governor, newcomer, role_name, org_id, kind)


@pytest.mark.parametrize(
    ("member", "role_name", "org_id", "kind"),
    [
        ("supplier", "CARRIER_ROLE", SUPPLIER_ORG, "Supplier"),  # its own carrier
        ("agency", "ARBITER_ROLE", AGENCY_ORG, "Agency"),  # judge of its own orders
        ("arbiter", "SUPPLIER_ROLE", ARBITER_ORG, "Arbiter"),  # bidder and judge
    ],
)
def test_a_member_cannot_add_a_role_of_another_kind_RegistryRoleKindMismatch(
    request: pytest.FixtureRequest,
    participants: Any,
    registry: Any,
    governor: Any,
    member: str,
    role_name: str,
    org_id: int,
    kind: str,
) -> None:
    """The attacker's wish: a supplier that attests its own arrival, a party that rules."""
    account = request.getfixturevalue(member)
    grant_of_another_kind_reverts(registry, governor, account, role_name, org_id, kind)


@pytest.mark.parametrize(
    ("role_name", "org_id"),
    [
        ("SUPPLIER_ROLE", SUPPLIER_ORG),
        ("SUPPLIER_ROLE", CONTRACTOR_ORG),  # a contractor is a supplier of works
        ("CARRIER_ROLE", CARRIER_ORG),
        ("ARBITER_ROLE", ARBITER_ORG),
        ("AUDITOR_ROLE", AUDITOR_ORG),
        ("AGENCY_ROLE", AGENCY_ORG),
        ("TREASURY_ROLE", TREASURY_ORG),
    ],
)
def test_grantRole_inside_the_roles_kind_emits_RoleGranted(
    participants: Any, registry: Any, governor: Any, newcomer: Any, role_name: str, org_id: int
) -> None:
    registry.addAccount(newcomer, org_id, sender=governor)
    role_id = role(registry, role_name)
    [log] = registry.grantRole(role_id, newcomer, sender=governor).decode_logs(registry.RoleGranted)
    assert (bytes(log.role), log.account) == (bytes(role_id), newcomer.address)


def test_roles_without_a_kind_need_no_organisation(
    participants: Any, registry: Any, governor: Any, newcomer: Any
) -> None:
    """GOVERNOR, BUDGET_SPENDER, ESCROW and PAUSER belong to contracts and Safes, not to kinds."""
    for name in ("BUDGET_SPENDER_ROLE", "ESCROW_ROLE", "PAUSER_ROLE"):
        registry.grantRole(role(registry, name), newcomer, sender=governor)
        assert registry.hasRole(role(registry, name), newcomer)


# --------------------------------------------------- issue 13 item 6: payout accounts (refunds)


def test_payoutAccount_defaults_to_the_treasury_account(
    participants: Any, registry: Any, governor: Any
) -> None:
    registry.registerOrganisation(NEW_ORG, KIND["Agency"], bytes32("new"), sender=governor)
    assert registry.payoutAccount(NEW_ORG) == registry.treasuryAccount()


def test_setPayoutAccount_sets_it_and_emits_PayoutAccountSet(
    participants: Any, registry: Any, governor: Any, newcomer: Any
) -> None:
    receipt = registry.setPayoutAccount(AGENCY2_ORG, newcomer, sender=governor)
    [log] = receipt.decode_logs(registry.PayoutAccountSet)
    assert (log.orgId, log.account) == (AGENCY2_ORG, newcomer.address)
    assert registry.payoutAccount(AGENCY2_ORG) == newcomer.address


def test_setPayoutAccount_to_zero_reverts_with_RegistryInvalidPayoutAccount(
    participants: Any, registry: Any, governor: Any
) -> None:
    with reverts_with(
        registry.RegistryInvalidPayoutAccount, orgId=AGENCY_ORG, account=ZERO_ADDRESS
    ):
        registry.setPayoutAccount(AGENCY_ORG, ZERO_ADDRESS, sender=governor)


def test_removing_the_payout_account_clears_it_with_PayoutAccountSet_zero(
    participants: Any, registry: Any, governor: Any, agency: Any
) -> None:
    """Never a refund to a removed account: the organisation falls back to the treasury."""
    assert registry.payoutAccount(AGENCY_ORG) == agency.address
    receipt = registry.removeAccount(agency, sender=governor)
    [log] = receipt.decode_logs(registry.PayoutAccountSet)
    assert (log.orgId, log.account) == (AGENCY_ORG, ZERO_ADDRESS)
    assert registry.payoutAccount(AGENCY_ORG) == registry.treasuryAccount()


def test_removing_another_account_keeps_the_payout_account(
    participants: Any, registry: Any, governor: Any, agency: Any, newcomer: Any
) -> None:
    registry.addAccount(newcomer, AGENCY_ORG, sender=governor)
    receipt = registry.removeAccount(newcomer, sender=governor)
    assert not receipt.decode_logs(registry.PayoutAccountSet)
    assert registry.payoutAccount(AGENCY_ORG) == agency.address


def test_disputeResponseWindowSec_reads_the_policy_field(registry: Any, governor: Any) -> None:
    assert registry.disputeResponseWindowSec() == registry.policy().disputeResponseWindowSec
    registry.setDisputeResponseWindow(5 * DAY, sender=governor)
    assert registry.disputeResponseWindowSec() == 5 * DAY

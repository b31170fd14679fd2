"""RupiahToken: a whole-rupiah ERC-20 that only the registry's active TREASURY may mint."""

from collections.abc import Callable
from typing import Any

import pytest
from tests.support.constants import ACCESS_CALLERS, AGENCY_FUNDS_IDR, TREASURY_ORG
from tests.support.registry import (
    SUSPENDED_ORG,
    UINT256_MAX,
    ZERO_ADDRESS,
    bytes32,
)
from tests.support.reverts import reverts_with

AMOUNT_IDR = 1_500_000


# ------------------------------------------------------------------------------------ metadata


def test_token_is_rupiah_rantai_IDRR_with_zero_decimals_wired_to_the_registry(
    token: Any, registry: Any
) -> None:
    assert (token.name(), token.symbol(), token.decimals()) == ("Rupiah Rantai", "IDRR", 0)
    assert token.registry() == registry.address


def test_a_fresh_token_has_no_supply(project: Any, registry: Any, governor: Any) -> None:
    fresh = project.RupiahToken.deploy(registry, sender=governor)
    assert fresh.totalSupply() == 0
    assert fresh.registry() == registry.address


def test_participants_fixture_minted_the_agency_funds(
    participants: Any, token: Any, agency: Any, agency2: Any
) -> None:
    assert token.balanceOf(agency) == AGENCY_FUNDS_IDR
    assert token.balanceOf(agency2) == AGENCY_FUNDS_IDR
    assert token.totalSupply() == 2 * AGENCY_FUNDS_IDR


# -------------------------------------------------------------------------------------- mint


def test_mint_credits_the_recipient_and_emits_Transfer_and_RupiahMinted(
    participants: Any, token: Any, treasury: Any, supplier: Any
) -> None:
    supply = token.totalSupply()
    receipt = token.mint(supplier, AMOUNT_IDR, sender=treasury)
    [transfer] = receipt.decode_logs(token.Transfer)
    assert transfer.event_arguments == {
        "from": ZERO_ADDRESS,
        "to": supplier.address,
        "value": AMOUNT_IDR,
    }
    [minted] = receipt.decode_logs(token.RupiahMinted)
    assert (minted.to, minted.amountIdr, minted.treasury) == (
        supplier.address,
        AMOUNT_IDR,
        treasury.address,
    )
    assert token.balanceOf(supplier) == AMOUNT_IDR
    assert token.totalSupply() == supply + AMOUNT_IDR


def test_mint_of_zero_reverts_with_RupiahTokenZeroAmount(
    participants: Any, token: Any, treasury: Any, supplier: Any
) -> None:
    with reverts_with(token.RupiahTokenZeroAmount):
        token.mint(supplier, 0, sender=treasury)


def test_mint_beyond_the_allocated_budgets_reverts_with_RupiahTokenMintExceedsBudgets(
    participants: Any, token: Any, registry: Any, treasury: Any, supplier: Any
) -> None:
    available = registry.totalAllocatedIdr() - token.totalSupply()
    assert available > 0
    with reverts_with(
        token.RupiahTokenMintExceedsBudgets, amountIdr=UINT256_MAX, availableIdr=available
    ):
        token.mint(supplier, UINT256_MAX, sender=treasury)
    with reverts_with(
        token.RupiahTokenMintExceedsBudgets, amountIdr=available + 1, availableIdr=available
    ):
        token.mint(supplier, available + 1, sender=treasury)
    token.mint(supplier, available, sender=treasury)
    assert token.totalSupply() == registry.totalAllocatedIdr()
    with reverts_with(token.RupiahTokenMintExceedsBudgets, amountIdr=1, availableIdr=0):
        token.mint(supplier, 1, sender=treasury)


def test_mint_by_a_non_treasury_reverts_with_RegistryUnauthorizedAccount(
    participants: Any, token: Any, registry: Any, agency: Any
) -> None:
    with reverts_with(
        registry.RegistryUnauthorizedAccount, account=agency, neededRole=registry.TREASURY_ROLE()
    ):
        token.mint(agency, AMOUNT_IDR, sender=agency)


def test_mint_by_a_treasury_removed_from_its_org_reverts_with_RegistryUnauthorizedAccount(
    participants: Any, token: Any, registry: Any, governor: Any, treasury: Any, agency: Any
) -> None:
    registry.removeAccount(treasury, sender=governor)  # TREASURY revoked with it
    # ... and it cannot hold TREASURY again outside a Treasury organisation (issue 13 item 7).
    with reverts_with(
        registry.RegistryRoleKindMismatch,
        account=treasury,
        role=registry.TREASURY_ROLE(),
        orgId=0,
        kind=0,
    ):
        registry.grantRole(registry.TREASURY_ROLE(), treasury, sender=governor)
    with reverts_with(registry.RegistryUnauthorizedAccount, account=treasury):
        token.mint(agency, AMOUNT_IDR, sender=treasury)


def test_mint_by_a_suspended_treasury_reverts_with_RegistryOrganisationSuspended(
    participants: Any, token: Any, registry: Any, governor: Any, treasury: Any, agency: Any
) -> None:
    registry.suspendOrganisation(TREASURY_ORG, bytes32("audit"), sender=governor)
    with reverts_with(registry.RegistryOrganisationSuspended, orgId=TREASURY_ORG):
        token.mint(agency, AMOUNT_IDR, sender=treasury)
    registry.reinstateOrganisation(TREASURY_ORG, bytes32("cleared"), sender=governor)
    token.mint(agency, AMOUNT_IDR, sender=treasury)


def test_mint_while_paused_reverts_with_EnforcedPause(
    participants: Any, token: Any, registry: Any, governor: Any, treasury: Any, agency: Any
) -> None:
    registry.pause(sender=governor)
    with reverts_with(registry.EnforcedPause):
        token.mint(agency, AMOUNT_IDR, sender=treasury)


def test_a_second_treasury_account_granted_by_the_governor_may_mint(
    participants: Any, token: Any, registry: Any, governor: Any, accounts: Any, agency: Any
) -> None:
    second = accounts[15]
    registry.addAccount(second, TREASURY_ORG, sender=governor)
    registry.grantRole(registry.TREASURY_ROLE(), second, sender=governor)
    receipt = token.mint(agency, AMOUNT_IDR, sender=second)
    assert receipt.decode_logs(token.RupiahMinted)[0].treasury == second.address


# ---------------------------------------------------------------------------------- transfers


def test_transfer_moves_whole_rupiah_and_emits_Transfer(
    participants: Any, token: Any, agency: Any, supplier: Any
) -> None:
    receipt = token.transfer(supplier, 250, sender=agency)
    [log] = receipt.decode_logs(token.Transfer)
    assert log.event_arguments == {"from": agency.address, "to": supplier.address, "value": 250}
    assert token.balanceOf(agency) == AGENCY_FUNDS_IDR - 250
    assert token.balanceOf(supplier) == 250


def test_transfer_beyond_the_balance_reverts_with_ERC20InsufficientBalance(
    participants: Any, token: Any, agency: Any, supplier: Any
) -> None:
    """One rupiah more than the balance is refused; the whole balance may go."""
    balance = token.balanceOf(agency)
    with reverts_with(
        token.ERC20InsufficientBalance, sender=agency, balance=balance, needed=balance + 1
    ):
        token.transfer(supplier, balance + 1, sender=agency)
    token.transfer(supplier, balance, sender=agency)
    assert (token.balanceOf(agency), token.balanceOf(supplier)) == (0, AGENCY_FUNDS_IDR)


def test_transfers_continue_while_the_registry_is_paused(
    participants: Any, token: Any, registry: Any, governor: Any, agency: Any, supplier: Any
) -> None:
    """The pause stops minting (and every Rantai contract); the ERC-20 itself has no pause."""
    registry.pause(sender=governor)
    token.transfer(supplier, 1, sender=agency)
    assert token.balanceOf(supplier) == 1


def test_approve_sets_the_allowance_and_emits_Approval(
    participants: Any, token: Any, agency: Any, supplier: Any
) -> None:
    receipt = token.approve(supplier, 700, sender=agency)
    [log] = receipt.decode_logs(token.Approval)
    assert (log.owner, log.spender, log.value) == (agency.address, supplier.address, 700)
    assert token.allowance(agency, supplier) == 700


def test_transferFrom_spends_the_allowance(
    participants: Any, token: Any, agency: Any, supplier: Any, carrier: Any
) -> None:
    token.approve(supplier, 700, sender=agency)
    receipt = token.transferFrom(agency, carrier, 300, sender=supplier)
    [log] = receipt.decode_logs(token.Transfer)
    assert log.event_arguments == {"from": agency.address, "to": carrier.address, "value": 300}
    assert token.allowance(agency, supplier) == 400
    assert token.balanceOf(carrier) == 300


def test_transferFrom_beyond_the_allowance_reverts_with_ERC20InsufficientAllowance(
    participants: Any, token: Any, agency: Any, supplier: Any
) -> None:
    token.approve(supplier, 700, sender=agency)
    with reverts_with(
        token.ERC20InsufficientAllowance, spender=supplier, allowance=700, needed=701
    ):
        token.transferFrom(agency, supplier, 701, sender=supplier)


# Calls naming the zero address, refused by OpenZeppelin's ERC-20 with `ERC20Invalid<Input>` whose
# one input is that address: (caller, function, its arguments before `sender`, error).
ZERO_ADDRESS_CALLS = [
    ("treasury", "mint", lambda me: (ZERO_ADDRESS, AMOUNT_IDR), "ERC20InvalidReceiver"),
    ("agency", "transfer", lambda me: (ZERO_ADDRESS, 1), "ERC20InvalidReceiver"),
    ("agency", "approve", lambda me: (ZERO_ADDRESS, 1), "ERC20InvalidSpender"),
    ("supplier", "transferFrom", lambda me: (ZERO_ADDRESS, me, 0), "ERC20InvalidApprover"),
]


@pytest.mark.parametrize(
    ("caller", "function", "arguments", "error"),
    ZERO_ADDRESS_CALLS,
    ids=[
        "mint_to_the_zero_address_reverts_with_ERC20InvalidReceiver",
        "transfer_to_the_zero_address_reverts_with_ERC20InvalidReceiver",
        "approve_of_the_zero_address_reverts_with_ERC20InvalidSpender",
        "transferFrom_the_zero_address_reverts_with_ERC20InvalidApprover",
    ],
)
def test_the_zero_address_is_refused_naming_it(
    request: pytest.FixtureRequest,
    participants: Any,
    token: Any,
    caller: str,
    function: str,
    arguments: Callable[[Any], tuple[Any, ...]],
    error: str,
) -> None:
    me = request.getfixturevalue(caller)
    named = error.removeprefix("ERC20Invalid").lower()  # ERC20InvalidReceiver(address receiver)
    with reverts_with(getattr(token, error), **{named: ZERO_ADDRESS}):
        getattr(token, function)(*arguments(me), sender=me)


def test_ERC20InvalidSender_is_unreachable_as_spending_from_zero_fails_on_its_allowance(
    participants: Any, token: Any, supplier: Any
) -> None:
    """OZ raises ERC20InvalidSender only in `_transfer`/`_burn` from address zero; the token
    never burns, and `transferFrom(0, …)` first fails in `_spendAllowance`."""
    with reverts_with(token.ERC20InsufficientAllowance, spender=supplier, allowance=0, needed=1):
        token.transferFrom(ZERO_ADDRESS, supplier, 1, sender=supplier)
    with reverts_with(token.ERC20InvalidApprover, approver=ZERO_ADDRESS):
        token.transferFrom(ZERO_ADDRESS, supplier, 0, sender=supplier)


# ------------------------------------------------------------------------------- access matrix

CALLERS = [*ACCESS_CALLERS, "suspended_member"]


def test_access_matrix_covers_every_state_changing_function(token: Any) -> None:
    assert {method.name for method in token.contract_type.mutable_methods} == {
        "mint",
        "transfer",
        "approve",
        "transferFrom",
    }


@pytest.mark.parametrize("caller_name", CALLERS)
def test_access_matrix_only_the_active_treasury_mints(
    request: pytest.FixtureRequest,
    participants: Any,
    token: Any,
    registry: Any,
    suspended_member: Any,
    agency: Any,
    caller_name: str,
) -> None:
    caller = request.getfixturevalue(caller_name)
    if caller_name == "treasury":
        token.mint(agency, AMOUNT_IDR, sender=caller)
        return
    if caller_name == "suspended_member":
        with reverts_with(registry.RegistryOrganisationSuspended, orgId=SUSPENDED_ORG):
            token.mint(agency, AMOUNT_IDR, sender=caller)
        return
    with reverts_with(
        registry.RegistryUnauthorizedAccount, account=caller, neededRole=registry.TREASURY_ROLE()
    ):
        token.mint(agency, AMOUNT_IDR, sender=caller)


@pytest.mark.parametrize("caller_name", CALLERS)
def test_access_matrix_anyone_may_transfer_approve_and_transferFrom_their_own_funds(
    request: pytest.FixtureRequest,
    participants: Any,
    token: Any,
    treasury: Any,
    suspended_member: Any,
    carrier: Any,
    caller_name: str,
) -> None:
    """The token is a plain ERC-20: holders move their own rupiah whatever their role."""
    caller = request.getfixturevalue(caller_name)
    token.mint(caller, 10, sender=treasury)
    token.transfer(carrier, 1, sender=caller)
    token.approve(carrier, 5, sender=caller)
    token.approve(caller, 5, sender=carrier)
    token.transferFrom(carrier, caller, 1, sender=caller)
    assert token.allowance(carrier, caller) == 4


def test_lowering_ceilings_below_the_supply_leaves_nothing_to_mint(
    participants: Any, token: Any, registry: Any, treasury: Any, supplier: Any
) -> None:
    from tests.support.constants import AGENCY2_ORG, AGENCY_ORG, FISCAL_YEAR

    before = registry.totalAllocatedIdr()
    receipt = registry.allocateBudget(AGENCY_ORG, FISCAL_YEAR, 1, sender=treasury)
    old = before - registry.totalAllocatedIdr() + 1
    assert receipt.events.filter(registry.BudgetAllocated)[0].ceilingIdr == 1
    registry.allocateBudget(AGENCY2_ORG, FISCAL_YEAR, 1, sender=treasury)
    assert registry.totalAllocatedIdr() == before - 2 * old + 2
    assert registry.totalAllocatedIdr() < token.totalSupply()
    with reverts_with(token.RupiahTokenMintExceedsBudgets, amountIdr=1, availableIdr=0):
        token.mint(supplier, 1, sender=treasury)

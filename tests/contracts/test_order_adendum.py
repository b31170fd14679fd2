"""The on-chain adendum of an order (issue 13 item 4, second half; Perpres 16/2018 adendum kontrak).

A change of an active order (quantities at the contracted unit prices and/or the delivery
deadline) is signed by both parties with a reason hash: the first signature proposes, the other
party's identical signature applies it. The value difference moves into escrow from the signing
agency account (budget committed) or back to the agency organisation's payout account (budget
released). The cap (`adendumCapBps`, default +10 %) is on the cumulative change over the
original total. OrderEscrow serves `signAdendum` from its `OrderAdendum` extension by
delegatecall, so these tests also pin the shared storage layout.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import ape
import pytest
import rlp
from tests.support.constants import AGENCY2_ORG, AGENCY_ORG, FISCAL_YEAR, SUPPLIER_ORG
from tests.support.escrow import (
    DAY,
    EscrowDriver,
    OrderState,
    b32,
    goods_line,
    milestone_line,
)
from eth_utils import keccak, to_checksum_address
from tests.support.reverts import assert_call_reverts, reverts_with
from web3.exceptions import ContractLogicError

REASON = b32("BA negosiasi: tambah 2 unit")
CAP_BPS = 1_000  # the Registry's default adendumCapBps
ADENDUMS_SLOT = 9  # OrderEscrowStorage: the slot of `_adendums`, after the nine older variables


@pytest.fixture(scope="module")
def adendum(project: Any, escrow: Any) -> Any:
    """OrderEscrow's address seen with the adendum extension's ABI."""
    return project.OrderAdendum.at(escrow.address)


def extension_address(escrow: Any) -> str:
    """The extension OrderEscrow's constructor created (CREATE from the escrow, nonce 1)."""
    raw = keccak(rlp.encode([bytes.fromhex(str(escrow.address)[2:]), 1]))[12:]
    return to_checksum_address(raw)


def quantities_of(d: EscrowDriver, order_id: int) -> list[int]:
    return [int(d.escrow.line(order_id, i)[0].quantity) for i in range(2)]


def sign_both(
    adendum: Any,
    order_id: int,
    quantities: list[int],
    deadline_at: int,
    first: Any,
    second: Any,
    reason: bytes = REASON,
) -> Any:
    """`first` proposes, `second` signs the same terms; returns the second receipt."""
    adendum.signAdendum(order_id, reason, quantities, deadline_at, sender=first)
    return adendum.signAdendum(order_id, reason, quantities, deadline_at, sender=second)


def deadline_of(d: EscrowDriver, order_id: int) -> int:
    return int(d.escrow.order(order_id).deliveryDeadlineAt)


def active_order(d: EscrowDriver) -> tuple[int, int]:
    """A new active direct order (10 x 1,000,000 + 5 x 2,000,000 = 20,000,000) and its deadline."""
    order_id = d.active_direct()
    return order_id, deadline_of(d, order_id)


# ------------------------------------------------------------------------ proposal and signature


def test_first_signature_proposes_with_AdendumProposed_and_changes_nothing(
    driver: EscrowDriver, adendum: Any
) -> None:
    d = driver
    order_id = d.active_direct()  # 10 x 1,000,000 + 5 x 2,000,000 = 20,000,000
    deadline = deadline_of(d, order_id)
    receipt = adendum.signAdendum(order_id, REASON, [11, 5], deadline, sender=d.agency)
    [log] = receipt.decode_logs(adendum.AdendumProposed)
    assert (log.orderId, log.number, log.proposedBy) == (order_id, 1, d.agency.address)
    assert (bytes(log.reasonHash), list(log.quantities)) == (REASON, [11, 5])
    assert (log.deliveryDeadlineAt, log.newTotalIdr) == (deadline, 21_000_000)
    pending, proposer, original, count = adendum.adendumState(order_id)
    assert bytes(pending) == keccak(bytes(receipt.transaction.data))
    assert (proposer, original, count) == (d.agency.address, 0, 0)
    assert quantities_of(d, order_id) == [10, 5]
    assert d.escrow.order(order_id).totalIdr == 20_000_000


def test_supplier_signing_the_agency_proposal_applies_it_with_AdendumSigned_and_escrows_more(
    driver: EscrowDriver, adendum: Any
) -> None:
    d = driver
    order_id = d.active_direct()
    later = deadline_of(d, order_id) + 10 * DAY
    d.token.approve(d.escrow, 1_000_000, sender=d.agency)
    agency_before, escrow_before = d.token.balanceOf(d.agency), d.token.balanceOf(d.escrow)
    committed_before = d.registry.budget(AGENCY_ORG, FISCAL_YEAR).committedIdr
    receipt = sign_both(adendum, order_id, [11, 5], later, d.agency, d.supplier)
    [log] = receipt.decode_logs(adendum.AdendumSigned)
    assert (log.orderId, log.number, log.signedBy, log.proposedBy) == (
        order_id,
        1,
        d.supplier.address,
        d.agency.address,
    )
    assert (bytes(log.reasonHash), list(log.quantities), log.deliveryDeadlineAt) == (
        REASON,
        [11, 5],
        later,
    )
    assert (log.originalTotalIdr, log.oldTotalIdr, log.newTotalIdr) == (
        20_000_000,
        20_000_000,
        21_000_000,
    )
    order = d.escrow.order(order_id)
    assert (order.totalIdr, order.unpaidIdr, order.deliveryDeadlineAt) == (
        21_000_000,
        21_000_000,
        later,
    )
    assert quantities_of(d, order_id) == [11, 5]
    assert d.token.balanceOf(d.agency) == agency_before - 1_000_000
    assert d.token.balanceOf(d.escrow) == escrow_before + 1_000_000
    assert d.registry.budget(AGENCY_ORG, FISCAL_YEAR).committedIdr == committed_before + 1_000_000
    pending, proposer, original, count = adendum.adendumState(order_id)
    assert (bytes(pending), int(proposer, 16), original, count) == (bytes(32), 0, 20_000_000, 1)


def test_agency_signing_the_supplier_proposal_pays_the_increase_from_the_signing_agency_account(
    driver: EscrowDriver, adendum: Any, registry: Any, governor: Any, outsider: Any, token: Any
) -> None:
    d = driver
    order_id = d.active_direct()
    # a second AGENCY account of the same organisation signs and pays
    registry.addAccount(outsider, AGENCY_ORG, sender=governor)
    registry.grantRole(registry.AGENCY_ROLE(), outsider, sender=governor)
    token.mint(outsider, 2_000_000, sender=d.treasury)
    token.approve(d.escrow, 2_000_000, sender=outsider)
    creator_before = token.balanceOf(d.agency)
    receipt = sign_both(adendum, order_id, [10, 6], deadline_of(d, order_id), d.supplier, outsider)
    [log] = receipt.decode_logs(adendum.AdendumSigned)
    assert (log.signedBy, log.proposedBy, log.newTotalIdr) == (
        outsider.address,
        d.supplier.address,
        22_000_000,
    )
    assert token.balanceOf(outsider) == 0
    assert token.balanceOf(d.agency) == creator_before  # the creator's wallet is not touched


def test_a_decrease_refunds_the_payout_account_frees_budget_and_may_complete_the_order(
    driver: EscrowDriver, adendum: Any, registry: Any, governor: Any, outsider: Any
) -> None:
    d = driver
    registry.setPayoutAccount(AGENCY_ORG, outsider, sender=governor)
    order_id = d.active_direct()
    d.confirm(d.shipped_and_arrived(order_id, [10, 3]), [10, 3])  # 16,000,000 delivered
    committed_before = d.registry.budget(AGENCY_ORG, FISCAL_YEAR).committedIdr
    receipt = sign_both(adendum, order_id, [10, 3], deadline_of(d, order_id), d.supplier, d.agency)
    [signed] = receipt.decode_logs(adendum.AdendumSigned)
    assert (signed.oldTotalIdr, signed.newTotalIdr) == (20_000_000, 16_000_000)
    [delivered] = receipt.decode_logs(d.escrow.OrderDelivered)
    assert delivered.orderId == order_id
    assert d.token.balanceOf(outsider) == 4_000_000
    assert d.registry.budget(AGENCY_ORG, FISCAL_YEAR).committedIdr == committed_before - 4_000_000
    order = d.escrow.order(order_id)
    assert (order.state, order.totalIdr, order.unpaidIdr) == (OrderState.DELIVERED, 16_000_000, 0)


def test_a_new_deadline_alone_is_an_adendum_and_moves_termination(
    driver: EscrowDriver, adendum: Any
) -> None:
    d = driver
    order_id = d.active_direct()
    terminable = int(d.escrow.terminableAt(order_id))
    later = deadline_of(d, order_id) + 30 * DAY
    receipt = sign_both(adendum, order_id, [10, 5], later, d.agency, d.supplier)
    [log] = receipt.decode_logs(adendum.AdendumSigned)
    assert (log.oldTotalIdr, log.newTotalIdr) == (20_000_000, 20_000_000)
    assert deadline_of(d, order_id) == later
    assert int(d.escrow.terminableAt(order_id)) == terminable + 30 * DAY


def test_the_escrow_stays_equal_to_the_held_value_through_adendums(
    driver: EscrowDriver, adendum: Any
) -> None:
    d = driver
    held_before = d.token.balanceOf(d.escrow)
    first, second = d.active_direct(), d.active_direct()
    d.token.approve(d.escrow, 10_000_000, sender=d.agency)
    sign_both(adendum, first, [12, 5], deadline_of(d, first), d.agency, d.supplier)
    sign_both(adendum, second, [4, 5], deadline_of(d, second), d.supplier, d.agency)
    d.confirm(d.shipped_and_arrived(second, [4, 0]), [4, 0])
    held = sum(int(d.escrow.heldIdr(i)) for i in (first, second))
    assert d.token.balanceOf(d.escrow) - held_before == held


# ------------------------------------------------------------------------ the cap


def test_the_cap_is_cumulative_over_the_original_total(driver: EscrowDriver, adendum: Any) -> None:
    d = driver
    order_id, deadline = active_order(d)
    d.token.approve(d.escrow, 3_000_000, sender=d.agency)
    sign_both(adendum, order_id, [11, 5], deadline, d.agency, d.supplier)  # +5 %
    sign_both(adendum, order_id, [12, 5], deadline, d.agency, d.supplier)  # +10 % in all
    # a decrease and a new increase do not reset the base
    sign_both(adendum, order_id, [10, 5], deadline, d.supplier, d.agency)
    with reverts_with(
        adendum.OrderAdendumCapExceeded,
        orderId=order_id,
        newTotalIdr=23_000_000,
        capIdr=22_000_000,
    ):
        adendum.signAdendum(order_id, REASON, [13, 5], deadline, sender=d.agency)
    assert tuple(adendum.adendumState(order_id))[2:] == (20_000_000, 3)


def test_the_cap_is_a_policy_set_by_the_governor_with_PolicyChanged(
    driver: EscrowDriver, adendum: Any, registry: Any, governor: Any
) -> None:
    d = driver
    assert registry.adendumCapBps() == CAP_BPS == registry.policy().adendumCapBps
    receipt = registry.setAdendumCapBps(0, sender=governor)
    [log] = receipt.decode_logs(registry.PolicyChanged)
    assert (log.oldValue, log.newValue) == (CAP_BPS, 0)
    assert bytes(log.parameter).rstrip(b"\0") == b"adendumCapBps"
    order_id, deadline = active_order(d)
    with reverts_with(adendum.OrderAdendumCapExceeded, newTotalIdr=21_000_000, capIdr=20_000_000):
        adendum.signAdendum(order_id, REASON, [11, 5], deadline, sender=d.agency)
    # with a zero cap, decreases and new deadlines remain possible
    sign_both(adendum, order_id, [9, 5], deadline + DAY, d.agency, d.supplier)
    assert d.escrow.order(order_id).totalIdr == 19_000_000


def test_setAdendumCapBps_above_half_reverts_with_RegistryInvalidPolicy(
    registry: Any, governor: Any
) -> None:
    with reverts_with(registry.RegistryInvalidPolicy, value=5_001):
        registry.setAdendumCapBps(5_001, sender=governor)


def test_setAdendumCapBps_by_a_non_governor_reverts_with_AccessControlUnauthorizedAccount(
    registry: Any, agency: Any
) -> None:
    with reverts_with(registry.AccessControlUnauthorizedAccount, account=agency):
        registry.setAdendumCapBps(2_000, sender=agency)


# ------------------------------------------------------------------------ both parties, exactly


def test_the_same_side_signing_again_only_re_proposes(
    driver: EscrowDriver, adendum: Any, registry: Any, governor: Any, outsider: Any
) -> None:
    d = driver
    registry.addAccount(outsider, AGENCY_ORG, sender=governor)
    registry.grantRole(registry.AGENCY_ROLE(), outsider, sender=governor)
    order_id, deadline = active_order(d)
    receipts = [
        adendum.signAdendum(order_id, REASON, [9, 5], deadline, sender=signer)
        for signer in (d.agency, outsider, d.agency)
    ]
    for receipt in receipts:
        assert receipt.decode_logs(adendum.AdendumProposed)
        assert not receipt.decode_logs(adendum.AdendumSigned)
    assert quantities_of(d, order_id) == [10, 5]


def test_other_terms_replace_the_proposal_and_an_old_proposal_cannot_be_applied(
    driver: EscrowDriver, adendum: Any
) -> None:
    d = driver
    order_id, deadline = active_order(d)
    adendum.signAdendum(order_id, REASON, [9, 5], deadline, sender=d.agency)  # old proposal
    adendum.signAdendum(order_id, REASON, [8, 5], deadline, sender=d.supplier)  # replaces it
    # the agency signs its old terms again: that is a new proposal, not the supplier's
    receipt = adendum.signAdendum(order_id, REASON, [9, 5], deadline, sender=d.agency)
    assert receipt.decode_logs(adendum.AdendumProposed)
    assert quantities_of(d, order_id) == [10, 5]
    # the supplier signs the agency's replaced terms: only now do both sides agree
    receipt = adendum.signAdendum(order_id, REASON, [9, 5], deadline, sender=d.supplier)
    assert receipt.decode_logs(adendum.AdendumSigned)
    assert quantities_of(d, order_id) == [9, 5]


def test_another_reason_is_other_terms(driver: EscrowDriver, adendum: Any) -> None:
    d = driver
    order_id, deadline = active_order(d)
    adendum.signAdendum(order_id, REASON, [9, 5], deadline, sender=d.agency)
    receipt = adendum.signAdendum(order_id, b32("other"), [9, 5], deadline, sender=d.supplier)
    assert receipt.decode_logs(adendum.AdendumProposed)
    assert quantities_of(d, order_id) == [10, 5]


def test_an_applied_adendum_cannot_be_replayed(driver: EscrowDriver, adendum: Any) -> None:
    d = driver
    order_id, deadline = active_order(d)
    sign_both(adendum, order_id, [9, 5], deadline, d.agency, d.supplier)
    with reverts_with(adendum.OrderAdendumNoChange, orderId=order_id):
        adendum.signAdendum(order_id, REASON, [9, 5], deadline, sender=d.supplier)
    # the same change again from other quantities is a fresh proposal numbered 2
    sign_both(adendum, order_id, [8, 5], deadline, d.agency, d.supplier)
    receipt = adendum.signAdendum(order_id, REASON, [9, 5], deadline, sender=d.supplier)
    [log] = receipt.decode_logs(adendum.AdendumProposed)
    assert log.number == 3
    assert quantities_of(d, order_id) == [8, 5]


# ------------------------------------------------------------------------ states and terms


def test_an_unknown_order_reverts_with_OrderEscrowUnknownOrder(
    driver: EscrowDriver, adendum: Any
) -> None:
    d = driver
    with reverts_with(adendum.OrderEscrowUnknownOrder, orderId=999):
        adendum.signAdendum(999, REASON, [1], d.now() + DAY, sender=d.agency)
    assert_call_reverts(adendum, "adendumState", [999], adendum.OrderEscrowUnknownOrder)


def test_milestone_lines_stay_one_and_due_by_the_new_deadline(
    driver: EscrowDriver, adendum: Any, contractor: Any
) -> None:
    d = driver
    due = d.now() + 20 * DAY
    lines = [goods_line(2, 1_000_000), milestone_line(5_000_000, due)]
    order_id = d.create_direct(lines, supplier=contractor)
    d.accept(order_id)
    deadline = deadline_of(d, order_id)
    with reverts_with(adendum.OrderEscrowInvalidLine, lineIndex=1):
        adendum.signAdendum(order_id, REASON, [2, 2], deadline, sender=d.agency)
    with reverts_with(adendum.OrderEscrowInvalidLine, lineIndex=1):
        adendum.signAdendum(order_id, REASON, [2, 1], due - DAY, sender=d.agency)
    sign_both(adendum, order_id, [1, 1], due, d.agency, contractor)
    assert d.escrow.order(order_id).totalIdr == 6_000_000


# ------------------------------------------------------------------------ signatures that revert


@dataclass
class Attempt:
    """One signature expected to revert; a scenario may change the order, terms or signer."""

    d: EscrowDriver
    adendum: Any
    registry: Any
    governor: Any
    request: pytest.FixtureRequest
    order_id: int
    deadline: int
    quantities: list[int] = field(default_factory=lambda: [9, 5])
    sender: Any = None

    def propose(self, by: Any) -> None:
        """`by` signs the attempt's terms first, so that the attempt is the applying signature."""
        self.adendum.signAdendum(self.order_id, REASON, self.quantities, self.deadline, sender=by)

    def join_agency(self, account: Any, org_id: int) -> None:
        self.registry.addAccount(account, org_id, sender=self.governor)
        self.registry.grantRole(self.registry.AGENCY_ROLE(), account, sender=self.governor)


# a scenario prepares the attempt and returns the custom error and its arguments
Expected = tuple[Any, dict[str, Any]]


def a_stranger(who: str) -> Any:
    def scenario(a: Attempt) -> Expected:
        a.sender = a.request.getfixturevalue(who)
        return a.adendum.OrderEscrowNotOrderParty, {"orderId": a.order_id, "account": a.sender}

    return pytest.param(scenario, id=f"a_stranger_{who}")


def an_increase_above_the_cap(a: Attempt) -> Expected:
    a.quantities = [13, 5]  # 23,000,000 over a cap of 22,000,000
    expected = {"orderId": a.order_id, "newTotalIdr": 23_000_000, "capIdr": 22_000_000}
    return a.adendum.OrderAdendumCapExceeded, expected


def a_proposer_who_left_the_agency(a: Attempt) -> Expected:
    outsider = a.request.getfixturevalue("outsider")
    a.join_agency(outsider, AGENCY_ORG)
    a.propose(outsider)
    a.registry.removeAccount(outsider, sender=a.governor)
    a.join_agency(outsider, AGENCY2_ORG)
    a.sender = a.d.supplier
    return a.adendum.OrderEscrowNotOrderParty, {"orderId": a.order_id, "account": outsider}


def a_proposal_of_a_since_suspended_supplier(a: Attempt) -> Expected:
    a.propose(a.d.supplier)
    a.registry.suspendOrganisation(SUPPLIER_ORG, b32("daftar hitam"), sender=a.governor)
    return a.registry.RegistryOrganisationSuspended, {"orgId": SUPPLIER_ORG}


def a_created_order(a: Attempt) -> Expected:
    a.order_id = a.d.create_direct()
    a.deadline = deadline_of(a.d, a.order_id)
    return a.adendum.OrderEscrowInvalidState, {"orderId": a.order_id, "state": OrderState.CREATED}


def a_terminated_order(a: Attempt) -> Expected:
    a.d.at(int(a.d.escrow.terminableAt(a.order_id)) + 1)
    a.d.escrow.terminateOrder(a.order_id, b32("late"), sender=a.d.agency)
    a.deadline = a.d.now() + DAY
    state = OrderState.TERMINATED
    return a.adendum.OrderEscrowInvalidState, {"orderId": a.order_id, "state": state}


def a_delivered_order(a: Attempt) -> Expected:
    a.d.deliver_all(a.order_id)
    a.quantities = [11, 5]
    state = OrderState.DELIVERED
    return a.adendum.OrderEscrowInvalidState, {"orderId": a.order_id, "state": state}


def a_disputed_order(a: Attempt) -> Expected:
    a.propose(a.d.agency)
    a.d.escrow.openDispute(a.order_id, b32("dispute"), sender=a.d.supplier)
    a.sender = a.d.supplier
    return a.adendum.OrderEscrowDisputeOpen, {"orderId": a.order_id}


def a_line_below_what_was_delivered(a: Attempt) -> Expected:
    a.d.confirm(a.d.shipped_and_arrived(a.order_id, [6, 0]), [6, 0])
    a.quantities = [5, 5]
    return a.adendum.OrderEscrowInvalidLine, {"lineIndex": 0}


def an_arrived_unconfirmed_shipment(a: Attempt) -> Expected:
    shipment_id = a.d.shipped_and_arrived(a.order_id, [10, 0])
    a.quantities = [4, 5]
    expected = {"orderId": a.order_id, "shipmentId": shipment_id}
    return a.adendum.OrderEscrowArrivalUnconfirmed, expected


def a_wrong_quantity_count(a: Attempt) -> Expected:
    a.quantities = [9, 5, 1]
    return a.adendum.OrderEscrowInvalidLineCount, {"lineCount": 3}


def a_past_deadline(a: Attempt) -> Expected:
    a.deadline = a.d.now() - 1
    return a.adendum.OrderEscrowInvalidDeadline, {"deliveryDeadlineAt": a.deadline}


def terms_without_a_change(a: Attempt) -> Expected:
    a.quantities = [10, 5]
    return a.adendum.OrderAdendumNoChange, {"orderId": a.order_id}


def a_paused_system(a: Attempt) -> Expected:
    a.propose(a.d.agency)
    a.registry.pause(sender=a.governor)
    a.sender = a.d.supplier
    return a.registry.EnforcedPause, {}


def an_increase_without_allowance(a: Attempt) -> Expected:
    a.d.token.approve(a.d.escrow, 0, sender=a.d.agency)
    a.quantities = [11, 5]
    a.propose(a.d.supplier)
    expected = {"agency": a.d.agency, "neededIdr": 1_000_000}
    return a.adendum.OrderEscrowInsufficientAllowance, expected


def an_increase_without_funds(a: Attempt) -> Expected:
    token, agency = a.d.token, a.d.agency
    token.approve(a.d.escrow, 10**12, sender=agency)
    token.transfer(a.request.getfixturevalue("outsider"), token.balanceOf(agency), sender=agency)
    a.quantities = [11, 5]
    a.propose(a.d.supplier)
    return a.adendum.OrderEscrowInsufficientBalance, {"agency": agency, "balanceIdr": 0}


def an_increase_beyond_the_budget(a: Attempt) -> Expected:
    # the treasury lowers the ceiling to leave Rp 500,000 of room
    committed = a.registry.budget(AGENCY_ORG, FISCAL_YEAR).committedIdr
    a.registry.allocateBudget(AGENCY_ORG, FISCAL_YEAR, committed + 500_000, sender=a.d.treasury)
    a.d.token.approve(a.d.escrow, 1_000_000, sender=a.d.agency)
    a.quantities = [11, 5]
    a.propose(a.d.supplier)
    return a.registry.RegistryBudgetExceeded, {"requestedIdr": 1_000_000, "availableIdr": 500_000}


SCENARIOS = [
    an_increase_above_the_cap,
    *(a_stranger(who) for who in ("outsider", "agency2", "supplier2")),
    a_proposer_who_left_the_agency,
    a_proposal_of_a_since_suspended_supplier,
    a_created_order,
    a_terminated_order,
    a_delivered_order,
    a_disputed_order,
    a_line_below_what_was_delivered,
    an_arrived_unconfirmed_shipment,
    a_wrong_quantity_count,
    a_past_deadline,
    terms_without_a_change,
    a_paused_system,
    an_increase_without_allowance,
    an_increase_without_funds,
    an_increase_beyond_the_budget,
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.__name__)
def test_a_signature_reverts_with_its_custom_error_and_arguments(
    driver: EscrowDriver,
    adendum: Any,
    registry: Any,
    governor: Any,
    request: pytest.FixtureRequest,
    scenario: Callable[[Attempt], Expected],
) -> None:
    """By default the agency signs new quantities [9, 5] of an active order at its deadline."""
    d = driver
    order_id, deadline = active_order(d)
    a = Attempt(d, adendum, registry, governor, request, order_id, deadline, sender=d.agency)
    error, arguments = scenario(a)
    with reverts_with(error, **arguments):
        adendum.signAdendum(a.order_id, REASON, a.quantities, a.deadline, sender=a.sender)


# ------------------------------------------------------------------------ the extension


def test_calling_the_extension_directly_reverts_with_OrderAdendumOnlyThroughEscrow(
    driver: EscrowDriver, project: Any, escrow: Any
) -> None:
    d = driver
    extension = project.OrderAdendum.at(extension_address(escrow))
    assert len(ape.chain.provider.get_code(extension.address)) > 0
    with reverts_with(extension.OrderAdendumOnlyThroughEscrow):
        extension.signAdendum(1, REASON, [9, 5], d.now() + DAY, sender=d.agency)


def test_an_unknown_selector_still_reverts_without_data(driver: EscrowDriver, escrow: Any) -> None:
    web3 = ape.chain.provider.web3
    call = {"from": driver.agency.address, "to": escrow.address, "data": "0xdeadbeef"}
    with pytest.raises(ContractLogicError) as raised:
        web3.eth.call(call)  # type: ignore[arg-type]
    assert raised.value.data in (None, "0x", "")


def test_the_extension_writes_the_escrow_storage_layout(
    driver: EscrowDriver, adendum: Any, escrow: Any
) -> None:
    """`_adendums` is slot 9 of OrderEscrow's layout: the older slots keep their meaning."""
    d = driver
    order_id, deadline = active_order(d)
    sign_both(adendum, order_id, [9, 5], deadline, d.agency, d.supplier)
    receipt = adendum.signAdendum(order_id, REASON, [8, 5], deadline, sender=d.supplier)
    provider = ape.chain.provider
    assert int.from_bytes(provider.get_storage(escrow.address, 1), "big") == escrow.orderCount()
    base = int.from_bytes(keccak(order_id.to_bytes(32, "big") + ADENDUMS_SLOT.to_bytes(32, "big")))
    pending = bytes(provider.get_storage(escrow.address, base))
    assert pending == keccak(bytes(receipt.transaction.data))
    packed = int.from_bytes(provider.get_storage(escrow.address, base + 1), "big")
    assert to_checksum_address((packed & (2**160 - 1)).to_bytes(20, "big")) == d.supplier.address
    assert (packed >> 160) & (2**64 - 1) == 20_000_000  # originalTotalIdr
    assert packed >> 224 == 1  # count
    # and every older read still answers as before
    order = escrow.order(order_id)
    assert (order.agencyOrgId, order.totalIdr, order.unpaidIdr) == (
        AGENCY_ORG,
        19_000_000,
        19_000_000,
    )
    assert escrow.shipmentTracking() != "0x" + "0" * 40


def test_the_extension_functions_never_shadow_an_escrow_function(project: Any) -> None:
    """The fallback only sees selectors OrderEscrow does not answer: none may collide."""

    def selectors(container: Any) -> set[bytes]:
        return {keccak(text=f.selector)[:4] for f in container.contract_type.methods}

    extension = selectors(project.OrderAdendum)
    assert len(extension) == 2  # signAdendum, adendumState
    assert not extension & selectors(project.OrderEscrow)

"""Organisations act, not accounts; a dispute gives the other party its say (issue 13, items 6, 7).

Item 6: tender and order powers follow the account's CURRENT organisation; an account moved to
another organisation loses them; refunds go to the agency organisation's payout account, never
to the account that created the order. Item 7: the party that did not open a dispute has the
policy's response window (paused time extends it) before an arbiter may rule; its response
ends the wait early.
"""

from typing import Any

import ape
import pytest
from tests.support.constants import AGENCY2_ORG, AGENCY_ORG, FISCAL_YEAR
from tests.support.escrow import DAY, EscrowDriver, OrderState, b32, goods_line
from tests.support.reverts import reverts_with

WINDOW = 3 * DAY  # the Registry's default disputeResponseWindowSec


def move(
    registry: Any, governor: Any, account: Any, org_id: int, role: str = "AGENCY_ROLE"
) -> None:
    """The governor moves `account` to `org_id` (removeAccount + addAccount + grant)."""
    registry.removeAccount(account, sender=governor)
    registry.addAccount(account, org_id, sender=governor)
    registry.grantRole(getattr(registry, role)(), account, sender=governor)


def admitted_colleague(d: EscrowDriver, account: Any) -> Any:
    """``account`` admitted to the agency's organisation with AGENCY (a colleague)."""
    d.registry.addAccount(account, AGENCY_ORG, sender=d.governor)
    d.registry.grantRole(d.registry.AGENCY_ROLE(), account, sender=d.governor)
    return account


def revealed_tender(d: EscrowDriver, bids: list[tuple[Any, int]]) -> int:
    """A tender of the agency with `bids` committed and revealed, not yet finalised."""
    start, bond_idr, hps_idr = d.now(), 1_000_000, 30_000_000
    bid_deadline = start + 3 * DAY + 60
    params = (
        b32("spec"),
        "store://spec",
        [(b32("goods"), 10, b"pcs".ljust(16, b"\0"))],
        hps_idr,
        bid_deadline,
        bid_deadline + 2 * 3600,
        bond_idr,
        FISCAL_YEAR,
        bid_deadline + 2 * 3600,  # delivery period: from the reveal deadline, for a year
        bid_deadline + 2 * 3600 + 365 * DAY,
    )
    d.tendering.openTender(params, sender=d.agency)
    tender_id = int(d.tendering.tenderCount())
    for bidder, price in bids:
        d.token.mint(bidder, bond_idr, sender=d.treasury)
        d.token.approve(d.tendering, bond_idr, sender=bidder)
        commitment = d.tendering.commitmentOf(tender_id, bidder, price, b32("salt"))
        d.tendering.commitBid(tender_id, commitment, sender=bidder)
    d.at(bid_deadline)
    for bidder, price in bids:
        d.tendering.revealBid(tender_id, price, b32("salt"), sender=bidder)
    return tender_id


# ------------------------------------------------------------------ item 6: tender powers


def test_an_agency_account_moved_away_cannot_disqualify_in_its_old_tender(
    driver: EscrowDriver, tendering: Any, agency: Any, supplier: Any, supplier2: Any
) -> None:
    """Reproduced on the old code: the tender's opener kept its power after the move."""
    tender_id = revealed_tender(driver, [(supplier, 20_000_000), (supplier2, 25_000_000)])
    move(driver.registry, driver.governor, agency, AGENCY2_ORG)
    with reverts_with(tendering.TenderingNotTenderAgency, tenderId=tender_id, account=agency):
        tendering.disqualifyBid(tender_id, supplier, b32("rigged"), sender=agency)
    with reverts_with(tendering.TenderingNotTenderAgency, tenderId=tender_id, account=agency):
        tendering.cancelTender(tender_id, b32("rigged"), sender=agency)


def test_another_account_of_the_tenders_organisation_keeps_the_tender_powers(
    driver: EscrowDriver, tendering: Any, supplier: Any, supplier2: Any, accounts: Any
) -> None:
    tender_id = revealed_tender(driver, [(supplier, 20_000_000), (supplier2, 25_000_000)])
    colleague = admitted_colleague(driver, accounts[14])
    driver.registry.removeAccount(driver.agency, sender=driver.governor)
    receipt = tendering.disqualifyBid(tender_id, supplier, b32("late permit"), sender=colleague)
    [log] = receipt.decode_logs(tendering.BidDisqualified)
    assert (log.tenderId, log.bidder) == (tender_id, supplier.address)


# ------------------------------------------------------------------- item 6: order powers


def test_an_agency_account_moved_away_cannot_act_on_its_old_order(
    driver: EscrowDriver,
    escrow: Any,
    registry: Any,
    governor: Any,
    agency: Any,
) -> None:
    order_id = driver.create_direct()
    move(registry, governor, agency, AGENCY2_ORG)
    with reverts_with(escrow.OrderEscrowNotOrderAgency, orderId=order_id, account=agency):
        escrow.cancelOrder(order_id, b32("mine"), sender=agency)


def test_a_refund_goes_to_the_payout_account_not_to_the_moved_creator(
    driver: EscrowDriver, escrow: Any, token: Any, agency: Any, accounts: Any
) -> None:
    """The order's creator leaves for another agency; the termination refund stays with the
    organisation (its payout account), the colleague who terminates gets nothing personally."""
    registry, governor = driver.registry, driver.governor
    order_id = driver.active_direct(deadline_in_sec=10 * DAY)
    kas = accounts[15]
    registry.setPayoutAccount(AGENCY_ORG, kas, sender=governor)
    colleague = admitted_colleague(driver, accounts[14])
    move(registry, governor, agency, AGENCY2_ORG)
    creator_before, kas_before = token.balanceOf(agency), token.balanceOf(kas)
    driver.at(int(escrow.terminableAt(order_id)) + 1)
    receipt = escrow.terminateOrder(order_id, b32("supplier absent"), sender=colleague)
    [terminated] = receipt.decode_logs(escrow.OrderTerminated)
    assert terminated.refundedIdr > 0
    assert token.balanceOf(kas) == kas_before + terminated.refundedIdr
    assert token.balanceOf(agency) == creator_before
    assert token.balanceOf(colleague) == 0


def test_without_a_payout_account_a_refund_goes_to_the_treasury_account(
    driver: EscrowDriver,
    escrow: Any,
    token: Any,
    registry: Any,
    governor: Any,
    agency: Any,
    supplier: Any,
    arbiter: Any,
) -> None:
    """The payout account was the agency account; removing it clears it: never a refund to a
    removed account. The state treasury (Kas Negara) receives the ruling's agency share."""
    order_id = driver.active_direct()
    escrow.openDispute(order_id, b32("quality"), sender=agency)
    escrow.respondToDispute(order_id, b32("response"), sender=supplier)
    registry.removeAccount(agency, sender=governor)
    treasury = registry.treasuryAccount()
    assert registry.payoutAccount(AGENCY_ORG) == treasury
    treasury_before, agency_before = token.balanceOf(treasury), token.balanceOf(agency)
    held = int(escrow.heldIdr(order_id))
    receipt = escrow.resolveDispute(order_id, 0, held, b32("ruling"), sender=arbiter)
    assert receipt.decode_logs(escrow.DisputeResolved)[0].toAgencyIdr == held
    assert token.balanceOf(treasury) == treasury_before + held
    assert token.balanceOf(agency) == agency_before


# --------------------------------------------------------- item 7: the dispute response window


def test_ruling_before_the_response_window_ends_reverts_with_OrderEscrowResponseWindowOpen(
    driver: EscrowDriver, escrow: Any, agency: Any, arbiter: Any
) -> None:
    """The attacker: an agency and a friendly arbiter rule before the supplier can answer."""
    order_id = driver.active_direct()
    opened_at = escrow.openDispute(order_id, b32("quality"), sender=agency).timestamp
    with reverts_with(
        escrow.OrderEscrowResponseWindowOpen, orderId=order_id, respondByAt=opened_at + WINDOW
    ):
        escrow.resolveDispute(order_id, 0, int(escrow.heldIdr(order_id)), b32("r"), sender=arbiter)
    dispute = escrow.dispute(order_id)
    assert (dispute.openedAt, dispute.respondByAt) == (opened_at, opened_at + WINDOW)
    assert (dispute.openedBySupplier, dispute.responded) == (False, False)


def test_after_the_response_window_the_arbiter_may_rule_without_a_response(
    driver: EscrowDriver, escrow: Any, agency: Any, arbiter: Any
) -> None:
    order_id = driver.active_direct()
    opened_at = escrow.openDispute(order_id, b32("quality"), sender=agency).timestamp
    driver.at(opened_at + WINDOW)
    held = int(escrow.heldIdr(order_id))
    receipt = escrow.resolveDispute(order_id, 0, held, b32("ruling"), sender=arbiter)
    assert receipt.decode_logs(escrow.DisputeResolved)[0].orderId == order_id
    assert OrderState(escrow.order(order_id).state) is OrderState.CLOSED


def test_a_pause_extends_the_response_window(
    driver: EscrowDriver, escrow: Any, registry: Any, governor: Any, agency: Any, arbiter: Any
) -> None:
    order_id = driver.active_direct()
    opened_at = escrow.openDispute(order_id, b32("quality"), sender=agency).timestamp
    driver.at(opened_at + DAY)
    registry.pause(sender=governor)
    driver.at(opened_at + 3 * DAY)
    registry.unpause(sender=governor)  # 2 days paused: the window ends 2 days later
    respond_by = opened_at + WINDOW + 2 * DAY
    assert escrow.dispute(order_id).respondByAt == respond_by
    driver.at(respond_by - 1)
    with reverts_with(
        escrow.OrderEscrowResponseWindowOpen, orderId=order_id, respondByAt=respond_by
    ):
        escrow.resolveDispute(order_id, 0, int(escrow.heldIdr(order_id)), b32("r"), sender=arbiter)
    driver.at(respond_by)
    escrow.resolveDispute(order_id, 0, int(escrow.heldIdr(order_id)), b32("r"), sender=arbiter)


@pytest.mark.parametrize("opener", ["agency", "supplier"])
def test_the_other_party_responds_with_DisputeResponded_and_the_arbiter_may_rule_at_once(
    request: pytest.FixtureRequest,
    driver: EscrowDriver,
    escrow: Any,
    agency: Any,
    supplier: Any,
    arbiter: Any,
    opener: str,
) -> None:
    order_id = driver.active_direct()
    opened_by, responder = (agency, supplier) if opener == "agency" else (supplier, agency)
    escrow.openDispute(order_id, b32("quality"), sender=opened_by)
    receipt = escrow.respondToDispute(order_id, b32("our side"), sender=responder)
    [log] = receipt.decode_logs(escrow.DisputeResponded)
    assert (log.orderId, log.respondedBy, log.responseHash) == (
        order_id,
        responder.address,
        b32("our side"),
    )
    dispute = escrow.dispute(order_id)
    assert (dispute.openedBySupplier, dispute.responded) == (opener == "supplier", True)
    held = int(escrow.heldIdr(order_id))
    escrow.resolveDispute(order_id, held, 0, b32("ruling"), sender=arbiter)


@pytest.mark.parametrize("opener", ["agency", "supplier"])
def test_the_opener_responding_reverts_with_OrderEscrowNotDisputeRespondent(
    driver: EscrowDriver, escrow: Any, agency: Any, supplier: Any, opener: str
) -> None:
    """The opener cannot answer itself to cut the other party's window short."""
    order_id = driver.active_direct()
    opened_by = agency if opener == "agency" else supplier
    escrow.openDispute(order_id, b32("quality"), sender=opened_by)
    with reverts_with(escrow.OrderEscrowNotDisputeRespondent, orderId=order_id, account=opened_by):
        escrow.respondToDispute(order_id, b32("me again"), sender=opened_by)


@pytest.mark.parametrize(
    ("opener", "outsider"),
    [("supplier", "agency2"), ("agency", "supplier2")],
    ids=["an_agency_of_another_organisation", "another_supplier"],
)
def test_a_non_party_responding_reverts_with_OrderEscrowNotOrderParty(
    driver: EscrowDriver, escrow: Any, request: pytest.FixtureRequest, opener: str, outsider: str
) -> None:
    order_id = driver.active_direct()
    escrow.openDispute(order_id, b32("quality"), sender=request.getfixturevalue(opener))
    account = request.getfixturevalue(outsider)
    with reverts_with(escrow.OrderEscrowNotOrderParty, orderId=order_id, account=account):
        escrow.respondToDispute(order_id, b32("not mine"), sender=account)


def test_responding_twice_reverts_with_OrderEscrowDisputeAlreadyResponded(
    driver: EscrowDriver, escrow: Any, agency: Any, supplier: Any
) -> None:
    order_id = driver.active_direct()
    escrow.openDispute(order_id, b32("quality"), sender=agency)
    escrow.respondToDispute(order_id, b32("first"), sender=supplier)
    with reverts_with(escrow.OrderEscrowDisputeAlreadyResponded, orderId=order_id):
        escrow.respondToDispute(order_id, b32("second"), sender=supplier)


def test_responding_without_a_dispute_reverts_with_OrderEscrowNoOpenDispute(
    driver: EscrowDriver, escrow: Any, supplier: Any
) -> None:
    order_id = driver.active_direct()
    with ape.reverts(escrow.OrderEscrowNoOpenDispute, orderId=order_id):
        escrow.respondToDispute(order_id, b32("what dispute"), sender=supplier)
    assert escrow.dispute(order_id).openedAt == 0


def test_a_rejected_milestone_is_a_dispute_opened_by_the_agency(
    driver: EscrowDriver, escrow: Any, agency: Any, contractor: Any
) -> None:
    from tests.support.escrow import milestone_line

    due = driver.now() + 5 * DAY
    lines = [milestone_line(10_000_000, due), goods_line(1, 1_000)]
    order_id = driver.active_direct(lines, deadline_in_sec=20 * DAY, supplier=contractor)
    escrow.submitMilestone(order_id, 0, b32("done"), sender=contractor)
    escrow.rejectMilestone(order_id, 0, b32("cracks"), sender=agency)
    assert escrow.dispute(order_id).openedBySupplier is False
    receipt = escrow.respondToDispute(order_id, b32("cosmetic"), sender=contractor)
    assert receipt.decode_logs(escrow.DisputeResponded)[0].respondedBy == contractor.address

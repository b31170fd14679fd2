"""Acceptance cannot be withheld to take money (issue 13, item 1).

Termination never refunds what arrived or what was submitted as finished; an agency that stays
silent through the confirmation window is deemed to accept (shipments and milestones); a milestone
is submitted by the supplier on chain, lateness counting to the submission, and the agency accepts
it or rejects it (which opens a dispute) inside its review window.
"""

from collections.abc import Callable
from typing import Any

import pytest

from tests.support.escrow import (
    DAY,
    EscrowDriver,
    OrderState,
    Terms,
    b32,
    goods_line,
    milestone_line,
    payment_split,
)
from tests.support.reverts import reverts_with

HOUR = 3_600
WINDOW = Terms().confirmation_window_sec


def works_order(driver: EscrowDriver, contractor: Any, due_in_sec: int = 5 * DAY) -> int:
    """An active order of one Rp 10 juta milestone due in `due_in_sec` and one goods line."""
    due = driver.now() + due_in_sec
    lines = [milestone_line(10_000_000, due), goods_line(1, 1_000)]
    return driver.active_direct(lines, deadline_in_sec=20 * DAY, supplier=contractor)


# ------------------------------------------------------------------------ termination


def test_terminate_over_an_arrived_unconfirmed_shipment_reverts_with_OrderEscrowArrivalUnconfirmed(
    driver: EscrowDriver, escrow: Any, token: Any, agency: Any
) -> None:
    order_id = driver.active_direct(deadline_in_sec=10 * DAY)
    threshold = int(escrow.terminableAt(order_id))
    shipment_id = driver.shipped_and_arrived(order_id, [10, 0], at=threshold - 2 * DAY)
    driver.at(threshold)
    with reverts_with(
        escrow.OrderEscrowArrivalUnconfirmed, orderId=order_id, shipmentId=shipment_id
    ):
        escrow.terminateOrder(order_id, b32("supplier absent"), sender=agency)

    driver.confirm(shipment_id, [10, 0])
    receipt = escrow.terminateOrder(order_id, b32("supplier absent"), sender=agency)
    [terminated] = receipt.decode_logs(escrow.OrderTerminated)
    assert terminated.refundedIdr == 10_000_000  # only the 5 x 2,000,000 never delivered


def test_a_shipment_still_in_transit_does_not_block_termination(
    driver: EscrowDriver, escrow: Any, agency: Any
) -> None:
    order_id = driver.active_direct(deadline_in_sec=10 * DAY)
    driver.ship(order_id, [10, 0])
    driver.at(int(escrow.terminableAt(order_id)))
    receipt = escrow.terminateOrder(order_id, b32("supplier absent"), sender=agency)
    assert receipt.decode_logs(escrow.OrderTerminated)[0].refundedIdr == 20_000_000


def test_terminate_over_a_submitted_milestone_reverts_with_OrderEscrowMilestonesAwaitingAcceptance(
    driver: EscrowDriver, escrow: Any, agency: Any, contractor: Any
) -> None:
    order_id = works_order(driver, contractor)
    escrow.submitMilestone(order_id, 0, b32("report"), sender=contractor)
    driver.at(int(escrow.terminableAt(order_id)))
    with reverts_with(escrow.OrderEscrowMilestonesAwaitingAcceptance, orderId=order_id, count=1):
        escrow.terminateOrder(order_id, b32("late"), sender=agency)
    escrow.confirmMilestone(order_id, 0, b32("bast"), sender=agency)
    escrow.terminateOrder(order_id, b32("late"), sender=agency)
    assert OrderState(escrow.order(order_id).state) is OrderState.TERMINATED


# ------------------------------------------------------------------------ deemed delivery


def test_claimDeemedDelivery_pays_what_arrived_once_the_window_passes_in_silence(
    driver: EscrowDriver, escrow: Any, token: Any, supplier: Any
) -> None:
    order_id = driver.active_direct(deadline_in_sec=10 * DAY)
    deadline = int(escrow.order(order_id).deliveryDeadlineAt)
    shipment_id = driver.ship(order_id, [10, 5])
    arrived_at = driver.arrive(shipment_id, at=deadline + 2 * DAY + HOUR)  # 3 days late
    with reverts_with(
        escrow.OrderEscrowConfirmationWindowOpen,
        shipmentId=shipment_id,
        escalableAt=arrived_at + WINDOW,
    ):
        escrow.claimDeemedDelivery(shipment_id, sender=supplier)

    driver.at(arrived_at + WINDOW + 30 * DAY)  # lateness stops at the arrival, not the claim
    before = token.balanceOf(supplier)
    receipt = escrow.claimDeemedDelivery(shipment_id, sender=supplier)
    [deemed] = receipt.decode_logs(escrow.DeliveryDeemedAccepted)
    assert (deemed.orderId, deemed.shipmentId) == (order_id, shipment_id)
    assert list(deemed.receivedQuantities) == [10, 5]
    assert (deemed.valueIdr, deemed.daysLate) == (20_000_000, 3)
    split = payment_split(20_000_000, 3, Terms())
    [paid] = receipt.decode_logs(escrow.PaymentReleased)
    assert (paid.paidIdr, paid.penaltyIdr, paid.retentionIdr) == (
        split.paid_idr,
        split.penalty_idr,
        split.retention_idr,
    )
    assert len(receipt.decode_logs(escrow.OrderDelivered)) == 1
    assert token.balanceOf(supplier) == before + split.paid_idr
    assert escrow.isShipmentConfirmed(shipment_id)
    with reverts_with(escrow.OrderEscrowShipmentAlreadyConfirmed, shipmentId=shipment_id):
        escrow.claimDeemedDelivery(shipment_id, sender=supplier)


def test_claimDeemedDelivery_takes_no_more_than_is_still_owed(
    driver: EscrowDriver, escrow: Any, supplier: Any
) -> None:
    order_id, first = driver.arrived_order([6, 5])
    second = driver.shipped_and_arrived(order_id, [6, 0])
    driver.confirm(first, [6, 5])
    driver.at(driver.now() + WINDOW + HOUR)
    receipt = escrow.claimDeemedDelivery(second, sender=supplier)
    [deemed] = receipt.decode_logs(escrow.DeliveryDeemedAccepted)
    assert list(deemed.receivedQuantities) == [4, 0]
    assert deemed.valueIdr == 4_000_000
    assert OrderState(escrow.order(order_id).state) is OrderState.DELIVERED


def test_claimDeemedDelivery_by_the_agency_reverts_with_RegistryUnauthorizedAccount(
    driver: EscrowDriver, escrow: Any, registry: Any, agency: Any
) -> None:
    order_id, shipment_id = driver.arrived_order([10, 5])
    driver.at(driver.now() + WINDOW + HOUR)
    with reverts_with(registry.RegistryUnauthorizedAccount, account=agency.address):
        escrow.claimDeemedDelivery(shipment_id, sender=agency)


def test_claimDeemedDelivery_while_disputed_reverts_with_OrderEscrowDisputeOpen(
    driver: EscrowDriver, escrow: Any, agency: Any, supplier: Any
) -> None:
    order_id, shipment_id = driver.arrived_order([10, 5])
    escrow.openDispute(order_id, b32("broken"), sender=agency)
    driver.at(driver.now() + WINDOW + HOUR)
    with reverts_with(escrow.OrderEscrowDisputeOpen, orderId=order_id):
        escrow.claimDeemedDelivery(shipment_id, sender=supplier)


# ------------------------------------------------------------------------ milestones


def test_submitMilestone_stops_the_lateness_clock_and_emits_MilestoneSubmitted(
    driver: EscrowDriver, escrow: Any, agency: Any, contractor: Any
) -> None:
    order_id = works_order(driver, contractor)
    due = int(escrow.line(order_id, 0)[0].dueAt)
    driver.at(due - HOUR)
    receipt = escrow.submitMilestone(order_id, 0, b32("report"), sender=contractor)
    [submitted] = receipt.decode_logs(escrow.MilestoneSubmitted)
    assert (submitted.orderId, submitted.lineIndex) == (order_id, 0)
    assert submitted.evidenceHash == b32("report")
    assert submitted.reviewEndsAt == receipt.timestamp + WINDOW

    driver.at(due + 5 * DAY)  # the agency takes its time: no penalty for the supplier
    receipt = escrow.confirmMilestone(order_id, 0, b32("bast"), sender=agency)
    [confirmed] = receipt.decode_logs(escrow.MilestoneConfirmed)
    assert (confirmed.valueIdr, confirmed.daysLate) == (10_000_000, 0)
    assert receipt.decode_logs(escrow.PaymentReleased)[0].penaltyIdr == 0


def test_submitMilestone_twice_reverts_with_OrderEscrowMilestoneAlreadySubmitted(
    driver: EscrowDriver, escrow: Any, contractor: Any
) -> None:
    order_id = works_order(driver, contractor)
    escrow.submitMilestone(order_id, 0, b32("report"), sender=contractor)
    with reverts_with(escrow.OrderEscrowMilestoneAlreadySubmitted, orderId=order_id, lineIndex=0):
        escrow.submitMilestone(order_id, 0, b32("report"), sender=contractor)


def test_rejectMilestone_inside_the_window_opens_a_dispute(
    driver: EscrowDriver, escrow: Any, agency: Any, contractor: Any
) -> None:
    order_id = works_order(driver, contractor)
    escrow.submitMilestone(order_id, 0, b32("report"), sender=contractor)
    receipt = escrow.rejectMilestone(order_id, 0, b32("cracked slab"), sender=agency)
    [rejected] = receipt.decode_logs(escrow.MilestoneRejected)
    assert (rejected.orderId, rejected.lineIndex, rejected.reasonHash) == (
        order_id,
        0,
        b32("cracked slab"),
    )
    [opened] = receipt.decode_logs(escrow.DisputeOpened)
    assert (opened.orderId, opened.openedBy) == (order_id, agency.address)
    assert escrow.order(order_id).disputed


def test_rejectMilestone_after_the_window_reverts_with_OrderEscrowReviewWindowClosed(
    driver: EscrowDriver, escrow: Any, agency: Any, contractor: Any
) -> None:
    order_id = works_order(driver, contractor)
    submitted_at = escrow.submitMilestone(order_id, 0, b32("r"), sender=contractor).timestamp
    driver.at(submitted_at + WINDOW)
    with reverts_with(
        escrow.OrderEscrowReviewWindowClosed,
        orderId=order_id,
        lineIndex=0,
        reviewEndsAt=submitted_at + WINDOW,
    ):
        escrow.rejectMilestone(order_id, 0, b32("too late"), sender=agency)


# Milestone steps a fresh works order refuses: (who takes the step, the step, the custom error,
# its inputs besides the order id).
REFUSED_STEPS = {
    "submitMilestone_of_a_goods_line_reverts_with_OrderEscrowNotMilestoneLine": (
        "contractor",
        lambda escrow, order, me: escrow.submitMilestone(order, 1, b32("report"), sender=me),
        lambda escrow: escrow.OrderEscrowNotMilestoneLine,
        {"lineIndex": 1},
    ),
    # `supplier` is a supplier, but not this order's (the contractor's)
    "submitMilestone_by_another_supplier_reverts_with_OrderEscrowNotOrderSupplier": (
        "supplier",
        lambda escrow, order, me: escrow.submitMilestone(order, 0, b32("report"), sender=me),
        lambda escrow: escrow.OrderEscrowNotOrderSupplier,
        {},
    ),
    "rejectMilestone_without_a_submission_reverts_with_OrderEscrowMilestoneNotSubmitted": (
        "agency",
        lambda escrow, order, me: escrow.rejectMilestone(order, 0, b32("no"), sender=me),
        lambda escrow: escrow.OrderEscrowMilestoneNotSubmitted,
        {"lineIndex": 0},
    ),
}


@pytest.mark.parametrize(
    ("role", "step", "error", "inputs"), REFUSED_STEPS.values(), ids=REFUSED_STEPS.keys()
)
def test_a_milestone_step_out_of_turn_is_refused(
    request: pytest.FixtureRequest,
    driver: EscrowDriver,
    escrow: Any,
    contractor: Any,
    role: str,
    step: Callable[[Any, int, Any], Any],
    error: Callable[[Any], Any],
    inputs: dict[str, int],
) -> None:
    order_id = works_order(driver, contractor)
    with reverts_with(error(escrow), orderId=order_id, **inputs):
        step(escrow, order_id, request.getfixturevalue(role))


def test_claimDeemedMilestone_pays_after_a_silent_window_with_lateness_to_the_submission(
    driver: EscrowDriver, escrow: Any, token: Any, contractor: Any
) -> None:
    order_id = works_order(driver, contractor)
    due = int(escrow.line(order_id, 0)[0].dueAt)
    driver.at(due + DAY + HOUR)  # two days late
    submitted_at = escrow.submitMilestone(order_id, 0, b32("r"), sender=contractor).timestamp
    with reverts_with(
        escrow.OrderEscrowReviewWindowOpen,
        orderId=order_id,
        lineIndex=0,
        reviewEndsAt=submitted_at + WINDOW,
    ):
        escrow.claimDeemedMilestone(order_id, 0, sender=contractor)
    driver.at(submitted_at + WINDOW + 10 * DAY)
    before = token.balanceOf(contractor)
    receipt = escrow.claimDeemedMilestone(order_id, 0, sender=contractor)
    [deemed] = receipt.decode_logs(escrow.MilestoneDeemedAccepted)
    assert (deemed.orderId, deemed.lineIndex, deemed.valueIdr, deemed.daysLate) == (
        order_id,
        0,
        10_000_000,
        2,
    )
    split = payment_split(10_000_000, 2, Terms())
    assert token.balanceOf(contractor) == before + split.paid_idr
    with reverts_with(escrow.OrderEscrowMilestoneAlreadyConfirmed, orderId=order_id, lineIndex=0):
        escrow.claimDeemedMilestone(order_id, 0, sender=contractor)


def test_claimDeemedMilestone_without_a_submission_reverts_with_OrderEscrowMilestoneNotSubmitted(
    driver: EscrowDriver, escrow: Any, contractor: Any
) -> None:
    order_id = works_order(driver, contractor)
    driver.at(driver.now() + 30 * DAY)
    with reverts_with(escrow.OrderEscrowMilestoneNotSubmitted, orderId=order_id, lineIndex=0):
        escrow.claimDeemedMilestone(order_id, 0, sender=contractor)


def test_a_pause_extends_the_milestone_review_window(
    driver: EscrowDriver, escrow: Any, registry: Any, governor: Any, contractor: Any
) -> None:
    order_id = works_order(driver, contractor)
    submitted_at = escrow.submitMilestone(order_id, 0, b32("r"), sender=contractor).timestamp
    driver.at(submitted_at + DAY)
    registry.pause(sender=governor)
    driver.at(submitted_at + 3 * DAY)
    registry.unpause(sender=governor)
    driver.at(submitted_at + WINDOW + HOUR)
    with reverts_with(
        escrow.OrderEscrowReviewWindowOpen,
        orderId=order_id,
        lineIndex=0,
        reviewEndsAt=submitted_at + WINDOW + 2 * DAY,
    ):
        escrow.claimDeemedMilestone(order_id, 0, sender=contractor)

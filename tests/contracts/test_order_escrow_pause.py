"""A pause stops the clock (issue 13, item 5): time the system spends paused, when nobody can act,
extends every running deadline of an order and a shipment (delivery deadline and late penalty,
confirmation window, termination threshold, retention release), by the registry's cumulative
pause clock `pausedSeconds`.
"""

from typing import Any

import ape
from tests.support.escrow import DAY, EscrowDriver, OrderState, Terms, b32, terminable_at

HOUR = 3_600


def pause_between(driver: EscrowDriver, start: int, end: int) -> None:
    """The governor pauses at `start` and unpauses at `end` (both mined exactly then)."""
    driver.at(start)
    driver.registry.pause(sender=driver.governor)
    driver.at(end)
    driver.registry.unpause(sender=driver.governor)


def test_a_pause_across_the_delivery_deadline_charges_no_late_penalty_for_the_paused_days(
    driver: EscrowDriver, escrow: Any
) -> None:
    order_id = driver.active_direct(deadline_in_sec=10 * DAY)
    deadline = int(escrow.order(order_id).deliveryDeadlineAt)
    pause_between(driver, deadline - DAY, deadline + 4 * DAY)  # 5 days paused
    assert escrow.order(order_id).deliveryDeadlineAt == deadline + 5 * DAY

    shipment_id = driver.shipped_and_arrived(order_id, [10, 5], at=deadline + 5 * DAY)
    receipt = driver.confirm(shipment_id, [10, 5])

    [confirmed] = receipt.decode_logs(escrow.DeliveryConfirmed)
    [payment] = receipt.decode_logs(escrow.PaymentReleased)
    assert confirmed.daysLate == 0
    assert payment.penaltyIdr == 0


def test_lateness_after_a_pause_counts_from_the_extended_deadline(
    driver: EscrowDriver, escrow: Any
) -> None:
    order_id = driver.active_direct(deadline_in_sec=10 * DAY)
    deadline = int(escrow.order(order_id).deliveryDeadlineAt)
    pause_between(driver, deadline - 3 * DAY, deadline - DAY)  # 2 days paused
    shipment_id = driver.shipped_and_arrived(order_id, [10, 5], at=deadline + 2 * DAY + HOUR)
    receipt = driver.confirm(shipment_id, [10, 5])

    [confirmed] = receipt.decode_logs(escrow.DeliveryConfirmed)
    [payment] = receipt.decode_logs(escrow.PaymentReleased)
    assert confirmed.daysLate == 1  # one hour late, rounded up to a day; not three days
    assert payment.penaltyIdr == 20_000_000 * 1 // 1_000


def test_a_pause_after_arrival_does_not_excuse_lateness_already_incurred(
    driver: EscrowDriver, escrow: Any
) -> None:
    order_id = driver.active_direct(deadline_in_sec=10 * DAY)
    deadline = int(escrow.order(order_id).deliveryDeadlineAt)
    shipment_id = driver.shipped_and_arrived(order_id, [10, 5], at=deadline + 2 * DAY)
    pause_between(driver, deadline + 3 * DAY, deadline + 6 * DAY)
    [confirmed] = driver.confirm(shipment_id, [10, 5]).decode_logs(escrow.DeliveryConfirmed)
    assert confirmed.daysLate == 2


def test_arrival_records_the_pause_clock(
    driver: EscrowDriver, escrow: Any, tracking: Any, registry: Any
) -> None:
    order_id = driver.active_direct()
    pause_between(driver, driver.now() + HOUR, driver.now() + 2 * HOUR)
    clock = int(registry.pausedSeconds())
    assert clock >= HOUR
    shipment_id = driver.shipped_and_arrived(order_id, [1, 0])
    *_, paused_at_arrival = tracking.arrival(shipment_id)
    assert paused_at_arrival == clock


def test_a_pause_inside_the_confirmation_window_extends_it(
    driver: EscrowDriver, escrow: Any, supplier: Any
) -> None:
    order_id = driver.active_direct()
    shipment_id = driver.ship(order_id, [10, 5])
    arrived_at = driver.arrive(shipment_id)
    window = Terms().confirmation_window_sec
    pause_between(driver, arrived_at + 6 * DAY, arrived_at + 9 * DAY)  # 3 days paused
    extended = arrived_at + window + 3 * DAY

    driver.at(arrived_at + 9 * DAY + HOUR)  # the old window has ended, the extended one has not
    with ape.reverts(
        escrow.OrderEscrowConfirmationWindowOpen, shipmentId=shipment_id, escalableAt=extended
    ):
        escrow.escalateUnconfirmed(shipment_id, b32("no BAST"), sender=supplier)
    driver.at(extended)
    receipt = escrow.escalateUnconfirmed(shipment_id, b32("no BAST"), sender=supplier)
    [opened] = receipt.decode_logs(escrow.DisputeOpened)
    assert (opened.orderId, opened.shipmentId) == (order_id, shipment_id)


def test_a_pause_moves_the_termination_threshold(
    driver: EscrowDriver, escrow: Any, agency: Any
) -> None:
    order_id = driver.active_direct(deadline_in_sec=10 * DAY)
    deadline = int(escrow.order(order_id).deliveryDeadlineAt)
    threshold = terminable_at(deadline, Terms())
    pause_between(driver, deadline + DAY, deadline + 5 * DAY)  # 4 days paused
    assert escrow.terminableAt(order_id) == threshold + 4 * DAY

    driver.at(threshold + DAY)
    with ape.reverts(
        escrow.OrderEscrowTerminationTooEarly, orderId=order_id, terminableAt=threshold + 4 * DAY
    ):
        escrow.terminateOrder(order_id, b32("supplier absent"), sender=agency)
    driver.at(threshold + 4 * DAY)
    receipt = escrow.terminateOrder(order_id, b32("supplier absent"), sender=agency)
    [terminated] = receipt.decode_logs(escrow.OrderTerminated)
    assert terminated.orderId == order_id
    assert OrderState(escrow.order(order_id).state) is OrderState.TERMINATED


def test_a_pause_during_maintenance_delays_the_retention_release_but_an_earlier_one_does_not(
    driver: EscrowDriver, escrow: Any, outsider: Any
) -> None:
    order_id = driver.active_direct(maintenance_sec=30 * DAY)
    # A pause before delivery must not lengthen the maintenance period that starts later.
    pause_between(driver, driver.now() + HOUR, driver.now() + DAY)
    receipt = driver.deliver_all(order_id)
    [delivered] = receipt.decode_logs(escrow.OrderDelivered)
    assert delivered.retentionReleaseAt == receipt.timestamp + 30 * DAY
    assert escrow.order(order_id).retentionReleaseAt == delivered.retentionReleaseAt

    release_at = int(delivered.retentionReleaseAt)
    pause_between(driver, release_at - 2 * DAY, release_at + DAY)  # 3 days paused
    assert escrow.order(order_id).retentionReleaseAt == release_at + 3 * DAY
    driver.at(release_at + 2 * DAY)
    with ape.reverts(
        escrow.OrderEscrowMaintenancePeriodRunning,
        orderId=order_id,
        retentionReleaseAt=release_at + 3 * DAY,
    ):
        escrow.releaseRetention(order_id, sender=outsider)
    driver.at(release_at + 3 * DAY)
    receipt = escrow.releaseRetention(order_id, sender=outsider)
    [released] = receipt.decode_logs(escrow.RetentionReleased)
    assert released.orderId == order_id

"""A timeline that cannot be backdated or stranded (issue 13, item 10).

The first checkpoint of a shipment may be dated at most the policy's
`checkpointBackdateToleranceSec` (default 1 day) before the shipment's registration, and never in
the future; the order's supplier reassigns custody when the custodian is stranded (organisation
suspended, account removed).
"""

from typing import Any

import ape
import pytest
from tests.support.constants import CARRIER_ORG
from tests.support.escrow import DAY, EscrowDriver, b32
from tests.support.tracking import new_ref

from py_client.models import CheckpointKind

PICKED_UP = int(CheckpointKind.PICKED_UP)


def checkpoint(occurred_at: int, kind: int = PICKED_UP) -> tuple[Any, ...]:
    return (kind, b32("IDTPP"), 0, 0, occurred_at, b32("waybill"))


def test_the_default_tolerance_is_one_day(registry: Any) -> None:
    assert registry.policy().checkpointBackdateToleranceSec == DAY


def test_a_first_checkpoint_within_the_tolerance_is_recorded(
    driver: EscrowDriver, shipment_id: int, tracking: Any, carrier: Any
) -> None:
    registered_at = int(driver.chain.blocks.head.timestamp)
    driver.at(registered_at + 60)
    receipt = tracking.recordCheckpoint(
        shipment_id, checkpoint(registered_at - DAY), new_ref(), sender=carrier
    )
    [recorded] = receipt.decode_logs(tracking.CheckpointRecorded)
    assert recorded.occurredAt == registered_at - DAY
    assert tuple(tracking.checkpointHead(shipment_id))[1:] == (1, registered_at - DAY)


def test_a_first_checkpoint_before_the_tolerance_reverts_with_CheckpointBeforeRegistration(
    driver: EscrowDriver, shipment_id: int, tracking: Any, carrier: Any
) -> None:
    registered_at = int(driver.chain.blocks.head.timestamp)
    assert tuple(tracking.checkpointHead(shipment_id))[1:] == (0, 0)
    with ape.reverts(
        tracking.ShipmentTrackingCheckpointBeforeRegistration,
        shipmentId=shipment_id,
        occurredAt=registered_at - DAY - 1,
        earliestAt=registered_at - DAY,
    ):
        tracking.recordCheckpoint(
            shipment_id, checkpoint(registered_at - DAY - 1), new_ref(), sender=carrier
        )


def test_the_tolerance_is_a_policy_parameter(
    driver: EscrowDriver, registry: Any, tracking: Any, governor: Any, carrier: Any
) -> None:
    changed = registry.setCheckpointBackdateTolerance(0, sender=governor)
    [event] = changed.decode_logs(registry.PolicyChanged)
    assert (event.oldValue, event.newValue) == (DAY, 0)
    shipment_id = driver.ship(driver.active_direct(), [10, 5])
    registered_at = int(driver.chain.blocks.head.timestamp)
    with ape.reverts(
        tracking.ShipmentTrackingCheckpointBeforeRegistration, earliestAt=registered_at
    ):
        tracking.recordCheckpoint(
            shipment_id, checkpoint(registered_at - 1), new_ref(), sender=carrier
        )
    with ape.reverts(registry.RegistryInvalidPolicy, value=7 * DAY + 1):
        registry.setCheckpointBackdateTolerance(7 * DAY + 1, sender=governor)


@pytest.fixture
def shipment_id(driver: EscrowDriver) -> int:
    """A shipment of an active order (10 + 5 units) in the carrier's custody."""
    return driver.ship(driver.active_direct(), [10, 5])


def blacklist_carrier(driver: EscrowDriver) -> None:
    """The governor suspends the carrier's organisation."""
    driver.registry.suspendOrganisation(CARRIER_ORG, b32("blacklist"), sender=driver.governor)


def test_reassignCustody_from_a_suspended_carrier_moves_the_shipment_on(
    driver: EscrowDriver, shipment_id: int, tracking: Any, carrier: Any, carrier2: Any
) -> None:
    blacklist_carrier(driver)
    supplier = driver.supplier
    receipt = tracking.reassignCustody(
        shipment_id, carrier2, b32("carrier blacklisted"), sender=supplier
    )
    [reassigned] = receipt.decode_logs(tracking.CustodyReassigned)
    assert (reassigned.shipmentId, reassigned.supplier) == (shipment_id, supplier.address)
    assert reassigned.reasonHash == b32("carrier blacklisted")
    [moved] = receipt.decode_logs(tracking.CustodyTransferred)
    assert (moved.previousCustodian, moved.newCustodian) == (carrier.address, carrier2.address)
    assert tracking.shipment(shipment_id).custodian == carrier2.address
    now = int(driver.chain.pending_timestamp)
    tracking.recordCheckpoint(shipment_id, checkpoint(now), new_ref(), sender=carrier2)


def test_reassignCustody_from_a_removed_carrier_account_succeeds(
    driver: EscrowDriver, shipment_id: int, tracking: Any, carrier: Any, carrier2: Any
) -> None:
    driver.registry.removeAccount(carrier, sender=driver.governor)
    tracking.reassignCustody(shipment_id, carrier2, b32("left"), sender=driver.supplier)
    assert tracking.shipment(shipment_id).custodian == carrier2.address


def test_reassignCustody_from_an_active_carrier_reverts_with_ShipmentTrackingCustodianActive(
    shipment_id: int, tracking: Any, supplier: Any, carrier: Any, carrier2: Any
) -> None:
    with ape.reverts(
        tracking.ShipmentTrackingCustodianActive, shipmentId=shipment_id, custodian=carrier.address
    ):
        tracking.reassignCustody(shipment_id, carrier2, b32("x"), sender=supplier)


def test_reassignCustody_by_another_supplier_reverts_with_ShipmentTrackingNotOrderSupplier(
    driver: EscrowDriver, shipment_id: int, tracking: Any, supplier2: Any, carrier2: Any
) -> None:
    blacklist_carrier(driver)
    with ape.reverts(tracking.ShipmentTrackingNotOrderSupplier, caller=supplier2.address):
        tracking.reassignCustody(shipment_id, carrier2, b32("x"), sender=supplier2)


def test_reassignCustody_after_arrival_reverts_with_ShipmentTrackingAlreadyArrived(
    driver: EscrowDriver, tracking: Any, supplier: Any, carrier2: Any
) -> None:
    shipment_id = driver.shipped_and_arrived(driver.active_direct(), [10, 5])
    blacklist_carrier(driver)
    with ape.reverts(tracking.ShipmentTrackingAlreadyArrived, shipmentId=shipment_id):
        tracking.reassignCustody(shipment_id, carrier2, b32("x"), sender=supplier)

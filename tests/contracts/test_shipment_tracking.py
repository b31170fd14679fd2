"""ShipmentTracking: registration, checkpoints behind a running hash, custody handover."""

from collections.abc import Callable
from typing import Any

import ape
import pytest
from eth_utils import function_signature_to_4byte_selector

from py_client.models import CheckpointKind, ShipmentStatus
from tests.support.constants import (
    ACCESS_CALLERS,
    CARRIER2_ORG,
    CARRIER_ORG,
    FISCAL_YEAR,
    SUPPLIER2_ORG,
    SUPPLIER_ORG,
)
from tests.support.escrow import NO_REF, OrderState
from tests.support.reverts import reverts_with
from tests.support.tracking import (
    COLD_ACCOUNT_ACCESS_GAS,
    COLD_SLOAD_GAS,
    ORIGIN,
    TX_BASE_GAS,
    WARM_SSTORE_GAS,
    ZERO_HASH,
    b32,
    calldata_gas,
    checkpoint,
    external_call_gas,
    history_from_logs,
    log_gas,
    new_ref,
    next_head,
    rebuild_head,
)

ORDER_ID = 7
LINE_COUNT = 3
QUANTITIES = [100, 0, 25]
WEEK = 7 * 24 * 3600
REASON = b32("suspension-reason")
ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"


# The fixtures below transact (a test double, its ShipmentTracking, an active order), so they
# are module-scoped: Ape reverts the module's snapshot at its end (docs/testing.md).
@pytest.fixture(scope="module")
def order_source(project: Any, system: dict[str, Any], governor: Any) -> Any:
    """Test double of OrderEscrow's `orderSummary` (until the real escrow is wired in).

    Asks for the whole `system` first: it is then in the session layer before this module's
    snapshot, and the tests on the real escrow below do not make Ape rebuild these fixtures."""
    return project.TestOrderSource.deploy(sender=governor)


@pytest.fixture(scope="module")
def shipments(
    project: Any, participants: Any, registry: Any, order_source: Any, governor: Any
) -> Any:
    """ShipmentTracking reading orders from the test double."""
    return project.ShipmentTracking.deploy(registry, order_source, sender=governor)


@pytest.fixture(scope="module")
def set_order(order_source: Any, agency: Any, supplier: Any, governor: Any) -> Callable[..., None]:
    """Sets the summary OrderEscrow would report for an order (default: Active, 3 lines)."""

    def _set(
        order_id: int = ORDER_ID,
        *,
        state: OrderState = OrderState.ACTIVE,
        disputed: bool = False,
        line_count: int = LINE_COUNT,
        order_supplier: Any = supplier,
    ) -> None:
        summary = (agency, order_supplier, int(state), disputed, line_count)
        order_source.setOrderSummary(order_id, summary, sender=governor)

    return _set


@pytest.fixture(scope="module")
def active_order(set_order: Callable[..., None]) -> int:
    set_order()
    return ORDER_ID


@pytest.fixture(scope="module")
def register(
    shipments: Any, active_order: int, supplier: Any, carrier: Any, chain: Any
) -> Callable[..., int]:
    """Registers a shipment (default: the active order, its supplier, `carrier`); returns its id."""

    def _register(
        *,
        order_id: int = active_order,
        quantities: list[int] | None = None,
        sender: Any = supplier,
        carrier_account: Any = carrier,
        expected_arrival_at: int | None = None,
    ) -> int:
        arrival = (
            chain.pending_timestamp + WEEK if expected_arrival_at is None else expected_arrival_at
        )
        receipt = shipments.registerShipment(
            order_id,
            QUANTITIES if quantities is None else quantities,
            ORIGIN,
            carrier_account,
            arrival,
            new_ref(),
            sender=sender,
        )
        return int(receipt.decode_logs(shipments.ShipmentRegistered)[0].shipmentId)

    return _register


@pytest.fixture
def shipment_id(register: Callable[..., int]) -> int:
    return register()


@pytest.fixture
def record(shipments: Any, carrier: Any, chain: Any) -> Callable[..., Any]:
    """Records a valid checkpoint of `kind` (default: occurred now) and returns the receipt."""

    def _record(
        shipment: int,
        kind: CheckpointKind = CheckpointKind.IN_TRANSIT,
        *,
        sender: Any = carrier,
        occurred_at: int | None = None,
        **fields: Any,
    ) -> Any:
        now = chain.pending_timestamp
        cp = checkpoint(kind, now if occurred_at is None else occurred_at, **fields)
        return shipments.recordCheckpoint(shipment, cp, new_ref(), sender=sender)

    return _record


@pytest.fixture
def nominated(shipments: Any, shipment_id: int, carrier: Any, carrier2: Any) -> int:
    """A shipment whose custodian `carrier` has nominated `carrier2`."""
    shipments.nominateCustodian(shipment_id, carrier2, sender=carrier)
    return shipment_id


@pytest.fixture
def arrived(shipment_id: int, record: Callable[..., Any]) -> int:
    """A shipment picked up and arrived."""
    record(shipment_id, CheckpointKind.PICKED_UP)
    record(shipment_id, CheckpointKind.ARRIVED)
    return shipment_id


# --- deployment -------------------------------------------------------------------------------


def test_constructor_wires_registry_and_order_escrow(
    shipments: Any, registry: Any, order_source: Any
) -> None:
    assert shipments.registry() == registry.address
    assert shipments.orderEscrow() == order_source.address
    assert shipments.MAX_LINES() == 50
    assert shipments.MAX_SHIPMENTS_PER_ORDER() == 100
    assert shipments.shipmentCount() == 0


@pytest.mark.parametrize("zero_argument", ["registry", "orderEscrow"])
def test_constructor_with_zero_address_reverts_with_ShipmentTrackingZeroAddress(
    project: Any, registry: Any, order_source: Any, governor: Any, zero_argument: str
) -> None:
    wiring = {"registry": registry.address, "orderEscrow": order_source.address}
    wiring[zero_argument] = ZERO_ADDRESS
    # A failed deployment has no contract to decode its error with: compare the raw selector.
    selector = function_signature_to_4byte_selector("ShipmentTrackingZeroAddress()")
    with ape.reverts() as failure:
        project.ShipmentTracking.deploy(wiring["registry"], wiring["orderEscrow"], sender=governor)
    assert str(failure.value.message) == "0x" + selector.hex()


# --- registerShipment -------------------------------------------------------------------------


def test_register_shipment_stores_it_and_emits_ShipmentRegistered(
    shipments: Any, active_order: int, supplier: Any, carrier: Any, chain: Any
) -> None:
    expected_arrival_at = chain.pending_timestamp + WEEK
    ref = new_ref()
    receipt = shipments.registerShipment(
        active_order, QUANTITIES, ORIGIN, carrier, expected_arrival_at, ref, sender=supplier
    )

    [event] = receipt.decode_logs(shipments.ShipmentRegistered)
    assert event.shipmentId == 1
    assert event.orderId == active_order
    assert event.carrier == carrier.address
    assert event.supplier == supplier.address
    assert list(event.quantities) == QUANTITIES
    assert tuple(event.origin) == ORIGIN
    assert event.expectedArrivalAt == expected_arrival_at
    assert bytes(event.ref) == ref
    assert shipments.shipmentOfRef(SUPPLIER_ORG, ref) == 1
    stored = shipments.shipment(1)
    assert stored.orderId == active_order
    assert stored.supplier == supplier.address
    assert stored.custodian == carrier.address
    assert stored.nominee == ZERO_ADDRESS
    assert stored.status == ShipmentStatus.REGISTERED
    assert stored.expectedArrivalAt == expected_arrival_at
    assert stored.arrivedAt == 0
    assert stored.checkpointCount == 0
    assert bytes(stored.head) == ZERO_HASH
    assert list(shipments.shippedQuantities(1)) == QUANTITIES
    order_id, status, arrived_at, quantities, paused_at_arrival = shipments.arrival(1)
    assert (order_id, status, arrived_at) == (active_order, ShipmentStatus.REGISTERED, 0)
    assert list(quantities) == QUANTITIES
    assert paused_at_arrival == 0
    assert list(shipments.shipmentsOfOrder(active_order)) == [1]
    assert shipments.shipmentCount() == 1
    assert tuple(shipments.checkpointHead(1)) == (ZERO_HASH, 0, 0)


def test_shipments_of_an_order_are_listed_in_registration_order(
    shipments: Any, register: Callable[..., int], set_order: Callable[..., None]
) -> None:
    set_order(8)
    first = register()
    other_order = register(order_id=8)
    second = register(quantities=[0, 1, 0])

    assert (first, other_order, second) == (1, 2, 3)
    assert list(shipments.shipmentsOfOrder(ORDER_ID)) == [1, 3]
    assert list(shipments.shipmentsOfOrder(8)) == [2]
    assert list(shipments.shipmentsOfOrder(9)) == []
    assert list(shipments.shippedQuantities(3)) == [0, 1, 0]


def test_quantities_up_to_64_bits_are_stored_exactly(
    shipments: Any, register: Callable[..., int]
) -> None:
    quantities = [2**64 - 1, 1, 2**63]
    shipment = register(quantities=quantities)
    assert list(shipments.shippedQuantities(shipment)) == quantities


def test_register_for_another_suppliers_order_reverts_with_ShipmentTrackingNotOrderSupplier(
    shipments: Any, register: Callable[..., int], supplier: Any, supplier2: Any
) -> None:
    with reverts_with(
        shipments.ShipmentTrackingNotOrderSupplier,
        orderId=ORDER_ID,
        caller=supplier2.address,
        supplier=supplier.address,
    ):
        register(sender=supplier2)


def test_register_for_an_unknown_order_reverts_with_OrderEscrowUnknownOrder(
    order_source: Any, register: Callable[..., int]
) -> None:
    with reverts_with(order_source.OrderEscrowUnknownOrder, orderId=99):
        register(order_id=99)


@pytest.mark.parametrize(
    "state",
    [
        OrderState.CREATED,
        OrderState.DELIVERED,
        OrderState.CLOSED,
        OrderState.CANCELLED,
        OrderState.TERMINATED,
    ],
)
def test_register_for_an_order_not_active_reverts_with_ShipmentTrackingOrderNotActive(
    shipments: Any, set_order: Callable[..., None], register: Callable[..., int], state: OrderState
) -> None:
    set_order(state=state)
    with reverts_with(shipments.ShipmentTrackingOrderNotActive, orderId=ORDER_ID, state=int(state)):
        register()


def test_register_for_a_disputed_order_reverts_with_ShipmentTrackingOrderDisputed(
    shipments: Any, set_order: Callable[..., None], register: Callable[..., int]
) -> None:
    set_order(disputed=True)
    with reverts_with(shipments.ShipmentTrackingOrderDisputed, orderId=ORDER_ID):
        register()


@pytest.mark.parametrize("quantities", [[1, 2], [1, 2, 3, 4], []])
def test_register_with_quantities_not_one_per_line_reverts_with_ShipmentTrackingInvalidQuantities(
    shipments: Any, register: Callable[..., int], quantities: list[int]
) -> None:
    with reverts_with(
        shipments.ShipmentTrackingInvalidQuantities,
        orderId=ORDER_ID,
        length=len(quantities),
        lineCount=LINE_COUNT,
    ):
        register(quantities=quantities)


def test_register_with_more_than_MAX_LINES_reverts_with_ShipmentTrackingInvalidQuantities(
    shipments: Any, set_order: Callable[..., None], register: Callable[..., int]
) -> None:
    set_order(line_count=51)
    with reverts_with(
        shipments.ShipmentTrackingInvalidQuantities, orderId=ORDER_ID, length=51, lineCount=51
    ):
        register(quantities=[1] * 51)


def test_register_with_MAX_LINES_lines_succeeds(
    shipments: Any, set_order: Callable[..., None], register: Callable[..., int]
) -> None:
    set_order(line_count=50)
    quantities = list(range(1, 51))
    shipment = register(quantities=quantities)
    assert list(shipments.shippedQuantities(shipment)) == quantities


def test_register_with_all_quantities_zero_reverts_with_ShipmentTrackingNothingShipped(
    shipments: Any, register: Callable[..., int]
) -> None:
    with reverts_with(shipments.ShipmentTrackingNothingShipped, orderId=ORDER_ID):
        register(quantities=[0, 0, 0])


def test_register_with_a_quantity_over_64_bits_reverts_with_ShipmentTrackingQuantityTooLarge(
    shipments: Any, register: Callable[..., int]
) -> None:
    with reverts_with(shipments.ShipmentTrackingQuantityTooLarge, line=2, quantity=2**64):
        register(quantities=[1, 0, 2**64])


@pytest.mark.parametrize("offset", [-1, 0])
def test_register_arriving_by_now_reverts_with_ShipmentTrackingExpectedArrivalNotInFuture(
    shipments: Any, register: Callable[..., int], active_order: int, chain: Any, offset: int
) -> None:
    now = chain.pending_timestamp + 60
    chain.pending_timestamp = now
    with reverts_with(
        shipments.ShipmentTrackingExpectedArrivalNotInFuture,
        expectedArrivalAt=now + offset,
        nowAt=now,
    ):
        register(expected_arrival_at=now + offset)


def test_register_with_expected_arrival_one_second_after_now_succeeds(
    shipments: Any, register: Callable[..., int], active_order: int, chain: Any
) -> None:
    now = chain.pending_timestamp + 60
    chain.pending_timestamp = now
    shipment = register(expected_arrival_at=now + 1)
    assert chain.blocks.head.timestamp == now
    assert shipments.shipment(shipment).expectedArrivalAt == now + 1


def test_register_beyond_MAX_SHIPMENTS_PER_ORDER_reverts_with_ShipmentTrackingTooManyShipments(
    shipments: Any,
    register: Callable[..., int],
    active_order: int,
    supplier: Any,
    carrier: Any,
    chain: Any,
) -> None:
    arrival = chain.pending_timestamp + WEEK
    calldata = [
        shipments.registerShipment.encode_input(
            active_order, QUANTITIES, ORIGIN, carrier, arrival, new_ref()
        )
        for _ in range(100)
    ]
    web3 = chain.provider.web3
    txn = {"from": supplier.address, "to": shipments.address, "gas": 400_000}
    # Signed by anvil's unlocked account, without waiting for each: 5x faster than through Ape.
    sent = [web3.eth.send_transaction({**txn, "data": data}) for data in calldata]
    web3.eth.wait_for_transaction_receipt(sent[-1])
    assert len(shipments.shipmentsOfOrder(ORDER_ID)) == 100
    with reverts_with(
        shipments.ShipmentTrackingTooManyShipments, orderId=ORDER_ID, maxShipments=100
    ):
        register()


def test_register_with_a_carrier_without_the_role_reverts_with_RegistryUnauthorizedAccount(
    registry: Any, register: Callable[..., int], auditor: Any
) -> None:
    with reverts_with(
        registry.RegistryUnauthorizedAccount,
        account=auditor.address,
        neededRole=registry.CARRIER_ROLE(),
    ):
        register(carrier_account=auditor)


def test_register_with_a_suspended_carrier_reverts_with_RegistryOrganisationSuspended(
    registry: Any, register: Callable[..., int], governor: Any
) -> None:
    registry.suspendOrganisation(CARRIER_ORG, REASON, sender=governor)
    with reverts_with(registry.RegistryOrganisationSuspended, orgId=CARRIER_ORG):
        register()


def test_register_while_paused_reverts_with_EnforcedPause(
    registry: Any, register: Callable[..., int], governor: Any
) -> None:
    registry.pause(sender=governor)
    with reverts_with(registry.EnforcedPause):
        register()


# --- recordCheckpoint -------------------------------------------------------------------------


def test_record_checkpoint_extends_the_head_and_emits_CheckpointRecorded(
    shipments: Any, shipment_id: int, carrier: Any, chain: Any
) -> None:
    now = chain.pending_timestamp + 10
    chain.pending_timestamp = now
    cp = checkpoint(CheckpointKind.PICKED_UP, now - 3600, latitude_e6=-7_250_000)

    ref = new_ref()
    receipt = shipments.recordCheckpoint(shipment_id, cp, ref, sender=carrier)

    expected_head = next_head(ZERO_HASH, carrier.address, cp)
    [event] = receipt.decode_logs(shipments.CheckpointRecorded)
    assert event.shipmentId == shipment_id
    assert event.index == 0
    assert event.custodian == carrier.address
    assert event.kind == CheckpointKind.PICKED_UP
    assert bytes(event.location) == cp.location
    assert (event.latitudeE6, event.longitudeE6) == (-7_250_000, cp.longitude_e6)
    assert event.occurredAt == now - 3600
    assert bytes(event.evidenceHash) == cp.evidence_hash
    assert bytes(event.newHead) == expected_head
    assert bytes(event.ref) == ref
    assert tuple(shipments.checkpointOfRef(CARRIER_ORG, ref)) == (shipment_id, 0)
    assert receipt.decode_logs(shipments.ShipmentArrived) == []
    stored = shipments.shipment(shipment_id)
    assert stored.status == ShipmentStatus.IN_TRANSIT
    assert stored.checkpointCount == 1
    assert bytes(stored.head) == expected_head
    assert stored.arrivedAt == 0
    assert tuple(shipments.checkpointHead(shipment_id)) == (expected_head, 1, now - 3600)


@pytest.mark.parametrize(
    "kind",
    [
        CheckpointKind.PICKED_UP,
        CheckpointKind.IN_TRANSIT,
        CheckpointKind.AT_CUSTOMS,
        CheckpointKind.EXCEPTION,
    ],
)
def test_every_kind_but_arrived_moves_the_shipment_in_transit(
    shipments: Any, shipment_id: int, record: Callable[..., Any], kind: CheckpointKind
) -> None:
    receipt = record(shipment_id, kind)
    assert receipt.decode_logs(shipments.CheckpointRecorded)[0].kind == kind
    assert shipments.shipment(shipment_id).status == ShipmentStatus.IN_TRANSIT


def test_arrived_checkpoint_fixes_arrived_at_to_the_block_time_and_emits_ShipmentArrived(
    shipments: Any, shipment_id: int, record: Callable[..., Any], chain: Any
) -> None:
    record(shipment_id, CheckpointKind.PICKED_UP)
    now = chain.pending_timestamp + 3 * 24 * 3600
    chain.pending_timestamp = now

    receipt = record(shipment_id, CheckpointKind.ARRIVED, occurred_at=now - 7200)

    [arrival] = receipt.decode_logs(shipments.ShipmentArrived)
    assert (arrival.shipmentId, arrival.orderId, arrival.arrivedAt) == (shipment_id, ORDER_ID, now)
    [event] = receipt.decode_logs(shipments.CheckpointRecorded)
    assert (event.index, event.kind) == (1, CheckpointKind.ARRIVED)
    stored = shipments.shipment(shipment_id)
    assert stored.status == ShipmentStatus.ARRIVED
    assert stored.arrivedAt == now  # the block's time, not the caller's occurredAt
    assert stored.checkpointCount == 2
    order_id, status, arrived_at, _, _ = shipments.arrival(shipment_id)
    assert (order_id, status, arrived_at) == (ORDER_ID, ShipmentStatus.ARRIVED, now)


def test_arrival_as_the_first_checkpoint_is_allowed(
    shipments: Any, shipment_id: int, record: Callable[..., Any]
) -> None:
    record(shipment_id, CheckpointKind.ARRIVED)
    assert shipments.shipment(shipment_id).status == ShipmentStatus.ARRIVED


def test_arrival_drops_a_pending_nomination(
    shipments: Any, nominated: int, record: Callable[..., Any]
) -> None:
    record(nominated, CheckpointKind.ARRIVED)
    assert shipments.shipment(nominated).nominee == ZERO_ADDRESS


def test_checkpoint_without_coordinates_is_accepted(
    shipments: Any, shipment_id: int, record: Callable[..., Any]
) -> None:
    receipt = record(shipment_id, latitude_e6=0, longitude_e6=0)
    [event] = receipt.decode_logs(shipments.CheckpointRecorded)
    assert (event.latitudeE6, event.longitudeE6) == (0, 0)


def position_id(position: tuple[int, int]) -> str:
    return "{}-{}".format(*position)


@pytest.mark.parametrize(
    "position",
    [(90_000_000, 180_000_000), (-90_000_000, -180_000_000), (90_000_000, -180_000_000)],
    ids=position_id,
)
def test_coordinates_at_the_range_limits_are_accepted(
    shipments: Any, shipment_id: int, record: Callable[..., Any], position: tuple[int, int]
) -> None:
    latitude_e6, longitude_e6 = position
    record(shipment_id, latitude_e6=latitude_e6, longitude_e6=longitude_e6)
    assert shipments.shipment(shipment_id).checkpointCount == 1


@pytest.mark.parametrize(
    "position",
    [
        (90_000_001, 0),
        (-90_000_001, 0),
        (0, 180_000_001),
        (0, -180_000_001),
        (2**31 - 1, -(2**31)),
    ],
    ids=position_id,
)
def test_coordinates_out_of_range_revert_with_ShipmentTrackingInvalidCoordinates(
    shipments: Any, shipment_id: int, record: Callable[..., Any], position: tuple[int, int]
) -> None:
    latitude_e6, longitude_e6 = position
    with reverts_with(
        shipments.ShipmentTrackingInvalidCoordinates,
        latitudeE6=latitude_e6,
        longitudeE6=longitude_e6,
    ):
        record(shipment_id, latitude_e6=latitude_e6, longitude_e6=longitude_e6)


@pytest.mark.parametrize("offset", [-1, 0])
def test_checkpoint_that_occurred_up_to_now_is_accepted(
    shipments: Any, shipment_id: int, record: Callable[..., Any], chain: Any, offset: int
) -> None:
    now = chain.pending_timestamp + 60
    chain.pending_timestamp = now
    record(shipment_id, occurred_at=now + offset)
    assert chain.blocks.head.timestamp == now
    assert shipments.checkpointHead(shipment_id).lastOccurredAt == now + offset


def test_checkpoint_one_second_in_the_future_reverts_with_ShipmentTrackingCheckpointInFuture(
    shipments: Any, shipment_id: int, record: Callable[..., Any], chain: Any
) -> None:
    now = chain.pending_timestamp + 60
    chain.pending_timestamp = now
    with reverts_with(shipments.ShipmentTrackingCheckpointInFuture, occurredAt=now + 1, nowAt=now):
        record(shipment_id, occurred_at=now + 1)


def test_checkpoint_at_the_previous_checkpoints_time_is_accepted(
    shipments: Any, shipment_id: int, record: Callable[..., Any], chain: Any
) -> None:
    earlier = chain.pending_timestamp - 600
    record(shipment_id, CheckpointKind.PICKED_UP, occurred_at=earlier)
    record(shipment_id, occurred_at=earlier)
    assert tuple(shipments.checkpointHead(shipment_id))[1:] == (2, earlier)


def test_checkpoint_before_the_previous_one_reverts_with_ShipmentTrackingCheckpointOutOfOrder(
    shipments: Any, shipment_id: int, record: Callable[..., Any], chain: Any
) -> None:
    earlier = chain.pending_timestamp - 600
    record(shipment_id, CheckpointKind.PICKED_UP, occurred_at=earlier)
    with reverts_with(
        shipments.ShipmentTrackingCheckpointOutOfOrder,
        occurredAt=earlier - 1,
        previousOccurredAt=earlier,
    ):
        record(shipment_id, occurred_at=earlier - 1)


def test_checkpoint_by_a_suspended_custodian_reverts_with_RegistryOrganisationSuspended(
    registry: Any, shipment_id: int, record: Callable[..., Any], governor: Any
) -> None:
    registry.suspendOrganisation(CARRIER_ORG, REASON, sender=governor)
    with reverts_with(registry.RegistryOrganisationSuspended, orgId=CARRIER_ORG):
        record(shipment_id)
    registry.reinstateOrganisation(CARRIER_ORG, REASON, sender=governor)
    record(shipment_id)


# --- custody handover -------------------------------------------------------------------------


def custody_event(receipt: Any, event_type: Any) -> tuple[Any, ...]:
    """The receipt's one `event_type` log (CustodianNominated, CustodyTransferred) as
    (shipment id, carrier handing custody over, carrier taking it)."""
    [event] = receipt.decode_logs(event_type)
    return tuple(event.event_arguments.values())


def custody_of(shipments: Any, shipment: int) -> tuple[str, str]:
    """(custodian, nominee) of a shipment as stored."""
    stored = shipments.shipment(shipment)
    return (stored.custodian, stored.nominee)


def reverts_not_custodian(shipments: Any, shipment: int, caller: Any, custodian: Any) -> Any:
    """Expects ShipmentTrackingNotCustodian for `caller` while `custodian` holds the shipment."""
    return reverts_with(
        shipments.ShipmentTrackingNotCustodian,
        shipmentId=shipment,
        caller=caller.address,
        custodian=custodian.address,
    )


def test_nominate_custodian_records_the_nominee_and_emits_CustodianNominated(
    shipments: Any, shipment_id: int, carrier: Any, carrier2: Any
) -> None:
    receipt = shipments.nominateCustodian(shipment_id, carrier2, sender=carrier)

    handover = (shipment_id, carrier.address, carrier2.address)
    assert custody_event(receipt, shipments.CustodianNominated) == handover
    assert custody_of(shipments, shipment_id) == (carrier.address, carrier2.address)


def test_accept_custody_moves_custody_and_emits_CustodyTransferred(
    shipments: Any, nominated: int, carrier: Any, carrier2: Any
) -> None:
    receipt = shipments.acceptCustody(nominated, sender=carrier2)

    handover = (nominated, carrier.address, carrier2.address)
    assert custody_event(receipt, shipments.CustodyTransferred) == handover
    assert custody_of(shipments, nominated) == (carrier2.address, ZERO_ADDRESS)


def test_after_handover_only_the_new_custodian_records_checkpoints(
    shipments: Any, nominated: int, record: Callable[..., Any], carrier: Any, carrier2: Any
) -> None:
    record(nominated, CheckpointKind.PICKED_UP)
    shipments.acceptCustody(nominated, sender=carrier2)

    with reverts_not_custodian(shipments, nominated, carrier, carrier2):
        record(nominated, sender=carrier)
    receipt = record(nominated, sender=carrier2)
    assert receipt.decode_logs(shipments.CheckpointRecorded)[0].custodian == carrier2.address


def test_custody_can_be_handed_back_to_the_previous_carrier(
    shipments: Any, nominated: int, carrier: Any, carrier2: Any
) -> None:
    shipments.acceptCustody(nominated, sender=carrier2)
    shipments.nominateCustodian(nominated, carrier, sender=carrier2)
    shipments.acceptCustody(nominated, sender=carrier)
    assert shipments.shipment(nominated).custodian == carrier.address


def test_a_new_nomination_replaces_the_pending_one(
    shipments: Any,
    nominated: int,
    registry: Any,
    governor: Any,
    carrier: Any,
    carrier2: Any,
    accounts: Any,
) -> None:
    third_carrier = accounts.generate_test_account()  # fresh: in no organisation yet
    governor.transfer(third_carrier, "1 ether")
    registry.addAccount(third_carrier, CARRIER2_ORG, sender=governor)
    registry.grantRole(registry.CARRIER_ROLE(), third_carrier, sender=governor)

    shipments.nominateCustodian(nominated, third_carrier, sender=carrier)

    assert shipments.shipment(nominated).nominee == third_carrier.address
    with reverts_with(
        shipments.ShipmentTrackingNotNominee,
        shipmentId=nominated,
        caller=carrier2.address,
        nominee=third_carrier.address,
    ):
        shipments.acceptCustody(nominated, sender=carrier2)
    shipments.acceptCustody(nominated, sender=third_carrier)


def test_nominating_oneself_reverts_with_ShipmentTrackingInvalidNominee(
    shipments: Any, shipment_id: int, carrier: Any
) -> None:
    with reverts_with(
        shipments.ShipmentTrackingInvalidNominee, shipmentId=shipment_id, nominee=carrier.address
    ):
        shipments.nominateCustodian(shipment_id, carrier, sender=carrier)


@pytest.mark.parametrize("nominee_name", ["supplier", "auditor", "outsider"])
def test_nominating_a_non_carrier_reverts_with_RegistryUnauthorizedAccount(
    shipments: Any, registry: Any, shipment_id: int, carrier: Any, request: Any, nominee_name: str
) -> None:
    nominee = request.getfixturevalue(nominee_name)
    with reverts_with(
        registry.RegistryUnauthorizedAccount,
        account=nominee.address,
        neededRole=registry.CARRIER_ROLE(),
    ):
        shipments.nominateCustodian(shipment_id, nominee, sender=carrier)


def test_nominating_a_suspended_carrier_reverts_with_RegistryOrganisationSuspended(
    shipments: Any, registry: Any, shipment_id: int, carrier: Any, carrier2: Any, governor: Any
) -> None:
    registry.suspendOrganisation(CARRIER2_ORG, REASON, sender=governor)
    with reverts_with(registry.RegistryOrganisationSuspended, orgId=CARRIER2_ORG):
        shipments.nominateCustodian(shipment_id, carrier2, sender=carrier)


def test_a_nominee_suspended_after_nomination_cannot_accept(
    shipments: Any, registry: Any, nominated: int, carrier2: Any, governor: Any
) -> None:
    registry.suspendOrganisation(CARRIER2_ORG, REASON, sender=governor)
    with reverts_with(registry.RegistryOrganisationSuspended, orgId=CARRIER2_ORG):
        shipments.acceptCustody(nominated, sender=carrier2)


# --- reverts shared by checkpoints and the custody handover -----------------------------------

UNKNOWN_SHIPMENT = 42


@pytest.fixture
def act(
    shipments: Any, record: Callable[..., Any], carrier: Any, carrier2: Any
) -> Callable[..., Any]:
    """Sends `action` on a shipment: "checkpoint" (an exception, by the custodian `carrier`),
    "nominate" (by `carrier`, of the other carrier) or "accept" (by `carrier2`)."""

    def _act(action: str, shipment: int, *, sender: Any = None) -> Any:
        if action == "checkpoint":
            return record(shipment, CheckpointKind.EXCEPTION, sender=sender or carrier)
        if action == "nominate":
            nominee = carrier if sender is carrier2 else carrier2
            return shipments.nominateCustodian(shipment, nominee, sender=sender or carrier)
        return shipments.acceptCustody(shipment, sender=sender or carrier2)

    return _act


@pytest.fixture
def arrived_while_nominated(nominated: int, record: Callable[..., Any]) -> int:
    """A shipment that arrived while `carrier2` was nominated (arrival drops the nomination)."""
    record(nominated, CheckpointKind.ARRIVED)
    return nominated


@pytest.mark.parametrize(
    ("kind", "fields", "error"),
    [
        pytest.param(
            CheckpointKind.NONE,
            {},
            lambda s: s.ShipmentTrackingInvalidCheckpointKind,
            id="of_kind_none_ShipmentTrackingInvalidCheckpointKind",
        ),
        pytest.param(
            CheckpointKind.IN_TRANSIT,
            {"location": ""},
            lambda s: s.ShipmentTrackingMissingLocation,
            id="without_location_ShipmentTrackingMissingLocation",
        ),
    ],
)
def test_an_incomplete_checkpoint_reverts_with_an_error_naming_the_shipment(
    shipments: Any,
    shipment_id: int,
    record: Callable[..., Any],
    kind: CheckpointKind,
    fields: dict[str, Any],
    error: Callable[[Any], Any],
) -> None:
    with reverts_with(error(shipments), shipmentId=shipment_id):
        record(shipment_id, kind, **fields)


# (action, the shipment's fixture or None for an unknown one, expected error)
SHIPMENT_NOT_OPEN = [
    pytest.param(
        "checkpoint",
        "arrived",
        lambda s: s.ShipmentTrackingAlreadyArrived,
        id="checkpoint_after_arrival_ShipmentTrackingAlreadyArrived",
    ),
    pytest.param(
        "checkpoint",
        None,
        lambda s: s.ShipmentTrackingUnknownShipment,
        id="checkpoint_of_an_unknown_shipment_ShipmentTrackingUnknownShipment",
    ),
    pytest.param(
        "nominate",
        "arrived",
        lambda s: s.ShipmentTrackingAlreadyArrived,
        id="nominating_after_arrival_ShipmentTrackingAlreadyArrived",
    ),
    pytest.param(
        "nominate",
        None,
        lambda s: s.ShipmentTrackingUnknownShipment,
        id="nominating_for_an_unknown_shipment_ShipmentTrackingUnknownShipment",
    ),
    pytest.param(
        "accept",
        "arrived_while_nominated",
        lambda s: s.ShipmentTrackingAlreadyArrived,
        id="accepting_after_arrival_ShipmentTrackingAlreadyArrived",
    ),
    pytest.param(
        "accept",
        None,
        lambda s: s.ShipmentTrackingUnknownShipment,
        id="accepting_for_an_unknown_shipment_ShipmentTrackingUnknownShipment",
    ),
]


@pytest.mark.parametrize(("action", "shipment_fixture", "error"), SHIPMENT_NOT_OPEN)
def test_acting_on_a_shipment_not_open_reverts_with_an_error_naming_it(
    shipments: Any,
    participants: Any,
    act: Callable[..., Any],
    request: Any,
    action: str,
    shipment_fixture: str | None,
    error: Callable[[Any], Any],
) -> None:
    shipment = UNKNOWN_SHIPMENT
    if shipment_fixture is not None:
        shipment = request.getfixturevalue(shipment_fixture)
    with reverts_with(error(shipments), shipmentId=shipment):
        act(action, shipment)


@pytest.mark.parametrize("action", ["checkpoint", "nominate"])
def test_by_a_carrier_not_holding_custody_reverts_with_ShipmentTrackingNotCustodian(
    shipments: Any,
    shipment_id: int,
    act: Callable[..., Any],
    carrier: Any,
    carrier2: Any,
    action: str,
) -> None:
    with reverts_not_custodian(shipments, shipment_id, carrier2, carrier):
        act(action, shipment_id, sender=carrier2)


@pytest.mark.parametrize(
    ("shipment_fixture", "caller_name", "nominee"),
    [
        pytest.param("shipment_id", "carrier2", None, id="without_a_nomination"),
        pytest.param("nominated", "carrier", "carrier2", id="by_the_custodian_itself"),
    ],
)
def test_accepting_reverts_with_ShipmentTrackingNotNominee(
    shipments: Any,
    act: Callable[..., Any],
    request: Any,
    shipment_fixture: str,
    caller_name: str,
    nominee: str | None,
) -> None:
    shipment = request.getfixturevalue(shipment_fixture)
    caller = request.getfixturevalue(caller_name)
    with reverts_with(
        shipments.ShipmentTrackingNotNominee,
        shipmentId=shipment,
        caller=caller.address,
        nominee=ZERO_ADDRESS if nominee is None else request.getfixturevalue(nominee).address,
    ):
        act("accept", shipment, sender=caller)


# --- views ------------------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["shipment", "shippedQuantities", "arrival", "checkpointHead"])
def test_views_of_an_unknown_shipment_revert_with_ShipmentTrackingUnknownShipment(
    shipments: Any, outsider: Any, view: str
) -> None:
    # Sent as a transaction: anvil returns an eth_call's revert data as (lossy) text.
    with reverts_with(shipments.ShipmentTrackingUnknownShipment, shipmentId=0):
        getattr(shipments, view).transact(0, sender=outsider)


# --- the running hash -------------------------------------------------------------------------


def test_next_head_on_chain_matches_the_documented_encoding(shipments: Any, carrier: Any) -> None:
    cp = checkpoint(
        CheckpointKind.AT_CUSTOMS, 1_790_000_000, latitude_e6=-90_000_000, longitude_e6=-1
    )
    head = b"\x11" * 32
    assert bytes(shipments.nextHead(head, carrier, cp)) == next_head(head, carrier.address, cp)


def _track_ten_checkpoints(
    shipments: Any,
    shipment: int,
    other: int,
    record: Callable[..., Any],
    carrier: Any,
    carrier2: Any,
) -> None:
    """Ten checkpoints of `shipment` with a handover after the fourth, interleaved with `other`."""
    kinds = [CheckpointKind.PICKED_UP] + [CheckpointKind.IN_TRANSIT] * 3
    for step, kind in enumerate(kinds):
        record(shipment, kind, location=f"IDJKT{step}", latitude_e6=-6_000_000 - step)
        record(other, kind)
    shipments.nominateCustodian(shipment, carrier2, sender=carrier)
    shipments.acceptCustody(shipment, sender=carrier2)
    later = [CheckpointKind.AT_CUSTOMS, CheckpointKind.EXCEPTION] + [CheckpointKind.IN_TRANSIT] * 3
    for step, kind in enumerate(later):
        record(shipment, kind, sender=carrier2, location="IDSUB", evidence=f"photo-{step}")
    record(shipment, CheckpointKind.ARRIVED, sender=carrier2, location="IDMAK")


def test_head_rebuilt_from_checkpoint_events_proves_the_history_and_detects_tampering(
    shipments: Any,
    register: Callable[..., int],
    record: Callable[..., Any],
    carrier: Any,
    carrier2: Any,
    chain: Any,
) -> None:
    start_block = chain.blocks.head.number
    shipment, other = register(), register()
    _track_ten_checkpoints(shipments, shipment, other, record, carrier, carrier2)

    logs = list(
        shipments.CheckpointRecorded.range(
            start_block, chain.blocks.head.number + 1, search_topics={"shipmentId": shipment}
        )
    )
    history = history_from_logs(logs)
    head, count, _ = shipments.checkpointHead(shipment)
    assert count == len(history) == 10
    assert {custodian for custodian, _ in history} == {carrier.address, carrier2.address}
    assert rebuild_head(history) == bytes(head)
    assert [bytes(log.newHead) for log in logs][-1] == bytes(head)

    tampered_location = [*history]
    custodian, cp = tampered_location[3]
    tampered_location[3] = (custodian, cp._replace(location=b32("IDBPN")))
    dropped = history[:5] + history[6:]
    swapped = [history[1], history[0], *history[2:]]
    wrong_custodian = [(carrier.address, cp) for _, cp in history]
    for copy in (tampered_location, dropped, swapped, wrong_custodian):
        assert rebuild_head(copy) != bytes(head)


# --- access matrix ----------------------------------------------------------------------------

CALLERS = [*ACCESS_CALLERS, "supplier2", "carrier2", "suspended"]
# Who may call each function, the role the registry demands, and the organisation that the
# "suspended" caller (the intended caller, its organisation suspended) belongs to.
ACCESS = {
    "registerShipment": ("supplier", "SUPPLIER_ROLE", SUPPLIER_ORG),
    "recordCheckpoint": ("carrier", "CARRIER_ROLE", CARRIER_ORG),
    "nominateCustodian": ("carrier", "CARRIER_ROLE", CARRIER_ORG),
    "acceptCustody": ("carrier2", "CARRIER_ROLE", CARRIER2_ORG),
}
# Callers holding the right role that the contract itself turns away, with its error.
HOLDS_ROLE_BUT_WRONG_PARTY = {
    ("registerShipment", "supplier2"): "ShipmentTrackingNotOrderSupplier",
    ("recordCheckpoint", "carrier2"): "ShipmentTrackingNotCustodian",
    ("nominateCustodian", "carrier2"): "ShipmentTrackingNotCustodian",
    ("acceptCustody", "carrier"): "ShipmentTrackingNotNominee",
}


@pytest.fixture
def call_as(
    shipments: Any,
    nominated: int,
    active_order: int,
    carrier: Any,
    carrier2: Any,
    chain: Any,
) -> Callable[[str, Any], Any]:
    """Calls a state-changing function of a shipment (custodian `carrier`, nominee `carrier2`)."""
    calls: dict[str, Callable[[Any], Any]] = {
        "registerShipment": lambda sender: shipments.registerShipment(
            active_order,
            QUANTITIES,
            ORIGIN,
            carrier,
            chain.pending_timestamp + WEEK,
            new_ref(),
            sender=sender,
        ),
        "recordCheckpoint": lambda sender: shipments.recordCheckpoint(
            nominated,
            checkpoint(CheckpointKind.PICKED_UP, chain.pending_timestamp),
            new_ref(),
            sender=sender,
        ),
        "nominateCustodian": lambda sender: shipments.nominateCustodian(
            nominated, carrier2, sender=sender
        ),
        "acceptCustody": lambda sender: shipments.acceptCustody(nominated, sender=sender),
    }
    return lambda function, sender: calls[function](sender)


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("function", list(ACCESS))
def test_access_matrix_only_the_intended_party_may_call(
    shipments: Any,
    registry: Any,
    governor: Any,
    call_as: Callable[[str, Any], Any],
    request: Any,
    function: str,
    caller: str,
) -> None:
    intended, role, org = ACCESS[function]
    account = request.getfixturevalue(intended if caller == "suspended" else caller)
    if caller == "suspended":
        registry.suspendOrganisation(org, REASON, sender=governor)
        with reverts_with(registry.RegistryOrganisationSuspended, orgId=org):
            call_as(function, account)
    elif caller == intended:
        receipt = call_as(function, account)
        assert not receipt.failed
    elif (function, caller) in HOLDS_ROLE_BUT_WRONG_PARTY:
        with reverts_with(getattr(shipments, HOLDS_ROLE_BUT_WRONG_PARTY[function, caller])):
            call_as(function, account)
    else:
        with reverts_with(
            registry.RegistryUnauthorizedAccount,
            account=account.address,
            neededRole=getattr(registry, role)(),
        ):
            call_as(function, account)


# --- client references: exactly once by the chain (issue 13 item 9) ------------------------


def test_register_with_a_reference_its_organisation_used_reverts_with_DuplicateShipmentRef(
    shipments: Any, active_order: int, supplier: Any, carrier: Any, chain: Any
) -> None:
    ref = new_ref()
    arrival = chain.pending_timestamp + WEEK
    shipments.registerShipment(
        active_order, QUANTITIES, ORIGIN, carrier, arrival, ref, sender=supplier
    )
    first = int(shipments.shipmentCount())
    # A retry, even of another order or with other quantities, is told what it created.
    with reverts_with(
        shipments.ShipmentTrackingDuplicateShipmentRef,
        orgId=SUPPLIER_ORG,
        ref=ref,
        shipmentId=first,
    ):
        shipments.registerShipment(
            active_order, [1, 0, 0], ORIGIN, carrier, arrival, ref, sender=supplier
        )
    assert shipments.shipmentCount() == first
    assert list(shipments.shipmentsOfOrder(active_order)) == [first]


def test_a_reference_is_unique_per_organisation_not_per_chain(
    shipments: Any,
    set_order: Callable[..., None],
    active_order: int,
    supplier: Any,
    supplier2: Any,
    carrier: Any,
    chain: Any,
) -> None:
    ref = new_ref()
    arrival = chain.pending_timestamp + WEEK
    set_order(8, order_supplier=supplier2)
    shipments.registerShipment(
        active_order, QUANTITIES, ORIGIN, carrier, arrival, ref, sender=supplier
    )
    receipt = shipments.registerShipment(
        8, QUANTITIES, ORIGIN, carrier, arrival, ref, sender=supplier2
    )
    [event] = receipt.decode_logs(shipments.ShipmentRegistered)
    assert shipments.shipmentOfRef(SUPPLIER2_ORG, ref) == event.shipmentId
    assert shipments.shipmentOfRef(SUPPLIER_ORG, ref) == event.shipmentId - 1
    assert shipments.shipmentOfRef(SUPPLIER_ORG, new_ref()) == 0


def test_register_without_a_reference_reverts_with_ShipmentTrackingMissingRef(
    shipments: Any, active_order: int, supplier: Any, carrier: Any, chain: Any
) -> None:
    with reverts_with(shipments.ShipmentTrackingMissingRef):
        shipments.registerShipment(
            active_order,
            QUANTITIES,
            ORIGIN,
            carrier,
            chain.pending_timestamp + WEEK,
            ZERO_HASH,
            sender=supplier,
        )


def test_checkpoint_with_a_reference_its_organisation_used_reverts_with_DuplicateCheckpointRef(
    shipments: Any, register: Callable[..., int], carrier: Any, chain: Any
) -> None:
    first, second = register(), register()
    ref = new_ref()
    now = chain.pending_timestamp
    shipments.recordCheckpoint(
        first, checkpoint(CheckpointKind.PICKED_UP, now), ref, sender=carrier
    )
    # The same scan sent again (here: even for another shipment) is refused by the chain.
    for shipment in (first, second):
        with reverts_with(
            shipments.ShipmentTrackingDuplicateCheckpointRef,
            orgId=CARRIER_ORG,
            ref=ref,
            shipmentId=first,
            index=0,
        ):
            shipments.recordCheckpoint(
                shipment, checkpoint(CheckpointKind.IN_TRANSIT, now), ref, sender=carrier
            )
    assert shipments.shipment(first).checkpointCount == 1
    assert shipments.shipment(second).checkpointCount == 0
    assert tuple(shipments.checkpointOfRef(CARRIER_ORG, new_ref())) == (0, 0)


def test_a_retried_arrival_is_told_it_was_recorded_not_that_tracking_closed(
    shipments: Any, shipment_id: int, carrier: Any, chain: Any
) -> None:
    ref = new_ref()
    cp = checkpoint(CheckpointKind.ARRIVED, chain.pending_timestamp)
    shipments.recordCheckpoint(shipment_id, cp, ref, sender=carrier)
    with reverts_with(
        shipments.ShipmentTrackingDuplicateCheckpointRef, shipmentId=shipment_id, index=0
    ):
        shipments.recordCheckpoint(shipment_id, cp, ref, sender=carrier)


def test_checkpoint_without_a_reference_reverts_with_ShipmentTrackingMissingRef(
    shipments: Any, shipment_id: int, carrier: Any, chain: Any
) -> None:
    cp = checkpoint(CheckpointKind.PICKED_UP, chain.pending_timestamp)
    with reverts_with(shipments.ShipmentTrackingMissingRef):
        shipments.recordCheckpoint(shipment_id, cp, ZERO_HASH, sender=carrier)


# --- gas --------------------------------------------------------------------------------------

# What recordCheckpoint must do (DESIGN section 8): update the custody slot (custodian, status,
# count, last time) and the head slot, both cold nonzero -> nonzero, fill the carrier
# organisation's reference slot (zero -> nonzero, issue 13 item 9), and log 3 topics + 9 words.
CHECKPOINT_STORAGE_GAS = 2 * (COLD_SLOAD_GAS + WARM_SSTORE_GAS) + COLD_SLOAD_GAS + 20_000
CHECKPOINT_LOG_GAS = log_gas(topics=3, data_bytes=9 * 32)
# What the mandated registry.checkParticipant must do: call a cold contract and read four cold
# slots (pause flag, the account's organisation, its role, the organisation's suspension).
REGISTRY_CHECK_GAS = COLD_ACCOUNT_ACCESS_GAS + 4 * COLD_SLOAD_GAS


def test_record_checkpoint_costs_at_most_1_25_times_its_lower_bound(
    shipments: Any, shipment_id: int, record: Callable[..., Any], chain: Any
) -> None:
    record(shipment_id, CheckpointKind.PICKED_UP)
    receipt = record(shipment_id, CheckpointKind.IN_TRANSIT)

    own_bound = (
        TX_BASE_GAS
        + calldata_gas(bytes(receipt.transaction.data))
        + CHECKPOINT_STORAGE_GAS
        + CHECKPOINT_LOG_GAS
    )
    registry_gas = external_call_gas(chain.provider, receipt.txn_hash)
    assert receipt.gas_used <= 1.25 * (own_bound + REGISTRY_CHECK_GAS)
    assert receipt.gas_used - registry_gas <= 1.25 * own_bound


# --- with the real OrderEscrow ----------------------------------------------------------------

# Direct-purchase lines: (itemHash, quantity, unitPriceIdr, unit, originCountry, dueAt).
DIRECT_LINES = [
    (b32("rice-medium-grade"), 100, 500_000, b"sack".ljust(16, b"\x00"), b"ID", 0),
    (b32("cooking-oil-2l"), 10, 1_000_000, b"carton".ljust(16, b"\x00"), b"ID", 0),
    (b32("sugar-1kg"), 25, 200_000, b"bag".ljust(16, b"\x00"), b"ID", 0),
]
DIRECT_TOTAL_IDR = 65_000_000


@pytest.fixture
def direct_order(system: dict[str, Any], agency: Any, supplier: Any, chain: Any) -> int:
    """A direct-purchase order of the pilot agency, not yet accepted by `supplier`."""
    escrow = system["escrow"]
    deadline = chain.pending_timestamp + 4 * WEEK
    receipt = escrow.createDirectOrder(
        supplier, FISCAL_YEAR, DIRECT_LINES, deadline, 30 * 24 * 3600, NO_REF, sender=agency
    )
    return int(receipt.decode_logs(escrow.OrderCreated)[0].orderId)


@pytest.fixture
def accepted_order(system: dict[str, Any], direct_order: int, agency: Any, supplier: Any) -> int:
    """`direct_order` signed by the supplier: its total sits in escrow, the order is Active."""
    system["token"].approve(system["escrow"], DIRECT_TOTAL_IDR, sender=agency)
    system["escrow"].acceptOrder(direct_order, b32("signed-contract"), sender=supplier)
    return direct_order


def test_shipment_of_an_accepted_direct_order_is_tracked_to_arrival_and_confirmed(
    system: dict[str, Any],
    accepted_order: int,
    agency: Any,
    supplier: Any,
    carrier: Any,
    carrier2: Any,
    chain: Any,
) -> None:
    tracking, escrow, token = system["tracking"], system["escrow"], system["token"]
    shipped = [100, 10, 25]
    receipt = tracking.registerShipment(
        accepted_order,
        shipped,
        ORIGIN,
        carrier,
        chain.pending_timestamp + WEEK,
        new_ref(),
        sender=supplier,
    )
    shipment = int(receipt.decode_logs(tracking.ShipmentRegistered)[0].shipmentId)
    for kind in (CheckpointKind.PICKED_UP, CheckpointKind.IN_TRANSIT):
        tracking.recordCheckpoint(
            shipment, checkpoint(kind, chain.pending_timestamp), new_ref(), sender=carrier
        )
    tracking.nominateCustodian(shipment, carrier2, sender=carrier)
    tracking.acceptCustody(shipment, sender=carrier2)
    arrival = tracking.recordCheckpoint(
        shipment,
        checkpoint(CheckpointKind.ARRIVED, chain.pending_timestamp, location="IDJKT"),
        new_ref(),
        sender=carrier2,
    )

    [arrived] = arrival.decode_logs(tracking.ShipmentArrived)
    assert (arrived.shipmentId, arrived.orderId) == (shipment, accepted_order)
    stored = tracking.shipment(shipment)
    assert stored.status == ShipmentStatus.ARRIVED
    assert stored.checkpointCount == 3
    assert list(tracking.shipmentsOfOrder(accepted_order)) == [shipment]
    assert not tracking.isConfirmed(shipment)

    balance_before = token.balanceOf(supplier)
    confirmation = escrow.confirmDelivery(shipment, shipped, b32("bast"), sender=agency)
    [confirmed] = confirmation.decode_logs(escrow.DeliveryConfirmed)
    assert (confirmed.orderId, confirmed.shipmentId) == (accepted_order, shipment)
    assert confirmed.valueIdr == DIRECT_TOTAL_IDR
    assert token.balanceOf(supplier) > balance_before
    # OrderEscrow's mark lives in the shipment's custody slot (one write, no slot of its own).
    assert tracking.isConfirmed(shipment)
    assert escrow.isShipmentConfirmed(shipment)
    assert tracking.shipment(shipment).status == ShipmentStatus.ARRIVED


def test_confirm_arrival_by_anyone_but_the_escrow_reverts_with_ShipmentTrackingNotOrderEscrow(
    shipments: Any, shipment_id: int, supplier: Any, agency: Any
) -> None:
    for caller in (supplier, agency):
        for confirm in (True, False):
            with reverts_with(shipments.ShipmentTrackingNotOrderEscrow, caller=caller.address):
                shipments.confirmArrival(shipment_id, confirm, sender=caller)
    assert not shipments.isConfirmed(shipment_id)
    assert not shipments.isConfirmed(999)


def test_shipment_of_an_order_not_yet_accepted_reverts_with_ShipmentTrackingOrderNotActive(
    system: dict[str, Any], direct_order: int, supplier: Any, carrier: Any, chain: Any
) -> None:
    tracking = system["tracking"]
    with reverts_with(
        tracking.ShipmentTrackingOrderNotActive,
        orderId=direct_order,
        state=int(OrderState.CREATED),
    ):
        tracking.registerShipment(
            direct_order,
            [1, 0, 0],
            ORIGIN,
            carrier,
            chain.pending_timestamp + WEEK,
            new_ref(),
            sender=supplier,
        )


def test_shipment_of_an_unknown_order_reverts_with_OrderEscrowUnknownOrder(
    system: dict[str, Any], supplier: Any, carrier: Any, chain: Any
) -> None:
    tracking, escrow = system["tracking"], system["escrow"]
    with reverts_with(escrow.OrderEscrowUnknownOrder, orderId=404):
        tracking.registerShipment(
            404, [1], ORIGIN, carrier, chain.pending_timestamp + WEEK, new_ref(), sender=supplier
        )


def _without_internal_types(node: Any, in_outputs: bool = False) -> Any:
    """An ABI fragment without `internalType` (which names the declaring interface) and without
    output names (they do not change the encoding, so either side may name or omit them)."""
    if isinstance(node, dict):
        return {
            k: _without_internal_types(v, in_outputs or k == "outputs")
            for k, v in node.items()
            if k != "internalType" and not (in_outputs and k == "name")
        }
    if isinstance(node, list):
        return [_without_internal_types(item, in_outputs) for item in node]
    return node


def _abi_entries(contract_type: Any, names: set[str]) -> dict[str, Any]:
    return {
        entry.name: _without_internal_types(entry.model_dump())
        for entry in contract_type.abi
        if getattr(entry, "name", None) in names
    }


def test_the_order_and_shipment_views_match_the_other_sides_interfaces(project: Any) -> None:
    order_views = {"orderSummary"}
    shipment_views = {"shipment", "shippedQuantities", "arrival"}
    assert _abi_entries(project.IOrderSource.contract_type, order_views) == _abi_entries(
        project.OrderEscrow.contract_type, order_views
    )
    assert _abi_entries(project.IShipmentSource.contract_type, shipment_views) == _abi_entries(
        project.ShipmentTracking.contract_type, shipment_views
    )

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IOrderSource} from "./interfaces/IOrderSource.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";
import {IShipmentSource} from "./interfaces/IShipmentSource.sol";
import {IShipmentTracking} from "./interfaces/IShipmentTracking.sol";

/// @title ShipmentTracking
/// @notice Shipments of purchase orders, their checkpoints (as events behind a running hash) and
/// custody handovers between carriers. See {IShipmentTracking}.
contract ShipmentTracking is IShipmentTracking {
    /// @inheritdoc IShipmentTracking
    uint256 public constant MAX_LINES = 50;
    /// @inheritdoc IShipmentTracking
    uint256 public constant MAX_SHIPMENTS_PER_ORDER = 100;

    /// @dev Storage of one shipment in three slots, laid out for `recordCheckpoint`, which touches
    /// only slots 1 and 2, for OrderEscrow's `arrival` read (slots 0 and 1 and the quantities) and
    /// for the custody handover, which writes slot 0 (never a fresh slot, docs/gas.md):
    ///   0: orderId (6 bytes) | previousOfOrder (6) | handover (20)
    ///   1: custodian (20) | status (1) | checkpointCount (4) | lastOccurredAt (5) | lineCount (1)
    ///      | confirmed (1) — the hot slot; `confirmed` is OrderEscrow's mark (`confirmArrival`)
    ///   2: head
    /// `handover` holds one of two things, told apart by the status: until the shipment arrives,
    /// the nominee (none when zero or equal to the custodian: `acceptCustody` leaves the accepted
    /// nominee there rather than clearing it, and a custodian can never be its own nominee); from
    /// arrival on, `arrivedAt | pausedSecondsAtArrival << 40` (arrival drops a pending nomination,
    /// so the two never coexist). `orderId` and `previousOfOrder` are uint48: order ids are
    /// OrderEscrow's counter and shipment ids this contract's, each growing by one per
    /// transaction. `lastOccurredAt`, `arrivedAt` and `pausedSecondsAtArrival` are uint40 (enough
    /// until the year 36812): each is at most block.timestamp. `previousOfOrder` links the
    /// shipments of one order (newest first, see `_orderShipments`), so registering one writes no
    /// list slot of its own. Storing `lastOccurredAt` costs nothing extra as its slot is written
    /// on every checkpoint anyway. Before the first checkpoint it holds the registration time (the
    /// backdating tolerance is applied when a first checkpoint is dated before it, so registration
    /// reads no policy). The supplier is not stored: it is the order's (registration requires
    /// it), and `shipment` reads it from OrderEscrow. The expected arrival is not in the record:
    /// it is the quantities entry after the last line (see `_quantities`).
    /// `lineCount` says how many entries of `_quantities` are the shipment's lines (no array
    /// length slot). Arrival updates slot 0 rather than filling a fresh slot (docs/gas.md).
    /// Why two slots per checkpoint and not one: the head is a full 32-byte keccak (the fixed API
    /// and DESIGN), so the count cannot share its slot; a 28-byte head with the count beside it
    /// would save one warm SSTORE (2,900 gas) but weaken the hash and change the API. The custody
    /// slot must be read anyway (who may record, has it arrived), so keeping the count there
    /// makes its update a warm write. Measured: a checkpoint after the first costs 54.4k gas with
    /// 2 x 5,000 for the two slots, 3,572 for the log and ~12k for registry.checkParticipant.
    struct ShipmentRecord {
        uint48 orderId;
        uint48 previousOfOrder;
        uint160 handover;
        address custodian;
        ShipmentStatus status;
        uint32 checkpointCount;
        uint40 lastOccurredAt;
        uint8 lineCount;
        bool confirmed;
        bytes32 head;
    }

    IRegistry private immutable _registry;
    IOrderSource private immutable _orders;
    /// @dev Role ids read once from the registry, so no call is spent on them per transaction.
    bytes32 private immutable _supplierRole;
    bytes32 private immutable _carrierRole;

    /// @dev The shipments of one order in one slot: how many, and the newest, whose record links
    /// to the one before (`previousOfOrder`). One slot per order instead of an array's length
    /// slot plus a slot per id: registering a shipment saves a fresh slot (22,100 gas).
    struct OrderShipments {
        uint48 lastShipmentId;
        uint8 count;
    }

    /// @dev Where a checkpoint reference was used: the shipment and the checkpoint's index.
    struct CheckpointRef {
        uint64 shipmentId;
        uint32 index;
    }

    uint256 private _shipmentCount;
    mapping(uint256 shipmentId => ShipmentRecord) private _shipments;
    /// @dev Quantities as uint64, four to a slot, without a length slot (the count is the record's
    /// `lineCount`) and zeros left unwritten, then the expected arrival time (entry `lineCount`):
    /// a 1- to 3-line shipment writes one slot, a 4-line shipment two.
    mapping(uint256 shipmentId => uint64[MAX_LINES + 1]) private _quantities;
    mapping(uint256 orderId => OrderShipments) private _orderShipments;
    /// @dev Client references already used, per organisation (exactly once by the chain): the
    /// supplier organisation's shipment references, and the carrier organisation's checkpoint
    /// references. One fresh slot per registration or checkpoint.
    mapping(uint64 orgId => mapping(bytes32 ref => uint256 shipmentId)) private _shipmentOfRef;
    mapping(uint64 orgId => mapping(bytes32 ref => CheckpointRef)) private _checkpointOfRef;

    /// @param registry_ The participant registry.
    /// @param orderEscrow_ The OrderEscrow whose orders are shipped.
    constructor(address registry_, address orderEscrow_) {
        if (registry_ == address(0) || orderEscrow_ == address(0)) revert ShipmentTrackingZeroAddress();
        _registry = IRegistry(registry_);
        _orders = IOrderSource(orderEscrow_);
        _supplierRole = IRegistry(registry_).SUPPLIER_ROLE();
        _carrierRole = IRegistry(registry_).CARRIER_ROLE();
    }

    /// @inheritdoc IShipmentTracking
    function registerShipment(
        uint256 orderId,
        uint256[] calldata quantities,
        Origin calldata origin,
        address carrier,
        uint64 expectedArrivalAt,
        bytes32 ref
    ) external returns (uint256 shipmentId) {
        uint64 orgId = _checkParticipant(msg.sender, _supplierRole);
        _checkShipmentRef(orgId, ref);
        _checkOrder(orderId, quantities);
        _checkParticipant(carrier, _carrierRole);
        if (expectedArrivalAt <= block.timestamp) {
            revert ShipmentTrackingExpectedArrivalNotInFuture(expectedArrivalAt, block.timestamp);
        }
        shipmentId = ++_shipmentCount;
        _shipmentOfRef[orgId][ref] = shipmentId;
        uint48 previous = _appendToOrder(orderId, shipmentId);
        _storeShipment(shipmentId, orderId, previous, carrier, quantities.length);
        _storeQuantities(shipmentId, quantities, expectedArrivalAt);
        emit ShipmentRegistered(shipmentId, orderId, carrier, msg.sender, quantities, origin, expectedArrivalAt, ref);
    }

    /// @inheritdoc IShipmentTracking
    function recordCheckpoint(uint256 shipmentId, Checkpoint calldata cp, bytes32 ref) external {
        uint64 orgId = _checkParticipant(msg.sender, _carrierRole);
        _checkCheckpointRef(orgId, ref);
        ShipmentRecord storage s = _shipments[shipmentId];
        _checkCustodian(shipmentId, s);
        uint32 index = s.checkpointCount;
        _checkCheckpoint(shipmentId, cp, s.lastOccurredAt, index);
        // safe cast because shipment ids are this contract's counter (one per transaction)
        _checkpointOfRef[orgId][ref] = CheckpointRef(uint64(shipmentId), index);
        bytes32 head = _nextHead(s.head, msg.sender, cp);
        bool arrived = cp.kind == CheckpointKind.Arrived;
        s.head = head;
        s.checkpointCount = index + 1;
        // safe because _checkCheckpoint ensured occurredAt <= block.timestamp < 2^40
        s.lastOccurredAt = uint40(cp.occurredAt);
        s.status = arrived ? ShipmentStatus.Arrived : ShipmentStatus.InTransit;
        if (arrived) _markArrived(s);
        _emitCheckpoint(shipmentId, index, cp, head, ref);
        if (arrived) emit ShipmentArrived(shipmentId, s.orderId, uint64(block.timestamp));
    }

    /// @inheritdoc IShipmentTracking
    function nominateCustodian(uint256 shipmentId, address nextCarrier) external {
        _checkParticipant(msg.sender, _carrierRole);
        ShipmentRecord storage s = _shipments[shipmentId];
        _checkCustodian(shipmentId, s);
        if (nextCarrier == msg.sender) revert ShipmentTrackingInvalidNominee(shipmentId, nextCarrier);
        _checkParticipant(nextCarrier, _carrierRole);
        s.handover = uint160(nextCarrier);
        emit CustodianNominated(shipmentId, msg.sender, nextCarrier);
    }

    /// @inheritdoc IShipmentTracking
    function acceptCustody(uint256 shipmentId) external {
        _checkParticipant(msg.sender, _carrierRole);
        ShipmentRecord storage s = _shipments[shipmentId];
        _checkOpen(shipmentId, s.status);
        address previous = s.custodian;
        address nominee = address(s.handover);
        if (nominee == previous) nominee = address(0); // an accepted nominee: none pending
        if (nominee != msg.sender) revert ShipmentTrackingNotNominee(shipmentId, msg.sender, nominee);
        // The nominee stays in `handover`: equal to the custodian it reads as none, and slot 0
        // keeps its value instead of being cleared and filled again by the next nomination.
        s.custodian = msg.sender;
        emit CustodyTransferred(shipmentId, previous, msg.sender);
    }

    /// @inheritdoc IShipmentTracking
    function reassignCustody(uint256 shipmentId, address newCarrier, bytes32 reasonHash) external {
        _checkParticipant(msg.sender, _supplierRole);
        ShipmentRecord storage s = _shipments[shipmentId];
        _checkOpen(shipmentId, s.status);
        address supplier = _orders.orderSummary(s.orderId).supplier;
        if (supplier != msg.sender) revert ShipmentTrackingNotOrderSupplier(s.orderId, msg.sender, supplier);
        address previous = s.custodian;
        if (!_stranded(previous)) revert ShipmentTrackingCustodianActive(shipmentId, previous);
        _checkParticipant(newCarrier, _carrierRole);
        s.custodian = newCarrier;
        s.handover = 0; // the status is not Arrived (checked): this drops a pending nomination
        emit CustodyReassigned(shipmentId, msg.sender, reasonHash);
        emit CustodyTransferred(shipmentId, previous, newCarrier);
    }

    /// @inheritdoc IShipmentTracking
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc IShipmentTracking
    function orderEscrow() external view returns (address) {
        return address(_orders);
    }

    /// @inheritdoc IShipmentSource
    function shipment(uint256 shipmentId) external view returns (Shipment memory) {
        ShipmentRecord storage s = _existing(shipmentId);
        return Shipment({
            orderId: s.orderId,
            supplier: _orders.orderSummary(s.orderId).supplier,
            custodian: s.custodian,
            nominee: _nomineeOf(s),
            status: s.status,
            expectedArrivalAt: _quantities[shipmentId][s.lineCount],
            arrivedAt: _arrivedAt(s),
            checkpointCount: s.checkpointCount,
            head: s.head
        });
    }

    /// @inheritdoc IShipmentSource
    function shippedQuantities(uint256 shipmentId) external view returns (uint256[] memory) {
        return _shipped(shipmentId, _existing(shipmentId).lineCount);
    }

    /// @inheritdoc IShipmentSource
    function arrival(uint256 shipmentId)
        external
        view
        returns (
            uint256 orderId,
            ShipmentStatus status,
            uint64 arrivedAt,
            uint256[] memory quantities,
            uint64 pausedSecondsAtArrival
        )
    {
        ShipmentRecord storage s = _existing(shipmentId);
        (uint64 arrivedAt_, uint64 pausedAtArrival) = _arrivalOf(s.status, s.handover);
        return (s.orderId, s.status, arrivedAt_, _shipped(shipmentId, s.lineCount), pausedAtArrival);
    }

    /// @inheritdoc IShipmentSource
    function confirmArrival(uint256 shipmentId, bool confirm)
        external
        returns (
            uint256 orderId,
            ShipmentStatus status,
            uint64 arrivedAt,
            uint256[] memory quantities,
            uint64 pausedSecondsAtArrival,
            bool confirmed
        )
    {
        if (msg.sender != address(_orders)) revert ShipmentTrackingNotOrderEscrow(msg.sender);
        ShipmentRecord storage s = _existing(shipmentId);
        confirmed = s.confirmed;
        if (confirm) s.confirmed = true;
        status = s.status;
        if (status == ShipmentStatus.Arrived) {
            uint160 handover = s.handover;
            (arrivedAt, pausedSecondsAtArrival) = (uint40(handover), uint40(handover >> 40));
        }
        orderId = s.orderId;
        quantities = _shipped(shipmentId, s.lineCount);
    }

    /// @inheritdoc IShipmentSource
    function isConfirmed(uint256 shipmentId) external view returns (bool) {
        return _shipments[shipmentId].confirmed;
    }

    /// @inheritdoc IShipmentSource
    function shipmentsOfOrder(uint256 orderId) external view returns (uint256[] memory ids) {
        OrderShipments memory list = _orderShipments[orderId];
        ids = new uint256[](list.count);
        uint256 id = list.lastShipmentId;
        for (uint256 i = list.count; i > 0; --i) {
            // bounded: count <= MAX_SHIPMENTS_PER_ORDER; the links run newest to oldest
            ids[i - 1] = id;
            id = _shipments[id].previousOfOrder;
        }
    }

    /// @inheritdoc IShipmentTracking
    function shipmentOfRef(uint64 orgId, bytes32 ref) external view returns (uint256) {
        return _shipmentOfRef[orgId][ref];
    }

    /// @inheritdoc IShipmentTracking
    function checkpointOfRef(uint64 orgId, bytes32 ref) external view returns (uint256 shipmentId, uint32 index) {
        CheckpointRef memory used = _checkpointOfRef[orgId][ref];
        return (used.shipmentId, used.index);
    }

    /// @inheritdoc IShipmentTracking
    function checkpointHead(uint256 shipmentId)
        external
        view
        returns (bytes32 head, uint32 checkpointCount, uint64 lastOccurredAt)
    {
        ShipmentRecord storage s = _existing(shipmentId);
        uint32 count = s.checkpointCount;
        // before the first checkpoint the stored time is the earliest allowed, not a checkpoint's
        return (s.head, count, count == 0 ? 0 : s.lastOccurredAt);
    }

    /// @inheritdoc IShipmentTracking
    function shipmentCount() external view returns (uint256) {
        return _shipmentCount;
    }

    /// @inheritdoc IShipmentTracking
    function nextHead(bytes32 head, address custodian, Checkpoint calldata cp) external pure returns (bytes32) {
        return _nextHead(head, custodian, cp);
    }

    /// @dev The caller is the order's supplier; the order is Active, undisputed, and `quantities`
    /// has one entry per line, each fitting 64 bits, not all zero.
    function _checkOrder(uint256 orderId, uint256[] calldata quantities) private view {
        IOrderSource.OrderSummary memory order = _orders.orderSummary(orderId);
        if (order.supplier != msg.sender) {
            revert ShipmentTrackingNotOrderSupplier(orderId, msg.sender, order.supplier);
        }
        if (order.state != IOrderSource.OrderState.Active) revert ShipmentTrackingOrderNotActive(orderId, order.state);
        if (order.disputed) revert ShipmentTrackingOrderDisputed(orderId);
        if (quantities.length != order.lineCount || quantities.length > MAX_LINES) {
            revert ShipmentTrackingInvalidQuantities(orderId, quantities.length, order.lineCount);
        }
        bool anyShipped = false;
        for (uint256 line; line < quantities.length; ++line) {
            // bounded: length <= MAX_LINES was checked above
            uint256 quantity = quantities[line];
            if (quantity > type(uint64).max) revert ShipmentTrackingQuantityTooLarge(line, quantity);
            anyShipped = anyShipped || quantity != 0;
        }
        if (!anyShipped) revert ShipmentTrackingNothingShipped(orderId);
    }

    /// @dev `ref` is set and the supplier organisation `orgId` has not used it for a shipment.
    function _checkShipmentRef(uint64 orgId, bytes32 ref) private view {
        if (ref == bytes32(0)) revert ShipmentTrackingMissingRef();
        uint256 used = _shipmentOfRef[orgId][ref];
        if (used != 0) revert ShipmentTrackingDuplicateShipmentRef(orgId, ref, used);
    }

    /// @dev `ref` is set and the carrier organisation `orgId` has not used it for a checkpoint.
    function _checkCheckpointRef(uint64 orgId, bytes32 ref) private view {
        if (ref == bytes32(0)) revert ShipmentTrackingMissingRef();
        CheckpointRef memory used = _checkpointOfRef[orgId][ref];
        if (used.shipmentId != 0) {
            revert ShipmentTrackingDuplicateCheckpointRef(orgId, ref, used.shipmentId, used.index);
        }
    }

    /// @dev Links `shipmentId` as the newest shipment of `orderId`; returns the one before it.
    function _appendToOrder(uint256 orderId, uint256 shipmentId) private returns (uint48 previous) {
        OrderShipments storage list = _orderShipments[orderId];
        uint8 count = list.count;
        if (count >= MAX_SHIPMENTS_PER_ORDER) revert ShipmentTrackingTooManyShipments(orderId, MAX_SHIPMENTS_PER_ORDER);
        previous = list.lastShipmentId;
        // safe casts: shipment ids are the counter (one per transaction, far below 2^48) and
        // count < MAX_SHIPMENTS_PER_ORDER (100) was checked above
        (list.lastShipmentId, list.count) = (uint48(shipmentId), count + 1);
    }

    /// @dev Writes the two slots of a new shipment, each in one SSTORE.
    function _storeShipment(
        uint256 shipmentId,
        uint256 orderId,
        uint48 previous,
        address carrier,
        uint256 lineCount
    ) private {
        ShipmentRecord storage s = _shipments[shipmentId];
        // safe casts: order ids are OrderEscrow's counter (its `orderSummary` reverts for any
        // other id, see _checkOrder), growing by one per transaction, far below 2^48; lineCount
        // <= MAX_LINES (_checkOrder);
        // block.timestamp < 2^40. Before the first checkpoint `lastOccurredAt` holds the
        // registration time (see `_checkCheckpoint`).
        (s.orderId, s.previousOfOrder) = (uint48(orderId), previous);
        (s.custodian, s.status, s.lastOccurredAt, s.lineCount) =
            (carrier, ShipmentStatus.Registered, uint40(block.timestamp), uint8(lineCount));
    }

    /// @dev Copies the checked quantities into packed storage, then the expected arrival after
    /// them; zero quantities stay unwritten (2,200 gas each saved when a whole slot would be zero).
    function _storeQuantities(uint256 shipmentId, uint256[] calldata quantities, uint64 expectedArrivalAt) private {
        uint256 count = quantities.length;
        for (uint256 line; line < count; ++line) {
            // bounded: length <= MAX_LINES; safe cast: each quantity was checked to fit 64 bits
            uint256 quantity = quantities[line];
            if (quantity != 0) _quantities[shipmentId][line] = uint64(quantity);
        }
        _quantities[shipmentId][count] = expectedArrivalAt;
    }

    /// @dev The first `lineCount` stored quantities of `shipmentId`, widened.
    function _shipped(uint256 shipmentId, uint256 lineCount) private view returns (uint256[] memory quantities) {
        uint64[MAX_LINES + 1] storage stored = _quantities[shipmentId];
        quantities = new uint256[](lineCount);
        for (uint256 line; line < lineCount; ++line) {
            // bounded: lineCount <= MAX_LINES
            quantities[line] = stored[line];
        }
    }

    /// @dev Reverts unless `account` holds `role` in a non-suspended organisation and the system is
    /// not paused. Called for its reverts; the organisation id it returns is not needed here.
    function _checkParticipant(address account, bytes32 role) private view returns (uint64 orgId) {
        return _registry.checkParticipant(account, role);
    }

    /// @dev Whether `carrier` can no longer record checkpoints: it belongs to no organisation, lost
    /// CARRIER, or its organisation is suspended.
    function _stranded(address carrier) private view returns (bool) {
        uint64 orgId = _registry.orgOf(carrier);
        return orgId == 0 || !_registry.hasRole(_carrierRole, carrier) || _registry.organisation(orgId).suspended;
    }

    /// @dev The shipment exists, has not arrived, and the caller holds custody.
    function _checkCustodian(uint256 shipmentId, ShipmentRecord storage s) private view {
        _checkOpen(shipmentId, s.status);
        address custodian = s.custodian;
        if (custodian != msg.sender) revert ShipmentTrackingNotCustodian(shipmentId, msg.sender, custodian);
    }

    /// @dev The shipment exists and has not arrived.
    function _checkOpen(uint256 shipmentId, ShipmentStatus status) private pure {
        if (status == ShipmentStatus.None) revert ShipmentTrackingUnknownShipment(shipmentId);
        if (status == ShipmentStatus.Arrived) revert ShipmentTrackingAlreadyArrived(shipmentId);
    }

    /// @dev Kind, location, coordinates and time of `cp` are valid after a checkpoint at `previousAt`.
    function _checkCheckpoint(uint256 shipmentId, Checkpoint calldata cp, uint40 previousAt, uint32 index)
        private
        view
    {
        if (cp.kind == CheckpointKind.None) revert ShipmentTrackingInvalidCheckpointKind(shipmentId);
        if (cp.location == bytes32(0)) revert ShipmentTrackingMissingLocation(shipmentId);
        int32 lat = cp.latitudeE6;
        int32 lon = cp.longitudeE6;
        if (lat > 90e6 || lat < -90e6 || lon > 180e6 || lon < -180e6) {
            revert ShipmentTrackingInvalidCoordinates(lat, lon);
        }
        uint64 occurredAt = cp.occurredAt;
        if (occurredAt > block.timestamp) revert ShipmentTrackingCheckpointInFuture(occurredAt, block.timestamp);
        if (occurredAt >= previousAt) return;
        if (index != 0) revert ShipmentTrackingCheckpointOutOfOrder(occurredAt, previousAt);
        // The first checkpoint, dated before the registration (`previousAt`): within the policy's
        // tolerance (read only here, so neither registration nor a timely checkpoint pays for it).
        uint256 tolerance = _registry.policy().checkpointBackdateToleranceSec;
        uint256 earliestAt = previousAt > tolerance ? previousAt - tolerance : 0;
        if (occurredAt < earliestAt) {
            // safe cast because earliestAt <= previousAt < 2^40
            revert ShipmentTrackingCheckpointBeforeRegistration(shipmentId, occurredAt, uint64(earliestAt));
        }
    }

    /// @dev Arrival: the block's time is the arrival time (never caller-given, so it cannot be
    /// backdated to dodge the late penalty); the registry's pause clock is kept beside it (same
    /// slot), so OrderEscrow can extend deadlines by the time paused; a pending nomination lapses
    /// (both are written over the nominee, see `ShipmentRecord.handover`).
    function _markArrived(ShipmentRecord storage s) private {
        // safe casts: block.timestamp < 2^40, and the time spent paused is at most the time elapsed
        s.handover = uint160(uint40(block.timestamp)) | (uint160(uint40(_registry.pausedSeconds())) << 40);
    }

    /// @dev The pending nominee: none once arrived, or when `handover` is zero or the custodian.
    function _nomineeOf(ShipmentRecord storage s) private view returns (address nominee) {
        if (s.status == ShipmentStatus.Arrived) return address(0);
        nominee = address(s.handover);
        if (nominee == s.custodian) nominee = address(0);
    }

    /// @dev The arrival time, zero before arrival.
    function _arrivedAt(ShipmentRecord storage s) private view returns (uint64 arrivedAt) {
        (arrivedAt, ) = _arrivalOf(s.status, s.handover);
    }

    /// @dev Arrival time and the registry's paused seconds at arrival, from `handover` (both zero
    /// before arrival, when `handover` holds the nominee).
    function _arrivalOf(ShipmentStatus status, uint160 handover)
        private
        pure
        returns (uint64 arrivedAt, uint64 pausedSecondsAtArrival)
    {
        if (status != ShipmentStatus.Arrived) return (0, 0);
        return (uint40(handover), uint40(handover >> 40));
    }

    /// @dev Emits `CheckpointRecorded`; its own function to keep the caller's stack small.
    function _emitCheckpoint(uint256 shipmentId, uint32 index, Checkpoint calldata cp, bytes32 head, bytes32 ref)
        private
    {
        emit CheckpointRecorded(
            shipmentId,
            index,
            msg.sender,
            cp.kind,
            cp.location,
            cp.latitudeE6,
            cp.longitudeE6,
            cp.occurredAt,
            cp.evidenceHash,
            head,
            ref
        );
    }

    function _nextHead(bytes32 head, address custodian, Checkpoint calldata cp) private pure returns (bytes32) {
        return keccak256(
            abi.encode(
                head, cp.kind, cp.location, cp.latitudeE6, cp.longitudeE6, cp.occurredAt, cp.evidenceHash, custodian
            )
        );
    }

    /// @dev The record of an existing shipment; reverts for an unknown id.
    function _existing(uint256 shipmentId) private view returns (ShipmentRecord storage s) {
        s = _shipments[shipmentId];
        if (s.status == ShipmentStatus.None) revert ShipmentTrackingUnknownShipment(shipmentId);
    }
}

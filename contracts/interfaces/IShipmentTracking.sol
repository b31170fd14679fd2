// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {IOrderSource} from "./IOrderSource.sol";
import {IShipmentSource} from "./IShipmentSource.sol";

/// @title Rantai shipment tracking
/// @notice Follows the goods of a purchase order from origin to the agency's warehouse (DESIGN
/// section 5, "Shipments"): the order's supplier registers a shipment with the quantities per order
/// line and a carrier; the carrier holding custody records checkpoints; custody moves by handover
/// (nominate, then accept); the Arrived checkpoint ends tracking and fixes `arrivedAt`, from which
/// OrderEscrow computes the late penalty when the agency confirms the delivery.
/// @dev Checkpoints are events only. Storage keeps, per shipment, a running hash `head` over all
/// checkpoints and their count, so an off-chain copy of the history (e.g. rebuilt from the
/// `CheckpointRecorded` events) can be proven complete and untampered: fold `nextHead` over the copy
/// from `bytes32(0)` and compare with `checkpointHead`. The origin is in `ShipmentRegistered` only.
/// It extends {IShipmentSource} (status, `Shipment`, `shipment`, `shippedQuantities`, `arrival`,
/// `shipmentsOfOrder`: what OrderEscrow reads), so the two cannot drift apart.
interface IShipmentTracking is IShipmentSource {
    /// @notice What a checkpoint reports. None is invalid. Arrived ends tracking; every other kind
    /// moves the shipment to InTransit.
    enum CheckpointKind {
        None,
        PickedUp,
        InTransit,
        AtCustoms,
        Arrived,
        Exception
    }

    /// @notice Where the goods come from; recorded in `ShipmentRegistered` only, not stored.
    /// @param countryCode ISO 3166-1 alpha-2 code as two ASCII bytes (e.g. "ID").
    /// @param region Region or province code (e.g. ISO 3166-2 "ID-JT"), ASCII, left-aligned.
    /// @param producerGln GS1 Global Location Number of the producer, ASCII, left-aligned; zero if
    /// unknown.
    struct Origin {
        bytes2 countryCode;
        bytes32 region;
        bytes32 producerGln;
    }

    /// @notice One tracking event reported by the custodian.
    /// @param kind What happened; not None.
    /// @param location UN/LOCODE (e.g. "IDTPP") or GLN, ASCII, left-aligned; not zero.
    /// @param latitudeE6 Latitude in micro-degrees, within ±90e6. Latitude and longitude both zero
    /// mean "no coordinates given".
    /// @param longitudeE6 Longitude in micro-degrees, within ±180e6.
    /// @param occurredAt When it happened (unix seconds): not in the future and not before the
    /// previous checkpoint of the shipment.
    /// @param evidenceHash Hash of the evidence document (photo, waybill) in the off-chain store;
    /// may be zero.
    struct Checkpoint {
        CheckpointKind kind;
        bytes32 location;
        int32 latitudeE6;
        int32 longitudeE6;
        uint64 occurredAt;
        bytes32 evidenceHash;
    }

    /// @notice A constructor address is zero.
    error ShipmentTrackingZeroAddress();
    /// @notice No shipment has this id.
    error ShipmentTrackingUnknownShipment(uint256 shipmentId);
    /// @notice Only the order's supplier may register shipments for it.
    error ShipmentTrackingNotOrderSupplier(uint256 orderId, address caller, address supplier);
    /// @notice Shipments can be registered only for an Active order.
    error ShipmentTrackingOrderNotActive(uint256 orderId, IOrderSource.OrderState state);
    /// @notice The order has an open dispute: no new shipments until it is resolved.
    error ShipmentTrackingOrderDisputed(uint256 orderId);
    /// @notice `quantities` must have one entry per order line (`lineCount`, at most MAX_LINES).
    error ShipmentTrackingInvalidQuantities(uint256 orderId, uint256 length, uint16 lineCount);
    /// @notice Every quantity is zero: nothing would be shipped.
    error ShipmentTrackingNothingShipped(uint256 orderId);
    /// @notice A quantity does not fit the stored 64 bits.
    error ShipmentTrackingQuantityTooLarge(uint256 line, uint256 quantity);
    /// @notice The expected arrival must lie after the registration block's timestamp.
    error ShipmentTrackingExpectedArrivalNotInFuture(uint64 expectedArrivalAt, uint256 nowAt);
    /// @notice The order already has MAX_SHIPMENTS_PER_ORDER shipments.
    error ShipmentTrackingTooManyShipments(uint256 orderId, uint256 maxShipments);
    /// @notice Only the current custodian may do this.
    error ShipmentTrackingNotCustodian(uint256 shipmentId, address caller, address custodian);
    /// @notice The shipment has arrived: tracking and custody are closed.
    error ShipmentTrackingAlreadyArrived(uint256 shipmentId);
    /// @notice Checkpoint kind None is not a checkpoint.
    error ShipmentTrackingInvalidCheckpointKind(uint256 shipmentId);
    /// @notice The checkpoint has no location code.
    error ShipmentTrackingMissingLocation(uint256 shipmentId);
    /// @notice Latitude outside ±90e6 or longitude outside ±180e6 micro-degrees.
    error ShipmentTrackingInvalidCoordinates(int32 latitudeE6, int32 longitudeE6);
    /// @notice The checkpoint's time lies after the block's timestamp.
    error ShipmentTrackingCheckpointInFuture(uint64 occurredAt, uint256 nowAt);
    /// @notice The first checkpoint's time lies before `earliestAt`: the shipment's registration
    /// less the policy's `checkpointBackdateToleranceSec` (a timeline cannot be backdated).
    error ShipmentTrackingCheckpointBeforeRegistration(uint256 shipmentId, uint64 occurredAt, uint64 earliestAt);
    /// @notice Custody can be reassigned only from a stranded custodian: one whose organisation is
    /// suspended or who no longer is an active CARRIER member.
    error ShipmentTrackingCustodianActive(uint256 shipmentId, address custodian);
    /// @notice The checkpoint's time lies before the previous checkpoint's.
    error ShipmentTrackingCheckpointOutOfOrder(uint64 occurredAt, uint64 previousOccurredAt);
    /// @notice The custodian cannot nominate itself.
    error ShipmentTrackingInvalidNominee(uint256 shipmentId, address nominee);
    /// @notice Only the nominated carrier may accept custody (zero nominee: nobody is nominated).
    error ShipmentTrackingNotNominee(uint256 shipmentId, address caller, address nominee);
    /// @notice A shipment or checkpoint needs a client reference (`ref`): zero is not one.
    error ShipmentTrackingMissingRef();
    /// @notice The supplier organisation `orgId` already registered shipment `shipmentId` with
    /// this reference: the chain records each reference once (a retry or a duplicated row).
    error ShipmentTrackingDuplicateShipmentRef(uint64 orgId, bytes32 ref, uint256 shipmentId);
    /// @notice The carrier organisation `orgId` already recorded checkpoint `index` of
    /// `shipmentId` with this reference.
    error ShipmentTrackingDuplicateCheckpointRef(uint64 orgId, bytes32 ref, uint256 shipmentId, uint32 index);

    /// @notice The supplier registered shipment `shipmentId` of order `orderId`, handed to `carrier`.
    /// @param quantities Quantity shipped per order line (index = line index of the order).
    /// @param ref The client's reference, unique per supplier organisation (`shipmentOfRef`).
    event ShipmentRegistered(
        uint256 indexed shipmentId,
        uint256 indexed orderId,
        address indexed carrier,
        address supplier,
        uint256[] quantities,
        Origin origin,
        uint64 expectedArrivalAt,
        bytes32 ref
    );
    /// @notice The custodian recorded checkpoint number `index` (0-based) of `shipmentId`;
    /// `newHead` is the shipment's running hash after it; `ref` the client's reference, unique
    /// per carrier organisation (`checkpointOfRef`; not part of the running hash).
    event CheckpointRecorded(
        uint256 indexed shipmentId,
        uint32 index,
        address indexed custodian,
        CheckpointKind kind,
        bytes32 location,
        int32 latitudeE6,
        int32 longitudeE6,
        uint64 occurredAt,
        bytes32 evidenceHash,
        bytes32 newHead,
        bytes32 ref
    );
    /// @notice The Arrived checkpoint of `shipmentId` was recorded at block time `arrivedAt`.
    event ShipmentArrived(uint256 indexed shipmentId, uint256 indexed orderId, uint64 arrivedAt);
    /// @notice `custodian` nominated `nominee` to take custody of `shipmentId`.
    event CustodianNominated(uint256 indexed shipmentId, address indexed custodian, address indexed nominee);
    /// @notice The order's supplier reassigned custody of `shipmentId` from a stranded custodian
    /// (`CustodyTransferred` follows); the reason document is behind `reasonHash`.
    event CustodyReassigned(uint256 indexed shipmentId, address indexed supplier, bytes32 reasonHash);
    /// @notice Custody of `shipmentId` moved from `previousCustodian` to `newCustodian`.
    event CustodyTransferred(
        uint256 indexed shipmentId, address indexed previousCustodian, address indexed newCustodian
    );

    /// @notice Most order lines a shipment can carry (the bound of the quantities loops).
    function MAX_LINES() external view returns (uint256);
    /// @notice Most shipments one order can have (the bound of `shipmentsOfOrder`).
    function MAX_SHIPMENTS_PER_ORDER() external view returns (uint256);
    /// @notice The participant registry (roles, suspension, pause).
    function registry() external view returns (address);
    /// @notice The OrderEscrow whose orders shipments belong to.
    function orderEscrow() external view returns (address);

    /// @notice Registers a shipment of order `orderId` and hands custody to `carrier`.
    /// @dev Requirements: caller passes `checkParticipant(caller, SUPPLIER)` and is the order's
    /// supplier; the order is Active and not disputed; `quantities` has exactly `lineCount` entries
    /// (≤ MAX_LINES), each < 2^64, at least one not zero; `carrier` passes
    /// `checkParticipant(carrier, CARRIER)`; `expectedArrivalAt` > block.timestamp; the order has
    /// fewer than MAX_SHIPMENTS_PER_ORDER shipments; `ref` is not zero
    /// (`ShipmentTrackingMissingRef`) and the caller's organisation has not used it for a
    /// shipment before (`ShipmentTrackingDuplicateShipmentRef`, checked before the order, so a
    /// retry is told what it already created). Ids start at 1.
    /// Gas: two fresh shipment slots, the quantities (four to a slot), the reference slot, and
    /// the order's one-slot shipment list; no policy read. Emits `ShipmentRegistered`.
    /// @param ref The client's reference (e.g. a hash of a waybill number or of a bulk row key).
    /// @return shipmentId The new shipment's id.
    function registerShipment(
        uint256 orderId,
        uint256[] calldata quantities,
        Origin calldata origin,
        address carrier,
        uint64 expectedArrivalAt,
        bytes32 ref
    ) external returns (uint256 shipmentId);

    /// @notice Records checkpoint `cp` of shipment `shipmentId`: appends it to the running hash
    /// (`head = nextHead(head, custodian, cp)`), counts it and moves the status (Arrived: status
    /// Arrived, `arrivedAt` = block.timestamp, any pending nomination dropped; otherwise InTransit).
    /// @dev Requirements: caller passes `checkParticipant(caller, CARRIER)` and is the custodian;
    /// the shipment has not arrived; `cp.kind` is not None; `cp.location` is not zero; coordinates
    /// within range; `cp.occurredAt` ≤ block.timestamp and ≥ the previous checkpoint's occurredAt
    /// (the first: ≥ registration − the policy's `checkpointBackdateToleranceSec`, the policy in
    /// force when the checkpoint is recorded); `ref` is not zero and the caller's organisation
    /// has not used it for a checkpoint before (`ShipmentTrackingDuplicateCheckpointRef`,
    /// checked first).
    /// Gas: the hot path reads and writes two storage slots (the custody slot: custodian, status,
    /// count and last occurredAt packed; and the head), fills the reference slot and emits one
    /// log; the policy is read only for a first checkpoint dated before the registration.
    /// Emits `CheckpointRecorded`, and `ShipmentArrived` for kind Arrived.
    /// @param ref The carrier's reference (e.g. a hash of a scan id or of a bulk row key).
    function recordCheckpoint(uint256 shipmentId, Checkpoint calldata cp, bytes32 ref) external;

    /// @notice Nominates `nextCarrier` to take custody of `shipmentId` (replacing any earlier
    /// nominee); custody moves when it calls `acceptCustody`.
    /// @dev Requirements: caller passes `checkParticipant(caller, CARRIER)` and is the custodian;
    /// not arrived; `nextCarrier` passes `checkParticipant(nextCarrier, CARRIER)` and is not the
    /// caller. Emits `CustodianNominated`.
    function nominateCustodian(uint256 shipmentId, address nextCarrier) external;

    /// @notice The order's supplier hands custody of `shipmentId` to `newCarrier` when the
    /// custodian is stranded (its organisation suspended, or it left its organisation or lost
    /// CARRIER), so the goods can move on; any nomination is cleared.
    /// @dev Requirements: caller passes `checkParticipant(caller, SUPPLIER)` and is the order's
    /// supplier; not arrived; the custodian is stranded (`ShipmentTrackingCustodianActive`);
    /// `newCarrier` passes `checkParticipant(newCarrier, CARRIER)`.
    /// Emits `CustodyReassigned` and `CustodyTransferred`.
    function reassignCustody(uint256 shipmentId, address newCarrier, bytes32 reasonHash) external;

    /// @notice The nominee takes custody of `shipmentId`; the nomination is cleared.
    /// @dev Requirements: caller passes `checkParticipant(caller, CARRIER)` and is the nominee;
    /// not arrived. Emits `CustodyTransferred`.
    function acceptCustody(uint256 shipmentId) external;

    /// @notice The running hash, number of checkpoints and last checkpoint time of `shipmentId`
    /// (what a client needs to prove a copy and to check a checkpoint before sending it).
    /// Reverts `ShipmentTrackingUnknownShipment` for an unknown id.
    function checkpointHead(uint256 shipmentId)
        external
        view
        returns (bytes32 head, uint32 checkpointCount, uint64 lastOccurredAt);

    /// @notice The shipment the supplier organisation `orgId` registered with reference `ref`;
    /// 0 when the reference is unused.
    function shipmentOfRef(uint64 orgId, bytes32 ref) external view returns (uint256);

    /// @notice The shipment and checkpoint index the carrier organisation `orgId` recorded with
    /// reference `ref`; (0, 0) when the reference is unused.
    function checkpointOfRef(uint64 orgId, bytes32 ref) external view returns (uint256 shipmentId, uint32 index);

    /// @notice Number of shipments registered so far (the highest id).
    function shipmentCount() external view returns (uint256);

    /// @notice The running hash after appending `cp`, recorded by `custodian`, to `head`:
    /// `keccak256(abi.encode(head, cp.kind, cp.location, cp.latitudeE6, cp.longitudeE6,
    /// cp.occurredAt, cp.evidenceHash, custodian))`: eight 32-byte words, each field ABI-encoded in
    /// its own word (kind as uint8, lat/lon sign-extended int32, occurredAt uint64,
    /// custodian as address). The first checkpoint starts from `bytes32(0)`.
    function nextHead(bytes32 head, address custodian, Checkpoint calldata cp) external pure returns (bytes32);
}

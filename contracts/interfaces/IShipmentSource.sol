// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title The shipment side of ShipmentTracking, as OrderEscrow uses it
/// @notice The minimal API of the ShipmentTracking contract that OrderEscrow needs to confirm a
/// delivery: a shipment's order, status and arrival time, the quantities shipped per line, and
/// the confirmed mark ShipmentTracking keeps for OrderEscrow (`confirmArrival`).
/// @dev Declared here so OrderEscrow compiles without ShipmentTracking's code; {IShipmentTracking}
/// extends it, so ShipmentTracking implements exactly these declarations.
interface IShipmentSource {
    /// @notice Life of a shipment; OrderEscrow confirms only `Arrived` shipments.
    enum ShipmentStatus {
        None,
        Registered,
        InTransit,
        Arrived
    }

    /// @notice A shipment of goods for one order.
    /// @dev `arrivedAt` is the block timestamp of the Arrived checkpoint (cannot be backdated).
    struct Shipment {
        uint256 orderId;
        address supplier;
        address custodian;
        address nominee;
        ShipmentStatus status;
        uint64 expectedArrivalAt;
        uint64 arrivedAt;
        uint32 checkpointCount;
        bytes32 head;
    }

    /// @notice The shipment `shipmentId`.
    /// @dev Reverts `ShipmentTrackingUnknownShipment(shipmentId)` for an unknown id.
    function shipment(uint256 shipmentId) external view returns (Shipment memory);

    /// @notice Quantities shipped per order line (index = line index of the order).
    function shippedQuantities(uint256 shipmentId) external view returns (uint256[] memory);

    /// @notice What confirming a delivery needs of `shipmentId` in one call: its order, status,
    /// arrival time (0 before arrival), the quantities shipped per order line and the registry's
    /// pause clock (`IRegistry.pausedSeconds`) at arrival (0 before arrival), from which
    /// OrderEscrow extends the delivery deadline and the confirmation window by paused time.
    /// @dev Reads three slots where `shipment` and `shippedQuantities` together read seven.
    /// Reverts `ShipmentTrackingUnknownShipment(shipmentId)` for an unknown id.
    function arrival(uint256 shipmentId)
        external
        view
        returns (
            uint256 orderId,
            ShipmentStatus status,
            uint64 arrivedAt,
            uint256[] memory quantities,
            uint64 pausedSecondsAtArrival
        );

    /// @notice What `arrival` returns and whether OrderEscrow confirmed `shipmentId` (a confirmed
    /// or deemed-accepted delivery); with `confirm`, it is marked confirmed from now on.
    /// @dev Requirements: the caller is the OrderEscrow this contract serves
    /// (`ShipmentTrackingNotOrderEscrow`). `confirmed` is the mark before this call; OrderEscrow
    /// reverts unless the shipment arrived and was not confirmed, which undoes the mark. The mark
    /// shares the custody slot the call reads anyway (2,900 gas; a word of OrderEscrow's own cost
    /// 5,000, and 22,100 for the first of each 256 shipment ids). Reverts
    /// `ShipmentTrackingUnknownShipment(shipmentId)` for an unknown id.
    function confirmArrival(uint256 shipmentId, bool confirm)
        external
        returns (
            uint256 orderId,
            ShipmentStatus status,
            uint64 arrivedAt,
            uint256[] memory quantities,
            uint64 pausedSecondsAtArrival,
            bool confirmed
        );

    /// @notice Whether OrderEscrow confirmed `shipmentId` (false for an unknown id).
    function isConfirmed(uint256 shipmentId) external view returns (bool);

    /// @notice Ids of the shipments of `orderId`, in registration order (at most
    /// MAX_SHIPMENTS_PER_ORDER; empty for an order without shipments). OrderEscrow reads them
    /// before a termination, which must not refund goods that arrived.
    function shipmentsOfOrder(uint256 orderId) external view returns (uint256[] memory);
}

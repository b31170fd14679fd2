// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title What ShipmentTracking reads from OrderEscrow
/// @notice The part of OrderEscrow's fixed cross-contract API that ShipmentTracking needs: who the
/// parties of an order are, its state and its number of lines.
/// @dev ShipmentTracking depends on this one view only; {IOrderEscrow} extends it, so OrderEscrow
/// implements exactly these declarations.
interface IOrderSource {
    /// @notice Lifecycle of a purchase order; states only move forward.
    enum OrderState {
        None,
        Created,
        Active,
        Delivered,
        Closed,
        Cancelled,
        Terminated
    }

    /// @notice The parties, state and size of an order.
    struct OrderSummary {
        address agency;
        address supplier;
        OrderState state;
        bool disputed;
        uint16 lineCount;
    }

    /// @notice The summary of order `orderId`.
    /// @dev Reverts `OrderEscrowUnknownOrder(orderId)` for an unknown id.
    function orderSummary(uint256 orderId) external view returns (OrderSummary memory);
}

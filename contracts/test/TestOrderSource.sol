// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IOrderSource} from "../interfaces/IOrderSource.sol";

/// @title TestOrderSource
/// @notice Test double of OrderEscrow's `orderSummary` for ShipmentTracking tests: any summary can
/// be set for any id. Never deployed outside tests.
contract TestOrderSource is IOrderSource {
    /// @notice Same error as OrderEscrow's for an unknown id.
    error OrderEscrowUnknownOrder(uint256 orderId);

    mapping(uint256 orderId => OrderSummary) private _summaries;

    /// @notice Sets (or replaces) the summary of `orderId`; state None makes it unknown again.
    function setOrderSummary(uint256 orderId, OrderSummary calldata summary) external {
        _summaries[orderId] = summary;
    }

    /// @inheritdoc IOrderSource
    function orderSummary(uint256 orderId) external view returns (OrderSummary memory summary) {
        summary = _summaries[orderId];
        if (summary.state == OrderState.None) revert OrderEscrowUnknownOrder(orderId);
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {MintableTestToken} from "./MintableTestToken.sol";

/// @title Bond token that misbehaves on demand (tests only)
/// @notice An ERC-20 whose transfers can return false or call back into another contract, to
/// prove that Tendering checks transfer results (SafeERC20) and guards against reentrancy. The
/// real RupiahToken does neither, so these paths are unreachable in production.
contract TenderingTestToken is MintableTestToken {
    /// @notice Normal transfers; transfers returning false without moving; transfers that first
    /// call `reentryTarget` with `reentryCalldata` (its revert bubbles up).
    enum Mode {
        Normal,
        ReturnFalse,
        Reenter
    }

    Mode public mode;
    address public reentryTarget;
    bytes public reentryCalldata;

    constructor() MintableTestToken("Test Rupiah", "tIDR") {}

    /// @notice Sets how the next transfers behave.
    function misbehave(Mode mode_, address target, bytes calldata data) external {
        mode = mode_;
        reentryTarget = target;
        reentryCalldata = data;
    }

    function transfer(address to, uint256 value) public override returns (bool) {
        if (_misbehave()) return false;
        return super.transfer(to, value);
    }

    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        if (_misbehave()) return false;
        return super.transferFrom(from, to, value);
    }

    /// @dev Returns true when the transfer must return false; reenters first in Reenter mode.
    function _misbehave() private returns (bool) {
        if (mode == Mode.Reenter) Address.functionCall(reentryTarget, reentryCalldata);
        return mode == Mode.ReturnFalse;
    }
}

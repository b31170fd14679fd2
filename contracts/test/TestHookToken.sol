// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {MintableTestToken} from "./MintableTestToken.sol";

/// @title TestHookToken
/// @notice Test double of a settlement token that misbehaves on demand, for OrderEscrow's tests:
/// `transferFrom` returns false instead of moving tokens, or first calls back into a target (to
/// prove the escrow's reentrancy guard). Anyone may mint and configure it. Never deployed outside
/// tests; the real settlement token (RupiahToken) has no hooks.
contract TestHookToken is MintableTestToken {
    bool private _returnFalse;
    address private _hookTarget;
    bytes private _hookData;

    constructor() MintableTestToken("Hook Rupiah", "HOOK") {}

    /// @notice Makes `transferFrom` return false (without moving tokens) while `on`.
    function setReturnFalse(bool on) external {
        _returnFalse = on;
    }

    /// @notice Makes `transferFrom` call `target` with `data` first (zero target: no call); a
    /// revert of that call is bubbled up.
    function setHook(address target, bytes calldata data) external {
        _hookTarget = target;
        _hookData = data;
    }

    /// @inheritdoc ERC20
    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        if (_returnFalse) return false;
        if (_hookTarget != address(0)) Address.functionCall(_hookTarget, _hookData);
        return super.transferFrom(from, to, value);
    }
}

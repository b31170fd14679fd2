// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title MintableTestToken
/// @notice The common part of the misbehaving test tokens (TenderingTestToken, TestHookToken):
/// an ERC-20 in whole units, like the Rupiah token, that anyone may mint. Tests only.
abstract contract MintableTestToken is ERC20 {
    constructor(string memory name_, string memory symbol_) ERC20(name_, symbol_) {}

    /// @notice Whole units, like the Rupiah token.
    function decimals() public pure override returns (uint8) {
        return 0;
    }

    /// @notice Anyone may mint: a test token.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}

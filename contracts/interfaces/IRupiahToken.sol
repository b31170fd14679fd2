// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title Rupiah settlement token of the Rantai pilot
/// @notice An ERC-20 counted in whole rupiah (0 decimals). The treasury mints it for the pilot; a
/// production network points the escrow at the real settlement token instead.
interface IRupiahToken is IERC20 {
    /// @notice The amount to mint is zero.
    error RupiahTokenZeroAmount();

    /// @notice The treasury minted `amountIdr` rupiah to `to`.
    /// @dev Emitted after the balance changed, next to the ERC-20 `Transfer` from address zero.
    event RupiahMinted(address indexed to, uint256 amountIdr, address indexed treasury);

    /// @notice Role allowed to mint: the treasury (DESIGN section 4).
    function TREASURY_ROLE() external view returns (bytes32);

    /// @notice Mints `amountIdr` whole rupiah to `to`.
    /// @dev Requirements: caller holds `TREASURY_ROLE`; `amountIdr` is not zero; `to` is not zero.
    /// Emits `Transfer` and `RupiahMinted`.
    function mint(address to, uint256 amountIdr) external;
}

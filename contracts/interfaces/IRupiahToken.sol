// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IRegistry} from "./IRegistry.sol";

/// @title Rupiah settlement token of the Rantai pilot
/// @notice An ERC-20 counted in whole rupiah (0 decimals). The treasury mints it for the pilot; a
/// production network points the escrow at the real settlement token instead.
/// @dev Who may mint is decided by the Rantai `Registry` (TREASURY role, organisation not
/// suspended, system not paused); the token keeps no roles of its own.
interface IRupiahToken is IERC20 {
    /// @notice The amount to mint is zero.
    error RupiahTokenZeroAmount();
    /// @notice Minting `amountIdr` would put more rupiah in circulation than the agencies'
    /// allocated budget ceilings (pagu) back: only `availableIdr` may still be minted.
    error RupiahTokenMintExceedsBudgets(uint256 amountIdr, uint256 availableIdr);

    /// @notice The treasury minted `amountIdr` rupiah to `to`.
    /// @dev Emitted after the balance changed, next to the ERC-20 `Transfer` from address zero.
    event RupiahMinted(address indexed to, uint256 amountIdr, address indexed treasury);

    /// @notice The registry that decides who may mint.
    function registry() external view returns (IRegistry);

    /// @notice Mints `amountIdr` whole rupiah to `to`.
    /// @dev Requirements: the caller passes `registry.checkParticipant(caller, TREASURY_ROLE)`
    /// (else the registry's `EnforcedPause`, `RegistryUnauthorizedAccount` or
    /// `RegistryOrganisationSuspended`); `amountIdr` is not zero; the supply after minting
    /// does not exceed `registry.totalAllocatedIdr()`, the sum of every allocated budget ceiling
    /// (`RupiahTokenMintExceedsBudgets`): no key can print money that no pagu backs; `to` is not
    /// zero (`ERC20InvalidReceiver`).
    /// Emits `Transfer` and `RupiahMinted`.
    function mint(address to, uint256 amountIdr) external;
}

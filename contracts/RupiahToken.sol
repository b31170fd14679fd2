// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";
import {IRupiahToken} from "./interfaces/IRupiahToken.sol";

/// @title RupiahToken
/// @notice Whole-rupiah ERC-20 ("Rupiah Rantai", IDRR) minted by the treasury for the pilot.
/// @dev Minting rights come from the Rantai `Registry`: the token holds no roles of its own.
/// The supply never exceeds the registry's `totalAllocatedIdr` (the sum of the pagu ceilings).
contract RupiahToken is ERC20, IRupiahToken {
    IRegistry private immutable _registry;
    /// @dev The registry's TREASURY role id, read once at deployment (saves a call per mint).
    bytes32 private immutable _treasuryRole;

    /// @dev Reverts unless the caller is an active TREASURY participant of the registry.
    modifier onlyTreasury() {
        _checkTreasury();
        _;
    }

    /// @param registry_ The Rantai registry that decides who may mint.
    constructor(address registry_) ERC20("Rupiah Rantai", "IDRR") {
        _registry = IRegistry(registry_);
        _treasuryRole = IRegistry(registry_).TREASURY_ROLE();
    }

    /// @notice Whole rupiah: the token has no fractional unit.
    function decimals() public pure override returns (uint8) {
        return 0;
    }

    /// @inheritdoc IRupiahToken
    function registry() external view returns (IRegistry) {
        return _registry;
    }

    /// @inheritdoc IRupiahToken
    function mint(address to, uint256 amountIdr) external onlyTreasury {
        if (amountIdr == 0) revert RupiahTokenZeroAmount();
        uint256 capIdr = _registry.totalAllocatedIdr();
        uint256 supplyIdr = totalSupply();
        uint256 availableIdr = capIdr > supplyIdr ? capIdr - supplyIdr : 0;
        if (amountIdr > availableIdr) revert RupiahTokenMintExceedsBudgets(amountIdr, availableIdr);
        _mint(to, amountIdr);
        emit RupiahMinted(to, amountIdr, msg.sender);
    }

    /// @dev Reverts with the registry's `EnforcedPause`, `RegistryUnauthorizedAccount` or
    /// `RegistryOrganisationSuspended` unless the caller may act as the treasury.
    function _checkTreasury() private view returns (uint64 treasuryOrgId) {
        return _registry.checkParticipant(msg.sender, _treasuryRole);
    }
}

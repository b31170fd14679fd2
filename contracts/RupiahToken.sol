// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IRupiahToken} from "./interfaces/IRupiahToken.sol";

/// @title RupiahToken
/// @notice Whole-rupiah ERC-20 minted by the treasury for the pilot.
contract RupiahToken is ERC20, AccessControl, IRupiahToken {
    /// @inheritdoc IRupiahToken
    bytes32 public constant TREASURY_ROLE = keccak256("TREASURY");

    /// @param admin Account that administers roles (the governance council).
    /// @param treasury First account allowed to mint.
    constructor(address admin, address treasury) ERC20("Rupiah Rantai", "IDRR") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(TREASURY_ROLE, treasury);
    }

    /// @notice Whole rupiah: the token has no fractional unit.
    function decimals() public pure override returns (uint8) {
        return 0;
    }

    /// @inheritdoc IRupiahToken
    function mint(address to, uint256 amountIdr) external onlyRole(TREASURY_ROLE) {
        if (amountIdr == 0) revert RupiahTokenZeroAmount();
        _mint(to, amountIdr);
        emit RupiahMinted(to, amountIdr, msg.sender);
    }
}

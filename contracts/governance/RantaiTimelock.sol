// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title RantaiTimelock
/// @notice OpenZeppelin's `TimelockController`, unchanged, compiled into the Rantai project so
/// `ape run deploy` deploys and verifies it like the other contracts. It holds DEFAULT_ADMIN and
/// GOVERNOR of the Registry: every governance change is scheduled by the council Safe
/// (PROPOSER), is public for `minDelay` seconds, may be cancelled by the auditor guardian
/// (CANCELLER) and is then executed by the council (EXECUTOR). See docs/governance.md.
contract RantaiTimelock is TimelockController {
    /// @param minDelay The policy delay in seconds (48 h on the pilot network).
    /// @param proposers Initial PROPOSER+CANCELLER accounts (empty at deployment; bootstrap
    /// grants the council Safe).
    /// @param executors Initial EXECUTOR accounts.
    /// @param admin Temporary admin (the deployer) that bootstrap renounces after the handover.
    constructor(uint256 minDelay, address[] memory proposers, address[] memory executors, address admin)
        TimelockController(minDelay, proposers, executors, admin)
    {}
}

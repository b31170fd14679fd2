// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title Decimal
/// @notice The decimal digits of a number, for the OCDS ocids that Tendering and OrderEscrow put
/// in their events.
/// @dev OpenZeppelin's `Strings` cannot be used: since 5.5 it imports `Bytes`, whose assembly
/// uses `mcopy`, which the london EVM lacks. An internal function: compiled into each caller,
/// so sharing it costs no call and no gas.
library Decimal {
    /// @dev Decimal digits of `value`. Both loops run once per digit: at most 78 times (the
    /// digits of 2^256 - 1).
    function toString(uint256 value) internal pure returns (string memory) {
        uint256 digits = 1;
        for (uint256 rest = value / 10; rest != 0; rest /= 10) ++digits;
        bytes memory buffer = new bytes(digits);
        for (uint256 i = digits; i > 0; value /= 10) buffer[--i] = bytes1(uint8(48 + (value % 10)));
        return string(buffer);
    }
}

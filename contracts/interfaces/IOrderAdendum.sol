// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title Adendum of a Rantai purchase order (*adendum kontrak*)
/// @notice A change of an active order after its creation: new quantities per line at the
/// contracted unit prices and/or a new delivery deadline, signed by both parties with the hash of
/// the reason document, capped by the registry's `adendumCapBps` over the order's original total
/// (cumulative over every adendum) and recorded as a red flag (`AdendumSigned`). Yardstick:
/// Perpres 16/2018 (adendum kontrak).
/// @dev Served at OrderEscrow's address: OrderEscrow's fallback delegates these calls to its
/// `OrderAdendum` extension, which shares its storage (issue 13 item 4; OrderEscrow alone would
/// exceed EIP-170). Errors of OrderEscrow (`OrderEscrow…`) apply as in OrderEscrow itself.
interface IOrderAdendum {
    /// @notice The adendum would raise the order's total to `newTotalIdr`, above `capIdr` (the
    /// original total before the first adendum plus the policy's `adendumCapBps`).
    error OrderAdendumCapExceeded(uint256 orderId, uint256 newTotalIdr, uint256 capIdr);
    /// @notice The proposed terms change neither a quantity nor the delivery deadline.
    error OrderAdendumNoChange(uint256 orderId);
    /// @notice The extension was called directly rather than through its OrderEscrow.
    error OrderAdendumOnlyThroughEscrow();

    /// @notice A party proposed adendum `number` of the order: line `quantities` (unit prices
    /// unchanged), `deliveryDeadlineAt`, giving `newTotalIdr`, for the reason document
    /// `reasonHash`. The other party applies it by signing the very same terms; a newer proposal
    /// replaces it.
    event AdendumProposed(
        uint256 indexed orderId,
        uint256 number,
        address indexed proposedBy,
        bytes32 reasonHash,
        uint64[] quantities,
        uint64 deliveryDeadlineAt,
        uint256 newTotalIdr
    );
    /// @notice Red flag (a contract changed after its award): the other party signed adendum
    /// `number` with the terms of its `AdendumProposed`; the order's lines now have `quantities`
    /// and its deadline is `deliveryDeadlineAt`; its total went from `oldTotalIdr` to
    /// `newTotalIdr` (`originalTotalIdr` before the first adendum). The value difference moved
    /// into or out of escrow in the same transaction.
    event AdendumSigned(
        uint256 indexed orderId,
        uint256 number,
        address indexed signedBy,
        address indexed proposedBy,
        bytes32 reasonHash,
        uint64[] quantities,
        uint64 deliveryDeadlineAt,
        uint256 originalTotalIdr,
        uint256 oldTotalIdr,
        uint256 newTotalIdr
    );

    /// @notice Signs an *adendum* of an active order: new quantities per line (unit prices as
    /// contracted) and a delivery deadline, with the hash of the reason document. The first
    /// signature proposes; when the other party signs the very same call (same arguments) the
    /// order changes and the value difference moves: an increase is committed against the agency
    /// organisation's budget and pulled into escrow from the agency account that signed; a
    /// decrease is refunded to the agency organisation's payout account and frees budget. Any
    /// other signature (the proposer's side again, other terms) replaces the pending proposal:
    /// nothing changes without both parties, and a replaced or applied proposal cannot be applied.
    /// @dev Requirements: the order's supplier (active SUPPLIER) or an active AGENCY account of its
    /// agency organisation (`OrderEscrowNotOrderParty`; the registry's errors, also when paused);
    /// order Active without an open dispute (`OrderEscrowInvalidState`, `OrderEscrowDisputeOpen`);
    /// no arrived shipment awaiting confirmation (`OrderEscrowArrivalUnconfirmed`); one quantity
    /// per line (`OrderEscrowInvalidLineCount`); goods lines not below what was delivered,
    /// milestone lines kept at 1 and due by the new deadline (`OrderEscrowInvalidLine`); the
    /// deadline in the future (`OrderEscrowInvalidDeadline`); some change
    /// (`OrderAdendumNoChange`); the new total at most the original total × (1 + the policy's
    /// `adendumCapBps` / 10000) (`OrderAdendumCapExceeded`). All are checked at both signatures;
    /// at the second, the proposer must still be a party, and for an increase the signing agency
    /// account must have approved and hold the difference (`OrderEscrowInsufficientAllowance`,
    /// `OrderEscrowInsufficientBalance`) and the budget must have room (Registry's errors).
    /// Emits `AdendumProposed` (first signature) or `AdendumSigned` (second; and
    /// `OrderDelivered` when a decrease leaves nothing to deliver).
    function signAdendum(uint256 orderId, bytes32 reasonHash, uint64[] calldata quantities, uint64 deliveryDeadlineAt)
        external;

    /// @notice The adendum state of an order: the pending proposal's hash (keccak256 of its call
    /// data; 0 if none) and proposer, the total before the first adendum (0 until one is signed)
    /// and the number of adendums signed.
    /// @dev Reverts `OrderEscrowUnknownOrder` for an unknown order.
    function adendumState(uint256 orderId)
        external
        view
        returns (bytes32 pendingHash, address proposer, uint256 originalTotalIdr, uint256 count);
}

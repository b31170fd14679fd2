// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title The award side of Tendering, as OrderEscrow uses it
/// @notice The minimal part of the Tendering contract that OrderEscrow calls: read an award, mark
/// it ordered, settle it on acceptance, reopen it when its order is cancelled.
/// @dev Declared here so OrderEscrow compiles without Tendering's code. The selectors and the
/// `Award` tuple layout are the fixed cross-contract API of the common brief and must stay equal
/// to Tendering's own interface (a test compares the ABIs).
interface ITenderAwards {
    /// @notice Life of a tender; only `Awarded` tenders can be turned into an order.
    enum TenderStatus {
        None,
        Open,
        Awarded,
        Failed,
        Cancelled
    }

    /// @notice The result of a finalised tender.
    /// @dev `orderId` is 0 until the award was turned into an order (`consumeAward`).
    struct Award {
        address agency;
        uint64 agencyOrgId;
        uint16 fiscalYear;
        address supplier;
        uint64 supplierOrgId;
        uint256 priceIdr;
        uint256 orderId;
    }

    /// @notice The award of `tenderId`.
    /// @dev Reverts `TenderingNotAwarded(tenderId, status)` unless the tender is Awarded.
    function award(uint256 tenderId) external view returns (Award memory);

    /// @notice Marks the award of `tenderId` as turned into order `orderId`.
    /// @dev Requirements: caller holds the registry's ESCROW_ROLE; tender Awarded, no live order
    /// (else `TenderingAwardAlreadyOrdered`), objection window over and no objection pending
    /// (else `TenderingAwardOnHold`); the order is the award (issue 13 item 4): `linesHash`, the
    /// running hash of the order's lines (item hash, quantity, unit, as `itemsHashOf`), equals the
    /// tender's items hash (else `TenderingItemsMismatch`) and `deliveryDeadlineAt` lies in the
    /// tender's delivery period, extended by pauses (else `TenderingDeliveryOutsidePeriod`).
    /// Emits `AwardOrdered`.
    function consumeAward(uint256 tenderId, uint256 orderId, bytes32 linesHash, uint64 deliveryDeadlineAt)
        external;

    /// @notice The awardee accepted `orderId`: returns its bid bond and settles the award.
    /// @dev Requirements: ESCROW_ROLE; `orderId` is the award's live order; inside the
    /// acceptance window (else `TenderingNotCurrentOrder` / `TenderingAcceptanceClosed`).
    /// Emits `AwardAccepted` (and `BondRefunded` when a bond moves).
    function acceptAward(uint256 tenderId, uint256 orderId) external;

    /// @notice The agency cancelled `orderId` before acceptance: the award may be ordered again.
    /// @dev Requirements: ESCROW_ROLE. No-op unless `orderId` is the live order.
    /// Emits `AwardReopened` when it reopens.
    function reopenAward(uint256 tenderId, uint256 orderId) external;
}

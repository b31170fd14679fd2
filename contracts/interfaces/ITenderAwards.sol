// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title The award side of Tendering, as OrderEscrow uses it
/// @notice The minimal part of the Tendering contract that OrderEscrow calls: read an award, mark
/// it ordered, settle it on acceptance, reopen it when its order is cancelled.
/// @dev Declared here so OrderEscrow compiles without Tendering's code; {ITendering} extends it,
/// so the selectors and the `Award` tuple layout, the fixed cross-contract API of the common
/// brief, are declared once.
interface ITenderAwards {
    /// @notice Life of a tender. States only move forward: Open, then one of the three ends; only
    /// `Awarded` tenders can be turned into an order.
    enum TenderStatus {
        None,
        Open,
        Awarded,
        Failed,
        Cancelled
    }

    /// @notice The result of an awarded tender, read by OrderEscrow to create the order.
    /// @dev `orderId` is 0 until an order was created from the award (`consumeAward`).
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

    /// @notice Records that OrderEscrow created order `orderId` from the award.
    /// @dev Requirements: caller holds the registry's ESCROW_ROLE; tender Awarded; no live order
    /// and not accepted (else `TenderingAwardAlreadyOrdered`); the objection window is over and
    /// no objection is pending (else `TenderingAwardOnHold`); 1 <= orderId < 2^48; the order is
    /// the award (issue 13 item 4): `linesHash`, the running hash of the order's lines (item
    /// hash, quantity, unit, as `itemsHashOf`), equals the tender's items hash (else
    /// `TenderingItemsMismatch`) and `deliveryDeadlineAt` lies in the tender's delivery period
    /// (real time, the period extended by pauses since opening; else
    /// `TenderingDeliveryOutsidePeriod`). Starts the acceptance window. Emits `AwardOrdered`.
    function consumeAward(uint256 tenderId, uint256 orderId, bytes32 linesHash, uint64 deliveryDeadlineAt)
        external;

    /// @notice The awardee accepted order `orderId`: returns its bond (if held) and releases
    /// HPS - price from the agency's budget (the order carries the price from now on).
    /// @dev Called by OrderEscrow when the supplier accepts. Requirements: ESCROW_ROLE; tender
    /// Awarded; `orderId` is the live order; inside the acceptance window (tender clock; else
    /// `TenderingNotCurrentOrder` / `TenderingAcceptanceClosed`). Emits `AwardAccepted` and
    /// `BondRefunded` when a bond moves.
    function acceptAward(uint256 tenderId, uint256 orderId) external;

    /// @notice The agency cancelled order `orderId` before acceptance: the award can be ordered
    /// again (the commitment of the HPS stays with the tender). No-op unless `orderId` is the
    /// award's live order (e.g. a stale order of an awardee that defaulted).
    /// @dev Requirements: ESCROW_ROLE. Emits `AwardReopened` when the award reopens.
    function reopenAward(uint256 tenderId, uint256 orderId) external;
}

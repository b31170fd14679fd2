// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title Rantai sealed-bid tenders (commit-reveal)
/// @notice An agency opens a tender with an owner's estimate (HPS) that caps valid prices; suppliers
/// commit hidden bids and post a bond before the bid deadline, reveal them before the reveal
/// deadline, and anyone then finalises: the lowest valid, non-disqualified price wins, ties go to
/// the earlier commit. DESIGN section 5, "Tender".
/// @dev Only what later logic needs is stored; items, the spec URI and hashes are in `TenderOpened`
/// for auditors to rebuild from logs. Finalisation and cancellation loop over at most
/// `MAX_BIDS_BOUND` bids. Amounts are whole rupiah (the Rupiah token has 0 decimals).
interface ITendering {
    /// @notice Life of a tender. States only move forward: Open, then one of the three ends.
    enum TenderStatus {
        None,
        Open,
        Awarded,
        Failed,
        Cancelled
    }

    /// @notice Life of a bid. A bid keeps its last state after the tender ends: the tender status
    /// and the `BondRefunded` / `BondForfeited` events tell what happened to its bond.
    enum BidState {
        None,
        Committed,
        Revealed,
        Disqualified
    }

    /// @notice One line of a tender: what (hash of the off-chain description), how many, in what
    /// unit (e.g. "unit", "kg", "milestone", right-padded ASCII).
    struct Item {
        bytes32 descriptionHash;
        uint64 quantity;
        bytes16 unit;
    }

    /// @notice What an agency gives to open a tender.
    /// @dev `hpsIdr` (harga perkiraan sendiri, the owner's estimate) is public and is the highest
    /// valid price; it is committed against the agency's budget for `fiscalYear`. `bondIdr` may be
    /// zero (no bond).
    struct TenderParams {
        bytes32 specHash;
        string specUri;
        Item[] items;
        uint256 hpsIdr;
        uint64 bidDeadlineAt;
        uint64 revealDeadlineAt;
        uint256 bondIdr;
        uint16 fiscalYear;
    }

    /// @notice A tender as stored.
    /// @dev Packed in four slots: (agency, agencyOrgId, fiscalYear, status) | (hpsIdr, bondIdr) |
    /// (bidDeadlineAt, revealDeadlineAt, maxBids, bidCount) | (winner, orderId, winnerBondHeld).
    /// The amounts fit 128 bits (a budget ceiling is a uint128). `maxBids` is the policy's cap at
    /// opening (at most `MAX_BIDS_BOUND`); `winner` is zero unless Awarded; `orderId` is zero until
    /// the escrow consumes the award.
    struct Tender {
        address agency;
        uint64 agencyOrgId;
        uint16 fiscalYear;
        TenderStatus status;
        uint128 hpsIdr;
        uint128 bondIdr;
        uint64 bidDeadlineAt;
        uint64 revealDeadlineAt;
        uint32 maxBids;
        uint32 bidCount;
        address winner;
        uint64 orderId;
        bool winnerBondHeld;
    }

    /// @notice A bid as stored.
    /// @dev Two slots: the commitment | (priceIdr, supplierOrgId, seq, state). `priceIdr` is zero
    /// until revealed, and saturates at 2^128-1 (any such price is above every HPS, hence invalid;
    /// `BidRevealed` carries the exact value). `seq` is the commit order, from 0.
    struct Bid {
        bytes32 commitment;
        uint128 priceIdr;
        uint64 supplierOrgId;
        uint32 seq;
        BidState state;
    }

    /// @notice The result of an awarded tender, read by OrderEscrow to create the order.
    /// @dev `orderId` is 0 until an order was created from the award.
    struct Award {
        address agency;
        uint64 agencyOrgId;
        uint16 fiscalYear;
        address supplier;
        uint64 supplierOrgId;
        uint256 priceIdr;
        uint256 orderId;
    }

    /// @notice No tender has this id.
    error TenderingUnknownTender(uint256 tenderId);
    /// @notice The tender is not Open (it was finalised or cancelled).
    error TenderingNotOpen(uint256 tenderId, TenderStatus status);
    /// @notice A tender needs 1 to `maxItems` items.
    error TenderingInvalidItemCount(uint256 count, uint256 maxItems);
    /// @notice Item `index` has quantity zero.
    error TenderingInvalidQuantity(uint256 index);
    /// @notice The HPS is zero or does not fit 128 bits.
    error TenderingInvalidHps(uint256 hpsIdr);
    /// @notice The bond does not fit 128 bits.
    error TenderingInvalidBond(uint256 bondIdr);
    /// @notice The bid deadline is earlier than now plus the policy's minimum tender period.
    error TenderingBidPeriodTooShort(uint64 bidDeadlineAt, uint256 earliestAllowedAt);
    /// @notice The reveal deadline is earlier than the bid deadline plus `MIN_REVEAL_PERIOD_SEC`.
    error TenderingRevealPeriodTooShort(uint64 revealDeadlineAt, uint256 earliestAllowedAt);
    /// @notice Bids are accepted strictly before the bid deadline.
    error TenderingBiddingClosed(uint256 tenderId, uint64 bidDeadlineAt);
    /// @notice This account already bid in this tender.
    error TenderingAlreadyBid(uint256 tenderId, address bidder);
    /// @notice The bidder's organisation already bid in this tender, through `existingBidder`.
    error TenderingOrganisationAlreadyBid(uint256 tenderId, uint64 orgId, address existingBidder);
    /// @notice The tender holds its maximum number of bids.
    error TenderingTooManyBids(uint256 tenderId, uint32 maxBids);
    /// @notice Reveals start at the bid deadline.
    error TenderingRevealNotOpen(uint256 tenderId, uint64 bidDeadlineAt);
    /// @notice Reveals are accepted strictly before the reveal deadline.
    error TenderingRevealClosed(uint256 tenderId, uint64 revealDeadlineAt);
    /// @notice The bid is not in the state the action needs (e.g. reveal of a bid not committed,
    /// disqualification of a bid not revealed).
    error TenderingWrongBidState(uint256 tenderId, address bidder, BidState state);
    /// @notice The revealed price and salt do not hash to the bidder's commitment.
    error TenderingCommitmentMismatch(uint256 tenderId, address bidder);
    /// @notice Finalisation starts at the reveal deadline.
    error TenderingRevealPeriodNotOver(uint256 tenderId, uint64 revealDeadlineAt);
    /// @notice The account is neither the tender's agency account nor of the agency's organisation.
    error TenderingNotTenderAgency(uint256 tenderId, address account);
    /// @notice The tender has no award: its status is not Awarded.
    error TenderingNotAwarded(uint256 tenderId, TenderStatus status);
    /// @notice The caller does not hold the registry's ESCROW_ROLE.
    error TenderingUnauthorizedEscrow(address caller);
    /// @notice An order was already created from this award.
    error TenderingAwardAlreadyOrdered(uint256 tenderId, uint256 existingOrderId);
    /// @notice Order ids are 1 to 2^64-1.
    error TenderingInvalidOrderId(uint256 orderId);
    /// @notice The system is paused (the same error as the registry's, so clients see one error).
    error EnforcedPause();

    /// @notice A tender opened; `ocid` is its OCDS process id `<prefix>-<chainId>-T<tenderId>`.
    /// @dev Carries the full parameters (items, spec URI and hashes are stored nowhere else).
    event TenderOpened(
        uint256 indexed tenderId, address indexed agency, uint64 indexed agencyOrgId, string ocid, TenderParams params
    );
    /// @notice A sealed bid was committed and its bond (the tender's `bondIdr`) was posted.
    event BidCommitted(uint256 indexed tenderId, address indexed bidder, uint64 indexed supplierOrgId, bytes32 commitment);
    /// @notice A bid was revealed; `valid` is false when the price is zero or above the HPS.
    /// @dev Price and salt let anyone recompute the commitment.
    event BidRevealed(uint256 indexed tenderId, address indexed bidder, uint256 priceIdr, bytes32 salt, bool valid);
    /// @notice The agency disqualified a revealed bid; the reason document is behind `reasonHash`.
    event BidDisqualified(uint256 indexed tenderId, address indexed bidder, address indexed agencyAccount, bytes32 reasonHash);
    /// @notice The tender was awarded to `supplier` at `priceIdr`.
    event TenderAwarded(uint256 indexed tenderId, address indexed supplier, uint256 priceIdr, uint64 indexed supplierOrgId);
    /// @notice The tender ended without a valid, non-disqualified bid.
    event TenderFailed(uint256 indexed tenderId, uint32 bidCount);
    /// @notice The agency cancelled the tender before finalisation; every bond is refunded.
    event TenderCancelled(uint256 indexed tenderId, address indexed agencyAccount, bytes32 reasonHash);
    /// @notice A bid bond went back to its bidder.
    event BondRefunded(uint256 indexed tenderId, address indexed bidder, uint256 amountIdr);
    /// @notice An unrevealed bid's bond went to the tender's agency account.
    event BondForfeited(uint256 indexed tenderId, address indexed bidder, address indexed agency, uint256 amountIdr);
    /// @notice A red flag (Open Contracting red-flag guide code) raised at finalisation.
    /// @dev Codes: "R018" single eligible bid (`bidder` the winner); "R028" identical prices among
    /// valid bids (`priceIdr` the lowest shared price, `bidder` the later of its first pair);
    /// "R036" the bid that would have won was disqualified (`bidder` that bid); "R035" every
    /// revealed bid but the winner's was disqualified (`bidder` the winner). A bid is valid when
    /// revealed with a price in 1..HPS, eligible when valid and not disqualified.
    event RedFlagRaised(uint256 indexed tenderId, bytes4 indexed code, address indexed bidder, uint256 priceIdr);
    /// @notice OrderEscrow created order `orderId` from the award.
    event AwardOrdered(uint256 indexed tenderId, uint256 indexed orderId);

    /// @notice Most items in one tender.
    function MAX_ITEMS() external view returns (uint256);
    /// @notice Hard upper bound of bids per tender (the loop bound of finalisation and
    /// cancellation); the policy's `maxBidsPerTender` applies below it.
    function MAX_BIDS_BOUND() external view returns (uint32);
    /// @notice Shortest reveal period: the reveal deadline is at least this after the bid deadline.
    function MIN_REVEAL_PERIOD_SEC() external view returns (uint64);

    /// @notice Opens a tender and commits its HPS against the agency's budget.
    /// @dev Requirements: caller holds AGENCY_ROLE (not suspended, not paused); 1..MAX_ITEMS items,
    /// each with a quantity; 0 < HPS < 2^128; bond < 2^128; bid deadline at least the policy's
    /// minimum tender period from now; reveal deadline at least MIN_REVEAL_PERIOD_SEC after it;
    /// the HPS fits the agency's remaining budget for the fiscal year.
    /// Emits `TenderOpened` (and the registry's `BudgetCommitted`).
    /// @return tenderId The new tender's id (ids start at 1).
    function openTender(TenderParams calldata p) external returns (uint256 tenderId);

    /// @notice Commits a sealed bid and pulls the bond from the bidder (approve it first).
    /// @dev `commitment` = `commitmentOf(tenderId, msg.sender, priceIdr, salt)`.
    /// Requirements: caller holds SUPPLIER_ROLE; tender Open; strictly before the bid deadline; no
    /// earlier bid of this account or of its organisation; fewer than `maxBids` bids.
    /// Emits `BidCommitted`.
    function commitBid(uint256 tenderId, bytes32 commitment) external;

    /// @notice Reveals the caller's bid. A price of zero or above the HPS is revealed but invalid.
    /// @dev Requirements: caller holds SUPPLIER_ROLE; tender Open; from the bid deadline until
    /// strictly before the reveal deadline; the caller's bid is Committed; price and salt match the
    /// commitment. Emits `BidRevealed`.
    function revealBid(uint256 tenderId, uint256 priceIdr, bytes32 salt) external;

    /// @notice Disqualifies a revealed bid, with the hash of the reason document.
    /// @dev Requirements: caller holds AGENCY_ROLE and is the tender's agency account or of its
    /// organisation; tender Open (not finalised); the bid is Revealed. Emits `BidDisqualified`.
    function disqualifyBid(uint256 tenderId, address bidder, bytes32 reasonHash) external;

    /// @notice Ends the tender after the reveal deadline; anyone may call it.
    /// @dev Lowest eligible price wins, ties to the earlier commit; Awarded, or Failed without an
    /// eligible bid. Bonds: revealed losers and disqualified bidders are refunded (a
    /// disqualification is the agency's judgement: forfeiting on it would pay the agency to
    /// disqualify), unrevealed bonds go to the agency account, the winner's bond stays until
    /// `releaseWinnerBond`. Budget: releases HPS - price (all of the HPS if Failed).
    /// Requirements: not paused; tender Open; at or after the reveal deadline.
    /// Emits `RedFlagRaised` (0..4), `TenderAwarded` or `TenderFailed`, `BondRefunded` and
    /// `BondForfeited` per bond moved.
    function finaliseTender(uint256 tenderId) external;

    /// @notice Cancels an open tender: every bond is refunded, the HPS is released.
    /// @dev Requirements: caller holds AGENCY_ROLE and is the tender's agency account or of its
    /// organisation; tender Open. Emits `TenderCancelled` and `BondRefunded` per bond.
    function cancelTender(uint256 tenderId, bytes32 reasonHash) external;

    /// @notice Records that OrderEscrow created order `orderId` from the award (once).
    /// @dev Requirements: caller holds the registry's ESCROW_ROLE; tender Awarded; no order yet;
    /// 1 <= orderId < 2^64. Emits `AwardOrdered`.
    function consumeAward(uint256 tenderId, uint256 orderId) external;

    /// @notice Returns the winner's bond (once; no-op without a bond or when already returned).
    /// @dev Called by OrderEscrow when the supplier accepts the order. Requirements: caller holds
    /// ESCROW_ROLE; tender Awarded. Emits `BondRefunded` when a bond moves.
    function releaseWinnerBond(uint256 tenderId) external;

    /// @notice The commitment a bidder must post for `priceIdr` and `salt`:
    /// `keccak256(abi.encode(block.chainid, address(this), tenderId, bidder, priceIdr, salt))`.
    function commitmentOf(uint256 tenderId, address bidder, uint256 priceIdr, bytes32 salt)
        external
        view
        returns (bytes32);

    /// @notice The stored tender. Reverts `TenderingUnknownTender` for an unknown id.
    function tender(uint256 tenderId) external view returns (Tender memory);
    /// @notice The bid of `bidder` (state None if it did not bid). Reverts for an unknown tender.
    function bid(uint256 tenderId, address bidder) external view returns (Bid memory);
    /// @notice Bidders in commit order. Reverts for an unknown tender.
    function bidders(uint256 tenderId) external view returns (address[] memory);
    /// @notice The award. Reverts `TenderingNotAwarded` unless the tender is Awarded.
    function award(uint256 tenderId) external view returns (Award memory);
    /// @notice How many tenders were opened (the last id).
    function tenderCount() external view returns (uint256);
    /// @notice The registry this contract checks participants and budgets against.
    function registry() external view returns (address);
    /// @notice The Rupiah token of bonds.
    function token() external view returns (address);
    /// @notice The OCDS ocid prefix, e.g. "ocds-rantai".
    function ocidPrefix() external view returns (string memory);
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {ITenderAwards} from "./ITenderAwards.sol";

/// @title Rantai sealed-bid tenders (commit-reveal)
/// @notice An agency opens a tender with an owner's estimate (HPS) that caps valid prices; suppliers
/// commit hidden bids and post a bond before the bid deadline, reveal them before the reveal
/// deadline, and anyone then finalises: the lowest valid, non-disqualified price wins, ties go to
/// the earlier commit. DESIGN section 5, "Tender".
/// @dev Only what later logic needs is stored; items, the spec URI and hashes are in `TenderOpened`
/// for auditors to rebuild from logs. Finalisation and cancellation loop over at most
/// `MAX_BIDS_BOUND` bids. Amounts are whole rupiah (the Rupiah token has 0 decimals).
/// The award side OrderEscrow calls (`TenderStatus`, `Award`, `award`, `consumeAward`,
/// `acceptAward`, `reopenAward`) is declared once, in {ITenderAwards}.
interface ITendering is ITenderAwards {
    /// @notice Life of a bid. A bid keeps its last state after the tender ends: the tender status
    /// and the `BondRefunded` / `BondForfeited` events tell what happened to its bond.
    enum BidState {
        None,
        Committed,
        Revealed,
        Disqualified,
        Excluded
    }

    /// @notice Life of an objection (*sanggah*) of a losing or disqualified bidder.
    enum ObjectionState {
        None,
        Pending,
        Upheld,
        Rejected
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
    /// zero (no bond). The delivery period (issue 13 item 4) is when the goods or works are due:
    /// the delivery deadline of the order made from the award must lie in
    /// [`deliveryFromAt`, `deliveryUntilAt`] (on the tender clock: paused time extends both).
    struct TenderParams {
        bytes32 specHash;
        string specUri;
        Item[] items;
        uint256 hpsIdr;
        uint64 bidDeadlineAt;
        uint64 revealDeadlineAt;
        uint256 bondIdr;
        uint16 fiscalYear;
        uint64 deliveryFromAt;
        uint64 deliveryUntilAt;
    }

    /// @notice A tender, as `tender()` returns it.
    /// @dev Tendering stores it in six slots of narrower fields (its `StoredTender`: times in 40
    /// bits, the bond-return time and the objection bond computed), not in this shape. `itemsHash` is the running hash of the items as opened (see `itemsHashOf`): the
    /// order made from the award must carry exactly these items, quantities and units.
    /// The amounts fit 128 bits (a budget ceiling is a uint128). `maxBids` is the policy's cap at
    /// opening (at most `MAX_BIDS_BOUND`); `winner` is the current awardee (zero unless Awarded);
    /// `orderId` is the live order made from the award (zero when none: not yet ordered, or its
    /// order was cancelled or the awardee defaulted); `accepted` is set when the awardee accepted
    /// that order.
    /// Times: `pauseSnapshot` is the registry's `pausedSeconds()` at opening. Every deadline of
    /// the tender is compared with the tender clock `block.timestamp - (pausedSeconds() -
    /// pauseSnapshot)`, so time spent paused extends it; `objectionEndsAt`, `orderedAt` and
    /// `bondReturnAt` are on that clock. The policy's objection window, acceptance window,
    /// bond-return timeout and objection bond are fixed at finalisation.
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
        uint64 pauseSnapshot;
        address winner;
        uint64 orderId;
        bool winnerBondHeld;
        bool accepted;
        uint16 pendingObjections;
        uint64 objectionEndsAt;
        uint64 orderedAt;
        uint64 acceptanceWindowSec;
        uint64 bondReturnAt;
        uint128 objectionBondIdr;
        uint64 deliveryFromAt;
        uint64 deliveryUntilAt;
        bytes32 itemsHash;
    }

    /// @notice A bid, as `bid()` returns it.
    /// @dev `commitment` is the committed hash while the bid is Committed and zero once it is
    /// revealed (the reveal stores the price over it; `BidCommitted` keeps it). `priceIdr` is zero
    /// until revealed, and saturates at 2^128-1 (any such price is above every HPS, hence invalid;
    /// `BidRevealed` carries the exact value). `seq` is the commit order, from 0. Tendering stores
    /// a bid in two slots (see its `StoredBid`), not in this shape.
    struct Bid {
        bytes32 commitment;
        uint128 priceIdr;
        uint64 supplierOrgId;
        uint32 seq;
        BidState state;
        ObjectionState objection;
    }

    /// @notice No tender has this id.
    error TenderingUnknownTender(uint256 tenderId);
    /// @notice The tender is not Open (it was finalised or cancelled).
    error TenderingNotOpen(uint256 tenderId, TenderStatus status);
    /// @notice A tender needs 1 to `maxItems` items.
    error TenderingInvalidItemCount(uint256 count, uint256 maxItems);
    /// @notice Item `index` has quantity zero.
    error TenderingInvalidQuantity(uint256 index);
    /// @notice The delivery period is empty, ends before the reveal deadline, or ends at or after
    /// 2^40 (Tendering stores a tender's times in 40 bits: the year 36812).
    error TenderingInvalidDeliveryPeriod(uint64 deliveryFromAt, uint64 deliveryUntilAt);
    /// @notice The order's lines do not carry the tender's items: `linesHash` (their item hashes,
    /// quantities and units, hashed as `itemsHashOf`) differs from the tender's `itemsHash`.
    error TenderingItemsMismatch(uint256 tenderId, bytes32 linesHash, bytes32 itemsHash);
    /// @notice The order's delivery deadline lies outside the tender's delivery period
    /// [`deliveryFromAt`, `deliveryUntilAt`] (real time: extended by pauses since opening).
    error TenderingDeliveryOutsidePeriod(
        uint256 tenderId, uint64 deliveryDeadlineAt, uint64 deliveryFromAt, uint64 deliveryUntilAt
    );
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
    /// @notice The bidder's account now acts for another organisation than the one that bid.
    error TenderingBidderChangedOrganisation(uint256 tenderId, address bidder, uint64 bidOrgId, uint64 currentOrgId);
    /// @notice The revealed price and salt do not hash to the bidder's commitment.
    error TenderingCommitmentMismatch(uint256 tenderId, address bidder);
    /// @notice Finalisation starts at the reveal deadline.
    error TenderingRevealPeriodNotOver(uint256 tenderId, uint64 revealDeadlineAt);
    /// @notice The account is not (or no longer) of the tender's agency organisation.
    error TenderingNotTenderAgency(uint256 tenderId, address account);
    /// @notice The tender has no award: its status is not Awarded.
    error TenderingNotAwarded(uint256 tenderId, TenderStatus status);
    /// @notice The caller does not hold the registry's ESCROW_ROLE.
    error TenderingUnauthorizedEscrow(address caller);
    /// @notice An order was already created from this award.
    error TenderingAwardAlreadyOrdered(uint256 tenderId, uint256 existingOrderId);
    /// @notice Order ids are 1 to 2^48-1 (OrderEscrow's counter; Tendering stores 48 bits).
    error TenderingInvalidOrderId(uint256 orderId);
    /// @notice The system is paused (the same error as the registry's, so clients see one error).
    error EnforcedPause();
    /// @notice The bid bond is below the policy's minimum, `minBondPerMille` of the HPS.
    error TenderingBondTooLow(uint256 bondIdr, uint256 minBondIdr);
    /// @notice The action needs the hash of a reason document; zero was given.
    error TenderingReasonRequired(uint256 tenderId);
    /// @notice The award cannot be ordered yet: the objection window runs until `objectionEndsAt`
    /// (tender clock) or `pendingObjections` objections wait for an arbiter's ruling.
    error TenderingAwardOnHold(uint256 tenderId, uint64 objectionEndsAt, uint16 pendingObjections);
    /// @notice Objections are accepted strictly before the end of the objection window.
    error TenderingObjectionClosed(uint256 tenderId, uint64 objectionEndsAt);
    /// @notice Only a losing (revealed) or disqualified bidder may object, once per tender.
    error TenderingCannotObject(uint256 tenderId, address bidder, BidState state, ObjectionState objection);
    /// @notice `objector` has no objection pending in this tender.
    error TenderingNoPendingObjection(uint256 tenderId, address objector);
    /// @notice The awardee did not accept before `acceptBy` (tender clock).
    error TenderingAcceptanceClosed(uint256 tenderId, uint64 acceptBy);
    /// @notice The awardee may still accept until `acceptBy` (tender clock): nothing to forfeit yet.
    error TenderingAcceptanceOpen(uint256 tenderId, uint64 acceptBy);
    /// @notice `orderId` is not the award's live order (`currentOrderId`, 0 when none).
    error TenderingNotCurrentOrder(uint256 tenderId, uint256 orderId, uint256 currentOrderId);
    /// @notice The winner's bond is not returnable: none is held, an order is live, or the
    /// bond-return time `returnableAt` (tender clock) has not come.
    error TenderingBondNotReturnable(uint256 tenderId, uint64 returnableAt);

    /// @notice A tender opened; `ocid` is its OCDS process id `<prefix>-<chainId>-T<tenderId>`.
    /// @dev Carries the full parameters (items, spec URI and hashes are stored nowhere else).
    event TenderOpened(
        uint256 indexed tenderId, address indexed agency, uint64 indexed agencyOrgId, string ocid, TenderParams params
    );
    /// @notice A sealed bid was committed and its bond (the tender's `bondIdr`) was posted.
    event BidCommitted(
        uint256 indexed tenderId, address indexed bidder, uint64 indexed supplierOrgId, bytes32 commitment
    );
    /// @notice A bid was revealed; `valid` is false when the price is zero or above the HPS.
    /// @dev Price and salt let anyone recompute the commitment.
    event BidRevealed(uint256 indexed tenderId, address indexed bidder, uint256 priceIdr, bytes32 salt, bool valid);
    /// @notice The agency disqualified a revealed bid; the reason document is behind `reasonHash`.
    event BidDisqualified(
        uint256 indexed tenderId, address indexed bidder, address indexed agencyAccount, bytes32 reasonHash
    );
    /// @notice The tender was awarded to `supplier` at `priceIdr`.
    event TenderAwarded(
        uint256 indexed tenderId, address indexed supplier, uint256 priceIdr, uint64 indexed supplierOrgId
    );
    /// @notice The tender ended without a valid, non-disqualified bid.
    event TenderFailed(uint256 indexed tenderId, uint32 bidCount);
    /// @notice The agency cancelled the tender before finalisation; every bond is refunded.
    event TenderCancelled(uint256 indexed tenderId, address indexed agencyAccount, bytes32 reasonHash);
    /// @notice A bid bond went back to its bidder.
    event BondRefunded(uint256 indexed tenderId, address indexed bidder, uint256 amountIdr);
    /// @notice A bond was forfeited to the state treasury account (the registry policy's
    /// `treasuryAccount`, never the agency): an unrevealed bid's bond at finalisation, a winner's
    /// bond when it did not accept in time, a rejected objection's bond.
    event BondForfeited(uint256 indexed tenderId, address indexed bidder, address indexed treasury, uint256 amountIdr);
    /// @notice A losing or disqualified bidder objected to the award (*sanggah*); ordering waits
    /// for the ruling. `bondIdr` is the objection bond it posted (0 when the policy asks none).
    event AwardObjected(uint256 indexed tenderId, address indexed objector, bytes32 reasonHash, uint256 bondIdr);
    /// @notice An arbiter ruled on an objection. Upheld: the objection bond is refunded and the
    /// award moves to the next bidder (`AwardMoved`); rejected: the bond goes to the treasury.
    event ObjectionRuled(
        uint256 indexed tenderId, address indexed objector, address indexed arbiter, bool upheld, bytes32 rulingHash
    );
    /// @notice The awardee accepted order `orderId`: the award is settled.
    event AwardAccepted(uint256 indexed tenderId, uint256 indexed orderId, address indexed supplier);
    /// @notice Order `orderId` made from the award was cancelled by the agency; the award can be
    /// ordered again.
    event AwardReopened(uint256 indexed tenderId, uint256 indexed orderId);
    /// @notice The awardee did not accept order `orderId` within the acceptance window; it loses
    /// the award (and its bond, `BondForfeited`).
    event AwardForfeited(uint256 indexed tenderId, address indexed supplier, uint256 indexed orderId);
    /// @notice The award moved from `previous` to the next bidder (*pemenang cadangan*) at its
    /// own price; also flagged `RedFlagRaised("RN04")`.
    event AwardMoved(uint256 indexed tenderId, address indexed previous, address indexed next, uint256 priceIdr);
    /// @notice A red flag (Open Contracting red-flag guide code) raised at finalisation.
    /// @dev Codes: "R018" single eligible bid (`bidder` the winner); "R028" identical prices among
    /// valid bids (`priceIdr` the lowest shared price, `bidder` the later of its first pair);
    /// "R036" the bid that would have won was disqualified (`bidder` that bid); "R035" every
    /// revealed bid but the winner's was disqualified (`bidder` the winner). A bid is valid when
    /// revealed with a price in 1..HPS, eligible when valid and not disqualified.
    /// Rantai codes: "RN01" the tender was cancelled after the bid deadline, when prices may be
    /// public (`bidder` the agency account, `priceIdr` 0); "RN02" at least the policy's
    /// `aboveHpsFlagCount` revealed prices above the HPS (`bidder` the last of them, `priceIdr`
    /// their count); "RN03" a bid withheld from reveal (one per bid, `bidder` its bidder, 0);
    /// "RN04" the award moved to the next bidder (`bidder` the new awardee, its price).
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
    /// each with a quantity; 0 < HPS < 2^128; bond < 2^128 and at least the policy's
    /// `minBondPerMille` of the HPS (rounded up); bid deadline at least the policy's
    /// minimum tender period from now; reveal deadline at least MIN_REVEAL_PERIOD_SEC after it;
    /// `deliveryFromAt` ≤ `deliveryUntilAt`, `deliveryUntilAt` after the reveal deadline and below
    /// 2^40 (`TenderingInvalidDeliveryPeriod`); the HPS fits the agency's remaining budget for the fiscal year.
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
    /// strictly before the reveal deadline; the caller's bid is Committed; the caller still acts
    /// for the organisation that bid; price and salt match the commitment. Emits `BidRevealed`.
    function revealBid(uint256 tenderId, uint256 priceIdr, bytes32 salt) external;

    /// @notice Disqualifies a revealed bid, with the hash of the reason document.
    /// @dev Requirements: caller holds AGENCY_ROLE and is the tender's agency account or of its
    /// organisation; tender Open (not finalised); the bid is Revealed. Emits `BidDisqualified`.
    function disqualifyBid(uint256 tenderId, address bidder, bytes32 reasonHash) external;

    /// @notice Ends the tender after the reveal deadline; anyone may call it.
    /// @dev Lowest eligible price wins, ties to the earlier commit; Awarded, or Failed without an
    /// eligible bid. Bonds: revealed losers and disqualified bidders are refunded (a
    /// disqualification is the agency's judgement: forfeiting on it would pay the agency to
    /// disqualify), unrevealed bonds go to the treasury account, the winner's bond stays until
    /// it accepts (`acceptAward`), defaults (`forfeitAward`) or the agency never orders
    /// (`returnWinnerBond`). Budget: the whole HPS stays committed while the award lives (so the
    /// award can move to a dearer next bidder); all of it is released if Failed.
    /// Fixes the objection window, acceptance window, bond-return time and objection bond from
    /// the policy. Requirements: not paused; tender Open; at or after the reveal deadline
    /// (tender clock). Emits `RedFlagRaised` (R018, R028, R035, R036, RN02, RN03 per withheld
    /// bid), `TenderAwarded` or `TenderFailed`, `BondRefunded` and `BondForfeited` per bond moved.
    function finaliseTender(uint256 tenderId) external;

    /// @notice Cancels an open tender: every bond is refunded, the HPS is released.
    /// @dev Requirements: caller holds AGENCY_ROLE and is the tender's agency account or of its
    /// organisation; tender Open; reasonHash not zero. Emits `TenderCancelled`, `BondRefunded`
    /// per bond and, at or after the bid deadline (tender clock), `RedFlagRaised("RN01")`.
    function cancelTender(uint256 tenderId, bytes32 reasonHash) external;

    /// @notice Anyone, after the acceptance window of the live order: the awardee defaulted. Its
    /// bond goes to the treasury and the award moves to the next eligible bidder (or the tender
    /// fails and its HPS is released when none is left).
    /// @dev Requirements: not paused; tender Awarded; a live order, not accepted; at or after
    /// `orderedAt + acceptanceWindowSec` (tender clock). Emits `AwardForfeited`,
    /// `BondForfeited` (if a bond was held), then `AwardMoved` + `RedFlagRaised("RN04")` or
    /// `TenderFailed`.
    function forfeitAward(uint256 tenderId) external;

    /// @notice Anyone: returns the winner's bond when the agency never ordered — no live order,
    /// not accepted, at or after `bondReturnAt` (tender clock).
    /// @dev Requirements: not paused; tender Awarded; a bond held. Emits `BondRefunded`.
    function returnWinnerBond(uint256 tenderId) external;

    /// @notice *Sanggah*: a losing or disqualified bidder objects to the award, with the hash of
    /// its reason document, and posts the objection bond (approve it first). Ordering is held
    /// until an arbiter rules.
    /// @dev Requirements: caller holds SUPPLIER_ROLE and still acts for the organisation that
    /// bid; tender Awarded; before `objectionEndsAt` (tender clock); its bid is Revealed (not the
    /// awardee) or Disqualified, with no earlier objection; reasonHash not zero.
    /// Emits `AwardObjected`.
    function objectAward(uint256 tenderId, bytes32 reasonHash) external;

    /// @notice An arbiter rules on a pending objection. Upheld: the objection bond is refunded,
    /// the awardee's bond refunded (it did not default) and the award moves to the next eligible
    /// bidder (or the tender fails). Rejected: the objection bond goes to the treasury.
    /// @dev Requirements: caller holds ARBITER_ROLE; the objection Pending (the tender is Awarded,
    /// or Failed when an earlier upheld objection left no bidder; an upheld ruling then, or for
    /// an objector that meanwhile holds the award, only refunds the objection bond); rulingHash
    /// not zero. Emits `ObjectionRuled` (and the award
    /// and bond events).
    function ruleObjection(uint256 tenderId, address objector, bool upheld, bytes32 rulingHash) external;

    /// @notice The commitment a bidder must post for `priceIdr` and `salt`:
    /// `keccak256(abi.encode(block.chainid, address(this), tenderId, bidder, priceIdr, salt))`.
    function commitmentOf(uint256 tenderId, address bidder, uint256 priceIdr, bytes32 salt)
        external
        view
        returns (bytes32);

    /// @notice The stored tender. Reverts `TenderingUnknownTender` for an unknown id.
    function tender(uint256 tenderId) external view returns (Tender memory);
    /// @notice The bid of `bidder` (state None if it did not bid; the commitment only while
    /// Committed). Reverts for an unknown tender.
    function bid(uint256 tenderId, address bidder) external view returns (Bid memory);
    /// @notice Bidders in commit order. Reverts for an unknown tender.
    function bidders(uint256 tenderId) external view returns (address[] memory);
    /// @notice The items hash a tender stores: h = 0; for each item h = keccak256(abi.encode(h,
    /// descriptionHash, quantity, unit)). OrderEscrow hashes an order's lines the same way.
    /// Checks the items as `openTender` does (1..MAX_ITEMS items, no zero quantity).
    function itemsHashOf(Item[] calldata items) external pure returns (bytes32);
    /// @notice How many tenders were opened (the last id).
    function tenderCount() external view returns (uint256);
    /// @notice The registry this contract checks participants and budgets against.
    function registry() external view returns (address);
    /// @notice The Rupiah token of bonds.
    function token() external view returns (address);
    /// @notice The OCDS ocid prefix, e.g. "ocds-rantai".
    function ocidPrefix() external view returns (string memory);
}

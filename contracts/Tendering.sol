// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {Decimal} from "./libraries/Decimal.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";
import {ITenderAwards} from "./interfaces/ITenderAwards.sol";
import {ITendering} from "./interfaces/ITendering.sol";

/// @title Tendering
/// @notice Sealed-bid tenders by commit-reveal, with bid bonds in Rupiah and the HPS committed
/// against the agency's budget. See {ITendering}.
/// @dev Bonds held = bond x (bids not yet refunded or forfeited) + the bonds of pending objections:
/// the tender's status tells which bid bonds are still here (Open: all; Awarded: the awardee's
/// while `winnerBondHeld`; else none). While Awarded and not accepted the whole HPS stays
/// committed, so the award can move to the next bidder without a new budget commitment.
contract Tendering is ITendering, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @inheritdoc ITendering
    uint256 public constant MAX_ITEMS = 100;
    /// @inheritdoc ITendering
    uint32 public constant MAX_BIDS_BOUND = 200;
    /// @inheritdoc ITendering
    uint64 public constant MIN_REVEAL_PERIOD_SEC = 1 hours;

    bytes4 private constant _FLAG_SINGLE_BID = "R018";
    bytes4 private constant _FLAG_IDENTICAL_PRICES = "R028";
    bytes4 private constant _FLAG_ALL_BUT_WINNER_DISQUALIFIED = "R035";
    bytes4 private constant _FLAG_LOWEST_BID_DISQUALIFIED = "R036";
    bytes4 private constant _FLAG_CANCELLED_AFTER_BIDS = "RN01";
    bytes4 private constant _FLAG_MANY_ABOVE_HPS = "RN02";
    bytes4 private constant _FLAG_BID_WITHHELD = "RN03";
    bytes4 private constant _FLAG_AWARD_MOVED = "RN04";
    uint256 private constant _PER_MILLE = 1000;
    /// @dev Bit offsets in the second slot of a `StoredBid` (see `_recordOf`).
    uint256 private constant _ORG_SHIFT = 160;
    uint256 private constant _STATE_SHIFT = 224;
    uint256 private constant _OBJECTION_SHIFT = 232;
    /// @dev Organisation ids below this are bits of the tender's `smallOrgs` (see `StoredTender`).
    uint64 private constant _SMALL_ORGS = 96;

    /// @dev Working memory of `finaliseTender`. `revealed` holds revealed and disqualified bidders,
    /// `valid*` the bids with a price in 1..HPS (disqualified or not), all in commit order. `best`
    /// is the bid that would win without disqualifications, `winner` the one that wins.
    struct Evaluation {
        address[] revealed;
        address[] unrevealed;
        uint256[] validPrices;
        address[] validBidders;
        uint256 revealedCount;
        uint256 unrevealedCount;
        uint256 validCount;
        uint256 eligibleCount;
        uint256 disqualifiedCount;
        uint256 aboveHpsCount;
        address lastAboveHps;
        address best;
        uint256 bestPriceIdr;
        bool bestDisqualified;
        address winner;
        uint256 winnerPriceIdr;
    }

    /// @dev A bid as stored, in two slots keyed by the bidder's account:
    /// (prev, commitHigh) | (data, supplierOrgId, state, objection). `prev` is the bidder that
    /// committed before it (zero for the first), so the bids of a tender form a list from
    /// `_bidLists` without a slot of its own per entry. While Committed, the commitment is
    /// `commitHigh` (its top 96 bits) and `data` (its low 160 bits); the reveal writes the price
    /// over `data` (saturated at 2^128-1), so from then on `data` is the price and the commitment
    /// lives only in `BidCommitted`.
    struct StoredBid {
        address prev;
        uint96 commitHigh;
        uint160 data;
        uint64 supplierOrgId;
        BidState state;
        ObjectionState objection;
    }

    /// @dev A tender as stored: {ITendering-Tender}'s fields (`tender()` returns that shape) in
    /// six slots instead of seven, so that neither a tender's first bid nor its finalisation
    /// fills a slot that opening did not (docs/gas.md, "Issue 19: the last three"):
    ///   0: agency | agencyOrgId | fiscalYear | status | objectionBondPerMille (8)
    ///   1: hpsIdr | bondIdr
    ///   2: bidDeadlineAt | revealDeadlineAt | pauseSnapshot (40 bits each) | maxBids | bidCount
    ///      (8 each) | objectionEndsAt (40) | acceptanceWindowSec (24) | orderedAt (40)
    ///      | pendingObjections (8)
    ///   3: winner | orderId (48) | winnerBondHeld | accepted | bondReturnTimeoutSec (32)
    ///   4: lastBidder | deliveryFromAt | deliveryUntilAt (40 bits each)
    ///   5: itemsHash
    /// While the tender is Open, bits 136..231 of slot 2 (where `objectionEndsAt`,
    /// `acceptanceWindowSec` and `orderedAt` go at finalisation) hold `smallOrgs`: a bit for each
    /// organisation with an id below `_SMALL_ORGS` that bid (`_smallOrgs`); finalisation and
    /// cancellation clear them (`_clearSmallOrgs`) before anything else is written there.
    /// `lastBidder` is the last bidder to commit (the list runs newest first through
    /// `StoredBid.prev`). A commit updates slots 2 and 4, which opening wrote, and finalisation
    /// fills only slot 3. Widths: every time fits 40 bits (opening requires `deliveryUntilAt`
    /// < 2^40, after the reveal deadline, itself after the bid deadline; later times are the
    /// tender clock, at most block.timestamp, plus a window the Registry caps at 30 days; the
    /// pause snapshot is at most block.timestamp); `maxBids` <= MAX_BIDS_BOUND (200) fits 8 bits,
    /// and so do `bidCount` and `pendingObjections` (at most one per bid). The policy values
    /// kept at finalisation are within the Registry's caps: acceptance window <= 90 days
    /// (< 2^24 s), bond-return timeout <= 365 days (< 2^32 s), objection bond <= 50 per mille.
    /// Order ids are OrderEscrow's counter (`consumeAward` takes 1 to 2^48-1). `bondReturnAt` is
    /// `objectionEndsAt + bondReturnTimeoutSec` and the objection bond is
    /// `hpsIdr * objectionBondPerMille / 1000` (the HPS never changes): both are computed.
    struct StoredTender {
        address agency;
        uint64 agencyOrgId;
        uint16 fiscalYear;
        TenderStatus status;
        uint8 objectionBondPerMille;
        uint128 hpsIdr;
        uint128 bondIdr;
        uint40 bidDeadlineAt;
        uint40 revealDeadlineAt;
        uint40 pauseSnapshot;
        uint8 maxBids;
        uint8 bidCount;
        uint40 objectionEndsAt;
        uint24 acceptanceWindowSec;
        uint40 orderedAt;
        uint8 pendingObjections;
        address winner;
        uint48 orderId;
        bool winnerBondHeld;
        bool accepted;
        uint32 bondReturnTimeoutSec;
        address lastBidder;
        uint40 deliveryFromAt;
        uint40 deliveryUntilAt;
        bytes32 itemsHash;
    }

    IRegistry private immutable _registry;
    IERC20 private immutable _token;
    bytes32 private immutable _agencyRole;
    bytes32 private immutable _supplierRole;
    bytes32 private immutable _escrowRole;
    bytes32 private immutable _arbiterRole;

    string private _ocidPrefix;
    uint256 private _tenderCount;
    mapping(uint256 tenderId => StoredTender) private _tenders;
    mapping(uint256 tenderId => mapping(address bidder => StoredBid)) private _bids;
    /// @dev Organisations with an id of `_SMALL_ORGS` or more that bid, a bit each: bit
    /// `orgId % 256` of word `orgId / 256` (a word is shared by 256 organisations).
    mapping(uint256 tenderId => mapping(uint256 word => uint256 bits)) private _orgBids;

    /// @param registry_ The Rantai registry (roles, policy, budgets, pause).
    /// @param token_ The Rupiah token of bid bonds.
    /// @param ocidPrefix_ OCDS ocid prefix, e.g. "ocds-rantai".
    constructor(address registry_, address token_, string memory ocidPrefix_) {
        _registry = IRegistry(registry_);
        _token = IERC20(token_);
        _agencyRole = IRegistry(registry_).AGENCY_ROLE();
        _supplierRole = IRegistry(registry_).SUPPLIER_ROLE();
        _escrowRole = IRegistry(registry_).ESCROW_ROLE();
        _arbiterRole = IRegistry(registry_).ARBITER_ROLE();
        _ocidPrefix = ocidPrefix_;
    }

    // ---------------------------------------------------------------- agency: open, judge, cancel

    /// @inheritdoc ITendering
    function openTender(TenderParams calldata p) external returns (uint256 tenderId) {
        uint64 orgId = _registry.checkParticipant(msg.sender, _agencyRole);
        IRegistry.Policy memory policy = _registry.policy();
        bytes32 itemsHash = _checkItems(p.items);
        _checkTerms(p, policy.minTenderPeriodSec);
        _checkBond(p.hpsIdr, p.bondIdr, policy.minBondPerMille);
        tenderId = ++_tenderCount;
        StoredTender storage t = _tenders[tenderId];
        t.agency = msg.sender;
        t.agencyOrgId = orgId;
        t.fiscalYear = p.fiscalYear;
        t.status = TenderStatus.Open;
        t.hpsIdr = uint128(p.hpsIdr); // fits: checked by _checkTerms
        t.bondIdr = uint128(p.bondIdr); // fits: checked by _checkTerms
        // safe casts: every time is at most deliveryUntilAt < 2^40 (_checkTerms), the paused
        // seconds at most block.timestamp, the cap at most MAX_BIDS_BOUND (200)
        t.bidDeadlineAt = uint40(p.bidDeadlineAt);
        t.revealDeadlineAt = uint40(p.revealDeadlineAt);
        t.maxBids = uint8(policy.maxBidsPerTender < MAX_BIDS_BOUND ? policy.maxBidsPerTender : MAX_BIDS_BOUND);
        t.pauseSnapshot = uint40(_pausedSeconds());
        (t.deliveryFromAt, t.deliveryUntilAt, t.itemsHash) =
            (uint40(p.deliveryFromAt), uint40(p.deliveryUntilAt), itemsHash);
        emit TenderOpened(tenderId, msg.sender, orgId, _ocid(tenderId), p);
        _registry.commitBudget(orgId, p.fiscalYear, p.hpsIdr);
    }

    /// @inheritdoc ITendering
    function disqualifyBid(uint256 tenderId, address bidder, bytes32 reasonHash) external {
        _checkTenderAgency(tenderId);
        StoredBid storage b = _bids[tenderId][bidder];
        if (b.state != BidState.Revealed) revert TenderingWrongBidState(tenderId, bidder, b.state);
        b.state = BidState.Disqualified;
        emit BidDisqualified(tenderId, bidder, msg.sender, reasonHash);
    }

    /// @inheritdoc ITendering
    function cancelTender(uint256 tenderId, bytes32 reasonHash) external nonReentrant {
        StoredTender storage t = _checkTenderAgency(tenderId);
        if (reasonHash == bytes32(0)) revert TenderingReasonRequired(tenderId);
        t.status = TenderStatus.Cancelled;
        _clearSmallOrgs(t);
        emit TenderCancelled(tenderId, msg.sender, reasonHash);
        if (_clock(t) >= t.bidDeadlineAt) emit RedFlagRaised(tenderId, _FLAG_CANCELLED_AFTER_BIDS, msg.sender, 0);
        address[] memory list = _bidderList(tenderId, t.bidCount);
        uint256 bondIdr = t.bondIdr;
        if (bondIdr > 0) _emitRefunds(tenderId, list, list.length, address(0), bondIdr);
        _releaseBudget(t, t.hpsIdr);
        if (bondIdr > 0) _transferRefunds(list, list.length, address(0), bondIdr);
    }

    // ---------------------------------------------------------------- suppliers: commit, reveal

    /// @inheritdoc ITendering
    /// @dev No reentrancy lock (it costs every bidder): every write precedes the bond pull, the
    /// only external call, from `msg.sender` through the trusted Rupiah token.
    function commitBid(uint256 tenderId, bytes32 commitment) external {
        uint64 orgId = _registry.checkParticipant(msg.sender, _supplierRole);
        StoredTender storage t = _openTenderOf(tenderId);
        // The tender clock never runs ahead of block time: read it only once block time is there.
        uint64 bidDeadlineAt = t.bidDeadlineAt;
        if (block.timestamp >= bidDeadlineAt && _clock(t) >= bidDeadlineAt) {
            revert TenderingBiddingClosed(tenderId, bidDeadlineAt);
        }
        _checkNewBidder(tenderId, t, orgId);
        ++t.bidCount; // below maxBids <= MAX_BIDS_BOUND: checked by _checkNewBidder
        _bids[tenderId][msg.sender] = StoredBid(
            _pushBidder(tenderId, t, orgId),
            uint96(uint256(commitment) >> 160),
            uint160(uint256(commitment)),
            orgId,
            BidState.Committed,
            ObjectionState.None
        );
        emit BidCommitted(tenderId, msg.sender, orgId, commitment);
        uint256 bondIdr = t.bondIdr;
        if (bondIdr > 0) _token.safeTransferFrom(msg.sender, address(this), bondIdr);
    }

    /// @inheritdoc ITendering
    function revealBid(uint256 tenderId, uint256 priceIdr, bytes32 salt) external {
        uint64 orgId = _registry.checkParticipant(msg.sender, _supplierRole);
        StoredTender storage t = _openTenderOf(tenderId);
        // The three fields share a slot: read together, before the registry call, they cost one SLOAD.
        (uint64 bidDeadlineAt, uint64 revealDeadlineAt, uint64 pauseSnapshot) =
            (t.bidDeadlineAt, t.revealDeadlineAt, t.pauseSnapshot);
        uint256 now_ = block.timestamp - (_pausedSeconds() - pauseSnapshot);
        if (now_ < bidDeadlineAt) revert TenderingRevealNotOpen(tenderId, bidDeadlineAt);
        if (now_ >= revealDeadlineAt) revert TenderingRevealClosed(tenderId, revealDeadlineAt);
        _revealRecord(tenderId, orgId, priceIdr, salt);
        emit BidRevealed(tenderId, msg.sender, priceIdr, salt, _isValidPrice(priceIdr, t.hpsIdr));
    }

    /// @dev The bid checks of `revealBid` and its one write: the price over the commitment's low
    /// half (saturating: a price above 2^128-1 is above every HPS, hence invalid either way) and
    /// the state Revealed, in the bid's second slot.
    function _revealRecord(uint256 tenderId, uint64 orgId, uint256 priceIdr, bytes32 salt) private {
        StoredBid storage b = _bids[tenderId][msg.sender];
        uint256 record = _recordOf(b);
        BidState state = BidState(uint8(record >> _STATE_SHIFT));
        if (state != BidState.Committed) revert TenderingWrongBidState(tenderId, msg.sender, state);
        uint64 bidOrgId = uint64(record >> _ORG_SHIFT);
        if (orgId != bidOrgId) revert TenderingBidderChangedOrganisation(tenderId, msg.sender, bidOrgId, orgId);
        bytes32 commitment = bytes32((uint256(b.commitHigh) << 160) | uint160(record));
        if (commitmentOf(tenderId, msg.sender, priceIdr, salt) != commitment) {
            revert TenderingCommitmentMismatch(tenderId, msg.sender);
        }
        uint256 storedPriceIdr = priceIdr > type(uint128).max ? type(uint128).max : priceIdr;
        // Kept: organisation and objection; replaced: data (the price) and state.
        uint256 keep = (uint256(type(uint64).max) << _ORG_SHIFT) | (uint256(type(uint8).max) << _OBJECTION_SHIFT);
        _storeRecord(b, (record & keep) | storedPriceIdr | (uint256(BidState.Revealed) << _STATE_SHIFT));
    }

    // ---------------------------------------------------------------- anyone: finalise

    /// @inheritdoc ITendering
    function finaliseTender(uint256 tenderId) external nonReentrant {
        // One registry call: reverts EnforcedPause while paused; the pause clock and award policy.
        IRegistry.TenderAwardTerms memory terms = _registry.tenderAwardTerms();
        StoredTender storage t = _openTenderOf(tenderId);
        uint256 now_ = block.timestamp - (terms.pausedSeconds - t.pauseSnapshot); // tender clock
        if (now_ < t.revealDeadlineAt) {
            revert TenderingRevealPeriodNotOver(tenderId, t.revealDeadlineAt);
        }
        Evaluation memory e = _evaluate(tenderId, t);
        uint256 releaseIdr = _recordOutcome(tenderId, t, e, terms, now_);
        _raiseRedFlags(tenderId, e, terms.aboveHpsFlagCount);
        uint256 bondIdr = t.bondIdr;
        address treasury = bondIdr > 0 && e.unrevealedCount > 0 ? _registry.treasuryAccount() : address(0);
        if (bondIdr > 0) _emitBondOutcomes(tenderId, e, treasury, bondIdr);
        _releaseBudget(t, releaseIdr);
        if (bondIdr > 0) _transferBondOutcomes(e, treasury, bondIdr);
    }

    // ---------------------------------------------------------------- sanggah: object, rule

    /// @inheritdoc ITendering
    function objectAward(uint256 tenderId, bytes32 reasonHash) external nonReentrant {
        uint64 orgId = _registry.checkParticipant(msg.sender, _supplierRole);
        StoredTender storage t = _awardedTender(tenderId);
        if (reasonHash == bytes32(0)) revert TenderingReasonRequired(tenderId);
        if (_clock(t) >= t.objectionEndsAt) revert TenderingObjectionClosed(tenderId, t.objectionEndsAt);
        StoredBid storage b = _bids[tenderId][msg.sender];
        BidState state = b.state;
        bool loser = (state == BidState.Revealed && msg.sender != t.winner) || state == BidState.Disqualified;
        if (!loser || b.objection != ObjectionState.None) {
            revert TenderingCannotObject(tenderId, msg.sender, state, b.objection);
        }
        if (orgId != b.supplierOrgId) {
            revert TenderingBidderChangedOrganisation(tenderId, msg.sender, b.supplierOrgId, orgId);
        }
        b.objection = ObjectionState.Pending;
        ++t.pendingObjections; // at most maxBids <= MAX_BIDS_BOUND objections
        uint256 bondIdr = _objectionBond(t);
        emit AwardObjected(tenderId, msg.sender, reasonHash, bondIdr);
        if (bondIdr > 0) _token.safeTransferFrom(msg.sender, address(this), bondIdr);
    }

    /// @inheritdoc ITendering
    function ruleObjection(uint256 tenderId, address objector, bool upheld, bytes32 rulingHash)
        external
        nonReentrant
    {
        // Only the role matters here (and the pause, suspension): the organisation id is unused.
        // slither-disable-next-line unused-return
        _registry.checkParticipant(msg.sender, _arbiterRole);
        // Awarded, or Failed when an earlier upheld objection left no bidder: the remaining
        // objections are still ruled, so their bonds never stay locked.
        StoredTender storage t = _knownTender(tenderId);
        bool awarded = t.status == TenderStatus.Awarded;
        StoredBid storage b = _bids[tenderId][objector];
        if (b.objection != ObjectionState.Pending) revert TenderingNoPendingObjection(tenderId, objector);
        if (rulingHash == bytes32(0)) revert TenderingReasonRequired(tenderId);
        b.objection = upheld ? ObjectionState.Upheld : ObjectionState.Rejected;
        --t.pendingObjections;
        emit ObjectionRuled(tenderId, objector, msg.sender, upheld, rulingHash);
        uint256 objectionBondIdr = _objectionBond(t);
        address previous = t.winner;
        uint256 winnerBondIdr = t.winnerBondHeld ? t.bondIdr : 0;
        if (upheld && (!awarded || objector == t.winner)) {
            // Nothing left to move: the tender failed, or the objector already holds the award.
            if (objectionBondIdr > 0) emit BondRefunded(tenderId, objector, objectionBondIdr);
            if (objectionBondIdr > 0) _token.safeTransfer(objector, objectionBondIdr);
        } else if (upheld) {
            // The awardee did not default: its bond comes back, the award moves on.
            t.winnerBondHeld = false;
            if (winnerBondIdr > 0) emit BondRefunded(tenderId, previous, winnerBondIdr);
            if (objectionBondIdr > 0) emit BondRefunded(tenderId, objector, objectionBondIdr);
            uint256 releaseIdr = _moveAward(tenderId, t, previous);
            _releaseBudget(t, releaseIdr);
            if (winnerBondIdr > 0) _token.safeTransfer(previous, winnerBondIdr);
            if (objectionBondIdr > 0) _token.safeTransfer(objector, objectionBondIdr);
        } else if (objectionBondIdr > 0) {
            address treasury = _registry.treasuryAccount();
            emit BondForfeited(tenderId, objector, treasury, objectionBondIdr);
            _token.safeTransfer(treasury, objectionBondIdr);
        }
    }

    // ---------------------------------------------------------------- escrow: award and bond

    /// @inheritdoc ITenderAwards
    function consumeAward(uint256 tenderId, uint256 orderId, bytes32 linesHash, uint64 deliveryDeadlineAt)
        external
    {
        _checkEscrow();
        StoredTender storage t = _awardedTender(tenderId);
        if (t.orderId != 0 || t.accepted) revert TenderingAwardAlreadyOrdered(tenderId, t.orderId);
        uint256 now_ = _clock(t);
        _checkOrderTerms(tenderId, t, linesHash, deliveryDeadlineAt);
        if (now_ < t.objectionEndsAt || t.pendingObjections != 0) {
            revert TenderingAwardOnHold(tenderId, t.objectionEndsAt, t.pendingObjections);
        }
        if (orderId == 0 || orderId > type(uint48).max) revert TenderingInvalidOrderId(orderId);
        // safe casts: orderId < 2^48 (checked above), now_ <= block.timestamp < 2^40
        t.orderId = uint48(orderId);
        t.orderedAt = uint40(now_);
        emit AwardOrdered(tenderId, orderId);
    }

    /// @inheritdoc ITenderAwards
    function acceptAward(uint256 tenderId, uint256 orderId) external nonReentrant {
        _checkEscrow();
        StoredTender storage t = _awardedTender(tenderId);
        _checkCurrentOrder(tenderId, t, orderId);
        uint64 acceptBy = uint64(t.orderedAt) + t.acceptanceWindowSec;
        if (_clock(t) >= acceptBy) revert TenderingAcceptanceClosed(tenderId, acceptBy);
        t.accepted = true;
        address winner = t.winner;
        emit AwardAccepted(tenderId, orderId, winner);
        uint256 releaseIdr = t.hpsIdr - _bids[tenderId][winner].data; // the price: revealed
        _releaseBudget(t, releaseIdr);
        if (!t.winnerBondHeld) return;
        t.winnerBondHeld = false;
        uint256 bondIdr = t.bondIdr;
        emit BondRefunded(tenderId, winner, bondIdr);
        _token.safeTransfer(winner, bondIdr);
    }

    /// @inheritdoc ITenderAwards
    function reopenAward(uint256 tenderId, uint256 orderId) external {
        _checkEscrow();
        StoredTender storage t = _tenders[tenderId];
        if (t.status != TenderStatus.Awarded || t.accepted || orderId == 0 || t.orderId != orderId) return;
        t.orderId = 0;
        emit AwardReopened(tenderId, orderId);
    }

    /// @inheritdoc ITendering
    function forfeitAward(uint256 tenderId) external nonReentrant {
        _requireNotPaused();
        StoredTender storage t = _awardedTender(tenderId);
        uint256 orderId = t.orderId;
        if (orderId == 0 || t.accepted) revert TenderingNotCurrentOrder(tenderId, 0, orderId);
        uint64 acceptBy = uint64(t.orderedAt) + t.acceptanceWindowSec;
        if (_clock(t) < acceptBy) revert TenderingAcceptanceOpen(tenderId, acceptBy);
        address previous = t.winner;
        uint256 bondIdr = t.winnerBondHeld ? t.bondIdr : 0;
        address treasury = bondIdr > 0 ? _registry.treasuryAccount() : address(0);
        t.orderId = 0;
        t.winnerBondHeld = false;
        emit AwardForfeited(tenderId, previous, orderId);
        if (bondIdr > 0) emit BondForfeited(tenderId, previous, treasury, bondIdr);
        uint256 releaseIdr = _moveAward(tenderId, t, previous);
        _releaseBudget(t, releaseIdr);
        if (bondIdr > 0) _token.safeTransfer(treasury, bondIdr);
    }

    /// @inheritdoc ITendering
    function returnWinnerBond(uint256 tenderId) external nonReentrant {
        _requireNotPaused();
        StoredTender storage t = _awardedTender(tenderId);
        uint64 returnableAt = uint64(t.objectionEndsAt) + t.bondReturnTimeoutSec;
        if (!t.winnerBondHeld || t.orderId != 0 || _clock(t) < returnableAt) {
            revert TenderingBondNotReturnable(tenderId, returnableAt);
        }
        t.winnerBondHeld = false;
        address winner = t.winner;
        uint256 bondIdr = t.bondIdr;
        emit BondRefunded(tenderId, winner, bondIdr);
        _token.safeTransfer(winner, bondIdr);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ITendering
    function commitmentOf(uint256 tenderId, address bidder, uint256 priceIdr, bytes32 salt)
        public
        view
        returns (bytes32)
    {
        return keccak256(abi.encode(block.chainid, address(this), tenderId, bidder, priceIdr, salt));
    }

    /// @inheritdoc ITendering
    function tender(uint256 tenderId) external view returns (Tender memory) {
        StoredTender storage t = _knownTender(tenderId);
        // A memory struct starts zeroed; every field is set below.
        // slither-disable-next-line uninitialized-local
        Tender memory r;
        (r.agency, r.agencyOrgId, r.fiscalYear, r.status) = (t.agency, t.agencyOrgId, t.fiscalYear, t.status);
        (r.hpsIdr, r.bondIdr, r.bidDeadlineAt, r.revealDeadlineAt) =
            (t.hpsIdr, t.bondIdr, t.bidDeadlineAt, t.revealDeadlineAt);
        (r.maxBids, r.bidCount, r.pauseSnapshot) = (t.maxBids, t.bidCount, t.pauseSnapshot);
        (r.winner, r.orderId, r.winnerBondHeld, r.accepted) = (t.winner, t.orderId, t.winnerBondHeld, t.accepted);
        r.pendingObjections = t.pendingObjections;
        if (r.status != TenderStatus.Open) {
            // while Open these bits are `smallOrgs` (see StoredTender)
            (r.objectionEndsAt, r.orderedAt, r.acceptanceWindowSec) = (t.objectionEndsAt, t.orderedAt, t.acceptanceWindowSec);
            r.bondReturnAt = r.objectionEndsAt + t.bondReturnTimeoutSec;
        }
        (r.objectionBondIdr, r.deliveryFromAt, r.deliveryUntilAt) =
            (uint128(_objectionBond(t)), t.deliveryFromAt, t.deliveryUntilAt);
        r.itemsHash = t.itemsHash;
        return r;
    }

    /// @inheritdoc ITendering
    function bid(uint256 tenderId, address bidder) external view returns (Bid memory) {
        StoredTender storage t = _knownTender(tenderId);
        StoredBid storage b = _bids[tenderId][bidder];
        BidState state = b.state;
        if (state == BidState.None) return Bid(bytes32(0), 0, 0, 0, state, b.objection);
        uint256 seq = t.bidCount;
        for (address a = t.lastBidder; a != bidder; a = _bids[tenderId][a].prev) --seq; // <= maxBids
        if (state == BidState.Committed) {
            return Bid(_commitment(b), 0, b.supplierOrgId, uint32(seq - 1), state, b.objection);
        }
        return Bid(bytes32(0), uint128(b.data), b.supplierOrgId, uint32(seq - 1), state, b.objection);
    }

    /// @inheritdoc ITendering
    function bidders(uint256 tenderId) external view returns (address[] memory) {
        return _bidderList(tenderId, _knownTender(tenderId).bidCount);
    }

    /// @inheritdoc ITenderAwards
    function award(uint256 tenderId) external view returns (Award memory) {
        StoredTender storage t = _awardedTender(tenderId);
        StoredBid storage w = _bids[tenderId][t.winner];
        return Award(t.agency, t.agencyOrgId, t.fiscalYear, t.winner, w.supplierOrgId, w.data, t.orderId);
    }

    /// @inheritdoc ITendering
    function itemsHashOf(Item[] calldata items) external pure returns (bytes32) {
        return _checkItems(items); // the same checks as openTender: 1..MAX_ITEMS items, no zero quantity
    }

    /// @inheritdoc ITendering
    function tenderCount() external view returns (uint256) {
        return _tenderCount;
    }

    /// @inheritdoc ITendering
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc ITendering
    function token() external view returns (address) {
        return address(_token);
    }

    /// @inheritdoc ITendering
    function ocidPrefix() external view returns (string memory) {
        return _ocidPrefix;
    }

    // ---------------------------------------------------------------- checks

    /// @dev The order is the award: the tender's items and a deadline in its delivery period
    /// (stored on the tender clock; shifted to real time by the seconds paused since opening).
    function _checkOrderTerms(uint256 tenderId, StoredTender storage t, bytes32 linesHash, uint64 deliveryDeadlineAt)
        private
        view
    {
        bytes32 itemsHash = t.itemsHash;
        if (linesHash != itemsHash) revert TenderingItemsMismatch(tenderId, linesHash, itemsHash);
        uint64 pausedSince = _pausedSeconds() - t.pauseSnapshot;
        uint64 fromAt = t.deliveryFromAt + pausedSince;
        uint64 untilAt = t.deliveryUntilAt + pausedSince;
        if (deliveryDeadlineAt < fromAt || deliveryDeadlineAt > untilAt) {
            revert TenderingDeliveryOutsidePeriod(tenderId, deliveryDeadlineAt, fromAt, untilAt);
        }
    }

    /// @dev Checks the items; returns their running hash (`itemsHashOf`).
    function _checkItems(Item[] calldata items) private pure returns (bytes32 h) {
        uint256 count = items.length;
        if (count == 0 || count > MAX_ITEMS) revert TenderingInvalidItemCount(count, MAX_ITEMS);
        for (uint256 i; i < count; ++i) {
            // bounded by MAX_ITEMS
            Item calldata item = items[i];
            if (item.quantity == 0) revert TenderingInvalidQuantity(i);
            h = keccak256(abi.encode(h, item.descriptionHash, item.quantity, item.unit));
        }
    }

    function _checkTerms(TenderParams calldata p, uint64 minTenderPeriodSec) private view {
        if (p.hpsIdr == 0 || p.hpsIdr > type(uint128).max) revert TenderingInvalidHps(p.hpsIdr);
        if (p.bondIdr > type(uint128).max) revert TenderingInvalidBond(p.bondIdr);
        uint256 earliestBidDeadlineAt = block.timestamp + minTenderPeriodSec;
        if (p.bidDeadlineAt < earliestBidDeadlineAt) {
            revert TenderingBidPeriodTooShort(p.bidDeadlineAt, earliestBidDeadlineAt);
        }
        uint256 earliestRevealDeadlineAt = uint256(p.bidDeadlineAt) + MIN_REVEAL_PERIOD_SEC;
        if (p.revealDeadlineAt < earliestRevealDeadlineAt) {
            revert TenderingRevealPeriodTooShort(p.revealDeadlineAt, earliestRevealDeadlineAt);
        }
        // The end is below 2^40 so every time of the tender fits its 40-bit field (StoredTender).
        uint64 untilAt = p.deliveryUntilAt;
        if (p.deliveryFromAt > untilAt || untilAt <= p.revealDeadlineAt || untilAt > type(uint40).max) {
            revert TenderingInvalidDeliveryPeriod(p.deliveryFromAt, p.deliveryUntilAt);
        }
    }

    /// @dev The bond must be at least `minBondPerMille` of the HPS, rounded up, so an unrevealed
    /// bid always costs (hpsIdr < 2^128 and perMille <= 2^16: no overflow).
    function _checkBond(uint256 hpsIdr, uint256 bondIdr, uint256 minBondPerMille) private pure {
        uint256 minBondIdr = (hpsIdr * minBondPerMille + _PER_MILLE - 1) / _PER_MILLE;
        if (bondIdr < minBondIdr) revert TenderingBondTooLow(bondIdr, minBondIdr);
    }

    function _checkCurrentOrder(uint256 tenderId, StoredTender storage t, uint256 orderId) private view {
        uint256 current = t.orderId;
        if (orderId == 0 || orderId != current || t.accepted) revert TenderingNotCurrentOrder(tenderId, orderId, current);
    }

    function _checkNewBidder(uint256 tenderId, StoredTender storage t, uint64 orgId) private view {
        if (_bids[tenderId][msg.sender].state != BidState.None) revert TenderingAlreadyBid(tenderId, msg.sender);
        if (_hasOrgBid(tenderId, t, orgId)) {
            revert TenderingOrganisationAlreadyBid(tenderId, orgId, _bidderOfOrg(tenderId, orgId));
        }
        if (t.bidCount >= t.maxBids) revert TenderingTooManyBids(tenderId, t.maxBids);
    }

    function _hasOrgBid(uint256 tenderId, StoredTender storage t, uint64 orgId) private view returns (bool) {
        if (orgId < _SMALL_ORGS) return _smallOrgs(t) & (uint256(1) << orgId) != 0;
        return _orgBids[tenderId][orgId >> 8] & (uint256(1) << (orgId & 0xff)) != 0;
    }

    /// @dev Makes the caller the head of the tender's list and marks its organisation; returns
    /// the previous head (the caller's `prev`).
    function _pushBidder(uint256 tenderId, StoredTender storage t, uint64 orgId) private returns (address prev) {
        prev = t.lastBidder;
        t.lastBidder = msg.sender;
        if (orgId < _SMALL_ORGS) _markSmallOrg(t, orgId);
        else _orgBids[tenderId][orgId >> 8] |= uint256(1) << (orgId & 0xff);
    }

    /// @dev The bidder whose bid is of organisation `orgId` (its bit is set). Walks at most
    /// `maxBids` bids, on the revert path only.
    function _bidderOfOrg(uint256 tenderId, uint64 orgId) private view returns (address a) {
        for (a = _tenders[tenderId].lastBidder; _bids[tenderId][a].supplierOrgId != orgId; a = _bids[tenderId][a].prev) {}
    }

    /// @dev The caller is an agency participant whose CURRENT organisation is the open tender's
    /// (issue 13 item 6: powers follow the organisation; the account that opened the tender loses
    /// them when it moves to another organisation).
    function _checkTenderAgency(uint256 tenderId) private view returns (StoredTender storage t) {
        uint64 orgId = _registry.checkParticipant(msg.sender, _agencyRole);
        t = _openTenderOf(tenderId);
        if (orgId != t.agencyOrgId) revert TenderingNotTenderAgency(tenderId, msg.sender);
    }

    function _checkEscrow() private view {
        if (!_registry.hasRole(_escrowRole, msg.sender)) revert TenderingUnauthorizedEscrow(msg.sender);
    }

    function _knownTender(uint256 tenderId) private view returns (StoredTender storage t) {
        t = _tenders[tenderId];
        if (t.status == TenderStatus.None) revert TenderingUnknownTender(tenderId);
    }

    function _openTenderOf(uint256 tenderId) private view returns (StoredTender storage t) {
        t = _tenders[tenderId];
        TenderStatus status = t.status;
        if (status == TenderStatus.None) revert TenderingUnknownTender(tenderId);
        if (status != TenderStatus.Open) revert TenderingNotOpen(tenderId, status);
    }

    function _awardedTender(uint256 tenderId) private view returns (StoredTender storage t) {
        t = _tenders[tenderId];
        if (t.status != TenderStatus.Awarded) revert TenderingNotAwarded(tenderId, t.status);
    }

    // ---------------------------------------------------------------- finalisation

    /// @dev One pass over the bids (at most `maxBids` <= MAX_BIDS_BOUND), in commit order, so a
    /// strict `<` keeps the earlier commit on a tie.
    function _evaluate(uint256 tenderId, StoredTender storage t) private view returns (Evaluation memory e) {
        uint256 count = t.bidCount;
        uint256 hpsIdr = t.hpsIdr;
        e.revealed = new address[](count);
        e.unrevealed = new address[](count);
        e.validPrices = new uint256[](count);
        e.validBidders = new address[](count);
        address[] memory list = _bidderList(tenderId, count);
        for (uint256 i; i < count; ++i) {
            address bidder = list[i];
            StoredBid storage b = _bids[tenderId][bidder];
            if (b.state == BidState.Committed) {
                e.unrevealed[e.unrevealedCount++] = bidder;
            } else {
                e.revealed[e.revealedCount++] = bidder;
                _consider(e, bidder, b.data, b.state == BidState.Disqualified, hpsIdr);
            }
        }
    }

    function _consider(Evaluation memory e, address bidder, uint256 priceIdr, bool disqualified, uint256 hpsIdr)
        private
        pure
    {
        if (disqualified) ++e.disqualifiedCount;
        if (priceIdr > hpsIdr) (e.aboveHpsCount, e.lastAboveHps) = (e.aboveHpsCount + 1, bidder);
        if (!_isValidPrice(priceIdr, hpsIdr)) return;
        e.validPrices[e.validCount] = priceIdr;
        e.validBidders[e.validCount++] = bidder;
        if (e.best == address(0) || priceIdr < e.bestPriceIdr) {
            (e.best, e.bestPriceIdr, e.bestDisqualified) = (bidder, priceIdr, disqualified);
        }
        if (disqualified) return;
        ++e.eligibleCount;
        if (e.winner == address(0) || priceIdr < e.winnerPriceIdr) (e.winner, e.winnerPriceIdr) = (bidder, priceIdr);
    }

    /// @dev Sets the end state; returns the budget to release (all of the HPS if Failed, else
    /// nothing: the HPS stays committed until the award is accepted or ends).
    function _recordOutcome(
        uint256 tenderId,
        StoredTender storage t,
        Evaluation memory e,
        IRegistry.TenderAwardTerms memory terms,
        uint256 now_
    ) private returns (uint256) {
        _clearSmallOrgs(t);
        if (e.winner == address(0)) {
            t.status = TenderStatus.Failed;
            emit TenderFailed(tenderId, t.bidCount);
            return t.hpsIdr;
        }
        t.status = TenderStatus.Awarded;
        t.winner = e.winner;
        t.winnerBondHeld = t.bondIdr > 0;
        // Tender-clock times stay far below 2^64 (block times plus windows bounded by policy).
        // safe casts: below the Registry's caps (see StoredTender); now_ <= block.timestamp
        t.objectionEndsAt = uint40(now_ + terms.objectionWindowSec);
        t.acceptanceWindowSec = uint24(terms.acceptanceWindowSec);
        t.bondReturnTimeoutSec = uint32(terms.bondReturnTimeoutSec);
        t.objectionBondPerMille = uint8(terms.objectionBondPerMille);
        emit TenderAwarded(tenderId, e.winner, e.winnerPriceIdr, _bids[tenderId][e.winner].supplierOrgId);
        return 0;
    }

    /// @dev Takes the award from `previous` (its bid becomes Excluded) and gives it to the next
    /// eligible bid: the lowest valid price among Revealed bids, ties to the earlier commit (one
    /// pass over at most `maxBids` bids). Without one the tender fails. Returns the budget to
    /// release (the HPS when the tender fails).
    function _moveAward(uint256 tenderId, StoredTender storage t, address previous) private returns (uint256) {
        _bids[tenderId][previous].state = BidState.Excluded;
        (address next, uint256 priceIdr) = _nextEligible(tenderId, t);
        if (next == address(0)) {
            t.winner = address(0);
            t.status = TenderStatus.Failed;
            emit TenderFailed(tenderId, t.bidCount);
            return t.hpsIdr;
        }
        t.winner = next;
        emit AwardMoved(tenderId, previous, next, priceIdr);
        emit RedFlagRaised(tenderId, _FLAG_AWARD_MOVED, next, priceIdr);
        return 0;
    }

    function _nextEligible(uint256 tenderId, StoredTender storage t) private view returns (address next, uint256 best) {
        uint256 count = t.bidCount;
        uint256 hpsIdr = t.hpsIdr;
        address[] memory list = _bidderList(tenderId, count);
        for (uint256 i; i < count; ++i) {
            // bounded by maxBids
            address bidder = list[i];
            StoredBid storage b = _bids[tenderId][bidder];
            if (b.state != BidState.Revealed) continue;
            uint256 priceIdr = b.data;
            if (!_isValidPrice(priceIdr, hpsIdr)) continue;
            if (next == address(0) || priceIdr < best) (next, best) = (bidder, priceIdr);
        }
    }

    function _raiseRedFlags(uint256 tenderId, Evaluation memory e, uint256 aboveHpsFlagCount) private {
        if (e.eligibleCount == 1) emit RedFlagRaised(tenderId, _FLAG_SINGLE_BID, e.winner, e.winnerPriceIdr);
        (bool shared, uint256 sharedPriceIdr, address sharer) = _lowestSharedPrice(e);
        if (shared) emit RedFlagRaised(tenderId, _FLAG_IDENTICAL_PRICES, sharer, sharedPriceIdr);
        if (e.bestDisqualified) {
            emit RedFlagRaised(tenderId, _FLAG_LOWEST_BID_DISQUALIFIED, e.best, e.bestPriceIdr);
        }
        if (e.winner != address(0) && e.disqualifiedCount > 0 && e.disqualifiedCount + 1 == e.revealedCount) {
            emit RedFlagRaised(tenderId, _FLAG_ALL_BUT_WINNER_DISQUALIFIED, e.winner, e.winnerPriceIdr);
        }
        if (e.aboveHpsCount >= aboveHpsFlagCount) {
            emit RedFlagRaised(tenderId, _FLAG_MANY_ABOVE_HPS, e.lastAboveHps, e.aboveHpsCount);
        }
        for (uint256 i; i < e.unrevealedCount; ++i) {
            // bounded by maxBids
            emit RedFlagRaised(tenderId, _FLAG_BID_WITHHELD, e.unrevealed[i], 0);
        }
    }

    /// @dev The lowest price shared by two valid bids, and the later bidder of its first pair.
    /// Quadratic in the valid bids, at most MAX_BIDS_BOUND^2 / 2 comparisons of memory words.
    function _lowestSharedPrice(Evaluation memory e)
        private
        pure
        returns (bool found, uint256 priceIdr, address later)
    {
        for (uint256 i = 1; i < e.validCount; ++i) {
            uint256 p = e.validPrices[i];
            if (found && p >= priceIdr) continue;
            for (uint256 j; j < i; ++j) {
                if (e.validPrices[j] == p) {
                    (found, priceIdr, later) = (true, p, e.validBidders[i]);
                    break;
                }
            }
        }
    }

    function _emitBondOutcomes(uint256 tenderId, Evaluation memory e, address treasury, uint256 bondIdr) private {
        _emitRefunds(tenderId, e.revealed, e.revealedCount, e.winner, bondIdr);
        for (uint256 i; i < e.unrevealedCount; ++i) {
            // bounded by maxBids
            emit BondForfeited(tenderId, e.unrevealed[i], treasury, bondIdr);
        }
    }

    function _transferBondOutcomes(Evaluation memory e, address treasury, uint256 bondIdr) private {
        _transferRefunds(e.revealed, e.revealedCount, e.winner, bondIdr);
        if (e.unrevealedCount > 0) _token.safeTransfer(treasury, bondIdr * e.unrevealedCount);
    }

    /// @dev `BondRefunded` for the first `count` of `list`, except `keep` (the winner, or zero).
    function _emitRefunds(uint256 tenderId, address[] memory list, uint256 count, address keep, uint256 bondIdr)
        private
    {
        for (uint256 i; i < count; ++i) {
            // bounded by maxBids
            if (list[i] != keep) emit BondRefunded(tenderId, list[i], bondIdr);
        }
    }

    function _transferRefunds(address[] memory list, uint256 count, address keep, uint256 bondIdr) private {
        for (uint256 i; i < count; ++i) {
            // bounded by maxBids
            if (list[i] != keep) _token.safeTransfer(list[i], bondIdr);
        }
    }

    // ---------------------------------------------------------------- helpers

    /// @dev The tender's `count` bidders in commit order (the stored list runs newest first).
    function _bidderList(uint256 tenderId, uint256 count) private view returns (address[] memory list) {
        list = new address[](count);
        if (count == 0) return list;
        address a = _tenders[tenderId].lastBidder;
        list[count - 1] = a;
        for (uint256 i = count - 1; i > 0; ) {
            // bounded by maxBids; the first bidder's `prev` (zero) is never read
            a = _bids[tenderId][a].prev;
            list[--i] = a;
        }
    }

    /// @dev The second slot of a bid as one word: data | supplierOrgId << 160 | state << 224 |
    /// objection << 232 (the layout of `StoredBid`).
    function _recordOf(StoredBid storage b) private view returns (uint256 record) {
        // safe because it only reads the slot after `b`'s first (measured: docs/gas.md, reveal)
        assembly ("memory-safe") {
            record := sload(add(b.slot, 1))
        }
    }

    /// @dev Writes the second slot of a bid in one SSTORE (layout as in `_recordOf`).
    function _storeRecord(StoredBid storage b, uint256 record) private {
        // safe because it writes only the slot after `b`'s first, a word built from `_recordOf`
        assembly ("memory-safe") {
            sstore(add(b.slot, 1), record)
        }
    }

    /// @dev The commitment of a Committed bid, from its two halves.
    function _commitment(StoredBid storage b) private view returns (bytes32) {
        return bytes32((uint256(b.commitHigh) << 160) | b.data);
    }

    /// @dev The `smallOrgs` bits of an Open tender (see StoredTender).
    function _smallOrgs(StoredTender storage t) private view returns (uint256 bits) {
        // safe because it only reads slot 2 of `t` (measured: docs/gas.md, "the last three")
        assembly ("memory-safe") {
            bits := and(shr(136, sload(add(t.slot, 2))), 0xffffffffffffffffffffffff)
        }
    }

    /// @dev Sets the bit of organisation `orgId` (< _SMALL_ORGS) in `smallOrgs`.
    function _markSmallOrg(StoredTender storage t, uint64 orgId) private {
        uint256 bit = (uint256(1) << 136) << orgId;
        // safe because it sets one bit in 136..231 of slot 2 of `t`, `smallOrgs` while Open
        assembly ("memory-safe") {
            let slot := add(t.slot, 2)
            sstore(slot, or(sload(slot), bit))
        }
    }

    /// @dev Clears `smallOrgs` when the tender leaves Open: zero award times until finalisation writes them.
    function _clearSmallOrgs(StoredTender storage t) private {
        (t.objectionEndsAt, t.acceptanceWindowSec, t.orderedAt) = (0, 0, 0);
    }

    /// @dev The objection bond: the policy's per mille at finalisation of the HPS (zero before;
    /// at most the HPS, below 2^128).
    function _objectionBond(StoredTender storage t) private view returns (uint256) {
        return uint256(t.hpsIdr) * t.objectionBondPerMille / _PER_MILLE;
    }

    /// @dev The tender clock: now minus the time the system spent paused since the tender
    /// opened, so every deadline of the tender is extended by the pause.
    function _clock(StoredTender storage t) private view returns (uint256) {
        return block.timestamp - (_pausedSeconds() - t.pauseSnapshot);
    }

    /// @dev Gives `amountIdr` (if any) of the tender's HPS back to the agency's budget.
    function _releaseBudget(StoredTender storage t, uint256 amountIdr) private {
        if (amountIdr > 0) _registry.releaseBudget(t.agencyOrgId, t.fiscalYear, amountIdr);
    }

    function _requireNotPaused() private view {
        if (_registry.paused()) revert EnforcedPause();
    }

    /// @dev The registry's total paused seconds, an ongoing pause included.
    function _pausedSeconds() private view returns (uint64) {
        return _registry.pausedSeconds();
    }

    function _isValidPrice(uint256 priceIdr, uint256 hpsIdr) private pure returns (bool) {
        return priceIdr > 0 && priceIdr <= hpsIdr;
    }

    function _ocid(uint256 tenderId) private view returns (string memory) {
        return string.concat(_ocidPrefix, "-", Decimal.toString(block.chainid), "-T", Decimal.toString(tenderId));
    }
}

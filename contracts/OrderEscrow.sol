// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IOrderEscrow} from "./interfaces/IOrderEscrow.sol";
import {IOrderSource} from "./interfaces/IOrderSource.sol";
import {Decimal} from "./libraries/Decimal.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";
import {IShipmentSource} from "./interfaces/IShipmentSource.sol";
import {ITenderAwards} from "./interfaces/ITenderAwards.sol";
import {OrderAdendum} from "./OrderAdendum.sol";
import {OrderEscrowStorage} from "./OrderEscrowStorage.sol";

/// @title OrderEscrow
/// @notice Purchase orders whose money sits in escrow and is paid per confirmed delivery, with late
/// penalties and retention computed by code (DESIGN section 5).
/// @dev Money moves only in `acceptOrder` (agency → escrow) and in the functions that follow a
/// confirmed delivery, a termination, the end of the maintenance period or an arbiter ruling.
/// Every one of them is `nonReentrant` and updates the order before any token transfer.
contract OrderEscrow is IOrderEscrow, OrderEscrowStorage {
    using SafeERC20 for IERC20;

    /// @dev An arrived, unconfirmed shipment as `_unconfirmedArrival` reads it from tracking.
    struct Arrival {
        uint256 orderId;
        uint64 arrivedAt;
        uint64 pausedAtArrival;
        uint256[] shipped;
    }

    /// @inheritdoc IOrderEscrow
    uint256 public constant MAX_LINES = 50;
    /// @inheritdoc IOrderEscrow
    uint64 public constant MAX_MAINTENANCE_PERIOD_SEC = 10 * 365 days;
    bytes16 private constant _MILESTONE_UNIT = "milestone";
    uint256 private constant _PER_MILLE = 1_000;

    /// @param registry_ The Rantai registry (roles, policy, budgets).
    /// @param token_ The settlement token (whole rupiah).
    /// @param tendering_ The Tendering contract whose awards become orders.
    /// @param ocidPrefix OCDS prefix, e.g. `ocds-rantai`.
    /// @dev Creates the adendum extension (issue 13 item 4) with the same wiring, as this
    /// contract's first CREATE: its address is `_extension()`, a function of this contract's
    /// address alone, so the runtime code holds no deployment-specific value (a deployment
    /// verifies by re-running the init code, tools/deploy.py).
    constructor(address registry_, address token_, address tendering_, string memory ocidPrefix)
        OrderEscrowStorage(registry_, token_, tendering_)
    {
        _ocidBase = string.concat(ocidPrefix, "-", Decimal.toString(block.chainid), "-");
        address created = address(new OrderAdendum(registry_, token_, tendering_));
        assert(created == _extension());
    }

    /// @dev Calls OrderEscrow does not answer itself (`signAdendum`, `adendumState`) run in the
    /// adendum extension's code on this contract's storage (`OrderAdendum`; its own ABI). The
    /// target is this contract's first CREATE (nonce 1), fixed at construction; an unknown
    /// selector reverts there without data.
    fallback() external {
        // safe because the target is the extension this contract created (its CREATE address,
        // keccak256(rlp([this, 1]))[12:]), and the block ends the call (return or revert), so the
        // memory it overwrites is never read again
        assembly {
            mstore(0, or(shl(240, 0xd694), shl(80, address())))
            mstore8(22, 0x01)
            let target := and(keccak256(0, 23), 0xffffffffffffffffffffffffffffffffffffffff)
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), target, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) { revert(0, returndatasize()) }
            return(0, returndatasize())
        }
    }

    /// @dev The address of this contract's first CREATE: keccak256(rlp([address(this), 1]))[12:].
    function _extension() private view returns (address) {
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes2(0xd694), address(this), bytes1(0x01))))));
    }

    // ---------------------------------------------------------------- wiring

    /// @inheritdoc IOrderEscrow
    function setShipmentTracking(address shipmentTracking_) external {
        if (!_registry.hasRole(_governorRole, msg.sender)) {
            revert OrderEscrowUnauthorizedAccount(msg.sender, _governorRole);
        }
        if (shipmentTracking_ == address(0)) revert OrderEscrowZeroAddress();
        address current = address(_shipmentTracking);
        if (current != address(0)) revert OrderEscrowShipmentTrackingAlreadySet(current);
        _shipmentTracking = IShipmentSource(shipmentTracking_);
        emit ShipmentTrackingSet(shipmentTracking_);
    }

    // ---------------------------------------------------------------- creation

    /// @inheritdoc IOrderEscrow
    function createOrderFromTender(
        uint256 tenderId,
        Line[] calldata lines,
        uint64 deliveryDeadlineAt,
        uint64 maintenancePeriodSec,
        bytes32 ref
    ) external returns (uint256 orderId) {
        uint64 callerOrgId = _checkParticipant(msg.sender, _agencyRole);
        ITenderAwards.Award memory won = _tendering.award(tenderId);
        if (won.agencyOrgId != callerOrgId) {
            revert OrderEscrowNotAwardAgency(tenderId, callerOrgId, won.agencyOrgId);
        }
        orderId = _newOrder(_registry.policy(), callerOrgId, won.fiscalYear, won.supplier, deliveryDeadlineAt);
        _setMaintenancePeriod(orderId, maintenancePeriodSec);
        (uint256 totalIdr, bytes32 linesHash) = _storeLines(orderId, lines, deliveryDeadlineAt);
        if (totalIdr != won.priceIdr) revert OrderEscrowTotalMismatch(tenderId, totalIdr, won.priceIdr);
        _orders[orderId].tenderId = SafeCast.toUint64(tenderId);
        _emitCreated(orderId, _ocid("T", tenderId), tenderId, lines);
        _claimRef(callerOrgId, ref, orderId);
        _tendering.consumeAward(tenderId, orderId, linesHash, deliveryDeadlineAt);
    }

    /// @inheritdoc IOrderEscrow
    function createDirectOrder(
        address supplier,
        uint16 fiscalYear,
        Line[] calldata lines,
        uint64 deliveryDeadlineAt,
        uint64 maintenancePeriodSec,
        bytes32 ref
    ) external returns (uint256 orderId) {
        uint64 callerOrgId = _checkParticipant(msg.sender, _agencyRole);
        uint64 supplierOrgId = _checkParticipant(supplier, _supplierRole);
        IRegistry.Policy memory policy = _registry.policy();
        orderId = _newOrder(policy, callerOrgId, fiscalYear, supplier, deliveryDeadlineAt);
        _setMaintenancePeriod(orderId, maintenancePeriodSec);
        (uint256 totalIdr,) = _storeLines(orderId, lines, deliveryDeadlineAt);
        uint256 ceilingIdr = policy.directPurchaseCeilingIdr;
        if (totalIdr > ceilingIdr) revert OrderEscrowDirectPurchaseCeilingExceeded(totalIdr, ceilingIdr);
        _emitCreated(orderId, _ocid("PO", orderId), 0, lines);
        _claimRef(callerOrgId, ref, orderId);
        _trackDirectPurchase(orderId, callerOrgId, supplierOrgId, totalIdr, policy);
        _registry.commitBudget(callerOrgId, fiscalYear, totalIdr);
    }

    // ---------------------------------------------------------------- acceptance, cancellation

    /// @inheritdoc IOrderEscrow
    function acceptOrder(uint256 orderId, bytes32 contractHash) external nonReentrant {
        StoredOrder storage o = _checkOrderSupplier(orderId);
        _checkState(orderId, o, OrderState.Created);
        address agency = o.agency;
        uint64 totalIdr = o.totalIdr;
        uint256 tenderId = o.tenderId;
        _checkAgencyFunds(agency, totalIdr);
        o.state = OrderState.Active;
        o.unpaidIdr = totalIdr;
        emit OrderAccepted(orderId, msg.sender, contractHash, totalIdr);
        // `agency` is the account that created this order for `totalIdr` and approved the escrow
        // for it; only the order's supplier can trigger the pull, once (state Created → Active).
        // slither-disable-next-line arbitrary-send-erc20
        _token.safeTransferFrom(agency, address(this), totalIdr);
        // Inside the award's acceptance window only (reverts otherwise); returns the bid bond.
        if (tenderId != 0) _tendering.acceptAward(tenderId, orderId);
    }

    /// @inheritdoc IOrderEscrow
    function cancelOrder(uint256 orderId, bytes32 reasonHash) external nonReentrant {
        StoredOrder storage o = _checkOrderAgency(orderId);
        _checkState(orderId, o, OrderState.Created);
        o.state = OrderState.Cancelled;
        uint256 totalIdr = o.totalIdr;
        uint256 tenderId = o.tenderId;
        emit OrderCancelled(orderId, reasonHash, totalIdr);
        // An order from a tender carries the tender's commitment, which stays with the award:
        // the award can be ordered again (the winner's bond comes back when it accepts a later
        // order, or after the policy's bond-return timeout).
        if (tenderId == 0) _registry.releaseBudget(o.agencyOrgId, o.fiscalYear, totalIdr);
        else _tendering.reopenAward(tenderId, orderId);
    }

    // ---------------------------------------------------------------- delivery and payment

    /// @inheritdoc IOrderEscrow
    // The one external call before these writes is the wired ShipmentTracking's `confirmArrival`
    // (trusted, no callback), and the function is nonReentrant.
    // slither-disable-next-line reentrancy-benign
    function confirmDelivery(
        uint256 shipmentId,
        uint256[] calldata receivedQuantities,
        bytes32 bastHash
    ) external nonReentrant {
        Arrival memory arrived = _unconfirmedArrival(shipmentId, true);
        uint256 orderId = arrived.orderId;
        StoredOrder storage o = _checkOrderAgency(orderId);
        _checkActiveUndisputed(orderId, o);
        uint256 valueIdr = _receive(orderId, o, shipmentId, receivedQuantities, arrived.shipped);
        uint256 daysLate = _daysLate(arrived.arrivedAt, _deadlineAt(o, o.deliveryDeadlineAt, arrived.pausedAtArrival));
        emit DeliveryConfirmed(orderId, shipmentId, receivedQuantities, bastHash, valueIdr, daysLate);
        _pay(orderId, o, valueIdr, daysLate);
    }

    /// @inheritdoc IOrderEscrow
    /// @dev Without a submission the agency confirms on its own and lateness counts to now (the
    /// supplier stops that clock by submitting); with one, lateness counts to the submission.
    function confirmMilestone(uint256 orderId, uint256 lineIndex, bytes32 bastHash) external nonReentrant {
        StoredOrder storage o = _checkOrderAgency(orderId);
        StoredLine storage l = _openMilestone(orderId, o, lineIndex);
        StoredSubmission storage sub = _submissions[orderId][lineIndex];
        uint256 daysLate;
        if (sub.submittedAt == 0) {
            daysLate = _daysLate(block.timestamp, _deadlineAt(o, l.dueAt, _registry.pausedSeconds()));
        } else {
            daysLate = _submissionDaysLate(o, l, sub);
            --o.pendingMilestones;
        }
        l.deliveredQuantity = 1;
        uint256 valueIdr = l.unitPriceIdr; // a milestone's quantity is 1
        emit MilestoneConfirmed(orderId, lineIndex, bastHash, valueIdr, daysLate);
        _pay(orderId, o, valueIdr, daysLate);
    }

    /// @inheritdoc IOrderEscrow
    function submitMilestone(uint256 orderId, uint256 lineIndex, bytes32 evidenceHash) external {
        StoredOrder storage o = _checkOrderSupplier(orderId);
        _openMilestone(orderId, o, lineIndex);
        StoredSubmission storage sub = _submissions[orderId][lineIndex];
        if (sub.submittedAt != 0) revert OrderEscrowMilestoneAlreadySubmitted(orderId, lineIndex);
        (sub.submittedAt, sub.pausedSecondsAtSubmission) = (uint64(block.timestamp), _registry.pausedSeconds());
        ++o.pendingMilestones; // at most lineCount ≤ MAX_LINES
        emit MilestoneSubmitted(orderId, lineIndex, evidenceHash, uint64(block.timestamp) + o.confirmationWindowSec);
    }

    /// @inheritdoc IOrderEscrow
    function rejectMilestone(uint256 orderId, uint256 lineIndex, bytes32 reasonHash) external {
        StoredOrder storage o = _checkOrderAgency(orderId);
        _openMilestone(orderId, o, lineIndex);
        StoredSubmission storage sub = _submittedMilestone(orderId, lineIndex);
        uint256 reviewEndsAt = _windowEnd(sub.submittedAt, o.confirmationWindowSec, sub.pausedSecondsAtSubmission);
        if (block.timestamp >= reviewEndsAt) revert OrderEscrowReviewWindowClosed(orderId, lineIndex, reviewEndsAt);
        emit MilestoneRejected(orderId, lineIndex, reasonHash);
        _openDispute(orderId, o, 0, reasonHash);
    }

    /// @inheritdoc IOrderEscrow
    function claimDeemedMilestone(uint256 orderId, uint256 lineIndex) external nonReentrant {
        StoredOrder storage o = _checkOrderSupplier(orderId);
        StoredLine storage l = _openMilestone(orderId, o, lineIndex);
        StoredSubmission storage sub = _submittedMilestone(orderId, lineIndex);
        uint256 reviewEndsAt = _windowEnd(sub.submittedAt, o.confirmationWindowSec, sub.pausedSecondsAtSubmission);
        if (block.timestamp < reviewEndsAt) revert OrderEscrowReviewWindowOpen(orderId, lineIndex, reviewEndsAt);
        uint256 daysLate = _submissionDaysLate(o, l, sub);
        --o.pendingMilestones;
        l.deliveredQuantity = 1;
        uint256 valueIdr = l.unitPriceIdr;
        emit MilestoneDeemedAccepted(orderId, lineIndex, valueIdr, daysLate);
        _pay(orderId, o, valueIdr, daysLate);
    }

    /// @inheritdoc IOrderEscrow
    // The one external call before these writes is the wired ShipmentTracking's `confirmArrival`
    // (trusted, no callback), and the function is nonReentrant.
    // slither-disable-next-line reentrancy-benign
    function claimDeemedDelivery(uint256 shipmentId) external nonReentrant {
        Arrival memory arrived = _unconfirmedArrival(shipmentId, true);
        uint256 orderId = arrived.orderId;
        StoredOrder storage o = _checkOrderSupplier(orderId);
        _checkActiveUndisputed(orderId, o);
        uint256 deemedAt = _windowEnd(arrived.arrivedAt, o.confirmationWindowSec, arrived.pausedAtArrival);
        if (block.timestamp < deemedAt) revert OrderEscrowConfirmationWindowOpen(shipmentId, deemedAt);
        (uint256[] memory received, uint256 valueIdr) = _receiveAll(orderId, o, shipmentId, arrived.shipped);
        uint256 daysLate = _daysLate(arrived.arrivedAt, _deadlineAt(o, o.deliveryDeadlineAt, arrived.pausedAtArrival));
        emit DeliveryDeemedAccepted(orderId, shipmentId, received, valueIdr, daysLate);
        _pay(orderId, o, valueIdr, daysLate);
    }

    /// @inheritdoc IOrderEscrow
    function releaseRetention(uint256 orderId) external nonReentrant {
        if (_registry.paused()) revert EnforcedPause();
        StoredOrder storage o = _existingOrder(orderId);
        OrderState state = o.state;
        if (state != OrderState.Delivered && state != OrderState.Terminated) {
            revert OrderEscrowInvalidState(orderId, state);
        }
        if (o.disputed) revert OrderEscrowDisputeOpen(orderId);
        uint64 releaseAt = _deadlineAt(o, o.retentionReleaseAt, _registry.pausedSeconds());
        if (block.timestamp < releaseAt) revert OrderEscrowMaintenancePeriodRunning(orderId, releaseAt);
        uint256 amountIdr = o.retentionHeldIdr;
        address supplier = o.supplier;
        o.retentionHeldIdr = 0;
        o.state = OrderState.Closed;
        emit RetentionReleased(orderId, supplier, amountIdr);
        if (amountIdr != 0) _token.safeTransfer(supplier, amountIdr);
    }

    /// @inheritdoc IOrderEscrow
    function terminateOrder(uint256 orderId, bytes32 reasonHash) external nonReentrant {
        StoredOrder storage o = _checkOrderAgency(orderId);
        _checkActiveUndisputed(orderId, o);
        uint64 pausedNow = _registry.pausedSeconds();
        uint256 terminableAt_ = _terminableAt(o, pausedNow);
        if (block.timestamp < terminableAt_) revert OrderEscrowTerminationTooEarly(orderId, terminableAt_);
        uint256 pending = o.pendingMilestones;
        if (pending != 0) revert OrderEscrowMilestonesAwaitingAcceptance(orderId, pending);
        _checkNoUnconfirmedArrival(orderId);
        uint256 refundIdr = o.unpaidIdr; // not 0: an Active order has undelivered value
        uint64 releaseAt = _startMaintenance(o, pausedNow);
        o.state = OrderState.Terminated;
        o.unpaidIdr = 0;
        emit OrderTerminated(orderId, reasonHash, refundIdr, releaseAt);
        _refundAgency(o, refundIdr);
    }

    // ---------------------------------------------------------------- disputes

    /// @inheritdoc IOrderEscrow
    function openDispute(uint256 orderId, bytes32 reasonHash) external {
        StoredOrder storage o = _existingOrder(orderId);
        _checkOrderParty(orderId, o);
        _openDispute(orderId, o, 0, reasonHash);
    }

    /// @inheritdoc IOrderEscrow
    function respondToDispute(uint256 orderId, bytes32 responseHash) external {
        StoredOrder storage o = _existingOrder(orderId);
        if (!o.disputed) revert OrderEscrowNoOpenDispute(orderId);
        StoredDispute storage d = _disputes[orderId];
        // The respondent is the side that did not open: the supplier account, or an AGENCY
        // account of the order's organisation; the opener's side can never answer itself.
        // A stranger is refused as not an order party (`OrderEscrowNotOrderParty`).
        _checkOrderParty(orderId, o);
        if ((msg.sender == o.supplier) == d.openedBySupplier) {
            revert OrderEscrowNotDisputeRespondent(orderId, msg.sender);
        }
        if (d.responded) revert OrderEscrowDisputeAlreadyResponded(orderId);
        d.responded = true;
        emit DisputeResponded(orderId, msg.sender, responseHash);
    }

    /// @inheritdoc IOrderEscrow
    // The one external call before these writes is the wired ShipmentTracking's `confirmArrival`
    // without `confirm` (trusted, no callback, writes nothing).
    // slither-disable-next-line reentrancy-benign,reentrancy-events
    function escalateUnconfirmed(uint256 shipmentId, bytes32 reasonHash) external {
        Arrival memory arrived = _unconfirmedArrival(shipmentId, false);
        uint256 orderId = arrived.orderId;
        StoredOrder storage o = _checkOrderSupplier(orderId);
        uint256 escalableAt = _windowEnd(arrived.arrivedAt, o.confirmationWindowSec, arrived.pausedAtArrival);
        if (block.timestamp < escalableAt) revert OrderEscrowConfirmationWindowOpen(shipmentId, escalableAt);
        _openDispute(orderId, o, shipmentId, reasonHash);
    }

    /// @inheritdoc IOrderEscrow
    function resolveDispute(
        uint256 orderId,
        uint256 toSupplierIdr,
        uint256 toAgencyIdr,
        bytes32 rulingHash
    ) external nonReentrant {
        uint64 arbiterOrgId = _checkParticipant(msg.sender, _arbiterRole);
        StoredOrder storage o = _existingOrder(orderId);
        if (!o.disputed) revert OrderEscrowNoOpenDispute(orderId);
        _checkNoConflict(orderId, o, arbiterOrgId);
        _checkResponseWindow(orderId);
        uint256 heldIdr_ = _held(o);
        uint256 rulingTotalIdr = Math.saturatingAdd(toSupplierIdr, toAgencyIdr);
        if (rulingTotalIdr != heldIdr_) revert OrderEscrowRulingMismatch(orderId, rulingTotalIdr, heldIdr_);
        o.unpaidIdr = 0;
        o.retentionHeldIdr = 0;
        o.disputed = false;
        o.state = OrderState.Closed;
        emit DisputeResolved(orderId, msg.sender, toSupplierIdr, toAgencyIdr, rulingHash);
        _refundAgency(o, toAgencyIdr);
        if (toSupplierIdr != 0) _token.safeTransfer(o.supplier, toSupplierIdr);
    }

    /// @dev Reverts `OrderEscrowResponseWindowOpen` while the other party has neither responded
    /// nor run out of its response window (extended by time paused since the dispute opened).
    function _checkResponseWindow(uint256 orderId) private view {
        StoredDispute storage d = _disputes[orderId];
        if (d.responded) return;
        uint256 respondByAt = _windowEnd(d.openedAt, d.responseWindowSec, d.pausedSecondsAtOpening);
        if (block.timestamp < respondByAt) revert OrderEscrowResponseWindowOpen(orderId, respondByAt);
    }

    /// @dev Conflict of interest (issue 15 item 4): the arbiter's organisation, and that of every
    /// owner when the arbiter is a panel contract (a Safe: `getOwners()`), must be neither the
    /// order's agency nor its supplier organisation. A contract without `getOwners()` is judged
    /// by its own organisation only. One level deep: a panel's owners are expected to be keys.
    function _checkNoConflict(uint256 orderId, StoredOrder storage o, uint64 arbiterOrgId) private view {
        uint64 agencyOrgId = o.agencyOrgId;
        uint64 supplierOrgId = _registry.orgOf(o.supplier);
        if (arbiterOrgId == agencyOrgId || arbiterOrgId == supplierOrgId) {
            revert OrderEscrowArbiterConflict(orderId, msg.sender, arbiterOrgId);
        }
        if (msg.sender.code.length == 0) return;
        // A Safe's `getOwners()`; read by selector because a panel is no Rantai contract. A
        // static call: the arbiter cannot change state here, and a failure means "no owners".
        // slither-disable-next-line low-level-calls
        (bool ok, bytes memory returned) = msg.sender.staticcall(abi.encodeWithSignature("getOwners()"));
        if (!ok || returned.length < 64) return;
        address[] memory owners = abi.decode(returned, (address[]));
        for (uint256 i = 0; i < owners.length; ++i) {
            // slither-disable-next-line calls-loop
            uint64 memberOrgId = _registry.orgOf(owners[i]);
            if (memberOrgId != 0 && (memberOrgId == agencyOrgId || memberOrgId == supplierOrgId)) {
                revert OrderEscrowArbiterConflict(orderId, owners[i], memberOrgId);
            }
        }
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IOrderEscrow
    function dispute(uint256 orderId) external view returns (Dispute memory) {
        StoredDispute storage d = _disputes[orderId];
        uint64 openedAt = d.openedAt;
        uint256 respondByAt = openedAt == 0 ? 0 : _windowEnd(openedAt, d.responseWindowSec, d.pausedSecondsAtOpening);
        return Dispute(openedAt, respondByAt, d.openedBySupplier, d.responded);
    }

    /// @inheritdoc IOrderEscrow
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc IOrderEscrow
    function token() external view returns (address) {
        return address(_token);
    }

    /// @inheritdoc IOrderEscrow
    function tendering() external view returns (address) {
        return address(_tendering);
    }

    /// @inheritdoc IOrderEscrow
    function shipmentTracking() external view returns (address) {
        return address(_shipmentTracking);
    }

    /// @inheritdoc IOrderEscrow
    function orderCount() external view returns (uint256) {
        return _orderCount;
    }

    /// @inheritdoc IOrderEscrow
    function order(uint256 orderId) external view returns (Order memory) {
        StoredOrder storage o = _existingOrder(orderId);
        uint64 pausedNow = _registry.pausedSeconds();
        return Order({
            agency: o.agency,
            agencyOrgId: o.agencyOrgId,
            fiscalYear: o.fiscalYear,
            state: o.state,
            disputed: o.disputed,
            supplier: o.supplier,
            lineCount: o.lineCount,
            retentionBps: o.retentionBps,
            penaltyPerMillePerDay: o.penaltyPerMillePerDay,
            penaltyCapBps: o.penaltyCapBps,
            deliveryDeadlineAt: _deadlineAt(o, o.deliveryDeadlineAt, pausedNow),
            maintenancePeriodSec: o.maintenancePeriodSec,
            confirmationWindowSec: o.confirmationWindowSec,
            retentionReleaseAt: o.retentionReleaseAt == 0 ? 0 : _deadlineAt(o, o.retentionReleaseAt, pausedNow),
            totalIdr: o.totalIdr,
            unpaidIdr: o.unpaidIdr,
            retentionHeldIdr: o.retentionHeldIdr,
            tenderId: o.tenderId
        });
    }

    /// @inheritdoc IOrderEscrow
    function line(uint256 orderId, uint256 lineIndex)
        external
        view
        returns (LineTerms memory, uint64 deliveredQuantity)
    {
        StoredOrder storage o = _existingOrder(orderId);
        if (lineIndex >= o.lineCount) revert OrderEscrowUnknownLine(orderId, lineIndex);
        StoredLine storage l = _lines[orderId][lineIndex];
        uint64 dueAt = l.dueAt == 0 ? 0 : _deadlineAt(o, l.dueAt, _registry.pausedSeconds());
        return (LineTerms(l.quantity, l.unitPriceIdr, dueAt), l.deliveredQuantity);
    }

    /// @inheritdoc IOrderSource
    function orderSummary(uint256 orderId) external view returns (OrderSummary memory) {
        StoredOrder storage o = _existingOrder(orderId);
        return OrderSummary(o.agency, o.supplier, o.state, o.disputed, o.lineCount);
    }

    /// @inheritdoc IOrderEscrow
    function heldIdr(uint256 orderId) external view returns (uint256) {
        return _held(_existingOrder(orderId));
    }

    /// @inheritdoc IOrderEscrow
    function terminableAt(uint256 orderId) external view returns (uint256) {
        return _terminableAt(_existingOrder(orderId), _registry.pausedSeconds());
    }

    /// @inheritdoc IOrderEscrow
    function orderOfRef(uint64 orgId, bytes32 ref) external view returns (uint256) {
        return _orderOfRef[orgId][ref];
    }

    /// @inheritdoc IOrderEscrow
    function isShipmentConfirmed(uint256 shipmentId) external view returns (bool) {
        IShipmentSource tracking = _shipmentTracking;
        return address(tracking) != address(0) && tracking.isConfirmed(shipmentId);
    }

    // ---------------------------------------------------------------- internals: creation

    /// @dev Claims `ref` (if not 0) for `orderId` in the organisation's references.
    function _claimRef(uint64 orgId, bytes32 ref, uint256 orderId) private {
        if (ref == 0) return;
        uint256 existing = _orderOfRef[orgId][ref];
        if (existing != 0) revert OrderEscrowDuplicateRef(orgId, ref, existing);
        _orderOfRef[orgId][ref] = orderId;
        emit OrderReferenced(orderId, orgId, ref);
    }

    /// @dev Adds a direct purchase to its agency-supplier window and raises the split red flag
    /// when the window's sum exceeds the direct-purchase ceiling (issue 13 item 8).
    function _trackDirectPurchase(
        uint256 orderId,
        uint64 agencyOrgId,
        uint64 supplierOrgId,
        uint256 totalIdr,
        IRegistry.Policy memory policy
    ) private {
        uint256 windowSec = policy.splitWindowSec;
        if (windowSec == 0) return;
        DirectWindow storage w = _directWindows[agencyOrgId][supplierOrgId];
        uint256 sumIdr = block.timestamp - w.lastAt < windowSec ? w.sumIdr + totalIdr : totalIdr;
        // safe casts: a sum of 64-bit totals of at most 2^64 orders fits 128 bits; time fits 64
        (w.sumIdr, w.lastAt) = (uint128(sumIdr), uint64(block.timestamp));
        uint256 ceilingIdr = policy.directPurchaseCeilingIdr;
        if (sumIdr > ceilingIdr) {
            emit DirectPurchaseSplitFlagged(orderId, agencyOrgId, supplierOrgId, sumIdr, ceilingIdr);
        }
    }

    /// @dev Stores a new order in state Created with the policy terms of today (slots 0-2).
    function _newOrder(
        IRegistry.Policy memory policy,
        uint64 agencyOrgId,
        uint16 fiscalYear,
        address supplier,
        uint64 deliveryDeadlineAt
    ) private returns (uint256 orderId) {
        if (deliveryDeadlineAt <= block.timestamp) revert OrderEscrowInvalidDeadline(deliveryDeadlineAt);
        orderId = ++_orderCount;
        StoredOrder storage o = _orders[orderId];
        (o.agency, o.agencyOrgId, o.fiscalYear, o.state) = (msg.sender, agencyOrgId, fiscalYear, OrderState.Created);
        (o.supplier, o.retentionBps) = (supplier, policy.retentionBps);
        (o.penaltyPerMillePerDay, o.penaltyCapBps) = (policy.penaltyPerMillePerDay, policy.penaltyCapBps);
        // safe cast because the registry bounds the window to 90 days
        (o.deliveryDeadlineAt, o.confirmationWindowSec) = (deliveryDeadlineAt, uint32(policy.confirmationWindowSec));
        o.pausedSecondsAtCreation = _registry.pausedSeconds();
    }

    function _setMaintenancePeriod(uint256 orderId, uint64 maintenancePeriodSec) private {
        if (maintenancePeriodSec > MAX_MAINTENANCE_PERIOD_SEC) {
            revert OrderEscrowInvalidMaintenancePeriod(maintenancePeriodSec);
        }
        // safe cast because MAX_MAINTENANCE_PERIOD_SEC (10 years) < 2^32
        _orders[orderId].maintenancePeriodSec = uint32(maintenancePeriodSec);
    }

    /// @dev Checks and stores the lines of `orderId`; sets its line count and total; returns the
    /// total and the running hash of the lines' item hashes, quantities and units (as
    /// `ITendering.itemsHashOf`, which Tendering compares with the tender's items).
    function _storeLines(
        uint256 orderId,
        Line[] calldata lines,
        uint64 deliveryDeadlineAt
    ) private returns (uint256 totalIdr, bytes32 linesHash) {
        uint256 count = lines.length;
        if (count == 0 || count > MAX_LINES) revert OrderEscrowInvalidLineCount(count);
        for (uint256 i = 0; i < count; ++i) {
            Line calldata l = lines[i];
            _checkLine(l, i, deliveryDeadlineAt);
            // safe cast because price ≤ quantity × price ≤ total, which must fit 64 bits below
            // (else the whole transaction reverts)
            _lines[orderId][i] = StoredLine(l.quantity, uint64(l.unitPriceIdr), 0, l.dueAt);
            totalIdr += uint256(l.quantity) * l.unitPriceIdr;
            linesHash = keccak256(abi.encode(linesHash, l.itemHash, l.quantity, l.unit));
        }
        StoredOrder storage o = _orders[orderId];
        o.lineCount = uint16(count); // safe because count ≤ MAX_LINES
        o.totalIdr = SafeCast.toUint64(totalIdr);
    }

    /// @dev Goods: quantity and price not 0, `dueAt` 0. Milestone: also quantity 1 and a due date
    /// after now and no later than the order's delivery deadline.
    function _checkLine(Line calldata l, uint256 lineIndex, uint64 deliveryDeadlineAt) private view {
        bool valid = l.quantity != 0 && l.unitPriceIdr != 0;
        if (l.unit == _MILESTONE_UNIT) {
            valid = valid && l.quantity == 1 && l.dueAt > block.timestamp && l.dueAt <= deliveryDeadlineAt;
        } else {
            valid = valid && l.dueAt == 0;
        }
        if (!valid) revert OrderEscrowInvalidLine(lineIndex);
    }

    function _emitCreated(uint256 orderId, string memory ocid, uint256 tenderId, Line[] calldata lines) private {
        StoredOrder storage o = _orders[orderId];
        emit OrderCreated(
            orderId,
            o.agency,
            o.supplier,
            ocid,
            tenderId,
            o.fiscalYear,
            o.totalIdr,
            o.lineCount,
            o.deliveryDeadlineAt,
            o.maintenancePeriodSec,
            lines
        );
        emit OrderTermsFixed(
            orderId,
            o.retentionBps,
            o.penaltyPerMillePerDay,
            o.penaltyCapBps,
            o.confirmationWindowSec
        );
    }

    /// @dev `<prefix>-<chainId>-<kind><id>`, e.g. `ocds-rantai-31337-PO7`.
    function _ocid(string memory kind, uint256 id) private view returns (string memory) {
        return string.concat(_ocidBase, kind, Decimal.toString(id));
    }

    // ---------------------------------------------------------------- internals: money

    /// @dev Records received quantities of a shipment against the order's lines; returns their value.
    function _receive(
        uint256 orderId,
        StoredOrder storage o,
        uint256 shipmentId,
        uint256[] calldata received,
        uint256[] memory shipped
    ) private returns (uint256 valueIdr) {
        uint256 lineCount = o.lineCount;
        if (received.length != lineCount) revert OrderEscrowLineCountMismatch(shipmentId, received.length, lineCount);
        if (shipped.length != lineCount) revert OrderEscrowLineCountMismatch(shipmentId, shipped.length, lineCount);
        for (uint256 i = 0; i < lineCount; ++i) {
            // lineCount ≤ MAX_LINES
            if (received[i] != 0) {
                valueIdr += _receiveLine(_lines[orderId][i], shipmentId, i, received[i], shipped[i]);
            }
        }
    }

    function _receiveLine(
        StoredLine storage l,
        uint256 shipmentId,
        uint256 lineIndex,
        uint256 receivedQuantity,
        uint256 shippedQuantity
    ) private returns (uint256 valueIdr) {
        if (l.dueAt != 0) revert OrderEscrowMilestoneLineInShipment(shipmentId, lineIndex);
        if (receivedQuantity > shippedQuantity) {
            revert OrderEscrowReceivedExceedsShipped(lineIndex, receivedQuantity, shippedQuantity);
        }
        uint256 remaining = l.quantity - l.deliveredQuantity;
        if (receivedQuantity > remaining) {
            revert OrderEscrowReceivedExceedsRemaining(lineIndex, receivedQuantity, remaining);
        }
        l.deliveredQuantity += uint64(receivedQuantity); // safe because ≤ remaining ≤ quantity
        return receivedQuantity * l.unitPriceIdr;
    }

    /// @dev Deemed acceptance of a shipment: every goods line receives what was shipped, up to what
    /// is still owed of it (milestone lines receive nothing); returns the quantities and value.
    function _receiveAll(
        uint256 orderId,
        StoredOrder storage o,
        uint256 shipmentId,
        uint256[] memory shipped
    ) private returns (uint256[] memory received, uint256 valueIdr) {
        uint256 lineCount = o.lineCount;
        if (shipped.length != lineCount) revert OrderEscrowLineCountMismatch(shipmentId, shipped.length, lineCount);
        received = new uint256[](lineCount);
        for (uint256 i = 0; i < lineCount; ++i) {
            // lineCount ≤ MAX_LINES
            StoredLine storage l = _lines[orderId][i];
            if (l.dueAt == 0 && shipped[i] != 0) {
                uint256 quantity = Math.min(shipped[i], l.quantity - l.deliveredQuantity);
                l.deliveredQuantity += uint64(quantity); // safe because ≤ what remains of the line
                received[i] = quantity;
                valueIdr += quantity * l.unitPriceIdr;
            }
        }
    }

    /// @dev Pays a confirmed `valueIdr`: penalty to the agency, retention held, the rest to the
    /// supplier; marks the order Delivered when nothing is left to deliver.
    function _pay(uint256 orderId, StoredOrder storage o, uint256 valueIdr, uint256 daysLate) private {
        (uint256 penaltyIdr, uint256 retentionIdr) = _deductions(o, valueIdr, daysLate);
        uint256 paidIdr = valueIdr - penaltyIdr - retentionIdr;
        // value ≤ unpaid: each line receives at most what remains of it
        uint64 unpaidIdr = o.unpaidIdr - SafeCast.toUint64(valueIdr);
        o.unpaidIdr = unpaidIdr;
        o.retentionHeldIdr += SafeCast.toUint64(retentionIdr);
        address supplier = o.supplier;
        emit PaymentReleased(orderId, supplier, paidIdr, penaltyIdr, retentionIdr);
        if (unpaidIdr == 0) _markDelivered(orderId, o);
        _refundAgency(o, penaltyIdr);
        if (paidIdr != 0) _token.safeTransfer(supplier, paidIdr);
    }

    /// @dev penalty = min(value × per mille × days / 1000, value × cap bps / 10000); retention =
    /// value × retention bps / 10000; both rounded down. Clamped so that penalty + retention never
    /// exceed the value, whatever the policy bounds.
    function _deductions(
        StoredOrder storage o,
        uint256 valueIdr,
        uint256 daysLate
    ) private view returns (uint256 penaltyIdr, uint256 retentionIdr) {
        uint256 capIdr = Math.min((valueIdr * o.penaltyCapBps) / _BPS, valueIdr);
        penaltyIdr = Math.min((valueIdr * o.penaltyPerMillePerDay * daysLate) / _PER_MILLE, capIdr);
        retentionIdr = Math.min((valueIdr * o.retentionBps) / _BPS, valueIdr - penaltyIdr);
    }

    // ---------------------------------------------------------------- internals: rules

    function _openDispute(uint256 orderId, StoredOrder storage o, uint256 shipmentId, bytes32 reasonHash) private {
        OrderState state = o.state;
        if (state != OrderState.Active && state != OrderState.Delivered && state != OrderState.Terminated) {
            revert OrderEscrowInvalidState(orderId, state);
        }
        if (o.disputed) revert OrderEscrowDisputeOpen(orderId);
        o.disputed = true;
        _disputes[orderId] = StoredDispute({
            openedAt: uint64(block.timestamp),
            pausedSecondsAtOpening: _registry.pausedSeconds(),
            responseWindowSec: _registry.disputeResponseWindowSec(),
            openedBySupplier: msg.sender == o.supplier,
            responded: false
        });
        emit DisputeOpened(orderId, msg.sender, shipmentId, reasonHash);
    }

    /// @dev The shipment (Tracking reverts for an unknown id) if it arrived and is unconfirmed,
    /// read with one `confirmArrival` call (order, status, arrival time, shipped quantities, the
    /// confirmed mark), which with `confirm` also sets the mark (kept by Tracking in the slot it
    /// reads anyway; a revert here undoes it).
    function _unconfirmedArrival(uint256 shipmentId, bool confirm) private returns (Arrival memory a) {
        IShipmentSource tracking = _shipmentTracking;
        if (address(tracking) == address(0)) revert OrderEscrowShipmentTrackingNotSet();
        IShipmentSource.ShipmentStatus status;
        bool confirmed;
        (a.orderId, status, a.arrivedAt, a.shipped, a.pausedAtArrival, confirmed) =
            tracking.confirmArrival(shipmentId, confirm);
        if (status != IShipmentSource.ShipmentStatus.Arrived) revert OrderEscrowShipmentNotArrived(shipmentId, status);
        if (confirmed) revert OrderEscrowShipmentAlreadyConfirmed(shipmentId);
    }

    /// @dev A milestone line of an Active, undisputed order, not yet paid.
    function _openMilestone(uint256 orderId, StoredOrder storage o, uint256 lineIndex)
        private
        view
        returns (StoredLine storage l)
    {
        _checkActiveUndisputed(orderId, o);
        if (lineIndex >= o.lineCount) revert OrderEscrowUnknownLine(orderId, lineIndex);
        l = _lines[orderId][lineIndex];
        if (l.dueAt == 0) revert OrderEscrowNotMilestoneLine(orderId, lineIndex);
        if (l.deliveredQuantity != 0) revert OrderEscrowMilestoneAlreadyConfirmed(orderId, lineIndex);
    }

    /// @dev The submission of a milestone; reverts `OrderEscrowMilestoneNotSubmitted` without one.
    function _submittedMilestone(uint256 orderId, uint256 lineIndex)
        private
        view
        returns (StoredSubmission storage sub)
    {
        sub = _submissions[orderId][lineIndex];
        if (sub.submittedAt == 0) revert OrderEscrowMilestoneNotSubmitted(orderId, lineIndex);
    }

    /// @dev Days late of a submitted milestone: from its due date (extended by the pauses before
    /// the submission) to the submission.
    function _submissionDaysLate(StoredOrder storage o, StoredLine storage l, StoredSubmission storage sub)
        private
        view
        returns (uint256)
    {
        return _daysLate(sub.submittedAt, _deadlineAt(o, l.dueAt, sub.pausedSecondsAtSubmission));
    }


    /// @dev Whole days late, rounded up; 0 when done at or before the due time.
    function _daysLate(uint256 doneAt, uint256 dueAt) private pure returns (uint256) {
        return doneAt > dueAt ? Math.ceilDiv(doneAt - dueAt, 1 days) : 0;
    }

    /// @dev Deadline + capDays × 1 day, capDays = ceil(capBps / (10 × per mille)), 0 if no penalty
    /// rate; extended by the time paused since the order was created (`pausedNow` is the clock now).
    function _terminableAt(StoredOrder storage o, uint64 pausedNow) private view returns (uint256) {
        uint256 perMille = o.penaltyPerMillePerDay;
        uint256 capDays = perMille == 0 ? 0 : Math.ceilDiv(o.penaltyCapBps, 10 * perMille);
        return uint256(_deadlineAt(o, o.deliveryDeadlineAt, pausedNow)) + capDays * 1 days;
    }

    /// @dev The order's deadline `storedAt`, extended by the seconds paused between the order's
    /// creation and the moment the pause clock read `pausedAt` (a pause stops the clock).
    function _deadlineAt(StoredOrder storage o, uint64 storedAt, uint64 pausedAt) private view returns (uint64) {
        return storedAt + (pausedAt - o.pausedSecondsAtCreation);
    }

    /// @dev End of a window of `windowSec` opened at `openedAt`, when the pause clock read
    /// `pausedAtOpening`, extended by every second paused since.
    function _windowEnd(uint64 openedAt, uint64 windowSec, uint64 pausedAtOpening) private view returns (uint256) {
        return uint256(openedAt) + windowSec + (_registry.pausedSeconds() - pausedAtOpening);
    }

    function _held(StoredOrder storage o) private view returns (uint256) {
        return uint256(o.unpaidIdr) + o.retentionHeldIdr;
    }

    /// @dev An active AGENCY account of the order's agency organisation.
    function _checkOrderAgency(uint256 orderId) private view returns (StoredOrder storage o) {
        o = _existingOrder(orderId);
        uint64 callerOrgId = _checkParticipant(msg.sender, _agencyRole);
        if (callerOrgId != o.agencyOrgId) revert OrderEscrowNotOrderAgency(orderId, msg.sender);
    }

    /// @dev The order's supplier, an active SUPPLIER.
    function _checkOrderSupplier(uint256 orderId) private view returns (StoredOrder storage o) {
        o = _existingOrder(orderId);
        _checkParticipant(msg.sender, _supplierRole);
        if (msg.sender != o.supplier) revert OrderEscrowNotOrderSupplier(orderId, msg.sender);
    }

}

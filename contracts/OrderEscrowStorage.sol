// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IOrderEscrow} from "./interfaces/IOrderEscrow.sol";
import {IOrderSource} from "./interfaces/IOrderSource.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";
import {IShipmentSource} from "./interfaces/IShipmentSource.sol";
import {ITenderAwards} from "./interfaces/ITenderAwards.sol";

/// @title OrderEscrowStorage
/// @notice The state of OrderEscrow and the rules its extension shares with it.
/// @dev OrderEscrow and its adendum extension (`OrderAdendum`, reached by `delegatecall` from
/// OrderEscrow's fallback, issue 13 item 4) both inherit this contract, so they read and write the
/// same storage layout: the slots below are OrderEscrow's, in their original order (the layout of
/// OrderEscrow is unchanged by the split; `_adendums` is appended). Immutables live in each
/// contract's own code: OrderEscrow creates its extension with the same constructor values.
/// ReentrancyGuard keeps its flag in an ERC-7201 slot, shared the same way.
abstract contract OrderEscrowStorage is ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @dev An order as stored, in four slots (docs/gas.md: the fifth slot of a wider layout cost
    /// every order a fresh 22,100-gas slot at its first payment or creation):
    /// slot 0 `agency`(160) `agencyOrgId`(64) `fiscalYear`(16) `state`(8) `disputed`(8);
    /// slot 1 `supplier`(160) `lineCount`(16) `retentionBps`(16) `penaltyPerMillePerDay`(16)
    /// `penaltyCapBps`(16) `pendingMilestones`(16: submitted milestones awaiting acceptance);
    /// slot 2 `deliveryDeadlineAt` (64) `maintenancePeriodSec` (32) `confirmationWindowSec` (32)
    /// `retentionReleaseAt` (64) `pausedSecondsAtCreation` (64): the maintenance period is at most
    /// 10 years and the window at most 90 days (registry bound), so 32 bits fit them, and the
    /// pause-clock snapshot (`IRegistry.pausedSeconds` at creation) costs no extra slot;
    /// slot 3 `totalIdr` `unpaidIdr` `retentionHeldIdr` `tenderId` (64 each), written together by
    /// acceptance and by every payment.
    /// Amounts are 64-bit: an order total must stay below 2^64 rupiah (about 5,000 times the
    /// state budget), checked with SafeCast at creation, so every unit price, unpaid value and
    /// retention of the order fits too. `order` returns the interface's wider `Order`.
    struct StoredOrder {
        address agency;
        uint64 agencyOrgId;
        uint16 fiscalYear;
        IOrderSource.OrderState state;
        bool disputed;
        address supplier;
        uint16 lineCount;
        uint16 retentionBps;
        uint16 penaltyPerMillePerDay;
        uint16 penaltyCapBps;
        uint16 pendingMilestones;
        uint64 deliveryDeadlineAt;
        uint32 maintenancePeriodSec;
        uint32 confirmationWindowSec;
        uint64 retentionReleaseAt;
        uint64 pausedSecondsAtCreation;
        uint64 totalIdr;
        uint64 unpaidIdr;
        uint64 retentionHeldIdr;
        uint64 tenderId;
    }

    /// @dev A line as stored, in one slot read and written together on every confirmation:
    /// `quantity` `unitPriceIdr` `deliveredQuantity` `dueAt` (64 each; the price fits as it is at
    /// most the order total). Only what payment needs is stored: item hash, unit and origin are
    /// in `OrderCreated` alone (two slots less per line: 44,200 gas at creation, docs/gas.md).
    /// A line is a milestone exactly when `dueAt` is not 0 (enforced at creation).
    struct StoredLine {
        uint64 quantity;
        uint64 unitPriceIdr;
        uint64 deliveredQuantity;
        uint64 dueAt;
    }

    /// @dev A milestone the supplier submitted as complete, in one slot: when, and the registry's
    /// pause clock then (lateness stops at the submission; the review window starts there).
    struct StoredSubmission {
        uint64 submittedAt;
        uint64 pausedSecondsAtSubmission;
    }

    /// @dev One slot: see `_directWindows`.
    struct DirectWindow {
        uint128 sumIdr;
        uint64 lastAt;
    }

    /// @dev A dispute as stored, in one slot (issue 13 item 7): when it opened, the pause clock
    /// then, the response window in force then, who opened it and whether the other party
    /// responded. An order has at most one dispute (a ruling closes it), so the slot is never reused.
    struct StoredDispute {
        uint64 openedAt;
        uint64 pausedSecondsAtOpening;
        uint64 responseWindowSec;
        bool openedBySupplier;
        bool responded;
    }

    /// @dev Adendums of an order (issue 13 item 4), in two slots: the hash of the pending
    /// proposal's call (0 when none); who proposed it; the order's total before its first adendum
    /// (the cap's base; 0 until one is signed); the number signed so far.
    struct StoredAdendum {
        bytes32 pendingHash;
        address proposer;
        uint64 originalTotalIdr;
        uint32 count;
    }

    uint256 internal constant _BPS = 10_000;

    IRegistry internal immutable _registry;
    IERC20 internal immutable _token;
    ITenderAwards internal immutable _tendering;
    bytes32 internal immutable _governorRole;
    bytes32 internal immutable _agencyRole;
    bytes32 internal immutable _supplierRole;
    bytes32 internal immutable _arbiterRole;

    // Written by OrderEscrow (`setShipmentTracking`, confirmations); OrderAdendum only reads it,
    // on OrderEscrow's storage under delegatecall, so slither's per-contract view finds no writer.
    // slither-disable-next-line uninitialized-state
    IShipmentSource internal _shipmentTracking;
    uint256 internal _orderCount;
    /// @dev `<ocidPrefix>-<chainId>-`, the common start of every ocid this contract emits.
    string internal _ocidBase;
    mapping(uint256 orderId => StoredOrder) internal _orders;
    mapping(uint256 orderId => mapping(uint256 lineIndex => StoredLine)) internal _lines;
    mapping(uint256 orderId => mapping(uint256 lineIndex => StoredSubmission)) internal _submissions;
    /// @dev The client-chosen reference of each order, unique per agency organisation (issue 13
    /// item 9): `orderId` of the order that claimed it, 0 when free.
    mapping(uint64 orgId => mapping(bytes32 ref => uint256 orderId)) internal _orderOfRef;
    /// @dev Direct purchases of an agency organisation from a supplier organisation (issue 13
    /// item 8): sum of the chain of purchases each less than the split window after the previous
    /// one, and the time of the last; one slot per pair.
    mapping(uint64 agencyOrgId => mapping(uint64 supplierOrgId => DirectWindow)) internal _directWindows;
    mapping(uint256 orderId => StoredDispute) internal _disputes;
    mapping(uint256 orderId => StoredAdendum) internal _adendums;

    /// @dev Wiring shared by OrderEscrow and its extension.
    constructor(address registry_, address token_, address tendering_) {
        if (registry_ == address(0) || token_ == address(0) || tendering_ == address(0)) {
            revert IOrderEscrow.OrderEscrowZeroAddress();
        }
        _registry = IRegistry(registry_);
        _token = IERC20(token_);
        _tendering = ITenderAwards(tendering_);
        _governorRole = IRegistry(registry_).GOVERNOR_ROLE();
        _agencyRole = IRegistry(registry_).AGENCY_ROLE();
        _supplierRole = IRegistry(registry_).SUPPLIER_ROLE();
        _arbiterRole = IRegistry(registry_).ARBITER_ROLE();
    }

    // ---------------------------------------------------------------- shared rules

    function _existingOrder(uint256 orderId) internal view returns (StoredOrder storage o) {
        o = _orders[orderId];
        if (o.state == IOrderSource.OrderState.None) revert IOrderEscrow.OrderEscrowUnknownOrder(orderId);
    }

    function _checkState(uint256 orderId, StoredOrder storage o, IOrderSource.OrderState expected) internal view {
        if (o.state != expected) revert IOrderEscrow.OrderEscrowInvalidState(orderId, o.state);
    }

    function _checkActiveUndisputed(uint256 orderId, StoredOrder storage o) internal view {
        _checkState(orderId, o, IOrderSource.OrderState.Active);
        if (o.disputed) revert IOrderEscrow.OrderEscrowDisputeOpen(orderId);
    }

    /// @dev The registry's participant check (role, membership, suspension, pause); returns the
    /// organisation id. The registry reverts rather than return 0; the zero check only guards
    /// against a registry that would not.
    function _checkParticipant(address account, bytes32 role) internal view returns (uint64 orgId) {
        orgId = _registry.checkParticipant(account, role);
        if (orgId == 0) revert IOrderEscrow.OrderEscrowUnauthorizedAccount(account, role);
    }

    /// @dev The order's supplier (active SUPPLIER) or an active AGENCY account of its organisation.
    function _checkOrderParty(uint256 orderId, StoredOrder storage o) internal view {
        if (msg.sender == o.supplier) {
            _checkParticipant(msg.sender, _supplierRole);
        } else if (
            !_registry.hasRole(_agencyRole, msg.sender) ||
            _checkParticipant(msg.sender, _agencyRole) != o.agencyOrgId
        ) {
            revert IOrderEscrow.OrderEscrowNotOrderParty(orderId, msg.sender);
        }
    }

    /// @dev Reverts unless the agency approved this contract for and holds `amountIdr`, so the
    /// agency sees this contract's error rather than the token's.
    function _checkAgencyFunds(address agency, uint256 amountIdr) internal view {
        uint256 allowanceIdr = _token.allowance(agency, address(this));
        if (allowanceIdr < amountIdr) {
            revert IOrderEscrow.OrderEscrowInsufficientAllowance(agency, allowanceIdr, amountIdr);
        }
        uint256 balanceIdr = _token.balanceOf(agency);
        if (balanceIdr < amountIdr) {
            revert IOrderEscrow.OrderEscrowInsufficientBalance(agency, balanceIdr, amountIdr);
        }
    }

    /// @dev Returns `amountIdr` of the order's escrow to the agency organisation's payout account
    /// (issue 13 item 6: never to the account that created the order, which may have left) and
    /// frees that much budget.
    function _refundAgency(StoredOrder storage o, uint256 amountIdr) internal {
        if (amountIdr > 0) {
            uint64 agencyOrgId = o.agencyOrgId;
            _registry.releaseBudget(agencyOrgId, o.fiscalYear, amountIdr);
            _token.safeTransfer(_registry.payoutAccount(agencyOrgId), amountIdr);
        }
    }

    function _markDelivered(uint256 orderId, StoredOrder storage o) internal {
        uint64 releaseAt = _startMaintenance(o, _registry.pausedSeconds());
        o.state = IOrderSource.OrderState.Delivered;
        emit IOrderEscrow.OrderDelivered(orderId, releaseAt);
    }

    /// @dev Starts the maintenance period now; returns its end. Stored less the time paused since
    /// creation, so that `_deadlineAt` adds back only the pauses that come after this moment.
    function _startMaintenance(StoredOrder storage o, uint64 pausedNow) internal returns (uint64 releaseAt) {
        releaseAt = uint64(block.timestamp) + o.maintenancePeriodSec;
        // no underflow: the time paused since creation is less than the time since creation
        o.retentionReleaseAt = releaseAt - (pausedNow - o.pausedSecondsAtCreation);
    }

    /// @dev Reverts `OrderEscrowArrivalUnconfirmed` if a shipment of `orderId` arrived and is not
    /// confirmed. Bounded by MAX_SHIPMENTS_PER_ORDER; only termination and an adendum pay for the
    /// loop.
    function _checkNoUnconfirmedArrival(uint256 orderId) internal {
        IShipmentSource tracking = _shipmentTracking;
        if (address(tracking) == address(0)) return; // without tracking no shipment can exist
        uint256[] memory ids = tracking.shipmentsOfOrder(orderId);
        for (uint256 i = 0; i < ids.length; ++i) {
            uint256 shipmentId = ids[i];
            // Only the status and the confirmed mark (kept by Tracking) matter here (`confirm`
            // false: nothing is written); the wired tracking contract, bounded by
            // MAX_SHIPMENTS_PER_ORDER.
            // slither-disable-next-line unused-return,calls-loop
            (, IShipmentSource.ShipmentStatus status,,,, bool confirmed) = tracking.confirmArrival(shipmentId, false);
            if (status == IShipmentSource.ShipmentStatus.Arrived && !confirmed) {
                revert IOrderEscrow.OrderEscrowArrivalUnconfirmed(orderId, shipmentId);
            }
        }
    }
}

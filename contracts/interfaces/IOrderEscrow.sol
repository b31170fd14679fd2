// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {IOrderSource} from "./IOrderSource.sol";
import {IShipmentSource} from "./IShipmentSource.sol";

/// @title Rantai purchase orders with on-chain escrow
/// @notice An agency orders goods (lines with quantities and unit prices) or works (milestone
/// lines) from a supplier, either from an awarded tender or as a direct purchase. When the supplier
/// accepts, the whole order value moves from the agency into this contract. Each confirmed
/// delivery (a shipment that arrived, or a milestone) pays the supplier at once: delivered value
/// minus a late penalty (back to the agency) minus retention (held until the maintenance period
/// ends). Disputes freeze the money until an arbiter splits it.
/// @dev DESIGN section 5, "Order and escrow". Invariants: the contract's token balance equals the
/// sum of `heldIdr` over all orders; nobody is paid more than the order value; states only move
/// forward (Created → Active → Delivered → Closed, Created → Cancelled, Active → Terminated →
/// Closed, Active/Delivered/Terminated → Closed by a ruling); every payment follows a confirmed
/// delivery or an arbiter ruling.
/// It extends {IOrderSource} (the order state, summary and `orderSummary` view ShipmentTracking
/// reads), so the two cannot drift apart.
interface IOrderEscrow is IOrderSource {
    /// @notice One order line.
    /// @dev Goods: `dueAt` is 0 (the order's delivery deadline applies). Works and services: `unit`
    /// is "milestone", `quantity` is 1 and `dueAt` is the milestone's own due date, no later than
    /// the order's delivery deadline. `originCountry` is the required ISO 3166 alpha-2 origin (or 0).
    struct Line {
        bytes32 itemHash;
        uint64 quantity;
        uint128 unitPriceIdr;
        bytes16 unit;
        bytes2 originCountry;
        uint64 dueAt;
    }

    /// @notice The payment terms of a line, as stored and as `line` returns them.
    /// @dev Item hash, unit and origin are not stored: `OrderCreated` carries every line in full.
    /// A line is a milestone exactly when `dueAt` is not 0.
    struct LineTerms {
        uint64 quantity;
        uint128 unitPriceIdr;
        uint64 dueAt;
    }

    /// @notice An order, as `order` returns it.
    /// @dev OrderEscrow stores it in four slots with 64-bit amounts (an order total is below
    /// 2^64 rupiah); see its `StoredOrder`.
    /// `unpaidIdr` is the order value in escrow not yet delivered (0 until acceptance and after
    /// termination or a ruling); `retentionHeldIdr` is retention kept from payments and not yet
    /// released. The terms (`retentionBps`, the penalty rate and cap, `confirmationWindowSec`) are
    /// copied from the registry policy at creation and never change. `tenderId` is 0 for a direct
    /// purchase. `retentionReleaseAt` is set when the order is Delivered or Terminated.
    struct Order {
        address agency;
        uint64 agencyOrgId;
        uint16 fiscalYear;
        OrderState state;
        bool disputed;
        address supplier;
        uint16 lineCount;
        uint16 retentionBps;
        uint16 penaltyPerMillePerDay;
        uint16 penaltyCapBps;
        uint64 deliveryDeadlineAt;
        uint64 maintenancePeriodSec;
        uint64 confirmationWindowSec;
        uint64 retentionReleaseAt;
        uint128 totalIdr;
        uint128 unpaidIdr;
        uint128 retentionHeldIdr;
        uint64 tenderId;
    }

    /// @notice The dispute of an order (issue 13 item 7); all zero when none was ever opened.
    /// `respondByAt` already includes the time paused since the dispute opened.
    struct Dispute {
        uint64 openedAt;
        uint256 respondByAt;
        bool openedBySupplier;
        bool responded;
    }

    /// @notice A wiring address is zero.
    error OrderEscrowZeroAddress();
    /// @notice `account` lacks `neededRole` (wiring by the governor, or a registry answering a
    /// participant check with organisation 0).
    error OrderEscrowUnauthorizedAccount(address account, bytes32 neededRole);
    /// @notice The ShipmentTracking contract was already set (it can be set once).
    error OrderEscrowShipmentTrackingAlreadySet(address shipmentTracking);
    /// @notice Delivery confirmation needs the ShipmentTracking contract, which is not set yet.
    error OrderEscrowShipmentTrackingNotSet();
    /// @notice The Rantai system is paused. Raised by `releaseRetention`, which anyone may call
    /// and so has no participant check; the same error as the registry's (and Tendering's), so
    /// clients see one error for the pause.
    error EnforcedPause();
    /// @notice No order has this id.
    error OrderEscrowUnknownOrder(uint256 orderId);
    /// @notice The order has no line with this index.
    error OrderEscrowUnknownLine(uint256 orderId, uint256 lineIndex);
    /// @notice The operation is not allowed in the order's current state.
    error OrderEscrowInvalidState(uint256 orderId, OrderState state);
    /// @notice The caller's agency organisation is not the one the tender was awarded for.
    error OrderEscrowNotAwardAgency(uint256 tenderId, uint64 callerOrgId, uint64 awardAgencyOrgId);
    /// @notice The caller does not act for the order's agency organisation.
    error OrderEscrowNotOrderAgency(uint256 orderId, address account);
    /// @notice The caller is not the order's supplier.
    error OrderEscrowNotOrderSupplier(uint256 orderId, address account);
    /// @notice The caller is neither the order's supplier nor an account of its agency.
    error OrderEscrowNotOrderParty(uint256 orderId, address account);
    /// @notice An order needs 1 to `MAX_LINES` lines.
    error OrderEscrowInvalidLineCount(uint256 lineCount);
    /// @notice A line breaks the line rules (see `createDirectOrder`).
    error OrderEscrowInvalidLine(uint256 lineIndex);
    /// @notice The delivery deadline is not in the future.
    error OrderEscrowInvalidDeadline(uint64 deliveryDeadlineAt);
    /// @notice The maintenance period is longer than `MAX_MAINTENANCE_PERIOD_SEC`.
    error OrderEscrowInvalidMaintenancePeriod(uint64 maintenancePeriodSec);
    /// @notice The lines of an order from a tender do not add up to the awarded price.
    error OrderEscrowTotalMismatch(uint256 tenderId, uint256 linesTotalIdr, uint256 awardPriceIdr);
    /// @notice A direct purchase above the policy's direct-purchase ceiling.
    error OrderEscrowDirectPurchaseCeilingExceeded(uint256 totalIdr, uint256 ceilingIdr);
    /// @notice The agency did not approve the escrow for the order total.
    error OrderEscrowInsufficientAllowance(address agency, uint256 allowanceIdr, uint256 neededIdr);
    /// @notice The agency's token balance is below the order total.
    error OrderEscrowInsufficientBalance(address agency, uint256 balanceIdr, uint256 neededIdr);
    /// @notice The shipment has not arrived.
    error OrderEscrowShipmentNotArrived(uint256 shipmentId, IShipmentSource.ShipmentStatus status);
    /// @notice The shipment was already confirmed.
    error OrderEscrowShipmentAlreadyConfirmed(uint256 shipmentId);
    /// @notice Received (or shipped) quantities are not one per order line.
    error OrderEscrowLineCountMismatch(uint256 shipmentId, uint256 quantityCount, uint256 lineCount);
    /// @notice More received on a line than the shipment carried.
    error OrderEscrowReceivedExceedsShipped(uint256 lineIndex, uint256 receivedQuantity, uint256 shippedQuantity);
    /// @notice More received on a line than is still to be delivered.
    error OrderEscrowReceivedExceedsRemaining(uint256 lineIndex, uint256 receivedQuantity, uint256 remainingQuantity);
    /// @notice A shipment confirmation receives a milestone line (milestones use `confirmMilestone`).
    error OrderEscrowMilestoneLineInShipment(uint256 shipmentId, uint256 lineIndex);
    /// @notice The line is a goods line, not a milestone.
    error OrderEscrowNotMilestoneLine(uint256 orderId, uint256 lineIndex);
    /// @notice The milestone was already confirmed.
    error OrderEscrowMilestoneAlreadyConfirmed(uint256 orderId, uint256 lineIndex);
    /// @notice A dispute is open on the order: money and termination are frozen.
    error OrderEscrowDisputeOpen(uint256 orderId);
    /// @notice No dispute is open on the order.
    error OrderEscrowNoOpenDispute(uint256 orderId);
    /// @notice The maintenance period has not ended.
    error OrderEscrowMaintenancePeriodRunning(uint256 orderId, uint64 retentionReleaseAt);
    /// @notice The order may be terminated only from `terminableAt`.
    error OrderEscrowTerminationTooEarly(uint256 orderId, uint256 terminableAt);
    /// @notice The agency's confirmation window for the shipment is still open until `escalableAt`.
    error OrderEscrowConfirmationWindowOpen(uint256 shipmentId, uint256 escalableAt);
    /// @notice Termination would refund goods that arrived: shipment `shipmentId` of the order
    /// arrived and is not confirmed yet (confirm it, or the supplier claims deemed acceptance).
    error OrderEscrowArrivalUnconfirmed(uint256 orderId, uint256 shipmentId);
    /// @notice Termination would refund finished work: `count` submitted milestones of the order
    /// await the agency's acceptance (accept, reject, or the supplier claims deemed acceptance).
    error OrderEscrowMilestonesAwaitingAcceptance(uint256 orderId, uint256 count);
    /// @notice The supplier has not submitted this milestone as complete.
    error OrderEscrowMilestoneNotSubmitted(uint256 orderId, uint256 lineIndex);
    /// @notice The supplier already submitted this milestone as complete.
    error OrderEscrowMilestoneAlreadySubmitted(uint256 orderId, uint256 lineIndex);
    /// @notice The agency's review window of the submitted milestone runs until `reviewEndsAt`:
    /// deemed acceptance can be claimed from then on.
    error OrderEscrowReviewWindowOpen(uint256 orderId, uint256 lineIndex, uint256 reviewEndsAt);
    /// @notice The agency's review window of the submitted milestone ended at `reviewEndsAt`: too
    /// late to reject (silence was acceptance).
    error OrderEscrowReviewWindowClosed(uint256 orderId, uint256 lineIndex, uint256 reviewEndsAt);
    /// @notice A ruling must split exactly what the order holds in escrow.
    error OrderEscrowRulingMismatch(uint256 orderId, uint256 rulingTotalIdr, uint256 heldIdr);
    /// @notice `member` (the arbiter, or an owner of the arbiter panel Safe) acts for `orgId`, a
    /// party to the order (its agency or its supplier organisation), and cannot rule on it.
    error OrderEscrowArbiterConflict(uint256 orderId, address member, uint64 orgId);
    /// @notice Organisation `orgId` already used the reference `ref`, for order `orderId`.
    error OrderEscrowDuplicateRef(uint64 orgId, bytes32 ref, uint256 orderId);
    /// @notice Issue 13 item 7: the other party of the dispute has until `respondByAt` (extended
    /// by paused time) to answer, and has not responded yet; the arbiter may not rule before.
    error OrderEscrowResponseWindowOpen(uint256 orderId, uint256 respondByAt);
    /// @notice `account` is an order party on the side that opened this dispute: only the other
    /// side answers it (an account that is no order party gets `OrderEscrowNotOrderParty`).
    error OrderEscrowNotDisputeRespondent(uint256 orderId, address account);
    /// @notice The other party already responded to the dispute of this order.
    error OrderEscrowDisputeAlreadyResponded(uint256 orderId);

    /// @notice Order `orderId` carries the client-chosen reference `ref` of its agency
    /// organisation `orgId` (e.g. the hash of a SiRUP/SPSE package code or of a bulk row key).
    event OrderReferenced(uint256 indexed orderId, uint64 indexed orgId, bytes32 indexed ref);
    /// @notice Red flag (no *pemecahan paket*): the direct purchases of agency organisation
    /// `agencyOrgId` from supplier organisation `supplierOrgId`, each less than the policy's split
    /// window after the previous one, add up to `windowTotalIdr` with order `orderId`, above the
    /// direct-purchase ceiling `ceilingIdr`.
    event DirectPurchaseSplitFlagged(
        uint256 indexed orderId,
        uint64 indexed agencyOrgId,
        uint64 indexed supplierOrgId,
        uint256 windowTotalIdr,
        uint256 ceilingIdr
    );
    /// @notice The ShipmentTracking contract was wired in.
    event ShipmentTrackingSet(address indexed shipmentTracking);
    /// @notice An order was created (state Created). `ocid` is the OCDS process: the tender's
    /// (`…-T<tenderId>`) for an order from a tender, else `…-PO<orderId>`; `tenderId` 0 = direct.
    /// `lines` are the order's lines in full: their item hash, unit and origin are stored nowhere
    /// else (`line` returns the payment terms only).
    event OrderCreated(
        uint256 indexed orderId,
        address indexed agency,
        address indexed supplier,
        string ocid,
        uint256 tenderId,
        uint16 fiscalYear,
        uint256 totalIdr,
        uint16 lineCount,
        uint64 deliveryDeadlineAt,
        uint64 maintenancePeriodSec,
        Line[] lines
    );
    /// @notice The policy terms copied into the order at creation (emitted with `OrderCreated`).
    event OrderTermsFixed(
        uint256 indexed orderId,
        uint16 retentionBps,
        uint16 penaltyPerMillePerDay,
        uint16 penaltyCapBps,
        uint64 confirmationWindowSec
    );
    /// @notice The supplier signed the contract; `escrowedIdr` moved from the agency into escrow.
    event OrderAccepted(uint256 indexed orderId, address indexed supplier, bytes32 contractHash, uint256 escrowedIdr);
    /// @notice The agency cancelled the order before acceptance; `releasedBudgetIdr` was freed.
    event OrderCancelled(uint256 indexed orderId, bytes32 reasonHash, uint256 releasedBudgetIdr);
    /// @notice The agency confirmed receipt of a shipment; `valueIdr` = Σ received × unit price.
    event DeliveryConfirmed(
        uint256 indexed orderId,
        uint256 indexed shipmentId,
        uint256[] receivedQuantities,
        bytes32 bastHash,
        uint256 valueIdr,
        uint256 daysLate
    );
    /// @notice The agency confirmed completion of a milestone line.
    event MilestoneConfirmed(
        uint256 indexed orderId,
        uint256 indexed lineIndex,
        bytes32 bastHash,
        uint256 valueIdr,
        uint256 daysLate
    );
    /// @notice A confirmation was paid: `paidIdr` to the supplier, `penaltyIdr` back to the agency,
    /// `retentionIdr` kept in escrow. The three add up to the confirmed value.
    event PaymentReleased(
        uint256 indexed orderId,
        address indexed supplier,
        uint256 paidIdr,
        uint256 penaltyIdr,
        uint256 retentionIdr
    );
    /// @notice Every line is delivered (state Delivered); retention is due at `retentionReleaseAt`.
    event OrderDelivered(uint256 indexed orderId, uint64 retentionReleaseAt);
    /// @notice The held retention was paid to the supplier (state Closed).
    event RetentionReleased(uint256 indexed orderId, address indexed supplier, uint256 amountIdr);
    /// @notice The agency terminated the order (state Terminated) and got `refundedIdr` back.
    event OrderTerminated(uint256 indexed orderId, bytes32 reasonHash, uint256 refundedIdr, uint64 retentionReleaseAt);
    /// @notice A dispute was opened; `shipmentId` is the unconfirmed shipment when the supplier
    /// escalated one (`escalateUnconfirmed`), else 0.
    /// @notice The other party responded to the open dispute of `orderId` (document `responseHash`);
    /// the arbiter may rule from now on.
    event DisputeResponded(uint256 indexed orderId, address indexed respondedBy, bytes32 responseHash);
    event DisputeOpened(uint256 indexed orderId, address indexed openedBy, uint256 indexed shipmentId, bytes32 reasonHash);
    /// @notice The agency did not confirm an arrived shipment within the confirmation window and
    /// the supplier claimed deemed acceptance: `receivedQuantities` (all that was shipped and still
    /// owed) are taken as received; `daysLate` counts to the arrival.
    event DeliveryDeemedAccepted(
        uint256 indexed orderId,
        uint256 indexed shipmentId,
        uint256[] receivedQuantities,
        uint256 valueIdr,
        uint256 daysLate
    );
    /// @notice The supplier submitted milestone `lineIndex` as complete with its evidence; the
    /// agency may accept or reject it until `reviewEndsAt` (extended by any pause).
    event MilestoneSubmitted(
        uint256 indexed orderId, uint256 indexed lineIndex, bytes32 evidenceHash, uint64 reviewEndsAt
    );
    /// @notice The agency rejected the submitted milestone inside its review window; a dispute is
    /// open (`DisputeOpened` follows) for an arbiter to rule.
    event MilestoneRejected(uint256 indexed orderId, uint256 indexed lineIndex, bytes32 reasonHash);
    /// @notice The agency let the review window of a submitted milestone pass in silence and the
    /// supplier claimed deemed acceptance; `daysLate` counts to the submission.
    event MilestoneDeemedAccepted(
        uint256 indexed orderId, uint256 indexed lineIndex, uint256 valueIdr, uint256 daysLate
    );
    /// @notice An arbiter split what the order held (state Closed).
    event DisputeResolved(
        uint256 indexed orderId,
        address indexed arbiter,
        uint256 toSupplierIdr,
        uint256 toAgencyIdr,
        bytes32 rulingHash
    );

    /// @notice The most lines an order may have (bounds every loop over lines).
    function MAX_LINES() external view returns (uint256);
    /// @notice The longest maintenance period (retention is never locked longer after delivery).
    function MAX_MAINTENANCE_PERIOD_SEC() external view returns (uint64);

    /// @notice Wires the ShipmentTracking contract, once.
    /// @dev Requirements: the caller holds GOVERNOR (a wiring step, checked with `hasRole`);
    /// `shipmentTracking_` not zero; not set before.
    /// Emits `ShipmentTrackingSet`.
    function setShipmentTracking(address shipmentTracking_) external;

    /// @notice Turns the award of `tenderId` into an order; supplier and total come from the award
    /// and the lines carry the tender's items: the order is the award.
    /// @dev Requirements: AGENCY of the award's agency organisation; the tender is Awarded and not
    /// yet ordered (Tendering's errors otherwise); the lines carry the tender's items in order
    /// (item hash, quantity, unit; Tendering's `TenderingItemsMismatch`) and follow the line rules
    /// of `createDirectOrder`; unit prices are free but add up exactly to the awarded price; the
    /// deadline lies in the tender's delivery period (`TenderingDeliveryOutsidePeriod`);
    /// `ref` (0 = none) unused by the organisation (`OrderEscrowDuplicateRef`). Budget is not
    /// committed again (the tender's commitment carries over). Calls `Tendering.consumeAward`.
    /// Emits `OrderCreated` (with the tender's ocid), `OrderTermsFixed` and, with a ref,
    /// `OrderReferenced`.
    function createOrderFromTender(
        uint256 tenderId,
        Line[] calldata lines,
        uint64 deliveryDeadlineAt,
        uint64 maintenancePeriodSec,
        bytes32 ref
    ) external returns (uint256 orderId);

    /// @notice Creates a direct-purchase order (no tender) and commits its total to the budget.
    /// @dev Requirements: AGENCY; `supplier` is an active SUPPLIER (`checkParticipant`); 1 to
    /// `MAX_LINES` lines, each with quantity > 0 and unit price > 0; goods lines have `dueAt` 0;
    /// milestone lines (unit "milestone") have quantity 1 and now < `dueAt` ≤ `deliveryDeadlineAt`;
    /// the deadline is in the future; the maintenance period ≤ `MAX_MAINTENANCE_PERIOD_SEC`;
    /// the total is below 2^64 rupiah (OpenZeppelin's `SafeCastOverflowedUintDowncast(64, total)`);
    /// total ≤ the policy's direct-purchase ceiling; `ref` (0 = none) unused by the organisation
    /// (`OrderEscrowDuplicateRef`); the budget of `fiscalYear` has room (Registry's errors otherwise).
    /// Emits `OrderCreated` (ocid `…-PO<orderId>`), `OrderTermsFixed`, with a ref
    /// `OrderReferenced`, and `DirectPurchaseSplitFlagged` when this agency's direct purchases from
    /// this supplier organisation within the policy's split window exceed the ceiling.
    function createDirectOrder(
        address supplier,
        uint16 fiscalYear,
        Line[] calldata lines,
        uint64 deliveryDeadlineAt,
        uint64 maintenancePeriodSec,
        bytes32 ref
    ) external returns (uint256 orderId);

    /// @notice The supplier signs the order: the total moves from the agency into escrow.
    /// @dev Requirements: the order's supplier, an active SUPPLIER; state Created; the agency
    /// approved this contract for and holds the total; for an order from a tender, inside the
    /// award's acceptance window (Tendering's `acceptAward`, which returns the winner's bid bond).
    /// Emits `OrderAccepted`.
    function acceptOrder(uint256 orderId, bytes32 contractHash) external;

    /// @notice The agency cancels an order the supplier has not accepted. A direct order's budget
    /// is freed; an order from a tender hands its commitment back to the award, which can be
    /// ordered again (Tendering's `reopenAward`).
    /// @dev Requirements: AGENCY of the order's agency organisation; state Created.
    /// Emits `OrderCancelled` (and Tendering's `AwardReopened` for the award's live order).
    function cancelOrder(uint256 orderId, bytes32 reasonHash) external;

    /// @notice The agency's receiving officer confirms what arrived in a shipment and pays for it.
    /// @dev Requirements: AGENCY of the order's agency organisation; order Active without an open
    /// dispute; shipment Arrived and not confirmed; one received quantity per line, each ≤ shipped
    /// and ≤ still to deliver, 0 on milestone lines. Pays value − penalty − retention to the
    /// supplier, where value = Σ received × unit price, days late = ceil((arrivedAt − deadline) /
    /// 1 day) when arrivedAt > deadline, penalty = min(value × per mille × days late / 1000,
    /// value × cap bps / 10000) (back to the agency, budget released), retention = value ×
    /// retention bps / 10000 (held). When everything is delivered the order becomes Delivered.
    /// Emits `DeliveryConfirmed`, `PaymentReleased` and, when complete, `OrderDelivered`.
    function confirmDelivery(uint256 shipmentId, uint256[] calldata receivedQuantities, bytes32 bastHash) external;

    /// @notice The agency accepts a milestone the supplier submitted as complete and pays for it.
    /// @dev Requirements: as `confirmDelivery`; the line is a milestone, submitted and not yet
    /// paid. Days late count from the milestone's `dueAt` (extended by pauses) to the submission,
    /// not to this acceptance. Emits `MilestoneConfirmed`, `PaymentReleased` and, when complete,
    /// `OrderDelivered`.
    function confirmMilestone(uint256 orderId, uint256 lineIndex, bytes32 bastHash) external;

    /// @notice The supplier declares milestone `lineIndex` complete, with the hash of its evidence
    /// (report, photos, BAST draft). Lateness stops counting now; the agency's review window
    /// (the order's `confirmationWindowSec`) starts.
    /// @dev Requirements: the order's supplier, an active SUPPLIER; order Active without an open
    /// dispute; the line is a milestone, not paid and not submitted before. Emits `MilestoneSubmitted`.
    function submitMilestone(uint256 orderId, uint256 lineIndex, bytes32 evidenceHash) external;

    /// @notice The agency rejects a submitted milestone inside its review window; this opens a
    /// dispute over the order (an arbiter rules, as for `openDispute`).
    /// @dev Requirements: AGENCY of the order's agency organisation; order Active without an open
    /// dispute; the milestone submitted and not paid; now < its review end.
    /// Emits `MilestoneRejected` and `DisputeOpened`.
    function rejectMilestone(uint256 orderId, uint256 lineIndex, bytes32 reasonHash) external;

    /// @notice The supplier claims payment of a submitted milestone the agency neither accepted
    /// nor rejected within the review window (deemed acceptance).
    /// @dev Requirements: the order's supplier, an active SUPPLIER; order Active without an open
    /// dispute; the milestone submitted and not paid; now ≥ its review end (submission + the
    /// confirmation window + time paused since). Paid as `confirmMilestone`.
    /// Emits `MilestoneDeemedAccepted`, `PaymentReleased` and, when complete, `OrderDelivered`.
    function claimDeemedMilestone(uint256 orderId, uint256 lineIndex) external;

    /// @notice The supplier claims payment of an arrived shipment the agency did not confirm
    /// within the confirmation window (deemed acceptance): each line counts as received in full,
    /// up to what is still owed of it.
    /// @dev Requirements: the order's supplier, an active SUPPLIER; order Active without an open
    /// dispute; shipment Arrived and unconfirmed; now ≥ arrivedAt + the confirmation window + time
    /// paused since arrival. Lateness counts to the arrival. Paid as `confirmDelivery`.
    /// Emits `DeliveryDeemedAccepted`, `PaymentReleased` and, when complete, `OrderDelivered`.
    function claimDeemedDelivery(uint256 shipmentId) external;

    /// @notice Pays the held retention to the supplier once the maintenance period has ended.
    /// @dev Anyone may call. Requirements: not paused (`EnforcedPause`); state Delivered or Terminated; no open
    /// dispute; now ≥ `retentionReleaseAt`. Emits `RetentionReleased` (state Closed).
    function releaseRetention(uint256 orderId) external;

    /// @notice The agency ends an order whose supplier is so late that the penalty cap is reached;
    /// the undelivered value goes back to the agency and its budget is freed.
    /// @dev Requirements: AGENCY of the order's agency organisation; state Active; no open
    /// dispute; now ≥ `terminableAt(orderId)`; no shipment of the order arrived unconfirmed
    /// (`OrderEscrowArrivalUnconfirmed`) and no submitted milestone awaits acceptance
    /// (`OrderEscrowMilestonesAwaitingAcceptance`): termination never refunds what was delivered.
    /// Retention already held stays until the maintenance period (counted from now) ends.
    /// Emits `OrderTerminated`.
    function terminateOrder(uint256 orderId, bytes32 reasonHash) external;

    /// @notice The agency or the supplier opens a dispute; it freezes confirmations, retention
    /// release and termination until an arbiter rules.
    /// @dev Requirements: the order's supplier (active SUPPLIER) or an AGENCY account of its
    /// agency organisation; state Active, Delivered or Terminated; no open dispute.
    /// Emits `DisputeOpened` (shipment id 0). The other party then has the policy's
    /// `disputeResponseWindowSec` (taken when the dispute opens, extended by paused time) to
    /// answer with `respondToDispute` before an arbiter may rule.
    function openDispute(uint256 orderId, bytes32 reasonHash) external;

    /// @notice The party that did not open the dispute answers it (issue 13 item 7); the arbiter
    /// may rule at once afterwards instead of waiting for the response window to end.
    /// @dev Requirements: a dispute is open on `orderId` (`OrderEscrowNoOpenDispute`); the caller
    /// is the other party: the order's supplier (active SUPPLIER) when an agency account opened
    /// it, an active AGENCY account of the order's organisation when the supplier opened it
    /// (no order party: `OrderEscrowNotOrderParty`; the opener's side:
    /// `OrderEscrowNotDisputeRespondent`); not responded yet (`OrderEscrowDisputeAlreadyResponded`).
    /// Emits `DisputeResponded`.
    function respondToDispute(uint256 orderId, bytes32 responseHash) external;

    /// @notice The dispute of `orderId` (open or ruled); zeros when none was opened.
    function dispute(uint256 orderId) external view returns (Dispute memory);

    /// @notice The supplier opens a dispute over an arrived shipment the agency has not confirmed
    /// within the confirmation window.
    /// @dev Requirements: the order's supplier, an active SUPPLIER; shipment Arrived, unconfirmed,
    /// and now ≥ arrivedAt + the order's confirmation window; as `openDispute` otherwise.
    /// Emits `DisputeOpened` with the shipment id.
    function escalateUnconfirmed(uint256 shipmentId, bytes32 reasonHash) external;

    /// @notice An arbiter splits everything the order still holds between supplier and agency.
    /// @dev Requirements: ARBITER; a dispute is open; `toSupplierIdr + toAgencyIdr == heldIdr`;
    /// no conflict of interest: neither the arbiter's organisation nor, when the arbiter is a
    /// panel (a contract answering `getOwners()`, e.g. a Safe), the organisation of any of its
    /// owners is the order's agency or supplier organisation (`OrderEscrowArbiterConflict`); the
    /// other party responded or its response window ended (`OrderEscrowResponseWindowOpen`).
    /// Releases the agency's share of the budget and pays it to the agency organisation's
    /// payout account (`IRegistry.payoutAccount`). Emits `DisputeResolved` (state Closed).
    function resolveDispute(uint256 orderId, uint256 toSupplierIdr, uint256 toAgencyIdr, bytes32 rulingHash) external;

    /// @notice The registry (roles, policy, budgets).
    function registry() external view returns (address);
    /// @notice The settlement token.
    function token() external view returns (address);
    /// @notice The Tendering contract whose awards become orders.
    function tendering() external view returns (address);
    /// @notice The ShipmentTracking contract (zero until set).
    function shipmentTracking() external view returns (address);
    /// @notice How many orders exist; ids run from 1 to this.
    function orderCount() external view returns (uint256);
    /// @notice The full stored order. Reverts `OrderEscrowUnknownOrder` for an unknown id.
    function order(uint256 orderId) external view returns (Order memory);
    /// @notice The payment terms of a line of an order and how much of it was delivered. The
    /// line's item hash, unit and origin are in the order's `OrderCreated` event.
    /// Reverts `OrderEscrowUnknownOrder` or `OrderEscrowUnknownLine`.
    function line(uint256 orderId, uint256 lineIndex)
        external
        view
        returns (LineTerms memory, uint64 deliveredQuantity);
    /// @notice What the order holds in escrow: unpaid value plus held retention.
    function heldIdr(uint256 orderId) external view returns (uint256);
    /// @notice When the agency may terminate the order: delivery deadline + the days at which the
    /// penalty reaches its cap, capDays = ceil(capBps / (10 × per mille)) (0 if the rate is 0).
    function terminableAt(uint256 orderId) external view returns (uint256);
    /// @notice The order that organisation `orgId` created with reference `ref` (0 if none).
    function orderOfRef(uint64 orgId, bytes32 ref) external view returns (uint256);
    /// @notice Whether the agency confirmed the shipment.
    function isShipmentConfirmed(uint256 shipmentId) external view returns (bool);
}

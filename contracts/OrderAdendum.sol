// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IOrderAdendum} from "./interfaces/IOrderAdendum.sol";
import {IOrderEscrow} from "./interfaces/IOrderEscrow.sol";
import {OrderEscrowStorage} from "./OrderEscrowStorage.sol";

/// @title OrderAdendum
/// @notice The *adendum* of OrderEscrow's orders (issue 13 item 4): both parties sign a change of
/// quantities and/or deadline, capped by policy and flagged.
/// @dev Runs only by `delegatecall` from the OrderEscrow that created it (its fallback), on that
/// escrow's storage (`OrderEscrowStorage`); its immutables are the escrow's wiring, given by the
/// escrow's constructor. A direct call reverts (`OrderAdendumOnlyThroughEscrow`).
contract OrderAdendum is IOrderAdendum, OrderEscrowStorage {
    using SafeERC20 for IERC20;

    /// @dev The OrderEscrow that created this extension: `address(this)` under its delegatecall.
    address private immutable _escrow;

    /// @param registry_ The escrow's registry.
    /// @param token_ The escrow's settlement token.
    /// @param tendering_ The escrow's Tendering contract.
    constructor(address registry_, address token_, address tendering_)
        OrderEscrowStorage(registry_, token_, tendering_)
    {
        _escrow = msg.sender;
    }

    /// @inheritdoc IOrderAdendum
    function signAdendum(
        uint256 orderId,
        bytes32 reasonHash,
        uint64[] calldata quantities,
        uint64 deliveryDeadlineAt
    ) external nonReentrant {
        if (address(this) != _escrow) revert OrderAdendumOnlyThroughEscrow();
        StoredOrder storage o = _existingOrder(orderId);
        _checkOrderParty(orderId, o);
        _checkActiveUndisputed(orderId, o);
        _checkNoUnconfirmedArrival(orderId);
        uint64 storedDeadline = _storedDeadline(o, deliveryDeadlineAt);
        StoredAdendum storage a = _adendums[orderId];
        uint256 newTotalIdr = _newTotal(orderId, o, a, quantities, storedDeadline);
        address proposer = a.proposer;
        bool bySupplier = msg.sender == o.supplier;
        // The terms are the call itself: the other side's identical call applies them; any other
        // call (the same side again, other terms, another encoding) is a proposal replacing the
        // pending one, so nothing applies that both sides did not send byte for byte.
        if (keccak256(msg.data) != a.pendingHash || bySupplier == (proposer == o.supplier)) {
            (a.pendingHash, a.proposer) = (keccak256(msg.data), msg.sender);
            emit AdendumProposed(orderId, a.count + 1, msg.sender, reasonHash, quantities, deliveryDeadlineAt, newTotalIdr);
            return;
        }
        _checkProposer(orderId, o, proposer);
        uint256 oldTotalIdr = o.totalIdr;
        _apply(orderId, o, a, quantities, storedDeadline, newTotalIdr);
        emit AdendumSigned(
            orderId,
            a.count,
            msg.sender,
            proposer,
            reasonHash,
            quantities,
            deliveryDeadlineAt,
            a.originalTotalIdr,
            oldTotalIdr,
            newTotalIdr
        );
        _settle(orderId, o, bySupplier ? proposer : msg.sender, oldTotalIdr, newTotalIdr);
    }

    /// @inheritdoc IOrderAdendum
    function adendumState(uint256 orderId)
        external
        view
        returns (bytes32 pendingHash, address proposer, uint256 originalTotalIdr, uint256 count)
    {
        _existingOrder(orderId);
        StoredAdendum storage a = _adendums[orderId];
        return (a.pendingHash, a.proposer, a.originalTotalIdr, a.count);
    }

    /// @dev The stored form of a real-time deadline (less the seconds paused since the order's
    /// creation, as `OrderEscrow._deadlineAt` adds them back); the deadline must be in the future.
    function _storedDeadline(StoredOrder storage o, uint64 deadlineAt) private view returns (uint64) {
        if (deadlineAt <= block.timestamp) revert IOrderEscrow.OrderEscrowInvalidDeadline(deadlineAt);
        // no underflow: the time paused since creation is less than the time since creation
        return deadlineAt - (_registry.pausedSeconds() - o.pausedSecondsAtCreation);
    }

    /// @dev Checks the terms and returns the new total: one quantity per line, goods lines not
    /// below what was delivered, milestone lines kept at 1 and due by the new deadline, some
    /// change, the total within the cap over the original total.
    function _newTotal(
        uint256 orderId,
        StoredOrder storage o,
        StoredAdendum storage a,
        uint64[] calldata quantities,
        uint64 storedDeadline
    ) private view returns (uint256 newTotalIdr) {
        uint256 count = o.lineCount;
        if (quantities.length != count) revert IOrderEscrow.OrderEscrowInvalidLineCount(quantities.length);
        bool changed = storedDeadline != o.deliveryDeadlineAt;
        for (uint256 i = 0; i < count; ++i) {
            // count = lineCount ≤ MAX_LINES
            StoredLine storage l = _lines[orderId][i];
            uint64 quantity = quantities[i];
            bool valid = l.dueAt == 0 ? quantity >= l.deliveredQuantity : quantity == 1 && l.dueAt <= storedDeadline;
            if (!valid) revert IOrderEscrow.OrderEscrowInvalidLine(i);
            changed = changed || quantity != l.quantity;
            newTotalIdr += uint256(quantity) * l.unitPriceIdr;
        }
        if (!changed) revert OrderAdendumNoChange(orderId);
        uint256 baseIdr = a.originalTotalIdr == 0 ? o.totalIdr : a.originalTotalIdr;
        uint256 capIdr = baseIdr + (baseIdr * _registry.adendumCapBps()) / _BPS;
        if (newTotalIdr > capIdr) revert OrderAdendumCapExceeded(orderId, newTotalIdr, capIdr);
    }

    /// @dev The proposer must still be a party when its proposal is applied: the supplier an
    /// active SUPPLIER, an agency account an active AGENCY of the order's organisation.
    function _checkProposer(uint256 orderId, StoredOrder storage o, address proposer) private view {
        if (proposer == o.supplier) {
            _checkParticipant(proposer, _supplierRole);
        } else if (_checkParticipant(proposer, _agencyRole) != o.agencyOrgId) {
            revert IOrderEscrow.OrderEscrowNotOrderParty(orderId, proposer);
        }
    }

    /// @dev Writes the signed terms: quantities, deadline, total; records the original total at
    /// the first adendum, counts it and clears the proposal.
    function _apply(
        uint256 orderId,
        StoredOrder storage o,
        StoredAdendum storage a,
        uint64[] calldata quantities,
        uint64 storedDeadline,
        uint256 newTotalIdr
    ) private {
        if (a.originalTotalIdr == 0) a.originalTotalIdr = o.totalIdr;
        // safe cast: one adendum per transaction, far below 2^32
        (a.pendingHash, a.proposer, a.count) = (0, address(0), a.count + 1);
        for (uint256 i = 0; i < quantities.length; ++i) {
            // quantities.length = lineCount ≤ MAX_LINES (checked by _newTotal)
            _lines[orderId][i].quantity = quantities[i];
        }
        o.deliveryDeadlineAt = storedDeadline;
        o.totalIdr = SafeCast.toUint64(newTotalIdr);
    }

    /// @dev Moves the value difference of a signed adendum. An increase is committed against the
    /// budget and pulled into escrow from `agencySigner` (the agency account that signed); a
    /// decrease goes to the agency organisation's payout account and frees budget, and marks the
    /// order Delivered when nothing is left to deliver. The held value changes by the difference,
    /// so escrow stays equal to the sum of held values.
    function _settle(
        uint256 orderId,
        StoredOrder storage o,
        address agencySigner,
        uint256 oldTotalIdr,
        uint256 newTotalIdr
    ) private {
        if (newTotalIdr > oldTotalIdr) {
            uint256 addedIdr = newTotalIdr - oldTotalIdr;
            _checkAgencyFunds(agencySigner, addedIdr);
            o.unpaidIdr += uint64(addedIdr); // safe: unpaid ≤ total, which SafeCast kept below 2^64
            _registry.commitBudget(o.agencyOrgId, o.fiscalYear, addedIdr);
            // `agencySigner` signed this adendum for the agency and approved the escrow for it.
            // slither-disable-next-line arbitrary-send-erc20
            _token.safeTransferFrom(agencySigner, address(this), addedIdr);
        } else if (newTotalIdr < oldTotalIdr) {
            uint256 removedIdr = oldTotalIdr - newTotalIdr;
            // no underflow: every goods line keeps at least its delivered quantity, so the
            // removed value is at most what was undelivered
            uint64 unpaidIdr = o.unpaidIdr - uint64(removedIdr);
            o.unpaidIdr = unpaidIdr;
            if (unpaidIdr == 0) _markDelivered(orderId, o);
            _refundAgency(o, removedIdr);
        }
    }
}

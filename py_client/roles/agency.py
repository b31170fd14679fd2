"""The agency's view: tenders, purchase orders, delivery confirmation, termination, disputes."""

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from web3.contract.contract import ContractFunction

from py_client.document_inputs import DocumentInput
from py_client.errors import (
    BudgetExceeded,
    CeilingExceeded,
    DeadlinePassed,
    DuplicateReference,
    InvalidInput,
    InvalidParameters,
    NotAuthorized,
    WrongState,
)
from py_client.formatting import wib
from py_client.hashing import as_hash, ascii_field, order_ref
from py_client.inputs import checked_address
from py_client.limits import (
    DEFAULT_DELIVERY_PERIOD_SEC,
    MAX_LINES,
    UINT64_MAX,
    UINT128_MAX,
)
from py_client.models import (
    MILESTONE_UNIT,
    BidState,
    Item,
    Line,
    OrderState,
    Policy,
    Role,
    TenderRecord,
    TenderStatus,
)
from py_client.receipts import TxResult
from py_client.roles.adendum import AdendumParty
from py_client.roles.base import (
    Duration,
    PublicActions,
    Timestamp,
    amount,
    fiscal_year_of,
    seconds_of,
    unix,
)
from py_client.rules import (
    check_arrived,
    check_award_terms,
    check_maintenance_period,
    check_min_bond,
    check_not_ordered,
    check_received,
    check_tender_status,
    check_tender_terms,
    check_tender_times,
)


class AgencyView(PublicActions, AdendumParty):
    """Actions of a procurement officer (AGENCY role).

    Example::

        >>> from datetime import UTC, datetime, timedelta
        >>> agency = client.agency  # doctest: +SKIP
        >>> now = datetime.now(UTC)
        >>> result = agency.open_tender(  # doctest: +SKIP
        ...     spec="spec.pdf", spec_uri="store://spec.pdf",
        ...     items=[Item(document_hash(b"laptop"), 20, "unit")], hps_idr=400_000_000,
        ...     bid_deadline_at=now + timedelta(days=4), reveal_deadline_at=now + timedelta(days=5),
        ...     bond_idr=1_000_000, fiscal_year=2026)
        >>> result.tender_id  # doctest: +SKIP
        1
    """

    role = Role.AGENCY

    # ------------------------------------------------------------------ tenders

    def open_tender(
        self,
        *,
        spec: DocumentInput,
        spec_uri: str,
        items: Sequence[Item],
        hps_idr: int,
        bid_deadline_at: Timestamp,
        reveal_deadline_at: Timestamp,
        fiscal_year: int,
        bond_idr: int | None = None,
        delivery_from_at: Timestamp | None = None,
        delivery_until_at: Timestamp | None = None,
    ) -> TxResult:
        """Open a sealed-bid tender and commit its HPS against the budget of ``fiscal_year``.

        Args:
            spec: The specification document (hash, file or bytes; see :mod:`py_client.hashing`),
                or ``Public(path)`` to store it in the document store first.
            spec_uri: Where the specification can be fetched.
            items: What is tendered (description hash, quantity, unit).
            hps_idr: The owner's estimate: public, and the highest valid price.
            bid_deadline_at: End of bidding; at least the policy's minimum tender period away.
            reveal_deadline_at: End of revealing; at least one hour after the bid deadline.
            fiscal_year: The budget year the HPS is committed against.
            bond_idr: Bid bond each bidder posts; at least the policy's ``min_bond_per_mille``
                of the HPS (0.5 % by default), which is the bond when omitted.
            delivery_from_at: Start of the delivery period: the order's delivery deadline can
                be no earlier (default: the reveal deadline).
            delivery_until_at: End of the delivery period: the order's delivery deadline can be
                no later; after the reveal deadline (default: 365 days after it).

        Returns:
            The result, with ``tender_id``. Emits ``TenderOpened`` and ``BudgetCommitted``.

        Raises:
            NotAuthorized, InvalidParameters, BudgetExceeded: Checks before sending.
        """
        hps_idr = amount(hps_idr, "HPS")
        policy = self.client.policy()
        if bond_idr is None:
            bond_idr = policy.min_bond_idr(hps_idr)
        bond_idr = amount(bond_idr, "bond")
        bid_at, reveal_at = unix(bid_deadline_at, "bid deadline"), unix(reveal_deadline_at)
        from_at = reveal_at if delivery_from_at is None else unix(delivery_from_at, "delivery from")
        until_at = (
            reveal_at + DEFAULT_DELIVERY_PERIOD_SEC
            if delivery_until_at is None
            else unix(delivery_until_at, "delivery until")
        )
        year = fiscal_year_of(fiscal_year)
        encoded_items = [_item(i, n) for n, i in enumerate(items)]
        if not isinstance(spec_uri, str):
            raise InvalidInput("spec URI must be a string")
        if self.checking:
            times = (bid_at, reveal_at, from_at, until_at)
            self._check_open_tender(policy, encoded_items, hps_idr, bond_idr, times, year)
        params = (
            self._record(spec, "spec"),
            spec_uri,
            encoded_items,
            hps_idr,
            bid_at,
            reveal_at,
            bond_idr,
            year,
            from_at,
            until_at,
        )
        result = self._send(self.client.tendering.functions.openTender(params))
        return _with_id(result, "TenderOpened", "tenderId", "tender_id")

    def _check_open_tender(
        self,
        policy: Policy,
        encoded_items: list[tuple[bytes, int, bytes]],
        hps_idr: int,
        bond_idr: int,
        times: tuple[int, int, int, int],
        year: int,
    ) -> None:
        """The checks of :meth:`open_tender`; ``times``: bid and reveal deadlines, delivery
        period (from, until)."""
        org_id = self._check_participant(Role.AGENCY)
        check_tender_terms([quantity for _, quantity, _ in encoded_items], hps_idr, bond_idr)
        check_min_bond(policy, hps_idr, bond_idr)
        bid_at, *_ = times
        earliest = self._latest_time() + int(policy.min_tender_period.total_seconds())
        if bid_at < earliest:
            raise InvalidParameters(
                f"the bid deadline must be at least the minimum tender period away "
                f"(not before {wib(earliest)})"
            )
        check_tender_times(times)
        self._check_budget(org_id, year, hps_idr)

    def disqualify_bid(
        self, tender_id: int, bidder: str, reason: DocumentInput | None = None
    ) -> TxResult:
        """Disqualify a revealed bid before finalisation. Emits ``BidDisqualified``."""
        bidder = checked_address(bidder, "bidder")
        if self.checking:
            self._check_tender_agency(tender_id)
            state = self.client.bid_record(tender_id, bidder).state
            if state != BidState.REVEALED:
                raise WrongState(
                    f"the bid of {bidder} in tender {tender_id} is {state.name}, not REVEALED",
                    state,
                )
        reason_hash = self._record(reason, "reason", tender_id=tender_id)
        fn = self.client.tendering.functions.disqualifyBid(tender_id, bidder, reason_hash)
        return self._send(fn)

    def cancel_tender(self, tender_id: int, reason: DocumentInput | None = None) -> TxResult:
        """Cancel an open tender: bonds are refunded, the HPS is released.

        Emits ``TenderCancelled``, ``BondRefunded`` per bond, ``BudgetReleased``.
        """
        if self.checking:
            self._check_tender_agency(tender_id)
        reason_hash = self._record(reason, "reason", tender_id=tender_id)
        fn = self.client.tendering.functions.cancelTender(tender_id, reason_hash)
        return self._send(fn)

    # ------------------------------------------------------------------ orders

    def create_order_from_tender(
        self,
        tender_id: int,
        lines: Sequence[Line],
        delivery_deadline_at: Timestamp,
        maintenance_period: Duration,
        ref: str | bytes | None = None,
    ) -> TxResult:
        """Turn the award of ``tender_id`` into a purchase order (supplier, total from the award).

        The order is the award: the lines carry the tender's items in order (item hash,
        quantity, unit; unit prices are free) and add up exactly to the awarded price, and the
        deadline lies in the tender's delivery period. ``ref`` is the agency's own reference
        (e.g. the SiRUP/SPSE package code, hashed; see :func:`py_client.hashing.order_ref`):
        the chain refuses a second order of the organisation with it. Emits ``OrderCreated``,
        ``OrderTermsFixed``, ``AwardOrdered`` (and ``OrderReferenced`` with a ref). Returns the
        result with ``order_id``.
        """
        reference = order_ref(ref)
        encoded, deadline, maintenance = _order_terms(
            lines, delivery_deadline_at, maintenance_period
        )
        if self.checking:
            org_id = self._check_participant(Role.AGENCY)
            t = self._awarded(tender_id)
            award = self.client.award_record(tender_id)
            check_not_ordered(tender_id, award)
            if t.pending_objections:
                raise WrongState(
                    f"tender {tender_id} has {t.pending_objections} objection(s) awaiting a ruling"
                )
            self._check_opened(
                t.objection_ends_at + self._paused_since(t),
                f"the award of tender {tender_id} can be ordered",
            )
            if award.agency_org_id != org_id:
                raise NotAuthorized(
                    f"tender {tender_id} was awarded to organisation {award.agency_org_id}, "
                    f"not {org_id}",
                    self.address,
                    Role.AGENCY.value,
                )
            self._check_order_terms(encoded, deadline, maintenance)
            check_award_terms(tender_id, t, award, encoded, deadline, self._paused_since(t))
            self._check_ref(org_id, reference)
        fn = self.client.escrow.functions.createOrderFromTender(
            tender_id, encoded, deadline, maintenance, reference
        )
        return self._send_order(fn)

    def create_direct_order(
        self,
        supplier: str,
        fiscal_year: int,
        lines: Sequence[Line],
        delivery_deadline_at: Timestamp,
        maintenance_period: Duration,
        ref: str | bytes | None = None,
    ) -> TxResult:
        """Create a direct-purchase order (no tender), up to the policy's ceiling.

        Commits the total against the budget of ``fiscal_year``. ``ref`` as for
        :meth:`create_order_from_tender`. Emits ``OrderCreated``, ``OrderTermsFixed``,
        ``BudgetCommitted`` (``OrderReferenced`` with a ref, and the red flag
        ``DirectPurchaseSplitFlagged`` when this agency's direct purchases from this supplier
        within the policy's split window exceed the ceiling). Returns the result with
        ``order_id``.
        """
        reference = order_ref(ref)
        supplier = checked_address(supplier, "supplier")
        year = fiscal_year_of(fiscal_year)
        encoded, deadline, maintenance = _order_terms(
            lines, delivery_deadline_at, maintenance_period
        )
        if self.checking:
            org_id = self._check_participant(Role.AGENCY)
            self._check_participant(Role.SUPPLIER, supplier, f"supplier {supplier}")
            self._check_order_terms(encoded, deadline, maintenance)
            total = sum(q * p for _, q, p, *_ in encoded)
            ceiling = self.client.policy().direct_purchase_ceiling_idr
            if total > ceiling:
                raise CeilingExceeded(total, ceiling)
            self._check_budget(org_id, year, total)
            self._check_ref(org_id, reference)
        fn = self.client.escrow.functions.createDirectOrder(
            supplier, year, encoded, deadline, maintenance, reference
        )
        return self._send_order(fn)

    def approve_escrow(self, order_id: int, amount_idr: int | None = None) -> TxResult:
        """Approve the escrow to pull the order's total (or ``amount_idr``) when it is accepted.

        Emits ``Approval``.
        """
        if amount_idr is None:
            amount_idr = self.client.order(order_id).total_idr
        amount_idr = amount(amount_idr)
        fn = self.client.token.functions.approve(self.client.escrow.address, amount_idr)
        return self._send(fn)

    def cancel_order(self, order_id: int, reason: DocumentInput | None = None) -> TxResult:
        """Cancel an order the supplier has not accepted; its budget is freed.

        Emits ``OrderCancelled`` and ``BudgetReleased``.
        """
        if self.checking:
            self._party_order(order_id, [OrderState.CREATED], undisputed=False)
        reason_hash = self._record(reason, "reason", order_id=order_id)
        fn = self.client.escrow.functions.cancelOrder(order_id, reason_hash)
        return self._send(fn)

    def confirm_delivery(
        self,
        shipment_id: int,
        received_quantities: Sequence[int] | None = None,
        bast: DocumentInput | None = None,
    ) -> TxResult:
        """Confirm what arrived in a shipment (BAST) and pay for it.

        Args:
            shipment_id: An arrived, unconfirmed shipment.
            received_quantities: Received per order line; the shipped quantities when omitted.
            bast: The handover document (berita acara serah terima); ``Confidential(path)``
                stores it encrypted to the order's parties and every AUDITOR first
                (:mod:`py_client.documents.inputs`).

        Emits ``DeliveryConfirmed``, ``PaymentReleased`` and, when complete, ``OrderDelivered``.
        """
        tracking = self.client.tracking.functions
        if received_quantities is None:
            received = [int(q) for q in self.client.call(tracking.shippedQuantities(shipment_id))]
        else:
            received = [amount(q, "received quantity") for q in received_quantities]
        if self.checking:
            shipment = self.client.shipment(shipment_id, with_origin=False)
            check_arrived(shipment_id, shipment.status, shipment.confirmed)
            self._party_order(shipment.order_id, [OrderState.ACTIVE])
            self._check_received(shipment.order_id, shipment.quantities, received)
        bast_hash = self._record(bast, "BAST", order_of_shipment=shipment_id)
        fn = self.client.escrow.functions.confirmDelivery(shipment_id, received, bast_hash)
        return self._send(fn)

    def confirm_milestone(
        self, order_id: int, line_index: int, bast: DocumentInput | None = None
    ) -> TxResult:
        """Confirm a completed milestone line and pay for it.

        Emits ``MilestoneConfirmed``, ``PaymentReleased`` and, when complete, ``OrderDelivered``.
        """
        if self.checking:
            o = self._party_order(order_id, [OrderState.ACTIVE])
            if not 0 <= line_index < o.line_count:
                raise InvalidParameters(f"order {order_id} has no line {line_index}")
            line = self.client.line_record(order_id, line_index)
            if line.terms.due_at == 0:  # only milestones have a due date
                raise InvalidParameters(f"line {line_index} of order {order_id} is not a milestone")
            if line.delivered_quantity:
                raise WrongState(
                    f"milestone {line_index} of order {order_id} was already confirmed"
                )
        bast_hash = self._record(bast, "BAST", order_id=order_id)
        fn = self.client.escrow.functions.confirmMilestone(order_id, line_index, bast_hash)
        return self._send(fn)

    def reject_milestone(
        self, order_id: int, line_index: int, reason: DocumentInput | None = None
    ) -> TxResult:
        """Reject a milestone the supplier submitted, inside its review window; opens a dispute.

        Emits ``MilestoneRejected`` and ``DisputeOpened``.
        """
        if self.checking:
            self._party_order(order_id, [OrderState.ACTIVE])
        reason_hash = self._record(reason, "reason", order_id=order_id)
        fn = self.client.escrow.functions.rejectMilestone(order_id, line_index, reason_hash)
        return self._send(fn)

    def terminate_order(self, order_id: int, reason: DocumentInput | None = None) -> TxResult:
        """Terminate an order whose supplier is so late that the penalty cap is reached.

        Emits ``OrderTerminated`` (the undelivered value is refunded) and ``BudgetReleased``.
        """
        if self.checking:
            self._party_order(order_id, [OrderState.ACTIVE])
            self._check_opened(
                self.client.terminable_at(order_id), f"order {order_id} may be terminated"
            )
        reason_hash = self._record(reason, "reason", order_id=order_id)
        fn = self.client.escrow.functions.terminateOrder(order_id, reason_hash)
        return self._send(fn)

    # ------------------------------------------------------------------ checks

    def _check_budget(self, org_id: int, fiscal_year: int, needed_idr: int) -> None:
        available = self.client.budget(org_id, fiscal_year).available_idr
        if needed_idr > available:
            raise BudgetExceeded(org_id, fiscal_year, needed_idr, available)

    def _check_tender_agency(self, tender_id: int) -> TenderRecord:
        org_id = self._check_participant(Role.AGENCY)
        t = self.client.tender_record(tender_id)
        check_tender_status(tender_id, t, TenderStatus.OPEN)
        if t.agency != self.address and t.agency_org_id != org_id:
            raise NotAuthorized(
                f"{self.address} does not act for the agency of tender {tender_id}",
                self.address,
                Role.AGENCY.value,
            )
        return t

    def _check_ref(self, org_id: int, reference: bytes) -> None:
        if reference == bytes(32):
            return
        existing = int(self.client.call(self.client.escrow.functions.orderOfRef(org_id, reference)))
        if existing:
            raise DuplicateReference(org_id, reference, existing)

    def _send_order(self, fn: ContractFunction) -> TxResult:
        """Send an order's creation; the result carries the new ``order_id``."""
        return _with_id(self._send(fn), "OrderCreated", "orderId", "order_id")

    def _check_order_terms(self, encoded: list[Any], deadline: int, maintenance: int) -> None:
        now = self._latest_time()
        if deadline <= now:
            raise DeadlinePassed(
                f"the delivery deadline ({wib(deadline)}) is not in the future", deadline
            )
        check_maintenance_period(maintenance)
        if not 0 < len(encoded) <= MAX_LINES:
            raise InvalidParameters(f"an order needs 1 to {MAX_LINES} lines")
        for index, (_, quantity, price, unit, _, due) in enumerate(encoded):
            problem = ""
            if quantity == 0 or price == 0:
                problem = "quantity and unit price must be positive"
            elif unit == ascii_field(MILESTONE_UNIT, 16):
                if quantity != 1:
                    problem = "a milestone has quantity 1"
                elif not now < due <= deadline:
                    problem = "a milestone is due after now and no later than the delivery deadline"
            elif due != 0:
                problem = "a goods line has no due date (only milestones do)"
            if problem:
                raise InvalidParameters(f"line {index}: {problem}")

    def _check_received(
        self, order_id: int, shipped: Sequence[int], received: Sequence[int]
    ) -> None:
        lines = self.client.lines(order_id)
        check_received(
            received,
            shipped,
            remaining=[line.remaining_quantity for line in lines],
            milestone=[line.is_milestone for line in lines],
        )


def _with_id(result: TxResult, event: str, argument: str, field: str) -> TxResult:
    created: dict[str, Any] = {field: int(result.event(event)[argument])}
    return replace(result, **created)


def _item(item: Item, index: int) -> tuple[bytes, int, bytes]:
    if not isinstance(item, Item):
        raise InvalidInput(f"item {index} must be an Item")
    quantity = item.quantity
    if (
        isinstance(quantity, bool)
        or not isinstance(quantity, int)
        or not 0 <= quantity <= UINT64_MAX
    ):
        raise InvalidInput(f"item {index}: quantity must be an integer 0..2^64-1")
    return (as_hash(item.description_hash, "item"), quantity, ascii_field(item.unit, 16, "unit"))


def _order_terms(
    lines: Sequence[Line], delivery_deadline_at: Timestamp, maintenance_period: Duration
) -> tuple[list[tuple[bytes, int, int, bytes, bytes, int]], int, int]:
    """An order's lines as the contract takes them, its deadline and maintenance period (s)."""
    deadline = unix(delivery_deadline_at, "delivery deadline")
    maintenance = seconds_of(maintenance_period)
    return [_line(line, n) for n, line in enumerate(lines)], deadline, maintenance


def _line(line: Line, index: int) -> tuple[bytes, int, int, bytes, bytes, int]:
    if not isinstance(line, Line):
        raise InvalidInput(f"line {index} must be a Line")
    quantity, price = amount(line.quantity, "quantity"), amount(line.unit_price_idr, "unit price")
    if quantity > UINT64_MAX or price > UINT128_MAX:
        raise InvalidInput(f"line {index}: quantity must fit 64 bits and unit price 128 bits")
    due = 0 if line.due_at is None else unix(line.due_at, "due date")
    return (
        as_hash(line.item_hash, "item"),
        quantity,
        price,
        ascii_field(line.unit, 16, "unit"),
        ascii_field(line.origin_country, 2, "origin country"),
        due,
    )


__all__ = ["AgencyView"]

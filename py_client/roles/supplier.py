"""The supplier's view (suppliers and contractors): bids, acceptance, shipments, disputes."""

from collections.abc import Sequence
from dataclasses import replace as _replace

from py_client.contract_errors import ShipmentTrackingDuplicateShipmentRef
from py_client.document_inputs import DocumentInput
from py_client.errors import (
    AllowanceTooLow,
    InvalidInput,
    InvalidParameters,
    NotAuthorized,
    PriceAboveHps,
    SaltExists,
    TransactionRejected,
    WrongState,
)
from py_client.formatting import rupiah
from py_client.hashing import ascii_field, client_ref, shipment_ref
from py_client.inputs import checked_address
from py_client.limits import MAX_SHIPMENTS_PER_ORDER
from py_client.models import (
    BidState,
    ObjectionState,
    OrderState,
    Origin,
    Role,
    TenderStatus,
)
from py_client.receipts import TxResult
from py_client.roles.adendum import AdendumParty
from py_client.roles.base import (
    DISPUTABLE_STATES,
    PublicActions,
    Timestamp,
    amount,
    unix,
)
from py_client.rules import (
    check_arrived,
    check_order_funds,
    check_shipped_quantities,
    check_tender_status,
)
from py_client.salts import SaltRecord, new_salt


class SupplierView(PublicActions, AdendumParty):
    """Actions of a supplier or contractor (SUPPLIER role).

    Bids are sealed: :meth:`commit_bid` generates a salt, stores it durably in the salt store
    (``client.salts``) and only then sends the commitment; :meth:`reveal_bid` reads it back.

    Example::

        >>> sup = client.supplier  # doctest: +SKIP
        >>> sup.approve_bond(1); sup.commit_bid(1, 350_000_000)  # doctest: +SKIP
        >>> # ... after the bid deadline:
        >>> sup.reveal_bid(1).event("BidRevealed")["valid"]  # doctest: +SKIP
        True
    """

    role = Role.SUPPLIER

    # ------------------------------------------------------------------ bids

    def approve_bond(self, tender_id: int) -> TxResult:
        """Approve the Tendering contract for the tender's bid bond. Emits ``Approval``."""
        bond = self.client.tender(tender_id, with_spec=False).bond_idr
        fn = self.client.token.functions.approve(self.client.tendering.address, bond)
        return self._send(fn)

    def commit_bid(
        self,
        tender_id: int,
        price_idr: int,
        *,
        allow_invalid: bool = False,
        replace: bool = False,
        salt: bytes | None = None,
    ) -> TxResult:
        """Commit a sealed bid of ``price_idr`` (and post the bond, approved beforehand).

        The salt record (chain, tendering contract, tender, bidder, price, salt) is written to
        the salt store before anything is sent; if it cannot be written, nothing is sent.

        Args:
            tender_id: An open tender before its bid deadline.
            price_idr: The price; above the HPS (or 0) the bid would be invalid.
            allow_invalid: Commit a price above the HPS anyway.
            replace: Overwrite an existing salt record of this tender and bidder (its
                salt is lost: only for a bid that was never committed).
            salt: A 32-byte salt; a fresh random one when omitted.

        Returns:
            The result; ``extra`` holds ``salt_file`` and ``commitment``. Emits ``BidCommitted``
            (and ``Transfer`` of the bond).

        Raises:
            SaltExists: A salt record exists for this bid and ``replace`` is false.
            SaltStoreError: The salt cannot be stored (nothing is sent).
            PriceAboveHps, DeadlinePassed, WrongState, NotAuthorized, AllowanceTooLow: Checks.
        """
        price_idr = amount(price_idr, "price")
        bidder = self.address
        if salt is None:
            salt = new_salt()
        if not isinstance(salt, bytes) or len(salt) != 32:
            raise InvalidInput("salt must be 32 bytes")
        tendering = self.client.tendering
        record = SaltRecord(
            self.client.chain_id, tendering.address, tender_id, bidder, price_idr, salt
        )
        store = self.client.salts
        if store.exists(record.chain_id, record.tendering, tender_id, bidder) and not replace:
            path = store.path_of(record.chain_id, record.tendering, tender_id, bidder)
            raise SaltExists(tender_id, bidder, str(path))
        if self.checking:
            self._check_commit(tender_id, price_idr, allow_invalid)
        fn = tendering.functions.commitBid(tender_id, record.commitment)
        gas = self.client.estimate(fn)  # a revert surfaces here, before the salt is written
        path = store.save(record, replace=replace)
        try:
            result = self.client.transact(fn, gas=gas)
        except TransactionRejected:
            path.unlink(missing_ok=True)  # the node refused it: nothing was committed
            raise
        return _replace(result, extra={"salt_file": path, "commitment": record.commitment})

    def reveal_bid(
        self, tender_id: int, price_idr: int | None = None, salt: bytes | None = None
    ) -> TxResult:
        """Reveal the signer's bid with the stored price and salt (or the ones given).

        Emits ``BidRevealed`` (``valid`` false for a price of 0 or above the HPS).

        Raises:
            SaltNotFound: No salt record and no price and salt given.
            TooEarly, DeadlinePassed, WrongState, InvalidParameters: Checks before sending.
        """
        bidder = self.address
        tendering = self.client.tendering
        if price_idr is None or salt is None:
            record = self.client.salts.load(
                self.client.chain_id, tendering.address, tender_id, bidder
            )
            price_idr = record.price_idr if price_idr is None else price_idr
            salt = record.salt if salt is None else salt
        price_idr = amount(price_idr, "price")
        if not isinstance(salt, bytes) or len(salt) != 32:
            raise InvalidInput("salt must be 32 bytes")
        if self.checking:
            self._check_reveal(tender_id, bidder, price_idr, salt)
        return self._send(tendering.functions.revealBid(tender_id, price_idr, salt))

    # ------------------------------------------------------------------ orders

    def accept_order(self, order_id: int, contract: DocumentInput | None = None) -> TxResult:
        """Sign the order: its total moves from the agency into escrow.

        ``contract`` is the signed contract: a hash, file or bytes (recorded by hash), or
        ``Confidential(path)`` to store it encrypted to the order's parties and every AUDITOR.

        Emits ``OrderAccepted`` (and ``BondRefunded`` of the winner's bond for a tender order).

        Raises:
            AllowanceTooLow: The agency has not approved (or does not hold) the total.
        """
        if self.checking:
            o = self._party_order(order_id, [OrderState.CREATED], undisputed=False)
            agency, total = o.agency, o.total_idr
            allowance = self.client.allowance(agency, self.client.escrow.address)
            check_order_funds(allowance, self.client.balance(agency), total)
        contract_hash = self._record(contract, "contract", order_id=order_id)
        fn = self.client.escrow.functions.acceptOrder(order_id, contract_hash)
        return self._send(fn)

    def object_award(self, tender_id: int, reason: DocumentInput | None = None) -> TxResult:
        """*Sanggah*: object to the award of a tender this organisation lost or was
        disqualified from, inside the objection window, with the reason document; posts the
        objection bond when the policy asks one (approve it first with ``approve_objection_bond``).
        Ordering waits for an arbiter's ruling.

        Emits ``AwardObjected``.
        """
        if self.checking:
            self._check_participant(Role.SUPPLIER)
            t = self._awarded(tender_id)
            me = self.address
            bid = self.client.bid(tender_id, me)
            lost = bid.state == BidState.DISQUALIFIED or (
                bid.state == BidState.REVEALED and t.winner != me
            )
            if not lost or bid.objection != ObjectionState.NONE:
                raise WrongState(
                    f"only a losing or disqualified bidder may object once in tender {tender_id}"
                )
            self._check_before(
                t.objection_ends_at + self._paused_since(t), f"objections to tender {tender_id}"
            )
        reason_hash = self._record(reason, "reason", tender_id=tender_id)
        return self._send(self.client.tendering.functions.objectAward(tender_id, reason_hash))

    def approve_objection_bond(self, tender_id: int) -> TxResult:
        """Approve Tendering for the objection bond of ``tender_id`` (fixed at finalisation)."""
        bond = self.client.tender_record(tender_id).objection_bond_idr
        fn = self.client.token.functions.approve(self.client.tendering.address, bond)
        return self._send(fn)

    def register_shipment(
        self,
        order_id: int,
        quantities: Sequence[int],
        carrier: str,
        expected_arrival_at: Timestamp,
        origin: Origin | None = None,
        ref: bytes | str | None = None,
    ) -> TxResult:
        """Register a shipment of an active order and hand custody to ``carrier``.

        Args:
            order_id: The order (the signer must be its supplier).
            quantities: Quantity shipped per order line (0 for lines not in this shipment).
            carrier: The carrier account that takes custody.
            expected_arrival_at: Announced arrival, in the future.
            origin: Country, region and producer GLN of the goods.
            ref: The shipment's reference, unique per supplier organisation (a waybill
                number, ``0x`` + 64 hex digits, see :func:`~py_client.hashing.client_ref`);
                by default derived from the shipment's content
                (:func:`~py_client.hashing.shipment_ref`), so sending the same registration
                twice registers it once.

        Returns:
            The result with ``shipment_id``. Emits ``ShipmentRegistered``.

        Raises:
            ShipmentTrackingDuplicateShipmentRef: The organisation already used ``ref`` (the
                existing shipment is the error's ``shipment_id``).
        """
        carrier = checked_address(carrier, "carrier")
        shipped = [amount(q, "quantity") for q in quantities]
        arrival = unix(expected_arrival_at, "expected arrival")
        origin = origin or Origin("")
        encoded_origin = (
            ascii_field(origin.country_code, 2, "country code"),
            ascii_field(origin.region, 32, "region"),
            ascii_field(origin.producer_gln, 32, "producer GLN"),
        )
        reference = (
            shipment_ref(order_id, shipped, encoded_origin, carrier, arrival)
            if ref is None
            else client_ref(ref, "shipment reference")
        )
        if self.checking:
            org_id = self._check_participant(Role.SUPPLIER)
            tracking = self.client.tracking.functions
            used = int(self.client.call(tracking.shipmentOfRef(org_id, reference)))
            if used:
                raise ShipmentTrackingDuplicateShipmentRef(org_id, reference, used)
            o = self._party_order(order_id, [OrderState.ACTIVE])
            if len(shipped) != o.line_count:
                raise InvalidParameters(f"{len(shipped)} quantities for {o.line_count} order lines")
            check_shipped_quantities(shipped)
            self._check_participant(Role.CARRIER, carrier, f"carrier {carrier}")
            if arrival <= self._latest_time():
                raise InvalidParameters("the expected arrival must be in the future")
            if len(self.client.shipments_of(order_id)) >= MAX_SHIPMENTS_PER_ORDER:
                raise WrongState(f"order {order_id} has {MAX_SHIPMENTS_PER_ORDER} shipments")
        fn = self.client.tracking.functions.registerShipment(
            order_id, shipped, encoded_origin, carrier, arrival, reference
        )
        result = self._send(fn)
        return _replace(result, shipment_id=int(result.event("ShipmentRegistered")["shipmentId"]))

    def escalate_unconfirmed(
        self, shipment_id: int, reason: DocumentInput | None = None
    ) -> TxResult:
        """Open a dispute over an arrived shipment the agency left unconfirmed too long.

        Emits ``DisputeOpened`` with the shipment id.
        """
        if self.checking:
            shipment = self.client.shipment(shipment_id, with_origin=False)
            check_arrived(shipment_id, shipment.status, shipment.confirmed)
            o = self._party_order(shipment.order_id, DISPUTABLE_STATES)
            arrived_at = shipment.arrived_at.timestamp() if shipment.arrived_at else 0
            escalable = int(arrived_at) + o.confirmation_window_sec
            self._check_opened(escalable, f"shipment {shipment_id} can be escalated")
        reason_hash = self._record(reason, "reason", order_of_shipment=shipment_id)
        fn = self.client.escrow.functions.escalateUnconfirmed(shipment_id, reason_hash)
        return self._send(fn)

    def submit_milestone(
        self, order_id: int, line_index: int, evidence: DocumentInput | None = None
    ) -> TxResult:
        """Declare a milestone line complete, with its evidence; lateness stops counting now.

        Emits ``MilestoneSubmitted`` (with the end of the agency's review window).
        """
        if self.checking:
            self._party_order(order_id, [OrderState.ACTIVE])
        evidence_hash = self._record(evidence, "evidence", order_id=order_id)
        fn = self.client.escrow.functions.submitMilestone(order_id, line_index, evidence_hash)
        return self._send(fn)

    def claim_deemed_milestone(self, order_id: int, line_index: int) -> TxResult:
        """Claim payment of a submitted milestone the agency let its review window pass on.

        Emits ``MilestoneDeemedAccepted``, ``PaymentReleased`` and, when complete,
        ``OrderDelivered``.
        """
        if self.checking:
            self._party_order(order_id, [OrderState.ACTIVE])
        fn = self.client.escrow.functions.claimDeemedMilestone(order_id, line_index)
        return self._send(fn)

    def reassign_custody(
        self, shipment_id: int, new_carrier: str, reason: DocumentInput | None = None
    ) -> TxResult:
        """Move custody of a shipment off a stranded carrier (suspended or removed).

        Emits ``CustodyReassigned`` and ``CustodyTransferred``.
        """
        new_carrier = checked_address(new_carrier, "new carrier")
        reason_hash = self._record(reason, "reason", shipment_id=shipment_id)
        fn = self.client.tracking.functions.reassignCustody(shipment_id, new_carrier, reason_hash)
        return self._send(fn)

    def claim_deemed_delivery(self, shipment_id: int) -> TxResult:
        """Claim payment of an arrived shipment the agency did not confirm within the window.

        Emits ``DeliveryDeemedAccepted``, ``PaymentReleased`` and, when complete,
        ``OrderDelivered``.
        """
        if self.checking:
            shipment = self.client.shipment(shipment_id, with_origin=False)
            check_arrived(shipment_id, shipment.status, shipment.confirmed)
            self._party_order(shipment.order_id, [OrderState.ACTIVE])
        fn = self.client.escrow.functions.claimDeemedDelivery(shipment_id)
        return self._send(fn)

    # ------------------------------------------------------------------ checks

    def _check_commit(self, tender_id: int, price_idr: int, allow_invalid: bool) -> None:
        org_id = self._check_participant(Role.SUPPLIER)
        functions = self.client.tendering.functions
        t = self.client.tender_record(tender_id)
        check_tender_status(tender_id, t, TenderStatus.OPEN)
        self._check_before(t.bid_deadline_at, f"bidding in tender {tender_id}")
        hps = t.hps_idr
        if not allow_invalid and not 0 < price_idr <= hps:
            raise PriceAboveHps(tender_id, price_idr, hps)
        if self.client.bid_record(tender_id, self.address).state != BidState.NONE:
            raise WrongState(f"{self.address} already bid in tender {tender_id}")
        for other in self.client.call(functions.bidders(tender_id)):
            if self.client.bid_record(tender_id, other).supplier_org_id == org_id:
                raise WrongState(
                    f"organisation {org_id} already bid in tender {tender_id} through {other}"
                )
        if t.bid_count >= t.max_bids:
            raise WrongState(f"tender {tender_id} holds its maximum of {t.max_bids} bids")
        bond = t.bond_idr
        if bond:
            allowance = self.client.allowance(self.address, self.client.tendering.address)
            if allowance < bond:
                raise AllowanceTooLow(
                    f"bond allowance {rupiah(allowance)} is below the {rupiah(bond)} bond "
                    "(run approve_bond first)",
                    allowance,
                    bond,
                )
            balance = self.client.balance(self.address)
            if balance < bond:
                raise AllowanceTooLow(
                    f"balance {rupiah(balance)} is below the {rupiah(bond)} bond", balance, bond
                )

    def _check_reveal(self, tender_id: int, bidder: str, price_idr: int, salt: bytes) -> None:
        org_id = self._check_participant(Role.SUPPLIER)
        functions = self.client.tendering.functions
        t = self.client.tender_record(tender_id)
        check_tender_status(tender_id, t, TenderStatus.OPEN)
        self._check_opened(t.bid_deadline_at, f"bids of tender {tender_id} can be revealed")
        self._check_before(t.reveal_deadline_at, f"revealing in tender {tender_id}")
        b = self.client.bid_record(tender_id, bidder)
        state = b.state
        if state != BidState.COMMITTED:
            raise WrongState(
                f"the bid of {bidder} in tender {tender_id} is {state.name}, not COMMITTED", state
            )
        if b.supplier_org_id != org_id:
            raise NotAuthorized(
                f"{bidder} now acts for organisation {org_id}, "
                f"the bid was made for {b.supplier_org_id}",
                bidder,
                Role.SUPPLIER.value,
            )
        commitment = self.client.call(functions.commitmentOf(tender_id, bidder, price_idr, salt))
        if commitment != b.commitment:
            raise InvalidParameters(
                f"price and salt do not match the commitment of {bidder} in tender {tender_id}"
            )

"""The arbiter's view: rulings on disputed orders."""

from py_client.document_inputs import DocumentInput
from py_client.errors import InvalidParameters, NotAuthorized, WrongState
from py_client.formatting import rupiah
from py_client.inputs import checked_address
from py_client.models import ObjectionState, Role
from py_client.receipts import TxResult
from py_client.roles.base import RoleView, amount


class ArbiterView(RoleView):
    """Actions of an arbiter (ARBITER role).

    Example::

        >>> held = client.order(2).held_idr  # doctest: +SKIP
        >>> client.arbiter.resolve_dispute(2, to_supplier_idr=held // 2,
        ...                                ruling="putusan.pdf")  # doctest: +SKIP
    """

    role = Role.ARBITER

    def rule_objection(
        self,
        tender_id: int,
        objector: str,
        upheld: bool,
        ruling: DocumentInput | None = None,
    ) -> TxResult:
        """Rule on a pending objection (*sanggah*) to a tender's award.

        Upheld: the objection bond and the awardee's bond are refunded and the award moves to
        the next eligible bidder (``AwardMoved``, red flag RN04) or the tender fails. Rejected:
        the objection bond goes to the treasury. Emits ``ObjectionRuled``.
        """
        objector = checked_address(objector)
        if self.checking:
            self._check_participant(Role.ARBITER)
            bid = self.client.bid(tender_id, objector)
            if bid.objection != ObjectionState.PENDING:
                raise WrongState(f"{objector} has no objection pending in tender {tender_id}")
        ruling_hash = self._record(ruling, "ruling", tender_id=tender_id)
        fn = self.client.tendering.functions.ruleObjection(
            tender_id, objector, bool(upheld), ruling_hash
        )
        return self._send(fn)

    def resolve_dispute(
        self,
        order_id: int,
        to_supplier_idr: int,
        to_agency_idr: int | None = None,
        ruling: DocumentInput | None = None,
    ) -> TxResult:
        """Split everything the disputed order holds between supplier and agency.

        Args:
            order_id: An order with an open dispute.
            to_supplier_idr: Paid to the supplier.
            to_agency_idr: Refunded to the agency; the rest of what is held when omitted.
            ruling: The ruling document; ``Confidential(path)`` stores it encrypted to the
                order's parties, the arbiter and every AUDITOR first.

        Emits ``DisputeResolved`` (the order is Closed) and ``BudgetReleased`` for the agency's
        share.
        """
        to_supplier_idr = amount(to_supplier_idr, "supplier share")
        order = None
        if to_agency_idr is None:
            order = self.client.order(order_id)
            to_agency_idr = max(order.held_idr - to_supplier_idr, 0)
        to_agency_idr = amount(to_agency_idr, "agency share")
        if self.checking:
            arbiter_org = self._check_participant(Role.ARBITER)
            order = order or self.client.order(order_id)
            if not order.disputed:
                raise WrongState(f"order {order_id} has no open dispute", order.state)
            supplier_org = int(
                self.client.call(self.client.registry.functions.orgOf(order.supplier))
            )
            if arbiter_org in (order.agency_org_id, supplier_org):
                raise NotAuthorized(
                    f"{self.address} acts for organisation {arbiter_org}, a party to order "
                    f"{order_id}: a conflicted arbiter cannot rule",
                    self.address,
                    Role.ARBITER.value,
                )
            window = self.client.dispute_window(order_id)
            if not window.responded and window.respond_by is not None:
                self._check_opened(
                    int(window.respond_by.timestamp()),
                    f"a ruling on order {order_id} (after the other party's response window)",
                )
            if to_supplier_idr + to_agency_idr != order.held_idr:
                raise InvalidParameters(
                    f"the ruling splits {rupiah(to_supplier_idr + to_agency_idr)}, the order holds "
                    f"{rupiah(order.held_idr)}"
                )
        fn = self.client.escrow.functions.resolveDispute(
            order_id,
            to_supplier_idr,
            to_agency_idr,
            self._record(ruling, "ruling", order_id=order_id),
        )
        return self._send(fn)

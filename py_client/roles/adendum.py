"""The adendum of an order (issue 13 item 4), signed alike by the agency and the supplier.

The first signature proposes the terms, the other party's identical call applies them. The
checks before sending mirror ``OrderAdendum.signAdendum``: an active undisputed order of the
signer, one quantity per line (goods not below what was delivered, milestones kept at 1 and due
by the new deadline), a deadline in the future, some change, the cap over the original total and,
when the call applies an increase, the signing agency account's allowance and balance and the
budget room.
"""

from typing import TYPE_CHECKING

from eth_utils.crypto import keccak

from py_client.document_inputs import DocumentInput
from py_client.errors import (
    AllowanceTooLow,
    BudgetExceeded,
    InvalidInput,
    InvalidParameters,
)
from py_client.formatting import rupiah
from py_client.limits import UINT64_MAX
from py_client.models import OrderState, Role
from py_client.receipts import TxResult
from py_client.roles.base import OrderParty, Timestamp, unix

if TYPE_CHECKING:
    from web3.contract.contract import ContractFunction

    from py_client.models import Line
    from py_client.roles.base import RoleView

_BPS = 10_000


def checked_quantities(quantities: list[int]) -> list[int]:
    """Quantities as uint64 values, one per order line.

    Raises:
        InvalidInput: A value is not a whole number in 0..2^64-1, or the list is empty.
    """
    if not quantities:
        raise InvalidInput("an adendum needs one quantity per order line")
    for index, value in enumerate(quantities):
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= UINT64_MAX:
            raise InvalidInput(f"quantity of line {index} must be a whole number: {value!r}")
    return list(quantities)


def sign_adendum(
    view: "RoleView",
    order_id: int,
    quantities: list[int],
    delivery_deadline: Timestamp,
    reason: DocumentInput | None,
    *,
    as_supplier: bool,
) -> TxResult:
    """Propose, or apply the other party's identical proposal (``AdendumProposed`` /
    ``AdendumSigned``). See :meth:`AgencyView.sign_adendum`."""
    wanted = checked_quantities(quantities)
    deadline = unix(delivery_deadline, "delivery deadline")
    if view.checking:
        new_total = _check_terms(view, order_id, wanted, deadline, as_supplier)
    reason_hash = view._record(reason, "reason", order_id=order_id)
    fn = view.client.escrow.functions.signAdendum(order_id, reason_hash, wanted, deadline)
    if view.checking:
        _check_application(view, order_id, fn, new_total, as_supplier)
    return view._send(fn)


def _check_terms(
    view: "RoleView", order_id: int, quantities: list[int], deadline: int, as_supplier: bool
) -> int:
    """Checks the terms as the contract will; returns the new total."""
    o = view._order_state(order_id, [OrderState.ACTIVE])
    view._check_order_party(order_id, o, as_supplier)
    if deadline <= view._pending_time():
        raise InvalidParameters(f"the new delivery deadline must be in the future: {deadline}")
    lines = view.client.lines(order_id)
    if len(quantities) != len(lines):
        raise InvalidParameters(
            f"order {order_id} has {len(lines)} lines: give {len(lines)} quantities, "
            f"not {len(quantities)}"
        )
    for line, quantity in zip(lines, quantities, strict=True):
        _check_line(line, quantity, deadline)
    changed = deadline != o.delivery_deadline_at or any(
        q != line.quantity for line, q in zip(lines, quantities, strict=True)
    )
    if not changed:
        raise InvalidParameters(f"the adendum changes nothing of order {order_id}")
    new_total = sum(q * line.unit_price_idr for line, q in zip(lines, quantities, strict=True))
    state = view.client.adendum_state(order_id)
    base = state.original_total_idr or o.total_idr
    cap = base + base * view.client.policy().adendum_cap_bps // _BPS
    if new_total > cap:
        raise InvalidParameters(
            f"the adendum would raise order {order_id} to {rupiah(new_total)}, above the cap "
            f"{rupiah(cap)} (original total {rupiah(base)} + adendumCapBps)"
        )
    return new_total


def _check_line(line: "Line", quantity: int, deadline: int) -> None:
    if line.due_at is None:
        if quantity < line.delivered_quantity:
            raise InvalidParameters(
                f"line {line.index}: {quantity} is below the {line.delivered_quantity} delivered"
            )
    elif quantity != 1 or int(line.due_at.timestamp()) > deadline:
        raise InvalidParameters(
            f"line {line.index} is a milestone: quantity 1, due by the new deadline"
        )


def _check_application(
    view: "RoleView", order_id: int, fn: "ContractFunction", new_total: int, as_supplier: bool
) -> None:
    """When this call applies the other party's proposal and raises the total: the signing
    agency account's allowance and balance, and the agency's budget room."""
    state = view.client.adendum_state(order_id)
    order = view.client.order(order_id)
    calldata = bytes.fromhex(fn._encode_transaction_data().removeprefix("0x"))
    proposer = state.proposer
    added = new_total - order.total_idr
    if (
        proposer is None
        or state.pending_hash != keccak(calldata)
        or (proposer == order.supplier) == as_supplier
        or added <= 0
    ):
        return  # a proposal, or an application that pulls nothing
    payer = proposer if as_supplier else view.address
    token = view.client.token.functions
    allowance = int(view.client.call(token.allowance(payer, view.client.escrow.address)))
    balance = view.client.balance(payer)
    if min(allowance, balance) < added:
        raise AllowanceTooLow(
            f"the adendum pulls {rupiah(added)} from {payer}: allowance {rupiah(allowance)}, "
            f"balance {rupiah(balance)}",
            min(allowance, balance),
            added,
        )
    available = view.client.budget(order.agency_org_id, order.fiscal_year).available_idr
    if added > available:
        raise BudgetExceeded(order.agency_org_id, order.fiscal_year, added, available)


class AdendumParty(OrderParty):
    """An order party that signs adendums (:class:`~py_client.roles.agency.AgencyView`,
    :class:`~py_client.roles.supplier.SupplierView`)."""

    def sign_adendum(
        self,
        order_id: int,
        quantities: list[int],
        delivery_deadline: Timestamp,
        reason: DocumentInput | None = None,
    ) -> TxResult:
        """Sign an *adendum* of active order ``order_id`` as its agency or its supplier (issue
        13 item 4): new ``quantities``
        (one per line, at the contracted unit prices) and ``delivery_deadline``, for the reason
        document ``reason``. The first party's signature proposes (``AdendumProposed``); the
        other party's signature of the very same terms applies them (``AdendumSigned``, a red
        flag): an increase is pulled from the signing agency account (approve it first with
        :meth:`approve_escrow`) and committed against the budget, a decrease is refunded to the
        agency organisation's payout account. The total may exceed the original total by at most
        the policy's ``adendum_cap_bps``, counted over every adendum. An increase the supplier
        applies is pulled from the agency account that proposed it.

        Raises:
            InvalidParameters: Wrong number of quantities, a line below what was delivered, a
                milestone changed, nothing changed, or the cap exceeded.
            WrongState: The order is not Active or has an open dispute.
            AllowanceTooLow, BudgetExceeded: When this signature applies an increase.
        """
        as_supplier = self.role == Role.SUPPLIER
        return sign_adendum(
            self, order_id, quantities, delivery_deadline, reason, as_supplier=as_supplier
        )

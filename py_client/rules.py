"""The preconditions the contracts enforce, as pure functions on the read records.

One home for the checks that the role views (:mod:`py_client.roles`, before sending one
transaction) and the bulk operations (:mod:`py_client.bulk.operations`, for a whole file) both
make. A check takes what was read (the records of :mod:`py_client.models`, the policy, times in
unix seconds) and raises the :class:`~py_client.errors.PreflightError` the role views raise, with
the same one-line message; the bulk engine turns the message into the row's verdict. The
helpers that return values (totals, periods) carry the arithmetic both callers share. Nothing
here reads the chain.

Example::

    >>> from py_client.models import OrderState
    >>> lines = [(b"i" * 32, 2, 500, b"unit", b"", 0), (b"j" * 32, 1, 1_000, b"unit", b"", 0)]
    >>> lines_total_idr(lines)
    2000
    >>> check_received([1, 0], shipped=[2, 0], remaining=[2, 1], milestone=[False, False])
    >>> check_received([3, 0], shipped=[2, 0], remaining=[2, 1], milestone=[False, False])
    Traceback (most recent call last):
    ...
    py_client.errors.InvalidParameters: line 0: received 3 but 2 shipped
"""

from collections.abc import Sequence
from typing import Any

from py_client.errors import AllowanceTooLow, InvalidParameters, WrongState
from py_client.formatting import rupiah, wib
from py_client.hashing import items_hash
from py_client.limits import (
    MAX_ITEMS,
    MAX_MAINTENANCE_PERIOD_SEC,
    MIN_REVEAL_PERIOD_SEC,
    UINT64_MAX,
    UINT128_MAX,
)
from py_client.models import (
    AwardRecord,
    OrderRecord,
    OrderState,
    Policy,
    ShipmentStatus,
    TenderRecord,
    TenderStatus,
)


def check_tender_status(tender_id: int, tender: TenderRecord, expected: TenderStatus) -> None:
    """The tender is in ``expected`` status.

    Raises:
        WrongState: ``tender {id} is {status}, not {expected}``.
    """
    if tender.status != expected:
        raise WrongState(
            f"tender {tender_id} is {tender.status.name}, not {expected.name}", tender.status
        )


def check_order_state(
    order_id: int, order: OrderRecord, allowed: Sequence[OrderState], undisputed: bool = True
) -> None:
    """The order is in one of ``allowed`` and, when ``undisputed``, has no open dispute.

    Raises:
        WrongState: ``order {id} is {state}, not {allowed}`` or ``order {id} has an open
            dispute``.
    """
    if order.state not in allowed:
        names = " or ".join(s.name for s in allowed)
        raise WrongState(f"order {order_id} is {order.state.name}, not {names}", order.state)
    if undisputed and order.disputed:
        raise WrongState(f"order {order_id} has an open dispute", order.state)


def tender_shift(tender: TenderRecord, paused_seconds: int) -> int:
    """Seconds the system spent paused since ``tender`` opened (``paused_seconds`` is the
    registry's running total): the tender's times are on the tender clock and move later in
    wall time by this much."""
    return paused_seconds - tender.pause_snapshot


def delivery_period(tender: TenderRecord, shift: int) -> tuple[int, int]:
    """The tender's delivery period in wall time (unix seconds): an order from the tender has
    its delivery deadline in it, ends included."""
    return tender.delivery_from_at + shift, tender.delivery_until_at + shift


def lines_total_idr(lines: Sequence[Sequence[Any]]) -> int:
    """The total of encoded order lines ``(item, quantity, unitPrice, unit, origin, due)``."""
    return sum(int(quantity) * int(price) for _, quantity, price, *_ in lines)


def lines_carry_items(lines: Sequence[Sequence[Any]], tender: TenderRecord) -> bool:
    """Whether encoded order lines carry the tender's items (item hash, quantity and unit of
    each, in order): the order is the award."""
    items = [(item, quantity, unit) for item, quantity, _, unit, *_ in lines]
    return items_hash(items) == tender.items_hash


def check_not_ordered(tender_id: int, award: AwardRecord) -> None:
    """The award of the tender has no order yet.

    Raises:
        WrongState: ``tender {id} was already ordered (order {order})``.
    """
    if award.order_id:
        raise WrongState(f"tender {tender_id} was already ordered (order {award.order_id})")


def check_award_terms(
    tender_id: int,
    tender: TenderRecord,
    award: AwardRecord,
    lines: Sequence[Sequence[Any]],
    deadline: int,
    shift: int,
) -> None:
    """The order is the award: encoded ``lines`` add up to the awarded price and carry the
    tender's items, and the delivery ``deadline`` lies in the tender's delivery period
    (``shift``: :func:`tender_shift`).

    Raises:
        InvalidParameters: The first of total, items, delivery period that is not the award's.
    """
    total = lines_total_idr(lines)
    if total != award.price_idr:
        raise InvalidParameters(
            f"the lines add up to {rupiah(total)}, the award of tender {tender_id} is "
            f"{rupiah(award.price_idr)}"
        )
    if not lines_carry_items(lines, tender):
        raise InvalidParameters(
            f"the lines do not carry the items of tender {tender_id} (item hash, quantity and "
            "unit of each item, in order): the order is the award"
        )
    from_at, until_at = delivery_period(tender, shift)
    if not from_at <= deadline <= until_at:
        raise InvalidParameters(
            f"the delivery deadline ({wib(deadline)}) is outside the delivery period of "
            f"tender {tender_id} ({wib(from_at)} to {wib(until_at)})"
        )


def check_tender_terms(quantities: Sequence[int], hps_idr: int, bond_idr: int) -> None:
    """A tender's items (their ``quantities``) and amounts as ``Tendering.openTender`` takes
    them.

    Raises:
        InvalidParameters: The first that is not: 1 to ``MAX_ITEMS`` items, each of a positive
            quantity, an HPS and bond that fit 128 bits, the HPS positive.
    """
    if not 0 < len(quantities) <= MAX_ITEMS:
        raise InvalidParameters(f"a tender needs 1 to {MAX_ITEMS} items")
    for index, quantity in enumerate(quantities):
        if quantity == 0:
            raise InvalidParameters(f"item {index} has quantity 0")
    if not 0 < hps_idr <= UINT128_MAX:
        raise InvalidParameters("the HPS must be positive and fit 128 bits")
    if bond_idr > UINT128_MAX:
        raise InvalidParameters("the bond must fit 128 bits")


def check_tender_times(times: tuple[int, int, int, int]) -> None:
    """A tender's bid and reveal deadlines and delivery period (from, until), unix seconds.

    Raises:
        InvalidParameters: The reveal deadline is less than an hour after the bid deadline, or
            the delivery period is empty or does not end after the reveal deadline.
    """
    bid_at, reveal_at, from_at, until_at = times
    if reveal_at < bid_at + MIN_REVEAL_PERIOD_SEC:
        raise InvalidParameters("the reveal deadline must be at least 1 hour after bidding")
    if from_at > until_at or until_at <= reveal_at:
        raise InvalidParameters(
            "the delivery period must not be empty and must end after the reveal deadline"
        )


def check_min_bond(policy: Policy, hps_idr: int, bond_idr: int) -> None:
    """A tender's bid bond is at least the policy's minimum for its HPS.

    Raises:
        InvalidParameters: The bond is below it.
    """
    minimum = policy.min_bond_idr(hps_idr)
    if bond_idr < minimum:
        raise InvalidParameters(
            f"the bid bond {rupiah(bond_idr)} is below the minimum {rupiah(minimum)} "
            f"({policy.min_bond_per_mille} per mille of the HPS, rounded up)"
        )


def check_order_funds(allowance_idr: int, balance_idr: int, total_idr: int) -> None:
    """The agency approved the escrow for, and holds, an order's total (what accepting the
    order pulls).

    Raises:
        AllowanceTooLow: The allowance, else the balance, is below the total.
    """
    if allowance_idr < total_idr:
        raise AllowanceTooLow(
            f"the agency approved {rupiah(allowance_idr)} of the {rupiah(total_idr)} order "
            "total (it must run approve_escrow first)",
            allowance_idr,
            total_idr,
        )
    if balance_idr < total_idr:
        raise AllowanceTooLow(
            f"the agency holds {rupiah(balance_idr)}, less than the {rupiah(total_idr)} order "
            "total",
            balance_idr,
            total_idr,
        )


def check_unconfirmed(shipment_id: int, confirmed: bool) -> None:
    """The delivery of the shipment was not confirmed yet.

    Raises:
        WrongState: ``shipment {id} was already confirmed``.
    """
    if confirmed:
        raise WrongState(f"shipment {shipment_id} was already confirmed")


def check_arrived(shipment_id: int, status: ShipmentStatus, confirmed: bool) -> None:
    """The shipment arrived and its delivery was not confirmed yet (what confirming it, or
    acting on an unconfirmed arrival, needs).

    Raises:
        WrongState: ``shipment {id} has not arrived ({status})``, or not
            :func:`check_unconfirmed`.
    """
    if status != ShipmentStatus.ARRIVED:
        raise WrongState(f"shipment {shipment_id} has not arrived ({status.name})", status)
    check_unconfirmed(shipment_id, confirmed)


def check_maintenance_period(seconds: int) -> None:
    """An order's maintenance period (retention held after delivery) is at most 10 years.

    Raises:
        InvalidParameters: It is longer.
    """
    if seconds > MAX_MAINTENANCE_PERIOD_SEC:
        raise InvalidParameters("the maintenance period is longer than 10 years")


def check_shipped_quantities(quantities: Sequence[int]) -> None:
    """The quantities of a shipment fit 64 bits and ship something.

    Raises:
        InvalidParameters: A quantity is too large, or every quantity is 0.
    """
    if any(q > UINT64_MAX for q in quantities):
        raise InvalidParameters("a quantity does not fit 64 bits")
    if not any(quantities):
        raise InvalidParameters("every quantity is 0: nothing would be shipped")


def check_received(
    received: Sequence[int],
    shipped: Sequence[int],
    remaining: Sequence[int],
    milestone: Sequence[bool],
) -> None:
    """A delivery confirmation receives, per order line, no more than was shipped and no more
    than remains to be delivered, and nothing of a milestone line (``remaining`` and
    ``milestone`` have one entry per order line).

    Raises:
        InvalidParameters: The first line that breaks it, or a wrong number of quantities.
    """
    if len(received) != len(remaining):
        raise InvalidParameters(
            f"{len(received)} received quantities for {len(remaining)} order lines"
        )
    for index, (got, sent) in enumerate(zip(received, shipped, strict=False)):
        if got == 0:
            continue
        if milestone[index]:
            raise InvalidParameters(
                f"line {index} is a milestone: confirm it with confirm_milestone"
            )
        if got > sent:
            raise InvalidParameters(f"line {index}: received {got} but {sent} shipped")
        if got > remaining[index]:
            raise InvalidParameters(
                f"line {index}: received {got} but only {remaining[index]} remain"
            )


__all__ = [
    "check_arrived",
    "check_award_terms",
    "check_maintenance_period",
    "check_min_bond",
    "check_not_ordered",
    "check_order_funds",
    "check_order_state",
    "check_received",
    "check_shipped_quantities",
    "check_tender_status",
    "check_tender_terms",
    "check_tender_times",
    "check_unconfirmed",
    "delivery_period",
    "lines_carry_items",
    "lines_total_idr",
    "tender_shift",
]

"""The ``deliveries`` bulk operation: :class:`Deliveries`."""

from collections.abc import Mapping, Sequence
from typing import Any

from py_client.bulk.operations.base import (
    DOCUMENT_COLUMNS,
    Env,
    Operation,
    Prepared,
    Reader,
    Verdict,
    as_record,
)
from py_client.bulk.operations.cells import _cell, _document
from py_client.bulk.operations.shared import _broken, _by_org
from py_client.bulk.rows import Row, RowError, whole_list
from py_client.errors import RantaiError
from py_client.inputs import parse_id
from py_client.models import (
    LineRecord,
    OrderRecord,
    OrderState,
    Role,
    ShipmentRecord,
)
from py_client.rules import check_arrived, check_order_state, check_received, check_unconfirmed

Lines = dict[tuple[int, int], LineRecord]
"""The lines of the orders concerned, by (order, line index), as read."""


class Deliveries(Operation):
    """Delivery confirmations (BAST) by the order's agency; a confirmed shipment is skipped."""

    name = "deliveries"
    title = "delivery confirmations (agency)"
    contract = "OrderEscrow"
    function = "confirmDelivery"
    role = Role.AGENCY
    columns = frozenset({"ref", "shipment", "received"}) | DOCUMENT_COLUMNS

    def prepare(self, rows: Sequence[Row], env: Env) -> tuple[list[Prepared], list[Verdict]]:
        seen: dict[int, str] = {}

        def parse(row: Row) -> tuple[Row, int, list[int] | None, bytes]:
            shipment_id = int(_cell(parse_id, row, "shipment"))
            if shipment_id in seen:
                raise RowError(f"shipment {shipment_id} is also confirmed by {seen[shipment_id]}")
            received = whole_list(row, "received") if row.has("received") else None
            bast = _document(row, env, True, "handover document (BAST)")
            seen[shipment_id] = row.label
            return row, shipment_id, received, bast

        parsed, agencies, verdicts = self._parse_and_sign(rows, env, Role.AGENCY, parse)
        if not parsed:
            return [], verdicts
        ids = [shipment_id for _, shipment_id, *_ in parsed]
        found, shipped, confirmed = env.reader.per_key(
            ids,
            ShipmentRecord.ABI,
            ("ShipmentTracking", "shippedQuantities"),
            ("OrderEscrow", "isShipmentConfirmed"),
        )
        shipments = [as_record(ShipmentRecord, r) for r in found]
        orders, remaining, milestone = _orders_and_lines(env.reader, shipments)
        by_org = _by_org(agencies)
        prepared: list[Prepared] = []
        for index, (row, shipment_id, received, bast) in enumerate(parsed):
            shipment = shipments[index]
            if isinstance(shipment, RantaiError):
                verdicts.append(Verdict(row, "invalid", f"shipment {shipment_id} does not exist"))
                continue
            done = _broken(check_unconfirmed, shipment_id, confirmed[index] is True)
            if done is not None:
                verdicts.append(Verdict(row, "skipped", done))
                continue
            order_id = shipment.order_id
            order = orders[order_id]
            sent = [int(q) for q in shipped[index]]
            got = sent if received is None else received
            problem = _problem(shipment_id, shipment, order_id, order, by_org)
            if problem is None:
                problem = _received_problem(got, sent, remaining[order_id], milestone[order_id])
            if problem is not None or isinstance(order, RantaiError):
                verdicts.append(Verdict(row, "invalid", str(problem)))
                continue
            left = remaining[order_id]
            for line, q in enumerate(got):
                left[line] -= q
            signer, *_ = by_org[order.agency_org_id]
            shape = (len(got), not any(left[: len(got)]))
            prepared.append(self._prepared(row, signer, env, (shipment_id, got, bast), shape))
        return prepared, verdicts


def _orders_and_lines(
    reader: Reader, shipments: Sequence[ShipmentRecord | RantaiError]
) -> tuple[dict[int, OrderRecord | RantaiError], dict[int, list[int]], dict[int, list[bool]]]:
    """The orders of ``shipments`` and, per order, what remains of each line and which lines
    are milestones."""
    order_ids = sorted({s.order_id for s in shipments if not isinstance(s, RantaiError)})
    orders = dict(
        zip(order_ids, reader.records(OrderRecord, [[o] for o in order_ids]), strict=True)
    )
    keys = [
        (o, i)
        for o in order_ids
        for order in (orders[o],)
        if not isinstance(order, RantaiError)
        for i in range(order.line_count)
    ]
    remaining: dict[int, list[int]] = {o: [] for o in order_ids}
    milestone: dict[int, list[bool]] = {o: [] for o in order_ids}
    for (o, _), line in zip(keys, reader.records(LineRecord, keys), strict=True):
        if isinstance(line, RantaiError):
            raise line
        remaining[o].append(line.remaining_quantity)
        milestone[o].append(line.terms.due_at != 0)
    return orders, remaining, milestone


def _problem(
    shipment_id: int,
    shipment: ShipmentRecord,
    order_id: int,
    order: OrderRecord | RantaiError,
    by_org: Mapping[int, Any],
) -> str | None:
    """Why the arrival of ``shipment`` cannot be confirmed by a signer."""
    problem = _broken(check_arrived, shipment_id, shipment.status, False)
    if problem is not None:
        return problem
    if isinstance(order, RantaiError):
        return f"order {order_id} cannot be read: {order}"
    problem = _broken(check_order_state, order_id, order, [OrderState.ACTIVE])
    if problem is not None:
        return problem
    if order.agency_org_id not in by_org:
        return (
            f"no signer acts for organisation {order.agency_org_id}, the agency of order {order_id}"
        )
    return None


def _received_problem(
    got: Sequence[int], sent: Sequence[int], remaining: Sequence[int], milestone: Sequence[bool]
) -> str | None:
    """Why the received quantities cannot be confirmed (the checks of the role view)."""
    if len(got) != len(sent):
        return f"{len(got)} received quantities for {len(sent)} order lines"
    return _broken(check_received, got, sent, remaining, milestone)

"""The ``shipments`` bulk operation: :class:`Shipments`."""

from collections.abc import Mapping, Sequence
from typing import Any

from py_client.bulk.operations.base import (
    Env,
    Operation,
    Prepared,
    Verdict,
    _role_problem,
    as_record,
)
from py_client.bulk.operations.cells import _address, _ascii, _cell, _future
from py_client.bulk.operations.shared import References, _broken, row_ref
from py_client.bulk.rows import Row, RowError, text, whole_list
from py_client.errors import InvalidParameters, RantaiError
from py_client.inputs import parse_id
from py_client.limits import MAX_SHIPMENTS_PER_ORDER
from py_client.models import OrderRecord, OrderState, Role
from py_client.rules import check_order_state, check_shipped_quantities

Parsed = tuple[Row, int, list[int], str, int, tuple[bytes, bytes, bytes], bytes]
"""A parsed row: (row, order, quantities, carrier, expected arrival, origin, ref)."""


class Shipments(Operation):
    """Shipment registrations by the order's supplier."""

    name = "shipments"
    title = "shipment registrations (supplier)"
    contract = "ShipmentTracking"
    function = "registerShipment"
    role = Role.SUPPLIER
    columns = frozenset(
        {
            "ref",
            "order",
            "quantities",
            "carrier",
            "expectedArrival",
            "country",
            "region",
            "producerGln",
        }
    )
    created = ("ShipmentTracking", "ShipmentRegistered", "shipment_id")

    def prepare(self, rows: Sequence[Row], env: Env) -> tuple[list[Prepared], list[Verdict]]:
        parsed, suppliers, verdicts = self._parse_and_sign(
            rows, env, Role.SUPPLIER, lambda row: self._parse(row, env)
        )
        if not parsed:
            return [], verdicts
        order_ids = sorted({order_id for _, order_id, *_ in parsed})
        found, registered = env.reader.per_key(
            order_ids, OrderRecord.ABI, ("ShipmentTracking", "shipmentsOfOrder")
        )
        orders = {o: as_record(OrderRecord, r) for o, r in zip(order_ids, found, strict=True)}
        slots = {
            o: (MAX_SHIPMENTS_PER_ORDER - len(s) if not isinstance(s, RantaiError) else 0)
            for o, s in zip(order_ids, registered, strict=True)
        }
        carriers = env.participants(sorted({c for _, _, _, c, *_ in parsed}), Role.CARRIER)

        def supplier_org(order_id: int) -> int | None:
            order = orders[order_id]
            return None if isinstance(order, RantaiError) else suppliers.get(order.supplier)

        refs = References(env, "shipmentOfRef", parsed, supplier_org, "registered", "shipment")
        prepared: list[Prepared] = []
        for row, order_id, quantities, carrier, arrival, origin, ref in refs.fresh(
            parsed, verdicts
        ):
            order = orders[order_id]
            problem = _problem(order_id, order, quantities, suppliers, carrier, carriers[carrier])
            if problem is None and slots[order_id] <= 0:
                problem = (
                    f"order {order_id} would have more than {MAX_SHIPMENTS_PER_ORDER} shipments"
                )
            if problem is not None or isinstance(order, RantaiError):
                verdicts.append(Verdict(row, "invalid", str(problem)))
                continue
            slots[order_id] -= 1
            refs.take(row, ref)
            args = (order_id, quantities, origin, carrier, arrival, ref)
            prepared.append(self._prepared(row, order.supplier, env, args, len(quantities)))
        return prepared, verdicts

    def _parse(self, row: Row, env: Env) -> Parsed:
        ref = row_ref(row, self.name)
        origin = (
            _ascii(text(row, "country", ""), 2, "country"),
            _ascii(text(row, "region", ""), 32, "region"),
            _ascii(text(row, "producerGln", ""), 32, "producerGln"),
        )
        quantities = whole_list(row, "quantities")
        try:
            check_shipped_quantities(quantities)
        except InvalidParameters as err:
            raise RowError(str(err)) from None
        return (
            row,
            int(_cell(parse_id, row, "order")),
            quantities,
            _cell(_address, row, "carrier"),
            _future(row, "expectedArrival", env.now),
            origin,
            ref,
        )


def _problem(
    order_id: int,
    order: OrderRecord | RantaiError,
    quantities: Sequence[int],
    suppliers: Mapping[str, int],
    carrier: str,
    carrier_check: Any,
) -> str | None:
    """Why a shipment of ``order`` cannot be registered by a signer (``carrier_check``: the
    carrier's ``checkParticipant`` result)."""
    if isinstance(order, RantaiError):
        return f"order {order_id} does not exist"
    if order.supplier not in suppliers:
        return f"order {order_id} is supplied by {order.supplier}, not by a signer"
    problem = _broken(check_order_state, order_id, order, [OrderState.ACTIVE])
    if problem is not None:
        return problem
    if len(quantities) != order.line_count:
        return f"{len(quantities)} quantities for the {order.line_count} lines of order {order_id}"
    if isinstance(carrier_check, RantaiError):
        return f"carrier {carrier} is not an active carrier: {_role_problem(carrier_check)}"
    return None

"""The ``acceptances`` bulk operation: :class:`Acceptances`."""

from collections.abc import Sequence

from py_client.bulk.operations.base import DOCUMENT_COLUMNS, Env, Operation, Prepared, Verdict
from py_client.bulk.operations.cells import _cell, _document
from py_client.bulk.operations.shared import _broken
from py_client.bulk.rows import Row, RowError
from py_client.errors import RantaiError
from py_client.inputs import parse_id
from py_client.models import OrderRecord, OrderState, Role
from py_client.rules import check_order_funds


class Acceptances(Operation):
    """Order acceptances by the supplier; an order already accepted is skipped."""

    name = "accept"
    title = "order acceptances (supplier)"
    contract = "OrderEscrow"
    function = "acceptOrder"
    role = Role.SUPPLIER
    columns = frozenset({"ref", "order"}) | DOCUMENT_COLUMNS

    def prepare(self, rows: Sequence[Row], env: Env) -> tuple[list[Prepared], list[Verdict]]:
        seen: dict[int, str] = {}

        def parse(row: Row) -> tuple[Row, int, bytes]:
            order_id = int(_cell(parse_id, row, "order"))
            if order_id in seen:
                raise RowError(f"order {order_id} is also accepted by {seen[order_id]}")
            contract_hash = _document(row, env, True, "signed contract")
            seen[order_id] = row.label
            return row, order_id, contract_hash

        parsed, suppliers, verdicts = self._parse_and_sign(rows, env, Role.SUPPLIER, parse)
        if not parsed:
            return [], verdicts
        reader = env.reader
        orders = reader.records(OrderRecord, [[order_id] for _, order_id, _ in parsed])
        agencies = sorted(
            {
                o.agency
                for o in orders
                if not isinstance(o, RantaiError) and o.state == OrderState.CREATED
            }
        )
        escrow = env.addresses["OrderEscrow"]
        funds = reader.many(
            [("RupiahToken", "allowance", (a, escrow)) for a in agencies]
            + [("RupiahToken", "balanceOf", (a,)) for a in agencies]
        )
        allowance = dict(zip(agencies, funds[: len(agencies)], strict=True))
        balance = dict(zip(agencies, funds[len(agencies) :], strict=True))
        prepared: list[Prepared] = []
        for (row, order_id, contract_hash), order in zip(parsed, orders, strict=True):
            if isinstance(order, RantaiError):
                verdicts.append(Verdict(row, "invalid", f"order {order_id} does not exist"))
                continue
            state, supplier, agency, total = (
                order.state,
                order.supplier,
                order.agency,
                order.total_idr,
            )
            problem = None
            if supplier not in suppliers:
                problem = f"order {order_id} is supplied by {supplier}, not by a signer"
            elif state == OrderState.CANCELLED:
                problem = f"order {order_id} was cancelled"
            elif state != OrderState.CREATED:
                verdicts.append(
                    Verdict(row, "skipped", f"order {order_id} is already accepted ({state.name})")
                )
                continue
            else:
                have = int(allowance[agency]), int(balance[agency])  # after the rows before
                problem = _broken(check_order_funds, *have, total)
            if problem:
                verdicts.append(Verdict(row, "invalid", problem))
                continue
            allowance[agency] = int(allowance[agency]) - total
            balance[agency] = int(balance[agency]) - total
            shape = "tender" if order.tender_id else "direct"
            prepared.append(self._prepared(row, supplier, env, (order_id, contract_hash), shape))
        return prepared, verdicts

"""The ``direct_orders`` bulk operation: :class:`DirectOrders`."""

from collections.abc import Sequence
from typing import Any

from py_client.bulk.operations.base import (
    LINE_COLUMNS,
    Env,
    Operation,
    Prepared,
    Verdict,
    _role_problem,
)
from py_client.bulk.operations.cells import _address, _cell, _future, _order_terms, _year
from py_client.bulk.operations.shared import (
    _budget_problem,
    _budgets_left,
    _idr,
    _policy,
    _referenced,
)
from py_client.bulk.rows import Row
from py_client.errors import RantaiError
from py_client.models import Role
from py_client.rules import lines_total_idr


class DirectOrders(Operation):
    """Direct-purchase orders: one order per row (``lines`` in JSON for several lines)."""

    name = "orders"
    title = "direct-purchase orders (agency)"
    contract = "OrderEscrow"
    function = "createDirectOrder"
    role = Role.AGENCY
    columns = frozenset(
        {"ref", "supplier", "fiscalYear", "deliveryDeadline", "maintenance", "lines"} | LINE_COLUMNS
    )
    created = ("OrderEscrow", "OrderCreated", "order_id")

    def prepare(self, rows: Sequence[Row], env: Env) -> tuple[list[Prepared], list[Verdict]]:
        parsed, agencies, verdicts = self._parse_and_sign(
            rows, env, Role.AGENCY, lambda row: (row, *self._parse(row, env))
        )
        parsed, refs = _referenced(env, agencies, parsed, verdicts)
        if not parsed:
            return [], verdicts
        suppliers = env.participants(sorted({s for _, s, *_ in parsed}), Role.SUPPLIER)
        policy, paused = _policy(env)
        ceiling = policy.direct_purchase_ceiling_idr
        left = _budgets_left(env, agencies, {year for _, _, year, *_ in parsed})
        signers = sorted(agencies)
        prepared: list[Prepared] = []
        turn = 0
        for row, supplier, year, lines, deadline, maintenance in parsed:
            total = lines_total_idr(lines)
            sender = signers[turn % len(signers)]
            key = (agencies[sender], year)
            problem = None
            if paused:
                problem = "the Rantai system is paused"
            elif isinstance(suppliers[supplier], RantaiError):
                why = _role_problem(suppliers[supplier])
                problem = f"supplier {supplier} is not an active supplier: {why}"
            elif total > ceiling:
                problem = (
                    f"the order total Rp {_idr(total)} exceeds the direct-purchase ceiling "
                    f"Rp {_idr(ceiling)}"
                )
            elif total > left.get(key, 0):
                problem = _budget_problem(key, total, left)
            if problem:
                verdicts.append(Verdict(row, "invalid", problem))
                continue
            left[key] -= total
            turn += 1
            args = (supplier, year, lines, deadline, maintenance, refs[row.number])
            prepared.append(self._prepared(row, sender, env, args, len(lines)))
        return prepared, verdicts

    def _parse(self, row: Row, env: Env) -> tuple[str, int, list[tuple[Any, ...]], int, int]:
        supplier = _cell(_address, row, "supplier")
        year = _year(row)
        deadline = _future(row, "deliveryDeadline", env.now)
        lines, maintenance = _order_terms(row, env, deadline)
        return supplier, year, lines, deadline, maintenance

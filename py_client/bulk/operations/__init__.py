"""The bulk operations: their columns, the parsing of a row, and the checks on chain.

Each operation turns rows into :class:`Prepared` transactions (signer, target, calldata) or
into :class:`Verdict` s: *invalid* (with the reason) or *skipped* (already done on chain).
The checks are those of the role views (``py_client.roles``), done for the whole file at once:
every distinct order, shipment, supplier, carrier and budget is read once, in JSON-RPC
batches, and rows are checked in file order against what the rows before them will use
(budget, allowance, remaining quantities, shipment slots, checkpoint times).

Operations (``rantai bulk <name>``), columns in ``docs/bulk.md``:

- ``tenders``: sealed-bid tenders (agency) — ``openTender``;
- ``orders``: direct-purchase orders (agency) — ``createDirectOrder``;
- ``tender-orders``: orders from awarded tenders (agency) — ``createOrderFromTender``; a tender
  already ordered is skipped;
- ``accept``: order acceptances (supplier) — ``acceptOrder``; an order already accepted is
  skipped;
- ``shipments``: shipment registrations (supplier) — ``registerShipment``;
- ``checkpoints``: checkpoints (custodian carrier) — ``recordCheckpoint``;
- ``deliveries``: delivery confirmations (agency) — ``confirmDelivery``; a shipment already
  confirmed is skipped.

With several signer keys, each row goes to the key allowed to act on it (the order's supplier,
the shipment's custodian, an account of the order's or award's agency); tenders and direct
orders are spread over the agency keys in turn. An operation reads its rows with
:meth:`Operation.read`; the SPSE/SiRUP imports (:mod:`py_client.interop.spse`) override it to
turn each package of their CSV into one row.

One module per operation (``direct_orders``, ``tender_orders``, ``tenders``, ``acceptances``,
``shipments``, ``checkpoints``, ``deliveries``) on a shared base (``base``: rows, verdicts, the
reader; ``cells``: the cell parsers; ``shared``: policy, budgets, references). The checks the
role views make too come from :mod:`py_client.rules`; what is read from the chain is decoded into
the records of :mod:`py_client.models`.
"""

from py_client.bulk.operations.acceptances import Acceptances
from py_client.bulk.operations.base import Env, Operation, Prepared, Reader, Verdict
from py_client.bulk.operations.checkpoints import Checkpoints
from py_client.bulk.operations.deliveries import Deliveries
from py_client.bulk.operations.direct_orders import DirectOrders
from py_client.bulk.operations.shared import order_reference, row_ref
from py_client.bulk.operations.shipments import Shipments
from py_client.bulk.operations.tender_orders import TenderOrders
from py_client.bulk.operations.tenders import OpenTenders
from py_client.errors import InvalidInput

OPERATIONS: dict[str, type[Operation]] = {
    op.name: op
    for op in (
        DirectOrders,
        Acceptances,
        Shipments,
        Checkpoints,
        Deliveries,
        OpenTenders,
        TenderOrders,
    )
}


def operation(name: str) -> Operation:
    """The operation called ``name``.

    Raises:
        InvalidInput: No such operation.
    """
    if name not in OPERATIONS:
        raise InvalidInput(f"unknown bulk operation {name!r} (one of: {', '.join(OPERATIONS)})")
    return OPERATIONS[name]()


__all__ = [
    "OPERATIONS",
    "Acceptances",
    "Checkpoints",
    "Deliveries",
    "DirectOrders",
    "Env",
    "OpenTenders",
    "Operation",
    "Prepared",
    "Reader",
    "Shipments",
    "TenderOrders",
    "Verdict",
    "operation",
    "order_reference",
    "row_ref",
]

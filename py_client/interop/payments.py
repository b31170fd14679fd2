"""Money movements for the treasury's systems: one CSV row per on-chain event that moves rupiah.

Every token movement the two contracts that hold money (``Tendering`` for bid bonds,
``OrderEscrow`` for orders) make is one row, in chain order (see :data:`KINDS`). Per row,
``escrowed_idr`` went *into* the contract (from the agency for an order, from the bidder for a
bond), ``paid_idr`` went *out* to the supplier (or bidder), ``to_agency_idr`` went *out* to the
agency; ``penalty_idr`` and ``retention_idr`` say how a delivery payment was reduced (the penalty
is part of ``to_agency_idr``; the retention stays in escrow until its release row). The sums of
those three columns therefore equal the rupiah ``Transfer`` events of the token into and out of
the two contracts, and the treasury (SPAN/SAKTI: SPP → SPM → SP2D) can reconcile them row by
row: the transaction hash and log index identify each row uniquely.

Cells that hold text from the chain or a user are escaped against spreadsheet formula injection
(:func:`csv_cell`).

Example::

    >>> from py_client.interop.index import open_index
    >>> db = open_index("rantai-audit.sqlite")  # doctest: +SKIP
    >>> rows = payment_rows(db)  # doctest: +SKIP
    >>> rows[0]["kind"]  # doctest: +SKIP
    'bond-deposit'
"""

import csv
import json
from collections.abc import Iterable, Sequence
from typing import IO, TypedDict

from py_client.audit.db import Database, Row
from py_client.formatting import csv_text
from py_client.interop.index import iso_time

# kind → what the row moves.
KINDS: dict[str, str] = {
    "bond-deposit": "a bidder's bid bond into Tendering (BidCommitted)",
    "bond-refund": "a bid bond back to its bidder (BondRefunded)",
    "bond-forfeit": "an unrevealed bid's bond to the agency (BondForfeited)",
    "escrow": "the order total from the agency into OrderEscrow (OrderAccepted)",
    "delivery": "a confirmed delivery or milestone: paid to the supplier, late penalty back to "
    "the agency, retention held (PaymentReleased)",
    "retention": "the retention held, released to the supplier (RetentionReleased)",
    "termination": "the undelivered value back to the agency (OrderTerminated)",
    "ruling": "an arbiter's split of the escrow: part to the supplier, the rest to the agency "
    "(DisputeResolved)",
    "adendum": "a signed adendum's value difference: an increase from the agency into "
    "OrderEscrow, a decrease back to the agency (AdendumSigned)",
}


class PaymentRow(TypedDict):
    """One money movement (the CSV's columns, in order)."""

    payment_id: str
    ocid: str
    order_id: int | None
    tender_id: int | None
    kind: str
    fiscal_year: int
    agency_org_id: int
    agency: str
    supplier_org_id: int
    supplier: str
    shipment_id: int | None
    line_index: int | None
    gross_idr: int
    penalty_idr: int
    retention_idr: int
    paid_idr: int
    to_agency_idr: int
    escrowed_idr: int
    tx_hash: str
    log_index: int
    block_number: int
    block_time: str


COLUMNS: tuple[str, ...] = tuple(PaymentRow.__annotations__)

_PAYMENTS = """
SELECT p.tx_hash, p.log_index, p.order_id, p.kind, p.supplier, p.paid_idr, p.penalty_idr,
       p.retention_idr, p.to_agency_idr, p.block_number, p.paid_at,
       o.ocid, o.tender_id, o.fiscal_year, o.agency_org_id, o.agency, o.supplier_org_id
FROM payments p JOIN orders o ON o.order_id = p.order_id
"""
_ORDER_EVENTS = """
SELECT e.tx_hash, e.log_index, e.event, e.args, e.block_number, b.timestamp,
       o.order_id, o.ocid, o.tender_id, o.fiscal_year, o.agency_org_id, o.agency, o.supplier,
       o.supplier_org_id
FROM events e JOIN orders o ON o.order_id = e.order_id
JOIN blocks b ON b.block_number = e.block_number
WHERE e.contract = 'OrderEscrow'
  AND e.event IN ('OrderAccepted', 'OrderTerminated', 'AdendumSigned')
"""
_BOND_EVENTS = """
SELECT e.tx_hash, e.log_index, e.event, e.args, e.block_number, b.timestamp,
       t.tender_id, t.ocid, t.fiscal_year, t.agency_org_id, t.agency, t.bond_idr
FROM events e JOIN tenders t ON t.tender_id = e.tender_id
JOIN blocks b ON b.block_number = e.block_number
WHERE e.contract = 'Tendering' AND e.event IN ('BidCommitted', 'BondRefunded', 'BondForfeited')
"""


def payment_rows(db: Database, ocids: Sequence[str] | None = None) -> list[PaymentRow]:
    """Every money movement in the index (of the processes ``ocids`` when given), in chain order.

    ``gross_idr`` is what the row settles: for a delivery the delivered value (paid + penalty +
    retention), for a ruling the escrowed amount it disposed of (to the supplier + to the
    agency), otherwise the amount moved.
    """
    only = _Only(ocids)
    rows = [*_payment_event_rows(db, only), *_order_rows(db, only), *_bond_rows(db, only)]
    rows.sort(key=lambda r: (r["block_number"], r["log_index"]))
    return rows


class _Only:
    """A filter of the queries to some processes (an API page), or none (a whole export)."""

    def __init__(self, ocids: Sequence[str] | None) -> None:
        self.ocids = list(ocids) if ocids is not None else None

    def where(self, column: str, glue: str) -> str:
        if self.ocids is None:
            return ""
        return f" {glue} {column} IN ({', '.join('?' for _ in self.ocids) or 'NULL'})"

    @property
    def params(self) -> list[str]:
        return self.ocids or []


def _payment_event_rows(db: Database, only: _Only) -> Iterable[PaymentRow]:
    confirmations: dict[str, list[tuple[int, int | None, int | None]]] = {}
    for d in db.query(
        "SELECT d.tx_hash, d.log_index, d.shipment_id, d.line_index FROM deliveries d "  # noqa: S608 - placeholders only
        "JOIN orders o ON o.order_id = d.order_id"
        + only.where("o.ocid", "WHERE")
        + " ORDER BY d.log_index",
        only.params,
    ):
        confirmations.setdefault(str(d["tx_hash"]), []).append(
            (int(d["log_index"]), d["shipment_id"], d["line_index"])
        )
    for p in db.query(_PAYMENTS + only.where("o.ocid", "WHERE"), only.params):
        kind = str(p["kind"])
        paid, penalty = int(p["paid_idr"]), int(p["penalty_idr"])
        retention, to_agency = int(p["retention_idr"]), int(p["to_agency_idr"])
        if kind == "delivery":
            gross = paid + penalty + retention
        elif kind == "ruling":
            gross = paid + to_agency
        else:
            gross = paid
        shipment_id, line_index = None, None
        if kind == "delivery":  # the confirmation logged just before the payment
            for log_index, shipment, line in confirmations.get(str(p["tx_hash"]), []):
                if log_index < int(p["log_index"]):
                    shipment_id, line_index = shipment, line
        amounts = (gross, penalty, retention, paid, to_agency, 0)
        yield _row(p, kind, int(p["paid_at"]), amounts, shipment_id, line_index)


def _order_rows(db: Database, only: _Only) -> Iterable[PaymentRow]:
    for e in db.query(_ORDER_EVENTS + only.where("o.ocid", "AND"), only.params):
        args = json.loads(str(e["args"]))
        if e["event"] == "OrderAccepted":
            kind, escrowed, refund = "escrow", int(args["escrowedIdr"]), 0
        elif e["event"] == "AdendumSigned":
            change = int(args["newTotalIdr"]) - int(args["oldTotalIdr"])
            if change == 0:
                continue  # a new deadline alone moves no money
            kind, escrowed, refund = "adendum", max(change, 0), max(-change, 0)
        else:
            kind, escrowed, refund = "termination", 0, int(args["refundedIdr"])
        moved = escrowed or refund
        yield _row(e, kind, int(e["timestamp"]), (moved, 0, 0, 0, refund, escrowed))


def _bond_rows(db: Database, only: _Only) -> Iterable[PaymentRow]:
    bidders = {
        (int(b["tender_id"]), str(b["bidder"])): int(b["supplier_org_id"])
        for b in db.query(
            "SELECT b.tender_id, b.bidder, b.supplier_org_id FROM bids b JOIN tenders t ON "  # noqa: S608 - placeholders only
            "t.tender_id = b.tender_id" + only.where("t.ocid", "WHERE"),
            only.params,
        )
    }
    for e in db.query(_BOND_EVENTS + only.where("t.ocid", "AND"), only.params):
        args = json.loads(str(e["args"]))
        bidder = str(args["bidder"]).lower()
        if e["event"] == "BidCommitted":
            bond = int(e["bond_idr"])
            if bond == 0:
                continue
            kind, amounts = "bond-deposit", (bond, 0, 0, 0, 0, bond)
        elif e["event"] == "BondRefunded":
            bond = int(args["amountIdr"])
            kind, amounts = "bond-refund", (bond, 0, 0, bond, 0, 0)
        else:
            bond = int(args["amountIdr"])
            kind, amounts = "bond-forfeit", (bond, 0, 0, 0, bond, 0)
        supplier = (bidder, bidders.get((int(e["tender_id"]), bidder), 0))
        yield _row(e, kind, int(e["timestamp"]), amounts, bidder=supplier)


def _row(
    r: Row,
    kind: str,
    at: int,
    amounts: tuple[int, int, int, int, int, int],
    shipment_id: int | None = None,
    line_index: int | None = None,
    *,
    bidder: tuple[str, int] | None = None,
) -> PaymentRow:
    """One movement: ``r`` carries the order's id and supplier, or for a bid bond (no order)
    ``bidder`` names the supplier (address and organisation)."""
    if bidder is None:
        order_id: int | None = int(r["order_id"])
        supplier, supplier_org = str(r["supplier"]), int(r["supplier_org_id"])
    else:
        order_id, (supplier, supplier_org) = None, bidder
    gross, penalty, retention, paid, to_agency, escrowed = amounts
    return PaymentRow(
        payment_id=f"{r['tx_hash']}:{r['log_index']}",
        ocid=str(r["ocid"]),
        order_id=order_id,
        tender_id=int(r["tender_id"]) if r["tender_id"] is not None else None,
        kind=kind,
        fiscal_year=int(r["fiscal_year"]),
        agency_org_id=int(r["agency_org_id"]),
        agency=str(r["agency"]),
        supplier_org_id=supplier_org,
        supplier=supplier,
        shipment_id=shipment_id,
        line_index=line_index,
        gross_idr=gross,
        penalty_idr=penalty,
        retention_idr=retention,
        paid_idr=paid,
        to_agency_idr=to_agency,
        escrowed_idr=escrowed,
        tx_hash=str(r["tx_hash"]),
        log_index=int(r["log_index"]),
        block_number=int(r["block_number"]),
        block_time=iso_time(at),
    )


def csv_cell(value: object) -> str:
    """A CSV cell: empty for ``None``; text a spreadsheet would run as a formula gets a ``'``.

    >>> csv_cell("=HYPERLINK(1)"), csv_cell(-5), csv_cell(None), csv_cell("IDJKT")
    ("'=HYPERLINK(1)", '-5', '', 'IDJKT')
    """
    return csv_text(value)  # the project's one CSV sanitiser (py_client.formatting)


def write_payments_csv(rows: list[PaymentRow], out: IO[str]) -> None:
    """Write ``rows`` as CSV (header line first, comma-separated, empty cell for none)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([csv_cell(row[c]) for c in COLUMNS])  # type: ignore[literal-required]

"""Payment instructions for the treasury's systems: one CSV row per on-chain payment.

Every money movement the escrow made to a supplier is one row, in chain order: a payment on a
confirmed delivery or milestone (``delivery``: the gross value, minus the late penalty returned
to the agency and the retention held, is paid), a retention release (``retention``), and an
arbiter's ruling (``ruling``: part to the supplier, the rest back to the agency). The treasury
(SPAN/SAKTI: SPP → SPM → SP2D) books them against the order; the transaction hash and log index
identify each row uniquely, so a re-export can be reconciled row by row. See :data:`COLUMNS`.

Example::

    >>> from py_client.interop.index import open_index
    >>> db = open_index("rantai-audit.sqlite")  # doctest: +SKIP
    >>> rows = payment_rows(db)  # doctest: +SKIP
    >>> rows[0]["paid_idr"]  # doctest: +SKIP
    760000000
"""

import csv
from typing import IO, TypedDict

from py_client.audit.db import Database
from py_client.interop.index import iso_time


class PaymentRow(TypedDict):
    """One payment (the CSV's columns, in order)."""

    payment_id: str
    ocid: str
    order_id: int
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
    tx_hash: str
    log_index: int
    block_number: int
    block_time: str


COLUMNS: tuple[str, ...] = tuple(PaymentRow.__annotations__)

_QUERY = """
SELECT p.tx_hash, p.log_index, p.order_id, p.kind, p.supplier, p.paid_idr, p.penalty_idr,
       p.retention_idr, p.to_agency_idr, p.block_number, p.paid_at,
       o.ocid, o.tender_id, o.fiscal_year, o.agency_org_id, o.agency, o.supplier_org_id
FROM payments p JOIN orders o ON o.order_id = p.order_id
ORDER BY p.block_number, p.log_index
"""


def payment_rows(db: Database) -> list[PaymentRow]:
    """Every payment in the index, in chain order.

    ``gross_idr`` is what the payment settles: for a delivery the delivered value (paid +
    penalty + retention), for a retention release the amount released, for a ruling the
    escrowed amount it disposed of (to the supplier + to the agency).
    """
    confirmations: dict[str, list[tuple[int, int | None, int | None]]] = {}
    for d in db.query(
        "SELECT tx_hash, log_index, shipment_id, line_index FROM deliveries ORDER BY log_index"
    ):
        confirmations.setdefault(str(d["tx_hash"]), []).append(
            (int(d["log_index"]), d["shipment_id"], d["line_index"])
        )
    rows: list[PaymentRow] = []
    for p in db.query(_QUERY):
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
        rows.append(
            PaymentRow(
                payment_id=f"{p['tx_hash']}:{p['log_index']}",
                ocid=str(p["ocid"]),
                order_id=int(p["order_id"]),
                tender_id=int(p["tender_id"]) if p["tender_id"] is not None else None,
                kind=kind,
                fiscal_year=int(p["fiscal_year"]),
                agency_org_id=int(p["agency_org_id"]),
                agency=str(p["agency"]),
                supplier_org_id=int(p["supplier_org_id"]),
                supplier=str(p["supplier"]),
                shipment_id=shipment_id,
                line_index=line_index,
                gross_idr=gross,
                penalty_idr=penalty,
                retention_idr=retention,
                paid_idr=paid,
                to_agency_idr=to_agency,
                tx_hash=str(p["tx_hash"]),
                log_index=int(p["log_index"]),
                block_number=int(p["block_number"]),
                block_time=iso_time(int(p["paid_at"])),
            )
        )
    return rows


def write_payments_csv(rows: list[PaymentRow], out: IO[str]) -> None:
    """Write ``rows`` as CSV (header line first, comma-separated, empty cell for none)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(["" if row[c] is None else row[c] for c in COLUMNS])  # type: ignore[literal-required]

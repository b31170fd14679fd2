"""Questions auditors ask of the index: one process by ocid, one agency, one supplier.

Every answer is read from the audit database only (filled by ``rantai audit sync``); nothing
here talks to a node. Rows are plain dicts of the typed tables (see
:mod:`py_client.audit.schema`); amounts whole rupiah, times unix seconds.

Example::

    >>> db = open_database("rantai-audit.sqlite")  # doctest: +SKIP
    >>> report = process(db, "ocds-rantai-31337-T1")  # doctest: +SKIP
    >>> [entry.event for entry in report.timeline][:3]  # doctest: +SKIP
    ['TenderOpened', 'BudgetCommitted', 'BidCommitted']
"""

import json
from dataclasses import dataclass, field
from typing import Any

from eth_utils.address import is_hex_address

from py_client.audit.db import Database, Row
from py_client.audit.errors import NotIndexed
from py_client.errors import InvalidInput


@dataclass(frozen=True)
class TimelineEntry:
    """One event of a process, in chain order."""

    at: int
    block_number: int
    tx_hash: str
    log_index: int
    contract: str
    event: str
    args: dict[str, Any]


@dataclass(frozen=True)
class ShipmentDetail:
    """A shipment with its lines, checkpoints and custody steps."""

    shipment: Row
    lines: list[Row]
    checkpoints: list[Row]
    custody: list[Row]


@dataclass(frozen=True)
class OrderDetail:
    """An order with everything that happened to it."""

    order: Row
    lines: list[Row]
    acceptance: Row | None
    shipments: list[ShipmentDetail]
    deliveries: list[Row]
    payments: list[Row]
    retention: Row | None
    dispute: Row | None


@dataclass(frozen=True)
class ProcessReport:
    """A procurement process (one ocid): tender, bids, award, orders, and the full timeline."""

    ocid: str
    tender: Row | None
    items: list[Row]
    bids: list[Row]
    award: Row | None
    red_flags: list[Row]
    orders: list[OrderDetail]
    timeline: list[TimelineEntry]


@dataclass(frozen=True)
class Totals:
    """Money of a set of orders, whole rupiah."""

    orders: int = 0
    ordered_idr: int = 0
    paid_idr: int = 0
    penalties_idr: int = 0
    retention_released_idr: int = 0
    ruling_to_supplier_idr: int = 0
    ruling_to_agency_idr: int = 0


@dataclass(frozen=True)
class AgencyReport:
    """An agency organisation: accounts, budgets, tenders, orders and totals."""

    organisation: Row
    accounts: list[Row]
    budgets: list[Row]
    tenders: list[Row]
    orders: list[Row]
    totals: Totals
    red_flags: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class SupplierReport:
    """A supplier organisation: accounts, bids, awards, orders, deliveries and totals."""

    organisation: Row
    accounts: list[Row]
    bids: list[Row]
    awards: list[Row]
    orders: list[Row]
    deliveries: list[Row]
    totals: Totals


def require_indexed(db: Database) -> None:
    """Raise :class:`NotIndexed` when the database holds no synced data."""
    if (
        not db.table_exists("audit_state")
        or db.scalar("SELECT value FROM audit_state WHERE key = 'next_block'") is None
    ):
        raise NotIndexed(f"audit database {db.target} is empty: run 'rantai audit sync' first")


def indexed_through(db: Database) -> int:
    """The last block indexed (``-1`` before the first sync)."""
    value = db.scalar("SELECT value FROM audit_state WHERE key = 'next_block'")
    return int(value) - 1 if value is not None else -1


def _one(db: Database, sql: str, params: list[Any]) -> Row | None:
    rows = db.query(sql, params)
    return rows[0] if rows else None


def process(db: Database, ocid: str) -> ProcessReport:
    """Everything indexed about the process ``ocid`` (a tender's, or a direct order's).

    Raises:
        NotIndexed: Nothing is indexed, or no tender or order has this ocid.
    """
    require_indexed(db)
    tender = _one(db, "SELECT * FROM tenders WHERE ocid = ?", [ocid])
    order_rows = db.query("SELECT * FROM orders WHERE ocid = ? ORDER BY order_id", [ocid])
    if tender is None and not order_rows:
        raise NotIndexed(f"no tender or order with ocid {ocid} is indexed in {db.target}")
    items: list[Row] = []
    bids: list[Row] = []
    award = None
    flags: list[Row] = []
    if tender is not None:
        tender_id = tender["tender_id"]
        items = db.query(
            "SELECT * FROM tender_items WHERE tender_id = ? ORDER BY item_index", [tender_id]
        )
        bids = db.query("SELECT * FROM bids WHERE tender_id = ? ORDER BY seq", [tender_id])
        award = _one(db, "SELECT * FROM awards WHERE tender_id = ?", [tender_id])
        flags = db.query(
            "SELECT * FROM red_flag_events WHERE tender_id = ? ORDER BY block_number, log_index",
            [tender_id],
        )
    orders = [order_detail(db, row) for row in order_rows]
    return ProcessReport(
        ocid=ocid,
        tender=tender,
        items=items,
        bids=bids,
        award=award,
        red_flags=flags,
        orders=orders,
        timeline=timeline(db, tender, orders),
    )


def order_detail(db: Database, order: Row) -> OrderDetail:
    """The lines, acceptance, shipments, confirmations, payments, retention, dispute of an order."""
    order_id = order["order_id"]
    shipments = [
        ShipmentDetail(
            shipment=s,
            lines=db.query(
                "SELECT line_index, quantity FROM shipment_lines WHERE shipment_id = ? "
                "ORDER BY line_index",
                [s["shipment_id"]],
            ),
            checkpoints=db.query(
                "SELECT * FROM checkpoints WHERE shipment_id = ? ORDER BY idx", [s["shipment_id"]]
            ),
            custody=db.query(
                "SELECT * FROM custody WHERE shipment_id = ? ORDER BY block_number, log_index",
                [s["shipment_id"]],
            ),
        )
        for s in db.query(
            "SELECT * FROM shipments WHERE order_id = ? ORDER BY shipment_id", [order_id]
        )
    ]
    deliveries = db.query(
        "SELECT * FROM deliveries WHERE order_id = ? ORDER BY block_number, log_index", [order_id]
    )
    for delivery in deliveries:
        delivery["received"] = [
            r["quantity"]
            for r in db.query(
                "SELECT quantity FROM delivery_lines WHERE tx_hash = ? AND log_index = ? "
                "ORDER BY line_index",
                [delivery["tx_hash"], delivery["log_index"]],
            )
        ]
    return OrderDetail(
        order=order,
        lines=db.query(
            "SELECT * FROM order_lines WHERE order_id = ? ORDER BY line_index", [order_id]
        ),
        acceptance=_one(db, "SELECT * FROM acceptances WHERE order_id = ?", [order_id]),
        shipments=shipments,
        deliveries=deliveries,
        payments=db.query(
            "SELECT * FROM payments WHERE order_id = ? ORDER BY block_number, log_index",
            [order_id],
        ),
        retention=_one(db, "SELECT * FROM retention WHERE order_id = ?", [order_id]),
        dispute=_one(db, "SELECT * FROM disputes WHERE order_id = ?", [order_id]),
    )


def timeline(db: Database, tender: Row | None, orders: list[OrderDetail]) -> list[TimelineEntry]:
    """Every indexed event naming the tender, its orders or their shipments, in chain order.

    Events that name none of them but share a transaction with one that does (the budget
    commitment of a tender's opening, the token transfers of a payment) are included too, and
    so are the ``DocumentAccessGranted`` events of the documents the process recorded (who gave
    a later auditor access to which envelope, and when).
    """
    conditions: list[str] = []
    params: list[Any] = []
    if tender is not None:
        conditions.append("tender_id = ?")
        params.append(tender["tender_id"])
    order_ids = [o.order["order_id"] for o in orders]
    shipment_ids = [s.shipment["shipment_id"] for o in orders for s in o.shipments]
    for column, ids in (("order_id", order_ids), ("shipment_id", shipment_ids)):
        if ids:
            conditions.append(f"{column} IN ({', '.join('?' * len(ids))})")
            params.extend(ids)
    where = " OR ".join(conditions)
    rows = db.query(
        "SELECT e.*, b.timestamp FROM "  # noqa: S608 (only placeholders are joined in)
        f"(SELECT DISTINCT block_number, tx_hash FROM events WHERE {where}) t "
        "JOIN events e ON e.block_number = t.block_number AND e.tx_hash = t.tx_hash "
        "JOIN blocks b ON b.block_number = e.block_number "
        "ORDER BY e.block_number, e.log_index",
        params,
    )
    entries = [_entry(r) for r in rows]
    documents = {v for e in entries for v in e.args.values() if _is_hash(v)}
    grants = db.query(
        "SELECT e.*, b.timestamp FROM events e "
        "JOIN blocks b ON b.block_number = e.block_number "
        "WHERE e.event = 'DocumentAccessGranted' ORDER BY e.block_number, e.log_index"
    )
    entries += [g for g in map(_entry, grants) if g.args.get("envelopeHash") in documents]
    return sorted(entries, key=lambda e: (e.block_number, e.log_index))


def _entry(r: Row) -> TimelineEntry:
    return TimelineEntry(
        at=int(r["timestamp"]),
        block_number=int(r["block_number"]),
        tx_hash=str(r["tx_hash"]),
        log_index=int(r["log_index"]),
        contract=str(r["contract"]),
        event=str(r["event"]),
        args=json.loads(r["args"]),
    )


def _is_hash(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 66 and value.startswith("0x")


def _organisation(db: Database, org_id: int, kinds: tuple[str, ...], what: str) -> Row:
    org = _one(db, "SELECT * FROM organisations WHERE org_id = ?", [org_id])
    if org is None:
        raise NotIndexed(f"organisation {org_id} is not indexed in {db.target}")
    if org["kind"] not in kinds:
        raise InvalidInput(f"organisation {org_id} is a {org['kind']}, not {what}")
    return org


def _totals(db: Database, column: str, org_id: int) -> Totals:
    """Money of the orders whose ``column`` (agency_org_id / supplier_org_id) is ``org_id``."""
    ordered = _one(
        db,
        f"SELECT COUNT(*) AS n, COALESCE(SUM(total_idr), 0) AS total FROM orders "  # noqa: S608
        f"WHERE {column} = ? AND state <> 'Cancelled'",
        [org_id],
    ) or {"n": 0, "total": 0}
    sums: dict[str, int] = {}
    for row in db.query(
        "SELECT p.kind, COALESCE(SUM(p.paid_idr), 0) AS paid, "  # noqa: S608 (a fixed column)
        "COALESCE(SUM(p.penalty_idr), 0) AS penalty, "
        "COALESCE(SUM(p.to_agency_idr), 0) AS to_agency FROM payments p "
        f"JOIN orders o ON o.order_id = p.order_id WHERE o.{column} = ? "
        "GROUP BY p.kind",
        [org_id],
    ):
        sums[f"{row['kind']}.paid"] = int(row["paid"])
        sums[f"{row['kind']}.penalty"] = int(row["penalty"])
        sums[f"{row['kind']}.to_agency"] = int(row["to_agency"])
    return Totals(
        orders=int(ordered["n"]),
        ordered_idr=int(ordered["total"]),
        paid_idr=sums.get("delivery.paid", 0),
        penalties_idr=sums.get("delivery.penalty", 0),
        retention_released_idr=sums.get("retention.paid", 0),
        ruling_to_supplier_idr=sums.get("ruling.paid", 0),
        ruling_to_agency_idr=sums.get("ruling.to_agency", 0),
    )


def agency(db: Database, org_id: int) -> AgencyReport:
    """An agency's accounts, budgets, tenders (with awards), orders (with payments) and totals.

    Raises:
        NotIndexed: Nothing is indexed, or no such organisation.
        InvalidInput: The organisation is not an agency.
    """
    require_indexed(db)
    org = _organisation(db, org_id, ("Agency",), "an agency")
    tenders = db.query(
        "SELECT t.tender_id, t.ocid, t.status, t.fiscal_year, t.hps_idr, t.bid_count, "
        "t.opened_at, t.reveal_deadline_at, a.supplier_org_id AS winner_org_id, "
        "a.price_idr AS award_price_idr, t.order_id FROM tenders t "
        "LEFT JOIN awards a ON a.tender_id = t.tender_id WHERE t.agency_org_id = ? "
        "ORDER BY t.tender_id",
        [org_id],
    )
    return AgencyReport(
        organisation=org,
        accounts=_accounts(db, org_id),
        budgets=db.query(
            "SELECT fiscal_year, ceiling_idr, committed_idr FROM budgets "
            "WHERE agency_org_id = ? ORDER BY fiscal_year",
            [org_id],
        ),
        tenders=tenders,
        orders=_orders(db, "agency_org_id", org_id),
        totals=_totals(db, "agency_org_id", org_id),
        red_flags=db.query(
            "SELECT r.tender_id, t.ocid, r.code, r.bidder, r.price_idr, r.raised_at "
            "FROM red_flag_events r JOIN tenders t ON t.tender_id = r.tender_id "
            "WHERE t.agency_org_id = ? ORDER BY r.block_number, r.log_index",
            [org_id],
        ),
    )


def _accounts(db: Database, org_id: int) -> list[Row]:
    return db.query(
        "SELECT address, active, added_at FROM accounts WHERE org_id = ? ORDER BY address",
        [org_id],
    )


def _orders(db: Database, column: str, org_id: int) -> list[Row]:
    return db.query(
        "SELECT o.order_id, o.ocid, o.tender_id, o.agency_org_id, o.supplier_org_id, "  # noqa: S608
        "o.fiscal_year, o.total_idr, o.state, o.disputed, o.created_at, "
        "o.delivery_deadline_at, o.delivered_at, "
        "COALESCE((SELECT SUM(p.paid_idr) FROM payments p WHERE p.order_id = o.order_id), 0) "
        "AS paid_idr FROM orders o "
        f"WHERE o.{column} = ? ORDER BY o.order_id",
        [org_id],
    )


def supplier_org_of(db: Database, ref: str) -> int:
    """The organisation of a supplier given as an address or an organisation id.

    Raises:
        InvalidInput: ``ref`` is neither an address nor a positive number.
        NotIndexed: The address never acted for an indexed organisation.
    """
    text = ref.strip()
    if text.isdigit() and int(text) > 0:
        return int(text)
    if not is_hex_address(text):
        raise InvalidInput(f"supplier must be an address or an organisation id: {ref!r}")
    org_id = db.scalar("SELECT org_id FROM accounts WHERE address = ?", [text.lower()])
    if org_id is None:
        raise NotIndexed(f"account {text} belongs to no indexed organisation")
    return int(org_id)


def supplier(db: Database, ref: str) -> SupplierReport:
    """A supplier's (or contractor's) accounts, bids, awards, orders, deliveries and totals.

    Args:
        db: The audit database.
        ref: An account address of the supplier, or its organisation id.

    Raises:
        NotIndexed: Nothing is indexed, or no such organisation or account.
        InvalidInput: ``ref`` is malformed, or the organisation is no supplier.
    """
    require_indexed(db)
    org_id = supplier_org_of(db, ref)
    org = _organisation(db, org_id, ("Supplier", "Contractor"), "a supplier or contractor")
    return SupplierReport(
        organisation=org,
        accounts=_accounts(db, org_id),
        bids=db.query(
            "SELECT b.tender_id, t.ocid, b.bidder, b.state, b.price_idr, b.valid, "
            "b.bond_outcome, t.status AS tender_status, "
            "CASE WHEN a.supplier_org_id = b.supplier_org_id THEN 1 ELSE 0 END AS won "
            "FROM bids b JOIN tenders t ON t.tender_id = b.tender_id "
            "LEFT JOIN awards a ON a.tender_id = b.tender_id "
            "WHERE b.supplier_org_id = ? ORDER BY b.tender_id",
            [org_id],
        ),
        awards=db.query(
            "SELECT a.tender_id, t.ocid, a.price_idr, a.awarded_at, a.order_id FROM awards a "
            "JOIN tenders t ON t.tender_id = a.tender_id WHERE a.supplier_org_id = ? "
            "ORDER BY a.tender_id",
            [org_id],
        ),
        orders=_orders(db, "supplier_org_id", org_id),
        deliveries=db.query(
            "SELECT d.order_id, d.kind, d.shipment_id, d.line_index, d.value_idr, d.days_late, "
            "d.confirmed_at, d.tx_hash FROM deliveries d JOIN orders o ON o.order_id = d.order_id "
            "WHERE o.supplier_org_id = ? ORDER BY d.block_number, d.log_index",
            [org_id],
        ),
        totals=_totals(db, "supplier_org_id", org_id),
    )

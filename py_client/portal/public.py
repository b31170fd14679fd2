"""The public read model of the portal: what the transparency pages show, from the audit index.

Every public page reads the audit database (:mod:`py_client.audit`) that
:func:`py_client.audit.sync` fills from chain events, never a private store. Sealed bids stay
sealed: a bid's price exists in the index only once its ``BidRevealed`` event is indexed, and
the pages show prices of revealed (or disqualified after reveal) bids only.

Example::

    >>> from py_client.audit import open_database
    >>> data = PublicData(open_database(":memory:"))
    >>> data.tenders()
    []
"""

import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from py_client.audit.db import Database, Row
from py_client.audit.errors import NotIndexed
from py_client.audit.flags import Check, red_flags
from py_client.portal.cache import IndexCache, has_texts, index_mark

REVEALED_STATES = ("Revealed", "Disqualified")
AWARDS_SHOWN = 50  # awards on /awards and a supplier's page, newest first
CHART_BARS = 12  # bars per chart: the largest (or, for delays, the latest) ones
ANALYTICS_MAX_AGE_S = 600.0  # the analytic checks read every table: not redone on each event


@dataclass
class Bar:
    """One bar of a chart: a label, a value and the page it links to."""

    label: str
    value: int
    href: str = ""
    title: str = ""
    shipment_id: int | None = None


@dataclass
class EscrowState:
    """Where the money of an order is, in whole rupiah (from acceptance and payment events)."""

    total_idr: int
    escrowed_idr: int = 0
    paid_idr: int = 0
    penalty_idr: int = 0
    retention_kept_idr: int = 0
    retention_released_idr: int = 0
    to_agency_idr: int = 0
    refunded_idr: int = 0

    @property
    def held_idr(self) -> int:
        """Still in escrow: escrowed minus what left it (to the supplier, to the agency, refunds).

        A late penalty is paid to the agency, so it is already part of ``to_agency_idr``
        (``penalty_idr`` only says how much of that was penalty): subtracting it again would
        count it twice. Equals ``OrderEscrow.heldIdr`` (unpaid value plus retention held).
        """
        return max(0, self.escrowed_idr - self.paid_idr - self.to_agency_idr - self.refunded_idr)


def escrow_states(db: Database, orders: Sequence[Row]) -> dict[int, EscrowState]:
    """The escrow states of ``orders`` (rows of ``orders``) by order id, in three queries."""
    ids = [int(o["order_id"]) for o in orders]
    states = {
        int(o["order_id"]): EscrowState(
            total_idr=int(o["total_idr"]), refunded_idr=int(o.get("refunded_idr") or 0)
        )
        for o in orders
    }
    if not ids:
        return states
    marks = ", ".join("?" for _ in ids)
    for r in db.query(
        f"SELECT order_id, escrowed_idr FROM acceptances WHERE order_id IN ({marks})",  # noqa: S608 - placeholders only
        ids,
    ):
        states[int(r["order_id"])].escrowed_idr = int(r["escrowed_idr"])
    for s in db.query(
        "SELECT order_id, kind, COALESCE(SUM(paid_idr), 0) AS paid, "  # noqa: S608 - placeholders only
        "COALESCE(SUM(penalty_idr), 0) AS penalty, COALESCE(SUM(retention_idr), 0) AS kept, "
        "COALESCE(SUM(to_agency_idr), 0) AS to_agency FROM payments "
        f"WHERE order_id IN ({marks}) GROUP BY order_id, kind",
        ids,
    ):
        state = states[int(s["order_id"])]
        state.paid_idr += int(s["paid"])
        state.penalty_idr += int(s["penalty"])
        state.to_agency_idr += int(s["to_agency"])
        if s["kind"] == "delivery":
            state.retention_kept_idr += int(s["kept"])
        if s["kind"] == "retention":
            state.retention_released_idr += int(s["paid"])
    for a in db.query(  # signed adendums moved their value difference (issue 13 item 4)
        "SELECT order_id, old_total_idr, new_total_idr FROM adendum_events "  # noqa: S608 - placeholders only
        f"WHERE order_id IN ({marks})",
        ids,
    ):
        change = int(a["new_total_idr"]) - int(a["old_total_idr"])
        states[int(a["order_id"])].escrowed_idr += max(change, 0)
        states[int(a["order_id"])].refunded_idr += max(-change, 0)
    return states


@dataclass
class Organisation:
    """An organisation as the public sees it: id, kind, name (from a profile file) and status."""

    org_id: int
    kind: str
    name: str
    suspended: bool
    accounts: list[str] = field(default_factory=list)


class PublicData:
    """Queries of the public pages over one audit database.

    Args:
        db: The audit database.
        names: Organisation names by id (off-chain profiles; the chain holds only their hash).
        background: Redo the analytic red-flag checks in a thread while the last result serves
            (for a connection pool, which a second thread may use).
    """

    def __init__(
        self, db: Database, names: Mapping[int, str] | None = None, *, background: bool = False
    ) -> None:
        self.db = db
        self.names = dict(names or {})
        self.cache = IndexCache(db)
        self._checks: tuple[float, tuple[Any, ...], list[Check]] | None = None
        self.background = background
        self._refreshing = threading.Lock()

    # ------------------------------------------------------------------ organisations

    def org_name(self, org_id: int | None) -> str:
        """The display name of an organisation (its profile name, else ``#id``)."""
        if org_id is None:
            return "-"
        return self.names.get(int(org_id), f"#{org_id}")

    def organisations(self, kinds: tuple[str, ...] = ()) -> list[Organisation]:
        """Registered organisations (of ``kinds`` when given), by id."""
        found: list[Organisation] = self.cache.get(
            ("organisations", kinds), lambda: self._organisations(kinds)
        )
        return found

    def _organisations(self, kinds: tuple[str, ...]) -> list[Organisation]:
        rows = self.db.query("SELECT org_id, kind, suspended FROM organisations ORDER BY org_id")
        members = self.db.query("SELECT address, org_id FROM accounts WHERE active = 1")
        by_org: dict[int, list[str]] = {}
        for m in members:
            by_org.setdefault(int(m["org_id"]), []).append(str(m["address"]))
        return [
            Organisation(
                int(r["org_id"]),
                str(r["kind"]),
                self.org_name(int(r["org_id"])),
                bool(r["suspended"]),
                by_org.get(int(r["org_id"]), []),
            )
            for r in rows
            if not kinds or r["kind"] in kinds
        ]

    def organisation(self, org_id: int) -> Organisation | None:
        """One organisation, or ``None``."""
        found = [o for o in self.organisations() if o.org_id == org_id]
        return found[0] if found else None

    def org_of(self, address: str) -> int | None:
        """The organisation an account belongs to (``None`` if none)."""
        value = self.db.scalar("SELECT org_id FROM accounts WHERE address = ?", [address.lower()])
        return None if value is None else int(value)

    # ------------------------------------------------------------------ tenders

    def tenders(self, agency_org_id: int | None = None) -> list[Row]:
        """Tenders, newest first: status, deadlines, HPS, bond and the number of sealed bids."""
        where, params = ("WHERE agency_org_id = ?", [agency_org_id]) if agency_org_id else ("", [])
        return self.db.query(
            "SELECT tender_id, ocid, agency, agency_org_id, fiscal_year, hps_idr, bond_idr, "  # noqa: S608 - fixed clauses only; values are parameters
            "bid_deadline_at, reveal_deadline_at, status, bid_count, opened_at, ended_at, "
            f"order_id, spec_uri FROM tenders {where} ORDER BY tender_id DESC",
            params,
        )

    def _first(self, sql: str, params: list[Any]) -> Row | None:
        """The first row ``sql`` finds, or ``None``."""
        rows = self.db.query(sql, params)
        return rows[0] if rows else None

    def tender(self, tender_id: int) -> Row | None:
        """One tender row, or ``None``."""
        return self._first("SELECT * FROM tenders WHERE tender_id = ?", [tender_id])

    def items(self, tender_id: int) -> list[Row]:
        """The items of a tender."""
        return self.db.query(
            "SELECT item_index, description_hash, quantity, unit FROM tender_items "
            "WHERE tender_id = ? ORDER BY item_index",
            [tender_id],
        )

    def bids(self, tender_id: int) -> list[Row]:
        """The bids of a tender in commit order; ``price_idr`` is ``None`` until revealed."""
        rows = self.db.query(
            "SELECT bidder, supplier_org_id, seq, commitment, committed_at, state, price_idr, "
            "valid, revealed_at, disqualified_at, bond_outcome, bond_amount_idr FROM bids "
            "WHERE tender_id = ? ORDER BY seq",
            [tender_id],
        )
        for row in rows:
            if row["state"] not in REVEALED_STATES:
                row["price_idr"] = None  # sealed: never shown, whatever a row holds
        return rows

    def award(self, tender_id: int) -> Row | None:
        """The award of a tender, or ``None``."""
        return self._first("SELECT * FROM awards WHERE tender_id = ?", [tender_id])

    def awards(self, supplier_org_id: int | None = None, limit: int = AWARDS_SHOWN) -> list[Row]:
        """The newest ``limit`` awards, each with its tender's HPS and every revealed bid
        (the rest: ``/tenders?status=Awarded``, paged)."""
        where, params = (
            ("WHERE a.supplier_org_id = ?", [supplier_org_id]) if supplier_org_id else ("", [])
        )
        rows = self.db.query(
            "SELECT a.tender_id, a.supplier, a.supplier_org_id, a.price_idr, a.awarded_at, "  # noqa: S608 - fixed clauses only; values are parameters
            "a.order_id, t.ocid, t.hps_idr, t.agency_org_id, t.bid_count FROM awards a "
            f"JOIN tenders t ON t.tender_id = a.tender_id {where} ORDER BY a.tender_id DESC "
            "LIMIT ?",
            [*params, limit],
        )
        for row in rows:
            row["bids"] = [
                b for b in self.bids(int(row["tender_id"])) if b["price_idr"] is not None
            ]
        return rows

    def red_flags(self, tender_id: int | None = None) -> list[Row]:
        """Red flags raised on chain: the tenders' (codes of the Open Contracting guide) and,
        for the whole index, the escrow's RN05 split-purchase and RN06 adendum flags (an
        ``order_id`` instead of a ``tender_id``)."""
        tender_flags = (
            "SELECT r.tender_id, CAST(NULL AS BIGINT) AS order_id, r.code, r.bidder, "
            "r.price_idr, r.raised_at, r.log_index, t.ocid, t.agency_org_id "
            "FROM red_flag_events r JOIN tenders t ON t.tender_id = r.tender_id"
        )
        if tender_id:
            return self.db.query(
                f"{tender_flags} WHERE r.tender_id = ? ORDER BY raised_at DESC, log_index",
                [tender_id],
            )
        return self.db.query(
            f"{tender_flags} UNION ALL "  # noqa: S608 - fixed clauses only
            "SELECT CAST(NULL AS BIGINT), s.order_id, 'RN05', CAST(NULL AS TEXT), "
            "CAST(NULL AS BIGINT), s.raised_at, s.log_index, o.ocid, s.agency_org_id "
            "FROM split_flag_events s JOIN orders o ON o.order_id = s.order_id UNION ALL "
            "SELECT CAST(NULL AS BIGINT), a.order_id, 'RN06', CAST(NULL AS TEXT), "
            "CAST(NULL AS BIGINT), a.signed_at, a.log_index, o.ocid, o.agency_org_id "
            "FROM adendum_events a JOIN orders o ON o.order_id = a.order_id "
            "ORDER BY raised_at DESC, log_index"
        )

    # ------------------------------------------------------------------ orders

    def orders(
        self, agency_org_id: int | None = None, supplier_org_id: int | None = None
    ) -> list[Row]:
        """Orders, newest first, each with its escrow state (``escrow``)."""
        clauses, params = [], []
        if agency_org_id:
            clauses.append("agency_org_id = ?")
            params.append(agency_org_id)
        if supplier_org_id:
            clauses.append("supplier_org_id = ?")
            params.append(supplier_org_id)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self.db.query(f"SELECT * FROM orders {where} ORDER BY order_id DESC", params)  # noqa: S608 - fixed clauses only; values are parameters
        states = escrow_states(self.db, rows)
        for row in rows:
            row["escrow"] = states[int(row["order_id"])]
        return rows

    def order(self, order_id: int) -> Row | None:
        """One order with its escrow state, or ``None``."""
        rows = self.db.query("SELECT * FROM orders WHERE order_id = ?", [order_id])
        if not rows:
            return None
        row = rows[0]
        row["escrow"] = self.escrow(row)
        return row

    def escrow(self, order: Row) -> EscrowState:
        """Where the money of ``order`` is."""
        return escrow_states(self.db, [order])[int(order["order_id"])]

    def lines(self, order_id: int) -> list[Row]:
        """The lines of an order with the quantity delivered so far."""
        rows = self.db.query(
            "SELECT line_index, item_hash, quantity, unit_price_idr, unit, origin_country, due_at "
            "FROM order_lines WHERE order_id = ? ORDER BY line_index",
            [order_id],
        )
        delivered = self.db.query(
            "SELECT dl.line_index, SUM(dl.quantity) AS quantity FROM delivery_lines dl JOIN "
            "deliveries d ON d.tx_hash = dl.tx_hash AND d.log_index = dl.log_index "
            "WHERE d.order_id = ? GROUP BY dl.line_index",
            [order_id],
        )
        done = {int(d["line_index"]): int(d["quantity"]) for d in delivered}
        milestones = self.db.query(
            "SELECT line_index FROM deliveries WHERE order_id = ? AND kind = 'milestone'",
            [order_id],
        )
        for m in milestones:
            done[int(m["line_index"])] = 1
        for row in rows:
            row["delivered"] = done.get(int(row["line_index"]), 0)
        return rows

    def deliveries(self, order_id: int) -> list[Row]:
        """Confirmed deliveries (shipments and milestones) of an order, oldest first."""
        return self.db.query(
            "SELECT kind, shipment_id, line_index, bast_hash, value_idr, days_late, confirmed_at "
            "FROM deliveries WHERE order_id = ? ORDER BY block_number, log_index",
            [order_id],
        )

    def payments(self, order_id: int | None = None) -> list[Row]:
        """Payments (delivery, retention release, ruling), newest first, with the order's ocid."""
        where, params = ("WHERE p.order_id = ?", [order_id]) if order_id else ("", [])
        return self.db.query(
            "SELECT p.order_id, p.kind, p.supplier, p.paid_idr, p.penalty_idr, p.retention_idr, "  # noqa: S608 - fixed clauses only; values are parameters
            "p.to_agency_idr, p.paid_at, o.ocid, o.agency_org_id, o.supplier_org_id FROM payments "
            f"p JOIN orders o ON o.order_id = p.order_id {where} "
            "ORDER BY p.block_number DESC, p.log_index DESC",
            params,
        )

    def retention(self, order_id: int) -> Row | None:
        """Retention of an order: held, due, released."""
        return self._first("SELECT * FROM retention WHERE order_id = ?", [order_id])

    def dispute(self, order_id: int) -> Row | None:
        """The dispute of an order, or ``None``."""
        return self._first("SELECT * FROM disputes WHERE order_id = ?", [order_id])

    def adendums(self, order_id: int) -> list[Row]:
        """The signed adendums of an order, oldest first (red flag RN06, issue 13 item 4)."""
        return self.db.query(
            "SELECT number, signed_at, reason_hash, original_total_idr, old_total_idr, "
            "new_total_idr, delivery_deadline_at FROM adendum_events WHERE order_id = ? "
            "ORDER BY block_number, log_index",
            [order_id],
        )

    def acceptance(self, order_id: int) -> Row | None:
        """The acceptance (signature) of an order, or ``None``."""
        return self._first("SELECT * FROM acceptances WHERE order_id = ?", [order_id])

    # ------------------------------------------------------------------ shipments

    def shipments(self, order_id: int | None = None) -> list[Row]:
        """Shipments, newest first (of one order when given)."""
        where, params = ("WHERE s.order_id = ?", [order_id]) if order_id else ("", [])
        return self.db.query(
            "SELECT s.*, o.ocid FROM shipments s JOIN orders o ON o.order_id = s.order_id "  # noqa: S608 - fixed clauses only; values are parameters
            f"{where} ORDER BY s.shipment_id DESC",
            params,
        )

    def shipment(self, shipment_id: int) -> Row | None:
        """One shipment, or ``None``."""
        rows = self.db.query(
            "SELECT s.*, o.ocid, o.agency_org_id, o.supplier_org_id FROM shipments s "
            "JOIN orders o ON o.order_id = s.order_id WHERE s.shipment_id = ?",
            [shipment_id],
        )
        if not rows:
            return None
        row = rows[0]
        row["confirmed"] = bool(
            self.db.scalar("SELECT COUNT(*) FROM deliveries WHERE shipment_id = ?", [shipment_id])
        )
        return row

    def shipment_lines(self, shipment_id: int) -> list[Row]:
        """Quantity shipped per order line."""
        return self.db.query(
            "SELECT line_index, quantity FROM shipment_lines WHERE shipment_id = ? "
            "ORDER BY line_index",
            [shipment_id],
        )

    def checkpoints(self, shipment_id: int) -> list[Row]:
        """The checkpoint timeline of a shipment, in recording order."""
        return self.db.query(
            "SELECT idx, custodian, kind, location, latitude_e6, longitude_e6, occurred_at, "
            "evidence_hash, recorded_at, tx_hash FROM checkpoints WHERE shipment_id = ? "
            "ORDER BY idx",
            [shipment_id],
        )

    def custody(self, shipment_id: int) -> list[Row]:
        """Custody steps of a shipment (registered, nominated, transferred)."""
        return self.db.query(
            "SELECT action, from_account, to_account, at FROM custody WHERE shipment_id = ? "
            "ORDER BY block_number, log_index",
            [shipment_id],
        )

    def history(self, column: str, value: int) -> list[Row]:
        """Every event naming a tender, order or shipment (``column``), oldest first."""
        if column not in ("tender_id", "order_id", "shipment_id"):
            raise ValueError(f"no history by {column}")
        return self.db.query(
            "SELECT e.event, e.contract, e.block_number, e.tx_hash, b.timestamp FROM events e "  # noqa: S608 - fixed clauses only; values are parameters
            "LEFT JOIN blocks b ON b.block_number = e.block_number "
            f"WHERE e.{column} = ? ORDER BY e.block_number, e.log_index",
            [value],
        )

    # ------------------------------------------------------------------ flags and charts

    def late_deliveries(self) -> list[Row]:
        """The 100 latest deliveries confirmed late (penalty charged), most days late first."""
        return self.db.query(
            "SELECT d.order_id, d.shipment_id, d.line_index, d.days_late, d.value_idr, "
            "d.confirmed_at, o.ocid, o.agency_org_id, o.supplier_org_id FROM deliveries d "
            "JOIN orders o ON o.order_id = d.order_id WHERE d.days_late > 0 "
            "ORDER BY d.days_late DESC, d.confirmed_at DESC LIMIT 100",
        )

    def disputes(self) -> list[Row]:
        """The 100 newest disputes, with their orders' parties."""
        return self.db.query(
            "SELECT d.*, o.ocid, o.agency_org_id, o.supplier_org_id FROM disputes d "
            "JOIN orders o ON o.order_id = d.order_id ORDER BY d.opened_at DESC LIMIT 100",
        )

    def analytics(self) -> list[Check]:
        """The audit toolkit's red-flag checks over the index, except the on-chain ones.

        Split purchases, price gaps, serial losers, late-delivery rates, payments without a
        confirmation, bids never revealed (:func:`py_client.audit.flags.red_flags`).
        """
        mark = index_mark(self.db, has_texts(self.db))
        now = time.monotonic()
        kept = self._checks
        if kept is None:
            kept = self._checks = (now, mark, self._analytics())
        elif kept[1] != mark and now - kept[0] >= ANALYTICS_MAX_AGE_S:
            if not self.background:
                kept = self._checks = (now, mark, self._analytics())
            elif not self._refreshing.locked():  # the last result serves while a thread redoes it
                threading.Thread(target=self._refresh, args=(mark,), daemon=True).start()
        return kept[2]  # they read the whole index: at most once per ANALYTICS_MAX_AGE_S

    def _refresh(self, mark: tuple[Any, ...]) -> None:
        with self._refreshing:
            started = time.monotonic()
            self._checks = (started, mark, self._analytics())

    def _analytics(self) -> list[Check]:
        try:
            report = red_flags(self.db)
        except NotIndexed:
            return []
        return [c for c in report.checks if c.name != "on-chain"]

    def flag_count(self) -> int:
        """Every finding the flags page lists: red flags raised on chain and analytic ones."""
        onchain = int(self.db.scalar("SELECT COUNT(*) FROM red_flag_events") or 0)
        onchain += int(self.db.scalar("SELECT COUNT(*) FROM split_flag_events") or 0)
        onchain += int(self.db.scalar("SELECT COUNT(*) FROM adendum_events") or 0)
        return onchain + sum(len(c.flags) for c in self.analytics())

    def spending_by_agency(self) -> list[Bar]:
        """Money paid out of escrow per agency (to suppliers), largest first."""
        bars: list[Bar] = self.cache.get("spending", lambda: self._paid_by("agency"))
        return bars

    def spending_by_supplier(self) -> list[Bar]:
        """Money received per supplier organisation, largest first."""
        bars: list[Bar] = self.cache.get("received", lambda: self._paid_by("supplier"))
        return bars

    def _paid_by(self, party: str) -> list[Bar]:
        """Payments summed per ``agency`` or ``supplier`` organisation, with its page."""
        column = {"agency": "o.agency_org_id", "supplier": "o.supplier_org_id"}[party]
        rows = self.db.query(
            f"SELECT {column} AS org, COALESCE(SUM(p.paid_idr), 0) AS paid FROM payments "  # noqa: S608 - a fixed column
            f"p JOIN orders o ON o.order_id = p.order_id GROUP BY {column} "
            "ORDER BY paid DESC LIMIT ?",
            [CHART_BARS],
        )
        pages = "agencies" if party == "agency" else "suppliers"
        return [
            Bar(self.org_name(int(r["org"])), int(r["paid"]), f"/{pages}/{r['org']}") for r in rows
        ]

    def delays(self) -> list[Bar]:
        """Days late per confirmed shipment delivery, in confirmation order."""
        bars: list[Bar] = self.cache.get("delays", self._delays)
        return bars

    def _delays(self) -> list[Bar]:
        rows = self.db.query(
            "SELECT d.shipment_id, d.days_late, o.ocid FROM deliveries d JOIN orders o ON "
            "o.order_id = d.order_id WHERE d.kind = 'shipment' "
            "ORDER BY d.block_number DESC, d.log_index DESC LIMIT ?",
            [CHART_BARS],
        )
        return [
            Bar(
                str(r["ocid"]),
                int(r["days_late"]),
                f"/shipments/{r['shipment_id']}",
                title=str(r["ocid"]),
                shipment_id=int(r["shipment_id"]),
            )
            for r in reversed(rows)
        ]

    def totals(self) -> dict[str, int]:
        """Headline figures: tenders, orders, shipments, money paid, penalties, red flags."""
        found: dict[str, int] = self.cache.get("totals", self._totals)
        return found

    def _totals(self) -> dict[str, int]:
        scalar = self.db.scalar
        return {
            "tenders": int(scalar("SELECT COUNT(*) FROM tenders") or 0),
            "orders": int(scalar("SELECT COUNT(*) FROM orders") or 0),
            "shipments": int(scalar("SELECT COUNT(*) FROM shipments") or 0),
            "paid_idr": int(scalar("SELECT COALESCE(SUM(paid_idr), 0) FROM payments") or 0),
            "penalty_idr": int(scalar("SELECT COALESCE(SUM(penalty_idr), 0) FROM payments") or 0),
            "flags": self.flag_count(),
        }

    # ------------------------------------------------------------------ search

    def find_ocid(self, ocid: str) -> tuple[str, int] | None:
        """The page an ocid names: (``tenders`` | ``orders``, id), or ``None``."""
        text = ocid.strip()
        tender = self.db.scalar("SELECT tender_id FROM tenders WHERE ocid = ?", [text])
        if tender is not None:
            return "tenders", int(tender)
        order = self.db.scalar(
            "SELECT order_id FROM orders WHERE ocid = ? ORDER BY order_id LIMIT 1", [text]
        )
        if order is not None:
            return "orders", int(order)
        return None


def as_int(value: Any) -> int:
    """A database value as ``int`` (0 for ``None``)."""
    return int(value or 0)


__all__ = [
    "Bar",
    "EscrowState",
    "Organisation",
    "PublicData",
    "as_int",
    "escrow_states",
]

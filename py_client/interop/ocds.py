"""Open Contracting Data Standard 1.1 exports of the audit index: release and record packages.

One contracting process per ``ocid``: a tender (``ocds-…-T<n>``) with the order made from its
award, or a direct purchase (``ocds-…-PO<n>``). Each step the chain recorded becomes one release,
dated by its block and identified by the event that caused it (``<ocid>/<stage>/<block>-<log>``,
so ids are stable across exports and unique):

========================  ==============================  ========================================
release tag               from                            what it states
========================  ==============================  ========================================
``tender``                ``TenderOpened``                tender: HPS, items, periods, spec
``award`` / ``tender…``   ``TenderAwarded`` / ``Failed``  tender status, tenderers, the award
                          / ``Cancelled``
``contract``              ``OrderCreated``                the contract (order): lines, value,
                                                          period; a direct purchase also gets its
                                                          ``tender`` (method ``direct``) and award
``contractUpdate``        ``OrderAccepted``               status ``active``, ``dateSigned``
``implementation``        each transaction that paid or   ``implementation.transactions``
                          confirmed a delivery            (payments), ``…milestones`` (deliveries)
``contractTermination``   ``OrderCancelled`` / ``…Ter-    status ``cancelled`` / ``terminated``
                          minated`` / closing event
========================  ==============================  ========================================

Amounts are whole rupiah (``IDR``); dates ISO-8601 in UTC from block timestamps. A record holds
the process's releases and a compiled release merged from them by the OCDS merge rules (objects
merged field by field, arrays of objects with ``id`` merged by ``id``, other values replaced).

Example::

    >>> from py_client.interop.index import open_index
    >>> db = open_index("rantai-audit.sqlite")  # doctest: +SKIP
    >>> package = release_package(db)  # doctest: +SKIP
    >>> package["releases"][0]["tag"]  # doctest: +SKIP
    ['tender']
"""

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from py_client.audit.db import Database, Row
from py_client.audit.errors import NotIndexed
from py_client.interop.index import CURRENCY, index_info, iso_time, org_label

OCDS_VERSION = "1.1"
DEFAULT_PUBLISHER = "Rantai audit index"

Json = dict[str, Any]


@dataclass
class _Release:
    """A release under construction, with the position of the event that caused it."""

    block: int
    log_index: int
    at: int
    stage: str
    tag: list[str]
    body: Json = field(default_factory=dict)


def process_ids(db: Database) -> list[str]:
    """Every ocid in the index: tenders first, then direct purchases, by id."""
    tenders = db.query("SELECT ocid FROM tenders ORDER BY tender_id")
    direct = db.query("SELECT ocid FROM orders WHERE tender_id IS NULL ORDER BY order_id")
    return [str(r["ocid"]) for r in [*tenders, *direct]]


def releases(db: Database, ocid: str) -> list[Json]:
    """The releases of one process, in chain order.

    Raises:
        NotIndexed: No tender or order has that ocid.
    """
    builder = _ProcessBuilder(db, ocid)
    return builder.build()


def release_package(
    db: Database,
    ocids: Iterable[str] | None = None,
    *,
    publisher: str = DEFAULT_PUBLISHER,
    uri: str | None = None,
) -> Json:
    """A release package with every release of ``ocids`` (default: every process).

    Args:
        db: The audit index.
        ocids: The processes to export; all when omitted.
        publisher: The publisher's name.
        uri: The package's URI; a ``urn:rantai:`` name of the chain and contracts by default.

    Returns:
        The package, valid against OCDS 1.1.5's ``release-package-schema.json``.
    """
    chosen = list(ocids) if ocids is not None else process_ids(db)
    package = _package_meta(db, publisher, uri, "releases")
    package["releases"] = [r for ocid in chosen for r in releases(db, ocid)]
    return package


def record_package(
    db: Database,
    ocids: Iterable[str] | None = None,
    *,
    publisher: str = DEFAULT_PUBLISHER,
    uri: str | None = None,
) -> Json:
    """A record package: per process its releases (embedded) and the compiled release.

    Arguments as :func:`release_package`; valid against ``record-package-schema.json``.
    """
    chosen = list(ocids) if ocids is not None else process_ids(db)
    package = _package_meta(db, publisher, uri, "records")
    records = []
    for ocid in chosen:
        process = releases(db, ocid)
        records.append(
            {"ocid": ocid, "releases": process, "compiledRelease": compiled_release(process)}
        )
    package["records"] = records
    return package


def compiled_release(process_releases: Iterable[Mapping[str, Any]]) -> Json:
    """The compiled release of one process: its releases merged in date (then given) order.

    The compiled release takes the last release's ``date``, the tags ``["compiled"]`` and an
    ``id`` of ``<ocid>/compiled``.
    """
    ordered = sorted(process_releases, key=lambda r: str(r["date"]))  # stable: chain order
    merged: Json = {}
    for release in ordered:
        body = {k: v for k, v in release.items() if k not in ("id", "tag")}
        merged = _merge(merged, body)
    if ordered:
        merged["id"] = f"{ordered[-1]['ocid']}/compiled"
        merged["tag"] = ["compiled"]
    return merged


def _merge(into: Any, update: Any) -> Any:
    """OCDS merge: objects field by field, arrays of identified objects by ``id``."""
    if isinstance(into, dict) and isinstance(update, dict):
        result = dict(into)
        for key, value in update.items():
            result[key] = _merge(result[key], value) if key in result else copy.deepcopy(value)
        return result
    if _identified(into) and _identified(update):
        by_id = {item["id"]: item for item in into}
        order = [item["id"] for item in into]
        for item in update:
            if item["id"] in by_id:
                by_id[item["id"]] = _merge(by_id[item["id"]], item)
            else:
                by_id[item["id"]] = copy.deepcopy(item)
                order.append(item["id"])
        return [by_id[i] for i in order]
    return copy.deepcopy(update)


def _identified(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(i, dict) and "id" in i for i in value)


def _package_meta(db: Database, publisher: str, uri: str | None, kind: str) -> Json:
    info = index_info(db)
    escrow = info.addresses.get("OrderEscrow", "unknown")
    published = iso_time(info.last_block_at) if info.last_block_at is not None else None
    return {
        "uri": uri or f"urn:rantai:{info.chain_id}:{escrow}:ocds:{kind}:{info.last_block}",
        "version": OCDS_VERSION,
        "publisher": {"name": publisher},
        "publishedDate": published or "1970-01-01T00:00:00Z",
    }


def _value(amount_idr: int) -> Json:
    return {"amount": amount_idr, "currency": CURRENCY}


def _party_id(org_id: int) -> str:
    return f"org-{org_id}"


def _ref(org_id: int) -> Json:
    return {"id": _party_id(org_id), "name": org_label(org_id)}


def _hash_document(doc_id: str, kind: str, digest: str, title: str) -> Json:
    return {
        "id": doc_id,
        "documentType": kind,
        "title": title,
        "description": f"keccak-256 {digest} (off-chain document, hash on chain)",
    }


class _ProcessBuilder:
    """Collects the releases of one process from the typed audit tables."""

    def __init__(self, db: Database, ocid: str) -> None:
        self.db = db
        self.ocid = ocid
        self.tender = _one(db.query("SELECT * FROM tenders WHERE ocid = ?", [ocid]))
        self.orders = db.query("SELECT * FROM orders WHERE ocid = ? ORDER BY order_id", [ocid])
        if self.tender is None and not self.orders:
            raise NotIndexed(f"no process with ocid {ocid} in the audit index")
        self.roles: dict[int, set[str]] = {}
        self.chain_id = index_info(db).chain_id
        self.out: list[_Release] = []

    def build(self) -> list[Json]:
        if self.tender is not None:
            self._tender(self.tender)
        for order in self.orders:
            self._order(order)
        self.out.sort(key=lambda r: (r.block, r.log_index, r.stage))
        parties = [
            {"id": _party_id(org), "name": org_label(org), "roles": sorted(roles)}
            for org, roles in sorted(self.roles.items())
        ]
        result = []
        for release in self.out:
            document: Json = {
                "ocid": self.ocid,
                "id": f"{self.ocid}/{release.stage}/{release.block}-{release.log_index}",
                "date": iso_time(release.at),
                "tag": release.tag,
                "initiationType": "tender",
                "parties": parties,
            }
            if self.buyer is not None:
                document["buyer"] = _ref(self.buyer)
            document.update(release.body)
            result.append(document)
        return result

    @property
    def buyer(self) -> int | None:
        if self.tender is not None:
            return int(self.tender["agency_org_id"])
        return int(self.orders[0]["agency_org_id"]) if self.orders else None

    def _role(self, org_id: int, *roles: str) -> None:
        self.roles.setdefault(org_id, set()).update(roles)

    def _log_of(self, tx_hash: str, event: str) -> int:
        found = self.db.scalar(
            "SELECT log_index FROM events WHERE tx_hash = ? AND event = ? ORDER BY log_index",
            [tx_hash, event],
        )
        return int(found) if found is not None else 0

    def _event_at(self, event: str, column: str, value: int) -> Row | None:
        return _one(
            self.db.query(
                f"SELECT block_number, log_index, tx_hash FROM events WHERE event = ? "  # noqa: S608
                f"AND {column} = ? ORDER BY block_number, log_index",
                [event, value],
            )
        )

    # ------------------------------------------------------------------ tender

    def _tender_core(self, t: Row) -> Json:
        items = self.db.query(
            "SELECT * FROM tender_items WHERE tender_id = ? ORDER BY item_index", [t["tender_id"]]
        )
        return {
            "id": f"T{t['tender_id']}",
            "procuringEntity": _ref(int(t["agency_org_id"])),
            "items": [
                {
                    "id": str(i["item_index"] + 1),
                    "description": f"item {i['description_hash']}",
                    "quantity": i["quantity"],
                    "unit": {"name": i["unit"]},
                }
                for i in items
            ],
            "value": _value(int(t["hps_idr"])),
            "procurementMethod": "open",
            "procurementMethodDetails": "sealed bids (commit-reveal) on the Rantai chain",
            "awardCriteria": "priceOnly",
            "submissionMethod": ["electronicSubmission"],
            "tenderPeriod": {
                "startDate": iso_time(int(t["opened_at"])),
                "endDate": iso_time(int(t["bid_deadline_at"])),
            },
            "awardPeriod": {
                "startDate": iso_time(int(t["bid_deadline_at"])),
                "endDate": iso_time(int(t["reveal_deadline_at"])),
            },
        }

    def _tender(self, t: Row) -> None:
        tender_id = int(t["tender_id"])
        agency = int(t["agency_org_id"])
        self._role(agency, "buyer", "procuringEntity")
        core = self._tender_core(t)
        core["status"] = "active"
        spec = _hash_document("spec", "technicalSpecifications", t["spec_hash"], "specification")
        if ":" in str(t["spec_uri"]) and " " not in str(t["spec_uri"]):
            spec["url"] = t["spec_uri"]
        core["documents"] = [spec]
        opened = self._log_of(str(t["opened_tx"]), "TenderOpened")
        self.out.append(
            _Release(
                int(t["opened_block"]),
                opened,
                int(t["opened_at"]),
                "tender",
                ["tender"],
                {"tender": core},
            )
        )
        status = str(t["status"])
        if status == "Open" or t["ended_block"] is None:
            return
        bids = self.db.query(
            "SELECT supplier_org_id FROM bids WHERE tender_id = ? ORDER BY seq", [tender_id]
        )
        tenderers = sorted({int(b["supplier_org_id"]) for b in bids})
        for org in tenderers:
            self._role(org, "tenderer")
        ended: Json = {
            "id": f"T{tender_id}",
            "status": {"Awarded": "complete", "Failed": "unsuccessful"}.get(status, "cancelled"),
            "numberOfTenderers": len(bids),
            "tenderers": [_ref(org) for org in tenderers],
        }
        event = {"Awarded": "TenderAwarded", "Failed": "TenderFailed"}.get(
            status, "TenderCancelled"
        )
        where = self._event_at(event, "tender_id", tender_id)
        log_index = int(where["log_index"]) if where is not None else 0
        body: Json = {"tender": ended}
        tag = {"Awarded": ["award"], "Failed": ["tenderUpdate"]}.get(status, ["tenderCancellation"])
        award = _one(self.db.query("SELECT * FROM awards WHERE tender_id = ?", [tender_id]))
        if award is not None:
            supplier = int(award["supplier_org_id"])
            self._role(supplier, "supplier")
            body["awards"] = [
                {
                    "id": f"T{tender_id}-award",
                    "status": "active",
                    "date": iso_time(int(award["awarded_at"])),
                    "value": _value(int(award["price_idr"])),
                    "suppliers": [_ref(supplier)],
                }
            ]
        self.out.append(
            _Release(int(t["ended_block"]), log_index, int(t["ended_at"]), "end", tag, body)
        )

    # ------------------------------------------------------------------ orders

    def _order(self, o: Row) -> None:
        order_id = int(o["order_id"])
        agency, supplier = int(o["agency_org_id"]), int(o["supplier_org_id"])
        self._role(agency, "buyer", "procuringEntity", "payer")
        self._role(supplier, "supplier", "payee")
        lines = self.db.query(
            "SELECT * FROM order_lines WHERE order_id = ? ORDER BY line_index", [order_id]
        )
        items = [
            {
                "id": str(line["line_index"] + 1),
                "description": f"item {line['item_hash']}"
                + (f", origin {line['origin_country']}" if line["origin_country"] else ""),
                "quantity": line["quantity"],
                "unit": {"name": line["unit"], "value": _value(int(line["unit_price_idr"]))},
            }
            for line in lines
        ]
        direct = o["tender_id"] is None
        award_id = f"PO{order_id}-award" if direct else f"T{o['tender_id']}-award"
        contract: Json = {
            "id": f"PO{order_id}",
            "awardID": award_id,
            "status": "pending",
            "value": _value(int(o["total_idr"])),
            "items": items,
            "period": {
                "startDate": iso_time(int(o["created_at"])),
                "endDate": iso_time(int(o["delivery_deadline_at"])),
            },
        }
        planned = [
            {
                "id": f"line-{line['line_index'] + 1}",
                "title": f"milestone of line {line['line_index'] + 1}",
                "type": "delivery",
                "dueDate": iso_time(int(line["due_at"])),
                "status": "scheduled",
            }
            for line in lines
            if line["due_at"]
        ]
        if planned:
            contract["milestones"] = planned
        body: Json = {"contracts": [contract]}
        tag = ["contract"]
        if direct:
            tag = ["tender", "award", "contract"]
            body["tender"] = {
                "id": f"PO{order_id}",
                "status": "complete",
                "procuringEntity": _ref(agency),
                "procurementMethod": "direct",
                "procurementMethodDetails": "direct purchase (pengadaan langsung) under the "
                "policy's ceiling",
                "value": _value(int(o["total_idr"])),
                "items": [{k: v for k, v in i.items() if k != "unit"} for i in items],
                "numberOfTenderers": 1,
                "tenderers": [_ref(supplier)],
            }
            body["awards"] = [
                {
                    "id": award_id,
                    "status": "active",
                    "date": iso_time(int(o["created_at"])),
                    "value": _value(int(o["total_idr"])),
                    "suppliers": [_ref(supplier)],
                }
            ]
        created = self._log_of(str(o["created_tx"]), "OrderCreated")
        self.out.append(
            _Release(int(o["created_block"]), created, int(o["created_at"]), "order", tag, body)
        )
        self._acceptance(o)
        self._implementation(o, agency, supplier)
        self._termination(o)

    def _acceptance(self, o: Row) -> None:
        order_id = int(o["order_id"])
        accepted = _one(self.db.query("SELECT * FROM acceptances WHERE order_id = ?", [order_id]))
        if accepted is None:
            return
        contract = {
            "id": f"PO{order_id}",
            "awardID": self._award_id(o),
            "status": "active",
            "dateSigned": iso_time(int(accepted["accepted_at"])),
            "documents": [
                _hash_document("contract", "contractSigned", accepted["contract_hash"], "contract")
            ],
        }
        log_index = self._log_of(str(accepted["tx_hash"]), "OrderAccepted")
        self.out.append(
            _Release(
                int(accepted["block_number"]),
                log_index,
                int(accepted["accepted_at"]),
                "accepted",
                ["contractUpdate"],
                {"contracts": [contract]},
            )
        )

    def _award_id(self, o: Row) -> str:
        if o["tender_id"] is None:
            return f"PO{o['order_id']}-award"
        return f"T{o['tender_id']}-award"

    def _implementation(self, o: Row, agency: int, supplier: int) -> None:
        order_id = int(o["order_id"])
        deliveries = self.db.query(
            "SELECT * FROM deliveries WHERE order_id = ? ORDER BY block_number, log_index",
            [order_id],
        )
        payments = self.db.query(
            "SELECT * FROM payments WHERE order_id = ? ORDER BY block_number, log_index",
            [order_id],
        )
        steps = sorted(
            {(int(r["block_number"]), str(r["tx_hash"])) for r in [*deliveries, *payments]}
        )
        milestones: list[Json] = []
        transactions: list[Json] = []
        for block, tx_hash in steps:
            first_log: int | None = None
            at = 0
            for d in deliveries:
                if d["tx_hash"] == tx_hash:
                    milestones.append(self._delivery_milestone(o, d))
                    first_log = _min(first_log, int(d["log_index"]))
                    at = int(d["confirmed_at"])
            for p in payments:
                if p["tx_hash"] != tx_hash:
                    continue
                first_log = _min(first_log, int(p["log_index"]))
                at = int(p["paid_at"])
                if int(p["paid_idr"]) > 0:
                    transactions.append(
                        {
                            "id": f"{p['tx_hash']}-{p['log_index']}",
                            "uri": f"urn:rantai:{self.chain_id}:tx:{p['tx_hash']}",
                            "date": iso_time(at),
                            "value": _value(int(p["paid_idr"])),
                            "payer": _ref(agency),
                            "payee": _ref(supplier),
                        }
                    )
            contract = {
                "id": f"PO{order_id}",
                "awardID": self._award_id(o),
                "implementation": {
                    "transactions": list(transactions),
                    "milestones": list(milestones),
                },
            }
            self.out.append(
                _Release(
                    block,
                    first_log or 0,
                    at,
                    "implementation",
                    ["implementation"],
                    {"contracts": [contract]},
                )
            )

    def _delivery_milestone(self, o: Row, d: Row) -> Json:
        kind = str(d["kind"])
        what = (
            f"shipment {d['shipment_id']} received"
            if kind == "shipment"
            else f"milestone line {int(d['line_index']) + 1} completed"
        )
        due = int(o["delivery_deadline_at"])
        if kind == "milestone":
            line = self.db.scalar(
                "SELECT due_at FROM order_lines WHERE order_id = ? AND line_index = ?",
                [o["order_id"], d["line_index"]],
            )
            due = int(line) if line else due
        milestone_id = (
            f"shipment-{d['shipment_id']}" if kind == "shipment" else f"line-{d['line_index'] + 1}"
        )
        return {
            "id": milestone_id,
            "title": what,
            "type": "delivery",
            "description": (
                f"value Rp {int(d['value_idr']):,}, {int(d['days_late'])} days late, "
                f"handover (BAST) keccak-256 {d['bast_hash']}"
            ),
            "dueDate": iso_time(due),
            "dateMet": iso_time(int(d["confirmed_at"])),
            "status": "met",
        }

    def _termination(self, o: Row) -> None:
        order_id = int(o["order_id"])
        state = str(o["state"])
        ends = {
            "Cancelled": ("OrderCancelled", "cancelled_at", "cancelled"),
            "Terminated": ("OrderTerminated", "terminated_at", "terminated"),
            "Closed": (None, "closed_at", "terminated"),
        }
        if state not in ends:
            return
        event, column, status = ends[state]
        if o[column] is None:
            return
        where: Row | None
        if event is None:
            where = _one(
                self.db.query(
                    "SELECT block_number, log_index FROM events WHERE order_id = ? AND event IN "
                    "('RetentionReleased', 'DisputeResolved') ORDER BY block_number DESC, "
                    "log_index DESC",
                    [order_id],
                )
            )
        else:
            where = self._event_at(event, "order_id", order_id)
        if where is None:
            return
        contract = {"id": f"PO{order_id}", "awardID": self._award_id(o), "status": status}
        self.out.append(
            _Release(
                int(where["block_number"]),
                int(where["log_index"]) + 1,
                int(o[column]),
                "end",
                ["contractTermination"],
                {"contracts": [contract]},
            )
        )


def _one(rows: list[Row]) -> Row | None:
    return rows[0] if rows else None


def _min(current: int | None, value: int) -> int:
    return value if current is None else min(current, value)

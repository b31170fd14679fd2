"""The point-in-time releases of one contracting process (see :mod:`py_client.interop.ocds`).

:class:`ProcessBuilder` reads a process's rows of the typed audit tables and its money movements
(:func:`~py_client.interop.payments.payment_rows`) and makes one release per transaction of the
chain that changed the process, each with the parties and roles known at its block.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from py_client.audit.db import Database, Row
from py_client.audit.errors import NotIndexed
from py_client.formatting import rupiah
from py_client.interop.index import CURRENCY, index_info, iso_time, org_label
from py_client.interop.payments import PaymentRow
from py_client.models import RED_FLAG_DESCRIPTIONS

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
    roles: dict[int, set[str]] = field(default_factory=dict)


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


def _item(index: int, item_hash: str, quantity: int, unit: Json) -> Json:
    return {
        "id": str(index + 1),
        "description": f"item {item_hash}",
        "classification": {
            "scheme": "X-RANTAI-KECCAK256",
            "id": item_hash,
            "description": "keccak-256 of the item's description (the text is off chain)",
        },
        "quantity": quantity,
        "unit": unit,
    }


BID_STATUS = {"Revealed": "valid", "Disqualified": "disqualified", "Committed": "withdrawn"}

# payments kind → the OCDS transactions it makes: (Rantai kind, column, who pays, who is paid).
_MOVEMENTS: dict[str, list[tuple[str, str, str | None, str | None]]] = {
    "escrow": [("escrowDeposit", "escrowed_idr", "agency", None)],
    "delivery": [
        ("payment", "paid_idr", "agency", "supplier"),
        ("penalty", "to_agency_idr", None, "agency"),
    ],
    "retention": [("retentionRelease", "paid_idr", "agency", "supplier")],
    "termination": [("terminationRefund", "to_agency_idr", None, "agency")],
    "ruling": [
        ("rulingPayment", "paid_idr", "agency", "supplier"),
        ("rulingRefund", "to_agency_idr", None, "agency"),
    ],
    "adendum": [
        ("adendumDeposit", "escrowed_idr", "agency", None),
        ("adendumRefund", "to_agency_idr", None, "agency"),
    ],
    "bond-deposit": [("bondDeposit", "escrowed_idr", "supplier", None)],
    "bond-refund": [("bondRefund", "paid_idr", None, "supplier")],
    "bond-forfeit": [("bondForfeit", "to_agency_idr", "supplier", "agency")],
}


# the events that close an order, in the order they are applied, and the contract status each sets
_CLOSING_EVENTS = (
    ("OrderCancelled", "cancelled"),
    ("OrderTerminated", "terminated"),
    ("RetentionReleased", "terminated"),
    ("DisputeResolved", "terminated"),
)


class ProcessBuilder:
    """Collects the point-in-time releases of one process from the typed audit tables."""

    def __init__(self, db: Database, ocid: str, money: list[PaymentRow]) -> None:
        self.db = db
        self.ocid = ocid
        self.money = money
        self.tender = _one(db.query("SELECT * FROM tenders WHERE ocid = ?", [ocid]))
        self.orders = db.query("SELECT * FROM orders WHERE ocid = ? ORDER BY order_id", [ocid])
        if self.tender is None and not self.orders:
            raise NotIndexed(f"no process with ocid {ocid} in the audit index")
        self.chain_id = index_info(db).chain_id
        self.steps: dict[str, _Release] = {}
        self.bid_ids: dict[str, str] = {}
        self.award_ids: dict[int, str] = {}

    # ------------------------------------------------------------------ assembly

    def build(self) -> list[Json]:
        if self.tender is not None:
            self._tender(self.tender)
        for order in self.orders:
            self._order(order)
        self._money()
        ordered = sorted(self.steps.values(), key=lambda r: (r.block, r.log_index, r.stage))
        known: dict[int, set[str]] = {}
        result = []
        for release in ordered:
            for org, roles in release.roles.items():
                known.setdefault(org, set()).update(roles)
            document: Json = {
                "ocid": self.ocid,
                "id": f"{self.ocid}/{release.stage}/{release.block}-{release.log_index}",
                "date": iso_time(release.at),
                "tag": release.tag,
                "initiationType": "tender",
                "parties": [
                    {"id": _party_id(org), "name": org_label(org), "roles": sorted(roles)}
                    for org, roles in sorted(known.items())
                ],
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

    def _step(
        self, tx_hash: str, block: int, log_index: int, at: int, stage: str, tag: list[str]
    ) -> _Release:
        """The release of transaction ``tx_hash`` (created on first use)."""
        step = self.steps.get(tx_hash)
        if step is None:
            step = _Release(block, log_index, at, stage, list(tag))
            self.steps[tx_hash] = step
        return step

    def _step_of(self, row: Row, at: int, stage: str, tag: list[str]) -> _Release:
        """The release of the transaction of event ``row`` (an indexed event's position)."""
        return self._step(
            str(row["tx_hash"]), int(row["block_number"]), int(row["log_index"]), at, stage, tag
        )

    def _step_made(self, row: Row, made: str, event: str, stage: str, tag: list[str]) -> _Release:
        """The release of the transaction that made ``row`` (its ``<made>_tx``, ``_block`` and
        ``_at`` columns), placed at that transaction's first ``event`` log."""
        tx_hash = str(row[f"{made}_tx"])
        block = int(row[f"{made}_block"])
        log_index = self._log_of(tx_hash, block, event)
        return self._step(tx_hash, block, log_index, int(row[f"{made}_at"]), stage, tag)

    def _contract_of(self, step: _Release, o: Row) -> Json:
        """Order ``o``'s contract in release ``step``."""
        return self._contract(step, int(o["order_id"]), self._award_id(o))

    def _log_of(self, tx_hash: str, block: int, event: str) -> int:
        """The first ``event`` log of transaction ``tx_hash`` (in ``block``: the events' key)."""
        found = self.db.scalar(
            "SELECT log_index FROM events WHERE block_number = ? AND tx_hash = ? AND event = ? "
            "ORDER BY log_index",
            [block, tx_hash, event],
        )
        return int(found) if found is not None else 0

    def _event(self, event: str, column: str, value: int) -> Row | None:
        return _one(
            self.db.query(
                f"SELECT e.block_number, e.log_index, e.tx_hash, e.args, b.timestamp "  # noqa: S608
                f"FROM events e JOIN blocks b ON b.block_number = e.block_number "
                f"WHERE e.event = ? AND e.{column} = ? ORDER BY e.block_number, e.log_index",
                [event, value],
            )
        )

    @staticmethod
    def _contract(step: _Release, order_id: int, award_id: str) -> Json:
        contracts: list[Json] = step.body.setdefault("contracts", [])
        for contract in contracts:
            if contract["id"] == f"PO{order_id}":
                return contract
        contract = {"id": f"PO{order_id}", "awardID": award_id}
        contracts.append(contract)
        return contract

    # ------------------------------------------------------------------ tender

    def _tender_core(self, t: Row) -> Json:
        items = self.db.query(
            "SELECT * FROM tender_items WHERE tender_id = ? ORDER BY item_index", [t["tender_id"]]
        )
        core: Json = {
            "id": f"T{t['tender_id']}",
            "status": "active",
            "procuringEntity": _ref(int(t["agency_org_id"])),
            "items": [
                _item(
                    int(i["item_index"]),
                    str(i["description_hash"]),
                    int(i["quantity"]),
                    {"name": i["unit"]},
                )
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
        if int(t["bond_idr"]):
            core["bondValue"] = _value(int(t["bond_idr"]))
        period = self.db.query(
            "SELECT * FROM tender_delivery_periods WHERE tender_id = ?", [t["tender_id"]]
        )
        if period:  # when the goods are due: the order's deadline lies inside (issue 13 item 4)
            core["contractPeriod"] = {
                "startDate": iso_time(int(period[0]["delivery_from_at"])),
                "endDate": iso_time(int(period[0]["delivery_until_at"])),
            }
        spec = _hash_document("spec", "technicalSpecifications", t["spec_hash"], "specification")
        if ":" in str(t["spec_uri"]) and " " not in str(t["spec_uri"]):
            spec["url"] = t["spec_uri"]
        core["documents"] = [spec]
        return core

    def _tender(self, t: Row) -> None:
        tender_id = int(t["tender_id"])
        opened = self._step_made(t, "opened", "TenderOpened", "tender", ["tender"])
        opened.roles[int(t["agency_org_id"])] = {"buyer", "procuringEntity"}
        opened.body["tender"] = self._tender_core(t)
        status = str(t["status"])
        if status == "Open" or t["ended_block"] is None:
            return
        event = {"Awarded": "TenderAwarded", "Failed": "TenderFailed"}.get(
            status, "TenderCancelled"
        )
        where = self._event(event, "tender_id", tender_id)
        if where is None:
            return
        tag = {"Awarded": ["award"], "Failed": ["tenderUpdate"]}.get(status, ["tenderCancellation"])
        end = self._step_of(where, int(t["ended_at"]), "end", tag)
        bids = self.db.query("SELECT * FROM bids WHERE tender_id = ? ORDER BY seq", [tender_id])
        details = [self._bid(tender_id, b) for b in bids]
        eligible = [d for d in details if d["status"] == "valid"]
        submitted = [d for d in details if d["status"] in ("valid", "disqualified")]
        tenderers = sorted({int(b["supplier_org_id"]) for b in bids})
        for org in tenderers:
            end.roles.setdefault(org, set()).add("tenderer")
        end.body["tender"] = {
            "id": f"T{tender_id}",
            "status": {"Awarded": "complete", "Failed": "unsuccessful"}.get(status, "cancelled"),
            "numberOfTenderers": len(eligible),
            "tenderers": [_ref(org) for org in tenderers],
        }
        if details:
            end.body["bids"] = {
                "statistics": [
                    _statistic(tender_id, "bids", len(details)),
                    _statistic(tender_id, "electronicBids", len(details)),
                    _statistic(tender_id, "validBids", len(eligible)),
                    _statistic(tender_id, "tendersDisqualified", len(submitted) - len(eligible)),
                ],
                "details": details,
            }
        award = _one(self.db.query("SELECT * FROM awards WHERE tender_id = ?", [tender_id]))
        awarded = self._event("TenderAwarded", "tender_id", tender_id)
        if award is not None and awarded is not None:
            # The award as made at finalisation (the table follows the current awardee).
            first = json.loads(str(awarded["args"]))
            supplier = int(first["supplierOrgId"])
            end.roles.setdefault(supplier, set()).add("supplier")
            end.body["awards"] = [
                {
                    "id": f"T{tender_id}-award",
                    "status": "active",
                    "date": iso_time(int(award["awarded_at"])),
                    "value": _value(int(first["priceIdr"])),
                    "suppliers": [_ref(supplier)],
                    "relatedBids": [self.bid_ids[str(first["supplier"]).lower()]],
                }
            ]
        flags = self._red_flags(tender_id)
        if flags:
            end.body["redFlags"] = flags
        self._award_changes(tender_id, bids)

    def _award_changes(self, tender_id: int, bids: list[Row]) -> None:
        """Objections (*sanggah*: the documented extension field ``rantaiObjections``) and
        runner-up awards (a new award; the previous one ``cancelled``), one release each."""
        org_of = {str(b["bidder"]): int(b["supplier_org_id"]) for b in bids}
        rows = self.db.query(
            "SELECT e.block_number, e.log_index, e.tx_hash, e.event, e.args, b.timestamp "
            "FROM events e JOIN blocks b ON b.block_number = e.block_number "
            "WHERE e.tender_id = ? AND e.event IN ('AwardObjected', 'ObjectionRuled', "
            "'AwardMoved') ORDER BY e.block_number, e.log_index",
            [tender_id],
        )
        objections: dict[str, Json] = {}
        award_id = f"T{tender_id}-award"
        moves = 0
        for r in rows:
            args = json.loads(str(r["args"]))
            step = self._step_of(r, int(r["timestamp"]), "award-change", ["awardUpdate"])
            at = iso_time(int(r["timestamp"]))
            if r["event"] == "AwardMoved":
                moves += 1
                new_id = f"T{tender_id}-award-{moves + 1}"
                nxt = str(args["next"]).lower()
                org = org_of.get(nxt, 0)
                step.roles.setdefault(org, set()).add("supplier")
                step.body["awards"] = [
                    {"id": award_id, "status": "cancelled"},
                    {
                        "id": new_id,
                        "status": "active",
                        "date": at,
                        "value": _value(int(args["priceIdr"])),
                        "suppliers": [_ref(org)],
                        "relatedBids": [self.bid_ids.get(nxt, "")],
                    },
                ]
                award_id = new_id
                continue
            objector = str(args["objector"]).lower()
            entry = objections.setdefault(
                objector,
                {
                    "id": f"T{tender_id}-objection-{len(objections) + 1}",
                    "objector": _ref(org_of.get(objector, 0)),
                    "relatedBid": self.bid_ids.get(objector, ""),
                },
            )
            if r["event"] == "AwardObjected":
                entry.update(
                    status="pending",
                    date=at,
                    reasonHash=str(args["reasonHash"]),
                    bond=_value(int(args["bondIdr"])),
                )
            else:
                entry.update(
                    status="upheld" if args["upheld"] else "rejected",
                    dateRuled=at,
                    rulingHash=str(args["rulingHash"]),
                )
            step.body["rantaiObjections"] = [dict(entry)]
        self.award_ids[tender_id] = award_id

    def _bid(self, tender_id: int, b: Row) -> Json:
        bid_id = f"T{tender_id}-bid-{int(b['seq']) + 1}"
        self.bid_ids[str(b["bidder"])] = bid_id
        state = str(b["state"])
        status = BID_STATUS.get(state, "pending")
        if state == "Revealed" and not b["valid"]:
            status = "disqualified"  # priced above the HPS: not eligible
        detail: Json = {
            "id": bid_id,
            "date": iso_time(int(b["committed_at"])),
            "status": status,
            "tenderers": [_ref(int(b["supplier_org_id"]))],
        }
        if b["price_idr"] is not None:
            detail["value"] = _value(int(b["price_idr"]))
        return detail

    def _red_flags(self, tender_id: int) -> list[Json]:
        rows = self.db.query(
            "SELECT * FROM red_flag_events WHERE tender_id = ? ORDER BY block_number, log_index",
            [tender_id],
        )
        flags = []
        for r in rows:
            flag: Json = {
                "id": f"{r['tx_hash']}-{r['log_index']}",
                "code": str(r["code"]),
                "title": RED_FLAG_DESCRIPTIONS.get(str(r["code"]), "red flag raised on chain"),
                "date": iso_time(int(r["raised_at"])),
                "value": _value(int(r["price_idr"])),
            }
            bid = self.bid_ids.get(str(r["bidder"]))
            if bid is not None:
                flag["relatedBid"] = bid
            flags.append(flag)
        return flags

    # ------------------------------------------------------------------ orders

    def _award_id(self, o: Row) -> str:
        if o["tender_id"] is None:
            return f"PO{o['order_id']}-award"
        return self.award_ids.get(int(o["tender_id"]), f"T{o['tender_id']}-award")

    def _order(self, o: Row) -> None:
        order_id = int(o["order_id"])
        agency, supplier = int(o["agency_org_id"]), int(o["supplier_org_id"])
        lines = self.db.query(
            "SELECT * FROM order_lines WHERE order_id = ? ORDER BY line_index", [order_id]
        )
        items = _order_items(lines)
        adendums = self._adendum_rows(order_id)
        total_idr, deadline_at = int(o["total_idr"]), int(o["delivery_deadline_at"])
        if adendums:  # the order's terms as created: before the first adendum
            first = adendums[0]
            total_idr = int(first["original_total_idr"])
            deadline_at = self._created_deadline(order_id, deadline_at)
            for item, quantity in zip(items, self._created_quantities(order_id), strict=False):
                item["quantity"] = quantity
        direct = o["tender_id"] is None
        award_id = self._award_id(o)
        tag = ["tender", "award", "contract"] if direct else ["contract"]
        step = self._step_made(o, "created", "OrderCreated", "order", tag)
        step.roles[agency] = {"buyer", "procuringEntity"}
        step.roles.setdefault(supplier, set()).add("supplier")
        contract = self._contract(step, order_id, award_id)
        contract.update(_contract_terms(o, lines, items, total_idr, deadline_at))
        if direct:
            step.roles[supplier].add("tenderer")
            step.body.update(_direct_purchase(o, items, total_idr, award_id))
        self._acceptance(o)
        self._amendments(o, items, adendums)
        self._deliveries(o)
        self._disputes(o)
        self._termination(o)

    def _acceptance(self, o: Row) -> None:
        order_id = int(o["order_id"])
        accepted = _one(self.db.query("SELECT * FROM acceptances WHERE order_id = ?", [order_id]))
        if accepted is None:
            return
        step = self._step(
            str(accepted["tx_hash"]),
            int(accepted["block_number"]),
            self._log_of(str(accepted["tx_hash"]), int(accepted["block_number"]), "OrderAccepted"),
            int(accepted["accepted_at"]),
            "accepted",
            ["contractUpdate"],
        )
        contract = self._contract_of(step, o)
        contract["status"] = "active"
        contract["dateSigned"] = iso_time(int(accepted["accepted_at"]))
        contract["documents"] = [
            _hash_document("contract", "contractSigned", accepted["contract_hash"], "contract")
        ]

    def _adendum_rows(self, order_id: int) -> list[Row]:
        return self.db.query(
            "SELECT * FROM adendum_events WHERE order_id = ? ORDER BY block_number, log_index",
            [order_id],
        )

    def _created_args(self, order_id: int) -> dict[str, Any]:
        created = self._event("OrderCreated", "order_id", order_id)
        return dict(json.loads(str(created["args"]))) if created is not None else {}

    def _created_deadline(self, order_id: int, default: int) -> int:
        return int(self._created_args(order_id).get("deliveryDeadlineAt", default))

    def _created_quantities(self, order_id: int) -> list[int]:
        lines = self._created_args(order_id).get("lines", [])
        return [int(line["quantity"] if isinstance(line, dict) else line[1]) for line in lines]

    def _amendments(self, o: Row, items: list[Json], adendums: list[Row]) -> None:
        """One ``contractAmendment`` release per signed adendum (issue 13 item 4): the new
        value, quantities and end date, and ``contracts[].amendments`` listing every adendum so
        far (OCDS 1.1.5 Amendment: id, date, rationale, description, releaseID)."""
        listed: list[Json] = []
        for a in adendums:
            step = self._step_of(a, int(a["signed_at"]), "adendum", ["contractAmendment"])
            quantities = [int(q) for q in json.loads(str(a["quantities"]))]
            amended = [
                {**item, "quantity": quantity}
                for item, quantity in zip(items, quantities, strict=False)
            ]
            listed.append(
                {
                    "id": f"adendum-{a['number']}",
                    "date": iso_time(int(a["signed_at"])),
                    "rationale": f"adendum kontrak signed by both parties; reason document "
                    f"keccak-256 {a['reason_hash']}",
                    "description": (
                        f"value {rupiah(int(a['old_total_idr']))} -> "
                        f"{rupiah(int(a['new_total_idr']))} (original "
                        f"{rupiah(int(a['original_total_idr']))}); quantities per line "
                        f"{', '.join(str(q) for q in quantities)}; delivery deadline "
                        f"{iso_time(int(a['delivery_deadline_at']))}"
                    ),
                    "releaseID": f"{self.ocid}/{step.stage}/{step.block}-{step.log_index}",
                }
            )
            contract = self._contract_of(step, o)
            contract["value"] = _value(int(a["new_total_idr"]))
            contract["items"] = amended
            contract["period"] = {
                "startDate": iso_time(int(o["created_at"])),
                "endDate": iso_time(int(a["delivery_deadline_at"])),
            }
            contract["amendments"] = list(listed)

    def _deliveries(self, o: Row) -> None:
        order_id = int(o["order_id"])
        for d in self.db.query(
            "SELECT * FROM deliveries WHERE order_id = ? ORDER BY block_number, log_index",
            [order_id],
        ):
            step = self._step_of(d, int(d["confirmed_at"]), "implementation", ["implementation"])
            contract = self._contract_of(step, o)
            implementation = contract.setdefault("implementation", {})
            implementation.setdefault("milestones", []).append(self._delivery_milestone(o, d))

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
                f"value {rupiah(int(d['value_idr']))}, {int(d['days_late'])} days late, "
                f"handover (BAST) keccak-256 {d['bast_hash']}"
            ),
            "dueDate": iso_time(due),
            "dateMet": iso_time(int(d["confirmed_at"])),
            "status": "met",
        }

    def _disputes(self, o: Row) -> None:
        order_id = int(o["order_id"])
        d = _one(self.db.query("SELECT * FROM disputes WHERE order_id = ?", [order_id]))
        if d is None:
            return
        dispute_id = str(d["opened_tx"])
        opened = self._step_made(d, "opened", "DisputeOpened", "dispute", ["contractUpdate"])
        opener = self._org_of(str(d["opened_by"]))
        entry: Json = {
            "id": dispute_id,
            "status": "open",
            "dateOpened": iso_time(int(d["opened_at"])),
            "description": f"reason keccak-256 {d['reason_hash']}",
        }
        if opener:
            entry["openedBy"] = _ref(opener)
        self._contract_of(opened, o).setdefault("disputes", []).append(entry)
        if d["resolved_tx"] is None:
            return
        resolved = self._event("DisputeResolved", "order_id", order_id)
        if resolved is None:
            return
        step = self._step_of(resolved, int(d["resolved_at"]), "end", ["contractTermination"])
        contract = self._contract_of(step, o)
        contract.setdefault("disputes", []).append(
            {
                "id": dispute_id,
                "status": "resolved",
                "dateResolved": iso_time(int(d["resolved_at"])),
                "toSupplier": _value(int(d["to_supplier_idr"])),
                "toBuyer": _value(int(d["to_agency_idr"])),
            }
        )

    def _org_of(self, account: str) -> int:
        found = self.db.scalar("SELECT org_id FROM accounts WHERE address = ?", [account.lower()])
        return int(found) if found is not None else 0

    def _termination(self, o: Row) -> None:
        """The events that close the order, each whatever the order's state now (a terminated
        order closes later; a retention release or a ruling closes it, with or without an
        indexed dispute)."""
        order_id = int(o["order_id"])
        for event, status in _CLOSING_EVENTS:
            where = self._event(event, "order_id", order_id)
            if where is None:
                continue
            step = self._step_of(where, int(where["timestamp"]), "end", ["contractTermination"])
            contract = self._contract_of(step, o)
            contract["status"] = status
            if event == "RetentionReleased":
                amount = json.loads(str(where["args"]))["amountIdr"]
                contract["retention"] = {
                    "released": _value(int(amount)),
                    "releaseDate": iso_time(int(where["timestamp"])),
                }

    # ------------------------------------------------------------------ money

    def _money(self) -> None:
        """Every token movement of the process as a transaction of the release of its block."""
        penalties: dict[int, int] = {}
        retained: dict[int, int] = {}
        for row in self.money:
            kind = row["kind"]
            bond = kind.startswith("bond-")
            step = self._step(
                row["tx_hash"],
                row["block_number"],
                row["log_index"],
                _unix(row["block_time"]),
                "tender" if bond else "implementation",
                ["tenderUpdate"] if bond else ["implementation"],
            )
            parties = {"agency": row["agency_org_id"], "supplier": row["supplier_org_id"]}
            made: list[Json] = []
            if kind == "bond-deposit" and row["supplier_org_id"]:  # the bid is public from now
                step.roles.setdefault(row["supplier_org_id"], set()).add("tenderer")
            for rantai_kind, column, payer, payee in _MOVEMENTS[kind]:
                amount = int(row[column])  # type: ignore[literal-required]
                if amount == 0:
                    continue
                transaction: Json = {
                    "id": f"{row['tx_hash']}-{row['log_index']}"
                    + ("" if not made else f"-{rantai_kind}"),
                    "kind": rantai_kind,
                    "date": row["block_time"],
                    "value": _value(amount),
                    "uri": f"urn:rantai:{self.chain_id}:tx:{row['tx_hash']}",
                }
                for role, who in (("payer", payer), ("payee", payee)):
                    if who is not None and parties[who]:
                        transaction[role] = _ref(parties[who])
                        step.roles.setdefault(parties[who], set()).add(role)
                if rantai_kind == "payment":
                    transaction["grossValue"] = _value(row["gross_idr"])
                    transaction["penaltyValue"] = _value(row["penalty_idr"])
                    transaction["retentionValue"] = _value(row["retention_idr"])
                made.append(transaction)
            if not made:
                continue
            if bond:
                tender = step.body.setdefault("tender", {"id": f"T{row['tender_id']}"})
                tender.setdefault("bondTransactions", []).extend(made)
                continue
            order_id = row["order_id"]
            if order_id is None:  # only bond rows have no order
                continue
            award = f"T{row['tender_id']}-award" if row["tender_id"] else f"PO{order_id}-award"
            contract = self._contract(step, order_id, award)
            implementation = contract.setdefault("implementation", {})
            implementation.setdefault("transactions", []).extend(made)
            if kind == "delivery":
                penalties[order_id] = penalties.get(order_id, 0) + row["penalty_idr"]
                retained[order_id] = retained.get(order_id, 0) + row["retention_idr"]
                penalty = contract.setdefault("penalty", {})
                penalty["total"] = _value(penalties[order_id])
                retention = contract.setdefault("retention", {})
                retention["held"] = _value(retained[order_id])


def _statistic(tender_id: int, measure: str, count: int) -> Json:
    return {"id": f"T{tender_id}-{measure}", "measure": measure, "value": count}


def _unix(iso: str) -> int:
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp())


def _one(rows: list[Row]) -> Row | None:
    return rows[0] if rows else None


def _order_items(lines: list[Row]) -> list[dict[str, Any]]:
    """An order's lines as OCDS items (the origin country in the description)."""
    items = [
        _item(
            int(line["line_index"]),
            str(line["item_hash"]),
            int(line["quantity"]),
            {"name": line["unit"], "value": _value(int(line["unit_price_idr"]))},
        )
        for line in lines
    ]
    for item, line in zip(items, lines, strict=True):
        if line["origin_country"]:
            item["description"] += f", origin {line['origin_country']}"
    return items


def _contract_terms(
    o: Row, lines: list[Row], items: list[dict[str, Any]], total_idr: int, deadline_at: int
) -> dict[str, Any]:
    """The contract's status, value, items, period, line milestones, penalty and retention."""
    terms: dict[str, Any] = {
        "status": "pending",
        "value": _value(total_idr),
        "items": items,
        "period": {
            "startDate": iso_time(int(o["created_at"])),
            "endDate": iso_time(deadline_at),
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
        terms["milestones"] = planned
    if o["penalty_per_mille_per_day"] is not None:
        terms["penalty"] = {
            "perMillePerDay": int(o["penalty_per_mille_per_day"]),
            "capBps": int(o["penalty_cap_bps"]),
        }
        terms["retention"] = {"rateBps": int(o["retention_bps"])}
    return terms


def _direct_purchase(
    o: Row, items: list[dict[str, Any]], total_idr: int, award_id: str
) -> dict[str, Any]:
    """A direct purchase's tender and award: one tenderer, the supplier, at the order's value."""
    agency, supplier = int(o["agency_org_id"]), int(o["supplier_org_id"])
    return {
        "tender": {
            "id": f"PO{o['order_id']}",
            "status": "complete",
            "procuringEntity": _ref(agency),
            "procurementMethod": "direct",
            "procurementMethodDetails": "direct purchase (pengadaan langsung) under the "
            "policy's ceiling",
            "value": _value(total_idr),
            "items": [{k: v for k, v in i.items() if k != "unit"} for i in items],
            "numberOfTenderers": 1,
            "tenderers": [_ref(supplier)],
        },
        "awards": [
            {
                "id": award_id,
                "status": "active",
                "date": iso_time(int(o["created_at"])),
                "value": _value(total_idr),
                "suppliers": [_ref(supplier)],
            }
        ],
    }

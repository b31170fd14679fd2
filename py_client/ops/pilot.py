"""The Rantai pilot, played through the client library (`make demo`; tests/e2e/test_demo.py).

One agency buys laptops and printers by sealed-bid tender: three suppliers bid (one above HPS),
the lowest valid bid wins, the order's money goes into escrow, a carrier brings two shipments
from origin to the warehouse (the second arrives late), each confirmation pays the supplier at
once with late penalty and retention, retention is released after the maintenance period, and a
second (direct) order ends in a dispute the arbiter resolves. Every step is a transaction signed
locally by the participant's own key through ``py_client``.
"""

import json
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from py_client import Rantai, Settings
from py_client.documents import Public
from py_client.formatting import grouped, rupiah
from py_client.models import CheckpointKind, Item, Line, Origin
from py_client.portal.documents import item_hash, spec_document
from py_client.receipts import TxResult

DAY = 86_400
FISCAL_YEAR = 2026
HPS_IDR = 1_200_000_000
BOND_IDR = 10_000_000
BIDS_IDR = {"supplier_a": 1_000_000_000, "supplier_b": 1_100_000_000, "supplier_c": 1_300_000_000}
LAPTOPS, LAPTOP_PRICE_IDR = 40, 20_000_000
PRINTERS, PRINTER_PRICE_IDR = 10, 20_000_000
DIRECT_IDR = 150_000_000
RULING_TO_SUPPLIER_IDR = 100_000_000
MAINTENANCE_DAYS = 90
LATE_DAYS = 12
TENDER_TITLE = "Laptop dan printer untuk puskesmas Kota Bandung 2026"
TENDER_DESCRIPTION = (
    "Pengadaan 40 laptop dan 10 printer untuk pencatatan pasien di puskesmas Kota Bandung, "
    "dengan garansi dan pemeliharaan 90 hari."
)
LAPTOP_ITEM = "Laptop 14 inci, prosesor 8 inti, RAM 16 GB, SSD 512 GB"
PRINTER_ITEM = "Printer laser monokrom A4, jaringan LAN"
DIRECT_ITEM = "Masker medis 3 lapis, kotak isi 50"

# Pilot participants by anvil development account index (network/pilot/participants.yaml).
PILOT_ACCOUNTS = {
    "agency": 2,
    "supplier_a": 3,
    "supplier_b": 4,
    "supplier_c": 5,
    "carrier": 6,
    "auditor": 7,
    "arbiter": 8,
}

Say = Callable[[str], None]


@dataclass
class Summary:
    """What the pilot moved, in whole rupiah (written to out/demo/summary.json)."""

    tender_id: int = 0
    winner: str = ""
    award_idr: int = 0
    invalid_bids: int = 0
    order_id: int = 0
    escrowed_idr: int = 0
    paid_on_delivery_idr: int = 0
    penalties_idr: int = 0
    retention_held_idr: int = 0
    retention_released_idr: int = 0
    days_late: list[int] = field(default_factory=list)
    dispute_order_id: int = 0
    ruling_to_supplier_idr: int = 0
    ruling_to_agency_idr: int = 0
    bonds_refunded_idr: int = 0
    red_flags: list[str] = field(default_factory=list)
    transactions: int = 0
    gas_used: int = 0


class Pilot:
    """The participants' clients on one chain, and the clock of a development node."""

    def __init__(
        self,
        rpc_url: str,
        deployment: Path,
        keys: dict[str, str],
        salt_dir: Path,
        say: Say,
        documents: Path | None = None,
    ) -> None:
        chain_id = json.loads(deployment.read_text())["chainId"]
        self.say = say
        self.summary = Summary()
        self.clients = {
            name: Rantai.connect(
                Settings(
                    rpc_url=rpc_url,
                    chain_id=chain_id,
                    deployment=str(deployment),
                    private_key=key,
                    gas_mode="free",
                    document_store=str(documents) if documents else None,
                ),
                salt_dir=salt_dir,
            )
            for name, key in keys.items()
        }

    def __getitem__(self, name: str) -> Rantai:
        return self.clients[name]

    def tally(self, result: TxResult) -> TxResult:
        self.summary.transactions += 1
        self.summary.gas_used += result.gas_used
        return result

    def advance_to(self, at: int) -> None:
        """Move the development node's clock to ``at`` (evm_setNextBlockTimestamp + mine)."""
        w3 = self["agency"].w3
        if at > self["agency"].now():
            w3.provider.make_request("evm_setNextBlockTimestamp", [at])  # type: ignore[arg-type]
            w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]


def run_pilot(
    rpc_url: str,
    deployment: Path,
    keys: dict[str, str],
    out_dir: Path,
    say: Say = print,
    documents: Path | None = None,
) -> Summary:
    """Play the pilot and write ``out_dir/summary.json``.

    Args:
        rpc_url: A development node (anvil) whose clock may be moved.
        deployment: The deployment file of a bootstrapped pilot (network/pilot/participants.yaml).
        keys: Private keys by participant: agency, supplier_a, supplier_b, supplier_c, carrier,
            arbiter, auditor.
        out_dir: Where summary.json (and the bid salts) go. The pilot owns ``out_dir/salts``:
            it plays on the deployment it is given, so the salts of an earlier run (a chain that
            is gone, whose fresh successor reuses the same addresses and tender ids) are
            removed first; a second ``make demo`` or ``make portal`` needs no ``make clean``.
        say: Where the narrative goes.
        documents: The document store the agency publishes the tender's public documents to
            (specification and item descriptions); ``out_dir/documents`` by default.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    salts = out_dir / "salts"
    shutil.rmtree(salts, ignore_errors=True)
    store = documents or out_dir / "documents"
    pilot = Pilot(rpc_url, deployment, keys, salts, say, store)
    tender_id = _tender(pilot)
    order_id = _order(pilot, tender_id)
    _deliveries(pilot, order_id)
    _dispute(pilot)
    pilot.summary.red_flags = [f.code for f in pilot["auditor"].red_flags(tender_id)]
    (out_dir / "summary.json").write_text(json.dumps(asdict(pilot.summary), indent=2) + "\n")
    return pilot.summary


def _tender(p: Pilot) -> int:
    agency, now = p["agency"], p["agency"].now()
    bid_deadline = now + 3 * DAY + 3600
    reveal_deadline = bid_deadline + 2 * DAY
    listed = [(LAPTOP_ITEM, LAPTOPS, "unit"), (PRINTER_ITEM, PRINTERS, "unit")]
    for description, _, _ in listed:  # each item's description is a public document too
        agency.documents.put_public(description.encode("utf-8"))
    spec = spec_document(TENDER_TITLE, listed, TENDER_DESCRIPTION)
    opened = p.tally(
        agency.agency.open_tender(
            spec=Public(spec),
            spec_uri="store://spec-2026-01",
            items=[Item(item_hash(d), quantity, unit) for d, quantity, unit in listed],
            hps_idr=HPS_IDR,
            bid_deadline_at=bid_deadline,
            reveal_deadline_at=reveal_deadline,
            fiscal_year=FISCAL_YEAR,
            bond_idr=BOND_IDR,
            # The delivery period the order's deadline must fall in (the order is the award).
            delivery_from_at=reveal_deadline + 14 * DAY,
            delivery_until_at=reveal_deadline + 60 * DAY,
        )
    )
    tender_id = _created(opened.tender_id)
    p.summary.tender_id = tender_id
    p.say(
        f"1. agency opened tender {agency.ocid('T', tender_id)}: HPS {rupiah(HPS_IDR)}, "
        f"bond {rupiah(BOND_IDR)}"
    )
    for name, price in BIDS_IDR.items():
        p.tally(p[name].supplier.approve_bond(tender_id))
        p.tally(p[name].supplier.commit_bid(tender_id, price, allow_invalid=price > HPS_IDR))
        p.say(f"   {name} committed a sealed bid (salt kept by its client)")
    p.advance_to(bid_deadline)
    for name in BIDS_IDR:
        revealed = p.tally(p[name].supplier.reveal_bid(tender_id)).event("BidRevealed")
        valid = bool(revealed.args["valid"])
        p.summary.invalid_bids += 0 if valid else 1
        p.say(
            f"   {name} revealed {rupiah(revealed.args['priceIdr'])}"
            f"{'' if valid else ' (above HPS: invalid)'}"
        )
    p.advance_to(reveal_deadline)
    final = p.tally(p["auditor"].agency.finalise_tender(tender_id))
    award = final.event("TenderAwarded").args
    p.summary.winner, p.summary.award_idr = str(award["supplier"]), int(award["priceIdr"])
    p.summary.bonds_refunded_idr += sum(
        int(e.args["amountIdr"]) for e in final.events_named("BondRefunded")
    )
    p.say(
        f"2. finalised: {award['supplier']} wins at {rupiah(award['priceIdr'])}; "
        f"losers' bonds refunded"
    )
    # Ordering waits for the objection window (sanggah); nobody objects in the pilot.
    objection_ends_at = p["auditor"].tender(tender_id).objection_ends_at
    if objection_ends_at is not None:
        p.advance_to(int(objection_ends_at.timestamp()))
    return tender_id


def _order(p: Pilot, tender_id: int) -> int:
    agency = p["agency"]
    deadline = agency.now() + 30 * DAY
    lines = [
        Line(item_hash(LAPTOP_ITEM), LAPTOPS, LAPTOP_PRICE_IDR, "unit", "ID"),
        Line(item_hash(PRINTER_ITEM), PRINTERS, PRINTER_PRICE_IDR, "unit", "CN"),
    ]
    created = p.tally(
        agency.agency.create_order_from_tender(
            tender_id,
            lines,
            delivery_deadline_at=deadline,
            maintenance_period=MAINTENANCE_DAYS * DAY,
            ref=f"SPSE-PILOT-{tender_id}",  # the chain refuses a second order with it
        )
    )
    order_id = _created(created.order_id)
    p.tally(agency.agency.approve_escrow(order_id))
    accepted = p.tally(p["supplier_a"].supplier.accept_order(order_id, b"Surat perjanjian 2026-01"))
    p.summary.order_id = order_id
    p.summary.escrowed_idr = int(accepted.event("OrderAccepted").args["escrowedIdr"])
    p.summary.bonds_refunded_idr += sum(
        int(e.args["amountIdr"]) for e in accepted.events_named("BondRefunded")
    )
    p.say(
        f"3. order {order_id} signed: {rupiah(p.summary.escrowed_idr)} in escrow, "
        f"winner's bond returned"
    )
    return order_id


def _ship(
    p: Pilot,
    order_id: int,
    quantities: list[int],
    route: list[tuple[str, str]],
    expected_at: int,
    origin: Origin,
) -> int:
    carrier = p["carrier"]
    registered = p["supplier_a"].supplier.register_shipment(
        order_id, quantities, carrier.address or "", expected_at, origin
    )
    shipment_id = _created(p.tally(registered).shipment_id)
    for kind, place in route:
        p.tally(
            carrier.carrier.record_checkpoint(
                shipment_id, CheckpointKind[kind], place, evidence=f"{kind} {place}".encode()
            )
        )
    return shipment_id


def _confirm(p: Pilot, shipment_id: int, label: str) -> None:
    result = p.tally(p["agency"].agency.confirm_delivery(shipment_id, bast=label.encode()))
    paid = result.event("PaymentReleased").args
    late = int(result.event("DeliveryConfirmed").args["daysLate"])
    p.summary.paid_on_delivery_idr += int(paid["paidIdr"])
    p.summary.penalties_idr += int(paid["penaltyIdr"])
    p.summary.retention_held_idr += int(paid["retentionIdr"])
    p.summary.days_late.append(late)
    p.say(
        f"   {label}: paid {rupiah(paid['paidIdr'])}, penalty {rupiah(paid['penaltyIdr'])} "
        f"({late} days late), retention held {rupiah(paid['retentionIdr'])}"
    )


def _deliveries(p: Pilot, order_id: int) -> None:
    order = p["agency"].order(order_id)
    deadline = int(order.delivery_deadline_at.timestamp())
    first = _ship(
        p,
        order_id,
        [LAPTOPS, 0],
        [("PICKED_UP", "IDBDO"), ("IN_TRANSIT", "IDBDO-TOLL"), ("ARRIVED", "IDBDO-GUDANG1")],
        deadline - DAY,
        Origin("ID", "Jawa Barat", "8991234500017"),
    )
    p.say(f"4. shipment {first} (laptops) tracked Bandung → warehouse, on time")
    _confirm(p, first, "BAST-001 laptops")
    second = _ship(
        p,
        order_id,
        [0, PRINTERS],
        [("PICKED_UP", "CNSZX"), ("AT_CUSTOMS", "IDTPP")],
        deadline,
        Origin("CN", "Guangdong", "6901234500018"),
    )
    p.advance_to(deadline + (LATE_DAYS - 1) * DAY + 60)
    p.tally(
        p["carrier"].carrier.record_checkpoint(
            second, CheckpointKind.ARRIVED, "IDBDO-GUDANG1", evidence=b"arrival photo"
        )
    )
    p.say(f"5. shipment {second} (printers) cleared customs and arrived {LATE_DAYS} days late")
    _confirm(p, second, "BAST-002 printers")
    release = p["agency"].order(order_id).retention_release_at
    if release is None:
        raise RuntimeError(f"order {order_id} is not fully delivered")
    release_at = int(release.timestamp())
    p.advance_to(release_at)
    released = p.tally(p["auditor"].agency.release_retention(order_id))
    p.summary.retention_released_idr = int(released.event("RetentionReleased").args["amountIdr"])
    p.say(
        f"6. {MAINTENANCE_DAYS}-day maintenance period over: retention "
        f"{rupiah(p.summary.retention_released_idr)} released to the supplier"
    )


def _dispute(p: Pilot) -> None:
    agency, supplier = p["agency"], p["supplier_b"]
    agency.documents.put_public(DIRECT_ITEM.encode("utf-8"))
    created = p.tally(
        agency.agency.create_direct_order(
            supplier.address or "",
            FISCAL_YEAR,
            [Line(item_hash(DIRECT_ITEM), 100, DIRECT_IDR // 100, "box", "ID")],
            delivery_deadline_at=agency.now() + 14 * DAY,
            maintenance_period=30 * DAY,
        )
    )
    order_id = _created(created.order_id)
    p.tally(agency.agency.approve_escrow(order_id))
    p.tally(supplier.supplier.accept_order(order_id, b"SPK langsung 2026-07"))
    p.tally(agency.agency.open_dispute(order_id, b"wrong reagent lot delivered"))
    # Issue 13 item 7: the supplier answers, so the arbiter need not wait out the response window.
    p.tally(supplier.supplier.respond_to_dispute(order_id, b"lot certificate attached"))
    ruling = p.tally(
        p["arbiter"].arbiter.resolve_dispute(
            order_id, RULING_TO_SUPPLIER_IDR, ruling=b"Putusan arbiter 2026-07"
        )
    ).event("DisputeResolved")
    p.summary.dispute_order_id = order_id
    p.summary.ruling_to_supplier_idr = int(ruling.args["toSupplierIdr"])
    p.summary.ruling_to_agency_idr = int(ruling.args["toAgencyIdr"])
    p.say(
        f"7. direct order {order_id} ({rupiah(DIRECT_IDR)}) disputed; arbiter split: "
        f"{rupiah(p.summary.ruling_to_supplier_idr)} to supplier, "
        f"{rupiah(p.summary.ruling_to_agency_idr)} back to the agency"
    )


def _created(new_id: int | None) -> int:
    if new_id is None:
        raise RuntimeError("the transaction created nothing")
    return new_id


def summary_table(s: Summary) -> str:
    """The closing table of the demo."""
    rows = [
        ("awarded (lowest valid bid)", s.award_idr),
        ("escrowed on signature", s.escrowed_idr),
        ("paid on delivery", s.paid_on_delivery_idr),
        ("late penalties (to agency)", s.penalties_idr),
        ("retention held", s.retention_held_idr),
        ("retention released", s.retention_released_idr),
        ("bid bonds refunded", s.bonds_refunded_idr),
        ("dispute: to supplier", s.ruling_to_supplier_idr),
        ("dispute: refunded to agency", s.ruling_to_agency_idr),
    ]
    width = max(len(r[0]) for r in rows)
    lines = [f"{'':{width}}  {'Rp':>17}", *(f"{k:<{width}}  {grouped(v):>17}" for k, v in rows)]
    lines.append(f"{'red flags':<{width}}  {', '.join(s.red_flags) or 'none':>17}")
    lines.append(
        f"{'transactions (gas)':<{width}}  {f'{s.transactions} ({grouped(s.gas_used)})':>17}"
    )
    return "\n".join(lines)

"""The whole procurement lifecycle through the client, checked against independent arithmetic.

A tender with three bidders (one above the HPS), reveal, finalisation, an order from the award,
acceptance, two shipments with checkpoints and a custody handover (one shipment late), delivery
confirmations with late penalty and retention, the maintenance period, the retention release;
then a direct order whose unconfirmed shipment is escalated to a dispute the arbiter resolves.
"""

import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

from py_client import BidState, CheckpointKind, OrderState, ShipmentStatus, TenderStatus
from py_client.models import Item, OrderReport, TenderReport
from tests.support.client import BOND_IDR, DAY, SUPPLIER_FUNDS_IDR, World, goods_line, item_hash
from tests.support.constants import AGENCY_ORG, FISCAL_YEAR

HPS_IDR = 1_000_000_000
PRICES = {"supplier": 900_000_000, "supplier2": 950_000_000, "supplier3": 1_100_000_000}
LAPTOPS, LAPTOP_PRICE = 100, 6_000_000
PRINTERS, PRINTER_PRICE = 20, 15_000_000
RETENTION_BPS, PENALTY_PER_MILLE, PENALTY_CAP_BPS = 500, 1, 500
MAINTENANCE = timedelta(days=90)


def split(value_idr: int, days_late: int) -> tuple[int, int, int]:
    """(paid, penalty, retention) as DESIGN section 5 defines them, computed independently."""
    penalty = min(
        value_idr * PENALTY_PER_MILLE * days_late // 1000, value_idr * PENALTY_CAP_BPS // 10_000
    )
    retention = min(value_idr * RETENTION_BPS // 10_000, value_idr - penalty)
    return value_idr - penalty - retention, penalty, retention


def test_full_lifecycle_through_the_client(world: World, tmp_path: Path) -> None:
    w = world
    agency, supplier = w.agency.agency, w.supplier.supplier
    agency_start = w.agency.balance()

    # --- tender: three sealed bids, one above the HPS ----------------------------------------
    tender_id = w.open_tender(
        HPS_IDR,
        items=[  # what the order will carry (the order is the award)
            Item(item_hash("laptop"), LAPTOPS, "kg"),
            Item(item_hash("printer"), PRINTERS, "kg"),
        ],
    )
    tender = w.auditor.tender(tender_id)
    assert (tender.status, tender.hps_idr, tender.bond_idr) == (
        TenderStatus.OPEN,
        HPS_IDR,
        BOND_IDR,
    )
    assert tender.ocid == f"ocds-rantai-{w.agency.chain_id}-T{tender_id}"
    assert tender.items[0].quantity == 100
    assert tender.spec_uri == "rantai://docs/spec-001"
    for name, price in PRICES.items():
        result = w.bid(name, tender_id, price, allow_invalid=price > HPS_IDR)
        event = result.event("BidCommitted")
        assert event["bidder"] == w.address(name)
        assert event["commitment"] == result.extra["commitment"]
    assert [b.state for b in w.auditor.bids(tender_id)] == [BidState.COMMITTED] * 3

    w.to_reveal(tender_id)
    for name, price in PRICES.items():
        revealed = getattr(w, name).supplier.reveal_bid(tender_id).event("BidRevealed")
        assert (revealed["priceIdr"], revealed["valid"]) == (price, price <= HPS_IDR)
    bids = {b.bidder: b for b in w.auditor.bids(tender_id)}
    assert bids[w.address("supplier3")].valid is False
    assert bids[w.address("supplier")].price_idr == PRICES["supplier"]

    w.to_finalise(tender_id)
    final = supplier.finalise_tender(tender_id)  # anyone may finalise
    awarded = final.event("TenderAwarded")
    assert (awarded["supplier"], awarded["priceIdr"]) == (w.address("supplier"), PRICES["supplier"])
    refunded = {e["bidder"] for e in final.events_named("BondRefunded")}
    assert refunded == {w.address("supplier2"), w.address("supplier3")}
    assert w.auditor.red_flags(tender_id) == []
    # The whole HPS stays committed until the award is accepted (it may move to a runner-up).
    assert w.agency.budget(AGENCY_ORG, FISCAL_YEAR).committed_idr == HPS_IDR
    w.past_objections(tender_id)  # ordering waits for the objection (sanggah) window

    # --- order from the award, accepted: the money moves into escrow -------------------------
    deadline = w.now() + 30 * DAY
    lines = [
        goods_line("laptop", LAPTOPS, LAPTOP_PRICE),
        goods_line("printer", PRINTERS, PRINTER_PRICE),
    ]
    created = agency.create_order_from_tender(tender_id, lines, deadline, MAINTENANCE)
    order_id = created.order_id
    assert order_id is not None
    assert created.event("OrderCreated")["ocid"] == tender.ocid
    assert created.event("AwardOrdered")["orderId"] == order_id
    agency.approve_escrow(order_id)
    accepted = supplier.accept_order(order_id, b"SPK")
    assert accepted.event("OrderAccepted")["escrowedIdr"] == PRICES["supplier"]
    assert accepted.event("BondRefunded")["bidder"] == w.address("supplier")
    order = w.auditor.order(order_id)
    assert (order.state, order.tender_id, order.unpaid_idr) == (
        OrderState.ACTIVE,
        tender_id,
        900_000_000,
    )
    assert w.agency.balance() == agency_start - PRICES["supplier"]
    supplier_start = w.supplier.balance()
    assert supplier_start == SUPPLIER_FUNDS_IDR  # bond posted and returned

    # --- shipment 1 on time, with a custody handover ------------------------------------------
    first = w.shipment(order_id, [60, PRINTERS])
    carrier, carrier2 = w.carrier.carrier, w.carrier2.carrier
    carrier.record_checkpoint(
        first, "picked_up", "IDTPP", latitude_e6=-6_104_000, longitude_e6=106_880_000
    )
    carrier.record_checkpoint(first, CheckpointKind.IN_TRANSIT, "IDSRG", evidence=b"waybill photo")
    assert carrier.nominate_custodian(first, w.address("carrier2")).event("CustodianNominated")
    transferred = carrier2.accept_custody(first).event("CustodyTransferred")
    assert transferred["newCustodian"] == w.address("carrier2")
    carrier2.record_checkpoint(first, "at_customs", "IDSUB")
    carrier2.record_checkpoint(first, "arrived", "IDJKT")
    history = w.auditor.checkpoints(first)
    assert [c.kind for c in history] == [
        CheckpointKind.PICKED_UP,
        CheckpointKind.IN_TRANSIT,
        CheckpointKind.AT_CUSTOMS,
        CheckpointKind.ARRIVED,
    ]
    assert [c.custodian for c in history] == [w.address("carrier")] * 2 + [
        w.address("carrier2")
    ] * 2
    assert history[0].latitude_e6 == -6_104_000
    assert history[1].location == "IDSRG"
    assert history[-1].new_head == w.auditor.shipment(first).head

    bast = tmp_path / "bast-1.pdf"
    bast.write_bytes(b"BAST 1")
    value1 = 60 * LAPTOP_PRICE + PRINTERS * PRINTER_PRICE
    paid1, penalty1, retention1 = split(value1, 0)
    confirmed = agency.confirm_delivery(first, [60, PRINTERS], bast)
    delivery = confirmed.event("DeliveryConfirmed")
    assert (delivery["valueIdr"], delivery["daysLate"]) == (value1, 0)
    payment = confirmed.event("PaymentReleased")
    assert (payment["paidIdr"], payment["penaltyIdr"], payment["retentionIdr"]) == (
        paid1,
        penalty1,
        retention1,
    )
    assert w.supplier.balance() == supplier_start + paid1

    # --- shipment 2 arrives two and a half days late ----------------------------------------
    second = w.shipment(order_id, [40, 0])
    w.move_to(deadline + 2 * DAY + DAY // 2)
    arrived_at = int(w.arrive(second).event("ShipmentArrived")["arrivedAt"])
    days_late = math.ceil((arrived_at - deadline) / DAY)
    assert days_late == 3
    value2 = 40 * LAPTOP_PRICE
    paid2, penalty2, retention2 = split(value2, days_late)
    assert penalty2 == 720_000
    assert retention2 == 12_000_000
    confirmed = agency.confirm_delivery(second)  # received = shipped
    payment = confirmed.event("PaymentReleased")
    assert (payment["paidIdr"], payment["penaltyIdr"], payment["retentionIdr"]) == (
        paid2,
        penalty2,
        retention2,
    )
    release_at = int(confirmed.event("OrderDelivered")["retentionReleaseAt"])
    order = w.auditor.order(order_id)
    assert order.state == OrderState.DELIVERED
    assert order.retention_held_idr == retention1 + retention2
    assert order.retention_release_at == datetime.fromtimestamp(release_at, UTC)
    assert w.supplier.balance() == supplier_start + paid1 + paid2
    assert w.agency.balance() == agency_start - PRICES["supplier"] + penalty2
    assert [line.delivered_quantity for line in w.auditor.lines(order_id)] == [LAPTOPS, PRINTERS]

    report = w.auditor.status(tender.ocid)
    assert isinstance(report, TenderReport)
    assert report.order is not None
    assert [s.status for s in report.order.shipments] == [ShipmentStatus.ARRIVED] * 2
    assert all(s.confirmed for s in report.order.shipments)
    assert "awarded" in report.summary
    assert "delivered" in report.summary

    # --- maintenance period over: retention released to the supplier -------------------------
    w.move_to(release_at)
    released = supplier.release_retention(order_id).event("RetentionReleased")
    assert released["amountIdr"] == retention1 + retention2
    assert w.auditor.order(order_id).state == OrderState.CLOSED
    assert w.supplier.balance() == supplier_start + value1 + value2 - penalty2

    # --- a direct order: the unconfirmed shipment is escalated, the arbiter splits -----------
    direct_id = w.direct_order([goods_line("rice", 100, 1_000_000)], deadline_in=10 * DAY)
    w.accepted(direct_id)
    shipment_id = w.shipment(direct_id, [100])
    arrived_at = int(w.arrive(shipment_id).event("ShipmentArrived")["arrivedAt"])
    w.move_to(arrived_at + 7 * DAY)
    opened = supplier.escalate_unconfirmed(shipment_id, b"no BAST after 7 days").event(
        "DisputeOpened"
    )
    assert (opened["orderId"], opened["shipmentId"]) == (direct_id, shipment_id)
    w.agency.agency.respond_to_dispute(direct_id, b"BAST withheld: goods damaged")
    before_supplier, before_agency = w.supplier.balance(), w.agency.balance()
    ruling = w.arbiter.arbiter.resolve_dispute(direct_id, 60_000_000, ruling=b"putusan 01/2026")
    resolved = ruling.event("DisputeResolved")
    assert (resolved["toSupplierIdr"], resolved["toAgencyIdr"]) == (60_000_000, 40_000_000)
    dispute = w.auditor.dispute(direct_id)
    assert dispute is not None
    assert dispute.resolved
    assert (dispute.opened_by, dispute.shipment_id) == (w.address("supplier"), shipment_id)
    assert (dispute.to_supplier_idr, dispute.to_agency_idr) == (60_000_000, 40_000_000)
    assert w.supplier.balance() == before_supplier + 60_000_000
    assert w.agency.balance() == before_agency + 40_000_000
    direct_report = w.auditor.status(f"order:{direct_id}")
    assert isinstance(direct_report, OrderReport)
    assert direct_report.order.state == OrderState.CLOSED
    assert direct_report.order.held_idr == 0
    assert "dispute resolved" in direct_report.summary
    committed = PRICES["supplier"] - penalty2 + 60_000_000
    assert w.agency.budget(AGENCY_ORG, FISCAL_YEAR).committed_idr == committed

"""The whole procurement lifecycle on the contracts, as an auditor would replay it.

Tender with three sealed bids (one above HPS) → award → order from the award → acceptance and
escrow → two shipments tracked by carriers, one arriving on time and one late → confirmations that
pay at once with late penalty and retention → retention released after the maintenance period →
a second (direct) order whose dispute the arbiter resolves. Amounts are checked against
independent arithmetic from the policy: 1 per mille of the delivered value per late day, capped at
5 %, and 5 % retention.
"""

from dataclasses import astuple
from typing import Any

from eth_abi import encode
from eth_utils import keccak

from tests.support.constants import FISCAL_YEAR, OCID_PREFIX
from tests.support.escrow import DAY, NO_REF, Terms, payment_split
from tests.support.tracking import new_ref

HPS_IDR = 120_000_000
BOND_IDR = 1_000_000
TERMS = Terms()  # the registry's default policy, which the payments below follow


def h(text: str) -> bytes:
    return keccak(text=text)


def unit(text: str) -> bytes:
    return text.encode().ljust(16, b"\0")


def expected_payment(value_idr: int, late_days: int) -> tuple[int, int, int]:
    """(paid to supplier, penalty to agency, retention held) for a delivery, by the policy."""
    return astuple(payment_split(value_idr, late_days, TERMS))


def commit(tendering: Any, tender_id: int, bidder: Any, price: int, salt: bytes) -> None:
    chain_id = tendering.provider.chain_id
    commitment = keccak(
        encode(
            ["uint256", "address", "uint256", "address", "uint256", "bytes32"],
            [chain_id, tendering.address, tender_id, bidder.address, price, salt],
        )
    )
    assert commitment == tendering.commitmentOf(tender_id, bidder, price, salt)
    tendering.commitBid(tender_id, commitment, sender=bidder)


def checkpoint(kind: int, place: str, at: int, lat: int = 0, lon: int = 0) -> tuple[Any, ...]:
    return (kind, place.encode().ljust(32, b"\0"), lat, lon, at, h(f"photo {place} {at}"))


def test_tender_to_payment_retention_and_dispute(
    system: dict[str, Any],
    chain: Any,
    agency: Any,
    supplier: Any,
    supplier2: Any,
    supplier3: Any,
    carrier: Any,
    carrier2: Any,
    arbiter: Any,
) -> None:
    registry, token = system["registry"], system["token"]
    tendering, escrow, tracking = system["tendering"], system["escrow"], system["tracking"]
    treasury_funds = {s: 5_000_000 for s in (supplier, supplier2, supplier3)}
    for bidder, amount in treasury_funds.items():
        token.transfer(bidder, amount, sender=agency)
        token.approve(tendering, BOND_IDR, sender=bidder)

    # 1. The agency opens a tender; HPS is committed against its budget.
    now = chain.pending_timestamp
    bid_deadline = now + 3 * DAY + 60
    reveal_deadline = bid_deadline + 2 * DAY
    items = [(h("laptop spec v1"), 40, unit("unit")), (h("printer spec v1"), 10, unit("unit"))]
    params = (
        h("spec.pdf"),
        "ipfs://spec",
        items,
        HPS_IDR,
        bid_deadline,
        reveal_deadline,
        BOND_IDR,
        FISCAL_YEAR,
        reveal_deadline + 10 * DAY,  # delivery period: the order's deadline must fall inside
        reveal_deadline + 90 * DAY,
    )
    opened = tendering.openTender(params, sender=agency)
    [event] = opened.decode_logs(tendering.TenderOpened)
    tender_id = event.tenderId
    assert event.ocid == f"{OCID_PREFIX}-{chain.chain_id}-T{tender_id}"

    # 2. Three sealed bids; one is above HPS.
    bids = {supplier: 100_000_000, supplier2: 110_000_000, supplier3: 130_000_000}
    for bidder, price in bids.items():
        commit(tendering, tender_id, bidder, price, h(f"salt {bidder.address}"))
    chain.pending_timestamp = bid_deadline
    for bidder, price in bids.items():
        revealed = tendering.revealBid(tender_id, price, h(f"salt {bidder.address}"), sender=bidder)
        [reveal] = revealed.decode_logs(tendering.BidRevealed)
        assert bool(reveal.valid) is (price <= HPS_IDR)

    # 3. Anyone finalises after the reveal deadline: lowest valid price wins, losers refunded.
    chain.pending_timestamp = reveal_deadline
    finalised = tendering.finaliseTender(tender_id, sender=supplier3)
    [award] = finalised.decode_logs(tendering.TenderAwarded)
    assert (award.supplier, award.priceIdr) == (supplier, 100_000_000)
    refunded = {e.bidder for e in finalised.decode_logs(tendering.BondRefunded)}
    assert refunded == {supplier2.address, supplier3.address}
    # The HPS stays committed until the award is accepted (it may move to a runner-up).
    assert registry.budget(10, FISCAL_YEAR).committedIdr == HPS_IDR
    chain.pending_timestamp = tendering.tender(tender_id).objectionEndsAt  # after the sanggah

    # 4. Order from the award: 40 laptops at 2,000,000 and 10 printers at 2,000,000.
    deadline = chain.pending_timestamp + 30 * DAY
    lines = [
        (h("laptop spec v1"), 40, 2_000_000, unit("unit"), b"ID", 0),
        (h("printer spec v1"), 10, 2_000_000, unit("unit"), b"CN", 0),
    ]
    created = escrow.createOrderFromTender(
        tender_id, lines, deadline, 90 * DAY, NO_REF, sender=agency
    )
    [order_event] = created.decode_logs(escrow.OrderCreated)
    order_id = order_event.orderId
    assert order_event.ocid == f"{OCID_PREFIX}-{chain.chain_id}-T{tender_id}"

    # 5. The supplier signs; the total moves into escrow; its bid bond comes back.
    token.approve(escrow, 100_000_000, sender=agency)
    accepted = escrow.acceptOrder(order_id, h("contract.pdf"), sender=supplier)
    assert accepted.decode_logs(tendering.BondRefunded)[0].bidder == supplier.address
    assert token.balanceOf(escrow) == 100_000_000

    # 6. Two shipments; the second changes carrier on the way.
    origin = (b"ID", h("Jawa Barat"), h("GLN 8991234567890"))
    first = tracking.registerShipment(
        order_id, [40, 0], origin, carrier, deadline - DAY, new_ref(), sender=supplier
    ).decode_logs(tracking.ShipmentRegistered)[0]
    second = tracking.registerShipment(
        order_id,
        [0, 10],
        (b"CN", h("Guangdong"), h("GLN 2")),
        carrier,
        deadline,
        new_ref(),
        sender=supplier,
    )
    second = second.decode_logs(tracking.ShipmentRegistered)[0]
    t = chain.pending_timestamp - 3600  # checkpoint times are in the past of the block
    tracking.recordCheckpoint(
        first.shipmentId, checkpoint(1, "IDBDO", t, -6914744, 107609810), new_ref(), sender=carrier
    )
    tracking.recordCheckpoint(
        first.shipmentId, checkpoint(2, "IDJKT", t + 60), new_ref(), sender=carrier
    )
    arrived = tracking.recordCheckpoint(
        first.shipmentId, checkpoint(4, "IDJKT-WH1", t + 120), new_ref(), sender=carrier
    )
    assert arrived.decode_logs(tracking.ShipmentArrived)[0].shipmentId == first.shipmentId
    tracking.recordCheckpoint(
        second.shipmentId, checkpoint(1, "CNSZX", t), new_ref(), sender=carrier
    )
    tracking.nominateCustodian(second.shipmentId, carrier2, sender=carrier)
    tracking.acceptCustody(second.shipmentId, sender=carrier2)
    tracking.recordCheckpoint(
        second.shipmentId, checkpoint(3, "IDTPP", t + 600), new_ref(), sender=carrier2
    )
    assert tracking.shipment(second.shipmentId).checkpointCount == 2

    # 7. First shipment confirmed on time: paid at once, 5 % retention held, no penalty.
    supplier_before = token.balanceOf(supplier)
    confirmed = escrow.confirmDelivery(first.shipmentId, [40, 0], h("BAST-1"), sender=agency)
    [payment] = confirmed.decode_logs(escrow.PaymentReleased)
    assert (payment.paidIdr, payment.penaltyIdr, payment.retentionIdr) == expected_payment(
        80_000_000, 0
    )
    assert token.balanceOf(supplier) == supplier_before + payment.paidIdr

    # 8. Second shipment arrives 12 days late (12 started days after the deadline).
    chain.pending_timestamp = deadline + 11 * DAY + 1
    tracking.recordCheckpoint(
        second.shipmentId, checkpoint(4, "IDJKT-WH1", deadline + DAY), new_ref(), sender=carrier2
    )
    agency_before = token.balanceOf(agency)
    late = escrow.confirmDelivery(second.shipmentId, [0, 10], h("BAST-2"), sender=agency)
    [delivery] = late.decode_logs(escrow.DeliveryConfirmed)
    assert delivery.daysLate == 12
    [payment2] = late.decode_logs(escrow.PaymentReleased)
    paid2, penalty2, retention2 = expected_payment(20_000_000, 12)
    assert (payment2.paidIdr, payment2.penaltyIdr, payment2.retentionIdr) == (
        paid2,
        penalty2,
        retention2,
    )
    assert penalty2 == 240_000
    assert token.balanceOf(agency) == agency_before + penalty2
    [delivered] = late.decode_logs(escrow.OrderDelivered)
    held = expected_payment(80_000_000, 0)[2] + retention2
    assert escrow.heldIdr(order_id) == held == token.balanceOf(escrow)

    # 9. After the maintenance period anyone releases the retention to the supplier.
    chain.pending_timestamp = delivered.retentionReleaseAt
    released = escrow.releaseRetention(order_id, sender=arbiter)
    assert released.decode_logs(escrow.RetentionReleased)[0].amountIdr == held
    assert token.balanceOf(escrow) == 0
    assert escrow.order(order_id).state == 4  # Closed

    # 10. A direct purchase goes to dispute and the arbiter splits what escrow holds.
    direct_lines = [(h("toner"), 50, 1_000_000, unit("box"), b"ID", 0)]
    now = chain.pending_timestamp
    direct = escrow.createDirectOrder(
        supplier2, FISCAL_YEAR, direct_lines, now + 10 * DAY, DAY, NO_REF, sender=agency
    ).decode_logs(escrow.OrderCreated)[0]
    assert direct.ocid == f"{OCID_PREFIX}-{chain.chain_id}-PO{direct.orderId}"
    token.approve(escrow, 50_000_000, sender=agency)
    escrow.acceptOrder(direct.orderId, h("po.pdf"), sender=supplier2)
    escrow.openDispute(direct.orderId, h("wrong toner model"), sender=agency)
    escrow.respondToDispute(direct.orderId, h("right model, wrong box"), sender=supplier2)
    ruling = escrow.resolveDispute(
        direct.orderId, 20_000_000, 30_000_000, h("ruling.pdf"), sender=arbiter
    ).decode_logs(escrow.DisputeResolved)[0]
    assert (ruling.toSupplierIdr, ruling.toAgencyIdr) == (20_000_000, 30_000_000)
    assert token.balanceOf(escrow) == 0

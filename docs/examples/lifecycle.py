"""The whole procurement lifecycle with the py_client library, one role at a time.

The library twin of ``lifecycle.sh`` (see docs/client.md). Runs against the local pilot on anvil
(participants bootstrapped: agency organisation 10 with a 2026 budget). Environment: RANTAI_RPC_URL,
RANTAI_DEPLOYMENT, the hex keys GOVERNOR_KEY TREASURY_KEY AGENCY_KEY SUPPLIER_KEY SUPPLIER2_KEY
CARRIER_KEY CARRIER2_KEY ARBITER_KEY, and NEW_ACCOUNT (an address in no organisation)::

    python docs/examples/lifecycle.py

Waiting for deadlines moves anvil's clock (``evm_setNextBlockTimestamp``); on a real network the
steps happen days apart.
"""

import dataclasses
import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from py_client import Item, Line, Origin, Rantai, Settings, document_hash

HERE = Path(__file__).resolve().parent
DAY = 86_400
Connect = Callable[[str | None], Rantai]


def lifecycle(connect: Connect, advance: Callable[[int], None], new_account: str) -> int:
    """Run every role's steps; ``connect(role)`` gives a client signing as that role."""
    governor, treasury, agency = connect("governor"), connect("treasury"), connect("agency")
    supplier, supplier2 = connect("supplier"), connect("supplier2")
    carrier, carrier2, arbiter = connect("carrier"), connect("carrier2"), connect("arbiter")
    auditor = connect(None)  # read-only: the chain is open to auditors

    # Governor: enrol a contractor organisation and its account.
    governor.governor.register_organisation(24, "contractor", b"PT Contoh Konstruksi, NIB ...")
    governor.governor.add_account(new_account, 24)
    governor.governor.grant_role("supplier", new_account)

    # Treasury: next year's budget ceiling (pagu), rupiah for the bidders' bonds.
    treasury.treasury.allocate_budget(10, 2027, 75_000_000_000)
    for bidder in (supplier, supplier2):
        treasury.treasury.mint(bidder.require_signer(), 50_000_000)

    # Agency: open a tender (items are hashed descriptions; the spec stays off chain).
    now = agency.now()
    opened = agency.agency.open_tender(
        spec=b"Spesifikasi teknis: 100 laptop, 20 printer",
        spec_uri="rantai://docs/spec-laptops",
        items=[
            Item(document_hash(b"Laptop 14 inch"), 100, "unit"),
            Item(document_hash(b"Laser printer A4"), 20, "unit"),
        ],
        hps_idr=1_000_000_000,
        bid_deadline_at=now + 3 * DAY + 3600,
        reveal_deadline_at=now + 5 * DAY,
        fiscal_year=2026,
        bond_idr=5_000_000,
    )
    tender_id = created(opened.tender_id)

    # Suppliers: approve the bond, commit a sealed bid (the salt is stored before sending).
    for bidder, price in ((supplier, 780_000_000), (supplier2, 850_000_000)):
        bidder.supplier.approve_bond(tender_id)
        bidder.supplier.commit_bid(tender_id, price)
    advance(3 * DAY + 3601)
    for bidder in (supplier, supplier2):
        bidder.supplier.reveal_bid(tender_id)  # price and salt come from the salt store

    # Anyone finalises; the agency turns the award into an order and approves the escrow.
    advance(2 * DAY)
    agency.agency.finalise_tender(tender_id)
    advance(5 * DAY)  # the objection (sanggah) window: ordering waits for it
    lines = [
        Line(document_hash(b"Laptop 14 inch"), 100, 7_000_000, "unit", "ID"),
        Line(document_hash(b"Laser printer A4"), 20, 4_000_000, "unit", "ID"),
    ]
    order = agency.agency.create_order_from_tender(
        tender_id, lines, agency.now() + 30 * DAY, timedelta(days=90)
    )
    order_id = created(order.order_id)
    agency.agency.approve_escrow(order_id)
    supplier.supplier.accept_order(order_id, b"Surat perjanjian (signed contract)")

    # Supplier ships; carriers record checkpoints and hand custody over.
    shipment = supplier.supplier.register_shipment(
        order_id,
        [100, 20],
        carrier.require_signer(),
        supplier.now() + 5 * DAY,
        Origin("ID", "ID-JB", "8991234000001"),
    )
    shipment_id = created(shipment.shipment_id)
    carrier.carrier.record_checkpoint(
        shipment_id, "picked_up", "IDCGK", latitude_e6=-6_125_600, longitude_e6=106_655_900
    )
    carrier.carrier.nominate_custodian(shipment_id, carrier2.require_signer())
    carrier2.carrier.accept_custody(shipment_id)
    advance(DAY)
    carrier2.carrier.record_checkpoint(shipment_id, "arrived", "IDJKT")

    # Agency: confirm what arrived (BAST); the escrow pays at once.
    paid = agency.agency.confirm_delivery(shipment_id, [100, 20], b"Berita acara serah terima")
    print("paid:", paid.event("PaymentReleased")["paidIdr"])

    # Arbiter: a direct purchase in dispute, split half and half.
    purchase = agency.agency.create_direct_order(
        supplier.require_signer(),
        2026,
        [Line(document_hash(b"Beras medium 50 kg"), 200, 650_000, "sack", "ID")],
        agency.now() + 30 * DAY,
        timedelta(days=30),
    )
    direct = created(purchase.order_id)
    agency.agency.approve_escrow(direct)
    supplier.supplier.accept_order(direct, b"contract")
    supplier.supplier.open_dispute(direct, b"the agency changed the delivery site")
    # The other party is heard before a ruling (or its response window of 3 days passes).
    agency.agency.respond_to_dispute(direct, b"the site moved by letter of 2 March")
    held = arbiter.order(direct).held_idr
    arbiter.arbiter.resolve_dispute(direct, to_supplier_idr=held // 2, ruling=b"putusan")

    # After the maintenance period anyone releases the retention to the supplier.
    advance(91 * DAY)
    supplier.supplier.release_retention(order_id)

    # Auditor: the process by its ocid, with red flags and the proven shipment history.
    report = auditor.auditor.process(auditor.ocid("T", tender_id))
    print(report.summary)
    for flag in auditor.auditor.red_flags(tender_id):
        print(flag.code, flag.description)
    print(len(auditor.auditor.checkpoints(shipment_id)), "checkpoints, history proven")
    return order_id


def created(new_id: int | None) -> int:
    """The id a creating transaction reported (``TxResult.tender_id`` / ``order_id`` ...)."""
    if new_id is None:
        raise RuntimeError("the transaction created nothing")
    return new_id


def main() -> None:
    """Connect each role from the environment and run the lifecycle."""
    base = Settings.from_env()

    def connect(role: str | None) -> Rantai:
        key = os.environ[f"{role.upper()}_KEY"] if role else None
        return Rantai.connect(
            dataclasses.replace(base, private_key=key, keystore=None, mnemonic=None)
        )

    def advance(seconds: int) -> None:
        client = connect(None)
        make_request = client.w3.provider.make_request
        make_request("evm_setNextBlockTimestamp", [client.now() + seconds])  # type: ignore[arg-type]
        make_request("evm_mine", [])  # type: ignore[arg-type]

    lifecycle(connect, advance, os.environ["NEW_ACCOUNT"])


if __name__ == "__main__":
    main()

"""Bulk operations on anvil: every operation end to end, validation, journal, resume, CLI.

The kill-and-resume tests with a real SIGKILL of the CLI process are in test_bulk_kill.py.
"""

import io
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from eth_account import Account
from eth_utils import keccak, to_checksum_address

from py_client import Rantai
from py_client.bulk import (
    BulkOptions,
    Fees,
    Job,
    Journal,
    JournalError,
    Presigner,
    Progress,
    RawRpc,
    TxRequest,
    request_of,
    run_bulk,
    send_all,
)
from py_client.bulk import engine as engine_module
from py_client.bulk import rpc as rpc_module
from py_client.bulk.codec import FunctionCodec
from py_client.bulk.presign import SignedTx
from py_client.cli.bulk import ProgressBar
from py_client.inputs import InputError
from tests.support.bulk import (
    ORDER_COLUMNS,
    QUANTITY,
    UNIT_PRICE_IDR,
    created_orders,
    item,
    journaled_hashes,
    wait_mined,
    write_csv,
)
from tests.support.cli import Run
from tests.support.client import Connect
from tests.support.constants import AGENCY_ORG, FISCAL_YEAR

# Contract paths are covered by the contract suites; this one runs untraced (docs/contracts.md).
pytestmark = pytest.mark.no_contract_trace

ORDER_TOTAL_IDR = QUANTITY * UNIT_PRICE_IDR


@pytest.fixture
def agency_client(connect: Connect, agency: Any) -> Rantai:
    return connect(agency)


@pytest.fixture
def supplier_client(connect: Connect, supplier: Any) -> Rantai:
    return connect(supplier)


def done_ids(report: Any, key: str = "order_id") -> list[int]:
    return [r.created[key] for r in report.rows if r.state == "done"]


# --------------------------------------------------------------------------- low level


@pytest.mark.parametrize(
    "fees",
    [Fees(gas_price=0), Fees(gas_price=7), Fees(max_fee=3 * 10**9, max_priority_fee=10**9)],
    ids=["free", "legacy", "eip1559"],
)
@pytest.mark.parametrize("coincurve", [True, False], ids=["coincurve", "eth-keys"])
def test_presigner_signs_the_same_bytes_as_eth_account(fees: Fees, coincurve: bool) -> None:
    account = Account.from_key("0x" + "42" * 32)
    signer = Presigner(account, 1945, fees, next_nonce=7)
    if not coincurve:
        signer._fast = None  # the path without the optional coincurve
    target = to_checksum_address("0x" + "ab" * 20)
    request = TxRequest(target, bytes(range(200)), 123_456, value=5)
    signed = signer.sign(request)
    fields: dict[str, Any] = {
        "to": target,
        "data": bytes(range(200)),
        "gas": 123_456,
        "value": 5,
        "nonce": 7,
        "chainId": 1945,
    }
    if fees.is_legacy:
        fields["gasPrice"] = fees.gas_price
    else:
        fields |= {"maxFeePerGas": fees.max_fee, "maxPriorityFeePerGas": fees.max_priority_fee}
    expected = account.sign_transaction(fields)
    assert signed.raw == bytes(expected.raw_transaction)
    assert signed.tx_hash == "0x" + bytes(expected.hash).hex()
    assert (signed.nonce, signer.next_nonce) == (7, 8)
    assert request_of(signed.raw) == request


def approval_job(client: Rantai, sender: str, key: Any, amount_idr: int) -> Job:
    """A bulk job of ``sender``: approve the escrow for ``amount_idr`` of the Rupiah token."""
    approve = FunctionCodec.of("RupiahToken", "approve")
    call = approve.encode([client.escrow.address, amount_idr])
    return Job(key, sender, TxRequest(client.token.address, call, 80_000))


def test_send_all_sends_presigned_batches_and_returns_every_receipt(
    agency_client: Rantai, agency: Any, private_key: Callable[[Any], str]
) -> None:
    rpc = RawRpc(agency_client.w3.provider.endpoint_uri)  # type: ignore[attr-defined]
    account = Account.from_key(private_key(agency))
    fees = Fees.from_fields(agency_client.chain.fee_fields("auto"))
    signer = Presigner(account, agency_client.chain_id, fees, rpc.nonces([agency.address])[0])
    jobs = [approval_job(agency_client, signer.address, n, n) for n in range(1, 31)]
    receipts = send_all(rpc, [signer], jobs, max_in_flight=8, batch_size=4)
    assert sorted(receipts) == list(range(1, 31))
    assert all(r["status"] == "0x1" for r in receipts.values())
    blocks = [int(receipts[n]["blockNumber"], 16) for n in range(1, 31)]
    assert blocks == sorted(blocks)  # nonce order is mining order
    approvals = agency_client.logs("RupiahToken", "Approval", {"owner": agency.address})
    assert [e["args"]["value"] for e in approvals][-30:] == list(range(1, 31))
    assert agency_client.allowance(agency.address, agency_client.escrow.address) == 30

    handed: dict[Any, str] = {}
    more = [approval_job(agency_client, signer.address, n, n) for n in (31, 32)]
    kept = send_all(
        rpc, [signer], more, on_receipt=lambda key, r: handed.update({key: r["status"]})
    )
    assert kept == {}
    assert handed == {31: "0x1", 32: "0x1"}


# --------------------------------------------------------------------------- orders


def test_bulk_orders_create_each_row_once_and_a_rerun_sends_nothing(
    agency_client: Rantai, supplier: Any, orders_csv: Callable[..., Path]
) -> None:
    path = orders_csv(25)
    budget_before = agency_client.budget(AGENCY_ORG, FISCAL_YEAR).committed_idr
    report = run_bulk(agency_client, "orders", path, BulkOptions(batch_size=5, max_in_flight=10))
    assert report.complete
    assert report.counts["done"] == 25
    assert report.sent == 25
    created = created_orders(agency_client)
    assert all(created[item(f"PO-{i}")] == 1 for i in range(25))
    ids = done_ids(report)
    assert len(set(ids)) == 25
    for row, order_id in zip(report.rows, ids, strict=True):
        event = agency_client.logs("OrderEscrow", "OrderCreated", {"orderId": order_id})[0]
        assert bytes(event["args"]["lines"][0]["itemHash"]) == item(str(row.ref))
        assert event["args"]["supplier"] == supplier.address
    assert agency_client.budget(AGENCY_ORG, FISCAL_YEAR).committed_idr == (
        budget_before + 25 * ORDER_TOTAL_IDR
    )
    written = json.loads(Path(str(report.report_file)).read_text())
    assert written["counts"]["done"] == 25
    assert written["rows"][0]["created"] == {"order_id": ids[0]}
    assert Path(report.journal).is_file()

    again = run_bulk(agency_client, "orders", path)
    assert again.sent == 0
    assert again.complete
    assert all(r.earlier for r in again.rows)
    assert created_orders(agency_client) == created


def test_json_orders_with_several_lines_and_a_milestone(
    agency_client: Rantai, supplier: Any, write_rows: Callable[[str, Any], Path]
) -> None:
    rows = [
        {
            "ref": "multi",
            "supplier": supplier.address,
            "fiscalYear": 2026,
            "deliveryDeadline": "+30d",
            "maintenance": "90d",
            "lines": [
                {
                    "description": "beras",
                    "quantity": 20,
                    "unitPrice": "650.000",
                    "unit": "sack",
                    "origin": "ID",
                },
                {"description": "rak", "unit": "milestone", "unitPrice": 2_000_000, "due": "+20d"},
            ],
        }
    ]
    report = run_bulk(agency_client, "orders", write_rows("orders.json", rows))
    assert report.complete, report.summary()
    order_id = report.rows[0].created["order_id"]
    lines = agency_client.lines(order_id)
    assert [(line.quantity, line.unit_price_idr, line.unit) for line in lines] == [
        (20, 650_000, "sack"),
        (1, 2_000_000, "milestone"),
    ]
    assert agency_client.order(order_id).total_idr == 20 * 650_000 + 2_000_000


def test_invalid_rows_are_reported_by_line_and_nothing_is_sent(
    agency_client: Rantai, supplier: Any, outsider: Any, tmp_path: Path
) -> None:
    good = ["ok", supplier.address, 2026, "beras", 10, "650.000", "sack", "+30d", "30d"]
    rows = [
        good,
        ["bad-address", "0x1234", 2026, "beras", 10, "650.000", "sack", "+30d", "30d"],
        ["not-supplier", outsider.address, 2026, "beras", 10, "650.000", "sack", "+30d", "30d"],
        [
            "past",
            supplier.address,
            2026,
            "beras",
            10,
            "650.000",
            "sack",
            "2020-01-01T00:00Z",
            "30d",
        ],
        ["ceiling", supplier.address, 2026, "beras", 1000, "650.000", "sack", "+30d", "30d"],
        ["fraction", supplier.address, 2026, "beras", 10, "1,5", "sack", "+30d", "30d"],
        ["no-year", supplier.address, 1999, "beras", 10, "650.000", "sack", "+30d", "30d"],
    ]
    path = write_csv(tmp_path / "orders.csv", ORDER_COLUMNS, rows, delimiter=";")
    count = agency_client.order_count()
    report = run_bulk(agency_client, "orders", path)
    assert report.invalid_blocking
    assert report.sent == 0
    reasons = {r.label: (r.state, r.reason or "") for r in report.rows}
    assert reasons["line 2"] == ("pending", "")
    assert reasons["line 3"][0] == "invalid"
    assert "address" in reasons["line 3"][1]
    assert "not an active supplier" in reasons["line 4"][1]
    assert "not in the future" in reasons["line 5"][1]
    assert "direct-purchase ceiling" in reasons["line 6"][1]
    assert "whole rupiah" in reasons["line 7"][1]
    assert "year" in reasons["line 8"][1]
    assert agency_client.order_count() == count
    assert not Path(report.journal).exists()
    assert "line 6" in report.summary()
    assert "nothing was sent" in report.summary()

    skipping = run_bulk(agency_client, "orders", path, BulkOptions(skip_invalid=True))
    assert skipping.counts == {**skipping.counts, "done": 1, "skipped": 6}
    assert agency_client.order_count() == count + 1


def test_budget_is_checked_across_the_rows_of_the_file(
    agency_client: Rantai, supplier: Any, tmp_path: Path, treasury: Any, connect: Connect
) -> None:
    left = agency_client.budget(AGENCY_ORG, FISCAL_YEAR).available_idr
    connect(treasury).treasury.allocate_budget(AGENCY_ORG, 2027, 3 * 150_000_000)
    rows = [
        [f"B{i}", supplier.address, 2027, f"B{i}", 1, "150.000.000", "unit", "+30d", "30d"]
        for i in range(4)
    ]
    report = run_bulk(agency_client, "orders", write_csv(tmp_path / "o.csv", ORDER_COLUMNS, rows))
    assert [r.state for r in report.rows] == ["pending", "pending", "pending", "invalid"]
    assert "budget of organisation 10 for 2027 would be exceeded" in str(report.rows[3].reason)
    assert agency_client.budget(AGENCY_ORG, FISCAL_YEAR).available_idr == left


def test_an_unknown_column_refuses_the_whole_file(agency_client: Rantai, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "o.csv", ["ref", "supplier", "unitprice"], [["a", "b", "c"]])
    with pytest.raises(InputError, match="unknown column 'unitprice'"):
        run_bulk(agency_client, "orders", path)


def test_a_row_changed_after_it_was_sent_refuses_the_resume(
    agency_client: Rantai, orders_csv: Callable[..., Path]
) -> None:
    path = orders_csv(3)
    run_bulk(agency_client, "orders", path)
    path.write_text(path.read_text().replace("PO-1,", "PO-9,"))
    with pytest.raises(JournalError, match="line 3 changed since the journal"):
        run_bulk(agency_client, "orders", path)


def test_several_signer_keys_share_the_rows(
    agency_client: Rantai,
    agency: Any,
    agency2: Any,
    private_key: Callable[[Any], str],
    orders_csv: Callable[..., Path],
) -> None:
    signers = [Account.from_key(private_key(a)) for a in (agency, agency2)]
    report = run_bulk(agency_client, "orders", orders_csv(10), BulkOptions(signers=signers))
    assert report.complete
    by_agency = [agency_client.order(i).agency for i in done_ids(report)]
    assert by_agency.count(agency.address) == 5
    assert by_agency.count(agency2.address) == 5


# --------------------------------------------------------------------------- the whole flow


# --------------------------------------------------------------------------- tenders


TENDER_COLUMNS = (
    "ref",
    "fiscalYear",
    "hps",
    "bond",
    "bidDeadline",
    "revealDeadline",
    "specUri",
    "hash",
    "description",
    "quantity",
    "unit",
)


def tender_row(ref: str, **changes: Any) -> dict[str, Any]:
    row = {
        "ref": ref,
        "fiscalYear": FISCAL_YEAR,
        "hps": "250.000.000",
        "bond": "1.250.000",  # the policy's minimum, 5 per mille of the HPS
        "bidDeadline": "+5d",
        "revealDeadline": "+7d",
        "specUri": f"https://spse.example/{ref}",
        "hash": "0x" + keccak(text=ref).hex(),
        "items": [
            {"description": f"{ref} kursi", "quantity": 10, "unit": "unit"},
            {"descriptionHash": "0x" + "ab" * 32, "quantity": 2, "unit": "set"},
        ],
    }
    return row | changes


def test_bulk_tenders_open_each_row_once_and_commit_the_hps(
    agency_client: Rantai, tmp_path: Path
) -> None:
    csv_rows = [
        [f"T-{i}", FISCAL_YEAR, "100.000.000", "1.000.000", "+4d", "+6d", f"rantai://t/{i}",
         "0x" + keccak(text=f"T-{i}").hex(), f"T-{i} item", 5, "box"]
        for i in range(6)
    ]  # fmt: skip
    path = write_csv(tmp_path / "tenders.csv", TENDER_COLUMNS, csv_rows, delimiter=";")
    budget_before = agency_client.budget(AGENCY_ORG, FISCAL_YEAR).committed_idr
    report = run_bulk(agency_client, "tenders", path, BulkOptions(batch_size=2, max_in_flight=4))

    assert report.complete
    assert report.counts["done"] == 6
    ids = done_ids(report, "tender_id")
    assert ids == list(range(1, 7))
    for i, tender_id in enumerate(ids):
        (event,) = agency_client.logs("Tendering", "TenderOpened", {"tenderId": tender_id})
        assert bytes(event["args"]["params"]["specHash"]) == keccak(text=f"T-{i}")
        assert event["args"]["params"]["specUri"] == f"rantai://t/{i}"
        tender = agency_client.tender(tender_id)
        assert (tender.hps_idr, tender.bond_idr) == (100_000_000, 1_000_000)
        assert [(t.description_hash, t.quantity, t.unit) for t in tender.items] == [
            (keccak(text=f"T-{i} item"), 5, "box")
        ]
    assert agency_client.budget(AGENCY_ORG, FISCAL_YEAR).committed_idr == (
        budget_before + 6 * 100_000_000
    )
    again = run_bulk(agency_client, "tenders", path)
    assert again.sent == 0
    assert again.complete
    assert agency_client.tender_count() == 6


def test_bulk_tenders_check_deadlines_items_and_budget_on_the_whole_file(
    agency_client: Rantai, write_rows: Callable[[str, Any], Path]
) -> None:
    left = agency_client.budget(AGENCY_ORG, FISCAL_YEAR).available_idr
    rows = [
        tender_row("OK"),
        tender_row("SOON", bidDeadline="+1d"),
        tender_row("REVEAL", revealDeadline="+5d30m"),
        tender_row("NOITEM", items=[]),
        tender_row("BOTH", description="x"),
        tender_row("ZERO", hps="0"),
        tender_row("BIG", hps=str(left - 250_000_000 + 1)),
        tender_row("LOWBOND", bond="1.249.999"),
    ]
    path = write_rows("tenders.json", rows)
    report = run_bulk(agency_client, "tenders", path)

    assert report.invalid_blocking
    assert report.sent == 0
    reasons = {r.ref: r.reason for r in report.rows}
    assert [r.state for r in report.rows] == ["pending"] + ["invalid"] * 7
    assert "is less than the minimum tender period (72 h)" in str(reasons["SOON"])
    assert reasons["LOWBOND"] == (
        "the bid bond Rp 1.249.999 is below the minimum Rp 1.250.000 (5 per mille of the HPS, "
        "rounded up)"
    )
    assert reasons["REVEAL"] == "the reveal deadline must be at least 1 hour after bidding"
    assert reasons["NOITEM"] == "'items' must be a non-empty list of item objects"
    assert reasons["BOTH"] == "give the item in 'items' or in the row's columns, not both"
    assert "the HPS must be positive" in str(reasons["ZERO"])
    assert str(reasons["BIG"]).startswith(
        f"budget of organisation {AGENCY_ORG} for {FISCAL_YEAR} would be exceeded"
    )
    assert agency_client.tender_count() == 0


def test_bulk_tender_orders_use_the_award_and_skip_a_tender_already_ordered(
    world: Any, write_rows: Callable[[str, Any], Path]
) -> None:
    won = world.awarded_tender({"supplier": 600_000_000})
    other = world.awarded_tender({"supplier": 500_000_000})
    open_tender = world.open_tender()  # the last transaction of the world's agency client
    line = {"description": "laptop", "quantity": 100, "unitPrice": "6.000.000", "unit": "kg"}
    terms = {"deliveryDeadline": "+30d", "maintenance": "90d"}
    rows = [
        {"ref": "A", "tender": won, **terms, "lines": [line]},
        {"ref": "B", "tender": open_tender, **terms, "lines": [line]},
        {"ref": "C", "tender": 999, **terms, "lines": [line]},
        {"ref": "D", "tender": won, **terms, "lines": [line]},
    ]
    path = write_rows("tender-orders.json", rows)
    report = run_bulk(world.agency, "tender-orders", path, BulkOptions(skip_invalid=True))

    assert [r.state for r in report.rows] == ["done", "skipped", "skipped", "skipped"]
    reasons = [r.reason for r in report.rows]
    assert reasons[1] == f"tender {open_tender} is OPEN, not AWARDED"
    assert reasons[2] == "tender 999 does not exist"
    assert reasons[3] == f"tender {won} is also ordered by entry 0"
    (order_id,) = done_ids(report)
    (event,) = world.agency.logs("OrderEscrow", "OrderCreated", {"orderId": order_id})
    assert event["args"]["tenderId"] == won
    assert event["args"]["supplier"] == world.address("supplier")
    order = world.agency.order(order_id)
    assert (order.tender_id, order.total_idr) == (won, 600_000_000)

    wrong = write_rows("wrong.json", [{"tender": won, **terms, "lines": [line | {"quantity": 99}]}])
    again = run_bulk(world.agency, "tender-orders", wrong)
    assert again.rows[0].state == "skipped"
    assert again.rows[0].reason == f"tender {won} was already ordered (order {order_id})"
    mismatch = write_rows("mismatch.json", [{"tender": other, **terms, "lines": [line]}])
    refused = run_bulk(world.agency, "tender-orders", mismatch)
    assert refused.invalid_blocking
    assert refused.rows[0].reason == (
        f"the lines add up to Rp 600.000.000, the award of tender {other} is Rp 500.000.000"
    )


def test_accept_ship_track_and_confirm_in_bulk(
    agency_client: Rantai,
    supplier_client: Rantai,
    connect: Connect,
    carrier: Any,
    orders_csv: Callable[..., Path],
    write_rows: Callable[[str, Any], Path],
    tmp_path: Path,
) -> None:
    orders = done_ids(run_bulk(agency_client, "orders", orders_csv(3)))
    agency_client.agency.approve_escrow(orders[0], 3 * ORDER_TOTAL_IDR)
    (tmp_path / "contract.pdf").write_bytes(b"surat perjanjian")

    accept = write_rows("accept.json", [{"order": o, "document": "contract.pdf"} for o in orders])
    report = run_bulk(supplier_client, "accept", accept)
    assert report.complete, report.summary()
    assert report.sent == 3
    accepted = supplier_client.logs("OrderEscrow", "OrderAccepted")
    assert sorted(e["args"]["orderId"] for e in accepted) == orders
    again = run_bulk(supplier_client, "accept", accept, BulkOptions(journal=tmp_path / "other"))
    assert again.sent == 0
    assert {r.state for r in again.rows} == {"skipped"}
    assert "already accepted" in str(again.rows[0].reason)

    ship = write_csv(
        tmp_path / "ship.csv",
        ["order", "quantities", "carrier", "expectedArrival", "country", "region"],
        [[o, QUANTITY, carrier.address, "+5d", "ID", "ID-JB"] for o in orders],
    )
    shipped = run_bulk(supplier_client, "shipments", ship)
    assert shipped.complete, shipped.summary()
    shipments = done_ids(shipped, "shipment_id")
    for order_id, shipment_id in zip(orders, shipments, strict=True):
        assert supplier_client.shipments_of(order_id) == [shipment_id]

    track = write_csv(
        tmp_path / "track.csv",
        ["shipment", "kind", "location", "lat", "lon", "at"],
        [[s, "picked-up", "IDCGK", "-6.1256", "106.6559", "-1h"] for s in shipments]
        + [[s, "arrived", "IDJKT", "", "", "now"] for s in shipments],
    )
    tracked = run_bulk(connect(carrier), "checkpoints", track)
    assert tracked.complete, tracked.summary()
    for shipment_id in shipments:
        history = supplier_client.checkpoints(shipment_id)
        assert [c.kind.name for c in history] == ["PICKED_UP", "ARRIVED"]
        assert history[0].latitude_e6 == -6_125_600
    arrived = supplier_client.logs("ShipmentTracking", "ShipmentArrived")
    assert sorted(e["args"]["shipmentId"] for e in arrived) == shipments

    closing = write_csv(
        tmp_path / "confirm.csv",
        ["shipment", "received", "hash"],
        [[s, QUANTITY, "0x" + "bb" * 32] for s in shipments],
    )
    confirmed = run_bulk(agency_client, "deliveries", closing)
    assert confirmed.complete, confirmed.summary()
    delivered = agency_client.logs("OrderEscrow", "OrderDelivered")
    assert sorted(e["args"]["orderId"] for e in delivered) == orders
    paid = agency_client.logs("OrderEscrow", "PaymentReleased")
    assert len(paid) == 3
    twice = run_bulk(agency_client, "deliveries", closing, BulkOptions(journal=tmp_path / "j2"))
    assert twice.sent == 0
    assert "already confirmed" in str(twice.rows[0].reason)


def test_checkpoints_out_of_order_or_after_arrival_are_invalid(
    agency_client: Rantai,
    supplier_client: Rantai,
    connect: Connect,
    carrier: Any,
    orders_csv: Callable[..., Path],
    tmp_path: Path,
) -> None:
    (order_id,) = done_ids(run_bulk(agency_client, "orders", orders_csv(1)))
    agency_client.agency.approve_escrow(order_id)
    supplier_client.supplier.accept_order(order_id, b"contract")
    shipment = supplier_client.supplier.register_shipment(
        order_id, [QUANTITY], carrier.address, agency_client.now() + 86_400
    ).shipment_id
    rows = [
        [shipment, "in-transit", "IDJKT", "-1h"],
        [shipment, "at-customs", "IDJKT", "-2h"],
        [shipment, "arrived", "IDJKT", "now"],
        [shipment, "exception", "IDJKT", "now"],
        [shipment, "teleported", "IDJKT", "now"],
        [shipment, "in-transit", "", "now"],
    ]
    path = write_csv(tmp_path / "cp.csv", ["shipment", "kind", "location", "at"], rows)
    report = run_bulk(connect(carrier), "checkpoints", path)
    states = [(r.state, r.reason or "") for r in report.rows]
    assert states[0] == ("pending", "")
    assert states[2] == ("pending", "")
    assert "before the previous checkpoint" in states[1][1]
    assert "tracking closes" in states[3][1]
    assert "unknown checkpoint kind" in states[4][1]
    assert "'location' is missing" in states[5][1]
    assert report.sent == 0


# --------------------------------------------------------------------------- exactly once


class Interrupted(KeyboardInterrupt):
    """Stands for the process dying at a chosen point."""


def test_a_run_stopped_after_journaling_resends_the_same_bytes(
    agency_client: Rantai,
    orders_csv: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = orders_csv(12)
    original = rpc_module.RawRpc.send_raw
    posts: list[int] = []

    sent: list[str] = []

    def dies_on_second_post(self: Any, raws: Any) -> Any:
        posts.append(len(raws))
        if len(posts) == 2:
            raise Interrupted()
        sent.extend("0x" + keccak(raw).hex() for raw in raws)
        return original(self, raws)

    monkeypatch.setattr(rpc_module.RawRpc, "send_raw", dies_on_second_post)
    with pytest.raises(Interrupted):
        run_bulk(agency_client, "orders", path, BulkOptions(batch_size=4, max_in_flight=8))
    monkeypatch.setattr(rpc_module.RawRpc, "send_raw", original)
    wait_mined(agency_client, sent)
    journal = Journal.open(Path(f"{path}.journal"))
    in_doubt = {n: r.tx_hash for n, r in journal.rows.items() if r.in_doubt}
    assert len(in_doubt) >= 4  # the second array: journaled, never broadcast
    assert sum(created_orders(agency_client).values()) == 4

    report = run_bulk(agency_client, "orders", path)
    assert report.complete
    assert {r.row: r.tx_hash for r in report.rows if r.row in in_doubt} == in_doubt
    created = created_orders(agency_client)
    assert [created[item(f"PO-{i}")] for i in range(12)] == [1] * 12


def test_a_run_stopped_before_its_receipts_finds_them_on_resume(
    agency_client: Rantai,
    orders_csv: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = orders_csv(10)

    def dies(self: Any, hashes: Any) -> Any:
        raise Interrupted()

    monkeypatch.setattr(rpc_module.RawRpc, "receipts", dies)
    with pytest.raises(Interrupted):
        run_bulk(agency_client, "orders", path, BulkOptions(batch_size=10, max_in_flight=20))
    monkeypatch.undo()
    wait_mined(agency_client, journaled_hashes(Path(f"{path}.journal")))
    assert sum(created_orders(agency_client).values()) == 10  # sent and mined, not recorded
    report = run_bulk(agency_client, "orders", path)
    assert report.complete, report.summary()
    assert report.sent == 0, report.summary()
    assert [created_orders(agency_client)[item(f"PO-{i}")] for i in range(10)] == [1] * 10


def test_a_nonce_taken_by_another_transaction_gets_the_row_signed_again(
    agency_client: Rantai,
    agency: Any,
    private_key: Callable[[Any], str],
    orders_csv: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = orders_csv(3)
    monkeypatch.setattr(
        rpc_module.RawRpc, "send_raw", lambda self, raws: (_ for _ in ()).throw(Interrupted())
    )
    with pytest.raises(Interrupted):
        run_bulk(agency_client, "orders", path)
    monkeypatch.undo()
    journal = Journal.open(Path(f"{path}.journal"))
    first = min(journal.rows.values(), key=lambda r: r.nonce or 0)
    # Another program uses the journaled nonce for something else (a plain approval).
    rpc = RawRpc(agency_client.w3.provider.endpoint_uri)  # type: ignore[attr-defined]
    other = Presigner(
        Account.from_key(private_key(agency)),
        agency_client.chain_id,
        Fees.from_fields(agency_client.chain.fee_fields("auto")),
        int(first.nonce or 0),
    )
    send_all(rpc, [other], [approval_job(agency_client, other.address, "other", 1)])

    report = run_bulk(agency_client, "orders", path)
    assert report.complete, report.summary()
    replaced = next(r for r in report.rows if r.row == first.number)
    assert replaced.tx_hash != first.tx_hash
    assert [created_orders(agency_client)[item(f"PO-{i}")] for i in range(3)] == [1, 1, 1]


@pytest.fixture
def interrupted_accept(
    agency_client: Rantai,
    supplier_client: Rantai,
    orders_csv: Callable[..., Path],
    write_rows: Callable[[str, Any], Path],
) -> tuple[int, Path]:
    """An approved order and its acceptance file, whose bulk run was interrupted before the
    broadcast (the row journaled as signed, in doubt)."""
    (order_id,) = done_ids(run_bulk(agency_client, "orders", orders_csv(1)))
    agency_client.agency.approve_escrow(order_id)
    accept = write_rows("accept.json", [{"order": order_id, "hash": "0x" + "cc" * 32}])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            rpc_module.RawRpc, "send_raw", lambda self, raws: (_ for _ in ()).throw(Interrupted())
        )
        with pytest.raises(Interrupted):
            run_bulk(supplier_client, "accept", accept)
    return order_id, accept


def test_a_journaled_transaction_that_reverts_is_failed_with_its_contract_error(
    agency_client: Rantai, supplier_client: Rantai, interrupted_accept: tuple[int, Path]
) -> None:
    order_id, accept = interrupted_accept
    agency_client.agency.cancel_order(order_id, b"dibatalkan")  # before the resumed send

    report = run_bulk(supplier_client, "accept", accept)
    (row,) = report.rows
    assert row.state == "failed"
    assert "OrderEscrowInvalidState" in str(row.reason)
    assert supplier_client.logs("OrderEscrow", "OrderAccepted", {"orderId": order_id}) == []
    assert run_bulk(supplier_client, "accept", accept).sent == 0  # final until --retry-failed


def test_every_broadcast_transaction_was_fsynced_as_signed_before_it_left(
    agency_client: Rantai,
    orders_csv: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The journal's promise, checked at each ``send_raw``: the bytes being broadcast are in a
    ``signed`` record that an fsync of the journal file already covered."""
    path = orders_csv(12)
    journal_path = Path(f"{path}.journal")
    real_fsync = os.fsync
    durable: list[bytes] = []  # the journal's content as of its latest fsync

    def slow_fsync(fd: int) -> None:
        name = os.readlink(f"/proc/self/fd/{fd}")
        if name == str(journal_path.resolve()):
            # Slow disk: a broadcast that does not wait for the fsync shows up at send_raw.
            time.sleep(0.2)
            real_fsync(fd)
            durable.append(journal_path.read_bytes())
        else:
            real_fsync(fd)

    original = rpc_module.RawRpc.send_raw
    broadcasts: list[int] = []

    def checked_send_raw(self: Any, raws: Any) -> Any:
        synced = durable[-1] if durable else b""
        signed = {
            record["raw"]
            for record in map(json.loads, synced.splitlines()[1:])
            if record["type"] == "signed"
        }
        for raw in raws:
            assert "0x" + raw.hex() in signed, "broadcast before its signed record was fsynced"
        broadcasts.append(len(raws))
        return original(self, raws)

    monkeypatch.setattr(os, "fsync", slow_fsync)
    monkeypatch.setattr(rpc_module.RawRpc, "send_raw", checked_send_raw)
    report = run_bulk(agency_client, "orders", path, BulkOptions(batch_size=4, max_in_flight=8))
    assert report.complete, report.summary()
    assert sum(broadcasts) == 12
    assert len(broadcasts) >= 3  # chunks of four: several fsync-then-send rounds


def test_a_resume_over_a_mined_but_reverted_transaction_marks_it_failed_and_sends_nothing(
    agency_client: Rantai,
    supplier_client: Rantai,
    interrupted_accept: tuple[int, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    order_id, accept = interrupted_accept
    journal_path = Path(f"{accept}.journal")
    (record,) = Journal.open(journal_path).rows.values()
    assert record.in_doubt
    # The order is cancelled, then the journaled bytes reach the node after all (the killed
    # run's array was in the node's pool): mined, and reverted.
    agency_client.agency.cancel_order(order_id, b"dibatalkan")
    rpc = RawRpc(supplier_client.w3.provider.endpoint_uri)  # type: ignore[attr-defined]
    assert rpc.send_raw([record.raw or b""]) == [None]
    wait_mined(supplier_client, [str(record.tx_hash)])
    (receipt,) = rpc.receipts([str(record.tx_hash)])
    assert receipt is not None
    assert receipt["status"] == "0x0"

    broadcasts: list[bytes] = []
    original = rpc_module.RawRpc.send_raw

    def counting(self: Any, raws: Any) -> Any:
        broadcasts.extend(raws)
        return original(self, raws)

    monkeypatch.setattr(rpc_module.RawRpc, "send_raw", counting)
    report = run_bulk(supplier_client, "accept", accept)
    assert broadcasts == []
    assert report.sent == 0
    (row,) = report.rows
    assert (row.state, row.tx_hash) == ("failed", record.tx_hash)
    assert "OrderEscrowInvalidState" in str(row.reason)
    (after,) = Journal.open(journal_path).rows.values()
    assert (after.state, after.tx_hash, after.block) == (
        "failed",
        record.tx_hash,
        int(receipt["blockNumber"], 16),
    )
    assert supplier_client.logs("OrderEscrow", "OrderAccepted", {"orderId": order_id}) == []


# --------------------------------------------------------------------------- the command


def test_rantai_bulk_exit_codes_summary_and_report(
    rantai: Callable[..., Run],
    agency: Any,
    supplier: Any,
    cli_env: Path,
) -> None:
    path = write_csv(
        cli_env / "orders.csv",
        ORDER_COLUMNS,
        [["A", supplier.address, 2026, "a", 1, "1.000", "unit", "+30d", "30d"]],
    )
    checked = rantai(agency, "bulk", "orders", str(path), "--check")
    assert checked.code == 0
    assert checked.doc["checkedOnly"]
    assert checked.doc["sent"] == 0
    run = rantai(agency, "bulk", "orders", str(path))
    assert run.code == 0, run.err
    assert run.doc["ok"]
    assert run.doc["counts"]["done"] == 1
    assert Path(run.doc["report_file"]).is_file()
    text = rantai(agency, "bulk", "orders", str(path), json=False)
    assert text.code == 0
    assert "1 done (1 in earlier runs)" in text.out

    bad = write_csv(
        cli_env / "bad.csv",
        ORDER_COLUMNS,
        [["B", "0x12", 2026, "a", 1, "1.000", "unit", "+30d", "30d"]],
    )
    refused = rantai(agency, "bulk", "orders", str(bad))
    assert refused.code == 2
    assert refused.error == f"1 invalid row(s) in {bad}; nothing was sent"
    assert not refused.doc["ok"]
    assert refused.doc["rows"][0]["label"] == "line 2"
    missing = rantai(agency, "bulk", "orders", str(cli_env / "nope.csv"))
    assert missing.code == 2
    assert "not found" in missing.error
    unknown = rantai(agency, "bulk", "teleport", str(path))
    assert unknown.code == 2


EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples" / "bulk"


# The role that runs each bulk operation; an example file is named after its operation.
OPERATIONS_BY_ROLE = {
    "agency": ("orders", "deliveries", "tenders", "tender-orders"),
    "supplier": ("accept", "shipments"),
    "carrier": ("checkpoints",),
}


@pytest.mark.parametrize(
    "name", sorted(p.name for p in EXAMPLES.iterdir() if p.suffix in (".csv", ".json"))
)
def test_the_documented_example_files_are_valid(
    name: str, connect: Connect, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Every example file: orders and tenders validate in full on the test pilot; the other
    examples name tenders, orders and shipments a fresh chain does not have, and nothing else may
    be wrong with them."""
    operation = Path(name).stem
    [role] = [r for r, operations in OPERATIONS_BY_ROLE.items() if operation in operations]
    client = connect(request.getfixturevalue(role))
    report = run_bulk(
        client,
        operation,
        EXAMPLES / name,
        BulkOptions(check_only=True, report=tmp_path / "report.json"),
    )
    reasons = [r.reason for r in report.rows if r.state != "pending"]
    if operation in ("orders", "tenders"):
        assert reasons == []
    else:
        assert reasons
        assert all(str(r).endswith("does not exist") for r in reasons), reasons
    assert not (EXAMPLES / f"{name}.journal").exists()


def test_receipts_that_never_come_leave_the_rows_in_doubt_and_a_resume_sends_the_same_bytes(
    agency_client: Rantai,
    orders_csv: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = orders_csv(2)
    # The arrays are lost on the way: the node never sees them, so no receipt and no nonce used.
    monkeypatch.setattr(rpc_module.RawRpc, "send_raw", lambda self, raws: [None] * len(raws))
    real_pipeline = engine_module.Pipeline

    def impatient(*args: Any, **kwargs: Any) -> Any:
        kwargs.update(timeout_s=0.5, rebroadcast_after_s=0.1)
        return real_pipeline(*args, **kwargs)

    monkeypatch.setattr(engine_module, "Pipeline", impatient)
    report = run_bulk(agency_client, "orders", path)
    assert not report.complete
    journal = Journal.open(Path(f"{path}.journal"))
    hashes = {n: r.tx_hash for n, r in journal.rows.items()}
    assert [(r.state, r.reason) for r in report.rows] == [
        ("in_doubt", f"no receipt for {hashes[r.row]} yet") for r in report.rows
    ]
    assert sum(created_orders(agency_client).values()) == 0

    monkeypatch.undo()
    again = run_bulk(agency_client, "orders", path)
    assert again.complete, again.summary()
    assert {r.row: r.tx_hash for r in again.rows} == hashes  # the journaled bytes, re-sent
    assert [created_orders(agency_client)[item(f"PO-{i}")] for i in range(2)] == [1, 1]


def test_progress_is_reported_at_most_every_tenth_of_a_second_and_at_the_end(
    agency_client: Rantai,
    orders_csv: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class FrozenClock:
        """The engine's clock stands still: every receipt comes within the same 0.1 s."""

        @staticmethod
        def monotonic() -> float:
            return 1_000.0

    monkeypatch.setattr(engine_module, "time", FrozenClock)
    seen: list[Progress] = []
    options = BulkOptions(batch_size=12, max_in_flight=24, progress=seen.append)
    report = run_bulk(agency_client, "orders", orders_csv(12), options)
    assert report.complete, report.summary()
    assert [(p.mined, p.total, p.failed) for p in seen] == [(1, 12, 0), (12, 12, 0)]


def test_the_progress_bar_shows_count_rate_and_eta() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream)
    bar.update(Progress(total=2000, mined=500, failed=0, elapsed_s=2.0))
    bar.update(Progress(total=2000, mined=600, failed=1, elapsed_s=2.1))  # within a second
    bar.update(Progress(total=2000, mined=2000, failed=1, elapsed_s=8.0))  # the last one
    bar.close()
    lines = stream.getvalue().splitlines()
    assert lines == [
        "[#######.......................] 500/2000 250/s ETA 6s",
        "[##############################] 2000/2000 250/s ETA 0s failed 1",
    ]


def test_a_duplicated_csv_row_creates_one_order_and_a_deleted_journal_creates_nothing_new(
    agency_client: Rantai, orders_csv: Callable[..., Path]
) -> None:
    """Issue 13 item 9: the chain refuses a second order with the same reference, so neither a
    duplicated row nor a rerun without the journal can create a second order."""
    path = orders_csv(2, name="dup.csv", prefix="DUP")
    lines = path.read_text().splitlines()
    path.write_text("\n".join([*lines, lines[-1]]) + "\n")  # the last row twice
    report = run_bulk(agency_client, "orders", path, BulkOptions(skip_invalid=True))
    assert [r.state for r in report.rows] == ["done", "done", "skipped"]
    assert report.rows[2].reason == (
        f"duplicate of {report.rows[1].label} (same order reference {report.rows[1].ref}): "
        "not ordered twice"
    )
    count = agency_client.order_count()
    Path(report.journal).unlink()
    again = run_bulk(agency_client, "orders", path, BulkOptions(skip_invalid=True))
    assert again.sent == 0
    assert [r.state for r in again.rows] == ["skipped", "skipped", "skipped"]
    assert again.rows[0].reason.startswith("already ordered on chain: order ")
    assert agency_client.order_count() == count


def test_journal_signed_lines_are_the_json_lines_of_their_records(tmp_path: Path) -> None:
    """The signed records are formatted directly (no json per row): the same bytes as JSON, so
    journals of earlier versions and of this one read alike."""
    signer = Presigner(Account.from_key("0x" + "11" * 32), 1945, Fees(gas_price=0), 7)
    tx = signer.sign(TxRequest("0x" + "22" * 20, b"\x01\x02", 50_000))
    odd = SignedTx(tx.sender, tx.nonce, tx.raw, 'not "hex"')  # falls back to json
    journal = Journal.open(tmp_path / "j", {"operation": "orders", "chainId": 1945})
    journal.signed([(3, "ab" * 32, tx), (4, "cd" * 32, odd)])
    journal.close()
    lines = (tmp_path / "j").read_bytes().splitlines()[1:]
    for line, (row, row_hash, signed) in zip(
        lines, [(3, "ab" * 32, tx), (4, "cd" * 32, odd)], strict=True
    ):
        record = {
            "type": "signed",
            "row": row,
            "rowHash": row_hash,
            "sender": signed.sender,
            "nonce": signed.nonce,
            "hash": signed.tx_hash,
            "raw": "0x" + signed.raw.hex(),
        }
        assert line == json.dumps(record, separators=(",", ":")).encode()
    assert Journal.open(tmp_path / "j").rows[4].tx_hash == 'not "hex"'

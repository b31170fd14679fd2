"""OCDS, EPCIS and payments exports of the audit index, on SQLite and on PostgreSQL.

The chains are the two scenario nodes of tests/support/audit.py (``dirty_chain``: late deliveries,
a dispute, split purchases, a faulty payment; ``clean_chain``: on-time delivery, retention
release, a milestone). Documents are validated against the official schemas vendored in
tests/support/standards/; their contents are checked against the chain (client reads) and
against the policy arithmetic (5 % retention, 1 per mille per day late).
"""

import csv
import io
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from py_client.audit import NotIndexed
from py_client.audit.db import Database
from py_client.interop import epcis, ocds, payments
from tests.support.audit import DAY, Scenario
from tests.support.constants import AGENCY_ORG, SUPPLIER_ORG
from tests.support.standards import epcis_errors, ocds_errors

# Contract paths are covered by the contract suites; this one runs untraced (docs/contracts.md).
pytestmark = pytest.mark.no_contract_trace


@pytest.fixture(params=["dirty", "clean"])
def indexed(request: pytest.FixtureRequest, backend: str) -> tuple[Database, Scenario]:
    """The index (on the current ``backend``) and the chain of each scenario in turn."""
    chain = request.param
    return request.getfixturevalue(f"{chain}_index"), request.getfixturevalue(f"{chain}_chain")


def process_ocids(scenario: Scenario) -> set[str]:
    """Every process of the chain, from the client: tenders and direct orders."""
    client = scenario.client()
    tenders = {client.tender(t, with_spec=False).ocid for t in range(1, client.tender_count() + 1)}
    orders = {client.order(o).ocid for o in range(1, client.order_count() + 1)}
    return tenders | orders


def first_tender_record(index: Database, scenario: Scenario) -> dict[str, Any]:
    """The OCDS record of the scenario's first tender."""
    facts = scenario.facts
    (record,) = ocds.record_package(index, [facts["ocids"][facts["tenders"][0]]])["records"]
    return dict(record)


# --------------------------------------------------------------------------- OCDS


def test_release_package_is_valid_ocds_with_one_ocid_per_process(
    indexed: tuple[Database, Scenario],
) -> None:
    db, scenario = indexed

    package = ocds.release_package(db)

    assert ocds_errors(package, "release-package") == []
    assert {r["ocid"] for r in package["releases"]} == process_ocids(scenario)
    ids = [r["id"] for r in package["releases"]]
    assert len(ids) == len(set(ids))
    assert all(r["date"].endswith("Z") for r in package["releases"])
    values = [
        v
        for r in package["releases"]
        for c in r.get("contracts", [])
        for v in [c.get("value")]
        if v
    ]
    assert values
    assert all(v["currency"] == "IDR" for v in values)


def test_record_package_is_valid_ocds_and_compiles_each_process(
    indexed: tuple[Database, Scenario],
) -> None:
    db = indexed[0]

    package = ocds.record_package(db)

    assert ocds_errors(package, "record-package") == []
    for record in package["records"]:
        compiled = record["compiledRelease"]
        assert compiled["ocid"] == record["ocid"]
        assert compiled["tag"] == ["compiled"]
        assert compiled["date"] == max(r["date"] for r in record["releases"])


def test_exports_are_identical_when_repeated(dirty_index: Database) -> None:
    assert ocds.release_package(dirty_index) == ocds.release_package(dirty_index)
    assert epcis.epcis_document(dirty_index) == epcis.epcis_document(dirty_index)


def test_clean_order_compiles_to_the_tender_award_contract_and_payments(
    clean_index: Database, clean_chain: Scenario
) -> None:
    facts = clean_chain.facts
    record = first_tender_record(clean_index, clean_chain)
    compiled = record["compiledRelease"]
    order = clean_chain.client().order(facts["order"])

    assert [r["tag"] for r in record["releases"]] == [
        ["tender"],
        ["tenderUpdate"],  # a bid committed with its bond (point in time)
        ["tenderUpdate"],
        ["award"],
        ["contract"],
        ["contractUpdate"],
        ["implementation"],
        ["contractTermination"],  # retention released: closed
    ]
    assert compiled["tender"]["status"] == "complete"
    assert compiled["tender"]["numberOfTenderers"] == 2
    (award,) = compiled["awards"]
    assert award["value"] == {"amount": 900_000_000, "currency": "IDR"}
    assert award["suppliers"] == [{"id": f"org-{SUPPLIER_ORG}", "name": "organisation 20"}]
    (contract,) = compiled["contracts"]
    assert contract["id"] == f"PO{facts['order']}"
    assert contract["awardID"] == award["id"]
    assert contract["status"] == "terminated"  # closed: delivered and retention released
    assert contract["value"]["amount"] == order.total_idr == 900_000_000
    paid = [
        t["value"]["amount"]
        for t in contract["implementation"]["transactions"]
        if t["kind"] in ("payment", "retentionRelease")
    ]
    assert paid == [855_000_000, 45_000_000]  # 5 % retention held, then released
    assert sum(paid) == order.total_idr
    (milestone,) = contract["implementation"]["milestones"]
    assert milestone["status"] == "met"
    assert milestone["type"] == "delivery"
    assert {p["id"]: p["roles"] for p in compiled["parties"]}[f"org-{AGENCY_ORG}"] == [
        "buyer",
        "payer",
        "procuringEntity",
    ]


def test_direct_purchase_is_its_own_process_with_method_direct(
    clean_index: Database, clean_chain: Scenario
) -> None:
    works = clean_chain.client().order(clean_chain.facts["works"])
    (record,) = ocds.record_package(clean_index, [works.ocid])["records"]
    compiled = record["compiledRelease"]

    assert record["releases"][0]["tag"] == ["tender", "award", "contract"]
    assert compiled["tender"]["procurementMethod"] == "direct"
    (contract,) = compiled["contracts"]
    assert contract["milestones"][0]["status"] == "scheduled"  # the planned milestone line
    (met,) = contract["implementation"]["milestones"]
    assert met["id"] == "line-1"
    assert met["status"] == "met"
    assert [
        t["value"]["amount"]
        for t in contract["implementation"]["transactions"]
        if t["kind"] == "payment"
    ] == [47_500_000]  # 50 juta less 5 % retention


def test_dirty_chain_shows_late_deliveries_the_ruling_and_the_faulty_payment(
    dirty_index: Database, dirty_chain: Scenario
) -> None:
    facts = dirty_chain.facts
    record = first_tender_record(dirty_index, dirty_chain)
    (contract,) = record["compiledRelease"]["contracts"]
    milestones = contract["implementation"]["milestones"]
    assert [m["id"] for m in milestones] == [f"shipment-{s}" for s in facts["shipments"]]
    assert all(m["dateMet"] > contract["period"]["endDate"] for m in milestones)  # late
    transaction_ids = [t["id"] for t in contract["implementation"]["transactions"]]
    assert f"{facts['faulty_tx']}-0" in transaction_ids  # an auditor sees it too

    disputed = dirty_chain.client().order(facts["disputed"])
    (ruled,) = ocds.record_package(dirty_index, [disputed.ocid])["records"]
    (ruled_contract,) = ruled["compiledRelease"]["contracts"]
    assert [
        (t["kind"], t["value"]["amount"]) for t in ruled_contract["implementation"]["transactions"]
    ] == [
        ("escrowDeposit", 100_000_000),
        ("rulingPayment", 60_000_000),
        ("rulingRefund", 40_000_000),
    ]
    assert ruled_contract["status"] == "terminated"


def test_unknown_ocid_is_not_indexed(dirty_index: Database) -> None:
    with pytest.raises(NotIndexed, match="no process with ocid ocds-rantai-1945-T999"):
        ocds.release_package(dirty_index, ["ocds-rantai-1945-T999"])


# --------------------------------------------------------------------------- EPCIS


def test_epcis_document_is_valid_with_an_event_per_step_on_chain(
    indexed: tuple[Database, Scenario],
) -> None:
    db, scenario = indexed
    client = scenario.client()

    document = epcis.epcis_document(db)

    assert epcis_errors(document) == []
    events = document["epcisBody"]["eventList"]
    expected = 0
    shipment_ids = [s for o in range(1, client.order_count() + 1) for s in client.shipments_of(o)]
    for shipment_id in shipment_ids:
        confirmed = 2 if client.shipment(shipment_id).confirmed else 0  # received, accepted
        expected += 1 + len(client.checkpoints(shipment_id)) + confirmed
    assert shipment_ids
    assert len(events) == expected
    assert len({e["eventID"] for e in events}) == len(events)
    assert {(e["type"], e["action"]) for e in events} == {
        ("TransactionEvent", "ADD"),
        ("ObjectEvent", "OBSERVE"),
        ("TransactionEvent", "DELETE"),
    }


def test_epcis_events_of_a_shipment_name_order_places_and_quantities(
    clean_index: Database, clean_chain: Scenario
) -> None:
    client = clean_chain.client()
    order_id = clean_chain.facts["order"]
    (shipment_id,) = client.shipments_of(order_id)
    events = [
        e
        for e in epcis.epcis_document(clean_index)["epcisBody"]["eventList"]
        if {"type": "desadv", "bizTransaction": f"urn:rantai:1945:shipment:{shipment_id}"}
        in e["bizTransactionList"]
    ]
    steps = [(e["bizStep"], e["disposition"]) for e in events]
    assert steps == [
        ("shipping", "in_transit"),
        ("departing", "in_transit"),
        ("transporting", "in_transit"),
        ("arriving", "in_progress"),
        ("receiving", "in_progress"),
        ("accepting", "in_progress"),
    ]
    assert all(
        {"type": "po", "bizTransaction": f"urn:rantai:1945:order:{order_id}"}
        in e["bizTransactionList"]
        for e in events
    )
    registered, picked_up, _, arrived, received, _ = events
    item = client.lines(order_id)[0].item_hash
    expected_class = f"urn:rantai:1945:item:0x{bytes(item).hex()}"
    assert registered["quantityList"] == [
        {"epcClass": expected_class, "quantity": 100, "uom": "KGM"}
    ]
    assert registered["bizLocation"] == {"id": "https://id.gs1.org/414/8991234567890"}
    assert picked_up["readPoint"] == {"id": "geo:-6.104000,0.000000"}  # its coordinates
    assert "bizLocation" not in picked_up  # in transit: at no business location
    assert arrived["bizLocation"] == {"id": "urn:rantai:unlocode:IDJKT"}
    assert received["readPoint"] == arrived["bizLocation"]
    assert received["quantityList"][0]["quantity"] == 100
    assert received["rantai:ocid"] == client.order(order_id).ocid
    assert [e["eventTime"] for e in events] == sorted(e["eventTime"] for e in events)


def test_epcis_product_classes_become_digital_links_with_gtins(
    clean_index: Database, clean_chain: Scenario
) -> None:
    client = clean_chain.client()
    item = "0x" + bytes(client.lines(clean_chain.facts["order"])[0].item_hash).hex()

    document = epcis.epcis_document(clean_index, {item: "8991234567891"})

    assert epcis_errors(document) == []
    classes = {
        q["epcClass"] for e in document["epcisBody"]["eventList"] for q in e.get("quantityList", [])
    }
    assert "https://id.gs1.org/01/08991234567891" in classes
    with pytest.raises(ValueError, match="is not a valid GTIN"):
        epcis.epcis_document(clean_index, {item: "8991234567890"})  # wrong check digit


def test_location_identifiers() -> None:
    assert epcis.location_uri("8991234500017") == "https://id.gs1.org/414/8991234500017"
    assert epcis.location_uri("IDTPP") == "urn:rantai:unlocode:IDTPP"
    assert epcis.location_uri("IDBDO-GUDANG 1") == "urn:rantai:location:IDBDO-GUDANG%201"
    assert epcis.geo_uri(0, 0) is None
    assert epcis.geo_uri(-6_914_744, 107_609_810) == "geo:-6.914744,107.609810"


# --------------------------------------------------------------------------- payments


def read_csv(db: Database) -> list[dict[str, str]]:
    out = io.StringIO()
    payments.write_payments_csv(payments.payment_rows(db), out)
    reader = csv.DictReader(io.StringIO(out.getvalue()))
    assert tuple(reader.fieldnames or ()) == payments.COLUMNS
    return list(reader)


def test_payments_csv_has_one_row_per_payment_with_the_policy_arithmetic(
    clean_index: Database, clean_chain: Scenario
) -> None:
    everything = read_csv(clean_index)
    rows = [r for r in everything if r["kind"] in ("delivery", "retention")]
    facts = clean_chain.facts

    assert [r["kind"] for r in everything if r["kind"].startswith("bond")] == [
        "bond-deposit",
        "bond-deposit",
        "bond-refund",  # the runner-up's, at the award
        "bond-refund",  # the winner's, when the order was made
    ]
    assert [(r["order_id"], r["kind"]) for r in rows] == [
        (str(facts["order"]), "delivery"),
        (str(facts["order"]), "retention"),
        (str(facts["works"]), "delivery"),
    ]
    delivery, retention, milestone = rows
    assert (delivery["gross_idr"], delivery["paid_idr"], delivery["retention_idr"]) == (
        "900000000",
        "855000000",
        "45000000",
    )
    assert delivery["penalty_idr"] == "0"
    assert delivery["shipment_id"] != ""
    assert delivery["line_index"] == ""
    assert retention["paid_idr"] == "45000000"
    assert (milestone["line_index"], milestone["shipment_id"]) == ("0", "")
    receipt = clean_chain.client().w3.eth.get_transaction_receipt(delivery["tx_hash"])
    assert receipt["blockNumber"] == int(delivery["block_number"])
    assert len({r["payment_id"] for r in rows}) == len(rows)


def test_payments_csv_of_late_deliveries_and_a_ruling(
    dirty_index: Database, dirty_chain: Scenario
) -> None:
    rows = read_csv(dirty_index)
    facts = dirty_chain.facts
    late = [r for r in rows if r["order_id"] == str(facts["order"]) and r["shipment_id"]]

    deadline = int(dirty_chain.client().order(facts["order"]).delivery_deadline_at.timestamp())
    assert len(late) == 2
    for row in late:
        gross = int(row["gross_idr"])
        assert gross == 450_000_000  # 50 of 100 laptops at 9 juta
        confirmed = int(datetime.fromisoformat(row["block_time"]).timestamp())
        # The scenario places arrival and confirmation half a day into the third started day
        # after the deadline (tests.support.audit.play_dirty), so days late is exactly 3.
        assert deadline + 2 * DAY + DAY // 2 <= confirmed < deadline + 3 * DAY
        assert int(row["penalty_idr"]) == gross * 3 // 1000  # 1 per mille a day
        assert int(row["retention_idr"]) == gross * 5 // 100
        assert int(row["paid_idr"]) == gross - int(row["penalty_idr"]) - int(row["retention_idr"])
    (ruling,) = [r for r in rows if r["kind"] == "ruling"]
    assert (ruling["paid_idr"], ruling["to_agency_idr"], ruling["gross_idr"]) == (
        "60000000",
        "40000000",
        "100000000",
    )
    assert any(r["tx_hash"] == facts["faulty_tx"] for r in rows)


# --------------------------------------------------------------------------- command line


def test_export_commands_write_files_and_report_counts(
    clean_index: Database, backend: str, run_cli: Callable[..., Any], tmp_path: Any
) -> None:
    target = clean_index.target if backend == "sqlite" else None
    if target is None:
        pytest.skip("the command-line path is the same for both backends; run on SQLite")

    ocds_run = run_cli("export", "ocds", "--db", target, "-o", "releases.json", "--json")
    records = run_cli("export", "ocds", "--db", target, "-o", "records.json", "--records")
    epcis_run = run_cli("export", "epcis", "--db", target, "-o", "events.jsonld", "--json")
    paid = run_cli("export", "payments", "--db", target, "-o", "payments.csv", "--json")

    assert ocds_run.code == records.code == epcis_run.code == paid.code == 0, ocds_run.err
    assert ocds_run.doc["releases"] == len(
        json.loads((tmp_path / "releases.json").read_text())["releases"]
    )
    assert ocds_errors(json.loads((tmp_path / "records.json").read_text()), "record-package") == []
    assert epcis_errors(json.loads((tmp_path / "events.jsonld").read_text())) == []
    assert paid.doc["payments"] == 10  # 4 bond movements, 3 escrow deposits, 3 payments
    bonds_back = 2 * 5_000_000
    assert paid.doc["paid_idr"] == 855_000_000 + 45_000_000 + 47_500_000 + bonds_back
    assert (tmp_path / "payments.csv").read_text().startswith("payment_id,ocid,order_id,")


def test_export_errors_are_one_line_and_exit_2(
    clean_index: Database, backend: str, run_cli: Callable[..., Any], tmp_path: Any
) -> None:
    if backend != "sqlite":
        pytest.skip("the command-line path is the same for both backends; run on SQLite")
    missing = run_cli("export", "ocds", "-o", "out.json")
    unknown = run_cli(
        "export", "ocds", "--db", clean_index.target, "--ocid", "ocds-x-1-T9", "-o", "o.json"
    )
    no_folder = run_cli("export", "payments", "--db", clean_index.target, "-o", "nowhere/p.csv")

    assert missing.code == 2
    assert missing.error == (
        "audit database rantai-audit.sqlite does not exist: run 'rantai audit sync' first"
    )
    assert unknown.code == 2
    assert unknown.error == "no process with ocid ocds-x-1-T9 in the audit index"
    assert no_folder.code == 2
    assert "folder of the output file not found: nowhere" in no_folder.error
    assert sorted(p.name for p in tmp_path.iterdir()) == []

"""Exactly once by the chain, not only by the journal (issue 13 item 9), in bulk.

Shipments and checkpoints carry a reference unique per organisation: the row's ``ref`` cell, or
a hash of its cells. A duplicated row registers once; a rerun after the journal was deleted
sends nothing and reports the rows as already on chain.
"""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from py_client import Rantai
from py_client.bulk import run_bulk
from py_client.bulk.operations import row_ref
from py_client.bulk.rows import make_row
from py_client.hashing import client_ref
from tests.support.bulk import QUANTITY, write_csv
from tests.support.client import Connect

# Contract paths are covered by the contract suites; this one runs untraced (docs/contracts.md).
pytestmark = pytest.mark.no_contract_trace

SHIP_COLUMNS = ["order", "quantities", "carrier", "expectedArrival", "country", "region"]


@pytest.fixture
def active_order(
    chain: Any, connect: Connect, agency: Any, supplier: Any, orders_csv: Callable[..., Path]
) -> Iterator[int]:
    """A direct order of one line, accepted by ``supplier``; undone after the test.

    Ape's per-test snapshot may be taken after this fixture ran, so the fixture takes its own.
    """
    snapshot = chain.snapshot()
    agency_client = connect(agency)
    report = run_bulk(agency_client, "orders", orders_csv(1, prefix="REF"))
    done = [r.created["order_id"] for r in report.rows if r.state == "done"]
    assert len(done) == 1, [r.reason for r in report.rows]
    agency_client.agency.approve_escrow(done[0])
    connect(supplier).supplier.accept_order(done[0], b"contract")
    yield done[0]
    chain.restore(snapshot)


def test_the_reference_of_a_row_is_its_ref_cell_or_the_hash_of_its_cells() -> None:
    given = make_row(2, "line 2", {"ref": "SJ-2026-0001", "order": "7"})
    assert row_ref(given, "shipments") == client_ref("SJ-2026-0001")
    plain = make_row(3, "line 3", {"order": "7", "quantities": "5"})
    copy = make_row(9, "line 9", {"order": "7", "quantities": "5"})
    other = make_row(4, "line 4", {"order": "7", "quantities": "6"})
    assert row_ref(plain, "shipments") == row_ref(copy, "shipments")
    assert row_ref(plain, "shipments") != row_ref(other, "shipments")
    assert row_ref(plain, "shipments") != row_ref(plain, "checkpoints")


def test_a_duplicated_shipment_row_registers_once_and_a_rerun_without_journal_sends_nothing(
    connect: Connect, supplier: Any, carrier: Any, active_order: int, tmp_path: Path
) -> None:
    supplier_client: Rantai = connect(supplier)
    row = [active_order, QUANTITY, carrier.address, "+5d", "ID", "ID-JB"]
    ship = write_csv(tmp_path / "ship.csv", SHIP_COLUMNS, [row, row])

    report = run_bulk(supplier_client, "shipments", ship)

    assert report.complete, report.summary()
    assert report.sent == 1
    first, second = report.rows
    assert first.state == "done"
    assert second.state == "skipped"
    assert "same reference" in str(second.reason)
    assert "line 2" in str(second.reason)
    assert "line 3: skipped: same reference" in report.summary()
    shipment_id = first.created["shipment_id"]
    assert supplier_client.shipments_of(active_order) == [shipment_id]
    assert supplier_client.shipment(shipment_id).ref == row_ref(report_row(ship, 0), "shipments")

    Path(str(ship) + ".journal").unlink()
    again = run_bulk(supplier_client, "shipments", ship)

    assert again.sent == 0
    assert [r.state for r in again.rows] == ["skipped", "skipped"]
    assert f"already on chain: shipment {shipment_id} was registered" in str(again.rows[0].reason)
    assert supplier_client.shipments_of(active_order) == [shipment_id]


def test_checkpoint_rows_with_the_same_ref_record_once_even_without_the_journal(
    connect: Connect, supplier: Any, carrier: Any, active_order: int, tmp_path: Path
) -> None:
    supplier_client: Rantai = connect(supplier)
    shipment_id = supplier_client.supplier.register_shipment(
        active_order, [QUANTITY], carrier.address, supplier_client.now() + 86_400
    ).shipment_id
    path = write_csv(
        tmp_path / "scans.csv",
        ["ref", "shipment", "kind", "location", "at"],
        [
            ["SCAN-1", shipment_id, "picked-up", "IDCGK", "-1h"],
            ["SCAN-1", shipment_id, "in-transit", "IDSRG", "-30m"],  # the same scan, re-keyed
            ["SCAN-2", shipment_id, "in-transit", "IDSRG", "-20m"],
        ],
    )
    carrier_client = connect(carrier)

    report = run_bulk(carrier_client, "checkpoints", path)

    assert report.sent == 2
    assert [r.state for r in report.rows] == ["done", "skipped", "done"]
    assert "same reference" in str(report.rows[1].reason)
    history = supplier_client.checkpoints(shipment_id)
    assert [c.location for c in history] == ["IDCGK", "IDSRG"]
    assert history[0].ref == client_ref("SCAN-1")

    Path(str(path) + ".journal").unlink()
    again = run_bulk(carrier_client, "checkpoints", path)

    assert again.sent == 0
    assert {r.state for r in again.rows} == {"skipped"}
    reason = str(again.rows[2].reason)
    assert f"already on chain: checkpoint 1 of shipment {shipment_id} was recorded" in reason
    assert len(supplier_client.checkpoints(shipment_id)) == 2


def report_row(path: Path, index: int) -> Any:
    """Row ``index`` of a bulk input file, as the engine reads it."""
    from py_client.bulk.operations import Shipments

    return Shipments().read(path)[index]


def test_cli_ref_registers_a_shipment_once_and_a_repeat_says_what_it_created(
    rantai: Callable[..., Any], pilot: Any, write_json: Callable[[str, Any], Path]
) -> None:
    order_id = pilot.direct_order()
    shipment = {"quantities": [10], "origin": {"country": "ID", "region": "ID-JT"}}
    argv = [
        "shipment",
        "register",
        str(order_id),
        "--file",
        str(write_json("shipment.json", shipment)),
        "--carrier",
        pilot.address("carrier"),
        "--expected-arrival",
        "+5d",
        "--ref",
        f"SJ-CLI-{order_id}",
    ]
    first = rantai(pilot.accounts["supplier"], *argv)
    assert first.code == 0, first.err
    shipment_id = first.doc["shipment_id"]
    assert pilot.governor.shipment(shipment_id).ref == client_ref(f"SJ-CLI-{order_id}")

    with pilot.sends_nothing("supplier"):
        again = rantai(pilot.accounts["supplier"], *argv)
    assert again.code == 1
    assert f"already registered shipment {shipment_id} with reference 0x" in again.error
    assert "nothing new was registered" in again.error
    assert pilot.governor.shipments_of(order_id) == [shipment_id]

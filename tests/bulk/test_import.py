"""``rantai import tenders|orders``: SPSE/SiRUP-shaped CSV files into tenders and orders.

The CLI runs in process as the pilot's agency on the session's anvil chain (the `rantai` and
`pilot` fixtures of tests/conftest.py).
Files are the examples of docs/examples/ with their deadlines moved relative to the chain's
clock; what was created is read back from the chain and its events.
"""

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from eth_utils import keccak

from py_client.bulk import Journal
from py_client.interop.spse import ImportFileError, load_orders, load_tenders
from py_client.models import TenderStatus
from py_client.receipts import EventDecoder
from tests.support.cli import DAY, Pilot, Run
from tests.support.constants import AGENCY_ORG

# Contract paths are covered by the contract suites; this one runs untraced (docs/contracts.md).
pytestmark = pytest.mark.no_contract_trace

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def rewrite(source: Path, target: Path, changes: Callable[[dict[str, str]], None]) -> Path:
    """A copy of the CSV ``source`` with each row passed through ``changes``."""
    with source.open() as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        columns = reader.fieldnames or []
    for row in rows:
        changes(row)
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    target.write_text(out.getvalue())
    return target


def stamp(seconds: int) -> str:
    """SPSE's local form of a time (WIB)."""
    moment = datetime.fromtimestamp(seconds, UTC).astimezone(
        datetime.fromisoformat("2026-01-01T00:00:00+07:00").tzinfo
    )
    return moment.strftime("%d-%m-%Y %H:%M")


def tenders_file(pilot: Pilot, folder: Path) -> Path:
    now = pilot.now()

    def shift(row: dict[str, str]) -> None:
        row["batas_akhir_penawaran"] = stamp(now + 4 * DAY)
        row["batas_akhir_pembukaan"] = stamp(now + 6 * DAY)

    return rewrite(EXAMPLES / "tenders.csv", folder / "tenders.csv", shift)


def test_example_files_are_valid() -> None:
    tenders = load_tenders(EXAMPLES / "tenders.csv")
    orders = load_orders(EXAMPLES / "orders.csv")

    assert [(t.code, len(t.items), t.hps_idr) for t in tenders] == [
        ("10012026001", 2, 1_200_000_000),
        ("10012026002", 1, 450_000_000),
    ]
    assert tenders[0].items[0].description_hash == keccak(text="Laptop 14 inci Core i5 RAM 16 GB")
    assert tenders[0].bid_deadline_at.isoformat() == "2027-03-15T16:00:00+07:00"
    assert [(o.code, o.total_idr, len(o.lines)) for o in orders] == [
        ("EP-2026-0001", 54_000_000, 2),
        ("PL-2026-0002", 80_000_000, 1),
    ]
    assert orders[1].lines[0].is_milestone


def test_import_tenders_opens_each_package_once_and_a_rerun_sends_nothing(
    rantai: Callable[..., Run], pilot: Pilot, cli_env: Path
) -> None:
    path = tenders_file(pilot, cli_env)

    first = rantai(pilot.accounts["agency"], "import", "tenders", str(path))
    with pilot.sends_nothing("agency"):
        again = rantai(pilot.accounts["agency"], "import", "tenders", str(path))

    assert first.code == 0, first.err
    assert (first.doc["created"], first.doc["skipped"]) == (2, 0)
    assert (again.doc["created"], again.doc["skipped"]) == (0, 2)
    client = pilot.governor
    opened = [client.tender(r["tender_id"]) for r in first.doc["results"]]
    assert [t.hps_idr for t in opened] == [1_200_000_000, 450_000_000]
    assert [t.bond_idr for t in opened] == [10_000_000, 2_250_000]
    assert [len(t.items) for t in opened] == [2, 1]
    assert opened[1].items[0].unit == "box"
    assert all(t.status == TenderStatus.OPEN and t.agency_org_id == AGENCY_ORG for t in opened)
    assert [r["ocid"] for r in first.doc["results"]] == [t.ocid for t in opened]
    receipt = client.w3.eth.get_transaction_receipt(first.doc["results"][0]["tx_hash"])
    topics = {log["topics"][0] for log in receipt["logs"]}
    assert EventDecoder().topic("Tendering", "TenderOpened") in topics
    assert again.doc["sent"] == 0
    assert [r["earlier"] for r in again.doc["results"]] == [True, True]
    journal = Journal.open(cli_env / "tenders.csv.journal")
    assert journal.header["operation"] == "import-tenders"
    lines = [r["line"] for r in first.doc["results"]]
    assert [journal.rows[n].state for n in lines] == ["mined", "mined"]
    assert [journal.rows[n].created["tender_id"] for n in lines] == [t.tender_id for t in opened]


def test_a_bad_file_lists_every_problem_and_sends_nothing(
    rantai: Callable[..., Run], pilot: Pilot, cli_env: Path
) -> None:
    bad = cli_env / "bad.csv"
    header = (EXAMPLES / "tenders.csv").read_text().splitlines()[0]
    bad.write_text(
        header
        + "\nT1,Paket,2026,1.5 juta,0,01-01-2027 10:00,02-01-2027 10:00,rantai://d,,Barang,10,unit"
        + "\nT1,Paket,2026,1.5 juta,0,01-01-2027 10:00,02-01-2027 10:00,rantai://d,,Barang,,unit"
        + "\nT2,Paket 2,2026,2.000.000,0,03-01-2027 10:00,02-01-2027 10:00,rantai://d,,X,1,unit"
        + "\nT3,Paket 3,2026\n"
    )
    with pilot.sends_nothing("agency"):
        result = rantai(pilot.accounts["agency"], "import", "tenders", str(bad))

    assert result.code == 2
    assert result.error.startswith(f"{bad}: ")
    assert "nothing sent" in result.error
    assert "line 2: nilai_hps: the value is not a number of rupiah: '1.5 juta'" in result.error
    assert "line 3: volume is empty" in result.error
    assert "line 4: batas_akhir_pembukaan is not after the bid deadline" in result.error
    assert "line 5: 12 cells expected, as in the header" in result.error
    assert result.doc["error"]["type"] == "ImportFileError"
    with pytest.raises(ImportFileError) as caught:
        load_tenders(bad)
    assert len(caught.value.problems) == 4


def test_deadlines_too_close_for_the_chain_send_nothing(
    rantai: Callable[..., Run], pilot: Pilot, cli_env: Path
) -> None:
    now = pilot.now()

    def soon(row: dict[str, str]) -> None:
        row["batas_akhir_penawaran"] = stamp(now + DAY)
        row["batas_akhir_pembukaan"] = stamp(now + 2 * DAY)

    path = rewrite(EXAMPLES / "tenders.csv", cli_env / "soon.csv", soon)
    with pilot.sends_nothing("agency"):
        result = rantai(pilot.accounts["agency"], "import", "tenders", str(path))

    assert result.code == 2
    assert "problems, nothing sent: line 2: batas_akhir_penawaran" in result.error
    assert "less than the minimum tender period" in result.error
    assert not (cli_env / "soon.csv.journal").exists()


def test_import_orders_direct_and_from_an_awarded_tender(
    rantai: Callable[..., Run], pilot: Pilot, cli_env: Path
) -> None:
    tender_id = pilot.awarded_tender({"supplier": 900_000_000, "supplier2": 950_000_000})
    deadline = stamp(pilot.now() + 30 * DAY)
    due = stamp(pilot.now() + 20 * DAY)
    rows = [
        f"PL-1,,{pilot.address('supplier2')},2026,{deadline},90,Masker,400,box,75.000,ID,",
        f"PL-1,,{pilot.address('supplier2')},2026,{deadline},90,Sarung tangan,200,box,120.000,MY,",
        f"PL-2,,{pilot.address('supplier')},2026,{deadline},180,Renovasi,1,milestone,80.000.000,,"
        f"{due}",
        f"T-{tender_id},{tender_id},,,{deadline},90,Laptop 14 inch,100,unit,9.000.000,ID,",
    ]
    header = (EXAMPLES / "orders.csv").read_text().splitlines()[0]
    path = cli_env / "orders.csv"
    path.write_text("\n".join([header, *rows]) + "\n")

    done = rantai(pilot.accounts["agency"], "import", "orders", str(path))

    assert done.code == 0, done.err
    assert done.doc["created"] == 3
    direct, works, from_tender = (pilot.governor.order(r["order_id"]) for r in done.doc["results"])
    assert (direct.supplier, direct.total_idr) == (pilot.address("supplier2"), 54_000_000)
    assert [line.origin_country for line in pilot.governor.lines(direct.order_id)] == ["ID", "MY"]
    assert (works.supplier, works.total_idr) == (pilot.address("supplier"), 80_000_000)
    assert pilot.governor.lines(works.order_id)[0].is_milestone
    assert from_tender.tender_id == tender_id
    assert from_tender.total_idr == 900_000_000
    assert from_tender.ocid == pilot.governor.tender(tender_id).ocid
    orders = (direct, works, from_tender)
    assert [r["ocid"] for r in done.doc["results"]] == [o.ocid for o in orders]
    again = cli_env / "again.csv"  # the tender's package in another file: ordered already
    again.write_text("\n".join([header, rows[3]]) + "\n")
    with pilot.sends_nothing("agency"):
        second = rantai(pilot.accounts["agency"], "import", "orders", str(again))
    assert second.code == 0, second.err
    assert (second.doc["created"], second.doc["skipped"]) == (0, 1)
    (skipped,) = second.doc["results"]
    assert skipped["state"] == "skipped"
    # The row's reference (its SPSE package code) is on chain already: the chain itself would
    # refuse a second order with it (issue 13 item 9), so nothing is sent.
    assert skipped["reason"] == (
        f"already ordered on chain: order {from_tender.order_id} has this reference"
    )


def test_orders_above_the_ceiling_or_award_send_nothing(
    rantai: Callable[..., Run], pilot: Pilot, cli_env: Path
) -> None:
    ceiling = pilot.governor.policy().direct_purchase_ceiling_idr
    deadline = stamp(pilot.now() + 30 * DAY)
    header = (EXAMPLES / "orders.csv").read_text().splitlines()[0]
    path = cli_env / "orders.csv"
    tender_id = pilot.awarded_tender({"supplier": 900_000_000})
    path.write_text(
        f"{header}\nBIG,,{pilot.address('supplier')},2026,{deadline},90,Alat,1,unit,"
        f"{ceiling + 1},ID,\n"
        f"T-1,{tender_id},,,{deadline},90,Laptop,100,unit,8.000.000,ID,\n"
    )
    with pilot.sends_nothing("agency"):
        result = rantai(pilot.accounts["agency"], "import", "orders", str(path))

    assert result.code == 2
    assert result.error.startswith(f"{path}: 2 problems, nothing sent: line 2: ")
    assert (
        f"line 3: the lines add up to Rp 800.000.000, the award of tender {tender_id} is "
        "Rp 900.000.000" in result.error
    )
    assert not path.with_name("orders.csv.journal").exists()
    assert f"exceeds the direct-purchase ceiling Rp {ceiling:,}".replace(",", ".") in result.error


def test_check_only_reads_the_file_without_a_node(
    rantai: Callable[..., Run], pilot: Pilot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RANTAI_RPC_URL", "http://127.0.0.1:9")  # nothing listens there
    result = rantai(None, "import", "orders", str(EXAMPLES / "orders.csv"), "--check-only")

    assert result.code == 0, result.err
    assert result.doc["packages"] == 2

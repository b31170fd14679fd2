"""Exactly once under SIGKILL: ``rantai import tenders|orders`` killed mid-run, run again.

The imports run on the bulk engine, so they inherit its guarantee; these tests prove it for
the import's own rows (one per package, several CSV lines each) with the tools of
test_bulk_kill.py: the CLI in a subprocess, a JSON-RPC proxy that holds chosen requests so the
kill lands at a known point, the held requests delivered late after the re-run. The chain must
then hold exactly one tender (one ``TenderOpened`` per package's specification hash) or one
order (one ``OrderCreated`` per package's first item) per package.
"""

import subprocess
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from eth_utils import keccak

from py_client import Rantai
from py_client.interop.spse import ORDER_COLUMNS, TENDER_COLUMNS
from tests.support.bulk import (
    HoldingProxy,
    created_orders,
    journal_count,
    kill_and_settle,
    rerun_document,
    wait_for,
)
from tests.support.client import Connect
from tests.support.constants import FISCAL_YEAR

# Contract paths are covered by the contract suites; this one runs untraced (docs/contracts.md).
pytestmark = pytest.mark.no_contract_trace

PACKAGES = 60
DAY = 86_400
WIB = timezone(timedelta(hours=7))


def spse_time(seconds: int) -> str:
    """SPSE's local form of a time (WIB)."""
    return datetime.fromtimestamp(seconds, UTC).astimezone(WIB).strftime("%d-%m-%Y %H:%M")


def write_spse(path: Path, columns: dict[str, Any], rows: list[dict[str, str]]) -> Path:
    header = list(columns)
    lines = [",".join(header)] + [",".join(row.get(c, "") for c in header) for row in rows]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def agency_client(connect: Connect, agency: Any) -> Rantai:
    return connect(agency)


@pytest.fixture
def import_cli(
    rantai_process: Callable[..., subprocess.Popen[bytes]],
) -> Callable[..., subprocess.Popen[bytes]]:
    """``import_cli(url, kind, file, *args)``: ``python -m py_client.cli import KIND FILE``."""

    def _start(url: str, kind: str, path: Path, *args: str) -> subprocess.Popen[bytes]:
        return rantai_process(url, "import", kind, str(path), *args)

    return _start


def tenders_csv(folder: Path, now: int) -> Path:
    """``PACKAGES`` tender packages of two item lines each; package ``i`` is ``TND-i``."""
    rows = []
    for i in range(PACKAGES):
        package = {
            "kode_tender": f"TND-{i}",
            "nama_paket": f"Paket {i}",
            "tahun_anggaran": str(FISCAL_YEAR),
            "nilai_hps": "100.000.000",
            "jaminan_penawaran": "500.000",  # the policy minimum, 5 per mille of the HPS
            "batas_akhir_penawaran": spse_time(now + 5 * DAY),
            "batas_akhir_pembukaan": spse_time(now + 7 * DAY),
            "url_dokumen": f"https://spse.example/{i}",
        }
        rows.append(package | {"uraian_barang": "Kursi", "volume": "10", "satuan": "unit"})
        rows.append(package | {"uraian_barang": "Meja", "volume": "5", "satuan": "unit"})
    return write_spse(folder / "tenders.csv", TENDER_COLUMNS, rows)


def orders_csv(folder: Path, now: int, supplier: str) -> Path:
    """``PACKAGES`` direct-purchase packages of two lines; package ``i`` is ``PL-i``."""
    rows = []
    for i in range(PACKAGES):
        package = {
            "kode_paket": f"PL-{i}",
            "alamat_penyedia": supplier,
            "tahun_anggaran": str(FISCAL_YEAR),
            "batas_waktu_pengiriman": spse_time(now + 30 * DAY),
            "masa_pemeliharaan_hari": "30",
            "satuan": "box",
        }
        rows.append(package | {"uraian_barang": f"PL-{i}", "volume": "4", "harga_satuan": "50.000"})
        rows.append(package | {"uraian_barang": "Masker", "volume": "2", "harga_satuan": "10.000"})
    return write_spse(folder / "orders.csv", ORDER_COLUMNS, rows)


def opened_tenders(client: Rantai) -> Counter[bytes]:
    """How many ``TenderOpened`` events there are per specification hash."""
    return Counter(
        bytes(e["args"]["params"]["specHash"]) for e in client.logs("Tendering", "TenderOpened")
    )


def kill_mid_import(
    proxy: HoldingProxy,
    import_cli: Callable[..., subprocess.Popen[bytes]],
    client: Rantai,
    kind: str,
    path: Path,
    hold: tuple[str, int],
    batch: int,
    journaled: tuple[str, int],
) -> Path:
    """Import ``path`` through ``proxy`` in arrays of ``batch`` rows (two in flight), the proxy
    holding ``hold`` (a method, after letting that many of its requests through); kill the CLI
    once a request is held and the journal has ``journaled`` (that many rows in that state),
    settle the node. Returns the journal."""
    journal = Path(f"{path}.journal")
    proxy.hold_method, proxy.let_through = hold
    in_flight = str(2 * batch)
    run = import_cli(
        proxy.url, kind, path, "--batch-size", str(batch), "--max-in-flight", in_flight
    )
    wait_for(proxy.held.is_set, f"a held {hold[0]} request reached the proxy")
    state, count = journaled
    wait_for(lambda: journal_count(journal, state) >= count, f"{count} rows journaled {state}")
    kill_and_settle(run, client, journal)
    return journal


def run_again(
    import_cli: Callable[..., subprocess.Popen[bytes]],
    rpc_url: str,
    kind: str,
    path: Path,
    proxy: HoldingProxy,
    client: Rantai,
) -> dict[str, Any]:
    """The same import again, straight to the node; then the held requests arrive late."""
    again = import_cli(rpc_url, kind, path, "--json")
    document = rerun_document(again, proxy, client, "results")
    assert document["complete"] is True
    assert [r["state"] for r in document["results"]] == ["done"] * PACKAGES
    return document


def test_an_import_of_tenders_killed_between_journal_and_broadcast_opens_each_once(
    proxy: HoldingProxy,
    import_cli: Callable[..., subprocess.Popen[bytes]],
    agency_client: Rantai,
    rpc_url: str,
    tmp_path: Path,
) -> None:
    path = tenders_csv(tmp_path, agency_client.now())
    # the first array goes through, the second is held: both journaled as signed
    hold = ("eth_sendRawTransaction", 1)
    kill_mid_import(proxy, import_cli, agency_client, "tenders", path, hold, 15, ("signed", 30))
    assert agency_client.tender_count() == 15  # the first array only: the second never left

    document = run_again(import_cli, rpc_url, "tenders", path, proxy, agency_client)

    opened = opened_tenders(agency_client)
    specs = [keccak(text=f"TND-{i} Paket {i}") for i in range(PACKAGES)]
    assert [opened[s] for s in specs] == [1] * PACKAGES
    assert agency_client.tender_count() == PACKAGES
    ids = [r["tender_id"] for r in document["results"]]
    assert sorted(ids) == list(range(1, PACKAGES + 1))
    assert sum(r["earlier"] for r in document["results"]) == 15
    first = agency_client.tender(ids[0])
    assert [(i.quantity, i.unit) for i in first.items] == [(10, "unit"), (5, "unit")]


def test_an_import_of_orders_killed_before_its_receipts_creates_each_once(
    proxy: HoldingProxy,
    import_cli: Callable[..., subprocess.Popen[bytes]],
    agency_client: Rantai,
    supplier: Any,
    rpc_url: str,
    tmp_path: Path,
) -> None:
    path = orders_csv(tmp_path, agency_client.now(), supplier.address)
    # an array broadcast, its first receipt request held
    hold = ("eth_getTransactionReceipt", 0)
    journal = kill_mid_import(
        proxy, import_cli, agency_client, "orders", path, hold, 20, ("sent", 20)
    )
    assert agency_client.order_count() >= 20
    assert '"type":"mined"' not in journal.read_text()  # mined, never recorded

    document = run_again(import_cli, rpc_url, "orders", path, proxy, agency_client)

    created = created_orders(agency_client)
    assert [created[keccak(text=f"PL-{i}")] for i in range(PACKAGES)] == [1] * PACKAGES
    assert agency_client.order_count() == PACKAGES
    ids = sorted(r["order_id"] for r in document["results"])
    assert ids == list(range(1, PACKAGES + 1))
    assert agency_client.order(ids[0]).total_idr == 4 * 50_000 + 2 * 10_000

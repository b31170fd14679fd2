"""Exactly once under SIGKILL: ``rantai bulk orders`` killed mid-run, resumed, counted on chain.

The CLI runs in a subprocess (``python -m py_client.cli bulk orders FILE``) against the test
node through a small JSON-RPC proxy that can hold chosen requests, so the kill lands at a
known point: after rows were signed and journaled but before their array was broadcast, after
an array was broadcast but before any receipt was read, and at an arbitrary moment of a slowed
run. The resumed run gets the node directly; the requests the proxy held are then delivered
late (the dead process's old bytes reach the node after all), and the chain must still hold
exactly one order per row: one ``OrderCreated`` per row's item hash, and as many orders as rows.
"""

import json
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from py_client import Rantai
from tests.support.bulk import (
    TIMEOUT_S,
    HoldingProxy,
    created_orders,
    item,
    journal_count,
    journaled_hashes,
    kill,
    wait_for,
    wait_mined,
)
from tests.support.client import Connect

# Contract paths are covered by the contract suites; this one runs untraced (docs/contracts.md).
pytestmark = pytest.mark.no_contract_trace

ROWS = 120


@pytest.fixture
def bulk_cli(
    rantai_process: Callable[..., subprocess.Popen[bytes]],
) -> Callable[..., subprocess.Popen[bytes]]:
    """``bulk_cli(url, file, *args)``: ``python -m py_client.cli bulk orders`` as the agency."""

    def _start(url: str, path: Path, *args: str) -> subprocess.Popen[bytes]:
        return rantai_process(url, "bulk", "orders", str(path), *args)

    return _start


def resume_and_count(
    bulk_cli: Callable[..., subprocess.Popen[bytes]],
    rpc_url: str,
    path: Path,
    proxy: HoldingProxy,
    client: Rantai,
) -> dict[str, Any]:
    """Run the same command again (direct to the node), deliver held requests, count."""
    resumed = bulk_cli(rpc_url, path, "--json")
    out, err = resumed.communicate(timeout=TIMEOUT_S * 2)
    assert resumed.returncode == 0, err.decode()
    document: dict[str, Any] = json.loads(out)
    proxy.release()  # the dead run's held request reaches the node now
    time.sleep(0.5)
    wait_mined(client, [r["tx_hash"] for r in document["rows"]])
    created = created_orders(client)
    assert [created[item(f"PO-{i}")] for i in range(ROWS)] == [1] * ROWS
    assert sum(created.values()) == ROWS
    assert client.order_count() == ROWS
    ids = sorted(r["created"]["order_id"] for r in document["rows"])
    assert ids == list(range(1, ROWS + 1))
    return document


@pytest.fixture
def agency_client(connect: Connect, agency: Any) -> Rantai:
    return connect(agency)


def test_killed_after_journaling_before_broadcast_resumes_exactly_once(
    proxy: HoldingProxy,
    bulk_cli: Callable[..., subprocess.Popen[bytes]],
    orders_csv: Callable[..., Path],
    supplier: Any,
    agency_client: Rantai,
    rpc_url: str,
) -> None:
    assert agency_client.order_count() == 0
    path = orders_csv(supplier.address, ROWS)
    journal = Path(f"{path}.journal")
    proxy.hold_method, proxy.let_through = "eth_sendRawTransaction", 1
    run = bulk_cli(proxy.url, path, "--batch-size", "20", "--max-in-flight", "40")
    wait_for(proxy.held.is_set, "the second array reached the proxy")
    wait_for(lambda: journal_count(journal, "signed") >= 40, "two arrays journaled")
    kill(run)
    wait_mined(agency_client, journaled_hashes(journal, "sent"))
    assert agency_client.order_count() == 20  # the first array only: the second never left
    assert journal_count(journal, "signed") >= 40
    document = resume_and_count(bulk_cli, rpc_url, path, proxy, agency_client)
    assert document["counts"]["done"] == ROWS


def test_killed_after_broadcast_before_receipts_resumes_exactly_once(
    proxy: HoldingProxy,
    bulk_cli: Callable[..., subprocess.Popen[bytes]],
    orders_csv: Callable[..., Path],
    supplier: Any,
    agency_client: Rantai,
    rpc_url: str,
) -> None:
    path = orders_csv(supplier.address, ROWS)
    journal = Path(f"{path}.journal")
    proxy.hold_method, proxy.let_through = "eth_getTransactionReceipt", 0
    run = bulk_cli(proxy.url, path, "--batch-size", "30", "--max-in-flight", "60")
    wait_for(proxy.held.is_set, "a receipt request reached the proxy")
    wait_for(lambda: journal_count(journal, "sent") >= 30, "an array broadcast")
    kill(run)
    wait_mined(agency_client, journaled_hashes(journal, "sent"))
    mined = agency_client.order_count()
    assert mined >= 30
    assert '"type":"mined"' not in journal.read_text()  # sent, mined, never recorded
    resume_and_count(bulk_cli, rpc_url, path, proxy, agency_client)


def test_killed_at_an_arbitrary_moment_resumes_exactly_once(
    proxy: HoldingProxy,
    bulk_cli: Callable[..., subprocess.Popen[bytes]],
    orders_csv: Callable[..., Path],
    supplier: Any,
    agency_client: Rantai,
    rpc_url: str,
) -> None:
    path = orders_csv(supplier.address, ROWS)
    journal = Path(f"{path}.journal")
    proxy.delay_s = 0.03  # a slow node: the run lasts long enough to be killed in the middle
    run = bulk_cli(proxy.url, path, "--batch-size", "10", "--max-in-flight", "20")
    wait_for(lambda: journal_count(journal, "sent") >= ROWS // 3, "a third of the rows sent")
    kill(run)
    wait_mined(agency_client, journaled_hashes(journal, "sent"))
    assert 0 < agency_client.order_count() < ROWS
    resume_and_count(bulk_cli, rpc_url, path, proxy, agency_client)
    finished = bulk_cli(rpc_url, path, "--json")  # a finished file: nothing to do
    out, err = finished.communicate(timeout=TIMEOUT_S)
    assert finished.returncode == 0, err.decode()
    assert json.loads(out)["sent"] == 0
    assert agency_client.order_count() == ROWS

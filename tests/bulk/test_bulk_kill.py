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
from collections.abc import Callable
from dataclasses import dataclass
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
    kill_and_settle,
    rerun_document,
    wait_for,
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


@dataclass
class KilledRun:
    """An orders file of ``ROWS`` rows, its bulk run through the holding proxy, the agency's client
    that counts what reached the chain."""

    proxy: HoldingProxy
    bulk_cli: Callable[..., subprocess.Popen[bytes]]
    client: Rantai
    rpc_url: str
    path: Path

    @property
    def journal(self) -> Path:
        return Path(f"{self.path}.journal")

    def start(self, batch_size: int, max_in_flight: int) -> subprocess.Popen[bytes]:
        """``rantai bulk orders`` through the proxy, ``batch_size`` rows an array."""
        batching = ("--batch-size", str(batch_size), "--max-in-flight", str(max_in_flight))
        return self.bulk_cli(self.proxy.url, self.path, *batching)

    def kill(self, run: subprocess.Popen[bytes]) -> None:
        kill_and_settle(run, self.client, self.journal)

    def resume_and_count(self) -> dict[str, Any]:
        """Run the same command again (direct to the node), deliver held requests, count."""
        client = self.client
        resumed = self.bulk_cli(self.rpc_url, self.path, "--json")
        document = rerun_document(resumed, self.proxy, client, "rows")
        created = created_orders(client)
        assert [created[item(f"PO-{i}")] for i in range(ROWS)] == [1] * ROWS
        assert sum(created.values()) == ROWS
        assert client.order_count() == ROWS
        ids = sorted(r["created"]["order_id"] for r in document["rows"])
        assert ids == list(range(1, ROWS + 1))
        return document


@pytest.fixture
def killed(
    proxy: HoldingProxy,
    bulk_cli: Callable[..., subprocess.Popen[bytes]],
    orders_csv: Callable[..., Path],
    connect: Connect,
    agency: Any,
    rpc_url: str,
) -> KilledRun:
    return KilledRun(proxy, bulk_cli, connect(agency), rpc_url, orders_csv(ROWS))


def test_killed_after_journaling_before_broadcast_resumes_exactly_once(killed: KilledRun) -> None:
    assert killed.client.order_count() == 0
    killed.proxy.hold_method, killed.proxy.let_through = "eth_sendRawTransaction", 1
    run = killed.start(20, 40)
    wait_for(killed.proxy.held.is_set, "the second array reached the proxy")
    wait_for(lambda: journal_count(killed.journal, "signed") >= 40, "two arrays journaled")
    killed.kill(run)
    assert killed.client.order_count() == 20  # the first array only: the second never left
    assert journal_count(killed.journal, "signed") >= 40
    document = killed.resume_and_count()
    assert document["counts"]["done"] == ROWS


def test_killed_after_broadcast_before_receipts_resumes_exactly_once(killed: KilledRun) -> None:
    killed.proxy.hold_method, killed.proxy.let_through = "eth_getTransactionReceipt", 0
    run = killed.start(30, 60)
    wait_for(killed.proxy.held.is_set, "a receipt request reached the proxy")
    wait_for(lambda: journal_count(killed.journal, "sent") >= 30, "an array broadcast")
    killed.kill(run)
    assert killed.client.order_count() >= 30
    assert '"type":"mined"' not in killed.journal.read_text()  # sent, mined, never recorded
    killed.resume_and_count()


def test_killed_at_an_arbitrary_moment_resumes_exactly_once(killed: KilledRun) -> None:
    killed.proxy.delay_s = 0.03  # a slow node: the run lasts long enough to be killed in the middle
    run = killed.start(10, 20)
    wait_for(lambda: journal_count(killed.journal, "sent") >= ROWS // 3, "a third of the rows sent")
    killed.kill(run)
    assert 0 < killed.client.order_count() < ROWS
    killed.resume_and_count()
    finished = killed.bulk_cli(killed.rpc_url, killed.path, "--json")  # a finished file: no work
    out, err = finished.communicate(timeout=TIMEOUT_S)
    assert finished.returncode == 0, err.decode()
    assert json.loads(out)["sent"] == 0
    assert killed.client.order_count() == ROWS

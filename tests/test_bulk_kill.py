"""Exactly once under SIGKILL: ``rantai bulk orders`` killed mid-run, resumed, counted on chain.

The CLI runs in a subprocess (``python -m py_client.cli bulk orders FILE``) against the test
node through a small JSON-RPC proxy that can hold chosen requests, so the kill lands at a
known point: after rows were signed and journaled but before their array was broadcast, after
an array was broadcast but before any receipt was read, and at an arbitrary moment of a slowed
run. The resumed run gets the node directly; the requests the proxy held are then delivered
late (the dead process's old bytes reach the node after all), and the chain must still hold
exactly one order per row: one ``OrderCreated`` per row's item hash, and as many orders as rows.
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from bulk_fixtures import *  # noqa: F403
from bulk_fixtures import created_orders, item, journaled_hashes, wait_mined
from client_fixtures import *  # noqa: F403
from client_fixtures import Connect

from py_client import Rantai

ROOT = Path(__file__).resolve().parents[1]
ROWS = 120
TIMEOUT_S = 60.0


class HoldingProxy:
    """Forwards JSON-RPC posts to ``upstream``; holds posts of ``hold_method`` after the first
    ``let_through`` of them until :meth:`release` (then forwards them, late); can slow every
    post by ``delay_s``."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.hold_method: str | None = None
        self.let_through = 0
        self.delay_s = 0.0
        self.seen = 0
        self.held = threading.Event()
        self.released = threading.Event()
        self.lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                answer = proxy.handle(body)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                with contextlib.suppress(OSError):  # the client was killed meanwhile
                    self.wfile.write(answer)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def handle(self, body: bytes) -> bytes:
        if self.delay_s:
            time.sleep(self.delay_s)
        if self.hold_method and f'"{self.hold_method}"'.encode() in body:
            with self.lock:
                self.seen += 1
                hold = self.seen > self.let_through
            if hold:
                self.held.set()
                self.released.wait(TIMEOUT_S)
        request = urllib.request.Request(  # noqa: S310 (loopback)
            self.upstream, body, {"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return bytes(response.read())

    def release(self) -> None:
        self.released.set()

    def stop(self) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def proxy(rpc_url: str) -> Iterator[HoldingProxy]:
    holding = HoldingProxy(rpc_url)
    yield holding
    holding.stop()


@pytest.fixture
def bulk_cli(
    deployment_file: Path, private_key: Callable[[Any], str], agency: Any, tmp_path: Path
) -> Callable[..., subprocess.Popen[bytes]]:
    """``bulk_cli(url, file, *args)``: ``python -m py_client.cli bulk orders`` as the agency."""

    def _start(url: str, path: Path, *args: str) -> subprocess.Popen[bytes]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("RANTAI_")}
        env |= {
            "RANTAI_RPC_URL": url,
            "RANTAI_DEPLOYMENT": str(deployment_file),
            "RANTAI_PRIVATE_KEY": private_key(agency),
            "RANTAI_TX_TIMEOUT": "30",
        }
        command = [sys.executable, "-m", "py_client.cli", "bulk", "orders", str(path), *args]
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )

    return _start


def journal_count(path: Path, kind: str) -> int:
    """Rows recorded as ``kind`` (``signed``; ``sent`` counts the rows of each record)."""
    if not path.exists():
        return 0
    total = 0
    for line in path.read_text().splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line being written
        if record.get("type") == kind:
            total += len(record["rows"]) if kind == "sent" else 1
    return total


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.01)


def kill(process: subprocess.Popen[bytes]) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL


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

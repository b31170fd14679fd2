"""Helpers of the bulk tests: input files, events counted on chain.

Also the tools of the kill -9 tests (test_bulk_kill.py, test_import_kill.py): a JSON-RPC proxy
that holds chosen requests, the CLI in a killable subprocess, journal counters.

The fixtures (``orders_csv``, ``write_rows``, ``proxy``, ``rantai_process``) are in
tests/bulk/conftest.py.
"""

import contextlib
import csv
import json
import os
import signal
import subprocess
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from eth_utils import keccak
from web3.exceptions import TransactionNotFound

from py_client import Rantai

ORDER_COLUMNS = (
    "ref",
    "supplier",
    "fiscalYear",
    "description",
    "quantity",
    "unitPrice",
    "unit",
    "deliveryDeadline",
    "maintenance",
)
UNIT_PRICE_IDR = 650_000
QUANTITY = 10


def write_csv(
    path: Path, columns: Sequence[str], rows: Sequence[Sequence[Any]], delimiter: str = ","
) -> Path:
    """A CSV file with a header."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(columns)
        writer.writerows(rows)
    return path


def order_rows(supplier: str, count: int, prefix: str = "PO") -> list[list[Any]]:
    """Valid direct-order rows; row ``i`` describes ``"<prefix>-<i>"`` (its item hash)."""
    return [
        [
            f"{prefix}-{i}",
            supplier,
            2026,
            f"{prefix}-{i}",
            QUANTITY,
            "650.000",
            "sack",
            "+30d",
            "30d",
        ]
        for i in range(count)
    ]


def created_orders(client: Rantai) -> Counter[bytes]:
    """How many ``OrderCreated`` events there are per item hash of the first line."""
    return Counter(
        bytes(e["args"]["lines"][0]["itemHash"]) for e in client.logs("OrderEscrow", "OrderCreated")
    )


def wait_mined(client: Rantai, tx_hashes: Iterable[str], timeout_s: float = 20.0) -> None:
    """Wait until every transaction of ``tx_hashes`` has a receipt (anvil mines what it
    accepted a moment later, and does not count it as pending at once either)."""
    waiting = set(tx_hashes)
    deadline = time.monotonic() + timeout_s
    while waiting:
        for tx_hash in list(waiting):
            try:
                client.w3.eth.get_transaction_receipt(tx_hash)  # type: ignore[arg-type]
                waiting.discard(tx_hash)
            except TransactionNotFound:
                pass
        if waiting and time.monotonic() > deadline:
            raise TimeoutError(f"{len(waiting)} transactions not mined")
        time.sleep(0.02)


def journaled_hashes(journal: Path, kind: str = "signed") -> list[str]:
    """Hashes of the rows a journal recorded as ``signed``, or as ``sent``."""
    signed: dict[int, str] = {}
    sent: set[int] = set()
    for line in journal.read_text().splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if record.get("type") == "signed":
            signed[record["row"]] = record["hash"]
        elif record.get("type") == "sent":
            sent.update(record["rows"])
    rows = signed if kind == "signed" else {r: h for r, h in signed.items() if r in sent}
    return list(rows.values())


def item(ref: str) -> bytes:
    """The item hash of the line of the order row ``ref`` (its description is the ref)."""
    return keccak(text=ref)


# --------------------------------------------------------------------------- kill -9 runs

ROOT = Path(__file__).resolve().parents[2]
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
        self.closing = False  # set by stop(): a held post is answered, never forwarded late
        self.active = 0  # posts being handled
        self.idle = threading.Condition(self.lock)
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
        with self.lock:
            self.active += 1
        try:
            return self._forward(body)
        finally:
            with self.lock:
                self.active -= 1
                self.idle.notify_all()

    def _forward(self, body: bytes) -> bytes:
        if self.delay_s:
            time.sleep(self.delay_s)
        if self.hold_method and f'"{self.hold_method}"'.encode() in body:
            with self.lock:
                self.seen += 1
                hold = self.seen > self.let_through
            if hold:
                self.held.set()
                self.released.wait(TIMEOUT_S)
        if self.closing:
            # The test is over: a transaction forwarded now would land on the shared chain
            # after the test's snapshot was reverted, and leak into the next tests.
            return b'{"jsonrpc": "2.0", "id": null, "error": {"code": -32000, "message": "closed"}}'
        request = urllib.request.Request(  # noqa: S310 (loopback)
            self.upstream, body, {"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return bytes(response.read())

    def release(self) -> None:
        self.released.set()

    def stop(self) -> None:
        """Answer held posts without forwarding them, and wait for the posts in flight."""
        self.closing = True
        self.released.set()
        with self.lock:
            self.idle.wait_for(lambda: self.active == 0, timeout=TIMEOUT_S)
        self.server.shutdown()
        self.server.server_close()


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


def kill_and_settle(process: subprocess.Popen[bytes], client: Rantai, journal: Path) -> None:
    """SIGKILL the run, then wait until every transaction its journal says it sent is mined."""
    kill(process)
    wait_mined(client, journaled_hashes(journal, "sent"))


def rerun_document(
    process: subprocess.Popen[bytes], proxy: HoldingProxy, client: Rantai, rows_key: str
) -> dict[str, Any]:
    """The JSON document of a successful re-run (straight to the node); then the requests the
    proxy held for the killed run reach the node late, and every transaction the re-run
    reports (``document[rows_key][i]["tx_hash"]``) is mined."""
    out, err = process.communicate(timeout=TIMEOUT_S * 2)
    assert process.returncode == 0, err.decode()
    document: dict[str, Any] = json.loads(out)
    proxy.release()  # the dead run's held request reaches the node now
    time.sleep(0.5)
    wait_mined(client, [r["tx_hash"] for r in document[rows_key]])
    return document

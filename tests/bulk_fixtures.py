"""Fixtures of the bulk tests: input files, clients per role, events counted on chain.

Import with ``from bulk_fixtures import *`` (after ``from client_fixtures import *``).
"""

import csv
import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest
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


@pytest.fixture
def orders_csv(tmp_path: Path) -> Callable[..., Path]:
    """``orders_csv(supplier, count, name="orders.csv", prefix="PO")``: a valid orders file."""

    def _write(supplier: str, count: int, name: str = "orders.csv", prefix: str = "PO") -> Path:
        return write_csv(tmp_path / name, ORDER_COLUMNS, order_rows(supplier, count, prefix))

    return _write


@pytest.fixture
def write_rows(tmp_path: Path) -> Callable[[str, Any], Path]:
    """``write_rows(name, rows)``: a JSON input file."""

    def _write(name: str, rows: Any) -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(rows))
        return path

    return _write

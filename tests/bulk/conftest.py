"""Fixtures of the bulk and import tests: CSV writers, a holding RPC proxy, a ``rantai`` process.

Helpers (row builders, journal readers, ``HoldingProxy``) are in tests/support/bulk.py.
"""

import functools
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.bulk import ORDER_COLUMNS, ROOT, HoldingProxy, order_rows, write_csv
from tests.support.cli import write_json_file


@pytest.fixture
def orders_csv(tmp_path: Path, supplier: Any) -> Callable[..., Path]:
    """``orders_csv(count, name="orders.csv", prefix="PO")``: a valid orders file, every order
    to the ``supplier`` account."""

    def _write(count: int, name: str = "orders.csv", prefix: str = "PO") -> Path:
        rows = order_rows(supplier.address, count, prefix)
        return write_csv(tmp_path / name, ORDER_COLUMNS, rows)

    return _write


@pytest.fixture
def write_rows(tmp_path: Path) -> Callable[[str, Any], Path]:
    """``write_rows(name, rows)``: a JSON input file."""
    return functools.partial(write_json_file, tmp_path)


@pytest.fixture
def proxy(rpc_url: str) -> Iterator[HoldingProxy]:
    holding = HoldingProxy(rpc_url)
    yield holding
    holding.stop()


@pytest.fixture
def rantai_process(
    deployment_file: Path, private_key: Callable[[Any], str], agency: Any
) -> Callable[..., subprocess.Popen[bytes]]:
    """``rantai_process(url, *argv)``: ``python -m py_client.cli *argv`` as the agency, in a
    subprocess (so it can be killed) talking to the node at ``url``."""

    def _start(url: str, *argv: str) -> subprocess.Popen[bytes]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("RANTAI_")}
        env |= {
            "RANTAI_RPC_URL": url,
            "RANTAI_DEPLOYMENT": str(deployment_file),
            "RANTAI_PRIVATE_KEY": private_key(agency),
            "RANTAI_TX_TIMEOUT": "30",
        }
        command = [sys.executable, "-m", "py_client.cli", *argv]
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )

    return _start

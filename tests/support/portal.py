"""Constants and helpers of the portal tests shared by tests/portal/conftest.py and the test
modules."""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from py_client import Rantai, Settings

ROOT = Path(__file__).resolve().parents[2]
PARTICIPANTS = ROOT / "network" / "pilot" / "participants.yaml"
SEALED_PRICE_IDR = 987_654_321

# The public pages of the pilot (every list and one detail page of each kind).
PUBLIC_PAGES = (
    "/",
    "/tenders",
    "/tenders/1",
    "/awards",
    "/orders",
    "/orders/1",
    "/orders/2",
    "/shipments",
    "/shipments/2",
    "/payments",
    "/flags",
    "/agencies",
    "/agencies/10",
    "/suppliers",
    "/suppliers/20",
)


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """``app`` under uvicorn in a thread on a free loopback port, answering; yields its URL."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the portal did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def pilot_client(rpc_url: str, deployment: Path, private_key: str, salt_dir: Path) -> Rantai:
    """A client of the deployed pilot signing with ``private_key`` (free gas, no .env)."""
    settings = Settings(
        rpc_url=rpc_url, deployment=str(deployment), private_key=private_key, gas_mode="free"
    )
    return Rantai.connect(settings, env_file=None, salt_dir=salt_dir)

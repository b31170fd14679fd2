"""Constants and helpers of the portal tests shared by tests/portal/conftest.py and the test
modules."""

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from eth_account import Account
from eth_account.messages import encode_defunct

from py_client import Rantai, Settings
from py_client.portal import PortalConfig

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


def portal_config(rpc_url: str, deployment: Path, folder: Path, **options: Any) -> PortalConfig:
    """The portal of the deployment at ``rpc_url``, its index and documents in ``folder``, not
    syncing in the background; ``options`` are the other fields of the config."""
    return PortalConfig(
        Settings(rpc_url=rpc_url, deployment=str(deployment)),
        database=str(folder / "audit.sqlite"),
        documents=str(folder / "documents"),
        sync_interval_s=0,
        **options,
    )


# ---------------------------------------------------------------------- sign-in steps
# ``web`` is a fastapi TestClient (typed Any: the support package does not import fastapi).


def csrf_of(web: Any, path: str = "/console") -> str:
    """The CSRF token ``web`` holds, read from the page at ``path``."""
    page = web.get(path)
    match = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
    assert match, page.text[:500]
    return match[1]


def challenge(web: Any, address: str) -> tuple[Any, str]:
    """Ask for the sign-in message of ``address``: the answer and the CSRF token used."""
    token = csrf_of(web)
    answer = web.post("/auth/challenge", json={"address": address}, headers={"X-CSRF-Token": token})
    return answer, token


def signed(key: str, message: str) -> str:
    """The EIP-191 signature of ``message`` by ``key``, as hex."""
    return Account.from_key(key).sign_message(encode_defunct(text=message)).signature.hex()


def verify(web: Any, token: str, message: str, signature: str) -> Any:
    """Send the signed sign-in message back: the portal's answer."""
    return web.post(
        "/auth/verify",
        json={"message": message, "signature": signature},
        headers={"X-CSRF-Token": token},
    )


def verify_late(app: Any, web: Any, token: str, message: str, key: str, seconds: float) -> Any:
    """Sign ``message`` with ``key``; send it back ``seconds`` later by the portal's clock."""
    portal = app.state.portal
    portal.clock = lambda: time.time() + seconds
    try:
        return verify(web, token, message, signed(key, message))
    finally:
        portal.clock = time.time

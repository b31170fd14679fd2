"""Fixtures of the portal tests (py_client/portal).

``pilot`` (module scope) is a fresh deployment with the `make demo` pilot played and one open
tender holding a sealed bid; ``app`` is the portal over it (tests/portal/test_portal.py and
test_portal_mobile.py). Both shadow the root conftest's CLI ``pilot`` inside this folder.

``world`` / ``portal_url`` / ``browser`` (module scope) serve the headless-Chromium tests
(test_portal_browser.py, test_portal_sealing.py): keys by role with suppliers funded, the portal
served by uvicorn on a free port, and Chromium; ``world`` shadows the root conftest's client
``world`` here. Their helpers (``TestWallet``, ``Participant``) are in tests/support/browser.py;
the test modules skip themselves where Chromium or playwright is missing.
"""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from eth_account import Account

from py_client import Item, Rantai, Settings
from py_client.documents import Documents, KeyRing
from py_client.ops.demo import deploy_pilot, pilot_keys
from py_client.ops.pilot import run_pilot
from py_client.portal import create_app, load_names
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, UPLOAD_LIMIT
from tests.support.portal import (
    PARTICIPANTS,
    SEALED_PRICE_IDR,
    pilot_client,
    portal_config,
    serving,
)

# ------------------------------------------------------------------ the demo pilot and its portal


@pytest.fixture(scope="module")
def pilot(project: Any, chain: Any, accounts: Any, tmp_path_factory: Any) -> dict[str, Any]:
    """A fresh deployment with the pilot played, plus one open tender holding a sealed bid."""
    folder = tmp_path_factory.mktemp("portal-pilot")
    deployment_path = folder / "local.json"
    dev_keys = [str(a.private_key) for a in accounts]
    deploy_pilot(str(chain.provider.uri), dev_keys, deployment_path, say=lambda _: None)
    keys = pilot_keys(dev_keys)
    run_pilot(
        str(chain.provider.uri),
        deployment_path,
        keys,
        folder / "out",
        say=lambda _: None,
        documents=folder / "documents",
    )

    def client(name: str) -> Rantai:
        return pilot_client(str(chain.provider.uri), deployment_path, keys[name], folder / "salts")

    agency, supplier = client("agency"), client("supplier_c")
    now = agency.now()
    sealed = agency.agency.open_tender(
        spec=b"sealed tender",
        spec_uri="store://sealed",
        items=[Item(b"\x07" * 32, 5, "unit")],
        hps_idr=2_000_000_000,
        bid_deadline_at=now + 4 * 86_400,
        reveal_deadline_at=now + 6 * 86_400,
        fiscal_year=2026,
    ).tender_id
    supplier.supplier.approve_bond(sealed)  # the policy's minimum bond (0.5 % of the HPS)
    supplier.supplier.commit_bid(sealed, SEALED_PRICE_IDR)
    return {
        "rpc_url": str(chain.provider.uri),
        "deployment": deployment_path,
        "keys": keys,
        "folder": folder,
        "sealed_tender": sealed,
        "chain_id": chain.chain_id,
    }


@pytest.fixture(scope="module")
def app(pilot: dict[str, Any]) -> Any:
    return create_app(
        portal_config(
            pilot["rpc_url"], pilot["deployment"], pilot["folder"], names=load_names(PARTICIPANTS)
        )
    )


# ------------------------------------------------------------------ the browser tests


@pytest.fixture(scope="module")
def world(
    chain: Any,
    rpc_url: str,
    deployment_file: Path,
    private_key: Callable[[Any], str],
    accounts: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Any]:
    """Keys by role, suppliers funded, encryption keys published for the BAST's readers."""
    names = {
        "governor": 0,
        "treasury": 1,
        "agency": 2,
        "supplier": 3,
        "supplier2": 4,
        "carrier": 6,
        "auditor": 8,
        "arbiter": 9,
    }
    keys = {name: private_key(accounts[i]) for name, i in names.items()}
    folder = tmp_path_factory.mktemp("portal-browser")

    def client(name: str) -> Rantai:
        settings = Settings(
            rpc_url=rpc_url, deployment=str(deployment_file), private_key=keys[name]
        )
        return Rantai.connect(settings, env_file=None, salt_dir=folder / "salts")

    treasury = client("treasury")
    for name in ("supplier", "supplier2"):
        treasury.treasury.mint(Account.from_key(keys[name]).address, 100_000_000)
    for name in ("agency", "supplier", "carrier", "auditor"):
        signer = client(name)
        Documents(
            signer, folder / "documents", key_ring=KeyRing.generate(signer.address)
        ).publish_key()
    return {"keys": keys, "folder": folder, "client": client, "rpc_url": rpc_url}


@pytest.fixture(scope="module")
def portal_url(world: dict[str, Any], deployment_file: Path) -> Iterator[str]:
    pytest.importorskip("uvicorn")
    config = portal_config(
        world["rpc_url"],
        deployment_file,
        world["folder"],
        names={
            1: "Dewan Fasilitator Rantai",
            10: "Dinas Kesehatan Kota Bandung",
            20: "PT Sehat Sentosa Medika",
            21: "CV Alkes Nusantara",
            30: "PT Logistik Parahyangan",
            40: "Inspektorat Kota Bandung (APIP)",
            50: "Badan Arbitrase Pengadaan",
            60: "KPPN Bandung",
        },
        max_upload_bytes=UPLOAD_LIMIT,
    )
    with serving(create_app(config)) as url:
        yield url


@pytest.fixture(scope="module")
def browser(portal_url: str) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("headless browser tests need Debian's chromium at /usr/bin/chromium")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()

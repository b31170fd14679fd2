"""The portal on the embedded local chain with the pilot's data, run by `make portal`.

`make portal` starts a fresh anvil (as for `make demo`); this script runs the demo (deploy,
bootstrap the pilot's participants, play the pilot: scripts/demo.py), then serves the web portal on
127.0.0.1 (port RANTAI_PORTAL_PORT, default 8000) against that chain until Ctrl-C, which
stops the chain too. Participants sign in with a browser wallet on the chain's RPC URL (printed
below) using the pilot's development keys (anvil's well-known accounts: local use only).
"""

import os
import sys
from pathlib import Path

from ape import chain

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from py_client.portal import PortalConfig, load_names, serve
from py_client.settings import Settings
from scripts.demo import main as run_demo

ROOT = Path(__file__).resolve().parents[1]
PARTICIPANTS = ROOT / "network" / "pilot" / "participants.yaml"


def main() -> None:
    run_demo()
    out = ROOT / "out" / "portal"
    out.mkdir(parents=True, exist_ok=True)
    database = out / "audit-local.sqlite"
    for stale in out.glob("audit-local.sqlite*"):  # a fresh chain: index it from scratch
        stale.unlink()
    port = int(os.environ.get("RANTAI_PORTAL_PORT", "8000"))
    rpc_url = str(chain.provider.uri)
    print()
    print(f"Rantai portal: http://127.0.0.1:{port}  (Ctrl-C stops the portal and the chain)")
    print(f"   wallet network: RPC {rpc_url}, chain id {chain.chain_id}")
    config = PortalConfig(
        Settings(rpc_url=rpc_url, deployment=str(ROOT / "deployments" / "local.json")),
        database=str(database),
        documents=str(ROOT / "out" / "demo" / "documents"),  # where the pilot published
        names=load_names(PARTICIPANTS),
    )
    serve(config, host="127.0.0.1", port=port)

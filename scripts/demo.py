"""The pilot on the embedded local chain, run by `make demo`.

`make demo` starts a fresh anvil on a free loopback port (py_client/ops/ape_node.py, with Ape's
test accounts), Ape connects to it through APE_FOUNDRY_HOST, and the node stops when the script
ends. The script hands Ape's test keys and the node's URL to py_client/ops/demo.py, which deploys
the contracts, bootstraps the pilot's participants (network/pilot/participants.yaml), plays the
pilot through the client library with each participant's own key and writes
out/demo/summary.json.
"""

import sys
from pathlib import Path

from ape import accounts, chain

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from py_client.ops.demo import run_demo

ROOT = Path(__file__).resolve().parents[1]


def main(out_dir: Path | None = None, deployment_path: Path | None = None) -> None:
    """Deploy, bootstrap and play the pilot (py_client.ops.demo.run_demo)."""
    print(f"Rantai pilot on a fresh local chain (chain id {chain.chain_id}, {chain.provider.uri})")
    run_demo(
        str(chain.provider.uri),
        [str(a.private_key) for a in accounts.test_accounts],
        deployment_path or ROOT / "deployments" / "local.json",
        out_dir or ROOT / "out" / "demo",
    )

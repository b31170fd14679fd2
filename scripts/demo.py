"""The pilot on the embedded local chain, run by `make demo`.

`make demo` starts a fresh anvil on a free loopback port (py_client/ops/ape_node.py, with Ape's
test accounts), Ape connects to it through APE_FOUNDRY_HOST, and the node stops when the script
ends. The script deploys the contracts (tools/deploy.py), bootstraps the pilot's participants
(network/pilot/participants.yaml), then plays the pilot through the client library with each
participant's own key (tools/pilot.py) and writes out/demo/summary.json.
"""

import sys
from pathlib import Path

from ape import accounts, chain, project

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.bootstrap import apply, load_plan, save_governance
from tools.deploy import deploy
from tools.governance_pilot import run_governance
from tools.pilot import PILOT_ACCOUNTS, run_pilot, summary_table

ROOT = Path(__file__).resolve().parents[1]


def main(out_dir: Path | None = None, deployment_path: Path | None = None) -> None:
    """Deploy, bootstrap and play the pilot; a second run on a fresh chain works the same way
    (the pilot removes the bid salts of the previous chain from ``out_dir/salts``)."""
    test_accounts = accounts.test_accounts
    print(f"Rantai pilot on a fresh local chain (chain id {chain.chain_id}, {chain.provider.uri})")
    deployment_path = deployment_path or ROOT / "deployments" / "local.json"
    deployment = deploy(
        project,
        chain,
        test_accounts[0],
        deployment_path,
        "local",
        force=True,
        log=lambda line: print(f"   {line}"),
    )
    by_address = {a.address: a for a in test_accounts}
    plan = load_plan(ROOT / "network" / "pilot" / "participants.yaml")
    sent = apply(plan, project, deployment, by_address.__getitem__, log=lambda _: None)
    save_governance(deployment_path, deployment)
    print(f"   bootstrapped {len(plan.organisations)} organisations ({sent} transactions)")
    keys = {name: str(test_accounts[i].private_key) for name, i in PILOT_ACCOUNTS.items()}
    out_dir = out_dir or ROOT / "out" / "demo"
    summary = run_pilot(str(chain.provider.uri), deployment_path, keys, out_dir)
    print()
    by_key = {a.address: str(a.private_key) for a in test_accounts}
    governance = run_governance(str(chain.provider.uri), deployment_path, by_key, out_dir)
    print()
    print(summary_table(summary))
    print(
        f"governance: new supplier granted {governance['newSupplier']['granted']}, "
        f"policy maxBidsPerTender {governance['policyChange']['maxBidsPerTender']}, "
        f"bad proposal cancelled, paused {governance['emergency']['pausedAtOnce']} and "
        f"unpaused by the council {governance['emergency']['unpausedByCouncil']}"
    )
    print(f"\nsummary written to {out_dir / 'summary.json'}; stopping the local chain")

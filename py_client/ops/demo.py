"""The `make demo` sequence on a development chain: deploy, bootstrap the pilot, play it.

Deploys the contracts (:mod:`py_client.ops.deploy`), bootstraps the pilot's participants
(network/pilot/participants.yaml, :mod:`py_client.ops.bootstrap`), plays the procurement pilot
(:mod:`py_client.ops.pilot`) and the governance scenario (:mod:`py_client.ops.governance_pilot`)
with each participant's own key, and writes ``out_dir/summary.json``. ``scripts/demo.py`` runs
it with Ape's test accounts; the keys are those of the development mnemonic.

Example::

    >>> path = Path("deployments/local.json")
    >>> summary, governance = run_demo(url, keys, path, out)  # doctest: +SKIP
"""

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from eth_account import Account
from eth_account.signers.local import LocalAccount

from py_client.ops.accounts import web3_at
from py_client.ops.bootstrap import apply, load_plan, save_governance
from py_client.ops.deploy import deploy
from py_client.ops.governance_pilot import run_governance
from py_client.ops.localchain import ROOT
from py_client.ops.pilot import PILOT_ACCOUNTS, Summary, run_pilot, summary_table

PARTICIPANTS = ROOT / "network" / "pilot" / "participants.yaml"

Say = Callable[[str], None]


def deploy_pilot(
    rpc_url: str, keys: Sequence[str], deployment_path: Path, say: Say = print
) -> dict[str, Any]:
    """Deploy anew with the first key and bootstrap the pilot's participants; returns the
    deployment record (written to ``deployment_path``, with its governance section).

    Args:
        rpc_url: A development node.
        keys: Private keys in development account order (the participants file names them).
        deployment_path: The deployment file to write.
        say: Where the progress lines go.
    """
    w3 = web3_at(rpc_url)
    accounts: list[LocalAccount] = [Account.from_key(k) for k in keys]
    deployment = deploy(
        w3, accounts[0], deployment_path, "local", force=True, log=lambda line: say(f"   {line}")
    )
    by_address: dict[str, LocalAccount] = {a.address: a for a in accounts}
    plan = load_plan(PARTICIPANTS)
    sent = apply(plan, w3, deployment, by_address.__getitem__, log=lambda _: None)
    save_governance(deployment_path, deployment)
    say(f"   bootstrapped {len(plan.organisations)} organisations ({sent} transactions)")
    return deployment


def pilot_keys(keys: Sequence[str]) -> dict[str, str]:
    """The pilot participants' keys by name (development account order)."""
    return {name: keys[i] for name, i in PILOT_ACCOUNTS.items()}


def run_demo(
    rpc_url: str, keys: Sequence[str], deployment_path: Path, out_dir: Path, say: Say = print
) -> tuple[Summary, dict[str, Any]]:
    """Deploy, bootstrap and play the pilot and the governance scenario; a second run on a
    fresh chain works the same way (the pilot removes the bid salts of the previous chain from
    ``out_dir/salts``). Returns the pilot's summary and the governance result."""
    deploy_pilot(rpc_url, keys, deployment_path, say)
    summary = run_pilot(rpc_url, deployment_path, pilot_keys(keys), out_dir, say)
    say("")
    by_key = {Account.from_key(k).address: k for k in keys}
    governance = run_governance(rpc_url, deployment_path, by_key, out_dir, say)
    say("")
    say(summary_table(summary))
    say(
        f"governance: new supplier granted {governance['newSupplier']['granted']}, "
        f"policy maxBidsPerTender {governance['policyChange']['maxBidsPerTender']}, "
        f"bad proposal cancelled, paused {governance['emergency']['pausedAtOnce']} and "
        f"unpaused by the council {governance['emergency']['unpausedByCouncil']}"
    )
    say(f"\nsummary written to {out_dir / 'summary.json'}; stopping the local chain")
    return summary, governance


__all__ = ["PARTICIPANTS", "deploy_pilot", "pilot_keys", "run_demo"]

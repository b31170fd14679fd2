"""The governance part of `make demo` (issue 15), after the procurement pilot (ops/pilot.py).

With the council, guardians and timelock bootstrap set up from network/pilot/participants.yaml:
the council grants a new supplier (one batch: organisation, account, role) and changes a policy
value, both through the 48-hour delay; the auditor guardian cancels a bad proposal (a TREASURY
grant to an unknown account) so executing it is refused; the emergency guardian pauses at once
and the council unpauses through the delay (an early attempt is refused). Everything goes
through :mod:`py_client.governance`, as `rantai gov` does; the result is added to
``summary.json`` under ``governance``.
"""

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from eth_utils.address import to_checksum_address

from py_client import Rantai, Settings
from py_client.governance import Governance, GovernanceError, Proposal, load_governance

Say = Callable[[str], None]
NEW_SUPPLIER_ORG = 23
NEW_SUPPLIER = to_checksum_address("0x00000000000000000000000000000000000a11ce")
BAD_GRANTEE = to_checksum_address("0x000000000000000000000000000000000000bad0")


class _Run:
    def __init__(self, rpc_url: str, deployment: Path, keys: dict[str, str], say: Say) -> None:
        self.section = load_governance(str(deployment))
        self.settings = Settings(
            rpc_url=rpc_url,
            chain_id=int(self.section["chainId"]),
            deployment=str(deployment),
            gas_mode="free",
        )
        self.keys, self.say = keys, say
        self.clients: dict[str, Rantai] = {}
        first = self.client(next(iter(keys)))
        self.gov = Governance(first.w3, self.section)
        self.gas: dict[str, int] = {}
        self.transactions = 0

    def client(self, address: str) -> Rantai:
        if address not in self.clients:
            settings = dataclasses.replace(self.settings, private_key=self.keys[address])
            self.clients[address] = Rantai.connect(settings)
        return self.clients[address]

    def owners(self, safe: str) -> list[str]:
        return list(self.section[safe]["owners"])

    def send(self, label: str, sender: str, function: Any) -> None:
        result = self.client(sender).transact(function)
        self.transactions += 1
        self.gas[label] = result.gas_used

    def signed(self, proposal: Proposal) -> Proposal:
        safe = proposal.safe_name
        for owner in self.owners(safe)[: int(self.section[safe]["threshold"])]:
            self.gov.approve(proposal, self.keys[owner])
        return proposal

    def queue(self, label: str, proposal: Proposal) -> None:
        sender = self.owners(proposal.safe_name)[0]
        self.send(label, sender, self.gov.exec_transaction(self.signed(proposal)))

    def execute(self, label: str, proposal: Proposal) -> None:
        self.send(label, self.owners("council")[0], self.gov.execute_call(proposal))

    def wait_delay(self) -> None:
        w3 = self.gov.w3
        w3.provider.make_request("evm_increaseTime", [int(self.section["minDelaySec"])])  # type: ignore[arg-type]
        w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]


def _refusal(gov: Governance, proposal: Proposal) -> str:
    """Why executing ``proposal`` now is refused ("" when it would be accepted)."""
    try:
        gov.execute_call(proposal)
    except GovernanceError as err:
        return str(err)
    return ""


def run_governance(
    rpc_url: str, deployment: Path, keys: dict[str, str], out_dir: Path, say: Say = print
) -> dict[str, Any]:
    """Play the governance scenario and add it to ``out_dir/summary.json``.

    Args:
        rpc_url: A development node (anvil) whose clock may be moved.
        deployment: A deployment file with a ``governance`` section (bootstrap wrote it).
        keys: Private keys by address of the Safe owners.
        out_dir: Where summary.json is.
        say: Where the narrative goes.
    """
    run = _Run(rpc_url, deployment, keys, say)
    gov = run.gov
    say(
        f"governance: council Safe {gov.safes['council']} ({run.section['council']['threshold']}"
        f" of {len(run.owners('council'))}), delay {run.section['minDelaySec'] // 3600} h"
    )
    result = {
        "councilSafe": gov.safes["council"],
        "councilThreshold": int(run.section["council"]["threshold"]),
        "councilOwners": run.owners("council"),
        "delaySec": int(run.section["minDelaySec"]),
        **_delayed_changes(run),
        "emergency": _emergency(run),
        "transactions": run.transactions,
        "gas": run.gas,
    }
    summary_path = out_dir / "summary.json"
    summary = json.loads(summary_path.read_text()) if summary_path.is_file() else {}
    summary["governance"] = result
    summary_path.write_text(json.dumps(summary, indent=2) + "\n")
    return result


def _max_bids(run: _Run) -> int:
    return run.client(next(iter(run.keys))).policy_record().max_bids_per_tender


def _delayed_changes(run: _Run) -> dict[str, Any]:
    """A new supplier, a policy change and a bad grant queued; the bad one cancelled by the
    auditor guardian; the others executed after the delay (not before)."""
    gov, registry, say = run.gov, run.gov.registry, run.say
    grant = gov.propose("register-org", [str(NEW_SUPPLIER_ORG), "supplier"], "new supplier")
    grant = gov.propose("add-account", [NEW_SUPPLIER, str(NEW_SUPPLIER_ORG)], append_to=grant)
    grant = gov.propose("grant-role", ["supplier", NEW_SUPPLIER], append_to=grant)
    run.queue("council queues a 3-call batch (Safe execTransaction + scheduleBatch)", grant)
    old_bids = _max_bids(run)
    policy = gov.propose("policy", ["maxBidsPerTender", "25"], "more bids per tender")
    run.queue("council queues a policy change", policy)
    bad = gov.propose("grant-role", ["treasury", BAD_GRANTEE], "bad: TREASURY to an unknown key")
    run.queue("council queues the bad proposal", bad)
    say("   queued: new supplier, maxBidsPerTender 25, and a bad TREASURY grant")

    cancel = gov.cancel_proposal(bad)
    run.queue("auditor guardian cancels (Safe execTransaction + cancel)", cancel)
    say("   auditor guardian (BPK) cancelled the bad proposal during the delay")

    early = _refusal(gov, grant)
    run.wait_delay()
    run.execute("anyone executes the 3-call batch after the delay", grant)
    run.execute("anyone executes the policy change after the delay", policy)
    refused = _refusal(gov, bad)
    supplier_role = registry.functions.SUPPLIER_ROLE().call()
    granted = bool(registry.functions.hasRole(supplier_role, NEW_SUPPLIER).call())
    new_bids = _max_bids(run)
    treasury_role = registry.functions.TREASURY_ROLE().call()
    bad_granted = bool(registry.functions.hasRole(treasury_role, BAD_GRANTEE).call())
    say(
        f"   after 48 h: supplier {NEW_SUPPLIER} granted, maxBidsPerTender {old_bids} -> "
        f"{new_bids}; the cancelled one: {refused}"
    )
    return {
        "newSupplier": {
            "address": NEW_SUPPLIER,
            "org": NEW_SUPPLIER_ORG,
            "granted": granted,
            "executeBeforeDelay": early,
        },
        "policyChange": {"maxBidsPerTender": [old_bids, new_bids]},
        "cancelled": {
            "description": bad.description,
            "executeAfterCancel": refused,
            "granted": bad_granted,
        },
    }


def _emergency(run: _Run) -> dict[str, Any]:
    """The emergency guardian pauses at once; only the council unpauses, after the delay."""
    gov, registry = run.gov, run.gov.registry
    pause = gov.propose("pause", [], "emergency")
    run.queue("emergency guardian pauses (Safe execTransaction + emergencyPause)", pause)
    paused = bool(registry.functions.paused().call())
    unpause = gov.propose("unpause", [], "resume after the incident")
    run.queue("council queues unpause", unpause)
    unpause_early = _refusal(gov, unpause)
    run.wait_delay()
    run.execute("anyone executes unpause after the delay", unpause)
    resumed = not registry.functions.paused().call()
    run.say(
        f"   emergency guardian paused at once; council unpaused after the delay ({unpause_early})"
    )
    return {
        "pausedAtOnce": paused,
        "unpauseBeforeDelay": unpause_early,
        "unpausedByCouncil": resumed,
    }

"""Bootstrap participants from a YAML file: organisations, accounts, roles, policy, budgets, funds.

Used by `ape run bootstrap <file.yaml>` (scripts/bootstrap.py), the demo and the tests, on
web3.py with locally signed raw transactions. The whole file is validated first
(:func:`py_client.ops.plan.load_plan`): a bad entry stops the run with one line naming it.
Every step first reads the chain and is skipped when already done, so a second run sends nothing.
Funds are a target balance (`balance_idr`): the treasury mints only what is missing. The first
account with the `treasury` role also becomes the Registry's treasury account (forfeited bonds).
With a `governance` section, bootstrap ends by handing every power of the deployer to the
council and guardian Safes and the timelock (see :mod:`py_client.ops.plan` for the file).

Example::

    >>> sent = apply(load_plan(Path("participants.yaml")), w3, record, keys.get)  # doctest: +SKIP
"""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from web3 import Web3
from web3.contract import Contract
from web3.contract.contract import ContractFunction

from py_client.chain import Chain
from py_client.formatting import rupiah
from py_client.governance import POLICY_SETTERS
from py_client.models import BudgetRecord, OrganisationRecord
from py_client.ops.accounts import connected, sender
from py_client.ops.plan import (
    GOVERNANCE_SAFES,
    KINDS,
    ROLES,
    Member,
    Plan,
    PlanError,
    load_plan,
)
from py_client.ops.safe import create_safe, safe_address
from py_client.receipts import load_abi
from py_client.sender import Sender

Log = Callable[[str], None]
SignerFor = Callable[[str], Any]
"""The key of an address (see :mod:`py_client.ops.accounts`): the governor and a treasury
member of the plan must be available."""


def contract(w3: Web3, name: str, address: str) -> Contract:
    """A web3 contract of ``name`` (py_client's shipped ABI) at ``address``."""
    return w3.eth.contract(address=Web3.to_checksum_address(address), abi=load_abi(name))


def apply(
    plan: Plan, w3: Web3, deployment: dict[str, Any], signer_for: SignerFor, log: Log = print
) -> int:
    """Bring the chain to the plan; returns how many transactions were sent.

    Args:
        plan: A validated plan (``load_plan``).
        w3: The connected chain.
        deployment: The deployment record (``deployments/<network>.json``).
        signer_for: Returns the key for an address (the governor and a treasury member of the
            plan must be available).
        log: Where progress lines go.

    Raises:
        PlanError: The chain contradicts the plan, a needed key is missing, or a governor
            action is needed after the handover.
    """
    contracts = deployment["contracts"]
    run = _Run(connected(w3), signer_for, log)
    registry = contract(w3, "Registry", contracts["Registry"]["address"])
    token = contract(w3, "RupiahToken", contracts["RupiahToken"]["address"])
    governor = _Governor(registry, str(deployment["deployer"]), run)
    sent = _apply_policy(plan, registry, governor, run)
    sent += _apply_organisations(plan, registry, governor, run)
    treasuries = plan.accounts_with("treasury")
    sent += _apply_treasury_account(treasuries, registry, governor, run)
    if plan.budgets or plan.funds:
        if not treasuries:
            raise PlanError("budgets/funds need an account with the treasury role in the file")
        sent += _apply_budgets(plan, registry, run.signer(treasuries[0]), run)
        sent += _apply_funds(plan, token, run.signer(treasuries[0]), run)
    if plan.governance:
        sent += _apply_governance(plan, deployment, governor, run)
    log(f"bootstrap done: {sent} transaction(s) sent")
    return sent


def save_governance(path: Path, deployment: dict[str, Any]) -> bool:
    """Write the ``governance`` section `apply` added to the deployment file (when it changed)."""
    on_file = json.loads(path.read_text())
    if "governance" not in deployment or on_file.get("governance") == deployment["governance"]:
        return False
    on_file["governance"] = deployment["governance"]
    path.write_text(json.dumps(on_file, indent=2) + "\n")
    return True


class _Run:
    """The chain, one Sender per signing address (their local nonces stay right), the log."""

    def __init__(self, chain: Chain, signer_for: SignerFor, log: Log) -> None:
        self.chain, self.log, self._signer_for = chain, log, signer_for
        self._senders: dict[str, Sender] = {}

    def signer(self, address: str) -> Sender:
        if address not in self._senders:
            self._senders[address] = sender(self.chain, self._signer_for(address))
        return self._senders[address]

    def send(self, signer: Sender, call: ContractFunction, line: str) -> int:
        """Send ``call`` and log ``line``; returns 1 (a transaction sent)."""
        signer.transact(call)
        self.log(line)
        return 1


class _Governor:
    """The deployer as signer of governor actions, fetched only when a change is needed; after
    the handover such a change is refused with one line (it is a council proposal now)."""

    def __init__(self, registry: Contract, address: str, run: _Run) -> None:
        self.registry, self.address, self.run = registry, address, run

    def __call__(self, what: str) -> Sender:
        r = self.registry.functions
        if not r.hasRole(r.GOVERNOR_ROLE().call(), self.address).call():
            raise PlanError(
                f"{what}: the deployer {self.address} no longer governs (power was handed to the "
                "council); propose it with `rantai gov propose`"
            )
        return self.run.signer(self.address)


def _apply_governance(
    plan: Plan, deployment: dict[str, Any], governor: _Governor, run: _Run
) -> int:
    """Create the council and guardian Safes and hand every power of the deployer to them."""
    w3 = run.chain.w3
    registry = governor.registry
    timelock = contract(w3, "RantaiTimelock", deployment["contracts"]["RantaiTimelock"]["address"])
    sent = 0
    safes: dict[str, str] = {}
    for name, salt in GOVERNANCE_SAFES.items():
        spec = plan.governance[name]
        owners = list(spec.owners)
        address = safe_address(w3, deployment, owners, spec.threshold, salt)
        exists = bool(w3.eth.get_code(Web3.to_checksum_address(address)))
        signer = None if exists else governor(f"governance.{name}")
        safes[name], created = create_safe(w3, deployment, owners, spec.threshold, salt, signer)
        if created:
            run.log(f"created {name} Safe {safes[name]} ({spec.threshold} of {len(owners)})")
            sent += 1
    sent += _grant_governance(registry, timelock, safes, governor, run)
    sent += _renounce_all(registry, timelock, governor, run)
    deployment["governance"] = {
        "timelock": str(timelock.address),
        "minDelaySec": timelock.functions.getMinDelay().call(),
        **{
            name: {
                "address": address,
                "owners": list(plan.governance[name].owners),
                "threshold": plan.governance[name].threshold,
            }
            for name, address in safes.items()
        },
    }
    return sent


def _role(target: Contract, name: str) -> bytes:
    role: bytes = getattr(target.functions, f"{name}_ROLE")().call()
    return role


def _grant_governance(
    registry: Contract, timelock: Contract, safes: dict[str, str], governor: _Governor, run: _Run
) -> int:
    grants = (
        (timelock, "PROPOSER", safes["council"], "timelock PROPOSER"),
        (timelock, "CANCELLER", safes["council"], "timelock CANCELLER"),
        (timelock, "CANCELLER", safes["auditor_guardian"], "timelock CANCELLER"),
        (registry, "PAUSER", safes["emergency_guardian"], "Registry PAUSER"),
        (registry, "DEFAULT_ADMIN", timelock.address, "Registry DEFAULT_ADMIN"),
        (registry, "GOVERNOR", timelock.address, "Registry GOVERNOR"),
    )
    sent = 0
    for target, role, holder, label in grants:
        role_id = _role(target, role)
        if not target.functions.hasRole(role_id, holder).call():
            call = target.functions.grantRole(role_id, holder)
            sent += run.send(governor(f"grant {label}"), call, f"granted {label} to {holder}")
    return sent


def _renounce_all(registry: Contract, timelock: Contract, governor: _Governor, run: _Run) -> int:
    deployer = governor.address
    held = [
        (registry, role, f"Registry {role}")
        for role in (*(r.upper() for r in ROLES), "BUDGET_SPENDER", "ESCROW", "PAUSER")
    ]
    renounce = (
        *held,
        (timelock, "DEFAULT_ADMIN", "timelock DEFAULT_ADMIN"),
        (registry, "DEFAULT_ADMIN", "Registry DEFAULT_ADMIN"),
    )
    sent = 0
    for target, role, label in renounce:
        role_id = _role(target, role)
        if target.functions.hasRole(role_id, deployer).call():
            call = target.functions.renounceRole(role_id, deployer)
            sent += run.send(run.signer(deployer), call, f"deployer {deployer} renounced {label}")
    return sent


def _policy_values(registry: Contract) -> dict[str, int]:
    """The Registry's policy by ABI field name (the names of a participants file)."""
    function = next(e for e in load_abi("Registry") if e.get("name") == "policy")
    names = [c["name"] for c in function["outputs"][0]["components"]]
    return dict(zip(names, registry.functions.policy().call(), strict=True))


def _apply_policy(plan: Plan, registry: Contract, governor: _Governor, run: _Run) -> int:
    current = _policy_values(registry)
    sent = 0
    for name, value in plan.policy.items():
        if current[name] != value:
            call = getattr(registry.functions, POLICY_SETTERS[name])(value)
            sent += run.send(governor(f"policy {name}"), call, f"policy {name} = {value}")
    return sent


def _apply_treasury_account(
    treasuries: list[str], registry: Contract, governor: _Governor, run: _Run
) -> int:
    """Forfeited bonds go to the first account with the treasury role, not to the deployer (the
    Registry's default), which renounces its roles at the governance handover."""
    if not treasuries or registry.functions.treasuryAccount().call() == treasuries[0]:
        return 0
    call = registry.functions.setTreasuryAccount(treasuries[0])
    return run.send(
        governor("policy treasuryAccount"), call, f"policy treasuryAccount = {treasuries[0]}"
    )


def _apply_organisations(plan: Plan, registry: Contract, governor: _Governor, run: _Run) -> int:
    r = registry.functions
    sent = 0
    for org in plan.organisations:
        kind_value = KINDS.index(org.kind) + 1
        existing = OrganisationRecord.from_abi(r.organisation(org.org_id).call())
        signer = f"organisation {org.org_id}"
        if existing.kind == 0:
            call = r.registerOrganisation(org.org_id, kind_value, org.metadata_hash)
            line = f"registered organisation {org.org_id} ({org.kind})"
            sent += run.send(governor(signer), call, line)
        elif existing.kind != kind_value:
            raise PlanError(
                f"organisation {org.org_id}: on chain as another kind ({int(existing.kind)})"
            )
        elif existing.metadata_hash != org.metadata_hash:
            call = r.updateOrganisationMetadata(org.org_id, org.metadata_hash)
            line = f"updated profile hash of organisation {org.org_id}"
            sent += run.send(governor(signer), call, line)
        for member in org.members:
            sent += _apply_member(registry, governor, org.org_id, member, run)
        payout = org.payout_account
        if payout is not None and r.payoutAccount(org.org_id).call() != payout:
            call = r.setPayoutAccount(org.org_id, payout)
            line = f"payout account of organisation {org.org_id} = {payout}"
            sent += run.send(governor(f"payout account of {signer}"), call, line)
    return sent


def _apply_member(
    registry: Contract, governor: _Governor, org_id: int, member: Member, run: _Run
) -> int:
    r = registry.functions
    sent = 0
    current_org = r.orgOf(member.address).call()
    if current_org == 0:
        call = r.addAccount(member.address, org_id)
        line = f"added {member.address} to organisation {org_id}"
        sent += run.send(governor(f"account {member.address}"), call, line)
    elif current_org != org_id:
        raise PlanError(
            f"account {member.address}: on chain in organisation {current_org}, not {org_id}"
        )
    for role in member.roles:
        role_id = _role(registry, role.upper())
        if not r.hasRole(role_id, member.address).call():
            call = r.grantRole(role_id, member.address)
            line = f"granted {role} to {member.address}"
            sent += run.send(governor(f"{role} of {member.address}"), call, line)
    return sent


def _apply_budgets(plan: Plan, registry: Contract, treasury: Sender, run: _Run) -> int:
    sent = 0
    for org, year, ceiling in plan.budgets:
        current = BudgetRecord.from_abi(registry.functions.budget(org, year).call())
        if current.ceiling_idr != ceiling:
            call = registry.functions.allocateBudget(org, year, ceiling)
            line = f"budget of organisation {org} for {year}: {rupiah(ceiling)}"
            sent += run.send(treasury, call, line)
    return sent


def _apply_funds(plan: Plan, token: Contract, treasury: Sender, run: _Run) -> int:
    sent = 0
    for account, target in plan.funds:
        missing = target - token.functions.balanceOf(account).call()
        if missing > 0:
            call = token.functions.mint(account, missing)
            sent += run.send(treasury, call, f"minted {rupiah(missing)} to {account}")
    return sent


__all__ = ["Plan", "PlanError", "apply", "contract", "load_plan", "save_governance"]

"""Bootstrap participants from a YAML file: organisations, accounts, roles, policy, budgets, funds.

Used by `ape run bootstrap <file.yaml>` (scripts/bootstrap.py), the demo and the tests. The whole
file is validated before anything is sent: a bad entry stops the run with one line naming it.
Every step first reads the chain and is skipped when already done, so a second run sends nothing.
Funds are a target balance (`balance_idr`): the treasury mints only what is missing. The first
account with the `treasury` role also becomes the Registry's treasury account (forfeited bonds).

File format (see deployments/pilot-participants.yaml)::

    policy:                      # optional; names of IRegistry.Policy fields
      minTenderPeriodSec: 259200
    organisations:
      - id: 10
        kind: agency             # one of KINDS below
        profile: {name: "Dinas Kesehatan Kota Bandung", npwp: "…"}   # hashed; stays off chain
        payout_account: "0x…"    # optional: where refunds to the organisation go
        accounts:
          - address: "0x…"
            roles: [agency]      # governor|agency|supplier|carrier|auditor|arbiter|treasury
    budgets:
      - {org: 10, fiscal_year: 2026, ceiling_idr: 50000000000}
    funds:
      - {account: "0x…", balance_idr: 20000000000}
    governance:                  # optional; the handover of issue 15 (docs/governance.md)
      council: {owners: ["0x…", "0x…", "0x…"], threshold: 2}
      auditor_guardian: {owners: ["0x…"], threshold: 1}
      emergency_guardian: {owners: ["0x…"], threshold: 1}

With `governance`, bootstrap ends by creating the three Safes (CREATE2: the same owners and
threshold give the same address on every run), making the council Safe the timelock's proposer
and canceller, the auditor guardian a canceller, the emergency guardian the Registry's PAUSER, the
timelock the Registry's DEFAULT_ADMIN and GOVERNOR, and then renouncing every role of the
deployer. No account of such a file may hold `governor`: the timelock is the governor.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]
from eth_utils.address import is_hex_address, to_checksum_address
from eth_utils.crypto import keccak

from py_client.formatting import rupiah
from py_client.governance import ORG_KINDS, POLICY_SETTERS
from py_client.limits import UINT64_MAX
from tools.deploy import tx_fees
from tools.safe import create_safe

KINDS = ORG_KINDS
ROLES = ("governor", "agency", "supplier", "carrier", "auditor", "arbiter", "treasury")
# Separation of duties (issue 13 item 7): the organisation kinds each participant role may be
# held in (the Registry refuses any other grant with RegistryRoleKindMismatch).
ROLE_KINDS = {
    "agency": ("agency",),
    "supplier": ("supplier", "contractor"),
    "carrier": ("carrier",),
    "auditor": ("auditor",),
    "arbiter": ("arbiter",),
    "treasury": ("treasury",),
}
# The governance Safes of a participants file and their CREATE2 salt nonces.
GOVERNANCE_SAFES = {"council": 1, "auditor_guardian": 2, "emergency_guardian": 3}

Log = Callable[[str], None]
SignerFor = Callable[[str], Any]


class PlanError(ValueError):
    """The participants file is invalid; the message names the entry. Nothing was sent."""


@dataclass(frozen=True)
class Member:
    address: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Organisation:
    org_id: int
    kind: str
    metadata_hash: bytes
    members: tuple[Member, ...]
    payout_account: str | None = None


@dataclass(frozen=True)
class SafeSpec:
    owners: tuple[str, ...]
    threshold: int


@dataclass(frozen=True)
class Plan:
    policy: dict[str, int] = field(default_factory=dict)
    organisations: tuple[Organisation, ...] = ()
    budgets: tuple[tuple[int, int, int], ...] = ()
    funds: tuple[tuple[str, int], ...] = ()
    governance: dict[str, SafeSpec] = field(default_factory=dict)

    def accounts_with(self, role: str) -> list[str]:
        return [m.address for o in self.organisations for m in o.members if role in m.roles]


def load_plan(path: Path) -> Plan:
    """Read and validate a participants file.

    Raises:
        PlanError: The file is missing, not YAML, or an entry is invalid (one line naming it).
    """
    try:
        data = yaml.safe_load(Path(path).read_text())
    except FileNotFoundError:
        raise PlanError(f"participants file not found: {path}") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise PlanError(f"{path}: not valid YAML{where}") from err
    if not isinstance(data, dict):
        raise PlanError(f"{path}: expected a mapping with 'organisations'")
    unknown = set(data) - {"policy", "organisations", "budgets", "funds", "governance"}
    if unknown:
        raise PlanError(f"{path}: unknown section(s) {', '.join(sorted(unknown))}")
    organisations = _organisations(data.get("organisations") or [])
    governance = _governance(data.get("governance"))
    if governance:
        for org in organisations:
            for member in org.members:
                if "governor" in member.roles:
                    raise PlanError(
                        f"organisation {org.org_id}: {member.address} cannot hold 'governor' "
                        "with a 'governance' section (the timelock is the governor)"
                    )
    return Plan(
        policy=_policy(data.get("policy") or {}),
        organisations=organisations,
        budgets=_budgets(data.get("budgets") or [], organisations),
        funds=_funds(data.get("funds") or []),
        governance=governance,
    )


def _governance(entries: Any) -> dict[str, SafeSpec]:
    if entries is None:
        return {}
    if not isinstance(entries, dict):
        raise PlanError("governance: expected council, auditor_guardian and emergency_guardian")
    names = set(GOVERNANCE_SAFES)
    if set(entries) != names:
        missing, unknown = names - set(entries), set(entries) - names
        what = f"missing {', '.join(sorted(missing))}" if missing else ""
        what = what or f"unknown {', '.join(sorted(unknown))}"
        raise PlanError(f"governance: {what} (needs council, auditor_guardian, emergency_guardian)")
    result = {}
    for name in GOVERNANCE_SAFES:
        entry = entries[name]
        where = f"governance.{name}"
        if not isinstance(entry, dict) or not isinstance(entry.get("owners"), list):
            raise PlanError(f"{where}: expected owners (a list) and threshold")
        owners = []
        for raw in entry["owners"]:
            if not is_hex_address(str(raw)):
                raise PlanError(f"{where}: malformed address {str(raw)!r}")
            owners.append(to_checksum_address(str(raw)))
        if not owners or len(set(owners)) != len(owners):
            raise PlanError(f"{where}: owners must be distinct and not empty")
        threshold = _positive_int(entry.get("threshold"), f"{where}.threshold", len(owners))
        result[name] = SafeSpec(tuple(sorted(owners)), threshold)
    return result


def _organisations(entries: list[Any]) -> tuple[Organisation, ...]:
    seen_ids: set[int] = set()
    seen_accounts: dict[str, str] = {}
    result = []
    for n, entry in enumerate(entries, 1):
        where = f"organisations[{n}]"
        if not isinstance(entry, dict):
            raise PlanError(f"{where}: expected a mapping")
        org_id = _positive_int(entry.get("id"), f"{where}.id", UINT64_MAX)
        where = f"organisation {org_id}"
        if org_id in seen_ids:
            raise PlanError(f"{where}: duplicate organisation id")
        seen_ids.add(org_id)
        kind = str(entry.get("kind", "")).lower()
        if kind not in KINDS:
            raise PlanError(f"{where}: unknown kind {kind!r} (one of {', '.join(KINDS)})")
        profile = entry.get("profile") or {}
        canonical = json.dumps(profile, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        members = tuple(_member(a, where, seen_accounts) for a in entry.get("accounts") or [])
        for member in members:
            for role in member.roles:
                if role in ROLE_KINDS and kind not in ROLE_KINDS[role]:
                    raise PlanError(
                        f"{where}: role {role!r} of {member.address} cannot be held in a {kind} "
                        f"organisation (only {', '.join(ROLE_KINDS[role])})"
                    )
        payout = entry.get("payout_account")
        if payout is not None and not is_hex_address(str(payout)):
            raise PlanError(f"{where}: malformed payout_account {str(payout)!r}")
        result.append(
            Organisation(
                org_id,
                kind,
                keccak(text=canonical),
                members,
                to_checksum_address(str(payout)) if payout is not None else None,
            )
        )
    return tuple(result)


def _member(entry: Any, where: str, seen: dict[str, str]) -> Member:
    if not isinstance(entry, dict):
        raise PlanError(f"{where}: each account needs 'address' and 'roles'")
    raw = str(entry.get("address", ""))
    if not is_hex_address(raw):
        raise PlanError(f"{where}: malformed address {raw!r}")
    address = to_checksum_address(raw)
    if address in seen:
        raise PlanError(f"{where}: duplicate account {address} (already in {seen[address]})")
    seen[address] = where
    roles = tuple(str(r).lower() for r in entry.get("roles") or [])
    for role in roles:
        if role not in ROLES:
            raise PlanError(
                f"{where}: unknown role {role!r} for {address} (one of {', '.join(ROLES)})"
            )
    return Member(address, roles)


def _policy(entries: dict[str, Any]) -> dict[str, int]:
    if not isinstance(entries, dict):
        raise PlanError("policy: expected a mapping of parameter names to values")
    unknown = set(entries) - set(POLICY_SETTERS)
    if unknown:
        raise PlanError(f"policy: unknown parameter(s) {', '.join(sorted(unknown))}")
    return {
        k: _positive_int(v, f"policy.{k}", 2**256 - 1, allow_zero=True) for k, v in entries.items()
    }


def _budgets(
    entries: list[Any], organisations: tuple[Organisation, ...]
) -> tuple[tuple[int, int, int], ...]:
    agencies = {o.org_id for o in organisations if o.kind == "agency"}
    result = []
    for n, entry in enumerate(entries, 1):
        where = f"budgets[{n}]"
        if not isinstance(entry, dict):
            raise PlanError(f"{where}: expected org, fiscal_year, ceiling_idr")
        org = _positive_int(entry.get("org"), f"{where}.org", UINT64_MAX)
        if org not in agencies:
            raise PlanError(f"{where}: organisation {org} is not an agency of this file")
        year = _positive_int(entry.get("fiscal_year"), f"{where}.fiscal_year", 65_535)
        ceiling = _positive_int(entry.get("ceiling_idr"), f"{where}.ceiling_idr", 2**128 - 1)
        result.append((org, year, ceiling))
    return tuple(result)


def _funds(entries: list[Any]) -> tuple[tuple[str, int], ...]:
    result = []
    for n, entry in enumerate(entries, 1):
        where = f"funds[{n}]"
        raw = str((entry or {}).get("account", "")) if isinstance(entry, dict) else ""
        if not is_hex_address(raw):
            raise PlanError(f"{where}: malformed address {raw!r}")
        amount = _positive_int(entry.get("balance_idr"), f"{where}.balance_idr", 2**256 - 1)
        result.append((to_checksum_address(raw), amount))
    return tuple(result)


def _positive_int(value: Any, where: str, maximum: int, allow_zero: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PlanError(f"{where}: expected a whole number, got {value!r}")
    if value < (0 if allow_zero else 1) or value > maximum:
        raise PlanError(f"{where}: {value} is out of range")
    return value


def apply(
    plan: Plan, project: Any, deployment: dict[str, Any], signer_for: SignerFor, log: Log = print
) -> int:
    """Bring the chain to the plan; returns how many transactions were sent.

    Args:
        plan: A validated plan (``load_plan``).
        project: Ape's project manager.
        deployment: The deployment record (``deployments/<network>.json``).
        signer_for: Returns the Ape account for an address (the governor and a treasury member
            of the plan must be available).
        log: Where progress lines go.
    """
    contracts = deployment["contracts"]
    registry = project.Registry.at(contracts["Registry"]["address"])
    token = project.RupiahToken.at(contracts["RupiahToken"]["address"])
    governor = _Governor(registry, str(deployment["deployer"]), signer_for)
    sent = _apply_policy(plan, registry, governor, log)
    sent += _apply_organisations(plan, registry, governor, log)
    treasuries = plan.accounts_with("treasury")
    sent += _apply_treasury_account(treasuries, registry, governor, log)
    if plan.budgets or plan.funds:
        if not treasuries:
            raise PlanError("budgets/funds need an account with the treasury role in the file")
        treasury = signer_for(treasuries[0])
        sent += _apply_budgets(plan, registry, treasury, log)
        sent += _apply_funds(plan, token, treasury, log)
    if plan.governance:
        sent += _apply_governance(plan, project, deployment, governor, log)
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


class _Governor:
    """The deployer as signer of governor actions, fetched only when a change is needed; after
    the handover such a change is refused with one line (it is a council proposal now)."""

    def __init__(self, registry: Any, address: str, signer_for: SignerFor) -> None:
        self.registry, self.address, self._signer_for = registry, address, signer_for
        self._account: Any = None

    def __call__(self, what: str) -> Any:
        if not self.registry.hasRole(self.registry.GOVERNOR_ROLE(), self.address):
            raise PlanError(
                f"{what}: the deployer {self.address} no longer governs (power was handed to the "
                "council); propose it with `rantai gov propose`"
            )
        if self._account is None:
            self._account = self._signer_for(self.address)
        return self._account


def _apply_governance(
    plan: Plan, project: Any, deployment: dict[str, Any], governor: "_Governor", log: Log
) -> int:
    """Create the council and guardian Safes and hand every power of the deployer to them."""
    from ape import chain

    contracts = deployment["contracts"]
    registry = governor.registry
    timelock = project.RantaiTimelock.at(contracts["RantaiTimelock"]["address"])
    deployer = governor.address
    sent = 0
    safes: dict[str, str] = {}
    for name, salt in GOVERNANCE_SAFES.items():
        spec = plan.governance[name]
        exists = bool(
            chain.provider.get_code(_predict(deployment, list(spec.owners), spec.threshold, salt))
        )
        sender = None if exists else governor(f"governance.{name}")
        safes[name], created = create_safe(
            chain, deployment, list(spec.owners), spec.threshold, salt, sender
        )
        if created:
            log(f"created {name} Safe {safes[name]} ({spec.threshold} of {len(spec.owners)})")
            sent += 1
    grants = (
        (timelock, timelock.PROPOSER_ROLE(), safes["council"], "timelock PROPOSER"),
        (timelock, timelock.CANCELLER_ROLE(), safes["council"], "timelock CANCELLER"),
        (timelock, timelock.CANCELLER_ROLE(), safes["auditor_guardian"], "timelock CANCELLER"),
        (registry, registry.PAUSER_ROLE(), safes["emergency_guardian"], "Registry PAUSER"),
        (registry, registry.DEFAULT_ADMIN_ROLE(), timelock.address, "Registry DEFAULT_ADMIN"),
        (registry, registry.GOVERNOR_ROLE(), timelock.address, "Registry GOVERNOR"),
    )
    for contract, role, holder, label in grants:
        if not contract.hasRole(role, holder):
            contract.grantRole(role, holder, sender=governor(f"grant {label}"), **tx_fees())
            log(f"granted {label} to {holder}")
            sent += 1
    held = [
        (registry, getattr(registry, f"{role}_ROLE")(), f"Registry {role}")
        for role in (*(r.upper() for r in ROLES), "BUDGET_SPENDER", "ESCROW", "PAUSER")
    ]
    renounce = (
        *held,
        (timelock, timelock.DEFAULT_ADMIN_ROLE(), "timelock DEFAULT_ADMIN"),
        (registry, registry.DEFAULT_ADMIN_ROLE(), "Registry DEFAULT_ADMIN"),
    )
    for contract, role, label in renounce:
        if contract.hasRole(role, deployer):
            contract.renounceRole(
                role, deployer, sender=governor._signer_for(deployer), **tx_fees()
            )
            log(f"deployer {deployer} renounced {label}")
            sent += 1
    deployment["governance"] = {
        "timelock": str(timelock.address),
        "minDelaySec": timelock.getMinDelay(),
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


def _predict(deployment: dict[str, Any], owners: list[str], threshold: int, salt: int) -> str:
    from tools.safe import container, predicted_address

    contracts = deployment["contracts"]
    factory = container("SafeProxyFactory").at(contracts["SafeProxyFactory"]["address"])
    return predicted_address(
        factory,
        contracts["SafeL2"]["address"],
        owners,
        threshold,
        contracts["CompatibilityFallbackHandler"]["address"],
        salt,
    )


def _apply_policy(plan: Plan, registry: Any, governor: Any, log: Log) -> int:
    current = registry.policy()
    sent = 0
    for name, value in plan.policy.items():
        if getattr(current, name) != value:
            getattr(registry, POLICY_SETTERS[name])(
                value, sender=governor(f"policy {name}"), **tx_fees()
            )
            log(f"policy {name} = {value}")
            sent += 1
    return sent


def _apply_treasury_account(treasuries: list[str], registry: Any, governor: Any, log: Log) -> int:
    """Forfeited bonds go to the first account with the treasury role, not to the deployer (the
    Registry's default), which renounces its roles at the governance handover."""
    if not treasuries or registry.treasuryAccount() == treasuries[0]:
        return 0
    registry.setTreasuryAccount(
        treasuries[0], sender=governor("policy treasuryAccount"), **tx_fees()
    )
    log(f"policy treasuryAccount = {treasuries[0]}")
    return 1


def _apply_organisations(plan: Plan, registry: Any, governor: Any, log: Log) -> int:
    sent = 0
    for org in plan.organisations:
        kind_value = KINDS.index(org.kind) + 1
        existing = registry.organisation(org.org_id)
        if existing.kind == 0:
            registry.registerOrganisation(
                org.org_id,
                kind_value,
                org.metadata_hash,
                sender=governor(f"organisation {org.org_id}"),
                **tx_fees(),
            )
            log(f"registered organisation {org.org_id} ({org.kind})")
            sent += 1
        elif existing.kind != kind_value:
            raise PlanError(
                f"organisation {org.org_id}: on chain as another kind ({existing.kind})"
            )
        elif bytes(existing.metadataHash) != org.metadata_hash:
            registry.updateOrganisationMetadata(
                org.org_id,
                org.metadata_hash,
                sender=governor(f"organisation {org.org_id}"),
                **tx_fees(),
            )
            log(f"updated profile hash of organisation {org.org_id}")
            sent += 1
        for member in org.members:
            sent += _apply_member(registry, governor, org.org_id, member, log)
        if (
            org.payout_account is not None
            and registry.payoutAccount(org.org_id) != org.payout_account
        ):
            registry.setPayoutAccount(
                org.org_id,
                org.payout_account,
                sender=governor(f"payout account of organisation {org.org_id}"),
                **tx_fees(),
            )
            log(f"payout account of organisation {org.org_id} = {org.payout_account}")
            sent += 1
    return sent


def _apply_member(registry: Any, governor: Any, org_id: int, member: Member, log: Log) -> int:
    sent = 0
    current_org = registry.orgOf(member.address)
    if current_org == 0:
        registry.addAccount(
            member.address, org_id, sender=governor(f"account {member.address}"), **tx_fees()
        )
        log(f"added {member.address} to organisation {org_id}")
        sent += 1
    elif current_org != org_id:
        raise PlanError(
            f"account {member.address}: on chain in organisation {current_org}, not {org_id}"
        )
    for role in member.roles:
        role_id = getattr(registry, f"{role.upper()}_ROLE")()
        if not registry.hasRole(role_id, member.address):
            registry.grantRole(
                role_id, member.address, sender=governor(f"{role} of {member.address}"), **tx_fees()
            )
            log(f"granted {role} to {member.address}")
            sent += 1
    return sent


def _apply_budgets(plan: Plan, registry: Any, treasury: Any, log: Log) -> int:
    sent = 0
    for org, year, ceiling in plan.budgets:
        if registry.budget(org, year).ceilingIdr != ceiling:
            registry.allocateBudget(org, year, ceiling, sender=treasury, **tx_fees())
            log(f"budget of organisation {org} for {year}: {rupiah(ceiling)}")
            sent += 1
    return sent


def _apply_funds(plan: Plan, token: Any, treasury: Any, log: Log) -> int:
    sent = 0
    for account, target in plan.funds:
        missing = target - token.balanceOf(account)
        if missing > 0:
            token.mint(account, missing, sender=treasury, **tx_fees())
            log(f"minted {rupiah(missing)} to {account}")
            sent += 1
    return sent

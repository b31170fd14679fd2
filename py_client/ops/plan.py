"""The participants file of a bootstrap, read and validated before anything is sent.

:func:`load_plan` reads the YAML file into a :class:`Plan` (``py_client.ops.bootstrap.apply``
brings a chain to it); a bad entry raises :class:`PlanError` with one line naming it.

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
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]
from eth_utils.address import is_hex_address, to_checksum_address
from eth_utils.crypto import keccak

from py_client.governance import ORG_KINDS, POLICY_SETTERS
from py_client.limits import UINT64_MAX
from py_client.models import ROLE_ORG_KINDS

KINDS = ORG_KINDS
ROLES = ("governor", "agency", "supplier", "carrier", "auditor", "arbiter", "treasury")
# Separation of duties (issue 13 item 7): the organisation kinds each participant role may be
# held in (the Registry refuses any other grant with RegistryRoleKindMismatch), in this file's
# lower-case names.
ROLE_KINDS = {
    role.lower(): tuple(kind.lower() for kind in kinds) for role, kinds in ROLE_ORG_KINDS.items()
}
# The governance Safes of a participants file and their CREATE2 salt nonces.
GOVERNANCE_SAFES = {"council": 1, "auditor_guardian": 2, "emergency_guardian": 3}


class PlanError(ValueError):
    """The participants file is invalid; the message names the entry. Nothing was sent."""


@dataclass(frozen=True)
class Member:
    """An account of an organisation and the roles it is granted."""

    address: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Organisation:
    """An organisation: id, kind, the hash of its off-chain profile, members, payout account."""

    org_id: int
    kind: str
    metadata_hash: bytes
    members: tuple[Member, ...]
    payout_account: str | None = None


@dataclass(frozen=True)
class SafeSpec:
    """The owners (sorted) and threshold of a governance Safe."""

    owners: tuple[str, ...]
    threshold: int


@dataclass(frozen=True)
class Plan:
    """A validated participants file: what bootstrap brings the chain to."""

    policy: dict[str, int] = field(default_factory=dict)
    organisations: tuple[Organisation, ...] = ()
    budgets: tuple[tuple[int, int, int], ...] = ()
    funds: tuple[tuple[str, int], ...] = ()
    governance: dict[str, SafeSpec] = field(default_factory=dict)

    def accounts_with(self, role: str) -> list[str]:
        """The accounts of the file holding ``role``, in file order."""
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
        owners = [_address(raw, where) for raw in entry["owners"]]
        if not owners or len(set(owners)) != len(owners):
            raise PlanError(f"{where}: owners must be distinct and not empty")
        threshold = _positive_int(entry.get("threshold"), f"{where}.threshold", len(owners))
        result[name] = SafeSpec(tuple(sorted(owners)), threshold)
    return result


def _organisations(entries: list[Any]) -> tuple[Organisation, ...]:
    seen_ids: set[int] = set()
    seen_accounts: dict[str, str] = {}
    result = []
    for where, entry in _mappings(entries, "organisations", "a mapping"):
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
        result.append(
            Organisation(
                org_id,
                kind,
                keccak(text=canonical),
                members,
                None if payout is None else _address(payout, where, "payout_account"),
            )
        )
    return tuple(result)


def _member(entry: Any, where: str, seen: dict[str, str]) -> Member:
    if not isinstance(entry, dict):
        raise PlanError(f"{where}: each account needs 'address' and 'roles'")
    address = _address(entry.get("address", ""), where)
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
    for where, entry in _mappings(entries, "budgets", "org, fiscal_year, ceiling_idr"):
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
        account = _address(entry.get("account", "") if isinstance(entry, dict) else "", where)
        amount = _positive_int(entry.get("balance_idr"), f"{where}.balance_idr", 2**256 - 1)
        result.append((account, amount))
    return tuple(result)


def _mappings(
    entries: list[Any], section: str, expected: str
) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(where, entry)`` per entry of a list section; a non-mapping entry is refused."""
    for n, entry in enumerate(entries, 1):
        where = f"{section}[{n}]"
        if not isinstance(entry, dict):
            raise PlanError(f"{where}: expected {expected}")
        yield where, entry


def _address(raw: Any, where: str, what: str = "address") -> str:
    """``raw`` as a checksummed address; a malformed one is refused, naming ``what``."""
    if not is_hex_address(str(raw)):
        raise PlanError(f"{where}: malformed {what} {str(raw)!r}")
    return to_checksum_address(str(raw))


def _positive_int(value: Any, where: str, maximum: int, allow_zero: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PlanError(f"{where}: expected a whole number, got {value!r}")
    if value < (0 if allow_zero else 1) or value > maximum:
        raise PlanError(f"{where}: {value} is out of range")
    return value

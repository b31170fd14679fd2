"""Council governance (issue 15): proposals a Safe signs, a timelock delays, guardians cancel.

A *proposal* is a JSON file that travels between council members: one Safe transaction
(:class:`~py_client.safe_tx.SafeTx`) of one of the governance Safes recorded in the deployment
file's ``governance`` section, its EIP-712 hash, and the owners' signatures collected so far.

- ``propose``: the council's calls (``grantRole``, a policy setter, ``unpause``…) wrapped in
  ``RantaiTimelock.scheduleBatch`` as a council Safe transaction (``--append`` adds a call);
  ``pause`` wraps ``Registry.emergencyPause`` for the emergency guardian Safe (no delay).
- ``approve``: a member signs the hash (or approves it on chain with ``approveHash``).
- ``queue``: once the threshold is reached, anyone submits it (``execTransaction``): the batch
  is scheduled and its delay starts.
- ``execute``: after the delay anyone runs the batch (the timelock's executor is open).
- ``cancel``: a proposal for the auditor guardian Safe that cancels a queued batch.

Every refusal is a :class:`GovernanceError` with one line: not enough signatures, delay not
over, action cancelled, not an owner.
"""

import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eth_utils.address import is_hex_address, to_checksum_address
from web3 import Web3

from py_client.deployment import read_deployment_file
from py_client.errors import ConfigError, RantaiError
from py_client.inputs import InputError, load_json
from py_client.models import REGISTRY_ROLES
from py_client.receipts import load_abi
from py_client.safe_tx import SafeTx, approval, pack, recover, sign

ZERO32 = b"\x00" * 32
SAFES = ("council", "auditor_guardian", "emergency_guardian")
PROPOSAL_KIND = "rantai-governance-proposal"
ROLES = REGISTRY_ROLES
POLICY_SETTERS = {
    "minTenderPeriodSec": "setMinTenderPeriod",
    "confirmationWindowSec": "setConfirmationWindow",
    "maxBidsPerTender": "setMaxBidsPerTender",
    "penaltyPerMillePerDay": "setPenaltyPerMillePerDay",
    "penaltyCapBps": "setPenaltyCapBps",
    "retentionBps": "setRetentionBps",
    "directPurchaseCeilingIdr": "setDirectPurchaseCeiling",
    "checkpointBackdateToleranceSec": "setCheckpointBackdateTolerance",
    "minBondPerMille": "setMinBondPerMille",
    "aboveHpsFlagCount": "setAboveHpsFlagCount",
    "objectionBondPerMille": "setObjectionBondPerMille",
    "objectionWindowSec": "setObjectionWindow",
    "acceptanceWindowSec": "setAcceptanceWindow",
    "bondReturnTimeoutSec": "setBondReturnTimeout",
    "splitWindowSec": "setSplitWindow",
    "disputeResponseWindowSec": "setDisputeResponseWindow",
    "adendumCapBps": "setAdendumCapBps",
}
"""Every Registry policy field and its GOVERNOR setter (bootstrap and `rantai gov` share it)."""
ORG_KINDS = (
    "governance",
    "agency",
    "supplier",
    "contractor",
    "carrier",
    "auditor",
    "arbiter",
    "treasury",
)


class GovernanceError(RantaiError):
    """A governance step cannot proceed; the message is one line naming why."""


@dataclass
class Proposal:
    """A governance Safe transaction with its signatures (the file `rantai gov` passes around)."""

    safe_name: str
    description: str
    calls: list[dict[str, Any]]
    salt: bytes
    delay: int
    tx: SafeTx
    signatures: dict[str, bytes] = field(default_factory=dict)
    cancels: str | None = None

    @property
    def hash(self) -> bytes:
        return self.tx.hash()

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": PROPOSAL_KIND,
            "safe": self.safe_name,
            "description": self.description,
            "calls": self.calls,
            "salt": "0x" + self.salt.hex(),
            "delaySec": self.delay,
            "cancels": self.cancels,
            "safeTx": self.tx.to_dict(),
            "safeTxHash": "0x" + self.hash.hex(),
            "signatures": {o: "0x" + s.hex() for o, s in sorted(self.signatures.items())},
        }

    def save(self, path: Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), indent=2) + "\n")

    @classmethod
    def load(cls, path: Path) -> "Proposal":
        try:
            data = load_json(Path(path), "proposal file")
        except InputError as err:
            raise GovernanceError(str(err)) from err
        if not isinstance(data, dict) or data.get("kind") != PROPOSAL_KIND:
            raise GovernanceError(f"{path}: not a Rantai governance proposal")
        try:
            proposal = cls(
                safe_name=str(data["safe"]),
                description=str(data.get("description", "")),
                calls=list(data["calls"]),
                salt=bytes.fromhex(str(data["salt"]).removeprefix("0x")),
                delay=int(data["delaySec"]),
                tx=SafeTx.from_dict(data["safeTx"]),
                signatures={
                    to_checksum_address(o): bytes.fromhex(str(s).removeprefix("0x"))
                    for o, s in dict(data.get("signatures") or {}).items()
                },
                cancels=data.get("cancels"),
            )
        except (KeyError, ValueError, TypeError) as err:
            raise GovernanceError(f"{path}: malformed proposal ({err})") from err
        if "0x" + proposal.hash.hex() != data.get("safeTxHash"):
            raise GovernanceError(f"{path}: safeTxHash does not match the transaction (edited?)")
        for owner, signature in proposal.signatures.items():
            if recover(proposal.hash, signature) != owner:
                raise GovernanceError(f"{path}: the signature of {owner} does not match")
        return proposal


def load_governance(deployment: str) -> dict[str, Any]:
    """The ``governance`` section of a deployment file (path or network name)."""
    path, data = read_deployment_file(deployment)
    section = data.get("governance")
    if not isinstance(section, Mapping) or not all(n in section for n in SAFES):
        raise ConfigError(
            f"{path}: no governance section (run `ape run bootstrap` with a 'governance' part)"
        )
    return {
        "chainId": data["chainId"],
        "registry": data["contracts"]["Registry"]["address"],
        **section,
    }


class Governance:
    """The council, guardians and timelock of one deployment, over web3."""

    def __init__(self, w3: Web3, section: Mapping[str, Any]) -> None:
        self.w3 = w3
        self.chain_id = int(section["chainId"])
        self.safes = {n: to_checksum_address(section[n]["address"]) for n in SAFES}
        self.timelock = w3.eth.contract(
            address=to_checksum_address(section["timelock"]), abi=load_abi("RantaiTimelock")
        )
        self.registry = w3.eth.contract(
            address=to_checksum_address(section["registry"]), abi=load_abi("Registry")
        )
        self._safe_abi = load_abi("SafeL2")

    def safe(self, name: str) -> Any:
        return self.w3.eth.contract(address=self.safes[name], abi=self._safe_abi)

    # ------------------------------------------------------------------------- building calls

    def call_for(self, action: str, args: Sequence[str]) -> dict[str, Any]:
        """One registry call of a council action: ``grant-role ROLE ADDR``, ``revoke-role ROLE
        ADDR``, ``add-account ADDR ORG``, ``register-org ORG KIND [HASH]``, ``policy NAME VALUE``,
        ``unpause``; raises :class:`GovernanceError` naming a bad argument."""
        r = self.registry

        def need(count: int, usage: str) -> None:
            if len(args) not in (count, count + (1 if action == "register-org" else 0)):
                raise GovernanceError(f"usage: rantai gov propose {action} {usage}")

        if action in ("grant-role", "revoke-role"):
            need(2, "ROLE ADDRESS")
            role = _role(args[0])
            fn = getattr(r.functions, "grantRole" if action == "grant-role" else "revokeRole")
            function = fn(
                Web3.keccak(text=role) if role != "DEFAULT_ADMIN" else ZERO32, _address(args[1])
            )
            text = f"{action} {role} {to_checksum_address(args[1])}"
        elif action == "add-account":
            need(2, "ADDRESS ORG_ID")
            function = r.functions.addAccount(_address(args[0]), _int(args[1], "org id"))
            text = f"add-account {to_checksum_address(args[0])} to organisation {args[1]}"
        elif action == "register-org":
            need(2, "ORG_ID KIND [METADATA_HASH]")
            kind = args[1].lower()
            if kind not in ORG_KINDS:
                raise GovernanceError(
                    f"unknown organisation kind {kind!r} ({', '.join(ORG_KINDS)})"
                )
            metadata = bytes.fromhex(args[2].removeprefix("0x")) if len(args) > 2 else ZERO32
            if len(metadata) != 32:
                raise GovernanceError("metadata hash must be 32 bytes of hex")
            function = r.functions.registerOrganisation(
                _int(args[0], "org id"), ORG_KINDS.index(kind) + 1, metadata
            )
            text = f"register-org {args[0]} {kind}"
        elif action == "policy":
            need(2, "NAME VALUE")
            if args[0] not in POLICY_SETTERS:
                raise GovernanceError(
                    f"unknown policy parameter {args[0]!r} ({', '.join(POLICY_SETTERS)})"
                )
            function = getattr(r.functions, POLICY_SETTERS[args[0]])(_int(args[1], args[0]))
            text = f"policy {args[0]} = {args[1]}"
        elif action == "payout-account":
            need(2, "ORG_ID ADDRESS")
            function = r.functions.setPayoutAccount(_int(args[0], "org id"), _address(args[1]))
            text = f"payout-account of organisation {args[0]} = {to_checksum_address(args[1])}"
        elif action == "unpause":
            need(0, "")
            function, text = r.functions.unpause(), "unpause"
        else:
            raise GovernanceError(
                f"unknown action {action!r} (grant-role, revoke-role, add-account, register-org, "
                "policy, payout-account, unpause; pause for the emergency guardian)"
            )
        return {
            "target": r.address,
            "value": 0,
            "data": function._encode_transaction_data(),
            "summary": text,
        }

    def propose(
        self,
        action: str,
        args: Sequence[str],
        description: str = "",
        append_to: Proposal | None = None,
    ) -> Proposal:
        """A council proposal (scheduled through the timelock), or the emergency guardian's
        ``pause`` (immediate). ``append_to`` adds the call to an unsigned council proposal."""
        if action == "pause":
            if append_to is not None:
                raise GovernanceError("pause is the emergency guardian's own proposal; not a batch")
            call = {
                "target": self.registry.address,
                "value": 0,
                "summary": "emergency pause",
                "data": self.registry.functions.emergencyPause()._encode_transaction_data(),
            }
            return self._proposal(
                "emergency_guardian",
                description or "emergency pause",
                [call],
                ZERO32,
                0,
                call["target"],
                bytes.fromhex(call["data"][2:]),
            )
        call = self.call_for(action, args)
        if append_to is not None:
            if append_to.safe_name != "council" or append_to.cancels:
                raise GovernanceError("only a council proposal can take more calls")
            if append_to.signatures:
                raise GovernanceError("the proposal is already signed; start a new one")
            calls, salt = [*append_to.calls, call], append_to.salt
            description = description or append_to.description
        else:
            calls, salt = [call], secrets.token_bytes(32)
        delay = int(self.timelock.functions.getMinDelay().call())
        data = self._schedule_data(calls, salt, delay)
        return self._proposal(
            "council",
            description or "; ".join(c["summary"] for c in calls),
            calls,
            salt,
            delay,
            self.timelock.address,
            data,
        )

    def cancel_proposal(self, queued: Proposal) -> Proposal:
        """The auditor guardian's proposal that cancels a queued council proposal."""
        if queued.safe_name != "council" or queued.cancels:
            raise GovernanceError("only a queued council proposal can be cancelled")
        op = self.operation_id(queued)
        data = self.timelock.functions.cancel(op)._encode_transaction_data()
        call = {
            "target": self.timelock.address,
            "value": 0,
            "data": data,
            "summary": f"cancel 0x{op.hex()}",
        }
        proposal = self._proposal(
            "auditor_guardian",
            f"cancel: {queued.description}",
            [call],
            ZERO32,
            0,
            self.timelock.address,
            bytes.fromhex(data[2:]),
        )
        proposal.cancels = "0x" + op.hex()
        return proposal

    def _schedule_data(self, calls: list[dict[str, Any]], salt: bytes, delay: int) -> bytes:
        targets, values, payloads = self._batch(calls)
        data = self.timelock.functions.scheduleBatch(
            targets, values, payloads, ZERO32, salt, delay
        )._encode_transaction_data()
        return bytes.fromhex(data[2:])

    @staticmethod
    def _batch(calls: list[dict[str, Any]]) -> tuple[list[str], list[int], list[bytes]]:
        return (
            [c["target"] for c in calls],
            [int(c["value"]) for c in calls],
            [bytes.fromhex(str(c["data"]).removeprefix("0x")) for c in calls],
        )

    def _proposal(
        self,
        safe_name: str,
        description: str,
        calls: list[dict[str, Any]],
        salt: bytes,
        delay: int,
        to: str,
        data: bytes,
    ) -> Proposal:
        safe = self.safe(safe_name)
        tx = SafeTx(
            safe=safe.address,
            chain_id=self.chain_id,
            to=to,
            value=0,
            data=data,
            nonce=int(safe.functions.nonce().call()),
        )
        return Proposal(safe_name, description, calls, salt, delay, tx)

    # ---------------------------------------------------------------------------- signatures

    def owners(self, proposal: Proposal) -> list[str]:
        return [
            to_checksum_address(o)
            for o in self.safe(proposal.safe_name).functions.getOwners().call()
        ]

    def threshold(self, proposal: Proposal) -> int:
        return int(self.safe(proposal.safe_name).functions.getThreshold().call())

    def approve(self, proposal: Proposal, private_key: str) -> str:
        """Add the signer's signature; returns the owner. Refuses a non-owner."""
        self._check_fresh(proposal)
        owner, signature = sign(proposal.hash, private_key)
        if owner not in self.owners(proposal):
            raise GovernanceError(f"{owner} is not an owner of the {proposal.safe_name} Safe")
        proposal.signatures[owner] = signature
        return owner

    def approvers(self, proposal: Proposal) -> list[str]:
        """Owners who signed the file or approved the hash on chain (`approveHash`)."""
        safe = self.safe(proposal.safe_name)
        found = set(proposal.signatures)
        for owner in self.owners(proposal):
            if owner not in found and safe.functions.approvedHashes(owner, proposal.hash).call():
                found.add(owner)
        return sorted(found)

    def _check_fresh(self, proposal: Proposal) -> None:
        nonce = int(self.safe(proposal.safe_name).functions.nonce().call())
        if proposal.tx.nonce < nonce:
            raise GovernanceError(
                f"the {proposal.safe_name} Safe already used nonce {proposal.tx.nonce}: the "
                "proposal was submitted (or replaced); see `rantai gov history`"
            )
        if proposal.tx.nonce > nonce:
            raise GovernanceError(
                f"the {proposal.safe_name} Safe is at nonce {nonce}; this proposal waits for "
                f"nonce {proposal.tx.nonce} (submit the earlier proposals first)"
            )

    def submit_signatures(self, proposal: Proposal) -> bytes:
        """The packed signatures, or :class:`GovernanceError` when below the threshold."""
        self._check_fresh(proposal)
        owners = self.owners(proposal)
        approvers = [a for a in self.approvers(proposal) if a in owners]
        threshold = self.threshold(proposal)
        if len(approvers) < threshold:
            raise GovernanceError(
                f"not enough signatures: {len(approvers)} of {threshold} for the "
                f"{proposal.safe_name} Safe (collect more with `rantai gov approve`)"
            )
        signatures = {a: proposal.signatures.get(a) or approval(a) for a in approvers}
        return pack(signatures)

    # ----------------------------------------------------------------------------- timelock

    def operation_id(self, proposal: Proposal) -> bytes:
        targets, values, payloads = self._batch(proposal.calls)
        return bytes(
            self.timelock.functions.hashOperationBatch(
                targets, values, payloads, ZERO32, proposal.salt
            ).call()
        )

    def state(self, proposal: Proposal) -> str:
        """``signing``, ``queued`` (ready_at in the future), ``ready``, ``done``, ``cancelled``
        or ``submitted`` (a guardian proposal already executed)."""
        safe_nonce = int(self.safe(proposal.safe_name).functions.nonce().call())
        if proposal.safe_name != "council" or proposal.cancels:
            return "submitted" if safe_nonce > proposal.tx.nonce else "signing"
        op = self.operation_id(proposal)
        timestamp = int(self.timelock.functions.getTimestamp(op).call())
        if timestamp == 1:
            return "done"
        if timestamp == 0:
            cancelled = self.timelock.events.Cancelled.get_logs(
                from_block=0, argument_filters={"id": op}
            )
            return "cancelled" if cancelled else "signing"
        now = int(self.w3.eth.get_block("latest")["timestamp"])
        return "ready" if timestamp <= now else "queued"

    def execute_call(self, proposal: Proposal) -> Any:
        """The timelock call that runs a queued council batch once its delay is over."""
        state = self.state(proposal)
        if state == "cancelled":
            raise GovernanceError(f"action cancelled: {proposal.description}")
        if state == "signing":
            raise GovernanceError("the proposal is not queued yet (`rantai gov queue` it first)")
        if state == "done":
            raise GovernanceError(f"already executed: {proposal.description}")
        if state == "queued":
            op = self.operation_id(proposal)
            ready = int(self.timelock.functions.getTimestamp(op).call())
            now = int(self.w3.eth.get_block("latest")["timestamp"])
            raise GovernanceError(
                f"delay not over: executable in {_duration(ready - now)} (at unix {ready})"
            )
        targets, values, payloads = self._batch(proposal.calls)
        return self.timelock.functions.executeBatch(
            targets, values, payloads, ZERO32, proposal.salt
        )

    def exec_transaction(self, proposal: Proposal) -> Any:
        """The Safe's `execTransaction` of a proposal with enough signatures."""
        signatures = self.submit_signatures(proposal)
        return self.safe(proposal.safe_name).functions.execTransaction(
            *proposal.tx.exec_args(signatures)
        )

    # ------------------------------------------------------------------------------ history

    def history(self, from_block: int = 0) -> list[dict[str, Any]]:
        """Timelock events (scheduled, executed, cancelled) and the registry's pauses, in order."""
        events: list[dict[str, Any]] = []
        tl = self.timelock.events
        for name, event in (
            ("scheduled", tl.CallScheduled),
            ("executed", tl.CallExecuted),
            ("cancelled", tl.Cancelled),
        ):
            for log in event.get_logs(from_block=from_block):
                args = dict(log["args"])
                entry = {
                    "event": name,
                    "block": log["blockNumber"],
                    "tx": log["transactionHash"].hex(),
                    "logIndex": log["logIndex"],
                    "id": "0x" + bytes(args["id"]).hex(),
                }
                if name == "scheduled":
                    entry.update(
                        target=args["target"],
                        data="0x" + bytes(args["data"]).hex(),
                        delay=int(args["delay"]),
                        index=int(args["index"]),
                    )
                    entry["readyAt"] = (
                        int(self.w3.eth.get_block(log["blockNumber"])["timestamp"]) + entry["delay"]
                    )
                events.append(entry)
        for name, event in (
            ("paused", self.registry.events.Paused),
            ("unpaused", self.registry.events.Unpaused),
        ):
            for log in event.get_logs(from_block=from_block):
                events.append(
                    {
                        "event": name,
                        "block": log["blockNumber"],
                        "tx": log["transactionHash"].hex(),
                        "logIndex": log["logIndex"],
                        "account": log["args"]["account"],
                    }
                )
        events.sort(key=lambda e: (e["block"], e["logIndex"]))
        return events

    def approvals(self, safe_name: str = "council", from_block: int = 0) -> list[dict[str, Any]]:
        """Safe transactions approved on chain (``ApproveHash``) and not executed yet, each with
        the owners who approved it (``approvedHashes(owner, hash)`` read per current owner)."""
        safe = self.safe(safe_name)
        done = {
            bytes(log["args"]["txHash"])
            for event in (safe.events.ExecutionSuccess, safe.events.ExecutionFailure)
            for log in event.get_logs(from_block=from_block)
        }
        hashes: list[bytes] = []
        for log in safe.events.ApproveHash.get_logs(from_block=from_block):
            approved = bytes(log["args"]["approvedHash"])
            if approved not in done and approved not in hashes:
                hashes.append(approved)
        if not hashes:
            return []
        owners = [to_checksum_address(o) for o in safe.functions.getOwners().call()]
        threshold = int(safe.functions.getThreshold().call())
        return [
            {
                "safe": safe_name,
                "hash": "0x" + approved.hex(),
                "approvers": [
                    o for o in owners if safe.functions.approvedHashes(o, approved).call()
                ],
                "threshold": threshold,
            }
            for approved in hashes
        ]

    def pending(self, from_block: int = 0) -> list[dict[str, Any]]:
        """Scheduled operations neither executed nor cancelled, with their ready time."""
        history = self.history(from_block)
        closed = {e["id"] for e in history if e["event"] in ("executed", "cancelled")}
        seen: dict[str, dict[str, Any]] = {}
        for e in history:
            if e["event"] == "scheduled" and e["id"] not in closed:
                seen.setdefault(e["id"], {**e, "calls": 0})["calls"] += 1
        return list(seen.values())


def _role(text: str) -> str:
    role = text.upper().removesuffix("_ROLE")
    if role not in (*ROLES, "DEFAULT_ADMIN"):
        raise GovernanceError(f"unknown role {text!r} ({', '.join(r.lower() for r in ROLES)})")
    return role


def _address(text: str) -> str:
    if not is_hex_address(text):
        raise GovernanceError(f"malformed address {text!r}")
    return to_checksum_address(text)


def _int(text: str, what: str) -> int:
    try:
        value = int(text.replace("_", ""), 0)
    except ValueError:
        raise GovernanceError(f"{what} must be a whole number, got {text!r}") from None
    if value < 0:
        raise GovernanceError(f"{what} must not be negative, got {text!r}")
    return value


def _duration(seconds: int) -> str:
    hours, rest = divmod(max(seconds, 0), 3600)
    return f"{hours} h {rest // 60} min" if hours else f"{rest // 60} min {rest % 60} s"

"""Helpers for the ShipmentTracking tests: enums, checkpoint builders and the off-chain head.

`next_head` / `rebuild_head` are the Python twin of `IShipmentTracking.nextHead`: an auditor
folds them over a copy of a shipment's `CheckpointRecorded` events and compares the result with
the stored head to prove the copy complete and untampered.
"""

from collections.abc import Iterable
from itertools import count, pairwise
from typing import Any, NamedTuple

from eth_abi import encode
from eth_utils import keccak

from py_client.models import CheckpointKind

ZERO_HASH = b"\x00" * 32
HEAD_TYPES = ["bytes32", "uint8", "bytes32", "int32", "int32", "uint64", "bytes32", "address"]


def b32(text: str) -> bytes:
    """An ASCII code (UN/LOCODE, GLN, region) left-aligned in 32 bytes, as stored on chain."""
    return text.encode("ascii").ljust(32, b"\x00")


class Checkpoint(NamedTuple):
    """`IShipmentTracking.Checkpoint`, in ABI field order (Ape accepts it as the struct)."""

    kind: int
    location: bytes
    latitude_e6: int
    longitude_e6: int
    occurred_at: int
    evidence_hash: bytes


def checkpoint(
    kind: CheckpointKind,
    occurred_at: int,
    *,
    location: str = "IDTPP",
    latitude_e6: int = -6_104_200,
    longitude_e6: int = 106_886_100,
    evidence: str = "waybill",
) -> Checkpoint:
    """A valid checkpoint; defaults are Tanjung Priok port, Jakarta (southern hemisphere)."""
    return Checkpoint(
        int(kind),
        b32(location),
        latitude_e6,
        longitude_e6,
        occurred_at,
        keccak(text=evidence),
    )


# Origin of the goods: (ISO country, region, producer GLN) as in IShipmentTracking.Origin.
ORIGIN = (b"ID", b32("ID-JT"), b32("8991234500017"))


def next_head(head: bytes, custodian: str, cp: Checkpoint) -> bytes:
    """`IShipmentTracking.nextHead` computed off chain."""
    return keccak(encode(HEAD_TYPES, [head, *cp, custodian]))


def rebuild_head(history: Iterable[tuple[str, Checkpoint]]) -> bytes:
    """Folds `next_head` over (custodian, checkpoint) pairs from the zero hash."""
    head = ZERO_HASH
    for custodian, cp in history:
        head = next_head(head, custodian, cp)
    return head


def history_from_logs(logs: Iterable[Any]) -> list[tuple[str, Checkpoint]]:
    """(custodian, checkpoint) pairs, by index, from decoded `CheckpointRecorded` logs."""
    ordered = sorted(logs, key=lambda log: int(log.index))
    return [
        (
            str(log.custodian),
            Checkpoint(
                int(log.kind),
                bytes(log.location),
                int(log.latitudeE6),
                int(log.longitudeE6),
                int(log.occurredAt),
                bytes(log.evidenceHash),
            ),
        )
        for log in ordered
    ]


# Gas schedule (london; DESIGN section 8) for lower bounds of operations.
TX_BASE_GAS = 21_000
CALLDATA_ZERO_BYTE_GAS = 4
CALLDATA_NONZERO_BYTE_GAS = 16
COLD_SLOAD_GAS = 2_100
WARM_SSTORE_GAS = 2_900  # nonzero -> nonzero, slot already accessed
COLD_ACCOUNT_ACCESS_GAS = 2_600


def calldata_gas(data: bytes) -> int:
    return sum(CALLDATA_ZERO_BYTE_GAS if b == 0 else CALLDATA_NONZERO_BYTE_GAS for b in data)


def log_gas(topics: int, data_bytes: int) -> int:
    return 375 + 375 * topics + 8 * data_bytes


def external_call_gas(provider: Any, txn_hash: str) -> int:
    """Gas the top-level contract spent in calls to other contracts (from the opcode trace)."""
    trace = provider.make_request(
        "debug_traceTransaction",
        [txn_hash, {"disableStorage": True, "disableMemory": True, "disableStack": True}],
    )
    steps = trace["structLogs"]
    top = [i for i, step in enumerate(steps) if step["depth"] == 1]
    spent = 0
    for here, after in pairwise(top):
        if after != here + 1:  # the steps in between ran in a called contract
            spent += steps[here]["gas"] - steps[after]["gas"]
    return spent


_REFS = count(1)


def new_ref() -> bytes:
    """A client reference not used before in this test run (issue 13 item 9)."""
    return keccak(text=f"test ref {next(_REFS)}")

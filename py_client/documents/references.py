"""Which document hashes the chain references: per process (for grants) and in all (for gc).

Every document a lifecycle step records is a ``bytes32`` argument of one of its events
(``contractHash``, ``bastHash``, ``evidenceHash``, ``reasonHash``, ``rulingHash``, organisation
``metadataHash``, the ``grantHash`` of a grant file, a tender's ``specHash`` inside its
parameters …). Rather than keep a second list of those names, both functions read every 32-byte
value in the events the ABIs declare (nested tuples and arrays included): a hash
that is not a stored document (a bid commitment, a checkpoint head) simply matches nothing in
the store. Reading more than needed is the safe side for :func:`referenced_hashes`: it decides
what the garbage collector keeps.

Example::

    >>> hashes = process_hashes(client, "ocds-rantai-31337-PO2")  # doctest: +SKIP
"""

import json
from collections.abc import Iterable
from typing import Any

from py_client.core import ClientCore

PROCESS_CONTRACTS = ("Tendering", "OrderEscrow", "ShipmentTracking")
ALL_CONTRACTS = ("Registry", "Tendering", "OrderEscrow", "ShipmentTracking")


def _events(client: ClientCore, contract: str) -> list[dict[str, Any]]:
    return [dict(e) for e in client.contracts[contract].abi if e.get("type") == "event"]


def _walk(value: Any, found: list[bytes]) -> None:
    """Collect the 32-byte values in a decoded argument (tuples and arrays included)."""
    if isinstance(value, bytes | bytearray):
        if len(value) == 32 and any(value):
            found.append(bytes(value))
    elif isinstance(value, dict):
        for item in value.values():
            _walk(item, found)
    elif isinstance(value, list | tuple):
        for item in value:
            _walk(item, found)


def _hashes_of(logs: Iterable[Any]) -> list[bytes]:
    found: list[bytes] = []
    for log in logs:
        _walk(dict(log["args"]), found)
    return found


def _carries_bytes32(event: dict[str, Any]) -> bool:
    return "bytes32" in json.dumps(event["inputs"])


def _by_id(client: ClientCore, contract: str, key: str, value: int) -> list[bytes]:
    found: list[bytes] = []
    for event in _events(client, contract):
        inputs = event["inputs"]
        if not any(i["name"] == key and i["indexed"] for i in inputs):
            continue
        if _carries_bytes32(event):
            found += _hashes_of(client.logs(contract, event["name"], {key: value}))
    return found


def process_hashes(client: ClientCore, ref: str) -> list[bytes]:
    """The ``bytes32`` values the events of the process ``ref`` carry, oldest first, unique.

    Args:
        client: A connected client.
        ref: An ocid, or ``tender:<n>``, ``order:<n>``, ``shipment:<n>`` (as ``rantai status``).
            A tender includes the order made from it and that order's shipments.

    Raises:
        UnknownReference: ``ref`` is malformed or of another deployment.
    """
    kind, number = client.parse_reference(ref)
    found: list[bytes] = []
    orders: list[int] = []
    shipments: list[int] = []
    if kind == "tender":
        found += _by_id(client, "Tendering", "tenderId", number)
        order_id = client.tender(number, with_spec=False).order_id
        orders += [order_id] if order_id else []
    elif kind == "order":
        orders.append(number)
    else:
        shipments.append(number)
    for order_id in orders:
        found += _by_id(client, "OrderEscrow", "orderId", order_id)
        shipments += client.shipments_of(order_id)
    for shipment_id in shipments:
        found += _by_id(client, "ShipmentTracking", "shipmentId", shipment_id)
    return list(dict.fromkeys(found))


def referenced_hashes(client: ClientCore, to_block: int | None = None) -> set[bytes]:
    """Every non-zero ``bytes32`` any Rantai event carries up to ``to_block`` (default: latest)."""
    found: set[bytes] = set()
    for contract in ALL_CONTRACTS:
        for event in _events(client, contract):
            if _carries_bytes32(event):
                logs = client.logs(contract, event["name"], to_block=to_block)
                found.update(_hashes_of(logs))
    return found


__all__ = ["process_hashes", "referenced_hashes"]

"""Transaction results: a receipt with its logs decoded into Rantai domain events.

Every sending method of the client returns a :class:`TxResult`: the transaction hash, block,
gas used and the decoded events (name, emitting contract, arguments), plus the id of what the
transaction created where it created something (``open_tender`` → ``tender_id``,
``create_direct_order`` → ``order_id``, ``register_shipment`` → ``shipment_id``).

Logs are decoded against every shipped Rantai ABI by their first topic (the event signature's
hash); the emitting address picks the contract when several declare the same event.

Example::

    >>> result = client.agency.open_tender(...)  # doctest: +SKIP
    >>> result.tender_id, [e.name for e in result.events]  # doctest: +SKIP
    (1, ['TenderOpened', 'BudgetCommitted'])
"""

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any

from eth_utils.abi import event_abi_to_log_topic
from hexbytes import HexBytes
from web3 import Web3
from web3._utils.events import get_event_data
from web3.exceptions import LogTopicError, MismatchedABI
from web3.types import EventData, LogReceipt, TxReceipt

CONTRACT_NAMES = ("Registry", "RupiahToken", "Tendering", "OrderEscrow", "ShipmentTracking")


def load_abi(name: str) -> list[dict[str, Any]]:
    """The shipped ABI of Rantai contract ``name`` (``py_client/abi/<name>.json``)."""
    text = resources.files("py_client").joinpath("abi", f"{name}.json").read_text()
    abi: list[dict[str, Any]] = json.loads(text)
    return abi


@dataclass(frozen=True)
class Event:
    """One decoded log."""

    name: str
    contract: str
    args: Mapping[str, Any]
    address: str
    log_index: int

    def __getitem__(self, key: str) -> Any:
        return self.args[key]


@dataclass(frozen=True)
class TxResult:
    """The outcome of a successful transaction."""

    tx_hash: str
    block_number: int
    gas_used: int
    events: tuple[Event, ...]
    tender_id: int | None = None
    order_id: int | None = None
    shipment_id: int | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def event(self, name: str) -> Event:
        """The first event called ``name``.

        Raises:
            LookupError: The transaction emitted no such event.
        """
        for event in self.events:
            if event.name == name:
                return event
        raise LookupError(f"transaction {self.tx_hash} emitted no {name} event")

    def events_named(self, name: str) -> list[Event]:
        """Every event called ``name``, in log order."""
        return [e for e in self.events if e.name == name]

    @property
    def event_names(self) -> list[str]:
        """Names of the events in log order."""
        return [e.name for e in self.events]


class EventDecoder:
    """Decodes logs of the Rantai contracts by topic0."""

    def __init__(self, addresses: Mapping[str, str] | None = None) -> None:
        """Build the topic table.

        Args:
            addresses: Contract name → address; used to tell which contract emitted a log.
        """
        self._w3 = Web3()
        self._by_contract: dict[str, dict[bytes, dict[str, Any]]] = {}
        self._any: dict[bytes, tuple[str, dict[str, Any]]] = {}
        for name in CONTRACT_NAMES:
            table: dict[bytes, dict[str, Any]] = {}
            for item in load_abi(name):
                if item.get("type") == "event":
                    topic = bytes(event_abi_to_log_topic(item))  # type: ignore[arg-type]
                    table[topic] = item
                    self._any.setdefault(topic, (name, item))
            self._by_contract[name] = table
        self._names = {Web3.to_checksum_address(a): n for n, a in (addresses or {}).items()}

    def event_abi(self, contract: str, event: str) -> dict[str, Any]:
        """The ABI entry of ``event`` of ``contract``."""
        for item in self._by_contract[contract].values():
            if item["name"] == event:
                return item
        raise KeyError(f"{contract} has no event {event}")

    def topic(self, contract: str, event: str) -> bytes:
        """topic0 of ``event`` of ``contract``."""
        return bytes(event_abi_to_log_topic(self.event_abi(contract, event)))  # type: ignore[arg-type]

    def decode_log(self, log: LogReceipt) -> Event | None:
        """The event of ``log``, or ``None`` when no Rantai ABI declares it."""
        topics = log["topics"]
        if not topics:
            return None
        topic0 = bytes(topics[0])
        address = Web3.to_checksum_address(log["address"])
        contract = self._names.get(address)
        item = self._by_contract[contract].get(topic0) if contract else None
        if item is None:
            found = self._any.get(topic0)
            if found is None:
                return None
            contract, item = found
        try:
            data: EventData = get_event_data(self._w3.codec, item, log)
        except (MismatchedABI, LogTopicError):
            return None
        return Event(
            name=str(data["event"]),
            contract=str(contract),
            args=_plain(data["args"]),
            address=address,
            log_index=int(log["logIndex"]),
        )

    def decode_logs(self, logs: Iterable[LogReceipt]) -> tuple[Event, ...]:
        """Every decodable log, in order."""
        events = (self.decode_log(log) for log in logs)
        return tuple(e for e in events if e is not None)

    def result(self, receipt: TxReceipt, **created: int | None) -> TxResult:
        """A :class:`TxResult` for ``receipt``; ``created`` names ids the caller derived."""
        result = TxResult(
            tx_hash="0x" + bytes(receipt["transactionHash"]).hex(),
            block_number=int(receipt["blockNumber"]),
            gas_used=int(receipt["gasUsed"]),
            events=self.decode_logs(receipt["logs"]),
        )
        extra: dict[str, Any] = dict(created)
        return replace(result, **extra) if extra else result


def _plain(value: Any) -> Any:
    """web3's AttributeDict / HexBytes / tuples as plain Python values."""
    if isinstance(value, HexBytes):
        return bytes(value)
    if isinstance(value, Mapping):
        return {k: _plain(value[k]) for k in value}  # not .items(): a field may be "items"
    if isinstance(value, list | tuple):
        return tuple(_plain(v) for v in value)
    return value


__all__ = ["CONTRACT_NAMES", "Event", "EventDecoder", "TxResult", "load_abi"]

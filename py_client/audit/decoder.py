"""Fast decoding of raw JSON-RPC logs of the Rantai contracts into plain values.

The indexer reads logs as the node sends them (hex strings) and decodes them here, without
web3.py's per-log formatting: a table from (contract, topic0) to the event's ABI, indexed
arguments read from the topics, and the data decoded word by word when every non-indexed
argument is a static elementary type (most events; checkpoints, payments, bids), else by
``eth_abi`` (events with strings, arrays or structs).

Values are JSON-ready: integers as ``int``, booleans as ``bool``, addresses lowercase ``0x``
hex, fixed and dynamic bytes as ``0x`` hex, structs as dicts by component name, arrays as lists.

Example::

    >>> decoder = LogDecoder({"Registry": "0x" + "11" * 20})
    >>> log = {"address": "0x" + "11" * 20,
    ...        "topics": [decoder.topic("Registry", "AccountAdded"),
    ...                   "0x" + "00" * 12 + "22" * 20, "0x" + "00" * 31 + "0a"],
    ...        "data": "0x"}
    >>> contract, name, args = decoder.decode(log)
    >>> contract, name, args["orgId"], args["account"][:10]
    ('Registry', 'AccountAdded', 10, '0x22222222')
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from eth_abi.abi import decode as abi_decode
from eth_abi.exceptions import DecodingError
from eth_utils.abi import event_abi_to_log_topic

from py_client.receipts import CONTRACT_NAMES, load_abi

Word = bytes
WordDecoder = Callable[[Word], Any]


def _uint(word: Word) -> int:
    return int.from_bytes(word, "big")


def _int(word: Word) -> int:
    return int.from_bytes(word, "big", signed=True)


def _address(word: Word) -> str:
    return "0x" + word[12:].hex()


def _bool(word: Word) -> bool:
    return word[-1] != 0


def _fixed_bytes(size: int) -> WordDecoder:
    def decode(word: Word) -> str:
        return "0x" + word[:size].hex()

    return decode


def _word_decoder(abi_type: str) -> WordDecoder | None:
    """A decoder of one 32-byte word of ``abi_type``, or ``None`` for non-elementary types."""
    if abi_type.endswith("]") or abi_type.startswith("tuple"):
        return None
    if abi_type.startswith("uint"):
        return _uint
    if abi_type.startswith("int"):
        return _int
    if abi_type == "address":
        return _address
    if abi_type == "bool":
        return _bool
    if abi_type.startswith("bytes") and abi_type != "bytes":
        return _fixed_bytes(int(abi_type[5:]))
    return None


def abi_type_string(param: Mapping[str, Any]) -> str:
    """The canonical type string of an ABI parameter (tuples spelled out)."""
    abi_type = str(param["type"])
    if abi_type.startswith("tuple"):
        inner = ",".join(abi_type_string(c) for c in param["components"])
        return f"({inner}){abi_type[5:]}"
    return abi_type


def plain_value(param: Mapping[str, Any], value: Any) -> Any:
    """An ``eth_abi`` value as JSON-ready data following the ABI parameter ``param``."""
    abi_type = str(param["type"])
    if abi_type.endswith("]"):
        element = {**param, "type": abi_type[: abi_type.rindex("[")]}
        return [plain_value(element, v) for v in value]
    if abi_type == "tuple":
        return {
            str(c["name"]): plain_value(c, v)
            for c, v in zip(param["components"], value, strict=True)
        }
    if isinstance(value, bytes):
        return "0x" + value.hex()
    if isinstance(value, str) and abi_type == "address":
        return value.lower()
    return value


@dataclass(frozen=True)
class EventSpec:
    """How to decode one event of one contract."""

    contract: str
    name: str
    topic_names: tuple[str, ...]
    topic_decoders: tuple[WordDecoder, ...]
    data_params: tuple[Mapping[str, Any], ...]
    data_types: tuple[str, ...]
    word_decoders: tuple[WordDecoder, ...] | None  # all static elementary: one word each

    @classmethod
    def from_abi(cls, contract: str, item: Mapping[str, Any]) -> "EventSpec":
        """The spec of ABI event ``item`` of ``contract``."""
        indexed = [p for p in item["inputs"] if p.get("indexed")]
        data = [p for p in item["inputs"] if not p.get("indexed")]
        topic_decoders = []
        for p in indexed:
            decoder = _word_decoder(str(p["type"]))
            # A dynamic indexed value is only its keccak256: keep the topic as hex.
            topic_decoders.append(decoder or _fixed_bytes(32))
        word_decoders = [_word_decoder(str(p["type"])) for p in data]
        static = all(d is not None for d in word_decoders)
        return cls(
            contract=contract,
            name=str(item["name"]),
            topic_names=tuple(str(p["name"]) for p in indexed),
            topic_decoders=tuple(topic_decoders),
            data_params=tuple(data),
            data_types=tuple(abi_type_string(p) for p in data),
            word_decoders=tuple(d for d in word_decoders if d is not None) if static else None,
        )

    def decode(self, topics: Sequence[str], data: str) -> dict[str, Any]:
        """The arguments of a log with hex ``topics`` (topic0 included) and hex ``data``."""
        args: dict[str, Any] = {}
        for name, decode, topic in zip(
            self.topic_names, self.topic_decoders, topics[1:], strict=True
        ):
            args[name] = decode(bytes.fromhex(topic[2:]))
        raw = bytes.fromhex(data[2:])
        if self.word_decoders is not None:
            if len(raw) < 32 * len(self.word_decoders):
                raise ValueError(f"{len(raw)} bytes of data, {32 * len(self.word_decoders)} needed")
            for i, (param, decode) in enumerate(
                zip(self.data_params, self.word_decoders, strict=True)
            ):
                args[str(param["name"])] = decode(raw[32 * i : 32 * i + 32])
        else:
            values = abi_decode(list(self.data_types), raw)
            for param, value in zip(self.data_params, values, strict=True):
                args[str(param["name"])] = plain_value(param, value)
        return args


class UnknownLog(ValueError):
    """A log that no Rantai ABI of its contract declares (or with malformed topics)."""


class LogDecoder:
    """Decodes raw logs of the Rantai contracts at known addresses.

    Args:
        addresses: Contract name → address (the deployment's).
    """

    def __init__(self, addresses: Mapping[str, str]) -> None:
        self._specs: dict[tuple[str, str], EventSpec] = {}
        self._topics: dict[tuple[str, str], str] = {}
        self.contract_of = {a.lower(): n for n, a in addresses.items()}
        for contract in CONTRACT_NAMES:
            for item in load_abi(contract):
                if item.get("type") != "event" or item.get("anonymous"):
                    continue
                topic = "0x" + bytes(event_abi_to_log_topic(item)).hex()  # type: ignore[arg-type]
                self._topics[(contract, str(item["name"]))] = topic
                self._specs[(contract, topic)] = EventSpec.from_abi(contract, item)

    def topic(self, contract: str, event: str) -> str:
        """topic0 (``0x`` hex) of ``event`` of ``contract``."""
        return self._topics[(contract, event)]

    def decode(self, log: Mapping[str, Any]) -> tuple[str, str, dict[str, Any]]:
        """``(contract, event name, arguments)`` of a raw JSON-RPC log.

        Raises:
            UnknownLog: The address is not a Rantai contract, the topic is unknown, or the log
                does not match the event's ABI.
        """
        address = str(log["address"]).lower()
        contract = self.contract_of.get(address)
        topics: list[str] = log["topics"]
        if contract is None or not topics:
            raise UnknownLog(f"log of {address} is not a Rantai event")
        spec = self._specs.get((contract, topics[0].lower()))
        if spec is None:
            raise UnknownLog(f"{contract} declares no event with topic {topics[0]}")
        try:
            return contract, spec.name, spec.decode(topics, str(log["data"]))
        except (ValueError, TypeError, IndexError, DecodingError) as err:
            raise UnknownLog(f"{contract}.{spec.name} log does not decode: {err}") from err

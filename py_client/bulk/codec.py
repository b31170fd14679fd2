"""Fast calldata: one ABI function's selector and types, computed once, encoded with eth-abi.

Building calldata through a web3 contract function object costs more than signing the
transaction; a bulk run encodes thousands of calls to the same function, so
:class:`FunctionCodec` looks the function up once, and eth-abi's encoder for its argument types
is built once too (``eth_abi.encode`` builds it on every call, a third of its time). eth-abi
also checks a value again at every level of nesting (a tuple checks its items, then each item
checks itself as it is encoded: four times for an order's line); the codec checks the whole
value once and encodes it with a copy of the encoder that skips the repeats.

Example::

    >>> codec = FunctionCodec.of("RupiahToken", "approve")
    >>> codec.encode(["0x" + "22" * 20, 5]).hex()[:8]
    '095ea7b3'
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from eth_abi.abi import decode
from eth_abi.encoding import (
    AddressEncoder,
    BaseEncoder,
    BooleanEncoder,
    BytesEncoder,
    DynamicArrayEncoder,
    SignedIntegerEncoder,
    SizedArrayEncoder,
    TupleEncoder,
    UnsignedIntegerEncoder,
)
from eth_abi.registry import registry
from eth_typing import ABIEvent, ABIFunction
from eth_utils.abi import (
    event_abi_to_log_topic,
    function_abi_to_4byte_selector,
    get_abi_input_types,
    get_abi_output_types,
)
from eth_utils.address import to_canonical_address, to_checksum_address

from py_client.errors import InvalidInput
from py_client.receipts import load_abi


@dataclass(frozen=True)
class FunctionCodec:
    """Selector and argument/return types of one contract function."""

    name: str
    selector: bytes
    input_types: tuple[str, ...]
    output_types: tuple[str, ...]

    @classmethod
    def of(cls, contract: str, function: str) -> "FunctionCodec":
        """The codec of ``function`` in the shipped ABI of Rantai ``contract``.

        Raises:
            InvalidInput: No such function (or it is overloaded).
        """
        entries = [
            e for e in load_abi(contract) if e.get("type") == "function" and e["name"] == function
        ]
        if len(entries) != 1:
            raise InvalidInput(f"{contract} has no single function {function!r}")
        entry = cast(ABIFunction, entries[0])
        return cls(
            function,
            function_abi_to_4byte_selector(entry),
            tuple(get_abi_input_types(entry)),
            tuple(get_abi_output_types(entry)),
        )

    def encode(self, args: Sequence[Any]) -> bytes:
        """Calldata: the selector and the ABI-encoded ``args``."""
        return self.selector + _tuple_encoder(self.input_types)(list(args))

    def decode(self, data: bytes | str) -> tuple[Any, ...]:
        """The decoded return values of an ``eth_call`` (bytes or ``0x`` hex); addresses are
        checksummed, like everything else the client returns."""
        if isinstance(data, str):
            data = bytes.fromhex(data.removeprefix("0x"))
        words = len(self.output_types)
        if _plain_words(self.output_types) and len(data) >= 32 * words:
            # uint256 and bytes32 take a whole word, no padding to check: eth-abi's result
            # (which ignores bytes after the last word too), ten times faster.
            return tuple(
                int.from_bytes(data[32 * i : 32 * i + 32], "big")
                if t == "uint256"
                else data[32 * i : 32 * i + 32]
                for i, t in enumerate(self.output_types)
            )
        values = decode(list(self.output_types), data)
        return tuple(_checksummed(t, v) for t, v in zip(self.output_types, values, strict=True))


@cache
def _plain_words(types: tuple[str, ...]) -> bool:
    """Whether every type is ``uint256`` or ``bytes32`` (decoded word by word)."""
    return bool(types) and all(t in ("uint256", "bytes32") for t in types)


@cache
def _tuple_encoder(types: tuple[str, ...]) -> Callable[[Any], bytes]:
    """eth-abi's encoder of the tuple ``types`` (what ``eth_abi.encode`` assembles per call)."""
    if not types:  # eth-abi has no encoder for "()"; a call without arguments is the selector
        return _no_arguments
    checked: BaseEncoder = registry.get_encoder("(" + ",".join(types) + ")")
    trusting = _trusting(checked).encode

    def encode(value: Any) -> bytes:
        checked.validate_value(value)  # the whole value, every level (raises EncodingError)
        return trusting(value)

    return encode


def _trusting(encoder: BaseEncoder) -> "_Node":
    """An encoder for values that eth-abi's ``encoder`` validated: the same bytes, without
    checking the value again at every level.

    eth-abi's tuple and array encoders check their whole value, then call their items'
    encoders, which check their part again (an order line four times), and its static
    encoders pad through generic helpers. Here tuples and arrays are laid out directly (head
    words, then the tails of dynamic parts, as the ABI specification says) and the static
    leaves (``uintN``, ``intN``, ``address``, ``bytesN``, ``bool``) write their 32-byte word;
    any other type (``bytes``, ``string``, fixed point) is left to eth-abi's own encoder.
    """
    kind = type(encoder)
    if kind in _WORDS:
        return _Node(False, _WORDS[kind])
    if isinstance(encoder, TupleEncoder):
        parts: tuple[BaseEncoder, ...] = encoder.encoders or ()
        return _tuple_node([_trusting(e) for e in parts])
    if isinstance(encoder, SizedArrayEncoder | DynamicArrayEncoder) and encoder.item_encoder:
        item = _trusting(encoder.item_encoder)
        if isinstance(encoder, SizedArrayEncoder):
            return _Node(item.dynamic, lambda values: _sequence([item] * len(values), values))
        return _Node(
            True, lambda values: _uint_word(len(values)) + _sequence([item] * len(values), values)
        )
    return _Node(bool(getattr(encoder, "is_dynamic", False)), encoder)


@dataclass(frozen=True)
class _Node:
    """How to encode one validated value: whether it is dynamic (a tail behind an offset)."""

    dynamic: bool
    encode: Callable[[Any], bytes]


def _tuple_node(parts: list[_Node]) -> _Node:
    if not any(p.dynamic for p in parts):
        encoders = [p.encode for p in parts]
        return _Node(
            False,
            lambda values: b"".join(e(v) for e, v in zip(encoders, values, strict=True)),
        )
    return _Node(True, lambda values: _sequence(parts, values))


def _sequence(parts: Sequence[_Node], values: Sequence[Any]) -> bytes:
    """The ABI layout of ``values``: a head word per static value or offset, then the tails."""
    heads: list[bytes | None] = []
    tails: list[bytes] = []
    for part, value in zip(parts, values, strict=True):
        if part.dynamic:
            heads.append(None)
            tails.append(part.encode(value))
        else:
            heads.append(part.encode(value))
    offset = sum(32 if h is None else len(h) for h in heads)
    out: list[bytes] = []
    tail = iter(tails)
    for head in heads:
        if head is None:
            out.append(_uint_word(offset))
            offset += len(next(tail))
        else:
            out.append(head)
    return b"".join(out) + b"".join(tails)


def _uint_word(value: int) -> bytes:
    return value.to_bytes(32, "big")


def _int_word(value: int) -> bytes:
    return value.to_bytes(32, "big", signed=True)


def _address_word(value: Any) -> bytes:
    return bytes(12) + to_canonical_address(value)


def _bytes_word(value: bytes) -> bytes:
    return bytes(value).ljust(32, b"\0")


def _bool_word(value: bool) -> bytes:
    return bytes(31) + (b"\1" if value else b"\0")


_WORDS: dict[type, Callable[[Any], bytes]] = {
    UnsignedIntegerEncoder: _uint_word,
    SignedIntegerEncoder: _int_word,
    AddressEncoder: _address_word,
    BytesEncoder: _bytes_word,
    BooleanEncoder: _bool_word,
}


def _no_arguments(args: Any) -> bytes:
    if list(args):
        raise InvalidInput(f"this function takes no arguments, got {len(list(args))}")
    return b""


def _checksummed(abi_type: str, value: Any) -> Any:
    """``value`` of ``abi_type`` with every address in it checksummed."""
    if abi_type == "address":
        return to_checksum_address(value)
    if abi_type.endswith("]"):
        inner = abi_type[: abi_type.rindex("[")]
        return tuple(_checksummed(inner, v) for v in value)
    if abi_type.startswith("("):
        return tuple(_checksummed(t, v) for t, v in zip(_split(abi_type[1:-1]), value, strict=True))
    return value


def _split(types: str) -> list[str]:
    """The top-level components of a tuple type's inside: ``"a,(b,c),d"`` -> 3 parts."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(types):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(types[start:index])
            start = index + 1
    parts.append(types[start:])
    return [p for p in parts if p]


def event_topic(contract: str, event: str) -> str:
    """The first topic (``0x`` hex) of ``event`` in the shipped ABI of ``contract``.

    Raises:
        InvalidInput: No such event.
    """
    for entry in load_abi(contract):
        if entry.get("type") == "event" and entry["name"] == event:
            return "0x" + event_abi_to_log_topic(cast(ABIEvent, entry)).hex()
    raise InvalidInput(f"{contract} has no event {event!r}")


__all__ = ["FunctionCodec", "event_topic"]

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
    >>> contract, address, name, args = decoder.decode(log)
    >>> contract, name, args["orgId"], args["account"][:10]
    ('Registry', 'AccountAdded', 10, '0x22222222')
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from eth_abi.abi import decode as abi_decode
from eth_abi.exceptions import DecodingError
from eth_utils.abi import event_abi_to_log_topic

from py_client.receipts import CONTRACT_NAMES, load_abi

Word = str  # one 32-byte ABI word as 64 hex digits, as the node sends it (no 0x)
WordDecoder = Callable[[Word], Any]
SIGN_BIT = 1 << 255
WORD_RANGE = 1 << 256
ArgsDecoder = Callable[[Sequence[str], str], dict[str, Any]]  # (hex topics, hex data) → args
DECODE_ERRORS = (ValueError, TypeError, IndexError, DecodingError)  # what a malformed log raises


def _uint(word: Word) -> int:
    return int(word, 16)


def _int(word: Word) -> int:
    value = int(word, 16)
    return value - WORD_RANGE if value & SIGN_BIT else value


def _address(word: Word) -> str:
    return "0x" + word[24:].lower()


def _bool(word: Word) -> bool:
    return int(word, 16) != 0


def _fixed_bytes(size: int) -> WordDecoder:
    def decode(word: Word) -> str:
        return "0x" + word[: 2 * size].lower()

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
        return _fixed_bytes_cached(int(abi_type[5:]))
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


# ------------------------------------------------------------------ dynamic data, compiled
# Events with strings, arrays or structs: a decoder per ABI parameter, compiled once, reading
# the data as bytes (head words, offsets, lengths) into the same values as eth_abi followed by
# plain_value. Offsets and lengths are checked against the data; a short or inconsistent
# encoding raises ValueError (the decoder turns it into UnknownLog).

BytesDecoder = Callable[[bytes, int], Any]  # (data, position of this value's encoding)


def _read_word(data: bytes, position: int) -> int:
    if position < 0 or position + 32 > len(data):
        raise ValueError(f"word at {position} past the end of {len(data)} bytes of data")
    return int.from_bytes(data[position : position + 32], "big")


def _static_bytes_decoder(abi_type: str) -> BytesDecoder | None:
    """A decoder of one static elementary word from bytes, or ``None``."""
    if abi_type.startswith("uint"):
        return _read_word
    if abi_type.startswith("int"):

        def signed(data: bytes, position: int) -> int:
            value = _read_word(data, position)
            return value - WORD_RANGE if value & SIGN_BIT else value

        return signed
    if abi_type == "address":

        def address(data: bytes, position: int) -> str:
            _read_word(data, position)
            return "0x" + data[position + 12 : position + 32].hex()

        return address
    if abi_type == "bool":
        return lambda data, position: _read_word(data, position) != 0
    if abi_type.startswith("bytes") and abi_type != "bytes":
        size = int(abi_type[5:])

        def fixed(data: bytes, position: int) -> str:
            _read_word(data, position)
            return "0x" + data[position : position + size].hex()

        return fixed
    return None


@dataclass(frozen=True)
class _Compiled:
    decode: BytesDecoder
    dynamic: bool
    head_words: int  # words the value takes in its parent's head (1 when dynamic)


def _compile(param: Mapping[str, Any]) -> _Compiled:
    """The decoder of ABI parameter ``param`` (any type events of the Rantai ABIs use)."""
    abi_type = str(param["type"])
    if abi_type.endswith("]"):
        inner = {**param, "type": abi_type[: abi_type.rindex("[")]}
        size = abi_type[abi_type.rindex("[") + 1 : -1]
        element = _compile(inner)
        if size == "":

            def dynamic_array(data: bytes, position: int) -> list[Any]:
                length = _read_word(data, position)
                if length > len(data) // 32:
                    raise ValueError(f"array length {length} exceeds the data")
                return _sequence(element, length, data, position + 32)

            return _Compiled(dynamic_array, True, 1)
        count = int(size)

        def fixed_array(data: bytes, position: int) -> list[Any]:
            return _sequence(element, count, data, position)

        if element.dynamic:
            return _Compiled(fixed_array, True, 1)
        return _Compiled(fixed_array, False, count * element.head_words)
    if abi_type == "tuple":
        names = [str(c["name"]) for c in param["components"]]
        parts = [_compile(c) for c in param["components"]]

        def record(data: bytes, position: int) -> dict[str, Any]:
            return dict(zip(names, _fields(parts, data, position), strict=True))

        dynamic = any(p.dynamic for p in parts)
        return _Compiled(record, dynamic, 1 if dynamic else sum(p.head_words for p in parts))
    if abi_type in ("bytes", "string"):
        text = abi_type == "string"

        def blob(data: bytes, position: int) -> Any:
            length = _read_word(data, position)
            if position + 32 + length > len(data):
                raise ValueError(f"{abi_type} of {length} bytes past the end of the data")
            raw = data[position + 32 : position + 32 + length]
            return raw.decode("utf-8") if text else "0x" + raw.hex()

        return _Compiled(blob, True, 1)
    word = _static_bytes_decoder(abi_type)
    if word is None:
        raise ValueError(f"unsupported ABI type {abi_type}")
    return _Compiled(word, False, 1)


def _fields(parts: Sequence[_Compiled], data: bytes, base: int) -> list[Any]:
    """The values of a tuple encoded at ``base`` (heads, then dynamic tails by offset)."""
    values = []
    head = base
    for part in parts:
        if part.dynamic:
            values.append(part.decode(data, base + _read_word(data, head)))
        else:
            values.append(part.decode(data, head))
        head += 32 * part.head_words
    return values


def _sequence(element: _Compiled, count: int, data: bytes, base: int) -> list[Any]:
    return _fields([element] * count, data, base)


def compile_data_decoder(params: Sequence[Mapping[str, Any]]) -> Callable[[bytes], list[Any]]:
    """A decoder of the non-indexed data of an event with these ABI parameters: Python source
    generated for these types (words read inline, one bounds check per head, loops only for
    arrays) and compiled once; the same values and checks as the per-parameter decoders."""
    parts = [_compile(p) for p in params]  # ValueError for a type it lacks
    source = _DataSource()
    head = sum(part.head_words for part in parts)
    result = source.record(list(params), parts, "0", head, 1)
    source.line(1, f"return [{', '.join(result)}]")
    namespace: dict[str, Any] = {"_read_word": _read_word, "_signed": _signed}
    text = "def decode(d):\n    n = len(d)\n" + "\n".join(source.lines) + "\n"
    exec(compile(text, "<data decoder>", "exec"), namespace)  # noqa: S102 (source generated from ABI types)
    decode: Callable[[bytes], list[Any]] = namespace["decode"]
    return decode


class _DataSource:
    """Python source that decodes ABI data held in ``d`` (``n`` its length)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._names = 0

    def line(self, indent: int, text: str) -> None:
        self.lines.append("    " * indent + text)

    def name(self) -> str:
        self._names += 1
        return f"v{self._names}"

    def record(
        self,
        params: Sequence[Mapping[str, Any]],
        parts: Sequence[_Compiled],
        base: str,
        head_words: int,
        indent: int,
    ) -> list[str]:
        """The expressions of the values of a tuple encoded at ``base`` (heads, then tails)."""
        self.line(indent, f"if {base} + {32 * head_words} > n:")
        self.line(
            indent + 1,
            f"raise ValueError(f'head of {head_words} words at {{{base}}} "
            "past the end of {n} bytes of data')",
        )
        values = []
        offset = 0
        for param, part in zip(params, parts, strict=True):
            position = f"{base} + {offset}" if offset else base
            if part.dynamic:
                tail = self.name()
                self.line(indent, f"{tail} = {base} + _read_word(d, {position})")
                values.append(self.value(param, part, tail, indent))
            else:
                values.append(self.value(param, part, position, indent))
            offset += 32 * part.head_words
        return values

    def value(self, param: Mapping[str, Any], part: _Compiled, at: str, indent: int) -> str:
        """An expression (or a variable assigned here) of one value encoded at ``at``."""
        abi_type = str(param["type"])
        word = f"d[{at}:{at} + 32]"
        if abi_type.endswith("]"):
            return self.array(param, abi_type, at, indent)
        if abi_type == "tuple":
            components = list(param["components"])
            inner = [_compile(c) for c in components]
            head = sum(c.head_words for c in inner)
            base = self.name()
            self.line(indent, f"{base} = {at}")
            values = self.record(components, inner, base, head, indent)
            pairs = ", ".join(
                f"{str(c['name'])!r}: {v}" for c, v in zip(components, values, strict=True)
            )
            return "{" + pairs + "}"
        if abi_type in ("bytes", "string"):
            length, target = self.name(), self.name()
            self.line(indent, f"{length} = _read_word(d, {at})")
            self.line(indent, f"if {at} + 32 + {length} > n:")
            self.line(
                indent + 1,
                f"raise ValueError(f'{abi_type} of {{{length}}} bytes past the end of the data')",
            )
            raw = f"d[{at} + 32:{at} + 32 + {length}]"
            text = f"{raw}.decode('utf-8')" if abi_type == "string" else f"'0x' + {raw}.hex()"
            self.line(indent, f"{target} = {text}")
            return target
        if abi_type.startswith("uint"):
            return f"int.from_bytes({word}, 'big')"
        if abi_type.startswith("int"):
            return f"_signed(int.from_bytes({word}, 'big'))"
        if abi_type == "address":
            return f"'0x' + d[{at} + 12:{at} + 32].hex()"
        if abi_type == "bool":
            return f"int.from_bytes({word}, 'big') != 0"
        size = int(abi_type[5:])  # bytesN (_compile refused anything else)
        return f"'0x' + d[{at}:{at} + {size}].hex()"

    def array(self, param: Mapping[str, Any], abi_type: str, at: str, indent: int) -> str:
        element_param = {**param, "type": abi_type[: abi_type.rindex("[")]}
        element = _compile(element_param)
        size = abi_type[abi_type.rindex("[") + 1 : -1]
        count, base, items, index = self.name(), self.name(), self.name(), self.name()
        if size == "":
            self.line(indent, f"{count} = _read_word(d, {at})")
            self.line(indent, f"if {count} > n // 32:")
            self.line(indent + 1, f"raise ValueError(f'array length {{{count}}} exceeds the data')")
            self.line(indent, f"{base} = {at} + 32")
        else:
            self.line(indent, f"{count} = {int(size)}")
            self.line(indent, f"{base} = {at}")
        self.line(indent, f"{items} = []")
        self.line(indent, f"for {index} in range({count}):")
        slot = f"{base} + {32 * element.head_words} * {index}"
        if element.dynamic:
            position = self.name()
            self.line(indent + 1, f"if {slot} + 32 > n:")
            self.line(indent + 2, "raise ValueError('array head past the end of the data')")
            self.line(indent + 1, f"{position} = {base} + _read_word(d, {slot})")
        else:
            position = self.name()
            self.line(indent + 1, f"{position} = {slot}")
            if element_param["type"] != "tuple" and not str(element_param["type"]).endswith("]"):
                self.line(indent + 1, f"if {position} + 32 > n:")
                self.line(indent + 2, "raise ValueError('array element past the end of the data')")
        value = self.value(element_param, element, position, indent + 1)
        self.line(indent + 1, f"{items}.append({value})")
        return items


@dataclass(frozen=True)
class EventSpec:
    """How to decode one event of one contract."""

    contract: str
    name: str
    topic_names: tuple[str, ...]
    topic_decoders: tuple[WordDecoder, ...]
    data_params: tuple[Mapping[str, Any], ...]
    data_types: tuple[str, ...]
    data_names: tuple[str, ...]
    word_decoders: tuple[WordDecoder, ...] | None  # all static elementary: one word each
    data_decoder: Callable[[bytes], list[Any]] | None = None  # the others (compiled)
    # Derived once (decode runs per log): (name, decoder, topic index) and, for static data,
    # (name, decoder, start, end) of each word in the 0x-prefixed data string.
    _topic_fields: tuple[tuple[str, WordDecoder, int], ...] = field(
        init=False, repr=False, compare=False
    )
    _word_fields: tuple[tuple[str, WordDecoder, int, int], ...] | None = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        topics = tuple(
            zip(
                self.topic_names,
                self.topic_decoders,
                range(1, len(self.topic_names) + 1),
                strict=True,
            )
        )
        object.__setattr__(self, "_topic_fields", topics)
        words = None
        if self.word_decoders is not None:
            words = tuple(
                (name, decode, 2 + 64 * i, 66 + 64 * i)
                for i, (name, decode) in enumerate(
                    zip(self.data_names, self.word_decoders, strict=True)
                )
            )
        object.__setattr__(self, "_word_fields", words)

    @classmethod
    def from_abi(cls, contract: str, item: Mapping[str, Any]) -> "EventSpec":
        """The spec of ABI event ``item`` of ``contract``."""
        indexed = [p for p in item["inputs"] if p.get("indexed")]
        data = [p for p in item["inputs"] if not p.get("indexed")]
        topic_decoders = []
        for p in indexed:
            decoder = _word_decoder(str(p["type"]))
            # A dynamic indexed value is only its keccak256: keep the topic as hex.
            topic_decoders.append(decoder or _fixed_bytes_cached(32))
        word_decoders = [_word_decoder(str(p["type"])) for p in data]
        static = all(d is not None for d in word_decoders)
        return cls(
            contract=contract,
            name=str(item["name"]),
            topic_names=tuple(str(p["name"]) for p in indexed),
            topic_decoders=tuple(topic_decoders),
            data_params=tuple(data),
            data_types=tuple(abi_type_string(p) for p in data),
            data_names=tuple(str(p["name"]) for p in data),
            word_decoders=tuple(d for d in word_decoders if d is not None) if static else None,
            data_decoder=None if static else _compiled_or_none(data),
        )

    def compiled(self) -> Callable[[Sequence[str], str], dict[str, Any]]:
        """:meth:`decode` as one function generated for this event: a single dict display of
        ``int(…, 16)`` and slices of the hex strings for the topics and static data (no call
        per field, no loop), the compiled data decoder's values for dynamic data; where eth_abi
        decodes the data, :meth:`decode` itself."""
        if self._word_fields is None and self.data_decoder is None:
            return self.decode  # eth_abi
        return _generated(self)

    def decode(self, topics: Sequence[str], data: str) -> dict[str, Any]:
        """The arguments of a log with hex ``topics`` (topic0 included) and hex ``data``."""
        if len(topics) != len(self._topic_fields) + 1:
            raise ValueError(f"{len(topics)} topics, {len(self.topic_names) + 1} expected")
        args: dict[str, Any] = {}
        for name, decode, index in self._topic_fields:
            args[name] = decode(topics[index][2:])
        words = self._word_fields
        if words is not None:
            if len(data) < 2 + 64 * len(words):
                raise ValueError(f"data too short for {len(words)} words: {data}")
            for name, decode, start, end in words:
                args[name] = decode(data[start:end])
        elif self.data_decoder is not None:
            args.update(
                zip(self.data_names, self.data_decoder(bytes.fromhex(data[2:])), strict=True)
            )
        else:
            decoded = abi_decode(list(self.data_types), bytes.fromhex(data[2:]))
            for param, value in zip(self.data_params, decoded, strict=True):
                args[str(param["name"])] = plain_value(param, value)
        return args


# ------------------------------------------------------------------ static data, generated
# One Python function per event with static data, generated from its ABI and compiled once: the
# same values as EventSpec.decode (same checks: the topic count, the data length), read from
# the 0x-prefixed hex strings (int(x, 16) accepts the prefix of a topic).

_FIELD_SOURCE: dict[WordDecoder, str] = {
    _uint: "int({word}, 16)",
    _int: "_signed(int({word}, 16))",
    _address: '"0x" + {tail}.lower()',
    _bool: "int({word}, 16) != 0",
}


def _signed(value: int) -> int:
    return value - WORD_RANGE if value & SIGN_BIT else value


def _field_source(decode: WordDecoder, text: str, start: int) -> str:
    """The expression of one word of ``text`` (a topic or the data) starting at ``start``."""
    word = f"{text}[{start}:{start + 64}]"
    template = _FIELD_SOURCE.get(decode)
    if template is not None:
        return template.format(word=word, tail=f"{text}[{start + 24}:{start + 64}]")
    size = _FIXED_SIZES[decode]  # a bytesN decoder
    return f'"0x" + {text}[{start}:{start + 2 * size}].lower()'


_FIXED_SIZES: dict[WordDecoder, int] = {}


def _fixed_bytes_cached(size: int) -> WordDecoder:
    """:func:`_fixed_bytes`, one function per size (so that it can be recognised)."""
    for decode, known in _FIXED_SIZES.items():
        if known == size:
            return decode
    decode = _fixed_bytes(size)
    _FIXED_SIZES[decode] = size
    return decode


def _generated(spec: "EventSpec") -> Callable[[Sequence[str], str], dict[str, Any]]:
    words = spec._word_fields or ()
    fields = [
        f"{name!r}: {_field_source(decode, f'topics[{index}]', 2)}"
        for name, decode, index in spec._topic_fields
    ]
    topics, size = len(spec._topic_fields) + 1, 2 + 64 * len(words)
    source = (
        "def decode(topics, data):\n"
        f"    if len(topics) != {topics}:\n"
        f"        raise ValueError(f'{{len(topics)}} topics, {topics} expected')\n"
    )
    if spec._word_fields is None:  # dynamic data: the compiled data decoder's values
        source += "    values = _data(bytes.fromhex(data[2:]))\n"
        fields += [f"{name!r}: values[{i}]" for i, name in enumerate(spec.data_names)]
    else:
        source += (
            f"    if len(data) < {size}:\n"
            f"        raise ValueError(f'data too short for {len(words)} words: {{data}}')\n"
        )
        fields += [
            f"{name!r}: {_field_source(decode, 'data', start)}" for name, decode, start, _ in words
        ]
    source += f"    return {{{', '.join(fields)}}}\n"
    namespace: dict[str, Any] = {"_signed": _signed, "_data": spec.data_decoder}
    exec(compile(source, f"<decoder of {spec.contract}.{spec.name}>", "exec"), namespace)  # noqa: S102 (source generated from the ABI's types and names)
    decode: Callable[[Sequence[str], str], dict[str, Any]] = namespace["decode"]
    return decode


def _compiled_or_none(params: Sequence[Mapping[str, Any]]) -> Callable[[bytes], list[Any]] | None:
    """The compiled decoder of ``params``, or ``None`` (eth_abi then) for a type it lacks."""
    try:
        return compile_data_decoder(params)
    except ValueError:
        return None


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

    def routes(self) -> dict[tuple[str, str], tuple[str, str, str, ArgsDecoder]]:
        """``(address, topic0)`` → ``(contract, address, event name, decode)`` for every event
        of every deployed contract (lowercase hex, as nodes send them): one look-up per log.
        ``decode(topics, data)`` is the event's generated decoder (:meth:`EventSpec.compiled`);
        it raises ``ValueError`` (or ``TypeError``, ``IndexError``, ``DecodingError``) for a log
        that does not match the ABI."""
        table: dict[tuple[str, str], tuple[str, str, str, ArgsDecoder]] = {}
        for address, contract in self.contract_of.items():
            for (owner, topic), spec in self._specs.items():
                if owner == contract:
                    table[(address, topic)] = (contract, address, spec.name, spec.compiled())
        return table

    def topic(self, contract: str, event: str) -> str:
        """topic0 (``0x`` hex) of ``event`` of ``contract``."""
        return self._topics[(contract, event)]

    def decode(self, log: Mapping[str, Any]) -> tuple[str, str, str, dict[str, Any]]:
        """``(contract, address, event name, arguments)`` of a raw JSON-RPC log (the address
        lowercase).

        Raises:
            UnknownLog: The address is not a Rantai contract, the topic is unknown, or the log
                does not match the event's ABI.
        """
        address = log["address"]
        contract = self.contract_of.get(address)  # nodes send lowercase hex: lower on a miss
        if contract is None:
            address = str(address).lower()
            contract = self.contract_of.get(address)
        topics: list[str] = log["topics"]
        if contract is None or not topics:
            raise UnknownLog(f"log of {address} is not a Rantai event")
        spec = self._specs.get((contract, topics[0])) or self._specs.get(
            (contract, topics[0].lower())
        )
        if spec is None:
            raise UnknownLog(f"{contract} declares no event with topic {topics[0]}")
        try:
            return contract, address, spec.name, spec.decode(topics, str(log["data"]))
        except DECODE_ERRORS as err:
            raise UnknownLog(f"{contract}.{spec.name} log does not decode: {err}") from err

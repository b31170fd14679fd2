"""FunctionCodec's calldata is eth-abi's, byte for byte, and refuses what eth-abi refuses;
its decoded return values are eth-abi's too.

The codec validates a value once with eth-abi and lays it out itself (py_client/bulk/codec.py):
every function of every shipped Rantai ABI is encoded with random arguments and compared with
``eth_abi.encode``, plus the ABI shapes the contracts do not use yet (int, sized arrays, nested
dynamic arrays, strings inside arrays, fixed point).
"""

import random
from typing import Any

import pytest
from eth_abi import decode as eth_abi_decode
from eth_abi import encode as eth_abi_encode
from eth_abi.exceptions import DecodingError, EncodingError
from eth_abi.grammar import BasicType, TupleType, parse
from eth_utils.address import to_checksum_address

from py_client.bulk.codec import FunctionCodec, _checksummed, _tuple_encoder
from py_client.ops.system import RANTAI
from py_client.receipts import load_abi

SUPPLIER = "0x90F79bf6EB2c4f870365E785982E1f101E93b906"


def _value(abi_type: Any, rnd: random.Random) -> Any:
    """A random valid value of a parsed ABI type (lengths 0 to 3, bounds included)."""
    if abi_type.arrlist:
        item = abi_type.item_type
        dimension = abi_type.arrlist[-1]
        length = dimension[0] if dimension else rnd.randint(0, 3)
        return [_value(item, rnd) for _ in range(length)]
    if isinstance(abi_type, TupleType):
        return tuple(_value(c, rnd) for c in abi_type.components)
    assert isinstance(abi_type, BasicType)
    base, sub = abi_type.base, abi_type.sub
    if base == "uint":
        return rnd.choice([0, 1, 2**sub - 1, rnd.randrange(2**sub)])
    if base == "int":
        return rnd.choice([-(2 ** (sub - 1)), -1, 0, 2 ** (sub - 1) - 1])
    if base == "address":
        raw = rnd.randbytes(20)
        return rnd.choice([raw, to_checksum_address(raw), "0x" + raw.hex()])
    if base == "bool":
        return rnd.choice([True, False])
    if base == "bytes" and sub is not None:
        return rnd.randbytes(rnd.randint(0, sub))  # shorter values are padded
    if base == "bytes":
        return rnd.randbytes(rnd.randint(0, 70))
    if base == "string":
        return rnd.choice(["", "Beras medium", "ü" * 40])
    raise AssertionError(f"no generator for {abi_type.to_type_str()}")


def _functions() -> list[tuple[str, str, tuple[str, ...]]]:
    found = []
    for contract in RANTAI:
        names = [e["name"] for e in load_abi(contract) if e.get("type") == "function"]
        for name in sorted(n for n in set(names) if names.count(n) == 1):
            codec = FunctionCodec.of(contract, name)
            if codec.input_types:
                found.append((contract, name, codec.input_types))
    return found


@pytest.mark.parametrize(("contract", "function", "types"), _functions())
def test_every_rantai_function_encodes_as_eth_abi(
    contract: str, function: str, types: tuple[str, ...]
) -> None:
    codec = FunctionCodec.of(contract, function)
    rnd = random.Random(f"{contract}.{function}")  # noqa: S311 (test data)
    for _ in range(20):
        args = [_value(parse(t), rnd) for t in types]
        assert codec.encode(args) == codec.selector + eth_abi_encode(list(types), args)


OTHER_SHAPES = [
    ("int8", "int256", "bool"),
    ("uint8[3]", "(uint16,address)[2]"),
    ("bytes32[][]", "(uint64,bytes)[]"),
    ("string[]", "(string,(bytes,uint8[])[])"),
    ("bytes", "string", "bytes1", "bytes31"),
    ("(uint256,(bool,bytes)[2])[]",),
]


@pytest.mark.parametrize("types", OTHER_SHAPES)
def test_other_abi_shapes_encode_as_eth_abi(types: tuple[str, ...]) -> None:
    rnd = random.Random(",".join(types))  # noqa: S311 (test data)
    encode = _tuple_encoder(types)
    for _ in range(30):
        args = [_value(parse(t), rnd) for t in types]
        assert encode(args) == eth_abi_encode(list(types), args)


def test_fixed_point_is_left_to_eth_abi() -> None:
    from decimal import Decimal

    types = ("fixed128x18", "(ufixed32x2[],uint8)")
    args = [Decimal("-1.5"), ([Decimal("3.25")], 7)]
    assert _tuple_encoder(types)(args) == eth_abi_encode(list(types), args)


LINE = (b"\x11" * 32, 10, 650_000, b"sack".ljust(16, b"\0"), b"ID", 0)


@pytest.mark.parametrize(
    "args",
    [
        [SUPPLIER, 70_000, [LINE], 1, 1, bytes(32)],  # uint16 overflows
        [SUPPLIER, 2026, [(*LINE[:1], -1, *LINE[2:])], 1, 1, bytes(32)],  # negative, nested
        [SUPPLIER, 2026, [(*LINE[:3], b"x" * 17, *LINE[4:])], 1, 1, bytes(32)],  # bytes16 too long
        [SUPPLIER, 2026, [LINE[:5]], 1, 1, bytes(32)],  # a line with a field missing
        ["0x1234", 2026, [LINE], 1, 1, bytes(32)],  # not an address
        [bytes(19), 2026, [LINE], 1, 1, bytes(32)],  # 19 bytes are not an address
        [SUPPLIER, True, [LINE], 1, 1, bytes(32)],  # a bool is not an integer
        [SUPPLIER, 2026, [LINE], 1, 1, "0x" + "00" * 32],  # hex text is not bytes32
        [SUPPLIER, 2026, [LINE], 1, 1],  # an argument missing
    ],
)
def test_invalid_values_are_refused_as_eth_abi_refuses_them(args: list[Any]) -> None:
    codec = FunctionCodec.of("OrderEscrow", "createDirectOrder")
    with pytest.raises(EncodingError):
        eth_abi_encode(list(codec.input_types), args)
    with pytest.raises(EncodingError):
        codec.encode(args)


def _outputs() -> list[tuple[str, str]]:
    found = []
    for contract in RANTAI:
        names = [e["name"] for e in load_abi(contract) if e.get("type") == "function"]
        for name in sorted(n for n in set(names) if names.count(n) == 1):
            if FunctionCodec.of(contract, name).output_types:
                found.append((contract, name))
    return found


@pytest.mark.parametrize(("contract", "function"), _outputs())
def test_every_rantai_return_value_decodes_as_eth_abi(contract: str, function: str) -> None:
    codec = FunctionCodec.of(contract, function)
    rnd = random.Random(f"{contract}.{function} out")  # noqa: S311 (test data)
    for _ in range(10):
        values = [_value(parse(t), rnd) for t in codec.output_types]
        data = eth_abi_encode(list(codec.output_types), values)
        expected = eth_abi_decode(list(codec.output_types), data)
        decoded = codec.decode("0x" + data.hex())
        assert decoded == tuple(
            _checksummed(t, v) for t, v in zip(codec.output_types, expected, strict=True)
        )
        assert codec.decode(data + b"\x07" * 32) == decoded  # trailing bytes are ignored


@pytest.mark.parametrize("short", [b"", b"\x01" * 31, b"\x01" * 63])
@pytest.mark.parametrize("types", [("uint256",), ("uint256", "bytes32")])
def test_short_return_data_is_left_to_eth_abi(short: bytes, types: tuple[str, ...]) -> None:
    """Fewer bytes than words go to eth-abi, which refuses them (under Ape's plugin, which
    patches eth-abi's stream reading, it pads them): the codec does what eth-abi does."""
    codec = FunctionCodec("f", b"", (), types)
    try:
        expected: Any = eth_abi_decode(list(types), short)
    except DecodingError as error:
        with pytest.raises(type(error)):
            codec.decode(short)
    else:
        assert codec.decode(short) == tuple(expected)

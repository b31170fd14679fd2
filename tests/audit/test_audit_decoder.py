"""The audit decoder's compiled decoding of dynamic event data matches eth_abi's, value for value.

Every event of the Rantai ABIs with strings, arrays or structs in its data is encoded with
eth_abi from generated values and decoded both ways: the compiled decoder
(:func:`py_client.audit.decoder.compile_data_decoder`) and eth_abi followed by ``plain_value``.
Short or inconsistent data is refused as :class:`UnknownLog`.
"""

import random
from typing import Any

import pytest
from eth_abi.abi import decode, encode
from eth_utils.address import to_checksum_address

from py_client.audit.decoder import (
    EventSpec,
    LogDecoder,
    UnknownLog,
    abi_type_string,
    compile_data_decoder,
    plain_value,
)
from py_client.audit.sync import ARGS_JSON, encode_args
from py_client.receipts import CONTRACT_NAMES, load_abi


def _value(param: dict[str, Any], rng: random.Random) -> Any:
    abi_type = str(param["type"])
    if abi_type.endswith("]"):
        inner = {**param, "type": abi_type[: abi_type.rindex("[")]}
        size = abi_type[abi_type.rindex("[") + 1 : -1]
        count = int(size) if size else rng.randint(0, 3)
        return [_value(inner, rng) for _ in range(count)]
    if abi_type == "tuple":
        return tuple(_value(c, rng) for c in param["components"])
    if abi_type.startswith("uint"):
        return rng.randrange(2 ** int(abi_type[4:] or 256))
    if abi_type.startswith("int"):
        bits = int(abi_type[3:] or 256)
        return rng.randrange(-(2 ** (bits - 1)), 2 ** (bits - 1))
    if abi_type == "address":
        return to_checksum_address(rng.randbytes(20))
    if abi_type == "bool":
        return rng.random() < 0.5
    if abi_type == "string":
        return "Pengadaan ü " * rng.randint(0, 5)
    if abi_type == "bytes":
        return rng.randbytes(rng.randint(0, 70))
    return rng.randbytes(int(abi_type[5:]))


def _dynamic_events() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for contract in CONTRACT_NAMES:
        for item in load_abi(contract):
            if item.get("type") != "event" or item.get("anonymous"):
                continue
            spec = EventSpec.from_abi(contract, item)
            if spec.word_decoders is None:
                found.append((contract, item))
    return found


DYNAMIC = _dynamic_events()


def test_rantai_abis_have_events_with_dynamic_data() -> None:
    assert len(DYNAMIC) >= 5


@pytest.mark.parametrize(("contract", "item"), DYNAMIC, ids=[i["name"] for _, i in DYNAMIC])
def test_compiled_decoder_matches_eth_abi(contract: str, item: dict[str, Any]) -> None:
    data_params = [p for p in item["inputs"] if not p.get("indexed")]
    types = [abi_type_string(p) for p in data_params]
    compiled = compile_data_decoder(data_params)
    rng = random.Random(f"{contract}.{item['name']}")  # noqa: S311 (test data)
    for _ in range(20):
        data = encode(types, [_value(p, rng) for p in data_params])
        expected = [
            plain_value(p, v) for p, v in zip(data_params, decode(types, data), strict=True)
        ]
        assert compiled(data) == expected


def test_truncated_dynamic_data_is_an_unknown_log() -> None:
    decoder = LogDecoder({"Tendering": "0x" + "11" * 20})
    item = next(i for c, i in DYNAMIC if c == "Tendering" and i["name"] == "TenderOpened")
    data_params = [p for p in item["inputs"] if not p.get("indexed")]
    rng = random.Random(1)  # noqa: S311 (test data)
    data = encode([abi_type_string(p) for p in data_params], [_value(p, rng) for p in data_params])
    topics = [decoder.topic("Tendering", "TenderOpened")] + [
        "0x" + "00" * 31 + "01" for p in item["inputs"] if p.get("indexed")
    ]
    log = {"address": "0x" + "11" * 20, "topics": topics, "data": "0x" + data[:-40].hex()}
    with pytest.raises(UnknownLog, match="does not decode"):
        decoder.decode(log)


def _static_events() -> list[tuple[str, dict[str, Any]]]:
    return [
        (contract, item)
        for contract in CONTRACT_NAMES
        for item in load_abi(contract)
        if item.get("type") == "event"
        and not item.get("anonymous")
        and EventSpec.from_abi(contract, item).word_decoders is not None
    ]


STATIC = _static_events()


@pytest.mark.parametrize(("contract", "item"), STATIC, ids=[i["name"] for _, i in STATIC])
def test_generated_static_decoder_matches_the_word_decoder(
    contract: str, item: dict[str, Any]
) -> None:
    spec = EventSpec.from_abi(contract, item)
    generated = spec.compiled()
    assert generated != spec.decode
    rng = random.Random(f"{contract}.{item['name']}")  # noqa: S311 (test data)
    words = len(spec.data_names)
    for _ in range(20):
        topics = ["0x" + rng.randbytes(32).hex().upper() for _ in range(len(spec.topic_names) + 1)]
        data = "0x" + rng.randbytes(32 * words).hex()
        assert generated(topics, data) == spec.decode(topics, data)
    with pytest.raises(ValueError, match="topics"):
        generated(topics[:-1], data)
    if words:
        with pytest.raises(ValueError, match="data too short"):
            generated(topics, data[:-2])


def test_route_table_covers_every_event_of_every_address() -> None:
    addresses = {name: "0x" + f"{i + 1:02x}" * 20 for i, name in enumerate(CONTRACT_NAMES)}
    decoder = LogDecoder(addresses)
    routes = decoder.routes()
    for contract, address in addresses.items():
        for item in load_abi(contract):
            if item.get("type") == "event" and not item.get("anonymous"):
                topic = decoder.topic(contract, str(item["name"]))
                assert routes[(address, topic)][:3] == (contract, address, item["name"])


@pytest.mark.parametrize(
    "args",
    [
        {"ocid": "ocds-1", "n": 2**255, "neg": -(2**70), "ok": True, "none": None},
        {"uri": "ipfs://Pengadaan ü", "lines": [{"a": 1}, {"b": "x\u007fy"}]},
        {"text": 'quote " back \\ tab \t nl \n ctl \x01'},
    ],
)
def test_events_args_text_is_the_json_modules(args: dict[str, Any]) -> None:
    assert encode_args(args) == ARGS_JSON.encode(args)


@pytest.mark.parametrize(("contract", "item"), DYNAMIC, ids=[i["name"] for _, i in DYNAMIC])
def test_generated_dynamic_event_decoder_matches_the_spec(
    contract: str, item: dict[str, Any]
) -> None:
    spec = EventSpec.from_abi(contract, item)
    generated = spec.compiled()
    data_params = [p for p in item["inputs"] if not p.get("indexed")]
    rng = random.Random(f"event {contract}.{item['name']}")  # noqa: S311 (test data)
    for _ in range(10):
        topics = ["0x" + rng.randbytes(32).hex() for _ in range(len(spec.topic_names) + 1)]
        values = [_value(p, rng) for p in data_params]
        data = "0x" + encode(list(spec.data_types), values).hex()
        assert list(generated(topics, data)) == [*spec.topic_names, *spec.data_names]
        assert generated(topics, data) == spec.decode(topics, data)

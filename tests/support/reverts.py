"""Strict revert assertions shared by the contract tests.

`ape.reverts(error, **inputs)` passes vacuously in two cases: a misspelt input name is ignored,
and a revert Ape could not decode (every `eth_call`) is accepted. These helpers fail instead.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import ape
from ape.exceptions import ContractLogicError, CustomError
from eth_abi import decode
from eth_utils import function_signature_to_4byte_selector, keccak, to_checksum_address
from web3.exceptions import ContractCustomError


@contextmanager
def reverts_with(error: Any, **inputs: Any) -> Iterator[None]:
    """Asserts that the block reverts with exactly the custom error `error` and these inputs.

    Stricter than `ape.reverts`: it fails when the revert is another error or not a custom error,
    and when an expected input name does not exist on the error. It also decodes the reverts of
    calls (`eth_call`) that anvil reports as hex text, which Ape leaves undecoded.
    """
    with ape.reverts() as info:
        yield
    actual = _custom_error_inputs(error, info.value)
    unknown = set(inputs) - set(actual)
    assert not unknown, f"{error.__name__} has no inputs {sorted(unknown)}"
    for name, expected in inputs.items():
        assert actual[name] == _normalised(expected), (
            f"{error.__name__}.{name}: expected {expected!r}, got {actual[name]!r}"
        )


def _custom_error_inputs(error: Any, raised: ContractLogicError) -> dict[str, Any]:
    """The inputs of `raised`, which must be the custom error `error`, normalised by name."""
    if isinstance(raised, CustomError):
        assert type(raised).__name__ == error.__name__, f"expected {error.__name__}, got {raised!r}"
        return {name: _normalised(value) for name, value in raised.inputs.items()}
    abi = error.abi
    selector = function_signature_to_4byte_selector(abi.selector).hex()
    prefix = f"custom error 0x{selector}:"
    message = str(raised.message)
    if message.startswith(f"0x{selector}"):
        # raw revert data: an error of another contract that the called one passes through
        data = bytes.fromhex(message[len(selector) + 2 :])
    else:
        assert message.startswith(prefix), f"expected {error.__name__}, got {message!r}"
        data = _revert_data(message[len(prefix) + 1 :])
    values = decode([str(ipt.canonical_type) for ipt in abi.inputs], data)
    return {ipt.name: _normalised(value) for ipt, value in zip(abi.inputs, values, strict=True)}


def _revert_data(text: str) -> bytes:
    """Anvil prints revert data as hex, or lossily as text when the bytes are valid UTF-8."""
    try:
        return bytes.fromhex(text)
    except ValueError:
        raise AssertionError(
            f"revert data of an eth_call came back as text ({text!r}); send the call as a "
            "transaction (`contract.method.transact(..., sender=...)`) to decode it"
        ) from None


def _normalised(value: Any) -> Any:
    """Accounts and address strings as checksummed strings, byte strings as `bytes`."""
    if hasattr(value, "address"):
        return str(value.address)
    if isinstance(value, str) and value.startswith("0x") and len(value) == 42:
        return to_checksum_address(value)
    if isinstance(value, bytes):
        return bytes(value)
    return value


def assert_call_reverts(
    contract: Any, method: str, args: list[Any], error: Any, **inputs: Any
) -> None:
    """Asserts that the view `contract.method(*args)` reverts with `error(**inputs)`.

    Ape does not decode custom errors of `eth_call`, so the call goes through web3 and the
    revert data is decoded here.
    """
    calldata = getattr(contract, method).encode_input(*args)
    web3 = ape.chain.provider.web3
    try:
        web3.eth.call({"to": contract.address, "data": calldata})
    except ContractCustomError as err:
        data = bytes.fromhex(str(err.data).removeprefix("0x"))
    else:
        raise AssertionError(f"{method}{tuple(args)} did not revert")
    abi = error.abi
    assert data[:4] == keccak(text=abi.selector)[:4], f"expected {abi.name}, got 0x{data[:4].hex()}"
    values = decode([i.canonical_type for i in abi.inputs], data[4:])
    actual = {i.name: v for i, v in zip(abi.inputs, values, strict=True)}
    for name, expected in inputs.items():
        assert name in actual, f"{abi.name} has no input {name}"
        assert actual[name] == expected, (
            f"{abi.name}.{name}: expected {expected}, got {actual[name]}"
        )

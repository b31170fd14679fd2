"""Turn revert data into the Python exception for that contract error.

Example::

    >>> from eth_abi import encode
    >>> err = decode_revert(ERROR_STRING_SELECTOR + encode(["string"], ["ok"]).hex())
    >>> type(err).__name__, str(err)
    ('TransactionReverted', 'reverted: ok')
"""

from collections.abc import Mapping
from typing import Any

from eth_abi.abi import decode
from eth_utils.address import to_checksum_address
from web3.exceptions import ContractLogicError

from py_client.contract_errors import BY_SELECTOR
from py_client.errors import RantaiError, TransactionReverted

ERROR_STRING_SELECTOR = "0x08c379a0"
PANIC_SELECTOR = "0x4e487b71"


def decode_revert(data: str) -> RantaiError:
    """The typed exception for revert ``data`` (hex with ``0x``).

    A Rantai or OpenZeppelin custom error becomes its generated :class:`ContractError` subclass
    with the decoded arguments; ``Error(string)`` and ``Panic(uint256)`` become
    :class:`TransactionReverted`, and so does anything unknown (keeping the raw data).
    """
    selector, payload = data[:10].lower(), bytes.fromhex(data[10:])
    error_class = BY_SELECTOR.get(selector)
    if error_class is not None:
        types = error_class.argument_types
        values = decode(list(types), payload)
        return error_class(*(_checksummed(t, v) for t, v in zip(types, values, strict=True)))
    if selector == ERROR_STRING_SELECTOR:
        return TransactionReverted(str(decode(["string"], payload)[0]), data)
    if selector == PANIC_SELECTOR:
        return TransactionReverted(f"panic 0x{decode(['uint256'], payload)[0]:02x}", data)
    return TransactionReverted(f"unknown error {selector}", data)


def typed_revert(err: ContractLogicError) -> RantaiError:
    """The typed exception for a reverted call (its custom error, else TransactionReverted)."""
    data = err.data
    if isinstance(data, Mapping):
        data = str(data.get("data", ""))
    if isinstance(data, str) and data.startswith("0x") and len(data) >= 10:
        return decode_revert(data)
    return TransactionReverted(str(err.message or err))


def _checksummed(abi_type: str, value: Any) -> Any:
    """Addresses as checksummed strings, like everything else the client returns."""
    return to_checksum_address(value) if abi_type == "address" else value

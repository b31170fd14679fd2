"""Helpers for the Registry and RupiahToken tests: strict revert checks and extra members."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import ape
from ape.exceptions import ContractLogicError, CustomError
from eth_abi import decode
from eth_utils import function_signature_to_4byte_selector, to_checksum_address

# Accounts beyond the conftest roles (conftest uses accounts[0..12]).
SUSPENDED_MEMBER_INDEX = 13
SPENDER_INDEX = 14
NEWCOMER_INDEX = 15

SUSPENDED_ORG = 70  # a Treasury-kind organisation, suspended
TREASURY_KIND = 8

PARTICIPANT_ROLES = (
    "AGENCY_ROLE",
    "SUPPLIER_ROLE",
    "CARRIER_ROLE",
    "AUDITOR_ROLE",
    "ARBITER_ROLE",
    "TREASURY_ROLE",
)

ZERO_ADDRESS = "0x" + "00" * 20
UINT128_MAX = 2**128 - 1
UINT256_MAX = 2**256 - 1


def bytes32(text: str) -> bytes:
    """`text` as Solidity's `bytes32("text")`: ASCII, right-padded with zero bytes."""
    return text.encode().ljust(32, b"\0")


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


def enrol(
    registry: Any, governor: Any, account: Any, org_id: int, kind: int, roles: tuple[str, ...]
) -> None:
    """Registers organisation `org_id`, adds `account` to it and grants it `roles`."""
    registry.registerOrganisation(org_id, kind, bytes32(f"org {org_id}"), sender=governor)
    registry.addAccount(account, org_id, sender=governor)
    for role in roles:
        registry.grantRole(getattr(registry, role)(), account, sender=governor)


def enrol_suspended_member(registry: Any, governor: Any, account: Any) -> None:
    """Makes `account` hold every participant role in a Treasury organisation, then suspends it.

    Idempotent, so test modules can each define a session fixture calling it.
    """
    if registry.orgOf(account) == SUSPENDED_ORG:
        return
    enrol(registry, governor, account, SUSPENDED_ORG, TREASURY_KIND, PARTICIPANT_ROLES)
    registry.suspendOrganisation(SUSPENDED_ORG, bytes32("daftar hitam"), sender=governor)

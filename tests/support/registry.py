"""Helpers for the Registry and RupiahToken tests: extra members; strict reverts from `reverts`."""

from typing import Any

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


def enrol(
    registry: Any, governor: Any, account: Any, org_id: int, kind: int, roles: tuple[str, ...]
) -> None:
    """Registers organisation `org_id`, adds `account` to it and grants it `roles`."""
    registry.registerOrganisation(org_id, kind, bytes32(f"org {org_id}"), sender=governor)
    registry.addAccount(account, org_id, sender=governor)
    for role in roles:
        registry.grantRole(getattr(registry, role)(), account, sender=governor)


def enrol_suspended_member(registry: Any, governor: Any, account: Any) -> None:
    """Makes `account` hold TREASURY (the one role of its kind, issue 13 item 7) in a Treasury
    organisation, then suspends it.

    Test modules call it from a module-scoped fixture, so the enrolment ends with the module
    (Ape reverts the module's snapshot) and no other test file sees it.
    """
    enrol(registry, governor, account, SUSPENDED_ORG, TREASURY_KIND, ("TREASURY_ROLE",))
    registry.suspendOrganisation(SUSPENDED_ORG, bytes32("daftar hitam"), sender=governor)

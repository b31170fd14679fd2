"""Registry: organisations, accounts, roles, policy, budgets, keys and the pause."""

from typing import Any


def test_participants_fixture_bootstraps_the_pilot(participants: Any, registry: Any) -> None:
    assert registry.orgOf(participants["members"][0][2]) == 1

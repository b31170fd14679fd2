"""Shared fixtures: accounts named by role on the anvil node that the Ape plugin starts."""

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture(scope="session")
def governor(accounts: Any) -> Any:
    return accounts[0]


@pytest.fixture(scope="session")
def treasury(accounts: Any) -> Any:
    return accounts[1]


@pytest.fixture(scope="session")
def agency(accounts: Any) -> Any:
    return accounts[2]


@pytest.fixture(scope="session")
def supplier(accounts: Any) -> Any:
    return accounts[3]


@pytest.fixture
def deploy_token(project: Any, governor: Any, treasury: Any) -> Callable[[], Any]:
    """Factory: a fresh RupiahToken administered by `governor`, minted by `treasury`."""

    def _deploy() -> Any:
        return project.RupiahToken.deploy(governor, treasury, sender=governor)

    return _deploy

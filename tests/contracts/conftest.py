"""Fixtures of the contract tests (contracts/*.sol through Ape).

They use the root conftest's session pilot (role accounts, `registry`, `token`, `tendering`,
`escrow`, `tracking`, `system`, `fast_forward`), the fixtures below, module-scoped fixtures of
each test file, and the plain helpers of tests/support/ (`escrow`, `tendering`, `tracking`,
`registry`, `reverts`, `examples` for the hypothesis example counts).
"""

from typing import Any

import pytest
from ape_ethereum.trace import Trace

from tests.support.escrow import EscrowDriver, build_driver
from tests.support.registry import SUSPENDED_MEMBER_INDEX, enrol_suspended_member


@pytest.fixture(autouse=True)
def _quiet_revert_traces(monkeypatch: pytest.MonkeyPatch) -> None:
    """ape-foundry prints the call trace of every reverted transaction (about 0.25 s each); the
    revert tests here expect their reverts, so skip the printing (decoding is unaffected)."""
    monkeypatch.setattr(Trace, "show", lambda *_args, **_kwargs: None)


@pytest.fixture(scope="module")
def driver(chain: Any, system: dict[str, Any], request: pytest.FixtureRequest) -> EscrowDriver:
    """An `EscrowDriver` over the session's contracts, one per test module."""
    return build_driver(chain, system, request)


@pytest.fixture(scope="module")
def suspended_member(accounts: Any, participants: Any, registry: Any, governor: Any) -> Any:
    """An account holding TREASURY in a suspended Treasury organisation (module-scoped: it
    transacts, and Ape reverts the module's snapshot at the module's end)."""
    account = accounts[SUSPENDED_MEMBER_INDEX]
    enrol_suspended_member(registry, governor, account)
    return account

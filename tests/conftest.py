"""Shared fixtures: the deployed Rantai system and accounts named by role.

Contracts are deployed once per session on the anvil node the Ape plugin starts; Ape's test
isolation reverts the chain to that snapshot after every test, so each test starts from the same
bootstrapped pilot: organisations, accounts, roles, a budget and minted rupiah.
"""

import functools
import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import ape
import pytest
from hypothesis import settings

from py_client import Rantai
from py_client.cli import main
from py_client.settings import Settings
from tests.support import examples
from tests.support.audit import PostgresServer, start_postgres
from tests.support.besu import MEMBERS, BesuNode, compile_contracts, start_besu_node
from tests.support.cli import Pilot, Run, write_json_file
from tests.support.client import GAS_MODE, Connect, World
from tests.support.constants import (
    AGENCIES,
    AGENCY_FUNDS_IDR,
    BUDGET_CEILING_IDR,
    FISCAL_YEAR,
    KIND,
    OCID_PREFIX,
    ROLE_NAMES,
)
from tests.support.suite_order import pytest_collection_modifyitems  # noqa: F401 (the hook)
from tools import contract_build

# Hypothesis runs the same examples on every run (docs/testing.md): `derandomize` derives the seed
# from each test, and no example database replays yesterday's failures into today's run. The
# "deep" profile (`make test-deep`) is the same with each state machine's full example count
# (tests/support/examples.py: `make test` runs a third); "explore" draws new examples, all of them:
# RANTAI_HYPOTHESIS_PROFILE=explore pytest tests/...
settings.register_profile("deterministic", derandomize=True, database=None, print_blob=True)
settings.register_profile("deep", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False, database=None, print_blob=True)
settings.load_profile(examples.profile())


def pytest_configure(config: pytest.Config) -> None:
    """Before Ape scans `contracts/`: no dependency copy inside it, every changed source compiled.

    See tools/contract_build.py: the copy would truncate Ape's source scan, and Ape's lazy
    per-contract compile would leave a second changed source with old bytecode. Under
    pytest-xdist the controller compiles before it starts the workers, which do not.
    """
    if not hasattr(config, "workerinput"):
        contract_build.ensure_current()


# The role accounts only name Ape's test accounts: `chain_isolation=False` tells Ape's isolation
# they hold no chain state, so a test first asking for one in the middle of a file with module
# fixtures costs no re-snapshot and rebuild of those fixtures (Ape's "rebase").
@ape.fixture(scope="session", chain_isolation=False)
def governor(accounts: Any) -> Any:
    return accounts[0]


@ape.fixture(scope="session", chain_isolation=False)
def treasury(accounts: Any) -> Any:
    return accounts[1]


@ape.fixture(scope="session", chain_isolation=False)
def agency(accounts: Any) -> Any:
    return accounts[2]


@ape.fixture(scope="session", chain_isolation=False)
def supplier(accounts: Any) -> Any:
    return accounts[3]


@ape.fixture(scope="session", chain_isolation=False)
def supplier2(accounts: Any) -> Any:
    return accounts[4]


@ape.fixture(scope="session", chain_isolation=False)
def supplier3(accounts: Any) -> Any:
    return accounts[5]


@ape.fixture(scope="session", chain_isolation=False)
def carrier(accounts: Any) -> Any:
    return accounts[6]


@ape.fixture(scope="session", chain_isolation=False)
def carrier2(accounts: Any) -> Any:
    return accounts[7]


@ape.fixture(scope="session", chain_isolation=False)
def auditor(accounts: Any) -> Any:
    return accounts[8]


@ape.fixture(scope="session", chain_isolation=False)
def arbiter(accounts: Any) -> Any:
    return accounts[9]


@ape.fixture(scope="session", chain_isolation=False)
def contractor(accounts: Any) -> Any:
    return accounts[10]


@ape.fixture(scope="session", chain_isolation=False)
def agency2(accounts: Any) -> Any:
    return accounts[11]


@ape.fixture(scope="session", chain_isolation=False)
def outsider(accounts: Any) -> Any:
    """An account in no organisation and with no role."""
    return accounts[12]


@pytest.fixture(scope="session")
def registry(project: Any, governor: Any) -> Any:
    return project.Registry.deploy(governor, sender=governor)


@pytest.fixture(scope="session")
def token(project: Any, registry: Any, governor: Any) -> Any:
    return project.RupiahToken.deploy(registry, sender=governor)


@pytest.fixture(scope="session")
def tendering(project: Any, registry: Any, token: Any, governor: Any) -> Any:
    contract = project.Tendering.deploy(registry, token, OCID_PREFIX, sender=governor)
    registry.grantRole(registry.BUDGET_SPENDER_ROLE(), contract, sender=governor)
    return contract


@pytest.fixture(scope="session")
def escrow(project: Any, registry: Any, token: Any, tendering: Any, governor: Any) -> Any:
    contract = project.OrderEscrow.deploy(registry, token, tendering, OCID_PREFIX, sender=governor)
    registry.grantRole(registry.BUDGET_SPENDER_ROLE(), contract, sender=governor)
    registry.grantRole(registry.ESCROW_ROLE(), contract, sender=governor)
    return contract


@pytest.fixture(scope="session")
def tracking(project: Any, registry: Any, escrow: Any, governor: Any) -> Any:
    contract = project.ShipmentTracking.deploy(registry, escrow, sender=governor)
    escrow.setShipmentTracking(contract, sender=governor)
    return contract


@pytest.fixture(scope="session")
def participants(
    registry: Any,
    token: Any,
    governor: Any,
    treasury: Any,
    request: pytest.FixtureRequest,
) -> dict[str, Any]:
    """Registers the pilot's organisations, accounts, roles, budget and agency funds (the
    members' role accounts are the fixtures named in `MEMBERS`)."""
    members = [
        (org_id, kind, request.getfixturevalue(name), role) for org_id, kind, name, role in MEMBERS
    ]
    for org_id, kind, account, role in members:
        registry.registerOrganisation(
            org_id, KIND[kind], org_id.to_bytes(32, "big"), sender=governor
        )
        registry.addAccount(account, org_id, sender=governor)
        registry.grantRole(getattr(registry, role)(), account, sender=governor)
    # Issue 13 item 6: refunds go to each agency organisation's payout account; the pilot's is
    # the agency account itself.
    agencies = [(org_id, request.getfixturevalue(name)) for org_id, name in AGENCIES]
    for org_id, account in agencies:
        registry.setPayoutAccount(org_id, account, sender=governor)
    for org_id, _ in agencies:
        registry.allocateBudget(org_id, FISCAL_YEAR, BUDGET_CEILING_IDR, sender=treasury)
    for _, account in agencies:
        token.mint(account, AGENCY_FUNDS_IDR, sender=treasury)
    return {"members": members}


@pytest.fixture(scope="session")
def system(
    participants: dict[str, Any],
    registry: Any,
    token: Any,
    tendering: Any,
    escrow: Any,
    tracking: Any,
) -> dict[str, Any]:
    """Every contract deployed and wired, with the pilot's participants bootstrapped."""
    return {
        "registry": registry,
        "token": token,
        "tendering": tendering,
        "escrow": escrow,
        "tracking": tracking,
    }


@pytest.fixture
def fast_forward(chain: Any) -> Callable[[int], None]:
    """Moves the node's clock `seconds` forward and mines a block at the new time."""

    def _move(seconds: int) -> None:
        chain.pending_timestamp += seconds
        chain.mine()

    return _move


CONTRACT_FIXTURES = {
    "Registry": "registry",
    "RupiahToken": "token",
    "Tendering": "tendering",
    "OrderEscrow": "escrow",
    "ShipmentTracking": "tracking",
}


@pytest.fixture(scope="session")
def rpc_url(chain: Any, system: dict[str, Any]) -> str:
    """JSON-RPC URL of the anvil node the Ape plugin started (for py_client)."""
    return str(chain.provider.uri)


@pytest.fixture(scope="session")
def deployment_file(
    chain: Any, system: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A deployment JSON (py_client.deployment schema) describing the session's contracts."""
    contracts = {
        name: {"address": str(system[fixture].address), "blockNumber": 0}
        for name, fixture in CONTRACT_FIXTURES.items()
    }
    data = {"schema": 1, "network": "local", "chainId": chain.chain_id, "contracts": contracts}
    path = tmp_path_factory.mktemp("deployment") / "local.json"
    path.write_text(json.dumps(data, indent=2))
    return path


@pytest.fixture(scope="session")
def private_key() -> Callable[[Any], str]:
    """The hex private key of an Ape test account (for py_client signers)."""

    def _key(account: Any) -> str:
        return str(account.private_key)

    return _key


# ------------------------------------------------- clients, CLI and nodes shared by folders


@pytest.fixture
def salt_dir(tmp_path: Path) -> Path:
    return tmp_path / "salts"


@pytest.fixture
def connect(
    chain: Any,
    rpc_url: str,
    deployment_file: Path,
    private_key: Callable[[Any], str],
    salt_dir: Path,
) -> Connect:
    """`connect(account=None, preflight=True)`: a fresh client signing as `account`."""

    def _connect(account: Any = None, *, preflight: bool = True) -> Rantai:
        settings = Settings(
            rpc_url=rpc_url,
            chain_id=chain.chain_id,
            deployment=str(deployment_file),
            private_key=private_key(account) if account is not None else None,
            gas_mode=GAS_MODE,
        )
        return Rantai.connect(settings, preflight=preflight, salt_dir=str(salt_dir))

    return _connect


@pytest.fixture
def world(
    request: pytest.FixtureRequest, connect: Connect, fast_forward: Callable[[int], None]
) -> World:
    """Clients of every role account (created on first use) and process steps."""
    accounts = {name: request.getfixturevalue(name) for name in ROLE_NAMES}
    return World(connect, accounts, fast_forward, {})


@pytest.fixture
def cli_env(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, rpc_url: str, deployment_file: Path
) -> Path:
    """A clean RANTAI_* environment pointing at the test node; cwd is a fresh directory."""
    for name in list(os.environ):
        if name.startswith("RANTAI_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("RANTAI_RPC_URL", rpc_url)
    monkeypatch.setenv("RANTAI_DEPLOYMENT", str(deployment_file))
    monkeypatch.setenv("RANTAI_SALT_DIR", str(tmp_path / "salts"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def rantai(
    cli_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    private_key: Callable[[Any], str],
) -> Callable[..., Run]:
    """`rantai(account, *argv, json=True)`: run the CLI signing as `account` (None: no signer)."""

    def _run(account: Any, *argv: str, json: bool = True) -> Run:
        if account is None:
            monkeypatch.delenv("RANTAI_PRIVATE_KEY", raising=False)
        else:
            monkeypatch.setenv("RANTAI_PRIVATE_KEY", private_key(account))
        capsys.readouterr()
        code = main([*argv, "--json"] if json else list(argv))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return _run


@pytest.fixture
def write_json(cli_env: Path) -> Callable[[str, Any], Path]:
    """`write_json(name, data)`: a JSON input file in the test's directory."""
    return functools.partial(write_json_file, cli_env)


@pytest.fixture
def document(cli_env: Path) -> Path:
    """A document file to hash (BAST, contract, reason...)."""
    path = cli_env / "document.pdf"
    path.write_bytes(b"%PDF-1.4 berita acara serah terima")
    return path


@pytest.fixture
def pilot(
    request: pytest.FixtureRequest,
    chain: Any,
    rpc_url: str,
    deployment_file: Path,
    private_key: Callable[[Any], str],
    fast_forward: Callable[[int], None],
    cli_env: Path,
) -> Pilot:
    accounts = {name: request.getfixturevalue(name) for name in ROLE_NAMES}
    return Pilot(
        rpc_url,
        deployment_file,
        chain.chain_id,
        private_key,
        accounts,
        fast_forward,
        cli_env / "salts",
    )


@pytest.fixture(scope="session")
def besu_node(project: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BesuNode]:
    """The session's Besu-like node with the pilot deployed (stopped after the session)."""
    compile_contracts(project)
    node = start_besu_node(tmp_path_factory.mktemp("besu"))
    yield node
    node.stop()


@pytest.fixture
def besu(besu_node: BesuNode) -> Iterator[BesuNode]:
    """The Besu-like node, reverted to the bootstrapped pilot after the test; counters reset."""
    snapshot = besu_node.rpc("evm_snapshot")
    besu_node.proxy.reset_counts()
    yield besu_node
    besu_node.rpc("evm_revert", [snapshot])


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A throw-away PostgreSQL server for the session (skips where none can be started)."""
    server = start_postgres()
    yield server
    server.stop()
    shutil.rmtree(server.data_dir.parent, ignore_errors=True)

"""Shared fixtures: the deployed Rantai system and accounts named by role.

Contracts are deployed once per session on the anvil node the Ape plugin starts; Ape's test
isolation reverts the chain to that snapshot after every test, so each test starts from the same
bootstrapped pilot: organisations, accounts, roles, a budget and minted rupiah.
"""

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ape
import pytest
from hypothesis import settings

from tools import contract_build

OCID_PREFIX = "ocds-rantai"
FISCAL_YEAR = 2026
BUDGET_CEILING_IDR = 50_000_000_000
AGENCY_FUNDS_IDR = 20_000_000_000

# Organisation ids of the test pilot (IRegistry.OrgKind values in comments).
GOVERNANCE_ORG = 1  # Governance
AGENCY_ORG = 10  # Agency
AGENCY2_ORG = 11  # Agency
SUPPLIER_ORG = 20  # Supplier
SUPPLIER2_ORG = 21  # Supplier
SUPPLIER3_ORG = 22  # Supplier
CONTRACTOR_ORG = 23  # Contractor
CARRIER_ORG = 30  # Carrier
CARRIER2_ORG = 31  # Carrier
AUDITOR_ORG = 40  # Auditor
ARBITER_ORG = 50  # Arbiter
TREASURY_ORG = 60  # Treasury

# The role-named account fixtures below, in account order.
ROLE_NAMES = (
    "governor",
    "treasury",
    "agency",
    "agency2",
    "supplier",
    "supplier2",
    "supplier3",
    "contractor",
    "carrier",
    "carrier2",
    "auditor",
    "arbiter",
    "outsider",
)

KIND = {
    "Governance": 1,
    "Agency": 2,
    "Supplier": 3,
    "Contractor": 4,
    "Carrier": 5,
    "Auditor": 6,
    "Arbiter": 7,
    "Treasury": 8,
}


# Hypothesis runs the same examples on every run (docs/testing.md): `derandomize` derives the seed
# from each test, and no example database replays yesterday's failures into today's run. The
# "explore" profile draws new examples: RANTAI_HYPOTHESIS_PROFILE=explore pytest tests/...
settings.register_profile("deterministic", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False, database=None, print_blob=True)
settings.load_profile(os.environ.get("RANTAI_HYPOTHESIS_PROFILE", "deterministic"))


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
    agency: Any,
    agency2: Any,
    supplier: Any,
    supplier2: Any,
    supplier3: Any,
    contractor: Any,
    carrier: Any,
    carrier2: Any,
    auditor: Any,
    arbiter: Any,
) -> dict[str, Any]:
    """Registers the pilot's organisations, accounts, roles, budget and agency funds."""
    members = [
        (GOVERNANCE_ORG, "Governance", governor, "GOVERNOR_ROLE"),
        (TREASURY_ORG, "Treasury", treasury, "TREASURY_ROLE"),
        (AGENCY_ORG, "Agency", agency, "AGENCY_ROLE"),
        (AGENCY2_ORG, "Agency", agency2, "AGENCY_ROLE"),
        (SUPPLIER_ORG, "Supplier", supplier, "SUPPLIER_ROLE"),
        (SUPPLIER2_ORG, "Supplier", supplier2, "SUPPLIER_ROLE"),
        (SUPPLIER3_ORG, "Supplier", supplier3, "SUPPLIER_ROLE"),
        (CONTRACTOR_ORG, "Contractor", contractor, "SUPPLIER_ROLE"),
        (CARRIER_ORG, "Carrier", carrier, "CARRIER_ROLE"),
        (CARRIER2_ORG, "Carrier", carrier2, "CARRIER_ROLE"),
        (AUDITOR_ORG, "Auditor", auditor, "AUDITOR_ROLE"),
        (ARBITER_ORG, "Arbiter", arbiter, "ARBITER_ROLE"),
    ]
    for org_id, kind, account, role in members:
        registry.registerOrganisation(
            org_id, KIND[kind], org_id.to_bytes(32, "big"), sender=governor
        )
        registry.addAccount(account, org_id, sender=governor)
        registry.grantRole(getattr(registry, role)(), account, sender=governor)
    # Issue 13 item 6: refunds go to each agency organisation's payout account; the pilot's is
    # the agency account itself.
    registry.setPayoutAccount(AGENCY_ORG, agency, sender=governor)
    registry.setPayoutAccount(AGENCY2_ORG, agency2, sender=governor)
    for org_id in (AGENCY_ORG, AGENCY2_ORG):
        registry.allocateBudget(org_id, FISCAL_YEAR, BUDGET_CEILING_IDR, sender=treasury)
    for account in (agency, agency2):
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

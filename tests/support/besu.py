"""A Besu-like node for client tests: a second anvil started Besu-like behind tools.besu_proxy.

The node is separate from the anvil the Ape plugin runs (Ape's provider never touches it): anvil
with the london hardfork, zero gas price and base fee, chain id 1945, no dev accounts
(``--accounts 0``: the node holds no key, nothing is unlocked) and no ether anywhere (only free
gas works), behind :class:`tools.besu_proxy.BesuProxy` (QBFT
``extraData``, no node keys, ``eth_getLogs`` capped at 5000 blocks). The Rantai contracts are
deployed on it from Ape's build manifest (``.build/__local__.json``) with web3.py and eth-account
through py_client's :class:`Chain` and :class:`Sender` in gas mode ``free`` (raw signed
transactions only), wired and bootstrapped with the same participants as ``tests/conftest.py``,
and described by a deployment JSON in py_client's schema.

Fixtures (in tests/conftest.py, for the client, e2e and audit tests):

- ``besu_node`` (session): the running :class:`BesuNode`.
- ``besu`` (function): the same node inside an ``evm_snapshot`` / ``evm_revert`` pair with the
  proxy's counters reset, so each test starts from the bootstrapped pilot with fresh counts.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eth_account import Account
from eth_account.signers.local import LocalAccount
from web3 import Web3
from web3.contract import Contract

from py_client.chain import Chain
from py_client.deployment import CONTRACT_NAMES
from py_client.ops import deploy, localchain, system
from py_client.reverts import decode_revert
from py_client.sender import Sender
from py_client.settings import Settings
from tests.support.constants import (
    AGENCIES,
    AGENCY2_ORG,
    AGENCY_FUNDS_IDR,
    AGENCY_ORG,
    ARBITER_ORG,
    AUDITOR_ORG,
    BUDGET_CEILING_IDR,
    CARRIER2_ORG,
    CARRIER_ORG,
    CONTRACTOR_ORG,
    FISCAL_YEAR,
    GOVERNANCE_ORG,
    KIND,
    OCID_PREFIX,
    SUPPLIER2_ORG,
    SUPPLIER3_ORG,
    SUPPLIER_ORG,
    TREASURY_ORG,
)
from tools.besu_proxy import BesuProxy

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / ".build" / "__local__.json"

BESU_CHAIN_ID = localchain.BESU_CHAIN_ID
# The participants' keys, derived locally (the node knows none of them). Not anvil's default
# mnemonic: the accounts of this node differ from the Ape node's.
BESU_MNEMONIC = (
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"
)

# Account index per role, as in tests/conftest.py.
ROLE_INDEX = {
    "governor": 0,
    "treasury": 1,
    "agency": 2,
    "supplier": 3,
    "supplier2": 4,
    "supplier3": 5,
    "carrier": 6,
    "carrier2": 7,
    "auditor": 8,
    "arbiter": 9,
    "contractor": 10,
    "agency2": 11,
    "outsider": 12,
}


# (organisation, kind, role name, registry role getter) per member, registered by conftest's
# `participants` and by `bootstrap_participants` below.
MEMBERS = (
    (GOVERNANCE_ORG, "Governance", "governor", "GOVERNOR_ROLE"),
    (TREASURY_ORG, "Treasury", "treasury", "TREASURY_ROLE"),
    (AGENCY_ORG, "Agency", "agency", "AGENCY_ROLE"),
    (AGENCY2_ORG, "Agency", "agency2", "AGENCY_ROLE"),
    (SUPPLIER_ORG, "Supplier", "supplier", "SUPPLIER_ROLE"),
    (SUPPLIER2_ORG, "Supplier", "supplier2", "SUPPLIER_ROLE"),
    (SUPPLIER3_ORG, "Supplier", "supplier3", "SUPPLIER_ROLE"),
    (CONTRACTOR_ORG, "Contractor", "contractor", "SUPPLIER_ROLE"),
    (CARRIER_ORG, "Carrier", "carrier", "CARRIER_ROLE"),
    (CARRIER2_ORG, "Carrier", "carrier2", "CARRIER_ROLE"),
    (AUDITOR_ORG, "Auditor", "auditor", "AUDITOR_ROLE"),
    (ARBITER_ORG, "Arbiter", "arbiter", "ARBITER_ROLE"),
)


def compile_contracts(project: Any) -> None:
    """Have Ape compile the contracts (into .build/, on first access) before a node deploys them."""
    for name in CONTRACT_NAMES:
        getattr(project, name)


def free_port() -> int:
    """A TCP port on the loopback interface that was free a moment ago."""
    return localchain.free_port()


def json_rpc(url: str, method: str, params: list[Any] | None = None) -> Any:
    """One raw JSON-RPC call (no web3 formatting); raises RuntimeError on an error answer."""
    return localchain.json_rpc(url, method, params or [])


def role_keys(mnemonic: str = BESU_MNEMONIC) -> dict[str, str]:
    """Hex private keys per role (m/44'/60'/0'/0/<conftest account index>)."""
    Account.enable_unaudited_hdwallet_features()
    keys = {}
    for role, index in ROLE_INDEX.items():
        account = Account.from_mnemonic(mnemonic, account_path=f"m/44'/60'/0'/0/{index}")
        keys[role] = "0x" + bytes(account.key).hex()
    return keys


@functools.cache
def load_artifacts(manifest: Path = MANIFEST) -> dict[str, dict[str, Any]]:
    """ABI and deployment bytecode per Rantai contract from Ape's build manifest."""
    return system.load_artifacts(CONTRACT_NAMES, manifest)


@dataclass
class Deployed:
    """One contract deployed by :func:`deploy_rantai`."""

    contract: Contract
    transaction_hash: str
    block_number: int


def deploy_rantai(chain: Chain, governor: LocalAccount) -> dict[str, Deployed]:
    """Deploy and wire the five Rantai contracts as tests/conftest.py does, signed by governor
    (:func:`py_client.ops.deploy.deploy_rantai`: raw transactions at gas price 0)."""
    deployer = Sender(chain, governor, decode_revert, gas_mode="free", timeout_s=30)
    entries = deploy.deploy_rantai(deployer, OCID_PREFIX, names=system.RANTAI, log=lambda _: None)
    artifacts = load_artifacts()
    return {
        name: Deployed(
            chain.w3.eth.contract(address=entry["address"], abi=artifacts[name]["abi"]),
            entry["transactionHash"],
            entry["blockNumber"],
        )
        for name, entry in entries.items()
    }


def bootstrap_participants(
    chain: Chain, contracts: dict[str, Deployed], accounts: dict[str, LocalAccount]
) -> None:
    """Organisations, accounts, roles, budgets and agency funds as conftest's ``participants``."""
    registry = contracts["Registry"].contract.functions
    token = contracts["RupiahToken"].contract.functions
    governor = Sender(chain, accounts["governor"], decode_revert, gas_mode="free", timeout_s=30)
    treasury = Sender(chain, accounts["treasury"], decode_revert, gas_mode="free", timeout_s=30)
    for org_id, kind, role, role_getter in MEMBERS:
        address = accounts[role].address
        governor.transact(
            registry.registerOrganisation(org_id, KIND[kind], org_id.to_bytes(32, "big"))
        )
        governor.transact(registry.addAccount(address, org_id))
        governor.transact(registry.grantRole(getattr(registry, role_getter)().call(), address))
    # Issue 13 item 6: refunds to each agency organisation go to its account, as in conftest.
    for org_id, role in AGENCIES:
        governor.transact(registry.setPayoutAccount(org_id, accounts[role].address))
    for org_id, _ in AGENCIES:
        treasury.transact(registry.allocateBudget(org_id, FISCAL_YEAR, BUDGET_CEILING_IDR))
    for _, role in AGENCIES:
        treasury.transact(token.mint(accounts[role].address, AGENCY_FUNDS_IDR))


def deployment_json(chain: Chain, contracts: dict[str, Deployed]) -> dict[str, Any]:
    """The deployment file content (py_client.deployment schema 1) of ``contracts``."""
    compiler = json.loads(MANIFEST.read_text())["compilers"][0]
    settings = compiler.get("settings", {})
    entries = {}
    for name, deployed in contracts.items():
        code = chain.w3.eth.get_code(deployed.contract.address)
        entries[name] = {
            "address": deployed.contract.address,
            "transactionHash": deployed.transaction_hash,
            "blockNumber": deployed.block_number,
            "runtimeCodeHash": Web3.keccak(code).to_0x_hex(),
        }
    return {
        "schema": 1,
        "network": "besu-emulation",
        "chainId": chain.chain_id,
        "contracts": entries,
        "compiler": {
            "version": str(compiler.get("version", "")),
            "evmVersion": settings.get("evmVersion"),
            "optimizer": settings.get("optimizer"),
        },
    }


@dataclass
class BesuNode:
    """The running Besu-like node: anvil, the proxy in front of it, the deployed pilot."""

    anvil: localchain.LocalChain
    proxy: BesuProxy
    chain_id: int
    keys: dict[str, str]
    deployment_file: Path = Path()
    addresses: dict[str, str] = field(default_factory=dict)

    @property
    def upstream_url(self) -> str:
        """The URL of anvil itself, behind the proxy."""
        return self.anvil.url

    @property
    def rpc_url(self) -> str:
        """The URL clients use: the proxy's."""
        return self.proxy.url

    def rpc(self, method: str, params: list[Any] | None = None) -> Any:
        """A raw JSON-RPC call through the proxy."""
        return json_rpc(self.rpc_url, method, params)

    def account(self, role: str) -> LocalAccount:
        """The local signing account of ``role`` (a conftest role name)."""
        account: LocalAccount = Account.from_key(self.keys[role])
        return account

    def settings(self, role: str | None = None, **overrides: Any) -> Settings:
        """Client settings for this node: chain id 1945, its deployment, gas mode ``free``."""
        values: dict[str, Any] = {
            "rpc_url": self.rpc_url,
            "chain_id": self.chain_id,
            "deployment": str(self.deployment_file),
            "private_key": self.keys[role] if role is not None else None,
            "gas_mode": "free",
            "tx_timeout_s": 30.0,
        }
        values.update(overrides)
        return Settings(**values)

    def fast_forward(self, seconds: int) -> None:
        """Move the node's clock ``seconds`` forward and mine a block at the new time."""
        self.rpc("evm_increaseTime", [seconds])
        self.rpc("evm_mine", [])

    def mine(self, blocks: int) -> None:
        """Mine ``blocks`` empty blocks at once (sharing the latest timestamp: faster)."""
        self.rpc("anvil_mine", [hex(blocks), "0x0"])

    def stop(self) -> None:
        """Stop the proxy and the anvil process."""
        self.proxy.stop()
        self.anvil.stop()


def start_anvil(log_file: Path) -> localchain.LocalChain:
    """Start anvil Besu-like on a free loopback port (stop it with ``.stop()``)."""
    return localchain.start_anvil(log_file, chain_id=BESU_CHAIN_ID)


def start_besu_node(work_dir: Path) -> BesuNode:
    """Start anvil + proxy, deploy and bootstrap the pilot, write the deployment file."""
    anvil = localchain.start_anvil(work_dir / "anvil.log", chain_id=BESU_CHAIN_ID)
    proxy = BesuProxy(anvil.url).start()
    keys = role_keys()
    node = BesuNode(anvil, proxy, BESU_CHAIN_ID, keys)
    try:
        chain = Chain.connect(Settings(rpc_url=node.rpc_url, chain_id=BESU_CHAIN_ID))
        accounts = {role: node.account(role) for role in keys}
        contracts = deploy_rantai(chain, accounts["governor"])
        bootstrap_participants(chain, contracts, accounts)
        node.deployment_file = work_dir / "besu-emulation.json"
        node.deployment_file.write_text(json.dumps(deployment_json(chain, contracts), indent=2))
        node.addresses = {name: d.contract.address for name, d in contracts.items()}
    except BaseException:
        node.stop()
        raise
    return node

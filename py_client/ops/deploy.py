"""Deploy and wire the Rantai contracts, idempotently, recording `deployments/<network>.json`.

Used by `ape run deploy` (scripts/deploy.py), the demo, the tests and the Besu-emulation
fixtures, on web3.py with locally signed raw transactions (:mod:`py_client.ops.accounts`). A
second run against the same chain verifies what the file records and changes nothing; ``force``
deploys anew. The code at each address is verified against the artifacts exactly: the node
executes the artifact's init code with the recorded constructor arguments (``eth_call``, nothing
is sent) and the runtime code it returns, immutables included, must equal the code on chain.

The file's schema is documented in py_client/deployment.py (the client reads it) and
deployments/README.md.

Example::

    >>> record = deploy(w3, deployer, Path("deployments/local.json"), "local")  # doctest: +SKIP
    >>> sorted(record["contracts"])[:2]  # doctest: +SKIP
    ['CompatibilityFallbackHandler', 'OrderEscrow']
"""

import json
import subprocess
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from eth_abi.abi import encode
from eth_utils.crypto import keccak
from web3 import Web3
from web3.contract import Contract

from py_client.audit.decoder import abi_type_string
from py_client.chain import Chain
from py_client.ops import safe, system
from py_client.ops.accounts import connected, local_account, sender
from py_client.ops.localchain import ROOT
from py_client.ops.safe import SAFE_CONTRACTS, ZERO
from py_client.ops.system import MANIFEST, OCID_PREFIX, RANTAI
from py_client.sender import Sender

SCHEMA_VERSION = 1
# Governance (issue 15, docs/governance.md): OpenZeppelin's TimelockController and the Safe 1.4.1
# singleton, proxy factory, fallback handler and MultiSendCallOnly. Bootstrap creates the
# council and guardian Safes from the participants file and hands every power to them.
GOVERNANCE = ("RantaiTimelock", *SAFE_CONTRACTS)
ORDER = (*RANTAI, *GOVERNANCE)
# The policy delay of the governance timelock: 48 hours (`ape run deploy --timelock-delay`).
DEFAULT_TIMELOCK_DELAY = 48 * 3600
# The networks on which the well-known development keys may deploy (Ape's local network).
DEV_KEY_NETWORKS = ("local",)
# The public development mnemonic of anvil/hardhat/Ape test accounts: its keys are known to all.
DEV_MNEMONIC = "test test test test test test test test test test test junk"
DEV_ACCOUNT_COUNT = 20

Log = Callable[[str], None]


class DeployError(Exception):
    """The deployment cannot proceed (wrong chain, code mismatch); nothing further was sent."""


@cache
def development_addresses() -> frozenset[str]:
    """The first accounts of the public development mnemonic (anvil's and Ape's test keys)."""
    from eth_account import Account

    Account.enable_unaudited_hdwallet_features()
    return frozenset(
        Account.from_mnemonic(DEV_MNEMONIC, account_path=f"m/44'/60'/0'/0/{i}").address
        for i in range(DEV_ACCOUNT_COUNT)
    )


def check_deployer(network: str, address: str) -> None:
    """Refuse a publicly known development key as deployer anywhere but the local network.

    Raises:
        DeployError: ``address`` belongs to the test mnemonic and ``network`` is not local.
    """
    if network not in DEV_KEY_NETWORKS and address in development_addresses():
        raise DeployError(
            f"refusing to deploy on {network} with {address}, a well-known development key "
            "(test mnemonic); pass --account with an operator key"
        )


def artifacts(names: Sequence[str] = ORDER) -> dict[str, dict[str, Any]]:
    """ABI and creation bytecode by name: Rantai's from Ape's build, Safe's from npm's."""
    own = [n for n in names if n not in SAFE_CONTRACTS]
    found = system.load_artifacts(own)
    found.update({n: safe.artifact(n) for n in names if n in SAFE_CONTRACTS})
    return found


def constructor_args(
    deployer: str,
    addresses: dict[str, str],
    ocid_prefix: str,
    timelock_delay: int = DEFAULT_TIMELOCK_DELAY,
) -> dict[str, list[Any]]:
    """Constructor arguments of each contract, given the addresses deployed before it.

    The timelock starts with no proposer, anyone as executor (`address(0)`: a scheduled call
    runs once its delay is over, whoever sends it) and the deployer as temporary admin, which
    bootstrap renounces when it hands power to the council.
    """
    return {
        "RantaiTimelock": [timelock_delay, [], [ZERO], deployer],
        "SafeL2": [],
        "SafeProxyFactory": [],
        "CompatibilityFallbackHandler": [],
        "MultiSendCallOnly": [],
        **system.constructor_args(deployer, addresses, ocid_prefix),
    }


def deploy(
    w3: Web3,
    deployer: Any,
    path: Path,
    network: str,
    *,
    force: bool = False,
    ocid_prefix: str = OCID_PREFIX,
    log: Log = print,
    timelock_delay: int = DEFAULT_TIMELOCK_DELAY,
) -> dict[str, Any]:
    """Deploy (or verify) the Rantai contracts on the connected chain and write ``path``.

    Args:
        w3: The connected chain.
        deployer: The key that deploys (see :mod:`py_client.ops.accounts`); it becomes the
            Registry's GOVERNOR.
        path: The deployment file to read and write.
        network: The network name recorded in the file.
        force: Deploy anew even when the file describes a verified deployment.
        ocid_prefix: The OCDS prefix the contracts put into ocids.
        log: Where progress lines go.
        timelock_delay: The governance timelock's policy delay in seconds.

    Returns:
        The deployment record as written.

    Raises:
        DeployError: The file belongs to another chain, or a development key would deploy on a
            network other than the local one.
    """
    account = local_account(deployer)
    check_deployer(network, str(account.address))
    chain = connected(w3)
    existing: dict[str, Any] | None = json.loads(path.read_text()) if path.is_file() else None
    if existing is not None and existing.get("chainId") != chain.chain_id:
        raise DeployError(
            f"{path} is for chain {existing.get('chainId')}, the node serves chain "
            f"{chain.chain_id}; refusing to mix them (move the file or pick another network)"
        )
    if existing is not None and not force:
        problems = verify(w3, existing)
        if not problems:
            log(f"{path}: every contract verified on chain {chain.chain_id}; nothing to do")
            return existing
        log(f"{path}: {problems[0]}; deploying anew")
    record = _deploy_all(chain, sender(chain, account), network, ocid_prefix, log, timelock_delay)
    problems = verify(w3, record)
    if problems:
        raise DeployError(f"fresh deployment does not verify: {problems[0]}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=2) + "\n")
    log(f"wrote {path}")
    return record


def deploy_contract(deployer: Sender, artifact: dict[str, Any], args: list[Any]) -> Any:
    """Deploy one contract (signed locally, sent raw); returns its receipt.

    Raises:
        DeployError: The creation transaction reverted.
    """
    raw, tx_hash = deployer.send({"data": Web3.to_hex(init_code(artifact, args))})
    receipt = deployer.wait(tx_hash, raw)
    if receipt["status"] != 1 or receipt["contractAddress"] is None:
        raise DeployError(f"contract creation {tx_hash} reverted")
    return receipt


def deploy_rantai(
    deployer: Sender,
    ocid_prefix: str = OCID_PREFIX,
    timelock_delay: int = DEFAULT_TIMELOCK_DELAY,
    names: Sequence[str] = ORDER,
    log: Log = print,
) -> dict[str, dict[str, Any]]:
    """Deploy ``names`` in order and wire them; returns each one's file entry (address,
    transaction, block, constructor arguments)."""
    found = artifacts(names)
    entries: dict[str, dict[str, Any]] = {}
    for name in names:
        addresses = {n: str(e["address"]) for n, e in entries.items()}
        args = constructor_args(deployer.address, addresses, ocid_prefix, timelock_delay)[name]
        receipt = deploy_contract(deployer, found[name], args)
        entries[name] = {
            "address": str(receipt["contractAddress"]),
            "transactionHash": receipt["transactionHash"].to_0x_hex(),
            "blockNumber": int(receipt["blockNumber"]),
            "constructorArgs": args,
        }
        log(f"deployed {name} at {receipt['contractAddress']} (block {receipt['blockNumber']})")
    contracts = {
        n: _contract(deployer.chain.w3, found[n], e["address"]) for n, e in entries.items()
    }
    registry = contracts["Registry"].functions
    for name, function, args in system.wiring(
        lambda r: registry[r]().call(), entries_address(entries)
    ):
        deployer.transact(contracts[name].functions[function](*args))
    log("wired roles BUDGET_SPENDER (Tendering, OrderEscrow), ESCROW (OrderEscrow), tracking")
    return entries


def entries_address(entries: dict[str, dict[str, Any]]) -> dict[str, str]:
    """The addresses of deployment file entries, by contract name."""
    return {name: str(entry["address"]) for name, entry in entries.items()}


def _deploy_all(
    chain: Chain, deployer: Sender, network: str, ocid_prefix: str, log: Log, timelock_delay: int
) -> dict[str, Any]:
    contracts = deploy_rantai(deployer, ocid_prefix, timelock_delay, ORDER, log)
    for entry in contracts.values():
        code = bytes(chain.w3.eth.get_code(entry["address"]))
        entry["runtimeCodeHash"] = "0x" + keccak(code).hex()
    return {
        "schema": SCHEMA_VERSION,
        "network": network,
        "chainId": chain.chain_id,
        "deployer": deployer.address,
        "deployedAt": datetime.now(UTC).isoformat(timespec="seconds"),
        "contracts": contracts,
        "compiler": compiler_settings(),
        "gitRevision": git_revision(),
    }


def verify(w3: Web3, record: dict[str, Any]) -> list[str]:
    """What does not match between ``record`` and the chain (empty when all verifies)."""
    problems: list[str] = []
    found = artifacts()
    for name in ORDER:
        entry = record.get("contracts", {}).get(name)
        if entry is None:
            problems.append(f"{name} is not recorded")
            continue
        on_chain = bytes(w3.eth.get_code(entry["address"]))
        if not on_chain:
            problems.append(f"{name}: no code at {entry['address']}")
            continue
        created = init_code(found[name], entry["constructorArgs"])
        if on_chain != bytes(w3.eth.call({"data": Web3.to_hex(created)})):
            problems.append(f"{name}: code at {entry['address']} differs from the artifact")
    if not problems:
        problems.extend(_wiring_problems(w3, record, found))
    return problems


def _contract(w3: Web3, artifact: dict[str, Any], address: str) -> Contract:
    return w3.eth.contract(address=Web3.to_checksum_address(address), abi=artifact["abi"])


def _wiring_problems(w3: Web3, record: dict[str, Any], found: dict[str, Any]) -> list[str]:
    address = {name: record["contracts"][name]["address"] for name in RANTAI}
    registry = _contract(w3, found["Registry"], address["Registry"]).functions
    escrow = _contract(w3, found["OrderEscrow"], address["OrderEscrow"]).functions
    spender, escrow_role = registry.BUDGET_SPENDER_ROLE().call(), registry.ESCROW_ROLE().call()
    checks = {
        "Tendering lacks BUDGET_SPENDER": registry.hasRole(spender, address["Tendering"]).call(),
        "OrderEscrow lacks BUDGET_SPENDER": registry.hasRole(
            spender, address["OrderEscrow"]
        ).call(),
        "OrderEscrow lacks ESCROW": registry.hasRole(escrow_role, address["OrderEscrow"]).call(),
        "OrderEscrow is not wired to ShipmentTracking": escrow.shipmentTracking().call()
        == address["ShipmentTracking"],
    }
    return [problem for problem, ok in checks.items() if not ok]


def init_code(artifact: dict[str, Any], args: list[Any]) -> bytes:
    """The artifact's deployment bytecode followed by the ABI-encoded constructor arguments."""
    bytecode = bytes.fromhex(str(artifact["bytecode"]).removeprefix("0x"))
    constructor = next((e for e in artifact["abi"] if e.get("type") == "constructor"), None)
    types = [abi_type_string(i) for i in (constructor or {}).get("inputs", [])]
    return bytecode + encode(types, args)


def compiler_settings(manifest: Path = MANIFEST) -> dict[str, Any]:
    """Compiler name, version and settings of the build, from Ape's manifest."""
    for compiler in json.loads(manifest.read_text()).get("compilers", []):
        if "Registry" in compiler.get("contractTypes", []):
            settings = compiler.get("settings", {})
            return {
                "name": compiler["name"],
                "version": compiler["version"],
                "evmVersion": settings.get("evmVersion"),
                "optimizer": settings.get("optimizer"),
            }
    return {}


def git_revision() -> str:
    """The checked-out git commit (with `-dirty` for local changes), or `unknown`."""
    try:
        result = subprocess.run(
            ["git", "describe", "--always", "--dirty", "--abbrev=40"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return result.stdout.strip()


__all__ = [
    "DEFAULT_TIMELOCK_DELAY",
    "ORDER",
    "DeployError",
    "artifacts",
    "check_deployer",
    "constructor_args",
    "deploy",
    "deploy_contract",
    "deploy_rantai",
    "verify",
]

"""Deploy and wire the Rantai contracts, idempotently, recording `deployments/<network>.json`.

Used by `ape run deploy` (scripts/deploy.py), the demo and the tests. A second run against the
same chain verifies what the file records and changes nothing; `force` deploys anew. The code at
each address is verified against the artifacts exactly: the node executes the artifact's init
code with the recorded constructor arguments (`eth_call`, nothing is sent) and the runtime code it
returns, immutables included, must equal the code on chain.

The file's schema is documented in py_client/deployment.py (the client reads it) and
deployments/README.md.
"""

import json
import os
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from eth_abi.abi import encode
from eth_utils.crypto import keccak

from py_client.ops import system
from py_client.ops.system import OCID_PREFIX, RANTAI
from tools.safe import SAFE_CONTRACTS, ZERO, container

SCHEMA_VERSION = 1
# Governance (issue 15, docs/governance.md): OpenZeppelin's TimelockController and the Safe 1.4.1
# singleton, proxy factory, fallback handler and MultiSendCallOnly. Bootstrap creates the
# council and guardian Safes from the participants file and hands every power to them.
GOVERNANCE = ("RantaiTimelock", *SAFE_CONTRACTS)
ORDER = (*RANTAI, *GOVERNANCE)
ROOT = Path(__file__).resolve().parents[1]
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


GAS_MODE_VARIABLE = "RANTAI_GAS_MODE"


def tx_fees(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Fee arguments for Ape transactions in the gas mode ``RANTAI_GAS_MODE`` names.

    ``free`` (Besu with ``zeroBaseFee`` and ``min-gas-price=0``) sends legacy transactions at gas
    price 0, whatever tip the node suggests (Besu answers ``eth_maxPriorityFeePerGas`` with a
    non-zero default, which an account without ether cannot pay). Any other mode, or none, lets
    Ape ask the node.
    """
    values = os.environ if environ is None else environ
    mode = values.get(GAS_MODE_VARIABLE, "").strip().lower()
    return {"gas_price": 0, "type": 0} if mode == "free" else {}


def unlocked(account: Any) -> Any:
    """An Ape keyfile account that signs without prompting when its passphrase is in the
    environment as ``APE_ACCOUNTS_<alias>_PASSPHRASE`` (automation; otherwise Ape prompts)."""
    passphrase = os.environ.get(f"APE_ACCOUNTS_{account.alias}_PASSPHRASE")
    if passphrase is not None:
        account.set_autosign(True, passphrase=passphrase)
    return account


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


def contract_container(project: Any, name: str) -> Any:
    """The Ape container of a deployed contract: Rantai's from the project, Safe's from npm."""
    return container(name) if name in SAFE_CONTRACTS else getattr(project, name)


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
    project: Any,
    chain: Any,
    deployer: Any,
    path: Path,
    network: str,
    force: bool = False,
    ocid_prefix: str = OCID_PREFIX,
    log: Log = print,
    timelock_delay: int = DEFAULT_TIMELOCK_DELAY,
) -> dict[str, Any]:
    """Deploy (or verify) the Rantai contracts on the connected chain and write ``path``.

    Args:
        project: Ape's project manager (compiled contract containers).
        chain: Ape's chain manager (connected).
        deployer: The Ape account that deploys; it becomes the Registry's GOVERNOR.
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
    check_deployer(network, str(deployer.address))
    existing: dict[str, Any] | None = json.loads(path.read_text()) if path.is_file() else None
    if existing is not None and existing.get("chainId") != chain.chain_id:
        raise DeployError(
            f"{path} is for chain {existing.get('chainId')}, the node serves chain "
            f"{chain.chain_id}; refusing to mix them (move the file or pick another network)"
        )
    if existing is not None and not force:
        problems = verify(project, chain, existing)
        if not problems:
            log(f"{path}: every contract verified on chain {chain.chain_id}; nothing to do")
            return existing
        log(f"{path}: {problems[0]}; deploying anew")
    record = _deploy_all(project, chain, deployer, network, ocid_prefix, log, timelock_delay)
    problems = verify(project, chain, record)
    if problems:
        raise DeployError(f"fresh deployment does not verify: {problems[0]}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=2) + "\n")
    log(f"wrote {path}")
    return record


def _deploy_all(
    project: Any,
    chain: Any,
    deployer: Any,
    network: str,
    ocid_prefix: str,
    log: Log,
    timelock_delay: int,
) -> dict[str, Any]:
    addresses: dict[str, str] = {}
    contracts: dict[str, dict[str, Any]] = {}
    instances: dict[str, Any] = {}
    fees = tx_fees()
    for name in ORDER:
        args = constructor_args(str(deployer.address), addresses, ocid_prefix, timelock_delay)[name]
        instance = contract_container(project, name).deploy(*args, sender=deployer, **fees)
        receipt = chain.get_receipt(instance.txn_hash)
        code = bytes(chain.provider.get_code(instance.address))
        addresses[name] = str(instance.address)
        instances[name] = instance
        contracts[name] = {
            "address": str(instance.address),
            "transactionHash": str(instance.txn_hash),
            "blockNumber": receipt.block_number,
            "constructorArgs": args,
            "runtimeCodeHash": "0x" + keccak(code).hex(),
        }
        log(f"deployed {name} at {instance.address} (block {receipt.block_number})")
    _wire(instances, deployer, log)
    return {
        "schema": SCHEMA_VERSION,
        "network": network,
        "chainId": chain.chain_id,
        "deployer": str(deployer.address),
        "deployedAt": datetime.now(UTC).isoformat(timespec="seconds"),
        "contracts": contracts,
        "compiler": compiler_settings(project),
        "gitRevision": git_revision(),
    }


def _wire(instances: dict[str, Any], deployer: Any, log: Log) -> None:
    registry, fees = instances["Registry"], tx_fees()
    for contract, function, args in system.wiring(lambda r: getattr(registry, r)(), instances):
        getattr(instances[contract], function)(*args, sender=deployer, **fees)
    log("wired roles BUDGET_SPENDER (Tendering, OrderEscrow), ESCROW (OrderEscrow), tracking")


def verify(project: Any, chain: Any, record: dict[str, Any]) -> list[str]:
    """What does not match between ``record`` and the chain (empty when all verifies)."""
    problems: list[str] = []
    web3 = chain.provider.web3
    for name in ORDER:
        entry = record.get("contracts", {}).get(name)
        if entry is None:
            problems.append(f"{name} is not recorded")
            continue
        on_chain = bytes(web3.eth.get_code(entry["address"]))
        if not on_chain:
            problems.append(f"{name}: no code at {entry['address']}")
            continue
        expected = bytes(
            web3.eth.call({"data": init_code(project, name, entry["constructorArgs"])})
        )
        if on_chain != expected:
            problems.append(f"{name}: code at {entry['address']} differs from the artifact")
    if not problems:
        problems.extend(_wiring_problems(project, chain, record))
    return problems


def _wiring_problems(project: Any, chain: Any, record: dict[str, Any]) -> list[str]:
    address = {name: record["contracts"][name]["address"] for name in RANTAI}
    registry = project.Registry.at(address["Registry"])
    escrow = project.OrderEscrow.at(address["OrderEscrow"])
    checks = {
        "Tendering lacks BUDGET_SPENDER": registry.hasRole(
            registry.BUDGET_SPENDER_ROLE(), address["Tendering"]
        ),
        "OrderEscrow lacks BUDGET_SPENDER": registry.hasRole(
            registry.BUDGET_SPENDER_ROLE(), address["OrderEscrow"]
        ),
        "OrderEscrow lacks ESCROW": registry.hasRole(
            registry.ESCROW_ROLE(), address["OrderEscrow"]
        ),
        "OrderEscrow is not wired to ShipmentTracking": escrow.shipmentTracking()
        == address["ShipmentTracking"],
    }
    return [problem for problem, ok in checks.items() if not ok]


def init_code(project: Any, name: str, args: list[Any]) -> bytes:
    """The artifact's deployment bytecode followed by the ABI-encoded constructor arguments."""
    contract_type = contract_container(project, name).contract_type
    bytecode = bytes(contract_type.deployment_bytecode.to_bytes())
    constructor = contract_type.constructor
    types = [str(i.canonical_type) for i in constructor.inputs]
    return bytecode + encode(types, args)


def compiler_settings(project: Any) -> dict[str, Any]:
    """Compiler name, version and settings of the build, from Ape's manifest."""
    manifest = json.loads((ROOT / ".build" / "__local__.json").read_text())
    for compiler in manifest.get("compilers", []):
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

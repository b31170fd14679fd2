"""The Safe 1.4.1 contracts (npm `@safe-global/safe-contracts`) as Ape contract containers.

`tools/safe_build.js` compiles them with solc-js 0.7.6 into `.build/safe/`; `container(name)`
builds the artifacts first when they are missing, so deploy, tests and the demo need no extra
step. `create_safe` deploys a Safe proxy at a CREATE2 address that depends only on the owners,
threshold and salt, so a second bootstrap finds the Safe it made before.
"""

import json
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

from eth_abi.abi import encode
from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / ".build" / "safe"
SAFE_CONTRACTS = ("SafeL2", "SafeProxyFactory", "CompatibilityFallbackHandler", "MultiSendCallOnly")
ZERO = "0x0000000000000000000000000000000000000000"


def artifact(name: str) -> dict[str, Any]:
    """The compiled artifact of a Safe contract (built on first use)."""
    path = ARTIFACTS / f"{name}.json"
    if not path.is_file():
        subprocess.run(["node", str(ROOT / "tools" / "safe_build.js"), str(ARTIFACTS)], check=True)
    data: dict[str, Any] = json.loads(path.read_text())
    return data


@cache
def container(name: str) -> Any:
    """An Ape ContractContainer for a Safe contract."""
    from ape.contracts import ContractContainer
    from ethpm_types import ContractType

    data = artifact(name)
    contract_type = ContractType.model_validate(
        {
            "contractName": name,
            "sourceId": data["sourceName"],
            "abi": data["abi"],
            "deploymentBytecode": {"bytecode": data["bytecode"]},
            "runtimeBytecode": {"bytecode": data["deployedBytecode"]},
        }
    )
    return ContractContainer(contract_type)


def setup_data(owners: list[str], threshold: int, fallback_handler: str) -> bytes:
    """ABI-encoded `Safe.setup` call for a Safe with ``owners`` and ``threshold``."""
    selector = keccak(
        text="setup(address[],uint256,address,bytes,address,address,uint256,address)"
    )[:4]
    args = encode(
        ["address[]", "uint256", "address", "bytes", "address", "address", "uint256", "address"],
        [owners, threshold, ZERO, b"", fallback_handler, ZERO, 0, ZERO],
    )
    return selector + args


def predicted_address(
    factory: Any, singleton: str, owners: list[str], threshold: int, handler: str, salt: int
) -> str:
    """The CREATE2 address `SafeProxyFactory.createProxyWithNonce` gives this Safe."""
    initializer = setup_data(owners, threshold, handler)
    salt_hash = keccak(keccak(initializer) + salt.to_bytes(32, "big"))
    init_code = bytes(factory.proxyCreationCode()) + encode(["address"], [singleton])
    digest = keccak(
        b"\xff" + bytes.fromhex(str(factory.address)[2:]) + salt_hash + keccak(init_code)
    )
    return to_checksum_address(digest[12:])


def create_safe(
    chain: Any,
    record: dict[str, Any],
    owners: list[str],
    threshold: int,
    salt: int,
    sender: Any,
) -> tuple[str, bool]:
    """The Safe of ``owners``/``threshold`` (created when missing); returns (address, created)."""
    contracts = record["contracts"]
    factory = container("SafeProxyFactory").at(contracts["SafeProxyFactory"]["address"])
    singleton = contracts["SafeL2"]["address"]
    handler = contracts["CompatibilityFallbackHandler"]["address"]
    owners = sorted(to_checksum_address(o) for o in owners)
    address = predicted_address(factory, singleton, owners, threshold, handler, salt)
    if chain.provider.get_code(address):
        return address, False
    factory.createProxyWithNonce(
        singleton, setup_data(owners, threshold, handler), salt, sender=sender
    )
    return address, True

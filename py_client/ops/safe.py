"""The Safe 1.4.1 contracts (npm `@safe-global/safe-contracts`): artifacts and CREATE2 Safes.

``tools/safe_build.js`` compiles them with solc-js 0.7.6 into ``.build/safe/``; :func:`artifact`
builds them first when they are missing, so deploy, tests and the demo need no extra step.
:func:`create_safe` deploys a Safe proxy at a CREATE2 address that depends only on the owners,
threshold and salt, so a second bootstrap finds the Safe it made before.

Example::

    >>> setup_data(["0x" + "11" * 20], 1, ZERO)[:4].hex()
    'b63e800d'
"""

import json
import subprocess
from functools import cache
from typing import Any

from eth_abi.abi import encode
from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak
from web3 import Web3
from web3.contract import Contract

from py_client.ops.accounts import connected, sender
from py_client.ops.localchain import ROOT

ARTIFACTS = ROOT / ".build" / "safe"
SAFE_CONTRACTS = ("SafeL2", "SafeProxyFactory", "CompatibilityFallbackHandler", "MultiSendCallOnly")
ZERO = "0x0000000000000000000000000000000000000000"
SETUP_TYPES = [
    "address[]",
    "uint256",
    "address",
    "bytes",
    "address",
    "address",
    "uint256",
    "address",
]


@cache
def artifact(name: str) -> dict[str, Any]:
    """The compiled artifact of a Safe contract (``abi``, ``bytecode``; built on first use)."""
    path = ARTIFACTS / f"{name}.json"
    if not path.is_file():
        subprocess.run(["node", str(ROOT / "tools" / "safe_build.js"), str(ARTIFACTS)], check=True)
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def contract(w3: Web3, name: str, address: str) -> Contract:
    """A web3 contract of the Safe contract ``name`` at ``address``."""
    return w3.eth.contract(address=to_checksum_address(address), abi=artifact(name)["abi"])


def setup_data(owners: list[str], threshold: int, fallback_handler: str) -> bytes:
    """ABI-encoded `Safe.setup` call for a Safe with ``owners`` and ``threshold``."""
    selector = keccak(text=f"setup({','.join(SETUP_TYPES)})")[:4]
    args = encode(SETUP_TYPES, [owners, threshold, ZERO, b"", fallback_handler, ZERO, 0, ZERO])
    return selector + args


def predicted_address(
    factory: Contract, singleton: str, owners: list[str], threshold: int, handler: str, salt: int
) -> str:
    """The CREATE2 address `SafeProxyFactory.createProxyWithNonce` gives this Safe."""
    initializer = setup_data(owners, threshold, handler)
    salt_hash = keccak(keccak(initializer) + salt.to_bytes(32, "big"))
    creation = bytes(factory.functions.proxyCreationCode().call())
    init_code = creation + encode(["address"], [singleton])
    digest = keccak(
        b"\xff" + bytes.fromhex(str(factory.address)[2:]) + salt_hash + keccak(init_code)
    )
    return to_checksum_address(digest[12:])


def safe_address(
    w3: Web3, record: dict[str, Any], owners: list[str], threshold: int, salt: int
) -> str:
    """The CREATE2 address of the Safe of ``owners``/``threshold``/``salt`` in ``record``."""
    contracts = record["contracts"]
    factory = contract(w3, "SafeProxyFactory", contracts["SafeProxyFactory"]["address"])
    return predicted_address(
        factory,
        contracts["SafeL2"]["address"],
        sorted(to_checksum_address(o) for o in owners),
        threshold,
        contracts["CompatibilityFallbackHandler"]["address"],
        salt,
    )


def create_safe(
    w3: Web3,
    record: dict[str, Any],
    owners: list[str],
    threshold: int,
    salt: int,
    signer: Any,
) -> tuple[str, bool]:
    """The Safe of ``owners``/``threshold`` (created when missing); returns (address, created).

    Args:
        w3: The connected chain.
        record: The deployment record (the Safe singleton, factory and fallback handler).
        owners: The Safe's owners (sorted: the order is part of the CREATE2 address).
        threshold: Signatures needed.
        salt: The CREATE2 salt nonce.
        signer: Who sends the creation (a key; see :mod:`py_client.ops.accounts`); not used
            when the Safe exists.
    """
    contracts = record["contracts"]
    owners = sorted(to_checksum_address(o) for o in owners)
    address = safe_address(w3, record, owners, threshold, salt)
    if w3.eth.get_code(to_checksum_address(address)):
        return address, False
    factory = contract(w3, "SafeProxyFactory", contracts["SafeProxyFactory"]["address"])
    handler = contracts["CompatibilityFallbackHandler"]["address"]
    singleton = contracts["SafeL2"]["address"]
    sender(connected(w3), signer).transact(
        factory.functions.createProxyWithNonce(
            singleton, setup_data(owners, threshold, handler), salt
        )
    )
    return address, True


__all__ = [
    "SAFE_CONTRACTS",
    "ZERO",
    "artifact",
    "contract",
    "create_safe",
    "predicted_address",
    "safe_address",
    "setup_data",
]

"""The Rantai system's deploy-and-wire sequence, once, for every deployer (Ape-free).

``ape run deploy`` and the tests (:mod:`py_client.ops.deploy`, py_client's ``Sender``) and the
benchmarks (the bulk pipeline) deploy the same five contracts in the same order with the same
constructor arguments and the same wiring calls; they differ only in how a transaction is sent.
This module says *what* is sent:

- :data:`RANTAI`: the contracts in deployment order (each needs the ones before it);
- :func:`constructor_args`: each contract's arguments given the addresses deployed so far;
- :func:`wiring`: the calls that connect them (budget-spender and escrow roles, tracking);
- :data:`ORG_KIND`: the Registry's ``OrgKind`` values by name, for bootstrapping;
- :func:`load_artifacts`: ABI and creation bytecode from Ape's build manifest (``.build/``).

Example::

    >>> constructor_args("0xGov", {"Registry": "0xReg"}, "ocds-x")["RupiahToken"]
    ['0xReg']
    >>> [(contract, function) for contract, function, _ in wiring(lambda r: r, {})][-1]
    ('OrderEscrow', 'setShipmentTracking')
"""

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from py_client.ops.localchain import ROOT

RANTAI = ("Registry", "RupiahToken", "Tendering", "OrderEscrow", "ShipmentTracking")
OCID_PREFIX = "ocds-rantai"
MANIFEST = ROOT / ".build" / "__local__.json"

# IRegistry.OrgKind (contracts/interfaces/IRegistry.sol).
ORG_KIND = {
    "Governance": 1,
    "Agency": 2,
    "Supplier": 3,
    "Contractor": 4,
    "Carrier": 5,
    "Auditor": 6,
    "Arbiter": 7,
    "Treasury": 8,
}

Call = tuple[str, str, list[Any]]
"""(contract name, function name, arguments) of one wiring call, sent by the governor."""


def constructor_args(
    governor: str, addresses: dict[str, str], ocid_prefix: str = OCID_PREFIX
) -> dict[str, list[Any]]:
    """Constructor arguments of each Rantai contract, given the addresses deployed before it.

    Args:
        governor: The Registry's first GOVERNOR (the deployer).
        addresses: The contracts deployed so far, by name (a missing one gives ``None``).
        ocid_prefix: The OCDS prefix the contracts put into ocids.
    """
    return {
        "Registry": [governor],
        "RupiahToken": [addresses.get("Registry")],
        "Tendering": [addresses.get("Registry"), addresses.get("RupiahToken"), ocid_prefix],
        "OrderEscrow": [
            addresses.get("Registry"),
            addresses.get("RupiahToken"),
            addresses.get("Tendering"),
            ocid_prefix,
        ],
        "ShipmentTracking": [addresses.get("Registry"), addresses.get("OrderEscrow")],
    }


def wiring(role: Callable[[str], Any], addresses: dict[str, Any]) -> list[Call]:
    """The governor's calls that connect the deployed contracts.

    Args:
        role: The Registry's role id of a role getter name (e.g. ``"ESCROW_ROLE"``).
        addresses: The deployed contracts by name (addresses or the deployer's own handles).
    """
    spender, escrow = role("BUDGET_SPENDER_ROLE"), role("ESCROW_ROLE")
    return [
        ("Registry", "grantRole", [spender, addresses.get("Tendering")]),
        ("Registry", "grantRole", [spender, addresses.get("OrderEscrow")]),
        ("Registry", "grantRole", [escrow, addresses.get("OrderEscrow")]),
        ("OrderEscrow", "setShipmentTracking", [addresses.get("ShipmentTracking")]),
    ]


def load_artifacts(
    names: Sequence[str] = RANTAI, manifest: Path = MANIFEST
) -> dict[str, dict[str, Any]]:
    """ABI and creation bytecode by contract name from Ape's build manifest.

    Raises:
        FileNotFoundError: Nothing is compiled (``make compile``).
        KeyError: A contract of ``names`` is not in the manifest.
    """
    types = json.loads(manifest.read_text())["contractTypes"]
    return {
        name: {"abi": types[name]["abi"], "bytecode": types[name]["deploymentBytecode"]["bytecode"]}
        for name in names
    }


__all__ = [
    "MANIFEST",
    "OCID_PREFIX",
    "ORG_KIND",
    "RANTAI",
    "Call",
    "constructor_args",
    "load_artifacts",
    "wiring",
]

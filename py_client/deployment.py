"""Deployment files: where the Rantai contracts live on one network.

``deployments/<network>.json`` is written by ``ape run deploy``; the client reads it by path or
by network name. Its schema (version 1)::

    {
      "schema": 1,
      "network": "local",
      "chainId": 31337,
      "contracts": {
        "Registry": {"address": "0x…", "transactionHash": "0x…", "blockNumber": 1,
                     "runtimeCodeHash": "0x…"},
        "RupiahToken": {…}, "Tendering": {…}, "OrderEscrow": {…}, "ShipmentTracking": {…}
      },
      "compiler": {"version": "0.8.28", "evmVersion": "london",
                   "optimizer": {"enabled": true, "runs": 200}},
      "gitRevision": "…"
    }

Example::

    >>> d = Deployment.from_dict({"chainId": 1945, "contracts": {
    ...     name: {"address": "0x" + "00" * 19 + f"{i:02x}", "blockNumber": i}
    ...     for i, name in enumerate(CONTRACT_NAMES, 1)}})
    >>> d.address("OrderEscrow")
    '0x0000000000000000000000000000000000000004'
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eth_utils.address import is_hex_address, to_checksum_address

from py_client.errors import ConfigError

CONTRACT_NAMES = ("Registry", "RupiahToken", "Tendering", "OrderEscrow", "ShipmentTracking")
DEPLOYMENTS_DIR = Path("deployments")


def read_deployment_file(name_or_path: str) -> tuple[Path, dict[str, Any]]:
    """The path and JSON content of a deployment file, by path or by network name.

    Raises:
        ConfigError: The file is missing or not JSON.
    """
    path = Path(name_or_path)
    if not path.suffix and not path.exists():
        path = DEPLOYMENTS_DIR / f"{name_or_path}.json"
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        raise ConfigError(f"deployment file not found: {path}") from None
    except (OSError, json.JSONDecodeError) as err:
        raise ConfigError(f"deployment file {path} is not readable JSON: {err}") from err
    return path, data


@dataclass(frozen=True)
class Deployment:
    """Addresses and deploy blocks of the Rantai contracts on one chain."""

    chain_id: int
    addresses: Mapping[str, str]
    blocks: Mapping[str, int]
    network: str = ""

    @classmethod
    def load(cls, name_or_path: str) -> "Deployment":
        """Read a deployment by file path, or by network name from ``deployments/``.

        Raises:
            ConfigError: The file is missing, not JSON, or lacks a contract.
        """
        path, data = read_deployment_file(name_or_path)
        return cls.from_dict(data, source=str(path))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "deployment") -> "Deployment":
        """Validate and build a deployment from its JSON form."""
        contracts = data.get("contracts")
        if not isinstance(contracts, Mapping) or not isinstance(data.get("chainId"), int):
            raise ConfigError(f"{source}: needs 'chainId' and 'contracts'")
        addresses: dict[str, str] = {}
        blocks: dict[str, int] = {}
        for name in CONTRACT_NAMES:
            entry = contracts.get(name)
            if not isinstance(entry, Mapping) or not is_hex_address(str(entry.get("address"))):
                raise ConfigError(f"{source}: contract {name} has no valid address")
            addresses[name] = to_checksum_address(str(entry["address"]))
            blocks[name] = int(entry.get("blockNumber", 0))
        return cls(int(data["chainId"]), addresses, blocks, str(data.get("network", "")))

    def address(self, name: str) -> str:
        """The checksummed address of contract ``name``."""
        return self.addresses[name]

    @property
    def start_block(self) -> int:
        """The first block any Rantai contract exists in (where an indexer starts)."""
        return min(self.blocks.values())

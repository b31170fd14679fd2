"""The Safe contracts as Ape contract containers, for tests that drive a Safe through Ape.

The artifacts come from :func:`py_client.ops.safe.artifact` (built by tools/safe_build.js on
first use); deploy and bootstrap themselves are Ape-free (py_client/ops/).
"""

from functools import cache
from typing import Any

from py_client.ops.safe import artifact


@cache
def container(name: str) -> Any:
    """An Ape ContractContainer for the Safe contract ``name``."""
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

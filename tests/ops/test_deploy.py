"""`py_client.ops.deploy` (`ape run deploy`): deploy, verify, idempotence, chain-id refusal."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from web3.exceptions import Web3RPCError

from py_client.deployment import Deployment
from py_client.errors import TransactionRejected
from py_client.ops.deploy import ORDER, DeployError, deploy, verify


def run(
    project: Any, chain: Any, governor: Any, path: Path, **kwargs: Any
) -> tuple[dict[str, Any], list[str]]:
    lines: list[str] = []
    record = deploy(chain.provider.web3, governor, path, "local", log=lines.append, **kwargs)
    return record, lines


def test_deploy_writes_a_verified_wired_deployment_the_client_reads(
    project: Any, chain: Any, governor: Any, tmp_path: Path
) -> None:
    path = tmp_path / "local.json"
    record, lines = run(project, chain, governor, path)
    assert list(record["contracts"]) == list(ORDER)
    assert record["chainId"] == chain.chain_id
    assert record["compiler"]["evmVersion"] == "london"
    assert verify(chain.provider.web3, record) == []
    assert f"wrote {path}" in lines
    client_view = Deployment.load(str(path))
    assert client_view.address("OrderEscrow") == record["contracts"]["OrderEscrow"]["address"]
    escrow = project.OrderEscrow.at(client_view.address("OrderEscrow"))
    assert escrow.shipmentTracking() == client_view.address("ShipmentTracking")


def test_second_run_changes_nothing(
    project: Any, chain: Any, governor: Any, tmp_path: Path
) -> None:
    path = tmp_path / "local.json"
    first, _ = run(project, chain, governor, path)
    block = chain.blocks.head.number
    second, lines = run(project, chain, governor, path)
    assert second == first
    assert chain.blocks.head.number == block
    assert any("nothing to do" in line for line in lines)


def test_force_deploys_anew(project: Any, chain: Any, governor: Any, tmp_path: Path) -> None:
    path = tmp_path / "local.json"
    first, _ = run(project, chain, governor, path)
    second, _ = run(project, chain, governor, path, force=True)
    assert second["contracts"]["Registry"]["address"] != first["contracts"]["Registry"]["address"]


def test_a_file_for_another_chain_is_refused(
    project: Any, chain: Any, governor: Any, tmp_path: Path
) -> None:
    path = tmp_path / "besu.json"
    path.write_text(json.dumps({"chainId": 1945, "contracts": {}}))
    block = chain.blocks.head.number
    with pytest.raises(DeployError, match="is for chain 1945, the node serves chain"):
        run(project, chain, governor, path)
    assert chain.blocks.head.number == block


def test_code_that_differs_from_the_artifacts_is_detected_and_redeployed(
    project: Any, chain: Any, governor: Any, tmp_path: Path
) -> None:
    path = tmp_path / "local.json"
    record, _ = run(project, chain, governor, path)
    tampered = json.loads(path.read_text())
    tampered["contracts"]["Tendering"]["address"] = record["contracts"]["OrderEscrow"]["address"]
    path.write_text(json.dumps(tampered))
    assert verify(chain.provider.web3, tampered) == [
        f"Tendering: code at {record['contracts']['OrderEscrow']['address']} differs from the "
        "artifact"
    ]
    fresh, lines = run(project, chain, governor, path)
    assert any("differs from the artifact; deploying anew" in line for line in lines)
    assert verify(chain.provider.web3, fresh) == []


def test_free_gas_mode_deploys_from_an_account_without_ether_whatever_tip_the_node_suggests(
    project: Any, chain: Any, accounts: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Besu answers eth_maxPriorityFeePerGas with a non-zero tip even on a zero-fee network;
    anvil does too (1 gwei). With RANTAI_GAS_MODE=free the deploy pays nothing."""
    assert chain.provider.web3.eth.max_priority_fee > 0
    broke = accounts.generate_test_account()
    assert broke.balance == 0
    monkeypatch.delenv("RANTAI_GAS_MODE", raising=False)
    with pytest.raises((TransactionRejected, Web3RPCError), match=r"exceeds allowance: 0"):
        deploy(chain.provider.web3, broke, tmp_path / "paid.json", "local", log=lambda _: None)

    monkeypatch.setenv("RANTAI_GAS_MODE", "free")
    record = deploy(chain.provider.web3, broke, tmp_path / "free.json", "local", log=lambda _: None)

    assert record["deployer"] == broke.address
    for entry in record["contracts"].values():
        sent = chain.provider.web3.eth.get_transaction(entry["transactionHash"])
        assert sent["gasPrice"] == 0
        assert sent["type"] == 0
    assert broke.balance == 0


def test_the_operations_code_imports_no_ape() -> None:
    """Issue 14 item 5: scripts, tests and benchmarks share py_client/ops, which needs no Ape."""
    modules = ("deploy", "bootstrap", "safe", "pilot", "governance_pilot", "demo", "localchain")
    code = (
        f"import sys, {', '.join(f'py_client.ops.{m}' for m in modules)};"
        "print(sorted(m for m in sys.modules if m == 'ape' or m.startswith('ape_')))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"

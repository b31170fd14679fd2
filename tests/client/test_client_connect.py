"""Rantai.connect: settings, chain-id checks (settings, deployment), signer or read-only."""

import json
from pathlib import Path
from typing import Any

import pytest

from py_client import Rantai, Settings
from py_client.errors import ChainIdMismatch, ConfigError, SignerError
from py_client.models import OrgKind, Role


@pytest.fixture
def node_id(chain: Any) -> int:
    return int(chain.chain_id)


def deployment_copy(source: Path, target: Path, **changes: Any) -> Path:
    data = json.loads(source.read_text())
    data.update(changes)
    target.write_text(json.dumps(data))
    return target


def test_connect_with_a_signer(
    rpc_url: str, deployment_file: Path, private_key: Any, agency: Any, node_id: int
) -> None:
    client = Rantai.connect(
        Settings(
            rpc_url=rpc_url,
            chain_id=node_id,
            deployment=str(deployment_file),
            private_key=private_key(agency),
        )
    )
    me = client.whoami()
    assert me.address == agency.address
    assert me.org_kind == OrgKind.AGENCY
    assert me.roles == frozenset({Role.AGENCY})
    assert client.ocid("PO", 3) == f"ocds-rantai-{node_id}-PO3"


def test_connect_from_a_dotenv_file(
    rpc_url: str,
    deployment_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    node_id: int,
) -> None:
    for name in ("RANTAI_PRIVATE_KEY", "RANTAI_KEYSTORE", "RANTAI_MNEMONIC", "RANTAI_DEPLOYMENT"):
        monkeypatch.delenv(name, raising=False)
    env = tmp_path / ".env"
    env.write_text(
        f"RANTAI_RPC_URL={rpc_url}\nRANTAI_CHAIN_ID={node_id}\nRANTAI_DEPLOYMENT={deployment_file}\n"
    )
    client = Rantai.connect(env_file=str(env))
    assert client.address is None  # read-only without a signer
    assert client.policy().max_bids_per_tender == 200  # the default cap (issue 13)


def test_settings_chain_id_differs_from_the_node(
    rpc_url: str, deployment_file: Path, tmp_path: Path, node_id: int
) -> None:
    other = deployment_copy(deployment_file, tmp_path / "d.json", chainId=node_id + 1)
    with pytest.raises(
        ChainIdMismatch, match=f"expects {node_id + 1}, the node reports {node_id}"
    ) as caught:
        Rantai.connect(Settings(rpc_url=rpc_url, chain_id=node_id + 1, deployment=str(other)))
    assert (caught.value.expected, caught.value.actual) == (node_id + 1, node_id)


def test_deployment_chain_id_differs_from_the_node(
    rpc_url: str, deployment_file: Path, tmp_path: Path, node_id: int
) -> None:
    other = deployment_copy(deployment_file, tmp_path / "d.json", chainId=node_id + 1)
    with pytest.raises(ChainIdMismatch, match=f"the deployment file expects {node_id + 1}"):
        Rantai.connect(Settings(rpc_url=rpc_url, deployment=str(other)))


def test_settings_chain_id_differs_from_the_deployment(
    rpc_url: str, deployment_file: Path, node_id: int
) -> None:
    with pytest.raises(ConfigError, match=f"is for chain {node_id}"):
        Rantai.connect(
            Settings(rpc_url=rpc_url, chain_id=node_id + 1, deployment=str(deployment_file))
        )


def test_no_deployment_configured(rpc_url: str) -> None:
    with pytest.raises(ConfigError, match="RANTAI_DEPLOYMENT"):
        Rantai.connect(Settings(rpc_url=rpc_url))


def test_deployment_without_contract_code(
    rpc_url: str, deployment_file: Path, tmp_path: Path
) -> None:
    data = json.loads(deployment_file.read_text())
    data["contracts"]["Tendering"]["address"] = "0x" + "12" * 20
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps(data))
    with pytest.raises(ConfigError, match=r"no contract code at .* \(Tendering\)"):
        Rantai.connect(Settings(rpc_url=rpc_url, deployment=str(wrong)))


def test_unreachable_node(deployment_file: Path) -> None:
    with pytest.raises(ConfigError, match="cannot reach the node"):
        Rantai.connect(Settings(rpc_url="http://127.0.0.1:9", deployment=str(deployment_file)))


def test_malformed_signer(rpc_url: str, deployment_file: Path) -> None:
    with pytest.raises(SignerError):
        Rantai.connect(
            Settings(rpc_url=rpc_url, deployment=str(deployment_file), private_key="0x12")
        )

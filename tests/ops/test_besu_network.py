"""The reference Besu network (network/besu/): no administrative API reachable from outside a host.

Every file in the folder is parsed (TOML node configurations, JSON genesis input, the README is
prose); a node configuration that opens an HTTP, WebSocket or GraphQL interface on a
non-loopback address may expose only the read and transaction APIs the clients need.
"""

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

BESU = Path(__file__).resolve().parents[2] / "network" / "besu"
PROSE = {"README.md"}
ADMINISTRATIVE = frozenset(
    {
        "ADMIN",
        "CLIQUE",
        "DEBUG",
        "IBFT",
        "MINER",
        "PERM",
        "PLUGINS",
        "PRIV",
        "EEA",
        "QBFT",
        "TRACE",
        "TXPOOL",
        "ENGINE",
    }
)
PUBLIC_ALLOWED = frozenset({"ETH", "NET", "WEB3"})
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
# interface -> (enabled option, host option, APIs option); Besu's default host is 127.0.0.1
INTERFACES = {
    "http": ("rpc-http-enabled", "rpc-http-host", "rpc-http-api"),
    "ws": ("rpc-ws-enabled", "rpc-ws-host", "rpc-ws-api"),
}
DEFAULT_APIS = ["ETH", "NET", "WEB3"]


def parsed_files() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for path in sorted(BESU.iterdir()):
        if path.name in PROSE:
            continue
        if path.suffix == ".toml":
            out[path.name] = tomllib.loads(path.read_text())
        elif path.suffix == ".json":
            out[path.name] = json.loads(path.read_text())
        else:
            raise AssertionError(f"{path}: unknown file type; teach tests/ops/test_besu_network.py")
    return out


def node_configs() -> dict[str, dict[str, Any]]:
    return {
        name: config
        for name, config in parsed_files().items()
        if name.endswith(".toml") and "genesis-file" in config
    }


def exposed_administrative_apis(config: dict[str, Any]) -> list[str]:
    """The administrative APIs ``config`` serves on a non-loopback interface."""
    found: list[str] = []
    for enabled, host, apis in INTERFACES.values():
        if not config.get(enabled, False):
            continue
        if str(config.get(host, "127.0.0.1")) in LOOPBACK:  # Besu's default host is loopback
            continue
        served = {str(a).upper() for a in config.get(apis, DEFAULT_APIS)}
        found += sorted(served - PUBLIC_ALLOWED)
    if (
        config.get("graphql-http-enabled")
        and str(config.get("graphql-http-host", "127.0.0.1")) not in LOOPBACK
    ):
        found.append("GRAPHQL")
    return found


def test_every_file_in_network_besu_parses() -> None:
    files = parsed_files()
    assert {"validator.toml", "rpc-node.toml", "archive-node.toml"} <= set(files)
    assert not (BESU / "config.toml").exists()


@pytest.mark.parametrize("name", sorted(node_configs()))
def test_no_administrative_api_on_a_non_loopback_interface(name: str) -> None:
    assert exposed_administrative_apis(node_configs()[name]) == []


def test_the_check_refuses_qbft_and_txpool_on_all_interfaces() -> None:
    leaky = {
        "genesis-file": "g.json",
        "rpc-http-enabled": True,
        "rpc-http-host": "0.0.0.0",  # noqa: S104 - the configuration under test
        "rpc-http-api": ["ETH", "NET", "WEB3", "QBFT", "TXPOOL"],
        "rpc-ws-enabled": True,
        "rpc-ws-host": "10.0.0.5",
        "rpc-ws-api": ["ETH", "admin"],
    }
    assert exposed_administrative_apis(leaky) == ["QBFT", "TXPOOL", "ADMIN"]


@pytest.mark.parametrize("api", sorted(ADMINISTRATIVE))
def test_each_administrative_api_is_refused_off_loopback_and_allowed_on_it(api: str) -> None:
    public = {
        "rpc-http-enabled": True,
        "rpc-http-host": "10.20.0.4",
        "rpc-http-api": ["ETH", "NET", "WEB3", api],
    }
    assert exposed_administrative_apis(public) == [api]
    assert exposed_administrative_apis(dict(public, **{"rpc-http-host": "127.0.0.1"})) == []
    graphql = {"graphql-http-enabled": True, "graphql-http-host": "10.20.0.4"}
    assert exposed_administrative_apis({**public, **graphql}) == [
        api,
        "GRAPHQL",
    ]


def test_validators_listen_for_rpc_on_loopback_only() -> None:
    validator = node_configs()["validator.toml"]
    assert validator["rpc-http-host"] in LOOPBACK
    assert not validator.get("rpc-ws-enabled", False)


def test_the_public_rpc_node_serves_eth_net_web3_over_tls_with_jwt() -> None:
    rpc = node_configs()["rpc-node.toml"]
    assert set(rpc["rpc-http-api"]) == PUBLIC_ALLOWED
    assert rpc["rpc-http-tls-enabled"] is True
    assert rpc["rpc-http-authentication-enabled"] is True
    assert rpc["rpc-http-authentication-jwt-public-key-file"]
    assert "localhost" not in rpc["host-allowlist"]


def test_the_archive_node_keeps_every_state() -> None:
    archive = node_configs()["archive-node.toml"]
    assert archive["profile"] == "ENTERPRISE"
    assert archive["sync-mode"] == "FULL"
    assert archive["data-storage-format"] == "FOREST"

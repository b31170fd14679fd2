"""Credentials for an authenticated RPC node reach the node from every JSON-RPC client.

A small HTTP server stands in for Besu's RPC node with ``--rpc-http-authentication-enabled``
(or a proxy with basic authentication): it records each request's ``Authorization`` header and
answers ``eth_chainId``. The web3 provider of :class:`py_client.chain.Chain`, the auditor's
indexer transport and the bulk engine's transport must all send the same header.
"""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from py_client.audit.rpc import RawRpc as AuditRpc
from py_client.bulk.rpc import RawRpc as BulkRpc
from py_client.chain import Chain
from py_client.errors import ConfigError
from py_client.rpc import JsonRpc, NodeUnreachable, RpcError
from py_client.rpc_auth import RpcEndpoint, redacted, without_credentials
from py_client.settings import Settings


class _Node(BaseHTTPRequestHandler):
    seen: ClassVar[list[str | None]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append(self.headers.get("Authorization"))
        requests = body if isinstance(body, list) else [body]
        answers = [{"jsonrpc": "2.0", "id": r["id"], "result": "0x799"} for r in requests]
        payload = json.dumps(answers if isinstance(body, list) else answers[0]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def node() -> Iterator[tuple[str, list[str | None]]]:
    _Node.seen = []
    server = HTTPServer(("127.0.0.1", 0), _Node)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}", _Node.seen
    server.shutdown()
    server.server_close()


@pytest.fixture
def without_jwt_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No RANTAI_RPC_JWT / RANTAI_RPC_JWT_FILE in the environment."""
    monkeypatch.delenv("RANTAI_RPC_JWT", raising=False)
    monkeypatch.delenv("RANTAI_RPC_JWT_FILE", raising=False)


def _all_clients(url: str, jwt: str | None) -> None:
    assert Chain.connect(Settings(rpc_url=url, rpc_jwt=jwt)).chain_id == 1945
    AuditRpc(url, jwt=jwt).call("eth_chainId")
    BulkRpc(url, jwt=jwt).call("eth_chainId")


def test_a_jwt_from_a_file_is_sent_as_bearer_by_every_client(
    node: tuple[str, list[str | None]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    host, seen = node
    token_file = tmp_path / "rpc.jwt"
    token_file.write_text("eyJhbGciOiJFUzI1NiJ9.e30.c2ln\n")
    monkeypatch.delenv("RANTAI_RPC_JWT", raising=False)
    settings = Settings.from_env(
        env_file=None,
        environ={"RANTAI_RPC_URL": f"http://{host}", "RANTAI_RPC_JWT_FILE": str(token_file)},
    )

    _all_clients(settings.rpc_url, settings.rpc_jwt)

    assert set(seen) == {"Bearer eyJhbGciOiJFUzI1NiJ9.e30.c2ln"}
    assert len(seen) >= 3


def test_a_jwt_in_the_environment_reaches_clients_built_from_a_url_alone(
    node: tuple[str, list[str | None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    host, seen = node
    monkeypatch.setenv("RANTAI_RPC_JWT", "token-from-env")
    AuditRpc(f"http://{host}").call("eth_chainId")
    BulkRpc(f"http://{host}").call("eth_chainId")
    assert seen == ["Bearer token-from-env"] * 2


@pytest.mark.parametrize(
    ("url", "headers"),
    [
        # user and password in the URL are sent as basic auth, not dropped
        ("http://auditor:p%40ss@{host}/", {"Basic YXVkaXRvcjpwQHNz"}),  # base64("auditor:p@ss")
        ("http://{host}", {None}),  # no credentials, no header
    ],
    ids=["user_and_password_in_the_url_are_sent_as_basic_auth", "no_credentials_no_header"],
)
def test_the_url_alone_decides_the_authorization_header(
    node: tuple[str, list[str | None]], without_jwt_env: None, url: str, headers: set[str | None]
) -> None:
    host, seen = node
    _all_clients(url.format(host=host), None)
    assert set(seen) == headers


def test_both_a_jwt_and_basic_credentials_are_refused_without_showing_the_password() -> None:
    with pytest.raises(ConfigError, match="use one of them") as refused:
        RpcEndpoint.from_url("https://ops:s3cret@rpc.example.go.id", jwt="abc")
    assert "s3cret" not in str(refused.value)


def test_an_unreadable_jwt_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="RANTAI_RPC_JWT_FILE cannot be read"):
        RpcEndpoint.from_url(
            "http://127.0.0.1:8545", environ={"RANTAI_RPC_JWT_FILE": str(tmp_path / "missing")}
        )


def test_urls_shown_to_people_carry_no_password() -> None:
    url = "https://ops:s3cret@rpc.example.go.id:8545/rpc"
    assert redacted(url) == "https://ops:***@rpc.example.go.id:8545/rpc"
    assert without_credentials(url) == "https://rpc.example.go.id:8545/rpc"
    assert RpcEndpoint.from_url(url, environ={}).url == "https://rpc.example.go.id:8545/rpc"


def test_the_indexer_and_the_bulk_engine_share_one_transport() -> None:
    assert issubclass(AuditRpc, JsonRpc)
    assert BulkRpc is JsonRpc


def test_the_transport_sends_configured_headers_and_answers_a_batch_in_order(
    node: tuple[str, list[str | None]], without_jwt_env: None
) -> None:
    host, seen = node
    rpc = JsonRpc(f"http://{host}", max_batch=2, headers={"Authorization": "Bearer from-a-proxy"})

    assert rpc.results("eth_chainId", [[]] * 5) == ["0x799"] * 5

    assert seen == ["Bearer from-a-proxy"] * 3  # 5 requests, 2 per post
    assert rpc.requests == 3


def test_a_node_that_cannot_be_reached_is_a_setting_to_check() -> None:
    rpc = JsonRpc("http://127.0.0.1:1", timeout_s=2, jwt="")
    with pytest.raises(NodeUnreachable, match="cannot reach the node at http") as err:
        rpc.call("eth_chainId")
    assert isinstance(err.value, ConfigError)
    assert isinstance(err.value, RpcError)

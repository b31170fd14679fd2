"""Several portal workers, one writer, on PostgreSQL: `rantai audit sync --follow` is the single
indexer (a second writer is refused), two read-only `rantai portal` servers (one of them itself
`--workers 2`) serve one URL (a round-robin proxy in front, one connection per request), and a
participant signs in and out through both: the challenge issued by one worker is verified by the
other, the session created by one is seen, and revoked, by the other."""

import contextlib
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from eth_account import Account
from eth_account.messages import encode_defunct

from tests.support.audit import PostgresServer

httpx = pytest.importorskip("httpx")
psycopg = pytest.importorskip("psycopg")

from py_client.audit.pool import open_pool  # noqa: E402 - after the skips

pytestmark = pytest.mark.no_contract_trace

ROOT = Path(__file__).resolve().parents[2]
START_S = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RoundRobin:
    """A TCP proxy on one port that hands each new connection to the next backend in turn."""

    def __init__(self, backends: list[int]) -> None:
        self.backends = backends
        self.served: list[int] = []  # backend index of each connection, in order
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.server.getsockname()[1])
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            index = len(self.served) % len(self.backends)
            self.served.append(index)
            upstream = socket.create_connection(("127.0.0.1", self.backends[index]))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self.server.close()


def rantai(env: dict[str, str], *argv: str, log: Path | None = None) -> subprocess.Popen[bytes]:
    out = open(log, "wb") if log is not None else subprocess.DEVNULL  # noqa: SIM115
    return subprocess.Popen(
        [sys.executable, "-m", "py_client.cli", *argv], env=env, stdout=out, stderr=out, cwd=ROOT
    )


def wait_for(check: Callable[[], bool], what: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_S
    while not check():
        if process.poll() is not None:
            raise RuntimeError(f"{what}: the process ended with {process.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: not ready after {START_S} s")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def stack(
    postgres_server: PostgresServer,
    private_key: Callable[[Any], str],
    agency: Any,
    rpc_url: str,
    deployment_file: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, Any]]:
    """One indexer and two read-only portal workers on one PostgreSQL database, one URL."""
    folder = tmp_path_factory.mktemp("portal-workers")
    url = postgres_server.new_database()
    env = {
        **os.environ,
        "RANTAI_RPC_URL": rpc_url,
        "RANTAI_DEPLOYMENT": str(deployment_file),
        "RANTAI_AUDIT_DB": url,
    }
    env.pop("RANTAI_PRIVATE_KEY", None)
    processes = []
    indexer = rantai(
        env, "audit", "sync", "--follow", "--interval", "0.5", log=folder / "indexer.log"
    )
    processes.append(indexer)

    def indexed() -> bool:
        with psycopg.connect(url, autocommit=True) as conn:
            found = conn.execute("SELECT to_regclass('audit_state') IS NOT NULL").fetchone()
            if not found or not found[0]:
                return False
            row = conn.execute("SELECT value FROM audit_state WHERE key = 'next_block'").fetchone()
            return row is not None

    try:
        wait_for(indexed, "the indexer", indexer)
        ports = [free_port(), free_port()]
        # worker group 0: one process; group 1: `--workers 2`, two processes on one port
        for n, (port, extra) in enumerate(zip(ports, ([], ["--workers", "2"]), strict=True)):
            processes.append(
                rantai(
                    env,
                    "portal",
                    "--read-only",
                    "--port",
                    str(port),
                    "--sync-interval",
                    "0",
                    "--documents",
                    str(folder / "documents"),
                    *extra,
                    log=folder / f"worker{n}.log",
                )
            )
        for n, port in enumerate(ports):

            def answers(port: int = port) -> bool:
                try:
                    return httpx.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 200
                except httpx.HTTPError:
                    return False

            wait_for(answers, f"portal worker {n}", processes[1 + n])
        proxy = RoundRobin(ports)
        yield {
            "url": f"http://127.0.0.1:{proxy.port}",
            "proxy": proxy,
            "db": url,
            "env": env,
            "folder": folder,
            "indexer": indexer,
            "agency_key": private_key(agency),
        }
        proxy.close()
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def test_a_second_indexer_is_refused_while_the_first_follows(stack: dict[str, Any]) -> None:
    assert stack["indexer"].poll() is None  # still following
    second = subprocess.run(
        [sys.executable, "-m", "py_client.cli", "audit", "sync"],
        env=stack["env"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert second.returncode == 1
    assert "another indexer is writing" in second.stderr
    assert "--wait" in second.stderr


def test_the_portal_reads_through_a_pool_that_cannot_write(stack: dict[str, Any]) -> None:
    pool = open_pool(stack["db"], size=2, read_only=True)
    try:
        assert pool.scalar("SELECT value FROM audit_state WHERE key = 'next_block'") is not None
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            pool.execute("UPDATE audit_state SET value = value WHERE key = 'next_block'")
    finally:
        pool.close()


def test_sign_in_and_out_through_two_workers_behind_one_url(stack: dict[str, Any]) -> None:
    account = Account.from_key(stack["agency_key"])
    proxy: RoundRobin = stack["proxy"]
    # a new connection per request: the proxy alternates the workers
    with httpx.Client(
        base_url=stack["url"], limits=httpx.Limits(max_keepalive_connections=0), timeout=30
    ) as web:
        start = len(proxy.served)
        console = web.get("/console")  # worker A: the session (and its CSRF token) is created
        token = re.search(r'name="csrf-token" content="([^"]+)"', console.text)
        assert token
        headers = {"X-CSRF-Token": token[1]}
        issued = web.post("/auth/challenge", json={"address": account.address}, headers=headers)
        assert issued.status_code == 200, issued.text  # worker B knew A's session
        message = issued.json()["message"]
        signature = account.sign_message(encode_defunct(text=message)).signature.hex()
        verified = web.post(
            "/auth/verify", json={"message": message, "signature": signature}, headers=headers
        )
        assert verified.status_code == 200, verified.text  # worker A verified B's nonce
        assert verified.json()["roles"] == ["AGENCY"]
        console = web.get("/console")  # worker B sees the session A signed in
        assert f"{account.address}" in console.text
        assert 'id="signed-in"' in console.text
        token = re.search(r'name="csrf-token" content="([^"]+)"', console.text)
        assert token
        replay = web.post(  # the nonce was consumed in the shared store: no worker takes it again
            "/auth/verify",
            json={"message": message, "signature": signature},
            headers={"X-CSRF-Token": token[1]},
        )
        assert replay.status_code == 401
        assert replay.json()["reason"] == "nonce"
        out = web.post("/auth/logout", headers={"X-CSRF-Token": token[1]})
        assert out.status_code == 200
        after = web.get("/console")
        assert 'id="signed-in"' not in after.text
        served = proxy.served[start:]
    assert served == [0, 1, 0, 1, 0, 1, 0]  # every step alternated between the two workers
    with psycopg.connect(stack["db"], autocommit=True) as conn:
        signed_in = conn.execute(
            "SELECT COUNT(*) FROM portal_sessions WHERE data LIKE %s",
            [f'%"address": "{account.address}"%'],
        ).fetchone()
        assert signed_in == (0,)  # logout deleted the session row itself
    log = (stack["folder"] / "worker1.log").read_text()  # `--workers 2`: two processes
    assert len(set(re.findall(r"Started server process \[(\d+)\]", log))) == 2, log


def test_several_workers_must_be_read_only(rpc_url: str, deployment_file: Path) -> None:
    from py_client import Settings
    from py_client.errors import ConfigError
    from py_client.portal import PortalConfig, serve

    config = PortalConfig(Settings(rpc_url=rpc_url, deployment=str(deployment_file)))
    with pytest.raises(ConfigError, match="several portal workers must be read-only"):
        serve(config, workers=2)

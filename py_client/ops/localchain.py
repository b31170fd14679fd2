"""A local anvil node for tests and benchmarks, Besu-like by default, without Ape.

:func:`start_anvil` starts ``node_modules/.bin/anvil`` on a free loopback port and waits until
it answers ``eth_chainId``. The defaults mirror the reference Besu network (network/besu): the
london hardfork, zero gas price and base fee, chain id 1945, and no dev accounts (the node holds
no key, as Besu; transactions are signed locally). Options cover what the benchmarks vary:
interval mining (``block_time``), ``--prune-history`` and extra flags.

Example::

    >>> from pathlib import Path
    >>> with start_anvil(Path("anvil.log")) as node:  # doctest: +SKIP
    ...     node.rpc("eth_chainId")
    '0x799'
"""

import ctypes
import json
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict, Unpack

ROOT = Path(__file__).resolve().parents[2]
ANVIL = ROOT / "node_modules" / ".bin" / "anvil"
BESU_CHAIN_ID = 1945
STARTUP_TIMEOUT_S = 15.0


def _stop_with_parent() -> None:
    """In the child before exec (Linux): SIGTERM when the process that started it dies, so a
    killed test worker or benchmark leaves no anvil behind (prctl PR_SET_PDEATHSIG)."""
    ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)


def free_port() -> int:
    """A TCP port on the loopback interface that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def json_rpc(url: str, method: str, params: Sequence[Any] = (), timeout_s: float = 30) -> Any:
    """One raw JSON-RPC call's result (no web3 formatting).

    Raises:
        RuntimeError: The node answered with an error.
        OSError: The node cannot be reached.
    """
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": list(params)})
    request = urllib.request.Request(  # noqa: S310 (loopback http only)
        url, body.encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout_s) as response:  # noqa: S310
        answer = json.loads(response.read())
    if "error" in answer:
        raise RuntimeError(f"{method}: {answer['error']}")
    return answer["result"]


@dataclass
class LocalChain:
    """A running anvil process and its URL; stop it with :meth:`stop` or a ``with`` block."""

    process: "subprocess.Popen[bytes]"
    url: str
    chain_id: int
    log_file: Path
    command: list[str] = field(default_factory=list)
    states_dir: Path | None = None

    def rpc(self, method: str, params: Sequence[Any] = ()) -> Any:
        """One JSON-RPC call's result."""
        return json_rpc(self.url, method, params)

    def stop(self) -> None:
        """Terminate anvil (killed after 10 s) and remove the states it kept on disk."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.states_dir is not None:
            shutil.rmtree(self.states_dir, ignore_errors=True)

    def __enter__(self) -> "LocalChain":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class AnvilOptions(TypedDict, total=False):
    """How a node differs from the Besu-like default; every key optional.

    The keywords of :func:`anvil_command` and :func:`start_anvil`, which :func:`anvil_command`
    alone turns into flags.
    """

    chain_id: int
    """The chain id (the Besu network's :data:`BESU_CHAIN_ID` by default)."""
    accounts: int
    """Dev accounts anvil creates and unlocks (0 by default: none, as a Besu node)."""
    block_time: float | None
    """Seconds between blocks (interval mining); automine when ``None`` (the default)."""
    prune_history: bool
    """Keep no historical states (``--prune-history``): the node's memory stays small on long
    runs; blocks, receipts and logs are all kept (``eth_getLogs`` finds every log), only calls
    against old blocks' state fail. Off by default."""
    extra: Sequence[str]
    """More anvil flags."""


def anvil_command(port: int, **options: Unpack[AnvilOptions]) -> list[str]:
    """The anvil command line: Besu-like (london, zero fees, no node keys) plus the options.

    Raises:
        TypeError: An option that :class:`AnvilOptions` does not have (a caller mypy does not
            check, such as a benchmark script).
    """
    unknown = options.keys() - AnvilOptions.__optional_keys__
    if unknown:
        raise TypeError(f"unknown anvil options: {', '.join(sorted(unknown))}")
    accounts = options.get("accounts", 0)
    block_time = options.get("block_time")
    command = [
        str(ANVIL),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--hardfork",
        "london",
        "--gas-price",
        "0",
        "--block-base-fee-per-gas",
        "0",
        "--disable-min-priority-fee",
        "--chain-id",
        str(options.get("chain_id", BESU_CHAIN_ID)),
        "--accounts",
        str(accounts),
    ]
    if accounts == 0:
        command += ["--balance", "0"]  # no ether anywhere: only free gas works, as on Besu
    if options.get("prune_history", False):
        command.append("--prune-history")
    if block_time is not None:
        command += ["--block-time", str(block_time)]
    return command + list(options.get("extra", ()))


def start_anvil(
    log_file: Path,
    *,
    attempts: int = 3,
    startup_timeout_s: float | None = None,
    **options: Unpack[AnvilOptions],
) -> LocalChain:
    """Start anvil on a free loopback port and wait until it answers.

    Args:
        log_file: Where anvil's output goes (appended); one node at a time. The states anvil
            keeps on disk go to a folder beside it, removed by :meth:`LocalChain.stop`.
        attempts: Ports tried (a free port may be taken between the probe and anvil's bind).
        startup_timeout_s: How long each attempt waits for an answer (default
            :data:`STARTUP_TIMEOUT_S`; loading a large ``--load-state`` file takes longer).
        **options: The node's :class:`AnvilOptions` (``chain_id``, ``accounts``,
            ``block_time``, ``prune_history``, ``extra``).

    Returns:
        The running node.

    Raises:
        RuntimeError: anvil did not answer within the startup timeout on any attempt.
    """
    for stale in log_file.parent.glob(f"{log_file.stem}-states-*"):  # a killed node's states
        shutil.rmtree(stale, ignore_errors=True)  # (a log file serves one node at a time)
    for _ in range(attempts):
        # anvil writes the states of older blocks to disk (hundreds of MB per thousand blocks),
        # by default under ~/.foundry/anvil/tmp, where a killed node leaves them for good: each
        # node keeps them beside its log instead, removed when it stops
        states = Path(tempfile.mkdtemp(prefix=f"{log_file.stem}-states-", dir=log_file.parent))
        cached: AnvilOptions = {
            **options,
            "extra": [*options.get("extra", ()), "--cache-path", str(states)],
        }
        command = anvil_command(free_port(), **cached)
        with log_file.open("ab") as log:
            process = subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_stop_with_parent if sys.platform == "linux" else None,
            )
        url = f"http://127.0.0.1:{command[command.index('--port') + 1]}"
        deadline = time.monotonic() + (startup_timeout_s or STARTUP_TIMEOUT_S)
        while time.monotonic() < deadline and process.poll() is None:
            try:
                chain_id = int(json_rpc(url, "eth_chainId", timeout_s=2), 16)
            except OSError:
                time.sleep(0.1)
                continue
            return LocalChain(process, url, chain_id, log_file, command, states)
        process.kill()
        process.wait(timeout=10)
        shutil.rmtree(states, ignore_errors=True)
    raise RuntimeError(f"anvil did not start; see {log_file}")


__all__ = [
    "ANVIL",
    "BESU_CHAIN_ID",
    "AnvilOptions",
    "LocalChain",
    "anvil_command",
    "free_port",
    "start_anvil",
]

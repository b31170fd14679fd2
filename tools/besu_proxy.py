"""A loopback JSON-RPC proxy that makes an anvil node answer like a Hyperledger Besu QBFT node.

Besu cannot be installed here (DESIGN section 2), so the client is proven Besu-ready by running it
against anvil started Besu-like (london hardfork, zero gas price and base fee) behind this proxy,
which adds the Besu behaviours anvil lacks:

==============================  ==============================================================
Besu fact                       what the proxy does
==============================  ==============================================================
QBFT ``extraData`` is an RLP    ``extraData`` of every block in ``eth_getBlockByNumber`` /
list (vanity, validators,       ``eth_getBlockByHash`` (and the uncle getters) becomes a QBFT
vote, round, seals): far        blob of :data:`QBFT_EXTRA_DATA_BYTES` bytes, so web3.py fails
longer than 32 bytes            without ``ExtraDataToPOAMiddleware``
the node holds no keys          ``eth_sendTransaction`` gets Besu's error (-32604, "... Use
                                eth_sendRawTransaction ..."); ``eth_accounts``, ``eth_sign*``,
                                ``eth_signTransaction``, ``personal_*`` and anvil/hardhat
                                impersonation get -32601 "Method not found". (Real Besu answers
                                ``eth_accounts`` with ``[]``; rejecting it catches any client
                                that would rely on node accounts. ``accounts_answer="empty"``
                                gives Besu's exact answer.)
``eth_getLogs`` ranges capped   ``toBlock - fromBlock > max_logs_range`` (Besu's
(``--rpc-max-logs-range``,      ``--rpc-max-logs-range``, default 5000, compared exactly as Besu
default 5000)                   does) gets -32005 "Requested range exceeds maximum RPC range
                                limit"; block tags are resolved against the head first, a
                                ``blockHash`` filter has no range
batch size capped               a JSON-RPC array longer than ``max_batch_size`` (Besu's
(``--rpc-http-max-batch-size``) ``--rpc-http-max-batch-size``, default 1024) gets -32005 "Number
                                of requests exceeds max batch size"
free gas (``min-gas-price=0``,  with ``zero_fee`` (default) ``eth_gasPrice`` and
``zeroBaseFee``)                ``eth_maxPriorityFeePerGas`` answer ``0x0`` (anvil suggests 1 gwei
                                of priority fee even at base fee 0)
==============================  ==============================================================

Everything else is forwarded unchanged, including the test controls (``evm_increaseTime``,
``evm_mine``, ``evm_snapshot``, ``evm_revert``, ``anvil_mine``) that move time on the emulated
node. JSON-RPC batch arrays are supported: rejected members are answered locally and the rest is
forwarded upstream as one batch. The proxy counts every request per method (:attr:`counts`),
every rejection (:attr:`rejected`) and the largest ``eth_getLogs`` range it let through
(:attr:`largest_logs_range`), so tests can assert that a client never tried
``eth_sendTransaction`` and kept its log queries within the cap.

Not emulated: QBFT's block period (anvil mines each transaction at once; Besu's finality is
immediate too), the layered transaction pool's per-sender limits, ``eth_subscribe`` (HTTP only),
and the other QBFT header fields (``mixHash``, ``difficulty``); block hashes no longer match the
rewritten headers, which no client checks.

It needs only the standard library (no Ape, no web3), so the demo and the docs can use it too::

    $ anvil --port 8546 --chain-id 1945 --hardfork london --accounts 0 \\
          --gas-price 0 --base-fee 0 --disable-min-priority-fee &
    $ python -m tools.besu_proxy --upstream http://127.0.0.1:8546 --port 8545

Example::

    >>> proxy = BesuProxy("http://127.0.0.1:8546").start()  # doctest: +SKIP
    >>> proxy.url  # doctest: +SKIP
    'http://127.0.0.1:40123'
    >>> proxy.counts["eth_sendTransaction"]  # doctest: +SKIP
    0
    >>> proxy.stop()  # doctest: +SKIP
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import logging
import threading
import urllib.parse
from collections import Counter
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Literal, cast

log = logging.getLogger(__name__)

DEFAULT_MAX_LOGS_RANGE = 5000
DEFAULT_MAX_BATCH_SIZE = 1024
UPSTREAM_TIMEOUT_S = 60.0
IDLE_CONNECTION_TIMEOUT_S = 60.0
SHUTDOWN_POLL_S = 0.05

# Besu's error answers (org.hyperledger.besu...jsonrpc.internal.response.RpcErrorType).
PARSE_ERROR = (-32700, "Parse error")
INVALID_REQUEST = (-32600, "Invalid Request")
METHOD_NOT_FOUND = (-32601, "Method not found")
ETH_SEND_TX_NOT_AVAILABLE = (
    -32604,
    "The method eth_sendTransaction is not supported. Use eth_sendRawTransaction to send a "
    "signed transaction to Besu.",
)
EXCEEDS_RPC_MAX_BLOCK_RANGE = (-32005, "Requested range exceeds maximum RPC range limit")
EXCEEDS_RPC_MAX_BATCH_SIZE = (-32005, "Number of requests exceeds max batch size")
UPSTREAM_ERROR = (-32603, "Internal error")

# Methods that need keys held by the node: Besu has none of them.
NODE_KEY_METHODS = frozenset(
    {
        "eth_accounts",
        "eth_sign",
        "eth_signTransaction",
        "eth_signTypedData",
        "eth_signTypedData_v3",
        "eth_signTypedData_v4",
        "eth_sendUnsignedTransaction",
        "anvil_impersonateAccount",
        "anvil_stopImpersonatingAccount",
        "anvil_autoImpersonateAccount",
        "hardhat_impersonateAccount",
        "hardhat_stopImpersonatingAccount",
    }
)
NODE_KEY_PREFIXES = ("personal_",)
BLOCK_METHODS = frozenset(
    {
        "eth_getBlockByNumber",
        "eth_getBlockByHash",
        "eth_getUncleByBlockHashAndIndex",
        "eth_getUncleByBlockNumberAndIndex",
    }
)
ZERO_FEE_METHODS = frozenset({"eth_gasPrice", "eth_maxPriorityFeePerGas"})
HEAD_TAGS = frozenset({"latest", "pending", "safe", "finalized"})  # QBFT: final at once

Json = Any
AccountsAnswer = Literal["reject", "empty"]


def _rlp(item: bytes | list[Any]) -> bytes:
    """Recursive-length-prefix encoding of bytes and (nested) lists of bytes."""
    if isinstance(item, bytes):
        if len(item) == 1 and item[0] < 0x80:
            return item
        return _rlp_length(len(item), 0x80) + item
    payload = b"".join(_rlp(element) for element in item)
    return _rlp_length(len(payload), 0xC0) + payload


def _rlp_length(length: int, offset: int) -> bytes:
    if length < 56:
        return bytes([offset + length])
    encoded = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([offset + 55 + len(encoded)]) + encoded


def _pseudo_random(label: str, size: int) -> bytes:
    out = b""
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(f"{label}/{counter}".encode()).digest()
        counter += 1
    return out[:size]


def qbft_extra_data(validator_count: int = 4, round_number: int = 0) -> str:
    """A QBFT ``extraData`` as Besu writes it: RLP([vanity, validators, vote, round, seals]).

    The validators and seals are deterministic stand-ins (no real signatures): ``validator_count``
    20-byte addresses and a quorum (2f+1) of 65-byte commit seals.

    Returns:
        The ``0x``-prefixed hex of the encoded blob.
    """
    validators = [_pseudo_random(f"validator{i}", 20) for i in range(validator_count)]
    quorum = (2 * validator_count + 2) // 3
    seals = [_pseudo_random(f"seal{i}", 65) for i in range(quorum)]
    round_bytes = round_number.to_bytes(4, "big")
    blob = _rlp([bytes(32), validators, [], round_bytes, seals])
    return "0x" + blob.hex()


QBFT_EXTRA_DATA = qbft_extra_data()
QBFT_EXTRA_DATA_BYTES = (len(QBFT_EXTRA_DATA) - 2) // 2


def _error(request_id: Json, error: tuple[int, str], data: str | None = None) -> dict[str, Json]:
    body: dict[str, Json] = {"code": error[0], "message": error[1]}
    if data is not None:
        body["data"] = data
    return {"jsonrpc": "2.0", "id": request_id, "error": body}


class _Upstream:
    """Keep-alive HTTP connections to the upstream node, one per proxy thread."""

    def __init__(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme != "http" or parts.hostname is None:
            raise ValueError(f"upstream must be an http:// URL: {url!r}")
        self._host = parts.hostname
        self._port = parts.port or 80
        self._path = parts.path or "/"
        self._local = threading.local()

    def post(self, payload: Json) -> Json:
        body = json.dumps(payload).encode()
        try:
            return self._post_once(body)
        except (http.client.HTTPException, OSError):
            # A kept-alive connection the node closed meanwhile: one retry on a fresh one.
            return self._post_once(body)

    def _post_once(self, body: bytes) -> Json:
        connection = self._connection()
        try:
            connection.request("POST", self._path, body, {"Content-Type": "application/json"})
            return json.loads(connection.getresponse().read())
        except (http.client.HTTPException, OSError):
            connection.close()
            self._local.connection = None
            raise

    def _connection(self) -> http.client.HTTPConnection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = http.client.HTTPConnection(
                self._host, self._port, timeout=UPSTREAM_TIMEOUT_S
            )
            self._local.connection = connection
        return cast(http.client.HTTPConnection, connection)


class BesuProxy:
    """A threaded loopback HTTP server answering JSON-RPC like Besu, in front of anvil.

    Args:
        upstream: The anvil node's HTTP JSON-RPC URL.
        host: Interface to listen on (loopback by default).
        port: Port to listen on; 0 picks a free one (see :attr:`url`).
        max_logs_range: Besu's ``--rpc-max-logs-range``; 0 disables the cap.
        max_batch_size: Besu's ``--rpc-http-max-batch-size``; 0 disables the cap.
        extra_data: The ``extraData`` hex every block gets.
        zero_fee: Answer ``eth_gasPrice`` / ``eth_maxPriorityFeePerGas`` with 0 (free gas).
        accounts_answer: ``"reject"`` (default) answers ``eth_accounts`` with "Method not found";
            ``"empty"`` answers ``[]`` as Besu does.
    """

    def __init__(
        self,
        upstream: str,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        max_logs_range: int = DEFAULT_MAX_LOGS_RANGE,
        max_batch_size: int = DEFAULT_MAX_BATCH_SIZE,
        extra_data: str = QBFT_EXTRA_DATA,
        zero_fee: bool = True,
        accounts_answer: AccountsAnswer = "reject",
    ) -> None:
        self.upstream_url = upstream
        self.max_logs_range = max_logs_range
        self.max_batch_size = max_batch_size
        self.extra_data = extra_data
        self.zero_fee = zero_fee
        self.accounts_answer: AccountsAnswer = accounts_answer
        self._upstream = _Upstream(upstream)
        self._host = host
        self._port = port
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()
        self._rejected: Counter[str] = Counter()
        self._largest_logs_range = -1
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle -----------------------------------------------------------------------

    def start(self) -> BesuProxy:
        """Start serving in a background thread; returns ``self``."""
        if self._server is not None:
            return self
        server = ThreadingHTTPServer((self._host, self._port), _Handler)
        server.daemon_threads = True
        server.proxy = self  # type: ignore[attr-defined]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": SHUTDOWN_POLL_S},
            name="besu-proxy",
            daemon=True,
        )
        self._thread.start()
        log.info("Besu proxy at %s in front of %s", self.url, self.upstream_url)
        return self

    def stop(self) -> None:
        """Stop serving and close the listening socket."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> BesuProxy:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The proxy's JSON-RPC URL (``http://127.0.0.1:<port>``)."""
        if self._server is None:
            raise RuntimeError("the proxy is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    # --- observations ----------------------------------------------------------------------

    @property
    def counts(self) -> Counter[str]:
        """Requests received per method (a copy), batch members included."""
        with self._lock:
            return Counter(self._counts)

    @property
    def rejected(self) -> Counter[str]:
        """Requests answered with a Besu error per method (a copy)."""
        with self._lock:
            return Counter(self._rejected)

    @property
    def largest_logs_range(self) -> int:
        """The largest ``toBlock - fromBlock`` of an ``eth_getLogs`` let through; -1 if none."""
        with self._lock:
            return self._largest_logs_range

    def reset_counts(self) -> None:
        """Forget every count (between test phases)."""
        with self._lock:
            self._counts.clear()
            self._rejected.clear()
            self._largest_logs_range = -1

    # --- JSON-RPC ----------------------------------------------------------------------------

    def handle(self, payload: Json) -> Json:
        """Answer one JSON-RPC payload (an object or a batch array) as Besu would.

        Returns:
            The response object or array; ``None`` when nothing is to be answered (a batch of
            notifications only).
        """
        if isinstance(payload, list):
            return self._handle_batch(payload)
        answers = self._handle_batch([payload])
        return answers[0] if answers else None

    def _handle_batch(self, requests: list[Json]) -> Json:
        if not requests:
            return _error(None, INVALID_REQUEST)
        if self.max_batch_size and len(requests) > self.max_batch_size:
            self._record_rejection("<batch>")
            return _error(None, EXCEEDS_RPC_MAX_BATCH_SIZE)
        answers: list[Json] = [None] * len(requests)
        forward: list[tuple[int, dict[str, Json]]] = []
        head: list[int] = []  # resolved once per batch, when a block tag needs it
        for index, request in enumerate(requests):
            local = self._answer_locally(request, head)
            if local is None:
                forward.append((index, request))
            else:
                answers[index] = local
        if forward:
            for (index, request), answer in zip(forward, self._forward(forward), strict=True):
                answers[index] = self._rewrite(request, answer)
        return [
            answer
            for request, answer in zip(requests, answers, strict=True)
            if not (isinstance(request, dict) and "id" not in request)
        ]

    def _answer_locally(self, request: Json, head: list[int]) -> dict[str, Json] | None:
        if not isinstance(request, dict) or not isinstance(request.get("method"), str):
            return _error(None, INVALID_REQUEST)
        method: str = request["method"]
        request_id = request.get("id")
        with self._lock:
            self._counts[method] += 1
        if method == "eth_sendTransaction":
            self._record_rejection(method)
            return _error(request_id, ETH_SEND_TX_NOT_AVAILABLE)
        if method == "eth_accounts" and self.accounts_answer == "empty":
            return {"jsonrpc": "2.0", "id": request_id, "result": []}
        if method in NODE_KEY_METHODS or method.startswith(NODE_KEY_PREFIXES):
            self._record_rejection(method)
            return _error(request_id, METHOD_NOT_FOUND)
        if self.zero_fee and method in ZERO_FEE_METHODS:
            return {"jsonrpc": "2.0", "id": request_id, "result": "0x0"}
        if method == "eth_getLogs":
            return self._check_logs_range(request, head)
        return None

    def _check_logs_range(
        self, request: dict[str, Json], head: list[int]
    ) -> dict[str, Json] | None:
        params = request.get("params")
        if not isinstance(params, list) or not params or not isinstance(params[0], dict):
            return None  # malformed: the node says why
        query: dict[str, Json] = params[0]
        if "blockHash" in query:
            return None
        try:
            from_block = self._block_number(query.get("fromBlock", "latest"), head)
            to_block = self._block_number(query.get("toBlock", "latest"), head)
        except (ValueError, OSError, http.client.HTTPException):
            return None  # forwarded: the node reports the problem
        span = to_block - from_block
        if self.max_logs_range and span > self.max_logs_range:
            self._record_rejection("eth_getLogs")
            return _error(
                request.get("id"),
                EXCEEDS_RPC_MAX_BLOCK_RANGE,
                "Requested range exceeds maximum range limit",
            )
        with self._lock:
            self._largest_logs_range = max(self._largest_logs_range, span)
        return None

    def _block_number(self, tag: Json, head: list[int]) -> int:
        if tag is None or tag in HEAD_TAGS:
            if not head:
                answer = self._upstream.post(
                    {"jsonrpc": "2.0", "id": 1, "method": "eth_blockNumber", "params": []}
                )
                result = answer.get("result") if isinstance(answer, dict) else None
                if not isinstance(result, str):
                    raise ValueError(f"no head block number: {answer!r}")
                head.append(int(result, 16))
            return head[0]
        if tag == "earliest":
            return 0
        if isinstance(tag, str) and tag.startswith("0x"):
            return int(tag, 16)
        raise ValueError(f"not a block parameter: {tag!r}")

    def _forward(self, requests: list[tuple[int, dict[str, Json]]]) -> list[Json]:
        """Send requests upstream as one batch under fresh ids; answers in request order."""
        batch = [{**request, "id": position} for position, (_, request) in enumerate(requests)]
        try:
            reply = self._upstream.post(batch)
        except (http.client.HTTPException, OSError, ValueError) as err:
            log.warning("upstream %s failed: %s", self.upstream_url, err)
            return [_error(request.get("id"), UPSTREAM_ERROR, str(err)) for _, request in requests]
        by_id: dict[Json, Json] = {}
        if isinstance(reply, list):
            by_id = {answer.get("id"): answer for answer in reply if isinstance(answer, dict)}
        answers: list[Json] = []
        for position, (_, request) in enumerate(requests):
            answer = by_id.get(position)
            if answer is None:
                answer = reply if isinstance(reply, dict) else _error(None, UPSTREAM_ERROR)
            answers.append({**answer, "id": request.get("id")})
        return answers

    def _rewrite(self, request: dict[str, Json], answer: Json) -> Json:
        if request.get("method") in BLOCK_METHODS and isinstance(answer, dict):
            block = answer.get("result")
            if isinstance(block, dict) and "extraData" in block:
                answer = {**answer, "result": {**block, "extraData": self.extra_data}}
        return answer

    def _record_rejection(self, method: str) -> None:
        with self._lock:
            self._rejected[method] += 1


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: web3's session reuses its connection
    disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms stalls
    timeout = IDLE_CONNECTION_TIMEOUT_S

    def do_POST(self) -> None:
        proxy: BesuProxy = self.server.proxy  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            payload = json.loads(raw)
        except ValueError:
            self._reply(400, _error(None, PARSE_ERROR))
            return
        answer = proxy.handle(payload)
        self._reply(200, answer)

    def _reply(self, status: int, answer: Json) -> None:
        body = b"" if answer is None or answer == [] else json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)


def main(argv: Sequence[str] | None = None) -> int:
    """Run a proxy in the foreground until interrupted (``python -m tools.besu_proxy``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--upstream", required=True, help="the anvil node's JSON-RPC URL")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8545)
    parser.add_argument("--max-logs-range", type=int, default=DEFAULT_MAX_LOGS_RANGE)
    parser.add_argument("--max-batch-size", type=int, default=DEFAULT_MAX_BATCH_SIZE)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    proxy = BesuProxy(
        args.upstream,
        host=args.host,
        port=args.port,
        max_logs_range=args.max_logs_range,
        max_batch_size=args.max_batch_size,
    )
    proxy.start()
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        proxy.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

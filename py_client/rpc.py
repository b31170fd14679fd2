"""The one JSON-RPC transport: single calls and batches over HTTP(S), answers as plain JSON.

web3.py's HTTP provider serves the client's own reads and sends (:mod:`py_client.chain`; it is
built from the same :class:`~py_client.rpc_auth.RpcEndpoint`, so it sends the same credentials).
What needs more than web3.py offers goes through :class:`JsonRpc`: the bulk engine (web3.py 7's
``batch_requests()`` refuses ``eth_sendRawTransaction``; one HTTP request per transaction caps a
loop at a few hundred per second), the audit indexer and the portal (many logs and block
headers, which web3.py would format into AttributeDicts first). It posts JSON-RPC arrays over
one kept-alive connection per thread, so one instance serves a thread pool; replies come back
in request order, each a result or an error, so one bad request does not hide the others.

Credentials never come from the command line: the JWT of an authenticated node (Besu
``--rpc-http-authentication-enabled``) is read from ``RANTAI_RPC_JWT`` or the file
``RANTAI_RPC_JWT_FILE`` names, and ``user:password@`` in the URL is sent as basic authentication
(:mod:`py_client.rpc_auth`); ``headers`` adds any other header a proxy needs.

Example::

    >>> rpc = JsonRpc("http://127.0.0.1:8545")  # doctest: +SKIP
    >>> rpc.call("eth_blockNumber")  # doctest: +SKIP
    '0x2a'
    >>> rpc.results("eth_getBlockByNumber", [["0x1", False], ["0x2", False]])  # doctest: +SKIP
    [{...}, {...}]
    >>> errors = rpc.send_raw([signed.raw for signed in batch])  # doctest: +SKIP
"""

import http.client
import itertools
import json
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from py_client.errors import ConfigError, RantaiError
from py_client.rpc_auth import RpcEndpoint

DEFAULT_MAX_BATCH = 500
"""Requests per HTTP post (Besu's ``rpc-http-max-batch-size`` defaults to 1024)."""

REQUEST_TIMEOUT_S = 60.0

ALREADY_KNOWN = ("already known", "known transaction", "already imported", "already in pool")
"""Error messages meaning the node already holds these exact bytes (anvil, geth, Besu)."""


class RpcError(RantaiError, ConnectionError):
    """The node answered a JSON-RPC request with an error, or something that is not JSON-RPC."""

    def __init__(self, method: str, message: str, code: int | None = None) -> None:
        super().__init__(f"{method}: {message}")
        self.method = method
        self.message = message
        self.code = code


class NodeUnreachable(RpcError, ConfigError):
    """The node cannot be reached at the configured URL (a setting to check: exit 2)."""


@dataclass(frozen=True)
class Reply:
    """One answer of a batch: ``result``, or ``error`` (the node's message) and its ``code``."""

    result: Any = None
    error: str | None = None
    code: int | None = None
    data: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the request succeeded."""
        return self.error is None


Call = tuple[str, list[Any]]
"""A JSON-RPC method and its parameters."""


class JsonRpc:
    """JSON-RPC over HTTP(S) with a kept-alive connection per thread (thread-safe).

    Args:
        url: The node's HTTP JSON-RPC endpoint (``user:pass@`` is sent as basic authentication).
        max_batch: Requests per HTTP post; longer lists are split.
        timeout_s: Seconds to wait for one HTTP answer.
        jwt: A JWT for an authenticated node; ``RANTAI_RPC_JWT`` / ``_FILE`` when omitted.
        headers: More HTTP headers for every request (a proxy's API key...).

    Raises:
        ConfigError: ``url`` is not an http(s) URL, or the credentials are contradictory.
    """

    def __init__(
        self,
        url: str,
        max_batch: int = DEFAULT_MAX_BATCH,
        timeout_s: float = REQUEST_TIMEOUT_S,
        jwt: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        endpoint = RpcEndpoint.from_url(url, jwt)
        parts = urlsplit(endpoint.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(f"not an http(s) JSON-RPC URL: {endpoint.url!r}")
        self.url = endpoint.url
        self._headers = {"Content-Type": "application/json", **endpoint.headers, **(headers or {})}
        self.max_batch = max(1, max_batch)
        self.timeout_s = timeout_s
        self.requests = 0
        """HTTP posts so far (batches count once)."""
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port
        self._path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self._local = threading.local()
        self._ids = itertools.count(1)
        self._id_lock = threading.Lock()

    @classmethod
    def for_endpoint(cls, endpoint: RpcEndpoint, max_batch: int = DEFAULT_MAX_BATCH) -> "JsonRpc":
        """A transport for ``endpoint``, sending its credentials (a client's connection)."""
        return cls(endpoint.url, max_batch, jwt="", headers=endpoint.headers)

    # ------------------------------------------------------------------ transport

    def _connection(self) -> http.client.HTTPConnection:
        connection: http.client.HTTPConnection | None = getattr(self._local, "connection", None)
        if connection is None:
            factory = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
            connection = factory(self._host, self._port, timeout=self.timeout_s)
            self._local.connection = connection
        return connection

    def _post(self, body: bytes) -> Any:
        """POST ``body``; the answer parsed as JSON (see :meth:`post_bytes`)."""
        status, payload = self.post_bytes(body)
        try:
            return json.loads(payload)
        except ValueError as err:
            raise not_json(self.url, status, payload) from err

    def post_bytes(self, body: bytes) -> tuple[int, bytes]:
        """POST ``body``; the HTTP status and the answer's bytes, unparsed (for a caller with
        its own parser). One reconnect on a dropped keep-alive connection (requests are
        idempotent here: reads, and raw sends whose repeat the node reports as known).

        Raises:
            NodeUnreachable: No connection to the node.
        """
        self.requests += 1
        for attempt in (1, 2):
            connection = self._connection()
            try:
                connection.request("POST", self._path, body, self._headers)
                response = connection.getresponse()
                payload = response.read()
            except (http.client.HTTPException, OSError) as err:
                connection.close()
                self._local.connection = None
                if attempt == 2:
                    raise NodeUnreachable(
                        "http", f"cannot reach the node at {self.url}: {err}"
                    ) from err
                continue
            return response.status, payload
        raise AssertionError("unreachable")  # pragma: no cover

    def post(self, body: bytes) -> Any:
        """POST an encoded JSON-RPC request or array; the node's JSON answer as it is.

        Raises:
            NodeUnreachable: No connection to the node.
            RpcError: The answer is not JSON.
        """
        return self._post(body)

    def _next_ids(self, count: int) -> list[int]:
        with self._id_lock:
            return [next(self._ids) for _ in range(count)]

    # ------------------------------------------------------------------ generic

    def call(self, method: str, params: Sequence[Any] | None = None) -> Any:
        """One request; returns its result.

        Raises:
            RpcError: The node answered with an error or cannot be reached.
        """
        (reply,) = self.batch([(method, list(params or ()))])
        return _required(reply, method)

    def batch(self, calls: Sequence[Call]) -> list[Reply]:
        """Send ``calls`` as JSON-RPC arrays (``max_batch`` per post); replies in call order.

        Raises:
            RpcError: The node cannot be reached or answers something that is not JSON-RPC.
        """
        replies: list[Reply] = []
        for start in range(0, len(calls), self.max_batch):
            replies.extend(self._batch_once(calls[start : start + self.max_batch]))
        return replies

    def results(self, method: str, params_list: Sequence[Sequence[Any]]) -> list[Any]:
        """The results of ``method`` for each parameter list, in batches.

        Raises:
            RpcError: Any answer is an error (or missing).
        """
        replies = self.batch([(method, list(params)) for params in params_list])
        return [_required(reply, method) for reply in replies]

    def _batch_once(self, calls: Sequence[Call]) -> list[Reply]:
        if not calls:
            return []
        ids = self._next_ids(len(calls))
        body = json.dumps(
            [
                {"jsonrpc": "2.0", "id": i, "method": m, "params": p}
                for i, (m, p) in zip(ids, calls, strict=True)
            ],
            separators=(",", ":"),
        ).encode()
        answer = self._post(body)
        if isinstance(answer, dict):  # the whole batch was refused (e.g. too large)
            error = answer.get("error") or {}
            if not isinstance(error, dict):
                error = {"message": error}
            raise RpcError(calls[0][0], str(error.get("message", answer)), error.get("code"))
        if not isinstance(answer, list):
            raise RpcError("batch", f"unexpected answer: {str(answer)[:200]}")
        by_id = {item.get("id"): item for item in answer if isinstance(item, dict)}
        return [_reply(by_id.get(i), method) for i, (method, _) in zip(ids, calls, strict=True)]

    # ------------------------------------------------------------------ helpers

    def send_raw(self, raws: Sequence[bytes]) -> list[str | None]:
        """Broadcast signed transactions; per transaction ``None`` or the node's refusal.

        A node that already holds the same bytes (``already known``) counts as accepted.
        """
        replies = self.batch([("eth_sendRawTransaction", ["0x" + raw.hex()]) for raw in raws])
        return [None if r.error is None or is_already_known(r.error) else r.error for r in replies]

    def receipts(self, tx_hashes: Sequence[str]) -> list[dict[str, Any] | None]:
        """Receipts of ``tx_hashes`` (raw JSON-RPC form, hex quantities); ``None`` if unknown."""
        replies = self.batch([("eth_getTransactionReceipt", [h]) for h in tx_hashes])
        return [r.result if r.ok and isinstance(r.result, dict) else None for r in replies]

    def nonces(self, addresses: Sequence[str], block: str = "latest") -> list[int]:
        """``eth_getTransactionCount`` of each address at ``block`` (``latest`` or ``pending``).

        Raises:
            RpcError: One of the requests failed.
        """
        counts = self.results("eth_getTransactionCount", [[a, block] for a in addresses])
        return [int(count, 16) for count in counts]

    def eth_calls(
        self, calls: Iterable[tuple[str, bytes]], block: str = "latest", sender: str | None = None
    ) -> list[Reply]:
        """``eth_call`` of ``(to, data)`` pairs; each reply's result is the returned hex data."""
        requests: list[Call] = []
        for to, data in calls:
            tx: dict[str, Any] = {"to": to, "data": "0x" + data.hex()}
            if sender is not None:
                tx["from"] = sender
            requests.append(("eth_call", [tx, block]))
        return self.batch(requests)

    def estimates(self, txs: Sequence[dict[str, Any]]) -> list[Reply]:
        """``eth_estimateGas`` of each transaction object (hex fields); result is hex gas."""
        return self.batch([("eth_estimateGas", [tx]) for tx in txs])

    def close(self) -> None:
        """Close this thread's connection (others close when their threads end)."""
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None


def is_already_known(message: str) -> bool:
    """Whether a send refusal only says the node already has these bytes."""
    lowered = message.lower()
    return any(text in lowered for text in ALREADY_KNOWN)


def _reply(item: dict[str, Any] | None, method: str) -> Reply:
    if item is None:
        return Reply(error=f"no answer to {method}")
    error = item.get("error")
    if error is None:
        if "result" not in item:
            return Reply(error=f"answer without a result: {str(item)[:200]!r}")
        return Reply(result=item["result"])
    message = str(error.get("message", error)) if isinstance(error, dict) else str(error)
    data = error.get("data") if isinstance(error, dict) else None
    if isinstance(data, dict):  # some nodes nest it: {"data": {"data": "0x…"}}
        data = data.get("data")
    code = error.get("code") if isinstance(error, dict) else None
    revert = data if isinstance(data, str) and data.startswith("0x") else None
    return Reply(error=message, code=code if isinstance(code, int) else None, data=revert)


def not_json(url: str, status: int, payload: bytes) -> RpcError:
    """The error for an answer that is not JSON-RPC (its HTTP status unless 200)."""
    prefix = f"HTTP {status} from {url}: " if status != 200 else ""
    return RpcError("http", f"{prefix}not JSON-RPC: {payload[:200]!r}")


def _required(reply: Reply, method: str) -> Any:
    if reply.error is not None:
        raise RpcError(method, reply.error, reply.code)
    return reply.result


__all__ = [
    "ALREADY_KNOWN",
    "DEFAULT_MAX_BATCH",
    "REQUEST_TIMEOUT_S",
    "Call",
    "JsonRpc",
    "NodeUnreachable",
    "Reply",
    "RpcError",
    "is_already_known",
    "not_json",
]

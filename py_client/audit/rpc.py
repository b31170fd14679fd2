"""The indexer's JSON-RPC transport: :class:`py_client.rpc.JsonRpc` with a longer timeout, and
``eth_getLogs`` answers parsed straight into typed :class:`RawLog` records.

A catch-up reads hundreds of thousands of logs; ``json.loads`` would build a dict per log (and
one per field the indexer never reads: ``blockHash``, ``transactionHash``'s siblings…). msgspec
decodes the answer's bytes into :class:`RawLog` structs instead, skipping the unused fields,
in about half the time, and raises on an answer of another shape.

Example::

    >>> rpc = RawRpc("http://127.0.0.1:8545")  # doctest: +SKIP
    >>> rpc.call("eth_blockNumber")  # doctest: +SKIP
    '0x2a'
    >>> rpc.get_logs({"fromBlock": "0x1", "toBlock": "0x2", "address": []})  # doctest: +SKIP
    [RawLog(address='0x…', topics=[…], data='0x…', blockNumber='0x1', …)]
"""

import json
from collections.abc import Mapping
from typing import Any

import msgspec

from py_client.rpc import DEFAULT_MAX_BATCH, JsonRpc, RpcError, not_json

REQUEST_TIMEOUT_S = 120.0
"""A large ``eth_getLogs`` range can take a while on a busy node."""

BATCH_SIZE = DEFAULT_MAX_BATCH


class RawLog(msgspec.Struct, gc=False):
    """One log as the node sends it (hex strings), with the fields the indexer reads."""

    address: str
    topics: list[str]
    data: str
    blockNumber: str  # noqa: N815 (the JSON-RPC field names)
    transactionHash: str  # noqa: N815
    transactionIndex: str  # noqa: N815
    logIndex: str  # noqa: N815
    blockTimestamp: str | None = None  # noqa: N815 (anvil, recent geth; not Besu)
    removed: bool = False


class _Error(msgspec.Struct, gc=False):
    message: str = ""
    code: int | None = None


class _LogsReply(msgspec.Struct, gc=False):
    result: list[RawLog] | None = None
    error: _Error | None = None


_LOGS = msgspec.json.Decoder(_LogsReply)


class RawRpc(JsonRpc):
    """The node, spoken to without web3.py (see :class:`py_client.rpc.JsonRpc`)."""

    def __init__(
        self,
        url: str,
        timeout_s: float = REQUEST_TIMEOUT_S,
        jwt: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(url, BATCH_SIZE, timeout_s, jwt, headers)

    def get_logs(self, query: Mapping[str, Any]) -> list[RawLog]:
        """``eth_getLogs`` of ``query`` (a filter object), each log a :class:`RawLog`.

        Raises:
            RpcError: The node refused the query (its message, e.g. a range too large), or
                answered something that is not a list of logs.
        """
        body = json.dumps(
            {"jsonrpc": "2.0", "id": 1, "method": "eth_getLogs", "params": [query]},
            separators=(",", ":"),
        ).encode()
        status, payload = self.post_bytes(body)
        try:
            reply = _LOGS.decode(payload)
        except msgspec.ValidationError as err:
            raise RpcError("eth_getLogs", f"unexpected answer ({err}): {payload[:200]!r}") from err
        except msgspec.DecodeError as err:
            raise not_json(self.url, status, payload) from err
        if reply.error is not None:
            raise RpcError("eth_getLogs", reply.error.message, reply.error.code)
        if reply.result is None:
            raise RpcError("eth_getLogs", f"answer without a result: {payload[:200]!r}")
        return reply.result


__all__ = ["BATCH_SIZE", "REQUEST_TIMEOUT_S", "RawLog", "RawRpc"]

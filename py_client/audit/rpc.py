"""The indexer's JSON-RPC transport: :class:`py_client.rpc.JsonRpc` with a longer timeout.

Example::

    >>> rpc = RawRpc("http://127.0.0.1:8545")  # doctest: +SKIP
    >>> rpc.call("eth_blockNumber")  # doctest: +SKIP
    '0x2a'
"""

from collections.abc import Mapping

from py_client.rpc import DEFAULT_MAX_BATCH, JsonRpc

REQUEST_TIMEOUT_S = 120.0
"""A large ``eth_getLogs`` range can take a while on a busy node."""

BATCH_SIZE = DEFAULT_MAX_BATCH


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


__all__ = ["BATCH_SIZE", "REQUEST_TIMEOUT_S", "RawRpc"]

"""The bulk engine's JSON-RPC transport: :class:`py_client.rpc.JsonRpc`, under its old names.

Example::

    >>> rpc = RawRpc("http://127.0.0.1:8545")  # doctest: +SKIP
    >>> errors = rpc.send_raw([signed.raw for signed in batch])  # doctest: +SKIP
"""

from py_client.rpc import (
    ALREADY_KNOWN,
    DEFAULT_MAX_BATCH,
    REQUEST_TIMEOUT_S,
    Call,
    Reply,
    RpcError,
    is_already_known,
)
from py_client.rpc import JsonRpc as RawRpc

__all__ = [
    "ALREADY_KNOWN",
    "DEFAULT_MAX_BATCH",
    "REQUEST_TIMEOUT_S",
    "Call",
    "RawRpc",
    "Reply",
    "RpcError",
    "is_already_known",
]

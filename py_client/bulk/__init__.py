"""Bulk operations: many transactions from a file, pipelined, exactly once.

The low-level part is reusable on its own (benchmarks, data generators, importers):

- :class:`RawRpc`: JSON-RPC arrays over HTTP (raw sends, receipts, nonces, calls, estimates);
- :class:`Presigner`, :class:`TxRequest`, :class:`SignedTx`, :class:`Fees`: signing ahead with
  local nonces;
- :class:`Pipeline` (with :class:`PipelineHooks`) and :func:`send_all`: raw batches, bounded
  in-flight transactions per sender, receipts fetched in batches;
- :class:`FunctionCodec`: calldata without web3 contract objects.

Example::

    >>> from py_client.bulk import Fees, Job, Presigner, RawRpc, TxRequest, send_all
    >>> rpc = RawRpc("http://127.0.0.1:8545")  # doctest: +SKIP
    >>> signer = Presigner(account, 31337, Fees(gas_price=0),
    ...                    rpc.nonces([account.address], "pending")[0])  # doctest: +SKIP
    >>> receipts = send_all(rpc, [signer], [Job(n, signer.address, TxRequest(to, data, 90_000))
    ...                                     for n, data in enumerate(calls)])  # doctest: +SKIP
"""

from py_client.bulk.codec import FunctionCodec, event_topic
from py_client.bulk.pipeline import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_MAX_IN_FLIGHT,
    Job,
    Pipeline,
    PipelineHooks,
    PipelineStats,
    Sent,
    send_all,
)
from py_client.bulk.presign import Fees, Presigner, SignedTx, TxRequest
from py_client.bulk.rpc import RawRpc, Reply, RpcError

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_MAX_IN_FLIGHT",
    "Fees",
    "FunctionCodec",
    "Job",
    "Pipeline",
    "PipelineHooks",
    "PipelineStats",
    "Presigner",
    "RawRpc",
    "Reply",
    "RpcError",
    "Sent",
    "SignedTx",
    "TxRequest",
    "event_topic",
    "send_all",
]

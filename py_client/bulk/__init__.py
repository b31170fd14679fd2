"""Bulk operations: many transactions from a file, pipelined, exactly once.

The engine: :func:`run_bulk` (``rantai bulk <operation> <file>``) validates a whole CSV or JSON
file of tenders, orders (direct or from an award), acceptances, shipments, checkpoints or
delivery confirmations, then sends it with a journal so a killed run resumes without duplicates
(``docs/bulk.md``)::

    >>> from py_client import Rantai
    >>> from py_client.bulk import BulkOptions, run_bulk
    >>> report = run_bulk(Rantai.connect(), "orders", "orders.csv",
    ...                   BulkOptions(skip_invalid=False))  # doctest: +SKIP
    >>> print(report.summary())  # doctest: +SKIP

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
from py_client.bulk.engine import BulkOptions, run_bulk
from py_client.bulk.journal import Journal, JournalError
from py_client.bulk.operations import OPERATIONS
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
from py_client.bulk.presign import Fees, Presigner, SignedTx, TxRequest, request_of
from py_client.bulk.report import BulkReport, Progress, RowOutcome
from py_client.bulk.rpc import RawRpc, Reply, RpcError

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_MAX_IN_FLIGHT",
    "OPERATIONS",
    "BulkOptions",
    "BulkReport",
    "Fees",
    "FunctionCodec",
    "Job",
    "Journal",
    "JournalError",
    "Pipeline",
    "PipelineHooks",
    "PipelineStats",
    "Presigner",
    "Progress",
    "RawRpc",
    "Reply",
    "RowOutcome",
    "RpcError",
    "Sent",
    "SignedTx",
    "TxRequest",
    "event_topic",
    "request_of",
    "run_bulk",
    "send_all",
]

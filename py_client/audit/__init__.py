"""The auditor toolkit: an index of every Rantai event, queries over it, and red flags.

- :mod:`py_client.audit.db` — the database (SQLite file by default, PostgreSQL by URL) and its
  versioned schema (:mod:`py_client.audit.schema`).
- :mod:`py_client.audit.sync` — the indexer: chunked, resumable, idempotent ``eth_getLogs``.
- :mod:`py_client.audit.queries` — a process by ocid, an agency, a supplier.
- :mod:`py_client.audit.flags` — on-chain red flags and analytics computed from the index.

Example::

    >>> from py_client.audit import open_database, sync, RawRpc
    >>> from py_client.deployment import Deployment
    >>> db = open_database("rantai-audit.sqlite")  # doctest: +SKIP
    >>> sync(db, RawRpc("http://127.0.0.1:8545"), Deployment.load("local")).events  # doctest: +SKIP
    1234
"""

from py_client.audit.db import DEFAULT_DATABASE, Database, open_database
from py_client.audit.errors import (
    AuditError,
    DatabaseUnavailable,
    IndexMismatch,
    NotIndexed,
    RpcError,
    SchemaMismatch,
)
from py_client.audit.rpc import RawRpc
from py_client.audit.schema import SCHEMA_VERSION
from py_client.audit.sync import SyncReport, sync

__all__ = [
    "DEFAULT_DATABASE",
    "SCHEMA_VERSION",
    "AuditError",
    "Database",
    "DatabaseUnavailable",
    "IndexMismatch",
    "NotIndexed",
    "RawRpc",
    "RpcError",
    "SchemaMismatch",
    "SyncReport",
    "open_database",
    "sync",
]

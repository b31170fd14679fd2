"""Errors of the audit toolkit (indexer, database, queries); all derive from ``RantaiError``.

Settings-like problems (a database that cannot be opened, another schema version, a database
indexed from another chain, an unknown ocid or organisation) also derive from ``ConfigError`` or
``LookupError``, so the CLI reports them as bad input (exit 2); a node that fails while indexing
is an :class:`RpcError` (exit 1).
"""

from py_client.errors import ConfigError, RantaiError, UnknownReference
from py_client.rpc import NodeUnreachable, RpcError  # the transport's, one for all


class AuditError(RantaiError):
    """Root of the audit toolkit's errors."""


class DatabaseUnavailable(AuditError, ConfigError):
    """The audit database cannot be opened (bad path or URL, server down, driver missing)."""


class SchemaMismatch(AuditError, ConfigError):
    """The database was created by another version of the audit schema."""

    def __init__(self, target: str, found: int, expected: int) -> None:
        super().__init__(
            f"audit database {target} has schema version {found}, this rantai needs "
            f"{expected}: index into a new database (or delete this one and sync again)"
        )
        self.found = found
        self.expected = expected


class IndexMismatch(AuditError, ConfigError):
    """The database indexes another chain or other contract addresses than the deployment."""


class NotIndexed(AuditError, UnknownReference):
    """The database holds nothing yet (run ``rantai audit sync``) or nothing under that name."""


__all__ = [
    "AuditError",
    "DatabaseUnavailable",
    "IndexMismatch",
    "NodeUnreachable",
    "NotIndexed",
    "RpcError",
    "SchemaMismatch",
]

"""Opening an audit index for reading: what the report, the exports and the portal share.

They read a database that ``rantai audit sync`` filled and never talk to the node.
:func:`open_index` refuses a path that holds no database and a database that holds nothing yet,
instead of quietly creating an empty one.

Example::

    >>> db = open_index("rantai-audit.sqlite")  # doctest: +SKIP
    >>> index_info(db).chain_id  # doctest: +SKIP
    1945
"""

import json
from dataclasses import dataclass
from pathlib import Path

from py_client.audit.db import Database, is_postgres_url, open_database
from py_client.audit.errors import NotIndexed


@dataclass(frozen=True)
class IndexInfo:
    """What the index covers: the chain, the contracts, the last indexed block and its time."""

    chain_id: int
    addresses: dict[str, str]
    last_block: int
    last_block_at: int | None


def open_index(target: str) -> Database:
    """Open an audit database that ``rantai audit sync`` has filled.

    Args:
        target: A SQLite file path (or ``sqlite:///path``) or a PostgreSQL URL.

    Returns:
        The open database (the caller closes it).

    Raises:
        NotIndexed: There is no database at ``target``, or nothing was indexed into it.
        DatabaseUnavailable: The database cannot be opened.
        SchemaMismatch: The database holds another schema version.
    """
    if not is_postgres_url(target):
        path = target.removeprefix("sqlite:///")
        if path != ":memory:" and not Path(path).is_file():
            raise NotIndexed(f"audit database {path} does not exist: run 'rantai audit sync' first")
    db = open_database(target, create=False)
    if (
        not db.table_exists("audit_state")
        or db.scalar("SELECT value FROM audit_state WHERE key = 'chain_id'") is None
    ):
        db.close()
        raise NotIndexed(f"audit database {target} holds nothing yet: run 'rantai audit sync'")
    return db


def index_info(db: Database) -> IndexInfo:
    """The chain, contracts and last indexed block of ``db``."""
    state = {str(r["key"]): str(r["value"]) for r in db.query("SELECT key, value FROM audit_state")}
    last_block = int(state.get("next_block", "1")) - 1
    last_at = db.scalar("SELECT MAX(timestamp) FROM blocks")
    return IndexInfo(
        chain_id=int(state["chain_id"]),
        addresses=json.loads(state.get("addresses", "{}")),
        last_block=last_block,
        last_block_at=int(last_at) if last_at is not None else None,
    )


__all__ = ["IndexInfo", "index_info", "open_index"]

"""Results of the public pages that change only when the audit index does (issue 21).

A list's count and money totals, the home page's charts and figures and the filter forms'
choices read whole tables; :class:`IndexCache` keeps them until the index changes (a new event
indexed or a tender's words added), bounded to :data:`CACHE_ENTRIES` results. The state is read
with two indexed queries per use, so several portal processes never serve a stale figure.

Example::

    >>> from py_client.audit import open_database
    >>> db = open_database(":memory:")
    >>> db.execute(TEXTS_TABLE)
    >>> IndexCache(db).get("answer", lambda: 42)
    42
"""

from collections.abc import Callable
from typing import Any

from py_client.audit.db import Database

CACHE_ENTRIES = 512  # page heads (count and sums) kept per index state
TEXTS_TABLE = """CREATE TABLE IF NOT EXISTS portal_texts (
    tender_id BIGINT PRIMARY KEY,
    spec_hash TEXT NOT NULL,
    title TEXT NOT NULL,
    words TEXT NOT NULL,
    verified INTEGER NOT NULL
)"""
"""The portal's own table in the audit database: tender titles and item words, for search."""


def index_mark(db: Database, texts: bool = True) -> tuple[Any, ...]:
    """What changes when the index does: the latest event and (``texts``) tender text."""
    last = db.query(
        "SELECT block_number, log_index FROM events ORDER BY block_number DESC, log_index DESC "
        "LIMIT 1"
    )
    words = db.scalar("SELECT MAX(tender_id) FROM portal_texts") if texts else None
    return (*(tuple(last[0].values()) if last else ()), words)


def has_texts(db: Database) -> bool:
    """Whether the index has the portal's ``portal_texts`` (a read-only portal cannot add it)."""
    return db.table_exists("portal_texts")


class IndexCache:
    """Results that only change with the index, kept until it changes (bounded, oldest out)."""

    def __init__(self, db: Database, entries: int = CACHE_ENTRIES) -> None:
        self.db = db
        self.entries = entries
        self.mark: tuple[Any, ...] | None = None
        self.values: dict[Any, Any] = {}
        self.texts = False

    def get(self, key: Any, compute: Callable[[], Any]) -> Any:
        """The cached value of ``key``, computed by ``compute()`` when missing or stale."""
        self.texts = self.texts or has_texts(self.db)  # asked until the indexer made it
        mark = index_mark(self.db, self.texts)
        if mark != self.mark:
            self.mark, self.values = mark, {}
        if key not in self.values:
            if len(self.values) >= self.entries:
                self.values.pop(next(iter(self.values)))
            self.values[key] = compute()
        return self.values[key]


__all__ = ["CACHE_ENTRIES", "TEXTS_TABLE", "IndexCache", "has_texts", "index_mark"]

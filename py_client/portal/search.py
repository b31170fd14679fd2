"""Full-text search of tender titles and item words, kept beside ``portal_texts`` (issue 21).

``portal_texts`` holds each tender's title and item words; a ``LIKE '%word%'`` over it reads
every row on each search (700 ms p95 at 60,000 tenders and 20 clients). The search index
makes a word search read only the tenders that contain the words:

- **SQLite**: an FTS5 table ``portal_words`` (``rowid`` = tender id), written with each
  ``portal_texts`` row (:func:`put_words`, :func:`drop_words`) and back-filled from it
  (:func:`fill_words`) for an index made before it existed;
- **PostgreSQL**: a GIN index on ``to_tsvector('simple', words)`` of ``portal_texts`` itself,
  which PostgreSQL maintains.

A search word matches the words of a tender that *start* with it (``pomp`` finds "pompa air");
every word must match. Only letters and digits of the query count (:func:`search_words`).

Example::

    >>> from py_client.audit import open_database
    >>> from py_client.portal.cache import TEXTS_TABLE
    >>> db = open_database(":memory:")
    >>> db.execute(TEXTS_TABLE)
    >>> ensure_search(db)
    >>> put_words(db, 7, "pengadaan pompa air")
    >>> clause, params = match_clause(db, "t.tender_id", ["pomp"])
    >>> db.query(f"SELECT 7 AS tender_id FROM (SELECT 7 AS tender_id) t WHERE {clause}", params)
    [{'tender_id': 7}]
"""

import re
from collections.abc import Sequence
from typing import Any

from py_client.audit.db import Database

SEARCH_TABLE = "portal_words"
MAX_WORDS = 5
_WORD = re.compile(r"\w+", re.UNICODE)


def search_words(text: str, limit: int = MAX_WORDS) -> list[str]:
    """The words of a query (letters, digits), lower case, at most ``limit``."""
    return _WORD.findall(text.lower())[:limit]


def has_search(db: Database) -> bool:
    """Whether the search index exists (a read-only portal cannot add it: the indexer does)."""
    if db.dialect == "postgresql":
        return bool(db.scalar("SELECT to_regclass('portal_texts_words') IS NOT NULL"))
    return db.table_exists(SEARCH_TABLE)


def ensure_search(db: Database) -> None:
    """Create the search index over ``portal_texts`` (which must exist) and fill it."""
    if db.dialect == "postgresql":
        db.execute(
            "CREATE INDEX IF NOT EXISTS portal_texts_words ON portal_texts "
            "USING GIN (to_tsvector('simple', words))"
        )
        return
    db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {SEARCH_TABLE} USING fts5(words)")
    fill_words(db)


def fill_words(db: Database) -> int:
    """Add the ``portal_texts`` rows the SQLite search index lacks; how many were added."""
    if db.dialect == "postgresql":
        return 0
    missing = int(
        db.scalar(
            f"SELECT COUNT(*) FROM portal_texts WHERE tender_id NOT IN "  # noqa: S608 - fixed name
            f"(SELECT rowid FROM {SEARCH_TABLE})"
        )
        or 0
    )
    if missing:
        db.execute(
            f"INSERT INTO {SEARCH_TABLE} (rowid, words) SELECT tender_id, words FROM "  # noqa: S608 - fixed name
            f"portal_texts WHERE tender_id NOT IN (SELECT rowid FROM {SEARCH_TABLE})"
        )
    return missing


def drop_words(db: Database, tender_id: int) -> None:
    """Forget a tender's words in the search index (before its ``portal_texts`` row goes)."""
    if db.dialect != "postgresql":
        db.execute(f"DELETE FROM {SEARCH_TABLE} WHERE rowid = ?", [tender_id])  # noqa: S608 - fixed name


def put_words(db: Database, tender_id: int, words: str) -> None:
    """Index a tender's words (its ``portal_texts`` row is written by the caller)."""
    if db.dialect != "postgresql":
        drop_words(db, tender_id)
        db.execute(
            f"INSERT INTO {SEARCH_TABLE} (rowid, words) VALUES (?, ?)",  # noqa: S608 - fixed name
            [tender_id, words],
        )


def match_clause(db: Database, column: str, words: Sequence[str]) -> tuple[str, list[Any]]:
    """A ``WHERE`` clause: ``column`` (a tender id) names a tender whose words start with
    every one of ``words`` (from :func:`search_words`); never true without words."""
    if not words:
        return "1 = 0", []
    if db.dialect == "postgresql":
        query = " & ".join(f"{w}:*" for w in words)
        return (
            f"{column} IN (SELECT tender_id FROM portal_texts WHERE "  # noqa: S608 - fixed names only
            "to_tsvector('simple', words) @@ to_tsquery('simple', ?))",
            [query],
        )
    query = " ".join('"' + w.replace('"', '""') + '"*' for w in words)
    clause = f"{column} IN (SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH ?)"  # noqa: S608 - fixed names only
    return clause, [query]


__all__ = [
    "MAX_WORDS",
    "SEARCH_TABLE",
    "drop_words",
    "ensure_search",
    "fill_words",
    "has_search",
    "match_clause",
    "put_words",
    "search_words",
]

"""The indexer's SQLite writer process: commits ranges sent to it, one transaction each.

:func:`py_client.audit.sync.sync` starts it (``python -I sqlite_child.py <database file>``) when
a catch-up is large, so that SQLite's work runs beside decoding in another process instead of
taking turns with it under one interpreter lock. It reads pickled frames from its standard
input, each ``(end, statements)`` with ``statements`` a list of ``(sql, rows)`` that ends with
the range's next-block mark, runs each frame in one transaction (``executemany`` per
statement) and answers ``(end, None)`` once committed, or ``(end, "error text")`` after rolling
it back (it then stops). End of input: it closes the database and exits.

Frames come only from the indexer that started it, through a pipe (pickle is never read from
anywhere else). Standard library only: it imports nothing of ``py_client``.
"""

import pickle
import sqlite3
import sys
from typing import Any, BinaryIO

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA cache_size=-65536",
    "PRAGMA temp_store=MEMORY",
    "PRAGMA wal_autocheckpoint=4096",  # py_client.audit.db.BULK_WAL_PAGES
    "PRAGMA busy_timeout=30000",
)


def serve(path: str, frames: BinaryIO, answers: BinaryIO) -> int:
    """Commit the frames read from ``frames`` into the SQLite file ``path``; 0 when all did."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in PRAGMAS:
            conn.execute(pragma)
        while True:
            try:
                end, statements = pickle.load(frames)  # noqa: S301 (our parent's pipe)
            except (EOFError, pickle.UnpicklingError):  # the end, or a parent killed mid-frame
                return 0
            error = commit(conn, statements)
            pickle.dump((end, error), answers)
            answers.flush()
            if error is not None:
                return 1
    finally:
        conn.close()


def commit(conn: sqlite3.Connection, statements: list[tuple[str, list[Any]]]) -> str | None:
    """Run ``statements`` in one transaction; ``None``, or the error after a rollback."""
    try:
        conn.execute("BEGIN")
        for sql, rows in statements:
            conn.executemany(sql, rows)
        conn.execute("COMMIT")
    except sqlite3.Error as err:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        return f"{type(err).__name__}: {err}"
    return None


if __name__ == "__main__":
    sys.exit(serve(sys.argv[1], sys.stdin.buffer, sys.stdout.buffer))

"""The indexer's SQLite writer process: commits ranges sent to it, one transaction each.

:func:`py_client.audit.sync.sync` starts it (``python -I sqlite_child.py <database file>``) when
a catch-up is large, so that SQLite's work runs beside decoding in another process instead of
taking turns with it under one interpreter lock. It reads pickled frames from its standard
input, each ``(end, statements)`` with ``statements`` a list of ``(sql, rows)`` that ends with
the range's next-block mark, runs each frame in one transaction (``executemany`` per
statement) and answers ``(end, None)`` once committed, or ``(end, "error text")`` after rolling
it back (it then stops). A frame that is already waiting in the pipe when one is read joins its
transaction (:func:`next_frames`): a writer behind the decoding commits two consecutive ranges
at once — fewer commits, each rewriting fewer of the same index pages — and answers each; the
later range's mark is the one that stays. End of input: it closes the database and exits.

Frames come only from the indexer that started it, through a pipe (pickle is never read from
anywhere else). Standard library only: it imports nothing of ``py_client``.
"""

import gc
import pickle
import select
import sqlite3
import sys
from typing import Any, BinaryIO

MERGE_MAX = 2  # frames in one transaction (the indexer sends at most two ahead)
Frame = tuple[int, list[tuple[str, list[Any]]]]

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
            batch = next_frames(frames)
            if not batch:  # the end, or a parent killed mid-frame
                return 0
            error = commit(conn, [s for _, statements in batch for s in statements])
            for end, _ in batch:
                pickle.dump((end, error), answers)
            answers.flush()
            if error is not None:
                return 1
    finally:
        conn.close()


def next_frames(frames: BinaryIO) -> list[Frame]:
    """The next frame, and up to :data:`MERGE_MAX` in all that are already in the pipe; empty
    at the end of input. A frame cut short (its parent was killed) is dropped, nothing of it
    committed; the whole frames before it are returned."""
    batch: list[Frame] = []
    while len(batch) < MERGE_MAX:
        if batch and not select.select([frames], [], [], 0)[0]:
            break  # nothing more waiting: commit what is here
        try:
            batch.append(pickle.load(frames))  # noqa: S301 (our parent's pipe)
        except (EOFError, pickle.UnpicklingError):
            break
    return batch


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
    # A frame's rows are tuples of numbers and strings, freed by their reference counts: the
    # cyclic collector would only walk them again and again while they are read (a third of the
    # unpickling time). The indexer pauses it the same way (sync._collector_paused).
    gc.disable()
    sys.exit(serve(sys.argv[1], sys.stdin.buffer, sys.stdout.buffer))

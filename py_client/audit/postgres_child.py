"""The indexer's PostgreSQL writer process: commits ranges sent to it, one transaction each.

:func:`py_client.audit.sync.sync` starts it (``python -I postgres_child.py``) for a large
catch-up into PostgreSQL, so that psycopg's work (adapting every parameter, the protocol
messages) runs beside the decoding in another process instead of taking turns with it under
one interpreter lock. The first pickled frame on its standard input is the connection URL (never
on the command line, where ``ps`` would show a password); then each frame is ``(end,
statements)``: ``statements`` a list of ``(sql, rows)`` in PostgreSQL's placeholders, a ``COPY
… FROM STDIN`` first (the range's new events), the range's next-block mark last. It runs each
frame in one transaction (the copy, then the rest in one pipeline) with ``synchronous_commit``
off, as the indexer's own connection does, and answers ``(end, None)`` once committed, or
``(end, "error text")`` after the rollback (it then stops). End of input: it closes the
connection and exits.

Frames come only from the indexer that started it, through a pipe (pickle is never read from
anywhere else). It imports psycopg and nothing of ``py_client``.
"""

import pickle
import sys
from typing import Any, BinaryIO

import psycopg


def serve(frames: BinaryIO, answers: BinaryIO) -> int:
    """Commit the frames read from ``frames``; 0 when all did."""
    try:
        url = pickle.load(frames)  # noqa: S301 (our parent's pipe)
    except (EOFError, pickle.UnpicklingError):
        return 0
    conn = psycopg.connect(str(url), autocommit=True, connect_timeout=10)
    try:
        conn.execute("SET synchronous_commit = off")
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


def commit(conn: psycopg.Connection[Any], statements: list[tuple[str, list[Any]]]) -> str | None:
    """Run ``statements`` in one transaction; ``None``, or the error after the rollback."""
    try:
        with conn.transaction(), conn.cursor() as cursor:
            for sql, rows in statements:
                if sql.startswith("COPY "):
                    with cursor.copy(sql) as copy:
                        for row in rows:
                            copy.write_row(row)
            with conn.pipeline():
                for sql, rows in statements:
                    if rows and not sql.startswith("COPY "):
                        cursor.executemany(sql, rows)
    except psycopg.Error as err:
        return f"{type(err).__name__}: {err}"
    return None


if __name__ == "__main__":
    sys.exit(serve(sys.stdin.buffer, sys.stdout.buffer))

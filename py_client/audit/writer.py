"""One writer per audit database: the lock the indexer holds while it writes.

Many readers (portal workers, ``rantai audit process``…) may share an index, but only one
process may write it, or two syncs would index the same blocks twice over. :func:`single_writer`
takes the database's writer lock for as long as its ``with`` block runs:

- PostgreSQL: a session-level advisory lock (``pg_advisory_lock``) on the writer's connection,
  released when the block ends or when the process dies (the server drops the session);
- SQLite: an exclusive ``flock`` on ``<file>.writer.lock`` beside the database, released when
  the block ends or the process dies (the kernel drops it).

With ``wait=False`` a second writer is refused at once with :class:`WriterBusy`; with
``wait=True`` it waits until the first one is done.

Example::

    >>> from py_client.audit.db import open_database
    >>> db = open_database(":memory:")
    >>> with single_writer(db):
    ...     pass
"""

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from py_client.audit.db import Database
from py_client.audit.errors import AuditError

WRITER_LOCK_KEY = 0x52414E5441490000
"""The advisory lock id of the audit index's writer ("RANTAI" and zeros)."""


class WriterBusy(AuditError, RuntimeError):
    """Another process is writing the audit database (an indexer is already running)."""

    def __init__(self, target: str) -> None:
        super().__init__(
            f"another indexer is writing {target}: run one 'rantai audit sync --follow' per "
            "database (the portal reads what it indexes), or pass --wait to queue behind it"
        )
        self.target = target


def lock_file(target: str) -> Path | None:
    """The lock file of a SQLite database (``None`` for an in-memory one)."""
    path = target.removeprefix("sqlite:///")
    if path in ("", ":memory:"):
        return None
    return Path(f"{path}.writer.lock")


@contextmanager
def single_writer(db: Database, *, wait: bool = False) -> Iterator[None]:
    """Hold the writer lock of ``db`` for the ``with`` block.

    Args:
        db: The open audit database (its own connection holds a PostgreSQL lock).
        wait: Wait for another writer to finish instead of refusing.

    Raises:
        WriterBusy: Another process holds the lock and ``wait`` is false.
    """
    if db.dialect == "postgresql":
        if wait:
            db.execute("SELECT pg_advisory_lock(?)", [WRITER_LOCK_KEY])
        elif not db.scalar("SELECT pg_try_advisory_lock(?)", [WRITER_LOCK_KEY]):
            raise WriterBusy(db.target)
        try:
            yield
        finally:
            db.scalar("SELECT pg_advisory_unlock(?)", [WRITER_LOCK_KEY])
        return
    path = lock_file(db.target)
    if path is None:
        yield
        return
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise WriterBusy(db.target) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)


__all__ = ["WRITER_LOCK_KEY", "WriterBusy", "lock_file", "single_writer"]

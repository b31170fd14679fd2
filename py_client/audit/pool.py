"""A small pool of audit-database connections for readers that serve many threads at once.

:func:`open_pool` opens up to ``size`` connections to one database, lazily, and lends one to each
statement (or to a whole :meth:`~py_client.audit.db.Database.transaction`, which keeps its
connection for the ``with`` block and lends it to the statements inside it on the same thread).
A read-only pool refuses writes in the database itself: PostgreSQL connections run with
``default_transaction_read_only``, SQLite ones with ``PRAGMA query_only``.

The portal's pages read through such a pool, so requests of one worker do not queue behind one
connection; the single indexer (``rantai audit sync --follow``) writes through its own.

Example::

    >>> import tempfile, os
    >>> from py_client.audit.db import open_database
    >>> path = os.path.join(tempfile.mkdtemp(), "a.sqlite")
    >>> open_database(path).close()
    >>> pool = open_pool(path, size=2, read_only=True)
    >>> pool.scalar("SELECT version FROM audit_schema")
    1
    >>> pool.close()
"""

import queue
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from py_client.audit.db import (
    Database,
    PostgresDatabase,
    Row,
    SqliteDatabase,
    ensure_schema,
    is_postgres_url,
)
from py_client.audit.errors import DatabaseUnavailable

DEFAULT_POOL_SIZE = 4
POOL_CACHE_KIB = 16 * 1024  # SQLite page cache per pooled connection (the OS caches the file)
BORROW_TIMEOUT_S = 30.0


class PooledDatabase(Database):
    """Up to ``size`` connections to one database, lent per statement or per transaction."""

    def __init__(self, target: str, size: int = DEFAULT_POOL_SIZE, read_only: bool = False) -> None:
        if size < 1:
            raise ValueError(f"a pool needs at least one connection, not {size}")
        self._url = target
        self.size = size
        self.read_only = read_only
        self._idle: queue.LifoQueue[Database] = queue.LifoQueue()
        self._opened = 0
        self._open_lock = threading.Lock()
        self._local = threading.local()
        first = self._connect()
        super().__init__(first.target)
        self.dialect = first.dialect
        self._idle.put(first)

    def _connect(self) -> Database:
        member: Database
        if is_postgres_url(self._url):
            member = PostgresDatabase(self._url)
            if self.read_only:
                member.execute("SET default_transaction_read_only = on")
        else:
            member = SqliteDatabase(self._url.removeprefix("sqlite:///"))
            # Not the writer's 64 MiB each: memory stays bounded however many readers a
            # worker runs (bench/bench_portal.py: 2 workers grew by 350 MB with it).
            member.execute(f"PRAGMA cache_size=-{POOL_CACHE_KIB}")
            if self.read_only:
                member.execute("PRAGMA query_only = ON")
        self._opened += 1
        return member

    @contextmanager
    def _borrow(self) -> Iterator[Database]:
        bound: Database | None = getattr(self._local, "member", None)
        if bound is not None:  # inside this thread's transaction
            yield bound
            return
        try:
            member = self._idle.get_nowait()
        except queue.Empty:
            with self._open_lock:
                grow = self._opened < self.size
                member = self._connect() if grow else None  # type: ignore[assignment]
            if member is None:
                try:
                    member = self._idle.get(timeout=BORROW_TIMEOUT_S)
                except queue.Empty:
                    raise DatabaseUnavailable(
                        f"no free connection to {self.target} after {BORROW_TIMEOUT_S:.0f} s"
                    ) from None
        try:
            yield member
        finally:
            self._idle.put(member)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self._borrow() as member:
            member.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self._borrow() as member:
            member.executemany(sql, rows)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._borrow() as member:
            return member.query(sql, params)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._borrow() as member:
            if getattr(self._local, "member", None) is not None:
                yield  # nested: part of the outer transaction
                return
            self._local.member = member
            try:
                with member.transaction():
                    yield
            finally:
                self._local.member = None

    def table_exists(self, name: str) -> bool:
        with self._borrow() as member:
            return member.table_exists(name)

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return


def open_pool(
    target: str, *, size: int = DEFAULT_POOL_SIZE, read_only: bool = False
) -> PooledDatabase:
    """A pool over the audit database at ``target`` (its schema version checked, never created).

    Raises:
        DatabaseUnavailable: The database cannot be opened.
        SchemaMismatch: It holds another schema version.
    """
    pool = PooledDatabase(target, size=size, read_only=read_only)
    try:
        ensure_schema(pool, create=False)
    except BaseException:
        pool.close()
        raise
    return pool


__all__ = ["DEFAULT_POOL_SIZE", "PooledDatabase", "open_pool"]

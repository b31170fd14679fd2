"""A small database layer over SQLite (standard library) and PostgreSQL (psycopg 3).

SQL is written once, with ``?`` placeholders and the portable subset both engines share
(``INSERT … ON CONFLICT … DO NOTHING / DO UPDATE``, ``BIGINT``, ``TEXT``); the PostgreSQL
connection rewrites the placeholders. Rows come back as plain dicts, and PostgreSQL's
``numeric`` results of integer sums as ``int``, so callers see the same values on both.

:func:`open_database` takes a SQLite file path (or ``sqlite:///path``) or a PostgreSQL URL
(``postgresql://user@host:port/dbname``) and checks the schema version: a new database gets the
current schema, an older one is refused with :class:`~py_client.audit.errors.SchemaMismatch`.

Example::

    >>> db = open_database(":memory:")
    >>> db.scalar("SELECT version FROM audit_schema")
    1
    >>> db.close()
"""

import logging
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, Literal

from py_client.audit.errors import DatabaseUnavailable, SchemaMismatch
from py_client.audit.schema import SCHEMA_VERSION, create_statements

log = logging.getLogger(__name__)

Dialect = Literal["sqlite", "postgresql"]
Row = dict[str, Any]
DEFAULT_DATABASE = "rantai-audit.sqlite"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")
DEFAULT_WAL_PAGES = 1000  # SQLite's default wal_autocheckpoint
PIPELINES = True  # PostgreSQL: a range's statements in one pipeline (psycopg 3, libpq 14+)
BULK_WAL_PAGES = 4096  # 64 MiB of 16 KiB pages between checkpoints while the indexer catches up
PAGE_SIZE = 16384  # bytes per page of a new SQLite file


class Database:
    """One open audit database; use :func:`open_database` to get one.

    Statements outside :meth:`transaction` commit at once.
    """

    dialect: Dialect

    def __init__(self, target: str) -> None:
        self.target = target

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one statement."""
        raise NotImplementedError

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement for each parameter row."""
        raise NotImplementedError

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """The rows of a query as dicts (column name → value)."""
        raise NotImplementedError

    def copy_rows(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], insert_sql: str
    ) -> None:
        """Bulk-load ``rows`` the caller knows to be new into ``columns`` of ``table``.

        PostgreSQL streams them with ``COPY … FROM STDIN`` (no conflict handling: a duplicate
        key fails the transaction); elsewhere ``insert_sql`` runs for each row.
        """
        self.executemany(insert_sql, rows)

    def executemany_all(self, statements: Iterable[tuple[str, Sequence[Sequence[Any]]]]) -> None:
        """:meth:`executemany` of each ``(sql, rows)`` in order (PostgreSQL: in one pipeline,
        without a round trip per statement; an error is raised by the end of the call)."""
        for sql, rows in statements:
            self.executemany(sql, rows)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything inside commits together, or not at all."""
        raise NotImplementedError
        yield  # pragma: no cover

    @contextmanager
    def bulk_writes(self) -> Iterator[None]:
        """Settings for a long run of write transactions (the indexer's catch-up).

        Each transaction stays atomic; only when committed data reaches the disk changes (see
        the engines' overrides). Safe for the indexer: every range commits with its next-block
        mark, so a commit lost in a crash is read again by the next sync.
        """
        yield

    def close(self) -> None:
        """Close the connection."""
        raise NotImplementedError

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first column of the first row, or ``None`` without rows."""
        rows = self.query(sql, params)
        return next(iter(rows[0].values())) if rows else None

    def table_exists(self, name: str) -> bool:
        """Whether table ``name`` exists."""
        raise NotImplementedError

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SqliteDatabase(Database):
    """A SQLite file (WAL journal, ``synchronous=NORMAL``, 64 MiB page cache)."""

    dialect: Dialect = "sqlite"

    def __init__(self, path: str) -> None:
        super().__init__(path)
        try:
            self._conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            # A new file only (no-op on an existing one): 16 KiB pages, a sixth less CPU to
            # write the index (shallower B-trees, fewer page headers; bench/bench_index.py).
            self._conn.execute(f"PRAGMA page_size={PAGE_SIZE}")
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA cache_size=-65536")  # 64 MiB of pages for bulk inserts
            self._conn.execute("PRAGMA temp_store=MEMORY")  # a page's sort: no temporary file
        except sqlite3.Error as err:
            raise DatabaseUnavailable(f"cannot open the SQLite database {path}: {err}") from err

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._conn.execute(sql, tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._conn.executemany(sql, rows)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        cursor = self._conn.execute(sql, tuple(params))
        names = [d[0] for d in cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self._conn.execute("BEGIN")
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    @contextmanager
    def bulk_writes(self) -> Iterator[None]:
        """A larger WAL between checkpoints (each checkpoint syncs the file: fewer, larger
        ones); ``synchronous`` stays ``NORMAL``, so durability and safety are unchanged."""
        self._conn.execute(f"PRAGMA wal_autocheckpoint={BULK_WAL_PAGES}")
        try:
            yield
        finally:
            self._conn.execute(f"PRAGMA wal_autocheckpoint={DEFAULT_WAL_PAGES}")

    def close(self) -> None:
        self._conn.close()

    def table_exists(self, name: str) -> bool:
        found = self.scalar("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name])
        return found is not None


class PostgresDatabase(Database):
    """A PostgreSQL database through psycopg 3 (``pip install 'psycopg[binary]'``)."""

    dialect: Dialect = "postgresql"

    def __init__(self, url: str) -> None:
        super().__init__(_redacted(url))
        try:
            import psycopg  # optional: only PostgreSQL needs it
        except ImportError as err:
            raise DatabaseUnavailable(
                "PostgreSQL needs the psycopg package: pip install 'psycopg[binary]'"
            ) from err
        self._psycopg = psycopg
        self.url = url
        """The URL as given (with its password: for the indexer's writer process, never shown)."""
        self.writer_error: type[Exception] = psycopg.OperationalError
        try:
            self._conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as err:
            message = " ".join(str(err).split())
            raise DatabaseUnavailable(
                f"cannot connect to PostgreSQL at {self.target}: {message}"
            ) from err
        self._sql: dict[str, str] = {}

    def placeholders(self, sql: str) -> str:
        """``sql`` with psycopg's placeholders (``%s`` for ``?``, ``%%`` for ``%``)."""
        return self._convert(sql)

    def _convert(self, sql: str) -> str:
        converted = self._sql.get(sql)
        if converted is None:
            converted = sql.replace("%", "%%").replace("?", "%s")
            self._sql[sql] = converted
        return converted

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._conn.execute(self._convert(sql), tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        batch = [tuple(r) for r in rows]
        if batch:
            with self._conn.cursor() as cursor:
                cursor.executemany(self._convert(sql), batch)

    def executemany_all(self, statements: Iterable[tuple[str, Sequence[Sequence[Any]]]]) -> None:
        if not PIPELINES:
            super().executemany_all(statements)
            return
        with self._conn.pipeline(), self._conn.cursor() as cursor:
            for sql, rows in statements:
                if rows:
                    cursor.executemany(self._convert(sql), [tuple(r) for r in rows])

    def copy_rows(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], insert_sql: str
    ) -> None:
        if not rows:
            return
        statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with self._conn.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._conn.cursor() as cursor:
            cursor.execute(self._convert(sql), tuple(params))
            names = [d.name for d in cursor.description or ()]
            return [
                {n: _number(v) for n, v in zip(names, row, strict=True)}
                for row in cursor.fetchall()
            ]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._conn.transaction():
            yield

    @contextmanager
    def bulk_writes(self) -> Iterator[None]:
        """``synchronous_commit = off`` for this session: a commit returns before its WAL is
        flushed; a server crash may lose the last commits (whole transactions, never part of
        one), which the indexer reads again."""
        self._conn.execute("SET synchronous_commit = off")
        try:
            yield
        finally:
            self._conn.execute("RESET synchronous_commit")

    def close(self) -> None:
        self._conn.close()

    def table_exists(self, name: str) -> bool:
        found = self.scalar("SELECT to_regclass(?) IS NOT NULL", [name])
        return bool(found)


def _number(value: Any) -> Any:
    """PostgreSQL ``numeric`` (sums of bigints) as ``int`` when integral, else ``float``."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _redacted(url: str) -> str:
    """``url`` without a password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def is_postgres_url(target: str) -> bool:
    """Whether ``target`` names a PostgreSQL database rather than a SQLite file."""
    return target.startswith(POSTGRES_SCHEMES)


def open_database(target: str = DEFAULT_DATABASE, *, create: bool = True) -> Database:
    """Open (and create) the audit database at ``target``; check its schema version.

    Args:
        target: A SQLite file path, ``sqlite:///path``, ``:memory:``, or a PostgreSQL URL.
        create: Create the schema in an empty database. With ``False`` an empty database is
            returned as it is (queries then report that nothing is indexed).

    Returns:
        The open database.

    Raises:
        DatabaseUnavailable: The file or server cannot be opened.
        SchemaMismatch: The database holds another schema version.
    """
    db: Database
    if is_postgres_url(target):
        db = PostgresDatabase(target)
    else:
        db = SqliteDatabase(target.removeprefix("sqlite:///"))
    try:
        ensure_schema(db, create=create)
    except BaseException:
        db.close()
        raise
    return db


def ensure_schema(db: Database, *, create: bool = True) -> None:
    """Create the schema in an empty database, or check the version of an existing one."""
    if db.table_exists("audit_schema"):
        found = db.scalar("SELECT version FROM audit_schema")
        if found != SCHEMA_VERSION:
            raise SchemaMismatch(db.target, int(found or 0), SCHEMA_VERSION)
        return
    if not create:
        return
    with db.transaction():
        for statement in create_statements():
            db.execute(statement)
        db.execute(
            "INSERT INTO audit_schema (version, created_at) VALUES (?, ?)",
            [SCHEMA_VERSION, int(time.time())],
        )
    log.info("created audit schema version %s in %s", SCHEMA_VERSION, db.target)

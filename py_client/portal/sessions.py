"""Server-side sessions and sign-in nonces, kept in the database every portal worker shares.

Every portal worker (one process or many behind one URL) sees the same sessions and the same
pending sign-in messages because they live in two tables of the audit database, next to the
index (the index tables are written by the single indexer only; these two by the portal):

- ``portal_sessions``: the SHA-256 of the session token (the cookie holds the token itself, so
  a copy of the table signs nobody in), the session's data as JSON and its expiry;
- ``portal_nonces``: each sign-in message the portal issued, exactly as issued, with its nonce,
  the client and session it was issued to, the address, and issue and expiry times.

:class:`ServerSessions` is an ASGI middleware that gives routes ``request.session`` (a dict) and
writes it back after the answer: no cookie is set while a session is empty (public pages set
none); a session that is cleared (logout) is **deleted** on the server, so its cookie is worth
nothing afterwards, even to someone who copied it; signing in rotates the token. The cookie is
``HttpOnly``, ``SameSite=Lax`` and ``Secure`` when the portal is served over HTTPS.

Example::

    >>> from py_client.audit.db import open_database
    >>> store = SessionStore(open_database(":memory:"))
    >>> token = store.save(None, {"csrf": "abc"}, now=1_000)
    >>> store.load(token, now=1_001)
    {'csrf': 'abc'}
    >>> store.delete(token); store.load(token, now=1_001) is None
    True
"""

import hashlib
import json
import logging
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import astuple, dataclass, fields
from http.cookies import SimpleCookie
from typing import Any

from anyio import to_thread
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from py_client.audit.db import Database, Row

log = logging.getLogger(__name__)

SESSION_COOKIE = "rantai_session"
SESSION_MAX_AGE_S = 8 * 3600
ANONYMOUS_MAX_AGE_S = 3600
"""A session nobody signed in to (only a CSRF token) is forgotten after an hour."""
TOKEN_BYTES = 32
PORTAL_TABLES: dict[str, str] = {
    "portal_sessions": """
        token_hash TEXT PRIMARY KEY,
        data TEXT NOT NULL,
        expires_at BIGINT NOT NULL
    """,
    "portal_nonces": """
        nonce TEXT PRIMARY KEY,
        client TEXT NOT NULL,
        session_hash TEXT NOT NULL,
        address TEXT NOT NULL,
        message TEXT NOT NULL,
        issued_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL
    """,
}
PORTAL_INDEXES = (
    "CREATE INDEX IF NOT EXISTS portal_nonces_client ON portal_nonces (client, expires_at)",
    "CREATE INDEX IF NOT EXISTS portal_nonces_expiry ON portal_nonces (expires_at)",
    "CREATE INDEX IF NOT EXISTS portal_sessions_expiry ON portal_sessions (expires_at)",
)
SCHEMA_LOCK_KEY = 0x52414E5441490001  # "RANTAI" + 1: serialises table creation across workers


class SerializedDatabase(Database):
    """A database whose statements run one at a time (a SQLite connection shared by threads)."""

    def __init__(self, inner: Database) -> None:
        super().__init__(inner.target)
        self.dialect = inner.dialect
        self._inner = inner
        self._lock = threading.RLock()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self._lock:
            self._inner.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self._lock:
            self._inner.executemany(sql, rows)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._lock:
            return self._inner.query(sql, params)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock, self._inner.transaction():
            yield

    def table_exists(self, name: str) -> bool:
        with self._lock:
            return self._inner.table_exists(name)

    def close(self) -> None:
        with self._lock:
            self._inner.close()


def token_hash(token: str) -> str:
    """The SHA-256 (hex) under which a session token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def ensure_portal_tables(db: Database) -> None:
    """Create the portal's two tables if missing (safe when several workers start at once)."""
    with db.transaction():
        if db.dialect == "postgresql":
            db.execute("SELECT pg_advisory_xact_lock(?)", [SCHEMA_LOCK_KEY])
        for name, body in PORTAL_TABLES.items():
            db.execute(f"CREATE TABLE IF NOT EXISTS {name} ({body.strip()})")
        for statement in PORTAL_INDEXES:
            db.execute(statement)


class SessionStore:
    """Sessions in the database: token → data, expiring ``max_age_s`` after the last change
    (:data:`ANONYMOUS_MAX_AGE_S` for a session nobody signed in to)."""

    def __init__(self, db: Database, max_age_s: int = SESSION_MAX_AGE_S) -> None:
        self.db = db
        self.max_age_s = max_age_s
        ensure_portal_tables(db)

    def load(self, token: str, now: float | None = None) -> dict[str, Any] | None:
        """The data of a live session, or ``None`` (unknown, revoked or expired)."""
        at = int(time.time() if now is None else now)
        raw = self.db.scalar(
            "SELECT data FROM portal_sessions WHERE token_hash = ? AND expires_at > ?",
            [token_hash(token), at],
        )
        if raw is None:
            return None
        data = json.loads(raw)
        return data if isinstance(data, dict) else None

    def save(self, token: str | None, data: dict[str, Any], now: float | None = None) -> str:
        """Store ``data`` under ``token`` (a new token when ``None``); returns the token."""
        at = int(time.time() if now is None else now)
        token = token or secrets.token_urlsafe(TOKEN_BYTES)
        lifetime = (
            self.max_age_s if data.get("address") else min(self.max_age_s, ANONYMOUS_MAX_AGE_S)
        )
        self.db.execute(
            "INSERT INTO portal_sessions (token_hash, data, expires_at) VALUES (?, ?, ?) "
            "ON CONFLICT (token_hash) DO UPDATE SET data = excluded.data, "
            "expires_at = excluded.expires_at",
            [token_hash(token), json.dumps(data, sort_keys=True), at + lifetime],
        )
        if secrets.randbelow(100) == 0:  # now and then, forget expired sessions
            self.db.execute("DELETE FROM portal_sessions WHERE expires_at <= ?", [at])
        return token

    def delete(self, token: str) -> None:
        """Revoke a session: its cookie signs nobody in any more."""
        self.db.execute("DELETE FROM portal_sessions WHERE token_hash = ?", [token_hash(token)])


@dataclass(frozen=True)
class PendingSignIn:
    """A sign-in message the portal issued and has not yet seen signed."""

    nonce: str
    client: str
    session_hash: str
    address: str
    message: str
    issued_at: int
    expires_at: int

    @classmethod
    def from_row(cls, row: Row) -> "PendingSignIn":
        """The message of a ``portal_nonces`` row."""
        texts = {f.name: str(row[f.name]) for f in fields(cls) if f.type is str}
        return cls(**texts, issued_at=int(row["issued_at"]), expires_at=int(row["expires_at"]))


FIELDS = fields(PendingSignIn)
NONCE_COLUMNS = ", ".join(f.name for f in FIELDS)
"""The columns of ``portal_nonces``, as :class:`PendingSignIn` names them."""


class NonceStore:
    """Pending sign-in messages in the database, taken at most once."""

    def __init__(self, db: Database) -> None:
        self.db = db
        ensure_portal_tables(db)

    def forget_expired(self, now: float) -> None:
        """Drop messages past their expiry."""
        self.db.execute("DELETE FROM portal_nonces WHERE expires_at <= ?", [int(now)])

    def pending(self, now: float, client: str | None = None) -> int:
        """How many unexpired messages are pending (for ``client``, or in total)."""
        if client is None:
            sql, params = "SELECT COUNT(*) FROM portal_nonces WHERE expires_at > ?", [int(now)]
        else:
            sql = "SELECT COUNT(*) FROM portal_nonces WHERE client = ? AND expires_at > ?"
            params = [client, int(now)]  # type: ignore[list-item]
        return int(self.db.scalar(sql, params) or 0)

    def first_expiry(self, now: float, client: str | None = None) -> int:
        """When the oldest pending message (of ``client``, or of all) expires."""
        if client is None:
            sql, params = "SELECT MIN(expires_at) FROM portal_nonces WHERE expires_at > ?", [now]
        else:
            sql = "SELECT MIN(expires_at) FROM portal_nonces WHERE client = ? AND expires_at > ?"
            params = [client, now]  # type: ignore[list-item]
        return int(self.db.scalar(sql, params) or now)

    def add(self, pending: PendingSignIn) -> None:
        """Remember an issued message."""
        marks = ", ".join("?" for _ in FIELDS)
        self.db.execute(
            f"INSERT INTO portal_nonces ({NONCE_COLUMNS}) VALUES ({marks})",  # noqa: S608 - constant columns
            list(astuple(pending)),
        )

    def take(self, nonce: str) -> PendingSignIn | None:
        """The message of ``nonce``, removed so that no one can use it again (atomic)."""
        rows = self.db.query(
            f"DELETE FROM portal_nonces WHERE nonce = ? RETURNING {NONCE_COLUMNS}",  # noqa: S608 - constant columns
            [nonce],
        )
        return PendingSignIn.from_row(rows[0]) if rows else None


@dataclass(eq=False)
class ServerSessions:
    """ASGI middleware: ``request.session`` backed by :class:`SessionStore`.

    Args:
        app: The wrapped application.
        store: Where sessions live.
        secure: ``True``/``False`` forces the cookie's ``Secure`` flag; ``None`` sets it when the
            request came over HTTPS (``X-Forwarded-Proto`` from a trusted proxy counts: uvicorn's
            ``--forwarded-allow-ips``).
        cookie: The cookie's name.
    """

    app: ASGIApp
    store: SessionStore
    secure: bool | None = None
    cookie: str = SESSION_COOKIE
    clock: Callable[[], float] = time.time

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = self._token(scope)
        data: dict[str, Any] = {}
        if token is not None:
            found = await to_thread.run_sync(self.store.load, token, self.clock())
            if found is None:
                token = None  # unknown, revoked or expired: start afresh
            else:
                data = found
        before = json.dumps(data, sort_keys=True)
        scope["session"] = data
        secure = self.secure if self.secure is not None else scope.get("scheme") == "https"

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                cookie = await self._commit(token, before, scope["session"], secure)
                if cookie is not None:
                    MutableHeaders(scope=message).append("set-cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _token(self, scope: Scope) -> str | None:
        for name, value in scope.get("headers", []):
            if name == b"cookie":
                jar: SimpleCookie = SimpleCookie()
                try:
                    jar.load(value.decode("latin-1"))
                except Exception:  # noqa: BLE001 - a malformed cookie header is no session
                    return None
                if self.cookie in jar:
                    return jar[self.cookie].value or None
        return None

    async def _commit(
        self, token: str | None, before: str, data: dict[str, Any], secure: bool
    ) -> str | None:
        """Write the session back; the ``Set-Cookie`` value to send, if any."""
        after = json.dumps(data, sort_keys=True)
        if after == before:
            return None
        if not data:  # cleared: revoke on the server and drop the cookie
            if token is not None:
                await to_thread.run_sync(self.store.delete, token)
            return self._cookie("", 0, secure)
        old_address = json.loads(before).get("address")
        if token is not None and data.get("address") != old_address:
            await to_thread.run_sync(self.store.delete, token)  # a new token on sign-in
            token = None
        fresh = token is None
        token = await to_thread.run_sync(self.store.save, token, data, self.clock())
        return self._cookie(token, self.store.max_age_s, secure) if fresh else None

    def _cookie(self, token: str, max_age: int, secure: bool) -> str:
        parts = [f"{self.cookie}={token}", "Path=/", f"Max-Age={max_age}", "HttpOnly"]
        parts.append("SameSite=Lax")
        if secure:
            parts.append("Secure")
        return "; ".join(parts)


__all__ = [
    "ANONYMOUS_MAX_AGE_S",
    "PORTAL_TABLES",
    "SESSION_COOKIE",
    "SESSION_MAX_AGE_S",
    "NonceStore",
    "PendingSignIn",
    "SerializedDatabase",
    "ServerSessions",
    "SessionStore",
    "ensure_portal_tables",
    "token_hash",
]

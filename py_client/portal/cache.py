"""Results of the public pages that change only when the audit index does (issue 21).

A list's count and money totals, the home page's charts and figures and the filter forms'
choices read whole tables; :class:`IndexCache` keeps them until the index changes (a new event
indexed or a tender's words added), bounded to :data:`CACHE_ENTRIES` results. The state is read
with two indexed queries per use, so several portal processes never serve a stale figure.

:class:`PageCache` keeps whole answers of the anonymous public pages (no session cookie, ``GET``)
per index height: a sync that reaches a new block starts a new generation, so a page is never
older than the index the worker last looked at (at most ``sync_interval_s`` behind, as without
the cache); :data:`PAGE_MAX_AGE_S` bounds what depends on more than the index (a tender's
specification arriving in the document store). Signed-in users always get a fresh page.

Example::

    >>> from py_client.audit import open_database
    >>> db = open_database(":memory:")
    >>> db.execute(TEXTS_TABLE)
    >>> IndexCache(db).get("answer", lambda: 42)
    42
"""

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Protocol

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from py_client.audit.db import Database

CACHE_ENTRIES = 512  # page heads (count and sums) kept per index state
PAGE_CACHE_ENTRIES = 256  # whole public pages kept per worker (0: no page cache)
PAGE_CACHE_BYTES = 32 * 1024 * 1024  # and at most this many bytes of them
PAGE_MAX_AGE_S = 60.0  # a page is rendered again at least this often, even on a quiet chain
MAX_WAITS = 3  # renderings of the same page a request waits for before it renders it itself
PAGE_PREFIXES = (  # the public pages (first path segment): the index is all they read
    "",
    "tenders",
    "orders",
    "shipments",
    "payments",
    "agencies",
    "suppliers",
    "awards",
    "flags",
    "search",
)
SESSION_COOKIE_NAME = b"rantai_session"  # py_client.portal.sessions.SESSION_COOKIE
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


class IndexHeight(Protocol):
    """What :class:`PageCache` reads of the portal: how far its index got, and whether a sync
    is due."""

    indexed_block: int
    chain_now: int

    def sync_due(self) -> bool:
        """The next page view syncs first (``sync_interval_s`` passed since the last sync)."""
        ...


Height = tuple[int, int]  # a worker's indexed block and chain time


class _Page:
    __slots__ = ("body", "headers", "height", "status", "stored_at")

    def __init__(self, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body
        self.height: Height = (0, 0)  # the index height it was rendered at (set when kept)
        self.stored_at = time.monotonic()


@dataclass(eq=False)
class PageCache:
    """ASGI middleware: whole answers of anonymous public ``GET`` pages, per index height.

    An answer is kept when it is a ``200`` (or the ``303`` of ``/search``), sets no cookie, and
    the index height did not change while it was rendered; it is served again while the worker's
    index height (:class:`IndexHeight`: ``indexed_block`` and the chain time) is the same, no
    sync is due and it is younger than ``max_age_s``. Concurrent first requests of one page
    wait for one rendering. When a sync is due, the first request of a page syncs and renders
    it; while that sync runs, the page of the current height is still served (the height
    changes only when the sync is done). While a page is rendered again (a new height, or its
    answer grew older than ``max_age_s``), the other requests of that page get its last answer
    (``stale``, at most twice ``max_age_s`` old) instead of waiting: a popular page never queues
    behind its own rendering. Answers carry ``X-Page-Cache: hit``, ``stale`` or ``miss``.

    Args:
        app: The wrapped application (inside the session middleware).
        portal: The index height to key on; once a sync is due, the next page view syncs, so
            it is rendered, not served from the cache.
        entries: Pages kept (least recently used out); 0 turns the cache off.
        max_bytes: Bytes of pages kept.
        max_age_s: The oldest answer served.
    """

    app: ASGIApp
    portal: IndexHeight
    entries: int = PAGE_CACHE_ENTRIES
    max_bytes: int = PAGE_CACHE_BYTES
    max_age_s: float = PAGE_MAX_AGE_S
    pages: OrderedDict[Hashable, _Page] = field(default_factory=OrderedDict, init=False)
    size: int = field(default=0, init=False)
    hits: int = field(default=0, init=False)
    misses: int = field(default=0, init=False)
    _rendering: dict[Hashable, asyncio.Future[None]] = field(default_factory=dict, init=False)

    def _key(self, scope: Scope) -> Hashable | None:
        """The page's key, or ``None`` when it is not a public page of an anonymous visitor."""
        if scope["type"] != "http" or scope["method"] != "GET" or self.entries <= 0:
            return None
        path: str = scope["path"]
        if path.split("/", 2)[1] not in PAGE_PREFIXES:
            return None
        lang, host = b"", b""
        for name, value in scope["headers"]:
            if name == b"cookie":
                if SESSION_COOKIE_NAME in value:
                    return None  # a session: its pages carry its name and token
                for part in value.split(b";"):
                    key, _, found = part.strip().partition(b"=")
                    if key == b"lang":
                        lang = found
            elif name == b"host":
                host = value
        return (path, scope.get("query_string", b""), lang, host, scope.get("scheme"))

    def _height(self) -> Height:
        return (self.portal.indexed_block, self.portal.chain_now)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = self._key(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        for _ in range(MAX_WAITS):
            height, due = self._height(), self.portal.sync_due()
            page = self._fresh(key, height)
            rendering = self._rendering.get(key)
            if page is not None and (not due or rendering is not None):
                self.hits += 1  # (a sync due and running: this height is still the latest)
                await _replay(page, b"hit", send)
                return
            if rendering is None:
                break
            stale = self._stale(key)
            if stale is not None:  # it is being rendered again: its last answer serves meanwhile
                self.hits += 1
                await _replay(stale, b"stale", send)
                return
            await asyncio.shield(rendering)  # one request renders (and syncs first): wait
        self.misses += 1
        done = self._rendering[key] = asyncio.get_running_loop().create_future()
        try:
            page = await self._render(scope, receive, send)
            if page is not None and not due and self._height() == height:
                self._store(key, height, page)
        finally:
            if self._rendering.get(key) is done:
                del self._rendering[key]
            done.set_result(None)

    def _fresh(self, key: Hashable, height: Height) -> _Page | None:
        page = self.pages.get(key)
        if page is None or page.height != height:
            return None
        if time.monotonic() - page.stored_at > self.max_age_s:
            return None
        self.pages.move_to_end(key)
        return page

    def _stale(self, key: Hashable) -> _Page | None:
        """The answer kept of ``key`` (of any height), unless older than twice the age."""
        page = self.pages.get(key)
        if page is None or time.monotonic() - page.stored_at > 2 * self.max_age_s:
            return None
        return page

    def _store(self, key: Hashable, height: Height, page: _Page) -> None:
        if len(page.body) > self.max_bytes // 8:
            return  # one page never takes more than an eighth of the cache
        before = self.pages.pop(key, None)  # one answer kept per page: the older one goes
        if before is not None:
            self.size -= len(before.body)
        page.height = height
        self.pages[key] = page
        self.size += len(page.body)
        while len(self.pages) > self.entries or self.size > self.max_bytes:
            _, dropped = self.pages.popitem(last=False)
            self.size -= len(dropped.body)

    async def _render(self, scope: Scope, receive: Receive, send: Send) -> _Page | None:
        """Run the page, pass its answer on, and return it when it may be kept."""
        start: Message = {}
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                message = {**message, "headers": [*message["headers"], _MISS]}
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, keep)
        status = int(start.get("status", 0))
        headers = list(start.get("headers", []))
        if status not in (200, 303) or (status == 303 and scope["path"] != "/search"):
            return None
        if any(name.lower() == b"set-cookie" for name, _ in headers):
            return None
        return _Page(status, headers, b"".join(chunks))


_MISS = (b"x-page-cache", b"miss")


async def _replay(page: _Page, state: bytes, send: Send) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": page.status,
            "headers": [*page.headers, (b"x-page-cache", state)],
        }
    )
    await send({"type": "http.response.body", "body": page.body})


__all__ = [
    "CACHE_ENTRIES",
    "PAGE_CACHE_ENTRIES",
    "TEXTS_TABLE",
    "IndexCache",
    "IndexHeight",
    "PageCache",
    "has_texts",
    "index_mark",
]

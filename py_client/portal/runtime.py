"""The portal's runtime: its configuration, shared state and page helpers, built once per app.

:func:`py_client.portal.app.create_app` builds one :class:`PortalRuntime` and keeps it on
``app.state.runtime``; the page families (``pages_*.py``, :mod:`~py_client.portal.opendata`,
:mod:`~py_client.portal.governance_page`) are ``APIRouter`` s whose routes receive it through the
:data:`Runtime` dependency. So the imports run one way: ``app`` → page modules → ``runtime``, and
no page module imports ``app``.

Example::

    >>> from fastapi import APIRouter, Request
    >>> router = APIRouter()
    >>> @router.get("/hello")
    ... def hello(request: Request, rt: Runtime):  # doctest: +SKIP
    ...     rt.portal.sync()
    ...     return rt.render(request, "message.html", message="hello")
"""

import dataclasses
import json
import logging
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, cast

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from py_client.audit import RawRpc, open_database, sync
from py_client.audit.db import DEFAULT_DATABASE, Database, is_postgres_url
from py_client.audit.pool import DEFAULT_POOL_SIZE, open_pool
from py_client.audit.sync import RpcLike
from py_client.audit.writer import WriterBusy, single_writer
from py_client.client import Rantai
from py_client.documents.store import open_store
from py_client.errors import ConfigError
from py_client.formatting import wib
from py_client.portal.actions import Preparer
from py_client.portal.cache import PAGE_CACHE_ENTRIES
from py_client.portal.documents import PublicDocuments
from py_client.portal.i18n import language, money, state, text
from py_client.portal.i18n_public import check_definition, flag_sentence
from py_client.portal.listing import Lists
from py_client.portal.memory import bound_malloc_arenas
from py_client.portal.public import PublicData
from py_client.portal.sessions import NonceStore, SerializedDatabase, SessionStore
from py_client.portal.siwe import SignIn
from py_client.portal.uploads import DEFAULT_UPLOAD_LIMIT, UploadTooLarge, limited
from py_client.settings import Settings

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
CSRF_HEADER = "X-CSRF-Token"
JSON_LIMIT = 64 * 1024


@dataclass
class PortalConfig:
    """How the portal runs.

    Attributes:
        settings: Node and deployment (``RANTAI_*``); any signer in them is ignored: the
            portal never signs for anyone.
        database: The audit database (SQLite file or PostgreSQL URL).
        documents: The document store folder for uploads (library default when ``None``).
        names: Organisation names by id, for display (profiles stay off chain).
        sync_interval_s: Least seconds between two index syncs triggered by page views (or,
            read-only, between two looks at how far the indexer got).
        wallet_rpc_url: The RPC URL wallets should use (shown on the console); the node's.
        domain: The public host (and port) of the portal: the sign-in domain, and the only
            ``Host`` answered. ``None`` for a local run: loopback names only, the domain then
            being the request's ``Host``.
        https: The portal is served over HTTPS (behind a TLS proxy): ``Secure`` cookie,
            ``https://`` sign-in URI, HSTS. ``None``: judged per request by its scheme.
        read_only: Never write the index (``rantai audit sync --follow`` indexes); pages read
            through a pool of ``pool_size`` read-only connections.
        pool_size: Connections of the read-only pool.
        max_upload_bytes: The largest console form body (files included).
        page_cache_entries: Anonymous public pages kept whole per index height (0: none).
    """

    settings: Settings
    database: str = DEFAULT_DATABASE
    documents: str | None = None
    names: dict[int, str] = field(default_factory=dict)
    sync_interval_s: float = 2.0
    wallet_rpc_url: str | None = None
    domain: str | None = None
    https: bool | None = None
    read_only: bool = False
    pool_size: int = DEFAULT_POOL_SIZE
    max_upload_bytes: int = DEFAULT_UPLOAD_LIMIT
    page_cache_entries: int = PAGE_CACHE_ENTRIES


class _NoLock:
    """A lock that does not lock: read-only workers share nothing that needs one."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


class Portal:
    """The portal's shared state: read-only client, audit index, sign-in, preparer."""

    def __init__(self, config: PortalConfig) -> None:
        self.config = config
        # before the threads that serve pages allocate: what they free stays in few arenas
        bound_malloc_arenas()
        read_only = dataclasses.replace(
            config.settings, private_key=None, keystore=None, mnemonic=None
        )
        self.client = Rantai.connect(read_only, env_file=None)
        self.lock: threading.RLock | _NoLock
        self.db: Database
        if config.read_only:
            self.db = open_pool(config.database, size=config.pool_size, read_only=True)
            self.lock = _NoLock()
        else:
            self.db = open_database(config.database)
            self.lock = threading.RLock()
        self.rpc = RawRpc(read_only.rpc_url, jwt=read_only.rpc_jwt)
        self.data = PublicData(self.db, config.names, background=config.read_only)
        self.lists = Lists(self.db, writable=not config.read_only)
        self.documents = PublicDocuments(
            self.db,
            open_store(config.documents or config.settings.document_store),
            writable=not config.read_only,
        )
        self.governance = _governance(self.client.w3, config.settings.deployment or "local")
        self.preparer = Preparer(self.client, config.documents, self.governance)
        if is_postgres_url(config.database):
            self.store_db: Database = open_pool(config.database, size=2)
        else:
            self.store_db = SerializedDatabase(open_database(config.database, create=False))
        self.sessions = SessionStore(self.store_db)
        self.nonces = NonceStore(self.store_db)
        self.sync_lock = threading.Lock()
        self.last_sync = 0.0
        self.indexed_block = -1
        self.chain_now = 0
        self.clock: Callable[[], float] = time.time
        self.sync(force=True)
        self.data.analytics()  # the analytic red flags, before the first page view waits on them

    def sync(self, force: bool = False) -> None:
        """Index new events unless a sync ran less than ``sync_interval_s`` ago.

        A read-only portal, or one whose database another indexer is writing, only looks how
        far the index got.
        """
        if not force and not self.sync_due():
            return  # the common case: no lock taken, so page views never queue behind a sync
        with self.sync_lock, self.lock:
            if not force and not self.sync_due():
                return
            self.indexed_block = self._index() if not self.config.read_only else self._indexed()
            self.chain_now = self.client.now()
            self.last_sync = time.monotonic()
            if not self.config.read_only:  # the words of new tenders, for search
                self.documents.index_texts()

    def sync_due(self) -> bool:
        """``sync_interval_s`` passed since the last sync: the next page view syncs first."""
        return time.monotonic() - self.last_sync >= self.config.sync_interval_s

    def _index(self) -> int:
        try:
            with single_writer(self.db):
                report = sync(self.db, cast(RpcLike, self.rpc), self.client.deployment)
        except WriterBusy:
            return self._indexed()  # another indexer writes this database: read what it did
        if report.events:
            log.info("indexed %s events up to block %s", report.events, report.to_block)
        return report.to_block

    def _indexed(self) -> int:
        if not self.db.table_exists("audit_state"):
            return -1
        found = self.db.scalar("SELECT value FROM audit_state WHERE key = 'next_block'")
        return int(found) - 1 if found is not None else -1

    def signin(self, domain: str, uri: str) -> SignIn:
        """The sign-in issuer of a domain and base URI (messages kept in the shared store)."""
        return SignIn(domain, uri, self.client.chain_id, self.nonces, clock=lambda: self.clock())


def _governance(w3: Any, deployment: str) -> Any:
    """The deployment's council, guardians and timelock, or ``None`` when not set up."""
    from py_client.governance import Governance, load_governance

    try:
        return Governance(w3, load_governance(deployment))
    except ConfigError:
        return None


def templates(portal: Portal) -> Environment:
    """The Jinja environment of the portal's pages (autoescaped, no reload)."""
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates ship with the code: no stat() of each one per page
    )
    env.filters["short"] = lambda a: f"{a[:6]}…{a[-4:]}" if isinstance(a, str) and a else "-"
    env.globals["plain"] = str
    env.globals.update(  # tender titles and item names; red-flag findings in the page's words
        public_docs=portal.documents, flag_sentence=flag_sentence, check_definition=check_definition
    )
    return env


DetailPart = Callable[[PublicData, int], Any]
"""One part of a detail page, read by the row's id (a :class:`PublicData` method)."""


class PortalRuntime:
    """The portal's state and the helpers every page family uses (language, CSRF, rendering)."""

    def __init__(self, config: PortalConfig) -> None:
        self.config = config
        self.portal = Portal(config)
        self.env = templates(self.portal)

    def participant_of(self, address: str) -> Any:
        """The on-chain participant of ``address`` (organisation and roles)."""
        with self.portal.lock:
            return self.portal.client.participant(address)

    @staticmethod
    def lang_of(request: Request) -> str:
        """The request's language (``lang`` cookie; Bahasa Indonesia by default)."""
        return language(request.cookies.get("lang"))

    @staticmethod
    def csrf(request: Request) -> str:
        """The session's CSRF token (made on first use)."""
        token = request.session.get("csrf")
        if not isinstance(token, str):
            token = secrets.token_urlsafe(24)
            request.session["csrf"] = token
        return token

    @staticmethod
    def check_csrf(request: Request) -> bool:
        """The request carries the session's CSRF token in :data:`CSRF_HEADER`."""
        token = request.session.get("csrf")
        return isinstance(token, str) and secrets.compare_digest(
            token, request.headers.get(CSRF_HEADER, "")
        )

    def bad_token(self, request: Request) -> JSONResponse | None:
        """The ``403`` refusal of a request without the session's CSRF token, else ``None``."""
        if self.check_csrf(request):
            return None
        return refuse(403, text("form.bad_token", self.lang_of(request)))

    def render(
        self, request: Request, name: str, status: int = 200, **context: Any
    ) -> HTMLResponse:
        """A page in the request's language."""
        lang = self.lang_of(request)
        portal = self.portal
        page = self.env.get_template(name).render(
            request=request,
            lang=lang,
            t=lambda key, **v: text(key, lang, **v),
            money=lambda v: money(v, lang),
            when=wib,
            state=lambda s: state(s, lang),
            org=portal.data.org_name,
            csrf=self.csrf(request) if name == "console.html" or "csrf" in request.session else "",
            indexed_block=portal.indexed_block,
            chain_now=portal.chain_now,
            session_address=request.session.get("address"),
            **context,
        )
        return HTMLResponse(page, status_code=status)

    def page(
        self, request: Request, name: str, read: Callable[[Portal], Mapping[str, Any] | None]
    ) -> HTMLResponse:
        """A public page: sync the index, ``read`` its context under the lock and render it.

        Args:
            request: The page request.
            name: The template.
            read: The page's context from the portal, ``None`` when what it shows does not
                exist (the 404 page then).
        """
        portal = self.portal
        portal.sync()
        with portal.lock:
            context = read(portal)
            if context is None:
                return self.not_found(request)
            return self.render(request, name, **context)

    def detail(
        self, request: Request, kind: str, row_id: int, parts: Mapping[str, DetailPart]
    ) -> HTMLResponse:
        """The page of one tender, order or shipment: ``{kind}.html`` (404 when none).

        Args:
            request: The page request.
            kind: ``tender``, ``order`` or ``shipment``: the template, the row's reader
                (:class:`PublicData` method) and its history column (``{kind}_id``).
            row_id: The row's id.
            parts: What else the page shows, each read by the row's id.
        """

        def read(portal: Portal) -> Mapping[str, Any] | None:
            d = portal.data
            row = getattr(d, kind)(row_id)
            if row is None:
                return None
            context = {part: reader(d, row_id) for part, reader in parts.items()}
            return {kind: row, **context, "history": d.history(f"{kind}_id", row_id)}

        return self.page(request, f"{kind}.html", read)

    def not_found(self, request: Request) -> HTMLResponse:
        """The portal's 404 page."""
        return self.render(
            request, "message.html", 404, message=text("common.not_found", self.lang_of(request))
        )

    def error_page(self, request: Request, status: int, message: str) -> Response:
        """An error page with its status (the error handlers' page renderer)."""
        return self.render(request, "message.html", status, message=message, error_status=status)


def refuse(status: int, message: str, **extra: Any) -> JSONResponse:
    """A JSON refusal: ``{"ok": false, "message": …}`` with ``status``."""
    return JSONResponse({"ok": False, "message": message, **extra}, status_code=status)


async def read_json(request: Request) -> Mapping[str, Any]:
    """A small JSON object body (at most :data:`JSON_LIMIT` bytes), else ``{}``."""
    body = bytearray()
    try:
        async for chunk in limited(request.stream(), JSON_LIMIT):
            body.extend(chunk)
        found = json.loads(body)
    except (UploadTooLarge, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


async def runtime(request: Request) -> PortalRuntime:
    """The route dependency giving the app's runtime (``async``: no thread per page for it)."""
    return cast(PortalRuntime, request.app.state.runtime)


Runtime = Annotated[PortalRuntime, Depends(runtime)]
"""A route parameter ``rt: Runtime`` receives the app's :class:`PortalRuntime`."""

__all__ = [
    "CSRF_HEADER",
    "DetailPart",
    "Portal",
    "PortalConfig",
    "PortalRuntime",
    "Runtime",
    "read_json",
    "refuse",
    "runtime",
]

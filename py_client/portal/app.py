"""The portal's web application: :func:`create_app` builds it from a :class:`PortalConfig`.

Public pages (no sign-in) are rendered on the server from the audit index, which the portal keeps
current itself: it syncs on start and again, cheaply (one ``eth_blockNumber`` when nothing is
new), before a page is rendered when the last sync is older than ``sync_interval_s``. The
participant console signs in with EIP-4361 (:mod:`py_client.portal.siwe`) and prepares unsigned
transactions (:mod:`py_client.portal.actions`) that the browser's wallet signs and sends.

Pages are in Bahasa Indonesia unless the ``lang`` cookie says ``en`` (``/lang/en``). Every
``POST`` needs the session's CSRF token in the ``X-CSRF-Token`` header. Sessions and sign-in
nonces live in the database (:mod:`py_client.portal.sessions`), so several workers can serve one
URL; security headers and the ``Host`` check are :mod:`py_client.portal.security`, error pages
:mod:`py_client.portal.errors`, the upload limit :mod:`py_client.portal.uploads`. With
``read_only`` the portal never writes the index: ``rantai audit sync --follow`` does.

Example::

    >>> import uvicorn
    >>> app = create_app(PortalConfig(Settings(deployment="local")))  # doctest: +SKIP
    >>> uvicorn.run(app, host="127.0.0.1", port=8000)  # doctest: +SKIP
"""

import dataclasses
import json
import logging
import math
import re
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.middleware.trustedhost import TrustedHostMiddleware
from web3.exceptions import Web3Exception

from py_client.audit import RawRpc, open_database, sync
from py_client.audit.db import DEFAULT_DATABASE, Database, is_postgres_url
from py_client.audit.pool import DEFAULT_POOL_SIZE, open_pool
from py_client.audit.sync import RpcLike
from py_client.audit.writer import WriterBusy, single_writer
from py_client.client import Rantai
from py_client.documents.store import open_store
from py_client.errors import ConfigError, RantaiError
from py_client.models import Role
from py_client.portal.actions import (
    ACTIONS,
    CHECKPOINT_KINDS,
    COUNCIL_ACTIONS,
    PUBLIC_ACTIONS,
    FormInvalid,
    Preparer,
    actions_for,
)
from py_client.portal.bids import reveal_context
from py_client.portal.cache import PAGE_CACHE_ENTRIES, PageCache
from py_client.portal.documents import PublicDocuments
from py_client.portal.errors import bounded_ids, install_error_handlers
from py_client.portal.errors_i18n import describe_error
from py_client.portal.governance_page import register_governance_page
from py_client.portal.i18n import language, money, state, text, when
from py_client.portal.i18n_public import check_definition, flag_sentence
from py_client.portal.listing import Filters, Lists
from py_client.portal.opendata import install_open_data
from py_client.portal.pages_documents import install_documents
from py_client.portal.pages_lists import install_lists
from py_client.portal.public import PublicData
from py_client.portal.security import SecurityHeaders, allowed_hosts
from py_client.portal.sessions import (
    NonceStore,
    SerializedDatabase,
    ServerSessions,
    SessionStore,
    token_hash,
)
from py_client.portal.siwe import SignIn, SignInError
from py_client.portal.uploads import (
    DEFAULT_UPLOAD_LIMIT,
    UploadMalformed,
    UploadTooLarge,
    limited,
    read_form,
)
from py_client.rpc_auth import without_credentials
from py_client.settings import Settings

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
CSRF_HEADER = "X-CSRF-Token"
JSON_LIMIT = 64 * 1024
TX_HASH = re.compile(r"0x[0-9a-fA-F]{64}")


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
        if not force and time.monotonic() - self.last_sync < self.config.sync_interval_s:
            return  # the common case: no lock taken, so page views never queue behind a sync
        with self.sync_lock, self.lock:
            if not force and time.monotonic() - self.last_sync < self.config.sync_interval_s:
                return
            self.indexed_block = self._index() if not self.config.read_only else self._indexed()
            self.chain_now = self.client.now()
            self.last_sync = time.monotonic()
            if not self.config.read_only:  # the words of new tenders, for search
                self.documents.index_texts()

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


def _templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates ship with the code: no stat() of each one per page
    )
    env.filters["short"] = lambda a: f"{a[:6]}…{a[-4:]}" if isinstance(a, str) and a else "-"
    env.globals["plain"] = str
    return env


def create_app(config: PortalConfig) -> FastAPI:
    """The portal application (connects to the node and syncs the index once).

    Raises:
        ConfigError: The node or the deployment cannot be reached or read.
        AuditError: The audit database cannot be opened or indexes another deployment.
    """
    portal = Portal(config)
    env = _templates()
    env.globals.update(  # tender titles and item names; red-flag findings in the page's words
        public_docs=portal.documents, flag_sentence=flag_sentence, check_definition=check_definition
    )
    app = FastAPI(
        title="Rantai portal",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(bounded_ids)],
    )
    app.state.portal = portal
    app.add_middleware(
        PageCache,
        portal=portal,
        interval_s=config.sync_interval_s,
        entries=config.page_cache_entries,
    )
    app.add_middleware(ServerSessions, store=portal.sessions, secure=config.https)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(config.domain))
    app.add_middleware(SecurityHeaders, https=bool(config.https))
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def lang_of(request: Request) -> str:
        return language(request.cookies.get("lang"))

    def csrf(request: Request) -> str:
        token = request.session.get("csrf")
        if not isinstance(token, str):
            token = secrets.token_urlsafe(24)
            request.session["csrf"] = token
        return token

    def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        lang = lang_of(request)
        page = env.get_template(name).render(
            request=request,
            lang=lang,
            t=lambda key, **v: text(key, lang, **v),
            money=lambda v: money(v, lang),
            when=when,
            state=lambda s: state(s, lang),
            org=portal.data.org_name,
            csrf=csrf(request) if name == "console.html" or "csrf" in request.session else "",
            indexed_block=portal.indexed_block,
            chain_now=portal.chain_now,
            session_address=request.session.get("address"),
            **context,
        )
        return HTMLResponse(page, status_code=status)

    def not_found(request: Request) -> HTMLResponse:
        return render(
            request, "message.html", 404, message=text("common.not_found", lang_of(request))
        )

    def error_page(request: Request, status: int, message: str) -> Response:
        return render(request, "message.html", status, message=message, error_status=status)

    install_error_handlers(app, error_page)

    # ------------------------------------------------------------------ public pages

    install_lists(app, portal, render)
    install_documents(app, portal, render, not_found)
    install_open_data(app, portal)

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request) -> HTMLResponse:
        portal.sync()
        with portal.lock:
            d = portal.data
            return render(
                request,
                "home.html",
                totals=d.totals(),
                tenders=portal.lists.tenders(Filters(per_page=5)).rows,
                spending=d.spending_by_agency(),
                received=d.spending_by_supplier(),
                delays=d.delays(),
            )

    @app.get("/tenders/{tender_id}", response_class=HTMLResponse)
    def tender(request: Request, tender_id: int) -> HTMLResponse:
        portal.sync()
        with portal.lock:
            d = portal.data
            row = d.tender(tender_id)
            if row is None:
                return not_found(request)
            return render(
                request,
                "tender.html",
                tender=row,
                items=d.items(tender_id),
                bids=d.bids(tender_id),
                award=d.award(tender_id),
                flags=d.red_flags(tender_id),
                history=d.history("tender_id", tender_id),
            )

    @app.get("/awards", response_class=HTMLResponse)
    def awards(request: Request) -> HTMLResponse:
        portal.sync()
        with portal.lock:
            return render(request, "awards.html", awards=portal.data.awards())

    @app.get("/orders/{order_id}", response_class=HTMLResponse)
    def order(request: Request, order_id: int) -> HTMLResponse:
        portal.sync()
        with portal.lock:
            d = portal.data
            row = d.order(order_id)
            if row is None:
                return not_found(request)
            return render(
                request,
                "order.html",
                order=row,
                lines=d.lines(order_id),
                acceptance=d.acceptance(order_id),
                deliveries=d.deliveries(order_id),
                payments=d.payments(order_id),
                retention=d.retention(order_id),
                dispute=d.dispute(order_id),
                adendums=d.adendums(order_id),
                shipments=d.shipments(order_id),
                history=d.history("order_id", order_id),
            )

    @app.get("/shipments/{shipment_id}", response_class=HTMLResponse)
    def shipment(request: Request, shipment_id: int) -> HTMLResponse:
        portal.sync()
        with portal.lock:
            d = portal.data
            row = d.shipment(shipment_id)
            if row is None:
                return not_found(request)
            return render(
                request,
                "shipment.html",
                shipment=row,
                lines=d.shipment_lines(shipment_id),
                checkpoints=d.checkpoints(shipment_id),
                custody=d.custody(shipment_id),
                history=d.history("shipment_id", shipment_id),
            )

    @app.get("/flags", response_class=HTMLResponse)
    def flags(request: Request) -> HTMLResponse:
        portal.sync()
        with portal.lock:
            d = portal.data
            return render(
                request,
                "flags.html",
                flags=d.red_flags(),
                late=d.late_deliveries(),
                disputes=d.disputes(),
                analytics=d.analytics(),
            )

    @app.get("/agencies/{org_id}", response_class=HTMLResponse)
    def agency(request: Request, org_id: int) -> HTMLResponse:
        portal.sync()
        with portal.lock:
            d = portal.data
            found = d.organisation(org_id)
            if found is None or found.kind != "Agency":
                return not_found(request)
            orders = portal.lists.orders(Filters(agency=org_id))
            return render(
                request,
                "agency.html",
                o=found,
                tenders=portal.lists.tenders(Filters(agency=org_id)).rows,
                orders=orders.rows,
                page=orders,
                paid=portal.lists.paid(agency=org_id),
            )

    @app.get("/suppliers/{org_id}", response_class=HTMLResponse)
    def supplier(request: Request, org_id: int) -> HTMLResponse:
        portal.sync()
        with portal.lock:
            d = portal.data
            found = d.organisation(org_id)
            if found is None or found.kind not in ("Supplier", "Contractor"):
                return not_found(request)
            orders = portal.lists.orders(Filters(supplier=org_id))
            return render(
                request,
                "supplier.html",
                o=found,
                awards=d.awards(supplier_org_id=org_id),
                orders=orders.rows,
                page=orders,
                received=portal.lists.paid(supplier=org_id),
            )

    @app.get("/lang/{code}")
    def set_language(request: Request, code: str) -> RedirectResponse:
        back = request.headers.get("referer") or "/"
        response = RedirectResponse(back if back.startswith(str(request.base_url)) else "/", 303)
        response.set_cookie("lang", language(code), max_age=365 * 86400, samesite="lax")
        return response

    # ------------------------------------------------------------------ console

    def participant_of(address: str) -> Any:
        with portal.lock:
            return portal.client.participant(address)

    def council_member(address: Any) -> bool:
        if portal.governance is None or not isinstance(address, str):
            return False
        with portal.lock:
            owners = portal.governance.safe("council").functions.getOwners().call()
        return address.lower() in {str(o).lower() for o in owners}

    @app.get("/console", response_class=HTMLResponse)
    def console(request: Request) -> HTMLResponse:
        portal.sync()
        address = request.session.get("address")
        participant = participant_of(address) if isinstance(address, str) else None
        roles = participant.roles if participant is not None else frozenset()
        return render(
            request,
            "console.html",
            participant=participant,
            actions=actions_for(roles) if participant is not None else [],
            council_actions=COUNCIL_ACTIONS if council_member(address) else [],
            public_actions=PUBLIC_ACTIONS if participant is not None else [],
            role_names=sorted(r.value for r in roles),
            checkpoint_kinds=CHECKPOINT_KINDS,
            chain_id=portal.client.chain_id,
            tendering=portal.client.tendering.address,
            wallet_rpc=config.wallet_rpc_url or without_credentials(config.settings.rpc_url),
        )

    def refuse(request: Request, status: int, message: str, **extra: Any) -> JSONResponse:
        return JSONResponse({"ok": False, "message": message, **extra}, status_code=status)

    def check_csrf(request: Request) -> bool:
        token = request.session.get("csrf")
        return isinstance(token, str) and secrets.compare_digest(
            token, request.headers.get(CSRF_HEADER, "")
        )

    def signin_for(request: Request) -> SignIn:
        domain = config.domain or request.url.netloc
        scheme = request.url.scheme if config.https is None else "https" if config.https else "http"
        return portal.signin(domain, f"{scheme}://{domain}")

    def session_key(request: Request) -> str:
        """Binds a sign-in message to the session that asked for it."""
        return token_hash(str(request.session.get("csrf", "")))

    def signin_refused(request: Request, status: int, err: SignInError) -> JSONResponse:
        lang = lang_of(request)
        minutes = max(1, math.ceil(err.retry_in_s / 60))
        reason = text(f"signin.{err.reason}", lang, minutes=minutes)
        answer = refuse(
            request, status, text("console.signin_failed", lang, reason=reason), reason=err.reason
        )
        if err.reason in ("busy", "busy_client"):
            answer.status_code = 429
            answer.headers["Retry-After"] = str(max(1, err.retry_in_s))
        return answer

    @app.post("/auth/challenge")
    async def challenge(request: Request) -> JSONResponse:
        lang = lang_of(request)
        if not check_csrf(request):
            return refuse(request, 403, text("form.bad_token", lang))
        body = await _json(request)
        client = request.client.host if request.client else "-"
        try:
            message = signin_for(request).challenge(
                str(body.get("address", "")), client=client, session=session_key(request)
            )
        except SignInError as err:
            return signin_refused(request, 400, err)
        return JSONResponse({"ok": True, "message": message})

    @app.post("/auth/verify")
    async def verify(request: Request) -> JSONResponse:
        lang = lang_of(request)
        if not check_csrf(request):
            return refuse(request, 403, text("form.bad_token", lang))
        body = await _json(request)
        try:
            address = signin_for(request).verify(
                str(body.get("message", "")),
                str(body.get("signature", "")),
                session=session_key(request),
            )
        except SignInError as err:
            return signin_refused(request, 401, err)
        request.session["address"] = address
        request.session["csrf"] = secrets.token_urlsafe(24)  # a new token for the new session
        participant = participant_of(address)
        return JSONResponse(
            {
                "ok": True,
                "address": address,
                "roles": sorted(r.value for r in participant.roles),
                "orgId": participant.org_id,
            }
        )

    @app.post("/auth/logout")
    def logout(request: Request) -> JSONResponse:
        if not check_csrf(request):
            return refuse(request, 403, text("form.bad_token", lang_of(request)))
        request.session.clear()
        return JSONResponse({"ok": True})

    @app.post("/api/prepare/{action}")
    async def prepare(request: Request, action: str) -> JSONResponse:
        lang = lang_of(request)
        if not check_csrf(request):
            return refuse(request, 403, text("form.bad_token", lang))
        address = request.session.get("address")
        if not isinstance(address, str):
            return refuse(request, 401, text("form.not_signed_in", lang))
        spec = ACTIONS.get(action)
        if spec is None:
            return refuse(request, 404, text("form.unknown_action", lang))
        with portal.lock:  # who may send this form, before a byte of it is read
            roles = portal.client.participant(address).roles
        if spec.roles and not spec.roles & roles:
            reason = text("console.no_role", lang)
            return refuse(request, 403, text("form.refused", lang, reason=reason))
        try:
            values, files = await read_form(request, config.max_upload_bytes)
        except UploadTooLarge as err:
            limit = f"{err.limit / 1_048_576:g}"
            return refuse(request, 413, text("upload.too_large", lang, limit=limit))
        except UploadMalformed:
            return refuse(request, 400, text("upload.not_form", lang))
        try:
            with portal.lock:
                prepared = portal.preparer.prepare(
                    action, address, values, files, lang=lang, roles=roles
                )
        except FormInvalid as err:
            return refuse(request, 422, text("form.has_errors", lang), errors=err.errors)
        except RantaiError as err:
            reason = describe_error(err, lang)
            return refuse(
                request,
                409,
                text("form.refused", lang, reason=reason),
                error=type(err).__name__,
            )
        except (Web3Exception, OSError) as err:
            return refuse(request, 502, text("form.refused", lang, reason=str(err)))
        return JSONResponse(
            {
                "ok": True,
                "tx": prepared.tx,
                "summary": prepared.summary,
                "extra": {k: v for k, v in prepared.extra.items() if isinstance(v, str | int)},
            }
        )

    @app.get("/api/receipt/{tx_hash}")
    def receipt(request: Request, tx_hash: str) -> JSONResponse:
        lang = lang_of(request)
        if not TX_HASH.fullmatch(tx_hash):
            return refuse(request, 400, text("error.tx_hash", lang))
        with portal.lock:
            try:
                found = portal.client.w3.eth.get_transaction_receipt(tx_hash)  # type: ignore[arg-type]
            except Web3Exception:
                return JSONResponse({"ok": True, "pending": True})
            events = portal.client.decoder.result(found)
            portal.sync(force=True)
        return JSONResponse(
            {
                "ok": True,
                "pending": False,
                "status": int(found["status"]),
                "block": int(found["blockNumber"]),
                "events": events.event_names,
                "ids": {
                    k: v
                    for k, v in (
                        ("tender", _first(events, "tenderId")),
                        ("order", _first(events, "orderId")),
                        ("shipment", _first(events, "shipmentId")),
                    )
                    if v is not None
                },
            }
        )

    @app.get("/api/recipients")
    def recipients(
        request: Request,
        order_id: int | None = None,
        shipment_id: int | None = None,
        skip_missing: bool = False,
    ) -> JSONResponse:
        """Who a confidential document of a process is sealed to, in the browser (seal.js)."""
        lang = lang_of(request)
        address = request.session.get("address")
        if not isinstance(address, str):
            return refuse(request, 401, text("form.not_signed_in", lang))
        try:
            with portal.lock:
                found, skipped = portal.preparer.recipients(
                    address, order_id=order_id, shipment_id=shipment_id, skip_missing=skip_missing
                )
        except RantaiError as err:
            reason = describe_error(err, lang)
            return refuse(
                request, 409, text("form.refused", lang, reason=reason), error=type(err).__name__
            )
        return JSONResponse(
            {
                "ok": True,
                "recipients": [{"account": r.account, "key": r.public_key.hex()} for r in found],
                "skipped": list(skipped),
            }
        )

    @app.get("/api/reveal/{tender_id}")
    def reveal_info(request: Request, tender_id: int) -> JSONResponse:
        """The reveal window and on-chain seal of the signed-in supplier (no price, no salt)."""
        lang = lang_of(request)
        address = request.session.get("address")
        if not isinstance(address, str):
            return refuse(request, 401, text("form.not_signed_in", lang))
        try:
            with portal.lock:
                if Role.SUPPLIER not in portal.client.participant(address).roles:
                    reason = text("console.no_role", lang)
                    return refuse(request, 403, text("form.refused", lang, reason=reason))
                found = reveal_context(portal.client, address, tender_id)
        except RantaiError as err:
            return refuse(request, 404, describe_error(err, lang), error=type(err).__name__)
        opens, closes = when(found["bidDeadlineAt"]), when(found["revealDeadlineAt"])
        return JSONResponse({"ok": True, **found, "opensText": opens, "closesText": closes})

    @app.get("/api/tender/{tender_id}")
    def tender_info(request: Request, tender_id: int) -> JSONResponse:
        """What the browser needs to seal a bid: chain, contract, HPS and deadline."""
        with portal.lock:
            row = portal.data.tender(tender_id)
        if row is None:
            return refuse(request, 404, text("common.not_found", lang_of(request)))
        return JSONResponse(
            {
                "ok": True,
                "chainId": portal.client.chain_id,
                "tendering": portal.client.tendering.address,
                "tenderId": tender_id,
                "hpsIdr": str(row["hps_idr"]),
                "bondIdr": str(row["bond_idr"]),
                "bidDeadlineAt": row["bid_deadline_at"],
                "hpsText": money(row["hps_idr"], lang_of(request)),
            }
        )

    register_governance_page(app, portal, render)
    return app


def _first(result: Any, argument: str) -> int | None:
    for event in result.events:
        value = event.args.get(argument)
        if isinstance(value, int) and value:
            return value
    return None


async def _json(request: Request) -> Mapping[str, Any]:
    """A small JSON object body (at most :data:`JSON_LIMIT` bytes), else ``{}``."""
    body = bytearray()
    try:
        async for chunk in limited(request.stream(), JSON_LIMIT):
            body.extend(chunk)
        found = json.loads(body)
    except (UploadTooLarge, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


__all__ = ["Portal", "PortalConfig", "create_app"]


def _governance(w3: Any, deployment: str) -> Any:
    """The deployment's council, guardians and timelock, or ``None`` when not set up."""
    from py_client.governance import Governance, load_governance

    try:
        return Governance(w3, load_governance(deployment))
    except ConfigError:
        return None

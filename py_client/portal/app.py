"""The portal's web application: :func:`create_app` builds it from a :class:`PortalConfig`.

Public pages (no sign-in) are rendered on the server from the audit index, which the portal keeps
current itself: it syncs on start and again, cheaply (one ``eth_blockNumber`` when nothing is
new), before a page is rendered when the last sync is older than ``sync_interval_s``. The
participant console signs in with EIP-4361 (:mod:`py_client.portal.siwe`) and prepares unsigned
transactions (:mod:`py_client.portal.actions`) that the browser's wallet signs and sends.

Pages are in Bahasa Indonesia unless the ``lang`` cookie says ``en`` (``/lang/en``). Every
``POST`` needs the session's CSRF token in the ``X-CSRF-Token`` header; the session cookie is
signed (itsdangerous), ``HttpOnly`` and ``SameSite=Lax``.

Example::

    >>> import uvicorn
    >>> app = create_app(PortalConfig(Settings(deployment="local")))  # doctest: +SKIP
    >>> uvicorn.run(app, host="127.0.0.1", port=8000)  # doctest: +SKIP
"""

import dataclasses
import logging
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.datastructures import UploadFile
from starlette.middleware.sessions import SessionMiddleware
from web3.exceptions import Web3Exception

from py_client.audit import RawRpc, open_database, sync
from py_client.audit.db import DEFAULT_DATABASE
from py_client.audit.sync import RpcLike
from py_client.client import Rantai
from py_client.errors import ConfigError, RantaiError
from py_client.portal.actions import (
    ACTIONS,
    CHECKPOINT_KINDS,
    COUNCIL_ACTIONS,
    PUBLIC_ACTIONS,
    FormInvalid,
    Preparer,
    actions_for,
)
from py_client.portal.errors_i18n import describe_error
from py_client.portal.governance_page import register_governance_page
from py_client.portal.i18n import language, money, state, text, when
from py_client.portal.public import PublicData
from py_client.portal.siwe import SignIn, SignInError
from py_client.settings import Settings

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
SESSION_MAX_AGE_S = 8 * 3600
CSRF_HEADER = "X-CSRF-Token"


@dataclass
class PortalConfig:
    """How the portal runs.

    Attributes:
        settings: Node and deployment (``RANTAI_*``); any signer in them is ignored: the
            portal never signs for anyone.
        database: The audit database (SQLite file or PostgreSQL URL).
        documents: The document store folder for uploads (library default when ``None``).
        names: Organisation names by id, for display (profiles stay off chain).
        secret_key: Signs the session cookie; a random one per start when ``None``.
        sync_interval_s: Least seconds between two index syncs triggered by page views.
        wallet_rpc_url: The RPC URL wallets should use (shown on the console); the node's.
        domain: The sign-in domain; taken from each request's ``Host`` when ``None``.
    """

    settings: Settings
    database: str = DEFAULT_DATABASE
    documents: str | None = None
    names: dict[int, str] = field(default_factory=dict)
    secret_key: str | None = None
    sync_interval_s: float = 2.0
    wallet_rpc_url: str | None = None
    domain: str | None = None


class Portal:
    """The portal's shared state: read-only client, audit index, sign-in, preparer."""

    def __init__(self, config: PortalConfig) -> None:
        self.config = config
        read_only = dataclasses.replace(
            config.settings, private_key=None, keystore=None, mnemonic=None
        )
        self.client = Rantai.connect(read_only, env_file=None)
        self.db = open_database(config.database)
        self.rpc = RawRpc(read_only.rpc_url)
        self.data = PublicData(self.db, config.names)
        self.governance = _governance(self.client.w3, config.settings.deployment or "local")
        self.preparer = Preparer(self.client, config.documents, self.governance)
        self.lock = threading.RLock()
        self.last_sync = 0.0
        self.indexed_block = -1
        self.chain_now = 0
        self.signins: dict[tuple[str, str], SignIn] = {}
        self.clock: Callable[[], float] = time.time
        self.sync(force=True)

    def sync(self, force: bool = False) -> None:
        """Index new events unless a sync ran less than ``sync_interval_s`` ago."""
        with self.lock:
            if not force and time.monotonic() - self.last_sync < self.config.sync_interval_s:
                return
            report = sync(self.db, cast(RpcLike, self.rpc), self.client.deployment)
            self.indexed_block = report.to_block
            self.chain_now = self.client.now()
            self.last_sync = time.monotonic()
            if report.events:
                log.info("indexed %s events up to block %s", report.events, report.to_block)

    def signin(self, domain: str, uri: str) -> SignIn:
        """The sign-in issuer of a domain and base URI."""
        key = (domain, uri)
        with self.lock:
            if key not in self.signins:
                self.signins[key] = SignIn(
                    domain, uri, self.client.chain_id, clock=lambda: self.clock()
                )
            return self.signins[key]


def _templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
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
    app = FastAPI(title="Rantai portal", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.portal = portal
    app.add_middleware(
        SessionMiddleware,
        secret_key=config.secret_key or secrets.token_hex(32),
        session_cookie="rantai_session",
        max_age=SESSION_MAX_AGE_S,
        same_site="lax",
    )
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
            csrf=csrf(request),
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

    # ------------------------------------------------------------------ public pages

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request) -> HTMLResponse:
        portal.sync()
        with portal.lock:
            d = portal.data
            return render(
                request,
                "home.html",
                totals=d.totals(),
                tenders=d.tenders()[:5],
                spending=d.spending_by_agency(),
                received=d.spending_by_supplier(),
                delays=d.delays(),
            )

    @app.get("/tenders", response_class=HTMLResponse)
    def tenders(request: Request) -> HTMLResponse:
        portal.sync()
        with portal.lock:
            return render(request, "tenders.html", tenders=portal.data.tenders())

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

    @app.get("/orders", response_class=HTMLResponse)
    def orders(request: Request) -> HTMLResponse:
        portal.sync()
        with portal.lock:
            return render(request, "orders.html", orders=portal.data.orders())

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
                shipments=d.shipments(order_id),
                history=d.history("order_id", order_id),
            )

    @app.get("/shipments", response_class=HTMLResponse)
    def shipments(request: Request) -> HTMLResponse:
        portal.sync()
        with portal.lock:
            return render(request, "shipments.html", shipments=portal.data.shipments())

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

    @app.get("/payments", response_class=HTMLResponse)
    def payments(request: Request) -> HTMLResponse:
        portal.sync()
        with portal.lock:
            return render(request, "payments.html", payments=portal.data.payments())

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

    def organisation_list(request: Request, kinds: tuple[str, ...], title: str) -> HTMLResponse:
        portal.sync()
        with portal.lock:
            return render(
                request, "organisations.html", orgs=portal.data.organisations(kinds), title=title
            )

    @app.get("/agencies", response_class=HTMLResponse)
    def agencies(request: Request) -> HTMLResponse:
        return organisation_list(request, ("Agency",), "nav.agencies")

    @app.get("/suppliers", response_class=HTMLResponse)
    def suppliers(request: Request) -> HTMLResponse:
        return organisation_list(request, ("Supplier", "Contractor"), "nav.suppliers")

    @app.get("/agencies/{org_id}", response_class=HTMLResponse)
    def agency(request: Request, org_id: int) -> HTMLResponse:
        portal.sync()
        with portal.lock:
            d = portal.data
            found = d.organisation(org_id)
            if found is None or found.kind != "Agency":
                return not_found(request)
            orders = d.orders(agency_org_id=org_id)
            return render(
                request,
                "agency.html",
                o=found,
                tenders=d.tenders(agency_org_id=org_id),
                orders=orders,
                paid=sum(r["escrow"].paid_idr for r in orders),
            )

    @app.get("/suppliers/{org_id}", response_class=HTMLResponse)
    def supplier(request: Request, org_id: int) -> HTMLResponse:
        portal.sync()
        with portal.lock:
            d = portal.data
            found = d.organisation(org_id)
            if found is None or found.kind not in ("Supplier", "Contractor"):
                return not_found(request)
            orders = d.orders(supplier_org_id=org_id)
            return render(
                request,
                "supplier.html",
                o=found,
                awards=d.awards(supplier_org_id=org_id),
                orders=orders,
                received=sum(r["escrow"].paid_idr for r in orders),
            )

    @app.get("/search", response_class=HTMLResponse)
    def search(request: Request, ocid: str = "") -> Response:
        portal.sync()
        with portal.lock:
            found = portal.data.find_ocid(ocid)
        if found is None:
            message = text("search.not_found", lang_of(request), ocid=ocid)
            return render(request, "message.html", 404, message=message)
        return RedirectResponse(f"/{found[0]}/{found[1]}", status_code=303)

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
            wallet_rpc=config.wallet_rpc_url or config.settings.rpc_url,
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
        uri = f"{request.url.scheme}://{domain}"
        return portal.signin(domain, uri)

    @app.post("/auth/challenge")
    async def challenge(request: Request) -> JSONResponse:
        lang = lang_of(request)
        if not check_csrf(request):
            return refuse(request, 403, text("form.bad_token", lang))
        body = await _json(request)
        try:
            message = signin_for(request).challenge(str(body.get("address", "")))
        except SignInError as err:
            reason = text(f"signin.{err.reason}", lang)
            return refuse(request, 400, text("console.signin_failed", lang, reason=reason))
        return JSONResponse({"ok": True, "message": message})

    @app.post("/auth/verify")
    async def verify(request: Request) -> JSONResponse:
        lang = lang_of(request)
        if not check_csrf(request):
            return refuse(request, 403, text("form.bad_token", lang))
        body = await _json(request)
        try:
            address = signin_for(request).verify(
                str(body.get("message", "")), str(body.get("signature", ""))
            )
        except SignInError as err:
            reason = text(f"signin.{err.reason}", lang)
            return refuse(
                request, 401, text("console.signin_failed", lang, reason=reason), reason=err.reason
            )
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
        values, files = await _form(request)
        with portal.lock:
            roles = portal.client.participant(address).roles
        if spec.roles and not spec.roles & roles:
            reason = text("console.no_role", lang)
            return refuse(request, 403, text("form.refused", lang, reason=reason))
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
        if not (tx_hash.startswith("0x") and len(tx_hash) == 66):
            return refuse(request, 400, text("form.hash", lang, field="tx"))
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
    try:
        body = await request.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


async def _form(request: Request) -> tuple[dict[str, str], dict[str, tuple[str, bytes]]]:
    form = await request.form()
    values: dict[str, str] = {}
    files: dict[str, tuple[str, bytes]] = {}
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            content = await value.read()
            if content:
                files[key] = (value.filename or key, content)
        else:
            values[key] = str(value)
    return values, files


__all__ = ["Portal", "PortalConfig", "create_app"]


def _governance(w3: Any, deployment: str) -> Any:
    """The deployment's council, guardians and timelock, or ``None`` when not set up."""
    from py_client.governance import Governance, load_governance

    try:
        return Governance(w3, load_governance(deployment))
    except ConfigError:
        return None

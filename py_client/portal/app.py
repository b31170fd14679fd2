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

:func:`create_app` is a short factory: it builds the :class:`~py_client.portal.runtime.
PortalRuntime` (state, templates, page helpers), adds the middleware and error pages, and
adds the routes of one ``APIRouter`` per page family — lists (:mod:`~py_client.portal.pages_lists`),
documents, open data, public pages, console, sign-in, the console's API and governance.

Example::

    >>> import uvicorn
    >>> app = create_app(PortalConfig(Settings(deployment="local")))  # doctest: +SKIP
    >>> uvicorn.run(app, host="127.0.0.1", port=8000)  # doctest: +SKIP
"""

from fastapi import APIRouter, Depends, FastAPI
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from py_client.portal import (
    governance_page,
    opendata,
    pages_api,
    pages_console,
    pages_documents,
    pages_lists,
    pages_public,
    pages_signin,
)
from py_client.portal.cache import PageCache
from py_client.portal.errors import bounded_ids, install_error_handlers
from py_client.portal.runtime import HERE, Portal, PortalConfig, PortalRuntime
from py_client.portal.security import SecurityHeaders, allowed_hosts
from py_client.portal.sessions import ServerSessions

ROUTERS = (
    pages_lists.router,
    pages_documents.router,
    opendata.router,
    pages_public.router,
    pages_console.router,
    pages_signin.router,
    pages_api.router,
    governance_page.router,
)
"""The page families, in the order their routes are matched."""


def create_app(config: PortalConfig) -> FastAPI:
    """The portal application (connects to the node and syncs the index once).

    Raises:
        ConfigError: The node or the deployment cannot be reached or read.
        AuditError: The audit database cannot be opened or indexes another deployment.
    """
    runtime = PortalRuntime(config)
    app = FastAPI(
        title="Rantai portal",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(bounded_ids)],
    )
    app.state.runtime = runtime
    app.state.portal = runtime.portal
    app.add_middleware(
        PageCache,
        portal=runtime.portal,
        entries=config.page_cache_entries,
    )
    app.add_middleware(ServerSessions, store=runtime.portal.sessions, secure=config.https)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(config.domain))
    app.add_middleware(SecurityHeaders, https=bool(config.https))
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    install_error_handlers(app, runtime.error_page)
    for router in ROUTERS:
        _add_routes(app, router)
    return app


def _add_routes(app: FastAPI, router: APIRouter) -> None:
    """Add ``router``'s routes to ``app`` itself, in order.

    Not ``app.include_router``: FastAPI 0.16x keeps an included router nested (one
    ``_IncludedRouter`` entry in ``app.routes``), while the security tests and the route
    walkers read every route from ``app.routes``, as they did when ``create_app`` declared them.
    """
    for route in router.routes:
        if not isinstance(route, APIRoute):
            raise TypeError(f"a page family holds only API routes: {route!r}")
        app.add_api_route(
            route.path,
            route.endpoint,
            methods=sorted(route.methods or ()),
            name=route.name,
            response_class=route.response_class,
        )


__all__ = ["Portal", "PortalConfig", "create_app"]

"""Errors as answers people can read: pages in the page's language, JSON for the API.

:func:`install_error_handlers` registers the portal's answers to what goes wrong:

- an unknown path, or a path whose id is not a number (``/tenders/abc``) or larger than any id
  the chain can hold (``/tenders/99999999999999999999999999``): ``404``;
- a malformed query value: ``400``;
- an unexpected failure: ``500``, logged with its traceback, nothing of it shown.

Routes under ``/api/`` and ``/auth/`` answer ``{"ok": false, "message": …}`` with the status;
every other route answers an HTML page in the language of the ``lang`` cookie.

Example::

    >>> is_api_path("/api/receipt/0x12"), is_api_path("/tenders/1")
    (True, False)
"""

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from py_client.portal.i18n import language, text

log = logging.getLogger(__name__)

ID_MAX = 2**63 - 1
"""The largest id a page can name: the index stores ids as signed 64-bit integers."""

API_PREFIXES = ("/api/", "/auth/")
PageRenderer = Callable[[Request, int, str], Response]


def is_api_path(path: str) -> bool:
    """Whether ``path`` belongs to the JSON API (``/api/…``, ``/auth/…``)."""
    return path.startswith(API_PREFIXES)


def error_message(status: int, lang: str) -> str:
    """The sentence for an HTTP status in ``lang``."""
    key = f"error.{status}" if status in (400, 404, 405, 413, 500) else "error.400"
    return text(key, lang)


async def bounded_ids(request: Request) -> None:
    """A route dependency: a numeric path id beyond :data:`ID_MAX` names nothing (``404``).

    ``async``: it does no I/O, so FastAPI runs it on the event loop, not in a thread per page.
    """
    for value in request.path_params.values():
        if isinstance(value, str) and value.isdigit() and int(value) > ID_MAX:
            raise HTTPException(404)


def install_error_handlers(app: FastAPI, page: PageRenderer) -> None:
    """Answer errors with a page (``page(request, status, message)``) or JSON.

    Args:
        app: The portal application.
        page: Renders the error page of a status with a message, in the request's language.
    """

    def answer(request: Request, status: int, message: str) -> Response:
        if is_api_path(request.url.path):
            return JSONResponse({"ok": False, "message": message}, status_code=status)
        return page(request, status, message)

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        lang = language(request.cookies.get("lang"))
        response = answer(request, status, error_message(status, lang))
        if isinstance(exc, HTTPException) and exc.headers:
            response.headers.update(exc.headers)
        return response

    async def invalid_request(request: Request, exc: Exception) -> Response:
        lang = language(request.cookies.get("lang"))
        errors = exc.errors() if isinstance(exc, RequestValidationError) else []
        in_path = any(e.get("loc", ("",))[0] == "path" for e in errors)
        if in_path and not is_api_path(request.url.path):
            return answer(request, 404, error_message(404, lang))  # /tenders/abc names nothing
        first = errors[0] if errors else {}
        field = str(first.get("loc", ("", "?"))[-1])
        problem = str(first.get("msg", "")).lower()
        return answer(request, 400, text("error.bad_value", lang, field=field, problem=problem))

    async def server_error(request: Request, exc: Exception) -> Response:
        log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        lang = language(request.cookies.get("lang"))
        return answer(request, 500, error_message(500, lang))

    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(Exception, server_error)  # the last resort, outside the middleware
    # innermost, so that a 500 answer still passes the session and security-header middleware
    app.user_middleware.append(Middleware(CatchErrors, handler=server_error))


@dataclass(eq=False)
class CatchErrors:
    """ASGI middleware: an exception of a route becomes ``handler``'s answer (if none started)."""

    app: ASGIApp
    handler: Callable[[Request, Exception], Awaitable[Response]]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            if started:
                raise
            response = await self.handler(Request(scope), exc)
            await response(scope, receive, send)


__all__ = ["ID_MAX", "bounded_ids", "error_message", "install_error_handlers", "is_api_path"]

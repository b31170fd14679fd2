"""Sign-in and session routes: ``POST /auth/challenge``, ``/auth/verify``, ``/auth/logout``.

Sign-In with Ethereum (EIP-4361, :mod:`py_client.portal.siwe`): the browser asks for a message,
the wallet signs it, the server checks the signature and binds the address to the session. Every
``POST`` needs the session's CSRF token in the ``X-CSRF-Token`` header; a refusal is JSON in the
request's language.

Example::

    >>> app.include_router(router)  # doctest: +SKIP
"""

import math
import secrets

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from py_client.portal.i18n import text
from py_client.portal.runtime import PortalRuntime, Runtime, read_json, refuse
from py_client.portal.sessions import token_hash
from py_client.portal.siwe import SignIn, SignInError

router = APIRouter()


def signin_for(rt: PortalRuntime, request: Request) -> SignIn:
    """The sign-in issuer of the portal's domain (the request's ``Host`` on a local run)."""
    config = rt.config
    domain = config.domain or request.url.netloc
    scheme = request.url.scheme if config.https is None else "https" if config.https else "http"
    return rt.portal.signin(domain, f"{scheme}://{domain}")


def session_key(request: Request) -> str:
    """Binds a sign-in message to the session that asked for it."""
    return token_hash(str(request.session.get("csrf", "")))


def signin_refused(
    rt: PortalRuntime, request: Request, status: int, err: SignInError
) -> JSONResponse:
    """The refusal of a sign-in step; ``429`` with ``Retry-After`` when the issuer is busy."""
    lang = rt.lang_of(request)
    minutes = max(1, math.ceil(err.retry_in_s / 60))
    reason = text(f"signin.{err.reason}", lang, minutes=minutes)
    answer = refuse(status, text("console.signin_failed", lang, reason=reason), reason=err.reason)
    if err.reason in ("busy", "busy_client"):
        answer.status_code = 429
        answer.headers["Retry-After"] = str(max(1, err.retry_in_s))
    return answer


@router.post("/auth/challenge")
async def challenge(request: Request, rt: Runtime) -> JSONResponse:
    if (refused := rt.bad_token(request)) is not None:
        return refused
    body = await read_json(request)
    client = request.client.host if request.client else "-"
    try:
        message = signin_for(rt, request).challenge(
            str(body.get("address", "")), client=client, session=session_key(request)
        )
    except SignInError as err:
        return signin_refused(rt, request, 400, err)
    return JSONResponse({"ok": True, "message": message})


@router.post("/auth/verify")
async def verify(request: Request, rt: Runtime) -> JSONResponse:
    if (refused := rt.bad_token(request)) is not None:
        return refused
    body = await read_json(request)
    try:
        address = signin_for(rt, request).verify(
            str(body.get("message", "")),
            str(body.get("signature", "")),
            session=session_key(request),
        )
    except SignInError as err:
        return signin_refused(rt, request, 401, err)
    request.session["address"] = address
    request.session["csrf"] = secrets.token_urlsafe(24)  # a new token for the new session
    participant = rt.participant_of(address)
    return JSONResponse(
        {
            "ok": True,
            "address": address,
            "roles": sorted(r.value for r in participant.roles),
            "orgId": participant.org_id,
        }
    )


@router.post("/auth/logout")
def logout(request: Request, rt: Runtime) -> JSONResponse:
    if (refused := rt.bad_token(request)) is not None:
        return refused
    request.session.clear()
    return JSONResponse({"ok": True})


__all__ = ["router", "session_key", "signin_for"]

"""HTTP hardening of the portal: security headers on every answer and the ``Host`` check.

- :class:`SecurityHeaders` adds a Content-Security-Policy without inline script or style (the
  portal's templates carry none: scripts and styles are files under ``/static``),
  ``frame-ancestors 'none'`` (and ``X-Frame-Options: DENY`` for old browsers),
  ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: same-origin`` and, when the portal is
  served over HTTPS, ``Strict-Transport-Security``.
- :func:`allowed_hosts` lists the ``Host`` values Starlette's ``TrustedHostMiddleware`` lets
  through: the configured domain (the name in sign-in messages) and the loopback names a local
  run uses; any other ``Host`` is answered ``400`` before a route runs.

Both are pure ASGI, so they apply to static files and error answers alike.

Example::

    >>> CSP.split("; ")[0]
    "default-src 'none'"
    >>> allowed_hosts("portal.example.go.id")
    ['portal.example.go.id']
    >>> allowed_hosts("[2001:db8::1]:8443"), allowed_hosts("127.0.0.1:8000")
    (['2001:db8::1'], ['127.0.0.1'])
    >>> allowed_hosts(None)
    ['127.0.0.1', 'localhost', '::1']
"""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    )
)
"""The portal's Content-Security-Policy: its own files only, no inline code, never framed."""

HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)
HSTS = (b"strict-transport-security", b"max-age=31536000")
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def allowed_hosts(domain: str | None) -> list[str]:
    """The ``Host`` names the portal answers: its domain (without port), or the loopback names.

    Args:
        domain: The configured sign-in domain (``portal.example.go.id`` or ``127.0.0.1:8000``);
            ``None`` for a local run, which then answers only on loopback names.
    """
    if domain is None:
        return list(LOCAL_HOSTS)
    if domain.startswith("["):  # an IPv6 literal, perhaps with a port: [2001:db8::1]:8443
        return [domain[1 : domain.index("]")]] if "]" in domain else [domain.strip("[")]
    return [domain.rsplit(":", 1)[0] if domain.count(":") == 1 else domain]


class SecurityHeaders:
    """ASGI middleware: the portal's security headers on every HTTP answer.

    Args:
        app: The wrapped application.
        https: Also send ``Strict-Transport-Security`` (the portal is served over HTTPS).
    """

    def __init__(self, app: ASGIApp, https: bool = False) -> None:
        self.app = app
        self.headers = (*HEADERS, HSTS) if https else HEADERS

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in self.headers if n not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)


__all__ = ["CSP", "HEADERS", "SecurityHeaders", "allowed_hosts"]

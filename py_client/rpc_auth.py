"""Credentials for an authenticated JSON-RPC endpoint (Besu's TLS + JWT RPC node, a proxy).

Every JSON-RPC client of the project (web3's provider in :mod:`py_client.chain`, the auditor's
indexer, the bulk engine) builds its connection from an :class:`RpcEndpoint`, so they all send
the same credentials:

* a JWT, from ``RANTAI_RPC_JWT`` or the file ``RANTAI_RPC_JWT_FILE`` names, sent as
  ``Authorization: Bearer <token>`` (Besu ``--rpc-http-authentication-enabled``);
* ``user:password@`` in the URL, sent as HTTP basic authentication (a reverse proxy's), never
  silently dropped, and never shown: the endpoint's :attr:`~RpcEndpoint.url` carries no secret.

Both at once is refused: a node takes one or the other.

Example::

    >>> e = RpcEndpoint.from_url("https://ops:s3cret@rpc.example.go.id/", environ={})
    >>> e.url, e.headers["Authorization"]
    ('https://rpc.example.go.id/', 'Basic b3BzOnMzY3JldA==')
    >>> RpcEndpoint.from_url("http://127.0.0.1:8545", environ={"RANTAI_RPC_JWT": "abc"}).headers
    {'Authorization': 'Bearer abc'}
"""

import base64
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from py_client.errors import ConfigError

JWT_VARIABLE = "RANTAI_RPC_JWT"
JWT_FILE_VARIABLE = "RANTAI_RPC_JWT_FILE"


@dataclass(frozen=True)
class RpcEndpoint:
    """A JSON-RPC URL without credentials, and the HTTP headers that carry them."""

    url: str
    headers: dict[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def from_url(
        cls, url: str, jwt: str | None = None, environ: Mapping[str, str] | None = None
    ) -> "RpcEndpoint":
        """The endpoint of ``url``, with ``jwt`` (or the environment's JWT) and any basic auth.

        Args:
            url: An http(s) URL, possibly with ``user:password@``.
            jwt: A JWT to send; when ``None``, ``RANTAI_RPC_JWT`` / ``RANTAI_RPC_JWT_FILE``.
            environ: The environment to read (``os.environ`` when omitted).

        Raises:
            ConfigError: Both a JWT and basic credentials, or the JWT file cannot be read.
        """
        token = jwt if jwt is not None else jwt_from_env(environ)
        parts = urlsplit(url)
        headers: dict[str, str] = {}
        if parts.username is not None or parts.password is not None:
            if token:
                raise ConfigError(
                    f"the RPC URL {redacted(url)} carries user:password and {JWT_VARIABLE} is "
                    "set too: use one of them"
                )
            user = unquote(parts.username or "")
            password = unquote(parts.password or "")
            encoded = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
            headers["Authorization"] = f"Basic {encoded}"
            host = parts.hostname or ""
            if ":" in host:
                host = f"[{host}]"
            netloc = host + (f":{parts.port}" if parts.port is not None else "")
            url = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
        elif token:
            headers["Authorization"] = f"Bearer {token.strip()}"
        return cls(url, headers)


def jwt_from_env(environ: Mapping[str, str] | None = None) -> str | None:
    """``RANTAI_RPC_JWT``, else the content of the file ``RANTAI_RPC_JWT_FILE`` names."""
    values = os.environ if environ is None else environ
    if values.get(JWT_VARIABLE):
        return values[JWT_VARIABLE].strip()
    path = values.get(JWT_FILE_VARIABLE)
    if not path:
        return None
    try:
        return Path(path).expanduser().read_text().strip() or None
    except OSError as err:
        raise ConfigError(f"{JWT_FILE_VARIABLE} cannot be read: {err.strerror or err}") from err


def without_credentials(url: str) -> str:
    """``url`` without ``user:password@`` (for what browsers and other people get to see)."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def redacted(url: str) -> str:
    """``url`` with any password replaced by ``***`` (for messages and logs)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(
        (parts.scheme, f"{parts.username}:***@{netloc}", parts.path, parts.query, parts.fragment)
    )


__all__ = [
    "JWT_FILE_VARIABLE",
    "JWT_VARIABLE",
    "RpcEndpoint",
    "jwt_from_env",
    "redacted",
    "without_credentials",
]

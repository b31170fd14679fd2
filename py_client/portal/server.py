"""Serving the portal with uvicorn, and reading organisation names for display.

Example::

    >>> load_names("network/pilot/participants.yaml")[10]  # doctest: +SKIP
    'Dinas Kesehatan Kota Bandung'
"""

import base64
import logging
import os
import pickle
from typing import Any

import uvicorn

from py_client.errors import ConfigError
from py_client.names import load_names
from py_client.portal.app import PortalConfig, create_app

log = logging.getLogger(__name__)


CONFIG_VARIABLE = "RANTAI_PORTAL_CONFIG"
"""How :func:`serve` hands the configuration to its worker processes (base64 of a pickle)."""


def app_from_environment() -> Any:
    """The portal application of a worker process (uvicorn's factory; see :func:`serve`).

    Raises:
        ConfigError: The worker was not started by :func:`serve`.
    """
    encoded = os.environ.get(CONFIG_VARIABLE)
    if not encoded:
        raise ConfigError(f"{CONFIG_VARIABLE} is not set: start workers with 'rantai portal'")
    config = pickle.loads(base64.b64decode(encoded))  # noqa: S301 - written by serve() below
    if not isinstance(config, PortalConfig):
        raise ConfigError(f"{CONFIG_VARIABLE} does not hold a portal configuration")
    return create_app(config)


def serve(
    config: PortalConfig,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    workers: int = 1,
    forwarded_allow_ips: str | None = None,
) -> None:
    """Build the portal and serve it until interrupted.

    Args:
        config: The portal's configuration.
        host: Address to listen on.
        port: Port to listen on.
        workers: Worker processes sharing the port. More than one needs ``config.read_only``
            and a PostgreSQL database (one ``rantai audit sync --follow`` indexes for all).
        forwarded_allow_ips: Proxies whose ``X-Forwarded-For``/``-Proto`` are believed
            (uvicorn's setting; default ``127.0.0.1``).

    Raises:
        ConfigError, AuditError: The node, deployment or audit database cannot be used, or
            several workers were asked of a portal that indexes itself.
    """
    if workers > 1 and not config.read_only:
        raise ConfigError(
            "several portal workers must be read-only (--read-only): run one "
            "'rantai audit sync --follow' to index for all of them"
        )
    log.info("Rantai portal on http://%s:%s (%s worker(s))", host, port, workers)
    if workers == 1:
        uvicorn.run(
            create_app(config),
            host=host,
            port=port,
            log_level="info",
            proxy_headers=True,
            forwarded_allow_ips=forwarded_allow_ips,
        )
        return
    os.environ[CONFIG_VARIABLE] = base64.b64encode(pickle.dumps(config)).decode()
    uvicorn.run(
        "py_client.portal.server:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips,
    )


__all__ = ["CONFIG_VARIABLE", "app_from_environment", "load_names", "serve"]

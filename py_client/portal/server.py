"""Serving the portal with uvicorn, and reading organisation names for display.

Example::

    >>> load_names("network/pilot/participants.yaml")[10]  # doctest: +SKIP
    'Dinas Kesehatan Kota Bandung'
"""

import logging

import uvicorn

from py_client.names import load_names
from py_client.portal.app import PortalConfig, create_app

log = logging.getLogger(__name__)


def serve(config: PortalConfig, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Build the portal and serve it until interrupted.

    Raises:
        ConfigError, AuditError: The node, deployment or audit database cannot be used.
    """
    app = create_app(config)
    log.info("Rantai portal on http://%s:%s", host, port)
    uvicorn.run(app, host=host, port=port, log_level="info")


__all__ = ["load_names", "serve"]

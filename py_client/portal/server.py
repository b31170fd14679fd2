"""Serving the portal with uvicorn, and reading organisation names for display.

Example::

    >>> load_names("network/pilot/participants.yaml")[10]  # doctest: +SKIP
    'Dinas Kesehatan Kota Bandung'
"""

import base64
import json
import logging
import os
import pickle
from pathlib import Path
from typing import Any

import uvicorn

from py_client.errors import ConfigError
from py_client.portal.app import PortalConfig, create_app

log = logging.getLogger(__name__)


def load_names(path: str | Path) -> dict[int, str]:
    """Organisation names from a participants file (``organisations: [{id, profile: {name}}]``).

    JSON is read with the standard library; YAML needs PyYAML (installed with the development
    environment). Profiles stay off chain: the chain holds only their hash.

    Raises:
        ConfigError: The file is missing, unreadable or not such a document.
    """
    file = Path(path)
    try:
        raw = file.read_text(encoding="utf-8")
    except OSError as err:
        raise ConfigError(f"names file {file} cannot be read: {err.strerror}") from err
    document: Any
    if file.suffix in (".yaml", ".yml"):
        try:
            import yaml  # type: ignore[import-untyped]  # optional: the dev environment has it
        except ImportError as err:
            raise ConfigError("a YAML names file needs PyYAML: pip install pyyaml") from err
        try:
            document = yaml.safe_load(raw)
        except yaml.YAMLError as err:
            raise ConfigError(f"names file {file} is not valid YAML: {err}") from err
    else:
        try:
            document = json.loads(raw)
        except json.JSONDecodeError as err:
            raise ConfigError(f"names file {file} is not valid JSON: {err.msg}") from err
    organisations = document.get("organisations") if isinstance(document, dict) else None
    if not isinstance(organisations, list):
        raise ConfigError(f"names file {file} has no list 'organisations'")
    names: dict[int, str] = {}
    for entry in organisations:
        profile = entry.get("profile") if isinstance(entry, dict) else None
        if isinstance(profile, dict) and isinstance(profile.get("name"), str):
            names[int(entry["id"])] = str(profile["name"])
    return names


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

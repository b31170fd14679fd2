"""Serving the portal with uvicorn, and reading organisation names for display.

Example::

    >>> load_names("network/pilot/participants.yaml")[10]  # doctest: +SKIP
    'Dinas Kesehatan Kota Bandung'
"""

import json
import logging
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


def serve(config: PortalConfig, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Build the portal and serve it until interrupted.

    Raises:
        ConfigError, AuditError: The node, deployment or audit database cannot be used.
    """
    app = create_app(config)
    log.info("Rantai portal on http://%s:%s", host, port)
    uvicorn.run(app, host=host, port=port, log_level="info")


__all__ = ["load_names", "serve"]

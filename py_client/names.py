"""Organisation names for people: read from a participants file (YAML or JSON), never the chain.

The chain holds each organisation's profile only as a hash; the names shown in the audit report,
the portal and the exports come from a file the operator keeps. Two shapes are accepted, in YAML
or JSON (whatever the file's suffix: JSON is read as YAML's subset):

* the bootstrap's participants file, ``organisations: [{id: 10, profile: {name: …}}, …]``
  (``network/pilot/participants.yaml``);
* a plain mapping of organisation id to name, ``{"10": "Dinas Pendidikan …"}``.

Example::

    >>> load_names("network/pilot/participants.yaml")[10]  # doctest: +SKIP
    'Dinas Kesehatan Kota Bandung'
"""

from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]

from py_client.errors import ConfigError


def load_names(path: str | Path) -> dict[int, str]:
    """Organisation id to name, from a participants file or an id-to-name mapping.

    Raises:
        ConfigError: The file is missing, unreadable, not YAML/JSON, or neither shape.
    """
    file = Path(path)
    try:
        raw = file.read_text(encoding="utf-8")
    except OSError as err:
        raise ConfigError(f"names file {file} cannot be read: {err.strerror or err}") from err
    try:
        document: Any = yaml.safe_load(raw)
    except yaml.YAMLError as err:
        raise ConfigError(f"names file {file} is neither YAML nor JSON: {err}") from err
    if isinstance(document, dict) and "organisations" in document:
        return _from_participants(file, document["organisations"])
    if isinstance(document, dict) and all(
        str(k).strip().isdigit() and isinstance(v, str) for k, v in document.items()
    ):
        return {int(str(k).strip()): v for k, v in document.items()}
    raise ConfigError(
        f"names file {file} is neither a participants file ('organisations' with profiles) "
        "nor a mapping of organisation ids to names"
    )


def _from_participants(file: Path, organisations: Any) -> dict[int, str]:
    if not isinstance(organisations, list):
        raise ConfigError(f"names file {file}: 'organisations' must be a list")
    names: dict[int, str] = {}
    for index, entry in enumerate(organisations):
        if not isinstance(entry, dict) or not str(entry.get("id", "")).strip().isdigit():
            raise ConfigError(f"names file {file}: organisation {index} has no numeric 'id'")
        profile = entry.get("profile")
        if isinstance(profile, dict) and isinstance(profile.get("name"), str):
            names[int(entry["id"])] = str(profile["name"])
    return names


__all__ = ["load_names"]

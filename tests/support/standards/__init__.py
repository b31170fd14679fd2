"""Validation against the official OCDS 1.1.5 and EPCIS 2.0 JSON schemas vendored beside this file.

``ocds-1.1.5/`` holds the Open Contracting schemas (JSON Schema draft-04, their ``LICENSE``
beside them), ``epcis-2.0/`` the GS1 EPCIS 2.0 JSON schema (draft-07, GS1's ``Disclaimer``
beside it), copied unchanged. The OCDS package schemas refer to the release schema by its
canonical URL; a ``referencing`` registry serves the local copies, so nothing is fetched.

``format`` is checked for the two formats the documents use, with checkers of our own
(``jsonschema`` checks them only with optional packages): ``date-time`` (RFC 3339) and ``uri``
(an RFC 3986 absolute URI: scheme, then no spaces or control characters).
"""

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator, Draft7Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

HERE = Path(__file__).parent
OCDS = HERE / "ocds-1.1.5"
EPCIS = HERE / "epcis-2.0"

_RFC3339 = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})"
)
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*")

FORMATS = FormatChecker(formats=())


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _RFC3339.fullmatch(value):
        return False
    datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    return True


@FORMATS.checks("uri")
def _uri(value: object) -> bool:
    return not isinstance(value, str) or bool(_URI.fullmatch(value))


def _load(path: Path) -> Any:
    return json.loads(path.read_text())


@cache
def _ocds_registry() -> Registry[Any]:
    resources = []
    for name in (
        "release-schema.json",
        "versioned-release-validation-schema.json",
        "release-package-schema.json",
        "record-package-schema.json",
    ):
        schema = _load(OCDS / name)
        resources.append(
            (schema["id"], Resource.from_contents(schema, default_specification=DRAFT4))
        )
    return Registry().with_resources(resources)


def ocds_errors(document: Any, schema_name: str) -> list[str]:
    """Schema violations of ``document`` against OCDS's ``schema_name`` (e.g. release-package)."""
    schema = _load(OCDS / f"{schema_name}-schema.json")
    validator = Draft4Validator(schema, registry=_ocds_registry(), format_checker=FORMATS)
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(document)
    ]


def epcis_errors(document: Any) -> list[str]:
    """Schema violations of ``document`` against the EPCIS 2.0 JSON schema."""
    schema = _load(EPCIS / "EPCIS-JSON-Schema.json")
    validator = Draft7Validator(schema, format_checker=FORMATS)
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(document)
    ]


# --------------------------------------------------------------------------- libcoveocds offline

BIDS_EXTENSION_DIR = HERE.parents[2] / "py_client" / "interop" / "extensions" / "bids"
COVE_RESULT_KEYS = (
    "validation_errors",
    "additional_fields",
    "additional_closed_codelist_values",
    "deprecated_fields",
    "invalid_extension",
)


def _codelists(schema: Any) -> dict[str, list[str]]:
    """Codelist name → codes, from the schema's ``enum`` (closed); open ones have none offline."""
    found: dict[str, list[str]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "codelist" in node:
                enum = node.get("enum") or node.get("items", {}).get("enum") or []
                found.setdefault(node["codelist"], [c for c in enum if c is not None])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return found


def standard_zip(folder: Path) -> Path:
    """A ZIP shaped like OCDS 1.1.5's repository (schema/, schema/codelists/) from the vendored
    schemas, for libcoveocds's ``standard_zip`` (it downloads the standard otherwise). Closed
    codelists are written from the schema's enums (the same codes); open codelists, not vendored,
    are written with no codes, so every open-codelist value is reported as additional."""
    import zipfile

    target = folder / "standard-1__1__5.zip"
    if target.exists():
        return target
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("standard-1__1__5/", "")
        for path in sorted(OCDS.glob("*.json")):
            archive.writestr(f"standard-1__1__5/schema/{path.name}", path.read_text())
        codelists = _codelists(_load(OCDS / "release-schema.json"))
        for name, codes in sorted(codelists.items()):
            body = "Code,Title,Description\n" + "".join(f"{c},{c},\n" for c in codes)
            archive.writestr(f"standard-1__1__5/schema/codelists/{name}", body)
    return target


def serve_extensions() -> tuple[str, Any]:
    """Serve py_client/interop/extensions/ over HTTP on the loopback (libcoveocds reads extensions
    only over http(s)); returns the base URL and the server (``shutdown()`` it)."""
    import functools
    import http.server
    import threading

    handler = functools.partial(_QuietHandler, directory=str(BIDS_EXTENSION_DIR.parent.resolve()))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


def cove_results(package: Any, folder: Path, extensions_url: str) -> dict[str, Any]:
    """libcoveocds's checks of ``package`` offline: the bids and Rantai extensions are read from
    the repository through ``extensions_url`` (:func:`serve_extensions`), the standard from
    :func:`standard_zip`."""
    import copy as _copy

    from libcoveocds.api import ocds_json_output
    from libcoveocds.config import LibCoveOCDSConfig

    data = _copy.deepcopy(package)
    data["extensions"] = [
        f"{extensions_url}/bids/extension.json"
        if "ocds_bid_extension" in url
        else f"{extensions_url}/rantai/extension.json"
        for url in data.get("extensions", [])
    ]
    config = LibCoveOCDSConfig({"standard_zip": standard_zip(folder).as_uri(), "context": "api"})
    with _local_standard_urls():
        return dict(ocds_json_output(str(folder), json_data=data, lib_cove_ocds_config=config))


class _LocalResponse:
    def __init__(self, path: Path) -> None:
        self._path = path

    def json(self, **_: Any) -> Any:
        return _load(self._path)

    def raise_for_status(self) -> None:
        pass


class _LocalStandard:
    """What jsonref calls ``requests``: the standard's schema URLs answered from OCDS/."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def get(self, uri: str, **kwargs: Any) -> Any:
        prefix = "https://standard.open-contracting.org/schema/1__1__5/"
        if uri.startswith(prefix):
            return _LocalResponse(OCDS / uri.removeprefix(prefix))
        return self._real.get(uri, **kwargs)


@contextmanager
def _local_standard_urls() -> Iterator[None]:
    """jsonref resolves the record package schema's remote ``$ref`` (the versioned release
    schema at its canonical URL) from the vendored copy, as the referencing registry does."""
    import jsonref

    real = jsonref.requests
    jsonref.requests = _LocalStandard(real)
    try:
        yield
    finally:
        jsonref.requests = real


def _quiet_handler_base() -> Any:
    import http.server

    return http.server.SimpleHTTPRequestHandler


class _QuietHandler(_quiet_handler_base()):  # type: ignore[misc]
    def log_message(self, format: str, *args: Any) -> None:
        pass

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

"""JSON input files of the ``rantai`` command: tender items, order lines, shipments, quantities.

Each reader validates the whole file before anything is sent and raises
:class:`~py_client.inputs.InputError` with one line naming the file, the entry and the field.
Unknown keys are refused (a typo must not silently drop a value). Amounts follow
:func:`~py_client.inputs.parse_amount` (a JSON integer or a string such as ``"1.500.000"``);
quantities are JSON integers or digit strings. Descriptions are hashed (keccak256 of the UTF-8
text), ``document`` names a file (relative to the JSON file) whose content is hashed, and
``descriptionHash`` gives the hash itself. The formats are documented in ``docs/client.md``, with
examples in ``docs/examples/``.

Example::

    >>> import json, tempfile
    >>> path = Path(tempfile.mkdtemp()) / "items.json"
    >>> _ = path.write_text(json.dumps({"items": [{"description": "Laptop", "quantity": 20}]}))
    >>> [(i.quantity, i.unit) for i in read_items(path)]
    [(20, 'unit')]
"""

from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from py_client.hashing import document_hash
from py_client.inputs import (
    Deadline,
    InputError,
    load_json,
    parse_amount,
    parse_count,
    parse_deadline,
    parse_hash,
)
from py_client.models import MILESTONE_UNIT, Item, Line, Origin

DeadlineResolver = Callable[[Deadline, str], datetime]

_HASH_KEYS = ("description", "descriptionHash", "document")
ITEM_KEYS = frozenset({*_HASH_KEYS, "quantity", "unit"})
LINE_KEYS = frozenset({*_HASH_KEYS, "quantity", "unitPrice", "unit", "origin", "due"})
ORIGIN_KEYS = frozenset({"country", "region", "producerGln"})
SHIPMENT_KEYS = frozenset({"quantities", "origin"})


def read_items(path: Path) -> list[Item]:
    """Tender items from ``{"items": [...]}`` or a bare list.

    Each item: one of ``description`` / ``descriptionHash`` / ``document``, ``quantity``
    (positive), optional ``unit`` (ASCII, up to 16 characters; default ``unit``).
    """
    entries = _entries(path, "items")
    items = []
    for n, entry in enumerate(entries):
        where = f"{path}: items[{n}]"
        _keys(entry, ITEM_KEYS, where)
        items.append(
            Item(
                description_hash=_description_hash(entry, path, where),
                quantity=_count(entry, "quantity", where, minimum=1),
                unit=_text(entry, "unit", where, default="unit"),
            )
        )
    return items


def read_lines(path: Path, resolve: DeadlineResolver) -> list[Line]:
    """Order lines from ``{"lines": [...]}`` or a bare list.

    Goods line: a description, ``quantity``, ``unitPrice``, optional ``unit`` and ``origin``
    (ISO 3166 alpha-2). Milestone line: ``"unit": "milestone"``, ``unitPrice`` and ``due`` (a
    deadline: ISO-8601 with a zone, or ``+30d``); its quantity is 1.

    Args:
        path: The JSON file.
        resolve: Turns a ``due`` value into an absolute time in the future (the chain's clock).
    """
    entries = _entries(path, "lines")
    lines = []
    for n, entry in enumerate(entries):
        where = f"{path}: lines[{n}]"
        _keys(entry, LINE_KEYS, where)
        unit = _text(entry, "unit", where, default="unit")
        milestone = unit == MILESTONE_UNIT
        due = None
        if "due" in entry:
            if not milestone:
                raise InputError(f"{where}: only milestone lines have a 'due' date")
            due = resolve(parse_deadline(_text(entry, "due", where), f"{where}.due"), where)
        elif milestone:
            raise InputError(f"{where}: a milestone line needs a 'due' date")
        quantity = _count(entry, "quantity", where, minimum=1, default=1 if milestone else None)
        if milestone and quantity != 1:
            raise InputError(f"{where}: a milestone line has quantity 1")
        lines.append(
            Line(
                item_hash=_description_hash(entry, path, where),
                quantity=quantity,
                unit_price_idr=_amount(entry, "unitPrice", where),
                unit=unit,
                origin_country=_text(entry, "origin", where, default=""),
                due_at=due,
            )
        )
    return lines


def read_shipment(path: Path) -> tuple[list[int], Origin | None]:
    """Shipped quantities (one per order line) and the origin of a shipment.

    Format: ``{"quantities": [20, 0], "origin": {"country": "ID", "region": "ID-JT",
    "producerGln": "8991234000001"}}``; ``origin`` is optional.
    """
    data = load_json(path, "shipment file")
    if not isinstance(data, Mapping):
        raise InputError(f"{path}: expected an object with 'quantities' (and 'origin')")
    _keys(data, SHIPMENT_KEYS, str(path))
    if "quantities" not in data:
        raise InputError(f"{path}: 'quantities' is missing")
    quantities = _quantity_list(data["quantities"], f"{path}: quantities")
    origin = None
    if "origin" in data:
        raw = data["origin"]
        where = f"{path}: origin"
        if not isinstance(raw, Mapping):
            raise InputError(f"{where} must be an object")
        _keys(raw, ORIGIN_KEYS, where)
        if "country" not in raw:
            raise InputError(f"{where}: 'country' is missing (ISO 3166 alpha-2, e.g. \"ID\")")
        origin = Origin(
            country_code=_text(raw, "country", where),
            region=_text(raw, "region", where, default=""),
            producer_gln=_text(raw, "producerGln", where, default=""),
        )
    return quantities, origin


def read_quantities(path: Path, key: str = "received") -> list[int]:
    """A quantity list from ``{"<key>": [...]}`` or a bare list (one per order line)."""
    data = load_json(path, "quantities file")
    if isinstance(data, Mapping):
        _keys(data, frozenset({key}), str(path))
        if key not in data:
            raise InputError(f"{path}: '{key}' is missing")
        data = data[key]
    return _quantity_list(data, f"{path}: {key}")


# ---------------------------------------------------------------------------------- helpers


def _entries(path: Path, key: str) -> list[Mapping[str, Any]]:
    data = load_json(path, f"{key} file")
    if isinstance(data, Mapping):
        _keys(data, frozenset({key}), str(path))
        if key not in data:
            raise InputError(f"{path}: expected an object with '{key}' or a list")
        data = data[key]
    if not isinstance(data, list) or not data:
        raise InputError(f"{path}: '{key}' must be a non-empty list")
    for n, entry in enumerate(data):
        if not isinstance(entry, Mapping):
            raise InputError(f"{path}: {key}[{n}] must be an object")
    return data


def _keys(entry: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise InputError(
            f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})"
        )


def _description_hash(entry: Mapping[str, Any], base: Path, where: str) -> bytes:
    given = [k for k in _HASH_KEYS if k in entry]
    if len(given) != 1:
        raise InputError(f"{where}: give exactly one of {', '.join(_HASH_KEYS)}")
    key = given[0]
    value = _text(entry, key, where)
    if key == "descriptionHash":
        return parse_hash(value, f"{where}.descriptionHash")
    if key == "description":
        if not value.strip():
            raise InputError(f"{where}: 'description' is empty")
        return document_hash(value.encode("utf-8"))
    document = (base.parent / value).expanduser()
    if not document.is_file():
        raise InputError(f"{where}: document not found: {document}")
    return document_hash(document)


def _text(entry: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    if key not in entry:
        if default is None:
            raise InputError(f"{where}: '{key}' is missing")
        return default
    value = entry[key]
    if not isinstance(value, str):
        raise InputError(f"{where}: '{key}' must be a string")
    return value


def _count(
    entry: Mapping[str, Any], key: str, where: str, minimum: int = 0, default: int | None = None
) -> int:
    if key not in entry:
        if default is None:
            raise InputError(f"{where}: '{key}' is missing")
        return default
    return _whole(entry[key], f"{where}.{key}", minimum)


def _whole(value: Any, what: str, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InputError(f"{what} must be a whole number, not {value!r}")
    if isinstance(value, int):
        if value < 0:
            raise InputError(f"{what} must not be negative: {value}")
        if value < minimum:
            raise InputError(f"{what} must be at least {minimum}: {value}")
        return value
    return parse_count(value, what, minimum)


def _amount(entry: Mapping[str, Any], key: str, where: str) -> int:
    if key not in entry:
        raise InputError(f"{where}: '{key}' is missing")
    value = entry[key]
    what = f"{where}.{key}"
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InputError(f'{what} must be whole rupiah (an integer or "1.500.000"), not {value!r}')
    if isinstance(value, int):
        if value < 0:
            raise InputError(f"{what} must not be negative: {value}")
        return value
    return parse_amount(value, what)


def _quantity_list(value: Any, what: str) -> list[int]:
    if not isinstance(value, list) or not value:
        raise InputError(f"{what} must be a non-empty list of whole numbers")
    return [_whole(q, f"{what}[{n}]") for n, q in enumerate(value)]

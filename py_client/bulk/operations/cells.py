"""The cell parsers of the bulk operations: a row's cells as contract arguments, each error a
:class:`~py_client.bulk.rows.RowError` naming the column."""

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from py_client import inputs
from py_client.bulk.operations.base import LINE_COLUMNS, Env
from py_client.bulk.rows import Row, RowError, text
from py_client.errors import InvalidInput, InvalidParameters
from py_client.hashing import ascii_field, document_hash
from py_client.limits import MAX_LINES, UINT64_MAX, UINT128_MAX
from py_client.models import MILESTONE_UNIT, from_unix
from py_client.rules import check_maintenance_period


def _cell(parse: Callable[[str, str], Any], row: Row, column: str) -> Any:
    value = text(row, column)
    try:
        return parse(value, f"'{column}'")
    except inputs.InputError as err:
        raise RowError(str(err)) from None


@lru_cache(maxsize=1024)
def _address(value: str, column: str) -> str:
    """``parse_address``, remembered: a file names the same few parties on many rows, and the
    checksum (keccak) cost more than the rest of a row's parsing. Errors are not cached."""
    return inputs.parse_address(value, column)


def _ascii(value: str, size: int, column: str) -> bytes:
    try:
        return ascii_field(value, size, f"'{column}'")
    except InvalidInput as err:
        raise RowError(str(err)) from None


def _year(row: Row, column: str = "fiscalYear") -> int:
    value = _cell(inputs.parse_count, row, column)
    if not 2000 <= value <= 2999:
        raise RowError(f"'{column}' must be a year such as 2026: {value}")
    return int(value)


def _future(row: Row, column: str, now: int) -> int:
    deadline = _cell(inputs.parse_deadline, row, column)
    moment = deadline.resolve(_utc(now)) if hasattr(deadline, "resolve") else deadline
    seconds = int(moment.timestamp())
    if seconds <= now:
        raise RowError(f"'{column}' {moment.isoformat()} is not in the future (chain time {now})")
    return seconds


def _past(row: Row, column: str, now: int) -> int:
    if not row.has(column):
        return now
    moment = _cell(inputs.parse_time, row, column)
    if hasattr(moment, "resolve"):
        moment = moment.resolve(_utc(now))
    return int(moment.timestamp())


def _degrees(row: Row, column: str) -> int:
    """Decimal degrees (at most 6 decimals) as micro-degrees: ``-6.104`` -> ``-6104000``."""
    value = row.cells[column]
    try:
        micro = Decimal(str(value).strip()) * 1_000_000
    except InvalidOperation:
        raise RowError(f"'{column}' must be decimal degrees such as -6.104: {value!r}") from None
    if not micro.is_finite() or micro != micro.to_integral_value():
        raise RowError(f"'{column}' has more than 6 decimals or is not a number: {value!r}")
    return int(micro)


def _utc(seconds: int) -> datetime:

    return from_unix(seconds)


def _document(row: Row, env: Env, required: bool, what: str) -> bytes:
    """``document`` (a file, relative to the input file) or ``hash`` (0x…); one of them."""
    given = [c for c in ("document", "hash") if row.has(c)]
    if len(given) > 1:
        raise RowError(f"give 'document' or 'hash' for the {what}, not both")
    if not given:
        if required:
            raise RowError(f"the {what} is missing: give 'document' (a file) or 'hash' (0x…)")
        return b"\x00" * 32
    (source,) = given
    if source == "hash":
        return bytes(_cell(inputs.parse_hash, row, "hash"))
    return _document_file(row, env)


def _description(line: Row, env: Env, where: str, sources: Sequence[str]) -> bytes:
    """The hash of an item or line: of ``description`` (text), ``descriptionHash`` (0x…) or
    ``document`` (a file); exactly one of ``sources`` is given."""
    given = [c for c in sources if line.has(c)]
    if len(given) != 1:
        raise RowError(f"{where}give exactly one of {', '.join(sources)}")
    (source,) = given
    if source == "description":
        return document_hash(text(line, "description").encode("utf-8"))
    if source == "descriptionHash":
        return bytes(_cell(inputs.parse_hash, line, "descriptionHash"))
    return _document_file(line, env, where)


def _document_file(row: Row, env: Env, where: str = "") -> bytes:
    """The hash of the file the ``document`` cell names (relative to the input file)."""
    path = (env.base_dir / text(row, "document")).expanduser()
    if not path.is_file():
        raise RowError(f"{where}document not found: {path}")
    return document_hash(path)


def _item(cells: Mapping[str, Any], env: Env, where: str) -> tuple[bytes, int, bytes]:
    """One tender item from ``cells`` (CSV row or a JSON ``items`` entry)."""
    item = Row(0, where, cells, "")
    description = _description(item, env, where, ("description", "descriptionHash"))
    quantity = int(_cell(inputs.parse_count, item, "quantity"))
    if not 0 < quantity <= UINT64_MAX:
        raise RowError(f"{where}'quantity' must be positive and fit 64 bits")
    return (description, quantity, _ascii(text(item, "unit", "unit"), 16, "unit"))


def _line(cells: Mapping[str, Any], env: Env, deadline: int, where: str) -> tuple[Any, ...]:
    """One order line from ``cells`` (CSV row or a JSON ``lines`` entry), checked like
    ``AgencyView`` checks order terms."""
    line = Row(0, where, cells, "")
    item = _description(line, env, where, ("description", "descriptionHash", "document"))
    unit = text(line, "unit", "unit")
    milestone = unit == MILESTONE_UNIT
    quantity = (
        _cell(inputs.parse_count, line, "quantity")
        if line.has("quantity")
        else (1 if milestone else None)
    )
    if quantity is None:
        raise RowError(f"{where}'quantity' is missing")
    price = _cell(inputs.parse_amount, line, "unitPrice")
    due = 0
    if milestone:
        if not line.has("due"):
            raise RowError(f"{where}a milestone line needs 'due'")
        due = _future(line, "due", env.now)
        if quantity != 1:
            raise RowError(f"{where}a milestone line has quantity 1")
        if due > deadline:
            raise RowError(f"{where}a milestone is due no later than the delivery deadline")
    elif line.has("due"):
        raise RowError(f"{where}only milestone lines have 'due'")
    if quantity == 0 or price == 0:
        raise RowError(f"{where}quantity and unit price must be positive")
    if quantity > UINT64_MAX or price > UINT128_MAX:
        raise RowError(f"{where}quantity must fit 64 bits and unit price 128 bits")
    origin = _ascii(text(line, "origin", ""), 2, "origin")
    return (item, quantity, price, _ascii(unit, 16, "unit"), origin, due)


def _entries(row: Row, key: str, columns: frozenset[str], what: str) -> list[Mapping[str, Any]]:
    """The objects of a row's list cell ``key`` (JSON), or the row's own cells as one entry."""
    if key not in row.cells:
        return [row.cells]
    entries = row.cells[key]
    if not isinstance(entries, list) or not entries:
        raise RowError(f"'{key}' must be a non-empty list of {what} objects")
    if any(row.has(c) for c in columns):
        raise RowError(f"give the {what} in '{key}' or in the row's columns, not both")
    for index, entry in enumerate(entries):
        if not isinstance(entry, Mapping):
            raise RowError(f"{key}[{index}] must be an object")
        unknown = sorted(set(entry) - columns)
        if unknown:
            raise RowError(f"{key}[{index}]: unknown key {min(unknown)!r}")
    return entries


def _order_terms(row: Row, env: Env, deadline: int) -> tuple[list[tuple[Any, ...]], int]:
    """The lines (``lines`` in JSON, else the row's columns) and maintenance of an order row."""
    maintenance = int(_cell(inputs.parse_duration, row, "maintenance").total_seconds())
    try:
        check_maintenance_period(maintenance)
    except InvalidParameters as err:
        raise RowError(str(err)) from None
    entries = _entries(row, "lines", LINE_COLUMNS, "line")
    many = "lines" in row.cells
    lines = [
        _line(entry, env, deadline, f"lines[{index}]: " if many else "")
        for index, entry in enumerate(entries)
    ]
    if len(lines) > MAX_LINES:
        raise RowError(f"an order has at most {MAX_LINES} lines")
    return lines, maintenance

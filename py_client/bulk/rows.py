"""Reading a bulk input file (CSV or JSON) into rows, and parsing their cells.

CSV: a header line naming the columns, then one row per line. The delimiter is a comma, a
semicolon (spreadsheets set to Indonesian write ``;``, as the comma is their decimal sign) or a
tab, detected from the header. A UTF-8 byte-order mark is ignored; blank lines and lines
starting with ``#`` are skipped. A list in a cell (quantities) separates its numbers with ``|``
(or with the other of comma and semicolon, or spaces): ``100|20``.

JSON: a list of objects, or ``{"rows": [...]}``; values are strings, numbers or lists.

Unknown columns are refused for the whole file (a typo must not drop a value silently). Each
row keeps its position (``line 7`` of a CSV file, ``entry 3`` of a JSON list, from 0) and a
SHA-256 of its cells: the journal ties its records to both.

Example::

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "accept.csv"
    >>> _ = path.write_text("order;document\\n7;0x" + "ab" * 32 + "\\n")
    >>> rows = read_rows(path, frozenset({"order", "document", "ref"}))
    >>> rows[0].label, rows[0].cells["order"]
    ('line 2', '7')
"""

import csv
import hashlib
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from py_client.inputs import InputError, InputFileError

_LIST_SPLIT = re.compile(r"[|,;\s]+")
MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Row:
    """One input row: where it is, its cells, and the hash of its cells."""

    number: int
    label: str
    cells: Mapping[str, Any]
    row_hash: str

    @property
    def ref(self) -> str | None:
        """The row's own reference (column ``ref``), shown in the report."""
        value = self.cells.get("ref")
        return None if value in (None, "") else str(value)

    def has(self, column: str) -> bool:
        """Whether the row gives a non-empty value for ``column``."""
        value = self.cells.get(column)
        return value is not None and value != "" and value != []


class RowError(InputError):
    """A row is invalid; ``reason`` says why (the row is named by the caller)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def read_rows(path: Path, columns: frozenset[str]) -> list[Row]:
    """The rows of ``path`` (``.json`` is JSON, anything else CSV).

    Args:
        path: The input file.
        columns: Every column the operation knows.

    Raises:
        InputFileError: The file is missing or unreadable.
        InputError: It is not CSV/JSON of rows, names an unknown column, or has no row.
    """
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"{path} is larger than {MAX_FILE_BYTES // 2**20} MiB")
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputFileError(f"input file not found: {path}") from None
    except UnicodeDecodeError as err:
        raise InputError(f"{path} is not UTF-8 text: {err.reason}") from err
    except OSError as err:
        raise InputFileError(f"input file {path} cannot be read: {err.strerror}") from err
    rows = _json_rows(path, text) if path.suffix.lower() == ".json" else _csv_rows(path, text)
    if not rows:
        raise InputError(f"{path} has no rows")
    for row in rows:
        unknown = sorted(set(row.cells) - columns)
        if unknown:
            raise InputError(
                f"{path}: {row.label}: unknown column {unknown[0]!r} "
                f"(known: {', '.join(sorted(columns))})"
            )
    return rows


def _csv_rows(path: Path, text: str) -> list[Row]:
    lines = text.splitlines()
    header_index = next(
        (i for i, line in enumerate(lines) if line.strip() and not line.startswith("#")), None
    )
    if header_index is None:
        raise InputError(f"{path} is empty")
    header = lines[header_index]
    delimiter = max((",", ";", "\t"), key=header.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    names: list[str] | None = None
    rows: list[Row] = []
    for record in reader:
        number = reader.line_num
        if not record or all(not cell.strip() for cell in record) or record[0].startswith("#"):
            continue
        if names is None:
            names = [n.strip() for n in record]
            if len(set(names)) != len(names) or any(not n for n in names):
                raise InputError(f"{path}: line {number}: empty or repeated column name")
            continue
        if len(record) > len(names):
            raise InputError(f"{path}: line {number}: {len(record)} cells but {len(names)} columns")
        cells = {
            name: value.strip() for name, value in zip(names, record, strict=False) if value.strip()
        }
        rows.append(Row(number, f"line {number}", cells, _hash(cells)))
    return rows


def _json_rows(path: Path, text: str) -> list[Row]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"{path} is not valid JSON: {err.msg} at line {err.lineno}") from err
    if isinstance(data, Mapping):
        if set(data) != {"rows"}:
            raise InputError(f'{path}: expected a list of rows or {{"rows": [...]}}')
        data = data["rows"]
    if not isinstance(data, list):
        raise InputError(f"{path}: expected a list of rows")
    rows = []
    for index, entry in enumerate(data):
        if not isinstance(entry, Mapping):
            raise InputError(f"{path}: entry {index} must be an object")
        rows.append(make_row(index, f"entry {index}", entry))
    return rows


def make_row(number: int, label: str, cells: Mapping[str, Any]) -> Row:
    """A row built by a reader of another shape (an importer), hashed like a read one."""
    kept = {str(k): v for k, v in cells.items() if v is not None and v != ""}
    return Row(number, label, kept, _hash(kept))


def _hash(cells: Mapping[str, Any]) -> str:
    canonical = json.dumps(cells, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


# ------------------------------------------------------------------------- cell parsing


def text(row: Row, column: str, default: str | None = None) -> str:
    """A text cell; ``default`` when absent (``None``: required).

    Raises:
        RowError: Missing (and required) or not text.
    """
    if not row.has(column):
        if default is None:
            raise RowError(f"'{column}' is missing")
        return default
    value = row.cells[column]
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise RowError(f"'{column}' must be text, not {value!r}")
    return str(value)


def whole_list(row: Row, column: str) -> list[int]:
    """A list of whole numbers: a JSON list, or a cell such as ``100|20``.

    Raises:
        RowError: Missing, empty or not whole numbers.
    """
    from py_client.inputs import parse_count

    if not row.has(column):
        raise RowError(f"'{column}' is missing")
    value = row.cells[column]
    if isinstance(value, int) and not isinstance(value, bool):
        value = [value]
    if isinstance(value, str):
        value = [part for part in _LIST_SPLIT.split(value.strip()) if part]
    if not isinstance(value, list) or not value:
        raise RowError(f"'{column}' must be whole numbers separated by '|' (e.g. 100|20)")
    result = []
    for part in value:
        if isinstance(part, bool) or not isinstance(part, int | str):
            raise RowError(f"'{column}' must hold whole numbers, not {part!r}")
        result.append(part if isinstance(part, int) else parse_count(part, f"'{column}'"))
    if any(q < 0 for q in result):
        raise RowError(f"'{column}' must not hold negative numbers")
    return result


__all__ = ["Row", "RowError", "make_row", "read_rows", "text", "whole_list"]

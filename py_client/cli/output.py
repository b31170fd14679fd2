"""Rendering for the ``rantai`` command: JSON documents and aligned text tables.

``--json`` prints exactly one JSON document on stdout. Without it, results are shown as
``key  value`` blocks and aligned tables. Values are made printable the same way for both:
bytes as ``0x`` hex, datetimes as ISO-8601 in UTC, enums by name, dataclasses as objects.

Example::

    >>> print(render_table([{"id": 1, "state": "Open"}, {"id": 12, "state": "Awarded"}]))
    ID  STATE
     1  Open
    12  Awarded
"""

import dataclasses
import enum
import json
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from hexbytes import HexBytes

from py_client.inputs import iso


def plain(value: Any) -> Any:
    """``value`` as JSON-compatible data (dicts, lists, str, int, bool, None)."""
    if isinstance(value, enum.Enum):
        return value.name
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, bytes | bytearray | HexBytes):
        return "0x" + bytes(value).hex()
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return int(value.total_seconds())
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, float):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): plain(value[k]) for k in value}  # not .items(): a field may be "items"
    if isinstance(value, Sequence | set | frozenset):
        return [plain(v) for v in value]
    return str(value)


def to_json(document: Any) -> str:
    """One indented JSON document; characters a terminal acts on are ``\\u`` escapes (json does
    C0 controls itself; DEL, C1 controls and bidi overrides are escaped here)."""
    text = json.dumps(plain(document), indent=2, ensure_ascii=False)
    return _TERMINAL_ACTIVE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_TERMINAL_ACTIVE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def cell(value: Any) -> str:
    """A short human form of ``value`` for a table cell."""
    if isinstance(value, timedelta):
        return duration(value)
    shown = plain(value)
    if shown is None:
        return "-"
    if isinstance(shown, bool):
        return "yes" if shown else "no"
    if isinstance(shown, list):
        return ", ".join(cell(v) for v in shown) if shown else "-"
    if isinstance(shown, dict):
        return ", ".join(f"{k}={cell(v)}" for k, v in shown.items())
    return str(shown)


def render_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    """Rows as an aligned table with a header; numbers are right-aligned."""
    if not rows:
        return "(none)"
    names = list(columns) if columns is not None else list(rows[0].keys())
    cells = [[cell(row.get(name)) for name in names] for row in rows]
    numeric = [all(_is_number(row.get(name)) for row in rows) for name in names]
    header = [_header(name) for name in names]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(header)]
    lines = [_join(header, widths, [False] * len(names))]
    lines += [_join(r, widths, numeric) for r in cells]
    return "\n".join(lines)


def render_record(record: Mapping[str, Any], title: str | None = None) -> str:
    """A mapping as ``key  value`` lines, keys aligned."""
    lines = [title] if title else []
    if record:
        width = max(len(k) for k in record)
        lines += [f"{k.ljust(width)}  {cell(v)}" for k, v in record.items()]
    return "\n".join(lines)


def duration(value: timedelta) -> str:
    """``90d``, ``3d 4h``, ``45m``, ``0s``: the largest units, at most two."""
    seconds = int(value.total_seconds())
    parts: list[str] = []
    for unit, size in (("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)):
        if seconds >= size and len(parts) < 2:
            parts.append(f"{seconds // size}{unit}")
            seconds %= size
    return " ".join(parts) or "0s"


def _is_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _header(name: str) -> str:
    out: list[str] = []
    for char in name:
        if char.isupper() and out and out[-1] != "_":
            out.append(" ")
        out.append(" " if char == "_" else char)
    return "".join(out).upper()


def _join(values: Sequence[str], widths: Sequence[int], right: Sequence[bool]) -> str:
    parts = [v.rjust(w) if r else v.ljust(w) for v, w, r in zip(values, widths, right, strict=True)]
    return "  ".join(parts).rstrip()

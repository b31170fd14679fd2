"""Parsing of values people type or put in files: amounts, addresses, deadlines, hashes, JSON.

The CLI, the bulk engine, the imports and the portal's forms share these parsers (they live in
the library, not in ``py_client.cli``, so the library never imports the command line or the
portal). The portal shows a failure in the user's language: it catches :class:`InputError` and
names the field with its own translated message.

Every parser raises :class:`InputError` (a :class:`~py_client.errors.InvalidInput`, hence a
``ValueError``) with a one-line message; the CLI prints it as ``error: <message>`` and exits 2,
before anything is sent.

Amounts are whole rupiah. Accepted: ``1500000``, ``1_500_000`` and the Indonesian grouping
``1.500.000`` (dots separate thousands, groups of three digits), optionally prefixed ``Rp``.
Rejected: negatives, fractions (``1.5``, ``1,5``), exponents, commas (``1,500,000`` is ambiguous
between English and Indonesian notation) and anything else.

Example::

    >>> parse_amount("1.500.000"), parse_amount("1_500_000"), parse_amount("Rp 2.000")
    (1500000, 1500000, 2000)
    >>> parse_deadline("+36h")
    RelativeTime(delta=datetime.timedelta(days=1, seconds=43200), text='+36h')
"""

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from eth_utils.address import is_address, is_hex_address, to_checksum_address

from py_client.errors import InvalidInput
from py_client.limits import UINT256_MAX
from py_client.models import CheckpointKind


class InputError(InvalidInput):
    """A command-line value is malformed; nothing was sent."""


class InputFileError(InputError, FileNotFoundError):
    """An input file named on the command line does not exist or cannot be read."""


_PLAIN = re.compile(r"[0-9]+")
_UNDERSCORED = re.compile(r"[0-9]{1,3}(_[0-9]{3})+")
_DOTTED = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+")
_SPAN = re.compile(r"(?:[0-9]+[wdhms])+")
_SPAN_PART = re.compile(r"([0-9]+)([wdhms])")
_UNITS_S = {"w": 604_800, "d": 86_400, "h": 3_600, "m": 60, "s": 1}
_HASH = re.compile(r"0x[0-9a-fA-F]{64}")
_LOCAL_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2})?")
FIRST_FISCAL_YEAR = 2000
LAST_FISCAL_YEAR = 2999


def parse_amount(text: str, what: str = "amount") -> int:
    """Whole rupiah from ``1500000``, ``1_500_000``, ``1.500.000`` or ``Rp 1.500.000``.

    Raises:
        InputError: Negative, fractional, empty or not a number.
    """
    raw = text.strip()
    body = re.sub(r"^rp\.?\s*", "", raw, flags=re.IGNORECASE)
    if body.startswith("-"):
        raise InputError(f"{what} must not be negative: {text!r}")
    if _PLAIN.fullmatch(body) or _UNDERSCORED.fullmatch(body):
        value = int(body.replace("_", ""))
    elif _DOTTED.fullmatch(body):
        value = int(body.replace(".", ""))
    elif re.fullmatch(r"[0-9][0-9.,_]*", body):
        raise InputError(
            f"{what} must be whole rupiah, written 1500000, 1_500_000 or 1.500.000: {text!r}"
        )
    else:
        raise InputError(f"{what} is not a number of rupiah: {text!r}")
    if value > UINT256_MAX:
        raise InputError(f"{what} is too large: {text!r}")
    return value


def parse_count(text: str, what: str = "value", minimum: int = 0) -> int:
    """A non-negative whole number (quantities, ids, basis points), ``_`` grouping allowed."""
    raw = text.strip()
    if not (_PLAIN.fullmatch(raw) or _UNDERSCORED.fullmatch(raw)):
        if raw.startswith("-"):
            raise InputError(f"{what} must not be negative: {text!r}")
        raise InputError(f"{what} must be a whole number: {text!r}")
    value = int(raw.replace("_", ""))
    if value < minimum:
        raise InputError(f"{what} must be at least {minimum}: {text!r}")
    if value > UINT256_MAX:
        raise InputError(f"{what} is too large: {text!r}")
    return value


def parse_id(text: str, what: str = "id") -> int:
    """A positive id (tenders, orders, shipments and organisations count from 1)."""
    return parse_count(text, what, minimum=1)


def parse_year(text: str, what: str = "fiscal year", last: int = LAST_FISCAL_YEAR) -> int:
    """A fiscal year, :data:`FIRST_FISCAL_YEAR` to ``last`` (:data:`LAST_FISCAL_YEAR`)."""
    value = parse_count(text, what)
    if not FIRST_FISCAL_YEAR <= value <= last:
        raise InputError(f"{what} must be a year such as 2026: {text!r}")
    return value


def parse_degrees(text: str, what: str = "coordinate") -> int:
    """Decimal degrees (at most 6 decimals) as micro-degrees: ``-6.104`` → ``-6104000``."""
    try:
        value = Decimal(text.strip()) * 1_000_000
    except InvalidOperation:
        raise InputError(f"{what} must be decimal degrees such as -6.104: {text!r}") from None
    if not value.is_finite() or value != value.to_integral_value():
        raise InputError(f"{what} has more than 6 decimals or is not a number: {text!r}")
    return int(value)


def parse_quantity_list(text: str, what: str = "quantities") -> list[int]:
    """Comma-separated whole numbers: ``20,0,5``."""
    parts = [p.strip() for p in text.split(",")]
    if not text.strip() or any(not p for p in parts):
        raise InputError(f"{what} must be comma-separated whole numbers (e.g. 20,0,5): {text!r}")
    return [parse_count(p, "quantity") for p in parts]


def parse_address(text: str, what: str = "address") -> str:
    """A checksummed address from 40 hex digits with ``0x``.

    A mixed-case address must carry a valid EIP-55 checksum (a typo is caught here).
    """
    raw = text.strip()
    if not is_hex_address(raw):
        raise InputError(f"{what} is not a 0x-prefixed 20-byte hex address: {text!r}")
    checksummed = str(to_checksum_address(raw))
    lower = raw[2:]
    if lower != lower.lower() and lower != lower.upper() and raw != checksummed:
        raise InputError(f"{what} has a wrong EIP-55 checksum (mistyped?): {text!r}")
    return checksummed


def parse_hash(text: str, what: str = "hash") -> bytes:
    """A 32-byte hash written as ``0x`` and 64 hex digits."""
    raw = text.strip()
    if not _HASH.fullmatch(raw):
        raise InputError(f"{what} must be 0x followed by 64 hex digits: {text!r}")
    return bytes.fromhex(raw[2:])


@dataclass(frozen=True)
class RelativeTime:
    """A time relative to the chain's clock (``+3d``), resolved when the chain's time is known."""

    delta: timedelta
    text: str

    def resolve(self, now: datetime) -> datetime:
        """The absolute time ``delta`` after ``now``."""
        return now + self.delta


Deadline = datetime | RelativeTime


def parse_deadline(text: str, what: str = "deadline", local_zone: tzinfo | None = None) -> Deadline:
    """An ISO-8601 time with a time zone, or ``+<n><unit>…`` (units w, d, h, m, s) from now.

    Examples: ``2026-12-01T10:00:00+07:00``, ``2026-12-01T03:00Z``, ``+3d``, ``+36h``, ``+3d1h``.
    With ``local_zone`` (the portal's forms: WIB), a date and time without a zone
    (``2026-12-04 10:00``) is read in that zone. Whether the time lies in the future is checked
    against the chain's clock by :func:`resolve_deadline`.
    """
    raw = text.strip()
    if raw.startswith("+") and _SPAN.fullmatch(raw[1:]):
        return RelativeTime(_span(raw[1:]), raw)
    local = _LOCAL_TIME.fullmatch(raw) if local_zone is not None else None
    try:
        if local:
            moment = datetime.fromisoformat(f"{local[1]}T{local[2]}{local[3] or ''}")
            return moment.replace(tzinfo=local_zone)
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise InputError(
            f"{what} must be ISO-8601 with a time zone (2026-12-01T10:00+07:00) "
            f"or relative (+3d, +36h, +3d1h): {text!r}"
        ) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InputError(f"{what} needs a time zone (e.g. +07:00 or Z): {text!r}")
    return moment


def resolve_deadline(deadline: Deadline, now: datetime, what: str = "deadline") -> datetime:
    """The absolute time of ``deadline``; it must lie after ``now`` (the chain's clock).

    Raises:
        InputError: The time is not in the future.
    """
    moment = deadline.resolve(now) if isinstance(deadline, RelativeTime) else deadline
    if moment <= now:
        raise InputError(f"{what} {iso(moment)} is in the past (chain time {iso(now)})")
    return moment


def parse_time(text: str, what: str = "time") -> datetime | RelativeTime:
    """A point in time for an event that happened: ISO-8601 with a zone, ``now`` or ``-2h``."""
    raw = text.strip()
    if raw == "now":
        return RelativeTime(timedelta(0), raw)
    if raw.startswith("-") and _SPAN.fullmatch(raw[1:]):
        return RelativeTime(-_span(raw[1:]), raw)
    return parse_deadline(raw, what)


def parse_duration(text: str, what: str = "duration") -> timedelta:
    """A duration such as ``90d``, ``3d12h`` or ``0`` (units w, d, h, m, s; bare = seconds)."""
    raw = text.strip()
    if _PLAIN.fullmatch(raw):  # not str.isdigit(): it takes "²", which int() refuses
        return timedelta(seconds=int(raw))
    if not _SPAN.fullmatch(raw):
        raise InputError(f"{what} must be a whole number with a unit w, d, h, m or s: {text!r}")
    return _span(raw)


def _span(text: str) -> timedelta:
    """``3d12h`` as a timedelta (the text matched ``_SPAN``)."""
    seconds = sum(int(n) * _UNITS_S[unit] for n, unit in _SPAN_PART.findall(text))
    return timedelta(seconds=seconds)


def existing_file(text: str, what: str = "file") -> Path:
    """A path that names a readable file."""
    path = Path(text).expanduser()
    if not path.is_file():
        raise InputFileError(f"{what} not found: {text}")
    return path


def load_json(path: Path, what: str = "input file") -> Any:
    """The JSON document in ``path``.

    Raises:
        InputFileError: The file is missing or unreadable.
        InputError: It is not JSON.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputFileError(f"{what} not found: {path}") from None
    except OSError as err:
        raise InputFileError(f"{what} {path} cannot be read: {err.strerror}") from err
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(
            f"{what} {path} is not valid JSON: {err.msg} at line {err.lineno}"
        ) from err


def iso(moment: datetime) -> str:
    """``moment`` as ISO-8601 in UTC, to the second."""
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def checked_address(value: str, name: str = "address") -> str:
    """``value`` checksummed.

    Raises:
        InvalidInput: ``value`` is not a 20-byte hex address.
    """
    if not isinstance(value, str) or not is_address(value):
        raise InvalidInput(f"{name} is not a valid address: {value!r}")
    return to_checksum_address(value)


def checkpoint_kind(value: CheckpointKind | int | str) -> CheckpointKind:
    """A checkpoint kind from the enum, its value or its name (``"in_transit"``, ``"arrived"``)."""
    try:
        if isinstance(value, str):
            return CheckpointKind[value.strip().upper().replace("-", "_").replace(" ", "_")]
        return CheckpointKind(value)
    except (KeyError, ValueError):
        raise InvalidInput(f"unknown checkpoint kind: {value!r}") from None

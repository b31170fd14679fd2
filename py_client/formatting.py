"""How amounts, times and chain-supplied text are shown to people: one home for all of them.

* Money is whole rupiah with the Indonesian thousands separator: ``Rp 99.000.000.000.000``.
* Times are Western Indonesian Time with the zone named: ``2027-04-27 10:00 WIB``.
* Text that came from the chain or a user (a checkpoint location, an organisation's name, a
  document label) has its control characters replaced before it reaches a terminal, so an escape
  sequence cannot clear the screen or paint a fake status; :func:`csv_text` also keeps a
  spreadsheet from running it as a formula. HTML escaping is Jinja's and ``html.escape``'s job.

Example::

    >>> rupiah(99_000_000_000_000)
    'Rp 99.000.000.000.000'
    >>> wib(1808883977)
    '2027-04-28 10:46 WIB'
    >>> printable("IDJKT\\x1b[2J\\x1b[32mOK PAID")
    'IDJKT?[2J?[32mOK PAID'
    >>> csv_text("=HYPERLINK(1)")
    "'=HYPERLINK(1)"
"""

import re
import unicodedata
from datetime import UTC, datetime, timedelta, timezone

WIB = timezone(timedelta(hours=7), "WIB")

# A leading character a spreadsheet reads as the start of a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# C0 and C1 controls, DEL, and the Unicode format characters that reorder text (bidi overrides).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL_OR_NEWLINE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def rupiah(amount: int | None, lang: str = "id") -> str:
    """``Rp 1.500.000``: whole rupiah, Indonesian grouping (``-Rp 5.000`` when negative); with
    ``lang="en"``, English grouping for the English pages (``Rp 1,500,000``); ``-`` for
    ``None`` (an amount not known). The one money formatter of the CLI, portal and reports."""
    if amount is None:
        return "-"
    amount = int(amount)
    if lang != "id":
        return f"Rp {amount:,}"
    grouped = f"{abs(int(amount)):,}".replace(",", ".")
    return ("-Rp " if amount < 0 else "Rp ") + grouped


def grouped(number: int) -> str:
    """``1.500.000``: an integer with the Indonesian thousands separator, no currency."""
    return f"{int(number):,}".replace(",", ".")


def wib(moment: int | datetime | None) -> str:
    """A unix time or an aware datetime as ``YYYY-MM-DD HH:MM WIB``; ``-`` for ``None``."""
    if moment is None:
        return "-"
    if not isinstance(moment, datetime):
        moment = datetime.fromtimestamp(int(moment), UTC)
    return moment.astimezone(WIB).strftime("%Y-%m-%d %H:%M WIB")


def iso_time(seconds: int | None) -> str:
    """Unix seconds as ISO-8601 in UTC (``2026-01-01T00:00:00Z``); ``-`` for ``None``."""
    if seconds is None:
        return "-"
    return (
        datetime.fromtimestamp(int(seconds), UTC)
        .isoformat(timespec="seconds")
        .replace("+00:00", "Z")
    )


def printable(text: str, keep_newlines: bool = False) -> str:
    """``text`` safe for a terminal: every control character (ESC, CR, BEL, bidi override …) is
    shown as ``?``; tabs and, with ``keep_newlines``, line feeds are kept."""
    pattern = _CONTROL if keep_newlines else _CONTROL_OR_NEWLINE
    cleaned = pattern.sub("?", text)
    if not keep_newlines:
        cleaned = cleaned.replace("\t", " ")
    return "".join("?" if unicodedata.category(c) == "Cs" else c for c in cleaned)


def csv_text(value: object) -> str:
    """A CSV cell: empty for ``None``; integers as written; text stripped of control characters
    and, when a spreadsheet would run it as a formula, prefixed with ``'``."""
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        text = "'" + text
    return _CONTROL_OR_NEWLINE.sub("?", text)


__all__ = [
    "FORMULA_STARTS",
    "WIB",
    "csv_text",
    "grouped",
    "iso_time",
    "printable",
    "rupiah",
    "wib",
]

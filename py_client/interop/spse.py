"""Importing tenders and orders from spreadsheets shaped like the national e-procurement exports.

Agencies keep their procurement plans and packages in SPSE/LPSE and SiRUP, whose exports are
spreadsheets with Indonesian column headers, one row per item. ``rantai import tenders|orders``
reads the same shape as CSV (UTF-8, comma or semicolon separated, header row), one row per item
or order line; the rows of one package (same ``kode_tender`` / ``kode_paket``) must agree on the
package's columns. The columns are :data:`TENDER_COLUMNS` and :data:`ORDER_COLUMNS`; the mapping
to Rantai fields is documented in ``docs/audit.md``.

An import is a run of the bulk engine (:mod:`py_client.bulk`) whose rows are the file's
packages, so a bad file sends nothing and a killed import resumes exactly once:

1. :func:`load_tenders` / :func:`load_orders` parse and check the whole file, collecting every
   problem with its line number (:class:`ImportFileError` lists them);
2. each package becomes one row of a bulk operation (:func:`tender_row`, :func:`order_row`):
   ``tenders`` (``openTender``), ``orders`` (``createDirectOrder``) or ``tender-orders``
   (``createOrderFromTender``), whose checks run on the whole file against the chain —
   deadlines against the chain's clock and the minimum tender period, each fiscal year's budget
   against the packages before, the direct-purchase ceiling, suppliers' roles, orders against
   their tender's award; any problem stops the import before anything is sent, with every
   problem listed in the CSV's own terms;
3. the engine signs ahead, journals each signed transaction (fsync) before broadcasting it in
   pipelined batches, and resolves on the next run what a killed run left in doubt.

Example::

    >>> report = import_tenders(client, "docs/examples/tenders.csv")  # doctest: +SKIP
    >>> report.created, report.bulk.journal  # doctest: +SKIP
    (2, 'docs/examples/tenders.csv.journal')
"""

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from eth_utils.crypto import keccak

from py_client.bulk.engine import BulkOptions, run_bulk
from py_client.bulk.operations import (
    DirectOrders,
    Env,
    OpenTenders,
    Operation,
    Prepared,
    TenderOrders,
    Verdict,
)
from py_client.bulk.report import BulkReport
from py_client.bulk.rows import Row, make_row
from py_client.errors import InvalidInput
from py_client.inputs import parse_address, parse_amount
from py_client.models import MILESTONE_UNIT, Item, Line, Role

if TYPE_CHECKING:
    from py_client.client import Rantai

WIB = timezone(timedelta(hours=7), "WIB")
MAX_PROBLEMS_SHOWN = 5

# column → (required, meaning). Tender-level columns repeat on every item row of the package.
TENDER_COLUMNS: dict[str, tuple[bool, str]] = {
    "kode_tender": (True, "package code in SPSE (groups the item rows; journal key)"),
    "nama_paket": (True, "package name"),
    "tahun_anggaran": (True, "fiscal year (budget year the HPS is committed against)"),
    "nilai_hps": (True, "HPS, owner's estimate, whole rupiah"),
    "jaminan_penawaran": (False, "bid bond, whole rupiah (default 0)"),
    "batas_akhir_penawaran": (True, "bid deadline"),
    "batas_akhir_pembukaan": (True, "reveal deadline (opening of bids)"),
    "url_dokumen": (True, "where the specification (dokumen pemilihan) is published"),
    "dokumen_spesifikasi": (False, "specification file, hashed (default: the package name)"),
    "uraian_barang": (True, "item description (hashed on chain)"),
    "volume": (True, "item quantity"),
    "satuan": (True, "item unit (ASCII, up to 16 characters)"),
}
TENDER_LEVEL = (
    "nama_paket",
    "tahun_anggaran",
    "nilai_hps",
    "jaminan_penawaran",
    "batas_akhir_penawaran",
    "batas_akhir_pembukaan",
    "url_dokumen",
    "dokumen_spesifikasi",
)
ORDER_COLUMNS: dict[str, tuple[bool, str]] = {
    "kode_paket": (True, "package code in SiRUP / e-Purchasing (groups the lines; journal key)"),
    "id_tender": (False, "on-chain tender whose award the order implements (empty: direct)"),
    "alamat_penyedia": (False, "supplier account address (required for a direct purchase)"),
    "tahun_anggaran": (False, "fiscal year (required for a direct purchase)"),
    "batas_waktu_pengiriman": (True, "delivery deadline"),
    "masa_pemeliharaan_hari": (True, "maintenance period in days (retention held until)"),
    "uraian_barang": (True, "line description (hashed on chain)"),
    "volume": (True, "line quantity (1 for a milestone)"),
    "satuan": (True, "line unit; 'milestone' for works and services"),
    "harga_satuan": (True, "unit price, whole rupiah"),
    "negara_asal": (False, "required origin, ISO 3166 alpha-2 (e.g. ID)"),
    "tanggal_jatuh_tempo": (False, "due date of a milestone line"),
}
ORDER_LEVEL = (
    "id_tender",
    "alamat_penyedia",
    "tahun_anggaran",
    "batas_waktu_pengiriman",
    "masa_pemeliharaan_hari",
)

_PLAIN = re.compile(r"[0-9]+")
_LOCAL_TIME = re.compile(r"([0-9]{2})[-/]([0-9]{2})[-/]([0-9]{4})(?:[ T]([0-9]{2}):([0-9]{2}))?")
_COUNTRY = re.compile(r"[A-Z]{2}")


class ImportFileError(InvalidInput):
    """An import file has problems; nothing was sent. ``problems`` lists them all."""

    def __init__(self, path: str, problems: Sequence[str]) -> None:
        shown = "; ".join(problems[:MAX_PROBLEMS_SHOWN])
        more = len(problems) - MAX_PROBLEMS_SHOWN
        suffix = f"; and {more} more" if more > 0 else ""
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"{path}: {count}, nothing sent: {shown}{suffix}")
        self.path = path
        self.problems = list(problems)


@dataclass(frozen=True)
class TenderPlan:
    """One tender package of an import file."""

    code: str
    first_line: int
    name: str
    fiscal_year: int
    hps_idr: int
    bond_idr: int
    bid_deadline_at: datetime
    reveal_deadline_at: datetime
    spec_uri: str
    spec: bytes
    items: tuple[Item, ...]
    item_lines: tuple[int, ...] = ()
    """The file's line of each item."""


@dataclass(frozen=True)
class OrderPlan:
    """One order package of an import file."""

    code: str
    first_line: int
    tender_id: int | None
    supplier: str | None
    fiscal_year: int | None
    delivery_deadline_at: datetime
    maintenance: timedelta
    lines: tuple[Line, ...]
    item_lines: tuple[int, ...] = ()
    """The file's line of each order line."""

    @property
    def total_idr(self) -> int:
        """The order's value: the sum of quantity times unit price."""
        return sum(line.value_idr for line in self.lines)


# --------------------------------------------------------------------------- parsing values


def parse_rupiah(text: str) -> int:
    """Whole rupiah: ``1500000``, ``1.500.000``, ``1_500_000``, optionally with ``Rp`` (the
    command line's :func:`~py_client.inputs.parse_amount`).

    Raises:
        ValueError: Anything else (negative, decimals, words).
    """
    return parse_amount(text, "the value")


def parse_moment(text: str) -> datetime:
    """ISO-8601 with a zone, or the SPSE style ``31-12-2026 14:00`` (WIB, UTC+7).

    Raises:
        ValueError: Another format, or ISO-8601 without a zone.
    """
    raw = text.strip()
    match = _LOCAL_TIME.fullmatch(raw)
    if match:
        day, month, year, hour, minute = match.groups()
        return datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), tzinfo=WIB
        )
    moment = datetime.fromisoformat(raw)
    if moment.tzinfo is None:
        raise ValueError(f"needs a time zone (+07:00) or the form 31-12-2026 14:00: {text!r}")
    return moment


def _positive(text: str) -> int:
    if not _PLAIN.fullmatch(text.strip()) or int(text) <= 0:
        raise ValueError(f"not a positive whole number: {text!r}")
    return int(text)


def _year(text: str) -> int:
    value = _positive(text)
    if not 2000 <= value <= 2999:
        raise ValueError(f"not a fiscal year: {text!r}")
    return value


def _ascii(text: str, limit: int, what: str) -> str:
    if not text.isascii() or not 0 < len(text) <= limit:
        raise ValueError(f"{what} must be 1 to {limit} ASCII characters: {text!r}")
    return text


# --------------------------------------------------------------------------- reading files


class _Rows:
    """The rows of a CSV file with its problems; cells read through :meth:`take`."""

    def __init__(self, path: str | Path, columns: dict[str, tuple[bool, str]]) -> None:
        self.path = Path(path)
        self.problems: list[str] = []
        try:
            text = self.path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise ImportFileError(str(path), ["file not found"]) from None
        except (OSError, UnicodeDecodeError) as err:
            raise ImportFileError(str(path), [f"cannot read it as UTF-8 text: {err}"]) from err
        first = text.splitlines()[0] if text else ""
        delimiter = ";" if first.count(";") > first.count(",") else ","
        reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
        header = [h.strip().lower() for h in reader.fieldnames or []]
        reader.fieldnames = header
        missing = [c for c, (required, _) in columns.items() if required and c not in header]
        unknown = [h for h in header if h not in columns]
        if missing:
            self.problems.append("missing columns: " + ", ".join(missing))
        if unknown:
            self.problems.append("unknown columns: " + ", ".join(unknown))
        self.rows: list[tuple[int, dict[str, str]]] = []
        if not missing and not unknown:
            for row in reader:
                if None in row or None in row.values():
                    self.problems.append(
                        f"line {reader.line_num}: {len(header)} cells expected, as in the header"
                    )
                    continue
                cells = {k: (v or "").strip() for k, v in row.items() if k is not None}
                if any(cells.values()):
                    self.rows.append((reader.line_num, cells))
            if not self.rows:
                self.problems.append("no rows")
        self.columns = columns

    def take(self, line: int, row: dict[str, str], column: str, parse: Callable[[str], Any]) -> Any:
        """The parsed cell, or ``None`` (with a problem noted when it was required or bad)."""
        text = row.get(column, "")
        if not text:
            if self.columns[column][0]:
                self.problems.append(f"line {line}: {column} is empty")
            return None
        try:
            return parse(text)
        except ValueError as err:
            self.problems.append(f"line {line}: {column}: {err}")
            return None

    def fail_if_any(self) -> None:
        if self.problems:
            raise ImportFileError(str(self.path), self.problems)


def _packages(
    rows: _Rows, key: str, level: Iterable[str]
) -> dict[str, list[tuple[int, dict[str, str]]]]:
    groups: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for line, row in rows.rows:
        code = row.get(key, "")
        if not code:
            rows.problems.append(f"line {line}: {key} is empty")
            continue
        groups.setdefault(code, []).append((line, row))
    for code, members in groups.items():
        first_line, first = members[0]
        for line, row in members[1:]:
            for column in level:
                if row.get(column, "") not in ("", first.get(column, "")):
                    rows.problems.append(
                        f"line {line}: {column} differs from line {first_line} of package {code}"
                    )
    return groups


P = TypeVar("P")


def _load(
    path: str | Path,
    columns: dict[str, tuple[bool, str]],
    key: str,
    level: Any,
    plan: Callable[[_Rows, str, list[tuple[int, dict[str, str]]]], P | None],
) -> list[P]:
    """The ``plan`` of every package (rows sharing ``key``) of a CSV file, checked.

    Raises:
        ImportFileError: The file is missing, malformed, or a row is wrong (all listed).
    """
    rows = _Rows(path, columns)
    if not rows.rows:  # a header problem, or nothing to import
        rows.fail_if_any()
    plans = [plan(rows, code, members) for code, members in _packages(rows, key, level).items()]
    rows.fail_if_any()
    return [p for p in plans if p is not None]


def load_tenders(path: str | Path) -> list[TenderPlan]:
    """Every tender package of a tenders CSV, checked.

    Raises:
        ImportFileError: The file is missing, malformed, or a row is wrong (all listed).
    """
    return _load(path, TENDER_COLUMNS, "kode_tender", TENDER_LEVEL, _tender_plan)


def _tender_plan(
    rows: _Rows, code: str, members: list[tuple[int, dict[str, str]]]
) -> TenderPlan | None:
    line, head = members[0]
    year = rows.take(line, head, "tahun_anggaran", _year)
    hps = rows.take(line, head, "nilai_hps", parse_rupiah)
    bond = rows.take(line, head, "jaminan_penawaran", parse_rupiah) or 0
    bid_at = rows.take(line, head, "batas_akhir_penawaran", parse_moment)
    reveal_at = rows.take(line, head, "batas_akhir_pembukaan", parse_moment)
    uri = rows.take(line, head, "url_dokumen", str)
    name = rows.take(line, head, "nama_paket", str)
    spec = rows.take(line, head, "dokumen_spesifikasi", lambda p: _spec_file(rows.path, p))
    if bid_at is not None and reveal_at is not None and reveal_at <= bid_at:
        rows.problems.append(f"line {line}: batas_akhir_pembukaan is not after the bid deadline")
    if hps is not None and hps == 0:
        rows.problems.append(f"line {line}: nilai_hps must be positive")
    items = []
    for item_line, row in members:
        description, quantity, unit = _goods(rows, item_line, row)
        if description is not None and quantity is not None and unit is not None:
            items.append(Item(keccak(text=description), quantity, unit))
    if None in (year, hps, bid_at, reveal_at, uri, name) or len(items) != len(members):
        return None
    return TenderPlan(
        code=code,
        first_line=line,
        name=name,
        fiscal_year=year,
        hps_idr=hps,
        bond_idr=bond,
        bid_deadline_at=bid_at,
        reveal_deadline_at=reveal_at,
        spec_uri=uri,
        spec=spec if spec is not None else f"{code} {name}".encode(),
        items=tuple(items),
        item_lines=tuple(n for n, _ in members),
    )


def _spec_file(csv_path: Path, name: str) -> bytes:
    path = Path(name) if Path(name).is_absolute() else csv_path.parent / name
    try:
        return path.read_bytes()
    except OSError:
        raise ValueError(f"specification file not found: {name}") from None


def load_orders(path: str | Path) -> list[OrderPlan]:
    """Every order package of an orders CSV, checked.

    Raises:
        ImportFileError: The file is missing, malformed, or a row is wrong (all listed).
    """
    return _load(path, ORDER_COLUMNS, "kode_paket", ORDER_LEVEL, _order_plan)


def _order_plan(
    rows: _Rows, code: str, members: list[tuple[int, dict[str, str]]]
) -> OrderPlan | None:
    line, head = members[0]
    tender_id = rows.take(line, head, "id_tender", _positive)
    supplier = rows.take(line, head, "alamat_penyedia", _address)
    year = rows.take(line, head, "tahun_anggaran", _year)
    deadline = rows.take(line, head, "batas_waktu_pengiriman", parse_moment)
    days = rows.take(line, head, "masa_pemeliharaan_hari", _days)
    if tender_id is None and not head.get("id_tender"):
        for column, value in (("alamat_penyedia", supplier), ("tahun_anggaran", year)):
            if value is None and not head.get(column):
                rows.problems.append(f"line {line}: {column} is needed for a direct purchase")
    lines = []
    for line_no, row in members:
        parsed = _order_line(rows, line_no, row)
        if parsed is not None:
            lines.append(parsed)
    if deadline is None or days is None or len(lines) != len(members):
        return None
    return OrderPlan(
        code=code,
        first_line=line,
        tender_id=tender_id,
        supplier=supplier,
        fiscal_year=year,
        delivery_deadline_at=deadline,
        maintenance=timedelta(days=days),
        lines=tuple(lines),
        item_lines=tuple(n for n, _ in members),
    )


def _order_line(rows: _Rows, line: int, row: dict[str, str]) -> Line | None:
    description, quantity, unit = _goods(rows, line, row)
    price = rows.take(line, row, "harga_satuan", parse_rupiah)
    origin = rows.take(line, row, "negara_asal", _country) or ""
    due = rows.take(line, row, "tanggal_jatuh_tempo", parse_moment)
    if None in (description, quantity, unit, price):
        return None
    if unit == MILESTONE_UNIT:
        if due is None:
            rows.problems.append(f"line {line}: a milestone line needs tanggal_jatuh_tempo")
            return None
        if quantity != 1:
            rows.problems.append(f"line {line}: a milestone line has volume 1")
            return None
        return Line.milestone(keccak(text=description), price, due)
    if due is not None:
        rows.problems.append(f"line {line}: tanggal_jatuh_tempo is only for milestone lines")
        return None
    return Line(keccak(text=description), quantity, price, unit, origin)


def _goods(rows: _Rows, line: int, row: dict[str, str]) -> tuple[Any, Any, Any]:
    """The description, quantity and unit of an item or order line (``None`` where wrong)."""
    description = rows.take(line, row, "uraian_barang", str)
    quantity = rows.take(line, row, "volume", _positive)
    unit = rows.take(line, row, "satuan", lambda u: _ascii(u, 16, "satuan"))
    return description, quantity, unit


def _address(text: str) -> str:
    return parse_address(text, "the value")


def _days(text: str) -> int:
    if not _PLAIN.fullmatch(text):
        raise ValueError(f"not a whole number of days: {text!r}")
    return int(text)


def _country(text: str) -> str:
    if not _COUNTRY.fullmatch(text):
        raise ValueError(f"not an ISO 3166 alpha-2 country code: {text!r}")
    return text


# --------------------------------------------------------------------------- bulk rows


def tender_row(plan: TenderPlan) -> Row:
    """The package as a row of the bulk ``tenders`` operation (one transaction)."""
    cells = {
        "ref": plan.code,
        "fiscalYear": str(plan.fiscal_year),
        "hps": str(plan.hps_idr),
        "bond": str(plan.bond_idr),
        "bidDeadline": plan.bid_deadline_at.isoformat(),
        "revealDeadline": plan.reveal_deadline_at.isoformat(),
        "specUri": plan.spec_uri,
        "hash": "0x" + keccak(plan.spec).hex(),
        "items": [
            {
                "descriptionHash": "0x" + item.description_hash.hex(),
                "quantity": str(item.quantity),
                "unit": item.unit,
            }
            for item in plan.items
        ],
    }
    return make_row(plan.first_line, f"line {plan.first_line}", cells)


def order_row(plan: OrderPlan) -> Row:
    """The package as a row of the bulk ``orders`` (direct) or ``tender-orders`` operation."""
    lines = []
    for line in plan.lines:
        entry = {
            "descriptionHash": "0x" + line.item_hash.hex(),
            "quantity": str(line.quantity),
            "unitPrice": str(line.unit_price_idr),
            "unit": line.unit,
            "origin": line.origin_country,
        }
        if line.due_at is not None:
            entry["due"] = line.due_at.isoformat()
        lines.append({k: v for k, v in entry.items() if v})
    cells: dict[str, Any] = {
        "ref": plan.code,
        "deliveryDeadline": plan.delivery_deadline_at.isoformat(),
        "maintenance": str(int(plan.maintenance.total_seconds())),
        "lines": lines,
    }
    if plan.tender_id is not None:
        cells["tender"] = str(plan.tender_id)
    else:
        cells |= {"supplier": plan.supplier, "fiscalYear": str(plan.fiscal_year)}
    return make_row(plan.first_line, f"line {plan.first_line}", cells)


class ImportTenders(OpenTenders):
    """The bulk ``tenders`` operation reading an SPSE-shaped tenders CSV."""

    name = "import-tenders"
    title = "tenders from an SPSE-shaped CSV (agency)"

    packages: dict[int, tuple[Row, tuple[int, ...]]]
    """Per package (by its first line): its row and the file's line of each item."""

    def read(self, path: Path) -> list[Row]:
        """One row per package of :func:`load_tenders`."""
        plans = load_tenders(path)
        self.packages = {p.first_line: (tender_row(p), p.item_lines) for p in plans}
        return [row for row, _ in self.packages.values()]


class ImportOrders(Operation):
    """Orders from a SiRUP/e-Purchasing-shaped CSV: the bulk ``orders`` operation for direct
    purchases and ``tender-orders`` for packages naming a tender, in one run and one journal."""

    name = "import-orders"
    title = "orders from a SiRUP/e-Purchasing-shaped CSV (agency)"
    contract = "OrderEscrow"
    function = DirectOrders.function
    role = Role.AGENCY
    columns = DirectOrders.columns | TenderOrders.columns
    created = DirectOrders.created

    def __init__(self) -> None:
        super().__init__()
        self.direct, self.from_tenders = DirectOrders(), TenderOrders()

    packages: dict[int, tuple[Row, tuple[int, ...]]]
    """Per package (by its first line): its row and the file's line of each order line."""

    def read(self, path: Path) -> list[Row]:
        """One row per package of :func:`load_orders`."""
        plans = load_orders(path)
        self.packages = {p.first_line: (order_row(p), p.item_lines) for p in plans}
        return [row for row, _ in self.packages.values()]

    def prepare(self, rows: Sequence[Row], env: Env) -> tuple[list[Prepared], list[Verdict]]:
        """The direct packages checked as bulk ``orders``, the others as ``tender-orders``."""
        prepared: list[Prepared] = []
        verdicts: list[Verdict] = []
        for part, mine in (
            (self.direct, [r for r in rows if not r.has("tender")]),
            (self.from_tenders, [r for r in rows if r.has("tender")]),
        ):
            if mine:
                ready, refused = part.prepare(mine, env)
                prepared += ready
                verdicts += refused
        prepared.sort(key=lambda p: p.row.number)  # file order
        return prepared, verdicts


# the bulk operations' column names in their messages -> the CSV's
_SPSE_NAMES = {
    "fiscalYear": "tahun_anggaran",
    "hps": "nilai_hps",
    "bond": "jaminan_penawaran",
    "bidDeadline": "batas_akhir_penawaran",
    "revealDeadline": "batas_akhir_pembukaan",
    "specUri": "url_dokumen",
    "supplier": "alamat_penyedia",
    "tender": "id_tender",
    "deliveryDeadline": "batas_waktu_pengiriman",
    "maintenance": "masa_pemeliharaan_hari",
    "quantity": "volume",
    "unitPrice": "harga_satuan",
    "unit": "satuan",
    "origin": "negara_asal",
    "due": "tanggal_jatuh_tempo",
}
_PART = re.compile(r"(?:items|lines)\[([0-9]+)\]: ")


@dataclass
class ImportReport:
    """The outcome of an import: the bulk run's report and one result per package.

    ``results`` hold per package (file order) its ``code``, first ``line``, ``state`` (see
    :mod:`py_client.bulk.report`), what it created (``tender_id`` or ``order_id``, ``ocid``,
    ``tx_hash``) and ``earlier`` (done by an earlier run of the same file).
    """

    bulk: BulkReport
    results: list[dict[str, Any]] = field(default_factory=list)

    @property
    def created(self) -> int:
        """Packages created by this run."""
        return sum(1 for r in self.results if r["state"] == "done" and not r["earlier"])

    @property
    def skipped(self) -> int:
        """Packages done before: by an earlier run (journal), or found done on chain."""
        return sum(1 for r in self.results if r["earlier"] or r["state"] == "skipped")


def import_tenders(
    client: "Rantai", path: str | Path, options: BulkOptions | None = None
) -> ImportReport:
    """Open the tenders of an SPSE-shaped CSV through the bulk engine, exactly once.

    Args:
        client: A client signing as the agency (or ``options.signers``).
        path: The CSV file.
        options: Journal, report, pipeline sizes, progress (``skip_invalid`` and
            ``check_only`` are ignored: an import sends the whole file or nothing).

    Returns:
        The report; ``bulk.complete`` tells whether every package is done.

    Raises:
        ImportFileError: The file has problems, or packages fail the chain checks (all
            listed); nothing was sent.
        JournalError: The journal belongs to another file or run.
    """
    return _import(client, ImportTenders(), Path(path), options, "tender_id")


def import_orders(
    client: "Rantai", path: str | Path, options: BulkOptions | None = None
) -> ImportReport:
    """Create the orders of a SiRUP/e-Purchasing-shaped CSV through the bulk engine, exactly
    once: direct purchases and orders from awarded tenders. Arguments as :func:`import_tenders`;
    a package whose tender was already ordered is ``skipped``."""
    return _import(client, ImportOrders(), Path(path), options, "order_id")


def _import(
    client: "Rantai",
    op: ImportTenders | ImportOrders,
    path: Path,
    options: BulkOptions | None,
    key: str,
) -> ImportReport:
    options = replace(options or BulkOptions(), skip_invalid=False, check_only=False)
    report = run_bulk(client, op, path, options)
    if report.invalid_blocking:
        problems = [
            f"{r.label}: {_spse_reason(op.packages[r.row][1], r.reason or '')}"
            for r in report.rows
            if r.state == "invalid"
        ]
        raise ImportFileError(str(path), problems)
    results = []
    for outcome in report.rows:
        result: dict[str, Any] = {
            "code": outcome.ref,
            "line": outcome.row,
            "state": outcome.state,
            "earlier": outcome.earlier,
        }
        if key in outcome.created:
            made = outcome.created[key]
            tender = op.packages[outcome.row][0].cells.get("tender")
            kind, number = ("PO", made) if key == "order_id" and tender is None else ("T", made)
            if key == "order_id" and tender is not None:
                number = int(tender)
            result |= {key: made, "ocid": client.ocid(kind, number)}
        if outcome.tx_hash:
            result["tx_hash"] = outcome.tx_hash
        if outcome.reason:
            result["reason"] = outcome.reason
        results.append(result)
    return ImportReport(report, results)


def _spse_reason(item_lines: Sequence[int], reason: str) -> str:
    """A bulk reason in the CSV's terms: its column names, the line of an item."""
    for name, spse in _SPSE_NAMES.items():
        reason = reason.replace(f"'{name}'", spse)
    match = _PART.match(reason)
    if match and int(match.group(1)) < len(item_lines):
        reason = f"line {item_lines[int(match.group(1))]}: {reason[match.end() :]}"
    return reason

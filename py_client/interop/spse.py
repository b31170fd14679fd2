"""Importing tenders and orders from spreadsheets shaped like the national e-procurement exports.

Agencies keep their procurement plans and packages in SPSE/LPSE and SiRUP, whose exports are
spreadsheets with Indonesian column headers, one row per item. ``rantai import tenders|orders``
reads the same shape as CSV (UTF-8, comma or semicolon separated, header row), one row per item
or order line; the rows of one package (same ``kode_tender`` / ``kode_paket``) must agree on the
package's columns. The columns are :data:`TENDER_COLUMNS` and :data:`ORDER_COLUMNS`; the mapping
to Rantai fields is documented in ``docs/audit.md``.

An import runs in three steps, so a bad file sends nothing:

1. :func:`load_tenders` / :func:`load_orders` parse and check the whole file, collecting every
   problem with its line number (:class:`ImportFileError` lists them);
2. :func:`check_tenders` / :func:`check_orders` check the packages against the chain: deadlines
   against the chain's clock and the minimum tender period, the budget (pagu) of each fiscal
   year against the sum of the file, the direct-purchase ceiling, the suppliers' roles;
3. :func:`send_tenders` / :func:`send_orders` send one package at a time through the agency role
   (its own checks run again before each transaction) and append each result to a journal, a
   JSON-lines file: a package already in the journal is skipped, so an interrupted import run
   again sends only what is missing.

Example::

    >>> plans = load_tenders("docs/examples/tenders.csv")  # doctest: +SKIP
    >>> check_tenders(client, plans)  # doctest: +SKIP
    >>> send_tenders(client, plans, journal="tenders.journal.jsonl").created  # doctest: +SKIP
    2
"""

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eth_utils.address import is_address, to_checksum_address
from eth_utils.crypto import keccak

from py_client.errors import InvalidInput, InvalidParameters
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
_DOTTED = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+")
_UNDERSCORED = re.compile(r"[0-9]{1,3}(_[0-9]{3})+")
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

    @property
    def total_idr(self) -> int:
        """The order's value: the sum of quantity times unit price."""
        return sum(line.value_idr for line in self.lines)


@dataclass
class ImportReport:
    """What an import sent: per package code the created id and transaction, or ``skipped``."""

    created: int = 0
    skipped: int = 0
    results: list[dict[str, Any]] = field(default_factory=list)


# --------------------------------------------------------------------------- parsing values


def parse_rupiah(text: str) -> int:
    """Whole rupiah: ``1500000``, ``1.500.000``, ``1_500_000``, optionally with ``Rp``.

    Raises:
        ValueError: Anything else (negative, decimals, words).
    """
    body = re.sub(r"^rp\.?\s*", "", text.strip(), flags=re.IGNORECASE)
    if _PLAIN.fullmatch(body) or _UNDERSCORED.fullmatch(body):
        return int(body.replace("_", ""))
    if _DOTTED.fullmatch(body):
        return int(body.replace(".", ""))
    raise ValueError(f"not whole rupiah (1500000 or 1.500.000): {text!r}")


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


def load_tenders(path: str | Path) -> list[TenderPlan]:
    """Every tender package of a tenders CSV, checked.

    Raises:
        ImportFileError: The file is missing, malformed, or a row is wrong (all listed).
    """
    rows = _Rows(path, TENDER_COLUMNS)
    if not rows.rows:  # a header problem, or nothing to import
        rows.fail_if_any()
    plans: list[TenderPlan] = []
    for code, members in _packages(rows, "kode_tender", TENDER_LEVEL).items():
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
            rows.problems.append(
                f"line {line}: batas_akhir_pembukaan is not after the bid deadline"
            )
        if hps is not None and hps == 0:
            rows.problems.append(f"line {line}: nilai_hps must be positive")
        items = []
        for item_line, row in members:
            description = rows.take(item_line, row, "uraian_barang", str)
            quantity = rows.take(item_line, row, "volume", _positive)
            unit = rows.take(item_line, row, "satuan", lambda u: _ascii(u, 16, "satuan"))
            if description is not None and quantity is not None and unit is not None:
                items.append(Item(keccak(text=description), quantity, unit))
        if None in (year, hps, bid_at, reveal_at, uri, name) or len(items) != len(members):
            continue
        plans.append(
            TenderPlan(
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
            )
        )
    rows.fail_if_any()
    return plans


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
    rows = _Rows(path, ORDER_COLUMNS)
    if not rows.rows:  # a header problem, or nothing to import
        rows.fail_if_any()
    plans: list[OrderPlan] = []
    for code, members in _packages(rows, "kode_paket", ORDER_LEVEL).items():
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
            continue
        plans.append(
            OrderPlan(
                code=code,
                first_line=line,
                tender_id=tender_id,
                supplier=supplier,
                fiscal_year=year,
                delivery_deadline_at=deadline,
                maintenance=timedelta(days=days),
                lines=tuple(lines),
            )
        )
    rows.fail_if_any()
    return plans


def _order_line(rows: _Rows, line: int, row: dict[str, str]) -> Line | None:
    description = rows.take(line, row, "uraian_barang", str)
    quantity = rows.take(line, row, "volume", _positive)
    unit = rows.take(line, row, "satuan", lambda u: _ascii(u, 16, "satuan"))
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


def _address(text: str) -> str:
    if not is_address(text):
        raise ValueError(f"not an account address: {text!r}")
    return str(to_checksum_address(text))


def _days(text: str) -> int:
    if not _PLAIN.fullmatch(text):
        raise ValueError(f"not a whole number of days: {text!r}")
    return int(text)


def _country(text: str) -> str:
    if not _COUNTRY.fullmatch(text):
        raise ValueError(f"not an ISO 3166 alpha-2 country code: {text!r}")
    return text


# --------------------------------------------------------------------------- chain checks


def check_tenders(client: "Rantai", plans: Sequence[TenderPlan], path: str = "tenders") -> None:
    """Check the tenders against the chain before anything is sent.

    Raises:
        ImportFileError: A deadline is too early, or a year's HPS total exceeds the budget left.
    """
    signer = client.require_signer()
    org_id = client.participant(signer).org_id
    now = client.now()
    earliest = now + int(client.policy().min_tender_period.total_seconds())
    problems = []
    for plan in plans:
        if plan.bid_deadline_at.timestamp() < earliest:
            problems.append(
                f"line {plan.first_line}: batas_akhir_penawaran {_iso(plan.bid_deadline_at)} is "
                f"less than the minimum tender period after chain time {_iso_unix(now)}"
            )
    problems += _budget_problems(
        client, org_id, [(p.fiscal_year, p.hps_idr, p.code) for p in plans]
    )
    if problems:
        raise ImportFileError(path, problems)


def check_orders(client: "Rantai", plans: Sequence[OrderPlan], path: str = "orders") -> None:
    """Check the orders against the chain before anything is sent.

    Raises:
        ImportFileError: A deadline has passed, a direct purchase exceeds the ceiling or names
            no supplier, a tender is not awarded to this agency, or the budget is short.
    """
    signer = client.require_signer()
    org_id = client.participant(signer).org_id
    now = client.now()
    ceiling = client.policy().direct_purchase_ceiling_idr
    problems = []
    for plan in plans:
        where = f"line {plan.first_line}"
        if plan.delivery_deadline_at.timestamp() <= now:
            problems.append(f"{where}: batas_waktu_pengiriman has passed (chain time)")
        if plan.tender_id is None:
            if plan.total_idr > ceiling:
                problems.append(
                    f"{where}: package {plan.code} totals Rp {plan.total_idr:,}, above the "
                    f"direct-purchase ceiling Rp {ceiling:,}"
                )
            if (
                plan.supplier is not None
                and Role.SUPPLIER not in client.participant(plan.supplier).roles
            ):
                problems.append(f"{where}: {plan.supplier} is not a SUPPLIER")
            continue
        award = client.award(plan.tender_id)
        if award is None or award.agency_org_id != org_id:
            problems.append(
                f"{where}: tender {plan.tender_id} is not awarded, or not this agency's"
            )
        elif award.price_idr != plan.total_idr:
            problems.append(
                f"{where}: package {plan.code} totals Rp {plan.total_idr:,}, the award of "
                f"tender {plan.tender_id} is Rp {award.price_idr:,}"
            )
    direct = [(p.fiscal_year, p.total_idr, p.code) for p in plans if p.tender_id is None]
    problems += _budget_problems(client, org_id, [(y, v, c) for y, v, c in direct if y])
    if problems:
        raise ImportFileError(path, problems)


def _budget_problems(
    client: "Rantai", org_id: int, needs: Iterable[tuple[int, int, str]]
) -> list[str]:
    per_year: dict[int, int] = {}
    for year, value, _ in needs:
        per_year[year] = per_year.get(year, 0) + value
    problems = []
    for year, total in sorted(per_year.items()):
        available = client.budget(org_id, year).available_idr
        if total > available:
            problems.append(
                f"the packages of {year} need Rp {total:,}, the budget (pagu) has "
                f"Rp {available:,} left"
            )
    return problems


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _iso_unix(seconds: int) -> str:
    return _iso(datetime.fromtimestamp(seconds, UTC))


# --------------------------------------------------------------------------- sending


class Journal:
    """Package codes already sent, kept in a JSON-lines file (one result per line)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.done: dict[str, dict[str, Any]] = {}
        if self.path.is_file():
            for number, text in enumerate(self.path.read_text().splitlines(), start=1):
                if not text.strip():
                    continue
                try:
                    entry = json.loads(text)
                    self.done[str(entry["code"])] = entry
                except (json.JSONDecodeError, KeyError, TypeError) as err:
                    raise InvalidInput(f"journal {self.path} line {number} is damaged") from err

    def record(self, entry: dict[str, Any]) -> None:
        """Append ``entry`` (with its ``code``) and flush it to disk."""
        with self.path.open("a") as out:
            out.write(json.dumps(entry, sort_keys=True) + "\n")
        self.done[str(entry["code"])] = entry


Progress = Callable[[dict[str, Any]], None]


def send_tenders(
    client: "Rantai",
    plans: Sequence[TenderPlan],
    journal: str | Path,
    progress: Progress | None = None,
) -> ImportReport:
    """Open each tender not yet in ``journal``; record each one sent.

    Raises:
        PreflightError, ContractError, TransactionRejected: A package failed; those before it
            are in the journal, so running the import again continues from it.
    """
    book = Journal(journal)
    report = ImportReport()
    for plan in plans:
        if plan.code in book.done:
            report.skipped += 1
            report.results.append({**book.done[plan.code], "skipped": True})
            continue
        result = client.agency.open_tender(
            spec=plan.spec,
            spec_uri=plan.spec_uri,
            items=plan.items,
            hps_idr=plan.hps_idr,
            bid_deadline_at=plan.bid_deadline_at,
            reveal_deadline_at=plan.reveal_deadline_at,
            fiscal_year=plan.fiscal_year,
            bond_idr=plan.bond_idr,
        )
        if result.tender_id is None:
            raise InvalidParameters(f"package {plan.code}: the transaction opened no tender")
        entry = {
            "code": plan.code,
            "tender_id": result.tender_id,
            "ocid": client.ocid("T", result.tender_id),
            "tx_hash": result.tx_hash,
        }
        book.record(entry)
        report.created += 1
        report.results.append({**entry, "skipped": False})
        if progress is not None:
            progress(entry)
    return report


def send_orders(
    client: "Rantai",
    plans: Sequence[OrderPlan],
    journal: str | Path,
    progress: Progress | None = None,
) -> ImportReport:
    """Create each order not yet in ``journal`` (from its tender's award, or direct).

    Raises:
        PreflightError, ContractError, TransactionRejected: A package failed; those before it
            are in the journal.
    """
    book = Journal(journal)
    report = ImportReport()
    for plan in plans:
        if plan.code in book.done:
            report.skipped += 1
            report.results.append({**book.done[plan.code], "skipped": True})
            continue
        if plan.tender_id is not None:
            result = client.agency.create_order_from_tender(
                plan.tender_id, plan.lines, plan.delivery_deadline_at, plan.maintenance
            )
        else:
            if plan.supplier is None or plan.fiscal_year is None:
                raise InvalidParameters(f"package {plan.code}: no supplier or fiscal year")
            result = client.agency.create_direct_order(
                plan.supplier,
                plan.fiscal_year,
                plan.lines,
                plan.delivery_deadline_at,
                plan.maintenance,
            )
        if result.order_id is None:
            raise InvalidParameters(f"package {plan.code}: the transaction created no order")
        order = client.order(result.order_id)
        entry = {
            "code": plan.code,
            "order_id": result.order_id,
            "ocid": order.ocid,
            "total_idr": plan.total_idr,
            "tx_hash": result.tx_hash,
        }
        book.record(entry)
        report.created += 1
        report.results.append({**entry, "skipped": False})
        if progress is not None:
            progress(entry)
    return report

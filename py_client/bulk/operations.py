"""The bulk operations: their columns, the parsing of a row, and the checks on chain.

Each operation turns rows into :class:`Prepared` transactions (signer, target, calldata) or
into :class:`Verdict` s: *invalid* (with the reason) or *skipped* (already done on chain).
The checks are those of the role views (``py_client.roles``), done for the whole file at once:
every distinct order, shipment, supplier, carrier and budget is read once, in JSON-RPC
batches, and rows are checked in file order against what the rows before them will use
(budget, allowance, remaining quantities, shipment slots, checkpoint times).

Operations (``rantai bulk <name>``), columns in ``docs/bulk.md``:

- ``tenders``: sealed-bid tenders (agency) — ``openTender``;
- ``orders``: direct-purchase orders (agency) — ``createDirectOrder``;
- ``tender-orders``: orders from awarded tenders (agency) — ``createOrderFromTender``; a tender
  already ordered is skipped;
- ``accept``: order acceptances (supplier) — ``acceptOrder``; an order already accepted is
  skipped;
- ``shipments``: shipment registrations (supplier) — ``registerShipment``;
- ``checkpoints``: checkpoints (custodian carrier) — ``recordCheckpoint``;
- ``deliveries``: delivery confirmations (agency) — ``confirmDelivery``; a shipment already
  confirmed is skipped.

With several signer keys, each row goes to the key allowed to act on it (the order's supplier,
the shipment's custodian, an account of the order's or award's agency); tenders and direct
orders are spread over the agency keys in turn. An operation reads its rows with
:meth:`Operation.read`; the SPSE/SiRUP imports (:mod:`py_client.interop.spse`) override it to
turn each package of their CSV into one row.
"""

from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

from eth_utils.crypto import keccak

from py_client.bulk.codec import FunctionCodec, event_topic
from py_client.bulk.rows import Row, RowError, read_rows, text, whole_list
from py_client.bulk.rpc import RawRpc
from py_client.errors import InvalidInput, RantaiError, TransactionReverted
from py_client.formatting import grouped, wib
from py_client.hashing import ascii_field, client_ref, document_hash, items_hash, order_ref
from py_client.inputs import (
    InputError,
    checkpoint_kind,
    parse_address,
    parse_amount,
    parse_count,
    parse_deadline,
    parse_duration,
    parse_hash,
    parse_id,
    parse_time,
)
from py_client.limits import (
    DEFAULT_DELIVERY_PERIOD_SEC,
    MAX_ITEMS,
    MAX_LATITUDE_E6,
    MAX_LINES,
    MAX_LONGITUDE_E6,
    MAX_MAINTENANCE_PERIOD_SEC,
    MAX_SHIPMENTS_PER_ORDER,
    MIN_REVEAL_PERIOD_SEC,
    UINT64_MAX,
    UINT128_MAX,
)
from py_client.models import (
    MILESTONE_UNIT,
    CheckpointKind,
    OrderState,
    Role,
    ShipmentStatus,
    TenderStatus,
)
from py_client.reverts import decode_revert

DOCUMENT_COLUMNS = frozenset({"document", "hash"})
LINE_COLUMNS = frozenset(
    {"description", "descriptionHash", "document", "quantity", "unitPrice", "unit", "origin", "due"}
)
ITEM_COLUMNS = frozenset({"description", "descriptionHash", "quantity", "unit"})


@dataclass(frozen=True)
class Prepared:
    """A valid row as a transaction to sign: signer, target, calldata, and its gas shape."""

    row: Row
    sender: str
    to: str
    data: bytes
    shape: Hashable


@dataclass(frozen=True)
class Verdict:
    """A row that is not sent: ``invalid`` (with the reason) or ``skipped`` (already done)."""

    row: Row
    state: str
    reason: str


@dataclass
class Env:
    """What the checks need: the chain reader, the signers, the chain's time, the file's folder."""

    reader: "Reader"
    addresses: Mapping[str, str]
    signers: Sequence[str]
    now: int
    base_dir: Path
    _roles: dict[tuple[str, Role], Any] = field(default_factory=dict)

    def participants(self, accounts: Sequence[str], role: Role) -> dict[str, Any]:
        """``checkParticipant`` of each account: its organisation id, or the error (cached)."""
        todo = sorted({a for a in accounts if (a, role) not in self._roles})
        results = self.reader.many(
            [("Registry", "checkParticipant", (a, role.role_id)) for a in todo]
        )
        for account, result in zip(todo, results, strict=True):
            self._roles[(account, role)] = result
        return {a: self._roles[(a, role)] for a in accounts}


class Reader:
    """Batched ``eth_call`` of Rantai view functions, decoded; errors come back typed."""

    def __init__(self, rpc: RawRpc, addresses: Mapping[str, str]) -> None:
        self.rpc = rpc
        self.addresses = addresses
        self._codecs: dict[tuple[str, str], FunctionCodec] = {}

    def codec(self, contract: str, function: str) -> FunctionCodec:
        """The (cached) codec of ``contract.function``."""
        key = (contract, function)
        if key not in self._codecs:
            self._codecs[key] = FunctionCodec.of(contract, function)
        return self._codecs[key]

    def many(self, calls: Sequence[tuple[str, str, Sequence[Any]]]) -> list[Any]:
        """Results of ``(contract, function, args)`` calls; a revert gives its exception.

        A function with one return value gives that value, else the tuple.
        """
        encoded = []
        for contract, function, args in calls:
            codec = self.codec(contract, function)
            encoded.append((self.addresses[contract], codec.encode(args)))
        replies = self.rpc.eth_calls(encoded)
        results: list[Any] = []
        for (contract, function, _), reply in zip(calls, replies, strict=True):
            if reply.error is not None:
                results.append(
                    decode_revert(reply.data)
                    if reply.data and len(reply.data) >= 10
                    else TransactionReverted(reply.error)
                )
                continue
            values = self.codec(contract, function).decode(str(reply.result))
            results.append(values[0] if len(values) == 1 else values)
        return results

    def one(self, contract: str, function: str, *args: Any) -> Any:
        """One call; raises its error."""
        (result,) = self.many([(contract, function, args)])
        if isinstance(result, RantaiError):
            raise result
        return result


class Operation:
    """One bulk operation; subclasses fill in the class attributes and :meth:`prepare`."""

    name: ClassVar[str]
    title: ClassVar[str]
    contract: ClassVar[str]
    function: ClassVar[str]
    role: ClassVar[Role]
    columns: ClassVar[frozenset[str]]
    created: ClassVar[tuple[str, str, str] | None] = None
    """(contract, event, report key): the id of what a row created, from the event's first
    indexed argument."""

    def __init__(self) -> None:
        self.codec = FunctionCodec.of(self.contract, self.function)
        self.created_topic = event_topic(*self.created[:2]) if self.created else None

    def read(self, path: Path) -> list[Row]:
        """The rows of the input file: CSV or JSON with :attr:`columns` (see
        :func:`~py_client.bulk.rows.read_rows`); an importer reads another shape here.

        Raises:
            InputError: The file cannot be read as rows.
        """
        return read_rows(path, self.columns)

    def prepare(self, rows: Sequence[Row], env: Env) -> tuple[list[Prepared], list[Verdict]]:
        """Check ``rows`` (in file order) and build their transactions."""
        raise NotImplementedError

    def created_ids(self, receipt: Mapping[str, Any], address: str) -> dict[str, int]:
        """What the row created, from a raw receipt (``{"order_id": 12}``), else empty."""
        if self.created is None:
            return {}
        for entry in receipt.get("logs", []):
            topics = entry.get("topics", [])
            if (
                topics
                and topics[0] == self.created_topic
                and str(entry.get("address", "")).lower() == address.lower()
            ):
                return {self.created[2]: int(topics[1], 16)}
        return {}

    def _prepared(
        self, row: Row, sender: str, env: Env, args: Sequence[Any], shape: Any
    ) -> Prepared:
        return Prepared(
            row, sender, env.addresses[self.contract], self.codec.encode(args), (sender, shape)
        )

    def _check_signers(
        self, env: Env, role: Role, verdicts: list[Verdict], rows: Sequence[Row]
    ) -> dict[str, int]:
        """The signers that are active participants with ``role``, with their organisations."""
        found = env.participants(env.signers, role)
        active = {a: int(r) for a, r in found.items() if not isinstance(r, RantaiError)}
        if not active and rows:
            problem = found[env.signers[0]] if env.signers else None
            why = _role_problem(problem) if isinstance(problem, RantaiError) else "no signer"
            reason = f"no signer is an active {role.value.lower()} account: {why}"
            verdicts.extend(Verdict(row, "invalid", reason) for row in rows)
        return active


# ------------------------------------------------------------------------- cell parsers


def _cell(parse: Callable[[str, str], Any], row: Row, column: str) -> Any:
    value = text(row, column)
    try:
        return parse(value, f"'{column}'")
    except InputError as err:
        raise RowError(str(err)) from None


@lru_cache(maxsize=1024)
def _address(value: str, column: str) -> str:
    """``parse_address``, remembered: a file names the same few parties on many rows, and the
    checksum (keccak) cost more than the rest of a row's parsing. Errors are not cached."""
    return parse_address(value, column)


def _ascii(value: str, size: int, column: str) -> bytes:
    try:
        return ascii_field(value, size, f"'{column}'")
    except InvalidInput as err:
        raise RowError(str(err)) from None


def _year(row: Row, column: str = "fiscalYear") -> int:
    value = _cell(parse_count, row, column)
    if not 2000 <= value <= 2999:
        raise RowError(f"'{column}' must be a year such as 2026: {value}")
    return int(value)


def _future(row: Row, column: str, now: int) -> int:
    deadline = _cell(parse_deadline, row, column)
    moment = deadline.resolve(_utc(now)) if hasattr(deadline, "resolve") else deadline
    seconds = int(moment.timestamp())
    if seconds <= now:
        raise RowError(f"'{column}' {moment.isoformat()} is not in the future (chain time {now})")
    return seconds


def _past(row: Row, column: str, now: int) -> int:
    if not row.has(column):
        return now
    moment = _cell(parse_time, row, column)
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
    from py_client.models import from_unix

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
    if given[0] == "hash":
        return bytes(_cell(parse_hash, row, "hash"))
    path = (env.base_dir / text(row, "document")).expanduser()
    if not path.is_file():
        raise RowError(f"document not found: {path}")
    return document_hash(path)


def _description(line: Row, env: Env, where: str, sources: Sequence[str]) -> bytes:
    """The hash of an item or line: of ``description`` (text), ``descriptionHash`` (0x…) or
    ``document`` (a file); exactly one of ``sources`` is given."""
    given = [c for c in sources if line.has(c)]
    if len(given) != 1:
        raise RowError(f"{where}give exactly one of {', '.join(sources)}")
    if given[0] == "description":
        return document_hash(text(line, "description").encode("utf-8"))
    if given[0] == "descriptionHash":
        return bytes(_cell(parse_hash, line, "descriptionHash"))
    path = (env.base_dir / text(line, "document")).expanduser()
    if not path.is_file():
        raise RowError(f"{where}document not found: {path}")
    return document_hash(path)


def _item(cells: Mapping[str, Any], env: Env, where: str) -> tuple[bytes, int, bytes]:
    """One tender item from ``cells`` (CSV row or a JSON ``items`` entry)."""
    item = Row(0, where, cells, "")
    description = _description(item, env, where, ("description", "descriptionHash"))
    quantity = int(_cell(parse_count, item, "quantity"))
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
        _cell(parse_count, line, "quantity") if line.has("quantity") else (1 if milestone else None)
    )
    if quantity is None:
        raise RowError(f"{where}'quantity' is missing")
    price = _cell(parse_amount, line, "unitPrice")
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
            raise RowError(f"{key}[{index}]: unknown key {unknown[0]!r}")
    return entries


def _order_terms(row: Row, env: Env, deadline: int) -> tuple[list[tuple[Any, ...]], int]:
    """The lines (``lines`` in JSON, else the row's columns) and maintenance of an order row."""
    maintenance = int(_cell(parse_duration, row, "maintenance").total_seconds())
    if maintenance > MAX_MAINTENANCE_PERIOD_SEC:
        raise RowError("the maintenance period is longer than 10 years")
    entries = _entries(row, "lines", LINE_COLUMNS, "line")
    many = "lines" in row.cells
    lines = [
        _line(entry, env, deadline, f"lines[{index}]: " if many else "")
        for index, entry in enumerate(entries)
    ]
    if len(lines) > MAX_LINES:
        raise RowError(f"an order has at most {MAX_LINES} lines")
    return lines, maintenance


# Field positions in the Registry's `policy()` tuple (IRegistry.Policy).
POLICY_MIN_BOND_PER_MILLE = 8


def _policy(env: Env) -> tuple[Any, bool]:
    """The registry's policy and whether the system is paused.

    Raises:
        RantaiError: The registry cannot be read.
    """
    policy, paused = env.reader.many([("Registry", "policy", ()), ("Registry", "paused", ())])
    if isinstance(policy, RantaiError) or isinstance(paused, RantaiError):
        raise policy if isinstance(policy, RantaiError) else paused
    return policy, bool(paused)


def _budgets_left(
    env: Env, agencies: Mapping[str, int], years: set[int]
) -> dict[tuple[int, int], int]:
    """Rupiah left per (agency organisation, fiscal year) of the signers' organisations."""
    keys = sorted({(org, year) for org in set(agencies.values()) for year in years})
    budgets = zip(keys, env.reader.many([("Registry", "budget", k) for k in keys]), strict=True)
    return {k: int(b[0]) - int(b[1]) for k, b in budgets if not isinstance(b, RantaiError)}


def _budget_problem(key: tuple[int, int], needed: int, left: Mapping[tuple[int, int], int]) -> str:
    return (
        f"budget of organisation {key[0]} for {key[1]} would be exceeded: Rp {_idr(needed)} "
        f"needed, Rp {_idr(left.get(key, 0))} left after the rows before"
    )


def _by_org(agencies: Mapping[str, int]) -> dict[int, list[str]]:
    """The signer accounts of each agency organisation."""
    found: dict[int, list[str]] = defaultdict(list)
    for account, org in sorted(agencies.items()):
        found[org].append(account)
    return found


def _paused_shift(env: Env, tender: Any) -> int:
    """Seconds paused since ``tender`` (raw) opened: its delivery period moves later by this."""
    [paused] = env.reader.many([("Registry", "pausedSeconds", ())])
    return 0 if isinstance(paused, RantaiError) else int(paused) - int(tender[10])


def order_reference(row: Row) -> bytes:
    """The on-chain reference of a row's order (issue 13 item 9): its ``ref`` cell (e.g. the
    SiRUP/SPSE package code), else the hash of its cells, so a duplicated row is the same order."""
    return order_ref(row.ref if row.ref is not None else f"bulk-row:{row.row_hash}")


def _unique_refs(
    env: Env, orgs: set[int], rows: Sequence[Row], verdicts: list[Verdict]
) -> dict[int, bytes]:
    """The reference of each row (by row number) that is neither a repeat of an earlier row of
    the file nor already used on chain by one of ``orgs`` (the chain refuses a second order with
    it); the others get a ``skipped`` verdict that names the first row or the existing order."""
    first: dict[bytes, Row] = {}
    fresh: list[tuple[Row, bytes]] = []
    for row in rows:
        ref = order_reference(row)
        if ref in first:
            verdicts.append(
                Verdict(
                    row,
                    "skipped",
                    f"duplicate of {first[ref].label} (same order reference "
                    f"{row.ref or 'from identical cells'}): not ordered twice",
                )
            )
            continue
        first[ref] = row
        fresh.append((row, ref))
    calls = [("OrderEscrow", "orderOfRef", (org, ref)) for _, ref in fresh for org in sorted(orgs)]
    found = env.reader.many(calls) if calls else []
    unique: dict[int, bytes] = {}
    per_row = len(orgs)
    for index, (row, ref) in enumerate(fresh):
        existing = [
            r
            for r in found[index * per_row : (index + 1) * per_row]
            if not isinstance(r, RantaiError) and int(r)
        ]
        if existing:
            verdicts.append(
                Verdict(
                    row,
                    "skipped",
                    f"already ordered on chain: order {int(existing[0])} has this reference",
                )
            )
            continue
        unique[row.number] = ref
    return unique


def _idr(amount: int) -> str:
    """``1.500.000``: rupiah with the Indonesian thousands separator, as the CLI shows them."""
    return grouped(amount)


def _role_problem(error: RantaiError) -> str:
    """Why ``checkParticipant`` refused an account, in a few words."""
    name = type(error).__name__
    if name == "RegistryOrganisationSuspended":
        return "its organisation is suspended"
    if name == "RegistryUnauthorizedAccount":
        return "it lacks the role or belongs to no organisation"
    if name == "EnforcedPause":
        return "the system is paused"
    return name


# ------------------------------------------------------------------------- orders


class DirectOrders(Operation):
    """Direct-purchase orders: one order per row (``lines`` in JSON for several lines)."""

    name = "orders"
    title = "direct-purchase orders (agency)"
    contract = "OrderEscrow"
    function = "createDirectOrder"
    role = Role.AGENCY
    columns = frozenset(
        {"ref", "supplier", "fiscalYear", "deliveryDeadline", "maintenance", "lines"} | LINE_COLUMNS
    )
    created = ("OrderEscrow", "OrderCreated", "order_id")

    def prepare(self, rows: Sequence[Row], env: Env) -> tuple[list[Prepared], list[Verdict]]:
        verdicts: list[Verdict] = []
        parsed: list[tuple[Row, str, int, list[tuple[Any, ...]], int, int]] = []
        for row in rows:
            try:
                parsed.append((row, *self._parse(row, env)))
            except RowError as err:
                verdicts.append(Verdict(row, "invalid", err.reason))
        if not parsed:
            return [], verdicts
        agencies = self._check_signers(env, Role.AGENCY, verdicts, [p[0] for p in parsed])
        if not agencies:
            return [], verdicts
        refs = _unique_refs(env, set(agencies.values()), [p[0] for p in parsed], verdicts)
        parsed = [p for p in parsed if p[0].number in refs]
        if not parsed:
            return [], verdicts
        suppliers = env.participants(sorted({p[1] for p in parsed}), Role.SUPPLIER)
        policy, paused = _policy(env)
        ceiling = int(policy[6])
        left = _budgets_left(env, agencies, {p[2] for p in parsed})
        signers = sorted(agencies)
        prepared: list[Prepared] = []
        turn = 0
        for row, supplier, year, lines, deadline, maintenance in parsed:
            total = sum(q * p for _, q, p, *_ in lines)
            sender = signers[turn % len(signers)]
            key = (agencies[sender], year)
            problem = None
            if paused:
                problem = "the Rantai system is paused"
            elif isinstance(suppliers[supplier], RantaiError):
                why = _role_problem(suppliers[supplier])
                problem = f"supplier {supplier} is not an active supplier: {why}"
            elif total > ceiling:
                problem = (
                    f"the order total Rp {_idr(total)} exceeds the direct-purchase ceiling "
                    f"Rp {_idr(ceiling)}"
                )
            elif total > left.get(key, 0):
                problem = _budget_problem(key, total, left)
            if problem:
                verdicts.append(Verdict(row, "invalid", problem))
                continue
            left[key] -= total
            turn += 1
            args = (supplier, year, lines, deadline, maintenance, refs[row.number])
            prepared.append(self._prepared(row, sender, env, args, len(lines)))
        return prepared, verdicts

    def _parse(self, row: Row, env: Env) -> tuple[str, int, list[tuple[Any, ...]], int, int]:
        supplier = _cell(_address, row, "supplier")
        year = _year(row)
        deadline = _future(row, "deliveryDeadline", env.now)
        lines, maintenance = _order_terms(row, env, deadline)
        return supplier, year, lines, deadline, maintenance


# ------------------------------------------------------------------------- orders from tenders


class TenderOrders(Operation):
    """Orders from awarded tenders: supplier and total come from the award; a tender already
    ordered is skipped."""

    name = "tender-orders"
    title = "orders from awarded tenders (agency)"
    contract = "OrderEscrow"
    function = "createOrderFromTender"
    role = Role.AGENCY
    columns = frozenset(
        {"ref", "tender", "deliveryDeadline", "maintenance", "lines"} | LINE_COLUMNS
    )
    created = ("OrderEscrow", "OrderCreated", "order_id")

    def prepare(self, rows: Sequence[Row], env: Env) -> tuple[list[Prepared], list[Verdict]]:
        verdicts: list[Verdict] = []
        parsed: list[tuple[Row, int, list[tuple[Any, ...]], int, int]] = []
        seen: dict[int, str] = {}
        for row in rows:
            try:
                tender_id = int(_cell(parse_id, row, "tender"))
                if tender_id in seen:
                    raise RowError(f"tender {tender_id} is also ordered by {seen[tender_id]}")
                deadline = _future(row, "deliveryDeadline", env.now)
                lines, maintenance = _order_terms(row, env, deadline)
                seen[tender_id] = row.label
                parsed.append((row, tender_id, lines, deadline, maintenance))
            except RowError as err:
                verdicts.append(Verdict(row, "invalid", err.reason))
        if not parsed:
            return [], verdicts
        agencies = self._check_signers(env, Role.AGENCY, verdicts, [p[0] for p in parsed])
        if not agencies:
            return [], verdicts
        refs = _unique_refs(env, set(agencies.values()), [p[0] for p in parsed], verdicts)
        parsed = [p for p in parsed if p[0].number in refs]
        if not parsed:
            return [], verdicts
        _, paused = _policy(env)
        ids = [p[1] for p in parsed]
        reads = env.reader.many(
            [("Tendering", "tender", (t,)) for t in ids]
            + [("Tendering", "award", (t,)) for t in ids]
        )
        by_org = _by_org(agencies)
        prepared: list[Prepared] = []
        for index, (row, tender_id, lines, deadline, maintenance) in enumerate(parsed):
            tender, award = reads[index], reads[len(ids) + index]
            total = sum(q * p for _, q, p, *_ in lines)
            problem = None
            if isinstance(tender, RantaiError):
                problem = f"tender {tender_id} does not exist"
            elif TenderStatus(tender[3]) != TenderStatus.AWARDED or isinstance(award, RantaiError):
                problem = f"tender {tender_id} is {TenderStatus(tender[3]).name}, not AWARDED"
            elif int(award[6]):
                verdicts.append(
                    Verdict(
                        row, "skipped", f"tender {tender_id} was already ordered: order {award[6]}"
                    )
                )
                continue
            elif paused:
                problem = "the Rantai system is paused"
            elif int(award[1]) not in by_org:
                problem = (
                    f"tender {tender_id} was awarded to organisation {award[1]}; no signer acts "
                    "for it"
                )
            elif total != int(award[5]):
                problem = (
                    f"the lines add up to Rp {_idr(total)}, the award of tender {tender_id} is "
                    f"Rp {_idr(int(award[5]))}"
                )
            elif items_hash([(i, q, u) for i, q, _, u, *_ in lines]) != bytes(tender[23]):
                problem = (
                    f"the lines do not carry the items of tender {tender_id} (item, quantity "
                    "and unit of each, in order): the order is the award"
                )
            elif not int(tender[21]) <= deadline - _paused_shift(env, tender) <= int(tender[22]):
                problem = (
                    f"the delivery deadline is outside the delivery period of tender {tender_id}"
                )
            if problem:
                verdicts.append(Verdict(row, "invalid", problem))
                continue
            sender = by_org[int(award[1])][0]
            args = (tender_id, lines, deadline, maintenance, refs[row.number])
            prepared.append(self._prepared(row, sender, env, args, ("tender", len(lines))))
        return prepared, verdicts


# ------------------------------------------------------------------------- tenders


class OpenTenders(Operation):
    """Sealed-bid tenders opened by the agency; each commits its HPS against the budget."""

    name = "tenders"
    title = "tenders (agency)"
    contract = "Tendering"
    function = "openTender"
    role = Role.AGENCY
    columns = (
        frozenset(
            {
                "ref",
                "fiscalYear",
                "hps",
                "bond",
                "bidDeadline",
                "revealDeadline",
                "deliveryFrom",
                "deliveryUntil",
                "specUri",
                "items",
            }
        )
        | DOCUMENT_COLUMNS
        | ITEM_COLUMNS
    )
    created = ("Tendering", "TenderOpened", "tender_id")

    def prepare(self, rows: Sequence[Row], env: Env) -> tuple[list[Prepared], list[Verdict]]:
        verdicts: list[Verdict] = []
        parsed: list[tuple[Row, int, tuple[Any, ...]]] = []
        for row in rows:
            try:
                parsed.append((row, *self._parse(row, env)))
            except RowError as err:
                verdicts.append(Verdict(row, "invalid", err.reason))
        if not parsed:
            return [], verdicts
        agencies = self._check_signers(env, Role.AGENCY, verdicts, [p[0] for p in parsed])
        if not agencies:
            return [], verdicts
        policy, paused = _policy(env)
        earliest = env.now + int(policy[0])
        left = _budgets_left(env, agencies, {p[1] for p in parsed})
        signers = sorted(agencies)
        prepared: list[Prepared] = []
        turn = 0
        for row, year, params in parsed:
            sender = signers[turn % len(signers)]
            key, hps, bid_at = (agencies[sender], year), params[3], params[4]
            min_bond = -(-hps * int(policy[POLICY_MIN_BOND_PER_MILLE]) // 1000)  # rounded up
            problem = None
            if paused:
                problem = "the Rantai system is paused"
            elif bid_at < earliest:
                hours, now = int(policy[0]) // 3600, _utc(env.now).isoformat()
                problem = (
                    f"'bidDeadline' {_utc(bid_at).isoformat()} is less than the minimum tender "
                    f"period ({hours} h) after chain time {now}"
                )
            elif hps > left.get(key, 0):
                problem = _budget_problem(key, hps, left)
            elif params[6] < min_bond:
                problem = (
                    f"'bond' Rp {grouped(params[6])} is below the policy's minimum bond "
                    f"Rp {grouped(min_bond)} ({int(policy[POLICY_MIN_BOND_PER_MILLE])} per mille "
                    "of 'hps', rounded up)"
                )
            if problem:
                verdicts.append(Verdict(row, "invalid", problem))
                continue
            left[key] -= hps
            turn += 1
            shape = (len(params[2]), len(params[1]) // 128)
            prepared.append(self._prepared(row, sender, env, (params,), shape))
        return prepared, verdicts

    def _parse(self, row: Row, env: Env) -> tuple[int, tuple[Any, ...]]:
        year = _year(row)
        hps = int(_cell(parse_amount, row, "hps"))
        bond = int(_cell(parse_amount, row, "bond")) if row.has("bond") else 0
        if not 0 < hps <= UINT128_MAX or bond > UINT128_MAX:
            raise RowError("'hps' must be positive, and 'hps' and 'bond' must fit 128 bits")
        bid_at = _future(row, "bidDeadline", env.now)
        reveal_at = _future(row, "revealDeadline", env.now)
        if reveal_at < bid_at + MIN_REVEAL_PERIOD_SEC:
            raise RowError("'revealDeadline' must be at least 1 hour after 'bidDeadline'")
        spec_uri = text(row, "specUri")
        spec = _document(row, env, True, "specification")
        entries = _entries(row, "items", ITEM_COLUMNS, "item")
        many = "items" in row.cells
        items = [
            _item(entry, env, f"items[{index}]: " if many else "")
            for index, entry in enumerate(entries)
        ]
        if len(items) > MAX_ITEMS:
            raise RowError(f"a tender has at most {MAX_ITEMS} items")
        # The delivery period (issue 13 item 4): by default from the reveal deadline for a year.
        from_at = _future(row, "deliveryFrom", env.now) if row.has("deliveryFrom") else reveal_at
        until_at = (
            _future(row, "deliveryUntil", env.now)
            if row.has("deliveryUntil")
            else reveal_at + DEFAULT_DELIVERY_PERIOD_SEC
        )
        if from_at > until_at or until_at <= reveal_at:
            raise RowError(
                "'deliveryUntil' must be after 'revealDeadline' and not before 'deliveryFrom'"
            )
        return year, (spec, spec_uri, items, hps, bid_at, reveal_at, bond, year, from_at, until_at)


# ------------------------------------------------------------------------- acceptances


class Acceptances(Operation):
    """Order acceptances by the supplier; an order already accepted is skipped."""

    name = "accept"
    title = "order acceptances (supplier)"
    contract = "OrderEscrow"
    function = "acceptOrder"
    role = Role.SUPPLIER
    columns = frozenset({"ref", "order"}) | DOCUMENT_COLUMNS

    def prepare(self, rows: Sequence[Row], env: Env) -> tuple[list[Prepared], list[Verdict]]:
        verdicts: list[Verdict] = []
        parsed: list[tuple[Row, int, bytes]] = []
        seen: dict[int, str] = {}
        for row in rows:
            try:
                order_id = int(_cell(parse_id, row, "order"))
                if order_id in seen:
                    raise RowError(f"order {order_id} is also accepted by {seen[order_id]}")
                contract_hash = _document(row, env, True, "signed contract")
                seen[order_id] = row.label
                parsed.append((row, order_id, contract_hash))
            except RowError as err:
                verdicts.append(Verdict(row, "invalid", err.reason))
        if not parsed:
            return [], verdicts
        suppliers = self._check_signers(env, Role.SUPPLIER, verdicts, [p[0] for p in parsed])
        if not suppliers:
            return [], verdicts
        reader = env.reader
        orders = reader.many([("OrderEscrow", "order", (p[1],)) for p in parsed])
        agencies = sorted(
            {
                o[0]
                for o in orders
                if not isinstance(o, RantaiError) and OrderState(o[3]) == OrderState.CREATED
            }
        )
        escrow = env.addresses["OrderEscrow"]
        funds = reader.many(
            [("RupiahToken", "allowance", (a, escrow)) for a in agencies]
            + [("RupiahToken", "balanceOf", (a,)) for a in agencies]
        )
        allowance = dict(zip(agencies, funds[: len(agencies)], strict=True))
        balance = dict(zip(agencies, funds[len(agencies) :], strict=True))
        prepared: list[Prepared] = []
        for (row, order_id, contract_hash), order in zip(parsed, orders, strict=True):
            if isinstance(order, RantaiError):
                verdicts.append(Verdict(row, "invalid", f"order {order_id} does not exist"))
                continue
            state, supplier, agency, total = (
                OrderState(order[3]),
                order[5],
                order[0],
                int(order[14]),
            )
            problem = None
            if supplier not in suppliers:
                problem = f"order {order_id} is supplied by {supplier}, not by a signer"
            elif state == OrderState.CANCELLED:
                problem = f"order {order_id} was cancelled"
            elif state != OrderState.CREATED:
                verdicts.append(
                    Verdict(row, "skipped", f"order {order_id} is already accepted ({state.name})")
                )
                continue
            elif min(int(allowance[agency]), int(balance[agency])) < total:
                short = "approved" if int(allowance[agency]) < total else "holds"
                have = min(int(allowance[agency]), int(balance[agency]))
                problem = (
                    f"agency {agency} {short} Rp {_idr(have)} left for the Rp {_idr(total)} "
                    "order total (after the rows before)"
                )
            if problem:
                verdicts.append(Verdict(row, "invalid", problem))
                continue
            allowance[agency] = int(allowance[agency]) - total
            balance[agency] = int(balance[agency]) - total
            shape = "tender" if int(order[17]) else "direct"
            prepared.append(self._prepared(row, supplier, env, (order_id, contract_hash), shape))
        return prepared, verdicts


# ------------------------------------------------------------------------- shipments


class Shipments(Operation):
    """Shipment registrations by the order's supplier."""

    name = "shipments"
    title = "shipment registrations (supplier)"
    contract = "ShipmentTracking"
    function = "registerShipment"
    role = Role.SUPPLIER
    columns = frozenset(
        {
            "ref",
            "order",
            "quantities",
            "carrier",
            "expectedArrival",
            "country",
            "region",
            "producerGln",
        }
    )
    created = ("ShipmentTracking", "ShipmentRegistered", "shipment_id")

    def prepare(self, rows: Sequence[Row], env: Env) -> tuple[list[Prepared], list[Verdict]]:
        verdicts: list[Verdict] = []
        parsed: list[tuple[Row, int, list[int], str, int, tuple[bytes, bytes, bytes], bytes]] = []
        for row in rows:
            try:
                ref = row_ref(row, self.name)
                origin = (
                    _ascii(text(row, "country", ""), 2, "country"),
                    _ascii(text(row, "region", ""), 32, "region"),
                    _ascii(text(row, "producerGln", ""), 32, "producerGln"),
                )
                quantities = whole_list(row, "quantities")
                if any(q > UINT64_MAX for q in quantities):
                    raise RowError("a quantity does not fit 64 bits")
                if not any(quantities):
                    raise RowError("every quantity is 0: nothing would be shipped")
                parsed.append(
                    (
                        row,
                        int(_cell(parse_id, row, "order")),
                        quantities,
                        _cell(_address, row, "carrier"),
                        _future(row, "expectedArrival", env.now),
                        origin,
                        ref,
                    )
                )
            except RowError as err:
                verdicts.append(Verdict(row, "invalid", err.reason))
        if not parsed:
            return [], verdicts
        suppliers = self._check_signers(env, Role.SUPPLIER, verdicts, [p[0] for p in parsed])
        if not suppliers:
            return [], verdicts
        order_ids = sorted({p[1] for p in parsed})
        reads = env.reader.many(
            [("OrderEscrow", "order", (o,)) for o in order_ids]
            + [("ShipmentTracking", "shipmentsOfOrder", (o,)) for o in order_ids]
        )
        orders = dict(zip(order_ids, reads[: len(order_ids)], strict=True))
        slots = {
            o: (MAX_SHIPMENTS_PER_ORDER - len(s) if not isinstance(s, RantaiError) else 0)
            for o, s in zip(order_ids, reads[len(order_ids) :], strict=True)
        }
        carriers = env.participants(sorted({p[3] for p in parsed}), Role.CARRIER)
        orgs = {
            p[0].number: suppliers.get(o[5]) if not isinstance(o, RantaiError) else None
            for p in parsed
            for o in (orders[p[1]],)
        }
        used = _refs_used(env, "shipmentOfRef", [(orgs[p[0].number], p[6]) for p in parsed])
        seen: dict[tuple[int, bytes], str] = {}
        prepared: list[Prepared] = []
        for row, order_id, quantities, carrier, arrival, origin, ref in parsed:
            order = orders[order_id]
            org = orgs[row.number]
            done = _already(row, org, ref, used, seen, "registered", "shipment")
            if done is not None:
                verdicts.append(done)
                continue
            problem = None
            if isinstance(order, RantaiError):
                problem = f"order {order_id} does not exist"
            elif order[5] not in suppliers:
                problem = f"order {order_id} is supplied by {order[5]}, not by a signer"
            elif OrderState(order[3]) != OrderState.ACTIVE:
                problem = f"order {order_id} is {OrderState(order[3]).name}, not ACTIVE"
            elif order[4]:
                problem = f"order {order_id} has an open dispute"
            elif len(quantities) != int(order[6]):
                problem = (
                    f"{len(quantities)} quantities for the {order[6]} lines of order {order_id}"
                )
            elif isinstance(carriers[carrier], RantaiError):
                why = _role_problem(carriers[carrier])
                problem = f"carrier {carrier} is not an active carrier: {why}"
            elif slots[order_id] <= 0:
                problem = (
                    f"order {order_id} would have more than {MAX_SHIPMENTS_PER_ORDER} shipments"
                )
            if problem:
                verdicts.append(Verdict(row, "invalid", problem))
                continue
            slots[order_id] -= 1
            if org is not None:
                seen[(org, ref)] = row.label
            args = (order_id, quantities, origin, carrier, arrival, ref)
            prepared.append(self._prepared(row, order[5], env, args, len(quantities)))
        return prepared, verdicts


# ------------------------------------------------------------------------- checkpoints


class Checkpoints(Operation):
    """Checkpoints recorded by the shipment's custodian, in file order per shipment."""

    name = "checkpoints"
    title = "shipment checkpoints (custodian carrier)"
    contract = "ShipmentTracking"
    function = "recordCheckpoint"
    role = Role.CARRIER
    columns = frozenset(
        {"ref", "shipment", "kind", "location", "lat", "lon", "at", "evidence", "evidenceHash"}
    )

    def prepare(self, rows: Sequence[Row], env: Env) -> tuple[list[Prepared], list[Verdict]]:
        verdicts: list[Verdict] = []
        parsed: list[tuple[Row, int, tuple[Any, ...], bytes]] = []
        for row in rows:
            try:
                try:
                    kind = checkpoint_kind(text(row, "kind"))
                except InvalidInput as err:
                    raise RowError(str(err)) from None
                if kind == CheckpointKind.NONE:
                    raise RowError("kind 'none' is not a checkpoint")
                location = text(row, "location")
                lat = _degrees(row, "lat") if row.has("lat") else 0
                lon = _degrees(row, "lon") if row.has("lon") else 0
                if row.has("lat") != row.has("lon"):
                    raise RowError("give both 'lat' and 'lon', or neither")
                if abs(lat) > MAX_LATITUDE_E6 or abs(lon) > MAX_LONGITUDE_E6:
                    raise RowError(f"coordinates out of range: {lat}, {lon} (micro-degrees)")
                when = _past(row, "at", env.now)
                if when > env.now:
                    raise RowError(f"'at' lies in the future (chain time {env.now})")
                if row.has("evidence") and row.has("evidenceHash"):
                    raise RowError("give 'evidence' or 'evidenceHash', not both")
                evidence = b"\x00" * 32
                if row.has("evidenceHash"):
                    evidence = bytes(_cell(parse_hash, row, "evidenceHash"))
                elif row.has("evidence"):
                    path = (env.base_dir / text(row, "evidence")).expanduser()
                    if not path.is_file():
                        raise RowError(f"evidence not found: {path}")
                    evidence = document_hash(path)
                checkpoint = (int(kind), _ascii(location, 32, "location"), lat, lon, when, evidence)
                ref = row_ref(row, self.name)
                parsed.append((row, int(_cell(parse_id, row, "shipment")), checkpoint, ref))
            except RowError as err:
                verdicts.append(Verdict(row, "invalid", err.reason))
        if not parsed:
            return [], verdicts
        carriers = self._check_signers(env, Role.CARRIER, verdicts, [p[0] for p in parsed])
        if not carriers:
            return [], verdicts
        ids = sorted({p[1] for p in parsed})
        reads = env.reader.many(
            [("ShipmentTracking", "shipment", (s,)) for s in ids]
            + [("ShipmentTracking", "checkpointHead", (s,)) for s in ids]
        )
        shipments = dict(zip(ids, reads[: len(ids)], strict=True))
        last = {
            s: (int(h[2]) if not isinstance(h, RantaiError) else 0)
            for s, h in zip(ids, reads[len(ids) :], strict=True)
        }
        orgs = {
            p[0].number: carriers.get(s[2]) if not isinstance(s, RantaiError) else None
            for p in parsed
            for s in (shipments[p[1]],)
        }
        used = _refs_used(env, "checkpointOfRef", [(orgs[p[0].number], p[3]) for p in parsed])
        seen: dict[tuple[int, bytes], str] = {}
        arrived_at: dict[int, str] = {}
        prepared: list[Prepared] = []
        for row, shipment_id, checkpoint, ref in parsed:
            shipment = shipments[shipment_id]
            org = orgs[row.number]
            done = _already(row, org, ref, used, seen, "recorded", "checkpoint")
            if done is not None:
                verdicts.append(done)
                continue
            problem = None
            if isinstance(shipment, RantaiError):
                problem = f"shipment {shipment_id} does not exist"
            elif ShipmentStatus(shipment[4]) == ShipmentStatus.ARRIVED:
                problem = f"shipment {shipment_id} has arrived: tracking is closed"
            elif shipment_id in arrived_at:
                problem = (
                    f"shipment {shipment_id} arrives at {arrived_at[shipment_id]}: tracking closes"
                )
            elif shipment[2] not in carriers:
                problem = (
                    f"shipment {shipment_id} is in the custody of {shipment[2]}, not of a signer"
                )
            elif checkpoint[4] < last[shipment_id]:
                problem = (
                    f"'at' ({wib(checkpoint[4])}) is before the previous checkpoint of shipment "
                    f"{shipment_id} ({wib(last[shipment_id])})"
                )
            if problem:
                verdicts.append(Verdict(row, "invalid", problem))
                continue
            last[shipment_id] = checkpoint[4]
            if checkpoint[0] == CheckpointKind.ARRIVED:
                arrived_at[shipment_id] = row.label
            if org is not None:
                seen[(org, ref)] = row.label
            shape = "arrived" if checkpoint[0] == CheckpointKind.ARRIVED else "moved"
            args = (shipment_id, checkpoint, ref)
            prepared.append(self._prepared(row, shipment[2], env, args, shape))
        return prepared, verdicts


# ------------------------------------------------------------------------- references


def row_ref(row: Row, operation: str) -> bytes:
    """The on-chain reference of a row (issue 13 item 9): its ``ref`` cell as
    :func:`~py_client.hashing.client_ref` makes it (text is hashed, ``0x`` + 64 hex digits kept),
    or, without one, the keccak256 of ``rantai.bulk.<operation>:`` and the SHA-256 of its cells.
    A duplicated row, or a rerun without the journal, therefore carries the same reference, and
    the chain refuses to record it twice."""
    if row.ref is not None:
        try:
            return client_ref(row.ref, "'ref'")
        except InvalidInput as err:
            raise RowError(str(err)) from None
    return keccak(f"rantai.bulk.{operation}:{row.row_hash}".encode())


def _refs_used(
    env: Env, function: str, keys: Sequence[tuple[int | None, bytes]]
) -> dict[tuple[int, bytes], Any]:
    """What ``ShipmentTracking.<function>(org, ref)`` says of each key with a known org."""
    wanted = sorted({(org, ref) for org, ref in keys if org is not None})
    results = env.reader.many([("ShipmentTracking", function, key) for key in wanted])
    return dict(zip(wanted, results, strict=True))


def _already(
    row: Row,
    org: int | None,
    ref: bytes,
    used: Mapping[tuple[int, bytes], Any],
    seen: Mapping[tuple[int, bytes], str],
    verb: str,
    what: str,
) -> Verdict | None:
    """``skipped`` when the row's reference is already on chain or taken by an earlier row."""
    if org is None:
        return None
    short = "0x" + ref.hex()[:12] + "…"
    on_chain = used.get((org, ref))
    if isinstance(on_chain, tuple | list):
        shipment_id = int(on_chain[0])
        where = f"checkpoint {int(on_chain[1])} of shipment {shipment_id}"
    else:
        shipment_id = 0 if on_chain is None or isinstance(on_chain, RantaiError) else int(on_chain)
        where = f"shipment {shipment_id}"
    if shipment_id:
        reason = f"already on chain: {where} was {verb} with reference {short}"
        return Verdict(row, "skipped", reason)
    if (org, ref) in seen:
        reason = f"same reference {short} as {seen[(org, ref)]}: the {what} is {verb} once"
        return Verdict(row, "skipped", reason)
    return None


# ------------------------------------------------------------------------- deliveries


class Deliveries(Operation):
    """Delivery confirmations (BAST) by the order's agency; a confirmed shipment is skipped."""

    name = "deliveries"
    title = "delivery confirmations (agency)"
    contract = "OrderEscrow"
    function = "confirmDelivery"
    role = Role.AGENCY
    columns = frozenset({"ref", "shipment", "received"}) | DOCUMENT_COLUMNS

    def prepare(self, rows: Sequence[Row], env: Env) -> tuple[list[Prepared], list[Verdict]]:
        verdicts: list[Verdict] = []
        parsed: list[tuple[Row, int, list[int] | None, bytes]] = []
        seen: dict[int, str] = {}
        for row in rows:
            try:
                shipment_id = int(_cell(parse_id, row, "shipment"))
                if shipment_id in seen:
                    raise RowError(
                        f"shipment {shipment_id} is also confirmed by {seen[shipment_id]}"
                    )
                received = whole_list(row, "received") if row.has("received") else None
                bast = _document(row, env, True, "handover document (BAST)")
                seen[shipment_id] = row.label
                parsed.append((row, shipment_id, received, bast))
            except RowError as err:
                verdicts.append(Verdict(row, "invalid", err.reason))
        if not parsed:
            return [], verdicts
        agencies = self._check_signers(env, Role.AGENCY, verdicts, [p[0] for p in parsed])
        if not agencies:
            return [], verdicts
        reader = env.reader
        ids = [p[1] for p in parsed]
        reads = reader.many(
            [("ShipmentTracking", "shipment", (s,)) for s in ids]
            + [("ShipmentTracking", "shippedQuantities", (s,)) for s in ids]
            + [("OrderEscrow", "isShipmentConfirmed", (s,)) for s in ids]
        )
        n = len(ids)
        shipments, shipped, confirmed = reads[:n], reads[n : 2 * n], reads[2 * n :]
        order_ids = sorted({int(s[0]) for s in shipments if not isinstance(s, RantaiError)})
        orders = dict(
            zip(
                order_ids,
                reader.many([("OrderEscrow", "order", (o,)) for o in order_ids]),
                strict=True,
            )
        )
        line_calls = [
            ("OrderEscrow", "line", (o, i))
            for o in order_ids
            if not isinstance(orders[o], RantaiError)
            for i in range(int(orders[o][6]))
        ]
        remaining: dict[tuple[int, int], int] = {}
        milestone: dict[tuple[int, int], bool] = {}
        for (_, _, (o, i)), result in zip(line_calls, reader.many(line_calls), strict=True):
            terms, delivered = result
            remaining[(o, i)] = int(terms[0]) - int(delivered)
            milestone[(o, i)] = int(terms[2]) != 0
        by_org = _by_org(agencies)
        prepared: list[Prepared] = []
        for index, (row, shipment_id, received, bast) in enumerate(parsed):
            shipment = shipments[index]
            if isinstance(shipment, RantaiError):
                verdicts.append(Verdict(row, "invalid", f"shipment {shipment_id} does not exist"))
                continue
            if confirmed[index] is True:
                verdicts.append(
                    Verdict(row, "skipped", f"shipment {shipment_id} is already confirmed")
                )
                continue
            order_id = int(shipment[0])
            order = orders[order_id]
            sent = [int(q) for q in shipped[index]]
            got = sent if received is None else received
            problem = None
            if ShipmentStatus(shipment[4]) != ShipmentStatus.ARRIVED:
                problem = (
                    f"shipment {shipment_id} has not arrived ({ShipmentStatus(shipment[4]).name})"
                )
            elif OrderState(order[3]) != OrderState.ACTIVE:
                problem = f"order {order_id} is {OrderState(order[3]).name}, not ACTIVE"
            elif order[4]:
                problem = f"order {order_id} has an open dispute"
            elif int(order[1]) not in by_org:
                problem = (
                    f"no signer acts for organisation {order[1]}, the agency of order {order_id}"
                )
            elif len(got) != len(sent):
                problem = f"{len(got)} received quantities for {len(sent)} order lines"
            else:
                for line, (q, s) in enumerate(zip(got, sent, strict=True)):
                    if q and milestone[(order_id, line)]:
                        problem = f"line {line} is a milestone: confirm it with confirm_milestone"
                    elif q > s:
                        problem = f"line {line}: received {q} but {s} shipped"
                    elif q > remaining[(order_id, line)]:
                        left = remaining[(order_id, line)]
                        problem = f"line {line}: received {q} but only {left} remain"
                    if problem:
                        break
            if problem:
                verdicts.append(Verdict(row, "invalid", problem))
                continue
            for line, q in enumerate(got):
                remaining[(order_id, line)] -= q
            signer = by_org[int(order[1])][0]
            shape = (len(got), not any(remaining[(order_id, i)] for i in range(len(got))))
            prepared.append(self._prepared(row, signer, env, (shipment_id, got, bast), shape))
        return prepared, verdicts


OPERATIONS: dict[str, type[Operation]] = {
    op.name: op
    for op in (
        DirectOrders,
        Acceptances,
        Shipments,
        Checkpoints,
        Deliveries,
        OpenTenders,
        TenderOrders,
    )
}


def operation(name: str) -> Operation:
    """The operation called ``name``.

    Raises:
        InvalidInput: No such operation.
    """
    if name not in OPERATIONS:
        raise InvalidInput(f"unknown bulk operation {name!r} (one of: {', '.join(OPERATIONS)})")
    return OPERATIONS[name]()


__all__ = [
    "OPERATIONS",
    "Acceptances",
    "Checkpoints",
    "Deliveries",
    "DirectOrders",
    "Env",
    "OpenTenders",
    "Operation",
    "Prepared",
    "Reader",
    "Shipments",
    "TenderOrders",
    "Verdict",
    "operation",
]

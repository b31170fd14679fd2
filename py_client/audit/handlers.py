"""From decoded events to rows of the typed audit tables (see :mod:`py_client.audit.schema`).

:class:`Batch` collects the statements of one indexed chunk in event order and runs consecutive
statements of the same SQL as one ``executemany``. Each handler turns one event into statements
that are safe to repeat: inserts are keyed on the event's natural key or (transaction, log
index) with ``ON CONFLICT DO NOTHING``, and derived values (bid counts, retention held,
checkpoint counts) are set from the events, never incremented. The indexer also skips events it
already holds, so a re-sync of the same blocks changes nothing.

Example::

    >>> batch = Batch()
    >>> writer = EventWriter(batch, accounts={})
    >>> writer.apply("Registry", "AccountAdded", {"account": "0xab", "orgId": 10},
    ...              LogMeta(5, "0x01", 0, 0, 1_700_000_000))
    >>> writer.accounts
    {'0xab': 10}
"""

import functools
import json
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from eth_utils.crypto import keccak

from py_client.audit.db import Database
from py_client.audit.schema import INT64_MAX
from py_client.models import REGISTRY_ROLES

ZERO_HASH = "0x" + "00" * 32
ZERO_ADDRESS = "0x" + "00" * 20

ORG_KINDS = (
    "None",
    "Governance",
    "Agency",
    "Supplier",
    "Contractor",
    "Carrier",
    "Auditor",
    "Arbiter",
    "Treasury",
)
CHECKPOINT_KINDS = ("None", "PickedUp", "InTransit", "AtCustoms", "Arrived", "Exception")
ROLE_BY_ID = {"0x" + keccak(text=name).hex(): name for name in REGISTRY_ROLES}
ROLE_BY_ID[ZERO_HASH] = "DEFAULT_ADMIN"


class LogMeta(NamedTuple):
    """Where an event happened (a named tuple: one is built per event)."""

    block_number: int
    tx_hash: str
    tx_index: int
    log_index: int
    at: int  # the block's timestamp


def amount(value: int) -> int:
    """An amount for a 64-bit column (saturated; the raw event keeps the exact value)."""
    return value if value <= INT64_MAX else INT64_MAX


@functools.lru_cache(maxsize=4096)  # units, locations, codes, regions: few distinct values
def ascii_text(hex_value: str) -> str:
    """Left-aligned, zero-padded ASCII in ``bytesN`` (``0x4944…`` → ``"ID"``)."""
    raw = bytes.fromhex(hex_value[2:]).rstrip(b"\x00")
    return raw.decode("ascii", errors="replace")


def kind_name(names: Sequence[str], value: int) -> str:
    """An enum value's Solidity name (``"Unknown(9)"`` outside the enum)."""
    return names[value] if 0 <= value < len(names) else f"Unknown({value})"


Key = tuple[str, Hashable]
"""What a keyed statement reads and writes the rows of: a kind and a value (``("order", 7)``)."""


@dataclass
class Batch:
    """Statements of one chunk, grouped into runs, plus per-shipment checkpoint progress.

    A statement joins the last run of the same SQL when no statement added since then writes a
    table it reads or writes, or reads a table it writes (tables are read off the SQL): moving
    it back to that run commutes it only with statements it cannot affect, so the result is the
    one of running every statement in event order, with far fewer ``executemany`` calls (one per
    run instead of one per change of SQL; a round trip each on PostgreSQL).

    A statement added with a key (:meth:`add_keyed`, e.g. ``("order", 7)``: it reads and writes
    only that order's rows) also moves back across statements of the same tables whose runs
    hold only other keys: an order's creation joins the previous order's creation although that
    order's terms were set in between, instead of one run of one row per order and statement.
    """

    ops: list[tuple[str, list[tuple[Any, ...]]]] = field(default_factory=list)
    shipment_progress: dict[int, tuple[int, str]] = field(default_factory=dict)
    bid_counts: set[int] = field(default_factory=set)  # tenders whose bids to count at the end
    _run_of: dict[str, int] = field(default_factory=dict)
    _last_write: dict[str, int] = field(default_factory=dict)
    _last_read: dict[str, int] = field(default_factory=dict)
    # Per run: the kind of key of its statements and their values; None: not all keyed alike.
    _run_keys: list[tuple[str, set[Hashable]] | None] = field(default_factory=list)

    def add(self, sql: str, *params: Any) -> None:
        """Append one statement."""
        self._add(sql, None, params)

    def add_keyed(self, key: Key, sql: str, *params: Any) -> None:
        """Append one statement that reads and writes only the rows of ``key`` (a tuple naming
        what it partitions by and the value, e.g. ``("order", order_id)``)."""
        self._add(sql, key, params)

    def _add(self, sql: str, key: Key | None, params: tuple[Any, ...]) -> None:
        ops = self.ops
        if ops and ops[-1][0] is sql:  # the last run's SQL: nothing in between
            ops[-1][1].append(params)
            if key is not None or self._run_keys[-1] is not None:
                self._note_key(len(ops) - 1, key)
            return
        writes, reads = _tables(sql)
        if not writes:  # SQL the handlers do not write: a barrier nothing moves across
            ops.append((sql, [params]))
            self._run_keys.append(None)
            self._run_of.clear()
            return
        run = self._run_of.get(sql)
        if run is not None:
            last_write, last_read = self._last_write, self._last_read
            for table in writes:
                if last_write.get(table, -1) > run or last_read.get(table, -1) > run:
                    break
            else:
                for table in reads:
                    if last_write.get(table, -1) > run:
                        break
                else:  # no later run touches its tables
                    ops[run][1].append(params)
                    self._note_key(run, key)
                    return
            if key is not None and self._keyed_commutes(run, writes, reads, key):
                ops[run][1].append(params)
                self._note_key(run, key)
                return
        run = len(ops)
        ops.append((sql, [params]))
        self._run_keys.append(None if key is None else (key[0], {key[1]}))
        self._run_of[sql] = run
        for table in writes:
            self._last_write[table] = run
        for table in reads:
            self._last_read[table] = run

    def _keyed_commutes(
        self, run: int, writes: frozenset[str], reads: frozenset[str], key: Key
    ) -> bool:
        """Whether a keyed statement may move back to ``run`` although later runs touch its
        tables: each of them holds only other keys of its kind."""
        if len(self.ops) - run > KEYED_LOOK_BACK:
            return False
        for later in range(run + 1, len(self.ops)):
            later_writes, later_reads = _tables(self.ops[later][0])
            if later_writes & (writes | reads) or later_reads & writes:
                keyed = self._run_keys[later]
                if keyed is None or keyed[0] != key[0] or key[1] in keyed[1]:
                    return False
        return True

    def _note_key(self, run: int, key: Key | None) -> None:
        keyed = self._run_keys[run]
        if keyed is None:
            return
        if key is None or key[0] != keyed[0]:
            self._run_keys[run] = None
        else:
            keyed[1].add(key[1])

    def flush(self, db: Database) -> None:
        """Run the statements (each run as one ``executemany``), then the derived values.

        Bid counts and shipment progress are set from the rows once per chunk, after every
        statement (nothing in a chunk reads them back).
        """
        for sql, rows in self.statements():
            db.executemany(sql, rows)
        self.clear()

    def statements(self) -> list[tuple[str, list[tuple[Any, ...]]]]:
        """``(sql, rows)`` in the order :meth:`flush` runs them (the derived values last)."""
        statements = [
            (sql, _last_per_key(rows, LAST_ROW_PER_KEY[sql]) if sql in LAST_ROW_PER_KEY else rows)
            for sql, rows in self.ops
        ]
        if self.bid_counts:
            statements.append((COUNT_BIDS, [(t, t) for t in sorted(self.bid_counts)]))
        if self.shipment_progress:
            statements.append(
                (
                    SHIPMENT_PROGRESS,
                    [(c, h, s, c) for s, (c, h) in sorted(self.shipment_progress.items())],
                )
            )
        return statements

    def clear(self) -> None:
        """Forget every statement (after they ran)."""
        self.ops.clear()
        self.shipment_progress.clear()
        self.bid_counts.clear()
        self._run_of.clear()
        self._last_write.clear()
        self._last_read.clear()
        self._run_keys.clear()


KEYED_LOOK_BACK = 64
"""Runs a keyed statement looks back across (beyond them it starts a new run)."""
_WRITTEN = re.compile(r"^\s*(?:INSERT\s+INTO|UPDATE)\s+(\w+)", re.IGNORECASE)
_READ = re.compile(r"\bFROM\s+(\w+)", re.IGNORECASE)


@functools.cache
def _tables(sql: str) -> tuple[frozenset[str], frozenset[str]]:
    """(tables written, tables read) by one statement."""
    written = _WRITTEN.match(sql)
    if written is None:
        return frozenset(), frozenset()
    return frozenset({written.group(1).lower()}), frozenset(t.lower() for t in _READ.findall(sql))


def _last_per_key(rows: list[tuple[Any, ...]], width: int) -> list[tuple[Any, ...]]:
    """Of the rows whose first ``width`` values are alike, the last (in the first one's place)."""
    return list({row[:width]: row for row in rows}.values())


SHIPMENT_PROGRESS = (
    "UPDATE shipments SET checkpoint_count = ?, head = ?, "
    "status = CASE WHEN status = 'Arrived' THEN status ELSE 'InTransit' END "
    "WHERE shipment_id = ? AND checkpoint_count < ?"
)

# --------------------------------------------------------------------------- statements
# Module constants: Batch groups runs by identity of the SQL string.

INSERT_ORG = (
    "INSERT INTO organisations (org_id, kind, metadata_hash, suspended, registered_block, "
    "registered_at) VALUES (?, ?, ?, 0, ?, ?) ON CONFLICT (org_id) DO NOTHING"
)
INSERT_ORG_EVENT = (
    "INSERT INTO organisation_events (tx_hash, log_index, org_id, action, document_hash, "
    "block_number, at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tx_hash, log_index) DO NOTHING"
)
UPDATE_ORG_METADATA = "UPDATE organisations SET metadata_hash = ? WHERE org_id = ?"
UPDATE_ORG_SUSPENDED = "UPDATE organisations SET suspended = ? WHERE org_id = ?"
# Issue 13 item 6: where refunds to the organisation go (NULL: the treasury account).
UPDATE_ORG_PAYOUT = "UPDATE organisations SET payout_account = ? WHERE org_id = ?"
UPSERT_ACCOUNT = (
    "INSERT INTO accounts (address, org_id, active, added_block, added_at, removed_block) "
    "VALUES (?, ?, 1, ?, ?, NULL) ON CONFLICT (address) DO UPDATE SET org_id = excluded.org_id, "
    "active = 1, added_block = excluded.added_block, added_at = excluded.added_at, "
    "removed_block = NULL"
)
REMOVE_ACCOUNT = "UPDATE accounts SET active = 0, removed_block = ? WHERE address = ?"
UPSERT_ROLE = (
    "INSERT INTO roles (role, account, active, granted_by, granted_block, granted_at, "
    "revoked_block) VALUES (?, ?, 1, ?, ?, ?, NULL) ON CONFLICT (role, account) DO UPDATE SET "
    "active = 1, granted_by = excluded.granted_by, granted_block = excluded.granted_block, "
    "granted_at = excluded.granted_at, revoked_block = NULL"
)
REVOKE_ROLE = "UPDATE roles SET active = 0, revoked_block = ? WHERE role = ? AND account = ?"
INSERT_POLICY = (
    "INSERT INTO policy_changes (tx_hash, log_index, parameter, old_value, new_value, "
    "block_number, at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tx_hash, log_index) DO NOTHING"
)
UPSERT_BUDGET_CEILING = (
    "INSERT INTO budgets (agency_org_id, fiscal_year, ceiling_idr, committed_idr) "
    "VALUES (?, ?, ?, 0) ON CONFLICT (agency_org_id, fiscal_year) DO UPDATE SET "
    "ceiling_idr = excluded.ceiling_idr"
)
UPSERT_BUDGET_COMMITTED = (
    "INSERT INTO budgets (agency_org_id, fiscal_year, ceiling_idr, committed_idr) "
    "VALUES (?, ?, 0, ?) ON CONFLICT (agency_org_id, fiscal_year) DO UPDATE SET "
    "committed_idr = excluded.committed_idr"
)
LAST_ROW_PER_KEY = {UPSERT_BUDGET_CEILING: 2, UPSERT_BUDGET_COMMITTED: 2}
"""Upserts keyed by their first N parameters whose update overwrites every other parameter's
column with the new row's value (the insert's other values are constants): of a run's rows of
one key the last leaves what all of them would, so :meth:`Batch.statements` keeps only it (a
budget's running total, event after event)."""
INSERT_TENDER = (
    "INSERT INTO tenders (tender_id, ocid, agency, agency_org_id, fiscal_year, spec_hash, "
    "spec_uri, hps_idr, bond_idr, bid_deadline_at, reveal_deadline_at, status, bid_count, "
    "opened_block, opened_tx, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Open', 0, ?, "
    "?, ?) ON CONFLICT (tender_id) DO NOTHING"
)
INSERT_TENDER_PERIOD = (
    "INSERT INTO tender_delivery_periods (tender_id, delivery_from_at, delivery_until_at) "
    "VALUES (?, ?, ?) ON CONFLICT (tender_id) DO NOTHING"
)
INSERT_TENDER_ITEM = (
    "INSERT INTO tender_items (tender_id, item_index, description_hash, quantity, unit) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (tender_id, item_index) DO NOTHING"
)
INSERT_BID = (
    "INSERT INTO bids (tender_id, bidder, supplier_org_id, seq, commitment, committed_block, "
    "committed_tx, committed_at, state) VALUES (?, ?, ?, "
    "(SELECT COUNT(*) FROM bids b WHERE b.tender_id = ?), ?, ?, ?, ?, 'Committed') "
    "ON CONFLICT (tender_id, bidder) DO NOTHING"
)
COUNT_BIDS = (
    "UPDATE tenders SET bid_count = (SELECT COUNT(*) FROM bids WHERE bids.tender_id = ?) "
    "WHERE tender_id = ?"
)
REVEAL_BID = (
    "UPDATE bids SET state = 'Revealed', price_idr = ?, salt = ?, valid = ?, revealed_at = ? "
    "WHERE tender_id = ? AND bidder = ?"
)
DISQUALIFY_BID = (
    "UPDATE bids SET state = 'Disqualified', disqualified_by = ?, disqualified_reason_hash = ?, "
    "disqualified_at = ? WHERE tender_id = ? AND bidder = ?"
)
BOND_OUTCOME = (
    "UPDATE bids SET bond_outcome = ?, bond_amount_idr = ? WHERE tender_id = ? AND bidder = ?"
)
END_TENDER = (
    "UPDATE tenders SET status = ?, ended_block = ?, ended_at = ?, cancel_reason_hash = ? "
    "WHERE tender_id = ?"
)
INSERT_AWARD = (
    "INSERT INTO awards (tender_id, supplier, supplier_org_id, price_idr, block_number, tx_hash, "
    "awarded_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tender_id) DO NOTHING"
)
TENDER_ORDERED = "UPDATE tenders SET order_id = ? WHERE tender_id = ?"
AWARD_ORDERED = "UPDATE awards SET order_id = ? WHERE tender_id = ?"
# Contracts v2: the award follows its current awardee (runner-up after a default or an upheld
# objection); objections and rulings stay in `events` (AwardObjected, ObjectionRuled).
AWARD_MOVED = (
    "UPDATE awards SET supplier = ?, supplier_org_id = ?, price_idr = ?, order_id = NULL "
    "WHERE tender_id = ?"
)
TENDER_UNORDERED = "UPDATE tenders SET order_id = NULL WHERE tender_id = ?"
AWARD_UNORDERED = "UPDATE awards SET order_id = NULL WHERE tender_id = ?"
INSERT_RED_FLAG = (
    "INSERT INTO red_flag_events (tx_hash, log_index, tender_id, code, bidder, price_idr, "
    "block_number, raised_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (tx_hash, log_index) DO NOTHING"
)
INSERT_ORDER_REF = (
    "INSERT INTO order_refs (order_id, org_id, ref) VALUES (?, ?, ?) "
    "ON CONFLICT (order_id) DO NOTHING"
)
INSERT_SPLIT_FLAG = (
    "INSERT INTO split_flag_events (tx_hash, log_index, order_id, agency_org_id, "
    "supplier_org_id, window_total_idr, ceiling_idr, block_number, raised_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tx_hash, log_index) DO NOTHING"
)
INSERT_ADENDUM = (
    "INSERT INTO adendum_events (tx_hash, log_index, order_id, number, signed_by, proposed_by, "
    "reason_hash, quantities, delivery_deadline_at, original_total_idr, old_total_idr, "
    "new_total_idr, block_number, signed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (tx_hash, log_index) DO NOTHING"
)
ADENDUM_ORDER = "UPDATE orders SET total_idr = ?, delivery_deadline_at = ? WHERE order_id = ?"
ADENDUM_LINE = "UPDATE order_lines SET quantity = ? WHERE order_id = ? AND line_index = ?"
INSERT_ORDER = (
    "INSERT INTO orders (order_id, ocid, tender_id, agency, agency_org_id, supplier, "
    "supplier_org_id, fiscal_year, total_idr, line_count, delivery_deadline_at, "
    "maintenance_period_sec, state, disputed, created_block, created_tx, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Created', 0, ?, ?, ?) "
    "ON CONFLICT (order_id) DO NOTHING"
)
INSERT_ORDER_LINE = (
    "INSERT INTO order_lines (order_id, line_index, item_hash, quantity, unit_price_idr, unit, "
    "origin_country, due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (order_id, line_index) DO NOTHING"
)
ORDER_TERMS = (
    "UPDATE orders SET retention_bps = ?, penalty_per_mille_per_day = ?, penalty_cap_bps = ?, "
    "confirmation_window_sec = ? WHERE order_id = ?"
)
INSERT_ACCEPTANCE = (
    "INSERT INTO acceptances (order_id, supplier, contract_hash, escrowed_idr, block_number, "
    "tx_hash, accepted_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING"
)
ORDER_STATE = "UPDATE orders SET state = ? WHERE order_id = ?"
ORDER_CANCELLED = (
    "UPDATE orders SET state = 'Cancelled', cancelled_at = ?, cancel_reason_hash = ? "
    "WHERE order_id = ?"
)
ORDER_DELIVERED = (
    "UPDATE orders SET state = 'Delivered', delivered_at = ?, retention_release_at = ? "
    "WHERE order_id = ?"
)
ORDER_TERMINATED = (
    "UPDATE orders SET state = 'Terminated', terminated_at = ?, terminate_reason_hash = ?, "
    "refunded_idr = ?, retention_release_at = ? WHERE order_id = ?"
)
ORDER_CLOSED = "UPDATE orders SET state = 'Closed', closed_at = ?, disputed = 0 WHERE order_id = ?"
ORDER_DISPUTED = "UPDATE orders SET disputed = 1 WHERE order_id = ?"
INSERT_DELIVERY = (
    "INSERT INTO deliveries (tx_hash, log_index, order_id, kind, shipment_id, line_index, "
    "bast_hash, value_idr, days_late, block_number, confirmed_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tx_hash, log_index) DO NOTHING"
)
INSERT_DELIVERY_LINE = (
    "INSERT INTO delivery_lines (tx_hash, log_index, line_index, quantity) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (tx_hash, log_index, line_index) DO NOTHING"
)
INSERT_PAYMENT = (
    "INSERT INTO payments (tx_hash, log_index, order_id, kind, supplier, paid_idr, penalty_idr, "
    "retention_idr, to_agency_idr, block_number, paid_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (tx_hash, log_index) DO NOTHING"
)
INSERT_RULING_PAYMENT = (
    "INSERT INTO payments (tx_hash, log_index, order_id, kind, supplier, paid_idr, penalty_idr, "
    "retention_idr, to_agency_idr, block_number, paid_at) SELECT ?, ?, order_id, 'ruling', "
    "supplier, ?, 0, 0, ?, ?, ? FROM orders WHERE order_id = ? "
    "ON CONFLICT (tx_hash, log_index) DO NOTHING"
)
UPSERT_RETENTION_HELD = (
    "INSERT INTO retention (order_id, held_idr) VALUES (?, (SELECT COALESCE(SUM(retention_idr), 0) "
    "FROM payments WHERE order_id = ? AND kind = 'delivery')) ON CONFLICT (order_id) DO UPDATE "
    "SET held_idr = excluded.held_idr"
)
RETENTION_DUE = "UPDATE retention SET release_at = ? WHERE order_id = ?"
RETENTION_RELEASED = (
    "UPDATE retention SET released_idr = ?, released_at = ?, released_tx = ? WHERE order_id = ?"
)
INSERT_DISPUTE = (
    "INSERT INTO disputes (order_id, opened_by, shipment_id, reason_hash, opened_block, "
    "opened_tx, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING"
)
# Issue 13 item 7: the other party's response to a dispute.
RESPOND_DISPUTE = (
    "UPDATE disputes SET responded_by = ?, response_hash = ?, responded_at = ? WHERE order_id = ?"
)
RESOLVE_DISPUTE = (
    "UPDATE disputes SET arbiter = ?, to_supplier_idr = ?, to_agency_idr = ?, ruling_hash = ?, "
    "resolved_tx = ?, resolved_at = ? WHERE order_id = ?"
)
INSERT_SHIPMENT = (
    "INSERT INTO shipments (shipment_id, order_id, supplier, carrier, custodian, origin_country, "
    "origin_region, producer_gln, expected_arrival_at, status, registered_block, registered_tx, "
    "registered_at, checkpoint_count, head, ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'Registered', "
    "?, ?, ?, 0, ?, ?) ON CONFLICT (shipment_id) DO NOTHING"
)
INSERT_SHIPMENT_LINE = (
    "INSERT INTO shipment_lines (shipment_id, line_index, quantity) VALUES (?, ?, ?) "
    "ON CONFLICT (shipment_id, line_index) DO NOTHING"
)
INSERT_CHECKPOINT = (
    "INSERT INTO checkpoints (shipment_id, idx, custodian, kind, location, latitude_e6, "
    "longitude_e6, occurred_at, evidence_hash, new_head, block_number, tx_hash, log_index, "
    "recorded_at, ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (shipment_id, idx) DO NOTHING"
)
SHIPMENT_ARRIVED = "UPDATE shipments SET status = 'Arrived', arrived_at = ? WHERE shipment_id = ?"
INSERT_CUSTODY = (
    "INSERT INTO custody (tx_hash, log_index, shipment_id, action, from_account, to_account, "
    "block_number, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tx_hash, log_index) DO NOTHING"
)
SHIPMENT_CUSTODIAN = "UPDATE shipments SET custodian = ? WHERE shipment_id = ?"

Args = Mapping[str, Any]
Handler = Callable[["EventWriter", Args, LogMeta], None]


class EventWriter:
    """Turns decoded events into statements of a :class:`Batch`.

    Args:
        batch: Where the statements go.
        accounts: Account (lowercase) → organisation id, as far as indexed; kept up to date from
            ``AccountAdded`` / ``AccountRemoved`` so orders get their parties' organisations.
    """

    def __init__(self, batch: Batch, accounts: dict[str, int]) -> None:
        self.batch = batch
        self.accounts = accounts

    def apply(self, contract: str, event: str, args: Args, meta: LogMeta) -> None:
        """Add the statements of one event (events without a typed table add nothing)."""
        handler = HANDLERS.get((contract, event))
        if handler is not None:
            handler(self, args, meta)

    def _add_logged(self, sql: str, m: LogMeta, *values: Any) -> None:
        """Add a row of an event table: the log's position, ``values``, its block and time."""
        self.batch.add(sql, m.tx_hash, m.log_index, *values, m.block_number, m.at)

    def _add_payment(self, m: LogMeta, order_id: int, *values: Any) -> None:
        """Add a ``payments`` row of order ``order_id`` (keyed: it touches that order only)."""
        params = (m.tx_hash, m.log_index, order_id, *values, m.block_number, m.at)
        self.batch.add_keyed(("order", order_id), INSERT_PAYMENT, *params)

    def org_of(self, account: str) -> int:
        """The organisation ``account`` acted for when the event happened (0: none known)."""
        return self.accounts.get(account, 0)

    # ------------------------------------------------------------------ registry

    def organisation_registered(self, a: Args, m: LogMeta) -> None:
        kind = kind_name(ORG_KINDS, a["kind"])
        self.batch.add(INSERT_ORG, a["orgId"], kind, a["metadataHash"], m.block_number, m.at)
        self.org_event(a["orgId"], "registered", a["metadataHash"], m)

    def org_event(self, org_id: int, action: str, document: str, m: LogMeta) -> None:
        self.batch.add(
            INSERT_ORG_EVENT, m.tx_hash, m.log_index, org_id, action, document, m.block_number, m.at
        )

    def metadata_updated(self, a: Args, m: LogMeta) -> None:
        self.batch.add(UPDATE_ORG_METADATA, a["metadataHash"], a["orgId"])
        self.org_event(a["orgId"], "metadata", a["metadataHash"], m)

    def suspended(self, a: Args, m: LogMeta) -> None:
        self.batch.add(UPDATE_ORG_SUSPENDED, 1, a["orgId"])
        self.org_event(a["orgId"], "suspended", a["reasonHash"], m)

    def reinstated(self, a: Args, m: LogMeta) -> None:
        self.batch.add(UPDATE_ORG_SUSPENDED, 0, a["orgId"])
        self.org_event(a["orgId"], "reinstated", a["reasonHash"], m)

    def account_added(self, a: Args, m: LogMeta) -> None:
        self.accounts[a["account"]] = a["orgId"]
        self.batch.add(UPSERT_ACCOUNT, a["account"], a["orgId"], m.block_number, m.at)

    def account_removed(self, a: Args, m: LogMeta) -> None:
        self.accounts.pop(a["account"], None)
        self.batch.add(REMOVE_ACCOUNT, m.block_number, a["account"])

    def payout_account_set(self, a: Args, m: LogMeta) -> None:
        account = a["account"]
        cleared = int(str(account), 16) == 0
        self.batch.add(UPDATE_ORG_PAYOUT, None if cleared else account, a["orgId"])

    def role_granted(self, a: Args, m: LogMeta) -> None:
        role = ROLE_BY_ID.get(a["role"], a["role"])
        self.batch.add(UPSERT_ROLE, role, a["account"], a["sender"], m.block_number, m.at)

    def role_revoked(self, a: Args, m: LogMeta) -> None:
        role = ROLE_BY_ID.get(a["role"], a["role"])
        self.batch.add(REVOKE_ROLE, m.block_number, role, a["account"])

    def policy_changed(self, a: Args, m: LogMeta) -> None:
        self._add_logged(
            INSERT_POLICY,
            m,
            ascii_text(a["parameter"]),
            amount(a["oldValue"]),
            amount(a["newValue"]),
        )

    def budget_allocated(self, a: Args, m: LogMeta) -> None:
        self.batch.add(
            UPSERT_BUDGET_CEILING, a["agencyOrgId"], a["fiscalYear"], amount(a["ceilingIdr"])
        )

    def budget_moved(self, a: Args, m: LogMeta) -> None:
        self.batch.add(
            UPSERT_BUDGET_COMMITTED, a["agencyOrgId"], a["fiscalYear"], amount(a["committedIdr"])
        )

    # ------------------------------------------------------------------ tendering

    def tender_opened(self, a: Args, m: LogMeta) -> None:
        p = a["params"]
        tender_id = a["tenderId"]
        self.batch.add(
            INSERT_TENDER,
            tender_id,
            a["ocid"],
            a["agency"],
            a["agencyOrgId"],
            p["fiscalYear"],
            p["specHash"],
            p["specUri"],
            amount(p["hpsIdr"]),
            amount(p["bondIdr"]),
            p["bidDeadlineAt"],
            p["revealDeadlineAt"],
            m.block_number,
            m.tx_hash,
            m.at,
        )
        if "deliveryUntilAt" in p:  # the delivery period (issue 13 item 4)
            self.batch.add(
                INSERT_TENDER_PERIOD, tender_id, p["deliveryFromAt"], p["deliveryUntilAt"]
            )
        for index, item in enumerate(p["items"]):
            self.batch.add(
                INSERT_TENDER_ITEM,
                tender_id,
                index,
                item["descriptionHash"],
                item["quantity"],
                ascii_text(item["unit"]),
            )

    def bid_committed(self, a: Args, m: LogMeta) -> None:
        tender_id = a["tenderId"]
        self.batch.add(
            INSERT_BID,
            tender_id,
            a["bidder"],
            a["supplierOrgId"],
            tender_id,
            a["commitment"],
            m.block_number,
            m.tx_hash,
            m.at,
        )
        self.batch.bid_counts.add(tender_id)  # counted once per chunk, after its bids

    def bid_revealed(self, a: Args, m: LogMeta) -> None:
        valid = 1 if a["valid"] else 0
        price = amount(a["priceIdr"])
        self.batch.add(REVEAL_BID, price, a["salt"], valid, m.at, a["tenderId"], a["bidder"])

    def bid_disqualified(self, a: Args, m: LogMeta) -> None:
        self.batch.add(
            DISQUALIFY_BID, a["agencyAccount"], a["reasonHash"], m.at, a["tenderId"], a["bidder"]
        )

    def tender_awarded(self, a: Args, m: LogMeta) -> None:
        tender_id = a["tenderId"]
        self.batch.add(END_TENDER, "Awarded", m.block_number, m.at, None, tender_id)
        self.batch.add(
            INSERT_AWARD,
            tender_id,
            a["supplier"],
            a["supplierOrgId"],
            amount(a["priceIdr"]),
            m.block_number,
            m.tx_hash,
            m.at,
        )

    def tender_failed(self, a: Args, m: LogMeta) -> None:
        self.batch.add(END_TENDER, "Failed", m.block_number, m.at, None, a["tenderId"])

    def tender_cancelled(self, a: Args, m: LogMeta) -> None:
        self.batch.add(
            END_TENDER, "Cancelled", m.block_number, m.at, a["reasonHash"], a["tenderId"]
        )

    def bond_refunded(self, a: Args, m: LogMeta) -> None:
        self.batch.add(BOND_OUTCOME, "refunded", amount(a["amountIdr"]), a["tenderId"], a["bidder"])

    def bond_forfeited(self, a: Args, m: LogMeta) -> None:
        self.batch.add(
            BOND_OUTCOME, "forfeited", amount(a["amountIdr"]), a["tenderId"], a["bidder"]
        )

    def red_flag(self, a: Args, m: LogMeta) -> None:
        self._add_logged(
            INSERT_RED_FLAG,
            m,
            a["tenderId"],
            ascii_text(a["code"]),
            a["bidder"],
            amount(a["priceIdr"]),
        )

    def award_ordered(self, a: Args, m: LogMeta) -> None:
        self.batch.add(TENDER_ORDERED, a["orderId"], a["tenderId"])
        self.batch.add(AWARD_ORDERED, a["orderId"], a["tenderId"])

    def award_unordered(self, a: Args, m: LogMeta) -> None:
        """AwardReopened (its order was cancelled) or AwardForfeited (the awardee defaulted)."""
        self.batch.add(TENDER_UNORDERED, a["tenderId"])
        self.batch.add(AWARD_UNORDERED, a["tenderId"])

    def award_moved(self, a: Args, m: LogMeta) -> None:
        self.batch.add(
            AWARD_MOVED, a["next"], self.org_of(a["next"]), amount(a["priceIdr"]), a["tenderId"]
        )
        self.batch.add(TENDER_UNORDERED, a["tenderId"])

    # ------------------------------------------------------------------ orders

    def order_referenced(self, a: Args, m: LogMeta) -> None:
        """The agency's client reference of an order (unique per organisation on chain)."""
        self.batch.add(INSERT_ORDER_REF, a["orderId"], a["orgId"], a["ref"])

    def split_flagged(self, a: Args, m: LogMeta) -> None:
        """The escrow's red flag RN05: direct purchases above the ceiling within the window."""
        self._add_logged(
            INSERT_SPLIT_FLAG,
            m,
            a["orderId"],
            a["agencyOrgId"],
            a["supplierOrgId"],
            amount(a["windowTotalIdr"]),
            amount(a["ceilingIdr"]),
        )

    def adendum_signed(self, a: Args, m: LogMeta) -> None:
        """A signed adendum (issue 13 item 4, red flag RN06): the order's lines, total and
        deadline take the new terms; the event row keeps the change."""
        quantities = [amount(q) for q in a["quantities"]]
        self._add_logged(
            INSERT_ADENDUM,
            m,
            a["orderId"],
            a["number"],
            a["signedBy"],
            a["proposedBy"],
            a["reasonHash"],
            json.dumps(quantities),
            a["deliveryDeadlineAt"],
            amount(a["originalTotalIdr"]),
            amount(a["oldTotalIdr"]),
            amount(a["newTotalIdr"]),
        )
        self.batch.add(
            ADENDUM_ORDER, amount(a["newTotalIdr"]), a["deliveryDeadlineAt"], a["orderId"]
        )
        for index, quantity in enumerate(quantities):
            self.batch.add(ADENDUM_LINE, quantity, a["orderId"], index)

    def order_created(self, a: Args, m: LogMeta) -> None:
        order_id = a["orderId"]
        key = ("order", order_id)  # each statement touches this order's rows only
        self.batch.add_keyed(
            key,
            INSERT_ORDER,
            order_id,
            a["ocid"],
            a["tenderId"] or None,
            a["agency"],
            self.org_of(a["agency"]),
            a["supplier"],
            self.org_of(a["supplier"]),
            a["fiscalYear"],
            amount(a["totalIdr"]),
            a["lineCount"],
            a["deliveryDeadlineAt"],
            a["maintenancePeriodSec"],
            m.block_number,
            m.tx_hash,
            m.at,
        )
        for index, line in enumerate(a["lines"]):
            self.batch.add_keyed(
                key,
                INSERT_ORDER_LINE,
                order_id,
                index,
                line["itemHash"],
                line["quantity"],
                amount(line["unitPriceIdr"]),
                ascii_text(line["unit"]),
                ascii_text(line["originCountry"]),
                line["dueAt"] or None,
            )

    def order_terms(self, a: Args, m: LogMeta) -> None:
        self.batch.add_keyed(
            ("order", a["orderId"]),
            ORDER_TERMS,
            a["retentionBps"],
            a["penaltyPerMillePerDay"],
            a["penaltyCapBps"],
            a["confirmationWindowSec"],
            a["orderId"],
        )

    def order_accepted(self, a: Args, m: LogMeta) -> None:
        self.batch.add(ORDER_STATE, "Active", a["orderId"])
        self.batch.add(
            INSERT_ACCEPTANCE,
            a["orderId"],
            a["supplier"],
            a["contractHash"],
            amount(a["escrowedIdr"]),
            m.block_number,
            m.tx_hash,
            m.at,
        )

    def order_cancelled(self, a: Args, m: LogMeta) -> None:
        self.batch.add(ORDER_CANCELLED, m.at, a["reasonHash"], a["orderId"])

    def _delivery(self, a: Args, m: LogMeta, kind: str, shipment_id: Any, line_index: Any) -> None:
        """A confirmed delivery: of a shipment, or of a milestone line."""
        self._add_logged(
            INSERT_DELIVERY,
            m,
            a["orderId"],
            kind,
            shipment_id,
            line_index,
            a["bastHash"],
            amount(a["valueIdr"]),
            amount(a["daysLate"]),
        )

    def delivery_confirmed(self, a: Args, m: LogMeta) -> None:
        self._delivery(a, m, "shipment", a["shipmentId"], None)
        for index, quantity in enumerate(a["receivedQuantities"]):
            self.batch.add(INSERT_DELIVERY_LINE, m.tx_hash, m.log_index, index, amount(quantity))

    def milestone_confirmed(self, a: Args, m: LogMeta) -> None:
        self._delivery(a, m, "milestone", None, a["lineIndex"])

    def delivery_deemed(self, a: Args, m: LogMeta) -> None:
        """Deemed acceptance of a shipment: a delivery without a BAST (hash recorded as zero)."""
        self.delivery_confirmed({**a, "bastHash": ZERO_HASH}, m)

    def milestone_deemed(self, a: Args, m: LogMeta) -> None:
        """Deemed acceptance of a milestone: a delivery without a BAST (hash recorded as zero)."""
        self.milestone_confirmed({**a, "bastHash": ZERO_HASH}, m)

    def payment_released(self, a: Args, m: LogMeta) -> None:
        order_id = a["orderId"]
        self._add_payment(
            m,
            order_id,
            "delivery",
            a["supplier"],
            amount(a["paidIdr"]),
            amount(a["penaltyIdr"]),
            amount(a["retentionIdr"]),
            amount(a["penaltyIdr"]),
        )
        self.batch.add_keyed(("order", order_id), UPSERT_RETENTION_HELD, order_id, order_id)

    def order_delivered(self, a: Args, m: LogMeta) -> None:
        key, due = ("order", a["orderId"]), a["retentionReleaseAt"]
        self.batch.add_keyed(key, ORDER_DELIVERED, m.at, due, a["orderId"])
        self.batch.add_keyed(key, RETENTION_DUE, due, a["orderId"])

    def retention_released(self, a: Args, m: LogMeta) -> None:
        order_id = a["orderId"]
        released = amount(a["amountIdr"])
        self._add_payment(
            m,
            order_id,
            "retention",
            a["supplier"],
            released,
            0,
            0,
            0,
        )
        self.batch.add(RETENTION_RELEASED, released, m.at, m.tx_hash, order_id)
        self.batch.add(ORDER_CLOSED, m.at, order_id)

    def order_terminated(self, a: Args, m: LogMeta) -> None:
        self.batch.add(
            ORDER_TERMINATED,
            m.at,
            a["reasonHash"],
            amount(a["refundedIdr"]),
            a["retentionReleaseAt"],
            a["orderId"],
        )
        self.batch.add(RETENTION_DUE, a["retentionReleaseAt"], a["orderId"])

    def dispute_opened(self, a: Args, m: LogMeta) -> None:
        self.batch.add(
            INSERT_DISPUTE,
            a["orderId"],
            a["openedBy"],
            a["shipmentId"] or None,
            a["reasonHash"],
            m.block_number,
            m.tx_hash,
            m.at,
        )
        self.batch.add(ORDER_DISPUTED, a["orderId"])

    def dispute_responded(self, a: Args, m: LogMeta) -> None:
        self.batch.add(RESPOND_DISPUTE, a["respondedBy"], a["responseHash"], m.at, a["orderId"])

    def dispute_resolved(self, a: Args, m: LogMeta) -> None:
        order_id = a["orderId"]
        to_supplier, to_agency = amount(a["toSupplierIdr"]), amount(a["toAgencyIdr"])
        self.batch.add(
            RESOLVE_DISPUTE,
            a["arbiter"],
            to_supplier,
            to_agency,
            a["rulingHash"],
            m.tx_hash,
            m.at,
            order_id,
        )
        self.batch.add(
            INSERT_RULING_PAYMENT,
            m.tx_hash,
            m.log_index,
            to_supplier,
            to_agency,
            m.block_number,
            m.at,
            order_id,
        )
        self.batch.add(ORDER_CLOSED, m.at, order_id)

    # ------------------------------------------------------------------ shipments

    def shipment_registered(self, a: Args, m: LogMeta) -> None:
        shipment_id = a["shipmentId"]
        origin = a["origin"]
        self.batch.add(
            INSERT_SHIPMENT,
            shipment_id,
            a["orderId"],
            a["supplier"],
            a["carrier"],
            a["carrier"],
            ascii_text(origin["countryCode"]),
            ascii_text(origin["region"]),
            ascii_text(origin["producerGln"]),
            a["expectedArrivalAt"],
            m.block_number,
            m.tx_hash,
            m.at,
            ZERO_HASH,
            a["ref"],
        )
        for index, quantity in enumerate(a["quantities"]):
            self.batch.add(INSERT_SHIPMENT_LINE, shipment_id, index, amount(quantity))
        self._add_logged(
            INSERT_CUSTODY,
            m,
            shipment_id,
            "registered",
            a["supplier"],
            a["carrier"],
        )

    def checkpoint(self, a: Args, m: LogMeta) -> None:
        shipment_id = a["shipmentId"]
        index = a["index"]
        self.batch.add(
            INSERT_CHECKPOINT,
            shipment_id,
            index,
            a["custodian"],
            kind_name(CHECKPOINT_KINDS, a["kind"]),
            ascii_text(a["location"]),
            a["latitudeE6"],
            a["longitudeE6"],
            a["occurredAt"],
            a["evidenceHash"],
            a["newHead"],
            m.block_number,
            m.tx_hash,
            m.log_index,
            m.at,
            a["ref"],
        )
        known = self.batch.shipment_progress.get(shipment_id)
        if known is None or known[0] < index + 1:
            self.batch.shipment_progress[shipment_id] = (index + 1, a["newHead"])

    def shipment_arrived(self, a: Args, m: LogMeta) -> None:
        self.batch.add(SHIPMENT_ARRIVED, a["arrivedAt"], a["shipmentId"])

    def custodian_nominated(self, a: Args, m: LogMeta) -> None:
        self._add_logged(
            INSERT_CUSTODY,
            m,
            a["shipmentId"],
            "nominated",
            a["custodian"],
            a["nominee"],
        )

    def custody_reassigned(self, a: Args, m: LogMeta) -> None:
        """The supplier moved custody off a stranded carrier (`CustodyTransferred` follows)."""
        self.batch.add(
            INSERT_CUSTODY,
            m.tx_hash,
            m.log_index,
            a["shipmentId"],
            "reassigned",
            a["supplier"],
            ZERO_ADDRESS,  # the move itself is the `transferred` row that follows
            m.block_number,
            m.at,
        )

    def custody_transferred(self, a: Args, m: LogMeta) -> None:
        self._add_logged(
            INSERT_CUSTODY,
            m,
            a["shipmentId"],
            "transferred",
            a["previousCustodian"],
            a["newCustodian"],
        )
        self.batch.add(SHIPMENT_CUSTODIAN, a["newCustodian"], a["shipmentId"])


HANDLERS: dict[tuple[str, str], Handler] = {
    ("Registry", "OrganisationRegistered"): EventWriter.organisation_registered,
    ("Registry", "OrganisationMetadataUpdated"): EventWriter.metadata_updated,
    ("Registry", "OrganisationSuspended"): EventWriter.suspended,
    ("Registry", "OrganisationReinstated"): EventWriter.reinstated,
    ("Registry", "AccountAdded"): EventWriter.account_added,
    ("Registry", "AccountRemoved"): EventWriter.account_removed,
    ("Registry", "PayoutAccountSet"): EventWriter.payout_account_set,
    ("Registry", "RoleGranted"): EventWriter.role_granted,
    ("Registry", "RoleRevoked"): EventWriter.role_revoked,
    ("Registry", "PolicyChanged"): EventWriter.policy_changed,
    ("Registry", "BudgetAllocated"): EventWriter.budget_allocated,
    ("Registry", "BudgetCommitted"): EventWriter.budget_moved,
    ("Registry", "BudgetReleased"): EventWriter.budget_moved,
    ("Tendering", "TenderOpened"): EventWriter.tender_opened,
    ("Tendering", "BidCommitted"): EventWriter.bid_committed,
    ("Tendering", "BidRevealed"): EventWriter.bid_revealed,
    ("Tendering", "BidDisqualified"): EventWriter.bid_disqualified,
    ("Tendering", "TenderAwarded"): EventWriter.tender_awarded,
    ("Tendering", "TenderFailed"): EventWriter.tender_failed,
    ("Tendering", "TenderCancelled"): EventWriter.tender_cancelled,
    ("Tendering", "BondRefunded"): EventWriter.bond_refunded,
    ("Tendering", "BondForfeited"): EventWriter.bond_forfeited,
    ("Tendering", "RedFlagRaised"): EventWriter.red_flag,
    ("Tendering", "AwardOrdered"): EventWriter.award_ordered,
    ("Tendering", "AwardReopened"): EventWriter.award_unordered,
    ("Tendering", "AwardForfeited"): EventWriter.award_unordered,
    ("Tendering", "AwardMoved"): EventWriter.award_moved,
    ("OrderEscrow", "OrderCreated"): EventWriter.order_created,
    ("OrderEscrow", "OrderTermsFixed"): EventWriter.order_terms,
    ("OrderEscrow", "OrderReferenced"): EventWriter.order_referenced,
    ("OrderEscrow", "DirectPurchaseSplitFlagged"): EventWriter.split_flagged,
    ("OrderEscrow", "AdendumSigned"): EventWriter.adendum_signed,
    ("OrderEscrow", "OrderAccepted"): EventWriter.order_accepted,
    ("OrderEscrow", "OrderCancelled"): EventWriter.order_cancelled,
    ("OrderEscrow", "DeliveryConfirmed"): EventWriter.delivery_confirmed,
    ("OrderEscrow", "MilestoneConfirmed"): EventWriter.milestone_confirmed,
    ("OrderEscrow", "DeliveryDeemedAccepted"): EventWriter.delivery_deemed,
    ("OrderEscrow", "MilestoneDeemedAccepted"): EventWriter.milestone_deemed,
    ("OrderEscrow", "PaymentReleased"): EventWriter.payment_released,
    ("OrderEscrow", "OrderDelivered"): EventWriter.order_delivered,
    ("OrderEscrow", "RetentionReleased"): EventWriter.retention_released,
    ("OrderEscrow", "OrderTerminated"): EventWriter.order_terminated,
    ("OrderEscrow", "DisputeOpened"): EventWriter.dispute_opened,
    ("OrderEscrow", "DisputeResponded"): EventWriter.dispute_responded,
    ("OrderEscrow", "DisputeResolved"): EventWriter.dispute_resolved,
    ("ShipmentTracking", "ShipmentRegistered"): EventWriter.shipment_registered,
    ("ShipmentTracking", "CheckpointRecorded"): EventWriter.checkpoint,
    ("ShipmentTracking", "ShipmentArrived"): EventWriter.shipment_arrived,
    ("ShipmentTracking", "CustodianNominated"): EventWriter.custodian_nominated,
    ("ShipmentTracking", "CustodyTransferred"): EventWriter.custody_transferred,
    ("ShipmentTracking", "CustodyReassigned"): EventWriter.custody_reassigned,
}


def load_accounts(db: Database) -> dict[str, int]:
    """Active account → organisation, as indexed so far."""
    rows = db.query("SELECT address, org_id FROM accounts WHERE active = 1")
    return {str(r["address"]): int(r["org_id"]) for r in rows}


def typed_events() -> Iterable[tuple[str, str]]:
    """(contract, event) pairs that fill typed tables."""
    return HANDLERS.keys()

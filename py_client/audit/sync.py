"""The indexer: every Rantai event from the chain into the audit database.

:func:`sync` reads the logs of the five contracts of a deployment with ``eth_getLogs`` in block
ranges, decodes them (:mod:`py_client.audit.decoder`), stores each as a raw ``events`` row and
in the typed tables (:mod:`py_client.audit.handlers`), with the timestamps of their blocks, and
records the next block to read. Each range commits in one transaction with that mark, so an
interrupted sync resumes where the last commit ended, and re-reading blocks already indexed
changes nothing (events are unique by block number and log index — a log's position in its
block — and known ones are skipped).

Ranges respect the node's cap (Besu: ``--rpc-max-logs-range``, 5000 blocks by default) and adapt:
a range that yields many logs makes the next one smaller, a quiet one larger (up to the cap);
a node that refuses a range ("exceeds maximum range", "more than 10000 results", "response
size exceeded"...) gets the same start with half the range, down to one block.

Block timestamps come from the logs when the node includes ``blockTimestamp`` (recent anvil and
geth), else from ``eth_getBlockByNumber`` in JSON-RPC batches, for blocks holding events only.

Three stages overlap: a thread keeps the next ``eth_getLogs`` in flight (the node answers while
this process works; answers are parsed into :class:`~py_client.audit.rpc.RawLog` records), the
calling thread decodes a range into rows and statements (one route per address and topic0, a
decoder generated per event), and a writer commits the range before it: a thread, or for a
large catch-up (:data:`PROCESS_MIN_LOGS` logs) a child process
(:mod:`py_client.audit.sqlite_child`, :mod:`py_client.audit.postgres_child`), so that the
database driver's work runs beside the decoding instead of taking turns with it under one
interpreter lock. Ranges commit in order, one transaction each with the next-block mark; a
writer that fails stops the sync with its error, and whatever it committed before stays.

Reorgs: a QBFT network (Besu) has immediate finality, so an indexed block never changes. On a
chain without finality, sync only up to a confirmed depth (``to_block``).

Example::

    >>> from py_client.audit.db import open_database
    >>> from py_client.audit.rpc import RawRpc
    >>> from py_client.deployment import Deployment
    >>> db = open_database("rantai-audit.sqlite")  # doctest: +SKIP
    >>> rpc = RawRpc("http://127.0.0.1:8545")
    >>> report = sync(db, rpc, Deployment.load("local"))  # doctest: +SKIP
    >>> report.events  # doctest: +SKIP
    1234
"""

import contextlib
import gc
import json
import logging
import pickle
import queue
import re
import sqlite3
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

import msgspec

from py_client.audit.db import Database, PostgresDatabase
from py_client.audit.decoder import DECODE_ERRORS, ArgsDecoder, LogDecoder, UnknownLog
from py_client.audit.errors import IndexMismatch, RpcError
from py_client.audit.handlers import (
    HANDLERS,
    Batch,
    EventWriter,
    Handler,
    LogMeta,
    load_accounts,
)
from py_client.audit.rpc import RawLog
from py_client.deployment import Deployment

log = logging.getLogger(__name__)

MAX_RANGE = 5000  # Besu's default --rpc-max-logs-range
FIRST_SPAN = 1  # blocks of the first request; ranges then adapt to the logs per block
TARGET_LOGS = 10_000  # logs per eth_getLogs answer the range adapts to
PROCESS_MIN_LOGS = 10_000
"""Logs read in one sync (the answer in hand included), with blocks still to read, from which the
writing moves to a child process (:mod:`py_client.audit.sqlite_child` for a SQLite file,
:mod:`py_client.audit.postgres_child` for PostgreSQL): a large catch-up hands even its first
large range to it."""
CHILD_SCRIPT = Path(__file__).with_name("sqlite_child.py")
POSTGRES_CHILD_SCRIPT = Path(__file__).with_name("postgres_child.py")
STAGE_MIN_ROWS = 100
"""Rows of one plain insert from which the PostgreSQL writer process stages them
(``postgres_child.staged``: ``COPY`` into a temporary table, one ``INSERT … SELECT``)."""
FETCH_AHEAD = 2  # answers read ahead of the decoding
WRITE_AHEAD = 2  # ranges handed to the writer and not yet seen committed
RANGE_CAP = re.compile(r"range", re.IGNORECASE)
RANGE_REFUSED = re.compile(
    r"range|too many|more than|exceed|limit|response size|too large|timeout", re.IGNORECASE
)

EVENT_COLUMNS = (
    "block_number",
    "tx_hash",
    "tx_index",
    "log_index",
    "contract",
    "address",
    "event",
    "args",
    "tender_id",
    "order_id",
    "shipment_id",
)
INSERT_EVENT = (
    "INSERT INTO events (block_number, tx_hash, tx_index, log_index, contract, address, event, "
    "args, tender_id, order_id, shipment_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (block_number, log_index) DO NOTHING"
)
INSERT_BLOCK = (
    "INSERT INTO blocks (block_number, timestamp) VALUES (?, ?) "
    "ON CONFLICT (block_number) DO NOTHING"
)
ARGS_JSON = json.JSONEncoder(separators=(",", ":"))


def _compact_encoder() -> Callable[[Any], str]:
    """``ARGS_JSON.encode`` without its per-call setup: the C encoder built once (the same
    text; ``check_circular`` is moot for decoded arguments, which hold no cycles)."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # an interpreter without the C accelerator
        return ARGS_JSON.encode
    iterencode = make(
        None,
        ARGS_JSON.default,
        json.encoder.encode_basestring_ascii,
        None,
        ":",
        ",",
        False,
        False,
        True,
    )

    def encode(value: Any) -> str:
        return "".join(iterencode(value, 0))

    return encode


_encode_text = _compact_encoder()
_encode_bytes = msgspec.json.Encoder().encode


def encode_args(value: Any) -> str:
    """Arguments of one event as the ``events.args`` JSON text (compact, ASCII): msgspec's
    encoding, the same text as ``ARGS_JSON.encode`` whenever it is printable ASCII (msgspec
    writes other characters unescaped; those few go through the json module)."""
    raw = _encode_bytes(value)
    if raw.isascii() and b"\x7f" not in raw:
        return raw.decode("ascii")
    return _encode_text(value)


_LOG_INDEX_PER_TX = (
    "the node numbers logs per transaction (block {}, log index {} names two transactions); "
    "the indexer needs each log's index in its block, as eth_getLogs defines it"
)

SET_STATE = (
    "INSERT INTO audit_state (key, value) VALUES (?, ?) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)


@dataclass
class SyncReport:
    """What one :func:`sync` did."""

    from_block: int
    to_block: int
    events: int = 0
    skipped: int = 0
    undecoded: int = 0
    ranges: int = 0
    refused_ranges: int = 0
    block_requests: int = 0
    seconds: float = 0.0
    by_event: dict[str, int] = field(default_factory=dict)

    @property
    def events_per_second(self) -> float:
        """Indexed events per second of wall time."""
        return self.events / self.seconds if self.seconds > 0 else 0.0


class RpcLike(Protocol):
    """What :func:`sync` needs of a JSON-RPC client (see :class:`~py_client.audit.rpc.RawRpc`)."""

    def call(self, method: str, params: Sequence[Any] = ()) -> Any:  # pragma: no cover
        """One request's result."""
        raise NotImplementedError

    def results(
        self, method: str, params_list: Sequence[Sequence[Any]]
    ) -> list[Any]:  # pragma: no cover
        """Results of one method for many parameter lists."""
        raise NotImplementedError

    def get_logs(self, query: Mapping[str, Any]) -> list[RawLog]:  # pragma: no cover
        """``eth_getLogs`` answers parsed into :class:`~py_client.audit.rpc.RawLog`."""
        raise NotImplementedError


Progress = Callable[[int, int, int], None]  # (indexed up to block, head block, events so far)


def state(db: Database) -> dict[str, str]:
    """The ``audit_state`` key/values (chain id, addresses, next block)."""
    return {str(r["key"]): str(r["value"]) for r in db.query("SELECT key, value FROM audit_state")}


def check_target(db: Database, rpc: RpcLike, chain_id: int, deployment: Deployment) -> int:
    """The next block to index; records chain, addresses and start block in a new database.

    The hash of the deployment's first block tells two chains apart that share a chain id and
    contract addresses (two test networks deployed by the same key).

    Raises:
        IndexMismatch: The database indexes another chain or other contracts.
    """
    known = state(db)
    addresses = json.dumps({n: a.lower() for n, a in sorted(deployment.addresses.items())})
    block = rpc.call("eth_getBlockByNumber", [hex(deployment.start_block), False])
    start_hash = str(block["hash"]) if isinstance(block, dict) else ""
    if "chain_id" not in known:
        with db.transaction():
            db.execute(SET_STATE, ["chain_id", str(chain_id)])
            db.execute(SET_STATE, ["addresses", addresses])
            db.execute(SET_STATE, ["start_block_hash", start_hash])
            db.execute(SET_STATE, ["next_block", str(deployment.start_block)])
        return deployment.start_block
    if known["chain_id"] != str(chain_id):
        raise IndexMismatch(
            f"audit database {db.target} indexes chain {known['chain_id']}, the node serves "
            f"chain {chain_id}: use another database"
        )
    if known.get("addresses") != addresses:
        raise IndexMismatch(
            f"audit database {db.target} indexes other Rantai contracts than the deployment "
            "file names: use another database"
        )
    if known.get("start_block_hash") != start_hash:
        raise IndexMismatch(
            f"audit database {db.target} indexes another chain (block "
            f"{deployment.start_block} differs): use another database"
        )
    return int(known["next_block"])


@dataclass
class _Span:
    """How many blocks the next ``eth_getLogs`` asks for: about ``target_logs`` logs an answer,
    never more than ``limit`` blocks (lowered when the node refuses a range for its size)."""

    limit: int
    target_logs: int
    blocks: int = 0

    def __post_init__(self) -> None:
        self.blocks = min(self.limit, FIRST_SPAN)

    def refused(self, first: int, last: int, message: str) -> bool:
        """Halve the range the node refused for its size; ``False`` for any other refusal or
        a one-block range (nothing smaller to ask)."""
        if last == first or not RANGE_REFUSED.search(message):
            return False
        blocks = last - first + 1
        if RANGE_CAP.search(message):
            self.limit = max(1, blocks - 1)
        self.blocks = max(1, blocks // 2)
        return True

    def answered(self, first: int, last: int, logs: int) -> None:
        """Narrow the next range after a crowded answer, widen it after a sparse one."""
        blocks = last - first + 1
        if logs > self.target_logs:
            self.blocks = max(1, blocks * self.target_logs // logs)
        elif logs < self.target_logs // 4:
            self.blocks = min(self.limit, blocks * 2)


def sync(
    db: Database,
    rpc: RpcLike,
    deployment: Deployment,
    *,
    to_block: int | None = None,
    max_range: int = MAX_RANGE,
    target_logs: int = TARGET_LOGS,
    progress: Progress | None = None,
) -> SyncReport:
    """Index every Rantai event from the last indexed block up to ``to_block`` (default: head).

    Three stages overlap (see the module's text): fetching the next range, decoding this one,
    writing the one before it; ranges commit in order, each with its next-block mark.

    Args:
        db: The audit database (schema checked by :func:`~py_client.audit.db.open_database`).
        rpc: The node.
        deployment: Addresses and deploy blocks of the contracts.
        to_block: Last block to index; the node's latest block when omitted.
        max_range: Most blocks per ``eth_getLogs`` request (the node's cap).
        target_logs: Logs per answer the range adapts to.
        progress: Called after each committed range.

    Returns:
        What was indexed.

    Raises:
        IndexMismatch: The database indexes another chain or other contracts.
        RpcError: The node failed (or refused even a one-block range), or numbers logs per
            transaction instead of per block.
    """
    started = time.perf_counter()
    chain_id = int(rpc.call("eth_chainId"), 16)
    next_block = check_target(db, rpc, chain_id, deployment)
    head = int(rpc.call("eth_blockNumber"), 16) if to_block is None else to_block
    report = SyncReport(from_block=next_block, to_block=head)
    indexer = _Indexer(db, rpc, deployment, report)
    span = _Span(limit=max(1, max_range), target_logs=target_logs)
    fetcher = _Fetcher(rpc, indexer.addresses, span, report)
    with db.bulk_writes(), _collector_paused():
        try:
            fetcher.start(next_block, head)
            read = 0
            for first, last, logs in fetcher.answers():
                read += len(logs)
                if last < head and read >= PROCESS_MIN_LOGS:
                    indexer.start_child()
                indexer.submit(indexer.prepare(logs, first, last), head, progress)
            indexer.drain()
        finally:  # inside bulk_writes: its reset must not meet the writer thread's transaction
            fetcher.close()
            indexer.close()
    if head >= next_block:
        block = rpc.call("eth_getBlockByNumber", [hex(head), False])
        if isinstance(block, dict):
            db.execute(SET_STATE, ["indexed_through_at", str(int(block["timestamp"], 16))])
    report.seconds = time.perf_counter() - started
    return report


class _Fetcher:
    """Reads the ranges in order on its own thread, up to :data:`FETCH_AHEAD` answers ahead
    of the decoding: the node always has the next range to serve. A range the node refuses
    for its size is asked again, smaller (:class:`_Span`)."""

    def __init__(self, rpc: RpcLike, addresses: list[str], span: _Span, report: SyncReport):
        self.rpc = rpc
        self.addresses = addresses
        self.span = span
        self.report = report
        self._answers: queue.Queue[Any] = queue.Queue(maxsize=FETCH_AHEAD)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, first: int, head: int) -> None:
        """Read blocks ``first``..``head``."""
        self._thread = threading.Thread(
            target=self._run, args=(first, head), name="rantai-getlogs", daemon=True
        )
        self._thread.start()

    def answers(self) -> Iterator[tuple[int, int, list[RawLog]]]:
        """``(first, last, logs)`` of each range in order (the thread's error raised here)."""
        while self._thread is not None:
            item = self._answers.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def _run(self, first: int, head: int) -> None:
        span, report = self.span, self.report
        try:
            while first <= head and not self._stop.is_set():
                last = min(first + span.blocks - 1, head)
                query = {"fromBlock": hex(first), "toBlock": hex(last), "address": self.addresses}
                try:
                    logs = self.rpc.get_logs(query)
                except RpcError as err:
                    if not span.refused(first, last, err.message):
                        raise
                    report.refused_ranges += 1
                    log.info(
                        "node refused blocks %s-%s (%s); trying %s", first, last, err, span.blocks
                    )
                    continue
                report.ranges += 1
                span.answered(first, last, len(logs))
                self._put((first, last, logs))
                first = last + 1
            self._put(None)
        except BaseException as err:  # noqa: BLE001 - handed to the reading thread
            self._put(err)

    def _put(self, item: Any) -> None:
        while not self._stop.is_set():
            try:
                self._answers.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def close(self) -> None:
        """Stop reading (a range in flight is awaited) and end the thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None


_Route = tuple[str, str, str, ArgsDecoder, Handler | None]
"""(contract, address, event name, decoder, handler of the typed tables or ``None``)."""


@dataclass
class _Chunk:
    """One range decoded, waiting for its transaction: the ``blocks`` and ``events`` rows, the
    typed tables' statements, the next block to mark."""

    block_rows: list[tuple[int, int]]
    rows: list[tuple[Any, ...]]
    batch: Batch
    end: int


class _Indexer:
    """Decodes ranges of logs (:meth:`prepare`) and writes them (:meth:`write`), the writing
    optionally on its own thread (:meth:`submit`), one range at a time and in order."""

    def __init__(
        self, db: Database, rpc: RpcLike, deployment: Deployment, report: SyncReport
    ) -> None:
        self.db = db
        self.report = report
        self.rpc = rpc
        self.decoder = LogDecoder(deployment.addresses)
        self.addresses = [a.lower() for a in deployment.addresses.values()]
        self.writer = EventWriter(Batch(), load_accounts(db))
        # One route per (address, topic0): the contract, event, generated decoder and handler.
        self.routes: dict[tuple[str, str], _Route] = {
            key: (contract, address, name, decode, HANDLERS.get((contract, name)))
            for key, (contract, address, name, decode) in self.decoder.routes().items()
        }
        # Blocks up to here may hold indexed events (a rewound or repeated sync); later ones
        # cannot, so their ranges skip the look-up of known events.
        through = db.scalar("SELECT MAX(block_number) FROM events")
        self.indexed_through = -1 if through is None else int(through)
        self._thread: ThreadPoolExecutor | None = None
        self._child: _ChildWriter | None = None
        self._no_child = False
        self._writing: deque[tuple[Callable[[], Any], int, int, Progress | None]] = deque()

    def index(self, logs: list[RawLog], start: int, end: int, report: SyncReport) -> None:
        """Store ``logs`` of blocks ``start``..``end`` and mark ``end + 1`` as the next block."""
        self.report = report
        self.write(self.prepare(logs, start, end))

    def prepare(self, logs: list[RawLog], start: int, end: int) -> _Chunk:
        """Decode ``logs`` of blocks ``start``..``end`` into rows and statements."""
        with _collector_paused():  # already, inside a sync
            return self._prepare(logs, start, end)

    def _prepare(self, logs: list[RawLog], start: int, end: int) -> _Chunk:
        report = self.report
        check = bool(logs) and start <= self.indexed_through
        known = self._known(start, end) if check else {}
        times = self._timestamps(logs)
        writer = self.writer
        batch = writer.batch = Batch()
        rows: list[tuple[Any, ...]] = []
        append = rows.append
        counts: dict[str, int] = {}
        routes = self.routes
        encode, encode_text = _encode_bytes, _encode_text
        new_meta = tuple.__new__  # LogMeta without the named tuple's Python-level __new__
        block_hex, block_number, at = "", 0, 0
        for entry in logs:
            if entry.removed:
                continue
            if entry.blockNumber != block_hex:
                block_hex = entry.blockNumber
                block_number = int(block_hex, 16)
                at = times[block_number]
            tx_hash = entry.transactionHash
            log_index = int(entry.logIndex, 16)
            key = (block_number, log_index)
            if key in known:
                if known[key] != tx_hash:
                    raise RpcError("eth_getLogs", _LOG_INDEX_PER_TX.format(block_number, log_index))
                report.skipped += 1
                continue
            known[key] = tx_hash  # a log the node repeats in one answer is stored once
            topics = entry.topics
            route = routes.get((entry.address, topics[0])) if topics else None
            try:
                if route is None:
                    route = self._route(entry)
                contract, address, name, decode, handler = route
                args = decode(topics, entry.data)
            except UnknownLog as err:
                report.undecoded += 1
                log.warning("skipped a log: %s", err)
                continue
            except DECODE_ERRORS as err:
                report.undecoded += 1
                log.warning("skipped a log: %s.%s log does not decode: %s", contract, name, err)
                continue
            tx_index = int(entry.transactionIndex, 16)
            raw = encode(args)  # encode_args, inline
            text = raw.decode() if raw.isascii() and b"\x7f" not in raw else encode_text(args)
            get = args.get
            append(
                (
                    block_number,
                    tx_hash,
                    tx_index,
                    log_index,
                    contract,
                    address,
                    name,
                    text,
                    get("tenderId") or None,
                    get("orderId") or None,
                    get("shipmentId") or None,
                )
            )
            if handler is not None:
                meta = (block_number, tx_hash, tx_index, log_index, at)
                handler(writer, args, new_meta(LogMeta, meta))
            counts[name] = counts.get(name, 0) + 1
        report.events += len(rows)
        by_event = report.by_event
        for name, count in counts.items():
            by_event[name] = by_event.get(name, 0) + count
        return _Chunk(sorted(times.items()), rows, batch, end)

    def _route(self, entry: RawLog) -> _Route:
        """The route of a log that the table misses: an address or topic in other letter case
        (the node's), else :class:`UnknownLog`."""
        topics = entry.topics
        address = entry.address.lower()
        if address not in self.decoder.contract_of or not topics:
            raise UnknownLog(f"log of {address} is not a Rantai event")
        route = self.routes.get((address, topics[0].lower()))
        if route is None:
            contract = self.decoder.contract_of[address]
            raise UnknownLog(f"{contract} declares no event with topic {topics[0]}")
        return route

    def statements(self, chunk: _Chunk) -> list[tuple[str, list[tuple[Any, ...]]]]:
        """The range's transaction: blocks, events, typed tables, the next-block mark."""
        statements: list[tuple[str, list[tuple[Any, ...]]]] = []
        if chunk.block_rows:
            statements.append((INSERT_BLOCK, chunk.block_rows))
        if chunk.rows:  # new by (tx, log index): known ones and repeats were skipped
            statements.append((INSERT_EVENT, chunk.rows))
        statements.extend(chunk.batch.statements())
        statements.append((SET_STATE, [("next_block", str(chunk.end + 1))]))
        return statements

    def write(self, chunk: _Chunk) -> None:
        """One transaction: the range's rows, statements and next-block mark."""
        db = self.db
        statements = self.statements(chunk)
        with db.transaction():
            db.copy_rows("events", EVENT_COLUMNS, chunk.rows, INSERT_EVENT)
            db.executemany_all([s for s in statements if s[0] is not INSERT_EVENT])

    def start_child(self) -> None:
        """Write the next ranges in a child process (once): a SQLite file's, or a PostgreSQL
        database's (nothing for an in-memory or pooled database)."""
        if self._child is not None or self._no_child:
            return
        db = self.db
        path = _sqlite_file(db)
        postgres = db if isinstance(db, PostgresDatabase) else None
        if path is None and postgres is None:
            return
        self.drain()  # the writer thread's ranges are committed first
        try:
            if postgres is not None:
                script = [str(POSTGRES_CHILD_SCRIPT)]
                error = postgres.writer_error
                first = (postgres.url, STAGE_MIN_ROWS)
                self._child = _ChildWriter(script, error, "PostgreSQL", first)
            else:
                script = [str(CHILD_SCRIPT), str(path)]
                self._child = _ChildWriter(script, sqlite3.OperationalError, "SQLite")
        except OSError as err:  # no interpreter to start: the thread goes on writing
            self._no_child = True
            log.warning("no writer process (%s); writing on a thread", err)
            return
        if self._thread is not None:
            self._thread.shutdown(wait=True)
            self._thread = None

    def submit(self, chunk: _Chunk, head: int, progress: Progress | None) -> None:
        """Hand ``chunk`` to the writer (thread or process), at most :data:`WRITE_AHEAD`
        ranges ahead of the commits seen; ``progress`` hears of each range once committed."""
        while len(self._writing) >= WRITE_AHEAD:
            self._settle()
        child = self._child
        if child is not None:
            child.send(chunk.end, self._child_statements(chunk))
            self._writing.append((child.committed, chunk.end, head, progress))
            return
        if self._thread is None:
            self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rantai-write")
        committed = self._thread.submit(self.write, chunk).result
        self._writing.append((committed, chunk.end, head, progress))

    def _child_statements(self, chunk: _Chunk) -> list[tuple[str, list[tuple[Any, ...]]]]:
        """:meth:`statements` as the writer process runs them: for PostgreSQL, the events as a
        ``COPY`` (:meth:`~py_client.audit.db.Database.copy_rows`: they are new) and the
        placeholders in psycopg's style."""
        statements = self.statements(chunk)
        db = self.db
        if not isinstance(db, PostgresDatabase):
            return statements
        copy = f"COPY events ({', '.join(EVENT_COLUMNS)}) FROM STDIN"
        return [
            (copy, rows) if sql is INSERT_EVENT else (db.placeholders(sql), rows)
            for sql, rows in statements
        ]

    def drain(self) -> None:
        """Wait until every range handed to the writer is committed (an error raised here)."""
        while self._writing:
            self._settle()

    def _settle(self) -> None:
        committed, end, head, progress = self._writing.popleft()
        committed()
        if progress is not None:
            progress(end, head, self.report.events)

    def close(self) -> None:
        """Let the range being written finish (committed or rolled back); stop the writer."""
        if self._thread is not None:
            self._thread.shutdown(wait=True)
            self._thread = None
        if self._child is not None:
            self._child.close()
            self._child = None

    def _known(self, start: int, end: int) -> dict[tuple[int, int], str]:
        """The events already indexed in blocks ``start``..``end``: (block, log index) → tx."""
        self.drain()  # the writer thread's range is committed before the database is read
        rows = self.db.query(
            "SELECT block_number, log_index, tx_hash FROM events "
            "WHERE block_number BETWEEN ? AND ?",
            [start, end],
        )
        return {(int(r["block_number"]), int(r["log_index"])): str(r["tx_hash"]) for r in rows}

    def _timestamps(self, logs: list[RawLog]) -> dict[int, int]:
        times: dict[int, int] = {}
        missing: set[int] = set()
        block_hex = ""
        for entry in logs:
            if entry.blockNumber == block_hex:  # logs come in block order: one look per block
                continue
            block_hex = entry.blockNumber
            number = int(block_hex, 16)
            if number in times:
                continue
            stamp = entry.blockTimestamp
            if stamp is not None:
                times[number] = int(stamp, 16)
            else:
                missing.add(number)
        missing -= times.keys()
        if missing:
            numbers = sorted(missing)
            self.report.block_requests += len(numbers)
            blocks = self.rpc.results("eth_getBlockByNumber", [[hex(n), False] for n in numbers])
            for number, block in zip(numbers, blocks, strict=True):
                if not isinstance(block, dict):
                    raise RpcError("eth_getBlockByNumber", f"block {number} not found")
                times[number] = int(block["timestamp"], 16)
        return times


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while logs are read and rows built (hundreds of thousands of
    new lists, tuples, dicts and strings, none in a cycle, freed by their reference counts):
    the collector would walk them again and again, a quarter of the decoding's time. It runs
    as before once the sync is over."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _sqlite_file(db: Database) -> str | None:
    """The file of a SQLite database (``None``: in memory, or another engine)."""
    if db.dialect != "sqlite" or db.target in ("", ":memory:") or db.target.startswith("file:"):
        return None
    return db.target


class _ChildWriter:
    """A writer process (:mod:`py_client.audit.sqlite_child`,
    :mod:`py_client.audit.postgres_child`): ranges go to it pickled through a pipe (after
    ``first`` when given: the connection URL and settings); it answers each once committed. Its
    failures are raised as ``error`` naming the ``engine``."""

    def __init__(
        self,
        arguments: list[str],
        error: type[Exception],
        engine: str,
        first: Any = None,
    ) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-I", *arguments],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self.error = error
        self.engine = engine
        self._frames: IO[bytes] = self.process.stdin  # type: ignore[assignment]
        self._answers: IO[bytes] = self.process.stdout  # type: ignore[assignment]
        self._sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rantai-pipe")
        self._sent: deque[Future[None]] = deque()
        if first is not None:
            self._sent.append(self._sender.submit(self._write, pickle.dumps(first)))
            self._sent.popleft().result()

    def send(self, end: int, statements: list[tuple[str, list[tuple[Any, ...]]]]) -> None:
        """One range's transaction (written to the pipe by a thread: the caller goes on)."""
        frame = pickle.dumps((end, statements), protocol=pickle.HIGHEST_PROTOCOL)
        self._sent.append(self._sender.submit(self._write, frame))

    def _write(self, frame: bytes) -> None:
        self._frames.write(frame)
        self._frames.flush()

    def committed(self) -> None:
        """Wait until the range sent last is committed.

        Raises:
            Exception: ``error`` (``sqlite3.OperationalError``…): the writer rolled it back, or
                stopped.
        """
        try:
            _, error = pickle.load(self._answers)  # noqa: S301 (our child's pipe)
        except EOFError:
            code = self.process.wait()
            raise self.error(f"the {self.engine} writer process stopped (exit {code})") from None
        if error is not None:
            raise self.error(f"the {self.engine} writer process: {error}")
        self._sent.popleft().result()

    def close(self) -> None:
        """No more ranges: the writer finishes the ones it has and exits."""
        self._sender.shutdown(wait=True)
        with contextlib.suppress(BrokenPipeError):  # it stopped: its error is reported
            self._frames.close()
        self.process.wait()
        self._answers.close()

"""The pipelined sender: sign ahead, broadcast in raw JSON-RPC batches, collect receipts in batches.

Two threads share the work. The caller's thread signs jobs with local nonces (one
:class:`~py_client.bulk.presign.Presigner` per sender) in chunks of ``batch_size``, hands each
chunk to :meth:`PipelineHooks.signed` (the place to persist the signed bytes *before* they
leave the machine) and queues it; a sender thread posts each chunk as one JSON-RPC array of
``eth_sendRawTransaction``, looks at the chain head every few milliseconds and, when it moved,
asks for the receipts of everything in flight, also in arrays. The signing of the next chunk
overlaps the node's work on the previous one.

At most ``max_in_flight`` transactions per sender are signed and not yet mined: a node keeps
a bounded number of transactions per sender in its pool (Besu's layered pool:
``tx-pool-max-future-by-sender``, 200 by default), and the bound keeps a run inside it.

What can happen to a transaction, each reported through :class:`PipelineHooks`:

- *mined*: its receipt arrived (status 1 or 0; a revert is the caller's business);
- *rejected*: the node refused it; later nonces of that sender cannot be mined before it,
  so the sender is stopped: its later transactions are *stuck* and its unsigned jobs *unsent*;
- *dropped*: no receipt, and the sender's nonce has moved past it (another transaction used the
  nonce), so it can never be mined: safe to sign again with a new nonce;
- *timed out*: no receipt within ``timeout_s`` although the same bytes were re-broadcast every
  ``rebroadcast_after_s`` seconds.

Example::

    >>> rpc = RawRpc("http://127.0.0.1:8545")  # doctest: +SKIP
    >>> signer = Presigner(account, 31337, Fees.from_fields(chain.fee_fields("auto")),
    ...                    rpc.nonces([account.address], "pending")[0])  # doctest: +SKIP
    >>> jobs = [Job(n, signer.address, TxRequest(token, data, 60_000)) for n, data in ...]
    >>> stats = Pipeline(rpc, [signer]).run(jobs)  # doctest: +SKIP
    >>> stats.mined  # doctest: +SKIP
    2000
"""

import logging
import queue
import threading
import time
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from py_client.bulk.presign import Presigner, SignedTx, TxRequest
from py_client.bulk.rpc import RawRpc, RpcError
from py_client.errors import InvalidInput

log = logging.getLogger(__name__)

DEFAULT_MAX_IN_FLIGHT = 150
"""Transactions per sender signed but not yet mined. Above the ~139 one-line orders a 30M-gas
block holds, so one sender can fill every block (at 100 the bound itself capped a run at 72 % of
the node's ceiling); below Besu's per-sender pool limit (``tx-pool-max-future-by-sender`` =
200 sequential transactions by default) by 50, left for other transactions of the account."""

DEFAULT_BATCH_SIZE = 50
"""Transactions per ``eth_sendRawTransaction`` array. A chunk is at most half the in-flight
bound, so one chunk can be signed while the previous one is with the node."""

_HEAD_POLL_S = 0.005
"""Seconds between looks at the chain head while transactions are in flight: one cheap
``eth_blockNumber``; the receipts are asked for only when the head moved (or every
``_MAX_POLL_S``), so a new block is seen within a few milliseconds without posting arrays of
receipt queries to the node a hundred times a block."""
_MAX_POLL_S = 0.05
_RECEIPTS_PER_POLL = 1_000
_NONCE_TOO_LOW = ("nonce too low", "nonce is too low", "old nonce")


@dataclass(frozen=True)
class Job:
    """One transaction to send: the caller's ``key``, the ``sender`` address and the request."""

    key: Hashable
    sender: str
    request: TxRequest


@dataclass(frozen=True)
class Sent:
    """A job with its signed transaction."""

    job: Job
    tx: SignedTx


class PipelineHooks:
    """Callbacks of a :class:`Pipeline` run; subclass and override what you need.

    ``signed`` runs in the caller's thread before the chunk is broadcast; the others run in
    the sender thread, one at a time.
    """

    def signed(self, batch: Sequence[Sent]) -> None:
        """A chunk was signed and is about to be broadcast: persist it now if you need to."""

    def sent(self, batch: Sequence[Sent]) -> None:
        """A chunk was broadcast (refused transactions are reported to :meth:`rejected`)."""

    def mined(self, item: Sent, receipt: dict[str, Any]) -> None:
        """``item`` was mined; ``receipt`` is the raw JSON-RPC receipt (hex quantities)."""

    def rejected(self, item: Sent, reason: str) -> None:
        """The node refused ``item``; its sender is stopped for the rest of the run."""

    def stuck(self, item: Sent) -> None:
        """``item`` waits behind a refused nonce of its sender; it stays in doubt."""

    def dropped(self, item: Sent) -> None:
        """Another transaction used ``item``'s nonce: it can never be mined."""

    def timed_out(self, item: Sent) -> None:
        """No receipt for ``item`` within the timeout; it stays in doubt."""

    def unsent(self, job: Job) -> None:
        """``job`` was not signed because its sender was stopped."""


@dataclass
class PipelineStats:
    """Counts of a :meth:`Pipeline.run`."""

    signed: int = 0
    sent: int = 0
    mined: int = 0
    rejected: int = 0
    stuck: int = 0
    dropped: int = 0
    timed_out: int = 0
    unsent: int = 0
    elapsed_s: float = 0.0
    first_reason: str | None = None

    @property
    def rate(self) -> float:
        """Mined transactions per second."""
        return self.mined / self.elapsed_s if self.elapsed_s > 0 else 0.0


@dataclass
class _Flight:
    item: Sent
    first_sent: float
    last_sent: float


@dataclass
class _State:
    """What both threads share, under ``lock``."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    freed: threading.Condition = field(init=False)
    in_flight: dict[str, int] = field(default_factory=dict)
    blocked: dict[str, int] = field(default_factory=dict)
    error: BaseException | None = None
    stop: bool = False

    def __post_init__(self) -> None:
        self.freed = threading.Condition(self.lock)


class Pipeline:
    """Sends many transactions of one or more senders with bounded pipelining.

    Args:
        rpc: The node.
        presigners: One per sender (their ``next_nonce`` is where each continues).
        max_in_flight: Bound on signed, unmined transactions per sender.
        batch_size: Transactions per JSON-RPC array.
        timeout_s: Give up waiting for one transaction's receipt after this long.
        rebroadcast_after_s: Re-send the same bytes when a receipt is this late.
        hooks: Callbacks (journal, progress).
    """

    def __init__(
        self,
        rpc: RawRpc,
        presigners: Iterable[Presigner],
        *,
        max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
        batch_size: int = DEFAULT_BATCH_SIZE,
        timeout_s: float = 120.0,
        rebroadcast_after_s: float = 15.0,
        hooks: PipelineHooks | None = None,
    ) -> None:
        if max_in_flight < 1 or batch_size < 1:
            raise InvalidInput("max_in_flight and batch_size must be at least 1")
        self.rpc = rpc
        self.presigners: Mapping[str, Presigner] = {p.address: p for p in presigners}
        self.max_in_flight = max_in_flight
        self.batch_size = max(1, min(batch_size, max_in_flight // 2))
        self.timeout_s = timeout_s
        self.rebroadcast_after_s = rebroadcast_after_s
        self.hooks = hooks or PipelineHooks()
        self.stats = PipelineStats()

    # ------------------------------------------------------------------ caller's thread

    def run(self, jobs: Iterable[Job], resend: Sequence[Sent] = ()) -> PipelineStats:
        """Sign, send and confirm ``jobs``; first re-broadcast ``resend`` (already signed).

        ``resend`` holds transactions signed in an earlier run and not known to be mined:
        their exact bytes are broadcast again and followed like new ones (``signed`` is not
        called for them: they were persisted when first signed).

        Returns:
            The counts; what happened to each job went to the hooks.

        Raises:
            RpcError: The node could not be reached (what was in flight stays in doubt).
            InvalidInput: A job names a sender without a presigner.
        """
        started = time.monotonic()
        state = _State()
        chunks: queue.Queue[list[Sent] | None] = queue.Queue(maxsize=4)
        worker = threading.Thread(
            target=self._sender_thread, args=(state, chunks), name="rantai-bulk-sender", daemon=True
        )
        worker.start()
        try:
            if resend:
                ordered = sorted(resend, key=lambda s: (s.tx.sender, s.tx.nonce))
                with state.lock:
                    for item in ordered:
                        state.in_flight[item.tx.sender] = state.in_flight.get(item.tx.sender, 0) + 1
                self._put(state, chunks, list(ordered))
            chunk: list[Sent] = []
            for job in jobs:
                presigner = self.presigners.get(job.sender)
                if presigner is None:
                    raise InvalidInput(f"no signer for sender {job.sender}")
                if not self._reserve(state, job.sender, chunk, chunks):
                    self.stats.unsent += 1
                    self.hooks.unsent(job)
                    continue
                chunk.append(Sent(job, presigner.sign(job.request)))
                self.stats.signed += 1
                if len(chunk) >= self.batch_size:
                    self._flush(state, chunk, chunks)
                    chunk = []
            if chunk:
                self._flush(state, chunk, chunks)
            self._put(state, chunks, None)
            while worker.is_alive():
                worker.join(0.2)
        except BaseException:
            with state.lock:
                state.stop = True
            _drain(chunks)
            worker.join(5)
            raise
        finally:
            self.stats.elapsed_s = time.monotonic() - started
        if state.error is not None:
            raise state.error
        return self.stats

    def _reserve(
        self,
        state: _State,
        sender: str,
        chunk: list[Sent],
        chunks: "queue.Queue[list[Sent] | None]",
    ) -> bool:
        """Wait for a free slot of ``sender``; False when the sender is stopped."""
        with state.lock:
            if state.error is not None:
                raise state.error
            if sender in state.blocked:
                return False
            if state.in_flight.get(sender, 0) < self.max_in_flight:
                state.in_flight[sender] = state.in_flight.get(sender, 0) + 1
                return True
        if chunk:  # the slots we wait for may sit in this unsent chunk
            self._flush(state, list(chunk), chunks)
            chunk.clear()
        # Wait for a whole chunk of free slots, not one: receipts arrive a few at a time, and
        # resuming at every one would send arrays of one or two transactions.
        wanted = self.max_in_flight - self.batch_size
        with state.lock:
            while True:
                if state.error is not None:
                    raise state.error
                if sender in state.blocked:
                    return False
                if state.in_flight.get(sender, 0) <= wanted:
                    state.in_flight[sender] = state.in_flight.get(sender, 0) + 1
                    return True
                state.freed.wait(0.5)

    def _flush(
        self, state: _State, chunk: list[Sent], chunks: "queue.Queue[list[Sent] | None]"
    ) -> None:
        self.hooks.signed(chunk)
        self._put(state, chunks, chunk)

    def _put(
        self, state: _State, chunks: "queue.Queue[list[Sent] | None]", chunk: list[Sent] | None
    ) -> None:
        while True:
            with state.lock:
                if state.error is not None:
                    raise state.error
            try:
                chunks.put(chunk, timeout=0.2)
                return
            except queue.Full:
                continue

    # ------------------------------------------------------------------ sender thread

    def _sender_thread(self, state: _State, chunks: "queue.Queue[list[Sent] | None]") -> None:
        flights: dict[str, _Flight] = {}
        closing = False
        poll = _Poll()
        try:
            while not (closing and not flights):
                with state.lock:
                    if state.stop:
                        return
                try:
                    chunk = chunks.get(timeout=_HEAD_POLL_S if flights or closing else 0.2)
                except queue.Empty:
                    chunk = []
                if chunk is None:
                    closing = True
                elif chunk:
                    self._broadcast(state, chunk, flights)
                if flights and poll.due(self.rpc):
                    poll.found = self._collect(state, flights)
                    self._chase_late(state, flights)
        except BaseException as err:  # noqa: BLE001 (not swallowed: the caller's thread re-raises it)
            with state.lock:
                state.error = err
                state.freed.notify_all()

    def _broadcast(self, state: _State, chunk: list[Sent], flights: dict[str, _Flight]) -> None:
        with state.lock:
            blocked = dict(state.blocked)
        live = [s for s in chunk if not _behind(s, blocked)]
        for item in chunk:
            if _behind(item, blocked):
                self._finish(state, item, "stuck")
        errors = self.rpc.send_raw([s.tx.raw for s in live])
        now = time.monotonic()
        accepted: list[Sent] = []
        for item, error in zip(live, errors, strict=True):
            if error is None or _nonce_too_low(error):  # too low: mined already, or dropped
                flights[item.tx.tx_hash] = _Flight(item, now, now if error is None else 0.0)
                accepted.append(item)
                continue
            self.stats.first_reason = self.stats.first_reason or error
            with state.lock:
                previous = state.blocked.get(item.tx.sender)
                if previous is None or item.tx.nonce < previous:
                    state.blocked[item.tx.sender] = item.tx.nonce
            self._finish(state, item, "rejected", error)
        self.stats.sent += len(accepted)
        self.hooks.sent(accepted)
        self._unstick(state, flights)

    def _unstick(self, state: _State, flights: dict[str, _Flight]) -> None:
        """Release transactions queued behind a refused nonce of their sender."""
        with state.lock:
            blocked = dict(state.blocked)
        if not blocked:
            return
        for tx_hash, flight in list(flights.items()):
            if _behind(flight.item, blocked):
                del flights[tx_hash]
                self._finish(state, flight.item, "stuck")

    def _collect(self, state: _State, flights: dict[str, _Flight]) -> bool:
        waiting = sorted(flights.values(), key=lambda f: f.first_sent)[:_RECEIPTS_PER_POLL]
        receipts = self.rpc.receipts([f.item.tx.tx_hash for f in waiting])
        found = False
        for flight, receipt in zip(waiting, receipts, strict=True):
            if receipt is None or receipt.get("blockNumber") is None:
                continue
            del flights[flight.item.tx.tx_hash]
            self.stats.mined += 1
            self.hooks.mined(flight.item, receipt)
            self._release(state, flight.item)
            found = True
        return found

    def _chase_late(self, state: _State, flights: dict[str, _Flight]) -> None:
        """Re-broadcast late transactions, detect dropped ones, give up after the timeout."""
        now = time.monotonic()
        late = [f for f in flights.values() if now - f.last_sent >= self.rebroadcast_after_s]
        if not late:
            return
        senders = sorted({f.item.tx.sender for f in late})
        counts = dict(zip(senders, self.rpc.nonces(senders, "latest"), strict=True))
        used = [f for f in late if f.item.tx.nonce < counts[f.item.tx.sender]]
        # The nonce moved past them: mined (receipt now visible) or replaced by another tx.
        receipts = self.rpc.receipts([f.item.tx.tx_hash for f in used]) if used else []
        for flight, receipt in zip(used, receipts, strict=True):
            del flights[flight.item.tx.tx_hash]
            if receipt is not None and receipt.get("blockNumber") is not None:
                self.stats.mined += 1
                self.hooks.mined(flight.item, receipt)
                self._release(state, flight.item)
            else:
                self._finish(state, flight.item, "dropped")
        for flight in late:
            if flight.item.tx.tx_hash not in flights:
                continue
            if now - flight.first_sent >= self.timeout_s:
                del flights[flight.item.tx.tx_hash]
                self._finish(state, flight.item, "timed_out")
                continue
            log.info("receipt of %s is late; sending the same bytes again", flight.item.tx.tx_hash)
            error = self.rpc.send_raw([flight.item.tx.raw])[0]
            if error is not None and not _nonce_too_low(error):
                log.warning("re-broadcast of %s refused: %s", flight.item.tx.tx_hash, error)
            flight.last_sent = now

    def _finish(self, state: _State, item: Sent, outcome: str, reason: str = "") -> None:
        if outcome == "rejected":
            self.stats.rejected += 1
            self.hooks.rejected(item, reason)
        elif outcome == "stuck":
            self.stats.stuck += 1
            self.hooks.stuck(item)
        elif outcome == "dropped":
            self.stats.dropped += 1
            self.hooks.dropped(item)
        else:
            self.stats.timed_out += 1
            self.hooks.timed_out(item)
        self._release(state, item)

    def _release(self, state: _State, item: Sent) -> None:
        with state.lock:
            state.in_flight[item.tx.sender] = state.in_flight.get(item.tx.sender, 1) - 1
            state.freed.notify_all()


@dataclass
class _Poll:
    """When the sender thread asks for receipts: when the chain head moved since the last
    look, when the last ask found some (a block's receipts may show up one poll late), or
    ``_MAX_POLL_S`` after the last ask."""

    head: Any = None
    last: float = 0.0
    found: bool = False

    def due(self, rpc: RawRpc) -> bool:
        now = time.monotonic()
        if self.found or now - self.last >= _MAX_POLL_S:
            self.last = now
            return True
        head = rpc.call("eth_blockNumber")
        if head == self.head:
            return False
        self.head, self.last = head, now
        return True


def _behind(item: Sent, blocked: Mapping[str, int]) -> bool:
    refused = blocked.get(item.tx.sender)
    return refused is not None and item.tx.nonce > refused


def _nonce_too_low(error: str) -> bool:
    lowered = error.lower()
    return any(text in lowered for text in _NONCE_TOO_LOW)


def _drain(chunks: "queue.Queue[list[Sent] | None]") -> None:
    while True:
        try:
            chunks.get_nowait()
        except queue.Empty:
            return


def send_all(
    rpc: RawRpc,
    presigners: Iterable[Presigner],
    jobs: Iterable[Job],
    *,
    max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
    batch_size: int = DEFAULT_BATCH_SIZE,
    timeout_s: float = 120.0,
    on_receipt: Callable[[Hashable, dict[str, Any]], None] | None = None,
) -> dict[Hashable, dict[str, Any]]:
    """Send ``jobs`` through a :class:`Pipeline`; return the receipt of each job by key.

    The simplest use of the pipeline, for tools that need many transactions and no journal
    (benchmarks, test data): a refused transaction raises. For very many transactions pass
    ``on_receipt`` (called with each job's key and raw receipt, from the sender thread): the
    receipts are then handed over instead of kept, and the returned dict is empty.

    Raises:
        RpcError: The node refused a transaction or could not be reached.
        TimeoutError: A receipt did not arrive in time.
    """

    class Collect(PipelineHooks):
        def __init__(self) -> None:
            self.receipts: dict[Hashable, dict[str, Any]] = {}
            self.problems: list[str] = []

        def mined(self, item: Sent, receipt: dict[str, Any]) -> None:
            if on_receipt is not None:
                on_receipt(item.job.key, receipt)
            else:
                self.receipts[item.job.key] = receipt

        def rejected(self, item: Sent, reason: str) -> None:
            self.problems.append(f"{item.tx.tx_hash} refused: {reason}")

        def dropped(self, item: Sent) -> None:
            self.problems.append(f"{item.tx.tx_hash} dropped: its nonce was used by another tx")

        def timed_out(self, item: Sent) -> None:
            self.problems.append(f"{item.tx.tx_hash}: no receipt within {timeout_s} s")

    hooks = Collect()
    pipeline = Pipeline(
        rpc,
        presigners,
        max_in_flight=max_in_flight,
        batch_size=batch_size,
        timeout_s=timeout_s,
        hooks=hooks,
    )
    pipeline.run(jobs)
    if hooks.problems:
        raise RpcError("eth_sendRawTransaction", "; ".join(hooks.problems[:3]))
    return hooks.receipts


__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_MAX_IN_FLIGHT",
    "Job",
    "Pipeline",
    "PipelineHooks",
    "PipelineStats",
    "Sent",
    "send_all",
]

"""The bulk engine: validate a whole file, then send it pipelined and exactly once.

A run:

1. reads every row of the file (CSV or JSON; :meth:`Operation.read`) and refuses unknown
   columns;
2. opens the journal (default ``<file>.journal``, next to the input) and checks that every row
   it recorded is still the same (same position, same cells);
3. resolves what an earlier run left in doubt: a journaled transaction with a receipt is done
   (or failed); one whose nonce was used by another transaction is dropped and its row
   pending again; any other is re-broadcast byte for byte (same hash, same nonce);
4. validates every pending row against the chain (batched reads) and estimates gas per shape
   of transaction; a row already done on chain is skipped; if any row is invalid, nothing is
   sent unless ``skip_invalid``;
5. signs ahead with local nonces, journals the signed bytes (fsync) before broadcasting them in
   raw JSON-RPC batches, follows receipts in batches, with a bound on transactions in flight
   per sender;
6. writes the report (default ``<file>.report.json``).

Why it is exactly once: a row's transaction is bound to one (sender, nonce) and its bytes are
durable before they can reach the node, so a run killed at any moment leaves each row either
unsigned (sent by the next run), or with journaled bytes the next run finds mined, re-sends
identically (the node accepts one transaction per nonce: never two), or finds replaced by
another transaction at that nonce (then it was never mined and is signed anew). Re-running a
finished file sends nothing. Rows of idempotent operations (acceptance, delivery
confirmation) are also checked on chain, so a row done by other means is skipped.

Example::

    >>> from py_client import Rantai
    >>> from py_client.bulk import run_bulk
    >>> report = run_bulk(Rantai.connect(), "orders", "orders.csv")  # doctest: +SKIP
    >>> report.counts["done"], report.report_file  # doctest: +SKIP
    (2000, 'orders.csv.report.json')
"""

import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eth_account.signers.local import LocalAccount

from py_client.bulk.journal import Journal, JournalError, RowRecord
from py_client.bulk.operations import Env, Operation, Prepared, Reader, Verdict, operation
from py_client.bulk.pipeline import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_MAX_IN_FLIGHT,
    Job,
    Pipeline,
    PipelineHooks,
    Sent,
)
from py_client.bulk.presign import Fees, Presigner, TxRequest, request_of
from py_client.bulk.report import BulkReport, Progress, RowOutcome
from py_client.bulk.rows import Row
from py_client.bulk.rpc import RawRpc
from py_client.client import Rantai
from py_client.errors import ConfigError, NoSigner, RantaiError, TransactionReverted
from py_client.reverts import decode_revert

log = logging.getLogger(__name__)

GAS_MARGIN_PERCENT = 25
GAS_MARGIN_FIXED = 10_000
MAX_ROUNDS = 3
"""Rounds of sending: a row whose nonce another transaction took is signed anew next round."""


@dataclass
class BulkOptions:
    """Options of :func:`run_bulk`.

    Attributes:
        journal: The journal file (default: ``<input>.journal`` beside the input).
        report: The report file (default: ``<input>.report.json``).
        skip_invalid: Send the valid rows even if some are invalid (those are skipped).
        retry_failed: Send again the rows whose transaction reverted in an earlier run.
        check_only: Validate and report; send nothing, write no journal.
        max_in_flight: Transactions per sender signed and not yet mined.
        batch_size: Transactions per JSON-RPC array.
        signers: Signing keys (default: the client's signer); each row goes to the key allowed
            to act on it.
        progress: Called with a :class:`Progress` as receipts arrive (from another thread).
    """

    journal: Path | None = None
    report: Path | None = None
    skip_invalid: bool = False
    retry_failed: bool = False
    check_only: bool = False
    max_in_flight: int = DEFAULT_MAX_IN_FLIGHT
    batch_size: int = DEFAULT_BATCH_SIZE
    signers: Sequence[LocalAccount] = ()
    progress: Callable[[Progress], None] | None = None


def run_bulk(
    client: Rantai,
    operation_name: str | Operation,
    path: str | Path,
    options: BulkOptions | None = None,
) -> BulkReport:
    """Run a bulk operation over a CSV or JSON file (see the module docstring).

    Args:
        client: A connected client; its signer signs unless ``options.signers`` are given.
        operation_name: A name of :data:`~py_client.bulk.operations.OPERATIONS` (``tenders``,
            ``orders``, ``tender-orders``, ``accept``, ``shipments``, ``checkpoints``,
            ``deliveries``) or an :class:`Operation`.
        path: The input file (``.json`` for JSON, otherwise CSV).
        options: See :class:`BulkOptions`.

    Returns:
        The report; also written to the report file. ``report.invalid_blocking`` tells that
        invalid rows stopped the run before anything was sent.

    Raises:
        InputError: The file is missing, unreadable, not rows, or has an unknown column.
        JournalError: The journal belongs to another run, or a journaled row changed.
        NoSigner: No signing key.
        RpcError: The node cannot be reached (the journal keeps what was in flight).
    """
    return _Run(client, operation_name, Path(path), options or BulkOptions()).run()


class _Run:
    def __init__(
        self, client: Rantai, op: str | Operation, path: Path, options: BulkOptions
    ) -> None:
        self.client = client
        self.op = operation(op) if isinstance(op, str) else op
        self.path = path
        self.options = options
        accounts = list(options.signers) or ([client.account] if client.account else [])
        if not accounts:
            raise NoSigner()
        self.accounts = {str(a.address): a for a in accounts}
        endpoint = client.chain.endpoint
        if not endpoint.url:
            raise ConfigError("bulk operations need an HTTP JSON-RPC endpoint")
        self.rpc = RawRpc.for_endpoint(endpoint)  # the client's credentials too
        self.addresses = dict(client.deployment.addresses)
        self.target = self.addresses[self.op.contract]
        self.journal_path = options.journal or path.with_name(path.name + ".journal")
        self.report_path = options.report or path.with_name(path.name + ".report.json")
        self.verdicts: dict[int, Verdict] = {}
        self.notes: dict[int, tuple[str, str]] = {}  # row -> (state, reason) of this run
        self.lock = threading.Lock()
        self.sent = 0
        self.stopped: str | None = None

    # ------------------------------------------------------------------ the run

    def run(self) -> BulkReport:
        started = time.monotonic()
        rows = self.op.read(self.path)
        self.rows = {r.number: r for r in rows}
        header = {
            "operation": self.op.name,
            "chainId": self.client.chain_id,
            "contract": self.target,
            "input": self.path.name,
        }
        journal = Journal.open(self.journal_path, header)
        self._check_rows(journal)
        send_s = 0.0
        try:
            resend = self._resolve(journal) if not self.options.check_only else []
            todo = self._todo(journal, resend)
            prepared = self._validate(todo)
            blocking = any(v.state == "invalid" for v in self.verdicts.values())
            if self.options.check_only or (blocking and not self.options.skip_invalid):
                report = self._report(journal, started, 0.0, blocking=blocking)
                report.write(self.report_path)
                return report
            for _ in range(MAX_ROUNDS):
                if not prepared and not resend:
                    break
                began = time.monotonic()
                dropped = self._send(journal, prepared, resend)
                send_s += time.monotonic() - began
                resend = []
                if not dropped or self.stopped:
                    break
                prepared = self._validate([self.rows[n] for n in dropped])
        finally:
            journal.close()
        report = self._report(journal, started, send_s, blocking=False)
        report.write(self.report_path)
        return report

    def _check_rows(self, journal: Journal) -> None:
        for number, record in journal.rows.items():
            row = self.rows.get(number)
            if row is None or row.row_hash != record.row_hash:
                where = row.label if row else f"row {number}"
                raise JournalError(
                    f"{self.path}: {where} changed since the journal {self.journal_path} "
                    "recorded it; restore the file or give another --journal"
                )

    def _todo(self, journal: Journal, resend: list[Sent]) -> list[Row]:
        flying = {s.job.key for s in resend}
        todo = []
        for number, row in self.rows.items():
            record = journal.rows.get(number)
            if number in flying:
                continue
            retry = record is not None and record.state == "failed" and self.options.retry_failed
            if record is None or record.state == "pending" or retry:
                todo.append(row)
            elif record.in_doubt:  # check-only runs do not resolve: leave them alone
                continue
        return todo

    # ------------------------------------------------------------------ resuming

    def _resolve(self, journal: Journal) -> list[Sent]:
        """Settle the rows an earlier run left signed; return those to re-broadcast."""
        doubtful = [r for r in journal.rows.values() if r.in_doubt]
        if not doubtful:
            return []
        senders = sorted({str(r.sender) for r in doubtful})
        counts = dict(zip(senders, self.rpc.nonces(senders, "latest"), strict=True))
        receipts = self.rpc.receipts([str(r.tx_hash) for r in doubtful])
        resend: list[Sent] = []
        for record, receipt in zip(doubtful, receipts, strict=True):
            tx = record.signed_tx
            if tx is None:
                continue
            request = request_of(tx.raw)
            if receipt is not None and receipt.get("blockNumber") is not None:
                self._mined(journal, record.number, tx.sender, request, receipt)
            elif tx.nonce < counts[tx.sender]:
                journal.dropped(record.number, tx.tx_hash, "its nonce was used by another tx")
            else:
                resend.append(Sent(Job(record.number, tx.sender, request), tx))
        log.info("resuming: %d transactions in doubt, %d sent again", len(doubtful), len(resend))
        return resend

    # ------------------------------------------------------------------ validation

    def _validate(self, rows: list[Row]) -> list[Prepared]:
        for row in rows:
            self.verdicts.pop(row.number, None)
        if not rows:
            return []
        env = Env(
            Reader(self.rpc, self.addresses),
            self.addresses,
            sorted(self.accounts),
            self.client.now(),
            self.path.parent,
        )
        prepared, verdicts = self.op.prepare(rows, env)
        for verdict in verdicts:
            self.verdicts[verdict.row.number] = verdict
        return self._estimate(prepared)

    def _estimate(self, prepared: list[Prepared]) -> list[Prepared]:
        """Gas per shape: the estimate of the first row of each shape that does not revert."""
        groups: dict[Hashable, list[Prepared]] = defaultdict(list)
        for item in prepared:
            groups[item.shape].append(item)
        self.gas: dict[Hashable, int] = getattr(self, "gas", {})
        waiting = {shape: 0 for shape in groups if shape not in self.gas}
        while waiting:
            probes = [(shape, groups[shape][index]) for shape, index in waiting.items()]
            replies = self.rpc.estimates(
                [{"from": p.sender, "to": p.to, "data": "0x" + p.data.hex()} for _, p in probes]
            )
            for (shape, probe), reply in zip(probes, replies, strict=True):
                if reply.ok:
                    estimate = int(str(reply.result), 16)
                    self.gas[shape] = (
                        estimate * (100 + GAS_MARGIN_PERCENT) // 100 + GAS_MARGIN_FIXED
                    )
                    del waiting[shape]
                    continue
                error = (
                    decode_revert(reply.data)
                    if reply.data and len(reply.data) >= 10
                    else TransactionReverted(str(reply.error))
                )
                self.verdicts[probe.row.number] = Verdict(
                    probe.row, "invalid", f"the chain would refuse it: {_reason(error)}"
                )
                waiting[shape] += 1
                if waiting[shape] >= len(groups[shape]):
                    del waiting[shape]
        return [p for p in prepared if p.row.number not in self.verdicts and p.shape in self.gas]

    # ------------------------------------------------------------------ sending

    def _send(self, journal: Journal, prepared: list[Prepared], resend: list[Sent]) -> list[int]:
        """One round of the pipeline; returns the rows whose transaction was dropped."""
        fees = Fees.from_fields(self.client.chain.fee_fields(self._gas_mode()))
        addresses = sorted(self.accounts)
        pending = dict(zip(addresses, self.rpc.nonces(addresses, "pending"), strict=True))
        for record in journal.rows.values():  # never reuse a journaled nonce still in doubt
            if record.in_doubt and record.sender in pending and record.nonce is not None:
                pending[record.sender] = max(pending[record.sender], record.nonce + 1)
        presigners = [
            Presigner(self.accounts[a], self.client.chain_id, fees, pending[a]) for a in addresses
        ]
        jobs = [
            Job(p.row.number, p.sender, TxRequest(p.to, p.data, self.gas[p.shape]))
            for p in prepared
        ]
        hooks = _Hooks(self, journal, len(jobs) + len(resend))
        pipeline = Pipeline(
            self.rpc,
            presigners,
            max_in_flight=self.options.max_in_flight,
            batch_size=self.options.batch_size,
            timeout_s=self.client.sender.timeout_s if self.client.sender else 120.0,
            rebroadcast_after_s=(
                self.client.sender.rebroadcast_after_s if self.client.sender else 15.0
            ),
            hooks=hooks,
        )
        stats = pipeline.run(jobs, resend)
        self.sent += stats.sent
        if stats.rejected or stats.timed_out:
            self.stopped = stats.first_reason or "receipts did not arrive in time"
        return hooks.dropped_rows

    def _gas_mode(self) -> Any:
        return self.client.sender.gas_mode if self.client.sender else "auto"

    def _mined(
        self,
        journal: Journal,
        number: int,
        sender: str,
        request: TxRequest,
        receipt: dict[str, Any],
    ) -> bool:
        ok = receipt.get("status") == "0x1"
        reason = None if ok else self._revert_reason(sender, request, receipt)
        journal.mined(
            number,
            str(receipt["transactionHash"]),
            int(receipt["blockNumber"], 16),
            int(receipt.get("gasUsed", "0x0"), 16),
            ok,
            self.op.created_ids(receipt, self.target) if ok else None,
            reason,
        )
        return ok

    def _revert_reason(self, sender: str, request: TxRequest, receipt: dict[str, Any]) -> str:
        block = hex(int(receipt["blockNumber"], 16) - 1)
        call = {"from": sender, "to": request.to, "data": "0x" + request.data.hex()}
        (reply,) = self.rpc.batch([("eth_call", [call, block])])
        if reply.data and len(reply.data) >= 10:
            return f"reverted: {_reason(decode_revert(reply.data))}"
        if int(receipt.get("gasUsed", "0x0"), 16) >= request.gas:
            return f"reverted: out of gas (limit {request.gas})"
        return f"reverted: {reply.error or 'no reason given'}"

    # ------------------------------------------------------------------ report

    def _report(
        self, journal: Journal, started: float, send_s: float, *, blocking: bool
    ) -> BulkReport:
        outcomes = []
        for number, row in self.rows.items():
            outcomes.append(self._outcome(row, journal.rows.get(number)))
        return BulkReport(
            operation=self.op.name,
            input=str(self.path),
            journal=str(self.journal_path),
            chain_id=self.client.chain_id,
            rows=outcomes,
            sent=self.sent,
            elapsed_s=time.monotonic() - started,
            send_elapsed_s=send_s,
            checked_only=self.options.check_only,
            invalid_blocking=blocking and not self.options.check_only,
            stopped=self.stopped,
        )

    def _outcome(self, row: Row, record: RowRecord | None) -> RowOutcome:
        outcome = RowOutcome(row.number, row.label, "pending", ref=row.ref)
        verdict = self.verdicts.get(row.number)
        if record is not None:
            outcome.tx_hash, outcome.sender, outcome.block = (
                record.tx_hash,
                record.sender,
                record.block,
            )
            outcome.created = dict(record.created)
            outcome.reason = record.reason
            outcome.earlier = record.number not in self.notes and record.final
            if record.state == "mined":
                outcome.state = "done"
                return outcome
            if record.state == "failed" and verdict is None:
                outcome.state = "failed"
                return outcome
            if record.in_doubt:
                state, reason = self.notes.get(row.number, ("in_doubt", "not resolved yet"))
                outcome.state, outcome.reason = state, reason
                return outcome
        if verdict is not None:
            outcome.state = verdict.state
            if verdict.state == "invalid" and self.options.skip_invalid:
                outcome.state = "skipped"
            outcome.reason = verdict.reason
            return outcome
        if row.number in self.notes:
            outcome.state, outcome.reason = self.notes[row.number]
        return outcome


class _Hooks(PipelineHooks):
    """Journal and progress of one round."""

    def __init__(self, run: _Run, journal: Journal, total: int) -> None:
        self.run = run
        self.journal = journal
        self.total = total
        self.mined_count = 0
        self.failed_count = 0
        self.started = time.monotonic()
        self.dropped_rows: list[int] = []
        self.last_progress = 0.0

    def signed(self, batch: Sequence[Sent]) -> None:
        rows = self.run.rows
        with self.run.lock:
            self.journal.signed(
                (int(str(s.job.key)), rows[int(str(s.job.key))].row_hash, s.tx) for s in batch
            )

    def sent(self, batch: Sequence[Sent]) -> None:
        with self.run.lock:
            self.journal.sent(int(str(s.job.key)) for s in batch)

    def mined(self, item: Sent, receipt: dict[str, Any]) -> None:
        number = int(str(item.job.key))
        with self.run.lock:
            ok = self.run._mined(self.journal, number, item.tx.sender, item.job.request, receipt)
            self.run.notes[number] = ("done", "") if ok else ("failed", "")
        self.mined_count += 1
        self.failed_count += 0 if ok else 1
        self._progress()

    def rejected(self, item: Sent, reason: str) -> None:
        self._note(item, "refused", f"the node refused it: {reason}")

    def stuck(self, item: Sent) -> None:
        self._note(item, "in_doubt", f"waits behind a refused transaction of {item.tx.sender}")

    def timed_out(self, item: Sent) -> None:
        self._note(item, "in_doubt", f"no receipt for {item.tx.tx_hash} yet")

    def unsent(self, job: Job) -> None:
        self._note(None, "pending", f"not sent: {job.sender} was stopped by a refusal", job)

    def dropped(self, item: Sent) -> None:
        number = int(str(item.job.key))
        with self.run.lock:
            self.journal.dropped(number, item.tx.tx_hash, "its nonce was used by another tx")
            self.dropped_rows.append(number)

    def _note(self, item: Sent | None, state: str, reason: str, job: Job | None = None) -> None:
        key = item.job.key if item is not None else job.key if job is not None else None
        with self.run.lock:
            self.run.notes[int(str(key))] = (state, reason)

    def _progress(self, force: bool = False) -> None:
        callback = self.run.options.progress
        if callback is None:
            return
        now = time.monotonic()
        if not force and now - self.last_progress < 0.1 and self.mined_count < self.total:
            return
        self.last_progress = now
        callback(Progress(self.total, self.mined_count, self.failed_count, now - self.started))


def _reason(error: RantaiError) -> str:
    arguments = getattr(error, "arguments", None)
    if arguments:
        shown = ", ".join(f"{k}={v}" for k, v in arguments.items())
        return f"{type(error).__name__}({shown})"
    return str(error) or type(error).__name__


__all__ = ["BulkOptions", "JournalError", "run_bulk"]

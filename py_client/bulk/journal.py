"""The journal of a bulk run: every row's state, written so a killed run resumes exactly once.

One JSON object per line, appended. The first line is a header binding the journal to one
operation, chain and contract. Then, per row (``row`` is the row's number in the input file,
``rowHash`` the SHA-256 of its cells):

- ``signed``: the row's transaction with its sender, nonce, hash and **raw signed bytes**,
  written, flushed and ``fsync``-ed *before* the bytes are broadcast. Whatever reaches the node
  is therefore in the journal, and a resumed run can only re-send the very same bytes (same
  hash, same nonce: the chain accepts at most one of them);
- ``sent``: broadcast (informational; resuming does not need it);
- ``mined`` (``ok`` true or false, block, gas, created ids, reason of a revert): final;
- ``dropped``: the journaled nonce was used by another transaction, so the row's transaction
  can never be mined; the row is pending again and will be signed anew.

Rows found already done on chain (an order already accepted, a shipment already confirmed)
are not journaled: the chain itself says so on every run.

A run killed in the middle of writing leaves at most one torn last line; it is ignored (it
was never fsync-ed, so its bytes were never broadcast) and cut off before appending.

Example::

    >>> journal = Journal.open(Path("orders.csv.journal"), header)  # doctest: +SKIP
    >>> journal.rows[7].state  # doctest: +SKIP
    'mined'
"""

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from py_client.bulk.presign import SignedTx
from py_client.errors import InvalidInput

JOURNAL_VERSION = 1
HEADER_KEYS = ("operation", "chainId", "contract")

FINAL_STATES = frozenset({"mined", "failed"})


class JournalError(InvalidInput):
    """The journal does not belong to this run (other operation, chain, changed rows)."""


@dataclass
class RowRecord:
    """What the journal knows of one row (the fold of its records)."""

    number: int
    row_hash: str
    state: str = "pending"
    sender: str | None = None
    nonce: int | None = None
    tx_hash: str | None = None
    raw: bytes | None = None
    block: int | None = None
    gas_used: int | None = None
    created: dict[str, int] = field(default_factory=dict)
    reason: str | None = None

    @property
    def final(self) -> bool:
        """Whether nothing is left to do for the row (mined, or failed by a revert)."""
        return self.state in FINAL_STATES

    @property
    def in_doubt(self) -> bool:
        """Whether its transaction was signed (perhaps sent) and its fate is not known yet."""
        return self.state in ("signed", "sent")

    @property
    def signed_tx(self) -> SignedTx | None:
        """The journaled signed transaction, if any."""
        if self.raw is None or self.sender is None or self.nonce is None or self.tx_hash is None:
            return None
        return SignedTx(self.sender, self.nonce, self.raw, self.tx_hash)


class Journal:
    """An append-only journal file (see the module docstring). Not thread-safe by itself:
    the bulk engine serialises its calls."""

    def __init__(self, path: Path, header: dict[str, Any], rows: dict[int, RowRecord]) -> None:
        self.path = path
        self.header = header
        self.rows = rows
        self._file: Any = None

    @classmethod
    def open(cls, path: Path, header: Mapping[str, Any] | None = None) -> "Journal":
        """Read the journal at ``path`` (if any) and check it belongs to ``header``'s run.

        Nothing is written until the first record: a run that sends nothing leaves no journal.
        Without ``header`` the journal is only read (no check; for inspection).

        Raises:
            JournalError: It was written for another operation, chain or contract, or is not
                a journal.
        """
        wanted = {"type": "header", "version": JOURNAL_VERSION, **(header or {})}
        if not path.exists():
            return cls(path, wanted, {})
        rows: dict[int, RowRecord] = {}
        found: dict[str, Any] | None = None
        with path.open("rb") as handle:
            lines = handle.read().split(b"\n")
        for index, line in enumerate(lines):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                if index == len(lines) - 1:  # a torn last line: never fsync-ed, never sent
                    break
                raise JournalError(f"journal {path} is damaged at line {index + 1}") from None
            if found is None:
                if record.get("type") != "header":
                    raise JournalError(f"{path} is not a Rantai bulk journal")
                found = record
                continue
            _apply(rows, record)
        if found is None:
            return cls(path, wanted, {})
        for key in HEADER_KEYS if header is not None else ():
            if found.get(key) != wanted.get(key):
                raise JournalError(
                    f"journal {path} was written for {key} {found.get(key)!r}, not "
                    f"{wanted.get(key)!r}; give another --journal"
                )
        return cls(path, found, rows)

    # ------------------------------------------------------------------ writing

    def _handle(self) -> Any:
        if self._file is None:
            existed = self.path.exists() and self.path.stat().st_size > 0
            self._file = self.path.open("ab")
            if existed:
                self._cut_torn_tail()
            else:
                self._file.write(_line(self.header))
                _fsync_dir(self.path.parent)
        return self._file

    def _cut_torn_tail(self) -> None:
        data = self.path.read_bytes()
        if data and not data.endswith(b"\n"):
            keep = data.rfind(b"\n") + 1
            self._file.close()
            with self.path.open("r+b") as handle:
                handle.truncate(keep)
            self._file = self.path.open("ab")

    def _write(self, records: Iterable[dict[str, Any]], durable: bool) -> None:
        self._append([(record, _line(record)) for record in records], durable)

    def _append(self, lines: list[tuple[dict[str, Any], bytes]], durable: bool) -> None:
        """Write the encoded ``lines`` in one call, then fold their records into ``rows``."""
        if not lines:
            return
        handle = self._handle()
        handle.write(b"".join(line for _, line in lines))
        handle.flush()
        if durable:
            os.fsync(handle.fileno())
        for record, _ in lines:
            _apply(self.rows, record)

    def signed(self, items: Iterable[tuple[int, str, SignedTx]]) -> None:
        """Record signed transactions ``(row, row hash, tx)`` durably (flush + fsync)."""
        lines = []
        for row, row_hash, tx in items:
            record = {
                "type": "signed",
                "row": row,
                "rowHash": row_hash,
                "sender": tx.sender,
                "nonce": tx.nonce,
                "hash": tx.tx_hash,
                "raw": "0x" + tx.raw.hex(),
            }
            lines.append((record, _signed_line(record)))
        self._append(lines, durable=True)

    def sent(self, rows: Iterable[int]) -> None:
        """Record that the rows' transactions were broadcast."""
        numbers = list(rows)
        if numbers:
            self._write([{"type": "sent", "rows": numbers}], durable=False)

    def mined(
        self,
        row: int,
        tx_hash: str,
        block: int,
        gas_used: int,
        ok: bool,
        created: Mapping[str, int] | None = None,
        reason: str | None = None,
    ) -> None:
        """Record the receipt of a row's transaction (``ok`` false: it reverted)."""
        record: dict[str, Any] = {
            "type": "mined",
            "row": row,
            "hash": tx_hash,
            "block": block,
            "gasUsed": gas_used,
            "ok": ok,
        }
        if created:
            record["created"] = dict(created)
        if reason:
            record["reason"] = reason
        self._write([record], durable=False)

    def dropped(self, row: int, tx_hash: str, reason: str) -> None:
        """Record that a row's transaction can never be mined (its nonce was used)."""
        self._write([{"type": "dropped", "row": row, "hash": tx_hash, "reason": reason}], True)

    def close(self) -> None:
        """Flush, fsync and close the file."""
        if self._file is not None:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            self._file = None


def _apply(rows: dict[int, RowRecord], record: Mapping[str, Any]) -> None:
    kind = record.get("type")
    if kind == "sent":
        for number in record.get("rows", []):
            row = rows.get(int(number))
            if row is not None and row.state == "signed":
                row.state = "sent"
        return
    number = int(record["row"])
    row = rows.get(number)
    if kind == "signed":
        rows[number] = RowRecord(
            number=number,
            row_hash=str(record["rowHash"]),
            state="signed",
            sender=str(record["sender"]),
            nonce=int(record["nonce"]),
            tx_hash=str(record["hash"]),
            raw=bytes.fromhex(str(record["raw"])[2:]),
        )
    elif row is None or row.tx_hash != record.get("hash"):
        return  # a receipt of an older transaction of the row (dropped earlier): ignore
    elif kind == "mined":
        row.state = "mined" if record.get("ok") else "failed"
        row.block = int(record["block"])
        row.gas_used = int(record["gasUsed"])
        row.created = {str(k): int(v) for k, v in record.get("created", {}).items()}
        row.reason = record.get("reason")
    elif kind == "dropped":
        row.state = "pending"
        row.reason = record.get("reason")
        row.raw = None


def _line(record: Mapping[str, Any]) -> bytes:
    return json.dumps(record, separators=(",", ":")).encode() + b"\n"


def _signed_line(record: Mapping[str, Any]) -> bytes:
    """:func:`_line` of a ``signed`` record, formatted directly: its strings are hex digits and
    a checksummed address, which JSON writes as they are (anything else goes through json)."""
    texts = (record["rowHash"], record["sender"], record["hash"], record["raw"])
    if not all(isinstance(t, str) and t.isascii() and t.isalnum() for t in texts[:3]) or not (
        isinstance(texts[3], str) and texts[3][2:].isalnum() and texts[3].isascii()
    ):
        return _line(record)
    return (
        f'{{"type":"signed","row":{int(record["row"])},"rowHash":"{texts[0]}",'
        f'"sender":"{texts[1]}","nonce":{int(record["nonce"])},"hash":"{texts[2]}",'
        f'"raw":"{texts[3]}"}}\n'
    ).encode()


def _fsync_dir(directory: Path) -> None:
    """Make the journal's creation durable (its directory entry)."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


__all__ = ["FINAL_STATES", "Journal", "JournalError", "RowRecord"]

"""The outcome of a bulk run: per row, the counts, a summary for people and a JSON report file.

Row states:

- ``done``: its transaction was mined and succeeded (in this run or an earlier one);
- ``skipped``: already done on chain (an order already accepted, a shipment already
  confirmed), or invalid and skipped on request (``--skip-invalid``);
- ``invalid``: the row failed validation; nothing was sent for it;
- ``failed``: its transaction was mined and reverted (reason decoded from the contract error);
- ``refused``: the node refused its signed transaction; the next run sends the same bytes again;
- ``in_doubt``: signed and perhaps sent, fate not known yet; the next run resolves it;
- ``pending``: not sent in this run (its signer was stopped by a refusal).
"""

import json
from collections import Counter
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from py_client.files import write_atomic

REPORT_MODE = 0o644  # a report names no secret

STATES = ("done", "skipped", "invalid", "failed", "refused", "in_doubt", "pending")


@dataclass
class RowOutcome:
    """What happened to one row."""

    row: int
    label: str
    state: str
    ref: str | None = None
    reason: str | None = None
    tx_hash: str | None = None
    block: int | None = None
    sender: str | None = None
    created: dict[str, int] = field(default_factory=dict)
    earlier: bool = False
    """Done or failed in an earlier run (read from the journal)."""


@dataclass(frozen=True)
class Progress:
    """Where a run stands: transactions mined of those to send, and the time so far."""

    total: int
    mined: int
    failed: int
    elapsed_s: float

    @property
    def rate(self) -> float:
        """Mined transactions per second so far."""
        return self.mined / self.elapsed_s if self.elapsed_s > 0 else 0.0

    @property
    def eta_s(self) -> float | None:
        """Seconds left at the current rate (``None`` before the first receipt)."""
        rate = self.rate
        return (self.total - self.mined) / rate if rate > 0 else None


@dataclass
class BulkReport:
    """The outcome of :func:`~py_client.bulk.engine.run_bulk`."""

    operation: str
    input: str
    journal: str
    chain_id: int
    rows: list[RowOutcome]
    sent: int = 0
    elapsed_s: float = 0.0
    send_elapsed_s: float = 0.0
    checked_only: bool = False
    invalid_blocking: bool = False
    """True when invalid rows stopped the run before anything was sent."""
    stopped: str | None = None
    """Why sending stopped early (a refused transaction, a timeout), if it did."""
    report_file: str | None = None

    @property
    def counts(self) -> dict[str, int]:
        """Rows per state (every state present, zeros included)."""
        found = Counter(r.state for r in self.rows)
        return {state: found.get(state, 0) for state in STATES}

    @property
    def complete(self) -> bool:
        """Whether every row is done or skipped."""
        return all(r.state in ("done", "skipped") for r in self.rows)

    @property
    def rate(self) -> float:
        """Transactions mined per second while sending in this run."""
        mined = sum(1 for r in self.rows if r.state in ("done", "failed") and not r.earlier)
        return mined / self.send_elapsed_s if self.send_elapsed_s > 0 else 0.0

    def problems(self) -> list[RowOutcome]:
        """Rows that are neither done nor skipped, in file order."""
        return [r for r in self.rows if r.state not in ("done", "skipped")]

    def to_dict(self) -> dict[str, Any]:
        """The machine-readable report (what the report file holds)."""
        return {
            "version": 1,
            "operation": self.operation,
            "input": self.input,
            "journal": self.journal,
            "chainId": self.chain_id,
            "complete": self.complete,
            "checkedOnly": self.checked_only,
            "counts": self.counts,
            "sent": self.sent,
            "elapsedSeconds": round(self.elapsed_s, 3),
            "sendSeconds": round(self.send_elapsed_s, 3),
            "ratePerSecond": round(self.rate, 1),
            "stopped": self.stopped,
            "rows": [_row_dict(r) for r in self.rows],
        }

    def summary(self) -> str:
        """A few lines for people: counts, rate, and each problem row with its reason."""
        c = self.counts
        earlier = sum(1 for r in self.rows if r.state == "done" and r.earlier)
        done = f"{c['done']} done" + (f" ({earlier} in earlier runs)" if earlier else "")
        parts = [done, f"{c['skipped']} skipped"]
        parts += [f"{c[s]} {s.replace('_', ' ')}" for s in STATES[2:] if c[s]]
        lines = [f"bulk {self.operation} {self.input}: {len(self.rows)} rows: " + ", ".join(parts)]
        if self.checked_only:
            lines.append("checked only: nothing was sent")
        elif self.invalid_blocking:
            lines.append(
                "nothing was sent: fix the rows below, or use --skip-invalid to send the rest"
            )
        elif self.sent:
            lines.append(
                f"sent {self.sent} transactions in {self.send_elapsed_s:.1f} s "
                f"({self.rate:.0f}/s); journal {self.journal}"
            )
        if self.stopped:
            lines.append(f"stopped: {self.stopped}; run the same command again to resume")
        for r in self.problems():
            ref = f" [{r.ref}]" if r.ref else ""
            lines.append(
                f"  {r.label}{ref}: {r.state.replace('_', ' ')}: {r.reason or ''}".rstrip()
            )
        skipped = [r for r in self.rows if r.state == "skipped"]
        for r in skipped[:20]:
            lines.append(f"  {r.label}: skipped: {r.reason}")
        if len(skipped) > 20:
            lines.append(f"  … and {len(skipped) - 20} more skipped (see the report file)")
        if self.report_file:
            lines.append(f"report: {self.report_file}")
        return "\n".join(lines)

    def write(self, path: Path) -> None:
        """Write :meth:`to_dict` to ``path`` atomically (temporary file, then rename).

        Indented, one row per line: the rows go through json's C encoder (``indent`` makes
        json use its Python encoder, which cost more than the rest of a large run's report).
        """
        self.report_file = str(path)
        document = self.to_dict()
        rows = document.pop("rows")
        head = json.dumps(document, indent=2)  # "{\n  ...\n}"
        lines = ",\n".join("    " + json.dumps(row) for row in rows)
        body = f'  "rows": [\n{lines}\n  ]' if rows else '  "rows": []'
        text = f"{head[:-2]},\n{body}\n}}\n"
        write_atomic(path, text.encode("utf-8"), REPORT_MODE, make_parents=False)


def _row_dict(row: RowOutcome) -> dict[str, Any]:
    # Field by field rather than dataclasses.asdict, whose deep copy cost more than the rest
    # of the report for large files.
    data = {name: getattr(row, name) for name in _ROW_FIELDS}
    data["created"] = dict(row.created)
    return {k: v for k, v in data.items() if v not in (None, {}, False)} | {"state": row.state}


_ROW_FIELDS = tuple(f.name for f in fields(RowOutcome))


__all__ = ["STATES", "BulkReport", "Progress", "RowOutcome"]

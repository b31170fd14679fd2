"""Chain reads and verdicts several bulk operations share: policy, budgets, the agency
signers per organisation, order and row references, and what is already on chain."""

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from eth_utils.crypto import keccak

from py_client.bulk.operations.base import Env, Verdict
from py_client.bulk.rows import Row, RowError
from py_client.errors import InvalidInput, PreflightError, RantaiError
from py_client.formatting import grouped
from py_client.hashing import client_ref, order_ref
from py_client.models import BudgetRecord, CheckpointRefRecord, PolicyRecord, TenderRecord
from py_client.rules import tender_shift


def _policy(env: Env) -> tuple[PolicyRecord, bool]:
    """The registry's policy and whether the system is paused.

    Raises:
        RantaiError: The registry cannot be read.
    """
    policy, paused = env.reader.many([("Registry", "policy", ()), ("Registry", "paused", ())])
    if isinstance(policy, RantaiError) or isinstance(paused, RantaiError):
        raise policy if isinstance(policy, RantaiError) else paused
    return PolicyRecord.from_abi(policy), bool(paused)


def _broken(check: Callable[..., None], *args: Any) -> str | None:
    """The message of the :mod:`py_client.rules` check ``check(*args)`` when it fails (the
    role views' message, as the row's reason), else ``None``."""
    try:
        check(*args)
    except PreflightError as err:
        return str(err)
    return None


def _budgets_left(
    env: Env, agencies: Mapping[str, int], years: set[int]
) -> dict[tuple[int, int], int]:
    """Rupiah left per (agency organisation, fiscal year) of the signers' organisations."""
    keys = sorted({(org, year) for org in set(agencies.values()) for year in years})
    budgets = zip(keys, env.reader.records(BudgetRecord, keys), strict=True)
    return {k: b.available_idr for k, b in budgets if not isinstance(b, RantaiError)}


def _budget_problem(key: tuple[int, int], needed: int, left: Mapping[tuple[int, int], int]) -> str:
    org, year = key
    return (
        f"budget of organisation {org} for {year} would be exceeded: Rp {_idr(needed)} "
        f"needed, Rp {_idr(left.get(key, 0))} left after the rows before"
    )


def _by_org(agencies: Mapping[str, int]) -> dict[int, list[str]]:
    """The signer accounts of each agency organisation."""
    found: dict[int, list[str]] = defaultdict(list)
    for account, org in sorted(agencies.items()):
        found[org].append(account)
    return found


def _paused_shift(env: Env, tender: TenderRecord) -> int:
    """Seconds paused since ``tender`` opened: its delivery period moves later by this."""
    [paused] = env.reader.many([("Registry", "pausedSeconds", ())])
    return 0 if isinstance(paused, RantaiError) else tender_shift(tender, int(paused))


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
        existing = next(
            (
                int(r)
                for r in found[index * per_row : (index + 1) * per_row]
                if not isinstance(r, RantaiError) and int(r)
            ),
            0,
        )
        if existing:
            verdicts.append(
                Verdict(
                    row,
                    "skipped",
                    f"already ordered on chain: order {existing} has this reference",
                )
            )
            continue
        unique[row.number] = ref
    return unique


P = TypeVar("P", bound=tuple[Any, ...])


def _referenced(
    env: Env, agencies: Mapping[str, int], parsed: list[P], verdicts: list[Verdict]
) -> tuple[list[P], dict[int, bytes]]:
    """The parsed order rows (``(row, ...)`` each) that have a fresh reference
    (:func:`_unique_refs` over the organisations of the signing ``agencies``), and those
    references by row number."""
    refs = _unique_refs(env, set(agencies.values()), [row for row, *_ in parsed], verdicts)
    return [entry for entry in parsed if _row_of(entry).number in refs], refs


def _idr(amount: int) -> str:
    """``1.500.000``: rupiah with the Indonesian thousands separator, as the CLI shows them."""
    return grouped(amount)


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
    results: list[Any] = (
        list(env.reader.records(CheckpointRefRecord, wanted))
        if function == "checkpointOfRef"
        else env.reader.many([("ShipmentTracking", function, key) for key in wanted])
    )
    return dict(zip(wanted, results, strict=True))


class References:
    """The client references of parsed rows ``(row, subject, ..., ref)``: the organisation owning
    each (``owner`` of the row's subject, the shipment or order it is about; ``None`` when
    unknown), :func:`_refs_used` of them, and those taken by earlier rows of the file.

    ``verb`` and ``what`` name the action in a skipped row's reason ("the shipment is registered
    once").
    """

    def __init__(
        self,
        env: Env,
        function: str,
        parsed: Sequence[tuple[Any, ...]],
        owner: Callable[[Any], int | None],
        verb: str,
        what: str,
    ) -> None:
        self._orgs = {row.number: owner(subject) for row, subject, *_ in parsed}
        keys = [(self._orgs[row.number], ref) for row, *_, ref in parsed]
        self._used = _refs_used(env, function, keys)
        self._seen: dict[tuple[int, bytes], str] = {}
        self._verb = verb
        self._what = what

    def fresh(self, parsed: Sequence[P], verdicts: list[Verdict]) -> Iterator[P]:
        """The entries of ``parsed`` whose reference is neither on chain nor taken by an earlier
        row; each other one gets a ``skipped`` verdict. Lazy, so a reference that the loop over it
        takes (:meth:`take`) counts for the rows after."""
        for entry in parsed:
            row, *_, ref = entry
            done = self._already(row, ref)
            if done is None:
                yield entry
            else:
                verdicts.append(done)

    def take(self, row: Row, ref: bytes) -> None:
        """``row`` uses ``ref``: a later row with the same reference is skipped."""
        org = self._orgs[row.number]
        if org is not None:
            self._seen[(org, ref)] = row.label

    def _already(self, row: Row, ref: bytes) -> Verdict | None:
        """``skipped`` when the row's reference is already on chain or taken by an earlier row."""
        org = self._orgs[row.number]
        if org is None:
            return None
        short = "0x" + ref.hex()[:12] + "…"
        on_chain = self._used.get((org, ref))
        if isinstance(on_chain, CheckpointRefRecord):
            shipment_id = on_chain.shipment_id
            where = f"checkpoint {on_chain.index} of shipment {shipment_id}"
        else:
            shipment_id = (
                0 if on_chain is None or isinstance(on_chain, RantaiError) else int(on_chain)
            )
            where = f"shipment {shipment_id}"
        if shipment_id:
            reason = f"already on chain: {where} was {self._verb} with reference {short}"
            return Verdict(row, "skipped", reason)
        if (org, ref) in self._seen:
            taken = self._seen[(org, ref)]
            reason = f"same reference {short} as {taken}: the {self._what} is {self._verb} once"
            return Verdict(row, "skipped", reason)
        return None


def _row_of(entry: tuple[Any, ...]) -> Row:
    """The row of a parsed entry ``(row, ...)``."""
    row: Row
    row, *_ = entry
    return row

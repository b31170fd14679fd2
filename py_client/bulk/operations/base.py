"""The shared base of the bulk operations: what a row becomes (:class:`Prepared` or
:class:`Verdict`), what the checks need (:class:`Env`), the batched chain reader
(:class:`Reader`) and :class:`Operation`, which every operation module subclasses."""

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from py_client.bulk.codec import FunctionCodec, event_topic
from py_client.bulk.rows import Row, RowError, read_rows
from py_client.bulk.rpc import RawRpc
from py_client.errors import RantaiError, TransactionReverted
from py_client.models import AbiRecord, Role
from py_client.reverts import decode_revert

R = TypeVar("R", bound=AbiRecord)
P = TypeVar("P", bound=tuple[Any, ...])  # a parsed row: (Row, values...)

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
            match values:
                case [single]:  # one output: the value itself (a struct is a tuple)
                    results.append(single)
                case _:
                    results.append(values)
        return results

    def per_key(self, keys: Sequence[Any], *functions: tuple[str, str]) -> list[list[Any]]:
        """Each ``(contract, function)`` of ``functions`` called with every key of ``keys`` as its
        one argument, all in one batch: per function, its results in the order of ``keys`` (a
        revert gives its exception, as :meth:`many`)."""
        results = self.many([(c, f, (key,)) for c, f in functions for key in keys])
        n = len(keys)
        return [results[i * n : (i + 1) * n] for i in range(len(functions))]

    def records(self, record: type[R], calls: Sequence[Sequence[Any]]) -> list[R | RantaiError]:
        """``record``'s view function (its ``ABI``) called with each argument tuple of ``calls``,
        decoded into the record (:meth:`~py_client.models.AbiRecord.from_abi`); a revert gives
        its exception."""
        contract, function = record.ABI
        results = self.many([(contract, function, tuple(args)) for args in calls])
        return [as_record(record, r) for r in results]

    def one(self, contract: str, function: str, *args: Any) -> Any:
        """One call; raises its error."""
        (result,) = self.many([(contract, function, args)])
        if isinstance(result, RantaiError):
            raise result
        return result


def as_record(record: type[R], result: Any) -> R | RantaiError:
    """A result of :meth:`Reader.many` decoded into ``record``, or its error as it is."""
    return result if isinstance(result, RantaiError) else record.from_abi(result)


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
        _, _, key = self.created
        for entry in receipt.get("logs", []):
            if str(entry.get("address", "")).lower() != address.lower():
                continue
            match entry.get("topics", []):
                case [signature, created_id, *_] if signature == self.created_topic:
                    return {key: int(created_id, 16)}
        return {}

    def _prepared(
        self, row: Row, sender: str, env: Env, args: Sequence[Any], shape: Any
    ) -> Prepared:
        return Prepared(
            row, sender, env.addresses[self.contract], self.codec.encode(args), (sender, shape)
        )

    def _parse_and_sign(
        self, rows: Sequence[Row], env: Env, role: Role, parse: Callable[[Row], P]
    ) -> tuple[list[P], dict[str, int], list[Verdict]]:
        """Every row through ``parse`` (a :class:`RowError` makes the row invalid), then the
        signers with ``role``: (what parsed, the signers by organisation, the verdicts so far).
        Nothing parsed, or no signer with the role, gives no parsed rows."""
        parsed: list[P] = []
        verdicts: list[Verdict] = []
        for row in rows:
            try:
                parsed.append(parse(row))
            except RowError as err:
                verdicts.append(Verdict(row, "invalid", err.reason))
        if not parsed:
            return [], {}, verdicts
        signers = self._check_signers(env, role, verdicts, [row for row, *_ in parsed])
        return (parsed if signers else []), signers, verdicts

    def _check_signers(
        self, env: Env, role: Role, verdicts: list[Verdict], rows: Sequence[Row]
    ) -> dict[str, int]:
        """The signers that are active participants with ``role``, with their organisations."""
        found = env.participants(env.signers, role)
        active = {a: int(r) for a, r in found.items() if not isinstance(r, RantaiError)}
        if not active and rows:
            first = next(iter(env.signers), None)
            problem = None if first is None else found[first]
            why = _role_problem(problem) if isinstance(problem, RantaiError) else "no signer"
            reason = f"no signer is an active {role.value.lower()} account: {why}"
            verdicts.extend(Verdict(row, "invalid", reason) for row in rows)
        return active


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

"""The participant console's actions: forms checked in words, transactions prepared unsigned.

The server never holds a participant's key. For each action the portal

1. checks the form (:class:`Form`): every field parsed, an error per field in the user's
   language, before anything else;
2. runs the client library's own checks before sending, for the signed-in address
   (:class:`PreparingClient`: a :class:`~py_client.client.Rantai` whose sending step
   *prepares* instead — the role views run exactly as for the CLI, and where they would sign
   and send, the call is captured);
3. estimates gas from that address (a contract custom error surfaces here, translated), and
4. returns the unsigned transaction (``from``, ``to``, ``data``, ``chainId``, ``gas``, fee
   fields) that the browser hands to the user's wallet with ``eth_sendTransaction``.

A sealed bid's price and salt never reach the server before the reveal: the browser computes
the commitment and sends only that (:func:`commit_bid`).

Example::

    >>> preparer = Preparer(client, documents="/srv/rantai/documents")  # doctest: +SKIP
    >>> prepared = preparer.prepare("accept_order", "0x90F7…b906", {"order_id": "2"}, {},
    ...                             lang="id")  # doctest: +SKIP
    >>> prepared.tx["to"] == client.escrow.address  # doctest: +SKIP
    True
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak
from web3.contract.contract import ContractFunction
from web3.exceptions import ContractLogicError

from py_client.client import Rantai
from py_client.documents import Documents, Recipient, open_store
from py_client.errors import NotAuthorized, RantaiError, WrongState
from py_client.formatting import WIB, wib
from py_client.inputs import (
    InputError,
    RelativeTime,
    parse_address,
    parse_amount,
    parse_count,
    parse_deadline,
    parse_duration,
    parse_hash,
    parse_id,
    parse_quantity_list,
    parse_year,
)
from py_client.models import CheckpointKind, Item, Line, Origin, Role
from py_client.portal.i18n import money, text
from py_client.reverts import typed_revert

T = TypeVar("T")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
LAST_FORM_YEAR = 2100  # the console's fiscal years (its message says 2000-2100)

CHECKPOINT_KINDS = [k.name for k in CheckpointKind if k.value]


@dataclass
class Prepared:
    """A prepared action: the unsigned transaction and a one-line summary for the user."""

    action: str
    tx: dict[str, str]
    summary: str
    extra: dict[str, Any] = field(default_factory=dict)


class FormInvalid(RantaiError, ValueError):
    """Form fields are malformed; ``errors`` maps each field to its message (nothing prepared)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class PreparedCall(Exception):
    """Raised by :class:`PreparingClient` where the real client would sign and send.

    It carries the bound contract function; :meth:`Preparer.prepare` catches it. It derives
    from ``Exception`` only (not :class:`~py_client.errors.RantaiError`) so that nothing in the
    library mistakes it for a refusal.
    """

    def __init__(self, function: ContractFunction) -> None:
        super().__init__("prepared, not sent")
        self.function = function


class PreparingClient(Rantai):
    """A client acting for ``address`` without its key: checks run, sending is captured.

    It shares the node connection and deployment of ``base``. ``require_signer`` answers the
    signed-in address, so the role views' checks see that account; ``transact`` raises
    :class:`PreparedCall` instead of signing; ``estimate`` asks the node for gas from the
    address.
    """

    def __init__(self, base: Rantai, address: str) -> None:
        super().__init__(base.chain, base.deployment, None, preflight=True)
        self._acting_for = to_checksum_address(address)
        self.contracts = base.contracts

    @property
    def address(self) -> str:
        """The signed-in address this client acts for."""
        return self._acting_for

    def require_signer(self) -> str:
        """The signed-in address (there is no local signer)."""
        return self._acting_for

    def transact(
        self, function: ContractFunction, gas: int | None = None, **created: int | None
    ) -> Any:
        """Capture ``function`` instead of sending it.

        Raises:
            PreparedCall: Always.
        """
        raise PreparedCall(function)

    def estimate(self, function: ContractFunction) -> int:
        """Gas for ``function`` from the signed-in address, plus 20 %.

        Raises:
            ContractError: The call would revert with a Rantai custom error.
        """
        try:
            gas = self.w3.eth.estimate_gas(
                {
                    "from": self._acting_for,
                    "to": function.address,
                    "data": function._encode_transaction_data(),
                }
            )
        except ContractLogicError as err:
            raise typed_revert(err) from err
        return int(gas) * 120 // 100


# ---------------------------------------------------------------------- form checks


class Form:
    """The submitted fields of one action, checked one by one; errors collected per field.

    Values are parsed by :mod:`py_client.inputs`, the parsers of the CLI, the bulk engine and the
    imports; a failure is recorded as the field's message in the user's language.

    Args:
        values: Text fields.
        files: Uploaded files by field: (file name, content).
        lang: The user's language.
        now: The chain's clock (unix seconds) for relative times and "in the future".
    """

    def __init__(
        self,
        values: Mapping[str, str],
        files: Mapping[str, tuple[str, bytes]],
        lang: str,
        now: int,
    ) -> None:
        self.values = {k: v.strip() for k, v in values.items()}
        self.files = files
        self.lang = lang
        self.now = now
        self.errors: dict[str, str] = {}

    def label(self, name: str) -> str:
        """The field's label in the user's language."""
        return text(f"field.{name}", self.lang)

    def fail(self, name: str, key: str, **values: object) -> None:
        """Record the first error of field ``name``."""
        self.errors.setdefault(name, text(key, self.lang, field=self.label(name), **values))

    def raw(self, name: str, required: bool = True) -> str | None:
        """The text of ``name`` (``None`` and an error when required and empty)."""
        value = self.values.get(name, "")
        if not value:
            if required:
                self.fail(name, "form.required")
            return None
        return value

    def _parsed(
        self, name: str, parse: Callable[[str], T], problem: str, empty: T, required: bool = True
    ) -> T:
        """``parse`` of the field's text; ``empty`` when it is empty or fails (the error's text
        key: ``problem``)."""
        raw = self.raw(name, required)
        if raw is None:
            return empty
        try:
            return parse(raw)
        except InputError:
            self.fail(name, problem)
            return empty

    def ident(self, name: str) -> int:
        """A positive id."""
        return self._parsed(name, lambda raw: parse_id(raw, name), "form.id", 0)

    def amount(self, name: str, *, positive: bool = True, required: bool = True) -> int:
        """Whole rupiah: ``1500000``, ``1_500_000``, ``1.500.000``, optionally ``Rp``."""
        raw = self.raw(name, required)
        if raw is None:
            return 0
        return self._amount(name, raw, positive) or 0

    def _amount(self, name: str, raw: str, positive: bool) -> int | None:
        try:
            value = parse_amount(raw, name)
        except InputError:
            self.fail(name, "form.amount")
            return None
        if positive and value == 0:
            self.fail(name, "form.positive")
            return None
        return value

    def address(self, name: str) -> str:
        """A checksummed address (a mixed-case one must carry a correct EIP-55 checksum)."""
        return self._parsed(name, lambda raw: parse_address(raw, name), "form.address", "")

    def hash32(self, name: str) -> bytes:
        """A 32-byte value written ``0x`` + 64 hex digits."""
        return self._parsed(name, lambda raw: parse_hash(raw, name), "form.hash", b"")

    def time(self, name: str, *, future: bool = True) -> int:
        """Unix seconds from ``2026-12-04 10:00`` (WIB), ISO-8601 with a zone, or ``+3d``."""
        raw = self.raw(name)
        if raw is None:
            return 0
        moment = self._time(raw)
        if moment is None:
            self.fail(name, "form.time")
            return 0
        if future and moment <= self.now:
            self.fail(name, "form.future", now=wib(self.now))
            return 0
        return moment

    def _time(self, raw: str) -> int | None:
        try:
            moment = parse_deadline(raw, local_zone=WIB)
        except InputError:
            return None
        if isinstance(moment, RelativeTime):
            return self.now + int(moment.delta.total_seconds())
        return int(moment.timestamp())

    def duration(self, name: str) -> int:
        """Seconds from ``90d``, ``3d12h`` or a bare number of seconds."""
        return self._parsed(
            name, lambda raw: int(parse_duration(raw, name).total_seconds()), "form.duration", 0
        )

    def year(self, name: str) -> int:
        """A fiscal year."""
        return self._parsed(
            name, lambda raw: parse_year(raw, name, last=LAST_FORM_YEAR), "form.year", 0
        )

    def ascii(self, name: str, size: int, *, required: bool = False) -> str:
        """Short ASCII text (units, codes) of at most ``size`` characters."""
        raw = self.raw(name, required) or ""
        if raw and (not raw.isascii() or len(raw) > size):
            self.fail(name, "form.ascii", size=size)
            return ""
        return raw

    def choice(self, name: str, choices: list[str]) -> str:
        """One of ``choices``."""
        raw = self.raw(name)
        if raw is None:
            return ""
        if raw not in choices:
            self.fail(name, "form.choice")
            return ""
        return raw

    def quantities(self, name: str, *, required: bool = True) -> list[int] | None:
        """Whole numbers separated by commas (``40,0``); ``None`` when empty and optional."""
        return self._parsed(
            name, lambda raw: parse_quantity_list(raw, name), "form.quantities", None, required
        )

    def items(self, name: str) -> list[Item]:
        """Tender items, one per line: ``quantity unit description``."""
        return self._each_line(name, _item, "form.line_format")

    def lines(self, name: str) -> list[Line]:
        """Order lines, one per line: ``quantity unit unit-price origin description``."""
        return self._each_line(name, _line, "form.order_line_format")

    def _each_line(self, name: str, parse: Callable[[str], T | None], problem: str) -> list[T]:
        """The non-blank lines of a text area, each ``parse`` d; a line it refuses is the field's
        error (``problem`` naming what a line should be), none at all is ``form.required``."""
        raw = self.raw(name)
        found: list[T] = []
        for number, line in enumerate((raw or "").splitlines(), start=1):
            if not line.strip():
                continue
            row = parse(line)
            if row is None:
                self._line_error(name, number, problem)
                continue
            found.append(row)
        if raw is not None and not found and name not in self.errors:
            self.fail(name, "form.required")
        return found

    def _line_error(self, name: str, number: int, problem: str) -> None:
        self.errors.setdefault(
            name,
            text(
                "form.line",
                self.lang,
                field=self.label(name),
                line=number,
                problem=text(problem, self.lang),
            ),
        )

    def file(self, name: str, *, required: bool) -> tuple[str, bytes] | None:
        """An uploaded file (name, content)."""
        upload = self.files.get(name)
        if upload is None or not upload[1]:
            if required:
                self.fail(name, "form.required")
            return None
        if len(upload[1]) > MAX_UPLOAD_BYTES:
            self.fail(name, "form.file_too_large", size=MAX_UPLOAD_BYTES // (1024 * 1024))
            return None
        return upload

    def flag(self, name: str) -> bool:
        """A checkbox."""
        return self.values.get(name, "") in ("1", "on", "true", "yes")

    def check(self) -> None:
        """Raise :class:`FormInvalid` when any field failed."""
        if self.errors:
            raise FormInvalid(dict(self.errors))


def _item(line: str) -> Item | None:
    """A tender item from ``quantity unit description``, ``None`` when malformed."""
    parts = line.split(None, 2)
    quantity = _quantity(parts[0]) if len(parts) == 3 else None
    if quantity is None or not parts[1].isascii() or len(parts[1]) > 16:
        return None
    return Item(keccak(text=parts[2].strip()), quantity, parts[1])


def _line(line: str) -> Line | None:
    """An order line from ``quantity unit unit-price origin description``, ``None`` when
    malformed."""
    parts = line.split(None, 4)
    ok = len(parts) == 5 and parts[1].isascii() and len(parts[1]) <= 16
    ok = ok and len(parts[3]) == 2 and parts[3].isascii() and parts[3].isalpha()
    quantity = _quantity(parts[0]) if ok else None
    price = _line_amount(parts[2]) if ok else None
    if quantity is None or price is None:
        return None
    return Line(keccak(text=parts[4].strip()), quantity, price, parts[1], parts[3].upper())


def _quantity(raw: str) -> int | None:
    """A line's quantity (a whole number from 1), ``None`` when malformed."""
    try:
        return parse_count(raw, "quantity", minimum=1)
    except InputError:
        return None


def _line_amount(raw: str) -> int | None:
    """A line's unit price in whole rupiah (``Rp`` allowed), ``None`` when malformed."""
    try:
        return parse_amount(raw, "unit price")
    except InputError:
        return None


# ---------------------------------------------------------------------- actions


@dataclass
class ActionContext:
    """What an action runs with: the client acting for the user, the form, the documents."""

    client: PreparingClient
    form: Form
    documents: Documents
    roles: frozenset[Role]
    governance: Any = None  # py_client.governance.Governance of the deployment, when set up


ActionHandler = Callable[[ActionContext], Any]


@dataclass(frozen=True)
class Action:
    """An action of the console: who may take it and how it is prepared."""

    name: str
    roles: frozenset[Role]  # empty: anyone signed in
    handler: ActionHandler


def _open_tender(ctx: ActionContext) -> Any:
    f = ctx.form
    items = f.items("items")
    hps, bond = f.amount("hps"), f.amount("bond", positive=False, required=False)
    bid_at, reveal_at = f.time("bid_deadline"), f.time("reveal_deadline")
    year = f.year("fiscal_year")
    spec = f.file("spec", required=True)
    spec_uri = f.raw("spec_uri", required=False)
    f.check()
    if spec is None:  # f.check() has refused a missing file already
        raise FormInvalid({"spec": text("form.required", f.lang, field=f.label("spec"))})
    stored = ctx.documents.put_public(spec[1])
    return ctx.client.agency.open_tender(
        spec=stored.digest,
        spec_uri=spec_uri or f"rantai://documents/{stored.hash}",
        items=items,
        hps_idr=hps,
        bid_deadline_at=bid_at,
        reveal_deadline_at=reveal_at,
        fiscal_year=year,
        bond_idr=bond,
    )


def _commit_bid(ctx: ActionContext) -> Any:
    """The commitment comes from the browser; the price and salt never reach the server."""
    tender_id = ctx.form.ident("tender_id")
    commitment = ctx.form.hash32("commitment")
    ctx.form.check()
    supplier = ctx.client.supplier
    # The library's commit checks, without the price (which the server must not see): the
    # browser checks the price against the public HPS itself.
    supplier._check_commit(tender_id, 0, allow_invalid=True)
    return supplier._send(ctx.client.tendering.functions.commitBid(tender_id, commitment))


def _reveal_bid(ctx: ActionContext) -> Any:
    """Never prepared here: the browser builds the reveal (static/bids.js, /api/reveal/{id}),
    so that price and salt reach no server before they are on chain. A form that posts them
    anyway is refused without reading them."""
    ctx.form.ident("tender_id")
    ctx.form.fail("price", "bid.reveal_in_browser")
    ctx.form.check()


def _order_terms(f: Form) -> tuple[list[Line], int, int]:
    """An order's lines, delivery deadline and maintenance period (seconds), checked."""
    terms = (f.lines("lines"), f.time("delivery_deadline"), f.duration("maintenance"))
    f.check()
    return terms


def _create_order(ctx: ActionContext) -> Any:
    tender_id = ctx.form.ident("tender_id")
    return ctx.client.agency.create_order_from_tender(tender_id, *_order_terms(ctx.form))


def _create_direct_order(ctx: ActionContext) -> Any:
    supplier = ctx.form.address("supplier")
    year = ctx.form.year("fiscal_year")
    return ctx.client.agency.create_direct_order(supplier, year, *_order_terms(ctx.form))


def _confidential(
    ctx: ActionContext,
    name: str,
    *,
    required: bool,
    order_id: int | None = None,
    shipment_id: int | None = None,
) -> bytes | None:
    """Store an envelope the browser sealed to the process's parties and auditors; its hash.

    The portal never takes a confidential document in the clear: ``seal.js`` encrypts it in
    the browser. The envelope must name every reader the library would have chosen. The
    fields the action read before are checked first: nothing is stored for a wrong form.
    """
    ctx.form.check()
    upload = ctx.form.file(name, required=required)
    skip = ctx.form.flag("skip_missing")
    ctx.form.check()
    if upload is None:
        return None
    stored = ctx.documents.put_sealed(
        upload[1], skip_missing=skip, order_id=order_id, shipment_id=shipment_id
    )
    return stored.digest


def _accept_order(ctx: ActionContext) -> Any:
    order_id = ctx.form.ident("order_id")
    contract = _confidential(ctx, "contract", required=False, order_id=order_id)
    return ctx.client.supplier.accept_order(order_id, contract)


def _register_shipment(ctx: ActionContext) -> Any:
    f = ctx.form
    order_id = f.ident("order_id")
    quantities = f.quantities("quantities") or []
    carrier = f.address("carrier")
    arrival = f.time("expected_arrival")
    origin = Origin(
        f.ascii("origin_country", 2).upper(),
        f.ascii("origin_region", 32),
        f.ascii("producer_gln", 32),
    )
    f.check()
    return ctx.client.supplier.register_shipment(order_id, quantities, carrier, arrival, origin)


def _record_checkpoint(ctx: ActionContext) -> Any:
    f = ctx.form
    shipment_id = f.ident("shipment_id")
    kind = f.choice("kind", CHECKPOINT_KINDS)
    location = f.ascii("location", 32, required=True)
    evidence = _confidential(ctx, "evidence", required=False, shipment_id=shipment_id)
    return ctx.client.carrier.record_checkpoint(
        shipment_id, CheckpointKind[kind], location, evidence=evidence
    )


def _confirm_delivery(ctx: ActionContext) -> Any:
    f = ctx.form
    shipment_id = f.ident("shipment_id")
    received = f.quantities("received", required=False)
    bast = _confidential(ctx, "bast", required=True, shipment_id=shipment_id)
    return ctx.client.agency.confirm_delivery(shipment_id, received, bast)


def _dispute_step(ctx: ActionContext, document: str, step: str) -> Any:
    """A dispute ``step`` (a method of the role views) that the agency or the supplier takes:
    the order, then its sealed ``document``; as the agency when the account is one."""
    order_id = ctx.form.ident("order_id")
    sealed = _confidential(ctx, document, required=False, order_id=order_id)
    party = ctx.client.agency if Role.AGENCY in ctx.roles else ctx.client.supplier
    return getattr(party, step)(order_id, sealed)


def _open_dispute(ctx: ActionContext) -> Any:
    return _dispute_step(ctx, "reason", "open_dispute")


def _respond_dispute(ctx: ActionContext) -> Any:
    """Issue 13 item 7: the party that did not open the dispute answers it."""
    return _dispute_step(ctx, "response", "respond_to_dispute")


def _resolve_dispute(ctx: ActionContext) -> Any:
    f = ctx.form
    order_id = f.ident("order_id")
    to_supplier = f.amount("to_supplier", positive=False)
    ruling = _confidential(ctx, "ruling", required=False, order_id=order_id)
    return ctx.client.arbiter.resolve_dispute(order_id, to_supplier, ruling=ruling)


def _approve_governance(ctx: ActionContext) -> Any:
    """A council member approves a council Safe transaction on chain (``approveHash``)."""
    f = ctx.form
    safe_tx_hash = f.hash32("safe_tx_hash")
    f.check()
    gov = ctx.governance
    if gov is None:
        raise WrongState(text("gov.not_configured", f.lang))
    council = gov.safe("council")
    member = ctx.client.address
    owners = {to_checksum_address(o) for o in council.functions.getOwners().call()}
    if member not in owners:
        raise NotAuthorized(text("gov.not_council_owner", f.lang, address=member), member)
    if council.functions.approvedHashes(member, safe_tx_hash).call():
        raise WrongState(text("gov.already_approved", f.lang, hash="0x" + safe_tx_hash.hex()))
    raise PreparedCall(council.functions.approveHash(safe_tx_hash))


def _id_action(name: str, roles: frozenset[Role], id_field: str, role: str) -> Action:
    """An action of one id field: the ``role`` view's method of the action's name, called
    with it."""

    def handler(ctx: ActionContext) -> Any:
        value = ctx.form.ident(id_field)
        ctx.form.check()
        return getattr(getattr(ctx.client, role), name)(value)

    return Action(name, roles, handler)


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action("open_tender", frozenset({Role.AGENCY}), _open_tender),
        _id_action("finalise_tender", frozenset(), "tender_id", "agency"),
        _id_action("approve_bond", frozenset({Role.SUPPLIER}), "tender_id", "supplier"),
        Action("commit_bid", frozenset({Role.SUPPLIER}), _commit_bid),
        Action("reveal_bid", frozenset({Role.SUPPLIER}), _reveal_bid),
        Action("create_order", frozenset({Role.AGENCY}), _create_order),
        Action("create_direct_order", frozenset({Role.AGENCY}), _create_direct_order),
        _id_action("approve_escrow", frozenset({Role.AGENCY}), "order_id", "agency"),
        Action("accept_order", frozenset({Role.SUPPLIER}), _accept_order),
        Action("register_shipment", frozenset({Role.SUPPLIER}), _register_shipment),
        Action("record_checkpoint", frozenset({Role.CARRIER}), _record_checkpoint),
        Action("confirm_delivery", frozenset({Role.AGENCY}), _confirm_delivery),
        Action("open_dispute", frozenset({Role.AGENCY, Role.SUPPLIER}), _open_dispute),
        Action("respond_dispute", frozenset({Role.AGENCY, Role.SUPPLIER}), _respond_dispute),
        Action("resolve_dispute", frozenset({Role.ARBITER}), _resolve_dispute),
        _id_action("release_retention", frozenset(), "order_id", "agency"),
        # Offered to the council Safe's owners (no Registry role: see COUNCIL_ACTIONS).
        Action("approve_governance", frozenset(), _approve_governance),
    )
}

COUNCIL_ACTIONS = ["approve_governance"]


def actions_for(roles: frozenset[Role]) -> list[str]:
    """The actions an account holding ``roles`` is offered, in console order."""
    return [a.name for a in ACTIONS.values() if a.roles & roles]


PUBLIC_ACTIONS = [a.name for a in ACTIONS.values() if not a.roles and a.name not in COUNCIL_ACTIONS]


class Preparer:
    """Prepares the console's transactions for signed-in addresses.

    Args:
        client: A connected (read-only) client of the deployment.
        documents: The document store (folder) uploads go to; the library's default when
            omitted.
    """

    def __init__(
        self, client: Rantai, documents: str | Path | None = None, governance: Any = None
    ) -> None:
        self.client = client
        self.store = open_store(documents)
        self.governance = governance

    def recipients(
        self,
        address: str,
        *,
        order_id: int | None = None,
        shipment_id: int | None = None,
        skip_missing: bool = False,
    ) -> tuple[tuple[Recipient, ...], tuple[str, ...]]:
        """The readers a confidential document of ``address`` for this process is sealed to.

        Raises:
            RantaiError: A reader has no published key, the process is unknown, or nobody
                but the signer would read it.
        """
        acting = PreparingClient(self.client, address)
        return Documents(acting, self.store).recipients(
            order_id=order_id, shipment_id=shipment_id, skip_missing=skip_missing
        )

    def prepare(
        self,
        action: str,
        address: str,
        values: Mapping[str, str],
        files: Mapping[str, tuple[str, bytes]],
        *,
        lang: str,
        roles: frozenset[Role],
    ) -> Prepared:
        """Check the form and the action for ``address``; return the unsigned transaction.

        Raises:
            FormInvalid: A field is malformed (messages per field, in ``lang``).
            LookupError: No such action.
            RantaiError: A check before sending or gas estimation refused it (a
                :class:`~py_client.errors.PreflightError`, a contract error...).
        """
        spec = ACTIONS.get(action)
        if spec is None:
            raise LookupError(action)
        acting = PreparingClient(self.client, address)
        form = Form(values, files, lang, acting.now())
        context = ActionContext(acting, form, Documents(acting, self.store), roles, self.governance)
        try:
            spec.handler(context)
        except PreparedCall as call:
            return self._unsigned(action, acting, call.function, lang)
        raise RantaiError(f"action {action} prepared no transaction")

    def _unsigned(
        self, action: str, acting: PreparingClient, function: ContractFunction, lang: str
    ) -> Prepared:
        gas = acting.estimate(function)
        fees = {k: hex(int(str(v))) for k, v in acting.chain.fee_fields("auto").items()}
        tx = {
            "from": acting.address,
            "to": str(function.address),
            "data": str(function._encode_transaction_data()),
            "chainId": hex(acting.chain_id),
            "gas": hex(gas),
            "value": "0x0",
            **fees,
        }
        summary = f"{text(f'action.{action}', lang)}: {function.fn_name}"
        extra: dict[str, Any] = {"gas": gas}
        if function.fn_name == "approve":
            extra["amount"] = money(int(str(function.arguments[1])), lang)
        return Prepared(action, tx, summary, extra)


__all__ = [
    "ACTIONS",
    "CHECKPOINT_KINDS",
    "COUNCIL_ACTIONS",
    "PUBLIC_ACTIONS",
    "Action",
    "Form",
    "FormInvalid",
    "Prepared",
    "PreparedCall",
    "Preparer",
    "PreparingClient",
    "actions_for",
]

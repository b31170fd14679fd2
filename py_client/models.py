"""Typed read models of the Rantai contracts: frozen dataclasses and the contracts' enums.

Amounts are ``int`` whole rupiah (the Rupiah token has 0 decimals), times are timezone-aware
``datetime`` in UTC, durations ``timedelta``, hashes ``bytes`` (32), addresses checksummed ``str``.
The enums mirror the Solidity enums value for value (``IntEnum``), so ``OrderState(2)`` is
``OrderState.ACTIVE``.

The raw records at the end (``TenderRecord``, ``OrderRecord`` …) are what the view functions
return, field by ABI component name: the one place where a decoded result is taken apart
(``TenderRecord.from_abi(raw)``); the models above are built from them.

Example::

    >>> line = Line(item_hash=b"\\x01" * 32, quantity=10, unit_price_idr=1_500_000)
    >>> line.value_idr, line.is_milestone
    (15000000, False)
    >>> from_unix(0).isoformat()
    '1970-01-01T00:00:00+00:00'
"""

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta
from enum import Enum, IntEnum
from functools import cache
from importlib import resources
from typing import Any, ClassVar, Self, get_type_hints

from eth_utils.crypto import keccak

from py_client.formatting import rupiah

ZERO_HASH = b"\x00" * 32
ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"
MILESTONE_UNIT = "milestone"


class OrgKind(IntEnum):
    """``IRegistry.OrgKind``: what an organisation is."""

    NONE = 0
    GOVERNANCE = 1
    AGENCY = 2
    SUPPLIER = 3
    CONTRACTOR = 4
    CARRIER = 5
    AUDITOR = 6
    ARBITER = 7
    TREASURY = 8


class TenderStatus(IntEnum):
    """``ITenderAwards.TenderStatus`` (inherited by ``ITendering``)."""

    NONE = 0
    OPEN = 1
    AWARDED = 2
    FAILED = 3
    CANCELLED = 4


class BidState(IntEnum):
    """``ITendering.BidState``."""

    NONE = 0
    COMMITTED = 1
    REVEALED = 2
    DISQUALIFIED = 3
    EXCLUDED = 4  # the award was taken from this bid (it defaulted, or an objection was upheld)


class ObjectionState(IntEnum):
    """``ITendering.ObjectionState``: a *sanggah* of a losing or disqualified bidder."""

    NONE = 0
    PENDING = 1
    UPHELD = 2
    REJECTED = 3


class OrderState(IntEnum):
    """``IOrderSource.OrderState``."""

    NONE = 0
    CREATED = 1
    ACTIVE = 2
    DELIVERED = 3
    CLOSED = 4
    CANCELLED = 5
    TERMINATED = 6


class ShipmentStatus(IntEnum):
    """``IShipmentSource.ShipmentStatus``."""

    NONE = 0
    REGISTERED = 1
    IN_TRANSIT = 2
    ARRIVED = 3


class CheckpointKind(IntEnum):
    """``IShipmentTracking.CheckpointKind``."""

    NONE = 0
    PICKED_UP = 1
    IN_TRANSIT = 2
    AT_CUSTOMS = 3
    ARRIVED = 4
    EXCEPTION = 5


REGISTRY_ROLES = (
    "GOVERNOR",
    "AGENCY",
    "SUPPLIER",
    "CARRIER",
    "AUDITOR",
    "ARBITER",
    "TREASURY",
    "BUDGET_SPENDER",
    "ESCROW",
    "PAUSER",
)
"""Every role name of the Registry besides DEFAULT_ADMIN (participants', contracts', the pause
guardian's); its id on chain is ``keccak256(name)``."""

ROLE_ORG_KINDS = {
    "AGENCY": ("AGENCY",),
    "SUPPLIER": ("SUPPLIER", "CONTRACTOR"),
    "CARRIER": ("CARRIER",),
    "AUDITOR": ("AUDITOR",),
    "ARBITER": ("ARBITER",),
    "TREASURY": ("TREASURY",),
}
"""Separation of duties (issue 13 item 7): the organisation kinds (``OrgKind`` names) in which
each participant role may be held; the Registry refuses any other grant
(``RegistryRoleKindMismatch``). Other roles are not bound to a kind."""


class Role(Enum):
    """The participant roles of the registry; the value is the role's name on chain."""

    GOVERNOR = "GOVERNOR"
    TREASURY = "TREASURY"
    AGENCY = "AGENCY"
    SUPPLIER = "SUPPLIER"
    CARRIER = "CARRIER"
    AUDITOR = "AUDITOR"
    ARBITER = "ARBITER"

    @property
    def role_id(self) -> bytes:
        """The AccessControl role id: ``keccak256(name)``."""
        return keccak(text=self.value)


RED_FLAG_DESCRIPTIONS = {
    "R018": "single eligible bid",
    "R028": "identical prices among valid bids",
    "R035": "every revealed bid but the winner's was disqualified",
    "R036": "the lowest bid was disqualified",
    "RN01": "the tender was cancelled after the bid deadline, when prices may be public",
    "RN02": "many revealed prices above the HPS",
    "RN03": "a bid was withheld from reveal",
    "RN04": "the award moved to the next bidder",
    "RN05": "direct purchases from one supplier above the ceiling within the split window "
    "(pemecahan paket)",
    "RN06": "the order was changed after its award by a signed adendum (adendum kontrak)",
}


def from_unix(seconds: int) -> datetime:
    """A UTC datetime from unix seconds."""
    return datetime.fromtimestamp(seconds, UTC)


def optional_time(seconds: int) -> datetime | None:
    """``from_unix(seconds)``, or ``None`` for 0 (not set on chain)."""
    return from_unix(seconds) if seconds else None


def optional_address(address: str) -> str | None:
    """The address, or ``None`` for the zero address."""
    return None if int(address, 16) == 0 else address


@dataclass(frozen=True)
class Participant:
    """An account as the registry sees it (``whoami``)."""

    address: str
    org_id: int
    org_kind: OrgKind
    roles: frozenset[Role]
    suspended: bool
    paused: bool
    metadata_hash: bytes = ZERO_HASH
    encryption_key: bytes = b""

    @property
    def is_member(self) -> bool:
        """Whether the account acts for an organisation."""
        return self.org_id != 0


@dataclass(frozen=True)
class Policy:
    """The procurement policy of the registry."""

    min_tender_period: timedelta
    confirmation_window: timedelta
    max_bids_per_tender: int
    penalty_per_mille_per_day: int
    penalty_cap_bps: int
    retention_bps: int
    direct_purchase_ceiling_idr: int
    checkpoint_backdate_tolerance: timedelta = timedelta(days=1)
    # Tendering v2 (issue 13): defaults 5 ‰, 3, 0 ‰, 5 days, 14 days, 60 days.
    min_bond_per_mille: int = 5
    above_hps_flag_count: int = 3
    objection_bond_per_mille: int = 0
    objection_window: timedelta = timedelta(days=5)
    acceptance_window: timedelta = timedelta(days=14)
    bond_return_timeout: timedelta = timedelta(days=60)
    # Orders v2 (issue 13 item 8): direct purchases per agency and supplier summed over 90 days.
    split_window: timedelta = timedelta(days=90)
    # Issue 13 item 7: time the other party of a dispute has to respond (default 3 days).
    dispute_response_window: timedelta = timedelta(days=3)
    # Issue 13 item 4: adendums raise an order by at most this over its original total (+10 %).
    adendum_cap_bps: int = 1_000

    def min_bond_idr(self, hps_idr: int) -> int:
        """The smallest bid bond a tender with this HPS accepts (per mille, rounded up)."""
        return -(-hps_idr * self.min_bond_per_mille // 1000)


@dataclass(frozen=True)
class DisputeWindow:
    """The response window of an order's dispute (issue 13 item 7): when it opened, until when
    the other party may respond (paused time included), who opened it and whether it did."""

    order_id: int
    opened_at: datetime | None
    respond_by: datetime | None
    opened_by_supplier: bool
    responded: bool


@dataclass(frozen=True)
class AdendumState:
    """The adendums of an order (issue 13 item 4): the pending proposal (keccak256 of its call
    data, and who proposed it; ``None`` when none), the total before the first adendum (``None``
    until one is signed: the cap's base) and how many were signed."""

    order_id: int
    pending_hash: bytes | None
    proposer: str | None
    original_total_idr: int | None
    count: int


@dataclass(frozen=True)
class Budget:
    """An agency's budget ceiling (pagu) for one fiscal year and what is committed of it."""

    org_id: int
    fiscal_year: int
    ceiling_idr: int
    committed_idr: int

    @property
    def available_idr(self) -> int:
        """What can still be committed."""
        return self.ceiling_idr - self.committed_idr


@dataclass(frozen=True)
class Item:
    """One line of a tender: a description hash, a quantity and a unit (ASCII, up to 16)."""

    description_hash: bytes
    quantity: int
    unit: str = "unit"


@dataclass(frozen=True)
class Tender:
    """A tender: stored state plus what ``TenderOpened`` carries (spec and items)."""

    tender_id: int
    ocid: str
    agency: str
    agency_org_id: int
    fiscal_year: int
    status: TenderStatus
    hps_idr: int
    bond_idr: int
    bid_deadline_at: datetime
    reveal_deadline_at: datetime
    max_bids: int
    bid_count: int
    winner: str | None
    order_id: int | None
    winner_bond_held: bool
    spec_hash: bytes | None = None
    spec_uri: str | None = None
    items: tuple[Item, ...] = ()
    # Award settlement (contracts v2). Times are on the tender clock: wall time minus the time
    # the system spent paused since the tender opened (equal to wall time without pauses).
    accepted: bool = False
    pending_objections: int = 0
    objection_ends_at: datetime | None = None
    ordered_at: datetime | None = None
    acceptance_window: timedelta | None = None
    bond_return_at: datetime | None = None
    objection_bond_idr: int = 0
    # The order is the award (issue 13 item 4): the items hash and delivery period an order from
    # this tender must match (tender clock, like the deadlines above).
    delivery_from_at: datetime | None = None
    delivery_until_at: datetime | None = None
    items_hash: bytes = bytes(32)


@dataclass(frozen=True)
class Bid:
    """A sealed bid; ``price_idr`` is ``None`` until revealed."""

    tender_id: int
    bidder: str
    commitment: bytes
    supplier_org_id: int
    seq: int
    state: BidState
    price_idr: int | None
    valid: bool | None
    objection: ObjectionState = ObjectionState.NONE


@dataclass(frozen=True)
class Award:
    """The result of an awarded tender (what an order from the tender is built from)."""

    tender_id: int
    agency: str
    agency_org_id: int
    fiscal_year: int
    supplier: str
    supplier_org_id: int
    price_idr: int
    order_id: int | None


@dataclass(frozen=True)
class Line:
    """An order line: goods (``due_at`` None) or a milestone (unit ``milestone``, quantity 1).

    Used both to create orders and as the read model (``delivered_quantity`` and ``index`` are
    filled when read).
    """

    item_hash: bytes
    quantity: int
    unit_price_idr: int
    unit: str = "unit"
    origin_country: str = ""
    due_at: datetime | None = None
    delivered_quantity: int = 0
    index: int | None = None

    @classmethod
    def milestone(cls, item_hash: bytes, price_idr: int, due_at: datetime) -> "Line":
        """A milestone line of works or services (quantity 1, paid when confirmed)."""
        return cls(item_hash, 1, price_idr, MILESTONE_UNIT, "", due_at)

    @property
    def is_milestone(self) -> bool:
        """Whether the line is a milestone of works or services."""
        return self.unit == MILESTONE_UNIT

    @property
    def value_idr(self) -> int:
        """Quantity times unit price."""
        return self.quantity * self.unit_price_idr

    @property
    def remaining_quantity(self) -> int:
        """What is still to be delivered."""
        return self.quantity - self.delivered_quantity


@dataclass(frozen=True)
class Order:
    """A purchase order with its escrow figures and the policy terms fixed at creation."""

    order_id: int
    ocid: str
    agency: str
    agency_org_id: int
    fiscal_year: int
    state: OrderState
    disputed: bool
    supplier: str
    line_count: int
    retention_bps: int
    penalty_per_mille_per_day: int
    penalty_cap_bps: int
    delivery_deadline_at: datetime
    maintenance_period: timedelta
    confirmation_window: timedelta
    retention_release_at: datetime | None
    total_idr: int
    unpaid_idr: int
    retention_held_idr: int
    tender_id: int | None

    @property
    def held_idr(self) -> int:
        """What the escrow holds for the order: unpaid value plus held retention."""
        return self.unpaid_idr + self.retention_held_idr

    @property
    def is_direct(self) -> bool:
        """Whether the order is a direct purchase (no tender)."""
        return self.tender_id is None


@dataclass(frozen=True)
class Origin:
    """Where goods come from: ISO country, region code, producer GLN (ASCII)."""

    country_code: str
    region: str = ""
    producer_gln: str = ""


@dataclass(frozen=True)
class Shipment:
    """A shipment: stored state, shipped quantities, origin and whether it was confirmed."""

    shipment_id: int
    order_id: int
    supplier: str
    custodian: str
    nominee: str | None
    status: ShipmentStatus
    expected_arrival_at: datetime
    arrived_at: datetime | None
    checkpoint_count: int
    head: bytes
    quantities: tuple[int, ...]
    confirmed: bool
    origin: Origin | None = None
    ref: bytes | None = None
    """The supplier's reference (from ``ShipmentRegistered``; ``None`` when not read)."""


@dataclass(frozen=True)
class Checkpoint:
    """One recorded checkpoint (from ``CheckpointRecorded``)."""

    shipment_id: int
    index: int
    custodian: str
    kind: CheckpointKind
    location: str
    latitude_e6: int
    longitude_e6: int
    occurred_at: datetime
    evidence_hash: bytes
    new_head: bytes
    block_number: int
    tx_hash: str
    ref: bytes = b"\x00" * 32
    """The carrier's reference, unique per carrier organisation."""


@dataclass(frozen=True)
class Dispute:
    """A dispute on an order, from ``DisputeOpened`` and (once ruled) ``DisputeResolved``."""

    order_id: int
    opened_by: str
    shipment_id: int | None
    reason_hash: bytes
    opened_at: datetime
    opened_tx: str
    resolved: bool = False
    arbiter: str | None = None
    to_supplier_idr: int | None = None
    to_agency_idr: int | None = None
    ruling_hash: bytes | None = None
    resolved_at: datetime | None = None


@dataclass(frozen=True)
class RedFlag:
    """A red flag raised at finalisation (Open Contracting red-flag guide code)."""

    tender_id: int
    code: str
    bidder: str
    price_idr: int
    block_number: int
    tx_hash: str

    @property
    def description(self) -> str:
        """What the code means."""
        return RED_FLAG_DESCRIPTIONS.get(self.code, "unknown red flag")


@dataclass(frozen=True)
class TenderReport:
    """Status of a tender process (``ocds-…-T<n>``): tender, bids, red flags and its order."""

    ocid: str
    tender: Tender
    bids: tuple[Bid, ...]
    red_flags: tuple[RedFlag, ...]
    award: Award | None
    order: "OrderReport | None" = None
    kind: str = field(default="tender", init=False)

    @property
    def summary(self) -> str:
        """One line for humans."""
        t = self.tender
        text = f"{self.ocid}: tender {t.tender_id} {t.status.name.lower()}, {t.bid_count} bid(s)"
        if self.award is not None:
            text += f", awarded to {self.award.supplier} at {rupiah(self.award.price_idr)}"
        if self.order is not None:
            text += f"; {self.order.summary}"
        return text


@dataclass(frozen=True)
class OrderReport:
    """Status of an order: the order, its lines, shipments and dispute."""

    ocid: str
    order: Order
    lines: tuple[Line, ...]
    shipments: tuple[Shipment, ...]
    dispute: Dispute | None
    kind: str = field(default="order", init=False)

    @property
    def summary(self) -> str:
        """One line for humans."""
        o = self.order
        text = (
            f"order {o.order_id} {o.state.name.lower()}, total {rupiah(o.total_idr)}, "
            f"unpaid {rupiah(o.unpaid_idr)}, retention held {rupiah(o.retention_held_idr)}, "
            f"{len(self.shipments)} shipment(s)"
        )
        if self.dispute is not None:
            text += ", dispute " + ("resolved" if self.dispute.resolved else "open")
        return text


@dataclass(frozen=True)
class ShipmentReport:
    """Status of a shipment: the shipment and its verified checkpoint history."""

    shipment: Shipment
    checkpoints: tuple[Checkpoint, ...]
    kind: str = field(default="shipment", init=False)

    @property
    def summary(self) -> str:
        """One line for humans."""
        s = self.shipment
        text = (
            f"shipment {s.shipment_id} of order {s.order_id} {s.status.name.lower()}, "
            f"{s.checkpoint_count} checkpoint(s), custodian {s.custodian}"
        )
        if s.confirmed:
            text += ", delivery confirmed"
        return text


StatusReport = TenderReport | OrderReport | ShipmentReport


# ------------------------------------------------------------------------- raw ABI records
#
# What a view function of the contracts returns, as a frozen dataclass whose fields are the
# ABI's component names in snake case (``agencyOrgId`` -> ``agency_org_id``). ``from_abi`` maps
# a decoded result (web3.py's ``call()`` or the bulk reader) onto the fields by those names, read
# from the shipped ABI (``py_client/abi/<Contract>.json``); nothing is numbered by hand, and
# ``tests/test_models_rules.py`` fails when a record's fields stop matching its ABI. Values are
# converted by the field's type (``int``, ``bool``, ``bytes``, ``str``, an ``IntEnum``, a
# ``tuple[int, ...]``). Amounts and times stay the chain's integers (unix seconds, rupiah).


def _snake(name: str) -> str:
    """``agencyOrgId`` -> ``agency_org_id``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@cache
def abi_output_names(contract: str, function: str) -> tuple[str, ...]:
    """The names (snake case) of what ``contract.function`` returns: the components of its one
    tuple output, else its outputs.

    Raises:
        KeyError: The shipped ABI has no such view function.
    """
    outputs = _abi_outputs(contract, function)
    match outputs:
        case [{"type": str(kind), "components": components}] if kind.startswith("tuple"):
            outputs = components
    return tuple(_snake(str(o["name"])) for o in outputs)


def _abi_outputs(contract: str, function: str) -> list[dict[str, Any]]:
    """The ``outputs`` of ``contract.function`` in the shipped ABI.

    Raises:
        KeyError: The shipped ABI has no such function.
    """
    text = resources.files("py_client").joinpath("abi", f"{contract}.json").read_text()
    for entry in json.loads(text):
        if entry.get("type") == "function" and entry.get("name") == function:
            return list(entry["outputs"])
    raise KeyError(f"{contract}.{function} is not in the shipped ABI")


def _convert(kind: Any, value: Any) -> Any:
    if kind is bool:
        return bool(value)
    if kind is bytes:
        return bytes(value)
    if kind is str:
        return str(value)
    if isinstance(kind, type) and issubclass(kind, int):  # int and the IntEnums
        return kind(value)
    return tuple(int(v) for v in value)  # tuple[int, ...]


@dataclass(frozen=True)
class AbiRecord:
    """Base of the raw records: ``ABI`` names the view function whose result the record is."""

    ABI: ClassVar[tuple[str, str]]

    @classmethod
    def from_abi(cls, raw: Sequence[Any]) -> Self:
        """The record of a decoded result, field by ABI component name.

        Raises:
            ValueError: ``raw`` does not have the ABI's number of values.
        """
        names = cls.abi_names()
        if len(raw) != len(names):
            raise ValueError(f"{cls.__name__}: {len(raw)} values for {len(names)} ABI fields")
        hints = _record_hints(cls)
        return cls(**{n: _convert(hints[n], v) for n, v in zip(names, raw, strict=True)})

    @classmethod
    def abi_names(cls) -> tuple[str, ...]:
        """The ABI's names (snake case) of the values ``from_abi`` maps, in order."""
        return abi_output_names(*cls.ABI)

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        """The record's field names, in declaration order."""
        return tuple(f.name for f in fields(cls))


_HINTS: dict[type, dict[str, Any]] = {}


def _record_hints(cls: type) -> dict[str, Any]:
    """The resolved field types of a record class (cached)."""
    if cls not in _HINTS:
        _HINTS[cls] = get_type_hints(cls)
    return _HINTS[cls]


@dataclass(frozen=True)
class OrganisationRecord(AbiRecord):
    """``Registry.organisation(orgId)``."""

    ABI = ("Registry", "organisation")
    kind: OrgKind
    suspended: bool
    metadata_hash: bytes


@dataclass(frozen=True)
class PolicyRecord(AbiRecord):
    """``Registry.policy()`` (durations in seconds)."""

    ABI = ("Registry", "policy")
    min_tender_period_sec: int
    confirmation_window_sec: int
    max_bids_per_tender: int
    penalty_per_mille_per_day: int
    penalty_cap_bps: int
    retention_bps: int
    direct_purchase_ceiling_idr: int
    checkpoint_backdate_tolerance_sec: int
    min_bond_per_mille: int
    above_hps_flag_count: int
    objection_bond_per_mille: int
    objection_window_sec: int
    acceptance_window_sec: int
    bond_return_timeout_sec: int
    split_window_sec: int
    dispute_response_window_sec: int
    adendum_cap_bps: int

    def to_policy(self) -> Policy:
        """The :class:`Policy` (durations as ``timedelta``)."""
        return Policy(
            min_tender_period=timedelta(seconds=self.min_tender_period_sec),
            confirmation_window=timedelta(seconds=self.confirmation_window_sec),
            max_bids_per_tender=self.max_bids_per_tender,
            penalty_per_mille_per_day=self.penalty_per_mille_per_day,
            penalty_cap_bps=self.penalty_cap_bps,
            retention_bps=self.retention_bps,
            direct_purchase_ceiling_idr=self.direct_purchase_ceiling_idr,
            checkpoint_backdate_tolerance=timedelta(seconds=self.checkpoint_backdate_tolerance_sec),
            min_bond_per_mille=self.min_bond_per_mille,
            above_hps_flag_count=self.above_hps_flag_count,
            objection_bond_per_mille=self.objection_bond_per_mille,
            objection_window=timedelta(seconds=self.objection_window_sec),
            acceptance_window=timedelta(seconds=self.acceptance_window_sec),
            bond_return_timeout=timedelta(seconds=self.bond_return_timeout_sec),
            split_window=timedelta(seconds=self.split_window_sec),
            dispute_response_window=timedelta(seconds=self.dispute_response_window_sec),
            adendum_cap_bps=self.adendum_cap_bps,
        )


@dataclass(frozen=True)
class BudgetRecord(AbiRecord):
    """``Registry.budget(orgId, fiscalYear)``."""

    ABI = ("Registry", "budget")
    ceiling_idr: int
    committed_idr: int

    @property
    def available_idr(self) -> int:
        """What can still be committed."""
        return self.ceiling_idr - self.committed_idr


@dataclass(frozen=True)
class TenderRecord(AbiRecord):
    """``Tendering.tender(tenderId)``: times on the tender clock (see :class:`Tender`)."""

    ABI = ("Tendering", "tender")
    agency: str
    agency_org_id: int
    fiscal_year: int
    status: TenderStatus
    hps_idr: int
    bond_idr: int
    bid_deadline_at: int
    reveal_deadline_at: int
    max_bids: int
    bid_count: int
    pause_snapshot: int
    winner: str
    order_id: int
    winner_bond_held: bool
    accepted: bool
    pending_objections: int
    objection_ends_at: int
    ordered_at: int
    acceptance_window_sec: int
    bond_return_at: int
    objection_bond_idr: int
    delivery_from_at: int
    delivery_until_at: int
    items_hash: bytes


@dataclass(frozen=True)
class BidRecord(AbiRecord):
    """``Tendering.bid(tenderId, bidder)``."""

    ABI = ("Tendering", "bid")
    commitment: bytes
    price_idr: int
    supplier_org_id: int
    seq: int
    state: BidState
    objection: ObjectionState


@dataclass(frozen=True)
class AwardRecord(AbiRecord):
    """``Tendering.award(tenderId)``."""

    ABI = ("Tendering", "award")
    agency: str
    agency_org_id: int
    fiscal_year: int
    supplier: str
    supplier_org_id: int
    price_idr: int
    order_id: int


@dataclass(frozen=True)
class OrderRecord(AbiRecord):
    """``OrderEscrow.order(orderId)``."""

    ABI = ("OrderEscrow", "order")
    agency: str
    agency_org_id: int
    fiscal_year: int
    state: OrderState
    disputed: bool
    supplier: str
    line_count: int
    retention_bps: int
    penalty_per_mille_per_day: int
    penalty_cap_bps: int
    delivery_deadline_at: int
    maintenance_period_sec: int
    confirmation_window_sec: int
    retention_release_at: int
    total_idr: int
    unpaid_idr: int
    retention_held_idr: int
    tender_id: int


@dataclass(frozen=True)
class OrderSummaryRecord(AbiRecord):
    """``OrderEscrow.orderSummary(orderId)``."""

    ABI = ("OrderEscrow", "orderSummary")
    agency: str
    supplier: str
    state: OrderState
    disputed: bool
    line_count: int


@dataclass(frozen=True)
class LineRecord(AbiRecord):
    """``OrderEscrow.line(orderId, index)``: the line's terms (``IOrderEscrow.LineTerms``) and
    what was delivered of it."""

    ABI = ("OrderEscrow", "line")
    terms: "LineTerms"
    delivered_quantity: int

    @classmethod
    def from_abi(cls, raw: Sequence[Any]) -> Self:
        """The record of ``(LineTerms tuple, deliveredQuantity)``."""
        terms, delivered = raw
        return cls(LineTerms.from_abi(terms), int(delivered))

    @property
    def remaining_quantity(self) -> int:
        """What is still to be delivered."""
        return self.terms.quantity - self.delivered_quantity


@dataclass(frozen=True)
class LineTerms(AbiRecord):
    """``IOrderEscrow.LineTerms``: a milestone has ``due_at`` (unix seconds), goods 0."""

    ABI = ("OrderEscrow", "line")
    quantity: int
    unit_price_idr: int
    due_at: int

    @classmethod
    def abi_names(cls) -> tuple[str, ...]:
        """The component names of ``line``'s first output."""
        return line_terms_names()


@cache
def line_terms_names() -> tuple[str, ...]:
    """The component names of ``IOrderEscrow.LineTerms`` (the first output of ``line``)."""
    terms, _delivered = _abi_outputs("OrderEscrow", "line")
    return tuple(_snake(str(c["name"])) for c in terms["components"])


@dataclass(frozen=True)
class ShipmentRecord(AbiRecord):
    """``ShipmentTracking.shipment(shipmentId)``."""

    ABI = ("ShipmentTracking", "shipment")
    order_id: int
    supplier: str
    custodian: str
    nominee: str
    status: ShipmentStatus
    expected_arrival_at: int
    arrived_at: int
    checkpoint_count: int
    head: bytes


@dataclass(frozen=True)
class CheckpointHeadRecord(AbiRecord):
    """``ShipmentTracking.checkpointHead(shipmentId)``."""

    ABI = ("ShipmentTracking", "checkpointHead")
    head: bytes
    checkpoint_count: int
    last_occurred_at: int


@dataclass(frozen=True)
class CheckpointRefRecord(AbiRecord):
    """``ShipmentTracking.checkpointOfRef(orgId, ref)``: shipment 0 when the ref is unused."""

    ABI = ("ShipmentTracking", "checkpointOfRef")
    shipment_id: int
    index: int


@dataclass(frozen=True)
class DisputeRecord(AbiRecord):
    """``OrderEscrow.dispute(orderId)``."""

    ABI = ("OrderEscrow", "dispute")
    opened_at: int
    respond_by_at: int
    opened_by_supplier: bool
    responded: bool


@dataclass(frozen=True)
class AdendumRecord(AbiRecord):
    """``OrderEscrow.adendumState(orderId)``."""

    ABI = ("OrderEscrow", "adendumState")
    pending_hash: bytes
    proposer: str
    original_total_idr: int
    count: int


ABI_RECORDS: tuple[type[AbiRecord], ...] = (
    OrganisationRecord,
    PolicyRecord,
    BudgetRecord,
    TenderRecord,
    BidRecord,
    AwardRecord,
    OrderRecord,
    OrderSummaryRecord,
    ShipmentRecord,
    CheckpointHeadRecord,
    CheckpointRefRecord,
    DisputeRecord,
    AdendumRecord,
)
"""The records read by ``from_abi`` with the generic mapping (:class:`LineRecord` and
:class:`LineTerms` map the two parts of ``line`` themselves)."""

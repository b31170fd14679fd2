"""Helpers for the OrderEscrow tests.

What is here: builders for order lines, the payment rule of DESIGN section 5 written again in
Python (the model the contract is checked against), the allowed order-state transitions, and
`EscrowDriver`, which walks orders through the real Tendering, OrderEscrow and ShipmentTracking
contracts on the test node (create, accept, ship, arrive at an exact time, confirm).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import eth_abi
from eth_utils import keccak
from web3.exceptions import ContractCustomError as Web3ContractCustomError

from py_client.models import OrderState
from tests.support.tracking import new_ref

DAY = 86_400
FISCAL_YEAR = 2026
PCS = b"pcs".ljust(16, b"\0")
MILESTONE = b"milestone".ljust(16, b"\0")
ORIGIN_ID = b"ID"
ZERO32 = b"\0" * 32
ARRIVED = 4  # IShipmentTracking.CheckpointKind.Arrived


# Every move an order may make; anything else breaks "states only move forward".
ALLOWED_TRANSITIONS: frozenset[tuple[OrderState, OrderState]] = frozenset(
    {
        (OrderState.NONE, OrderState.CREATED),
        (OrderState.CREATED, OrderState.ACTIVE),
        (OrderState.CREATED, OrderState.CANCELLED),
        (OrderState.ACTIVE, OrderState.DELIVERED),
        (OrderState.ACTIVE, OrderState.TERMINATED),
        (OrderState.ACTIVE, OrderState.CLOSED),
        (OrderState.DELIVERED, OrderState.CLOSED),
        (OrderState.TERMINATED, OrderState.CLOSED),
    }
)


def moves_forward(previous: OrderState, current: OrderState) -> bool:
    """Whether `current` is `previous` or reachable from it by allowed transitions."""
    reached, frontier = {previous}, [previous]
    while frontier:
        state = frontier.pop()
        for source, target in ALLOWED_TRANSITIONS:
            if source == state and target not in reached:
                reached.add(target)
                frontier.append(target)
    return current in reached


NO_REF = bytes(32)  # an order without a client reference (issue 13 item 9)


def b32(text: str) -> bytes:
    """A document hash stand-in: `text` left-aligned in 32 bytes."""
    return text.encode().ljust(32, b"\0")


def goods_line(
    quantity: int, unit_price_idr: int, item: str = "item", unit: bytes = PCS
) -> tuple[bytes, int, int, bytes, bytes, int]:
    """An IOrderEscrow.Line for goods (`dueAt` 0: the order deadline applies)."""
    return (b32(item), quantity, unit_price_idr, unit, ORIGIN_ID, 0)


def milestone_line(
    price_idr: int, due_at: int, item: str = "milestone"
) -> tuple[bytes, int, int, bytes, bytes, int]:
    """An IOrderEscrow.Line for a works/services milestone (quantity 1, its own due date)."""
    return (b32(item), 1, price_idr, MILESTONE, ORIGIN_ID, due_at)


def lines_total(lines: list[tuple[bytes, int, int, bytes, bytes, int]]) -> int:
    return sum(quantity * price for _, quantity, price, _, _, _ in lines)


@dataclass(frozen=True)
class Terms:
    """The policy terms an order copies at creation (defaults of the Registry)."""

    retention_bps: int = 500
    penalty_per_mille_per_day: int = 1
    penalty_cap_bps: int = 500
    confirmation_window_sec: int = 7 * DAY


@dataclass(frozen=True)
class Split:
    """How a confirmed value is paid out."""

    paid_idr: int
    penalty_idr: int
    retention_idr: int


def days_late(done_at: int, due_at: int) -> int:
    """Whole days late, rounded up; 0 when done at or before the due time."""
    if done_at <= due_at:
        return 0
    return -(-(done_at - due_at) // DAY)


def payment_split(value_idr: int, late_days: int, terms: Terms) -> Split:
    """DESIGN section 5.3: value - penalty (capped, to the agency) - retention (held)."""
    cap_idr = min(value_idr * terms.penalty_cap_bps // 10_000, value_idr)
    penalty = min(value_idr * terms.penalty_per_mille_per_day * late_days // 1_000, cap_idr)
    retention = min(value_idr * terms.retention_bps // 10_000, value_idr - penalty)
    return Split(value_idr - penalty - retention, penalty, retention)


def terminable_at(deadline_at: int, terms: Terms) -> int:
    """Deadline + the days at which the penalty reaches its cap."""
    per_mille = terms.penalty_per_mille_per_day
    cap_days = 0 if per_mille == 0 else -(-terms.penalty_cap_bps // (10 * per_mille))
    return deadline_at + cap_days * DAY


@dataclass
class EscrowDriver:
    """Walks orders through the real contracts. Accounts are Ape test accounts."""

    chain: Any
    registry: Any
    token: Any
    tendering: Any
    escrow: Any
    tracking: Any
    governor: Any
    treasury: Any
    agency: Any
    supplier: Any
    carrier: Any
    arbiter: Any
    others: list[Any] = field(default_factory=list)

    def now(self) -> int:
        return int(self.chain.pending_timestamp)

    def at(self, timestamp: int) -> None:
        """The next transaction is mined exactly at `timestamp`."""
        self.chain.pending_timestamp = timestamp

    def create_direct(
        self,
        lines: list[Any] | None = None,
        deadline_in_sec: int = 30 * DAY,
        maintenance_sec: int = 90 * DAY,
        supplier: Any = None,
        agency: Any = None,
    ) -> int:
        """Creates a direct order (default: 10 pcs x Rp 1,000,000 and 5 x Rp 2,000,000)."""
        chosen = (
            lines if lines is not None else [goods_line(10, 1_000_000), goods_line(5, 2_000_000)]
        )
        self.escrow.createDirectOrder(
            supplier or self.supplier,
            FISCAL_YEAR,
            chosen,
            self.now() + deadline_in_sec,
            maintenance_sec,
            NO_REF,
            sender=agency or self.agency,
        )
        return int(self.escrow.orderCount())

    def accept(self, order_id: int) -> Any:
        """The agency approves the total and the supplier accepts; returns the receipt."""
        order = self.escrow.order(order_id)
        self.token.approve(self.escrow, order.totalIdr, sender=self.account_of(order.agency))
        return self.escrow.acceptOrder(
            order_id, b32("contract"), sender=self.account_of(order.supplier)
        )

    def active_direct(self, lines: list[Any] | None = None, **kwargs: Any) -> int:
        order_id = self.create_direct(lines, **kwargs)
        self.accept(order_id)
        return order_id

    def ship(self, order_id: int, quantities: list[int]) -> int:
        """The supplier registers a shipment of `quantities` (one per line) with the carrier."""
        supplier = self.account_of(self.escrow.order(order_id).supplier)
        origin = (ORIGIN_ID, b32("Jawa Barat"), b32("gln"))
        self.tracking.registerShipment(
            order_id,
            quantities,
            origin,
            self.carrier,
            self.now() + 5 * DAY,
            new_ref(),
            sender=supplier,
        )
        return int(self.tracking.shipmentCount())

    def arrive(self, shipment_id: int, at: int | None = None) -> int:
        """The carrier records the Arrived checkpoint, mined at `at` if given; returns arrivedAt."""
        when = self.now() if at is None else at
        self.at(when)
        checkpoint = (ARRIVED, b32("IDJKT"), 0, 0, when, b32("evidence"))
        self.tracking.recordCheckpoint(shipment_id, checkpoint, new_ref(), sender=self.carrier)
        return int(self.tracking.shipment(shipment_id).arrivedAt)

    def shipped_and_arrived(
        self, order_id: int, quantities: list[int], at: int | None = None
    ) -> int:
        shipment_id = self.ship(order_id, quantities)
        self.arrive(shipment_id, at)
        return shipment_id

    def arrived_order(self, quantities: list[int], at: int | None = None) -> tuple[int, int]:
        """An active direct order with one shipment of `quantities` arrived (at `at`, default
        now); returns (order id, shipment id)."""
        order_id = self.active_direct()
        return order_id, self.shipped_and_arrived(order_id, quantities, at)

    def confirm(self, shipment_id: int, received: list[int], at: int | None = None) -> Any:
        if at is not None:
            self.at(at)
        return self.escrow.confirmDelivery(shipment_id, received, b32("bast"), sender=self.agency)

    def deliver_all(self, order_id: int) -> Any:
        """Ships, arrives and confirms everything still owed; returns the confirmation receipt."""
        count = self.escrow.order(order_id).lineCount
        remaining = []
        for index in range(count):
            line, delivered = self.escrow.line(order_id, index)
            remaining.append(0 if line.dueAt else line.quantity - delivered)
        shipment_id = self.shipped_and_arrived(order_id, remaining)
        return self.confirm(shipment_id, remaining)

    def award_tender(
        self,
        price_idr: int,
        hps_idr: int | None = None,
        bond_idr: int | None = None,
        lines: list[Any] | None = None,
        delivery: tuple[int, int] | None = None,
    ) -> int:
        """Runs a one-bid tender of the agency, won by the supplier at `price_idr`; the bond
        defaults to the larger of Rp 1,000,000 and the policy minimum (0.5 % of the HPS).
        The tender's items are those of `lines` (default: 20 pcs of "item"), its delivery period
        `delivery` (default: from the reveal deadline to 365 days after it)."""
        if bond_idr is None:
            bond_idr = max(1_000_000, -(-(hps_idr or price_idr) * 5 // 1000))
        start = self.now()
        bid_deadline = start + 3 * DAY + 60
        reveal_deadline = bid_deadline + 2 * 3600
        items = [(line[0], line[1], line[3]) for line in lines or [goods_line(20, 1)]]
        period = delivery or (reveal_deadline, reveal_deadline + 365 * DAY)
        params = (
            b32("spec"),
            "store://spec",
            items,
            hps_idr or price_idr,
            bid_deadline,
            reveal_deadline,
            bond_idr,
            FISCAL_YEAR,
            *period,
        )
        self.tendering.openTender(params, sender=self.agency)
        tender_id = int(self.tendering.tenderCount())
        salt = b32("salt")
        if bond_idr:
            self.token.mint(self.supplier, bond_idr, sender=self.treasury)
            self.token.approve(self.tendering, bond_idr, sender=self.supplier)
        commitment = self.tendering.commitmentOf(tender_id, self.supplier, price_idr, salt)
        self.tendering.commitBid(tender_id, commitment, sender=self.supplier)
        self.at(bid_deadline)
        self.tendering.revealBid(tender_id, price_idr, salt, sender=self.supplier)
        self.at(reveal_deadline)
        self.tendering.finaliseTender(tender_id, sender=self.agency)
        # Ordering waits for the objection (sanggah) window to close.
        self.at(int(self.tendering.tender(tender_id).objectionEndsAt))
        return tender_id

    def account_of(self, address: Any) -> Any:
        for account in (self.agency, self.supplier, *self.others):
            if account.address == address:
                return account
        msg = f"no test account for {address}"
        raise LookupError(msg)


def error_data(contract: Any, name: str, *args: Any) -> bytes:
    """The revert data of custom error `name` of `contract` with `args` (selector + ABI args)."""
    abi = next(error for error in contract.contract_type.errors if error.name == name)
    types = [str(item.canonical_type) for item in abi.inputs]
    return bytes(keccak(text=abi.selector)[:4]) + eth_abi.encode(types, list(args))


def simulated_revert(chain: Any, method: Any, args: list[Any], sender: Any) -> bytes:
    """Runs `method(*args)` from `sender` as an eth_call on the pending state; its revert data.

    Use it where `ape.reverts` cannot check the error: Ape leaves the revert of a plain call (a
    view) undecoded, and decodes a revert raised by another contract (e.g. the registry's role
    check behind an escrow call) by tracing the transaction, about a second each. Returns b""
    if the call does not revert.
    """
    call = {"from": sender.address, "to": method.contract.address}
    return _revert_data_of(chain, {**call, "data": method.encode_input(*args)})


def simulated_deploy_revert(chain: Any, container: Any, args: list[Any], sender: Any) -> bytes:
    """The revert data of deploying `container` with constructor `args` (simulated, b"" if none);
    Ape cannot decode a constructor's custom error (there is no contract address yet)."""
    contract_type = container.contract_type
    abi = contract_type.constructor
    types = [str(item.canonical_type) for item in abi.inputs]
    code = bytes.fromhex(str(contract_type.deployment_bytecode.bytecode).removeprefix("0x"))
    data = code + eth_abi.encode(types, args)
    return _revert_data_of(chain, {"from": sender.address, "data": data})


def _revert_data_of(chain: Any, call: dict[str, Any]) -> bytes:
    try:
        chain.provider.web3.eth.call(call, "pending")
    except Web3ContractCustomError as err:
        return bytes.fromhex(str(err.data).removeprefix("0x"))
    return b""


def build_driver(chain: Any, system: dict[str, Any], request: Any) -> EscrowDriver:
    """An `EscrowDriver` over the shared fixtures (accounts looked up by role name)."""

    def role(name: str) -> Any:
        return request.getfixturevalue(name)

    return EscrowDriver(
        chain,
        system["registry"],
        system["token"],
        system["tendering"],
        system["escrow"],
        system["tracking"],
        role("governor"),
        role("treasury"),
        role("agency"),
        role("supplier"),
        role("carrier"),
        role("arbiter"),
        others=[role("contractor"), role("agency2"), role("supplier2")],
    )

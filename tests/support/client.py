"""Helpers of the client tests: `World`, a driver for whole processes over a `Rantai` per role.

Client tests talk to anvil only through py_client (web3 HTTP to `rpc_url`, signing with the test
accounts' keys). Every client is built per test: Ape reverts the chain after each test and a
client's Sender caches its nonce. The fixtures (`salt_dir`, `connect`, `world`) are in
tests/conftest.py: bulk, documents and CLI tests use them too.
"""

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from eth_utils import keccak

from py_client import Item, Line, Origin, Rantai
from py_client.receipts import TxResult
from tests.support.constants import FISCAL_YEAR

HPS_IDR = 1_000_000_000
BOND_IDR = 5_000_000
SUPPLIER_FUNDS_IDR = 100_000_000
DAY = 86_400
BID_PERIOD_SEC = 3 * DAY + 600
REVEAL_PERIOD_SEC = 2 * DAY
GAS_MODE = "auto"
SPEC = b"spec: 100 laptops, 20 printers"
SPEC_URI = "rantai://docs/spec-001"

Connect = Callable[..., Rantai]


def item_hash(text: str) -> bytes:
    return keccak(text=text)


_WAYBILLS = itertools.count(1)
"""Waybill numbers of :meth:`World.shipment`, unique in the process."""


@dataclass
class World:
    """The pilot's participants as clients, and the steps of a process as one-liners."""

    connect: Connect
    accounts: dict[str, Any]
    fast_forward: Callable[[int], None]
    clients: dict[str, Rantai]

    def __getattr__(self, name: str) -> Rantai:
        accounts = self.__dict__.get("accounts", {})
        if name not in accounts:
            raise AttributeError(name)
        clients = self.__dict__["clients"]
        if name not in clients:
            clients[name] = self.connect(accounts[name])
        return clients[name]

    def raw(self, name: str) -> Rantai:
        """A client of `name` with the checks before sending switched off."""
        key = f"raw:{name}"
        if key not in self.clients:
            self.clients[key] = self.connect(self.accounts[name], preflight=False)
        return self.clients[key]

    def address(self, name: str) -> str:
        return str(self.accounts[name].address)

    def now(self) -> int:
        return self.governor.now()

    def move_to(self, timestamp: int) -> None:
        """Mine a block at `timestamp` (or just after the latest block when that is later)."""
        delta = timestamp - self.now()
        self.fast_forward(max(delta, 1))

    def fund(self, name: str, amount_idr: int = SUPPLIER_FUNDS_IDR) -> None:
        self.treasury.treasury.mint(self.address(name), amount_idr)

    def open_tender(
        self,
        hps_idr: int = HPS_IDR,
        bond_idr: int = BOND_IDR,
        quantity: int = 100,
        items: list[Item] | None = None,
    ) -> int:
        now = self.now()
        result = self.agency.agency.open_tender(
            spec=SPEC,
            spec_uri=SPEC_URI,
            items=items or [Item(item_hash("laptop"), quantity, "kg")],  # as goods_line below
            hps_idr=hps_idr,
            bid_deadline_at=now + BID_PERIOD_SEC,
            reveal_deadline_at=now + BID_PERIOD_SEC + REVEAL_PERIOD_SEC,
            fiscal_year=FISCAL_YEAR,
            bond_idr=bond_idr,
        )
        assert result.tender_id is not None
        return result.tender_id

    def bid(self, name: str, tender_id: int, price_idr: int, **kwargs: Any) -> TxResult:
        """Fund the bidder, approve its bond and commit `price_idr`."""
        self.fund(name)
        client = getattr(self, name)
        client.supplier.approve_bond(tender_id)
        result: TxResult = client.supplier.commit_bid(tender_id, price_idr, **kwargs)
        return result

    def to_reveal(self, tender_id: int) -> None:
        self.move_to(int(self.governor.tender(tender_id).bid_deadline_at.timestamp()))

    def to_finalise(self, tender_id: int) -> None:
        self.move_to(int(self.governor.tender(tender_id).reveal_deadline_at.timestamp()))

    def revealed_tender(self, prices: dict[str, int], hps_idr: int = HPS_IDR) -> int:
        """A tender in which `prices` were bid (above the HPS too) and revealed, not finalised."""
        tender_id = self.open_tender(hps_idr)
        for name, price in prices.items():
            self.bid(name, tender_id, price, allow_invalid=True)
        self.to_reveal(tender_id)
        for name in prices:
            getattr(self, name).supplier.reveal_bid(tender_id)
        return tender_id

    def finalised_tender(self, prices: dict[str, int], hps_idr: int = HPS_IDR) -> int:
        """A tender in which `prices` were bid and revealed, finalised just now (inside its
        objection window)."""
        tender_id = self.revealed_tender(prices, hps_idr)
        self.to_finalise(tender_id)
        self.agency.agency.finalise_tender(tender_id)
        return tender_id

    def awarded_tender(self, prices: dict[str, int], hps_idr: int = HPS_IDR) -> int:
        """A tender in which `prices` were bid and revealed, finalised, past its objections."""
        tender_id = self.finalised_tender(prices, hps_idr)
        self.past_objections(tender_id)
        return tender_id

    def past_objections(self, tender_id: int) -> None:
        """Move past the objection (sanggah) window of an awarded tender: it can be ordered."""
        ends_at = self.governor.tender(tender_id).objection_ends_at
        if ends_at is not None:
            self.move_to(int(ends_at.timestamp()))

    def direct_order(
        self,
        lines: list[Line] | None = None,
        supplier: str = "supplier",
        deadline_in: int = 30 * DAY,
        maintenance: timedelta = timedelta(days=90),
    ) -> int:
        lines = lines or [goods_line("rice", 100, 100_000)]
        result = self.agency.agency.create_direct_order(
            self.address(supplier), FISCAL_YEAR, lines, self.now() + deadline_in, maintenance
        )
        assert result.order_id is not None
        return result.order_id

    def accepted(self, order_id: int, supplier: str = "supplier") -> int:
        self.agency.agency.approve_escrow(order_id)
        getattr(self, supplier).supplier.accept_order(order_id, b"signed contract")
        return order_id

    def shipment(
        self,
        order_id: int,
        quantities: list[int],
        supplier: str = "supplier",
        carrier: str = "carrier",
    ) -> int:
        result = getattr(self, supplier).supplier.register_shipment(
            order_id,
            quantities,
            self.address(carrier),
            self.now() + 5 * DAY,
            Origin("ID", "ID-JT", "8991234567890"),
            # a waybill of its own: two equal shipments in one block are two shipments
            ref=f"test waybill {next(_WAYBILLS)}",
        )
        assert result.shipment_id is not None
        return result.shipment_id

    def arrive(self, shipment_id: int, carrier: str = "carrier") -> TxResult:
        result: TxResult = getattr(self, carrier).carrier.record_checkpoint(
            shipment_id, "arrived", "IDJKT"
        )
        return result


def goods_line(name: str, quantity: int, unit_price_idr: int) -> Line:
    return Line(item_hash(name), quantity, unit_price_idr, "kg", "ID")


# Process shortcuts shared by the client tests.


def tender_kwargs(w: World, **overrides: Any) -> dict[str, Any]:
    now = w.now()
    kwargs: dict[str, Any] = {
        "spec": SPEC,
        "spec_uri": SPEC_URI,
        "items": [Item(item_hash("laptop"), 10)],
        "hps_idr": HPS_IDR,
        "bid_deadline_at": now + 4 * DAY,
        "reveal_deadline_at": now + 6 * DAY,
        "fiscal_year": FISCAL_YEAR,
        "bond_idr": BOND_IDR,
    }
    kwargs.update(overrides)
    return kwargs


def active_order(w: World, lines: list[Line] | None = None) -> int:
    return w.accepted(w.direct_order(lines))


def arrived_shipment(w: World, order_id: int, quantities: list[int]) -> int:
    shipment_id = w.shipment(order_id, quantities)
    w.arrive(shipment_id)
    return shipment_id


def delivered_order(w: World) -> int:
    order_id = active_order(w)
    shipment_id = arrived_shipment(w, order_id, [100])
    w.agency.agency.confirm_delivery(shipment_id)
    return order_id


def milestone_order(w: World) -> int:
    due = w.now() + 10 * DAY
    lines = [
        goods_line("cement", 10, 1_000_000),
        Line.milestone(item_hash("foundation"), 50_000_000, due),  # type: ignore[arg-type]
    ]
    order_id = w.direct_order(lines, supplier="contractor", deadline_in=20 * DAY)
    return w.accepted(order_id, supplier="contractor")


def committed(w: World, name: str = "supplier", price: int = 900_000_000) -> int:
    tender_id = w.open_tender()
    w.bid(name, tender_id, price)
    return tender_id


# Setups for table-driven cases: each prepares the chain and returns the case's subject (a tender,
# order or shipment id).

Setup = Callable[[World], Any]
Step = Callable[[World, Any], Any]


def after(base: Setup, *steps: Step) -> Setup:
    """`base`, then each step with the world and the subject `base` returned."""

    def setup(w: World) -> Any:
        subject = base(w)
        for step in steps:
            step(w, subject)
        return subject

    return setup


def in_transit(quantity: int) -> Setup:
    """A shipment of `quantity` on a fresh active order, not yet arrived."""
    return lambda w: w.shipment(active_order(w), [quantity])


def arrived(quantity: int) -> Setup:
    """A shipment of `quantity` on a fresh active order, arrived and not yet confirmed."""
    return lambda w: arrived_shipment(w, active_order(w), [quantity])

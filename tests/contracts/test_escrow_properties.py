"""Property tests of OrderEscrow's money rules (DESIGN section 5.6).

A hypothesis state machine drives direct orders through random lifecycles on the real contracts:
policy changes, creation, acceptance, cancellation, partial shipments arriving at random times,
confirmations of random received quantities, disputes (opened or escalated), rulings with random
splits, termination and retention release. A Python model predicts every payment; after each step
the machine checks:

- conservation: the escrow's token balance equals the sum of `heldIdr` over all orders (and the
  model's), and per order paid + returned + held equals the order value;
- nobody is paid more than the order value;
- states only move forward (allowed transitions only);
- every payment follows a confirmed delivery or a ruling: the supplier's balance is exactly the sum
  of the payments the model made in those steps, and the agency's budget is committed exactly for
  what was not returned to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import ape
import pytest
from tests.support.examples import examples
from tests.support.constants import AGENCY_ORG
from tests.support.escrow import (
    DAY,
    FISCAL_YEAR,
    NO_REF,
    EscrowDriver,
    OrderState,
    Terms,
    b32,
    build_driver,
    days_late,
    goods_line,
    moves_forward,
    payment_split,
    terminable_at,
)
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

SETTINGS = settings(
    max_examples=examples(15),
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@dataclass
class ModelOrder:
    """What the model expects of one order."""

    lines: list[tuple[int, int]]  # (quantity, unit price)
    terms: Terms
    deadline_at: int
    maintenance_sec: int
    delivered: list[int] = field(default_factory=list)
    paused_at_creation: int = 0  # Registry.pausedSeconds() when created (a pause stops the clock)
    state: OrderState = OrderState.CREATED
    disputed: bool = False
    unpaid_idr: int = 0
    retention_idr: int = 0
    paid_to_supplier_idr: int = 0
    returned_to_agency_idr: int = 0
    release_at: int = 0
    original_total_idr: int = 0  # the total before the first adendum (issue 13 item 4)

    @property
    def total_idr(self) -> int:
        return sum(quantity * price for quantity, price in self.lines)

    @property
    def held_idr(self) -> int:
        return self.unpaid_idr + self.retention_idr

    def remaining(self, index: int) -> int:
        return self.lines[index][0] - self.delivered[index]


@dataclass
class ModelShipment:
    order_id: int
    quantities: list[int]
    arrived_at: int
    confirmed: bool = False
    paused_at_arrival: int = 0


class EscrowMachine(RuleBasedStateMachine):
    """Random lifecycles of direct orders against the model. `driver` is set by the test."""

    driver: EscrowDriver

    def __init__(self) -> None:
        super().__init__()
        self.snapshot = self.driver.chain.snapshot()
        self.terms = Terms()
        self.policy_changes = 0
        self.pauses = 0
        self.orders: dict[int, ModelOrder] = {}
        self.shipments: dict[int, ModelShipment] = {}
        self.chain_states: dict[int, OrderState] = {}
        self.agency_start_idr = int(self.driver.token.balanceOf(self.driver.agency))
        self.budget_start_idr = int(
            self.driver.registry.budget(AGENCY_ORG, FISCAL_YEAR).committedIdr
        )
        self.set_policy(self.terms)

    def teardown(self) -> None:
        self.driver.chain.restore(self.snapshot)

    # ------------------------------------------------------------------ helpers

    def set_policy(self, terms: Terms) -> None:
        d = self.driver
        d.registry.setRetentionBps(terms.retention_bps, sender=d.governor)
        d.registry.setPenaltyPerMillePerDay(terms.penalty_per_mille_per_day, sender=d.governor)
        d.registry.setPenaltyCapBps(terms.penalty_cap_bps, sender=d.governor)
        self.terms = terms

    def ids(self, *states: OrderState, disputed: bool | None = False) -> list[int]:
        return [
            order_id
            for order_id, order in self.orders.items()
            if order.state in states and (disputed is None or order.disputed == disputed)
        ]

    def open_shipments(self) -> list[int]:
        return [
            shipment_id
            for shipment_id, shipment in self.shipments.items()
            if not shipment.confirmed
            and self.orders[shipment.order_id].state is OrderState.ACTIVE
            and not self.orders[shipment.order_id].disputed
        ]

    def move_to_at_least(self, timestamp: int) -> None:
        self.driver.at(max(self.driver.now(), timestamp))

    # ------------------------------------------------------------------ rules

    @precondition(lambda self: self.policy_changes < 2)
    @rule(
        retention_bps=st.sampled_from([0, 500, 2_000]),
        per_mille=st.sampled_from([0, 1, 50]),
        cap_bps=st.sampled_from([0, 500, 10_000]),
    )
    def change_policy(self, retention_bps: int, per_mille: int, cap_bps: int) -> None:
        self.set_policy(Terms(retention_bps, per_mille, cap_bps))
        self.policy_changes += 1

    @precondition(lambda self: len(self.orders) < 4)
    @rule(
        lines=st.lists(
            st.tuples(st.integers(1, 6), st.integers(1, 3_000_000)), min_size=1, max_size=3
        ),
        deadline_days=st.integers(1, 20),
        maintenance_days=st.integers(0, 30),
        accept=st.booleans(),
    )
    def create_order(
        self, lines: list[tuple[int, int]], deadline_days: int, maintenance_days: int, accept: bool
    ) -> None:
        d = self.driver
        deadline_at = d.now() + deadline_days * DAY
        d.escrow.createDirectOrder(
            d.supplier,
            FISCAL_YEAR,
            [goods_line(quantity, price) for quantity, price in lines],
            deadline_at,
            maintenance_days * DAY,
            NO_REF,
            sender=d.agency,
        )
        order_id = int(d.escrow.orderCount())
        self.orders[order_id] = ModelOrder(
            lines,
            self.terms,
            deadline_at,
            maintenance_days * DAY,
            [0] * len(lines),
            paused_at_creation=int(d.registry.pausedSeconds()),
        )
        if accept:
            self._accept(order_id)

    @precondition(lambda self: self.ids(OrderState.CREATED))
    @rule(data=st.data())
    def accept_order(self, data: st.DataObject) -> None:
        self._accept(data.draw(st.sampled_from(self.ids(OrderState.CREATED))))

    def _accept(self, order_id: int) -> None:
        self.driver.accept(order_id)
        order = self.orders[order_id]
        order.state, order.unpaid_idr = OrderState.ACTIVE, order.total_idr

    @precondition(lambda self: self.ids(OrderState.CREATED))
    @rule(data=st.data())
    def cancel_order(self, data: st.DataObject) -> None:
        order_id = data.draw(st.sampled_from(self.ids(OrderState.CREATED)))
        self.driver.escrow.cancelOrder(order_id, b32("cancel"), sender=self.driver.agency)
        order = self.orders[order_id]
        order.state, order.returned_to_agency_idr = OrderState.CANCELLED, order.total_idr

    @precondition(lambda self: self.ids(OrderState.ACTIVE))
    @rule(data=st.data(), delay_hours=st.integers(0, 40 * 24), confirm_now=st.booleans())
    def ship_and_arrive(self, data: st.DataObject, delay_hours: int, confirm_now: bool) -> None:
        order_id = data.draw(st.sampled_from(self.ids(OrderState.ACTIVE)))
        order = self.orders[order_id]
        quantities = [
            data.draw(st.integers(0, order.remaining(index) + 1))
            for index in range(len(order.lines))
        ]
        if not any(quantities):
            quantities[0] = 1
        shipment_id = self.driver.ship(order_id, quantities)
        arrived_at = self.driver.arrive(shipment_id, self.driver.now() + delay_hours * 3600)
        paused = int(self.driver.registry.pausedSeconds())
        self.shipments[shipment_id] = ModelShipment(order_id, quantities, arrived_at, False, paused)
        if confirm_now:
            self._confirm(shipment_id, data, 0)

    @precondition(lambda self: self.open_shipments())
    @rule(data=st.data(), delay_hours=st.integers(0, 10 * 24))
    def confirm_delivery(self, data: st.DataObject, delay_hours: int) -> None:
        self._confirm(data.draw(st.sampled_from(self.open_shipments())), data, delay_hours)

    def _confirm(self, shipment_id: int, data: st.DataObject, delay_hours: int) -> None:
        """Confirms random received quantities (often all that can be) and checks the payment."""
        shipment = self.shipments[shipment_id]
        order = self.orders[shipment.order_id]
        caps = [min(shipped, order.remaining(i)) for i, shipped in enumerate(shipment.quantities)]
        received = [data.draw(st.just(cap) | st.integers(0, cap)) for cap in caps]
        receipt = self.driver.confirm(shipment_id, received, self.driver.now() + delay_hours * 3600)
        self._paid(shipment, order, received, receipt)

    def _late_days(self, shipment: ModelShipment, order: ModelOrder) -> int:
        """Days late at arrival, the deadline extended by the pauses before the arrival."""
        extended = order.deadline_at + shipment.paused_at_arrival - order.paused_at_creation
        return days_late(shipment.arrived_at, extended)

    def _paid(
        self, shipment: ModelShipment, order: ModelOrder, received: list[int], receipt: Any
    ) -> None:
        """Checks the payment of `received` of `shipment` and books it in the model."""
        value = sum(r * price for r, (_, price) in zip(received, order.lines, strict=True))
        split = payment_split(value, self._late_days(shipment, order), order.terms)
        [paid] = receipt.decode_logs(self.driver.escrow.PaymentReleased)
        assert (paid.paidIdr, paid.penaltyIdr, paid.retentionIdr) == (
            split.paid_idr,
            split.penalty_idr,
            split.retention_idr,
        )
        shipment.confirmed = True
        order.delivered = [done + r for done, r in zip(order.delivered, received, strict=True)]
        order.unpaid_idr -= value
        order.retention_idr += split.retention_idr
        order.paid_to_supplier_idr += split.paid_idr
        order.returned_to_agency_idr += split.penalty_idr
        if order.unpaid_idr == 0:
            order.state = OrderState.DELIVERED
            order.release_at = receipt.timestamp + order.maintenance_sec

    @precondition(
        lambda self: self.ids(OrderState.ACTIVE, OrderState.DELIVERED, OrderState.TERMINATED)
    )
    @rule(data=st.data(), by_supplier=st.booleans())
    def open_dispute(self, data: st.DataObject, by_supplier: bool) -> None:
        eligible = self.ids(OrderState.ACTIVE, OrderState.DELIVERED, OrderState.TERMINATED)
        order_id = data.draw(st.sampled_from(eligible))
        d = self.driver
        d.escrow.openDispute(
            order_id, b32("dispute"), sender=d.supplier if by_supplier else d.agency
        )
        self.orders[order_id].disputed = True

    @precondition(lambda self: self.open_shipments())
    @rule(data=st.data())
    def escalate_unconfirmed(self, data: st.DataObject) -> None:
        shipment_id = data.draw(st.sampled_from(self.open_shipments()))
        shipment = self.shipments[shipment_id]
        window = self.orders[shipment.order_id].terms.confirmation_window_sec
        paused_since = int(self.driver.registry.pausedSeconds()) - shipment.paused_at_arrival
        self.move_to_at_least(shipment.arrived_at + window + paused_since)
        self.driver.escrow.escalateUnconfirmed(
            shipment_id, b32("unconfirmed"), sender=self.driver.supplier
        )
        self.orders[shipment.order_id].disputed = True

    @precondition(lambda self: self.ids(*OrderState, disputed=True))
    @rule(data=st.data())
    def respond_to_dispute(self, data: st.DataObject) -> None:
        """Issue 13 item 7: the party that did not open the dispute answers (once)."""
        order_id = data.draw(st.sampled_from(self.ids(*OrderState, disputed=True)))
        d = self.driver
        dispute = d.escrow.dispute(order_id)
        if dispute.responded:
            return
        responder = d.agency if dispute.openedBySupplier else d.supplier
        d.escrow.respondToDispute(order_id, b32("response"), sender=responder)
        assert d.escrow.dispute(order_id).responded

    @precondition(lambda self: self.ids(*OrderState, disputed=True))
    @rule(data=st.data(), supplier_share_per_mille=st.integers(0, 1_000))
    def resolve_dispute(self, data: st.DataObject, supplier_share_per_mille: int) -> None:
        order_id = data.draw(st.sampled_from(self.ids(*OrderState, disputed=True)))
        order = self.orders[order_id]
        to_supplier = order.held_idr * supplier_share_per_mille // 1_000
        to_agency = order.held_idr - to_supplier
        d = self.driver
        dispute = d.escrow.dispute(order_id)
        if not dispute.responded:  # no answer: the arbiter waits out the response window
            self.move_to_at_least(int(dispute.respondByAt))
        d.escrow.resolveDispute(order_id, to_supplier, to_agency, b32("ruling"), sender=d.arbiter)
        order.paid_to_supplier_idr += to_supplier
        order.returned_to_agency_idr += to_agency
        order.unpaid_idr = order.retention_idr = 0
        order.state, order.disputed = OrderState.CLOSED, False

    @precondition(lambda self: self.ids(OrderState.ACTIVE))
    @rule(data=st.data())
    def terminate_order(self, data: st.DataObject) -> None:
        order_id = data.draw(st.sampled_from(self.ids(OrderState.ACTIVE)))
        order = self.orders[order_id]
        paused_since = int(self.driver.registry.pausedSeconds()) - order.paused_at_creation
        self.move_to_at_least(terminable_at(order.deadline_at, order.terms) + paused_since)
        arrived = [
            shipment_id
            for shipment_id, shipment in self.shipments.items()
            if shipment.order_id == order_id and not shipment.confirmed
        ]
        if arrived:  # termination never refunds goods that arrived
            with ape.reverts(self.driver.escrow.OrderEscrowArrivalUnconfirmed, orderId=order_id):
                self.driver.escrow.terminateOrder(
                    order_id, b32("terminate"), sender=self.driver.agency
                )
            return
        receipt = self.driver.escrow.terminateOrder(
            order_id, b32("terminate"), sender=self.driver.agency
        )
        order.returned_to_agency_idr += order.unpaid_idr
        order.unpaid_idr = 0
        order.state = OrderState.TERMINATED
        order.release_at = receipt.timestamp + order.maintenance_sec

    @precondition(lambda self: self.ids(OrderState.ACTIVE))
    @rule(data=st.data(), extend_days=st.integers(0, 10))
    def sign_adendum(self, data: st.DataObject, extend_days: int) -> None:
        """Issue 13 item 4: both parties sign new quantities (never below what was delivered,
        within the +10 % cap over the original total, cumulative) and a deadline; the value
        difference moves into or out of escrow and budget."""
        order_id = data.draw(st.sampled_from(self.ids(OrderState.ACTIVE)))
        order = self.orders[order_id]
        if any(s.order_id == order_id and not s.confirmed for s in self.shipments.values()):
            return  # what arrived is settled first (OrderEscrowArrivalUnconfirmed)
        d = self.driver
        adendum = ape.project.OrderAdendum.at(d.escrow.address)
        original = order.original_total_idr or order.total_idr
        cap = original + original * 1_000 // 10_000
        quantities = [data.draw(st.integers(done, done + 3)) for done in order.delivered]
        new_total = sum(q * price for q, (_, price) in zip(quantities, order.lines, strict=True))
        current = int(d.escrow.order(order_id).deliveryDeadlineAt)
        deadline = max(current, d.now() + DAY) + extend_days * DAY
        args = (order_id, b32("adendum"), quantities, deadline)
        if new_total > cap:
            with ape.reverts(adendum.OrderAdendumCapExceeded, orderId=order_id, capIdr=cap):
                adendum.signAdendum(*args, sender=d.supplier)
            event("adendum above the cap refused")
            return
        if deadline == current and quantities == [q for q, _ in order.lines]:
            return  # no change (OrderAdendumNoChange)
        added = new_total - order.total_idr
        if added > 0:
            d.token.approve(d.escrow, added, sender=d.agency)
        adendum.signAdendum(*args, sender=d.supplier)
        receipt = adendum.signAdendum(*args, sender=d.agency)
        [signed] = receipt.decode_logs(adendum.AdendumSigned)
        assert (signed.originalTotalIdr, signed.newTotalIdr) == (original, new_total)
        paused_since = int(d.registry.pausedSeconds()) - order.paused_at_creation
        order.original_total_idr = original
        order.lines = [(q, price) for q, (_, price) in zip(quantities, order.lines, strict=True)]
        order.deadline_at = deadline - paused_since  # stored on the order's clock
        order.unpaid_idr += added
        event(f"adendum signed: {'increase' if added > 0 else 'decrease' if added else 'deadline'}")
        if order.unpaid_idr == 0:
            order.state = OrderState.DELIVERED
            order.release_at = receipt.timestamp + order.maintenance_sec

    @precondition(lambda self: self.open_shipments())
    @rule(data=st.data(), delay_hours=st.integers(0, 10 * 24))
    def claim_deemed_delivery(self, data: st.DataObject, delay_hours: int) -> None:
        """The agency stays silent through the window: the supplier is paid what arrived."""
        shipment_id = data.draw(st.sampled_from(self.open_shipments()))
        shipment = self.shipments[shipment_id]
        order = self.orders[shipment.order_id]
        paused_since = int(self.driver.registry.pausedSeconds()) - shipment.paused_at_arrival
        window = order.terms.confirmation_window_sec
        self.move_to_at_least(shipment.arrived_at + window + paused_since + delay_hours * 3600)
        receipt = self.driver.escrow.claimDeemedDelivery(shipment_id, sender=self.driver.supplier)
        received = [min(q, order.remaining(i)) for i, q in enumerate(shipment.quantities)]
        [deemed] = receipt.decode_logs(self.driver.escrow.DeliveryDeemedAccepted)
        assert list(deemed.receivedQuantities) == received
        assert deemed.daysLate == self._late_days(shipment, order)
        self._paid(shipment, order, received, receipt)

    @precondition(lambda self: self.pauses < 2)
    @rule(hours=st.integers(1, 20 * 24))
    def pause_for_a_while(self, hours: int) -> None:
        """A pause stops every clock: the model extends deadlines by the registry's clock."""
        d = self.driver
        paused_at = d.registry.pause(sender=d.governor).timestamp
        d.at(d.now() + hours * 3600)
        paused = d.registry.unpause(sender=d.governor).timestamp - paused_at
        self.pauses += 1
        for order in self.orders.values():
            if order.release_at:
                order.release_at += paused

    @precondition(lambda self: self.ids(OrderState.DELIVERED, OrderState.TERMINATED))
    @rule(data=st.data())
    def release_retention(self, data: st.DataObject) -> None:
        order_id = data.draw(st.sampled_from(self.ids(OrderState.DELIVERED, OrderState.TERMINATED)))
        order = self.orders[order_id]
        self.move_to_at_least(order.release_at)
        self.driver.escrow.releaseRetention(order_id, sender=self.driver.carrier)
        order.paid_to_supplier_idr += order.retention_idr
        order.retention_idr = 0
        order.state = OrderState.CLOSED

    @precondition(lambda self: len(self.orders) >= 4)  # keeps a rule available when all are final
    @rule(days=st.integers(1, 30))
    def let_time_pass(self, days: int) -> None:
        self.driver.at(self.driver.now() + days * DAY)
        self.driver.chain.mine()

    # ------------------------------------------------------------------ invariants

    @invariant()
    def escrow_balance_is_the_sum_of_what_orders_hold(self) -> None:
        d = self.driver
        held_on_chain = sum(int(d.escrow.heldIdr(order_id)) for order_id in self.orders)
        held_in_model = sum(order.held_idr for order in self.orders.values())
        assert d.token.balanceOf(d.escrow) == held_on_chain == held_in_model

    @invariant()
    def orders_match_the_model_and_states_only_move_forward(self) -> None:
        for order_id, model in self.orders.items():
            stored = self.driver.escrow.order(order_id)
            state = OrderState(stored.state)
            previous = self.chain_states.get(order_id, OrderState.NONE)
            assert moves_forward(previous, state)
            self.chain_states[order_id] = state
            assert (state, stored.disputed) == (model.state, model.disputed)
            assert (stored.unpaidIdr, stored.retentionHeldIdr) == (
                model.unpaid_idr,
                model.retention_idr,
            )

    @invariant()
    def nobody_is_paid_beyond_the_order_value(self) -> None:
        for order in self.orders.values():
            assert order.paid_to_supplier_idr <= order.total_idr
            assert order.returned_to_agency_idr <= order.total_idr
            if order.state is not OrderState.CREATED:
                assert (
                    order.paid_to_supplier_idr + order.returned_to_agency_idr + order.held_idr
                    == order.total_idr
                )

    @invariant()
    def payments_are_exactly_those_of_confirmations_and_rulings(self) -> None:
        d = self.driver
        paid = sum(order.paid_to_supplier_idr for order in self.orders.values())
        assert d.token.balanceOf(d.supplier) == paid
        accepted = [o for o in self.orders.values() if o.state is not OrderState.CREATED]
        pulled = sum(o.total_idr for o in accepted if o.state is not OrderState.CANCELLED)
        returned = sum(
            o.returned_to_agency_idr for o in accepted if o.state is not OrderState.CANCELLED
        )
        assert d.token.balanceOf(d.agency) == self.agency_start_idr - pulled + returned
        budget = sum(o.total_idr - o.returned_to_agency_idr for o in self.orders.values())
        committed = d.registry.budget(AGENCY_ORG, FISCAL_YEAR).committedIdr
        assert committed == self.budget_start_idr + budget


def test_escrow_conserves_money_and_moves_forward_under_random_lifecycles(
    chain: Any, system: dict[str, Any], request: pytest.FixtureRequest
) -> None:
    EscrowMachine.driver = build_driver(chain, system, request)
    run_state_machine_as_test(EscrowMachine, settings=SETTINGS)

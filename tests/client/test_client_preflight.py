"""Checks before sending: a predictable failure raises a one-line PreflightError, nothing is sent.

Table-driven like the contract-error test: each case prepares the chain, then the client (checks
on) refuses one action with the expected `PreflightError` subclass. Boundary cases show that a
check never refuses what the chain would accept (commit just before the bid deadline, reveal at
the bid deadline, a checkpoint at the latest block's time). Malformed arguments are refused with
`InvalidInput` whether or not checks are on.
"""

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any, NamedTuple

import pytest

from py_client import Item, Line
from py_client.errors import (
    AllowanceTooLow,
    BudgetExceeded,
    CeilingExceeded,
    DeadlinePassed,
    InvalidInput,
    InvalidParameters,
    NoSigner,
    NotAuthorized,
    PreflightError,
    PriceAboveHps,
    SystemPaused,
    TooEarly,
    WrongState,
)
from tests.support.client import (
    DAY,
    HPS_IDR,
    Setup,
    World,
    active_order,
    after,
    arrived,
    committed,
    delivered_order,
    goods_line,
    in_transit,
    tender_kwargs,
)
from tests.support.constants import AGENCY_ORG, FISCAL_YEAR, SUPPLIER_ORG

# A setup prepares the chain and returns the subject of the refused action (a tender, order or
# shipment id, or None); the action gets the actor's client, that subject and the world.
Action = Callable[[Any, Any, World], Any]
Attributes = Mapping[str, Any] | Callable[[World, Any], Mapping[str, Any]]


class Case(NamedTuple):
    setup: Setup
    actor: str
    action: Action
    error: type[PreflightError]
    attributes: Attributes = MappingProxyType({})


def call(method: str, *args: Any, **kwargs: Any) -> Action:
    """The actor's `role.method(subject, *args, **kwargs)`, e.g. `call("agency.cancel_order")`."""
    role, name = method.split(".")
    return lambda c, s, w: getattr(getattr(c, role), name)(s, *args, **kwargs)


def nothing(w: World) -> None:
    return None


def open_tender(w: World) -> int:
    return w.open_tender()


def direct_order(w: World) -> int:
    return w.direct_order()


def rice_order(
    quantity: int,
    unit_price_idr: int,
    error: type[PreflightError],
    attributes: Attributes = MappingProxyType({}),
    setup: Setup = nothing,
    to: str = "supplier",
    due_in: int = DAY,
) -> Case:
    """The agency orders rice directly from `to`, due in `due_in` seconds: refused with `error`."""
    lines = [goods_line("rice", quantity, unit_price_idr)]
    return Case(
        setup,
        "agency",
        lambda c, s, w: c.agency.create_direct_order(
            w.address(to), FISCAL_YEAR, lines, w.now() + due_in, 0
        ),
        error,
        attributes,
    )


def pause(w: World, _: Any) -> None:
    w.governor.governor.pause()


def approve_escrow(w: World, order_id: int) -> None:
    w.agency.agency.approve_escrow(order_id)


def agency_disputes(w: World, order_id: int) -> None:
    w.agency.agency.open_dispute(order_id)


def order_above_the_agency_funds(w: World) -> int:
    w.governor.governor.set_policy(direct_purchase_ceiling_idr=30_000_000_000)
    return w.direct_order([goods_line("steel", 25, 1_000_000_000)])


def milestone_after_deadline(c: Any, _: Any, w: World) -> Any:
    deadline = w.now() + 10 * DAY
    lines = [Line.milestone(b"\x01" * 32, 1_000, deadline + 1)]  # type: ignore[arg-type]
    return c.agency.create_direct_order(w.address("contractor"), FISCAL_YEAR, lines, deadline, 0)


def deadline_of(field: str) -> Callable[[World, int], int]:
    return lambda w, tender_id: int(getattr(w.agency.tender(tender_id), field).timestamp())


CASES: dict[str, Case] = {
    # ---------------------------------------------------------------------------- NotAuthorized
    "outsider_opens_tender": Case(
        nothing,
        "outsider",
        lambda c, s, w: c.agency.open_tender(**tender_kwargs(w)),
        NotAuthorized,
        {"role": "AGENCY"},
    ),
    "suspended_supplier_commits": Case(
        after(open_tender, lambda w, t: w.governor.governor.suspend_organisation(SUPPLIER_ORG)),
        "supplier",
        call("supplier.commit_bid", 900_000_000),
        NotAuthorized,
    ),
    "non_governor_registers_organisation": Case(
        nothing,
        "agency",
        lambda c, s, w: c.governor.register_organisation(77, "agency"),
        NotAuthorized,
    ),
    "agency_grants_role": Case(
        nothing,
        "agency",
        lambda c, s, w: c.governor.grant_role("agency", w.address("outsider")),
        NotAuthorized,
    ),
    "other_supplier_accepts_order": Case(
        after(direct_order, approve_escrow),
        "supplier2",
        call("supplier.accept_order"),
        NotAuthorized,
    ),
    "other_agency_cancels_tender": Case(
        open_tender, "agency2", call("agency.cancel_tender"), NotAuthorized
    ),
    "other_agency_confirms_delivery": Case(
        arrived(10), "agency2", call("agency.confirm_delivery"), NotAuthorized
    ),
    "direct_order_to_non_supplier": rice_order(
        1, 1_000, NotAuthorized, lambda w, s: {"account": w.address("outsider")}, to="outsider"
    ),
    "carrier_without_custody_records": Case(
        in_transit(1),
        "carrier2",
        call("carrier.record_checkpoint", "in_transit", "IDSRG"),
        NotAuthorized,
    ),
    "carrier_not_nominated_accepts_custody": Case(
        in_transit(1), "carrier2", call("carrier.accept_custody"), NotAuthorized
    ),
    "shipment_to_a_non_carrier": Case(
        active_order,
        "supplier",
        lambda c, o, w: c.supplier.register_shipment(o, [1], w.address("supplier2"), w.now() + DAY),
        NotAuthorized,
    ),
    "supplier_resolves_dispute": Case(
        after(active_order, agency_disputes),
        "supplier",
        call("arbiter.resolve_dispute", 1),
        NotAuthorized,
        {"role": "ARBITER"},
    ),
    # ---------------------------------------------------------------------------- SystemPaused
    "paused_open_tender": Case(
        after(nothing, pause),
        "agency",
        lambda c, s, w: c.agency.open_tender(**tender_kwargs(w)),
        SystemPaused,
    ),
    "paused_finalise": Case(
        after(open_tender, lambda w, t: w.to_finalise(t), pause),
        "outsider",
        call("supplier.finalise_tender"),
        SystemPaused,
    ),
    # ------------------------------------------------------------------------------ WrongState
    "commit_to_cancelled_tender": Case(
        after(open_tender, lambda w, t: w.agency.agency.cancel_tender(t, b"budget cut")),
        "supplier",
        call("supplier.commit_bid", 1),
        WrongState,
    ),
    "second_commit": Case(
        committed, "supplier", call("supplier.commit_bid", 2, replace=True), WrongState
    ),
    "disqualify_unrevealed_bid": Case(
        committed,
        "agency",
        lambda c, t, w: c.agency.disqualify_bid(t, w.address("supplier")),
        WrongState,
    ),
    "order_from_open_tender": Case(
        open_tender,
        "agency",
        lambda c, t, w: c.agency.create_order_from_tender(
            t, [goods_line("laptop", 1, 1)], w.now() + DAY, 0
        ),
        WrongState,
    ),
    "cancel_active_order": Case(active_order, "agency", call("agency.cancel_order"), WrongState),
    "confirm_before_arrival": Case(
        in_transit(10), "agency", call("agency.confirm_delivery"), WrongState
    ),
    "confirm_twice": Case(
        after(arrived(10), lambda w, s: w.agency.agency.confirm_delivery(s)),
        "agency",
        call("agency.confirm_delivery"),
        WrongState,
    ),
    "ship_unaccepted_order": Case(
        direct_order,
        "supplier",
        lambda c, o, w: c.supplier.register_shipment(o, [1], w.address("carrier"), w.now() + DAY),
        WrongState,
    ),
    "checkpoint_after_arrival": Case(
        arrived(1),
        "carrier",
        call("carrier.record_checkpoint", "exception", "IDJKT"),
        WrongState,
    ),
    "resolve_without_dispute": Case(
        active_order, "arbiter", call("arbiter.resolve_dispute", 1), WrongState
    ),
    "dispute_twice": Case(
        after(active_order, agency_disputes),
        "supplier",
        call("supplier.open_dispute"),
        WrongState,
    ),
    "pause_when_paused": Case(
        after(nothing, pause), "governor", lambda c, s, w: c.governor.pause(), WrongState
    ),
    "add_member_account": Case(
        nothing,
        "governor",
        lambda c, s, w: c.governor.add_account(w.address("supplier"), AGENCY_ORG),
        WrongState,
    ),
    # ------------------------------------------------------------------------------- deadlines
    "commit_after_bid_deadline": Case(
        after(open_tender, lambda w, t: w.to_reveal(t)),
        "supplier",
        call("supplier.commit_bid", 1),
        DeadlinePassed,
        lambda w, t: {"deadline_at": deadline_of("bid_deadline_at")(w, t)},
    ),
    "reveal_after_reveal_deadline": Case(
        after(committed, lambda w, t: w.to_finalise(t)),
        "supplier",
        call("supplier.reveal_bid"),
        DeadlinePassed,
    ),
    "direct_order_deadline_in_past": rice_order(1, 1_000, DeadlinePassed, due_in=-1),
    "reveal_before_bid_deadline": Case(
        committed, "supplier", call("supplier.reveal_bid"), TooEarly
    ),
    "finalise_before_reveal_deadline": Case(
        open_tender,
        "agency",
        call("agency.finalise_tender"),
        TooEarly,
        lambda w, t: {"opens_at": deadline_of("reveal_deadline_at")(w, t)},
    ),
    "release_retention_in_maintenance": Case(
        delivered_order, "supplier", call("supplier.release_retention"), TooEarly
    ),
    "terminate_too_early": Case(
        active_order,
        "agency",
        call("agency.terminate_order"),
        TooEarly,
        lambda w, o: {"opens_at": w.agency.terminable_at(o)},
    ),
    "escalate_within_window": Case(
        arrived(10), "supplier", call("supplier.escalate_unconfirmed"), TooEarly
    ),
    # ----------------------------------------------------------------------------------- money
    "price_above_hps": Case(
        open_tender,
        "supplier",
        call("supplier.commit_bid", HPS_IDR + 1),
        PriceAboveHps,
        lambda w, t: {"tender_id": t, "price_idr": HPS_IDR + 1, "hps_idr": HPS_IDR},
    ),
    "bond_not_approved": Case(
        after(open_tender, lambda w, t: w.fund("supplier")),
        "supplier",
        call("supplier.commit_bid", 1),
        AllowanceTooLow,
        {"allowance_idr": 0, "needed_idr": 5_000_000},
    ),
    "bond_not_funded": Case(
        after(open_tender, lambda w, t: w.supplier.supplier.approve_bond(t)),
        "supplier",
        call("supplier.commit_bid", 1),
        AllowanceTooLow,
        {"allowance_idr": 0},
    ),
    "escrow_not_approved": Case(
        direct_order,
        "supplier",
        call("supplier.accept_order"),
        AllowanceTooLow,
        {"allowance_idr": 0, "needed_idr": 10_000_000},
    ),
    "agency_cannot_pay": Case(
        after(order_above_the_agency_funds, approve_escrow),
        "supplier",
        call("supplier.accept_order"),
        AllowanceTooLow,
        {"allowance_idr": 20_000_000_000, "needed_idr": 25_000_000_000},
    ),
    "tender_above_budget": Case(
        nothing,
        "agency",
        lambda c, s, w: c.agency.open_tender(
            **tender_kwargs(w, hps_idr=50_000_000_001, bond_idr=250_000_001)  # minimum bond
        ),
        BudgetExceeded,
        {"org_id": AGENCY_ORG, "requested_idr": 50_000_000_001, "available_idr": 50_000_000_000},
    ),
    "direct_order_above_budget": rice_order(
        100,
        1_000_000,
        BudgetExceeded,
        {"requested_idr": 100_000_000, "available_idr": 50_000_000},
        # the 0.5 % minimum bond
        setup=after(
            nothing, lambda w, s: w.open_tender(hps_idr=49_950_000_000, bond_idr=249_750_000)
        ),
    ),
    "direct_order_above_ceiling": rice_order(
        201, 1_000_000, CeilingExceeded, {"total_idr": 201_000_000, "ceiling_idr": 200_000_000}
    ),
    # -------------------------------------------------------------------------- contract rules
    "policy_out_of_range": Case(
        nothing,
        "governor",
        lambda c, s, w: c.governor.set_policy(penalty_cap_bps=10_001),
        InvalidParameters,
    ),
    "tender_period_too_short": Case(
        nothing,
        "agency",
        lambda c, s, w: c.agency.open_tender(**tender_kwargs(w, bid_deadline_at=w.now() + DAY)),
        InvalidParameters,
    ),
    "tender_without_items": Case(
        nothing,
        "agency",
        lambda c, s, w: c.agency.open_tender(**tender_kwargs(w, items=[])),
        InvalidParameters,
    ),
    "order_lines_differ_from_award": Case(
        lambda w: w.awarded_tender({"supplier": 900_000_000}),
        "agency",
        lambda c, t, w: c.agency.create_order_from_tender(
            t, [goods_line("laptop", 100, 8_000_000)], w.now() + DAY, 0
        ),
        InvalidParameters,
    ),
    "milestone_after_deadline": Case(
        nothing, "agency", milestone_after_deadline, InvalidParameters
    ),
    "received_more_than_shipped": Case(
        arrived(10),
        "agency",
        call("agency.confirm_delivery", [11]),
        InvalidParameters,
    ),
    "ruling_does_not_add_up": Case(
        after(
            active_order, agency_disputes, lambda w, o: w.supplier.supplier.respond_to_dispute(o)
        ),
        "arbiter",
        call("arbiter.resolve_dispute", 1, 1),
        InvalidParameters,
    ),
    # Issue 13 item 7: a party's account cannot even become an arbiter.
    "arbiter_of_a_party_organisation": Case(
        after(
            nothing,
            lambda w, s: w.governor.governor.add_account(w.address("outsider"), SUPPLIER_ORG),
        ),
        "governor",
        lambda c, s, w: c.governor.grant_role("arbiter", w.address("outsider")),
        InvalidParameters,
    ),
    "ruling_inside_the_response_window": Case(
        after(active_order, agency_disputes),
        "arbiter",
        call("arbiter.resolve_dispute", 0),
        TooEarly,
    ),
    "opener_responds_to_its_own_dispute": Case(
        after(active_order, agency_disputes),
        "agency",
        call("agency.respond_to_dispute"),
        NotAuthorized,
        lambda w, o: {"account": w.address("agency"), "role": "AGENCY"},
    ),
    "respond_twice": Case(
        after(
            active_order,
            lambda w, o: w.supplier.supplier.open_dispute(o),
            lambda w, o: w.agency.agency.respond_to_dispute(o),
        ),
        "agency",
        call("agency.respond_to_dispute"),
        WrongState,
    ),
    "respond_without_dispute": Case(
        active_order, "supplier", call("supplier.respond_to_dispute"), WrongState
    ),
    "checkpoint_in_future": Case(
        in_transit(1),
        "carrier",
        lambda c, s, w: c.carrier.record_checkpoint(
            s, "in_transit", "IDSRG", occurred_at=w.now() + DAY
        ),
        InvalidParameters,
    ),
    "checkpoint_off_the_map": Case(
        in_transit(1),
        "carrier",
        call("carrier.record_checkpoint", 2, "IDSRG", longitude_e6=181_000_000),
        InvalidParameters,
    ),
    "shipment_quantities_per_line": Case(
        active_order,
        "supplier",
        lambda c, o, w: c.supplier.register_shipment(
            o, [1, 1], w.address("carrier"), w.now() + DAY
        ),
        InvalidParameters,
    ),
    "empty_encryption_key": Case(
        nothing, "carrier", lambda c, s, w: c.carrier.publish_encryption_key(b""), InvalidParameters
    ),
}


# ------------------------------------------------------------------------------- tests


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_refuses_before_sending(world: World, name: str) -> None:
    setup, actor, action, expected, attributes = CASES[name]
    subject = setup(world)
    if callable(attributes):
        attributes = attributes(world, subject)
    client = getattr(world, actor)
    nonce = client.w3.eth.get_transaction_count(client.address)
    with pytest.raises(expected) as caught:
        action(client, subject, world)
    message = str(caught.value)
    assert message
    assert "\n" not in message
    for attribute, value in attributes.items():
        assert getattr(caught.value, attribute) == value, (attribute, caught.value.__dict__)
    assert client.w3.eth.get_transaction_count(client.address) == nonce


def test_commit_just_before_the_bid_deadline_is_not_refused(world: World) -> None:
    tender_id = world.open_tender()
    world.fund("supplier")
    world.supplier.supplier.approve_bond(tender_id)
    world.move_to(int(world.agency.tender(tender_id).bid_deadline_at.timestamp()) - 30)
    result = world.supplier.supplier.commit_bid(tender_id, 900_000_000)
    assert result.event("BidCommitted")["tenderId"] == tender_id


def test_reveal_exactly_at_the_bid_deadline_is_not_refused(world: World) -> None:
    tender_id = committed(world)
    world.to_reveal(tender_id)
    assert world.supplier.supplier.reveal_bid(tender_id).event("BidRevealed")["valid"]


def test_checkpoint_at_the_latest_block_time_is_not_refused(world: World) -> None:
    shipment_id = world.shipment(active_order(world), [1])
    now = world.now()
    result = world.carrier.carrier.record_checkpoint(
        shipment_id, "picked_up", "IDTPP", occurred_at=now
    )
    assert result.event("CheckpointRecorded")["occurredAt"] == now


def test_price_above_hps_is_committed_with_allow_invalid(world: World) -> None:
    tender_id = world.open_tender()
    result = world.bid("supplier", tender_id, HPS_IDR + 1, allow_invalid=True)
    assert result.event("BidCommitted")["bidder"] == world.address("supplier")


def test_read_only_client_reads_but_cannot_send(world: World) -> None:
    reader = world.connect()
    assert reader.address is None
    assert reader.policy().retention_bps == 500
    with pytest.raises(NoSigner, match="read-only"):
        reader.agency.open_tender(**tender_kwargs(world))
    with pytest.raises(NoSigner):
        reader.whoami()


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda c, w: c.treasury.mint(w.address("supplier"), -1), "between 0 and"),
        (lambda c, w: c.treasury.mint(w.address("supplier"), 1.5), "whole number"),
        (lambda c, w: c.treasury.mint(w.address("supplier"), True), "whole number"),
        (lambda c, w: c.treasury.mint("0x1234", 1), "not a valid address"),
        (lambda c, w: c.governor.grant_role("mayor", w.address("outsider")), "unknown role"),
        (lambda c, w: c.governor.register_organisation(80, "bank"), "unknown organisation kind"),
        (
            lambda c, w: c.agency.open_tender(
                **tender_kwargs(w, bid_deadline_at=datetime(2030, 1, 1))
            ),
            "timezone-aware",
        ),
        (lambda c, w: c.agency.cancel_tender(1, "no-such-file.pdf"), "file not found"),
        (lambda c, w: c.carrier.record_checkpoint(1, "teleported", "IDJKT"), "checkpoint kind"),
        (
            lambda c, w: c.carrier.record_checkpoint(
                1, "arrived", "Jakarta, Indonesia, very far away!!!"
            ),
            "longer",
        ),
        (
            lambda c, w: c.agency.open_tender(
                **tender_kwargs(w, items=[Item(b"x", 1, "kilogram-per-metre")])
            ),
            "unit is longer",
        ),
        (lambda c, w: c.governor.set_policy(), "at least one value"),
        (lambda c, w: c.governor.set_policy(min_tender_period=timedelta(hours=-1)), "out of range"),
    ],
)
def test_malformed_arguments_are_refused_even_without_checks(
    world: World, action: Callable[[Any, World], Any], message: str
) -> None:
    client = world.raw("governor")
    with pytest.raises(InvalidInput, match=message):
        action(client, world)

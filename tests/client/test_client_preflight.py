"""Checks before sending: a predictable failure raises a one-line PreflightError, nothing is sent.

Table-driven like the contract-error test: each case prepares the chain, then the client (checks
on) refuses one action with the expected `PreflightError` subclass. Boundary cases show that a
check never refuses what the chain would accept (commit just before the bid deadline, reveal at
the bid deadline, a checkpoint at the latest block's time). Malformed arguments are refused with
`InvalidInput` whether or not checks are on.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

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
    World,
    active_order,
    arrived_shipment,
    committed,
    delivered_order,
    goods_line,
    tender_kwargs,
)
from tests.support.constants import AGENCY_ORG, FISCAL_YEAR, SUPPLIER_ORG

Case = Callable[[World], tuple[str, Callable[[Any], Any], type[PreflightError], dict[str, Any]]]
CASES: dict[str, Case] = {}


def case(name: str) -> Callable[[Case], Case]:
    def register(build: Case) -> Case:
        CASES[name] = build
        return build

    return register


# ------------------------------------------------------------------------------- NotAuthorized


@case("outsider_opens_tender")
def _(w: World) -> Any:
    return (
        "outsider",
        lambda c: c.agency.open_tender(**tender_kwargs(w)),
        NotAuthorized,
        {"role": "AGENCY"},
    )


@case("suspended_supplier_commits")
def _(w: World) -> Any:
    tender_id = w.open_tender()
    w.governor.governor.suspend_organisation(SUPPLIER_ORG)
    return "supplier", lambda c: c.supplier.commit_bid(tender_id, 900_000_000), NotAuthorized, {}


@case("non_governor_registers_organisation")
def _(w: World) -> Any:
    return "agency", lambda c: c.governor.register_organisation(77, "agency"), NotAuthorized, {}


@case("agency_grants_role")
def _(w: World) -> Any:
    return (
        "agency",
        lambda c: c.governor.grant_role("agency", w.address("outsider")),
        NotAuthorized,
        {},
    )


@case("other_supplier_accepts_order")
def _(w: World) -> Any:
    order_id = w.direct_order()
    w.agency.agency.approve_escrow(order_id)
    return "supplier2", lambda c: c.supplier.accept_order(order_id), NotAuthorized, {}


@case("other_agency_cancels_tender")
def _(w: World) -> Any:
    tender_id = w.open_tender()
    return "agency2", lambda c: c.agency.cancel_tender(tender_id), NotAuthorized, {}


@case("other_agency_confirms_delivery")
def _(w: World) -> Any:
    shipment_id = arrived_shipment(w, active_order(w), [10])
    return "agency2", lambda c: c.agency.confirm_delivery(shipment_id), NotAuthorized, {}


@case("direct_order_to_non_supplier")
def _(w: World) -> Any:
    lines = [goods_line("rice", 1, 1_000)]
    outsider = w.address("outsider")
    return (
        "agency",
        lambda c: c.agency.create_direct_order(outsider, FISCAL_YEAR, lines, w.now() + DAY, 0),
        NotAuthorized,
        {"account": outsider},
    )


@case("carrier_without_custody_records")
def _(w: World) -> Any:
    shipment_id = w.shipment(active_order(w), [1])
    return (
        "carrier2",
        lambda c: c.carrier.record_checkpoint(shipment_id, "in_transit", "IDSRG"),
        NotAuthorized,
        {},
    )


@case("carrier_not_nominated_accepts_custody")
def _(w: World) -> Any:
    shipment_id = w.shipment(active_order(w), [1])
    return "carrier2", lambda c: c.carrier.accept_custody(shipment_id), NotAuthorized, {}


@case("shipment_to_a_non_carrier")
def _(w: World) -> Any:
    order_id = active_order(w)
    return (
        "supplier",
        lambda c: c.supplier.register_shipment(
            order_id, [1], w.address("supplier2"), w.now() + DAY
        ),
        NotAuthorized,
        {},
    )


@case("supplier_resolves_dispute")
def _(w: World) -> Any:
    order_id = active_order(w)
    w.agency.agency.open_dispute(order_id)
    return (
        "supplier",
        lambda c: c.arbiter.resolve_dispute(order_id, 1),
        NotAuthorized,
        {"role": "ARBITER"},
    )


# ------------------------------------------------------------------------------- SystemPaused


@case("paused_open_tender")
def _(w: World) -> Any:
    w.governor.governor.pause()
    return "agency", lambda c: c.agency.open_tender(**tender_kwargs(w)), SystemPaused, {}


@case("paused_finalise")
def _(w: World) -> Any:
    tender_id = w.open_tender()
    w.to_finalise(tender_id)
    w.governor.governor.pause()
    return "outsider", lambda c: c.supplier.finalise_tender(tender_id), SystemPaused, {}


# ------------------------------------------------------------------------------- WrongState


@case("commit_to_cancelled_tender")
def _(w: World) -> Any:
    tender_id = w.open_tender()
    w.agency.agency.cancel_tender(tender_id, b"budget cut")
    return "supplier", lambda c: c.supplier.commit_bid(tender_id, 1), WrongState, {}


@case("second_commit")
def _(w: World) -> Any:
    tender_id = committed(w)
    return "supplier", lambda c: c.supplier.commit_bid(tender_id, 2, replace=True), WrongState, {}


@case("disqualify_unrevealed_bid")
def _(w: World) -> Any:
    tender_id = committed(w)
    return (
        "agency",
        lambda c: c.agency.disqualify_bid(tender_id, w.address("supplier")),
        WrongState,
        {},
    )


@case("order_from_open_tender")
def _(w: World) -> Any:
    tender_id = w.open_tender()
    lines = [goods_line("laptop", 1, 1)]
    return (
        "agency",
        lambda c: c.agency.create_order_from_tender(tender_id, lines, w.now() + DAY, 0),
        WrongState,
        {},
    )


@case("cancel_active_order")
def _(w: World) -> Any:
    order_id = active_order(w)
    return "agency", lambda c: c.agency.cancel_order(order_id), WrongState, {}


@case("confirm_before_arrival")
def _(w: World) -> Any:
    shipment_id = w.shipment(active_order(w), [10])
    return "agency", lambda c: c.agency.confirm_delivery(shipment_id), WrongState, {}


@case("confirm_twice")
def _(w: World) -> Any:
    shipment_id = arrived_shipment(w, active_order(w), [10])
    w.agency.agency.confirm_delivery(shipment_id)
    return "agency", lambda c: c.agency.confirm_delivery(shipment_id), WrongState, {}


@case("ship_unaccepted_order")
def _(w: World) -> Any:
    order_id = w.direct_order()
    carrier = w.address("carrier")
    return (
        "supplier",
        lambda c: c.supplier.register_shipment(order_id, [1], carrier, w.now() + DAY),
        WrongState,
        {},
    )


@case("checkpoint_after_arrival")
def _(w: World) -> Any:
    shipment_id = arrived_shipment(w, active_order(w), [1])
    return (
        "carrier",
        lambda c: c.carrier.record_checkpoint(shipment_id, "exception", "IDJKT"),
        WrongState,
        {},
    )


@case("resolve_without_dispute")
def _(w: World) -> Any:
    order_id = active_order(w)
    return "arbiter", lambda c: c.arbiter.resolve_dispute(order_id, 1), WrongState, {}


@case("dispute_twice")
def _(w: World) -> Any:
    order_id = active_order(w)
    w.agency.agency.open_dispute(order_id)
    return "supplier", lambda c: c.supplier.open_dispute(order_id), WrongState, {}


@case("pause_when_paused")
def _(w: World) -> Any:
    w.governor.governor.pause()
    return "governor", lambda c: c.governor.pause(), WrongState, {}


@case("add_member_account")
def _(w: World) -> Any:
    return (
        "governor",
        lambda c: c.governor.add_account(w.address("supplier"), AGENCY_ORG),
        WrongState,
        {},
    )


# ------------------------------------------------------------------------------- deadlines


@case("commit_after_bid_deadline")
def _(w: World) -> Any:
    tender_id = w.open_tender()
    w.to_reveal(tender_id)
    deadline = int(w.agency.tender(tender_id).bid_deadline_at.timestamp())
    return (
        "supplier",
        lambda c: c.supplier.commit_bid(tender_id, 1),
        DeadlinePassed,
        {"deadline_at": deadline},
    )


@case("reveal_after_reveal_deadline")
def _(w: World) -> Any:
    tender_id = committed(w)
    w.to_finalise(tender_id)
    return "supplier", lambda c: c.supplier.reveal_bid(tender_id), DeadlinePassed, {}


@case("direct_order_deadline_in_past")
def _(w: World) -> Any:
    lines = [goods_line("rice", 1, 1_000)]
    supplier = w.address("supplier")
    return (
        "agency",
        lambda c: c.agency.create_direct_order(supplier, FISCAL_YEAR, lines, w.now() - 1, 0),
        DeadlinePassed,
        {},
    )


@case("reveal_before_bid_deadline")
def _(w: World) -> Any:
    tender_id = committed(w)
    return "supplier", lambda c: c.supplier.reveal_bid(tender_id), TooEarly, {}


@case("finalise_before_reveal_deadline")
def _(w: World) -> Any:
    tender_id = w.open_tender()
    deadline = int(w.agency.tender(tender_id).reveal_deadline_at.timestamp())
    return "agency", lambda c: c.agency.finalise_tender(tender_id), TooEarly, {"opens_at": deadline}


@case("release_retention_in_maintenance")
def _(w: World) -> Any:
    order_id = delivered_order(w)
    return "supplier", lambda c: c.supplier.release_retention(order_id), TooEarly, {}


@case("terminate_too_early")
def _(w: World) -> Any:
    order_id = active_order(w)
    at = w.agency.terminable_at(order_id)
    return "agency", lambda c: c.agency.terminate_order(order_id), TooEarly, {"opens_at": at}


@case("escalate_within_window")
def _(w: World) -> Any:
    shipment_id = arrived_shipment(w, active_order(w), [10])
    return "supplier", lambda c: c.supplier.escalate_unconfirmed(shipment_id), TooEarly, {}


# ------------------------------------------------------------------------------- money


@case("price_above_hps")
def _(w: World) -> Any:
    tender_id = w.open_tender()
    return (
        "supplier",
        lambda c: c.supplier.commit_bid(tender_id, HPS_IDR + 1),
        PriceAboveHps,
        {"tender_id": tender_id, "price_idr": HPS_IDR + 1, "hps_idr": HPS_IDR},
    )


@case("bond_not_approved")
def _(w: World) -> Any:
    tender_id = w.open_tender()
    w.fund("supplier")
    return (
        "supplier",
        lambda c: c.supplier.commit_bid(tender_id, 1),
        AllowanceTooLow,
        {"allowance_idr": 0, "needed_idr": 5_000_000},
    )


@case("bond_not_funded")
def _(w: World) -> Any:
    tender_id = w.open_tender()
    w.supplier.supplier.approve_bond(tender_id)
    return (
        "supplier",
        lambda c: c.supplier.commit_bid(tender_id, 1),
        AllowanceTooLow,
        {"allowance_idr": 0},
    )


@case("escrow_not_approved")
def _(w: World) -> Any:
    order_id = w.direct_order()
    return (
        "supplier",
        lambda c: c.supplier.accept_order(order_id),
        AllowanceTooLow,
        {"allowance_idr": 0, "needed_idr": 10_000_000},
    )


@case("agency_cannot_pay")
def _(w: World) -> Any:
    w.governor.governor.set_policy(direct_purchase_ceiling_idr=30_000_000_000)
    order_id = w.direct_order([goods_line("steel", 25, 1_000_000_000)])
    w.agency.agency.approve_escrow(order_id)
    return (
        "supplier",
        lambda c: c.supplier.accept_order(order_id),
        AllowanceTooLow,
        {"allowance_idr": 20_000_000_000, "needed_idr": 25_000_000_000},
    )


@case("tender_above_budget")
def _(w: World) -> Any:
    return (
        "agency",
        lambda c: c.agency.open_tender(
            **tender_kwargs(w, hps_idr=50_000_000_001, bond_idr=250_000_001)  # minimum bond
        ),
        BudgetExceeded,
        {"org_id": AGENCY_ORG, "requested_idr": 50_000_000_001, "available_idr": 50_000_000_000},
    )


@case("direct_order_above_budget")
def _(w: World) -> Any:
    w.open_tender(hps_idr=49_950_000_000, bond_idr=249_750_000)  # the 0.5 % minimum bond
    lines = [goods_line("rice", 100, 1_000_000)]
    supplier = w.address("supplier")
    return (
        "agency",
        lambda c: c.agency.create_direct_order(supplier, FISCAL_YEAR, lines, w.now() + DAY, 0),
        BudgetExceeded,
        {"requested_idr": 100_000_000, "available_idr": 50_000_000},
    )


@case("direct_order_above_ceiling")
def _(w: World) -> Any:
    lines = [goods_line("rice", 201, 1_000_000)]
    supplier = w.address("supplier")
    return (
        "agency",
        lambda c: c.agency.create_direct_order(supplier, FISCAL_YEAR, lines, w.now() + DAY, 0),
        CeilingExceeded,
        {"total_idr": 201_000_000, "ceiling_idr": 200_000_000},
    )


# ------------------------------------------------------------------------------- contract rules


@case("policy_out_of_range")
def _(w: World) -> Any:
    return (
        "governor",
        lambda c: c.governor.set_policy(penalty_cap_bps=10_001),
        InvalidParameters,
        {},
    )


@case("tender_period_too_short")
def _(w: World) -> Any:
    kwargs = tender_kwargs(w, bid_deadline_at=w.now() + DAY)
    return "agency", lambda c: c.agency.open_tender(**kwargs), InvalidParameters, {}


@case("tender_without_items")
def _(w: World) -> Any:
    return (
        "agency",
        lambda c: c.agency.open_tender(**tender_kwargs(w, items=[])),
        InvalidParameters,
        {},
    )


@case("order_lines_differ_from_award")
def _(w: World) -> Any:
    tender_id = w.awarded_tender({"supplier": 900_000_000})
    lines = [goods_line("laptop", 100, 8_000_000)]
    return (
        "agency",
        lambda c: c.agency.create_order_from_tender(tender_id, lines, w.now() + DAY, 0),
        InvalidParameters,
        {},
    )


@case("milestone_after_deadline")
def _(w: World) -> Any:
    deadline = w.now() + 10 * DAY
    lines = [Line.milestone(b"\x01" * 32, 1_000, deadline + 1)]  # type: ignore[arg-type]
    contractor = w.address("contractor")
    return (
        "agency",
        lambda c: c.agency.create_direct_order(contractor, FISCAL_YEAR, lines, deadline, 0),
        InvalidParameters,
        {},
    )


@case("received_more_than_shipped")
def _(w: World) -> Any:
    shipment_id = arrived_shipment(w, active_order(w), [10])
    return "agency", lambda c: c.agency.confirm_delivery(shipment_id, [11]), InvalidParameters, {}


@case("ruling_does_not_add_up")
def _(w: World) -> Any:
    order_id = active_order(w)
    w.agency.agency.open_dispute(order_id)
    w.supplier.supplier.respond_to_dispute(order_id)
    return "arbiter", lambda c: c.arbiter.resolve_dispute(order_id, 1, 1), InvalidParameters, {}


@case("arbiter_of_a_party_organisation")
def _(w: World) -> Any:
    """Issue 13 item 7: a party's account cannot even become an arbiter."""
    w.governor.governor.add_account(w.address("outsider"), SUPPLIER_ORG)
    return (
        "governor",
        lambda c: c.governor.grant_role("arbiter", w.address("outsider")),
        InvalidParameters,
        {},
    )


@case("ruling_inside_the_response_window")
def _(w: World) -> Any:
    order_id = active_order(w)
    w.agency.agency.open_dispute(order_id)
    return "arbiter", lambda c: c.arbiter.resolve_dispute(order_id, 0), TooEarly, {}


@case("opener_responds_to_its_own_dispute")
def _(w: World) -> Any:
    order_id = active_order(w)
    w.agency.agency.open_dispute(order_id)
    return (
        "agency",
        lambda c: c.agency.respond_to_dispute(order_id),
        NotAuthorized,
        {"account": w.address("agency"), "role": "AGENCY"},
    )


@case("respond_twice")
def _(w: World) -> Any:
    order_id = active_order(w)
    w.supplier.supplier.open_dispute(order_id)
    w.agency.agency.respond_to_dispute(order_id)
    return "agency", lambda c: c.agency.respond_to_dispute(order_id), WrongState, {}


@case("respond_without_dispute")
def _(w: World) -> Any:
    order_id = active_order(w)
    return "supplier", lambda c: c.supplier.respond_to_dispute(order_id), WrongState, {}


@case("checkpoint_in_future")
def _(w: World) -> Any:
    shipment_id = w.shipment(active_order(w), [1])
    future = w.now() + DAY
    return (
        "carrier",
        lambda c: c.carrier.record_checkpoint(
            shipment_id, "in_transit", "IDSRG", occurred_at=future
        ),
        InvalidParameters,
        {},
    )


@case("checkpoint_off_the_map")
def _(w: World) -> Any:
    shipment_id = w.shipment(active_order(w), [1])
    return (
        "carrier",
        lambda c: c.carrier.record_checkpoint(shipment_id, 2, "IDSRG", longitude_e6=181_000_000),
        InvalidParameters,
        {},
    )


@case("shipment_quantities_per_line")
def _(w: World) -> Any:
    order_id = active_order(w)
    carrier = w.address("carrier")
    return (
        "supplier",
        lambda c: c.supplier.register_shipment(order_id, [1, 1], carrier, w.now() + DAY),
        InvalidParameters,
        {},
    )


@case("empty_encryption_key")
def _(w: World) -> Any:
    return "carrier", lambda c: c.carrier.publish_encryption_key(b""), InvalidParameters, {}


# ------------------------------------------------------------------------------- tests


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_refuses_before_sending(world: World, name: str) -> None:
    actor, action, expected, attributes = CASES[name](world)
    client = getattr(world, actor)
    nonce = client.w3.eth.get_transaction_count(client.address)
    with pytest.raises(expected) as caught:
        action(client)
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

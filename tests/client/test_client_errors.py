"""Every custom error of the contracts that the client can reach surfaces as its typed exception.

Table-driven: each row of `CASES` (keyed by the error's name) sets the chain up through the
client, then takes one action with the client's checks before sending switched off
(`preflight=False`, the raw client), so the contract itself rejects it. The test asserts the
generated exception class of `py_client.contract_errors`, its decoded arguments, and that nothing
was sent (the revert is found when the gas is estimated). Errors the client cannot reach are
listed in `UNREACHABLE` with the reason; a meta test checks that the two tables cover
`BY_SELECTOR` exactly.
"""

import re
from collections.abc import Callable, Mapping
from datetime import timedelta
from types import MappingProxyType
from typing import Any, NamedTuple

import pytest

from py_client import CheckpointKind, Item, Line
from py_client.contract_errors import BY_SELECTOR
from py_client.errors import ContractError
from py_client.hashing import ascii_field, items_hash, order_ref
from py_client.models import Role
from tests.support.client import (
    BOND_IDR,
    DAY,
    HPS_IDR,
    Setup,
    Step,
    World,
    active_order,
    after,
    arrived,
    arrived_shipment,
    committed,
    delivered_order,
    goods_line,
    in_transit,
    item_hash,
    milestone_order,
    tender_kwargs,
)
from tests.support.constants import AGENCY_ORG, FISCAL_YEAR, SUPPLIER2_ORG, SUPPLIER_ORG

ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"
BY_NAME = {cls.__name__: cls for cls in BY_SELECTOR.values()}

UNREACHABLE = {
    "AccessControlBadConfirmation": "no client method renounces a role",
    "ERC20InvalidApprover": "approvals are signed by a real account, never the zero address",
    "ERC20InvalidSender": "the client never transfers from the zero address",
    "ERC20InvalidSpender": "the client approves only the Tendering and OrderEscrow contracts",
    "OrderEscrowShipmentTrackingAlreadySet": "deploy-time wiring, not a client step",
    "OrderEscrowShipmentTrackingNotSet": "a deployment file names a wired ShipmentTracking",
    "OrderEscrowUnauthorizedAccount": "raised by setShipmentTracking or a registry returning org 0",
    "OrderEscrowZeroAddress": "constructor / wiring error",
    "ShipmentTrackingZeroAddress": "constructor error",
    "ShipmentTrackingMissingRef": "the client never sends a zero reference (client_ref refuses it)",
    "ShipmentTrackingNotOrderEscrow": "only OrderEscrow calls confirmArrival, no client method",
    "ReentrancyGuardReentrantCall": "needs a token with hooks; the real Rupiah token has none",
    "SafeERC20FailedOperation": "needs a token that returns false; the real Rupiah token reverts",
    "RegistryBudgetReleaseExceedsCommitted": "only contracts release budget, never too much",
    "TenderingInvalidOrderId": "consumeAward is called by OrderEscrow with its own order ids",
    # Issue 13 item 7: ARBITER is held only in Arbiter organisations, so a conflicted arbiter
    # account cannot exist; only a panel Safe with a party's owner conflicts (test_governance).
    "OrderEscrowArbiterConflict": "only a panel Safe can conflict; contracts/test_governance.py",
    "TenderingUnauthorizedEscrow": "consume / accept / reopenAward are OrderEscrow's calls",
    # Issue 13 item 4: the client calls signAdendum at the escrow's address only.
    "OrderAdendumOnlyThroughEscrow": "the extension is never called directly (test_order_adendum)",
    # Issue 15: the governance timelock is driven by `rantai gov` (contracts/test_governance.py).
    "FailedCall": "a timelock call whose target reverts; rantai gov is tested in test_governance",
    "TimelockInsufficientDelay": "rantai gov schedules with the timelock's own minimum delay",
    "TimelockInvalidOperationLength": "rantai gov builds batches of equal lengths",
    "TimelockUnauthorizedCaller": "only the timelock calls its own updateDelay",
    "TimelockUnexecutedPredecessor": "rantai gov schedules without predecessors",
    "TimelockUnexpectedOperationState": "rantai gov checks the state first; test_governance",
}


class Case(NamedTuple):
    """A table row: the setup prepares the chain and returns the subject of the action (a tender,
    order or shipment id, or None); the action gets the actor's raw client, that subject and the
    world; the expected error arguments may depend on the world and the subject.
    """

    setup: Setup
    actor: str
    action: Callable[[Any, Any, World], Any]
    arguments: Mapping[str, Any] | Callable[[World, Any], Mapping[str, Any]] = MappingProxyType({})


Action = Callable[[Any, Any, World], Any]
Expected = Callable[[World, Any], Mapping[str, Any]]


def nothing(w: World) -> None:
    return None


def call(method: str, *args: Any, **kwargs: Any) -> Action:
    """The actor's `role.method(subject, *args, **kwargs)`, e.g. `call("agency.cancel_order")`."""
    role, name = method.split(".")
    return lambda c, s, w: getattr(getattr(c, role), name)(s, *args, **kwargs)


def subject(key: str, **more: Any) -> Expected:
    """The expected error arguments: the subject under `key`, and `more`."""
    return lambda w, s: {key: s, **more}


def with_addresses(key: str, **roles: str) -> Expected:
    """The expected error arguments: the subject under `key`, and the address of each role."""
    return lambda w, s: {key: s, **{name: w.address(role) for name, role in roles.items()}}


def order_line(index: int) -> Expected:
    """The expected error arguments: the subject order and line `index`."""
    return subject("orderId", lineIndex=index)


def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


# ------------------------------------------------------------------------------------- helpers


GRANTED_ENVELOPE = b"\x11" * 32
GRANT_FILE_HASH = b"\x22" * 32


def grant_to_auditor(role: str, envelopes: list[bytes]) -> Action:
    """The actor, as `role`, records a grant of `envelopes` of the grant file to the auditor."""
    return lambda c, s, w: getattr(c, role).record_document_grant(
        envelopes, w.address("auditor"), GRANT_FILE_HASH
    )


def _in_objection_window(w: World) -> int:
    """Finalised just now (inside its objection window): supplier wins, supplier2 loses."""
    return w.finalised_tender({"supplier": 900_000_000, "supplier2": 950_000_000})


def _ordered(w: World, due_in: int = 60 * DAY) -> tuple[int, int]:
    """An awarded tender and the order made from it: (tender id, order id)."""
    tender_id = awarded(w)
    lines = [goods_line("laptop", 100, 9_000_000)]
    order = w.agency.agency.create_order_from_tender(
        tender_id, lines, w.now() + due_in, timedelta(days=30)
    )
    assert order.order_id is not None
    return tender_id, order.order_id


def _direct(
    c: Any, w: World, lines: list[Line], deadline: int | None = None, maintenance: int = 0
) -> Any:
    """`c` orders `lines` directly from the supplier, due in 30 days unless `deadline` is given."""
    when = w.now() + 30 * DAY if deadline is None else deadline
    return c.agency.create_direct_order(
        w.address("supplier"), FISCAL_YEAR, lines, when, maintenance
    )


def _register(
    c: Any, w: World, order_id: int, quantities: list[int], arrival: int | None = None
) -> Any:
    """`c` registers a shipment with the carrier, arriving in a day unless `arrival` is given."""
    when = w.now() + DAY if arrival is None else arrival
    return c.supplier.register_shipment(order_id, quantities, w.address("carrier"), when)


def _checkpoint(c: Any, shipment_id: int, **kwargs: Any) -> Any:
    """`c` records an in-transit checkpoint at IDSRG unless `kind` or `location` says otherwise."""
    kind = kwargs.pop("kind", "in_transit")
    location = kwargs.pop("location", "IDSRG")
    return c.carrier.record_checkpoint(shipment_id, kind, location, **kwargs)


def open_tender(w: World) -> int:
    return w.open_tender()


def awarded(w: World) -> int:
    """A tender awarded to the supplier's only bid, Rp 900,000,000."""
    return w.awarded_tender({"supplier": 900_000_000})


def before(prepare: Callable[[World], Any], base: Setup) -> Setup:
    """`prepare`, then `base`, whose subject the setup returns."""
    return lambda w: (prepare(w), base(w))[1]


def and_now(base: Setup, offset: int) -> Setup:
    """`base`, then the subject paired with the latest block's time plus `offset` seconds."""
    return lambda w: (base(w), w.now() + offset)


def bonded(name: str) -> Step:
    """`name` holds funds and has approved the bond of the tender."""

    def step(w: World, tender_id: int) -> None:
        w.fund(name)
        getattr(w, name).supplier.approve_bond(tender_id)

    return step


def supplier_colleague(w: World) -> None:
    """The outsider joins the supplier's organisation as a supplier."""
    w.governor.governor.add_account(w.address("outsider"), SUPPLIER_ORG)
    w.governor.governor.grant_role("supplier", w.address("outsider"))


def supplier_moves_to_supplier2_org(w: World, _: Any) -> None:
    gov = w.governor.governor
    gov.remove_account(w.address("supplier"))
    gov.add_account(w.address("supplier"), SUPPLIER2_ORG)
    gov.grant_role("supplier", w.address("supplier"))


def mintable(w: World) -> int:
    """What the treasury may still mint: the allocated budgets less the supply."""
    c = w.raw("treasury")
    cap = c.call(c.registry.functions.totalAllocatedIdr())
    return int(cap - c.call(c.token.functions.totalSupply()))


def objects(reason: bytes) -> Action:
    """The actor objects to the award of the subject tender, giving `reason`."""
    return call("supplier.object_award", reason)


def order_from_tender(
    unit_price_idr: int = 9_000_000,
    quantity: int = 100,
    deadline: Callable[[World, int], int] | None = None,
) -> Action:
    """The actor orders laptops from the award of the subject tender, due in 30 days by default."""
    lines = [goods_line("laptop", quantity, unit_price_idr)]

    def action(c: Any, tender_id: int, w: World) -> Any:
        due = w.now() + 30 * DAY if deadline is None else deadline(w, tender_id)
        return c.agency.create_order_from_tender(tender_id, lines, due, timedelta(days=30))

    return action


def delivery_period(w: World, tender_id: int) -> tuple[int, int]:
    tender = w.agency.tender(tender_id)
    assert tender.delivery_from_at is not None
    assert tender.delivery_until_at is not None
    return int(tender.delivery_from_at.timestamp()), int(tender.delivery_until_at.timestamp())


def outside_delivery_period(w: World, tender_id: int) -> dict[str, Any]:
    start, end = delivery_period(w, tender_id)
    return {
        "tenderId": tender_id,
        "deliveryDeadlineAt": end + DAY,
        "deliveryFromAt": start,
        "deliveryUntilAt": end,
    }


def rup_dup(c: Any, _: Any, w: World) -> Any:
    """A direct rice order with the reference RUP-DUP-1."""
    return c.agency.create_direct_order(
        w.address("supplier"),
        FISCAL_YEAR,
        [goods_line("rice", 1, 1)],
        w.now() + 30 * DAY,
        0,
        ref="RUP-DUP-1",
    )


def steel_order(w: World) -> int:
    """A direct order of Rp 25,000,000,000, more than the agency's Rp 20,000,000,000."""
    w.governor.governor.set_policy(direct_purchase_ceiling_idr=30_000_000_000)
    return w.direct_order([goods_line("bridge steel", 25, 1_000_000_000)])


def second_of_two_shipments(w: World) -> int:
    """Two arrived shipments of 100 on one active order, 70 of the first confirmed."""
    order_id = active_order(w)
    first = arrived_shipment(w, order_id, [100])
    second = arrived_shipment(w, order_id, [100])
    w.agency.agency.confirm_delivery(first, [70])
    return second


def disputed(w: World) -> int:
    """An active order the agency disputes (wrong goods)."""
    order_id = active_order(w)
    w.agency.agency.open_dispute(order_id, b"wrong goods")
    return order_id


def retention_running(w: World, order_id: int) -> dict[str, Any]:
    release_at = w.agency.order(order_id).retention_release_at  # type: ignore[union-attr]
    return {"orderId": order_id, "retentionReleaseAt": int(release_at.timestamp())}


def response_window_open(w: World, order_id: int) -> dict[str, Any]:
    respond_by = w.agency.dispute_window(order_id).respond_by  # type: ignore[union-attr]
    return {"orderId": order_id, "respondByAt": int(respond_by.timestamp())}


def delivery_deadline(w: World, order_id: int) -> int:
    return int(w.agency.order(order_id).delivery_deadline_at.timestamp())  # type: ignore[union-attr]


def arrival_of_100(w: World) -> tuple[int, int]:
    """A shipment of 100 on an active order, arrived: (shipment id, arrival time)."""
    shipment_id = w.shipment(active_order(w), [100])
    return shipment_id, int(w.arrive(shipment_id).event("ShipmentArrived")["arrivedAt"])


def unconfirmed_at_termination(w: World) -> tuple[int, int]:
    """An active order at its termination time with an arrived, unconfirmed shipment."""
    order_id = active_order(w)
    shipment_id = arrived_shipment(w, order_id, [50])
    w.move_to(w.agency.terminable_at(order_id))
    return order_id, shipment_id


def submit_foundation(w: World, order_id: int) -> Any:
    """The contractor submits the foundation milestone (line 1) of a milestone order."""
    return w.contractor.supplier.submit_milestone(order_id, 1, b"foundation report")


def milestone_submitted(w: World) -> tuple[int, int]:
    """A milestone order whose milestone is submitted: (order id, end of the review window)."""
    order_id = milestone_order(w)
    submitted = submit_foundation(w, order_id)
    return order_id, int(submitted.event("MilestoneSubmitted")["reviewEndsAt"])


def full_of_shipments(w: World) -> int:
    """An active order with the maximum of 100 shipments."""
    order_id = active_order(w)
    raw = w.raw("supplier").supplier
    arrival, carrier = w.now() + 30 * DAY, w.address("carrier")
    for index in range(100):
        raw.register_shipment(order_id, [1], carrier, arrival, ref=f"SJ-{order_id}-{index}")
    return order_id


def shipment_ref_taken(w: World) -> tuple[int, int, int]:
    """An active order with a shipment SJ-dup: (order id, its arrival time, its shipment id)."""
    order_id, arrival = active_order(w), w.now() + DAY
    first = w.supplier.supplier.register_shipment(
        order_id, [1], w.address("carrier"), arrival, ref="SJ-dup"
    )
    return order_id, arrival, first.shipment_id


CASES: dict[str, Case] = {
    # -------------------------------------------------------------------------------- registry
    "AccessControlUnauthorizedAccount": Case(
        nothing,
        "outsider",
        lambda c, s, w: c.governor.register_organisation(99, "agency"),
        lambda w, s: {"account": w.address("outsider"), "neededRole": Role.GOVERNOR.role_id},
    ),
    "RegistryLastAdmin": Case(
        nothing,
        "governor",
        lambda c, s, w: c.governor.revoke_role(Role.GOVERNOR, w.address("governor")),
        lambda w, s: {"account": w.address("governor"), "role": Role.GOVERNOR.role_id},
    ),
    "RegistryUnauthorizedAccount": Case(
        nothing,
        "outsider",
        lambda c, s, w: c.agency.open_tender(**tender_kwargs(w)),
        lambda w, s: {"account": w.address("outsider"), "neededRole": Role.AGENCY.role_id},
    ),
    "RegistryOrganisationSuspended": Case(
        after(
            open_tender,
            bonded("supplier"),
            lambda w, s: w.governor.governor.suspend_organisation(SUPPLIER_ORG, b"blacklisted"),
        ),
        "supplier",
        call("supplier.commit_bid", 900_000_000),
        {"orgId": SUPPLIER_ORG},
    ),
    "EnforcedPause": Case(
        lambda w: w.governor.governor.pause(),
        "agency",
        lambda c, s, w: c.agency.open_tender(**tender_kwargs(w)),
    ),
    "ExpectedPause": Case(nothing, "governor", lambda c, s, w: c.governor.unpause()),
    "RegistryInvalidOrganisation": Case(
        nothing,
        "governor",
        lambda c, s, w: c.governor.register_organisation(0, "supplier"),
        {"orgId": 0, "kind": 3},
    ),
    "RegistryOrganisationExists": Case(
        nothing,
        "governor",
        lambda c, s, w: c.governor.register_organisation(SUPPLIER_ORG, "supplier"),
        {"orgId": SUPPLIER_ORG},
    ),
    "RegistryUnknownOrganisation": Case(
        nothing,
        "governor",
        lambda c, s, w: c.governor.add_account(w.address("outsider"), 999),
        {"orgId": 999},
    ),
    "RegistryAccountAlreadyMember": Case(
        nothing,
        "governor",
        lambda c, s, w: c.governor.add_account(w.address("supplier"), SUPPLIER2_ORG),
        lambda w, s: {"account": w.address("supplier"), "orgId": SUPPLIER_ORG},
    ),
    "RegistryAccountNotMember": Case(
        nothing,
        "governor",
        lambda c, s, w: c.governor.remove_account(w.address("outsider")),
        lambda w, s: {"account": w.address("outsider")},
    ),
    "RegistryInvalidPolicy": Case(
        nothing,
        "governor",
        lambda c, s, w: c.governor.set_policy(retention_bps=5_000),
        {"parameter": b"retentionBps".ljust(32, b"\0"), "value": 5_000},
    ),
    "RegistryInvalidEncryptionKey": Case(
        nothing,
        "supplier",
        lambda c, s, w: c.supplier.publish_encryption_key(b""),
        lambda w, s: {"account": w.address("supplier"), "length": 0},
    ),
    "RegistryNotAGrantor": Case(
        nothing,
        "governor",
        grant_to_auditor("governor", [GRANTED_ENVELOPE]),
        lambda w, s: {"account": w.address("governor")},
    ),
    "RegistryMissingEncryptionKey": Case(
        nothing,
        "supplier",
        grant_to_auditor("supplier", [GRANTED_ENVELOPE]),
        lambda w, s: {"account": w.address("auditor")},
    ),
    "RegistryInvalidGrant": Case(
        lambda w: w.raw("auditor").auditor.publish_encryption_key(b"\x01" + b"\xaa" * 32),
        "supplier",
        grant_to_auditor("supplier", []),
        {"envelopeCount": 0, "grantHash": GRANT_FILE_HASH},
    ),
    "RegistryBudgetExceeded": Case(
        nothing,
        "agency",
        # the bond meets the minimum (minBondPerMille of the HPS) so the budget check is reached
        lambda c, s, w: c.agency.open_tender(
            **tender_kwargs(w, hps_idr=60_000_000_000, bond_idr=60_000_000_000 * 5 // 1000)
        ),
        {
            "agencyOrgId": AGENCY_ORG,
            "fiscalYear": FISCAL_YEAR,
            "requestedIdr": 60_000_000_000,
            "availableIdr": 50_000_000_000,
        },
    ),
    "RegistryCeilingBelowCommitted": Case(
        open_tender,
        "treasury",
        lambda c, s, w: c.treasury.allocate_budget(AGENCY_ORG, FISCAL_YEAR, 1),
        {"ceilingIdr": 1, "committedIdr": HPS_IDR},
    ),
    "SafeCastOverflowedUintDowncast": Case(
        nothing,
        "treasury",
        lambda c, s, w: c.treasury.allocate_budget(AGENCY_ORG, FISCAL_YEAR, 2**128),
        {"bits": 128, "value": 2**128},
    ),
    "RegistryRoleKindMismatch": Case(
        nothing,
        "governor",
        lambda c, s, w: c.governor.grant_role(Role.CARRIER, w.address("supplier")),
        lambda w, s: {
            "account": w.address("supplier"),
            "role": Role.CARRIER.role_id,
            "orgId": SUPPLIER_ORG,
            "kind": 3,
        },
    ),
    "RegistryInvalidPayoutAccount": Case(
        nothing,
        "governor",
        lambda c, s, w: c.governor.set_payout_account(AGENCY_ORG, ZERO_ADDRESS),
        {"orgId": AGENCY_ORG, "account": ZERO_ADDRESS},
    ),
    # ----------------------------------------------------------------------------------- token
    "RupiahTokenZeroAmount": Case(
        nothing, "treasury", lambda c, s, w: c.treasury.mint(w.address("supplier"), 0)
    ),
    "RupiahTokenMintExceedsBudgets": Case(
        mintable,
        "treasury",
        lambda c, s, w: c.treasury.mint(w.address("supplier"), s + 1),
        lambda w, s: {"amountIdr": s + 1, "availableIdr": s},
    ),
    "ERC20InvalidReceiver": Case(
        nothing,
        "treasury",
        lambda c, s, w: c.treasury.mint(ZERO_ADDRESS, 1),
        {"receiver": ZERO_ADDRESS},
    ),
    "ERC20InsufficientAllowance": Case(
        after(open_tender, lambda w, s: w.fund("supplier")),
        "supplier",
        call("supplier.commit_bid", 900_000_000),
        {"allowance": 0, "needed": BOND_IDR},
    ),
    "ERC20InsufficientBalance": Case(
        after(open_tender, lambda w, s: w.supplier.supplier.approve_bond(s)),
        "supplier",
        call("supplier.commit_bid", 900_000_000),
        lambda w, s: {"sender": w.address("supplier"), "balance": 0, "needed": BOND_IDR},
    ),
    # ------------------------------------------------------------------------------- tendering
    "TenderingUnknownTender": Case(
        nothing, "supplier", lambda c, s, w: c.supplier.commit_bid(999, 1), {"tenderId": 999}
    ),
    "TenderingInvalidItemCount": Case(
        nothing,
        "agency",
        lambda c, s, w: c.agency.open_tender(**tender_kwargs(w, items=[])),
        {"count": 0, "maxItems": 100},
    ),
    "TenderingInvalidQuantity": Case(
        lambda w: [Item(item_hash("a"), 5), Item(item_hash("b"), 0)],
        "agency",
        lambda c, s, w: c.agency.open_tender(**tender_kwargs(w, items=s)),
        {"index": 1},
    ),
    "TenderingInvalidHps": Case(
        nothing,
        "agency",
        lambda c, s, w: c.agency.open_tender(**tender_kwargs(w, hps_idr=0)),
        {"hpsIdr": 0},
    ),
    "TenderingInvalidBond": Case(
        nothing,
        "agency",
        lambda c, s, w: c.agency.open_tender(**tender_kwargs(w, bond_idr=2**128)),
        {"bondIdr": 2**128},
    ),
    "TenderingBidPeriodTooShort": Case(
        lambda w: tender_kwargs(w, bid_deadline_at=w.now() + DAY),
        "agency",
        lambda c, s, w: c.agency.open_tender(**s),
        lambda w, s: {"bidDeadlineAt": s["bid_deadline_at"]},
    ),
    "TenderingRevealPeriodTooShort": Case(
        lambda w: tender_kwargs(w, reveal_deadline_at=w.now() + 4 * DAY + 600),
        "agency",
        lambda c, s, w: c.agency.open_tender(**s),
        lambda w, s: {
            "revealDeadlineAt": s["reveal_deadline_at"],
            "earliestAllowedAt": s["bid_deadline_at"] + 3600,
        },
    ),
    "TenderingBiddingClosed": Case(
        after(
            open_tender,
            bonded("supplier"),
            lambda w, s: w.to_reveal(s),
        ),
        "supplier",
        call("supplier.commit_bid", 900_000_000),
        subject("tenderId"),
    ),
    "TenderingAlreadyBid": Case(
        committed,
        "supplier",
        call("supplier.commit_bid", 800_000_000, replace=True),
        with_addresses("tenderId", bidder="supplier"),
    ),
    "TenderingOrganisationAlreadyBid": Case(
        after(before(supplier_colleague, committed), bonded("outsider")),
        "outsider",
        call("supplier.commit_bid", 800_000_000),
        lambda w, s: {
            "tenderId": s,
            "orgId": SUPPLIER_ORG,
            "existingBidder": w.address("supplier"),
        },
    ),
    "TenderingTooManyBids": Case(
        after(
            before(lambda w: w.governor.governor.set_policy(max_bids_per_tender=1), committed),
            bonded("supplier2"),
        ),
        "supplier2",
        call("supplier.commit_bid", 800_000_000),
        subject("tenderId", maxBids=1),
    ),
    "TenderingNotOpen": Case(
        after(open_tender, lambda w, s: w.agency.agency.cancel_tender(s, b"budget cut")),
        "supplier",
        call("supplier.commit_bid", 900_000_000),
        subject("tenderId", status=4),
    ),
    "TenderingRevealNotOpen": Case(
        committed, "supplier", call("supplier.reveal_bid"), subject("tenderId")
    ),
    "TenderingRevealClosed": Case(
        after(committed, lambda w, s: w.to_finalise(s)),
        "supplier",
        call("supplier.reveal_bid"),
        subject("tenderId"),
    ),
    "TenderingCommitmentMismatch": Case(
        after(committed, lambda w, s: w.to_reveal(s)),
        "supplier",
        call("supplier.reveal_bid", price_idr=1),
        with_addresses("tenderId", bidder="supplier"),
    ),
    "TenderingBidderChangedOrganisation": Case(
        after(committed, supplier_moves_to_supplier2_org, lambda w, s: w.to_reveal(s)),
        "supplier",
        call("supplier.reveal_bid"),
        {"bidOrgId": SUPPLIER_ORG, "currentOrgId": SUPPLIER2_ORG},
    ),
    "TenderingWrongBidState": Case(
        committed,
        "agency",
        lambda c, s, w: c.agency.disqualify_bid(s, w.address("supplier")),
        lambda w, s: {"tenderId": s, "bidder": w.address("supplier"), "state": 1},
    ),
    "TenderingNotTenderAgency": Case(
        open_tender,
        "agency2",
        call("agency.cancel_tender"),
        with_addresses("tenderId", account="agency2"),
    ),
    "TenderingRevealPeriodNotOver": Case(
        open_tender, "supplier", call("supplier.finalise_tender"), subject("tenderId")
    ),
    "TenderingNotAwarded": Case(
        open_tender, "agency", order_from_tender(), subject("tenderId", status=1)
    ),
    "TenderingAwardAlreadyOrdered": Case(
        lambda w: _ordered(w, 30 * DAY),
        "agency",
        lambda c, s, w: order_from_tender()(c, s[0], w),
        lambda w, s: {"tenderId": s[0], "existingOrderId": s[1]},
    ),
    "TenderingBondTooLow": Case(
        nothing,
        "agency",
        lambda c, s, w: c.agency.open_tender(**tender_kwargs(w, bond_idr=1)),
        {"bondIdr": 1, "minBondIdr": HPS_IDR * 5 // 1000},
    ),
    "TenderingReasonRequired": Case(
        open_tender, "agency", call("agency.cancel_tender"), subject("tenderId")
    ),
    "TenderingAwardOnHold": Case(
        _in_objection_window,
        "agency",
        order_from_tender(),
        subject("tenderId", pendingObjections=0),
    ),
    "TenderingCannotObject": Case(
        _in_objection_window,
        "supplier",
        objects(b"unfair"),
        with_addresses("tenderId", bidder="supplier"),
    ),
    "TenderingObjectionClosed": Case(
        lambda w: w.awarded_tender({"supplier": 900_000_000, "supplier2": 950_000_000}),
        "supplier2",
        objects(b"too late"),
        subject("tenderId"),
    ),
    "TenderingNoPendingObjection": Case(
        _in_objection_window,
        "arbiter",
        lambda c, s, w: c.arbiter.rule_objection(
            s, w.address("supplier2"), False, b"nothing to rule"
        ),
        with_addresses("tenderId", objector="supplier2"),
    ),
    "TenderingNotCurrentOrder": Case(
        awarded,
        "auditor",
        call("agency.forfeit_award"),
        subject("tenderId", orderId=0, currentOrderId=0),
    ),
    "TenderingAcceptanceOpen": Case(
        _ordered,
        "auditor",
        lambda c, s, w: c.agency.forfeit_award(s[0]),
        lambda w, s: {"tenderId": s[0]},
    ),
    "TenderingAcceptanceClosed": Case(
        after(
            _ordered,
            lambda w, s: w.agency.agency.approve_escrow(s[1]),
            lambda w, s: w.move_to(w.now() + 15 * DAY),
        ),
        "supplier",
        lambda c, s, w: c.supplier.accept_order(s[1], b"SPK"),
        lambda w, s: {"tenderId": s[0]},
    ),
    "TenderingBondNotReturnable": Case(
        awarded, "auditor", call("agency.return_winner_bond"), subject("tenderId")
    ),
    "TenderingItemsMismatch": Case(
        awarded,
        "agency",
        order_from_tender(18_000_000, quantity=50),  # half the laptops at twice the price
        lambda w, s: {
            "tenderId": s,
            "linesHash": items_hash([(item_hash("laptop"), 50, ascii_field("kg", 16))]),
            "itemsHash": w.agency.tender(s).items_hash,
        },
    ),
    "TenderingDeliveryOutsidePeriod": Case(
        awarded,
        "agency",
        order_from_tender(deadline=lambda w, s: delivery_period(w, s)[1] + DAY),
        outside_delivery_period,
    ),
    "TenderingInvalidDeliveryPeriod": Case(
        tender_kwargs,
        "agency",
        lambda c, s, w: c.agency.open_tender(
            **s,
            delivery_from_at=s["reveal_deadline_at"] + 2 * DAY,
            delivery_until_at=s["reveal_deadline_at"] + DAY,
        ),
        lambda w, s: {
            "deliveryFromAt": s["reveal_deadline_at"] + 2 * DAY,
            "deliveryUntilAt": s["reveal_deadline_at"] + DAY,
        },
    ),
    # ---------------------------------------------------------------------------------- escrow
    "OrderEscrowNotAwardAgency": Case(
        awarded, "agency2", order_from_tender(), subject("tenderId", awardAgencyOrgId=AGENCY_ORG)
    ),
    "OrderEscrowTotalMismatch": Case(
        awarded,
        "agency",
        order_from_tender(8_000_000),
        subject("tenderId", linesTotalIdr=800_000_000, awardPriceIdr=900_000_000),
    ),
    "OrderEscrowDirectPurchaseCeilingExceeded": Case(
        lambda w: [goods_line("rice", 1_000, 1_000_000)],
        "agency",
        lambda c, s, w: _direct(c, w, s),
        {"totalIdr": 1_000_000_000, "ceilingIdr": 200_000_000},
    ),
    "OrderEscrowDuplicateRef": Case(
        lambda w: rup_dup(w.agency, None, w).order_id,
        "agency",
        rup_dup,
        lambda w, s: {"orgId": AGENCY_ORG, "ref": order_ref("RUP-DUP-1"), "orderId": s},
    ),
    "OrderEscrowInvalidDeadline": Case(
        lambda w: w.now() - 10,
        "agency",
        lambda c, s, w: _direct(c, w, [goods_line("rice", 1, 1)], s),
        subject("deliveryDeadlineAt"),
    ),
    "OrderEscrowInvalidLine": Case(
        lambda w: [goods_line("rice", 1, 1), goods_line("salt", 0, 5)],
        "agency",
        lambda c, s, w: _direct(c, w, s),
        {"lineIndex": 1},
    ),
    "OrderEscrowInvalidLineCount": Case(
        nothing, "agency", lambda c, s, w: _direct(c, w, []), {"lineCount": 0}
    ),
    "OrderEscrowInvalidMaintenancePeriod": Case(
        lambda w: 11 * 365 * DAY,
        "agency",
        lambda c, s, w: _direct(c, w, [goods_line("rice", 1, 1)], maintenance=s),
        subject("maintenancePeriodSec"),
    ),
    "OrderEscrowUnknownOrder": Case(
        nothing, "agency", lambda c, s, w: c.agency.cancel_order(999), {"orderId": 999}
    ),
    "OrderEscrowInvalidState": Case(
        active_order, "agency", call("agency.cancel_order"), subject("orderId", state=2)
    ),
    "OrderEscrowNotOrderAgency": Case(
        lambda w: w.direct_order(),
        "agency2",
        call("agency.cancel_order"),
        with_addresses("orderId", account="agency2"),
    ),
    "OrderEscrowNotOrderSupplier": Case(
        after(lambda w: w.direct_order(), lambda w, s: w.agency.agency.approve_escrow(s)),
        "supplier2",
        call("supplier.accept_order"),
        with_addresses("orderId", account="supplier2"),
    ),
    "OrderEscrowNotOrderParty": Case(
        active_order,
        "supplier2",
        call("supplier.open_dispute"),
        with_addresses("orderId", account="supplier2"),
    ),
    "OrderEscrowInsufficientAllowance": Case(
        lambda w: w.direct_order(),
        "supplier",
        call("supplier.accept_order"),
        lambda w, s: {"agency": w.address("agency"), "allowanceIdr": 0, "neededIdr": 10_000_000},
    ),
    "OrderEscrowInsufficientBalance": Case(
        after(steel_order, lambda w, s: w.agency.agency.approve_escrow(s)),
        "supplier",
        call("supplier.accept_order"),
        {"balanceIdr": 20_000_000_000, "neededIdr": 25_000_000_000},
    ),
    "OrderEscrowShipmentNotArrived": Case(
        in_transit(100),
        "agency",
        call("agency.confirm_delivery", [100]),
        subject("shipmentId", status=1),
    ),
    "OrderEscrowShipmentAlreadyConfirmed": Case(
        after(arrived(40), lambda w, s: w.agency.agency.confirm_delivery(s)),
        "agency",
        call("agency.confirm_delivery", [40]),
        subject("shipmentId"),
    ),
    "OrderEscrowLineCountMismatch": Case(
        arrived(40),
        "agency",
        call("agency.confirm_delivery", [40, 0]),
        subject("shipmentId", quantityCount=2, lineCount=1),
    ),
    "OrderEscrowReceivedExceedsShipped": Case(
        arrived(40),
        "agency",
        call("agency.confirm_delivery", [41]),
        {"lineIndex": 0, "receivedQuantity": 41, "shippedQuantity": 40},
    ),
    "OrderEscrowReceivedExceedsRemaining": Case(
        second_of_two_shipments,
        "agency",
        call("agency.confirm_delivery", [31]),
        {"lineIndex": 0, "receivedQuantity": 31, "remainingQuantity": 30},
    ),
    "OrderEscrowMilestoneLineInShipment": Case(
        after(
            lambda w: w.shipment(milestone_order(w), [10, 1], supplier="contractor"),
            lambda w, s: w.arrive(s),
        ),
        "agency",
        call("agency.confirm_delivery", [10, 1]),
        subject("shipmentId", lineIndex=1),
    ),
    "OrderEscrowNotMilestoneLine": Case(
        milestone_order, "agency", call("agency.confirm_milestone", 0), order_line(0)
    ),
    "OrderEscrowUnknownLine": Case(
        milestone_order, "agency", call("agency.confirm_milestone", 5), order_line(5)
    ),
    "OrderEscrowMilestoneAlreadyConfirmed": Case(
        after(
            milestone_order,
            lambda w, s: w.agency.agency.confirm_milestone(s, 1, b"BAST foundation"),
        ),
        "agency",
        call("agency.confirm_milestone", 1),
        order_line(1),
    ),
    "OrderEscrowTerminationTooEarly": Case(
        active_order,
        "agency",
        call("agency.terminate_order"),
        lambda w, s: {"orderId": s, "terminableAt": w.agency.terminable_at(s)},
    ),
    "OrderEscrowMaintenancePeriodRunning": Case(
        delivered_order, "supplier", call("supplier.release_retention"), retention_running
    ),
    "OrderEscrowDisputeOpen": Case(
        after(active_order, lambda w, s: w.supplier.supplier.open_dispute(s, b"late payment")),
        "agency",
        call("agency.open_dispute"),
        subject("orderId"),
    ),
    "OrderEscrowNoOpenDispute": Case(
        active_order, "arbiter", call("arbiter.resolve_dispute", 1, 0), subject("orderId")
    ),
    "OrderEscrowRulingMismatch": Case(
        after(
            disputed,
            lambda w, s: w.supplier.supplier.respond_to_dispute(s, b"right goods"),
        ),
        "arbiter",
        call("arbiter.resolve_dispute", 1, 1),
        subject("orderId", rulingTotalIdr=2, heldIdr=10_000_000),
    ),
    "OrderEscrowResponseWindowOpen": Case(
        disputed, "arbiter", call("arbiter.resolve_dispute", 0, 10_000_000), response_window_open
    ),
    "OrderEscrowNotDisputeRespondent": Case(
        disputed,
        "agency",
        call("agency.respond_to_dispute", b"me again"),
        with_addresses("orderId", account="agency"),
    ),
    "OrderEscrowDisputeAlreadyResponded": Case(
        after(
            disputed,
            lambda w, s: w.supplier.supplier.respond_to_dispute(s, b"first"),
        ),
        "supplier",
        call("supplier.respond_to_dispute", b"second"),
        subject("orderId"),
    ),
    "OrderEscrowConfirmationWindowOpen": Case(
        arrival_of_100,
        "supplier",
        lambda c, s, w: c.supplier.escalate_unconfirmed(s[0]),
        lambda w, s: {"shipmentId": s[0], "escalableAt": s[1] + 7 * DAY},
    ),
    "OrderEscrowArrivalUnconfirmed": Case(
        unconfirmed_at_termination,
        "agency",
        lambda c, s, w: c.agency.terminate_order(s[0]),
        lambda w, s: {"orderId": s[0], "shipmentId": s[1]},
    ),
    "OrderEscrowMilestonesAwaitingAcceptance": Case(
        after(
            milestone_order,
            submit_foundation,
            lambda w, s: w.move_to(w.agency.terminable_at(s)),
        ),
        "agency",
        call("agency.terminate_order"),
        subject("orderId", count=1),
    ),
    "OrderEscrowMilestoneNotSubmitted": Case(
        milestone_order, "contractor", call("supplier.claim_deemed_milestone", 1), order_line(1)
    ),
    "OrderEscrowMilestoneAlreadySubmitted": Case(
        after(
            milestone_order,
            submit_foundation,
        ),
        "contractor",
        call("supplier.submit_milestone", 1, b"again"),
        order_line(1),
    ),
    "OrderEscrowReviewWindowOpen": Case(
        milestone_submitted,
        "contractor",
        lambda c, s, w: c.supplier.claim_deemed_milestone(s[0], 1),
        lambda w, s: {"orderId": s[0], "lineIndex": 1, "reviewEndsAt": s[1]},
    ),
    "OrderEscrowReviewWindowClosed": Case(
        after(milestone_submitted, lambda w, s: w.move_to(s[1])),
        "agency",
        lambda c, s, w: c.agency.reject_milestone(s[0], 1, b"cracked"),
        lambda w, s: {"orderId": s[0], "lineIndex": 1, "reviewEndsAt": s[1]},
    ),
    # --------------------------------------------------------------------------------- adendum
    "OrderAdendumCapExceeded": Case(
        active_order,  # Rp 10,000,000: the cap is Rp 11,000,000
        "agency",
        lambda c, s, w: c.agency.sign_adendum(s, [120], delivery_deadline(w, s), b"more"),
        subject("orderId", newTotalIdr=12_000_000, capIdr=11_000_000),
    ),
    "OrderAdendumNoChange": Case(
        active_order,
        "supplier",
        lambda c, s, w: c.supplier.sign_adendum(s, [100], delivery_deadline(w, s), b"same"),
        subject("orderId"),
    ),
    # -------------------------------------------------------------------------------- tracking
    "ShipmentTrackingUnknownShipment": Case(
        nothing,
        "carrier",
        lambda c, s, w: c.carrier.record_checkpoint(999, "picked_up", "IDTPP"),
        {"shipmentId": 999},
    ),
    "ShipmentTrackingNotOrderSupplier": Case(
        active_order,
        "supplier2",
        lambda c, s, w: c.supplier.register_shipment(s, [1], w.address("carrier"), w.now() + DAY),
        with_addresses("orderId", caller="supplier2", supplier="supplier"),
    ),
    "ShipmentTrackingOrderNotActive": Case(
        lambda w: w.direct_order(),
        "supplier",
        lambda c, s, w: _register(c, w, s, [1]),
        subject("orderId", state=1),
    ),
    "ShipmentTrackingOrderDisputed": Case(
        after(active_order, lambda w, s: w.agency.agency.open_dispute(s)),
        "supplier",
        lambda c, s, w: _register(c, w, s, [1]),
        subject("orderId"),
    ),
    "ShipmentTrackingInvalidQuantities": Case(
        active_order,
        "supplier",
        lambda c, s, w: _register(c, w, s, [1, 2]),
        subject("orderId", length=2, lineCount=1),
    ),
    "ShipmentTrackingNothingShipped": Case(
        active_order, "supplier", lambda c, s, w: _register(c, w, s, [0]), subject("orderId")
    ),
    "ShipmentTrackingQuantityTooLarge": Case(
        active_order,
        "supplier",
        lambda c, s, w: _register(c, w, s, [2**64]),
        {"line": 0, "quantity": 2**64},
    ),
    "ShipmentTrackingExpectedArrivalNotInFuture": Case(
        and_now(active_order, -100),
        "supplier",
        lambda c, s, w: _register(c, w, s[0], [1], s[1]),
        lambda w, s: {"expectedArrivalAt": s[1]},
    ),
    "ShipmentTrackingTooManyShipments": Case(
        full_of_shipments,
        "supplier",
        lambda c, s, w: _register(c, w, s, [1]),
        subject("orderId", maxShipments=100),
    ),
    "ShipmentTrackingNotCustodian": Case(
        in_transit(1),
        "carrier2",
        lambda c, s, w: _checkpoint(c, s),
        lambda w, s: {"caller": w.address("carrier2"), "custodian": w.address("carrier")},
    ),
    "ShipmentTrackingAlreadyArrived": Case(
        arrived(1), "carrier", lambda c, s, w: _checkpoint(c, s), subject("shipmentId")
    ),
    "ShipmentTrackingInvalidCheckpointKind": Case(
        in_transit(1),
        "carrier",
        lambda c, s, w: _checkpoint(c, s, kind=CheckpointKind.NONE),
        subject("shipmentId"),
    ),
    "ShipmentTrackingMissingLocation": Case(
        in_transit(1),
        "carrier",
        lambda c, s, w: _checkpoint(c, s, location=""),
        subject("shipmentId"),
    ),
    "ShipmentTrackingInvalidCoordinates": Case(
        in_transit(1),
        "carrier",
        lambda c, s, w: _checkpoint(c, s, latitude_e6=91_000_000, longitude_e6=5),
        {"latitudeE6": 91_000_000, "longitudeE6": 5},
    ),
    "ShipmentTrackingCheckpointInFuture": Case(
        and_now(in_transit(1), DAY),
        "carrier",
        lambda c, s, w: _checkpoint(c, s[0], occurred_at=s[1]),
        lambda w, s: {"occurredAt": s[1]},
    ),
    "ShipmentTrackingCheckpointBeforeRegistration": Case(
        and_now(in_transit(1), -2 * DAY),
        "carrier",
        lambda c, s, w: _checkpoint(c, s[0], occurred_at=s[1]),
        lambda w, s: {"shipmentId": s[0], "occurredAt": s[1]},
    ),
    "ShipmentTrackingCustodianActive": Case(
        in_transit(1),
        "supplier",
        lambda c, s, w: c.supplier.reassign_custody(s, w.address("carrier2")),
        with_addresses("shipmentId", custodian="carrier"),
    ),
    "ShipmentTrackingCheckpointOutOfOrder": Case(
        after(
            and_now(in_transit(1), 0),
            lambda w, s: w.carrier.carrier.record_checkpoint(
                s[0], "picked_up", "IDTPP", occurred_at=s[1]
            ),
        ),
        "carrier",
        lambda c, s, w: _checkpoint(c, s[0], occurred_at=s[1] - 60),
        lambda w, s: {"occurredAt": s[1] - 60, "previousOccurredAt": s[1]},
    ),
    "ShipmentTrackingDuplicateShipmentRef": Case(
        shipment_ref_taken,
        "supplier",
        lambda c, s, w: c.supplier.register_shipment(
            s[0], [1], w.address("carrier"), s[1] + 60, ref="SJ-dup"
        ),
        lambda w, s: {"orgId": SUPPLIER_ORG, "shipmentId": s[2]},
    ),
    "ShipmentTrackingDuplicateCheckpointRef": Case(
        after(
            in_transit(1),
            lambda w, s: w.carrier.carrier.record_checkpoint(
                s, "picked_up", "IDTPP", ref="SCAN-dup"
            ),
        ),
        "carrier",
        lambda c, s, w: _checkpoint(c, s, ref="SCAN-dup"),
        subject("shipmentId", index=0),
    ),
    "ShipmentTrackingInvalidNominee": Case(
        in_transit(1),
        "carrier",
        lambda c, s, w: c.carrier.nominate_custodian(s, w.address("carrier")),
        with_addresses("shipmentId", nominee="carrier"),
    ),
    "ShipmentTrackingNotNominee": Case(
        in_transit(1),
        "carrier2",
        call("carrier.accept_custody"),
        lambda w, s: {"caller": w.address("carrier2"), "nominee": ZERO_ADDRESS},
    ),
}


# ------------------------------------------------------------------------------------- tests


def test_scenarios_and_unreachable_errors_cover_every_contract_error() -> None:
    covered = set(CASES) | set(UNREACHABLE)
    assert not set(CASES) & set(UNREACHABLE)
    assert covered == set(BY_NAME), {
        "without a scenario": sorted(set(BY_NAME) - covered),
        "unknown": sorted(covered - set(BY_NAME)),
    }


@pytest.mark.parametrize("error", sorted(CASES))
def test_contract_error_surfaces_as_its_typed_exception(world: World, error: str) -> None:
    setup, actor, action, expected = CASES[error]
    subject = setup(world)
    if callable(expected):
        expected = expected(world, subject)
    client = world.raw(actor)
    nonce = client.w3.eth.get_transaction_count(client.require_signer())
    with pytest.raises(ContractError) as caught:
        action(client, subject, world)
    raised = caught.value
    assert type(raised) is BY_NAME[error], f"expected {error}, got {raised!r}"
    for name, value in expected.items():
        assert raised.arguments[name] == value, (name, raised.arguments)
        assert getattr(raised, snake(name)) == value
    assert str(raised).startswith(f"{error}(")
    assert client.w3.eth.get_transaction_count(client.require_signer()) == nonce, "a tx was sent"

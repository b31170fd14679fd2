"""Every custom error of the contracts that the client can reach surfaces as its typed exception.

Table-driven: each scenario sets the chain up through the client, then takes one action with the
client's checks before sending switched off (`preflight=False`), so the contract itself rejects
it. The test asserts the generated exception class of `py_client.contract_errors`, its decoded
arguments, and that nothing was sent (the revert is found when the gas is estimated). Errors the
client cannot reach are listed in `UNREACHABLE` with the reason; a meta test checks that the two
tables cover `BY_SELECTOR` exactly.
"""

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

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
    World,
    active_order,
    arrived_shipment,
    committed,
    delivered_order,
    goods_line,
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

Scenario = Callable[[World], tuple[str, Callable[[], Any], dict[str, Any]]]
SCENARIOS: dict[str, Scenario] = {}


def scenario(error: str) -> Callable[[Scenario], Scenario]:
    """Register a scenario: it returns (acting role, the action, expected error arguments)."""

    def register(build: Scenario) -> Scenario:
        assert error not in SCENARIOS, error
        SCENARIOS[error] = build
        return build

    return register


def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


# ------------------------------------------------------------------------------------- helpers


# ------------------------------------------------------------------------------------- registry


@scenario("AccessControlUnauthorizedAccount")
def _(w: World) -> Any:
    return (
        "outsider",
        lambda: w.raw("outsider").governor.register_organisation(99, "agency"),
        {"account": w.address("outsider"), "neededRole": Role.GOVERNOR.role_id},
    )


@scenario("RegistryLastAdmin")
def _(w: World) -> Any:
    return (
        "governor",
        lambda: w.raw("governor").governor.revoke_role(Role.GOVERNOR, w.address("governor")),
        {"account": w.address("governor"), "role": Role.GOVERNOR.role_id},
    )


@scenario("RegistryUnauthorizedAccount")
def _(w: World) -> Any:
    return (
        "outsider",
        lambda: w.raw("outsider").agency.open_tender(**tender_kwargs(w)),
        {"account": w.address("outsider"), "neededRole": Role.AGENCY.role_id},
    )


@scenario("RegistryOrganisationSuspended")
def _(w: World) -> Any:
    tender_id = w.open_tender()
    w.fund("supplier")
    w.supplier.supplier.approve_bond(tender_id)
    w.governor.governor.suspend_organisation(SUPPLIER_ORG, b"blacklisted")
    return (
        "supplier",
        lambda: w.raw("supplier").supplier.commit_bid(tender_id, 900_000_000),
        {"orgId": SUPPLIER_ORG},
    )


@scenario("EnforcedPause")
def _(w: World) -> Any:
    w.governor.governor.pause()
    return "agency", lambda: w.raw("agency").agency.open_tender(**tender_kwargs(w)), {}


@scenario("ExpectedPause")
def _(w: World) -> Any:
    return "governor", lambda: w.raw("governor").governor.unpause(), {}


@scenario("RegistryInvalidOrganisation")
def _(w: World) -> Any:
    return (
        "governor",
        lambda: w.raw("governor").governor.register_organisation(0, "supplier"),
        {"orgId": 0, "kind": 3},
    )


@scenario("RegistryOrganisationExists")
def _(w: World) -> Any:
    return (
        "governor",
        lambda: w.raw("governor").governor.register_organisation(SUPPLIER_ORG, "supplier"),
        {"orgId": SUPPLIER_ORG},
    )


@scenario("RegistryUnknownOrganisation")
def _(w: World) -> Any:
    return (
        "governor",
        lambda: w.raw("governor").governor.add_account(w.address("outsider"), 999),
        {"orgId": 999},
    )


@scenario("RegistryAccountAlreadyMember")
def _(w: World) -> Any:
    return (
        "governor",
        lambda: w.raw("governor").governor.add_account(w.address("supplier"), SUPPLIER2_ORG),
        {"account": w.address("supplier"), "orgId": SUPPLIER_ORG},
    )


@scenario("RegistryAccountNotMember")
def _(w: World) -> Any:
    return (
        "governor",
        lambda: w.raw("governor").governor.remove_account(w.address("outsider")),
        {"account": w.address("outsider")},
    )


@scenario("RegistryInvalidPolicy")
def _(w: World) -> Any:
    return (
        "governor",
        lambda: w.raw("governor").governor.set_policy(retention_bps=5_000),
        {"parameter": b"retentionBps".ljust(32, b"\0"), "value": 5_000},
    )


@scenario("RegistryInvalidEncryptionKey")
def _(w: World) -> Any:
    return (
        "supplier",
        lambda: w.raw("supplier").supplier.publish_encryption_key(b""),
        {"account": w.address("supplier"), "length": 0},
    )


GRANTED_ENVELOPE = b"\x11" * 32
GRANT_FILE_HASH = b"\x22" * 32


@scenario("RegistryNotAGrantor")
def _(w: World) -> Any:
    return (
        "governor",
        lambda: w.raw("governor").governor.record_document_grant(
            [GRANTED_ENVELOPE], w.address("auditor"), GRANT_FILE_HASH
        ),
        {"account": w.address("governor")},
    )


@scenario("RegistryMissingEncryptionKey")
def _(w: World) -> Any:
    return (
        "supplier",
        lambda: w.raw("supplier").supplier.record_document_grant(
            [GRANTED_ENVELOPE], w.address("auditor"), GRANT_FILE_HASH
        ),
        {"account": w.address("auditor")},
    )


@scenario("RegistryInvalidGrant")
def _(w: World) -> Any:
    w.raw("auditor").auditor.publish_encryption_key(b"\x01" + b"\xaa" * 32)
    return (
        "supplier",
        lambda: w.raw("supplier").supplier.record_document_grant(
            [], w.address("auditor"), GRANT_FILE_HASH
        ),
        {"envelopeCount": 0, "grantHash": GRANT_FILE_HASH},
    )


@scenario("RegistryBudgetExceeded")
def _(w: World) -> Any:
    hps = 60_000_000_000
    return (
        "agency",
        # the bond meets the minimum (minBondPerMille of the HPS) so the budget check is reached
        lambda: w.raw("agency").agency.open_tender(
            **tender_kwargs(w, hps_idr=hps, bond_idr=hps * 5 // 1000)
        ),
        {
            "agencyOrgId": AGENCY_ORG,
            "fiscalYear": FISCAL_YEAR,
            "requestedIdr": hps,
            "availableIdr": 50_000_000_000,
        },
    )


@scenario("RegistryCeilingBelowCommitted")
def _(w: World) -> Any:
    w.open_tender()
    return (
        "treasury",
        lambda: w.raw("treasury").treasury.allocate_budget(AGENCY_ORG, FISCAL_YEAR, 1),
        {"ceilingIdr": 1, "committedIdr": HPS_IDR},
    )


@scenario("SafeCastOverflowedUintDowncast")
def _(w: World) -> Any:
    return (
        "treasury",
        lambda: w.raw("treasury").treasury.allocate_budget(AGENCY_ORG, FISCAL_YEAR, 2**128),
        {"bits": 128, "value": 2**128},
    )


# ------------------------------------------------------------------------------------- token


@scenario("RupiahTokenZeroAmount")
def _(w: World) -> Any:
    return "treasury", lambda: w.raw("treasury").treasury.mint(w.address("supplier"), 0), {}


@scenario("RupiahTokenMintExceedsBudgets")
def _(w: World) -> Any:
    c = w.raw("treasury")
    cap = c.call(c.registry.functions.totalAllocatedIdr())
    available = cap - c.call(c.token.functions.totalSupply())
    return (
        "treasury",
        lambda: c.treasury.mint(w.address("supplier"), available + 1),
        {"amountIdr": available + 1, "availableIdr": available},
    )


@scenario("ERC20InvalidReceiver")
def _(w: World) -> Any:
    return (
        "treasury",
        lambda: w.raw("treasury").treasury.mint(ZERO_ADDRESS, 1),
        {"receiver": ZERO_ADDRESS},
    )


@scenario("ERC20InsufficientAllowance")
def _(w: World) -> Any:
    tender_id = w.open_tender()
    w.fund("supplier")
    return (
        "supplier",
        lambda: w.raw("supplier").supplier.commit_bid(tender_id, 900_000_000),
        {"allowance": 0, "needed": BOND_IDR},
    )


@scenario("ERC20InsufficientBalance")
def _(w: World) -> Any:
    tender_id = w.open_tender()
    w.supplier.supplier.approve_bond(tender_id)
    return (
        "supplier",
        lambda: w.raw("supplier").supplier.commit_bid(tender_id, 900_000_000),
        {"sender": w.address("supplier"), "balance": 0, "needed": BOND_IDR},
    )


# ------------------------------------------------------------------------------------- tendering


@scenario("TenderingUnknownTender")
def _(w: World) -> Any:
    return "supplier", lambda: w.raw("supplier").supplier.commit_bid(999, 1), {"tenderId": 999}


@scenario("TenderingInvalidItemCount")
def _(w: World) -> Any:
    return (
        "agency",
        lambda: w.raw("agency").agency.open_tender(**tender_kwargs(w, items=[])),
        {"count": 0, "maxItems": 100},
    )


@scenario("TenderingInvalidQuantity")
def _(w: World) -> Any:
    items = [Item(item_hash("a"), 5), Item(item_hash("b"), 0)]
    return (
        "agency",
        lambda: w.raw("agency").agency.open_tender(**tender_kwargs(w, items=items)),
        {"index": 1},
    )


@scenario("TenderingInvalidHps")
def _(w: World) -> Any:
    return (
        "agency",
        lambda: w.raw("agency").agency.open_tender(**tender_kwargs(w, hps_idr=0)),
        {"hpsIdr": 0},
    )


@scenario("TenderingInvalidBond")
def _(w: World) -> Any:
    return (
        "agency",
        lambda: w.raw("agency").agency.open_tender(**tender_kwargs(w, bond_idr=2**128)),
        {"bondIdr": 2**128},
    )


@scenario("TenderingBidPeriodTooShort")
def _(w: World) -> Any:
    kwargs = tender_kwargs(w)
    kwargs["bid_deadline_at"] = w.now() + DAY
    return (
        "agency",
        lambda: w.raw("agency").agency.open_tender(**kwargs),
        {"bidDeadlineAt": kwargs["bid_deadline_at"]},
    )


@scenario("TenderingRevealPeriodTooShort")
def _(w: World) -> Any:
    kwargs = tender_kwargs(w)
    kwargs["reveal_deadline_at"] = kwargs["bid_deadline_at"] + 600
    return (
        "agency",
        lambda: w.raw("agency").agency.open_tender(**kwargs),
        {
            "revealDeadlineAt": kwargs["reveal_deadline_at"],
            "earliestAllowedAt": kwargs["bid_deadline_at"] + 3600,
        },
    )


@scenario("TenderingBiddingClosed")
def _(w: World) -> Any:
    tender_id = w.open_tender()
    w.fund("supplier")
    w.supplier.supplier.approve_bond(tender_id)
    w.to_reveal(tender_id)
    return (
        "supplier",
        lambda: w.raw("supplier").supplier.commit_bid(tender_id, 900_000_000),
        {"tenderId": tender_id},
    )


@scenario("TenderingAlreadyBid")
def _(w: World) -> Any:
    tender_id = committed(w)
    return (
        "supplier",
        lambda: w.raw("supplier").supplier.commit_bid(tender_id, 800_000_000, replace=True),
        {"tenderId": tender_id, "bidder": w.address("supplier")},
    )


@scenario("TenderingOrganisationAlreadyBid")
def _(w: World) -> Any:
    gov = w.governor.governor
    gov.add_account(w.address("outsider"), SUPPLIER_ORG)
    gov.grant_role("supplier", w.address("outsider"))
    tender_id = committed(w)
    w.fund("outsider")
    w.outsider.supplier.approve_bond(tender_id)
    return (
        "outsider",
        lambda: w.raw("outsider").supplier.commit_bid(tender_id, 800_000_000),
        {"tenderId": tender_id, "orgId": SUPPLIER_ORG, "existingBidder": w.address("supplier")},
    )


@scenario("TenderingTooManyBids")
def _(w: World) -> Any:
    w.governor.governor.set_policy(max_bids_per_tender=1)
    tender_id = committed(w)
    w.fund("supplier2")
    w.supplier2.supplier.approve_bond(tender_id)
    return (
        "supplier2",
        lambda: w.raw("supplier2").supplier.commit_bid(tender_id, 800_000_000),
        {"tenderId": tender_id, "maxBids": 1},
    )


@scenario("TenderingNotOpen")
def _(w: World) -> Any:
    tender_id = w.open_tender()
    w.agency.agency.cancel_tender(tender_id, b"budget cut")
    return (
        "supplier",
        lambda: w.raw("supplier").supplier.commit_bid(tender_id, 900_000_000),
        {"tenderId": tender_id, "status": 4},
    )


@scenario("TenderingRevealNotOpen")
def _(w: World) -> Any:
    tender_id = committed(w)
    return (
        "supplier",
        lambda: w.raw("supplier").supplier.reveal_bid(tender_id),
        {"tenderId": tender_id},
    )


@scenario("TenderingRevealClosed")
def _(w: World) -> Any:
    tender_id = committed(w)
    w.to_finalise(tender_id)
    return (
        "supplier",
        lambda: w.raw("supplier").supplier.reveal_bid(tender_id),
        {"tenderId": tender_id},
    )


@scenario("TenderingCommitmentMismatch")
def _(w: World) -> Any:
    tender_id = committed(w)
    w.to_reveal(tender_id)
    return (
        "supplier",
        lambda: w.raw("supplier").supplier.reveal_bid(tender_id, price_idr=1),
        {"tenderId": tender_id, "bidder": w.address("supplier")},
    )


@scenario("TenderingBidderChangedOrganisation")
def _(w: World) -> Any:
    tender_id = committed(w)
    gov = w.governor.governor
    gov.remove_account(w.address("supplier"))
    gov.add_account(w.address("supplier"), SUPPLIER2_ORG)
    gov.grant_role("supplier", w.address("supplier"))
    w.to_reveal(tender_id)
    return (
        "supplier",
        lambda: w.raw("supplier").supplier.reveal_bid(tender_id),
        {"bidOrgId": SUPPLIER_ORG, "currentOrgId": SUPPLIER2_ORG},
    )


@scenario("TenderingWrongBidState")
def _(w: World) -> Any:
    tender_id = committed(w)
    return (
        "agency",
        lambda: w.raw("agency").agency.disqualify_bid(tender_id, w.address("supplier")),
        {"tenderId": tender_id, "bidder": w.address("supplier"), "state": 1},
    )


@scenario("TenderingNotTenderAgency")
def _(w: World) -> Any:
    tender_id = w.open_tender()
    return (
        "agency2",
        lambda: w.raw("agency2").agency.cancel_tender(tender_id),
        {"tenderId": tender_id, "account": w.address("agency2")},
    )


@scenario("TenderingRevealPeriodNotOver")
def _(w: World) -> Any:
    tender_id = w.open_tender()
    return (
        "supplier",
        lambda: w.raw("supplier").supplier.finalise_tender(tender_id),
        {"tenderId": tender_id},
    )


@scenario("TenderingNotAwarded")
def _(w: World) -> Any:
    tender_id = w.open_tender()
    lines = [goods_line("laptop", 100, 9_000_000)]
    return (
        "agency",
        lambda: w.raw("agency").agency.create_order_from_tender(
            tender_id, lines, w.now() + 30 * DAY, timedelta(days=30)
        ),
        {"tenderId": tender_id, "status": 1},
    )


@scenario("TenderingAwardAlreadyOrdered")
def _(w: World) -> Any:
    tender_id = w.awarded_tender({"supplier": 900_000_000})
    lines = [goods_line("laptop", 100, 9_000_000)]
    first = w.agency.agency.create_order_from_tender(
        tender_id, lines, w.now() + 30 * DAY, timedelta(days=30)
    )
    return (
        "agency",
        lambda: w.raw("agency").agency.create_order_from_tender(
            tender_id, lines, w.now() + 30 * DAY, timedelta(days=30)
        ),
        {"tenderId": tender_id, "existingOrderId": first.order_id},
    )


def _in_objection_window(w: World) -> int:
    """Finalised just now (inside its objection window): supplier wins, supplier2 loses."""
    return w.finalised_tender({"supplier": 900_000_000, "supplier2": 950_000_000})


def _ordered(w: World) -> tuple[int, int]:
    tender_id = w.awarded_tender({"supplier": 900_000_000})
    lines = [goods_line("laptop", 100, 9_000_000)]
    order = w.agency.agency.create_order_from_tender(
        tender_id, lines, w.now() + 60 * DAY, timedelta(days=30)
    )
    assert order.order_id is not None
    return tender_id, order.order_id


@scenario("TenderingBondTooLow")
def _(w: World) -> Any:
    return (
        "agency",
        lambda: w.raw("agency").agency.open_tender(**tender_kwargs(w, bond_idr=1)),
        {"bondIdr": 1, "minBondIdr": HPS_IDR * 5 // 1000},
    )


@scenario("TenderingReasonRequired")
def _(w: World) -> Any:
    tender_id = w.open_tender()
    return (
        "agency",
        lambda: w.raw("agency").agency.cancel_tender(tender_id),
        {"tenderId": tender_id},
    )


@scenario("TenderingAwardOnHold")
def _(w: World) -> Any:
    tender_id = _in_objection_window(w)
    lines = [goods_line("laptop", 100, 9_000_000)]
    return (
        "agency",
        lambda: w.raw("agency").agency.create_order_from_tender(
            tender_id, lines, w.now() + 30 * DAY, timedelta(days=30)
        ),
        {"tenderId": tender_id, "pendingObjections": 0},
    )


@scenario("TenderingCannotObject")
def _(w: World) -> Any:
    tender_id = _in_objection_window(w)
    return (
        "supplier",
        lambda: w.raw("supplier").supplier.object_award(tender_id, b"unfair"),
        {"tenderId": tender_id, "bidder": w.address("supplier")},
    )


@scenario("TenderingObjectionClosed")
def _(w: World) -> Any:
    tender_id = w.awarded_tender({"supplier": 900_000_000, "supplier2": 950_000_000})
    return (
        "supplier2",
        lambda: w.raw("supplier2").supplier.object_award(tender_id, b"too late"),
        {"tenderId": tender_id},
    )


@scenario("TenderingNoPendingObjection")
def _(w: World) -> Any:
    tender_id = _in_objection_window(w)
    return (
        "arbiter",
        lambda: w.raw("arbiter").arbiter.rule_objection(
            tender_id, w.address("supplier2"), False, b"nothing to rule"
        ),
        {"tenderId": tender_id, "objector": w.address("supplier2")},
    )


@scenario("TenderingNotCurrentOrder")
def _(w: World) -> Any:
    tender_id = w.awarded_tender({"supplier": 900_000_000})
    return (
        "auditor",
        lambda: w.raw("auditor").agency.forfeit_award(tender_id),
        {"tenderId": tender_id, "orderId": 0, "currentOrderId": 0},
    )


@scenario("TenderingAcceptanceOpen")
def _(w: World) -> Any:
    tender_id, _ = _ordered(w)
    return (
        "auditor",
        lambda: w.raw("auditor").agency.forfeit_award(tender_id),
        {"tenderId": tender_id},
    )


@scenario("TenderingAcceptanceClosed")
def _(w: World) -> Any:
    tender_id, order_id = _ordered(w)
    w.agency.agency.approve_escrow(order_id)
    w.move_to(w.now() + 15 * DAY)
    return (
        "supplier",
        lambda: w.raw("supplier").supplier.accept_order(order_id, b"SPK"),
        {"tenderId": tender_id},
    )


@scenario("TenderingBondNotReturnable")
def _(w: World) -> Any:
    tender_id = w.awarded_tender({"supplier": 900_000_000})
    return (
        "auditor",
        lambda: w.raw("auditor").agency.return_winner_bond(tender_id),
        {"tenderId": tender_id},
    )


# ------------------------------------------------------------------------------------- escrow


@scenario("OrderEscrowNotAwardAgency")
def _(w: World) -> Any:
    tender_id = w.awarded_tender({"supplier": 900_000_000})
    lines = [goods_line("laptop", 100, 9_000_000)]
    return (
        "agency2",
        lambda: w.raw("agency2").agency.create_order_from_tender(
            tender_id, lines, w.now() + 30 * DAY, timedelta(days=30)
        ),
        {"tenderId": tender_id, "awardAgencyOrgId": AGENCY_ORG},
    )


@scenario("OrderEscrowTotalMismatch")
def _(w: World) -> Any:
    tender_id = w.awarded_tender({"supplier": 900_000_000})
    lines = [goods_line("laptop", 100, 8_000_000)]
    return (
        "agency",
        lambda: w.raw("agency").agency.create_order_from_tender(
            tender_id, lines, w.now() + 30 * DAY, timedelta(days=30)
        ),
        {"tenderId": tender_id, "linesTotalIdr": 800_000_000, "awardPriceIdr": 900_000_000},
    )


def _direct(w: World, lines: list[Line], deadline: int | None = None, maintenance: int = 0) -> Any:
    when = w.now() + 30 * DAY if deadline is None else deadline
    return lambda: w.raw("agency").agency.create_direct_order(
        w.address("supplier"), FISCAL_YEAR, lines, when, maintenance
    )


@scenario("OrderEscrowDirectPurchaseCeilingExceeded")
def _(w: World) -> Any:
    lines = [goods_line("rice", 1_000, 1_000_000)]
    return (
        "agency",
        _direct(w, lines),
        {"totalIdr": 1_000_000_000, "ceilingIdr": 200_000_000},
    )


@scenario("OrderEscrowDuplicateRef")
def _(w: World) -> Any:
    lines = [goods_line("rice", 1, 1)]
    first = w.agency.agency.create_direct_order(
        w.address("supplier"), FISCAL_YEAR, lines, w.now() + 30 * DAY, 0, ref="RUP-DUP-1"
    )
    return (
        "agency",
        lambda: w.raw("agency").agency.create_direct_order(
            w.address("supplier"), FISCAL_YEAR, lines, w.now() + 30 * DAY, 0, ref="RUP-DUP-1"
        ),
        {"orgId": AGENCY_ORG, "ref": order_ref("RUP-DUP-1"), "orderId": first.order_id},
    )


@scenario("TenderingItemsMismatch")
def _(w: World) -> Any:
    tender_id = w.awarded_tender({"supplier": 900_000_000})
    lines = [goods_line("laptop", 50, 18_000_000)]  # half the laptops at twice the price
    tender = w.agency.tender(tender_id)
    return (
        "agency",
        lambda: w.raw("agency").agency.create_order_from_tender(
            tender_id, lines, w.now() + 30 * DAY, timedelta(days=30)
        ),
        {
            "tenderId": tender_id,
            "linesHash": items_hash([(item_hash("laptop"), 50, ascii_field("kg", 16))]),
            "itemsHash": tender.items_hash,
        },
    )


@scenario("TenderingDeliveryOutsidePeriod")
def _(w: World) -> Any:
    tender_id = w.awarded_tender({"supplier": 900_000_000})
    lines = [goods_line("laptop", 100, 9_000_000)]
    tender = w.agency.tender(tender_id)
    assert tender.delivery_from_at is not None
    assert tender.delivery_until_at is not None
    start, end = int(tender.delivery_from_at.timestamp()), int(tender.delivery_until_at.timestamp())
    deadline = end + DAY
    return (
        "agency",
        lambda: w.raw("agency").agency.create_order_from_tender(
            tender_id, lines, deadline, timedelta(days=30)
        ),
        {
            "tenderId": tender_id,
            "deliveryDeadlineAt": deadline,
            "deliveryFromAt": start,
            "deliveryUntilAt": end,
        },
    )


@scenario("TenderingInvalidDeliveryPeriod")
def _(w: World) -> Any:
    kwargs = tender_kwargs(w)
    reveal = int(kwargs["reveal_deadline_at"])
    return (
        "agency",
        lambda: w.raw("agency").agency.open_tender(
            **kwargs, delivery_from_at=reveal + 2 * DAY, delivery_until_at=reveal + DAY
        ),
        {"deliveryFromAt": reveal + 2 * DAY, "deliveryUntilAt": reveal + DAY},
    )


@scenario("OrderEscrowInvalidDeadline")
def _(w: World) -> Any:
    deadline = w.now() - 10
    return (
        "agency",
        _direct(w, [goods_line("rice", 1, 1)], deadline),
        {"deliveryDeadlineAt": deadline},
    )


@scenario("OrderEscrowInvalidLine")
def _(w: World) -> Any:
    lines = [goods_line("rice", 1, 1), goods_line("salt", 0, 5)]
    return "agency", _direct(w, lines), {"lineIndex": 1}


@scenario("OrderEscrowInvalidLineCount")
def _(w: World) -> Any:
    return "agency", _direct(w, []), {"lineCount": 0}


@scenario("OrderEscrowInvalidMaintenancePeriod")
def _(w: World) -> Any:
    too_long = 11 * 365 * DAY
    return (
        "agency",
        _direct(w, [goods_line("rice", 1, 1)], maintenance=too_long),
        {"maintenancePeriodSec": too_long},
    )


@scenario("OrderEscrowUnknownOrder")
def _(w: World) -> Any:
    return "agency", lambda: w.raw("agency").agency.cancel_order(999), {"orderId": 999}


@scenario("OrderEscrowInvalidState")
def _(w: World) -> Any:
    order_id = active_order(w)
    return (
        "agency",
        lambda: w.raw("agency").agency.cancel_order(order_id),
        {"orderId": order_id, "state": 2},
    )


@scenario("OrderEscrowNotOrderAgency")
def _(w: World) -> Any:
    order_id = w.direct_order()
    return (
        "agency2",
        lambda: w.raw("agency2").agency.cancel_order(order_id),
        {"orderId": order_id, "account": w.address("agency2")},
    )


@scenario("OrderEscrowNotOrderSupplier")
def _(w: World) -> Any:
    order_id = w.direct_order()
    w.agency.agency.approve_escrow(order_id)
    return (
        "supplier2",
        lambda: w.raw("supplier2").supplier.accept_order(order_id),
        {"orderId": order_id, "account": w.address("supplier2")},
    )


@scenario("OrderEscrowNotOrderParty")
def _(w: World) -> Any:
    order_id = active_order(w)
    return (
        "supplier2",
        lambda: w.raw("supplier2").supplier.open_dispute(order_id),
        {"orderId": order_id, "account": w.address("supplier2")},
    )


@scenario("OrderEscrowInsufficientAllowance")
def _(w: World) -> Any:
    order_id = w.direct_order()
    return (
        "supplier",
        lambda: w.raw("supplier").supplier.accept_order(order_id),
        {"agency": w.address("agency"), "allowanceIdr": 0, "neededIdr": 10_000_000},
    )


@scenario("OrderEscrowInsufficientBalance")
def _(w: World) -> Any:
    w.governor.governor.set_policy(direct_purchase_ceiling_idr=30_000_000_000)
    order_id = w.direct_order([goods_line("bridge steel", 25, 1_000_000_000)])
    w.agency.agency.approve_escrow(order_id)
    return (
        "supplier",
        lambda: w.raw("supplier").supplier.accept_order(order_id),
        {"balanceIdr": 20_000_000_000, "neededIdr": 25_000_000_000},
    )


@scenario("OrderEscrowShipmentNotArrived")
def _(w: World) -> Any:
    shipment_id = w.shipment(active_order(w), [100])
    return (
        "agency",
        lambda: w.raw("agency").agency.confirm_delivery(shipment_id, [100]),
        {"shipmentId": shipment_id, "status": 1},
    )


@scenario("OrderEscrowShipmentAlreadyConfirmed")
def _(w: World) -> Any:
    shipment_id = arrived_shipment(w, active_order(w), [40])
    w.agency.agency.confirm_delivery(shipment_id)
    return (
        "agency",
        lambda: w.raw("agency").agency.confirm_delivery(shipment_id, [40]),
        {"shipmentId": shipment_id},
    )


@scenario("OrderEscrowLineCountMismatch")
def _(w: World) -> Any:
    shipment_id = arrived_shipment(w, active_order(w), [40])
    return (
        "agency",
        lambda: w.raw("agency").agency.confirm_delivery(shipment_id, [40, 0]),
        {"shipmentId": shipment_id, "quantityCount": 2, "lineCount": 1},
    )


@scenario("OrderEscrowReceivedExceedsShipped")
def _(w: World) -> Any:
    shipment_id = arrived_shipment(w, active_order(w), [40])
    return (
        "agency",
        lambda: w.raw("agency").agency.confirm_delivery(shipment_id, [41]),
        {"lineIndex": 0, "receivedQuantity": 41, "shippedQuantity": 40},
    )


@scenario("OrderEscrowReceivedExceedsRemaining")
def _(w: World) -> Any:
    order_id = active_order(w)
    first = arrived_shipment(w, order_id, [100])
    second = arrived_shipment(w, order_id, [100])
    w.agency.agency.confirm_delivery(first, [70])
    return (
        "agency",
        lambda: w.raw("agency").agency.confirm_delivery(second, [31]),
        {"lineIndex": 0, "receivedQuantity": 31, "remainingQuantity": 30},
    )


@scenario("OrderEscrowMilestoneLineInShipment")
def _(w: World) -> Any:
    order_id = milestone_order(w)
    shipment_id = w.shipment(order_id, [10, 1], supplier="contractor")
    w.arrive(shipment_id)
    return (
        "agency",
        lambda: w.raw("agency").agency.confirm_delivery(shipment_id, [10, 1]),
        {"shipmentId": shipment_id, "lineIndex": 1},
    )


@scenario("OrderEscrowNotMilestoneLine")
def _(w: World) -> Any:
    order_id = milestone_order(w)
    return (
        "agency",
        lambda: w.raw("agency").agency.confirm_milestone(order_id, 0),
        {"orderId": order_id, "lineIndex": 0},
    )


@scenario("OrderEscrowUnknownLine")
def _(w: World) -> Any:
    order_id = milestone_order(w)
    return (
        "agency",
        lambda: w.raw("agency").agency.confirm_milestone(order_id, 5),
        {"orderId": order_id, "lineIndex": 5},
    )


@scenario("OrderEscrowMilestoneAlreadyConfirmed")
def _(w: World) -> Any:
    order_id = milestone_order(w)
    w.agency.agency.confirm_milestone(order_id, 1, b"BAST foundation")
    return (
        "agency",
        lambda: w.raw("agency").agency.confirm_milestone(order_id, 1),
        {"orderId": order_id, "lineIndex": 1},
    )


@scenario("OrderEscrowTerminationTooEarly")
def _(w: World) -> Any:
    order_id = active_order(w)
    terminable = w.agency.terminable_at(order_id)
    return (
        "agency",
        lambda: w.raw("agency").agency.terminate_order(order_id),
        {"orderId": order_id, "terminableAt": terminable},
    )


@scenario("OrderEscrowMaintenancePeriodRunning")
def _(w: World) -> Any:
    order_id = delivered_order(w)
    release_at = int(w.agency.order(order_id).retention_release_at.timestamp())  # type: ignore[union-attr]
    return (
        "supplier",
        lambda: w.raw("supplier").supplier.release_retention(order_id),
        {"orderId": order_id, "retentionReleaseAt": release_at},
    )


@scenario("OrderEscrowDisputeOpen")
def _(w: World) -> Any:
    order_id = active_order(w)
    w.supplier.supplier.open_dispute(order_id, b"late payment")
    return (
        "agency",
        lambda: w.raw("agency").agency.open_dispute(order_id),
        {"orderId": order_id},
    )


@scenario("OrderEscrowNoOpenDispute")
def _(w: World) -> Any:
    order_id = active_order(w)
    return (
        "arbiter",
        lambda: w.raw("arbiter").arbiter.resolve_dispute(order_id, 1, 0),
        {"orderId": order_id},
    )


@scenario("OrderEscrowRulingMismatch")
def _(w: World) -> Any:
    order_id = active_order(w)
    w.agency.agency.open_dispute(order_id, b"wrong goods")
    w.supplier.supplier.respond_to_dispute(order_id, b"right goods")
    return (
        "arbiter",
        lambda: w.raw("arbiter").arbiter.resolve_dispute(order_id, 1, 1),
        {"orderId": order_id, "rulingTotalIdr": 2, "heldIdr": 10_000_000},
    )


@scenario("OrderEscrowResponseWindowOpen")
def _(w: World) -> Any:
    order_id = active_order(w)
    w.agency.agency.open_dispute(order_id, b"wrong goods")
    respond_by = int(w.agency.dispute_window(order_id).respond_by.timestamp())  # type: ignore[union-attr]
    return (
        "arbiter",
        lambda: w.raw("arbiter").arbiter.resolve_dispute(order_id, 0, 10_000_000),
        {"orderId": order_id, "respondByAt": respond_by},
    )


@scenario("OrderEscrowNotDisputeRespondent")
def _(w: World) -> Any:
    order_id = active_order(w)
    w.agency.agency.open_dispute(order_id, b"wrong goods")
    return (
        "agency",
        lambda: w.raw("agency").agency.respond_to_dispute(order_id, b"me again"),
        {"orderId": order_id, "account": w.address("agency")},
    )


@scenario("OrderAdendumCapExceeded")
def _(w: World) -> Any:
    order_id = active_order(w)  # Rp 10,000,000: the cap is Rp 11,000,000
    deadline = int(w.agency.order(order_id).delivery_deadline_at.timestamp())
    return (
        "agency",
        lambda: w.raw("agency").agency.sign_adendum(order_id, [120], deadline, b"more"),
        {"orderId": order_id, "newTotalIdr": 12_000_000, "capIdr": 11_000_000},
    )


@scenario("OrderAdendumNoChange")
def _(w: World) -> Any:
    order_id = active_order(w)
    deadline = int(w.agency.order(order_id).delivery_deadline_at.timestamp())
    return (
        "supplier",
        lambda: w.raw("supplier").supplier.sign_adendum(order_id, [100], deadline, b"same"),
        {"orderId": order_id},
    )


@scenario("OrderEscrowDisputeAlreadyResponded")
def _(w: World) -> Any:
    order_id = active_order(w)
    w.agency.agency.open_dispute(order_id, b"wrong goods")
    w.supplier.supplier.respond_to_dispute(order_id, b"first")
    return (
        "supplier",
        lambda: w.raw("supplier").supplier.respond_to_dispute(order_id, b"second"),
        {"orderId": order_id},
    )


@scenario("RegistryRoleKindMismatch")
def _(w: World) -> Any:
    return (
        "governor",
        lambda: w.raw("governor").governor.grant_role(Role.CARRIER, w.address("supplier")),
        {
            "account": w.address("supplier"),
            "role": Role.CARRIER.role_id,
            "orgId": SUPPLIER_ORG,
            "kind": 3,
        },
    )


@scenario("RegistryInvalidPayoutAccount")
def _(w: World) -> Any:
    return (
        "governor",
        lambda: w.raw("governor").governor.set_payout_account(AGENCY_ORG, ZERO_ADDRESS),
        {"orgId": AGENCY_ORG, "account": ZERO_ADDRESS},
    )


@scenario("OrderEscrowConfirmationWindowOpen")
def _(w: World) -> Any:
    order_id = active_order(w)
    shipment_id = w.shipment(order_id, [100])
    arrived_at = int(w.arrive(shipment_id).event("ShipmentArrived")["arrivedAt"])
    return (
        "supplier",
        lambda: w.raw("supplier").supplier.escalate_unconfirmed(shipment_id),
        {"shipmentId": shipment_id, "escalableAt": arrived_at + 7 * DAY},
    )


@scenario("OrderEscrowArrivalUnconfirmed")
def _(w: World) -> Any:
    order_id = active_order(w)
    shipment_id = arrived_shipment(w, order_id, [50])
    w.move_to(w.agency.terminable_at(order_id))
    return (
        "agency",
        lambda: w.raw("agency").agency.terminate_order(order_id),
        {"orderId": order_id, "shipmentId": shipment_id},
    )


@scenario("OrderEscrowMilestonesAwaitingAcceptance")
def _(w: World) -> Any:
    order_id = milestone_order(w)
    w.contractor.supplier.submit_milestone(order_id, 1, b"foundation report")
    w.move_to(w.agency.terminable_at(order_id))
    return (
        "agency",
        lambda: w.raw("agency").agency.terminate_order(order_id),
        {"orderId": order_id, "count": 1},
    )


@scenario("OrderEscrowMilestoneNotSubmitted")
def _(w: World) -> Any:
    order_id = milestone_order(w)
    return (
        "contractor",
        lambda: w.raw("contractor").supplier.claim_deemed_milestone(order_id, 1),
        {"orderId": order_id, "lineIndex": 1},
    )


@scenario("OrderEscrowMilestoneAlreadySubmitted")
def _(w: World) -> Any:
    order_id = milestone_order(w)
    w.contractor.supplier.submit_milestone(order_id, 1, b"foundation report")
    return (
        "contractor",
        lambda: w.raw("contractor").supplier.submit_milestone(order_id, 1, b"again"),
        {"orderId": order_id, "lineIndex": 1},
    )


@scenario("OrderEscrowReviewWindowOpen")
def _(w: World) -> Any:
    order_id = milestone_order(w)
    submitted = w.contractor.supplier.submit_milestone(order_id, 1, b"foundation report")
    ends = int(submitted.event("MilestoneSubmitted")["reviewEndsAt"])
    return (
        "contractor",
        lambda: w.raw("contractor").supplier.claim_deemed_milestone(order_id, 1),
        {"orderId": order_id, "lineIndex": 1, "reviewEndsAt": ends},
    )


@scenario("OrderEscrowReviewWindowClosed")
def _(w: World) -> Any:
    order_id = milestone_order(w)
    submitted = w.contractor.supplier.submit_milestone(order_id, 1, b"foundation report")
    ends = int(submitted.event("MilestoneSubmitted")["reviewEndsAt"])
    w.move_to(ends)
    return (
        "agency",
        lambda: w.raw("agency").agency.reject_milestone(order_id, 1, b"cracked"),
        {"orderId": order_id, "lineIndex": 1, "reviewEndsAt": ends},
    )


# ------------------------------------------------------------------------------------- tracking


@scenario("ShipmentTrackingUnknownShipment")
def _(w: World) -> Any:
    return (
        "carrier",
        lambda: w.raw("carrier").carrier.record_checkpoint(999, "picked_up", "IDTPP"),
        {"shipmentId": 999},
    )


@scenario("ShipmentTrackingNotOrderSupplier")
def _(w: World) -> Any:
    order_id = active_order(w)
    return (
        "supplier2",
        lambda: w.raw("supplier2").supplier.register_shipment(
            order_id, [1], w.address("carrier"), w.now() + DAY
        ),
        {"orderId": order_id, "caller": w.address("supplier2"), "supplier": w.address("supplier")},
    )


def _register(w: World, order_id: int, quantities: list[int], arrival: int | None = None) -> Any:
    when = w.now() + DAY if arrival is None else arrival
    return lambda: w.raw("supplier").supplier.register_shipment(
        order_id, quantities, w.address("carrier"), when
    )


@scenario("ShipmentTrackingOrderNotActive")
def _(w: World) -> Any:
    order_id = w.direct_order()
    return "supplier", _register(w, order_id, [1]), {"orderId": order_id, "state": 1}


@scenario("ShipmentTrackingOrderDisputed")
def _(w: World) -> Any:
    order_id = active_order(w)
    w.agency.agency.open_dispute(order_id)
    return "supplier", _register(w, order_id, [1]), {"orderId": order_id}


@scenario("ShipmentTrackingInvalidQuantities")
def _(w: World) -> Any:
    order_id = active_order(w)
    return (
        "supplier",
        _register(w, order_id, [1, 2]),
        {"orderId": order_id, "length": 2, "lineCount": 1},
    )


@scenario("ShipmentTrackingNothingShipped")
def _(w: World) -> Any:
    order_id = active_order(w)
    return "supplier", _register(w, order_id, [0]), {"orderId": order_id}


@scenario("ShipmentTrackingQuantityTooLarge")
def _(w: World) -> Any:
    order_id = active_order(w)
    return "supplier", _register(w, order_id, [2**64]), {"line": 0, "quantity": 2**64}


@scenario("ShipmentTrackingExpectedArrivalNotInFuture")
def _(w: World) -> Any:
    order_id = active_order(w)
    past = w.now() - 100
    return "supplier", _register(w, order_id, [1], past), {"expectedArrivalAt": past}


@scenario("ShipmentTrackingTooManyShipments")
def _(w: World) -> Any:
    order_id = active_order(w)
    raw = w.raw("supplier").supplier
    arrival, carrier = w.now() + 30 * DAY, w.address("carrier")
    for index in range(100):
        raw.register_shipment(order_id, [1], carrier, arrival, ref=f"SJ-{order_id}-{index}")
    return "supplier", _register(w, order_id, [1]), {"orderId": order_id, "maxShipments": 100}


def _checkpoint(w: World, who: str, shipment_id: int, **kwargs: Any) -> Any:
    kind = kwargs.pop("kind", "in_transit")
    location = kwargs.pop("location", "IDSRG")
    return lambda: w.raw(who).carrier.record_checkpoint(shipment_id, kind, location, **kwargs)


@scenario("ShipmentTrackingNotCustodian")
def _(w: World) -> Any:
    shipment_id = w.shipment(active_order(w), [1])
    return (
        "carrier2",
        _checkpoint(w, "carrier2", shipment_id),
        {"caller": w.address("carrier2"), "custodian": w.address("carrier")},
    )


@scenario("ShipmentTrackingAlreadyArrived")
def _(w: World) -> Any:
    shipment_id = arrived_shipment(w, active_order(w), [1])
    return "carrier", _checkpoint(w, "carrier", shipment_id), {"shipmentId": shipment_id}


@scenario("ShipmentTrackingInvalidCheckpointKind")
def _(w: World) -> Any:
    shipment_id = w.shipment(active_order(w), [1])
    return (
        "carrier",
        _checkpoint(w, "carrier", shipment_id, kind=CheckpointKind.NONE),
        {"shipmentId": shipment_id},
    )


@scenario("ShipmentTrackingMissingLocation")
def _(w: World) -> Any:
    shipment_id = w.shipment(active_order(w), [1])
    return (
        "carrier",
        _checkpoint(w, "carrier", shipment_id, location=""),
        {"shipmentId": shipment_id},
    )


@scenario("ShipmentTrackingInvalidCoordinates")
def _(w: World) -> Any:
    shipment_id = w.shipment(active_order(w), [1])
    return (
        "carrier",
        _checkpoint(w, "carrier", shipment_id, latitude_e6=91_000_000, longitude_e6=5),
        {"latitudeE6": 91_000_000, "longitudeE6": 5},
    )


@scenario("ShipmentTrackingCheckpointInFuture")
def _(w: World) -> Any:
    shipment_id = w.shipment(active_order(w), [1])
    future = w.now() + DAY
    return (
        "carrier",
        _checkpoint(w, "carrier", shipment_id, occurred_at=future),
        {"occurredAt": future},
    )


@scenario("ShipmentTrackingCheckpointBeforeRegistration")
def _(w: World) -> Any:
    shipment_id = w.shipment(active_order(w), [1])
    too_early = w.now() - 2 * DAY
    return (
        "carrier",
        _checkpoint(w, "carrier", shipment_id, occurred_at=too_early),
        {"shipmentId": shipment_id, "occurredAt": too_early},
    )


@scenario("ShipmentTrackingCustodianActive")
def _(w: World) -> Any:
    shipment_id = w.shipment(active_order(w), [1])
    return (
        "supplier",
        lambda: w.raw("supplier").supplier.reassign_custody(shipment_id, w.address("carrier2")),
        {"shipmentId": shipment_id, "custodian": w.address("carrier")},
    )


@scenario("ShipmentTrackingCheckpointOutOfOrder")
def _(w: World) -> Any:
    shipment_id = w.shipment(active_order(w), [1])
    first = w.now()
    w.carrier.carrier.record_checkpoint(shipment_id, "picked_up", "IDTPP", occurred_at=first)
    return (
        "carrier",
        _checkpoint(w, "carrier", shipment_id, occurred_at=first - 60),
        {"occurredAt": first - 60, "previousOccurredAt": first},
    )


@scenario("ShipmentTrackingDuplicateShipmentRef")
def _(w: World) -> Any:
    order_id = active_order(w)
    carrier, arrival = w.address("carrier"), w.now() + DAY
    first = w.supplier.supplier.register_shipment(order_id, [1], carrier, arrival, ref="SJ-dup")
    return (
        "supplier",
        lambda: w.raw("supplier").supplier.register_shipment(
            order_id, [1], carrier, arrival + 60, ref="SJ-dup"
        ),
        {"orgId": SUPPLIER_ORG, "shipmentId": first.shipment_id},
    )


@scenario("ShipmentTrackingDuplicateCheckpointRef")
def _(w: World) -> Any:
    shipment_id = w.shipment(active_order(w), [1])
    w.carrier.carrier.record_checkpoint(shipment_id, "picked_up", "IDTPP", ref="SCAN-dup")
    return (
        "carrier",
        _checkpoint(w, "carrier", shipment_id, ref="SCAN-dup"),
        {"shipmentId": shipment_id, "index": 0},
    )


@scenario("ShipmentTrackingInvalidNominee")
def _(w: World) -> Any:
    shipment_id = w.shipment(active_order(w), [1])
    return (
        "carrier",
        lambda: w.raw("carrier").carrier.nominate_custodian(shipment_id, w.address("carrier")),
        {"shipmentId": shipment_id, "nominee": w.address("carrier")},
    )


@scenario("ShipmentTrackingNotNominee")
def _(w: World) -> Any:
    shipment_id = w.shipment(active_order(w), [1])
    return (
        "carrier2",
        lambda: w.raw("carrier2").carrier.accept_custody(shipment_id),
        {"caller": w.address("carrier2"), "nominee": ZERO_ADDRESS},
    )


# ------------------------------------------------------------------------------------- tests


def test_scenarios_and_unreachable_errors_cover_every_contract_error() -> None:
    covered = set(SCENARIOS) | set(UNREACHABLE)
    assert not set(SCENARIOS) & set(UNREACHABLE)
    assert covered == set(BY_NAME), {
        "without a scenario": sorted(set(BY_NAME) - covered),
        "unknown": sorted(covered - set(BY_NAME)),
    }


@pytest.mark.parametrize("error", sorted(SCENARIOS))
def test_contract_error_surfaces_as_its_typed_exception(world: World, error: str) -> None:
    actor, action, expected = SCENARIOS[error](world)
    client = world.raw(actor)
    nonce = client.w3.eth.get_transaction_count(client.require_signer())
    with pytest.raises(ContractError) as caught:
        action()
    raised = caught.value
    assert type(raised) is BY_NAME[error], f"expected {error}, got {raised!r}"
    for name, value in expected.items():
        assert raised.arguments[name] == value, (name, raised.arguments)
        assert getattr(raised, snake(name)) == value
    assert str(raised).startswith(f"{error}(")
    assert client.w3.eth.get_transaction_count(client.require_signer()) == nonce, "a tx was sent"

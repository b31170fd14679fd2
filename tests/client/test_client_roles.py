"""Each role view's steps with their results and events, and the reads of the client."""

from datetime import timedelta
from typing import Any

import pytest

import py_client.core
from py_client import CheckpointKind, OrderState, OrgKind, Role, TenderStatus
from py_client.errors import HistoryMismatch, UnknownReference
from py_client.hashing import document_hash
from py_client.models import OrderReport, ShipmentReport, TenderReport
from tests.support.client import (
    BOND_IDR,
    DAY,
    HPS_IDR,
    World,
    active_order,
    arrived_shipment,
    committed,
    goods_line,
    milestone_order,
)
from tests.support.constants import AGENCY2_ORG, AGENCY_ORG, FISCAL_YEAR, SUPPLIER_ORG

NEW_ORG = 70


# ------------------------------------------------------------------------------------- governor


def test_governor_registers_an_organisation_and_its_account(world: World) -> None:
    gov = world.governor.governor
    newcomer = world.address("outsider")
    registered = gov.register_organisation(NEW_ORG, "carrier", b"profile v1").event(
        "OrganisationRegistered"
    )
    assert (registered["orgId"], registered["kind"]) == (NEW_ORG, OrgKind.CARRIER)
    assert registered["metadataHash"] == document_hash(b"profile v1")
    updated = gov.update_organisation_metadata(NEW_ORG, b"profile v2").event(
        "OrganisationMetadataUpdated"
    )
    assert updated["metadataHash"] == document_hash(b"profile v2")
    assert gov.add_account(newcomer, NEW_ORG).event("AccountAdded")["orgId"] == NEW_ORG
    granted = gov.grant_role(Role.CARRIER, newcomer).event("RoleGranted")
    assert (granted["role"], granted["account"]) == (Role.CARRIER.role_id, newcomer)
    me = world.outsider.whoami()
    assert (me.org_id, me.org_kind, me.roles) == (
        NEW_ORG,
        OrgKind.CARRIER,
        frozenset({Role.CARRIER}),
    )
    assert me.metadata_hash == document_hash(b"profile v2")
    assert gov.revoke_role("carrier", newcomer).event("RoleRevoked")["account"] == newcomer
    gov.grant_role("CARRIER_ROLE", newcomer)
    removed = gov.remove_account(newcomer)
    assert removed.event_names[:2] == ["AccountRemoved", "RoleRevoked"]
    assert world.governor.participant(newcomer).org_id == 0


def test_governor_suspends_and_reinstates(world: World) -> None:
    gov = world.governor.governor
    assert gov.suspend_organisation(SUPPLIER_ORG, b"blacklist").event("OrganisationSuspended")
    assert world.supplier.whoami().suspended
    assert (
        gov.reinstate_organisation(SUPPLIER_ORG).event("OrganisationReinstated")["orgId"]
        == SUPPLIER_ORG
    )
    assert not world.supplier.whoami().suspended


def test_governor_sets_policy_values_one_transaction_each(world: World) -> None:
    results = world.governor.governor.set_policy(
        min_tender_period=timedelta(days=7), retention_bps=1_000, direct_purchase_ceiling_idr=1
    )
    changed = [r.event("PolicyChanged") for r in results]
    assert [c["parameter"].rstrip(b"\0") for c in changed] == [
        b"minTenderPeriodSec",
        b"retentionBps",
        b"directPurchaseCeilingIdr",
    ]
    assert [c["newValue"] for c in changed] == [7 * DAY, 1_000, 1]
    policy = world.auditor.policy()
    assert policy.min_tender_period == timedelta(days=7)
    assert (policy.retention_bps, policy.direct_purchase_ceiling_idr) == (1_000, 1)


def test_governor_pauses_and_unpauses(world: World) -> None:
    assert world.governor.governor.pause().event_names == ["Paused"]
    assert world.agency.whoami().paused
    assert world.governor.governor.unpause().event_names == ["Unpaused"]
    assert not world.agency.whoami().paused


# ------------------------------------------------------------------------------------- treasury


def test_treasury_allocates_budget_and_mints(world: World) -> None:
    treasury = world.treasury.treasury
    allocated = treasury.allocate_budget(AGENCY2_ORG, 2027, 7_000_000).event("BudgetAllocated")
    assert (allocated["agencyOrgId"], allocated["fiscalYear"], allocated["ceilingIdr"]) == (
        AGENCY2_ORG,
        2027,
        7_000_000,
    )
    budget = world.auditor.budget(AGENCY2_ORG, 2027)
    assert (budget.ceiling_idr, budget.committed_idr, budget.available_idr) == (
        7_000_000,
        0,
        7_000_000,
    )
    minted = treasury.mint(world.address("carrier"), 12_345)
    assert minted.event_names == ["Transfer", "RupiahMinted"]
    assert minted.event("RupiahMinted").contract == "RupiahToken"
    assert world.auditor.balance(world.address("carrier")) == 12_345


# ------------------------------------------------------------------------------------- agency


def test_open_tender_result_and_reads(world: World) -> None:
    tender_id = world.open_tender()
    opened = world.agency.status(f"ocds-rantai-{world.agency.chain_id}-T{tender_id}")
    assert isinstance(opened, TenderReport)
    tender = opened.tender
    assert (tender.agency, tender.agency_org_id, tender.fiscal_year) == (
        world.address("agency"),
        AGENCY_ORG,
        FISCAL_YEAR,
    )
    assert (tender.status, tender.bid_count, tender.winner, tender.order_id) == (
        TenderStatus.OPEN,
        0,
        None,
        None,
    )
    assert tender.bid_deadline_at.tzinfo is not None
    assert tender.spec_hash == document_hash(b"spec: 100 laptops, 20 printers")
    assert world.agency.budget(AGENCY_ORG, FISCAL_YEAR).committed_idr == HPS_IDR
    assert world.agency.tender_count() == tender_id


def test_tx_result_carries_hash_block_gas_and_decoded_events(world: World) -> None:
    now = world.now()
    result = world.agency.agency.open_tender(
        spec=b"x",
        spec_uri="u",
        items=[py_client.Item(b"\x01" * 32, 1)],
        hps_idr=5,
        bid_deadline_at=now + 4 * DAY,
        reveal_deadline_at=now + 5 * DAY,
        fiscal_year=FISCAL_YEAR,
    )
    assert result.tx_hash.startswith("0x")
    assert len(result.tx_hash) == 66
    assert result.block_number == world.agency.w3.eth.block_number
    assert result.gas_used > 21_000
    assert [(e.name, e.contract) for e in result.events] == [
        ("TenderOpened", "Tendering"),
        ("BudgetCommitted", "Registry"),
    ]
    assert result.event("TenderOpened")["params"]["items"][0]["quantity"] == 1
    with pytest.raises(LookupError):
        result.event("TenderAwarded")


def test_disqualification_raises_red_flags(world: World) -> None:
    tender_id = world.revealed_tender({"supplier": 800_000_000, "supplier2": 900_000_000})
    disqualified = world.agency.agency.disqualify_bid(
        tender_id, world.address("supplier"), b"fake permit"
    )
    assert disqualified.event("BidDisqualified")["reasonHash"] == document_hash(b"fake permit")
    world.to_finalise(tender_id)
    world.agency.agency.finalise_tender(tender_id)
    flags = {f.code: f for f in world.auditor.auditor.red_flags(tender_id)}
    assert set(flags) == {"R018", "R035", "R036"}
    assert flags["R036"].bidder == world.address("supplier")
    assert flags["R036"].description == "the lowest bid was disqualified"
    award = world.auditor.award(tender_id)
    assert award is not None
    assert (award.supplier, award.price_idr) == (world.address("supplier2"), 900_000_000)


def test_tender_without_valid_bid_fails_and_forfeits_unrevealed_bonds(world: World) -> None:
    tender_id = committed(world)
    world.to_finalise(tender_id)
    result = world.supplier2.supplier.finalise_tender(tender_id)
    assert result.event("TenderFailed")["bidCount"] == 1
    assert result.event("BondForfeited")["amountIdr"] == BOND_IDR
    assert world.auditor.tender(tender_id).status == TenderStatus.FAILED
    assert world.auditor.award(tender_id) is None


def test_cancel_tender_refunds_bonds_and_budget(world: World) -> None:
    tender_id = committed(world)
    result = world.agency.agency.cancel_tender(tender_id, b"budget revision")
    assert result.event_names == ["TenderCancelled", "BondRefunded", "BudgetReleased", "Transfer"]
    assert world.agency.budget(AGENCY_ORG, FISCAL_YEAR).committed_idr == 0


def test_cancel_order_before_acceptance(world: World) -> None:
    order_id = world.direct_order()
    result = world.agency.agency.cancel_order(order_id, b"duplicate")
    assert result.event("OrderCancelled")["releasedBudgetIdr"] == 10_000_000
    assert world.agency.order(order_id).state == OrderState.CANCELLED


def test_milestone_confirmation_pays_the_contractor(world: World) -> None:
    order_id = milestone_order(world)
    lines = world.agency.lines(order_id)
    assert lines[1].is_milestone
    assert lines[1].due_at is not None
    result = world.agency.agency.confirm_milestone(order_id, 1, b"BAST foundation")
    assert result.event("MilestoneConfirmed")["valueIdr"] == 50_000_000
    payment = result.event("PaymentReleased")
    assert (payment["paidIdr"], payment["retentionIdr"]) == (47_500_000, 2_500_000)


def test_terminate_order_refunds_the_undelivered_value(world: World) -> None:
    order_id = active_order(world)
    world.move_to(world.agency.terminable_at(order_id))
    before = world.agency.balance()
    result = world.agency.agency.terminate_order(order_id, b"supplier vanished")
    assert result.event("OrderTerminated")["refundedIdr"] == 10_000_000
    assert world.agency.balance() == before + 10_000_000
    assert world.agency.order(order_id).state == OrderState.TERMINATED


def test_agency_opens_a_dispute_and_the_arbiter_rules(world: World) -> None:
    order_id = active_order(world)
    assert world.auditor.dispute(order_id) is None
    opened = world.agency.agency.open_dispute(order_id, b"wrong goods").event("DisputeOpened")
    assert opened["openedBy"] == world.address("agency")
    dispute = world.auditor.dispute(order_id)
    assert dispute is not None
    assert (dispute.resolved, dispute.shipment_id) == (False, None)
    assert world.auditor.order(order_id).disputed
    world.supplier.supplier.respond_to_dispute(order_id, b"response")
    world.arbiter.arbiter.resolve_dispute(order_id, 0, 10_000_000, b"ruling")
    assert world.auditor.dispute(order_id).resolved  # type: ignore[union-attr]


# ------------------------------------------------------------------------------------- others


def test_any_member_publishes_an_encryption_key(world: World) -> None:
    key = bytes(range(65))
    result = world.carrier.carrier.publish_encryption_key(key)
    assert result.event("EncryptionKeyPublished")["publicKey"] == key
    assert world.auditor.participant(world.address("carrier")).encryption_key == key


def test_shipment_read_model(world: World) -> None:
    order_id = active_order(world)
    shipment_id = arrived_shipment(world, order_id, [30])
    report = world.auditor.status(f"shipment:{shipment_id}")
    assert isinstance(report, ShipmentReport)
    shipment = report.shipment
    assert (shipment.order_id, shipment.quantities, shipment.confirmed) == (order_id, (30,), False)
    assert shipment.origin is not None
    assert (shipment.origin.country_code, shipment.origin.region) == ("ID", "ID-JT")
    assert shipment.arrived_at is not None
    assert [c.kind for c in report.checkpoints] == [CheckpointKind.ARRIVED]
    assert world.auditor.shipments_of(order_id) == [shipment_id]
    order_report = world.auditor.status(f"ocds-rantai-{world.auditor.chain_id}-PO{order_id}")
    assert isinstance(order_report, OrderReport)
    assert order_report.order.is_direct


def test_checkpoint_history_is_proven_against_the_stored_head(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipment_id = world.shipment(active_order(world), [1])
    for kind in ("picked_up", "in_transit", "arrived"):
        world.carrier.carrier.record_checkpoint(shipment_id, kind, "IDTPP")
    monkeypatch.setattr(py_client.core, "LOG_CHUNK_BLOCKS", 2)  # many small log queries
    assert len(world.auditor.checkpoints(shipment_id)) == 3
    real_logs = world.auditor.logs

    def dropping_one(*args: Any, **kwargs: Any) -> Any:
        events = real_logs(*args, **kwargs)
        return events[:1] + events[2:]

    monkeypatch.setattr(world.auditor, "logs", dropping_one)
    with pytest.raises(HistoryMismatch, match="checkpoint 1 is missing"):
        world.auditor.checkpoints(shipment_id)


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("tender-one", "not a reference"),
        ("ocds-rantai-1-T1", "not an ocid of this deployment"),
        ("ocds-other-{chain}-T1", "not an ocid of this deployment"),
        ("tender:999", "TenderingUnknownTender"),
        ("order:999", "OrderEscrowUnknownOrder"),
        ("shipment:999", "ShipmentTrackingUnknownShipment"),
    ],
)
def test_status_of_a_bad_reference_is_a_clear_error(world: World, ref: str, message: str) -> None:
    with pytest.raises(UnknownReference, match=message):
        world.auditor.status(ref.format(chain=world.auditor.chain_id))


def test_references_parse_in_several_spellings(world: World) -> None:
    chain_id = world.auditor.chain_id
    parse = world.auditor.parse_reference
    assert parse(f"ocds-rantai-{chain_id}-PO12") == ("order", 12)
    assert parse("T3") == ("tender", 3)
    assert parse("order:4") == ("order", 4)
    assert parse("Shipment #5") == ("shipment", 5)
    assert parse("s6") == ("shipment", 6)


def test_goods_line_value() -> None:
    line = goods_line("rice", 3, 7)
    assert (line.value_idr, line.remaining_quantity, line.is_milestone) == (21, 3, False)


def test_approvals_for_bond_and_escrow(world: World) -> None:
    tender_id = world.open_tender()
    bond = world.supplier.supplier.approve_bond(tender_id).event("Approval")
    assert (bond["spender"], bond["value"]) == (world.supplier.tendering.address, BOND_IDR)
    order_id = world.direct_order()
    escrow = world.agency.agency.approve_escrow(order_id).event("Approval")
    assert (escrow["owner"], escrow["spender"]) == (
        world.address("agency"),
        world.agency.escrow.address,
    )
    assert escrow["value"] == world.agency.order(order_id).total_idr
    assert (
        world.agency.allowance(world.address("agency"), world.agency.escrow.address) == 10_000_000
    )

"""OrderEscrow: purchase orders with on-chain escrow (DESIGN section 5, "Order and escrow").

Runs against the real Registry, RupiahToken, Tendering and ShipmentTracking of the shared
fixtures. Payments are checked against the Python model in `tests/support/escrow.py`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import ape
import pytest
from tests.support.constants import (
    ACCESS_CALLERS,
    AGENCY_ORG,
    ARBITER_ORG,
    GOVERNANCE_ORG,
    OCID_PREFIX,
    SUPPLIER_ORG,
)
from tests.support.escrow import (
    DAY,
    FISCAL_YEAR,
    MILESTONE,
    NO_REF,
    EscrowDriver,
    OrderState,
    Terms,
    b32,
    days_late,
    error_data,
    goods_line,
    lines_total,
    milestone_line,
    payment_split,
    simulated_deploy_revert,
    simulated_revert,
    terminable_at,
)
from tests.support.reverts import reverts_with

DEFAULT_TOTAL_IDR = 20_000_000  # 10 x 1,000,000 + 5 x 2,000,000, the driver's default order


@pytest.fixture
def fresh_escrow(project: Any, registry: Any, token: Any, tendering: Any, governor: Any) -> Any:
    """An OrderEscrow of its own, wired like the shared one but without ShipmentTracking."""
    contract = project.OrderEscrow.deploy(registry, token, tendering, OCID_PREFIX, sender=governor)
    registry.grantRole(registry.BUDGET_SPENDER_ROLE(), contract, sender=governor)
    registry.grantRole(registry.ESCROW_ROLE(), contract, sender=governor)
    return contract


def set_terms(registry: Any, governor: Any, terms: Terms) -> None:
    registry.setRetentionBps(terms.retention_bps, sender=governor)
    registry.setPenaltyPerMillePerDay(terms.penalty_per_mille_per_day, sender=governor)
    registry.setPenaltyCapBps(terms.penalty_cap_bps, sender=governor)
    registry.setConfirmationWindow(terms.confirmation_window_sec, sender=governor)


def committed(registry: Any, org_id: int = AGENCY_ORG) -> int:
    return int(registry.budget(org_id, FISCAL_YEAR).committedIdr)


def at_the_edge(
    d: EscrowDriver,
    edge: int,
    offset_sec: int,
    call: Callable[[], Any],
    error: Any,
    arguments: dict[str, Any],
) -> Any:
    """At `edge + offset_sec`, `call`: before the edge it reverts with `error` and `arguments`
    (returns None); from the edge on it passes (returns its receipt)."""
    d.at(edge + offset_sec)
    if offset_sec < 0:
        with reverts_with(error, **arguments):
            call()
        return None
    return call()


# ------------------------------------------------------------------------------------ wiring


@pytest.mark.parametrize("zero_index", [0, 1, 2])
def test_constructor_with_zero_address_reverts_with_OrderEscrowZeroAddress(
    project: Any,
    registry: Any,
    token: Any,
    tendering: Any,
    governor: Any,
    chain: Any,
    zero_index: int,
) -> None:
    wiring = [registry.address, token.address, tendering.address]
    wiring[zero_index] = "0x0000000000000000000000000000000000000000"
    revert = simulated_deploy_revert(chain, project.OrderEscrow, [*wiring, OCID_PREFIX], governor)
    assert revert == error_data(project.OrderEscrow, "OrderEscrowZeroAddress")
    deployed = simulated_deploy_revert(
        chain,
        project.OrderEscrow,
        [*[c.address for c in (registry, token, tendering)], OCID_PREFIX],
        governor,
    )
    assert deployed == b""


def test_views_expose_the_wiring_and_bounds(
    system: dict[str, Any], escrow: Any, registry: Any, token: Any, tendering: Any, tracking: Any
) -> None:
    assert escrow.registry() == registry.address
    assert escrow.token() == token.address
    assert escrow.tendering() == tendering.address
    assert escrow.shipmentTracking() == tracking.address
    assert escrow.MAX_LINES() == 50
    assert escrow.MAX_MAINTENANCE_PERIOD_SEC() == 10 * 365 * DAY
    assert escrow.orderCount() == 0


def test_set_shipment_tracking_wires_once_and_emits_ShipmentTrackingSet(
    fresh_escrow: Any, tracking: Any, governor: Any
) -> None:
    receipt = fresh_escrow.setShipmentTracking(tracking, sender=governor)
    assert fresh_escrow.shipmentTracking() == tracking.address
    [log] = receipt.decode_logs(fresh_escrow.ShipmentTrackingSet)
    assert log.shipmentTracking == tracking.address


def test_set_shipment_tracking_again_reverts_with_OrderEscrowShipmentTrackingAlreadySet(
    system: dict[str, Any], escrow: Any, tracking: Any, governor: Any
) -> None:
    with ape.reverts(
        escrow.OrderEscrowShipmentTrackingAlreadySet, shipmentTracking=tracking.address
    ):
        escrow.setShipmentTracking(tracking, sender=governor)


def test_set_shipment_tracking_to_zero_reverts_with_OrderEscrowZeroAddress(
    fresh_escrow: Any, governor: Any
) -> None:
    with ape.reverts(fresh_escrow.OrderEscrowZeroAddress):
        fresh_escrow.setShipmentTracking(
            "0x0000000000000000000000000000000000000000", sender=governor
        )


def test_set_shipment_tracking_by_agency_reverts_with_OrderEscrowUnauthorizedAccount(
    fresh_escrow: Any, tracking: Any, registry: Any, agency: Any
) -> None:
    with ape.reverts(
        fresh_escrow.OrderEscrowUnauthorizedAccount,
        account=agency.address,
        neededRole=registry.GOVERNOR_ROLE(),
    ):
        fresh_escrow.setShipmentTracking(tracking, sender=agency)


def _abi_signatures(contract_type: Any, names: set[str]) -> dict[str, tuple[str, list[str]]]:
    result = {}
    for abi in contract_type.abi:
        if getattr(abi, "type", None) == "function" and abi.name in names:
            result[abi.name] = (abi.selector, [str(o.canonical_type) for o in abi.outputs])
    return result


@pytest.mark.parametrize(
    ("local_interface", "real_interface", "names"),
    [
        ("ITenderAwards", "ITendering", {"award", "consumeAward", "acceptAward", "reopenAward"}),
        ("IShipmentSource", "IShipmentTracking", {"shipment", "shippedQuantities", "arrival"}),
        ("IOrderSource", "IOrderEscrow", {"orderSummary"}),
    ],
)
def test_cross_contract_interfaces_match_the_real_contracts_abi(
    project: Any, local_interface: str, real_interface: str, names: set[str]
) -> None:
    local = _abi_signatures(getattr(project, local_interface).contract_type, names)
    real = _abi_signatures(getattr(project, real_interface).contract_type, names)
    assert set(local) == names
    assert local == real


# ------------------------------------------------------------------------- direct orders


def test_create_direct_order_stores_lines_and_terms_commits_budget_and_emits_OrderCreated(
    driver: EscrowDriver, escrow: Any, registry: Any, agency: Any, supplier: Any, chain: Any
) -> None:
    lines = [goods_line(10, 1_000_000, "rice"), goods_line(5, 2_000_000, "oil")]
    deadline = driver.now() + 30 * DAY
    receipt = escrow.createDirectOrder(
        supplier, FISCAL_YEAR, lines, deadline, 90 * DAY, NO_REF, sender=agency
    )

    [created] = receipt.decode_logs(escrow.OrderCreated)
    assert created.orderId == 1
    assert created.agency == agency.address
    assert created.supplier == supplier.address
    assert created.ocid == f"{OCID_PREFIX}-{chain.chain_id}-PO1"
    assert (created.tenderId, created.fiscalYear, created.totalIdr) == (0, FISCAL_YEAR, 20_000_000)
    assert (created.lineCount, created.deliveryDeadlineAt) == (2, deadline)
    assert created.maintenancePeriodSec == 90 * DAY
    # Item hash, unit and origin are in the event only; the stored line keeps the payment terms.
    assert [tuple(line) for line in created.lines] == lines
    [terms] = receipt.decode_logs(escrow.OrderTermsFixed)
    assert (terms.orderId, terms.retentionBps, terms.penaltyPerMillePerDay) == (1, 500, 1)
    assert (terms.penaltyCapBps, terms.confirmationWindowSec) == (500, 7 * DAY)
    [commit] = receipt.decode_logs(registry.BudgetCommitted)
    assert (commit.agencyOrgId, commit.amountIdr) == (AGENCY_ORG, 20_000_000)
    assert committed(registry) == 20_000_000

    order = escrow.order(1)
    assert OrderState(order.state) is OrderState.CREATED
    assert (order.agency, order.agencyOrgId) == (agency.address, AGENCY_ORG)
    assert order.supplier == supplier.address
    assert (order.totalIdr, order.unpaidIdr, order.retentionHeldIdr, order.tenderId) == (
        20_000_000,
        0,
        0,
        0,
    )
    line, delivered = escrow.line(1, 1)
    assert (line.quantity, line.unitPriceIdr, line.dueAt, delivered) == (5, 2_000_000, 0, 0)
    summary = escrow.orderSummary(1)
    assert (summary.agency, summary.supplier) == (agency.address, supplier.address)
    assert summary.lineCount == 2
    assert (OrderState(summary.state), summary.disputed) == (OrderState.CREATED, False)
    assert escrow.heldIdr(1) == 0
    assert escrow.orderCount() == 1


def test_order_terms_do_not_change_when_the_policy_changes(
    driver: EscrowDriver, escrow: Any, registry: Any, governor: Any
) -> None:
    order_id = driver.create_direct()
    set_terms(registry, governor, Terms(2_000, 7, 1_000, 3 * DAY))
    order = escrow.order(order_id)
    assert (order.retentionBps, order.penaltyPerMillePerDay) == (500, 1)
    assert (order.penaltyCapBps, order.confirmationWindowSec) == (500, 7 * DAY)


@pytest.mark.parametrize("excess_idr", [0, 1])
def test_direct_order_above_ceiling_reverts_with_OrderEscrowDirectPurchaseCeilingExceeded(
    driver: EscrowDriver, escrow: Any, registry: Any, excess_idr: int
) -> None:
    ceiling = int(registry.policy().directPurchaseCeilingIdr)
    lines = [goods_line(1, ceiling + excess_idr)]
    if excess_idr == 0:
        driver.create_direct(lines)
        assert escrow.order(1).totalIdr == ceiling
        return
    with ape.reverts(
        escrow.OrderEscrowDirectPurchaseCeilingExceeded,
        totalIdr=ceiling + excess_idr,
        ceilingIdr=ceiling,
    ):
        driver.create_direct(lines)


def test_direct_order_to_a_carrier_reverts_with_RegistryUnauthorizedAccount(
    driver: EscrowDriver, registry: Any, carrier: Any
) -> None:
    with ape.reverts(
        registry.RegistryUnauthorizedAccount,
        account=carrier.address,
        neededRole=registry.SUPPLIER_ROLE(),
    ):
        driver.create_direct(supplier=carrier)


def test_direct_order_to_a_suspended_supplier_reverts_with_RegistryOrganisationSuspended(
    driver: EscrowDriver, registry: Any, governor: Any
) -> None:
    registry.suspendOrganisation(SUPPLIER_ORG, b32("blacklist"), sender=governor)
    with ape.reverts(registry.RegistryOrganisationSuspended, orgId=SUPPLIER_ORG):
        driver.create_direct()


def test_direct_order_beyond_the_budget_reverts_with_RegistryBudgetExceeded(
    driver: EscrowDriver, escrow: Any, registry: Any, treasury: Any, agency: Any, supplier: Any
) -> None:
    registry.allocateBudget(AGENCY_ORG, FISCAL_YEAR + 1, 1_000_000, sender=treasury)
    with ape.reverts(
        registry.RegistryBudgetExceeded,
        agencyOrgId=AGENCY_ORG,
        fiscalYear=FISCAL_YEAR + 1,
        requestedIdr=1_000_001,
        availableIdr=1_000_000,
    ):
        escrow.createDirectOrder(
            supplier,
            FISCAL_YEAR + 1,
            [goods_line(1, 1_000_001)],
            driver.now() + DAY,
            0,
            NO_REF,
            sender=agency,
        )


@pytest.mark.parametrize("line_count", [0, 51])
def test_order_without_lines_or_above_MAX_LINES_reverts_with_OrderEscrowInvalidLineCount(
    driver: EscrowDriver, escrow: Any, line_count: int
) -> None:
    with ape.reverts(escrow.OrderEscrowInvalidLineCount, lineCount=line_count):
        driver.create_direct([goods_line(1, 1_000)] * line_count)


def test_order_with_MAX_LINES_lines_is_stored_in_full(
    driver: EscrowDriver, escrow: Any, agency: Any, supplier: Any
) -> None:
    lines = [goods_line(1 + index, 1_000 + index, f"item{index}") for index in range(50)]
    receipt = escrow.createDirectOrder(
        supplier, FISCAL_YEAR, lines, driver.now() + 30 * DAY, 0, NO_REF, sender=agency
    )
    order_id = int(escrow.orderCount())
    assert escrow.order(order_id).lineCount == 50
    assert escrow.order(order_id).totalIdr == lines_total(lines)
    last, _ = escrow.line(order_id, 49)
    assert (last.quantity, last.unitPriceIdr) == (50, 1_049)
    [created] = receipt.decode_logs(escrow.OrderCreated)
    assert len(created.lines) == 50
    assert created.lines[49][0] == b32("item49")  # itemHash


INVALID_LINES: dict[str, Callable[[int, int], tuple[Any, ...]]] = {
    "zero quantity": lambda now, deadline: goods_line(0, 1_000),
    "zero unit price": lambda now, deadline: goods_line(1, 0),
    "goods line with a due date": lambda now, deadline: (*goods_line(1, 1_000)[:5], now + DAY),
    "milestone with quantity 2": lambda now, deadline: (
        *milestone_line(1_000, now + DAY)[:1],
        2,
        *milestone_line(1_000, now + DAY)[2:],
    ),
    "milestone without a due date": lambda now, deadline: milestone_line(1_000, 0),
    "milestone due now": lambda now, deadline: milestone_line(1_000, now),
    "milestone due after the deadline": lambda now, deadline: milestone_line(1_000, deadline + 1),
}


@pytest.mark.parametrize("case", list(INVALID_LINES))
def test_order_with_an_invalid_line_reverts_with_OrderEscrowInvalidLine(
    driver: EscrowDriver, escrow: Any, agency: Any, supplier: Any, case: str
) -> None:
    now = driver.now() + 10
    deadline = now + 10 * DAY
    lines = [goods_line(1, 1_000), INVALID_LINES[case](now, deadline)]
    driver.at(now)
    with ape.reverts(escrow.OrderEscrowInvalidLine, lineIndex=1):
        escrow.createDirectOrder(supplier, FISCAL_YEAR, lines, deadline, 0, NO_REF, sender=agency)


def test_milestone_due_exactly_at_the_deadline_is_valid(
    driver: EscrowDriver, escrow: Any, agency: Any, contractor: Any
) -> None:
    deadline = driver.now() + 10 * DAY
    lines = [milestone_line(1_000, deadline - 5 * DAY), milestone_line(2_000, deadline)]
    receipt = escrow.createDirectOrder(
        contractor, FISCAL_YEAR, lines, deadline, 0, NO_REF, sender=agency
    )
    line, _ = escrow.line(1, 1)
    assert (line.quantity, line.dueAt) == (1, deadline)
    [created] = receipt.decode_logs(escrow.OrderCreated)
    assert created.lines[1][3] == MILESTONE  # unit


@pytest.mark.parametrize("offset_sec", [-1, 0, 1])
def test_delivery_deadline_must_be_after_creation_else_OrderEscrowInvalidDeadline(
    driver: EscrowDriver, escrow: Any, agency: Any, supplier: Any, offset_sec: int
) -> None:
    created_at = driver.now() + 10
    deadline = created_at + offset_sec
    driver.at(created_at)
    if offset_sec <= 0:
        with ape.reverts(escrow.OrderEscrowInvalidDeadline, deliveryDeadlineAt=deadline):
            escrow.createDirectOrder(
                supplier, FISCAL_YEAR, [goods_line(1, 1_000)], deadline, 0, NO_REF, sender=agency
            )
    else:
        escrow.createDirectOrder(
            supplier, FISCAL_YEAR, [goods_line(1, 1_000)], deadline, 0, NO_REF, sender=agency
        )
        assert escrow.order(1).deliveryDeadlineAt == deadline


def test_order_total_of_2_pow_64_reverts_with_SafeCastOverflowedUintDowncast(
    driver: EscrowDriver, escrow: Any
) -> None:
    """Amounts are stored in 64 bits (OrderEscrow.StoredOrder): a total must stay below 2^64."""
    quantity, price = 2, 2**63
    with ape.reverts(escrow.SafeCastOverflowedUintDowncast, bits=64, value=quantity * price):
        driver.create_direct([goods_line(quantity, price)])


def test_order_total_just_below_2_pow_64_passes_the_cast_and_meets_the_ceiling_check(
    driver: EscrowDriver, escrow: Any
) -> None:
    total = 2**64 - 1
    with ape.reverts(
        escrow.OrderEscrowDirectPurchaseCeilingExceeded, totalIdr=total, ceilingIdr=200_000_000
    ):
        driver.create_direct([goods_line(1, total)])


@pytest.mark.parametrize("excess_sec", [0, 1])
def test_maintenance_period_above_the_bound_reverts_with_OrderEscrowInvalidMaintenancePeriod(
    driver: EscrowDriver, escrow: Any, excess_sec: int
) -> None:
    period = int(escrow.MAX_MAINTENANCE_PERIOD_SEC()) + excess_sec
    if excess_sec == 0:
        order_id = driver.create_direct(maintenance_sec=period)
        assert escrow.order(order_id).maintenancePeriodSec == period
        return
    with ape.reverts(escrow.OrderEscrowInvalidMaintenancePeriod, maintenancePeriodSec=period):
        driver.create_direct(maintenance_sec=period)


# ------------------------------------------------------------------------ orders from tenders


def test_order_from_tender_takes_supplier_and_total_from_award_and_carries_the_tender_ocid(
    driver: EscrowDriver,
    escrow: Any,
    tendering: Any,
    registry: Any,
    agency: Any,
    supplier: Any,
    chain: Any,
) -> None:
    lines = [goods_line(10, 1_500_000), goods_line(5, 1_000_000)]
    tender_id = driver.award_tender(20_000_000, hps_idr=25_000_000, lines=lines)
    budget_before = committed(registry)
    deadline = driver.now() + 30 * DAY
    receipt = escrow.createOrderFromTender(
        tender_id, lines, deadline, 60 * DAY, NO_REF, sender=agency
    )

    [created] = receipt.decode_logs(escrow.OrderCreated)
    assert created.ocid == f"{OCID_PREFIX}-{chain.chain_id}-T{tender_id}"
    assert (created.orderId, created.tenderId, created.totalIdr) == (1, tender_id, 20_000_000)
    assert (created.agency, created.supplier) == (agency.address, supplier.address)
    [ordered] = receipt.decode_logs(tendering.AwardOrdered)
    assert (ordered.tenderId, ordered.orderId) == (tender_id, 1)
    assert tendering.award(tender_id).orderId == 1
    assert receipt.decode_logs(registry.BudgetCommitted) == []
    # The HPS stays committed until the supplier accepts (the award may still move on).
    assert committed(registry) == budget_before == 25_000_000
    order = escrow.order(1)
    assert (order.tenderId, order.fiscalYear, order.totalIdr) == (
        tender_id,
        FISCAL_YEAR,
        20_000_000,
    )


def test_accepting_an_order_from_tender_returns_the_winner_bond(
    driver: EscrowDriver, escrow: Any, tendering: Any, token: Any, agency: Any, supplier: Any
) -> None:
    tender_id = driver.award_tender(20_000_000, bond_idr=750_000)
    escrow.createOrderFromTender(
        tender_id, [goods_line(20, 1_000_000)], driver.now() + 30 * DAY, 0, NO_REF, sender=agency
    )
    supplier_before = token.balanceOf(supplier)
    receipt = driver.accept(1)
    [refund] = receipt.decode_logs(tendering.BondRefunded)
    assert (refund.tenderId, refund.bidder) == (tender_id, supplier.address)
    assert refund.amountIdr == 750_000
    assert token.balanceOf(supplier) == supplier_before + 750_000
    assert token.balanceOf(escrow) == 20_000_000


def test_cancelling_an_order_from_tender_reopens_the_award_for_a_new_order(
    driver: EscrowDriver,
    escrow: Any,
    tendering: Any,
    token: Any,
    registry: Any,
    agency: Any,
    supplier: Any,
) -> None:
    tender_id = driver.award_tender(20_000_000, hps_idr=30_000_000, bond_idr=750_000)
    lines = [goods_line(20, 1_000_000)]
    escrow.createOrderFromTender(
        tender_id, lines, driver.now() + 30 * DAY, 0, NO_REF, sender=agency
    )
    assert committed(registry) == 30_000_000  # the HPS, until the award is accepted
    receipt = escrow.cancelOrder(1, b32("changed plan"), sender=agency)
    [reopened] = receipt.decode_logs(tendering.AwardReopened)
    assert (reopened.tenderId, reopened.orderId) == (tender_id, 1)
    assert receipt.decode_logs(tendering.BondRefunded) == []
    assert committed(registry) == 30_000_000  # the commitment stays with the award
    assert token.balanceOf(tendering) == 750_000  # the bond waits for the next order

    escrow.createOrderFromTender(
        tender_id, lines, driver.now() + 30 * DAY, 0, NO_REF, sender=agency
    )
    supplier_before = token.balanceOf(supplier)
    receipt = driver.accept(2)
    [refund] = receipt.decode_logs(tendering.BondRefunded)
    assert (refund.tenderId, refund.bidder, refund.amountIdr) == (tender_id, supplier, 750_000)
    assert token.balanceOf(supplier) == supplier_before + 750_000
    assert committed(registry) == 20_000_000


def test_accepting_after_the_award_window_reverts_with_TenderingAcceptanceClosed(
    driver: EscrowDriver, escrow: Any, tendering: Any, agency: Any, supplier: Any
) -> None:
    tender_id = driver.award_tender(20_000_000)
    lines = [goods_line(20, 1_000_000)]
    escrow.createOrderFromTender(
        tender_id, lines, driver.now() + 60 * DAY, 0, NO_REF, sender=agency
    )
    t = tendering.tender(tender_id)
    accept_by = int(t.orderedAt) + int(t.acceptanceWindowSec)
    driver.at(accept_by)
    order = escrow.order(1)
    driver.token.approve(escrow, order.totalIdr, sender=agency)
    with ape.reverts(tendering.TenderingAcceptanceClosed, tenderId=tender_id, acceptBy=accept_by):
        escrow.acceptOrder(1, b32("contract"), sender=supplier)


def test_order_from_tender_through_tracked_delivery_to_closure(
    driver: EscrowDriver, escrow: Any, token: Any, registry: Any, agency: Any, supplier: Any
) -> None:
    lines = [goods_line(10, 1_000_000), goods_line(5, 2_000_000)]
    tender_id = driver.award_tender(20_000_000, bond_idr=100_000, lines=lines)
    escrow.createOrderFromTender(
        tender_id, lines, driver.now() + 30 * DAY, DAY, NO_REF, sender=agency
    )
    driver.accept(1)
    driver.deliver_all(1)
    assert OrderState(escrow.order(1).state) is OrderState.DELIVERED
    driver.at(int(escrow.order(1).retentionReleaseAt))
    escrow.releaseRetention(1, sender=agency)
    assert OrderState(escrow.order(1).state) is OrderState.CLOSED
    assert token.balanceOf(supplier) == 20_000_000 + 100_000  # paid in full, bid bond back
    assert token.balanceOf(escrow) == 0
    assert committed(registry) == 20_000_000  # spent, not released


# --------------------------------------------------------------------------------- acceptance


def test_accept_order_pulls_the_total_into_escrow_and_emits_OrderAccepted(
    driver: EscrowDriver, escrow: Any, token: Any, agency: Any, supplier: Any
) -> None:
    order_id = driver.create_direct()
    agency_before = token.balanceOf(agency)
    token.approve(escrow, DEFAULT_TOTAL_IDR, sender=agency)
    receipt = escrow.acceptOrder(order_id, b32("signed contract"), sender=supplier)
    [accepted] = receipt.decode_logs(escrow.OrderAccepted)
    assert (accepted.orderId, accepted.supplier) == (order_id, supplier.address)
    assert (accepted.contractHash, accepted.escrowedIdr) == (
        b32("signed contract"),
        DEFAULT_TOTAL_IDR,
    )
    assert OrderState(escrow.order(order_id).state) is OrderState.ACTIVE
    assert escrow.order(order_id).unpaidIdr == DEFAULT_TOTAL_IDR
    assert escrow.heldIdr(order_id) == DEFAULT_TOTAL_IDR
    assert token.balanceOf(escrow) == DEFAULT_TOTAL_IDR
    assert token.balanceOf(agency) == agency_before - DEFAULT_TOTAL_IDR


# ------------------------------------------------------------------------------ cancellation


def test_cancel_order_frees_the_budget_and_emits_OrderCancelled(
    driver: EscrowDriver, escrow: Any, registry: Any, agency: Any
) -> None:
    order_id = driver.create_direct()
    receipt = escrow.cancelOrder(order_id, b32("no longer needed"), sender=agency)
    [cancelled] = receipt.decode_logs(escrow.OrderCancelled)
    assert (cancelled.orderId, cancelled.reasonHash) == (order_id, b32("no longer needed"))
    assert cancelled.releasedBudgetIdr == DEFAULT_TOTAL_IDR
    assert OrderState(escrow.order(order_id).state) is OrderState.CANCELLED
    assert committed(registry) == 0


def test_another_account_of_the_agency_organisation_may_act_for_the_order(
    driver: EscrowDriver, escrow: Any, registry: Any, governor: Any, accounts: Any
) -> None:
    colleague = accounts.generate_test_account()  # fresh: in no organisation yet
    governor.transfer(colleague, "1 ether")
    registry.addAccount(colleague, AGENCY_ORG, sender=governor)
    registry.grantRole(registry.AGENCY_ROLE(), colleague, sender=governor)
    order_id = driver.create_direct()
    escrow.cancelOrder(order_id, b32("colleague"), sender=colleague)
    assert OrderState(escrow.order(order_id).state) is OrderState.CANCELLED


# ---------------------------------------------------------------------- delivery confirmation


def test_partial_then_final_delivery_pays_each_confirmation_and_marks_the_order_delivered(
    driver: EscrowDriver, escrow: Any, token: Any, agency: Any, supplier: Any
) -> None:
    order_id = driver.active_direct(maintenance_sec=90 * DAY)
    first = driver.shipped_and_arrived(order_id, [4, 5])
    receipt = driver.confirm(first, [4, 5])
    [confirmed] = receipt.decode_logs(escrow.DeliveryConfirmed)
    assert (confirmed.orderId, confirmed.shipmentId) == (order_id, first)
    assert (list(confirmed.receivedQuantities), confirmed.bastHash) == ([4, 5], b32("bast"))
    assert (confirmed.valueIdr, confirmed.daysLate) == (14_000_000, 0)
    [paid] = receipt.decode_logs(escrow.PaymentReleased)
    assert (paid.orderId, paid.supplier) == (order_id, supplier.address)
    assert (paid.paidIdr, paid.penaltyIdr, paid.retentionIdr) == (13_300_000, 0, 700_000)
    assert receipt.decode_logs(escrow.OrderDelivered) == []
    assert escrow.isShipmentConfirmed(first)
    assert escrow.line(order_id, 0)[1] == 4
    assert escrow.heldIdr(order_id) == 6_000_000 + 700_000
    assert token.balanceOf(supplier) == 13_300_000

    second = driver.shipped_and_arrived(order_id, [6, 0])
    receipt = driver.confirm(second, [6, 0])
    [delivered] = receipt.decode_logs(escrow.OrderDelivered)
    confirmed_at = driver.chain.blocks[receipt.block_number].timestamp
    assert (delivered.orderId, delivered.retentionReleaseAt) == (order_id, confirmed_at + 90 * DAY)
    order = escrow.order(order_id)
    assert OrderState(order.state) is OrderState.DELIVERED
    assert (order.unpaidIdr, order.retentionHeldIdr) == (0, 1_000_000)
    assert token.balanceOf(supplier) == 19_000_000
    assert token.balanceOf(escrow) == 1_000_000


@pytest.mark.parametrize("offset_sec", [-1, 0, 1, DAY, DAY + 1])
def test_days_late_count_from_the_delivery_deadline_to_the_arrival(
    driver: EscrowDriver, escrow: Any, offset_sec: int
) -> None:
    order_id = driver.active_direct(deadline_in_sec=10 * DAY)
    deadline = int(escrow.order(order_id).deliveryDeadlineAt)
    shipment_id = driver.ship(order_id, [10, 5])
    arrived_at = driver.arrive(shipment_id, deadline + offset_sec)
    receipt = driver.confirm(
        shipment_id, [10, 5], at=deadline + 3 * DAY
    )  # confirmation time is irrelevant
    expected_days = days_late(arrived_at, deadline)
    assert expected_days == {-1: 0, 0: 0, 1: 1, DAY: 1, DAY + 1: 2}[offset_sec]
    [confirmed] = receipt.decode_logs(escrow.DeliveryConfirmed)
    assert confirmed.daysLate == expected_days
    [paid] = receipt.decode_logs(escrow.PaymentReleased)
    split = payment_split(DEFAULT_TOTAL_IDR, expected_days, Terms())
    assert (paid.paidIdr, paid.penaltyIdr, paid.retentionIdr) == (
        split.paid_idr,
        split.penalty_idr,
        split.retention_idr,
    )


PAYMENT_CASES = [
    # (terms, value lines, days late)
    (Terms(), [goods_line(10, 1_000_000)], 3),
    (Terms(), [goods_line(10, 1_000_000)], 50),  # exactly at the cap
    (Terms(), [goods_line(10, 1_000_000)], 400),  # far beyond the cap
    (Terms(), [goods_line(7, 333_333)], 13),  # rounding down of odd amounts
    (Terms(retention_bps=0), [goods_line(3, 999_999)], 2),
    (Terms(penalty_per_mille_per_day=0), [goods_line(3, 1_000_001)], 90),
    (Terms(penalty_cap_bps=0), [goods_line(3, 1_000_001)], 90),
    (Terms(2_000, 50, 10_000), [goods_line(1, 10_000_000)], 19),  # penalty 95 %: retention clamped
    (Terms(2_000, 50, 10_000), [goods_line(1, 10_000_000)], 25),  # penalty takes everything
]


@pytest.mark.parametrize(("terms", "lines", "late_days"), PAYMENT_CASES)
def test_payment_split_matches_the_model(
    driver: EscrowDriver,
    escrow: Any,
    registry: Any,
    token: Any,
    governor: Any,
    agency: Any,
    supplier: Any,
    terms: Terms,
    lines: list[Any],
    late_days: int,
) -> None:
    set_terms(registry, governor, terms)
    order_id = driver.active_direct(lines, deadline_in_sec=10 * DAY)
    deadline = int(escrow.order(order_id).deliveryDeadlineAt)
    quantities = [line[1] for line in lines]
    shipment_id = driver.ship(order_id, quantities)
    driver.arrive(shipment_id, deadline + late_days * DAY)
    agency_before, budget_before = token.balanceOf(agency), committed(registry)
    receipt = driver.confirm(shipment_id, quantities)

    value = lines_total(lines)
    split = payment_split(value, late_days, terms)
    [paid] = receipt.decode_logs(escrow.PaymentReleased)
    assert (paid.paidIdr, paid.penaltyIdr, paid.retentionIdr) == (
        split.paid_idr,
        split.penalty_idr,
        split.retention_idr,
    )
    assert token.balanceOf(supplier) == split.paid_idr
    assert token.balanceOf(agency) == agency_before + split.penalty_idr
    assert committed(registry) == budget_before - split.penalty_idr
    assert escrow.order(order_id).retentionHeldIdr == split.retention_idr
    assert token.balanceOf(escrow) == split.retention_idr


def test_a_partial_delivery_far_past_the_deadline_caps_the_penalty_at_the_delivered_value(
    driver: EscrowDriver, escrow: Any, registry: Any, token: Any, agency: Any, supplier: Any
) -> None:
    # Order total 20 juta; 4 of the 10 pcs of the first line (4 juta) arrive 400 days late.
    order_id = driver.active_direct(deadline_in_sec=10 * DAY)
    deadline = int(escrow.order(order_id).deliveryDeadlineAt)
    shipment_id = driver.ship(order_id, [4, 0])
    driver.arrive(shipment_id, deadline + 400 * DAY)
    agency_before, budget_before = token.balanceOf(agency), committed(registry)
    receipt = driver.confirm(shipment_id, [4, 0])

    delivered_idr = 4 * 1_000_000
    [confirmed] = receipt.decode_logs(escrow.DeliveryConfirmed)
    assert (confirmed.valueIdr, confirmed.daysLate) == (delivered_idr, 400)
    [paid] = receipt.decode_logs(escrow.PaymentReleased)
    cap_idr = delivered_idr * 500 // 10_000  # 5 % of what was delivered, not of the order
    assert (paid.paidIdr, paid.penaltyIdr, paid.retentionIdr) == (
        delivered_idr - cap_idr - delivered_idr * 5 // 100,
        cap_idr,
        delivered_idr * 5 // 100,
    )
    assert token.balanceOf(supplier) == paid.paidIdr
    assert token.balanceOf(agency) == agency_before + cap_idr
    assert committed(registry) == budget_before - cap_idr


def test_confirming_nothing_received_marks_the_shipment_confirmed_without_payment(
    driver: EscrowDriver, escrow: Any, token: Any
) -> None:
    order_id, shipment_id = driver.arrived_order([10, 5])
    receipt = driver.confirm(shipment_id, [0, 0])
    [paid] = receipt.decode_logs(escrow.PaymentReleased)
    assert (paid.paidIdr, paid.penaltyIdr, paid.retentionIdr) == (0, 0, 0)
    assert escrow.isShipmentConfirmed(shipment_id)
    assert escrow.heldIdr(order_id) == DEFAULT_TOTAL_IDR == token.balanceOf(escrow)


# ----------------------------------------------------------- calls that revert after a setup


@dataclass
class Caller:
    """What a revert scenario needs: the driver, the shared escrow and other fixtures by name."""

    d: EscrowDriver
    escrow: Any
    request: pytest.FixtureRequest

    def fx(self, name: str) -> Any:
        return self.request.getfixturevalue(name)

    def from_tender(self, tender_id: int, lines: list[Any], by: Any = None) -> Callable[[], Any]:
        deadline, agency = self.d.now() + DAY, by or self.d.agency
        create = self.escrow.createOrderFromTender
        return partial(create, tender_id, lines, deadline, 0, NO_REF, sender=agency)

    def accept(self, order_id: int, by: Any = None) -> Callable[[], Any]:
        sender = by or self.d.supplier
        return partial(self.escrow.acceptOrder, order_id, b32("contract"), sender=sender)

    def confirm(self, shipment_id: int, received: list[int]) -> Callable[[], Any]:
        return partial(self.d.confirm, shipment_id, received)

    def cancel(self, order_id: int, reason: str = "too late", by: Any = None) -> Callable[[], Any]:
        agency = by or self.d.agency
        return partial(self.escrow.cancelOrder, order_id, b32(reason), sender=agency)

    def dispute(self, order_id: int, reason: str = "early", by: Any = None) -> Callable[[], Any]:
        party = by or self.d.supplier
        return partial(self.escrow.openDispute, order_id, b32(reason), sender=party)

    def release(self, order_id: int, by: Any = None) -> Callable[[], Any]:
        return partial(self.escrow.releaseRetention, order_id, sender=by or self.d.agency)

    def milestone(self, order_id: int, line_index: int) -> Callable[[], Any]:
        confirm = self.escrow.confirmMilestone
        return partial(confirm, order_id, line_index, b32("bast"), sender=self.d.agency)

    def terminate(self, order_id: int) -> Callable[[], Any]:
        return partial(self.escrow.terminateOrder, order_id, b32("late"), sender=self.d.agency)

    def escalate(self, shipment_id: int, by: Any) -> Callable[[], Any]:
        return partial(self.escrow.escalateUnconfirmed, shipment_id, b32("no BAST"), sender=by)


# a scenario prepares a call and returns it with the custom error it reverts with and its arguments
Revert = tuple[Callable[[], Any], Any, dict[str, Any]]


def order_from_tender_with_other_total(c: Caller) -> Revert:
    tender_id = c.d.award_tender(20_000_000)
    totals = {"tenderId": tender_id, "linesTotalIdr": 20_000_001, "awardPriceIdr": 20_000_000}
    order = c.from_tender(tender_id, [goods_line(1, 20_000_001)])
    return order, c.escrow.OrderEscrowTotalMismatch, totals


def order_from_tender_of_another_agency(c: Caller) -> Revert:
    tender_id = c.d.award_tender(20_000_000)
    agencies = {"tenderId": tender_id, "callerOrgId": 11, "awardAgencyOrgId": AGENCY_ORG}
    order = c.from_tender(tender_id, [goods_line(1, 20_000_000)], c.fx("agency2"))
    return order, c.escrow.OrderEscrowNotAwardAgency, agencies


def second_order_from_the_same_award(c: Caller) -> Revert:
    tender_id = c.d.award_tender(20_000_000)
    lines = [goods_line(20, 1_000_000)]
    c.from_tender(tender_id, lines)()
    error = c.fx("tendering").TenderingAwardAlreadyOrdered
    return c.from_tender(tender_id, lines), error, {"tenderId": tender_id, "existingOrderId": 1}


def order_from_an_open_tender(c: Caller) -> Revert:
    now, tendering = c.d.now(), c.fx("tendering")
    params = (
        b32("spec"),
        "store://spec",
        [(b32("goods"), 1, b"pcs".ljust(16, b"\0"))],
        1_000_000,
        now + 4 * DAY,
        now + 5 * DAY,
        5_000,  # the policy's minimum bond, 0.5 % of the HPS
        FISCAL_YEAR,
        now + 5 * DAY,
        now + 90 * DAY,
    )
    tendering.openTender(params, sender=c.d.agency)
    order = c.from_tender(1, [goods_line(1, 1_000_000)])
    return order, tendering.TenderingNotAwarded, {"tenderId": 1, "status": 1}


def accept_without_allowance(c: Caller) -> Revert:
    order_id, agency = c.d.create_direct(), c.d.agency
    c.d.token.approve(c.escrow, DEFAULT_TOTAL_IDR - 1, sender=agency)
    allowance = {"allowanceIdr": DEFAULT_TOTAL_IDR - 1, "neededIdr": DEFAULT_TOTAL_IDR}
    error = c.escrow.OrderEscrowInsufficientAllowance
    return c.accept(order_id), error, {"agency": agency.address, **allowance}


def accept_without_balance(c: Caller) -> Revert:
    order_id, agency, token = c.d.create_direct(), c.d.agency, c.d.token
    token.transfer(c.fx("agency2"), token.balanceOf(agency) - 5, sender=agency)
    token.approve(c.escrow, DEFAULT_TOTAL_IDR, sender=agency)
    balance = {"agency": agency.address, "balanceIdr": 5, "neededIdr": DEFAULT_TOTAL_IDR}
    return c.accept(order_id), c.escrow.OrderEscrowInsufficientBalance, balance


def accept_by_another_supplier(c: Caller) -> Revert:
    order_id, supplier2 = c.d.create_direct(), c.fx("supplier2")
    party = {"orderId": order_id, "account": supplier2.address}
    return c.accept(order_id, supplier2), c.escrow.OrderEscrowNotOrderSupplier, party


def accept_unknown_order(c: Caller) -> Revert:
    return c.accept(7), c.escrow.OrderEscrowUnknownOrder, {"orderId": 7}


def cancel_by_another_agency(c: Caller) -> Revert:
    order_id, agency2 = c.d.create_direct(), c.fx("agency2")
    party = {"orderId": order_id, "account": agency2.address}
    return c.cancel(order_id, "not mine", agency2), c.escrow.OrderEscrowNotOrderAgency, party


def confirm_unarrived_shipment(c: Caller) -> Revert:
    shipment_id = c.d.ship(c.d.active_direct(), [10, 5])
    status = {"shipmentId": shipment_id, "status": 1}
    return c.confirm(shipment_id, [10, 5]), c.escrow.OrderEscrowShipmentNotArrived, status


def confirm_unknown_shipment(c: Caller) -> Revert:
    confirm = partial(c.escrow.confirmDelivery, 9, [1], b32("bast"), sender=c.d.agency)
    return confirm, c.fx("tracking").ShipmentTrackingUnknownShipment, {"shipmentId": 9}


def confirm_shipment_twice(c: Caller) -> Revert:
    _, shipment_id = c.d.arrived_order([5, 1])
    c.d.confirm(shipment_id, [5, 1])
    error = c.escrow.OrderEscrowShipmentAlreadyConfirmed
    return c.confirm(shipment_id, [5, 1]), error, {"shipmentId": shipment_id}


def confirm_with_wrong_number_of_quantities(c: Caller) -> Revert:
    _, shipment_id = c.d.arrived_order([5, 1])
    counts = {"shipmentId": shipment_id, "quantityCount": 3, "lineCount": 2}
    return c.confirm(shipment_id, [5, 1, 0]), c.escrow.OrderEscrowLineCountMismatch, counts


def confirm_more_than_shipped(c: Caller) -> Revert:
    _, shipment_id = c.d.arrived_order([5, 1])
    line = {"lineIndex": 1, "receivedQuantity": 2, "shippedQuantity": 1}
    return c.confirm(shipment_id, [5, 2]), c.escrow.OrderEscrowReceivedExceedsShipped, line


def confirm_more_than_still_owed(c: Caller) -> Revert:
    order_id = c.d.active_direct()
    c.d.confirm(c.d.shipped_and_arrived(order_id, [8, 0]), [8, 0])
    shipment_id = c.d.shipped_and_arrived(order_id, [4, 0])
    line = {"lineIndex": 0, "receivedQuantity": 3, "remainingQuantity": 2}
    return c.confirm(shipment_id, [3, 0]), c.escrow.OrderEscrowReceivedExceedsRemaining, line


def confirm_a_milestone_line_in_a_shipment(c: Caller) -> Revert:
    due = c.d.now() + 5 * DAY
    order_id = c.d.active_direct([goods_line(2, 1_000), milestone_line(5_000, due)])
    shipment_id = c.d.shipped_and_arrived(order_id, [2, 1])
    error = c.escrow.OrderEscrowMilestoneLineInShipment
    return c.confirm(shipment_id, [2, 1]), error, {"shipmentId": shipment_id, "lineIndex": 1}


def confirm_while_disputed(c: Caller) -> Revert:
    order_id, shipment_id = c.d.arrived_order([10, 5])
    c.escrow.openDispute(order_id, b32("quality"), sender=c.d.supplier)
    return c.confirm(shipment_id, [10, 5]), c.escrow.OrderEscrowDisputeOpen, {"orderId": order_id}


def confirm_by_another_agency(c: Caller) -> Revert:
    order_id, shipment_id = c.d.arrived_order([10, 5])
    agency2 = c.fx("agency2")
    confirm = partial(c.escrow.confirmDelivery, shipment_id, [10, 5], b32("bast"), sender=agency2)
    party = {"orderId": order_id, "account": agency2.address}
    return confirm, c.escrow.OrderEscrowNotOrderAgency, party


def confirm_without_shipment_tracking(c: Caller) -> Revert:
    fresh = c.fx("fresh_escrow")
    confirm = partial(fresh.confirmDelivery, 1, [1], b32("bast"), sender=c.d.agency)
    return confirm, fresh.OrderEscrowShipmentTrackingNotSet, {}


def confirm_goods_line_as_milestone(c: Caller) -> Revert:
    order_id = c.d.active_direct()
    line = {"orderId": order_id, "lineIndex": 1}
    return c.milestone(order_id, 1), c.escrow.OrderEscrowNotMilestoneLine, line


def confirm_milestone_twice(c: Caller) -> Revert:
    due = c.d.now() + 5 * DAY
    lines = [milestone_line(1_000, due), milestone_line(2_000, due)]
    order_id = c.d.active_direct(lines, supplier=c.fx("contractor"))
    c.milestone(order_id, 0)()
    line = {"orderId": order_id, "lineIndex": 0}
    return c.milestone(order_id, 0), c.escrow.OrderEscrowMilestoneAlreadyConfirmed, line


def confirm_milestone_of_missing_line(c: Caller) -> Revert:
    order_id = c.d.active_direct()
    line = {"orderId": order_id, "lineIndex": 2}
    return c.milestone(order_id, 2), c.escrow.OrderEscrowUnknownLine, line


def release_retention_while_disputed(c: Caller) -> Revert:
    order_id = delivered_order(c.d)
    c.escrow.openDispute(order_id, b32("defect found"), sender=c.d.agency)
    c.d.at(int(c.escrow.order(order_id).retentionReleaseAt) + 1)
    return c.release(order_id), c.escrow.OrderEscrowDisputeOpen, {"orderId": order_id}


def release_retention_while_paused(c: Caller) -> Revert:
    order_id = delivered_order(c.d)
    c.d.at(int(c.escrow.order(order_id).retentionReleaseAt))
    c.fx("registry").pause(sender=c.fx("governor"))
    return c.release(order_id, c.fx("outsider")), c.escrow.EnforcedPause, {}


def terminate_while_disputed(c: Caller) -> Revert:
    order_id = c.d.active_direct()
    c.escrow.openDispute(order_id, b32("late"), sender=c.d.agency)
    c.d.at(int(c.escrow.terminableAt(order_id)))
    return c.terminate(order_id), c.escrow.OrderEscrowDisputeOpen, {"orderId": order_id}


def open_a_second_dispute(c: Caller) -> Revert:
    order_id = c.d.active_direct()
    c.escrow.openDispute(order_id, b32("quality"), sender=c.d.agency)
    return c.dispute(order_id, "me too"), c.escrow.OrderEscrowDisputeOpen, {"orderId": order_id}


def escalate_a_confirmed_shipment(c: Caller) -> Revert:
    _, shipment_id = c.d.arrived_order([1, 1])
    c.d.confirm(shipment_id, [1, 1])
    c.d.at(c.d.now() + 8 * DAY)
    error = c.escrow.OrderEscrowShipmentAlreadyConfirmed
    return c.escalate(shipment_id, c.d.supplier), error, {"shipmentId": shipment_id}


def escalate_by_another_supplier(c: Caller) -> Revert:
    order_id, shipment_id = c.d.arrived_order([1, 1])
    c.d.at(c.d.now() + 8 * DAY)
    supplier2 = c.fx("supplier2")
    party = {"orderId": order_id, "account": supplier2.address}
    return c.escalate(shipment_id, supplier2), c.escrow.OrderEscrowNotOrderSupplier, party


def resolve_without_a_dispute(c: Caller) -> Revert:
    order_id = c.d.active_direct()
    ruling = (order_id, 0, DEFAULT_TOTAL_IDR, b32("ruling"))
    resolve = partial(c.escrow.resolveDispute, *ruling, sender=c.fx("arbiter"))
    return resolve, c.escrow.OrderEscrowNoOpenDispute, {"orderId": order_id}


def participant_actions_while_paused(c: Caller) -> Revert:
    order_id = c.d.create_direct()
    c.d.token.approve(c.escrow, DEFAULT_TOTAL_IDR, sender=c.d.agency)
    c.fx("registry").pause(sender=c.fx("governor"))
    # The registry's error; Ape decodes it with the escrow's ABI, which declares the same error.
    return c.accept(order_id), c.escrow.EnforcedPause, {}


def in_wrong_state(name: str, state: OrderState, call: Callable[[Caller, int], Any]) -> Any:
    """A row: `call` on a new order in `state` (CREATED or ACTIVE) reverts naming that state."""

    def scenario(c: Caller) -> Revert:
        order_id = c.d.create_direct() if state is OrderState.CREATED else c.d.active_direct()
        expected = {"orderId": order_id, "state": state}
        return call(c, order_id), c.escrow.OrderEscrowInvalidState, expected

    return pytest.param(scenario, id=name)


def terminate_when_due(c: Caller, order_id: int) -> Callable[[], Any]:
    c.d.at(int(c.escrow.terminableAt(order_id)))
    return c.terminate(order_id)


REVERTS = [
    order_from_tender_with_other_total,
    order_from_tender_of_another_agency,
    second_order_from_the_same_award,
    order_from_an_open_tender,
    accept_without_allowance,
    accept_without_balance,
    accept_by_another_supplier,
    accept_unknown_order,
    cancel_by_another_agency,
    confirm_unarrived_shipment,
    confirm_unknown_shipment,
    confirm_shipment_twice,
    confirm_with_wrong_number_of_quantities,
    confirm_more_than_shipped,
    confirm_more_than_still_owed,
    confirm_a_milestone_line_in_a_shipment,
    confirm_while_disputed,
    confirm_by_another_agency,
    confirm_without_shipment_tracking,
    confirm_goods_line_as_milestone,
    confirm_milestone_twice,
    confirm_milestone_of_missing_line,
    release_retention_while_disputed,
    release_retention_while_paused,
    terminate_while_disputed,
    open_a_second_dispute,
    escalate_a_confirmed_shipment,
    escalate_by_another_supplier,
    resolve_without_a_dispute,
    participant_actions_while_paused,
    in_wrong_state("accept_twice", OrderState.ACTIVE, Caller.accept),
    in_wrong_state("cancel_accepted_order", OrderState.ACTIVE, Caller.cancel),
    in_wrong_state("release_retention_of_an_active_order", OrderState.ACTIVE, Caller.release),
    in_wrong_state("dispute_on_an_unaccepted_order", OrderState.CREATED, Caller.dispute),
    in_wrong_state("terminate_unaccepted_order", OrderState.CREATED, terminate_when_due),
]


@pytest.mark.parametrize("scenario", REVERTS, ids=lambda scenario: scenario.__name__)
def test_a_call_reverts_with_its_custom_error_and_arguments(
    driver: EscrowDriver,
    escrow: Any,
    request: pytest.FixtureRequest,
    scenario: Callable[[Caller], Revert],
) -> None:
    call, error, arguments = scenario(Caller(driver, escrow, request))
    with reverts_with(error, **arguments):
        call()


# --------------------------------------------------------------------------------- milestones


def test_confirm_milestone_pays_the_contractor_and_emits_MilestoneConfirmed(
    driver: EscrowDriver, escrow: Any, token: Any, agency: Any, contractor: Any
) -> None:
    now = driver.now()
    lines = [milestone_line(40_000_000, now + 10 * DAY), milestone_line(60_000_000, now + 20 * DAY)]
    order_id = driver.active_direct(lines, deadline_in_sec=20 * DAY, supplier=contractor)
    receipt = escrow.confirmMilestone(order_id, 0, b32("bast-1"), sender=agency)
    [confirmed] = receipt.decode_logs(escrow.MilestoneConfirmed)
    assert (confirmed.orderId, confirmed.lineIndex, confirmed.bastHash) == (
        order_id,
        0,
        b32("bast-1"),
    )
    assert (confirmed.valueIdr, confirmed.daysLate) == (40_000_000, 0)
    [paid] = receipt.decode_logs(escrow.PaymentReleased)
    assert (paid.supplier, paid.paidIdr) == (contractor.address, 38_000_000)
    assert paid.retentionIdr == 2_000_000
    assert escrow.line(order_id, 0)[1] == 1
    receipt = escrow.confirmMilestone(order_id, 1, b32("bast-2"), sender=agency)
    assert len(receipt.decode_logs(escrow.OrderDelivered)) == 1
    assert OrderState(escrow.order(order_id).state) is OrderState.DELIVERED
    assert token.balanceOf(contractor) == 95_000_000


@pytest.mark.parametrize("offset_sec", [-1, 0, 1])
def test_milestone_days_late_count_from_its_own_due_date(
    driver: EscrowDriver, escrow: Any, agency: Any, contractor: Any, offset_sec: int
) -> None:
    due = driver.now() + 5 * DAY
    lines = [milestone_line(10_000_000, due), goods_line(1, 1_000)]
    order_id = driver.active_direct(lines, deadline_in_sec=20 * DAY, supplier=contractor)
    driver.at(due + offset_sec)
    receipt = escrow.confirmMilestone(order_id, 0, b32("bast"), sender=agency)
    [confirmed] = receipt.decode_logs(escrow.MilestoneConfirmed)
    assert confirmed.daysLate == (1 if offset_sec > 0 else 0)
    [paid] = receipt.decode_logs(escrow.PaymentReleased)
    assert paid.penaltyIdr == payment_split(10_000_000, confirmed.daysLate, Terms()).penalty_idr


def test_goods_and_milestone_lines_together_complete_the_order(
    driver: EscrowDriver, escrow: Any, agency: Any, contractor: Any
) -> None:
    due = driver.now() + 5 * DAY
    order_id = driver.active_direct(
        [goods_line(3, 1_000_000), milestone_line(4_000_000, due)], supplier=contractor
    )
    escrow.confirmMilestone(order_id, 1, b32("installation"), sender=agency)
    assert OrderState(escrow.order(order_id).state) is OrderState.ACTIVE
    driver.deliver_all(order_id)
    assert OrderState(escrow.order(order_id).state) is OrderState.DELIVERED


# ------------------------------------------------------------------------------ retention


def delivered_order(driver: EscrowDriver, maintenance_sec: int = 30 * DAY) -> int:
    order_id = driver.active_direct(maintenance_sec=maintenance_sec)
    driver.deliver_all(order_id)
    return order_id


def test_release_retention_pays_the_supplier_and_closes_the_order(
    driver: EscrowDriver, escrow: Any, token: Any, supplier: Any, outsider: Any
) -> None:
    order_id = delivered_order(driver)
    driver.at(int(escrow.order(order_id).retentionReleaseAt))
    receipt = escrow.releaseRetention(order_id, sender=outsider)
    [released] = receipt.decode_logs(escrow.RetentionReleased)
    assert (released.orderId, released.supplier, released.amountIdr) == (
        order_id,
        supplier.address,
        1_000_000,
    )
    assert OrderState(escrow.order(order_id).state) is OrderState.CLOSED
    assert escrow.heldIdr(order_id) == 0
    assert token.balanceOf(supplier) == DEFAULT_TOTAL_IDR
    assert token.balanceOf(escrow) == 0


@pytest.mark.parametrize("offset_sec", [-1, 0, 1])
def test_release_before_maintenance_end_reverts_with_OrderEscrowMaintenancePeriodRunning(
    driver: EscrowDriver, escrow: Any, outsider: Any, offset_sec: int
) -> None:
    order_id = delivered_order(driver)
    release_at = int(escrow.order(order_id).retentionReleaseAt)
    release = partial(escrow.releaseRetention, order_id, sender=outsider)
    running = {"orderId": order_id, "retentionReleaseAt": release_at}
    at_the_edge(
        driver, release_at, offset_sec, release, escrow.OrderEscrowMaintenancePeriodRunning, running
    )
    if offset_sec >= 0:
        assert OrderState(escrow.order(order_id).state) is OrderState.CLOSED


# ------------------------------------------------------------------------------ termination


@pytest.mark.parametrize("offset_sec", [-1, 0, 1])
def test_terminate_before_the_cap_is_reached_reverts_with_OrderEscrowTerminationTooEarly(
    driver: EscrowDriver, escrow: Any, agency: Any, offset_sec: int
) -> None:
    order_id = driver.active_direct(deadline_in_sec=10 * DAY)
    deadline = int(escrow.order(order_id).deliveryDeadlineAt)
    threshold = terminable_at(deadline, Terms())
    assert threshold == deadline + 50 * DAY == escrow.terminableAt(order_id)
    terminate = partial(escrow.terminateOrder, order_id, b32("supplier absent"), sender=agency)
    too_early = {"orderId": order_id, "terminableAt": threshold}
    at_the_edge(
        driver, threshold, offset_sec, terminate, escrow.OrderEscrowTerminationTooEarly, too_early
    )
    if offset_sec >= 0:
        assert OrderState(escrow.order(order_id).state) is OrderState.TERMINATED


@pytest.mark.parametrize(
    ("terms", "cap_days"),
    [
        (Terms(penalty_per_mille_per_day=3), 17),
        (Terms(penalty_cap_bps=1_000), 100),
        (Terms(penalty_per_mille_per_day=0), 0),
    ],
)
def test_termination_threshold_follows_the_order_terms(
    driver: EscrowDriver, escrow: Any, registry: Any, governor: Any, terms: Terms, cap_days: int
) -> None:
    set_terms(registry, governor, terms)
    order_id = driver.create_direct()
    deadline = int(escrow.order(order_id).deliveryDeadlineAt)
    assert (
        escrow.terminableAt(order_id) == terminable_at(deadline, terms) == deadline + cap_days * DAY
    )


def test_terminate_refunds_the_undelivered_value_and_keeps_retention_until_maintenance_end(
    driver: EscrowDriver, escrow: Any, outsider: Any
) -> None:
    d = driver
    order_id = d.active_direct(deadline_in_sec=10 * DAY, maintenance_sec=30 * DAY)
    d.confirm(d.shipped_and_arrived(order_id, [10, 0]), [10, 0])
    agency_before, budget_before = d.token.balanceOf(d.agency), committed(d.registry)
    terminate_at = int(escrow.terminableAt(order_id)) + 5
    d.at(terminate_at)
    receipt = escrow.terminateOrder(order_id, b32("supplier absent"), sender=d.agency)

    [terminated] = receipt.decode_logs(escrow.OrderTerminated)
    assert (terminated.orderId, terminated.reasonHash) == (order_id, b32("supplier absent"))
    assert terminated.refundedIdr == 10_000_000
    assert terminated.retentionReleaseAt == terminate_at + 30 * DAY
    assert d.token.balanceOf(d.agency) == agency_before + 10_000_000
    assert committed(d.registry) == budget_before - 10_000_000
    assert escrow.heldIdr(order_id) == 500_000 == d.token.balanceOf(escrow)

    release_at = terminate_at + 30 * DAY
    with reverts_with(
        escrow.OrderEscrowMaintenancePeriodRunning, orderId=order_id, retentionReleaseAt=release_at
    ):
        escrow.releaseRetention(order_id, sender=outsider)
    d.at(release_at)
    escrow.releaseRetention(order_id, sender=outsider)
    assert OrderState(escrow.order(order_id).state) is OrderState.CLOSED
    assert d.token.balanceOf(d.supplier) == 10_000_000
    assert d.token.balanceOf(escrow) == 0


# --------------------------------------------------------------------------------- disputes


@pytest.mark.parametrize("opener", ["agency", "supplier"])
def test_either_party_may_open_a_dispute_and_emits_DisputeOpened(
    driver: EscrowDriver, escrow: Any, request: pytest.FixtureRequest, opener: str
) -> None:
    account = request.getfixturevalue(opener)
    order_id = driver.active_direct()
    receipt = escrow.openDispute(order_id, b32("quality"), sender=account)
    [opened] = receipt.decode_logs(escrow.DisputeOpened)
    assert (opened.orderId, opened.openedBy, opened.shipmentId) == (order_id, account.address, 0)
    assert opened.reasonHash == b32("quality")
    assert escrow.orderSummary(order_id).disputed


@pytest.mark.parametrize("state", [OrderState.DELIVERED, OrderState.TERMINATED])
def test_disputes_may_be_opened_while_retention_is_held(
    driver: EscrowDriver, escrow: Any, supplier: Any, agency: Any, state: OrderState
) -> None:
    order_id = driver.active_direct()
    if state is OrderState.DELIVERED:
        driver.deliver_all(order_id)
    else:
        driver.at(int(escrow.terminableAt(order_id)))
        escrow.terminateOrder(order_id, b32("late"), sender=agency)
    escrow.openDispute(order_id, b32("unfair"), sender=supplier)
    assert OrderState(escrow.order(order_id).state) is state
    assert escrow.order(order_id).disputed


@pytest.mark.parametrize("stranger", ["agency2", "supplier2", "outsider", "arbiter"])
def test_dispute_by_a_stranger_to_the_order_reverts_with_OrderEscrowNotOrderParty(
    driver: EscrowDriver, escrow: Any, request: pytest.FixtureRequest, stranger: str
) -> None:
    account = request.getfixturevalue(stranger)
    order_id = driver.active_direct()
    with ape.reverts(escrow.OrderEscrowNotOrderParty, orderId=order_id, account=account.address):
        escrow.openDispute(order_id, b32("meddling"), sender=account)


@pytest.mark.parametrize("offset_sec", [-1, 0, 1])
def test_escalation_before_the_window_ends_reverts_with_OrderEscrowConfirmationWindowOpen(
    driver: EscrowDriver, escrow: Any, supplier: Any, offset_sec: int
) -> None:
    order_id = driver.active_direct()
    shipment_id = driver.ship(order_id, [10, 5])
    arrived_at = driver.arrive(shipment_id)
    escalable_at = arrived_at + 7 * DAY
    escalate = partial(escrow.escalateUnconfirmed, shipment_id, b32("no BAST"), sender=supplier)
    window_open = {"shipmentId": shipment_id, "escalableAt": escalable_at}
    error = escrow.OrderEscrowConfirmationWindowOpen
    receipt = at_the_edge(driver, escalable_at, offset_sec, escalate, error, window_open)
    if offset_sec < 0:
        return
    [opened] = receipt.decode_logs(escrow.DisputeOpened)
    assert (opened.orderId, opened.openedBy, opened.shipmentId) == (
        order_id,
        supplier.address,
        shipment_id,
    )
    assert escrow.order(order_id).disputed


def test_resolve_dispute_splits_everything_held_releases_agency_budget_and_closes(
    driver: EscrowDriver,
    escrow: Any,
    token: Any,
    registry: Any,
    agency: Any,
    supplier: Any,
    arbiter: Any,
) -> None:
    order_id = driver.active_direct()
    driver.confirm(driver.shipped_and_arrived(order_id, [10, 0]), [10, 0])
    escrow.openDispute(order_id, b32("oil never came"), sender=agency)
    escrow.respondToDispute(order_id, b32("oil is at the port"), sender=supplier)
    held = int(escrow.heldIdr(order_id))
    assert held == 10_000_000 + 500_000
    supplier_before, agency_before = token.balanceOf(supplier), token.balanceOf(agency)
    budget_before = committed(registry)
    receipt = escrow.resolveDispute(order_id, 2_500_000, 8_000_000, b32("ruling"), sender=arbiter)

    [resolved] = receipt.decode_logs(escrow.DisputeResolved)
    assert (resolved.orderId, resolved.arbiter, resolved.rulingHash) == (
        order_id,
        arbiter.address,
        b32("ruling"),
    )
    assert (resolved.toSupplierIdr, resolved.toAgencyIdr) == (2_500_000, 8_000_000)
    order = escrow.order(order_id)
    assert (OrderState(order.state), order.disputed) == (OrderState.CLOSED, False)
    assert escrow.heldIdr(order_id) == 0 == token.balanceOf(escrow)
    assert token.balanceOf(supplier) == supplier_before + 2_500_000
    assert token.balanceOf(agency) == agency_before + 8_000_000
    assert committed(registry) == budget_before - 8_000_000


@pytest.mark.parametrize("delta", [-1, 1, "overflow"])
def test_ruling_that_does_not_split_exactly_the_held_amount_reverts_with_OrderEscrowRulingMismatch(
    driver: EscrowDriver, escrow: Any, agency: Any, supplier: Any, arbiter: Any, delta: int | str
) -> None:
    order_id = driver.active_direct()
    escrow.openDispute(order_id, b32("quality"), sender=agency)
    escrow.respondToDispute(order_id, b32("response"), sender=supplier)
    held = int(escrow.heldIdr(order_id))
    if delta == "overflow":
        to_supplier, to_agency, total = 2**256 - 1, held, 2**256 - 1
    else:
        to_supplier, to_agency = held // 2, held - held // 2 + int(delta)
        total = held + int(delta)
    with ape.reverts(
        escrow.OrderEscrowRulingMismatch, orderId=order_id, rulingTotalIdr=total, heldIdr=held
    ):
        escrow.resolveDispute(order_id, to_supplier, to_agency, b32("ruling"), sender=arbiter)


@pytest.mark.parametrize(("party_org", "kind"), [(AGENCY_ORG, 2), (SUPPLIER_ORG, 3)])
def test_an_account_of_a_party_organisation_cannot_become_an_arbiter_RegistryRoleKindMismatch(
    driver: EscrowDriver,
    escrow: Any,
    registry: Any,
    governor: Any,
    agency: Any,
    accounts: Any,
    party_org: int,
    kind: int,
) -> None:
    """Issue 15 item 4 / issue 13 item 7: an arbiter acting for the order's agency or supplier
    cannot exist (ARBITER only in Arbiter organisations); a panel whose owner is a party is
    refused by the escrow (`OrderEscrowArbiterConflict`, tests/contracts/test_governance.py)."""
    conflicted = accounts[14]
    registry.addAccount(conflicted, party_org, sender=governor)
    arbiter_role = registry.ARBITER_ROLE()
    with reverts_with(
        registry.RegistryRoleKindMismatch,
        account=conflicted,
        role=arbiter_role,
        orgId=party_org,
        kind=kind,
    ):
        registry.grantRole(arbiter_role, conflicted, sender=governor)
    order_id = driver.active_direct()
    escrow.openDispute(order_id, b32("quality"), sender=agency)
    with reverts_with(
        registry.RegistryUnauthorizedAccount, account=conflicted, neededRole=arbiter_role
    ):
        escrow.resolveDispute(order_id, 0, DEFAULT_TOTAL_IDR, b32("ruling"), sender=conflicted)
    assert escrow.order(order_id).disputed


def test_a_closed_order_accepts_nothing_more(
    driver: EscrowDriver, escrow: Any, agency: Any, supplier: Any, arbiter: Any
) -> None:
    order_id = driver.active_direct()
    escrow.openDispute(order_id, b32("quality"), sender=agency)
    escrow.respondToDispute(order_id, b32("response"), sender=supplier)
    escrow.resolveDispute(order_id, 0, DEFAULT_TOTAL_IDR, b32("ruling"), sender=arbiter)
    closed = {"orderId": order_id, "state": OrderState.CLOSED}
    with ape.reverts(escrow.OrderEscrowInvalidState, **closed):
        escrow.openDispute(order_id, b32("again"), sender=supplier)
    with ape.reverts(escrow.OrderEscrowInvalidState, **closed):
        escrow.terminateOrder(order_id, b32("again"), sender=agency)
    with ape.reverts(escrow.OrderEscrowInvalidState, **closed):
        escrow.releaseRetention(order_id, sender=supplier)
    with ape.reverts(escrow.OrderEscrowInvalidState, **closed):
        escrow.acceptOrder(order_id, b32("again"), sender=supplier)
    with ape.reverts(escrow.OrderEscrowNoOpenDispute, orderId=order_id):
        escrow.resolveDispute(order_id, 0, 0, b32("again"), sender=arbiter)


# ------------------------------------------------------------------------------------ views


@pytest.mark.parametrize("view", ["order", "orderSummary", "heldIdr", "terminableAt"])
def test_views_of_an_unknown_order_revert_with_OrderEscrowUnknownOrder(
    driver: EscrowDriver, escrow: Any, outsider: Any, view: str
) -> None:
    order_id = driver.create_direct()
    method = getattr(escrow, view)
    assert simulated_revert(driver.chain, method, [order_id], outsider) == b""
    revert = simulated_revert(driver.chain, method, [order_id + 1], outsider)
    assert revert == error_data(escrow, "OrderEscrowUnknownOrder", order_id + 1)


def test_line_beyond_the_order_reverts_with_OrderEscrowUnknownLine(
    driver: EscrowDriver, escrow: Any, outsider: Any
) -> None:
    order_id = driver.create_direct()
    assert simulated_revert(driver.chain, escrow.line, [order_id, 1], outsider) == b""
    revert = simulated_revert(driver.chain, escrow.line, [order_id, 2], outsider)
    assert revert == error_data(escrow, "OrderEscrowUnknownLine", order_id, 2)
    assert not escrow.isShipmentConfirmed(1)


# ------------------------------------------------------------------- a misbehaving token


@pytest.fixture
def hook_setup(
    project: Any,
    registry: Any,
    tendering: Any,
    participants: Any,
    governor: Any,
    agency: Any,
    supplier: Any,
    chain: Any,
) -> tuple[Any, Any, int]:
    """An OrderEscrow over `TestHookToken`, with one direct order the agency has funded."""
    hook_token = project.TestHookToken.deploy(sender=governor)
    contract = project.OrderEscrow.deploy(
        registry, hook_token, tendering, OCID_PREFIX, sender=governor
    )
    registry.grantRole(registry.BUDGET_SPENDER_ROLE(), contract, sender=governor)
    deadline = int(chain.pending_timestamp) + 30 * DAY
    contract.createDirectOrder(
        supplier, FISCAL_YEAR, [goods_line(10, 1_000)], deadline, 0, NO_REF, sender=agency
    )
    hook_token.mint(agency, 10_000, sender=governor)
    hook_token.approve(contract, 10_000, sender=agency)
    return contract, hook_token, 1


def test_reentry_from_the_token_reverts_with_ReentrancyGuardReentrantCall(
    hook_setup: tuple[Any, Any, int], supplier: Any
) -> None:
    contract, hook_token, order_id = hook_setup
    reentry = contract.releaseRetention.encode_input(order_id)
    hook_token.setHook(contract, reentry, sender=supplier)
    with ape.reverts(contract.ReentrancyGuardReentrantCall):
        contract.acceptOrder(order_id, b32("contract"), sender=supplier)


def test_token_returning_false_reverts_with_SafeERC20FailedOperation(
    hook_setup: tuple[Any, Any, int], supplier: Any
) -> None:
    contract, hook_token, order_id = hook_setup
    hook_token.setReturnFalse(True, sender=supplier)
    with ape.reverts(contract.SafeERC20FailedOperation, token=hook_token.address):
        contract.acceptOrder(order_id, b32("contract"), sender=supplier)
    hook_token.setReturnFalse(False, sender=supplier)
    contract.acceptOrder(order_id, b32("contract"), sender=supplier)
    assert hook_token.balanceOf(contract) == 10_000


# ------------------------------------------------------------------------------ access matrix

CALLERS = [*ACCESS_CALLERS, "suspended"]


@pytest.fixture(scope="module")
def world(
    driver: EscrowDriver,
    project: Any,
    registry: Any,
    token: Any,
    tendering: Any,
    escrow: Any,
    governor: Any,
    agency: Any,
    contractor: Any,
) -> dict[str, Any]:
    """One order (or tender, or contract) ready for each state-changing function."""
    tender_id = driver.award_tender(20_000_000)
    start = driver.now()
    created = driver.create_direct()
    active = driver.active_direct(deadline_in_sec=10 * DAY)
    shipment = driver.shipped_and_arrived(active, [10, 5])
    milestone = driver.active_direct(
        [milestone_line(5_000_000, start + 5 * DAY)], deadline_in_sec=10 * DAY
    )
    submitted = driver.active_direct(
        [milestone_line(5_000_000, start + 5 * DAY)], deadline_in_sec=10 * DAY
    )
    escrow.submitMilestone(submitted, 0, b32("report"), sender=driver.supplier)
    # Without shipments: termination is refused while a shipment arrived unconfirmed.
    terminable = driver.active_direct(deadline_in_sec=10 * DAY)
    delivered = driver.active_direct(maintenance_sec=DAY)
    driver.deliver_all(delivered)
    disputed = driver.active_direct()
    escrow.openDispute(disputed, b32("quality"), sender=agency)
    token.approve(escrow, 10**12, sender=agency)
    unwired = project.OrderEscrow.deploy(registry, token, tendering, OCID_PREFIX, sender=governor)
    driver.at(start + 70 * DAY)  # past the confirmation window, termination threshold, maintenance
    driver.chain.mine()
    return {
        "tender": tender_id,
        "created": created,
        "active": active,
        "shipment": shipment,
        "milestone": milestone,
        "submitted": submitted,
        "terminable": terminable,
        "delivered": delivered,
        "disputed": disputed,
        "unwired": unwired,
    }


def _method_and_args(function: str, w: dict[str, Any], d: EscrowDriver) -> tuple[Any, list[Any]]:
    escrow, reason = d.escrow, b32("reason")
    calls: dict[str, tuple[Any, list[Any]]] = {
        "createDirectOrder": (
            escrow.createDirectOrder,
            [d.supplier, FISCAL_YEAR, [goods_line(1, 1_000)], d.now() + DAY, 0, NO_REF],
        ),
        "createOrderFromTender": (
            escrow.createOrderFromTender,
            [w["tender"], [goods_line(20, 1_000_000)], d.now() + DAY, 0, NO_REF],
        ),
        "acceptOrder": (escrow.acceptOrder, [w["created"], reason]),
        "cancelOrder": (escrow.cancelOrder, [w["created"], reason]),
        "confirmDelivery": (escrow.confirmDelivery, [w["shipment"], [10, 5], reason]),
        "confirmMilestone": (escrow.confirmMilestone, [w["milestone"], 0, reason]),
        "terminateOrder": (escrow.terminateOrder, [w["terminable"], reason]),
        "submitMilestone": (escrow.submitMilestone, [w["milestone"], 0, reason]),
        "claimDeemedMilestone": (escrow.claimDeemedMilestone, [w["submitted"], 0]),
        "claimDeemedDelivery": (escrow.claimDeemedDelivery, [w["shipment"]]),
        "openDispute": (escrow.openDispute, [w["active"], reason]),
        "escalateUnconfirmed": (escrow.escalateUnconfirmed, [w["shipment"], reason]),
        "resolveDispute": (escrow.resolveDispute, [w["disputed"], 0, DEFAULT_TOTAL_IDR, reason]),
        "respondToDispute": (escrow.respondToDispute, [w["disputed"], reason]),
        "releaseRetention": (escrow.releaseRetention, [w["delivered"]]),
        "setShipmentTracking": (w["unwired"].setShipmentTracking, [d.tracking]),
    }
    return calls[function]


# function → (callers allowed, role the others lack, organisation of the intended caller)
AGENCY_ONLY = (frozenset({"agency"}), "AGENCY_ROLE", AGENCY_ORG)
SUPPLIER_ONLY = (frozenset({"supplier"}), "SUPPLIER_ROLE", SUPPLIER_ORG)
ACCESS: dict[str, tuple[frozenset[str], str, int]] = {
    **dict.fromkeys(
        ["createDirectOrder", "createOrderFromTender", "cancelOrder", "confirmDelivery"],
        AGENCY_ONLY,
    ),
    **dict.fromkeys(["confirmMilestone", "terminateOrder"], AGENCY_ONLY),
    "openDispute": (frozenset({"agency", "supplier"}), "AGENCY_ROLE", AGENCY_ORG),
    **dict.fromkeys(
        ["acceptOrder", "escalateUnconfirmed", "submitMilestone", "claimDeemedMilestone"],
        SUPPLIER_ONLY,
    ),
    "claimDeemedDelivery": SUPPLIER_ONLY,
    "resolveDispute": (frozenset({"arbiter"}), "ARBITER_ROLE", ARBITER_ORG),
    # The agency opened the world's dispute: the supplier responds.
    "respondToDispute": SUPPLIER_ONLY,
    "releaseRetention": (frozenset(CALLERS), "", SUPPLIER_ORG),
    # Wiring is checked with hasRole: a suspension of the council does not block it.
    "setShipmentTracking": (frozenset({"governor", "suspended"}), "GOVERNOR_ROLE", GOVERNANCE_ORG),
}
ORG_MEMBER = {
    AGENCY_ORG: "agency",
    SUPPLIER_ORG: "supplier",
    ARBITER_ORG: "arbiter",
    GOVERNANCE_ORG: "governor",
}


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("function", list(ACCESS))
def test_access_matrix_only_intended_callers_succeed(
    world: dict[str, Any],
    driver: EscrowDriver,
    registry: Any,
    escrow: Any,
    governor: Any,
    request: pytest.FixtureRequest,
    function: str,
    caller: str,
) -> None:
    allowed, role, org_id = ACCESS[function]
    if caller == "suspended":
        registry.suspendOrganisation(org_id, b32("blacklist"), sender=governor)
        account = request.getfixturevalue(ORG_MEMBER[org_id])
    else:
        account = request.getfixturevalue(caller)
    method, args = _method_and_args(function, world, driver)
    if caller in allowed:
        receipt = method(*args, sender=account)
        assert not receipt.failed
        return
    if caller == "suspended":
        expected = error_data(registry, "RegistryOrganisationSuspended", org_id)
    elif function == "openDispute":
        expected = error_data(escrow, "OrderEscrowNotOrderParty", world["active"], account.address)
    elif function == "respondToDispute":
        # The agency opened the dispute: it may not answer itself; anyone else is no party.
        name = (
            "OrderEscrowNotDisputeRespondent" if caller == "agency" else "OrderEscrowNotOrderParty"
        )
        expected = error_data(escrow, name, world["disputed"], account.address)
    elif function == "setShipmentTracking":
        expected = error_data(
            escrow, "OrderEscrowUnauthorizedAccount", account.address, registry.GOVERNOR_ROLE()
        )
    else:
        expected = error_data(
            registry, "RegistryUnauthorizedAccount", account.address, getattr(registry, role)()
        )
    # Simulated (see `simulated_revert`): the same revert data without slow trace decoding.
    assert simulated_revert(driver.chain, method, args, account) == expected

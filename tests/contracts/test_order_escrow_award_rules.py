"""Orders v2 (issue 13 items 4, 8, 9): the order is the award, no package splitting, one order per
client reference. Each rule is tried by the party who wants to break it."""

from typing import Any

import ape
import pytest
from tests.support.constants import AGENCY2_ORG, AGENCY_ORG, SUPPLIER2_ORG, SUPPLIER_ORG
from tests.support.escrow import (
    DAY,
    FISCAL_YEAR,
    NO_REF,
    PCS,
    EscrowDriver,
    b32,
    goods_line,
)

from py_client.hashing import items_hash, order_ref

MILLION = 1_000_000
VENTILATORS = [goods_line(100, 2 * MILLION, "ventilator")]
KG = b"kg".ljust(16, b"\0")


def _hash(lines: list[Any]) -> bytes:
    return items_hash([(line[0], line[1], line[3]) for line in lines])


def _period(driver: EscrowDriver) -> tuple[int, int]:
    """A delivery period 40 to 90 days from now (the tender runs about 5 days)."""
    return driver.now() + 40 * DAY, driver.now() + 90 * DAY


# ------------------------------------------------------------------------ the order is the award


@pytest.mark.parametrize(
    "lines",
    [
        [goods_line(1, 200 * MILLION, "consulting")],  # other item
        [goods_line(50, 4 * MILLION, "ventilator")],  # other quantity
        [goods_line(100, 2 * MILLION, "ventilator", KG)],  # other unit
        [goods_line(50, 2 * MILLION, "ventilator"), goods_line(50, 2 * MILLION, "ventilator")],
    ],
    ids=["item", "quantity", "unit", "split-line"],
)
def test_agency_ordering_other_items_than_the_tender_reverts_with_TenderingItemsMismatch(
    driver: EscrowDriver, escrow: Any, tendering: Any, agency: Any, lines: list[Any]
) -> None:
    period = _period(driver)
    tender_id = driver.award_tender(200 * MILLION, lines=VENTILATORS, delivery=period)
    items = bytes(tendering.tender(tender_id).itemsHash)
    assert items == _hash(VENTILATORS)
    with ape.reverts(
        tendering.TenderingItemsMismatch,
        tenderId=tender_id,
        linesHash=_hash(lines),
        itemsHash=items,
    ):
        escrow.createOrderFromTender(tender_id, lines, period[0] + DAY, 0, NO_REF, sender=agency)


@pytest.mark.parametrize("offset", [-1, 0, 1], ids=["before", "first", "after-last"])
def test_deadline_outside_the_tender_delivery_period_reverts_with_TenderingDeliveryOutsidePeriod(
    driver: EscrowDriver, escrow: Any, tendering: Any, agency: Any, offset: int
) -> None:
    period = _period(driver)
    tender_id = driver.award_tender(200 * MILLION, lines=VENTILATORS, delivery=period)
    deadline = period[0] + offset if offset <= 0 else period[1] + offset
    if offset == 0:
        receipt = escrow.createOrderFromTender(
            tender_id, VENTILATORS, deadline, 0, NO_REF, sender=agency
        )
        [created] = receipt.decode_logs(escrow.OrderCreated)
        assert created.deliveryDeadlineAt == deadline
        return
    with ape.reverts(
        tendering.TenderingDeliveryOutsidePeriod,
        tenderId=tender_id,
        deliveryDeadlineAt=deadline,
        deliveryFromAt=period[0],
        deliveryUntilAt=period[1],
    ):
        escrow.createOrderFromTender(tender_id, VENTILATORS, deadline, 0, NO_REF, sender=agency)


def test_a_one_day_consulting_order_for_a_ventilator_tender_is_refused(
    driver: EscrowDriver, escrow: Any, tendering: Any, agency: Any
) -> None:
    """The issue's reproduction: 100 ventilators became 1 x "consulting" due in one day."""
    period = _period(driver)
    tender_id = driver.award_tender(200 * MILLION, lines=VENTILATORS, delivery=period)
    consulting = [goods_line(1, 200 * MILLION, "consulting")]
    with ape.reverts(tendering.TenderingItemsMismatch):
        escrow.createOrderFromTender(
            tender_id, consulting, driver.now() + DAY, 0, NO_REF, sender=agency
        )
    with ape.reverts(tendering.TenderingDeliveryOutsidePeriod):
        escrow.createOrderFromTender(
            tender_id, VENTILATORS, driver.now() + DAY, 0, NO_REF, sender=agency
        )


def test_unit_prices_may_differ_from_line_to_line_when_items_and_total_match(
    driver: EscrowDriver, escrow: Any, tendering: Any, agency: Any
) -> None:
    tender_lines = [goods_line(10, 1, "mask"), goods_line(5, 1, "glove", PCS)]
    period = _period(driver)
    tender_id = driver.award_tender(20 * MILLION, lines=tender_lines, delivery=period)
    lines = [goods_line(10, 1_500_000, "mask"), goods_line(5, MILLION, "glove")]
    receipt = escrow.createOrderFromTender(tender_id, lines, period[1], 0, NO_REF, sender=agency)
    [ordered] = receipt.decode_logs(tendering.AwardOrdered)
    assert (ordered.tenderId, ordered.orderId) == (tender_id, int(escrow.orderCount()))


# ------------------------------------------------------------------------ client references


def test_a_repeated_reference_of_the_same_agency_reverts_with_OrderEscrowDuplicateRef(
    driver: EscrowDriver, escrow: Any, agency: Any, agency2: Any, supplier: Any
) -> None:
    ref = order_ref("RUP-31337001")
    lines = [goods_line(1, MILLION)]
    receipt = escrow.createDirectOrder(
        supplier, FISCAL_YEAR, lines, driver.now() + DAY, 0, ref, sender=agency
    )
    order_id = int(escrow.orderCount())
    [referenced] = receipt.decode_logs(escrow.OrderReferenced)
    assert (referenced.orderId, referenced.orgId, bytes(referenced.ref)) == (
        order_id,
        AGENCY_ORG,
        ref,
    )
    assert escrow.orderOfRef(AGENCY_ORG, ref) == order_id
    with ape.reverts(escrow.OrderEscrowDuplicateRef, orgId=AGENCY_ORG, ref=ref, orderId=order_id):
        escrow.createDirectOrder(
            supplier, FISCAL_YEAR, lines, driver.now() + DAY, 0, ref, sender=agency
        )
    # Unique per organisation: another agency may use the same package code.
    escrow.createDirectOrder(
        supplier, FISCAL_YEAR, lines, driver.now() + DAY, 0, ref, sender=agency2
    )
    assert escrow.orderOfRef(AGENCY2_ORG, ref) == order_id + 1


def test_a_repeated_reference_on_an_order_from_tender_reverts_with_OrderEscrowDuplicateRef(
    driver: EscrowDriver, escrow: Any, agency: Any, supplier: Any
) -> None:
    ref = order_ref("SPSE-8812")
    escrow.createDirectOrder(
        supplier, FISCAL_YEAR, [goods_line(1, MILLION)], driver.now() + DAY, 0, ref, sender=agency
    )
    first = int(escrow.orderCount())
    tender_id = driver.award_tender(20 * MILLION)
    with ape.reverts(escrow.OrderEscrowDuplicateRef, orgId=AGENCY_ORG, ref=ref, orderId=first):
        escrow.createOrderFromTender(
            tender_id, [goods_line(20, MILLION)], driver.now() + 30 * DAY, 0, ref, sender=agency
        )


def test_orders_without_reference_emit_no_OrderReferenced(
    driver: EscrowDriver, escrow: Any, agency: Any, supplier: Any
) -> None:
    for _ in range(2):
        receipt = escrow.createDirectOrder(
            supplier, FISCAL_YEAR, [goods_line(1, 5)], driver.now() + DAY, 0, NO_REF, sender=agency
        )
        assert receipt.decode_logs(escrow.OrderReferenced) == []
    assert escrow.orderOfRef(AGENCY_ORG, NO_REF) == 0


def split_flags(d: EscrowDriver, supplier: Any, name: str = "item") -> list[Any]:
    """The split red flags of one Rp 150 juta direct purchase of the agency from ``supplier``."""
    receipt = d.escrow.createDirectOrder(
        supplier,
        FISCAL_YEAR,
        [goods_line(1, 150 * MILLION, name)],
        d.now() + 30 * DAY,
        0,
        NO_REF,
        sender=d.agency,
    )
    return list(receipt.decode_logs(d.escrow.DirectPurchaseSplitFlagged))


# ------------------------------------------------------------------------ no package splitting


def test_three_direct_purchases_of_150M_against_a_200M_ceiling_raise_the_split_red_flag(
    driver: EscrowDriver, registry: Any, supplier: Any
) -> None:
    """3 x Rp 150 juta from one agency to one supplier within the window: the 2nd and 3rd
    purchase are flagged (sums Rp 300 and 450 juta above the Rp 200 juta ceiling)."""
    policy = registry.policy()
    assert (policy.directPurchaseCeilingIdr, policy.splitWindowSec) == (200 * MILLION, 90 * DAY)
    flags = []
    for n in range(3):
        driver.at(driver.now() + 20 * DAY)
        flags.append(split_flags(driver, supplier, f"package {n}"))
    assert flags[0] == []
    sums = []
    for flagged in flags[1:]:
        [flag] = flagged
        assert (flag.agencyOrgId, flag.supplierOrgId, flag.ceilingIdr) == (
            AGENCY_ORG,
            SUPPLIER_ORG,
            200 * MILLION,
        )
        sums.append(flag.windowTotalIdr)
    assert sums == [300 * MILLION, 450 * MILLION]


def test_split_window_counts_per_supplier_and_restarts_after_a_quiet_window(
    driver: EscrowDriver, supplier: Any, supplier2: Any
) -> None:
    assert split_flags(driver, supplier) == []
    assert split_flags(driver, supplier2) == []  # another supplier organisation: its own window
    driver.at(driver.now() + 90 * DAY)  # a full window without a purchase from them
    assert split_flags(driver, supplier) == []
    [flag] = split_flags(driver, supplier)
    assert flag.windowTotalIdr == 300 * MILLION
    assert flag.supplierOrgId == SUPPLIER_ORG != SUPPLIER2_ORG


def test_split_window_zero_turns_the_aggregation_off(
    driver: EscrowDriver, registry: Any, governor: Any, supplier: Any
) -> None:
    receipt = registry.setSplitWindow(0, sender=governor)
    [changed] = receipt.decode_logs(registry.PolicyChanged)
    assert (changed.oldValue, changed.newValue) == (90 * DAY, 0)
    for _ in range(2):
        assert split_flags(driver, supplier) == []


@pytest.mark.parametrize("seconds", [1, DAY - 1, 365 * DAY + 1])
def test_split_window_out_of_range_reverts_with_RegistryInvalidPolicy(
    registry: Any, governor: Any, seconds: int
) -> None:
    with ape.reverts(
        registry.RegistryInvalidPolicy, parameter=b32("splitWindowSec"), value=seconds
    ):
        registry.setSplitWindow(seconds, sender=governor)

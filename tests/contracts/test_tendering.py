"""Tendering: sealed-bid tenders by commit-reveal (DESIGN section 5, "Tender").

Covers every function's happy path and events, every ITendering error, the access matrix, the
deadlines at -1/0/+1 s, red flags, ties, bonds and budget, the escrow hooks, and a stateful
property test of bond conservation, the winner and monotone status.
"""

from collections.abc import Callable
from typing import Any

import pytest
from eth_utils import keccak
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from tests.support.access import access_matrix
from tests.support.constants import (
    ACCESS_CALLERS,
    AGENCY_ORG,
    CONTRACTOR_ORG,
    FISCAL_YEAR,
    KIND,
    OCID_PREFIX,
    SUPPLIER3_ORG,
    SUPPLIER_ORG,
)
from tests.support.examples import examples
from tests.support.reverts import assert_call_reverts, reverts_with
from tests.support.tendering import (
    AWARDED,
    BID_NONE,
    BOND_IDR,
    CANCELLED,
    COMMITTED,
    DISQUALIFIED,
    EXCLUDED,
    FAILED,
    HPS_IDR,
    MIN_REVEAL_PERIOD_SEC,
    NONE,
    OBJ_PENDING,
    OBJ_REJECTED,
    OBJ_UPHELD,
    OPEN,
    REVEALED,
    SPEC_HASH,
    SPEC_URI,
    SUPPLIER_FUNDS_IDR,
    UINT128_MAX,
    BatchReader,
    Tenders,
    balance_of_call,
    commitment,
    item,
    order_terms,
    salt_of,
    tender_status_call,
)

REASON = keccak(text="reason: forged certificate")
ZERO = "0x0000000000000000000000000000000000000000"


# ------------------------------------------------------------------------------------ fixtures


# The fixtures below transact (rupiah minted to the bidders, approvals, an ESCROW_ROLE grant), so
# they are module-scoped: Ape reverts the module's snapshot at its end (docs/testing.md).
@pytest.fixture(scope="module")
def bidders(
    participants: Any,
    token: Any,
    tendering: Any,
    treasury: Any,
    supplier: Any,
    supplier2: Any,
    supplier3: Any,
    contractor: Any,
) -> list[Any]:
    """The four supplier-role accounts, funded with rupiah and having approved Tendering."""
    accounts = [supplier, supplier2, supplier3, contractor]
    for account in accounts:
        token.mint(account, SUPPLIER_FUNDS_IDR, sender=treasury)
        token.approve(tendering, 2**256 - 1, sender=account)
    return accounts


@pytest.fixture(scope="module")
def tenders(
    bidders: list[Any], tendering: Any, registry: Any, token: Any, chain: Any, agency: Any
) -> Tenders:
    return Tenders(tendering, registry, token, chain, agency)


@pytest.fixture(scope="module")
def escrow_account(accounts: Any, registry: Any, governor: Any, participants: Any) -> Any:
    """A fresh account standing in for OrderEscrow: it holds the registry's ESCROW_ROLE."""
    account = accounts.generate_test_account()
    governor.transfer(account, 10**18)  # Ape refuses to sign for an account without ether
    registry.grantRole(registry.ESCROW_ROLE(), account, sender=governor)
    return account


@pytest.fixture
def second_account_of(accounts: Any, registry: Any, governor: Any) -> Callable[[int, str], Any]:
    """Adds a fresh account to organisation `org_id` with `role` (a second officer)."""

    def _add(org_id: int, role: str) -> Any:
        account = accounts.generate_test_account()
        governor.transfer(account, 10**18)  # Ape refuses to sign for an account without ether
        registry.addAccount(account, org_id, sender=governor)
        registry.grantRole(getattr(registry, role)(), account, sender=governor)
        return account

    return _add


def balance(token: Any, account: Any) -> int:
    return int(token.balanceOf(account))


def committed_budget(registry: Any, org_id: int = AGENCY_ORG) -> int:
    return int(registry.budget(org_id, FISCAL_YEAR).committedIdr)


def flags(receipt: Any, tendering: Any) -> list[bytes]:
    return [bytes(log.code) for log in receipt.decode_logs(tendering.RedFlagRaised)]


@pytest.fixture
def in_reveal(tenders: Tenders, supplier: Any) -> int:
    """A tender in its reveal window holding `supplier`'s committed bid of 400."""
    tender_id = tenders.open()
    tenders.commit(tender_id, supplier, 400)
    tenders.to_reveal(tender_id)
    return tender_id


@pytest.fixture
def failed_without_bids(tenders: Tenders) -> int:
    """A tender finalised as failed: nobody bid."""
    tender_id = tenders.run([])
    tenders.finalise(tender_id)
    return tender_id


def assert_award_not_awarded(tendering: Any, tender_id: int, status: int) -> None:
    """The `award` view of `tender_id` reverts with TenderingNotAwarded in `status`."""
    assert_call_reverts(
        tendering,
        "award",
        [tender_id],
        tendering.TenderingNotAwarded,
        tenderId=tender_id,
        status=status,
    )


# ------------------------------------------------------------------------------------ opening


def test_open_tender_stores_the_tender_and_emits_TenderOpened_with_ocid_and_items(
    tenders: Tenders, tendering: Any, agency: Any, chain: Any
) -> None:
    opened_at = chain.pending_timestamp
    params = tenders.params(opened_at)
    chain.pending_timestamp = opened_at
    receipt = tendering.openTender(params, sender=agency)

    [log] = receipt.decode_logs(tendering.TenderOpened)
    assert log.tenderId == 1
    assert log.agency == agency.address
    assert log.agencyOrgId == AGENCY_ORG
    assert log.ocid == f"{OCID_PREFIX}-{chain.chain_id}-T1"
    spec_hash, spec_uri, items, hps, bid_at, reveal_at, bond, year, from_at, until_at = log.params
    assert (from_at, until_at) == (params[8], params[9])
    assert (spec_hash, spec_uri, hps, bond, year) == (
        SPEC_HASH,
        SPEC_URI,
        HPS_IDR,
        BOND_IDR,
        FISCAL_YEAR,
    )
    assert [tuple(i) for i in items] == [item(1), item(2, 3)]
    assert (bid_at, reveal_at) == (params[4], params[5])
    t = tendering.tender(1)
    assert (t.agency, t.agencyOrgId, t.fiscalYear, t.status) == (
        agency.address,
        AGENCY_ORG,
        FISCAL_YEAR,
        OPEN,
    )
    assert (t.hpsIdr, t.bondIdr, t.bidDeadlineAt, t.revealDeadlineAt) == (
        HPS_IDR,
        BOND_IDR,
        bid_at,
        reveal_at,
    )
    assert (t.maxBids, t.bidCount, t.winner, t.orderId, t.winnerBondHeld) == (
        200,
        0,
        ZERO,
        0,
        False,
    )
    assert (t.pauseSnapshot, t.accepted, t.pendingObjections, t.objectionEndsAt) == (0, False, 0, 0)
    assert tendering.tenderCount() == 1


def test_open_tender_ids_start_at_one_and_increase(tenders: Tenders, tendering: Any) -> None:
    assert [tenders.open(), tenders.open(), tenders.open()] == [1, 2, 3]
    assert tendering.tenderCount() == 3


def test_open_tender_commits_hps_to_the_agency_budget(
    tenders: Tenders, tendering: Any, registry: Any, agency: Any, chain: Any
) -> None:
    before = committed_budget(registry)
    receipt = tendering.openTender(tenders.params(chain.pending_timestamp + 5), sender=agency)
    [log] = receipt.decode_logs(registry.BudgetCommitted)
    assert (log.agencyOrgId, log.fiscalYear, log.amountIdr) == (AGENCY_ORG, FISCAL_YEAR, HPS_IDR)
    assert log.spender == tendering.address
    assert committed_budget(registry) == before + HPS_IDR


def test_open_tender_over_the_budget_reverts_with_RegistryBudgetExceeded(
    tenders: Tenders, tendering: Any, registry: Any, agency: Any, chain: Any
) -> None:
    ceiling = int(registry.budget(AGENCY_ORG, FISCAL_YEAR).ceilingIdr)
    params = tenders.params(chain.pending_timestamp + 5, hps_idr=ceiling + 1, bond_idr=ceiling)
    with reverts_with(
        registry.RegistryBudgetExceeded, requestedIdr=ceiling + 1, availableIdr=ceiling
    ):
        tendering.openTender(params, sender=agency)


# (the period, where its deadline stands in TenderParams, its error when too short)
PERIOD_TOO_SHORT = [
    pytest.param(
        "bid",
        4,
        lambda t: t.TenderingBidPeriodTooShort,
        id="bid_deadline_before_min_period_TenderingBidPeriodTooShort",
    ),
    pytest.param(
        "reveal",
        5,
        lambda t: t.TenderingRevealPeriodTooShort,
        id="reveal_deadline_under_1h_TenderingRevealPeriodTooShort",
    ),
]


@pytest.mark.parametrize("offset", [-1, 0, 1])
@pytest.mark.parametrize(("period", "deadline_index", "error"), PERIOD_TOO_SHORT)
def test_open_tender_with_a_period_under_its_minimum_reverts_with_its_error(
    tenders: Tenders,
    tendering: Any,
    agency: Any,
    chain: Any,
    period: str,
    deadline_index: int,
    error: Callable[[Any], Any],
    offset: int,
) -> None:
    assert tendering.MIN_REVEAL_PERIOD_SEC() == MIN_REVEAL_PERIOD_SEC
    minimum = tenders.min_period_sec if period == "bid" else MIN_REVEAL_PERIOD_SEC
    opened_at = chain.pending_timestamp + 10
    params = tenders.params(opened_at, **{f"{period}_period_sec": minimum + offset})
    chain.pending_timestamp = opened_at
    deadline_field = f"{period}DeadlineAt"
    # The bid period runs from the opening, the reveal period from the bid deadline.
    earliest = (opened_at if period == "bid" else params[4]) + minimum
    if offset < 0:
        with reverts_with(
            error(tendering),
            **{deadline_field: params[deadline_index]},
            earliestAllowedAt=earliest,
        ):
            tendering.openTender(params, sender=agency)
    else:
        tendering.openTender(params, sender=agency)
        assert getattr(tendering.tender(1), deadline_field) == earliest + offset


@pytest.mark.parametrize(
    ("from_offset", "until_offset"), [(10, 9), (0, 0), (-2 * 86_400, -1), (-2 * 86_400, 0)]
)
def test_open_tender_with_a_bad_delivery_period_reverts_with_TenderingInvalidDeliveryPeriod(
    tenders: Tenders, tendering: Any, agency: Any, chain: Any, from_offset: int, until_offset: int
) -> None:
    # The period must not be empty and must end after the reveal deadline (params[5]).
    params = list(tenders.params(chain.pending_timestamp + 5))
    reveal = params[5]
    params[8], params[9] = reveal + from_offset, reveal + until_offset
    if from_offset > until_offset or until_offset <= 0:
        with reverts_with(
            tendering.TenderingInvalidDeliveryPeriod,
            deliveryFromAt=params[8],
            deliveryUntilAt=params[9],
        ):
            tendering.openTender(tuple(params), sender=agency)


def test_open_tender_with_a_delivery_period_ending_at_2_pow_40_reverts_with_TenderingInvalidDeliveryPeriod(
    tenders: Tenders, tendering: Any, agency: Any, chain: Any
) -> None:
    # Every time of a tender is stored in 40 bits (docs/gas.md): the period ends below 2^40.
    params = list(tenders.params(chain.pending_timestamp + 5))
    params[9] = 2**40
    with reverts_with(
        tendering.TenderingInvalidDeliveryPeriod, deliveryFromAt=params[8], deliveryUntilAt=2**40
    ):
        tendering.openTender(tuple(params), sender=agency)
    params[9] = 2**40 - 1
    tendering.openTender(tuple(params), sender=agency)
    assert tendering.tender(1).deliveryUntilAt == 2**40 - 1


def test_open_tender_stores_the_items_hash_and_the_delivery_period(
    tenders: Tenders, tendering: Any, agency: Any, chain: Any
) -> None:
    from py_client.hashing import items_hash

    params = tenders.params(chain.pending_timestamp + 5)
    tendering.openTender(params, sender=agency)
    t = tendering.tender(1)
    assert (t.deliveryFromAt, t.deliveryUntilAt) == (params[8], params[9])
    assert bytes(t.itemsHash) == items_hash([(i[0], i[1], i[2]) for i in params[2]])
    assert bytes(tendering.itemsHashOf(params[2])) == bytes(t.itemsHash)


@pytest.mark.parametrize("count", [0, 101])
def test_open_tender_with_no_or_too_many_items_reverts_with_TenderingInvalidItemCount(
    tenders: Tenders, tendering: Any, agency: Any, chain: Any, count: int
) -> None:
    params = tenders.params(chain.pending_timestamp + 5, items=[item(n) for n in range(count)])
    with reverts_with(tendering.TenderingInvalidItemCount, count=count, maxItems=100):
        tendering.openTender(params, sender=agency)


def test_open_tender_accepts_the_maximum_of_100_items(tenders: Tenders, tendering: Any) -> None:
    assert tendering.MAX_ITEMS() == 100
    tender_id = tenders.open(items=[item(n) for n in range(100)])
    assert tendering.tender(tender_id).status == OPEN


def test_open_tender_with_a_zero_quantity_reverts_with_TenderingInvalidQuantity(
    tenders: Tenders, tendering: Any, agency: Any, chain: Any
) -> None:
    params = tenders.params(chain.pending_timestamp + 5, items=[item(1), item(2), item(3, 0)])
    with reverts_with(tendering.TenderingInvalidQuantity, index=2):
        tendering.openTender(params, sender=agency)


@pytest.mark.parametrize("hps", [0, UINT128_MAX + 1])
def test_open_tender_with_zero_or_oversized_hps_reverts_with_TenderingInvalidHps(
    tenders: Tenders, tendering: Any, agency: Any, chain: Any, hps: int
) -> None:
    params = tenders.params(chain.pending_timestamp + 5, hps_idr=hps)
    with reverts_with(tendering.TenderingInvalidHps, hpsIdr=hps):
        tendering.openTender(params, sender=agency)


def test_open_tender_with_an_oversized_bond_reverts_with_TenderingInvalidBond(
    tenders: Tenders, tendering: Any, agency: Any, chain: Any
) -> None:
    params = tenders.params(chain.pending_timestamp + 5, bond_idr=UINT128_MAX + 1)
    with reverts_with(tendering.TenderingInvalidBond, bondIdr=UINT128_MAX + 1):
        tendering.openTender(params, sender=agency)


def test_open_tender_stores_the_policy_bid_cap_bounded_by_MAX_BIDS_BOUND(
    tenders: Tenders, tendering: Any, registry: Any, governor: Any
) -> None:
    assert tendering.MAX_BIDS_BOUND() == 200
    registry.setMaxBidsPerTender(200, sender=governor)
    assert tendering.tender(tenders.open()).maxBids == 200
    registry.setMaxBidsPerTender(3, sender=governor)
    assert tendering.tender(tenders.open()).maxBids == 3


def test_open_tender_while_paused_reverts_with_EnforcedPause(
    tenders: Tenders, tendering: Any, registry: Any, governor: Any, agency: Any, chain: Any
) -> None:
    registry.pause(sender=governor)
    with reverts_with(tendering.EnforcedPause):
        tendering.openTender(tenders.params(chain.pending_timestamp + 5), sender=agency)


# ------------------------------------------------------------------------------------ commit


def test_commit_bid_stores_the_bid_pulls_the_bond_and_emits_BidCommitted(
    tenders: Tenders, tendering: Any, token: Any, supplier: Any, supplier2: Any
) -> None:
    tender_id = tenders.open()
    supplier_before = balance(token, supplier)
    tenders.commit(tender_id, supplier2, 500)
    c = tendering.commitmentOf(tender_id, supplier, 400, salt_of(supplier, 400))
    receipt = tendering.commitBid(tender_id, c, sender=supplier)

    [log] = receipt.decode_logs(tendering.BidCommitted)
    b = tendering.bid(tender_id, supplier)
    assert (log.tenderId, log.bidder) == (tender_id, supplier.address)
    # The event carries what the bid stores.
    assert (
        (log.supplierOrgId, log.commitment) == (b.supplierOrgId, b.commitment) == (SUPPLIER_ORG, c)
    )
    assert (b.priceIdr, b.seq, b.state) == (0, 1, COMMITTED)
    assert balance(token, supplier) == supplier_before - BOND_IDR
    assert balance(token, tendering) == 2 * BOND_IDR
    assert tendering.tender(tender_id).bidCount == 2
    assert list(tendering.bidders(tender_id)) == [supplier2.address, supplier.address]


@pytest.mark.parametrize(("hps", "bond", "minimum"), [(HPS_IDR, 0, 5_000_000), (1_001, 5, 6)])
def test_open_tender_with_a_bond_under_the_policy_minimum_reverts_with_TenderingBondTooLow(
    tenders: Tenders, tendering: Any, agency: Any, chain: Any, hps: int, bond: int, minimum: int
) -> None:
    # Default minBondPerMille 5 (0.5 % of the HPS, rounded up): an unrevealed bid always costs.
    params = tenders.params(chain.pending_timestamp + 5, hps_idr=hps, bond_idr=bond)
    with reverts_with(tendering.TenderingBondTooLow, bondIdr=bond, minBondIdr=minimum):
        tendering.openTender(params, sender=agency)
    tendering.openTender(
        tenders.params(chain.pending_timestamp + 5, hps_idr=hps, bond_idr=minimum), sender=agency
    )


def test_commit_bid_without_allowance_reverts_with_ERC20InsufficientAllowance(
    tenders: Tenders, tendering: Any, token: Any, supplier: Any
) -> None:
    tender_id = tenders.open()
    token.approve(tendering, BOND_IDR - 1, sender=supplier)
    with reverts_with(token.ERC20InsufficientAllowance, allowance=BOND_IDR - 1, needed=BOND_IDR):
        tenders.commit(tender_id, supplier, 400)


# (what is sent, the deadline it is sent around, open before it or from it, error on the closed
# side, the bid's state after a send on the open side)
AROUND_A_DEADLINE = [
    pytest.param(
        "commit",
        "bidDeadlineAt",
        True,
        lambda t: t.TenderingBiddingClosed,
        COMMITTED,
        id="commit_bid_around_the_bid_deadline_TenderingBiddingClosed_from_the_deadline",
    ),
    pytest.param(
        "reveal",
        "bidDeadlineAt",
        False,
        lambda t: t.TenderingRevealNotOpen,
        REVEALED,
        id="reveal_bid_around_the_bid_deadline_TenderingRevealNotOpen_only_before",
    ),
    pytest.param(
        "reveal",
        "revealDeadlineAt",
        True,
        lambda t: t.TenderingRevealClosed,
        REVEALED,
        id="reveal_bid_around_the_reveal_deadline_TenderingRevealClosed_from_the_deadline",
    ),
]


@pytest.mark.parametrize("offset", [-1, 0, 1])
@pytest.mark.parametrize(
    ("action", "deadline_field", "open_before", "error", "state_after"), AROUND_A_DEADLINE
)
def test_a_bid_sent_around_a_deadline_reverts_with_the_error_of_the_closed_side(
    tenders: Tenders,
    tendering: Any,
    supplier: Any,
    action: str,
    deadline_field: str,
    open_before: bool,
    error: Callable[[Any], Any],
    state_after: int,
    offset: int,
) -> None:
    tender_id = tenders.open()
    if action == "reveal":
        tenders.commit(tender_id, supplier, 400)
    send = tenders.commit if action == "commit" else tenders.reveal
    deadline = getattr(tendering.tender(tender_id), deadline_field)
    tenders.at(deadline + offset)
    if (offset < 0) == open_before:
        send(tender_id, supplier, 400)
        assert tendering.bid(tender_id, supplier).state == state_after
    else:
        with reverts_with(error(tendering), tenderId=tender_id, **{deadline_field: deadline}):
            send(tender_id, supplier, 400)


def test_commit_bid_twice_reverts_with_TenderingAlreadyBid(
    tenders: Tenders, tendering: Any, supplier: Any
) -> None:
    tender_id = tenders.open()
    tenders.commit(tender_id, supplier, 400)
    with reverts_with(tendering.TenderingAlreadyBid, tenderId=tender_id, bidder=supplier.address):
        tenders.commit(tender_id, supplier, 300)


@pytest.fixture
def bidding_colleague(
    second_account_of: Callable[[int, str], Any], token: Any, treasury: Any, tendering: Any
) -> Callable[[int], Any]:
    """Adds a fresh supplier account to organisation `org_id`, funded with one bond and having
    approved it to Tendering."""

    def _add(org_id: int) -> Any:
        account = second_account_of(org_id, "SUPPLIER_ROLE")
        token.mint(account, BOND_IDR, sender=treasury)
        token.approve(tendering, BOND_IDR, sender=account)
        return account

    return _add


def reverts_org_already_bid(tendering: Any, tender_id: int, org_id: int, existing: Any) -> Any:
    """Expects TenderingOrganisationAlreadyBid: `existing` already bid for organisation `org_id`."""
    return reverts_with(
        tendering.TenderingOrganisationAlreadyBid,
        tenderId=tender_id,
        orgId=org_id,
        existingBidder=existing.address,
    )


def test_commit_bid_by_a_colleague_of_the_bidder_reverts_with_TenderingOrganisationAlreadyBid(
    tenders: Tenders, tendering: Any, supplier: Any, bidding_colleague: Callable[[int], Any]
) -> None:
    colleague = bidding_colleague(SUPPLIER_ORG)
    tender_id = tenders.open()
    tenders.commit(tender_id, supplier, 400)
    with reverts_org_already_bid(tendering, tender_id, SUPPLIER_ORG, supplier):
        tenders.commit(tender_id, colleague, 300)


def test_organisations_above_the_small_ids_are_one_bid_each_and_keep_the_commit_order(
    tenders: Tenders,
    tendering: Any,
    registry: Any,
    governor: Any,
    supplier: Any,
    bidding_colleague: Callable[[int], Any],
) -> None:
    """Organisation ids of 96 or more are marked outside the list head's slot (a bitmap word per
    256 ids): one bid per organisation holds there too, and the bids stay in commit order."""
    org_id = 5_000
    registry.registerOrganisation(
        org_id, KIND["Supplier"], org_id.to_bytes(32, "big"), sender=governor
    )
    first, colleague = bidding_colleague(org_id), bidding_colleague(org_id)
    tender_id = tenders.open()
    tenders.commit(tender_id, first, 500)
    tenders.commit(tender_id, supplier, 400)
    with reverts_org_already_bid(tendering, tender_id, org_id, first):
        tenders.commit(tender_id, colleague, 300)
    assert list(tendering.bidders(tender_id)) == [first.address, supplier.address]
    assert [tendering.bid(tender_id, a).seq for a in (first, supplier)] == [0, 1]
    assert tendering.bid(tender_id, first).supplierOrgId == org_id


def test_commit_bid_beyond_the_cap_stored_at_opening_reverts_with_TenderingTooManyBids(
    tenders: Tenders, tendering: Any, registry: Any, governor: Any, bidders: list[Any]
) -> None:
    registry.setMaxBidsPerTender(2, sender=governor)
    tender_id = tenders.open()
    registry.setMaxBidsPerTender(20, sender=governor)  # later policy changes do not apply
    tenders.commit(tender_id, bidders[0], 100)
    tenders.commit(tender_id, bidders[1], 200)
    with reverts_with(tendering.TenderingTooManyBids, tenderId=tender_id, maxBids=2):
        tenders.commit(tender_id, bidders[2], 300)


def test_commit_bid_on_an_unknown_tender_reverts_with_TenderingUnknownTender(
    tenders: Tenders, tendering: Any, supplier: Any
) -> None:
    tenders.open()
    with reverts_with(tendering.TenderingUnknownTender, tenderId=2):
        tenders.commit(2, supplier, 400)


def test_commit_bid_on_a_cancelled_tender_reverts_with_TenderingNotOpen(
    tenders: Tenders, tendering: Any, agency: Any, supplier: Any
) -> None:
    tender_id = tenders.open()
    tendering.cancelTender(tender_id, REASON, sender=agency)
    with reverts_with(tendering.TenderingNotOpen, tenderId=tender_id, status=CANCELLED):
        tenders.commit(tender_id, supplier, 400)


# ------------------------------------------------------------------------------------ reveal


def test_commitment_of_matches_the_documented_encoding(
    tenders: Tenders, tendering: Any, supplier: Any, chain: Any
) -> None:
    salt = salt_of(supplier, 123)
    expected = commitment(chain.chain_id, tendering, 7, supplier, 123, salt)
    assert tendering.commitmentOf(7, supplier, 123, salt) == expected


@pytest.mark.parametrize(
    ("price", "valid"), [(1, True), (HPS_IDR, True), (HPS_IDR + 1, False), (0, False)]
)
def test_reveal_bid_records_the_price_and_emits_BidRevealed_with_validity(
    tenders: Tenders, tendering: Any, supplier: Any, price: int, valid: bool
) -> None:
    tender_id = tenders.open()
    tenders.commit(tender_id, supplier, price)
    tenders.to_reveal(tender_id)
    receipt = tenders.reveal(tender_id, supplier, price)

    [log] = receipt.decode_logs(tendering.BidRevealed)
    assert (log.tenderId, log.bidder, log.priceIdr, log.salt, log.valid) == (
        tender_id,
        supplier.address,
        price,
        salt_of(supplier, price),
        valid,
    )
    b = tendering.bid(tender_id, supplier)
    assert (b.priceIdr, b.state) == (price, REVEALED)


def test_reveal_bid_of_a_price_over_128_bits_stores_it_saturated_and_invalid(
    tenders: Tenders, tendering: Any, supplier: Any
) -> None:
    tender_id = tenders.open()
    tenders.commit(tender_id, supplier, 2**200)
    tenders.to_reveal(tender_id)
    [log] = tenders.reveal(tender_id, supplier, 2**200).decode_logs(tendering.BidRevealed)
    assert (log.priceIdr, log.valid) == (2**200, False)
    assert tendering.bid(tender_id, supplier).priceIdr == UINT128_MAX


@pytest.mark.parametrize("wrong", ["price", "salt"])
def test_reveal_bid_with_a_wrong_price_or_salt_reverts_with_TenderingCommitmentMismatch(
    tendering: Any, supplier: Any, in_reveal: int, wrong: str
) -> None:
    tender_id = in_reveal
    price, salt = (
        (401, salt_of(supplier, 400)) if wrong == "price" else (400, salt_of(supplier, 401))
    )
    with reverts_with(
        tendering.TenderingCommitmentMismatch, tenderId=tender_id, bidder=supplier.address
    ):
        tendering.revealBid(tender_id, price, salt, sender=supplier)


def test_reveal_bid_of_a_copied_commitment_reverts_with_TenderingCommitmentMismatch(
    tenders: Tenders, tendering: Any, supplier: Any, supplier2: Any
) -> None:
    tender_id = tenders.open()
    c = tendering.commitmentOf(tender_id, supplier, 400, salt_of(supplier, 400))
    tendering.commitBid(tender_id, c, sender=supplier)
    tendering.commitBid(tender_id, c, sender=supplier2)  # a copy binds nobody but its author
    tenders.to_reveal(tender_id)
    with reverts_with(
        tendering.TenderingCommitmentMismatch, tenderId=tender_id, bidder=supplier2.address
    ):
        tendering.revealBid(tender_id, 400, salt_of(supplier, 400), sender=supplier2)


def test_reveal_bid_after_moving_to_another_org_reverts_with_TenderingBidderChangedOrganisation(
    tenders: Tenders, tendering: Any, registry: Any, governor: Any, supplier: Any
) -> None:
    tender_id = tenders.open()
    tenders.commit(tender_id, supplier, 400)
    registry.removeAccount(supplier, sender=governor)
    registry.addAccount(supplier, SUPPLIER3_ORG, sender=governor)
    registry.grantRole(registry.SUPPLIER_ROLE(), supplier, sender=governor)
    tenders.to_reveal(tender_id)
    with reverts_with(
        tendering.TenderingBidderChangedOrganisation,
        tenderId=tender_id,
        bidder=supplier.address,
        bidOrgId=SUPPLIER_ORG,
        currentOrgId=SUPPLIER3_ORG,
    ):
        tenders.reveal(tender_id, supplier, 400)


@pytest.mark.parametrize("state", [BID_NONE, REVEALED, DISQUALIFIED])
def test_reveal_bid_not_committed_reverts_with_TenderingWrongBidState(
    tenders: Tenders, tendering: Any, agency: Any, supplier: Any, state: int
) -> None:
    tender_id = tenders.open()
    if state != BID_NONE:
        tenders.commit(tender_id, supplier, 400)
    tenders.to_reveal(tender_id)
    if state != BID_NONE:
        tenders.reveal(tender_id, supplier, 400)
    if state == DISQUALIFIED:
        tendering.disqualifyBid(tender_id, supplier, REASON, sender=agency)
    with reverts_with(
        tendering.TenderingWrongBidState, tenderId=tender_id, bidder=supplier.address, state=state
    ):
        tenders.reveal(tender_id, supplier, 400)


# ------------------------------------------------------------------------------------ disqualify


def test_disqualify_bid_marks_the_bid_and_emits_BidDisqualified(
    tenders: Tenders, tendering: Any, agency: Any, supplier: Any, in_reveal: int
) -> None:
    tender_id = in_reveal
    tenders.reveal(tender_id, supplier, 400)
    receipt = tendering.disqualifyBid(tender_id, supplier, REASON, sender=agency)

    [log] = receipt.decode_logs(tendering.BidDisqualified)
    assert (log.tenderId, log.bidder, log.agencyAccount, log.reasonHash) == (
        tender_id,
        supplier.address,
        agency.address,
        REASON,
    )
    assert tendering.bid(tender_id, supplier).state == DISQUALIFIED


def test_disqualify_bid_by_another_officer_of_the_agency_org_succeeds(
    tenders: Tenders, tendering: Any, supplier: Any, second_account_of: Any
) -> None:
    officer = second_account_of(AGENCY_ORG, "AGENCY_ROLE")
    tender_id = tenders.run([(supplier, 400)])
    tendering.disqualifyBid(tender_id, supplier, REASON, sender=officer)
    assert tendering.bid(tender_id, supplier).state == DISQUALIFIED


def test_disqualify_bid_by_another_agency_reverts_with_TenderingNotTenderAgency(
    tenders: Tenders, tendering: Any, agency2: Any, supplier: Any
) -> None:
    tender_id = tenders.run([(supplier, 400)])
    with reverts_with(
        tendering.TenderingNotTenderAgency, tenderId=tender_id, account=agency2.address
    ):
        tendering.disqualifyBid(tender_id, supplier, REASON, sender=agency2)


@pytest.mark.parametrize("state", [BID_NONE, COMMITTED, DISQUALIFIED])
def test_disqualify_bid_not_revealed_reverts_with_TenderingWrongBidState(
    tenders: Tenders, tendering: Any, agency: Any, supplier: Any, supplier2: Any, state: int
) -> None:
    tender_id = tenders.open()
    tenders.commit(tender_id, supplier2, 500)
    if state != BID_NONE:
        tenders.commit(tender_id, supplier, 400)
    tenders.to_reveal(tender_id)
    if state == DISQUALIFIED:
        tenders.reveal(tender_id, supplier, 400)
        tendering.disqualifyBid(tender_id, supplier, REASON, sender=agency)
    with reverts_with(
        tendering.TenderingWrongBidState, tenderId=tender_id, bidder=supplier.address, state=state
    ):
        tendering.disqualifyBid(tender_id, supplier, REASON, sender=agency)


def test_disqualify_bid_after_finalisation_reverts_with_TenderingNotOpen(
    tenders: Tenders, tendering: Any, agency: Any, supplier: Any
) -> None:
    tender_id = tenders.run([(supplier, 400)])
    tenders.finalise(tender_id)
    with reverts_with(tendering.TenderingNotOpen, tenderId=tender_id, status=AWARDED):
        tendering.disqualifyBid(tender_id, supplier, REASON, sender=agency)


# ------------------------------------------------------------------------------------ finalise


@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_finalise_tender_before_reveal_deadline_reverts_with_TenderingRevealPeriodNotOver(
    tenders: Tenders, tendering: Any, supplier: Any, outsider: Any, offset: int
) -> None:
    tender_id = tenders.run([(supplier, 400)])
    deadline = tendering.tender(tender_id).revealDeadlineAt
    tenders.at(deadline + offset)
    if offset < 0:
        with reverts_with(
            tendering.TenderingRevealPeriodNotOver, tenderId=tender_id, revealDeadlineAt=deadline
        ):
            tenders.finalise(tender_id, outsider)
    else:
        tenders.finalise(tender_id, outsider)
        assert tendering.tender(tender_id).status == AWARDED


def test_finalise_tender_awards_the_lowest_valid_price_and_emits_TenderAwarded(
    tenders: Tenders, tendering: Any, agency: Any, bidders: list[Any], outsider: Any
) -> None:
    s1, s2, s3, s4 = bidders
    # 0 and HPS + 1 are invalid even though 0 is the lowest number.
    tender_id = tenders.run([(s1, 700), (s2, 0), (s3, HPS_IDR + 1), (s4, 650)])
    receipt = tenders.finalise(tender_id, outsider)

    [log] = receipt.decode_logs(tendering.TenderAwarded)
    assert (log.tenderId, log.supplier, log.priceIdr, log.supplierOrgId) == (
        tender_id,
        s4.address,
        650,
        CONTRACTOR_ORG,
    )
    t = tendering.tender(tender_id)
    assert (t.status, t.winner, t.winnerBondHeld) == (AWARDED, s4.address, True)
    a = tendering.award(tender_id)
    assert (a.agency, a.agencyOrgId, a.fiscalYear) == (agency.address, AGENCY_ORG, FISCAL_YEAR)
    assert (a.supplier, a.supplierOrgId, a.priceIdr, a.orderId) == (
        s4.address,
        CONTRACTOR_ORG,
        650,
        0,
    )
    assert receipt.decode_logs(tendering.TenderFailed) == []


def test_finalise_tender_breaks_a_tie_for_the_earlier_commit(
    tenders: Tenders, tendering: Any, bidders: list[Any]
) -> None:
    s1, s2, s3, _ = bidders
    tender_id = tenders.run([(s3, 500), (s1, 400), (s2, 400)])
    tenders.finalise(tender_id)
    assert tendering.award(tender_id).supplier == s1.address


def test_finalise_tender_ignores_disqualified_and_unrevealed_bids(
    tenders: Tenders, tendering: Any, agency: Any, bidders: list[Any]
) -> None:
    s1, s2, s3, s4 = bidders
    tender_id = tenders.run([(s1, 100), (s2, 200), (s3, 300), (s4, 400)], reveal=[s2, s3, s4])
    tendering.disqualifyBid(tender_id, s2, REASON, sender=agency)
    tenders.finalise(tender_id)
    assert tendering.award(tender_id).supplier == s3.address


def order_and_accept(tenders: Tenders, escrow_account: Any, tender_id: int) -> Any:
    """Past the objection window, the escrow orders the award (as order 3) and accepts it;
    returns the acceptAward receipt."""
    tendering = tenders.tendering
    tenders.to_orderable(tender_id)
    tendering.consumeAward(tender_id, 3, *order_terms(tendering, tender_id), sender=escrow_account)
    return tendering.acceptAward(tender_id, 3, sender=escrow_account)


def budget_released(receipt: Any, registry: Any) -> tuple[int, int, int]:
    """The receipt's one BudgetReleased as (agency organisation, fiscal year, amount)."""
    [log] = receipt.decode_logs(registry.BudgetReleased)
    return (log.agencyOrgId, log.fiscalYear, log.amountIdr)


def test_finalise_tender_keeps_the_hps_committed_until_the_award_is_accepted(
    tenders: Tenders, tendering: Any, registry: Any, supplier: Any, escrow_account: Any
) -> None:
    before = committed_budget(registry)
    tender_id = tenders.run([(supplier, 600_000_000)])
    receipt = tenders.finalise(tender_id)
    assert receipt.decode_logs(registry.BudgetReleased) == []
    assert committed_budget(registry) == before + HPS_IDR
    receipt = order_and_accept(tenders, escrow_account, tender_id)
    released = HPS_IDR - 600_000_000
    assert budget_released(receipt, registry) == (AGENCY_ORG, FISCAL_YEAR, released)
    assert committed_budget(registry) == before + 600_000_000


def test_finalise_tender_at_the_hps_releases_nothing(
    tenders: Tenders, tendering: Any, registry: Any, supplier: Any
) -> None:
    tender_id = tenders.run([(supplier, HPS_IDR)])
    receipt = tenders.finalise(tender_id)
    assert receipt.decode_logs(registry.BudgetReleased) == []
    assert tendering.award(tender_id).priceIdr == HPS_IDR


def test_finalise_tender_without_a_valid_bid_fails_releases_the_hps_and_emits_TenderFailed(
    tenders: Tenders, tendering: Any, registry: Any, bidders: list[Any]
) -> None:
    s1, s2, s3, _ = bidders
    before = committed_budget(registry)
    tender_id = tenders.run([(s1, HPS_IDR + 1), (s2, 0), (s3, 5)], reveal=[s1, s2])
    receipt = tenders.finalise(tender_id)

    [log] = receipt.decode_logs(tendering.TenderFailed)
    assert (log.tenderId, log.bidCount) == (tender_id, 3)
    assert receipt.decode_logs(tendering.TenderAwarded) == []
    t = tendering.tender(tender_id)
    assert (t.status, t.winner, t.winnerBondHeld) == (FAILED, ZERO, False)
    assert committed_budget(registry) == before
    assert_award_not_awarded(tendering, tender_id, FAILED)


def test_accepting_an_award_after_disqualifying_the_lowest_bid_releases_the_hps_minus_the_winners(
    tenders: Tenders,
    tendering: Any,
    registry: Any,
    agency: Any,
    bidders: list[Any],
    escrow_account: Any,
) -> None:
    s1, s2, s3, _ = bidders
    before = committed_budget(registry)
    tender_id = tenders.run([(s1, 700_000_000), (s2, 400_000_000), (s3, 900_000_000)])
    tendering.disqualifyBid(tender_id, s2, REASON, sender=agency)  # the lowest
    assert tenders.finalise(tender_id).decode_logs(registry.BudgetReleased) == []
    receipt = order_and_accept(tenders, escrow_account, tender_id)

    released = HPS_IDR - 700_000_000  # the winner's price, not the disqualified lowest one
    assert budget_released(receipt, registry) == (AGENCY_ORG, FISCAL_YEAR, released)
    assert committed_budget(registry) == before + 700_000_000
    assert tendering.award(tender_id).priceIdr == 700_000_000


def test_a_failed_tender_refunds_revealed_bonds_and_forfeits_unrevealed_ones_to_the_treasury(
    tenders: Tenders, tendering: Any, token: Any, registry: Any, agency: Any, bidders: list[Any]
) -> None:
    s1, s2, s3, s4 = bidders
    # s1 above the HPS, s2 disqualified, s3 never reveals, s4 bids 0: no valid bid.
    tender_id = tenders.run([(s1, HPS_IDR + 1), (s2, 300), (s3, 200), (s4, 0)], reveal=[s1, s2, s4])
    tendering.disqualifyBid(tender_id, s2, REASON, sender=agency)
    assert balance(token, tendering) == 4 * BOND_IDR
    treasury = registry.treasuryAccount()
    before = {
        a: balance(token, a) for a in [*(b.address for b in bidders), agency.address, treasury]
    }
    receipt = tenders.finalise(tender_id)

    assert receipt.decode_logs(tendering.TenderFailed)[0].tenderId == tender_id
    refunds = {(log.bidder, log.amountIdr) for log in receipt.decode_logs(tendering.BondRefunded)}
    assert refunds == {(s1.address, BOND_IDR), (s2.address, BOND_IDR), (s4.address, BOND_IDR)}
    [forfeit] = receipt.decode_logs(tendering.BondForfeited)
    assert (forfeit.bidder, forfeit.treasury, forfeit.amountIdr) == (
        s3.address,
        treasury,
        BOND_IDR,
    )
    for refunded in (s1, s2, s4):
        assert balance(token, refunded) == before[refunded.address] + BOND_IDR
    assert balance(token, s3) == before[s3.address]
    assert balance(token, treasury) == before[treasury] + BOND_IDR
    assert balance(token, agency) == before[agency.address]
    assert balance(token, tendering) == 0  # no winner: nothing is held back


def test_finalise_tender_without_bids_fails(tenders: Tenders, tendering: Any) -> None:
    tender_id = tenders.run([])
    receipt = tenders.finalise(tender_id)
    assert receipt.decode_logs(tendering.TenderFailed)[0].bidCount == 0
    assert tendering.tender(tender_id).status == FAILED


def test_finalise_tender_settles_every_bond_forfeits_to_the_treasury_not_the_agency(
    tenders: Tenders, tendering: Any, token: Any, agency: Any, registry: Any, bidders: list[Any]
) -> None:
    s1, s2, s3, s4 = bidders
    # s1 loses, s2 wins, s3 is disqualified, s4 never reveals.
    tender_id = tenders.run([(s1, 500), (s2, 300), (s3, 200), (s4, 100)], reveal=[s1, s2, s3])
    tendering.disqualifyBid(tender_id, s3, REASON, sender=agency)
    treasury = registry.treasuryAccount()
    assert treasury != agency.address
    before = {
        a: balance(token, a) for a in [*(b.address for b in bidders), agency.address, treasury]
    }
    receipt = tenders.finalise(tender_id)

    refunds = {(log.bidder, log.amountIdr) for log in receipt.decode_logs(tendering.BondRefunded)}
    assert refunds == {(s1.address, BOND_IDR), (s3.address, BOND_IDR)}
    [forfeit] = receipt.decode_logs(tendering.BondForfeited)
    assert (forfeit.tenderId, forfeit.bidder, forfeit.treasury, forfeit.amountIdr) == (
        tender_id,
        s4.address,
        treasury,
        BOND_IDR,
    )
    assert balance(token, agency) == before[agency.address]
    assert balance(token, treasury) == before[treasury] + BOND_IDR
    assert balance(token, s1) == before[s1.address] + BOND_IDR
    assert balance(token, s2) == before[s2.address]
    assert balance(token, s3) == before[s3.address] + BOND_IDR
    assert balance(token, s4) == before[s4.address]
    assert balance(token, tendering) == BOND_IDR  # the winner's, until the order is accepted


def test_finalise_tender_twice_reverts_with_TenderingNotOpen(
    tenders: Tenders, tendering: Any, supplier: Any
) -> None:
    tender_id = tenders.run([(supplier, 400)])
    tenders.finalise(tender_id)
    with reverts_with(tendering.TenderingNotOpen, tenderId=tender_id, status=AWARDED):
        tenders.finalise(tender_id)


def test_finalise_tender_while_paused_reverts_with_EnforcedPause(
    tenders: Tenders, tendering: Any, registry: Any, governor: Any, supplier: Any
) -> None:
    tender_id = tenders.run([(supplier, 400)])
    registry.pause(sender=governor)
    with reverts_with(tendering.EnforcedPause):
        tenders.finalise(tender_id)


def test_finalise_tender_of_an_unknown_tender_reverts_with_TenderingUnknownTender(
    tenders: Tenders, tendering: Any
) -> None:
    with reverts_with(tendering.TenderingUnknownTender, tenderId=1):
        tenders.finalise(1)


# ------------------------------------------------------------------------------------ red flags


def test_finalise_tender_of_a_competitive_tender_raises_no_red_flag(
    tenders: Tenders, tendering: Any, bidders: list[Any]
) -> None:
    s1, s2, s3, _ = bidders
    tender_id = tenders.run([(s1, 300), (s2, 400), (s3, 500)])
    assert flags(tenders.finalise(tender_id), tendering) == []


def test_finalise_tender_with_a_single_eligible_bid_raises_R018(
    tenders: Tenders, tendering: Any, bidders: list[Any]
) -> None:
    s1, s2, s3, _ = bidders
    tender_id = tenders.run([(s1, 300), (s2, HPS_IDR + 1), (s3, 100)], reveal=[s1, s2])
    receipt = tenders.finalise(tender_id)
    log, withheld = receipt.decode_logs(tendering.RedFlagRaised)
    assert (log.tenderId, bytes(log.code), log.bidder, log.priceIdr) == (
        tender_id,
        b"R018",
        s1.address,
        300,
    )
    assert (bytes(withheld.code), withheld.bidder, withheld.priceIdr) == (b"RN03", s3.address, 0)


def test_finalise_tender_with_identical_valid_prices_raises_R028_for_the_lowest_shared_price(
    tenders: Tenders, tendering: Any, bidders: list[Any]
) -> None:
    s1, s2, s3, s4 = bidders
    tender_id = tenders.run([(s1, 500), (s2, 400), (s3, 500), (s4, 400)])
    receipt = tenders.finalise(tender_id)
    [log] = receipt.decode_logs(tendering.RedFlagRaised)
    assert (bytes(log.code), log.bidder, log.priceIdr) == (b"R028", s4.address, 400)


def test_finalise_tender_with_identical_invalid_prices_raises_no_R028(
    tenders: Tenders, tendering: Any, bidders: list[Any]
) -> None:
    s1, s2, s3, _ = bidders
    tender_id = tenders.run([(s1, HPS_IDR + 1), (s2, HPS_IDR + 1), (s3, 400), (bidders[3], 500)])
    assert flags(tenders.finalise(tender_id), tendering) == []


# (prices bid by s1, s2, s3; the bidders disqualified; the red flags raised as
# {code: (bidder, price)}; the winner), bidders by their index
FLAGS_AFTER_DISQUALIFYING = [
    pytest.param([300, 200, 400], [1], {b"R036": (1, 200)}, 0, id="the_lowest_bid_raises_R036"),
    pytest.param([300, 200, 400], [2], {}, 1, id="a_higher_bid_raises_no_R036"),
    pytest.param(
        [300, 400, 500],
        [1, 2],
        # The winner is then also the single eligible bid.
        {b"R035": (0, 300), b"R018": (0, 300)},
        0,
        id="all_but_the_winner_raises_R035",
    ),
]


@pytest.mark.parametrize(
    ("prices", "disqualified", "expected", "winner"), FLAGS_AFTER_DISQUALIFYING
)
def test_finalise_tender_after_disqualifying_raises_the_red_flags_that_apply(
    tenders: Tenders,
    tendering: Any,
    agency: Any,
    bidders: list[Any],
    prices: list[int],
    disqualified: list[int],
    expected: dict[bytes, tuple[int, int]],
    winner: int,
) -> None:
    tender_id = tenders.run(list(zip(bidders, prices, strict=False)))
    for index in disqualified:
        tendering.disqualifyBid(tender_id, bidders[index], REASON, sender=agency)
    receipt = tenders.finalise(tender_id)
    raised = {
        bytes(log.code): (log.bidder, log.priceIdr)
        for log in receipt.decode_logs(tendering.RedFlagRaised)
    }
    assert raised == {code: (bidders[i].address, price) for code, (i, price) in expected.items()}
    assert tendering.award(tender_id).supplier == bidders[winner].address


def test_finalise_tender_raises_every_applicable_red_flag_together(
    tenders: Tenders, tendering: Any, agency: Any, bidders: list[Any]
) -> None:
    s1, s2, s3, _ = bidders
    tender_id = tenders.run([(s1, 200), (s2, 200), (s3, 300)])
    tendering.disqualifyBid(tender_id, s1, REASON, sender=agency)
    tendering.disqualifyBid(tender_id, s2, REASON, sender=agency)
    receipt = tenders.finalise(tender_id)
    assert sorted(flags(receipt, tendering)) == [b"R018", b"R028", b"R035", b"R036"]
    assert tendering.award(tender_id).supplier == s3.address


def test_finalise_tender_failed_by_disqualification_raises_R036(
    tenders: Tenders, tendering: Any, agency: Any, supplier: Any
) -> None:
    tender_id = tenders.run([(supplier, 300)])
    tendering.disqualifyBid(tender_id, supplier, REASON, sender=agency)
    receipt = tenders.finalise(tender_id)
    assert flags(receipt, tendering) == [b"R036"]
    assert tendering.tender(tender_id).status == FAILED


# ------------------------------------------------------------------------------------ cancel


def test_cancel_tender_refunds_every_bond_releases_the_hps_and_emits_TenderCancelled(
    tenders: Tenders, tendering: Any, registry: Any, token: Any, agency: Any, bidders: list[Any]
) -> None:
    s1, s2, s3, _ = bidders
    before_budget = committed_budget(registry)
    tender_id = tenders.run([(s1, 300), (s2, 400), (s3, 500)], reveal=[s1, s2])
    tendering.disqualifyBid(tender_id, s2, REASON, sender=agency)
    before = [balance(token, a) for a in (s1, s2, s3)]
    receipt = tendering.cancelTender(tender_id, REASON, sender=agency)

    [log] = receipt.decode_logs(tendering.TenderCancelled)
    assert (log.tenderId, log.agencyAccount, log.reasonHash) == (tender_id, agency.address, REASON)
    refunds = [(r.bidder, r.amountIdr) for r in receipt.decode_logs(tendering.BondRefunded)]
    assert refunds == [(s1.address, BOND_IDR), (s2.address, BOND_IDR), (s3.address, BOND_IDR)]
    assert [balance(token, a) for a in (s1, s2, s3)] == [b + BOND_IDR for b in before]
    assert balance(token, tendering) == 0
    assert committed_budget(registry) == before_budget
    assert tendering.tender(tender_id).status == CANCELLED


def test_cancel_tender_by_another_officer_of_the_agency_org_succeeds(
    tenders: Tenders, tendering: Any, second_account_of: Any
) -> None:
    officer = second_account_of(AGENCY_ORG, "AGENCY_ROLE")
    tender_id = tenders.open()
    tendering.cancelTender(tender_id, REASON, sender=officer)
    assert tendering.tender(tender_id).status == CANCELLED


def test_cancel_tender_by_another_agency_reverts_with_TenderingNotTenderAgency(
    tenders: Tenders, tendering: Any, agency2: Any
) -> None:
    tender_id = tenders.open()
    with reverts_with(
        tendering.TenderingNotTenderAgency, tenderId=tender_id, account=agency2.address
    ):
        tendering.cancelTender(tender_id, REASON, sender=agency2)


def test_cancel_tender_after_finalisation_reverts_with_TenderingNotOpen(
    tendering: Any, agency: Any, failed_without_bids: int
) -> None:
    tender_id = failed_without_bids
    with reverts_with(tendering.TenderingNotOpen, tenderId=tender_id, status=FAILED):
        tendering.cancelTender(tender_id, REASON, sender=agency)


# ------------------------------------------------------------------------------------ escrow hooks


@pytest.fixture
def awarded(tenders: Tenders, supplier: Any, supplier2: Any) -> int:
    """An awarded tender past its objection window: supplier wins at 400 against supplier2 at
    500."""
    tender_id = tenders.run([(supplier, 400), (supplier2, 500)])
    tenders.finalise(tender_id)
    tenders.to_orderable(tender_id)
    return tender_id


def test_consume_award_records_the_order_and_emits_AwardOrdered(
    tendering: Any, escrow_account: Any, awarded: int
) -> None:
    receipt = tendering.consumeAward(
        awarded, 7, *order_terms(tendering, awarded), sender=escrow_account
    )
    [log] = receipt.decode_logs(tendering.AwardOrdered)
    assert (log.tenderId, log.orderId) == (awarded, 7)
    assert tendering.award(awarded).orderId == 7
    t = tendering.tender(awarded)
    assert (t.orderId, t.orderedAt) == (7, t.objectionEndsAt)


def test_consume_award_twice_reverts_with_TenderingAwardAlreadyOrdered(
    tendering: Any, escrow_account: Any, awarded: int
) -> None:
    tendering.consumeAward(awarded, 7, *order_terms(tendering, awarded), sender=escrow_account)
    with reverts_with(tendering.TenderingAwardAlreadyOrdered, tenderId=awarded, existingOrderId=7):
        tendering.consumeAward(awarded, 8, *order_terms(tendering, awarded), sender=escrow_account)


@pytest.mark.parametrize("order_id", [0, 2**48, 2**64])
def test_consume_award_with_order_id_zero_or_over_48_bits_reverts_with_TenderingInvalidOrderId(
    tendering: Any, escrow_account: Any, awarded: int, order_id: int
) -> None:
    with reverts_with(tendering.TenderingInvalidOrderId, orderId=order_id):
        tendering.consumeAward(
            awarded, order_id, *order_terms(tendering, awarded), sender=escrow_account
        )


def test_consume_award_of_an_open_tender_reverts_with_TenderingNotAwarded(
    tenders: Tenders, tendering: Any, escrow_account: Any
) -> None:
    tender_id = tenders.open()
    with reverts_with(tendering.TenderingNotAwarded, tenderId=tender_id, status=OPEN):
        tendering.consumeAward(
            tender_id, 1, *order_terms(tendering, tender_id), sender=escrow_account
        )


def test_consume_award_by_a_non_escrow_reverts_with_TenderingUnauthorizedEscrow(
    tendering: Any, agency: Any, awarded: int
) -> None:
    with reverts_with(tendering.TenderingUnauthorizedEscrow, caller=agency.address):
        tendering.consumeAward(awarded, 1, *order_terms(tendering, awarded), sender=agency)


def reverts_not_current_order(tendering: Any, tender_id: int, order_id: int, current: int) -> Any:
    """Expects TenderingNotCurrentOrder for `order_id` while `current` holds the award."""
    return reverts_with(
        tendering.TenderingNotCurrentOrder,
        tenderId=tender_id,
        orderId=order_id,
        currentOrderId=current,
    )


def test_accept_award_returns_the_bond_once_and_emits_AwardAccepted_and_BondRefunded(
    tendering: Any, token: Any, supplier: Any, escrow_account: Any, awarded: int
) -> None:
    tendering.consumeAward(awarded, 7, *order_terms(tendering, awarded), sender=escrow_account)
    before = balance(token, supplier)
    receipt = tendering.acceptAward(awarded, 7, sender=escrow_account)
    [accepted] = receipt.decode_logs(tendering.AwardAccepted)
    assert (accepted.tenderId, accepted.orderId, accepted.supplier) == (
        awarded,
        7,
        supplier.address,
    )
    [log] = receipt.decode_logs(tendering.BondRefunded)
    assert (log.tenderId, log.bidder, log.amountIdr) == (awarded, supplier.address, BOND_IDR)
    assert balance(token, supplier) == before + BOND_IDR
    assert balance(token, tendering) == 0
    t = tendering.tender(awarded)
    assert (t.winnerBondHeld, t.accepted) == (False, True)
    with reverts_not_current_order(tendering, awarded, 7, current=7):
        tendering.acceptAward(awarded, 7, sender=escrow_account)


def test_accept_award_of_another_order_reverts_with_TenderingNotCurrentOrder(
    tendering: Any, escrow_account: Any, awarded: int
) -> None:
    with reverts_not_current_order(tendering, awarded, 7, current=0):
        tendering.acceptAward(awarded, 7, sender=escrow_account)
    tendering.consumeAward(awarded, 7, *order_terms(tendering, awarded), sender=escrow_account)
    with reverts_not_current_order(tendering, awarded, 8, current=7):
        tendering.acceptAward(awarded, 8, sender=escrow_account)


def test_accept_award_of_a_failed_tender_reverts_with_TenderingNotAwarded(
    tendering: Any, escrow_account: Any, failed_without_bids: int
) -> None:
    tender_id = failed_without_bids
    with reverts_with(tendering.TenderingNotAwarded, tenderId=tender_id, status=FAILED):
        tendering.acceptAward(tender_id, 1, sender=escrow_account)


@pytest.mark.parametrize("method", ["acceptAward", "reopenAward"])
def test_award_settlement_by_a_non_escrow_reverts_with_TenderingUnauthorizedEscrow(
    tendering: Any, supplier: Any, awarded: int, method: str
) -> None:
    with reverts_with(tendering.TenderingUnauthorizedEscrow, caller=supplier.address):
        getattr(tendering, method)(awarded, 1, sender=supplier)


# ------------------------------------------------------------------------------------ views


@pytest.mark.parametrize(("method", "extra"), [("tender", []), ("bid", [ZERO]), ("bidders", [])])
def test_views_of_an_unknown_tender_revert_with_TenderingUnknownTender(
    tenders: Tenders, tendering: Any, method: str, extra: list[Any]
) -> None:
    tenders.open()
    assert_call_reverts(
        tendering, method, [2, *extra], tendering.TenderingUnknownTender, tenderId=2
    )


@pytest.mark.parametrize("tender_id", [1, 2])
def test_award_of_a_tender_not_awarded_reverts_with_TenderingNotAwarded(
    tenders: Tenders, tendering: Any, tender_id: int
) -> None:
    tenders.open()
    assert_award_not_awarded(tendering, tender_id, OPEN if tender_id == 1 else NONE)


def test_bid_of_an_account_that_did_not_bid_is_empty(
    tenders: Tenders, tendering: Any, outsider: Any
) -> None:
    tender_id = tenders.open()
    b = tendering.bid(tender_id, outsider)
    assert (b.priceIdr, b.supplierOrgId, b.seq, b.state) == (0, 0, 0, BID_NONE)


def test_wiring_views_return_the_constructor_arguments(
    tendering: Any, registry: Any, token: Any
) -> None:
    assert tendering.registry() == registry.address
    assert tendering.token() == token.address
    assert tendering.ocidPrefix() == OCID_PREFIX
    assert tendering.tenderCount() == 0


# ------------------------------------------------------------------------------------ token safety

NORMAL, RETURN_FALSE, REENTER = range(3)  # TenderingTestToken.Mode


@pytest.fixture
def odd_token_tenders(
    project: Any,
    registry: Any,
    governor: Any,
    agency: Any,
    chain: Any,
    participants: Any,
    bidders: list[Any],
) -> Tenders:
    """A second Tendering whose bond token can return false or reenter on transfers."""
    odd_token = project.TenderingTestToken.deploy(sender=governor)
    contract = project.Tendering.deploy(registry, odd_token, OCID_PREFIX, sender=governor)
    registry.grantRole(registry.BUDGET_SPENDER_ROLE(), contract, sender=governor)
    for bidder in bidders:
        odd_token.mint(bidder, SUPPLIER_FUNDS_IDR, sender=bidder)
        odd_token.approve(contract, 2**256 - 1, sender=bidder)
    return Tenders(contract, registry, odd_token, chain, agency)


def test_commit_bid_when_the_token_returns_false_reverts_with_SafeERC20FailedOperation(
    odd_token_tenders: Tenders, supplier: Any
) -> None:
    t = odd_token_tenders
    tender_id = t.open()
    t.token.misbehave(RETURN_FALSE, ZERO, b"", sender=supplier)
    with reverts_with(t.tendering.SafeERC20FailedOperation, token=t.token.address):
        t.commit(tender_id, supplier, 400)


def test_commit_bid_reentered_by_the_token_is_refused_and_the_first_commit_rolls_back(
    odd_token_tenders: Tenders, registry: Any, supplier: Any, supplier2: Any
) -> None:
    """commitBid has no reentrancy lock (gas): every write precedes the bond pull, and a call
    back from the token acts as the token, which is no supplier."""
    t = odd_token_tenders
    tender_id = t.open()
    again = t.tendering.commitBid.encode_input(tender_id, b"\x01" * 32)
    t.token.misbehave(REENTER, t.tendering, again, sender=supplier)
    role = registry.SUPPLIER_ROLE()
    with reverts_with(
        registry.RegistryUnauthorizedAccount, account=t.token.address, neededRole=role
    ):
        t.commit(tender_id, supplier, 400)
    assert t.tendering.tender(tender_id).bidCount == 0


def test_finalise_tender_reentered_by_a_refund_reverts_with_ReentrancyGuardReentrantCall(
    odd_token_tenders: Tenders, supplier: Any, supplier2: Any
) -> None:
    t = odd_token_tenders
    tender_id = t.run([(supplier, 400), (supplier2, 500)])
    again = t.tendering.finaliseTender.encode_input(tender_id)
    t.token.misbehave(REENTER, t.tendering, again, sender=supplier)
    with reverts_with(t.tendering.ReentrancyGuardReentrantCall):
        t.finalise(tender_id)
    t.token.misbehave(NORMAL, ZERO, b"", sender=supplier)
    t.finalise(tender_id)
    assert t.tendering.award(tender_id).supplier == supplier.address


# ------------------------------------------------------------------------------------ access matrix

ROLES = [*ACCESS_CALLERS, "suspended", "escrow"]
# Who may call what; "suspended" is the otherwise allowed account after its org was suspended.
ACCESS: dict[str, tuple[set[str], str]] = {
    "openTender": ({"agency"}, "AGENCY_ROLE"),
    "commitBid": ({"supplier"}, "SUPPLIER_ROLE"),
    "revealBid": ({"supplier"}, "SUPPLIER_ROLE"),
    "disqualifyBid": ({"agency"}, "AGENCY_ROLE"),
    "cancelTender": ({"agency"}, "AGENCY_ROLE"),
    "finaliseTender": (set(ROLES), ""),
    "consumeAward": ({"escrow"}, "ESCROW_ROLE"),
    "acceptAward": ({"escrow"}, "ESCROW_ROLE"),
    "objectAward": ({"supplier"}, "SUPPLIER_ROLE"),
}
SUSPENDED_ACCOUNT = {"openTender": "agency", "disqualifyBid": "agency", "cancelTender": "agency"}


def prepare(
    action: str, tenders: Tenders, supplier: Any, supplier2: Any, escrow: Any
) -> Callable[[Any], Any]:
    """Sets up the state `action` needs and returns the call to make as `sender`."""
    t = tenders.tendering
    if action == "objectAward":
        # supplier loses to supplier2, so it may object inside the objection window.
        lost = tenders.run([(supplier2, 300), (supplier, 400)])
        tenders.finalise(lost)
        return lambda sender: t.objectAward(lost, REASON, sender=sender)
    if action == "openTender":
        params = tenders.params(tenders.chain.pending_timestamp + 60)
        return lambda sender: t.openTender(params, sender=sender)
    tender_id = tenders.open()
    if action == "cancelTender":
        return lambda sender: t.cancelTender(tender_id, REASON, sender=sender)
    c = t.commitmentOf(tender_id, supplier, 400, salt_of(supplier, 400))
    if action == "commitBid":
        return lambda sender: t.commitBid(tender_id, c, sender=sender)
    t.commitBid(tender_id, c, sender=supplier)
    tenders.to_reveal(tender_id)
    if action == "revealBid":
        return lambda sender: t.revealBid(tender_id, 400, salt_of(supplier, 400), sender=sender)
    tenders.reveal(tender_id, supplier, 400)
    if action == "disqualifyBid":
        return lambda sender: t.disqualifyBid(tender_id, supplier, REASON, sender=sender)
    tenders.to_end(tender_id)
    if action == "finaliseTender":
        return lambda sender: t.finaliseTender(tender_id, sender=sender)
    tenders.finalise(tender_id)
    tenders.to_orderable(tender_id)
    if action == "consumeAward":
        return lambda sender: t.consumeAward(
            tender_id, 1, *order_terms(t, tender_id), sender=sender
        )
    t.consumeAward(tender_id, 1, *order_terms(t, tender_id), sender=escrow)
    return lambda sender: t.acceptAward(tender_id, 1, sender=sender)


@access_matrix(ACCESS, ROLES, names=("action", "role"))
def test_access_matrix_only_intended_callers_succeed(
    request: pytest.FixtureRequest,
    tenders: Tenders,
    tendering: Any,
    registry: Any,
    governor: Any,
    supplier: Any,
    supplier2: Any,
    escrow_account: Any,
    action: str,
    role: str,
) -> None:
    call = prepare(action, tenders, supplier, supplier2, escrow_account)
    allowed, needed_role = ACCESS[action]
    if role == "escrow":
        sender = escrow_account
    elif role == "suspended":
        sender = request.getfixturevalue(SUSPENDED_ACCOUNT.get(action, "supplier"))
        registry.suspendOrganisation(registry.orgOf(sender), REASON, sender=governor)
    else:
        sender = request.getfixturevalue(role)

    if role in allowed:
        call(sender)
    elif needed_role == "ESCROW_ROLE":
        with reverts_with(tendering.TenderingUnauthorizedEscrow, caller=sender.address):
            call(sender)
    elif role == "suspended":
        with reverts_with(registry.RegistryOrganisationSuspended, orgId=registry.orgOf(sender)):
            call(sender)
    else:
        role_id = getattr(registry, needed_role)()
        with reverts_with(
            registry.RegistryUnauthorizedAccount, account=sender.address, neededRole=role_id
        ):
            call(sender)


# ------------------------------------------------------------------------------------ properties

PRICES = [0, 100, 200, 200, 300, HPS_IDR, HPS_IDR + 1]
# Weighted actions of the stateful test. One rule draws them: with one rule per action,
# Hypothesis' swarm testing disables random rules per example and most of 25 examples would
# never reveal a bid.
ACTIONS = [
    "reveal",
    "reveal",
    "reveal",
    "disqualify",
    "commit",
    "finalise",
    "cancel",
    "pass_deadline",
]


def test_tender_lifecycle_conserves_bonds_awards_the_lowest_valid_price_and_only_moves_forward(
    tenders: Tenders,
    tendering: Any,
    registry: Any,
    token: Any,
    agency: Any,
    agency2: Any,
    bidders: list[Any],
    chain: Any,
) -> None:
    reader = BatchReader()
    # Forfeits go to the treasury account (the governor by default), never to the agency.
    holders = [tendering.address, *(a.address for a in bidders), agency.address]
    holders.append(str(registry.treasuryAccount()))
    balance_calls = [balance_of_call(token, a) for a in holders]

    def snapshot_of(tender_id: int) -> tuple[int, int, int]:
        """(rupiah held by Tendering, by the bidders and the agency, the tender's status)."""
        *balances, tender_words = reader.words(
            [*balance_calls, tender_status_call(tendering, tender_id)]
        )
        return balances[0][0], sum(b[0] for b in balances[1:]), tender_words[3]

    class TenderMachine(RuleBasedStateMachine):
        """One tender: 3-4 bidders commit, bidding closes; then random reveals (some with a
        wrong salt), disqualifications, late commits, early or late finalisation, cancellation
        and the reveal deadline passing. The model predicts every outcome and every revert."""

        def __init__(self) -> None:
            super().__init__()
            self.snapshot = chain.snapshot()
            self.tender_id = tenders.open()
            t = tendering.tender(self.tender_id)
            self.bid_deadline_at = int(t.bidDeadlineAt)
            self.reveal_deadline_at = int(t.revealDeadlineAt)
            self.clock = int(chain.pending_timestamp) + 1
            self.revealing = True  # False once the reveal deadline passed
            self.status = OPEN
            self.seen_status = OPEN
            self.bids: dict[int, dict[str, Any]] = {}
            held, holders, _ = snapshot_of(self.tender_id)
            self.total = held + holders

        def teardown(self) -> None:
            chain.restore(self.snapshot)

        def tick(self) -> None:
            """The next transaction runs one second after the previous one."""
            tenders.at(self.clock)
            self.clock += 1

        @initialize(prices=st.lists(st.sampled_from(PRICES), min_size=3, max_size=4))
        def bidders_commit_then_bidding_closes(self, prices: list[int]) -> None:
            for who, price in enumerate(prices):
                self.tick()
                tenders.commit(self.tender_id, bidders[who], price)
                self.bids[who] = {"price": price, "seq": who, "state": COMMITTED}
            self.clock = self.bid_deadline_at

        @rule(
            action=st.sampled_from(ACTIONS),
            who=st.integers(0, 3),
            price=st.sampled_from(PRICES),
            honest=st.sampled_from([True, True, True, False]),
        )
        def act(self, action: str, who: int, price: int, honest: bool) -> None:
            if action == "pass_deadline":
                if self.revealing:
                    self.revealing, self.clock = False, self.reveal_deadline_at
                return
            self.tick()
            if action == "reveal":
                self.reveal(who, honest)
            elif action == "disqualify":
                self.disqualify(who)
            elif action == "commit":
                self.expect_revert(
                    lambda: tenders.commit(self.tender_id, bidders[who], price),
                    tendering.TenderingBiddingClosed,
                    bidDeadlineAt=self.bid_deadline_at,
                )
            elif action == "finalise":
                self.finalise()
            else:
                self.cancel(honest)

        def expect_revert(self, call: Callable[[], Any], error: Any, **inputs: Any) -> None:
            """`call` must revert with `error`, or with TenderingNotOpen once the tender ended."""
            if self.status != OPEN:
                error, inputs = tendering.TenderingNotOpen, {"status": self.status}
            with reverts_with(error, **inputs):
                call()

        def reveal(self, who: int, honest: bool) -> None:
            bidder, bid = bidders[who], self.bids.get(who)
            price = bid["price"] if bid else 1
            salt = salt_of(bidder, price)

            def call() -> Any:
                return tendering.revealBid(
                    self.tender_id, price if honest else price + 1, salt, sender=bidder
                )

            if (
                self.status == OPEN
                and self.revealing
                and bid
                and bid["state"] == COMMITTED
                and honest
            ):
                call()
                bid["state"] = REVEALED
            elif not self.revealing:
                self.expect_revert(
                    call, tendering.TenderingRevealClosed, revealDeadlineAt=self.reveal_deadline_at
                )
            elif bid is None or bid["state"] != COMMITTED:
                state = bid["state"] if bid else BID_NONE
                self.expect_revert(call, tendering.TenderingWrongBidState, state=state)
            else:
                self.expect_revert(
                    call, tendering.TenderingCommitmentMismatch, bidder=bidder.address
                )

        def disqualify(self, who: int) -> None:
            bid = self.bids.get(who)

            def call() -> Any:
                return tendering.disqualifyBid(self.tender_id, bidders[who], REASON, sender=agency)

            if self.status == OPEN and bid and bid["state"] == REVEALED:
                call()
                bid["state"] = DISQUALIFIED
            else:
                state = bid["state"] if bid else BID_NONE
                self.expect_revert(call, tendering.TenderingWrongBidState, state=state)

        def finalise(self) -> None:
            def call() -> Any:
                return tenders.finalise(self.tender_id)

            if self.status != OPEN or self.revealing:
                error = tendering.TenderingRevealPeriodNotOver
                self.expect_revert(call, error, revealDeadlineAt=self.reveal_deadline_at)
                return
            call()
            eligible = sorted(
                (b["price"], b["seq"], who)
                for who, b in self.bids.items()
                if b["state"] == REVEALED and 0 < b["price"] <= HPS_IDR
            )
            self.status = AWARDED if eligible else FAILED
            if eligible:
                price, _, who = eligible[0]
                award = tendering.award(self.tender_id)
                assert (award.supplier, award.priceIdr) == (bidders[who].address, price)

        def cancel(self, by_the_agency: bool) -> None:
            """The tender's agency cancels once the reveal deadline passed (earlier, few tenders
            would reach finalisation); another agency's attempt always fails."""
            if by_the_agency and self.revealing:
                return
            sender = agency if by_the_agency else agency2

            def call() -> Any:
                return tendering.cancelTender(self.tender_id, REASON, sender=sender)

            if self.status == OPEN and by_the_agency:
                call()
                self.status = CANCELLED
            else:
                self.expect_revert(call, tendering.TenderingNotTenderAgency, account=sender.address)

        def bonds_held(self) -> int:
            if self.status == OPEN:
                return BOND_IDR * len(self.bids)
            return BOND_IDR if self.status == AWARDED else 0

        @invariant()
        def bonds_are_conserved_and_status_only_moves_forward(self) -> None:
            held, holders, onchain = snapshot_of(self.tender_id)
            assert held == self.bonds_held()
            assert held + holders == self.total
            assert onchain == self.status
            assert onchain == self.seen_status or self.seen_status == OPEN
            self.seen_status = onchain

    run_state_machine_as_test(
        TenderMachine,
        settings=settings(max_examples=examples(25), stateful_step_count=15, deadline=None),
    )


# ------------------------------------------------------------------- contracts v2: cartels, sanggah

RULING = keccak(text="ruling: the winner's certificate is forged")
DAY = 86_400


def test_twenty_colluders_cannot_lock_out_an_honest_bidder_and_withheld_bids_cost_their_bond(
    tenders: Tenders,
    tendering: Any,
    registry: Any,
    token: Any,
    governor: Any,
    treasury: Any,
    accounts: Any,
    supplier: Any,
) -> None:
    """A cartel of 20 supplier organisations bids at the HPS. The default cap (200 bids) sits far
    above any real tender, so the honest bidder still gets in and wins; the colluders who hold
    back their sealed prices each lose the 0.5 % minimum bond to the treasury (RN03 per bid)."""
    colluders = []
    for n in range(20):
        account = accounts.generate_test_account()
        governor.transfer(account, 10**18)
        org_id = 9_000 + n
        registry.registerOrganisation(
            org_id, KIND["Supplier"], org_id.to_bytes(32, "big"), sender=governor
        )
        registry.addAccount(account, org_id, sender=governor)
        registry.grantRole(registry.SUPPLIER_ROLE(), account, sender=governor)
        token.mint(account, SUPPLIER_FUNDS_IDR, sender=treasury)
        token.approve(tendering, 2**256 - 1, sender=account)
        colluders.append(account)
    assert registry.policy().maxBidsPerTender == 200
    bids = [(c, HPS_IDR - n) for n, c in enumerate(colluders)] + [(supplier, 700_000_000)]
    withheld = colluders[:5]
    tender_id = tenders.run(bids, reveal=[b for b, _ in bids if b not in withheld])
    treasury_account = registry.treasuryAccount()
    before = balance(token, treasury_account)
    receipt = tenders.finalise(tender_id)

    assert tendering.award(tender_id).supplier == supplier.address
    assert tendering.tender(tender_id).bidCount == 21
    forfeits = receipt.decode_logs(tendering.BondForfeited)
    assert {(f.bidder, f.treasury) for f in forfeits} == {
        (c.address, treasury_account) for c in withheld
    }
    assert balance(token, treasury_account) == before + 5 * BOND_IDR
    rn03 = [
        log.bidder
        for log in receipt.decode_logs(tendering.RedFlagRaised)
        if bytes(log.code) == b"RN03"
    ]
    assert rn03 == [c.address for c in withheld]


def test_cancel_tender_needs_a_reason_and_after_the_bid_deadline_raises_RN01(
    tenders: Tenders, tendering: Any, agency: Any, supplier: Any
) -> None:
    early = tenders.open()
    with reverts_with(tendering.TenderingReasonRequired, tenderId=early):
        tendering.cancelTender(early, b"\0" * 32, sender=agency)
    receipt = tendering.cancelTender(early, REASON, sender=agency)
    assert flags(receipt, tendering) == []

    late = tenders.open()
    tenders.commit(late, supplier, 400)
    tenders.to_reveal(late)
    tenders.reveal(late, supplier, 400)
    receipt = tendering.cancelTender(late, REASON, sender=agency)
    [log] = receipt.decode_logs(tendering.RedFlagRaised)
    assert (log.tenderId, bytes(log.code), log.bidder, log.priceIdr) == (
        late,
        b"RN01",
        agency.address,
        0,
    )


def test_finalise_tender_with_many_above_hps_reveals_raises_RN02(
    tenders: Tenders, tendering: Any, bidders: list[Any]
) -> None:
    s1, s2, s3, s4 = bidders
    over = [(s2, HPS_IDR + 1), (s3, HPS_IDR + 2), (s4, HPS_IDR + 3)]
    tender_id = tenders.run([(s1, 500), *over])
    receipt = tenders.finalise(tender_id)
    rn02 = [
        log for log in receipt.decode_logs(tendering.RedFlagRaised) if bytes(log.code) == b"RN02"
    ]
    assert [(log.bidder, log.priceIdr) for log in rn02] == [(s4.address, 3)]

    two_over = tenders.run([(s1, 500), *over[:2]])
    assert b"RN02" not in flags(tenders.finalise(two_over), tendering)


@pytest.fixture
def contested(tenders: Tenders, bidders: list[Any], agency: Any) -> int:
    """Finalised, inside its objection window: s1 wins at 300, s2 is next at 400, s3 (200) was
    disqualified, s4 bid 500."""
    s1, s2, s3, s4 = bidders
    tender_id = tenders.run([(s1, 300), (s2, 400), (s3, 200), (s4, 500)])
    tendering = tenders.tendering
    tendering.disqualifyBid(tender_id, s3, REASON, sender=agency)
    tenders.finalise(tender_id)
    return tender_id


@pytest.fixture
def set_objection_bond(registry: Any, governor: Any) -> Callable[[int], None]:
    """Sets the policy's objection bond, per mille of the HPS (fixed at finalisation)."""

    def _set(per_mille: int) -> None:
        registry.setObjectionBondPerMille(per_mille, sender=governor)

    return _set


def test_upheld_objection_holds_ordering_then_moves_the_award_to_the_next_bidder(
    tenders: Tenders,
    tendering: Any,
    token: Any,
    set_objection_bond: Callable[[int], None],
    arbiter: Any,
    escrow_account: Any,
    bidders: list[Any],
    agency: Any,
    chain: Any,
) -> None:
    s1, s2, s3, _ = bidders
    set_objection_bond(1)
    tender_id = tenders.run([(s1, 300), (s2, 400), (s3, 200)])
    tendering.disqualifyBid(tender_id, s3, REASON, sender=agency)
    tenders.finalise(tender_id)
    objection_bond = HPS_IDR // 1000
    t = tendering.tender(tender_id)
    assert (t.objectionBondIdr, t.objectionEndsAt) == (objection_bond, t.revealDeadlineAt + 5 * DAY)

    before = balance(token, s3)
    receipt = tendering.objectAward(tender_id, REASON, sender=s3)
    [log] = receipt.decode_logs(tendering.AwardObjected)
    assert (log.tenderId, log.objector, log.reasonHash) == (tender_id, s3.address, REASON)
    assert log.bondIdr == t.objectionBondIdr  # the bond fixed at finalisation
    assert balance(token, s3) == before - objection_bond
    assert tendering.bid(tender_id, s3).objection == OBJ_PENDING
    tenders.to_orderable(tender_id)
    with reverts_with(tendering.TenderingAwardOnHold, tenderId=tender_id, pendingObjections=1):
        tendering.consumeAward(
            tender_id, 1, *order_terms(tendering, tender_id), sender=escrow_account
        )

    winner_before = balance(token, s1)
    receipt = tendering.ruleObjection(tender_id, s3, True, RULING, sender=arbiter)
    [ruled] = receipt.decode_logs(tendering.ObjectionRuled)
    assert (ruled.objector, ruled.arbiter, ruled.upheld, ruled.rulingHash) == (
        s3.address,
        arbiter.address,
        True,
        RULING,
    )
    [moved] = receipt.decode_logs(tendering.AwardMoved)
    assert (moved.previous, moved.next, moved.priceIdr) == (s1.address, s2.address, 400)
    assert (bytes(receipt.decode_logs(tendering.RedFlagRaised)[0].code)) == b"RN04"
    assert balance(token, s1) == winner_before + BOND_IDR  # the set-aside winner did not default
    assert balance(token, s3) == before  # upheld: objection bond back
    assert tendering.bid(tender_id, s1).state == EXCLUDED
    assert tendering.bid(tender_id, s3).objection == OBJ_UPHELD
    award = tendering.award(tender_id)
    assert (award.supplier, award.priceIdr) == (s2.address, 400)
    tendering.consumeAward(tender_id, 1, *order_terms(tendering, tender_id), sender=escrow_account)


def test_rejected_objection_forfeits_its_bond_to_the_treasury_and_releases_the_hold(
    tenders: Tenders,
    tendering: Any,
    registry: Any,
    token: Any,
    set_objection_bond: Callable[[int], None],
    arbiter: Any,
    escrow_account: Any,
    bidders: list[Any],
) -> None:
    s1, s2, *_ = bidders
    set_objection_bond(2)
    tender_id = tenders.run([(s1, 300), (s2, 400)])
    tenders.finalise(tender_id)
    tendering.objectAward(tender_id, REASON, sender=s2)
    treasury_account = registry.treasuryAccount()
    before = balance(token, treasury_account)
    receipt = tendering.ruleObjection(tender_id, s2, False, RULING, sender=arbiter)
    [forfeit] = receipt.decode_logs(tendering.BondForfeited)
    assert (forfeit.bidder, forfeit.treasury, forfeit.amountIdr) == (
        s2.address,
        treasury_account,
        2 * HPS_IDR // 1000,
    )
    assert balance(token, treasury_account) == before + 2 * HPS_IDR // 1000
    assert receipt.decode_logs(tendering.AwardMoved) == []
    assert tendering.award(tender_id).supplier == s1.address
    assert tendering.bid(tender_id, s2).objection == OBJ_REJECTED
    with reverts_with(
        tendering.TenderingNoPendingObjection, tenderId=tender_id, objector=s2.address
    ):
        tendering.ruleObjection(tender_id, s2, True, RULING, sender=arbiter)
    tenders.to_orderable(tender_id)
    tendering.consumeAward(tender_id, 1, *order_terms(tendering, tender_id), sender=escrow_account)


def test_object_award_reverts_for_the_winner_twice_without_reason_and_after_the_window(
    tenders: Tenders, tendering: Any, arbiter: Any, bidders: list[Any], contested: int
) -> None:
    s1, s2, s3, s4 = bidders
    with reverts_with(tendering.TenderingCannotObject, bidder=s1.address, state=REVEALED):
        tendering.objectAward(contested, REASON, sender=s1)
    with reverts_with(tendering.TenderingReasonRequired, tenderId=contested):
        tendering.objectAward(contested, b"\0" * 32, sender=s2)
    tendering.objectAward(contested, REASON, sender=s2)
    with reverts_with(tendering.TenderingCannotObject, bidder=s2.address, objection=OBJ_PENDING):
        tendering.objectAward(contested, REASON, sender=s2)
    with reverts_with(tendering.TenderingReasonRequired, tenderId=contested):
        tendering.ruleObjection(contested, s2, False, b"\0" * 32, sender=arbiter)
    with reverts_with(tendering.TenderingNoPendingObjection, objector=s4.address):
        tendering.ruleObjection(contested, s4, False, RULING, sender=arbiter)
    tendering.objectAward(contested, REASON, sender=s3)  # disqualified bidders may object too
    ends_at = tendering.tender(contested).objectionEndsAt
    tenders.to_orderable(contested)
    with reverts_with(
        tendering.TenderingObjectionClosed, tenderId=contested, objectionEndsAt=ends_at
    ):
        tendering.objectAward(contested, REASON, sender=s4)


def test_unaccepted_award_forfeits_the_bond_to_the_treasury_and_moves_to_the_runner_up(
    tenders: Tenders,
    tendering: Any,
    registry: Any,
    token: Any,
    escrow_account: Any,
    outsider: Any,
    bidders: list[Any],
    contested: int,
) -> None:
    s1, s2, _, s4 = bidders
    tenders.to_orderable(contested)
    tendering.consumeAward(contested, 7, *order_terms(tendering, contested), sender=escrow_account)
    t = tendering.tender(contested)
    accept_by = t.orderedAt + 14 * DAY
    assert t.acceptanceWindowSec == 14 * DAY
    tenders.at(accept_by - 1)
    with reverts_with(tendering.TenderingAcceptanceOpen, tenderId=contested, acceptBy=accept_by):
        tendering.forfeitAward(contested, sender=outsider)
    tenders.at(accept_by)
    with reverts_with(tendering.TenderingAcceptanceClosed, tenderId=contested, acceptBy=accept_by):
        tendering.acceptAward(contested, 7, sender=escrow_account)
    treasury_account = registry.treasuryAccount()
    before = balance(token, treasury_account)
    receipt = tendering.forfeitAward(contested, sender=outsider)
    [forfeited] = receipt.decode_logs(tendering.AwardForfeited)
    assert (forfeited.tenderId, forfeited.supplier, forfeited.orderId) == (contested, s1.address, 7)
    [bond] = receipt.decode_logs(tendering.BondForfeited)
    assert (bond.bidder, bond.treasury, bond.amountIdr) == (s1.address, treasury_account, BOND_IDR)
    assert balance(token, treasury_account) == before + BOND_IDR
    [moved] = receipt.decode_logs(tendering.AwardMoved)
    assert (moved.previous, moved.next, moved.priceIdr) == (s1.address, s2.address, 400)
    assert tendering.tender(contested).orderId == 0

    # The stale order of the defaulted winner can no longer be accepted; the runner-up's can.
    tendering.consumeAward(contested, 8, *order_terms(tendering, contested), sender=escrow_account)
    with reverts_with(tendering.TenderingNotCurrentOrder, orderId=7, currentOrderId=8):
        tendering.acceptAward(contested, 7, sender=escrow_account)
    tenders.at(tendering.tender(contested).orderedAt + 14 * DAY)
    tendering.forfeitAward(contested, sender=outsider)  # s2 defaults too (it held no bond)
    assert tendering.award(contested).supplier == s4.address
    tendering.consumeAward(contested, 9, *order_terms(tendering, contested), sender=escrow_account)
    tenders.at(tendering.tender(contested).orderedAt + 14 * DAY)
    committed = committed_budget(registry)
    receipt = tendering.forfeitAward(contested, sender=outsider)  # nobody is left: Failed
    assert receipt.decode_logs(tendering.TenderFailed)[0].tenderId == contested
    assert tendering.tender(contested).status == FAILED
    assert committed_budget(registry) == committed - HPS_IDR


def test_forfeit_award_without_a_live_order_reverts_with_TenderingNotCurrentOrder(
    tendering: Any, outsider: Any, awarded: int
) -> None:
    with reverts_not_current_order(tendering, awarded, 0, current=0):
        tendering.forfeitAward(awarded, sender=outsider)


def test_a_cancelled_order_reopens_the_award_and_a_stale_one_does_not(
    tendering: Any, escrow_account: Any, awarded: int
) -> None:
    tendering.consumeAward(awarded, 7, *order_terms(tendering, awarded), sender=escrow_account)
    assert (
        tendering.reopenAward(awarded, 6, sender=escrow_account).decode_logs(
            tendering.AwardReopened
        )
        == []
    )
    receipt = tendering.reopenAward(awarded, 7, sender=escrow_account)
    [log] = receipt.decode_logs(tendering.AwardReopened)
    assert (log.tenderId, log.orderId) == (awarded, 7)
    assert tendering.tender(awarded).winnerBondHeld is True  # the bond waits for a new order
    tendering.consumeAward(awarded, 8, *order_terms(tendering, awarded), sender=escrow_account)
    assert tendering.award(awarded).orderId == 8


def test_winner_bond_comes_back_after_the_timeout_when_the_agency_never_orders(
    tenders: Tenders, tendering: Any, token: Any, outsider: Any, supplier: Any, awarded: int
) -> None:
    returnable_at = tendering.tender(awarded).bondReturnAt
    assert returnable_at == tendering.tender(awarded).objectionEndsAt + 60 * DAY
    tenders.at(returnable_at - 1)
    with reverts_with(
        tendering.TenderingBondNotReturnable, tenderId=awarded, returnableAt=returnable_at
    ):
        tendering.returnWinnerBond(awarded, sender=outsider)
    tenders.at(returnable_at)
    before = balance(token, supplier)
    receipt = tendering.returnWinnerBond(awarded, sender=outsider)
    [log] = receipt.decode_logs(tendering.BondRefunded)
    assert (log.bidder, log.amountIdr) == (supplier.address, BOND_IDR)
    assert balance(token, supplier) == before + BOND_IDR
    with reverts_with(tendering.TenderingBondNotReturnable, tenderId=awarded):
        tendering.returnWinnerBond(awarded, sender=outsider)


def test_a_pause_across_the_reveal_window_extends_it_and_forfeits_no_honest_bond(
    tenders: Tenders,
    tendering: Any,
    registry: Any,
    token: Any,
    governor: Any,
    bidders: list[Any],
) -> None:
    s1, s2, *_ = bidders
    tender_id = tenders.open()
    tenders.commit(tender_id, s1, 300)
    tenders.commit(tender_id, s2, 400)
    t = tendering.tender(tender_id)
    reveal_opens, reveal_ends = int(t.bidDeadlineAt), int(t.revealDeadlineAt)
    tenders.at(reveal_opens + 10)
    registry.pause(sender=governor)
    paused_for = reveal_ends - reveal_opens  # the whole reveal window passes while paused
    tenders.at(reveal_opens + 10 + paused_for)
    registry.unpause(sender=governor)
    # Past the stored reveal deadline, but the tender clock stood still during the pause.
    tenders.reveal(tender_id, s1, 300)
    tenders.reveal(tender_id, s2, 400)
    tenders.at(reveal_ends + paused_for - 1)
    with reverts_with(
        tendering.TenderingRevealPeriodNotOver, tenderId=tender_id, revealDeadlineAt=reveal_ends
    ):
        tenders.finalise(tender_id)
    tenders.at(reveal_ends + paused_for)
    receipt = tenders.finalise(tender_id)
    assert receipt.decode_logs(tendering.BondForfeited) == []
    assert b"RN03" not in flags(receipt, tendering)
    assert tendering.award(tender_id).supplier == s1.address
    # The objection window is on the same clock.
    assert tendering.tender(tender_id).objectionEndsAt == reveal_ends + 5 * DAY


def test_objections_left_pending_when_the_tender_fails_are_still_ruled_and_refunded(
    tenders: Tenders,
    tendering: Any,
    token: Any,
    set_objection_bond: Callable[[int], None],
    arbiter: Any,
    bidders: list[Any],
    agency: Any,
) -> None:
    s1, s2, s3, _ = bidders
    set_objection_bond(1)
    tender_id = tenders.run([(s1, 300), (s2, HPS_IDR + 1), (s3, 200)])
    tendering.disqualifyBid(tender_id, s3, REASON, sender=agency)
    tenders.finalise(tender_id)
    tendering.objectAward(tender_id, REASON, sender=s2)  # a loser priced above the HPS
    tendering.objectAward(tender_id, REASON, sender=s3)  # the disqualified bidder
    receipt = tendering.ruleObjection(tender_id, s3, True, RULING, sender=arbiter)
    assert receipt.decode_logs(tendering.TenderFailed)[0].tenderId == tender_id  # nobody left
    assert tendering.tender(tender_id).status == FAILED
    before = balance(token, s2)
    receipt = tendering.ruleObjection(tender_id, s2, True, RULING, sender=arbiter)
    [refund] = receipt.decode_logs(tendering.BondRefunded)
    assert (refund.bidder, refund.amountIdr) == (s2.address, HPS_IDR // 1000)
    assert balance(token, s2) == before + HPS_IDR // 1000
    assert tendering.tender(tender_id).pendingObjections == 0
    assert balance(token, tendering) == 0  # every bid and objection bond went back

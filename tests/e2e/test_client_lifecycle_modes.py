"""The whole procurement lifecycle through py_client, on plain anvil and on the Besu-like node.

Each test runs twice: ``anvil`` is the Ape session's node (``rpc_url`` / ``deployment_file`` of
tests/conftest.py), ``besu`` is anvil started Besu-like behind tools.besu_proxy
(tests/support/besu.py: QBFT extraData, no node keys, eth_getLogs capped at 5000 blocks, london,
free gas, chain id 1945). Every step goes through the client's role views, signed locally and
sent raw; the money is checked against arithmetic done here from the policy (1 per mille per day
late, capped at 5 %; 5 % retention), not against what the client computes. In the ``besu`` mode
the proxy's counters prove the client never asked the node to sign and kept its log queries
within Besu's range cap.
"""

from collections.abc import Callable
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import Any

import pytest
from eth_utils import keccak

from py_client import (
    BidState,
    CheckpointKind,
    Item,
    Line,
    OrderState,
    Origin,
    Rantai,
    Settings,
    TenderStatus,
    TooEarly,
    WrongState,
)
from py_client.contract_errors import OrderEscrowDisputeOpen
from py_client.settings import GasMode
from tests.support.constants import AGENCY_ORG, FISCAL_YEAR
from tests.support.constants import ROLE_NAMES as ROLES
from tests.support.escrow import DAY, Terms, days_late, payment_split
from tools.besu_proxy import DEFAULT_MAX_LOGS_RANGE, BesuProxy

# The registry's default policy (Registry constructor), which the arithmetic below relies on.
TERMS = Terms()

HPS_IDR = 1_000_000_000
BOND_IDR = 5_000_000
BIDDER_FUNDS_IDR = 50_000_000
PRICES_IDR = {"supplier": 900_000_000, "supplier2": 950_000_000, "supplier3": 1_100_000_000}
LAPTOP_PRICE_IDR, LAPTOPS = 10_000_000, 80
PRINTER_PRICE_IDR, PRINTERS = 5_000_000, 20
SHIPMENT_1 = (50, 20)  # on time
SHIPMENT_2 = (30, 0)  # late
DELIVERY_PERIOD_SEC = 30 * DAY
MAINTENANCE_SEC = 90 * DAY
LATE_BY_SEC = 2 * DAY + 3_600  # 3 started days

CEMENT_PRICE_IDR, CEMENT_SACKS = 1_500_000, 100
RULING_TO_SUPPLIER_IDR = 100_000_000


def item_hash(text: str) -> bytes:
    return keccak(text=text)


@dataclass
class Network:
    """One mode: where the node is, the deployment on it, the role keys, how to move time."""

    name: str
    rpc_url: str
    chain_id: int
    deployment_file: Path
    keys: dict[str, str]
    gas_mode: GasMode
    advance: Callable[[int], None]
    salt_dir: Path
    proxy: BesuProxy | None = None
    clients: dict[str, Rantai] = field(default_factory=dict)

    def client(self, role: str) -> Rantai:
        """A client signing as ``role`` (one per role per test: nonces are cached)."""
        if role not in self.clients:
            settings = Settings(
                rpc_url=self.rpc_url,
                chain_id=self.chain_id,
                deployment=str(self.deployment_file),
                private_key=self.keys[role],
                gas_mode=self.gas_mode,
                tx_timeout_s=30.0,
            )
            self.clients[role] = Rantai.connect(settings, salt_dir=str(self.salt_dir))
        return self.clients[role]

    def address(self, role: str) -> str:
        return str(self.client(role).address)

    def balance(self, role: str) -> int:
        return self.client("auditor").balance(self.address(role))

    def now(self) -> int:
        return self.client("auditor").now()

    def move_to(self, timestamp: int) -> None:
        """Mine a block at ``timestamp`` or later."""
        self.advance(max(timestamp - self.now(), 1))

    def block_time(self, block_number: int) -> int:
        return int(self.client("auditor").w3.eth.get_block(block_number)["timestamp"])


@pytest.fixture(params=["anvil", "besu"])
def network(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    chain: Any,
    rpc_url: str,
    deployment_file: Path,
    private_key: Callable[[Any], str],
    fast_forward: Callable[[int], None],
) -> Network:
    """The node of the mode under test (the Besu-like node is only started when needed).

    The Ape node's fixtures are requested in both modes, statically: Ape's isolation snapshots
    the chain before each test, so its session contracts must exist before the first snapshot
    (a session fixture created lazily inside a test would be reverted with it).
    """
    if request.param == "anvil":
        return Network(
            name="anvil",
            rpc_url=rpc_url,
            chain_id=int(chain.chain_id),
            deployment_file=deployment_file,
            keys={role: private_key(request.getfixturevalue(role)) for role in ROLES},
            gas_mode="auto",
            advance=fast_forward,
            salt_dir=tmp_path / "salts",
        )
    node = request.getfixturevalue("besu")
    return Network(
        name="besu",
        rpc_url=node.rpc_url,
        chain_id=node.chain_id,
        deployment_file=node.deployment_file,
        keys=dict(node.keys),
        gas_mode="free",
        advance=node.fast_forward,
        salt_dir=tmp_path / "salts",
        proxy=node.proxy,
    )


def assert_besu_rules_kept(network: Network) -> None:
    """On the Besu-like node: raw sends only, no node accounts, log ranges within the cap."""
    if network.proxy is None:
        return
    counts = network.proxy.counts
    assert counts["eth_sendRawTransaction"] > 0
    assert counts["eth_sendTransaction"] == 0
    assert counts["eth_accounts"] == 0
    assert counts["eth_getLogs"] > 0  # the client did read events (tender spec, checkpoints)
    assert not network.proxy.rejected
    assert 0 <= network.proxy.largest_logs_range <= DEFAULT_MAX_LOGS_RANGE


def run_tender(network: Network) -> int:
    """Open a tender, take three sealed bids (one above HPS), reveal, finalise; the tender id."""
    agency = network.client("agency")
    start = network.now()
    bid_deadline = start + 3 * DAY + 600
    reveal_deadline = bid_deadline + 2 * DAY
    opened = agency.agency.open_tender(
        spec=b"spec: 80 laptops, 20 printers",
        spec_uri="rantai://docs/spec-001",
        items=[Item(item_hash("laptop"), LAPTOPS, "unit"), Item(item_hash("printer"), PRINTERS)],
        hps_idr=HPS_IDR,
        bid_deadline_at=bid_deadline,
        reveal_deadline_at=reveal_deadline,
        fiscal_year=FISCAL_YEAR,
        bond_idr=BOND_IDR,
    )
    tender_id = opened.tender_id
    assert tender_id is not None
    assert opened.event("TenderOpened")["tenderId"] == tender_id

    for bidder, price in PRICES_IDR.items():
        network.client("treasury").treasury.mint(network.address(bidder), BIDDER_FUNDS_IDR)
        client = network.client(bidder)
        client.supplier.approve_bond(tender_id)
        client.supplier.commit_bid(tender_id, price, allow_invalid=price > HPS_IDR)
    assert agency.tender(tender_id).bid_count == len(PRICES_IDR)

    network.move_to(bid_deadline + 1)
    for bidder in PRICES_IDR:
        revealed = network.client(bidder).supplier.reveal_bid(tender_id)
        assert revealed.event("BidRevealed")["valid"] == (PRICES_IDR[bidder] <= HPS_IDR)
    above_hps = agency.bid(tender_id, network.address("supplier3"))
    assert (above_hps.state, above_hps.valid) == (BidState.REVEALED, False)

    network.move_to(reveal_deadline + 1)
    network.client("auditor").agency.finalise_tender(tender_id)
    tender = agency.tender(tender_id)
    award = agency.award(tender_id)
    assert tender.status == TenderStatus.AWARDED
    assert tender.winner == network.address("supplier")
    assert award is not None
    assert award.price_idr == PRICES_IDR["supplier"]
    assert agency.red_flags(tender_id) == []  # two eligible bids, different prices
    # Revealed losers (the one above HPS too) have their bonds back; the winner's is held.
    for loser in ("supplier2", "supplier3"):
        assert network.balance(loser) == BIDDER_FUNDS_IDR
    assert network.balance("supplier") == BIDDER_FUNDS_IDR - BOND_IDR
    ends_at = agency.tender(tender_id).objection_ends_at
    assert ends_at is not None
    network.move_to(int(ends_at.timestamp()))  # ordering waits for the objection window
    return tender_id


def test_tender_order_shipments_payments_and_retention(network: Network) -> None:
    agency = network.client("agency")
    supplier = network.client("supplier")
    budget_before = agency.budget(AGENCY_ORG, FISCAL_YEAR).committed_idr
    agency_before = network.balance("agency")
    escrow_before = agency.balance(agency.escrow.address)

    tender_id = run_tender(network)

    # Order from the award, signed by the supplier: the total moves into escrow.
    deadline = network.now() + DELIVERY_PERIOD_SEC
    lines = [
        Line(item_hash("laptop"), LAPTOPS, LAPTOP_PRICE_IDR, "unit", "ID"),
        Line(item_hash("printer"), PRINTERS, PRINTER_PRICE_IDR, "unit", "CN"),
    ]
    total = LAPTOPS * LAPTOP_PRICE_IDR + PRINTERS * PRINTER_PRICE_IDR
    assert total == PRICES_IDR["supplier"]
    order_id = agency.agency.create_order_from_tender(
        tender_id, lines, deadline, MAINTENANCE_SEC
    ).order_id
    assert order_id is not None
    agency.agency.approve_escrow(order_id)
    supplier.supplier.accept_order(order_id, contract=b"kontrak-001")
    order = agency.order(order_id)
    assert order.state == OrderState.ACTIVE
    assert (order.penalty_per_mille_per_day, order.penalty_cap_bps, order.retention_bps) == (
        TERMS.penalty_per_mille_per_day,
        TERMS.penalty_cap_bps,
        TERMS.retention_bps,
    )
    assert network.balance("agency") == agency_before - total
    assert agency.balance(agency.escrow.address) == escrow_before + total
    assert network.balance("supplier") == BIDDER_FUNDS_IDR  # winner's bond back on signing

    # Shipment 1: picked up, in transit, arrived before the deadline; confirmed in full.
    first = supplier.supplier.register_shipment(
        order_id,
        SHIPMENT_1,
        network.address("carrier"),
        network.now() + 10 * DAY,
        Origin("ID", "Jawa Barat", "8991234500003"),
    ).shipment_id
    assert first is not None
    carrier = network.client("carrier").carrier
    carrier.record_checkpoint(first, "picked_up", "IDBDO", latitude_e6=-6_914_744)
    network.advance(2 * DAY)
    carrier.record_checkpoint(first, CheckpointKind.IN_TRANSIT, "IDSRG", evidence=b"waybill 1")
    network.advance(DAY)
    carrier.record_checkpoint(first, "arrived", "IDJKT")
    history = agency.checkpoints(first)  # proven against the head stored on chain
    assert [c.kind for c in history] == [
        CheckpointKind.PICKED_UP,
        CheckpointKind.IN_TRANSIT,
        CheckpointKind.ARRIVED,
    ]
    value_1 = SHIPMENT_1[0] * LAPTOP_PRICE_IDR + SHIPMENT_1[1] * PRINTER_PRICE_IDR
    paid_1, penalty_1, retention_1 = astuple(payment_split(value_1, 0, TERMS))
    supplier_before = network.balance("supplier")
    confirmed = agency.agency.confirm_delivery(first, bast=b"BAST-001")
    payment = confirmed.event("PaymentReleased")
    assert (payment["paidIdr"], payment["penaltyIdr"], payment["retentionIdr"]) == (
        paid_1,
        penalty_1,
        retention_1,
    )
    assert network.balance("supplier") == supplier_before + paid_1

    # Shipment 2: custody handed to a second carrier, arrives 2 days and an hour late.
    second = supplier.supplier.register_shipment(
        order_id, SHIPMENT_2, network.address("carrier"), deadline
    ).shipment_id
    assert second is not None
    carrier.record_checkpoint(second, "picked_up", "IDBDO")
    carrier.nominate_custodian(second, network.address("carrier2"))
    network.client("carrier2").carrier.accept_custody(second)
    network.move_to(deadline + LATE_BY_SEC)
    arrived = network.client("carrier2").carrier.record_checkpoint(second, "arrived", "IDJKT")
    late_days = days_late(network.block_time(arrived.block_number), deadline)
    assert late_days == 3
    value_2 = SHIPMENT_2[0] * LAPTOP_PRICE_IDR
    paid_2, penalty_2, retention_2 = astuple(payment_split(value_2, late_days, TERMS))
    assert penalty_2 == value_2 * 3 // 1_000 > 0
    supplier_before, agency_mid = network.balance("supplier"), network.balance("agency")
    confirmed = agency.agency.confirm_delivery(second, [SHIPMENT_2[0], 0], bast=b"BAST-002")
    assert confirmed.event("DeliveryConfirmed")["daysLate"] == late_days
    assert confirmed.event("PaymentReleased")["penaltyIdr"] == penalty_2
    assert network.balance("supplier") == supplier_before + paid_2
    assert network.balance("agency") == agency_mid + penalty_2  # the penalty goes back
    order = agency.order(order_id)
    assert order.state == OrderState.DELIVERED
    assert order.retention_held_idr == retention_1 + retention_2
    assert order.retention_release_at is not None
    release_at = int(order.retention_release_at.timestamp())
    assert release_at == network.block_time(confirmed.block_number) + MAINTENANCE_SEC

    # Retention: not before the maintenance period ends, then to the supplier.
    with pytest.raises(TooEarly):
        network.client("auditor").supplier.release_retention(order_id)
    network.move_to(release_at)
    supplier_before = network.balance("supplier")
    network.client("auditor").supplier.release_retention(order_id)
    assert network.balance("supplier") == supplier_before + retention_1 + retention_2
    assert agency.order(order_id).state == OrderState.CLOSED

    # Conservation: the supplier got the price less the penalty, the escrow holds nothing more.
    received = paid_1 + paid_2 + retention_1 + retention_2
    assert received == total - penalty_1 - penalty_2
    assert network.balance("supplier") == BIDDER_FUNDS_IDR + received
    assert network.balance("agency") == agency_before - received
    assert agency.balance(agency.escrow.address) == escrow_before
    budget_after = agency.budget(AGENCY_ORG, FISCAL_YEAR).committed_idr
    assert budget_after == budget_before + received
    assert agency.status(f"order:{order_id}").order.state == OrderState.CLOSED
    assert_besu_rules_kept(network)


def test_direct_order_dispute_resolved_by_the_arbiter(network: Network) -> None:
    agency = network.client("agency")
    supplier = network.client("supplier2")
    budget_before = agency.budget(AGENCY_ORG, FISCAL_YEAR).committed_idr
    agency_before = network.balance("agency")
    supplier_before = network.balance("supplier2")
    total = CEMENT_SACKS * CEMENT_PRICE_IDR

    order_id = agency.agency.create_direct_order(
        network.address("supplier2"),
        FISCAL_YEAR,
        [Line(item_hash("cement 50 kg"), CEMENT_SACKS, CEMENT_PRICE_IDR, "sack", "ID")],
        network.now() + 20 * DAY,
        30 * DAY,
    ).order_id
    assert order_id is not None
    assert agency.order(order_id).is_direct
    agency.agency.approve_escrow(order_id)
    supplier.supplier.accept_order(order_id)
    shipment_id = supplier.supplier.register_shipment(
        order_id, [CEMENT_SACKS], network.address("carrier2"), network.now() + 5 * DAY
    ).shipment_id
    assert shipment_id is not None
    network.client("carrier2").carrier.record_checkpoint(shipment_id, "arrived", "IDSUB")

    opened = agency.agency.open_dispute(order_id, reason=b"cement below SNI grade")
    assert opened.event("DisputeOpened")["openedBy"] == network.address("agency")
    # Payments are frozen: the check before sending says so, and so does the contract.
    with pytest.raises(WrongState, match="open dispute"):
        agency.agency.confirm_delivery(shipment_id)
    agency.preflight = False
    with pytest.raises(OrderEscrowDisputeOpen):
        agency.agency.confirm_delivery(shipment_id)
    agency.preflight = True

    held = agency.order(order_id).held_idr
    assert held == total
    to_agency = held - RULING_TO_SUPPLIER_IDR
    supplier.supplier.respond_to_dispute(order_id, b"lab report: SNI grade met")
    resolved = network.client("arbiter").arbiter.resolve_dispute(
        order_id, RULING_TO_SUPPLIER_IDR, to_agency, ruling=b"putusan 7/2026"
    )
    assert resolved.event("DisputeResolved")["toSupplierIdr"] == RULING_TO_SUPPLIER_IDR
    dispute = agency.dispute(order_id)
    assert dispute is not None
    assert dispute.resolved
    assert dispute.arbiter == network.address("arbiter")
    assert (dispute.to_supplier_idr, dispute.to_agency_idr) == (RULING_TO_SUPPLIER_IDR, to_agency)
    order = agency.order(order_id)
    assert (order.state, order.disputed, order.held_idr) == (OrderState.CLOSED, False, 0)
    assert network.balance("supplier2") == supplier_before + RULING_TO_SUPPLIER_IDR
    assert network.balance("agency") == agency_before - RULING_TO_SUPPLIER_IDR
    budget_after = agency.budget(AGENCY_ORG, FISCAL_YEAR).committed_idr
    assert budget_after == budget_before + RULING_TO_SUPPLIER_IDR
    assert_besu_rules_kept(network)

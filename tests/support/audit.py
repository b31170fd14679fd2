"""Helpers of the audit tests: chains with procurement scenarios, and a throw-away PostgreSQL.

Two Besu-like nodes (anvil behind tools.besu_proxy, see tests/support/besu.py) run for the session,
outside Ape's per-test snapshots, each with the pilot deployed and one scenario played through
the client library:

- ``dirty_chain``: built to trigger every red-flag check once — an unrevealed bid, a large
  winner/runner-up gap, a serial loser, a single-bid tender (on-chain R018), two late deliveries
  of one supplier, three direct purchases split under the ceiling, a dispute, and one payment the
  escrow address emits without a confirmation (its code swapped for a few bytes that log
  ``PaymentReleased``, then restored: a faulty escrow, as an auditor must catch it).
- ``clean_chain``: the same kinds of steps done properly; no check may fire.

``postgres_server`` starts PostgreSQL with ``initdb`` / ``pg_ctl`` in a temporary folder on a
random loopback port (as ``nobody`` when the tests run as root: initdb refuses root) and skips
with a message where the binaries are missing. ``audit_db`` is a factory of fresh databases for
the parametrized ``backend`` (``sqlite`` file or ``postgresql`` database).

The fixtures are in tests/audit/conftest.py, ``postgres_server`` in tests/conftest.py (the portal
workers test uses it too).
"""

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from eth_account import Account

from py_client import Item, Line, Rantai
from py_client.audit.db import Database, open_database
from py_client.deployment import Deployment
from py_client.ops import localpg
from py_client.ops.localpg import LocalPostgres
from py_client.receipts import EventDecoder
from tests.support.besu import BesuNode, compile_contracts, start_besu_node
from tests.support.client import World, goods_line, item_hash
from tests.support.constants import FISCAL_YEAR

DAY = 86_400
HPS_IDR = 1_000_000_000
BOND_IDR = 5_000_000
OBJECTION_WINDOW_SEC = 5 * 86_400  # the policy default
SPLIT_ORDER_IDR = 90_000_000  # three of them: 270 juta, above the 200 juta ceiling


# ----------------------------------------------------------------------------- scenarios


@dataclass
class Scenario:
    """A node with a played scenario and what the tests expect of it."""

    node: BesuNode
    deployment: Deployment
    salt_dir: Path
    world: World
    facts: dict[str, Any] = field(default_factory=dict)

    def client(self, role: str | None = None) -> Rantai:
        """A fresh client of the node signing as ``role`` (read-only when ``None``)."""
        return Rantai.connect(self.node.settings(role), salt_dir=str(self.salt_dir))


def scenario_world(node: BesuNode, salt_dir: Path) -> World:
    """tests.support.client.World driving ``node``: clients per role, process steps."""
    accounts = {role: Account.from_key(key) for role, key in node.keys.items()}

    def connect(account: Any = None, *, preflight: bool = True) -> Rantai:
        role = next(r for r, a in accounts.items() if a.address == account.address)
        return Rantai.connect(node.settings(role), preflight=preflight, salt_dir=str(salt_dir))

    return World(connect, accounts, node.fast_forward, {})


def open_tenders(w: World, bids: list[dict[str, int]]) -> list[int]:
    """Open one tender per entry and commit its bids (role → price)."""
    now = w.now()
    tender_ids = []
    for prices in bids:
        result = w.agency.agency.open_tender(
            spec=b"spec",
            spec_uri="rantai://docs/spec",
            items=[Item(item_hash("laptop"), 100, "kg")],
            hps_idr=HPS_IDR,
            bid_deadline_at=now + 4 * DAY,
            reveal_deadline_at=now + 6 * DAY,
            fiscal_year=FISCAL_YEAR,
            bond_idr=BOND_IDR,
        )
        assert result.tender_id is not None
        tender_ids.append(result.tender_id)
        for role, price in prices.items():
            w.bid(role, result.tender_id, price)
    return tender_ids


def reveal_and_finalise(w: World, tenders: list[tuple[int, list[str]]]) -> None:
    """Reveal the named bidders' bids of each tender, then finalise them all."""
    w.to_reveal(tenders[0][0])
    for tender_id, revealers in tenders:
        for role in revealers:
            getattr(w, role).supplier.reveal_bid(tender_id)
    w.to_finalise(tenders[0][0])
    for tender_id, _ in tenders:
        w.agency.agency.finalise_tender(tender_id)
    w.move_to(w.now() + OBJECTION_WINDOW_SEC)  # ordering waits for the sanggah window


def order_from_tender(w: World, tender_id: int, price: int, supplier: str, days: int) -> int:
    """The order of an awarded tender (one line of 100 units), approved and accepted."""
    lines = [goods_line("laptop", 100, price // 100)]
    result = w.agency.agency.create_order_from_tender(
        tender_id, lines, w.now() + days * DAY, timedelta(days=1)
    )
    assert result.order_id is not None
    return w.accepted(result.order_id, supplier)


def ship(w: World, order_id: int, quantity: int, supplier: str, handover: bool) -> int:
    """A shipment picked up, in transit (handed over to carrier2 if asked) and arrived."""
    shipment_id = w.shipment(order_id, [quantity], supplier=supplier)
    w.carrier.carrier.record_checkpoint(shipment_id, "picked-up", "IDTPP", latitude_e6=-6104000)
    carrier = "carrier"
    if handover:
        w.carrier.carrier.nominate_custodian(shipment_id, w.address("carrier2"))
        w.carrier2.carrier.accept_custody(shipment_id)
        carrier = "carrier2"
    getattr(w, carrier).carrier.record_checkpoint(shipment_id, "in-transit", "IDJKT")
    w.arrive(shipment_id, carrier)
    return shipment_id


PAYMENT_RELEASED = "PaymentReleased(uint256,address,uint256,uint256,uint256)"


def emitter_code(topic0: bytes, order_id: int, supplier: str, amounts: list[int]) -> str:
    """Runtime code that logs one ``PaymentReleased`` with ``amounts`` and stops."""
    code = b""
    for slot, value in enumerate(amounts):
        code += b"\x7f" + value.to_bytes(32, "big") + b"\x60" + bytes([32 * slot]) + b"\x52"
    code += b"\x7f" + bytes.fromhex(supplier[2:]).rjust(32, b"\x00")  # topic2
    code += b"\x7f" + order_id.to_bytes(32, "big")  # topic1
    code += b"\x7f" + topic0  # topic0
    code += b"\x60" + bytes([32 * len(amounts)]) + b"\x60\x00"  # size, offset
    code += b"\xa3\x00"  # LOG3, STOP
    return "0x" + code.hex()


def faulty_payment(s: Scenario, order_id: int, supplier: str, paid_idr: int) -> str:
    """Make the escrow address log a payment without a confirmation; returns the tx hash."""
    node, escrow = s.node, s.deployment.address("OrderEscrow")
    original = node.rpc("eth_getCode", [escrow, "latest"])
    topic0 = EventDecoder().topic("OrderEscrow", "PaymentReleased")
    node.rpc("anvil_setCode", [escrow, emitter_code(topic0, order_id, supplier, [paid_idr, 0, 0])])
    try:
        governor = node.account("governor")
        w3 = s.client().w3
        tx = {
            "to": escrow,
            "value": 0,
            "gas": 100_000,
            "gasPrice": 0,
            "nonce": w3.eth.get_transaction_count(governor.address),
            "chainId": node.chain_id,
        }
        signed = governor.sign_transaction(tx)
        tx_hash = w3.eth.send_raw_transaction(signed.raw_transaction)
        receipt = w3.eth.wait_for_transaction_receipt(tx_hash, timeout=30)
        assert receipt["status"] == 1
        assert len(receipt["logs"]) == 1
    finally:
        node.rpc("anvil_setCode", [escrow, original])
    return "0x" + bytes(tx_hash).hex()


def play_dirty(s: Scenario) -> None:
    """The scenario that triggers every check."""
    w = s.world
    t1, t2, t3, t4 = open_tenders(
        w,
        [
            {"supplier": 900_000_000, "supplier2": 950_000_000, "supplier3": 920_000_000},
            {"supplier": 500_000_000, "supplier2": 990_000_000},
            {"supplier": 800_000_000, "supplier2": 820_000_000},
            {"contractor": 300_000_000},
        ],
    )
    reveal_and_finalise(
        w,
        [
            (t1, ["supplier", "supplier2"]),  # supplier3 never reveals
            (t2, ["supplier", "supplier2"]),
            (t3, ["supplier", "supplier2"]),
            (t4, ["contractor"]),
        ],
    )
    order = order_from_tender(w, t1, 900_000_000, "supplier", days=10)
    # Both shipments arrive and are confirmed in the third started day after the deadline:
    # half a day from a day boundary, so no second a transaction lands in changes days late.
    deadline = int(s.client().order(order).delivery_deadline_at.timestamp())
    w.move_to(deadline + 2 * DAY + DAY // 2)
    first = ship(w, order, 50, "supplier", handover=True)
    second = ship(w, order, 50, "supplier", handover=False)
    w.agency.agency.confirm_delivery(first)
    w.agency.agency.confirm_delivery(second)
    split = []
    for _ in range(3):  # five days apart: inside a 30-day window, not inside a 1-day one
        line = goods_line("rice", 100, SPLIT_ORDER_IDR // 100)
        split.append(w.direct_order([line], supplier="supplier2"))
        w.move_to(w.now() + 5 * DAY)
    disputed = w.accepted(
        w.direct_order([goods_line("cement", 10, 10_000_000)], supplier="supplier3"), "supplier3"
    )
    w.agency.agency.open_dispute(disputed, b"quality")
    w.supplier3.supplier.respond_to_dispute(disputed, b"response")
    w.arbiter.arbiter.resolve_dispute(disputed, 60_000_000, 40_000_000, b"ruling")
    faulty_tx = faulty_payment(s, order, w.address("supplier").lower(), 1_000_000)
    ocid = s.client().ocid
    s.facts.update(
        tenders=[t1, t2, t3, t4],
        ocids={t: ocid("T", t) for t in (t1, t2, t3, t4)},
        order=order,
        shipments=[first, second],
        split_orders=split,
        disputed=disputed,
        faulty_tx=faulty_tx,
    )


def play_clean(s: Scenario) -> None:
    """The same kinds of steps, done properly."""
    w = s.world
    (t1,) = open_tenders(w, [{"supplier": 900_000_000, "supplier2": 950_000_000}])
    reveal_and_finalise(w, [(t1, ["supplier", "supplier2"])])
    order = order_from_tender(w, t1, 900_000_000, "supplier", days=30)
    shipment = ship(w, order, 100, "supplier", handover=True)
    w.agency.agency.confirm_delivery(shipment)
    w.move_to(w.now() + 2 * DAY)  # past the one-day maintenance period
    w.supplier.supplier.release_retention(order)
    due = w.now() + 10 * DAY
    lines = [Line.milestone(item_hash("foundation"), 50_000_000, due)]  # type: ignore[arg-type]
    works = w.accepted(
        w.direct_order(lines, supplier="contractor", deadline_in=20 * DAY), "contractor"
    )
    # The contractor submits the milestone and the agency stays silent: deemed acceptance pays it,
    # which the index books as a delivery (no payment without confirmation, issue 13).
    submitted = w.contractor.supplier.submit_milestone(works, 0, b"report")
    w.move_to(int(submitted.event("MilestoneSubmitted")["reviewEndsAt"]))
    w.contractor.supplier.claim_deemed_milestone(works, 0)
    direct = w.accepted(w.direct_order(supplier="supplier3"), "supplier3")
    s.facts.update(
        tenders=[t1], ocids={t1: s.client().ocid("T", t1)}, order=order, works=works, direct=direct
    )


def start_scenario(
    tmp: tempfile.TemporaryDirectory[str] | Path, play: Callable[[Scenario], None]
) -> Scenario:
    """Start a node in ``tmp``, play ``play`` on it."""
    work = Path(str(tmp))
    node = start_besu_node(work)
    try:
        salt_dir = work / "salts"
        scenario = Scenario(
            node,
            Deployment.load(str(node.deployment_file)),
            salt_dir,
            scenario_world(node, salt_dir),
        )
        play(scenario)
    except BaseException:
        node.stop()
        raise
    return scenario


@contextmanager
def running_scenario(
    project: Any, folder: Path, play: Callable[[Scenario], None]
) -> Iterator[Scenario]:
    """`play` on a node of its own in `folder` (contracts compiled first), stopped at exit."""
    compile_contracts(project)
    scenario = start_scenario(folder, play)
    try:
        yield scenario
    finally:
        scenario.node.stop()


# ----------------------------------------------------------------------------- PostgreSQL

PostgresServer = LocalPostgres  # the session's server (tests/conftest.py: postgres_server)


def start_postgres() -> LocalPostgres:
    """A throw-away server (:func:`py_client.ops.localpg.start_postgres`); skips the test where
    none can be started or psycopg is missing."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed: the PostgreSQL variants of the audit tests skip")
    try:
        return localpg.start_postgres()
    except localpg.PostgresUnavailable as err:
        pytest.skip(
            f"{err}: the PostgreSQL variants of the audit tests are skipped (install "
            "postgresql to run them)"
        )


def open_fresh(audit_db: Callable[[], str]) -> Database:
    """A new empty database of the current backend, with the schema."""
    return open_database(audit_db())

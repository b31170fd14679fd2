"""A chain with the pilot's lifecycle mix of events, generated fast (used by bench_index).

Each *round* plays ``tenders`` tenders through the pilot's lifecycle, one phase at a time for
all of them (so the clock moves once per phase, not once per tender): open (agency), three
sealed bids (three suppliers, bonds pulled; a single bid on every tenth tender, which finalise
flags), a token transfer between suppliers, reveals (one
bid above HPS), finalise (award, red flag, bond refunds), order from the award, acceptance
(escrow pull), a dispute on every :data:`DISPUTE_EVERY`-th order, a shipment per order, its
checkpoints (the last one ``Arrived``) by two carriers, and the delivery confirmation (payment,
penalty, retention) of the undisputed orders.

Every phase is signed with :class:`py_client.bulk.Presigner` (local nonces) and
:class:`py_client.bulk.FunctionCodec`, posted in raw JSON-RPC arrays of :data:`SEND_BATCH`
with automine off, and mined with ``evm_mine`` (each block up to the gas limit). Signing and
sending overlap: the phase's transactions are signed lazily on the calling thread while a
sender thread posts and mines the previous array. The first and the last transaction of each
phase are checked for success; the indexer's per-event counts are compared with the expected
mix by the benchmark.

:data:`GENERATOR_VERSION` is part of the benchmark's chain-cache key (with this file's source):
bump it when the mix changes in a way the source does not show.

Only contract calls that exist today are used; events added later simply appear in the counts.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from eth_abi.abi import encode
from eth_account.signers.local import LocalAccount
from eth_utils.crypto import keccak

from py_client.bulk import Fees, FunctionCodec, Presigner, RawRpc, TxRequest

GENERATOR_VERSION = 4
DAY = 86_400
FISCAL_YEAR = 2026
HPS_IDR = 1_000_000_000
BOND_IDR = 10_000_000
PRICES_IDR = (900_000_000, 950_000_000, 1_050_000_000)  # the third bid is above HPS
QUANTITY = 10
CHECKPOINTS = 8  # per shipment, the last one `Arrived`
DISPUTE_EVERY = 10
SINGLE_BID_EVERY = 10
SEND_BATCH = 1000
BLOCK_GAS_LIMIT = 1_000_000_000
"""The generating node's block gas limit (``--gas-limit``): a block per array of
:data:`SEND_BATCH` (1,000 calls of up to 600,000 gas). Anvil's cost per block grows with the
state (docs/bulk.md), so bigger blocks generate faster (5,000-call blocks took 0.6 of the node's
CPU), but a block of 5,000 calls holds ~10,000 logs, the indexer's whole target per answer: a
200k chain of 84 blocks leaves the ranges little room to adapt. 1,000 calls (about 2,000 logs)
are closer to what a busy pilot's blocks hold."""
GAS = {  # a fixed gas limit per call (above what each one uses here)
    "openTender": 500_000,
    "commitBid": 250_000,
    "revealBid": 150_000,
    "finaliseTender": 600_000,
    "createOrderFromTender": 600_000,
    "acceptOrder": 300_000,
    "openDispute": 200_000,
    "registerShipment": 400_000,
    "recordCheckpoint": 200_000,
    "confirmDelivery": 400_000,
    "transfer": 100_000,
    "approve": 100_000,
    "mint": 200_000,
}
UNIT = b"unit".ljust(16, b"\0")


@dataclass
class Round:
    """Ids of one round's tenders, orders and shipments."""

    tenders: list[int] = field(default_factory=list)
    orders: list[int] = field(default_factory=list)
    shipments: list[int] = field(default_factory=list)


class MixGenerator:
    """Presigns and sends the lifecycle phases for many tenders at once."""

    def __init__(
        self,
        url: str,
        chain_id: int,
        addresses: dict[str, str],
        keys: dict[str, LocalAccount],
        policy: dict[str, int],
    ) -> None:
        self.rpc = RawRpc(url)
        self.chain_id = chain_id
        self.addresses = addresses
        self.keys = keys
        self.policy = policy
        self.signers = {
            role: Presigner(
                account, chain_id, Fees(gas_price=0), self.rpc.nonces([account.address])[0]
            )
            for role, account in keys.items()
        }
        self.codecs: dict[tuple[str, str], FunctionCodec] = {}
        self.suppliers = ["supplier_a", "supplier_b", "supplier_c"]
        self.carriers = ["carrier", "carrier2"]
        self.tender_count = 0
        self.order_count = 0
        self.shipment_count = 0
        self.transactions = 0
        self.seconds: dict[str, float] = {}
        self._sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rantai-mix-send")
        self.rpc.call("evm_setAutomine", [False])  # blocks only from evm_mine (see phase)

    def close(self) -> None:
        """Stop the sender thread and close the connection."""
        self._sender.shutdown(wait=True, cancel_futures=True)
        self.rpc.close()

    # ------------------------------------------------------------------ plumbing

    def _tx(self, role: str, contract: str, function: str, args: Sequence[Any]) -> bytes:
        codec = self.codecs.get((contract, function))
        if codec is None:
            codec = self.codecs[(contract, function)] = FunctionCodec.of(contract, function)
        request = TxRequest(self.addresses[contract], codec.encode(list(args)), GAS[function])
        return self.signers[role].sign(request).raw

    def now(self) -> int:
        block = self.rpc.call("eth_getBlockByNumber", ["latest", False])
        return int(block["timestamp"], 16)

    def travel_to(self, at: int) -> None:
        """Mine an empty block at ``at`` (the next blocks follow it)."""
        self.rpc.call("evm_mine", [at])

    def _post(self, name: str, raws: list[bytes]) -> None:
        """Post one array and mine it (on the sender thread)."""
        errors = [e for e in self.rpc.send_raw(raws) if e]
        if errors:
            raise RuntimeError(f"{name}: node refused a transaction: {errors[0]}")
        self.rpc.call("evm_mine", [])

    def phase(self, name: str, raws: Iterable[bytes]) -> None:
        """Post ``raws`` in arrays with automine off, mine until the pool is empty, check.

        ``raws`` is consumed lazily: the next array is signed while the sender thread posts
        and mines the previous one (arrays go out in order, one at a time).
        """
        started = time.perf_counter()
        sent: list[Future[None]] = []
        chunk: list[bytes] = []
        ends: list[bytes] = []
        count = 0
        for raw in raws:
            if not ends:
                ends.append(raw)
            last = raw
            chunk.append(raw)
            count += 1
            if len(chunk) == SEND_BATCH:
                sent.append(self._sender.submit(self._post, name, chunk))
                chunk = []
        if not ends:
            return
        ends.append(last)
        if chunk:
            sent.append(self._sender.submit(self._post, name, chunk))
        for future in sent:
            future.result()
        while True:
            status = self.rpc.call("txpool_status")
            if not int(status["pending"], 16):
                break
            self.rpc.call("evm_mine", [])
        if int(status["queued"], 16):
            content = self.rpc.call("txpool_inspect")
            raise RuntimeError(f"{name}: transactions left queued (a nonce gap): {content}")
        receipts = self.rpc.receipts(["0x" + keccak(raw).hex() for raw in ends])
        for receipt in receipts:
            if receipt is None or receipt.get("status") != "0x1":
                raise RuntimeError(f"{name}: a transaction failed: {receipt}")
        self.transactions += count
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started

    # ------------------------------------------------------------------ setup

    def fund(self, tenders: int) -> None:
        """Tokens for the agency (orders) and the suppliers (bonds); allowances; budget."""
        total = tenders * (HPS_IDR + BOND_IDR) * 2
        raws = [self._tx("treasury", "RupiahToken", "mint", [self.keys["agency"].address, total])]
        for supplier in self.suppliers:
            address = self.keys[supplier].address
            raws.append(self._tx("treasury", "RupiahToken", "mint", [address, total]))
        self.phase("mint", raws)
        raws = [
            self._tx("agency", "RupiahToken", "approve", [self.addresses["OrderEscrow"], 2**200])
        ]
        for supplier in self.suppliers:
            raws.append(
                self._tx(supplier, "RupiahToken", "approve", [self.addresses["Tendering"], 2**200])
            )
        self.phase("approve", raws)

    # ------------------------------------------------------------------ one round

    def commitment(self, tender_id: int, bidder: str, price: int, salt: bytes) -> bytes:
        values = [
            self.chain_id,
            self.addresses["Tendering"],
            tender_id,
            self.keys[bidder].address,
            price,
            salt,
        ]
        types = ["uint256", "address", "uint256", "address", "uint256", "bytes32"]
        return keccak(encode(types, values))

    def bids(self, tender_id: int) -> list[tuple[str, int]]:
        """(bidder, price) of a tender: three bids, one of every :data:`SINGLE_BID_EVERY` alone
        (the single-bid red flag, R018)."""
        bids = list(zip(self.suppliers, PRICES_IDR, strict=True))
        return bids[:1] if tender_id % SINGLE_BID_EVERY == SINGLE_BID_EVERY // 2 else bids

    def round(self, tenders: int) -> Round:
        """Play ``tenders`` tenders through the lifecycle; returns their ids."""
        done = Round()
        reveal_deadline = self._tendering(tenders, done)
        deadline = self._ordering(reveal_deadline, done)
        self._shipping(deadline, done)
        return done

    def _tendering(self, tenders: int, done: Round) -> int:
        """Open, bid (and a token transfer each), reveal and finalise; the reveal deadline."""
        start = self.now()
        bid_deadline = start + int(self.policy["minTenderPeriodSec"]) + 3600
        reveal_deadline = bid_deadline + 2 * DAY
        ids = list(range(self.tender_count + 1, self.tender_count + tenders + 1))
        self.tender_count += tenders
        done.tenders = ids
        params = (
            keccak(text="spec"),
            "rantai://docs/spec",
            [(keccak(text="laptop"), QUANTITY, UNIT)],
            HPS_IDR,
            bid_deadline,
            reveal_deadline,
            BOND_IDR,
            FISCAL_YEAR,
            reveal_deadline,  # delivery period: from the reveal deadline, for a year
            reveal_deadline + 365 * DAY,
        )
        self.phase("open", (self._tx("agency", "Tendering", "openTender", [params]) for _ in ids))
        salts = {s: keccak(text=f"salt {s}") for s in self.suppliers}
        commits = (
            self._tx(
                supplier,
                "Tendering",
                "commitBid",
                [tender_id, self.commitment(tender_id, supplier, price, salts[supplier])],
            )
            for tender_id in ids
            for supplier, price in self.bids(tender_id)
        )
        self.phase("commit", commits)
        to = self.keys["supplier_b"].address
        self.phase(
            "transfer",
            (self._tx("supplier_a", "RupiahToken", "transfer", [to, 1000 + i]) for i in ids),
        )
        self.travel_to(bid_deadline)
        reveals = (
            self._tx(supplier, "Tendering", "revealBid", [tender_id, price, salts[supplier]])
            for tender_id in ids
            for supplier, price in self.bids(tender_id)
        )
        self.phase("reveal", reveals)
        self.travel_to(reveal_deadline)
        self.phase(
            "finalise", (self._tx("agency", "Tendering", "finaliseTender", [t]) for t in ids)
        )
        return reveal_deadline

    def _ordering(self, reveal_deadline: int, done: Round) -> int:
        """After the objection window: an order from each tender, accepted; the delivery
        deadline."""
        ids = done.tenders
        tenders = len(ids)
        self.travel_to(reveal_deadline + int(self.policy["objectionWindowSec"]) + 60)
        now = self.now()
        deadline = now + 30 * DAY
        unit_price = PRICES_IDR[0] // QUANTITY
        line = (keccak(text="laptop"), QUANTITY, unit_price, UNIT, b"ID", 0)
        self.phase(
            "order",
            (
                self._tx(
                    "agency",
                    "OrderEscrow",
                    "createOrderFromTender",
                    [t, [line], deadline, 30 * DAY, keccak(text=f"order of tender {t}")],
                )
                for t in ids
            ),
        )
        orders = list(range(self.order_count + 1, self.order_count + tenders + 1))
        self.order_count += tenders
        done.orders = orders
        self.phase(
            "accept",
            (
                self._tx("supplier_a", "OrderEscrow", "acceptOrder", [o, keccak(text=f"k{o}")])
                for o in orders
            ),
        )
        return deadline

    def _shipping(self, deadline: int, done: Round) -> None:
        """A shipment per order, its checkpoints to arrival, some disputes, the rest confirmed."""
        orders = done.orders
        origin = (b"ID", b"ID-JT".ljust(32, b"\0"), b"8991234567890".ljust(32, b"\0"))
        carrier_of = {
            self.shipment_count + index + 1: self.carriers[index % len(self.carriers)]
            for index in range(len(orders))
        }
        registrations = (
            self._tx(
                "supplier_a",
                "ShipmentTracking",
                "registerShipment",
                [
                    order_id,
                    [QUANTITY],
                    origin,
                    self.keys[carrier].address,
                    deadline,
                    keccak(text=f"shipment of order {order_id}"),
                ],
            )
            for order_id, carrier in zip(orders, carrier_of.values(), strict=True)
        )
        self.phase("ship", registrations)
        shipments = list(carrier_of)
        self.shipment_count += len(shipments)
        done.shipments = shipments
        self.phase("checkpoint", self._checkpoints(shipments, carrier_of, self.now()))
        disputed = {o for o in orders if o % DISPUTE_EVERY == 0}
        self.phase(
            "dispute",
            (
                self._tx("agency", "OrderEscrow", "openDispute", [o, keccak(text="late")])
                for o in sorted(disputed)
            ),
        )
        confirmations = (
            self._tx(
                "agency",
                "OrderEscrow",
                "confirmDelivery",
                [shipment_id, [QUANTITY], keccak(text=f"bast {shipment_id}")],
            )
            for shipment_id, order_id in zip(shipments, orders, strict=True)
            if order_id not in disputed
        )
        self.phase("confirm", confirmations)

    def _checkpoints(
        self, shipments: list[int], carrier_of: dict[int, str], occurred: int
    ) -> Iterable[bytes]:
        """The checkpoints of ``shipments``, step by step (the last one ``Arrived``), signed
        as they are consumed."""
        for step in range(CHECKPOINTS):
            kind = 4 if step == CHECKPOINTS - 1 else (1 if step == 0 else 2)
            location = f"IDJKT{step}".encode().ljust(32, b"\0")
            for shipment_id in shipments:
                cp = (kind, location, -6_200_000 + step, 106_800_000, occurred, b"\0" * 32)
                yield self._tx(
                    carrier_of[shipment_id],
                    "ShipmentTracking",
                    "recordCheckpoint",
                    [shipment_id, cp, keccak(text=f"checkpoint {shipment_id} {step}")],
                )


EVENTS_PER_TENDER_APPROX = 2 + 6 + 1 + 3 + 6 + 3 + 4 + 0.1 + 1 + CHECKPOINTS + 1 + 4.5
"""Rough events per tender of one round (to size the rounds for a target event count)."""

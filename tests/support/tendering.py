"""Helpers of the Tendering tests: tender parameters, a driver for tenders, strict reverts.

`Tenders` wraps the deployed contracts and the role accounts so that a test reads as the steps of
the lifecycle (open, commit, reveal, move the clock, finalise). `reverts_with` is `ape.reverts`
made strict: Ape's own context manager passes silently when the error could not be decoded, so a
misspelt argument name or an undecoded revert would hide a wrong error.
"""

from typing import Any

import ape
import requests
from eth_abi import encode
from eth_utils import keccak

from tests.support.constants import FISCAL_YEAR

HPS_IDR = 1_000_000_000
BOND_IDR = 5_000_000
SUPPLIER_FUNDS_IDR = 100_000_000
MIN_REVEAL_PERIOD_SEC = 3_600
REVEAL_PERIOD_SEC = 2 * 86_400
UINT128_MAX = 2**128 - 1
UNIT = b"unit".ljust(16, b"\0")
SPEC_HASH = keccak(text="spec: 100 laptops, 20 printers")
SPEC_URI = "rantai://docs/spec-001"

# ITendering.TenderStatus and ITendering.BidState as ints, the way Ape returns enums.
NONE, OPEN, AWARDED, FAILED, CANCELLED = range(5)
BID_NONE, COMMITTED, REVEALED, DISQUALIFIED, EXCLUDED = range(5)
# ITendering.ObjectionState.
OBJ_NONE, OBJ_PENDING, OBJ_UPHELD, OBJ_REJECTED = range(4)

RED_FLAGS = {"R018": b"R018", "R028": b"R028", "R035": b"R035", "R036": b"R036"}
RANTAI_FLAGS = {"RN01": b"RN01", "RN02": b"RN02", "RN03": b"RN03", "RN04": b"RN04"}


def item(n: int, quantity: int = 10) -> tuple[bytes, int, bytes]:
    """An ITendering.Item: the hash of description `n`, a quantity, the unit `unit`."""
    return (keccak(text=f"item {n}"), quantity, UNIT)


def salt_of(bidder: Any, price_idr: int) -> bytes:
    """A deterministic salt per bidder and price (tests need to reveal what they committed)."""
    return keccak(text=f"salt {bidder.address} {price_idr}")


def commitment(
    chain_id: int, tendering: Any, tender_id: int, bidder: Any, price_idr: int, salt: bytes
) -> bytes:
    """The commitment computed off chain, as a bidder's client does."""
    types = ["uint256", "address", "uint256", "address", "uint256", "bytes32"]
    values = [chain_id, tendering.address, tender_id, bidder.address, price_idr, salt]
    return keccak(encode(types, values))


class BatchReader:
    """Reads many views in one JSON-RPC batch of `eth_call`s (the stateful test reads balances
    and the status after every step; through Ape each read costs several round trips)."""

    def __init__(self) -> None:
        self._uri = ape.chain.provider.uri
        self._session = requests.Session()

    def words(self, calls: list[tuple[str, bytes]]) -> list[list[int]]:
        """Each call (to, calldata) answered as its 32-byte return words, in order."""
        payload = [
            {
                "jsonrpc": "2.0",
                "id": n,
                "method": "eth_call",
                "params": [{"to": to, "data": "0x" + data.hex()}, "latest"],
            }
            for n, (to, data) in enumerate(calls)
        ]
        answers = sorted(
            self._session.post(self._uri, json=payload, timeout=30).json(), key=lambda a: a["id"]
        )
        results = [bytes.fromhex(a["result"].removeprefix("0x")) for a in answers]
        return [
            [int.from_bytes(r[i : i + 32], "big") for i in range(0, len(r), 32)] for r in results
        ]


def balance_of_call(token: Any, holder: str) -> tuple[str, bytes]:
    return token.address, keccak(text="balanceOf(address)")[:4] + encode(["address"], [holder])


def tender_status_call(tendering: Any, tender_id: int) -> tuple[str, bytes]:
    """`tender(id)`; the status is word 3 of the (static) Tender struct."""
    return tendering.address, keccak(text="tender(uint256)")[:4] + encode(["uint256"], [tender_id])


class Tenders:
    """Drives tenders on the deployed Tendering contract for the tests."""

    def __init__(self, tendering: Any, registry: Any, token: Any, chain: Any, agency: Any) -> None:
        self.tendering = tendering
        self.registry = registry
        self.token = token
        self.chain = chain
        self.agency = agency

    @property
    def min_period_sec(self) -> int:
        return int(self.registry.policy().minTenderPeriodSec)

    def params(
        self,
        opened_at: int,
        *,
        hps_idr: int = HPS_IDR,
        bond_idr: int = BOND_IDR,
        items: list[tuple[bytes, int, bytes]] | None = None,
        bid_period_sec: int | None = None,
        reveal_period_sec: int = REVEAL_PERIOD_SEC,
        fiscal_year: int = FISCAL_YEAR,
    ) -> tuple[Any, ...]:
        """ITendering.TenderParams for a tender opened at `opened_at`."""
        bid_deadline_at = opened_at + (
            self.min_period_sec if bid_period_sec is None else bid_period_sec
        )
        return (
            SPEC_HASH,
            SPEC_URI,
            [item(1), item(2, 3)] if items is None else items,
            hps_idr,
            bid_deadline_at,
            bid_deadline_at + reveal_period_sec,
            bond_idr,
            fiscal_year,
            bid_deadline_at + reveal_period_sec,  # delivery period: from the reveal deadline
            bid_deadline_at + reveal_period_sec + 365 * 86_400,  # to a year after it
        )

    def open(self, sender: Any | None = None, **kwargs: Any) -> int:
        """Opens a tender now (the next block) and returns its id."""
        opened_at = self.chain.pending_timestamp
        self.chain.pending_timestamp = opened_at
        receipt = self.tendering.openTender(
            self.params(opened_at, **kwargs), sender=sender or self.agency
        )
        return int(receipt.decode_logs(self.tendering.TenderOpened)[0].tenderId)

    def commit(self, tender_id: int, bidder: Any, price_idr: int) -> Any:
        c = self.tendering.commitmentOf(tender_id, bidder, price_idr, salt_of(bidder, price_idr))
        return self.tendering.commitBid(tender_id, c, sender=bidder)

    def reveal(self, tender_id: int, bidder: Any, price_idr: int) -> Any:
        return self.tendering.revealBid(
            tender_id, price_idr, salt_of(bidder, price_idr), sender=bidder
        )

    def at(self, timestamp: int) -> None:
        """The next transaction runs at `timestamp` exactly."""
        self.chain.pending_timestamp = timestamp

    def to_reveal(self, tender_id: int) -> None:
        self.at(self.tendering.tender(tender_id).bidDeadlineAt)

    def to_end(self, tender_id: int) -> None:
        self.at(self.tendering.tender(tender_id).revealDeadlineAt)

    def to_orderable(self, tender_id: int) -> None:
        """The next transaction runs when the objection window of the award closes."""
        self.at(self.tendering.tender(tender_id).objectionEndsAt)

    def run(self, bids: list[tuple[Any, int]], *, reveal: list[Any] | None = None) -> int:
        """Opens a tender, commits `bids` (bidder, price) in order, reveals those of `reveal`
        (all by default) and moves the clock to the reveal deadline; returns the tender id."""
        tender_id = self.open()
        for bidder, price_idr in bids:
            self.commit(tender_id, bidder, price_idr)
        self.to_reveal(tender_id)
        revealing = [b for b, _ in bids] if reveal is None else reveal
        for bidder, price_idr in bids:
            if bidder in revealing:
                self.reveal(tender_id, bidder, price_idr)
        self.to_end(tender_id)
        return tender_id

    def finalise(self, tender_id: int, sender: Any | None = None) -> Any:
        return self.tendering.finaliseTender(tender_id, sender=sender or self.agency)


def order_terms(tendering: Any, tender_id: int) -> tuple[bytes, int]:
    """What `consumeAward` needs besides the ids: the tender's items hash (an order carrying its
    items) and a deadline in the middle of its delivery period (inside it even after pauses of
    a few days)."""
    t = tendering.tender(tender_id)
    middle = int(t.deliveryFromAt) + (int(t.deliveryUntilAt) - int(t.deliveryFromAt)) // 2
    return bytes(t.itemsHash), middle

"""Helpers of the CLI tests: the outcome of a `rantai` run, `Pilot` to set chain state up quickly.

`rantai(account, *argv)` runs `py_client.cli.main` with the account's key in RANTAI_PRIVATE_KEY
(the CLI reads its settings from the environment) and returns exit code, stdout, stderr and the
parsed JSON document. `Pilot` drives processes through the library (fresh clients per test:
Ape reverts the chain after each test and a client's Sender caches its nonce).
The fixtures (`cli_env`, `rantai`, `write_json`, `document`, `pilot`) are in tests/conftest.py:
bulk, documents and docs tests use them too.
"""

import json
import subprocess
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from eth_utils import keccak

from py_client import Item, Line, Origin, Rantai, Settings
from tests.support.constants import FISCAL_YEAR

DAY = 86_400
HPS_IDR = 1_000_000_000
BOND_IDR = 5_000_000
SUPPLIER_FUNDS_IDR = 100_000_000


def run_program(
    command: Sequence[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout_s: float | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run a program to its end, its output captured as text; the caller checks the exit code."""
    return subprocess.run(
        list(command), cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout_s
    )


def write_json_file(folder: Path, name: str, data: Any) -> Path:
    """`data` as the JSON input file `folder/name` (the `write_json` / `write_rows` fixtures)."""
    path = folder / name
    path.write_text(json.dumps(data))
    return path


@dataclass
class Run:
    """The outcome of one `rantai` invocation."""

    code: int
    out: str
    err: str

    @property
    def doc(self) -> Any:
        return json.loads(self.out)

    @property
    def error(self) -> str:
        """The one-line error message (asserting it is exactly one line)."""
        assert self.err.endswith("\n"), self.err
        assert self.err.count("\n") == 1, self.err
        assert self.err.startswith("error: "), self.err
        return self.err[len("error: ") : -1]

    def failure(self, code: int, error_type: str) -> str:
        """Asserts a `--json` run failed with exit `code` and error `error_type`; the message."""
        assert self.code == code, self.err
        assert self.doc["error"]["type"] == error_type, self.out
        return self.error


@dataclass
class Pilot:
    """Library clients per role and one-line process steps for setting state up."""

    rpc_url: str
    deployment: Path
    chain_id: int
    key: Callable[[Any], str]
    accounts: dict[str, Any]
    fast_forward: Callable[[int], None]
    salt_dir: Path

    def __getattr__(self, name: str) -> Rantai:
        accounts = self.__dict__.get("accounts", {})
        if name not in accounts:
            raise AttributeError(name)
        # A fresh client each time: the CLI sends from the same accounts, and a client's Sender
        # caches its next nonce.
        settings = Settings(
            rpc_url=self.rpc_url,
            chain_id=self.chain_id,
            deployment=str(self.deployment),
            private_key=self.key(accounts[name]),
        )
        return Rantai.connect(settings, salt_dir=str(self.salt_dir), check_code=False)

    def address(self, name: str) -> str:
        return str(self.accounts[name].address)

    def nonce(self, name: str) -> int:
        """Transactions sent so far by `name` (mined or pending)."""
        return int(self.governor.w3.eth.get_transaction_count(self.address(name), "pending"))

    @contextmanager
    def sends_nothing(self, *names: str) -> Iterator[None]:
        """Asserts that the block leaves the nonces of `names` unchanged."""
        before = {n: self.nonce(n) for n in names}
        yield
        assert {n: self.nonce(n) for n in names} == before

    def now(self) -> int:
        return self.governor.now()

    def move_to(self, timestamp: int) -> None:
        self.fast_forward(max(timestamp - self.now(), 1))

    def fund(self, name: str, amount_idr: int = SUPPLIER_FUNDS_IDR) -> None:
        self.treasury.treasury.mint(self.address(name), amount_idr)

    def open_tender(self, hps_idr: int = HPS_IDR, bond_idr: int = BOND_IDR) -> int:
        now = self.now()
        result = self.agency.agency.open_tender(
            spec=b"spec",
            spec_uri="rantai://spec",
            # the item the order lines of test_cli.GOODS describe: an order from it carries it
            items=[Item(keccak(text="Laptop 14 inch"), 100, "unit")],
            hps_idr=hps_idr,
            bid_deadline_at=now + 3 * DAY + 600,
            reveal_deadline_at=now + 5 * DAY,
            fiscal_year=FISCAL_YEAR,
            bond_idr=bond_idr,
        )
        assert result.tender_id is not None
        return result.tender_id

    def bid(self, name: str, tender_id: int, price_idr: int) -> None:
        self.fund(name)
        supplier = getattr(self, name).supplier
        supplier.approve_bond(tender_id)
        supplier.commit_bid(tender_id, price_idr, allow_invalid=True)

    def to_reveal(self, tender_id: int) -> None:
        self.move_to(int(self.governor.tender(tender_id).bid_deadline_at.timestamp()))

    def to_finalise(self, tender_id: int) -> None:
        self.move_to(int(self.governor.tender(tender_id).reveal_deadline_at.timestamp()))

    def revealed_tender(self, prices: dict[str, int]) -> int:
        """A tender whose bids (`prices` by bidder name) are revealed; not finalised."""
        tender_id = self.open_tender()
        for name, price in prices.items():
            self.bid(name, tender_id, price)
        self.to_reveal(tender_id)
        for name in prices:
            getattr(self, name).supplier.reveal_bid(tender_id)
        return tender_id

    def awarded_tender(self, prices: dict[str, int]) -> int:
        tender_id = self.revealed_tender(prices)
        self.to_finalise(tender_id)
        self.agency.agency.finalise_tender(tender_id)
        ends_at = self.governor.tender(tender_id).objection_ends_at
        if ends_at is not None:  # ordering waits for the objection (sanggah) window
            self.move_to(int(ends_at.timestamp()))
        return tender_id

    def direct_order(self, lines: list[Line] | None = None, accepted: bool = True) -> int:
        lines = lines or [Line(keccak(text="rice"), 100, 100_000, "kg", "ID")]
        result = self.agency.agency.create_direct_order(
            self.address("supplier"), FISCAL_YEAR, lines, self.now() + 30 * DAY, timedelta(days=90)
        )
        assert result.order_id is not None
        if accepted:
            self.agency.agency.approve_escrow(result.order_id)
            self.supplier.supplier.accept_order(result.order_id, b"contract")
        return result.order_id

    def milestone_order(self) -> int:
        due = self.now() + 20 * DAY
        lines = [Line.milestone(keccak(text="foundation"), 50_000_000, due)]
        return self.direct_order(lines)

    def shipment(
        self, order_id: int, quantities: list[int] | None = None, arrived: bool = False
    ) -> int:
        result = self.supplier.supplier.register_shipment(
            order_id,
            quantities or [100],
            self.address("carrier"),
            self.now() + 5 * DAY,
            Origin("ID", "ID-JT", "8991234567890"),
        )
        assert result.shipment_id is not None
        if arrived:
            self.carrier.carrier.record_checkpoint(result.shipment_id, "arrived", "IDJKT")
        return result.shipment_id

    def delivered_order(self) -> int:
        order_id = self.direct_order()
        shipment_id = self.shipment(order_id, arrived=True)
        self.agency.agency.confirm_delivery(shipment_id, None, b"BAST")
        return order_id


@dataclass
class Cli:
    """`rantai` runs signed by the account of a role (the `cli` fixture of the CLI tests).

    `command` holds the leading words ("order accept"); the other arguments are passed as text
    (`str(...)` of each), so ids and amounts may be given as numbers.
    """

    rantai: Callable[..., Run]
    pilot: Pilot

    def signed(self, role: str, command: str, *argv: object, json: bool = True) -> Run:
        """`rantai COMMAND ARGV...` signed by the account of `role`."""
        words = [*command.split(), *map(str, argv)]
        return self.rantai(self.pilot.accounts[role], *words, json=json)

    def succeeded(self, role: str, command: str, *argv: object, json: bool = True) -> Run:
        """`signed(...)`, asserting that it exits 0."""
        run = self.signed(role, command, *argv, json=json)
        assert run.code == 0, run.err
        return run

    def refused(self, code: int, text: str, role: str, command: str, *argv: object) -> Run:
        """`signed(role, command, *argv)` exits `code` with `text` in its error, sending nothing.

        The expectation comes first, as in `Run.failure`.
        """
        with self.pilot.sends_nothing(role):
            run = self.signed(role, command, *argv)
        assert run.code == code, run.err
        assert text in run.error
        return run


def hash_option(byte: str) -> tuple[str, str]:
    """`--hash 0x…` with a document hash of 32 times `byte` (two hex digits)."""
    return ("--hash", "0x" + byte * 32)

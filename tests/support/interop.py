"""Fixtures of the report, export and import tests: synced indexes and an in-process CLI runner.

``dirty_index`` / ``clean_index`` are the scenario chains of audit_fixtures.py indexed once per
session and backend (SQLite file, PostgreSQL database). ``open_data_chain`` (module scope) plays
the open-data scenario (:func:`play_open_data`): a failed, a cancelled and four awarded tenders
raising every red flag Rantai shares with OCP's Cardinal, a cancelled, a disputed, a terminated
and a milestone order, GPS checkpoints and an origin without region; ``open_data_index`` is it
indexed into SQLite. ``run_cli(*argv)`` runs ``rantai`` in
process in a fresh folder with no RANTAI_* settings and returns code, stdout and stderr.
Import with ``from interop_fixtures import *``.
"""

import json
import os
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import ape
import pytest
from audit_fixtures import (
    DAY,
    Scenario,
    open_fresh,
    open_tenders,
    order_from_tender,
    start_scenario,
)
from client_fixtures import goods_line, item_hash

from py_client import Line, Origin
from py_client.audit import RawRpc, sync
from py_client.audit.db import Database, open_database
from py_client.cli import main
from py_client.deployment import CONTRACT_NAMES


def synced(audit_db: Callable[[], str], scenario: Scenario) -> Database:
    """A fresh database of the current backend with ``scenario``'s chain indexed."""
    db = open_fresh(audit_db)
    sync(db, RawRpc(scenario.node.rpc_url), scenario.deployment)
    return db


@pytest.fixture(scope="session")
def dirty_index(audit_db: Callable[[], str], dirty_chain: Scenario) -> Iterator[Database]:
    db = synced(audit_db, dirty_chain)
    yield db
    db.close()


@pytest.fixture(scope="session")
def clean_index(audit_db: Callable[[], str], clean_chain: Scenario) -> Iterator[Database]:
    db = synced(audit_db, clean_chain)
    yield db
    db.close()


def play_open_data(s: Scenario) -> None:
    """Every kind of process step an open-data user must see, on one chain."""
    w = s.world
    lowest, identical, gap, failed, cancelled = open_tenders(
        w,
        [
            {"supplier": 500_000_000, "supplier2": 900_000_000, "supplier3": 700_000_000},
            {"supplier": 800_000_000, "supplier2": 800_000_000, "contractor": 990_000_000},
            {"supplier": 500_000_000, "supplier2": 990_000_000, "contractor": 995_000_000},
            {},
            {"supplier3": 600_000_000},
        ],
    )
    w.bid("contractor", failed, 1_200_000_000, allow_invalid=True)  # above the HPS
    w.agency.agency.cancel_tender(cancelled, b"budget cut")
    w.to_reveal(lowest)
    for tender_id, roles in (
        (lowest, ["supplier", "supplier2"]),  # supplier3 never reveals: bond forfeited
        (identical, ["supplier", "supplier2", "contractor"]),
        (gap, ["supplier", "supplier2", "contractor"]),
        (failed, ["contractor"]),
    ):
        for role in roles:
            getattr(w, role).supplier.reveal_bid(tender_id)
    w.agency.agency.disqualify_bid(lowest, w.address("supplier"), b"incomplete papers")
    w.to_finalise(lowest)
    for tender_id in (lowest, identical, gap, failed):
        w.agency.agency.finalise_tender(tender_id)
    w.move_to(w.now() + 5 * 86_400)  # ordering waits for the objection (sanggah) window

    disputed = order_from_tender(w, lowest, 900_000_000, "supplier2", days=30)
    first = w.supplier2.supplier.register_shipment(
        disputed, [50], w.address("carrier"), w.now() + 5 * DAY, Origin("ID", "ID-JB", "")
    ).shipment_id
    assert first is not None
    carrier = w.carrier.carrier
    carrier.record_checkpoint(
        first, "picked-up", "IDBDO", latitude_e6=-6_914_744, longitude_e6=107_609_810
    )
    carrier.record_checkpoint(
        first, "in-transit", "IDUPG", latitude_e6=-5_147_665, longitude_e6=119_432_732
    )
    carrier.record_checkpoint(
        first, "arrived", "IDDJJ", latitude_e6=-2_533_333, longitude_e6=140_716_667
    )
    w.agency.agency.confirm_delivery(first)
    w.agency.agency.open_dispute(disputed, b"second half refused")
    w.supplier2.supplier.respond_to_dispute(disputed, b"response")
    w.arbiter.arbiter.resolve_dispute(disputed, 272_500_000, 200_000_000, b"ruling")

    cancelled_order = w.agency.agency.create_order_from_tender(
        identical, [goods_line("laptop", 100, 8_000_000)], w.now() + 30 * DAY, timedelta(days=1)
    ).order_id
    assert cancelled_order is not None
    w.agency.agency.cancel_order(cancelled_order, b"withdrawn")

    terminated = order_from_tender(w, gap, 500_000_000, "supplier", days=10)
    late = w.supplier.supplier.register_shipment(
        terminated, [40], w.address("carrier"), w.now() + 5 * DAY, Origin("CN", "", "")
    ).shipment_id
    assert late is not None
    w.move_to(w.now() + 12 * DAY)  # past the deadline: the delivery is late
    carrier.record_checkpoint(late, "at-customs", "IDTPP", latitude_e6=-6_104_000)
    carrier.record_checkpoint(late, "arrived", "IDJKT")
    w.agency.agency.confirm_delivery(late)
    w.move_to(max(w.now(), w.supplier.terminable_at(terminated)) + 1)
    w.agency.agency.terminate_order(terminated, b"rest never came")
    w.move_to(w.now() + 2 * DAY)  # past the one-day maintenance period
    w.supplier.supplier.release_retention(terminated)

    due = w.now() + 10 * DAY
    works = w.accepted(
        w.direct_order(
            [Line.milestone(item_hash("foundation"), 50_000_000, due)],  # type: ignore[arg-type]
            supplier="contractor",
            deadline_in=20 * DAY,
        ),
        "contractor",
    )
    w.agency.agency.confirm_milestone(works, 0, b"bast")
    # Issue 13 item 4: an adendum signed by both parties raises a goods order by 10 units.
    amended = w.accepted(w.direct_order())  # 100 x Rp 100,000
    deadline = int(w.agency.order(amended).delivery_deadline_at.timestamp())
    w.agency.agency.approve_escrow(amended, 1_000_000)
    w.supplier.supplier.sign_adendum(amended, [110], deadline, b"adendum 1")
    w.agency.agency.sign_adendum(amended, [110], deadline, b"adendum 1")
    ocid = s.client().ocid
    tenders = {
        "lowest": lowest,
        "identical": identical,
        "gap": gap,
        "failed": failed,
        "cancelled": cancelled,
    }
    s.facts.update(
        tenders=tenders,
        ocids={name: ocid("T", t) for name, t in tenders.items()},
        disputed=disputed,
        cancelled_order=cancelled_order,
        terminated=terminated,
        works=works,
        amended=amended,
        shipments={"gps": first, "foreign": late},
    )


# Own chain, not the session's: `chain_isolation=False` tells Ape's isolation so, and a test asking
# for a new session parameter (the audit database backend) does not make Ape rebuild it.
@ape.fixture(scope="module", chain_isolation=False)
def open_data_chain(project: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    """A chain with the open-data scenario (:func:`play_open_data`)."""
    for name in CONTRACT_NAMES:  # Ape compiles into .build/ on first access
        getattr(project, name)
    scenario = start_scenario(tmp_path_factory.mktemp("open-data"), play_open_data)
    yield scenario
    scenario.node.stop()


@ape.fixture(scope="module", chain_isolation=False)
def open_data_index(
    open_data_chain: Scenario, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    """The open-data chain indexed into a fresh SQLite file."""
    db = open_database(str(tmp_path_factory.mktemp("open-data-index") / "audit.sqlite"))
    sync(db, RawRpc(open_data_chain.node.rpc_url), open_data_chain.deployment)
    yield db
    db.close()


class CliResult:
    """The outcome of one ``rantai`` run."""

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    @property
    def doc(self) -> Any:
        return json.loads(self.out)

    @property
    def error(self) -> str:
        """The one-line error message (asserting it is exactly one line)."""
        assert self.err.count("\n") == 1, self.err
        assert self.err.startswith("error: "), self.err
        return self.err[len("error: ") : -1]


@pytest.fixture
def run_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., CliResult]:
    """``run_cli(*argv)``: ``rantai`` in process, cwd a fresh folder, no RANTAI_* settings."""
    for name in list(os.environ):
        if name.startswith("RANTAI_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)

    def run(*argv: str) -> CliResult:
        capsys.readouterr()
        code = main(list(argv))
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


__all__ = [
    "CliResult",
    "clean_index",
    "dirty_index",
    "open_data_chain",
    "open_data_index",
    "play_open_data",
    "run_cli",
    "synced",
]

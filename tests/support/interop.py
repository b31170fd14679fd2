"""Helpers of the report, export and import tests: synced indexes, the open-data scenario.

``dirty_index`` / ``clean_index`` are the scenario chains of tests/support/audit.py indexed once per
session and backend (SQLite file, PostgreSQL database). ``open_data_chain`` (module scope) plays
the open-data scenario (:func:`play_open_data`): a failed, a cancelled and four awarded tenders
raising every red flag Rantai shares with OCP's Cardinal, a cancelled, a disputed, a terminated
and a milestone order, GPS checkpoints and an origin without region; ``open_data_index`` is it
indexed into SQLite. ``run_cli(*argv)`` runs ``rantai`` in
process in a fresh folder with no RANTAI_* settings and returns code, stdout and stderr.
The fixtures are in tests/audit/conftest.py.
"""

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from py_client import Line, Origin
from py_client.audit import RawRpc, sync
from py_client.audit.db import Database
from tests.support.audit import (
    DAY,
    Scenario,
    open_fresh,
    open_tenders,
    order_from_tender,
)
from tests.support.client import goods_line, item_hash


def synced(audit_db: Callable[[], str], scenario: Scenario, **kwargs: Any) -> Database:
    """A fresh database of the current backend with ``scenario``'s chain indexed (``kwargs`` for
    :func:`py_client.audit.sync`: ``to_block``, ``max_range``...)."""
    db = open_fresh(audit_db)
    sync(db, RawRpc(scenario.node.rpc_url), scenario.deployment, **kwargs)
    return db


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

"""The adendum by client, CLI, audit index, red flag and OCDS (issue 13 item 4).

The agency proposes an adendum with ``agency.sign_adendum``, the supplier signs the same terms with
``supplier.sign_adendum``; checks before sending refuse what the contract would refuse; the audit
index records the signed adendum (``adendum_events``, red flag RN06) and updates the order's
total, deadline and line quantities; the OCDS export lists it in ``contracts[].amendments`` of a
``contractAmendment`` release while the order's first release keeps its original terms.
"""

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from py_client import InvalidParameters, NotAuthorized, Settings, WrongState
from py_client.audit.db import open_database
from py_client.audit.flags import red_flags
from py_client.audit.rpc import RawRpc
from py_client.audit.sync import sync
from py_client.errors import AllowanceTooLow
from py_client.interop import ocds
from py_client.portal import PortalConfig, create_app
from py_client.portal.public import PublicData
from tests.support.client import World, active_order, goods_line
from tests.support.standards import ocds_errors

pytestmark = pytest.mark.no_contract_trace

DAY = 86_400
REASON_HASH = "0x" + "ab" * 32  # the adendum document's hash, the same for both signatures


def deadline_of(w: World, order_id: int) -> int:
    return int(w.agency.order(order_id).delivery_deadline_at.timestamp())


def test_agency_proposes_and_supplier_signs_through_the_client(world: World) -> None:
    w = world
    order_id = active_order(w)  # 100 x Rp 100,000 = Rp 10,000,000
    later = deadline_of(w, order_id) + 7 * DAY
    w.agency.agency.approve_escrow(order_id, 1_000_000)
    proposed = w.agency.agency.sign_adendum(order_id, [110], later, b"BA adendum 1")
    assert proposed.event("AdendumProposed")["newTotalIdr"] == 11_000_000
    state = w.agency.adendum_state(order_id)
    assert (state.proposer, state.count, state.original_total_idr) == (w.agency.address, 0, None)
    signed = w.supplier.supplier.sign_adendum(order_id, [110], later, b"BA adendum 1")
    event = signed.event("AdendumSigned")
    assert (event["oldTotalIdr"], event["newTotalIdr"]) == (10_000_000, 11_000_000)
    order = w.agency.order(order_id)
    assert (order.total_idr, order.unpaid_idr) == (11_000_000, 11_000_000)
    assert w.agency.lines(order_id)[0].quantity == 110
    state = w.agency.adendum_state(order_id)
    assert (state.pending_hash, state.count, state.original_total_idr) == (None, 1, 10_000_000)
    assert w.agency.policy().adendum_cap_bps == 1_000


def test_checks_before_sending_refuse_what_the_contract_refuses(world: World) -> None:
    w = world
    order_id = active_order(w)
    deadline = deadline_of(w, order_id)
    with pytest.raises(InvalidParameters, match="above the cap"):
        w.agency.agency.sign_adendum(order_id, [111], deadline)
    with pytest.raises(InvalidParameters, match="changes nothing"):
        w.agency.agency.sign_adendum(order_id, [100], deadline)
    with pytest.raises(InvalidParameters, match="give 1 quantities"):
        w.agency.agency.sign_adendum(order_id, [100, 1], deadline)
    with pytest.raises(InvalidParameters, match="in the future"):
        w.agency.agency.sign_adendum(order_id, [90], w.now() - 10)
    with pytest.raises(NotAuthorized):
        w.supplier2.supplier.sign_adendum(order_id, [90], deadline)
    # the supplier proposes an increase; the agency applying it must have approved it
    w.supplier.supplier.sign_adendum(order_id, [105], deadline)
    with pytest.raises(AllowanceTooLow):
        w.agency.agency.sign_adendum(order_id, [105], deadline)
    w.agency.agency.sign_adendum(order_id, [90], deadline)  # a proposal: nothing pulled
    created = w.agency.agency.create_direct_order(
        w.address("supplier"), 2026, [goods_line("rice", 1, 1)], w.now() + DAY, 0
    )
    with pytest.raises(WrongState):
        w.agency.agency.sign_adendum(created.order_id or 0, [2], w.now() + DAY)


def test_the_index_flags_the_adendum_and_ocds_lists_it_as_an_amendment(
    world: World, rpc_url: str
) -> None:
    w = world
    order_id = active_order(w)
    deadline = deadline_of(w, order_id)
    w.supplier.supplier.sign_adendum(order_id, [80], deadline + DAY, b"pekerjaan kurang")
    w.agency.agency.sign_adendum(order_id, [80], deadline + DAY, b"pekerjaan kurang")
    ocid = w.agency.ocid("PO", order_id)
    with open_database(":memory:") as db:
        sync(db, RawRpc(rpc_url), w.agency.deployment)
        [row] = db.query("SELECT * FROM adendum_events WHERE order_id = ?", [order_id])
        assert (row["number"], row["old_total_idr"], row["new_total_idr"]) == (
            1,
            10_000_000,
            8_000_000,
        )
        assert json.loads(row["quantities"]) == [80]
        assert row["signed_by"] == w.agency.address.lower()
        order = db.query("SELECT * FROM orders WHERE order_id = ?", [order_id])[0]
        assert (order["total_idr"], order["delivery_deadline_at"]) == (8_000_000, deadline + DAY)
        line = db.query("SELECT quantity FROM order_lines WHERE order_id = ?", [order_id])[0]
        assert line["quantity"] == 80
        flags = [f for c in red_flags(db).checks for f in c.flags if f.code == "RN06"]
        assert [(f.ocid, f.data["new_total_idr"]) for f in flags] == [(ocid, 8_000_000)]
        portal = PublicData(db)  # the flags page and its headline count list it too
        [shown] = [f for f in portal.red_flags() if f["code"] == "RN06"]
        assert (shown["order_id"], shown["ocid"]) == (order_id, ocid)
        analytic = sum(len(c.flags) for c in portal.analytics())
        assert portal.flag_count() == len(portal.red_flags()) + analytic
        package = ocds.release_package(db, [ocid])
        records = ocds.record_package(db, [ocid])
    assert ocds_errors(package, "release-package") == []
    assert ocds_errors(records, "record-package") == []
    compiled = records["records"][0]["compiledRelease"]["contracts"][0]
    assert [a["id"] for a in compiled["amendments"]] == ["adendum-1"]
    assert compiled["value"]["amount"] == 8_000_000
    releases = package["releases"]
    created = next(r for r in releases if "/order/" in r["id"])
    assert created["contracts"][0]["value"]["amount"] == 10_000_000
    assert created["contracts"][0]["items"][0]["quantity"] == 100
    amended = next(r for r in releases if "contractAmendment" in r["tag"])
    contract = amended["contracts"][0]
    assert contract["value"]["amount"] == 8_000_000
    assert contract["items"][0]["quantity"] == 80
    [amendment] = contract["amendments"]
    assert amendment["id"] == "adendum-1"
    assert amendment["releaseID"] == amended["id"]
    assert "keccak-256" in amendment["rationale"]


def test_cli_order_adendum_proposes_and_signs(world: World, rantai: Any) -> None:
    w = world
    order_id = active_order(w)
    supplier, agency = w.accounts["supplier"], w.accounts["agency"]
    terms = ("order", "adendum", str(order_id), "--quantities", "90", "--hash", REASON_HASH)
    first = rantai(supplier, *terms, json=False)
    assert first.code == 0, first.err
    assert f"proposed adendum 1 of order {order_id}" in first.out
    second = rantai(agency, *terms, json=False)
    assert second.code == 0, second.err
    assert f"signed adendum 1 of order {order_id}" in second.out
    assert w.agency.order(order_id).total_idr == 9_000_000
    missing = rantai(agency, "order", "adendum", str(order_id), "--hash", REASON_HASH)
    assert missing.code == 2
    assert "needs --quantities and/or --deadline" in missing.error


def test_the_portal_order_page_lists_the_signed_adendum(
    world: World, rpc_url: str, deployment_file: Any, tmp_path: Any
) -> None:
    w = world
    order_id = active_order(w)
    deadline = deadline_of(w, order_id)
    w.agency.agency.approve_escrow(order_id, 500_000)
    w.agency.agency.sign_adendum(order_id, [105], deadline, b"tambah 5")
    w.supplier.supplier.sign_adendum(order_id, [105], deadline, b"tambah 5")
    config = PortalConfig(
        Settings(rpc_url=rpc_url, deployment=str(deployment_file)),
        database=str(tmp_path / "audit.sqlite"),
        documents=str(tmp_path / "documents"),
        sync_interval_s=0,
    )
    with TestClient(create_app(config), base_url="http://127.0.0.1") as web:
        page = web.get(f"/orders/{order_id}").text
        assert 'id="adendums"' in page
        assert "Adendum 1 ditandatangani kedua pihak" in page
        assert "Adendum ditandatangani kedua pihak" in page  # the event in the history
        web.get("/lang/en")
        page = web.get(f"/orders/{order_id}").text
    assert "Adendum 1 signed by both parties" in page
    # the escrow view counts the increase: Rp 10,500,000 escrowed and held
    escrowed = re.search(r'id="escrow-escrowed">([^<]+)<', page)
    held = re.search(r'id="escrow-held">([^<]+)<', page)
    assert escrowed is not None
    assert held is not None
    assert escrowed[1] == held[1]
    assert "10.500.000" in escrowed[1] or "10,500,000" in escrowed[1]

"""The `rantai` CLI, run in-process against anvil: every subcommand succeeds on good input and
refuses bad input with one line on stderr, a non-zero exit (2 bad input, 1 refused) and nothing
sent (the signer's nonce is unchanged)."""

import importlib.util
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from py_client.cli.app import GROUPS
from tests.support.cli import BOND_IDR, DAY, HPS_IDR, Cli, Pilot, Run, hash_option
from tests.support.constants import AGENCY_ORG, CARRIER_ORG, FISCAL_YEAR

Rantai = Callable[..., Run]
WriteJson = Callable[[str, Any], Path]


@pytest.fixture
def cli(rantai: Rantai, pilot: Pilot) -> Cli:
    return Cli(rantai, pilot)


# --------------------------------------------------------------------------- general


def test_whoami_shows_organisation_roles_and_balance(pilot: Pilot, cli: Cli) -> None:
    run = cli.succeeded("agency", "whoami")
    me = run.doc["result"]
    assert me["address"] == pilot.address("agency")
    assert (me["org_id"], me["org_kind"], me["roles"]) == (AGENCY_ORG, "AGENCY", ["AGENCY"])
    assert run.doc["balance_idr"] == 20_000_000_000


def test_whoami_human_output_is_an_aligned_record(pilot: Pilot, cli: Cli) -> None:
    run = cli.succeeded("agency", "whoami", json=False)
    assert f"address        {pilot.address('agency')}" in run.out
    assert "balance        Rp 20.000.000.000" in run.out


def test_whoami_without_a_signer_is_bad_input(rantai: Rantai) -> None:
    run = rantai(None, "whoami")
    assert run.code == 2
    assert "read-only" in run.error
    assert run.doc["ok"] is False
    assert run.doc["error"]["type"] == "NoSigner"


@pytest.mark.parametrize("form", ["tender", "ocid"])
def test_status_of_a_tender_by_reference_or_ocid(rantai: Rantai, pilot: Pilot, form: str) -> None:
    tender_id = pilot.open_tender()
    ref = f"tender:{tender_id}" if form == "tender" else pilot.governor.ocid("T", tender_id)
    run = rantai(None, "status", ref)
    assert run.code == 0, run.err
    assert run.doc["kind"] == "tender"
    assert run.doc["result"]["tender"]["tender_id"] == tender_id
    assert run.doc["result"]["tender"]["hps_idr"] == HPS_IDR


def test_status_of_an_order_in_human_form_shows_lines_and_shipments(
    rantai: Rantai, pilot: Pilot
) -> None:
    order_id = pilot.direct_order()
    shipment_id = pilot.shipment(order_id)
    run = rantai(None, "status", f"order:{order_id}", json=False)
    assert run.code == 0, run.err
    assert f"order {order_id} active" in run.out
    assert re.search(r"^total +Rp 10\.000\.000$", run.out, re.MULTILINE)
    assert "lines:" in run.out
    assert "shipments:" in run.out
    assert any(
        line.split()[:2] == [str(shipment_id), "registered"] for line in run.out.splitlines()
    )


def test_status_of_a_shipment_lists_its_proven_checkpoints(rantai: Rantai, pilot: Pilot) -> None:
    shipment_id = pilot.shipment(pilot.direct_order(), arrived=True)
    run = rantai(None, "status", f"shipment:{shipment_id}")
    assert run.code == 0, run.err
    result = run.doc["result"]
    assert result["shipment"]["status"] == "ARRIVED"
    assert [c["kind"] for c in result["checkpoints"]] == ["ARRIVED"]


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("order:99", "order 99 does not exist"),
        ("shipment:7", "shipment 7 does not exist"),
        ("banana", "banana"),
    ],
)
def test_status_of_an_unknown_or_malformed_reference_is_bad_input(
    rantai: Rantai, ref: str, message: str
) -> None:
    run = rantai(None, "status", ref)
    assert run.code == 2
    assert message in run.error


def test_policy_shows_the_registry_policy(rantai: Rantai) -> None:
    run = rantai(None, "policy")
    assert run.code == 0, run.err
    assert run.doc["result"]["direct_purchase_ceiling_idr"] == 200_000_000
    assert run.doc["result"]["min_tender_period"] == 3 * DAY


def test_policy_refuses_extra_arguments(rantai: Rantai) -> None:
    run = rantai(None, "policy", "now")
    assert run.code == 2
    assert "unrecognized arguments: now" in run.error


def test_budget_shows_ceiling_and_commitment(rantai: Rantai, pilot: Pilot) -> None:
    pilot.open_tender()
    run = rantai(None, "budget", str(AGENCY_ORG), str(FISCAL_YEAR))
    assert run.code == 0, run.err
    assert run.doc["result"]["committed_idr"] == HPS_IDR


def test_budget_refuses_a_malformed_year(rantai: Rantai) -> None:
    run = rantai(None, "budget", str(AGENCY_ORG), "20x6")
    assert run.code == 2
    assert "argument FISCAL_YEAR" in run.error


def test_settings_come_from_the_env_file_and_flags_override_them(
    rantai: Rantai, pilot: Pilot, cli_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rpc_url = pilot.rpc_url
    monkeypatch.delenv("RANTAI_RPC_URL")
    (cli_env / "node.env").write_text("RANTAI_RPC_URL=http://127.0.0.1:1\nRANTAI_GAS_MODE=free\n")
    unreachable = rantai(None, "--env-file", "node.env", "policy")
    assert unreachable.code == 2
    assert "cannot reach the node at http://127.0.0.1:1" in unreachable.error
    run = rantai(None, "--env-file", "node.env", "--rpc-url", rpc_url, "policy")
    assert run.code == 0, run.err
    missing = rantai(None, "--env-file", "nowhere.env", "policy")
    assert missing.code == 2
    assert missing.error == "env file not found: nowhere.env"


def test_a_chain_id_flag_that_differs_from_the_node_is_refused_before_sending(
    pilot: Pilot, cli: Cli
) -> None:
    cli.refused(
        2,
        "1945",
        "treasury",
        "--chain-id",
        "1945",
        "token",
        "mint",
        pilot.address("supplier"),
        "1000",
    )


# --------------------------------------------------------------------------- governor


def test_governor_register_org_with_a_hashed_profile(
    pilot: Pilot, document: Path, cli: Cli
) -> None:
    run = cli.succeeded(
        "governor", "governor register-org", "77", "supplier", "--document", document
    )
    [tx] = run.doc["transactions"]
    [event] = [e for e in tx["events"] if e["name"] == "OrganisationRegistered"]
    assert event["args"]["orgId"] == 77
    assert event["args"]["kind"] == 3
    from py_client import document_hash

    assert event["args"]["metadataHash"] == "0x" + document_hash(document).hex()


def test_governor_register_org_by_a_non_governor_is_refused_and_nothing_sent(
    rantai: Rantai, pilot: Pilot
) -> None:
    with pilot.sends_nothing("agency"):
        run = rantai(
            pilot.accounts["agency"],
            "governor",
            "register-org",
            "77",
            "supplier",
            "--hash",
            "0x" + "ab" * 32,
        )
    assert "does not hold the GOVERNOR role" in run.failure(1, "NotAuthorized")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["77", "bank"], "argument KIND: invalid choice: 'bank'"),
        (["77", "supplier"], "one of the arguments --document --hash is required"),
        (["77", "supplier", "--hash", "0x1234"], "hash must be 0x followed by 64 hex digits"),
        (["77", "supplier", "--document", "missing.pdf"], "file not found: missing.pdf"),
        (["-3", "supplier", "--hash", "0x" + "00" * 32], "id must not be negative"),
    ],
)
def test_governor_register_org_refuses_bad_input(
    pilot: Pilot, argv: list[str], message: str, cli: Cli
) -> None:
    run = cli.refused(2, message, "governor", "governor register-org", *argv)
    assert run.doc["command"] == "governor register-org"


def test_governor_update_org_replaces_the_metadata_hash(pilot: Pilot, cli: Cli) -> None:
    run = cli.succeeded("governor", "governor update-org", "20", *hash_option("cd"))
    assert run.doc["transactions"][0]["events"][0]["name"] == "OrganisationMetadataUpdated"


def test_governor_update_org_of_an_unknown_organisation_is_refused(pilot: Pilot, cli: Cli) -> None:
    cli.refused(
        1,
        "organisation 999 does not exist",
        "governor",
        "governor update-org",
        "999",
        *hash_option("cd"),
    )


def test_governor_add_and_remove_account(rantai: Rantai, pilot: Pilot) -> None:
    governor, outsider = pilot.accounts["governor"], pilot.address("outsider")
    run = rantai(governor, "governor", "add-account", outsider, "20")
    assert run.code == 0, run.err
    assert pilot.governor.participant(outsider).org_id == 20
    run = rantai(governor, "governor", "remove-account", outsider)
    assert run.code == 0, run.err
    assert pilot.governor.participant(outsider).org_id == 0


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("0x1234", "is not a 0x-prefixed 20-byte hex address"),
        (
            "0x90F79bf6EB2c4f870365E785982E1f101E93b906".replace("F", "f", 1).replace("b", "B", 1),
            "wrong EIP-55 checksum",
        ),
    ],
)
def test_governor_add_account_refuses_a_malformed_address(
    pilot: Pilot, address: str, message: str, cli: Cli
) -> None:
    cli.refused(2, message, "governor", "governor add-account", address, "20")


def test_governor_remove_account_of_a_non_member_is_refused(pilot: Pilot, cli: Cli) -> None:
    cli.refused(
        1,
        "belongs to no organisation",
        "governor",
        "governor remove-account",
        pilot.address("outsider"),
    )


def test_governor_grant_and_revoke_a_role(rantai: Rantai, pilot: Pilot) -> None:
    governor, carrier = pilot.accounts["governor"], pilot.address("carrier")
    run = rantai(governor, "governor", "revoke-role", "carrier", carrier)
    assert run.code == 0, run.err
    assert run.doc["transactions"][0]["events"][0]["name"] == "RoleRevoked"
    run = rantai(governor, "governor", "grant-role", "carrier", carrier)
    assert run.code == 0, run.err
    assert run.doc["transactions"][0]["events"][0]["name"] == "RoleGranted"


def test_governor_grant_role_of_another_kind_is_refused_and_nothing_sent(
    rantai: Rantai, pilot: Pilot
) -> None:
    """Issue 13 item 7: a carrier's account cannot also audit (or supply)."""
    with pilot.sends_nothing("governor"):
        run = rantai(
            pilot.accounts["governor"],
            "governor",
            "grant-role",
            "auditor",
            pilot.address("carrier"),
        )
    assert run.code != 0
    assert "AUDITOR cannot be held by" in run.error
    assert "only in auditor organisations" in run.error


def test_governor_set_payout_account(pilot: Pilot, cli: Cli) -> None:
    outsider = pilot.address("outsider")
    run = cli.succeeded("governor", "governor set-payout-account", "10", outsider)
    assert run.doc["transactions"][0]["events"][0]["name"] == "PayoutAccountSet"
    assert pilot.governor.payout_account(10) == outsider


def test_governor_grant_role_refuses_an_unknown_role_and_a_non_governor(
    rantai: Rantai, pilot: Pilot, cli: Cli
) -> None:
    carrier = pilot.address("carrier")
    run = rantai(pilot.accounts["governor"], "governor", "grant-role", "king", carrier)
    assert run.code == 2
    assert "invalid choice: 'king'" in run.error
    cli.refused(
        1, "may not grant or revoke AUDITOR", "agency", "governor revoke-role", "auditor", carrier
    )


def test_governor_suspend_and_reinstate_an_organisation(
    rantai: Rantai, pilot: Pilot, document: Path
) -> None:
    governor = pilot.accounts["governor"]
    run = rantai(governor, "governor", "suspend-org", "21", "--document", str(document))
    assert run.code == 0, run.err
    assert pilot.governor.participant(pilot.address("supplier2")).suspended
    run = rantai(governor, "governor", "reinstate-org", "21", "--document", str(document))
    assert run.code == 0, run.err
    assert not pilot.governor.participant(pilot.address("supplier2")).suspended


def test_governor_suspend_org_refuses_a_missing_reason_file(rantai: Rantai, pilot: Pilot) -> None:
    with pilot.sends_nothing("governor"):
        run = rantai(
            pilot.accounts["governor"],
            "governor",
            "suspend-org",
            "21",
            "--document",
            "no-such-reason.pdf",
        )
    assert run.code == 2
    assert run.error.endswith(
        "file not found: no-such-reason.pdf (see 'rantai governor suspend-org --help')"
    )


def test_governor_reinstate_org_refuses_an_unknown_id(pilot: Pilot, cli: Cli) -> None:
    cli.refused(
        2,
        "id must be a whole number: 'abc'",
        "governor",
        "governor reinstate-org",
        "abc",
        *hash_option("00"),
    )


def test_governor_set_policy_sends_one_transaction_per_value(pilot: Pilot, cli: Cli) -> None:
    run = cli.succeeded(
        "governor",
        "governor set-policy",
        "--min-tender-period",
        "5d",
        "--direct-purchase-ceiling",
        "300.000.000",
    )
    assert len(run.doc["transactions"]) == 2
    policy = pilot.governor.policy()
    assert policy.min_tender_period.days == 5
    assert policy.direct_purchase_ceiling_idr == 300_000_000


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "set-policy needs at least one of"),
        (["--retention-bps", "9000"], "retention_bps must be between 0 and 2000"),
        (["--min-tender-period", "3 days"], "duration must be a whole number with a unit"),
    ],
)
def test_governor_set_policy_refuses_bad_values(
    pilot: Pilot, argv: list[str], message: str, cli: Cli
) -> None:
    cli.refused(2, message, "governor", "governor set-policy", *argv)


def test_governor_pause_and_unpause(rantai: Rantai, pilot: Pilot, cli: Cli) -> None:
    governor = pilot.accounts["governor"]
    assert rantai(governor, "governor", "pause").code == 0
    cli.refused(1, "paused", "treasury", "token mint", pilot.address("supplier"), "1")
    assert rantai(governor, "governor", "unpause").code == 0


def test_governor_unpause_when_running_and_pause_by_an_agency_are_refused(
    rantai: Rantai, pilot: Pilot
) -> None:
    with pilot.sends_nothing("governor", "agency"):
        run = rantai(pilot.accounts["governor"], "governor", "unpause")
        assert run.code == 1
        assert "not paused" in run.error
        run = rantai(pilot.accounts["agency"], "governor", "pause")
        assert run.code == 1
        assert "GOVERNOR" in run.error


# --------------------------------------------------------------------------- treasury, token


def allocate_budget(org: int, ceiling: str) -> list[str]:
    """`treasury allocate-budget` for `org` in 2027, its arguments after the command."""
    return [
        "treasury allocate-budget",
        "--org",
        str(org),
        "--fiscal-year",
        "2027",
        "--ceiling",
        ceiling,
    ]


def test_treasury_allocate_budget_accepts_indonesian_grouping(pilot: Pilot, cli: Cli) -> None:
    cli.succeeded("treasury", *allocate_budget(11, "7.500.000.000"))
    assert pilot.governor.budget(11, 2027).ceiling_idr == 7_500_000_000


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5", "amount must not be negative: '-5'"),
        ("1.5", "amount must be whole rupiah"),
        ("1,500,000", "amount must be whole rupiah"),
        ("abc", "amount is not a number of rupiah: 'abc'"),
        ("1e9", "amount is not a number of rupiah"),
    ],
)
def test_treasury_allocate_budget_refuses_a_bad_amount(
    pilot: Pilot, amount: str, message: str, cli: Cli
) -> None:
    cli.refused(2, message, "treasury", *allocate_budget(11, amount))


def test_treasury_allocate_budget_for_a_non_agency_is_refused(pilot: Pilot, cli: Cli) -> None:
    cli.refused(
        2, "organisation 20 is not an agency (SUPPLIER)", "treasury", *allocate_budget(20, "1000")
    )


def test_token_mint_and_balance(rantai: Rantai, pilot: Pilot, cli: Cli) -> None:
    supplier = pilot.address("supplier")
    run = cli.succeeded("treasury", "token mint", supplier, "1_000_000")
    assert "RupiahMinted" in [e["name"] for e in run.doc["transactions"][0]["events"]]
    run = cli.succeeded("supplier", "token balance")
    assert run.doc["result"] == {"address": supplier, "balance_idr": 1_000_000}
    run = rantai(None, "token", "balance", supplier, json=False)
    assert run.out.strip() == f"{supplier}  Rp 1.000.000"


def test_token_mint_by_an_agency_is_refused_and_nothing_sent(pilot: Pilot, cli: Cli) -> None:
    cli.refused(
        1, "is not an active treasury", "agency", "token mint", pilot.address("agency"), "1000"
    )


def test_token_balance_refuses_a_malformed_address(rantai: Rantai) -> None:
    run = rantai(None, "token", "balance", "0xnothex")
    assert run.code == 2
    assert "not a 0x-prefixed 20-byte hex address" in run.error


def test_token_approve_for_an_order_and_for_a_bid_bond(pilot: Pilot, cli: Cli) -> None:
    order_id = pilot.direct_order(accepted=False)
    cli.succeeded("agency", "token approve", "--order", order_id)
    escrow = pilot.governor.escrow.address
    assert pilot.governor.allowance(pilot.address("agency"), escrow) == 10_000_000
    tender_id = pilot.open_tender()
    cli.succeeded("supplier", "token approve", "--tender", tender_id)
    tendering = pilot.governor.tendering.address
    assert pilot.governor.allowance(pilot.address("supplier"), tendering) == BOND_IDR


def test_token_approve_refuses_an_unknown_tender_and_a_missing_target(
    rantai: Rantai, pilot: Pilot
) -> None:
    with pilot.sends_nothing("supplier"):
        run = rantai(pilot.accounts["supplier"], "token", "approve", "--tender", "42")
        assert run.code == 2
        assert run.error == "tender 42 does not exist"
        run = rantai(pilot.accounts["supplier"], "token", "approve")
        assert run.code == 2
        assert "one of the arguments --order --tender is required" in run.error


# --------------------------------------------------------------------------- tenders


ITEMS = {
    "items": [
        {"description": "Laptop 14 inch, 16 GB RAM", "quantity": 100, "unit": "unit"},
        {"descriptionHash": "0x" + "11" * 32, "quantity": "20", "unit": "unit"},
    ]
}


def tender_argv(items: Path, document: Path, *extra: str) -> list[str]:
    defaults = {
        "--hps": "1.000.000.000",
        "--bid-deadline": "+4d",
        "--reveal-deadline": "+6d",
        "--fiscal-year": str(FISCAL_YEAR),
        "--spec-uri": "rantai://docs/spec-001",
        "--document": str(document),
    }
    given = dict(zip(extra[::2], extra[1::2], strict=True))
    argv = ["tender", "open", "--items", str(items)]
    for option, value in {**defaults, **given}.items():
        argv += [option, value]
    return argv


def test_tender_open_from_an_items_file_with_relative_deadlines(
    pilot: Pilot, write_json: WriteJson, document: Path, cli: Cli
) -> None:
    items = write_json("items.json", ITEMS)
    now = pilot.now()
    run = cli.succeeded("agency", *tender_argv(items, document, "--bond", "5_000_000"))
    tender_id = run.doc["tender_id"]
    assert run.doc["ocid"] == pilot.governor.ocid("T", tender_id)
    tender = pilot.governor.tender(tender_id)
    assert (tender.hps_idr, tender.bond_idr) == (HPS_IDR, BOND_IDR)
    assert [i.quantity for i in tender.items] == [100, 20]
    assert int(tender.bid_deadline_at.timestamp()) == now + 4 * DAY
    from py_client import document_hash

    assert tender.spec_hash == document_hash(document)


def test_tender_open_prints_a_summary_for_humans(
    pilot: Pilot, write_json: WriteJson, document: Path, cli: Cli
) -> None:
    items = write_json("items.json", ITEMS)
    run = cli.succeeded("agency", *tender_argv(items, document), json=False)
    first = run.out.splitlines()[0]
    assert first == f"opened tender 1 ({pilot.governor.ocid('T', 1)})"
    assert "TenderOpened(tenderId=1" in run.out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--bid-deadline", "2020-01-01T09:00:00+07:00"), "bid deadline 2020-01-01T02:00:00"),
        (("--bid-deadline", "2031-01-01T09:00:00"), "needs a time zone"),
        (("--reveal-deadline", "tomorrow"), "deadline must be ISO-8601 with a time zone"),
        (("--reveal-deadline", "+3d"), "the reveal deadline must come after the bid deadline"),
        (("--bid-deadline", "+1d"), "the bid deadline must be at least the minimum tender period"),
        (("--hps", "-1"), "amount must not be negative"),
        (("--fiscal-year", "26"), "fiscal year must be a year such as 2026"),
    ],
)
def test_tender_open_refuses_bad_values(
    pilot: Pilot,
    write_json: WriteJson,
    document: Path,
    extra: tuple[str, str],
    message: str,
    cli: Cli,
) -> None:
    items = write_json("items.json", ITEMS)
    cli.refused(2, message, "agency", *tender_argv(items, document, *extra))


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ({"items": [{"description": "x", "quantity": 1, "colour": "red"}]}, "unknown key 'colour'"),
        ({"items": [{"description": "x", "quantity": 1.5}]}, "items[0].quantity must be a whole"),
        ({"items": [{"description": "x", "quantity": -2}]}, "must not be negative"),
        ({"items": [{"quantity": 1}]}, "give exactly one of description"),
        ({"items": []}, "'items' must be a non-empty list"),
        ("not json", None),
    ],
)
def test_tender_open_refuses_a_malformed_items_file(
    pilot: Pilot,
    write_json: WriteJson,
    document: Path,
    cli_env: Path,
    items: Any,
    message: str | None,
    cli: Cli,
) -> None:
    if isinstance(items, str):
        path = cli_env / "items.json"
        path.write_text("{not json")
        message = "is not valid JSON"
    else:
        path = write_json("items.json", items)
    cli.refused(2, message, "agency", *tender_argv(path, document))


def test_tender_open_refuses_a_missing_items_file(
    rantai: Rantai, pilot: Pilot, document: Path
) -> None:
    run = rantai(pilot.accounts["agency"], *tender_argv(Path("nowhere.json"), document))
    assert run.code == 2
    assert "file not found: nowhere.json" in run.error


def test_tender_open_by_a_supplier_is_refused_and_nothing_sent(
    rantai: Rantai, pilot: Pilot, write_json: WriteJson, document: Path
) -> None:
    items = write_json("items.json", ITEMS)
    with pilot.sends_nothing("supplier"):
        run = rantai(pilot.accounts["supplier"], *tender_argv(items, document))
    assert "is not an active agency" in run.failure(1, "NotAuthorized")


def test_tender_disqualify_a_revealed_bid(pilot: Pilot, document: Path, cli: Cli) -> None:
    tender_id = pilot.revealed_tender({"supplier": 800_000_000, "supplier2": 900_000_000})
    bidder = pilot.address("supplier")
    cli.succeeded("agency", "tender disqualify", tender_id, bidder, "--document", document)
    assert pilot.governor.bid(tender_id, bidder).state.name == "DISQUALIFIED"


def test_tender_disqualify_a_bid_that_was_not_revealed_is_refused(pilot: Pilot, cli: Cli) -> None:
    tender_id = pilot.revealed_tender({"supplier": 800_000_000})
    cli.refused(
        1,
        "is NONE, not REVEALED",
        "agency",
        "tender disqualify",
        tender_id,
        pilot.address("supplier3"),
        *hash_option("01"),
    )


def test_tender_finalise_awards_and_reports_red_flags(pilot: Pilot, cli: Cli) -> None:
    tender_id = pilot.revealed_tender({"supplier": 800_000_000})
    pilot.to_finalise(tender_id)
    run = cli.succeeded("auditor", "tender finalise", tender_id, json=False)
    summary = run.out.splitlines()[0]
    assert summary == (
        f"tender {tender_id} awarded to {pilot.address('supplier')} at Rp 800.000.000; "
        "red flags R018"
    )


def test_tender_finalise_before_the_reveal_deadline_is_refused(pilot: Pilot, cli: Cli) -> None:
    tender_id = pilot.revealed_tender({"supplier": 800_000_000})
    cli.refused(
        1,
        f"too early: tender {tender_id} can be finalised from",
        "agency",
        "tender finalise",
        tender_id,
    )


def test_tender_cancel_refunds_and_frees_the_budget(pilot: Pilot, document: Path, cli: Cli) -> None:
    tender_id = pilot.open_tender()
    cli.succeeded("agency", "tender cancel", tender_id, "--document", document)
    assert pilot.governor.tender(tender_id).status.name == "CANCELLED"
    assert pilot.governor.budget(AGENCY_ORG, FISCAL_YEAR).committed_idr == 0


def test_tender_cancel_by_a_supplier_is_refused(pilot: Pilot, cli: Cli) -> None:
    tender_id = pilot.open_tender()
    cli.refused(
        1, "is not an active agency", "supplier", "tender cancel", tender_id, *hash_option("02")
    )


# --------------------------------------------------------------------------- bids


def test_bid_commit_approves_the_bond_and_keeps_the_salt(
    pilot: Pilot, cli_env: Path, cli: Cli
) -> None:
    tender_id = pilot.open_tender()
    pilot.fund("supplier")
    run = cli.succeeded(
        "supplier", "bid commit", tender_id, "--price", "900.000.000", "--approve-bond"
    )
    assert len(run.doc["transactions"]) == 2
    salt_file = Path(run.doc["salt_file"])
    assert salt_file.parent == cli_env / "salts"
    assert salt_file.is_file()
    bid = pilot.governor.bid(tender_id, pilot.address("supplier"))
    assert "0x" + bid.commitment.hex() == run.doc["commitment"]


def test_bid_commit_above_the_hps_is_refused_and_no_salt_is_written(
    pilot: Pilot, cli_env: Path, cli: Cli
) -> None:
    tender_id = pilot.open_tender()
    pilot.fund("supplier")
    cli.refused(
        1, "is above the HPS", "supplier", "bid commit", tender_id, "--price", "1.000.000.001"
    )
    assert not any((cli_env / "salts").glob("*.json"))


def test_bid_commit_after_the_bid_deadline_is_refused(pilot: Pilot, cli: Cli) -> None:
    tender_id = pilot.open_tender()
    pilot.to_reveal(tender_id)
    cli.refused(1, "deadline passed", "supplier", "bid commit", tender_id, "--price", "900000000")


def test_bid_reveal_reads_the_kept_salt(rantai: Rantai, pilot: Pilot, cli_env: Path) -> None:
    tender_id = pilot.open_tender()
    pilot.fund("supplier")
    supplier = pilot.accounts["supplier"]
    salts = str(cli_env / "my-salts")
    commit = rantai(
        supplier,
        "bid",
        "commit",
        str(tender_id),
        "--price",
        "900000000",
        "--approve-bond",
        "--salt-dir",
        salts,
    )
    assert commit.code == 0, commit.err
    pilot.to_reveal(tender_id)
    run = rantai(supplier, "bid", "reveal", str(tender_id), "--salt-dir", salts, json=False)
    assert run.code == 0, run.err
    assert run.out.splitlines()[0] == f"revealed Rp 900.000.000 in tender {tender_id}: valid"


def test_bid_reveal_without_a_salt_record_is_refused(pilot: Pilot, cli: Cli) -> None:
    tender_id = pilot.open_tender()
    pilot.bid("supplier", tender_id, 900_000_000)
    pilot.to_reveal(tender_id)
    cli.refused(
        1,
        "no salt record for tender",
        "supplier",
        "bid reveal",
        tender_id,
        "--salt-dir",
        "empty-salts",
    )


def test_bid_reveal_refuses_a_price_without_its_salt(rantai: Rantai, pilot: Pilot) -> None:
    run = rantai(pilot.accounts["supplier"], "bid", "reveal", "1", "--price", "5")
    assert run.code == 2
    assert "--price and --salt go together" in run.error


# --------------------------------------------------------------------------- orders

GOODS = {
    "lines": [
        {
            "description": "Laptop 14 inch",
            "quantity": 100,
            "unitPrice": "8.000.000",
            "unit": "unit",
            "origin": "ID",
        }
    ]
}


def order_argv(lines: Path, *extra: str) -> list[str]:
    return ["--lines", str(lines), "--delivery-deadline", "+30d", "--maintenance", "90d", *extra]


def test_order_create_from_tender_with_escrow_approval(
    pilot: Pilot, write_json: WriteJson, cli: Cli
) -> None:
    tender_id = pilot.awarded_tender({"supplier": 800_000_000})
    lines = write_json("lines.json", GOODS)
    run = cli.succeeded(
        "agency", "order create-from-tender", tender_id, *order_argv(lines, "--approve")
    )
    order_id = run.doc["order_id"]
    assert run.doc["ocid"] == pilot.governor.ocid("T", tender_id)
    assert len(run.doc["transactions"]) == 2
    assert pilot.governor.order(order_id).total_idr == 800_000_000
    escrow = pilot.governor.escrow.address
    assert pilot.governor.allowance(pilot.address("agency"), escrow) == 800_000_000


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ({"unitPrice": "7.000.000"}, "the lines add up to Rp 700.000.000"),
        ({"unitPrice": 8000000.0}, "unitPrice must be whole rupiah"),
        ({"unitPrice": "8,000,000"}, "unitPrice must be whole rupiah"),
        ({"due": "+3d"}, "only milestone lines have a 'due' date"),
    ],
)
def test_order_create_from_tender_refuses_bad_lines(
    pilot: Pilot,
    write_json: WriteJson,
    line: dict[str, Any],
    message: str,
    cli: Cli,
) -> None:
    tender_id = pilot.awarded_tender({"supplier": 800_000_000})
    lines = write_json("lines.json", {"lines": [{**GOODS["lines"][0], **line}]})
    cli.refused(2, message, "agency", "order create-from-tender", tender_id, *order_argv(lines))


def test_order_create_direct_with_goods_and_a_milestone(
    pilot: Pilot, write_json: WriteJson, cli: Cli
) -> None:
    lines = write_json(
        "lines.json",
        {
            "lines": [
                {"description": "Rice", "quantity": 100, "unitPrice": 100_000, "unit": "kg"},
                {
                    "description": "Install",
                    "unit": "milestone",
                    "unitPrice": "5.000.000",
                    "due": "+20d",
                },
            ]
        },
    )
    run = cli.succeeded(
        "agency",
        "order create-direct",
        "--supplier",
        pilot.address("supplier"),
        "--fiscal-year",
        FISCAL_YEAR,
        *order_argv(lines),
        json=False,
    )
    assert run.out.splitlines()[0].startswith("created order 1 (")
    assert "of Rp 15.000.000; approve the escrow" in run.out
    assert [line.is_milestone for line in pilot.governor.lines(1)] == [False, True]


@pytest.mark.parametrize(
    ("change", "code", "message"),
    [
        ({"unitPrice": "3.000.000"}, 1, "exceeds the ceiling Rp 200.000.000"),
        ({"deadline": "2021-01-01T00:00:00Z"}, 2, "delivery deadline 2021-01-01T00:00:00Z is in"),
        ({"supplier": "0xabc"}, 2, "not a 0x-prefixed 20-byte hex address"),
        ({"maintenance": "=-1d"}, 2, "duration must be a whole number"),
    ],
)
def test_order_create_direct_refuses_bad_input(
    rantai: Rantai,
    pilot: Pilot,
    write_json: WriteJson,
    change: dict[str, Any],
    code: int,
    message: str,
) -> None:
    line = {"description": "Rice", "quantity": 100, "unitPrice": change.get("unitPrice", 1000)}
    lines = write_json("lines.json", [line])
    argv = [
        "order",
        "create-direct",
        "--supplier",
        change.get("supplier", pilot.address("supplier")),
        "--fiscal-year",
        str(FISCAL_YEAR),
        "--lines",
        str(lines),
        "--delivery-deadline",
        change.get("deadline", "+30d"),
        "--maintenance" + change.get("maintenance", "=90d"),
    ]
    with pilot.sends_nothing("agency"):
        run = rantai(pilot.accounts["agency"], *argv)
    assert run.code == code
    assert message in run.error


def test_order_accept_moves_the_total_into_escrow(pilot: Pilot, document: Path, cli: Cli) -> None:
    order_id = pilot.direct_order(accepted=False)
    pilot.agency.agency.approve_escrow(order_id)
    run = cli.succeeded("supplier", "order accept", order_id, "--document", document, json=False)
    assert run.out.splitlines()[0] == f"accepted order {order_id}: Rp 10.000.000 in escrow"


def test_order_accept_by_another_supplier_or_without_a_contract_is_refused(
    rantai: Rantai, pilot: Pilot
) -> None:
    order_id = pilot.direct_order(accepted=False)
    pilot.agency.agency.approve_escrow(order_id)
    with pilot.sends_nothing("supplier2", "supplier"):
        run = rantai(
            pilot.accounts["supplier2"],
            "order",
            "accept",
            str(order_id),
            "--hash",
            "0x" + "03" * 32,
        )
        assert run.code == 1
        assert f"is not the supplier of order {order_id}" in run.error
        run = rantai(pilot.accounts["supplier"], "order", "accept", str(order_id))
        assert run.code == 2
        assert (
            "one of the arguments --document --hash --confidential --public is required"
            in run.error
        )


def test_order_accept_before_the_agency_approved_is_refused(pilot: Pilot, cli: Cli) -> None:
    order_id = pilot.direct_order(accepted=False)
    cli.refused(
        1,
        "the agency approved Rp 0 of the Rp 10.000.000 order total",
        "supplier",
        "order accept",
        order_id,
        *hash_option("03"),
    )


def test_order_cancel_before_acceptance(pilot: Pilot, document: Path, cli: Cli) -> None:
    order_id = pilot.direct_order(accepted=False)
    cli.succeeded("agency", "order cancel", order_id, "--document", document)
    assert pilot.governor.order(order_id).state.name == "CANCELLED"


def test_order_cancel_of_an_unknown_order_is_bad_input(rantai: Rantai, pilot: Pilot) -> None:
    with pilot.sends_nothing("agency"):
        run = rantai(pilot.accounts["agency"], "order", "cancel", "99", "--hash", "0x" + "04" * 32)
    assert run.code == 2
    assert run.error == "order 99 does not exist"


@pytest.mark.parametrize("form", ["file", "inline", "as-shipped"])
def test_order_confirm_delivery_pays_the_supplier(
    pilot: Pilot, write_json: WriteJson, document: Path, form: str, cli: Cli
) -> None:
    shipment_id = pilot.shipment(pilot.direct_order(), [100], arrived=True)
    received = {
        "file": ["--received", str(write_json("received.json", {"received": [100]}))],
        "inline": ["--quantities", "100"],
        "as-shipped": [],
    }[form]
    run = cli.succeeded(
        "agency",
        "order confirm-delivery",
        shipment_id,
        *received,
        "--document",
        document,
        json=False,
    )
    assert run.out.splitlines()[0] == (
        f"confirmed shipment {shipment_id}: paid Rp 9.500.000, penalty Rp 0, "
        "retention held Rp 500.000"
    )


@pytest.mark.parametrize(
    ("received", "message"),
    [
        (["--quantities", "101"], "line 0: received 101 but 100 shipped"),
        (["--quantities", "100,5"], "2 received quantities for 1 order lines"),
        (["--quantities", "1.5"], "quantity must be a whole number: '1.5'"),
        (["--quantities", "-4"], "quantity must not be negative"),
        (["--received", "missing.json"], "file not found: missing.json"),
    ],
)
def test_order_confirm_delivery_refuses_bad_quantities(
    pilot: Pilot, received: list[str], message: str, cli: Cli
) -> None:
    shipment_id = pilot.shipment(pilot.direct_order(), [100], arrived=True)
    cli.refused(
        2, message, "agency", "order confirm-delivery", shipment_id, *received, *hash_option("05")
    )


def test_order_confirm_delivery_before_arrival_is_refused(pilot: Pilot, cli: Cli) -> None:
    shipment_id = pilot.shipment(pilot.direct_order(), [100])
    cli.refused(
        1,
        f"shipment {shipment_id} has not arrived (REGISTERED)",
        "agency",
        "order confirm-delivery",
        shipment_id,
        *hash_option("05"),
    )


def test_order_confirm_milestone_pays_the_contractor(pilot: Pilot, cli: Cli) -> None:
    order_id = pilot.milestone_order()
    run = cli.succeeded("agency", "order confirm-milestone", order_id, "0", *hash_option("06"))
    names = [e["name"] for e in run.doc["transactions"][0]["events"]]
    assert "MilestoneConfirmed" in names
    assert "OrderDelivered" in names


def test_order_submit_then_claim_milestone_pays_after_a_silent_review_window(
    pilot: Pilot, cli: Cli
) -> None:
    order_id = pilot.milestone_order()
    run = cli.succeeded("supplier", "order submit-milestone", order_id, "0", *hash_option("07"))
    [event] = [e for e in run.doc["transactions"][0]["events"] if e["name"] == "MilestoneSubmitted"]
    pilot.move_to(int(event["args"]["reviewEndsAt"]))
    run = cli.succeeded("supplier", "order claim-milestone", order_id, "0")
    names = [e["name"] for e in run.doc["transactions"][0]["events"]]
    assert "MilestoneDeemedAccepted" in names
    assert "OrderDelivered" in names


def test_order_claim_delivery_pays_a_shipment_left_unconfirmed(pilot: Pilot, cli: Cli) -> None:
    order_id = pilot.direct_order()
    shipment_id = pilot.shipment(order_id, [100], arrived=True)
    pilot.move_to(pilot.now() + 8 * DAY)
    run = cli.succeeded("supplier", "order claim-delivery", shipment_id)
    names = [e["name"] for e in run.doc["transactions"][0]["events"]]
    assert "DeliveryDeemedAccepted" in names


def test_shipment_reassign_moves_custody_off_a_suspended_carrier(pilot: Pilot, cli: Cli) -> None:
    shipment_id = pilot.shipment(pilot.direct_order(), [100])
    pilot.governor.governor.suspend_organisation(CARRIER_ORG, b"blacklisted")
    run = cli.succeeded(
        "supplier", "shipment reassign", shipment_id, pilot.address("carrier2"), *hash_option("08")
    )
    names = [e["name"] for e in run.doc["transactions"][0]["events"]]
    assert names[-2:] == ["CustodyReassigned", "CustodyTransferred"]


def test_order_confirm_milestone_of_a_goods_line_is_refused(rantai: Rantai, pilot: Pilot) -> None:
    order_id = pilot.direct_order()
    with pilot.sends_nothing("agency"):
        run = rantai(
            pilot.accounts["agency"],
            "order",
            "confirm-milestone",
            str(order_id),
            "0",
            "--hash",
            "0x" + "06" * 32,
        )
        assert run.code == 2
        assert f"line 0 of order {order_id} is not a milestone" in run.error
        run = rantai(
            pilot.accounts["agency"],
            "order",
            "confirm-milestone",
            str(order_id),
            "x",
            "--hash",
            "0x" + "06" * 32,
        )
        assert run.code == 2
        assert "argument LINE: number must be a whole number: 'x'" in run.error


def test_order_terminate_after_the_penalty_cap_is_reached(pilot: Pilot, cli: Cli) -> None:
    order_id = pilot.direct_order()
    pilot.move_to(pilot.governor.terminable_at(order_id))
    run = cli.succeeded("agency", "order terminate", order_id, *hash_option("07"), json=False)
    assert run.out.splitlines()[0] == f"terminated order {order_id}: Rp 10.000.000 refunded"


def test_order_terminate_too_early_is_refused(pilot: Pilot, cli: Cli) -> None:
    order_id = pilot.direct_order()
    cli.refused(
        1,
        f"too early: order {order_id} may be terminated from",
        "agency",
        "order terminate",
        order_id,
        *hash_option("07"),
    )


def test_order_release_retention_after_the_maintenance_period(pilot: Pilot, cli: Cli) -> None:
    order_id = pilot.delivered_order()
    release_at = pilot.governor.order(order_id).retention_release_at
    assert release_at is not None
    pilot.move_to(int(release_at.timestamp()))
    run = cli.succeeded("supplier", "order release-retention", order_id, json=False)
    assert run.out.splitlines()[0] == (f"released Rp 500.000 of retention of order {order_id}")


def test_order_release_retention_during_maintenance_is_refused(pilot: Pilot, cli: Cli) -> None:
    order_id = pilot.delivered_order()
    cli.refused(1, "too early: retention of order", "supplier", "order release-retention", order_id)


# --------------------------------------------------------------------------- disputes


def test_dispute_open_takes_the_side_from_the_signer_role(
    pilot: Pilot, document: Path, cli: Cli
) -> None:
    order_id = pilot.direct_order()
    run = cli.succeeded(
        "supplier", "dispute open", order_id, "--document", str(document), json=False
    )
    assert run.out.splitlines()[0] == f"opened a dispute on order {order_id} (as supplier)"
    assert pilot.governor.order(order_id).disputed


def test_dispute_open_by_a_carrier_is_refused(pilot: Pilot, cli: Cli) -> None:
    order_id = pilot.direct_order()
    reason = hash_option("08")
    refused = "is neither an agency nor a supplier account"
    cli.refused(1, refused, "carrier", "dispute open", order_id, *reason)
    refused = "is not an active agency"
    cli.refused(1, refused, "carrier", "dispute open", order_id, "--as", "agency", *reason)


def test_dispute_escalate_an_unconfirmed_shipment(pilot: Pilot, cli: Cli) -> None:
    shipment_id = pilot.shipment(pilot.direct_order(), [100], arrived=True)
    pilot.fast_forward(7 * DAY + 1)
    run = cli.succeeded("supplier", "dispute escalate", shipment_id, *hash_option("09"))
    [tx] = run.doc["transactions"]
    [opened] = [e for e in tx["events"] if e["name"] == "DisputeOpened"]
    assert opened["args"]["shipmentId"] == shipment_id


def test_dispute_escalate_within_the_confirmation_window_is_refused(pilot: Pilot, cli: Cli) -> None:
    shipment_id = pilot.shipment(pilot.direct_order(), [100], arrived=True)
    refused = f"too early: shipment {shipment_id} can be escalated"
    cli.refused(1, refused, "supplier", "dispute escalate", shipment_id, *hash_option("09"))


def test_dispute_resolve_splits_what_the_order_holds(
    pilot: Pilot, document: Path, cli: Cli
) -> None:
    order_id = pilot.direct_order()
    pilot.supplier.supplier.open_dispute(order_id, b"late payment")
    refused = f"too early: a ruling on order {order_id}"
    resolve = ("dispute resolve", order_id, "--to-supplier")
    cli.refused(1, refused, "arbiter", *resolve, "1", *hash_option("0a"))
    run = cli.succeeded("agency", "dispute respond", order_id, *hash_option("0b"))
    assert run.doc["transactions"][0]["events"][0]["name"] == "DisputeResponded"
    run = cli.succeeded("arbiter", *resolve, "4.000.000", "--document", str(document), json=False)
    assert run.out.splitlines()[0] == (
        f"resolved the dispute on order {order_id}: Rp 4.000.000 to the supplier, "
        "Rp 6.000.000 to the agency"
    )


def test_dispute_resolve_refuses_a_wrong_split_and_a_non_arbiter(pilot: Pilot, cli: Cli) -> None:
    order_id = pilot.direct_order()
    pilot.supplier.supplier.open_dispute(order_id, b"late payment")
    pilot.agency.agency.respond_to_dispute(order_id, b"paid on time")
    resolve = ("dispute resolve", order_id, "--to-supplier", "4000000", *hash_option("0a"))
    with pilot.sends_nothing("arbiter", "agency"):
        wrong_split = "the ruling splits Rp 4.000.001, the order holds Rp 10.000.000"
        cli.refused(2, wrong_split, "arbiter", *resolve, "--to-agency", "1")
        cli.refused(1, "is not an active arbiter", "agency", *resolve)


# --------------------------------------------------------------------------- shipments

SHIPMENT = {
    "quantities": [100],
    "origin": {"country": "ID", "region": "ID-JT", "producerGln": "8991234567890"},
}


def test_shipment_register_from_a_file(pilot: Pilot, write_json: WriteJson, cli: Cli) -> None:
    order_id = pilot.direct_order()
    path = write_json("shipment.json", SHIPMENT)
    run = cli.succeeded(
        "supplier",
        "shipment register",
        order_id,
        "--file",
        path,
        "--carrier",
        pilot.address("carrier"),
        "--expected-arrival",
        "+5d",
    )
    shipment = pilot.governor.shipment(run.doc["shipment_id"])
    assert shipment.custodian == pilot.address("carrier")
    assert shipment.origin is not None
    assert shipment.origin.region == "ID-JT"


@pytest.mark.parametrize(
    ("data", "extra", "message"),
    [
        ({"quantities": [60, 40]}, [], "2 quantities for 1 order lines"),
        ({"quantities": [100], "origin": {"region": "ID-JT"}}, [], "'country' is missing"),
        ({"quantities": ["1e2"]}, [], "quantities[0] must be a whole number"),
        (SHIPMENT, ["--expected-arrival", "2022-02-02T02:02:02+07:00"], "is in the past"),
        (SHIPMENT, ["--carrier", "carrier"], "not a 0x-prefixed 20-byte hex address"),
        (SHIPMENT, ["--file", "nope.json"], "file not found: nope.json"),
    ],
)
def test_shipment_register_refuses_bad_input(
    pilot: Pilot,
    write_json: WriteJson,
    data: Any,
    extra: list[str],
    message: str,
    cli: Cli,
) -> None:
    order_id = pilot.direct_order()
    options = {
        "--file": str(write_json("shipment.json", data)),
        "--carrier": pilot.address("carrier"),
        "--expected-arrival": "+5d",
        **dict(zip(extra[::2], extra[1::2], strict=True)),
    }
    argv = ["shipment", "register", str(order_id)]
    for option, value in options.items():
        argv += [option, value]
    cli.refused(2, message, "supplier", *argv)


def test_shipment_checkpoints_until_arrival(rantai: Rantai, pilot: Pilot, document: Path) -> None:
    shipment_id = pilot.shipment(pilot.direct_order())
    carrier = pilot.accounts["carrier"]
    run = rantai(
        carrier,
        "shipment",
        "checkpoint",
        str(shipment_id),
        "--kind",
        "picked-up",
        "--location",
        "IDTPP",
        "--lat",
        "-6.104",
        "--lon",
        "106.880001",
        "--at=-1h",
        "--document",
        str(document),
    )
    assert run.code == 0, run.err
    run = rantai(
        carrier,
        "shipment",
        "checkpoint",
        str(shipment_id),
        "--kind",
        "arrived",
        "--location",
        "IDJKT",
        json=False,
    )
    assert run.code == 0, run.err
    assert run.out.splitlines()[0].endswith(": the shipment has arrived")
    [picked, arrived] = pilot.governor.checkpoints(shipment_id)
    assert (picked.latitude_e6, picked.longitude_e6) == (-6_104_000, 106_880_001)
    assert arrived.kind.name == "ARRIVED"


@pytest.mark.parametrize(
    ("account", "extra", "code", "message"),
    [
        ("carrier2", [], 1, "does not hold custody of shipment"),
        ("carrier", ["--lat", "1.0000001", "--lon", "2"], 2, "has more than 6 decimals"),
        ("carrier", ["--lat", "1"], 2, "--lat and --lon go together"),
        ("carrier", ["--at", "+1h"], 2, "the checkpoint's time is in the future"),
        ("carrier", ["--kind", "teleported"], 2, "invalid choice: 'teleported'"),
    ],
)
def test_shipment_checkpoint_refuses_bad_input(
    rantai: Rantai, pilot: Pilot, account: str, extra: list[str], code: int, message: str
) -> None:
    shipment_id = pilot.shipment(pilot.direct_order())
    options = {
        "--kind": "in-transit",
        "--location": "IDTPP",
        **dict(zip(extra[::2], extra[1::2], strict=True)),
    }
    argv = ["shipment", "checkpoint", str(shipment_id)]
    for option, value in options.items():
        argv += [option, value]
    with pilot.sends_nothing(account):
        run = rantai(pilot.accounts[account], *argv)
    assert run.code == code
    assert message in run.error


def test_shipment_nominate_and_accept_custody(pilot: Pilot, cli: Cli) -> None:
    shipment_id = pilot.shipment(pilot.direct_order())
    cli.succeeded("carrier", "shipment nominate", shipment_id, pilot.address("carrier2"))
    cli.succeeded("carrier2", "shipment accept-custody", shipment_id)
    assert pilot.governor.shipment(shipment_id).custodian == pilot.address("carrier2")


def test_shipment_nominate_refuses_itself_and_a_malformed_address(
    rantai: Rantai, pilot: Pilot
) -> None:
    shipment_id = pilot.shipment(pilot.direct_order())
    with pilot.sends_nothing("carrier"):
        run = rantai(
            pilot.accounts["carrier"],
            "shipment",
            "nominate",
            str(shipment_id),
            pilot.address("carrier"),
        )
        assert run.code == 2
        assert "a custodian cannot nominate itself" in run.error
        run = rantai(pilot.accounts["carrier"], "shipment", "nominate", str(shipment_id), "0x")
        assert run.code == 2
        assert "argument CARRIER" in run.error


def test_shipment_accept_custody_by_a_carrier_not_nominated_is_refused(
    pilot: Pilot, cli: Cli
) -> None:
    shipment_id = pilot.shipment(pilot.direct_order())
    cli.refused(
        1,
        f"is not the nominee of shipment {shipment_id}",
        "carrier2",
        "shipment accept-custody",
        shipment_id,
    )


# --------------------------------------------------------------------------- the program


def test_python_m_runs_the_cli_without_importing_ape() -> None:
    code = (
        "import sys;"
        "import py_client.cli.app as app;"
        "loaded = [m for m in sys.modules if m == 'ape' or m.startswith('ape_')];"
        "sys.exit(3 if loaded else app.main(['--version']))"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=root
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "rantai 0.1.0"
    result = subprocess.run(
        [sys.executable, "-m", "py_client.cli", "tender", "open", "--hps", "1,5"],
        capture_output=True,
        text=True,
        check=False,
        cwd=root,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error: argument --hps: amount must be whole rupiah")
    assert result.stderr.count("\n") == 1


def test_help_lists_every_command_group(rantai: Rantai) -> None:
    run = rantai(None, "--help", json=False)
    assert run.code == 0
    for group in ("whoami", "status", *sorted(GROUPS)):
        assert f"    {group} " in run.out


# --------------------------------------------------------------------------- docs/examples

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
EXAMPLE_ROLES = (
    "governor",
    "treasury",
    "agency",
    "supplier",
    "supplier2",
    "carrier",
    "carrier2",
    "arbiter",
)


@pytest.fixture
def example_env(pilot: Pilot, private_key: Callable[[Any], str], cli_env: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RANTAI_")}
    env.update({f"{role.upper()}_KEY": private_key(pilot.accounts[role]) for role in EXAMPLE_ROLES})
    env.update(
        RANTAI_RPC_URL=pilot.rpc_url,
        RANTAI_DEPLOYMENT=str(pilot.deployment),
        RANTAI_SALT_DIR=str(cli_env / "salts"),
        NEW_ACCOUNT=pilot.address("outsider"),
    )
    return env


def test_the_cli_lifecycle_example_runs(example_env: dict[str, str], pilot: Pilot) -> None:
    root = EXAMPLES.parents[1]
    env = dict(example_env, RANTAI=f"{sys.executable} -m py_client.cli", PYTHONPATH=str(root))
    result = subprocess.run(
        ["bash", str(EXAMPLES / "lifecycle.sh")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "CLOSED"
    assert "TenderAwarded" in result.stdout
    assert pilot.governor.participant(pilot.address("outsider")).org_id == 24


def test_the_library_lifecycle_example_runs(
    example_env: dict[str, str], pilot: Pilot, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in example_env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("lifecycle_example", EXAMPLES / "lifecycle.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main()
    order = pilot.governor.order(1)
    assert order.state.name == "CLOSED"

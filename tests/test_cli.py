"""The `rantai` CLI, run in-process against anvil: every subcommand succeeds on good input and
refuses bad input with one line on stderr, a non-zero exit (2 bad input, 1 refused) and nothing
sent (the signer's nonce is unchanged)."""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_fixtures import *  # noqa: F403
from cli_fixtures import BOND_IDR, DAY, HPS_IDR, Pilot, Run
from conftest import AGENCY_ORG, FISCAL_YEAR

Rantai = Callable[..., Run]
WriteJson = Callable[[str, Any], Path]


# --------------------------------------------------------------------------- general


def test_whoami_shows_organisation_roles_and_balance(rantai: Rantai, pilot: Pilot) -> None:
    run = rantai(pilot.accounts["agency"], "whoami")
    assert run.code == 0, run.err
    me = run.doc["result"]
    assert me["address"] == pilot.address("agency")
    assert (me["org_id"], me["org_kind"], me["roles"]) == (AGENCY_ORG, "AGENCY", ["AGENCY"])
    assert run.doc["balance_idr"] == 20_000_000_000


def test_whoami_human_output_is_an_aligned_record(rantai: Rantai, pilot: Pilot) -> None:
    run = rantai(pilot.accounts["agency"], "whoami", json=False)
    assert run.code == 0, run.err
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


def test_a_chain_id_flag_that_differs_from_the_node_is_refused_before_sending(
    rantai: Rantai, pilot: Pilot
) -> None:
    with pilot.sends_nothing("treasury"):
        run = rantai(
            pilot.accounts["treasury"],
            "--chain-id",
            "1945",
            "token",
            "mint",
            pilot.address("supplier"),
            "1000",
        )
    assert run.code == 2
    assert "1945" in run.error


# --------------------------------------------------------------------------- governor


def test_governor_register_org_with_a_hashed_profile(
    rantai: Rantai, pilot: Pilot, document: Path
) -> None:
    run = rantai(
        pilot.accounts["governor"],
        "governor",
        "register-org",
        "77",
        "supplier",
        "--document",
        str(document),
    )
    assert run.code == 0, run.err
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
    assert run.code == 1
    assert "does not hold the GOVERNOR role" in run.error
    assert run.doc["error"]["type"] == "NotAuthorized"


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
    rantai: Rantai, pilot: Pilot, argv: list[str], message: str
) -> None:
    with pilot.sends_nothing("governor"):
        run = rantai(pilot.accounts["governor"], "governor", "register-org", *argv)
    assert run.code == 2
    assert message in run.error


def test_governor_update_org_replaces_the_metadata_hash(rantai: Rantai, pilot: Pilot) -> None:
    run = rantai(
        pilot.accounts["governor"], "governor", "update-org", "20", "--hash", "0x" + "cd" * 32
    )
    assert run.code == 0, run.err
    assert run.doc["transactions"][0]["events"][0]["name"] == "OrganisationMetadataUpdated"


def test_governor_update_org_of_an_unknown_organisation_is_refused(
    rantai: Rantai, pilot: Pilot
) -> None:
    with pilot.sends_nothing("governor"):
        run = rantai(
            pilot.accounts["governor"], "governor", "update-org", "999", "--hash", "0x" + "cd" * 32
        )
    assert run.code == 1
    assert "organisation 999 does not exist" in run.error


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
    rantai: Rantai, pilot: Pilot, address: str, message: str
) -> None:
    with pilot.sends_nothing("governor"):
        run = rantai(pilot.accounts["governor"], "governor", "add-account", address, "20")
    assert run.code == 2
    assert message in run.error


def test_governor_remove_account_of_a_non_member_is_refused(rantai: Rantai, pilot: Pilot) -> None:
    with pilot.sends_nothing("governor"):
        run = rantai(
            pilot.accounts["governor"], "governor", "remove-account", pilot.address("outsider")
        )
    assert run.code == 1
    assert "belongs to no organisation" in run.error


def test_governor_grant_and_revoke_a_role(rantai: Rantai, pilot: Pilot) -> None:
    governor, carrier = pilot.accounts["governor"], pilot.address("carrier")
    run = rantai(governor, "governor", "grant-role", "auditor", carrier)
    assert run.code == 0, run.err
    assert run.doc["transactions"][0]["events"][0]["name"] == "RoleGranted"
    run = rantai(governor, "governor", "revoke-role", "auditor", carrier)
    assert run.code == 0, run.err
    assert run.doc["transactions"][0]["events"][0]["name"] == "RoleRevoked"


def test_governor_grant_role_refuses_an_unknown_role_and_a_non_governor(
    rantai: Rantai, pilot: Pilot
) -> None:
    carrier = pilot.address("carrier")
    run = rantai(pilot.accounts["governor"], "governor", "grant-role", "king", carrier)
    assert run.code == 2
    assert "invalid choice: 'king'" in run.error
    with pilot.sends_nothing("agency"):
        run = rantai(pilot.accounts["agency"], "governor", "revoke-role", "auditor", carrier)
    assert run.code == 1
    assert "may not grant or revoke AUDITOR" in run.error


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


def test_governor_reinstate_org_refuses_an_unknown_id(rantai: Rantai, pilot: Pilot) -> None:
    with pilot.sends_nothing("governor"):
        run = rantai(
            pilot.accounts["governor"],
            "governor",
            "reinstate-org",
            "abc",
            "--hash",
            "0x" + "00" * 32,
        )
    assert run.code == 2
    assert "id must be a whole number: 'abc'" in run.error


def test_governor_set_policy_sends_one_transaction_per_value(rantai: Rantai, pilot: Pilot) -> None:
    run = rantai(
        pilot.accounts["governor"],
        "governor",
        "set-policy",
        "--min-tender-period",
        "5d",
        "--direct-purchase-ceiling",
        "300.000.000",
    )
    assert run.code == 0, run.err
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
    rantai: Rantai, pilot: Pilot, argv: list[str], message: str
) -> None:
    with pilot.sends_nothing("governor"):
        run = rantai(pilot.accounts["governor"], "governor", "set-policy", *argv)
    assert run.code == 2
    assert message in run.error


def test_governor_pause_and_unpause(rantai: Rantai, pilot: Pilot) -> None:
    governor = pilot.accounts["governor"]
    assert rantai(governor, "governor", "pause").code == 0
    with pilot.sends_nothing("treasury"):
        run = rantai(pilot.accounts["treasury"], "token", "mint", pilot.address("supplier"), "1")
    assert run.code == 1
    assert "paused" in run.error
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


def test_treasury_allocate_budget_accepts_indonesian_grouping(rantai: Rantai, pilot: Pilot) -> None:
    run = rantai(
        pilot.accounts["treasury"],
        "treasury",
        "allocate-budget",
        "--org",
        "11",
        "--fiscal-year",
        "2027",
        "--ceiling",
        "7.500.000.000",
    )
    assert run.code == 0, run.err
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
    rantai: Rantai, pilot: Pilot, amount: str, message: str
) -> None:
    with pilot.sends_nothing("treasury"):
        run = rantai(
            pilot.accounts["treasury"],
            "treasury",
            "allocate-budget",
            "--org",
            "11",
            "--fiscal-year",
            "2027",
            "--ceiling",
            amount,
        )
    assert run.code == 2
    assert message in run.error


def test_treasury_allocate_budget_for_a_non_agency_is_refused(rantai: Rantai, pilot: Pilot) -> None:
    with pilot.sends_nothing("treasury"):
        run = rantai(
            pilot.accounts["treasury"],
            "treasury",
            "allocate-budget",
            "--org",
            "20",
            "--fiscal-year",
            "2027",
            "--ceiling",
            "1000",
        )
    assert run.code == 2
    assert "organisation 20 is not an agency (SUPPLIER)" in run.error


def test_token_mint_and_balance(rantai: Rantai, pilot: Pilot) -> None:
    supplier = pilot.address("supplier")
    run = rantai(pilot.accounts["treasury"], "token", "mint", supplier, "1_000_000")
    assert run.code == 0, run.err
    assert "RupiahMinted" in [e["name"] for e in run.doc["transactions"][0]["events"]]
    run = rantai(pilot.accounts["supplier"], "token", "balance")
    assert run.code == 0, run.err
    assert run.doc["result"] == {"address": supplier, "balance_idr": 1_000_000}
    run = rantai(None, "token", "balance", supplier, json=False)
    assert run.out.strip() == f"{supplier}  Rp 1.000.000"


def test_token_mint_by_an_agency_is_refused_and_nothing_sent(rantai: Rantai, pilot: Pilot) -> None:
    with pilot.sends_nothing("agency"):
        run = rantai(pilot.accounts["agency"], "token", "mint", pilot.address("agency"), "1000")
    assert run.code == 1
    assert "is not an active treasury" in run.error


def test_token_balance_refuses_a_malformed_address(rantai: Rantai) -> None:
    run = rantai(None, "token", "balance", "0xnothex")
    assert run.code == 2
    assert "not a 0x-prefixed 20-byte hex address" in run.error


def test_token_approve_for_an_order_and_for_a_bid_bond(rantai: Rantai, pilot: Pilot) -> None:
    order_id = pilot.direct_order(accepted=False)
    run = rantai(pilot.accounts["agency"], "token", "approve", "--order", str(order_id))
    assert run.code == 0, run.err
    escrow = pilot.governor.escrow.address
    assert pilot.governor.allowance(pilot.address("agency"), escrow) == 10_000_000
    tender_id = pilot.open_tender()
    run = rantai(pilot.accounts["supplier"], "token", "approve", "--tender", str(tender_id))
    assert run.code == 0, run.err
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

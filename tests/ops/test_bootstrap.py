"""`py_client.ops.bootstrap` (`ape run bootstrap`): validation first, then idempotent apply."""

from pathlib import Path
from typing import Any

import pytest

from py_client.ops.bootstrap import PlanError, apply, load_plan
from py_client.ops.deploy import deploy

ROOT = Path(__file__).resolve().parents[2]
PILOT = ROOT / "network" / "pilot" / "participants.yaml"
AGENCY = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
TREASURY = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
ANVIL0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"


@pytest.fixture
def deployed(project: Any, chain: Any, governor: Any, tmp_path: Path) -> dict[str, Any]:
    assert governor.address == ANVIL0  # the pilot file names anvil's accounts
    return deploy(
        chain.provider.web3, governor, tmp_path / "local.json", "local", log=lambda _: None
    )


@pytest.fixture
def signer_for(accounts: Any) -> Any:
    by_address = {a.address: a for a in accounts}
    return lambda address: by_address[address]


def test_pilot_file_bootstraps_and_a_second_run_sends_nothing(
    project: Any, chain: Any, deployed: dict[str, Any], signer_for: Any
) -> None:
    plan = load_plan(PILOT)
    first = apply(plan, chain.provider.web3, deployed, signer_for, log=lambda _: None)
    assert first > 20
    registry = project.Registry.at(deployed["contracts"]["Registry"]["address"])
    token = project.RupiahToken.at(deployed["contracts"]["RupiahToken"]["address"])
    assert registry.orgOf(AGENCY) == 10
    assert registry.hasRole(registry.AGENCY_ROLE(), AGENCY)
    assert registry.budget(10, 2026).ceilingIdr == 5_000_000_000
    assert token.balanceOf(AGENCY) == 3_000_000_000
    assert registry.treasuryAccount() == TREASURY  # forfeits leave the deployer
    assert registry.payoutAccount(10) == AGENCY  # refunds to the organisation (issue 13 item 6)
    assert registry.policy().disputeResponseWindowSec == 3 * 86_400
    block = chain.blocks.head.number
    assert apply(plan, chain.provider.web3, deployed, signer_for, log=lambda _: None) == 0
    assert chain.blocks.head.number == block


def test_funds_are_a_target_balance(
    chain: Any, deployed: dict[str, Any], signer_for: Any, tmp_path: Path
) -> None:
    apply(load_plan(PILOT), chain.provider.web3, deployed, signer_for, log=lambda _: None)
    richer = tmp_path / "richer.yaml"
    richer.write_text(
        PILOT.read_text().replace("balance_idr: 3000000000", "balance_idr: 3500000000")
    )
    lines: list[str] = []
    assert (
        apply(load_plan(richer), chain.provider.web3, deployed, signer_for, log=lines.append) == 1
    )
    assert f"minted Rp 500.000.000 to {AGENCY}" in lines


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("organisations: [\n  - id: 1\n    kind: [", "not valid YAML at line"),
        ("organisations:\n  - {id: 5, kind: ministry}", "organisation 5: unknown kind 'ministry'"),
        (
            "organisations:\n  - {id: 5, kind: agency, accounts: [{address: '0x12', roles: []}]}",
            "organisation 5: malformed address '0x12'",
        ),
        (
            f"organisations:\n  - {{id: 5, kind: agency, accounts: [{{address: '{AGENCY}', "
            "roles: [mayor]}]}",
            f"organisation 5: unknown role 'mayor' for {AGENCY}",
        ),
        (
            f"organisations:\n  - {{id: 5, kind: agency, accounts: [{{address: '{AGENCY}'}}]}}\n"
            f"  - {{id: 6, kind: supplier, accounts: [{{address: '{AGENCY.lower()}'}}]}}",
            f"organisation 6: duplicate account {AGENCY} (already in organisation 5)",
        ),
        ("organisations:\n  - {id: 5, kind: agency}\n  - {id: 5, kind: agency}", "duplicate"),
        ("budgets:\n  - {org: 9, fiscal_year: 2026, ceiling_idr: 1}", "budgets[1]: organisation 9"),
        ("policy: {penaltyCapBps: -1}", "policy.penaltyCapBps: -1 is out of range"),
        ("policy: {lateFee: 3}", "policy: unknown parameter(s) lateFee"),
        ("funds:\n  - {account: '0xabc', balance_idr: 5}", "funds[1]: malformed address"),
        (
            f"organisations:\n  - {{id: 5, kind: supplier, accounts: [{{address: '{AGENCY}', "
            "roles: [supplier, carrier]}]}",
            f"organisation 5: role 'carrier' of {AGENCY} cannot be held in a supplier organisation",
        ),
        (
            "organisations:\n  - {id: 5, kind: agency, payout_account: '0x12'}",
            "organisation 5: malformed payout_account '0x12'",
        ),
    ],
)
def test_a_bad_entry_is_a_one_line_error_naming_it(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "participants.yaml"
    path.write_text(text)
    with pytest.raises(PlanError) as caught:
        load_plan(path)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match="participants file not found"):
        load_plan(tmp_path / "absent.yaml")

"""Issue 15: no single key governs. One deployment + pilot bootstrap (with its `governance`
section) is shared by the module; Ape's isolation rewinds the chain after every test.

The council Safe (3 of 4) schedules through the RantaiTimelock (48 h); the auditor guardian Safe
may only cancel; the emergency guardian Safe may only pause. Any single key fails with its typed
error; the same actions pass with the threshold after the delay.
"""

import json
from pathlib import Path
from typing import Any

import pytest

from py_client.cli import main
from py_client.models import REGISTRY_ROLES
from py_client.ops.bootstrap import apply, load_plan, save_governance
from py_client.ops.deploy import DeployError, check_deployer, deploy
from py_client.ops.safe import create_safe
from py_client.safe_tx import SafeTx, approval, pack, recover, sign
from tests.support.escrow import ARRIVED, NO_REF, ORIGIN_ID, b32, goods_line
from tests.support.reverts import reverts_with
from tests.support.safe import container
from tests.support.tracking import new_ref

ROOT = Path(__file__).resolve().parents[2]
PILOT = ROOT / "network" / "pilot" / "participants.yaml"
DELAY = 48 * 3600
ZERO32 = b"\x00" * 32


@pytest.fixture(scope="module")
def gov(
    project: Any, chain: Any, accounts: Any, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("gov") / "local.json"
    record = deploy(chain.provider.web3, accounts[0], path, "local", log=lambda _: None)
    by_address = {a.address: a for a in accounts}
    plan = load_plan(PILOT)
    lines: list[str] = []
    apply(plan, chain.provider.web3, record, by_address.__getitem__, log=lines.append)
    assert save_governance(path, record)
    assert not save_governance(path, record)
    g = record["governance"]
    safe = container("SafeL2")
    return {
        "record": record,
        "plan": plan,
        "signer_for": by_address.__getitem__,
        "log": lines,
        "registry": project.Registry.at(record["contracts"]["Registry"]["address"]),
        "token": project.RupiahToken.at(record["contracts"]["RupiahToken"]["address"]),
        "escrow": project.OrderEscrow.at(record["contracts"]["OrderEscrow"]["address"]),
        "timelock": project.RantaiTimelock.at(g["timelock"]),
        "council": safe.at(g["council"]["address"]),
        "auditor": safe.at(g["auditor_guardian"]["address"]),
        "emergency": safe.at(g["emergency_guardian"]["address"]),
        "council_keys": [by_address[o] for o in g["council"]["owners"]],
        "auditor_keys": [by_address[o] for o in g["auditor_guardian"]["owners"]],
        "emergency_keys": [by_address[o] for o in g["emergency_guardian"]["owners"]],
        "deployer": accounts[0],
        "path": path,
    }


def safe_exec(chain: Any, safe: Any, owners: list[Any], to: Any, data: bytes) -> Any:
    """Execute a call from ``safe`` signed by ``owners`` (the first sends; approval signature)."""
    tx = SafeTx(
        safe=str(safe.address),
        chain_id=chain.chain_id,
        to=str(to),
        value=0,
        data=data,
        nonce=safe.call_view_method("nonce"),
    )
    signatures = {owners[0].address: approval(owners[0].address)}
    for owner in owners[1:]:
        address, signature = sign(tx.hash(), str(owner.private_key))
        signatures[address] = signature
    return safe.execTransaction(*tx.exec_args(pack(signatures)), sender=owners[0])


def schedule(
    chain: Any, gov: dict[str, Any], target: Any, data: bytes, salt: bytes = ZERO32
) -> bytes:
    timelock = gov["timelock"]
    call = timelock.schedule.encode_input(str(target), 0, data, ZERO32, salt, DELAY)
    receipt = safe_exec(chain, gov["council"], gov["council_keys"][:3], timelock.address, call)
    assert receipt.events.filter(gov["council"].ExecutionSuccess)
    return bytes(timelock.hashOperation(str(target), 0, data, ZERO32, salt))


def new_safe(
    chain: Any, gov: dict[str, Any], owners: list[Any], threshold: int, salt: int, deployer: Any
) -> Any:
    """A SafeL2 of ``owners`` (``threshold`` of them sign), deployed by ``deployer``."""
    owner_addresses = [o.address for o in owners]
    return container("SafeL2").at(
        create_safe(chain.provider.web3, gov["record"], owner_addresses, threshold, salt, deployer)[
            0
        ]
    )


def council_registry_batch(
    chain: Any, gov: dict[str, Any], fast_forward: Any, calls: list[bytes], executor: Any
) -> None:
    """The council schedules ``calls`` to the Registry as one timelock batch; after the delay
    ``executor`` (anyone) executes it."""
    timelock = gov["timelock"]
    targets, values = [str(gov["registry"].address)] * len(calls), [0] * len(calls)
    batch = timelock.scheduleBatch.encode_input(targets, values, calls, ZERO32, ZERO32, DELAY)
    safe_exec(chain, gov["council"], gov["council_keys"][:3], timelock.address, batch)
    fast_forward(DELAY)
    timelock.executeBatch(targets, values, calls, ZERO32, ZERO32, sender=executor)


def admitted_panel(
    chain: Any, gov: dict[str, Any], fast_forward: Any, members: list[Any], salt: int, executor: Any
) -> Any:
    """A 2-of-n panel Safe of ``members`` that the council admitted to the arbiters'
    organisation (50) with ARBITER."""
    registry = gov["registry"]
    panel = new_safe(chain, gov, members, 2, salt, members[0])
    calls = [
        registry.addAccount.encode_input(panel.address, 50),
        registry.grantRole.encode_input(registry.ARBITER_ROLE(), panel.address),
    ]
    council_registry_batch(chain, gov, fast_forward, calls, executor)
    return panel


def answered_dispute(chain: Any, gov: dict[str, Any], agency: Any, supplier: Any) -> int:
    """A direct order (10 x Rp 1 juta) accepted by ``supplier``, disputed by ``agency``, the
    dispute answered."""
    escrow = gov["escrow"]
    deadline = int(chain.pending_timestamp) + 30 * 86_400
    escrow.createDirectOrder(
        supplier, 2026, [goods_line(10, 1_000_000)], deadline, 90 * 86_400, NO_REF, sender=agency
    )
    order_id = int(escrow.orderCount())
    gov["token"].approve(escrow, 10_000_000, sender=agency)
    escrow.acceptOrder(order_id, b32("contract"), sender=supplier)
    escrow.openDispute(order_id, b32("reason"), sender=agency)
    escrow.respondToDispute(order_id, b32("response"), sender=supplier)
    return order_id


def test_bootstrap_hands_every_power_over_and_a_second_run_is_a_no_op(
    project: Any, chain: Any, gov: dict[str, Any]
) -> None:
    registry, timelock, deployer = gov["registry"], gov["timelock"], gov["deployer"].address
    for role in ("DEFAULT_ADMIN", *REGISTRY_ROLES):
        assert not registry.hasRole(getattr(registry, f"{role}_ROLE")(), deployer), role
    for role in ("DEFAULT_ADMIN", "PROPOSER", "EXECUTOR", "CANCELLER"):
        assert not timelock.hasRole(getattr(timelock, f"{role}_ROLE")(), deployer), role
    assert registry.hasRole(registry.GOVERNOR_ROLE(), timelock)
    assert registry.hasRole(registry.DEFAULT_ADMIN_ROLE(), timelock)
    assert registry.hasRole(registry.PAUSER_ROLE(), gov["emergency"])
    assert timelock.hasRole(timelock.PROPOSER_ROLE(), gov["council"])
    assert timelock.hasRole(timelock.CANCELLER_ROLE(), gov["auditor"])
    assert not timelock.hasRole(timelock.PROPOSER_ROLE(), gov["auditor"])
    assert timelock.getMinDelay() == DELAY
    assert gov["council"].getThreshold() == 3
    assert len(gov["council"].getOwners()) == 4
    assert any("renounced Registry GOVERNOR" in line for line in gov["log"])
    block = chain.blocks.head.number
    record = dict(gov["record"])
    assert (
        apply(gov["plan"], chain.provider.web3, record, gov["signer_for"], log=lambda _: None) == 0
    )
    assert chain.blocks.head.number == block


def test_a_change_after_the_handover_is_a_one_line_refusal(
    chain: Any, gov: dict[str, Any], tmp_path: Path
) -> None:
    changed = tmp_path / "p.yaml"
    changed.write_text(PILOT.read_text().replace("maxBidsPerTender: 20", "maxBidsPerTender: 30"))
    from py_client.ops.bootstrap import PlanError

    with pytest.raises(PlanError, match=r"no longer governs .* `rantai gov propose`"):
        apply(
            load_plan(changed),
            chain.provider.web3,
            dict(gov["record"]),
            gov["signer_for"],
            log=lambda _: None,
        )


def test_a_governance_file_cannot_name_a_governor(tmp_path: Path) -> None:
    bad = tmp_path / "p.yaml"
    bad.write_text(
        PILOT.read_text().replace(
            'profile: {name: "Dewan Fasilitator Rantai"}',
            'profile: {name: "Dewan"}\n    accounts:\n      - {address: '
            '"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", roles: [governor]}',
        )
    )
    from py_client.ops.bootstrap import PlanError

    with pytest.raises(PlanError, match="cannot hold 'governor'"):
        load_plan(bad)


def test_development_keys_are_refused_off_the_local_network(accounts: Any) -> None:
    check_deployer("local", accounts[0].address)
    with pytest.raises(DeployError, match="well-known development key"):
        check_deployer("besu", accounts[0].address)
    check_deployer("besu", "0x" + "12" * 20)


def test_the_safe_tx_hash_matches_the_safe_contract(chain: Any, gov: dict[str, Any]) -> None:
    council = gov["council"]
    tx = SafeTx(
        safe=str(council.address),
        chain_id=chain.chain_id,
        to=str(gov["timelock"].address),
        value=5,
        data=b"\x12\x34",
        nonce=7,
        operation=0,
        safe_tx_gas=1,
        base_gas=2,
        gas_price=3,
        gas_token="0x" + "ab" * 20,
        refund_receiver="0x" + "cd" * 20,
    )
    on_chain = council.getTransactionHash(
        tx.to, 5, b"\x12\x34", 0, 1, 2, 3, tx.gas_token, tx.refund_receiver, 7
    )
    assert bytes(on_chain) == tx.hash()
    owner, signature = sign(tx.hash(), str(gov["council_keys"][1].private_key))
    assert recover(tx.hash(), signature) == owner == gov["council_keys"][1].address
    assert recover(tx.hash(), approval(owner)) == owner


@pytest.mark.parametrize(
    "who", ["council member", "deployer", "auditor guardian", "emergency guardian", "arbiter"]
)
def test_any_single_key_fails(project: Any, accounts: Any, gov: dict[str, Any], who: str) -> None:
    key = {
        "council member": gov["council_keys"][0],
        "deployer": gov["deployer"],
        "auditor guardian": gov["auditor_keys"][0],
        "emergency guardian": gov["emergency_keys"][0],
        "arbiter": accounts[9],
    }[who]
    registry, token, escrow, timelock = (
        gov["registry"],
        gov["token"],
        gov["escrow"],
        gov["timelock"],
    )
    governor, treasury = registry.GOVERNOR_ROLE(), registry.TREASURY_ROLE()
    with reverts_with(registry.AccessControlUnauthorizedAccount, account=key, neededRole=governor):
        registry.grantRole(treasury, key, sender=key)
    with reverts_with(registry.RegistryUnauthorizedAccount, account=key, neededRole=treasury):
        token.mint(key, 1, sender=key)
    with reverts_with(registry.AccessControlUnauthorizedAccount, account=key, neededRole=governor):
        registry.setMinTenderPeriod(3600, sender=key)
    with reverts_with(registry.AccessControlUnauthorizedAccount, account=key, neededRole=governor):
        registry.unpause(sender=key)
    with reverts_with(escrow.OrderEscrowUnauthorizedAccount, account=key, neededRole=governor):
        escrow.setShipmentTracking(key, sender=key)
    spender = registry.BUDGET_SPENDER_ROLE()
    with reverts_with(registry.AccessControlUnauthorizedAccount, account=key, neededRole=spender):
        registry.commitBudget(10, 2026, 1, sender=key)
    proposer = timelock.PROPOSER_ROLE()
    with reverts_with(timelock.AccessControlUnauthorizedAccount, account=key, neededRole=proposer):
        timelock.schedule(registry.address, 0, b"", ZERO32, ZERO32, DELAY, sender=key)


def test_one_council_signature_is_not_enough(chain: Any, gov: dict[str, Any]) -> None:
    timelock = gov["timelock"]
    call = timelock.schedule.encode_input(
        str(gov["registry"].address), 0, b"", ZERO32, ZERO32, DELAY
    )
    with pytest.raises(Exception, match="GS020"):
        safe_exec(chain, gov["council"], gov["council_keys"][:2], timelock.address, call)


def test_the_council_grants_a_role_with_its_threshold_after_the_delay(
    chain: Any, accounts: Any, gov: dict[str, Any], fast_forward: Any
) -> None:
    registry, timelock = gov["registry"], gov["timelock"]
    newcomer = accounts[12]
    # A role bound to no organisation kind (issue 13 item 7: TREASURY would need a Treasury org).
    data = registry.grantRole.encode_input(registry.BUDGET_SPENDER_ROLE(), newcomer.address)
    op = schedule(chain, gov, registry.address, data)
    assert timelock.isOperationPending(op)
    with reverts_with(timelock.TimelockUnexpectedOperationState, operationId=op):
        timelock.execute(registry.address, 0, data, ZERO32, ZERO32, sender=accounts[13])
    fast_forward(DELAY)
    receipt = timelock.execute(registry.address, 0, data, ZERO32, ZERO32, sender=accounts[13])
    assert receipt.events.filter(timelock.CallExecuted)[0].id == op
    assert receipt.events.filter(registry.RoleGranted)[0].account == newcomer.address
    assert registry.hasRole(registry.BUDGET_SPENDER_ROLE(), newcomer)


def test_a_policy_change_passes_through_the_delay(
    chain: Any, accounts: Any, gov: dict[str, Any], fast_forward: Any
) -> None:
    registry, timelock = gov["registry"], gov["timelock"]
    data = registry.setMaxBidsPerTender.encode_input(30)
    schedule(chain, gov, registry.address, data)
    fast_forward(DELAY)
    receipt = timelock.execute(registry.address, 0, data, ZERO32, ZERO32, sender=accounts[13])
    assert receipt.events.filter(registry.PolicyChanged)[0].newValue == 30
    assert registry.policy().maxBidsPerTender == 30


def test_the_auditor_guardian_cancels_and_can_do_nothing_else(
    chain: Any, accounts: Any, gov: dict[str, Any], fast_forward: Any
) -> None:
    registry, timelock = gov["registry"], gov["timelock"]
    data = registry.grantRole.encode_input(registry.TREASURY_ROLE(), accounts[12].address)
    op = schedule(chain, gov, registry.address, data)
    receipt = safe_exec(
        chain,
        gov["auditor"],
        gov["auditor_keys"],
        timelock.address,
        timelock.cancel.encode_input(op),
    )
    assert receipt.events.filter(timelock.Cancelled)[0].id == op
    fast_forward(DELAY)
    with reverts_with(timelock.TimelockUnexpectedOperationState, operationId=op):
        timelock.execute(registry.address, 0, data, ZERO32, ZERO32, sender=accounts[13])
    # The guardian Safe itself can neither propose nor govern: the inner call fails (GS013).
    call = timelock.schedule.encode_input(str(registry.address), 0, data, ZERO32, ZERO32, DELAY)
    with pytest.raises(Exception, match="GS013"):
        safe_exec(chain, gov["auditor"], gov["auditor_keys"], timelock.address, call)
    with pytest.raises(Exception, match="GS013"):
        safe_exec(
            chain,
            gov["auditor"],
            gov["auditor_keys"],
            registry.address,
            registry.pause.encode_input(),
        )


def test_the_emergency_guardian_pauses_at_once_and_the_council_unpauses_after_the_delay(
    chain: Any, accounts: Any, gov: dict[str, Any], fast_forward: Any
) -> None:
    registry, timelock = gov["registry"], gov["timelock"]
    guardian, keys = gov["emergency"], gov["emergency_keys"][:1]
    receipt = safe_exec(
        chain, guardian, keys, registry.address, registry.emergencyPause.encode_input()
    )
    assert receipt.events.filter(registry.Paused)[0].account == guardian.address
    assert registry.paused()
    for call in (
        registry.unpause.encode_input(),
        registry.grantRole.encode_input(registry.TREASURY_ROLE(), keys[0].address),
        registry.setMaxBidsPerTender.encode_input(5),
    ):
        with pytest.raises(Exception, match="GS013"):
            safe_exec(chain, guardian, keys, registry.address, call)
    data = registry.unpause.encode_input()
    schedule(chain, gov, registry.address, data)
    fast_forward(DELAY)
    receipt = timelock.execute(registry.address, 0, data, ZERO32, ZERO32, sender=accounts[13])
    assert receipt.events.filter(registry.Unpaused)[0].account == timelock.address
    assert not registry.paused()


def test_a_single_key_cannot_emergency_pause(accounts: Any, gov: dict[str, Any]) -> None:
    registry = gov["registry"]
    for key in (gov["deployer"], gov["council_keys"][0], gov["emergency_keys"][0]):
        with reverts_with(
            registry.AccessControlUnauthorizedAccount,
            account=key,
            neededRole=registry.PAUSER_ROLE(),
        ):
            registry.emergencyPause(sender=key)


@pytest.fixture
def gov_cli(
    chain: Any,
    gov: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> Any:
    """`gov_cli(account, *argv)`: run `rantai` in-process signing as ``account``."""
    import os

    for name in list(os.environ):
        if name.startswith("RANTAI_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("RANTAI_RPC_URL", str(chain.provider.uri))
    monkeypatch.setenv("RANTAI_DEPLOYMENT", str(gov["path"]))
    monkeypatch.chdir(tmp_path)

    def run(account: Any, *argv: str) -> tuple[int, str, str]:
        monkeypatch.setenv("RANTAI_PRIVATE_KEY", str(account.private_key))
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def test_cli_grant_through_signatures_queue_delay_execute(
    accounts: Any, gov: dict[str, Any], gov_cli: Any, fast_forward: Any
) -> None:
    registry = gov["registry"]
    members = gov["council_keys"]
    newcomer = "0x7777777777777777777777777777777777777777"
    # The account joins a supplier organisation before it is granted SUPPLIER (issue 13 item 7).
    code, out, err = gov_cli(
        members[0],
        "gov",
        "propose",
        "add-account",
        newcomer,
        "20",
        "-o",
        "p.json",
        "--description",
        "new supplier",
    )
    assert code == 0, err
    for action in (["grant-role", "supplier", newcomer], ["payout-account", "10", newcomer]):
        code, _out, err = gov_cli(members[0], "gov", "propose", *action, "-o", "p.json", "--append")
        assert code == 0, err
    for member in members[:2]:
        assert gov_cli(member, "gov", "approve", "p.json")[0] == 0
    code, _out, err = gov_cli(members[0], "gov", "queue", "p.json")
    assert code == 1
    assert (
        err == "error: not enough signatures: 2 of 3 for the council Safe "
        "(collect more with `rantai gov approve`)\n"
    )
    code, out, err = gov_cli(members[2], "gov", "approve", "p.json", "--on-chain")
    assert code == 0, err
    assert "approvals 3 of 3" in out
    code, out, err = gov_cli(accounts[13], "gov", "queue", "p.json")
    assert code == 0, err
    assert "queued in the timelock" in out
    code, _out, err = gov_cli(accounts[13], "gov", "execute", "p.json")
    assert code == 1
    assert err.startswith("error: delay not over: executable in 48 h 0 min (at unix")
    fast_forward(DELAY)
    code, out, err = gov_cli(accounts[13], "gov", "execute", "p.json")
    assert code == 0, err
    assert registry.hasRole(registry.SUPPLIER_ROLE(), newcomer)
    assert registry.orgOf(newcomer) == 20
    assert registry.payoutAccount(10) == newcomer
    code, out, _err = gov_cli(accounts[13], "gov", "history")
    assert code == 0
    assert out.count(": scheduled ") == 3  # add-account, grant-role, payout-account
    assert out.count(": executed ") == 3


def test_cli_auditor_guardian_cancels_and_execute_says_cancelled(
    accounts: Any, gov: dict[str, Any], gov_cli: Any, fast_forward: Any
) -> None:
    members = gov["council_keys"]
    assert (
        gov_cli(members[0], "gov", "propose", "policy", "retentionBps", "2000", "-o", "bad.json")[0]
        == 0
    )
    for member in members[:3]:
        assert gov_cli(member, "gov", "approve", "bad.json")[0] == 0
    assert gov_cli(members[0], "gov", "queue", "bad.json")[0] == 0
    code, _out, err = gov_cli(members[0], "gov", "approve", "bad.json")
    assert code == 1
    assert "already used nonce" in err
    code, out, err = gov_cli(gov["auditor_keys"][0], "gov", "cancel", "bad.json", "-o", "c.json")
    assert code == 0, err
    assert "cancelled" in out
    fast_forward(DELAY)
    code, _out, err = gov_cli(accounts[13], "gov", "execute", "bad.json")
    assert code == 1
    assert err == "error: action cancelled: policy retentionBps = 2000\n"
    assert gov["registry"].policy().retentionBps == 500


def test_cli_emergency_pause_at_once(gov: dict[str, Any], gov_cli: Any) -> None:
    guardian = gov["emergency_keys"][0]
    assert gov_cli(guardian, "gov", "propose", "pause", "-o", "pause.json")[0] == 0
    code, out, err = gov_cli(guardian, "gov", "approve", "pause.json")
    assert code == 0, err
    assert "approvals 1 of 1" in out
    code, out, err = gov_cli(guardian, "gov", "queue", "pause.json")
    assert code == 0, err
    assert gov["registry"].paused()
    code, out, _err = gov_cli(guardian, "gov", "history")
    assert f"paused by {gov['emergency'].address}" in out


def test_cli_refuses_a_non_owner(accounts: Any, gov_cli: Any, gov: dict[str, Any]) -> None:
    assert gov_cli(gov["council_keys"][0], "gov", "propose", "unpause", "-o", "u.json")[0] == 0
    code, _out, err = gov_cli(accounts[9], "gov", "approve", "u.json")
    assert code == 1
    assert err == f"error: {accounts[9].address} is not an owner of the council Safe\n"


def test_the_demo_governance_scenario(
    chain: Any, accounts: Any, gov: dict[str, Any], tmp_path: Path
) -> None:
    from py_client.ops.governance_pilot import NEW_SUPPLIER, run_governance

    keys = {a.address: str(a.private_key) for a in accounts}
    lines: list[str] = []
    result = run_governance(str(chain.provider.uri), gov["path"], keys, tmp_path, say=lines.append)
    assert result["newSupplier"]["granted"]
    assert result["newSupplier"]["executeBeforeDelay"].startswith("delay not over")
    assert result["policyChange"] == {"maxBidsPerTender": [20, 25]}
    assert result["cancelled"]["executeAfterCancel"].startswith("action cancelled")
    assert not result["cancelled"]["granted"]
    assert result["emergency"]["pausedAtOnce"]
    assert result["emergency"]["unpausedByCouncil"]
    assert gov["registry"].orgOf(NEW_SUPPLIER) == 23
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["governance"]["transactions"] == 9


def test_portal_tata_kelola_page_shows_pending_cancelled_and_history(
    chain: Any, accounts: Any, gov: dict[str, Any], tmp_path: Path
) -> None:
    from fastapi.testclient import TestClient

    from py_client.portal import PortalConfig, create_app
    from py_client.settings import Settings

    registry, timelock = gov["registry"], gov["timelock"]
    pending = schedule(chain, gov, registry.address, registry.setMaxBidsPerTender.encode_input(25))
    bad_data = registry.grantRole.encode_input(registry.TREASURY_ROLE(), accounts[12].address)
    bad = schedule(chain, gov, registry.address, bad_data, salt=b"\x01" * 32)
    safe_exec(
        chain,
        gov["auditor"],
        gov["auditor_keys"],
        timelock.address,
        timelock.cancel.encode_input(bad),
    )
    settings = Settings(rpc_url=str(chain.provider.uri), deployment=str(gov["path"]))
    app = create_app(PortalConfig(settings, database=str(tmp_path / "audit.sqlite")))
    with TestClient(app, base_url="http://127.0.0.1") as web:
        page = web.get("/governance")
    assert page.status_code == 200
    html = page.text
    assert "<h1>Tata kelola</h1>" in html
    pending_table = html.split('id="pending"')[1].split("</table>")[0]
    assert f"{pending.hex()[:4]}" in pending_table
    assert "dalam 48 h 0 min" in pending_table or "dalam 47 h 59 min" in pending_table
    cancelled = html.split('id="cancelled"')[1].split("</ul>")[0]
    assert f"0x{bad.hex()[:4]}" in cancelled
    assert gov["council"].address in html
    assert "<script>" not in html.split("<body")[1].replace("<script src=", "")


def _portal_sign_in(web: Any, key: str) -> str:
    """Sign in to the portal with ``key`` (SIWE); returns the session's CSRF token."""
    import re

    from eth_account import Account
    from eth_account.messages import encode_defunct

    def csrf() -> str:
        found = re.search(r'name="csrf-token" content="([^"]+)"', web.get("/console").text)
        assert found
        return found[1]

    token, account = csrf(), Account.from_key(key)
    headers = {"X-CSRF-Token": token}
    challenge = web.post("/auth/challenge", json={"address": account.address}, headers=headers)
    message = challenge.json()["message"]
    signature = account.sign_message(encode_defunct(text=message)).signature.hex()
    answer = web.post(
        "/auth/verify", json={"message": message, "signature": signature}, headers=headers
    )
    assert answer.status_code == 200, answer.text
    return csrf()


def prepare_approval(web: Any, csrf_token: str, safe_tx_hash: str) -> Any:
    """The console's answer to preparing approveHash(``safe_tx_hash``) for the signed-in user."""
    return web.post(
        "/api/prepare/approve_governance",
        data={"safe_tx_hash": safe_tx_hash},
        headers={"X-CSRF-Token": csrf_token},
    )


def test_a_council_member_approves_from_the_console_and_the_page_shows_who_approved(
    chain: Any, accounts: Any, gov: dict[str, Any], tmp_path: Path
) -> None:
    """Issue 15 item 8: approveHash prepared by the console, sent by the member's wallet."""
    from fastapi.testclient import TestClient

    from py_client.portal import PortalConfig, create_app
    from py_client.settings import Settings

    council, keys, registry, timelock = (
        gov["council"],
        gov["council_keys"],
        gov["registry"],
        gov["timelock"],
    )
    data = registry.setMaxBidsPerTender.encode_input(30)
    call = timelock.schedule.encode_input(str(registry.address), 0, data, ZERO32, ZERO32, DELAY)
    tx = SafeTx(
        safe=str(council.address),
        chain_id=chain.chain_id,
        to=str(timelock.address),
        value=0,
        data=call,
        nonce=council.call_view_method("nonce"),
    )
    safe_tx_hash = "0x" + tx.hash().hex()
    settings = Settings(rpc_url=str(chain.provider.uri), deployment=str(gov["path"]))
    app = create_app(PortalConfig(settings, database=str(tmp_path / "audit.sqlite")))
    w3 = chain.provider.web3
    with TestClient(app, base_url="http://127.0.0.1") as web:
        # A participant who is no council member is not offered the action and is refused.
        token = _portal_sign_in(web, str(accounts[2].private_key))
        assert 'id="council-actions"' not in web.get("/console").text
        refused = prepare_approval(web, token, safe_tx_hash)
        assert refused.status_code == 409
        assert "bukan pemilik Safe dewan" in refused.json()["message"]
        web.post("/auth/logout", headers={"X-CSRF-Token": token})

        token = _portal_sign_in(web, str(keys[0].private_key))
        console = web.get("/console").text
        assert 'id="council-actions"' in console
        assert 'id="form-approve_governance"' in console
        bad = prepare_approval(web, token, "0x12")
        assert bad.status_code == 422
        assert "safe_tx_hash" in bad.json()["errors"]
        prepared = prepare_approval(web, token, safe_tx_hash)
        assert prepared.status_code == 200, prepared.text
        unsigned = prepared.json()["tx"]
        assert unsigned["to"] == council.address
        assert unsigned["from"] == keys[0].address
        # The wallet sends it (anvil's development accounts are unlocked, like a wallet).
        sent = w3.eth.send_transaction(
            {
                "from": unsigned["from"],
                "to": unsigned["to"],
                "data": unsigned["data"],
                "gas": int(unsigned["gas"], 16),
            }
        )
        receipt = w3.eth.wait_for_transaction_receipt(sent)
        assert receipt["status"] == 1
        approved = council.ApproveHash.from_receipt(receipt)[0]
        assert approved.owner == keys[0].address
        assert "0x" + bytes(approved.approvedHash).hex() == safe_tx_hash
        again = prepare_approval(web, token, safe_tx_hash)
        assert again.status_code == 409
        assert "sudah menyetujui" in again.json()["message"]

        council.approveHash(tx.hash(), sender=keys[1])
        page = web.get("/governance").text
        table = page.split('id="approvals"')[1].split("</table>")[0]
        assert safe_tx_hash in table
        assert "2 / 3" in table
        assert keys[0].address in table
        assert keys[1].address in table
        assert keys[2].address not in table

        # The third member executes: the two on-chain approvals count; the entry leaves the list.
        signatures = {k.address: approval(k.address) for k in keys[:3]}
        council.execTransaction(*tx.exec_args(pack(signatures)), sender=keys[2])
        assert 'id="approvals"' not in web.get("/governance").text


def test_safes_as_agency_and_as_supplier_run_an_order_end_to_end(
    project: Any, chain: Any, accounts: Any, gov: dict[str, Any], fast_forward: Any
) -> None:
    """Issue 15 item 5: msg.sender and the payee are contracts (Safes) on every path."""
    registry, token, escrow = gov["registry"], gov["token"], gov["escrow"]
    record = gov["record"]
    tracking = project.ShipmentTracking.at(record["contracts"]["ShipmentTracking"]["address"])
    agency_owner, supplier_owners, carrier = accounts[2], [accounts[3], accounts[4]], accounts[6]
    agency_safe = new_safe(chain, gov, [agency_owner], 1, 101, agency_owner)
    supplier_safe = new_safe(chain, gov, supplier_owners, 2, 102, agency_owner)
    # The council admits both Safes (one batch through the delay).
    r = registry
    calls = [
        r.addAccount.encode_input(agency_safe.address, 10),
        r.grantRole.encode_input(r.AGENCY_ROLE(), agency_safe.address),
        r.addAccount.encode_input(supplier_safe.address, 20),
        r.grantRole.encode_input(r.SUPPLIER_ROLE(), supplier_safe.address),
    ]
    council_registry_batch(chain, gov, fast_forward, calls, accounts[13])
    token.mint(agency_safe.address, 20_000_000, sender=accounts[1])

    deadline = int(chain.pending_timestamp) + 30 * 86_400
    lines = [goods_line(10, 1_000_000)]
    create = escrow.createDirectOrder.encode_input(
        supplier_safe.address, 2026, lines, deadline, 90 * 86_400, NO_REF
    )
    receipt = safe_exec(chain, agency_safe, [agency_owner], escrow.address, create)
    created = receipt.events.filter(escrow.OrderCreated)[0]
    order_id = created.orderId
    assert escrow.order(order_id).agency == agency_safe.address
    approve = token.approve.encode_input(escrow.address, 10_000_000)
    safe_exec(chain, agency_safe, [agency_owner], token.address, approve)
    accept = escrow.acceptOrder.encode_input(order_id, b32("contract"))
    receipt = safe_exec(chain, supplier_safe, supplier_owners, escrow.address, accept)
    assert receipt.events.filter(escrow.OrderAccepted)
    origin = (ORIGIN_ID, b32("Jawa Barat"), b32("gln"))
    register = tracking.registerShipment.encode_input(
        order_id,
        [10],
        origin,
        carrier.address,
        int(chain.pending_timestamp) + 5 * 86_400,
        new_ref(),
    )
    safe_exec(chain, supplier_safe, supplier_owners, tracking.address, register)
    shipment_id = tracking.shipmentCount()
    now = int(chain.pending_timestamp)
    checkpoint = (ARRIVED, b32("IDJKT"), 0, 0, now, b32("evidence"))
    tracking.recordCheckpoint(shipment_id, checkpoint, new_ref(), sender=carrier)
    before = token.balanceOf(supplier_safe.address)
    confirm = escrow.confirmDelivery.encode_input(shipment_id, [10], b32("bast"))
    receipt = safe_exec(chain, agency_safe, [agency_owner], escrow.address, confirm)
    paid = token.balanceOf(supplier_safe.address) - before
    assert paid == 9_500_000  # 5 % retention held
    assert receipt.events.filter(token.Transfer)[-1].to == supplier_safe.address


def test_an_arbiter_panel_safe_rules_and_a_single_panel_member_cannot(
    project: Any, chain: Any, accounts: Any, gov: dict[str, Any], fast_forward: Any
) -> None:
    """Issue 15 item 4 (panel as a Safe): ARBITER held by a 2-of-3 Safe, admitted by the council."""
    registry, escrow = gov["registry"], gov["escrow"]
    members = [accounts[9], accounts[15], accounts[8]]
    panel = admitted_panel(chain, gov, fast_forward, members, 103, accounts[13])

    order_id = answered_dispute(chain, gov, accounts[2], accounts[3])
    arbiter = registry.ARBITER_ROLE()
    with reverts_with(registry.RegistryUnauthorizedAccount, account=members[0], neededRole=arbiter):
        escrow.resolveDispute(order_id, 6_000_000, 4_000_000, b32("ruling"), sender=members[0])
    ruling = escrow.resolveDispute.encode_input(order_id, 6_000_000, 4_000_000, b32("ruling"))
    with pytest.raises(Exception, match="GS020"):
        safe_exec(chain, panel, members[:1], escrow.address, ruling)
    receipt = safe_exec(chain, panel, members[:2], escrow.address, ruling)
    resolved = receipt.events.filter(escrow.DisputeResolved)[0]
    assert resolved.arbiter == panel.address
    assert resolved.toSupplierIdr == 6_000_000


def test_a_panel_safe_with_an_owner_of_a_party_organisation_cannot_rule(
    chain: Any, accounts: Any, gov: dict[str, Any], fast_forward: Any
) -> None:
    """Issue 15 item 4: the conflict-of-interest rule applies to every owner of a panel Safe."""
    escrow = gov["escrow"]
    agency, supplier = accounts[2], accounts[3]  # pilot organisations 10 and 20
    members = [accounts[9], supplier]
    panel = admitted_panel(chain, gov, fast_forward, members, 104, accounts[13])

    order_id = answered_dispute(chain, gov, agency, supplier)
    ruling = escrow.resolveDispute.encode_input(order_id, 6_000_000, 4_000_000, b32("ruling"))
    # The escrow's answer to the panel itself, then the Safe's: its inner call failed (GS013).
    with reverts_with(
        escrow.OrderEscrowArbiterConflict, orderId=order_id, member=supplier, orgId=20
    ):
        escrow.resolveDispute.call(
            order_id, 6_000_000, 4_000_000, b32("ruling"), sender=panel.address
        )
    with pytest.raises(Exception, match="GS013"):
        safe_exec(chain, panel, members, escrow.address, ruling)
    assert escrow.order(order_id).disputed


def test_treasury_handed_to_a_kemenkeu_safe_mints_only_within_the_budget_cap(
    chain: Any, accounts: Any, gov: dict[str, Any], fast_forward: Any
) -> None:
    """Issue 15 item 3: the council hands TREASURY from the pilot's account to a 2-of-2
    Kemenkeu Safe through the delay; the Safe mints up to the pagu cap and no further."""
    registry, token = gov["registry"], gov["token"]
    old_treasury, agency = accounts[1], accounts[2]
    owners = [gov["council_keys"][1], accounts[13]]  # Kemenkeu's council member, a deputy
    kemenkeu = new_safe(chain, gov, owners, 2, 105, owners[0])
    treasury = registry.TREASURY_ROLE()
    calls = [
        registry.addAccount.encode_input(kemenkeu.address, 60),
        registry.grantRole.encode_input(treasury, kemenkeu.address),
        registry.revokeRole.encode_input(treasury, old_treasury.address),
    ]
    council_registry_batch(chain, gov, fast_forward, calls, accounts[13])
    assert registry.hasRole(treasury, kemenkeu.address)
    assert not registry.hasRole(treasury, old_treasury.address)

    with reverts_with(
        registry.RegistryUnauthorizedAccount, account=old_treasury, neededRole=treasury
    ):
        token.mint(agency, 1, sender=old_treasury)
    with reverts_with(registry.RegistryUnauthorizedAccount, account=owners[0], neededRole=treasury):
        token.mint(agency, 1, sender=owners[0])
    available = registry.totalAllocatedIdr() - token.totalSupply()
    assert available > 0
    too_much = token.mint.encode_input(agency.address, available + 1)
    with reverts_with(
        token.RupiahTokenMintExceedsBudgets, amountIdr=available + 1, availableIdr=available
    ):
        # The token's answer to the Safe itself (impersonated, so that the revert decodes).
        chain.provider.set_balance(kemenkeu.address, 10**18)
        token.mint(agency.address, available + 1, sender=accounts[kemenkeu.address])
    with pytest.raises(Exception, match="GS013"):
        safe_exec(chain, kemenkeu, owners, token.address, too_much)
    mint = token.mint.encode_input(agency.address, available)
    with pytest.raises(Exception, match="GS020"):  # one Kemenkeu key is not enough
        safe_exec(chain, kemenkeu, owners[:1], token.address, mint)
    before = token.balanceOf(agency)
    receipt = safe_exec(chain, kemenkeu, owners, token.address, mint)
    minted = receipt.events.filter(token.Transfer)[0]
    assert minted.to == agency.address
    assert minted.value == available
    assert token.balanceOf(agency) == before + available
    assert token.totalSupply() == registry.totalAllocatedIdr()


def test_rotating_a_council_key_by_safe_owner_swap(
    chain: Any, accounts: Any, gov: dict[str, Any]
) -> None:
    council, keys = gov["council"], gov["council_keys"]
    old, new = keys[0], accounts[9]
    owners = list(council.getOwners())
    index = owners.index(old.address)
    previous = owners[index - 1] if index else "0x0000000000000000000000000000000000000001"
    swap = council.swapOwner.encode_input(previous, old.address, new.address)
    receipt = safe_exec(chain, council, keys[1:4], council.address, swap)
    assert receipt.events.filter(council.RemovedOwner)[0].owner == old.address
    assert receipt.events.filter(council.AddedOwner)[0].owner == new.address
    timelock, registry = gov["timelock"], gov["registry"]
    call = timelock.schedule.encode_input(str(registry.address), 0, b"", ZERO32, ZERO32, DELAY)
    with pytest.raises(Exception, match="GS026"):  # the old key no longer counts
        safe_exec(chain, council, [keys[1], keys[2], old], timelock.address, call)
    receipt = safe_exec(chain, council, [keys[1], keys[2], new], timelock.address, call)
    assert receipt.events.filter(timelock.CallScheduled)


def test_every_policy_field_has_its_governor_setter_for_bootstrap_and_rantai_gov() -> None:
    """A Policy field added to the Registry must be settable by the council (`rantai gov
    propose set-policy`) and by a participants file (bootstrap): both read POLICY_SETTERS."""
    from py_client.governance import POLICY_SETTERS
    from py_client.receipts import load_abi

    abi = load_abi("Registry")
    (policy,) = [f for f in abi if f.get("type") == "function" and f["name"] == "policy"]
    fields = [c["name"] for c in policy["outputs"][0]["components"]]
    setters = {f["name"]: f for f in abi if f.get("type") == "function"}
    assert sorted(POLICY_SETTERS) == sorted(fields)
    for setter in POLICY_SETTERS.values():
        assert len(setters[setter]["inputs"]) == 1, setter

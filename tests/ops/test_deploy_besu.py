"""`ape run deploy` and `ape run bootstrap` against the Besu emulation, each twice in a row.

A Besu-like anvil (no node keys, london, free gas, chain 1945) behind tools.besu_proxy stands in
for the QBFT network; Ape reaches it as the custom `besu` network of ape-config.yaml, signing with
keyfile accounts unlocked by APE_ACCOUNTS_<alias>_PASSPHRASE, as an operator would.
"""

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from eth_account import Account

from tests.support.besu import start_anvil
from tools.besu_proxy import BesuProxy

ROOT = Path(__file__).resolve().parents[2]
APE = Path(sys.executable).parent / "ape"
DEPLOYER_KEY = "0x" + "42" * 32
TREASURY_KEY = "0x" + "43" * 32
AGENCY = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"


@pytest.fixture(scope="module")
def besu_network(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[BesuProxy, dict[str, str], Path]]:
    work = tmp_path_factory.mktemp("besu-deploy")
    keystore = work / "ape-data" / "accounts"
    keystore.mkdir(parents=True)
    for alias, key in (("rantai_deployer", DEPLOYER_KEY), ("rantai_treasury", TREASURY_KEY)):
        (keystore / f"{alias}.json").write_text(
            json.dumps(Account.encrypt(key, "pw", iterations=2))
        )
    node = start_anvil(work / "anvil.log")
    proxy = BesuProxy(node.url).start()
    env = dict(
        os.environ,
        APE_DATA_FOLDER=str(work / "ape-data"),
        RANTAI_BESU_RPC_URL=proxy.url,
        RANTAI_BESU_CHAIN_ID="1945",
        APE_ACCOUNTS_rantai_deployer_PASSPHRASE="pw",
        APE_ACCOUNTS_rantai_treasury_PASSPHRASE="pw",
    )
    try:
        yield proxy, env, work
    finally:
        proxy.stop()
        node.stop()


def ape_run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(APE), "run", *args, "--network", "ethereum:besu:node"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_deploy_then_bootstrap_twice_sends_nothing_the_second_time(
    besu_network: tuple[BesuProxy, dict[str, str], Path],
) -> None:
    proxy, env, work = besu_network
    deployment = work / "besu.json"
    deployer = Account.from_key(DEPLOYER_KEY).address
    treasury = Account.from_key(TREASURY_KEY).address
    participants = work / "participants.yaml"
    members = [
        (1, "governance", deployer, "governor"),
        (60, "treasury", treasury, "treasury"),
        (10, "agency", AGENCY, "agency"),
    ]
    organisations = "".join(
        f"  - {{id: {org}, kind: {kind}, accounts: [{{address: '{address}', roles: [{role}]}}]}}\n"
        for org, kind, address, role in members
    )
    participants.write_text(
        "organisations:\n"
        + organisations
        + "budgets:\n  - {org: 10, fiscal_year: 2026, ceiling_idr: 5000000000}\n"
        + f"funds:\n  - {{account: '{AGENCY}', balance_idr: 1000000000}}\n"
    )
    deploy_args = ("deploy", "--account", "rantai_deployer", "--file", str(deployment))
    bootstrap_args = ("bootstrap", str(participants), "--file", str(deployment))

    first = ape_run(env, *deploy_args)
    assert first.returncode == 0, first.stdout + first.stderr
    record = json.loads(deployment.read_text())
    assert record["chainId"] == 1945
    assert record["deployer"] == deployer
    booted = ape_run(env, *bootstrap_args)
    assert booted.returncode == 0, booted.stdout + booted.stderr
    assert "bootstrap done" in booted.stdout

    sent = proxy.counts["eth_sendRawTransaction"]
    again = ape_run(env, *deploy_args)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "nothing to do" in again.stdout
    rebooted = ape_run(env, *bootstrap_args)
    assert rebooted.returncode == 0, rebooted.stdout + rebooted.stderr
    assert "bootstrap done: 0 transaction(s) sent" in rebooted.stdout
    assert proxy.counts["eth_sendRawTransaction"] == sent
    assert proxy.counts["eth_sendTransaction"] == 0
    assert json.loads(deployment.read_text()) == record


def test_bootstrap_with_a_bad_entry_sends_nothing(
    besu_network: tuple[BesuProxy, dict[str, str], Path],
) -> None:
    proxy, env, work = besu_network
    bad = work / "bad.yaml"
    bad.write_text("organisations:\n  - {id: 5, kind: ministry}\n")
    sent = proxy.counts["eth_sendRawTransaction"]
    result = ape_run(env, "bootstrap", str(bad), "--file", str(work / "besu.json"))
    assert result.returncode != 0
    assert "organisation 5: unknown kind 'ministry'" in result.stdout + result.stderr
    assert proxy.counts["eth_sendRawTransaction"] == sent


def test_deploy_without_an_operator_key_refuses_the_development_key(
    besu_network: tuple[BesuProxy, dict[str, str], Path],
) -> None:
    """Issue 15: without --account the deployer would be the test mnemonic's first key."""
    proxy, env, work = besu_network
    sent = proxy.counts["eth_sendRawTransaction"] + proxy.counts["eth_sendTransaction"]
    result = ape_run(env, "deploy", "--file", str(work / "refused.json"))
    assert result.returncode != 0
    assert "a well-known development key (test mnemonic)" in result.stdout + result.stderr
    assert proxy.counts["eth_sendRawTransaction"] + proxy.counts["eth_sendTransaction"] == sent
    assert not (work / "refused.json").exists()

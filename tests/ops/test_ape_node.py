"""py_client/ops/ape_node.py: the anvil `make demo` and `make portal` hand to Ape."""

import sys
from pathlib import Path

from eth_account import Account
from eth_account.hdaccount import ETHEREUM_DEFAULT_PATH

from py_client.ops import ape_node
from py_client.ops.localchain import json_rpc

PROBE = """
import json, os, sys, urllib.request
url = os.environ["APE_FOUNDRY_HOST"]
body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "eth_accounts", "params": []}).encode()
request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
accounts = json.loads(urllib.request.urlopen(request).read())["result"]
print(url, len(accounts), accounts[0])
sys.exit(7)
"""


def test_the_command_meets_ape_test_accounts_and_the_node_stops(
    tmp_path: Path, capfd: object
) -> None:
    status = ape_node.run(tmp_path / "anvil.log", [sys.executable, "-c", PROBE])

    assert status == 7  # the command's own status comes back
    url, count, first = capfd.readouterr().out.split()  # type: ignore[attr-defined]
    assert int(count) == ape_node.ape_test_accounts() == 16  # ape-config.yaml's test section
    Account.enable_unaudited_hdwallet_features()
    expected = Account.from_mnemonic(
        ape_node.APE_TEST_MNEMONIC, account_path=ETHEREUM_DEFAULT_PATH
    ).address
    assert first.lower() == expected.lower()  # Ape's accounts.test_accounts[0]
    assert (tmp_path / "anvil.log").read_text()  # anvil's output is kept
    try:
        json_rpc(url, "eth_chainId", timeout_s=2)
    except OSError:
        pass
    else:
        raise AssertionError(f"anvil still answers at {url}")


def test_the_flags_follow_ape_config(tmp_path: Path) -> None:
    config = tmp_path / "ape-config.yaml"
    config.write_text("test:\n  mnemonic: a b c\n  balance: 5000000000000000000\n")

    flags = ape_node.ape_test_flags(config)

    assert flags[flags.index("--mnemonic") + 1] == "a b c"
    assert flags[flags.index("--balance") + 1] == "5"
    assert flags[flags.index("--derivation-path") + 1] == ape_node.APE_TEST_HD_PATH
    assert ape_node.ape_test_accounts(config) == ape_node.APE_TEST_ACCOUNTS


def test_wrong_arguments_get_one_line(capsys: object) -> None:
    assert ape_node.main(["log"]) == 2
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert err.startswith("usage: python -m py_client.ops.ape_node LOG_FILE -- COMMAND")

"""The Besu emulation bites, and py_client works through it.

The node is anvil started Besu-like behind tools.besu_proxy (tests/support/besu.py): QBFT
``extraData``, no node keys, ``eth_getLogs`` capped at 5000 blocks, free gas, chain id 1945.
"""

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import rlp
from web3 import Web3
from web3.contract import Contract
from web3.exceptions import ExtraDataLengthError, Web3RPCError

from py_client import Rantai
from py_client.chain import Chain
from py_client.contract_errors import RegistryUnauthorizedAccount
from py_client.deployment import CONTRACT_NAMES, Deployment
from py_client.errors import ChainIdMismatch, ConfigError
from py_client.reverts import decode_revert
from py_client.sender import Sender
from py_client.settings import Settings
from tests.support.besu import (
    BESU_CHAIN_ID,
    MEMBERS,
    ROOT,
    BesuNode,
    free_port,
    json_rpc,
)
from tests.support.constants import AGENCY_ORG, KIND
from tools.besu_proxy import (
    DEFAULT_MAX_BATCH_SIZE,
    DEFAULT_MAX_LOGS_RANGE,
    QBFT_EXTRA_DATA,
    QBFT_EXTRA_DATA_BYTES,
    BesuProxy,
)

ABI_DIR = Path(__file__).resolve().parents[2] / "py_client" / "abi"
TOKEN_MINTED_IDR = 1_250_000


def post(url: str, payload: Any) -> Any:
    """POST a raw JSON-RPC payload (object or batch array) and return the decoded answer."""
    request = urllib.request.Request(  # noqa: S310 (loopback http only)
        url, json.dumps(payload).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.loads(response.read())


def call(method: str, params: list[Any] | None = None, request_id: int = 1) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": request_id, "method": method, "params": params or []}


def contract(chain: Chain, besu: BesuNode, name: str) -> Contract:
    abi = json.loads((ABI_DIR / f"{name}.json").read_text())
    return chain.w3.eth.contract(address=besu.addresses[name], abi=abi)


def sender_for(besu: BesuNode, role: str) -> Sender:
    chain = Chain.connect(besu.settings(role))
    return Sender(chain, besu.account(role), decode_revert, gas_mode="free", timeout_s=30)


# --- the QBFT extraData ----------------------------------------------------------------------


def test_qbft_extra_data_is_an_rlp_list_of_vanity_validators_vote_round_seals() -> None:
    vanity, validators, vote, round_number, seals = rlp.decode(bytes.fromhex(QBFT_EXTRA_DATA[2:]))
    assert len(vanity) == 32
    assert [len(v) for v in validators] == [20] * 4
    assert vote == []
    assert len(round_number) == 4
    assert [len(s) for s in seals] == [65] * 3  # a quorum of four validators
    assert QBFT_EXTRA_DATA_BYTES > 32


@pytest.mark.parametrize("method", ["eth_getBlockByNumber", "eth_getBlockByHash"])
def test_blocks_through_the_proxy_carry_qbft_length_extra_data(besu: BesuNode, method: str) -> None:
    latest = besu.rpc("eth_getBlockByNumber", ["latest", False])
    block = besu.rpc(method, [latest["number"] if "Number" in method else latest["hash"], True])
    assert block["extraData"] == QBFT_EXTRA_DATA
    assert (len(block["extraData"]) - 2) // 2 > 32
    # Upstream anvil itself has an empty extraData: the length comes from the proxy.
    upstream = json_rpc(besu.upstream_url, "eth_getBlockByNumber", [latest["number"], False])
    assert upstream["extraData"] == "0x"


def test_client_chain_reads_besu_blocks_with_the_poa_middleware(besu: BesuNode) -> None:
    chain = Chain.connect(besu.settings())
    block = chain.w3.eth.get_block("latest")
    assert chain.chain_id == BESU_CHAIN_ID
    assert len(block["proofOfAuthorityData"]) == QBFT_EXTRA_DATA_BYTES
    assert block["baseFeePerGas"] == 0


def test_plain_web3_without_the_poa_middleware_fails_on_besu_blocks(besu: BesuNode) -> None:
    plain = Web3(Web3.HTTPProvider(besu.rpc_url))
    with pytest.raises(ExtraDataLengthError):
        plain.eth.get_block("latest")
    # The same web3 reads the upstream anvil fine: the emulation is what bites.
    assert Web3(Web3.HTTPProvider(besu.upstream_url)).eth.get_block("latest")["number"] >= 0


# --- no node keys ------------------------------------------------------------------------------


def test_eth_sendTransaction_is_rejected_with_besus_error(besu: BesuNode) -> None:
    governor = besu.account("governor").address
    nonce_before = besu.rpc("eth_getTransactionCount", [governor, "latest"])
    answer = post(besu.rpc_url, call("eth_sendTransaction", [{"from": governor, "to": governor}]))
    assert answer["error"]["code"] == -32604
    assert "Use eth_sendRawTransaction" in answer["error"]["message"]
    assert besu.rpc("eth_getTransactionCount", [governor, "latest"]) == nonce_before
    assert besu.proxy.rejected["eth_sendTransaction"] == 1


def test_web3_send_transaction_raises_on_besu(besu: BesuNode) -> None:
    w3 = Chain.connect(besu.settings()).w3
    governor = besu.account("governor").address
    with pytest.raises(Web3RPCError, match="eth_sendTransaction is not supported"):
        w3.eth.send_transaction({"from": governor, "to": governor, "gas": 21_000, "gasPrice": 0})


@pytest.mark.parametrize(
    ("method", "params"),
    [
        ("eth_accounts", []),
        ("eth_sign", ["0x" + "11" * 20, "0x00"]),
        ("eth_signTransaction", [{"from": "0x" + "11" * 20}]),
        ("personal_sign", ["0x00", "0x" + "11" * 20, ""]),
        ("personal_unlockAccount", ["0x" + "11" * 20, "", 0]),
        ("anvil_impersonateAccount", ["0x" + "11" * 20]),
    ],
)
def test_methods_needing_node_keys_are_not_found(
    besu: BesuNode, method: str, params: list[Any]
) -> None:
    answer = post(besu.rpc_url, call(method, params))
    assert answer["error"] == {"code": -32601, "message": "Method not found"}
    assert besu.proxy.rejected[method] == 1


def test_accounts_answer_empty_is_besus_exact_answer(besu: BesuNode) -> None:
    with BesuProxy(besu.upstream_url, accounts_answer="empty") as lenient:
        assert json_rpc(lenient.url, "eth_accounts") == []


# --- eth_getLogs cap ---------------------------------------------------------------------------


def test_get_logs_range_is_capped_at_5000_blocks_as_besu_compares_it(besu: BesuNode) -> None:
    besu.mine(DEFAULT_MAX_LOGS_RANGE + 2)
    w3 = Chain.connect(besu.settings()).w3
    head = w3.eth.block_number
    assert head > DEFAULT_MAX_LOGS_RANGE + 1
    assert w3.eth.get_logs({"fromBlock": 1, "toBlock": 1 + DEFAULT_MAX_LOGS_RANGE}) is not None
    assert besu.proxy.largest_logs_range == DEFAULT_MAX_LOGS_RANGE
    with pytest.raises(Web3RPCError, match="Requested range exceeds maximum RPC range limit"):
        w3.eth.get_logs({"fromBlock": 0, "toBlock": 1 + DEFAULT_MAX_LOGS_RANGE})
    # Tags are resolved against the head: earliest..latest spans the whole chain.
    answer = post(besu.rpc_url, call("eth_getLogs", [{"fromBlock": "earliest"}]))
    assert answer["error"]["code"] == -32005
    # A block hash filter has no range.
    block_hash = besu.rpc("eth_getBlockByNumber", ["latest", False])["hash"]
    assert besu.rpc("eth_getLogs", [{"blockHash": block_hash}]) == []
    assert besu.proxy.rejected["eth_getLogs"] == 2
    assert besu.proxy.largest_logs_range == DEFAULT_MAX_LOGS_RANGE

    # The client reads events over the whole chain in chunks Besu accepts.
    besu.proxy.reset_counts()
    client = Rantai.connect(besu.settings(), env_file=None)
    registered = client.logs("Registry", "OrganisationRegistered")
    assert sorted(e["args"]["orgId"] for e in registered) == sorted(m[0] for m in MEMBERS)
    assert besu.proxy.counts["eth_getLogs"] >= 2
    assert not besu.proxy.rejected
    assert besu.proxy.largest_logs_range < DEFAULT_MAX_LOGS_RANGE


def test_get_logs_within_the_cap_returns_the_pilots_events(besu: BesuNode) -> None:
    registry = besu.addresses["Registry"]
    logs = besu.rpc("eth_getLogs", [{"fromBlock": "earliest", "address": registry}])
    assert len(logs) > len(KIND)  # organisations, accounts and roles of the bootstrap


# --- batches -----------------------------------------------------------------------------------


def test_batch_arrays_are_answered_per_member_with_the_emulation_applied(besu: BesuNode) -> None:
    governor = besu.account("governor").address
    batch = [
        call("eth_chainId", request_id=7),
        call("eth_sendTransaction", [{"from": governor}], request_id="tx"),
        call("eth_getBlockByNumber", ["latest", False], request_id=9),
        call("eth_accounts", request_id=10),
        call("eth_blockNumber", request_id=11),
    ]
    answers = post(besu.rpc_url, batch)
    by_id = {answer["id"]: answer for answer in answers}
    assert sorted(by_id, key=str) == sorted([7, "tx", 9, 10, 11], key=str)
    assert int(by_id[7]["result"], 16) == BESU_CHAIN_ID
    assert by_id["tx"]["error"]["code"] == -32604
    assert by_id[9]["result"]["extraData"] == QBFT_EXTRA_DATA
    assert by_id[10]["error"]["code"] == -32601
    assert int(by_id[11]["result"], 16) >= 1
    assert besu.proxy.counts["eth_chainId"] == 1


def test_a_batch_of_presigned_raw_transactions_is_mined(besu: BesuNode) -> None:
    chain = Chain.connect(besu.settings())
    token = contract(chain, besu, "RupiahToken")
    treasury = besu.account("treasury")
    supplier = besu.account("supplier").address
    nonce = chain.w3.eth.get_transaction_count(treasury.address)
    raws = []
    for offset in range(3):
        tx = token.functions.mint(supplier, 1_000).build_transaction(
            {"from": treasury.address, "nonce": nonce + offset, "gas": 200_000, "gasPrice": 0}
        )
        raws.append(treasury.sign_transaction(tx).raw_transaction.to_0x_hex())
    batch = [call("eth_sendRawTransaction", [raw], request_id=i) for i, raw in enumerate(raws)]
    answers = post(besu.rpc_url, batch)
    assert all("result" in answer for answer in answers), answers
    for answer in answers:
        assert chain.w3.eth.wait_for_transaction_receipt(answer["result"], 10)["status"] == 1
    assert token.functions.balanceOf(supplier).call() == 3_000


def test_batches_beyond_besus_limit_and_empty_batches_are_refused(besu: BesuNode) -> None:
    too_many = [call("eth_chainId", request_id=i) for i in range(DEFAULT_MAX_BATCH_SIZE + 1)]
    assert post(besu.rpc_url, too_many)["error"]["code"] == -32005
    assert post(besu.rpc_url, [])["error"]["code"] == -32600


def test_malformed_json_gets_besus_parse_error(besu: BesuNode) -> None:
    request = urllib.request.Request(  # noqa: S310 (loopback http only)
        besu.rpc_url, b"{not json", {"Content-Type": "application/json"}
    )
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=10)  # noqa: S310
    assert caught.value.code == 400
    assert json.loads(caught.value.read())["error"]["code"] == -32700


def test_notifications_in_a_batch_get_no_answer(besu: BesuNode) -> None:
    notification = {"jsonrpc": "2.0", "method": "eth_blockNumber", "params": []}
    answers = post(besu.rpc_url, [notification, call("eth_chainId", request_id=3)])
    assert [answer["id"] for answer in answers] == [3]


def test_proxy_needs_only_the_standard_library() -> None:
    code = (
        "import sys, tools.besu_proxy;"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('ape', 'web3'));"
        "print(loaded); sys.exit(1 if loaded else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_proxy_runs_from_the_command_line(besu: BesuNode) -> None:
    port = free_port()
    command = [sys.executable, "-m", "tools.besu_proxy", "--upstream", besu.upstream_url]
    process = subprocess.Popen([*command, "--port", str(port)], cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                chain_id = json_rpc(url, "eth_chainId")
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.1)
        assert int(chain_id, 16) == BESU_CHAIN_ID
        answer = post(url, call("eth_sendTransaction", [{}]))
        assert answer["error"]["code"] == -32604
    finally:
        process.terminate()
        process.wait(timeout=10)


# --- py_client on the Besu-like node -------------------------------------------------------------


def test_client_sends_raw_transactions_at_gas_price_zero_and_never_eth_sendTransaction(
    besu: BesuNode,
) -> None:
    treasury = sender_for(besu, "treasury")
    governor = sender_for(besu, "governor")
    token = contract(treasury.chain, besu, "RupiahToken")
    registry = contract(governor.chain, besu, "Registry")
    supplier = besu.account("supplier").address

    minted = treasury.transact(token.functions.mint(supplier, TOKEN_MINTED_IDR))
    registered = governor.transact(
        registry.functions.registerOrganisation(99, KIND["Supplier"], (99).to_bytes(32, "big"))
    )

    for receipt in (minted, registered):
        assert receipt["status"] == 1
        assert receipt["effectiveGasPrice"] == 0
        assert treasury.chain.w3.eth.get_transaction(receipt["transactionHash"])["gasPrice"] == 0
    assert token.functions.balanceOf(supplier).call() == TOKEN_MINTED_IDR
    assert registry.functions.organisation(99).call()[0] == KIND["Supplier"]
    # Free gas for real: nobody on this node holds any ether.
    assert treasury.chain.w3.eth.get_balance(treasury.address) == 0
    assert besu.proxy.counts["eth_sendRawTransaction"] == 2
    assert besu.proxy.counts["eth_sendTransaction"] == 0
    assert besu.proxy.counts["eth_accounts"] == 0
    assert not besu.proxy.rejected


def test_client_auto_gas_mode_detects_free_gas_on_besu(besu: BesuNode) -> None:
    chain = Chain.connect(besu.settings(gas_mode="auto"))
    assert chain.fee_fields("auto") == {"gasPrice": 0}


def test_client_typed_revert_through_the_proxy_sends_nothing(besu: BesuNode) -> None:
    outsider = sender_for(besu, "outsider")
    token = contract(outsider.chain, besu, "RupiahToken")
    with pytest.raises(RegistryUnauthorizedAccount) as caught:
        outsider.transact(token.functions.mint(outsider.address, 1))
    assert caught.value.account == outsider.address
    assert besu.proxy.counts["eth_sendRawTransaction"] == 0


def test_chain_id_mismatch_is_a_clear_error_before_anything_is_sent(besu: BesuNode) -> None:
    settings = Settings.from_env(
        env_file=None,
        environ={
            "RANTAI_RPC_URL": besu.rpc_url,
            "RANTAI_CHAIN_ID": "31337",
            "RANTAI_GAS_MODE": "free",
            "RANTAI_PRIVATE_KEY": besu.keys["treasury"],
        },
    )
    with pytest.raises(ChainIdMismatch) as caught:
        Chain.connect(settings)
    assert str(caught.value) == (
        "chain id mismatch: RANTAI_CHAIN_ID expects 31337, the node reports 1945; nothing was sent"
    )
    assert (caught.value.expected, caught.value.actual) == (31337, BESU_CHAIN_ID)
    assert set(besu.proxy.counts) == {"eth_chainId"}


def test_client_refuses_a_deployment_file_of_another_chain_before_sending(
    besu: BesuNode, tmp_path: Path
) -> None:
    settings = besu.settings("treasury")
    with pytest.raises(ConfigError, match="RANTAI_CHAIN_ID is 31337 but the deployment file"):
        Rantai.connect(replace(settings, chain_id=31337))
    local = json.loads(besu.deployment_file.read_text()) | {"chainId": 31337}
    (tmp_path / "local.json").write_text(json.dumps(local))
    with pytest.raises(ChainIdMismatch, match="expects 31337, the node reports 1945"):
        Rantai.connect(replace(settings, chain_id=None, deployment=str(tmp_path / "local.json")))
    assert besu.proxy.counts["eth_sendRawTransaction"] == 0
    assert besu.proxy.counts["eth_estimateGas"] == 0


# --- the node and its deployment ---------------------------------------------------------------


def test_deployment_file_describes_the_contracts_on_the_besu_node(besu: BesuNode) -> None:
    deployment = Deployment.load(str(besu.deployment_file))
    data = json.loads(besu.deployment_file.read_text())
    w3 = Chain.connect(besu.settings()).w3
    assert deployment.chain_id == BESU_CHAIN_ID
    assert data["compiler"]["evmVersion"] == "london"
    for name in CONTRACT_NAMES:
        code = w3.eth.get_code(deployment.address(name))
        assert Web3.keccak(code).to_0x_hex() == data["contracts"][name]["runtimeCodeHash"]
        receipt = w3.eth.get_transaction_receipt(data["contracts"][name]["transactionHash"])
        assert receipt["contractAddress"] == deployment.address(name)
        assert receipt["effectiveGasPrice"] == 0


def test_pilot_is_bootstrapped_like_the_ape_session(besu: BesuNode) -> None:
    chain = Chain.connect(besu.settings())
    token = contract(chain, besu, "RupiahToken")
    registry = contract(chain, besu, "Registry")
    agency = besu.account("agency").address
    assert token.functions.balanceOf(agency).call() > 0
    assert registry.functions.hasRole(registry.functions.AGENCY_ROLE().call(), agency).call()
    assert registry.functions.orgOf(agency).call() == AGENCY_ORG


def test_time_moves_forward_through_the_proxy(besu: BesuNode) -> None:
    before = besu.rpc("eth_getBlockByNumber", ["latest", False])
    besu.fast_forward(3 * 86_400)
    after = besu.rpc("eth_getBlockByNumber", ["latest", False])
    assert int(after["timestamp"], 16) - int(before["timestamp"], 16) >= 3 * 86_400


def test_the_node_runs_london_with_zero_fees_no_ether_and_no_keys(besu: BesuNode) -> None:
    info = besu.rpc("anvil_nodeInfo")
    block = besu.rpc("eth_getBlockByNumber", ["latest", False])
    assert info["hardFork"].lower() == "london"
    assert int(block["baseFeePerGas"], 16) == 0
    assert besu.rpc("eth_gasPrice") == "0x0"
    for role in ("governor", "agency", "supplier"):
        assert besu.rpc("eth_getBalance", [besu.account(role).address, "latest"]) == "0x0"
    # Behind the proxy, anvil itself holds no key: nothing could be signed by the node.
    assert json_rpc(besu.upstream_url, "eth_accounts") == []

"""py_client.sender on a real node: local nonces, patient receipts, re-broadcast, timeout.

The Ape plugin's anvil runs with automine; these tests switch it off to hold transactions in the
pool (and drop them from it, as a node that lost them would), and switch it back on after.
"""

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from web3.types import TxParams

from py_client.chain import Chain
from py_client.errors import TransactionTimeout
from py_client.receipts import load_abi
from py_client.reverts import decode_revert
from py_client.sender import Sender
from py_client.settings import Settings
from py_client.signers import from_private_key


@pytest.fixture
def chain_client(rpc_url: str) -> Chain:
    return Chain.connect(Settings(rpc_url=rpc_url))


@pytest.fixture
def manual_mining(chain_client: Chain) -> Iterator[Chain]:
    provider: Any = chain_client.w3.provider
    provider.make_request("evm_setAutomine", [False])
    try:
        yield chain_client
    finally:
        provider.make_request("evm_setAutomine", [True])


def escrow_approval(chain: Chain, system: dict[str, Any], amount: int) -> TxParams:
    """An unsigned ``approve(escrow, amount)`` of the Rupiah token."""
    token_address = str(system["token"].address)
    token = chain.w3.eth.contract(address=token_address, abi=load_abi("RupiahToken"))
    call = token.functions.approve(str(system["escrow"].address), amount)
    return {"to": token_address, "data": call._encode_transaction_data(), "gas": 100_000}


def sender_for(chain: Chain, key: str, **kwargs: Any) -> Sender:
    return Sender(chain, from_private_key(key), decode_revert, gas_mode="free", **kwargs)


def mine_soon(chain: Chain, after_s: float) -> threading.Thread:
    def _mine() -> None:
        time.sleep(after_s)
        chain.w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]

    thread = threading.Thread(target=_mine)
    thread.start()
    return thread


def test_nonces_are_tracked_locally_for_transactions_in_flight(
    manual_mining: Chain, system: dict[str, Any], agency: Any, private_key: Any
) -> None:
    sender = sender_for(manual_mining, private_key(agency))
    start = manual_mining.w3.eth.get_transaction_count(agency.address)
    hashes = [sender.send(escrow_approval(manual_mining, system, n))[1] for n in (1, 2, 3)]
    nonces = [manual_mining.w3.eth.get_transaction(h)["nonce"] for h in hashes]
    assert nonces == [start, start + 1, start + 2]
    mine_soon(manual_mining, 0.1).join()
    receipts = [sender.wait(h) for h in hashes]
    assert [r["status"] for r in receipts] == [1, 1, 1]


def test_a_dropped_transaction_is_re_broadcast_with_the_same_bytes(
    manual_mining: Chain, system: dict[str, Any], agency: Any, private_key: Any
) -> None:
    sender = sender_for(manual_mining, private_key(agency), rebroadcast_after_s=0.2, timeout_s=10)
    raw, tx_hash = sender.send(escrow_approval(manual_mining, system, 7))
    provider: Any = manual_mining.w3.provider
    provider.make_request("anvil_dropTransaction", [tx_hash])
    assert provider.make_request("eth_getTransactionByHash", [tx_hash])["result"] is None
    miner = mine_soon(manual_mining, 0.6)  # after the re-broadcast put it back in the pool
    receipt = sender.wait(tx_hash, raw)
    miner.join()
    assert receipt["status"] == 1
    assert "0x" + bytes(receipt["transactionHash"]).hex() == tx_hash


def test_no_receipt_in_time_raises_TransactionTimeout_naming_the_hash(
    manual_mining: Chain, system: dict[str, Any], agency: Any, private_key: Any
) -> None:
    sender = sender_for(manual_mining, private_key(agency), rebroadcast_after_s=0.1, timeout_s=0.5)
    raw, tx_hash = sender.send(escrow_approval(manual_mining, system, 9))
    with pytest.raises(TransactionTimeout, match=f"no receipt for transaction {tx_hash}"):
        sender.wait(tx_hash, raw)
    manual_mining.w3.provider.make_request("anvil_dropTransaction", [tx_hash])  # type: ignore[arg-type]

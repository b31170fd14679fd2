"""py_client/ops/localchain.py: the states anvil keeps on disk stay beside the node and go."""

from pathlib import Path

from py_client.ops import localchain


def test_the_states_stay_beside_the_log_and_go_when_the_node_stops(tmp_path: Path) -> None:
    log_file = tmp_path / "anvil.log"
    stale = tmp_path / "anvil-states-killed"  # what a node killed with its parent leaves
    (stale / "state").mkdir(parents=True)

    node = localchain.start_anvil(log_file)
    try:
        assert not stale.exists()  # a new node of this log clears a killed one's states
        assert node.states_dir is not None
        assert node.states_dir.parent == tmp_path
        assert node.states_dir.is_dir()
        flag = node.command.index("--cache-path")
        assert node.command[flag + 1] == str(node.states_dir)  # not ~/.foundry/anvil/tmp
        assert int(node.rpc("eth_chainId"), 16) == localchain.BESU_CHAIN_ID
    finally:
        node.stop()
    assert not node.states_dir.exists()
    assert node.process.poll() is not None
    node.stop()  # a second stop is harmless


LOGGER_INIT = "0x6006600c60003960066000f3" + "60006000a000"
"""Creation code of a contract whose runtime is ``LOG0(0, 0); STOP``: one log per call."""


def test_a_pruned_history_node_still_returns_every_log(tmp_path: Path) -> None:
    """``--prune-history`` drops old *states* only: blocks, receipts and logs stay, so the
    benchmark can generate with it and index from the same node (bench/bench_index.py)."""
    node = localchain.start_anvil(tmp_path / "anvil.log", accounts=1, prune_history=True)
    try:
        assert "--prune-history" in node.command
        sender = node.rpc("eth_accounts")[0]
        node.rpc("evm_setAutomine", [False])  # blocks only from evm_mine: no race on receipts
        deploy = {"from": sender, "data": LOGGER_INIT, "gasPrice": "0x0"}
        created = node.rpc("eth_sendTransaction", [deploy])
        node.rpc("evm_mine")
        logger = node.rpc("eth_getTransactionReceipt", [created])["contractAddress"]
        blocks, per_block = 300, 2  # logs of blocks far behind the head, too
        for _ in range(blocks):
            for _ in range(per_block):
                node.rpc("eth_sendTransaction", [{"from": sender, "to": logger, "gasPrice": "0x0"}])
            node.rpc("evm_mine")
        head = int(node.rpc("eth_blockNumber"), 16)
        logs = node.rpc("eth_getLogs", [{"fromBlock": "0x0", "toBlock": hex(head)}])
        assert len(logs) == blocks * per_block
        assert {log["address"].lower() for log in logs} == {logger.lower()}
        assert len({int(log["blockNumber"], 16) for log in logs}) == blocks
        oldest = int(logs[0]["blockNumber"], 16)  # the oldest block's logs, asked alone
        alone = node.rpc("eth_getLogs", [{"fromBlock": hex(oldest), "toBlock": hex(oldest)}])
        assert len(alone) == per_block
    finally:
        node.stop()

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

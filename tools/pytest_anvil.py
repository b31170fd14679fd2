"""pytest plugin: each test process gets its anvil from py_client/ops, not from Ape.

Ape's foundry plugin gives anvil one 20-second try on an unprobed random port and throws its
output away; on a loaded machine one slow start fails a whole run (it failed a CI run's
`make demo`). This plugin starts the node the way `make demo` does
(:mod:`py_client.ops.ape_node`: a probed free port, several attempts, a log file, Ape's test
accounts) before Ape connects, and points Ape at it with ``APE_FOUNDRY_HOST``; Ape then
connects to the running node and the plugin stops it when the process ends.

Each pytest-xdist worker starts its own node; the controller, which runs no test, starts none.
A node given from outside (``APE_FOUNDRY_HOST`` already set) is used as it is. Loaded for every
run by ``addopts`` in pyproject.toml.
"""

import atexit
import os
from pathlib import Path

import pytest

from py_client.ops import ape_node
from py_client.ops.localchain import ROOT, LocalChain, start_anvil

_node: LocalChain | None = None


def _runs_tests(config: pytest.Config) -> bool:
    """False for the pytest-xdist controller (its workers run the tests)."""
    if hasattr(config, "workerinput"):
        return True
    return not getattr(config.option, "numprocesses", None)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    global _node
    if "APE_FOUNDRY_HOST" in os.environ or not _runs_tests(config):
        return
    worker = getattr(config, "workerinput", {}).get("workerid", "main")
    log_file = Path(ROOT / "out" / "test-nodes" / f"anvil-{worker}.log")
    log_file.parent.mkdir(parents=True, exist_ok=True)
    log_file.write_bytes(b"")
    _node = start_anvil(
        log_file,
        chain_id=ape_node.ANVIL_CHAIN_ID,
        accounts=ape_node.ape_test_accounts(),
        extra=ape_node.ape_test_flags(),
    )
    os.environ["APE_FOUNDRY_HOST"] = _node.url
    atexit.register(_node.stop)  # also when the worker ends without unconfigure


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    global _node
    if _node is not None:
        _node.stop()
        os.environ.pop("APE_FOUNDRY_HOST", None)
        _node = None

"""Fixtures of the operations tests (py_client/ops/: deploy, bootstrap, the local chain;
network/besu/): none of their own; each test deploys on its own node or the session's chain
(root conftest) and starts what it needs (tests/support/besu.py: `start_anvil`).
"""

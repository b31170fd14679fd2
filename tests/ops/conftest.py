"""Fixtures of the operations tests (tools/deploy.py, tools/bootstrap.py, py_client/ops/,
network/besu/): none of their own; each test deploys on its own node or the session's chain
(root conftest) and starts what it needs (tests/support/besu.py: `start_anvil`).
"""

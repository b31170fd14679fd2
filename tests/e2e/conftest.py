"""Fixtures of the end-to-end tests (whole lifecycles, `make demo`, the integration kit):
the root conftest's pilot, `rpc_url` / `deployment_file` and the Besu-like `besu` node.
"""

"""Fixtures of the client tests (py_client: connect, roles, errors, salts, sender, settings).

Their fixtures are shared with other folders and live in the root conftest: `connect`, `world`,
`salt_dir` (a `Rantai` per role on the session pilot), `besu_node` / `besu` (the Besu-like node),
`rantai` (the CLI, for the adendum tests). Helpers: tests/support/client.py (`World`,
`goods_line`...), tests/support/besu.py.
"""

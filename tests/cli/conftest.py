"""Fixtures of the CLI tests (py_client/cli): the root conftest's `rantai`, `cli_env`,
`write_json`, `document` and `pilot` (shared with the bulk, documents and docs tests).
Helpers: tests/support/cli.py (`Run`, `Pilot`).
"""

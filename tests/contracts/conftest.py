"""Fixtures of the contract tests (contracts/*.sol through Ape): none of their own.

They use the root conftest's session pilot (role accounts, `registry`, `token`, `tendering`,
`escrow`, `tracking`, `system`, `fast_forward`), module-scoped fixtures of each test file, and the
plain helpers of tests/support/ (`escrow`, `tendering`, `tracking`, `registry`, `reverts`,
`examples` for the hypothesis example counts).
"""

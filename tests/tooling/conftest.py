"""Fixtures of the toolchain and docs tests (solc wrapper, coverage plugin, mutation tool,
docs examples, the test tree itself): the root conftest's `pilot` for the docs examples.
"""

"""Fixtures of the document tests (py_client/documents): the root conftest's `connect` /
`world` and `rantai` / `pilot`, and module fixtures of each file. Helpers:
tests/support/documents.py (`forge_envelope`); `fixtures/envelope-v1.bin` is a version 1 envelope.
"""

"""Fixtures of the document tests (py_client/documents): the root conftest's `connect` /
`world` and `rantai` / `pilot`, `document_world` below, and module fixtures of each file. Helpers:
tests/support/documents.py (`forge_envelope`, `save_key_files`); `fixtures/envelope-v1.bin` is a
version 1 envelope.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from py_client import Rantai, Settings
from tests.support.client import GAS_MODE, World
from tests.support.documents import PASSWORD, DocumentWorld


@pytest.fixture
def document_world(
    chain: Any,
    rpc_url: str,
    deployment_file: Path,
    private_key: Callable[[Any], str],
    salt_dir: Path,
    fast_forward: Callable[[int], None],
) -> DocumentWorld:
    """`document_world(people, key_files, store_dir)`: clients per named account whose
    ``documents`` use the account's key file (`key_files[name]`) and the shared store."""

    def build(people: dict[str, Any], key_files: dict[str, Path], store_dir: Path) -> World:
        names = {str(a.address): n for n, a in people.items()}

        def connect(account: Any = None, *, preflight: bool = True) -> Rantai:
            settings = Settings(
                rpc_url=rpc_url,
                chain_id=chain.chain_id,
                deployment=str(deployment_file),
                private_key=private_key(account),
                gas_mode=GAS_MODE,
                encryption_key=key_files[names[str(account.address)]],
                encryption_key_password=PASSWORD,
                document_store=str(store_dir),
            )
            return Rantai.connect(settings, preflight=preflight, salt_dir=str(salt_dir))

        return World(connect, people, fast_forward, {})

    return build

"""Helpers of the document tests: envelopes put together by hand, key files for role accounts."""

import secrets
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from py_client.documents import KeyRing
from py_client.documents import envelope as envelope_module
from py_client.documents.envelope_v1 import canonical
from py_client.documents.wrap import Stanza, body_key_of, commitment_of
from tests.support.client import World

PASSWORD = "sandi rahasia peserta"
FAST_N = 2**10  # a cheap scrypt cost: the key files of the tests need no protection

# `document_world(people, key_files, store_dir)` (tests/documents/conftest.py)
DocumentWorld = Callable[[dict[str, Any], dict[str, Path], Path], World]


def save_key_files(folder: Path, names: Iterable[str]) -> dict[str, Path]:
    """A new key file per name in `folder`, sealed with PASSWORD (no account recorded:
    publishing checks nothing)."""
    return {
        name: KeyRing.generate().save(folder / f"{name}.json", PASSWORD, scrypt_n=FAST_N)
        for name in names
    }


def forge_envelope(
    content_key: bytes,
    stanzas: list[Stanza],
    inner: dict[str, object],
    content: bytes,
    *,
    commitment: bytes | None = None,
    body_key: bytes | None = None,
) -> bytes:
    """A version 2 envelope put together by hand, as a faulty or malicious sender could."""
    nonce = secrets.token_bytes(12)
    header = canonical(
        {
            "commitment": (commitment or commitment_of(content_key)).hex(),
            "nonce": nonce.hex(),
            "recipients": [s.to_json() for s in stanzas],
            "suite": envelope_module.SUITE,
        }
    )
    body = AESGCM(body_key or body_key_of(content_key)).encrypt(
        nonce, canonical(inner) + b"\n" + content, envelope_module.MAGIC + header
    )
    return envelope_module.MAGIC + header + b"\n" + body

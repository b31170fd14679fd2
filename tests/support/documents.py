"""Helpers of the document tests: envelopes put together by hand."""

import secrets

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from py_client.documents import envelope as envelope_module
from py_client.documents.envelope_v1 import canonical
from py_client.documents.wrap import Stanza, body_key_of, commitment_of


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

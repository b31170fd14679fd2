"""Reading envelope version 1 (``RANTAI-ENVELOPE/1``), written before version 2 existed.

Version 1 wraps the content key per recipient with a construction of its own: an ephemeral
X25519 key, HKDF-SHA256 of the shared secret (info: a label, the suite, the ephemeral and the
recipient's key) into an AES-256-GCM key and nonce, the content key wrapped with the suite, the
body nonce and the account as associated data. The content key encrypts the body directly and
nothing commits to it. New envelopes are version 2 (:mod:`~py_client.documents.envelope`); this
module only parses and unwraps version 1, so documents already recorded on chain stay readable.
Their bytes never change: the chain records their hash.
"""

import json
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from py_client.documents.keys import EncryptionKey

MAGIC_V1 = b"RANTAI-ENVELOPE/1\n"
SUITE_V1 = "X25519-HKDF-SHA256/AES-256-GCM"
_WRAP_INFO = b"rantai envelope v1 key wrap"


def parse_entry_v1(entry: dict[str, Any]) -> dict[str, Any]:
    """A version 1 recipient entry with its hex fields decoded.

    Raises:
        ValueError, KeyError, TypeError: It is malformed.
    """
    parsed = {
        "account": str(entry["account"]),
        "key": bytes.fromhex(entry["key"]),
        "ephemeral": bytes.fromhex(entry["ephemeral"]),
        "wrapped": bytes.fromhex(entry["wrapped"]),
    }
    if len(parsed["key"]) != 32 or len(parsed["ephemeral"]) != 32:
        raise ValueError("a recipient entry has a key of the wrong size")
    return parsed


def unwrap_v1(key: EncryptionKey, nonce: bytes, entry: dict[str, Any]) -> bytes:
    """The content key of a version 1 entry (the body nonce is part of its associated data).

    Raises:
        ValueError: It does not authenticate, or the ephemeral key is of low order.
    """
    try:
        shared = key.exchange(entry["ephemeral"])
        okm = HKDF(
            algorithm=hashes.SHA256(),
            length=44,
            salt=None,
            info=_WRAP_INFO + SUITE_V1.encode() + entry["ephemeral"] + entry["key"],
        ).derive(shared)
        aad = SUITE_V1.encode() + nonce + bytes.fromhex(entry["account"][2:])
        content_key = AESGCM(okm[:32]).decrypt(okm[32:], entry["wrapped"], aad)
    except InvalidTag as err:
        raise ValueError("the wrapped key does not authenticate") from err
    if len(content_key) != 32:
        raise ValueError("the wrapped content key has the wrong size")
    return content_key


def canonical(value: Any) -> bytes:
    """Canonical JSON as both versions write their headers (sorted keys, ASCII, no spaces)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


__all__ = ["MAGIC_V1", "SUITE_V1", "canonical", "parse_entry_v1", "unwrap_v1"]

"""The per-recipient key wrap of envelope version 2: RFC 9180 HPKE and the key commitment.

Each recipient entry ("stanza") is one HPKE single-shot encryption in base mode with
DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and AES-256-GCM, done by ``cryptography``'s
:mod:`~cryptography.hazmat.primitives.hpke` (nothing is implemented here). The plaintext is the
envelope's 32-byte content key; the HPKE ``info`` binds the stanza to what it is for:

- in an envelope: ``b"RANTAI-ENVELOPE/2 recipient\\x00" || account (20 bytes) || commitment``;
- in a grant file (a key re-wrapped later, :mod:`~py_client.documents.grants`):
  ``b"RANTAI-GRANT/1 recipient\\x00" || account (20 bytes) || keccak256(envelope)``.

The content key is never used directly: HMAC-SHA256 under it derives the body's AES-256-GCM key
and the *key commitment* stored in the authenticated header. A reader checks the commitment
before decrypting, so an envelope opens under one content key only (AES-GCM alone does not
commit to its key: a crafted ciphertext can authenticate under two keys).

Example::

    >>> from py_client.documents.keys import EncryptionKey
    >>> alice, key = EncryptionKey.generate(), bytes(32)
    >>> stanza = wrap(key, "0x" + "aa" * 20, alice.public_bytes, commitment_of(key))
    >>> unwrap(alice, stanza, commitment_of(key)) == key
    True
"""

import hmac
from dataclasses import dataclass
from hashlib import sha256

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from py_client.documents.keys import EncryptionKey

SUITE_V2 = "HPKE-base/DHKEM-X25519-HKDF-SHA256/HKDF-SHA256/AES-256-GCM"
"""The suite string of envelope version 2 and of grant files."""
ENVELOPE_LABEL = b"RANTAI-ENVELOPE/2 recipient\x00"
GRANT_LABEL = b"RANTAI-GRANT/1 recipient\x00"
CONTENT_KEY_BYTES = 32
ENC_BYTES = 32
WRAPPED_BYTES = CONTENT_KEY_BYTES + 16
_COMMITMENT_LABEL = b"RANTAI-ENVELOPE/2 key commitment"
_BODY_KEY_LABEL = b"RANTAI-ENVELOPE/2 body key"
_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)


@dataclass(frozen=True)
class Stanza:
    """A content key wrapped for one account's X25519 key (HPKE ``enc`` and ciphertext)."""

    account: str
    key: bytes
    enc: bytes
    wrapped: bytes

    def to_json(self) -> dict[str, str]:
        """The stanza as it appears in a header or a grant file (hex strings)."""
        return {
            "account": self.account,
            "enc": self.enc.hex(),
            "key": self.key.hex(),
            "wrapped": self.wrapped.hex(),
        }


def commitment_of(content_key: bytes) -> bytes:
    """The key commitment of ``content_key``: ``HMAC-SHA256(key, label)`` (32 bytes)."""
    return hmac.digest(content_key, _COMMITMENT_LABEL, sha256)


def body_key_of(content_key: bytes) -> bytes:
    """The AES-256-GCM key of the body: ``HMAC-SHA256(key, another label)``."""
    return hmac.digest(content_key, _BODY_KEY_LABEL, sha256)


def wrap(
    content_key: bytes, account: str, public: bytes, binding: bytes, label: bytes = ENVELOPE_LABEL
) -> Stanza:
    """Wrap ``content_key`` for ``account``'s raw X25519 ``public`` key with HPKE.

    Args:
        content_key: The envelope's 32-byte content key.
        account: The reader's checksummed address (bound into HPKE's ``info``).
        public: Its 32-byte X25519 public key.
        binding: The commitment (in an envelope) or the envelope's hash (in a grant).
        label: :data:`ENVELOPE_LABEL` or :data:`GRANT_LABEL`.

    Raises:
        ValueError: ``public`` is not an X25519 public key.
    """
    sealed = _SUITE.encrypt(
        content_key, X25519PublicKey.from_public_bytes(public), _info(label, account, binding)
    )
    return Stanza(account, public, sealed[:ENC_BYTES], sealed[ENC_BYTES:])


def unwrap(
    key: EncryptionKey, stanza: Stanza, binding: bytes, label: bytes = ENVELOPE_LABEL
) -> bytes:
    """The content key in ``stanza``, opened with the reader's ``key``.

    Raises:
        ValueError: It does not authenticate (wrong key, binding or account; altered), or
            the ``enc`` is not a usable X25519 point.
    """
    info = _info(label, stanza.account, binding)
    try:
        content_key = _SUITE.decrypt(stanza.enc + stanza.wrapped, key.private, info)
    except (InvalidTag, ValueError) as err:  # a low-order or zero enc fails like a bad tag
        raise ValueError("the wrapped key does not authenticate") from err
    if len(content_key) != CONTENT_KEY_BYTES:
        raise ValueError("the wrapped key has the wrong size")
    return content_key


def _info(label: bytes, account: str, binding: bytes) -> bytes:
    return label + bytes.fromhex(account[2:]) + binding


__all__ = [
    "CONTENT_KEY_BYTES",
    "ENVELOPE_LABEL",
    "GRANT_LABEL",
    "SUITE_V2",
    "Stanza",
    "body_key_of",
    "commitment_of",
    "unwrap",
    "wrap",
]

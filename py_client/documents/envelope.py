"""The envelope: a document encrypted once, its key wrapped for each recipient.

Hybrid encryption with the ``cryptography`` package (no primitive is implemented here):

1. A fresh random 256-bit content key and 96-bit nonce per document; the body is encrypted
   with AES-256-GCM.
2. For each recipient, a fresh ephemeral X25519 key pair; the shared secret with the
   recipient's published public key goes through HKDF-SHA256 (info binds the suite, the
   ephemeral and the recipient's public key) into a 256-bit key-wrapping key and a nonce, and
   AES-256-GCM wraps the content key (associated data: the suite, the body nonce and the
   recipient's account).
3. The header (suite, body nonce, every recipient entry) is canonical JSON and is the
   associated data of the body: changing any byte of it, or of the body, makes decryption fail
   for every recipient.

The body's plaintext starts with a small JSON record — the document's name, size, keccak256,
the sender's address — followed by the document itself. The digest is *inside* the ciphertext:
a store or node operator cannot confirm a guessed plaintext, while a recipient checks the
decrypted bytes against it.

Layout (bytes)::

    b"RANTAI-ENVELOPE/1\\n" header-json b"\\n" AES-256-GCM(content key, nonce, inner, aad)
    inner = inner-json b"\\n" document

The chain records ``keccak256(envelope)``, the envelope's content address.

Example::

    >>> from py_client.documents.keys import EncryptionKey
    >>> alice = EncryptionKey.generate()
    >>> sealed = seal(b"BAST 2026/001", [Recipient("0x" + "aa" * 20, alice.public_bytes)],
    ...               name="bast.pdf", sender="0x" + "bb" * 20)
    >>> opened = open_envelope(sealed, [alice], "0x" + "aa" * 20)
    >>> opened.content, opened.name
    (b'BAST 2026/001', 'bast.pdf')
"""

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from eth_utils.address import is_address, to_checksum_address
from eth_utils.crypto import keccak

from py_client.documents.errors import (
    DocumentTampered,
    HashMismatch,
    NoRecipients,
    NotARecipient,
)
from py_client.documents.keys import EncryptionKey, key_id

MAGIC = b"RANTAI-ENVELOPE/1\n"
SUITE = "X25519-HKDF-SHA256/AES-256-GCM"
MAX_RECIPIENTS = 256
_WRAP_INFO = b"rantai envelope v1 key wrap"


@dataclass(frozen=True)
class Recipient:
    """Who can open an envelope: an account and its raw X25519 public key."""

    account: str
    public_key: bytes

    @property
    def key_id(self) -> str:
        """Fingerprint of the public key."""
        return key_id(self.public_key)


@dataclass(frozen=True)
class Opened:
    """A decrypted, verified document."""

    content: bytes
    name: str
    sender: str | None
    keccak256: bytes
    recipients: tuple[Recipient, ...]


def is_envelope(data: bytes) -> bool:
    """Whether ``data`` starts like an envelope (else it is a public document)."""
    return data.startswith(MAGIC)


def seal(
    content: bytes, recipients: Sequence[Recipient], *, name: str = "", sender: str | None = None
) -> bytes:
    """Encrypt ``content`` to ``recipients``; return the envelope's bytes.

    Args:
        content: The document.
        recipients: Accounts and their raw public keys (deduplicated by account and key).
        name: The document's file name, kept inside the ciphertext.
        sender: The sender's address, kept inside the ciphertext.

    Raises:
        NoRecipients: No recipient, too many, or a malformed account or public key.
    """
    for r in recipients:
        if not is_address(r.account) or len(r.public_key) != 32:
            raise NoRecipients(
                f"not a recipient: {r.account!r} with a {len(r.public_key)}-byte key"
            )
    unique = list({(to_checksum_address(r.account), r.public_key): r for r in recipients})
    if not unique:
        raise NoRecipients("an envelope needs at least one recipient")
    if len(unique) > MAX_RECIPIENTS:
        raise NoRecipients(f"an envelope has at most {MAX_RECIPIENTS} recipients")
    content_key, nonce = AESGCM.generate_key(bit_length=256), secrets.token_bytes(12)
    entries = [_wrap(content_key, nonce, account, public) for account, public in unique]
    header = _canonical({"suite": SUITE, "nonce": nonce.hex(), "recipients": entries})
    inner = _canonical(
        {
            "name": name,
            "size": len(content),
            "keccak256": "0x" + keccak(content).hex(),
            "sender": to_checksum_address(sender) if sender else None,
        }
    )
    body = AESGCM(content_key).encrypt(nonce, inner + b"\n" + content, MAGIC + header)
    return MAGIC + header + b"\n" + body


def recipients_of(envelope: bytes) -> tuple[Recipient, ...]:
    """The recipients an envelope names (read from its header; nothing is decrypted).

    Raises:
        DocumentTampered: ``envelope`` is malformed.
    """
    digest = keccak(envelope)
    header, _, _ = _split(envelope, digest)
    return tuple(Recipient(e["account"], e["key"]) for e in _entries(header, digest))


def open_envelope(envelope: bytes, keys: Sequence[EncryptionKey], account: str) -> Opened:
    """Decrypt ``envelope`` with whichever of ``keys`` it is wrapped for, and verify it.

    Args:
        envelope: The envelope's bytes.
        keys: The reader's keys (current first, then retired ones).
        account: The reader's address (for messages and to prefer its own entry).

    Raises:
        NotARecipient: No entry is wrapped for any of ``keys``.
        DocumentTampered: The envelope is malformed or fails authentication.
        HashMismatch: The decrypted document does not match the digest it carries.
    """
    digest = keccak(envelope)
    header, header_bytes, body = _split(envelope, digest)
    entries = _entries(header, digest)
    nonce = bytes.fromhex(header["nonce"])
    reader = to_checksum_address(account)
    for entry in sorted(entries, key=lambda e: e["account"] != reader):
        key = next((k for k in keys if secrets.compare_digest(k.public_bytes, entry["key"])), None)
        if key is None:
            continue
        content_key = _unwrap(key, nonce, entry, digest)
        return _open_body(content_key, nonce, header_bytes, body, entries, digest)
    mine = [e for e in entries if e["account"] == reader]
    detail = ""
    if mine:
        ids = ", ".join(key_id(e["key"]) for e in mine)
        detail = (
            f"it is encrypted to another key of this account (key id {ids}): load the key file "
            "that holds it"
        )
    raise NotARecipient(digest, reader, detail)


# ------------------------------------------------------------------------------ internals


def _wrap(content_key: bytes, nonce: bytes, account: str, public: bytes) -> dict[str, str]:
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    shared = EncryptionKey(ephemeral).exchange(public)
    wrap_key, wrap_nonce = _wrap_secret(shared, ephemeral_public, public)
    wrapped = AESGCM(wrap_key).encrypt(wrap_nonce, content_key, _wrap_aad(nonce, account))
    return {
        "account": account,
        "key": public.hex(),
        "ephemeral": ephemeral_public.hex(),
        "wrapped": wrapped.hex(),
    }


def _unwrap(key: EncryptionKey, nonce: bytes, entry: dict[str, Any], digest: bytes) -> bytes:
    try:  # ValueError: a low-order ephemeral key, planted to make the shared secret zero
        shared = key.exchange(entry["ephemeral"])
        wrap_key, wrap_nonce = _wrap_secret(shared, entry["ephemeral"], entry["key"])
        content_key = AESGCM(wrap_key).decrypt(
            wrap_nonce, entry["wrapped"], _wrap_aad(nonce, entry["account"])
        )
    except (InvalidTag, ValueError):
        raise _tampered(digest, "its key wrapped for this account does not authenticate") from None
    if len(content_key) != 32:
        raise _tampered(digest, "the wrapped content key has the wrong size")
    return content_key


def _open_body(
    content_key: bytes,
    nonce: bytes,
    header_bytes: bytes,
    body: bytes,
    entries: list[dict[str, Any]],
    digest: bytes,
) -> Opened:
    try:
        plain = AESGCM(content_key).decrypt(nonce, body, MAGIC + header_bytes)
    except InvalidTag:
        raise _tampered(digest, "its header or body does not authenticate") from None
    inner_text, separator, content = plain.partition(b"\n")
    try:
        inner = json.loads(inner_text)
        expected = bytes.fromhex(str(inner["keccak256"]).removeprefix("0x"))
        name, size, sender = str(inner["name"]), int(inner["size"]), inner["sender"]
    except (ValueError, KeyError, TypeError):
        raise _tampered(digest, "its inner record is malformed") from None
    actual = keccak(content)
    if not separator or size != len(content) or actual != expected:
        raise HashMismatch(
            f"document 0x{digest.hex()} decrypts to bytes whose keccak256 0x{actual.hex()} "
            f"differs from the 0x{expected.hex()} it carries",
            expected,
            actual,
        )
    recipients = tuple(Recipient(e["account"], e["key"]) for e in entries)
    return Opened(content, name, sender if isinstance(sender, str) else None, actual, recipients)


def _wrap_secret(shared: bytes, ephemeral_public: bytes, public: bytes) -> tuple[bytes, bytes]:
    okm = HKDF(
        algorithm=hashes.SHA256(),
        length=44,
        salt=None,
        info=_WRAP_INFO + SUITE.encode() + ephemeral_public + public,
    ).derive(shared)
    return okm[:32], okm[32:]


def _wrap_aad(nonce: bytes, account: str) -> bytes:
    return SUITE.encode() + nonce + bytes.fromhex(account[2:])


def _split(envelope: bytes, digest: bytes) -> tuple[dict[str, Any], bytes, bytes]:
    if not envelope.startswith(MAGIC):
        raise _tampered(digest, "it does not start with the envelope marker")
    header_text, separator, body = envelope[len(MAGIC) :].partition(b"\n")
    try:
        raw = json.loads(header_text)
        if not separator or _canonical(raw) != header_text or raw.get("suite") != SUITE:
            raise ValueError("not a canonical version 1 header")
        nonce = bytes.fromhex(raw["nonce"])
        if len(nonce) != 12 or not isinstance(raw["recipients"], list):
            raise ValueError("bad nonce or recipients")
    except (ValueError, KeyError, TypeError, AttributeError):
        raise _tampered(digest, "its header is malformed") from None
    return raw, header_text, body


def _entries(header: dict[str, Any], digest: bytes) -> list[dict[str, Any]]:
    entries = []
    for entry in header["recipients"]:
        try:
            account = str(entry["account"])
            if not is_address(account) or to_checksum_address(account) != account:
                raise ValueError(account)
            parsed = {
                "account": account,
                "key": bytes.fromhex(entry["key"]),
                "ephemeral": bytes.fromhex(entry["ephemeral"]),
                "wrapped": bytes.fromhex(entry["wrapped"]),
            }
        except (ValueError, KeyError, TypeError):
            raise _tampered(digest, "a recipient entry is malformed") from None
        if len(parsed["key"]) != 32 or len(parsed["ephemeral"]) != 32:
            raise _tampered(digest, "a recipient entry has a key of the wrong size")
        entries.append(parsed)
    return entries


def _tampered(digest: bytes, why: str) -> DocumentTampered:
    return DocumentTampered(f"envelope 0x{digest.hex()} was altered or damaged: {why}")


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


__all__ = [
    "MAGIC",
    "SUITE",
    "Opened",
    "Recipient",
    "is_envelope",
    "open_envelope",
    "recipients_of",
    "seal",
]

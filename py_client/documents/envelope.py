"""The envelope: a document encrypted once, its key wrapped for each recipient.

Hybrid encryption with the ``cryptography`` package (no primitive is implemented here).
Version 2, written by :func:`seal`:

1. A fresh random 256-bit content key ``K`` and 96-bit nonce per document. HMAC-SHA256 under
   ``K`` derives the body's AES-256-GCM key and a *key commitment*, stored in the header.
2. For each recipient, ``K`` is wrapped with RFC 9180 HPKE in base mode
   (DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM; :mod:`~py_client.documents.wrap`);
   HPKE's ``info`` binds the recipient's account and the commitment.
3. The header (suite, nonce, commitment, every recipient stanza) is canonical JSON and is the
   associated data of the body: changing any byte of it, or of the body, makes decryption fail
   for every recipient. A reader checks the unwrapped key against the commitment *before*
   decrypting, so the envelope opens under one content key only.

The body's plaintext starts with a small JSON record — the document's name, size, keccak256,
the sender's address — followed by the document itself. The digest is *inside* the ciphertext:
a store or node operator cannot confirm a guessed plaintext, while a recipient checks the
decrypted bytes against it.

Layout (bytes)::

    b"RANTAI-ENVELOPE/2\\n" header-json b"\\n" AES-256-GCM(body key, nonce, inner, aad)
    inner = inner-json b"\\n" document

Version 1 envelopes (:mod:`~py_client.documents.envelope_v1`) still open. A recipient can give a
later reader the content key without touching the envelope: a *grant* stanza
(:mod:`~py_client.documents.grants`) passed to :func:`open_envelope`. The chain records
``keccak256(envelope)``, the envelope's content address.

Example::

    >>> from py_client.documents.keys import EncryptionKey
    >>> alice = EncryptionKey.generate()
    >>> sealed = seal(b"BAST 2026/001", [Recipient("0x" + "aa" * 20, alice.public_bytes)],
    ...               name="bast.pdf", sender="0x" + "bb" * 20)
    >>> opened = open_envelope(sealed, [alice], "0x" + "aa" * 20)
    >>> opened.content, opened.name, opened.version
    (b'BAST 2026/001', 'bast.pdf', 2)
"""

import hmac
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eth_utils.address import is_address, to_checksum_address
from eth_utils.crypto import keccak

from py_client.documents.envelope_v1 import (
    MAGIC_V1,
    SUITE_V1,
    canonical,
    parse_entry_v1,
    unwrap_v1,
)
from py_client.documents.errors import (
    DocumentTampered,
    HashMismatch,
    NoRecipients,
    NotARecipient,
)
from py_client.documents.keys import EncryptionKey, key_id
from py_client.documents.wrap import (
    CONTENT_KEY_BYTES,
    ENC_BYTES,
    GRANT_LABEL,
    SUITE_V2,
    WRAPPED_BYTES,
    Stanza,
    body_key_of,
    commitment_of,
    unwrap,
    wrap,
)

MAGIC = b"RANTAI-ENVELOPE/2\n"
"""The marker of envelopes written now (version 2)."""
SUITE = SUITE_V2
MAX_RECIPIENTS = 256


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
    version: int = 2


@dataclass(frozen=True)
class Parsed:
    """An envelope's parts, its header checked (nothing decrypted)."""

    digest: bytes
    version: int
    marker: bytes
    header_bytes: bytes
    nonce: bytes
    commitment: bytes | None
    entries: tuple[dict[str, Any], ...]
    body: bytes

    @property
    def recipients(self) -> tuple[Recipient, ...]:
        """The accounts and keys the header names."""
        return tuple(Recipient(e["account"], e["key"]) for e in self.entries)


def is_envelope(data: bytes) -> bool:
    """Whether ``data`` starts like an envelope of any version (else it is a public document)."""
    return data.startswith(MAGIC) or data.startswith(MAGIC_V1)


def seal(
    content: bytes, recipients: Sequence[Recipient], *, name: str = "", sender: str | None = None
) -> bytes:
    """Encrypt ``content`` to ``recipients``; return the envelope's bytes (version 2).

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
    commitment = commitment_of(content_key)
    try:
        stanzas = [wrap(content_key, a, public, commitment).to_json() for a, public in unique]
    except ValueError as err:
        raise NoRecipients(f"a recipient's public key is not an X25519 key: {err}") from None
    header = canonical(
        {
            "commitment": commitment.hex(),
            "nonce": nonce.hex(),
            "recipients": stanzas,
            "suite": SUITE,
        }
    )
    inner = canonical(
        {
            "name": name,
            "size": len(content),
            "keccak256": "0x" + keccak(content).hex(),
            "sender": to_checksum_address(sender) if sender else None,
        }
    )
    body = AESGCM(body_key_of(content_key)).encrypt(nonce, inner + b"\n" + content, MAGIC + header)
    return MAGIC + header + b"\n" + body


def parse_envelope(envelope: bytes) -> Parsed:
    """Split an envelope (either version) and check its header; nothing is decrypted.

    Raises:
        DocumentTampered: It is malformed.
    """
    digest = keccak(envelope)
    if envelope.startswith(MAGIC):
        version, marker, suite = 2, MAGIC, SUITE
    elif envelope.startswith(MAGIC_V1):
        version, marker, suite = 1, MAGIC_V1, SUITE_V1
    else:
        raise DocumentTampered("envelope", digest, "it does not start with the envelope marker")
    header_text, separator, body = envelope[len(marker) :].partition(b"\n")
    try:
        raw = json.loads(header_text)
        if not separator or canonical(raw) != header_text or raw.get("suite") != suite:
            raise ValueError(f"not a canonical version {version} header")
        nonce = bytes.fromhex(raw["nonce"])
        commitment = bytes.fromhex(raw["commitment"]) if version == 2 else None
        if len(nonce) != 12 or not isinstance(raw["recipients"], list):
            raise ValueError("bad nonce or recipients")
        if commitment is not None and len(commitment) != 32:
            raise ValueError("bad commitment")
    except (ValueError, KeyError, TypeError, AttributeError):
        raise DocumentTampered("envelope", digest, "its header is malformed") from None
    entries = tuple(_entry(e, version, digest) for e in raw["recipients"])
    return Parsed(digest, version, marker, header_text, nonce, commitment, entries, body)


def recipients_of(envelope: bytes) -> tuple[Recipient, ...]:
    """The recipients an envelope names (read from its header; nothing is decrypted).

    Raises:
        DocumentTampered: ``envelope`` is malformed.
    """
    return parse_envelope(envelope).recipients


def content_key_of(
    parsed: Parsed, keys: Sequence[EncryptionKey], account: str, grants: Sequence[Stanza] = ()
) -> bytes:
    """The envelope's content key, unwrapped with whichever of ``keys`` it is wrapped for.

    Args:
        parsed: The envelope (:func:`parse_envelope`).
        keys: The reader's keys (current first, then retired ones).
        account: The reader's address (to prefer its own entry, and for messages).
        grants: Stanzas granted to the reader later for this envelope (grant files).

    Raises:
        NotARecipient: Neither the envelope nor a grant is wrapped for any of ``keys``.
        DocumentTampered: The matching stanza does not authenticate, or the key it holds
            does not match the envelope's key commitment.
    """
    reader = to_checksum_address(account)
    for entry in sorted(parsed.entries, key=lambda e: e["account"] != reader):
        key = _find(keys, entry["key"])
        if key is not None:
            return _checked(parsed, _unwrap_entry(parsed, key, entry))
    for stanza in grants:
        key = _find(keys, stanza.key)
        if key is None:
            continue
        try:
            content_key = unwrap(key, stanza, parsed.digest, GRANT_LABEL)
        except ValueError:
            raise DocumentTampered(
                "envelope", parsed.digest, "the key granted to this account does not authenticate"
            ) from None
        return _checked(parsed, content_key)
    mine = [e for e in parsed.entries if e["account"] == reader]
    detail = ""
    if mine:
        ids = ", ".join(key_id(e["key"]) for e in mine)
        detail = (
            f"it is encrypted to another key of this account (key id {ids}): load the key file "
            "that holds it"
        )
    raise NotARecipient(parsed.digest, reader, detail)


def open_envelope(
    envelope: bytes,
    keys: Sequence[EncryptionKey],
    account: str,
    grants: Sequence[Stanza] = (),
) -> Opened:
    """Decrypt ``envelope`` with whichever of ``keys`` it (or a grant) is wrapped for; verify it.

    Args:
        envelope: The envelope's bytes (version 1 or 2).
        keys: The reader's keys (current first, then retired ones).
        account: The reader's address (for messages and to prefer its own entry).
        grants: Stanzas granted to the reader later (see :mod:`~py_client.documents.grants`).

    Raises:
        NotARecipient: No entry is wrapped for any of ``keys``.
        DocumentTampered: The envelope is malformed, fails authentication, or its key does
            not match its key commitment.
        HashMismatch: The decrypted document does not match the digest it carries.
    """
    parsed = parse_envelope(envelope)
    return open_with_key(parsed, content_key_of(parsed, keys, account, grants))


def open_with_key(parsed: Parsed, content_key: bytes) -> Opened:
    """Decrypt and verify the body of ``parsed`` with its content key (already checked).

    Raises:
        DocumentTampered, HashMismatch: As :func:`open_envelope`.
    """
    digest = parsed.digest
    body_key = body_key_of(content_key) if parsed.version == 2 else content_key
    try:
        plain = AESGCM(body_key).decrypt(
            parsed.nonce, parsed.body, parsed.marker + parsed.header_bytes
        )
    except InvalidTag:
        raise DocumentTampered(
            "envelope", digest, "its header or body does not authenticate"
        ) from None
    inner_text, separator, content = plain.partition(b"\n")
    try:
        inner = json.loads(inner_text)
        expected = bytes.fromhex(str(inner["keccak256"]).removeprefix("0x"))
        name, size, sender = str(inner["name"]), int(inner["size"]), inner["sender"]
    except (ValueError, KeyError, TypeError):
        raise DocumentTampered("envelope", digest, "its inner record is malformed") from None
    actual = keccak(content)
    if not separator or size != len(content) or actual != expected:
        raise HashMismatch(
            f"document 0x{digest.hex()} decrypts to bytes whose keccak256 0x{actual.hex()} "
            f"differs from the 0x{expected.hex()} it carries",
            expected,
            actual,
        )
    sender_text = sender if isinstance(sender, str) else None
    return Opened(content, name, sender_text, actual, parsed.recipients, parsed.version)


# ------------------------------------------------------------------------------ internals


def _find(keys: Sequence[EncryptionKey], public: bytes) -> EncryptionKey | None:
    return next((k for k in keys if secrets.compare_digest(k.public_bytes, public)), None)


def _unwrap_entry(parsed: Parsed, key: EncryptionKey, entry: dict[str, Any]) -> bytes:
    try:
        if parsed.version == 1:
            return unwrap_v1(key, parsed.nonce, entry)
        return unwrap(key, entry["stanza"], parsed.commitment or b"")
    except ValueError:
        raise DocumentTampered(
            "envelope", parsed.digest, "its key wrapped for this account does not authenticate"
        ) from None


def _checked(parsed: Parsed, content_key: bytes) -> bytes:
    """``content_key`` if it matches the key commitment (version 2; version 1 has none)."""
    if len(content_key) != CONTENT_KEY_BYTES:
        raise DocumentTampered(
            "envelope", parsed.digest, "the wrapped content key has the wrong size"
        )
    if parsed.commitment is not None and not hmac.compare_digest(
        commitment_of(content_key), parsed.commitment
    ):
        raise DocumentTampered(
            "envelope",
            parsed.digest,
            "the content key does not match the key commitment in its header",
        )
    return content_key


def _entry(raw: Any, version: int, digest: bytes) -> dict[str, Any]:
    try:
        account = str(raw["account"])
        if not is_address(account) or to_checksum_address(account) != account:
            raise ValueError(account)
        if version == 1:
            return parse_entry_v1(raw)
        stanza = stanza_from_json(raw)
    except (ValueError, KeyError, TypeError):
        raise DocumentTampered("envelope", digest, "a recipient entry is malformed") from None
    return {"account": account, "key": stanza.key, "stanza": stanza}


def stanza_from_json(raw: Any) -> Stanza:
    """A version 2 stanza from its JSON form (in a header or a grant file).

    Raises:
        ValueError, KeyError, TypeError: It is malformed.
    """
    account = str(raw["account"])
    if not is_address(account) or to_checksum_address(account) != account:
        raise ValueError(f"not a checksummed address: {account!r}")
    stanza = Stanza(
        account,
        bytes.fromhex(raw["key"]),
        bytes.fromhex(raw["enc"]),
        bytes.fromhex(raw["wrapped"]),
    )
    if len(stanza.key) != 32 or len(stanza.enc) != ENC_BYTES:
        raise ValueError("a stanza has a key of the wrong size")
    if len(stanza.wrapped) != WRAPPED_BYTES:
        raise ValueError("a stanza's wrapped key has the wrong size")
    return stanza


__all__ = [
    "MAGIC",
    "SUITE",
    "Opened",
    "Parsed",
    "Recipient",
    "content_key_of",
    "is_envelope",
    "open_envelope",
    "open_with_key",
    "parse_envelope",
    "recipients_of",
    "seal",
    "stanza_from_json",
]

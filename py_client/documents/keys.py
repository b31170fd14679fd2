"""Encryption keys of participants: X25519 key pairs, published in the Registry, kept encrypted.

Each participant holds an X25519 key pair for documents addressed to it. The public half is
published in the Registry (``publishEncryptionKey``) as 33 bytes: a format byte ``0x01`` (X25519,
the key of envelope versions 1 and 2) followed by the 32-byte public key, so a later format can
be told apart. The private half lives in a key file next to the signer's keystore, encrypted
with a password: scrypt (n = 2^17, r = 8, p = 1 by default) derives an AES-256-GCM key, and the
file's clear fields (format, account, public key, KDF parameters) are bound to the ciphertext as
associated data, so an altered file fails like a wrong password.

A key file is a *key ring*: the current key plus the keys it replaced (rotation), newest first,
so documents encrypted to an earlier key stay readable.

Example::

    >>> ring = KeyRing.generate()
    >>> len(ring.current.published)
    33
    >>> KeyRing.from_json(ring.to_json("correct horse", scrypt_n=2**10), "correct horse",
    ...                   "example").current.public_bytes == ring.current.public_bytes
    True
"""

import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from eth_utils.address import is_address, to_checksum_address
from eth_utils.crypto import keccak

from py_client.documents.errors import EncryptionKeyError, InvalidPublicKey, WrongPassword
from py_client.documents.files import write_private

KEY_FORMAT_X25519 = 0x01
"""First byte of a published key: a raw X25519 key (used by envelope versions 1 and 2)."""
PUBLISHED_KEY_BYTES = 33
RAW_KEY_BYTES = 32
DEFAULT_KEY_FILE = Path("~/.rantai/encryption-key.json")
"""Where the key file is when ``RANTAI_ENCRYPTION_KEY`` names none."""
KEY_FILE_KIND = "rantai-encryption-keys"
KEY_FILE_VERSION = 1
DEFAULT_SCRYPT_N = 2**17
"""scrypt cost of new key files (0.5 to 1 s and 128 MiB on the reference machine)."""
MAX_SCRYPT_N = 2**20
MIN_SCRYPT_N = 2**10


@dataclass(frozen=True)
class EncryptionKey:
    """One X25519 key pair."""

    private: X25519PrivateKey = field(repr=False)

    @classmethod
    def generate(cls) -> "EncryptionKey":
        """A fresh key pair from the operating system's CSPRNG."""
        return cls(X25519PrivateKey.generate())

    @classmethod
    def from_private_bytes(cls, raw: bytes) -> "EncryptionKey":
        """The key pair of a 32-byte raw X25519 private key."""
        return cls(X25519PrivateKey.from_private_bytes(raw))

    @property
    def public_bytes(self) -> bytes:
        """The 32-byte raw public key."""
        return self.private.public_key().public_bytes_raw()

    @property
    def published(self) -> bytes:
        """What goes into the Registry: the format byte and the public key (33 bytes)."""
        return bytes([KEY_FORMAT_X25519]) + self.public_bytes

    @property
    def key_id(self) -> str:
        """A short fingerprint of the public key (``keccak256(public)[:8]`` as hex)."""
        return key_id(self.public_bytes)

    def exchange(self, peer_public: bytes) -> bytes:
        """The X25519 shared secret with ``peer_public`` (32 raw bytes).

        Raises:
            ValueError: ``peer_public`` is malformed or of low order.
        """
        return self.private.exchange(X25519PublicKey.from_public_bytes(peer_public))

    def private_bytes(self) -> bytes:
        """The raw private key (32 bytes): only for writing the encrypted key file."""
        return self.private.private_bytes_raw()


def key_id(public_bytes: bytes) -> str:
    """The fingerprint of a raw public key, as shown in messages and the key file."""
    return keccak(public_bytes)[:8].hex()


def public_key_of(account: str, published: bytes) -> bytes:
    """The raw X25519 public key inside a key published by ``account``.

    Raises:
        InvalidPublicKey: ``published`` is not a Rantai X25519 key (format byte, 33 bytes).
    """
    if len(published) != PUBLISHED_KEY_BYTES or published[0] != KEY_FORMAT_X25519:
        raise InvalidPublicKey(account, len(published))
    raw = published[1:]
    try:
        X25519PublicKey.from_public_bytes(raw)
    except ValueError:
        raise InvalidPublicKey(account, len(published)) from None
    return raw


@dataclass(frozen=True)
class KeyRing:
    """The current encryption key of an account and the keys it replaced, newest first."""

    current: EncryptionKey
    retired: tuple[EncryptionKey, ...] = ()
    account: str | None = None

    @classmethod
    def generate(cls, account: str | None = None) -> "KeyRing":
        """A ring holding one fresh key; ``account`` (an address) is recorded in the file."""
        return cls(EncryptionKey.generate(), (), _account(account))

    @property
    def keys(self) -> tuple[EncryptionKey, ...]:
        """Every key, the current one first."""
        return (self.current, *self.retired)

    def find(self, public_bytes: bytes) -> EncryptionKey | None:
        """The key of the ring whose public half is ``public_bytes``, if any."""
        for key in self.keys:
            if secrets.compare_digest(key.public_bytes, public_bytes):
                return key
        return None

    def rotated(self) -> "KeyRing":
        """A ring with a fresh current key; the present one joins the retired keys."""
        return KeyRing(EncryptionKey.generate(), self.keys, self.account)

    # ------------------------------------------------------------------ the key file

    def to_json(self, password: str, *, scrypt_n: int = DEFAULT_SCRYPT_N) -> str:
        """The ring encrypted with ``password`` as the key file's JSON text.

        Raises:
            EncryptionKeyError: The password is empty or the scrypt cost is out of range.
        """
        if not password:
            raise EncryptionKeyError("an encryption key file needs a non-empty password")
        if not MIN_SCRYPT_N <= scrypt_n <= MAX_SCRYPT_N or scrypt_n & (scrypt_n - 1):
            raise EncryptionKeyError(
                f"scrypt n must be a power of two from 2^10 to 2^20, not {scrypt_n}"
            )
        clear: dict[str, Any] = {
            "version": KEY_FILE_VERSION,
            "kind": KEY_FILE_KIND,
            "account": self.account,
            "publicKey": "0x" + self.current.published.hex(),
            "keyIds": [k.key_id for k in self.keys],
            "kdf": {
                "name": "scrypt",
                "n": scrypt_n,
                "r": 8,
                "p": 1,
                "salt": "0x" + secrets.token_bytes(16).hex(),
            },
            "cipher": {"name": "AES-256-GCM", "nonce": "0x" + secrets.token_bytes(12).hex()},
        }
        secret = json.dumps({"keys": [k.private_bytes().hex() for k in self.keys]}).encode()
        aead = AESGCM(_derive(password, clear["kdf"]))
        nonce = bytes.fromhex(clear["cipher"]["nonce"][2:])
        ciphertext = aead.encrypt(nonce, secret, _canonical(clear))
        return json.dumps({**clear, "ciphertext": "0x" + ciphertext.hex()}, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str, password: str, where: str = "key file") -> "KeyRing":
        """Decrypt a key file's JSON text.

        Raises:
            WrongPassword: ``password`` does not decrypt it (or the file was altered).
            EncryptionKeyError: It is not a Rantai encryption key file.
        """
        try:
            data = json.loads(text)
            clear = {k: data[k] for k in ("version", "kind", "account", "publicKey", "keyIds")}
            clear["kdf"], clear["cipher"] = dict(data["kdf"]), dict(data["cipher"])
            ciphertext = bytes.fromhex(str(data["ciphertext"]).removeprefix("0x"))
            nonce = bytes.fromhex(str(clear["cipher"]["nonce"]).removeprefix("0x"))
        except (ValueError, KeyError, TypeError) as err:
            raise EncryptionKeyError(f"{where} is not a Rantai encryption key file: {err}") from err
        if clear["kind"] != KEY_FILE_KIND or clear["version"] != KEY_FILE_VERSION:
            raise EncryptionKeyError(
                f"{where} is not a version {KEY_FILE_VERSION} Rantai encryption key file"
            )
        if clear["cipher"].get("name") != "AES-256-GCM" or len(nonce) != 12:
            raise EncryptionKeyError(f"{where}: unsupported cipher {clear['cipher']!r}")
        try:
            secret = AESGCM(_derive(password, clear["kdf"], where)).decrypt(
                nonce, ciphertext, _canonical(clear)
            )
        except InvalidTag:
            raise WrongPassword(where) from None
        try:
            keys = [EncryptionKey.from_private_bytes(bytes.fromhex(k)) for k in _keys(secret)]
        except (ValueError, KeyError, TypeError) as err:
            raise EncryptionKeyError(f"{where} holds no valid keys: {err}") from err
        if not keys:
            raise EncryptionKeyError(f"{where} holds no keys")
        return cls(keys[0], tuple(keys[1:]), _account(clear["account"]))

    def save(self, path: str | Path, password: str, *, scrypt_n: int = DEFAULT_SCRYPT_N) -> Path:
        """Write the ring encrypted with ``password`` to ``path`` (mode 0600, atomically).

        Raises:
            EncryptionKeyError: Empty password, or the file cannot be written.
        """
        target = Path(path).expanduser()
        text = self.to_json(password, scrypt_n=scrypt_n)
        try:
            write_private(target, text.encode())
        except OSError as err:
            raise EncryptionKeyError(
                f"cannot write the encryption key file {target}: {err.strerror or err}"
            ) from err
        return target

    @classmethod
    def load(cls, path: str | Path, password: str | None) -> "KeyRing":
        """Read and decrypt the key file at ``path``.

        Raises:
            EncryptionKeyError: No password, or the file is missing, unreadable or malformed.
            WrongPassword: The password does not decrypt it.
        """
        target = Path(path).expanduser()
        if password is None:
            raise EncryptionKeyError(
                f"encryption key file {target} needs RANTAI_ENCRYPTION_KEY_PASSWORD "
                "(or RANTAI_ENCRYPTION_KEY_PASSWORD_FILE)"
            )
        try:
            text = target.read_text()
        except FileNotFoundError:
            raise EncryptionKeyError(
                f"encryption key file not found: {target} (create one with 'rantai doc keygen')"
            ) from None
        except (OSError, UnicodeDecodeError) as err:
            raise EncryptionKeyError(f"cannot read the encryption key file {target}") from err
        return cls.from_json(text, password, f"encryption key file {target}")


def _account(account: str | None) -> str | None:
    if account is None:
        return None
    if not is_address(account):
        raise EncryptionKeyError(f"not an address: {account!r}")
    return to_checksum_address(account)


def _keys(secret: bytes) -> list[str]:
    keys = json.loads(secret)["keys"]
    if not isinstance(keys, list):
        raise TypeError("keys is not a list")
    return [str(k) for k in keys]


def _derive(password: str, kdf: Mapping[str, Any], where: str = "key file") -> bytes:
    try:
        n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
        salt = bytes.fromhex(str(kdf["salt"]).removeprefix("0x"))
    except (KeyError, TypeError, ValueError) as err:
        raise EncryptionKeyError(f"{where}: malformed KDF parameters") from err
    if (
        kdf.get("name") != "scrypt"
        or not MIN_SCRYPT_N <= n <= MAX_SCRYPT_N
        or not (r == 8 and p == 1 and len(salt) >= 16)
    ):
        raise EncryptionKeyError(f"{where}: unsupported KDF parameters {dict(kdf)!r}")
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(password.encode())


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


__all__ = [
    "DEFAULT_KEY_FILE",
    "DEFAULT_SCRYPT_N",
    "KEY_FORMAT_X25519",
    "PUBLISHED_KEY_BYTES",
    "EncryptionKey",
    "KeyRing",
    "key_id",
    "public_key_of",
]

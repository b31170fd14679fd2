"""Errors of confidential documents: keys, envelopes, the store and recipients.

Every class derives from :class:`~py_client.errors.RantaiError` and mixes in the builtin that
fits, so the ``rantai`` command maps them to exit codes like the rest of the client: a key file
that cannot be read or decrypted is a setting problem (:class:`~py_client.errors.ConfigError`,
exit 2), an unknown document hash is an unknown reference (exit 2), a tampered envelope, a hash
mismatch or "not a recipient" is a refusal (exit 1).
"""

from py_client.errors import ConfigError, InvalidInput, RantaiError, UnknownReference


class DocumentError(RantaiError):
    """A confidential or public document cannot be stored, found, verified or opened."""


class EncryptionKeyError(ConfigError):
    """The encryption key file is missing, unreadable, malformed or not configured."""


class WrongPassword(EncryptionKeyError, PermissionError):
    """The password does not decrypt the encryption key file."""

    def __init__(self, path: str) -> None:
        super().__init__(f"encryption key file {path}: wrong password (or the file was altered)")
        self.path = path


class InvalidPublicKey(DocumentError, InvalidInput):
    """A published encryption key is not a Rantai X25519 key (wrong length or format)."""

    def __init__(self, account: str, length: int) -> None:
        super().__init__(
            f"the encryption key published by {account} is not a Rantai X25519 key "
            f"({length} bytes); it must publish a new one (rantai doc publish-key)"
        )
        self.account = account
        self.length = length


class MissingEncryptionKey(DocumentError, LookupError):
    """A recipient has published no encryption key, so nothing can be encrypted to it."""

    def __init__(self, account: str, because: str) -> None:
        super().__init__(
            f"recipient {account} ({because}) has published no encryption key; it must run "
            "'rantai doc keygen' and 'rantai doc publish-key' first; nothing was stored"
        )
        self.account = account
        self.because = because


class NoRecipients(DocumentError, InvalidInput):
    """A confidential document was given nobody to read it."""


class DocumentNotFound(DocumentError, UnknownReference):
    """The store holds no document with this hash."""

    def __init__(self, digest: bytes, where: str) -> None:
        super().__init__(f"no document 0x{digest.hex()} in {where}")
        self.digest = digest


class HashMismatch(DocumentError, ValueError):
    """Bytes do not hash to the address they are stored or recorded under."""

    def __init__(self, message: str, expected: bytes, actual: bytes) -> None:
        super().__init__(message)
        self.expected = expected
        self.actual = actual


class DocumentTampered(DocumentError, ValueError):
    """An envelope is malformed or fails authentication: it was altered or damaged."""

    def __init__(self, what: str, digest: bytes, why: str) -> None:
        super().__init__(f"{what} 0x{digest.hex()} was altered or damaged: {why}")
        self.digest = digest
        self.why = why


class NotARecipient(DocumentError, PermissionError):
    """The document is encrypted, but not to any key this account holds."""

    def __init__(self, digest: bytes, account: str, detail: str = "") -> None:
        message = f"not a recipient: document 0x{digest.hex()} is not encrypted to {account}"
        super().__init__(message + (f" ({detail})" if detail else ""))
        self.digest = digest
        self.account = account


class DocumentStoreError(DocumentError, OSError):
    """The document store cannot be written or read."""


__all__ = [
    "DocumentError",
    "DocumentNotFound",
    "DocumentStoreError",
    "DocumentTampered",
    "EncryptionKeyError",
    "HashMismatch",
    "InvalidPublicKey",
    "MissingEncryptionKey",
    "NoRecipients",
    "NotARecipient",
    "WrongPassword",
]

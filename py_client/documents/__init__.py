"""Confidential documents: client-side encryption to the parties and auditors (DESIGN section 6).

A shared ledger is readable by every node operator, so documents never go on chain: the client
encrypts each confidential document (contract, invoice, BAST, evidence photo, ruling) to exactly
the accounts entitled to read it, stores the envelope in a content-addressed store, and the chain
records only the envelope's keccak256. Public documents (tender specifications) are stored in the
clear and addressed the same way. See ``docs/documents.md``.

- :mod:`~py_client.documents.keys`: X25519 key pairs, the encrypted key file, rotation.
- :mod:`~py_client.documents.envelope`: hybrid encryption, version 2 (RFC 9180 HPKE key wrap,
  key commitment, AES-256-GCM body); :mod:`~py_client.documents.envelope_v1` reads version 1.
- :mod:`~py_client.documents.wrap`: the HPKE stanza and the key commitment.
- :mod:`~py_client.documents.grants`: grant files (keys re-wrapped for an auditor appointed later);
  :mod:`~py_client.documents.granting`: making and recording them (``Documents.grant``).
- :mod:`~py_client.documents.gc`: orphans (stored envelopes no transaction references).
- :mod:`~py_client.documents.store`: the store interface and the local folder backend.
- :mod:`~py_client.documents.service`: :class:`Documents` (``client.documents``): recipients
  from the Registry, put, get, verify, publish the key.
- :mod:`~py_client.documents.inputs`: :class:`Confidential` and :class:`Public`, what lifecycle
  steps accept to store a document while recording its hash.

Example::

    >>> from py_client.documents import Confidential
    >>> client.supplier.accept_order(2, Confidential("kontrak-002.pdf"))  # doctest: +SKIP
"""

from py_client.document_inputs import Confidential, DocumentInput, Public, RecipientSpec
from py_client.documents.envelope import Opened, Recipient, open_envelope, seal
from py_client.documents.errors import (
    DocumentError,
    DocumentNotFound,
    DocumentStoreError,
    DocumentTampered,
    EncryptionKeyError,
    HashMismatch,
    InvalidPublicKey,
    MissingEncryptionKey,
    NoRecipients,
    NotARecipient,
    WrongPassword,
)
from py_client.documents.keys import EncryptionKey, KeyRing
from py_client.documents.service import (
    Document,
    Documents,
    GrantOutcome,
    GrantRecord,
    StoredDocument,
)
from py_client.documents.store import DocumentStore, LocalDocumentStore, open_store

__all__ = [
    "Confidential",
    "Document",
    "DocumentError",
    "DocumentInput",
    "DocumentNotFound",
    "DocumentStore",
    "DocumentStoreError",
    "DocumentTampered",
    "Documents",
    "EncryptionKey",
    "EncryptionKeyError",
    "GrantOutcome",
    "GrantRecord",
    "HashMismatch",
    "InvalidPublicKey",
    "KeyRing",
    "LocalDocumentStore",
    "MissingEncryptionKey",
    "NoRecipients",
    "NotARecipient",
    "Opened",
    "Public",
    "Recipient",
    "RecipientSpec",
    "StoredDocument",
    "WrongPassword",
    "open_envelope",
    "open_store",
    "seal",
]

"""What a lifecycle step accepts as its document: a hash as before, or a document to store.

The role methods that record a document (order acceptance contract, BAST, checkpoint evidence,
dispute reasons and rulings, termination and cancellation reasons, the tender specification)
take a :data:`DocumentInput`:

- a :data:`~py_client.hashing.HashInput` (hash, file or bytes): only its hash is recorded and
  the document stays with you, as before;
- :class:`Confidential`: the client encrypts the document to the parties of the process, every
  AUDITOR and the signer (plus ``to``), stores the envelope and records the envelope's hash;
- :class:`Public`: the client stores the document in the clear and records its hash.

This module imports no cryptography, and sits below the role views and the document service
(:mod:`py_client.documents`), which both take these values; :class:`DocumentRecorder` says what
the role views store a document with.

Example::

    >>> from pathlib import Path
    >>> Confidential(Path("bast-002.pdf"), to=("auditor", 30)).to
    ('auditor', 30)
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypedDict, Unpack

from eth_utils.address import is_address, to_checksum_address

from py_client.errors import InvalidInput
from py_client.hashing import HashInput
from py_client.models import Role

RecipientSpec = str | int | Role
"""A recipient: an address, an organisation id (``20``, ``"org:20"``) or a role (``"auditor"``)."""
DocumentSource = bytes | str | Path
"""A document's content: bytes, or the path of a file."""


@dataclass(frozen=True)
class Confidential:
    """A document to store encrypted; the chain records the hash of its envelope.

    Attributes:
        source: The document: bytes, or a file path.
        to: Recipients besides the default ones (the process's parties, AUDITORs, the signer).
        name: The name kept inside the envelope; the file's name by default.
    """

    source: DocumentSource
    to: Sequence[RecipientSpec] = field(default=())
    name: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "to", tuple(self.to))


@dataclass(frozen=True)
class Public:
    """A public document (a tender specification) to store in the clear and record by hash."""

    source: DocumentSource


DocumentInput = HashInput | Confidential | Public
"""What a lifecycle step takes as a document (see the module docstring)."""


class DocumentProcess(TypedDict, total=False):
    """The process a document belongs to: its parties read a confidential one.

    Keyword arguments of the methods that store a document (each optional, ``None`` for none).
    """

    tender_id: int | None  # the tender whose agency organisation reads it
    order_id: int | None  # the order whose agency and supplier organisations read it
    shipment_id: int | None  # the shipment whose order's parties and custodian read it


class DocumentRecorder(Protocol):
    """What a role view stores a lifecycle step's document with (``client.documents``).

    :class:`~py_client.documents.Documents` is one; the role views (:mod:`py_client.roles`) get
    it from :class:`~py_client.client.Rantai` and so never import the document service.
    """

    def record(
        self, value: DocumentInput | None, what: str, **process: Unpack[DocumentProcess]
    ) -> tuple[bytes, object]:
        """The hash to record for ``value`` and what was stored for it (``None``: nothing)."""
        ...


class Readers(DocumentProcess, total=False):
    """Who reads a confidential document: the process's parties and these options."""

    to: Iterable[RecipientSpec]  # further recipients
    auditors: bool  # add every AUDITOR (default True)
    skip_missing: bool  # leave out accounts without a published key instead of refusing


def document_digest(value: bytes | str) -> bytes:
    """A document hash: 32 bytes, or ``0x`` and 64 hex digits.

    Raises:
        InvalidInput: Anything else.
    """
    if isinstance(value, bytes) and len(value) == 32:
        return value
    if isinstance(value, str) and re.fullmatch(r"0x[0-9a-fA-F]{64}", value.strip()):
        return bytes.fromhex(value.strip()[2:])
    raise InvalidInput(f"not a document hash (0x and 64 hex digits): {value!r}")


def checksum_address(value: str) -> str:
    """``value`` as a checksummed address.

    Raises:
        InvalidInput: It is not an address.
    """
    if not isinstance(value, str) or not is_address(value):
        raise InvalidInput(f"not a valid address: {value!r}")
    return str(to_checksum_address(value))


def read_source(source: DocumentSource, what: str = "document") -> tuple[bytes, str]:
    """The content and file name of a document source (bytes have no name).

    Raises:
        InvalidInput: The file cannot be read.
    """
    if isinstance(source, bytes):
        return source, ""
    path = Path(source)
    try:
        return path.read_bytes(), path.name
    except OSError as err:
        raise InvalidInput(f"cannot read {what} {path}: {err.strerror or err}") from err


__all__ = [
    "Confidential",
    "DocumentInput",
    "DocumentProcess",
    "DocumentRecorder",
    "DocumentSource",
    "Public",
    "Readers",
    "RecipientSpec",
    "checksum_address",
    "document_digest",
    "read_source",
]

"""What the grant code needs of a document service: :class:`DocumentAccess`.

:mod:`~py_client.documents.granting` makes and records key grants for
:class:`~py_client.documents.Documents`, which calls it; it takes the service as this protocol,
so the two modules do not import each other.
"""

from typing import Protocol

from py_client.core import ClientCore
from py_client.documents.keys import KeyRing
from py_client.documents.store import DocumentStore


class DocumentAccess(Protocol):
    """A client's documents: its connection, store and keys (:class:`Documents` is one)."""

    @property
    def client(self) -> ClientCore:
        """The connected client."""
        ...

    @property
    def store(self) -> DocumentStore:
        """Where the envelopes and grant files are."""
        ...

    @property
    def key_ring(self) -> KeyRing:
        """The reader's keys."""
        ...

    @property
    def reader(self) -> str:
        """The reading account."""
        ...

    def published_key(self, account: str) -> bytes | None:
        """The public key ``account`` published, or ``None``."""
        ...


__all__ = ["DocumentAccess"]

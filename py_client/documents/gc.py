"""Orphans: stored envelopes and grant files that no confirmed transaction references.

A lifecycle step stores its document *before* sending the transaction that records the hash
(the chain must never point at a document nobody stored). If the transaction then fails, or is
never sent, the envelope stays in the store and nothing points at it. :func:`collect_orphans`
finds them: every envelope or grant file in the store whose hash no event of the deployment
carries (:func:`~py_client.documents.references.referenced_hashes`), and deletes them on request.

Safe under concurrent writers:

- **Grace period**: a file stored (or stored again) less than ``grace`` ago is never an orphan,
  so an envelope whose transaction is still in flight is kept. ``grace`` must exceed the longest
  time between storing a document and its transaction's confirmation (default one day).
- **Lock**: writers hold the store's shared lock while storing (a re-store refreshes the file's
  time); the collector deletes under the exclusive lock and checks each file's time again just
  before deleting it, so a file re-stored during the scan is kept.

Public documents are never collected (their hash may be recorded elsewhere, e.g. a tender
URI), and neither is anything the backend cannot date.

Example::

    >>> report = collect_orphans(client, client.documents.store)  # doctest: +SKIP
    >>> [o.hash for o in report.orphans]  # listed, not deleted  # doctest: +SKIP
"""

import time
from dataclasses import dataclass
from datetime import timedelta

from py_client.core import ClientCore
from py_client.documents.envelope import is_envelope
from py_client.documents.errors import DocumentError
from py_client.documents.grants import is_grant
from py_client.documents.references import referenced_hashes
from py_client.documents.store import DocumentStore, Stored
from py_client.errors import InvalidInput

DEFAULT_GRACE = timedelta(days=1)


@dataclass(frozen=True)
class Orphan(Stored):
    """A stored envelope or grant file that no event references."""

    digest: bytes
    kind: str
    size: int
    age_s: int


@dataclass(frozen=True)
class GcReport:
    """What a collection found (and deleted)."""

    block: int
    scanned: int
    referenced: int
    recent: int
    orphans: tuple[Orphan, ...]
    deleted: tuple[bytes, ...]


def collect_orphans(
    client: ClientCore,
    store: DocumentStore,
    *,
    grace: timedelta = DEFAULT_GRACE,
    delete: bool = False,
) -> GcReport:
    """Find (and with ``delete``, remove) stored envelopes and grant files nothing references.

    Args:
        client: A connected client (its events are read up to the latest block).
        store: The document store.
        grace: Files stored more recently than this are kept (transactions in flight).
        delete: Remove the orphans; otherwise only list them.

    Returns:
        The report; ``deleted`` is empty unless ``delete``.

    Raises:
        InvalidInput: A negative grace period.
        DocumentStoreError: The store cannot be read, locked or written.
    """
    if grace < timedelta(0):
        raise InvalidInput(f"the grace period cannot be negative: {grace}")
    started = time.time()  # files younger than this minus grace are kept
    block = int(client.w3.eth.block_number)
    references = referenced_hashes(client, to_block=block)
    scanned = referenced = recent = 0
    orphans: list[Orphan] = []
    for digest in list(store.digests()):
        scanned += 1
        if digest in references:
            referenced += 1
            continue
        stored_at = store.stored_at(digest)
        if stored_at is None or started - stored_at < grace.total_seconds():
            recent += stored_at is not None
            continue
        try:
            data = store.get(digest)
        except DocumentError:
            continue  # damaged or gone meanwhile: not ours to judge here
        kind = "envelope" if is_envelope(data) else "grant" if is_grant(data) else None
        if kind is not None:
            orphans.append(Orphan(digest, kind, len(data), int(started - stored_at)))
    deleted: list[bytes] = []
    if delete and orphans:
        with store.locked(exclusive=True):
            for orphan in orphans:
                stored_at = store.stored_at(orphan.digest)  # a writer may have re-stored it
                old = stored_at is not None and time.time() - stored_at >= grace.total_seconds()
                if old and store.delete(orphan.digest):
                    deleted.append(orphan.digest)
    return GcReport(block, scanned, referenced, recent, tuple(orphans), tuple(deleted))


__all__ = ["DEFAULT_GRACE", "GcReport", "Orphan", "collect_orphans"]

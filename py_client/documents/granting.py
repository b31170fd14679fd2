"""Key grants of a connected client: re-wrap envelope keys for an auditor appointed later.

:class:`~py_client.documents.Documents` delegates here (``client.documents.grant`` and
``grant_process``); the grant file format is :mod:`~py_client.documents.grants`. The signer
opens each envelope's content key (as a recipient, or by a grant of its own), the keys are
re-wrapped for the grantee into one grant file per 64 envelopes, the file is stored, and
``Registry.recordDocumentGrant`` records it (``DocumentAccessGranted`` per envelope). Nothing
is stored before the checks of the transaction pass.

Example::

    >>> outcome = grant_process(client.documents, "order:2", auditor)  # doctest: +SKIP
    >>> [g.grant_hash.hex() for g in outcome.grants]  # doctest: +SKIP
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from py_client.document_inputs import checksum_address, document_digest
from py_client.documents.access import DocumentAccess
from py_client.documents.envelope import (
    Recipient,
    content_key_of,
    is_envelope,
    parse_envelope,
)
from py_client.documents.errors import DocumentError, MissingEncryptionKey
from py_client.documents.grants import MAX_GRANT_ENVELOPES, make_grant, parse_grant
from py_client.documents.references import process_hashes
from py_client.documents.wrap import Stanza
from py_client.errors import InvalidInput
from py_client.roles.base import RoleView

if TYPE_CHECKING:
    from py_client.receipts import TxResult

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class GrantRecord:
    """One grant: a grant file in the store and the transaction that recorded it."""

    grant_hash: bytes
    grantee: str
    envelopes: tuple[bytes, ...]
    tx: "TxResult"


@dataclass(frozen=True)
class GrantOutcome:
    """What :meth:`Documents.grant_process` granted, and what it left out and why."""

    grants: tuple[GrantRecord, ...]
    skipped: tuple[tuple[bytes, str], ...]

    @property
    def envelopes(self) -> tuple[bytes, ...]:
        """Every envelope granted."""
        return tuple(e for g in self.grants for e in g.envelopes)


def granted_stanzas(docs: DocumentAccess, digest: bytes, account: str) -> tuple[Stanza, ...]:
    """Stanzas granted to ``account`` for envelope ``digest`` (``DocumentAccessGranted``).

    A grant file missing from the store is skipped (logged); one that does not parse is an
    error.

    Raises:
        DocumentTampered: A grant file is malformed.
    """
    events = docs.client.logs(
        "Registry", "DocumentAccessGranted", {"envelopeHash": digest, "grantee": account}
    )
    stanzas: list[Stanza] = []
    for grant_hash in dict.fromkeys(bytes(e["args"]["grantHash"]) for e in events):
        if not docs.store.exists(grant_hash):
            log.warning("grant file 0x%s is not in %s", grant_hash.hex(), docs.store.location)
            continue
        stanza = parse_grant(docs.store.get(grant_hash)).stanzas.get(digest)
        if stanza is not None:
            stanzas.append(stanza)
    return tuple(stanzas)


def grant(
    docs: DocumentAccess, grantee: str, hashes: Iterable[bytes | str]
) -> tuple[GrantRecord, ...]:
    """Give ``grantee`` (an AUDITOR with a published key) the keys of stored envelopes.

    The signer must be able to open each envelope (as a recipient, or by a grant of its
    own). Each envelope's content key is re-wrapped for the grantee into a grant file
    (:mod:`~py_client.documents.grants`), stored, and recorded with
    ``Registry.recordDocumentGrant`` (64 envelopes per transaction). The envelopes are not
    changed.

    Args:
        docs: The signer's document service (its store and key file).
        grantee: The new reader's address.
        hashes: The envelopes' hashes (as recorded on chain).

    Returns:
        One record per grant file and transaction.

    Raises:
        MissingEncryptionKey: The grantee has published no key.
        InvalidInput: A hash names a public document, or no hash is given.
        NotARecipient: The signer cannot open one of the envelopes (nothing is sent).
        DocumentNotFound, DocumentTampered: An envelope is missing or damaged.
        NotAuthorized: The signer may not grant, or the grantee holds no AUDITOR.
    """
    grantee = checksum_address(grantee)
    public = docs.published_key(grantee)
    if public is None:
        raise MissingEncryptionKey(grantee, "the grantee")
    digests = list(dict.fromkeys(document_digest(h) for h in hashes))
    if not digests:
        raise InvalidInput("name at least one document to grant")
    envelopes = []
    for digest in digests:
        data = docs.store.get(digest)
        if not is_envelope(data):
            raise InvalidInput(f"0x{digest.hex()} is a public document: nothing to grant")
        envelopes.append(data)
    reader = docs.reader
    view = RoleView(docs.client)
    records = []
    for start in range(0, len(envelopes), MAX_GRANT_ENVELOPES):
        chunk = envelopes[start : start + MAX_GRANT_ENVELOPES]
        chunk_digests = digests[start : start + MAX_GRANT_ENVELOPES]
        if view.checking:  # before the grant file is stored
            view.check_document_grant(grantee, len(chunk))
        held = {d: granted_stanzas(docs, d, reader) for d in chunk_digests}
        grant_file = make_grant(chunk, docs.key_ring.keys, reader, Recipient(grantee, public), held)
        grant_hash = docs.store.put(grant_file)
        tx = view.record_document_grant(chunk_digests, grantee, grant_hash)
        log.info("granted %d envelopes to %s: 0x%s", len(chunk), grantee, grant_hash.hex())
        records.append(GrantRecord(grant_hash, grantee, tuple(chunk_digests), tx))
    return tuple(records)


def grant_process(docs: DocumentAccess, ref: str, grantee: str) -> GrantOutcome:
    """Grant ``grantee`` every envelope the events of process ``ref`` reference.

    Hashes that are not stored envelopes (plain hashes, public documents), envelopes the
    grantee can already open, and envelopes the signer cannot open are left out and listed.

    Args:
        docs: The signer's document service (its store and key file).
        ref: An ocid, ``tender:<n>``, ``order:<n>`` or ``shipment:<n>``.
        grantee: The new reader's address.

    Raises:
        As :meth:`grant`; UnknownReference for a malformed ``ref``.
    """
    grantee = checksum_address(grantee)
    reader = docs.reader
    chosen: list[bytes] = []
    skipped: list[tuple[bytes, str]] = []
    for digest in process_hashes(docs.client, ref):
        reason = _why_not_grant(docs, digest, grantee, reader)
        if reason is None:
            chosen.append(digest)
        elif reason:
            skipped.append((digest, reason))
    grants = grant(docs, grantee, chosen) if chosen else ()
    return GrantOutcome(grants, tuple(skipped))


def _why_not_grant(docs: DocumentAccess, digest: bytes, grantee: str, reader: str) -> str | None:
    """``None`` to grant ``digest``; a reason to list it as skipped; ``""`` to ignore it."""
    if not docs.store.exists(digest):
        return ""  # a hash recorded without storing a document (or another value)
    data = docs.store.get(digest)
    if not is_envelope(data):
        return ""  # a public document or a grant file
    parsed = parse_envelope(data)
    if any(r.account == grantee for r in parsed.recipients):
        return "the grantee is a recipient already"
    if granted_stanzas(docs, digest, grantee):
        return "granted already"
    try:
        content_key_of(parsed, docs.key_ring.keys, reader, granted_stanzas(docs, digest, reader))
    except DocumentError as err:
        return f"the signer cannot open it ({err})"
    return None


__all__ = ["GrantOutcome", "GrantRecord", "grant", "grant_process", "granted_stanzas"]

"""Confidential documents of a connected client: recipients from the chain, store, open, verify.

:class:`Documents` (``client.documents``) ties the pieces together:

- **Recipients** are resolved from the Registry: an address; an organisation id (its current
  accounts, from ``AccountAdded`` events checked with ``orgOf``); a role (its current members,
  from ``RoleGranted`` events checked with ``hasRole``). A process names its parties: a tender
  its agency, an order its agency and supplier organisations, a shipment those plus the carrier
  holding custody. Every AUDITOR is added, and the signer when it has published a key. Each
  recipient's public key is read from ``Registry.encryptionKey``; one without a key is an error
  naming it (or is skipped when asked).
- **Storing**: :meth:`Documents.put` seals the document (:mod:`~py_client.documents.envelope`)
  and stores the envelope; :meth:`Documents.put_public` stores a public document as it is.
  Either way the address is the keccak256 of the stored bytes, which the chain records.
- **Reading**: :meth:`Documents.get` fetches, checks the hash, and decrypts with the key file
  (``RANTAI_ENCRYPTION_KEY``); :meth:`Documents.verify` checks a hash against the store without
  decrypting (anyone can).

Example::

    >>> docs = client.documents  # doctest: +SKIP
    >>> stored = docs.put(Path("bast-002.pdf"), order_id=2)  # doctest: +SKIP
    >>> client.agency.confirm_delivery(5, bast=stored.digest)  # doctest: +SKIP
    >>> docs.get(stored.digest).content[:4]  # as a recipient  # doctest: +SKIP
    b'%PDF'
"""

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Unpack

from eth_utils.address import to_checksum_address

from py_client.core import ClientCore
from py_client.document_inputs import (
    Confidential,
    DocumentInput,
    DocumentProcess,
    DocumentSource,
    Public,
    Readers,
    RecipientSpec,
    checksum_address,
    document_digest,
    read_source,
)
from py_client.documents import granting
from py_client.documents.envelope import (
    MAGIC,
    Recipient,
    is_envelope,
    open_envelope,
    parse_envelope,
    recipients_of,
    seal,
)
from py_client.documents.errors import (
    EncryptionKeyError,
    MissingEncryptionKey,
    NoRecipients,
)
from py_client.documents.granting import GrantOutcome, GrantRecord
from py_client.documents.keys import DEFAULT_KEY_FILE, KeyRing, public_key_of
from py_client.documents.store import DocumentStore, Stored, open_store
from py_client.documents.wrap import Stanza
from py_client.errors import InvalidInput
from py_client.hashing import as_hash
from py_client.models import Role
from py_client.roles.base import RoleView

if TYPE_CHECKING:
    from py_client.receipts import TxResult

log = logging.getLogger(__name__)

_ORG = re.compile(r"^(?:org:?)?\s*(\d+)$", re.IGNORECASE)


@dataclass(frozen=True)
class StoredDocument(Stored):
    """A document in the store: its address (the hash the chain records) and who can read it.

    ``recipients`` is empty for a public document.
    """

    digest: bytes
    encrypted: bool
    size: int
    recipients: tuple[Recipient, ...]
    location: str
    skipped: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """A document read back from the store, decrypted and verified."""

    digest: bytes
    content: bytes
    name: str
    encrypted: bool
    sender: str | None
    recipients: tuple[Recipient, ...]


@dataclass(frozen=True)
class _Candidate:
    account: str
    because: str
    required: bool = True


class Documents:
    """Confidential and public documents for one client (see the module docstring).

    Args:
        client: The connected client (its signer is the sender and the reader).
        store: A :class:`DocumentStore`, or a folder / ``file://`` URL (default
            ``~/.rantai/documents``).
        key_file: The encryption key file, needed to read and to publish the key (default
            ``~/.rantai/encryption-key.json``).
        password: Its password.
        key_ring: An already loaded key ring (instead of ``key_file``).
    """

    def __init__(
        self,
        client: ClientCore,
        store: DocumentStore | str | Path | None = None,
        *,
        key_file: str | Path | None = None,
        password: str | None = None,
        key_ring: KeyRing | None = None,
    ) -> None:
        self.client = client
        self.store = open_store(store)
        self.key_file = Path(key_file or DEFAULT_KEY_FILE).expanduser()
        self._password = password
        self._key_ring = key_ring

    def __repr__(self) -> str:
        return f"<Documents store={self.store.location} key_file={self.key_file}>"

    # ------------------------------------------------------------------ keys

    @property
    def key_ring(self) -> KeyRing:
        """The reader's keys, loaded (and decrypted) on first use.

        Raises:
            EncryptionKeyError: The key file is missing, unreadable or has no password.
            WrongPassword: The password does not decrypt it.
        """
        if self._key_ring is None:
            self._key_ring = KeyRing.load(self.key_file, self._password)
        return self._key_ring

    def published_key(self, account: str) -> bytes | None:
        """The raw X25519 public key ``account`` published, or ``None``.

        Raises:
            InvalidPublicKey: It published something that is not a Rantai X25519 key.
        """
        account = checksum_address(account)
        published = bytes(self.client.call(self.client.registry.functions.encryptionKey(account)))
        return public_key_of(account, published) if published else None

    def publish_key(self) -> "TxResult":
        """Publish the key file's current public key as the signer's.

        Emits ``EncryptionKeyPublished``.

        Raises:
            EncryptionKeyError: No key file, or it was made for another account.
        """
        ring = self.key_ring
        signer = self.client.require_signer()
        if ring.account is not None and ring.account != signer:
            raise EncryptionKeyError(
                f"the encryption key file was made for {ring.account}, the signer is {signer}"
            )
        return RoleView(self.client).publish_encryption_key(ring.current.published)

    # ------------------------------------------------------------------ recipients

    def recipients(
        self,
        to: Iterable[RecipientSpec] = (),
        *,
        tender_id: int | None = None,
        order_id: int | None = None,
        shipment_id: int | None = None,
        auditors: bool = True,
        skip_missing: bool = False,
    ) -> tuple[tuple[Recipient, ...], tuple[str, ...]]:
        """Resolve who may read a document into accounts with their public keys.

        Args:
            to: Addresses, organisation ids (``20``, ``"org:20"``) and roles (``"auditor"``).
            tender_id: The tender whose agency organisation reads it.
            order_id: The order whose agency and supplier organisations read it.
            shipment_id: The shipment whose order's parties and current custodian read it.
            auditors: Add every AUDITOR (the default, DESIGN section 6).
            skip_missing: Leave out (instead of refusing) accounts without a published key.

        Returns:
            The recipients (the signer included when it has a key) and the accounts skipped.

        Raises:
            MissingEncryptionKey: A recipient has no published key (unless ``skip_missing``).
            NoRecipients: Nobody would be able to read the document.
            InvalidInput: A recipient is malformed.
        """
        candidates = self._process_parties(tender_id, order_id, shipment_id)
        for spec in to:
            candidates.extend(self._expand(spec))
        if auditors:
            candidates.extend(self._role_members(Role.AUDITOR))
        if self.client.address is not None:
            candidates.append(_Candidate(self.client.address, "the signer", required=False))
        chosen: dict[str, Recipient] = {}
        skipped: list[str] = []
        for candidate in candidates:
            if candidate.account in chosen:
                continue
            public = self.published_key(candidate.account)
            if public is None:
                if candidate.required and not skip_missing:
                    raise MissingEncryptionKey(candidate.account, candidate.because)
                if candidate.required and candidate.account not in skipped:
                    skipped.append(candidate.account)
                continue
            chosen[candidate.account] = Recipient(candidate.account, public)
        if not any(a != self.client.address for a in chosen):
            raise NoRecipients(
                "nobody but the signer could read this document: name a process (order, "
                "shipment, tender) or recipients"
            )
        return tuple(chosen.values()), tuple(skipped)

    def _process_parties(
        self, tender_id: int | None, order_id: int | None, shipment_id: int | None
    ) -> list[_Candidate]:
        parties: list[_Candidate] = []
        if shipment_id is not None:
            shipment = self.client.shipment(shipment_id, with_origin=False)
            order_id = order_id or shipment.order_id
            parties.append(_Candidate(shipment.custodian, f"carrier of shipment {shipment_id}"))
        if order_id is not None:
            order = self.client.order(order_id)
            parties += self._org_members(order.agency_org_id, f"agency of order {order_id}")
            supplier_org = int(
                self.client.call(self.client.registry.functions.orgOf(order.supplier))
            )
            if supplier_org:
                parties += self._org_members(supplier_org, f"supplier of order {order_id}")
            else:
                parties.append(_Candidate(order.supplier, f"supplier of order {order_id}"))
        if tender_id is not None:
            tender = self.client.tender(tender_id)
            parties += self._org_members(tender.agency_org_id, f"agency of tender {tender_id}")
        return parties

    def _expand(self, spec: RecipientSpec) -> list[_Candidate]:
        if isinstance(spec, Role):
            return self._role_members(spec)
        if isinstance(spec, int) and not isinstance(spec, bool):
            return self._org_members(spec, f"organisation {spec}")
        if not isinstance(spec, str):
            raise InvalidInput(f"not a recipient: {spec!r}")
        text = spec.strip()
        if text.startswith("0x"):
            return [_Candidate(checksum_address(text), "named recipient")]
        match = _ORG.match(text)
        if match:
            org_id = int(match[1])
            return self._org_members(org_id, f"organisation {org_id}")
        try:
            role = Role[text.upper()]
        except KeyError:
            roles = ", ".join(r.value.lower() for r in Role)
            raise InvalidInput(
                f"not a recipient: {spec!r} (an address, an organisation id or a role: {roles})"
            ) from None
        return self._role_members(role)

    def _role_members(self, role: Role) -> list[_Candidate]:
        """Current holders of ``role``: granted (events) and still holding it (``hasRole``)."""
        granted = self.client.logs("Registry", "RoleGranted", {"role": role.role_id})
        accounts = dict.fromkeys(to_checksum_address(e["args"]["account"]) for e in granted)
        has_role = self.client.registry.functions.hasRole
        return [
            _Candidate(a, role.value)
            for a in accounts
            if self.client.call(has_role(role.role_id, a))
        ]

    def _org_members(self, org_id: int, because: str) -> list[_Candidate]:
        """Current accounts of ``org_id``: added (events) and still in it (``orgOf``)."""
        self.client.call(self.client.registry.functions.organisation(org_id))  # unknown: reverts
        added = self.client.logs("Registry", "AccountAdded", {"orgId": org_id})
        accounts = dict.fromkeys(to_checksum_address(e["args"]["account"]) for e in added)
        org_of = self.client.registry.functions.orgOf
        members = [a for a in accounts if int(self.client.call(org_of(a))) == org_id]
        if not members:
            raise NoRecipients(f"{because} (organisation {org_id}) has no account")
        return [_Candidate(a, because) for a in members]

    # ------------------------------------------------------------------ storing

    def put(
        self, source: DocumentSource, *, name: str | None = None, **readers: Unpack[Readers]
    ) -> StoredDocument:
        """Encrypt a document to its recipients (see :meth:`recipients`) and store the envelope.

        Args:
            source: The document: bytes or a file path.
            name: The name kept inside the envelope (default: the file's name).
            readers: Who reads it (``to``, ``tender_id``, ``order_id``, ``shipment_id``,
                ``auditors``, ``skip_missing``), as :meth:`recipients` takes them.

        Returns:
            What was stored; ``digest`` is the hash to record on chain.

        Raises:
            MissingEncryptionKey, NoRecipients, InvalidInput: Recipients (nothing is stored).
            DocumentStoreError: The store cannot be written.
        """
        content, file_name = read_source(source)
        recipients, skipped = self.recipients(**readers)
        envelope = seal(content, recipients, name=name or file_name, sender=self.client.address)
        digest = self.store.put(envelope)
        log.info("stored document 0x%s for %d recipients", digest.hex(), len(recipients))
        return StoredDocument(digest, True, len(envelope), recipients, self.store.location, skipped)

    def put_sealed(self, envelope: bytes, **readers: Unpack[Readers]) -> StoredDocument:
        """Store an envelope sealed elsewhere (the portal's browser) that names exactly its readers.

        The readers are resolved as :meth:`put` would (the process's parties, every AUDITOR,
        the signer); the envelope must hold a stanza for each of them under its published
        key, and for nobody else. Whether a stanza really opens is for its reader to find out
        (the key commitment and the authenticated body catch a bad one); the sender could
        always seal garbage.

        Raises:
            InvalidInput: ``envelope`` is not a version 2 envelope (e.g. a plaintext upload).
            DocumentTampered: Its header is malformed.
            NoRecipients: It leaves out a reader or names another account (nothing is stored).
            MissingEncryptionKey: A reader has no published key (unless ``skip_missing``).
            DocumentStoreError: The store cannot be written.
        """
        if not envelope.startswith(MAGIC):
            raise InvalidInput(
                "a confidential document must arrive sealed (a version 2 envelope); the "
                "plaintext is never accepted"
            )
        parsed = parse_envelope(envelope)
        recipients, skipped = self.recipients(**readers)
        named = {(r.account, r.public_key) for r in parsed.recipients}
        chosen = {(r.account, r.public_key) for r in recipients}
        missing = [r.account for r in recipients if (r.account, r.public_key) not in named]
        if missing:
            raise NoRecipients(
                f"the sealed document leaves out {', '.join(missing)} (or an old key of theirs); "
                "nothing was stored"
            )
        extra = sorted({a for a, key in named - chosen})
        if extra:
            raise NoRecipients(
                f"the sealed document names readers the process does not have: "
                f"{', '.join(extra)}; nothing was stored"
            )
        digest = self.store.put(envelope)
        return StoredDocument(
            digest, True, len(envelope), parsed.recipients, self.store.location, skipped
        )

    def put_public(self, source: DocumentSource) -> StoredDocument:
        """Store a public document in the clear; its address is ``keccak256(content)``.

        Raises:
            InvalidInput: The file cannot be read, or the content looks like an envelope.
            DocumentStoreError: The store cannot be written.
        """
        content, _ = read_source(source)
        if is_envelope(content):
            raise InvalidInput("a public document cannot start like an encrypted envelope")
        digest = self.store.put(content)
        return StoredDocument(digest, False, len(content), (), self.store.location)

    def record(
        self, value: DocumentInput | None, what: str, **process: Unpack[DocumentProcess]
    ) -> tuple[bytes, StoredDocument | None]:
        """The hash a lifecycle step records for ``value``, storing it first when asked.

        A :class:`Confidential` value is encrypted to the process's parties and stored, a
        :class:`Public` one stored in the clear; any other value is hashed as
        :func:`~py_client.hashing.as_hash` does, and nothing is stored.
        """
        if isinstance(value, Confidential):
            stored = self.put(value.source, to=value.to, name=value.name, **process)
            return stored.digest, stored
        if isinstance(value, Public):
            stored = self.put_public(value.source)
            return stored.digest, stored
        return as_hash(value, what), None

    # ------------------------------------------------------------------ reading

    def get(self, digest: bytes | str) -> Document:
        """Fetch, verify and (for an envelope) decrypt the document stored under ``digest``.

        Raises:
            DocumentNotFound: The store does not hold it.
            HashMismatch: The stored bytes, or the decrypted ones, do not match their hash.
            DocumentTampered: The envelope was altered.
            NotARecipient: It is not encrypted to any key of the key file.
            EncryptionKeyError, WrongPassword: The key file cannot be loaded.
        """
        key = document_digest(digest)
        data = self.store.get(key)
        if not is_envelope(data):
            return Document(key, data, "", False, None, ())
        ring = self.key_ring
        reader = self.reader
        parsed = parse_envelope(data)
        mine = any(ring.find(r.public_key) is not None for r in parsed.recipients)
        grants = () if mine else self.granted_stanzas(key, reader)
        opened = open_envelope(data, ring.keys, reader, grants)
        return Document(key, opened.content, opened.name, True, opened.sender, opened.recipients)

    def granted_stanzas(self, digest: bytes, account: str) -> tuple[Stanza, ...]:
        """Stanzas granted to ``account`` for envelope ``digest`` (see :mod:`.granting`)."""
        return granting.granted_stanzas(self, digest, account)

    def grant(self, grantee: str, hashes: Iterable[bytes | str]) -> tuple[GrantRecord, ...]:
        """Give an AUDITOR appointed later the keys of stored envelopes (:func:`.granting.grant`).

        Example::

            >>> client.documents.grant(auditor, [digest])  # doctest: +SKIP
        """
        return granting.grant(self, grantee, hashes)

    def grant_process(self, ref: str, grantee: str) -> GrantOutcome:
        """Grant every envelope of process ``ref`` (:func:`.granting.grant_process`).

        Example::

            >>> client.documents.grant_process("order:2", auditor).envelopes  # doctest: +SKIP
        """
        return granting.grant_process(self, ref, grantee)

    @property
    def reader(self) -> str:
        """The reading account: the signer, else the account the key file was made for.

        Raises:
            EncryptionKeyError: Neither is known.
        """
        reader = self.client.address or self.key_ring.account
        if reader is None:
            raise EncryptionKeyError(
                "cannot tell which account reads: configure the signer or use a key file made "
                "for an account"
            )
        return reader

    def verify(self, digest: bytes | str) -> StoredDocument:
        """Check that the store holds bytes hashing to ``digest`` (e.g. a hash read on chain).

        Nothing is decrypted: anyone can verify. For an envelope the header must parse.

        Raises:
            DocumentNotFound: The store does not hold it.
            HashMismatch: The stored bytes do not hash to ``digest``.
            DocumentTampered: The stored envelope is malformed.
        """
        key = document_digest(digest)
        data = self.store.get(key)
        if is_envelope(data):
            return StoredDocument(key, True, len(data), recipients_of(data), self.store.location)
        return StoredDocument(key, False, len(data), (), self.store.location)


__all__ = ["Document", "Documents", "GrantOutcome", "GrantRecord", "StoredDocument"]

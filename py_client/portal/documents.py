"""What was bought, in words: the public documents of a tender, checked against the chain.

A tender records on chain only hashes: ``specHash`` (its specification) and, per item, a
``descriptionHash``. The agency publishes the documents themselves in the clear through the
document store (``Public(...)``, :meth:`py_client.documents.Documents.put_public`), where they are
addressed by the same keccak256. This module reads them back for the public pages:

- the **specification** (``specHash``): a JSON document ``{"title", "description", "items":
  [{"description", "quantity", "unit"}]}`` (format ``rantai-spec/1``, ``docs/portal.md``) or any
  UTF-8 text, whose first line is then the title;
- each **item description** (``descriptionHash``): UTF-8 text stored under that hash.

A document is *verified against the chain* when the store holds bytes that hash to the
on-chain value (the store checks every read), and, for the specification's item list, when each
item's quantity and unit equal the chain's and its description hashes to the item's
``descriptionHash``. Anything else is shown as unverified, never silently trusted.

Titles and item words go into ``portal_texts`` (a table of the portal's own in the audit
database) so that lists can be searched by them. :func:`public_document` decides what the
document route may serve: only a hash the chain records as a tender specification or an item
description, and never an encrypted envelope.

Example::

    >>> spec_document("Laptop", [("Laptop 14 inci", 40, "unit")])[:20]
    b'{"format": "rantai-s'
"""

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from eth_utils.crypto import keccak

from py_client.audit.db import Database
from py_client.documents.envelope import is_envelope
from py_client.documents.errors import DocumentError
from py_client.documents.store import DocumentStore
from py_client.portal.cache import TEXTS_TABLE, has_texts
from py_client.portal.search import ensure_search, put_words

log = logging.getLogger(__name__)

SPEC_FORMAT = "rantai-spec/1"
MAX_TITLE = 200
MAX_DOCUMENT_BYTES = 2 * 1024 * 1024


@dataclass
class ItemText:
    """One tender item as the public sees it: the chain's quantity and unit, and its name."""

    index: int
    description_hash: str
    quantity: int
    unit: str
    name: str = ""
    verified: bool = False


@dataclass
class TenderText:
    """A tender's title, description and items from its public documents."""

    tender_id: int
    spec_hash: str
    title: str = ""
    description: str = ""
    spec_verified: bool = False
    items: list[ItemText] = field(default_factory=list)

    @property
    def verified(self) -> bool:
        """The specification and every item name match the chain's hashes."""
        return self.spec_verified and all(i.verified for i in self.items)


def spec_document(
    title: str, items: Sequence[tuple[str, int, str]], description: str = ""
) -> bytes:
    """A specification document (``rantai-spec/1``): title, description and item list.

    Args:
        title: The tender's title, in words.
        items: ``(description, quantity, unit)`` per item, in the tender's item order.
        description: What is bought and why, in a few sentences.
    """
    body = {
        "format": SPEC_FORMAT,
        "title": title,
        "description": description,
        "items": [{"description": d, "quantity": q, "unit": u} for d, q, u in items],
    }
    return json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8")


def item_hash(description: str) -> bytes:
    """The ``descriptionHash`` of an item: keccak256 of its UTF-8 description."""
    return keccak(description.encode("utf-8"))


def _digest(value: Any) -> bytes | None:
    text = str(value or "")
    text = text[2:] if text.startswith("0x") else text
    try:
        raw = bytes.fromhex(text)
    except ValueError:
        return None
    return raw if len(raw) == 32 and any(raw) else None


def _text(data: bytes) -> str | None:
    if is_envelope(data) or len(data) > MAX_DOCUMENT_BYTES:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


class PublicDocuments:
    """Public tender documents from a store, checked against the audit index's hashes.

    Args:
        db: The audit database (``tenders``, ``tender_items``; ``portal_texts`` is created).
        store: The document store the agencies publish to, or ``None`` (nothing is found).
    """

    def __init__(self, db: Database, store: DocumentStore | None, *, writable: bool = True) -> None:
        self.db = db
        self.store = store
        if writable:
            db.execute(TEXTS_TABLE)
            ensure_search(db)  # the word search (FTS), filled for an index made before it

    def fetch(self, digest: bytes) -> bytes | None:
        """The stored bytes of ``digest`` (checked to hash to it), or ``None``."""
        if self.store is None:
            return None
        try:
            return self.store.get(digest)
        except DocumentError as err:
            log.info("public document 0x%s not available: %s", digest.hex(), err)
            return None

    def describe(self, tender_id: int) -> TenderText | None:
        """What a tender buys, in words, with what of it is verified; ``None`` if no tender."""
        spec_hash = self.db.scalar("SELECT spec_hash FROM tenders WHERE tender_id = ?", [tender_id])
        if spec_hash is None:
            return None
        found = TenderText(tender_id, str(spec_hash))
        found.items = [
            ItemText(
                int(r["item_index"]), str(r["description_hash"]), int(r["quantity"]), str(r["unit"])
            )
            for r in self.db.query(
                "SELECT item_index, description_hash, quantity, unit FROM tender_items "
                "WHERE tender_id = ? ORDER BY item_index",
                [tender_id],
            )
        ]
        digest = _digest(spec_hash)
        data = self.fetch(digest) if digest else None
        content = _text(data) if data is not None else None
        if content is not None:
            found.spec_verified = True
            self._read_spec(found, content)
        for item in found.items:
            self._name_item(item)
        return found

    def _read_spec(self, found: TenderText, content: str) -> None:
        try:
            body = json.loads(content)
        except ValueError:
            body = None
        if isinstance(body, dict) and body.get("format") == SPEC_FORMAT:
            found.title = str(body.get("title") or "")[:MAX_TITLE]
            found.description = str(body.get("description") or "")
            listed = body.get("items")
            if isinstance(listed, list):
                for item, entry in zip(found.items, listed, strict=False):
                    if not isinstance(entry, dict):
                        continue
                    name = str(entry.get("description") or "")
                    item.name = name
                    item.verified = (
                        item_hash(name).hex() == item.description_hash.removeprefix("0x")
                        and entry.get("quantity") == item.quantity
                        and str(entry.get("unit")) == item.unit
                    )
            return
        lines = [line.strip() for line in content.splitlines() if line.strip()]
        found.title = lines[0][:MAX_TITLE] if lines else ""
        found.description = "\n".join(lines[1:])

    def _name_item(self, item: ItemText) -> None:
        """An item whose name the specification did not prove: its own stored description."""
        if item.verified:
            return
        digest = _digest(item.description_hash)
        data = self.fetch(digest) if digest else None
        name = _text(data) if data is not None else None
        if name is not None:
            item.name, item.verified = name.strip(), True

    def item_names(self, hashes: Sequence[str]) -> dict[str, ItemText]:
        """Verified names of order lines' ``itemHash`` values (from any tender that lists them)."""
        names: dict[str, ItemText] = {}
        wanted = sorted({h for h in hashes if h})
        if not wanted:
            return names
        marks = ", ".join("?" for _ in wanted)
        for row in self.db.query(
            f"SELECT DISTINCT tender_id, description_hash FROM tender_items WHERE "  # noqa: S608 - placeholders only
            f"description_hash IN ({marks})",
            wanted,
        ):
            if str(row["description_hash"]) in names:
                continue
            described = self.describe(int(row["tender_id"]))
            for item in described.items if described else []:
                if item.verified and item.description_hash in wanted:
                    names.setdefault(item.description_hash, item)
        for h in wanted:
            if h not in names:
                item = ItemText(0, h, 0, "")
                self._name_item(item)
                if item.verified:
                    names[h] = item
        return names

    def index_texts(self, limit: int = 500) -> int:
        """Put the titles and item words of tenders not yet in ``portal_texts`` there.

        Returns:
            How many tenders were added (a tender whose specification is missing is added
            unverified with an empty title, and re-read when its page is shown).
        """
        rows = self.db.query(  # tender ids only grow: start after the last one described
            "SELECT tender_id FROM tenders WHERE tender_id > (SELECT COALESCE(MAX(tender_id), 0) "
            "FROM portal_texts) ORDER BY tender_id LIMIT ?",
            [limit],
        )
        for r in rows:
            described = self.describe(int(r["tender_id"]))
            if described is not None:
                self.remember(described)
        return len(rows)

    def remember(self, described: TenderText) -> None:
        """Store (or refresh) a tender's searchable words."""
        words = " ".join(
            [described.title, *(i.name for i in described.items if i.verified)]
        ).lower()
        with self.db.transaction():
            self.db.execute("DELETE FROM portal_texts WHERE tender_id = ?", [described.tender_id])
            self.db.execute(
                "INSERT INTO portal_texts (tender_id, spec_hash, title, words, verified) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    described.tender_id,
                    described.spec_hash,
                    described.title,
                    words,
                    int(described.verified),
                ],
            )
            put_words(self.db, described.tender_id, words)

    def titles(self, tender_ids: Sequence[int]) -> dict[int, str]:
        """The known titles of ``tender_ids`` (from ``portal_texts``)."""
        ids = [int(i) for i in tender_ids if i]
        if not ids or not has_texts(self.db):
            return {}
        marks = ", ".join("?" for _ in ids)
        return {
            int(r["tender_id"]): str(r["title"])
            for r in self.db.query(
                f"SELECT tender_id, title FROM portal_texts WHERE tender_id IN ({marks})",  # noqa: S608 - placeholders only
                ids,
            )
            if r["title"]
        }

    def public_document(self, digest: bytes) -> bytes | None:
        """The bytes the document route may serve for ``digest``, or ``None``.

        Only a hash the chain records as a tender specification or the description of a tender
        item or an order line is public; confidential documents (contracts, BASTs, evidence,
        rulings) are recorded under other names and are encrypted envelopes, never served.
        """
        hex_digest = "0x" + digest.hex()
        public = self.db.scalar(
            "SELECT 1 FROM tenders WHERE spec_hash = ? UNION SELECT 1 FROM tender_items "
            "WHERE description_hash = ? UNION SELECT 1 FROM order_lines WHERE item_hash = ?",
            [hex_digest, hex_digest, hex_digest],
        )
        if not public:
            return None
        data = self.fetch(digest)
        if data is None or is_envelope(data):
            return None
        return data


__all__ = [
    "SPEC_FORMAT",
    "ItemText",
    "PublicDocuments",
    "TenderText",
    "item_hash",
    "spec_document",
]

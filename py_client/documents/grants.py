"""Grant files: envelope keys re-wrapped for a reader appointed after the envelopes were sealed.

An auditor appointed after a procurement is named in none of its envelopes. Any recipient of an
envelope (a party, or an auditor already in office) unwraps its content key and wraps it again
for the new auditor's published key with HPKE (:mod:`~py_client.documents.wrap`, label
``RANTAI-GRANT/1``, bound to the grantee's account and the envelope's hash). The envelope and
its hash on chain stay unchanged; the re-wrapped stanzas go into one *grant file*, stored in the
same content-addressed store, and ``Registry.recordDocumentGrant`` records on chain who granted
whom which envelopes, with the grant file's keccak256.

Layout (bytes)::

    b"RANTAI-GRANT/1\\n" canonical-json
    {"envelopes": [{"enc", "envelope", "wrapped"}, ...], "grantee", "granter", "key", "suite"}

The grantee opens an envelope with the stanza for it (:func:`stanzas_for`): the key must match
the envelope's key commitment (version 2) and the body must authenticate, so a grant file
cannot make an envelope say something else; a wrong grant only fails to open.

Example::

    >>> from py_client.documents.envelope import Recipient, open_envelope, seal
    >>> from py_client.documents.keys import EncryptionKey
    >>> party, auditor = EncryptionKey.generate(), EncryptionKey.generate()
    >>> a, b = "0x" + "aa" * 20, "0x" + "bb" * 20
    >>> sealed = seal(b"kontrak", [Recipient(a, party.public_bytes)])
    >>> grant = parse_grant(make_grant([sealed], [party], a, Recipient(b, auditor.public_bytes)))
    >>> open_envelope(sealed, [auditor], b, stanzas_for(grant, sealed)).content
    b'kontrak'
"""

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from eth_utils.address import is_address, to_checksum_address
from eth_utils.crypto import keccak

from py_client.documents.envelope import (
    Recipient,
    content_key_of,
    open_with_key,
    parse_envelope,
    stanza_from_json,
)
from py_client.documents.envelope_v1 import canonical
from py_client.documents.errors import DocumentTampered, NoRecipients
from py_client.documents.keys import EncryptionKey
from py_client.documents.wrap import GRANT_LABEL, SUITE_V2, Stanza, wrap
from py_client.limits import MAX_GRANT_ENVELOPES

GRANT_MAGIC = b"RANTAI-GRANT/1\n"


@dataclass(frozen=True)
class Grant:
    """A parsed grant file: the grantee's stanza per envelope hash."""

    digest: bytes
    grantee: str
    granter: str
    key: bytes
    stanzas: Mapping[bytes, Stanza]


def is_grant(data: bytes) -> bool:
    """Whether ``data`` starts like a grant file."""
    return data.startswith(GRANT_MAGIC)


def make_grant(
    envelopes: Sequence[bytes],
    keys: Sequence[EncryptionKey],
    granter: str,
    grantee: Recipient,
    held: Mapping[bytes, Sequence[Stanza]] | None = None,
) -> bytes:
    """Re-wrap the content key of each envelope for ``grantee``; return the grant file's bytes.

    Args:
        envelopes: The envelopes (bytes, as stored).
        keys: The granter's keys; each envelope must be wrapped for one of them.
        granter: The granter's address.
        grantee: The new reader's account and raw X25519 public key.
        held: Stanzas granted to the granter itself, by envelope hash (to pass a grant on).

    Raises:
        NoRecipients: No envelope, too many, or a malformed grantee.
        NotARecipient: The granter cannot open one of the envelopes.
        DocumentTampered, HashMismatch: An envelope is damaged (checked before granting).
    """
    if not envelopes or len(envelopes) > MAX_GRANT_ENVELOPES:
        raise NoRecipients(f"a grant covers 1 to {MAX_GRANT_ENVELOPES} envelopes")
    if not is_address(grantee.account) or len(grantee.public_key) != 32:
        raise NoRecipients(f"not a grantee: {grantee.account!r}")
    account = to_checksum_address(grantee.account)
    entries: dict[str, dict[str, str]] = {}
    for envelope in envelopes:
        parsed = parse_envelope(envelope)
        granted = (held or {}).get(parsed.digest, ())
        content_key = content_key_of(parsed, keys, granter, granted)
        if parsed.version == 1:
            open_with_key(parsed, content_key)  # no commitment: check the key opens the body
        try:
            stanza = wrap(content_key, account, grantee.public_key, parsed.digest, GRANT_LABEL)
        except ValueError as err:
            raise NoRecipients(f"the grantee's key is not an X25519 key: {err}") from None
        entries["0x" + parsed.digest.hex()] = {
            "enc": stanza.enc.hex(),
            "envelope": "0x" + parsed.digest.hex(),
            "wrapped": stanza.wrapped.hex(),
        }
    body = {
        "envelopes": [entries[k] for k in sorted(entries)],
        "grantee": account,
        "granter": to_checksum_address(granter),
        "key": grantee.public_key.hex(),
        "suite": SUITE_V2,
    }
    return GRANT_MAGIC + canonical(body)


def parse_grant(data: bytes) -> Grant:
    """Read a grant file.

    Raises:
        DocumentTampered: It is not a well-formed grant file.
    """
    digest = keccak(data)
    if not is_grant(data):
        raise DocumentTampered("grant file", digest, "it does not start with the grant marker")
    text = data[len(GRANT_MAGIC) :]
    try:
        raw = json.loads(text)
        if canonical(raw) != text or raw.get("suite") != SUITE_V2:
            raise ValueError("not a canonical version 1 grant")
        grantee, granter = str(raw["grantee"]), str(raw["granter"])
        if not is_address(granter):
            raise ValueError("bad granter")
        stanzas = {}
        for entry in raw["envelopes"]:
            envelope = bytes.fromhex(str(entry["envelope"]).removeprefix("0x"))
            if len(envelope) != 32:
                raise ValueError("bad envelope hash")
            stanzas[envelope] = stanza_from_json({**entry, "account": grantee, "key": raw["key"]})
    except (ValueError, KeyError, TypeError, AttributeError):
        raise DocumentTampered("grant file", digest, "it is malformed") from None
    key = bytes.fromhex(raw["key"])
    return Grant(digest, grantee, to_checksum_address(granter), key, stanzas)


def stanzas_for(grant: Grant, envelope: bytes) -> tuple[Stanza, ...]:
    """The stanza ``grant`` holds for ``envelope`` (none if it does not cover it)."""
    stanza = grant.stanzas.get(keccak(envelope))
    return (stanza,) if stanza is not None else ()


__all__ = [
    "GRANT_MAGIC",
    "MAX_GRANT_ENVELOPES",
    "Grant",
    "is_grant",
    "make_grant",
    "parse_grant",
    "stanzas_for",
]

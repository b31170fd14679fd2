"""Key grants on a real chain: an auditor appointed after a procurement reads its documents.

The parties store a confidential contract and dispute reason for an order; a new auditor is
appointed afterwards and cannot read them; a party grants it the whole process with one
transaction (``DocumentAccessGranted`` per envelope, the grant file in the store), after which it
reads both, while the envelopes' bytes and the hashes on chain stay unchanged. Removing the
granter's account stops its future grants; a key already read cannot be taken back.

The garbage collector lists, then deletes, envelopes no event references (a failed
transaction's, one never recorded) once older than the grace period, and keeps referenced
envelopes, public documents, recent files and files stored again meanwhile.
"""

import os
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from eth_utils import keccak

from py_client import ContractError, InvalidInput, NotAuthorized
from py_client.audit.db import open_database
from py_client.audit.queries import process
from py_client.audit.rpc import RawRpc
from py_client.audit.sync import sync
from py_client.documents import (
    Confidential,
    EncryptionKey,
    NoRecipients,
    NotARecipient,
    Recipient,
    seal,
)
from py_client.documents.gc import collect_orphans
from py_client.documents.grants import parse_grant
from tests.support.client import World, goods_line
from tests.support.constants import AUDITOR_ORG, ROLE_NAMES
from tests.support.documents import DocumentWorld, save_key_files
from tests.support.registry import NEWCOMER_INDEX

pytestmark = pytest.mark.no_contract_trace

NEW_AUDITOR_INDEX = NEWCOMER_INDEX  # in no organisation until the test appoints it
CONTRACT = b"SURAT PERJANJIAN 2026/PO-7: Siti Rahayu, NIK 3201234567890002"
REASON = b"KEBERATAN: barang rusak, rekening BCA 1234567890"


@pytest.fixture(scope="module")
def key_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return save_key_files(tmp_path_factory.mktemp("grant-keys"), (*ROLE_NAMES, "new_auditor"))


@pytest.fixture
def w(
    request: pytest.FixtureRequest,
    accounts: Any,
    document_world: DocumentWorld,
    key_files: dict[str, Path],
    tmp_path: Path,
) -> World:
    """Clients per role (and a new auditor) sharing one store, each with its key file."""
    people = {name: request.getfixturevalue(name) for name in ROLE_NAMES}
    people["new_auditor"] = accounts[NEW_AUDITOR_INDEX]
    return document_world(people, key_files, tmp_path / "documents")


def test_a_later_auditor_reads_a_whole_process_after_one_grant(w: World, rpc_url: str) -> None:
    for name in ("agency", "supplier", "auditor"):
        getattr(w, name).documents.publish_key()
    order_id = w.direct_order([goods_line("rice", 100, 100_000)])
    w.agency.agency.approve_escrow(order_id)
    accepted = w.supplier.supplier.accept_order(order_id, Confidential(CONTRACT, name="k.pdf"))
    contract_hash = accepted.extra["documents"][0].digest
    opened = w.agency.agency.open_dispute(order_id, Confidential(REASON))
    reason_hash = opened.extra["documents"][0].digest
    store = w.supplier.documents.store
    before = {h: store.get(h) for h in (contract_hash, reason_hash)}

    # Appointed after the documents were sealed: named in no envelope.
    new = w.address("new_auditor")
    w.governor.governor.add_account(new, AUDITOR_ORG)
    w.governor.governor.grant_role("auditor", new)
    w.new_auditor.documents.publish_key()
    with pytest.raises(NotARecipient):
        w.new_auditor.documents.get(contract_hash)

    outcome = w.supplier.documents.grant_process(w.supplier.ocid("PO", order_id), new)
    assert set(outcome.envelopes) == {contract_hash, reason_hash}
    [record] = outcome.grants
    events = [e.args for e in record.tx.events_named("DocumentAccessGranted")]
    assert {(bytes(e["envelopeHash"]), e["grantee"], e["granter"]) for e in events} == {
        (contract_hash, new, w.address("supplier")),
        (reason_hash, new, w.address("supplier")),
    }
    assert {bytes(e["grantHash"]) for e in events} == {record.grant_hash}
    grant = parse_grant(store.get(record.grant_hash))
    assert (grant.grantee, grant.granter) == (new, w.address("supplier"))
    assert keccak(store.get(record.grant_hash)) == record.grant_hash

    assert w.new_auditor.documents.get(contract_hash).content == CONTRACT
    assert w.new_auditor.documents.get(reason_hash).content == REASON
    assert {h: store.get(h) for h in before} == before  # envelopes untouched

    # The audit trail of the process shows who gave whom access, and when.
    with open_database(":memory:") as db:
        sync(db, RawRpc(rpc_url), w.supplier.deployment)
        timeline = process(db, w.supplier.ocid("PO", order_id)).timeline
    granted = [e for e in timeline if e.event == "DocumentAccessGranted"]
    assert {(e.args["envelopeHash"], e.args["granter"].lower()) for e in granted} == {
        ("0x" + contract_hash.hex(), w.address("supplier").lower()),
        ("0x" + reason_hash.hex(), w.address("supplier").lower()),
    }
    assert all(e.at > 0 and e.args["grantee"].lower() == new.lower() for e in granted)

    again = w.supplier.documents.grant_process(f"order:{order_id}", new)
    assert again.grants == ()
    assert {reason for _, reason in again.skipped} == {"granted already"}

    # Revocation stops future grants (nothing stored, nothing sent); what was read stays read.
    w.governor.governor.remove_account(w.address("supplier"))
    files = set(store.digests())
    with pytest.raises(NotAuthorized, match="may not grant document access"):
        w.supplier.documents.grant(w.address("auditor"), [contract_hash])
    assert set(store.digests()) == files
    assert w.new_auditor.documents.get(contract_hash).content == CONTRACT


# ------------------------------------------------------------------------------ orphans

DAY = 86_400


def age(store: Any, digest: bytes, seconds: int) -> None:
    stamp = time.time() - seconds
    os.utime(store.path_of(digest), (stamp, stamp))


def test_gc_lists_then_deletes_only_old_unreferenced_envelopes(w: World) -> None:
    for name in ("agency", "supplier", "auditor"):
        getattr(w, name).documents.publish_key()
    order_id = w.direct_order([goods_line("rice", 100, 100_000)])
    w.agency.agency.approve_escrow(order_id)
    accepted = w.supplier.supplier.accept_order(order_id, Confidential(CONTRACT))
    referenced = accepted.extra["documents"][0].digest
    docs = w.agency.documents
    store = docs.store
    # A transaction that fails after its document was stored leaves an orphan behind.
    with pytest.raises(ContractError):
        w.raw("supplier").supplier.accept_order(order_id, Confidential(b"second acceptance"))
    (failed,) = set(store.digests()) - {referenced}
    unrecorded = docs.put(REASON, order_id=order_id).digest
    public = docs.put_public(b"SPESIFIKASI: 100 laptop").digest
    in_flight = docs.put(b"stored a moment ago", order_id=order_id).digest
    for digest in (referenced, failed, unrecorded, public):
        age(store, digest, 2 * DAY)

    report = collect_orphans(w.agency, store)  # a dry run
    assert {(o.digest, o.kind) for o in report.orphans} == {
        (failed, "envelope"),
        (unrecorded, "envelope"),
    }
    assert (report.recent, report.deleted) == (1, ())
    assert set(store.digests()) == {referenced, failed, unrecorded, public, in_flight}

    store.put(store.get(failed))  # stored again (a retried transaction): young again
    report = collect_orphans(w.agency, store, delete=True)
    assert report.deleted == (unrecorded,)
    assert set(store.digests()) >= {referenced, failed, public, in_flight}
    assert unrecorded not in set(store.digests())
    with pytest.raises(InvalidInput, match="grace period cannot be negative"):
        collect_orphans(w.agency, store, grace=timedelta(seconds=-1))


def test_put_sealed_takes_only_envelopes_that_name_every_reader(w: World) -> None:
    for name in ("agency", "supplier", "auditor"):
        getattr(w, name).documents.publish_key()
    order_id = w.direct_order([goods_line("rice", 100, 100_000)])
    docs = w.agency.documents
    with pytest.raises(InvalidInput, match="must arrive sealed"):
        docs.put_sealed(CONTRACT, order_id=order_id)
    readers, _ = docs.recipients(order_id=order_id)
    without_auditor = [r for r in readers if r.account != w.address("auditor")]
    with pytest.raises(NoRecipients, match=f"leaves out {w.address('auditor')}"):
        docs.put_sealed(seal(CONTRACT, without_auditor), order_id=order_id)
    outsider = Recipient(w.address("outsider"), EncryptionKey.generate().public_bytes)
    with pytest.raises(
        NoRecipients, match=f"readers the process does not have: {outsider.account}"
    ):
        docs.put_sealed(seal(CONTRACT, [*readers, outsider]), order_id=order_id)
    assert list(docs.store.digests()) == []
    stored = docs.put_sealed(seal(CONTRACT, readers, name="k.pdf"), order_id=order_id)
    assert w.auditor.documents.get(stored.digest).content == CONTRACT

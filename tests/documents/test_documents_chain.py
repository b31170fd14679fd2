"""Confidential documents on a real chain: keys in the Registry, recipients, the lifecycle.

Each participant has a key file (made once per module with a low scrypt cost) and publishes its
public key per test (Ape reverts the chain after each test). All clients share one store folder,
standing in for a store the parties share. The lifecycle test stores a contract, checkpoint
evidence, a BAST, a dispute reason and a ruling encrypted, and a public tender specification,
then scans every log and every transaction of the chain for their plaintext.
"""

from pathlib import Path
from typing import Any

import pytest
from eth_utils import keccak

from py_client import AllowanceTooLow, InvalidInput, Item, Role
from py_client.documents import (
    Confidential,
    DocumentNotFound,
    Documents,
    EncryptionKeyError,
    HashMismatch,
    KeyRing,
    MissingEncryptionKey,
    NoRecipients,
    NotARecipient,
    Public,
    WrongPassword,
)
from py_client.models import Origin
from tests.support.client import World, goods_line
from tests.support.constants import AUDITOR_ORG, ROLE_NAMES, SUPPLIER_ORG
from tests.support.documents import DocumentWorld, save_key_files

# Contract paths are covered by the contract suites; this one runs untraced (docs/contracts.md).
pytestmark = pytest.mark.no_contract_trace


CONTRACT = b"SURAT PERJANJIAN 2026/PO-1: pihak kedua Siti Rahayu, NIK 3201234567890002"
EVIDENCE = b"JPEG\xff\xd8 foto serah terima: sopir Agus Wijaya, SIM 1234-5678-901234"
BAST = b"BERITA ACARA SERAH TERIMA: diterima oleh Budi Santoso, NIP 198001012005011001"
REASON = b"KEBERATAN: barang rusak, rekening BCA 1234567890 a.n. Dewi Lestari"
RULING = b"PUTUSAN ARBITER: saksi Hendra Gunawan, NPWP pribadi 09.254.294.3-407.000"
SPEC = b"SPESIFIKASI TEKNIS: 100 laptop 14 inci, RAM 16 GB"
SECRETS = (CONTRACT, EVIDENCE, BAST, REASON, RULING)
PERSONAL = (
    b"Siti Rahayu",
    b"3201234567890002",
    b"Agus Wijaya",
    b"Budi Santoso",
    b"198001012005011001",
    b"1234567890",
    b"Dewi Lestari",
    b"Hendra Gunawan",
    b"09.254.294.3-407.000",
)


@pytest.fixture(scope="module")
def key_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A key file per role account."""
    return save_key_files(tmp_path_factory.mktemp("keys"), ROLE_NAMES)


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "documents"


@pytest.fixture
def w(
    request: pytest.FixtureRequest,
    document_world: DocumentWorld,
    key_files: dict[str, Path],
    store_dir: Path,
) -> World:
    """Clients per role whose ``documents`` use the role's key file and the shared store."""
    accounts = {name: request.getfixturevalue(name) for name in ROLE_NAMES}
    return document_world(accounts, key_files, store_dir)


def publish(w: World, *names: str) -> None:
    for name in names:
        client = getattr(w, name)
        result = client.documents.publish_key()
        event = result.event("EncryptionKeyPublished")
        assert event["account"] == w.address(name)
        assert event["publicKey"] == client.documents.key_ring.current.published
        assert client.whoami().encryption_key == client.documents.key_ring.current.published


def accounts_of(w: World, *names: str) -> set[str]:
    return {w.address(n) for n in names}


def active_order(w: World) -> int:
    return w.accepted(w.direct_order([goods_line("rice", 100, 100_000)]))


# ------------------------------------------------------------------------------ keys


def test_publish_key_emits_EncryptionKeyPublished_and_the_registry_returns_it(w: World) -> None:
    publish(w, "supplier")
    documents = w.supplier.documents
    assert documents.published_key(w.address("supplier")) == (
        documents.key_ring.current.public_bytes
    )
    assert documents.published_key(w.address("carrier")) is None


def test_publish_key_refuses_a_key_file_made_for_another_account(w: World) -> None:
    documents = Documents(w.supplier, key_ring=KeyRing.generate(w.address("agency")))
    with pytest.raises(EncryptionKeyError, match=f"made for {w.address('agency')}"):
        documents.publish_key()


def test_a_wrong_key_file_password_fails_clearly_and_sends_nothing(
    w: World, key_files: dict[str, Path]
) -> None:
    nonce = w.agency.w3.eth.get_transaction_count(w.address("agency"))
    documents = Documents(w.agency, key_file=key_files["agency"], password="salah")
    with pytest.raises(WrongPassword, match="wrong password"):
        documents.publish_key()
    assert w.agency.w3.eth.get_transaction_count(w.address("agency")) == nonce


# ------------------------------------------------------------------------------ recipients


def test_default_recipients_of_an_order_are_its_parties_every_auditor_and_the_signer(
    w: World,
) -> None:
    publish(w, "agency", "supplier", "auditor", "carrier", "arbiter")
    order_id = active_order(w)
    recipients, skipped = w.arbiter.documents.recipients(order_id=order_id)
    assert {r.account for r in recipients} == accounts_of(
        w, "agency", "supplier", "auditor", "arbiter"
    )
    assert skipped == ()
    published = {r.account: r.public_key for r in recipients}
    assert published[w.address("auditor")] == w.auditor.documents.key_ring.current.public_bytes


def test_a_shipment_adds_the_carrier_holding_custody(w: World) -> None:
    publish(w, "agency", "supplier", "auditor", "carrier")
    shipment_id = w.shipment(active_order(w), [100])
    recipients, _ = w.carrier.documents.recipients(shipment_id=shipment_id)
    assert {r.account for r in recipients} == accounts_of(
        w, "agency", "supplier", "auditor", "carrier"
    )


def test_a_recipient_without_a_published_key_is_an_error_naming_it(
    w: World, store_dir: Path
) -> None:
    publish(w, "agency", "auditor")
    order_id = active_order(w)
    with pytest.raises(MissingEncryptionKey, match="has published no encryption key") as caught:
        w.agency.documents.put(BAST, order_id=order_id)
    assert caught.value.account == w.address("supplier")
    assert f"supplier of order {order_id}" in str(caught.value)
    assert not store_dir.exists() or not any(store_dir.rglob("*"))  # nothing was stored

    stored = w.agency.documents.put(BAST, order_id=order_id, skip_missing=True)
    assert stored.skipped == (w.address("supplier"),)
    assert {r.account for r in stored.recipients} == accounts_of(w, "agency", "auditor")


def test_an_auditor_without_a_key_blocks_storing_and_a_revoked_one_is_no_recipient(
    w: World,
) -> None:
    publish(w, "agency", "supplier")
    order_id = active_order(w)
    with pytest.raises(MissingEncryptionKey, match=f"{w.address('auditor')} \\(AUDITOR\\)"):
        w.agency.documents.recipients(order_id=order_id)
    w.governor.governor.revoke_role("auditor", w.address("auditor"))
    recipients, _ = w.agency.documents.recipients(order_id=order_id)
    assert {r.account for r in recipients} == accounts_of(w, "agency", "supplier")


def test_to_takes_roles_organisation_ids_and_addresses(w: World) -> None:
    publish(w, "agency", "agency2", "supplier", "auditor", "carrier", "arbiter")
    recipients, _ = w.agency.documents.recipients(
        ["arbiter", SUPPLIER_ORG, f"org:{AUDITOR_ORG}", w.address("carrier").lower(), Role.AGENCY],
        auditors=False,
    )
    assert {r.account for r in recipients} == accounts_of(
        w, "agency", "agency2", "supplier", "auditor", "carrier", "arbiter"
    )
    for bad, message in (
        ("wizard", "not a recipient: 'wizard'"),
        ("0x1234", "not a valid address"),
    ):
        with pytest.raises(InvalidInput, match=message):
            w.agency.documents.recipients([bad])
    with pytest.raises(NoRecipients, match="nobody but the signer"):
        w.agency.documents.recipients([w.address("agency")], auditors=False)


# ------------------------------------------------------------------------------ lifecycle


def test_full_lifecycle_stores_documents_encrypted_and_no_event_carries_their_plaintext(
    w: World, chain: Any
) -> None:
    start_block = int(w.governor.w3.eth.block_number) + 1
    publish(w, "agency", "supplier", "carrier", "carrier2", "auditor", "arbiter")

    # A public specification: stored in the clear, recorded by keccak256 of its content.
    now = w.now()
    opened = w.agency.agency.open_tender(
        spec=Public(SPEC),
        spec_uri="rantai://docs/spec",
        items=[Item(keccak(text="laptop"), 100, "unit")],
        hps_idr=1_000_000_000,
        bid_deadline_at=now + 4 * 86_400,
        reveal_deadline_at=now + 6 * 86_400,
        fiscal_year=2026,
    )
    spec_hash = bytes(opened.event("TenderOpened")["params"]["specHash"])
    assert spec_hash == keccak(SPEC) == opened.extra["documents"][0].digest
    assert w.outsider.documents.get(spec_hash).content == SPEC  # anyone reads a public document

    # The order: the contract, checkpoint evidence and the BAST, each encrypted.
    order_id = w.direct_order()
    w.agency.agency.approve_escrow(order_id)
    accepted = w.supplier.supplier.accept_order(
        order_id, Confidential(CONTRACT, name="kontrak.pdf")
    )
    shipment_id = w.supplier.supplier.register_shipment(
        order_id, [100], w.address("carrier"), w.now() + 5 * 86_400, Origin("ID", "ID-JB", "8991")
    ).shipment_id
    assert shipment_id is not None
    picked = w.carrier.carrier.record_checkpoint(
        shipment_id, "picked_up", "IDCGK", evidence=Confidential(EVIDENCE)
    )
    w.arrive(shipment_id)
    confirmed = w.agency.agency.confirm_delivery(shipment_id, bast=Confidential(BAST))

    # A disputed order: the reason and the ruling, encrypted.
    disputed_order = w.accepted(w.direct_order([goods_line("rice", 10, 100_000)]))
    opened_dispute = w.agency.agency.open_dispute(disputed_order, Confidential(REASON))
    w.supplier.supplier.respond_to_dispute(disputed_order, b"response")
    held = w.arbiter.order(disputed_order).held_idr
    resolved = w.arbiter.arbiter.resolve_dispute(
        disputed_order, held // 2, ruling=Confidential(RULING)
    )

    recorded = {
        CONTRACT: bytes(accepted.event("OrderAccepted")["contractHash"]),
        EVIDENCE: bytes(picked.event("CheckpointRecorded")["evidenceHash"]),
        BAST: bytes(confirmed.event("DeliveryConfirmed")["bastHash"]),
        REASON: bytes(opened_dispute.event("DisputeOpened")["reasonHash"]),
        RULING: bytes(resolved.event("DisputeResolved")["rulingHash"]),
    }
    results = (accepted, picked, confirmed, opened_dispute, resolved)
    for result, (plaintext, on_chain) in zip(results, recorded.items(), strict=True):
        (stored,) = result.extra["documents"]
        assert stored.encrypted
        assert stored.digest == on_chain  # the chain records the envelope's hash...
        assert on_chain != keccak(plaintext)  # ...not the plaintext's, which could be guessed

    # The on-chain hash of every recorded document verifies against the store.
    for plaintext, on_chain in recorded.items():
        verified = w.outsider.documents.verify(on_chain)  # no key needed to verify
        assert verified.encrypted
        assert verified.digest == on_chain
        document = w.auditor.documents.get(on_chain)  # every AUDITOR reads every document
        assert document.content == plaintext
        assert document.digest == on_chain

    # Who reads what: the parties of each process; a carrier of no process reads nothing.
    readers = {
        CONTRACT: ("agency", "supplier", "auditor"),
        EVIDENCE: ("agency", "supplier", "carrier", "auditor"),
        BAST: ("agency", "supplier", "auditor"),
        REASON: ("agency", "supplier", "auditor"),
        RULING: ("agency", "supplier", "arbiter", "auditor"),
    }
    for plaintext, names in readers.items():
        on_chain = recorded[plaintext]
        assert {r.account for r in w.auditor.documents.verify(on_chain).recipients} == (
            accounts_of(w, *names)
        )
        for name in names:
            assert getattr(w, name).documents.get(on_chain).content == plaintext
    assert w.auditor.documents.get(recorded[CONTRACT]).name == "kontrak.pdf"
    assert w.auditor.documents.get(recorded[BAST]).sender == w.address("agency")
    with pytest.raises(NotARecipient, match="not a recipient"):
        w.carrier2.documents.get(recorded[BAST])
    with pytest.raises(NotARecipient):
        w.carrier.documents.get(recorded[CONTRACT])  # the carrier is no party to the contract

    # No event, and no transaction, carries the plaintext, its personal data or its keccak256.
    w3 = w.governor.w3
    logs = w3.eth.get_logs({"fromBlock": start_block, "toBlock": "latest"})
    assert len(logs) > 20
    emitted = b"".join(bytes(t) for log in logs for t in log["topics"])
    emitted += b"".join(bytes(log["data"]) for log in logs)
    calldata = b"".join(
        bytes(tx["input"])
        for number in range(start_block, int(w3.eth.block_number) + 1)
        for tx in w3.eth.get_block(number, full_transactions=True)["transactions"]
    )
    for haystack in (emitted, calldata):
        for plaintext in SECRETS:
            assert plaintext not in haystack
            assert keccak(plaintext) not in haystack
        for personal in PERSONAL:
            assert personal not in haystack
        assert spec_hash in haystack  # the scan does see what is recorded


def test_an_altered_stored_copy_no_longer_verifies_against_the_chain(
    w: World, store_dir: Path
) -> None:
    publish(w, "agency", "supplier", "auditor")
    order_id = w.direct_order()
    w.agency.agency.approve_escrow(order_id)
    result = w.supplier.supplier.accept_order(order_id, Confidential(CONTRACT))
    on_chain = bytes(result.event("OrderAccepted")["contractHash"])
    path = w.auditor.documents.store.path_of(on_chain)  # type: ignore[attr-defined]
    path.write_bytes(path.read_bytes() + b" ")
    with pytest.raises(HashMismatch, match="altered or damaged"):
        w.auditor.documents.verify(on_chain)
    with pytest.raises(HashMismatch):
        w.auditor.documents.get(on_chain)
    path.unlink()
    with pytest.raises(DocumentNotFound, match=f"no document 0x{on_chain.hex()}"):
        w.auditor.documents.verify(on_chain)


def test_a_step_that_records_by_hash_only_refuses_a_document_to_store(w: World) -> None:
    nonce = w.governor.w3.eth.get_transaction_count(w.address("governor"))
    with pytest.raises(InvalidInput, match="recorded by hash only"):
        w.governor.governor.suspend_organisation(SUPPLIER_ORG, Confidential(REASON))
    assert w.governor.w3.eth.get_transaction_count(w.address("governor")) == nonce


def test_a_failed_check_before_sending_stores_nothing(w: World, store_dir: Path) -> None:
    publish(w, "agency", "supplier", "auditor")
    order_id = w.direct_order()  # not approved: acceptance would fail
    with pytest.raises(AllowanceTooLow, match="approve"):
        w.supplier.supplier.accept_order(order_id, Confidential(CONTRACT))
    assert list(w.supplier.documents.store.digests()) == []

"""Envelopes, key files and the document store, without a chain.

A recipient decrypts; a non-recipient gets "not a recipient"; any altered byte of an envelope,
a stored copy that no longer hashes to its address, or a document whose digest does not match
is detected; a wrong password fails clearly; rotation keeps old documents readable.
"""

import json
import os
import stat
import threading
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eth_utils import keccak

from py_client.documents import (
    DocumentNotFound,
    DocumentTampered,
    EncryptionKey,
    EncryptionKeyError,
    HashMismatch,
    InvalidPublicKey,
    KeyRing,
    LocalDocumentStore,
    NoRecipients,
    NotARecipient,
    Recipient,
    WrongPassword,
    open_envelope,
    open_store,
    seal,
)
from py_client.documents import envelope as envelope_module
from py_client.documents.keys import public_key_of
from py_client.documents.wrap import commitment_of, wrap
from py_client.errors import ConfigError, RantaiError
from py_client.settings import Settings
from tests.support.documents import forge_envelope

ALICE = "0x" + "a1" * 20
BOB = "0x" + "b2" * 20
EVE = "0x" + "e3" * 20
SENDER = "0x" + "5e" * 20
BAST = b"BERITA ACARA SERAH TERIMA 2026/001 - Nama: Budi Santoso, NIK 3174012345678901"
PASSWORD = "kata sandi yang panjang"
FAST_N = 2**10  # scrypt cost for tests; files record it, so loading uses the same


@pytest.fixture(scope="module")
def alice() -> EncryptionKey:
    return EncryptionKey.generate()


@pytest.fixture(scope="module")
def bob() -> EncryptionKey:
    return EncryptionKey.generate()


@pytest.fixture(scope="module")
def sealed(alice: EncryptionKey, bob: EncryptionKey) -> bytes:
    recipients = [Recipient(ALICE, alice.public_bytes), Recipient(BOB, bob.public_bytes)]
    return seal(BAST, recipients, name="bast-001.pdf", sender=SENDER)


def checksum(address: str) -> str:
    from eth_utils import to_checksum_address

    return str(to_checksum_address(address))


# ------------------------------------------------------------------------------ envelope


def test_each_recipient_decrypts_the_document_and_its_metadata(
    sealed: bytes, alice: EncryptionKey, bob: EncryptionKey
) -> None:
    for key, account in ((alice, ALICE), (bob, BOB)):
        opened = open_envelope(sealed, [key], account)
        assert opened.content == BAST
        assert opened.name == "bast-001.pdf"
        assert opened.sender == checksum(SENDER)
        assert opened.keccak256 == keccak(BAST)
        assert [r.account for r in opened.recipients] == [checksum(ALICE), checksum(BOB)]


def test_the_envelope_carries_no_plaintext_nor_its_digest_in_the_clear(sealed: bytes) -> None:
    for secret in (b"Budi Santoso", b"3174012345678901", b"bast-001", keccak(BAST)):
        assert secret not in sealed
    assert keccak(BAST).hex().encode() not in sealed
    assert sealed.startswith(envelope_module.MAGIC)


def test_sealing_twice_gives_different_envelopes_so_a_hash_cannot_be_guessed(
    alice: EncryptionKey,
) -> None:
    recipients = [Recipient(ALICE, alice.public_bytes)]
    assert keccak(seal(b"YA", recipients)) != keccak(seal(b"YA", recipients))


def test_a_non_recipient_gets_not_a_recipient(sealed: bytes) -> None:
    with pytest.raises(NotARecipient, match="not a recipient") as caught:
        open_envelope(sealed, [EncryptionKey.generate()], EVE)
    assert caught.value.account == checksum(EVE)
    assert caught.value.digest == keccak(sealed)
    assert isinstance(caught.value, PermissionError)


def test_a_recipient_with_the_wrong_key_is_told_which_key_it_needs(
    sealed: bytes, alice: EncryptionKey
) -> None:
    with pytest.raises(NotARecipient, match=f"another key of this account .*{alice.key_id}"):
        open_envelope(sealed, [EncryptionKey.generate()], ALICE)


@pytest.mark.parametrize(
    "where", ["marker", "header", "recipient key", "low-order enc", "commitment", "body", "tag"]
)
def test_any_altered_byte_is_detected(sealed: bytes, alice: EncryptionKey, where: str) -> None:
    data = bytearray(sealed)
    header_end = sealed.index(b"\n", len(envelope_module.MAGIC))
    if where == "marker":
        data[0] ^= 1
    elif where == "header":
        data = bytearray(sealed.replace(b'"suite"', b'"suitE"', 1))
    elif where == "recipient key":
        wrapped = json.loads(sealed[len(envelope_module.MAGIC) : header_end])["recipients"][0][
            "wrapped"
        ]
        altered = ("0" if wrapped[0] != "0" else "1") + wrapped[1:]
        data = bytearray(sealed.replace(wrapped.encode(), altered.encode()))
    elif where == "low-order enc":  # a zero point would make the shared secret zero
        header = json.loads(sealed[len(envelope_module.MAGIC) : header_end])
        enc = header["recipients"][0]["enc"]
        data = bytearray(sealed.replace(enc.encode(), b"00" * 32))
    elif where == "commitment":
        commitment = json.loads(sealed[len(envelope_module.MAGIC) : header_end])["commitment"]
        altered = ("0" if commitment[0] != "0" else "1") + commitment[1:]
        data = bytearray(sealed.replace(commitment.encode(), altered.encode()))
    elif where == "body":
        data[header_end + 5] ^= 0x40
    else:
        data[-1] ^= 1
    with pytest.raises(DocumentTampered, match="altered or damaged"):
        open_envelope(bytes(data), [alice], ALICE)


def test_a_swapped_header_of_another_envelope_fails_authentication(
    alice: EncryptionKey, sealed: bytes
) -> None:
    other = seal(b"another document", [Recipient(ALICE, alice.public_bytes)])
    magic = len(envelope_module.MAGIC)
    other_header = other[: other.index(b"\n", magic) + 1]
    body = sealed[sealed.index(b"\n", magic) + 1 :]
    with pytest.raises(DocumentTampered, match="does not authenticate"):
        open_envelope(other_header + body, [alice], ALICE)


def test_a_document_that_does_not_match_its_digest_is_a_hash_mismatch(
    alice: EncryptionKey,
) -> None:
    # An envelope built by a faulty sender: authentic, but the digest inside is of other bytes.
    content_key = AESGCM.generate_key(bit_length=256)
    forged = forge_envelope(
        content_key,
        [wrap(content_key, checksum(ALICE), alice.public_bytes, commitment_of(content_key))],
        {"name": "x", "size": 5, "keccak256": "0x" + keccak(b"other").hex(), "sender": None},
        b"wrong",
    )
    with pytest.raises(HashMismatch, match="differs from") as caught:
        open_envelope(forged, [alice], ALICE)
    assert caught.value.expected == keccak(b"other")
    assert caught.value.actual == keccak(b"wrong")


def test_seal_refuses_no_recipient_and_malformed_ones(alice: EncryptionKey) -> None:
    with pytest.raises(NoRecipients, match="at least one recipient"):
        seal(b"x", [])
    with pytest.raises(NoRecipients, match="not a recipient: '0x12'"):
        seal(b"x", [Recipient("0x12", alice.public_bytes)])
    with pytest.raises(NoRecipients, match="with a 33-byte key"):
        seal(b"x", [Recipient(ALICE, alice.published)])


# ------------------------------------------------------------------------------ keys


def test_published_key_is_a_format_byte_and_32_bytes(alice: EncryptionKey) -> None:
    assert alice.published[0] == 1
    assert len(alice.published) == 33
    assert public_key_of(ALICE, alice.published) == alice.public_bytes


@pytest.mark.parametrize("published", [b"\x01" + b"\x00" * 31, b"\x02" + b"\x11" * 32, b"x"])
def test_a_malformed_published_key_is_refused(published: bytes) -> None:
    with pytest.raises(InvalidPublicKey, match=f"published by {ALICE}"):
        public_key_of(ALICE, published)


def test_the_key_file_round_trips_and_is_private(tmp_path: Path) -> None:
    ring = KeyRing.generate(ALICE)
    path = ring.save(tmp_path / "keys" / "key.json", PASSWORD, scrypt_n=FAST_N)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    text = path.read_text()
    assert ring.current.private_bytes().hex() not in text
    data = json.loads(text)
    assert data["publicKey"] == "0x" + ring.current.published.hex()
    assert data["kdf"]["name"] == "scrypt"
    assert data["cipher"]["name"] == "AES-256-GCM"
    loaded = KeyRing.load(path, PASSWORD)
    assert loaded.current.public_bytes == ring.current.public_bytes
    assert loaded.account == checksum(ALICE)


def test_a_wrong_password_fails_clearly(tmp_path: Path) -> None:
    path = KeyRing.generate().save(tmp_path / "key.json", PASSWORD, scrypt_n=FAST_N)
    with pytest.raises(WrongPassword, match="wrong password") as caught:
        KeyRing.load(path, "not the password")
    assert isinstance(caught.value, ConfigError)  # the CLI exits 2, like a wrong keystore password
    assert str(path) in str(caught.value)


def test_an_altered_clear_field_of_the_key_file_fails_like_a_wrong_password(
    tmp_path: Path,
) -> None:
    path = KeyRing.generate().save(tmp_path / "key.json", PASSWORD, scrypt_n=FAST_N)
    data = json.loads(path.read_text())
    data["publicKey"] = "0x01" + "00" * 32  # someone swaps the public key shown in the file
    path.write_text(json.dumps(data))
    with pytest.raises(WrongPassword):
        KeyRing.load(path, PASSWORD)


@pytest.mark.parametrize(
    ("password", "content", "message"),
    [
        (None, None, "needs RANTAI_ENCRYPTION_KEY_PASSWORD"),
        (PASSWORD, None, "encryption key file not found"),
        (PASSWORD, "{}", "not a Rantai encryption key file"),
    ],
)
def test_key_file_problems_are_one_line_config_errors(
    tmp_path: Path, password: str | None, content: str | None, message: str
) -> None:
    path = tmp_path / "key.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(EncryptionKeyError, match=message):
        KeyRing.load(path, password)


def test_an_empty_password_is_refused(tmp_path: Path) -> None:
    with pytest.raises(EncryptionKeyError, match="non-empty password"):
        KeyRing.generate().save(tmp_path / "key.json", "", scrypt_n=FAST_N)
    assert not (tmp_path / "key.json").exists()


def test_rotation_keeps_documents_to_the_old_key_readable(tmp_path: Path) -> None:
    ring = KeyRing.generate(ALICE)
    old = seal(BAST, [Recipient(ALICE, ring.current.public_bytes)])
    rotated = ring.rotated()
    assert rotated.current.public_bytes != ring.current.public_bytes
    assert rotated.retired[0].public_bytes == ring.current.public_bytes
    path = rotated.save(tmp_path / "key.json", PASSWORD, scrypt_n=FAST_N)
    loaded = KeyRing.load(path, PASSWORD)
    assert open_envelope(old, loaded.keys, ALICE).content == BAST
    new = seal(b"new", [Recipient(ALICE, loaded.current.public_bytes)])
    with pytest.raises(NotARecipient):
        open_envelope(new, ring.keys, ALICE)  # the old ring cannot read what goes to the new key


# ------------------------------------------------------------------------------ store


def test_the_store_is_content_addressed_and_private(tmp_path: Path, sealed: bytes) -> None:
    store = LocalDocumentStore(tmp_path / "docs")
    digest = store.put(sealed)
    assert digest == keccak(sealed)
    assert store.put(sealed) == digest  # storing twice is harmless
    assert store.get(digest) == sealed
    assert list(store.digests()) == [digest]
    path = store.path_of(digest)
    assert path.parent.name == digest.hex()[:2]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "docs").st_mode) == 0o700


def test_a_stored_copy_that_no_longer_hashes_to_its_address_is_detected(
    tmp_path: Path, sealed: bytes
) -> None:
    store = LocalDocumentStore(tmp_path)
    digest = store.put(sealed)
    store.path_of(digest).write_bytes(sealed[:-1] + bytes([sealed[-1] ^ 1]))
    with pytest.raises(HashMismatch, match="altered or damaged") as caught:
        store.get(digest)
    assert caught.value.expected == digest


def test_an_unknown_hash_and_erasure(tmp_path: Path) -> None:
    store = LocalDocumentStore(tmp_path)
    digest = store.put(b"personal data")
    assert store.delete(digest) is True
    assert store.delete(digest) is False
    with pytest.raises(DocumentNotFound, match=f"no document 0x{digest.hex()}"):
        store.get(digest)


def test_open_store_takes_folders_and_file_urls_and_refuses_other_schemes(tmp_path: Path) -> None:
    assert isinstance(open_store(str(tmp_path)), LocalDocumentStore)
    store = open_store(f"file://{tmp_path}")
    assert isinstance(store, LocalDocumentStore)
    assert store.directory == tmp_path
    with pytest.raises(ConfigError, match="no document store backend for 's3://bucket'"):
        open_store("s3://bucket")


def test_every_document_error_is_a_rantai_error() -> None:
    for error in (DocumentNotFound, DocumentTampered, HashMismatch, NotARecipient, WrongPassword):
        assert issubclass(error, RantaiError)


# ------------------------------------------------------------------------------ settings


def test_settings_read_the_key_file_its_password_file_and_the_store(tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text(PASSWORD + "\n")
    settings = Settings.from_env(
        None,
        {
            "RANTAI_ENCRYPTION_KEY": str(tmp_path / "key.json"),
            "RANTAI_ENCRYPTION_KEY_PASSWORD_FILE": str(secret),
            "RANTAI_DOCUMENT_STORE": str(tmp_path / "docs"),
        },
    )
    assert settings.encryption_key == tmp_path / "key.json"
    assert settings.encryption_key_password == PASSWORD
    assert settings.document_store == str(tmp_path / "docs")
    assert PASSWORD not in repr(settings)
    with pytest.raises(ConfigError, match="RANTAI_ENCRYPTION_KEY_PASSWORD_FILE cannot be read"):
        Settings.from_env(None, {"RANTAI_ENCRYPTION_KEY_PASSWORD_FILE": str(tmp_path / "none")})


def test_storing_waits_for_the_collectors_exclusive_lock_and_refreshes_the_time(
    tmp_path: Path,
) -> None:
    store = LocalDocumentStore(tmp_path)
    digest = store.put(b"old envelope")
    os.utime(store.path_of(digest), (1_000_000, 1_000_000))
    assert store.stored_at(digest) == 1_000_000
    writer = threading.Thread(target=store.put, args=(b"new envelope",))
    with store.locked(exclusive=True):
        writer.start()
        writer.join(0.3)  # blocked on the lock (not a timing measurement)
        assert writer.is_alive()
        assert not store.exists(keccak(b"new envelope"))
    writer.join()
    assert store.exists(keccak(b"new envelope"))
    store.put(b"old envelope")  # stored again: its grace period starts over
    stored_at = store.stored_at(digest)
    assert stored_at is not None
    assert stored_at > 1_000_000

"""Envelope version 2's standard primitives, its key commitment, version 1 envelopes and grants.

- RFC 9180 (HPKE) Appendix A.1.1, typed in from the RFC: DHKEM(X25519, HKDF-SHA256),
  HKDF-SHA256, AES-128-GCM, base mode. The RFC has no X25519 / AES-256-GCM vector; A.1 shares
  the KEM and KDF with the suite the envelopes use (only the AEAD's key length differs), and the
  library computes both. The browser's implementation checks the same vector
  (``tests/portal/test_portal_sealing.py``).
- The key commitment: an envelope whose stanzas hold two different keys opens under neither
  the wrong one nor silently as another document; and a real two-key AES-GCM body (a ciphertext
  and tag accepted under both keys, built by solving GHASH for one block) opens under the
  committed key only.
- A version 1 envelope written before this change (``tests/documents/fixtures/envelope-v1.bin``)
  opens.
"""

import secrets
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.bindings._rust import openssl as rust_openssl
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eth_utils import keccak, to_checksum_address

from py_client.documents import (
    DocumentTampered,
    EncryptionKey,
    HashMismatch,
    NotARecipient,
    Recipient,
    seal,
)
from py_client.documents.envelope import (
    MAGIC,
    SUITE,
    open_envelope,
    parse_envelope,
    recipients_of,
)
from py_client.documents.envelope_v1 import canonical
from py_client.documents.grants import make_grant, parse_grant, stanzas_for
from py_client.documents.wrap import GRANT_LABEL, Stanza, body_key_of, commitment_of, wrap
from tests.support.documents import forge_envelope

FIXTURES = Path(__file__).parent / "fixtures"

# RFC 9180, Appendix A.1.1 (Base Setup Information) and A.1.1.1 (sequence number 0).
RFC_INFO = bytes.fromhex("4f6465206f6e2061204772656369616e2055726e")
RFC_SK_EM = bytes.fromhex("52c4a758a802cd8b936eceea314432798d5baf2d7e9235dc084ab1b9cfa2f736")
RFC_PK_EM = bytes.fromhex("37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431")
RFC_SK_RM = bytes.fromhex("4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8")
RFC_PK_RM = bytes.fromhex("3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d")
RFC_ENC = RFC_PK_EM
RFC_PT = bytes.fromhex("4265617574792069732074727574682c20747275746820626561757479")
RFC_AAD = bytes.fromhex("436f756e742d30")
RFC_CT = bytes.fromhex(
    "f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a96d8770ac83d07bea87e13c512a"
)

# The version 1 fixture: sealed by the version 1 code to this key for this account.
V1_KEY = bytes.fromhex("11" * 32)
V1_ACCOUNT = to_checksum_address("0x" + "aa" * 20)
V1_SENDER = to_checksum_address("0x" + "bb" * 20)
V1_CONTENT = "Berita acara serah terima 2026/001 — versi 1".encode()

ALICE = to_checksum_address("0x" + "a1" * 20)
BOB = to_checksum_address("0x" + "b2" * 20)
CAROL = to_checksum_address("0x" + "c3" * 20)


def test_rfc9180_a1_base_mode_vector_opens_with_the_library_the_envelopes_use() -> None:
    receiver = X25519PrivateKey.from_private_bytes(RFC_SK_RM)
    assert receiver.public_key().public_bytes_raw() == RFC_PK_RM
    assert X25519PrivateKey.from_private_bytes(RFC_SK_EM).public_key().public_bytes_raw() == (
        RFC_PK_EM
    )
    suite = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_128_GCM)
    opened = rust_openssl.hpke._decrypt_with_aad(
        suite, RFC_ENC + RFC_CT, receiver, info=RFC_INFO, aad=RFC_AAD
    )
    assert opened == RFC_PT
    altered = bytearray(RFC_CT)
    altered[0] ^= 1
    with pytest.raises(InvalidTag):  # any change fails authentication
        rust_openssl.hpke._decrypt_with_aad(
            suite, RFC_ENC + bytes(altered), receiver, info=RFC_INFO, aad=RFC_AAD
        )


def test_a_version_1_envelope_written_before_version_2_still_opens() -> None:
    sealed = (FIXTURES / "envelope-v1.bin").read_bytes()
    assert sealed.startswith(b"RANTAI-ENVELOPE/1\n")
    key = EncryptionKey.from_private_bytes(V1_KEY)
    opened = open_envelope(sealed, [key], V1_ACCOUNT)
    assert (opened.content, opened.name, opened.sender, opened.version) == (
        V1_CONTENT,
        "bast-v1.txt",
        V1_SENDER,
        1,
    )
    assert [r.account for r in recipients_of(sealed)] == [V1_ACCOUNT]
    with pytest.raises(NotARecipient):
        open_envelope(sealed, [EncryptionKey.generate()], V1_ACCOUNT)


def test_a_version_1_envelope_can_be_granted_to_a_later_reader() -> None:
    sealed = (FIXTURES / "envelope-v1.bin").read_bytes()
    later = EncryptionKey.generate()
    grant = parse_grant(
        make_grant(
            [sealed],
            [EncryptionKey.from_private_bytes(V1_KEY)],
            V1_ACCOUNT,
            Recipient(CAROL, later.public_bytes),
        )
    )
    assert open_envelope(sealed, [later], CAROL, stanzas_for(grant, sealed)).content == V1_CONTENT


def test_new_envelopes_are_version_2_with_a_commitment_to_their_key() -> None:
    alice = EncryptionKey.generate()
    sealed = seal(b"kontrak", [Recipient(ALICE, alice.public_bytes)])
    parsed = parse_envelope(sealed)
    assert parsed.version == 2
    assert parsed.commitment is not None
    assert len(parsed.commitment) == 32
    assert open_envelope(sealed, [alice], ALICE).version == 2


def forged(alice: EncryptionKey, bob: EncryptionKey, content: bytes) -> bytes:
    """An envelope from a malicious sender: alice's stanza holds key 1, bob's key 2, and the
    body is encrypted under key 2 while the header commits to key 1."""
    key1, key2 = AESGCM.generate_key(bit_length=256), AESGCM.generate_key(bit_length=256)
    commitment = commitment_of(key1)
    stanzas = [
        wrap(key1, ALICE, alice.public_bytes, commitment),
        wrap(key2, BOB, bob.public_bytes, commitment),
    ]
    inner = {"name": "x", "size": len(content), "keccak256": "0x" + keccak(content).hex()}
    return forge_envelope(
        key1, stanzas, {**inner, "sender": None}, content, body_key=body_key_of(key2)
    )


def test_a_crafted_second_key_fails_the_key_commitment_before_decrypting() -> None:
    alice, bob = EncryptionKey.generate(), EncryptionKey.generate()
    sealed = forged(alice, bob, b"a different document for bob")
    # Without the commitment bob's key would decrypt the body: the check stops it first.
    with pytest.raises(DocumentTampered, match="does not match the key commitment"):
        open_envelope(sealed, [bob], BOB)
    with pytest.raises(DocumentTampered, match="does not authenticate"):
        open_envelope(sealed, [alice], ALICE)


def test_a_grant_stanza_is_bound_to_its_envelope_and_its_grantee() -> None:
    alice, carol = EncryptionKey.generate(), EncryptionKey.generate()
    first = seal(b"first", [Recipient(ALICE, alice.public_bytes)])
    second = seal(b"second", [Recipient(ALICE, alice.public_bytes)])
    grant = parse_grant(make_grant([first], [alice], ALICE, Recipient(CAROL, carol.public_bytes)))
    assert open_envelope(first, [carol], CAROL, stanzas_for(grant, first)).content == b"first"
    assert stanzas_for(grant, second) == ()
    moved = grant.stanzas[keccak(first)]
    with pytest.raises(DocumentTampered, match="granted to this account does not authenticate"):
        open_envelope(second, [carol], CAROL, [moved])
    renamed = Stanza(BOB, moved.key, moved.enc, moved.wrapped)
    with pytest.raises(DocumentTampered, match="granted to this account does not authenticate"):
        open_envelope(first, [carol], BOB, [renamed])


def test_a_grant_holding_another_key_fails_the_commitment() -> None:
    alice, carol = EncryptionKey.generate(), EncryptionKey.generate()
    sealed = seal(b"kontrak", [Recipient(ALICE, alice.public_bytes)])
    digest = keccak(sealed)
    wrong = wrap(
        AESGCM.generate_key(bit_length=256), CAROL, carol.public_bytes, digest, GRANT_LABEL
    )
    with pytest.raises(DocumentTampered, match="key commitment"):
        open_envelope(sealed, [carol], CAROL, [wrong])


def test_a_damaged_grant_file_is_refused() -> None:
    alice, carol = EncryptionKey.generate(), EncryptionKey.generate()
    sealed = seal(b"kontrak", [Recipient(ALICE, alice.public_bytes)])
    data = make_grant([sealed], [alice], ALICE, Recipient(CAROL, carol.public_bytes))
    for bad in (data[1:], data.replace(b'"suite"', b'"suitE"'), data + b" "):
        with pytest.raises(DocumentTampered, match=r"grant file 0x[0-9a-f]{64} was altered"):
            parse_grant(bad)


# ------------------------------------------------------------------ a real two-key ciphertext

GCM_R = 0xE1 << 120


def gf_mul(x: int, y: int) -> int:
    """Multiplication in GCM's GF(2^128) (NIST SP 800-38D, blocks as big-endian integers)."""
    z, v = 0, y
    for i in range(127, -1, -1):
        if (x >> i) & 1:
            z ^= v
        v = (v >> 1) ^ GCM_R if v & 1 else v >> 1
    return z


def gf_pow(x: int, n: int) -> int:
    result = 1 << 127  # the field's one
    while n:
        if n & 1:
            result = gf_mul(result, x)
        x, n = gf_mul(x, x), n >> 1
    return result


def aes_block(key: bytes, block: bytes) -> int:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    # One raw AES block (GCM's H and E(J0)), not a mode of encryption.
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()  # noqa: S305
    return int.from_bytes(encryptor.update(block) + encryptor.finalize(), "big")


def two_key_ciphertext(k1: bytes, k2: bytes, nonce: bytes, aad: bytes, blocks: int) -> bytes:
    """Ciphertext and tag that AES-GCM accepts under both ``k1`` and ``k2`` (the "invisible
    salamanders" construction): every block random but one, solved so that the tags agree."""
    ciphertext = [int.from_bytes(secrets.token_bytes(16), "big") for _ in range(blocks)]
    aad_blocks = [
        int.from_bytes(aad[i : i + 16].ljust(16, b"\0"), "big") for i in range(0, len(aad), 16)
    ]
    length = (len(aad) * 8 << 64) | (blocks * 128)
    free = blocks - 1  # the last ciphertext block is solved for
    keys = []
    for key in (k1, k2):
        h = aes_block(key, bytes(16))
        mask = aes_block(key, nonce + b"\0\0\0\1")
        keys.append((h, mask))

    def tag_without_free(h: int, mask: int) -> int:
        acc = 0
        for index, block in enumerate([*aad_blocks, *ciphertext, length]):
            solved = index == len(aad_blocks) + free  # left out: added times its power below
            acc = gf_mul(acc if solved else acc ^ block, h)
        return acc ^ mask

    exponent = blocks - free + 1  # the free block is multiplied by H^(blocks - free + 1)
    (h1, m1), (h2, m2) = keys
    difference = tag_without_free(h1, m1) ^ tag_without_free(h2, m2)
    factor = gf_pow(h1, exponent) ^ gf_pow(h2, exponent)
    ciphertext[free] = gf_mul(difference, gf_pow(factor, 2**128 - 2))  # divided by the factor
    tag = tag_without_free(h1, m1) ^ gf_mul(ciphertext[free], gf_pow(h1, exponent))
    return b"".join(c.to_bytes(16, "big") for c in ciphertext) + tag.to_bytes(16, "big")


def test_a_ciphertext_valid_under_two_keys_opens_under_the_committed_one_only() -> None:
    alice, bob = EncryptionKey.generate(), EncryptionKey.generate()
    key1, key2 = AESGCM.generate_key(bit_length=256), AESGCM.generate_key(bit_length=256)
    commitment = commitment_of(key1)
    stanzas = [
        wrap(key1, ALICE, alice.public_bytes, commitment).to_json(),
        wrap(key2, BOB, bob.public_bytes, commitment).to_json(),
    ]
    nonce = secrets.token_bytes(12)
    header = canonical(
        {"commitment": commitment.hex(), "nonce": nonce.hex(), "recipients": stanzas,
         "suite": SUITE}
    )  # fmt: skip
    aad = MAGIC + header
    body = two_key_ciphertext(body_key_of(key1), body_key_of(key2), nonce, aad, blocks=4)
    # AES-GCM alone accepts the body under both keys: two readers, two different plaintexts.
    assert AESGCM(body_key_of(key1)).decrypt(nonce, body, aad) != AESGCM(body_key_of(key2)).decrypt(
        nonce, body, aad
    )
    sealed = MAGIC + header + b"\n" + body
    with pytest.raises(DocumentTampered, match="does not match the key commitment"):
        open_envelope(sealed, [bob], BOB)
    with pytest.raises((DocumentTampered, HashMismatch)):  # random bytes: no valid inner record
        open_envelope(sealed, [alice], ALICE)

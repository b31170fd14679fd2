"""``rantai doc`` and the ``--confidential`` / ``--public`` documents of lifecycle commands.

Each role gets its own key file (made with a low scrypt cost, except the one ``doc keygen``
makes) and all share one store folder, set through RANTAI_* variables like a user would.
"""

import io
import json
import os
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from eth_utils import keccak

from py_client.documents import KeyRing
from tests.support.cli import Pilot, Run
from tests.support.constants import AUDITOR_ORG

# Contract paths are covered by the contract suites; this one runs untraced (docs/contracts.md).
pytestmark = pytest.mark.no_contract_trace

PASSWORD = "sandi-dokumen"
FAST_N = 2**10
BAST = b"%PDF-1.4 BAST: diterima oleh Budi Santoso, NIK 3174012345678901"

Doc = Callable[..., Run]


@pytest.fixture
def store(cli_env: Path) -> Path:
    return cli_env / "store"


@pytest.fixture
def doc(
    rantai: Callable[..., Run],
    pilot: Pilot,
    monkeypatch: pytest.MonkeyPatch,
    cli_env: Path,
    store: Path,
) -> Doc:
    """`doc(name, *argv)`: run rantai as role `name` with its key file and the shared store."""
    monkeypatch.setenv("RANTAI_ENCRYPTION_KEY_PASSWORD", PASSWORD)
    monkeypatch.setenv("RANTAI_DOCUMENT_STORE", str(store))

    def _run(name: str | None, *argv: str, json: bool = True) -> Run:
        if name is None:
            monkeypatch.delenv("RANTAI_ENCRYPTION_KEY", raising=False)
            return rantai(None, *argv, json=json)
        key_file = cli_env / "keys" / f"{name}.json"
        if not key_file.exists():
            KeyRing.generate(pilot.address(name)).save(key_file, PASSWORD, scrypt_n=FAST_N)
        monkeypatch.setenv("RANTAI_ENCRYPTION_KEY", str(key_file))
        return rantai(pilot.accounts[name], *argv, json=json)

    return _run


def published(doc: Doc, *names: str) -> None:
    for name in names:
        run = doc(name, "doc", "publish-key")
        assert run.code == 0, run.err
        (event,) = run.doc["transactions"][0]["events"]
        assert event["name"] == "EncryptionKeyPublished"
        assert event["args"]["publicKey"] == run.doc["public_key"]


@pytest.fixture
def bast(cli_env: Path) -> Path:
    path = cli_env / "bast-002.pdf"
    path.write_bytes(BAST)
    return path


# ------------------------------------------------------------------------------ keys


def test_keygen_creates_an_encrypted_key_file_and_publish_key_publishes_it(
    rantai: Callable[..., Run],
    pilot: Pilot,
    monkeypatch: pytest.MonkeyPatch,
    cli_env: Path,
) -> None:
    key_file = cli_env / "my-key.json"
    password_file = cli_env / "password"
    password_file.write_text(PASSWORD + "\n")
    monkeypatch.setenv("RANTAI_ENCRYPTION_KEY", str(key_file))
    monkeypatch.setenv("RANTAI_ENCRYPTION_KEY_PASSWORD_FILE", str(password_file))
    supplier = pilot.accounts["supplier"]

    run = rantai(supplier, "doc", "keygen")
    assert run.code == 0, run.err
    created = run.doc["result"]
    assert created["account"] == pilot.address("supplier")
    assert created["key_file"] == str(key_file)
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert json.loads(key_file.read_text())["publicKey"] == created["public_key"]

    again = rantai(supplier, "doc", "keygen")
    assert again.code == 2
    assert f"encryption key file {key_file} exists: --rotate" in again.error

    run = rantai(supplier, "doc", "publish-key")
    assert run.code == 0, run.err
    event = run.doc["transactions"][0]["events"][0]
    assert event["name"] == "EncryptionKeyPublished"
    assert event["args"] == {
        "account": pilot.address("supplier"),
        "publicKey": created["public_key"],
    }
    on_chain = pilot.supplier.registry.functions.encryptionKey(pilot.address("supplier")).call()
    assert "0x" + bytes(on_chain).hex() == created["public_key"]

    new_password = cli_env / "new-password"
    new_password.write_text("sandi baru")
    rotated = rantai(
        supplier,
        "doc",
        "keygen",
        "--rotate",
        "--publish",
        "--new-password-file",
        str(new_password),
        json=False,
    )
    assert rotated.code == 0, rotated.err
    assert "rotated key file" in rotated.out
    assert "published: tx 0x" in rotated.out
    ring = KeyRing.load(key_file, "sandi baru")
    assert ring.retired[0].published.hex() == created["public_key"][2:]
    on_chain = pilot.supplier.registry.functions.encryptionKey(pilot.address("supplier")).call()
    assert bytes(on_chain) == ring.current.published


def test_keygen_without_a_password_is_refused(
    rantai: Callable[..., Run], pilot: Pilot, monkeypatch: pytest.MonkeyPatch, cli_env: Path
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal: nobody to ask
    run = rantai(pilot.accounts["agency"], "doc", "keygen", "--key-file", str(cli_env / "k.json"))
    assert run.code == 2
    assert "a new key file needs a password" in run.error
    assert not (cli_env / "k.json").exists()


def test_a_wrong_password_fails_clearly(
    doc: Doc, pilot: Pilot, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc("agency", "doc", "verify", "0x" + "00" * 32)  # creates the agency's key file
    monkeypatch.setenv("RANTAI_ENCRYPTION_KEY_PASSWORD", "salah")
    with pilot.sends_nothing("agency"):
        run = doc("agency", "doc", "publish-key")
    assert "wrong password" in run.failure(2, "WrongPassword")


# ------------------------------------------------------------------------------ put / get


def test_put_get_verify_for_the_parties_of_an_order(
    doc: Doc, pilot: Pilot, bast: Path, cli_env: Path
) -> None:
    published(doc, "agency", "supplier", "auditor", "carrier2")
    order_id = pilot.direct_order()

    run = doc("agency", "doc", "put", str(bast), "--order", str(order_id), json=False)
    assert run.code == 0, run.err
    digest = run.out.strip().splitlines()[-1]
    assert run.out.startswith(f"stored document {digest} encrypted to 3 recipient(s)")
    assert digest != "0x" + keccak(BAST).hex()

    out = cli_env / "out.pdf"
    run = doc("auditor", "doc", "get", digest, "-o", str(out))
    assert run.code == 0, run.err
    assert out.read_bytes() == BAST
    assert run.doc["result"]["name"] == "bast-002.pdf"
    assert run.doc["result"]["sender"] == pilot.address("agency")

    run = doc(None, "doc", "verify", digest)  # no signer, no key: anyone verifies
    assert run.code == 0, run.err
    assert run.doc["result"]["encrypted"] is True
    assert set(run.doc["result"]["recipients"]) == {
        pilot.address(n) for n in ("agency", "supplier", "auditor")
    }

    run = doc("carrier2", "doc", "get", digest, "-o", str(cli_env / "stolen.pdf"))
    assert run.code == 1
    assert run.error.startswith(f"not a recipient: document {digest} is not encrypted to")
    assert not (cli_env / "stolen.pdf").exists()

    run = doc("supplier", "doc", "get", digest, "-o", str(out))
    assert run.code == 2
    assert run.error == f"{out} exists (--force overwrites it)"

    unknown = "0x" + "12" * 32
    run = doc("supplier", "doc", "get", unknown, "-o", str(cli_env / "x"))
    assert run.code == 2
    assert run.error == f"no document {unknown} in {cli_env / 'store'}"


def test_a_tampered_stored_envelope_is_detected(doc: Doc, pilot: Pilot, bast: Path) -> None:
    published(doc, "agency", "auditor")
    run = doc("agency", "doc", "put", str(bast), "--to", "auditor")
    digest = run.doc["hash"]
    path = Path(run.doc["result"]["store"]) / digest[2:4] / digest[2:]
    path.write_bytes(path.read_bytes().replace(b'"suite"', b'"Suite"'))
    run = doc("auditor", "doc", "verify", digest)
    assert "altered or damaged" in run.failure(1, "HashMismatch")


def test_put_refuses_unclear_readers_and_names_a_recipient_without_a_key(
    doc: Doc, pilot: Pilot, bast: Path, store: Path
) -> None:
    run = doc("agency", "doc", "put", str(bast))
    assert run.code == 2
    assert run.error.startswith("say who may read it: --order N")
    published(doc, "agency", "auditor")
    order_id = pilot.direct_order()
    run = doc("agency", "doc", "put", str(bast), "--order", str(order_id))
    assert run.code == 1
    assert run.error.startswith(
        f"recipient {pilot.address('supplier')} (supplier of order {order_id}) has published "
        "no encryption key"
    )
    assert not store.exists()
    run = doc("agency", "doc", "put", str(bast), "--to", "auditor,,20")
    assert run.code == 2
    assert "empty recipient" in run.error
    run = doc("agency", "doc", "put", str(bast), "--order", str(order_id), "--skip-missing-keys")
    assert run.code == 0, run.err
    assert run.doc["result"]["skipped_without_key"] == [pilot.address("supplier")]


def test_put_public_stores_the_clear_document_under_its_keccak(
    doc: Doc, bast: Path, cli_env: Path
) -> None:
    run = doc("agency", "doc", "put", str(bast), "--public")
    assert run.code == 0, run.err
    assert run.doc["hash"] == "0x" + keccak(BAST).hex()
    assert run.doc["result"]["encrypted"] is False
    run = doc(None, "doc", "get", run.doc["hash"], "-o", str(cli_env / "copy.pdf"))
    assert run.code == 0, run.err
    assert (cli_env / "copy.pdf").read_bytes() == BAST


# ------------------------------------------------------------------------------ lifecycle


def accepted_confidentially(doc: Doc, pilot: Pilot, folder: Path) -> tuple[int, Run, Path]:
    """A direct order the agency funded, accepted by the supplier with a confidential contract
    (it names a person): the order, the accepting run, the contract file (in `folder`)."""
    contract = folder / "kontrak.pdf"
    contract.write_bytes(b"SURAT PERJANJIAN: Siti Rahayu, NIK 3201234567890002")
    order_id = pilot.direct_order(accepted=False)
    pilot.agency.agency.approve_escrow(order_id)
    run = doc("supplier", "order", "accept", str(order_id), "--confidential", str(contract))
    assert run.code == 0, run.err
    return order_id, run, contract


def test_order_accept_with_a_confidential_contract_records_the_envelope_hash(
    doc: Doc, pilot: Pilot, bast: Path, cli_env: Path
) -> None:
    published(doc, "agency", "supplier", "auditor", "arbiter")
    order_id, run, contract = accepted_confidentially(doc, pilot, cli_env)
    (transaction,) = run.doc["transactions"]
    (stored,) = transaction["extra"]["documents"]
    accepted = next(e for e in transaction["events"] if e["name"] == "OrderAccepted")
    assert accepted["args"]["contractHash"] == stored["digest"]
    assert {r["account"] for r in stored["recipients"]} == {
        pilot.address(n) for n in ("agency", "supplier", "auditor")
    }
    out = cli_env / "read.pdf"
    run = doc("agency", "doc", "get", stored["digest"], "-o", str(out), json=False)
    assert run.code == 0, run.err
    assert out.read_bytes() == contract.read_bytes()

    text = doc("supplier", "dispute", "open", str(order_id), "--confidential", str(bast),
               "--to", "arbiter", json=False)  # fmt: skip
    assert text.code == 0, text.err
    assert "encrypted to 4 recipient(s)" in text.out

    run = doc("agency", "order", "terminate", str(order_id), "--document", str(bast), "--to", "9")
    assert run.code == 2
    assert run.error == "--to goes with --confidential"


def test_tender_open_with_a_public_specification(
    doc: Doc, pilot: Pilot, write_json: Callable[[str, Any], Path], cli_env: Path
) -> None:
    spec = cli_env / "spesifikasi.pdf"
    spec.write_bytes(b"SPESIFIKASI: 100 laptop")
    items = write_json("items.json", [{"description": "Laptop 14 inch", "quantity": 100}])
    run = doc(
        "agency",
        "tender",
        "open",
        "--items",
        str(items),
        "--hps",
        "1.000.000.000",
        "--bid-deadline",
        "+4d",
        "--reveal-deadline",
        "+6d",
        "--fiscal-year",
        "2026",
        "--spec-uri",
        "rantai://docs/spec",
        "--public",
        str(spec),
    )
    assert run.code == 0, run.err
    (transaction,) = run.doc["transactions"]
    opened = next(e for e in transaction["events"] if e["name"] == "TenderOpened")
    assert opened["args"]["params"]["specHash"] == "0x" + keccak(spec.read_bytes()).hex()
    run = doc(None, "doc", "verify", opened["args"]["params"]["specHash"])
    assert run.code == 0, run.err
    assert run.doc["result"]["encrypted"] is False


def test_doc_grant_gives_an_auditor_appointed_later_a_whole_process(
    doc: Doc, pilot: Pilot, cli_env: Path
) -> None:
    published(doc, "agency", "supplier", "auditor")
    order_id, run, contract = accepted_confidentially(doc, pilot, cli_env)
    digest = run.doc["transactions"][0]["extra"]["documents"][0]["digest"]

    late = pilot.address("outsider")  # appointed auditor after the contract was sealed
    pilot.governor.governor.add_account(late, AUDITOR_ORG)  # AUDITOR only in an auditor org
    pilot.governor.governor.grant_role("auditor", late)
    published(doc, "outsider")
    out = cli_env / "read.pdf"
    assert doc("outsider", "doc", "get", digest, "-o", str(out)).code == 1

    run = doc("supplier", "doc", "grant", "--to", late)
    assert (run.code, run.error) == (
        2,
        "name the documents: --ocid REF for a whole process, or HASH…",
    )
    ocid = pilot.agency.ocid("PO", order_id)
    run = doc("supplier", "doc", "grant", "--to", late, "--ocid", ocid, json=False)
    assert run.code == 0, run.err
    assert run.out.startswith(f"granted 1 envelope(s) to {late} in 1 transaction(s)")
    run = doc("outsider", "doc", "get", digest, "-o", str(out))
    assert run.code == 0, run.err
    assert out.read_bytes() == contract.read_bytes()


def test_doc_gc_lists_by_default_and_deletes_with_delete(
    doc: Doc, pilot: Pilot, bast: Path, store: Path
) -> None:
    published(doc, "agency", "supplier", "auditor")
    order_id = pilot.direct_order()
    run = doc("agency", "doc", "put", str(bast), "--order", str(order_id))
    assert run.code == 0, run.err
    orphan = run.doc["hash"]
    old = time.time() - 2 * 86_400
    os.utime(store / orphan[2:4] / orphan[2:], (old, old))

    run = doc("agency", "doc", "gc", "--grace", "1d", json=False)
    assert run.code == 0, run.err
    assert f"would delete (dry run; --delete removes them) envelope {orphan}" in run.out
    assert (store / orphan[2:4] / orphan[2:]).exists()
    run = doc("agency", "doc", "gc", "--delete")
    assert run.code == 0, run.err
    assert [(o["hash"], o["deleted"]) for o in run.doc["result"]["orphans"]] == [(orphan, True)]
    assert not (store / orphan[2:4] / orphan[2:]).exists()
    run = doc("agency", "doc", "gc", "--delete", "--dry-run")
    assert run.code == 2

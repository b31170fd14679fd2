"""Confidential uploads sealed in the browser (seal.js, WebCrypto), opened by the library.

In Debian's headless Chromium: the browser's HPKE reproduces RFC 9180 Appendix A.1.1 (typed in
from the RFC); an envelope sealed in the browser opens with :func:`open_envelope` for each
recipient; and a supplier accepting an order through the portal uploads only the envelope (the
request body and the server's store never hold the plaintext), which the auditor then reads
with the library.
"""

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from eth_utils import keccak

from py_client.documents import Documents, EncryptionKey, KeyRing, open_envelope
from py_client.documents.envelope import parse_envelope
from py_client.models import Origin
from tests.support.client import goods_line
from tests.support.constants import FISCAL_YEAR

pytest.importorskip("playwright.sync_api")
from tests.support.browser import Participant, TestWallet

pytestmark = pytest.mark.no_contract_trace

CONTRACT = b"%PDF SURAT PERJANJIAN: Siti Rahayu, NIK 3201234567890002"
EVIDENCE = b"JPEG foto serah terima: sopir Agus Wijaya, SIM 1234-5678-901234"

# RFC 9180, Appendix A.1.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, base mode.
RFC = {
    "info": "4f6465206f6e2061204772656369616e2055726e",
    "skEm": "52c4a758a802cd8b936eceea314432798d5baf2d7e9235dc084ab1b9cfa2f736",
    "pkRm": "3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d",
    "pt": "4265617574792069732074727574682c20747275746820626561757479",
    "aad": "436f756e742d30",
}
RFC_EXPECTED = {
    "enc": "37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431",
    "shared": "fe0e18c9f024ce43799ae393c7e8fe8fce9d218875e8227b0187c04e7d2ea1fc",
    "context": "00725611c9d98c07c03f60095cd32d400d8347d45ed67097bbad50fc56da742d07"
    "cb6cffde367bb0565ba28bb02c90744a20f5ef37f30523526106f637abb05449",
    "secret": "12fff91991e93b48de37e7daddb52981084bd8aa64289c3788471d9a9712f397",
    "key": "4531685d41d65f03dc48f6b8302c05b0",
    "nonce": "56d890e5accaaf011cff4b7d",
    "ct": "f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a9"
    "6d8770ac83d07bea87e13c512a",
}

RFC_JS = """async (v) => {
  const S = window.RantaiSeal;
  const r = await S.hpkeSeal(S.fromHex(v.pkRm), S.fromHex(v.info), S.fromHex(v.aad),
                             S.fromHex(v.pt), 1, S.fromHex(v.skEm));
  return {enc: S.toHex(r.enc), shared: S.toHex(r.sharedSecret), context: S.toHex(r.context),
          secret: S.toHex(r.secret), key: S.toHex(r.key), nonce: S.toHex(r.baseNonce),
          ct: S.toHex(r.ciphertext)};
}"""
SEAL_JS = """async ([content, recipients, name, sender]) => {
  const S = window.RantaiSeal;
  return S.toHex(await S.seal(S.fromHex(content), recipients, name, sender));
}"""


@pytest.fixture(scope="module")
def page(browser: Any, portal_url: str) -> Any:
    context = browser.new_context()
    context.route(re.compile(r"^(?!http://127\.0\.0\.1:).*"), lambda route: route.abort())
    opened = context.new_page()
    opened.goto(f"{portal_url}/console")
    yield opened
    context.close()


def test_the_browsers_hpke_reproduces_rfc9180_a1_1(page: Any) -> None:
    assert page.evaluate(RFC_JS, RFC) == RFC_EXPECTED


def test_an_envelope_sealed_in_the_browser_opens_with_the_library(page: Any) -> None:
    alice, bob = EncryptionKey.generate(), EncryptionKey.generate()
    accounts = ["0x" + "a1" * 20, "0x" + "b2" * 20]
    recipients = [
        {"account": accounts[0], "key": alice.public_bytes.hex()},
        {"account": accounts[1], "key": bob.public_bytes.hex()},
    ]
    content = "BAST 2026/001 — diterima, Budi Santoso".encode() + bytes(range(256))
    sealed = bytes.fromhex(
        page.evaluate(SEAL_JS, [content.hex(), recipients, "bast é.pdf", "0x" + "5e" * 20])
    )
    assert parse_envelope(sealed).version == 2
    for key, account in ((alice, accounts[0]), (bob, accounts[1])):
        opened = open_envelope(sealed, [key], account)
        assert (opened.content, opened.name) == (content, "bast é.pdf")
        assert opened.sender is not None
        assert opened.sender.lower() == "0x" + "5e" * 20
    assert content not in sealed


def test_a_portal_upload_is_sealed_in_the_browser_and_the_auditor_reads_it(
    browser: Any,
    portal_url: str,
    world: dict[str, Any],
) -> None:
    keys, client = world["keys"], world["client"]
    agency, auditor = client("agency"), client("auditor")
    ring = KeyRing.generate(auditor.address)  # the auditor keeps this one
    store_dir = world["folder"] / "documents"
    Documents(auditor, store_dir, key_ring=ring).publish_key()
    supplier_address = client("supplier").address
    order_id = agency.agency.create_direct_order(
        supplier_address,
        FISCAL_YEAR,
        [goods_line("kertas", 10, 50_000)],
        agency.now() + 30 * 86_400,
        timedelta(days=90),
    ).order_id
    assert order_id is not None
    agency.agency.approve_escrow(order_id)

    supplier = Participant(browser, portal_url, TestWallet(keys["supplier"], client("supplier")))
    bodies: list[bytes] = []
    supplier.page.on(
        "request",
        lambda r: bodies.append(r.post_data_buffer or b"") if r.method == "POST" else None,
    )
    supplier.sign_in()
    supplier.act("accept_order", {"order_id": str(order_id)}, {"contract": CONTRACT})
    sealed_to = json.loads(supplier.page.locator("#form-accept_order").get_attribute("data-sealed"))
    assert auditor.address in sealed_to
    assert supplier_address in sealed_to

    (accepted,) = agency.logs("OrderEscrow", "OrderAccepted", {"orderId": order_id})
    digest = bytes(accepted["args"]["contractHash"])
    document = Documents(auditor, store_dir, key_ring=ring).get(digest)
    assert document.content == CONTRACT
    assert document.sender == supplier_address
    assert all(CONTRACT not in body and keccak(CONTRACT) not in body for body in bodies)
    assert any(b"RANTAI-ENVELOPE/2" in body for body in bodies)
    for path in store_dir.rglob("*"):
        if path.is_file():
            assert CONTRACT not in path.read_bytes()

    # Checkpoint evidence is sealed the same way, to the shipment's parties and the auditor.
    carrier_client = client("carrier")
    shipment_id = (
        client("supplier")
        .supplier.register_shipment(
            order_id, [10], carrier_client.address, agency.now() + 5 * 86_400, Origin("ID")
        )
        .shipment_id
    )
    carrier = Participant(browser, portal_url, TestWallet(keys["carrier"], carrier_client))
    carrier.sign_in()
    fields = {"shipment_id": str(shipment_id), "kind": "PICKED_UP", "location": "IDBDO"}
    carrier.act("record_checkpoint", fields, {"evidence": EVIDENCE})
    (checkpoint,) = agency.checkpoints(shipment_id)
    assert checkpoint.evidence_hash != keccak(EVIDENCE)
    evidence = Documents(auditor, store_dir, key_ring=ring).get(checkpoint.evidence_hash)
    assert evidence.content == EVIDENCE


def test_recipients_need_a_signed_in_participant(page: Any, portal_url: str) -> None:
    answer = page.request.get(f"{portal_url}/api/recipients?order_id=1")
    assert answer.status == 401
    assert answer.json()["ok"] is False

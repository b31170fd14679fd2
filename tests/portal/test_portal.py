"""The web portal over HTTP (FastAPI TestClient) on the `make demo` pilot: public pages from the
audit index, sealed bids kept sealed, Sign-In with Ethereum refusals, form checks in words and
unsigned transactions that the participant's own key then signs and sends."""

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from eth_account import Account
from eth_account.messages import encode_defunct
from fastapi.testclient import TestClient

from py_client import Rantai, Settings
from py_client.contract_errors import BY_SELECTOR, TenderingBiddingClosed
from py_client.deployment import CONTRACT_NAMES
from py_client.documents.store import LocalDocumentStore
from py_client.errors import PriceAboveHps, TooEarly, WrongState
from py_client.ops import pilot as pilot_data
from py_client.portal import load_names
from py_client.portal.documents import item_hash
from py_client.portal.errors_i18n import CONTRACT_ERRORS, describe_error
from py_client.portal.i18n import TEXT, text
from py_client.portal.i18n_public import EVENT_WORDS
from py_client.receipts import load_abi
from tests.support.portal import (
    PARTICIPANTS,
    PUBLIC_PAGES,
    challenge,
    csrf_of,
    signed,
    verify,
    verify_late,
)
from tests.support.standards import ocds_errors

# Contract paths are covered by the contract suites; this one runs untraced (docs/contracts.md).
pytestmark = pytest.mark.no_contract_trace

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def web(app: Any) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield client


def sign_in(web: TestClient, key: str) -> dict[str, Any]:
    token = csrf_of(web)
    account = Account.from_key(key)
    challenge = web.post(
        "/auth/challenge", json={"address": account.address}, headers={"X-CSRF-Token": token}
    ).json()
    signature = account.sign_message(encode_defunct(text=challenge["message"])).signature.hex()
    answer = web.post(
        "/auth/verify",
        json={"message": challenge["message"], "signature": signature},
        headers={"X-CSRF-Token": token},
    )
    assert answer.status_code == 200, answer.text
    return {"csrf": csrf_of(web), "address": account.address, **answer.json()}


# ---------------------------------------------------------------------- public pages


def test_tender_page_shows_status_deadlines_bids_revealed_prices_and_the_award(
    web: TestClient,
) -> None:
    page = web.get("/tenders/1").text
    assert "Ditetapkan pemenang" in page
    assert '<dd id="bid-count">3</dd>' in page
    for price in ("Rp 1.000.000.000", "Rp 1.100.000.000", "Rp 1.300.000.000"):
        assert price in page
    assert "tidak sah" in page  # the bid above HPS
    assert "PT Sehat Sentosa Medika" in page
    assert "TenderAwarded" in page  # event history from the index


def test_a_sealed_bid_shows_its_count_but_never_a_price(
    web: TestClient, pilot: dict[str, Any]
) -> None:
    tender_id = pilot["sealed_tender"]
    page = web.get(f"/tenders/{tender_id}").text
    assert '<dd id="bid-count">1</dd>' in page
    assert "tersegel" in page
    for shown in ("987.654.321", "987,654,321", "987654321"):
        assert shown not in page
    listing = web.get("/tenders").text
    assert f'data-tender="{tender_id}"' in listing
    assert "masa penawaran" in listing


def test_awards_page_lists_every_revealed_bid(web: TestClient) -> None:
    page = web.get("/awards").text
    assert "Rp 1.000.000.000" in page
    assert "Rp 1.300.000.000" in page
    assert "Semua penawaran yang dibuka" in page


def test_order_page_shows_the_escrow_state_payments_penalty_and_retention(
    web: TestClient,
) -> None:
    page = web.get("/orders/1").text
    assert "Selesai" in page  # Closed: retention released
    assert '<td class="num" id="escrow-paid">Rp 997.600.000</td>' in page
    assert "Rp 2.400.000" in page  # late penalty
    assert "Rp 50.000.000" in page  # retention kept, then released
    assert '<td class="num" id="escrow-held">Rp 0</td>' in page
    assert "penerimaan" in page
    assert "pelepasan retensi" in page


def test_shipment_page_shows_the_timeline_from_origin_to_warehouse(web: TestClient) -> None:
    page = web.get("/shipments/2").text
    timeline = page[page.index('id="timeline"') : page.index("</ol>")]
    steps = ["CN Guangdong", "Diambil</strong> — CNSZX", "Di kepabeanan</strong> — IDTPP"]
    steps.append("Tiba</strong> — IDBDO-GUDANG1")
    positions = [timeline.index(step) for step in steps]
    assert positions == sorted(positions)
    assert "Dikonfirmasi" in page


def test_payments_flags_agency_and_supplier_pages(web: TestClient) -> None:
    payments = web.get("/payments").text
    assert "putusan arbiter" in payments
    assert "Rp 100.000.000" in payments
    flags = web.get("/flags").text
    assert '<td class="num">12</td>' in flags  # the late printers
    assert "ocds-rantai-31337-PO2" in flags  # the disputed direct order
    analytics = flags[flags.index('id="analytics"') :]
    assert "Keterlambatan berulang" in analytics  # the audit toolkit's checks
    assert "Pemecahan pembelian langsung (0)" in analytics
    agency = web.get("/agencies/10").text
    assert "Dinas Kesehatan Kota Bandung" in agency
    assert '<strong id="org-total">Rp 1.097.600.000</strong>' in agency
    supplier = web.get("/suppliers/20").text
    assert '<strong id="org-total">Rp 997.600.000</strong>' in supplier
    assert web.get("/suppliers/10").status_code == 404  # an agency is not a supplier


def test_home_page_charts_spending_and_delays(web: TestClient) -> None:
    page = web.get("/").text
    assert page.count('<ol class="chart">') == 3
    assert "Rp 1.097.600.000" in page
    assert 'href="/shipments/2"' in page  # the delay bar of the late shipment


def test_search_by_ocid_opens_the_process_and_explains_an_unknown_one(web: TestClient) -> None:
    found = web.get("/search", params={"ocid": "ocds-rantai-31337-T1"}, follow_redirects=False)
    assert found.status_code == 303
    assert found.headers["location"] == "/tenders/1"
    direct = web.get("/search", params={"ocid": "ocds-rantai-31337-PO2"}, follow_redirects=False)
    assert direct.headers["location"] == "/orders/2"
    missing = web.get("/search", params={"ocid": "ocds-rantai-31337-T99"})
    assert missing.status_code == 404
    assert "Tidak ada proses dengan ocid ocds-rantai-31337-T99." in missing.text


def test_english_switch_translates_the_pages(web: TestClient) -> None:
    web.get("/lang/en")
    page = web.get("/orders/1").text
    assert "Still in escrow" in page
    assert "Rp 997,600,000" in page
    web.get("/lang/id")
    assert "Masih di escrow" in web.get("/orders/1").text


def test_portal_never_loads_anything_from_the_internet(web: TestClient) -> None:
    for path in ("/", "/console", "/tenders/1", "/orders/1", "/shipments/2"):
        page = web.get(path).text
        assert not re.search(r'(src|href)="(https?:)?//', page), path
    script = web.get("/static/portal.js").text
    assert "http://" not in script
    assert "https://" not in script


# ---------------------------------------------------------------------- sign-in


def challenge_of(web: TestClient, address: str) -> tuple[str, str]:
    answer, token = challenge(web, address)
    return answer.json()["message"], token


def test_sign_in_builds_an_eip4361_message_and_the_console_shows_the_role(
    web: TestClient, pilot: dict[str, Any]
) -> None:
    account = Account.from_key(pilot["keys"]["agency"])
    message, _ = challenge_of(web, account.address)
    assert message.startswith(
        f"127.0.0.1 wants you to sign in with your Ethereum account:\n{account.address}\n"
    )
    for line in ("URI: http://127.0.0.1", "Version: 1", f"Chain ID: {pilot['chain_id']}"):
        assert line in message
    assert re.search(r"\nNonce: [0-9a-f]{24}\nIssued At: .+Z\nExpiration Time: .+Z$", message)
    session = sign_in(web, pilot["keys"]["agency"])
    assert session["roles"] == ["AGENCY"]
    assert session["orgId"] == 10
    console = web.get("/console").text
    assert account.address in console
    assert 'data-action="open_tender"' in console
    assert 'data-action="commit_bid"' not in console


def test_sign_in_with_a_signature_of_another_key_is_refused(
    web: TestClient, pilot: dict[str, Any]
) -> None:
    address = Account.from_key(pilot["keys"]["agency"]).address
    message, token = challenge_of(web, address)
    answer = verify(web, token, message, signed(pilot["keys"]["supplier_a"], message))
    assert answer.status_code == 401
    assert answer.json()["reason"] == "signature"
    assert answer.json()["message"] == "Gagal masuk: tanda tangan tidak cocok"
    assert address not in web.get("/console").text


def test_a_signed_message_cannot_be_replayed(web: TestClient, pilot: dict[str, Any]) -> None:
    key = pilot["keys"]["agency"]
    message, token = challenge_of(web, Account.from_key(key).address)
    assert verify(web, token, message, signed(key, message)).status_code == 200
    token = csrf_of(web)
    again = verify(web, token, message, signed(key, message))
    assert again.status_code == 401
    assert again.json()["reason"] == "nonce"


def test_a_message_for_another_domain_or_chain_is_refused(
    web: TestClient, pilot: dict[str, Any]
) -> None:
    key = pilot["keys"]["agency"]
    address = Account.from_key(key).address
    message, token = challenge_of(web, address)
    phished = message.replace("127.0.0.1 wants", "evil.example wants")
    answer = verify(web, token, phished, signed(key, phished))
    assert answer.status_code == 401
    assert answer.json()["reason"] == "domain"
    message, token = challenge_of(web, address)
    other_chain = message.replace(f"Chain ID: {pilot['chain_id']}", "Chain ID: 1")
    answer = verify(web, token, other_chain, signed(key, other_chain))
    assert answer.status_code == 401
    assert answer.json()["reason"] == "chain"


def test_an_expired_message_is_refused(web: TestClient, app: Any, pilot: dict[str, Any]) -> None:
    key = pilot["keys"]["agency"]
    message, token = challenge_of(web, Account.from_key(key).address)
    answer = verify_late(app, web, token, message, key, 301)
    assert answer.status_code == 401
    assert answer.json()["reason"] == "expired"
    assert "kedaluwarsa" in answer.json()["message"]


def test_posts_without_the_csrf_token_or_sign_in_are_refused(web: TestClient) -> None:
    assert web.post("/auth/challenge", json={"address": "0x" + "1" * 40}).status_code == 403
    token = csrf_of(web)
    answer = web.post(
        "/api/prepare/accept_order", data={"order_id": "1"}, headers={"X-CSRF-Token": token}
    )
    assert answer.status_code == 401
    assert answer.json()["message"] == "Silakan masuk dengan dompet dulu."


STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def state_changing_requests(app: Any) -> list[str]:
    """Every state-changing route of the app as concrete paths (each prepare action, and one
    unknown action, which must be refused for its token before it is looked up)."""
    from fastapi.routing import APIRoute

    from py_client.portal.actions import ACTIONS

    paths: list[str] = []
    for route in app.routes:
        if not isinstance(route, APIRoute) or not route.methods & STATE_CHANGING:
            continue
        assert route.methods & STATE_CHANGING == {"POST"}, route.path  # the client only POSTs
        params = set(re.findall(r"\{(\w+)\}", route.path))
        if not params:
            paths.append(route.path)
        elif params == {"action"}:
            paths += [route.path.replace("{action}", a) for a in [*ACTIONS, "no_such_action"]]
        else:
            raise AssertionError(f"{route.path}: teach this test the values of {params}")
    return paths


def test_every_state_changing_post_without_or_with_a_wrong_csrf_token_is_refused(
    app: Any, web: TestClient, pilot: dict[str, Any]
) -> None:
    paths = state_changing_requests(app)
    assert {"/auth/challenge", "/auth/verify", "/auth/logout"} <= set(paths)
    assert "/api/prepare/open_tender" in paths
    assert len(paths) > 10
    # Signed in as an agency: without the token check, prepare would answer 422 or 409 (agency
    # actions), the role refusal (others), logout 200, challenge 200, verify 401.
    session = sign_in(web, pilot["keys"]["agency"])
    # a valid token of another session (own cookie jar)
    foreign = csrf_of(TestClient(app, base_url="http://127.0.0.1"))
    assert foreign != session["csrf"]
    refused = text("form.bad_token", "id")
    wrong_tokens: list[dict[str, str]] = [
        {},
        {"X-CSRF-Token": ""},
        {"X-CSRF-Token": foreign},
        {"X-CSRF-Token": session["csrf"][:-1] + ("A" if session["csrf"][-1] != "A" else "B")},
    ]
    form = {"order_id": "1", "tender_id": "1", "hps": "1000", "address": session["address"]}
    for path in paths:
        for headers in wrong_tokens:
            answer = web.post(path, data=form, headers=headers)
            assert (answer.status_code, answer.json()) == (
                403,
                {"ok": False, "message": refused},
            ), f"{path} {headers}"
    # The refused logouts left the session signed in; with its own token it is served.
    answer = web.post(
        "/api/prepare/accept_order", data=form, headers={"X-CSRF-Token": session["csrf"]}
    )
    assert answer.status_code == 403
    assert answer.json()["message"] != refused  # the role refusal: an agency accepts nothing
    assert web.post("/auth/logout", headers={"X-CSRF-Token": session["csrf"]}).status_code == 200


# ---------------------------------------------------------------------- forms and actions


def test_form_errors_are_explained_per_field_before_anything_is_signed(
    web: TestClient, pilot: dict[str, Any]
) -> None:
    session = sign_in(web, pilot["keys"]["agency"])
    form = {
        "items": "40 unit Laptop\nlaptop tanpa jumlah",
        "hps": "1,5",
        "bond": "-3",
        "bid_deadline": "2020-01-01 10:00",
        "reveal_deadline": "besok",
        "fiscal_year": "26",
    }
    answer = web.post(
        "/api/prepare/open_tender", data=form, headers={"X-CSRF-Token": session["csrf"]}
    )
    assert answer.status_code == 422
    body = answer.json()
    assert body["message"] == "Periksa isian yang ditandai; belum ada yang ditandatangani."
    errors = body["errors"]
    assert errors["items"].startswith("Barang (satu per baris: jumlah satuan uraian), baris 2:")
    assert errors["hps"] == "HPS (Rp) harus rupiah bulat, ditulis 1500000 atau 1.500.000."
    assert errors["bond"].startswith("Jaminan penawaran (Rp) harus rupiah bulat")
    assert errors["bid_deadline"].startswith("Batas penawaran harus di masa depan (waktu rantai")
    assert errors["reveal_deadline"].startswith("Batas pembukaan harus berupa waktu")
    assert errors["fiscal_year"] == "Tahun anggaran harus tahun empat digit (2000-2100)."
    assert errors["spec"] == "Dokumen spesifikasi wajib diisi."
    web.get("/lang/en")
    english = web.post(
        "/api/prepare/open_tender", data=form, headers={"X-CSRF-Token": session["csrf"]}
    ).json()
    web.get("/lang/id")
    assert (
        english["errors"]["hps"] == "HPS (Rp) must be whole rupiah, written 1500000 or 1.500.000."
    )


def test_a_refusal_of_the_library_checks_is_explained_in_words(
    web: TestClient, pilot: dict[str, Any]
) -> None:
    session = sign_in(web, pilot["keys"]["supplier_a"])
    headers = {"X-CSRF-Token": session["csrf"]}
    closed = web.post("/api/prepare/accept_order", data={"order_id": "1"}, headers=headers)
    assert closed.status_code == 409
    assert closed.json()["message"] == (
        "Ditolak sebelum ditandatangani: Tahap tidak sesuai: pesanan 1 berstatus Selesai, "
        "bukan Dibuat."  # state names in words, not the enum's (issue 21)
    )
    unknown = web.post("/api/prepare/accept_order", data={"order_id": "99"}, headers=headers)
    assert unknown.json()["message"] == "Ditolak sebelum ditandatangani: Pesanan 99 tidak ada."
    assert unknown.json()["error"] == "OrderEscrowUnknownOrder"
    wrong_role = web.post("/api/prepare/open_tender", data={}, headers=headers)
    assert wrong_role.status_code == 403
    assert "belum memiliki peran" in wrong_role.json()["message"]


def test_a_prepared_transaction_is_signed_and_sent_by_the_participant_key_alone(
    web: TestClient, pilot: dict[str, Any]
) -> None:
    session = sign_in(web, pilot["keys"]["agency"])
    answer = web.post(
        "/api/prepare/open_dispute",
        data={"order_id": "1"},
        headers={"X-CSRF-Token": session["csrf"]},
    )
    assert answer.status_code == 409  # Closed: no dispute any more
    answer = web.post(
        "/api/prepare/approve_escrow",
        data={"order_id": "2"},
        headers={"X-CSRF-Token": session["csrf"]},
    )
    assert answer.status_code == 200, answer.text
    tx = answer.json()["tx"]
    client = Rantai.connect(
        Settings(rpc_url=pilot["rpc_url"], deployment=str(pilot["deployment"])), env_file=None
    )
    assert tx["from"] == session["address"]
    assert tx["to"] == client.token.address
    assert tx["data"].startswith("0x095ea7b3")  # approve(escrow, total)
    assert int(tx["chainId"], 16) == pilot["chain_id"]
    assert int(tx["gas"], 16) > 21_000
    account = Account.from_key(pilot["keys"]["agency"])
    nonce = client.w3.eth.get_transaction_count(account.address)
    signed_tx = account.sign_transaction(
        {
            "to": tx["to"],
            "data": tx["data"],
            "gas": int(tx["gas"], 16),
            "gasPrice": int(tx.get("gasPrice", "0x0"), 16),
            "nonce": nonce,
            "chainId": int(tx["chainId"], 16),
            "value": 0,
        }
    )
    follow = f"/api/receipt/0x{bytes(signed_tx.hash).hex()}"
    assert web.get(follow).json() == {"ok": True, "pending": True}  # not sent yet
    tx_hash = client.w3.eth.send_raw_transaction(signed_tx.raw_transaction)
    # anvil answers eth_sendRawTransaction before it mines the block (as any node may): the
    # wallet waits for the block, as portal.js polls until the answer is no longer pending.
    mined = client.w3.eth.wait_for_transaction_receipt(tx_hash)
    receipt = web.get(follow).json()
    assert receipt["pending"] is False
    assert receipt["block"] == mined["blockNumber"]
    assert receipt["status"] == 1
    assert receipt["events"] == ["Approval"]
    assert client.allowance(account.address, client.escrow.address) == 150_000_000


# ---------------------------------------------------------------------- words


def test_every_contract_error_has_both_languages_and_its_arguments() -> None:
    names = {cls.__name__ for cls in BY_SELECTOR.values()}
    assert names <= CONTRACT_ERRORS.keys()
    fields = re.compile(r"\{(\w+)\}")
    for cls in BY_SELECTOR.values():
        indonesian, english = CONTRACT_ERRORS[cls.__name__]
        assert (
            set(fields.findall(indonesian))
            == set(fields.findall(english))
            <= set(cls.argument_names)
        ), cls.__name__


def test_every_event_of_the_rantai_contracts_has_words_in_both_languages() -> None:
    """A timeline shows each event by name: an event added to a contract needs its words."""
    names = {
        entry["name"]
        for contract in CONTRACT_NAMES
        for entry in load_abi(contract)
        if entry.get("type") == "event"
    }
    missing = sorted(names - EVENT_WORDS.keys())
    assert not missing, f"events without portal words: {missing}"
    for name in names:
        indonesian, english = EVENT_WORDS[name]
        assert indonesian, name
        assert english != indonesian, name


def test_every_text_has_both_languages_with_the_same_fields() -> None:
    fields = re.compile(r"\{(\w+)\}")
    for key, (indonesian, english) in TEXT.items():
        assert indonesian, key
        assert english, key
        assert set(fields.findall(indonesian)) == set(fields.findall(english)), key


def test_errors_are_described_with_rupiah_and_dates_in_wib() -> None:
    closed = TenderingBiddingClosed(4, 1_800_000_000)
    assert describe_error(closed, "id") == (
        "Masa penawaran tender 4 berakhir pada 2027-01-15 15:00 WIB."
    )
    above = PriceAboveHps(4, 1_300_000_000, 1_200_000_000)
    assert describe_error(above, "id").startswith("Harga Rp 1.300.000.000 di atas HPS")
    assert describe_error(above, "en").startswith("The price Rp 1,300,000,000 is above the HPS")
    state = WrongState("tender 3 is AWARDED, not OPEN")
    assert describe_error(state, "id") == (
        "Tahap tidak sesuai: tender 3 berstatus Ditetapkan pemenang, bukan Dibuka."
    )
    assert describe_error(state, "en") == "Wrong stage: tender 3 is Awarded, not Open."
    either = WrongState("order 4 is ACTIVE, not DELIVERED or TERMINATED")
    assert describe_error(either, "id") == (
        "Tahap tidak sesuai: pesanan 4 berstatus Aktif (dana di escrow), bukan Diterima lengkap "
        "atau Diputus."
    )
    early = TooEarly("too early: reveal from 2027-01-15T08:00:00+00:00", 1_800_000_000)
    assert describe_error(early, "id") == "Terlalu awal: reveal mulai 2027-01-15 15:00 WIB."
    assert describe_error(early, "en") == "Too early: reveal from 2027-01-15 15:00 WIB."


# ---------------------------------------------------------------------- issue 21: public pages
# What was bought in words, paged lists, the OCDS API, one language per page, WIB times.


def test_tender_page_names_what_was_bought_verified_against_the_chain(web: TestClient) -> None:
    page = web.get("/tenders/1").text
    assert pilot_data.TENDER_TITLE in page
    items = page[page.index('id="items"') :]
    for name, quantity in ((pilot_data.LAPTOP_ITEM, 40), (pilot_data.PRINTER_ITEM, 10)):
        row = re.search(rf"{re.escape(name)}</a></td><td class=\"num\">(\d+)</td><td>(\w+)", items)
        assert row, name
        assert (int(row[1]), row[2]) == (quantity, "unit")
    assert items.count("✓ terverifikasi") == 2
    assert 'id="spec-check" class="verified"' in page
    listing = web.get("/tenders").text
    assert pilot_data.TENDER_TITLE in listing
    order = web.get("/orders/1").text
    assert f'{pilot_data.LAPTOP_ITEM} <span class="check verified"' in order
    assert pilot_data.DIRECT_ITEM in web.get("/orders/2").text


def test_an_unpublished_specification_is_shown_as_unverified(
    web: TestClient, pilot: dict[str, Any]
) -> None:
    page = web.get(f"/tenders/{pilot['sealed_tender']}").text
    assert 'id="spec-check" class="unverified"' in page
    assert "Dokumen spesifikasi belum tersedia" in page
    assert "✓ terverifikasi" not in page


def test_the_document_route_serves_public_documents_only(
    web: TestClient, pilot: dict[str, Any]
) -> None:
    page = web.get("/tenders/1").text
    link = re.search(r'id="spec-link" href="(/documents/0x[0-9a-f]{64})"', page)
    assert link
    spec = web.get(link[1])
    assert spec.status_code == 200
    assert spec.headers["content-type"] == "application/json"
    assert spec.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in spec.headers["content-security-policy"]
    assert spec.json()["title"] == pilot_data.TENDER_TITLE
    item = web.get(f"/documents/0x{item_hash(pilot_data.PRINTER_ITEM).hex()}")
    assert item.status_code == 200
    assert item.text == pilot_data.PRINTER_ITEM
    # A document stored but not recorded on chain as public, a confidential record's hash,
    # a hash nobody stored and a malformed one: all the same 404.
    store = LocalDocumentStore(pilot["folder"] / "documents")
    private = store.put(b"draft contract, not public")
    reader = Rantai.connect(
        Settings(rpc_url=pilot["rpc_url"], deployment=str(pilot["deployment"])), env_file=None
    )
    accepted = reader.escrow.events.OrderAccepted.get_logs(from_block=0)
    contract_hash = bytes(accepted[0]["args"]["contractHash"])
    for digest in (private, contract_hash, b"\x42" * 32):
        assert web.get(f"/documents/0x{digest.hex()}").status_code == 404
    assert web.get("/documents/not-a-hash").status_code == 404


def test_lists_are_paged_and_filtered_with_totals(web: TestClient) -> None:
    first = web.get("/orders", params={"per_page": 1}).text
    assert 'data-total="2"' in first
    assert "1-1 dari 2" in first
    assert 'rel="next" href="/orders?page=2&amp;per_page=1"' in first
    second = web.get("/orders", params={"per_page": 1, "page": 2}).text
    assert 'data-order="1"' in second
    assert 'data-order="2"' not in second
    closed = web.get("/orders", params={"status": "Closed", "supplier": 20}).text
    assert 'data-order="1"' in closed
    assert 'data-order="2"' not in closed
    assert 'data-sum="total_idr" data-value="1000000000"' in closed
    assert 'data-total="0"' in web.get("/orders", params={"year": 2031}).text
    assert 'data-order="1"' in web.get("/orders", params={"q": "laptop"}).text
    assert 'data-total="2"' in web.get("/tenders", params={"agency": 10, "year": 2026}).text
    words = web.get("/tenders", params={"q": "printer laser"}).text
    assert 'data-tender="1"' in words
    assert 'data-total="1"' in words
    by_ocid = web.get("/tenders", params={"q": "ocds-rantai-31337-T1"}).text
    assert 'data-total="1"' in by_ocid
    region = web.get("/shipments", params={"region": "Guangdong"}).text
    assert 'href="/shipments/2"' in region
    assert 'href="/shipments/1"' not in region
    ruling = web.get("/payments", params={"status": "ruling"}).text
    assert 'data-sum="paid_idr" data-value="100000000"' in ruling
    suppliers = web.get("/suppliers", params={"q": "sehat"}).text
    assert "PT Sehat Sentosa Medika" in suppliers
    assert "CV Alkes Nusantara" not in suppliers
    search = web.get("/search", params={"q": "printer"}, follow_redirects=False)
    assert search.status_code == 303
    assert search.headers["location"] == "/tenders?q=printer"
    assert web.get("/orders", params={"page": "x", "agency": "<b>"}).status_code == 200


def test_the_ocds_api_is_paged_with_links_next_and_a_since_filter(web: TestClient) -> None:
    first = web.get("/api/ocds/releases", params={"limit": 1})
    assert first.status_code == 200
    package = first.json()
    assert ocds_errors({k: v for k, v in package.items() if k != "links"}, "release-package") == []
    assert {r["ocid"] for r in package["releases"]} == {"ocds-rantai-31337-T1"}
    ocids = []
    url: str | None = "/api/ocds/releases?limit=1"
    while url:
        page = web.get(url).json()
        ocids += sorted({r["ocid"] for r in page["releases"]})
        url = page.get("links", {}).get("next")
    assert ocids == ["ocds-rantai-31337-T1", "ocds-rantai-31337-T2", "ocds-rantai-31337-PO2"]
    assert len(ocids) == len(set(ocids)) == 3
    records = web.get("/api/ocds/records", params={"limit": 100}).json()
    assert "links" not in records
    assert ocds_errors(records, "record-package") == []
    assert len(records["records"]) == 3
    dates = sorted(r["date"] for r in web.get("/api/ocds/releases?limit=100").json()["releases"])
    since = web.get("/api/ocds/releases", params={"since": dates[-1], "limit": 100}).json()
    assert since["releases"]
    assert all(r["date"] >= dates[-1] for r in since["releases"])
    assert web.get("/api/ocds/releases", params={"since": "2999-01-01"}).json()["releases"] == []
    bad = web.get("/api/ocds/releases", params={"since": "yesterday"})
    assert bad.status_code == 400
    assert "since" in bad.json()["message"]
    assert web.get("/api/ocds/records", params={"limit": 0}).status_code == 400


# Words that only one of the two languages uses (data such as names and items is removed first).
ENGLISH_ONLY = re.compile(
    r"\b(the|and|of|not|or|with|without|from|is|are|never|paid|late|bid|bids|order|orders|"
    r"payment|payments|shipment|shipments|delivered|confirmed|opened|released|refunded|"
    r"forfeited|committed|revealed|awarded|still|held|items?|page|findings|none)\b",
    re.I,
)
INDONESIAN_ONLY = re.compile(
    r"\b(dan|yang|dari|bukan|atau|untuk|dengan|belum|sudah|tidak|pesanan|pengiriman|"
    r"pembayaran|instansi|penyedia|penawaran|dibuka|diterima|dikembalikan|disita|temuan|"
    r"halaman|jumlah|barang|masih|ada)\b",
    re.I,
)
EVENT_NAME = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b")  # TenderOpened, PaymentReleased


class _Text(HTMLParser):
    """The visible text of a page, without code, hashes (``mono``) and ``lang``-marked data."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0
        self.stack: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "meta", "link", "input", "img", "rect"):
            return
        found = dict(attrs)
        hidden = tag in ("script", "style", "svg") or "mono" in (found.get("class") or "")
        self.stack.append(hidden)
        self.skip += hidden

    def handle_endtag(self, tag: str) -> None:
        if tag in ("br", "meta", "link", "input", "img", "rect") or not self.stack:
            return
        self.skip -= self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    text_ = " ".join(parser.parts)
    data = [*load_names(PARTICIPANTS).values(), pilot_data.TENDER_TITLE]
    data += [pilot_data.TENDER_DESCRIPTION, pilot_data.LAPTOP_ITEM, pilot_data.PRINTER_ITEM]
    data.append(pilot_data.DIRECT_ITEM)
    for value in sorted(data, key=len, reverse=True):
        text_ = text_.replace(value, " ")
    text_ = re.sub(r"ocds-rantai-\S+|0x[0-9a-fA-F…]+|Rp [\d.,]+", " ", text_)
    return text_.replace(TEXT["nav.language"][0], " ").replace(TEXT["nav.language"][1], " ")


def test_an_indonesian_page_has_no_english_words_and_an_english_page_no_indonesian(
    web: TestClient,
) -> None:
    for lang, foreign in (("id", ENGLISH_ONLY), ("en", INDONESIAN_ONLY)):
        web.get(f"/lang/{lang}")
        for path in PUBLIC_PAGES:
            shown = visible_text(web.get(path).text)
            assert not foreign.findall(shown), (lang, path, sorted(set(foreign.findall(shown))))
            assert not EVENT_NAME.findall(shown), (lang, path, EVENT_NAME.findall(shown))
    web.get("/lang/id")


def test_the_language_check_catches_an_untranslated_string() -> None:
    assert ENGLISH_ONLY.findall(visible_text("<p>Pesanan bukan DELIVERED or TERMINATED</p>"))
    assert INDONESIAN_ONLY.findall(visible_text("<p>Order is not paid, masih di escrow</p>"))
    assert EVENT_NAME.findall(visible_text("<td>TenderOpened</td>"))


def test_every_time_on_the_pages_is_in_wib_with_the_zone(web: TestClient) -> None:
    for path in PUBLIC_PAGES:
        shown = visible_text(web.get(path).text)
        times = re.findall(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(?::\d\d)?(?: ?[A-Z+][\w:]*)?", shown)
        assert times or path not in ("/tenders/1", "/orders/1", "/payments"), path
        assert all(t.endswith(" WIB") for t in times), (path, times)


def test_the_headline_red_flag_count_equals_the_flags_page(web: TestClient) -> None:
    home = web.get("/").text
    headline = re.search(r'id="home-flags" href="/flags"><span>(\d+)</span>', home)
    flags = web.get("/flags").text
    listed = re.search(r'id="flag-total" data-count="(\d+)"', flags)
    assert headline
    assert listed
    rows = flags.count("<tr><td><strong>R0")  # on-chain flags
    analytics = flags[flags.index('id="analytics"') :].count("<li>")
    assert int(headline[1]) == int(listed[1]) == rows + analytics > 0

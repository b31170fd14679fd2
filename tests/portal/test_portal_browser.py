"""The portal in headless Chromium (Debian's, no browser download) with a test EIP-1193 wallet.

Each participant has its own browser context whose `window.ethereum` forwards to Python
(`page.expose_function`), where eth-account signs with that participant's test key and the raw
transaction goes to the test anvil: the portal server never sees a key. The flow is the issue's:
the agency signs in and opens a tender, two suppliers commit sealed bids (salts made and kept in
the browser) and reveal them, the tender is finalised, the agency creates the order and approves
the escrow, the winner accepts, registers a shipment, the carrier records checkpoints, the agency
confirms the delivery with a BAST upload and opens a dispute that the arbiter rules on; the
public pages then show the result. Deadlines pass by moving anvil's clock (evm_increaseTime +
evm_mine). Screenshots go to out/portal/; the screens of the Indonesian guides (docs/id/: each
role's console, forms and public pages) go to out/portal/screens/ (copy them into docs/id/img/).
"""

from pathlib import Path
from typing import Any

import pytest

from tests.support.constants import FISCAL_YEAR

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        "headless browser tests need Debian's chromium at /usr/bin/chromium "
        "(apt-get install chromium; .ci/run installs it)",
        allow_module_level=True,
    )
playwright_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")

from tests.support.browser import (  # noqa: E402 - after the skips
    DAY,
    PRICE_A_IDR,
    PRICE_B_IDR,
    UPLOAD_LIMIT,
    Participant,
    TestWallet,
    advance,
    salt_records,
)

# Contract paths are covered by the contract suites; this one runs untraced (docs/contracts.md).
pytestmark = pytest.mark.no_contract_trace


def test_full_procurement_through_the_browser_with_wallet_signatures(
    browser: Any, portal_url: str, world: dict[str, Any]
) -> None:
    keys, client = world["keys"], world["client"]
    reader = client("auditor")
    people = {
        name: Participant(browser, portal_url, TestWallet(keys[name], client(name)))
        for name in ("agency", "supplier", "supplier2", "carrier", "arbiter")
    }
    readers = {
        name: Participant(browser, portal_url, TestWallet(keys[name], client(name)))
        for name in ("governor", "treasury", "auditor")
    }
    agency, supplier, supplier2, carrier, arbiter = (people[n] for n in people)

    # The agency signs in (EIP-4361) and opens a tender; a malformed form is explained first.
    agency.screen("masuk-konsol", "/console")
    agency.sign_in()
    agency.shot("console-agency")
    agency.screen("ppk-konsol")
    tender_form = {
        "items": "45 unit Laptop 14 inch, 16 GB RAM",
        "hps": "1,2 milyar",
        "bond": "5.000.000",
        "bid_deadline": "+3d1h",
        "reveal_deadline": "+5d1h",
        "fiscal_year": str(FISCAL_YEAR),
    }
    agency.act("open_tender", tender_form, {"spec": b"%PDF spesifikasi laptop"}, expect="invalid")
    hps_error = agency.page.locator('#form-open_tender .error[data-for="hps"]').inner_text()
    assert hps_error == "HPS (Rp) harus rupiah bulat, ditulis 1500000 atau 1.500.000."
    agency.shot("form-error")
    agency.form_screen("open_tender", "ppk-buka-tender-salah")
    tender_form["hps"] = "1.000.000.000"
    too_big = b"%PDF" + b"x" * (UPLOAD_LIMIT + UPLOAD_LIMIT // 2)
    agency.act("open_tender", tender_form, {"spec": too_big}, expect="refused")
    refusal = agency.page.locator("#form-open_tender .form-message").inner_text()
    assert refusal == "Unggahan terlalu besar: paling banyak 1 MB."
    opened = agency.act("open_tender", tender_form, {"spec": b"%PDF spesifikasi laptop"})
    agency.form_screen("open_tender", "ppk-buka-tender")
    tender_id = opened["tender"]
    assert reader.tender(tender_id).hps_idr == 1_000_000_000

    # Two suppliers approve the bond and commit sealed bids; the salt stays in the browser.
    for person, price in ((supplier, PRICE_A_IDR), (supplier2, PRICE_B_IDR)):
        person.sign_in()
        person.act("approve_bond", {"tender_id": str(tender_id)})
        if person is supplier:
            person.form_screen("approve_bond", "penyedia-jaminan")
        person.act(
            "commit_bid",
            {"tender_id": str(tender_id), "price": f"{price:,}".replace(",", ".")},
            backup="download" if person is supplier else "decline",
            backup_screen="penyedia-cadangan-salt" if person is supplier else None,
        )
        kept = salt_records(person)
        assert len(kept) == 1
        assert kept[0]["status"] == "committed"
        on_chain = reader.bid(tender_id, person.wallet.account.address).commitment
        assert kept[0]["commitment"] == "0x" + on_chain.hex()
        assert person.page.locator("a.download-salt").count() == 1
    (backup,) = supplier.downloads  # the backup is the py_client salt file of the bid on chain
    assert backup["commitment"] == salt_records(supplier)[0]["commitment"]
    assert int(backup["priceIdr"]) == PRICE_A_IDR
    assert "status" not in backup
    assert supplier2.downloads == []  # declined explicitly
    supplier.shot("bid-committed")
    supplier.form_screen("commit_bid", "penyedia-penawaran")

    # A second commit for the same tender is refused, and the first salt stays as it was.
    first = salt_records(supplier)[0]
    supplier.act(
        "commit_bid",
        {"tender_id": str(tender_id), "price": "800.000.000"},
        backup="download",
        expect="refused",
    )
    again = {r["commitment"]: r for r in salt_records(supplier)}
    assert len(again) == 2
    assert again[first["commitment"]] == first  # neither overwritten nor deleted
    assert [r["status"] for c, r in again.items() if c != first["commitment"]] == ["refused"]
    assert len(supplier.downloads) == 1  # no backup asked for a commit the server refused

    # A reveal during bidding sends nothing: no price, no salt, no POST, no transaction.
    supplier.requests.clear()
    sent_before = list(supplier.wallet.sent)
    supplier.act("reveal_bid", {"tender_id": str(tender_id)}, expect="too-early")
    message = supplier.page.locator("#form-reveal_bid .form-message").inner_text()
    assert message.startswith(f"Belum waktunya membuka penawaran tender {tender_id}: mulai ")
    assert supplier.wallet.sent == sent_before
    revealing = [r for r in supplier.requests if "/api/" in r[1] or "/auth/" in r[1]]
    assert [(m, u.split("/api/")[1]) for m, u, _ in revealing] == [("GET", f"reveal/{tender_id}")]
    for _, url, body in supplier.requests:
        for secret in (str(PRICE_A_IDR), first["salt"][2:], first["salt"][2:].upper()):
            assert secret not in url
            assert secret not in body
    bids = reader.bids(tender_id)
    assert [b.state.name for b in bids] == ["COMMITTED", "COMMITTED"]

    public = Participant(browser, portal_url, TestWallet(keys["auditor"], reader))
    public.page.goto(f"{portal_url}/tenders/{tender_id}")
    page = public.page.content()
    assert '<dd id="bid-count">2</dd>' in page
    assert "900.000.000" not in page
    assert "950.000.000" not in page
    public.shot("tender-sealed")
    public.screen("tender-tersegel")

    # After the bid deadline both reveal from the salts their browsers kept.
    advance(reader, 3 * DAY + 3601)
    supplier.requests.clear()
    for person in (supplier, supplier2):
        person.act("reveal_bid", {"tender_id": str(tender_id)})
    supplier.form_screen("reveal_bid", "penyedia-buka-penawaran")
    assert {r["commitment"]: r for r in salt_records(supplier)}[first["commitment"]][
        "status"
    ] == "revealed"
    for method, url, body in supplier.requests:  # the reveal went to the wallet, not the portal
        assert method == "GET" or "/api/prepare/reveal_bid" not in url, url
        assert first["salt"][2:] not in body
    assert sorted(b.price_idr or 0 for b in reader.bids(tender_id)) == [PRICE_A_IDR, PRICE_B_IDR]

    # After the reveal deadline the tender is finalised: the lower bid wins.
    advance(reader, 2 * DAY)
    agency.act("finalise_tender", {"tender_id": str(tender_id)})
    agency.form_screen("finalise_tender", "ppk-tetapkan-pemenang")
    award = reader.award(tender_id)
    assert award is not None
    assert award.price_idr == PRICE_A_IDR
    assert award.supplier == supplier.wallet.account.address

    # Ordering waits for the objection (sanggah) window, 5 days by default; nobody objects.
    advance(reader, 5 * DAY)

    # Order from the award, escrow approval, acceptance by the winner.
    created = agency.act(
        "create_order",
        {
            "tender_id": str(tender_id),
            "lines": "45 unit 20.000.000 ID Laptop 14 inch, 16 GB RAM",
            "delivery_deadline": "+30d",
            "maintenance": "90d",
        },
    )
    order_id = created["order"]
    agency.form_screen("create_order", "ppk-buat-pesanan")
    agency.act("approve_escrow", {"order_id": str(order_id)})
    agency.form_screen("approve_escrow", "ppk-setujui-escrow")
    supplier.act("accept_order", {"order_id": str(order_id)}, {"contract": b"%PDF kontrak"})
    supplier.form_screen("accept_order", "penyedia-terima-pesanan")
    assert reader.order(order_id).state.name == "ACTIVE"

    # Shipment from origin, checkpoints by the carrier, confirmation with the BAST upload.
    registered = supplier.act(
        "register_shipment",
        {
            "order_id": str(order_id),
            "quantities": "45",
            "carrier": carrier.wallet.account.address,
            "expected_arrival": "+7d",
            "origin_country": "ID",
            "origin_region": "ID-JB",
            "producer_gln": "8991234500017",
        },
    )
    shipment_id = registered["shipment"]
    supplier.form_screen("register_shipment", "penyedia-daftar-pengiriman")
    carrier.sign_in()
    carrier.screen("pengangkut-konsol")
    carrier.act(
        "record_checkpoint",
        {"shipment_id": str(shipment_id), "kind": "PICKED_UP", "location": "IDBDO"},
    )
    advance(reader, DAY)
    carrier.act(
        "record_checkpoint",
        {"shipment_id": str(shipment_id), "kind": "ARRIVED", "location": "IDBDO-GUDANG1"},
    )
    carrier.form_screen("record_checkpoint", "pengangkut-checkpoint")
    agency.act("confirm_delivery", {"shipment_id": str(shipment_id)}, {"bast": b"%PDF BAST-001"})
    order = reader.order(order_id)
    assert order.state.name == "DELIVERED"
    assert order.retention_held_idr == PRICE_A_IDR * 5 // 100
    agency.shot("console-confirmed")
    agency.form_screen("confirm_delivery", "ppk-konfirmasi-bast")

    # A dispute over the delivered order freezes the retention; the arbiter splits it.
    agency.act("open_dispute", {"order_id": str(order_id)}, {"reason": b"%PDF keluhan"})
    agency.form_screen("open_dispute", "ppk-sengketa")
    assert reader.order(order_id).disputed
    # The supplier answers (issue 13 item 7), so the arbiter need not wait out its window.
    supplier.act("respond_dispute", {"order_id": str(order_id)}, {"response": b"%PDF tanggapan"})
    arbiter.sign_in()
    arbiter.act(
        "resolve_dispute",
        {"order_id": str(order_id), "to_supplier": "30.000.000"},
        {"ruling": b"%PDF putusan arbiter"},
    )
    arbiter.form_screen("resolve_dispute", "arbiter-putusan")
    ruling = reader.dispute(order_id)
    assert ruling is not None
    assert (ruling.to_supplier_idr, ruling.to_agency_idr) == (30_000_000, 15_000_000)

    # The public pages show the result.
    public.page.goto(f"{portal_url}/orders/{order_id}")
    assert public.page.locator("#escrow-paid").inner_text() == "Rp 885.000.000"
    assert public.page.locator("#escrow-held").inner_text() == "Rp 0"
    assert "Rp 15.000.000" in public.page.locator("#dispute").inner_text()
    public.shot("order", None)
    public.screen("pesanan-escrow")
    public.page.goto(f"{portal_url}/shipments/{shipment_id}")
    timeline = public.page.locator("#timeline li").all_inner_texts()
    assert [line.split(" — ")[0] for line in timeline] == ["Didaftarkan di asal", "Diambil", "Tiba"]
    public.shot("shipment")
    public.screen("pengiriman-lini-masa")
    public.page.goto(f"{portal_url}/awards")
    awards = public.page.content()
    assert "Rp 900.000.000" in awards
    assert "Rp 950.000.000" in awards
    public.shot("awards")
    for path in ("/tenders/abc", "/tenders/99999999999999999999999999", "/no-such-page"):
        answer = public.page.goto(f"{portal_url}{path}")
        assert answer is not None
        assert answer.status == 404, path
        assert public.page.locator("#message").inner_text() == "Halaman tidak ditemukan."
        assert answer.headers["content-security-policy"].endswith("object-src 'none'")
    public.screen("penetapan-pemenang")
    public.shot("home", "/")
    public.shot("tenders", "/tenders")
    public.screen("beranda", "/")

    # The guides' screens of the roles without console actions: signed in, then their pages.
    for name, person in readers.items():
        person.sign_in()
        assert person.page.locator("#form-finalise_tender").count() == 1
        assert "tidak memiliki tindakan di konsol" in person.page.locator(".notice").inner_text()
        person.screen({"governor": "dewan", "treasury": "bendahara"}.get(name, name) + "-konsol")
    auditor_page = readers["auditor"]
    auditor_page.screen("auditor-tanda-bahaya", "/flags")
    assert f"-T{tender_id}</a>" in auditor_page.page.content()  # the dispute, listed by ocid
    auditor_page.screen("auditor-penyedia", "/suppliers/20")
    readers["treasury"].screen("bendahara-pembayaran", "/payments")
    readers["treasury"].screen("bendahara-instansi", "/agencies/10")
    readers["governor"].screen("dewan-organisasi", "/agencies")
    public.page.goto(f"{portal_url}/lang/en")
    public.page.goto(f"{portal_url}/orders/{order_id}")
    assert public.page.locator("#escrow-paid").inner_text() == "Rp 885,000,000"
    public.shot("order-en")
    for person in (*people.values(), *readers.values(), public):
        violations = [m for m in person.console if "Content Security Policy" in m]
        assert violations == [], violations  # every script and style obeyed the portal's CSP
        person.context.close()

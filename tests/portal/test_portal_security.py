"""The portal as a web-security tester sees it (FastAPI TestClient on the session's deployment):
security headers and a CSP without inline code, the Host check, cookies set only when needed
and Secure over HTTPS, sessions revoked on logout, sign-in messages the client cannot rewrite,
challenge limits, the upload limit after the role check, error pages and JSON errors."""

import asyncio
import re
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from eth_account import Account
from fastapi.testclient import TestClient

from py_client.audit.db import open_database
from py_client.portal import create_app
from py_client.portal.security import CSP
from py_client.portal.sessions import NonceStore, SessionStore
from py_client.portal.siwe import SignIn, SignInError, parse_message
from py_client.portal.uploads import UploadTooLarge, limited
from tests.support.portal import challenge, csrf_of, portal_config, signed, verify, verify_late

pytestmark = pytest.mark.no_contract_trace

TEMPLATES = Path(__file__).resolve().parents[2] / "py_client" / "portal" / "templates"
UPLOAD_LIMIT = 1024 * 1024
PAGES = ("/", "/tenders", "/awards", "/orders", "/shipments", "/payments", "/flags", "/agencies")


@pytest.fixture(scope="module")
def keys(
    private_key: Callable[[Any], str], agency: Any, supplier: Any, outsider: Any
) -> dict[str, str]:
    """Keys by role (asked for before the portal, so the chain's isolation need not rebase)."""
    return {
        "agency": private_key(agency),
        "supplier": private_key(supplier),
        "outsider": private_key(outsider),
    }


@pytest.fixture(scope="module")
def app(
    keys: dict[str, str],
    deployment_file: Path,
    rpc_url: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Any:
    folder = tmp_path_factory.mktemp("portal-security")
    return create_app(
        portal_config(rpc_url, deployment_file, folder, max_upload_bytes=UPLOAD_LIMIT)
    )


def client_of(app: Any, host: str = "10.0.0.1", base: str = "http://127.0.0.1") -> TestClient:
    return TestClient(app, base_url=base, client=(host, 50000), raise_server_exceptions=False)


@pytest.fixture
def web(app: Any, request: pytest.FixtureRequest) -> Iterator[TestClient]:
    # each test its own client address, so the per-client challenge bound of one test
    # never reaches another
    with client_of(app, host=f"10.1.0.{abs(hash(request.node.name)) % 250 + 1}") as client:
        yield client


def sign_in(web: TestClient, key: str) -> str:
    address = Account.from_key(key).address
    answer, token = challenge(web, address)
    message = answer.json()["message"]
    assert verify(web, token, message, signed(key, message)).status_code == 200
    return csrf_of(web)


# ---------------------------------------------------------------------- headers and CSP


def test_every_answer_carries_the_security_headers(web: TestClient) -> None:
    for path in ("/", "/console", "/static/portal.js", "/no-such-page", "/api/receipt/0x12"):
        headers = web.get(path).headers
        csp = headers["content-security-policy"]
        assert csp == CSP, path
        assert "frame-ancestors 'none'" in csp
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert "unsafe-eval" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert headers["x-frame-options"] == "DENY"
        assert "strict-transport-security" not in headers  # plain HTTP: no HSTS


INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def test_no_page_or_template_holds_inline_script_style_or_handlers(
    web: TestClient, keys: dict[str, str]
) -> None:
    sign_in(web, keys["agency"])
    pages = {path: web.get(path).text for path in (*PAGES, "/console", "/no-such-page")}
    pages.update({f"template {t.name}": t.read_text() for t in TEMPLATES.glob("*.html")})
    assert 'data-action="open_tender"' in pages["/console"]  # the signed-in console is checked
    for name, page in pages.items():
        for kind, pattern in INLINE.items():
            assert not pattern.search(page), f"{name} has an {kind}"


# ---------------------------------------------------------------------- Host, cookies, sessions


def test_a_request_for_a_foreign_host_is_refused_before_any_route(app: Any) -> None:
    with client_of(app, base="http://evil.example") as evil:
        answer = evil.get("/console")
        assert answer.status_code == 400
        assert "rantai_session" not in answer.headers.get("set-cookie", "")
        assert answer.headers["x-frame-options"] == "DENY"
        refused = evil.post("/auth/challenge", json={"address": "0x" + "1" * 40})
        assert refused.status_code == 400


def test_public_pages_set_no_cookie_and_the_console_a_strict_one(web: TestClient) -> None:
    for path in PAGES:
        assert "set-cookie" not in web.get(path).headers, path
    cookie = web.get("/console").headers["set-cookie"]
    assert cookie.startswith("rantai_session=")
    for flag in ("HttpOnly", "SameSite=Lax", "Path=/"):
        assert flag in cookie
    assert "Secure" not in cookie  # plain HTTP
    assert "set-cookie" not in web.get("/console").headers  # an unchanged session: no new cookie


def test_over_https_the_session_cookie_is_secure(app: Any) -> None:
    with client_of(app, host="10.2.0.1", base="https://127.0.0.1") as secure:
        answer = secure.get("/console")
        assert "; Secure" in answer.headers["set-cookie"]


def test_logout_revokes_the_session_on_the_server(
    app: Any, web: TestClient, keys: dict[str, str]
) -> None:
    token = sign_in(web, keys["agency"])
    stolen = web.cookies["rantai_session"]
    assert Account.from_key(keys["agency"]).address in web.get("/console").text
    answer = web.post("/auth/logout", headers={"X-CSRF-Token": token})
    assert answer.status_code == 200
    assert "Max-Age=0" in answer.headers["set-cookie"]
    with client_of(app, host="10.3.0.1") as thief:
        thief.cookies.set("rantai_session", stolen)
        console = thief.get("/console").text
        assert 'id="sign-in"' in console
        assert 'id="signed-in"' not in console
        refused = thief.post(
            "/api/prepare/open_tender", data={"hps": "1"}, headers={"X-CSRF-Token": token}
        )
        assert refused.status_code == 403  # the old session, and its CSRF token, are gone


def test_sign_in_rotates_the_session_token(web: TestClient, keys: dict[str, str]) -> None:
    csrf_of(web)
    before = web.cookies["rantai_session"]
    sign_in(web, keys["supplier"])
    assert web.cookies["rantai_session"] != before


# ---------------------------------------------------------------------- sign-in


def test_an_expiry_rewritten_by_the_client_is_refused(
    app: Any, web: TestClient, keys: dict[str, str]
) -> None:
    key = keys["agency"]
    address = Account.from_key(key).address
    answer, token = challenge(web, address)
    message = answer.json()["message"]
    rewritten = re.sub(r"Expiration Time: .+$", "Expiration Time: 2099-01-01T00:00:00Z", message)
    # the case: 330 s after a 300 s challenge
    late = verify_late(app, web, token, rewritten, key, 330)
    assert late.status_code == 401
    assert late.json()["reason"] == "expired"
    answer, token = challenge(web, address)  # in time, but rewritten: not the issued text
    message = answer.json()["message"]
    rewritten = re.sub(r"Expiration Time: .+$", "Expiration Time: 2099-01-01T00:00:00Z", message)
    altered = verify(web, token, rewritten, signed(key, rewritten))
    assert altered.status_code == 401
    assert altered.json()["reason"] == "altered"
    assert altered.json()["message"] == (
        "Gagal masuk: pesan yang ditandatangani bukan pesan yang diterbitkan portal"
    )
    assert 'id="signed-in"' not in web.get("/console").text


def test_a_message_is_only_good_for_the_session_that_asked_for_it(
    app: Any, web: TestClient, keys: dict[str, str]
) -> None:
    key = keys["agency"]
    answer, _ = challenge(web, Account.from_key(key).address)
    message = answer.json()["message"]
    with client_of(app, host="10.4.0.1") as other:
        token = csrf_of(other)
        refused = verify(other, token, message, signed(key, message))
        assert refused.status_code == 401
        assert refused.json()["reason"] == "session"


def test_challenges_are_bounded_per_client_with_a_clear_message(app: Any) -> None:
    address = "0x" + "2" * 40
    with client_of(app, host="10.5.0.1") as flood:
        limit = 20
        for _ in range(limit):
            assert challenge(flood, address)[0].status_code == 200
        refused, _ = challenge(flood, address)
        assert refused.status_code == 429
        assert refused.headers["retry-after"].isdigit()
        assert refused.json()["message"] == (
            "Gagal masuk: terlalu banyak permintaan masuk dari alamat Anda; coba lagi dalam 5 menit"
        )
    with client_of(app, host="10.5.0.2") as someone_else:  # the flood does not block others
        assert challenge(someone_else, address)[0].status_code == 200


def test_challenges_are_bounded_in_total_and_expire() -> None:
    store = NonceStore(open_database(":memory:"))
    siwe = SignIn("portal.example", "https://portal.example", 1945, store, per_client=3, total=5)
    address = Account.create().address
    for n in range(5):
        siwe.challenge(address, client=f"10.6.0.{n // 2}", session="s", now=1_000)
    with pytest.raises(SignInError) as refused:
        siwe.challenge(address, client="10.6.0.9", session="s", now=1_010)
    assert refused.value.reason == "busy"
    assert refused.value.retry_in_s == 290
    with pytest.raises(SignInError) as per_client:
        siwe.challenge(address, client="10.6.0.0", session="s", now=1_010)
    assert per_client.value.reason == "busy"  # the total bound is checked after the client's
    siwe.challenge(address, client="10.6.0.9", session="s", now=1_300)  # all expired: room again


def test_messages_are_eip4361_as_the_siwe_reference_parses_them() -> None:
    store = NonceStore(open_database(":memory:"))
    siwe = SignIn("portal.example:8443", "https://portal.example:8443", 1945, store)
    account = Account.create()
    message = siwe.challenge(account.address, client="c", session="s", now=1_800_000_000)
    fields = parse_message(message)
    assert (fields.domain, fields.uri, fields.chain_id) == (
        "portal.example:8443",
        "https://portal.example:8443",
        1945,
    )
    assert fields.address == account.address
    assert fields.expiration_time is not None
    assert fields.expiration_time.timestamp() - fields.issued_at.timestamp() == 300
    with pytest.raises(SignInError) as bad:
        parse_message(message.replace("Version: 1", "Version: one"))
    assert bad.value.reason == "malformed"


# ---------------------------------------------------------------------- uploads


def upload_spec(web: TestClient, token: str, size: int) -> Any:
    """Prepare an open_tender with a PDF specification of about ``size`` bytes."""
    big = b"%PDF" + b"x" * size
    return web.post(
        "/api/prepare/open_tender",
        files={"spec": ("spec.pdf", big, "application/pdf")},
        headers={"X-CSRF-Token": token},
    )


def test_an_upload_from_an_account_without_the_role_is_refused_before_it_is_read(
    web: TestClient, keys: dict[str, str]
) -> None:
    answer = upload_spec(web, sign_in(web, keys["outsider"]), 3 * UPLOAD_LIMIT)
    assert answer.status_code == 403
    assert answer.json()["message"].startswith("Ditolak sebelum ditandatangani")


def test_an_upload_above_the_limit_is_refused_while_it_streams(
    web: TestClient, keys: dict[str, str]
) -> None:
    token = sign_in(web, keys["agency"])
    answer = upload_spec(web, token, 2 * UPLOAD_LIMIT)
    assert answer.status_code == 413
    assert answer.json()["message"] == "Unggahan terlalu besar: paling banyak 1 MB."

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit must hold while streaming
        yield b'--b\r\nContent-Disposition: form-data; name="spec"; filename="s.pdf"\r\n\r\n'
        for _ in range(3 * 64):
            yield b"y" * 16_384

    streamed = web.post(
        "/api/prepare/open_tender",
        content=chunks(),
        headers={"X-CSRF-Token": token, "Content-Type": "multipart/form-data; boundary=b"},
    )
    assert streamed.status_code == 413


def test_the_stream_limit_stops_reading_at_the_limit() -> None:
    pulled: list[int] = []

    async def source() -> AsyncIterator[bytes]:
        for n in range(100):
            pulled.append(n)
            yield b"z" * 1000

    async def drain() -> None:
        async for _ in limited(source(), 10_500):
            pass

    with pytest.raises(UploadTooLarge):
        asyncio.run(drain())
    assert len(pulled) == 11  # the 11th chunk passes 10 500 bytes; nothing after it is read


# ---------------------------------------------------------------------- errors


def test_bad_ids_are_not_found_pages_in_the_pages_language(web: TestClient) -> None:
    for path in ("/tenders/99999999999999999999999999", "/tenders/abc", "/orders/x", "/nope"):
        answer = web.get(path)
        assert answer.status_code == 404, path
        assert answer.headers["content-type"].startswith("text/html"), path
        assert "Halaman tidak ditemukan." in answer.text, path
        assert "Kesalahan 404" in answer.text
    web.cookies.set("lang", "en")
    answer = web.get("/tenders/abc")
    assert answer.status_code == 404
    assert "Page not found." in answer.text
    assert '<html lang="en">' in answer.text


def test_api_errors_are_json_with_the_right_status(web: TestClient) -> None:
    answer = web.get("/api/receipt/0x" + "z" * 64)
    assert answer.status_code == 400
    assert answer.json() == {
        "ok": False,
        "message": "Hash transaksi harus 0x diikuti 64 digit heksadesimal.",
    }
    answer = web.get("/api/tender/abc")
    assert answer.status_code == 400
    assert answer.json()["ok"] is False
    assert "tender_id" in answer.json()["message"]
    assert web.get("/api/tender/99999999999999999999999999").status_code == 404
    assert web.get("/api/no-such-thing").json() == {
        "ok": False,
        "message": "Halaman tidak ditemukan.",
    }
    assert web.get("/api/recipients?order_id=x").status_code == 400


def test_an_unexpected_failure_is_a_500_page_without_details(
    app: Any, web: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(app.state.portal.lists, "tenders", broken)  # the paged list (21b)
    answer = web.get("/tenders")
    assert answer.status_code == 500
    assert "Terjadi kesalahan di server" in answer.text
    assert "secret internals" not in answer.text
    assert answer.headers["content-security-policy"] == CSP


def test_a_session_nobody_signed_in_to_is_forgotten_after_an_hour() -> None:
    store = SessionStore(open_database(":memory:"))
    anonymous = store.save(None, {"csrf": "a"}, now=0)
    signed_in = store.save(None, {"csrf": "b", "address": "0x" + "1" * 40}, now=0)
    assert store.load(anonymous, now=3_599) == {"csrf": "a"}
    assert store.load(anonymous, now=3_600) is None
    assert store.load(signed_in, now=3_600) is not None
    assert store.load(signed_in, now=8 * 3_600) is None

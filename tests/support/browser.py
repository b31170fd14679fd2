"""Helpers of the browser tests: a test EIP-1193 wallet, a participant at their browser.

The fixtures (``world``, ``portal_url``, ``browser``) are in tests/portal/conftest.py; the test
modules skip themselves where Chromium or playwright is missing.
"""

import json
import re
import socket
from pathlib import Path
from typing import Any

from eth_account import Account
from eth_account.messages import encode_defunct

from py_client import Rantai

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "out" / "portal"
SCREENS = SHOTS / "screens"
DAY = 86_400
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WALLET_JS = """
window.ethereum = {
  isRantaiTestWallet: true,
  request: async ({ method, params }) => {
    const answer = JSON.parse(await window.rantaiWallet(method, JSON.stringify(params || [])));
    if (answer.error) {
      const err = new Error(answer.error.message);
      err.code = answer.error.code;
      throw err;
    }
    return answer.result;
  },
  on() {},
  removeListener() {},
};
"""
PRICE_A_IDR, PRICE_B_IDR = 900_000_000, 950_000_000
UPLOAD_LIMIT = 1024 * 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class TestWallet:
    """The Python side of the injected EIP-1193 provider: one participant's key."""

    def __init__(self, key: str, client: Rantai) -> None:
        self.account = Account.from_key(key)
        self.client = client
        self.sent: list[str] = []

    def __call__(self, method: str, params_json: str) -> str:
        params = json.loads(params_json)
        try:
            result = self.handle(method, params)
        except (ValueError, KeyError) as err:
            return json.dumps({"error": {"code": -32000, "message": str(err)}})
        return json.dumps({"result": result})

    def handle(self, method: str, params: list[Any]) -> Any:
        if method in ("eth_requestAccounts", "eth_accounts"):
            return [self.account.address]
        if method == "eth_chainId":
            return hex(self.client.chain_id)
        if method == "personal_sign":
            message, address = params
            if address.lower() != self.account.address.lower():
                raise ValueError(f"this wallet holds {self.account.address}, not {address}")
            signed = self.account.sign_message(encode_defunct(text=message))
            return "0x" + signed.signature.hex().removeprefix("0x")
        if method == "eth_sendTransaction":
            return self.send(params[0])
        raise ValueError(f"unsupported method {method}")

    def send(self, tx: dict[str, str]) -> str:
        if tx["from"].lower() != self.account.address.lower():
            raise ValueError(f"this wallet holds {self.account.address}, not {tx['from']}")
        w3 = self.client.w3
        fields: dict[str, Any] = {
            "to": tx["to"],
            "data": tx["data"],
            "gas": int(tx["gas"], 16),
            "value": int(tx.get("value", "0x0"), 16),
            "chainId": int(tx["chainId"], 16),
            "nonce": w3.eth.get_transaction_count(self.account.address, "pending"),
        }
        if "maxFeePerGas" in tx:
            fields["maxFeePerGas"] = int(tx["maxFeePerGas"], 16)
            fields["maxPriorityFeePerGas"] = int(tx["maxPriorityFeePerGas"], 16)
        else:
            fields["gasPrice"] = int(tx.get("gasPrice", "0x0"), 16)
        signed = self.account.sign_transaction(fields)
        tx_hash = "0x" + bytes(w3.eth.send_raw_transaction(signed.raw_transaction)).hex()
        self.sent.append(tx_hash)
        return tx_hash


class Participant:
    """One person at their browser: a context with its own cookies, storage and wallet."""

    def __init__(self, browser: Any, base: str, wallet: TestWallet) -> None:
        self.base = base
        self.wallet = wallet
        self.context = browser.new_context(
            viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        self.downloads: list[dict[str, Any]] = []
        self.requests: list[tuple[str, str, str]] = []  # method, URL, body of each request
        self.context.expose_function("rantaiWallet", wallet)
        self.context.add_init_script(WALLET_JS)
        self.context.route(
            re.compile(r"^(?!http://127\.0\.0\.1:).*"), lambda route: route.abort()
        )  # nothing may be loaded from anywhere but the portal
        self.page = self.context.new_page()
        self.page.on(
            "request", lambda r: self.requests.append((r.method, r.url, r.post_data or ""))
        )
        self.console: list[str] = []  # the browser's console: a CSP violation would show here
        self.page.on("console", lambda m: self.console.append(m.text))

    def sign_in(self) -> None:
        self.page.goto(f"{self.base}/console")
        self.page.click("#sign-in")
        self.page.wait_for_selector("#signed-in")

    def act(
        self,
        action: str,
        fields: dict[str, str],
        files: dict[str, bytes] | None = None,
        *,
        expect: str = "done",
        backup: str | None = None,
        backup_screen: str | None = None,
    ) -> Any:
        """Fill and submit an action form; wait until it is done (or refused, invalid...).

        ``backup`` answers the salt-backup question of a commit: ``download`` (the download is
        kept in ``self.downloads``) or ``decline``; ``backup_screen`` names a guide screenshot
        of the form while it asks.
        """
        self.page.goto(f"{self.base}/console")
        form = self.page.locator(f"#form-{action}")
        for name, value in fields.items():
            control = form.locator(f'[name="{name}"]')
            if control.evaluate("e => e.tagName") == "SELECT":
                control.select_option(value)
            elif control.get_attribute("type") == "checkbox":
                control.check()
            else:
                control.fill(value)
        for name, content in (files or {}).items():
            form.locator(f'[name="{name}"]').set_input_files(
                {"name": f"{name}.pdf", "mimeType": "application/pdf", "buffer": content}
            )
        form.locator("button[type=submit]").click()
        self.wait(action)
        if backup is not None and form.get_attribute("data-state") == "backup":
            if backup_screen is not None:
                self.form_screen(action, backup_screen)
            if backup == "download":
                with self.page.expect_download() as download:
                    form.locator("button.backup-download").click()
                self.downloads.append(json.loads(Path(download.value.path()).read_text()))
            else:
                form.locator("button.backup-decline").click()
            self.wait(action, also="backup")
        state = form.get_attribute("data-state")
        message = form.locator(".form-message").inner_text()
        assert state == expect, f"{action}: {state}: {message}"
        result = form.get_attribute("data-result")
        return json.loads(result) if result else message

    def wait(self, action: str, also: str = "") -> None:
        self.page.wait_for_function(
            f"""() => {{
                const s = document.querySelector('#form-{action}').dataset.state;
                return s && !['preparing', 'sent', '{also}'].includes(s);
            }}""",
            timeout=30_000,
        )

    def shot(self, name: str, path: str | None = None) -> None:
        if path is not None:
            self.page.goto(f"{self.base}{path}")
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    def screen(self, name: str, path: str | None = None) -> None:
        """A guide's screenshot (docs/id/img/): the visible part of the page at `path`."""
        if path is not None:
            self.page.goto(f"{self.base}{path}")
        SCREENS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENS / f"{name}.png"))

    def form_screen(self, action: str, name: str) -> None:
        """A guide's screenshot of one console form as it stands (filled, with its message)."""
        SCREENS.mkdir(parents=True, exist_ok=True)
        self.page.locator(f"#form-{action}").screenshot(path=str(SCREENS / f"{name}.png"))


def salt_records(person: Participant) -> list[dict[str, Any]]:
    """The sealed-bid records the participant's browser keeps, oldest commitment first."""
    found: list[dict[str, Any]] = person.page.evaluate(
        """() => Object.keys(localStorage)
            .filter(k => k.startsWith('rantai-salt:'))
            .map(k => JSON.parse(localStorage.getItem(k)))"""
    )
    order = {"committed": 0, "revealed": 0}
    return sorted(found, key=lambda r: order.get(r["status"], 1))


def advance(client: Rantai, seconds: int) -> None:
    client.w3.provider.make_request("evm_increaseTime", [seconds])  # type: ignore[arg-type]
    client.w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]

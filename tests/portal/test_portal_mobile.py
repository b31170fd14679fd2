"""The public pages in headless Chromium at a phone's width (390 px) and a desktop's (1280 px).

On the `make demo` pilot (with its public tender documents): no page scrolls sideways at either
width (a wide table scrolls inside its own box), chart text is at least 12 px at 1280 px, value
labels are never clipped, each bar carries its full name in ``title`` and no bar is labelled by
a bare shipment code (``S1``). Screenshots of both widths go to ``out/portal/`` (``mobile-*`` and
``desktop-*``; docs/portal.md shows them).
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.portal import PUBLIC_PAGES, serving

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        "headless browser tests need Debian's chromium at /usr/bin/chromium",
        allow_module_level=True,
    )
playwright_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")

pytestmark = pytest.mark.no_contract_trace

SHOTS = Path(__file__).resolve().parents[2] / "out" / "portal"
WIDTHS = {"mobile": 390, "desktop": 1280}
SHOT_PAGES = {
    "home": "/",
    "tenders": "/tenders",
    "tender": "/tenders/1",
    "order": "/orders/1",
    "payments": "/payments",
    "flags": "/flags",
}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="module")
def base_url(app: Any) -> Iterator[str]:
    with serving(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser(base_url: str) -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


def page_at(browser: Any, width: int) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 860})
    return context.new_page()


OVERFLOW_JS = """() => {
  const doc = document.documentElement;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => !e.closest('.scroll') && e.getBoundingClientRect().right > window.innerWidth + 1)
    .map(e => e.tagName + '.' + e.className + ' ' + (e.id || '')).slice(0, 5);
  return {scroll: doc.scrollWidth, inner: window.innerWidth, wide};
}"""

CHART_JS = """() => [...document.querySelectorAll('ol.chart li a')].map(a => {
  const value = a.querySelector('.bar-value'), label = a.querySelector('.bar-label');
  const box = a.closest('section').getBoundingClientRect(), v = value.getBoundingClientRect();
  return {
    title: a.getAttribute('title') || '',
    label: label.textContent.trim(),
    labelPx: parseFloat(getComputedStyle(label).fontSize),
    valuePx: parseFloat(getComputedStyle(value).fontSize),
    valueClipped: value.scrollWidth > value.clientWidth + 1 || v.right > box.right + 1,
  };
})"""


def test_no_page_scrolls_sideways_at_390_or_1280_px(browser: Any, base_url: str) -> None:
    for name, width in WIDTHS.items():
        page = page_at(browser, width)
        for lang in ("id", "en"):
            page.goto(f"{base_url}/lang/{lang}")
            for path in (*PUBLIC_PAGES, "/tenders/2", "/console"):
                page.goto(f"{base_url}{path}")
                found = page.evaluate(OVERFLOW_JS)
                assert found["scroll"] <= found["inner"], (name, lang, path, found)
        page.goto(f"{base_url}/lang/id")
        page.context.close()


def test_wide_tables_scroll_inside_their_box_on_a_phone(browser: Any, base_url: str) -> None:
    page = page_at(browser, 390)
    page.goto(f"{base_url}/payments")
    box = page.locator(".scroll").first
    sizes = box.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert sizes[0] > sizes[1]  # the table is wider than the phone: its box scrolls
    last = page.locator("table.payments tbody tr:first-child td:last-child")
    last.scroll_into_view_if_needed()
    assert last.is_visible()
    assert last.inner_text().startswith("Rp")
    page.context.close()


def test_charts_have_legible_unclipped_text_and_full_names_on_hover(
    browser: Any, base_url: str
) -> None:
    for name, width in WIDTHS.items():
        page = page_at(browser, width)
        page.goto(f"{base_url}/")
        bars = page.evaluate(CHART_JS)
        assert len(bars) >= 4, bars
        for bar in bars:
            if name == "desktop":
                assert bar["labelPx"] >= 12, bar
                assert bar["valuePx"] >= 12, bar
            assert not bar["valueClipped"], (name, bar)
            assert bar["title"].startswith(bar["label"].rstrip("…")), bar
            assert not bar["label"].startswith("S") or not bar["label"][1:].isdigit(), bar
        delays = [b for b in bars if b["title"].startswith("Pengiriman ")]
        assert delays, bars
        assert any("hari" in b["title"] for b in delays)
        page.context.close()


def test_screenshots_at_both_widths(browser: Any, base_url: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, width in WIDTHS.items():
        page = page_at(browser, width)
        for shot, path in SHOT_PAGES.items():
            page.goto(f"{base_url}{path}")
            target = SHOTS / f"{name}-{shot}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 5_000
        page.context.close()

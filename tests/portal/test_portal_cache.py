"""The whole-page cache of the public portal (issue 21 item 11): kept per index height, only
for anonymous ``GET`` pages, never across a sync, never for a session."""

import asyncio
import time
from dataclasses import dataclass, field

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from py_client.portal.cache import PageCache


@dataclass
class Height:
    """A portal's index height as :class:`PageCache` reads it."""

    indexed_block: int = 10
    chain_now: int = 1_000
    last_sync: float = field(default_factory=time.monotonic)
    interval_s: float = 60.0

    def sync_due(self) -> bool:
        return time.monotonic() - self.last_sync >= self.interval_s


def _client(height: Height, entries: int = 8) -> tuple[TestClient, list[str]]:
    rendered: list[str] = []

    def page(request: Request) -> Response:
        rendered.append(request.url.path)
        if request.url.path == "/orders/9":
            return PlainTextResponse("missing", status_code=404)
        if request.url.path == "/payments" and request.query_params.get("cookie"):
            answer = PlainTextResponse("with cookie")
            answer.set_cookie("x", "1")
            return answer
        return PlainTextResponse(f"{request.url.path} at block {height.indexed_block}")

    def search(request: Request) -> Response:
        rendered.append("/search")
        return RedirectResponse("/tenders/7", status_code=303)

    app = Starlette(
        routes=[
            Route("/", page),
            Route("/tenders", page),
            Route("/orders/{n}", page),
            Route("/payments", page),
            Route("/console", page),
            Route("/search", search),
        ]
    )
    app.add_middleware(PageCache, portal=height, entries=entries)
    return TestClient(app, base_url="http://127.0.0.1"), rendered


def test_an_anonymous_public_page_is_rendered_once_per_index_height() -> None:
    height = Height()
    client, rendered = _client(height)
    first = client.get("/tenders?agency=1012")
    second = client.get("/tenders?agency=1012")
    assert first.text == second.text == "/tenders at block 10"
    assert (first.headers["x-page-cache"], second.headers["x-page-cache"]) == ("miss", "hit")
    assert rendered == ["/tenders"]
    client.get("/tenders?agency=1013")  # another query string is another page
    client.cookies.set("lang", "en")
    client.get("/tenders?agency=1012")  # another language too
    assert len(rendered) == 3

    height.indexed_block = 11  # a sync reached a new block: every page is rendered again
    client.cookies.clear()
    assert client.get("/tenders?agency=1012").text == "/tenders at block 11"
    assert len(rendered) == 4


def test_a_page_is_rendered_when_a_sync_is_due_or_the_cache_is_off() -> None:
    height = Height(last_sync=time.monotonic() - 120)  # older than the sync interval
    client, rendered = _client(height)
    client.get("/")
    client.get("/")
    assert len(rendered) == 2
    client, rendered = _client(Height(), entries=0)
    client.get("/")
    answer = client.get("/")
    assert len(rendered) == 2
    assert "x-page-cache" not in answer.headers


def test_sessions_private_routes_errors_and_cookies_are_never_kept() -> None:
    client, rendered = _client(Height())
    client.cookies.set("rantai_session", "token")
    client.get("/tenders")
    client.get("/tenders")
    client.cookies.clear()
    for path in ("/console", "/orders/9", "/payments?cookie=1"):
        client.get(path)
        client.get(path)
    assert len(rendered) == 8
    client.get("/search?ocid=ocds-rantai-31337-T7", follow_redirects=False)
    found = client.get("/search?ocid=ocds-rantai-31337-T7", follow_redirects=False)
    assert found.status_code == 303
    assert found.headers["location"] == "/tenders/7"
    assert rendered.count("/search") == 1


def test_the_cache_keeps_at_most_its_entries() -> None:
    client, rendered = _client(Height(), entries=2)
    for n in (1, 2, 3, 1):
        client.get(f"/orders/{n}")
    assert len(rendered) == 4  # /orders/1 was the oldest of three: dropped
    client.get("/orders/3")
    assert len(rendered) == 4


def test_the_cache_keeps_at_most_its_bytes_oldest_out_and_no_page_over_an_eighth() -> None:
    rendered: list[str] = []

    def page(request: Request) -> Response:
        rendered.append(request.url.path)
        return PlainTextResponse("x" * int(request.query_params["bytes"]))

    app = Starlette(routes=[Route("/orders/{n}", page)])
    cache = PageCache(app, portal=Height(), entries=100, max_bytes=8_000)
    client = TestClient(cache, base_url="http://127.0.0.1")
    for n in range(1, 9):  # eight pages of 1,000 bytes: the whole cache, not one entry more
        client.get(f"/orders/{n}?bytes=1000")
    assert (len(cache.pages), cache.size) == (8, 8_000)
    client.get("/orders/9?bytes=1000")  # a ninth: the least recently used page goes
    assert (len(cache.pages), cache.size) == (8, 8_000)
    assert client.get("/orders/9?bytes=1000").headers["x-page-cache"] == "hit"
    assert client.get("/orders/1?bytes=1000").headers["x-page-cache"] == "miss"
    assert client.get("/orders/3?bytes=1000").headers["x-page-cache"] == "hit"
    assert cache.size == 8_000  # /orders/1 came back, /orders/2 (the oldest) went

    for _ in range(2):  # more than an eighth of the cache: served, never kept, nothing dropped
        assert client.get("/orders/10?bytes=1001").headers["x-page-cache"] == "miss"
    assert (len(cache.pages), cache.size) == (8, 8_000)
    assert rendered.count("/orders/10") == 2
    assert len(rendered) == 12


def test_concurrent_first_requests_wait_for_one_rendering() -> None:
    height = Height()
    rendered: list[str] = []

    async def slow(request: Request) -> Response:
        rendered.append(request.url.path)
        await asyncio.sleep(0.05)
        return PlainTextResponse("home")

    app = Starlette(routes=[Route("/", slow)])
    app.add_middleware(PageCache, portal=height)

    async def burst() -> list[str]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            answers = await asyncio.gather(*(client.get("/") for _ in range(10)))
        return [a.headers["x-page-cache"] for a in answers]

    states = asyncio.run(burst())
    assert rendered == ["/"]
    assert sorted(states) == ["hit"] * 9 + ["miss"]


def test_while_a_due_sync_runs_the_current_page_is_still_served() -> None:
    height = Height()
    rendered: list[int] = []

    async def syncing(request: Request) -> Response:
        rendered.append(height.indexed_block)
        if height.sync_due():  # the route syncs when one is due
            await asyncio.sleep(0.05)
            height.indexed_block += 1
            height.last_sync = time.monotonic()
        return PlainTextResponse(f"block {height.indexed_block}")

    app = Starlette(routes=[Route("/", syncing)])
    app.add_middleware(PageCache, portal=height)

    async def views() -> list[str]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            await client.get("/")  # kept at block 10
            height.last_sync -= 120  # a sync is due
            during = await asyncio.gather(*(client.get("/") for _ in range(5)))
            after = await client.get("/")
        return [a.text for a in (*during, after)]

    texts = asyncio.run(views())
    assert sorted(texts[:5]) == ["block 10"] * 4 + ["block 11"]  # the syncing one is new
    assert texts[5] == "block 11"
    assert rendered == [10, 10, 11]  # the first view, the sync, then the new height's page


def test_while_a_page_is_rendered_again_its_last_answer_serves_the_others() -> None:
    height = Height()
    rendered: list[int] = []

    async def slow(request: Request) -> Response:
        rendered.append(height.indexed_block)
        await asyncio.sleep(0.05)
        return PlainTextResponse(f"block {height.indexed_block}")

    cache = PageCache(Starlette(routes=[Route("/", slow)]), portal=height, max_age_s=60.0)

    async def burst(client: httpx.AsyncClient, count: int) -> list[tuple[str, str]]:
        answers = await asyncio.gather(*(client.get("/") for _ in range(count)))
        return sorted((a.headers["x-page-cache"], a.text) for a in answers)

    async def views() -> list[list[tuple[str, str]]]:
        transport = httpx.ASGITransport(app=cache)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            seen = [await burst(client, 1)]  # kept at block 10
            height.indexed_block = 11  # a sync reached a new block
            seen.append(await burst(client, 5))
            seen.append(await burst(client, 1))
            for page in cache.pages.values():
                page.stored_at -= 121  # older than twice the age: not served, even stale
            seen.append(await burst(client, 3))
        return seen

    first, during, after, too_old = asyncio.run(views())
    assert first == [("miss", "block 10")]
    assert during == [("miss", "block 11")] + [("stale", "block 10")] * 4  # nobody queued
    assert after == [("hit", "block 11")]
    assert too_old == [("hit", "block 11")] * 2 + [("miss", "block 11")]  # they waited for it
    assert rendered == [10, 11, 11]
    assert len(cache.pages) == 1  # one answer kept per page: the older one was replaced

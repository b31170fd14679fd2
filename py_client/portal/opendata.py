"""The open data API: OCDS release and record packages over HTTP, paged (issue 21).

``GET /api/ocds/releases`` and ``GET /api/ocds/records`` answer one page of the index's
contracting processes as an OCDS 1.1 release package (every point-in-time release of each
process) or record package (each process's releases and its compiled release), built by
:mod:`py_client.interop.ocds` exactly as ``rantai export ocds`` builds the files. They follow
the conventions open-data portals use for OCDS APIs (the OCDS guidance on "API" publication and
what tools such as Kingfisher Collect read):

- ``links.next`` is the URL of the next page (absent on the last one), ``links.prev`` of the
  previous; a client follows ``links.next`` until there is none;
- ``since`` (ISO-8601 date or date-time, UTC when no zone is given) keeps the processes changed
  at or after that time and, in a release package, only their releases dated then or later;
- ``ocid`` asks for one process; ``limit`` (1 to 100, default 20) is the page size.

Processes are ordered by ocid kind and number (tenders, then direct purchases), so pages are
stable while the chain grows: new processes appear on later pages.

Example::

    >>> import httpx  # doctest: +SKIP
    >>> page = httpx.get("https://portal.example/api/ocds/releases?since=2026-12-01").json()
    ... # doctest: +SKIP
"""

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from py_client.audit.db import Database
from py_client.interop import ocds
from py_client.portal.runtime import PortalRuntime, Runtime

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


class BadQuery(ValueError):
    """A query parameter of the open data API is not understood."""


def parse_since(value: str) -> int:
    """``since`` as unix seconds: an ISO-8601 date or date-time (UTC unless it names a zone).

    Raises:
        BadQuery: Not such a date.
    """
    text = value.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as err:
        raise BadQuery(
            f"since must be an ISO-8601 date or date-time like 2026-12-01T00:00:00Z: {value!r}"
        ) from err
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return int(parsed.timestamp())


def _limit(value: str | None) -> int:
    if value is None or value == "":
        return DEFAULT_LIMIT
    if not value.isdigit() or not 1 <= int(value) <= MAX_LIMIT:
        raise BadQuery(f"limit must be a whole number from 1 to {MAX_LIMIT}: {value!r}")
    return int(value)


def _page(value: str | None) -> int:
    if value is None or value == "":
        return 1
    if not value.isdigit() or not 1 <= int(value) <= 10**9:
        raise BadQuery(f"page must be a whole number from 1: {value!r}")
    return int(value)


def process_page(
    db: Database, *, since: int | None, ocid: str | None, limit: int, page: int
) -> tuple[list[str], bool]:
    """One page of ocids (and whether another page follows), changed at or after ``since``."""
    changed = ""
    params: list[Any] = []
    if since is not None:
        first = db.scalar("SELECT MIN(block_number) FROM blocks WHERE timestamp >= ?", [since])
        if first is None:
            return [], False
        changed = (
            " AND EXISTS (SELECT 1 FROM events e WHERE e.block_number >= ? AND "
            "(e.tender_id = p.n_tender OR e.order_id = p.n_order))"
        )
        params.append(int(first))
    if ocid:
        changed += " AND p.ocid = ?"
        params.append(ocid)
    rows = db.query(
        "SELECT p.ocid FROM (SELECT ocid, 0 AS k, tender_id AS n, tender_id AS n_tender, "  # noqa: S608 - fixed clauses only; values are parameters
        "order_id AS n_order FROM tenders UNION ALL SELECT ocid, 1 AS k, order_id AS n, "
        "-1 AS n_tender, order_id AS n_order FROM orders WHERE tender_id IS NULL) p "
        f"WHERE 1 = 1{changed} ORDER BY p.k, p.n LIMIT ? OFFSET ?",
        [*params, limit + 1, (page - 1) * limit],
    )
    ocids = [str(r["ocid"]) for r in rows]
    return ocids[:limit], len(ocids) > limit


def _date_at_or_after(release: dict[str, Any], since: int) -> bool:
    return parse_since(str(release["date"])) >= since


router = APIRouter()
"""``/api/ocds/releases`` and ``/api/ocds/records``."""


def _answer(rt: PortalRuntime, request: Request, kind: str) -> JSONResponse:
    query = request.query_params
    try:
        since_text = query.get("since")
        since = parse_since(since_text) if since_text else None
        limit, page = _limit(query.get("limit")), _page(query.get("page"))
    except BadQuery as err:
        return JSONResponse({"ok": False, "message": str(err)}, status_code=400)
    ocid = query.get("ocid") or None
    portal = rt.portal
    portal.sync()
    base = str(request.url.replace(query=""))
    with portal.lock:
        ocids, more = process_page(portal.db, since=since, ocid=ocid, limit=limit, page=page)
        uri = str(request.url)
        if kind == "releases":
            package = ocds.release_package(portal.db, ocids, uri=uri)
            if since is not None:
                package["releases"] = [
                    r for r in package["releases"] if _date_at_or_after(r, since)
                ]
        else:
            package = ocds.record_package(portal.db, ocids, uri=uri)
    kept = {k: v for k, v in query.items() if k in ("since", "limit", "ocid")}
    links: dict[str, str] = {}
    if more:
        links["next"] = f"{base}?{urlencode({**kept, 'page': page + 1})}"
    if page > 1:
        links["prev"] = f"{base}?{urlencode({**kept, 'page': page - 1})}"
    if links:
        package["links"] = links
    return JSONResponse(package, media_type="application/json")


@router.get("/api/ocds/releases")
def release_package(request: Request, rt: Runtime) -> JSONResponse:
    """A release package of one page of processes (see the module docstring)."""
    return _answer(rt, request, "releases")


@router.get("/api/ocds/records")
def record_package(request: Request, rt: Runtime) -> JSONResponse:
    """A record package of one page of processes (see the module docstring)."""
    return _answer(rt, request, "records")


__all__ = ["BadQuery", "parse_since", "process_page", "router"]

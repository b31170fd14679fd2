"""The list pages of the portal: paged, filterable, with totals (issue 21, national scale).

``/tenders``, ``/orders``, ``/shipments``, ``/payments``, ``/agencies`` and ``/suppliers`` each
show one page of rows (:mod:`py_client.portal.listing`), the number of rows that match, their
money totals, a filter form (a plain ``GET`` form: agency, supplier, status, fiscal year,
region, words) and links to the other pages. ``/search`` opens the process an ocid names, and
otherwise lists the tenders whose title or items contain the words.

Example::

    >>> app.include_router(router)  # doctest: +SKIP
"""

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from py_client.portal.i18n import language, state, text
from py_client.portal.listing import Filters, ListPage, Lists
from py_client.portal.runtime import Portal, PortalRuntime, Runtime

TENDER_STATUSES = ("Open", "Awarded", "Failed", "Cancelled")
ORDER_STATES = ("Created", "Active", "Delivered", "Closed", "Cancelled", "Terminated")
SHIPMENT_STATUSES = ("Registered", "InTransit", "Arrived")
PAYMENT_KINDS = ("delivery", "retention", "ruling")
ORG_STATUSES = ("active", "suspended")


router = APIRouter()
EVERYTHING = ("agency", "supplier", "status", "year", "region", "q")


def show(
    rt: PortalRuntime,
    request: Request,
    path: str,
    statuses: tuple[str, ...],
    *,
    read: Callable[[Lists, Filters], ListPage] | None = None,
    rows: str = "",
    fields: tuple[str, ...] = EVERYTHING,
    words: str = "",
    titled: bool = False,
    template: str = "",
) -> HTMLResponse:
    """One page of a list: its filter form, totals, rows and pager.

    Args:
        rt: The portal runtime.
        request: The page request (its query string holds the filters).
        path: The page's path (``/tenders``); its template is ``{path}.html`` unless
            ``template`` names one; its heading is ``nav.{path}``.
        statuses: The status filter's choices.
        read: The page of rows the filters select; the :class:`Lists` method of the path's
            name (``Lists.tenders``) unless given.
        rows: The template's name for the rows (the path's, ``tenders``, unless given).
        fields: The filters the form offers.
        words: The text-key prefix naming the statuses (``state`` names when empty).
        titled: The rows are of tenders: their titles are read from the documents.
    """
    lang = language(request.cookies.get("lang"))
    name = path.strip("/")

    def status_name(status: str) -> str:
        return text(f"{words}.{status}", lang) if words else state(status, lang)

    def context(portal: Portal) -> dict[str, Any]:
        filters = Filters.parse(dict(request.query_params))
        page = read(portal.lists, filters) if read else getattr(portal.lists, name)(filters)
        found = {
            "action": path,
            "title": f"nav.{name}",
            "status_name": status_name,
            "page": page,
            "filters": page.filters,
            "statuses": statuses,
            "fields": fields,
            "options": portal.lists.options(),
            "agencies": portal.data.organisations(("Agency",)),
            rows or name: page.rows,
        }
        if titled:
            ids = [int(r["tender_id"] or 0) for r in page.rows]
            found["titles"] = portal.documents.titles(ids)
        return found

    return rt.page(request, template or f"{name}.html", context)


@router.get("/tenders", response_class=HTMLResponse)
def tenders(request: Request, rt: Runtime) -> HTMLResponse:
    return show(rt, request, "/tenders", TENDER_STATUSES, titled=True)


@router.get("/orders", response_class=HTMLResponse)
def orders(request: Request, rt: Runtime) -> HTMLResponse:
    return show(rt, request, "/orders", ORDER_STATES, titled=True)


@router.get("/shipments", response_class=HTMLResponse)
def shipments(request: Request, rt: Runtime) -> HTMLResponse:
    return show(rt, request, "/shipments", SHIPMENT_STATUSES)


@router.get("/payments", response_class=HTMLResponse)
def payments(request: Request, rt: Runtime) -> HTMLResponse:
    return show(rt, request, "/payments", PAYMENT_KINDS, words="payment.kind")


def organisation_list(
    rt: PortalRuntime, request: Request, kinds: tuple[str, ...], path: str
) -> HTMLResponse:
    def read(lists: Lists, f: Filters) -> ListPage:
        return lists.organisations(kinds, f, rt.portal.data.names)

    return show(
        rt,
        request,
        path,
        ORG_STATUSES,
        read=read,
        rows="orgs",
        fields=("status", "q"),
        words="org.status",
        template="organisations.html",
    )


@router.get("/agencies", response_class=HTMLResponse)
def agencies(request: Request, rt: Runtime) -> HTMLResponse:
    return organisation_list(rt, request, ("Agency",), "/agencies")


@router.get("/suppliers", response_class=HTMLResponse)
def suppliers(request: Request, rt: Runtime) -> HTMLResponse:
    return organisation_list(rt, request, ("Supplier", "Contractor"), "/suppliers")


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, rt: Runtime, ocid: str = "", q: str = "") -> Response:
    """An ocid opens its process; other words list the tenders that contain them."""
    wanted = (q or ocid).strip()[:120]
    portal = rt.portal
    portal.sync()
    with portal.lock:
        found = portal.data.find_ocid(wanted) if wanted else None
        if found is not None:
            return RedirectResponse(f"/{found[0]}/{found[1]}", status_code=303)
        page = portal.lists.tenders(Filters(q=wanted)) if wanted else None
    if page is None or not page.total:
        lang = language(request.cookies.get("lang"))
        message = text("search.not_found", lang, ocid=wanted)
        return rt.render(request, "message.html", 404, message=message)
    return RedirectResponse(f"/tenders?{page.filters.query_string()}", status_code=303)


__all__ = ["router"]

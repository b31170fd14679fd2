"""The list pages of the portal: paged, filterable, with totals (issue 21, national scale).

``/tenders``, ``/orders``, ``/shipments``, ``/payments``, ``/agencies`` and ``/suppliers`` each
show one page of rows (:mod:`py_client.portal.listing`), the number of rows that match, their
money totals, a filter form (a plain ``GET`` form: agency, supplier, status, fiscal year,
region, words) and links to the other pages. ``/search`` opens the process an ocid names, and
otherwise lists the tenders whose title or items contain the words.

Example::

    >>> app.include_router(router)  # doctest: +SKIP
"""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from py_client.portal.i18n import language, text
from py_client.portal.listing import Filters, ListPage
from py_client.portal.runtime import PortalRuntime, Runtime

TENDER_STATUSES = ("Open", "Awarded", "Failed", "Cancelled")
ORDER_STATES = ("Created", "Active", "Delivered", "Closed", "Cancelled", "Terminated")
SHIPMENT_STATUSES = ("Registered", "InTransit", "Arrived")
PAYMENT_KINDS = ("delivery", "retention", "ruling")


router = APIRouter()
EVERYTHING = ("agency", "supplier", "status", "year", "region", "q")


def show(
    rt: PortalRuntime,
    request: Request,
    template: str,
    page: ListPage,
    statuses: tuple[str, ...],
    fields: tuple[str, ...],
    **context: Any,
) -> HTMLResponse:
    lang = language(request.cookies.get("lang"))
    portal = rt.portal
    return rt.render(
        request,
        template,
        payment_kind=lambda kind: text(f"payment.kind.{kind}", lang),
        org_status=lambda status: text(f"org.status.{status}", lang),
        page=page,
        filters=page.filters,
        statuses=statuses,
        fields=fields,
        options=portal.lists.options(),
        agencies=portal.data.organisations(("Agency",)),
        **context,
    )


def filters_of(request: Request) -> Filters:
    return Filters.parse(dict(request.query_params))


@router.get("/tenders", response_class=HTMLResponse)
def tenders(request: Request, rt: Runtime) -> HTMLResponse:
    portal = rt.portal
    portal.sync()
    with portal.lock:
        page = portal.lists.tenders(filters_of(request))
        titles = portal.documents.titles([int(r["tender_id"]) for r in page.rows])
        return show(
            rt,
            request,
            "tenders.html",
            page,
            TENDER_STATUSES,
            EVERYTHING,
            titles=titles,
            tenders=page.rows,
        )


@router.get("/orders", response_class=HTMLResponse)
def orders(request: Request, rt: Runtime) -> HTMLResponse:
    portal = rt.portal
    portal.sync()
    with portal.lock:
        page = portal.lists.orders(filters_of(request))
        titles = portal.documents.titles([int(r["tender_id"] or 0) for r in page.rows])
        return show(
            rt,
            request,
            "orders.html",
            page,
            ORDER_STATES,
            EVERYTHING,
            titles=titles,
            orders=page.rows,
        )


@router.get("/shipments", response_class=HTMLResponse)
def shipments(request: Request, rt: Runtime) -> HTMLResponse:
    portal = rt.portal
    portal.sync()
    with portal.lock:
        page = portal.lists.shipments(filters_of(request))
        return show(
            rt, request, "shipments.html", page, SHIPMENT_STATUSES, EVERYTHING, shipments=page.rows
        )


@router.get("/payments", response_class=HTMLResponse)
def payments(request: Request, rt: Runtime) -> HTMLResponse:
    portal = rt.portal
    portal.sync()
    with portal.lock:
        page = portal.lists.payments(filters_of(request))
        return show(
            rt, request, "payments.html", page, PAYMENT_KINDS, EVERYTHING, payments=page.rows
        )


def organisation_list(
    rt: PortalRuntime, request: Request, kinds: tuple[str, ...], title: str
) -> HTMLResponse:
    portal = rt.portal
    portal.sync()
    with portal.lock:
        page = portal.lists.organisations(kinds, filters_of(request), portal.data.names)
        return show(
            rt,
            request,
            "organisations.html",
            page,
            ("active", "suspended"),
            ("status", "q"),
            orgs=page.rows,
            title=title,
        )


@router.get("/agencies", response_class=HTMLResponse)
def agencies(request: Request, rt: Runtime) -> HTMLResponse:
    return organisation_list(rt, request, ("Agency",), "nav.agencies")


@router.get("/suppliers", response_class=HTMLResponse)
def suppliers(request: Request, rt: Runtime) -> HTMLResponse:
    return organisation_list(rt, request, ("Supplier", "Contractor"), "nav.suppliers")


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

"""The public pages of one process or organisation, the home page and the language switch.

``/`` (totals, latest tenders, spending, delays), ``/tenders/{id}``, ``/awards``,
``/orders/{id}``, ``/shipments/{id}``, ``/flags``, ``/agencies/{id}``, ``/suppliers/{id}``
(rendered on the server from the audit index, no sign-in) and ``/lang/{code}``.

Example::

    >>> app.include_router(router)  # doctest: +SKIP
"""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from py_client.portal.i18n import language
from py_client.portal.listing import Filters
from py_client.portal.runtime import Runtime

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def home(request: Request, rt: Runtime) -> HTMLResponse:
    portal = rt.portal
    portal.sync()
    with portal.lock:
        d = portal.data
        return rt.render(
            request,
            "home.html",
            totals=d.totals(),
            tenders=portal.lists.tenders(Filters(per_page=5)).rows,
            spending=d.spending_by_agency(),
            received=d.spending_by_supplier(),
            delays=d.delays(),
        )


@router.get("/tenders/{tender_id}", response_class=HTMLResponse)
def tender(request: Request, tender_id: int, rt: Runtime) -> HTMLResponse:
    portal = rt.portal
    portal.sync()
    with portal.lock:
        d = portal.data
        row = d.tender(tender_id)
        if row is None:
            return rt.not_found(request)
        return rt.render(
            request,
            "tender.html",
            tender=row,
            items=d.items(tender_id),
            bids=d.bids(tender_id),
            award=d.award(tender_id),
            flags=d.red_flags(tender_id),
            history=d.history("tender_id", tender_id),
        )


@router.get("/awards", response_class=HTMLResponse)
def awards(request: Request, rt: Runtime) -> HTMLResponse:
    rt.portal.sync()
    with rt.portal.lock:
        return rt.render(request, "awards.html", awards=rt.portal.data.awards())


@router.get("/orders/{order_id}", response_class=HTMLResponse)
def order(request: Request, order_id: int, rt: Runtime) -> HTMLResponse:
    portal = rt.portal
    portal.sync()
    with portal.lock:
        d = portal.data
        row = d.order(order_id)
        if row is None:
            return rt.not_found(request)
        return rt.render(
            request,
            "order.html",
            order=row,
            lines=d.lines(order_id),
            acceptance=d.acceptance(order_id),
            deliveries=d.deliveries(order_id),
            payments=d.payments(order_id),
            retention=d.retention(order_id),
            dispute=d.dispute(order_id),
            adendums=d.adendums(order_id),
            shipments=d.shipments(order_id),
            history=d.history("order_id", order_id),
        )


@router.get("/shipments/{shipment_id}", response_class=HTMLResponse)
def shipment(request: Request, shipment_id: int, rt: Runtime) -> HTMLResponse:
    portal = rt.portal
    portal.sync()
    with portal.lock:
        d = portal.data
        row = d.shipment(shipment_id)
        if row is None:
            return rt.not_found(request)
        return rt.render(
            request,
            "shipment.html",
            shipment=row,
            lines=d.shipment_lines(shipment_id),
            checkpoints=d.checkpoints(shipment_id),
            custody=d.custody(shipment_id),
            history=d.history("shipment_id", shipment_id),
        )


@router.get("/flags", response_class=HTMLResponse)
def flags(request: Request, rt: Runtime) -> HTMLResponse:
    portal = rt.portal
    portal.sync()
    with portal.lock:
        d = portal.data
        return rt.render(
            request,
            "flags.html",
            flags=d.red_flags(),
            late=d.late_deliveries(),
            disputes=d.disputes(),
            analytics=d.analytics(),
        )


@router.get("/agencies/{org_id}", response_class=HTMLResponse)
def agency(request: Request, org_id: int, rt: Runtime) -> HTMLResponse:
    portal = rt.portal
    portal.sync()
    with portal.lock:
        d = portal.data
        found = d.organisation(org_id)
        if found is None or found.kind != "Agency":
            return rt.not_found(request)
        orders = portal.lists.orders(Filters(agency=org_id))
        return rt.render(
            request,
            "agency.html",
            o=found,
            tenders=portal.lists.tenders(Filters(agency=org_id)).rows,
            orders=orders.rows,
            page=orders,
            paid=portal.lists.paid(agency=org_id),
        )


@router.get("/suppliers/{org_id}", response_class=HTMLResponse)
def supplier(request: Request, org_id: int, rt: Runtime) -> HTMLResponse:
    portal = rt.portal
    portal.sync()
    with portal.lock:
        d = portal.data
        found = d.organisation(org_id)
        if found is None or found.kind not in ("Supplier", "Contractor"):
            return rt.not_found(request)
        orders = portal.lists.orders(Filters(supplier=org_id))
        return rt.render(
            request,
            "supplier.html",
            o=found,
            awards=d.awards(supplier_org_id=org_id),
            orders=orders.rows,
            page=orders,
            received=portal.lists.paid(supplier=org_id),
        )


@router.get("/lang/{code}")
def set_language(request: Request, code: str) -> RedirectResponse:
    back = request.headers.get("referer") or "/"
    response = RedirectResponse(back if back.startswith(str(request.base_url)) else "/", 303)
    response.set_cookie("lang", language(code), max_age=365 * 86400, samesite="lax")
    return response


__all__ = ["router"]

"""The public pages of one process or organisation, the home page and the language switch.

``/`` (totals, latest tenders, spending, delays), ``/tenders/{id}``, ``/awards``,
``/orders/{id}``, ``/shipments/{id}``, ``/flags``, ``/agencies/{id}``, ``/suppliers/{id}``
(rendered on the server from the audit index, no sign-in) and ``/lang/{code}``.

Example::

    >>> app.include_router(router)  # doctest: +SKIP
"""

from collections.abc import Callable, Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from py_client.portal.i18n import language
from py_client.portal.listing import Filters
from py_client.portal.public import PublicData
from py_client.portal.runtime import DetailPart, Portal, Runtime

router = APIRouter()

TENDER_PARTS: Mapping[str, DetailPart] = {
    "items": PublicData.items,
    "bids": PublicData.bids,
    "award": PublicData.award,
    "flags": PublicData.red_flags,
}
ORDER_PARTS: Mapping[str, DetailPart] = {
    "lines": PublicData.lines,
    "acceptance": PublicData.acceptance,
    "deliveries": PublicData.deliveries,
    "payments": PublicData.payments,
    "retention": PublicData.retention,
    "dispute": PublicData.dispute,
    "adendums": PublicData.adendums,
    "shipments": PublicData.shipments,
}
SHIPMENT_PARTS: Mapping[str, DetailPart] = {
    "lines": PublicData.shipment_lines,
    "checkpoints": PublicData.checkpoints,
    "custody": PublicData.custody,
}
FLAGS_PARTS: Mapping[str, Callable[[PublicData], Any]] = {
    "flags": PublicData.red_flags,
    "late": PublicData.late_deliveries,
    "disputes": PublicData.disputes,
    "analytics": PublicData.analytics,
}
AGENCY_KINDS = ("Agency",)
SUPPLIER_KINDS = ("Supplier", "Contractor")


@router.get("/", response_class=HTMLResponse)
def home(request: Request, rt: Runtime) -> HTMLResponse:
    def read(portal: Portal) -> Mapping[str, Any]:
        d = portal.data
        return {
            "totals": d.totals(),
            "tenders": portal.lists.tenders(Filters(per_page=5)).rows,
            "spending": d.spending_by_agency(),
            "received": d.spending_by_supplier(),
            "delays": d.delays(),
        }

    return rt.page(request, "home.html", read)


@router.get("/tenders/{tender_id}", response_class=HTMLResponse)
def tender(request: Request, tender_id: int, rt: Runtime) -> HTMLResponse:
    return rt.detail(request, "tender", tender_id, TENDER_PARTS)


@router.get("/awards", response_class=HTMLResponse)
def awards(request: Request, rt: Runtime) -> HTMLResponse:
    return rt.page(request, "awards.html", lambda portal: {"awards": portal.data.awards()})


@router.get("/orders/{order_id}", response_class=HTMLResponse)
def order(request: Request, order_id: int, rt: Runtime) -> HTMLResponse:
    return rt.detail(request, "order", order_id, ORDER_PARTS)


@router.get("/shipments/{shipment_id}", response_class=HTMLResponse)
def shipment(request: Request, shipment_id: int, rt: Runtime) -> HTMLResponse:
    return rt.detail(request, "shipment", shipment_id, SHIPMENT_PARTS)


@router.get("/flags", response_class=HTMLResponse)
def flags(request: Request, rt: Runtime) -> HTMLResponse:
    def read(portal: Portal) -> Mapping[str, Any]:
        return {part: reader(portal.data) for part, reader in FLAGS_PARTS.items()}

    return rt.page(request, "flags.html", read)


def organisation(
    portal: Portal, org_id: int, kinds: tuple[str, ...], mine: Filters
) -> dict[str, Any] | None:
    """An agency's or supplier's page context: the organisation and its orders (``mine``
    names it), ``None`` when no organisation of ``kinds`` has the id."""
    found = portal.data.organisation(org_id)
    if found is None or found.kind not in kinds:
        return None
    orders = portal.lists.orders(mine)
    return {"o": found, "orders": orders.rows, "page": orders}


@router.get("/agencies/{org_id}", response_class=HTMLResponse)
def agency(request: Request, org_id: int, rt: Runtime) -> HTMLResponse:
    def read(portal: Portal) -> Mapping[str, Any] | None:
        context = organisation(portal, org_id, AGENCY_KINDS, Filters(agency=org_id))
        if context is not None:
            context["tenders"] = portal.lists.tenders(Filters(agency=org_id)).rows
            context["paid"] = portal.lists.paid(agency=org_id)
        return context

    return rt.page(request, "agency.html", read)


@router.get("/suppliers/{org_id}", response_class=HTMLResponse)
def supplier(request: Request, org_id: int, rt: Runtime) -> HTMLResponse:
    def read(portal: Portal) -> Mapping[str, Any] | None:
        context = organisation(portal, org_id, SUPPLIER_KINDS, Filters(supplier=org_id))
        if context is not None:
            context["awards"] = portal.data.awards(supplier_org_id=org_id)
            context["received"] = portal.lists.paid(supplier=org_id)
        return context

    return rt.page(request, "supplier.html", read)


@router.get("/lang/{code}")
def set_language(request: Request, code: str) -> RedirectResponse:
    back = request.headers.get("referer") or "/"
    response = RedirectResponse(back if back.startswith(str(request.base_url)) else "/", 303)
    response.set_cookie("lang", language(code), max_age=365 * 86400, samesite="lax")
    return response


__all__ = ["router"]

"""The console's JSON API: prepare a transaction, follow its receipt, what the browser seals with.

``POST /api/prepare/{action}`` checks the form of a console action
(:mod:`py_client.portal.actions`) and answers the unsigned transaction the wallet signs;
``GET /api/receipt/{tx}`` reports a sent transaction and re-indexes; ``/api/recipients``,
``/api/reveal/{tender}`` and ``/api/tender/{tender}`` give the browser what it needs to seal a
document or a bid. Answers are ``{"ok": …}`` JSON, refusals in the request's language.

Example::

    >>> app.include_router(router)  # doctest: +SKIP
"""

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from web3.exceptions import Web3Exception

from py_client.errors import RantaiError
from py_client.formatting import wib
from py_client.models import Role
from py_client.portal.actions import ACTIONS, FormInvalid
from py_client.portal.bids import reveal_context
from py_client.portal.errors_i18n import describe_error
from py_client.portal.i18n import money, text
from py_client.portal.runtime import Runtime, refuse
from py_client.portal.uploads import UploadMalformed, UploadTooLarge, read_form

router = APIRouter()
TX_HASH = re.compile(r"0x[0-9a-fA-F]{64}")


@router.post("/api/prepare/{action}")
async def prepare(request: Request, action: str, rt: Runtime) -> JSONResponse:
    portal = rt.portal
    lang = rt.lang_of(request)
    if (refused := rt.bad_token(request)) is not None:
        return refused
    address = request.session.get("address")
    if not isinstance(address, str):
        return refuse(401, text("form.not_signed_in", lang))
    spec = ACTIONS.get(action)
    if spec is None:
        return refuse(404, text("form.unknown_action", lang))
    with portal.lock:  # who may send this form, before a byte of it is read
        roles = portal.client.participant(address).roles
    if spec.roles and not spec.roles & roles:
        return refuse(403, text("form.refused", lang, reason=text("console.no_role", lang)))
    try:
        values, files = await read_form(request, rt.config.max_upload_bytes)
    except UploadTooLarge as err:
        limit = f"{err.limit / 1_048_576:g}"
        return refuse(413, text("upload.too_large", lang, limit=limit))
    except UploadMalformed:
        return refuse(400, text("upload.not_form", lang))
    try:
        with portal.lock:
            prepared = portal.preparer.prepare(
                action, address, values, files, lang=lang, roles=roles
            )
    except FormInvalid as err:
        return refuse(422, text("form.has_errors", lang), errors=err.errors)
    except RantaiError as err:
        reason = describe_error(err, lang)
        return refuse(409, text("form.refused", lang, reason=reason), error=type(err).__name__)
    except (Web3Exception, OSError) as err:
        return refuse(502, text("form.refused", lang, reason=str(err)))
    return JSONResponse(
        {
            "ok": True,
            "tx": prepared.tx,
            "summary": prepared.summary,
            "extra": {k: v for k, v in prepared.extra.items() if isinstance(v, str | int)},
        }
    )


@router.get("/api/receipt/{tx_hash}")
def receipt(request: Request, tx_hash: str, rt: Runtime) -> JSONResponse:
    portal = rt.portal
    if not TX_HASH.fullmatch(tx_hash):
        return refuse(400, text("error.tx_hash", rt.lang_of(request)))
    with portal.lock:
        try:
            found = portal.client.w3.eth.get_transaction_receipt(tx_hash)  # type: ignore[arg-type]
        except Web3Exception:
            return JSONResponse({"ok": True, "pending": True})
        events = portal.client.decoder.result(found)
        portal.sync(force=True)
    ids = (
        ("tender", _first(events, "tenderId")),
        ("order", _first(events, "orderId")),
        ("shipment", _first(events, "shipmentId")),
    )
    return JSONResponse(
        {
            "ok": True,
            "pending": False,
            "status": int(found["status"]),
            "block": int(found["blockNumber"]),
            "events": events.event_names,
            "ids": {k: v for k, v in ids if v is not None},
        }
    )


@router.get("/api/recipients")
def recipients(
    request: Request,
    rt: Runtime,
    order_id: int | None = None,
    shipment_id: int | None = None,
    skip_missing: bool = False,
) -> JSONResponse:
    """Who a confidential document of a process is sealed to, in the browser (seal.js)."""
    lang = rt.lang_of(request)
    address = request.session.get("address")
    if not isinstance(address, str):
        return refuse(401, text("form.not_signed_in", lang))
    try:
        with rt.portal.lock:
            found, skipped = rt.portal.preparer.recipients(
                address, order_id=order_id, shipment_id=shipment_id, skip_missing=skip_missing
            )
    except RantaiError as err:
        reason = describe_error(err, lang)
        return refuse(409, text("form.refused", lang, reason=reason), error=type(err).__name__)
    return JSONResponse(
        {
            "ok": True,
            "recipients": [{"account": r.account, "key": r.public_key.hex()} for r in found],
            "skipped": list(skipped),
        }
    )


@router.get("/api/reveal/{tender_id}")
def reveal_info(request: Request, tender_id: int, rt: Runtime) -> JSONResponse:
    """The reveal window and on-chain seal of the signed-in supplier (no price, no salt)."""
    portal = rt.portal
    lang = rt.lang_of(request)
    address = request.session.get("address")
    if not isinstance(address, str):
        return refuse(401, text("form.not_signed_in", lang))
    try:
        with portal.lock:
            if Role.SUPPLIER not in portal.client.participant(address).roles:
                reason = text("console.no_role", lang)
                return refuse(403, text("form.refused", lang, reason=reason))
            found = reveal_context(portal.client, address, tender_id)
    except RantaiError as err:
        return refuse(404, describe_error(err, lang), error=type(err).__name__)
    opens, closes = wib(found["bidDeadlineAt"]), wib(found["revealDeadlineAt"])
    return JSONResponse({"ok": True, **found, "opensText": opens, "closesText": closes})


@router.get("/api/tender/{tender_id}")
def tender_info(request: Request, tender_id: int, rt: Runtime) -> JSONResponse:
    """What the browser needs to seal a bid: chain, contract, HPS and deadline."""
    portal = rt.portal
    with portal.lock:
        row = portal.data.tender(tender_id)
    if row is None:
        return refuse(404, text("common.not_found", rt.lang_of(request)))
    return JSONResponse(
        {
            "ok": True,
            "chainId": portal.client.chain_id,
            "tendering": portal.client.tendering.address,
            "tenderId": tender_id,
            "hpsIdr": str(row["hps_idr"]),
            "bondIdr": str(row["bond_idr"]),
            "bidDeadlineAt": row["bid_deadline_at"],
            "hpsText": money(row["hps_idr"], rt.lang_of(request)),
        }
    )


def _first(result: Any, argument: str) -> int | None:
    for event in result.events:
        value = event.args.get(argument)
        if isinstance(value, int) and value:
            return value
    return None


__all__ = ["TX_HASH", "router"]

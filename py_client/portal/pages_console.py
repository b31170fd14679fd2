"""The participant console page: ``GET /console``.

It shows the signed-in account's organisation and roles, the forms of the actions those roles
may prepare (:mod:`py_client.portal.actions`), the council's actions to a council Safe owner,
and what the browser's wallet needs (chain id, contract, RPC URL). Transactions are prepared by
:mod:`py_client.portal.pages_api` and signed in the wallet, never on the server.

Example::

    >>> app.include_router(router)  # doctest: +SKIP
"""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from py_client.portal.actions import (
    CHECKPOINT_KINDS,
    COUNCIL_ACTIONS,
    PUBLIC_ACTIONS,
    actions_for,
)
from py_client.portal.runtime import PortalRuntime, Runtime
from py_client.rpc_auth import without_credentials

router = APIRouter()


def council_member(rt: PortalRuntime, address: Any) -> bool:
    """``address`` owns the council Safe (the deployment has governance set up)."""
    portal = rt.portal
    if portal.governance is None or not isinstance(address, str):
        return False
    with portal.lock:
        owners = portal.governance.safe("council").functions.getOwners().call()
    return address.lower() in {str(o).lower() for o in owners}


@router.get("/console", response_class=HTMLResponse)
def console(request: Request, rt: Runtime) -> HTMLResponse:
    portal, config = rt.portal, rt.config
    portal.sync()
    address = request.session.get("address")
    participant = rt.participant_of(address) if isinstance(address, str) else None
    roles = participant.roles if participant is not None else frozenset()
    return rt.render(
        request,
        "console.html",
        participant=participant,
        actions=actions_for(roles) if participant is not None else [],
        council_actions=COUNCIL_ACTIONS if council_member(rt, address) else [],
        public_actions=PUBLIC_ACTIONS if participant is not None else [],
        role_names=sorted(r.value for r in roles),
        checkpoint_kinds=CHECKPOINT_KINDS,
        chain_id=portal.client.chain_id,
        tendering=portal.client.tendering.address,
        wallet_rpc=config.wallet_rpc_url or without_credentials(config.settings.rpc_url),
    )


__all__ = ["council_member", "router"]

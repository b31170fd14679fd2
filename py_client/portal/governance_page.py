"""The public "Tata kelola" (governance) page of the portal: ``GET /governance``.

Read-only, from the chain: the council and guardian Safes (owners, threshold), the actions the
council queued in the timelock with the time left before they may run, cancellations, pauses and
the history. The addresses come from the deployment file's ``governance`` section (written by
`ape run bootstrap`); without it the page says governance is not set up. Rendered on the server
(no inline script or style), escaped by Jinja's autoescape like every page.
"""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from py_client.errors import ConfigError
from py_client.governance import SAFES, Governance, load_governance
from py_client.portal.runtime import Runtime


def governance_view(w3: Any, deployment: str, now: int) -> dict[str, Any]:
    """What the page shows (also the JSON-able model the tests check)."""
    try:
        section = load_governance(deployment)
    except ConfigError:
        return {"configured": False}
    gov = Governance(w3, section)
    safes = []
    for name in SAFES:
        safe = gov.safe(name)
        safes.append(
            {
                "name": name,
                "address": safe.address,
                "owners": list(safe.functions.getOwners().call()),
                "threshold": int(safe.functions.getThreshold().call()),
            }
        )
    history = gov.history()
    pending = [
        {**p, "left": max(p["readyAt"] - now, 0), "ready": p["readyAt"] <= now}
        for p in gov.pending()
    ]
    return {
        "configured": True,
        "timelock": gov.timelock.address,
        "delay": int(gov.timelock.functions.getMinDelay().call()),
        "paused": bool(gov.registry.functions.paused().call()),
        "safes": safes,
        "pending": pending,
        "approvals": gov.approvals("council"),
        "cancelled": [e for e in history if e["event"] == "cancelled"],
        "history": list(reversed(history)),
    }


def hours(seconds: int) -> str:
    """``47 h 59 min`` for a countdown."""
    h, rest = divmod(int(seconds), 3600)
    return f"{h} h {rest // 60} min"


router = APIRouter()


@router.get("/governance", response_class=HTMLResponse)
def governance(request: Request, rt: Runtime) -> HTMLResponse:
    """The council, guardians and timelock, read from the chain."""
    portal = rt.portal
    portal.sync()
    with portal.lock:
        view = governance_view(
            portal.client.w3,
            portal.config.settings.deployment or "local",
            int(portal.client.now()),
        )
        return rt.render(request, "governance.html", gov=view, hours=hours)


__all__ = ["governance_view", "hours", "router"]

"""Constants of the portal tests shared by tests/portal/conftest.py and the test modules."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PARTICIPANTS = ROOT / "network" / "pilot" / "participants.yaml"
SEALED_PRICE_IDR = 987_654_321

# The public pages of the pilot (every list and one detail page of each kind).
PUBLIC_PAGES = (
    "/",
    "/tenders",
    "/tenders/1",
    "/awards",
    "/orders",
    "/orders/1",
    "/orders/2",
    "/shipments",
    "/shipments/2",
    "/payments",
    "/flags",
    "/agencies",
    "/agencies/10",
    "/suppliers",
    "/suppliers/20",
)

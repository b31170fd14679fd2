"""The bounds of the Rantai contracts and of Solidity's integer types: one home for each.

The role views, the bulk engine, the imports and the portal check arguments against these
before sending, so a value the chain would refuse is refused with one clear line and no gas.
Each contract bound names the contract that enforces it.

Example::

    >>> UINT64_MAX == 2**64 - 1, MAX_LINES
    (True, 50)
"""

UINT64_MAX = 2**64 - 1
UINT128_MAX = 2**128 - 1
UINT256_MAX = 2**256 - 1
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1

MAX_ITEMS = 100
"""Items of one tender (``Tendering.MAX_ITEMS``)."""
MAX_LINES = 50
"""Lines of one order (``OrderEscrow.MAX_LINES``)."""
MAX_SHIPMENTS_PER_ORDER = 100
"""Shipments of one order (``ShipmentTracking.MAX_SHIPMENTS_PER_ORDER``)."""
MIN_REVEAL_PERIOD_SEC = 3600
"""Least time between the bid deadline and the reveal deadline (``Tendering``)."""
MAX_MAINTENANCE_PERIOD_SEC = 10 * 365 * 86_400
"""Longest maintenance (retention) period of an order (``OrderEscrow``)."""
DEFAULT_DELIVERY_PERIOD_SEC = 365 * 86_400
"""A tender's delivery period when none is given: from the reveal deadline, this long."""
MAX_LATITUDE_E6 = 90_000_000
MAX_LONGITUDE_E6 = 180_000_000
MAX_ENCRYPTION_KEY_BYTES = 128
"""Longest published encryption public key (``Registry``)."""
MAX_GRANT_ENVELOPES = 64
"""Most envelopes one ``recordDocumentGrant`` covers (``Registry._MAX_GRANT_ENVELOPES``)."""

__all__ = [
    "DEFAULT_DELIVERY_PERIOD_SEC",
    "INT32_MAX",
    "INT32_MIN",
    "MAX_ENCRYPTION_KEY_BYTES",
    "MAX_GRANT_ENVELOPES",
    "MAX_ITEMS",
    "MAX_LATITUDE_E6",
    "MAX_LINES",
    "MAX_LONGITUDE_E6",
    "MAX_MAINTENANCE_PERIOD_SEC",
    "MAX_SHIPMENTS_PER_ORDER",
    "MIN_REVEAL_PERIOD_SEC",
    "UINT64_MAX",
    "UINT128_MAX",
    "UINT256_MAX",
]

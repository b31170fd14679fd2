"""Rantai client library: procurement and supply-chain tracking on a permissioned EVM chain.

The client talks to a node through web3.py, signs locally with eth-account and never imports Ape,
so an agency can install it alone (``pip install .``). The entry is :class:`Rantai`::

    >>> import py_client
    >>> py_client.__version__
    '0.1.0'
    >>> client = py_client.Rantai.connect()  # doctest: +SKIP
"""

from py_client.client import Rantai
from py_client.errors import (
    AllowanceTooLow,
    BudgetExceeded,
    CeilingExceeded,
    ContractError,
    DeadlinePassed,
    DuplicateReference,
    InvalidInput,
    InvalidParameters,
    NotAuthorized,
    PreflightError,
    PriceAboveHps,
    RantaiError,
    SystemPaused,
    TooEarly,
    WrongState,
)
from py_client.hashing import document_hash
from py_client.models import (
    BidState,
    CheckpointKind,
    Item,
    Line,
    OrderState,
    OrgKind,
    Origin,
    Role,
    ShipmentStatus,
    TenderStatus,
)
from py_client.receipts import Event, TxResult
from py_client.settings import Settings

__all__ = [
    "AllowanceTooLow",
    "BidState",
    "BudgetExceeded",
    "CeilingExceeded",
    "CheckpointKind",
    "ContractError",
    "DeadlinePassed",
    "DuplicateReference",
    "Event",
    "InvalidInput",
    "InvalidParameters",
    "Item",
    "Line",
    "NotAuthorized",
    "OrderState",
    "OrgKind",
    "Origin",
    "PreflightError",
    "PriceAboveHps",
    "Rantai",
    "RantaiError",
    "Role",
    "Settings",
    "ShipmentStatus",
    "SystemPaused",
    "TenderStatus",
    "TooEarly",
    "TxResult",
    "WrongState",
    "__version__",
    "document_hash",
]

__version__ = "0.1.0"

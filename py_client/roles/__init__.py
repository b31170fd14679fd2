"""Role views of the Rantai client: the lifecycle steps of DESIGN section 5 as verbs.

Reach them through the client (``client.agency``, ``client.supplier``...); each sending method
checks its preconditions (unless ``client.preflight`` is false), sends one transaction and returns
a :class:`~py_client.receipts.TxResult`.
"""

from py_client.inputs import checkpoint_kind
from py_client.roles.agency import AgencyView
from py_client.roles.arbiter import ArbiterView
from py_client.roles.auditor import AuditorView
from py_client.roles.base import PublicActions, RoleView
from py_client.roles.carrier import CarrierView
from py_client.roles.governor import GovernorView, org_kind, role_of
from py_client.roles.supplier import SupplierView
from py_client.roles.treasury import TreasuryView

__all__ = [
    "AgencyView",
    "ArbiterView",
    "AuditorView",
    "CarrierView",
    "GovernorView",
    "PublicActions",
    "RoleView",
    "SupplierView",
    "TreasuryView",
    "checkpoint_kind",
    "org_kind",
    "role_of",
]

"""The auditor's view: read-only access to processes, histories and red flags.

Full process timelines and the indexer are the audit module's; this view keeps to direct reads.
"""

from py_client.models import Checkpoint, Dispute, RedFlag, Role, StatusReport
from py_client.roles.base import RoleView


class AuditorView(RoleView):
    """Reads an auditor (AUDITOR role, or anyone: the chain is public to participants) needs.

    Example::

        >>> [f.code for f in client.auditor.red_flags(1)]  # doctest: +SKIP
        ['R018']
    """

    role = Role.AUDITOR

    def process(self, ref: str) -> StatusReport:
        """The status report of an ocid, ``order:<n>`` or ``shipment:<n>``."""
        return self.client.status(ref)

    def red_flags(self, tender_id: int) -> list[RedFlag]:
        """Red flags raised at the finalisation of ``tender_id``."""
        return self.client.red_flags(tender_id)

    def checkpoints(self, shipment_id: int) -> list[Checkpoint]:
        """The proven checkpoint history of ``shipment_id``."""
        return self.client.checkpoints(shipment_id)

    def dispute(self, order_id: int) -> Dispute | None:
        """The dispute of ``order_id``, if any."""
        return self.client.dispute(order_id)

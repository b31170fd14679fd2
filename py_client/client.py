"""The one entry of the Rantai client: :class:`Rantai`, the core client with its role views.

:class:`Rantai` is :class:`~py_client.core.ClientCore` (connection, contracts, typed reads,
sending) with the role views (``client.agency``, ``client.supplier``...), which hold the
lifecycle steps of DESIGN section 5 as verbs, and the document service (``client.documents``).
It sits above :mod:`py_client.roles` and :mod:`py_client.documents`, which use the core below
them (docs/architecture.md).

Example::

    >>> from py_client import Rantai
    >>> client = Rantai.connect()  # doctest: +SKIP
    >>> client.whoami().org_id  # doctest: +SKIP
    10
    >>> client.agency.confirm_delivery(5, bast="bast-005.pdf")  # doctest: +SKIP
"""

from functools import cached_property
from typing import TYPE_CHECKING

from py_client.core import ClientCore
from py_client.roles import (
    AgencyView,
    ArbiterView,
    AuditorView,
    CarrierView,
    GovernorView,
    SupplierView,
    TreasuryView,
)

if TYPE_CHECKING:
    from py_client.documents import Documents


class Rantai(ClientCore):
    """A connection to a Rantai deployment, optionally with a signer, with its role views.

    Build one with :meth:`connect`. Reads are methods of the client (``tender``, ``order``,
    ``shipment``...); sending methods live on the role views (``agency``, ``supplier``,
    ``carrier``, ``governor``, ``treasury``, ``arbiter``, ``auditor``); documents on
    ``documents``.
    """

    @cached_property
    def governor(self) -> GovernorView:
        """Governance: organisations, accounts, roles, policy, suspension, pause."""
        return GovernorView(self, self._document_service)

    @cached_property
    def treasury(self) -> TreasuryView:
        """Treasury: budget ceilings and minting Rupiah."""
        return TreasuryView(self, self._document_service)

    @cached_property
    def agency(self) -> AgencyView:
        """Agency: tenders, orders, delivery confirmation, termination, disputes."""
        return AgencyView(self, self._document_service)

    @cached_property
    def supplier(self) -> SupplierView:
        """Supplier (and contractor): bids, order acceptance, shipments, disputes."""
        return SupplierView(self, self._document_service)

    @cached_property
    def carrier(self) -> CarrierView:
        """Carrier: checkpoints and custody handovers."""
        return CarrierView(self, self._document_service)

    @cached_property
    def auditor(self) -> AuditorView:
        """Auditor: read-only views of processes, red flags and histories."""
        return AuditorView(self, self._document_service)

    @cached_property
    def arbiter(self) -> ArbiterView:
        """Arbiter: dispute rulings."""
        return ArbiterView(self, self._document_service)

    @cached_property
    def documents(self) -> "Documents":
        """Confidential and public documents: store, open, verify (:mod:`py_client.documents`).

        Uses ``RANTAI_DOCUMENT_STORE`` and the key file ``RANTAI_ENCRYPTION_KEY``. The document
        service, and cryptography with it, is imported on first use.
        """
        from py_client.documents import Documents

        store, key_file, password = self._document_options
        return Documents(self, store, key_file=key_file, password=password)

    def _document_service(self) -> "Documents":
        """``documents``, for the role views to store a step's document with (on first use)."""
        return self.documents


__all__ = ["Rantai"]

"""The ``rantai`` subcommands: :func:`register` adds every command group, in help order.

One module per command group declares its arguments and handlers (:mod:`~py_client.cli.overview`
for the top-level reads, then :mod:`~py_client.cli.governor`, :mod:`~py_client.cli.treasury`,
:mod:`~py_client.cli.tokens`, :mod:`~py_client.cli.tender`, :mod:`~py_client.cli.bid`,
:mod:`~py_client.cli.order`, :mod:`~py_client.cli.dispute`, :mod:`~py_client.cli.shipment`,
:mod:`~py_client.cli.documents`, :mod:`~py_client.cli.audit`, :mod:`~py_client.cli.interop`,
:mod:`~py_client.cli.portal`, :mod:`~py_client.cli.bulk`); what they share is
:mod:`~py_client.cli.common`. Handlers are thin: parse, call the library, return an
:class:`~py_client.cli.context.Output`.
"""

import argparse
from typing import Any

from py_client.cli import (
    audit,
    bid,
    bulk,
    dispute,
    documents,
    governor,
    interop,
    order,
    overview,
    portal,
    shipment,
    tender,
    tokens,
    treasury,
)

GROUPS = (overview, governor, treasury, tokens, tender, bid, order, dispute, shipment)
"""The command groups of the procurement lifecycle, in the order ``rantai --help`` lists them."""


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add every subcommand to ``sub`` (the top-level subparsers); ``common`` holds globals."""
    for group in GROUPS:
        group.register(sub, common)
    documents.register_documents(sub, common)
    audit.register_audit(sub, common)
    interop.register_interop(sub, common)
    portal.register_portal(sub, common)
    bulk.register_bulk(sub, common)


__all__ = ["GROUPS", "register"]

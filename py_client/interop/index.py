"""The small conversions every export shares, and the audit index they read.

The exports read a database that ``rantai audit sync`` filled (:mod:`py_client.audit`); they
never talk to the node. :func:`open_index` and :func:`index_info` live in
:mod:`py_client.audit.index` and :func:`iso_time` in :mod:`py_client.formatting`; they are
named here too for the exports' callers.

Example::

    >>> iso_time(1_767_225_600)
    '2026-01-01T00:00:00Z'
"""

from py_client.audit.index import IndexInfo, index_info, open_index
from py_client.formatting import iso_time

CURRENCY = "IDR"


def org_label(org_id: int | None) -> str:
    """How an organisation is named when only its on-chain id is known."""
    return f"organisation {org_id}" if org_id is not None else "unknown organisation"


__all__ = ["CURRENCY", "IndexInfo", "index_info", "iso_time", "open_index", "org_label"]

"""Open Contracting Data Standard 1.1 exports of the audit index: release and record packages.

One contracting process per ``ocid``: a tender (``ocds-…-T<n>``) with the order made from its
award, or a direct purchase (``ocds-…-PO<n>``). Each transaction of the chain that changed the
process becomes one **point-in-time** release, dated by its block and identified by the event
that caused it (``<ocid>/<stage>/<block>-<log>``, stable across exports and unique). A release
states only what was true at its block: the parties and roles the chain had given by then
(tenderers and the supplier when the tender ends, payer and payee with the first money that
moved between them), the bids once revealed, and the transactions of that block.

========================  ==============================  ========================================
release tag               from                            what it states
========================  ==============================  ========================================
``tender``                ``TenderOpened``                tender: HPS, items, periods, spec, bond
``award`` /               ``TenderAwarded`` / ``Failed``  tender status, bids (``bids`` extension),
``tenderUpdate`` /        / ``Cancelled``                 the award, bond deposits, refunds and
``tenderCancellation``                                    forfeits, red flags raised on chain
``contract``              ``OrderCreated``                the contract (order): lines, value,
                                                          period, penalty and retention terms; a
                                                          direct purchase also gets its ``tender``
                                                          (method ``direct``) and award
``contractUpdate``        ``OrderAccepted`` /             status ``active``, ``dateSigned``, the
                          ``DisputeOpened``               escrow deposit; a dispute
``implementation``        each transaction that paid or   ``implementation.transactions`` and
                          confirmed a delivery            ``…milestones`` (deliveries)
``contractTermination``   ``OrderCancelled`` / ``…Ter-    status ``cancelled`` / ``terminated``,
                          minated`` / closing event       refunds, the ruling's split
========================  ==============================  ========================================

Every token movement of :mod:`py_client.interop.payments` is a transaction (``kind`` from the
Rantai extension), so the OCDS figures and the treasury CSV reconcile. Amounts are whole rupiah
(``IDR``); dates ISO-8601 in UTC from block timestamps. Records are compiled with ``ocdsmerge``,
the Open Contracting Partnership's reference implementation of the merge rules, against the
release schema patched with the declared extensions (:func:`extended_release_schema`).

Example::

    >>> from py_client.interop.index import open_index
    >>> db = open_index("rantai-audit.sqlite")  # doctest: +SKIP
    >>> package = release_package(db)  # doctest: +SKIP
    >>> package["releases"][0]["tag"]  # doctest: +SKIP
    ['tender']
"""

import copy
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import ocdsmerge  # type: ignore[import-untyped]

from py_client.audit.db import Database
from py_client.interop.index import index_info, iso_time
from py_client.interop.ocds_process import ProcessBuilder
from py_client.interop.payments import PaymentRow, payment_rows

OCDS_VERSION = "1.1"
DEFAULT_PUBLISHER = "Rantai audit index"
DEFAULT_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
HERE = Path(__file__).parent
EXTENSIONS = HERE / "extensions"
BIDS_EXTENSION_URL = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/"
    "master/extension.json"
)
RANTAI_EXTENSION = EXTENSIONS / "rantai" / "extension.json"

Json = dict[str, Any]


@dataclass(frozen=True)
class Publisher:
    """Who publishes the export, under which licence and policy, and where the Rantai extension is.

    ``scheme`` and ``uid`` identify the publisher (an org-id.guide scheme such as ``ID-KEMENKEU``
    and the identifier in it); ``uri`` is its web page; ``licence`` and ``publication_policy``
    are URLs. ``rantai_extension_url`` is where the Rantai extension's ``extension.json`` is
    published (by default the installed copy, as a ``file:`` URI: publish the folder
    ``py_client/interop/extensions/rantai/`` and give its URL).
    """

    name: str = DEFAULT_PUBLISHER
    scheme: str | None = None
    uid: str | None = None
    uri: str | None = None
    licence: str | None = DEFAULT_LICENCE
    publication_policy: str | None = None
    rantai_extension_url: str = field(default_factory=lambda: RANTAI_EXTENSION.resolve().as_uri())

    def ocds(self) -> Json:
        """The package's ``publisher`` object."""
        found = {"name": self.name, "scheme": self.scheme, "uid": self.uid, "uri": self.uri}
        return {k: v for k, v in found.items() if v}


def _merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON merge patch (how OCDS extensions patch the release schema)."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = _merge_patch(result.get(key), value)
    return result


@cache
def _extended_schema_text() -> str:
    schema = json.loads((HERE / "standard" / "release-schema.json").read_text())
    for name in ("bids", "rantai"):
        patch = json.loads((EXTENSIONS / name / "release-schema.json").read_text())
        schema = _merge_patch(schema, patch)
    return json.dumps(schema)


def extended_release_schema() -> Json:
    """OCDS 1.1.5's release schema patched with the bids and Rantai extensions (a fresh copy)."""
    loaded: Json = json.loads(_extended_schema_text())
    return loaded


@cache
def _merger() -> Any:
    return ocdsmerge.Merger(schema=extended_release_schema())


def process_ids(db: Database) -> list[str]:
    """Every ocid in the index: tenders first, then direct purchases, by id."""
    tenders = db.query("SELECT ocid FROM tenders ORDER BY tender_id")
    direct = db.query("SELECT ocid FROM orders WHERE tender_id IS NULL ORDER BY order_id")
    return [str(r["ocid"]) for r in [*tenders, *direct]]


def releases(db: Database, ocid: str, money: list[PaymentRow] | None = None) -> list[Json]:
    """The releases of one process, in chain order.

    Args:
        db: The audit index.
        ocid: The process.
        money: The index's money movements (:func:`~py_client.interop.payments.payment_rows`);
            read from ``db`` when omitted.

    Raises:
        NotIndexed: No tender or order has that ocid.
    """
    rows = money if money is not None else payment_rows(db)
    return ProcessBuilder(db, ocid, [r for r in rows if r["ocid"] == ocid]).build()


def release_package(
    db: Database,
    ocids: Iterable[str] | None = None,
    *,
    publisher: Publisher | None = None,
    uri: str | None = None,
) -> Json:
    """A release package with every release of ``ocids`` (default: every process).

    Args:
        db: The audit index.
        ocids: The processes to export; all when omitted.
        publisher: Publisher, licence, policy and extension URL (defaults: :class:`Publisher`).
        uri: The package's URI; a ``urn:rantai:`` name of the chain and contracts by default.

    Returns:
        The package, valid against OCDS 1.1.5's ``release-package-schema.json``.
    """
    chosen = list(ocids) if ocids is not None else process_ids(db)
    package = _package_meta(db, publisher or Publisher(), uri, "releases")
    money = payment_rows(db, chosen if ocids is not None else None)
    package["releases"] = [r for ocid in chosen for r in releases(db, ocid, money)]
    return package


def record_package(
    db: Database,
    ocids: Iterable[str] | None = None,
    *,
    publisher: Publisher | None = None,
    uri: str | None = None,
) -> Json:
    """A record package: per process its releases (embedded) and the compiled release.

    Arguments as :func:`release_package`; valid against ``record-package-schema.json``.
    """
    chosen = list(ocids) if ocids is not None else process_ids(db)
    package = _package_meta(db, publisher or Publisher(), uri, "records")
    money = payment_rows(db, chosen if ocids is not None else None)
    records = []
    for ocid in chosen:
        process = releases(db, ocid, money)
        records.append(
            {"ocid": ocid, "releases": process, "compiledRelease": compiled_release(process)}
        )
    package["records"] = records
    return package


def compiled_release(process_releases: Iterable[Mapping[str, Any]]) -> Json:
    """The compiled release of one process, by ``ocdsmerge`` (OCP's reference merge).

    Releases are merged in date order (ties in the given order); the compiled release gets
    ``ocdsmerge``'s ``id`` (``<ocid>-<date>``), the last ``date`` and the tag ``compiled``.
    """
    compiled: Json = _merger().create_compiled_release([dict(r) for r in process_releases])
    return compiled


def compiled_releases(db: Database) -> Iterable[Json]:
    """The compiled release of every process (the input of OCP's Cardinal, one per line)."""
    money = payment_rows(db)
    for ocid in process_ids(db):
        yield compiled_release(releases(db, ocid, money))


def _package_meta(db: Database, publisher: Publisher, uri: str | None, kind: str) -> Json:
    info = index_info(db)
    escrow = info.addresses.get("OrderEscrow", "unknown")
    published = iso_time(info.last_block_at) if info.last_block_at is not None else None
    meta: Json = {
        "uri": uri or f"urn:rantai:{info.chain_id}:{escrow}:ocds:{kind}:{info.last_block}",
        "version": OCDS_VERSION,
        "extensions": [BIDS_EXTENSION_URL, publisher.rantai_extension_url],
        "publisher": publisher.ocds(),
        "publishedDate": published or "1970-01-01T00:00:00Z",
    }
    if publisher.licence:
        meta["license"] = publisher.licence
    if publisher.publication_policy:
        meta["publicationPolicy"] = publisher.publication_policy
    return meta

"""GS1 EPCIS 2.0 export of the audit index: shipment checkpoints and receipts as ObjectEvents.

Every shipment gives, in chain order, one ``ObjectEvent`` (action ``OBSERVE``) for its
registration, one per checkpoint the carrier recorded, and one per delivery confirmation (the
receipt). Each event carries:

- ``quantityList``: one element per order line with a non-zero quantity (shipped quantities for
  registration and checkpoints, received quantities for the receipt), the product class of the
  line as ``epcClass`` and the unit as a UN/ECE Recommendation 20 code when it is a known one;
- ``bizStep`` and ``disposition`` from the Core Business Vocabulary (see :data:`CHECKPOINT_STEPS`);
- ``readPoint`` (where it was observed: ``geo:`` from the checkpoint's coordinates, else the
  location) and ``bizLocation`` (where the goods are now: the producer at registration, the
  location on arrival and receipt; none in transit);
- ``bizTransactionList``: the purchase order (``po``) and the shipment as despatch advice
  (``desadv``); the receipt adds the handover record (``recadv``, the BAST hash);
- ``eventTime`` (the checkpoint's ``occurredAt``; the block time otherwise), ``recordTime`` (the
  block time), ``eventID`` (a name-based UUID of chain, transaction and log index, so stable
  across exports) and Rantai extension fields (``rantai:ocid``, ``rantai:txHash``...).

Identifiers (all URIs):

- product class: the GS1 Digital Link ``https://id.gs1.org/01/<GTIN-14>`` when ``gtins`` maps
  the line's item hash to a GTIN, else ``urn:rantai:<chain>:item:<item hash>``;
- location: a 13-digit GLN as ``https://id.gs1.org/414/<GLN>``, a UN/LOCODE as
  ``urn:rantai:unlocode:<code>``, another code as ``urn:rantai:location:<code>``;
- order, shipment, handover: ``urn:rantai:<chain>:order:<id>``, ``…:shipment:<id>``,
  ``…:bast:<hash>``.

Example::

    >>> from py_client.interop.index import open_index
    >>> db = open_index("rantai-audit.sqlite")  # doctest: +SKIP
    >>> epcis_document(db)["epcisBody"]["eventList"][0]["bizStep"]  # doctest: +SKIP
    'shipping'
"""

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from py_client.audit.db import Database, Row
from py_client.errors import InvalidInput
from py_client.interop.index import index_info, iso_time

EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
RANTAI_NAMESPACE = "urn:rantai:ns:"
DIGITAL_LINK = "https://id.gs1.org"

# Checkpoint kind → (bizStep, disposition), CBV 2.0 values.
CHECKPOINT_STEPS: dict[str, tuple[str, str]] = {
    "PickedUp": ("departing", "in_transit"),
    "InTransit": ("transporting", "in_transit"),
    "AtCustoms": ("inspecting", "in_transit"),
    "Arrived": ("arriving", "in_progress"),
    "Exception": ("holding", "unknown"),
}
REGISTERED_STEP = ("shipping", "in_transit")
RECEIVED_STEP = ("receiving", "in_progress")

# Rantai unit names → UN/ECE Recommendation 20 codes; other units get no ``uom``.
UNIT_CODES = {
    "unit": "EA",
    "ea": "EA",
    "each": "EA",
    "pcs": "H87",
    "piece": "H87",
    "kg": "KGM",
    "g": "GRM",
    "ton": "TNE",
    "l": "LTR",
    "litre": "LTR",
    "liter": "LTR",
    "m": "MTR",
    "m2": "MTK",
    "m3": "MTQ",
    "box": "BX",
    "pack": "PK",
    "set": "SET",
}

_GLN = re.compile(r"[0-9]{13}")
_UNLOCODE = re.compile(r"[A-Z]{2}[A-Z2-9]{3}")
_GTIN = re.compile(r"[0-9]{8}|[0-9]{12,14}")
_EVENT_NAMESPACE = uuid.UUID("5f0e4c3a-7b52-4c8e-9f0e-52616e746169")  # fixed: stable eventIDs

Json = dict[str, Any]


@dataclass(frozen=True)
class _Line:
    item_hash: str
    unit: str


def gtin_valid(gtin: str) -> bool:
    """Whether ``gtin`` is a GTIN-8/12/13/14 with a correct check digit."""
    if not _GTIN.fullmatch(gtin):
        return False
    digits = [int(c) for c in gtin.zfill(14)]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(digits[:-1]))
    return (10 - total % 10) % 10 == digits[-1]


def location_uri(code: str) -> str:
    """The URI of a Rantai location code (GLN, UN/LOCODE or other)."""
    if _GLN.fullmatch(code):
        return f"{DIGITAL_LINK}/414/{code}"
    if _UNLOCODE.fullmatch(code):
        return f"urn:rantai:unlocode:{code}"
    return f"urn:rantai:location:{quote(code, safe='')}"


def geo_uri(latitude_e6: int, longitude_e6: int) -> str | None:
    """An RFC 5870 ``geo:`` URI from micro-degrees; ``None`` when both are zero (not given)."""
    if latitude_e6 == 0 and longitude_e6 == 0:
        return None
    return f"geo:{_degrees(latitude_e6)},{_degrees(longitude_e6)}"


def _degrees(micro: int) -> str:
    sign = "-" if micro < 0 else ""
    whole, part = divmod(abs(micro), 1_000_000)
    return f"{sign}{whole}.{part:06d}"


def epcis_document(db: Database, gtins: Mapping[str, str] | None = None) -> Json:
    """The EPCIS 2.0 document of every shipment in the index.

    Args:
        db: The audit index.
        gtins: GTINs by item hash (``0x…``), for GS1 Digital Link product classes.

    Returns:
        An ``EPCISDocument``, valid against the EPCIS 2.0 JSON schema.

    Raises:
        InvalidInput: A GTIN in ``gtins`` has a wrong length or check digit.
    """
    for item, gtin in (gtins or {}).items():
        if not gtin_valid(gtin):
            raise InvalidInput(f"GTIN {gtin!r} of item {item} is not a valid GTIN")
    info = index_info(db)
    builder = _Builder(db, info.chain_id, {k.lower(): v for k, v in (gtins or {}).items()})
    events = builder.events()
    created = info.last_block_at if info.last_block_at is not None else 0
    return {
        "@context": [EPCIS_CONTEXT, {"rantai": RANTAI_NAMESPACE}],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": iso_time(created),
        "epcisBody": {"eventList": events},
    }


class _Builder:
    def __init__(self, db: Database, chain_id: int, gtins: dict[str, str]) -> None:
        self.db = db
        self.chain_id = chain_id
        self.gtins = gtins
        self.orders = {int(r["order_id"]): r for r in db.query("SELECT * FROM orders")}
        self.lines: dict[int, list[_Line]] = {}
        for r in db.query("SELECT * FROM order_lines ORDER BY order_id, line_index"):
            self.lines.setdefault(int(r["order_id"]), []).append(
                _Line(str(r["item_hash"]), str(r["unit"]))
            )

    def events(self) -> list[Json]:
        shipped: dict[int, list[int]] = {}
        for r in self.db.query("SELECT * FROM shipment_lines ORDER BY shipment_id, line_index"):
            shipped.setdefault(int(r["shipment_id"]), []).append(int(r["quantity"]))
        received: dict[tuple[str, int], list[int]] = {}
        for r in self.db.query(
            "SELECT * FROM delivery_lines ORDER BY tx_hash, log_index, line_index"
        ):
            received.setdefault((str(r["tx_hash"]), int(r["log_index"])), []).append(
                int(r["quantity"])
            )
        out: list[tuple[int, int, Json]] = []
        for s in self.db.query("SELECT * FROM shipments ORDER BY shipment_id"):
            shipment_id = int(s["shipment_id"])
            quantities = shipped.get(shipment_id, [])
            out.append(self._registered(s, quantities))
            last_location: str | None = None
            for c in self.db.query(
                "SELECT * FROM checkpoints WHERE shipment_id = ? ORDER BY idx", [shipment_id]
            ):
                out.append(self._checkpoint(s, c, quantities))
                last_location = str(c["location"])
            for d in self.db.query(
                "SELECT * FROM deliveries WHERE shipment_id = ? AND kind = 'shipment' "
                "ORDER BY block_number, log_index",
                [shipment_id],
            ):
                got = received.get((str(d["tx_hash"]), int(d["log_index"])), [])
                out.append(self._received(s, d, got, last_location))
        out.sort(key=lambda e: (e[0], e[1]))
        return [event for _, _, event in out]

    def _common(self, s: Row, tx_hash: str, log_index: int, at: int, recorded: int) -> Json:
        order_id = int(s["order_id"])
        name = f"rantai:{self.chain_id}:{tx_hash}:{log_index}"
        order = self.orders.get(order_id)
        event: Json = {
            "type": "ObjectEvent",
            "eventTime": iso_time(at),
            "eventTimeZoneOffset": "+00:00",
            "recordTime": iso_time(recorded),
            "eventID": f"urn:uuid:{uuid.uuid5(_EVENT_NAMESPACE, name)}",
            "action": "OBSERVE",
        }
        if order is not None:
            event["rantai:ocid"] = str(order["ocid"])
        event["rantai:txHash"] = tx_hash
        return event

    def _urn(self, kind: str, value: object) -> str:
        return f"urn:rantai:{self.chain_id}:{kind}:{value}"

    def _transactions(self, s: Row) -> list[Json]:
        return [
            {"type": "po", "bizTransaction": self._urn("order", s["order_id"])},
            {"type": "desadv", "bizTransaction": self._urn("shipment", s["shipment_id"])},
        ]

    def _objects(self, event: Json, order_id: int, quantities: list[int]) -> None:
        """``quantityList`` of the non-zero quantities (an empty ``epcList`` when none)."""
        elements = self._quantities(order_id, quantities)
        if elements:
            event["quantityList"] = elements
        else:
            event["epcList"] = []

    def _quantities(self, order_id: int, quantities: list[int]) -> list[Json]:
        lines = self.lines.get(order_id, [])
        result = []
        for index, quantity in enumerate(quantities):
            if quantity == 0 or index >= len(lines):
                continue
            line = lines[index]
            gtin = self.gtins.get(line.item_hash.lower())
            element: Json = {
                "epcClass": (
                    f"{DIGITAL_LINK}/01/{gtin.zfill(14)}"
                    if gtin
                    else self._urn("item", line.item_hash)
                ),
                "quantity": quantity,
            }
            code = UNIT_CODES.get(line.unit.lower())
            if code is not None:
                element["uom"] = code
            result.append(element)
        return result

    def _registered(self, s: Row, quantities: list[int]) -> tuple[int, int, Json]:
        tx_hash = str(s["registered_tx"])
        log_index = self._log_of(tx_hash, "ShipmentRegistered", int(s["shipment_id"]))
        at = int(s["registered_at"])
        event = self._common(s, tx_hash, log_index, at, at)
        self._objects(event, int(s["order_id"]), quantities)
        event["bizStep"], event["disposition"] = REGISTERED_STEP
        producer = str(s["producer_gln"])
        origin = producer or f"{s['origin_country']}-{s['origin_region']}"
        event["readPoint"] = {"id": location_uri(origin)}
        event["bizLocation"] = {"id": location_uri(origin)}
        event["bizTransactionList"] = self._transactions(s)
        event["rantai:originCountry"] = str(s["origin_country"])
        event["rantai:expectedArrival"] = iso_time(int(s["expected_arrival_at"]))
        return int(s["registered_block"]), log_index, event

    def _checkpoint(self, s: Row, c: Row, quantities: list[int]) -> tuple[int, int, Json]:
        kind = str(c["kind"])
        event = self._common(
            s, str(c["tx_hash"]), int(c["log_index"]), int(c["occurred_at"]), int(c["recorded_at"])
        )
        self._objects(event, int(s["order_id"]), quantities)
        event["bizStep"], event["disposition"] = CHECKPOINT_STEPS.get(kind, ("other", "unknown"))
        place = location_uri(str(c["location"]))
        event["readPoint"] = {"id": geo_uri(int(c["latitude_e6"]), int(c["longitude_e6"])) or place}
        if kind == "Arrived":
            event["bizLocation"] = {"id": place}
        event["bizTransactionList"] = self._transactions(s)
        event["rantai:checkpoint"] = int(c["idx"])
        event["rantai:evidenceHash"] = str(c["evidence_hash"])
        return int(c["block_number"]), int(c["log_index"]), event

    def _received(
        self, s: Row, d: Row, quantities: list[int], location: str | None
    ) -> tuple[int, int, Json]:
        at = int(d["confirmed_at"])
        event = self._common(s, str(d["tx_hash"]), int(d["log_index"]), at, at)
        self._objects(event, int(s["order_id"]), quantities)
        event["bizStep"], event["disposition"] = RECEIVED_STEP
        place = location_uri(location) if location else self._urn("order", s["order_id"])
        event["readPoint"] = {"id": place}
        event["bizLocation"] = {"id": place}
        event["bizTransactionList"] = [
            *self._transactions(s),
            {"type": "recadv", "bizTransaction": self._urn("bast", d["bast_hash"])},
        ]
        event["rantai:daysLate"] = int(d["days_late"])
        event["rantai:valueIdr"] = int(d["value_idr"])
        return int(d["block_number"]), int(d["log_index"]), event

    def _log_of(self, tx_hash: str, event: str, shipment_id: int) -> int:
        found = self.db.scalar(
            "SELECT log_index FROM events WHERE tx_hash = ? AND event = ? AND shipment_id = ?",
            [tx_hash, event, shipment_id],
        )
        return int(found) if found is not None else 0

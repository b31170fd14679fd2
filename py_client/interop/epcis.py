"""GS1 EPCIS 2.0 export of the audit index: shipments as GS1 sees them.

Per shipment, in chain order:

- at registration, a ``TransactionEvent`` ``ADD`` (bizStep ``shipping``): the goods are committed
  to the purchase order (``po``) and the despatch advice (``desadv``);
- per checkpoint the custodian recorded, an ``ObjectEvent`` ``OBSERVE`` (bizStep and disposition
  from the checkpoint kind, see :data:`CHECKPOINT_STEPS`), its ``readPoint`` the GPS position
  (``geo:``) when given, else the location;
- per delivery confirmation, an ``ObjectEvent`` ``OBSERVE`` (``receiving``) and a
  ``TransactionEvent`` ``DELETE`` (``accepting``): the goods are received and leave the order,
  with the handover record (``recadv``: the BAST hash).

Every event names the logistic unit (``epcList``: the shipment's SSCC as a GS1 Digital Link when
a GS1 company prefix is given, else ``urn:rantai:<chain>:shipment:<id>``) and the goods per order
line (``quantityList``: the line's product class, a GTIN Digital Link when known, its quantity
and UN/ECE Rec. 20 unit). ``sourceList`` and ``destinationList`` name the owning party (the
supplier until acceptance, the agency after), the possessing party (the custodian) and the
location (``owning_party``, ``possessing_party``, ``location``). Locations are GLN Digital Links
when a GLN is known (the producer's GLN at registration, a 13-digit checkpoint location),
``urn:rantai:unlocode:<code>`` for UN/LOCODEs; parties ``urn:rantai:<chain>:org:<id>``.

``eventTimeZoneOffset`` is the local offset of the event's place (:mod:`py_client.interop.gs1`:
WIB/WITA/WIT in Indonesia, the country's zone elsewhere); ``eventTime`` stays in UTC.
``eventID`` is a name-based UUID of chain, transaction, log index and event kind, so stable
across exports. The ``epcisHeader`` carries master data: each location and party with its name
and country. Rantai extension fields (``rantai:ocid``, ``rantai:txHash``, ``rantai:ref`` — the
supplier's or carrier's reference of the shipment or checkpoint…) are in the ``urn:rantai:ns:``
namespace.

Example::

    >>> from py_client.interop.index import open_index
    >>> db = open_index("rantai-audit.sqlite")  # doctest: +SKIP
    >>> epcis_document(db)["epcisBody"]["eventList"][0]["type"]  # doctest: +SKIP
    'TransactionEvent'
"""

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from py_client.audit.db import Database, Row
from py_client.errors import InvalidInput
from py_client.interop.gs1 import DIGITAL_LINK, country_of, location_uri, sscc, utc_offset
from py_client.interop.index import index_info, iso_time, org_label

EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
RANTAI_NAMESPACE = "urn:rantai:ns:"
LOCATION_VOCABULARY = "urn:epcglobal:epcis:vtype:BusinessLocation"
PARTY_VOCABULARY = "urn:epcglobal:epcis:vtype:Party"
NAME_ATTRIBUTE = "urn:epcglobal:cbv:mda#name"
COUNTRY_ATTRIBUTE = "urn:epcglobal:cbv:mda#countryCode"

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
ACCEPTED_STEP = ("accepting", "in_progress")

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

_GTIN = re.compile(r"[0-9]{8}|[0-9]{12,14}")
_EVENT_NAMESPACE = uuid.UUID("5f0e4c3a-7b52-4c8e-9f0e-52616e746169")  # fixed: stable eventIDs

Json = dict[str, Any]


@dataclass(frozen=True)
class _Line:
    item_hash: str
    unit: str


@dataclass(frozen=True)
class _Place:
    """Where an event happened: its URI and what gives its time zone."""

    uri: str
    code: str = ""
    region: str = ""
    country: str = ""
    longitude_e6: int | None = None

    def offset(self, at: int) -> str:
        return utc_offset(
            at,
            code=self.code,
            region=self.region,
            country=self.country,
            longitude_e6=self.longitude_e6,
        )


def gtin_valid(gtin: str) -> bool:
    """Whether ``gtin`` is a GTIN-8/12/13/14 with a correct check digit."""
    if not _GTIN.fullmatch(gtin):
        return False
    digits = [int(c) for c in gtin.zfill(14)]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(digits[:-1]))
    return (10 - total % 10) % 10 == digits[-1]


def geo_uri(latitude_e6: int, longitude_e6: int) -> str | None:
    """An RFC 5870 ``geo:`` URI from micro-degrees; ``None`` when both are zero (not given)."""
    if latitude_e6 == 0 and longitude_e6 == 0:
        return None
    return f"geo:{_degrees(latitude_e6)},{_degrees(longitude_e6)}"


def _degrees(micro: int) -> str:
    sign = "-" if micro < 0 else ""
    whole, part = divmod(abs(micro), 1_000_000)
    return f"{sign}{whole}.{part:06d}"


def origin_place(country: str, region: str, producer_gln: str) -> _Place:
    """The place goods come from: the producer's GLN, else the region, else the country."""
    code = producer_gln or region or country
    return _Place(location_uri(code), code=code, region=region, country=country)


def epcis_document(
    db: Database, gtins: Mapping[str, str] | None = None, *, company_prefix: str | None = None
) -> Json:
    """The EPCIS 2.0 document of every shipment in the index.

    Args:
        db: The audit index.
        gtins: GTINs by item hash (``0x…``), for GS1 Digital Link product classes.
        company_prefix: The GS1 company prefix the shipments' SSCCs are made from.

    Returns:
        An ``EPCISDocument``, valid against the EPCIS 2.0 JSON schema.

    Raises:
        InvalidInput: A GTIN in ``gtins`` has a wrong length or check digit, or the company
            prefix is not 6 to 12 digits.
    """
    for item, gtin in (gtins or {}).items():
        if not gtin_valid(gtin):
            raise InvalidInput(f"GTIN {gtin!r} of item {item} is not a valid GTIN")
    if company_prefix is not None:
        sscc(company_prefix, 0)  # checks the prefix before anything is built
    info = index_info(db)
    builder = _Builder(
        db, info.chain_id, {k.lower(): v for k, v in (gtins or {}).items()}, company_prefix
    )
    events = builder.events()
    created = info.last_block_at if info.last_block_at is not None else 0
    return {
        "@context": [EPCIS_CONTEXT, {"rantai": RANTAI_NAMESPACE}],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": iso_time(created),
        "epcisHeader": builder.header(),
        "epcisBody": {"eventList": events},
    }


class _Builder:
    def __init__(
        self, db: Database, chain_id: int, gtins: dict[str, str], company_prefix: str | None
    ) -> None:
        self.db = db
        self.chain_id = chain_id
        self.gtins = gtins
        self.company_prefix = company_prefix
        self.orders = {int(r["order_id"]): r for r in db.query("SELECT * FROM orders")}
        self.accounts = {
            str(r["address"]): int(r["org_id"])
            for r in db.query("SELECT address, org_id FROM accounts")
        }
        self.lines: dict[int, list[_Line]] = {}
        for r in db.query("SELECT * FROM order_lines ORDER BY order_id, line_index"):
            self.lines.setdefault(int(r["order_id"]), []).append(
                _Line(str(r["item_hash"]), str(r["unit"]))
            )
        self.places: dict[str, str] = {}  # location URI → country
        self.parties: set[int] = set()

    # ------------------------------------------------------------------ document parts

    def header(self) -> Json:
        """``epcisHeader`` master data: the locations and parties the events name."""
        locations = [
            {"id": uri, "attributes": [{"id": COUNTRY_ATTRIBUTE, "attribute": country}]}
            for uri, country in sorted(self.places.items())
            if country
        ]
        parties = [
            {
                "id": self._party(org),
                "attributes": [{"id": NAME_ATTRIBUTE, "attribute": org_label(org)}],
            }
            for org in sorted(self.parties)
        ]
        vocabularies = [
            {"type": LOCATION_VOCABULARY, "vocabularyElementList": locations},
            {"type": PARTY_VOCABULARY, "vocabularyElementList": parties},
        ]
        return {
            "epcisMasterData": {
                "vocabularyList": [v for v in vocabularies if v["vocabularyElementList"]]
            }
        }

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
        out: list[tuple[int, int, int, Json]] = []
        for s in self.db.query("SELECT * FROM shipments ORDER BY shipment_id"):
            shipment_id = int(s["shipment_id"])
            quantities = shipped.get(shipment_id, [])
            origin = origin_place(
                str(s["origin_country"]), str(s["origin_region"]), str(s["producer_gln"])
            )
            self.places[origin.uri] = str(s["origin_country"])
            out.append(self._registered(s, quantities, origin))
            last = origin
            for c in self.db.query(
                "SELECT * FROM checkpoints WHERE shipment_id = ? ORDER BY idx", [shipment_id]
            ):
                event, last = self._checkpoint(s, c, quantities, origin)
                out.append(event)
            for d in self.db.query(
                "SELECT * FROM deliveries WHERE shipment_id = ? AND kind = 'shipment' "
                "ORDER BY block_number, log_index",
                [shipment_id],
            ):
                got = received.get((str(d["tx_hash"]), int(d["log_index"])), [])
                out.extend(self._received(s, d, got, last))
        out.sort(key=lambda e: (e[0], e[1], e[2]))
        return [event for _, _, _, event in out]

    # ------------------------------------------------------------------ helpers

    def _urn(self, kind: str, value: object) -> str:
        return f"urn:rantai:{self.chain_id}:{kind}:{value}"

    def _party(self, org_id: int) -> str:
        return self._urn("org", org_id)

    def _org(self, account: str) -> int:
        return self.accounts.get(account.lower(), 0)

    def _unit(self, s: Row) -> str:
        shipment_id = int(s["shipment_id"])
        if self.company_prefix is not None:
            return sscc(self.company_prefix, shipment_id)
        return self._urn("shipment", shipment_id)

    def _common(
        self, kind: str, s: Row, tx_hash: str, log_index: int, at: int, recorded: int, place: _Place
    ) -> Json:
        name = f"rantai:{self.chain_id}:{tx_hash}:{log_index}:{kind}"
        event: Json = {
            "type": kind,
            "eventTime": iso_time(at),
            "eventTimeZoneOffset": place.offset(at),
            "recordTime": iso_time(recorded),
            "eventID": f"urn:uuid:{uuid.uuid5(_EVENT_NAMESPACE, name)}",
        }
        order = self.orders.get(int(s["order_id"]))
        if order is not None:
            event["rantai:ocid"] = str(order["ocid"])
        event["rantai:txHash"] = tx_hash
        return event

    def _transactions(self, s: Row) -> list[Json]:
        return [
            {"type": "po", "bizTransaction": self._urn("order", s["order_id"])},
            {"type": "desadv", "bizTransaction": self._urn("shipment", s["shipment_id"])},
        ]

    def _goods(self, event: Json, s: Row, quantities: list[int]) -> None:
        """``epcList`` (the logistic unit) and ``quantityList`` (the goods per order line)."""
        event["epcList"] = [self._unit(s)]
        elements = self._quantities(int(s["order_id"]), quantities)
        if elements:
            event["quantityList"] = elements

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

    def _ends(
        self,
        event: Json,
        owner_from: int,
        owner_to: int,
        holder_from: int,
        holder_to: int,
        place_from: _Place,
        place_to: _Place | None,
    ) -> None:
        """``sourceList`` / ``destinationList``: owning and possessing party, location."""
        for org in (owner_from, owner_to, holder_from, holder_to):
            if org:
                self.parties.add(org)
        sources = [
            ("owning_party", self._party(owner_from) if owner_from else None),
            ("possessing_party", self._party(holder_from) if holder_from else None),
            ("location", place_from.uri),
        ]
        destinations = [
            ("owning_party", self._party(owner_to) if owner_to else None),
            ("possessing_party", self._party(holder_to) if holder_to else None),
            ("location", place_to.uri if place_to is not None else None),
        ]
        event["sourceList"] = [{"type": t, "source": v} for t, v in sources if v]
        event["destinationList"] = [{"type": t, "destination": v} for t, v in destinations if v]

    def _parties_of(self, s: Row) -> tuple[int, int]:
        order = self.orders.get(int(s["order_id"]))
        if order is None:
            return 0, 0
        return int(order["supplier_org_id"]), int(order["agency_org_id"])

    def _log_of(self, tx_hash: str, event: str, shipment_id: int) -> int:
        found = self.db.scalar(
            "SELECT log_index FROM events WHERE shipment_id = ? AND tx_hash = ? AND event = ?",
            [shipment_id, tx_hash, event],
        )
        return int(found) if found is not None else 0

    # ------------------------------------------------------------------ events

    def _registered(
        self, s: Row, quantities: list[int], origin: _Place
    ) -> tuple[int, int, int, Json]:
        tx_hash = str(s["registered_tx"])
        log_index = self._log_of(tx_hash, "ShipmentRegistered", int(s["shipment_id"]))
        at = int(s["registered_at"])
        event = self._common("TransactionEvent", s, tx_hash, log_index, at, at, origin)
        event["bizTransactionList"] = self._transactions(s)
        self._goods(event, s, quantities)
        event["action"] = "ADD"
        event["bizStep"], event["disposition"] = REGISTERED_STEP
        event["readPoint"] = {"id": origin.uri}
        event["bizLocation"] = {"id": origin.uri}
        supplier, agency = self._parties_of(s)
        carrier = self._org(str(s["carrier"]))
        self._ends(event, supplier, agency, supplier, carrier, origin, None)
        event["rantai:originCountry"] = str(s["origin_country"])
        event["rantai:expectedArrival"] = iso_time(int(s["expected_arrival_at"]))
        event["rantai:ref"] = str(s["ref"])  # the supplier's reference (issue 13 item 9)
        return int(s["registered_block"]), log_index, 0, event

    def _checkpoint(
        self, s: Row, c: Row, quantities: list[int], origin: _Place
    ) -> tuple[tuple[int, int, int, Json], _Place]:
        kind = str(c["kind"])
        code = str(c["location"])
        longitude = int(c["longitude_e6"])
        place = _Place(
            location_uri(code),
            code=code,
            country=country_of(code),
            longitude_e6=longitude or None,
        )
        self.places.setdefault(place.uri, place.country)
        at, recorded = int(c["occurred_at"]), int(c["recorded_at"])
        event = self._common(
            "ObjectEvent", s, str(c["tx_hash"]), int(c["log_index"]), at, recorded, place
        )
        self._goods(event, s, quantities)
        event["action"] = "OBSERVE"
        event["bizStep"], event["disposition"] = CHECKPOINT_STEPS.get(kind, ("other", "unknown"))
        event["readPoint"] = {"id": geo_uri(int(c["latitude_e6"]), longitude) or place.uri}
        if kind == "Arrived":
            event["bizLocation"] = {"id": place.uri}
        event["bizTransactionList"] = self._transactions(s)
        supplier, _ = self._parties_of(s)
        custodian = self._org(str(c["custodian"]))
        self._ends(event, supplier, supplier, custodian, custodian, origin, place)
        event["rantai:checkpoint"] = int(c["idx"])
        event["rantai:evidenceHash"] = str(c["evidence_hash"])
        event["rantai:ref"] = str(c["ref"])  # the carrier's reference (issue 13 item 9)
        return (int(c["block_number"]), int(c["log_index"]), 0, event), place

    def _received(
        self, s: Row, d: Row, quantities: list[int], place: _Place
    ) -> list[tuple[int, int, int, Json]]:
        at = int(d["confirmed_at"])
        tx_hash, log_index = str(d["tx_hash"]), int(d["log_index"])
        supplier, agency = self._parties_of(s)
        custodian = self._org(str(s["custodian"]))
        handover = {"type": "recadv", "bizTransaction": self._urn("bast", d["bast_hash"])}
        received = self._common("ObjectEvent", s, tx_hash, log_index, at, at, place)
        self._goods(received, s, quantities)
        received["action"] = "OBSERVE"
        received["bizStep"], received["disposition"] = RECEIVED_STEP
        received["readPoint"] = {"id": place.uri}
        received["bizLocation"] = {"id": place.uri}
        received["bizTransactionList"] = [*self._transactions(s), handover]
        self._ends(received, supplier, supplier, custodian, agency, place, place)
        received["rantai:daysLate"] = int(d["days_late"])
        received["rantai:valueIdr"] = int(d["value_idr"])
        accepted = self._common("TransactionEvent", s, tx_hash, log_index, at, at, place)
        accepted["bizTransactionList"] = [*self._transactions(s), handover]
        self._goods(accepted, s, quantities)
        accepted["action"] = "DELETE"
        accepted["bizStep"], accepted["disposition"] = ACCEPTED_STEP
        accepted["readPoint"] = {"id": place.uri}
        accepted["bizLocation"] = {"id": place.uri}
        self._ends(accepted, supplier, agency, agency, agency, place, place)
        block = int(d["block_number"])
        return [(block, log_index, 0, received), (block, log_index, 1, accepted)]

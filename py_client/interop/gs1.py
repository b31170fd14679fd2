"""GS1 identifiers and local time zones of the EPCIS export.

- :func:`sscc` — the Serial Shipping Container Code of a shipment (extension digit 0, the
  publisher's GS1 company prefix, the shipment id as serial reference, the mod-10 check digit)
  as a GS1 Digital Link URI (``https://id.gs1.org/00/<SSCC>``).
- :func:`location_uri` — a GLN as a Digital Link (``https://id.gs1.org/414/<GLN>``), a UN/LOCODE
  as ``urn:rantai:unlocode:<code>``, another code as ``urn:rantai:location:<code>``.
- :func:`utc_offset` — the local ``±HH:MM`` offset of a place at an instant: Indonesian places by
  zone (WIB +07:00, WITA +08:00, WIT +09:00) from their province (ISO 3166-2:ID region code), their
  UN/LOCODE (ports and cities of :data:`ID_LOCODE_ZONES`) or, failing both, their longitude; other
  countries from :data:`COUNTRY_ZONES` (IANA zones, so daylight saving time is right).

Example::

    >>> sscc("8991234", 7)
    'https://id.gs1.org/00/089912340000000077'
    >>> utc_offset(1_767_225_600, region="ID-JB"), utc_offset(1_767_225_600, code="IDUPG")
    ('+07:00', '+08:00')
"""

import re
from datetime import UTC, datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

from py_client.errors import InvalidInput

DIGITAL_LINK = "https://id.gs1.org"
WIB, WITA, WIT = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"

# ISO 3166-2:ID provinces → zone (Peraturan Presiden 41/1987 on the three Indonesian time zones).
ID_REGION_ZONES: dict[str, str] = {
    **dict.fromkeys(
        ("AC", "SU", "SB", "RI", "KR", "JA", "BE", "SS", "BB", "LA", "BT", "JK", "JB", "JT", "YO"),
        WIB,
    ),
    **dict.fromkeys(("JI", "KB", "KT"), WIB),
    **dict.fromkeys(("BA", "NB", "NT", "KS", "KI", "KU", "SA", "ST", "SG", "SN", "SR", "GO"), WITA),
    **dict.fromkeys(("MA", "MU", "PA", "PB", "PT", "PS", "PE", "PD"), WIT),
}
# UN/LOCODEs of Indonesian ports and cities → zone.
ID_LOCODE_ZONES: dict[str, str] = {
    **dict.fromkeys(
        ("IDJKT", "IDTPP", "IDBDO", "IDSRG", "IDSUB", "IDJOG", "IDBLW", "IDKNO", "IDMES"), WIB
    ),
    **dict.fromkeys(("IDPLM", "IDPDG", "IDPKU", "IDBTH", "IDPNK", "IDCXP", "IDMRK", "IDTKG"), WIB),
    **dict.fromkeys(("IDUPG", "IDBPN", "IDDPS", "IDBDJ", "IDMDC", "IDKOE", "IDSRI", "IDBIT"), WITA),
    **dict.fromkeys(("IDLOP", "IDPLW", "IDKDI", "IDGTO", "IDTRK"), WITA),
    **dict.fromkeys(("IDAMQ", "IDDJJ", "IDSOQ", "IDTIM", "IDMKQ", "IDTTE", "IDBIK"), WIT),
}
# Countries of origin → their zone (one zone per country, or the capital's).
COUNTRY_ZONES: dict[str, str] = {
    "ID": WIB,
    "MY": "Asia/Kuala_Lumpur",
    "SG": "Asia/Singapore",
    "TH": "Asia/Bangkok",
    "VN": "Asia/Ho_Chi_Minh",
    "PH": "Asia/Manila",
    "CN": "Asia/Shanghai",
    "HK": "Asia/Hong_Kong",
    "TW": "Asia/Taipei",
    "JP": "Asia/Tokyo",
    "KR": "Asia/Seoul",
    "IN": "Asia/Kolkata",
    "BD": "Asia/Dhaka",
    "AE": "Asia/Dubai",
    "SA": "Asia/Riyadh",
    "TR": "Europe/Istanbul",
    "DE": "Europe/Berlin",
    "NL": "Europe/Amsterdam",
    "FR": "Europe/Paris",
    "IT": "Europe/Rome",
    "GB": "Europe/London",
    "US": "America/New_York",
    "BR": "America/Sao_Paulo",
    "AU": "Australia/Sydney",
    "NZ": "Pacific/Auckland",
}

_GLN = re.compile(r"[0-9]{13}")
_UNLOCODE = re.compile(r"[A-Z]{2}[A-Z2-9]{3}")
_PREFIX = re.compile(r"[0-9]{6,12}")


def check_digit(digits: str) -> int:
    """The GS1 mod-10 check digit of ``digits`` (weights 3, 1, 3 … from the right)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return (10 - total % 10) % 10


def sscc(company_prefix: str, serial: int) -> str:
    """The SSCC of logistic unit ``serial`` under ``company_prefix``, as a Digital Link URI.

    Raises:
        InvalidInput: The prefix is not 6 to 12 digits, or ``serial`` does not fit beside it.
    """
    if not _PREFIX.fullmatch(company_prefix):
        raise InvalidInput(f"GS1 company prefix must be 6 to 12 digits: {company_prefix!r}")
    width = 16 - len(company_prefix)
    if not 0 <= serial < 10**width:
        raise InvalidInput(f"serial {serial} does not fit the {width} digits of the SSCC")
    body = f"0{company_prefix}{serial:0{width}d}"
    return f"{DIGITAL_LINK}/00/{body}{check_digit(body)}"


def location_uri(code: str) -> str:
    """The URI of a Rantai location code (GLN, UN/LOCODE or other)."""
    if _GLN.fullmatch(code):
        return f"{DIGITAL_LINK}/414/{code}"
    if _UNLOCODE.fullmatch(code):
        return f"urn:rantai:unlocode:{code}"
    return f"urn:rantai:location:{quote(code, safe='')}"


GS1_INDONESIA = "899"  # GS1 Indonesia's prefix: a GLN starting with it is Indonesian


def country_of(code: str) -> str:
    """The ISO country of a location code when the code says it: a UN/LOCODE's first two
    letters, ``ID`` for a GLN under GS1 Indonesia's prefix; else empty."""
    if _UNLOCODE.fullmatch(code):
        return code[:2]
    if _GLN.fullmatch(code) and code.startswith(GS1_INDONESIA):
        return "ID"
    return ""


def zone_of(
    code: str = "", region: str = "", country: str = "", longitude_e6: int | None = None
) -> str | None:
    """The IANA zone of a place from what is known of it, most precise first."""
    province = region.removeprefix("ID-") if region.startswith("ID-") else ""
    if province in ID_REGION_ZONES:
        return ID_REGION_ZONES[province]
    if code in ID_LOCODE_ZONES:
        return ID_LOCODE_ZONES[code]
    nation = country or country_of(code)
    if nation == "ID" and longitude_e6 is not None and longitude_e6 != 0:
        # boundaries between the zones, approximately: Bali (115° E) is WITA, Maluku WIT
        if longitude_e6 < 114_500_000:
            return WIB
        return WITA if longitude_e6 < 126_000_000 else WIT
    return COUNTRY_ZONES.get(nation)


def utc_offset(
    at: int,
    *,
    code: str = "",
    region: str = "",
    country: str = "",
    longitude_e6: int | None = None,
) -> str:
    """The ``±HH:MM`` offset of the place at unix time ``at`` (``+00:00`` when unknown)."""
    zone = zone_of(code, region, country, longitude_e6)
    if zone is None:
        return "+00:00"
    offset = datetime.fromtimestamp(at, UTC).astimezone(ZoneInfo(zone)).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"

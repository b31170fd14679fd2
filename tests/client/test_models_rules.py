"""The read records of ``py_client.models`` against the shipped ABI, and ``py_client.rules``.

No chain: the records are checked against ``py_client/abi/*.json`` (a record whose fields stop
matching its ABI tuple fails here), the rules as pure functions, and the source of the client,
the role views and the bulk operations for positional indexes of what they read.
"""

import re
from pathlib import Path

import pytest

from py_client.errors import InvalidParameters, WrongState
from py_client.models import (
    ABI_RECORDS,
    AbiRecord,
    LineRecord,
    LineTerms,
    OrderRecord,
    OrderState,
    TenderRecord,
    TenderStatus,
    abi_output_names,
    line_terms_names,
)
from py_client.rules import (
    check_order_state,
    check_received,
    check_shipped_quantities,
    check_tender_status,
    delivery_period,
    lines_carry_items,
    lines_total_idr,
    tender_shift,
)

PY_CLIENT = Path(__file__).resolve().parents[2] / "py_client"

# Where reads happen: no `x[3]` there (issue 14 item 4). Files in the folders are all checked.
READERS = [
    PY_CLIENT / "core.py",
    PY_CLIENT / "client.py",
    PY_CLIENT / "rules.py",
    PY_CLIENT / "roles",
]
READERS += [PY_CLIENT / "bulk" / "operations"]
INDEX = re.compile(r"\[[0-9]+\]")


@pytest.mark.parametrize("record", ABI_RECORDS, ids=lambda r: r.__name__)
def test_record_fields_are_the_abi_component_names_in_order(record: type[AbiRecord]) -> None:
    assert record.field_names() == abi_output_names(*record.ABI)


def test_line_record_is_the_line_terms_and_the_delivered_quantity() -> None:
    assert LineTerms.field_names() == line_terms_names()
    assert abi_output_names("OrderEscrow", "line")[1:] == ("delivered_quantity",)
    line = LineRecord.from_abi(((5, 1_000, 0), 2))
    assert line.terms == LineTerms(5, 1_000, 0)
    assert line.remaining_quantity == 3


def test_every_struct_view_of_the_abi_is_read_through_a_record() -> None:
    covered = {r.ABI for r in ABI_RECORDS} | {("OrderEscrow", "line")}
    wanted = {
        ("Registry", "organisation"),
        ("Registry", "policy"),
        ("Registry", "budget"),
        ("Tendering", "tender"),
        ("Tendering", "bid"),
        ("Tendering", "award"),
        ("OrderEscrow", "order"),
        ("OrderEscrow", "orderSummary"),
        ("OrderEscrow", "dispute"),
        ("OrderEscrow", "adendumState"),
        ("ShipmentTracking", "shipment"),
        ("ShipmentTracking", "checkpointHead"),
        ("ShipmentTracking", "checkpointOfRef"),
    }
    assert wanted <= covered


def _tender(**changes: object) -> TenderRecord:
    names = abi_output_names("Tendering", "tender")
    raw = {name: 0 for name in names} | {"agency": "0x" + "11" * 20, "winner": "0x" + "00" * 20}
    raw |= {"items_hash": b"\x00" * 32, **changes}
    return TenderRecord.from_abi([raw[name] for name in names])


def _order(**changes: object) -> OrderRecord:
    names = abi_output_names("OrderEscrow", "order")
    raw = {name: 0 for name in names} | {"agency": "0xA", "supplier": "0xB", **changes}
    return OrderRecord.from_abi([raw[name] for name in names])


def test_from_abi_converts_by_field_type_and_refuses_a_wrong_length() -> None:
    tender = _tender(status=2, winner_bond_held=1, items_hash=bytearray(32))
    assert tender.status is TenderStatus.AWARDED
    assert tender.winner_bond_held is True
    assert type(tender.items_hash) is bytes
    with pytest.raises(ValueError, match="TenderRecord: 3 values for 24 ABI fields"):
        TenderRecord.from_abi([1, 2, 3])


def test_check_order_state_names_the_state_and_the_dispute() -> None:
    check_order_state(7, _order(state=2), [OrderState.ACTIVE])
    with pytest.raises(WrongState, match=r"^order 7 is CREATED, not ACTIVE or DELIVERED$"):
        check_order_state(7, _order(state=1), [OrderState.ACTIVE, OrderState.DELIVERED])
    with pytest.raises(WrongState, match=r"^order 7 has an open dispute$"):
        check_order_state(7, _order(state=2, disputed=True), [OrderState.ACTIVE])
    check_order_state(7, _order(state=2, disputed=True), [OrderState.ACTIVE], undisputed=False)


def test_check_tender_status_names_both_statuses() -> None:
    with pytest.raises(WrongState, match=r"^tender 3 is OPEN, not AWARDED$"):
        check_tender_status(3, _tender(status=1), TenderStatus.AWARDED)


def test_delivery_period_moves_by_the_time_paused_since_the_tender_opened() -> None:
    tender = _tender(pause_snapshot=100, delivery_from_at=1_000, delivery_until_at=2_000)
    shift = tender_shift(tender, paused_seconds=160)
    assert shift == 60
    assert delivery_period(tender, shift) == (1_060, 2_060)


def test_lines_total_and_items_of_encoded_lines() -> None:
    from py_client.hashing import items_hash

    lines = [(b"a" * 32, 2, 500, b"box", b"ID", 0), (b"b" * 32, 1, 1_000, b"unit", b"", 0)]
    assert lines_total_idr(lines) == 2_000
    tender = _tender(items_hash=items_hash([(b"a" * 32, 2, b"box"), (b"b" * 32, 1, b"unit")]))
    assert lines_carry_items(lines, tender)
    assert not lines_carry_items(list(reversed(lines)), tender)


@pytest.mark.parametrize(
    ("received", "message"),
    [
        ([1], "^1 received quantities for 2 order lines$"),
        ([0, 1], "^line 1 is a milestone: confirm it with confirm_milestone$"),
        ([6, 0], "^line 0: received 6 but 5 shipped$"),
        ([5, 0], "^line 0: received 5 but only 4 remain$"),
    ],
)
def test_check_received_refuses_with_the_role_views_message(
    received: list[int], message: str
) -> None:
    with pytest.raises(InvalidParameters, match=message):
        check_received(received, [5, 1], remaining=[4, 1], milestone=[False, True])


def test_check_shipped_quantities() -> None:
    check_shipped_quantities([0, 3])
    with pytest.raises(InvalidParameters, match="nothing would be shipped"):
        check_shipped_quantities([0, 0])
    with pytest.raises(InvalidParameters, match="does not fit 64 bits"):
        check_shipped_quantities([2**64])


def _python_files() -> list[Path]:
    found: list[Path] = []
    for place in READERS:
        found += sorted(place.rglob("*.py")) if place.is_dir() else [place]
    return found


def test_no_positional_indexes_where_the_chain_is_read() -> None:
    """Reads decode into the records of ``py_client.models`` (issue 14 item 4): the client, the
    role views, the rules and the bulk operations index nothing by position (``o[3]``)."""
    found = [
        f"{path.relative_to(PY_CLIENT)}:{number}: {line.strip()}"
        for path in _python_files()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if INDEX.search(line.split("#")[0])
    ]
    assert found == []


def test_check_maintenance_period_allows_ten_years() -> None:
    from py_client.limits import MAX_MAINTENANCE_PERIOD_SEC
    from py_client.rules import check_maintenance_period

    check_maintenance_period(MAX_MAINTENANCE_PERIOD_SEC)
    with pytest.raises(InvalidParameters, match="longer than 10 years"):
        check_maintenance_period(MAX_MAINTENANCE_PERIOD_SEC + 1)

"""The client package stands alone: no Ape import, ABIs and errors equal to a fresh compile."""

import subprocess
import sys
from pathlib import Path

from eth_abi import encode

from py_client.contract_errors import BY_SELECTOR, TenderingRevealClosed
from py_client.errors import TransactionReverted
from py_client.reverts import decode_revert

ROOT = Path(__file__).resolve().parents[2]


def test_import_py_client_does_not_import_ape() -> None:
    code = (
        "import sys, py_client, py_client.reverts, py_client.sender, py_client.chain;"
        "loaded = sorted(m for m in sys.modules if m == 'ape' or m.startswith('ape_'));"
        "print(loaded); sys.exit(1 if loaded else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_shipped_abis_and_errors_equal_a_fresh_compile(project: object) -> None:
    # The `project` fixture makes Ape compile the contracts into .build/ first.
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "export_client_abis.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_error_selector_maps_to_its_class() -> None:
    assert len(BY_SELECTOR) > 50
    for selector, error_class in BY_SELECTOR.items():
        assert error_class.selector == selector


def test_revert_data_decodes_into_the_typed_exception_with_attributes() -> None:
    data = TenderingRevealClosed.selector + encode(["uint256", "uint64"], [7, 1_800_000_000]).hex()
    err = decode_revert(data)
    assert isinstance(err, TenderingRevealClosed)
    assert err.arguments == {"tenderId": 7, "revealDeadlineAt": 1_800_000_000}
    assert (err.tender_id, err.reveal_deadline_at) == (7, 1_800_000_000)
    assert "TenderingRevealClosed(" in str(err)


def test_unknown_selector_keeps_the_raw_data() -> None:
    err = decode_revert("0xdeadbeef")
    assert isinstance(err, TransactionReverted)
    assert err.data == "0xdeadbeef"

"""The order in which `make test` deals the test files to its workers (tests/conftest.py hooks
:func:`pytest_collection_modifyitems` in; issue 19: a suite that stays fast)."""

import pytest

LONGEST_FIRST = (
    "tests/cli/test_cli.py",
    "tests/contracts/test_tendering.py",
    "tests/client/test_client_errors.py",
    "tests/contracts/test_order_escrow.py",
    "tests/contracts/test_registry.py",
    "tests/contracts/test_order_escrow_award_rules.py",
    "tests/client/test_client_sender.py",
    "tests/tooling/test_docs_examples.py",
    "tests/contracts/test_shipment_tracking.py",
    "tests/contracts/test_escrow_properties.py",
    "tests/client/test_client_preflight.py",
    "tests/e2e/test_demo.py",
    "tests/portal/test_portal_browser.py",
    "tests/contracts/test_governance.py",
    "tests/contracts/test_order_adendum.py",
    "tests/portal/test_portal_mobile.py",
)
"""The test files that take longest (25 to 145 s each on 2 cores, 7 December 2026), longest first.

`make test` deals whole files to its workers (`--dist loadfile`), each holding the file it runs
and the next one, in collection order (`--no-loadscope-reorder`: pytest-xdist would otherwise
deal the files with the most tests first, which are not the longest). A long file dealt last
kept one worker busy for a minute while the other had nothing left; dealt first, they leave only
short files for the end. A file not listed keeps its place after these; a file that grows long
belongs here."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The files of :data:`LONGEST_FIRST` first, in its order; the rest as collected (each
    file's tests stay together and in order: the sort is stable)."""
    rank = {path: n for n, path in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))

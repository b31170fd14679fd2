"""tests/support/suite_order.py: the longest test files are dealt first (issue 19)."""

from pathlib import Path

import pytest

from tests.support.suite_order import LONGEST_FIRST, pytest_collection_modifyitems

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("path", LONGEST_FIRST)
def test_every_file_dealt_first_exists(path: str) -> None:
    # A renamed or removed file would silently fall back to collection order.
    assert (ROOT / path).is_file()


def test_the_longest_files_go_first_each_file_kept_whole_and_in_order() -> None:
    class Item:
        def __init__(self, nodeid: str) -> None:
            self.nodeid = nodeid

    longest, second = LONGEST_FIRST[0], LONGEST_FIRST[1]
    names = [
        "tests/a/test_short.py::test_1",
        f"{second}::test_1",
        f"{second}::test_2",
        "tests/a/test_short.py::test_2",
        "tests/b/test_other.py::test_1",
        f"{longest}::test_1",
    ]
    items = [Item(name) for name in names]
    pytest_collection_modifyitems(items)  # type: ignore[arg-type]
    assert [item.nodeid for item in items] == [
        f"{longest}::test_1",
        f"{second}::test_1",
        f"{second}::test_2",
        "tests/a/test_short.py::test_1",
        "tests/a/test_short.py::test_2",
        "tests/b/test_other.py::test_1",
    ]

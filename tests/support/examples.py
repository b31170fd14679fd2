"""How many hypothesis examples a state machine runs: fewer in `make test`, all in `make test-deep`.

The three contract state machines (tests/contracts/test_registry.py, test_tendering.py,
test_escrow_properties.py) each name their full example count; `make test` runs a third of it
(derandomized: the same examples every run), `make test-deep` (RANTAI_HYPOTHESIS_PROFILE=deep) and
the `explore` profile run it all. The profiles themselves are registered in tests/conftest.py.
"""

import os

PROFILE_VARIABLE = "RANTAI_HYPOTHESIS_PROFILE"
FULL_PROFILES = ("deep", "explore")
QUICK_SHARE = 3  # the normal run draws one example in three (at least MIN_QUICK)
MIN_QUICK = 5


def profile() -> str:
    """The hypothesis profile of this run (tests/conftest.py loads the same one)."""
    return os.environ.get(PROFILE_VARIABLE, "deterministic")


def examples(full: int) -> int:
    """`full` in the deep and explore profiles, a third of it (at least 5) otherwise."""
    if profile() in FULL_PROFILES:
        return full
    return min(full, max(MIN_QUICK, full // QUICK_SHARE))

"""The access matrix of the contract tests: each guarded function called by each caller."""

from collections.abc import Iterable

import pytest


def access_matrix(
    functions: Iterable[str], callers: Iterable[str], *, names: tuple[str, str]
) -> pytest.MarkDecorator:
    """Parametrises a test over every (function, caller) pair, function by function; `names` are
    the test's two argument names and the ids read `function-caller`."""
    callers = list(callers)
    pairs = [(function, caller) for function in functions for caller in callers]
    return pytest.mark.parametrize(names, pairs, ids=[f"{f}-{c}" for f, c in pairs])

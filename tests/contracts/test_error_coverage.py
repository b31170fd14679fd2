"""Every custom error the Rantai interfaces declare is asserted by at least one test.

A revert path without a test is a defect (STYLE: revert tests name the custom error), so this
test reads the errors of `contracts/interfaces/I*.sol` and looks for each one being used as
`<contract>.<ErrorName>` (the form `ape.reverts(...)` / `reverts_with(...)` take), as a quoted
error signature `"<ErrorName>(` (tests that match raw revert selectors), or in a test named
`..._reverts_with_<ErrorName>` in the other test modules.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ERROR_DECLARATION = re.compile(r"^\s*error\s+(\w+)\s*\(", re.MULTILINE)


def declared_errors() -> dict[str, str]:
    errors: dict[str, str] = {}
    for interface in sorted((ROOT / "contracts" / "interfaces").glob("I*.sol")):
        for name in ERROR_DECLARATION.findall(interface.read_text()):
            errors[name] = interface.name
    return errors


def other_test_sources() -> str:
    """Every test source in the tree (tests/*/, helpers in tests/support/ included) but this one."""
    me = Path(__file__).resolve()
    sources = sorted((ROOT / "tests").rglob("*.py"))
    return "\n".join(p.read_text() for p in sources if p.resolve() != me)


def test_every_declared_error_is_asserted_by_a_test() -> None:
    errors = declared_errors()
    assert errors, "no custom errors found in contracts/interfaces"
    texts = other_test_sources()
    untested = sorted(
        f"{name} ({source})"
        for name, source in errors.items()
        if not re.search(rf"\.{name}\b|\"{name}\(|reverts_with_{name}\b", texts)
    )
    assert not untested, "custom errors without a test: " + ", ".join(untested)

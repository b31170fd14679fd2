"""Structure of the portal, the CLI and the audit report (issue 14 items 3, 6, 8).

The portal is one router per page family on a runtime, with a short factory; the CLI is one
module per command group; no function there is too long to hold in your head; the portal's forms
parse through :mod:`py_client.inputs`; money and times are formatted by
:mod:`py_client.formatting` only. These tests read the code (no chain needed).
"""

import ast
from pathlib import Path

import pytest

from py_client.formatting import iso_time, rupiah
from py_client.inputs import InputError, parse_deadline, parse_quantity_list, parse_year

PACKAGE = Path(__file__).resolve().parents[2] / "py_client"
LONGEST_LINES = 80
WRAPPERS = {"idr", "_idr", "format_idr", "_rp", "when", "money_text"}  # removed formatters
CHECKED = [
    *sorted((PACKAGE / "portal").glob("*.py")),
    *sorted((PACKAGE / "cli").glob("*.py")),
    PACKAGE / "audit" / "report.py",
]


def functions(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.name, node.end_lineno - node.lineno + 1)  # type: ignore[operator]
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


@pytest.mark.parametrize("path", CHECKED, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_function_in_portal_cli_or_report_is_over_80_lines(path: Path) -> None:
    long = [(name, n) for name, n in functions(path) if n > LONGEST_LINES]
    assert long == []


def test_create_app_is_a_short_factory_including_one_router_per_page_family() -> None:
    from py_client.portal import app

    lengths = dict(functions(PACKAGE / "portal" / "app.py"))
    assert lengths["create_app"] <= 40
    paths = [route.path for router in app.ROUTERS for route in router.routes]  # type: ignore[attr-defined]
    assert len(paths) == len(set(paths))
    for wanted in (
        "/",
        "/tenders",
        "/tenders/{tender_id}",
        "/console",
        "/auth/verify",
        "/api/prepare/{action}",
        "/api/ocds/releases",
        "/governance",
    ):
        assert wanted in paths


def test_no_page_module_imports_the_app_factory() -> None:
    for path in (PACKAGE / "portal").glob("*.py"):
        if path.name in ("app.py", "__init__.py", "server.py"):
            continue
        assert "py_client.portal.app" not in imported(path), path.name


def test_each_cli_command_group_is_registered_by_its_own_module() -> None:
    from py_client.cli import commands
    from py_client.cli.app import build_parser

    parser = build_parser()
    groups = next(a for a in parser._actions if a.dest == "command").choices  # type: ignore[attr-defined]
    for module in commands.GROUPS:
        name = module.__name__.rsplit(".", 1)[1]
        wanted = {"tokens": "token", "overview": "whoami"}.get(name, name)
        assert wanted in groups, name
    tender = groups["tender"]._actions[-1].choices["open"]
    assert tender.get_default("command_name") == "tender open"
    assert tender.get_default("handler").__module__ == "py_client.cli.tender"


def test_the_portal_forms_parse_through_py_client_inputs() -> None:
    actions = PACKAGE / "portal" / "actions.py"
    assert "re" not in imported(actions)  # no regexes of its own
    assert "py_client.inputs" in imported(actions)

    from py_client.portal.actions import Form

    now = 1_800_000_000
    form = Form(
        {
            "hps": "Rp 1.500.000",
            "order_id": "7",
            "deadline": "2027-06-15 10:00",
            "relative": "+3d",
            "maintenance": "90d",
            "fiscal_year": "2026",
            "quantities": "40, 0",
            "bad_amount": "1,500,000",
            "bad_year": "2101",
        },
        {},
        "en",
        now,
    )
    assert form.amount("hps") == 1_500_000
    assert form.ident("order_id") == 7
    assert form.time("deadline") == int(parse_deadline("2027-06-15T10:00+07:00").timestamp())  # type: ignore[union-attr]
    assert form.time("relative") == now + 3 * 86_400
    assert form.duration("maintenance") == 90 * 86_400
    assert form.year("fiscal_year") == 2026
    assert form.quantities("quantities") == parse_quantity_list("40, 0") == [40, 0]
    assert form.errors == {}
    form.amount("bad_amount")
    form.year("bad_year")
    assert set(form.errors) == {"bad_amount", "bad_year"}
    with pytest.raises(InputError):
        parse_year("2101", last=2100)


def test_money_and_times_have_one_formatter() -> None:
    assert rupiah(1_500_000) == "Rp 1.500.000"
    assert rupiah(None) == "-"
    assert iso_time(None) == "-"
    assert iso_time(0) == "1970-01-01T00:00:00Z"
    for path in CHECKED:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {
            n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name in WRAPPERS
        }
        assert names == set(), (path.name, names)

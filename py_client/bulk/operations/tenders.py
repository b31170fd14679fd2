"""The ``tenders`` bulk operation: :class:`OpenTenders`."""

from collections.abc import Sequence
from typing import Any

from py_client.bulk.operations.base import (
    DOCUMENT_COLUMNS,
    ITEM_COLUMNS,
    Env,
    Operation,
    Prepared,
    Verdict,
)
from py_client.bulk.operations.cells import (
    _cell,
    _document,
    _entries,
    _future,
    _item,
    _utc,
    _year,
)
from py_client.bulk.operations.shared import _broken, _budget_problem, _budgets_left, _policy
from py_client.bulk.rows import Row, RowError, text
from py_client.inputs import parse_amount
from py_client.limits import (
    DEFAULT_DELIVERY_PERIOD_SEC,
)
from py_client.models import Role
from py_client.rules import check_min_bond, check_tender_terms, check_tender_times


class OpenTenders(Operation):
    """Sealed-bid tenders opened by the agency; each commits its HPS against the budget."""

    name = "tenders"
    title = "tenders (agency)"
    contract = "Tendering"
    function = "openTender"
    role = Role.AGENCY
    columns = (
        frozenset(
            {
                "ref",
                "fiscalYear",
                "hps",
                "bond",
                "bidDeadline",
                "revealDeadline",
                "deliveryFrom",
                "deliveryUntil",
                "specUri",
                "items",
            }
        )
        | DOCUMENT_COLUMNS
        | ITEM_COLUMNS
    )
    created = ("Tendering", "TenderOpened", "tender_id")

    def prepare(self, rows: Sequence[Row], env: Env) -> tuple[list[Prepared], list[Verdict]]:
        parsed, agencies, verdicts = self._parse_and_sign(
            rows, env, Role.AGENCY, lambda row: (row, *self._parse(row, env))
        )
        if not parsed:
            return [], verdicts
        policy, paused = _policy(env)
        earliest = env.now + policy.min_tender_period_sec
        terms = policy.to_policy()
        left = _budgets_left(env, agencies, {year for _, year, _ in parsed})
        signers = sorted(agencies)
        prepared: list[Prepared] = []
        turn = 0
        for row, year, params in parsed:
            sender = signers[turn % len(signers)]
            _, spec_uri, items, hps, bid_at, _, bond, *_ = params  # openTender's argument
            key = (agencies[sender], year)
            problem = None
            if paused:
                problem = "the Rantai system is paused"
            elif bid_at < earliest:
                hours, now = policy.min_tender_period_sec // 3600, _utc(env.now).isoformat()
                problem = (
                    f"'bidDeadline' {_utc(bid_at).isoformat()} is less than the minimum tender "
                    f"period ({hours} h) after chain time {now}"
                )
            elif hps > left.get(key, 0):
                problem = _budget_problem(key, hps, left)
            else:
                problem = _broken(check_min_bond, terms, hps, bond)
            if problem:
                verdicts.append(Verdict(row, "invalid", problem))
                continue
            left[key] -= hps
            turn += 1
            shape = (len(items), len(spec_uri) // 128)
            prepared.append(self._prepared(row, sender, env, (params,), shape))
        return prepared, verdicts

    def _parse(self, row: Row, env: Env) -> tuple[int, tuple[Any, ...]]:
        year = _year(row)
        hps = int(_cell(parse_amount, row, "hps"))
        bond = int(_cell(parse_amount, row, "bond")) if row.has("bond") else 0
        bid_at = _future(row, "bidDeadline", env.now)
        reveal_at = _future(row, "revealDeadline", env.now)
        spec_uri = text(row, "specUri")
        spec = _document(row, env, True, "specification")
        entries = _entries(row, "items", ITEM_COLUMNS, "item")
        many = "items" in row.cells
        items = [
            _item(entry, env, f"items[{index}]: " if many else "")
            for index, entry in enumerate(entries)
        ]
        # The delivery period (issue 13 item 4): by default from the reveal deadline for a year.
        from_at = _future(row, "deliveryFrom", env.now) if row.has("deliveryFrom") else reveal_at
        until_at = (
            _future(row, "deliveryUntil", env.now)
            if row.has("deliveryUntil")
            else reveal_at + DEFAULT_DELIVERY_PERIOD_SEC
        )
        quantities = [quantity for _, quantity, _ in items]
        problem = _broken(check_tender_terms, quantities, hps, bond)
        problem = problem or _broken(check_tender_times, (bid_at, reveal_at, from_at, until_at))
        if problem is not None:
            raise RowError(problem)
        return year, (spec, spec_uri, items, hps, bid_at, reveal_at, bond, year, from_at, until_at)

"""The ``tender_orders`` bulk operation: :class:`TenderOrders`."""

from collections.abc import Sequence
from typing import Any

from py_client.bulk.operations.base import (
    LINE_COLUMNS,
    Env,
    Operation,
    Prepared,
    Verdict,
    as_record,
)
from py_client.bulk.operations.cells import _cell, _future, _order_terms
from py_client.bulk.operations.shared import (
    _broken,
    _by_org,
    _paused_shift,
    _policy,
    _referenced,
)
from py_client.bulk.rows import Row, RowError
from py_client.errors import RantaiError
from py_client.inputs import parse_id
from py_client.models import AwardRecord, Role, TenderRecord, TenderStatus
from py_client.rules import check_award_terms, check_not_ordered, check_tender_status


class TenderOrders(Operation):
    """Orders from awarded tenders: supplier and total come from the award; a tender already
    ordered is skipped."""

    name = "tender-orders"
    title = "orders from awarded tenders (agency)"
    contract = "OrderEscrow"
    function = "createOrderFromTender"
    role = Role.AGENCY
    columns = frozenset(
        {"ref", "tender", "deliveryDeadline", "maintenance", "lines"} | LINE_COLUMNS
    )
    created = ("OrderEscrow", "OrderCreated", "order_id")

    def prepare(self, rows: Sequence[Row], env: Env) -> tuple[list[Prepared], list[Verdict]]:
        seen: dict[int, str] = {}

        def parse(row: Row) -> tuple[Row, int, list[tuple[Any, ...]], int, int]:
            tender_id = int(_cell(parse_id, row, "tender"))
            if tender_id in seen:
                raise RowError(f"tender {tender_id} is also ordered by {seen[tender_id]}")
            deadline = _future(row, "deliveryDeadline", env.now)
            lines, maintenance = _order_terms(row, env, deadline)
            seen[tender_id] = row.label
            return row, tender_id, lines, deadline, maintenance

        parsed, agencies, verdicts = self._parse_and_sign(rows, env, Role.AGENCY, parse)
        parsed, refs = _referenced(env, agencies, parsed, verdicts)
        if not parsed:
            return [], verdicts
        _, paused = _policy(env)
        ids = [tender_id for _, tender_id, *_ in parsed]
        found, awarded = env.reader.per_key(ids, TenderRecord.ABI, AwardRecord.ABI)
        tenders = [as_record(TenderRecord, r) for r in found]
        awards = [as_record(AwardRecord, r) for r in awarded]
        by_org = _by_org(agencies)
        prepared: list[Prepared] = []
        for index, (row, tender_id, lines, deadline, maintenance) in enumerate(parsed):
            tender, award = tenders[index], awards[index]
            if isinstance(tender, RantaiError):
                verdicts.append(Verdict(row, "invalid", f"tender {tender_id} does not exist"))
                continue
            if isinstance(award, AwardRecord) and tender.status == TenderStatus.AWARDED:
                reason = _broken(check_not_ordered, tender_id, award)
                if reason is not None:
                    verdicts.append(Verdict(row, "skipped", reason))
                    continue
            problem = _award_problem(tender_id, tender, award)
            if problem is None and paused:
                problem = "the Rantai system is paused"
            if problem is None and isinstance(award, AwardRecord):
                if award.agency_org_id not in by_org:
                    problem = (
                        f"tender {tender_id} was awarded to organisation {award.agency_org_id}; "
                        "no signer acts for it"
                    )
                else:
                    problem = _terms_problem(env, tender_id, tender, award, lines, deadline)
            if problem is not None or not isinstance(award, AwardRecord):
                verdicts.append(Verdict(row, "invalid", str(problem)))
                continue
            sender, *_ = by_org[award.agency_org_id]
            args = (tender_id, lines, deadline, maintenance, refs[row.number])
            prepared.append(self._prepared(row, sender, env, args, ("tender", len(lines))))
        return prepared, verdicts


def _award_problem(
    tender_id: int, tender: TenderRecord, award: AwardRecord | RantaiError
) -> str | None:
    """Why the tender cannot be ordered now: not awarded (or its award unreadable)."""
    problem = _broken(check_tender_status, tender_id, tender, TenderStatus.AWARDED)
    if problem is None and isinstance(award, RantaiError):
        return f"tender {tender_id} is {tender.status.name}, not AWARDED"
    return problem


def _terms_problem(
    env: Env,
    tender_id: int,
    tender: TenderRecord,
    award: AwardRecord,
    lines: list[tuple[Any, ...]],
    deadline: int,
) -> str | None:
    """Why the lines and deadline are not the award: total, items, delivery period."""
    shift = _paused_shift(env, tender)
    return _broken(check_award_terms, tender_id, tender, award, lines, deadline, shift)

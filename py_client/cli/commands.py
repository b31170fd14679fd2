"""The ``rantai`` subcommands: each declares its arguments and calls one library method.

Handlers are thin: they turn parsed arguments into library values, call the role view and
return an :class:`~py_client.cli.context.Output`. Values are parsed by argparse ``type=``
functions built from :mod:`py_client.inputs`, so a malformed value fails before anything
else happens; deadlines are checked against the chain's clock before the library is called.
"""

import argparse
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from py_client.cli.argtypes import (
    ADDRESS,
    AMOUNT,
    COUNT,
    DEADLINE,
    DURATION,
    FILE,
    HASH,
    ID,
    TIME,
    arg,
)
from py_client.cli.audit import register_audit
from py_client.cli.bulk import register_bulk
from py_client.cli.context import Context, Output
from py_client.cli.documents import describe_stored, recipients_of, register_documents
from py_client.cli.files import (
    parse_quantity_list,
    read_items,
    read_lines,
    read_quantities,
    read_shipment,
)
from py_client.cli.interop import register_interop
from py_client.cli.output import plain
from py_client.cli.portal import register_portal
from py_client.cli.render import (
    render_budget,
    render_participant,
    render_policy,
    render_results,
    render_status,
)
from py_client.documents.inputs import Confidential, DocumentInput, Public
from py_client.errors import NotAuthorized
from py_client.formatting import rupiah
from py_client.hashing import HashInput
from py_client.inputs import (
    InputError,
    parse_count,
)
from py_client.models import CheckpointKind, OrgKind, Role
from py_client.receipts import TxResult
from py_client.rpc_auth import redacted

Handler = Callable[[Context, argparse.Namespace], Output]

ORG_KINDS = [k.name.lower() for k in OrgKind if k != OrgKind.NONE]
ROLES = [r.value.lower() for r in Role]
CHECKPOINT_KINDS = [k.name.lower().replace("_", "-") for k in CheckpointKind if k.value]


# ------------------------------------------------------------------------- argument types


def year(text: str, what: str = "fiscal year") -> int:
    """A fiscal year, 2000..2999."""
    value = parse_count(text, what)
    if not 2000 <= value <= 2999:
        raise InputError(f"{what} must be a year such as 2026: {text!r}")
    return value


def degrees(text: str, what: str = "coordinate") -> int:
    """Decimal degrees (at most 6 decimals) as micro-degrees: ``-6.104`` → ``-6104000``."""
    try:
        value = Decimal(text.strip()) * 1_000_000
    except InvalidOperation:
        raise InputError(f"{what} must be decimal degrees such as -6.104: {text!r}") from None
    if not value.is_finite() or value != value.to_integral_value():
        raise InputError(f"{what} has more than 6 decimals or is not a number: {text!r}")
    return int(value)


YEAR = arg(year, "fiscal year")
DEGREES = arg(degrees, "coordinate")


def add_document(
    parser: argparse.ArgumentParser, what: str, required: bool = True, store: bool = False
) -> None:
    """``--document FILE`` (hashed by the library) or ``--hash 0x…``, one of them.

    With ``store``, also ``--confidential FILE`` (stored encrypted to the process's parties and
    every AUDITOR, plus ``--to``) and ``--public FILE`` (stored in the clear); read them with
    :func:`document_input`.
    """
    group = parser.add_mutually_exclusive_group(required=required)
    group.add_argument(
        "--document", type=FILE, metavar="FILE", help=f"the {what}; its keccak256 is recorded"
    )
    group.add_argument("--hash", type=HASH, metavar="0x…", help=f"the {what}'s hash")
    if store:
        group.add_argument(
            "--confidential",
            type=FILE,
            metavar="FILE",
            help=f"the {what}, stored encrypted to the parties and auditors; its hash is recorded",
        )
        group.add_argument(
            "--public", type=FILE, metavar="FILE", help=f"the {what}, stored in the clear"
        )
        parser.add_argument(
            "--to", action="append", metavar="WHO", help="more readers of --confidential"
        )


def document_of(args: argparse.Namespace) -> HashInput | None:
    """The document argument for the library: a path, a 32-byte hash, or ``None``."""
    if getattr(args, "document", None) is not None:
        path: Path = args.document
        return path
    hashed: bytes | None = getattr(args, "hash", None)
    return hashed


def document_input(args: argparse.Namespace) -> DocumentInput | None:
    """Like :func:`document_of`, plus ``--confidential`` and ``--public`` (stored documents)."""
    to = recipients_of(getattr(args, "to", None))
    if getattr(args, "confidential", None) is not None:
        return Confidential(args.confidential, to=to)
    if to:
        raise InputError("--to goes with --confidential")
    if getattr(args, "public", None) is not None:
        return Public(args.public)
    return document_of(args)


# ------------------------------------------------------------------------- outputs


def sent(summary: str, results: Sequence[TxResult], **fields: Any) -> Output:
    """The output of a sending command."""
    document = {"transactions": [plain(r) for r in results], **plain(fields)}
    stored = [d for r in results for d in r.extra.get("documents", ())]
    if stored:
        summary += "".join(f"\n{describe_stored(d)}" for d in stored)
    return Output(document, render_results(summary, results))


def read(value: Any, text: str) -> Output:
    """The output of a reading command."""
    return Output({"result": plain(value)}, text)


# ------------------------------------------------------------------------- general


def cmd_whoami(ctx: Context, args: argparse.Namespace) -> Output:
    """The signer as the registry sees it, with its balance and the connection."""
    client = ctx.client
    me = client.whoami()
    connection = {
        "balance": client.balance(me.address),
        "chain id": client.chain_id,
        "rpc url": redacted(ctx.settings.rpc_url),
        "deployment": ctx.settings.deployment,
    }
    document = {
        "result": plain(me),
        "balance_idr": connection["balance"],
        "chain_id": client.chain_id,
        "rpc_url": redacted(ctx.settings.rpc_url),
        "deployment": ctx.settings.deployment,
    }
    shown = dict(connection, balance=rupiah(int(str(connection["balance"]))))
    return Output(document, render_participant(me, shown))


def cmd_status(ctx: Context, args: argparse.Namespace) -> Output:
    """A process by ocid, ``tender:N``, ``order:N`` or ``shipment:N``."""
    report = ctx.client.status(args.ref)
    return Output({"kind": report.kind, "result": plain(report)}, render_status(report))


def cmd_policy(ctx: Context, args: argparse.Namespace) -> Output:
    """The registry's procurement policy."""
    policy = ctx.client.policy()
    return read(policy, render_policy(policy))


def cmd_budget(ctx: Context, args: argparse.Namespace) -> Output:
    """An agency's budget for a fiscal year."""
    budget = ctx.client.budget(args.org_id, args.fiscal_year)
    return Output(
        {"result": {**plain(budget), "available_idr": budget.available_idr}},
        render_budget(budget),
    )


# ------------------------------------------------------------------------- governor


def cmd_register_org(ctx: Context, args: argparse.Namespace) -> Output:
    """``governor register-org``: register an organisation."""
    result = ctx.client.governor.register_organisation(args.org_id, args.kind, document_of(args))
    return sent(f"registered organisation {args.org_id} ({args.kind})", [result])


def cmd_update_org(ctx: Context, args: argparse.Namespace) -> Output:
    """``governor update-org``: replace an organisation's metadata hash."""
    result = ctx.client.governor.update_organisation_metadata(args.org_id, document_of(args))  # type: ignore[arg-type]
    return sent(f"updated the metadata of organisation {args.org_id}", [result])


def cmd_add_account(ctx: Context, args: argparse.Namespace) -> Output:
    """``governor add-account``: make an account act for an organisation."""
    result = ctx.client.governor.add_account(args.address, args.org_id)
    return sent(f"{args.address} now acts for organisation {args.org_id}", [result])


def cmd_remove_account(ctx: Context, args: argparse.Namespace) -> Output:
    """``governor remove-account``: remove an account from its organisation."""
    result = ctx.client.governor.remove_account(args.address)
    return sent(f"removed {args.address} from its organisation", [result])


def cmd_set_payout_account(ctx: Context, args: argparse.Namespace) -> Output:
    """``governor set-payout-account``: where refunds to an organisation go."""
    result = ctx.client.governor.set_payout_account(args.org_id, args.address)
    return sent(f"refunds to organisation {args.org_id} now go to {args.address}", [result])


def cmd_grant_role(ctx: Context, args: argparse.Namespace) -> Output:
    """``governor grant-role``."""
    result = ctx.client.governor.grant_role(args.role, args.address)
    return sent(f"granted {args.role} to {args.address}", [result])


def cmd_revoke_role(ctx: Context, args: argparse.Namespace) -> Output:
    """``governor revoke-role``."""
    result = ctx.client.governor.revoke_role(args.role, args.address)
    return sent(f"revoked {args.role} from {args.address}", [result])


def cmd_suspend_org(ctx: Context, args: argparse.Namespace) -> Output:
    """``governor suspend-org``: blacklist an organisation."""
    result = ctx.client.governor.suspend_organisation(args.org_id, document_of(args))
    return sent(f"suspended organisation {args.org_id}", [result])


def cmd_reinstate_org(ctx: Context, args: argparse.Namespace) -> Output:
    """``governor reinstate-org``: lift a suspension."""
    result = ctx.client.governor.reinstate_organisation(args.org_id, document_of(args))
    return sent(f"reinstated organisation {args.org_id}", [result])


POLICY_OPTIONS = {
    "min_tender_period": ("--min-tender-period", DURATION, "e.g. 7d"),
    "confirmation_window": ("--confirmation-window", DURATION, "e.g. 3d"),
    "max_bids_per_tender": ("--max-bids", COUNT, "bids per tender"),
    "penalty_per_mille_per_day": ("--penalty-per-mille", COUNT, "late penalty per day"),
    "penalty_cap_bps": ("--penalty-cap-bps", COUNT, "penalty cap in basis points"),
    "retention_bps": ("--retention-bps", COUNT, "retention in basis points"),
    "direct_purchase_ceiling_idr": ("--direct-purchase-ceiling", AMOUNT, "rupiah"),
    "checkpoint_backdate_tolerance": ("--checkpoint-backdate-tolerance", DURATION, "e.g. 1d"),
    "dispute_response_window": ("--dispute-response-window", DURATION, "e.g. 3d"),
}


def cmd_set_policy(ctx: Context, args: argparse.Namespace) -> Output:
    """``governor set-policy``: one transaction per value given."""
    values = {k: getattr(args, k) for k in POLICY_OPTIONS if getattr(args, k) is not None}
    if not values:
        options = ", ".join(o for o, _, _ in POLICY_OPTIONS.values())
        raise InputError(f"set-policy needs at least one of {options}")
    results = ctx.client.governor.set_policy(**values)
    return sent(f"changed {', '.join(values)}", results)


def cmd_pause(ctx: Context, args: argparse.Namespace) -> Output:
    """``governor pause``."""
    return sent("paused the Rantai system", [ctx.client.governor.pause()])


def cmd_unpause(ctx: Context, args: argparse.Namespace) -> Output:
    """``governor unpause``."""
    return sent("resumed the Rantai system", [ctx.client.governor.unpause()])


# ------------------------------------------------------------------------- treasury / token


def cmd_allocate_budget(ctx: Context, args: argparse.Namespace) -> Output:
    """``treasury allocate-budget``: an agency's ceiling (pagu) for a year."""
    result = ctx.client.treasury.allocate_budget(args.org, args.fiscal_year, args.ceiling)
    return sent(
        f"budget of organisation {args.org} for {args.fiscal_year}: ceiling {_idr(args.ceiling)}",
        [result],
    )


def cmd_mint(ctx: Context, args: argparse.Namespace) -> Output:
    """``token mint`` (treasury)."""
    result = ctx.client.treasury.mint(args.to, args.amount)
    return sent(f"minted {_idr(args.amount)} to {args.to}", [result])


def cmd_approve(ctx: Context, args: argparse.Namespace) -> Output:
    """``token approve``: the escrow for an order, or a tender's bid bond."""
    if args.order is not None:
        result = ctx.client.agency.approve_escrow(args.order, args.amount)
        what = f"the escrow for order {args.order}"
    else:
        if args.amount is not None:
            raise InputError("--amount goes with --order; a bid bond is the tender's bond")
        result = ctx.client.supplier.approve_bond(args.tender)
        what = f"the bid bond of tender {args.tender}"
    return sent(f"approved {what}", [result])


def cmd_balance(ctx: Context, args: argparse.Namespace) -> Output:
    """``token balance``."""
    client = ctx.client
    owner = args.address or client.require_signer()
    balance = client.balance(owner)
    return Output(
        {"result": {"address": owner, "balance_idr": balance}}, f"{owner}  {_idr(balance)}"
    )


# ------------------------------------------------------------------------- tenders and bids


def cmd_tender_open(ctx: Context, args: argparse.Namespace) -> Output:
    """``tender open``: items from a JSON file, deadlines on the chain's clock."""
    items = read_items(args.items)
    bid_deadline = ctx.deadline(args.bid_deadline, "bid deadline")
    reveal_deadline = ctx.deadline(args.reveal_deadline, "reveal deadline")
    if reveal_deadline <= bid_deadline:
        raise InputError("the reveal deadline must come after the bid deadline")
    result = ctx.client.agency.open_tender(
        spec=document_input(args),  # type: ignore[arg-type]
        spec_uri=args.spec_uri,
        items=items,
        hps_idr=args.hps,
        bid_deadline_at=bid_deadline,
        reveal_deadline_at=reveal_deadline,
        fiscal_year=args.fiscal_year,
        bond_idr=args.bond,
        delivery_from_at=(
            None
            if args.delivery_from is None
            else ctx.deadline(args.delivery_from, "delivery period start")
        ),
        delivery_until_at=(
            None
            if args.delivery_until is None
            else ctx.deadline(args.delivery_until, "delivery period end")
        ),
    )
    tender_id = result.tender_id or 0
    ocid = ctx.client.ocid("T", tender_id)
    return sent(f"opened tender {tender_id} ({ocid})", [result], tender_id=tender_id, ocid=ocid)


def cmd_tender_disqualify(ctx: Context, args: argparse.Namespace) -> Output:
    """``tender disqualify``."""
    result = ctx.client.agency.disqualify_bid(args.tender, args.bidder, document_input(args))
    return sent(f"disqualified the bid of {args.bidder} in tender {args.tender}", [result])


def cmd_tender_finalise(ctx: Context, args: argparse.Namespace) -> Output:
    """``tender finalise``: the award (or failure) and red flags."""
    result = ctx.client.agency.finalise_tender(args.tender)
    awarded = result.events_named("TenderAwarded")
    if awarded:
        a = awarded[0]
        summary = f"tender {args.tender} awarded to {a['supplier']} at {_idr(a['priceIdr'])}"
    else:
        summary = f"tender {args.tender} failed: no eligible bid"
    flags = [
        bytes(e["code"]).decode("ascii", "replace") for e in result.events_named("RedFlagRaised")
    ]
    if flags:
        summary += f"; red flags {', '.join(flags)}"
    return sent(summary, [result], red_flags=flags)


def cmd_tender_cancel(ctx: Context, args: argparse.Namespace) -> Output:
    """``tender cancel``."""
    result = ctx.client.agency.cancel_tender(args.tender, document_input(args))
    return sent(f"cancelled tender {args.tender}", [result])


def cmd_tender_object(ctx: Context, args: argparse.Namespace) -> Output:
    """``tender object`` (supplier): a sanggah against the award."""
    if args.approve_bond:
        ctx.client.supplier.approve_objection_bond(args.tender)
    result = ctx.client.supplier.object_award(args.tender, document_input(args))
    bond = int(result.event("AwardObjected")["bondIdr"])
    return sent(f"objected to the award of tender {args.tender} (bond {_idr(bond)})", [result])


def cmd_tender_rule(ctx: Context, args: argparse.Namespace) -> Output:
    """``tender rule`` (arbiter): uphold or reject an objection."""
    upheld = args.decision == "uphold"
    result = ctx.client.arbiter.rule_objection(
        args.tender, args.objector, upheld, document_input(args)
    )
    summary = f"{'upheld' if upheld else 'rejected'} the objection of {args.objector}"
    moved = result.events_named("AwardMoved")
    if moved:
        summary += f"; award moved to {moved[0]['next']} at {_idr(moved[0]['priceIdr'])}"
    elif result.events_named("TenderFailed"):
        summary += f"; tender {args.tender} failed: no bidder left"
    return sent(summary, [result])


def cmd_tender_forfeit(ctx: Context, args: argparse.Namespace) -> Output:
    """``tender forfeit`` (anyone): the awardee let its acceptance window pass."""
    result = ctx.client.agency.forfeit_award(args.tender)
    summary = f"the awardee of tender {args.tender} forfeited the award"
    moved = result.events_named("AwardMoved")
    if moved:
        summary += f"; runner-up {moved[0]['next']} at {_idr(moved[0]['priceIdr'])}"
    elif result.events_named("TenderFailed"):
        summary += "; no bidder left: the tender failed"
    return sent(summary, [result])


def cmd_tender_return_bond(ctx: Context, args: argparse.Namespace) -> Output:
    """``tender return-bond`` (anyone): the agency never ordered; the winner's bond goes back."""
    result = ctx.client.agency.return_winner_bond(args.tender)
    return sent(f"returned the winner's bond of tender {args.tender}", [result])


def cmd_bid_commit(ctx: Context, args: argparse.Namespace) -> Output:
    """``bid commit``: optionally approve the bond first; the salt is kept."""
    supplier = ctx.client.supplier
    results = []
    if args.approve_bond:
        results.append(supplier.approve_bond(args.tender))
    result = supplier.commit_bid(
        args.tender, args.price, allow_invalid=args.allow_invalid, replace=args.replace_salt
    )
    results.append(result)
    salt_file = result.extra.get("salt_file")
    summary = (
        f"committed a sealed bid of {_idr(args.price)} in tender {args.tender}; "
        f"price and salt kept in {salt_file} (needed to reveal: back it up)"
    )
    return sent(
        summary,
        results,
        salt_file=salt_file,
        commitment=result.extra.get("commitment"),
    )


def cmd_bid_reveal(ctx: Context, args: argparse.Namespace) -> Output:
    """``bid reveal``: from the salt store, or ``--price`` and ``--salt``."""
    if (args.price is None) != (args.salt is None):
        raise InputError("--price and --salt go together (or neither: read the salt store)")
    result = ctx.client.supplier.reveal_bid(args.tender, args.price, args.salt)
    revealed = result.event("BidRevealed")
    validity = "valid" if revealed["valid"] else "INVALID (zero or above the HPS)"
    summary = f"revealed {_idr(revealed['priceIdr'])} in tender {args.tender}: {validity}"
    return sent(summary, [result], valid=bool(revealed["valid"]))


# ------------------------------------------------------------------------- orders


def cmd_order_from_tender(ctx: Context, args: argparse.Namespace) -> Output:
    """``order create-from-tender``."""
    lines = read_lines(args.lines, ctx.deadline)
    deadline = ctx.deadline(args.delivery_deadline, "delivery deadline")
    agency = ctx.client.agency
    result = agency.create_order_from_tender(
        args.tender, lines, deadline, args.maintenance, ref=args.ref
    )
    return _created_order(ctx, result, args.approve)


def cmd_order_direct(ctx: Context, args: argparse.Namespace) -> Output:
    """``order create-direct``."""
    lines = read_lines(args.lines, ctx.deadline)
    deadline = ctx.deadline(args.delivery_deadline, "delivery deadline")
    result = ctx.client.agency.create_direct_order(
        args.supplier, args.fiscal_year, lines, deadline, args.maintenance, ref=args.ref
    )
    return _created_order(ctx, result, args.approve)


def _created_order(ctx: Context, result: TxResult, approve: bool) -> Output:
    order_id = result.order_id or 0
    ocid = str(result.event("OrderCreated")["ocid"])
    total = int(result.event("OrderCreated")["totalIdr"])
    results = [result]
    summary = f"created order {order_id} ({ocid}) of {_idr(total)}"
    if approve:
        results.append(ctx.client.agency.approve_escrow(order_id))
        summary += "; the escrow is approved for the total"
    else:
        summary += (
            "; approve the escrow before the supplier accepts: "
            f"rantai token approve --order {order_id}"
        )
    return sent(summary, results, order_id=order_id, ocid=ocid, total_idr=total)


def cmd_order_accept(ctx: Context, args: argparse.Namespace) -> Output:
    """``order accept`` (supplier)."""
    result = ctx.client.supplier.accept_order(args.order, document_input(args))
    escrowed = int(result.event("OrderAccepted")["escrowedIdr"])
    return sent(f"accepted order {args.order}: {_idr(escrowed)} in escrow", [result])


def cmd_order_cancel(ctx: Context, args: argparse.Namespace) -> Output:
    """``order cancel``."""
    result = ctx.client.agency.cancel_order(args.order, document_input(args))
    return sent(f"cancelled order {args.order}", [result])


def cmd_confirm_delivery(ctx: Context, args: argparse.Namespace) -> Output:
    """``order confirm-delivery``: received quantities from a file, inline or as shipped."""
    received: list[int] | None = None
    if args.received is not None:
        received = read_quantities(args.received)
    elif args.quantities is not None:
        received = parse_quantity_list(args.quantities, "--quantities")
    result = ctx.client.agency.confirm_delivery(args.shipment, received, document_input(args))
    return sent(_payment_summary(f"confirmed shipment {args.shipment}", result), [result])


def cmd_confirm_milestone(ctx: Context, args: argparse.Namespace) -> Output:
    """``order confirm-milestone``."""
    result = ctx.client.agency.confirm_milestone(args.order, args.line, document_input(args))
    summary = _payment_summary(f"confirmed milestone {args.line} of order {args.order}", result)
    return sent(summary, [result])


def _payment_summary(prefix: str, result: TxResult) -> str:
    paid = result.events_named("PaymentReleased")
    if not paid:
        return prefix
    p = paid[0]
    return (
        f"{prefix}: paid {_idr(p['paidIdr'])}, penalty {_idr(p['penaltyIdr'])}, "
        f"retention held {_idr(p['retentionIdr'])}"
    )


def cmd_order_terminate(ctx: Context, args: argparse.Namespace) -> Output:
    """``order terminate``."""
    result = ctx.client.agency.terminate_order(args.order, document_input(args))
    refunded = int(result.event("OrderTerminated")["refundedIdr"])
    return sent(f"terminated order {args.order}: {_idr(refunded)} refunded", [result])


def cmd_release_retention(ctx: Context, args: argparse.Namespace) -> Output:
    """``order release-retention``."""
    result = ctx.client.agency.release_retention(args.order)
    amount = int(result.event("RetentionReleased")["amountIdr"])
    return sent(f"released {_idr(amount)} of retention of order {args.order}", [result])


# ------------------------------------------------------------------------- disputes


def cmd_dispute_open(ctx: Context, args: argparse.Namespace) -> Output:
    """``dispute open``: as agency or supplier, by ``--as`` or the signer's role."""
    client = ctx.client
    side = args.side
    if side is None:
        roles = client.whoami().roles
        if Role.AGENCY in roles:
            side = "agency"
        elif Role.SUPPLIER in roles:
            side = "supplier"
        else:
            raise NotAuthorized(
                f"{client.address} is neither an agency nor a supplier account",
                client.address or "",
            )
    view = client.agency if side == "agency" else client.supplier
    result = view.open_dispute(args.order, document_input(args))
    return sent(f"opened a dispute on order {args.order} (as {side})", [result])


def cmd_submit_milestone(ctx: Context, args: argparse.Namespace) -> Output:
    """``order submit-milestone`` (supplier)."""
    result = ctx.client.supplier.submit_milestone(args.order, args.line, document_input(args))
    ends = int(result.event("MilestoneSubmitted")["reviewEndsAt"])
    return sent(
        f"submitted milestone {args.line} of order {args.order}: review until {ends}", [result]
    )


def cmd_reject_milestone(ctx: Context, args: argparse.Namespace) -> Output:
    """``order reject-milestone`` (agency)."""
    result = ctx.client.agency.reject_milestone(args.order, args.line, document_input(args))
    return sent(f"rejected milestone {args.line} of order {args.order}: order disputed", [result])


def cmd_claim_milestone(ctx: Context, args: argparse.Namespace) -> Output:
    """``order claim-milestone`` (supplier: deemed acceptance)."""
    result = ctx.client.supplier.claim_deemed_milestone(args.order, args.line)
    summary = _payment_summary(
        f"milestone {args.line} of order {args.order} deemed accepted", result
    )
    return sent(summary, [result])


def cmd_claim_delivery(ctx: Context, args: argparse.Namespace) -> Output:
    """``order claim-delivery`` (supplier: deemed acceptance)."""
    result = ctx.client.supplier.claim_deemed_delivery(args.shipment)
    summary = _payment_summary(f"shipment {args.shipment} deemed accepted", result)
    return sent(summary, [result])


def cmd_dispute_respond(ctx: Context, args: argparse.Namespace) -> Output:
    """``dispute respond``: the party that did not open the dispute answers it."""
    client = ctx.client
    side = args.side
    if side is None:
        roles = client.whoami().roles
        side = "agency" if Role.AGENCY in roles else "supplier"
    view = client.agency if side == "agency" else client.supplier
    result = view.respond_to_dispute(args.order, document_input(args))
    return sent(f"responded to the dispute on order {args.order} (as {side})", [result])


def cmd_dispute_escalate(ctx: Context, args: argparse.Namespace) -> Output:
    """``dispute escalate``."""
    result = ctx.client.supplier.escalate_unconfirmed(args.shipment, document_input(args))
    order_id = int(result.event("DisputeOpened")["orderId"])
    return sent(
        f"escalated unconfirmed shipment {args.shipment}: order {order_id} disputed", [result]
    )


def cmd_dispute_resolve(ctx: Context, args: argparse.Namespace) -> Output:
    """``dispute resolve`` (arbiter)."""
    result = ctx.client.arbiter.resolve_dispute(
        args.order, args.to_supplier, args.to_agency, document_input(args)
    )
    r = result.event("DisputeResolved")
    summary = (
        f"resolved the dispute on order {args.order}: {_idr(r['toSupplierIdr'])} to the "
        f"supplier, {_idr(r['toAgencyIdr'])} to the agency"
    )
    return sent(summary, [result])


# ------------------------------------------------------------------------- shipments


def cmd_shipment_register(ctx: Context, args: argparse.Namespace) -> Output:
    """``shipment register``: quantities and origin from a JSON file."""
    quantities, origin = read_shipment(args.file)
    arrival = ctx.deadline(args.expected_arrival, "expected arrival")
    result = ctx.client.supplier.register_shipment(
        args.order, quantities, args.carrier, arrival, origin, ref=args.ref
    )
    shipment_id = result.shipment_id or 0
    summary = f"registered shipment {shipment_id} of order {args.order}, carrier {args.carrier}"
    return sent(summary, [result], shipment_id=shipment_id)


def cmd_checkpoint(ctx: Context, args: argparse.Namespace) -> Output:
    """``shipment checkpoint``."""
    if (args.lat is None) != (args.lon is None):
        raise InputError("--lat and --lon go together")
    kind = args.kind.replace("-", "_")
    result = ctx.client.carrier.record_checkpoint(
        args.shipment,
        kind,
        args.location,
        occurred_at=ctx.moment(args.at),
        latitude_e6=args.lat or 0,
        longitude_e6=args.lon or 0,
        evidence=document_input(args),
        ref=args.ref,
    )
    summary = f"recorded checkpoint {args.kind} at {args.location} for shipment {args.shipment}"
    if result.events_named("ShipmentArrived"):
        summary += ": the shipment has arrived"
    return sent(summary, [result])


def cmd_nominate(ctx: Context, args: argparse.Namespace) -> Output:
    """``shipment nominate``."""
    result = ctx.client.carrier.nominate_custodian(args.shipment, args.carrier)
    return sent(f"nominated {args.carrier} for shipment {args.shipment}", [result])


def cmd_reassign_custody(ctx: Context, args: argparse.Namespace) -> Output:
    """``shipment reassign`` (the order's supplier, from a stranded custodian)."""
    result = ctx.client.supplier.reassign_custody(args.shipment, args.carrier, document_input(args))
    return sent(f"reassigned shipment {args.shipment} to {args.carrier}", [result])


def cmd_accept_custody(ctx: Context, args: argparse.Namespace) -> Output:
    """``shipment accept-custody``."""
    result = ctx.client.carrier.accept_custody(args.shipment)
    return sent(f"took custody of shipment {args.shipment}", [result])


def _idr(value: Any) -> str:
    return rupiah(int(value))


# ------------------------------------------------------------------------- parser


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add every subcommand to ``sub`` (the top-level subparsers); ``common`` holds globals."""

    def leaf(group: Any, name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = group.add_parser(
            name, help=help_text, description=help_text, parents=[common]
        )
        parser.set_defaults(handler=handler, command_name=f"{_group_name(group)}{name}")
        return parser

    def group_of(name: str, help_text: str) -> Any:
        parser = sub.add_parser(name, help=help_text, description=help_text)
        group = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        group._rantai_name = name + " "  # shown in messages and the JSON document
        return group

    top = sub
    top._rantai_name = ""
    leaf(top, "whoami", cmd_whoami, "the signer's organisation, roles and balance")
    p = leaf(top, "status", cmd_status, "a process: ocid, tender:N, order:N or shipment:N")
    p.add_argument(
        "ref", metavar="REF", help="ocds-…-T<n>, ocds-…-PO<n>, tender:N, order:N, shipment:N"
    )
    leaf(top, "policy", cmd_policy, "the procurement policy")
    p = leaf(top, "budget", cmd_budget, "an agency's budget (pagu) for a fiscal year")
    p.add_argument("org_id", type=ID, metavar="ORG_ID")
    p.add_argument("fiscal_year", type=YEAR, metavar="FISCAL_YEAR")

    g = group_of("governor", "organisations, accounts, roles, policy, pause (GOVERNOR)")
    p = leaf(g, "register-org", cmd_register_org, "register an organisation")
    p.add_argument("org_id", type=ID, metavar="ORG_ID")
    p.add_argument("kind", choices=ORG_KINDS, metavar="KIND", help=", ".join(ORG_KINDS))
    add_document(p, "organisation profile (metadata)")
    p = leaf(g, "update-org", cmd_update_org, "replace an organisation's metadata hash")
    p.add_argument("org_id", type=ID, metavar="ORG_ID")
    add_document(p, "organisation profile (metadata)")
    p = leaf(g, "add-account", cmd_add_account, "make an account act for an organisation")
    p.add_argument("address", type=ADDRESS, metavar="ADDRESS")
    p.add_argument("org_id", type=ID, metavar="ORG_ID")
    p = leaf(g, "remove-account", cmd_remove_account, "remove an account from its organisation")
    p.add_argument("address", type=ADDRESS, metavar="ADDRESS")
    for name, handler, verb in (
        ("grant-role", cmd_grant_role, "grant"),
        ("revoke-role", cmd_revoke_role, "revoke"),
    ):
        p = leaf(g, name, handler, f"{verb} a role")
        p.add_argument("role", choices=ROLES, metavar="ROLE", help=", ".join(ROLES))
        p.add_argument("address", type=ADDRESS, metavar="ADDRESS")
    p = leaf(g, "set-payout-account", cmd_set_payout_account, "where refunds to an org go")
    p.add_argument("org_id", type=ID, metavar="ORG_ID")
    p.add_argument("address", type=ADDRESS, metavar="ADDRESS")
    p = leaf(g, "suspend-org", cmd_suspend_org, "suspend (blacklist) an organisation")
    p.add_argument("org_id", type=ID, metavar="ORG_ID")
    add_document(p, "reason")
    p = leaf(g, "reinstate-org", cmd_reinstate_org, "lift a suspension")
    p.add_argument("org_id", type=ID, metavar="ORG_ID")
    add_document(p, "reason")
    p = leaf(g, "set-policy", cmd_set_policy, "change policy values (one transaction each)")
    for dest, (option, kind, help_text) in POLICY_OPTIONS.items():
        p.add_argument(option, dest=dest, type=kind, help=help_text)
    leaf(g, "pause", cmd_pause, "stop every state change")
    leaf(g, "unpause", cmd_unpause, "resume after a pause")

    g = group_of("treasury", "budget ceilings (TREASURY)")
    p = leaf(g, "allocate-budget", cmd_allocate_budget, "set an agency's budget ceiling (pagu)")
    p.add_argument("--org", type=ID, required=True, metavar="ORG_ID", help="agency organisation")
    p.add_argument("--fiscal-year", type=YEAR, required=True)
    p.add_argument("--ceiling", type=AMOUNT, required=True, help="whole rupiah")

    g = group_of("token", "Rupiah token: mint, approve, balance")
    p = leaf(g, "mint", cmd_mint, "mint rupiah (TREASURY)")
    p.add_argument("to", type=ADDRESS, metavar="ADDRESS")
    p.add_argument("amount", type=AMOUNT, metavar="AMOUNT", help="whole rupiah")
    p = leaf(g, "approve", cmd_approve, "approve the escrow (agency) or a bid bond (supplier)")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--order", type=ID, help="approve the escrow for this order's total")
    target.add_argument("--tender", type=ID, help="approve the bid bond of this tender")
    p.add_argument("--amount", type=AMOUNT, help="with --order: approve this amount instead")
    p = leaf(g, "balance", cmd_balance, "rupiah balance (the signer's by default)")
    p.add_argument("address", type=ADDRESS, nargs="?", metavar="ADDRESS")

    g = group_of("tender", "sealed-bid tenders (AGENCY; finalise: anyone)")
    p = leaf(g, "open", cmd_tender_open, "open a tender")
    p.add_argument("--items", type=FILE, required=True, metavar="FILE", help="items JSON file")
    p.add_argument("--hps", type=AMOUNT, required=True, help="owner's estimate, whole rupiah")
    p.add_argument("--bid-deadline", type=DEADLINE, required=True, help="ISO-8601 or +7d")
    p.add_argument("--reveal-deadline", type=DEADLINE, required=True, help="ISO-8601 or +8d")
    p.add_argument("--fiscal-year", type=YEAR, required=True)
    p.add_argument(
        "--bond",
        type=AMOUNT,
        default=None,
        help="bid bond, whole rupiah (default and minimum: the policy's per mille of the HPS)",
    )
    p.add_argument(
        "--delivery-from",
        type=DEADLINE,
        default=None,
        help="delivery period start: the order's deadline is no earlier (default: reveal)",
    )
    p.add_argument(
        "--delivery-until",
        type=DEADLINE,
        default=None,
        help="delivery period end: the order's deadline is no later (default: reveal + 365d)",
    )
    p.add_argument("--spec-uri", required=True, help="where the specification can be fetched")
    add_document(p, "specification", store=True)
    p = leaf(g, "disqualify", cmd_tender_disqualify, "disqualify a revealed bid")
    p.add_argument("tender", type=ID, metavar="TENDER")
    p.add_argument("bidder", type=ADDRESS, metavar="BIDDER")
    add_document(p, "reason", store=True)
    p = leaf(g, "finalise", cmd_tender_finalise, "award or fail a tender after its reveal deadline")
    p.add_argument("tender", type=ID, metavar="TENDER")
    p = leaf(g, "cancel", cmd_tender_cancel, "cancel an open tender (bonds refunded)")
    p.add_argument("tender", type=ID, metavar="TENDER")
    add_document(p, "reason", store=True)
    p = leaf(g, "object", cmd_tender_object, "object to an award (sanggah; losing SUPPLIER)")
    p.add_argument("tender", type=ID, metavar="TENDER")
    p.add_argument("--approve-bond", action="store_true", help="approve the objection bond first")
    add_document(p, "reason", store=True)
    p = leaf(g, "rule", cmd_tender_rule, "rule on an objection (ARBITER)")
    p.add_argument("tender", type=ID, metavar="TENDER")
    p.add_argument("objector", type=ADDRESS, metavar="OBJECTOR")
    p.add_argument("decision", choices=["uphold", "reject"])
    add_document(p, "ruling", store=True)
    p = leaf(g, "forfeit", cmd_tender_forfeit, "forfeit an award not accepted in time (anyone)")
    p.add_argument("tender", type=ID, metavar="TENDER")
    p = leaf(g, "return-bond", cmd_tender_return_bond, "return an unordered winner's bond")
    p.add_argument("tender", type=ID, metavar="TENDER")

    g = group_of("bid", "sealed bids (SUPPLIER)")
    p = leaf(g, "commit", cmd_bid_commit, "commit a sealed bid (the salt is kept locally)")
    p.add_argument("tender", type=ID, metavar="TENDER")
    p.add_argument("--price", type=AMOUNT, required=True, help="whole rupiah")
    p.add_argument("--approve-bond", action="store_true", help="approve the bid bond first")
    p.add_argument(
        "--allow-invalid", action="store_true", help="commit a price above the HPS anyway"
    )
    p.add_argument(
        "--replace-salt",
        action="store_true",
        help="overwrite a kept salt of this tender (only for a bid never committed: it is lost)",
    )
    _salt_dir(p)
    p = leaf(g, "reveal", cmd_bid_reveal, "reveal a bid with the kept price and salt")
    p.add_argument("tender", type=ID, metavar="TENDER")
    p.add_argument("--price", type=AMOUNT, help="reveal this price (with --salt) instead")
    p.add_argument("--salt", type=HASH, metavar="0x…", help="the salt (with --price)")
    _salt_dir(p)

    g = group_of("order", "purchase orders and escrow")
    p = leaf(g, "create-from-tender", cmd_order_from_tender, "order from an awarded tender")
    p.add_argument("tender", type=ID, metavar="TENDER")
    _order_terms(p)
    p = leaf(g, "create-direct", cmd_order_direct, "direct purchase (up to the policy ceiling)")
    p.add_argument("--supplier", type=ADDRESS, required=True)
    p.add_argument("--fiscal-year", type=YEAR, required=True)
    _order_terms(p)
    p = leaf(g, "accept", cmd_order_accept, "sign an order (SUPPLIER): the total goes into escrow")
    p.add_argument("order", type=ID, metavar="ORDER")
    add_document(p, "signed contract", store=True)
    p = leaf(g, "cancel", cmd_order_cancel, "cancel an order before acceptance")
    p.add_argument("order", type=ID, metavar="ORDER")
    add_document(p, "reason", store=True)
    p = leaf(g, "confirm-delivery", cmd_confirm_delivery, "confirm an arrived shipment and pay")
    p.add_argument("shipment", type=ID, metavar="SHIPMENT")
    received = p.add_mutually_exclusive_group()
    received.add_argument(
        "--received", type=FILE, metavar="FILE", help="received quantities JSON file"
    )
    received.add_argument(
        "--quantities", metavar="Q1,Q2,…", help="received per order line (default: as shipped)"
    )
    add_document(p, "handover record (BAST)", store=True)
    p = leaf(g, "confirm-milestone", cmd_confirm_milestone, "confirm a milestone line and pay")
    p.add_argument("order", type=ID, metavar="ORDER")
    p.add_argument("line", type=COUNT, metavar="LINE", help="line index, from 0")
    add_document(p, "handover record (BAST)", store=True)
    p = leaf(g, "submit-milestone", cmd_submit_milestone, "declare a milestone done (SUPPLIER)")
    p.add_argument("order", type=ID, metavar="ORDER")
    p.add_argument("line", type=COUNT, metavar="LINE", help="line index, from 0")
    add_document(p, "evidence", store=True)
    p = leaf(g, "reject-milestone", cmd_reject_milestone, "reject a submitted milestone: dispute")
    p.add_argument("order", type=ID, metavar="ORDER")
    p.add_argument("line", type=COUNT, metavar="LINE", help="line index, from 0")
    add_document(p, "reason", store=True)
    p = leaf(g, "claim-milestone", cmd_claim_milestone, "deemed acceptance of a milestone")
    p.add_argument("order", type=ID, metavar="ORDER")
    p.add_argument("line", type=COUNT, metavar="LINE", help="line index, from 0")
    p = leaf(g, "claim-delivery", cmd_claim_delivery, "deemed acceptance of a shipment")
    p.add_argument("shipment", type=ID, metavar="SHIPMENT")
    p = leaf(g, "terminate", cmd_order_terminate, "terminate a late order (penalty cap reached)")
    p.add_argument("order", type=ID, metavar="ORDER")
    add_document(p, "reason", store=True)
    p = leaf(g, "release-retention", cmd_release_retention, "pay retention after maintenance")
    p.add_argument("order", type=ID, metavar="ORDER")

    g = group_of("dispute", "disputes (agency, supplier; resolve: ARBITER)")
    p = leaf(g, "open", cmd_dispute_open, "open a dispute on an order")
    p.add_argument("order", type=ID, metavar="ORDER")
    p.add_argument(
        "--as", dest="side", choices=["agency", "supplier"], help="default: from the signer's role"
    )
    add_document(p, "reason", store=True)
    p = leaf(g, "respond", cmd_dispute_respond, "respond to a dispute the other party opened")
    p.add_argument("order", type=ID, metavar="ORDER")
    p.add_argument(
        "--as", dest="side", choices=["agency", "supplier"], help="default: from the signer's role"
    )
    add_document(p, "response", store=True)
    p = leaf(g, "escalate", cmd_dispute_escalate, "dispute a shipment left unconfirmed (SUPPLIER)")
    p.add_argument("shipment", type=ID, metavar="SHIPMENT")
    add_document(p, "reason", store=True)
    p = leaf(g, "resolve", cmd_dispute_resolve, "split what a disputed order holds (ARBITER)")
    p.add_argument("order", type=ID, metavar="ORDER")
    p.add_argument("--to-supplier", type=AMOUNT, required=True, help="whole rupiah")
    p.add_argument("--to-agency", type=AMOUNT, help="default: the rest of what is held")
    add_document(p, "ruling", store=True)

    g = group_of("shipment", "shipments and custody (SUPPLIER registers, CARRIER tracks)")
    p = leaf(g, "register", cmd_shipment_register, "register a shipment of an active order")
    p.add_argument("order", type=ID, metavar="ORDER")
    p.add_argument("--file", type=FILE, required=True, help="quantities and origin JSON file")
    p.add_argument("--carrier", type=ADDRESS, required=True)
    p.add_argument("--expected-arrival", type=DEADLINE, required=True, help="ISO-8601 or +3d")
    p.add_argument(
        "--ref",
        help="reference, unique per supplier organisation: text (a waybill number) or 0x + 64 "
        "hex digits; default: derived from the shipment's content (docs/client.md)",
    )
    p = leaf(g, "checkpoint", cmd_checkpoint, "record a checkpoint (custodian)")
    p.add_argument("shipment", type=ID, metavar="SHIPMENT")
    p.add_argument(
        "--kind", choices=CHECKPOINT_KINDS, required=True, help=", ".join(CHECKPOINT_KINDS)
    )
    p.add_argument("--location", required=True, help="UN/LOCODE (IDTPP) or GLN")
    p.add_argument("--lat", type=DEGREES, help="latitude, decimal degrees")
    p.add_argument("--lon", type=DEGREES, help="longitude, decimal degrees")
    p.add_argument("--at", type=TIME, help="when: ISO-8601, -2h, or now (default)")
    p.add_argument(
        "--ref",
        help="reference, unique per carrier organisation: text (a scan id) or 0x + 64 hex "
        "digits; default: derived from the checkpoint's content (docs/client.md)",
    )
    add_document(p, "evidence", required=False, store=True)
    p = leaf(g, "nominate", cmd_nominate, "nominate the next carrier (custodian)")
    p.add_argument("shipment", type=ID, metavar="SHIPMENT")
    p.add_argument("carrier", type=ADDRESS, metavar="CARRIER")
    p = leaf(g, "accept-custody", cmd_accept_custody, "take custody as the nominee")
    p.add_argument("shipment", type=ID, metavar="SHIPMENT")
    p = leaf(g, "reassign", cmd_reassign_custody, "move custody off a suspended carrier (SUPPLIER)")
    p.add_argument("shipment", type=ID, metavar="SHIPMENT")
    p.add_argument("carrier", type=ADDRESS, metavar="CARRIER")
    add_document(p, "reason", store=True)

    register_documents(sub, common)
    register_audit(sub, common)
    register_interop(sub, common)
    register_portal(sub, common)
    register_bulk(sub, common)


def _group_name(group: Any) -> str:
    return str(getattr(group, "_rantai_name", ""))


def _salt_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--salt-dir",
        type=Path,
        metavar="DIR",
        help="bid salt store (default RANTAI_SALT_DIR or ~/.rantai/salts)",
    )


def _order_terms(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lines", type=FILE, required=True, metavar="FILE", help="lines JSON file")
    parser.add_argument(
        "--delivery-deadline", type=DEADLINE, required=True, help="ISO-8601 or +30d"
    )
    parser.add_argument(
        "--maintenance", type=DURATION, required=True, help="maintenance period, e.g. 90d"
    )
    parser.add_argument(
        "--approve", action="store_true", help="also approve the escrow for the order total"
    )
    parser.add_argument(
        "--ref",
        default=None,
        metavar="REF",
        help="your reference, e.g. the SiRUP/SPSE package code: the chain refuses a second "
        "order of your organisation with it",
    )

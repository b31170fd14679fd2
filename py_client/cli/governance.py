"""``rantai gov``: council proposals through the Safe and the timelock (docs/governance.md).

    rantai gov propose grant-role supplier 0xabc… -o grant.json   # council, via the timelock
    rantai gov propose add-account 0xabc… 23 -o grant.json --append
    rantai gov propose pause -o pause.json                        # emergency guardian, at once
    rantai gov approve grant.json [--on-chain]                    # each council member
    rantai gov queue grant.json                                   # submit: the delay starts
    rantai gov execute grant.json                                 # anyone, after the delay
    rantai gov cancel grant.json -o cancel.json                   # auditor guardian
    rantai gov history

The handlers are thin: the work is done by :mod:`py_client.governance`.
"""

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from py_client.cli.common import sent
from py_client.cli.context import Context, Output
from py_client.cli.groups import leaf
from py_client.governance import Governance, GovernanceError, Proposal, load_governance


def _governance(ctx: Context) -> Governance:
    client = ctx.client  # connects (and checks the deployment file) first
    return Governance(client.w3, load_governance(ctx.settings.deployment or "local"))


def _describe(gov: Governance, proposal: Proposal) -> dict[str, Any]:
    approvers = gov.approvers(proposal)
    return {
        "safe": proposal.safe_name,
        "description": proposal.description,
        "safeTxHash": "0x" + proposal.hash.hex(),
        "nonce": proposal.tx.nonce,
        "calls": [c["summary"] for c in proposal.calls],
        "approvals": approvers,
        "threshold": gov.threshold(proposal),
        "state": gov.state(proposal),
    }


def _summary(doc: dict[str, Any]) -> str:
    lines = [
        f"{doc['safe']} proposal {doc['safeTxHash']} (nonce {doc['nonce']}): {doc['state']}",
        f"  {doc['description']}",
        *(f"  - {c}" for c in doc["calls"]),
        f"  approvals {len(doc['approvals'])} of {doc['threshold']}: "
        + (", ".join(doc["approvals"]) or "none"),
    ]
    return "\n".join(lines)


def cmd_propose(ctx: Context, args: argparse.Namespace) -> Output:
    gov = _governance(ctx)
    out = Path(args.output)
    base = None
    if args.append:
        base = Proposal.load(out)
    elif out.exists():
        raise GovernanceError(f"{out} exists (use --append to add a call to it)")
    proposal = gov.propose(args.action_name, args.args, args.description or "", append_to=base)
    proposal.save(out)
    doc = _describe(gov, proposal)
    return Output({"proposal": doc, "file": str(out)}, f"wrote {out}\n{_summary(doc)}")


def cmd_approve(ctx: Context, args: argparse.Namespace) -> Output:
    gov = _governance(ctx)
    proposal = Proposal.load(args.file)
    account = ctx.client.account
    if account is None:
        raise GovernanceError("approving needs a signer (RANTAI_PRIVATE_KEY or a key file)")
    if args.on_chain:
        if account.address not in gov.owners(proposal):
            raise GovernanceError(
                f"{account.address} is not an owner of the {proposal.safe_name} Safe"
            )
        result = ctx.client.transact(
            gov.safe(proposal.safe_name).functions.approveHash(proposal.hash)
        )
        doc = _describe(gov, proposal)
        return sent(f"approved on chain\n{_summary(doc)}", [result], proposal=doc)
    owner = gov.approve(proposal, account.key.hex())
    proposal.save(args.file)
    doc = _describe(gov, proposal)
    return Output({"proposal": doc, "signer": owner}, f"signed by {owner}\n{_summary(doc)}")


def cmd_queue(ctx: Context, args: argparse.Namespace) -> Output:
    gov = _governance(ctx)
    proposal = Proposal.load(args.file)
    result = ctx.client.transact(gov.exec_transaction(proposal))
    doc = _describe(gov, proposal)
    what = "queued in the timelock" if doc["state"] in ("queued", "ready") else "submitted"
    return sent(f"{what}\n{_summary(doc)}", [result], proposal=doc)


def cmd_execute(ctx: Context, args: argparse.Namespace) -> Output:
    gov = _governance(ctx)
    proposal = Proposal.load(args.file)
    result = ctx.client.transact(gov.execute_call(proposal))
    doc = _describe(gov, proposal)
    return sent(f"executed\n{_summary(doc)}", [result], proposal=doc)


def cmd_cancel(ctx: Context, args: argparse.Namespace) -> Output:
    gov = _governance(ctx)
    queued = Proposal.load(args.file)
    state = gov.state(queued)
    if state not in ("queued", "ready"):
        raise GovernanceError(f"only a queued proposal can be cancelled; this one is {state}")
    out = Path(args.output)
    cancel = Proposal.load(out) if out.exists() else gov.cancel_proposal(queued)
    account = ctx.client.account
    if account is not None and account.address in gov.owners(cancel):
        gov.approve(cancel, account.key.hex())
    cancel.save(out)
    if len(gov.approvers(cancel)) >= gov.threshold(cancel):
        result = ctx.client.transact(gov.exec_transaction(cancel))
        doc = _describe(gov, cancel)
        return sent(f"cancelled\n{_summary(_describe(gov, queued))}", [result], proposal=doc)
    doc = _describe(gov, cancel)
    return Output({"proposal": doc, "file": str(out)}, f"wrote {out}\n{_summary(doc)}")


def cmd_status(ctx: Context, args: argparse.Namespace) -> Output:
    gov = _governance(ctx)
    doc = _describe(gov, Proposal.load(args.file))
    return Output({"proposal": doc}, _summary(doc))


def cmd_history(ctx: Context, args: argparse.Namespace) -> Output:
    gov = _governance(ctx)
    events = gov.history()
    lines = []
    for e in events:
        line = f"block {e['block']}: {e['event']}"
        if "id" in e:
            line += f" {e['id']}"
        if e["event"] == "scheduled":
            ready = datetime.fromtimestamp(e["readyAt"], UTC).isoformat(timespec="minutes")
            line += f" call {e['index']} to {e['target']}, executable from {ready}"
        if "account" in e:
            line += f" by {e['account']}"
        lines.append(line)
    return Output({"events": events}, "\n".join(lines) or "no governance actions yet")


def register_governance(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``gov`` command group to ``sub``; ``common`` holds the global options."""
    parser = sub.add_parser(
        "gov",
        help="council proposals: propose, approve, queue, execute, cancel, history",
        description="council proposals through the council Safe and the timelock",
    )
    group = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    group._rantai_name = "gov "  # shown in messages and the JSON document

    p = leaf(
        common, group, "propose", cmd_propose, "write a proposal file for the council (or pause)"
    )
    p.add_argument(
        "action_name",
        metavar="ACTION",
        help=(
            "grant-role, revoke-role, add-account, register-org, policy, payout-account, "
            "unpause, pause"
        ),
    )
    p.add_argument("args", nargs="*", metavar="ARG")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="proposal file")
    p.add_argument("--append", action="store_true", help="add the call to an unsigned proposal")
    p.add_argument("--description", metavar="TEXT", help="what the proposal is for")
    p = leaf(common, group, "approve", cmd_approve, "sign a proposal as a Safe owner")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--on-chain", action="store_true", help="approveHash on chain instead")
    p = leaf(common, group, "queue", cmd_queue, "submit a proposal with enough signatures")
    p.add_argument("file", type=Path, metavar="FILE")
    p = leaf(common, group, "execute", cmd_execute, "run a queued proposal once its delay is over")
    p.add_argument("file", type=Path, metavar="FILE")
    p = leaf(common, group, "cancel", cmd_cancel, "the auditor guardian cancels a queued proposal")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="cancel proposal file")
    p = leaf(common, group, "status", cmd_status, "a proposal's approvals and state")
    p.add_argument("file", type=Path, metavar="FILE")
    leaf(common, group, "history", cmd_history, "scheduled, executed and cancelled actions, pauses")

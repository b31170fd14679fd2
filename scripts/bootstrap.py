"""`ape run bootstrap --network <net> <participants.yaml>`: organisations, roles, budgets, funds.

Validates the whole file first (one line naming a bad entry, nothing sent), then brings the chain
to it, skipping what is already done (py_client/ops/bootstrap.py). Reads
`deployments/<network>.json` (run `deploy` first). Two accounts sign: the deployer (the
Registry's first GOVERNOR, from the deployment file) for policy, organisations, accounts and
roles, and the first account of the file with the `treasury` role for budgets and funds. On the
local network they are test accounts; elsewhere those two must be `ape accounts` aliases
(`APE_ACCOUNTS_<alias>_PASSPHRASE` for automation). No other address of the file needs a key on
this machine.
"""

import json
import sys
from pathlib import Path

import click
from ape.cli import ConnectedProviderCommand

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from py_client.ops.bootstrap import PlanError, apply, load_plan, save_governance
from scripts._ape import connected_web3, deployment_path, file_option, signer_for


@click.command(cls=ConnectedProviderCommand)
@click.argument("participants", type=click.Path(path_type=Path))
@file_option
def cli(network: object, participants: Path, file_: Path | None) -> None:
    try:
        plan = load_plan(participants)
        path = deployment_path(file_)
        if not path.is_file():
            raise click.ClickException(f"{path} not found: run `ape run deploy` first")
        deployment = json.loads(path.read_text())
        apply(plan, connected_web3(), deployment, signer_for, log=click.echo)
        if save_governance(path, deployment):
            click.echo(f"recorded the council, guardians and timelock in {path}")
    except PlanError as err:
        raise click.ClickException(str(err)) from err

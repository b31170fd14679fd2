"""`ape run deploy --network <net> [--force] [--account ALIAS] [--timelock-delay SEC]`.

Deploys and wires Rantai, the governance timelock and the Safe contracts, and writes
`deployments/<network>.json` (py_client/ops/deploy.py); a second run verifies it and changes
nothing. On the local network the first test account deploys; elsewhere pass `--account` (an
`ape accounts` alias; `APE_ACCOUNTS_<alias>_PASSPHRASE` unlocks it without a prompt): the
well-known development keys are refused on every network but the local one.
"""

import sys
from pathlib import Path

import click
from ape import accounts, chain
from ape.cli import ConnectedProviderCommand

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from py_client.ops.deploy import DEFAULT_TIMELOCK_DELAY, DeployError, deploy
from scripts._ape import connected_web3, deployment_path, file_option, key_of


@click.command(cls=ConnectedProviderCommand)
@click.option("--force", is_flag=True, help="Deploy anew even if the file verifies.")
@click.option("--account", "alias", default=None, help="ape accounts alias of the deployer.")
@file_option
@click.option(
    "--timelock-delay",
    type=click.IntRange(min=0),
    default=DEFAULT_TIMELOCK_DELAY,
    show_default=True,
    help="Policy delay of the governance timelock, in seconds.",
)
def cli(
    network: object, force: bool, alias: str | None, file_: Path | None, timelock_delay: int
) -> None:
    deployer = key_of(accounts.load(alias) if alias else accounts.test_accounts[0])
    try:
        deploy(
            connected_web3(),
            deployer,
            deployment_path(file_),
            chain.provider.network.name,
            force=force,
            log=click.echo,
            timelock_delay=timelock_delay,
        )
    except DeployError as err:
        raise click.ClickException(str(err)) from err

"""`ape run deploy --network <net> [--force] [--account ALIAS] [--timelock-delay SEC]`.

Deploys and wires Rantai, the governance timelock and the Safe contracts, and writes
`deployments/<network>.json`; a second run verifies it and changes nothing. On the local network
the first test account deploys; elsewhere pass `--account` (an `ape accounts` alias;
`APE_ACCOUNTS_<alias>_PASSPHRASE` unlocks it without a prompt): the well-known development keys
are refused on every network but the local one.
"""

import sys
from pathlib import Path

import click
from ape import accounts, chain, project
from ape.cli import ConnectedProviderCommand

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.deploy import DEFAULT_TIMELOCK_DELAY, DeployError, deploy, unlocked


@click.command(cls=ConnectedProviderCommand)
@click.option("--force", is_flag=True, help="Deploy anew even if the file verifies.")
@click.option("--account", "alias", default=None, help="ape accounts alias of the deployer.")
@click.option(
    "--file",
    "file_",
    type=click.Path(path_type=Path),
    default=None,
    help="Deployment file (default deployments/<network>.json).",
)
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
    network_name = chain.provider.network.name
    deployer = unlocked(accounts.load(alias)) if alias else accounts.test_accounts[0]
    path = file_ or Path("deployments") / f"{network_name}.json"
    try:
        deploy(
            project,
            chain,
            deployer,
            path,
            network_name,
            force=force,
            log=click.echo,
            timelock_delay=timelock_delay,
        )
    except DeployError as err:
        raise click.ClickException(str(err)) from err

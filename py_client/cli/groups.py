"""Declaring a command group: :func:`group_of` makes the group, :func:`leaf` each command.

Every command-group module (:mod:`~py_client.cli.tender`, :mod:`~py_client.cli.documents`, …)
registers itself with these two, so command names (``"tender open"``) are built one way for
messages and the JSON document.

Example::

    >>> def register(sub, common):  # doctest: +SKIP
    ...     g = group_of(sub, "hello", "say hello")
    ...     leaf(common, g, "world", cmd_world, "to the world")
"""

import argparse
from collections.abc import Callable
from typing import Any

from py_client.cli.context import Context, Output

Handler = Callable[[Context, argparse.Namespace], Output]
"""A command: the context and the parsed arguments in, what to print out."""


def leaf(
    common: argparse.ArgumentParser, group: Any, name: str, handler: Handler, help_text: str
) -> argparse.ArgumentParser:
    """A command ``name`` of ``group`` (its parser, to add arguments to); ``common``: globals."""
    parser: argparse.ArgumentParser = group.add_parser(
        name, help=help_text, description=help_text, parents=[common]
    )
    parser.set_defaults(handler=handler, command_name=f"{group_name(group)}{name}")
    return parser


def group_of(sub: Any, name: str, help_text: str) -> Any:
    """A command group ``name`` under ``sub`` (the top-level subparsers)."""
    parser = sub.add_parser(name, help=help_text, description=help_text)
    group = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    group._rantai_name = name + " "  # shown in messages and the JSON document
    return group


def group_name(group: Any) -> str:
    """``"tender "`` for the tender group, ``""`` for the top level."""
    return str(getattr(group, "_rantai_name", ""))


__all__ = ["Handler", "group_name", "group_of", "leaf"]

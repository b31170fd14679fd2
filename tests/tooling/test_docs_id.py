"""The Indonesian guides (docs/id/): every image and link they reference exists, every `rantai`
command they show is a real command with real options, and the README links the index.

The images are the portal screenshots that tests/portal/test_portal_browser.py writes into
out/portal/screens/ and that are copied into docs/id/img/.
"""

import argparse
import re
import shlex
from pathlib import Path

import pytest

from py_client.cli.app import build_parser

ROOT = Path(__file__).resolve().parents[2]
GUIDES = ROOT / "docs" / "id"
PAGES = sorted(GUIDES.glob("*.md"))
ROLE_GUIDES = ("ppk.md", "penyedia.md", "pengangkut.md", "auditor.md", "bendahara.md", "dewan.md")
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
SHELL_BLOCK = re.compile(r"```sh\n(.*?)```", re.S)


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def rantai_commands(text: str) -> list[str]:
    """Every `rantai …` command line of the page's sh blocks (continuations joined)."""
    commands = []
    for block in SHELL_BLOCK.findall(text):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.strip()
            if line.startswith("rantai "):
                commands.append(line)
    return commands


def command_problem(line: str) -> str | None:
    """Why `line` is not a valid rantai command (unknown command or option), else None."""
    tokens = shlex.split(line, comments=True)[1:]
    tokens = [t for t in tokens if not t.startswith(("|", ">"))]
    parser: argparse.ArgumentParser = build_parser()
    words = []
    while tokens and not tokens[0].startswith("-") and subcommands(parser):
        word = tokens.pop(0)
        choices = subcommands(parser)
        if word not in choices:
            return f"unknown command {' '.join([*words, word])!r}"
        words.append(word)
        parser = choices[word]
    if subcommands(parser):
        return f"{' '.join(words)!r} needs an action"
    known = set(parser._option_string_actions)
    for token in tokens:
        option = token.split("=", 1)[0]
        if option.startswith("--") and option not in known:
            return f"{' '.join(words)}: unknown option {option}"
    return None


def test_the_index_links_every_role_guide_and_the_training_and_the_readme_links_the_index() -> None:
    index = (GUIDES / "README.md").read_text()
    for name in (*ROLE_GUIDES, "pelatihan.md"):
        assert f"]({name})" in index, name
    assert "](docs/id/README.md)" in (ROOT / "README.md").read_text()


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_image_and_local_link_of_the_guide_exists(page: Path) -> None:
    text = page.read_text()
    targets = [t.split("#", 1)[0] for t in LINK.findall(text)]
    local = [t for t in targets if t and not t.startswith(("http://", "https://", "mailto:"))]
    missing = [t for t in local if not (page.parent / t).exists()]
    assert missing == []


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_rantai_command_of_the_guide_is_a_real_command(page: Path) -> None:
    commands = rantai_commands(page.read_text())
    problems = [(c, command_problem(c)) for c in commands if command_problem(c)]
    assert problems == []


def test_each_role_guide_shows_screenshots_and_commands() -> None:
    for name in ROLE_GUIDES:
        text = (GUIDES / name).read_text()
        images = [t for t in LINK.findall(text) if t.startswith("img/")]
        assert len(images) >= 2, name
        assert len(rantai_commands(text)) >= 3, name


def test_the_command_check_refuses_unknown_commands_and_options() -> None:
    assert command_problem("rantai tender open --hps 1") is None
    assert command_problem("rantai tender launch 1") == "unknown command 'tender launch'"
    assert command_problem("rantai tender open --price 1") == "tender open: unknown option --price"
    assert command_problem("rantai order") == "'order' needs an action"

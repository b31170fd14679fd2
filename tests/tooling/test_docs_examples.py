"""Every shell and Python example in docs/ runs against a fresh anvil with the pilot deployed.

A fenced ``sh``/``bash`` or ``python`` block is run unless an HTML comment right before it says
why it cannot be (``<!-- not-run: needs Besu -->``): Besu, a browser, a long-running server,
another machine's keys. A block without that mark that does not run fails the test; so does a
mark without a reason. Blocks may name their signer: ``<!-- as: agency -->`` runs the block with
that pilot account's key in ``RANTAI_PRIVATE_KEY`` (default: no signer, read-only), and the
state it starts from: ``<!-- given: indexed -->`` (a delivered process, ``rantai audit sync``
run), ``<!-- given: governor-example -->`` (the governor's example policy: 7-day minimum).

Each block starts from the same bootstrapped chain (the chain is restored after each block), in
a fresh folder holding docs/examples/ and placeholder files for the documents the block names
(``spesifikasi.pdf`` …): a document's content is the user's, only its hash goes on chain.

docs/id/ is excluded: the Indonesian guides walk through the training scenario on
``make portal`` with values the trainee reads off the portal; tests/tooling/test_docs_id.py
checks that every command they show is a real command with real options.
"""

import os
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import Pilot, run_program

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
EXCLUDED = {"id": "Indonesian guides: checked command by command by tests/tooling/test_docs_id.py"}
RUNNABLE = {"sh": "sh", "bash": "sh", "shell": "sh", "python": "python", "py": "python"}
FENCE = re.compile(r"^```(\w*)\s*$")
MARK = re.compile(r"^<!--\s*(not-run|as|given):\s*(.*?)\s*-->\s*$")
PLACEHOLDER = re.compile(r"[\w./-]+\.(?:pdf|jpg|jpeg|png|txt|docx)\b")
PRELUDE = """
from datetime import datetime, timedelta, timezone
from pathlib import Path
from py_client import *
from py_client.hashing import document_hash
"""


@dataclass(frozen=True)
class Block:
    """One fenced example."""

    page: str
    line: int
    kind: str  # "sh" | "python"
    code: str
    not_run: str | None
    signer: str | None
    given: str | None = None

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"


def blocks_of(path: Path) -> list[Block]:
    """The runnable-language fenced blocks of a page, with the marks right before each."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    index = 0
    while index < len(lines):
        fence = FENCE.match(lines[index])
        if not fence:
            index += 1
            continue
        end = index + 1
        while end < len(lines) and not lines[end].startswith("```"):
            end += 1
        kind = RUNNABLE.get(fence.group(1).lower())
        if kind is not None:
            marks: dict[str, str] = {}
            back = index - 1
            while back >= 0 and (mark := MARK.match(lines[back].strip())):
                marks[mark.group(1)] = mark.group(2)
                back -= 1
            found.append(
                Block(
                    str(path.relative_to(DOCS)),
                    index + 1,
                    kind,
                    "\n".join(lines[index + 1 : end]) + "\n",
                    marks.get("not-run"),
                    marks.get("as"),
                    marks.get("given"),
                )
            )
        index = end + 1
    return found


def pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if p.relative_to(DOCS).parts[0] not in EXCLUDED)


ALL_BLOCKS = [b for page in pages() for b in blocks_of(page)]
TO_RUN = [b for b in ALL_BLOCKS if b.not_run is None]


def test_every_block_is_run_or_says_why_not() -> None:
    assert ALL_BLOCKS, "no examples found: the collector is broken"
    for block in ALL_BLOCKS:
        if block.not_run is not None:
            assert len(block.not_run) >= 10, f"{block.id}: a not-run mark needs a reason"
    assert len(TO_RUN) >= 10  # the docs keep most of their examples runnable


def test_the_collector_sees_marks_and_languages(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "<!-- not-run: needs a Besu node -->\n```sh\nbesu\n```\n\n"
        "<!-- as: agency -->\n```python\nx = 1\n```\n```json\n{}\n```\n"
    )
    found = [
        Block("page.md", b.line, b.kind, b.code, b.not_run, b.signer) for b in _blocks_in(page)
    ]
    assert [(b.kind, b.not_run, b.signer) for b in found] == [
        ("sh", "needs a Besu node", None),
        ("python", None, "agency"),
    ]


def _blocks_in(path: Path) -> list[Block]:
    global DOCS
    saved, DOCS = DOCS, path.parent
    try:
        return blocks_of(path)
    finally:
        DOCS = saved


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """The examples' files where the docs say they are: in the folder and under docs/examples."""
    shutil.copytree(DOCS / "examples", tmp_path, dirs_exist_ok=True)
    shutil.copytree(DOCS / "examples", tmp_path / "docs" / "examples")
    shutil.copy(ROOT / "network" / "pilot" / "participants.yaml", tmp_path)
    return tmp_path


def _given(name: str, pilot: Pilot, run: Callable[[str], None]) -> None:
    """The state a block starts from, when it is not the freshly bootstrapped pilot."""
    if name == "indexed":  # a delivered tender process and a direct order, indexed
        pilot.delivered_order()
        run("rantai audit sync")
    elif name == "governor-example":  # the governor's example ran: minimum tender period 7d
        pilot.governor.governor.set_policy(min_tender_period=timedelta(days=7))
    else:
        raise AssertionError(f"unknown 'given: {name}'")


def _placeholders(block: Block, folder: Path) -> None:
    for name in PLACEHOLDER.findall(block.code):
        target = folder / name
        if not target.exists() and not name.startswith(("docs/", "/")):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(f"placeholder document {name}\n".encode())


@pytest.mark.parametrize("block", TO_RUN, ids=[b.id for b in TO_RUN])
def test_the_example_runs(
    block: Block,
    pilot: Pilot,
    workdir: Path,
    chain: Any,
    private_key: Callable[[Any], str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if block.signer is not None:
        monkeypatch.setenv("RANTAI_PRIVATE_KEY", private_key(pilot.accounts[block.signer]))
    else:
        monkeypatch.delenv("RANTAI_PRIVATE_KEY", raising=False)
    monkeypatch.setenv("RANTAI_GAS_MODE", "free")
    monkeypatch.setenv("HOME", str(workdir))  # ~/.rantai/… of the examples stays in the folder
    monkeypatch.setenv("RANTAI_ENCRYPTION_KEY_PASSWORD", "docs-example-password")
    monkeypatch.setenv("RANTAI_DOCUMENT_STORE", str(workdir / "documents"))
    monkeypatch.chdir(workdir)
    _placeholders(block, workdir)

    def run(code: str) -> None:
        env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}")
        done = run_program(
            ["bash", "-euo", "pipefail", "-c", code], cwd=workdir, env=env, timeout_s=300
        )
        assert done.returncode == 0, f"{block.id}\n{code}\n{done.stdout}\n{done.stderr}"

    if block.given is not None:
        _given(block.given, pilot, run)
    if block.kind == "sh":
        run(block.code)
    else:
        namespace: dict[str, Any] = {"__name__": "docs_example"}
        exec(compile(PRELUDE + block.code, block.id, "exec"), namespace)  # noqa: S102

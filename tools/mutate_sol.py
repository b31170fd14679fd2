"""A small Solidity mutator: one-token changes to comparisons, arithmetic and revert paths.

No Solidity mutation tool installs from npm or PyPI for this toolchain, so this script makes the
mutants `make mutate` runs (tools/mutation.py). It works line by line on the source text, outside
comments, string literals, `pragma`/`import` lines and NatSpec, with these operators:

- `cmp`: a comparison to its boundary neighbour or its opposite: `<` -> `<=`, `<=` -> `<`,
  `>` -> `>=`, `>=` -> `>`, `==` -> `!=`, `!=` -> `==`;
- `arith`: `+` <-> `-`, `*` -> `/`, `/` -> `*`, `%` -> `*` (not `++`, `+=`, `**`);
- `revert`: a guarded revert never fires: `if (cond) revert E(...)` -> `if (false) revert ...`;
  a `require(cond, ...)` -> `require(true, ...)`;
- `guard`: the guard of a revert inverted: `if (cond) revert` -> `if (!(cond)) revert`.

Each mutant changes one place of one file; the whole file with the change is returned so the
caller can write it, compile it and run the tests.

Usage (lists the mutants of a file): python tools/mutate_sol.py contracts/Tendering.sol
"""

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SolMutant:
    line: int  # 1-based
    column: int  # 0-based, in the original line
    operator: str
    original_line: str
    mutated_line: str
    source: str


_COMPARISONS = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "=="}
_ARITHMETIC = {"+": "-", "-": "+", "*": "/", "/": "*", "%": "*"}
# A comparison or arithmetic token with the characters around it that rule out other tokens
# (`<<`, `=>`, `++`, `+=`, `**`, `->`, `//`).
_TOKEN = re.compile(r"(?<![<>=!+\-*/%&|^])(<=|>=|==|!=|<|>|\+|-|\*|/|%)(?![<>=+\-*/%&|^])")
_IF_REVERT = re.compile(r"\bif\s*\((?P<cond>.*)\)\s*revert\b")
_REQUIRE = re.compile(r"\brequire\s*\(")


def _code_part(line: str) -> str:
    """The line with string literals blanked and a trailing `//` comment removed."""
    out = []
    quote = ""
    i = 0
    while i < len(line):
        ch = line[i]
        if quote:
            out.append(" ")
            if ch == "\\":
                out.append(" ")
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
            out.append(" ")
        elif line.startswith("//", i):
            break
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def _balanced_condition(text: str, start: int) -> int | None:
    """Index of the `)` closing the `(` at `start`."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return None


def _line_mutations(line: str) -> Iterator[tuple[int, str, str]]:
    """(column, operator, mutated line) for one source line."""
    code = _code_part(line)
    stripped = code.strip()
    if not stripped or stripped.startswith(("pragma", "import", "*", "/*")):
        return
    # Generic types and mappings use `<`/`>`/`=>` only in forms the token regex excludes or that
    # do not occur in Solidity; `-` of negative literals is mutated like any other.
    for match in _TOKEN.finditer(code):
        token = match.group(1)
        start = match.start(1)
        table = _COMPARISONS if token in _COMPARISONS else _ARITHMETIC
        if token == "-" and code[start + 1 : start + 2] == ">":  # noqa: S105 (not a password)
            continue
        replacement = table[token]
        kind = "cmp" if token in _COMPARISONS else "arith"
        yield start, kind, line[:start] + replacement + line[start + len(token) :]
    found = _IF_REVERT.search(code)
    if found:
        open_paren = code.index("(", found.start())
        close = _balanced_condition(code, open_paren)
        if close is not None:
            cond = line[open_paren + 1 : close]
            yield (
                open_paren,
                "revert",
                line[: open_paren + 1] + "false" + line[close:],
            )
            yield open_paren, "guard", line[: open_paren + 1] + f"!({cond})" + line[close:]
    for req in _REQUIRE.finditer(code):
        open_paren = code.index("(", req.start())
        close = _balanced_condition(code, open_paren)
        comma = code.find(",", open_paren)
        end = comma if comma != -1 and (close is None or comma < close) else close
        if end is not None:
            yield open_paren, "revert", line[: open_paren + 1] + "true" + line[end:]


def mutants(source: str) -> list[SolMutant]:
    """Every mutant of one Solidity file (comments and NatSpec blocks skipped)."""
    lines = source.split("\n")
    found: list[SolMutant] = []
    in_block_comment = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if in_block_comment:
            if "*/" in stripped:
                in_block_comment = False
            continue
        if stripped.startswith("/*"):
            in_block_comment = "*/" not in stripped
            continue
        for column, operator, mutated in _line_mutations(line):
            changed = [*lines[:index], mutated, *lines[index + 1 :]]
            found.append(SolMutant(index + 1, column, operator, line, mutated, "\n".join(changed)))
    return found


def main(argv: list[str]) -> int:
    for name in argv:
        for m in mutants(Path(name).read_text()):
            print(f"{name}:{m.line}:{m.column} {m.operator:6} {m.mutated_line.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

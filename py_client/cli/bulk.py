"""``rantai bulk <operation> FILE``: many transactions from a CSV or JSON file, exactly once.

The command validates the whole file, then sends it through :func:`py_client.bulk.run_bulk`
with a progress bar on stderr (rate and ETA), prints the summary and writes the report file.
Exit status: 0 when every row is done or skipped; 2 when rows are invalid and nothing was sent
(or, with ``--check``, when any row is invalid); 1 when rows failed, were refused or remain in
doubt (run the same command again to resume). The formats are in ``docs/bulk.md``.
"""

import argparse
import sys
import time
from pathlib import Path
from typing import IO, Any

from eth_account import Account
from eth_account.signers.local import LocalAccount

from py_client.cli.argtypes import at_least_one
from py_client.cli.context import Context, Output
from py_client.formatting import printable
from py_client.inputs import InputError, existing_file

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
BAR_WIDTH = 30


def register_bulk(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``bulk`` and one subcommand per operation to ``sub`` (the top-level subparsers)."""
    from py_client.bulk.operations import OPERATIONS

    text = "many tenders, orders, acceptances, shipments, checkpoints or confirmations from a file"
    parser = sub.add_parser(
        "bulk", help=text, description=text + " (docs/bulk.md)", epilog=_epilog(OPERATIONS)
    )
    group = parser.add_subparsers(dest="action", metavar="OPERATION", required=True)
    group._rantai_name = "bulk "
    for name, operation in OPERATIONS.items():
        p = group.add_parser(
            name,
            help=operation.title,
            description=f"{operation.title}: {operation.__doc__}",
            epilog="columns: " + ", ".join(sorted(operation.columns)) + " (see docs/bulk.md)",
            parents=[common],
        )
        p.set_defaults(handler=cmd_bulk, command_name=f"bulk {name}", operation=name)
        p.add_argument("file", type=_file, metavar="FILE", help="CSV (, ; or tab) or .json")
        p.add_argument("--journal", type=Path, metavar="FILE", help="default: FILE.journal")
        p.add_argument(
            "--check", action="store_true", help="validate every row and report; send nothing"
        )
        p.add_argument(
            "--skip-invalid", action="store_true", help="send the valid rows, skip invalid ones"
        )
        add_send_options(p)


def add_send_options(p: argparse.ArgumentParser) -> None:
    """The options of a bulk run shared by ``bulk`` and ``import``: report file, retries,
    pipeline sizes, signer keys, progress bar."""
    from py_client.bulk.pipeline import DEFAULT_BATCH_SIZE, DEFAULT_MAX_IN_FLIGHT

    p.add_argument("--report", type=Path, metavar="FILE", help="default: FILE.report.json")
    p.add_argument(
        "--retry-failed", action="store_true", help="send again rows that reverted before"
    )
    p.add_argument(
        "--max-in-flight",
        type=at_least_one,
        default=DEFAULT_MAX_IN_FLIGHT,
        metavar="N",
        help=f"unmined transactions per signer (default {DEFAULT_MAX_IN_FLIGHT})",
    )
    p.add_argument(
        "--batch-size",
        type=at_least_one,
        default=DEFAULT_BATCH_SIZE,
        metavar="N",
        help=f"transactions per JSON-RPC batch (default {DEFAULT_BATCH_SIZE})",
    )
    p.add_argument(
        "--keys",
        type=_file,
        metavar="FILE",
        help="signer private keys, one per line (instead of the configured signer)",
    )
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: when stderr is a terminal)",
    )


def send_options(args: argparse.Namespace, **fields: Any) -> tuple[Any, "ProgressBar | None"]:
    """The :class:`~py_client.bulk.BulkOptions` of :func:`add_send_options`' arguments (plus
    ``fields``) and the progress bar to close after the run, if one is shown."""
    from py_client.bulk import BulkOptions

    show = args.progress if args.progress is not None else sys.stderr.isatty()
    bar = ProgressBar(sys.stderr) if show else None
    options = BulkOptions(
        journal=args.journal,
        report=args.report,
        retry_failed=args.retry_failed,
        max_in_flight=args.max_in_flight,
        batch_size=args.batch_size,
        signers=read_keys(args.keys) if args.keys else (),
        progress=bar.update if bar else None,
        **fields,
    )
    return options, bar


def exit_status(report: Any, file: Path, unit: str = "row") -> tuple[int, str]:
    """The exit code of a finished bulk run and its error message (empty when all is done)."""
    counts = report.counts
    if counts["invalid"] and (report.invalid_blocking or report.checked_only):
        return EXIT_BAD_INPUT, f"{counts['invalid']} invalid {unit}(s) in {file}; nothing was sent"
    if report.complete or report.checked_only:
        return EXIT_OK, ""
    message = f"{len(report.problems())} {unit}(s) not done; see {report.report_file}"
    if report.stopped or counts["in_doubt"] or counts["refused"] or counts["pending"]:
        message += " (run the same command again to resume)"
    return EXIT_FAILED, message


def cmd_bulk(ctx: Context, args: argparse.Namespace) -> Output:
    """Run one bulk operation over a file and report."""
    from py_client.bulk import run_bulk

    options, bar = send_options(args, skip_invalid=args.skip_invalid, check_only=args.check)
    try:
        report = run_bulk(ctx.client, args.operation, args.file, options)
    finally:
        if bar is not None:
            bar.close()
    code, message = exit_status(report, args.file)
    if message:
        print(f"error: {printable(message)}", file=sys.stderr)
    return Output(report.to_dict() | {"report_file": report.report_file}, report.summary(), code)


def read_keys(path: Path) -> list[LocalAccount]:
    """Signing keys from a file: one hex private key per line; ``#`` starts a comment.

    Raises:
        InputError: A line is not a private key, or the file has none.
    """
    accounts: list[LocalAccount] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        key = line.split("#", 1)[0].strip()
        if not key:
            continue
        try:
            account: LocalAccount = Account.from_key(key)
        except (ValueError, TypeError):
            raise InputError(f"{path}: line {number} is not a private key") from None
        accounts.append(account)
    if not accounts:
        raise InputError(f"{path} holds no private key")
    return accounts


class ProgressBar:
    """A one-line progress bar with rate and ETA (redrawn in place on a terminal)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.inline = stream.isatty()
        self.last_line = 0.0
        self.drawn = False

    def update(self, progress: Any) -> None:
        """Draw ``progress`` (a :class:`py_client.bulk.Progress`)."""
        now = time.monotonic()
        if not self.inline and now - self.last_line < 1.0 and progress.mined < progress.total:
            return
        self.last_line = now
        share = progress.mined / progress.total if progress.total else 1.0
        filled = int(share * BAR_WIDTH)
        eta = progress.eta_s
        line = (
            f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {progress.mined}/{progress.total} "
            f"{progress.rate:,.0f}/s ETA {'-' if eta is None else f'{eta:.0f}s'}"
            + (f" failed {progress.failed}" if progress.failed else "")
        )
        self.stream.write(("\r" + line) if self.inline else line + "\n")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        """End the bar's line."""
        if self.drawn and self.inline:
            self.stream.write("\n")
            self.stream.flush()


def _file(text: str) -> Path:
    try:
        return existing_file(text)
    except InputError as err:
        raise argparse.ArgumentTypeError(str(err)) from err


def _epilog(operations: dict[str, Any]) -> str:
    names = ", ".join(operations)
    return (
        f"operations: {names}. The whole file is checked before anything is sent; a journal "
        "(FILE.journal) makes a killed run resume without duplicates; FILE.report.json "
        "holds the outcome of every row."
    )


__all__ = [
    "ProgressBar",
    "add_send_options",
    "cmd_bulk",
    "exit_status",
    "read_keys",
    "register_bulk",
    "send_options",
]

"""``rantai audit report``, ``rantai export ocds|epcis|payments|cardinal``, ``rantai import …``.

The report and the exports read the audit database (``--db``, default ``RANTAI_AUDIT_DB`` or
``rantai-audit.sqlite``) that ``rantai audit sync`` filled, and write one file (``-o``; for
``cardinal`` a folder), readable by everyone (mode 0644: open data); they need no node and no
signer. The OCDS publisher, licence, publication policy and Rantai extension URL come from the
options, else the settings ``RANTAI_OCDS_PUBLISHER_NAME``, ``…_SCHEME``, ``…_UID``, ``…_URI``,
``RANTAI_OCDS_LICENSE``, ``RANTAI_OCDS_PUBLICATION_POLICY`` and ``RANTAI_OCDS_EXTENSION_URL``
(environment, then ``.env``); EPCIS's GS1 company prefix from ``--company-prefix`` or
``RANTAI_GS1_COMPANY_PREFIX``. The imports read a CSV file, check it whole, check it against the
chain, then send it as the signing agency through the bulk engine (journal, pipelined batches,
exactly once across a kill; the exit codes of ``rantai bulk``).
"""

import argparse
import io
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from py_client.audit.report import gather, render_html
from py_client.cli.audit import (
    database_target,
    db_option,
    flag_options,
    setting,
    threshold_option,
)
from py_client.cli.bulk import add_send_options, exit_status, send_options
from py_client.cli.context import Context, Output
from py_client.cli.groups import leaf
from py_client.cli.output import render_record, render_table
from py_client.files import write_atomic
from py_client.formatting import printable
from py_client.inputs import InputError, InputFileError, existing_file, load_json
from py_client.interop import cardinal, epcis, ocds, payments
from py_client.interop.index import open_index
from py_client.names import load_names

if TYPE_CHECKING:
    from py_client.interop import spse


def output_file(text: str) -> Path:
    """An ``-o`` path whose folder exists."""
    path = Path(text).expanduser()
    if not path.parent.is_dir():
        raise argparse.ArgumentTypeError(f"folder of the output file not found: {path.parent}")
    return path


def output_folder(text: str) -> Path:
    """An existing folder to write into."""
    path = Path(text).expanduser()
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"output folder not found: {path}")
    return path


def input_file(text: str) -> Path:
    """A path that names a readable file."""
    try:
        return existing_file(text, "input file")
    except InputError as err:
        raise argparse.ArgumentTypeError(str(err)) from err


OPEN_DATA_MODE = 0o644  # exports are open data: readable by everyone


def _write(path: Path, text: str) -> int:
    """Write ``text`` to ``path`` atomically (a reader never sees half a file), mode 0644; its
    size."""
    data = text.encode()
    write_atomic(path, data, OPEN_DATA_MODE, make_parents=False)
    return len(data)


def _names(path: Path | None) -> dict[int, str]:
    return {} if path is None else load_names(path)


def _gtins(path: Path | None) -> dict[str, str]:
    if path is None:
        return {}
    data = load_json(path, "GTIN file")
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise InputFileError(f"GTIN file {path} must map item hashes (0x...) to GTINs")
    for item, gtin in data.items():
        if not epcis.gtin_valid(gtin):
            raise InputFileError(f"GTIN file {path}: {gtin!r} of item {item} is not a valid GTIN")
    return data


def _written(path: Path, size: int, counts: dict[str, Any]) -> Output:
    document = {"file": str(path), "bytes": size, **counts}
    return Output(document, render_record(document))


# --------------------------------------------------------------------------- handlers


def cmd_report(ctx: Context, args: argparse.Namespace) -> Output:
    """``audit report``: the self-contained HTML report."""
    names = _names(args.names)
    with open_index(database_target(args)) as db:
        data = gather(db)
    size = _write(args.output, render_html(data, names))
    return _written(args.output, size, {k: data.totals[k] for k in ("processes", "flags")})


def publisher_of(args: argparse.Namespace) -> ocds.Publisher:
    """The OCDS publisher from the options and settings (see the module docstring)."""
    default = ocds.Publisher()
    return ocds.Publisher(
        name=setting(args, "publisher", "RANTAI_OCDS_PUBLISHER_NAME") or default.name,
        scheme=setting(args, "publisher_scheme", "RANTAI_OCDS_PUBLISHER_SCHEME"),
        uid=setting(args, "publisher_uid", "RANTAI_OCDS_PUBLISHER_UID"),
        uri=setting(args, "publisher_uri", "RANTAI_OCDS_PUBLISHER_URI"),
        licence=setting(args, "license", "RANTAI_OCDS_LICENSE") or default.licence,
        publication_policy=setting(args, "publication_policy", "RANTAI_OCDS_PUBLICATION_POLICY"),
        rantai_extension_url=setting(args, "extension_url", "RANTAI_OCDS_EXTENSION_URL")
        or default.rantai_extension_url,
    )


def cmd_export_ocds(ctx: Context, args: argparse.Namespace) -> Output:
    """``export ocds``: an OCDS release package (or record package with ``--records``)."""
    publisher = publisher_of(args)
    with open_index(database_target(args)) as db:
        build = ocds.record_package if args.records else ocds.release_package
        package = build(db, args.ocid or None, publisher=publisher, uri=args.uri)
    size = _write(args.output, json.dumps(package, indent=2, ensure_ascii=False) + "\n")
    key = "records" if args.records else "releases"
    processes = len({r["ocid"] for r in package[key]})
    return _written(args.output, size, {key: len(package[key]), "processes": processes})


def cmd_export_epcis(ctx: Context, args: argparse.Namespace) -> Output:
    """``export epcis``: an EPCIS 2.0 document of shipment events."""
    gtins = _gtins(args.gtins)
    prefix = setting(args, "company_prefix", "RANTAI_GS1_COMPANY_PREFIX")
    with open_index(database_target(args)) as db:
        document = epcis.epcis_document(db, gtins, company_prefix=prefix)
    size = _write(args.output, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return _written(args.output, size, {"events": len(document["epcisBody"]["eventList"])})


def cmd_export_payments(ctx: Context, args: argparse.Namespace) -> Output:
    """``export payments``: one CSV row per on-chain payment."""
    with open_index(database_target(args)) as db:
        rows = payments.payment_rows(db)
    buffer = io.StringIO()
    payments.write_payments_csv(rows, buffer)
    size = _write(args.output, buffer.getvalue())
    paid = sum(r["paid_idr"] for r in rows)
    return _written(args.output, size, {"payments": len(rows), "paid_idr": paid})


def cmd_export_cardinal(ctx: Context, args: argparse.Namespace) -> Output:
    """``export cardinal``: the inputs of OCP's Cardinal (compiled releases, settings.ini)."""
    options = flag_options(args)
    with open_index(database_target(args)) as db:
        lines = cardinal.compiled_lines(db)
    folder: Path = args.output
    size = _write(folder / cardinal.COMPILED_FILE, lines)
    size += _write(folder / cardinal.SETTINGS_FILE, cardinal.settings_ini(options))
    document = {
        "folder": str(folder),
        "bytes": size,
        "processes": lines.count("\n"),
        "command": cardinal.command(folder),
    }
    return Output(document, render_record(document))


def _import_output(kind: str, args: argparse.Namespace, report: "spse.ImportReport") -> Output:
    code, message = exit_status(report.bulk, args.csv, "package")
    if message:
        print(f"error: {printable(message)}", file=sys.stderr)
    document = {
        "file": str(args.csv),
        "journal": report.bulk.journal,
        "report_file": report.bulk.report_file,
        "complete": report.bulk.complete,
        "created": report.created,
        "skipped": report.skipped,
        "sent": report.bulk.sent,
        "results": report.results,
    }
    table = render_table(report.results) if report.results else "nothing to send"
    text = (
        f"{kind}: {report.created} created, {report.skipped} done before "
        f"(journal {report.bulk.journal})\n{table}"
    )
    return Output(document, text, code)


def _run_import(ctx: Context, args: argparse.Namespace, kind: str) -> Output:
    from py_client.interop import spse  # imports the bulk engine, which imports the CLI's inputs

    load, run = (
        (spse.load_tenders, spse.import_tenders)
        if kind == "tenders"
        else (spse.load_orders, spse.import_orders)
    )
    if args.check_only:
        plans = load(args.csv)
        return Output(
            {"file": str(args.csv), "packages": len(plans), "checked": "file"},
            f"{args.csv}: {len(plans)} {kind[:-1]} packages, file checked (nothing sent)",
        )
    options, bar = send_options(args)
    try:
        report = run(ctx.client, args.csv, options)
    finally:
        if bar is not None:
            bar.close()
    return _import_output(kind, args, report)


def cmd_import_tenders(ctx: Context, args: argparse.Namespace) -> Output:
    """``import tenders``: open the tenders of an SPSE-shaped CSV (bulk engine)."""
    return _run_import(ctx, args, "tenders")


def cmd_import_orders(ctx: Context, args: argparse.Namespace) -> Output:
    """``import orders``: create the orders of a SiRUP/e-Purchasing-shaped CSV (bulk engine)."""
    return _run_import(ctx, args, "orders")


# --------------------------------------------------------------------------- registration


def _group(sub: Any, name: str, help_text: str) -> Any:
    """The subcommands of group ``name``, created unless another module already did."""
    parser = sub.choices.get(name)
    if parser is None:
        parser = sub.add_parser(name, help=help_text, description=help_text)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    group = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    group._rantai_name = name + " "
    return group


def _db_option(
    parser: argparse.ArgumentParser,
    output: Any = output_file,
    metavar: str = "FILE",
    what: str = "file to write",
) -> None:
    """``--db`` and where the export goes (``-o``: a file, else as given)."""
    db_option(parser)
    parser.add_argument("-o", "--output", type=output, required=True, metavar=metavar, help=what)


def register_interop(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``audit report``, ``export …`` and ``import …`` to the top-level subparsers."""
    audit = _group(sub, "audit", "the auditor toolkit: index chain events, query, report")
    p = leaf(common, audit, "report", cmd_report, "write the self-contained HTML audit report")
    _db_option(p)
    p.add_argument(
        "--names",
        type=input_file,
        metavar="FILE",
        help="organisation names: the participants YAML/JSON, or a map of id to name",
    )

    _register_exports(sub, common)
    _register_imports(sub, common)


def _register_exports(sub: Any, common: argparse.ArgumentParser) -> None:
    export = _group(sub, "export", "standard exports of the audit index (no node needed)")
    p = leaf(common, export, "ocds", cmd_export_ocds, "OCDS 1.1 release or record package")
    _db_option(p)
    p.add_argument("--ocid", action="append", metavar="OCID", help="only this process (repeatable)")
    p.add_argument("--records", action="store_true", help="a record package per ocid")
    p.add_argument("--publisher", help=f"publisher name (default {ocds.DEFAULT_PUBLISHER!r})")
    p.add_argument("--publisher-scheme", help="org-id.guide scheme of the publisher's id")
    p.add_argument("--publisher-uid", help="the publisher's id in that scheme")
    p.add_argument("--publisher-uri", help="the publisher's web page")
    p.add_argument("--license", help=f"licence URL (default {ocds.DEFAULT_LICENCE})")
    p.add_argument("--publication-policy", help="publication policy URL")
    p.add_argument("--extension-url", help="published URL of the Rantai extension.json")
    p.add_argument("--uri", help="the package URI (default: a urn:rantai: name)")
    p = leaf(common, export, "epcis", cmd_export_epcis, "EPCIS 2.0 document of shipments")
    _db_option(p)
    p.add_argument(
        "--gtins", type=input_file, metavar="FILE", help="JSON: item hash -> GTIN (Digital Link)"
    )
    p.add_argument(
        "--company-prefix",
        metavar="DIGITS",
        help="GS1 company prefix of the SSCCs (default RANTAI_GS1_COMPANY_PREFIX, else none)",
    )
    _register_cardinal(export, common)
    p = leaf(common, export, "payments", cmd_export_payments, "CSV of on-chain payments (treasury)")
    _db_option(p)


def _register_cardinal(export: Any, common: argparse.ArgumentParser) -> None:
    p = leaf(
        common,
        export,
        "cardinal",
        cmd_export_cardinal,
        "inputs of OCP's Cardinal red-flag tool (compiled releases + settings.ini)",
    )
    _db_option(p, output_folder, "FOLDER", "folder")
    threshold_option(p, "--gap-pct", "R058's threshold, as 'audit flags --gap-pct'")
    threshold_option(
        p, "--serial-losses", "noted in settings.ini for R025, as 'audit flags --serial-losses'"
    )


def _register_imports(sub: Any, common: argparse.ArgumentParser) -> None:
    imports = _group(sub, "import", "tenders and orders from SPSE/SiRUP-shaped CSV (AGENCY)")
    for name, handler, what in (
        ("tenders", cmd_import_tenders, "open the tenders of a CSV file"),
        ("orders", cmd_import_orders, "create the orders of a CSV file"),
    ):
        p = leaf(common, imports, name, handler, what)
        p.add_argument("csv", type=input_file, metavar="CSV")
        p.add_argument(
            "--journal", type=Path, metavar="FILE", help="bulk journal (default <CSV>.journal)"
        )
        p.add_argument("--check-only", action="store_true", help="check the file, send nothing")
        add_send_options(p)

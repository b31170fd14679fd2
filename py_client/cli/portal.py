"""``rantai portal``: serve the web portal (public pages and the participant console).

The command reads the usual settings (``RANTAI_RPC_URL``, ``RANTAI_DEPLOYMENT``...), syncs the
audit index (``--db``), and serves on ``--host``/``--port`` until interrupted. Any signer in the
settings is ignored: participants sign in the browser with their own wallets.

Example::

    rantai portal --port 8000 --db rantai-audit.sqlite --names network/pilot/participants.yaml
"""

import argparse
import os
from typing import Any

from py_client.cli.argtypes import at_least_one
from py_client.cli.context import Context, Output
from py_client.inputs import InputError

DEFAULT_PORT = 8000


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 1 to 65535: {text!r}")
    return int(text)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"seconds must be a number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"seconds must not be negative: {text!r}")
    return value


def cmd_portal(ctx: Context, args: argparse.Namespace) -> Output:
    """Serve the portal until interrupted."""
    try:
        from py_client.portal import PortalConfig, load_names, serve
    except ImportError as err:
        raise InputError(
            f"the portal needs its extra packages: pip install '.[portal]' ({err.name} missing)"
        ) from err
    config = PortalConfig(
        settings=ctx.settings,
        database=args.db or os.environ.get("RANTAI_AUDIT_DB") or "rantai-audit.sqlite",
        documents=args.documents or ctx.settings.document_store,
        names=load_names(args.names) if args.names else {},
        sync_interval_s=args.sync_interval,
        wallet_rpc_url=args.wallet_rpc_url,
        domain=args.domain,
        https={"auto": None, "on": True, "off": False}[args.https],
        read_only=args.read_only or args.workers > 1,
        pool_size=args.pool_size,
        max_upload_bytes=args.max_upload_mb * 1024 * 1024,
    )
    serve(
        config,
        host=args.host,
        port=args.port,
        workers=args.workers,
        forwarded_allow_ips=args.forwarded_allow_ips,
    )
    return Output({"stopped": True}, "portal stopped")


def register_portal(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``portal`` command to ``sub``; ``common`` holds the global options."""
    help_text = "serve the web portal: public pages and the participant console"
    p: argparse.ArgumentParser = sub.add_parser(
        "portal", help=help_text, description=help_text, parents=[common]
    )
    p.set_defaults(handler=cmd_portal, command_name="portal")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    p.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"port ({DEFAULT_PORT})")
    p.add_argument(
        "--db", metavar="FILE_OR_URL", help="audit database (RANTAI_AUDIT_DB, rantai-audit.sqlite)"
    )
    p.add_argument("--documents", metavar="DIR", help="document store for uploads")
    p.add_argument("--names", metavar="FILE", help="organisation names (participants YAML or JSON)")
    p.add_argument(
        "--sync-interval",
        type=_seconds,
        default=2.0,
        metavar="SECONDS",
        help="least seconds between index syncs triggered by page views (2)",
    )
    p.add_argument("--wallet-rpc-url", metavar="URL", help="RPC URL shown to wallet users")
    p.add_argument(
        "--domain",
        help="public host[:port] of the portal: the sign-in domain and the only Host answered "
        "(default: loopback names only)",
    )
    p.add_argument(
        "--https",
        choices=("auto", "on", "off"),
        default="auto",
        help="served over HTTPS: Secure cookie, https:// sign-in URI, HSTS (auto: per request)",
    )
    p.add_argument(
        "--read-only",
        action="store_true",
        help="never write the index; 'rantai audit sync --follow' indexes (implied by --workers "
        "above 1)",
    )
    p.add_argument(
        "--workers", type=at_least_one, default=1, metavar="N", help="worker processes (1)"
    )
    p.add_argument(
        "--pool-size",
        type=at_least_one,
        default=4,
        metavar="N",
        help="read-only database connections per worker (4)",
    )
    p.add_argument(
        "--max-upload-mb", type=at_least_one, default=20, metavar="MB", help="largest upload (20)"
    )
    p.add_argument(
        "--forwarded-allow-ips",
        metavar="IPS",
        help="proxies trusted for X-Forwarded-For/-Proto (uvicorn's; default 127.0.0.1)",
    )

"""``rantai doc``: encryption keys and confidential documents.

``doc keygen`` creates the encryption key file (password-encrypted; ``--rotate`` keeps the old
key for reading), ``doc publish-key`` publishes its public key in the Registry, ``doc put FILE``
encrypts a file to the parties of a process and every AUDITOR (or stores it in the clear with
``--public``) and prints the hash to record, ``doc get HASH -o FILE`` decrypts for a recipient,
``doc verify HASH`` checks the store against a hash (no key needed), ``doc grant --to AUDITOR
--ocid REF`` gives an auditor appointed later the keys of a process's envelopes, ``doc gc``
lists (or deletes) envelopes no transaction references. The handlers are thin: the
work is done by :mod:`py_client.documents`.
"""

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from eth_utils.crypto import keccak

from py_client.cli.argtypes import ADDRESS, DURATION, FILE, HASH, ID, setting_path
from py_client.cli.context import Context, Output
from py_client.cli.groups import group_of, leaf
from py_client.cli.output import plain, render_record
from py_client.documents import Documents, KeyRing, StoredDocument
from py_client.documents.files import write_private
from py_client.documents.gc import DEFAULT_GRACE, collect_orphans
from py_client.documents.keys import DEFAULT_KEY_FILE
from py_client.inputs import InputError
from py_client.signers import load_signer


def recipients_of(values: list[str] | None) -> list[str]:
    """``--to`` values, each possibly comma-separated: ``--to auditor,20 --to 0xabc…``."""
    found = [part.strip() for value in values or [] for part in value.split(",")]
    if any(not part for part in found):
        raise InputError("--to has an empty recipient (check the commas)")
    return found


# ------------------------------------------------------------------------- helpers


def _key_file(ctx: Context, args: argparse.Namespace) -> Path:
    chosen = getattr(args, "key_file", None) or ctx.settings.encryption_key or DEFAULT_KEY_FILE
    return Path(chosen).expanduser()


def _password(ctx: Context, args: argparse.Namespace, new: bool = False) -> str | None:
    """The key file's password: ``--password-file``, the settings, or asked in a terminal."""
    password_file: Path | None = getattr(args, "password_file", None)
    if password_file is not None:
        try:
            return password_file.read_text().rstrip("\n")
        except OSError as err:
            raise InputError(f"cannot read the password file {password_file}") from err
    if ctx.settings.encryption_key_password is not None:
        return ctx.settings.encryption_key_password
    if not sys.stdin.isatty():
        if new:
            raise InputError(
                "a new key file needs a password: set RANTAI_ENCRYPTION_KEY_PASSWORD or "
                "RANTAI_ENCRYPTION_KEY_PASSWORD_FILE, or pass --password-file"
            )
        return None  # the library says which setting is missing
    password = getpass.getpass("encryption key password: ")
    if new and getpass.getpass("again: ") != password:
        raise InputError("the two passwords differ")
    return password


def documents_of(ctx: Context, args: argparse.Namespace, with_key: bool = True) -> Documents:
    """The document service of the command: the client, ``--store`` and the key file."""
    store = getattr(args, "store", None) or ctx.settings.document_store
    if not with_key:
        return Documents(ctx.client, store)
    return Documents(
        ctx.client, store, key_file=_key_file(ctx, args), password=_password(ctx, args)
    )


def stored_document(stored: StoredDocument) -> dict[str, Any]:
    """A stored document for JSON output and text."""
    return {
        "hash": stored.hash,
        "encrypted": stored.encrypted,
        "size": stored.size,
        "recipients": [r.account for r in stored.recipients],
        "skipped_without_key": list(stored.skipped),
        "store": stored.location,
    }


def describe_stored(stored: StoredDocument) -> str:
    """One line: what was stored and for whom."""
    if not stored.encrypted:
        return f"stored public document {stored.hash} in {stored.location}"
    line = (
        f"stored document {stored.hash} encrypted to {len(stored.recipients)} recipient(s) "
        f"in {stored.location}"
    )
    if stored.skipped:
        line += f"; skipped (no published key): {', '.join(stored.skipped)}"
    return line


# ------------------------------------------------------------------------- handlers


def cmd_keygen(ctx: Context, args: argparse.Namespace) -> Output:
    """``doc keygen``: create (or rotate) the encryption key file; optionally publish it."""
    path = _key_file(ctx, args)
    if args.rotate and args.force:
        raise InputError("--rotate keeps the old key, --force discards it: choose one")
    if path.exists() and not (args.rotate or args.force):
        raise InputError(
            f"encryption key file {path} exists: --rotate makes a new key and keeps the old one "
            "for reading, --force overwrites it (documents to the old key become unreadable)"
        )
    if args.rotate and not path.exists():
        raise InputError(f"--rotate: no encryption key file at {path}")
    password = _password(ctx, args, new=not args.rotate)
    new_password = password
    if args.new_password_file is not None:
        if not args.rotate:
            raise InputError("--new-password-file goes with --rotate")
        try:
            new_password = args.new_password_file.read_text().rstrip("\n")
        except OSError as err:
            raise InputError(f"cannot read the password file {args.new_password_file}") from err
    settings = ctx.settings
    account = None
    if settings.keystore or settings.private_key or settings.mnemonic:
        account = str(load_signer(settings).address)
    ring = KeyRing.load(path, password).rotated() if args.rotate else KeyRing.generate(account)
    ring.save(path, new_password or "")
    record: dict[str, Any] = {
        "key_file": str(path),
        "account": ring.account,
        "public_key": "0x" + ring.current.published.hex(),
        "key_id": ring.current.key_id,
        "retired_keys": [k.key_id for k in ring.retired],
    }
    text = render_record(record, f"{'rotated' if args.rotate else 'created'} key file {path}")
    if not args.publish:
        text += "\npublish it so documents can be encrypted to you: rantai doc publish-key"
        return Output({"result": record}, text)
    result = Documents(ctx.client, key_ring=ring).publish_key()
    return Output(
        {"result": record, "transactions": [plain(result)]},
        text + f"\npublished: tx {result.tx_hash}",
    )


def cmd_publish_key(ctx: Context, args: argparse.Namespace) -> Output:
    """``doc publish-key``: publish the key file's public key in the Registry."""
    documents = documents_of(ctx, args)
    result = documents.publish_key()
    key = documents.key_ring.current
    return Output(
        {"transactions": [plain(result)], "public_key": "0x" + key.published.hex()},
        f"published encryption key {key.key_id} for {ctx.client.address}: tx {result.tx_hash}",
    )


def cmd_put(ctx: Context, args: argparse.Namespace) -> Output:
    """``doc put FILE``: store encrypted (or public) and print the hash to record."""
    documents = documents_of(ctx, args, with_key=False)
    to = recipients_of(args.to)
    if args.public:
        if to or args.order or args.shipment or args.tender:
            raise InputError("a --public document has no recipients: drop --to/--order/…")
        stored = documents.put_public(args.file)
    else:
        if not (to or args.order or args.shipment or args.tender):
            raise InputError(
                "say who may read it: --order N, --shipment N, --tender N and/or --to "
                "ROLE|ORG|ADDRESS (every AUDITOR is added), or --public"
            )
        stored = documents.put(
            args.file,
            to=to,
            order_id=args.order,
            shipment_id=args.shipment,
            tender_id=args.tender,
            skip_missing=args.skip_missing_keys,
        )
    record = stored_document(stored)
    text = describe_stored(stored) + f"\n{stored.hash}"
    return Output({"result": record, "hash": stored.hash}, text)


def cmd_get(ctx: Context, args: argparse.Namespace) -> Output:
    """``doc get HASH -o FILE``: fetch, verify, decrypt and write the document."""
    output: Path = args.output
    if output.exists() and not args.force:
        raise InputError(f"{output} exists (--force overwrites it)")
    document = documents_of(ctx, args).get(args.hash)
    try:
        write_private(output, document.content)  # mode 0600: it may hold personal data
    except OSError as err:
        raise InputError(f"cannot write {output}: {err.strerror or err}") from err
    record = {
        "hash": "0x" + document.digest.hex(),
        "output": str(output),
        "size": len(document.content),
        "content_keccak256": "0x" + keccak(document.content).hex(),
        "encrypted": document.encrypted,
        "name": document.name or None,
        "sender": document.sender,
        "recipients": [r.account for r in document.recipients],
    }
    what = "decrypted and verified" if document.encrypted else "verified public document"
    return Output({"result": record}, render_record(record, f"{what}: wrote {output}"))


def cmd_grant(ctx: Context, args: argparse.Namespace) -> Output:
    """``doc grant --to AUDITOR (--ocid REF | HASH…)``: re-wrap envelope keys for an auditor."""
    documents = documents_of(ctx, args)
    if bool(args.ocid) == bool(args.hashes):
        raise InputError("name the documents: --ocid REF for a whole process, or HASH…")
    if args.ocid:
        outcome = documents.grant_process(args.ocid, args.to)
        grants, skipped = outcome.grants, outcome.skipped
    else:
        grants, skipped = documents.grant(args.to, args.hashes), ()
    record = {
        "grantee": args.to,
        "grants": [
            {
                "grant_hash": "0x" + g.grant_hash.hex(),
                "envelopes": ["0x" + e.hex() for e in g.envelopes],
                "tx_hash": g.tx.tx_hash,
            }
            for g in grants
        ],
        "skipped": [{"hash": "0x" + d.hex(), "reason": why} for d, why in skipped],
    }
    count = sum(len(g.envelopes) for g in grants)
    lines = [f"granted {count} envelope(s) to {args.to} in {len(grants)} transaction(s)"]
    lines += [f"  grant file 0x{g.grant_hash.hex()}: tx {g.tx.tx_hash}" for g in grants]
    lines += [f"  skipped 0x{d.hex()}: {why}" for d, why in skipped]
    return Output(
        {"result": record, "transactions": [plain(g.tx) for g in grants]}, "\n".join(lines)
    )


def cmd_gc(ctx: Context, args: argparse.Namespace) -> Output:
    """``doc gc [--delete] [--grace D]``: envelopes and grant files no transaction references."""
    documents = documents_of(ctx, args, with_key=False)
    report = collect_orphans(ctx.client, documents.store, grace=args.grace, delete=args.delete)
    deleted = set(report.deleted)
    record = {
        "store": documents.store.location,
        "block": report.block,
        "scanned": report.scanned,
        "referenced": report.referenced,
        "recent": report.recent,
        "orphans": [
            {
                "hash": o.hash,
                "kind": o.kind,
                "size": o.size,
                "age_s": o.age_s,
                "deleted": o.digest in deleted,
            }
            for o in report.orphans
        ],
        "deleted": len(deleted),
    }
    verb = "deleted" if args.delete else "would delete (dry run; --delete removes them)"
    lines = [
        f"{documents.store.location}: {report.scanned} stored, {report.referenced} referenced "
        f"on chain up to block {report.block}, {report.recent} younger than the grace period; "
        f"{len(report.orphans)} orphan(s)"
    ]
    lines += [
        f"  {verb if not args.delete or o.digest in deleted else 'kept (stored again)'} "
        f"{o.kind} {o.hash} ({o.size} bytes, {o.age_s} s old)"
        for o in report.orphans
    ]
    return Output({"result": record}, "\n".join(lines))


def cmd_verify(ctx: Context, args: argparse.Namespace) -> Output:
    """``doc verify HASH``: the store holds bytes hashing to HASH (nothing decrypted)."""
    stored = documents_of(ctx, args, with_key=False).verify(args.hash)
    record = stored_document(stored)
    state = "encrypted" if stored.encrypted else "public"
    return Output({"result": record}, render_record(record, f"{stored.hash}: {state}, intact"))


# ------------------------------------------------------------------------- parser


def _key_options(p: argparse.ArgumentParser) -> None:
    setting_path(
        p,
        "--key-file",
        "encryption key file",
        "RANTAI_ENCRYPTION_KEY",
        "~/.rantai/encryption-key.json",
    )
    setting_path(
        p,
        "--password-file",
        "file holding the key file's password",
        "RANTAI_ENCRYPTION_KEY_PASSWORD",
    )


def _store_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--store",
        metavar="DIR",
        help="document store folder (default RANTAI_DOCUMENT_STORE or ~/.rantai/documents)",
    )


def register_documents(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``doc`` command group to ``sub``; ``common`` holds the global options."""
    group = group_of(sub, "doc", "confidential documents: keys, put, get, verify, grant, gc")
    _register_keys(group, common)
    _register_put(group, common)
    _register_store(group, common)


def _register_keys(group: Any, common: argparse.ArgumentParser) -> None:
    p = leaf(
        common, group, "keygen", cmd_keygen, "create the encryption key file (or rotate its key)"
    )
    _key_options(p)
    p.add_argument("--rotate", action="store_true", help="new key; keep the old one for reading")
    p.add_argument("--force", action="store_true", help="overwrite an existing key file")
    p.add_argument("--publish", action="store_true", help="also publish the new public key")
    p.add_argument(
        "--new-password-file",
        type=Path,
        metavar="FILE",
        help="with --rotate: encrypt the rotated key file with this password from now on",
    )
    p = leaf(
        common,
        group,
        "publish-key",
        cmd_publish_key,
        "publish the key file's public key in the Registry",
    )
    _key_options(p)


def _register_put(group: Any, common: argparse.ArgumentParser) -> None:
    p = leaf(
        common, group, "put", cmd_put, "store a document encrypted to its readers; print its hash"
    )
    p.add_argument("file", type=FILE, metavar="FILE")
    p.add_argument(
        "--to",
        action="append",
        metavar="WHO",
        help="readers: roles (auditor), organisation ids (20), addresses; comma-separated or "
        "repeated",
    )
    process = p.add_mutually_exclusive_group()
    process.add_argument("--order", type=ID, help="the order's agency and supplier read it")
    process.add_argument(
        "--shipment", type=ID, help="the shipment's agency, supplier and carrier read it"
    )
    process.add_argument("--tender", type=ID, help="the tender's agency reads it")
    p.add_argument("--public", action="store_true", help="store in the clear (tender specs)")
    p.add_argument(
        "--skip-missing-keys",
        action="store_true",
        help="leave out readers without a published key instead of refusing",
    )
    _store_option(p)


def _register_store(group: Any, common: argparse.ArgumentParser) -> None:
    p = leaf(
        common, group, "get", cmd_get, "decrypt a stored document (as a recipient) into a file"
    )
    p.add_argument("hash", type=HASH, metavar="HASH")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    p.add_argument("--force", action="store_true", help="overwrite the output file")
    _key_options(p)
    _store_option(p)
    p = leaf(
        common,
        group,
        "grant",
        cmd_grant,
        "give an auditor appointed later the keys of stored envelopes (recorded on chain)",
    )
    p.add_argument("hashes", type=HASH, nargs="*", metavar="HASH", help="envelopes to grant")
    p.add_argument("--to", type=ADDRESS, required=True, metavar="AUDITOR", help="the auditor")
    p.add_argument(
        "--ocid",
        metavar="REF",
        help="grant every envelope of a process (ocid, tender:N, order:N or shipment:N)",
    )
    _key_options(p)
    _store_option(p)
    p = leaf(
        common,
        group,
        "gc",
        cmd_gc,
        "list (or --delete) stored envelopes and grant files no transaction references",
    )
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--dry-run", action="store_true", help="only list them (the default)")
    mode.add_argument("--delete", action="store_true", help="remove them")
    p.add_argument(
        "--grace",
        type=DURATION,
        default=DEFAULT_GRACE,
        metavar="DURATION",
        help="keep files stored more recently than this (transactions in flight; default 1d)",
    )
    _store_option(p)
    p = leaf(
        common, group, "verify", cmd_verify, "check that the store holds the document of a hash"
    )
    p.add_argument("hash", type=HASH, metavar="HASH")
    _store_option(p)


__all__ = ["describe_stored", "recipients_of", "register_documents", "stored_document"]

"""`smsdesk-cli import`, `export` and `contacts ...`: the contact book from the command line."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from smsdesk.cli.context import CommandContext
from smsdesk.core.contacts import book, exporter, segments
from smsdesk.core.contacts.import_values import parse_datetime
from smsdesk.core.contacts.importer import (
    DuplicatePolicy,
    FileConsent,
    ImportKind,
    ImportOptions,
    import_file,
)
from smsdesk.core.contacts.numbers import REJECT_MESSAGES_EN, RejectReason
from smsdesk.core.contacts.tiers import recompute_tiers
from smsdesk.core.enums import ConsentMethod
from smsdesk.core.errors import ValidationError
from smsdesk.core.progress import Progress


def register(subparsers: Any) -> None:
    _register_import(subparsers)
    _register_export(subparsers)
    _register_contacts(subparsers)


def _register_import(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "import",
        help="import contacts (or a purchase history) from .xlsx, .xls or .csv",
        description="Import a customer list. Headers are recognised in Chinese and English "
        "(手机号码/mobile, 姓名/name, 标签/tags ...); --map overrides a column.",
    )
    parser.add_argument("file", type=Path)
    parser.add_argument("--sheet", help="sheet name (default: the first with data)")
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="HEADER=FIELD",
        help="map a column: number, name, tags, birthday, notes, purchase_date, "
        "purchase_count, purchase_amount, consent_scope, consent_method, consent_time, "
        "consent_source, opted_out, ignore, custom:KEY",
    )
    parser.add_argument(
        "--on-duplicate",
        choices=[p.value for p in DuplicatePolicy],
        default=DuplicatePolicy.SKIP.value,
        help="numbers already in the book or repeated in the file (default: skip)",
    )
    parser.add_argument("--consent-scope", choices=["marketing", "service"])
    parser.add_argument("--consent-method", choices=[m.value for m in ConsentMethod])
    parser.add_argument("--consent-source", default="", metavar="TEXT")
    parser.add_argument(
        "--consent-time", metavar="TIME", help="when consent was given (default: now)"
    )
    parser.add_argument(
        "--purchases", action="store_true", help="the file is a purchase history (RFM)"
    )
    parser.add_argument("--tag", action="append", default=[], help="tag every imported contact")
    parser.add_argument("--reject-report", type=Path, metavar="PATH", help="where to write it")
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(handler=_import)


def _register_export(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "export", help="export contacts or the opt-out list to .xlsx or .csv"
    )
    parser.add_argument("what", choices=["contacts", "optouts"])
    parser.add_argument("file", type=Path)
    parser.add_argument(
        "--unmasked", action="store_true", help="write full numbers (recorded in the audit log)"
    )
    parser.add_argument("--tag", action="append", default=[], help="only contacts with this tag")
    parser.add_argument("--segment", help="only contacts in this saved segment")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh", help="column titles")
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(handler=_export)


def _register_contacts(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser("contacts", help="the contact book")
    actions = parser.add_subparsers(dest="contacts_action", metavar="ACTION")
    actions.required = True
    count = actions.add_parser("count", help="how many contacts (optionally filtered)")
    count.add_argument("--tag", action="append", default=[])
    count.add_argument("--segment")
    count.add_argument("--json", action="store_true")
    count.set_defaults(handler=_count)
    show = actions.add_parser("show", help="one contact, by number in any written form")
    show.add_argument("number")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_show)
    tiers = actions.add_parser("recompute-tiers", help="recompute lifecycle tiers from settings")
    tiers.add_argument("--json", action="store_true")
    tiers.set_defaults(handler=_recompute_tiers)


def _cli_progress(ctx: CommandContext) -> Progress | None:
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int, note: str) -> None:
        if note == "save":
            sys.stderr.write("\rsaving...                    ")
        elif total:
            sys.stderr.write(f"\r{note}: {done:,}/{total:,} rows")
        sys.stderr.flush()

    return Progress(on_update=show, min_interval=0.5)


def _mapping_overrides(pairs: list[str]) -> dict[str, str]:
    overrides: dict[str, str] = {}
    for pair in pairs:
        header, sep, field = pair.partition("=")
        if not sep or not header.strip() or not field.strip():
            raise ValidationError(f"--map needs HEADER=FIELD, got {pair!r}", reason="bad_map")
        overrides[header.strip()] = field.strip()
    return overrides


def _import(ctx: CommandContext) -> int:
    args = ctx.args
    consent = None
    if args.consent_scope or args.consent_method:
        if not (args.consent_scope and args.consent_method):
            raise ValidationError(
                "--consent-scope and --consent-method go together", reason="consent_args"
            )
        when: datetime | None = None
        if args.consent_time:
            try:
                when = parse_datetime(args.consent_time)
            except ValueError:
                raise ValidationError(
                    f"Not a time: {args.consent_time!r}", reason="consent_time"
                ) from None
        consent = FileConsent(
            scope=args.consent_scope,
            method=args.consent_method,
            source=args.consent_source,
            consented_at=when,
        )
    options = ImportOptions(
        sheet=args.sheet,
        overrides=_mapping_overrides(args.map),
        on_duplicate=DuplicatePolicy(args.on_duplicate),
        kind=ImportKind.PURCHASES if args.purchases else ImportKind.CONTACTS,
        consent=consent,
        tags=tuple(args.tag),
        reject_report=args.reject_report,
    )
    progress = _cli_progress(ctx)
    result = import_file(ctx.db, args.file, options, progress=progress)
    if progress is not None:
        sys.stderr.write("\r" + " " * 40 + "\r")
    if args.json:
        data = result.to_json()
        ctx.print_json(
            {
                key: data[key]
                for key in (
                    "rows",
                    "imported",
                    "updated",
                    "skipped",
                    "rejected",
                    "reject_report",
                    "seconds",
                    "merged",
                    "rejects_by_reason",
                    "consent_records",
                    "opt_outs_added",
                    "purchases_added",
                )
            }
        )
        return 0
    ctx.out(f"{result.rows:,} rows read in {result.seconds:.1f} s")
    ctx.out(
        f"  imported {result.imported:,}, updated {result.updated:,}, skipped {result.skipped:,}"
    )
    if result.merged:
        ctx.out(f"  {result.merged:,} repeated rows merged into the first")
    if result.purchases_added:
        ctx.out(f"  {result.purchases_added:,} purchases added")
    if result.consent_records:
        ctx.out(f"  {result.consent_records:,} consent records written")
    if result.rejected:
        ctx.out(f"  rejected {result.rejected:,}:")
        for reason, count in sorted(result.rejects_by_reason.items(), key=lambda kv: -kv[1]):
            ctx.out(f"    {count:>9,}  {REJECT_MESSAGES_EN[RejectReason(reason)]}")
        ctx.out(f"  reject report: {result.reject_report}")
    return 0


def _filter(ctx: CommandContext) -> segments.ContactFilter:
    flt = segments.ContactFilter(tags=tuple(ctx.args.tag))
    if ctx.args.segment:
        with ctx.db.session() as session:
            saved = segments.segment_filter(segments.get_segment(session, ctx.args.segment))
        flt = segments.ContactFilter.from_dict(
            {**saved.to_dict(), "tags": [*saved.tags, *flt.tags]}
        )
    return flt


def _export(ctx: CommandContext) -> int:
    args = ctx.args
    progress = _cli_progress(ctx)
    if args.what == "contacts":
        result = exporter.export_contacts(
            ctx.db,
            args.file,
            flt=_filter(ctx),
            unmasked=args.unmasked,
            language=args.lang,
            progress=progress,
        )
    else:
        result = exporter.export_optouts(
            ctx.db, args.file, unmasked=args.unmasked, language=args.lang, progress=progress
        )
    if progress is not None:
        sys.stderr.write("\r" + " " * 40 + "\r")
    if args.json:
        ctx.print_json(
            {
                "file": str(result.path),
                "rows": result.rows,
                "unmasked": result.unmasked,
                "seconds": round(result.seconds, 3),
            }
        )
    else:
        kind = "full" if result.unmasked else "masked"
        ctx.out(f"{result.rows:,} rows written to {result.path} ({kind} numbers)")
    return 0


def _count(ctx: CommandContext) -> int:
    flt = _filter(ctx)
    with ctx.db.session() as session:
        total = segments.count(session, flt)
    if ctx.args.json:
        ctx.print_json({"count": total})
    else:
        ctx.out(str(total))
    return 0


def _show(ctx: CommandContext) -> int:
    with ctx.db.session() as session:
        contact = book.find_contact(session, ctx.args.number)
        if contact is None:
            ctx.err(f"smsdesk-cli: no contact with the number {ctx.args.number}")
            return 1
        details = book.describe(session, contact)
    if ctx.args.json:
        ctx.print_json(details)
        return 0
    for key, value in details.items():
        if isinstance(value, list):
            value = ", ".join(value)
        ctx.out(f"{key}: {value}")
    return 0


def _recompute_tiers(ctx: CommandContext) -> int:
    with ctx.db.session() as session:
        changed = recompute_tiers(session)
    if ctx.args.json:
        ctx.print_json({"changed": changed})
    else:
        ctx.out(f"{changed:,} tiers changed")
    return 0

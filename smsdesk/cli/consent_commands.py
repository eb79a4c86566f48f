"""`smsdesk-cli consent|optout|reply|evidence ...`: consent records, the suppression list,
inbound replies and the evidence log from the command line.

Numbers are printed masked (138****5678) unless ``--reveal`` is given; every change is
audited by the core.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import Any

from smsdesk.cli.context import CommandContext
from smsdesk.core.clock import utc_now
from smsdesk.core.consent import consent_log, evidence_export, opt_out_files, opt_outs, replies
from smsdesk.core.consent.evidence_chain import VerifyResult
from smsdesk.core.contacts.numbers import mask
from smsdesk.core.enums import ConsentMethod
from smsdesk.core.errors import ValidationError

METHODS = [method.value for method in ConsentMethod]

PROBLEMS = {
    "altered": "record #{id} was changed after it was written",
    "inserted": "record #{id} was added outside SMSDesk",
    "deleted": "records were deleted before record #{id}",
    "reordered": "records were moved; the order breaks at record #{id}",
    "anchor_missing": "the log's record count and head hash are missing (deleted or reset)",
    "anchor_mismatch": "the newest records were changed, replaced or removed",
    "witness_mismatch": "the log differs from the copy verified earlier on this computer",
    "evidence_file_missing": "the evidence file of record #{id} is missing",
    "evidence_file_altered": "the evidence file of record #{id} was changed",
}


def describe_problem(result: VerifyResult) -> str:
    if result.problem == "deleted" and result.first_bad is None:
        expected = result.detail.get("expected_records")
        return f"the newest records were deleted ({expected} expected, {result.records} found)"
    text = PROBLEMS.get(result.problem or "", result.problem or "unknown problem")
    return text.format(id=result.first_bad)


def register(subparsers: Any) -> None:
    _register_consent(subparsers)
    _register_optout(subparsers)
    reply = subparsers.add_parser("reply", help="record an inbound reply and act on it")
    reply.add_argument("number")
    reply.add_argument("text")
    reply.add_argument("--at", metavar="ISO8601", help="when it was received (default: now)")
    context = reply.add_mutually_exclusive_group()
    context.add_argument(
        "--repermission",
        dest="repermission",
        action="store_true",
        default=None,
        help="treat it as an answer to a re-permission message",
    )
    context.add_argument("--no-repermission", dest="repermission", action="store_false",
                         help="never read Y/A as consent")  # fmt: skip
    reply.add_argument("--json", action="store_true")
    reply.set_defaults(handler=_reply)

    evidence = subparsers.add_parser("evidence", help="verify or export the consent evidence")
    actions = evidence.add_subparsers(dest="evidence_action", metavar="ACTION")
    actions.required = True
    verify = actions.add_parser("verify", help="walk the hash chain; exit 1 when it fails")
    verify.add_argument("--json", action="store_true")
    verify.add_argument("--no-files", action="store_true", help="skip checking evidence files")
    verify.set_defaults(handler=_verify)
    export = actions.add_parser("export", help="everything about one number, to .xlsx or .pdf")
    export.add_argument("number")
    export.add_argument("file", type=Path)
    export.set_defaults(handler=_export)


def _register_consent(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "consent", help="record consent (grant) or its withdrawal"
    )
    actions = parser.add_subparsers(dest="consent_action", metavar="ACTION")
    actions.required = True
    grant = actions.add_parser("grant", help="record consent with its evidence")
    grant.add_argument("number")
    grant.add_argument("--scope", required=True, choices=["marketing", "service"])
    grant.add_argument("--method", required=True, choices=METHODS)
    _evidence_options(grant)
    grant.set_defaults(handler=_grant)
    withdraw = actions.add_parser("withdraw", help="record that consent was withdrawn")
    withdraw.add_argument("number")
    withdraw.add_argument("--method", choices=METHODS, default=ConsentMethod.PAPER.value)
    _evidence_options(withdraw)
    withdraw.set_defaults(handler=_withdraw)
    show = actions.add_parser("show", help="current consent and the records of one number")
    show.add_argument("number")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_show)


def _evidence_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", default="", help="where it happened (store, website...)")
    parser.add_argument("--evidence", default="", metavar="TEXT", help="what proves it")
    parser.add_argument("--evidence-file", type=Path, metavar="PATH", help="copied and hashed")
    parser.add_argument("--at", metavar="ISO8601", help="time of consent (default: now)")
    parser.add_argument("--by", default="", metavar="NAME", help="who records it")
    parser.add_argument("--json", action="store_true")


def _register_optout(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "optout", help="the opt-out (suppression) list"
    )
    actions = parser.add_subparsers(dest="optout_action", metavar="ACTION")
    actions.required = True
    add = actions.add_parser("add", help="suppress a number")
    add.add_argument("number")
    add.add_argument("--reason", default="manual")
    add.add_argument("--source", default="command line")
    add.set_defaults(handler=_optout_add)
    remove = actions.add_parser("remove", help="re-subscribe with a new consent and evidence")
    remove.add_argument("number")
    remove.add_argument("--evidence", required=True, metavar="TEXT")
    remove.add_argument("--evidence-file", type=Path, metavar="PATH")
    remove.add_argument("--method", choices=METHODS, default=ConsentMethod.PAPER.value)
    remove.add_argument("--scope", choices=["marketing", "service"], default="marketing")
    remove.add_argument("--at", metavar="ISO8601", help="time of the new consent (default: now)")
    remove.set_defaults(handler=_optout_remove)
    import_ = actions.add_parser("import", help="add every number in a file (.csv/.txt/.xlsx)")
    import_.add_argument("file", type=Path)
    import_.add_argument("--source", default="")
    import_.add_argument("--json", action="store_true")
    import_.set_defaults(handler=_optout_import)
    list_ = actions.add_parser("list", help="show the list (newest first)")
    list_.add_argument("--search", default="")
    list_.add_argument("--all", action="store_true", help="include removed entries")
    list_.add_argument("--reveal", action="store_true", help="show full numbers")
    list_.add_argument("--json", action="store_true")
    list_.set_defaults(handler=_optout_list)
    export = actions.add_parser("export", help="write the list to .csv or .xlsx")
    export.add_argument("file", type=Path)
    export.add_argument("--reveal", action="store_true", help="full numbers (for a provider)")
    export.add_argument("--all", action="store_true", help="include removed entries")
    export.set_defaults(handler=_optout_export)


def parse_time(value: str | None) -> datetime | None:
    """ISO 8601; a time without offset is the computer's local time."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValidationError(f"Not an ISO 8601 time: {value!r}", reason="bad_time") from None
    return parsed.astimezone() if parsed.tzinfo is None else parsed


def _change_json(change: consent_log.ConsentChange) -> dict[str, Any]:
    return {
        "record_id": change.record_id,
        "number": mask(change.e164),
        "action": change.action.value,
        "previous": change.previous.value,
        "current": change.current.value,
        "opt_out_lifted": change.opt_out_lifted,
    }


def _print_change(ctx: CommandContext, change: consent_log.ConsentChange) -> None:
    if ctx.args.json:
        ctx.print_json(_change_json(change))
        return
    ctx.out(
        f"Recorded {change.action.value} #{change.record_id} for {mask(change.e164)}: "
        f"consent {change.previous.value} -> {change.current.value}"
        + (" (opt-out lifted)" if change.opt_out_lifted else "")
    )


def _grant(ctx: CommandContext) -> int:
    args = ctx.args
    with ctx.db.session() as session:
        change = consent_log.grant(
            session,
            args.number,
            scope=args.scope,
            method=args.method,
            source=args.source,
            evidence_text=args.evidence,
            evidence_file=args.evidence_file,
            consented_at=parse_time(args.at),
            recorded_by=args.by,
        )
    _print_change(ctx, change)
    return 0


def _withdraw(ctx: CommandContext) -> int:
    args = ctx.args
    with ctx.db.session() as session:
        change = consent_log.withdraw(
            session,
            args.number,
            method=args.method,
            source=args.source,
            evidence_text=args.evidence,
            evidence_file=args.evidence_file,
            consented_at=parse_time(args.at),
            recorded_by=args.by,
        )
    _print_change(ctx, change)
    return 0


def _show(ctx: CommandContext) -> int:
    with ctx.db.session() as session:
        number = opt_outs.to_e164(session, ctx.args.number)
        scope = consent_log.current_scope(session, number)
        suppressed = opt_outs.is_opted_out(session, number)
        records = [
            {
                "id": r.id,
                "action": r.action,
                "scope": r.scope,
                "method": r.method,
                "consented_at": r.consented_at.isoformat(),
                "source": r.source,
                "evidence": r.evidence_text,
                "evidence_file": r.evidence_file,
                "recorded_by": r.recorded_by,
            }
            for r in consent_log.history(session, number)
        ]
    if ctx.args.json:
        ctx.print_json({"number": mask(number), "scope": scope.value, "opted_out": suppressed,
                        "records": records})  # fmt: skip
        return 0
    ctx.out(f"{mask(number)}: consent {scope.value}" + (", OPTED OUT" if suppressed else ""))
    for r in records:
        ctx.out(f"  #{r['id']} {r['consented_at']} {r['action']} {r['scope']} via {r['method']}"
                f" {r['evidence']}")  # fmt: skip
    return 0


def _optout_add(ctx: CommandContext) -> int:
    with ctx.db.session() as session:
        number = opt_outs.to_e164(session, ctx.args.number)
        added = opt_outs.add_opt_out(
            session, number, reason=ctx.args.reason, source=ctx.args.source
        )
    ctx.out(
        f"{mask(number)} " + ("added to the opt-out list" if added else "was already opted out")
    )
    return 0


def _optout_remove(ctx: CommandContext) -> int:
    args = ctx.args
    with ctx.db.session() as session:
        change = opt_outs.remove_opt_out(
            session,
            args.number,
            evidence=args.evidence,
            evidence_file=args.evidence_file,
            method=args.method,
            scope=args.scope,
            consented_at=parse_time(args.at),
        )
    ctx.out(f"{mask(change.e164)} removed from the opt-out list (consent #{change.record_id})")
    return 0


def _optout_import(ctx: CommandContext) -> int:
    with ctx.db.session() as session:
        result = opt_out_files.import_opt_outs(session, ctx.args.file, source=ctx.args.source)
    if ctx.args.json:
        ctx.print_json({
            "rows": result.rows, "added": result.added, "already": result.already,
            "rejected": [{"row": r.row, "value": r.value, "reason": r.reason}
                         for r in result.rejected],
        })  # fmt: skip
        return 0
    ctx.out(f"{result.added} added, {result.already} already on the list, "
            f"{len(result.rejected)} rejected (of {result.rows} rows)")  # fmt: skip
    for rejected in result.rejected[:20]:
        ctx.out(f"  row {rejected.row}: {rejected.value!r} ({rejected.reason})")
    if len(result.rejected) > 20:
        ctx.out(f"  ... and {len(result.rejected) - 20} more")
    return 0


def _optout_list(ctx: CommandContext) -> int:
    args = ctx.args
    with ctx.db.session() as session:
        rows = opt_outs.list_opt_outs(
            session, search=args.search, include_removed=args.all, limit=None
        )
        items: list[dict[str, Any]] = [
            {
                "number": row.e164 if args.reveal else mask(row.e164),
                "reason": row.reason,
                "source": row.source,
                "created_at": row.created_at.isoformat(),
                "removed_at": row.removed_at.isoformat() if row.removed_at else None,
            }
            for row in rows
        ]
        if args.reveal:
            from smsdesk.core import audit

            audit.record(session, "optout.reveal", rows=len(items))
    if args.json:
        ctx.print_json(items)
        return 0
    for item in items:
        removed = f"  (removed {str(item['removed_at'])[:10]})" if item["removed_at"] else ""
        added = str(item["created_at"])[:19]
        ctx.out(f"{item['number']:<16} {added}  {item['reason']}{removed}")
    ctx.out(f"{len(items)} number(s)")
    return 0


def _optout_export(ctx: CommandContext) -> int:
    with ctx.db.session() as session:
        written = opt_out_files.export_opt_outs(
            session, ctx.args.file, reveal=ctx.args.reveal, include_removed=ctx.args.all
        )
    ctx.out(f"{written} number(s) written to {ctx.args.file}")
    return 0


def _reply(ctx: CommandContext) -> int:
    args = ctx.args
    with ctx.db.session() as session:
        reply = replies.record_reply(
            session,
            e164=args.number,
            text=args.text,
            received_at=parse_time(args.at) or utc_now(),
            repermission=args.repermission,
        )
        result = {
            "reply_id": reply.id,
            "number": mask(reply.e164),
            "action": reply.action,
            "consent_record_id": reply.consent_record_id,
        }
    if args.json:
        ctx.print_json(result)
    else:
        ctx.out(f"Reply from {result['number']}: {result['action']}")
    return 0


def _verify(ctx: CommandContext) -> int:
    with ctx.db.session() as session:
        result = consent_log.verify(session, check_files=not ctx.args.no_files)
    if ctx.args.json:
        ctx.print_json(result.to_json())
    elif result.ok:
        ctx.out(f"Evidence log intact: {result.records} records, head hash {result.head}")
    else:
        ctx.out(f"Evidence log FAILED verification: {describe_problem(result)}.")
        ctx.out(f"{result.records} records; head hash {result.head}")
    return 0 if result.ok else 1


def _export(ctx: CommandContext) -> int:
    with ctx.db.session() as session:
        bundle = evidence_export.export_evidence(session, ctx.args.number, ctx.args.file)
    verdict = "intact" if bundle.chain.ok else f"FAILED ({describe_problem(bundle.chain)})"
    ctx.out(f"Evidence for {mask(bundle.e164)} written to {ctx.args.file}: "
            f"{len(bundle.records)} consent records, {len(bundle.opt_outs)} opt-outs, "
            f"{len(bundle.replies)} replies; evidence log {verdict}")  # fmt: skip
    return 0

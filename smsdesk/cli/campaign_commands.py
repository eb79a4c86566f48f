"""`smsdesk-cli campaign ...` and `smsdesk-cli redeem ...`: plan, check, start and follow
campaigns; mark redemption codes as used."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from smsdesk.cli.context import CommandContext
from smsdesk.core.campaigns import ab_testing, health, lifecycle, preflight, redemptions, scheduler
from smsdesk.core.campaigns.audience import Audience
from smsdesk.core.campaigns.plan import LABELS, CampaignPlan, Schedule, VariantPlan, plan_of
from smsdesk.core.campaigns.windows import SendWindow
from smsdesk.core.clock import ensure_utc, utc_now
from smsdesk.core.db.models import Template
from smsdesk.core.errors import ConfigurationError, NotFoundError
from smsdesk.core.providers import accounts
from smsdesk.core.templates import template_store


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "campaign", help="plan, check, start and follow campaigns"
    )
    actions = parser.add_subparsers(dest="campaign_action", metavar="ACTION")
    actions.required = True

    create = actions.add_parser("create", help="create a draft campaign")
    create.add_argument("name")
    create.add_argument("--template", required=True, help="template name or id")
    create.add_argument(
        "--variant", action="append", default=[], help="another template for an A/B test"
    )
    create.add_argument("--split", help="shares in percent, e.g. 10,10 (rest gets the winner)")
    create.add_argument("--winner-at", help="when to send the best variant to the rest")
    create.add_argument("--segment", action="append", default=[], help="segment name or id")
    create.add_argument("--tag", action="append", default=[], help="contacts with this tag")
    create.add_argument("--exclude-segment", action="append", default=[])
    create.add_argument("--exclude-tag", action="append", default=[])
    create.add_argument("--all", action="store_true", help="every contact")
    create.add_argument("--provider", help="provider account name (default: the one in use)")
    create.add_argument("--window", help="send window in recipient time, e.g. 09:00-20:00")
    create.add_argument("--at", help="start time (ISO 8601; default: when started)")
    create.add_argument("--expires", help="end time: unsent messages expire (ISO 8601)")
    create.add_argument("--throttle", type=int, help="at most N messages per minute")
    create.add_argument("--seed", type=int, default=0, help="A/B split seed (default random)")
    create.add_argument("--var", action="append", default=[], help="campaign value NAME=VALUE")
    repeat = create.add_mutually_exclusive_group()
    repeat.add_argument("--daily", metavar="HH:MM", help="run every day at this time")
    repeat.add_argument("--weekly", metavar="DAYS@HH:MM", help="e.g. 0,5@10:00 (0 = Monday)")
    repeat.add_argument("--birthday", metavar="HH:MM", help="greet contacts on their birthday")
    repeat.add_argument(
        "--since-purchase", metavar="N@HH:MM", help="N days after the last purchase"
    )
    create.add_argument("--json", action="store_true")
    create.set_defaults(handler=_create)

    check = actions.add_parser("preflight", help="who gets it, who does not and why, cost")
    check.add_argument("id", type=int)
    check.add_argument("--json", action="store_true")
    check.set_defaults(handler=_preflight)

    for name, handler, text in (
        ("start", _start, "schedule a draft (queues it now if due)"),
        ("pause", _pause, "hold a campaign's queued messages"),
        ("resume", _resume, "release a paused campaign"),
        ("cancel", _cancel, "stop a campaign for good"),
    ):
        action = actions.add_parser(name, help=text)
        action.add_argument("id", type=int)
        action.add_argument("--json", action="store_true")
        action.set_defaults(handler=handler)

    status = actions.add_parser("status", help="state, delivery, replies, opt-outs, codes")
    status.add_argument("id", type=int)
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=_status)

    listing = actions.add_parser("list", help="all campaigns")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_list)

    tick = actions.add_parser("tick", help="fire due runs now (the sender does this too)")
    tick.add_argument("--json", action="store_true")
    tick.set_defaults(handler=_tick)

    redeem = subparsers.add_parser(
        "redeem", help="mark a redemption code used: redeem CODE | redeem import FILE"
    )
    redeem.add_argument("code", help="the code, or the word import")
    redeem.add_argument("file", nargs="?", help="with import: an Excel or CSV file")
    redeem.add_argument("--json", action="store_true")
    redeem.set_defaults(handler=_redeem)


# -- parsing ---------------------------------------------------------------------------------


def _when(text: str | None, option: str) -> datetime | None:
    """ISO 8601; a time without offset is the computer's local time."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise ConfigurationError(f"{option}: not an ISO 8601 time: {text!r}") from exc
    if value.tzinfo is None:
        value = value.astimezone()
    return ensure_utc(value)


def _template_id(session: Any, ref: str) -> int:
    if ref.isdigit() and session.get(Template, int(ref)) is not None:
        return int(ref)
    info = template_store.template_by_name(session, ref)
    if info is None:
        raise NotFoundError(f"No template {ref!r}", template=ref)
    return info.id


def _schedule(args: argparse.Namespace) -> Schedule:
    if args.daily:
        return Schedule.from_json({"type": "daily", "time": args.daily})
    if args.birthday:
        return Schedule.from_json({"type": "birthday", "time": args.birthday})
    if args.weekly:
        days, _, at = args.weekly.partition("@")
        weekdays = [int(d) for d in days.split(",") if d.strip()]
        return Schedule.from_json({"type": "weekly", "time": at or "10:00", "weekdays": weekdays})
    if args.since_purchase:
        days, _, at = args.since_purchase.partition("@")
        return Schedule.from_json(
            {"type": "since_purchase", "days": int(days), "time": at or "10:00"}
        )
    return Schedule.from_json({"type": "at" if args.at else "now"})


def _variants(session: Any, args: argparse.Namespace) -> tuple[VariantPlan, ...]:
    templates = [_template_id(session, args.template)] + [
        _template_id(session, ref) for ref in args.variant
    ]
    if args.split:
        shares = [int(part) for part in args.split.split(",")]
        if len(shares) != len(templates):
            raise ConfigurationError("--split needs one share per template")
    else:
        base = 100 // len(templates)
        shares = [base] * len(templates)
        shares[0] += 100 - base * len(templates)
    return tuple(
        VariantPlan(template_id=t, split_percent=s, label=LABELS[i])
        for i, (t, s) in enumerate(zip(templates, shares, strict=True))
    )


def _create(ctx: CommandContext) -> int:
    args = ctx.args
    with ctx.db.session() as session:
        audience = Audience(
            segments=tuple(args.segment),
            tags=tuple(args.tag),
            exclude_segments=tuple(args.exclude_segment),
            exclude_tags=tuple(args.exclude_tag),
            everyone=args.all,
        )
        if audience.empty:
            raise ConfigurationError("Choose an audience: --segment, --tag or --all")
        variables = {}
        for item in args.var:
            key, sep, value = item.partition("=")
            if not sep:
                raise ConfigurationError(f"--var wants NAME=VALUE, got {item!r}")
            variables[key.strip()] = value
        plan = CampaignPlan(
            name=args.name,
            variants=_variants(session, args),
            audience=audience,
            provider_account_id=accounts.get_account(session, args.provider).id
            if args.provider
            else None,
            window=SendWindow.parse(args.window) if args.window else SendWindow(),
            schedule=_schedule(args),
            throttle_per_minute=args.throttle,
            starts_at=_when(args.at, "--at"),
            ends_at=_when(args.expires, "--expires"),
            ab_winner_at=_when(args.winner_at, "--winner-at"),
            seed=args.seed,
            variables=variables,
        )
        campaign = lifecycle.create_campaign(session, plan)
        result = {"id": campaign.id, "name": campaign.name, "state": campaign.state}
    if args.json:
        ctx.print_json(result)
    else:
        ctx.out(f"Created campaign #{result['id']} ({result['name']}), state {result['state']}")
    return 0


# -- actions ---------------------------------------------------------------------------------


def _preflight(ctx: CommandContext) -> int:
    with ctx.db.session() as session:
        campaign = lifecycle.get_campaign(session, ctx.args.id)
        report = preflight.preflight(session, plan_of(campaign), now=utc_now())
        data = report.to_json()
    if ctx.args.json:
        ctx.print_json(data)
    else:
        ctx.out(f"Audience: {data['audience']}   eligible: {data['eligible']}")
        for reason, count in data["excluded"].items():
            if count:
                ctx.out(f"  excluded, {reason}: {count}")
        ctx.out(f"Deferred to a later window: {data['deferred']}")
        ctx.out(f"Parts per message: {data['parts']}   estimated cost: {data['cost']:.2f}")
        ctx.out(f"Last message expected: {data['last_send_estimate'] or '-'}")
        for slot in data["window_slots"]:
            ctx.out(
                f"  {slot['date']} {slot['timezone']} "
                f"{slot['opens']} - {slot['closes']}: {slot['messages']}"
            )
        for blocker in data["blockers"]:
            ctx.out(f"BLOCKED: {blocker['code']} (variant {blocker['variant']})")
    return 1 if data["blockers"] else 0


def _state_change(ctx: CommandContext, action: str) -> int:
    now = utc_now()
    with ctx.db.session() as session:
        campaign_id = ctx.args.id
        if action == "start":
            campaign = lifecycle.start(session, campaign_id, now=now)
        elif action == "pause":
            campaign = lifecycle.pause(session, campaign_id)
        elif action == "resume":
            campaign = lifecycle.resume(session, campaign_id, now=now)
        else:
            campaign = lifecycle.cancel(session, campaign_id, now=now)
        queued = lifecycle.pending_messages(session, campaign.id)
        result = {"id": campaign.id, "state": campaign.state, "queued": queued}
    if ctx.args.json:
        ctx.print_json(result)
    else:
        ctx.out(f"Campaign #{result['id']}: {result['state']} ({queued} messages waiting)")
    return 0


def _start(ctx: CommandContext) -> int:
    return _state_change(ctx, "start")


def _pause(ctx: CommandContext) -> int:
    return _state_change(ctx, "pause")


def _resume(ctx: CommandContext) -> int:
    return _state_change(ctx, "resume")


def _cancel(ctx: CommandContext) -> int:
    return _state_change(ctx, "cancel")


def status_of(session: Any, campaign_id: int) -> dict[str, Any]:
    campaign = lifecycle.get_campaign(session, campaign_id)
    data: dict[str, Any] = {"id": campaign.id, "name": campaign.name, "state": campaign.state}
    data.update(health.figures(session, campaign.id).to_json())
    reason = lifecycle.PauseReason.parse(campaign.paused_reason)
    data["paused_reason"] = {"code": reason.code, **reason.params} if reason else None
    code, params = health.parse_warning(campaign.warning)
    data["warning"] = {"code": code, **params} if code else None
    data["missed_runs"] = [run.run_key for run in scheduler.missed_runs(session, campaign.id)]
    data["variants"] = [
        {"label": v.label, "split_percent": v.split_percent, **v.figures.to_json()}
        for v in ab_testing.results(session, campaign)
    ]
    return data


def _status(ctx: CommandContext) -> int:
    with ctx.db.session() as session:
        data = status_of(session, ctx.args.id)
    if ctx.args.json:
        ctx.print_json(data)
    else:
        ctx.out(f"Campaign #{data['id']} {data['name']}: {data['state']}")
        for key in (
            "queued",
            "submitted",
            "delivered",
            "failed",
            "unknown",
            "replies",
            "opt_outs",
            "complaints",
            "redemptions",
        ):
            ctx.out(f"  {key}: {data[key]}")
        if data["paused_reason"]:
            ctx.out(f"  paused: {data['paused_reason']['code']}")
        if data["warning"]:
            ctx.out(f"  warning: {data['warning']['code']}")
        if data["missed_runs"]:
            ctx.out(f"  missed runs: {', '.join(data['missed_runs'])}")
    return 0


def _list(ctx: CommandContext) -> int:
    with ctx.db.session() as session:
        rows = [
            {"id": c.id, "name": c.name, "state": c.state, "kind": c.kind}
            for c in lifecycle.list_campaigns(session)
        ]
    if ctx.args.json:
        ctx.print_json(rows)
    else:
        for row in rows:
            ctx.out(f"#{row['id']:<5} {row['state']:<10} {row['name']}")
    return 0


def _tick(ctx: CommandContext) -> int:
    with ctx.db.session() as session:
        result = scheduler.tick(session, utc_now())
        data = {
            "fired": [
                {"campaign": f.campaign_id, "run": f.run_key, "queued": f.queued}
                for f in result.fired
            ],
            "missed": [{"campaign": c, "run": k} for c, k in result.missed],
            "completed": result.completed,
            "paused": [{"campaign": c, "reason": r} for c, r in result.paused],
            "expired": result.expired,
        }
    if ctx.args.json:
        ctx.print_json(data)
    else:
        ctx.out(
            f"fired {len(data['fired'])} runs ({result.queued} messages), "
            f"missed {len(data['missed'])}, completed {len(data['completed'])}"
        )
    return 0


def _redeem(ctx: CommandContext) -> int:
    args = ctx.args
    if args.code == "import":
        if not args.file:
            raise ConfigurationError("redeem import needs a FILE")
        with ctx.db.session() as session:
            result = redemptions.import_file(session, args.file)
            data = result.to_json()
        if args.json:
            ctx.print_json(data)
        else:
            ctx.out(
                f"{data['rows']} codes: {data['redeemed']} redeemed, "
                f"{data['already_redeemed']} already used, {data['unknown']} unknown, "
                f"{data['malformed']} mistyped"
            )
        return 0
    with ctx.db.session() as session:
        outcome = redemptions.redeem(session, args.code)
        data = outcome.to_json()
    if args.json:
        ctx.print_json(data)
    else:
        ctx.out(f"{data['code']}: {data['status']}")
    return 0 if outcome.status is redemptions.RedeemStatus.REDEEMED else 1

"""`smsdesk-cli send | run | receipts pull | messages`: the sender from the command line.

    smsdesk-cli send TEMPLATE (--segment NAME | --tag T | --to NUMBER) [--provider P]
                [--var K=V] [--yes] [--json]
    smsdesk-cli run [--until-idle] [--max-seconds S]
    smsdesk-cli receipts pull
    smsdesk-cli messages [--state S] [--json]

``send`` only queues (after a confirmation showing count, parts and cost); ``run`` is the
sender and puller, headless, and exits at ``--max-seconds`` or, with ``--until-idle``, when
nothing is due and nothing awaits a receipt.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from types import FrameType
from typing import Any

from sqlalchemy import select

from smsdesk.cli.context import CommandContext
from smsdesk.core import settings
from smsdesk.core.contacts.numbers import mask
from smsdesk.core.db.models import Message, ProviderAccount
from smsdesk.core.enums import MessageState
from smsdesk.core.errors import ConfigurationError
from smsdesk.core.sending import receipts
from smsdesk.core.sending.account_pause import PauseReason
from smsdesk.core.sending.engine import EngineStatus, SenderEngine, SenderListener, SenderTotals
from smsdesk.core.sending.provider_pool import ProviderPool
from smsdesk.core.sending.quick_send import SendPlan, SendTarget, plan_send, queue_plan


def register(subparsers: Any) -> None:
    send = subparsers.add_parser(
        "send",
        help="queue an approved template for a segment, a tag or one number",
        description="Queue an approved template; `run` (or the app) sends what is queued.",
    )
    send.add_argument("template", metavar="TEMPLATE", help="template name")
    target = send.add_mutually_exclusive_group(required=True)
    target.add_argument("--segment", metavar="NAME", help="a saved segment")
    target.add_argument("--tag", metavar="T", help="every contact with this tag")
    target.add_argument("--to", metavar="NUMBER", help="one number (e.g. a test phone)")
    send.add_argument("--provider", metavar="P", help="provider account (default: the active one)")
    send.add_argument(
        "--var", action="append", default=[], metavar="K=V", help="a value for every message"
    )
    send.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    send.add_argument("--json", action="store_true", help="print the result as JSON")
    send.set_defaults(handler=_send)

    run = subparsers.add_parser(
        "run", help="send queued messages and pull receipts and replies (headless)"
    )
    run.add_argument(
        "--until-idle",
        action="store_true",
        help="exit when nothing is due and nothing awaits a receipt",
    )
    run.add_argument("--max-seconds", type=float, metavar="S", help="exit after S seconds")
    run.set_defaults(handler=_run)

    receipts_parser = subparsers.add_parser("receipts", help="delivery receipts and replies")
    actions = receipts_parser.add_subparsers(dest="receipts_action", metavar="ACTION")
    actions.required = True
    pull = actions.add_parser("pull", help="pull receipts and replies from every account now")
    pull.set_defaults(handler=_pull)

    messages = subparsers.add_parser("messages", help="list the outbox")
    messages.add_argument(
        "--state", choices=[state.value for state in MessageState], help="only this state"
    )
    messages.add_argument("--json", action="store_true", help="print JSON")
    messages.set_defaults(handler=_messages)


# -- send --------------------------------------------------------------------------------


def _variables(pairs: list[str]) -> dict[str, str]:
    values = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ConfigurationError(f"--var wants NAME=VALUE, not {pair!r}", value=pair)
        values[key.strip()] = value
    return values


def _describe(plan: SendPlan) -> list[str]:
    lines = [
        f"Template:  {plan.template_name} ({plan.kind})",
        f"Provider:  {plan.account_name}",
        f"Messages:  {plan.count}",
        f"Parts:     {plan.parts}",
        f"Cost:      {plan.cost:.2f} ({plan.price_per_part:g} per part)",
    ]
    if plan.sample_text:
        lines.append(f"Text:      {plan.sample_text}")
    for reason, count in sorted(plan.skipped.items()):
        lines.append(f"Held back: {count} ({reason})")
    return lines


def _confirm(question: str) -> bool:
    print(question, end=" ", file=sys.stderr, flush=True)
    answer = sys.stdin.readline()
    return answer.strip().lower() in ("y", "yes")


def _send(ctx: CommandContext) -> int:
    args = ctx.args
    target = SendTarget(segment=args.segment, tag=args.tag, number=args.to)
    values = _variables(args.var)
    with ctx.db.session() as session:
        plan = plan_send(
            session,
            template=args.template,
            target=target,
            provider=args.provider,
            variables=values,
        )
    if plan.blocking_rules:
        if args.json:
            ctx.print_json({"queued": 0, **plan.summary()})
        ctx.err(
            "smsdesk-cli: the template breaks rules that block sending: "
            + ", ".join(plan.blocking_rules)
            + " (see `smsdesk-cli check`)"
        )
        return 1
    if not args.json or not args.yes:
        for line in _describe(plan):
            (ctx.err if args.json else ctx.out)(line)
    queued = 0
    if plan.count and (args.yes or _confirm(f"Queue {plan.count} message(s)? [y/N]")):
        with ctx.db.session() as session:
            queued = queue_plan(session, plan)
    if args.json:
        ctx.print_json(
            {"queued": queued, "skipped": plan.skipped, "parts": plan.parts, "cost": plan.cost}
        )
    elif queued:
        ctx.out(f"Queued {queued} message(s). `smsdesk-cli run` (or the app) sends them.")
    else:
        ctx.out("Nothing queued.")
    return 0


# -- run ---------------------------------------------------------------------------------


class _Printer(SenderListener):
    """Progress on stderr, so stdout carries only the final totals."""

    def status_changed(self, status: EngineStatus, detail: str) -> None:
        if status is EngineStatus.WAITING_FOR_LEASE:
            print(f"waiting for another sender to finish ({detail})", file=sys.stderr)

    def account_paused(self, account_id: int, name: str, reason: PauseReason) -> None:
        print(
            f"provider account {name!r} paused ({reason.category}: {reason.vendor_code} "
            f"{reason.message}); fix it, then resume it with `smsdesk-cli provider ...`",
            file=sys.stderr,
        )

    def error(self, code: str, message: str) -> None:
        print(f"sender: {code}: {message}", file=sys.stderr)


def _print_totals(ctx: CommandContext, totals: SenderTotals) -> None:
    shown = {name: value for name, value in totals.as_dict().items() if value}
    ctx.out(", ".join(f"{name} {value}" for name, value in shown.items()) or "nothing to do")


def _run(ctx: CommandContext) -> int:
    engine = SenderEngine(ctx.db, listener=_Printer())

    def on_term(signum: int, frame: FrameType | None) -> None:
        engine.stop()

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        totals = engine.run(until_idle=ctx.args.until_idle, max_seconds=ctx.args.max_seconds)
    finally:
        signal.signal(signal.SIGTERM, previous)
    _print_totals(ctx, totals)
    return 0


def _pull(ctx: CommandContext) -> int:
    pool = ProviderPool()
    try:
        result = receipts.pull_all(ctx.db, pool)
    finally:
        pool.close()
    ctx.out(
        f"receipts {result.changed} (unchanged {result.unchanged}, unmatched {result.unmatched}),"
        f" reconciled {result.reconciled}, replies {result.replies}"
    )
    for _account_id, name, reason in result.paused:
        ctx.err(f"provider account {name!r} paused ({reason.category}: {reason.vendor_code})")
    for code, message in result.errors:
        ctx.err(f"pull: {code}: {message}")
    return 1 if result.errors or result.paused else 0


# -- messages ----------------------------------------------------------------------------


def _rows(ctx: CommandContext, state: str | None) -> Iterator[dict[str, Any]]:
    with ctx.db.session() as session:
        full = bool(settings.get(session, "privacy.show_full_numbers"))
        accounts = dict(session.execute(select(ProviderAccount.id, ProviderAccount.name)).all())
        query = select(Message).order_by(Message.id)
        if state:
            query = query.where(Message.state == state)
        for message in session.scalars(query.execution_options(yield_per=500)):
            yield {
                "id": message.id,
                "state": message.state,
                "number": message.e164 if full else mask(message.e164),
                "kind": message.kind,
                "campaign_id": message.campaign_id,
                "provider": accounts.get(message.provider_account_id or 0, ""),
                "provider_message_id": message.provider_message_id or "",
                "our_ref": message.our_ref,
                "parts": message.parts,
                "cost": message.cost,
                "attempts": message.attempts,
                "reason": message.skip_reason,
                "error": message.error_code,
                "created_at": message.created_at.isoformat(),
                "submitted_at": message.submitted_at.isoformat() if message.submitted_at else None,
                "done_at": message.done_at.isoformat() if message.done_at else None,
            }


def _messages(ctx: CommandContext) -> int:
    rows = _rows(ctx, ctx.args.state)
    if ctx.args.json:
        ctx.print_json(list(rows))
        return 0
    count = 0
    for row in rows:
        count += 1
        detail = row["error"] or row["reason"]
        ctx.out(
            f"{row['id']:>7}  {row['state']:<10} {row['number']:<16} {row['provider']:<14} "
            f"{row['provider_message_id']:<20} {detail}".rstrip()
        )
    if not count:
        ctx.out("No messages.")
    return 0

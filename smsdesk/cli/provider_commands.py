"""`smsdesk-cli provider ...`, `signature add`, `template add`: provider accounts and the
signatures and templates they approve.

The secret (Alibaba AccessKeySecret, Tencent SecretKey, Twilio Auth Token, reseller API key)
is read from standard input with ``--secret-stdin`` and goes to the system keychain only.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from sqlalchemy import select

from smsdesk.cli.context import CommandContext
from smsdesk.core import audit
from smsdesk.core.db.models import Signature, SignatureApproval, Template, TemplateApproval
from smsdesk.core.enums import ApprovalStatus, MessageKind, ProviderKind
from smsdesk.core.errors import ValidationError
from smsdesk.core.providers import accounts
from smsdesk.core.providers.registry import provider_class

# Options of `provider add` that are settings, by the setting key they fill.
_SETTING_OPTIONS = {
    "region": "region",
    "app_id": "app_id",
    "key_id": "key_id",
    "sender": "from",
    "sign": "sign_name",
}


def register(subparsers: Any) -> None:
    provider: argparse.ArgumentParser = subparsers.add_parser(
        "provider", help="SMS provider accounts (Sandbox, Alibaba, Tencent, Twilio, HTTP)"
    )
    actions = provider.add_subparsers(dest="provider_action", metavar="ACTION")
    actions.required = True

    add = actions.add_parser(
        "add",
        help="add a provider account",
        description=(
            "key-id/secret: Alibaba AccessKeyId/Secret, Tencent SecretId/SecretKey "
            "(app-id = SmsSdkAppId), Twilio Account SID/Auth Token (from = number or "
            "Messaging Service SID). The secret is read from stdin and kept in the system "
            "keychain, never in the database."
        ),
    )
    add.add_argument("name")
    add.add_argument("--kind", required=True, choices=[k.value for k in ProviderKind])
    add.add_argument("--endpoint", default="", help="override the API URL (http only to 127.0.0.1)")
    add.add_argument("--region")
    add.add_argument("--app-id", dest="app_id")
    add.add_argument("--key-id", dest="key_id")
    add.add_argument("--secret-stdin", action="store_true", help="read the secret from stdin")
    add.add_argument("--from", dest="sender", help="sender number or Messaging Service SID")
    add.add_argument("--sign", help="default signature name (Alibaba, Tencent)")
    add.add_argument("--rate", type=float, help="messages per second (default per kind)")
    add.add_argument("--price", type=float, help="price per message part")
    add.add_argument("--batch", type=int, help="recipients per API call")
    add.add_argument(
        "--setting",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="any other setting of the kind (JSON values allowed), e.g. up_queue=Alicom-Queue-1-SmsUp",
    )
    add.set_defaults(handler=_add)

    listing = actions.add_parser("list", help="list provider accounts")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_list)

    test = actions.add_parser("test", help="check credentials and reachability without sending")
    test.add_argument("name")
    test.set_defaults(handler=_test)

    use = actions.add_parser("use", help="make an account the one used for sending")
    use.add_argument("name")
    use.set_defaults(handler=_use)

    signature: argparse.ArgumentParser = subparsers.add_parser("signature", help="【signatures】")
    sig_actions = signature.add_subparsers(dest="signature_action", metavar="ACTION")
    sig_actions.required = True
    sig_add = sig_actions.add_parser("add", help="add a signature (2-12 characters, no 【】)")
    sig_add.add_argument("name")
    sig_add.add_argument("--company", default="")
    sig_add.add_argument("--provider", help="provider account the approval belongs to")
    sig_add.add_argument("--approved", action="store_true", help="already approved there")
    sig_add.set_defaults(handler=_signature_add)

    template: argparse.ArgumentParser = subparsers.add_parser("template", help="message templates")
    tpl_actions = template.add_subparsers(dest="template_action", metavar="ACTION")
    tpl_actions.required = True
    tpl_add = tpl_actions.add_parser("add", help="add a template ({name} variables)")
    tpl_add.add_argument("name")
    tpl_add.add_argument("--text", required=True)
    tpl_add.add_argument("--kind", choices=[k.value for k in MessageKind], default="marketing")
    tpl_add.add_argument("--signature", help="signature name to prefix")
    tpl_add.add_argument("--provider", help="provider account that approved it")
    tpl_add.add_argument("--code", help="the provider's template code")
    tpl_add.add_argument("--approved", action="store_true", help="approved at the provider")
    tpl_add.set_defaults(handler=_template_add)


def _parse_setting(raw: str) -> tuple[str, Any]:
    key, sep, value = raw.partition("=")
    if not sep or not key.strip():
        raise ValidationError(f"--setting expects KEY=VALUE, got {raw!r}", field="setting")
    try:
        parsed: Any = json.loads(value)
    except ValueError:
        parsed = value
    if not isinstance(parsed, dict | list | bool | int | float):
        parsed = value
    return key.strip(), parsed


def _add(ctx: CommandContext) -> int:
    args = ctx.args
    settings: dict[str, Any] = {}
    for option, key in _SETTING_OPTIONS.items():
        value = getattr(args, option)
        if value:
            settings[key] = value
    for raw in args.setting:
        key, value = _parse_setting(raw)
        settings[key] = value
    secret = None
    if args.secret_stdin:
        secret = sys.stdin.readline().strip()
        if not secret:
            ctx.err("smsdesk-cli: --secret-stdin given but standard input was empty")
            return 2
    with ctx.db.session() as session:
        account = accounts.create_account(
            session,
            name=args.name,
            kind=args.kind,
            settings=settings,
            secret=secret,
            endpoint=args.endpoint,
            price_per_part=args.price,
            rate_per_second=args.rate,
            batch_size=args.batch,
        )
        summary = accounts.summarize(session, account)
    missing = [
        spec.key
        for spec in provider_class(args.kind).setting_fields
        if spec.required and not summary.settings.get(spec.key)
    ]
    ctx.out(f"Added {summary.kind} account {summary.name!r}.")
    if missing:
        ctx.err(f"Note: still missing settings: {', '.join(missing)}")
    if provider_class(args.kind).needs_secret and not summary.has_secret:
        ctx.err("Note: no secret stored; add it with --secret-stdin")
    return 0


def _list(ctx: CommandContext) -> int:
    with ctx.db.session() as session:
        accounts.ensure_sandbox(session)
        rows = [accounts.summarize(session, a) for a in accounts.list_accounts(session)]
    if ctx.args.json:
        ctx.print_json([row.as_dict() for row in rows])
        return 0
    for row in rows:
        marks = ["*" if row.is_active else " "]
        notes = []
        if row.sends_nothing:
            notes.append("sends nothing")
        elif not row.has_secret:
            notes.append("no secret")
        if row.paused_reason:
            notes.append(f"paused: {row.paused_reason}")
        ctx.out(
            f"{marks[0]} {row.name:<20} {row.kind:<8} {row.rate_per_second:g}/s "
            f"batch {row.batch_size} price {row.price_per_part:g}"
            + (f"  ({'; '.join(notes)})" if notes else "")
        )
    return 0


def _test(ctx: CommandContext) -> int:
    with ctx.db.session() as session:
        account = accounts.get_account(session, ctx.args.name)
        config = accounts.provider_config(account)
    accounts.test_connection(config)
    ctx.out(f"{ctx.args.name}: connection and credentials OK (nothing was sent)")
    return 0


def _use(ctx: CommandContext) -> int:
    with ctx.db.session() as session:
        account = accounts.set_active(session, ctx.args.name)
        sends_nothing = accounts.summarize(session, account).sends_nothing
    ctx.out(
        f"Now sending with {ctx.args.name!r}"
        + (" (sandbox: sends nothing)" if sends_nothing else "")
    )
    return 0


def _approval_status(args: argparse.Namespace) -> str:
    if args.approved:
        return ApprovalStatus.APPROVED.value
    return (
        ApprovalStatus.SUBMITTED.value
        if getattr(args, "code", None)
        else ApprovalStatus.DRAFT.value
    )


def _signature_add(ctx: CommandContext) -> int:
    args = ctx.args
    name = args.name.strip().strip("【】")
    if not 2 <= len(name) <= 12:
        raise ValidationError("A signature has 2 to 12 characters", field="name")
    if args.approved and not args.provider:
        raise ValidationError("--approved needs --provider", field="provider")
    with ctx.db.session() as session:
        if session.scalar(select(Signature.id).where(Signature.name == name)):
            raise ValidationError(f"Signature {name!r} exists", field="name", reason="duplicate")
        signature = Signature(name=name, company=args.company)
        session.add(signature)
        session.flush()
        if args.provider:
            account = accounts.get_account(session, args.provider)
            session.add(
                SignatureApproval(
                    signature_id=signature.id,
                    provider_account_id=account.id,
                    status=_approval_status(args),
                )
            )
        audit.record(session, "signature.add", signature=name, provider=args.provider or "")
    ctx.out(f"Added signature 【{name}】")
    return 0


def _template_add(ctx: CommandContext) -> int:
    args = ctx.args
    if (args.approved or args.code) and not args.provider:
        raise ValidationError("--code and --approved need --provider", field="provider")
    with ctx.db.session() as session:
        if session.scalar(select(Template.id).where(Template.name == args.name)):
            raise ValidationError(
                f"Template {args.name!r} exists", field="name", reason="duplicate"
            )
        signature_id = None
        if args.signature:
            signature_id = session.scalar(
                select(Signature.id).where(Signature.name == args.signature.strip("【】"))
            )
            if signature_id is None:
                raise ValidationError(f"No signature {args.signature!r}", field="signature")
        template = Template(
            name=args.name, kind=args.kind, body=args.text, signature_id=signature_id
        )
        session.add(template)
        session.flush()
        if args.provider:
            account = accounts.get_account(session, args.provider)
            status = _approval_status(args)
            session.add(
                TemplateApproval(
                    template_id=template.id,
                    provider_account_id=account.id,
                    provider_code=args.code or "",
                    status=status,
                    approved_text=args.text if status == ApprovalStatus.APPROVED.value else "",
                )
            )
        audit.record(session, "template.add", template=args.name, provider=args.provider or "")
    ctx.out(f"Added template {args.name!r}")
    return 0

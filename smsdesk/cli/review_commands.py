"""`smsdesk-cli review ...`: templates and signatures submitted for the provider's review, and
the verdicts pulled back (Alibaba Cloud, Tencent Cloud; the Sandbox approves at once)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sqlalchemy import select

from smsdesk.cli.context import CommandContext
from smsdesk.core.db.models import Signature, Template
from smsdesk.core.errors import NotFoundError, ValidationError
from smsdesk.core.providers import accounts
from smsdesk.core.templates import provider_review

MAX_PROOF_BYTES = 5 * 1024 * 1024  # Tencent takes images up to 5 MB


def register(subparsers: Any) -> None:
    review: argparse.ArgumentParser = subparsers.add_parser(
        "review", help="submit templates and signatures for the provider's review"
    )
    actions = review.add_subparsers(dest="review_action", metavar="ACTION")
    actions.required = True
    template = actions.add_parser("template", help="submit a template's text for review")
    template.add_argument("name", help="template name")
    template.add_argument("--provider", help="provider account (default: the active one)")
    template.set_defaults(handler=_template)
    signature = actions.add_parser("signature", help="submit a signature for review")
    signature.add_argument("name", help="signature text, without 【】")
    signature.add_argument("--provider", help="provider account (default: the active one)")
    signature.add_argument("--proof", type=Path, help="business licence image (Tencent needs one)")
    signature.set_defaults(handler=_signature)
    pull = actions.add_parser("pull", help="fetch the verdicts of everything under review")
    pull.add_argument("--provider", help="only this provider account")
    pull.add_argument("--json", action="store_true")
    pull.set_defaults(handler=_pull)


def _account_id(ctx: CommandContext, name: str | None) -> int:
    with ctx.db.session() as session:
        account = accounts.get_account(session, name) if name else accounts.active_account(session)
        return account.id


def _template(ctx: CommandContext) -> int:
    account_id = _account_id(ctx, ctx.args.provider)
    with ctx.db.session() as session:
        template_id = session.scalar(select(Template.id).where(Template.name == ctx.args.name))
    if template_id is None:
        raise NotFoundError(f"No template {ctx.args.name!r}", name=ctx.args.name)
    review = provider_review.submit_template(ctx.db, template_id, account_id)
    ctx.out(f"Submitted template {ctx.args.name!r}: {review.status} (code {review.code})")
    return 0


def _signature(ctx: CommandContext) -> int:
    account_id = _account_id(ctx, ctx.args.provider)
    name = ctx.args.name.strip().strip("【】")
    with ctx.db.session() as session:
        signature_id = session.scalar(select(Signature.id).where(Signature.name == name))
    if signature_id is None:
        raise NotFoundError(f"No signature {name!r}", name=name)
    proof = b""
    if ctx.args.proof is not None:
        path: Path = ctx.args.proof
        if not path.is_file():
            raise ValidationError(f"No such file: {path}", field="proof")
        if path.stat().st_size > MAX_PROOF_BYTES:
            raise ValidationError("The proof image must be at most 5 MB", field="proof")
        proof = path.read_bytes()
    review = provider_review.submit_signature(ctx.db, signature_id, account_id, proof_image=proof)
    ctx.out(f"Submitted signature 【{name}】: {review.status}")
    return 0


def _pull(ctx: CommandContext) -> int:
    account_id = _account_id(ctx, ctx.args.provider) if ctx.args.provider else None
    pulled = provider_review.pull_reviews(ctx.db, account_id=account_id)
    if ctx.args.json:
        ctx.print_json(
            {
                "checked": pulled.checked,
                "changes": [
                    {
                        "kind": c.kind,
                        "name": c.name,
                        "provider": c.account_name,
                        "status": c.status.value,
                        "reason": c.reason,
                    }
                    for c in pulled.changes
                ],
                "errors": [
                    {"provider": name, "code": code, "message": message}
                    for name, code, message in pulled.errors
                ],
            }
        )
    else:
        ctx.out(f"Checked {pulled.checked} under review; {len(pulled.changes)} changed")
        for c in pulled.changes:
            reason = f" ({c.reason})" if c.reason else ""
            ctx.out(f"  {c.kind} {c.name!r} on {c.account_name}: {c.status.value}{reason}")
        for name, _code, message in pulled.errors:
            ctx.err(f"  {name}: {message}")
    return 1 if pulled.errors and not pulled.checked else 0

"""The outbox: putting messages in (ad hoc sends) and reading what is there.

``enqueue`` renders ``【signature】`` + the template body with the recipient's variables and
writes one ``queued`` row per message with our own reference (``our_ref``), parts and cost.
Campaigns insert their rows in bulk themselves, in the same shape; the dispatcher treats
both alike.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from smsdesk.core.clock import utc_now
from smsdesk.core.compliance.length import measure
from smsdesk.core.compliance.variables import render, variables_in
from smsdesk.core.db.models import Message, ProviderAccount, Template
from smsdesk.core.enums import MessageState
from smsdesk.core.errors import NotFoundError, ValidationError


def new_ref() -> str:
    """Our own reference for one message: passed to the vendor where the API takes one
    (Alibaba ``OutId``, Tencent ``SessionContext``) and matched in receipts."""
    return "sd" + secrets.token_hex(11)


def render_body(body: str, variables: Mapping[str, Any]) -> str:
    """Fill ``{name}`` placeholders; a missing or blank value is an error, never a gap."""
    blank = [name for name in variables_in(body) if str(variables.get(name, "")).strip() == ""]
    if blank:
        raise ValidationError(f"No value for template variable {{{blank[0]}}}", variable=blank[0])
    return render(body, {name: str(value) for name, value in variables.items()})


def count_parts(text: str) -> int:
    """Billed parts of the full text (signature included)."""
    return measure(text)[2]


def signed_text(sign_name: str, text: str) -> str:
    return f"【{sign_name}】{text}" if sign_name else text


@dataclass(frozen=True)
class OutboxItem:
    """One ad-hoc message to queue. ``kind`` defaults to the template's kind."""

    e164: str
    template_id: int
    variables: Mapping[str, Any] = field(default_factory=dict)
    contact_id: int | None = None
    provider_account_id: int | None = None
    campaign_id: int | None = None
    kind: str | None = None
    not_before: datetime | None = None
    expires_at: datetime | None = None


def enqueue(session: Session, items: Iterable[OutboxItem]) -> int:
    """Queue ``items``; returns how many rows were written. The caller commits."""
    templates: dict[int, Template] = {}
    prices: dict[int, float] = {}
    now = utc_now()
    rows: list[dict[str, Any]] = []
    for item in items:
        template = templates.get(item.template_id)
        if template is None:
            template = session.get(Template, item.template_id)
            if template is None:
                raise NotFoundError(f"No template #{item.template_id}", template=item.template_id)
            templates[item.template_id] = template
        sign_name = template.signature.name if template.signature else ""
        text = signed_text(sign_name, render_body(template.body, item.variables))
        used = {name: str(item.variables[name]) for name in variables_in(template.body)}
        parts = count_parts(text)
        price = 0.0
        if item.provider_account_id is not None:
            if item.provider_account_id not in prices:
                account = session.get(ProviderAccount, item.provider_account_id)
                if account is None:
                    raise NotFoundError(
                        f"No provider account #{item.provider_account_id}",
                        account=item.provider_account_id,
                    )
                prices[item.provider_account_id] = account.price_per_part
            price = prices[item.provider_account_id]
        rows.append(
            {
                "our_ref": new_ref(),
                "campaign_id": item.campaign_id,
                "contact_id": item.contact_id,
                "e164": item.e164,
                "template_id": item.template_id,
                "provider_account_id": item.provider_account_id,
                "kind": item.kind or template.kind,
                "body": text,
                "variables": used,
                "parts": parts,
                "cost": round(parts * price, 4),
                "state": MessageState.QUEUED.value,
                "attempts": 0,
                "error_code": "",
                "error_message": "",
                "skip_reason": "",
                "not_before": item.not_before,
                "expires_at": item.expires_at,
                "created_at": now,
            }
        )
    for start in range(0, len(rows), 1000):
        session.execute(insert(Message), rows[start : start + 1000])
    return len(rows)


def state_counts(session: Session, *, campaign_id: int | None = None) -> dict[str, int]:
    """How many messages are in each state (every state present, zero when none)."""
    query = select(Message.state, func.count()).group_by(Message.state)
    if campaign_id is not None:
        query = query.where(Message.campaign_id == campaign_id)
    counts = dict.fromkeys((state.value for state in MessageState), 0)
    counts.update(dict(session.execute(query).all()))
    return counts


def message_ids(session: Session, *, state: str | None = None) -> list[int]:
    """Ids of the outbox, newest first, optionally in one state (for a windowed table)."""
    query = select(Message.id).order_by(Message.id.desc())
    if state:
        query = query.where(Message.state == state)
    return list(session.scalars(query))

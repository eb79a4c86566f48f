"""Inbound replies (上行): store each once, decide what it asks for, and act at once.

An opt-out reply suppresses the number and appends a withdrawal; Y/START (marketing) and A
(service) append a grant; in every case the reply text is the evidence and the reply row
keeps the action and the consent record it produced.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from smsdesk.core import audit
from smsdesk.core.clock import ensure_utc
from smsdesk.core.consent import consent_log, opt_outs, repermission
from smsdesk.core.consent.reply_interpreter import explain
from smsdesk.core.contacts.numbers import NumberRejected, clean, mask
from smsdesk.core.db.models import Reply
from smsdesk.core.enums import ConsentMethod, ConsentScope, ReplyAction

AUTO_RECORDER = "SMSDesk (reply)"


def find_reply(
    session: Session, provider_account_id: int | None, provider_reply_id: str
) -> Reply | None:
    query = select(Reply).where(Reply.provider_reply_id == provider_reply_id)
    if provider_account_id is None:
        query = query.where(Reply.provider_account_id.is_(None))
    else:
        query = query.where(Reply.provider_account_id == provider_account_id)
    return session.scalar(query.limit(1))


def record_reply(
    session: Session,
    *,
    e164: str,
    text: str,
    received_at: datetime,
    provider_account_id: int | None = None,
    provider_reply_id: str | None = None,
    message_id: int | None = None,
    campaign_id: int | None = None,
    repermission: bool | None = None,
) -> Reply:
    """Store a reply and apply its action; the same provider reply twice is stored once.

    ``repermission=None`` lets the last message sent to the number decide the context.
    """
    if provider_reply_id is not None:
        existing = find_reply(session, provider_account_id, provider_reply_id)
        if existing is not None:
            return existing
    number = _sender(session, e164)
    at = ensure_utc(received_at)
    if repermission is None:
        repermission = repermission_context(
            session, number, at, message_id=message_id, campaign_id=campaign_id
        )
    action = explain(text, repermission=repermission).action
    reply = Reply(
        e164=number,
        text=text,
        received_at=at,
        action=action.value,
        provider_account_id=provider_account_id,
        provider_reply_id=provider_reply_id,
        message_id=message_id,
        campaign_id=campaign_id,
    )
    session.add(reply)
    session.flush()
    reply.consent_record_id = _apply(session, reply, action, repermission)
    session.flush()
    audit.record(
        session, "reply.record", number=mask(number), result=action.value, reply_id=reply.id
    )
    return reply


def repermission_context(
    session: Session,
    e164: str,
    received_at: datetime,
    *,
    message_id: int | None = None,
    campaign_id: int | None = None,
) -> bool:
    return repermission.in_repermission_context(
        session, e164, received_at, message_id=message_id, campaign_id=campaign_id
    )


def _apply(session: Session, reply: Reply, action: ReplyAction, repermission: bool) -> int | None:
    source = f"reply #{reply.id}" + (" (re-permission)" if repermission else "")
    evidence = f"SMS reply received {reply.received_at:%Y-%m-%d %H:%M:%S} UTC: {reply.text}"
    if action == ReplyAction.OPT_OUT:
        change = consent_log.withdraw(
            session,
            reply.e164,
            method=ConsentMethod.SMS_REPLY,
            source=source,
            evidence_text=evidence,
            consented_at=reply.received_at,
            recorded_by=AUTO_RECORDER,
        )
        opt_outs.add_opt_out(
            session,
            reply.e164,
            reason=f"reply: {reply.text.strip()}"[:200],
            source=source,
            at=reply.received_at,
        )
        return change.record_id
    if action in (ReplyAction.CONSENT_MARKETING, ReplyAction.CONSENT_SERVICE):
        scope = (
            ConsentScope.MARKETING
            if action == ReplyAction.CONSENT_MARKETING
            else ConsentScope.SERVICE
        )
        return consent_log.grant(
            session,
            reply.e164,
            scope=scope,
            method=ConsentMethod.SMS_REPLY,
            source=source,
            evidence_text=evidence,
            consented_at=reply.received_at,
            recorded_by=AUTO_RECORDER,
        ).record_id
    return None


def _sender(session: Session, raw: str) -> str:
    try:
        return opt_outs.to_e164(session, raw)
    except NumberRejected:
        cleaned = clean(raw)
        if cleaned.startswith("+") and cleaned[1:].isdigit():
            return cleaned  # an unusual sender is still stored: its "stop" must count
        raise


def list_replies(
    session: Session,
    *,
    actions: Sequence[str] | None = None,
    e164: str | None = None,
    search: str = "",
    offset: int = 0,
    limit: int | None = 200,
) -> list[Reply]:
    """Newest first, optionally only some actions, one number, or text containing ``search``."""
    query = _filtered(select(Reply), actions=actions, e164=e164, search=search)
    query = query.order_by(Reply.received_at.desc(), Reply.id.desc()).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def count_replies(
    session: Session,
    *,
    actions: Sequence[str] | None = None,
    e164: str | None = None,
    search: str = "",
) -> int:
    query = _filtered(
        select(func.count()).select_from(Reply), actions=actions, e164=e164, search=search
    )
    return int(session.scalar(query) or 0)


def _filtered(
    query: Select[Any], *, actions: Sequence[str] | None, e164: str | None, search: str
) -> Select[Any]:
    if actions:
        query = query.where(Reply.action.in_(list(actions)))
    if e164:
        query = query.where(Reply.e164 == e164)
    if search.strip():
        query = query.where(Reply.text.contains(search.strip()))
    return query

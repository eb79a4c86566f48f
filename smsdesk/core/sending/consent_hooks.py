"""Where the sender hands over to the consent domain: numbers a vendor says are blocked go
on the suppression list, and inbound replies go through the reply interpreter."""

from __future__ import annotations

from sqlalchemy.orm import Session

from smsdesk.core.providers.base import InboundReply


def suppress_number(session: Session, e164: str, *, reason: str, source: str) -> None:
    from smsdesk.core.consent import opt_outs

    opt_outs.add_opt_out(session, e164, reason=reason, source=source)


def record_reply(
    session: Session,
    reply: InboundReply,
    *,
    provider_account_id: int,
    message_id: int | None,
    campaign_id: int | None,
) -> bool:
    """Store and interpret one reply; False when it was already stored (pulled twice)."""
    from smsdesk.core.consent import replies

    if replies.find_reply(session, provider_account_id, reply.provider_reply_id) is not None:
        return False
    replies.record_reply(
        session,
        e164=reply.e164,
        text=reply.text,
        received_at=reply.received_at,
        provider_account_id=provider_account_id,
        provider_reply_id=reply.provider_reply_id,
        message_id=message_id,
        campaign_id=campaign_id,
    )
    return True

"""The re-permission flow (授权确认) for an old list, from DOMAIN.md:

"回复Y继续接收新品及优惠，回复A仅接收账单通知，回复T退订所有" → Y grants marketing, A narrows to
service notices, T withdraws everything (and suppresses the number). The replies are handled
by ``replies.record_reply``, which recognises the context itself: the last message sent to the
number within ``REPERMISSION_WINDOW`` offered these choices.

The message asks for permission and promotes nothing, so the template is a ``service``
template; it must still never go to a number on the opt-out list (T meant "stop everything").
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from smsdesk.core.clock import ensure_utc
from smsdesk.core.db.models import Message, Template
from smsdesk.core.enums import MessageKind

REPERMISSION_WINDOW = timedelta(days=30)

TEMPLATE_NAME = "授权确认 Re-permission"
TEMPLATES = {
    "zh": "{name}您好，请确认您希望收到的短信：回复Y继续接收新品及优惠，回复A仅接收账单通知，回复T退订所有。",
    "en": (
        "Hi {name}, please choose which messages you want from us: reply Y for news and offers, "
        "A for bills and notices only, T to stop all messages."
    ),
}

# "回复Y", "回 Y", "reply Y", "Reply YES" (after NFKC and casefold).
_OFFERS_Y_ZH = re.compile(r"回复?[\"'“”‘’「」]?y(?![a-z])")
_OFFERS_Y_EN = re.compile(r"\breply\s+(?:with\s+)?[\"'“”‘’]?y(?:es)?\b")


def repermission_template(language: str = "zh") -> str:
    """The ready-made text (``{name}`` is the contact's name variable)."""
    return TEMPLATES.get(language, TEMPLATES["zh"])


def is_repermission_message(body: str) -> bool:
    """True when a sent text offered the Y/A/T choices (ours or the user's own wording)."""
    text = unicodedata.normalize("NFKC", body or "").casefold()
    compact = "".join(text.split())
    return bool(_OFFERS_Y_ZH.search(compact) or _OFFERS_Y_EN.search(text))


def ensure_repermission_template(
    session: Session, *, language: str = "zh", signature_id: int | None = None
) -> Template:
    """The re-permission template, created on first use (the user may edit its wording)."""
    template = session.scalar(select(Template).where(Template.name == TEMPLATE_NAME))
    if template is None:
        template = Template(
            name=TEMPLATE_NAME,
            kind=MessageKind.SERVICE.value,
            body=repermission_template(language),
            signature_id=signature_id,
            notes="Re-permission: Y = marketing, A = service only, T = opt out of everything.",
        )
        session.add(template)
        session.flush()
    return template


def in_repermission_context(
    session: Session,
    e164: str,
    received_at: datetime,
    *,
    message_id: int | None = None,
    campaign_id: int | None = None,
) -> bool:
    """Whether a reply at ``received_at`` answers a re-permission message.

    With ``message_id`` that message decides; otherwise the last message submitted to the
    number (in ``campaign_id`` when given) no more than ``REPERMISSION_WINDOW`` earlier.
    """
    if message_id is not None:
        message = session.get(Message, message_id)
        return message is not None and is_repermission_message(message.body)
    at = ensure_utc(received_at)
    query = (
        select(Message.body)
        .where(
            Message.e164 == e164,
            Message.submitting_at.is_not(None),  # the number index holds only sent messages
            Message.submitted_at.is_not(None),
            Message.submitted_at <= at,
            Message.submitted_at >= at - REPERMISSION_WINDOW,
        )
        .order_by(Message.submitted_at.desc(), Message.id.desc())
        .limit(1)
    )
    if campaign_id is not None:
        query = query.where(Message.campaign_id == campaign_id)
    body = session.scalar(query)
    return body is not None and is_repermission_message(body)

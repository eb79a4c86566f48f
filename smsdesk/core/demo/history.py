"""A finished demo campaign from three days ago: messages with their delivery states,
redemption codes, and replies (a few opt-outs among them), so the Campaigns, Outbox, Replies
and Dashboard pages have something to show on first start.

The campaign is created through the planner (``lifecycle.create_campaign``) and the replies
through the consent domain (``replies.record_reply``), so opt-outs land on the suppression list
exactly as a real reply would; only the messages are written as history (the Sandbox sends in
real time, and the demo needs a past).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from smsdesk.core.campaigns import codes, lifecycle
from smsdesk.core.campaigns.audience import Audience
from smsdesk.core.campaigns.plan import CampaignPlan, VariantPlan
from smsdesk.core.compliance.length import measure
from smsdesk.core.compliance.variables import render
from smsdesk.core.consent.replies import record_reply
from smsdesk.core.db.models import CampaignRun, Contact, Message, Signature, Tag, Template
from smsdesk.core.db.models.contacts import contact_tags
from smsdesk.core.enums import CampaignState
from smsdesk.core.providers.accounts import ensure_sandbox
from smsdesk.core.sending.outbox import new_ref

CAMPAIGN_NAME = "会员日回馈（演示）"
TEMPLATE_NAME = "老客回归礼"
AUDIENCE_TAGS = ("会员", "VIP", "老客户")
ORDINARY_REPLIES = ("收到，谢谢", "周六几点开门？", "好的", "券码怎么用？", "谢谢老板", "👍")
OPT_OUT_REPLIES = ("T", "退订", "TD", "不要再发了")


def add_campaign_history(session: Session, rng: random.Random, now: datetime) -> int:
    """Create the demo campaign and its history; returns the number of messages."""
    template = session.scalar(select(Template).where(Template.name == TEMPLATE_NAME))
    if template is None:
        return 0
    account = ensure_sandbox(session)
    sent_at = (now - timedelta(days=3)).replace(hour=2, minute=30, second=0, microsecond=0)
    plan = CampaignPlan(
        name=CAMPAIGN_NAME,
        variants=(VariantPlan(template.id),),
        audience=Audience(tags=AUDIENCE_TAGS),
        provider_account_id=account.id,
        starts_at=sent_at,
        ends_at=sent_at + timedelta(days=1),
    )
    campaign = lifecycle.create_campaign(session, plan)
    campaign.created_at = sent_at - timedelta(hours=1)  # planned the morning it went out
    signature = session.get(Signature, template.signature_id) if template.signature_id else None
    prefix = f"【{signature.name}】" if signature else ""
    recipients = session.execute(
        select(Contact.id, Contact.e164, Contact.name)
        .join(contact_tags, contact_tags.c.contact_id == Contact.id)
        .join(Tag, Tag.id == contact_tags.c.tag_id)
        .where(
            Tag.name.in_(AUDIENCE_TAGS),
            Contact.consent_scope == "marketing",
            Contact.opted_out.is_(False),
        )
        .distinct()
        .order_by(Contact.id)
    ).all()
    redemption_codes = codes.generate(len(recipients))
    rows: list[dict[str, Any]] = []
    for (contact_id, e164, name), code in zip(recipients, redemption_codes, strict=True):
        values = {"name": name or "您", "code": code}
        body = prefix + render(template.body, values)
        parts = measure(body)[2]
        submitted = sent_at + timedelta(seconds=len(rows) // 10)
        delivered = rng.random() > 0.04
        rows.append(
            {
                "our_ref": new_ref(),
                "campaign_id": campaign.id,
                "contact_id": contact_id,
                "e164": e164,
                "template_id": template.id,
                "provider_account_id": account.id,
                "kind": template.kind,
                "body": body,
                "variables": values,
                "parts": parts,
                # Domestic SMS is billed on delivery: a failed message costs nothing.
                "cost": round(parts * account.price_per_part, 4) if delivered else 0.0,
                "code": code,
                "state": "delivered" if delivered else "failed",
                "attempts": 1,
                "provider_message_id": f"sandbox-{len(rows):06d}",
                "error_code": "" if delivered else rng.choice(("MK:0001 空号", "MK:0005 停机")),
                "not_before": sent_at,
                "created_at": sent_at - timedelta(minutes=5),
                "submitting_at": submitted,
                "submitted_at": submitted,
                "done_at": submitted + timedelta(seconds=rng.randrange(2, 40)),
            }
        )
    if rows:
        session.execute(insert(Message), rows)
    session.add(
        CampaignRun(
            campaign_id=campaign.id,
            run_key="once",
            status="done",
            queued=len(rows),
            created_at=sent_at,
        )
    )
    campaign.state = CampaignState.COMPLETED.value
    _replies(session, rng, campaign.id, account.id, sent_at)
    return len(rows)


def _replies(
    session: Session, rng: random.Random, campaign_id: int, account_id: int, sent_at: datetime
) -> None:
    delivered = session.execute(
        select(Message.id, Message.e164)
        .where(Message.campaign_id == campaign_id, Message.state == "delivered")
        .order_by(Message.id)
    ).all()
    for index, (message_id, e164) in enumerate(delivered):
        roll = rng.random()
        if index % 250 == 125:  # a healthy campaign: opt-outs under the 0.5% warning threshold
            text = rng.choice(OPT_OUT_REPLIES)
        elif roll < 0.06:
            text = rng.choice(ORDINARY_REPLIES)
        else:
            continue
        record_reply(
            session,
            e164=e164,
            text=text,
            received_at=sent_at + timedelta(minutes=3 + index % 300),
            provider_account_id=account_id,
            provider_reply_id=f"demo-{message_id}",
            message_id=message_id,
            campaign_id=campaign_id,
        )

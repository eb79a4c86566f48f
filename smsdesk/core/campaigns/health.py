"""Campaign health: what happened to its messages, and when to warn or stop.

DOMAIN.md (Campaign health): an opt-out rate above 0.5 % raises a warning, a complaint rate
above 0.1 % pauses the campaign automatically (settings ``health.optout_warn_rate`` and
``health.complaint_pause_rate``). Rates are per message that reached the provider. An opt-out
is a reply with an opt-out keyword within 7 days of the campaign's message to that number;
replies count the same way unless the reply module already tied them to a message.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from smsdesk.core import settings
from smsdesk.core.db.models import Campaign, Complaint, Message, Redemption, Reply
from smsdesk.core.enums import MessageState, ReplyAction

ATTRIBUTION_DAYS = 7
REACHED_STATES = (
    MessageState.SUBMITTING.value,
    MessageState.SUBMITTED.value,
    MessageState.DELIVERED.value,
    MessageState.UNKNOWN.value,
)


@dataclass(frozen=True)
class Figures:
    """Counts for a campaign, or for one of its A/B variants."""

    states: dict[str, int] = field(default_factory=dict)
    replies: int = 0
    opt_outs: int = 0
    complaints: int = 0
    redemptions: int = 0
    cost: float = 0.0

    def count(self, state: MessageState) -> int:
        return self.states.get(state.value, 0)

    @property
    def reached(self) -> int:
        """Messages that went to the provider (the base of every rate)."""
        return sum(self.states.get(s, 0) for s in REACHED_STATES)

    @property
    def sent(self) -> int:
        return self.reached + self.count(MessageState.FAILED)

    def _rate(self, value: int) -> float:
        return value / self.reached if self.reached else 0.0

    @property
    def delivery_rate(self) -> float:
        return self.count(MessageState.DELIVERED) / self.sent if self.sent else 0.0

    @property
    def reply_rate(self) -> float:
        return self._rate(self.replies)

    @property
    def opt_out_rate(self) -> float:
        return self._rate(self.opt_outs)

    @property
    def complaint_rate(self) -> float:
        return self._rate(self.complaints)

    @property
    def redemption_rate(self) -> float:
        return self._rate(self.redemptions)

    def to_json(self) -> dict[str, Any]:
        return {
            "queued": self.count(MessageState.QUEUED),
            "submitted": self.count(MessageState.SUBMITTED) + self.count(MessageState.SUBMITTING),
            "delivered": self.count(MessageState.DELIVERED),
            "failed": self.count(MessageState.FAILED),
            "unknown": self.count(MessageState.UNKNOWN),
            "expired": self.count(MessageState.EXPIRED),
            "cancelled": self.count(MessageState.CANCELLED),
            "skipped": self.count(MessageState.SKIPPED),
            "replies": self.replies,
            "opt_outs": self.opt_outs,
            "complaints": self.complaints,
            "redemptions": self.redemptions,
            "cost": round(self.cost, 2),
            "delivery_rate": round(self.delivery_rate, 4),
            "reply_rate": round(self.reply_rate, 4),
            "opt_out_rate": round(self.opt_out_rate, 4),
            "complaint_rate": round(self.complaint_rate, 4),
            "redemption_rate": round(self.redemption_rate, 4),
        }


def _within_days(later: Any, earlier: Any, days: int, dialect: str) -> ColumnElement[bool]:
    if dialect == "postgresql":
        return later <= earlier + func.make_interval(0, 0, 0, days)
    return func.julianday(later) - func.julianday(earlier) <= days


def _messages(campaign_id: int, variant_id: int | None) -> list[ColumnElement[bool]]:
    where = [Message.campaign_id == campaign_id]
    if variant_id is not None:
        where.append(Message.variant_id == variant_id)
    return where


def _attributed(
    campaign_id: int, variant_id: int | None, since: datetime | None, dialect: str
) -> ColumnElement[bool]:
    """A reply belongs to the campaign (or variant): tied to one of its messages (or, for the
    whole campaign, to the campaign), or, untied, received within 7 days after one of its
    messages to the same number."""
    mine = _messages(campaign_id, variant_id)
    by_number = (
        select(Message.id)
        .where(
            *mine,
            Message.e164 == Reply.e164,
            Message.submitting_at.is_not(None),
            Message.submitting_at <= Reply.received_at,
            _within_days(Reply.received_at, Message.submitting_at, ATTRIBUTION_DAYS, dialect),
        )
        .exists()
    )
    tied: ColumnElement[bool] = Reply.message_id.in_(select(Message.id).where(*mine))
    if variant_id is None:
        tied = or_(Reply.campaign_id == campaign_id, tied)
    untied = and_(Reply.campaign_id.is_(None), Reply.message_id.is_(None), by_number)
    condition = or_(tied, untied)
    if since is not None:
        condition = and_(Reply.received_at >= since, condition)
    return condition


def _complaints(campaign_id: int, variant_id: int | None) -> ColumnElement[bool]:
    if variant_id is None:
        return Complaint.campaign_id == campaign_id
    mine = _messages(campaign_id, variant_id)
    return or_(
        Complaint.message_id.in_(select(Message.id).where(*mine)),
        and_(
            Complaint.message_id.is_(None),
            Complaint.campaign_id == campaign_id,
            Complaint.e164.in_(select(Message.e164).where(*mine)),
        ),
    )


def _redemptions(campaign_id: int, variant_id: int | None) -> ColumnElement[bool]:
    if variant_id is None:
        return Redemption.campaign_id == campaign_id
    return Redemption.message_id.in_(select(Message.id).where(*_messages(campaign_id, variant_id)))


def figures(session: Session, campaign_id: int, variant_id: int | None = None) -> Figures:
    """The campaign's counts (or one variant's)."""
    dialect = session.get_bind().dialect.name
    mine = _messages(campaign_id, variant_id)
    campaign = session.get(Campaign, campaign_id)
    since = campaign.created_at if campaign is not None else None
    states = dict(
        session.execute(
            select(Message.state, func.count()).where(*mine).group_by(Message.state)
        ).all()
    )
    cost = session.scalar(
        select(func.coalesce(func.sum(Message.cost), 0.0)).where(
            *mine, Message.state.in_((*REACHED_STATES, MessageState.FAILED.value))
        )
    )
    replies = _attributed(campaign_id, variant_id, since, dialect)

    def count(*where: ColumnElement[bool], table: Any) -> int:
        return int(session.scalar(select(func.count()).select_from(table).where(*where)) or 0)

    return Figures(
        states={str(k): int(v) for k, v in states.items()},
        replies=count(replies, table=Reply),
        opt_outs=count(Reply.action == ReplyAction.OPT_OUT.value, replies, table=Reply),
        complaints=count(_complaints(campaign_id, variant_id), table=Complaint),
        redemptions=count(_redemptions(campaign_id, variant_id), table=Redemption),
        cost=float(cost or 0.0),
    )


@dataclass(frozen=True)
class HealthVerdict:
    pause: bool
    warning: str  # "" or "opt_out_rate"
    complaint_rate: float
    opt_out_rate: float
    complaint_threshold: float
    opt_out_threshold: float

    def pause_params(self) -> dict[str, Any]:
        return {"rate": round(self.complaint_rate, 6), "threshold": self.complaint_threshold}

    def warning_text(self) -> str:
        if not self.warning:
            return ""
        return json.dumps(
            {
                "code": self.warning,
                "rate": round(self.opt_out_rate, 6),
                "threshold": self.opt_out_threshold,
            },
            sort_keys=True,
        )


def judge(session: Session, stats: Figures) -> HealthVerdict:
    complaint_threshold = float(settings.get(session, "health.complaint_pause_rate"))
    opt_out_threshold = float(settings.get(session, "health.optout_warn_rate"))
    return HealthVerdict(
        pause=stats.reached > 0 and stats.complaint_rate > complaint_threshold,
        warning="opt_out_rate" if stats.reached and stats.opt_out_rate > opt_out_threshold else "",
        complaint_rate=stats.complaint_rate,
        opt_out_rate=stats.opt_out_rate,
        complaint_threshold=complaint_threshold,
        opt_out_threshold=opt_out_threshold,
    )


def parse_warning(text: str) -> tuple[str, dict[str, Any]]:
    """``Campaign.warning`` as (code, figures); ("", {}) when there is none."""
    if not text:
        return "", {}
    try:
        value = json.loads(text)
    except ValueError:
        return "note", {"note": text}
    if not isinstance(value, dict):
        return "note", {"note": text}
    code = str(value.pop("code", "note"))
    return code, value


def check_campaign(session: Session, campaign: Campaign, now: datetime) -> HealthVerdict:
    """Pause a running campaign whose complaint rate is too high; set or clear its warning."""
    from smsdesk.core.campaigns import lifecycle

    verdict = judge(session, figures(session, campaign.id))
    campaign.warning = verdict.warning_text()
    if verdict.pause and campaign.state == lifecycle.S.RUNNING:
        lifecycle.pause(
            session,
            campaign.id,
            reason=lifecycle.PauseReason("complaint_rate", verdict.pause_params()),
        )
    return verdict

"""Campaign records and their state machine.

draft → scheduled → running → paused → completed | cancelled. ``start`` checks that nothing
forbids the campaign (content rules, provider approval) and hands it to the scheduler, which
fires its runs; ``pause`` holds its queued messages (the dispatcher skips messages of paused
campaigns), ``resume`` releases them, ``cancel`` drops them. Every change is audited.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from smsdesk.core import audit
from smsdesk.core.campaigns import content as contents_mod
from smsdesk.core.campaigns.plan import LABELS, CampaignPlan, plan_of
from smsdesk.core.campaigns.preflight import account_for
from smsdesk.core.clock import ensure_utc, utc_now
from smsdesk.core.db.models import Campaign, CampaignRun, CampaignVariant, Message
from smsdesk.core.enums import CampaignState, MessageState
from smsdesk.core.errors import ComplianceError, NotFoundError, ValidationError

S = CampaignState
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.DRAFT: (S.SCHEDULED, S.CANCELLED),
    S.SCHEDULED: (S.RUNNING, S.PAUSED, S.CANCELLED, S.COMPLETED),
    S.RUNNING: (S.PAUSED, S.COMPLETED, S.CANCELLED),
    S.PAUSED: (S.RUNNING, S.SCHEDULED, S.CANCELLED),
    S.COMPLETED: (),
    S.CANCELLED: (),
}
ACTIVE_STATES = (S.SCHEDULED.value, S.RUNNING.value)
PENDING_MESSAGE_STATES = (MessageState.QUEUED.value, MessageState.SUBMITTING.value)


class TransitionError(ValidationError):
    """The campaign is not in a state that allows this (``params``: state, target)."""

    code = "campaign_state"


@dataclass(frozen=True)
class PauseReason:
    """Why a campaign is paused: ``user``, ``complaint_rate``, ``blocked`` or ``run_failed``,
    with the figures that triggered it. Stored as JSON in ``Campaign.paused_reason``."""

    code: str
    params: dict[str, Any]

    def to_text(self) -> str:
        return json.dumps({"code": self.code, **self.params}, ensure_ascii=False, sort_keys=True)

    @classmethod
    def parse(cls, text: str) -> PauseReason | None:
        if not text:
            return None
        try:
            value = json.loads(text)
        except ValueError:
            return cls("user", {"note": text})
        if not isinstance(value, dict):
            return cls("user", {"note": text})
        code = str(value.pop("code", "user"))
        return cls(code, value)


def get_campaign(session: Session, campaign_id: int) -> Campaign:
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFoundError(f"No campaign #{campaign_id}", campaign=campaign_id)
    return campaign


def list_campaigns(session: Session) -> list[Campaign]:
    return list(session.scalars(select(Campaign).order_by(Campaign.id.desc())))


def _store_plan(session: Session, campaign: Campaign, plan: CampaignPlan) -> None:
    campaign.name = plan.name.strip()
    campaign.template_id = plan.variants[0].template_id
    campaign.provider_account_id = plan.provider_account_id
    campaign.audience = plan.audience.to_json()
    campaign.schedule = plan.schedule.to_json()
    campaign.window_start = plan.window.label.split("-")[0]
    campaign.window_end = plan.window.label.split("-")[1]
    campaign.throttle_per_minute = plan.throttle_per_minute
    campaign.starts_at = plan.starts_at
    campaign.ends_at = plan.ends_at
    campaign.ab_winner_at = plan.ab_winner_at
    campaign.variables = dict(plan.variables)
    campaign.seed = plan.seed or campaign.seed or secrets.randbelow(2**31 - 1) + 1
    campaign.variants.clear()
    session.flush()
    if len(plan.variants) > 1 or plan.has_rest:
        for index, variant in enumerate(plan.variants):
            campaign.variants.append(
                CampaignVariant(
                    label=LABELS[index],
                    template_id=variant.template_id,
                    split_percent=variant.split_percent,
                )
            )


def create_campaign(session: Session, plan: CampaignPlan) -> Campaign:
    """A new draft campaign from ``plan`` (a random A/B seed unless the plan has one)."""
    if not plan.name.strip():
        raise ValidationError("A campaign needs a name", field="name")
    campaign = Campaign(name=plan.name.strip(), state=S.DRAFT.value)
    session.add(campaign)
    _store_plan(session, campaign, plan)
    session.flush()
    campaign.kind = _kind(session, campaign)
    audit.record(session, "campaign.create", campaign=campaign.id, name=campaign.name)
    return campaign


def update_campaign(session: Session, campaign_id: int, plan: CampaignPlan) -> Campaign:
    campaign = get_campaign(session, campaign_id)
    if campaign.state != S.DRAFT:
        raise TransitionError(
            "Only a draft can be edited", state=campaign.state, target=S.DRAFT.value
        )
    _store_plan(session, campaign, plan)
    session.flush()
    campaign.kind = _kind(session, campaign)
    audit.record(session, "campaign.update", campaign=campaign.id)
    return campaign


def delete_campaign(session: Session, campaign_id: int) -> None:
    campaign = get_campaign(session, campaign_id)
    if campaign.state != S.DRAFT:
        raise TransitionError("Only a draft can be deleted", state=campaign.state, target="")
    session.delete(campaign)
    audit.record(session, "campaign.delete", campaign=campaign_id)


def _kind(session: Session, campaign: Campaign) -> str:
    from smsdesk.core.db.models import Template

    template = session.get(Template, campaign.template_id) if campaign.template_id else None
    return template.kind if template is not None else campaign.kind


def transition(session: Session, campaign: Campaign, target: CampaignState) -> None:
    if target.value not in TRANSITIONS[CampaignState(campaign.state)]:
        raise TransitionError(
            f"A {campaign.state} campaign cannot become {target.value}",
            state=campaign.state,
            target=target.value,
        )
    previous = campaign.state
    campaign.state = target.value
    campaign.updated_at = utc_now()
    audit.record(
        session, "campaign.state", campaign=campaign.id, previous=previous, state=target.value
    )


def check_sendable(session: Session, campaign: Campaign) -> None:
    """Raise ``ComplianceError`` (``params["blockers"]``) if content or approval forbid it."""
    plan = plan_of(campaign)
    account = account_for(session, plan)
    _, blockers = contents_mod.load_variants(session, plan, account.id)
    if blockers:
        raise ComplianceError(
            "The campaign cannot be sent: " + ", ".join(sorted({b.code for b in blockers})),
            blockers=[
                {
                    "code": b.code,
                    "template_id": b.template_id,
                    "variant": b.label,
                    "detail": b.detail,
                }
                for b in blockers
            ],
        )


def start(
    session: Session, campaign_id: int, *, now: datetime | None = None, fire: bool = True
) -> Campaign:
    """Schedule a draft (after the user confirmed its pre-flight); with ``fire`` a run that is
    due already is queued at once."""
    now = ensure_utc(now or utc_now())
    campaign = get_campaign(session, campaign_id)
    if campaign.state != S.DRAFT:
        raise TransitionError(
            "Only a draft can be started", state=campaign.state, target=S.SCHEDULED.value
        )
    if campaign.ends_at is not None and ensure_utc(campaign.ends_at) <= now:
        raise ValidationError("The campaign's end time has passed", field="ends_at")
    check_sendable(session, campaign)
    if campaign.starts_at is None:
        campaign.starts_at = now
    transition(session, campaign, S.SCHEDULED)
    session.flush()
    if fire:
        from smsdesk.core.campaigns import scheduler

        scheduler.advance(session, campaign, now)
    return campaign


def pause(session: Session, campaign_id: int, *, reason: PauseReason | None = None) -> Campaign:
    campaign = get_campaign(session, campaign_id)
    transition(session, campaign, S.PAUSED)
    campaign.paused_reason = (reason or PauseReason("user", {})).to_text()
    return campaign


def resume(session: Session, campaign_id: int, *, now: datetime | None = None) -> Campaign:
    """Release a paused campaign: running again if a run fired, else scheduled."""
    now = ensure_utc(now or utc_now())
    campaign = get_campaign(session, campaign_id)
    fired = session.scalar(
        select(CampaignRun.id)
        .where(CampaignRun.campaign_id == campaign.id, CampaignRun.status == "done")
        .limit(1)
    )
    if campaign.state != S.PAUSED:
        raise TransitionError(
            "Only a paused campaign can be resumed", state=campaign.state, target=S.RUNNING.value
        )
    check_sendable(session, campaign)
    transition(session, campaign, S.RUNNING if fired else S.SCHEDULED)
    campaign.paused_reason = ""
    session.flush()
    from smsdesk.core.campaigns import scheduler

    scheduler.advance(session, campaign, now)
    return campaign


def cancel(session: Session, campaign_id: int, *, now: datetime | None = None) -> Campaign:
    """Stop for good: messages not yet submitted are cancelled."""
    now = ensure_utc(now or utc_now())
    campaign = get_campaign(session, campaign_id)
    transition(session, campaign, S.CANCELLED)
    session.execute(
        update(Message)
        .where(Message.campaign_id == campaign.id, Message.state == MessageState.QUEUED.value)
        .values(state=MessageState.CANCELLED.value, done_at=now)
        .execution_options(synchronize_session=False)
    )
    return campaign


def complete(session: Session, campaign: Campaign) -> None:
    transition(session, campaign, S.COMPLETED)


def pending_messages(session: Session, campaign_id: int) -> int:
    from sqlalchemy import func

    return int(
        session.scalar(
            select(func.count())
            .select_from(Message)
            .where(Message.campaign_id == campaign_id, Message.state.in_(PENDING_MESSAGE_STATES))
        )
        or 0
    )

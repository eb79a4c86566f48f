"""What the campaigns page shows: every campaign with its state and health figures, read in
one go off the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from smsdesk.core.campaigns import ab_testing, health, lifecycle, scheduler
from smsdesk.core.campaigns.health import Figures
from smsdesk.core.campaigns.lifecycle import PauseReason
from smsdesk.core.clock import ensure_utc
from smsdesk.core.db.models import Campaign, Template


@dataclass(frozen=True)
class CampaignSummary:
    id: int
    name: str
    state: str
    kind: str
    schedule: dict[str, Any]
    template_names: tuple[str, ...]
    window: str
    starts_at: datetime | None
    ends_at: datetime | None
    figures: Figures
    paused: PauseReason | None
    warning: tuple[str, dict[str, Any]]
    missed_runs: tuple[str, ...]
    variants: tuple[ab_testing.VariantResult, ...]


def _summary(session: Session, campaign: Campaign) -> CampaignSummary:
    template_ids = [v.template_id for v in campaign.variants] or [campaign.template_id]
    names = dict(
        session.execute(
            select(Template.id, Template.name).where(
                Template.id.in_([t for t in template_ids if t])
            )
        ).all()
    )
    return CampaignSummary(
        id=campaign.id,
        name=campaign.name,
        state=campaign.state,
        kind=campaign.kind,
        schedule=dict(campaign.schedule or {}),
        template_names=tuple(names.get(t or 0, "") for t in template_ids),
        window=f"{campaign.window_start}-{campaign.window_end}",
        starts_at=ensure_utc(campaign.starts_at) if campaign.starts_at else None,
        ends_at=ensure_utc(campaign.ends_at) if campaign.ends_at else None,
        figures=health.figures(session, campaign.id),
        paused=PauseReason.parse(campaign.paused_reason),
        warning=health.parse_warning(campaign.warning),
        missed_runs=tuple(run.run_key for run in scheduler.missed_runs(session, campaign.id)),
        variants=tuple(ab_testing.results(session, campaign)) if campaign.variants else (),
    )


def summaries(session: Session) -> list[CampaignSummary]:
    return [_summary(session, c) for c in lifecycle.list_campaigns(session)]


def summary(session: Session, campaign_id: int) -> CampaignSummary:
    return _summary(session, lifecycle.get_campaign(session, campaign_id))

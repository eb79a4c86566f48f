"""The scheduler's step: fire due runs, record missed ones, send A/B winners, expire, watch
health, complete finished campaigns.

``tick(session, now)`` is called every few seconds by whoever runs the sender (the app while
it is open, ``smsdesk-cli run`` from the OS's task scheduler); the sender lease keeps it to
one process at a time, and the unique ``CampaignRun`` row keeps each run to one firing even
if two ticks race. A restart needs no special handling: the next tick sees which runs are
recorded and carries on; recurring runs whose day passed while nothing ran are recorded as
missed and reported, never fired late.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from smsdesk.core import audit
from smsdesk.core.campaigns import ab_testing, health, lifecycle, runs
from smsdesk.core.campaigns.eligibility import Phase
from smsdesk.core.campaigns.plan import CampaignPlan, plan_of
from smsdesk.core.campaigns.queueing import queue_run
from smsdesk.core.campaigns.runs import ONCE, WINNER, RunSpec
from smsdesk.core.clock import ensure_utc
from smsdesk.core.db.models import Campaign, CampaignRun, Message
from smsdesk.core.enums import CampaignState, MessageState
from smsdesk.core.errors import ComplianceError, SMSDeskError

log = logging.getLogger(__name__)

DONE = "done"
MISSED = "missed"


@dataclass(frozen=True)
class FiredRun:
    campaign_id: int
    run_key: str
    queued: int


@dataclass
class TickResult:
    fired: list[FiredRun] = field(default_factory=list)
    missed: list[tuple[int, str]] = field(default_factory=list)
    started: list[int] = field(default_factory=list)
    completed: list[int] = field(default_factory=list)
    paused: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    expired: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def queued(self) -> int:
        return sum(run.queued for run in self.fired)

    @property
    def changed(self) -> bool:
        return bool(
            self.fired
            or self.missed
            or self.started
            or self.completed
            or self.paused
            or self.expired
            or self.errors
        )


def tick(session: Session, now: datetime) -> TickResult:
    """One step for every scheduled and running campaign. The caller commits."""
    now = ensure_utc(now)
    result = TickResult()
    campaigns = session.scalars(
        select(Campaign).where(Campaign.state.in_(lifecycle.ACTIVE_STATES)).order_by(Campaign.id)
    ).all()
    result.expired = (
        session.execute(
            update(Message)
            .where(
                Message.campaign_id.is_not(None),
                Message.state == MessageState.QUEUED.value,
                Message.expires_at.is_not(None),
                Message.expires_at <= now,
            )
            .values(state=MessageState.EXPIRED.value, done_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        or 0
    )
    for campaign in campaigns:
        advance(session, campaign, now, result)
    return result


def advance(
    session: Session, campaign: Campaign, now: datetime, result: TickResult | None = None
) -> TickResult:
    """Bring one campaign up to ``now``."""
    result = result or TickResult()
    if campaign.state not in lifecycle.ACTIVE_STATES:
        return result
    try:
        plan = plan_of(campaign)
        started_at = ensure_utc(campaign.starts_at or now)
        done = runs.done_keys(session, campaign.id)
        due, missed = runs.due_and_missed(plan, started_at=started_at, now=now, done=done)
        for spec in missed:
            if _record(session, campaign, spec, status=MISSED, note="not_running"):
                result.missed.append((campaign.id, spec.key))
                done.add(spec.key)
        for spec in due:
            phase = Phase(test_only=plan.has_rest) if spec.key == ONCE else Phase()
            fired = fire(session, campaign, plan, spec, now, phase=phase)
            if fired is not None:
                result.fired.append(fired)
                done.add(spec.key)
        if plan.has_rest and ONCE in done and WINNER not in done:
            fired = _send_winner(session, campaign, plan, now)
            if fired is not None:
                result.fired.append(fired)
                done.add(WINNER)
    except ComplianceError as exc:
        _pause(session, campaign, "blocked", {"blockers": exc.params.get("blockers", [])}, result)
        return result
    except SMSDeskError as exc:
        log.warning("campaign %s: %s", campaign.id, exc)
        result.errors.append((campaign.id, exc.code))
        _pause(session, campaign, "run_failed", {"error": exc.code}, result)
        return result
    if campaign.state == CampaignState.SCHEDULED and any(
        f.campaign_id == campaign.id for f in result.fired
    ):
        lifecycle.transition(session, campaign, CampaignState.RUNNING)
        result.started.append(campaign.id)
    if campaign.state == CampaignState.RUNNING:
        verdict = health.check_campaign(session, campaign, now)
        if verdict.pause:
            result.paused.append((campaign.id, "complaint_rate"))
        elif verdict.warning:
            result.warnings.append((campaign.id, verdict.warning))
    if (
        campaign.state in lifecycle.ACTIVE_STATES
        and _finished(plan, done, now)
        and lifecycle.pending_messages(session, campaign.id) == 0
    ):
        if campaign.state == CampaignState.SCHEDULED:
            lifecycle.transition(session, campaign, CampaignState.RUNNING)
        lifecycle.complete(session, campaign)
        result.completed.append(campaign.id)
    return result


def _finished(plan: CampaignPlan, done: set[str], now: datetime) -> bool:
    if plan.schedule.recurring:
        return plan.ends_at is not None and now >= plan.ends_at
    if ONCE not in done:
        return False
    return not plan.has_rest or WINNER in done or (plan.ends_at is not None and now >= plan.ends_at)


def _pause(
    session: Session, campaign: Campaign, code: str, params: dict[str, object], result: TickResult
) -> None:
    if campaign.state in (CampaignState.SCHEDULED, CampaignState.RUNNING):
        lifecycle.pause(session, campaign.id, reason=lifecycle.PauseReason(code, dict(params)))
        result.paused.append((campaign.id, code))


def _record(
    session: Session, campaign: Campaign, spec: RunSpec, *, status: str, note: str = ""
) -> CampaignRun | None:
    """Claim the run's key; ``None`` if another tick claimed it first."""
    run = CampaignRun(campaign_id=campaign.id, run_key=spec.key, status=status, note=note)
    try:
        with session.begin_nested():
            session.add(run)
            session.flush()
    except IntegrityError:
        return None
    if status == MISSED:
        audit.record(session, "campaign.run_missed", campaign=campaign.id, run=spec.key)
    return run


def fire(
    session: Session,
    campaign: Campaign,
    plan: CampaignPlan,
    spec: RunSpec,
    now: datetime,
    *,
    phase: Phase | None = None,
) -> FiredRun | None:
    """Queue one run (once: the ``CampaignRun`` row is claimed first)."""
    run = _record(session, campaign, spec, status=DONE)
    if run is None:
        return None
    try:
        queued = queue_run(
            session,
            plan,
            campaign_id=campaign.id,
            run_id=run.id,
            at=max(now, spec.planned_at),
            horizon=spec.horizon,
            now=now,
            trigger=spec.trigger,
            phase=phase,
        )
    except SMSDeskError:
        session.delete(run)
        session.flush()
        raise
    report = queued.report
    run.queued = queued.queued
    run.note = json.dumps(
        {
            "eligible": report.eligible,
            "excluded": report.excluded,
            "deferred": report.deferred,
            "last_send_estimate": report.to_json()["last_send_estimate"],
        },
        sort_keys=True,
    )
    audit.record(session, "campaign.run", campaign=campaign.id, run=spec.key, queued=queued.queued)
    return FiredRun(campaign.id, spec.key, queued.queued)


def _send_winner(
    session: Session, campaign: Campaign, plan: CampaignPlan, now: datetime
) -> FiredRun | None:
    if plan.ab_winner_at is None or now < plan.ab_winner_at:
        return None
    best = ab_testing.winner(ab_testing.results(session, campaign))
    if best is None:
        return None
    index = next(i for i, v in enumerate(plan.variants) if v.variant_id == best.variant_id)
    spec = RunSpec(WINNER, now, plan.ends_at, plan.ends_at)
    fired = fire(
        session, campaign, plan, spec, now, phase=Phase(rest_only=True, rest_variant=index)
    )
    if fired is not None:
        audit.record(session, "campaign.ab_winner", campaign=campaign.id, variant=best.label)
    return fired


def missed_runs(session: Session, campaign_id: int) -> list[CampaignRun]:
    """Runs recorded as missed (the program was not running), newest first."""
    return list(
        session.scalars(
            select(CampaignRun)
            .where(CampaignRun.campaign_id == campaign_id, CampaignRun.status == MISSED)
            .order_by(CampaignRun.run_key.desc())
        )
    )


def recover(session: Session, now: datetime) -> TickResult:
    """After a restart: one tick. Runs already fired are recorded, so nothing fires twice;
    the days the program was closed come back as missed runs for the user to see."""
    return tick(session, now)

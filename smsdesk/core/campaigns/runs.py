"""Runs: each firing of a campaign, once for a one-off, per day for recurring and triggers.

A ``CampaignRun`` row per (campaign, run key) makes a run happen once, whoever fires it (the
app's scheduler or ``smsdesk-cli run``) and however often the program restarts. A recurring
run that was not fired while it could still reach people that day (the program was closed)
is recorded as *missed* and shown to the user; it is never fired late, at night.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from smsdesk.core.campaigns.eligibility import Trigger
from smsdesk.core.campaigns.plan import CampaignPlan, Schedule
from smsdesk.core.campaigns.windows import local_date, local_instant, parse_time, zone
from smsdesk.core.clock import ensure_utc
from smsdesk.core.db.models import CampaignRun

ONCE = "once"
WINNER = "winner"
LOOKBACK_DAYS = 31  # missed recurring runs reported at most this far back


@dataclass(frozen=True)
class RunSpec:
    key: str
    planned_at: datetime  # when it fires (UTC)
    cutoff: datetime | None  # after this an unfired run is missed, not fired late
    horizon: datetime | None  # its messages expire then
    trigger: Trigger | None = None


def _min(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def once(plan: CampaignPlan, started_at: datetime) -> RunSpec:
    planned = ensure_utc(plan.starts_at or started_at)
    return RunSpec(ONCE, planned, plan.ends_at, plan.ends_at)


def trigger_for(schedule: Schedule, day: date) -> Trigger | None:
    tz = zone(schedule.timezone)
    if schedule.type == "birthday":
        days = [day.strftime("%m-%d")]
        # 29 February birthdays are celebrated on the 28th in other years.
        if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
            days.append("02-29")
        return Trigger(birthdays=tuple(days))
    if schedule.type == "since_purchase":
        bought = day - timedelta(days=schedule.days)
        return Trigger(
            purchased_from=local_instant(bought, time(0, 0), tz),
            purchased_until=local_instant(bought + timedelta(days=1), time(0, 0), tz),
        )
    return None


def recurring_on(plan: CampaignPlan, day: date) -> RunSpec | None:
    """The run of a recurring campaign on ``day`` (the business's calendar), if any."""
    schedule = plan.schedule
    if schedule.type == "weekly" and day.weekday() not in schedule.weekdays:
        return None
    tz = zone(schedule.timezone)
    planned = local_instant(day, parse_time(schedule.time), tz)
    closes = local_instant(day, plan.window.end, tz)
    cutoff = closes if closes > planned else planned + timedelta(hours=1)
    horizon = _min(planned + timedelta(days=1), plan.ends_at)
    return RunSpec(day.isoformat(), planned, cutoff, horizon, trigger_for(schedule, day))


def recurring_between(plan: CampaignPlan, start: datetime, end: datetime) -> Iterator[RunSpec]:
    """Recurring runs planned in [start, end]."""
    tz_name = plan.schedule.timezone
    day = local_date(tz_name, start)
    last = local_date(tz_name, end)
    while day <= last:
        spec = recurring_on(plan, day)
        if spec is not None and start <= spec.planned_at <= end:
            yield spec
        day += timedelta(days=1)


def next_run(plan: CampaignPlan, now: datetime) -> RunSpec | None:
    """The next run to fire at or after ``now`` (for the pre-flight of a recurring campaign)."""
    if not plan.schedule.recurring:
        return once(plan, now)
    start = max(now, plan.starts_at or now)
    for spec in recurring_between(plan, start, start + timedelta(days=8)):
        if plan.ends_at is None or spec.planned_at < plan.ends_at:
            return spec
    return None


def done_keys(session: Session, campaign_id: int) -> set[str]:
    return set(
        session.scalars(select(CampaignRun.run_key).where(CampaignRun.campaign_id == campaign_id))
    )


def due_and_missed(
    plan: CampaignPlan, *, started_at: datetime, now: datetime, done: set[str]
) -> tuple[list[RunSpec], list[RunSpec]]:
    """Runs to fire now, and runs whose time passed while nothing fired them."""
    if not plan.schedule.recurring:
        spec = once(plan, started_at)
        if ONCE in done or spec.planned_at > now:
            return [], []
        if spec.cutoff is not None and now >= spec.cutoff:
            return [], [spec]
        return [spec], []
    start = max(ensure_utc(started_at), now - timedelta(days=LOOKBACK_DAYS))
    if plan.starts_at is not None:
        start = max(start, plan.starts_at)
    end = now if plan.ends_at is None else min(now, plan.ends_at)
    due: list[RunSpec] = []
    missed: list[RunSpec] = []
    for spec in recurring_between(plan, start, end):
        if spec.key in done:
            continue
        if spec.cutoff is not None and now >= spec.cutoff:
            missed.append(spec)
        else:
            due.append(spec)
    return due, missed

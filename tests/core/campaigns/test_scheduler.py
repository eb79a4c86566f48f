"""The scheduler's tick: one-off and recurring runs fire once, missed runs are reported
instead of fired late, a restart carries on, campaigns complete and expire."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from smsdesk.core.campaigns import lifecycle, scheduler
from smsdesk.core.campaigns.plan import Schedule
from smsdesk.core.db.engine import open_database, sqlite_url
from smsdesk.core.db.models import CampaignRun, Message
from tests.core.campaigns.conftest import NOW, make_plan
from tests.helpers.campaign_data import Shop, add_contact, setup_shop


def _count(session: Session, campaign_id: int, *states: str) -> int:
    query = select(func.count()).select_from(Message).where(Message.campaign_id == campaign_id)
    if states:
        query = query.where(Message.state.in_(states))
    return int(session.scalar(query) or 0)


def _runs(session: Session, campaign_id: int) -> dict[str, str]:
    rows = session.execute(
        select(CampaignRun.run_key, CampaignRun.status).where(
            CampaignRun.campaign_id == campaign_id
        )
    )
    return dict(rows.all())


def test_state_machine(session: Session, shop: Shop) -> None:
    add_contact(session)
    campaign = lifecycle.create_campaign(session, make_plan(shop, start=NOW + timedelta(days=1)))
    with pytest.raises(lifecycle.TransitionError):
        lifecycle.resume(session, campaign.id, now=NOW)
    lifecycle.start(session, campaign.id, now=NOW)
    assert campaign.state == "scheduled"  # starts tomorrow
    with pytest.raises(lifecycle.TransitionError):
        lifecycle.start(session, campaign.id, now=NOW)
    lifecycle.pause(session, campaign.id)
    assert campaign.state == "paused"
    assert lifecycle.PauseReason.parse(campaign.paused_reason) == lifecycle.PauseReason("user", {})
    lifecycle.resume(session, campaign.id, now=NOW)
    assert campaign.state == "scheduled"
    assert _count(session, campaign.id) == 0
    result = scheduler.tick(session, NOW + timedelta(days=1))
    assert campaign.state == "running"
    assert result.started == [campaign.id]
    assert _count(session, campaign.id, "queued") == 1
    lifecycle.cancel(session, campaign.id, now=NOW + timedelta(days=1))
    assert campaign.state == "cancelled"
    assert _count(session, campaign.id, "cancelled") == 1
    with pytest.raises(lifecycle.TransitionError):
        lifecycle.resume(session, campaign.id, now=NOW)


def test_a_run_fires_once_however_often_the_tick_runs(session: Session, shop: Shop) -> None:
    add_contact(session)
    campaign = lifecycle.create_campaign(session, make_plan(shop))
    lifecycle.start(session, campaign.id, now=NOW)
    for minutes in (0, 1, 2, 60):
        scheduler.tick(session, NOW + timedelta(minutes=minutes))
    assert _runs(session, campaign.id) == {"once": "done"}
    assert _count(session, campaign.id) == 1


def test_completion_and_expiry(session: Session, shop: Shop) -> None:
    for _ in range(3):
        add_contact(session)
    campaign = lifecycle.create_campaign(session, make_plan(shop, days=1))
    lifecycle.start(session, campaign.id, now=NOW)
    first, *_rest = session.scalars(select(Message).where(Message.campaign_id == campaign.id)).all()
    first.state = "delivered"
    session.flush()
    result = scheduler.tick(session, NOW + timedelta(days=1, minutes=1))
    assert result.expired == 2
    assert result.completed == [campaign.id]
    assert campaign.state == "completed"
    assert _count(session, campaign.id, "expired") == 2


def test_recurring_birthday_runs(session: Session, shop: Shop) -> None:
    today = add_contact(session, birthday=date(1990, 5, 20))
    tomorrow = add_contact(session, birthday=date(1985, 5, 21))
    add_contact(session, birthday=date(1992, 7, 1))
    add_contact(session)  # no birthday known
    plan = make_plan(shop, days=None).with_changes(schedule=Schedule(type="birthday", time="10:00"))
    campaign = lifecycle.create_campaign(session, plan)
    lifecycle.start(session, campaign.id, now=NOW)  # 10:00 in Shanghai: today's run is due
    assert _runs(session, campaign.id) == {"2026-05-20": "done"}
    scheduler.tick(session, NOW + timedelta(hours=3))
    scheduler.tick(session, NOW + timedelta(days=1, minutes=5))
    assert _runs(session, campaign.id) == {"2026-05-20": "done", "2026-05-21": "done"}
    sent = session.execute(
        select(Message.contact_id, Message.not_before, Message.expires_at).where(
            Message.campaign_id == campaign.id
        )
    ).all()
    assert sorted(row.contact_id for row in sent) == sorted([today.id, tomorrow.id])
    # Each greeting expires a day after its run: never a late "happy birthday".
    assert all(row.expires_at - row.not_before <= timedelta(days=1) for row in sent)
    assert campaign.state == "running"


def test_leap_day_birthdays_in_other_years(session: Session, shop: Shop) -> None:
    leap = add_contact(session, birthday=date(2000, 2, 29))
    start = datetime(2027, 2, 28, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai, 2027 is no leap year
    plan = make_plan(shop, days=None, start=start).with_changes(
        schedule=Schedule(type="birthday", time="09:30")
    )
    campaign = lifecycle.create_campaign(session, plan)
    lifecycle.start(session, campaign.id, now=start)
    scheduler.tick(session, start + timedelta(hours=1))
    assert (
        session.scalar(select(Message.contact_id).where(Message.campaign_id == campaign.id))
        == leap.id
    )


def test_days_since_last_purchase(session: Session, shop: Shop) -> None:
    bought = add_contact(session, last_purchase_at=datetime(2026, 5, 17, 6, 0, tzinfo=UTC))
    add_contact(session, last_purchase_at=datetime(2026, 5, 18, 6, 0, tzinfo=UTC))
    plan = make_plan(shop, days=None).with_changes(
        schedule=Schedule(type="since_purchase", time="10:00", days=3)
    )
    campaign = lifecycle.create_campaign(session, plan)
    lifecycle.start(session, campaign.id, now=NOW)
    assert (
        session.scalar(select(Message.contact_id).where(Message.campaign_id == campaign.id))
        == bought.id
    )


def test_late_runs_are_missed_not_fired_at_night(session: Session, shop: Shop) -> None:
    add_contact(session, birthday=date(1990, 5, 20))
    plan = make_plan(shop, days=None).with_changes(schedule=Schedule(type="daily", time="10:00"))
    campaign = lifecycle.create_campaign(session, plan)
    lifecycle.start(session, campaign.id, now=NOW - timedelta(hours=1))  # 09:00, before the run
    # Nothing ticked during the day; at 22:00 Shanghai time the run is missed, not fired.
    result = scheduler.tick(session, datetime(2026, 5, 20, 14, 0, tzinfo=UTC))
    assert result.missed == [(campaign.id, "2026-05-20")]
    assert result.fired == []
    assert _count(session, campaign.id) == 0
    assert [run.run_key for run in scheduler.missed_runs(session, campaign.id)] == ["2026-05-20"]


def test_restart_recovery(db_path: Path) -> None:
    """The program stops for three days; after a restart nothing fires twice, the days it was
    closed are reported as missed, today's run fires, and a one-off due meanwhile fires."""
    with time_machine.travel(NOW, tick=False):
        db = open_database(sqlite_url(db_path))
        with db.session() as session:
            shop = setup_shop(session)
            add_contact(session)
            for _ in range(3):
                add_contact(session, tags=("VIP",))
            daily = lifecycle.create_campaign(
                session,
                make_plan(shop, days=None).with_changes(
                    schedule=Schedule(type="daily", time="10:00")
                ),
            )
            lifecycle.start(session, daily.id, now=NOW)
            later = lifecycle.create_campaign(
                session, make_plan(shop, tags=("VIP",), start=NOW + timedelta(days=2), days=5)
            )
            lifecycle.start(session, later.id, now=NOW)
            daily_id, later_id = daily.id, later.id
        db.close()
    restart = NOW + timedelta(days=3, minutes=30)  # 23 May, 10:30 in Shanghai
    with time_machine.travel(restart, tick=False):
        db = open_database(sqlite_url(db_path))
        with db.session() as session:
            result = scheduler.recover(session, restart)
            assert sorted(result.missed) == [(daily_id, "2026-05-21"), (daily_id, "2026-05-22")]
            assert sorted((f.campaign_id, f.run_key) for f in result.fired) == [
                (daily_id, "2026-05-23"),
                (later_id, "once"),
            ]
        with db.session() as session:
            again = scheduler.tick(session, restart + timedelta(minutes=1))
            assert again.fired == []
            assert again.missed == []
            assert _runs(session, daily_id) == {
                "2026-05-20": "done",
                "2026-05-21": "missed",
                "2026-05-22": "missed",
                "2026-05-23": "done",
            }
            assert _count(session, later_id) == 3
        db.close()


def test_two_schedulers_racing_fire_a_run_once(db_path: Path) -> None:
    with time_machine.travel(NOW, tick=False):
        db = open_database(sqlite_url(db_path))
        with db.session() as session:
            shop = setup_shop(session)
            add_contact(session)
            campaign = lifecycle.create_campaign(
                session, make_plan(shop, start=NOW + timedelta(hours=1))
            )
            lifecycle.start(session, campaign.id, now=NOW)
            campaign_id = campaign.id
        at = NOW + timedelta(hours=2)
        with db.session() as first, db.session() as second:
            scheduler.tick(first, at)
            first.commit()
            result = scheduler.tick(second, at)
        assert result.fired == []
        with db.session() as session:
            assert _count(session, campaign_id) == 1
        db.close()

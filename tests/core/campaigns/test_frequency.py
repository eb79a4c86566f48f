"""Frequency tiers across overlapping campaigns: messages another campaign has only queued
count too, each tier's cap and window holds, and a cap defers rather than drops when the
campaign's end allows it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from smsdesk.core import settings
from smsdesk.core.campaigns import lifecycle
from smsdesk.core.campaigns.frequency import Cap, Subject, contact_under_cap, nth_latest, over_cap
from smsdesk.core.campaigns.preflight import preflight
from smsdesk.core.db.models import Contact, Message
from tests.core.campaigns.conftest import NOW, make_plan
from tests.helpers.campaign_data import Shop, add_contact, past_message

TIERS = ("new", "active", "dormant", "loyal")


def _start(session: Session, shop: Shop, *, at=NOW, days: float = 1) -> int:  # type: ignore[no-untyped-def]
    campaign = lifecycle.create_campaign(session, make_plan(shop, start=at, days=days))
    lifecycle.start(session, campaign.id, now=at)
    return campaign.id


def _eligible_by_tier(session: Session, shop: Shop, at, days: float = 1) -> dict[str, int]:  # type: ignore[no-untyped-def]
    result = {}
    for tier in TIERS:
        plan = make_plan(shop, tags=(tier,), start=at, days=days)
        result[tier] = preflight(session, plan, now=at).eligible
    return result


@pytest.fixture
def tiered(session: Session, shop: Shop) -> dict[str, int]:
    ids = {}
    for tier in TIERS:
        ids[tier] = add_contact(session, tier=tier, tags=("会员", tier)).id
    return ids


def test_messages_queued_by_another_campaign_count(
    session: Session, shop: Shop, tiered: dict[str, int]
) -> None:
    first = _start(session, shop)
    queued = session.scalar(
        select(func.count())
        .select_from(Message)
        .where(Message.campaign_id == first, Message.state == "queued")
    )
    assert queued == 4  # queued, none sent yet
    later = NOW + timedelta(hours=1)
    assert _eligible_by_tier(session, shop, later) == {
        "new": 0,
        "active": 0,
        "dormant": 0,
        "loyal": 1,
    }
    assert not contact_under_cap(session, tiered["new"], later)
    assert contact_under_cap(session, tiered["loyal"], later)


def test_each_tier_cap_across_two_overlapping_campaigns(
    session: Session, shop: Shop, tiered: dict[str, int]
) -> None:
    _start(session, shop)
    second = _start(session, shop, at=NOW + timedelta(hours=2))
    second_queued = session.scalar(
        select(func.count()).select_from(Message).where(Message.campaign_id == second)
    )
    assert second_queued == 1  # only the loyal customer (2 per 30 days)
    # Loyal is now at its cap too; each tier frees up when its own window has passed.
    expected = {
        timedelta(days=6): {"new": 0, "active": 0, "dormant": 0, "loyal": 0},
        timedelta(days=7, hours=1): {"new": 1, "active": 0, "dormant": 0, "loyal": 0},
        timedelta(days=14, hours=1): {"new": 1, "active": 1, "dormant": 0, "loyal": 0},
        timedelta(days=29): {"new": 1, "active": 1, "dormant": 0, "loyal": 0},
        # 30 days after the first campaign: dormant is free, and loyal has one slot again
        # (the second campaign's message is still inside its 30 days).
        timedelta(days=30, hours=1): {"new": 1, "active": 1, "dormant": 1, "loyal": 1},
    }
    for offset, counts in expected.items():
        assert _eligible_by_tier(session, shop, NOW + offset) == counts, offset


def test_caps_come_from_settings(session: Session, shop: Shop, tiered: dict[str, int]) -> None:
    settings.set_value(
        session,
        "frequency.caps",
        {"new": [3, 7], "active": [1, 14], "dormant": [1, 30], "loyal": [2, 30]},
    )
    past_message(session, session.get(Contact, tiered["new"]), NOW - timedelta(days=1))
    assert _eligible_by_tier(session, shop, NOW)["new"] == 1


def test_failed_and_cancelled_messages_do_not_count(session: Session, shop: Shop) -> None:
    contact = add_contact(session, tier="new")
    past_message(session, contact, NOW - timedelta(days=1), state="failed")
    past_message(session, contact, NOW - timedelta(days=2), state="cancelled")
    past_message(session, contact, NOW - timedelta(days=2), state="skipped")
    past_message(session, contact, NOW - timedelta(days=1), kind="service")
    assert preflight(session, make_plan(shop, days=1), now=NOW).eligible == 1


def test_capped_today_free_on_day_three_is_deferred_not_excluded(
    session: Session, shop: Shop
) -> None:
    contact = add_contact(session, tier="new")
    past_message(session, contact, NOW - timedelta(days=5))  # free again in two days
    short = preflight(session, make_plan(shop, days=1), now=NOW)
    assert short.eligible == 0
    assert short.excluded["frequency_cap"] == 1
    five_days = preflight(session, make_plan(shop, days=5), now=NOW)
    assert five_days.eligible == 1
    assert five_days.deferred == 1
    assert five_days.excluded["frequency_cap"] == 0
    # It goes on day three, inside the window, after its cap window has passed.
    assert five_days.last_send_estimate is not None
    assert (
        NOW + timedelta(days=2) <= five_days.last_send_estimate < NOW + timedelta(days=2, hours=2)
    )
    # The queue agrees with the report.
    campaign = lifecycle.create_campaign(session, make_plan(shop, days=5))
    lifecycle.start(session, campaign.id, now=NOW)
    message = session.scalar(select(Message).where(Message.campaign_id == campaign.id))
    assert message is not None
    assert message.not_before is not None
    assert NOW + timedelta(days=2) <= message.not_before < NOW + timedelta(days=2, hours=2)


def test_the_cap_reads_the_counted_index(session: Session) -> None:
    """The queries' expression is matched to the index's (literals, not parameters): the cap
    and the capped contacts' free-again time are index ranges, never a scan of the log."""
    caps = {"new": Cap(1, 7), "loyal": Cap(2, 30)}
    for expression in (over_cap(caps, NOW), nth_latest(caps, NOW, Subject.contacts())):
        compiled = (
            select(expression)
            .select_from(Contact)
            .compile(session.get_bind(), compile_kwargs={"render_postcompile": True})
        )
        params = tuple(compiled.params[name] for name in compiled.positiontup or ())
        plan = session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), params)
        details = [row[-1] for row in plan]
        assert any("ix_messages_contact_counted (contact_id=? AND <expr>>?)" in d for d in details)
        assert not any(d.startswith("SCAN messages") for d in details)

"""Queueing: one row per eligible recipient, released per recipient time zone inside the
window, rendered, priced and coded in SQL."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from smsdesk.core.campaigns import codes, lifecycle
from smsdesk.core.campaigns.windows import SendWindow
from smsdesk.core.db.models import Campaign, Message
from smsdesk.core.sending.checks import AccountInfo, Candidate, RecipientChecks
from tests.core.campaigns.conftest import NOW, make_plan
from tests.helpers.campaign_data import Shop, add_contact


def _queue(session: Session, shop: Shop, **changes) -> Campaign:  # type: ignore[no-untyped-def]
    start = changes.pop("start", NOW)
    days = changes.pop("days", 5)
    campaign = lifecycle.create_campaign(
        session, make_plan(shop, start=start, days=days, **changes)
    )
    lifecycle.start(session, campaign.id, now=start)
    return campaign


def _messages(session: Session, campaign: Campaign) -> list[Message]:
    return list(
        session.scalars(
            select(Message).where(Message.campaign_id == campaign.id).order_by(Message.id)
        )
    )


def test_rows_are_rendered_priced_and_coded(session: Session, shop: Shop) -> None:
    alice = add_contact(session, name="李女士")
    add_contact(session, name="Bob")
    campaign = _queue(session, shop)
    rows = _messages(session, campaign)
    assert len(rows) == 2
    first = next(m for m in rows if m.contact_id == alice.id)
    assert (
        first.body
        == f"【鲜果坊】李女士您好，本周末全场8折，凭兑换码{first.code}到店使用。拒收请回复R"
    )
    assert first.variables == {"name": "李女士", "code": first.code}
    assert first.code is not None
    assert codes.is_well_formed(first.code)
    assert first.parts == 1
    assert first.cost == 0.05
    assert first.state == "queued"
    assert first.kind == "marketing"
    assert first.template_id == shop.template_id
    assert first.provider_account_id == shop.account_id
    assert first.expires_at == NOW + timedelta(days=5)
    assert first.our_ref.startswith(f"c{campaign.id}r")
    assert len({m.code for m in rows}) == 2
    assert campaign.state == "running"


def test_long_messages_cost_more_parts(session: Session, shop: Shop) -> None:
    add_contact(session, name="欧阳" + "明" * 40)
    campaign = _queue(session, shop)
    (message,) = _messages(session, campaign)
    assert len(message.body) > 70
    assert message.parts == 2
    assert message.cost == 0.1


def test_release_per_recipient_time_zone(session: Session, shop: Shop) -> None:
    # 08:30 in Shanghai = 20:30 the evening before in New York: both windows closed.
    start = datetime(2026, 5, 20, 0, 30, tzinfo=UTC)
    cn = add_contact(session)
    us = add_contact(
        session, "+12125550123", timezone="America/New_York", region="US", carrier="intl"
    )
    campaign = _queue(session, shop, start=start)
    by_contact = {m.contact_id: m for m in _messages(session, campaign)}
    assert by_contact[cn.id].not_before == datetime(2026, 5, 20, 1, 0, tzinfo=UTC)  # 09:00 CST
    assert by_contact[us.id].not_before == datetime(2026, 5, 20, 13, 0, tzinfo=UTC)  # 09:00 EDT


def test_us_release_after_the_spring_dst_change(session: Session, shop: Shop) -> None:
    # 00:30 EST in New York, 21:30 PST on Saturday in Los Angeles; clocks go forward at 2 am.
    start = datetime(2026, 3, 8, 5, 30, tzinfo=UTC)
    us = add_contact(
        session, "+13105550123", timezone="America/Los_Angeles", region="US", carrier="intl"
    )
    ny = add_contact(
        session, "+12125550124", timezone="America/New_York", region="US", carrier="intl"
    )
    campaign = _queue(session, shop, start=start)
    by_contact = {m.contact_id: m.not_before for m in _messages(session, campaign)}
    assert by_contact[ny.id] == datetime(2026, 3, 8, 13, 0, tzinfo=UTC)  # 09:00 EDT Sunday
    assert by_contact[us.id] == datetime(2026, 3, 8, 16, 0, tzinfo=UTC)  # 09:00 PDT Sunday


def test_a_window_that_closes_with_messages_left_resumes_next_window(
    session: Session, shop: Shop
) -> None:
    for _ in range(25):
        add_contact(session)
    start = datetime(2026, 5, 20, 11, 50, tzinfo=UTC)  # 19:50 in Shanghai
    campaign = _queue(
        session, shop, start=start, throttle_per_minute=1, window=SendWindow.parse("19:50-20:00")
    )
    released = Counter(m.not_before for m in _messages(session, campaign))
    assert released == {
        datetime(2026, 5, 20, 11, 50, tzinfo=UTC): 10,
        datetime(2026, 5, 21, 11, 50, tzinfo=UTC): 10,
        datetime(2026, 5, 22, 11, 50, tzinfo=UTC): 5,
    }
    # The sender agrees: at 20:05 a message still waiting is held until 19:50 the next day.
    message = _messages(session, campaign)[0]
    checks = RecipientChecks(
        session,
        [
            Candidate(
                message.e164,
                message.contact_id,
                "marketing",
                message.template_id,
                message.body,
                campaign.id,
            )
        ],
        account=AccountInfo(shop.account_id, "sandbox"),
        now=datetime(2026, 5, 20, 12, 5, tzinfo=UTC),
    )
    verdict = checks.evaluate(
        Candidate(
            message.e164,
            message.contact_id,
            "marketing",
            message.template_id,
            message.body,
            campaign.id,
        )
    )
    assert verdict.wait_until == datetime(2026, 5, 21, 11, 50, tzinfo=UTC)


def test_queue_matches_preflight(session: Session, shop: Shop) -> None:
    from smsdesk.core.campaigns.plan import plan_of
    from smsdesk.core.campaigns.preflight import preflight

    for index in range(40):
        add_contact(session, consent="marketing" if index % 4 else "none")
    campaign = lifecycle.create_campaign(session, make_plan(shop))
    report = preflight(session, plan_of(campaign), now=NOW)
    lifecycle.start(session, campaign.id, now=NOW)
    assert len(_messages(session, campaign)) == report.eligible == 30


def test_nothing_queued_when_blocked(session: Session, shop: Shop) -> None:
    import pytest

    from smsdesk.core.errors import ComplianceError
    from tests.helpers.campaign_data import make_template

    add_contact(session)
    template = make_template(session, shop.account_id, shop.signature_id, "无退订", "本周末全场8折")
    campaign = lifecycle.create_campaign(session, make_plan(shop, template_id=template))
    with pytest.raises(ComplianceError):
        lifecycle.start(session, campaign.id, now=NOW)
    assert campaign.state == "draft"
    assert _messages(session, campaign) == []

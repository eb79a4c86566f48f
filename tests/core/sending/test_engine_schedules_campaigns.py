"""The sender's loop steps the campaign scheduler: a campaign scheduled for later starts and
goes out without anyone pressing a button (the app and `smsdesk-cli run` both rely on it)."""

from __future__ import annotations

import time
from datetime import timedelta

import time_machine
from sqlalchemy import select

from smsdesk.core.campaigns import lifecycle
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import Campaign, Message
from smsdesk.core.sending.engine import SenderEngine
from tests.core.campaigns.conftest import NOW, make_plan
from tests.helpers.campaign_data import add_contact, setup_shop


def test_a_scheduled_campaign_starts_and_sends_from_the_sender_loop(db: Database) -> None:
    with time_machine.travel(NOW, tick=True):
        with db.session() as session:
            shop = setup_shop(session)
            for _ in range(3):
                add_contact(session)
            plan = make_plan(
                shop, start=NOW + timedelta(seconds=1), template_id=shop.plain_template_id
            )
            campaign = lifecycle.create_campaign(session, plan)
            lifecycle.start(session, campaign.id, now=NOW)
            campaign_id = campaign.id
        with db.session() as session:
            assert session.get(Campaign, campaign_id).state == "scheduled"
            assert session.scalars(select(Message)).all() == []
        time.sleep(1.2)  # the scheduled start passes (the travelled clock ticks)
        SenderEngine(db).run(until_idle=True, max_seconds=8)
        with db.session() as session:
            states = session.scalars(
                select(Message.state).where(Message.campaign_id == campaign_id)
            ).all()
            assert session.get(Campaign, campaign_id).state in ("running", "completed")
    assert len(states) == 3
    assert set(states) <= {"submitted", "delivered"}

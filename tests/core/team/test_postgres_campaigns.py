"""Team mode: plan, pre-flight, queue and send a campaign on a real PostgreSQL server."""

from __future__ import annotations

import pytest
import time_machine
from sqlalchemy import func, select

from smsdesk.core.campaigns import lifecycle
from smsdesk.core.campaigns.preflight import preflight
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import Message
from smsdesk.core.sending.engine import SenderEngine
from tests.core.campaigns.conftest import NOW, make_plan
from tests.helpers.campaign_data import add_contact, setup_shop

pytestmark = pytest.mark.postgres


def test_campaign_end_to_end_on_postgres(pg_db: Database) -> None:
    with time_machine.travel(NOW, tick=True):
        with pg_db.session() as session:
            shop = setup_shop(session)
            for _ in range(4):
                add_contact(session)
            add_contact(session, consent="none")
            add_contact(session, opted_out=True)
            plan = make_plan(shop, start=NOW)
            report = preflight(session, plan, now=NOW)
            assert report.audience == 6
            assert report.eligible == 4
            assert report.excluded["no_consent"] == 1
            assert report.excluded["opted_out"] == 1
            campaign = lifecycle.create_campaign(session, plan)
            lifecycle.start(session, campaign.id, now=NOW)
            campaign_id = campaign.id
        with pg_db.session() as session:
            queued = session.scalar(
                select(func.count()).select_from(Message).where(Message.campaign_id == campaign_id)
            )
            assert queued == 4
            codes = session.scalars(select(Message.code)).all()
            assert len(set(codes)) == 4
        SenderEngine(pg_db).run(until_idle=True, max_seconds=8)
        with pg_db.session() as session:
            states = session.scalars(
                select(Message.state).where(Message.campaign_id == campaign_id)
            ).all()
    assert set(states) <= {"delivered", "submitted"}
    assert len(states) == 4

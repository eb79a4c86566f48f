"""Campaign test fixtures: a shop (signature, sandbox account, approved templates) on the
fresh database, and a quick way to plan a campaign."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from sqlalchemy.orm import Session

from smsdesk.core.campaigns.audience import Audience
from smsdesk.core.campaigns.plan import CampaignPlan, VariantPlan
from tests.helpers.campaign_data import Shop, setup_shop

# Wednesday 20 May 2026, 10:00 in Shanghai: both China Telecom and China Unicom refuse links.
NOW = datetime(2026, 5, 20, 2, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def session(db: Any, clock: time_machine.Coordinates) -> Iterator[Session]:
    with db.session() as s:
        yield s


@pytest.fixture
def shop(session: Session) -> Shop:
    return setup_shop(session)


def make_plan(
    shop: Shop,
    *,
    template_id: int | None = None,
    tags: tuple[str, ...] = ("会员",),
    days: float | None = 5,
    start: datetime = NOW,
    **changes: Any,
) -> CampaignPlan:
    plan = CampaignPlan(
        name="周末八折",
        variants=(VariantPlan(template_id or shop.template_id),),
        audience=Audience(tags=tags),
        provider_account_id=shop.account_id,
        starts_at=start,
        ends_at=start + timedelta(days=days) if days is not None else None,
    )
    return plan.with_changes(**changes) if changes else plan

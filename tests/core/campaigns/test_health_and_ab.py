"""Campaign health (auto-pause on complaints, warning on opt-outs) and A/B tests (a
reproducible random split, per-variant rates, the winner sent to the rest)."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import timedelta

import time_machine
from sqlalchemy import select
from sqlalchemy.orm import Session

from smsdesk.core import settings
from smsdesk.core.campaigns import ab_testing, health, lifecycle, redemptions, scheduler
from smsdesk.core.campaigns.eligibility import bucket_of
from smsdesk.core.campaigns.plan import VariantPlan
from smsdesk.core.consent.replies import record_reply
from smsdesk.core.db.models import Campaign, CampaignVariant, Complaint, Message
from smsdesk.core.enums import MessageState
from tests.core.campaigns.conftest import NOW, make_plan
from tests.helpers.campaign_data import Shop, add_contact


def _running(session: Session, shop: Shop, contacts: int, **changes) -> Campaign:  # type: ignore[no-untyped-def]
    for _ in range(contacts):
        add_contact(session)
    campaign = lifecycle.create_campaign(session, make_plan(shop, **changes))
    lifecycle.start(session, campaign.id, now=NOW)
    return campaign


def _deliver_all(session: Session, campaign: Campaign) -> list[Message]:
    messages = list(session.scalars(select(Message).where(Message.campaign_id == campaign.id)))
    for message in messages:
        message.state = "delivered"
        message.submitting_at = NOW + timedelta(minutes=1)
        message.submitted_at = NOW + timedelta(minutes=1)
    session.flush()
    return messages


def test_complaints_pause_the_campaign_and_say_why(session: Session, shop: Shop) -> None:
    campaign = _running(session, shop, 600)
    messages = _deliver_all(session, campaign)
    session.add(Complaint(e164=messages[0].e164, campaign_id=campaign.id, note="12321"))
    session.flush()
    result = scheduler.tick(session, NOW + timedelta(hours=1))
    assert campaign.state == "paused"
    assert result.paused == [(campaign.id, "complaint_rate")]
    reason = lifecycle.PauseReason.parse(campaign.paused_reason)
    assert reason is not None
    assert reason.code == "complaint_rate"
    assert reason.params == {"rate": round(1 / 600, 6), "threshold": 0.001}


def test_complaint_threshold_is_a_setting(session: Session, shop: Shop) -> None:
    settings.set_value(session, "health.complaint_pause_rate", 0.01)
    campaign = _running(session, shop, 600)
    messages = _deliver_all(session, campaign)
    session.add(Complaint(e164=messages[0].e164, campaign_id=campaign.id))
    session.flush()
    scheduler.tick(session, NOW + timedelta(hours=1))
    assert campaign.state != "paused"


def test_opt_outs_raise_a_warning(
    session: Session, shop: Shop, clock: time_machine.Coordinates
) -> None:
    campaign = _running(session, shop, 600, days=30)
    messages = _deliver_all(session, campaign)
    messages[-1].state = "queued"  # one still waiting: the campaign keeps running
    clock.move_to(NOW + timedelta(days=10))
    for message in messages[:4]:  # 4 / 599 = 0.67 % > 0.5 %
        record_reply(session, e164=message.e164, text="退订", received_at=NOW + timedelta(hours=2))
    record_reply(
        session, e164=messages[5].e164, text="好的谢谢", received_at=NOW + timedelta(hours=2)
    )
    # An opt-out more than 7 days later is not this campaign's.
    record_reply(session, e164=messages[6].e164, text="T", received_at=NOW + timedelta(days=9))
    result = scheduler.tick(session, NOW + timedelta(days=10))
    assert campaign.state == "running"
    assert result.warnings == [(campaign.id, "opt_out_rate")]
    code, params = health.parse_warning(campaign.warning)
    assert code == "opt_out_rate"
    assert params["threshold"] == 0.005
    figures = health.figures(session, campaign.id)
    assert figures.opt_outs == 4
    assert figures.replies == 5
    assert figures.count(MessageState.DELIVERED) == 599
    assert figures.opt_out_rate == 4 / 599


def _assignment(session: Session, campaign: Campaign) -> dict[int, str]:
    labels = {
        v.id: v.label
        for v in session.scalars(
            select(CampaignVariant).where(CampaignVariant.campaign_id == campaign.id)
        )
    }
    return {
        m.contact_id: labels[m.variant_id]
        for m in session.scalars(select(Message).where(Message.campaign_id == campaign.id))
    }


def test_ab_split_is_random_but_reproducible(session: Session, shop: Shop) -> None:
    settings.set_value(session, "frequency.caps", {"active": [10, 1]})
    for _ in range(1000):
        add_contact(session)
    variants = (
        VariantPlan(shop.template_id, 50, "A"),
        VariantPlan(shop.plain_template_id, 50, "B"),
    )

    def run(seed: int) -> dict[int, str]:
        campaign = lifecycle.create_campaign(session, make_plan(shop, variants=variants, seed=seed))
        lifecycle.start(session, campaign.id, now=NOW)
        return _assignment(session, campaign)

    first, again, other = run(42), run(42), run(43)
    assert first == again
    assert first != other
    counts = Counter(first.values())
    assert 450 <= counts["A"] <= 550
    assert counts["A"] + counts["B"] == 1000
    assert all((bucket_of(42, cid) < 50) == (label == "A") for cid, label in first.items())
    # Not a pattern on ids: neighbours land in both arms.
    ids = sorted(first)
    switches = sum(first[a] != first[b] for a, b in itertools.pairwise(ids))
    assert 400 <= switches <= 600


def test_per_variant_rates_and_the_winner_goes_to_the_rest(
    session: Session, shop: Shop, clock: time_machine.Coordinates
) -> None:
    for _ in range(400):
        add_contact(session)
    plan = make_plan(
        shop,
        variants=(
            VariantPlan(shop.template_id, 10, "A"),
            VariantPlan(shop.plain_template_id, 10, "B"),
        ),
        ab_winner_at=NOW + timedelta(days=1),
        seed=5,
    )
    campaign = lifecycle.create_campaign(session, plan)
    lifecycle.start(session, campaign.id, now=NOW)
    tested = _deliver_all(session, campaign)
    assert 50 <= len(tested) <= 110  # 20 % of 400
    by_label = _assignment(session, campaign)
    b_messages = [m for m in tested if by_label[m.contact_id] == "B"]
    a_messages = [m for m in tested if by_label[m.contact_id] == "A"]
    # B's readers reply; A's redeem their codes: A wins on redemptions.
    clock.move_to(NOW + timedelta(hours=6))
    for message in b_messages[:10]:
        record_reply(
            session, e164=message.e164, text="几点开门", received_at=NOW + timedelta(hours=1)
        )
    for message in a_messages[:3]:
        assert (
            redemptions.redeem(session, message.code or "", at=NOW + timedelta(hours=5)).status
            == "redeemed"
        )
    results = {r.label: r for r in ab_testing.results(session, campaign)}
    assert results["A"].figures.redemptions == 3
    assert results["B"].figures.redemptions == 0
    assert results["B"].figures.replies == 10
    assert results["A"].figures.replies == 0
    assert results["A"].figures.delivery_rate == 1.0
    assert ab_testing.winner(list(results.values())).label == "A"  # type: ignore[union-attr]

    assert scheduler.tick(session, NOW + timedelta(hours=23)).fired == []  # not yet
    result = scheduler.tick(session, NOW + timedelta(days=1, minutes=1))
    assert [(f.run_key) for f in result.fired] == ["winner"]
    rest = [
        m
        for m in session.scalars(select(Message).where(Message.campaign_id == campaign.id))
        if m.contact_id not in by_label
    ]
    assert len(rest) + len(tested) == 400
    assert {m.template_id for m in rest} == {shop.template_id}
    assert all(bucket_of(5, m.contact_id or 0) >= 20 for m in rest)

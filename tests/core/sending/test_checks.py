"""The pre-submission checks: each one holds a message back, or makes it wait, for its reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from smsdesk.core import settings
from smsdesk.core.consent import opt_outs
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import Campaign, Contact, Message, TemplateApproval
from smsdesk.core.sending import send_window, vendor_limits
from smsdesk.core.sending.checks import AccountInfo, Candidate, RecipientChecks
from smsdesk.core.sending.vendor_limits import LimitReason, SentRecord
from tests.helpers.sending_world import DAYTIME_UTC, NIGHT_UTC, World, build_world

BODY = "【小店】x您好，新品到店，拒收请回复R"


def candidate(world: World, i: int = 0, **changes: object) -> Candidate:
    values: dict[str, object] = {
        "e164": world.numbers[i],
        "contact_id": world.contact_ids[i],
        "kind": "marketing",
        "template_id": world.template_id,
        "body": BODY,
    }
    values.update(changes)
    return Candidate(**values)  # type: ignore[arg-type]


def verdict(
    db: Database, world: World, c: Candidate, *, now: datetime = DAYTIME_UTC, kind: str = "http"
):  # type: ignore[no-untyped-def]
    with db.session() as session:
        checks = RecipientChecks(session, [c], account=AccountInfo(world.account_id, kind), now=now)
        return checks.evaluate(c)


def sent_before(
    db: Database, world: World, *, i: int = 0, ago: timedelta, state: str = "delivered"
) -> None:
    with db.session() as session:
        at = DAYTIME_UTC - ago
        session.add(
            Message(
                our_ref=f"old{ago.total_seconds()}{state}{i}",
                e164=world.numbers[i],
                contact_id=world.contact_ids[i],
                template_id=world.template_id,
                provider_account_id=world.account_id,
                kind="marketing",
                body=BODY,
                state=state,
                submitting_at=at,
                created_at=at,
            )
        )


def test_a_consenting_contact_in_daytime_passes(db: Database) -> None:
    world = build_world(db, contacts=1)
    assert verdict(db, world, candidate(world)).ok


def test_opt_out_holds_back_every_kind(db: Database) -> None:
    world = build_world(db, contacts=1)
    with db.session() as session:
        opt_outs.add_opt_out(session, world.numbers[0], reason="T", source="reply")
    assert verdict(db, world, candidate(world)).skip == "opted_out"
    assert verdict(db, world, candidate(world, kind="service")).skip == "opted_out"


@pytest.mark.parametrize(
    ("scope", "kind", "purchases", "ok"),
    [
        ("marketing", "marketing", 0, True),
        ("service", "marketing", 0, False),
        ("none", "marketing", 5, False),
        ("service", "service", 0, True),
        ("none", "service", 1, True),  # an existing customer: messages about the purchase
        ("none", "service", 0, False),
    ],
)
def test_consent_scope_against_message_kind(
    db: Database, scope: str, kind: str, purchases: int, ok: bool
) -> None:
    world = build_world(db, contacts=1, consent=scope)
    with db.session() as session:
        session.get(Contact, world.contact_ids[0]).purchase_count = purchases
    result = verdict(db, world, candidate(world, kind=kind))
    assert result.ok is ok
    if not ok:
        assert result.skip == "no_consent"


def test_a_number_that_is_not_a_contact_has_no_consent(db: Database) -> None:
    world = build_world(db, contacts=1)
    assert verdict(db, world, candidate(world, contact_id=None)).skip == "no_consent"


def test_suspect_numbers_get_no_marketing(db: Database) -> None:
    world = build_world(db, contacts=1)
    with db.session() as session:
        session.get(Contact, world.contact_ids[0]).suspect = True
    assert verdict(db, world, candidate(world)).skip == "suspect"
    with db.session() as session:
        session.get(Contact, world.contact_ids[0]).consent_scope = "marketing"
    assert verdict(db, world, candidate(world, kind="service")).ok


def test_template_must_be_approved_with_the_current_text(db: Database) -> None:
    world = build_world(db, contacts=1)
    with db.session() as session:
        approval = session.scalars(select(TemplateApproval)).one()
        approval.approved_text = "an older text"
    assert verdict(db, world, candidate(world)).skip == "template_not_approved"
    with db.session() as session:
        approval = session.scalars(select(TemplateApproval)).one()
        approval.approved_text = "{name}您好，新品到店，拒收请回复R"
        approval.status = "rejected"
    assert verdict(db, world, candidate(world)).skip == "template_not_approved"


@pytest.mark.parametrize(
    ("tier", "earlier_days_ago", "capped"),
    [
        ("new", [3], True),  # 1 per 7 days
        ("new", [8], False),
        ("active", [13], True),  # 1 per 14 days
        ("active", [15], False),
        ("dormant", [29], True),  # 1 per 30 days
        ("loyal", [29], False),  # 2 per 30 days
        ("loyal", [29, 2], True),
    ],
)
def test_frequency_cap_per_tier_in_a_rolling_window(
    db: Database, tier: str, earlier_days_ago: list[int], capped: bool
) -> None:
    world = build_world(db, contacts=1, tier=tier)
    for days in earlier_days_ago:
        sent_before(db, world, ago=timedelta(days=days))
    result = verdict(db, world, candidate(world))
    assert (result.skip == "frequency_cap") is capped


def test_frequency_cap_counts_unknown_but_not_failed_or_skipped(db: Database) -> None:
    world = build_world(db, contacts=1, tier="new")
    sent_before(db, world, ago=timedelta(days=1), state="failed")
    sent_before(db, world, ago=timedelta(days=1), state="skipped")
    assert verdict(db, world, candidate(world)).ok
    sent_before(db, world, ago=timedelta(days=1), state="unknown")
    assert verdict(db, world, candidate(world)).skip == "frequency_cap"


def test_frequency_cap_follows_the_setting_and_tier_override(db: Database) -> None:
    world = build_world(db, contacts=1, tier="new")
    sent_before(db, world, ago=timedelta(days=1))
    with db.session() as session:
        settings.set_value(session, "frequency.caps", {"new": [3, 7], "loyal": [1, 30]})
    assert verdict(db, world, candidate(world)).ok
    with db.session() as session:
        session.get(Contact, world.contact_ids[0]).tier_override = "loyal"
    assert verdict(db, world, candidate(world)).skip == "frequency_cap"


def test_quiet_hours_make_marketing_wait_until_eight_local_time(db: Database) -> None:
    world = build_world(db, contacts=1)
    result = verdict(db, world, candidate(world), now=NIGHT_UTC)  # 22:30 in Beijing
    assert result.skip == ""
    assert result.wait_reason == "quiet_hours"
    # The default window (09:00) opens after the hard limit (08:00): it decides.
    assert result.wait_until == datetime(2026, 6, 2, 1, 0, tzinfo=UTC)
    assert verdict(db, world, candidate(world, kind="service"), now=NIGHT_UTC).ok


def test_quiet_hours_are_in_the_recipients_time_zone(db: Database) -> None:
    world = build_world(db, contacts=1, timezone="America/Los_Angeles")
    # 10:00 in Beijing is 19:00 the day before in Los Angeles: inside 09:00–20:00.
    assert verdict(db, world, candidate(world)).ok
    # 14:30 UTC is 07:30 in Los Angeles: quiet hours there.
    result = verdict(db, world, candidate(world), now=NIGHT_UTC)
    assert result.wait_reason == "quiet_hours"


def test_campaign_window_narrows_but_never_widens_the_hard_limits(db: Database) -> None:
    world = build_world(db, contacts=1)
    with db.session() as session:
        narrow = Campaign(name="lunch", window_start="11:30", window_end="13:00")
        wide = Campaign(name="all day", window_start="06:00", window_end="23:30")
        session.add_all([narrow, wide])
        session.flush()
        narrow_id, wide_id = narrow.id, wide.id
    result = verdict(db, world, candidate(world, campaign_id=narrow_id))  # 10:00 Beijing
    assert result.wait_reason == "outside_window"
    assert result.wait_until == datetime(2026, 6, 1, 3, 30, tzinfo=UTC)
    at_seven = DAYTIME_UTC - timedelta(hours=3)  # 07:00 Beijing
    result = verdict(db, world, candidate(world, campaign_id=wide_id), now=at_seven)
    assert result.wait_reason == "quiet_hours"
    assert result.wait_until == datetime(2026, 6, 1, 0, 0, tzinfo=UTC)  # 08:00 Beijing


def test_tencent_limits_make_messages_wait(db: Database) -> None:
    world = build_world(db, contacts=1, account_kind="tencent")
    with db.session() as session:  # a service message 10 s ago with the same content
        at = DAYTIME_UTC - timedelta(seconds=10)
        session.add(
            Message(
                our_ref="x1",
                e164=world.numbers[0],
                provider_account_id=world.account_id,
                kind="service",
                body=BODY,
                state="submitted",
                submitting_at=at,
                created_at=at,
            )
        )
    result = verdict(db, world, candidate(world, kind="service"), kind="tencent")
    assert result.wait_reason == "vendor_same_content"
    assert result.wait_until == DAYTIME_UTC + timedelta(seconds=20)
    other_text = candidate(world, kind="service", body=BODY + "!")
    assert verdict(db, world, other_text, kind="tencent").ok


def test_vendor_daily_limit_per_number_counts_the_natural_day_in_beijing() -> None:
    limits = vendor_limits.limits_for("tencent")
    now = datetime(2026, 6, 1, 15, 0, tzinfo=UTC)  # 23:00 Beijing
    today = [SentRecord(now - timedelta(hours=h), None, str(h)) for h in range(1, 11)]
    hit = vendor_limits.check(limits, history=today, template_id=None, body="new", now=now)
    assert hit == (LimitReason.DAILY_PER_NUMBER, datetime(2026, 6, 1, 16, 0, tzinfo=UTC))
    yesterday = [SentRecord(r.at - timedelta(days=1), None, r.body) for r in today]
    assert (
        vendor_limits.check(limits, history=yesterday, template_id=None, body="x", now=now) is None
    )


def test_aliyun_template_limit_is_a_rolling_day_and_accounts_can_override() -> None:
    now = DAYTIME_UTC
    history = [SentRecord(now - timedelta(hours=23, minutes=i), 7, "t") for i in range(50)]
    limits = vendor_limits.limits_for("aliyun")
    hit = vendor_limits.check(limits, history=history, template_id=7, body="t", now=now)
    assert hit is not None
    assert hit[0] is LimitReason.TEMPLATE_DAILY
    assert hit[1] == now + timedelta(minutes=11)  # when the oldest of the 50 turns 24 h old
    assert vendor_limits.check(limits, history=history, template_id=8, body="t", now=now) is None
    raised = vendor_limits.limits_for("aliyun", {"template_daily_limit": 100})
    assert vendor_limits.check(raised, history=history, template_id=7, body="t", now=now) is None


def test_batch_maxima_are_the_vendors() -> None:
    assert vendor_limits.limits_for("tencent").max_batch == 200
    assert vendor_limits.limits_for("aliyun").max_batch == 100
    assert vendor_limits.limits_for("twilio").max_batch == 1


@given(
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
    zone=st.sampled_from(["Asia/Shanghai", "Asia/Urumqi", "America/New_York", "Europe/Berlin"]),
    start=st.sampled_from(["06:00", "08:00", "09:00", "11:30", "17:00"]),
    end=st.sampled_from(["12:00", "20:00", "21:00", "23:59"]),
)
def test_no_window_ever_opens_in_quiet_hours(
    hour: int, minute: int, zone: str, start: str, end: str
) -> None:
    window = send_window.effective_window(start, end)
    now = datetime(2026, 3, 29, hour, minute, tzinfo=UTC)
    opening = send_window.next_opening(now, zone, window)
    at = now if opening is None else opening
    assert not send_window.in_hard_quiet_hours(at, zone)
    assert opening is None or opening > now

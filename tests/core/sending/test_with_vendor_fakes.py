"""The engine with the real adapters against the fake vendor servers: batching, refusals that
pause the account or suppress a number, a reset after the vendor accepted (unknown, settled
by lookup, never resent), throttling that is retried."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from smsdesk.core import settings
from smsdesk.core.consent import opt_outs
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import Message, ProviderAccount, TemplateApproval
from smsdesk.core.providers.registry import create_provider
from smsdesk.core.sending.engine import SenderEngine
from tests.helpers.fake_providers.server import FakeServer
from tests.helpers.fake_providers.tencent_fake import FakeTencent, error_response
from tests.helpers.fake_providers.twilio_fake import FakeTwilio
from tests.helpers.sending_world import World, build_world, queue_for_all


@pytest.fixture
def tencent() -> Iterator[FakeTencent]:
    fake = FakeTencent()
    with fake.running():
        fake._httpd.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # type: ignore[union-attr]
        yield fake


def world_on(db: Database, fake: FakeServer, *, contacts: int, batch: int) -> World:
    """Service messages (no quiet hours) on an account of the fake's kind."""
    world = build_world(
        db,
        contacts=contacts,
        kind="service",
        consent="service",
        account_kind=fake.kind,
        batch_size=batch,
        text="您的订单已发货",
    )
    with db.session() as session:
        account = session.get(ProviderAccount, world.account_id)
        account.settings = fake.provider_settings()
        account.endpoint = fake.url
        session.scalars(select(TemplateApproval)).one().provider_code = "1001"
        settings.set_value(session, "sending.pull_interval_seconds", 0.2)
    return world


def run(db: Database, fake: FakeServer) -> None:
    config = fake.config("acct")
    SenderEngine(db, provider_factory=lambda s, a: create_provider(config)).run(
        until_idle=True, max_seconds=20
    )


def states(db: Database) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(Message.state).order_by(Message.id)))


def test_tencent_batch_with_a_blacklisted_number(db: Database, tencent: FakeTencent) -> None:
    world = world_on(db, tencent, contacts=5, batch=200)
    tencent.blacklist.add(world.numbers[3])
    queue_for_all(db, world)
    run(db, tencent)
    assert len({a.call_ref for a in tencent.accepted}) == 1  # one SendSms for all five
    assert states(db) == ["delivered", "delivered", "delivered", "failed", "delivered"]
    with db.session() as session:
        assert opt_outs.is_opted_out(session, world.numbers[3])
        failed = session.scalars(select(Message).where(Message.state == "failed")).one()
        assert failed.error_code == "FailedOperation.PhoneNumberInBlacklist"


def test_tencent_out_of_balance_pauses_the_account(db: Database, tencent: FakeTencent) -> None:
    world = world_on(db, tencent, contacts=3, batch=200)
    tencent.inject("SendSms", error_response("FailedOperation.InsufficientBalanceInSmsPackage"))
    queue_for_all(db, world)
    run(db, tencent)
    assert states(db) == ["queued"] * 3
    assert tencent.accepted == []
    with db.session() as session:
        reason = session.get(ProviderAccount, world.account_id).paused_reason
    assert reason.startswith("balance|FailedOperation.InsufficientBalanceInSmsPackage|")


def test_connection_lost_after_the_vendor_accepted_is_settled_by_lookup_not_resent(
    db: Database, tencent: FakeTencent
) -> None:
    world = world_on(db, tencent, contacts=3, batch=1)
    tencent.inject_drop("SendSms", after_accept=True)
    queue_for_all(db, world)
    run(db, tencent)
    assert tencent.count_by_number()[world.numbers[0]] == 1  # never sent twice
    assert states(db) == ["delivered"] * 3
    with db.session() as session:
        first = session.scalars(select(Message).order_by(Message.id)).first()
        assert first.attempts == 1
        assert first.provider_message_id  # found by the lookup


def test_tencent_throttling_is_retried_after_a_backoff(db: Database, tencent: FakeTencent) -> None:
    world = world_on(db, tencent, contacts=1, batch=1)
    tencent.inject("SendSms", error_response("RequestLimitExceeded"))
    queue_for_all(db, world)
    run(db, tencent)
    assert states(db) == ["delivered"]
    with db.session() as session:
        assert session.scalars(select(Message.attempts)).one() == 2


def test_twilio_21610_puts_the_number_on_the_suppression_list(db: Database) -> None:
    fake = FakeTwilio()
    with fake.running():
        fake._httpd.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # type: ignore[union-attr]
        world = world_on(db, fake, contacts=2, batch=1)
        fake.blacklist.add(world.numbers[1])
        queue_for_all(db, world)
        run(db, fake)
    assert states(db)[1] == "failed"
    with db.session() as session:
        assert opt_outs.is_opted_out(session, world.numbers[1])
        assert not opt_outs.is_opted_out(session, world.numbers[0])

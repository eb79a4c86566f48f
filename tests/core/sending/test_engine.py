"""The whole engine (lease, dispatcher, puller) in a thread against an in-process provider."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import insert, select

from smsdesk.core import settings
from smsdesk.core.campaigns import lifecycle
from smsdesk.core.campaigns.audience import Audience
from smsdesk.core.campaigns.plan import CampaignPlan, VariantPlan
from smsdesk.core.clock import utc_now
from smsdesk.core.consent import opt_outs
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import CampaignRun, Contact, Message, Reply, Template
from smsdesk.core.providers.base import (
    DeliveryStatus,
    InboundReply,
    OutgoingMessage,
    Receipt,
    SubmitResult,
)
from smsdesk.core.sending import lease
from smsdesk.core.sending.engine import EngineStatus, SenderBusy, SenderEngine, SenderListener
from smsdesk.core.sending.outbox import new_ref
from tests.helpers.sending_world import DAYTIME_UTC, RecordingProvider, build_world, queue_for_all


@pytest.fixture(autouse=True)
def daytime():  # type: ignore[no-untyped-def]
    with time_machine.travel(DAYTIME_UTC, tick=True):
        yield


class Events(SenderListener):
    def __init__(self) -> None:
        self.statuses: list[EngineStatus] = []
        self.errors: list[tuple[str, str]] = []

    def status_changed(self, status: EngineStatus, detail: str) -> None:
        self.statuses.append(status)

    def error(self, code: str, message: str) -> None:
        self.errors.append((code, message))


def engine_for(
    db: Database, provider: RecordingProvider, listener: SenderListener | None = None
) -> SenderEngine:
    return SenderEngine(db, provider_factory=lambda s, a: provider, listener=listener)


def fast_pulls(db: Database, seconds: float = 0.2) -> None:
    with db.session() as session:
        settings.set_value(session, "sending.pull_interval_seconds", seconds)


def test_run_until_idle_sends_everything_and_waits_for_receipts(db: Database) -> None:
    world = build_world(db, contacts=5)
    queue_for_all(db, world)
    fast_pulls(db)

    provider = RecordingProvider()  # answers every pull with "delivered" for what is pending
    events = Events()
    totals = engine_for(db, provider, events).run(until_idle=True, max_seconds=20)
    assert totals.submitted == 5
    assert totals.receipts == 5
    with db.session() as session:
        assert set(session.scalars(select(Message.state))) == {"delivered"}
        assert session.scalars(select(Contact.consecutive_failures)).all() == [0] * 5
    assert events.statuses[0] == EngineStatus.STARTING
    assert events.statuses[-1] == EngineStatus.STOPPED
    with db.session() as session:
        assert lease.current_holder(session, now=utc_now()) is None  # released


def test_crash_leftovers_become_unknown_and_are_reconciled_not_resent(db: Database) -> None:
    world = build_world(db, contacts=3)
    queue_for_all(db, world)
    with db.session() as session:
        rows = session.scalars(select(Message).order_by(Message.id)).all()
        for row in rows[:2]:  # a sender died after committing "submitting"
            row.state = "submitting"
            row.submitting_at = utc_now()
            row.attempts = 1
        refs = [row.our_ref for row in rows]
    fast_pulls(db)
    provider = RecordingProvider()
    # The vendor has the first one (it left before the crash), not the second.
    provider.lookup_answers[refs[0]] = Receipt(
        provider_message_id="V1",
        status=DeliveryStatus.DELIVERED,
        our_ref=refs[0],
        e164=world.numbers[0],
    )
    totals = engine_for(db, provider).run(until_idle=True, max_seconds=20)
    assert totals.recovered == 2
    assert totals.reconciled == 1
    assert provider.sent_refs == [refs[2]]  # only the never-tried message went out
    assert {p.our_ref for p in provider.lookups[0]} == {refs[0], refs[1]}
    with db.session() as session:
        states = session.execute(
            select(Message.our_ref, Message.state, Message.provider_message_id)
        ).all()
    assert {(r, s) for r, s, _ in states} == {
        (refs[0], "delivered"),
        (refs[1], "unknown"),
        (refs[2], "delivered"),
    }
    assert [pid for r, _, pid in states if r == refs[0]] == ["V1"]


def test_a_second_sender_is_refused_while_the_first_holds_the_lease(db: Database) -> None:
    build_world(db, contacts=1)
    with db.session() as session:
        assert lease.acquire(session, holder="elsewhere:1:abc", now=utc_now()) is None
    with pytest.raises(SenderBusy) as caught:
        engine_for(db, RecordingProvider()).run(until_idle=True)
    assert caught.value.params["holder"] == "elsewhere:1:abc"


def test_opt_out_reply_mid_campaign_stops_later_messages_to_that_number(db: Database) -> None:
    world = build_world(db, contacts=30, rate=10.0)
    target, target_number = world.contact_ids[2], world.numbers[2]
    with db.session() as session:
        session.get(Contact, target).tier = "loyal"  # may get two messages a month
        # A real campaign (the sender loop also steps the scheduler): its one run has fired.
        plan = CampaignPlan(
            name="会员日",
            variants=(VariantPlan(world.template_id),),
            audience=Audience(tags=("会员日",)),
            provider_account_id=world.account_id,
            starts_at=utc_now(),
            ends_at=utc_now() + timedelta(days=1),
        )
        campaign = lifecycle.create_campaign(session, plan)
        campaign.state = "running"
        session.add(CampaignRun(campaign_id=campaign.id, run_key="once", status="done"))
        session.flush()
        template = session.get(Template, world.template_id)
        recipients = [*zip(world.contact_ids, world.numbers, strict=True)]
        # A second message to the target at the end of the run (about two seconds later).
        recipients.append((target, target_number))
        # Rows as the campaign planner writes them: a bulk insert, state "queued".
        now = utc_now()
        session.execute(
            insert(Message),
            [
                {
                    "our_ref": new_ref(),
                    "campaign_id": campaign.id,
                    "contact_id": contact_id,
                    "e164": e164,
                    "template_id": world.template_id,
                    "provider_account_id": world.account_id,
                    "kind": "marketing",
                    "body": "【小店】" + template.body.replace("{name}", "x"),
                    "variables": {"name": "x"},
                    "state": "queued",
                    "not_before": now,
                    "expires_at": now + timedelta(days=1),
                    "created_at": now,
                }
                for contact_id, e164 in recipients
            ],
        )
    fast_pulls(db)

    def script(messages: Sequence[OutgoingMessage]) -> list[SubmitResult]:
        for message in messages:
            if message.e164 == target_number:  # the recipient answers at once: 退订
                provider.replies.append(
                    InboundReply(
                        provider_reply_id=f"r-{message.our_ref}",
                        e164=target_number,
                        text="退订",
                        received_at=datetime.now(UTC),
                    )
                )
        return [
            SubmitResult(our_ref=m.our_ref, accepted=True, provider_message_id="x")
            for m in messages
        ]

    provider = RecordingProvider(script=script)
    engine_for(db, provider).run(until_idle=True, max_seconds=30)
    sent_to_target = [m for call in provider.calls for m in call if m.e164 == target_number]
    assert len(sent_to_target) == 1
    with db.session() as session:
        second = session.scalars(
            select(Message).where(Message.e164 == target_number).order_by(Message.id)
        ).all()[1]
        assert second.state == "skipped"
        assert second.skip_reason == "opted_out"
        reply = session.scalars(select(Reply)).one()
        assert reply.action == "opt_out"
        assert reply.message_id is not None
        assert opt_outs.is_opted_out(session, target_number)
    assert len(provider.sent_refs) == 30


def test_stop_from_another_thread_ends_the_run_quickly(db: Database) -> None:
    world = build_world(db, contacts=40, rate=5.0)
    queue_for_all(db, world)
    provider = RecordingProvider()
    engine = engine_for(db, provider)
    thread = threading.Thread(target=engine.run)
    thread.start()
    while not provider.calls:
        threading.Event().wait(0.01)
    engine.stop()
    thread.join(5)
    assert not thread.is_alive()
    assert len(provider.calls) < 40


def hold_write_lock(db: Database, locked: threading.Event, release: threading.Event) -> None:
    """What a big import does to the book: hold its write lock until told to stop."""
    import sqlite3

    path = db.engine.url.database
    assert path is not None
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    locked.set()
    release.wait(40)
    connection.execute("ROLLBACK")
    connection.close()


def test_a_sender_started_during_a_long_write_lock_waits_for_it(db: Database) -> None:
    world = build_world(db, contacts=2)
    queue_for_all(db, world)
    fast_pulls(db)
    locked, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=hold_write_lock, args=(db, locked, release))
    holder.start()
    assert locked.wait(10)
    provider = RecordingProvider()
    events = Events()
    sender = threading.Thread(
        target=lambda: engine_for(db, provider, events).run(until_idle=True, max_seconds=40)
    )
    sender.start()
    time.sleep(11.0)  # the lease cannot be taken within the 10 s busy timeout
    release.set()
    holder.join()
    sender.join(40)
    assert not sender.is_alive()
    assert "database_busy" in {code for code, _ in events.errors}
    assert len(provider.sent_refs) == 2
    with db.session() as session:
        assert set(session.scalars(select(Message.state))) == {"delivered"}


def test_a_long_write_lock_elsewhere_delays_the_sender_without_stopping_it(
    db: Database,
) -> None:
    """A big import holds the book's write lock for longer than the busy timeout (10 s) while
    the lease is due for renewal: the renewal waits and tries again; the sender neither stops
    nor loses or repeats a message."""
    world = build_world(db, contacts=3)
    fast_pulls(db, 600)  # no pull during the lock
    provider = RecordingProvider()
    events = Events()
    engine = engine_for(db, provider, events)
    locked, release = threading.Event(), threading.Event()
    queue_for_all(db, world)
    holder = threading.Thread(target=hold_write_lock, args=(db, locked, release))
    sender = threading.Thread(target=lambda: engine.run(max_seconds=60))
    sender.start()
    time.sleep(1.0)  # the engine holds the lease and has sent the three messages
    assert len(provider.sent_refs) == 3
    holder.start()
    assert locked.wait(10)
    # Idle rounds write too (expiry): the first waits out its 10 s busy timeout and the
    # engine backs off 2 s; the renewal, due 10 s after the start, comes next and waits
    # its own 10 s while the lock is still held.
    time.sleep(25.0)
    assert sender.is_alive()
    release.set()
    holder.join()
    engine.request_pull()
    time.sleep(3.0)  # the renewal is retried; a pull after the lock
    assert sender.is_alive()
    engine.stop()
    sender.join(10)
    assert not sender.is_alive()
    codes = {code for code, _ in events.errors}
    assert "database_busy" in codes
    assert "sender_crashed" not in codes
    assert sorted(provider.sent_refs) == sorted(set(provider.sent_refs))
    with db.session() as session:
        assert set(session.scalars(select(Message.state))) == {"delivered"}

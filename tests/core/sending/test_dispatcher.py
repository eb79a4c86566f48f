"""The dispatcher against an in-process provider: states, at-most-once, retries, pauses."""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest
import time_machine
from sqlalchemy import select

from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import Campaign, Message, ProviderAccount
from smsdesk.core.errors import ProviderError
from smsdesk.core.providers.base import (
    ErrorCategory,
    OutgoingMessage,
    SubmitResult,
    UnknownOutcomeError,
)
from smsdesk.core.sending import lease
from smsdesk.core.sending.dispatcher import Dispatcher
from smsdesk.core.sending.provider_pool import ProviderPool
from tests.helpers.sending_world import DAYTIME_UTC, RecordingProvider, build_world, queue_for_all


@pytest.fixture(autouse=True)
def daytime():  # type: ignore[no-untyped-def]
    with time_machine.travel(DAYTIME_UTC, tick=True):
        yield


def make_dispatcher(db: Database, provider: RecordingProvider) -> Dispatcher:
    holder = lease.make_holder()
    with db.session() as session:
        from smsdesk.core.clock import utc_now

        assert lease.acquire(session, holder=holder, now=utc_now()) is None
    return Dispatcher(
        db, holder=holder, pool=ProviderPool(lambda s, a: provider), rng=random.Random(1)
    )


def states(db: Database) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(Message.state).order_by(Message.id)))


def test_queued_messages_are_submitted_once_with_provider_ids(db: Database) -> None:
    world = build_world(db, contacts=3)
    queue_for_all(db, world)
    provider = RecordingProvider()
    dispatcher = make_dispatcher(db, provider)
    result = dispatcher.run_round()
    assert result.submitted == 3
    assert states(db) == ["submitted"] * 3
    second = dispatcher.run_round()
    assert second.submitted == 0
    assert len(provider.sent_refs) == 3
    with db.session() as session:
        rows = session.scalars(select(Message).order_by(Message.id)).all()
        assert [r.provider_message_id for r in rows] == ["P1", "P2", "P3"]
        assert provider.sent_refs == [r.our_ref for r in rows]
        assert rows[0].body == "【小店】客户0您好，新品到店，拒收请回复R"
        assert all(r.attempts == 1 and r.submitting_at and r.submitted_at for r in rows)
    outgoing = provider.calls[0][0]
    assert outgoing.sign_name == "小店"
    assert outgoing.template_code == "T100"
    assert outgoing.variables == {"name": "客户0"}


def test_message_is_submitting_and_committed_while_the_vendor_is_called(db: Database) -> None:
    world = build_world(db, contacts=1)
    queue_for_all(db, world)
    seen: list[str] = []

    def script(messages: Sequence[OutgoingMessage]) -> list[SubmitResult]:
        # A separate connection sees the committed state during the HTTP call.
        other = Database(url=db.url, engine=db.engine, sessions=db.sessions)
        with other.session() as session:
            seen.extend(session.scalars(select(Message.state)))
        return [
            SubmitResult(our_ref=m.our_ref, accepted=True, provider_message_id="X")
            for m in messages
        ]

    dispatcher = make_dispatcher(db, RecordingProvider(script=script))
    dispatcher.run_round()
    assert seen == ["submitting"]
    assert states(db) == ["submitted"]


def test_read_timeout_makes_the_message_unknown_and_never_resends(db: Database) -> None:
    world = build_world(db, contacts=2)
    queue_for_all(db, world)

    def script(messages: Sequence[OutgoingMessage]) -> list[SubmitResult]:
        raise UnknownOutcomeError("read timeout")

    provider = RecordingProvider(script=script)
    dispatcher = make_dispatcher(db, provider)
    result = dispatcher.run_round()
    assert result.unknown == 2
    assert states(db) == ["unknown", "unknown"]
    dispatcher.run_round()
    assert len(provider.calls) == 2  # one call per message, none repeated


def test_unexpected_adapter_error_counts_as_maybe_sent(db: Database) -> None:
    world = build_world(db, contacts=1)
    queue_for_all(db, world)

    def script(messages: Sequence[OutgoingMessage]) -> list[SubmitResult]:
        raise RuntimeError("boom after the body went out")

    dispatcher = make_dispatcher(db, RecordingProvider(script=script))
    result = dispatcher.run_round()
    assert states(db) == ["unknown"]
    assert result.errors
    assert result.errors[0][0] == "provider_crashed"


def test_refused_request_retries_with_backoff_then_succeeds(db: Database) -> None:
    world = build_world(db, contacts=1)
    queue_for_all(db, world)
    answers = iter([ProviderError("503", category=ErrorCategory.RETRY), None])

    def script(messages: Sequence[OutgoingMessage]) -> list[SubmitResult]:
        answer = next(answers)
        if answer is not None:
            raise answer
        return [
            SubmitResult(our_ref=m.our_ref, accepted=True, provider_message_id="OK")
            for m in messages
        ]

    provider = RecordingProvider(script=script)
    dispatcher = make_dispatcher(db, provider)
    assert dispatcher.run_round().retried == 1
    with db.session() as session:
        message = session.scalars(select(Message)).one()
        assert message.state == "queued"
        assert message.error_code == "provider"
        delay = (message.not_before - message.submitting_at).total_seconds()
        assert 1.0 <= delay <= 2.5  # first backoff: 1–2 s (jittered)
    assert dispatcher.run_round().submitted == 0  # not due yet
    with time_machine.travel(DAYTIME_UTC.replace(minute=5), tick=True):
        assert dispatcher.run_round().submitted == 1
    assert states(db) == ["submitted"]
    with db.session() as session:
        assert session.scalars(select(Message.attempts)).one() == 2


def test_retries_stop_after_max_attempts(db: Database) -> None:
    world = build_world(db, contacts=1)
    queue_for_all(db, world)

    def script(messages: Sequence[OutgoingMessage]) -> list[SubmitResult]:
        raise ProviderError("down", category=ErrorCategory.RETRY)

    dispatcher = make_dispatcher(db, RecordingProvider(script=script))
    dispatcher.max_attempts = 3
    for minute in range(1, 10):
        with time_machine.travel(DAYTIME_UTC.replace(minute=minute * 5), tick=True):
            dispatcher.run_round()
    with db.session() as session:
        message = session.scalars(select(Message)).one()
        assert message.state == "failed"
        assert message.attempts == 3


def test_auth_error_pauses_the_account_and_keeps_messages_queued(db: Database) -> None:
    world = build_world(db, contacts=3)
    queue_for_all(db, world)

    def script(messages: Sequence[OutgoingMessage]) -> list[SubmitResult]:
        from smsdesk.core.providers.base import ProviderRefusedError

        raise ProviderRefusedError(
            "SecretId not found",
            category=ErrorCategory.AUTH,
            vendor_code="AuthFailure.SecretIdNotFound",
        )

    provider = RecordingProvider(script=script)
    dispatcher = make_dispatcher(db, provider)
    result = dispatcher.run_round()
    assert len(provider.calls) == 1  # stopped at the first refusal
    assert [p[1] for p in result.paused] == ["acct"]
    assert states(db) == ["queued"] * 3
    with db.session() as session:
        account = session.get(ProviderAccount, world.account_id)
        assert account.paused_reason.startswith("auth|AuthFailure.SecretIdNotFound|")
        assert session.scalars(select(Message.attempts)).all() == [0, 0, 0]
    assert dispatcher.run_round().due == 0
    assert len(provider.calls) == 1


def test_per_message_outcomes(db: Database) -> None:
    world = build_world(db, contacts=4)
    queue_for_all(db, world)
    categories = iter(
        [ErrorCategory.INVALID_NUMBER, ErrorCategory.LIMIT, ErrorCategory.UNKNOWN_OUTCOME, None]
    )

    def script(messages: Sequence[OutgoingMessage]) -> list[SubmitResult]:
        category = next(categories)
        if category is None:
            return [
                SubmitResult(our_ref=messages[0].our_ref, accepted=True, provider_message_id="A")
            ]
        return [
            SubmitResult(
                our_ref=messages[0].our_ref,
                accepted=False,
                error_code="E.PhoneNumberDailyLimit",
                category=category,
            )
        ]

    dispatcher = make_dispatcher(db, RecordingProvider(script=script))
    dispatcher.run_round()
    assert states(db) == ["failed", "queued", "unknown", "submitted"]
    with db.session() as session:
        limited = session.scalars(select(Message).order_by(Message.id)).all()[1]
        assert limited.attempts == 0
        assert limited.skip_reason == "vendor_limit"
        assert limited.not_before.isoformat() == "2026-06-01T16:00:00+00:00"  # Beijing midnight


def test_batches_follow_the_provider_batch_key_and_size(db: Database) -> None:
    world = build_world(db, contacts=7, batch_size=3)
    queue_for_all(db, world)

    class Batching(RecordingProvider):
        def batch_key(self, message: OutgoingMessage) -> object:
            return message.variables["name"][-1] in "0246"

    provider = Batching(max_batch=3)
    dispatcher = make_dispatcher(db, provider)
    assert dispatcher.run_round().submitted == 7
    sizes = [len(call) for call in provider.calls]
    assert sorted(sizes) == [1, 3, 3]
    for call in provider.calls:
        assert len({m.variables["name"][-1] in "0246" for m in call}) == 1


def test_paused_campaign_holds_and_cancelled_campaign_drops(db: Database) -> None:
    world = build_world(db, contacts=2)
    with db.session() as session:
        paused = Campaign(name="p", state="paused")
        cancelled = Campaign(name="c", state="cancelled")
        session.add_all([paused, cancelled])
        session.flush()
        ids = (paused.id, cancelled.id)
    from smsdesk.core.sending.outbox import OutboxItem, enqueue

    with db.session() as session:
        for campaign_id, (contact_id, e164) in zip(
            ids, zip(world.contact_ids, world.numbers, strict=True), strict=True
        ):
            enqueue(
                session,
                [
                    OutboxItem(
                        e164=e164,
                        template_id=world.template_id,
                        variables={"name": "x"},
                        contact_id=contact_id,
                        provider_account_id=world.account_id,
                        campaign_id=campaign_id,
                    )
                ],
            )
    provider = RecordingProvider()
    dispatcher = make_dispatcher(db, provider)
    result = dispatcher.run_round()
    assert result.cancelled == 1
    assert states(db) == ["queued", "cancelled"]
    assert provider.calls == []
    with db.session() as session:
        session.get(Campaign, ids[0]).state = "running"
    assert dispatcher.run_round().submitted == 1


def test_opt_out_between_the_checks_and_the_submission_still_stops_the_message(
    db: Database,
) -> None:
    """The checks run for a chunk; an opt-out recorded while earlier messages of the chunk
    are being sent is caught by the SQL re-check in the transaction that marks submitting."""
    from smsdesk.core.consent import opt_outs

    world = build_world(db, contacts=3)
    queue_for_all(db, world)

    def script(messages: Sequence[OutgoingMessage]) -> list[SubmitResult]:
        if messages[0].e164 == world.numbers[0]:
            with db.session() as session:  # e.g. the user, in the opt-out page, right now
                opt_outs.add_opt_out(session, world.numbers[1], reason="phone call", source="ui")
        return [
            SubmitResult(our_ref=m.our_ref, accepted=True, provider_message_id="x")
            for m in messages
        ]

    provider = RecordingProvider(script=script)
    result = make_dispatcher(db, provider).run_round()
    assert [m.e164 for call in provider.calls for m in call] == [world.numbers[0], world.numbers[2]]
    assert result.skipped == 1
    assert states(db) == ["submitted", "skipped", "submitted"]


def test_campaign_paused_mid_round_stops_at_the_next_batch(db: Database) -> None:
    world = build_world(db, contacts=4)
    with db.session() as session:
        campaign = Campaign(name="c", state="running")
        session.add(campaign)
        session.flush()
        campaign_id = campaign.id
    queue_for_all(db, world, campaign_id=campaign_id)

    def script(messages: Sequence[OutgoingMessage]) -> list[SubmitResult]:
        if messages[0].e164 == world.numbers[1]:
            with db.session() as session:
                session.get(Campaign, campaign_id).state = "paused"
        return [
            SubmitResult(our_ref=m.our_ref, accepted=True, provider_message_id="x")
            for m in messages
        ]

    provider = RecordingProvider(script=script)
    make_dispatcher(db, provider).run_round()
    assert len(provider.calls) == 2
    assert states(db) == ["submitted", "submitted", "queued", "queued"]


def test_two_messages_to_one_contact_in_a_chunk_respect_the_frequency_cap(db: Database) -> None:
    world = build_world(db, contacts=1, tier="new")  # 1 marketing message per 7 days
    queue_for_all(db, world)
    queue_for_all(db, world)
    provider = RecordingProvider()
    result = make_dispatcher(db, provider).run_round()
    assert (result.submitted, result.skipped) == (1, 1)
    with db.session() as session:
        skipped = session.scalars(select(Message).where(Message.state == "skipped")).one()
        assert skipped.skip_reason == "frequency_cap"


def test_expired_messages_are_not_sent(db: Database) -> None:
    from datetime import timedelta

    from smsdesk.core.clock import utc_now

    world = build_world(db, contacts=2)
    queue_for_all(db, world, expires_at=utc_now() - timedelta(minutes=1))
    provider = RecordingProvider()
    result = make_dispatcher(db, provider).run_round()
    assert result.expired == 2
    assert provider.calls == []
    assert states(db) == ["expired", "expired"]


def test_opted_out_refusal_fails_and_suppresses_and_template_refusal_marks_it_rejected(
    db: Database,
) -> None:
    from smsdesk.core.consent import opt_outs
    from smsdesk.core.db.models import TemplateApproval

    world = build_world(db, contacts=3)
    queue_for_all(db, world)
    answers = iter([ErrorCategory.OPTED_OUT, ErrorCategory.TEMPLATE])

    def script(messages: Sequence[OutgoingMessage]) -> list[SubmitResult]:
        category = next(answers)
        return [
            SubmitResult(
                our_ref=messages[0].our_ref,
                accepted=False,
                error_code="E1",
                error_message="no",
                category=category,
            )
        ]

    provider = RecordingProvider(script=script)
    dispatcher = make_dispatcher(db, provider)
    result = dispatcher.run_round()
    assert result.failed == 2
    assert states(db) == ["failed", "failed", "queued"]  # not sent after the refusal
    assert dispatcher.run_round().skipped == 1  # next round: the template is marked rejected
    assert states(db) == ["failed", "failed", "skipped"]
    assert len(provider.calls) == 2
    with db.session() as session:
        assert opt_outs.is_opted_out(session, world.numbers[0])
        approval = session.scalars(select(TemplateApproval)).one()
        assert approval.status == "rejected"
        assert approval.reason == "E1 no"


def test_an_account_whose_adapter_cannot_be_built_is_paused_with_the_reason(db: Database) -> None:
    from smsdesk.core.errors import ConfigurationError

    world = build_world(db, contacts=1)
    queue_for_all(db, world)

    def factory(session, account):  # type: ignore[no-untyped-def]
        raise ConfigurationError("The system keychain cannot be read", reason="keyring_unavailable")

    holder = lease.make_holder()
    with db.session() as session:
        from smsdesk.core.clock import utc_now

        lease.acquire(session, holder=holder, now=utc_now())
    dispatcher = Dispatcher(db, holder=holder, pool=ProviderPool(factory))
    result = dispatcher.run_round()
    assert [p[2].vendor_code for p in result.paused] == ["keyring_unavailable"]
    assert states(db) == ["queued"]

"""Receipts and replies: idempotent, suspect after three failures, opt-outs suppress at once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy import select

from smsdesk.core.consent import opt_outs
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import Contact, Message, ProviderAccount, Reply
from smsdesk.core.providers.base import (
    DeliveryStatus,
    ErrorCategory,
    InboundReply,
    ProviderRefusedError,
    Receipt,
)
from smsdesk.core.sending import receipts
from smsdesk.core.sending.provider_pool import ProviderPool
from tests.helpers.sending_world import DAYTIME_UTC, RecordingProvider, build_world, queue_for_all


@pytest.fixture(autouse=True)
def daytime():  # type: ignore[no-untyped-def]
    with time_machine.travel(DAYTIME_UTC, tick=True):
        yield


def submitted(db: Database, count: int = 1, *, tier: str = "active") -> tuple[int, list[Message]]:
    world = build_world(db, contacts=count, tier=tier)
    queue_for_all(db, world)
    with db.session() as session:
        rows = session.scalars(select(Message).order_by(Message.id)).all()
        for i, row in enumerate(rows):
            row.state = "submitted"
            row.provider_message_id = f"P{i}"
            row.submitting_at = row.submitted_at = DAYTIME_UTC
    return world.account_id, rows


def apply(db: Database, account_id: int, *items: Receipt) -> receipts.PullResult:
    with db.session() as session:
        return receipts.apply_receipts(session, account_id, list(items), account_name="acct")


def state_of(db: Database, message_id: int) -> Message:
    with db.session() as session:
        return session.get(Message, message_id)  # type: ignore[return-value]


def test_the_same_receipt_twice_changes_nothing(db: Database) -> None:
    account_id, rows = submitted(db)
    failed = Receipt(
        provider_message_id="P0",
        status=DeliveryStatus.FAILED,
        e164=rows[0].e164,
        error_code="UNDELIV",
    )
    first = apply(db, account_id, failed)
    second = apply(db, account_id, failed)
    assert (first.changed, second.changed, second.unchanged) == (1, 0, 1)
    message = state_of(db, rows[0].id)
    assert message.state == "failed"
    assert message.error_code == "UNDELIV"
    with db.session() as session:
        assert session.get(Contact, rows[0].contact_id).consecutive_failures == 1
    # A late "delivered" for a final message changes nothing either.
    delivered = Receipt(
        provider_message_id="P0", status=DeliveryStatus.DELIVERED, e164=rows[0].e164
    )
    assert apply(db, account_id, delivered).changed == 0
    assert state_of(db, rows[0].id).state == "failed"


def test_receipts_match_by_our_ref_or_by_id_and_number(db: Database) -> None:
    account_id, rows = submitted(db, 3)
    with db.session() as session:  # Alibaba: one BizId for every number of a call
        for row in session.scalars(select(Message)):
            row.provider_message_id = "BIZ1"
    result = apply(
        db,
        account_id,
        Receipt(provider_message_id="", status=DeliveryStatus.DELIVERED, our_ref=rows[0].our_ref),
        Receipt(provider_message_id="BIZ1", status=DeliveryStatus.DELIVERED, e164=rows[1].e164),
        Receipt(provider_message_id="BIZ1", status=DeliveryStatus.DELIVERED),  # ambiguous
        Receipt(provider_message_id="NOPE", status=DeliveryStatus.DELIVERED, e164=rows[2].e164),
    )
    assert (result.changed, result.unmatched) == (2, 2)
    assert [state_of(db, r.id).state for r in rows] == ["delivered", "delivered", "submitted"]


def test_three_failed_deliveries_in_a_row_make_a_number_suspect(db: Database) -> None:
    world = build_world(db, contacts=1)
    for _ in range(4):
        queue_for_all(db, world)
    with db.session() as session:
        rows = session.scalars(select(Message).order_by(Message.id)).all()
        for i, row in enumerate(rows):
            row.state, row.provider_message_id, row.submitted_at = "submitted", f"P{i}", DAYTIME_UTC
    fail = [Receipt(provider_message_id=f"P{i}", status=DeliveryStatus.FAILED) for i in range(4)]
    apply(db, world.account_id, fail[0], fail[1])
    with db.session() as session:
        assert not session.get(Contact, world.contact_ids[0]).suspect
    apply(db, world.account_id, fail[2])
    with db.session() as session:
        contact = session.get(Contact, world.contact_ids[0])
        assert contact.suspect
        assert contact.consecutive_failures == 3
    apply(db, world.account_id, Receipt(provider_message_id="P3", status=DeliveryStatus.DELIVERED))
    with db.session() as session:
        contact = session.get(Contact, world.contact_ids[0])
        assert not contact.suspect  # a delivery clears it
        assert contact.consecutive_failures == 0


def test_a_receipt_saying_the_recipient_blocked_us_suppresses_the_number(db: Database) -> None:
    account_id, rows = submitted(db)
    apply(
        db,
        account_id,
        Receipt(
            provider_message_id="P0",
            status=DeliveryStatus.FAILED,
            error_code="MK:0024",
            opted_out=True,
        ),
    )
    with db.session() as session:
        assert opt_outs.is_opted_out(session, rows[0].e164)


def test_pull_stores_replies_once_and_opt_outs_land_on_the_suppression_list(db: Database) -> None:
    account_id, rows = submitted(db, 2)
    provider = RecordingProvider(auto_deliver=False)
    at = datetime(2026, 6, 1, 2, 5, tzinfo=UTC)
    reply = InboundReply(provider_reply_id="R1", e164=rows[0].e164, text="退订", received_at=at)
    chat = InboundReply(
        provider_reply_id="R2", e164=rows[1].e164, text="几点开门？", received_at=at
    )
    provider.replies = [reply, chat]
    first = receipts.pull_all(db, ProviderPool(lambda s, a: provider))
    provider.replies = [reply]  # the vendor hands the same reply out again
    second = receipts.pull_all(db, ProviderPool(lambda s, a: provider))
    assert (first.replies, second.replies) == (2, 0)
    with db.session() as session:
        stored = session.scalars(select(Reply).order_by(Reply.id)).all()
        assert [(r.action, r.message_id) for r in stored] == [
            ("opt_out", rows[0].id),
            ("none", rows[1].id),
        ]
        assert opt_outs.is_opted_out(session, rows[0].e164)
        assert not opt_outs.is_opted_out(session, rows[1].e164)
        cursor = session.get(ProviderAccount, account_id).pull_cursor
        assert cursor["sender.replies_since"].startswith("2026-06-01T01:55")


def test_unknown_messages_are_looked_up_without_consuming_the_queue(db: Database) -> None:
    _account_id, rows = submitted(db, 2)
    with db.session() as session:
        for row in session.scalars(select(Message)):
            row.state, row.provider_message_id = "unknown", None
    provider = RecordingProvider(auto_deliver=False)
    provider.lookup_answers[rows[0].our_ref] = Receipt(
        provider_message_id="V9", status=DeliveryStatus.PENDING, our_ref=rows[0].our_ref
    )
    result = receipts.pull_all(db, ProviderPool(lambda s, a: provider))
    assert result.reconciled == 1
    message = state_of(db, rows[0].id)
    assert (message.state, message.provider_message_id) == ("submitted", "V9")
    assert state_of(db, rows[1].id).state == "unknown"


def test_an_auth_refusal_while_pulling_pauses_the_account(db: Database) -> None:
    account_id, _rows = submitted(db)

    class Refusing(RecordingProvider):
        def pull_receipts(self, pending):  # type: ignore[no-untyped-def]
            raise ProviderRefusedError("bad key", category=ErrorCategory.AUTH, vendor_code="401")

    result = receipts.pull_all(db, ProviderPool(lambda s, a: Refusing()))
    assert [p[1] for p in result.paused] == ["acct"]
    with db.session() as session:
        assert session.get(ProviderAccount, account_id).paused_reason.startswith("auth|401|")
    assert receipts.pull_all(db, ProviderPool(lambda s, a: Refusing())).paused == []  # skipped

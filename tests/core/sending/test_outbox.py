"""Queueing ad-hoc messages: rendering, references, parts and cost, and the by-hand actions."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import AuditEntry, Message, Template
from smsdesk.core.errors import NotFoundError, ValidationError
from smsdesk.core.sending import outbox, reconcile
from smsdesk.core.sending.outbox import OutboxItem, enqueue
from tests.helpers.sending_world import build_world


def test_enqueue_renders_signature_and_variables_with_parts_and_cost(db: Database) -> None:
    world = build_world(
        db, contacts=2, text="{name}您好，" + "会员日全场八折" * 10 + "，拒收请回复R"
    )
    with db.session() as session:
        count = enqueue(
            session,
            [
                OutboxItem(
                    e164=world.numbers[0],
                    template_id=world.template_id,
                    variables={"name": "王先生", "unused": "x"},
                    contact_id=world.contact_ids[0],
                    provider_account_id=world.account_id,
                ),
                OutboxItem(
                    e164=world.numbers[1],
                    template_id=world.template_id,
                    variables={"name": "李"},
                    kind="service",
                ),
            ],
        )
    assert count == 2
    with db.session() as session:
        first, second = session.scalars(select(Message).order_by(Message.id)).all()
    assert first.body.startswith("【小店】王先生您好，会员日全场八折")
    assert len(first.body) == 87
    assert first.parts == 2  # 87 UCS-2 characters: 67 per part
    assert first.cost == pytest.approx(0.1)
    assert first.variables == {"name": "王先生"}
    assert first.state == "queued"
    assert first.kind == "marketing"
    assert second.kind == "service"
    assert second.cost == 0  # no account yet: priced when one is chosen
    assert first.our_ref != second.our_ref
    assert len(first.our_ref) <= 40


def test_enqueue_refuses_blank_variables_and_unknown_templates(db: Database) -> None:
    world = build_world(db, contacts=1)
    with db.session() as session, pytest.raises(ValidationError) as caught:
        enqueue(
            session,
            [
                OutboxItem(
                    e164=world.numbers[0], template_id=world.template_id, variables={"name": "  "}
                )
            ],
        )
    assert caught.value.params["variable"] == "name"
    with db.session() as session, pytest.raises(NotFoundError):
        enqueue(session, [OutboxItem(e164=world.numbers[0], template_id=999)])


def test_state_counts_and_ids_for_the_outbox_page(db: Database) -> None:
    world = build_world(db, contacts=3)
    with db.session() as session:
        enqueue(
            session,
            [
                OutboxItem(e164=n, template_id=world.template_id, variables={"name": "x"})
                for n in world.numbers
            ],
        )
        rows = session.scalars(select(Message).order_by(Message.id)).all()
        rows[0].state = "unknown"
    with db.session() as session:
        counts = outbox.state_counts(session)
        assert counts["queued"] == 2
        assert counts["unknown"] == 1
        assert counts["delivered"] == 0
        assert outbox.message_ids(session) == [rows[2].id, rows[1].id, rows[0].id]
        assert outbox.message_ids(session, state="unknown") == [rows[0].id]


def test_unknown_messages_are_settled_only_by_hand_and_audited(db: Database) -> None:
    world = build_world(db, contacts=3)
    with db.session() as session:
        enqueue(
            session,
            [
                OutboxItem(e164=n, template_id=world.template_id, variables={"name": "x"})
                for n in world.numbers
            ],
        )
        ids = [m.id for m in session.scalars(select(Message).order_by(Message.id))]
        for message in session.scalars(select(Message)):
            message.state = "unknown"
    with db.session() as session:
        assert reconcile.resolve_unknown(session, [ids[0]], reconcile.Resolution.SENT) == 1
        assert reconcile.resolve_unknown(session, [ids[1]], reconcile.Resolution.RESEND) == 1
        assert reconcile.resolve_unknown(session, [ids[2]], reconcile.Resolution.DROP) == 1
        assert reconcile.resolve_unknown(session, ids, reconcile.Resolution.RESEND) == 0
    with db.session() as session:
        states = list(session.scalars(select(Message.state).order_by(Message.id)))
        assert states == ["submitted", "queued", "cancelled"]
        actions = list(session.scalars(select(AuditEntry.action)))
        assert actions.count("sending.resolve_unknown") == 3
        assert reconcile.cancel_queued(session, ids) == 1
        assert session.get(Template, world.template_id) is not None

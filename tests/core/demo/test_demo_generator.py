"""The demo generator makes a living, consistent book."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from smsdesk.core.consent.evidence_chain import GENESIS, HASHED_FIELDS, record_hash
from smsdesk.core.contacts.numbers import normalize
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import (
    ConsentRecord,
    Contact,
    OptOut,
    Signature,
    Template,
    TemplateApproval,
)
from smsdesk.core.demo.generator import ensure_demo_data, generate


def test_demo_book_is_realistic_and_consistent(db: Database) -> None:
    summary = generate(db, contacts=600, seed=11)
    assert summary.contacts == 600
    with db.session() as session:
        contacts = session.scalars(select(Contact)).all()
        assert len(contacts) == 600
        assert all(normalize(c.e164) == c.e164 for c in contacts)
        carriers = Counter(c.carrier for c in contacts)
        assert {"mobile", "unicom", "telecom"} <= set(carriers)
        assert len({c.province for c in contacts}) >= 15
        assert sum(1 for c in contacts if c.name) > 500
        assert len({c.tier for c in contacts}) == 4
        assert {c.consent_scope for c in contacts} == {"marketing", "service", "none"}
        opted = {o.e164 for o in session.scalars(select(OptOut))}
        assert opted
        assert opted == {c.e164 for c in contacts if c.opted_out}
        methods = set(session.scalars(select(ConsentRecord.method).distinct()))
        assert methods >= {"sms_reply", "otp", "signature", "web_form", "paper", "import"}
        assert session.scalar(select(func.count()).select_from(Template)) >= 4
        assert session.scalar(select(func.count()).select_from(Signature)) >= 1
        records = session.scalars(select(ConsentRecord).order_by(ConsentRecord.id)).all()
        approvals = session.scalars(select(TemplateApproval)).all()
        assert len(approvals) == session.scalar(select(func.count()).select_from(Template))
        assert all(a.status == "approved" for a in approvals)
        assert all(a.approved_text == a.template.body for a in approvals)
    prev = GENESIS
    for record in records:
        values = {name: getattr(record, name) for name in HASHED_FIELDS}
        assert record.prev_hash == prev
        assert record.hash == record_hash(values, prev)
        prev = record.hash


def test_same_seed_same_data(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from smsdesk.core.db.engine import open_database, sqlite_url

    results = []
    for name in ("a", "b"):
        db = open_database(sqlite_url(tmp_path / f"{name}.sqlite3"))
        generate(db, contacts=50, seed=5)
        with db.session() as session:
            results.append(
                session.execute(
                    select(Contact.e164, Contact.name, Contact.tier).order_by(Contact.e164)
                ).all()
            )
        db.close()
    assert results[0] == results[1]


def test_ensure_demo_data_fills_once(db: Database) -> None:
    assert ensure_demo_data(db, contacts=30) is True
    assert ensure_demo_data(db, contacts=30) is False
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Contact)) == 30


def test_demo_history_is_a_finished_campaign_with_replies(db: Database) -> None:
    from smsdesk.core.consent import consent_log, opt_outs
    from smsdesk.core.db.models import Campaign, Message, Reply

    generate(db, contacts=1200, seed=7, with_history=True)
    with db.session() as session:
        campaign = session.scalars(select(Campaign)).one()
        assert campaign.state == "completed"
        states = Counter(session.scalars(select(Message.state)))
        assert set(states) <= {"delivered", "failed"}
        assert states["delivered"] > 100
        codes = session.scalars(select(Message.code)).all()
        assert len(set(codes)) == len(codes)
        replies = session.scalars(select(Reply)).all()
        assert replies
        assert all(reply.campaign_id == campaign.id for reply in replies)
        for reply in replies:
            if reply.action == "opt_out":
                assert opt_outs.is_opted_out(session, reply.e164)
        assert consent_log.verify(session).ok

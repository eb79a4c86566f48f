"""Model constraints the whole app relies on."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, text
from sqlalchemy.exc import IntegrityError

from smsdesk.core.clock import utc_now
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import Contact, OptOut, Purchase, Tag


def test_one_row_per_e164(db: Database) -> None:
    with db.session() as session:
        session.add(Contact(e164="+8613812345678", name="A"))
    with pytest.raises(IntegrityError), db.session() as session:
        session.add(Contact(e164="+8613812345678", name="B"))
    with db.session() as session:
        assert session.query(Contact).count() == 1


def test_e164_must_start_with_plus(db: Database) -> None:
    with pytest.raises(IntegrityError), db.session() as session:
        session.add(Contact(e164="13812345678"))


def test_only_one_active_opt_out_per_number(db: Database) -> None:
    with db.session() as session:
        session.add(OptOut(e164="+8613812345678", reason="T", removed_at=utc_now()))
        session.add(OptOut(e164="+8613812345678", reason="T again"))
    with pytest.raises(IntegrityError), db.session() as session:
        session.add(OptOut(e164="+8613812345678", reason="duplicate"))


def test_deleting_a_contact_cascades_to_tags_and_purchases_only(db: Database) -> None:
    with db.session() as session:
        contact = Contact(e164="+8613812345678", tags=[Tag(name="VIP")])
        session.add(contact)
        session.flush()
        session.add(Purchase(contact_id=contact.id, purchased_at=utc_now(), amount_cents=100))
        session.add(OptOut(e164=contact.e164, reason="T"))
    with db.session() as session:
        session.execute(text("DELETE FROM contacts"))
    with db.session() as session:
        assert session.execute(text("SELECT count(*) FROM purchases")).scalar() == 0
        assert session.execute(text("SELECT count(*) FROM contact_tags")).scalar() == 0
        assert session.execute(text("SELECT count(*) FROM tags")).scalar() == 1
        assert session.execute(text("SELECT count(*) FROM opt_outs")).scalar() == 1


def test_consent_records_are_append_only(db: Database) -> None:
    from smsdesk.core.consent.evidence_chain import ConsentEntry, append

    with db.session() as session:
        append(
            session,
            [
                ConsentEntry(
                    e164="+8613812345678",
                    action="grant",
                    scope="marketing",
                    method="paper",
                    consented_at=utc_now(),
                )
            ],
        )
    with pytest.raises(IntegrityError, match="append-only"), db.session() as session:
        session.execute(text("UPDATE consent_records SET scope = 'service'"))
    with pytest.raises(IntegrityError, match="append-only"), db.session() as session:
        session.execute(text("DELETE FROM consent_records"))


def test_bulk_insert_fills_python_defaults(db: Database) -> None:
    with db.session() as session:
        session.execute(insert(Contact), [{"e164": "+8613812345678"}])
    with db.session() as session:
        contact = session.query(Contact).one()
        assert contact.created_at is not None
        assert contact.created_at.tzinfo is not None
        assert contact.fields == {}

"""Filters, saved segments, contacts by hand, bulk tags, deletion that keeps opt-outs."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from smsdesk.core.consent import consent_log
from smsdesk.core.contacts import book, segments
from smsdesk.core.contacts.book import ContactDraft
from smsdesk.core.contacts.numbers import NumberRejected
from smsdesk.core.contacts.segments import ContactFilter
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import AuditEntry, ConsentRecord, Contact, OptOut, Tag
from smsdesk.core.errors import NotFoundError, ValidationError
from tests.helpers.contacts_data import fill_book


@pytest.fixture
def hundred(db: Database) -> Database:
    fill_book(db, 100, seed=3)
    return db


def _ids(db: Database, flt: ContactFilter) -> set[int]:
    with db.session() as session:
        return set(session.scalars(segments.contact_ids_query(flt)))


def test_filters_match_what_they_say(hundred: Database) -> None:
    with hundred.session() as session:
        rows = session.execute(
            select(
                Contact.id,
                Contact.tier,
                Contact.carrier,
                Contact.province,
                Contact.consent_scope,
                Contact.opted_out,
                Contact.suspect,
            )
        ).all()
        vip = set(session.scalars(select(Contact.id).where(Contact.tags.any(Tag.name == "VIP"))))
    assert _ids(hundred, ContactFilter()) == {r[0] for r in rows}
    assert _ids(hundred, ContactFilter(tiers=("loyal",))) == {r[0] for r in rows if r[1] == "loyal"}
    assert _ids(hundred, ContactFilter(carriers=("mobile", "unicom"))) == {
        r[0] for r in rows if r[2] in ("mobile", "unicom")
    }
    province = rows[0][3]
    assert _ids(hundred, ContactFilter(provinces=(province,))) == {
        r[0] for r in rows if r[3] == province
    }
    assert _ids(hundred, ContactFilter(consent_scopes=("marketing",))) == {
        r[0] for r in rows if r[4] == "marketing"
    }
    assert _ids(hundred, ContactFilter(opted_out=True)) == {r[0] for r in rows if r[5]}
    assert _ids(hundred, ContactFilter(suspect=False)) == {r[0] for r in rows if not r[6]}
    assert _ids(hundred, ContactFilter(tags=("VIP",))) == vip
    both = ContactFilter(tags=("VIP",), tiers=("new",))
    assert _ids(hundred, both) == vip & {r[0] for r in rows if r[1] == "new"}
    with hundred.session() as session:
        assert segments.count(session, both) == len(_ids(hundred, both))


def test_search_by_number_fragment_exact_number_and_name(hundred: Database) -> None:
    with hundred.session() as session:
        contact_id, e164, name = session.execute(
            select(Contact.id, Contact.e164, Contact.name).limit(1)
        ).one()
    assert contact_id in _ids(hundred, ContactFilter(search=e164[-6:]))
    assert _ids(hundred, ContactFilter(search=e164[3:6] + " " + e164[6:10])) >= {contact_id}
    assert _ids(hundred, ContactFilter(search=e164[3:])) == {contact_id}
    assert contact_id in _ids(hundred, ContactFilter(search=name[1:]))
    assert _ids(hundred, ContactFilter(search="%")) == set()


def test_filter_dict_round_trip() -> None:
    flt = ContactFilter(search="138", tags=("VIP", "会员"), tiers=("new",), opted_out=False)
    assert ContactFilter.from_dict(flt.to_dict()) == flt
    assert ContactFilter.from_dict({}) == ContactFilter()
    assert ContactFilter.from_dict(None).is_empty


def test_saved_segments(hundred: Database) -> None:
    flt = ContactFilter(tags=("VIP",), suspect=False)
    with hundred.session() as session:
        saved = segments.save_segment(session, " VIP 客户 ", flt)
        segment_id = saved.id
    with hundred.session() as session:
        by_name = segments.get_segment(session, "VIP 客户")
        assert by_name.id == segment_id
        assert segments.get_segment(session, segment_id).name == "VIP 客户"
        assert segments.segment_filter(by_name) == flt
        segments.save_segment(session, "VIP 客户", ContactFilter(tiers=("new",)))
    with hundred.session() as session:
        assert segments.segment_filter(segments.get_segment(session, "VIP 客户")).tiers == ("new",)
        assert [s.name for s in segments.list_segments(session)] == ["VIP 客户"]
        segments.delete_segment(session, "VIP 客户")
    with hundred.session() as session:
        with pytest.raises(NotFoundError):
            segments.get_segment(session, "VIP 客户")
        with pytest.raises(ValidationError):
            segments.save_segment(session, "  ", flt)


def test_ids_query_works_as_a_subquery(hundred: Database) -> None:
    flt = ContactFilter(tiers=("active",))
    with hundred.session() as session:
        inner = segments.contact_ids_query(flt)
        total = session.scalar(select(func.count()).where(Contact.id.in_(inner)))
        assert total == segments.count(session, flt)


def test_add_contact_by_hand(db: Database) -> None:
    with db.session() as session:
        session.add(OptOut(e164="+8613912345678", reason="T", source="reply"))
    with db.session() as session:
        contact = book.add_contact(
            session,
            "139 1234 5678",
            ContactDraft(name=" 王五 ", tags=("VIP，新客",), birthday=date(1990, 5, 12)),
        )
        contact_id = contact.id
    with db.session() as session:
        details = book.describe(session, book.get_contact(session, contact_id))
        with pytest.raises(ValidationError) as caught:
            book.add_contact(session, "+8613912345678", ContactDraft())
        assert caught.value.params["reason"] == "exists"
        with pytest.raises(NumberRejected):
            book.add_contact(session, "12345", ContactDraft())
    assert details["name"] == "王五"
    assert details["tags"] == ["VIP", "新客"]
    assert details["opted_out"] is True
    assert details["consent"] == "none"
    assert details["tier"] == "new"
    assert details["birthday"] == "1990-05-12"


def test_edit_contact(db: Database) -> None:
    with db.session() as session:
        contact_id = book.add_contact(session, "13812345678", ContactDraft(tags=("A",))).id
    with db.session() as session:
        book.update_contact(
            session,
            contact_id,
            ContactDraft(
                name="新名字", tags=("B",), fields={"门店": "南山", "空": ""}, tier_override="loyal"
            ),
        )
    with db.session() as session:
        contact = book.get_contact(session, contact_id)
        assert (contact.name, contact.tier, contact.fields) == ("新名字", "loyal", {"门店": "南山"})
        assert book.tag_names(session, [contact_id]) == {contact_id: ["B"]}
        assert session.scalar(select(func.count()).where(AuditEntry.action == "contacts.edit")) == 1


def test_bulk_tags_on_a_filter(hundred: Database) -> None:
    flt = ContactFilter(tiers=("dormant",))
    with hundred.session() as session:
        target = segments.count(session, flt)
        added = book.add_tags(session, segments.contact_ids_query(flt), ["回访", "回访"])
        assert added == target
        assert book.add_tags(session, segments.contact_ids_query(flt), ["回访"]) == 0
    assert _ids(hundred, ContactFilter(tags=("回访",))) == _ids(hundred, flt)
    with hundred.session() as session:
        some = sorted(_ids(hundred, flt))[:3]
        assert book.remove_tags(session, some, ["回访"]) == 3
    assert len(_ids(hundred, ContactFilter(tags=("回访",)))) == target - 3


def test_delete_keeps_opt_outs_and_consent(db: Database) -> None:
    with db.session() as session:
        contact = book.add_contact(session, "13812345678", ContactDraft(tags=("VIP",)))
        consent_log.grant(
            session,
            "13812345678",
            scope="marketing",
            method="paper",
            consented_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
        session.add(OptOut(e164="+8613812345678", reason="T", source="reply"))
        contact_id = contact.id
    with db.session() as session:
        assert book.delete_contacts(session, [contact_id]) == 1
    with db.session() as session:
        assert session.get(Contact, contact_id) is None
        assert session.scalar(select(func.count()).select_from(OptOut)) == 1
        assert session.scalar(select(func.count()).select_from(ConsentRecord)) == 1
        assert book.find_contact(session, "13812345678") is None


def test_delete_by_filter(hundred: Database) -> None:
    flt = ContactFilter(tiers=("new",))
    with hundred.session() as session:
        expected = segments.count(session, flt)
        assert book.delete_contacts(session, segments.contact_ids_query(flt)) == expected
        assert segments.count(session, flt) == 0


def test_reveal_numbers_is_audited(db: Database) -> None:
    with db.session() as session:
        book.reveal_numbers(session, True, where="contacts page")
    with db.session() as session:
        entry = session.scalar(
            select(AuditEntry).where(AuditEntry.action == "contacts.reveal_numbers")
        )
        assert entry is not None
        assert entry.detail == {"where": "contacts page"}


def test_filter_choices(hundred: Database) -> None:
    with hundred.session() as session:
        assert book.all_tags(session) == sorted(["VIP", "老客户", "会员", "新客", "团购"])
        provinces = book.provinces(session)
    assert provinces == sorted(set(provinces))
    assert "" not in provinces

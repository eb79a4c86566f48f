"""The contact book one contact at a time, and tags in bulk.

Adding a contact never grants consent (that takes a consent record); deleting contacts never
removes an opt-out or a consent record (both are kept by number, not by contact).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, delete, func, insert, literal, select
from sqlalchemy.orm import Session

from smsdesk.core import audit, settings
from smsdesk.core.clock import utc_now
from smsdesk.core.contacts.import_values import TAG_MAX_LENGTH, split_tags
from smsdesk.core.contacts.numbers import mask, parser_for
from smsdesk.core.contacts.tiers import TierCutoffs, TierThresholds, tier_for
from smsdesk.core.db.models import Contact, OptOut, Tag, contact_tags
from smsdesk.core.errors import NotFoundError, ValidationError

IdSource = Sequence[int] | Select[Any]


@dataclass(frozen=True)
class ContactDraft:
    """What the add/edit dialog collects (the number only when adding)."""

    name: str = ""
    tags: tuple[str, ...] = ()
    birthday: date | None = None
    notes: str = ""
    fields: dict[str, str] | None = None
    tier_override: str | None = None


def find_contact(session: Session, number: object) -> Contact | None:
    """The contact for any written form of ``number`` (``NumberRejected`` if it is none)."""
    info = parser_for(session).parse(number)
    return session.scalar(select(Contact).where(Contact.e164 == info.e164))


def get_contact(session: Session, contact_id: int) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFoundError(f"No contact {contact_id}", contact_id=contact_id)
    return contact


def is_opted_out(session: Session, e164: str) -> bool:
    query = select(OptOut.id).where(OptOut.e164 == e164, OptOut.removed_at.is_(None)).limit(1)
    return session.scalar(query) is not None


def add_contact(session: Session, number: object, draft: ContactDraft) -> Contact:
    """Add a contact by hand; ``NumberRejected`` for a bad number, ``ValidationError`` with
    reason "exists" when the number is already in the book."""
    info = parser_for(session).parse(number)
    if session.scalar(select(Contact.id).where(Contact.e164 == info.e164)) is not None:
        raise ValidationError("The number is already in the book", reason="exists")
    now = utc_now()
    contact = Contact(
        e164=info.e164,
        region=info.region,
        carrier=info.carrier.value,
        province=info.province,
        city=info.city,
        timezone=info.timezone,
        opted_out=is_opted_out(session, info.e164),
        source="manual",
        created_at=now,
        updated_at=now,
        fields={},
    )
    _apply(contact, draft)
    contact.tier = tier_for(
        TierCutoffs.at(now, TierThresholds.from_settings(session)),
        created_at=now,
        tier_override=contact.tier_override,
    )
    session.add(contact)
    session.flush()
    set_tags(session, contact.id, draft.tags)
    audit.record(session, "contacts.add", number=mask(info.e164))
    return contact


def update_contact(session: Session, contact_id: int, draft: ContactDraft) -> Contact:
    contact = get_contact(session, contact_id)
    _apply(contact, draft)
    contact.updated_at = utc_now()
    set_tags(session, contact.id, draft.tags)
    audit.record(session, "contacts.edit", number=mask(contact.e164))
    return contact


def _apply(contact: Contact, draft: ContactDraft) -> None:
    contact.name = draft.name.strip()[:100]
    contact.birthday = draft.birthday
    contact.birthday_md = draft.birthday.strftime("%m-%d") if draft.birthday else None
    contact.notes = draft.notes
    if draft.fields is not None:
        contact.fields = {k: v for k, v in draft.fields.items() if k.strip() and v != ""}
    contact.tier_override = draft.tier_override or None
    if contact.tier_override:
        contact.tier = contact.tier_override


def delete_contacts(session: Session, ids: IdSource) -> int:
    """Delete contacts (their tags and purchases go with them). Opt-outs and consent
    records stay: they belong to the number, and the law wants them kept."""
    if isinstance(ids, Select):
        count = int(session.scalar(select(func.count()).select_from(ids.subquery())) or 0)
        session.execute(delete(Contact).where(Contact.id.in_(ids)))
    else:
        id_list = list(ids)
        count = 0
        for start in range(0, len(id_list), 500):
            chunk = id_list[start : start + 500]
            result = session.execute(delete(Contact).where(Contact.id.in_(chunk)))
            count += int(result.rowcount or 0)  # type: ignore[attr-defined]
    audit.record(session, "contacts.delete", count=count)
    return count


def clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    found: dict[str, None] = {}
    for tag in tags:
        for part in split_tags(tag):
            found.setdefault(part[:TAG_MAX_LENGTH], None)
    return tuple(found)


def ensure_tags(session: Session, names: Iterable[str]) -> dict[str, int]:
    """Tag ids by name, creating the missing tags."""
    wanted = clean_tags(names)
    if not wanted:
        return {}
    known = dict(session.execute(select(Tag.name, Tag.id).where(Tag.name.in_(wanted))).all())
    for name in wanted:
        if name not in known:
            tag = Tag(name=name, created_at=utc_now())
            session.add(tag)
            session.flush()
            known[name] = tag.id
    return known


def set_tags(session: Session, contact_id: int, tags: Iterable[str]) -> None:
    """Make the contact's tags exactly ``tags``."""
    ids = ensure_tags(session, tags)
    session.execute(delete(contact_tags).where(contact_tags.c.contact_id == contact_id))
    if ids:
        session.execute(
            insert(contact_tags), [{"contact_id": contact_id, "tag_id": i} for i in ids.values()]
        )
    session.expire_all()


def add_tags(session: Session, ids: IdSource, tags: Iterable[str]) -> int:
    """Add tags to many contacts (set-based); returns the number of new (contact, tag) pairs."""
    tag_ids = ensure_tags(session, tags)
    target = ids if isinstance(ids, Select) else select(Contact.id).where(Contact.id.in_(list(ids)))
    added = 0
    for tag_id in tag_ids.values():
        missing = target.where(
            ~select(contact_tags.c.contact_id)
            .where(contact_tags.c.contact_id == Contact.id, contact_tags.c.tag_id == tag_id)
            .exists()
        )
        columns = missing.with_only_columns(Contact.id, literal(tag_id))
        result = session.execute(
            insert(contact_tags).from_select(["contact_id", "tag_id"], columns)
        )
        added += int(result.rowcount or 0)  # type: ignore[attr-defined]
    audit.record(session, "contacts.tag", tags=list(tag_ids), added=added)
    session.expire_all()
    return added


def remove_tags(session: Session, ids: IdSource, tags: Iterable[str]) -> int:
    names = clean_tags(tags)
    if not names:
        return 0
    tag_ids = select(Tag.id).where(Tag.name.in_(names))
    target = ids if isinstance(ids, Select) else list(ids)
    result = session.execute(
        delete(contact_tags).where(
            contact_tags.c.tag_id.in_(tag_ids), contact_tags.c.contact_id.in_(target)
        )
    )
    removed = int(result.rowcount or 0)  # type: ignore[attr-defined]
    audit.record(session, "contacts.untag", tags=list(names), removed=removed)
    session.expire_all()
    return removed


def tag_names(session: Session, contact_ids: Sequence[int]) -> dict[int, list[str]]:
    """Tags of each given contact, for one page of a table."""
    if not contact_ids:
        return {}
    rows = session.execute(
        select(contact_tags.c.contact_id, Tag.name)
        .join(Tag, Tag.id == contact_tags.c.tag_id)
        .where(contact_tags.c.contact_id.in_(list(contact_ids)))
        .order_by(contact_tags.c.contact_id, Tag.name)
    )
    found: dict[int, list[str]] = {}
    for contact_id, name in rows:
        found.setdefault(contact_id, []).append(name)
    return found


def all_tags(session: Session) -> list[str]:
    return list(session.scalars(select(Tag.name).order_by(Tag.name)))


def provinces(session: Session) -> list[str]:
    """Provinces present in the book (an index scan), for the filter menu."""
    query = (
        select(Contact.province).where(Contact.province != "").distinct().order_by(Contact.province)
    )
    return list(session.scalars(query))


def reveal_numbers(session: Session, enabled: bool, *, where: str) -> None:
    """Turn full numbers on or off in the UI; turning them on is audited."""
    settings.set_value(session, "privacy.show_full_numbers", bool(enabled))
    audit.record(
        session, "contacts.reveal_numbers" if enabled else "contacts.mask_numbers", where=where
    )


def describe(session: Session, contact: Contact) -> dict[str, Any]:
    """The command line's view of a contact (``contacts show --json``)."""
    tags = tag_names(session, [contact.id]).get(contact.id, [])
    return {
        "e164": contact.e164,
        "name": contact.name,
        "carrier": contact.carrier,
        "province": contact.province,
        "city": contact.city,
        "timezone": contact.timezone,
        "tags": tags,
        "tier": contact.tier,
        "consent": contact.consent_scope,
        "opted_out": bool(contact.opted_out) or is_opted_out(session, contact.e164),
        "suspect": bool(contact.suspect),
        "birthday": contact.birthday.isoformat() if contact.birthday else None,
        "purchase_count": contact.purchase_count,
        "purchase_total_cents": contact.purchase_total_cents,
        "last_purchase_at": _iso(contact.last_purchase_at),
        "fields": dict(contact.fields or {}),
    }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None

"""Filters over the contact book and saved segments (a named filter, for campaigns).

``contact_ids_query`` turns a ``ContactFilter`` into one set-based SELECT of contact ids that
other queries use as a subquery (campaign audiences, exports, bulk tagging), so a segment of
a million contacts never becomes a Python list.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, false, func, select, true
from sqlalchemy.orm import Session

from smsdesk.core import audit
from smsdesk.core.contacts.numbers import NumberParser, RejectReason
from smsdesk.core.db.models import Contact, Segment, Tag, contact_tags
from smsdesk.core.errors import NotFoundError, ValidationError

_DIGITS = re.compile(r"[\s\-+()（）]")
NAME_MAX = 80


def _strings(values: Any) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    return tuple(dict.fromkeys(str(v) for v in values if str(v).strip()))


@dataclass(frozen=True)
class ContactFilter:
    """What to show or target. Empty fields do not filter; list fields match any value."""

    search: str = ""
    tags: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    carriers: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    consent_scopes: tuple[str, ...] = ()
    opted_out: bool | None = None
    suspect: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> ContactFilter:
        data = data or {}

        def flag(key: str) -> bool | None:
            value = data.get(key)
            return None if value is None else bool(value)

        return cls(
            search=str(data.get("search") or ""),
            tags=_strings(data.get("tags")),
            tiers=_strings(data.get("tiers")),
            carriers=_strings(data.get("carriers")),
            provinces=_strings(data.get("provinces")),
            consent_scopes=_strings(data.get("consent_scopes")),
            opted_out=flag("opted_out"),
            suspect=flag("suspect"),
        )

    @property
    def is_empty(self) -> bool:
        return self == ContactFilter()


def _search_condition(text: str) -> ColumnElement[bool]:
    """A whole number matches exactly (the unique index); digits match numbers containing
    them; anything else matches names. A fragment needs a scan: done over the narrow index
    of the searched column (an id subquery) rather than the whole table, so a rare match
    costs the same bounded time as a common one."""
    query = unicodedata.normalize("NFKC", text).strip()
    digits = _DIGITS.sub("", query)
    if digits.isdigit():
        found = NumberParser().classify(query)
        if not isinstance(found, RejectReason):
            return Contact.e164 == found[0]
        matching = select(Contact.id).where(Contact.e164.contains(digits, autoescape=True))
    else:
        matching = select(Contact.id).where(Contact.name.contains(query, autoescape=True))
    return Contact.id.in_(matching)


def conditions(flt: ContactFilter) -> list[ColumnElement[bool]]:
    """The WHERE conditions of ``flt`` over ``Contact``."""
    where: list[ColumnElement[bool]] = []
    if flt.search.strip():
        where.append(_search_condition(flt.search))
    if flt.tags:
        tagged = (
            select(contact_tags.c.contact_id)
            .join(Tag, Tag.id == contact_tags.c.tag_id)
            .where(Tag.name.in_(flt.tags))
        )
        where.append(Contact.id.in_(tagged))
    if flt.tiers:
        where.append(Contact.tier.in_(flt.tiers))
    if flt.carriers:
        where.append(Contact.carrier.in_(flt.carriers))
    if flt.provinces:
        where.append(Contact.province.in_(flt.provinces))
    if flt.consent_scopes:
        where.append(Contact.consent_scope.in_(flt.consent_scopes))
    if flt.opted_out is not None:
        where.append(Contact.opted_out.is_(true() if flt.opted_out else false()))
    if flt.suspect is not None:
        where.append(Contact.suspect.is_(true() if flt.suspect else false()))
    return where


def contact_ids_query(flt: ContactFilter) -> Select[Any]:
    """SELECT contacts.id for everyone ``flt`` matches (use it as a subquery)."""
    return select(Contact.id).where(*conditions(flt))


def count(session: Session, flt: ContactFilter) -> int:
    """How many contacts ``flt`` matches (an index count where the filter allows)."""
    where = conditions(flt)
    return int(session.scalar(select(func.count(Contact.id)).where(*where)) or 0)


def save_segment(session: Session, name: str, flt: ContactFilter) -> Segment:
    """Create the segment ``name`` or replace its filter."""
    clean = name.strip()
    if not clean:
        raise ValidationError("A segment needs a name", reason="empty_name")
    if len(clean) > NAME_MAX:
        raise ValidationError("Segment name too long", reason="name_too_long")
    segment = session.scalar(select(Segment).where(Segment.name == clean))
    if segment is None:
        segment = Segment(name=clean, filter=flt.to_dict())
        session.add(segment)
    else:
        segment.filter = flt.to_dict()
    session.flush()
    audit.record(session, "segments.save", segment=clean)
    return segment


def get_segment(session: Session, name_or_id: str | int) -> Segment:
    segment: Segment | None
    if isinstance(name_or_id, int) or (isinstance(name_or_id, str) and name_or_id.isdigit()):
        segment = session.get(Segment, int(name_or_id))
        if segment is None and isinstance(name_or_id, str):
            segment = session.scalar(select(Segment).where(Segment.name == name_or_id))
    else:
        segment = session.scalar(select(Segment).where(Segment.name == str(name_or_id).strip()))
    if segment is None:
        raise NotFoundError(f"No segment {name_or_id!r}", segment=str(name_or_id))
    return segment


def segment_filter(segment: Segment) -> ContactFilter:
    return ContactFilter.from_dict(segment.filter)


def list_segments(session: Session) -> list[Segment]:
    return list(session.scalars(select(Segment).order_by(Segment.name)))


def delete_segment(session: Session, name_or_id: str | int) -> None:
    segment = get_segment(session, name_or_id)
    audit.record(session, "segments.delete", segment=segment.name)
    session.delete(segment)


__all__ = [
    "ContactFilter",
    "conditions",
    "contact_ids_query",
    "count",
    "delete_segment",
    "get_segment",
    "list_segments",
    "save_segment",
    "segment_filter",
]

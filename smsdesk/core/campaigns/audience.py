"""Who a campaign is for: saved segments and tags, minus excluded segments and tags.

The audience is stored on the campaign as
``{"segments": [id or name], "tags": [name], "exclude_segments": [...], "exclude_tags": [...]}``
(``{"all": true}`` means every contact). It becomes one SQL condition over ``contacts`` so
that eligibility stays a single set-based query.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, not_, or_, select, true
from sqlalchemy.orm import Session

from smsdesk.core.db.models import Contact, Tag, contact_tags
from smsdesk.core.errors import NotFoundError, ValidationError


@dataclass(frozen=True)
class Audience:
    segments: tuple[int | str, ...] = ()
    tags: tuple[str, ...] = ()
    exclude_segments: tuple[int | str, ...] = ()
    exclude_tags: tuple[str, ...] = ()
    everyone: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, value: dict[str, Any] | None) -> Audience:
        value = dict(value or {})
        return cls(
            segments=tuple(value.get("segments") or ()),
            tags=tuple(value.get("tags") or ()),
            exclude_segments=tuple(value.get("exclude_segments") or ()),
            exclude_tags=tuple(value.get("exclude_tags") or ()),
            everyone=bool(value.get("all")),
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "segments": list(self.segments),
            "tags": list(self.tags),
            "exclude_segments": list(self.exclude_segments),
            "exclude_tags": list(self.exclude_tags),
        }
        if self.everyone:
            out["all"] = True
        return out

    @property
    def empty(self) -> bool:
        return not (self.everyone or self.segments or self.tags)


def _tag_ids(session: Session, names: Sequence[str]) -> list[int]:
    wanted = [str(n).strip() for n in names if str(n).strip()]
    query = select(Tag.name, Tag.id).where(Tag.name.in_(wanted))
    found = dict(session.execute(query).all())
    missing = [name for name in wanted if name not in found]
    if missing:
        raise NotFoundError(f"No tag named {missing[0]!r}", tag=missing[0])
    return [found[name] for name in wanted]


def _tagged(session: Session, names: Sequence[str]) -> ColumnElement[bool]:
    ids = _tag_ids(session, names)
    return Contact.id.in_(select(contact_tags.c.contact_id).where(contact_tags.c.tag_id.in_(ids)))


def _segment_select(session: Session, ref: int | str) -> Select[Any]:
    from smsdesk.core.contacts import segments

    segment = segments.get_segment(session, ref)
    return segments.contact_ids_query(segments.segment_filter(segment))


def _in_segment(session: Session, ref: int | str) -> ColumnElement[bool]:
    query = _segment_select(session, ref)
    # A filter over the contacts table alone is inlined: the planner then scans contacts once
    # instead of building an IN-list of a million ids.
    froms = query.get_final_froms()
    if (
        len(froms) == 1
        and froms[0] is Contact.__table__
        and query.whereclause is not None
        and not query._group_by_clauses
        and query._limit_clause is None
    ):
        return query.whereclause
    if len(froms) == 1 and froms[0] is Contact.__table__ and query.whereclause is None:
        return true()
    return Contact.id.in_(query)


def _any(conditions: Iterable[ColumnElement[bool]]) -> ColumnElement[bool]:
    items = list(conditions)
    if not items:
        return false()
    return items[0] if len(items) == 1 else or_(*items)


def condition(session: Session, audience: Audience) -> ColumnElement[bool]:
    """SQL over ``Contact``: true for the contacts in ``audience``."""
    if audience.empty:
        raise ValidationError("The campaign has no audience", field="audience")
    if audience.everyone:
        include: ColumnElement[bool] = true()
    else:
        parts = [_in_segment(session, ref) for ref in audience.segments]
        if audience.tags:
            parts.append(_tagged(session, audience.tags))
        include = _any(parts)
    excluded = [_in_segment(session, ref) for ref in audience.exclude_segments]
    if audience.exclude_tags:
        excluded.append(_tagged(session, audience.exclude_tags))
    if not excluded:
        return include
    return and_(include, not_(_any(excluded)))


def audience_ids(session: Session, audience: Audience) -> Select[tuple[int]]:
    return select(Contact.id).where(condition(session, audience))


def audience_size(session: Session, audience: Audience) -> int:
    from sqlalchemy import func

    return int(
        session.scalar(
            select(func.count()).select_from(Contact).where(condition(session, audience))
        )
        or 0
    )

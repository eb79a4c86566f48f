"""The suppression list (退订名单): numbers that must never receive marketing again.

Independent of contacts (a deleted contact's opt-out stays). A number is suppressed while it
has an ``OptOut`` row without ``removed_at``; removing it keeps the row for the evidence trail
and needs a new consent grant with evidence (``remove_opt_out``), which is audited.
``Contact.opted_out`` is a cache of this table, kept in step here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from smsdesk.core import audit, settings
from smsdesk.core.clock import ensure_utc, utc_now
from smsdesk.core.contacts.numbers import mask, normalize
from smsdesk.core.db.models import Contact, OptOut
from smsdesk.core.enums import ConsentMethod, ConsentScope
from smsdesk.core.errors import NotFoundError, ValidationError

if TYPE_CHECKING:
    from smsdesk.core.consent.consent_log import ConsentChange

_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_CHUNK = 500


def to_e164(session: Session, raw: object, *, default_region: str | None = None) -> str:
    """E.164 for any number form the importer accepts (``NumberRejected`` otherwise).

    Opt-outs and consent are kept for any region: the allowed-regions setting limits whom
    campaigns reach, not whose "stop" we honour.
    """
    if isinstance(raw, str) and _E164.match(raw):
        return raw
    region = default_region or settings.get(session, "numbers.default_region")
    return normalize(raw, default_region=region)


def active_opt_out(session: Session, e164: str) -> OptOut | None:
    query = select(OptOut).where(OptOut.e164 == e164, OptOut.removed_at.is_(None))
    return session.scalar(query)


def is_opted_out(session: Session, e164: str) -> bool:
    """True when ``e164`` is on the suppression list (checked before every submission)."""
    query = select(OptOut.id).where(OptOut.e164 == e164, OptOut.removed_at.is_(None)).limit(1)
    return session.scalar(query) is not None


def opted_out_numbers(session: Session, e164s: Iterable[str]) -> set[str]:
    """The subset of ``e164s`` that is suppressed (one query per 500 numbers)."""
    numbers = list(dict.fromkeys(e164s))
    found: set[str] = set()
    for start in range(0, len(numbers), _CHUNK):
        chunk = numbers[start : start + _CHUNK]
        query = select(OptOut.e164).where(OptOut.e164.in_(chunk), OptOut.removed_at.is_(None))
        found.update(session.scalars(query))
    return found


def add_opt_out(
    session: Session, e164: str, *, reason: str, source: str, at: datetime | None = None
) -> bool:
    """Suppress ``e164``; False when it already was. ``at``: when the opt-out became known."""
    number = to_e164(session, e164)
    if is_opted_out(session, number):
        return False
    row = OptOut(
        e164=number,
        reason=reason[:200],
        source=source[:200],
        created_at=ensure_utc(at) if at else utc_now(),
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # another writer suppressed it in the meantime
        return False
    set_contact_flags(session, [number], opted_out=True)
    audit.record(session, "optout.add", number=mask(number), reason=reason[:80], source=source)
    return True


def lift_opt_out(
    session: Session, e164: str, *, removed_reason: str, at: datetime | None = None
) -> bool:
    """End the active opt-out of ``e164`` (callers have recorded the new consent first)."""
    row = active_opt_out(session, e164)
    if row is None:
        return False
    row.removed_at = ensure_utc(at) if at else utc_now()
    row.removed_reason = removed_reason[:200]
    session.flush()
    set_contact_flags(session, [e164], opted_out=False)
    audit.record(session, "optout.remove", number=mask(e164), reason=removed_reason[:80])
    return True


def remove_opt_out(
    session: Session,
    e164: str,
    *,
    evidence: str,
    evidence_file: str | os.PathLike[str] | None = None,
    method: ConsentMethod | str = ConsentMethod.PAPER,
    scope: ConsentScope | str = ConsentScope.MARKETING,
    source: str = "",
    consented_at: datetime | None = None,
    recorded_by: str = "",
) -> ConsentChange:
    """Take ``e164`` off the suppression list by recording a new consent grant with evidence.

    Refused without evidence, when the number is not suppressed, and when the consent is older
    than the opt-out (an old consent cannot undo a newer "stop").
    """
    from smsdesk.core.consent import consent_log

    number = to_e164(session, e164)
    row = active_opt_out(session, number)
    if row is None:
        raise NotFoundError("This number is not on the opt-out list", reason="not_opted_out")
    if not evidence.strip() and not evidence_file:
        raise ValidationError(
            "A new consent with evidence is needed to remove an opt-out", reason="evidence_required"
        )
    if consented_at is not None and ensure_utc(consented_at) < row.created_at:
        raise ValidationError(
            "The consent is older than the opt-out", reason="consent_older_than_opt_out"
        )
    change = consent_log.grant(
        session,
        number,
        scope=ConsentScope.MARKETING if scope == ConsentScope.MARKETING else ConsentScope.SERVICE,
        method=method,
        source=source or "opt-out removal",
        evidence_text=evidence,
        evidence_file=evidence_file,
        consented_at=consented_at,
        recorded_by=recorded_by,
    )
    if active_opt_out(session, number) is not None:
        lift_opt_out(session, number, removed_reason=f"consent #{change.record_id}")
    return change


def set_contact_flags(session: Session, e164s: Iterable[str], *, opted_out: bool) -> None:
    """Keep the ``Contact.opted_out`` cache in step with the list."""
    numbers = list(e164s)
    for start in range(0, len(numbers), _CHUNK):
        chunk = numbers[start : start + _CHUNK]
        session.execute(update(Contact).where(Contact.e164.in_(chunk)).values(opted_out=opted_out))


def _filtered(query: Select[Any], *, search: str, include_removed: bool) -> Select[Any]:
    if not include_removed:
        query = query.where(OptOut.removed_at.is_(None))
    term = search.strip()
    if term:
        digits = re.sub(r"\D", "", term)
        conditions = [OptOut.reason.contains(term), OptOut.source.contains(term)]
        if digits:
            conditions.append(OptOut.e164.contains(digits))
        query = query.where(or_(*conditions))
    return query


def list_opt_outs(
    session: Session,
    *,
    search: str = "",
    include_removed: bool = False,
    offset: int = 0,
    limit: int | None = 200,
) -> list[OptOut]:
    """Newest first; ``search`` matches digits of the number, the reason or the source."""
    query = _filtered(select(OptOut), search=search, include_removed=include_removed)
    query = query.order_by(OptOut.created_at.desc(), OptOut.id.desc()).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def count_opt_outs(session: Session, *, search: str = "", include_removed: bool = False) -> int:
    query = _filtered(
        select(func.count()).select_from(OptOut), search=search, include_removed=include_removed
    )
    return int(session.scalar(query) or 0)


def opt_out_history(session: Session, e164: str) -> list[OptOut]:
    """Every opt-out row of ``e164``, removed ones included, oldest first."""
    query = select(OptOut).where(OptOut.e164 == e164).order_by(OptOut.created_at, OptOut.id)
    return list(session.scalars(query))

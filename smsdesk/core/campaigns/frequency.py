"""Frequency tiers: how many marketing messages a contact may get in a rolling window.

DOMAIN.md: new 1 per 7 days, active 1 per 14, dormant 1 per 30, loyal 2 per 30 (setting
``frequency.caps``), counted over *all* marketing messages to the contact, including those
other campaigns have queued but not sent yet. A message counts at the time it went to the
provider (``submitting_at``, as the sender counts), or, while queued, at the time it is planned
for (``not_before``). Failed, expired, cancelled and skipped messages never reached anyone and
do not count.

Everything here is SQL over ``ix_messages_contact_counted`` (contact_id, and the time a
message counts at, NULL for messages that do not count): a contact's cap is one index range.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, case, func, literal, select
from sqlalchemy.orm import Session

from smsdesk.core import settings
from smsdesk.core.db.models import Contact, Message, UTCDateTime
from smsdesk.core.db.models.messages import marketing_counted_at


@dataclass(frozen=True)
class Cap:
    count: int
    days: int

    @property
    def window(self) -> timedelta:
        return timedelta(days=self.days)


def load_caps(session: Session) -> dict[str, Cap]:
    raw: dict[str, Any] = settings.get(session, "frequency.caps") or {}
    caps: dict[str, Cap] = {}
    for tier, value in raw.items():
        count, days = int(value[0]), int(value[1])
        if count > 0 and days > 0:
            caps[str(tier)] = Cap(count, days)
    return caps


def effective_tier() -> ColumnElement[str]:
    """The contact's tier: the manual override if any, else the computed one."""
    return func.coalesce(Contact.tier_override, Contact.tier)


@dataclass(frozen=True)
class Subject:
    """The columns a cap is evaluated for: the contacts table, or a planned row."""

    contact_id: ColumnElement[int]
    tier: ColumnElement[str]

    @classmethod
    def contacts(cls) -> Subject:
        return cls(Contact.id, effective_tier())


def _tier_history(cap: Cap, at: datetime, subject: Subject) -> list[ColumnElement[bool]]:
    """The contact's counted marketing messages inside one tier's window (and any planned
    after ``at``): one index range, starting at the window."""
    return [
        Message.contact_id == subject.contact_id,
        marketing_counted_at() > literal(at - cap.window, UTCDateTime()),
    ]


def _per_tier(
    caps: dict[str, Cap], subject: Subject, build: Any, default: ColumnElement[Any]
) -> ColumnElement[Any]:
    whens = [(subject.tier == tier, build(cap)) for tier, cap in caps.items()]
    return case(*whens, else_=default) if whens else default


def recent_count(caps: dict[str, Cap], at: datetime, subject: Subject) -> ColumnElement[int]:
    """Correlated count of the contact's marketing messages inside its tier's window before
    ``at`` (and any planned after it)."""
    return _per_tier(
        caps,
        subject,
        lambda cap: select(func.count()).where(*_tier_history(cap, at, subject)).scalar_subquery(),
        literal(0),
    )


def over_cap(
    caps: dict[str, Cap], at: datetime, subject: Subject | None = None
) -> ColumnElement[bool]:
    """True when one more marketing message at ``at`` would break the contact's cap.

    One subquery per tier, chosen by the contact's tier: for a cap of one message an EXISTS
    that stops at the first hit, otherwise a count."""
    subject = subject or Subject.contacts()
    if not caps:
        return literal(False)

    def capped(cap: Cap) -> ColumnElement[bool]:
        history = select(Message.id).where(*_tier_history(cap, at, subject))
        if cap.count == 1:
            return history.exists()
        counted = select(func.count()).where(*_tier_history(cap, at, subject)).scalar_subquery()
        return counted >= cap.count

    return _per_tier(caps, subject, capped, literal(False))


def nth_latest(caps: dict[str, Cap], at: datetime, subject: Subject) -> ColumnElement[datetime]:
    """For a capped contact: the counted time of its n-th latest message (n = its cap). The
    contact is free again one cap window after it; ``None`` for contacts not capped."""

    def latest(cap: Cap) -> ColumnElement[datetime]:
        where = _tier_history(cap, at, subject)
        if cap.count == 1:  # the latest: a max over the index range, no sort
            return select(func.max(marketing_counted_at())).where(*where).scalar_subquery()
        return (
            select(marketing_counted_at())
            .where(*where)
            .order_by(marketing_counted_at().desc())
            .limit(1)
            .offset(cap.count - 1)
            .scalar_subquery()
        )

    return _per_tier(caps, subject, latest, literal(None, UTCDateTime()))


def free_at(
    caps: dict[str, Cap], tier: str, nth_latest_at: datetime | None, at: datetime
) -> datetime:
    """When a capped contact may get its next marketing message."""
    cap = caps.get(tier)
    if cap is None or nth_latest_at is None:
        return at
    return max(at, nth_latest_at + cap.window)


def contact_under_cap(session: Session, contact_id: int, at: datetime) -> bool:
    """One contact, for callers outside a campaign (e.g. a test message from the UI)."""
    caps = load_caps(session)
    query = select(~over_cap(caps, at)).select_from(Contact).where(Contact.id == contact_id)
    return bool(session.scalar(query))

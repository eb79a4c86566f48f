"""Lifecycle tiers (new, active, dormant, loyal) from purchase history and consent dates.

One rule, evaluated two ways: ``tier_for`` in Python (the importer sets the tier of new rows as
it stages them) and ``tier_case`` in SQL (``recompute_tiers`` updates the book in one
statement). A test checks that both agree. In order, first match wins:

1. a manual override (``Contact.tier_override``) always wins;
2. loyal: at least ``loyal_min_purchases`` purchases or ``loyal_min_total_cents`` spent, with
   a purchase in the last ``dormant_days`` (a lapsed top customer is dormant, not loyal);
3. new: the contact's start (first consent or first purchase, else when it was added) is
   less than ``new_days`` old;
4. active: a purchase in the last ``active_days``;
5. dormant: no purchase in the last ``dormant_days`` (or never a purchase, once no longer new:
   with nothing to go on, the tier with the fewest messages);
6. otherwise active: bought between ``active_days`` and ``dormant_days`` ago, cooling but not
   yet dormant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select, update
from sqlalchemy.orm import Session

from smsdesk.core import settings
from smsdesk.core.clock import ensure_utc, utc_now
from smsdesk.core.db.models import ConsentRecord, Contact
from smsdesk.core.enums import ConsentAction, Tier

# Plain strings: reading an enum member's value is slow in a loop of a million rows.
NEW, ACTIVE, DORMANT, LOYAL = (
    Tier.NEW.value,
    Tier.ACTIVE.value,
    Tier.DORMANT.value,
    Tier.LOYAL.value,
)


@dataclass(frozen=True)
class TierThresholds:
    new_days: int = 30
    active_days: int = 30
    dormant_days: int = 90
    loyal_min_purchases: int = 5
    loyal_min_total_cents: int = 100_000

    @classmethod
    def from_settings(cls, session: Session) -> TierThresholds:
        return cls(
            new_days=int(settings.get(session, "tiers.new_days")),
            active_days=int(settings.get(session, "tiers.active_days")),
            dormant_days=int(settings.get(session, "tiers.dormant_days")),
            loyal_min_purchases=int(settings.get(session, "tiers.loyal_min_purchases")),
            loyal_min_total_cents=int(settings.get(session, "tiers.loyal_min_total_cents")),
        )


@dataclass(frozen=True)
class TierCutoffs:
    """The thresholds turned into instants for one evaluation time."""

    new_since: datetime
    active_since: datetime
    dormant_before: datetime
    loyal_min_purchases: int
    loyal_min_total_cents: int

    @classmethod
    def at(cls, now: datetime, thresholds: TierThresholds) -> TierCutoffs:
        now = ensure_utc(now)
        return cls(
            new_since=now - timedelta(days=thresholds.new_days),
            active_since=now - timedelta(days=thresholds.active_days),
            dormant_before=now - timedelta(days=thresholds.dormant_days),
            loyal_min_purchases=thresholds.loyal_min_purchases,
            loyal_min_total_cents=thresholds.loyal_min_total_cents,
        )


def tier_for(
    cutoffs: TierCutoffs,
    *,
    created_at: datetime,
    first_consent_at: datetime | None = None,
    first_purchase_at: datetime | None = None,
    last_purchase_at: datetime | None = None,
    purchase_count: int = 0,
    purchase_total_cents: int = 0,
    tier_override: str | None = None,
) -> str:
    """The tier of one contact (a ``Tier`` value)."""
    if tier_override:
        return tier_override
    recent = last_purchase_at is not None and last_purchase_at >= cutoffs.dormant_before
    if recent and (
        purchase_count >= cutoffs.loyal_min_purchases
        or purchase_total_cents >= cutoffs.loyal_min_total_cents
    ):
        return LOYAL
    if first_consent_at is None:
        anchor = first_purchase_at or created_at
    elif first_purchase_at is None or first_consent_at <= first_purchase_at:
        anchor = first_consent_at
    else:
        anchor = first_purchase_at
    if anchor >= cutoffs.new_since:
        return NEW
    if last_purchase_at is not None and last_purchase_at >= cutoffs.active_since:
        return ACTIVE
    if not recent:
        return DORMANT
    return ACTIVE


def first_consent_expr() -> Any:
    """The contact's first consent grant, as a correlated scalar subquery."""
    return (
        select(func.min(ConsentRecord.consented_at))
        .where(
            ConsentRecord.e164 == Contact.e164,
            ConsentRecord.action == ConsentAction.GRANT.value,
        )
        .scalar_subquery()
    )


def tier_case(cutoffs: TierCutoffs) -> ColumnElement[str]:
    """``tier_for`` as a SQL CASE over the contacts table."""
    first_consent = first_consent_expr()
    first_purchase = Contact.first_purchase_at
    anchor = case(
        (
            and_(
                first_purchase.is_not(None),
                or_(first_consent.is_(None), first_purchase <= first_consent),
            ),
            first_purchase,
        ),
        (first_consent.is_not(None), first_consent),
        else_=Contact.created_at,
    )
    recent = and_(
        Contact.last_purchase_at.is_not(None), Contact.last_purchase_at >= cutoffs.dormant_before
    )
    return case(
        (Contact.tier_override.is_not(None), Contact.tier_override),
        (
            and_(
                recent,
                or_(
                    Contact.purchase_count >= cutoffs.loyal_min_purchases,
                    Contact.purchase_total_cents >= cutoffs.loyal_min_total_cents,
                ),
            ),
            Tier.LOYAL.value,
        ),
        (anchor >= cutoffs.new_since, Tier.NEW.value),
        (
            and_(
                Contact.last_purchase_at.is_not(None),
                Contact.last_purchase_at >= cutoffs.active_since,
            ),
            Tier.ACTIVE.value,
        ),
        (~recent, Tier.DORMANT.value),
        else_=Tier.ACTIVE.value,
    )


def recompute_tiers(
    session: Session, *, now: datetime | None = None, only: Select[Any] | None = None
) -> int:
    """Set every contact's tier (or those whose id ``only`` selects) from the rule above;
    returns how many tiers changed. Thresholds come from settings."""
    cutoffs = TierCutoffs.at(now or utc_now(), TierThresholds.from_settings(session))
    expr = tier_case(cutoffs)
    statement = update(Contact).where(Contact.tier != expr).values(tier=expr)
    if only is not None:
        statement = statement.where(Contact.id.in_(only))
    result = session.execute(statement.execution_options(synchronize_session=False))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]

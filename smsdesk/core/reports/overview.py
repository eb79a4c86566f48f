"""The numbers the dashboard shows: one cheap query each, all through indexes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from smsdesk.core.clock import utc_now
from smsdesk.core.db.models import (
    Campaign,
    Contact,
    Message,
    OptOut,
    ProviderAccount,
    Reply,
    Signature,
    Template,
)


@dataclass(frozen=True)
class Overview:
    contacts: int
    marketing_consent: int
    service_consent: int
    opted_out: int
    suspect: int
    signatures: int
    templates: int
    provider_accounts: int
    campaigns_active: int
    messages_7d: int
    delivered_7d: int
    failed_7d: int
    replies_7d: int
    tiers: dict[str, int]
    carriers: dict[str, int]


def overview(session: Session) -> Overview:
    since = utc_now() - timedelta(days=7)

    def count(statement: object) -> int:
        return int(session.scalar(statement) or 0)  # type: ignore[call-overload]

    consent = dict(
        session.execute(
            select(Contact.consent_scope, func.count()).group_by(Contact.consent_scope)
        ).all()
    )
    tiers = dict(session.execute(select(Contact.tier, func.count()).group_by(Contact.tier)).all())
    carriers = dict(
        session.execute(select(Contact.carrier, func.count()).group_by(Contact.carrier)).all()
    )
    states = dict(
        session.execute(
            select(Message.state, func.count())
            .where(Message.created_at >= since)
            .group_by(Message.state)
        ).all()
    )
    return Overview(
        contacts=sum(tiers.values()),
        marketing_consent=consent.get("marketing", 0),
        service_consent=consent.get("service", 0),
        opted_out=count(
            select(func.count()).select_from(OptOut).where(OptOut.removed_at.is_(None))
        ),
        suspect=count(select(func.count()).select_from(Contact).where(Contact.suspect.is_(True))),
        signatures=count(select(func.count()).select_from(Signature)),
        templates=count(select(func.count()).select_from(Template)),
        provider_accounts=count(  # real accounts: the built-in Sandbox sends nothing
            select(func.count())
            .select_from(ProviderAccount)
            .where(ProviderAccount.kind != "sandbox")
        ),
        campaigns_active=count(
            select(func.count())
            .select_from(Campaign)
            .where(Campaign.state.in_(("scheduled", "running", "paused")))
        ),
        messages_7d=sum(v for k, v in states.items() if k not in ("skipped", "cancelled")),
        delivered_7d=states.get("delivered", 0),
        failed_7d=states.get("failed", 0),
        replies_7d=count(select(func.count()).select_from(Reply).where(Reply.received_at >= since)),
        tiers=tiers,
        carriers=carriers,
    )

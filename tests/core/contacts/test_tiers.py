"""Lifecycle tiers: the rule, the SQL that must agree with it, settings and overrides."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from smsdesk.core import settings
from smsdesk.core.consent import evidence_chain
from smsdesk.core.contacts.tiers import TierCutoffs, TierThresholds, recompute_tiers, tier_for
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import Contact

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
CUT = TierCutoffs.at(NOW, TierThresholds())


def days(n: int) -> datetime:
    return NOW - timedelta(days=n)


@pytest.mark.parametrize(
    ("kwargs", "tier"),
    [
        ({"created_at": days(1)}, "new"),
        ({"created_at": days(40)}, "dormant"),
        ({"created_at": days(200), "first_consent_at": days(10)}, "new"),
        ({"created_at": days(1), "first_consent_at": days(50)}, "dormant"),
        (
            {"created_at": days(1), "first_purchase_at": days(60), "last_purchase_at": days(10)},
            "active",
        ),
        (
            {"created_at": days(1), "first_purchase_at": days(60), "last_purchase_at": days(45)},
            "active",
        ),
        (
            {"created_at": days(1), "first_purchase_at": days(300), "last_purchase_at": days(120)},
            "dormant",
        ),
        (
            {
                "created_at": days(1),
                "first_purchase_at": days(300),
                "last_purchase_at": days(10),
                "purchase_count": 5,
            },
            "loyal",
        ),
        (
            {
                "created_at": days(1),
                "first_purchase_at": days(300),
                "last_purchase_at": days(100),
                "purchase_total_cents": 500_000,
            },
            "dormant",
        ),
        ({"created_at": days(1), "tier_override": "loyal"}, "loyal"),
    ],
)
def test_rule(kwargs: dict[str, object], tier: str) -> None:
    assert tier_for(CUT, **kwargs) == tier  # type: ignore[arg-type]


def test_thresholds_come_from_settings(db: Database) -> None:
    with db.session() as session:
        settings.set_value(session, "tiers.new_days", 7)
        settings.set_value(session, "tiers.loyal_min_purchases", 2)
    with db.session() as session:
        thresholds = TierThresholds.from_settings(session)
    assert (thresholds.new_days, thresholds.loyal_min_purchases) == (7, 2)


def test_sql_agrees_with_python(db: Database) -> None:
    """Every combination of the inputs, evaluated by ``tier_for`` and by ``recompute_tiers``."""
    moments = [None, days(5), days(45), days(120)]
    combos = list(
        itertools.product(moments, moments, moments, [0, 6], [0, 200_000], [None, "active"])
    )
    rows = []
    expected: dict[str, str] = {}
    consents = []
    for index, (consent, first, last, count, total, override) in enumerate(combos):
        e164 = f"+86138{index:08d}"
        rows.append(
            {
                "e164": e164,
                "created_at": days(20),
                "updated_at": days(20),
                "first_purchase_at": first,
                "last_purchase_at": last,
                "purchase_count": count,
                "purchase_total_cents": total,
                "tier_override": override,
                "tier": "new",
                "fields": {},
            }
        )
        if consent is not None:
            consents.append(
                evidence_chain.ConsentEntry(
                    e164=e164, action="grant", scope="service", method="paper", consented_at=consent
                )
            )
        expected[e164] = tier_for(
            CUT,
            created_at=days(20),
            first_consent_at=consent,
            first_purchase_at=first,
            last_purchase_at=last,
            purchase_count=count,
            purchase_total_cents=total,
            tier_override=override,
        )
    with db.session() as session:
        session.execute(insert(Contact), rows)
        evidence_chain.append(session, consents)
    with db.session() as session:
        changed = recompute_tiers(session, now=NOW)
        assert changed == sum(1 for t in expected.values() if t != "new")
    with db.session() as session:
        found = dict(session.execute(select(Contact.e164, Contact.tier)).all())
        assert found == expected
        assert recompute_tiers(session, now=NOW) == 0


def test_recompute_only_some(db: Database) -> None:
    with db.session() as session:
        session.execute(
            insert(Contact),
            [
                {"e164": "+8613812345678", "created_at": days(100), "tier": "new", "fields": {}},
                {"e164": "+8613912345678", "created_at": days(100), "tier": "new", "fields": {}},
            ],
        )
    with db.session() as session:
        only = select(Contact.id).where(Contact.e164 == "+8613812345678")
        assert recompute_tiers(session, now=NOW, only=only) == 1
    with db.session() as session:
        assert dict(session.execute(select(Contact.e164, Contact.tier)).all()) == {
            "+8613812345678": "dormant",
            "+8613912345678": "new",
        }

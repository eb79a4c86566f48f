"""Who of the audience may get the campaign, decided in SQL for the whole audience at once.

Each contact gets one reason code, checked in this order (the first that applies wins):
an invalid mobile number, an opt-out, no consent for the template's kind, a suspect number
(three failed deliveries in a row), an empty value for a variable the template uses, the
template's carrier rules (e.g. a link holds back China Telecom), and the frequency cap at the
planned send time. The cap is checked last and only for contacts that passed everything
else, because it is the one check that reads the message log.

The classification is a ``MATERIALIZED`` common table expression: SQLite would otherwise copy
the reason expression, and its correlated cap subquery, into every place the reason is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    Select,
    and_,
    case,
    false,
    func,
    literal,
    not_,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session
from sqlalchemy.types import String

from smsdesk.core.campaigns import audience as audiences
from smsdesk.core.campaigns import frequency
from smsdesk.core.campaigns.content import CONTACT_VARIABLES, VariantContent
from smsdesk.core.campaigns.frequency import Cap, Subject
from smsdesk.core.campaigns.plan import CampaignPlan
from smsdesk.core.db.models import Contact
from smsdesk.core.enums import ConsentScope, MessageKind


class Reason(IntEnum):
    ELIGIBLE = 0
    INVALID = 1
    OPTED_OUT = 2
    NO_CONSENT = 3
    SUSPECT = 4
    MISSING_VARIABLE = 5
    CARRIER_RULE = 6
    FREQUENCY_CAP = 7

    @property
    def key(self) -> str:
        return self.name.lower()


# Reasons reported in the pre-flight's ``excluded`` object, always present (0 when none).
# ``no_time``: eligible, but the campaign ends before its rate and windows reach them.
EXCLUSION_KEYS = (
    "no_consent",
    "opted_out",
    "frequency_cap",
    "invalid",
    "suspect",
    "carrier_rule",
    "missing_variable",
    "no_time",
)
REST = -1  # the part of the audience that waits for the A/B winner

# The A/B bucket (0-99) of a contact: a 32-bit integer hash of (contact id, seed), written with
# +, *, &, | and >> only, so SQLite and PostgreSQL compute it alike and every product stays
# below 2^63. The same seed always splits the audience the same way; neighbouring ids land in
# unrelated buckets.
_MASK = 0xFFFFFFFF
_MIX = 0x45D9F3B


def _salt(seed: int) -> int:
    return (seed * 0x9E3779B1) & _MASK


def _xorshift(value: Any) -> Any:
    shifted = value.op(">>")(16)
    return value.op("|")(shifted) - value.op("&")(shifted)


def bucket(seed: int, contact_id: Any = None) -> ColumnElement[int]:
    cid = Contact.id if contact_id is None else contact_id
    h = (cid + literal(_salt(seed))).op("&")(_MASK)
    h = (_xorshift(h) * _MIX).op("&")(_MASK)
    h = (_xorshift(h) * _MIX).op("&")(_MASK)
    return _xorshift(h) % 100


def bucket_of(seed: int, contact_id: int) -> int:
    """The same bucket computed in Python (tests, and reading a split back)."""
    h = (contact_id + _salt(seed)) & _MASK
    h = ((h ^ (h >> 16)) * _MIX) & _MASK
    h = ((h ^ (h >> 16)) * _MIX) & _MASK
    return (h ^ (h >> 16)) % 100


@dataclass(frozen=True)
class Trigger:
    """Restricts a recurring run: birthdays on given "MM-DD" days, or last purchases in a
    [since, until) range."""

    birthdays: tuple[str, ...] = ()
    purchased_from: datetime | None = None
    purchased_until: datetime | None = None

    def condition(self) -> ColumnElement[bool]:
        parts: list[ColumnElement[bool]] = []
        if self.birthdays:
            parts.append(Contact.birthday_md.in_(self.birthdays))
        if self.purchased_from is not None and self.purchased_until is not None:
            parts.append(Contact.last_purchase_at >= self.purchased_from)
            parts.append(Contact.last_purchase_at < self.purchased_until)
        return and_(*parts) if parts else true()


@dataclass(frozen=True)
class Phase:
    """Which buckets a run covers and which variant the rest gets (the winner's index)."""

    test_only: bool = False
    rest_only: bool = False
    rest_variant: int = REST


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def valid_mobile(dialect: str) -> ColumnElement[bool]:
    """A shape check of the stored E.164 number (the importer already validated it; this
    catches rows written by other tools): Chinese mobiles are +86 1[3-9] and 9 more digits,
    other numbers 8 to 15 digits after the +."""
    e164 = Contact.e164
    length = func.length(e164)
    chinese = func.substr(e164, 1, 3) == "+86"
    shape = case(
        (
            chinese,
            and_(
                length == 14,
                func.substr(e164, 4, 1) == "1",
                func.substr(e164, 5, 1).between("3", "9"),
            ),
        ),
        else_=length.between(9, 16),
    )
    if dialect == "postgresql":
        digits = e164.op("~", is_comparison=True)(r"^\+[0-9]+$")
    else:
        digits = not_(e164.op("GLOB", is_comparison=True)("+*[^0-9]*"))
    return and_(shape, digits)


def field_text(name: str, dialect: str) -> ColumnElement[str]:
    """A custom field's value as text (``Contact.fields`` JSON)."""
    if dialect == "postgresql":
        return Contact.fields.op("->>")(literal(name))  # type: ignore[no-any-return]
    return func.json_extract(Contact.fields, f'$."{name}"')


def _blank(expr: ColumnElement[Any]) -> ColumnElement[bool]:
    return func.coalesce(func.trim(expr), "") == ""


def _missing(names: tuple[str, ...], dialect: str, plan: CampaignPlan) -> ColumnElement[bool]:
    checks: list[ColumnElement[bool]] = []
    for name in names:
        if name in CONTACT_VARIABLES:
            checks.append(_blank(Contact.name))
        elif name == "code" or name in plan.variables:
            continue
        else:
            checks.append(_blank(field_text(name, dialect)))
    return or_(*checks) if checks else false()


def _consent_fits(kind: str) -> ColumnElement[bool]:
    if kind == MessageKind.MARKETING.value:
        return Contact.consent_scope == ConsentScope.MARKETING.value
    # Service messages: service consent, or an existing customer (DOMAIN.md, Consent).
    return or_(
        Contact.consent_scope.in_((ConsentScope.MARKETING.value, ConsentScope.SERVICE.value)),
        Contact.purchase_count > 0,
    )


def _per_variant(
    variant: ColumnElement[int] | int,
    contents: list[VariantContent],
    build: Any,
    rest: ColumnElement[bool],
) -> ColumnElement[bool]:
    if isinstance(variant, int):
        match = [c for c in contents if c.index == variant]
        return build(match[0]) if match else rest
    whens = [(variant == content.index, build(content)) for content in contents]
    return case(*whens, else_=rest)


def variant_of(seed: int, contents: list[VariantContent], phase: Phase) -> ColumnElement[int]:
    b = bucket(seed)
    whens = [(b < content.bucket_to, content.index) for content in contents]
    return case(*whens, else_=literal(phase.rest_variant))


def _fixed_variant(contents: list[VariantContent], phase: Phase) -> int | None:
    """The variant every row gets, when the split does not need computing."""
    test_share = sum(c.split_percent for c in contents)
    if phase.rest_only:
        return phase.rest_variant
    if len(contents) == 1 and (test_share == 100 or phase.test_only):
        return contents[0].index
    return None


def classification(
    session: Session,
    plan: CampaignPlan,
    contents: list[VariantContent],
    *,
    at: datetime,
    caps: dict[str, Cap],
    kind: str,
    trigger: Trigger | None = None,
    phase: Phase | None = None,
    ids: tuple[int, int] | None = None,
) -> CTE:
    """The audience, one row per contact: id, tz, tier, variant, reason, name_len.

    Materialised once per statement; callers aggregate it (pre-flight) or insert from it.
    With several variants the split is materialised first (its hash is long), and the
    reasons that depend on the variant read it from there.
    """
    phase = phase or Phase()
    dialect = _dialect(session)
    marketing = kind == MessageKind.MARKETING.value
    test_share = sum(c.split_percent for c in contents)
    every = tuple(sorted({n for c in contents for n in c.variables}))
    every_blocked = tuple(sorted({carrier for c in contents for carrier in c.blocked_carriers}))

    conditions = [audiences.condition(session, plan.audience)]
    if ids is not None:
        conditions.append(Contact.id.between(*ids))
    if trigger is not None:
        conditions.append(trigger.condition())
    if phase.test_only and test_share < 100:
        conditions.append(bucket(plan.seed) < test_share)
    if phase.rest_only:
        conditions.append(bucket(plan.seed) >= test_share)

    fixed = _fixed_variant(contents, phase)
    split: CTE | None = None
    variant: ColumnElement[int] | int
    if fixed is not None:
        variant = fixed
    else:
        split = (
            select(
                Contact.id.label("contact_id"),
                variant_of(plan.seed, contents, phase).label("variant"),
            )
            .where(*conditions)
            .cte("campaign_split")
            .prefix_with("MATERIALIZED")
        )
        variant = split.c.variant

    missing = _per_variant(
        variant,
        contents,
        lambda c: _missing(c.variables, dialect, plan),
        _missing(every, dialect, plan),
    )
    blocked = _per_variant(
        variant,
        contents,
        lambda c: (
            Contact.carrier.in_(sorted(c.blocked_carriers)) if c.blocked_carriers else false()
        ),
        Contact.carrier.in_(every_blocked) if every_blocked else false(),
    )
    reason = case(
        (not_(valid_mobile(dialect)), Reason.INVALID.value),
        (Contact.opted_out, Reason.OPTED_OUT.value),
        (not_(_consent_fits(kind)), Reason.NO_CONSENT.value),
        (and_(literal(marketing), Contact.suspect), Reason.SUSPECT.value),
        (missing, Reason.MISSING_VARIABLE.value),
        (blocked, Reason.CARRIER_RULE.value),
        (
            frequency.over_cap(caps, at) if marketing else false(),
            Reason.FREQUENCY_CAP.value,
        ),
        else_=Reason.ELIGIBLE.value,
    )
    rows = select(
        Contact.id.label("contact_id"),
        Contact.timezone.label("tz"),
        frequency.effective_tier().label("tier"),
        (literal(variant) if isinstance(variant, int) else variant).label("variant"),
        reason.label("reason"),
        func.length(Contact.name).label("name_len"),
    )
    if split is None:
        rows = rows.where(*conditions)
    else:
        rows = rows.select_from(split).join(Contact, Contact.id == split.c.contact_id)
    return rows.cte("campaign_audience").prefix_with("MATERIALIZED")


def capped_hour(
    contact_id: ColumnElement[int],
    tier: ColumnElement[str],
    caps: dict[str, Cap],
    at: datetime,
    dialect: str,
) -> ColumnElement[str]:
    """For a capped contact: the hour (as text) of the message that keeps it capped (its n-th
    latest), from which the planner works out when it is free again."""
    latest = frequency.nth_latest(caps, at, Subject(contact_id, tier))
    if dialect == "postgresql":
        return func.to_char(func.date_trunc("hour", latest), "YYYY-MM-DD HH24:00:00.000000")
    return func.substr(latest, 1, 13).concat(":00:00.000000")


def group_key(
    reason: ColumnElement[int],
    variant: ColumnElement[int],
    tz: ColumnElement[str],
    tier: ColumnElement[str],
    since: ColumnElement[str],
) -> ColumnElement[str]:
    """Which release group a row belongs to: its zone, plus the cap's tier and hour for capped
    contacts, or "rest" for those waiting for the A/B winner. Excluded rows: NULL."""
    return case(
        (reason == Reason.FREQUENCY_CAP.value, tz + "|cap|" + tier + "|" + since),
        (reason != Reason.ELIGIBLE.value, literal(None, String())),
        (variant == REST, tz + "|rest"),
        else_=tz + "|",
    )


def summary_select(cte: CTE, caps: dict[str, Cap], at: datetime, session: Session) -> Select[Any]:
    """Counts by release group (zone, variant, reason; for capped contacts also tier and the
    hour that keeps them capped), and the longest name. The capped hour is looked up once per
    capped contact, in a second materialised step; everyone else is counted straight away."""
    capped = (
        select(
            cte.c.tz,
            cte.c.variant,
            cte.c.tier,
            cte.c.name_len,
            capped_hour(cte.c.contact_id, cte.c.tier, caps, at, _dialect(session)).label("since"),
        )
        .where(cte.c.reason == Reason.FREQUENCY_CAP.value)
        .cte("campaign_capped")
        .prefix_with("MATERIALIZED")
    )
    empty = literal("", String())
    others = (
        select(
            group_key(cte.c.reason, cte.c.variant, cte.c.tz, empty, empty).label("key"),
            cte.c.tz,
            cte.c.variant,
            cte.c.reason,
            empty.label("tier"),
            literal(None, String()).label("capped_since"),
            func.count().label("n"),
            func.max(cte.c.name_len).label("name_len"),
        )
        .where(cte.c.reason != Reason.FREQUENCY_CAP.value)
        .group_by(cte.c.tz, cte.c.variant, cte.c.reason)
    )
    cap = literal(Reason.FREQUENCY_CAP.value)
    held = select(
        group_key(cap, capped.c.variant, capped.c.tz, capped.c.tier, capped.c.since).label("key"),
        capped.c.tz,
        capped.c.variant,
        cap.label("reason"),
        capped.c.tier,
        capped.c.since.label("capped_since"),
        func.count().label("n"),
        func.max(capped.c.name_len).label("name_len"),
    ).group_by(capped.c.tz, capped.c.variant, capped.c.tier, capped.c.since)
    return others.union_all(held)

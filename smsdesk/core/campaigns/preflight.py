"""The pre-flight report: who gets the campaign, who does not and why, what it costs, and
when the last message goes. Nothing is written; the user confirms before anything is queued.

The same computation feeds the queue (``queueing.py``), so what the user confirmed is what
is queued (give or take contacts that changed in between).
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from smsdesk.core.campaigns import content as contents_mod
from smsdesk.core.campaigns import eligibility, frequency, runs
from smsdesk.core.campaigns.content import Blocker, VariantContent
from smsdesk.core.campaigns.eligibility import REST, Reason
from smsdesk.core.campaigns.frequency import Cap
from smsdesk.core.campaigns.plan import CampaignPlan
from smsdesk.core.campaigns.release_plan import Group, ReleasePlan, WindowSlot, plan_release
from smsdesk.core.clock import ensure_utc, utc_now
from smsdesk.core.compliance.length import measure
from smsdesk.core.compliance.variables import BUILTIN_SAMPLES, render
from smsdesk.core.db.models import Contact, ProviderAccount
from smsdesk.core.progress import Progress
from smsdesk.core.providers import accounts

DEFAULT_RATE = 10.0
MMAP_BYTES = 2**31
PARALLEL_MAX = 4
PARALLEL_MIN_CONTACTS = 200_000


@dataclass(frozen=True)
class GroupRows:
    """One group of the audience summary, as the queue needs it to number its rows."""

    key: str
    tz: str
    variant: int
    reason: int
    tier: str
    capped_since: datetime | None
    count: int


@dataclass
class Audit:
    """The audience classified and planned: shared by the report and the queue."""

    at: datetime
    horizon: datetime | None
    contents: list[VariantContent]
    blockers: list[Blocker]
    kind: str
    rate: float
    price: float
    audience: int = 0
    excluded: dict[str, int] = field(default_factory=dict)
    groups: list[Group] = field(default_factory=list)
    release: ReleasePlan = field(default_factory=ReleasePlan)
    by_variant: dict[int, int] = field(default_factory=dict)
    name_len: int = 0
    account_id: int | None = None


@dataclass(frozen=True)
class PreflightReport:
    audience: int
    eligible: int
    excluded: dict[str, int]
    deferred: int
    parts: int
    cost: float
    last_send_estimate: datetime | None
    first_send_estimate: datetime | None
    slots: tuple[WindowSlot, ...]
    variants: dict[str, int]
    blockers: tuple[Blocker, ...]
    warnings: tuple[str, ...]
    planned_start: datetime
    ends_at: datetime | None
    rate_per_second: float
    price_per_part: float
    kind: str
    run_key: str

    @property
    def ok(self) -> bool:
        """Nothing forbids sending (there may still be no one to send to)."""
        return not self.blockers

    def to_json(self) -> dict[str, Any]:
        return {
            "audience": self.audience,
            "eligible": self.eligible,
            "excluded": dict(self.excluded),
            "deferred": self.deferred,
            "parts": self.parts,
            "cost": round(self.cost, 2),
            "last_send_estimate": _iso(self.last_send_estimate),
            "first_send_estimate": _iso(self.first_send_estimate),
            "window_slots": [slot.to_json() for slot in self.slots],
            "variants": dict(self.variants),
            "blockers": [
                {
                    "code": b.code,
                    "template_id": b.template_id,
                    "variant": b.label,
                    "detail": b.detail,
                    "message": b.message_en,
                }
                for b in self.blockers
            ],
            "warnings": list(self.warnings),
            "planned_start": _iso(self.planned_start),
            "ends_at": _iso(self.ends_at),
            "rate_per_second": self.rate_per_second,
            "price_per_part": self.price_per_part,
            "kind": self.kind,
            "run": self.run_key,
        }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def account_for(session: Session, plan: CampaignPlan) -> ProviderAccount:
    """The campaign's provider account, or the one in use."""
    if plan.provider_account_id is not None:
        account = session.get(ProviderAccount, plan.provider_account_id)
        if account is not None:
            return account
    return accounts.active_account(session)


def send_rate(plan: CampaignPlan, account: ProviderAccount | None) -> float:
    rate = float(account.rate_per_second) if account is not None else DEFAULT_RATE
    if plan.throttle_per_minute:
        rate = min(rate, plan.throttle_per_minute / 60.0)
    return max(rate, 0.01)


@contextmanager
def bulk_reads(session: Session, *, cache_mb: int = 64) -> Iterator[None]:
    """Memory-map the database file while a whole audience is classified.

    The classification reads the contacts table and the message index once each, in an order
    a 2 MB page cache cannot hold; mapping the file lets SQLite read pages straight from the
    operating system's cache instead of copying them one call at a time (3-4x faster on a
    million contacts). Queueing asks for a bigger page cache too: a big insert dirties pages
    of every index of ``messages``. The connection is put back as it was afterwards.
    """
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    connection = session.connection()
    previous = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA mmap_size={MMAP_BYTES}")
    connection.exec_driver_sql(f"PRAGMA cache_size={-1024 * cache_mb}")
    try:
        yield
    finally:
        connection.exec_driver_sql("PRAGMA mmap_size=0")
        connection.exec_driver_sql(f"PRAGMA cache_size={int(previous or -2000)}")


def start_audit(
    session: Session, plan: CampaignPlan, *, at: datetime, horizon: datetime | None
) -> tuple[Audit, dict[str, Cap]]:
    """Load what the classification needs: the variants' content, caps, rate and price."""
    at = ensure_utc(at)
    account = account_for(session, plan)
    contents, blockers = contents_mod.load_variants(session, plan, account.id)
    audit = Audit(
        at=at,
        horizon=horizon,
        contents=contents,
        blockers=blockers,
        kind=contents_mod.campaign_kind(contents),
        rate=send_rate(plan, account),
        price=float(account.price_per_part) if account is not None else 0.0,
        excluded=dict.fromkeys(eligibility.EXCLUSION_KEYS, 0),
        account_id=account.id if account is not None else None,
    )
    return audit, frequency.load_caps(session)


def plan_groups(
    audit: Audit, plan: CampaignPlan, caps: dict[str, Cap], rows: Iterable[Any]
) -> list[GroupRows]:
    """Turn the audience summary into release groups, then plan their release."""
    at, horizon = audit.at, audit.horizon
    group_rows: list[GroupRows] = []
    winner_at = ensure_utc(plan.ab_winner_at) if plan.ab_winner_at else at
    for row in rows:
        audit.audience += row.n
        audit.name_len = max(audit.name_len, row.name_len or 0)
        reason = Reason(row.reason)
        if reason not in (Reason.ELIGIBLE, Reason.FREQUENCY_CAP) or row.key is None:
            audit.excluded[reason.key] += row.n
            continue
        rest = row.variant == REST
        earliest = max(at, winner_at) if rest else at
        held = rest
        since: datetime | None = None
        if reason == Reason.FREQUENCY_CAP:
            cap = caps.get(row.tier)
            since = _parse_hour(row.capped_since)
            if cap is None or since is None:
                audit.excluded[reason.key] += row.n
                continue
            # The hour is rounded down: the contact is surely free one hour later.
            free = since + timedelta(hours=1) + cap.window
            if horizon is not None and free >= horizon:
                audit.excluded[reason.key] += row.n
                continue
            earliest = max(earliest, free)
            held = True
        group_rows.append(
            GroupRows(row.key, row.tz or "", row.variant, row.reason, row.tier or "", since, row.n)
        )
        audit.groups.append(Group(row.key, row.tz or "", earliest, row.n, held))
    audit.groups = _merge(audit.groups)
    audit.release = plan_release(
        audit.groups, window=plan.window, rate_per_second=audit.rate, start=at, horizon=horizon
    )
    for key, unsent in audit.release.unsent.items():
        audit.excluded["frequency_cap" if "|cap|" in key else "no_time"] += unsent
    # Messages per variant, less what will not be sent (pro rata within each group).
    totals: dict[str, int] = defaultdict(int)
    for grow in group_rows:
        totals[grow.key] += grow.count
    for grow in group_rows:
        total = totals[grow.key]
        lost = round(audit.release.unsent.get(grow.key, 0) * grow.count / total) if total else 0
        audit.by_variant[grow.variant] = audit.by_variant.get(grow.variant, 0) + grow.count - lost
    return group_rows


def _parse_hour(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return ensure_utc(value)
    return ensure_utc(datetime.fromisoformat(str(value)))


def _merge(groups: list[Group]) -> list[Group]:
    merged: dict[str, Group] = {}
    for group in groups:
        known = merged.get(group.key)
        if known is None:
            merged[group.key] = group
        else:
            merged[group.key] = Group(
                group.key,
                group.tz,
                min(known.earliest, group.earliest),
                known.count + group.count,
                known.held or group.held,
            )
    return list(merged.values())


def parts_for(content: VariantContent, name_len: int) -> int:
    """Billed parts of the longest message this variant can produce for this audience."""
    values = dict(BUILTIN_SAMPLES)
    values["name"] = "张" * max(name_len, 1) if content.ucs2 else "W" * max(name_len, 1)
    values["code"] = "W" * 9
    text = render(content.text, values, strict=False)
    return max(measure(text)[2], content.parts)


def preflight(
    session: Session,
    plan: CampaignPlan,
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> PreflightReport:
    """The report for the campaign's next run (its only run for a one-off)."""
    now = ensure_utc(now or utc_now())
    spec = runs.next_run(plan, now)
    if spec is None:
        spec = runs.RunSpec("none", now, None, plan.ends_at)
    at = max(now, spec.planned_at)
    if progress is not None:
        progress.update(0, 2, "audience", force=True)
        progress.check()
    audit, caps = start_audit(session, plan, at=at, horizon=spec.horizon)
    rows = summary_rows(session, plan, audit, caps, trigger=spec.trigger)
    if progress is not None:
        progress.update(1, 2, "plan", force=True)
        progress.check()
    plan_groups(audit, plan, caps, rows)
    if progress is not None:
        progress.update(2, 2, "done", force=True)
    return report_of(audit, plan, run_key=spec.key)


def summary_rows(
    session: Session,
    plan: CampaignPlan,
    audit: Audit,
    caps: dict[str, Cap],
    *,
    trigger: eligibility.Trigger | None = None,
) -> list[Any]:
    """The audience summary; a big audience on a SQLite file is split into contact-id ranges
    classified at the same time on several connections (SQLite runs each on its own core)."""
    ranges = _parallel_ranges(session)
    if not ranges:
        return _summary_part(session, plan, audit, caps, trigger=trigger, ids=None)
    bind = session.get_bind()

    def part(ids: tuple[int, int]) -> list[Any]:
        with Session(bind) as own:
            try:
                return _summary_part(own, plan, audit, caps, trigger=trigger, ids=ids)
            finally:
                own.rollback()

    with ThreadPoolExecutor(max_workers=len(ranges)) as pool:
        parts = list(pool.map(part, ranges))
    merged: dict[tuple[Any, ...], list[Any]] = {}
    for rows in parts:
        for row in rows:
            key = (row.key, row.tz, row.variant, row.reason, row.tier, row.capped_since)
            known = merged.get(key)
            if known is None:
                merged[key] = [row.n, row.name_len or 0]
            else:
                known[0] += row.n
                known[1] = max(known[1], row.name_len or 0)
    return [SummaryRow(*key, n=n, name_len=name_len) for key, (n, name_len) in merged.items()]


@dataclass(frozen=True)
class SummaryRow:
    key: str | None
    tz: str
    variant: int
    reason: int
    tier: str
    capped_since: str | None
    n: int
    name_len: int


def _summary_part(
    session: Session,
    plan: CampaignPlan,
    audit: Audit,
    caps: dict[str, Cap],
    *,
    trigger: eligibility.Trigger | None,
    ids: tuple[int, int] | None,
) -> list[Any]:
    cte = eligibility.classification(
        session,
        plan,
        audit.contents,
        at=audit.at,
        caps=caps,
        kind=audit.kind,
        trigger=trigger,
        ids=ids,
    )
    with bulk_reads(session):
        return list(session.execute(eligibility.summary_select(cte, caps, audit.at, session)).all())


def _parallel_ranges(session: Session) -> list[tuple[int, int]]:
    """Contact-id ranges to classify side by side, or none (small book, not a SQLite file,
    or uncommitted changes on this connection that other connections would not see)."""
    workers = min(PARALLEL_MAX, os.cpu_count() or 1)
    bind = session.get_bind()
    if workers < 2 or bind.dialect.name != "sqlite" or bind.url.database in (None, "", ":memory:"):
        return []
    raw = session.connection().connection.dbapi_connection
    if getattr(raw, "in_transaction", True):
        return []
    low, high = session.execute(select(func.min(Contact.id), func.max(Contact.id))).one()
    if low is None or high - low < PARALLEL_MIN_CONTACTS:
        return []
    step = (high - low) // workers + 1
    return [(low + i * step, min(high, low + (i + 1) * step - 1)) for i in range(workers)]


def report_of(audit: Audit, plan: CampaignPlan, *, run_key: str) -> PreflightReport:
    by_index = {c.index: c for c in audit.contents}
    cost = 0.0
    parts = 0
    variants: dict[str, int] = {}
    for index, count in sorted(audit.by_variant.items(), key=lambda kv: (kv[0] == REST, kv[0])):
        if index == REST:
            variant_parts = max((parts_for(c, audit.name_len) for c in audit.contents), default=1)
            variants["rest"] = count
        else:
            content = by_index[index]
            variant_parts = parts_for(content, audit.name_len)
            variants[content.label] = count
        parts = max(parts, variant_parts)
        cost += count * variant_parts * audit.price
    if not parts:
        parts = max((parts_for(c, audit.name_len) for c in audit.contents), default=0)
    release = audit.release
    first = min((a.not_before for a in release.allocations), default=None)
    warnings = sorted({w for c in audit.contents for w in c.warnings})
    return PreflightReport(
        audience=audit.audience,
        eligible=release.planned,
        excluded=dict(audit.excluded),
        deferred=release.deferred,
        parts=parts,
        cost=round(cost, 4),
        last_send_estimate=release.last_send,
        first_send_estimate=first,
        slots=tuple(release.slots),
        variants=variants,
        blockers=tuple(audit.blockers),
        warnings=tuple(warnings),
        planned_start=audit.at,
        ends_at=audit.horizon,
        rate_per_second=audit.rate,
        price_per_part=audit.price,
        kind=audit.kind,
        run_key=run_key,
    )

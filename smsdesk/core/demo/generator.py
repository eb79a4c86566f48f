"""Fill a database with realistic fictional contacts, consent, opt-outs, templates.

Deterministic for a given seed. Bulk inserts (Core ``executemany`` in one transaction), so
``smsdesk-cli demo --contacts 1000000`` is usable for benchmarks.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from smsdesk.core.clock import utc_now
from smsdesk.core.consent.evidence_chain import ConsentEntry, append
from smsdesk.core.contacts.numbers import NumberRejected, parse
from smsdesk.core.contacts.tiers import recompute_tiers
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import (
    Contact,
    OptOut,
    Signature,
    SignatureApproval,
    Tag,
    Template,
    TemplateApproval,
    contact_tags,
)
from smsdesk.core.demo import vocabulary as words
from smsdesk.core.demo.history import add_campaign_history
from smsdesk.core.progress import Progress
from smsdesk.core.providers.accounts import ensure_sandbox

DEMO_CONTACTS = 2000
BATCH = 20_000


@dataclass(frozen=True)
class DemoSummary:
    contacts: int
    consent_records: int
    opt_outs: int
    templates: int
    signatures: int


def ensure_demo_data(db: Database, *, contacts: int = DEMO_CONTACTS, seed: int = 7) -> bool:
    """Fill ``db`` with demo data unless it already has contacts; True if it filled it."""
    with db.session() as session:
        if session.scalar(select(func.count()).select_from(Contact)):
            return False
    generate(db, contacts=contacts, seed=seed, with_history=True)
    return True


def generate(
    db: Database,
    *,
    contacts: int,
    seed: int = 7,
    progress: Progress | None = None,
    now: datetime | None = None,
    with_history: bool = False,
) -> DemoSummary:
    """``with_history`` adds a finished campaign from three days ago with its replies."""
    rng = random.Random(seed)
    now = now or utc_now()
    numbers = _unique_numbers(rng, contacts, db)
    with db.session() as session:
        tag_ids = _ensure_tags(session)
        signatures, templates = _content(session)
        consent_count = 0
        opt_out_count = 0
        for start in range(0, contacts, BATCH):
            chunk = numbers[start : start + BATCH]
            rows = [_contact_row(rng, info, now) for info in chunk]
            entries, opt_outs = _consent_for(rng, rows, now)
            session.execute(insert(Contact), rows)
            ids = dict(
                session.execute(
                    select(Contact.e164, Contact.id).where(
                        Contact.e164.in_([row["e164"] for row in rows])
                    )
                ).all()
            )
            links = [
                {"contact_id": ids[row["e164"]], "tag_id": tag_id}
                for row in rows
                for tag_id in rng.sample(tag_ids, k=rng.choice((0, 1, 1, 2, 2, 3)))
            ]
            if links:
                session.execute(insert(contact_tags), links)
            consent_count += len(append(session, entries))
            if opt_outs:
                session.execute(insert(OptOut), opt_outs)
            opt_out_count += len(opt_outs)
            if progress is not None:
                progress.update(start + len(chunk), contacts)
                progress.check()
        recompute_tiers(session, now=now)
        _approve_for_sandbox(session)
        if with_history:
            add_campaign_history(session, rng, now)
    return DemoSummary(contacts, consent_count, opt_out_count, templates, signatures)


def _unique_numbers(rng: random.Random, count: int, db: Database) -> list[Any]:
    with db.session() as session:
        existing = set(session.scalars(select(Contact.e164)))
    seen: set[str] = set()
    result = []
    for info in _numbers(rng):
        if info.e164 in seen or info.e164 in existing:
            continue
        seen.add(info.e164)
        result.append(info)
        if len(result) == count:
            break
    return result


def _numbers(rng: random.Random) -> Iterator[Any]:
    carriers = list(words.PREFIXES)
    while True:
        prefix = rng.choice(words.PREFIXES[rng.choice(carriers)])
        raw = prefix + f"{rng.randrange(10**8):08d}"
        try:
            info = parse(raw)
        except NumberRejected:
            continue
        if info.province and info.carrier.value in words.PREFIXES:  # not 1349 satellite
            yield info


def _name(rng: random.Random) -> str:
    given = "".join(rng.choice(words.GIVEN_CHARS) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(words.SURNAMES) + given


def _contact_row(rng: random.Random, info: Any, now: datetime) -> dict[str, Any]:
    purchases = rng.choice((0, 0, 1, 1, 2, 3, 4, 6, 9, 14))
    first = last = None
    total = 0
    if purchases:
        # Recent activity is common, long silences rarer: a book with every tier in it.
        last = now - timedelta(days=min(700, int(rng.expovariate(1 / 70))), hours=rng.randrange(24))
        first = last - timedelta(days=rng.randrange(0, 400) if purchases > 1 else 0)
        total = sum(rng.randrange(1500, 40000) for _ in range(purchases))
    birthday = None
    if rng.random() < 0.6:
        birthday = date(rng.randrange(1960, 2006), rng.randrange(1, 13), rng.randrange(1, 29))
    created = now - timedelta(days=1 + min(900, int(rng.expovariate(1 / 240))))
    if first is not None:
        created = min(created, first)
    return {
        "e164": info.e164,
        "name": _name(rng) if rng.random() < 0.93 else "",
        "region": info.region,
        "carrier": info.carrier.value,
        "province": info.province,
        "city": info.city,
        "timezone": info.timezone,
        "tier": "new",  # recomputed by the contacts tier rule once the book is filled
        "consent_scope": "none",
        "opted_out": False,
        "birthday": birthday,
        "birthday_md": birthday.strftime("%m-%d") if birthday else None,
        "first_purchase_at": first,
        "last_purchase_at": last,
        "purchase_count": purchases,
        "purchase_total_cents": total,
        "fields": {"门店": rng.choice(words.STORES), "会员等级": rng.choice(words.MEMBER_LEVELS)},
        "source": "demo",
        "created_at": created,
        "updated_at": created,
    }


def _consent_for(
    rng: random.Random, rows: list[dict[str, Any]], now: datetime
) -> tuple[list[ConsentEntry], list[dict[str, Any]]]:
    entries: list[ConsentEntry] = []
    opt_outs: list[dict[str, Any]] = []
    methods = list(words.CONSENT_SOURCES)
    for row in rows:
        roll = rng.random()
        if roll < 0.18:
            continue  # no consent recorded: may only receive nothing (or service later)
        scope = "service" if roll < 0.33 else "marketing"
        method = rng.choice(methods)
        at = row["created_at"] + timedelta(minutes=rng.randrange(1, 600))
        entries.append(
            ConsentEntry(
                e164=row["e164"],
                action="grant",
                scope=scope,
                method=method,
                consented_at=at,
                source=rng.choice(("门店", "小程序", "官网", "短信", "会员系统")),
                evidence_text=words.CONSENT_SOURCES[method],
                recorded_by="demo",
                recorded_at=at,
            )
        )
        row["consent_scope"] = scope
        if rng.random() < 0.035:
            out_at = at + timedelta(days=rng.randrange(1, 200))
            out_at = min(out_at, now - timedelta(hours=1))
            reason = rng.choice(words.OPT_OUT_REASONS)
            entries.append(
                ConsentEntry(
                    e164=row["e164"],
                    action="withdraw",
                    scope=scope,
                    method="sms_reply",
                    consented_at=out_at,
                    source="短信回复",
                    evidence_text=reason,
                    recorded_by="demo",
                    recorded_at=out_at,
                )
            )
            opt_outs.append(
                {
                    "e164": row["e164"],
                    "reason": reason,
                    "source": "客服登记" if reason == "客服登记拒收" else "短信回复",
                    "created_at": out_at,
                }
            )
            row["consent_scope"] = "none"
            row["opted_out"] = True
    return entries, opt_outs


def _ensure_tags(session: Session) -> list[int]:
    existing = dict(session.execute(select(Tag.name, Tag.id)).all())
    missing = [name for name in words.TAGS if name not in existing]
    if missing:
        session.execute(insert(Tag), [{"name": name, "created_at": utc_now()} for name in missing])
        existing = dict(session.execute(select(Tag.name, Tag.id)).all())
    return [existing[name] for name in words.TAGS]


def _content(session: Session) -> tuple[int, int]:
    if session.scalar(select(func.count()).select_from(Template)):
        return 0, 0
    signature_ids = []
    for name, company in words.SIGNATURES:
        signature = Signature(name=name, company=company, created_at=utc_now())
        session.add(signature)
        session.flush()
        signature_ids.append(signature.id)
    for name, kind, signature_index, body in words.TEMPLATES:
        session.add(
            Template(
                name=name,
                kind=kind,
                signature_id=signature_ids[signature_index],
                body=body,
                created_at=utc_now(),
                updated_at=utc_now(),
            )
        )
    return len(words.SIGNATURES), len(words.TEMPLATES)


def _approve_for_sandbox(session: Session) -> None:
    """Demo templates and signatures count as approved by the Sandbox, so a new user can try
    a send at once (it sends nothing)."""
    account = ensure_sandbox(session)
    session.flush()
    for signature in session.scalars(select(Signature)):
        if not any(a.provider_account_id == account.id for a in signature.approvals):
            signature.approvals.append(
                SignatureApproval(provider_account_id=account.id, status="approved")
            )
    for template in session.scalars(select(Template)):
        if not any(a.provider_account_id == account.id for a in template.approvals):
            template.approvals.append(
                TemplateApproval(
                    provider_account_id=account.id,
                    provider_code=f"SANDBOX_{template.id:04d}",
                    status="approved",
                    approved_text=template.body,
                )
            )

"""Queueing a run: the eligible audience becomes ``queued`` rows in ``messages``, in bulk.

One pass classifies the audience into a temporary table (numbering the rows of each release
group), the release planner decides each group's windows, and one ``INSERT … SELECT`` writes
every message: its body rendered in SQL from the template's pieces and the contact's values,
its variables as JSON, parts, cost, and ``not_before`` per recipient time zone. Redemption
codes come from Python's cryptographic random source through another temporary table.
Nothing is sent here; the dispatcher re-checks every message right before submitting it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    bindparam,
    case,
    cast,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from smsdesk.core.campaigns import codes as code_gen
from smsdesk.core.campaigns import eligibility
from smsdesk.core.campaigns.content import CODE_VARIABLE, CONTACT_VARIABLES, VariantContent
from smsdesk.core.campaigns.eligibility import Phase, Reason, Trigger
from smsdesk.core.campaigns.plan import CampaignPlan
from smsdesk.core.campaigns.preflight import (
    Audit,
    PreflightReport,
    bulk_reads,
    plan_groups,
    report_of,
    start_audit,
)
from smsdesk.core.clock import ensure_utc
from smsdesk.core.compliance.findings import Encoding
from smsdesk.core.compliance.length import limits
from smsdesk.core.compliance.variables import PLACEHOLDER
from smsdesk.core.db.models import Contact, Message, UTCDateTime
from smsdesk.core.enums import MessageState
from smsdesk.core.errors import ComplianceError
from smsdesk.core.progress import Progress

CODE_RETRIES = 5
# Page cache while queueing: the big insert dirties pages of every index of ``messages``; with
# 256 MB they spilled mid-insert (24 s for 686,000 rows on 5 million), with 1 GB 11-15 s.
QUEUE_CACHE_MB = 1024


@dataclass(frozen=True)
class QueueResult:
    queued: int
    report: PreflightReport


BIG_ID = 2**31 - 1  # above any contact id; fits the INTEGER column on PostgreSQL


def _tables() -> tuple[Table, Table]:
    meta = MetaData()
    rows = Table(
        "campaign_queue_rows",
        meta,
        Column("contact_id", Integer, primary_key=True),
        Column("tz", String),
        Column("tier", String),
        Column("variant", Integer),
        Column("reason", Integer),
        Column("name_len", Integer),
        Column("capped_since", String),
        Column("grp", String),
        Column("not_before", UTCDateTime),
        Index("campaign_queue_rows_grp", "grp", "contact_id"),
        prefixes=["TEMPORARY"],
    )
    codes = Table(
        "campaign_queue_codes",
        meta,
        Column("contact_id", Integer, primary_key=True),
        Column("code", String),
        prefixes=["TEMPORARY"],
    )
    return rows, codes


def _value(
    name: str, content: VariantContent, plan: CampaignPlan, codes: Table, dialect: str
) -> ColumnElement[str]:
    if name in CONTACT_VARIABLES:
        return Contact.name
    if name == CODE_VARIABLE:
        return codes.c.code
    if name in plan.variables:
        return literal(plan.variables[name])
    return func.coalesce(eligibility.field_text(name, dialect), "")


def _pieces(
    content: VariantContent, plan: CampaignPlan, codes: Table, dialect: str
) -> list[str | ColumnElement[str]]:
    """The template split into literal text and the recipient's values."""
    pieces: list[str | ColumnElement[str]] = []
    position = 0
    for match in PLACEHOLDER.finditer(content.text):
        if match.start() > position:
            pieces.append(content.text[position : match.start()])
        pieces.append(cast(_value(match.group(1), content, plan, codes, dialect), String))
        position = match.end()
    if position < len(content.text):
        pieces.append(content.text[position:])
    return pieces


def _body(
    content: VariantContent, plan: CampaignPlan, codes: Table, dialect: str
) -> ColumnElement[str]:
    """The template's literal pieces and the recipient's values, concatenated in SQL."""
    pieces = [
        literal(p) if isinstance(p, str) else p for p in _pieces(content, plan, codes, dialect)
    ]
    if not pieces:
        return literal("")
    body = pieces[0]
    for piece in pieces[1:]:
        body = body + piece
    return body


def _variables(
    content: VariantContent, plan: CampaignPlan, codes: Table, dialect: str
) -> ColumnElement[Any]:
    args: list[Any] = []
    for name in content.variables:
        args.extend([literal(name), cast(_value(name, content, plan, codes, dialect), String)])
    builder = func.json_build_object if dialect == "postgresql" else func.json_object
    return builder(*args)


def _parts(
    content: VariantContent, plan: CampaignPlan, codes: Table, dialect: str
) -> ColumnElement[int]:
    """Billed parts from the length of the pieces (the body is not built twice for this)."""
    pieces = _pieces(content, plan, codes, dialect)
    fixed = sum(len(p) for p in pieces if isinstance(p, str))
    values = [p for p in pieces if not isinstance(p, str)]
    length: ColumnElement[int] = literal(fixed)
    for value in values:
        length = length + func.length(value)

    def formula(encoding: Encoding) -> ColumnElement[int]:
        single, multi = limits(encoding)
        return case((length <= single, 1), else_=(length + (multi - 1)) // multi)

    if content.ucs2 or not values:
        return formula(Encoding.UCS2 if content.ucs2 else Encoding.GSM7)
    pattern = ("~", "[^ -~]") if dialect == "postgresql" else ("GLOB", "*[^ -~]*")
    non_ascii = or_(*[v.op(pattern[0], is_comparison=True)(pattern[1]) for v in values])
    return case((non_ascii, formula(Encoding.UCS2)), else_=formula(Encoding.GSM7))


def _by_variant(rows: Table, contents: list[VariantContent], build: Any) -> ColumnElement[Any]:
    if len(contents) == 1:
        return build(contents[0])
    return case(
        *[(rows.c.variant == c.index, build(c)) for c in contents], else_=build(contents[0])
    )


def queue_run(
    session: Session,
    plan: CampaignPlan,
    *,
    campaign_id: int,
    run_id: int,
    at: datetime,
    horizon: datetime | None,
    now: datetime,
    trigger: Trigger | None = None,
    phase: Phase | None = None,
    progress: Progress | None = None,
) -> QueueResult:
    """Queue the run's messages; returns how many, with the run's report. The caller commits.

    Raises ``ComplianceError`` if something forbids the campaign (nothing is queued then).
    """
    phase = phase or Phase()
    audit, caps = start_audit(session, plan, at=ensure_utc(at), horizon=horizon)
    if audit.blockers:
        raise ComplianceError(
            "The campaign cannot be sent: " + ", ".join(sorted({b.code for b in audit.blockers})),
            blockers=[b.code for b in audit.blockers],
        )
    dialect = session.get_bind().dialect.name
    connection = session.connection()
    rows, codes = _tables()
    for table in (rows, codes):
        table.drop(connection, checkfirst=True)
        table.create(connection)
    try:
        if progress is not None:
            progress.update(0, 3, "audience", force=True)
            progress.check()
        with bulk_reads(session, cache_mb=QUEUE_CACHE_MB):
            queued = _fill_and_insert(
                session,
                plan,
                audit,
                caps,
                rows,
                codes,
                campaign_id=campaign_id,
                run_id=run_id,
                now=now,
                trigger=trigger,
                phase=phase,
                dialect=dialect,
                progress=progress,
            )
    finally:
        for table in (rows, codes):
            table.drop(connection, checkfirst=True)
    return QueueResult(queued, report_of(audit, plan, run_key=str(run_id)))


def _fill_and_insert(
    session: Session,
    plan: CampaignPlan,
    audit: Audit,
    caps: Any,
    rows: Table,
    codes: Table,
    *,
    campaign_id: int,
    run_id: int,
    now: datetime,
    trigger: Trigger | None,
    phase: Phase,
    dialect: str,
    progress: Progress | None,
) -> int:
    contents = audit.contents
    cte = eligibility.classification(
        session,
        plan,
        contents,
        at=audit.at,
        caps=caps,
        kind=audit.kind,
        trigger=trigger,
        phase=phase,
    )
    empty = literal("", String())
    cap = Reason.FREQUENCY_CAP.value
    # Capped contacts: the hour that keeps them capped, looked up once each (a second
    # materialised step), names their release group; everyone else is staged straight away.
    capped = (
        select(
            cte.c.contact_id,
            cte.c.tz,
            cte.c.tier,
            cte.c.variant,
            cte.c.name_len,
            eligibility.capped_hour(cte.c.contact_id, cte.c.tier, caps, audit.at, dialect).label(
                "since"
            ),
        )
        .where(cte.c.reason == cap)
        .cte("campaign_capped")
        .prefix_with("MATERIALIZED")
    )
    others = select(
        cte.c.contact_id,
        cte.c.tz,
        cte.c.tier,
        cte.c.variant,
        cte.c.reason,
        cte.c.name_len,
        literal(None, String()),
        eligibility.group_key(cte.c.reason, cte.c.variant, cte.c.tz, empty, empty),
    ).where(cte.c.reason != cap)
    held = select(
        capped.c.contact_id,
        capped.c.tz,
        capped.c.tier,
        capped.c.variant,
        literal(cap),
        capped.c.name_len,
        capped.c.since,
        eligibility.group_key(
            literal(cap), capped.c.variant, capped.c.tz, capped.c.tier, capped.c.since
        ),
    )
    columns = [
        "contact_id",
        "tz",
        "tier",
        "variant",
        "reason",
        "name_len",
        "capped_since",
        "grp",
    ]
    session.execute(insert(rows).from_select(columns, others.union_all(held)))
    if progress is not None:
        progress.update(1, 3, "plan", force=True)
        progress.check()
    tier = case((rows.c.reason == cap, rows.c.tier), else_="")
    summary = select(
        rows.c.grp.label("key"),
        rows.c.tz,
        rows.c.variant,
        rows.c.reason,
        tier.label("tier"),
        rows.c.capped_since,
        func.count().label("n"),
        func.max(rows.c.name_len).label("name_len"),
    ).group_by(rows.c.grp, rows.c.tz, rows.c.variant, rows.c.reason, tier, rows.c.capped_since)
    plan_groups(audit, plan, caps, session.execute(summary).all())
    allocations = _ranges(session, rows, audit)
    if not allocations:
        return 0
    # Each allocation stamps its release time on its rows (an index range each); the insert
    # then walks the rows in contact order, so the big indexes of ``messages`` are written
    # front to back instead of at random.
    connection = session.connection()
    stamp = (
        update(rows)
        .where(_in_allocation(rows))
        .values(not_before=bindparam("b_not_before", type_=UTCDateTime()))
    )
    for allocation in allocations:
        connection.execute(stamp, allocation)
    uses_code = any(c.uses_code for c in contents)
    expected = audit.release.planned
    queued = 0
    statement = _message_insert(
        plan, audit, rows, codes, campaign_id=campaign_id, run_id=run_id, now=now, dialect=dialect
    )
    for attempt in range(CODE_RETRIES + 1):
        if uses_code:
            _fill_codes(
                session, rows, codes, campaign_id=campaign_id, run_id=run_id, fresh=attempt > 0
            )
        queued += int(connection.execute(statement).rowcount or 0)
        if queued >= expected or not uses_code:
            break
    if progress is not None:
        progress.update(3, 3, "done", force=True)
    return queued


def _ref_prefix(campaign_id: int, run_id: int) -> str:
    return f"c{campaign_id}r{run_id}n"


def _ranges(session: Session, rows: Table, audit: Audit) -> list[dict[str, Any]]:
    """Each allocation as a range of contact ids inside its group (in id order): the first
    ``count`` contacts of the group go in the first window, the next in the next, and so on."""
    by_group: dict[str, list[Any]] = {}
    for allocation in audit.release.allocations:
        by_group.setdefault(allocation.key, []).append(allocation)
    result: list[dict[str, Any]] = []
    for key, allocations in by_group.items():
        planned = sum(a.count for a in allocations)
        total = next((g.count for g in audit.groups if g.key == key), planned)
        offsets = [0]
        for allocation in allocations:
            offsets.append(offsets[-1] + allocation.count)
        bounds = [0]
        for offset in offsets[1:-1]:
            bounds.append(_id_at(session, rows, key, offset))
        bounds.append(_id_at(session, rows, key, planned) if planned < total else BIG_ID)
        for index, allocation in enumerate(allocations):
            result.append(
                {
                    "b_grp": key,
                    "b_lo": bounds[index],
                    "b_hi": bounds[index + 1] - 1,
                    "b_not_before": allocation.not_before,
                }
            )
    return result


def _id_at(session: Session, rows: Table, key: str, offset: int) -> int:
    """The contact id at ``offset`` in the group's id order (the index makes this a seek)."""
    found = session.scalar(
        select(rows.c.contact_id)
        .where(rows.c.grp == key)
        .order_by(rows.c.contact_id)
        .limit(1)
        .offset(offset)
    )
    return int(found) if found is not None else BIG_ID


def _in_allocation(rows: Table) -> Any:
    """The rows of one allocation: its group, a contact-id range (an index range scan)."""
    return and_(
        rows.c.grp == bindparam("b_grp"),
        rows.c.contact_id >= bindparam("b_lo"),
        rows.c.contact_id <= bindparam("b_hi"),
    )


def _fill_codes(
    session: Session,
    rows: Table,
    codes: Table,
    *,
    campaign_id: int,
    run_id: int,
    fresh: bool,
) -> None:
    """One new code per planned recipient (after a collision: for those still missing)."""
    query = select(rows.c.contact_id).where(rows.c.not_before.is_not(None))
    if fresh:
        prefix = _ref_prefix(campaign_id, run_id)
        query = query.where(
            ~select(Message.id)
            .where(Message.our_ref == literal(prefix) + cast(rows.c.contact_id, String))
            .exists()
        )
        session.execute(codes.delete())
    connection = session.connection()
    ids = list(connection.scalars(query))
    if not ids:  # nothing to add (an empty executemany is an error on PostgreSQL)
        return
    new = code_gen.generate(len(ids))
    # Straight to the driver as tuples: building a parameter dict per row through the
    # statement compiler cost more than the insert itself (4-5 s for 700,000 codes).
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    connection.exec_driver_sql(
        f"INSERT INTO {codes.name} (contact_id, code) VALUES ({mark}, {mark})",
        list(zip(ids, new, strict=True)),
    )


def _message_insert(
    plan: CampaignPlan,
    audit: Audit,
    rows: Table,
    codes: Table,
    *,
    campaign_id: int,
    run_id: int,
    now: datetime,
    dialect: str,
) -> Any:
    """``INSERT … SELECT`` of every planned message, in contact order."""
    contents = audit.contents
    uses_code = any(c.uses_code for c in contents)
    body = _by_variant(rows, contents, lambda c: _body(c, plan, codes, dialect))
    variables = _by_variant(rows, contents, lambda c: _variables(c, plan, codes, dialect))
    parts = _by_variant(rows, contents, lambda c: _parts(c, plan, codes, dialect))
    template_id = _by_variant(rows, contents, lambda c: literal(c.template_id))
    variant_id = _by_variant(rows, contents, lambda c: literal(c.variant_id, Integer))
    our_ref = literal(_ref_prefix(campaign_id, run_id)) + cast(rows.c.contact_id, String)
    query = (
        select(
            our_ref,
            literal(campaign_id),
            variant_id,
            literal(run_id),
            rows.c.contact_id,
            Contact.e164,
            template_id,
            literal(audit.account_id, Integer),
            literal(audit.kind),
            body,
            variables,
            parts,
            parts * literal(audit.price),
            codes.c.code if uses_code else literal(None, String),
            literal(MessageState.QUEUED.value),
            literal(0),
            literal(""),
            literal(""),
            literal(""),
            rows.c.not_before,
            literal(audit.horizon, UTCDateTime()),
            literal(now, UTCDateTime()),
        )
        .select_from(rows)
        .join(Contact, Contact.id == rows.c.contact_id)
        .where(rows.c.not_before.is_not(None))
        .order_by(rows.c.contact_id)
    )
    if uses_code:
        query = query.join(codes, codes.c.contact_id == rows.c.contact_id)
    columns = [
        "our_ref",
        "campaign_id",
        "variant_id",
        "run_id",
        "contact_id",
        "e164",
        "template_id",
        "provider_account_id",
        "kind",
        "body",
        "variables",
        "parts",
        "cost",
        "code",
        "state",
        "attempts",
        "error_code",
        "error_message",
        "skip_reason",
        "not_before",
        "expires_at",
        "created_at",
    ]
    statement = insert(Message).from_select(columns, query)
    if uses_code:
        # A code that happens to exist already (one in ~10^6 chances per million codes) drops
        # its row here; the caller queues the missing ones again with fresh codes.
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            statement = pg_insert(Message).from_select(columns, query).on_conflict_do_nothing()
        else:
            statement = statement.prefix_with("OR IGNORE")
    return statement

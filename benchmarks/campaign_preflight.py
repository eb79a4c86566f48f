"""Campaign pre-flight and queueing on a big contact book, on SQLite.

    python benchmarks/campaign_preflight.py [--contacts N] [--messages M] [--db PATH] [--keep]

Builds (or reuses, with ``--db`` and ``--keep``) a book of 1,000,000 contacts with 5,000,000
past marketing messages spread over the last 180 days, then:

1. pre-flight for a campaign to the "会员" tag (90 % of the book) with a template that uses
   ``{name}`` and ``{code}``: the whole classification (consent, opt-out, suspect, mobile
   shape, carrier rules, frequency cap per tier against the message log) and the release plan.
   Run three times; target (issue 7): under 3 s.
2. ``EXPLAIN QUERY PLAN`` of that statement: the cap is a range of ``ix_messages_contact_counted``
   per contact and the tag filter uses ``ix_contact_tags_tag_id``.
3. queueing the eligible messages (rendered bodies, JSON variables, parts, cost, a fresh
   redemption code each, ``not_before`` per zone): target at least 100,000 messages a second.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, func, select, text  # noqa: E402

from smsdesk.core.campaigns import preflight  # noqa: E402
from smsdesk.core.campaigns.audience import Audience  # noqa: E402
from smsdesk.core.campaigns.plan import CampaignPlan, VariantPlan  # noqa: E402
from smsdesk.core.campaigns.queueing import queue_run  # noqa: E402
from smsdesk.core.db.engine import Database, open_database, sqlite_url  # noqa: E402
from smsdesk.core.db.models import Campaign, CampaignRun, Message  # noqa: E402
from tests.helpers.campaign_data import setup_shop  # noqa: E402

NOW = datetime(2026, 5, 20, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai
STAMP = "2026-05-20 01:30:00.000000"


def build(db: Database, contacts: int, messages: int) -> None:
    """Bulk SQL: contacts with a realistic mix, the tag, and the message log in contact order
    (so every index is appended to, not scattered)."""
    per_contact = max(1, messages // contacts)
    with db.session() as session:
        shop = setup_shop(session)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA cache_size=-262144")
        conn.exec_driver_sql(
            f"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {contacts})
            INSERT INTO contacts (id, e164, name, region, carrier, province, city, timezone, tier,
                consent_scope, opted_out, suspect, consecutive_failures, purchase_count,
                purchase_total_cents, fields, notes, source, created_at, updated_at)
            SELECT i, '+86' || (13000000000 + i * 7),
                substr('王李张刘陈杨黄赵吴周', 1 + i % 10, 1) || substr('伟芳娜秀英敏静丽强磊', 1 + (i / 10) % 10, 1)
                    || CASE WHEN i % 3 = 0 THEN '' ELSE substr('明华红玉萍', 1 + i % 5, 1) END,
                CASE WHEN i % 50 = 0 THEN 'US' ELSE 'CN' END,
                CASE WHEN i % 50 = 0 THEN 'intl' ELSE
                    CASE i % 3 WHEN 0 THEN 'mobile' WHEN 1 THEN 'unicom' ELSE 'telecom' END END,
                '广东', '深圳',
                CASE WHEN i % 50 = 0 THEN 'America/New_York' ELSE 'Asia/Shanghai' END,
                CASE i % 4 WHEN 0 THEN 'new' WHEN 1 THEN 'active' WHEN 2 THEN 'dormant' ELSE 'loyal' END,
                CASE WHEN i % 10 = 0 THEN 'service' WHEN i % 23 = 0 THEN 'none' ELSE 'marketing' END,
                i % 53 = 0, i % 199 = 0, 0, 0, 0, '{{}}', '', 'benchmark', '{STAMP}', '{STAMP}'
            FROM n"""
        )
        conn.exec_driver_sql(
            "UPDATE contacts SET e164 = '+1212' || (5550000 + id / 50) WHERE region = 'US'"
        )
        conn.exec_driver_sql(
            f"INSERT INTO tags (name, color, created_at) VALUES ('会员', '', '{STAMP}')"
        )
        conn.exec_driver_sql(
            "INSERT INTO contact_tags (contact_id, tag_id) SELECT id, "
            "(SELECT id FROM tags WHERE name = '会员') FROM contacts WHERE id % 10 != 0"
        )
        # Messages: per contact, one every 180/per_contact days, the newest 0-35 days ago.
        spacing = 180 / per_contact
        conn.exec_driver_sql(
            f"""
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {contacts * per_contact - 1})
            INSERT INTO messages (our_ref, contact_id, e164, template_id, provider_account_id, kind,
                body, variables, parts, cost, state, attempts, error_code, error_message,
                skip_reason, created_at, submitting_at, submitted_at)
            SELECT printf('bench%010d', i), c, '+86' || (13000000000 + c * 7), {shop.template_id},
                {shop.account_id}, 'marketing', '【鲜果坊】以前的活动', '{{}}', 1, 0.05,
                CASE WHEN i % 41 = 0 THEN 'failed' ELSE 'delivered' END, 1, '', '', '', t, t, t
            FROM (SELECT i, i / {per_contact} + 1 AS c,
                    strftime('%Y-%m-%d %H:%M:%f000', '{STAMP[:19]}',
                        '-' || ((i % {per_contact}) * {spacing} + ((i / {per_contact}) * 7919 % 36)) || ' days',
                        '-' || (i % 600) || ' minutes') AS t
                  FROM n)"""
        )
        conn.exec_driver_sql("ANALYZE")


def plan_for(db: Database) -> CampaignPlan:
    with db.session() as session:
        from smsdesk.core.db.models import ProviderAccount, Template

        template = session.scalar(select(Template.id).where(Template.name == "周末八折"))
        account = session.scalar(select(ProviderAccount.id))
        account_row = session.get(ProviderAccount, account)
        assert account_row is not None
        account_row.rate_per_second = 50.0
    assert template is not None
    return CampaignPlan(
        name="bench",
        variants=(VariantPlan(template),),
        audience=Audience(tags=("会员",)),
        provider_account_id=account,
        starts_at=NOW,
        ends_at=NOW + timedelta(days=7),
        seed=1,
    )


def explain(db: Database, plan: CampaignPlan) -> list[str]:
    """The plan of the pre-flight's audience statement, captured as the driver ran it."""
    captured: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if "campaign_audience" in statement:
            captured.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        with db.session() as session:
            preflight.preflight(session, plan, now=NOW)
            session.rollback()
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    statement, parameters = captured[0]
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()  # type: ignore[arg-type]
    return [str(row[-1]) for row in rows]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--messages", type=int, default=5_000_000)
    parser.add_argument("--db", type=Path, help="reuse or create this database file")
    parser.add_argument("--keep", action="store_true", help="keep the database file")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="smsdesk-bench-")
    path = args.db or Path(folder) / "campaigns.sqlite3"
    fresh = not path.exists()
    db = open_database(sqlite_url(path))
    if fresh:
        started = time.perf_counter()
        build(db, args.contacts, args.messages)
        print(
            f"built {args.contacts:,} contacts, {args.messages:,} messages in "
            f"{time.perf_counter() - started:.0f} s"
        )
    with db.session() as session:
        counts = (
            session.scalar(text("SELECT count(*) FROM contacts")),
            session.scalar(select(func.count()).select_from(Message)),
        )
    print(f"book: {counts[0]:,} contacts, {counts[1]:,} messages in the log")
    plan = plan_for(db)

    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    timings = []
    for attempt in range(3):
        with db.session() as session:
            started, cpu = time.perf_counter(), time.process_time()
            report = preflight.preflight(session, plan, now=NOW)
            timings.append(time.perf_counter() - started)
            cpu = time.process_time() - cpu
            session.rollback()
        print(f"pre-flight #{attempt + 1}: {timings[-1]:.2f} s (CPU {cpu:.2f} s over all threads)")
    print(
        f"  audience {report.audience:,}, eligible {report.eligible:,}, deferred "
        f"{report.deferred:,}, excluded {report.excluded}"
    )
    print(f"  parts {report.parts}, cost {report.cost:,.2f}, last send {report.last_send_estimate}")
    print(f"  window slots: {[(s.tz, s.day.isoformat(), s.count) for s in report.slots]}")
    verdict = "OK" if min(timings) < 3.0 else "SLOW"
    print(
        f"pre-flight best {min(timings):.2f} s, first {timings[0]:.2f} s (target < 3 s): {verdict}"
    )

    print("query plan (EXPLAIN QUERY PLAN):")
    lines = explain(db, plan)
    for line in lines:
        print(f"  {line}")
    uses_index = any("INDEX ix_messages_contact_counted" in line for line in lines)
    print(f"frequency cap read from ix_messages_contact_counted: {'yes' if uses_index else 'NO'}")

    insert_seconds: list[float] = []

    def before(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        conn.info["bench_started"] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if "INTO messages" in statement:
            insert_seconds.append(time.perf_counter() - conn.info["bench_started"])

    event.listen(db.engine, "before_cursor_execute", before)
    event.listen(db.engine, "after_cursor_execute", after)
    with db.session() as session:
        campaign = Campaign(name="bench queue", state="running", seed=1)
        session.add(campaign)
        session.flush()
        run = CampaignRun(campaign_id=campaign.id, run_key="once", status="done")
        session.add(run)
        session.flush()
        started, cpu = time.perf_counter(), time.process_time()
        result = queue_run(
            session,
            plan,
            campaign_id=campaign.id,
            run_id=run.id,
            at=NOW,
            horizon=plan.ends_at,
            now=NOW,
        )
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu
        committing = time.perf_counter()
        session.commit()
        commit_seconds = time.perf_counter() - committing
    event.remove(db.engine, "before_cursor_execute", before)
    event.remove(db.engine, "after_cursor_execute", after)
    rate = result.queued / elapsed if elapsed else 0.0
    inserting = sum(insert_seconds)
    print(
        f"  of which the INSERT … SELECT into messages: {inserting:.2f} s "
        f"({result.queued / inserting if inserting else 0:,.0f} per second); the rest is the "
        "audience classification and release plan (as in the pre-flight) and the codes"
    )
    print(
        f"queued {result.queued:,} messages in {elapsed:.2f} s (CPU {cpu:.2f} s): "
        f"{rate:,.0f} per second "
        f"(target >= 100,000): {'OK' if rate >= 100_000 else 'SLOW'}"
    )
    print(
        f"  then the commit: {commit_seconds:.2f} s "
        f"({result.queued / (elapsed + commit_seconds):,.0f} per second including it)"
    )
    db.close()
    if not args.keep and not args.db:
        for file in Path(folder).glob("*"):
            file.unlink()
        Path(folder).rmdir()
    return 0 if min(timings) < 3.0 and uses_index and rate >= 100_000 else 1


if __name__ == "__main__":
    sys.exit(main())

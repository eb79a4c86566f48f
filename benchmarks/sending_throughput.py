"""Sender throughput against local fake vendors that answer at once, every state persisted.

    python benchmarks/sending_throughput.py [--messages N] [--only batched|single]

- batched: the Tencent Cloud adapter (TC3-signed requests, up to 200 numbers per SendSms)
  against the fake Tencent server; every message is marked ``submitting`` (committed) before
  its call and ``submitted`` with its SerialNo after.
- single: the generic HTTP adapter against the fake reseller, one message per request, each
  with its own two commits.

The clock runs from the engine's start until no message is queued or submitting (checks,
lease renewals, rate limiter and receipt pulls included). Target (issue 6): at least 500
messages per second batched and 150 per second one per request.
"""

from __future__ import annotations

import argparse
import multiprocessing
import socket
import sys
import tempfile
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select  # noqa: E402

from smsdesk.core.clock import utc_now  # noqa: E402
from smsdesk.core.db.engine import Database, open_database, sqlite_url  # noqa: E402
from smsdesk.core.db.models import (  # noqa: E402
    Contact,
    Message,
    ProviderAccount,
    Signature,
    Template,
    TemplateApproval,
)
from smsdesk.core.providers.registry import create_provider  # noqa: E402
from smsdesk.core.sending.engine import SenderEngine  # noqa: E402
from smsdesk.core.sending.outbox import new_ref  # noqa: E402
from tests.helpers.fake_providers.http_fake import FakeHttpReseller  # noqa: E402
from tests.helpers.fake_providers.server import FakeServer  # noqa: E402
from tests.helpers.fake_providers.tencent_fake import FakeTencent  # noqa: E402

TIME_LIMIT = 300.0
TEXT = "您的订单已发货，请留意查收"  # a service message: no quiet hours, runs at any hour


def prepare(
    db: Database,
    *,
    kind: str,
    url: str,
    provider_settings: dict[str, Any],
    count: int,
    batch: int,
) -> None:
    now = utc_now()
    with db.session() as session:
        account = ProviderAccount(
            name="bench",
            kind=kind,
            endpoint=url,
            rate_per_second=100000.0,
            batch_size=batch,
            settings=provider_settings,
        )
        signature = Signature(name="测试商店")
        session.add_all([account, signature])
        session.flush()
        template = Template(name="shipped", kind="service", signature_id=signature.id, body=TEXT)
        session.add(template)
        session.flush()
        session.add(
            TemplateApproval(
                template_id=template.id,
                provider_account_id=account.id,
                provider_code="1001",
                status="approved",
                approved_text=TEXT,
            )
        )
        session.execute(
            insert(Contact),
            [
                {
                    "e164": f"+86139{i:08d}",
                    "consent_scope": "service",
                    "created_at": now,
                    "updated_at": now,
                    "fields": {},
                }
                for i in range(count)
            ],
        )
        ids = list(session.scalars(select(Contact.id).order_by(Contact.id)))
        session.execute(
            insert(Message),
            [
                {
                    "our_ref": new_ref(),
                    "contact_id": contact_id,
                    "e164": f"+86139{i:08d}",
                    "template_id": template.id,
                    "provider_account_id": account.id,
                    "kind": "service",
                    "body": f"【测试商店】{TEXT}",
                    "variables": {},
                    "state": "queued",
                    "created_at": now,
                }
                for i, contact_id in enumerate(ids)
            ],
        )


def no_delay(fake: FakeServer) -> None:
    """Answers go out in two writes (headers, body); with Nagle on, the second waits for the
    client's delayed ACK (~40 ms per request on Linux). Real vendors do not behave so."""
    fake._httpd.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # type: ignore[union-attr]


def paused(db: Database) -> str:
    with db.session() as session:
        return session.scalar(select(ProviderAccount.paused_reason)) or ""


def outstanding(db: Database) -> int:
    with db.session() as session:
        return (
            session.scalar(select(func.count()).where(Message.state.in_(("queued", "submitting"))))
            or 0
        )


def serve(kind: str, connection: Connection) -> None:
    """The fake vendor in its own process (as a real one would be: no shared interpreter)."""
    fake: FakeServer
    if kind == "tencent":
        fake = FakeTencent(enforce_limits=False)
    else:
        fake = FakeHttpReseller()
        fake.balance = 10**9  # the fake's default balance runs out after 1,000 messages
    fake.record_requests = False
    with fake.running():
        no_delay(fake)
        connection.send((fake.url, fake.config("bench"), fake.provider_settings()))
        connection.recv()  # until the benchmark is done
        connection.send((fake.request_count, len(fake.accepted)))


def measure(name: str, kind: str, *, count: int, batch: int) -> dict[str, Any]:
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.Process(target=serve, args=(kind, child), daemon=True)
    server.start()
    url, config, provider_settings = parent.recv()
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(sqlite_url(Path(folder) / "bench.sqlite3"))
        prepare(
            db, kind=kind, url=url, provider_settings=provider_settings, count=count, batch=batch
        )
        engine = SenderEngine(db, provider_factory=lambda s, a: create_provider(config))
        thread = threading.Thread(target=engine.run)
        started = time.perf_counter()
        thread.start()
        last_report = started
        while (left := outstanding(db)) and time.perf_counter() - started < TIME_LIMIT:
            if paused(db):
                raise SystemExit(f"{name}: the account was paused: {paused(db)}")
            time.sleep(0.02)
            if time.perf_counter() - last_report > 5:
                last_report = time.perf_counter()
                print(f"  {name}: {left} left after {last_report - started:.0f} s", file=sys.stderr)
        elapsed = time.perf_counter() - started
        engine.stop()
        thread.join(30)
        with db.session() as session:
            states = dict(
                session.execute(select(Message.state, func.count()).group_by(Message.state)).all()
            )
        db.close()
    parent.send("done")
    requests, accepted = parent.recv()
    server.join(10)
    return {
        "scenario": name,
        "messages": count,
        "seconds": round(elapsed, 2),
        "per_second": round(count / elapsed),
        "requests": requests,
        "accepted_by_fake": accepted,
        "states": states,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10000)
    parser.add_argument("--only", choices=["batched", "single"])
    args = parser.parse_args()
    results = []
    if args.only in (None, "batched"):
        results.append(
            measure("batched (Tencent, 200 per call)", "tencent", count=args.messages, batch=200)
        )
    if args.only in (None, "single"):
        results.append(
            measure(
                "one per request (generic HTTP)",
                "http",
                count=max(1000, args.messages // 5),
                batch=1,
            )
        )
    for result in results:
        print(
            f"{result['scenario']}: {result['messages']} messages in {result['seconds']} s = "
            f"{result['per_second']} msg/s ({result['requests']} requests; "
            f"fake accepted {result['accepted_by_fake']}; states {result['states']})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

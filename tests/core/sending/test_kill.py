"""SIGKILL `smsdesk-cli run` at random moments against the fake Tencent Cloud server (the real
adapter, TC3-signed, batches alternating with single calls), restart it each time, and check
that no number got its message twice and none was lost: each reached the vendor once and the
outbox knows it, or it never left and is recorded unknown."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import keyring
import pytest
from keyrings.alt.file import PlaintextKeyring
from sqlalchemy import func, select, update

from smsdesk.core import settings
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import Message, ProviderAccount
from smsdesk.core.enums import ApprovalStatus
from smsdesk.core.sending.outbox import OutboxItem, enqueue
from smsdesk.core.templates import approvals
from tests.helpers.fake_providers.tencent_fake import FakeTencent
from tests.helpers.sending_world import build_world

ROOT = Path(__file__).resolve().parents[3]
KILLS = 20
# Enough that no machine drains the outbox before the last kill: the fake vendor answers
# in 6 ms, so a launch sends at most about 1,300 messages a second (batches of 8) or 170
# (single calls), and the kills come within 80 ms of its first accepted message.
MESSAGES = 1000
BATCH = 8
LATENCY = 0.006

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


def spawn(db_path: Path, env: dict[str, str], *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "smsdesk.cli.main", "--db", str(db_path), "run", *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_sigkill_at_random_moments_never_sends_twice(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    rng = random.Random(20)
    fake = FakeTencent(latency=LATENCY)
    fake.record_requests = False
    # The sender processes read the secret from a file keyring in this test's folder.
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring",
        XDG_DATA_HOME=str(tmp_path / "xdg"),
    )
    ring = PlaintextKeyring()
    ring.file_path = str(tmp_path / "xdg" / "python_keyring" / ring.filename)  # type: ignore[misc]
    with fake.running():
        fake._httpd.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # type: ignore[union-attr]
        # Service messages: no quiet hours, so the test runs at any hour of the day.
        world = build_world(db, contacts=0, kind="service", consent="service")
        keyring.set_keyring(ring)
        with db.session() as session:
            session.delete(session.get(ProviderAccount, world.account_id))
            account = fake.create_account(
                session,
                "tencent",
                rate_per_second=2000,
                batch_size=1,
            )
            approvals.set_template_approval(
                session,
                template_id=world.template_id,
                provider_account_id=account.id,
                status=ApprovalStatus.APPROVED,
                provider_code="1001",
            )
            settings.set_value(session, "sending.pull_interval_seconds", 0.3)
            contacts = build_contacts(session, MESSAGES)
            enqueue(
                session,
                [
                    OutboxItem(
                        e164=e164,
                        template_id=world.template_id,
                        variables={"name": "客户"},
                        contact_id=contact_id,
                        provider_account_id=account.id,
                    )
                    for contact_id, e164 in contacts
                ],
            )
            account_id = account.id

        kills = killed_sending = 0
        for launch in range(KILLS):
            # Alternate single submissions and batches between launches.
            with db.session() as session:
                session.execute(
                    update(ProviderAccount)
                    .where(ProviderAccount.id == account_id)
                    .values(batch_size=BATCH if launch % 2 else 1)
                )
            before = len(fake.accepted)
            process = spawn(db_path, env, "--until-idle")
            if launch % 5 == 4:
                # Now and then die during start-up or recovery, before sending anything.
                time.sleep(rng.uniform(0.1, 0.8))
            else:
                deadline = time.monotonic() + 30
                while len(fake.accepted) == before and process.poll() is None:
                    assert time.monotonic() < deadline, "the sender never started sending"
                    time.sleep(0.002)
                time.sleep(rng.uniform(0.0, 0.08))
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                kills += 1
                killed_sending += len(fake.accepted) > before
            process.wait(10)
            assert process.stdout is not None
            assert process.stderr is not None
            process.stdout.close()
            process.stderr.close()
        with db.session() as session:
            left = session.scalar(
                select(func.count()).select_from(Message).where(Message.state == "queued")
            )
        # Every launch had messages to send (else it could end before its kill).
        assert left, "the outbox was drained before the last kill"
        final = spawn(db_path, env, "--until-idle", "--max-seconds", "15")
        _out, err = final.communicate(timeout=60)
        assert final.returncode == 0, err.decode()
        by_number = fake.count_by_number()

    assert kills >= KILLS - 4  # launches died, not finished
    assert killed_sending >= KILLS // 2  # most of them in the middle of sending
    with db.session() as session:
        rows = session.execute(select(Message.e164, Message.state)).all()
        interrupted = session.scalars(
            select(Message.state).where(Message.error_code == "interrupted")
        ).all()
    assert len(rows) == MESSAGES
    assert max(by_number.values()) == 1, "a number got its message twice"
    states: dict[str, int] = {}
    for e164, state in rows:
        states[state] = states.get(state, 0) + 1
        if by_number.get(e164, 0) == 1:
            # It reached the vendor: the outbox knows (directly, or reconciled by lookup).
            assert state in ("submitted", "delivered"), (e164, state)
        else:
            # It never reached the vendor: only a kill between commit and call does that.
            assert state == "unknown", (e164, state)
    # Kills landed between the submitting commit and the outcome; those rows were recovered
    # as unknown and settled by the vendor lookup (or stayed unknown: they never left).
    assert interrupted
    assert states.get("delivered", 0) >= MESSAGES - KILLS * BATCH


def build_contacts(session: object, count: int) -> list[tuple[int, str]]:
    from smsdesk.core.db.models import Contact

    rows = []
    for i in range(count):
        contact = Contact(e164=f"+86139{i:08d}", name="客户", consent_scope="service")
        session.add(contact)  # type: ignore[attr-defined]
        rows.append(contact)
    session.flush()  # type: ignore[attr-defined]
    return [(contact.id, contact.e164) for contact in rows]

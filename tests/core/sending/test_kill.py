"""SIGKILL the sending process at random moments, restart it, and check that no message
reached the gateway twice and none was lost (each one sent once, or recorded unknown)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from smsdesk.core import settings
from smsdesk.core.db.engine import Database
from smsdesk.core.db.models import Message
from tests.helpers.counting_gateway import running_gateway
from tests.helpers.sending_world import build_world, queue_for_all

ROOT = Path(__file__).resolve().parents[3]
KILLS = 20
MESSAGES = 600

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


def spawn(db_path: Path, endpoint: str, *extra: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.sender_process", str(db_path), endpoint, *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_sigkill_at_random_moments_never_sends_twice(db: Database, db_path: Path) -> None:
    rng = random.Random(20)
    batch = 4
    # Service messages: no quiet hours, so the test runs at any hour of the day.
    world = build_world(db, contacts=MESSAGES, kind="service", consent="service", batch_size=batch)
    queue_for_all(db, world)
    with db.session() as session:
        settings.set_value(session, "sending.pull_interval_seconds", 0.3)
    kills = killed_sending = 0
    with running_gateway(delay_seconds=0.004) as (endpoint, gateway):
        for launch in range(KILLS):
            before = gateway.requests
            # Alternate single submissions and batches of ``batch`` between launches.
            size = batch if launch % 2 else 1
            process = spawn(db_path, endpoint, "--batch", str(size), "--until-idle")
            if launch % 5 == 4:
                # Now and then die during start-up or recovery, before sending anything.
                time.sleep(rng.uniform(0.1, 0.6))
            else:
                deadline = time.monotonic() + 20
                while gateway.requests == before and process.poll() is None:
                    assert time.monotonic() < deadline, "the sender never started sending"
                    time.sleep(0.002)
                time.sleep(rng.uniform(0.0, 0.08))
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                kills += 1
                killed_sending += gateway.requests > before
            process.wait(10)
            process.stdout.close()  # type: ignore[union-attr]
            process.stderr.close()  # type: ignore[union-attr]
        final = spawn(
            db_path, endpoint, "--batch", str(batch), "--until-idle", "--max-seconds", "30"
        )
        _out, err = final.communicate(timeout=60)
        assert final.returncode == 0, err.decode()
        counts = dict(gateway.counts)

    assert kills >= KILLS - 4  # launches died, not finished
    assert killed_sending >= KILLS // 2  # most of them in the middle of sending
    with db.session() as session:
        rows = session.execute(select(Message.our_ref, Message.state)).all()
    assert len(rows) == MESSAGES
    assert max(counts.values()) == 1, "a message reached the gateway twice"
    by_state: dict[str, int] = {}
    for our_ref, state in rows:
        by_state[state] = by_state.get(state, 0) + 1
        if counts.get(our_ref, 0) == 1:
            # It reached the gateway: the sender knows it (directly or reconciled).
            assert state in ("submitted", "delivered"), (our_ref, state)
        else:
            # It never reached the gateway: only a kill between commit and call does that.
            assert state == "unknown", (our_ref, state)
    assert by_state.get("delivered", 0) >= MESSAGES - KILLS * batch
